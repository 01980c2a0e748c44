#pragma once
// The command line as data: what one run of gator-rocm was asked to do (docs/cli.md). argv becomes
// Options in cli/parse.cpp (CLI11); the commands carry them out in cli/commands.cpp.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace gator {

class System;

// Every option of docs/cli.md; each command registers the ones it takes (cli/parse.cpp).
struct Options {
  std::string command;
  // facts
  std::string root = "/";
  std::string rocm_root, python, venv, site_packages;
  std::string rocm, torch, gpu_arch;
  std::string channel;  // "" = stable, unless --nightly
  std::string source;   // "" = pytorch
  bool nightly = false;
  std::string data_file;
  bool no_exec = false, probe_runtime = false;
  int probe_timeout = 30;
  // output
  bool json = false;
  std::string output;
  bool vllm = false;
  bool torchaudio = false, no_torchvision = false, pin = false;
  std::vector<std::string> packages;   // constraints --package, install PACKAGES
  std::vector<std::string> extras;     // extras --extra
  std::string update;                  // extras --update
  bool uv = false;
  std::string constraints_output;      // cmake --constraints-output
  // install
  bool dry_run = false;
  std::string constraints_file, index_url, default_index_url;
  std::vector<std::string> extra_index_urls;
  // refresh
  std::string index_base = "https://download.pytorch.org/whl", cache_dir;
  double timeout = 30;
  // version-check
  std::string check_version, check_specifiers;
  // The command line as typed, for "regenerate with" comments.
  std::string invocation;
  std::string program = "gator-rocm";  // argv[0]
};

// Parses argv into options. Returns the exit status when the run ends here (--help, --version, or a
// usage error, already reported on stderr); nullopt when options.command is to be run.
std::optional<int> parse_command_line(int argc, char** argv, Options& options);

// Runs options.command: its output on `out`, warnings and errors on stderr. Returns the exit status.
// `system` is the machine to read; null for the real one (under --root).
int run_command(const Options& options, std::ostream& out, System* system = nullptr);

}  // namespace gator
