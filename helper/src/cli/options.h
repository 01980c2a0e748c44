#pragma once
// The command line as data: what one run of gator-rocm was asked to do (docs/cli.md). argv becomes
// Options in cli/parse.cpp; the commands carry them out in cli/commands.cpp.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace gator {

class System;

// The options of every command that decides from facts (docs/cli.md, "Options of every command").
struct FactOptions {
  std::string root = "/";
  std::string rocm_root, python, venv, site_packages;
  std::string rocm, torch, gpu_arch;  // overrides of what the probes find
  std::string channel;                // "" = stable, unless --nightly
  std::string source;                 // "" = pytorch
  bool nightly = false;
  std::string data_file;  // --data
  bool no_exec = false, probe_runtime = false;
  int probe_timeout = 30;
  bool vllm = false;  // deps, constraints, extras: vLLM's row too
};

// detect, index-url, deps, install-command, doctor: --json; constraints, extras, cmake: -o FILE.
struct OutputOptions {
  bool json = false;
  std::string file;
};

// install-command and install: which of the torch family, and pinned or not.
struct TorchFamilyOptions {
  bool torchaudio = false, no_torchvision = false, pin = false;
};

struct ExtrasOptions {
  std::vector<std::string> families;  // --extra
  std::string update;                 // --update FILE
  bool uv = false;
};

struct InstallOptions {
  bool dry_run = false;
  std::string constraints_file, index_url, default_index_url;
  std::vector<std::string> extra_index_urls;
};

struct RefreshCommandOptions {
  std::string index_base = "https://download.pytorch.org/whl", amd_base, cache_dir;
  double timeout = 30;
};

struct VersionCheckOptions {
  std::string version, specifiers;
};

// Every option of docs/cli.md, grouped by the commands that take them; each command registers its
// groups' options (cli/parse.cpp).
struct Options {
  std::string command;
  FactOptions facts;
  OutputOptions output;
  TorchFamilyOptions family;
  std::vector<std::string> packages;  // constraints --package, install PACKAGES
  ExtrasOptions extras;
  std::string constraints_output;  // cmake --constraints-output
  InstallOptions install;
  RefreshCommandOptions refresh;
  VersionCheckOptions version_check;
  // The command line as typed, for "regenerate with" comments.
  std::string invocation;
  std::string program = "gator-rocm";  // argv[0]
};

// Parses argv into options. Returns the exit status when the run ends here (--help, --version, or a
// usage error, already reported on stderr); nullopt when options.command is to be run.
std::optional<int> parse_command_line(int argc, char** argv, Options& options);

// Runs options.command: its output on `out`, warnings and errors on stderr. Returns the exit status.
// `system` is the machine to read; null for the real one (under --root).
int run_command(const Options& options, std::FILE* out, System* system = nullptr);

}  // namespace gator
