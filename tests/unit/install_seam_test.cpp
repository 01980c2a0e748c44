// run_install_steps starts every step through the System seam (tests/e2e/install_test.cpp runs real
// child processes; here the in-memory machine records what would run).
#include <catch2/catch.hpp>

#include "fake_system.h"
#include "install.h"
#include "memory_output.h"

using gator::FakeSystem;
using gator::InstallStep;
using gator::RunResult;

TEST_CASE("run_install_steps runs each step through System::run_attached, in order", "[install]") {
  FakeSystem machine;
  machine.program("/venv/bin/python", [](const std::vector<std::string>& argv) {
    RunResult r;
    r.started = true;
    r.exit_code = argv.back() == "transformers" ? 4 : 0;
    return r;
  });
  const std::vector<InstallStep> steps = {{"torch", {"/venv/bin/python", "-m", "pip", "install", "torch"}},
                                          {"libs", {"/venv/bin/python", "-m", "pip", "install", "transformers"}},
                                          {"never", {"/venv/bin/python", "-m", "pip", "install", "x"}}};
  gator::test::MemoryOutput log;
  CHECK(gator::run_install_steps(machine, steps, false, log) == 4);
  REQUIRE(machine.runs().size() == 2);
  CHECK(machine.runs()[0] == steps[0].argv);
  CHECK(machine.runs()[1] == steps[1].argv);
  CHECK(log.str().find("step 2/3 (libs) failed: /venv/bin/python exited with status 4") != std::string::npos);
}

TEST_CASE("run_install_steps: a program the machine lacks is status 127, one it cannot start 126", "[install]") {
  FakeSystem machine;
  machine.file("/usr/bin/pip3", "not a program the machine can run");
  gator::test::MemoryOutput log;
  CHECK(gator::run_install_steps(machine, {{"x", {"/usr/bin/nothing"}}}, false, log) == 127);
  CHECK(gator::run_install_steps(machine, {{"x", {"/usr/bin/pip3"}}}, false, log) == 126);
  CHECK(log.str().find("cannot run /usr/bin/pip3: permission denied") != std::string::npos);
}
