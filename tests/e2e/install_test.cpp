// install.h: the steps `gator-rocm install` builds, and how it runs them (real child processes:
// /bin/sh stands in for pip).
#include <catch2/catch.hpp>

#include "install.h"
#include "memory_output.h"
#include "system.h"
#include "text.h"

using gator::InstallSettings;
using gator::InstallStep;
using Argv = std::vector<std::string>;

namespace {
const Argv kPlanArgv = {"pip3",        "install",     "torch",
                        "torchvision", "--index-url", "https://download.pytorch.org/whl/rocm7.0/"};
// The plan's torch step that kPlanArgv is the command line of.
const gator::PipStep kPlanStep{
    "", {{"pip3"}, {}, {"torch", "torchvision"}, "https://download.pytorch.org/whl/rocm7.0/", {}}};
const Argv kLibs = {"transformers", "diffusers", "accelerate", "huggingface_hub"};
gator::RealSystem machine;  // the real one: the steps are real child processes
}  // namespace

TEST_CASE("install steps: the plan's command, then the ML libraries with the constraints", "[install]") {
  InstallSettings s;
  s.torch_steps = {kPlanStep};
  s.constraints_file = "constraints.txt";
  s.packages = kLibs;
  const auto steps = gator::install_steps(s);
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].argv == kPlanArgv);
  CHECK(steps[0].title == "torch family from https://download.pytorch.org/whl/rocm7.0/");
  CHECK(steps[1].argv ==
        Argv{"pip3", "install", "-c", "constraints.txt", "transformers", "diffusers", "accelerate", "huggingface_hub"});
}

TEST_CASE("install steps: a torch family in several commands, each with the chosen pip and mirror", "[install]") {
  const std::string url = "https://download.pytorch.org/whl/rocm7.14/";
  InstallSettings s;
  s.torch_steps = {{"ROCm wheels for gfx942", {{"pip3"}, {}, {"rocm[libraries,device-gfx942]==7.14.*"}, url, {}}},
                   {"torch family without its dependencies", {{"pip3"}, {"--no-deps"}, {"torch"}, url, {}}},
                   {"torch's other requirements", {{"pip3"}, {}, {"filelock", "sympy"}, "", {}}}};
  s.pip = {"/srv/venv/bin/python", "-m", "pip"};
  s.index_url = "http://mirror.local/rocm7.14/";
  s.default_index_url = "http://mirror.local/pypi/simple/";
  s.constraints_file = "constraints.txt";
  s.packages = kLibs;
  const auto steps = gator::install_steps(s);
  REQUIRE(steps.size() == 4);
  CHECK(steps[0].argv == Argv{"/srv/venv/bin/python", "-m", "pip", "install", "rocm[libraries,device-gfx942]==7.14.*",
                              "--index-url", "http://mirror.local/rocm7.14/"});
  CHECK(steps[0].title == "ROCm wheels for gfx942 from http://mirror.local/rocm7.14/");
  CHECK(steps[1].argv[4] == "--no-deps");
  // The requirements that are not ROCm's come from the default index (its mirror here).
  CHECK(steps[2].argv == Argv{"/srv/venv/bin/python", "-m", "pip", "install", "filelock", "sympy", "--index-url",
                              "http://mirror.local/pypi/simple/"});
  CHECK(steps[2].title == "torch's other requirements from http://mirror.local/pypi/simple/");
  CHECK(steps[3].argv[4] == "-c");
}

TEST_CASE("install steps: --python, mirrors and extra indexes", "[install]") {
  InstallSettings s;
  s.torch_steps = {{"", {{"pip3"}, {"--pre"}, {"torch"}, "https://download.pytorch.org/whl/nightly/rocm7.2/", {}}}};
  s.pip = {"/srv/venv/bin/python", "-m", "pip"};
  s.index_url = "http://mirror.local/rocm7.2/";
  s.default_index_url = "http://mirror.local/pypi/simple/";
  s.extra_index_urls = {"http://a.local/simple/", "http://b.local/simple/"};
  s.constraints_file = "/tmp/c d.txt";
  s.packages = {"transformers>=4.45.0"};
  const auto steps = gator::install_steps(s);
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].argv == Argv{"/srv/venv/bin/python", "-m", "pip", "install", "--pre", "torch", "--index-url",
                              "http://mirror.local/rocm7.2/"});
  // Extra indexes go to step 2 only: on step 1 they could offer a CUDA torch that pip would prefer.
  CHECK(steps[1].argv == Argv{"/srv/venv/bin/python", "-m", "pip", "install", "-c", "/tmp/c d.txt",
                              "transformers>=4.45.0", "--index-url", "http://mirror.local/pypi/simple/",
                              "--extra-index-url", "http://a.local/simple/", "--extra-index-url",
                              "http://b.local/simple/"});
  CHECK(gator::command_line(steps[1].argv).find("'/tmp/c d.txt'") != std::string::npos);
  CHECK(gator::command_line(steps[1].argv).find("'transformers>=4.45.0'") != std::string::npos);
}

TEST_CASE("install steps: a torch step that names no index takes the mirror; no libraries", "[install]") {
  InstallSettings s;
  s.torch_steps = {{"", {{"pip3"}, {}, {"torch"}, "", {}}}};
  s.index_url = "http://mirror/";
  const auto steps = gator::install_steps(s);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].argv == Argv{"pip3", "install", "torch", "--index-url", "http://mirror/"});
}

TEST_CASE("run_install_steps: dry run prints a shell script and runs nothing", "[install]") {
  const std::vector<InstallStep> steps = {{"one", {"/bin/sh", "-c", "exit 7"}}, {"two", {"pip3", "install", "a<2"}}};
  gator::test::MemoryOutput log;
  int calls = 0;
  CHECK(gator::run_install_steps(machine, steps, true, log,
                                 [&](std::size_t, const InstallStep&) { return ++calls, 0; }) == 0);
  CHECK(calls == 0);
  CHECK(log.str() == "# step 1/2: one\n/bin/sh -c 'exit 7'\n# step 2/2: two\npip3 install 'a<2'\n");
}

TEST_CASE("run_install_steps: stops at the first failure with its exit status", "[install]") {
  const std::vector<InstallStep> steps = {{"ok", {"/bin/sh", "-c", "exit 0"}},
                                          {"fails", {"/bin/sh", "-c", "exit 3"}},
                                          {"never", {"/bin/sh", "-c", "exit 0"}}};
  gator::test::MemoryOutput log;
  std::vector<std::size_t> seen;
  const int rc = gator::run_install_steps(machine, steps, false, log, [&](std::size_t i, const InstallStep&) {
    seen.push_back(i);
    return 0;
  });
  CHECK(rc == 3);
  CHECK(seen == std::vector<std::size_t>{0, 1});
  const std::string text = log.str();
  CHECK(text.find("gator-rocm: step 1/3: ok\n+ /bin/sh -c 'exit 0'\n") == 0);
  CHECK(text.find("step 2/3 (fails) failed: /bin/sh exited with status 3; the remaining steps were not run") !=
        std::string::npos);
  CHECK(text.find("never") == std::string::npos);
}

TEST_CASE("run_install_steps: a hook's failure, a missing program, a signal", "[install]") {
  gator::test::MemoryOutput log;
  const std::vector<InstallStep> one = {{"x", {"/bin/sh", "-c", "exit 0"}}};
  CHECK(gator::run_install_steps(machine, one, false, log, [](std::size_t, const InstallStep&) { return 3; }) == 3);

  const std::vector<InstallStep> missing = {{"x", {"gator-no-such-program-e2e", "install"}}};
  CHECK(gator::run_install_steps(machine, missing, false, log) == 127);
  CHECK(log.str().find("cannot run gator-no-such-program-e2e") != std::string::npos);

  const std::vector<InstallStep> killed = {{"x", {"/bin/sh", "-c", "kill -TERM $$"}}};
  CHECK(gator::run_install_steps(machine, killed, false, log) == 128 + 15);
  CHECK(log.str().find("killed by signal 15") != std::string::npos);

  const std::vector<InstallStep> all_ok = {{"a", {"/bin/sh", "-c", "exit 0"}}, {"b", {"true"}}};
  CHECK(gator::run_install_steps(machine, all_ok, false, log) == 0);
}
