#pragma once
// The compatibility data: indexes, torch releases and companions, the dependency matrix, the extras
// families and the GPU architectures. Loaded from TOML (helper/data/compat.toml is compiled in;
// --data replaces it). Every entry keeps the source it came from.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "pep440.h"

namespace gator {

// One channel (stable, nightly, test) of one index.
struct ChannelBuild {
  std::vector<std::string> torch;  // releases published there ("2.10.0"); series for nightly ("2.15")
  std::string newest;              // newest torch published there ("2.10.0")
  std::string since;               // when the channel started building this set ("2025-09"), if known
  std::string retired;             // when it stopped ("2026-02"); "" while still built
  bool is_retired() const { return !retired.empty(); }
  bool operator==(const ChannelBuild&) const = default;
};

// One torch build on one of AMD's own indexes, with its companions as AMD labels them.
struct AmdBuild {
  pep440::Version rocm;     // the ROCm series it was built for (10.1)
  std::string torch;        // "2.14.0+rocm10.1.0"
  std::string torchvision;  // "0.29.0a0+rocm10.1.0"; "" when the data does not know it
  std::string torchaudio;   // "2.11.0.3+rocm10.1.0"; "" when the data does not know it
  bool operator==(const AmdBuild&) const = default;
};

struct IndexInfo {
  std::string name;                              // "rocm7.0", "rocm6.2.4"; AMD's: "whl-next"
  pep440::Version rocm;                          // 7.0, 6.2.4
  std::map<std::string, ChannelBuild> channels;  // by channel name
  std::vector<std::string> archs;                // gfx archs its wheels serve (from rocm7.14: its device wheels)
  bool bundles_rocm = true;                      // wheels carry ROCm user space (false from rocm7.14)
  // Without bundled ROCm: the ROCm dists of the index other than the per-arch device wheels
  // ("rocm", "rocm-sdk-core", "rocm-sdk-libraries"); the device wheels are rocm-sdk-device-<arch>.
  std::vector<std::string> rocm_wheels;
  std::string device_all_size;  // what all device wheels together take ("about 25 GB installed")
  // torch's and torchvision's requirements other than ROCm and triton, installed on their own when
  // torch is installed --no-deps (to keep it from pulling every device wheel).
  std::vector<std::string> torch_requires;
  std::string note;  // shown as a warning whenever the index is chosen
  std::string source;
  // AMD's indexes only ([[amd_index]]):
  std::string url;               // absolute URL; "" for PyTorch's (index_url() builds those)
  pep440::SpecifierSet serves;   // the host ROCm versions it serves (">=10.0")
  std::vector<AmdBuild> builds;  // its torch builds, by ROCm series
  std::string retired;           // why it is no longer used ("no new per-family releases")
  const ChannelBuild* channel(std::string_view name) const;
  bool has_arch(std::string_view arch) const;
  bool operator==(const IndexInfo&) const = default;
};

struct TorchRelease {
  pep440::Version version;           // 2.10.0
  std::string torchvision;           // "0.25.0"
  std::string torchaudio;            // "2.10.0"; "" when none was released for it
  std::string torchaudio_note;       // why there is none
  std::string triton_package;        // "pytorch-triton-rocm" / "triton-rocm"
  std::string triton_version;        // "3.6.0", "3.5.*"; "" when unknown
  bool inferred = false;             // the triton row is marked inferred in the sources
  std::vector<std::string> indexes;  // stable indexes it was published on
  std::string source;
  bool operator==(const TorchRelease&) const = default;
};

struct DepRow {
  std::string label;           // "2.10+", "2.4-2.9", "fallback"
  pep440::SpecifierSet torch;  // matched against the torch major.minor; empty for the fallback
  std::vector<std::pair<std::string, std::string>> specs;  // in order: transformers, diffusers, ...
  std::string vllm;                                        // vLLM's specifier, used only on request
  std::string source;
  bool operator==(const DepRow&) const = default;
};

struct ExtrasFamily {
  std::string name;                       // "rocm70"
  std::string index;                      // the index to install it from ("rocm7.2")
  std::vector<std::string> torch_family;  // PEP 508 strings for torch, torchvision, ...
  std::string deps_torch;                 // a torch version whose matrix row gives its ML libraries ("2.10")
  std::string note;                       // why it looks the way it does (shown as a comment)
  bool default_family = true;             // written when no --extra is given
  std::string source;
  bool operator==(const ExtrasFamily&) const = default;
};

struct GpuProduct {
  std::string device_id;  // PCI device id, "0x74a1"
  std::string name;       // "AMD Instinct MI300X"
  bool operator==(const GpuProduct&) const = default;
};

struct GpuArch {
  std::string arch;                   // "gfx942"
  std::vector<std::string> products;  // "MI300A", "MI300X", ...
  std::vector<GpuProduct> devices;    // exact names by PCI device id
  std::string hsa_override;           // known HSA_OVERRIDE_GFX_VERSION workaround ("10.3.0"), or ""
  std::string override_note;          // its caveats
  std::string last_index;             // the newest index that works for it ("rocm6.3"), "" when not limited
  std::string last_index_note;        // why newer ones do not
  std::string source;
  bool operator==(const GpuArch&) const = default;
};

// The overlay `gator-rocm refresh` wrote, when it was merged over the built-in data.
struct OverlayInfo {
  std::string path;
  std::string refreshed;  // when refresh last read the indexes ("2026-12-01T22:40:33Z"), if known
  long age_days = 0;      // days since then (since the file was written, if not known)
  bool operator==(const OverlayInfo&) const = default;
};

struct Data {
  std::string origin;                        // "built-in" or the --data file's path
  std::string as_of;                         // "2026-11"
  std::vector<IndexInfo> indexes;            // ascending by ROCm version
  std::vector<TorchRelease> torch_releases;  // ascending by version
  std::vector<DepRow> dep_rows;              // first match wins
  DepRow fallback;
  std::vector<ExtrasFamily> extras;
  std::vector<GpuArch> gpus;
  std::vector<std::string> packages;   // every distribution the data knows, in its spelling
  std::vector<IndexInfo> amd_indexes;  // AMD's own indexes (--source amd), in the data's order
  // The torch versions for which torchvision is 0.(minor+15).patch, the rule's only range.
  pep440::SpecifierSet torchvision_rule;
  std::string torchvision_rule_source;
  std::optional<OverlayInfo> overlay;  // set when a refresh overlay was merged in

  const IndexInfo* find_index(std::string_view name) const;
  const TorchRelease* find_torch(const pep440::Version& v) const;  // by release (local label ignored)
  const GpuArch* find_gpu(std::string_view arch) const;
  // Whether the data knows torch's release series (2.14 from a release, 2.16 from a nightly set).
  bool knows_series(const pep440::Version& torch) const;
  // "AMD Instinct MI300X" by device id when known, else the arch's products, else "".
  std::string product_name(std::string_view arch, std::string_view device_id = {}) const;
  // The data's spelling of a distribution name, matched after PEP 503 normalisation; "" if unknown.
  std::string known_package(std::string_view name) const;
  // Field by field (versions and specifiers as pep440 compares them).
  bool operator==(const Data&) const = default;
};

// Whether a distribution is one of ROCm's own wheels (rocm, rocm-sdk-*, amd-torch-device-*, ...).
bool is_rocm_wheel(std::string_view name);

// The leading distribution name of a PEP 508 string ("torch>=2.10" -> "torch").
std::string requirement_name(std::string_view requirement);

// PEP 503 normalisation: lowercase, runs of '-', '_', '.' become one '-'.
std::string normalize_package_name(std::string_view name);

// Parses and checks the data; errors name `origin`, the line and the key.
Expected<Data> parse_data(std::string_view toml_text, std::string origin);
// The compiled-in data: helper/data/compat.toml, parsed and checked at build time and compiled into
// tables (data_tables.h); built once, on first use.
const Data& builtin_data();

}  // namespace gator
