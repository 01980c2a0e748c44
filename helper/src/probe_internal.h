#pragma once
// Shared by the probe_*.cpp files: the state of one probe run and the helpers that reach the machine.
#include <charconv>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include "text.h"  // split, parse_number

#include <fmt/format.h>

#include "probe.h"

namespace gator::probe {

inline constexpr std::chrono::seconds kToolTimeout{5};  // amd-smi, rocminfo, dpkg-query, ...
inline constexpr std::chrono::seconds kPythonQueryTimeout{10};

struct Context {
  const ProbeOptions& options;
  const Data& data;
  System& system;
  std::vector<std::string> warnings;

  template <class... Args>
  void warn(fmt::format_string<Args...> format, Args&&... args) {
    std::string text = fmt::format(format, std::forward<Args>(args)...);
    for (auto& w : warnings)
      if (w == text) return;
    warnings.push_back(std::move(text));
  }
  // The first executable `name` in dirs, then on PATH; nullopt when there is none.
  std::optional<std::string> find_program(std::string_view name, const std::vector<std::string>& dirs = {});
  // Runs a tool with a time limit: its output, or why it failed ("did not finish within 5 s and was
  // stopped", "exited with status 2 (...)").
  Expected<std::string> try_tool(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);
  // try_tool; nullopt (and a warning naming `what` and the reason) when it fails in any way.
  // Never called under --no-exec (callers check options.no_exec first).
  std::optional<std::string> run_tool(const std::vector<std::string>& argv, std::string_view what,
                                      std::chrono::milliseconds timeout = kToolTimeout);
};

// What the site-packages scan found: each distribution's version (first site-packages wins).
struct InstalledDist {
  std::string version;
  std::string metadata;  // the METADATA / PKG-INFO path the version came from ("" if from the name)
  std::string location;  // the .dist-info / .egg-info entry
};
using InstalledDists = std::map<std::string, InstalledDist>;  // by PEP 503 normalised name

// The probes, in the order probe_host runs them.
Expected<PythonFacts> probe_python(Context& ctx);
InstalledDists scan_site_packages(Context& ctx, const std::vector<std::string>& site_packages);
TorchFacts probe_torch(Context& ctx, const std::vector<std::string>& site_packages, const InstalledDists& dists);
void probe_runtime(Context& ctx, const PythonFacts& python, TorchFacts& torch);
Expected<RocmFacts> probe_rocm(Context& ctx, const InstalledDists& dists);
// The GPUs; `note` says why none is visible when that is a plain fact (Facts::gpus_note).
std::vector<GpuFacts> probe_gpus(Context& ctx, const RocmFacts& rocm, std::optional<std::string>& visible,
                                 std::string& note);
// Where the ROCm install keeps its CMake packages, each a directory that holds some (probe_native.cpp):
// <root>/lib/<triplet>/cmake, <root>/lib64/cmake, <root>/lib/cmake, and for ROCm from wheels the
// site-packages' _rocm_sdk_devel/lib/cmake.
std::vector<std::string> rocm_cmake_prefixes(Context& ctx, const RocmFacts& rocm,
                                             const std::vector<std::string>& site_packages);
// torch's CMake package (cmake_prefix_path), library directory and C++ ABI, from its files.
void probe_torch_native(Context& ctx, const std::vector<std::string>& site_packages, TorchFacts& torch);
// HIP_VISIBLE_DEVICES if set, else ROCR_VISIBLE_DEVICES.
std::optional<std::string> visible_devices_value(Context& ctx);

// The overrides of ProbeOptions applied to facts (probe_overrides.cpp): each replaces its part.
Expected<void> apply_rocm_override(const std::string& text, Facts& facts);
Expected<void> apply_torch_override(const std::string& text, Facts& facts);
Expected<void> apply_gpu_override(const std::string& text, const Data& data, Facts& facts);

// Directory names ordered newest first by the runs of digits in them ("rocm-6.10.0" before
// "rocm-6.9.0", "python3.12" before "python3.9"); a run too long to be a number counts as smaller
// than any number. Names with equal numbers keep their order.
std::vector<std::string> sort_newest_first(std::vector<std::string> names);

}  // namespace gator::probe
