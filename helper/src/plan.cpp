#include "plan.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "probe.h"  // is_rocm_torch_build: the one definition of a ROCm build's label

namespace gator {

namespace {

pep440::Version must_parse(std::string_view text) {
  auto v = pep440::parse_version(text);
  return v ? *v : pep440::Version{};
}

pep440::Version host_rocm_version(const RocmFacts& rocm) {
  return must_parse(fmt::format("{}.{}.{}", rocm.major, rocm.minor, rocm.patch));
}

// Names of the indexes still built for a channel ("rocm7.2, rocm7.14").
std::string current_indexes(const Data& data, Channel channel) {
  std::vector<std::string> names;
  for (const IndexInfo& index : data.indexes) {
    const ChannelBuild* build = index.channel(channel_name(channel));
    if (build && !build->is_retired()) names.push_back(index.name);
  }
  return names.empty() ? std::string("none") : joined(names, ", ");
}

IndexChoice cpu_choice(Channel channel) {
  IndexChoice choice;
  choice.index = "cpu";
  choice.channel = channel;
  choice.url = index_url("cpu", channel);
  choice.pre = channel != Channel::stable;
  return choice;
}

// The index that serves `host` on `channel` (docs/decisions.md), or null.
const IndexInfo* index_for_host(const Data& data, const pep440::Version& host, Channel channel) {
  const std::string channel_str(channel_name(channel));
  auto serves = [&](const IndexInfo& index) { return index.channel(channel_str) != nullptr; };
  // Named after the host: 6.2.4 -> rocm6.2.4, 7.0.2 -> rocm7.0.
  for (const std::string& name : {fmt::format("rocm{}", host.base_str()),
                                  fmt::format("rocm{}.{}.{}", host.major(), host.minor(), host.micro()),
                                  fmt::format("rocm{}.{}", host.major(), host.minor())}) {
    const IndexInfo* index = data.find_index(name);
    if (index && serves(*index)) return index;
  }
  // Else the newest of the same major version that is not newer than the host (6.5 -> rocm6.4).
  const IndexInfo* best = nullptr;
  for (const IndexInfo& index : data.indexes) {
    if (serves(index) && index.rocm.major() == host.major() && index.rocm <= host) best = &index;
  }
  return best;
}

// The newest index of an older major version (a host newer than the data knows).
const IndexInfo* newest_older_major(const Data& data, const pep440::Version& host, Channel channel) {
  const IndexInfo* best = nullptr;
  for (const IndexInfo& index : data.indexes) {
    if (index.channel(channel_name(channel)) && index.rocm.major() < host.major()) best = &index;
  }
  return best;
}


std::string torchaudio_note(const Data& data, const pep440::Version& torch) {
  if (const TorchRelease* release = data.find_torch(torch); release && !release->torchaudio_note.empty()) {
    return fmt::format("torchaudio is left out for torch {}: {}", torch.base_str(), release->torchaudio_note);
  }
  return fmt::format("torchaudio is left out for torch {}: no torchaudio release pairs with it",
                     torch.base_str());
}

std::string spec_of(const Specs& specs, std::string_view name) {
  for (const auto& [n, spec] : specs) {
    if (n == name) return spec;
  }
  return {};
}

}  // namespace

std::string torchvision_for(const Data& data, const pep440::Version& torch) {
  if (const TorchRelease* release = data.find_torch(torch)) return release->torchvision;
  return fmt::format("{}.{}", torchvision_series(torch), torch.micro());
}

bool is_foreign_build(const TorchFacts& torch, const IndexChoice& choice) {
  return torch.installed && !torch.is_rocm_build && choice.info != nullptr && !torch.overridden;
}

std::vector<std::string> pip_program(const PythonFacts& python) {
  if (python.named && !python.executable.empty()) return {python.executable, "-m", "pip"};
  return {"pip3"};
}

std::string version_local_label(std::string_view version) {
  auto plus = version.find('+');
  return plus == std::string_view::npos ? std::string() : std::string(version.substr(plus + 1));
}

bool torchvision_pairs(const Data& data, std::string_view torch, std::string_view torchvision) {
  auto t = pep440::parse_version(torch);
  auto v = pep440::parse_version(torchvision);
  if (!t || !v || version_local_label(torch) != version_local_label(torchvision)) return false;
  return t->is_prerelease() ? fmt::format("0.{}", v->minor()) == torchvision_series(*t) : v->base_str() == torchvision_for(data, *t);
}

bool torchaudio_released_for(const Data& data, const pep440::Version& torch) {
  if (const TorchRelease* release = data.find_torch(torch)) return !release->torchaudio.empty();
  // Not in the data: none after 2.11 (torchaudio is in maintenance).
  return torch.major() < 2 || (torch.major() == 2 && torch.minor() <= 11);
}

std::string torchvision_series(const pep440::Version& torch) { return fmt::format("0.{}", torch.minor() + 15); }

std::vector<std::string> unique_archs(const Facts& facts) {
  std::vector<std::string> archs;
  for (const GpuFacts& gpu : facts.gpus) {
    if (std::find(archs.begin(), archs.end(), gpu.arch) == archs.end()) archs.push_back(gpu.arch);
  }
  return archs;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  return fmt::format("{}", fmt::join(items, separator));
}

std::string_view channel_name(Channel c) {
  switch (c) {
    case Channel::stable: return "stable";
    case Channel::nightly: return "nightly";
    case Channel::test: return "test";
  }
  return "stable";
}

Expected<Channel> parse_channel(std::string_view text) {
  for (Channel c : {Channel::stable, Channel::nightly, Channel::test}) {
    if (text == channel_name(c)) return c;
  }
  return invalid_input(fmt::format("--channel: '{}' is not one of stable, nightly, test", text));
}

std::string index_url(std::string_view index, Channel channel) {
  const std::string_view prefix = channel == Channel::stable ? "" : channel == Channel::nightly ? "nightly/" : "test/";
  return fmt::format("{}{}{}/", kDownloadBase, prefix, index);
}

IndexChoice choose_index(const Facts& facts, const Data& data, Channel channel) {
  const std::string channel_str(channel_name(channel));
  if (!facts.rocm.found) {
    IndexChoice choice = cpu_choice(channel);
    if (!facts.gpus.empty()) {
      choice.warnings.push_back(fmt::format(
          "AMD GPUs were found ({}) but no ROCm: the cpu index was chosen; install ROCm, or give --rocm VERSION",
          joined(unique_archs(facts), ", ")));
    }
    return choice;
  }
  const pep440::Version host = host_rocm_version(facts.rocm);
  const IndexInfo* index = index_for_host(data, host, channel);
  std::vector<std::string> warnings;
  if (!index) {
    index = newest_older_major(data, host, channel);
    if (index) {
      warnings.push_back(fmt::format(
          "no {} index is known for ROCm {} (the data is as of {}); using {}, the newest one of an older ROCm",
          channel_str, facts.rocm.version, data.as_of, index->name));
    }
  }
  if (!index) {
    IndexChoice choice = cpu_choice(channel);
    choice.warnings.push_back(fmt::format(
        "ROCm {} is older than every {} index in the data (currently built: {}); the cpu index was chosen",
        facts.rocm.version, channel_str, current_indexes(data, channel)));
    return choice;
  }
  IndexChoice choice;
  choice.index = index->name;
  choice.channel = channel;
  choice.url = index_url(index->name, channel);
  choice.pre = channel != Channel::stable;
  choice.info = index;
  choice.warnings = std::move(warnings);
  const ChannelBuild* build = index->channel(channel_str);
  if (build->is_retired()) {
    choice.warnings.push_back(fmt::format(
        "the {} {} builds stopped in {} and age out of that index, so it may be empty; {} builds are published now for {}",
        channel_str, index->name, build->retired, channel_str, current_indexes(data, channel)));
  }
  return choice;
}

std::vector<std::string> arch_warnings(const Facts& facts, const Data& data, const IndexChoice& choice) {
  std::vector<std::string> warnings;
  if (!choice.info) return warnings;
  for (const std::string& arch : unique_archs(facts)) {
    if (choice.info->has_arch(arch)) continue;
    std::vector<std::string> having;
    for (const IndexInfo& index : data.indexes) {
      if (index.has_arch(arch)) having.push_back(index.name);
    }
    std::string text = fmt::format("{} is not among the GPU architectures of the {} wheels", arch, choice.index);
    text += having.empty() ? "; no index in the data builds it"
                           : fmt::format("; it is built by {}", joined(having, ", "));
    if (const GpuArch* gpu = data.find_gpu(arch)) {
      if (!gpu->hsa_override.empty()) {
        text += fmt::format("; known workaround: HSA_OVERRIDE_GFX_VERSION={} ({})", gpu->hsa_override,
                            gpu->override_note);
      } else if (!gpu->override_note.empty()) {
        text += "; " + gpu->override_note;
      }
    }
    warnings.push_back(std::move(text));
  }
  return warnings;
}

TorchTarget torch_target(const Facts& facts, const Data& data, const IndexChoice& choice) {
  TorchTarget target;
  if (facts.torch.installed && !is_foreign_build(facts.torch, choice)) {
    target.version = facts.torch.version;
    target.installed = true;
    target.series = torch_major_minor(target.version);
    return target;
  }
  std::string newest;
  if (choice.info) {
    newest = choice.info->channel(channel_name(choice.channel))->newest;
  } else {
    // The cpu index carries what the channel builds now: the newest any current set of it has.
    pep440::Version best;
    for (const IndexInfo& index : data.indexes) {
      const ChannelBuild* build = index.channel(channel_name(choice.channel));
      if (!build || build->is_retired()) continue;
      if (auto v = pep440::parse_version(build->newest); v && (newest.empty() || *v > best)) {
        best = *v;
        newest = build->newest;
      }
    }
  }
  if (newest.empty()) return target;
  target.version = newest + "+" + choice.index;
  target.series = torch_major_minor(newest);
  return target;
}

Pins torch_family_pins(const Facts& facts, const Data& data, const TorchTarget& target) {
  Pins pins;
  auto torch = pep440::parse_version(target.version);
  if (!torch) return pins;
  const std::string local = version_local_label(target.version);
  const std::string suffix = local.empty() ? "" : "+" + local;
  auto installed = [&](std::string_view name) -> std::string {
    if (!target.installed) return {};
    auto it = facts.packages.find(std::string(name));
    return it == facts.packages.end() ? std::string() : it->second;
  };
  if (!target.installed) {
    // Not installed yet: the release series the index provides.
    pins.specs.emplace_back("torch", fmt::format("=={}.*", target.series));
    pins.specs.emplace_back("torchvision", "==" + torchvision_series(*torch) + ".*");
    return pins;
  }
  pins.specs.emplace_back("torch", "==" + target.version);
  if (std::string v = installed("torchvision"); !v.empty()) {
    pins.specs.emplace_back("torchvision", "==" + v);
  } else if (torch->is_prerelease() || !is_rocm_torch_build(target.version, std::nullopt)) {
    // A nightly's torchvision has its own dev stamp; a PyPI or CUDA torchvision has no label to match.
    pins.specs.emplace_back("torchvision", "==" + torchvision_series(*torch) + ".*");
  } else {
    // The ROCm index builds torchvision with the same label as torch.
    pins.specs.emplace_back("torchvision", "==" + torchvision_for(data, *torch) + suffix);
  }
  // torchaudio only when installed: where none pairs with torch, `install --torchaudio` and doctor say so.
  if (std::string v = installed("torchaudio"); !v.empty()) pins.specs.emplace_back("torchaudio", "==" + v);
  for (std::string_view triton : {"triton-rocm", "pytorch-triton-rocm"}) {
    if (std::string v = installed(triton); !v.empty()) pins.specs.emplace_back(std::string(triton), "==" + v);
  }
  return pins;
}

const DepRow& dep_row(const Data& data, std::string_view torch_version) {
  const std::string mm = torch_major_minor(torch_version);
  if (mm.empty()) return data.fallback;
  const pep440::Version series = must_parse(mm);
  for (const DepRow& row : data.dep_rows) {
    if (row.torch.contains(series, true)) return row;
  }
  return data.fallback;
}

Expected<Specs> select_deps(const Specs& deps, const std::vector<std::string>& names) {
  if (names.empty()) return deps;
  Specs kept;
  for (const std::string& name : names) {
    auto it = std::find_if(deps.begin(), deps.end(), [&](const auto& dep) {
      return normalize_package_name(dep.first) == normalize_package_name(name);
    });
    if (it == deps.end()) {
      std::vector<std::string> known;
      for (const auto& dep : deps) known.push_back(dep.first);
      return invalid_input(fmt::format("--package: '{}' is not an ML library of the plan ({}; vllm with --vllm)", name,
                                       joined(known, ", ")));
    }
    if (std::find(kept.begin(), kept.end(), *it) == kept.end()) kept.push_back(*it);
  }
  // In the matrix's order, whatever the order asked for.
  Specs ordered;
  for (const auto& dep : deps) {
    if (std::find(kept.begin(), kept.end(), dep) != kept.end()) ordered.push_back(dep);
  }
  return ordered;
}

Specs dependency_specs(const Data& data, std::string_view torch_version, bool include_vllm) {
  const DepRow& row = dep_row(data, torch_version);
  Specs specs = row.specs;
  if (include_vllm && !row.vllm.empty()) specs.emplace_back("vllm", row.vllm);
  return specs;
}

InstallCommand install_command(const IndexChoice& choice, const TorchTarget& target, const Pins& pins,
                               const Data& data, const InstallRequest& request) {
  InstallCommand out;
  auto torch = pep440::parse_version(target.version);
  auto package = [&](const std::string& name) {
    if (!request.pin) return name;
    std::string spec = spec_of(pins.specs, name);
    if (spec.empty() && name == "torchaudio" && torch) {
      // torchaudio releases carry torch's version (and build label).
      spec = target.installed && !torch->is_prerelease() ? "==" + target.version : fmt::format("=={}.*", target.series);
    }
    return name + spec;
  };
  out.packages.push_back(package("torch"));
  if (request.torchvision) out.packages.push_back(package("torchvision"));
  if (request.torchaudio) {
    if (torch && !torchaudio_released_for(data, *torch)) {
      out.warnings.push_back(torchaudio_note(data, *torch));
    } else {
      out.packages.push_back(package("torchaudio"));
    }
  }
  out.argv = {"pip3", "install"};
  if (choice.pre) out.argv.push_back("--pre");
  if (request.force_reinstall) out.argv.push_back("--force-reinstall");
  out.argv.insert(out.argv.end(), out.packages.begin(), out.packages.end());
  out.argv.push_back("--index-url");
  out.argv.push_back(choice.url);
  out.command = command_line(out.argv);
  return out;
}

EnvVars environment(const Facts& facts, const Data& data, const IndexChoice& choice) {
  EnvVars env;
  if (facts.rocm.found && !facts.rocm.root.empty()) env.emplace_back("ROCM_PATH", facts.rocm.root);
  if (facts.gpus.empty()) return env;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < facts.gpus.size(); ++i) ids.push_back(std::to_string(i));
  env.emplace_back("HIP_VISIBLE_DEVICES", facts.visible_devices.value_or(joined(ids, ",")));
  // GPUs whose architecture the wheels lack but a known override can stand in for.
  std::vector<std::pair<int, std::string>> overrides;
  for (const GpuFacts& gpu : facts.gpus) {
    if (choice.info && choice.info->has_arch(gpu.arch)) continue;
    const GpuArch* known = data.find_gpu(gpu.arch);
    if (choice.info && known && !known->hsa_override.empty()) overrides.emplace_back(gpu.node, known->hsa_override);
  }
  std::set<std::string> distinct;
  for (const auto& [node, value] : overrides) distinct.insert(value);
  if (!overrides.empty() && overrides.size() == facts.gpus.size() && distinct.size() == 1) {
    env.emplace_back("HSA_OVERRIDE_GFX_VERSION", *distinct.begin());
  } else {
    // Mixed GPUs: per KFD node, so the natively supported ones keep their own architecture.
    for (const auto& [node, value] : overrides) {
      if (node >= 0) env.emplace_back(fmt::format("HSA_OVERRIDE_GFX_VERSION_{}", node), value);
    }
  }
  env.emplace_back("PYTORCH_ROCM_ARCH", joined(unique_archs(facts), ";"));
  return env;
}

Plan make_plan(const Facts& facts, const Data& data, const PlanOptions& options) {
  Plan plan;
  plan.index = choose_index(facts, data, options.channel);
  if (facts.rocm.found) {
    IndexChoice nightly = choose_index(facts, data, Channel::nightly);
    if (nightly.info) plan.nightly_url = nightly.url;
  }
  plan.target = torch_target(facts, data, plan.index);
  plan.pins = torch_family_pins(facts, data, plan.target);
  plan.deps = dependency_specs(data, plan.target.version, options.include_vllm);
  InstallRequest request = options.install;
  request.force_reinstall = is_foreign_build(facts.torch, plan.index);
  plan.install = install_command(plan.index, plan.target, plan.pins, data, request);
  plan.env = environment(facts, data, plan.index);

  plan.warnings = facts.warnings;
  auto add = [&](const std::vector<std::string>& more) {
    for (const std::string& w : more) {
      if (std::find(plan.warnings.begin(), plan.warnings.end(), w) == plan.warnings.end()) plan.warnings.push_back(w);
    }
  };
  add(plan.index.warnings);
  add(arch_warnings(facts, data, plan.index));
  if (auto tv = facts.packages.find("torchvision");
      plan.target.installed && tv != facts.packages.end() && !torchvision_pairs(data, plan.target.version, tv->second)) {
    add({fmt::format("the installed torchvision {} does not pair with torch {}; its pin keeps it: "
                     "`gator-rocm doctor` prints the command that fixes it",
                     tv->second, plan.target.version)});
  }
  if (is_foreign_build(facts.torch, plan.index)) {
    add({fmt::format("the installed torch {} is not a ROCm build ({}); the plan targets {} from {}",
                     facts.torch.version,
                     facts.torch.cuda_version ? "CUDA " + *facts.torch.cuda_version : std::string("no HIP"),
                     plan.target.version, plan.index.url)});
  }
  add(plan.install.warnings);
  return plan;
}

std::string shell_quote(std::string_view word) {
  if (word.empty()) return "''";
  const bool safe = std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("@%+=:,./_-").find(c) != std::string_view::npos;
  });
  if (safe) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string command_line(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& word : argv) {
    if (!line.empty()) line += ' ';
    line += shell_quote(word);
  }
  return line;
}

}  // namespace gator
