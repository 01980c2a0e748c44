#pragma once
// The plan: every decision of docs/decisions.md, made by pure functions of Facts + Data.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "data.h"
#include "facts.h"
#include "pip_command.h"

namespace gator {

enum class Channel { stable, nightly, test };
std::string_view channel_name(Channel c);
Expected<Channel> parse_channel(std::string_view text);

// Whose wheel indexes the plan takes torch from: PyTorch's (download.pytorch.org) or AMD's own.
enum class Source { pytorch, amd };
std::string_view source_name(Source s);
Expected<Source> parse_source(std::string_view text);

inline constexpr std::string_view kDownloadBase = "https://download.pytorch.org/whl/";
// https://download.pytorch.org/whl/[nightly/|test/]<index>/ (always with the trailing slash)
std::string index_url(std::string_view index, Channel channel);

struct IndexChoice {
  std::string index;  // "rocm7.0", or "cpu"; AMD's: "whl-next"
  Channel channel = Channel::stable;
  Source source = Source::pytorch;  // whose index it is (pytorch also when amd had none for the host)
  std::string url;
  bool pre = false;                 // a nightly/test index: pip needs --pre
  const IndexInfo* info = nullptr;  // null for cpu
  std::vector<std::string> warnings;
};
// The choice of one index of the data on a channel (its URL, --pre, its facts).
IndexChoice choice_of(const IndexInfo& index, Channel channel, Source source);
// AMD's own index (data.amd_indexes) that still serves ROCm `rocm` on the channel, or null.
const IndexInfo* amd_index_for(const Data& data, const pep440::Version& rocm, Channel channel);
// The index for this host: see docs/decisions.md ("Index").
IndexChoice choose_index(const Facts& facts, const Data& data, Channel channel, Source source = Source::pytorch);
// Warnings for GPU archs missing from the chosen index's wheels (which index has it, the workaround).
std::vector<std::string> arch_warnings(const Facts& facts, const Data& data, const IndexChoice& choice);

struct TorchTarget {
  std::string version;            // "2.10.0+rocm7.0"; "" when nothing is known
  bool installed = false;         // the installed torch (or --torch): pins are exact
  std::string series;             // "2.10"
  const AmdBuild* amd = nullptr;  // the AMD build it is, when it comes from AMD's index (exact pins)
};
TorchTarget torch_target(const Facts& facts, const Data& data, const IndexChoice& choice);

// name -> specifier, in install order (torch, torchvision, torchaudio, triton package).
using Specs = std::vector<std::pair<std::string, std::string>>;
struct Pins {
  Specs specs;
  std::vector<std::string> warnings;  // a companion left unpinned, and why
};
// The torch family (exact when installed, the index's series when not), then every installed ROCm
// wheel, exactly: nothing may come from the default index under those names.
Pins torch_family_pins(const Facts& facts, const Data& data, const TorchTarget& target);

// ROCm's own wheels installed in the inspected environment (rocm, rocm-sdk-*, amd-torch-device-*),
// name -> version, from the probe's list and the known packages.
std::map<std::string, std::string> installed_rocm_wheels(const Facts& facts);

// Whether a torchaudio release pairs with this torch (the data's; none for a torch it does not know).
bool torchaudio_released_for(const Data& data, const pep440::Version& torch);
// "0.25" for torch 2.10: torchvision's series is 0.(minor+15). Check torchvision_rule_covers first.
std::string torchvision_series(const pep440::Version& torch);
// Whether the 0.(minor+15) rule may be applied to this torch: inside the data's torchvision_rule
// range, and a series the data knows (not torch 1.x, not a torch newer than the data).
bool torchvision_rule_covers(const Data& data, const pep440::Version& torch);

// The torchvision release that pairs with a torch release: the data's, else 0.(minor+15).patch where
// the rule covers it, else "" (unknown: nothing is invented).
std::string torchvision_for(const Data& data, const pep440::Version& torch);

// The local label of a version ("rocm7.0" of "2.10.0+rocm7.0"); "" when it has none.
std::string version_local_label(std::string_view version);

// Whether an installed torchvision pairs with an installed torch: the companion release, and the
// same build (local label); a nightly torch pairs with any torchvision of its series.
bool torchvision_pairs(const Data& data, std::string_view torch, std::string_view torchvision);

// The index a wheel-based ROCm torch's ROCm wheels come from: PyTorch's index of the torch's label
// ("+rocm7.14" -> whl/rocm7.14/, nightly/ for a dev build) when the data knows that index, else AMD's.
IndexChoice rocm_wheels_index(const Data& data, const TorchFacts& torch);

// The matrix row for a torch version ("2.10.0.dev20251010+rocm7.0" -> the 2.10+ row).
const DepRow& dep_row(const Data& data, std::string_view torch_version);
Specs dependency_specs(const Data& data, std::string_view torch_version, bool include_vllm);
// The specs of the named libraries only (all when `names` is empty); an unknown name is an error.
Expected<Specs> select_deps(const Specs& deps, const std::vector<std::string>& names);

struct InstallRequest {
  bool torchvision = true;
  bool torchaudio = false;
  bool pin = false;
  bool force_reinstall = false;  // set by make_plan: an installed torch of the wrong build must go
};
struct InstallCommand {
  std::string command;                // one shell-safe line (several steps joined with &&)
  std::vector<std::string> argv;      // the torch step, as an argument vector (pip3 first)
  std::vector<std::string> packages;  // as named on the torch step's command line
  // Every step, in order: the torch step alone, or (an index whose torch pulls every ROCm device
  // wheel) the host's ROCm wheels, torch --no-deps, then torch's other requirements.
  std::vector<PipStep> steps;
  std::vector<std::string> warnings;
};
InstallCommand install_command(const Facts& facts, const IndexChoice& choice, const TorchTarget& target,
                               const Pins& pins, const Data& data, const InstallRequest& request);

// NAME -> value, in a stable order.
using EnvVars = std::vector<std::pair<std::string, std::string>>;
EnvVars environment(const Facts& facts, const Data& data, const IndexChoice& choice);

struct PlanOptions {
  Channel channel = Channel::stable;
  Source source = Source::pytorch;
  bool include_vllm = false;
  InstallRequest install;
};

// Every decision for one host; renderers, doctor and install only format or carry it out.
struct Plan {
  IndexChoice index;
  std::string stable_url;       // the stable index for this host, whatever the channel asked
  std::string nightly_url;      // the nightly index for this host ("" without ROCm)
  std::string nightly_retired;  // when that nightly index's builds stopped ("" while they go on)
  std::string matrix_row;       // the label of the dependency matrix row of the target torch
  // The torchvision the installed torch pairs with, when the installed torchvision does not ("" else).
  std::string torchvision_wanted;
  // Where the ROCm wheels of the installed ROCm torch come from (url "" when no index the data knows
  // serves its ROCm, or the torch names no ROCm release).
  IndexChoice rocm_wheels;
  TorchTarget target;
  Pins pins;
  Specs deps;
  InstallCommand install;
  EnvVars env;
  std::vector<std::string> warnings;  // facts' warnings first, then the plan's
};
Plan make_plan(const Facts& facts, const Data& data, const PlanOptions& options);

// A torch found installed that is not a ROCm build, on a host whose index is a ROCm one.
bool is_foreign_build(const TorchFacts& torch, const IndexChoice& choice);

// How to run pip for the inspected environment: {"pip3"}, or {EXE, "-m", "pip"} when the
// environment was named (--python, --venv, $VIRTUAL_ENV, $CONDA_PREFIX), so pip acts on that one.
std::vector<std::string> pip_program(const PythonFacts& python);

// The GPUs' architectures, each once, in the order found.
std::vector<std::string> unique_archs(const Facts& facts);

}  // namespace gator
