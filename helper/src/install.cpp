#include "install.h"

#include <cstdio>

#include <fmt/format.h>

#include "io.h"
#include "plan.h"
#include "system.h"
#include "text.h"

namespace gator {

namespace {

// Runs argv with the inherited stdin/stdout/stderr; returns its exit status as a shell would report
// it (126 when it could not be started, 127 when the program does not exist, 128+N when killed by
// signal N), and writes why to log when it could not be started.
int run_streaming(System& system, const std::vector<std::string>& argv, std::FILE* log) {
  // Our buffered output must come before the child's.
  std::fflush(log);
  std::fflush(stdout);
  std::fflush(stderr);
  const RunResult result = system.run_attached(argv);
  if (!result.start_error.empty()) {
    print_output(log, "gator-rocm: cannot run {}: {}\n", shell_quote(argv[0]), result.start_error);
    return result.not_found ? 127 : 126;
  }
  if (result.signal != 0) return 128 + result.signal;
  return result.exit_code >= 0 ? result.exit_code : 126;
}

}  // namespace

std::vector<InstallStep> install_steps(const InstallSettings& s) {
  std::vector<InstallStep> steps;
  // Step 1: the plan's command (or commands), with the chosen pip and the mirror of the PyTorch index.
  for (const PipStep& planned : s.torch_steps) {
    PipInstall pip = planned.pip;
    if (!s.pip.empty()) pip.pip = s.pip;
    // A step that names an index gets the PyTorch mirror; one that names none (torch's plain
    // requirements) reads the default index, or its mirror.
    const bool from_pytorch = s.torch_steps.size() == 1 || !pip.index_url.empty();
    const std::string& mirror = from_pytorch ? s.index_url : s.default_index_url;
    if (!mirror.empty()) pip.index_url = mirror;
    const std::string title = planned.title.empty() ? std::string("torch family") : planned.title;
    steps.push_back({title + (pip.index_url.empty() ? "" : " from " + pip.index_url), pip.argv()});
  }

  // Step 2: the ML libraries, held by the constraints file.
  if (!s.packages.empty()) {
    PipInstall libs;
    if (!s.pip.empty()) libs.pip = s.pip;
    if (!s.constraints_file.empty()) libs.options = {"-c", s.constraints_file};
    libs.requirements = s.packages;
    libs.index_url = s.default_index_url;
    libs.extra_index_urls = s.extra_index_urls;
    std::string title = "ML libraries";
    if (!s.constraints_file.empty()) title += " with the constraints in " + s.constraints_file;
    if (!s.default_index_url.empty()) title += " from " + s.default_index_url;
    steps.push_back({title, libs.argv()});
  }
  return steps;
}

int run_install_steps(System& system, const std::vector<InstallStep>& steps, bool dry_run, std::FILE* log,
                      const BeforeStep& before) {
  const std::size_t n = steps.size();
  for (std::size_t i = 0; i < n; ++i) {
    const InstallStep& step = steps[i];
    if (dry_run) {
      print_output(log, "# step {}/{}: {}\n{}\n", i + 1, n, step.title, command_line(step.argv));
      continue;
    }
    if (before) {
      if (const int rc = before(i, step); rc != 0) return rc;
    }
    print_output(log, "gator-rocm: step {}/{}: {}\n+ {}\n", i + 1, n, step.title, command_line(step.argv));
    if (step.argv.empty()) {
      print_output(log, "gator-rocm: step {} has no command\n", i + 1);
      return 2;
    }
    const int rc = run_streaming(system, step.argv, log);
    if (rc != 0) {
      const std::string program = shell_quote(step.argv.front());
      const std::string why = rc == 126 || rc == 127      ? fmt::format("{} could not be run (status {})", program, rc)
                              : rc > 128 && rc < 128 + 65 ? fmt::format("{} was killed by signal {}", program, rc - 128)
                                                          : fmt::format("{} exited with status {}", program, rc);
      print_output(log, "gator-rocm: step {}/{} ({}) failed: {}{}\n", i + 1, n, step.title, why,
                   i + 1 < n ? "; the remaining steps were not run" : "");
      std::fflush(log);
      return rc;
    }
  }
  std::fflush(log);
  return 0;
}

}  // namespace gator
