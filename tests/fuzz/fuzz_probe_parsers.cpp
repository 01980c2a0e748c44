// Every parser of what the probes read (files and program output): never a crash, never an
// exception, and what they return keeps its promises.
#include "fuzz_support.h"
#include "probe.h"

using namespace gator;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  for (const std::string& arch : parse_rocminfo_agents(text)) {
    FUZZ_CHECK(arch.rfind("gfx", 0) == 0 && arch != "gfx000");
  }
  for (const std::string& arch : parse_agent_enumerator(text)) FUZZ_CHECK(arch.rfind("gfx", 0) == 0);
  for (std::string_view name : {"gfx_target_version", "vendor_id", "device_id"}) {
    const std::string arch = decode_gfx_target_version(kfd_number(text, name).value_or(0));
    FUZZ_CHECK(arch.empty() || (arch.size() >= 6 && arch.size() <= 7));
    if (auto value = kfd_property(text, name)) FUZZ_CHECK(value->size() < text.size());
  }
  for (auto parse :
       {parse_rocm_version, parse_rocm_version_file, parse_rocm_version_header, parse_rocm_core_cmake_version,
        parse_amd_smi_version, parse_package_manager_version, parse_rocm_wheel_version}) {
    if (auto version = parse(text)) FUZZ_CHECK(parse_rocm_version(version->text));
  }
  (void)parse_torch_version_py(text);
  (void)parse_dist_dir_name(text);
  (void)parse_dist_metadata(text);
  (void)parse_python_paths(text);
  if (auto report = parse_runtime_report(text)) FUZZ_CHECK(report->gpu_count >= 0);
  (void)normalize_gfx_arch(text);
  std::vector<GpuFacts> gpus(3, GpuFacts{1, "gfx942", "x", "kfd"});
  std::vector<std::string> warnings;
  FUZZ_CHECK(select_visible_devices(gpus, text, "HIP_VISIBLE_DEVICES", warnings).size() <= gpus.size());
  return 0;
}
