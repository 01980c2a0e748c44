// Which Python environment to inspect, and its site-packages directories: from --site-packages,
// --venv, --python, $VIRTUAL_ENV, $CONDA_PREFIX, then python3 on PATH. A venv or conda prefix is read
// from its layout (lib/python3.*/site-packages, pyvenv.cfg); Python itself is asked only when the
// layout cannot tell (a system or pyenv python), once, with a time limit, and never under --no-exec.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "probe.h"
#include "probe_internal.h"

namespace gator {

Expected<PythonPaths> parse_python_paths(std::string_view output) {
  for (auto line : split_lines(output)) {
    line = trim(line);
    if (line.empty() || line.front() != '{') continue;
    auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) continue;
    PythonPaths paths;
    if (json.contains("executable") && json["executable"].is_string()) paths.executable = json["executable"];
    if (!json.contains("site_packages") || !json["site_packages"].is_array()) continue;
    for (auto& dir : json["site_packages"]) {
      if (dir.is_string()) paths.site_packages.push_back(dir.get<std::string>());
    }
    return paths;
  }
  return invalid_input("no JSON line with site_packages in its output");
}

namespace probe {
namespace {

// Prints the site-packages directories in import order (sys.path order).
constexpr const char* kSitePackagesScript =
    "import json, sys\n"
    "dirs = [p for p in sys.path if p.rstrip('/').endswith(('site-packages', 'dist-packages'))]\n"
    "print(json.dumps({'executable': sys.executable, 'site_packages': dirs}))\n";

struct Layout {
  std::vector<std::string> site_packages;
  bool is_environment = false;  // a venv or conda prefix: its layout can be trusted
};

// "version = 3.12.3" / "version_info = 3.12.3.final.0" -> "python3.12"; "" if absent.
std::string pyvenv_python_dir(std::string_view cfg) {
  for (auto line : split_lines(cfg)) {
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (key != "version" && key != "version_info") continue;
    size_t first = value.find('.');
    size_t second = first == std::string_view::npos ? first : value.find('.', first + 1);
    if (first == std::string_view::npos) continue;
    return "python" + std::string(value.substr(0, second));
  }
  return "";
}

std::string pyvenv_value(std::string_view cfg, std::string_view wanted) {
  for (auto line : split_lines(cfg)) {
    size_t eq = line.find('=');
    if (eq != std::string_view::npos && trim(line.substr(0, eq)) == wanted)
      return std::string(trim(line.substr(eq + 1)));
  }
  return "";
}

// lib/python3.*/site-packages under prefix; the one pyvenv.cfg names first, then newest first.
std::vector<std::string> layout_site_packages(Context& ctx, const std::string& prefix, const std::string& preferred) {
  std::vector<std::string> found;
  std::string lib = join_path(prefix, "lib");
  if (!preferred.empty()) {
    std::string dir = join_path(join_path(lib, preferred), "site-packages");
    if (ctx.system.is_dir(dir)) return {dir};
  }
  auto names = ctx.system.list_dir(lib);
  if (!names) return found;
  std::vector<std::string> pythons;
  for (auto& name : *names) {
    if (name.rfind("python3.", 0) == 0) pythons.push_back(name);
  }
  for (auto& name : sort_newest_first(std::move(pythons))) {
    std::string dir = join_path(join_path(lib, name), "site-packages");
    if (ctx.system.is_dir(dir)) found.push_back(dir);
  }
  return found;
}

Layout read_layout(Context& ctx, const std::string& prefix) {
  Layout layout;
  auto cfg = ctx.system.read_file(join_path(prefix, "pyvenv.cfg"));
  bool conda = ctx.system.is_dir(join_path(prefix, "conda-meta"));
  layout.is_environment = cfg.has_value() || conda;
  std::string preferred = cfg ? pyvenv_python_dir(*cfg) : "";
  layout.site_packages = layout_site_packages(ctx, prefix, preferred);
  // A venv made with --system-site-packages also sees its base interpreter's directories, after its own.
  if (cfg && pyvenv_value(*cfg, "include-system-site-packages") == "true") {
    std::string home = pyvenv_value(*cfg, "home");
    if (!home.empty()) {
      std::string base = parent_path(home);
      for (auto& dir : layout_site_packages(ctx, base, preferred)) layout.site_packages.push_back(dir);
      for (std::string dir : {join_path(base, "local/lib/" + preferred + "/dist-packages"),
                              join_path(base, "lib/python3/dist-packages")}) {
        if (!preferred.empty() && ctx.system.is_dir(dir)) layout.site_packages.push_back(dir);
      }
    }
  }
  return layout;
}

std::string prefix_python(Context& ctx, const std::string& prefix) {
  for (const char* name : {"bin/python3", "bin/python"}) {
    std::string exe = join_path(prefix, name);
    if (ctx.system.exists(exe)) return exe;
  }
  return "";
}

// Asks the interpreter for its site-packages; the reason when it cannot be asked (also a warning).
Expected<PythonPaths> ask_python(Context& ctx, const std::string& executable) {
  if (ctx.options.no_exec) {
    ctx.warn("cannot tell the site-packages of {} from its layout, and --no-exec rules out asking it", executable);
    return invalid_input("--no-exec rules out asking it");  // not reported: no_exec is checked first
  }
  auto out = ctx.try_tool({executable, "-c", kSitePackagesScript}, kPythonQueryTimeout);
  auto paths = out ? parse_python_paths(*out) : tl::unexpected(out.error());
  if (!paths) {
    ctx.warn("asking {} for its site-packages: {}", executable, paths.error().message);
    return paths;
  }
  paths->executable = ctx.system.user_path(paths->executable);
  for (auto& dir : paths->site_packages) dir = ctx.system.user_path(dir);
  return paths;
}

struct Request {
  std::string path;
  std::string source;  // "--venv", "VIRTUAL_ENV", ...
  bool required;       // given on the command line: a problem is an error, not a warning
  bool named;          // named by the user (options or environment), not found on PATH
};

Expected<PythonFacts> from_prefix(Context& ctx, const Request& request) {
  PythonFacts facts;
  facts.source = request.source;
  if (!ctx.system.is_dir(request.path)) {
    if (request.required) return invalid_input(fmt::format("{} {}: no such directory", request.source, request.path));
    ctx.warn("{}={} is not a directory; ignoring it", request.source, request.path);
    return facts;  // ignored: not named
  }
  facts.named = request.named;
  facts.executable = prefix_python(ctx, request.path);
  Layout layout = read_layout(ctx, request.path);
  facts.site_packages = layout.site_packages;
  if (facts.site_packages.empty() && !facts.executable.empty()) {
    if (auto asked = ask_python(ctx, facts.executable)) facts.site_packages = asked->site_packages;
  }
  if (facts.site_packages.empty()) {
    std::string problem = fmt::format("{} {} holds no lib/python3.*/site-packages", request.source, request.path);
    if (request.required && facts.executable.empty()) return invalid_input(problem);
    ctx.warn("{}", problem);
  }
  return facts;
}

Expected<PythonFacts> from_executable(Context& ctx, const Request& request) {
  PythonFacts facts;
  facts.source = request.source;
  facts.executable = request.path;
  facts.named = request.named;
  if (!ctx.system.is_file(request.path)) {
    if (request.required) return invalid_input(fmt::format("{} {}: no such file", request.source, request.path));
    ctx.warn("{} {} does not exist; ignoring it", request.source, request.path);
    return PythonFacts{};
  }
  // <prefix>/bin/python3 of a venv or conda environment: the layout tells.
  std::string prefix = parent_path(parent_path(request.path));
  Layout layout = read_layout(ctx, prefix);
  if (layout.is_environment && !layout.site_packages.empty()) {
    facts.site_packages = layout.site_packages;
    return facts;
  }
  if (request.required && !ctx.system.is_executable(request.path)) {
    return invalid_input(fmt::format("{} {}: not executable", request.source, request.path));
  }
  auto asked = ask_python(ctx, request.path);
  if (!asked) {
    if (request.required && !ctx.options.no_exec) {
      return invalid_input(fmt::format("{} {}: could not be asked for its site-packages ({})", request.source,
                                       request.path, asked.error().message));
    }
    return facts;
  }
  facts.site_packages = asked->site_packages;
  if (!request.required && !asked->executable.empty()) facts.executable = asked->executable;
  return facts;
}

// --python as given: a path, or a bare program name (python3.12) looked up on PATH; under --root
// first in that machine's /usr/local/bin, /usr/bin and /bin (this machine's PATH may not fit it).
Expected<std::string> python_program(Context& ctx, const std::string& python) {
  if (python.find('/') != std::string::npos) return python;
  const bool rooted = ctx.options.root != "/";
  std::vector<std::string> dirs;
  if (rooted) dirs = {"/usr/local/bin", "/usr/bin", "/bin"};
  if (auto found = ctx.find_program(python, dirs)) return *found;
  return invalid_input(fmt::format("--python {}: no such program on PATH{}", python,
                                   rooted ? " or in /usr/local/bin, /usr/bin, /bin under --root" : ""));
}

}  // namespace

Expected<PythonFacts> probe_python(Context& ctx) {
  const ProbeOptions& o = ctx.options;
  Expected<std::string> python = o.python.empty() ? Expected<std::string>{} : python_program(ctx, o.python);
  if (!python) return tl::unexpected(python.error());
  if (!o.site_packages.empty()) {
    if (!ctx.system.is_dir(o.site_packages)) {
      return invalid_input(fmt::format("--site-packages {}: no such directory", o.site_packages));
    }
    PythonFacts facts;
    facts.site_packages = {o.site_packages};
    facts.source = "--site-packages";
    // With --python the user named the interpreter too: it runs pip. Alone, no interpreter is known.
    if (!python->empty()) {
      if (!ctx.system.is_file(*python)) return invalid_input(fmt::format("--python {}: no such file", *python));
      facts.executable = *python;
      facts.named = true;
    }
    return facts;
  }
  if (!o.venv.empty()) return from_prefix(ctx, {o.venv, "--venv", true, true});
  if (!python->empty()) return from_executable(ctx, {*python, "--python", true, true});
  for (const char* variable : {"VIRTUAL_ENV", "CONDA_PREFIX"}) {
    auto value = ctx.system.env(variable);
    if (value && !trim(*value).empty()) return from_prefix(ctx, {std::string(trim(*value)), variable, false, true});
  }
  if (auto python3 = ctx.find_program("python3")) return from_executable(ctx, {*python3, "PATH", false, false});
  ctx.warn("no Python environment found (no --python/--venv, $VIRTUAL_ENV, $CONDA_PREFIX or python3 on PATH)");
  return PythonFacts{};
}

}  // namespace probe
}  // namespace gator
