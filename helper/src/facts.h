#pragma once
// Facts: what is true of the host, each with the source that said so. Filled by the probes
// (probe_*.h) or by command-line overrides; read by the pure decision code (plan.h).
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gator {

struct RocmInstall {
  std::string root;     // "/opt/rocm-7.0.2" (as seen by the user: without --root's prefix)
  std::string version;  // "7.0.2", or "" when that install's version could not be read
  std::string source;   // the file or command that gave the version
  // "legacy" (/opt/rocm-X.Y.Z), "core-sdk" (/opt/rocm/core-X.Y, TheRock native packages),
  // "wheels" (rocm-sdk-core in the inspected Python environment), "distribution" (/usr),
  // "override" (--rocm). "" when not known.
  std::string kind;
  std::string build;                 // the exact build when known ("10.1.0a20260909", therock_manifest.json)
  std::vector<std::string> targets;  // GPU targets the build was made for (share/therock/dist_info.json)
  bool in_use = false;               // the install the facts' version belongs to
};

struct RocmFacts {
  bool found = false;
  std::string version;  // as written by the source, cut at the first '-' ("6.5" stays "6.5")
  int major = 0, minor = 0, patch = 0;
  std::string root;                   // the ROCm root the version belongs to
  std::string source;                 // "/opt/rocm/.info/version", "amd-smi version", "--rocm", ...
  std::vector<RocmInstall> installs;  // every install found, /opt/rocm-X.Y.Z and the like
  std::string default_target;         // where /opt/rocm points ("/opt/rocm-7.0.2"), if a link
  std::string kind;                   // the kind of the install in use (see RocmInstall::kind)
  std::string extras_root;            // /opt/rocm/extras-N beside a Core SDK install, if present
  // Where the install keeps its CMake packages (<root>/lib/cmake, /usr/lib/<triplet>/cmake, ...).
  std::vector<std::string> cmake_prefix_path;
};

struct GpuFacts {
  int node = -1;       // KFD node id (-1 when the source has none)
  std::string arch;    // "gfx942": no feature suffix
  std::string name;    // product name from the data ("AMD Instinct MI300X"), or ""
  std::string source;  // "kfd", "rocm_agent_enumerator", "rocminfo", "--gpu-arch"
};

struct PythonFacts {
  std::string executable;                  // "" when none was found
  std::vector<std::string> site_packages;  // in search order
  std::string source;                      // "--python", "--venv", "VIRTUAL_ENV", "PATH", ... (display only)
  // The user named this environment (--python, --venv, --site-packages with --python, $VIRTUAL_ENV,
  // $CONDA_PREFIX): pip must then run as `executable -m pip`, not as whatever pip3 is on PATH.
  bool named = false;
};

struct TorchFacts {
  bool installed = false;
  std::string version;              // "2.10.0+rocm7.0"
  std::string pytorch_major_minor;  // "2.10"
  bool is_rocm_build = false;
  std::optional<std::string> rocm_build_version;  // torch.version.hip
  std::optional<std::string> rocm_release;        // torch.version.rocm (torch 2.14+: "7.2.1")
  std::optional<std::string> cuda_version;        // torch.version.cuda
  std::optional<bool> gpu_available;              // only with --probe-runtime
  std::optional<int> gpu_count;                   // only with --probe-runtime
  std::vector<std::string> device_names;          // only with --probe-runtime
  std::vector<std::string> device_archs;          // gcnArchName, only with --probe-runtime
  std::string source;                             // ".../torch/version.py", "--torch", ... (display only)
  bool overridden = false;                        // given with --torch, not found installed
  std::string cmake_prefix_path;  // where TorchConfig.cmake's package lives (<torch>/share/cmake), or ""
  std::string library_dir;        // where libtorch*.so live, or ""
  std::optional<bool> cxx11_abi;  // _GLIBCXX_USE_CXX11_ABI torch was built with, where its files say
};

// A distribution installed in the inspected Python environment.
struct InstalledDist {
  std::string name;     // as its dist-info spells it ("rocm_sdk_core" -> normalised "rocm-sdk-core")
  std::string version;  // "7.14.0"
  std::string source;   // the METADATA file that said so
};

struct Facts {
  RocmFacts rocm;
  std::vector<GpuFacts> gpus;
  std::optional<std::string> visible_devices;  // HIP_VISIBLE_DEVICES / ROCR_VISIBLE_DEVICES as set
  PythonFacts python;
  TorchFacts torch;
  // Installed distributions the data knows, keyed by the data's spelling ("huggingface_hub").
  std::map<std::string, std::string> packages;
  // ROCm's own wheels in the inspected environment (rocm, rocm-sdk-*, amd-torch-device-*), by name.
  std::vector<InstalledDist> rocm_wheels;
  // Why no GPU is listed, when that is a plain fact rather than a problem
  // ("none visible — no /dev/kfd in this environment"); "" otherwise.
  std::string gpus_note;
  // Things a person should see that arose while probing (an unreadable version file, ...).
  std::vector<std::string> warnings;
};

}  // namespace gator
