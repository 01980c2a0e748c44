// argv -> Options: every command and option of docs/cli.md, with CLI11. No facts, no output but
// --help, --version and usage errors.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iterator>

#include "build_info.h"
#include "cli/options.h"
#include "error.h"
#include "text.h"

namespace gator {

namespace {

// An option given with an empty value ("--rocm ''") is a mistake, not "not given".
const CLI::Validator kNonEmpty(
    [](std::string& value) { return value.empty() ? std::string("must not be empty") : std::string(); }, "",
    "NONEMPTY");

// An option that takes a value, which must not be empty; TYPE names the value in --help.
template <class T>
CLI::Option* value_option(CLI::App& cmd, const std::string& name, T& variable, const std::string& help,
                          const std::string& type) {
  return cmd.add_option(name, variable, help)->check(kNonEmpty)->type_name(type);
}

void add_fact_options(CLI::App& cmd, Options& o) {
  value_option(cmd, "--root", o.facts.root, "Read system files (/opt/rocm*, /sys, /proc, /etc) under DIR instead of /",
               "DIR");
  value_option(cmd, "--rocm-root", o.facts.rocm_root, "Use the ROCm installed at DIR (an error if DIR holds none)",
               "DIR");
  value_option(cmd, "--python", o.facts.python, "Inspect the environment of this Python interpreter", "EXE");
  value_option(cmd, "--venv", o.facts.venv, "Inspect this virtual environment (or conda prefix)", "DIR");
  value_option(cmd, "--site-packages", o.facts.site_packages, "Inspect this site-packages directory", "DIR");
  value_option(cmd, "--rocm", o.facts.rocm, "Use this ROCm version instead of detecting it; 'none': no ROCm",
               "VERSION");
  value_option(cmd, "--torch", o.facts.torch,
               "Use this torch version instead of the installed one; 'none': not installed", "VERSION");
  value_option(cmd, "--gpu-arch", o.facts.gpu_arch, "Use these GPU architectures instead of detecting them",
               "gfxA,gfxB");
  value_option(cmd, "--channel", o.facts.channel, "PyTorch channel: stable (default), nightly or test", "CHANNEL");
  cmd.add_flag("--nightly", o.facts.nightly, "Same as --channel nightly");
  value_option(cmd, "--source", o.facts.source,
               "Whose wheel indexes: pytorch (default, download.pytorch.org) or amd (AMD's own: "
               "torch[device-gfxNNN] builds for ROCm 7.14 and 10.x)",
               "SOURCE");
  value_option(cmd, "--data", o.facts.data_file, "Compatibility data replacing the built-in data (same TOML format)",
               "FILE");
  cmd.add_flag("--no-exec", o.facts.no_exec, "Run no external program: read files only");
  cmd.add_flag("--probe-runtime", o.facts.probe_runtime,
               "Also import torch in a child Python (time-limited) for gpu_available, gpu_count, devices");
  cmd.add_option("--probe-timeout", o.facts.probe_timeout, "Seconds the --probe-runtime child may take (default 30)")
      ->type_name("SECONDS");
}

void add_json(CLI::App& cmd, Options& o) { cmd.add_flag("--json", o.output.json, "Machine-readable output on stdout"); }
void add_output(CLI::App& cmd, Options& o) {
  value_option(cmd, "-o,--output", o.output.file, "Write FILE (atomically, and only when its content changes)", "FILE");
}
void add_vllm(CLI::App& cmd, Options& o) {
  cmd.add_flag("--vllm", o.facts.vllm, "Include vLLM's row of the dependency matrix");
}
void add_install_choice(CLI::App& cmd, Options& o) {
  cmd.add_flag("--torchaudio", o.family.torchaudio, "Add torchaudio (left out where no release pairs with torch)");
  cmd.add_flag("--no-torchvision", o.family.no_torchvision, "Leave out torchvision");
  cmd.add_flag("--pin", o.family.pin, "Pin each package to the plan's version");
}

// The options only one command takes.
void add_constraints_options(CLI::App& cmd, Options& o) {
  value_option(cmd, "--package", o.packages, "Constrain only this ML library (repeatable; default: all)", "NAME");
}
void add_extras_options(CLI::App& cmd, Options& o) {
  value_option(cmd, "--extra", o.extras.families,
               "Write this extras family (repeatable; default: rocm57 rocm65 rocm70)", "NAME");
  value_option(cmd, "--update", o.extras.update,
               "Rewrite only the '# BEGIN/END gator-rocm extras' block of this pyproject.toml", "FILE");
  cmd.add_flag("--uv", o.extras.uv, "Also write [[tool.uv.index]] and [tool.uv.sources] for uv sync --extra");
}
void add_cmake_options(CLI::App& cmd, Options& o) {
  value_option(cmd, "--constraints-output", o.constraints_output, "Also write the constraints file FILE", "FILE");
}
void add_refresh_options(CLI::App& cmd, Options& o) {
  value_option(cmd, "--index-base", o.refresh.index_base,
               "The PyTorch wheel indexes' root (default https://download.pytorch.org/whl)", "URL");
  value_option(
      cmd, "--amd-base", o.refresh.amd_base,
      "A mirror of AMD's own indexes, each at URL/<name>/ (default: each at its own URL, as the data gives it)", "URL");
  cmd.add_option("--timeout", o.refresh.timeout, "Seconds each request may take (default 30)")->type_name("SECONDS");
  value_option(cmd, "--cache-dir", o.refresh.cache_dir, "Where the overlay goes (default $XDG_CACHE_HOME/gator-rocm)",
               "DIR");
}
void add_install_options(CLI::App& cmd, Options& o) {
  cmd.add_flag("--dry-run", o.install.dry_run, "Print the commands without running them");
  value_option(cmd, "--constraints", o.install.constraints_file, "Keep the constraints of step 2 in FILE", "FILE");
  value_option(cmd, "--index-url", o.install.index_url, "A mirror of the PyTorch index for step 1", "URL");
  value_option(cmd, "--default-index-url", o.install.default_index_url, "A mirror of the default index for step 2",
               "URL");
  value_option(cmd, "--extra-index-url", o.install.extra_index_urls, "More indexes for step 2 (repeatable)", "URL");
  cmd.add_option("packages", o.packages, "The ML libraries of step 2 (default: the matrix's)")->type_name("PACKAGES");
}

struct CommandSpec {
  const char* name;
  const char* help;
  bool json, output, vllm, install_choice;
  const char* example;  // shown under the command's --help
  void (*own_options)(CLI::App&, Options&) = nullptr;
};

// The commands that decide from facts, as --help shows them, and the options each takes besides
// the fact options; version-check and matrix are wired separately. Their handlers: cli/commands.cpp.
constexpr CommandSpec kCommands[] = {
    {"detect", "Facts about this machine (ROCm, GPUs, Python, torch, ML libraries) with their sources, and the plan",
     true, false, false, false,
     "gator-rocm detect --json --venv .venv\n  gator-rocm detect --root /mnt/image --no-exec"},
    {"index-url", "Print the PyTorch wheel index URL for this machine", true, false, false, false,
     "gator-rocm index-url\n  gator-rocm index-url --rocm 6.2.4 --nightly --json"},
    {"deps", "Compatible specifiers for the ML libraries, one name<spec> a line", true, false, true, false,
     "gator-rocm deps --torch 2.3.1+rocm5.7 --vllm"},
    {"install-command", "Print the pip command that installs torch from the right index", true, false, false, true,
     "gator-rocm install-command --torchaudio\n  gator-rocm install-command --rocm 7.0.0 --torch none --nightly --pin"},
    {"constraints", "Write a pip constraints file (pip install -c FILE ...)", false, true, true, false,
     "gator-rocm constraints -o constraints.txt\n  pip install -c constraints.txt transformers diffusers accelerate",
     add_constraints_options},
    {"extras", "Write pyproject [project.optional-dependencies] extras (rocm57, rocm65, rocm70)", false, true, true,
     false,
     "gator-rocm extras --update pyproject.toml --uv   (then: uv sync --extra rocm70)\n  gator-rocm extras --extra "
     "rocm70 -o extras.toml",
     add_extras_options},
    {"env", "Recommended environment variables, as export lines", false, false, false, false,
     "eval \"$(gator-rocm env)\""},
    {"report", "A readable report of all of the above", false, false, false, false, "gator-rocm report --venv .venv"},
    {"doctor", "Check the installed libraries against the plan; print fixes; exit 1 if anything is off", true, false,
     false, false, "gator-rocm doctor --venv .venv"},
    {"install", "Install the torch family from the chosen index, then the ML libraries with the constraints", false,
     false, false, true,
     "gator-rocm install --dry-run --python .venv/bin/python\n  gator-rocm install --python .venv/bin/python "
     "transformers accelerate",
     add_install_options},
    {"cmake", "Write the CMake script of GATOR_* variables that find_package(GatorRocm) includes", false, true, false,
     false, "gator-rocm cmake -o gator.cmake --constraints-output constraints.txt   (run by find_package(GatorRocm))",
     add_cmake_options},
    {"refresh",
     "Read PyTorch's and AMD's package indexes and update the data overlay in the cache (the only command that uses "
     "the network)",
     false, false, false, false,
     "gator-rocm refresh\n  gator-rocm refresh --channel nightly --timeout 10 --index-base https://mirror.example/whl",
     add_refresh_options},
};

std::string invocation(int argc, char** argv) {
  std::vector<std::string> words{"gator-rocm"};
  words.insert(words.end(), argv + 1, argv + argc);
  return command_line(words);
}

}  // namespace

std::optional<int> parse_command_line(int argc, char** argv, Options& o) {
  o.invocation = invocation(argc, argv);
  o.program = argv[0];
  CLI::App app{
      fmt::format("gator-rocm {}: ROCm, GPU and PyTorch facts for pip and CMake.\n\n"
                  "Reads the machine (ROCm version files, KFD sysfs, the Python environment's site-packages; it never\n"
                  "imports torch unless --probe-runtime is given), chooses the PyTorch wheel index, and writes pip\n"
                  "constraints and pyproject extras that keep the ROCm torch in place.\n\n"
                  "Examples:\n"
                  "  gator-rocm detect --json                      what this machine has, and the plan\n"
                  "  gator-rocm index-url --rocm 7.0.2 --nightly   the index for a given ROCm\n"
                  "  gator-rocm constraints -o constraints.txt     then: pip install -c constraints.txt transformers\n"
                  "  gator-rocm extras --update pyproject.toml --uv\n"
                  "  gator-rocm version-check 2.10.0+rocm7.0 '>=2.10'\n\n"
                  "Exit status: 0 ok, 1 a check found a problem, 2 bad usage or input, 3 a file could not be read or\n"
                  "written (missing, unreadable, not a regular file, too large, read-only, a full disk), 4 the\n"
                  "--rocm-root directory does not exist or holds no ROCm.",
                  kVersion)};
  app.name("gator-rocm");
  app.set_version_flag("--version", std::string(kVersion));
  app.require_subcommand(1, 1);
  app.get_formatter()->column_width(34);

  // Only the command being run is built, with its options: CLI11 makes an object of every command
  // and option, and building all of them (14 commands, about 250 options) was most of the helper's
  // start-up time. Without a command (--help, --version, a mistake) every command is listed, by name
  // and description alone (docs/development.md, "Start-up cost").
  const std::string_view wanted = argc > 1 ? argv[1] : "";
  const bool one_command = std::any_of(std::begin(kCommands), std::end(kCommands),
                                       [&](const CommandSpec& spec) { return wanted == spec.name; });
  for (const CommandSpec& spec : kCommands) {
    if (one_command && wanted != spec.name) continue;
    CLI::App* cmd = app.add_subcommand(spec.name, spec.help);
    cmd->callback([&o, name = spec.name] { o.command = name; });
    if (wanted != spec.name) continue;
    add_fact_options(*cmd, o);
    if (spec.json) add_json(*cmd, o);
    if (spec.output) add_output(*cmd, o);
    if (spec.vllm) add_vllm(*cmd, o);
    if (spec.install_choice) add_install_choice(*cmd, o);
    if (spec.own_options) spec.own_options(*cmd, o);
    cmd->footer(std::string("\nExample:\n  ") + spec.example);
  }

  if (!one_command) {  // matrix and version-check: small enough to build every time
    CLI::App* matrix = app.add_subcommand("matrix", "Print the compatibility data as Markdown tables");
    value_option(*matrix, "--data", o.facts.data_file, "Compatibility data replacing the built-in data", "FILE");
    matrix->callback([&o] { o.command = "matrix"; });
    CLI::App* check = app.add_subcommand(
        "version-check", "Exit 0 if PEP 440 version V satisfies specifier set S, 1 if not, 2 if either is invalid");
    check->add_option("V", o.version_check.version, "A PEP 440 version")->required();
    check->add_option("S", o.version_check.specifiers, "A specifier set, like '>=2.10,<3'")->required();
    check->callback([&o] { o.command = "version-check"; });
  }

  if (argc > 1 && argv[1][0] != '-' &&
      app.get_subcommands([&](CLI::App* c) { return c->get_name() == argv[1]; }).empty()) {
    fmt::print(stderr, "gator-rocm: error: unknown command '{}'\nRun 'gator-rocm --help' for the list of commands.\n",
               argv[1]);
    return static_cast<int>(ErrorKind::invalid_input);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "gator-rocm: error: {}\nRun 'gator-rocm --help' (or 'gator-rocm COMMAND --help') for usage.\n",
               e.what());
    return static_cast<int>(ErrorKind::invalid_input);
  }
  return std::nullopt;
}

}  // namespace gator
