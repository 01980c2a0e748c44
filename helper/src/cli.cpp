#include "cli.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "build_info.h"
#include "data.h"
#include "doctor.h"
#include "install.h"
#include "io.h"
#include "pep440.h"
#include "plan.h"
#include "probe.h"
#include "pyproject_edit.h"
#include "refresh/overlay.h"
#include "refresh/refresh.h"
#include "render/render.h"
#include "system.h"
#include "text.h"

namespace gator {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitProblem = 1;

// Every option of docs/cli.md; each command registers the ones it takes.
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
  std::string index_base = "https://download.pytorch.org/whl", amd_base, cache_dir;
  double timeout = 30;
  // version-check
  std::string check_version, check_specifiers;
  // The command line as typed, for "regenerate with" comments.
  std::string invocation;
  std::string program = "gator-rocm";  // argv[0]
};

// The options that decide the facts and the plan, as a command line would give them: for the
// commands gator-rocm prints (the constraints a `cmake` run or an install step writes).
std::vector<std::string> fact_args(const Options& o) {
  std::vector<std::string> args;
  auto add = [&](const char* flag, const std::string& value) {
    if (value.empty()) return;
    args.push_back(flag);
    args.push_back(value);
  };
  if (o.root != "/") add("--root", o.root);
  add("--rocm-root", o.rocm_root);
  add("--python", o.python);
  add("--venv", o.venv);
  add("--site-packages", o.site_packages);
  add("--rocm", o.rocm);
  add("--torch", o.torch);
  add("--gpu-arch", o.gpu_arch);
  if (o.nightly) args.push_back("--nightly");
  add("--channel", o.channel);
  add("--source", o.source);
  add("--data", o.data_file);
  if (o.no_exec) args.push_back("--no-exec");
  if (o.vllm) args.push_back("--vllm");
  return args;
}

// An option given with an empty value ("--rocm ''") is a mistake, not "not given".
const CLI::Validator kNonEmpty(
    [](std::string& value) { return value.empty() ? std::string("must not be empty") : std::string(); }, "", "NONEMPTY");

// An option that takes a value, which must not be empty; TYPE names the value in --help.
template <class T>
CLI::Option* value_option(CLI::App& cmd, const std::string& name, T& variable, const std::string& help,
                          const std::string& type) {
  return cmd.add_option(name, variable, help)->check(kNonEmpty)->type_name(type);
}

void add_fact_options(CLI::App& cmd, Options& o) {
  value_option(cmd, "--root", o.root, "Read system files (/opt/rocm*, /sys, /proc, /etc) under DIR instead of /", "DIR");
  value_option(cmd, "--rocm-root", o.rocm_root, "Use the ROCm installed at DIR (an error if DIR holds none)", "DIR");
  value_option(cmd, "--python", o.python, "Inspect the environment of this Python interpreter", "EXE");
  value_option(cmd, "--venv", o.venv, "Inspect this virtual environment (or conda prefix)", "DIR");
  value_option(cmd, "--site-packages", o.site_packages, "Inspect this site-packages directory", "DIR");
  value_option(cmd, "--rocm", o.rocm, "Use this ROCm version instead of detecting it; 'none': no ROCm", "VERSION");
  value_option(cmd, "--torch", o.torch, "Use this torch version instead of the installed one; 'none': not installed", "VERSION");
  value_option(cmd, "--gpu-arch", o.gpu_arch, "Use these GPU architectures instead of detecting them", "gfxA,gfxB");
  value_option(cmd, "--channel", o.channel, "PyTorch channel: stable (default), nightly or test", "CHANNEL");
  cmd.add_flag("--nightly", o.nightly, "Same as --channel nightly");
  value_option(cmd, "--source", o.source,
                 "Whose wheel indexes: pytorch (default, download.pytorch.org) or amd (AMD's own: "
                 "torch[device-gfxNNN] builds for ROCm 7.14 and 10.x)", "SOURCE");
  value_option(cmd, "--data", o.data_file, "Compatibility data replacing the built-in data (same TOML format)", "FILE");
  cmd.add_flag("--no-exec", o.no_exec, "Run no external program: read files only");
  cmd.add_flag("--probe-runtime", o.probe_runtime,
               "Also import torch in a child Python (time-limited) for gpu_available, gpu_count, devices");
  cmd.add_option("--probe-timeout", o.probe_timeout, "Seconds the --probe-runtime child may take (default 30)")
      ->type_name("SECONDS");
}

void add_json(CLI::App& cmd, Options& o) { cmd.add_flag("--json", o.json, "Machine-readable output on stdout"); }
void add_output(CLI::App& cmd, Options& o) {
  value_option(cmd, "-o,--output", o.output, "Write FILE (atomically, and only when its content changes)", "FILE");
}
void add_vllm(CLI::App& cmd, Options& o) {
  cmd.add_flag("--vllm", o.vllm, "Include vLLM's row of the dependency matrix");
}
void add_install_choice(CLI::App& cmd, Options& o) {
  cmd.add_flag("--torchaudio", o.torchaudio, "Add torchaudio (left out where no release pairs with torch)");
  cmd.add_flag("--no-torchvision", o.no_torchvision, "Leave out torchvision");
  cmd.add_flag("--pin", o.pin, "Pin each package to the plan's version");
}

// ---- facts ----

// --data FILE alone, or the built-in data with the refresh overlay of the cache merged over it.
Expected<Data> load_data(const Options& o) {
  if (o.data_file.empty()) {
    std::string warning;
    Data data = refresh::builtin_with_overlay(refresh::cache_dir(""), std::time(nullptr), warning);
    if (!warning.empty()) fmt::print(stderr, "gator-rocm: warning: {}\n", warning);
    return data;
  }
  auto text = read_input_file(o.data_file);
  if (!text) return io_error("--data: " + text.error().message);
  return parse_data(*text, o.data_file);
}

Expected<void> apply_rocm_override(const std::string& text, Facts& facts) {
  facts.rocm = RocmFacts{};
  if (text == "none") return {};
  // As .info/version writes it ("6.3.2-66"): the build number after '-' is not part of the version.
  auto parsed = parse_rocm_version(text.substr(0, text.find('-')));
  if (!parsed) return invalid_input(fmt::format("--rocm: '{}' is not a ROCm version (like 7.0.2 or 6.4)", printable(text)));
  facts.rocm.found = true;
  facts.rocm.version = parsed->text;
  facts.rocm.major = parsed->major;
  facts.rocm.minor = parsed->minor;
  facts.rocm.patch = parsed->patch;
  facts.rocm.source = "--rocm";
  return {};
}

Expected<void> apply_torch_override(const std::string& text, Facts& facts) {
  facts.torch = TorchFacts{};
  facts.torch.source = "--torch";
  facts.torch.overridden = true;
  if (text == "none") return {};
  auto parsed = pep440::parse_version(text);
  if (!parsed) return invalid_input(fmt::format("--torch: '{}' is not a PEP 440 version", printable(text)));
  facts.torch.installed = true;
  facts.torch.version = text;
  facts.torch.pytorch_major_minor = torch_major_minor(text);
  facts.torch.is_rocm_build = is_rocm_torch_build(text, std::nullopt);
  return {};
}

Expected<void> apply_gpu_override(const std::string& text, const Data& data, Facts& facts) {
  facts.gpus.clear();
  facts.gpus_note.clear();
  facts.visible_devices.reset();
  for (std::string_view item : split(text, ',')) {
    if (item.empty()) return invalid_input(fmt::format("--gpu-arch: '{}' has an empty item", printable(text)));
    const std::string arch = normalize_gfx_arch(item);  // "GFX90a:xnack-" -> "gfx90a"
    const bool valid = arch.size() > 3 && arch.starts_with("gfx") &&
                       arch.find_first_not_of("0123456789abcdef", 3) == std::string::npos;
    if (!valid) return invalid_input(fmt::format("--gpu-arch: '{}' is not a GPU architecture like gfx942", printable(item)));
    facts.gpus.push_back({-1, arch, data.product_name(arch), "--gpu-arch"});
  }
  return {};
}

ProbeOptions probe_options(const Options& o) {
  ProbeOptions p;
  p.root = o.root;
  p.rocm_root = o.rocm_root;
  p.python = o.python;
  p.venv = o.venv;
  p.site_packages = o.site_packages;
  p.no_exec = o.no_exec;
  p.probe_runtime = o.probe_runtime;
  p.runtime_timeout_s = o.probe_timeout;
  p.want_rocm = o.rocm.empty();
  p.want_gpus = o.gpu_arch.empty();
  // --torch replaces the environment's torch; the environment is still read when it is named.
  p.want_python = o.torch.empty() || !o.python.empty() || !o.venv.empty() || !o.site_packages.empty();
  return p;
}

Expected<Facts> gather_facts(const Options& o, const Data& data, System& system) {
  auto facts = probe_host(probe_options(o), data, system);
  if (!facts) return facts;
  if (!o.rocm.empty()) {
    if (auto r = apply_rocm_override(o.rocm, *facts); !r) return tl::unexpected(r.error());
  }
  if (!o.torch.empty()) {
    if (auto r = apply_torch_override(o.torch, *facts); !r) return tl::unexpected(r.error());
  }
  if (!o.gpu_arch.empty()) {
    if (auto r = apply_gpu_override(o.gpu_arch, data, *facts); !r) return tl::unexpected(r.error());
  }
  return facts;
}

Expected<PlanOptions> plan_options(const Options& o) {
  PlanOptions p;
  if (o.nightly && !o.channel.empty() && o.channel != "nightly") {
    return invalid_input(fmt::format("--nightly contradicts --channel {}", o.channel));
  }
  auto channel = parse_channel(o.nightly ? "nightly" : o.channel.empty() ? "stable" : o.channel);
  if (!channel) return tl::unexpected(channel.error());
  p.channel = *channel;
  auto source = parse_source(o.source.empty() ? "pytorch" : o.source);
  if (!source) return tl::unexpected(source.error());
  p.source = *source;
  p.include_vllm = o.vllm;
  p.install.torchvision = !o.no_torchvision;
  p.install.torchaudio = o.torchaudio;
  p.install.pin = o.pin;
  return p;
}

// ---- output ----

// JSON on stdout; bytes that are not UTF-8 (garbage quoted from a file) become U+FFFD, not a crash.
std::string json_text(const nlohmann::ordered_json& value) {
  return value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void print_warnings(const std::vector<std::string>& warnings) {
  for (const std::string& w : warnings) fmt::print(stderr, "gator-rocm: warning: {}\n", w);
}

// Writes `content` to -o FILE (reporting whether it changed) or to stdout.
Expected<void> emit(const std::string& path, const std::string& content) {
  if (path.empty() || path == "-") {
    std::cout << content;
    return {};
  }
  auto result = write_file_if_changed(path, content);
  if (!result) return tl::unexpected(result.error());
  fmt::print(stderr, "gator-rocm: {} {}\n", *result == WriteResult::written ? "wrote" : "unchanged:", path);
  return {};
}

std::string absolute(const std::string& path) {
  std::error_code ec;
  auto abs = std::filesystem::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

// Output that could not be written (a full disk, a closed pipe) is a failure, not a silent success.
bool stdout_ok() {
  std::cout.flush();
  return std::cout.good() && std::fflush(stdout) == 0 && !std::ferror(stdout);
}

int report_error(const Error& error) {
  fmt::print(stderr, "gator-rocm: error: {}\n", error.message);
  return static_cast<int>(error.kind);
}

// The command's status, unless its output could not be written.
int finish(int status) {
  return stdout_ok() ? status : report_error({ErrorKind::io, "standard output: cannot write"});
}

struct Context {
  const Options& o;
  const Data& data;
  PlanOptions options;
  Facts facts;
  Plan plan;
  System& system;
};

using Result = Expected<int>;

Result cmd_detect(Context& c) {
  if (c.o.json) {
    nlohmann::ordered_json out = detect_json(c.facts, c.plan);
    out["data"] = refresh::data_json(c.data, std::time(nullptr));
    std::cout << json_text(out) << "\n";
  } else {
    std::cout << describe_host(c.facts, c.plan) << "\n";
    if (c.facts.rocm.found) std::cout << fmt::format("rocm: {} at {} ({})\n", c.facts.rocm.version, c.facts.rocm.root, c.facts.rocm.source);
    for (const GpuFacts& gpu : c.facts.gpus) std::cout << fmt::format("gpu: {} {} ({})\n", gpu.arch, gpu.name, gpu.source);
    if (!c.facts.gpus_note.empty()) std::cout << fmt::format("gpus: {}\n", c.facts.gpus_note);
    if (!c.facts.python.executable.empty() || !c.facts.python.site_packages.empty()) {
      std::cout << fmt::format("python: {} ({})\n", c.facts.python.executable, c.facts.python.source);
    }
    for (const auto& [name, version] : c.facts.packages) std::cout << fmt::format("package: {} {}\n", name, version);
    std::cout << fmt::format("index: {}\n", c.plan.index.url);
  }
  return kExitOk;
}

Result cmd_index_url(Context& c) {
  std::cout << (c.o.json ? json_text(index_url_json(c.facts, c.plan)) : c.plan.index.url) << "\n";
  return kExitOk;
}

Result cmd_deps(Context& c) {
  if (c.o.json) {
    std::cout << json_text(deps_json(c.plan)) << "\n";
  } else {
    for (const auto& [name, spec] : c.plan.deps) std::cout << name << spec << "\n";
  }
  return kExitOk;
}

Result cmd_install_command(Context& c) {
  std::cout << (c.o.json ? json_text(install_command_json(c.facts, c.plan)) : c.plan.install.command) << "\n";
  return kExitOk;
}

Result cmd_constraints(Context& c) {
  Plan plan = c.plan;
  auto deps = select_deps(plan.deps, c.o.packages);  // the torch family is always pinned
  if (!deps) return tl::unexpected(deps.error());
  plan.deps = std::move(*deps);
  if (auto r = emit(c.o.output, render_constraints(c.facts, plan, c.o.invocation)); !r) return tl::unexpected(r.error());
  return kExitOk;
}

Result cmd_extras(Context& c) {
  auto families = select_families(c.data, c.o.extras);
  if (!families) return tl::unexpected(families.error());
  ExtrasRequest request;
  request.uv = c.o.uv;
  request.include_vllm = c.o.vllm;
  if (!c.o.update.empty()) {
    auto original = read_input_file(c.o.update);
    if (!original) return io_error("--update: " + original.error().message);
    auto updated = update_pyproject(*original, c.o.update, c.data, *families, request, c.o.invocation);
    if (!updated) return tl::unexpected(updated.error());
    // With -o, the updated file goes there (a preview with -o -); the original stays as it is.
    if (auto r = emit(c.o.output.empty() ? c.o.update : c.o.output, *updated); !r) return tl::unexpected(r.error());
    return kExitOk;
  }
  if (auto r = emit(c.o.output, render_extras(c.data, *families, request, c.o.invocation)); !r) {
    return tl::unexpected(r.error());
  }
  return kExitOk;
}

Result cmd_env(Context& c) {
  std::cout << render_env(c.plan.env);
  return kExitOk;
}

Result cmd_report(Context& c) {
  std::cout << render_report(c.facts, c.plan, c.data);
  return kExitOk;
}

Result cmd_doctor(Context& c) {
  if (std::string stale = refresh::stale_data_warning(c.data, std::time(nullptr)); !stale.empty()) print_warnings({stale});
  std::vector<Finding> findings = doctor_findings(c.facts, c.plan, c.data);
  if (c.o.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const Finding& f : findings) out.push_back({{"problem", f.problem}, {"fix", f.fix}});
    std::cout << json_text(out) << "\n";
  } else if (findings.empty()) {
    std::cout << fmt::format("ok: {} matches the plan ({})\n", describe_host(c.facts, c.plan), c.plan.index.url);
  } else {
    for (const Finding& f : findings) std::cout << fmt::format("problem: {}\n  fix: {}\n", f.problem, f.fix);
  }
  return findings.empty() ? kExitOk : kExitProblem;
}

// The `constraints` command that writes `file` from the same facts: shown in the files that `cmake`
// and `install` write, and run by `install --dry-run`'s script.
std::vector<std::string> constraints_command(const Options& o, const std::string& program, const std::string& file) {
  std::vector<std::string> argv{program, "constraints", "-o", file};
  for (const std::string& arg : fact_args(o)) argv.push_back(arg);
  return argv;
}

Result cmd_cmake(Context& c) {
  if (c.o.output.empty()) return invalid_input("cmake: -o FILE is required (the script CMake includes)");
  CMakeScriptExtras extras;
  extras.python_executable = c.facts.python.executable;
  extras.watch_paths = watch_paths(c.facts, probe_options(c.o), c.system);
  if (c.data.overlay) extras.watch_paths.push_back(c.data.overlay->path);  // a refresh re-runs configure
  if (!c.o.constraints_output.empty()) {
    extras.constraints_file = absolute(c.o.constraints_output);
    if (auto r = emit(c.o.constraints_output, render_constraints(c.facts, c.plan, command_line(constraints_command(c.o, "gator-rocm", c.o.constraints_output))));
        !r) {
      return tl::unexpected(r.error());
    }
  }
  if (auto r = emit(c.o.output, render_cmake_script(c.facts, c.plan, extras)); !r) return tl::unexpected(r.error());
  return kExitOk;
}

// A private directory for the constraints a real install writes between its steps: a fixed name in
// /tmp could be a link another user planted.
class PrivateTempDir {
 public:
  PrivateTempDir() {
    std::error_code ec;
    std::string pattern = (std::filesystem::temp_directory_path(ec) / "gator-rocm-XXXXXX").string();
    if (!ec && ::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~PrivateTempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  PrivateTempDir(const PrivateTempDir&) = delete;
  PrivateTempDir& operator=(const PrivateTempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Result cmd_install(Context& c) {
  const Options& o = c.o;
  InstallSettings settings;
  settings.torch_argv = c.plan.install.argv;
  if (c.plan.install.steps.size() > 1) {
    for (const InstallStep& step : c.plan.install.steps) settings.torch_steps.emplace_back(step.title, step.argv);
  }
  settings.pip = pip_program(c.facts.python);  // the inspected environment's pip, not the first on PATH
  settings.index_url = o.index_url;
  settings.default_index_url = o.default_index_url;
  settings.extra_index_urls = o.extra_index_urls;
  settings.packages = o.packages;
  if (settings.packages.empty()) {
    for (const auto& [name, spec] : c.plan.deps) settings.packages.push_back(name);
  }
  std::optional<PrivateTempDir> temp;
  settings.constraints_file = o.constraints_file;
  if (settings.constraints_file.empty() && o.dry_run) {
    settings.constraints_file = "constraints.txt";  // the dry run's script is for keeping: a file here
  } else if (settings.constraints_file.empty()) {
    temp.emplace();
    if (temp->path().empty()) return io_error("cannot create a temporary directory for the constraints");
    settings.constraints_file = temp->path() + "/constraints.txt";
  }
  std::vector<InstallStep> steps = install_steps(settings);
  // The ML libraries' step, when there is one, comes last, after the torch family's step(s).
  const std::size_t libraries = settings.packages.empty() ? steps.size() : steps.size() - 1;
  if (o.dry_run && libraries < steps.size()) {
    // What the real run does in between: pin the torch family that the steps before installed.
    steps.insert(steps.begin() + static_cast<long>(libraries),
                 InstallStep{"pin the torch family that the steps before installed",
                             constraints_command(o, o.program, settings.constraints_file)});
  }
  // Before the ML libraries, look again: the constraints pin the torch family actually installed.
  BeforeStep before = [&](std::size_t index, const InstallStep&) -> int {
    if (index != libraries) return 0;
    Facts facts = c.facts;
    if (o.torch.empty()) {
      auto again = gather_facts(o, c.data, c.system);
      if (!again) return report_error(again.error());
      facts = std::move(*again);
    }
    const Plan plan = make_plan(facts, c.data, c.options);
    const std::string command = command_line(constraints_command(o, "gator-rocm", settings.constraints_file));
    auto written = write_file_if_changed(settings.constraints_file, render_constraints(facts, plan, command));
    return written ? 0 : report_error(written.error());
  };
  return run_install_steps(c.system, steps, o.dry_run, o.dry_run ? std::cout : std::cerr, before);
}

Result cmd_refresh(Context& c) {
  if (!c.o.data_file.empty()) {
    return invalid_input("refresh: --data does not apply: refresh compares the indexes with the built-in data");
  }
  refresh::RefreshOptions r;
  r.index_base = c.o.index_base;
  r.amd_base = c.o.amd_base;
  if (!c.o.channel.empty() || c.o.nightly) r.channels = {std::string(channel_name(c.options.channel))};
  r.cache_dir = refresh::cache_dir(c.o.cache_dir);
  if (c.facts.rocm.found) {
    if (auto v = pep440::parse_version(c.facts.rocm.version)) r.host_rocm = *v;
  }
  r.http.timeout_s = c.o.timeout;
  r.http.backoff_s = std::min(0.5, c.o.timeout / 4);
  r.now = std::time(nullptr);
  return refresh::run_refresh(r, builtin_data(), std::cout);
}

Result cmd_version_check(const Options& o) {
  auto version = pep440::parse_version(o.check_version);
  if (!version) return tl::unexpected(version.error());
  auto specifiers = pep440::parse_specifier_set(o.check_specifiers);
  if (!specifiers) return tl::unexpected(specifiers.error());
  const bool ok = specifiers->contains(*version, true);
  return ok ? kExitOk : kExitProblem;
}

using Handler = Result (*)(Context&);

struct CommandSpec {
  const char* name;
  const char* help;
  Handler handler;
  bool json, output, vllm, install_choice;
  const char* example;  // shown under the command's --help
};

// Commands that decide from facts; version-check and matrix are wired separately.
constexpr CommandSpec kCommands[] = {
    {"detect", "Facts about this machine (ROCm, GPUs, Python, torch, ML libraries) with their sources, and the plan",
     cmd_detect, true, false, false, false,
     "gator-rocm detect --json --venv .venv\n  gator-rocm detect --root /mnt/image --no-exec"},
    {"index-url", "Print the PyTorch wheel index URL for this machine", cmd_index_url, true, false, false, false,
     "gator-rocm index-url\n  gator-rocm index-url --rocm 6.2.4 --nightly --json"},
    {"deps", "Compatible specifiers for the ML libraries, one name<spec> a line", cmd_deps, true, false, true, false,
     "gator-rocm deps --torch 2.3.1+rocm5.7 --vllm"},
    {"install-command", "Print the pip command that installs torch from the right index", cmd_install_command, true,
     false, false, true,
     "gator-rocm install-command --torchaudio\n  gator-rocm install-command --rocm 7.0.0 --torch none --nightly --pin"},
    {"constraints", "Write a pip constraints file (pip install -c FILE ...)", cmd_constraints, false, true, true, false,
     "gator-rocm constraints -o constraints.txt\n  pip install -c constraints.txt transformers diffusers accelerate"},
    {"extras", "Write pyproject [project.optional-dependencies] extras (rocm57, rocm65, rocm70)", cmd_extras, false,
     true, true, false,
     "gator-rocm extras --update pyproject.toml --uv   (then: uv sync --extra rocm70)\n  gator-rocm extras --extra rocm70 -o extras.toml"},
    {"env", "Recommended environment variables, as export lines", cmd_env, false, false, false, false,
     "eval \"$(gator-rocm env)\""},
    {"report", "A readable report of all of the above", cmd_report, false, false, false, false,
     "gator-rocm report --venv .venv"},
    {"doctor", "Check the installed libraries against the plan; print fixes; exit 1 if anything is off", cmd_doctor,
     true, false, false, false,
     "gator-rocm doctor --venv .venv"},
    {"install", "Install the torch family from the chosen index, then the ML libraries with the constraints",
     cmd_install, false, false, false, true,
     "gator-rocm install --dry-run --python .venv/bin/python\n  gator-rocm install --python .venv/bin/python transformers accelerate"},
    {"cmake", "Write the CMake script of GATOR_* variables that find_package(GatorRocm) includes", cmd_cmake, false,
     true, false, false,
     "gator-rocm cmake -o gator.cmake --constraints-output constraints.txt   (run by find_package(GatorRocm))"},
    {"refresh", "Read PyTorch's and AMD's package indexes and update the data overlay in the cache (the only command that uses the network)",
     cmd_refresh, false, false, false, false,
     "gator-rocm refresh\n  gator-rocm refresh --channel nightly --timeout 10 --index-base https://mirror.example/whl"},
};

std::string invocation(int argc, char** argv) {
  std::vector<std::string> words{"gator-rocm"};
  words.insert(words.end(), argv + 1, argv + argc);
  return command_line(words);
}


}  // namespace

namespace {
int run_cli_or_throw(int argc, char** argv);
}  // namespace

int run_cli(int argc, char** argv) {
  // The library reports what it expects as Error values; anything thrown is a failure all the same,
  // reported like one, never an abort.
  try {
    return run_cli_or_throw(argc, argv);
  } catch (const std::exception& e) {
    return report_error({ErrorKind::io, fmt::format("unexpected failure: {}", e.what())});
  }
}

namespace {

int run_cli_or_throw(int argc, char** argv) {
  Options o;
  o.invocation = invocation(argc, argv);
  o.program = argv[0];
  CLI::App app{fmt::format(
      "gator-rocm {}: ROCm, GPU and PyTorch facts for pip and CMake.\n\n"
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

  for (const CommandSpec& spec : kCommands) {
    CLI::App* cmd = app.add_subcommand(spec.name, spec.help);
    add_fact_options(*cmd, o);
    if (spec.json) add_json(*cmd, o);
    if (spec.output) add_output(*cmd, o);
    if (spec.vllm) add_vllm(*cmd, o);
    if (spec.install_choice) add_install_choice(*cmd, o);
    cmd->footer(std::string("\nExample:\n  ") + spec.example);
    cmd->callback([&o, name = spec.name] { o.command = name; });
  }
  CLI::App* constraints = app.get_subcommand("constraints");
  value_option(*constraints, "--package", o.packages, "Constrain only this ML library (repeatable; default: all)", "NAME");
  CLI::App* extras = app.get_subcommand("extras");
  value_option(*extras, "--extra", o.extras, "Write this extras family (repeatable; default: rocm57 rocm65 rocm70)", "NAME");
  value_option(*extras, "--update", o.update,
                     "Rewrite only the '# BEGIN/END gator-rocm extras' block of this pyproject.toml", "FILE");
  extras->add_flag("--uv", o.uv, "Also write [[tool.uv.index]] and [tool.uv.sources] for uv sync --extra");
  value_option(*app.get_subcommand("cmake"), "--constraints-output", o.constraints_output,
               "Also write the constraints file FILE", "FILE");
  CLI::App* refresh_cmd = app.get_subcommand("refresh");
  value_option(*refresh_cmd, "--index-base", o.index_base, "The PyTorch wheel indexes' root (default https://download.pytorch.org/whl)", "URL");
  value_option(*refresh_cmd, "--amd-base", o.amd_base,
               "A mirror of AMD's own indexes, each at URL/<name>/ (default: each at its own URL, as the data gives it)", "URL");
  refresh_cmd->add_option("--timeout", o.timeout, "Seconds each request may take (default 30)")->type_name("SECONDS");
  value_option(*refresh_cmd, "--cache-dir", o.cache_dir, "Where the overlay goes (default $XDG_CACHE_HOME/gator-rocm)", "DIR");
  CLI::App* install = app.get_subcommand("install");
  install->add_flag("--dry-run", o.dry_run, "Print the commands without running them");
  value_option(*install, "--constraints", o.constraints_file, "Keep the constraints of step 2 in FILE", "FILE");
  value_option(*install, "--index-url", o.index_url, "A mirror of the PyTorch index for step 1", "URL");
  value_option(*install, "--default-index-url", o.default_index_url, "A mirror of the default index for step 2", "URL");
  value_option(*install, "--extra-index-url", o.extra_index_urls, "More indexes for step 2 (repeatable)", "URL");
  install->add_option("packages", o.packages, "The ML libraries of step 2 (default: the matrix's)")
      ->type_name("PACKAGES");

  CLI::App* matrix = app.add_subcommand("matrix", "Print the compatibility data as Markdown tables");
  value_option(*matrix, "--data", o.data_file, "Compatibility data replacing the built-in data", "FILE");
  matrix->callback([&o] { o.command = "matrix"; });
  CLI::App* check = app.add_subcommand(
      "version-check", "Exit 0 if PEP 440 version V satisfies specifier set S, 1 if not, 2 if either is invalid");
  check->add_option("V", o.check_version, "A PEP 440 version")->required();
  check->add_option("S", o.check_specifiers, "A specifier set, like '>=2.10,<3'")->required();
  check->callback([&o] { o.command = "version-check"; });

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

  if (o.command == "version-check") {
    auto result = cmd_version_check(o);
    // The message quotes V or S as typed: escaped for the terminal.
    return result ? *result : report_error({result.error().kind, printable(result.error().message, 4096)});
  }
  auto data = load_data(o);
  if (!data) return report_error(data.error());
  if (o.command == "matrix") {
    std::cout << render_matrix(*data);
    return finish(kExitOk);
  }
  if (o.probe_timeout <= 0) return report_error({ErrorKind::invalid_input, "--probe-timeout: must be at least 1"});
  if (!(o.timeout > 0)) return report_error({ErrorKind::invalid_input, "--timeout: must be more than 0 seconds"});
  auto options = plan_options(o);
  if (!options) return report_error(options.error());
  if (std::error_code ec; !std::filesystem::is_directory(o.root, ec)) {
    return report_error({ErrorKind::invalid_input, fmt::format("--root: '{}' is not a directory", o.root)});
  }
  RealSystem system(o.root);
  auto facts = gather_facts(o, *data, system);
  if (!facts) return report_error(facts.error());
  Context context{o, *data, *options, std::move(*facts), {}, system};
  context.plan = make_plan(context.facts, *data, *options);
  if (o.command != "cmake" && o.command != "refresh") print_warnings(context.plan.warnings);
  for (const CommandSpec& spec : kCommands) {
    if (o.command != spec.name) continue;
    auto result = spec.handler(context);
    return result ? finish(*result) : report_error(result.error());
  }
  return report_error({ErrorKind::invalid_input, "no command given"});
}

}  // namespace

}  // namespace gator
