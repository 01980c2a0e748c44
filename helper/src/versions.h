#pragma once
// ROCm and torch versions as the plan reads them: parsing and labels only, no I/O (the probes that
// find them are in probe.h). Defined in probe_rocm.cpp and probe_torch.cpp.
#include <optional>
#include <string>
#include <string_view>

#include "error.h"
#include "facts.h"

namespace gator {

struct RocmVersion {
  std::string text;  // as written ("6.5", "7.0.2")
  int major = 0, minor = 0, patch = 0;
};
// "7.0.2", "6.5" (patch 0), "7.0.2.0": two to four dot-separated numbers.
Expected<RocmVersion> parse_rocm_version(std::string_view text);
// A ROCm Python wheel's version ("7.10.0a20251124" -> 7.10.0).
Expected<RocmVersion> parse_rocm_wheel_version(std::string_view version);
// A ROCm build: a non-empty hip, or a local label starting with rocm / devrocm / rocmsdk.
bool is_rocm_torch_build(std::string_view version, const std::optional<std::string>& hip);
// The ROCm release a torch was built for: version.py's rocm field when given, else the local label
// ("2.14.1+rocm7.14" -> 7.14, "2.14.0+rocm10.1.0" -> 10.1.0, "2.10.0a0+rocm7.10.0a20251015" ->
// 7.10.0); nullopt when neither names one ("+rocmsdk20251203", a CUDA build).
std::optional<RocmVersion> torch_rocm_release(const TorchFacts& torch);
// "2.10.0+rocm7.0" -> "2.10"; "" when the version does not parse.
std::string torch_major_minor(std::string_view version);

}  // namespace gator
