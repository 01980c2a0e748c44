#include "doctor.h"

#include <algorithm>

#include <fmt/format.h>

#include "text.h"
#include "versions.h"  // torch_rocm_release

namespace gator {

namespace {

// "<pip> install [--pre] OPTIONS... REQUIREMENTS... [--index-url URL]", quoted for a shell: from the
// index when it is given, else from the default index.
std::string pip_fix(const Facts& facts, const IndexChoice* index, std::vector<std::string> options,
                    std::vector<std::string> requirements) {
  PipInstall pip;
  pip.pip = pip_program(facts.python);
  if (index && index->pre) options.insert(options.begin(), "--pre");
  pip.options = std::move(options);
  pip.requirements = std::move(requirements);
  if (index) pip.index_url = index->url;
  return command_line(pip.argv());
}

// A torch built against ROCm's Python wheels (its ROCm is at least that of the first index in the
// data whose wheels leave ROCm out: rocm7.14) loads ROCm's libraries from rocm-sdk-core; without it,
// importing torch fails (facts-2026-12 §5.14).
std::optional<Finding> missing_rocm_wheels(const Facts& facts, const Plan& plan, const Data& data) {
  const TorchFacts& torch = facts.torch;
  if (!torch.is_rocm_build) return std::nullopt;
  const auto release = torch_rocm_release(torch);
  if (!release) return std::nullopt;
  const auto first_unbundled = std::find_if(data.indexes.begin(), data.indexes.end(),
                                            [](const IndexInfo& index) { return !index.bundles_rocm; });
  const auto rocm = pep440::parse_version(release->text);
  if (first_unbundled == data.indexes.end() || !rocm || *rocm < first_unbundled->rocm) return std::nullopt;
  const bool has_core = std::any_of(facts.rocm_wheels.begin(), facts.rocm_wheels.end(),
                                    [](const InstalledDist& dist) { return dist.name == "rocm-sdk-core"; });
  if (has_core) return std::nullopt;
  std::string extras = "libraries";
  for (const std::string& arch : unique_archs(facts)) extras += ",device-" + arch;
  const std::string requirement = fmt::format("rocm[{}]=={}.{}.*", extras, release->major, release->minor);
  const IndexChoice& wheels_index = plan.rocm_wheels;
  return Finding{fmt::format("torch {} is built against ROCm {}.{} as Python wheels, but rocm-sdk-core is not "
                             "installed beside it ({}), so torch cannot load ROCm's libraries",
                             torch.version, release->major, release->minor, torch.source),
                 wheels_index.url.empty() ? std::string()  // no index the data knows serves that ROCm
                                          : pip_fix(facts, &wheels_index, {}, {requirement})};
}

}  // namespace

std::vector<Finding> doctor_findings(const Facts& facts, const Plan& plan, const Data& data) {
  std::vector<Finding> findings;
  const TorchFacts& torch = facts.torch;
  if (!torch.installed) {
    findings.push_back({"torch is not installed", plan.install.command});
    return findings;
  }
  if (is_foreign_build(torch, plan.index)) {
    // Replace the torch family, then bring the ML libraries back inside the row of the new torch
    // (one that came with the wrong torch may require a newer torch than the index has).
    std::vector<std::string> family, libraries;
    for (const auto& [name, spec] : plan.pins.specs) family.push_back(name + spec);
    for (const auto& [name, spec] : plan.deps) {
      if (facts.packages.count(name)) libraries.push_back(name + spec);
    }
    std::string fix = pip_fix(facts, &plan.index, {"--force-reinstall"}, family);
    if (!libraries.empty()) {
      libraries.insert(libraries.end(), family.begin(), family.end());
      fix += " && " + pip_fix(facts, nullptr, {}, libraries);
    }
    findings.push_back(
        {fmt::format("torch {} is {} on a ROCm {} host", torch.version,
                     torch.cuda_version ? "a CUDA " + *torch.cuda_version + " build" : "not a ROCm build",
                     facts.rocm.version),
         fix});
    return findings;  // every companion follows from the torch that replaces it
  }
  if (auto finding = missing_rocm_wheels(facts, plan, data)) findings.push_back(std::move(*finding));
  auto version = pep440::parse_version(torch.version);
  if (!version) return findings;
  const std::string label = version_local_label(torch.version);
  auto installed = [&](const std::string& name) -> std::string {
    auto it = facts.packages.find(name);
    return it == facts.packages.end() ? std::string() : it->second;
  };

  if (!plan.torchvision_wanted.empty()) {
    const std::string& want = plan.torchvision_wanted;
    findings.push_back({fmt::format("torchvision {} does not pair with torch {} (it needs torchvision {})",
                                    installed("torchvision"), torch.version, want),
                        pip_fix(facts, &plan.index, {"--force-reinstall", "--no-deps"}, {"torchvision==" + want})});
  }
  if (std::string ta = installed("torchaudio"); !ta.empty()) {
    const TorchRelease* release = data.find_torch(*version);
    if (release && release->torchaudio.empty()) {
      findings.push_back({fmt::format("torchaudio {} is installed, but none pairs with torch {}: {}", ta, torch.version,
                                      release->torchaudio_note),
                          [&] {
                            std::vector<std::string> argv = pip_program(facts.python);
                            argv.insert(argv.end(), {"uninstall", "-y", "torchaudio"});
                            return command_line(argv);
                          }()});
    } else if (release && release->torchaudio != version->base_str()) {
      // A torchaudio release that serves several torch series (2.11.0 for torch 2.11-2.14).
      if (auto a = pep440::parse_version(ta); !a || a->public_str() != release->torchaudio) {
        findings.push_back(
            {fmt::format("torchaudio {} does not pair with torch {} (it needs torchaudio {}: {})", ta, torch.version,
                         release->torchaudio, release->torchaudio_note),
             pip_fix(facts, &plan.index, {"--force-reinstall", "--no-deps"}, {"torchaudio==" + release->torchaudio})});
      }
    } else if (auto a = pep440::parse_version(ta);
               release && (!a || a->public_str() != version->public_str() || version_local_label(ta) != label)) {
      findings.push_back(
          {fmt::format("torchaudio {} does not pair with torch {}", ta, torch.version),
           pip_fix(facts, &plan.index, {"--force-reinstall", "--no-deps"}, {"torchaudio==" + torch.version})});
    }
  }
  // The ML libraries: each inside its matrix specifier, fixed without letting pip touch torch.
  for (const auto& [name, spec] : plan.deps) {
    std::string v = installed(name);
    if (v.empty()) continue;
    auto parsed = pep440::parse_version(v);
    auto specs = pep440::parse_specifier_set(spec);
    if (parsed && specs && specs->contains(*parsed, true)) continue;
    findings.push_back(
        {fmt::format("{} {} is outside {} (the matrix row for torch {})", name, v, spec, plan.target.series),
         pip_fix(facts, nullptr, {}, {name + spec, "torch==" + torch.version})});
  }
  return findings;
}

}  // namespace gator
