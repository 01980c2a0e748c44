// --rocm, --torch, --gpu-arch as the probe layer applies them (ProbeOptions::*_override).
#include <catch2/catch.hpp>

#include "probe_test_support.h"

using namespace gator;
using namespace gator::test;

namespace {
FakeSystem machine_with_rocm_and_gpu() {
  FakeSystem sys;
  sys.file("/opt/rocm-6.2.4/.info/version", "6.2.4-139\n").link("/opt/rocm", "/opt/rocm-6.2.4");
  sys.file("/dev/kfd", "").file(std::string(kNodes) + "1/properties", kfd_node(90402, 0x74a1));
  sys.file("/srv/venv/pyvenv.cfg", "home = /usr/bin\n").dir("/srv/venv/lib/python3.12/site-packages");
  sys.file("/srv/venv/lib/python3.12/site-packages/transformers-4.57.1.dist-info/METADATA",
           dist_metadata("transformers", "4.57.1"));
  return sys;
}
}  // namespace

TEST_CASE("overrides replace what the probes find, each naming itself as the source", "[probe][overrides]") {
  FakeSystem sys = machine_with_rocm_and_gpu();
  ProbeOptions options;
  options.no_exec = true;
  Facts detected = probe_host(options, builtin_data(), sys).value();
  REQUIRE(detected.rocm.version == "6.2.4");
  REQUIRE(detected.gpus.size() == 1);

  options.rocm_override = "7.0.2-66";
  options.gpu_arch_override = "GFX1100,gfx90a:xnack-";
  options.torch_override = "2.10.0+rocm7.0";
  Facts facts = probe_host(options, builtin_data(), sys).value();
  CHECK(facts.rocm.version == "7.0.2");
  CHECK(facts.rocm.source == "--rocm");
  REQUIRE(facts.gpus.size() == 2);
  CHECK(facts.gpus[0].arch == "gfx1100");
  CHECK(facts.gpus[1].arch == "gfx90a");
  CHECK(facts.gpus[0].source == "--gpu-arch");
  CHECK(facts.torch.version == "2.10.0+rocm7.0");
  CHECK(facts.torch.is_rocm_build);
  CHECK(facts.packages.empty());  // --torch alone: the environment is not read

  options.venv = "/srv/venv";  // ... unless it is named
  CHECK(probe_host(options, builtin_data(), sys).value().packages.count("transformers") == 1);

  options.rocm_override = options.torch_override = "none";
  Facts none = probe_host(options, builtin_data(), sys).value();
  CHECK_FALSE(none.rocm.found);
  CHECK_FALSE(none.torch.installed);
  CHECK(none.torch.source == "--torch");
}

TEST_CASE("an invalid override is an error naming its option and value", "[probe][overrides]") {
  FakeSystem sys = machine_with_rocm_and_gpu();
  auto error_of = [&](void (*set)(ProbeOptions&)) {
    ProbeOptions options;
    options.no_exec = true;
    set(options);
    auto facts = probe_host(options, builtin_data(), sys);
    REQUIRE_FALSE(facts);
    return facts.error().message;
  };
  CHECK(error_of([](ProbeOptions& o) { o.rocm_override = "seven"; }) ==
        "--rocm: 'seven' is not a ROCm version (like 7.0.2 or 6.4)");
  CHECK(error_of([](ProbeOptions& o) { o.torch_override = "2.x"; }) == "--torch: '2.x' is not a PEP 440 version");
  CHECK(error_of([](ProbeOptions& o) { o.gpu_arch_override = "gfx942,,gfx90a"; }) ==
        "--gpu-arch: 'gfx942,,gfx90a' has an empty item");
  CHECK(error_of([](ProbeOptions& o) { o.gpu_arch_override = "mi300x"; }) ==
        "--gpu-arch: 'mi300x' is not a GPU architecture like gfx942");
}
