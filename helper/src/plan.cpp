#include "plan.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "text.h"
#include "versions.h"  // is_rocm_torch_build, torch_rocm_release

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
  for (const std::string& name :
       {fmt::format("rocm{}", host.base_str()), fmt::format("rocm{}.{}.{}", host.major(), host.minor(), host.micro()),
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
  return fmt::format("torchaudio is left out for torch {}: no torchaudio release pairs with it", torch.base_str());
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
  if (!torchvision_rule_covers(data, torch)) return {};
  return fmt::format("{}.{}", torchvision_series(torch), torch.micro());
}

bool torchvision_rule_covers(const Data& data, const pep440::Version& torch) {
  return data.torchvision_rule.contains(torch.base_version(), true) && data.knows_series(torch);
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
  if (!data.find_torch(*t) && !torchvision_rule_covers(data, *t)) return true;  // the data cannot say otherwise
  return t->is_prerelease() ? fmt::format("0.{}", v->minor()) == torchvision_series(*t)
                            : v->base_str() == torchvision_for(data, *t);
}

bool torchaudio_released_for(const Data& data, const pep440::Version& torch) {
  const TorchRelease* release = data.find_torch(torch);
  return release && !release->torchaudio.empty();
}

std::string torchvision_series(const pep440::Version& torch) { return fmt::format("0.{}", torch.minor() + 15); }

std::vector<std::string> unique_archs(const Facts& facts) {
  std::vector<std::string> archs;
  for (const GpuFacts& gpu : facts.gpus) {
    if (std::find(archs.begin(), archs.end(), gpu.arch) == archs.end()) archs.push_back(gpu.arch);
  }
  return archs;
}

std::string_view channel_name(Channel c) {
  switch (c) {
    case Channel::stable:
      return "stable";
    case Channel::nightly:
      return "nightly";
    case Channel::test:
      return "test";
  }
  return "stable";
}

Expected<Channel> parse_channel(std::string_view text) {
  for (Channel c : {Channel::stable, Channel::nightly, Channel::test}) {
    if (text == channel_name(c)) return c;
  }
  return invalid_input(fmt::format("--channel: '{}' is not one of stable, nightly, test", text));
}

std::string_view source_name(Source s) { return s == Source::amd ? "amd" : "pytorch"; }

Expected<Source> parse_source(std::string_view text) {
  for (Source s : {Source::pytorch, Source::amd}) {
    if (text == source_name(s)) return s;
  }
  return invalid_input(fmt::format("--source: '{}' is not one of pytorch, amd", text));
}

std::string index_url(std::string_view index, Channel channel) {
  const std::string_view prefix = channel == Channel::stable ? "" : channel == Channel::nightly ? "nightly/" : "test/";
  return fmt::format("{}{}{}/", kDownloadBase, prefix, index);
}

namespace {}  // namespace

IndexChoice choice_of(const IndexInfo& index, Channel channel, Source source) {
  IndexChoice choice;
  choice.index = index.name;
  choice.channel = channel;
  choice.source = source;
  choice.url = index.url.empty() ? index_url(index.name, channel) : index.url;
  choice.pre = channel != Channel::stable;
  choice.info = &index;
  return choice;
}

namespace {

// Why a host newer than the data's indexes of its major version gets an older one: PyTorch may build
// that major for another channel only (ROCm 10: nightly/rocm10.0, no stable index).
std::string older_major_warning(const Facts& facts, const Data& data, const pep440::Version& host, Channel channel,
                                const IndexInfo& chosen) {
  const std::string channel_str(channel_name(channel));
  std::vector<std::string> elsewhere;
  for (const IndexInfo& index : data.indexes) {
    if (index.rocm.major() != host.major()) continue;
    for (const auto& [name, build] : index.channels) elsewhere.push_back(fmt::format("{}/{}", name, index.name));
  }
  std::string text =
      elsewhere.empty()
          ? fmt::format(
                "no {} index is known for ROCm {} (the data is as of {}); using {}, the newest one of an older ROCm",
                channel_str, facts.rocm.version, data.as_of, chosen.name)
          : fmt::format("PyTorch publishes no {} index for ROCm {}.x (only {}); using {}, its newest ROCm index for {}",
                        channel_str, host.major(), joined(elsewhere, ", "), chosen.name, channel_str);
  if (const IndexInfo* amd = amd_index_for(data, host, channel)) {
    text += fmt::format("; --source amd has {} builds for ROCm {} ({})", channel_str, facts.rocm.version, amd->url);
  }
  return text;
}

// GPUs that no index newer than some one works for (gfx900/gfx906: rocm6.3): the chosen index moves
// down to it when every GPU needs it and it is still built for the channel; otherwise a warning.
void respect_last_index(const Facts& facts, const Data& data, IndexChoice& choice) {
  if (!choice.info || choice.source != Source::pytorch) return;
  std::vector<std::string> limited, others;
  const IndexInfo* limit = nullptr;
  std::string why;
  for (const std::string& arch : unique_archs(facts)) {
    const GpuArch* gpu = data.find_gpu(arch);
    const IndexInfo* last = gpu && !gpu->last_index.empty() ? data.find_index(gpu->last_index) : nullptr;
    if (!last) {
      others.push_back(arch);
      continue;
    }
    if (last->rocm >= choice.info->rocm) continue;  // the chosen index still works for it
    limited.push_back(arch);
    if (!limit || last->rocm < limit->rocm) limit = last;
    why += "; " + gpu->last_index_note;
  }
  if (limited.empty()) return;
  const ChannelBuild* build = limit->channel(channel_name(choice.channel));
  const bool usable = build && !build->is_retired();
  if (others.empty() && usable) {
    IndexChoice moved = choice_of(*limit, choice.channel, choice.source);
    moved.warnings = std::move(choice.warnings);
    moved.warnings.push_back(fmt::format("{} was chosen instead of {}: it is the newest index that works for {}{}",
                                         limit->name, choice.index, joined(limited, ", "), why));
    choice = std::move(moved);
    return;
  }
  const std::string keep = others.empty()
                               ? fmt::format("{} has no current {} builds", limit->name, channel_name(choice.channel))
                               : fmt::format("the other GPUs ({}) need the newer one", joined(others, ", "));
  choice.warnings.push_back(
      fmt::format("{} on {} will crash: {} is the newest index that works for {}{}; {} was kept "
                  "because {}",
                  joined(limited, ", "), choice.index, limit->name, joined(limited, ", "), why, choice.index, keep));
}

IndexChoice choose_pytorch_index(const Facts& facts, const Data& data, Channel channel) {
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
    if (index) warnings.push_back(older_major_warning(facts, data, host, channel, *index));
  }
  if (!index) {
    IndexChoice choice = cpu_choice(channel);
    choice.warnings.push_back(
        fmt::format("ROCm {} is older than every {} index in the data (currently built: {}); the cpu index was chosen",
                    facts.rocm.version, channel_str, current_indexes(data, channel)));
    return choice;
  }
  IndexChoice choice = choice_of(*index, channel, Source::pytorch);
  choice.warnings = std::move(warnings);
  respect_last_index(facts, data, choice);
  const ChannelBuild* build = choice.info->channel(channel_str);
  if (build->is_retired()) {
    choice.warnings.push_back(
        fmt::format("the {} {} builds stopped in {} and age out of that index, so it may be empty; {} builds are "
                    "published now for {}",
                    channel_str, choice.index, build->retired, channel_str, current_indexes(data, channel)));
  }
  if (!choice.info->note.empty()) choice.warnings.push_back(choice.info->note);
  return choice;
}

// AMD's index for the host's ROCm on the channel; PyTorch's, with a warning, where AMD has none.
IndexChoice choose_amd_index(const Facts& facts, const Data& data, Channel channel) {
  const std::string channel_str(channel_name(channel));
  std::vector<std::string> notes;
  for (const IndexInfo& amd : data.amd_indexes) {
    if (!amd.retired.empty() && amd.channel(channel_str)) {
      notes.push_back(fmt::format("AMD's {} is not used: {}", amd.url, amd.retired));
    }
  }
  if (facts.rocm.found) {
    if (const IndexInfo* amd = amd_index_for(data, host_rocm_version(facts.rocm), channel)) {
      IndexChoice choice = choice_of(*amd, channel, Source::amd);
      choice.warnings = std::move(notes);
      if (!amd->note.empty()) choice.warnings.push_back(amd->note);
      return choice;
    }
  }
  IndexChoice choice = choose_pytorch_index(facts, data, channel);
  std::vector<std::string> served;
  for (const IndexInfo& amd : data.amd_indexes) {
    if (amd.retired.empty() && amd.channel(channel_str))
      served.push_back(fmt::format("ROCm {} ({})", amd.serves.str(), amd.url));
  }
  notes.insert(
      notes.begin(),
      fmt::format("--source amd: AMD has no {} index for {}; PyTorch's {} was chosen (AMD's serve {})", channel_str,
                  facts.rocm.found ? "ROCm " + facts.rocm.version : std::string("a host without ROCm"), choice.index,
                  served.empty() ? std::string("nothing") : joined(served, ", ")));
  choice.warnings.insert(choice.warnings.begin(), notes.begin(), notes.end());
  return choice;
}

}  // namespace

const IndexInfo* amd_index_for(const Data& data, const pep440::Version& rocm, Channel channel) {
  const std::string_view channel_str = channel_name(channel);
  for (const IndexInfo& amd : data.amd_indexes) {
    if (amd.retired.empty() && amd.channel(channel_str) && amd.serves.contains(rocm, true)) return &amd;
  }
  return nullptr;
}

IndexChoice choose_index(const Facts& facts, const Data& data, Channel channel, Source source) {
  return source == Source::amd ? choose_amd_index(facts, data, channel) : choose_pytorch_index(facts, data, channel);
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
    text +=
        having.empty() ? "; no index in the data builds it" : fmt::format("; it is built by {}", joined(having, ", "));
    if (const GpuArch* gpu = data.find_gpu(arch)) {
      if (!gpu->hsa_override.empty()) {
        text +=
            fmt::format("; known workaround: HSA_OVERRIDE_GFX_VERSION={} ({})", gpu->hsa_override, gpu->override_note);
      } else if (!gpu->override_note.empty()) {
        text += "; " + gpu->override_note;
      }
    }
    warnings.push_back(std::move(text));
  }
  return warnings;
}

namespace {

// AMD's build for the host: the one made for its ROCm series, else the newest made for an older one
// (ordered by the build's ROCm series, never by the local label: +rocm10.0 sorts below +rocm7.0).
const AmdBuild* amd_build_for(const Facts& facts, const IndexInfo& index) {
  if (!facts.rocm.found) return nullptr;
  const pep440::Version host = must_parse(fmt::format("{}.{}", facts.rocm.major, facts.rocm.minor));
  const AmdBuild* best = nullptr;
  for (const AmdBuild& build : index.builds) {
    if (build.rocm <= host && (!best || build.rocm > best->rocm)) best = &build;
  }
  return best;
}

}  // namespace

TorchTarget torch_target(const Facts& facts, const Data& data, const IndexChoice& choice) {
  TorchTarget target;
  if (facts.torch.installed && !is_foreign_build(facts.torch, choice)) {
    target.version = facts.torch.version;
    target.installed = true;
    target.series = torch_major_minor(target.version);
    return target;
  }
  if (choice.source == Source::amd && choice.info) {
    if (const AmdBuild* build = amd_build_for(facts, *choice.info)) {
      target.version = build->torch;
      target.series = torch_major_minor(build->torch);
      target.amd = build;
      return target;
    }
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
  // PyTorch labels its builds after the index; AMD's labels are not known without a build entry.
  target.version = choice.source == Source::amd ? newest : newest + "+" + choice.index;
  target.series = torch_major_minor(newest);
  return target;
}

std::map<std::string, std::string> installed_rocm_wheels(const Facts& facts) {
  std::map<std::string, std::string> wheels;
  for (const InstalledDist& dist : facts.rocm_wheels) wheels[normalize_package_name(dist.name)] = dist.version;
  for (const auto& [name, version] : facts.packages) {
    if (is_rocm_wheel(name)) wheels.emplace(normalize_package_name(name), version);
  }
  return wheels;
}

namespace {

// torchvision for a torch that is not installed yet, or installed without it: the data's (AMD's
// exact build, PyTorch's release series), or nothing, with the reason.
void pin_missing_torchvision(const Data& data, const TorchTarget& target, const pep440::Version& torch, Pins& pins) {
  const std::string local = version_local_label(target.version);
  if (target.amd && !target.amd->torchvision.empty()) {
    pins.specs.emplace_back("torchvision", "==" + target.amd->torchvision);
  } else if (!data.find_torch(torch) && !torchvision_rule_covers(data, torch)) {
    pins.warnings.push_back(fmt::format(
        "torchvision is left unpinned: the data has no torchvision for torch {}, and the 0.(minor+15) rule is known to "
        "hold only for torch {} series the data knows (as of {})",
        target.version, data.torchvision_rule.str(), data.as_of));
  } else if (!target.installed || target.amd || torch.is_prerelease() ||
             !is_rocm_torch_build(target.version, std::nullopt)) {
    // The release series: a nightly's torchvision has its own dev stamp, a PyPI or CUDA one no label to match.
    pins.specs.emplace_back("torchvision", "==" + torchvision_series(torch) + ".*");
  } else {
    // The ROCm index builds torchvision with the same label as torch.
    pins.specs.emplace_back("torchvision", "==" + torchvision_for(data, torch) + (local.empty() ? "" : "+" + local));
  }
}

bool has_rocm_label(std::string_view version) { return version_local_label(version).starts_with("rocm"); }

}  // namespace

Pins torch_family_pins(const Facts& facts, const Data& data, const TorchTarget& target) {
  Pins pins;
  auto torch = pep440::parse_version(target.version);
  auto installed = [&](std::string_view name) -> std::string {
    if (!target.installed) return {};
    auto it = facts.packages.find(std::string(name));
    return it == facts.packages.end() ? std::string() : it->second;
  };
  if (torch) {
    if (target.amd) {
      pins.specs.emplace_back("torch", "==" + target.amd->torch);
    } else if (!target.installed) {
      pins.specs.emplace_back("torch", fmt::format("=={}.*", target.series));  // the release series the index provides
    } else {
      pins.specs.emplace_back("torch", "==" + target.version);
    }
    if (std::string v = installed("torchvision"); !v.empty()) {
      pins.specs.emplace_back("torchvision", "==" + v);
    } else {
      pin_missing_torchvision(data, target, *torch, pins);
    }
    // torchaudio only when installed: `install --torchaudio` pins it from the data.
    if (std::string v = installed("torchaudio"); !v.empty()) pins.specs.emplace_back("torchaudio", "==" + v);
    for (std::string_view triton : {"triton-rocm", "pytorch-triton-rocm", "triton"}) {
      const std::string v = installed(triton);
      // `triton` is AMD's name for its ROCm build (+rocm label); PyPI's triton is a CUDA one.
      if (!v.empty() && (triton != "triton" || has_rocm_label(v)))
        pins.specs.emplace_back(std::string(triton), "==" + v);
    }
  }
  // Every installed ROCm wheel exactly: PyPI holds unrelated projects with the same names.
  for (const auto& [name, version] : installed_rocm_wheels(facts)) pins.specs.emplace_back(name, "==" + version);
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

namespace {

// The GPUs' archs that the index has device wheels for (all its archs when no GPU is known: none).
std::vector<std::string> served_archs(const Facts& facts, const IndexInfo& index) {
  std::vector<std::string> archs;
  for (const std::string& arch : unique_archs(facts)) {
    if (index.has_arch(arch)) archs.push_back(arch);
  }
  return archs;
}

// torchaudio's pin for --torchaudio --pin: the installed one, AMD's build, the data's release (whose
// version may differ from torch's: 2.11.0 pairs with 2.11-2.14), or none for a torch the data lacks.
std::string torchaudio_spec(const Data& data, const TorchTarget& target, const Pins& pins) {
  if (std::string spec = spec_of(pins.specs, "torchaudio"); !spec.empty()) return spec;
  if (target.amd) return target.amd->torchaudio.empty() ? std::string() : "==" + target.amd->torchaudio;
  auto torch = pep440::parse_version(target.version);
  const TorchRelease* release = torch ? data.find_torch(*torch) : nullptr;
  if (!release || release->torchaudio.empty()) return {};
  if (release->torchaudio != torch->base_str()) return "==" + release->torchaudio;
  // Releases up to 2.10 carry torch's version (and build label).
  return target.installed && !torch->is_prerelease() ? "==" + target.version : fmt::format("=={}.*", target.series);
}

// `pip install` from the chosen index: --pre for a nightly or test index.
PipInstall pip_from(const IndexChoice& choice, std::vector<std::string> options = {}) {
  PipInstall pip;
  if (choice.pre) options.insert(options.begin(), "--pre");
  pip.options = std::move(options);
  pip.index_url = choice.url;
  return pip;
}

// "device-all: 25 packages, about 25 GB installed ..."
std::string device_all_text(const IndexInfo& index) {
  return fmt::format("device-all: {} packages{}", index.archs.size(),
                     index.device_all_size.empty() ? "" : ", " + index.device_all_size);
}

// An index whose torch requires every ROCm device wheel (rocm[device-all]): the host's device wheels
// first, then torch without its dependencies, then the rest of them; with the saving said.
std::vector<PipStep> narrowed_steps(const IndexChoice& choice, const Pins& pins, const InstallRequest& request,
                                    const std::vector<std::string>& archs, InstallCommand& out) {
  const IndexInfo& index = *choice.info;
  std::string rocm_spec = spec_of(pins.specs, "rocm");
  if (rocm_spec.empty()) rocm_spec = fmt::format("=={}.*", index.rocm.str());
  std::vector<std::string> extras{"libraries"};
  for (const std::string& arch : archs) extras.push_back("device-" + arch);
  std::vector<PipStep> steps;
  PipStep rocm{fmt::format("ROCm wheels for {}", joined(archs, ", ")), pip_from(choice)};
  rocm.pip.requirements.push_back(fmt::format("rocm[{}]{}", joined(extras, ","), rocm_spec));
  steps.push_back(std::move(rocm));
  PipStep torch{"torch family without its dependencies", pip_from(choice, {"--no-deps"})};
  if (request.force_reinstall) torch.pip.options.push_back("--force-reinstall");
  torch.pip.requirements = out.packages;
  out.argv = torch.argv();
  steps.push_back(std::move(torch));
  if (!index.torch_requires.empty()) {
    // Not ROCm's: from the default index.
    PipStep rest{"torch's other requirements", pip_from(choice)};
    rest.pip.index_url.clear();
    rest.pip.requirements = index.torch_requires;
    steps.push_back(std::move(rest));
  }
  out.warnings.push_back(fmt::format(
      "torch from {} asks for every ROCm device wheel ({}); the install takes only {} ({} of {} device packages) by "
      "installing rocm[{}] first and torch with --no-deps{}",
      choice.index, device_all_text(index), joined(archs, ", "), archs.size(), index.archs.size(), joined(extras, ","),
      index.torch_requires.empty() ? "" : ", then torch's other requirements"));
  return steps;
}

}  // namespace

InstallCommand install_command(const Facts& facts, const IndexChoice& choice, const TorchTarget& target,
                               const Pins& pins, const Data& data, const InstallRequest& request) {
  InstallCommand out;
  auto torch = pep440::parse_version(target.version);
  const bool amd = choice.source == Source::amd && choice.info;
  const bool pulls_device_all = !amd && choice.info && !choice.info->bundles_rocm;
  const std::vector<std::string> archs = choice.info ? served_archs(facts, *choice.info) : std::vector<std::string>{};
  auto package = [&](const std::string& name, std::string spec) {
    std::string word = name;
    if (amd && name == "torch") {
      // AMD's torch has no device code without an extra naming the GPUs.
      std::vector<std::string> extras;
      for (const std::string& arch : archs) extras.push_back("device-" + arch);
      word += fmt::format("[{}]", extras.empty() ? std::string("device-all") : joined(extras, ","));
    }
    return request.pin ? word + spec : word;
  };
  out.packages.push_back(package("torch", spec_of(pins.specs, "torch")));
  if (request.torchvision) out.packages.push_back(package("torchvision", spec_of(pins.specs, "torchvision")));
  if (request.torchaudio) {
    if (torch && data.find_torch(*torch) && !torchaudio_released_for(data, *torch)) {
      out.warnings.push_back(torchaudio_note(data, *torch));
    } else {
      const std::string spec = torchaudio_spec(data, target, pins);
      if (request.pin && spec.empty()) {
        out.warnings.push_back(
            fmt::format("torchaudio is left unpinned: the data has no torchaudio for torch {}", target.version));
      }
      out.packages.push_back(package("torchaudio", spec));
    }
  }
  if (amd && archs.empty()) {
    out.warnings.push_back(
        fmt::format("no GPU of this host is among the device targets of {}: torch[device-all] installs "
                    "all of them; give --gpu-arch to choose",
                    choice.url));
  }
  if (pulls_device_all && !archs.empty()) {
    out.steps = narrowed_steps(choice, pins, request, archs, out);
  } else {
    if (pulls_device_all) {
      out.warnings.push_back(
          fmt::format("no GPU of this host is among the device targets of {}: torch installs every "
                      "ROCm device wheel ({}); give --gpu-arch to install only yours",
                      choice.index, device_all_text(*choice.info)));
    }
    PipStep step{"torch family", pip_from(choice)};
    if (request.force_reinstall) step.pip.options.push_back("--force-reinstall");
    step.pip.requirements = out.packages;
    out.argv = step.argv();
    out.steps.push_back(std::move(step));
  }
  std::vector<std::string> lines;
  for (const PipStep& step : out.steps) lines.push_back(command_line(step.argv()));
  out.command = joined(lines, " && ");
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

// The index a wheel-based torch's ROCm wheels come from: PyTorch's index of the torch's label
// ("+rocm7.14" -> whl/rocm7.14/, nightly/ for a dev build) when the data knows that index, else AMD's.
IndexChoice rocm_wheels_index(const Data& data, const TorchFacts& torch) {
  const auto built_for = torch_rocm_release(torch);
  if (!built_for) return {};
  const RocmVersion& release = *built_for;
  const std::string label = version_local_label(torch.version);
  const std::string pytorch_name = fmt::format("rocm{}.{}", release.major, release.minor);
  const auto version = pep440::parse_version(torch.version);
  const Channel channel = version && version->is_prerelease() ? Channel::nightly : Channel::stable;
  IndexChoice choice;
  choice.channel = channel;
  const IndexInfo* info = data.find_index(pytorch_name);
  if (label == pytorch_name && info) {
    choice = choice_of(*info, channel, Source::pytorch);
  } else if (const auto rocm = pep440::parse_version(release.text)) {
    // AMD's own index for that ROCm (torches labelled +rocm7.14.0, +rocm10.1.0 come from there).
    if (const IndexInfo* amd = amd_index_for(data, *rocm, channel)) choice = choice_of(*amd, channel, Source::amd);
  }
  return choice;
}

Plan make_plan(const Facts& facts, const Data& data, const PlanOptions& options) {
  Plan plan;
  plan.index = choose_index(facts, data, options.channel, options.source);
  plan.stable_url = choose_index(facts, data, Channel::stable, options.source).url;
  if (const IndexChoice nightly = choose_index(facts, data, Channel::nightly, options.source); nightly.info) {
    if (facts.rocm.found) plan.nightly_url = nightly.url;
    if (const ChannelBuild* build = nightly.info->channel("nightly"); build && build->is_retired()) {
      plan.nightly_retired = build->retired;
    }
  }
  plan.target = torch_target(facts, data, plan.index);
  plan.pins = torch_family_pins(facts, data, plan.target);
  plan.deps = dependency_specs(data, plan.target.version, options.include_vllm);
  plan.matrix_row = dep_row(data, plan.target.version).label;
  if (facts.torch.is_rocm_build) plan.rocm_wheels = rocm_wheels_index(data, facts.torch);
  InstallRequest request = options.install;
  request.force_reinstall = is_foreign_build(facts.torch, plan.index);
  plan.install = install_command(facts, plan.index, plan.target, plan.pins, data, request);
  plan.env = environment(facts, data, plan.index);

  plan.warnings = facts.warnings;
  auto add = [&](const std::vector<std::string>& more) {
    for (const std::string& w : more) {
      if (std::find(plan.warnings.begin(), plan.warnings.end(), w) == plan.warnings.end()) plan.warnings.push_back(w);
    }
  };
  add(plan.index.warnings);
  add(arch_warnings(facts, data, plan.index));
  add(plan.pins.warnings);
  if (auto tv = facts.packages.find("torchvision"); plan.target.installed && tv != facts.packages.end() &&
                                                    !torchvision_pairs(data, plan.target.version, tv->second)) {
    if (auto torch = pep440::parse_version(plan.target.version)) {
      const std::string label = version_local_label(plan.target.version);
      plan.torchvision_wanted = torchvision_for(data, *torch) + (label.empty() ? "" : "+" + label);
    }
    add(
        {fmt::format("the installed torchvision {} does not pair with torch {}; its pin keeps it: "
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

}  // namespace gator
