#include "render.h"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "build_info.h"
#include "embedded.h"
#include "refresh/overlay.h"
#include "text.h"

namespace gator {

namespace {

using json = nlohmann::ordered_json;

json optional_string(const std::optional<std::string>& value) {
  return value ? json(*value) : json(nullptr);
}

json string_or_null(const std::string& value) { return value.empty() ? json(nullptr) : json(value); }

json specs_object(const Specs& specs) {
  json out = json::object();
  for (const auto& [name, spec] : specs) out[name] = spec;
  return out;
}

std::string indent_lines(const std::vector<std::string>& lines, std::string_view empty_text) {
  if (lines.empty()) return fmt::format("   {}", empty_text);
  std::string out;
  for (const std::string& line : lines) {
    if (!out.empty()) out += '\n';
    out += "   " + line;
  }
  return out;
}

}  // namespace

std::string fill_template(std::string_view tpl, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = tpl.find("{{", pos);
    if (open == std::string_view::npos) break;
    std::size_t close = tpl.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(tpl.substr(pos, open - pos));
    auto it = values.find(std::string(tpl.substr(open + 2, close - open - 2)));
    out.append(it != values.end() ? std::string_view(it->second) : tpl.substr(open, close + 2 - open));
    pos = close + 2;
  }
  out.append(tpl.substr(pos));
  return out;
}

std::string describe_host(const Facts& facts, const Plan& plan) {
  std::string rocm = facts.rocm.found ? "ROCm " + facts.rocm.version : "no ROCm";
  std::vector<std::string> archs = unique_archs(facts);
  std::string gpus = archs.empty() ? "no GPUs" : "GPUs " + joined(archs, ", ");
  std::string torch;
  if (plan.target.installed) {
    torch = fmt::format("torch {} (installed)", plan.target.version);
  } else if (!plan.target.version.empty()) {
    torch = fmt::format("torch not installed (target {} from {})", plan.target.version, plan.index.index);
  } else {
    torch = "torch not installed";
  }
  return fmt::format("{}, {}; {}", rocm, gpus, torch);
}

std::vector<std::string> constraint_lines(const Plan& plan) {
  std::vector<std::string> lines;
  for (const auto& [name, spec] : plan.pins.specs) lines.push_back(name + spec);
  for (const auto& [name, spec] : plan.deps) lines.push_back(name + spec);
  return lines;
}

std::string render_constraints(const Facts& facts, const Plan& plan, std::string_view command) {
  return fill_template(embedded::tpl_constraints,
                       {{"version", kVersion},
                        {"command", std::string(command)},
                        {"host", describe_host(facts, plan)},
                        {"index_url", plan.index.url},
                        {"requirements", joined(constraint_lines(plan), "\n")}});
}

Expected<std::vector<const ExtrasFamily*>> select_families(const Data& data, const std::vector<std::string>& names) {
  std::vector<const ExtrasFamily*> out;
  for (const ExtrasFamily& family : data.extras) {
    if (names.empty() ? family.default_family
                      : std::find(names.begin(), names.end(), family.name) != names.end()) {
      out.push_back(&family);
    }
  }
  for (const std::string& name : names) {
    if (std::none_of(out.begin(), out.end(), [&](const ExtrasFamily* f) { return f->name == name; })) {
      std::vector<std::string> known;
      for (const ExtrasFamily& family : data.extras) known.push_back(family.name);
      return invalid_input(fmt::format("--extra: '{}' is not an extras family of the data (known: {})", name,
                                       joined(known, ", ")));
    }
  }
  return out;
}

namespace {

std::string extras_arrays(const Data& data, const std::vector<const ExtrasFamily*>& families, bool include_vllm) {
  std::string body;
  for (const ExtrasFamily* family : families) {
    const std::string url = index_url(family->index, Channel::stable);
    body += fmt::format("# {}: {}\n# torch from {}\n", family->name, family->note, url);
    body += family->name + " = [\n";
    for (const std::string& requirement : family->torch_family) body += "    " + toml_string(requirement) + ",\n";
    for (const auto& [name, spec] : dependency_specs(data, family->deps_torch, include_vllm)) {
      body += "    " + toml_string(name + spec) + ",\n";
    }
    body += "]\n";
  }
  return body;
}

// uv's tables: each family's torch packages (its triton package too: uv applies sources to direct
// dependencies only) come from its own PyTorch index, everything else from the default index.
std::string uv_tables(const std::vector<const ExtrasFamily*>& families) {
  std::string uv;
  std::vector<std::string> index_names;
  for (const ExtrasFamily* family : families) {
    if (std::find(index_names.begin(), index_names.end(), family->index) == index_names.end()) {
      index_names.push_back(family->index);
      uv += fmt::format("\n[[tool.uv.index]]\nname = \"pytorch-{}\"\nurl = \"{}\"\nexplicit = true\n", family->index,
                        index_url(family->index, Channel::stable));
    }
  }
  std::vector<std::pair<std::string, std::vector<const ExtrasFamily*>>> sources;
  for (const ExtrasFamily* family : families) {
    for (const std::string& requirement : family->torch_family) {
      const std::string package = requirement_name(requirement);
      auto it = std::find_if(sources.begin(), sources.end(), [&](const auto& s) { return s.first == package; });
      if (it == sources.end()) it = sources.insert(sources.end(), {package, {}});
      it->second.push_back(family);
    }
  }
  uv += "\n[tool.uv.sources]\n";
  for (const auto& [package, users] : sources) {
    uv += package + " = [\n";
    for (const ExtrasFamily* family : users) {
      uv += fmt::format("    {{ index = \"pytorch-{}\", extra = \"{}\" }},\n", family->index, family->name);
    }
    uv += "]\n";
  }
  if (families.size() > 1) {
    // The families pin different torch builds: uv must resolve them apart.
    uv += "\n[tool.uv]\nconflicts = [[";
    for (std::size_t i = 0; i < families.size(); ++i) {
      uv += fmt::format("{}{{ extra = \"{}\" }}", i ? ", " : "", families[i]->name);
    }
    uv += "]]\n";
  }
  return uv;
}

std::string generated_block(std::string_view name, std::string_view body, std::string_view command) {
  return fill_template(embedded::tpl_extras,
                       {{"block", std::string(name)}, {"version", kVersion}, {"command", std::string(command)},
                        {"body", std::string(body)}});
}

}  // namespace

std::string render_extras(const Data& data, const std::vector<const ExtrasFamily*>& families,
                          const ExtrasRequest& request, std::string_view command) {
  std::string body = request.with_header ? "[project.optional-dependencies]\n" : "";
  body += extras_arrays(data, families, request.include_vllm);
  if (request.uv) body += uv_tables(families);
  return generated_block("extras", body, command);
}

std::string render_uv_block(const std::vector<const ExtrasFamily*>& families, std::string_view command) {
  return generated_block("uv", uv_tables(families), command);
}

namespace {

// Why GATOR_HIP_ARCHITECTURES is empty ("" when it is not), to follow "no AMD GPU: ".
std::string no_hip_architectures_reason(const Facts& facts) {
  if (!facts.gpus.empty()) return "";
  if (!facts.gpus_note.empty()) return facts.gpus_note;
  if (facts.visible_devices) return fmt::format("the visible-devices setting '{}' selects none", *facts.visible_devices);
  return "none in the KFD topology or seen by the ROCm tools";
}

// What native builds need (CMake prefixes, HIP architectures, torch's libraries and ABI).
json native_json(const Facts& facts) {
  const TorchFacts& t = facts.torch;
  return {{"hip_architectures", unique_archs(facts)},
          {"hip_architectures_note", string_or_null(no_hip_architectures_reason(facts))},
          {"rocm_cmake_prefix_path", facts.rocm.cmake_prefix_path},
          {"torch_cmake_prefix_path", string_or_null(t.cmake_prefix_path)},
          {"torch_library_dir", string_or_null(t.library_dir)},
          {"torch_cxx11_abi", t.cxx11_abi ? json(*t.cxx11_abi) : json(nullptr)}};
}

}  // namespace

json detect_json(const Facts& facts, const Plan& plan) {
  json out;
  out["gator_rocm_version"] = kVersion;
  json rocm;
  rocm["found"] = facts.rocm.found;
  json installs = json::array();
  for (const RocmInstall& install : facts.rocm.installs) {
    installs.push_back({{"root", install.root},
                        {"version", string_or_null(install.version)},
                        {"source", string_or_null(install.source)},
                        {"kind", string_or_null(install.kind)},
                        {"build", string_or_null(install.build)},
                        {"targets", install.targets},
                        {"in_use", install.in_use}});
  }
  if (facts.rocm.found) {
    rocm["version"] = facts.rocm.version;
    rocm["major"] = facts.rocm.major;
    rocm["minor"] = facts.rocm.minor;
    rocm["patch"] = facts.rocm.patch;
    rocm["root"] = string_or_null(facts.rocm.root);
    rocm["source"] = facts.rocm.source;
    rocm["installs"] = installs;
    rocm["kind"] = string_or_null(facts.rocm.kind);
    rocm["extras_root"] = string_or_null(facts.rocm.extras_root);
  } else {
    for (const char* key : {"version", "major", "minor", "patch", "root", "source", "kind", "extras_root"}) {
      rocm[key] = nullptr;
    }
    rocm["installs"] = json::array();
  }
  rocm["default_target"] = string_or_null(facts.rocm.default_target);
  out["rocm"] = rocm;
  json wheels = json::array();
  for (const InstalledDist& wheel : facts.rocm_wheels) {
    wheels.push_back({{"name", wheel.name}, {"version", wheel.version}, {"source", wheel.source}});
  }
  out["rocm_wheels"] = wheels;
  json gpus = json::array();
  for (const GpuFacts& gpu : facts.gpus) {
    gpus.push_back({{"node", gpu.node < 0 ? json(nullptr) : json(gpu.node)},
                    {"arch", gpu.arch},
                    {"name", string_or_null(gpu.name)},
                    {"source", gpu.source}});
  }
  out["gpus"] = gpus;
  out["gpus_note"] = string_or_null(facts.gpus_note);
  out["visible_devices"] = optional_string(facts.visible_devices);
  out["python"] = {{"executable", string_or_null(facts.python.executable)},
                   {"site_packages", facts.python.site_packages},
                   {"source", string_or_null(facts.python.source)}};
  const TorchFacts& t = facts.torch;
  json devices = nullptr;
  if (!t.device_names.empty() || !t.device_archs.empty()) {
    devices = json::array();
    for (std::size_t i = 0; i < std::max(t.device_names.size(), t.device_archs.size()); ++i) {
      devices.push_back({{"index", i},
                         {"name", i < t.device_names.size() ? json(t.device_names[i]) : json(nullptr)},
                         {"gcnArchName", i < t.device_archs.size() ? string_or_null(t.device_archs[i]) : json(nullptr)}});
    }
  }
  out["torch"] = {{"installed", t.installed},
                  {"version", string_or_null(t.version)},
                  {"pytorch_major_minor", string_or_null(t.pytorch_major_minor)},
                  {"is_rocm_build", t.is_rocm_build},
                  {"rocm_build_version", optional_string(t.rocm_build_version)},
                  {"rocm_release", optional_string(t.rocm_release)},
                  {"cuda_version", optional_string(t.cuda_version)},
                  {"gpu_available", t.gpu_available ? json(*t.gpu_available) : json(nullptr)},
                  {"gpu_count", t.gpu_count ? json(*t.gpu_count) : json(nullptr)},
                  {"gpu_architecture", devices},
                  {"source", string_or_null(t.source)}};
  json packages = json::object();
  for (const auto& [name, version] : facts.packages) packages[name] = version;
  out["packages"] = packages;
  out["native"] = native_json(facts);
  json env = json::object();
  for (const auto& [name, value] : plan.env) env[name] = value;
  out["plan"] = {{"channel", std::string(channel_name(plan.index.channel))},
                 {"source", std::string(source_name(plan.index.source))},
                 {"index", plan.index.index},
                 {"index_url", plan.index.url},
                 {"nightly_index_url", string_or_null(plan.nightly_url)},
                 {"torch_target", string_or_null(plan.target.version)},
                 {"pins", specs_object(plan.pins.specs)},
                 {"deps", specs_object(plan.deps)},
                 {"install_command", plan.install.command},
                 {"env", env},
                 {"warnings", plan.warnings}};
  return out;
}

json index_url_json(const Facts& facts, const Plan& plan) {
  return {{"index_url", plan.index.url},
          {"index", plan.index.index},
          {"channel", std::string(channel_name(plan.index.channel))},
          {"rocm_version", facts.rocm.found ? json(facts.rocm.version) : json(nullptr)},
          {"warnings", plan.warnings}};
}

json install_command_json(const Facts& facts, const Plan& plan) {
  return {{"command", plan.install.command},
          {"metadata",
           {{"rocm_version", facts.rocm.found ? facts.rocm.version : std::string("not_detected")},
            {"index_url", plan.index.url},
            {"nightly", plan.index.channel == Channel::nightly},
            {"packages", plan.install.packages}}}};
}

json deps_json(const Plan& plan) { return specs_object(plan.deps); }

std::string cmake_bracket(std::string_view value) {
  std::string equals = "=";
  while (value.find("]" + equals + "]") != std::string_view::npos || value.ends_with("]" + equals)) equals += '=';
  return fmt::format("[{}[{}]{}]", equals, value, equals);
}

std::string render_cmake_script(const Facts& facts, const Plan& plan, const CMakeScriptExtras& extras) {
  auto list = [](const std::vector<std::string>& items) {
    std::vector<std::string> escaped;
    for (const std::string& item : items) {
      std::string e;
      for (char c : item) {
        if (c == ';') e += '\\';
        e += c;
      }
      escaped.push_back(e);
    }
    return joined(escaped, ";");
  };
  auto boolean = [](bool b) { return std::string(b ? "TRUE" : "FALSE"); };
  std::vector<std::pair<std::string, std::string>> vars;
  vars.emplace_back("GATOR_ROCM_FOUND", boolean(facts.rocm.found));
  vars.emplace_back("GATOR_ROCM_VERSION", facts.rocm.found ? facts.rocm.version : "");
  vars.emplace_back("GATOR_ROCM_VERSION_MAJOR", facts.rocm.found ? std::to_string(facts.rocm.major) : "");
  vars.emplace_back("GATOR_ROCM_VERSION_MINOR", facts.rocm.found ? std::to_string(facts.rocm.minor) : "");
  vars.emplace_back("GATOR_ROCM_VERSION_PATCH", facts.rocm.found ? std::to_string(facts.rocm.patch) : "");
  vars.emplace_back("GATOR_ROCM_ROOT", facts.rocm.root);
  vars.emplace_back("GATOR_GPU_ARCHS", list(unique_archs(facts)));
  vars.emplace_back("GATOR_GPU_COUNT", std::to_string(facts.gpus.size()));
  vars.emplace_back("GATOR_GPUS_NOTE", facts.gpus_note);
  vars.emplace_back("GATOR_HIP_ARCHITECTURES", list(unique_archs(facts)));
  vars.emplace_back("GATOR_HIP_ARCHITECTURES_NOTE", no_hip_architectures_reason(facts));
  vars.emplace_back("GATOR_ROCM_CMAKE_PREFIX_PATH", list(facts.rocm.cmake_prefix_path));
  vars.emplace_back("GATOR_TORCH_FOUND", boolean(facts.torch.installed));
  vars.emplace_back("GATOR_TORCH_VERSION", facts.torch.version);
  vars.emplace_back("GATOR_TORCH_MAJOR_MINOR", facts.torch.pytorch_major_minor);
  vars.emplace_back("GATOR_TORCH_IS_ROCM_BUILD", boolean(facts.torch.is_rocm_build));
  vars.emplace_back("GATOR_TORCH_HIP_VERSION", facts.torch.rocm_build_version.value_or(""));
  vars.emplace_back("GATOR_TORCH_CHANNEL", std::string(channel_name(plan.index.channel)));
  vars.emplace_back("GATOR_TORCH_INDEX_URL", plan.index.url);
  vars.emplace_back("GATOR_TORCH_NIGHTLY_INDEX_URL", plan.nightly_url);
  vars.emplace_back("GATOR_TORCH_TARGET", plan.target.version);
  vars.emplace_back("GATOR_TORCH_INSTALL_COMMAND", plan.install.command);
  vars.emplace_back("GATOR_TORCH_CMAKE_PREFIX_PATH", facts.torch.cmake_prefix_path);
  vars.emplace_back("GATOR_TORCH_LIBRARY_DIR", facts.torch.library_dir);
  vars.emplace_back("GATOR_TORCH_CXX11_ABI", facts.torch.cxx11_abi ? (*facts.torch.cxx11_abi ? "1" : "0") : "");
  std::vector<std::string> deps, env;
  for (const auto& [name, spec] : plan.deps) deps.push_back(name + spec);
  for (const auto& [name, value] : plan.env) env.push_back(name + "=" + value);
  vars.emplace_back("GATOR_DEP_SPECS", list(deps));
  vars.emplace_back("GATOR_ENV", list(env));
  vars.emplace_back("GATOR_WARNINGS", list(plan.warnings));
  vars.emplace_back("GATOR_PYTHON_EXECUTABLE", extras.python_executable);
  if (!extras.constraints_file.empty()) vars.emplace_back("GATOR_CONSTRAINTS_FILE", extras.constraints_file);
  vars.emplace_back("GATOR_WATCH_PATHS", list(extras.watch_paths));

  std::string out = fmt::format("# Generated by gator-rocm {}: the facts and plan for find_package(GatorRocm).\n", kVersion);
  for (const auto& [name, value] : vars) out += fmt::format("set({} {})\n", name, cmake_bracket(value));
  return out;
}

std::string render_env(const EnvVars& env) {
  std::string out;
  for (const auto& [name, value] : env) out += fmt::format("export {}={}\n", name, shell_quote(value));
  return out;
}

std::string render_matrix(const Data& data) {
  std::string out = fmt::format("# GatorRocm compatibility data ({}, as of {})\n\n", data.origin, data.as_of);
  out += "## PyTorch wheel indexes\n\n| index | ROCm | stable (newest) | nightly | test | GPU archs | source |\n|---|---|---|---|---|---|---|\n";
  auto channel_cell = [](const IndexInfo& index, std::string_view name) -> std::string {
    const ChannelBuild* build = index.channel(name);
    if (!build) return "–";
    std::string cell = build->newest;
    if (!build->since.empty()) cell += " since " + build->since;
    if (build->is_retired()) cell += ", retired " + build->retired;
    return cell;
  };
  for (const IndexInfo& index : data.indexes) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", index.name,
                       index.bundles_rocm ? index.rocm.str()
                                          : fmt::format("{} (as wheels: {}, rocm-sdk-device-<arch>)", index.rocm.str(),
                                                        joined(index.rocm_wheels, ", ")),
                       channel_cell(index, "stable"), channel_cell(index, "nightly"), channel_cell(index, "test"),
                       joined(index.archs, " "), index.source);
  }
  out += "\n## AMD's indexes (--source amd)\n\n| index | URL | serves ROCm | channel | builds | GPU archs | source |\n|---|---|---|---|---|---|---|\n";
  for (const IndexInfo& index : data.amd_indexes) {
    std::vector<std::string> builds;
    for (const AmdBuild& b : index.builds) {
      std::string cell = fmt::format("ROCm {}: torch {}", b.rocm.str(), b.torch);
      if (!b.torchvision.empty()) cell += ", torchvision " + b.torchvision;
      if (!b.torchaudio.empty()) cell += ", torchaudio " + b.torchaudio;
      builds.push_back(cell);
    }
    std::string channels;
    for (const auto& [name, build] : index.channels) channels += name;
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", index.name, index.url, index.serves.str(),
                       index.retired.empty() ? channels : channels + ", retired: " + index.retired,
                       builds.empty() ? "–" : joined(builds, "; "), joined(index.archs, " "), index.source);
  }
  out += fmt::format("\ntorchvision is 0.(minor+15).patch for torch {} ({})\n", data.torchvision_rule.str(),
                     data.torchvision_rule_source);
  out += "\n## torch releases\n\n| torch | torchvision | torchaudio | triton | stable indexes | source |\n|---|---|---|---|---|---|\n";
  for (const TorchRelease& r : data.torch_releases) {
    std::string triton = r.triton_package + (r.triton_version.empty() ? "" : " " + r.triton_version) +
                         (r.inferred ? " (inferred)" : "");
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", r.version.str(), r.torchvision,
                       r.torchaudio.empty() ? "none: " + r.torchaudio_note : r.torchaudio, triton,
                       joined(r.indexes, ", "), r.source);
  }
  out += "\n## Dependency matrix\n\n| torch | transformers | diffusers | accelerate | huggingface_hub | vllm (on request) | source |\n|---|---|---|---|---|---|---|\n";
  std::vector<const DepRow*> rows;
  for (const DepRow& row : data.dep_rows) rows.push_back(&row);
  rows.push_back(&data.fallback);
  for (const DepRow* row : rows) {
    std::vector<std::string> cells;
    for (const auto& [name, spec] : row->specs) cells.push_back(fmt::format("`{}`", spec));
    out += fmt::format("| {} | {} | {} | {} |\n", row->label, joined(cells, " | "),
                       row->vllm.empty() ? "–" : fmt::format("`{}`", row->vllm), row->source);
  }
  out += "\n## pyproject extras\n\n| extra | install from | torch family | ML libraries row | note |\n|---|---|---|---|---|\n";
  for (const ExtrasFamily& f : data.extras) {
    out += fmt::format("| {}{} | {} | `{}` | torch {} | {} |\n", f.name, f.default_family ? "" : " (on request)",
                       f.index, joined(f.torch_family, "`, `"), f.deps_torch, f.note);
  }
  out += "\n## GPU architectures\n\n| arch | products | newest working index | HSA_OVERRIDE_GFX_VERSION | source |\n|---|---|---|---|---|\n";
  for (const GpuArch& g : data.gpus) {
    out += fmt::format("| {} | {} | {} | {} | {} |\n", g.arch, joined(g.products, ", "),
                       g.last_index.empty() ? "–" : g.last_index + ": " + g.last_index_note,
                       g.hsa_override.empty() ? (g.override_note.empty() ? "–" : g.override_note)
                                              : g.hsa_override + " (" + g.override_note + ")",
                       g.source);
  }
  return out;
}

std::string render_report(const Facts& facts, const Plan& plan, const Data& data) {
  std::vector<std::string> rocm;
  if (facts.rocm.found) {
    rocm.push_back(fmt::format("ROCm {}{} (from {})", facts.rocm.version,
                               facts.rocm.root.empty() ? "" : " at " + facts.rocm.root, facts.rocm.source));
    for (const RocmInstall& install : facts.rocm.installs) {
      rocm.push_back(fmt::format("installed: {} {}{}", install.root, install.version.empty() ? "(version unreadable)" : install.version,
                                 install.root == facts.rocm.default_target ? "  <- /opt/rocm" : ""));
    }
  } else {
    rocm.push_back("not found");
  }
  std::vector<std::string> gpus;
  for (const GpuFacts& gpu : facts.gpus) {
    gpus.push_back(fmt::format("{} {}{}", gpu.arch, gpu.name.empty() ? "(unknown product)" : gpu.name,
                               gpu.node >= 0 ? fmt::format(" (KFD node {})", gpu.node) : ""));
  }
  std::vector<std::string> torch;
  if (facts.torch.installed) {
    torch.push_back(fmt::format("torch {} ({} build) from {}", facts.torch.version,
                                facts.torch.is_rocm_build ? "ROCm" : facts.torch.cuda_version ? "CUDA" : "non-ROCm",
                                facts.torch.source));
    if (facts.torch.rocm_build_version) torch.push_back("HIP version of the build: " + *facts.torch.rocm_build_version);
    if (facts.torch.gpu_available) {
      torch.push_back(fmt::format("GPU available: {}, {} device(s)", *facts.torch.gpu_available ? "yes" : "no",
                                  facts.torch.gpu_count.value_or(0)));
    }
  } else {
    torch.push_back("not installed");
  }
  for (const auto& [name, version] : facts.packages) {
    if (name != "torch") torch.push_back(fmt::format("{} {}", name, version));
  }
  std::vector<std::string> deps, libraries, env, recommendation;
  for (const auto& [name, spec] : plan.deps) {
    deps.push_back(name + spec);
    libraries.push_back(shell_quote(name + spec));
  }
  for (const auto& [name, value] : plan.env) env.push_back(fmt::format("export {}={}", name, shell_quote(value)));
  if (plan.target.installed) {
    recommendation.push_back(fmt::format("keep torch {}; pin it with the constraints below", plan.target.version));
  } else if (!plan.target.version.empty()) {
    recommendation.push_back(fmt::format("install torch {} series from {}", plan.target.series, plan.index.url));
  }
  for (const auto& [name, spec] : plan.pins.specs) recommendation.push_back("pin " + name + spec);
  std::string nightly = plan.nightly_url.empty() ? "(none for this host)" : plan.nightly_url;
  if (!plan.nightly_retired.empty()) nightly += fmt::format("  (builds stopped in {}: it may be empty)", plan.nightly_retired);
  return fill_template(embedded::tpl_report,
                       {{"version", kVersion},
                        {"rocm", indent_lines(rocm, "")},
                        {"gpus", indent_lines(gpus, facts.gpus_note.empty() ? "none found" : facts.gpus_note)},
                        {"stable_url", plan.stable_url},
                        {"nightly_url", nightly},
                        {"index_url", plan.index.url},
                        {"channel", std::string(channel_name(plan.index.channel))},
                        {"torch", indent_lines(torch, "")},
                        {"row", plan.matrix_row},
                        {"deps", indent_lines(deps, "")},
                        {"recommendation", indent_lines(recommendation, "none")},
                        {"install_command", plan.install.command},
                        {"libraries", joined(libraries, " ")},
                        {"env", indent_lines(env, "nothing to set")},
                        {"data", indent_lines({refresh::describe_data(data, std::time(nullptr))}, "")},
                        {"warnings", indent_lines(plan.warnings, "none")}});
}

}  // namespace gator
