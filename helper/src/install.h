#pragma once
// `gator-rocm install`: the two-step install of the original's server setup.
//   step 1: the torch family from the chosen PyTorch index (the plan's install command);
//   step 2: the ML libraries from the default index, held by the constraints file
//           (`pip install -c constraints.txt transformers ...`), so that pip cannot swap the ROCm
//           torch for a CUDA build from the default index.
// Steps are argument vectors, run without a shell; pip's output streams straight through.
#include <cstddef>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "pip_command.h"

namespace gator {

class System;

struct InstallSettings {
  // The torch family's steps as the plan gives them (Plan::install.steps): the torch step alone, or
  // the host's ROCm wheels, torch --no-deps and its other requirements.
  std::vector<PipStep> torch_steps;
  // How to run pip: {"pip3"}, or {EXE, "-m", "pip"} for a named environment (plan.h pip_program).
  // Empty: the plan's own first word.
  std::vector<std::string> pip;
  // --index-url URL: replaces the PyTorch index of step 1 (a mirror of it). "" keeps the plan's.
  // A torch step that names no index reads the default index (--default-index-url's mirror).
  std::string index_url;
  // --default-index-url URL: step 2's --index-url (a mirror of the default index). "" = pip's default.
  std::string default_index_url;
  // --extra-index-url URL (repeatable): more indexes for step 2 only. Step 1 reads the PyTorch index
  // alone: another index there could offer a newer CUDA torch that pip would prefer.
  std::vector<std::string> extra_index_urls;
  // The constraints file step 2 passes with -c (written by the caller before step 2 runs).
  std::string constraints_file;
  // Step 2's requirements: the ML libraries (plan.deps' names by default, or the user's PACKAGES,
  // verbatim). Empty: no step 2.
  std::vector<std::string> packages;
};

struct InstallStep {
  std::string title;              // "torch family from https://download.pytorch.org/whl/rocm7.0/"
  std::vector<std::string> argv;  // argv[0] is looked up in PATH when it has no '/'
};

// The steps, in order (step 2 only when settings.packages is not empty).
std::vector<InstallStep> install_steps(const InstallSettings& settings);

// Called before step i (0-based) runs (not in a dry run): e.g. to write the constraints file once the
// torch family is installed. A non-zero return stops the install with that status.
using BeforeStep = std::function<int(std::size_t index, const InstallStep& step)>;

// Runs the steps in order. Before each, writes "gator-rocm: step i/n: <title>" and "+ <command>" to
// `log`; the child inherits stdout and stderr, so pip's output streams as it comes. Stops at the first
// failure, writes why to `log`, and returns pip's exit status (128+N when killed by signal N, 127 when
// the program was not found, 126 when it could not be started). Returns 0 when every step succeeded.
// dry_run: writes only "# step i/n: <title>" and the command line of each step to `log` (a valid
// shell script; pass stdout) and returns 0.
// Each step runs through system.run_attached (RealSystem: a real child process).
int run_install_steps(System& system, const std::vector<InstallStep>& steps, bool dry_run, std::FILE* log,
                      const BeforeStep& before = {});

}  // namespace gator
