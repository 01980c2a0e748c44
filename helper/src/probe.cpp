// probe_host: runs the probes in order and gathers their warnings; watch_paths for the CMake package.
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "probe.h"
#include "probe_internal.h"

namespace gator {
namespace probe {

std::vector<std::string> sort_newest_first(std::vector<std::string> names) {
  auto key = [](std::string_view name) {
    std::vector<long long> numbers;
    while (!name.empty()) {
      size_t start = name.find_first_of("0123456789");
      if (start == std::string_view::npos) break;
      name.remove_prefix(start);
      size_t end = std::min(name.find_first_not_of("0123456789"), name.size());
      numbers.push_back(parse_number<long long>(name.substr(0, end)).value_or(-1));
      name.remove_prefix(end);
    }
    return numbers;
  };
  std::vector<std::pair<std::vector<long long>, std::string>> keyed;
  for (auto& name : names) keyed.emplace_back(key(name), std::move(name));
  std::stable_sort(keyed.begin(), keyed.end(), [](auto& a, auto& b) { return a.first > b.first; });
  names.clear();
  for (auto& [numbers, name] : keyed) names.push_back(std::move(name));
  return names;
}

std::optional<std::string> Context::find_program(std::string_view name, const std::vector<std::string>& dirs) {
  std::vector<std::string> search = dirs;
  const std::string path = system.env("PATH").value_or("");
  for (auto dir : split(path, ':')) {
    if (!dir.empty()) search.emplace_back(dir);
  }
  for (auto& dir : search) {
    std::string candidate = join_path(dir, std::string(name));
    if (system.is_executable(candidate)) return candidate;
  }
  return std::nullopt;
}

Expected<std::string> Context::try_tool(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  RunResult result = system.run(argv, timeout);
  if (result.ok()) return std::move(result.out);
  if (result.timed_out) {
    return invalid_input(fmt::format("did not finish within {} s and was stopped",
                                     std::chrono::duration_cast<std::chrono::seconds>(timeout).count()));
  }
  return invalid_input(describe_failure(result));
}

std::optional<std::string> Context::run_tool(const std::vector<std::string>& argv, std::string_view what,
                                             std::chrono::milliseconds timeout) {
  auto out = try_tool(argv, timeout);
  if (out) return std::move(*out);
  warn("{} ({}) {}", what, argv[0], out.error().message);
  return std::nullopt;
}

}  // namespace probe

Expected<Facts> probe_host(const ProbeOptions& options, const Data& data, System& system) {
  probe::Context ctx{options, data, system, {}};
  Facts facts;
  probe::InstalledDists dists;
  const bool environment_named = !options.python.empty() || !options.venv.empty() || !options.site_packages.empty();
  if (options.want_python && (options.torch_override.empty() || environment_named)) {
    auto python = probe::probe_python(ctx);
    if (!python) return tl::unexpected(python.error());
    facts.python = std::move(*python);
    dists = probe::scan_site_packages(ctx, facts.python.site_packages);
    facts.torch = probe::probe_torch(ctx, facts.python.site_packages, dists);
    probe::probe_torch_native(ctx, facts.python.site_packages, facts.torch);
    for (auto& [name, dist] : dists) {
      std::string spelling = data.known_package(name);
      if (!spelling.empty()) facts.packages[spelling] = dist.version;
    }
    for (auto& [name, dist] : dists) {
      if (is_rocm_wheel(name)) {
        facts.rocm_wheels.push_back({name, dist.version, dist.metadata.empty() ? dist.location : dist.metadata});
      }
    }
    std::string torch_spelling = data.known_package("torch");
    if (facts.torch.installed && !torch_spelling.empty()) facts.packages[torch_spelling] = facts.torch.version;
    probe::probe_runtime(ctx, facts.python, facts.torch);
  }
  if (options.want_rocm && options.rocm_override.empty()) {
    auto rocm = probe::probe_rocm(ctx, dists);
    if (!rocm) return tl::unexpected(rocm.error());
    facts.rocm = std::move(*rocm);
    facts.rocm.cmake_prefix_path = probe::rocm_cmake_prefixes(ctx, facts.rocm, facts.python.site_packages);
  }
  if (options.want_gpus && options.gpu_arch_override.empty()) {
    facts.gpus = probe::probe_gpus(ctx, facts.rocm, facts.visible_devices, facts.gpus_note);
  } else {
    facts.visible_devices = probe::visible_devices_value(ctx);
  }
  facts.warnings = std::move(ctx.warnings);
  if (!options.rocm_override.empty()) {
    if (auto r = probe::apply_rocm_override(options.rocm_override, facts); !r) return tl::unexpected(r.error());
  }
  if (!options.torch_override.empty()) {
    if (auto r = probe::apply_torch_override(options.torch_override, facts); !r) return tl::unexpected(r.error());
  }
  if (!options.gpu_arch_override.empty()) {
    if (auto r = probe::apply_gpu_override(options.gpu_arch_override, data, facts); !r) {
      return tl::unexpected(r.error());
    }
  }
  return facts;
}

namespace {

std::string nearest_existing(System& system, std::string path) {
  while (!system.exists(path) && path != "/" && path != ".") path = parent_path(path);
  return path;
}

bool is_path(const std::string& text) { return !text.empty() && (text.front() == '/' || text.front() == '.'); }

}  // namespace

std::vector<std::string> watch_paths(const Facts& facts, const ProbeOptions& options, System& system) {
  std::vector<std::string> wanted = {"/opt", "/opt/rocm/.info/version"};
  if (!options.rocm_root.empty()) wanted.push_back(join_path(options.rocm_root, ".info/version"));
  if (is_path(facts.rocm.source)) wanted.push_back(facts.rocm.source);
  if (!facts.rocm.root.empty()) wanted.push_back(join_path(facts.rocm.root, ".info/version"));
  for (auto& install : facts.rocm.installs) {
    wanted.push_back(is_path(install.source) ? install.source : join_path(install.root, ".info/version"));
  }
  for (auto& dir : facts.python.site_packages) wanted.push_back(dir);
  if (is_path(facts.torch.source)) wanted.push_back(facts.torch.source);
  if (!options.venv.empty()) wanted.push_back(join_path(options.venv, "pyvenv.cfg"));
  // /opt/rocm (and a Core SDK's /opt/rocm/core) may lead through other links (/opt/rocm ->
  // /etc/alternatives/rocm -> /opt/rocm-7.0.2): re-pointing any of them changes the directory that holds it.
  for (std::string link : {"/opt/rocm", "/opt/rocm/core"}) {
    for (int hop = 0; hop < 8 && system.is_symlink(link); ++hop) {
      const std::string dir = std::filesystem::path(link).parent_path().string();
      wanted.push_back(dir);
      auto target = system.read_link(link);
      if (!target || target->empty()) break;
      link = target->front() == '/' ? *target : join_path(dir, *target);
    }
  }

  std::vector<std::string> paths;
  for (auto& path : wanted) {
    std::string real = system.real_path(nearest_existing(system, path));
    if (real.empty() || real.front() != '/') {
      std::error_code error;  // no working directory (deleted): leave the path out
      std::filesystem::path absolute = std::filesystem::absolute(real, error);
      if (error) continue;
      real = absolute.lexically_normal().string();
    }
    if (std::find(paths.begin(), paths.end(), real) == paths.end()) paths.push_back(real);
  }
  return paths;
}

}  // namespace gator
