// The commands: Options -> data, facts and plan -> output on a stream, and the exit status of
// docs/cli.md. Each handler formats what the plan decided (render/) or carries it out (install).
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "build_info.h"
#include "cli/options.h"
#include "data.h"
#include "doctor.h"
#include "install.h"
#include "io.h"
#include "json_writer.h"
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

// The options that decide the facts and the plan, as a command line would give them: for the
// commands gator-rocm prints (the constraints a `cmake` run or an install step writes).
std::vector<std::string> fact_args(const FactOptions& f) {
  std::vector<std::string> args;
  auto add = [&](const char* flag, const std::string& value) {
    if (value.empty()) return;
    args.push_back(flag);
    args.push_back(value);
  };
  if (f.root != "/") add("--root", f.root);
  add("--rocm-root", f.rocm_root);
  add("--python", f.python);
  add("--venv", f.venv);
  add("--site-packages", f.site_packages);
  add("--rocm", f.rocm);
  add("--torch", f.torch);
  add("--gpu-arch", f.gpu_arch);
  if (f.nightly) args.push_back("--nightly");
  add("--channel", f.channel);
  add("--source", f.source);
  add("--data", f.data_file);
  if (f.no_exec) args.push_back("--no-exec");
  if (f.vllm) args.push_back("--vllm");
  return args;
}

// ---- facts ----

// --data FILE alone, or the built-in data with the refresh overlay of the cache merged over it.
Expected<Data> load_data(const FactOptions& f) {
  if (f.data_file.empty()) {
    std::string warning;
    Data data = refresh::builtin_with_overlay(refresh::cache_dir(""), std::time(nullptr), warning);
    if (!warning.empty()) fmt::print(stderr, "gator-rocm: warning: {}\n", warning);
    return data;
  }
  auto text = read_input_file(f.data_file);
  if (!text) return io_error("--data: " + text.error().message);
  return parse_data(*text, f.data_file);
}

ProbeOptions probe_options(const FactOptions& f) {
  ProbeOptions p;
  p.root = f.root;
  p.rocm_root = f.rocm_root;
  p.python = f.python;
  p.venv = f.venv;
  p.site_packages = f.site_packages;
  p.no_exec = f.no_exec;
  p.probe_runtime = f.probe_runtime;
  p.runtime_timeout_s = f.probe_timeout;
  p.rocm_override = f.rocm;
  p.torch_override = f.torch;
  p.gpu_arch_override = f.gpu_arch;
  return p;
}

Expected<PlanOptions> plan_options(const Options& o) {
  PlanOptions p;
  if (o.facts.nightly && !o.facts.channel.empty() && o.facts.channel != "nightly") {
    return invalid_input(fmt::format("--nightly contradicts --channel {}", o.facts.channel));
  }
  auto channel = parse_channel(o.facts.nightly ? "nightly" : o.facts.channel.empty() ? "stable" : o.facts.channel);
  if (!channel) return tl::unexpected(channel.error());
  p.channel = *channel;
  auto source = parse_source(o.facts.source.empty() ? "pytorch" : o.facts.source);
  if (!source) return tl::unexpected(source.error());
  p.source = *source;
  p.include_vllm = o.facts.vllm;
  p.install.torchvision = !o.family.no_torchvision;
  p.install.torchaudio = o.family.torchaudio;
  p.install.pin = o.family.pin;
  return p;
}

// ---- output ----

void print_warnings(const std::vector<std::string>& warnings) {
  for (const std::string& w : warnings) fmt::print(stderr, "gator-rocm: warning: {}\n", w);
}

// Writes `content` to -o FILE (reporting whether it changed) or to stdout.
Expected<void> emit(std::FILE* out, const std::string& path, const std::string& content) {
  if (path.empty() || path == "-") {
    write_output(out, content);
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
bool output_ok(std::FILE* out) { return std::fflush(out) == 0 && !std::ferror(out); }

int report_error(const Error& error) {
  fmt::print(stderr, "gator-rocm: error: {}\n", error.message);
  return static_cast<int>(error.kind);
}

// The command's status, unless its output could not be written.
int finish(std::FILE* out, int status) {
  return output_ok(out) ? status : report_error({ErrorKind::io, "standard output: cannot write"});
}

struct Context {
  const Options& o;
  std::FILE* out;
  const Data& data;
  PlanOptions options;
  Facts facts;
  Plan plan;
  System& system;
};

using Result = Expected<int>;

Result cmd_detect(Context& c) {
  if (c.o.output.json) {
    print_output(c.out, "{}\n", detect_json(c.facts, c.plan, c.data, std::time(nullptr)));
  } else {
    print_output(c.out, "{}\n", describe_host(c.facts, c.plan));
    if (c.facts.rocm.found)
      print_output(c.out, "rocm: {} at {} ({})\n", c.facts.rocm.version, c.facts.rocm.root, c.facts.rocm.source);
    for (const GpuFacts& gpu : c.facts.gpus) print_output(c.out, "gpu: {} {} ({})\n", gpu.arch, gpu.name, gpu.source);
    if (!c.facts.gpus_note.empty()) print_output(c.out, "gpus: {}\n", c.facts.gpus_note);
    if (!c.facts.python.executable.empty() || !c.facts.python.site_packages.empty()) {
      print_output(c.out, "python: {} ({})\n", c.facts.python.executable, c.facts.python.source);
    }
    for (const auto& [name, version] : c.facts.packages) print_output(c.out, "package: {} {}\n", name, version);
    print_output(c.out, "index: {}\n", c.plan.index.url);
  }
  return kExitOk;
}

Result cmd_index_url(Context& c) {
  print_output(c.out, "{}\n", c.o.output.json ? index_url_json(c.facts, c.plan) : c.plan.index.url);
  return kExitOk;
}

Result cmd_deps(Context& c) {
  if (c.o.output.json) {
    print_output(c.out, "{}\n", deps_json(c.plan));
  } else {
    for (const auto& [name, spec] : c.plan.deps) print_output(c.out, "{}{}\n", name, spec);
  }
  return kExitOk;
}

Result cmd_install_command(Context& c) {
  print_output(c.out, "{}\n", c.o.output.json ? install_command_json(c.facts, c.plan) : c.plan.install.command);
  return kExitOk;
}

Result cmd_constraints(Context& c) {
  Plan plan = c.plan;
  auto deps = select_deps(plan.deps, c.o.packages);  // the torch family is always pinned
  if (!deps) return tl::unexpected(deps.error());
  plan.deps = std::move(*deps);
  if (auto r = emit(c.out, c.o.output.file, render_constraints(c.facts, plan, c.o.invocation)); !r)
    return tl::unexpected(r.error());
  return kExitOk;
}

Result cmd_extras(Context& c) {
  auto families = select_families(c.data, c.o.extras.families);
  if (!families) return tl::unexpected(families.error());
  ExtrasRequest request;
  request.uv = c.o.extras.uv;
  request.include_vllm = c.o.facts.vllm;
  if (!c.o.extras.update.empty()) {
    auto original = read_input_file(c.o.extras.update);
    if (!original) return io_error("--update: " + original.error().message);
    auto updated = update_pyproject(*original, c.o.extras.update, c.data, *families, request, c.o.invocation);
    if (!updated) return tl::unexpected(updated.error());
    // With -o, the updated file goes there (a preview with -o -); the original stays as it is.
    if (auto r = emit(c.out, c.o.output.file.empty() ? c.o.extras.update : c.o.output.file, *updated); !r)
      return tl::unexpected(r.error());
    return kExitOk;
  }
  if (auto r = emit(c.out, c.o.output.file, render_extras(c.data, *families, request, c.o.invocation)); !r) {
    return tl::unexpected(r.error());
  }
  return kExitOk;
}

Result cmd_env(Context& c) {
  write_output(c.out, render_env(c.plan.env));
  return kExitOk;
}

Result cmd_report(Context& c) {
  write_output(c.out, render_report(c.facts, c.plan, c.data));
  return kExitOk;
}

Result cmd_doctor(Context& c) {
  if (std::string stale = refresh::stale_data_warning(c.data, std::time(nullptr)); !stale.empty())
    print_warnings({stale});
  std::vector<Finding> findings = doctor_findings(c.facts, c.plan, c.data);
  if (c.o.output.json) {
    JsonWriter w;
    w.begin_array();
    for (const Finding& f : findings) w.begin_object().member("problem", f.problem).member("fix", f.fix).end_object();
    print_output(c.out, "{}\n", w.end_array().str());
  } else if (findings.empty()) {
    print_output(c.out, "ok: {} matches the plan ({})\n", describe_host(c.facts, c.plan), c.plan.index.url);
  } else {
    for (const Finding& f : findings) print_output(c.out, "problem: {}\n  fix: {}\n", f.problem, f.fix);
  }
  return findings.empty() ? kExitOk : kExitProblem;
}

// The `constraints` command that writes `file` from the same facts: shown in the files that `cmake`
// and `install` write, and run by `install --dry-run`'s script.
std::vector<std::string> constraints_command(const Options& o, const std::string& program, const std::string& file) {
  std::vector<std::string> argv{program, "constraints", "-o", file};
  for (const std::string& arg : fact_args(o.facts)) argv.push_back(arg);
  return argv;
}

Result cmd_cmake(Context& c) {
  if (c.o.output.file.empty()) return invalid_input("cmake: -o FILE is required (the script CMake includes)");
  CMakeScriptExtras extras;
  extras.python_executable = c.facts.python.executable;
  extras.watch_paths = watch_paths(c.facts, probe_options(c.o.facts), c.system);
  if (c.data.overlay) extras.watch_paths.push_back(c.data.overlay->path);  // a refresh re-runs configure
  if (!c.o.constraints_output.empty()) {
    extras.constraints_file = absolute(c.o.constraints_output);
    if (auto r = emit(c.out, c.o.constraints_output,
                      render_constraints(c.facts, c.plan,
                                         command_line(constraints_command(c.o, "gator-rocm", c.o.constraints_output))));
        !r) {
      return tl::unexpected(r.error());
    }
  }
  if (auto r = emit(c.out, c.o.output.file, render_cmake_script(c.facts, c.plan, extras)); !r)
    return tl::unexpected(r.error());
  return kExitOk;
}

Result cmd_install(Context& c) {
  const Options& o = c.o;
  InstallSettings settings;
  settings.torch_steps = c.plan.install.steps;
  settings.pip = pip_program(c.facts.python);  // the inspected environment's pip, not the first on PATH
  settings.index_url = o.install.index_url;
  settings.default_index_url = o.install.default_index_url;
  settings.extra_index_urls = o.install.extra_index_urls;
  settings.packages = o.packages;
  if (settings.packages.empty()) {
    for (const auto& [name, spec] : c.plan.deps) settings.packages.push_back(name);
  }
  std::optional<PrivateTempDir> temp;
  settings.constraints_file = o.install.constraints_file;
  if (settings.constraints_file.empty() && o.install.dry_run) {
    settings.constraints_file = "constraints.txt";  // the dry run's script is for keeping: a file here
  } else if (settings.constraints_file.empty()) {
    temp.emplace();
    if (temp->path().empty()) return io_error("cannot create a temporary directory for the constraints");
    settings.constraints_file = temp->path() + "/constraints.txt";
  }
  std::vector<InstallStep> steps = install_steps(settings);
  // The ML libraries' step, when there is one, comes last, after the torch family's step(s).
  const std::size_t libraries = settings.packages.empty() ? steps.size() : steps.size() - 1;
  if (o.install.dry_run && libraries < steps.size()) {
    // What the real run does in between: pin the torch family that the steps before installed.
    steps.insert(steps.begin() + static_cast<long>(libraries),
                 InstallStep{"pin the torch family that the steps before installed",
                             constraints_command(o, o.program, settings.constraints_file)});
  }
  // Before the ML libraries, look again: the constraints pin the torch family actually installed.
  BeforeStep before = [&](std::size_t index, const InstallStep&) -> int {
    if (index != libraries) return 0;
    Facts facts = c.facts;
    if (o.facts.torch.empty()) {
      auto again = probe_host(probe_options(o.facts), c.data, c.system);
      if (!again) return report_error(again.error());
      facts = std::move(*again);
    }
    const Plan plan = make_plan(facts, c.data, c.options);
    const std::string command = command_line(constraints_command(o, "gator-rocm", settings.constraints_file));
    auto written = write_file_if_changed(settings.constraints_file, render_constraints(facts, plan, command));
    return written ? 0 : report_error(written.error());
  };
  return run_install_steps(c.system, steps, o.install.dry_run, o.install.dry_run ? c.out : stderr, before);
}

Result cmd_refresh(Context& c) {
  if (!c.o.facts.data_file.empty()) {
    return invalid_input("refresh: --data does not apply: refresh compares the indexes with the built-in data");
  }
  refresh::RefreshOptions r;
  r.index_base = c.o.refresh.index_base;
  r.amd_base = c.o.refresh.amd_base;
  if (!c.o.facts.source.empty()) {  // --source: that publisher's indexes only
    r.read_pytorch = c.options.source == Source::pytorch;
    r.read_amd = c.options.source == Source::amd;
  }
  if (!c.o.facts.channel.empty() || c.o.facts.nightly) r.channels = {std::string(channel_name(c.options.channel))};
  r.cache_dir = refresh::cache_dir(c.o.refresh.cache_dir);
  if (c.facts.rocm.found) {
    if (auto v = pep440::parse_version(c.facts.rocm.version)) r.host_rocm = *v;
  }
  r.http.timeout_s = c.o.refresh.timeout;
  r.http.backoff_s = std::min(0.5, c.o.refresh.timeout / 4);
  r.now = std::time(nullptr);
  return refresh::run_refresh(r, builtin_data(), c.out);
}

Result cmd_version_check(const Options& o) {
  auto version = pep440::parse_version(o.version_check.version);
  if (!version) return tl::unexpected(version.error());
  auto specifiers = pep440::parse_specifier_set(o.version_check.specifiers);
  if (!specifiers) return tl::unexpected(specifiers.error());
  const bool ok = specifiers->contains(*version, true);
  return ok ? kExitOk : kExitProblem;
}

using Handler = Result (*)(Context&);

// The handler of each command of parse.cpp's table (version-check and matrix are run apart).
constexpr std::pair<std::string_view, Handler> kHandlers[] = {
    {"detect", cmd_detect},
    {"index-url", cmd_index_url},
    {"deps", cmd_deps},
    {"install-command", cmd_install_command},
    {"constraints", cmd_constraints},
    {"extras", cmd_extras},
    {"env", cmd_env},
    {"report", cmd_report},
    {"doctor", cmd_doctor},
    {"install", cmd_install},
    {"cmake", cmd_cmake},
    {"refresh", cmd_refresh},
};

}  // namespace

int run_command(const Options& o, std::FILE* out, System* system) {
  if (o.command == "version-check") {
    auto result = cmd_version_check(o);
    // The message quotes V or S as typed: escaped for the terminal.
    return result ? *result : report_error({result.error().kind, printable(result.error().message, 4096)});
  }
  auto data = load_data(o.facts);
  if (!data) return report_error(data.error());
  if (o.command == "matrix") {
    write_output(out, render_matrix(*data));
    return finish(out, kExitOk);
  }
  if (o.facts.probe_timeout <= 0)
    return report_error({ErrorKind::invalid_input, "--probe-timeout: must be at least 1"});
  if (!(o.refresh.timeout > 0))
    return report_error({ErrorKind::invalid_input, "--timeout: must be more than 0 seconds"});
  auto options = plan_options(o);
  if (!options) return report_error(options.error());
  std::optional<RealSystem> real;
  if (system == nullptr) {
    if (!real.emplace(o.facts.root).root_is_directory()) {
      return report_error({ErrorKind::invalid_input, fmt::format("--root: '{}' is not a directory", o.facts.root)});
    }
    system = &*real;
  }
  auto facts = probe_host(probe_options(o.facts), *data, *system);
  if (!facts) return report_error(facts.error());
  Context context{o, out, *data, *options, std::move(*facts), {}, *system};
  context.plan = make_plan(context.facts, *data, *options);
  if (o.command != "cmake" && o.command != "refresh") print_warnings(context.plan.warnings);
  for (const auto& [name, handler] : kHandlers) {
    if (o.command != name) continue;
    auto result = handler(context);
    return result ? finish(out, *result) : report_error(result.error());
  }
  return report_error({ErrorKind::invalid_input, "no command given"});
}

}  // namespace gator
