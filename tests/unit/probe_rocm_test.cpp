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
  CHECK_FALSE(parse_rocm_version_file("\x7f" "ELF\x02\x01"));
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
  sys.dir("/opt/rocm-7.0.2/lib").link("/opt/rocm", "rocm-7.0.2")
      .program("/opt/rocm-7.0.2/bin/amd-smi", "AMDSMI Tool: 26.0.2 | AMDSMI Library version: 26.0.2 | ROCm version: 7.0.2\n");
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
  sys.dir("/opt/rocm/lib").program("/opt/rocm/bin/amd-smi", "ROCm version: 7.0.2").program("/usr/bin/dpkg-query", "6.2.4");
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
      .file(site + "/rocm_sdk_core-7.10.0a20251124.dist-info/METADATA", test::dist_metadata("rocm-sdk-core", "7.10.0a20251124"))
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
