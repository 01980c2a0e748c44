// The human-readable report, the environment lines and the compatibility matrix.

#include <fmt/format.h>
#include <algorithm>
#include <ctime>

#include "build_info.h"
#include "embedded.h"
#include "refresh/overlay.h"
#include "render/render.h"
#include "text.h"

namespace gator {

namespace {

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

std::string render_env(const EnvVars& env) {
  std::string out;
  for (const auto& [name, value] : env) out += fmt::format("export {}={}\n", name, shell_quote(value));
  return out;
}

std::string render_matrix(const Data& data) {
  std::string out = fmt::format("# GatorRocm compatibility data ({}, as of {})\n\n", data.origin, data.as_of);
  out +=
      "## PyTorch wheel indexes\n\n| index | ROCm | stable (newest) | nightly | test | GPU archs | source "
      "|\n|---|---|---|---|---|---|---|\n";
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
  out +=
      "\n## AMD's indexes (--source amd)\n\n| index | URL | serves ROCm | channel | builds | GPU archs | source "
      "|\n|---|---|---|---|---|---|---|\n";
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
  out +=
      "\n## torch releases\n\n| torch | torchvision | torchaudio | triton | stable indexes | source "
      "|\n|---|---|---|---|---|---|\n";
  for (const TorchRelease& r : data.torch_releases) {
    std::string triton =
        r.triton_package + (r.triton_version.empty() ? "" : " " + r.triton_version) + (r.inferred ? " (inferred)" : "");
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", r.version.str(), r.torchvision,
                       r.torchaudio.empty() ? "none: " + r.torchaudio_note : r.torchaudio, triton,
                       joined(r.indexes, ", "), r.source);
  }
  out +=
      "\n## Dependency matrix\n\n| torch | transformers | diffusers | accelerate | huggingface_hub | vllm (on request) "
      "| source |\n|---|---|---|---|---|---|---|\n";
  std::vector<const DepRow*> rows;
  for (const DepRow& row : data.dep_rows) rows.push_back(&row);
  rows.push_back(&data.fallback);
  for (const DepRow* row : rows) {
    std::vector<std::string> cells;
    for (const auto& [name, spec] : row->specs) cells.push_back(fmt::format("`{}`", spec));
    out += fmt::format("| {} | {} | {} | {} |\n", row->label, joined(cells, " | "),
                       row->vllm.empty() ? "–" : fmt::format("`{}`", row->vllm), row->source);
  }
  out +=
      "\n## pyproject extras\n\n| extra | install from | torch family | ML libraries row | note "
      "|\n|---|---|---|---|---|\n";
  for (const ExtrasFamily& f : data.extras) {
    out += fmt::format("| {}{} | {} | `{}` | torch {} | {} |\n", f.name, f.default_family ? "" : " (on request)",
                       f.index, joined(f.torch_family, "`, `"), f.deps_torch, f.note);
  }
  out +=
      "\n## GPU architectures\n\n| arch | products | newest working index | HSA_OVERRIDE_GFX_VERSION | source "
      "|\n|---|---|---|---|---|\n";
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
      rocm.push_back(fmt::format("installed: {} {}{}", install.root,
                                 install.version.empty() ? "(version unreadable)" : install.version,
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
                                facts.torch.is_rocm_build  ? "ROCm"
                                : facts.torch.cuda_version ? "CUDA"
                                                           : "non-ROCm",
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
  if (!plan.nightly_retired.empty())
    nightly += fmt::format("  (builds stopped in {}: it may be empty)", plan.nightly_retired);
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
