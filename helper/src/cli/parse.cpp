// argv -> Options: every command and option of docs/cli.md ("Command-line syntax"). No facts, no
// output but --help, --version and usage errors.
//
// A small parser of its own rather than a library's: a run builds only the options of the command it
// runs (about 25 entries in one vector) and starts no iostreams, which was the largest part of the
// helper's start-up time after the probes (docs/development.md, "Start-up cost").
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "build_info.h"
#include "cli/options.h"
#include "error.h"
#include "text.h"

namespace gator {

namespace {

// Where an option's value goes: a text (given at most once), a flag, a list (repeatable), a number.
using Target = std::variant<std::string*, bool*, std::vector<std::string>*, int*, double*>;

struct OptionSpec {
  std::string_view short_name;  // "-o", or ""
  std::string_view long_name;   // "--output"; a positional's name ("V", "PACKAGES")
  std::string_view value_name;  // "FILE" in --help; "" for a flag
  std::string_view help;
  Target target;
  bool given = false;
};

// A usage error's message; the caller adds which --help to read.
struct UsageError {
  std::string message;
};

// One command's options and positionals, as its --help shows them, and the parse of its arguments.
class Command {
 public:
  Command(std::string_view name, std::string_view help) : name_(name), help_(help) {}

  // An option that takes a value, which must not be empty; given twice is an error. `names` is
  // "--name" or "-x,--name"; `type` names the value in --help.
  void value(std::string_view names, std::string& variable, std::string_view help, std::string_view type) {
    add(names, type, help, &variable);
  }
  // An option that may be given more than once, each value added in order.
  void list(std::string_view names, std::vector<std::string>& variable, std::string_view help, std::string_view type) {
    add(names, type, help, &variable);
  }
  void flag(std::string_view names, bool& variable, std::string_view help) { add(names, "", help, &variable); }
  template <class Number>
  void number(std::string_view names, Number& variable, std::string_view help, std::string_view type) {
    add(names, type, help, &variable);
  }
  // Arguments that are not options, in order: a single one (required) or the rest (a list).
  void positional(std::string_view name, std::string& variable, std::string_view help) {
    positionals_.push_back({"", name, "", help, &variable});
  }
  void positional(std::string_view name, std::vector<std::string>& variable, std::string_view help) {
    positionals_.push_back({"", name, "", help, &variable});
  }
  void example(std::string_view text) { example_ = text; }

  // Reads args into the targets. Returns true when --help was asked for.
  tl::expected<bool, UsageError> parse(const std::vector<std::string_view>& args);
  std::string help_text() const;

 private:
  void add(std::string_view names, std::string_view type, std::string_view help, Target target) {
    const auto comma = names.find(',');
    if (comma == std::string_view::npos) {
      options_.push_back({"", names, type, help, target});
    } else {
      options_.push_back({names.substr(0, comma), names.substr(comma + 1), type, help, target});
    }
  }
  OptionSpec* find(std::string_view name) {
    auto it = std::find_if(options_.begin(), options_.end(), [&](const OptionSpec& o) {
      return name == o.long_name || (!o.short_name.empty() && name == o.short_name);
    });
    return it == options_.end() ? nullptr : &*it;
  }
  tl::expected<void, UsageError> store(OptionSpec& option, std::string_view as_typed, std::string_view value);
  tl::expected<void, UsageError> store_positional(std::string_view value);

  std::string_view name_, help_, example_;
  std::vector<OptionSpec> options_;
  std::vector<OptionSpec> positionals_;
  std::size_t next_positional_ = 0;
};

tl::unexpected<UsageError> mistake(std::string message) { return tl::unexpected(UsageError{std::move(message)}); }

// A decimal number of seconds ("30", "0.5"), digits and a point only. With strtod (the program keeps the C locale):
// std::from_chars for double would link libm into the helper for its fesetround.
std::optional<double> parse_decimal(std::string_view text) {
  const auto digit_or_point = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; };
  if (text.empty() || !std::all_of(text.begin(), text.end(), digit_or_point)) return {};
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(value)) return {};
  return value;
}

template <class Number>
tl::expected<void, UsageError> store_number(Number& variable, std::string_view as_typed, std::string_view value) {
  std::optional<Number> number;
  if constexpr (std::is_integral_v<Number>) {
    number = parse_number<Number>(value);
  } else {
    number = parse_decimal(value);
  }
  if (!number) return mistake(fmt::format("{}: '{}' is not a number", as_typed, printable(value)));
  variable = *number;
  return {};
}

tl::expected<void, UsageError> Command::store(OptionSpec& option, std::string_view as_typed, std::string_view value) {
  const bool repeatable = std::holds_alternative<std::vector<std::string>*>(option.target);
  if (option.given && !repeatable) return mistake(fmt::format("{}: given more than once", as_typed));
  option.given = true;
  if (value.empty()) return mistake(fmt::format("{}: must not be empty", as_typed));
  if (auto* text = std::get_if<std::string*>(&option.target)) {
    (*text)->assign(value);
  } else if (auto* items = std::get_if<std::vector<std::string>*>(&option.target)) {
    (*items)->emplace_back(value);
  } else if (auto* whole = std::get_if<int*>(&option.target)) {
    return store_number(**whole, as_typed, value);
  } else if (auto* real = std::get_if<double*>(&option.target)) {
    return store_number(**real, as_typed, value);
  }
  return {};
}

tl::expected<void, UsageError> Command::store_positional(std::string_view value) {
  if (next_positional_ == positionals_.size()) {
    return mistake(fmt::format("{}: unexpected argument '{}'", name_, printable(value)));
  }
  OptionSpec& slot = positionals_[next_positional_];
  slot.given = true;
  if (auto* items = std::get_if<std::vector<std::string>*>(&slot.target)) {
    (*items)->emplace_back(value);  // the rest of the arguments
  } else {
    std::get<std::string*>(slot.target)->assign(value);
    ++next_positional_;
  }
  return {};
}

// "--name value", "--name=value", "-o value", "-oVALUE"; flags alone; "--" ends the options.
tl::expected<bool, UsageError> Command::parse(const std::vector<std::string_view>& args) {
  // --help wins over any mistake beside it.
  for (std::string_view arg : args) {
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help") return true;
  }
  bool options_end = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (options_end || arg.size() < 2 || arg.front() != '-') {
      if (auto r = store_positional(arg); !r) return tl::unexpected(r.error());
      continue;
    }
    if (arg == "--") {
      options_end = true;
      continue;
    }
    const bool is_long = arg.starts_with("--");
    const std::size_t equals = is_long ? arg.find('=') : std::string_view::npos;
    const std::string_view name = is_long ? arg.substr(0, equals) : arg.substr(0, 2);
    OptionSpec* option = find(name);
    if (option == nullptr) {
      return mistake(fmt::format("{}: unknown option '{}'", name_, printable(name)));
    }
    std::optional<std::string_view> attached;
    if (equals != std::string_view::npos) attached = arg.substr(equals + 1);
    if (!is_long && arg.size() > 2) attached = arg.substr(2);
    if (auto* flag = std::get_if<bool*>(&option->target)) {
      if (attached) return mistake(fmt::format("{}: takes no value", name));
      **flag = true;
      continue;
    }
    std::string_view value;
    if (attached) {
      value = *attached;
    } else if (i + 1 < args.size() && !(args[i + 1].size() > 1 && args[i + 1].front() == '-')) {
      value = args[++i];
    } else {
      return mistake(fmt::format("{}: needs a value ({})", name, option->value_name));
    }
    if (auto r = store(*option, name, value); !r) return tl::unexpected(r.error());
  }
  for (const OptionSpec& slot : positionals_) {
    if (!slot.given && std::holds_alternative<std::string*>(slot.target)) {
      return mistake(fmt::format("{}: {} is required", name_, slot.long_name));
    }
  }
  return false;
}

// One entry of a --help list: the names, then the help from column 34, wrapped at 100 columns.
void help_line(std::string& out, std::string_view names, std::string_view help) {
  constexpr std::size_t kColumn = 34, kWidth = 100;
  std::string line = fmt::format("  {:<{}}", names, kColumn - 2);
  bool line_start = true;
  for (std::string_view word : split(help, ' ')) {
    if (!line_start && line.size() + 1 + word.size() > kWidth) {
      out += line + '\n';
      line.assign(kColumn, ' ');
      line_start = true;
    }
    if (!line_start) line += ' ';
    line += word;
    line_start = false;
  }
  out += line + '\n';
}

std::string Command::help_text() const {
  std::string usage = fmt::format("Usage: gator-rocm {} [OPTIONS]", name_);
  for (const OptionSpec& p : positionals_) {
    usage += std::holds_alternative<std::string*>(p.target) ? fmt::format(" {}", p.long_name)
                                                            : fmt::format(" [{}...]", p.long_name);
  }
  std::string out = fmt::format("{}\n\n{}\n", help_, usage);
  if (!positionals_.empty()) {
    out += "\nArguments:\n";
    for (const OptionSpec& p : positionals_) help_line(out, p.long_name, p.help);
  }
  out += "\nOptions:\n";
  help_line(out, "-h,--help", "Print this help and exit");
  for (const OptionSpec& o : options_) {
    std::string names =
        o.short_name.empty() ? std::string(o.long_name) : fmt::format("{},{}", o.short_name, o.long_name);
    if (!o.value_name.empty()) names += fmt::format(" {}", o.value_name);
    if (std::holds_alternative<std::vector<std::string>*>(o.target)) names += " ...";
    help_line(out, names, o.help);
  }
  if (!example_.empty()) out += fmt::format("\nExample:\n  {}\n", example_);
  return out;
}

void add_fact_options(Command& cmd, Options& o) {
  cmd.value("--root", o.facts.root, "Read system files (/opt/rocm*, /sys, /proc, /etc) under DIR instead of /", "DIR");
  cmd.value("--rocm-root", o.facts.rocm_root, "Use the ROCm installed at DIR (an error if DIR holds none)", "DIR");
  cmd.value("--python", o.facts.python, "Inspect the environment of this Python interpreter", "EXE");
  cmd.value("--venv", o.facts.venv, "Inspect this virtual environment (or conda prefix)", "DIR");
  cmd.value("--site-packages", o.facts.site_packages, "Inspect this site-packages directory", "DIR");
  cmd.value("--rocm", o.facts.rocm, "Use this ROCm version instead of detecting it; 'none': no ROCm", "VERSION");
  cmd.value("--torch", o.facts.torch, "Use this torch version instead of the installed one; 'none': not installed",
            "VERSION");
  cmd.value("--gpu-arch", o.facts.gpu_arch, "Use these GPU architectures instead of detecting them", "gfxA,gfxB");
  cmd.value("--channel", o.facts.channel, "PyTorch channel: stable (default), nightly or test", "CHANNEL");
  cmd.flag("--nightly", o.facts.nightly, "Same as --channel nightly");
  cmd.value("--source", o.facts.source,
            "Whose wheel indexes: pytorch (default, download.pytorch.org) or amd (AMD's own: "
            "torch[device-gfxNNN] builds for ROCm 7.14 and 10.x)",
            "SOURCE");
  cmd.value("--data", o.facts.data_file, "Compatibility data replacing the built-in data (same TOML format)", "FILE");
  cmd.flag("--no-exec", o.facts.no_exec, "Run no external program: read files only");
  cmd.flag("--probe-runtime", o.facts.probe_runtime,
           "Also import torch in a child Python (time-limited) for gpu_available, gpu_count, devices");
  cmd.number("--probe-timeout", o.facts.probe_timeout, "Seconds the --probe-runtime child may take (default 30)",
             "SECONDS");
}

void add_json(Command& cmd, Options& o) { cmd.flag("--json", o.output.json, "Machine-readable output on stdout"); }
void add_output(Command& cmd, Options& o) {
  cmd.value("-o,--output", o.output.file, "Write FILE (atomically, and only when its content changes)", "FILE");
}
void add_vllm(Command& cmd, Options& o) {
  cmd.flag("--vllm", o.facts.vllm, "Include vLLM's row of the dependency matrix");
}
void add_install_choice(Command& cmd, Options& o) {
  cmd.flag("--torchaudio", o.family.torchaudio, "Add torchaudio (left out where no release pairs with torch)");
  cmd.flag("--no-torchvision", o.family.no_torchvision, "Leave out torchvision");
  cmd.flag("--pin", o.family.pin, "Pin each package to the plan's version");
}

// The options only one command takes.
void add_constraints_options(Command& cmd, Options& o) {
  cmd.list("--package", o.packages, "Constrain only this ML library (repeatable; default: all)", "NAME");
}
void add_extras_options(Command& cmd, Options& o) {
  cmd.list("--extra", o.extras.families, "Write this extras family (repeatable; default: rocm57 rocm65 rocm70)",
           "NAME");
  cmd.value("--update", o.extras.update,
            "Rewrite only the '# BEGIN/END gator-rocm extras' block of this pyproject.toml", "FILE");
  cmd.flag("--uv", o.extras.uv, "Also write [[tool.uv.index]] and [tool.uv.sources] for uv sync --extra");
}
void add_cmake_options(Command& cmd, Options& o) {
  cmd.value("--constraints-output", o.constraints_output, "Also write the constraints file FILE", "FILE");
}
void add_refresh_options(Command& cmd, Options& o) {
  cmd.value("--index-base", o.refresh.index_base,
            "The PyTorch wheel indexes' root (default https://download.pytorch.org/whl)", "URL");
  cmd.value("--amd-base", o.refresh.amd_base,
            "A mirror of AMD's own indexes, each at URL/<name>/ (default: each at its own URL, as the data gives it)",
            "URL");
  cmd.number("--timeout", o.refresh.timeout, "Seconds each request may take (default 30)", "SECONDS");
  cmd.value("--cache-dir", o.refresh.cache_dir, "Where the overlay goes (default $XDG_CACHE_HOME/gator-rocm)", "DIR");
}
void add_install_options(Command& cmd, Options& o) {
  cmd.flag("--dry-run", o.install.dry_run, "Print the commands without running them");
  cmd.value("--constraints", o.install.constraints_file, "Keep the constraints of step 2 in FILE", "FILE");
  cmd.value("--index-url", o.install.index_url, "A mirror of the PyTorch index for step 1", "URL");
  cmd.value("--default-index-url", o.install.default_index_url, "A mirror of the default index for step 2", "URL");
  cmd.list("--extra-index-url", o.install.extra_index_urls, "More indexes for step 2 (repeatable)", "URL");
  cmd.positional("PACKAGES", o.packages, "The ML libraries of step 2 (default: the matrix's)");
}
void add_matrix_options(Command& cmd, Options& o) {
  cmd.value("--data", o.facts.data_file, "Compatibility data replacing the built-in data", "FILE");
}
void add_version_check_arguments(Command& cmd, Options& o) {
  cmd.positional("V", o.version_check.version, "A PEP 440 version");
  cmd.positional("S", o.version_check.specifiers, "A specifier set, like '>=2.10,<3'");
}

struct CommandSpec {
  const char* name;
  const char* help;
  bool json, output, vllm, install_choice;
  const char* example;  // shown under the command's --help
  void (*own_options)(Command&, Options&) = nullptr;
  bool fact_options = true;  // the options of every command that decides from facts
};

// The commands, as --help shows them, and the options each takes besides the fact options (which
// matrix and version-check do not take). Their handlers: cli/commands.cpp.
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
    {"matrix", "Print the compatibility data as Markdown tables", false, false, false, false,
     "gator-rocm matrix > matrix.md\n  gator-rocm matrix --data my-compat.toml", add_matrix_options, false},
    {"version-check", "Exit 0 if PEP 440 version V satisfies specifier set S, 1 if not, 2 if either is invalid", false,
     false, false, false, "gator-rocm version-check 2.10.0+rocm7.0 '>=2.10,<3' && echo ok", add_version_check_arguments,
     false},
};

std::string program_help() {
  std::string out = fmt::format(
      "gator-rocm {}: ROCm, GPU and PyTorch facts for pip and CMake.\n\n"
      "Reads the machine (ROCm version files, KFD sysfs, the Python environment's site-packages; it never\n"
      "imports torch unless --probe-runtime is given), chooses the PyTorch wheel index, and writes pip\n"
      "constraints and pyproject extras that keep the ROCm torch in place.\n\n"
      "Usage: gator-rocm COMMAND [OPTIONS]\n"
      "       gator-rocm COMMAND --help      the command's options, with an example\n\n"
      "Commands:\n",
      kVersion);
  for (const CommandSpec& spec : kCommands) help_line(out, spec.name, spec.help);
  out += "\nOptions:\n";
  help_line(out, "-h,--help", "Print this help and exit");
  help_line(out, "--version", "Print the version and exit");
  out +=
      "\nExamples:\n"
      "  gator-rocm detect --json                      what this machine has, and the plan\n"
      "  gator-rocm index-url --rocm 7.0.2 --nightly   the index for a given ROCm\n"
      "  gator-rocm constraints -o constraints.txt     then: pip install -c constraints.txt transformers\n"
      "  gator-rocm extras --update pyproject.toml --uv\n"
      "  gator-rocm version-check 2.10.0+rocm7.0 '>=2.10'\n\n"
      "Exit status: 0 ok, 1 a check found a problem, 2 bad usage or input, 3 a file could not be read or\n"
      "written (missing, unreadable, not a regular file, too large, read-only, a full disk), 4 the\n"
      "--rocm-root directory does not exist or holds no ROCm.\n";
  return out;
}

int usage_failure(std::string_view message, std::string_view hint) {
  fmt::print(stderr, "gator-rocm: error: {}\nRun '{}' for usage.\n", message, hint);
  return static_cast<int>(ErrorKind::invalid_input);
}

std::string invocation(int argc, char** argv) {
  std::vector<std::string> words{"gator-rocm"};
  words.insert(words.end(), argv + 1, argv + argc);
  return command_line(words);
}

}  // namespace

std::optional<int> parse_command_line(int argc, char** argv, Options& o) {
  o.invocation = invocation(argc, argv);
  o.program = argv[0];
  const std::string_view first = argc > 1 ? argv[1] : "";
  if (first == "-h" || first == "--help") {
    fmt::print("{}", program_help());
    return 0;
  }
  if (first == "--version") {
    fmt::print("{}\n", kVersion);
    return 0;
  }
  const auto spec =
      std::find_if(std::begin(kCommands), std::end(kCommands), [&](const CommandSpec& s) { return first == s.name; });
  if (spec == std::end(kCommands)) {
    if (first.empty()) return usage_failure("a command is required", "gator-rocm --help");
    if (first.front() == '-') {
      return usage_failure(fmt::format("unknown option '{}' (options come after the command)", printable(first)),
                           "gator-rocm --help");
    }
    fmt::print(stderr, "gator-rocm: error: unknown command '{}'\nRun 'gator-rocm --help' for the list of commands.\n",
               printable(first));
    return static_cast<int>(ErrorKind::invalid_input);
  }

  // Only the command being run is built, with its options (docs/development.md, "Start-up cost").
  Command cmd(spec->name, spec->help);
  if (spec->fact_options) add_fact_options(cmd, o);
  if (spec->json) add_json(cmd, o);
  if (spec->output) add_output(cmd, o);
  if (spec->vllm) add_vllm(cmd, o);
  if (spec->install_choice) add_install_choice(cmd, o);
  if (spec->own_options) spec->own_options(cmd, o);
  cmd.example(spec->example);

  auto help = cmd.parse(std::vector<std::string_view>(argv + 2, argv + argc));
  if (!help) return usage_failure(help.error().message, fmt::format("gator-rocm {} --help", spec->name));
  if (*help) {
    fmt::print("{}", cmd.help_text());
    return 0;
  }
  o.command = spec->name;
  return std::nullopt;
}

}  // namespace gator
