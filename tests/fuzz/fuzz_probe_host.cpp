// A whole probe over an in-memory machine whose files and program output come from the input:
// never a crash, never a hang, and the facts keep their promises.
#include "fake_system.h"
#include "fuzz_support.h"
#include "probe.h"

using namespace gator;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  static const char* const kFiles[] = {
      "/opt/rocm-7.0.2/.info/version",
      "/opt/rocm-7.0.2/include/rocm-core/rocm_version.h",
      "/sys/class/kfd/kfd/topology/nodes/0/properties",
      "/sys/class/kfd/kfd/topology/nodes/1/properties",
      "/venv/pyvenv.cfg",
      "/venv/lib/python3.12/site-packages/torch-2.9.0+rocm7.0.dist-info/METADATA",
      "/venv/lib/python3.12/site-packages/torch/version.py",
  };
  constexpr std::size_t kPrograms = 3;  // rocminfo, rocm_agent_enumerator, python3 output
  auto parts = fuzz::fields(fuzz::as_text(data, size), std::size(kFiles) + kPrograms + 1);
  parts.resize(std::size(kFiles) + kPrograms + 1);
  FakeSystem sys;
  for (std::size_t i = 0; i < std::size(kFiles); ++i) sys.file(kFiles[i], std::string(parts[i]));
  sys.link("/opt/rocm", "rocm-7.0.2");
  std::size_t next = std::size(kFiles);
  sys.program("/opt/rocm-7.0.2/bin/rocminfo", std::string(parts[next++]));
  sys.program("/opt/rocm-7.0.2/bin/rocm_agent_enumerator", std::string(parts[next++]));
  sys.program("/venv/bin/python3", std::string(parts[next++]));
  sys.env_var("HIP_VISIBLE_DEVICES", std::string(parts[next]));
  sys.env_var("PATH", "/usr/bin");
  ProbeOptions options;
  options.venv = "/venv";
  options.probe_runtime = true;
  auto facts = probe_host(options, builtin_data(), sys);
  if (!facts) return 0;
  for (const GpuFacts& gpu : facts->gpus) FUZZ_CHECK(gpu.arch.rfind("gfx", 0) == 0);
  if (facts->torch.gpu_count) FUZZ_CHECK(*facts->torch.gpu_count >= 0);
  (void)watch_paths(*facts, options, sys);
  return 0;
}
