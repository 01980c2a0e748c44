// ROCm detection: the parsers of each source, the order of sources, and the original's defects 1-4.
#include <catch2/catch.hpp>

#include "probe.h"
#include "probe_test_support.h"

using namespace gator;
using gator::test::any_contains;
using gator::test::probe_only;
using gator::test::ran;

TEST_CASE("parse_rocm_version_file: both formats, cut at the first '-', kept as written", "[probe][rocm]") {
  auto old_format = parse_rocm_version_file("6.3.2-66\n");
  REQUIRE(old_format);
  CHECK(old_format->text == "6.3.2");
  CHECK(old_format->patch == 2);
  CHECK(parse_rocm_version_file("7.0.2").value().text == "7.0.2");
  auto short_form = parse_rocm_version_file("6.5-1");
  REQUIRE(short_form);
  CHECK(short_form->text == "6.5");  // "6.5" stays "6.5" ...
  CHECK(short_form->major == 6);
  CHECK(short_form->minor == 5);
  CHECK(short_form->patch == 0);  // ... and means 6.5.0
  auto four = parse_rocm_version_file("7.0.2.0\n");
  REQUIRE(four);
  CHECK(four->text == "7.0.2.0");
  CHECK(four->patch == 2);
  CHECK_FALSE(parse_rocm_version_file("garbage"));
  CHECK_FALSE(parse_rocm_version_file(""));
  CHECK_FALSE(parse_rocm_version_file("7"));
  CHECK_FALSE(
      parse_rocm_version_file("\x7f"
                              "ELF\x02\x01"));
  CHECK(parse_rocm_version_file("junk!").error().message.find("junk!") != std::string::npos);
}

TEST_CASE("parse_rocm_version_header and the rocm-core CMake file", "[probe][rocm]") {
  const char* header =
      "#ifndef ROCM_VERSION_H\n#define ROCM_VERSION_MAJOR   6\n#define ROCM_VERSION_MINOR   2\n"
      "#define ROCM_VERSION_PATCH   4\n#define ROCM_BUILD_INFO  \"6.2.4.60204-139-abc\"\n";
  CHECK(parse_rocm_version_header(header).value().text == "6.2.4");
  CHECK_FALSE(parse_rocm_version_header("#define ROCM_VERSION_MAJOR 6\n"));
  CHECK(parse_rocm_core_cmake_version("set(PACKAGE_VERSION \"6.2.4\")\nif(...)").value().text == "6.2.4");
  CHECK_FALSE(parse_rocm_core_cmake_version("set(OTHER \"1.0\")"));
  CHECK_FALSE(parse_rocm_core_cmake_version("unset(PACKAGE_VERSION \"1.0\")"));
  CHECK(parse_rocm_core_cmake_version("unset(X)\nset (\n  PACKAGE_VERSION\t\"7.14.0\")").value().text == "7.14.0");
  CHECK(parse_rocm_version_header("# define HIP_VERSION_MAJOR 1\n#  define ROCM_VERSION_MAJOR ( 7 )\n"
                                  "#define ROCM_VERSION_MINOR 14\n#define ROCM_VERSION_PATCH 0\n")
            .value()
            .text == "7.14.0");
}

TEST_CASE("the version parsers take a megabyte of one character without running out of stack", "[probe][rocm]") {
  // std::regex recursed once per character here and a fuzzer found the stack overflow.
  for (char fill : {' ', 'x', '"', '#', '\n'}) {
    const std::string big(1 << 20, fill);
    CHECK_FALSE(parse_rocm_core_cmake_version("set(PACKAGE_VERSION \"" + big));
    CHECK_FALSE(parse_amd_smi_version("ROCm version:" + big + "|"));
    CHECK_FALSE(parse_rocm_version_header("#define ROCM_VERSION_MAJOR" + big));
  }
}

TEST_CASE("parse_amd_smi_version reads the ROCm field only", "[probe][rocm]") {
  CHECK(parse_amd_smi_version("AMDSMI Tool: 26.0.2+abc | AMDSMI Library version: 26.0.2 | ROCm version: 7.0.2 | "
                              "amdgpu version: 6.14.14\n")
            .value()
            .text == "7.0.2");
  CHECK_FALSE(parse_amd_smi_version("AMDSMI Tool: 24.6.3 | AMDSMI Library version: 24.6.3 | ROCm version: N/A\n"));
  CHECK_FALSE(parse_amd_smi_version("AMDSMI Library version: 26.0.2"));  // never the tool's own version
}

TEST_CASE("parse_package_manager_version drops epoch, build number and release", "[probe][rocm]") {
  CHECK(parse_package_manager_version("6.2.4.60204-139~24.04").value().text == "6.2.4");
  CHECK(parse_package_manager_version("1:6.3.1.60301-48~22.04\n").value().text == "6.3.1");
  CHECK(parse_package_manager_version("6.2.4.60204").value().text == "6.2.4");
  CHECK_FALSE(parse_package_manager_version("package rocm-core is not installed"));
  CHECK(parse_rocm_wheel_version("7.10.0a20251124").value().text == "7.10.0");
}

namespace {

FakeSystem two_installs() {
  FakeSystem sys;
  sys.file("/opt/rocm-6.2.4/.info/version", "6.2.4-139\n")
      .file("/opt/rocm-7.0.2/.info/version", "7.0.2\n")
      .link("/opt/rocm", "/etc/alternatives/rocm")
      .link("/etc/alternatives/rocm", "/opt/rocm-7.0.2");
  return sys;
}

}  // namespace

TEST_CASE("/opt/rocm and every /opt/rocm-X.Y.Z: installs and the default target", "[probe][rocm]") {
  FakeSystem sys = two_installs();
  Facts facts = probe_only(sys, "rocm");
  CHECK(facts.rocm.found);
  CHECK(facts.rocm.version == "7.0.2");
  CHECK(facts.rocm.root == "/opt/rocm-7.0.2");
  CHECK(facts.rocm.source == "/opt/rocm/.info/version");
  CHECK(facts.rocm.default_target == "/opt/rocm-7.0.2");
  REQUIRE(facts.rocm.installs.size() == 2);
  CHECK(facts.rocm.installs[0].root == "/opt/rocm-6.2.4");
  CHECK(facts.rocm.installs[0].version == "6.2.4");
  CHECK(facts.rocm.installs[1].root == "/opt/rocm-7.0.2");
  CHECK(facts.warnings.empty());
  CHECK(sys.runs().empty());
}

TEST_CASE("ROCM_PATH is ROCm's own choice and wins; a wrong one is reported", "[probe][rocm]") {
  FakeSystem sys = two_installs();
  sys.env_var("ROCM_PATH", "/opt/rocm-6.2.4");
  Facts facts = probe_only(sys, "rocm");
  CHECK(facts.rocm.version == "6.2.4");
  CHECK(facts.rocm.source == "/opt/rocm-6.2.4/.info/version");

  FakeSystem wrong = two_installs();
  wrong.env_var("ROCM_PATH", "/nowhere").env_var("ROCM_HOME", "/opt/rocm-6.2.4/..");
  facts = probe_only(wrong, "rocm");
  CHECK(any_contains(facts.warnings, "ROCM_PATH=/nowhere"));
  CHECK(any_contains(facts.warnings, "ROCM_HOME=/opt"));  // holds no readable version
  CHECK(facts.rocm.version == "7.0.2");
}

TEST_CASE("HIP_PATH=<rocm>/hip names its ROCm", "[probe][rocm]") {
  FakeSystem sys;
  sys.file("/opt/rocm-5.7.0/.info/version", "5.7.0-63\n").dir("/opt/rocm-5.7.0/hip");
  sys.env_var("HIP_PATH", "/opt/rocm-5.7.0/hip");
  Facts facts = probe_only(sys, "rocm");
  CHECK(facts.rocm.version == "5.7.0");
  CHECK(facts.rocm.root == "/opt/rocm-5.7.0");
}

TEST_CASE("defect 1: a garbage version file does not end detection", "[probe][rocm][defect]") {
  FakeSystem sys;
  sys.file("/opt/rocm/.info/version", "not a version\n")
      .file("/opt/rocm/include/rocm-core/rocm_version.h",
            "#define ROCM_VERSION_MAJOR 6\n#define ROCM_VERSION_MINOR 1\n#define ROCM_VERSION_PATCH 3\n");
  Facts facts = probe_only(sys, "rocm");
  CHECK(facts.rocm.found);
  CHECK(facts.rocm.version == "6.1.3");
  CHECK(facts.rocm.source == "/opt/rocm/include/rocm-core/rocm_version.h");
  CHECK(any_contains(facts.warnings, "/opt/rocm/.info/version holds no ROCm version"));
}

TEST_CASE("the older header location and the rocm-core CMake file are sources too", "[probe][rocm]") {
  FakeSystem old;
  old.file("/opt/rocm/include/rocm_version.h",
           "#define ROCM_VERSION_MAJOR 5\n#define ROCM_VERSION_MINOR 4\n#define ROCM_VERSION_PATCH 2\n");
  CHECK(probe_only(old, "rocm").rocm.source == "/opt/rocm/include/rocm_version.h");
  FakeSystem cmake;
  cmake.file("/opt/rocm/lib/cmake/rocm-core/rocm-core-config-version.cmake", "set(PACKAGE_VERSION \"6.4.1\")\n");
  Facts facts = probe_only(cmake, "rocm");
  CHECK(facts.rocm.version == "6.4.1");
  CHECK(facts.rocm.source == "/opt/rocm/lib/cmake/rocm-core/rocm-core-config-version.cmake");
}

TEST_CASE("an unreadable version file is a warning, and the next source is tried", "[probe][rocm][defect]") {
  FakeSystem sys;
  sys.error("/opt/rocm-6.2.4/.info/version", FileErrorKind::permission_denied)
      .file("/opt/rocm-6.2.4/include/rocm-core/rocm_version.h",
            "#define ROCM_VERSION_MAJOR 6\n#define ROCM_VERSION_MINOR 2\n#define ROCM_VERSION_PATCH 4\n")
      .link("/opt/rocm", "rocm-6.2.4");
  Facts facts = probe_only(sys, "rocm");
  CHECK(facts.rocm.version == "6.2.4");
  CHECK(any_contains(facts.warnings, "cannot read /opt/rocm/.info/version (permission denied)"));
  CHECK(facts.warnings.size() == 1);  // not repeated for the install /opt/rocm points to
}

TEST_CASE("defect 3: /opt/rocm without a readable version is not ROCm 5.7.0", "[probe][rocm][defect]") {
  FakeSystem sys;
  sys.dir("/opt/rocm/bin").file("/opt/rocm/.info/version", "");
  Facts facts = probe_only(sys, "rocm");
  CHECK_FALSE(facts.rocm.found);
  CHECK(facts.rocm.version.empty());
  CHECK(facts.rocm.installs.empty());
  CHECK(any_contains(facts.warnings, "not guessing"));
}

TEST_CASE("defect 2: rocminfo, hipconfig and SMI versions are never the ROCm version", "[probe][rocm][defect]") {
  FakeSystem sys;
  sys.dir("/opt/rocm/lib")
      .program("/opt/rocm/bin/rocminfo", "ROCk module version 6.8.5 is loaded\nRuntime Version: 1.14\n")
      .program("/opt/rocm/bin/hipconfig", "6.0.32830-d62f6a171")
      .program("/opt/rocm/bin/rocm-smi", "ROCM-SMI version: 3.0.0+abc\nROCM-SMI-LIB version: 7.4.0\n")
      .program("/opt/rocm/bin/amd-smi", "AMDSMI Tool: 24.6.3 | AMDSMI Library version: 24.6.3 | ROCm version: N/A\n");
  sys.env_var("PATH", "/opt/rocm/bin");
  Facts facts = probe_only(sys, "rocm");
  CHECK_FALSE(facts.rocm.found);
  CHECK_FALSE(ran(sys, "rocminfo"));
  CHECK_FALSE(ran(sys, "hipconfig"));
  CHECK_FALSE(ran(sys, "rocm-smi"));
  CHECK(ran(sys, "amd-smi"));
  CHECK(any_contains(facts.warnings, "N/A"));
}

TEST_CASE("amd-smi, then the package managers, when no file tells", "[probe][rocm]") {
  FakeSystem sys;
  sys.dir("/opt/rocm-7.0.2/lib")
      .link("/opt/rocm", "rocm-7.0.2")
      .program("/opt/rocm-7.0.2/bin/amd-smi",
               "AMDSMI Tool: 26.0.2 | AMDSMI Library version: 26.0.2 | ROCm version: 7.0.2\n");
  Facts facts = probe_only(sys, "rocm");
  CHECK(facts.rocm.version == "7.0.2");
  CHECK(facts.rocm.source == "amd-smi version");
  CHECK(facts.rocm.root == "/opt/rocm-7.0.2");

  FakeSystem dpkg;
  dpkg.dir("/opt/rocm/lib").program("/usr/bin/dpkg-query", "6.2.4.60204-139~24.04", 0).env_var("PATH", "/usr/bin");
  facts = probe_only(dpkg, "rocm");
  CHECK(facts.rocm.version == "6.2.4");
  CHECK(facts.rocm.source == "dpkg-query -W rocm-core");
  REQUIRE(dpkg.runs().size() == 1);
  CHECK(dpkg.runs()[0] == std::vector<std::string>{"/usr/bin/dpkg-query", "-W", "-f=${Version}", "rocm-core"});

  FakeSystem rpm;
  rpm.program("/usr/bin/dpkg-query", "", 1, "dpkg-query: no packages found matching rocm-core")
      .program("/usr/bin/rpm", "6.3.1.60301", 0)
      .env_var("PATH", "/usr/bin");
  facts = probe_only(rpm, "rocm");
  CHECK(facts.rocm.version == "6.3.1");
  CHECK(facts.warnings.empty());  // "not installed" is an answer, not a problem
}

TEST_CASE("defect 4: a tool that cannot run or hangs is a warning", "[probe][rocm][defect]") {
  FakeSystem sys;
  sys.dir("/opt/rocm/lib");
  sys.program("/opt/rocm/bin/amd-smi", [](const std::vector<std::string>&) {
    RunResult r;
    r.started = true;
    r.timed_out = true;
    return r;
  });
  Facts facts = probe_only(sys, "rocm");
  CHECK_FALSE(facts.rocm.found);
  CHECK(any_contains(facts.warnings, "did not finish within 5 s"));
}

TEST_CASE("option --no-exec runs nothing", "[probe][rocm]") {
  FakeSystem sys;
  sys.dir("/opt/rocm/lib")
      .program("/opt/rocm/bin/amd-smi", "ROCm version: 7.0.2")
      .program("/usr/bin/dpkg-query", "6.2.4");
  sys.env_var("PATH", "/usr/bin");
  ProbeOptions options;
  options.no_exec = true;
  Facts facts = probe_only(sys, "rocm", options);
  CHECK_FALSE(facts.rocm.found);
  CHECK(sys.runs().empty());
}

TEST_CASE("option --rocm-root: used alone; missing or empty is an error naming it", "[probe][rocm]") {
  FakeSystem sys = two_installs();
  sys.file("/srv/rocm/.info/version", "6.4.0\n").dir("/srv/empty");
  ProbeOptions options;
  options.want_gpus = options.want_python = false;
  options.rocm_root = "/srv/rocm";
  auto facts = probe_host(options, builtin_data(), sys);
  REQUIRE(facts);
  CHECK(facts->rocm.version == "6.4.0");
  CHECK(facts->rocm.root == "/srv/rocm");
  options.rocm_root = "/srv/missing";
  auto missing = probe_host(options, builtin_data(), sys);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::no_rocm);
  CHECK(missing.error().message.find("/srv/missing") != std::string::npos);
  options.rocm_root = "/srv/empty";
  auto empty = probe_host(options, builtin_data(), sys);
  REQUIRE_FALSE(empty);
  CHECK(empty.error().kind == ErrorKind::no_rocm);
  CHECK(empty.error().message.find("--rocm-root /srv/empty holds no ROCm") != std::string::npos);
}

TEST_CASE("the newest readable /opt/rocm-X.Y.Z when /opt/rocm is absent", "[probe][rocm]") {
  FakeSystem sys;
  sys.file("/opt/rocm-6.10.0/.info/version", "6.10.0\n").file("/opt/rocm-6.9.0/.info/version", "6.9.0\n");
  Facts facts = probe_only(sys, "rocm");
  CHECK(facts.rocm.version == "6.10.0");
  CHECK(facts.rocm.default_target.empty());
  REQUIRE(facts.rocm.installs.size() == 2);
  CHECK(facts.rocm.installs[0].version == "6.9.0");
}

TEST_CASE("ROCm wheels in the Python environment", "[probe][rocm]") {
  FakeSystem sys;
  const std::string site = "/venv/lib/python3.12/site-packages";
  sys.file("/venv/pyvenv.cfg", "version = 3.12.3\n")
      .file(site + "/rocm_sdk_core-7.10.0a20251124.dist-info/METADATA",
            test::dist_metadata("rocm-sdk-core", "7.10.0a20251124"))
      .dir(site + "/_rocm_sdk_core/bin")
      .env_var("VIRTUAL_ENV", "/venv");
  ProbeOptions options;
  options.want_gpus = false;
  auto facts = probe_host(options, builtin_data(), sys);
  REQUIRE(facts);
  CHECK(facts->rocm.found);
  CHECK(facts->rocm.version == "7.10.0");
  CHECK(facts->rocm.root == site + "/_rocm_sdk_core");
  CHECK(facts->rocm.source == site + "/rocm_sdk_core-7.10.0a20251124.dist-info/METADATA");
  CHECK(facts->packages.at("rocm-sdk-core") == "7.10.0a20251124");
}

TEST_CASE("a dangling /opt/rocm link is reported", "[probe][rocm]") {
  FakeSystem sys;
  sys.link("/opt/rocm", "/opt/rocm-9.9.9").dir("/opt/other");
  Facts facts = probe_only(sys, "rocm");
  CHECK_FALSE(facts.rocm.found);
  CHECK(any_contains(facts.warnings, "/opt/rocm is a link to /opt/rocm-9.9.9, which does not exist"));
}

TEST_CASE("an /opt/rocm-X.Y.Z whose numbers overflow is ranked last, never a crash", "[probe][rocm]") {
  FakeSystem sys;
  sys.file("/opt/rocm-99999999999999999999.0.0/.info/version", "99999999999999999999.0.0\n")
      .file("/opt/rocm-6.2.4/.info/version", "6.2.4\n")
      .file("/opt/rocm-6.10.0/.info/version", "6.10.0\n");
  Facts facts = probe_only(sys, "rocm");
  CHECK(facts.rocm.version == "6.10.0");
  REQUIRE(facts.rocm.installs.size() == 3);
  CHECK(facts.rocm.installs[0].root == "/opt/rocm-99999999999999999999.0.0");  // oldest first
  CHECK(facts.rocm.installs[0].version.empty());
  CHECK(facts.rocm.installs[2].version == "6.10.0");

  FakeSystem only;
  only.file("/opt/rocm-99999999999999999999.0.0/.info/version", "99999999999999999999.0.0\n");
  facts = probe_only(only, "rocm");
  CHECK_FALSE(facts.rocm.found);
  CHECK(any_contains(facts.warnings, "is not a ROCm version"));
}

TEST_CASE("parse_rocm_version: a number that does not fit is an error", "[probe][rocm]") {
  CHECK_FALSE(parse_rocm_version("99999999999999999999.0.0"));
  CHECK_FALSE(parse_rocm_version("7..2"));
  CHECK_FALSE(parse_rocm_version("7.0.2."));
  CHECK(parse_rocm_version("999999999.0")->major == 999999999);
  CHECK_FALSE(parse_package_manager_version("99999999999999999999:6.2.4-1"));
}

// ---- Today's layouts (facts-2026-12 §3): Core SDK prefixes, distribution packages, ROCm wheels. ----

namespace {

const char* const kHipHeader521 =
    "#define HIP_VERSION_MAJOR 5\n#define HIP_VERSION_MINOR 2\n#define HIP_VERSION_PATCH 21153\n"
    "#define HIP_VERSION_GITHASH \"\"\n#define HIP_VERSION (HIP_VERSION_MAJOR * 10000000 + HIP_VERSION_MINOR * "
    "100000)\n";

// A Core SDK prefix as TheRock's native packages install it.
void core_prefix(FakeSystem& sys, const std::string& name, const std::string& version, const std::string& build,
                 const std::string& targets) {
  const std::string prefix = "/opt/rocm/" + name;
  sys.file(prefix + "/.info/version", version + "\n")
      .file(prefix + "/share/therock/therock_manifest.json",
            "{\"rocm_package_version\": \"" + build + "\", \"rocm_version\": \"" + version + "\"}")
      .file(prefix + "/share/therock/dist_info.json", "{\"dist_amdgpu_targets\": \"" + targets + "\"}")
      .file(prefix + "/include/rocm-core/rocm_version.h", "garbage that must not be read\n")
      .file(prefix + "/lib/librocm-core.so.1", "");
}

}  // namespace

TEST_CASE("parse_hip_version_header, parse_hip_soname", "[probe][rocm][distribution]") {
  auto hip = parse_hip_version_header(kHipHeader521);
  REQUIRE(hip);
  CHECK(hip->text == "5.2.21153");
  CHECK(hip->patch == 21153);
  CHECK_FALSE(parse_hip_version_header("#define ROCM_VERSION_MAJOR 5\n"));
  CHECK(parse_hip_soname("libamdhip64.so.5.7.31921").value().text == "5.7.31921");
  CHECK_FALSE(parse_hip_soname("libamdhip64.so.5"));
  CHECK_FALSE(parse_hip_soname("libamdhip64.so"));
  CHECK_FALSE(parse_hip_soname("libhiprtc.so.5.2.21153"));
}

TEST_CASE("rocm_series_for_hip: HIP's major.minor only where it was ROCm's; never from HIP 7.15 on",
          "[probe][rocm][distribution]") {
  auto series = [](const char* hip) -> std::string {
    auto mapped = rocm_series_for_hip(parse_rocm_version(hip).value());
    return mapped ? mapped->text : "none";
  };
  CHECK(series("5.2.21153") == "5.2");
  CHECK(series("6.4.43484") == "6.4");
  CHECK(series("7.1.25424") == "7.1");
  CHECK(series("7.2.53211") == "7.2");
  CHECK(series("7.14.60850") == "7.14");
  CHECK(series("7.15.10000") == "none");  // ROCm 10.0
  CHECK(series("7.16.26362") == "none");  // ROCm 10.1 (and 10.2: 7.16.26373)
  CHECK(series("7.5.0") == "none");       // no such ROCm
  CHECK(series("10.0.0") == "none");
}

TEST_CASE("TheRock's manifest and dist_info: the exact build and the build's targets", "[probe][rocm][core]") {
  CHECK(
      parse_therock_manifest("{\"rocm_package_version\": \"10.1.0a20260909\", \"rocm_version\": \"10.1.0\"}").value() ==
      "10.1.0a20260909");
  CHECK_FALSE(parse_therock_manifest("{\"rocm_version\": \"10.1.0\"}"));
  CHECK_FALSE(parse_therock_manifest("not json"));
  CHECK_FALSE(parse_therock_manifest("[1, 2]"));
  CHECK_FALSE(parse_therock_manifest("{\"rocm_package_version\": 10}"));
  CHECK(parse_therock_dist_targets("{\"dist_amdgpu_targets\": \"gfx908;gfx90a;GFX942;;\"}").value() ==
        std::vector<std::string>{"gfx908", "gfx90a", "gfx942"});
  CHECK_FALSE(parse_therock_dist_targets("{}"));
}

TEST_CASE("is_rocm_wheel and rocm_device_wheel_target", "[probe][rocm][wheels]") {
  for (const char* name :
       {"rocm", "rocm-sdk-core", "rocm-sdk-libraries", "rocm-sdk-libraries-gfx94x-dcgpu", "rocm-sdk-device-gfx942",
        "rocm-sdk-devel", "amd-torch-device-gfx1100", "amd-torchvision-device-gfx11"}) {
    CHECK(is_rocm_wheel(name));
  }
  for (const char* name : {"rocm-sdk-", "rocminfo", "triton-rocm", "torch", "rocm-bootstrap", "amd-torch"}) {
    CHECK_FALSE(is_rocm_wheel(name));
  }
  CHECK(rocm_device_wheel_target("rocm-sdk-device-gfx942") == "gfx942");
  CHECK(rocm_device_wheel_target("amd-torch-device-gfx942").empty());
  CHECK(rocm_device_wheel_target("rocm-sdk-core").empty());
}

TEST_CASE("Core SDK: /opt/rocm/core (update-alternatives) names the prefix in use; no /opt/rocm/.info",
          "[probe][rocm][core]") {
  FakeSystem sys;
  core_prefix(sys, "core-7.14", "7.14.1", "7.14.1", "gfx942;gfx1100");
  core_prefix(sys, "core-10.0", "10.0.0", "10.0.0rc3", "gfx942");
  sys.link("/opt/rocm/core", "/etc/alternatives/rocm-core")
      .link("/etc/alternatives/rocm-core", "/opt/rocm/core-7.14")
      .link("/opt/rocm/include", "/etc/alternatives/rocm-include")
      .link("/etc/alternatives/rocm-include", "/opt/rocm/core-7.14/include")
      .dir("/opt/rocm/extras-7/bin");
  Facts facts = probe_only(sys, "rocm");
  CHECK(facts.rocm.version == "7.14.1");
  CHECK(facts.rocm.root == "/opt/rocm/core-7.14");
  CHECK(facts.rocm.source == "/opt/rocm/core/.info/version");
  CHECK(facts.rocm.kind == "core-sdk");
  CHECK(facts.rocm.extras_root == "/opt/rocm/extras-7");
  REQUIRE(facts.rocm.installs.size() == 2);
  CHECK(facts.rocm.installs[0].root == "/opt/rocm/core-7.14");  // oldest first, by number
  CHECK(facts.rocm.installs[0].in_use);
  CHECK(facts.rocm.installs[0].targets == std::vector<std::string>{"gfx942", "gfx1100"});
  CHECK(facts.rocm.installs[1].root == "/opt/rocm/core-10.0");
  CHECK(facts.rocm.installs[1].build == "10.0.0rc3");
  CHECK_FALSE(facts.rocm.installs[1].in_use);
  CHECK(facts.warnings.empty());  // the linked rocm_version.h is never read as /opt/rocm's own
}

TEST_CASE("Core SDK: without /opt/rocm/core, an alternatives link into a prefix; else the highest by number",
          "[probe][rocm][core]") {
  FakeSystem linked;
  core_prefix(linked, "core-7.14", "7.14.0", "7.14.0", "gfx942");
  core_prefix(linked, "core-10.0", "10.0.0", "10.0.0", "gfx942");
  linked.link("/opt/rocm/lib", "/etc/alternatives/rocm-lib")
      .link("/etc/alternatives/rocm-lib", "/opt/rocm/core-7.14/lib");
  CHECK(probe_only(linked, "rocm").rocm.version == "7.14.0");

  FakeSystem unlinked;  // "7.14" > "10.0" as strings: the numbers decide
  core_prefix(unlinked, "core-7.14", "7.14.0", "7.14.0", "gfx942");
  core_prefix(unlinked, "core-10.0", "10.0.0", "10.1.0a20260909", "gfx942");
  core_prefix(unlinked, "core-asan-10.0", "10.0.0", "10.0.0", "gfx942");
  unlinked.link("/opt/rocm/core-10", "/opt/rocm/core-10.0");  // the per-major link is no install
  Facts facts = probe_only(unlinked, "rocm");
  CHECK(facts.rocm.version == "10.0.0");
  CHECK(facts.rocm.root == "/opt/rocm/core-10.0");
  CHECK(facts.rocm.source == "/opt/rocm/core-10.0/.info/version");
  REQUIRE(facts.rocm.installs.size() == 3);
  CHECK(facts.rocm.installs[0].root == "/opt/rocm/core-7.14");
  CHECK(facts.rocm.installs[2].root == "/opt/rocm/core-asan-10.0");
  CHECK(facts.rocm.installs[1].in_use);
  CHECK(facts.rocm.installs[1].build == "10.1.0a20260909");  // the nightly behind .info/version's 10.0.0
  CHECK(facts.rocm.extras_root.empty());
  CHECK(facts.warnings.empty());
}

TEST_CASE("distribution packages: rocm-core in /usr (Ubuntu multiarch, Fedora lib64)", "[probe][rocm][distribution]") {
  FakeSystem ubuntu;
  ubuntu
      .file("/usr/lib/x86_64-linux-gnu/cmake/rocm-core/rocm-core-config-version.cmake",
            "set(PACKAGE_VERSION \"7.1.0\")\n")
      .file("/usr/include/hip/hip_version.h", kHipHeader521);
  Facts facts = probe_only(ubuntu, "rocm");
  CHECK(facts.rocm.version == "7.1.0");
  CHECK(facts.rocm.root == "/usr");
  CHECK(facts.rocm.kind == "distribution");
  CHECK(facts.rocm.source == "/usr/lib/x86_64-linux-gnu/cmake/rocm-core/rocm-core-config-version.cmake");
  REQUIRE(facts.rocm.installs.size() == 1);
  CHECK(facts.rocm.installs[0].kind == "distribution");
  CHECK(facts.rocm.installs[0].in_use);

  FakeSystem fedora;
  fedora.file("/usr/lib64/cmake/rocm-core/rocm-core-config-version.cmake", "set(PACKAGE_VERSION \"7.2.2\")\n");
  CHECK(probe_only(fedora, "rocm").rocm.source == "/usr/lib64/cmake/rocm-core/rocm-core-config-version.cmake");
}

TEST_CASE("distribution packages without rocm-core (Debian): HIP's version stands in, said so",
          "[probe][rocm][distribution]") {
  FakeSystem header;
  header.file("/usr/include/hip/hip_version.h", kHipHeader521)
      .file("/usr/lib/x86_64-linux-gnu/cmake/hip/hip-config-version.cmake", "set(PACKAGE_VERSION \"5.2.0\")\n");
  Facts facts = probe_only(header, "rocm");
  CHECK(facts.rocm.version == "5.2");
  CHECK(facts.rocm.major == 5);
  CHECK(facts.rocm.minor == 2);
  CHECK(facts.rocm.root == "/usr");
  CHECK(facts.rocm.source ==
        "HIP 5.2.21153 from /usr/include/hip/hip_version.h (no rocm-core: HIP's version stands in)");
  CHECK(facts.warnings.empty());

  FakeSystem cmake;
  cmake.file("/usr/lib/x86_64-linux-gnu/cmake/hip/hip-config-version.cmake", "set(PACKAGE_VERSION \"5.7.1\")\n");
  CHECK(probe_only(cmake, "rocm").rocm.version == "5.7");

  FakeSystem runtime;  // libamdhip64-5 alone: the soname
  runtime.file("/usr/lib/x86_64-linux-gnu/libamdhip64.so.5.7.31921", "")
      .link("/usr/lib/x86_64-linux-gnu/libamdhip64.so.5", "libamdhip64.so.5.7.31921");
  facts = probe_only(runtime, "rocm");
  CHECK(facts.rocm.version == "5.7");
  CHECK(facts.rocm.source.find("HIP 5.7.31921 from /usr/lib/x86_64-linux-gnu/libamdhip64.so.5.7.31921") == 0);
}

TEST_CASE("HIP 7.16 (ROCm 10.1/10.2) names no ROCm release: not guessed, a warning, other installs still found",
          "[probe][rocm][distribution]") {
  FakeSystem sys;
  sys.file("/usr/include/hip/hip_version.h",
           "#define HIP_VERSION_MAJOR 7\n#define HIP_VERSION_MINOR 16\n#define HIP_VERSION_PATCH 26373\n");
  Facts facts = probe_only(sys, "rocm");
  CHECK_FALSE(facts.rocm.found);
  CHECK(any_contains(facts.warnings, "HIP 7.16.26373 from /usr/include/hip/hip_version.h"));
  CHECK(any_contains(facts.warnings, "not guessing"));

  sys.file("/opt/rocm-7.2.0/.info/version", "7.2.0\n");
  facts = probe_only(sys, "rocm");
  CHECK(facts.rocm.version == "7.2.0");
  CHECK(facts.rocm.kind == "legacy");
  REQUIRE(facts.rocm.installs.size() == 2);
  CHECK(facts.rocm.installs[1].root == "/usr");
  CHECK(facts.rocm.installs[1].version.empty());
  CHECK_FALSE(facts.rocm.installs[1].in_use);
}

TEST_CASE("ROCm wheels: rocm-sdk-core's version, not the rocm meta package's; device targets; .info/version checked",
          "[probe][rocm][wheels]") {
  const std::string site = "/venv/lib/python3.12/site-packages";
  FakeSystem sys;
  sys.file("/venv/pyvenv.cfg", "version = 3.12.3\n")
      .file(site + "/rocm-7.14.0.post1.dist-info/METADATA", test::dist_metadata("rocm", "7.14.0.post1"))
      .file(site + "/rocm_sdk_core-7.14.0.dist-info/METADATA", test::dist_metadata("rocm-sdk-core", "7.14.0"))
      .file(site + "/rocm_sdk_device_gfx942-7.14.0.dist-info/METADATA",
            test::dist_metadata("rocm-sdk-device-gfx942", "7.14.0"))
      .file(site + "/rocm_sdk_device_gfx1100-7.14.0.dist-info/METADATA",
            test::dist_metadata("rocm-sdk-device-gfx1100", "7.14.0"))
      .file(site + "/amd_torch_device_gfx942-2.12.0+rocm7.14.0.dist-info/METADATA",
            test::dist_metadata("amd-torch-device-gfx942", "2.12.0+rocm7.14.0"))
      .file(site + "/_rocm_sdk_core/.info/version", "7.14.0\n")
      .env_var("VIRTUAL_ENV", "/venv");
  ProbeOptions options;
  options.want_gpus = false;
  auto facts = probe_host(options, builtin_data(), sys);
  REQUIRE(facts);
  CHECK(facts->rocm.version == "7.14.0");
  CHECK(facts->rocm.kind == "wheels");
  CHECK(facts->rocm.root == site + "/_rocm_sdk_core");
  REQUIRE(facts->rocm.installs.size() == 1);
  CHECK(facts->rocm.installs[0].targets == std::vector<std::string>{"gfx1100", "gfx942"});
  CHECK(facts->rocm.installs[0].build == "7.14.0");
  CHECK(facts->rocm.installs[0].in_use);
  std::vector<std::string> names;
  for (auto& wheel : facts->rocm_wheels) names.push_back(wheel.name + "==" + wheel.version);
  CHECK(names == std::vector<std::string>{"amd-torch-device-gfx942==2.12.0+rocm7.14.0", "rocm==7.14.0.post1",
                                          "rocm-sdk-core==7.14.0", "rocm-sdk-device-gfx1100==7.14.0",
                                          "rocm-sdk-device-gfx942==7.14.0"});
  CHECK(facts->warnings.empty());

  sys.file(site + "/_rocm_sdk_core/.info/version", "7.14.1\n");
  facts = probe_host(options, builtin_data(), sys);
  REQUIRE(facts);
  CHECK(facts->rocm.version == "7.14.0");
  CHECK(any_contains(facts->warnings, "_rocm_sdk_core/.info/version says 7.14.1"));
}

TEST_CASE("ROCm wheels: the rocm meta package alone is no ROCm; a system ROCm stays in use beside wheels",
          "[probe][rocm][wheels]") {
  const std::string site = "/venv/lib/python3.12/site-packages";
  FakeSystem sys;
  sys.file("/venv/pyvenv.cfg", "version = 3.12.3\n")
      .file(site + "/rocm-7.14.0.post1.dist-info/METADATA", test::dist_metadata("rocm", "7.14.0.post1"))
      .env_var("VIRTUAL_ENV", "/venv");
  ProbeOptions options;
  options.want_gpus = false;
  auto facts = probe_host(options, builtin_data(), sys);
  REQUIRE(facts);
  CHECK_FALSE(facts->rocm.found);
  CHECK(any_contains(facts->warnings, "installed without rocm-sdk-core"));

  sys.file(site + "/rocm_sdk_core-7.14.0.dist-info/METADATA", test::dist_metadata("rocm-sdk-core", "7.14.0"))
      .file("/opt/rocm-7.2.0/.info/version", "7.2.0\n")
      .link("/opt/rocm", "rocm-7.2.0");
  facts = probe_host(options, builtin_data(), sys);
  REQUIRE(facts);
  CHECK(facts->rocm.version == "7.2.0");
  CHECK(facts->rocm.kind == "legacy");
  REQUIRE(facts->rocm.installs.size() == 2);
  CHECK(facts->rocm.installs[0].in_use);
  CHECK(facts->rocm.installs[1].kind == "wheels");
  CHECK_FALSE(facts->rocm.installs[1].in_use);
}
