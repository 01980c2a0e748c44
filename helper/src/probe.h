#pragma once
// Probing the host: ROCm, GPUs, the Python environment, torch and the ML libraries, read from files
// through the System seam (system.h), with external programs only where files cannot tell.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data.h"
#include "error.h"
#include "facts.h"
#include "system.h"
#include "versions.h"

namespace gator {

struct ProbeOptions {
  std::string root = "/";                   // --root
  std::string rocm_root;                    // --rocm-root: "" = search as usual; set but holding no ROCm = error
  std::string python, venv, site_packages;  // --python, --venv, --site-packages
  bool no_exec = false;                     // --no-exec
  bool probe_runtime = false;               // --probe-runtime
  int runtime_timeout_s = 30;               // --probe-timeout
  // --rocm, --torch, --gpu-arch: a value replaces what the probes would find ("" = probe it; "none"
  // for ROCm and torch: not installed). An invalid one is an error naming the option. The environment
  // is still read under --torch when it is named (--python, --venv, --site-packages).
  std::string rocm_override, torch_override, gpu_arch_override;
  bool want_rocm = true, want_gpus = true, want_python = true;  // false: that part is left unprobed
};

// Facts from the machine; probing problems become warnings in Facts::warnings. Errors only for
// invalid input (a --rocm-root/--venv/--python/--site-packages that does not exist or holds nothing
// usable).
Expected<Facts> probe_host(const ProbeOptions& options, const Data& data, System& system);

// Existing files and directories whose change must re-run CMake's configure step (ROCm version files,
// /opt, each site-packages directory, ...); for a file that does not exist yet, its nearest existing
// directory. Real paths (with the root prefix), absolute, without duplicates.
std::vector<std::string> watch_paths(const Facts& facts, const ProbeOptions& options, System& system);

// A GPU architecture as the rest of the helper compares it: lowercase, surrounding blanks and any
// feature suffix dropped ("gfx90a:sramecc+:xnack-" -> "gfx90a", "GFX942" -> "gfx942").
std::string normalize_gfx_arch(std::string_view arch);

// ---- Parsers: text in, value (or an error naming what is wrong) out. ----

// <rocm>/.info/version: "6.3.2-66" (cut at the first '-') or "7.0.2".
Expected<RocmVersion> parse_rocm_version_file(std::string_view content);
// rocm_version.h: ROCM_VERSION_MAJOR / _MINOR / _PATCH defines.
Expected<RocmVersion> parse_rocm_version_header(std::string_view content);
// rocm-core-config-version.cmake: set(PACKAGE_VERSION "6.2.4").
Expected<RocmVersion> parse_rocm_core_cmake_version(std::string_view content);
// `amd-smi version`: "... | ROCm version: 7.0.2 | ..."; "N/A" is an error.
Expected<RocmVersion> parse_amd_smi_version(std::string_view output);
// dpkg-query / rpm: "1:6.2.4.60204-139~24.04" -> 6.2.4 (epoch, build number and release dropped).
Expected<RocmVersion> parse_package_manager_version(std::string_view output);
// hip_version.h: HIP_VERSION_MAJOR / _MINOR / _PATCH defines ("5.2.21153": the patch is HIP's build).
Expected<RocmVersion> parse_hip_version_header(std::string_view content);
// The soname version of libamdhip64 ("libamdhip64.so.5.2.21153" -> 5.2.21153); an error for
// "libamdhip64.so" and "libamdhip64.so.5", which do not carry the whole version.
Expected<RocmVersion> parse_hip_soname(std::string_view file_name);
// The ROCm series a HIP version came with, where that is known (facts-2026-12 §3d/§3e): up to HIP
// 6.x and for 7.0-7.2 the HIP major.minor is the ROCm major.minor; HIP 7.14 came with ROCm 7.14.
// From ROCm 10 the HIP major (7.15, 7.16) no longer names the ROCm release: nullopt, never a guess.
std::optional<RocmVersion> rocm_series_for_hip(const RocmVersion& hip);
// TheRock's share/therock/therock_manifest.json: its rocm_package_version ("10.1.0a20260909").
Expected<std::string> parse_therock_manifest(std::string_view json_text);
// TheRock's share/therock/dist_info.json: dist_amdgpu_targets split at ';' ("gfx908;gfx90a").
Expected<std::vector<std::string>> parse_therock_dist_targets(std::string_view json_text);
// The GPU target of a ROCm device wheel ("rocm-sdk-device-gfx942" -> "gfx942"); "" for other names.
std::string rocm_device_wheel_target(std::string_view normalized_name);

// A KFD topology node's properties file holds one "name value" line per property. kfd_property: the
// value of NAME, trimmed (the last line wins), or nullopt. kfd_number: the same as a number, or
// nullopt when absent or no unsigned 64-bit number (unique_id keeps its bits). No copy, no map: the
// probe asks for three properties of each node.
std::optional<std::string_view> kfd_property(std::string_view text, std::string_view name);
std::optional<long long> kfd_number(std::string_view text, std::string_view name);
// gfx_target_version -> "gfx942" (90402), "gfx90a" (90010); "" for 0 (a CPU node) and for a value
// that names no architecture (out of range, or a minor or stepping with no one-digit spelling).
std::string decode_gfx_target_version(long long value);
// `rocm_agent_enumerator` output: archs without gfx000 and without feature suffixes, in order.
std::vector<std::string> parse_agent_enumerator(std::string_view output);
// `rocminfo` output: the "Name: gfx..." line of each GPU agent, feature suffixes dropped.
std::vector<std::string> parse_rocminfo_agents(std::string_view output);
// Keeps the GPUs a HIP_VISIBLE_DEVICES / ROCR_VISIBLE_DEVICES value selects, in its order. An
// index out of range ends the list (as the runtime does); a token that is not an index (a UUID)
// keeps every GPU, with a warning.
std::vector<GpuFacts> select_visible_devices(const std::vector<GpuFacts>& gpus, std::string_view value,
                                             std::string_view variable, std::vector<std::string>& warnings);

struct TorchVersionFile {
  std::string version;              // __version__
  std::optional<std::string> hip;   // None -> nullopt
  std::optional<std::string> rocm;  // the ROCm release (torch 2.14 and later); None -> nullopt
  std::optional<std::string> cuda;
};
// torch/version.py, annotated (`hip: Optional[str] = '...'`) or plain (`hip = '...'`).
Expected<TorchVersionFile> parse_torch_version_py(std::string_view text);

// TorchConfig.cmake: the _GLIBCXX_USE_CXX11_ABI=0|1 of TORCH_CXX_FLAGS; nullopt when absent.
std::optional<bool> parse_torch_cxx11_abi(std::string_view torch_config);

struct DistName {
  std::string name;     // as in the directory name ("huggingface_hub")
  std::string version;  // "" when the name has none ("foo.egg-info")
};
// "transformers-4.57.1.dist-info", "foo-1.0-py3.11.egg-info", "foo.egg-info"; nullopt otherwise.
std::optional<DistName> parse_dist_dir_name(std::string_view entry);
// METADATA / PKG-INFO: the Name and Version headers (before the first blank line).
Expected<DistName> parse_dist_metadata(std::string_view text);

struct PythonPaths {
  std::string executable;
  std::vector<std::string> site_packages;
};
// The one JSON line printed by the site-packages query script.
Expected<PythonPaths> parse_python_paths(std::string_view output);

struct RuntimeReport {
  bool gpu_available = false;
  int gpu_count = 0;
  std::vector<std::string> device_names;
  std::vector<std::string> device_archs;  // gcnArchName without feature suffixes
};
// The "GATOR_RUNTIME {json}" line printed by the --probe-runtime script.
Expected<RuntimeReport> parse_runtime_report(std::string_view output);

}  // namespace gator
