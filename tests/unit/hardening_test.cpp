// Issue 9's defects, one test each: every one of them failed before its fix. The bad-input corpus
// (tests/bad-input), the crash-safety test (tests/crash) and the fuzz targets (tests/fuzz) cover the
// same ground through the built helper and at random.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include "fake_system.h"
#include "io.h"
#include "pep440.h"
#include "probe.h"
#include "probe_test_support.h"
#include "temp_dir.h"
#include "text.h"

using namespace gator;
using namespace gator::test;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool running(pid_t pid) {
  // Gone, or a zombie nobody waits for: either way it runs no more.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const std::size_t close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

}  // namespace

TEST_CASE("issue 9.1: rocminfo output of any shape parses without exhausting the stack", "[probe][gpu][defect]") {
  const std::string blanks(30000, ' ');
  CHECK(parse_rocminfo_agents(blanks + "\n").empty());
  CHECK(parse_rocminfo_agents("  Name: gfx" + std::string(30000, 'a') + "\n").size() == 1);
  CHECK(parse_rocminfo_agents("Name: gfx" + std::string(30000, 'z') + "\n").empty());
  CHECK(parse_rocminfo_agents("Name:" + blanks + "gfx90a:sramecc+:xnack-" + blanks + "\n") ==
        std::vector<std::string>{"gfx90a"});
  CHECK(parse_rocminfo_agents("Name:gfx90a\nName: gfx90a extra\nName: gfx\nName: GFX90a\nName: gfx1100:xnack-\n") ==
        std::vector<std::string>{"gfx1100"});
}

TEST_CASE("issue 9.3: inputs are read bounded and without blocking, errors name the file", "[io][defect]") {
  TempDir dir;
  CHECK(read_input_file(dir.write("ok.toml", "a = 1\n")) == "a = 1\n");
  const std::string fifo = (dir.path / "fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto start = std::chrono::steady_clock::now();
  auto from_fifo = read_input_file(fifo);
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  REQUIRE_FALSE(from_fifo);
  CHECK(from_fifo.error().kind == ErrorKind::io);
  CHECK(from_fifo.error().message == fifo + ": cannot read: not a regular file");
  fs::create_symlink("/dev/zero", dir.path / "zero");
  auto zero = read_input_file((dir.path / "zero").string());
  REQUIRE_FALSE(zero);
  CHECK(zero.error().message.find("zero: cannot read: not a regular file") != std::string::npos);
  auto directory = read_input_file(dir.path.string());
  REQUIRE_FALSE(directory);
  CHECK(directory.error().message == dir.path.string() + ": cannot read: is a directory");
  auto missing = read_input_file((dir.path / "missing").string());
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::io);
  CHECK(missing.error().message.find("missing: cannot read: no such file or directory") != std::string::npos);
  {
    std::ofstream big(dir.path / "big", std::ios::binary);
    big.seekp(static_cast<std::streamoff>(kMaxInputFile));
    big << 'x';  // sparse: kMaxInputFile + 1 bytes
  }
  auto too_large = read_input_file((dir.path / "big").string());
  REQUIRE_FALSE(too_large);
  CHECK(too_large.error().message.find("big: cannot read: larger than 16 MiB") != std::string::npos);
}

TEST_CASE("issue 9.5: a write leaves no temporary, and removes one a killed write left", "[io][defect]") {
  TempDir dir;
  const std::string target = dir.write("pyproject.toml", "old\n");
  dir.write(".pyproject.toml.gator-rocm-tmp.a1b2c3", "half");  // left by a write killed before its rename
  dir.write(".other.toml.gator-rocm-tmp.a1b2c3", "not ours to remove");
  REQUIRE(write_file_if_changed(target, "new\n") == WriteResult::written);
  CHECK(slurp(target) == "new\n");
  CHECK(dir.names() == std::vector<std::string>{".other.toml.gator-rocm-tmp.a1b2c3", "pyproject.toml"});
  REQUIRE(write_file_if_changed((dir.path / "fresh.txt").string(), "x\n") == WriteResult::written);
  CHECK(dir.names().size() == 3);
}

TEST_CASE("issue 9.6: a read-only file is refused, a hard-linked one keeps its links", "[io][defect]") {
  TempDir dir;
  const std::string readonly = dir.write("ro.toml", "old\n");
  fs::permissions(readonly, fs::perms::owner_read | fs::perms::group_read);
  auto refused = write_file_if_changed(readonly, "new\n");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == ErrorKind::io);
  CHECK(refused.error().message == readonly + ": the file is read-only; nothing was written");
  CHECK(slurp(readonly) == "old\n");
  CHECK(write_file_if_changed(readonly, "old\n") == WriteResult::unchanged);  // nothing to write: fine

  const std::string linked = dir.write("linked.toml", "a longer old content\n");
  fs::create_hard_link(linked, dir.path / "other-name.toml");
  REQUIRE(write_file_if_changed(linked, "new\n") == WriteResult::written);
  CHECK(slurp(linked) == "new\n");
  CHECK(slurp(dir.path / "other-name.toml") == "new\n");
  CHECK(fs::hard_link_count(linked) == 2);
}

TEST_CASE("issue 9.6: a KFD node with no valid gfx_target_version is named in a warning", "[probe][gpu][defect]") {
  CHECK(decode_gfx_target_version(9223372036854775807LL).empty());
  CHECK(decode_gfx_target_version(-5).empty());
  CHECK(decode_gfx_target_version(90420).empty());  // stepping 20: no hex digit
  CHECK(decode_gfx_target_version(91002).empty());  // minor 10
  CHECK(decode_gfx_target_version(9999).empty());
  FakeSystem sys;
  sys.file(std::string(kNodes) + "0/properties", kfd_node(0))
      .file(std::string(kNodes) + "1/properties", kfd_node(90402, 0x74a1))
      .file(std::string(kNodes) + "2/properties", "gfx_target_version 9223372036854775807\n")
      .file(std::string(kNodes) + "3/properties", "gfx_target_version -5\n")
      .file(std::string(kNodes) + "4/properties", std::string("gfx_target_version \x01\x02\x1b[31m\n"))
      .error(std::string(kNodes) + "5/properties", FileErrorKind::permission_denied);
  Facts facts = probe_only(sys, "gpus");
  REQUIRE(facts.gpus.size() == 1);
  CHECK(facts.gpus[0].arch == "gfx942");
  CHECK(any_contains(facts.warnings, "KFD node 2 (" + std::string(kNodes) +
                                         "2/properties): gfx_target_version '9223372036854775807' is not a GPU"));
  CHECK(any_contains(facts.warnings, "KFD node 3 ("));
  CHECK(any_contains(facts.warnings, "gfx_target_version '\\x01\\x02\\x1b[31m'"));
  CHECK(any_contains(facts.warnings, std::string(kNodes) + "5/properties: permission denied"));
}

TEST_CASE("issue 9.6: a negative or absurd gpu_count from the runtime probe is refused", "[probe][torch][defect]") {
  CHECK_FALSE(parse_runtime_report("GATOR_RUNTIME {\"gpu_available\": true, \"gpu_count\": -5}\n"));
  CHECK_FALSE(parse_runtime_report("GATOR_RUNTIME {\"gpu_available\": true, \"gpu_count\": 99999999999}\n"));
  auto ok = parse_runtime_report("GATOR_RUNTIME {\"gpu_available\": true, \"gpu_count\": 8}\n");
  REQUIRE(ok);
  CHECK(ok->gpu_count == 8);
}

TEST_CASE("issue 9.6: why a --python could not be asked is in the error", "[probe][python][defect]") {
  FakeSystem sys;
  sys.program("/opt/py/bin/python3", [](const std::vector<std::string>&) {
    RunResult r;
    r.started = true;
    r.timed_out = true;
    return r;
  });
  ProbeOptions options;
  options.python = "/opt/py/bin/python3";
  options.want_python = true;
  auto facts = probe_host(options, builtin_data(), sys);
  REQUIRE_FALSE(facts);
  CHECK(facts.error().message ==
        "--python /opt/py/bin/python3: could not be asked for its site-packages (did not finish within 10 s and was "
        "stopped)");
}

TEST_CASE("issue 9.6: values quoted in messages cannot drive the terminal", "[text][defect]") {
  CHECK(printable("7.0\x1b[2J\r\n") == "7.0\\x1b[2J\\x0d\\x0a");
  CHECK(printable("caf\xc3\xa9") == "caf\xc3\xa9");  // UTF-8 stays
  CHECK(printable("a\xc2\x9b"
                  "31m") ==
        "a\\xc2\\x9b"
        "31m");  // C1 CSI does not
  CHECK(printable(std::string(300, 'a')).size() == 203);
}

TEST_CASE("issue 9.6: version-check de-duplicates a long specifier set in linear time", "[pep440][defect]") {
  std::string specifiers;
  for (int i = 0; i < 20000; ++i) specifiers += (i ? "," : "") + std::string(">=1.") + std::to_string(i % 5000);
  const auto start = std::chrono::steady_clock::now();
  auto set = pep440::parse_specifier_set(specifiers);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(set);
  CHECK(seconds < 2.0);  // quadratic: about 10 s here
  auto version = pep440::parse_version("1.4999");
  REQUIRE(version);
  CHECK(set->contains(*version, false));
  CHECK(pep440::parse_specifier_set(">=1.0,>=1.0.0,>=1")->str() == ">=1.0");
}

TEST_CASE("issue 9.6: a timed-out child's grandchild that left the process group is stopped too",
          "[probe][system][defect]") {
  TempDir dir;
  const std::string pid_file = (dir.path / "grandchild.pid").string();
  RealSystem sys;
  auto r =
      sys.run({"/bin/sh", "-c",
               "setsid /bin/sh -c 'echo $$ > " + pid_file + "; exec sleep 30' </dev/null >/dev/null 2>&1 & sleep 30"},
              500ms);
  CHECK(r.timed_out);
  const std::string pid_text = slurp(pid_file);
  REQUIRE_FALSE(pid_text.empty());
  const pid_t grandchild = static_cast<pid_t>(std::stol(pid_text));
  for (int i = 0; i < 100 && running(grandchild); ++i) std::this_thread::sleep_for(10ms);
  CHECK_FALSE(running(grandchild));
}
