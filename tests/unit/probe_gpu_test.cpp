// GPU detection: KFD decoding, the tool fallbacks, visible-device variables, and defect 8.
#include <catch2/catch.hpp>

#include "probe.h"
#include "probe_test_support.h"

using namespace gator;
using gator::test::any_contains;
using gator::test::kfd_node;
using gator::test::kNodes;
using gator::test::probe_only;
using gator::test::ran;

TEST_CASE("decode_gfx_target_version: stepping is one hex digit", "[probe][gpu]") {
  CHECK(decode_gfx_target_version(90000) == "gfx900");
  CHECK(decode_gfx_target_version(90010) == "gfx90a");
  CHECK(decode_gfx_target_version(90402) == "gfx942");
  CHECK(decode_gfx_target_version(110000) == "gfx1100");
  CHECK(decode_gfx_target_version(110501) == "gfx1151");
  CHECK(decode_gfx_target_version(120001) == "gfx1201");
  CHECK(decode_gfx_target_version(100301) == "gfx1031");
  CHECK(decode_gfx_target_version(0).empty());
}

TEST_CASE("kfd_property and kfd_number", "[probe][gpu]") {
  const std::string_view text =
      "cpu_cores_count 0\ngfx_target_version 90402\r\nlocal_mem_size 206141652992\nbad\n  name_with_tab\t  7 \n"
      "gfx_target_version_x 1\ndevice_id 29857\ndevice_id 29856\n";
  CHECK(kfd_number(text, "gfx_target_version") == 90402);
  CHECK(kfd_number(text, "local_mem_size") == 206141652992LL);
  CHECK(kfd_number(text, "cpu_cores_count") == 0);
  CHECK(kfd_number(text, "name_with_tab") == 7);
  CHECK(kfd_number(text, "device_id") == 29856);  // the last line of a name wins
  CHECK_FALSE(kfd_property(text, "bad"));         // a name without a value is no property
  CHECK_FALSE(kfd_property(text, "gfx_target"));  // names match whole
  CHECK_FALSE(kfd_property(text, "vendor_id"));
  CHECK(kfd_property("simd_count   \n", "simd_count") == std::nullopt);
  CHECK(kfd_property("marketing  Instinct MI300X \n", "marketing") == "Instinct MI300X");
  CHECK_FALSE(kfd_number("", "gfx_target_version"));
}

TEST_CASE("parse_agent_enumerator drops gfx000 and feature suffixes", "[probe][gpu]") {
  CHECK(parse_agent_enumerator("gfx000\ngfx90a:xnack-\ngfx90a:sramecc+:xnack-\n\n") ==
        std::vector<std::string>{"gfx90a", "gfx90a"});
}

TEST_CASE("parse_rocminfo_agents reads agent names only", "[probe][gpu]") {
  const char* out =
      "ROCk module version 6.8.5 is loaded\n=====================\nHSA System Attributes\n"
      "Runtime Version:         1.14\n==========\nHSA Agents\n*******\nAgent 1\n*******\n"
      "  Name:                    AMD EPYC 9654 96-Core Processor\n  Marketing Name:          AMD EPYC 9654\n"
      "*******\nAgent 2\n*******\n  Name:                    gfx90a\n  Marketing Name:          AMD Instinct MI250X\n"
      "  ISA Info:\n    ISA 1\n      Name:                    amdgcn-amd-amdhsa--gfx90a:sramecc+:xnack-\n"
      "*******\nAgent 3\n*******\n  Name:                    gfx1100\n";
  CHECK(parse_rocminfo_agents(out) == std::vector<std::string>{"gfx90a", "gfx1100"});
}

TEST_CASE("KFD: every GPU node in node order, CPU nodes and other vendors skipped, named by device id",
          "[probe][gpu]") {
  FakeSystem sys;
  sys.file(std::string(kNodes) + "0/properties", kfd_node(0));
  for (int node = 1; node <= 10; ++node) {
    sys.file(std::string(kNodes) + std::to_string(node) + "/properties", kfd_node(90402, 0x74a1));
  }
  sys.file(std::string(kNodes) + "11/properties", kfd_node(90402, 0x1234, 0x10de));
  Facts facts = probe_only(sys, "gpus");
  REQUIRE(facts.gpus.size() == 10);
  CHECK(facts.gpus[0].node == 1);
  CHECK(facts.gpus[9].node == 10);  // numeric, not "10" < "2"
  CHECK(facts.gpus[0].arch == "gfx942");
  CHECK(facts.gpus[0].name == "AMD Instinct MI300X");
  CHECK(facts.gpus[0].source == "kfd");
  CHECK(sys.runs().empty());
}

TEST_CASE("defect 8: an MI250X is gfx90a, never gfx900 by its name", "[probe][gpu][defect]") {
  FakeSystem sys;
  sys.file(std::string(kNodes) + "1/properties", kfd_node(90010, 0x740c));
  Facts facts = probe_only(sys, "gpus");
  REQUIRE(facts.gpus.size() == 1);
  CHECK(facts.gpus[0].arch == "gfx90a");
  CHECK(facts.gpus[0].name == "AMD Instinct MI250X/MI250");
}

TEST_CASE("masked KFD nodes: warning, then rocm_agent_enumerator", "[probe][gpu]") {
  FakeSystem sys;
  sys.file(std::string(kNodes) + "0/properties", kfd_node(0))
      .error(std::string(kNodes) + "1/properties", FileErrorKind::permission_denied)
      .file("/opt/rocm-6.2.4/.info/version", "6.2.4\n")
      .link("/opt/rocm", "rocm-6.2.4")
      .file("/dev/kfd", "")
      .program("/opt/rocm-6.2.4/bin/rocm_agent_enumerator", "gfx000\ngfx90a:xnack-\n");
  ProbeOptions options;
  options.want_python = false;
  auto facts = probe_host(options, builtin_data(), sys);
  REQUIRE(facts);
  REQUIRE(facts->gpus.size() == 1);
  CHECK(facts->gpus[0].arch == "gfx90a");
  CHECK(facts->gpus[0].source == "rocm_agent_enumerator");
  CHECK(facts->gpus[0].node == -1);
  CHECK(any_contains(facts->warnings, "KFD topology is masked"));
}

TEST_CASE("an empty (masked) KFD topology: warning, then the tools", "[probe][gpu]") {
  FakeSystem sys;
  sys.file(std::string(kNodes) + ".keep", "")
      .file("/dev/kfd", "")
      .program("/usr/bin/rocm_agent_enumerator", "gfx000\ngfx1100\n")
      .env_var("PATH", "/usr/bin");
  Facts facts = probe_only(sys, "gpus");
  REQUIRE(facts.gpus.size() == 1);
  CHECK(facts.gpus[0].arch == "gfx1100");
  CHECK(any_contains(facts.warnings, "lists no nodes"));
}

TEST_CASE("no KFD: a hanging enumerator is a warning, then rocminfo", "[probe][gpu]") {
  FakeSystem sys;
  sys.program("/usr/bin/rocm_agent_enumerator",
              [](const std::vector<std::string>&) {
                RunResult r;
                r.started = true;
                r.timed_out = true;
                return r;
              })
      .program("/usr/bin/rocminfo", "Agent 2\n  Name:   gfx1031\n")
      .file("/dev/kfd", "")
      .env_var("PATH", "/usr/bin");
  Facts facts = probe_only(sys, "gpus");
  REQUIRE(facts.gpus.size() == 1);
  CHECK(facts.gpus[0].arch == "gfx1031");
  CHECK(facts.gpus[0].source == "rocminfo");
  CHECK(facts.gpus[0].name == "AMD Radeon RX 6700 XT / Radeon RX 6750 XT");
  CHECK(any_contains(facts.warnings, "rocm_agent_enumerator (/usr/bin/rocm_agent_enumerator) did not finish"));
}

TEST_CASE("a rocminfo that cannot be executed is a warning, not a crash", "[probe][gpu][defect]") {
  FakeSystem sys;
  sys.file("/opt/rocm/.info/version", "6.0.0\n").file("/dev/kfd", "");
  sys.program("/opt/rocm/bin/rocminfo", [](const std::vector<std::string>&) {
    RunResult r;
    r.start_error = "permission denied";
    return r;
  });
  ProbeOptions options;
  options.want_python = false;
  auto facts = probe_host(options, builtin_data(), sys);
  REQUIRE(facts);
  CHECK(facts->gpus.empty());
  CHECK(any_contains(facts->warnings, "rocminfo (/opt/rocm/bin/rocminfo) could not be started (permission denied)"));
}

TEST_CASE("option --no-exec: KFD only", "[probe][gpu]") {
  FakeSystem sys;
  sys.program("/usr/bin/rocminfo", "  Name: gfx90a\n").file("/dev/kfd", "").env_var("PATH", "/usr/bin");
  ProbeOptions options;
  options.no_exec = true;
  Facts facts = probe_only(sys, "gpus", options);
  CHECK(facts.gpus.empty());
  CHECK(sys.runs().empty());
}

TEST_CASE("no /dev/kfd and no GPU in the topology: the tools are not run, a plain fact instead", "[probe][gpu]") {
  auto container = [] {
    FakeSystem sys;
    sys.file("/opt/rocm-6.3.2/.info/version", "6.3.2-66\n")
        .link("/opt/rocm", "rocm-6.3.2")
        .program("/opt/rocm-6.3.2/bin/rocm_agent_enumerator", "", 1, "Traceback (most recent call last):\n")
        .program("/opt/rocm-6.3.2/bin/rocminfo", "", 1, "libkmod: ERROR could not open /proc/modules\n");
    return sys;
  };
  ProbeOptions options;
  options.want_python = false;

  SECTION("no /dev/kfd, no topology") {
    FakeSystem sys = container();
    auto facts = probe_host(options, builtin_data(), sys);
    REQUIRE(facts);
    CHECK(facts->gpus.empty());
    CHECK(sys.runs().empty());
    CHECK(facts->warnings.empty());
    CHECK(facts->gpus_note ==
          "none visible — no /dev/kfd in this environment; give --gpu-arch to plan for GPUs this "
          "machine cannot see");
  }
  SECTION("no /dev/kfd, a masked topology: no warning about the mask either") {
    FakeSystem sys = container();
    sys.file(std::string(kNodes) + ".keep", "");
    auto facts = probe_host(options, builtin_data(), sys);
    REQUIRE(facts);
    CHECK(sys.runs().empty());
    CHECK(facts->warnings.empty());
    CHECK(any_contains({facts->gpus_note}, "no /dev/kfd"));
  }
  SECTION("/dev/kfd that this user may not open") {
    FakeSystem sys = container();
    sys.error("/dev/kfd", FileErrorKind::permission_denied);
    auto facts = probe_host(options, builtin_data(), sys);
    REQUIRE(facts);
    CHECK(sys.runs().empty());
    CHECK(facts->warnings.empty());
    CHECK(any_contains({facts->gpus_note}, "/dev/kfd is not accessible"));
    CHECK(any_contains({facts->gpus_note}, "--gpu-arch"));
  }
  SECTION("/dev/kfd there: the tools are asked, their failures are warnings, no note") {
    FakeSystem sys = container();
    sys.file("/dev/kfd", "");
    auto facts = probe_host(options, builtin_data(), sys);
    REQUIRE(facts);
    CHECK(ran(sys, "rocminfo"));
    CHECK(any_contains(facts->warnings, "rocminfo"));
    CHECK(facts->gpus_note.empty());
  }
  SECTION("GPUs in the topology are listed without /dev/kfd, and no note") {
    FakeSystem sys = container();
    sys.file(std::string(kNodes) + "0/properties", kfd_node(0))
        .file(std::string(kNodes) + "1/properties", kfd_node(90402));
    auto facts = probe_host(options, builtin_data(), sys);
    REQUIRE(facts);
    REQUIRE(facts->gpus.size() == 1);
    CHECK(facts->gpus_note.empty());
  }
}

TEST_CASE("HIP_VISIBLE_DEVICES / ROCR_VISIBLE_DEVICES select and order GPUs, and are reported", "[probe][gpu]") {
  auto machine = [] {
    FakeSystem sys;
    sys.file(std::string(kNodes) + "0/properties", kfd_node(0));
    sys.file(std::string(kNodes) + "1/properties", kfd_node(90402, 0x74a1));
    sys.file(std::string(kNodes) + "2/properties", kfd_node(90010, 0x740c));
    sys.file(std::string(kNodes) + "3/properties", kfd_node(110000, 0x744c));
    return sys;
  };
  FakeSystem hip = machine();
  hip.env_var("HIP_VISIBLE_DEVICES", "2,0");
  Facts facts = probe_only(hip, "gpus");
  REQUIRE(facts.gpus.size() == 2);
  CHECK(facts.gpus[0].arch == "gfx1100");
  CHECK(facts.gpus[1].arch == "gfx942");
  CHECK(facts.visible_devices == std::optional<std::string>("2,0"));

  FakeSystem both = machine();
  both.env_var("ROCR_VISIBLE_DEVICES", "1,2").env_var("HIP_VISIBLE_DEVICES", "1");
  facts = probe_only(both, "gpus");
  REQUIRE(facts.gpus.size() == 1);
  CHECK(facts.gpus[0].arch == "gfx1100");  // HIP's 1 is the second of what ROCr left

  FakeSystem out_of_range = machine();
  out_of_range.env_var("HIP_VISIBLE_DEVICES", "0,7,1");
  facts = probe_only(out_of_range, "gpus");
  REQUIRE(facts.gpus.size() == 1);
  CHECK(any_contains(facts.warnings, "no device 7"));

  FakeSystem uuid = machine();
  uuid.env_var("ROCR_VISIBLE_DEVICES", "GPU-4b2c1d");
  facts = probe_only(uuid, "gpus");
  CHECK(facts.gpus.size() == 3);
  CHECK(any_contains(facts.warnings, "not a device index"));
  CHECK(facts.visible_devices == std::optional<std::string>("GPU-4b2c1d"));

  FakeSystem empty = machine();
  empty.env_var("HIP_VISIBLE_DEVICES", "");
  facts = probe_only(empty, "gpus");
  CHECK(facts.gpus.empty());

  FakeSystem unset = machine();
  CHECK_FALSE(probe_only(unset, "gpus").visible_devices.has_value());
}

TEST_CASE("no ROCm and no GPU: quiet", "[probe][gpu]") {
  FakeSystem sys;
  ProbeOptions options;
  options.want_python = false;
  auto facts = probe_host(options, builtin_data(), sys);
  REQUIRE(facts);
  CHECK(facts->gpus.empty());
  CHECK_FALSE(facts->rocm.found);
  CHECK(facts->warnings.empty());
  CHECK_FALSE(ran(sys, "rocminfo"));
}

TEST_CASE("normalize_gfx_arch: lowercase, feature suffix and blanks dropped", "[probe][gpu]") {
  CHECK(normalize_gfx_arch("gfx90a:sramecc+:xnack-") == "gfx90a");
  CHECK(normalize_gfx_arch("GFX942") == "gfx942");
  CHECK(normalize_gfx_arch(" gfx1100 \n") == "gfx1100");
  CHECK(normalize_gfx_arch("gfx1151:xnack-") == "gfx1151");
  CHECK(normalize_gfx_arch(":xnack-").empty());
  CHECK(normalize_gfx_arch("").empty());
  CHECK(parse_agent_enumerator("GFX90A:xnack+\n") == std::vector<std::string>{"gfx90a"});
}

TEST_CASE("KFD: a node directory whose name is too large to be a number is skipped, not a crash", "[probe][gpu]") {
  FakeSystem sys;
  sys.file(std::string(kNodes) + "0/properties", kfd_node(0))
      .file(std::string(kNodes) + "1/properties", kfd_node(90402, 0x74a1))
      .file(std::string(kNodes) + "99999999999999999999/properties", kfd_node(90010, 0x740c))
      .file(std::string(kNodes) + "2147483648/properties", kfd_node(90010, 0x740c));  // INT_MAX + 1
  Facts facts = probe_only(sys, "gpus");
  REQUIRE(facts.gpus.size() == 1);
  CHECK(facts.gpus[0].node == 1);
  CHECK(facts.gpus[0].arch == "gfx942");

  FakeSystem only_huge;
  only_huge.file(std::string(kNodes) + "99999999999999999999/properties", kfd_node(90010)).file("/dev/kfd", "");
  facts = probe_only(only_huge, "gpus");
  CHECK(facts.gpus.empty());
  CHECK(any_contains(facts.warnings, "lists no nodes"));
}

TEST_CASE("kfd_number: unbounded and signed values never throw", "[probe][gpu]") {
  const std::string_view text = "unique_id 18446744073709551615\nhuge 999999999999999999999999\nneg -1\nx 12abc\n";
  CHECK(kfd_number(text, "unique_id") == -1);  // its 64 bits, kept
  CHECK_FALSE(kfd_number(text, "huge"));
  CHECK_FALSE(kfd_number(text, "neg"));
  CHECK_FALSE(kfd_number(text, "x"));
  CHECK(kfd_property(text, "x") == "12abc");
}

TEST_CASE("a visible-device index too large for any integer is out of range", "[probe][gpu]") {
  std::vector<GpuFacts> gpus{{1, "gfx942", "", "kfd"}, {2, "gfx942", "", "kfd"}};
  std::vector<std::string> warnings;
  auto selected = select_visible_devices(gpus, "1,99999999999999999999999,0", "HIP_VISIBLE_DEVICES", warnings);
  REQUIRE(selected.size() == 1);
  CHECK(selected[0].node == 2);
  CHECK(any_contains(warnings, "there is no device 99999999999999999999999 (2 GPUs found)"));
}
