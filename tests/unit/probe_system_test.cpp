// The seam: path helpers, FakeSystem, and RealSystem (a --root with absolute links; child processes
// with time limits, full pipes, missing and unexecutable programs).
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <catch2/catch.hpp>

#include "fake_system.h"
#include "probe.h"
#include "probe_internal.h"
#include "temp_dir.h"

using namespace gator;
using namespace gator::test;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("path helpers are lexical", "[probe][system]") {
  CHECK(normalize_path("/a/./b/../c/") == "/a/c");
  CHECK(normalize_path("/../x") == "/x");
  CHECK(parent_path("/opt/rocm") == "/opt");
  CHECK(parent_path("/opt") == "/");
  CHECK(base_name("/opt/rocm-7.0.2/") == "rocm-7.0.2");
  CHECK(join_path("/opt", "rocm") == "/opt/rocm");
  CHECK(join_path("/opt/", "/abs") == "/abs");
}

TEST_CASE("FakeSystem: implicit directories, links, errors, programs", "[probe][system]") {
  FakeSystem sys;
  sys.file("/opt/rocm-7.0.2/.info/version", "7.0.2\n")
      .link("/opt/rocm", "/etc/alternatives/rocm")
      .link("/etc/alternatives/rocm", "/opt/rocm-7.0.2")
      .link("/opt/rel", "rocm-7.0.2")
      .error("/sys/masked", FileErrorKind::permission_denied)
      .program("/usr/bin/tool", "hello\n", 3);
  CHECK(sys.read_file("/opt/rocm/.info/version").value() == "7.0.2\n");
  CHECK(sys.resolve("/opt/rocm").value() == "/opt/rocm-7.0.2");
  CHECK(sys.resolve("/opt/rel").value() == "/opt/rocm-7.0.2");
  CHECK(sys.read_link("/opt/rocm").value() == "/etc/alternatives/rocm");
  CHECK(sys.is_symlink("/opt/rocm"));
  CHECK(sys.is_dir("/opt"));
  CHECK(sys.list_dir("/opt").value() == std::vector<std::string>{"rel", "rocm", "rocm-7.0.2"});
  CHECK(sys.read_file("/nope").error().kind == FileErrorKind::missing);
  CHECK(sys.read_file("/sys/masked").error().kind == FileErrorKind::permission_denied);
  CHECK(sys.read_file("/opt").error().kind == FileErrorKind::other);
  auto r = sys.run({"/usr/bin/tool", "x"}, 1s);
  CHECK(r.started);
  CHECK(r.exit_code == 3);
  CHECK(r.out == "hello\n");
  CHECK_FALSE(sys.run({"/opt/rocm/.info/version"}, 1s).started);
  CHECK(sys.run({"/missing"}, 1s).start_error == "no such file or directory");
  CHECK(sys.is_executable("/usr/bin/tool"));
  CHECK_FALSE(sys.is_executable("/opt/rocm/.info/version"));
}

TEST_CASE("RealSystem under a root follows absolute links inside the root", "[probe][system]") {
  TempDir root;
  root.write("opt/rocm-7.0.2/.info/version", "7.0.2\n");
  fs::create_directories(root.path / "etc/alternatives");
  fs::create_symlink("/opt/rocm-7.0.2", root.path / "etc/alternatives/rocm");
  fs::create_symlink("/etc/alternatives/rocm", root.path / "opt/rocm");
  RealSystem sys(root.path.string());
  CHECK(sys.read_file("/opt/rocm/.info/version").value() == "7.0.2\n");
  CHECK(sys.resolve("/opt/rocm").value() == "/opt/rocm-7.0.2");
  CHECK(sys.read_link("/opt/rocm").value() == "/etc/alternatives/rocm");
  CHECK(sys.is_symlink("/opt/rocm"));
  CHECK(sys.is_dir("/opt/rocm"));
  CHECK(sys.kind("/opt/rocm/.info/version") == FileKind::file);
  CHECK(sys.list_dir("/opt").value() == std::vector<std::string>{"rocm", "rocm-7.0.2"});
  CHECK(sys.real_path("/opt/rocm/.info") == (root.path / "opt/rocm-7.0.2/.info").string());
  CHECK(sys.read_file("/opt/rocm/missing").error().kind == FileErrorKind::missing);
  CHECK(sys.read_file("/opt").error().kind == FileErrorKind::other);
}

TEST_CASE("RealSystem::resolve under a root: relative links, '..', missing paths, a root reached by a link",
          "[probe][system]") {
  TempDir dir;
  dir.write("image/opt/rocm-7.2.0/.info/version", "7.2.0\n");
  dir.write("image/opt/core-10.0/bin/hipcc", "");
  fs::create_symlink("rocm-7.2.0", dir.path / "image/opt/rocm");                  // relative
  fs::create_symlink("../core-10.0/bin", dir.path / "image/opt/rocm-7.2.0/bin");  // relative, with ..
  fs::create_symlink("/opt/../opt/./rocm", dir.path / "image/opt/current");       // absolute, with .. and .
  fs::create_symlink("image", dir.path / "root-link");
  for (const std::string& root : {(dir.path / "image").string(), (dir.path / "root-link").string()}) {
    CAPTURE(root);
    RealSystem sys(root);
    CHECK(sys.resolve("/opt/rocm").value() == "/opt/rocm-7.2.0");
    CHECK(sys.resolve("/opt/current/.info/version").value() == "/opt/rocm-7.2.0/.info/version");
    CHECK(sys.resolve("/opt/rocm/bin/hipcc").value() == "/opt/core-10.0/bin/hipcc");
    CHECK(sys.resolve("/opt/rocm/../core-10.0").value() == "/opt/core-10.0");
    CHECK(sys.resolve("/../../opt//rocm/").value() == "/opt/rocm-7.2.0");
    CHECK(sys.resolve("/opt/rocm/missing").error().kind == FileErrorKind::missing);
    CHECK(sys.resolve("/opt/missing/x").error().kind == FileErrorKind::missing);
  }
}

TEST_CASE("RealSystem under a root: a link as the last component, and after list_dir, is followed inside the root",
          "[probe][system]") {
  // Absolute targets that do not exist on this machine: read from the host, they would fail.
  TempDir root;
  root.write("gator-test-opt/rocm-7.2.0/.info/version", "7.2.0\n");
  root.write("gator-test-opt/rocm-7.2.0/bin/tool", "#!/bin/sh\n");
  fs::permissions(root.path / "gator-test-opt/rocm-7.2.0/bin/tool", fs::perms::owner_all);
  fs::create_symlink("/gator-test-opt/rocm-7.2.0", root.path / "gator-test-opt/rocm");
  fs::create_symlink("/gator-test-opt/rocm-7.2.0/.info/version", root.path / "gator-test-opt/version");
  fs::create_symlink("/gator-test-opt/rocm/bin/tool", root.path / "gator-test-opt/tool");
  fs::create_symlink("/gator-test-opt/missing", root.path / "gator-test-opt/dangling");
  RealSystem sys(root.path.string());
  // Listing first: entries that are links must still be followed as links afterwards.
  CHECK(sys.list_dir("/gator-test-opt").value() ==
        std::vector<std::string>{"dangling", "rocm", "rocm-7.2.0", "tool", "version"});
  CHECK(sys.read_file("/gator-test-opt/version").value() == "7.2.0\n");
  CHECK(sys.read_file("/gator-test-opt/rocm/.info/version").value() == "7.2.0\n");
  CHECK(sys.kind("/gator-test-opt/version") == FileKind::file);
  CHECK(sys.kind("/gator-test-opt/rocm") == FileKind::directory);
  CHECK(sys.kind("/gator-test-opt/dangling") == FileKind::none);
  CHECK(sys.read_file("/gator-test-opt/dangling").error().kind == FileErrorKind::missing);
  CHECK(sys.is_executable("/gator-test-opt/tool"));
  CHECK(sys.is_symlink("/gator-test-opt/tool"));
  CHECK(sys.list_dir("/gator-test-opt/rocm/bin").value() == std::vector<std::string>{"tool"});
  CHECK(sys.resolve("/gator-test-opt/tool").value() == "/gator-test-opt/rocm-7.2.0/bin/tool");
  CHECK(sys.resolve("/gator-test-opt/dangling").error().kind == FileErrorKind::missing);
  // Asked twice (the second time from what the first one learned), the answers are the same.
  CHECK(sys.read_file("/gator-test-opt/version").value() == "7.2.0\n");
  CHECK(sys.kind("/gator-test-opt/version") == FileKind::file);
}

TEST_CASE("RealSystem under a root: missing paths are looked at once a run, and again after a child process",
          "[probe][system]") {
  TempDir root;
  root.write("gator-test-opt/present", "here\n");
  RealSystem sys(root.path.string());
  CHECK(sys.kind("/gator-test-opt/later/file") == FileKind::none);
  CHECK(sys.read_file("/gator-test-opt/later/file").error().kind == FileErrorKind::missing);
  CHECK(sys.list_dir("/gator-test-opt/later").error().kind == FileErrorKind::missing);
  CHECK(sys.read_file("/gator-test-opt/gone").error().kind == FileErrorKind::missing);
  CHECK(sys.kind("/gator-test-opt/present") == FileKind::file);
  // Made behind the seam's back: this run has seen them missing, and keeps saying so.
  root.write("gator-test-opt/later/file", "new\n");
  root.write("gator-test-opt/gone", "back\n");
  CHECK(sys.kind("/gator-test-opt/later/file") == FileKind::none);
  CHECK(sys.read_file("/gator-test-opt/gone").error().kind == FileErrorKind::missing);
  // A child process (pip, during install) may change the tree: everything is looked at again.
  CHECK_FALSE(sys.run({"/gator-test-no-such-program"}, 1s).started);
  CHECK(sys.kind("/gator-test-opt/later/file") == FileKind::file);
  CHECK(sys.read_file("/gator-test-opt/later/file").value() == "new\n");
  CHECK(sys.list_dir("/gator-test-opt/later").value() == std::vector<std::string>{"file"});
  CHECK(sys.read_file("/gator-test-opt/gone").value() == "back\n");
}

TEST_CASE("RealSystem under a root: what a listed or looked-at path is, is known for the run", "[probe][system]") {
  TempDir root;
  root.write("gator-test-opt/listed", "x\n");
  root.write("gator-test-opt/dir/looked-at", "y\n");
  fs::create_symlink("/gator-test-opt/listed", root.path / "gator-test-opt/link");
  RealSystem sys(root.path.string());
  REQUIRE(sys.list_dir("/gator-test-opt").value() == std::vector<std::string>{"dir", "link", "listed"});
  CHECK(sys.kind("/gator-test-opt/dir/looked-at") == FileKind::file);
  // Changed behind the seam's back: the run answers from what it has seen.
  fs::remove(root.path / "gator-test-opt/listed");
  fs::remove(root.path / "gator-test-opt/dir/looked-at");
  fs::create_directory(root.path / "gator-test-opt/dir/looked-at");
  CHECK(sys.kind("/gator-test-opt/listed") == FileKind::file);
  CHECK(sys.kind("/gator-test-opt/dir") == FileKind::directory);
  CHECK(sys.kind("/gator-test-opt/dir/looked-at") == FileKind::file);
  CHECK_FALSE(sys.is_symlink("/gator-test-opt/listed"));
  // A link is followed each time: what it points to was not seen.
  CHECK(sys.is_symlink("/gator-test-opt/link"));
  CHECK(sys.kind("/gator-test-opt/link") == FileKind::none);
  CHECK_FALSE(sys.run({"/gator-test-no-such-program"}, 1s).started);
  CHECK(sys.kind("/gator-test-opt/listed") == FileKind::none);
  CHECK(sys.kind("/gator-test-opt/dir/looked-at") == FileKind::directory);
}

TEST_CASE("RealSystem reports permission denied as such", "[probe][system]") {
  RealSystem sys;
  if (::geteuid() != 0) {
    TempDir dir;
    dir.write("secret", "x", fs::perms::none);
    auto r = sys.read_file((dir.path / "secret").string());
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == FileErrorKind::permission_denied);
    CHECK(r.error().reason == "permission denied");
    return;
  }
  // Root reads mode-000 files anyway; a write-only sysctl refuses reads even to root.
  const std::string write_only = "/proc/sys/vm/drop_caches";
  if (::access(write_only.c_str(), F_OK) != 0) {
    // Not provokable here: ctest reports this as skipped (SKIP_REGULAR_EXPRESSION "skipped:").
    std::cout << "skipped: running as root and " << write_only << " is missing\n";
    return;
  }
  auto r = sys.read_file(write_only);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == FileErrorKind::permission_denied);
}

TEST_CASE("RealSystem::read_file refuses what is not a regular file, without blocking", "[probe][system]") {
  TempDir root;
  fs::create_directories(root.path / "opt/rocm/.info");
  REQUIRE(::mkfifo((root.path / "opt/rocm/.info/version").c_str(), 0644) == 0);  // nobody ever writes it
  RealSystem sys(root.path.string());
  auto start = std::chrono::steady_clock::now();
  auto fifo = sys.read_file("/opt/rocm/.info/version");
  CHECK(seconds_since(start) < 2.0);
  REQUIRE_FALSE(fifo);
  CHECK(fifo.error().kind == FileErrorKind::other);
  CHECK(fifo.error().reason == "not a regular file");
  CHECK(sys.read_file("/opt").error().reason == "is a directory");

  RealSystem host;
  auto device = host.read_file("/dev/zero");  // endless if it were read
  REQUIRE_FALSE(device);
  CHECK(device.error().reason == "not a regular file");

  // Through the probes: a warning, and the next version source.
  root.write("opt/rocm/include/rocm-core/rocm_version.h",
             "#define ROCM_VERSION_MAJOR 7\n#define ROCM_VERSION_MINOR 0\n#define ROCM_VERSION_PATCH 2\n");
  ProbeOptions options;
  options.root = root.path.string();
  options.want_gpus = options.want_python = false;
  options.no_exec = true;
  auto facts = probe_host(options, builtin_data(), sys);
  REQUIRE(facts);
  CHECK(facts->rocm.version == "7.0.2");
  CHECK(std::any_of(facts->warnings.begin(), facts->warnings.end(), [](const std::string& w) {
    return w.find("cannot read /opt/rocm/.info/version (not a regular file)") != std::string::npos;
  }));
}

TEST_CASE("RealSystem::read_file reads a file to its end whatever size it says", "[probe][system]") {
  // A regular file larger than a page, with and without a root: its size says when it is all read.
  TempDir root;
  std::string text;
  for (int i = 0; text.size() < 10000; ++i) text += "line " + std::to_string(i) + "\n";
  root.write("gator-test-data/file", text);
  CHECK(RealSystem(root.path.string()).read_file("/gator-test-data/file").value() == text);
  CHECK(RealSystem().read_file((root.path / "gator-test-data/file").string()).value() == text);
  // Files that say they are empty (/proc) are read until read returns nothing, past the first page.
  auto smaps = RealSystem().read_file("/proc/self/smaps");
  if (!smaps) {
    WARN("/proc/self/smaps cannot be read here: the /proc case is not checked");
    return;
  }
  CHECK(smaps->size() > 4096);
  CHECK(smaps->back() == '\n');
  CHECK(smaps->find("VmFlags:") != smaps->rfind("VmFlags:"));
}

TEST_CASE("RealSystem::read_file reads at most kMaxFileRead bytes", "[probe][system]") {
  TempDir dir;
  const std::string headers = "Metadata-Version: 2.1\nName: big\nVersion: 1.0\n\n";
  dir.write("METADATA", headers + std::string(3 * kMaxFileRead, 'x'));
  RealSystem sys;
  auto r = sys.read_file((dir.path / "METADATA").string());
  REQUIRE(r);
  CHECK(r->size() == kMaxFileRead);
  CHECK(r->rfind(headers, 0) == 0);
  auto parsed = parse_dist_metadata(*r);
  REQUIRE(parsed);
  CHECK(parsed->version == "1.0");

  FakeSystem fake;
  fake.file("/big", std::string(kMaxFileRead + 10, 'y'));
  CHECK(fake.read_file("/big")->size() == kMaxFileRead);
}

TEST_CASE("System::user_path strips the root prefix only from paths under the root", "[probe][system]") {
  TempDir root;
  RealSystem sys(root.path.string());
  const std::string r = root.path.string();
  CHECK(sys.user_path(r) == "/");
  CHECK(sys.user_path(r + "/usr/bin/python3") == "/usr/bin/python3");
  CHECK(sys.user_path(r + "-other/x") == r + "-other/x");
  CHECK(sys.user_path("/usr/bin") == "/usr/bin");
  CHECK(sys.user_path("relative") == "relative");
  RealSystem plain;
  CHECK(plain.user_path("/usr/bin") == "/usr/bin");
  root.write("opt/x", "");
  CHECK(sys.resolve("/opt/x").value() == "/opt/x");
  CHECK(sys.resolve("/").value() == "/");
}

TEST_CASE("probe string helpers: split, parse_number, sort_newest_first", "[probe][system]") {
  CHECK(split("a:b::c", ':') == std::vector<std::string_view>{"a", "b", "", "c"});
  CHECK(split("", ':') == std::vector<std::string_view>{""});
  CHECK(split(":", ':') == std::vector<std::string_view>{"", ""});
  CHECK(split("abc", ':') == std::vector<std::string_view>{"abc"});
  CHECK(split_lines("a\r\nb\n\nc\n") == std::vector<std::string_view>{"a", "b", "", "c"});
  CHECK(split_lines("").empty());

  CHECK(parse_number<int>("42") == 42);
  CHECK(parse_number<int>("007") == 7);
  CHECK_FALSE(parse_number<int>("99999999999999999999"));
  CHECK_FALSE(parse_number<int>("2147483648"));
  CHECK_FALSE(parse_number<int>("-1"));
  CHECK_FALSE(parse_number<int>("+1"));
  CHECK_FALSE(parse_number<int>("1a"));
  CHECK_FALSE(parse_number<int>(""));
  CHECK(parse_number<unsigned long long>("18446744073709551615") == 18446744073709551615ULL);

  CHECK(probe::sort_newest_first(
            {"rocm-6.9.0", "rocm-99999999999999999999.0.0", "rocm-6.10.0", "rocm-7.0.0-rc1", "rocm-7.0.0", "rocm-x"}) ==
        std::vector<std::string>{"rocm-7.0.0-rc1", "rocm-7.0.0", "rocm-6.10.0", "rocm-6.9.0",
                                 "rocm-99999999999999999999.0.0", "rocm-x"});
  CHECK(probe::sort_newest_first({"python3.9", "python3.12", "python3.10"}) ==
        std::vector<std::string>{"python3.12", "python3.10", "python3.9"});
}

TEST_CASE("RealSystem::run captures output and status, no shell", "[probe][system]") {
  RealSystem sys;
  auto r = sys.run({"/bin/echo", "a b", "$HOME"}, 5s);
  CHECK(r.ok());
  CHECK(r.out == "a b $HOME\n");
  auto failing = sys.run({"/bin/sh", "-c", "echo oops >&2; exit 3"}, 5s);
  CHECK(failing.started);
  CHECK(failing.exit_code == 3);
  CHECK(failing.err == "oops\n");
  CHECK(describe_failure(failing) == "exited with status 3 (oops)");
  auto cat = sys.run({"/bin/cat"}, 5s);  // stdin is /dev/null: returns at once
  CHECK(cat.ok());
}

TEST_CASE("RealSystem::run never blocks on a full pipe", "[probe][system]") {
  RealSystem sys;
  auto r = sys.run({"/bin/sh", "-c", "head -c 3000000 /dev/zero; head -c 3000000 /dev/zero >&2"}, 20s);
  CHECK(r.ok());
  CHECK(r.out.size() == 3000000);
  CHECK(r.err.size() == 3000000);
}

TEST_CASE("RealSystem::run stops a program at its time limit, children included", "[probe][system]") {
  RealSystem sys;
  auto start = std::chrono::steady_clock::now();
  auto r = sys.run({"/bin/sh", "-c", "sleep 30 & sleep 30"}, 300ms);
  CHECK(seconds_since(start) < 3.0);
  CHECK(r.timed_out);
  CHECK_FALSE(r.ok());
  // A child that exits but leaves a grandchild holding the pipes open does not hold us up either.
  start = std::chrono::steady_clock::now();
  auto leftover = sys.run({"/bin/sh", "-c", "sleep 30 & echo done"}, 10s);
  CHECK(seconds_since(start) < 3.0);
  CHECK(leftover.out == "done\n");
  CHECK(leftover.exit_code == 0);
  CHECK_FALSE(leftover.timed_out);
}

TEST_CASE("RealSystem::run says why a program could not start", "[probe][system]") {
  TempDir dir;
  dir.write("not-executable", "#!/bin/sh\necho hi\n");
  RealSystem sys;
  auto missing = sys.run({(dir.path / "missing").string()}, 1s);
  CHECK_FALSE(missing.started);
  CHECK(missing.start_error == "no such file or directory");
  auto denied = sys.run({(dir.path / "not-executable").string()}, 1s);
  CHECK_FALSE(denied.started);
  CHECK(denied.start_error == "permission denied");
  CHECK(describe_failure(denied) == "could not be started (permission denied)");
}

TEST_CASE("RealSystem::run under a root runs the root's program", "[probe][system]") {
  TempDir root;
  root.write("usr/bin/tool", "#!/bin/sh\necho \"tool $1\"\n", fs::perms::owner_all);
  RealSystem sys(root.path.string());
  auto r = sys.run({"/usr/bin/tool", "x"}, 5s);
  CHECK(r.ok());
  CHECK(r.out == "tool x\n");
  CHECK(sys.is_executable("/usr/bin/tool"));
}

TEST_CASE("RealSystem::run under a root: a linked program keeps the name it was called by", "[probe][system]") {
  // A venv's python is a link to the base interpreter and finds pyvenv.cfg from argv[0].
  TempDir root;
  fs::create_directories(root.path / "usr/bin");
  fs::create_directories(root.path / "srv/venv/bin");
  fs::copy_file(fs::canonical("/bin/sh"), root.path / "usr/bin/sh");
  fs::create_symlink("/usr/bin/sh", root.path / "srv/venv/bin/sh");
  RealSystem sys(root.path.string());
  auto r = sys.run({"/srv/venv/bin/sh", "-c", "echo $0"}, 5s);
  REQUIRE(r.ok());
  CHECK(r.out == (root.path / "srv/venv/bin/sh").string() + "\n");
}
