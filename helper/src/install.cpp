#include "install.h"

#include <cstring>
#include <iostream>

#include "plan.h"
#include "system.h"
#include "text.h"

namespace gator {

namespace {

// The pip program of a step: {"pip3"} as the plan says, or {EXE, "-m", "pip"} with --python.
std::vector<std::string> pip_words(const InstallSettings& s) {
  if (!s.pip.empty()) return s.pip;
  if (!s.torch_argv.empty()) return {s.torch_argv.front()};
  return {"pip3"};
}

// Replaces the value of --index-url/-i in argv (either spelling, "--index-url=URL" too); appends the
// option when argv has none. Returns the index URL argv ends up with ("" when none).
std::string set_index_url(std::vector<std::string>& argv, const std::string& url) {
  std::string found;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if ((a == "--index-url" || a == "-i") && i + 1 < argv.size()) {
      if (!url.empty()) argv[i + 1] = url;
      found = argv[i + 1];
      ++i;
    } else if (a.rfind("--index-url=", 0) == 0) {
      if (!url.empty()) argv[i] = "--index-url=" + url;
      found = argv[i].substr(std::strlen("--index-url="));
    }
  }
  if (found.empty() && !url.empty()) {
    argv.push_back("--index-url");
    argv.push_back(url);
    found = url;
  }
  return found;
}

// Runs argv with the inherited stdin/stdout/stderr; returns its exit status as a shell would report
// it (126 when it could not be started, 127 when the program does not exist, 128+N when killed by
// signal N), and writes why to log when it could not be started.
int run_streaming(System& system, const std::vector<std::string>& argv, std::ostream& log) {
  // Our buffered output must come before the child's.
  log.flush();
  std::cout.flush();
  std::cerr.flush();
  const RunResult result = system.run_attached(argv);
  if (!result.start_error.empty()) {
    log << "gator-rocm: cannot run " << shell_quote(argv[0]) << ": " << result.start_error << "\n";
    return result.not_found ? 127 : 126;
  }
  if (result.signal != 0) return 128 + result.signal;
  return result.exit_code >= 0 ? result.exit_code : 126;
}

}  // namespace

std::vector<InstallStep> install_steps(const InstallSettings& s) {
  std::vector<InstallStep> steps;
  const std::vector<std::string> pip = pip_words(s);

  // Step 1: the plan's command (or commands), with the chosen pip and the mirror of the PyTorch index.
  std::vector<std::pair<std::string, std::vector<std::string>>> torch_steps = s.torch_steps;
  if (torch_steps.empty()) torch_steps.emplace_back("", s.torch_argv);
  for (const auto& [title, argv] : torch_steps) {
    InstallStep step;
    step.argv = pip;
    if (argv.size() > 1)
      step.argv.insert(step.argv.end(), argv.begin() + 1, argv.end());
    else
      step.argv.push_back("install");
    // A step that names an index gets the PyTorch mirror; one that names none (torch's plain
    // requirements) reads the default index, or its mirror.
    const bool from_pytorch = torch_steps.size() == 1 || !set_index_url(step.argv, "").empty();
    const std::string url = set_index_url(step.argv, from_pytorch ? s.index_url : s.default_index_url);
    step.title = (title.empty() ? std::string("torch family") : title) + (url.empty() ? "" : " from " + url);
    steps.push_back(std::move(step));
  }

  // Step 2: the ML libraries, held by the constraints file.
  if (!s.packages.empty()) {
    InstallStep libs;
    libs.argv = pip;
    libs.argv.push_back("install");
    if (!s.constraints_file.empty()) {
      libs.argv.push_back("-c");
      libs.argv.push_back(s.constraints_file);
    }
    if (!s.default_index_url.empty()) {
      libs.argv.push_back("--index-url");
      libs.argv.push_back(s.default_index_url);
    }
    for (const auto& extra : s.extra_index_urls) {
      libs.argv.push_back("--extra-index-url");
      libs.argv.push_back(extra);
    }
    libs.argv.insert(libs.argv.end(), s.packages.begin(), s.packages.end());
    libs.title = "ML libraries";
    if (!s.constraints_file.empty()) libs.title += " with the constraints in " + s.constraints_file;
    if (!s.default_index_url.empty()) libs.title += " from " + s.default_index_url;
    steps.push_back(std::move(libs));
  }
  return steps;
}

int run_install_steps(System& system, const std::vector<InstallStep>& steps, bool dry_run, std::ostream& log,
                      const BeforeStep& before) {
  const std::size_t n = steps.size();
  for (std::size_t i = 0; i < n; ++i) {
    const InstallStep& step = steps[i];
    if (dry_run) {
      log << "# step " << i + 1 << "/" << n << ": " << step.title << "\n" << command_line(step.argv) << "\n";
      continue;
    }
    if (before) {
      if (const int rc = before(i, step); rc != 0) return rc;
    }
    log << "gator-rocm: step " << i + 1 << "/" << n << ": " << step.title << "\n"
        << "+ " << command_line(step.argv) << "\n";
    if (step.argv.empty()) {
      log << "gator-rocm: step " << i + 1 << " has no command\n";
      return 2;
    }
    const int rc = run_streaming(system, step.argv, log);
    if (rc != 0) {
      log << "gator-rocm: step " << i + 1 << "/" << n << " (" << step.title << ") failed: ";
      if (rc == 126 || rc == 127)
        log << shell_quote(step.argv.front()) << " could not be run (status " << rc << ")";
      else if (rc > 128 && rc < 128 + 65)
        log << shell_quote(step.argv.front()) << " was killed by signal " << rc - 128;
      else
        log << shell_quote(step.argv.front()) << " exited with status " << rc;
      if (i + 1 < n) log << "; the remaining steps were not run";
      log << "\n";
      log.flush();
      return rc;
    }
  }
  log.flush();
  return 0;
}

}  // namespace gator
