#pragma once
// Helpers shared by the probe_*_test.cpp files: in-memory machines and probe calls.
#include <algorithm>
#include <string>
#include <vector>

#include "data.h"
#include "fake_system.h"
#include "probe.h"

namespace gator::test {

inline bool any_contains(const std::vector<std::string>& lines, const std::string& needle) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(needle) != std::string::npos; });
}

inline bool ran(const FakeSystem& system, const std::string& program) {
  return std::any_of(system.runs().begin(), system.runs().end(), [&](const std::vector<std::string>& argv) {
    return !argv.empty() && base_name(argv[0]) == program;
  });
}

// Probes only what `what` names ("rocm", "gpus", "python").
inline Facts probe_only(FakeSystem& system, const std::string& what, ProbeOptions options = {}) {
  options.want_rocm = what == "rocm";
  options.want_gpus = what == "gpus";
  options.want_python = what == "python";
  auto facts = probe_host(options, builtin_data(), system);
  if (!facts) throw std::runtime_error(facts.error().message);
  return *facts;
}

// A KFD node's properties file.
inline std::string kfd_node(long long gfx_target_version, long long device_id = 0, long long vendor_id = 4098) {
  std::string text = "cpu_cores_count 0\nsimd_count 304\n";
  text += "gfx_target_version " + std::to_string(gfx_target_version) + "\n";
  if (gfx_target_version != 0) {
    text += "vendor_id " + std::to_string(vendor_id) + "\ndevice_id " + std::to_string(device_id) + "\n";
  } else {
    text += "vendor_id 0\ndevice_id 0\n";
  }
  return text + "location_id 0\ndrm_render_minor 128\n";
}

inline const char* const kNodes = "/sys/class/kfd/kfd/topology/nodes/";

inline std::string dist_metadata(const std::string& name, const std::string& version) {
  return "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\nSummary: x\n\nName: not-this\n";
}

}  // namespace gator::test
