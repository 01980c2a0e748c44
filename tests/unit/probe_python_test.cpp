// Finding the Python environment and its site-packages, from layout first, Python only when needed.
#include <catch2/catch.hpp>

#include "probe.h"
#include "probe_test_support.h"

using namespace gator;
using gator::test::any_contains;
using gator::test::probe_only;

namespace {

FakeSystem with_venv(const std::string& prefix, const std::string& minor = "3.12") {
  FakeSystem sys;
  sys.file(prefix + "/pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = false\nversion = " + minor + ".3\n")
      .dir(prefix + "/lib/python" + minor + "/site-packages")
      .dir(prefix + "/lib/python3.9/site-packages")  // a leftover of an older interpreter
      .link(prefix + "/bin/python3", "/usr/bin/python" + minor)
      .program("/usr/bin/python" + minor, "should not run");
  return sys;
}

}  // namespace

TEST_CASE("$VIRTUAL_ENV: site-packages from pyvenv.cfg and the layout, without running Python", "[probe][python]") {
  FakeSystem sys = with_venv("/srv/venv");
  sys.env_var("VIRTUAL_ENV", "/srv/venv").env_var("CONDA_PREFIX", "/opt/conda");
  Facts facts = probe_only(sys, "python");
  CHECK(facts.python.source == "VIRTUAL_ENV");
  CHECK(facts.python.executable == "/srv/venv/bin/python3");
  CHECK(facts.python.site_packages == std::vector<std::string>{"/srv/venv/lib/python3.12/site-packages"});
  CHECK(sys.runs().empty());
}

TEST_CASE("option --venv beats $VIRTUAL_ENV; a missing --venv is an error naming it", "[probe][python]") {
  FakeSystem sys = with_venv("/a");
  sys.dir("/b/lib/python3.11/site-packages").env_var("VIRTUAL_ENV", "/b");
  ProbeOptions options;
  options.venv = "/a";
  Facts facts = probe_only(sys, "python", options);
  CHECK(facts.python.source == "--venv");
  CHECK(facts.python.site_packages.front() == "/a/lib/python3.12/site-packages");

  options.venv = "/nowhere";
  options.want_rocm = options.want_gpus = false;
  auto missing = probe_host(options, builtin_data(), sys);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message == "--venv /nowhere: no such directory");

  sys.dir("/empty/bin");
  options.venv = "/empty";
  auto empty = probe_host(options, builtin_data(), sys);
  REQUIRE_FALSE(empty);
  CHECK(empty.error().message.find("--venv /empty holds no lib/python3.*/site-packages") != std::string::npos);
}

TEST_CASE("$CONDA_PREFIX: conda layout, newest python3.* first", "[probe][python]") {
  FakeSystem sys;
  sys.dir("/opt/conda/conda-meta")
      .dir("/opt/conda/lib/python3.10/site-packages")
      .dir("/opt/conda/lib/python3.11/site-packages");
  sys.program("/opt/conda/bin/python3", "");
  sys.env_var("CONDA_PREFIX", "/opt/conda");
  Facts facts = probe_only(sys, "python");
  CHECK(facts.python.source == "CONDA_PREFIX");
  CHECK(facts.python.site_packages ==
        std::vector<std::string>{"/opt/conda/lib/python3.11/site-packages", "/opt/conda/lib/python3.10/site-packages"});
  CHECK(sys.runs().empty());
}

TEST_CASE("a venv with system site-packages also sees its base interpreter's", "[probe][python]") {
  FakeSystem sys;
  sys.file("/v/pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = true\nversion = 3.11.2\n")
      .dir("/v/lib/python3.11/site-packages")
      .dir("/usr/lib/python3/dist-packages")
      .dir("/usr/local/lib/python3.11/dist-packages");
  ProbeOptions options;
  options.venv = "/v";
  Facts facts = probe_only(sys, "python", options);
  CHECK(facts.python.site_packages == std::vector<std::string>{"/v/lib/python3.11/site-packages",
                                                               "/usr/local/lib/python3.11/dist-packages",
                                                               "/usr/lib/python3/dist-packages"});
}

TEST_CASE("option --python inside a venv: the layout; a system python3 on PATH is asked once", "[probe][python]") {
  FakeSystem venv = with_venv("/srv/venv");
  ProbeOptions options;
  options.python = "/srv/venv/bin/python3";
  Facts facts = probe_only(venv, "python", options);
  CHECK(facts.python.source == "--python");
  CHECK(facts.python.site_packages.front() == "/srv/venv/lib/python3.12/site-packages");
  CHECK(venv.runs().empty());

  FakeSystem system;
  system
      .program(
          "/usr/bin/python3",
          "{\"executable\": \"/usr/bin/python3\", \"site_packages\": [\"/usr/local/lib/python3.11/dist-packages\", "
          "\"/usr/lib/python3/dist-packages\"]}\n")
      .env_var("PATH", "/usr/local/bin:/usr/bin");
  facts = probe_only(system, "python");
  CHECK(facts.python.source == "PATH");
  CHECK(facts.python.executable == "/usr/bin/python3");
  CHECK(facts.python.site_packages.size() == 2);
  REQUIRE(system.runs().size() == 1);
  CHECK(system.runs()[0][1] == "-c");
}

TEST_CASE("a system python3 under --no-exec or hanging: warning, no site-packages", "[probe][python]") {
  FakeSystem sys;
  sys.program("/usr/bin/python3",
              [](const std::vector<std::string>&) {
                RunResult r;
                r.started = true;
                r.timed_out = true;
                return r;
              })
      .env_var("PATH", "/usr/bin");
  Facts facts = probe_only(sys, "python");
  CHECK(facts.python.site_packages.empty());
  CHECK(any_contains(facts.warnings, "did not finish within 10 s"));

  FakeSystem no_exec;
  no_exec.program("/usr/bin/python3", "{}").env_var("PATH", "/usr/bin");
  ProbeOptions options;
  options.no_exec = true;
  facts = probe_only(no_exec, "python", options);
  CHECK(no_exec.runs().empty());
  CHECK(any_contains(facts.warnings, "--no-exec"));
}

TEST_CASE("option --python that does not exist is an error; --site-packages is used as given", "[probe][python]") {
  FakeSystem sys;
  sys.dir("/sp");
  ProbeOptions options;
  options.want_rocm = options.want_gpus = false;
  options.python = "/no/python";
  auto missing = probe_host(options, builtin_data(), sys);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message == "--python /no/python: no such file");
  options.python.clear();
  options.site_packages = "/sp";
  auto given = probe_host(options, builtin_data(), sys);
  REQUIRE(given);
  CHECK(given->python.site_packages == std::vector<std::string>{"/sp"});
  CHECK(given->python.source == "--site-packages");
  options.site_packages = "/nope";
  CHECK_FALSE(probe_host(options, builtin_data(), sys));
}

TEST_CASE("parse_python_paths", "[probe][python]") {
  auto p = parse_python_paths("noise\n{\"executable\": \"/x/python\", \"site_packages\": [\"/a\", \"/b\"]}\n");
  REQUIRE(p);
  CHECK(p->executable == "/x/python");
  CHECK(p->site_packages == std::vector<std::string>{"/a", "/b"});
  CHECK_FALSE(parse_python_paths("garbage"));
  CHECK_FALSE(parse_python_paths("{\"executable\": 1}"));
}

TEST_CASE("no Python at all: a warning", "[probe][python]") {
  FakeSystem sys;
  Facts facts = probe_only(sys, "python");
  CHECK(facts.python.executable.empty());
  CHECK(any_contains(facts.warnings, "no Python environment found"));
}

TEST_CASE("named: true for an environment the user named, false for python3 on PATH and --site-packages alone",
          "[probe][python]") {
  FakeSystem venv = with_venv("/srv/venv");
  venv.env_var("VIRTUAL_ENV", "/srv/venv");
  CHECK(probe_only(venv, "python").python.named);

  FakeSystem conda;
  conda.dir("/opt/conda/conda-meta")
      .dir("/opt/conda/lib/python3.11/site-packages")
      .program("/opt/conda/bin/python3", "");
  conda.env_var("CONDA_PREFIX", "/opt/conda");
  Facts facts = probe_only(conda, "python");
  CHECK(facts.python.source == "CONDA_PREFIX");
  CHECK(facts.python.named);

  ProbeOptions options;
  options.venv = "/srv/venv";
  CHECK(probe_only(venv, "python", options).python.named);
  options = {};
  options.python = "/srv/venv/bin/python3";
  CHECK(probe_only(venv, "python", options).python.named);

  // $VIRTUAL_ENV naming no directory is ignored: nothing named.
  FakeSystem stale;
  stale.env_var("VIRTUAL_ENV", "/gone");
  facts = probe_only(stale, "python");
  CHECK_FALSE(facts.python.named);
  CHECK(facts.python.executable.empty());

  FakeSystem system;
  system
      .program("/usr/bin/python3",
               "{\"executable\": \"/usr/bin/python3\", \"site_packages\": [\"/usr/lib/python3/dist-packages\"]}\n")
      .env_var("PATH", "/usr/bin");
  facts = probe_only(system, "python");
  CHECK(facts.python.source == "PATH");
  CHECK(facts.python.executable == "/usr/bin/python3");
  CHECK_FALSE(facts.python.named);
}

TEST_CASE("option --site-packages with --python: the named interpreter runs pip; alone, none is known",
          "[probe][python]") {
  FakeSystem sys;
  sys.dir("/sp").program("/opt/py/bin/python3", "should not run").program("/usr/bin/python3", "should not run");
  sys.env_var("PATH", "/usr/bin").env_var("VIRTUAL_ENV", "/elsewhere");
  ProbeOptions options;
  options.site_packages = "/sp";
  options.python = "/opt/py/bin/python3";
  Facts facts = probe_only(sys, "python", options);
  CHECK(facts.python.site_packages == std::vector<std::string>{"/sp"});
  CHECK(facts.python.executable == "/opt/py/bin/python3");
  CHECK(facts.python.named);
  CHECK(sys.runs().empty());

  options.python.clear();
  facts = probe_only(sys, "python", options);
  CHECK(facts.python.site_packages == std::vector<std::string>{"/sp"});
  CHECK(facts.python.executable.empty());
  CHECK_FALSE(facts.python.named);
}

TEST_CASE("python3.* directories ordered by number, a number too long to parse last", "[probe][python]") {
  FakeSystem sys;
  sys.dir("/opt/conda/conda-meta")
      .dir("/opt/conda/lib/python3.99999999999999999999/site-packages")
      .dir("/opt/conda/lib/python3.9/site-packages")
      .dir("/opt/conda/lib/python3.13/site-packages")
      .env_var("CONDA_PREFIX", "/opt/conda");
  Facts facts = probe_only(sys, "python");
  CHECK(facts.python.site_packages ==
        std::vector<std::string>{"/opt/conda/lib/python3.13/site-packages", "/opt/conda/lib/python3.9/site-packages",
                                 "/opt/conda/lib/python3.99999999999999999999/site-packages"});
}
