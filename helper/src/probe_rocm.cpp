// The host's ROCm: every install, the version of the one in use, and the source that said so.
// Sources in order (the first that gives a version wins; a garbage or unreadable one is a warning):
// --rocm-root alone when given; else ROCM_PATH, ROCM_HOME, HIP_PATH, /opt/rocm, then the newest
// /opt/rocm-X.Y.Z, each through its version files; then amd-smi, dpkg-query, rpm; then ROCm wheels
// in the Python environment. Never rocminfo, hipconfig or an SMI tool's own version; never a guess.
#include <algorithm>
#include <regex>

#include "probe.h"
#include "probe_internal.h"

namespace gator {

namespace {

// A file's content quoted into a warning: short, one line, printable ASCII (garbage such as a UTF-16
// file must not reach a terminal, JSON or a CMake script raw).
std::string shorten(std::string_view text) {
  text = probe::trim(text);
  std::string out;
  for (char c : text.substr(0, 40)) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (byte < 0x20 || byte > 0x7e) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  return text.size() > 40 ? out + "..." : out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The first `keep` dot-separated numbers of text ("6.2.4.60204" -> "6.2.4").
std::string first_components(std::string_view text, size_t keep) {
  auto parts = split(text, '.');
  std::string out;
  for (size_t i = 0; i < parts.size() && i < keep; ++i) {
    if (i > 0) out += '.';
    out.append(parts[i]);
  }
  return out;
}

}  // namespace

Expected<RocmVersion> parse_rocm_version(std::string_view text) {
  std::string_view t = probe::trim(text);
  RocmVersion v;
  v.text = std::string(t);
  std::vector<int> numbers;
  for (std::string_view part : split(t, '.')) {
    auto number = all_digits(part) ? parse_number<int>(part) : std::nullopt;
    if (!number) return invalid_input(fmt::format("\"{}\" is not a ROCm version", shorten(text)));
    numbers.push_back(*number);
  }
  if (numbers.size() < 2 || numbers.size() > 4) {
    return invalid_input(fmt::format("\"{}\" is not a ROCm version", shorten(text)));
  }
  v.major = numbers[0];
  v.minor = numbers[1];
  v.patch = numbers.size() > 2 ? numbers[2] : 0;
  return v;
}

Expected<RocmVersion> parse_rocm_version_file(std::string_view content) {
  auto lines = probe::split_lines(content);
  std::string_view first = lines.empty() ? std::string_view{} : probe::trim(lines.front());
  return parse_rocm_version(first.substr(0, first.find('-')));
}

Expected<RocmVersion> parse_rocm_version_header(std::string_view content) {
  static const std::regex define(R"(#\s*define\s+ROCM_VERSION_(MAJOR|MINOR|PATCH)\s+\(?\s*(\d+))");
  std::string major, minor, patch;
  std::string text(content);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), define); it != std::sregex_iterator(); ++it) {
    std::string key = (*it)[1], value = (*it)[2];
    (key == "MAJOR" ? major : key == "MINOR" ? minor : patch) = value;
  }
  if (major.empty() || minor.empty() || patch.empty()) {
    return invalid_input("no ROCM_VERSION_MAJOR/_MINOR/_PATCH defines");
  }
  return parse_rocm_version(major + "." + minor + "." + patch);
}

Expected<RocmVersion> parse_rocm_core_cmake_version(std::string_view content) {
  static const std::regex set_version(R"(set\s*\(\s*PACKAGE_VERSION\s+"([^"]*)\")");
  std::smatch m;
  std::string text(content);
  if (!std::regex_search(text, m, set_version)) return invalid_input("no set(PACKAGE_VERSION \"...\")");
  return parse_rocm_version(m[1].str());
}

Expected<RocmVersion> parse_amd_smi_version(std::string_view output) {
  static const std::regex rocm_version(R"(ROCm version:\s*([^\s|]+))");
  std::smatch m;
  std::string text(output);
  if (!std::regex_search(text, m, rocm_version)) return invalid_input("no \"ROCm version:\" in its output");
  if (m[1].str() == "N/A") return invalid_input("it reports \"ROCm version: N/A\"");
  return parse_rocm_version(m[1].str());
}

Expected<RocmVersion> parse_package_manager_version(std::string_view output) {
  auto lines = probe::split_lines(output);
  std::string_view v = lines.empty() ? std::string_view{} : probe::trim(lines.front());
  if (size_t colon = v.find(':'); colon != std::string_view::npos && all_digits(v.substr(0, colon))) {
    v.remove_prefix(colon + 1);  // the epoch
  }
  v = v.substr(0, v.find_first_of("-~"));  // the package release ("-139~24.04")
  auto parsed = parse_rocm_version(v);
  if (!parsed) return parsed;
  return parse_rocm_version(first_components(parsed->text, 3));  // drop the build number (60204)
}

Expected<RocmVersion> parse_rocm_wheel_version(std::string_view version) {
  std::string_view v = probe::trim(version);
  v = v.substr(0, v.find_first_not_of("0123456789."));
  while (!v.empty() && v.back() == '.') v.remove_suffix(1);
  auto parsed = parse_rocm_version(v);
  if (!parsed) return invalid_input(fmt::format("\"{}\" is not a ROCm version", shorten(version)));
  return parse_rocm_version(first_components(parsed->text, 3));
}

namespace probe {
namespace {

struct FileSource {
  const char* relative;
  Expected<RocmVersion> (*parse)(std::string_view);
};
constexpr FileSource kFileSources[] = {
    {".info/version", parse_rocm_version_file},
    {"include/rocm-core/rocm_version.h", parse_rocm_version_header},
    {"include/rocm_version.h", parse_rocm_version_header},
    {"lib/cmake/rocm-core/rocm-core-config-version.cmake", parse_rocm_core_cmake_version},
};

struct VersionRead {
  RocmVersion version;
  std::string source;
};

class RocmSearch {
 public:
  RocmSearch(Context& ctx, const InstalledDists& dists) : ctx_(ctx), dists_(dists) {}

  Expected<RocmFacts> run();

 private:
  struct Candidate {
    std::string path;    // as searched ("/opt/rocm", $ROCM_PATH)
    std::string origin;  // "ROCM_PATH", "/opt/rocm", ...
  };

  std::string resolved(const std::string& path);
  std::optional<VersionRead> read_version(const std::string& root);
  std::vector<Candidate> env_candidates();
  std::vector<std::string> opt_installs();
  bool select(const RocmVersion& version, const std::string& root, const std::string& source);
  void from_programs(const std::vector<std::string>& roots);
  void from_python_wheels();
  void list_installs(const std::vector<std::string>& roots);

  Context& ctx_;
  const InstalledDists& dists_;
  RocmFacts facts_;
  // By resolved root: the version read there, and from which of kFileSources.
  std::map<std::string, std::optional<std::pair<RocmVersion, std::string>>> cache_;
};

std::string RocmSearch::resolved(const std::string& path) {
  auto r = ctx_.system.resolve(path);
  return r ? *r : normalize_path(path);
}

std::optional<VersionRead> RocmSearch::read_version(const std::string& root) {
  std::string key = resolved(root);
  if (auto hit = cache_.find(key); hit != cache_.end()) {
    if (!hit->second) return std::nullopt;
    return VersionRead{hit->second->first, join_path(root, hit->second->second)};
  }
  for (const auto& source : kFileSources) {
    std::string path = join_path(root, source.relative);
    auto content = ctx_.system.read_file(path);
    if (!content) {
      if (content.error().kind != FileErrorKind::missing) {
        ctx_.warn("cannot read {} ({}); trying the next ROCm version source", path, content.error().reason);
      }
      continue;
    }
    auto version = source.parse(*content);
    if (!version) {
      ctx_.warn("{} holds no ROCm version ({}); trying the next source", path, version.error().message);
      continue;
    }
    cache_[key] = std::pair{*version, std::string(source.relative)};
    return VersionRead{*version, path};
  }
  cache_[key] = std::nullopt;
  return std::nullopt;
}

std::vector<RocmSearch::Candidate> RocmSearch::env_candidates() {
  std::vector<Candidate> out;
  for (const char* variable : {"ROCM_PATH", "ROCM_HOME", "HIP_PATH"}) {
    auto value = ctx_.system.env(variable);
    if (!value || trim(*value).empty()) continue;
    std::string path = normalize_path(std::string(trim(*value)));
    // Older ROCm set HIP_PATH to <rocm>/hip.
    if (std::string_view(variable) == "HIP_PATH" && base_name(path) == "hip") path = parent_path(path);
    out.push_back({path, variable});
  }
  return out;
}

std::vector<std::string> RocmSearch::opt_installs() {
  std::vector<std::string> out;
  auto names = ctx_.system.list_dir("/opt");
  if (!names) return out;
  std::vector<std::string> installs;
  for (auto& name : *names) {
    if (name.rfind("rocm-", 0) == 0 && ctx_.system.is_dir(join_path("/opt", name))) installs.push_back(name);
  }
  // Newest first, by the numbers in the name ("rocm-6.10.0" before "rocm-6.9.0").
  for (auto& name : sort_newest_first(std::move(installs))) out.push_back(join_path("/opt", name));
  return out;
}

bool RocmSearch::select(const RocmVersion& version, const std::string& root, const std::string& source) {
  if (facts_.found) return false;
  facts_.found = true;
  facts_.version = version.text;
  facts_.major = version.major;
  facts_.minor = version.minor;
  facts_.patch = version.patch;
  facts_.root = root.empty() ? "" : resolved(root);
  facts_.source = source;
  return true;
}

void RocmSearch::from_programs(const std::vector<std::string>& roots) {
  if (ctx_.options.no_exec) return;
  std::vector<std::string> bins;
  for (auto& root : roots) bins.push_back(join_path(root, "bin"));
  std::string root = roots.empty() ? "" : roots.front();
  if (auto amd_smi = ctx_.find_program("amd-smi", bins)) {
    if (auto out = ctx_.run_tool({*amd_smi, "version"}, "amd-smi version")) {
      auto version = parse_amd_smi_version(*out);
      if (version) {
        std::string bin_dir = parent_path(*amd_smi);
        select(*version, base_name(bin_dir) == "bin" ? parent_path(bin_dir) : root, "amd-smi version");
        return;
      }
      ctx_.warn("amd-smi version gives no ROCm version ({}); trying the next source", version.error().message);
    }
  }
  struct PackageQuery {
    const char* program;
    std::vector<std::string> args;
    const char* what;
  };
  const PackageQuery queries[] = {
      {"dpkg-query", {"-W", "-f=${Version}", "rocm-core"}, "dpkg-query -W rocm-core"},
      {"rpm", {"-q", "--qf", "%{VERSION}", "rocm-core"}, "rpm -q rocm-core"},
  };
  for (const auto& query : queries) {
    auto program = ctx_.find_program(query.program);
    if (!program) continue;
    std::vector<std::string> argv{*program};
    argv.insert(argv.end(), query.args.begin(), query.args.end());
    // Not installed is an ordinary answer (exit 1), not worth a warning.
    RunResult result = ctx_.system.run(argv, kToolTimeout);
    if (result.timed_out || !result.started) {
      ctx_.warn("{} ({}) {}", query.what, *program, describe_failure(result));
      continue;
    }
    if (result.exit_code != 0) continue;
    if (auto version = parse_package_manager_version(result.out)) {
      select(*version, root, query.what);
      return;
    }
  }
}

void RocmSearch::from_python_wheels() {
  for (const char* name : {"rocm-sdk-core", "rocm"}) {
    auto it = dists_.find(name);
    if (it == dists_.end()) continue;
    auto version = parse_rocm_wheel_version(it->second.version);
    if (!version) {
      ctx_.warn("the {} wheel's version {} is not a ROCm version", name, it->second.version);
      continue;
    }
    std::string site = parent_path(it->second.location);
    std::string root = join_path(site, "_rocm_sdk_core");
    if (!ctx_.system.is_dir(root)) root = site;
    std::string source = it->second.metadata.empty() ? it->second.location : it->second.metadata;
    select(*version, root, source);  // only when no system ROCm was found
    RocmInstall install;
    install.root = resolved(root);
    install.version = version->text;
    install.source = source;
    install.kind = "wheels";
    facts_.installs.push_back(install);
    return;
  }
}

void RocmSearch::list_installs(const std::vector<std::string>& roots) {
  std::vector<std::string> seen;
  for (auto& install : facts_.installs) seen.push_back(install.root);
  std::vector<RocmInstall> found;
  for (auto& root : roots) {
    if (!ctx_.system.is_dir(root)) continue;
    std::string real = resolved(root);
    if (std::find(seen.begin(), seen.end(), real) != seen.end()) continue;
    seen.push_back(real);
    auto version = read_version(real);
    RocmInstall install;
    install.root = real;
    if (version) install.version = version->version.text, install.source = version->source;
    found.push_back(install);
  }
  facts_.installs.insert(facts_.installs.begin(), found.begin(), found.end());
}

Expected<RocmFacts> RocmSearch::run() {
  auto& system = ctx_.system;
  std::vector<std::string> opt = opt_installs();
  if (system.is_symlink("/opt/rocm")) {
    auto target = system.resolve("/opt/rocm");
    if (target) {
      facts_.default_target = *target;
    } else {
      auto link = system.read_link("/opt/rocm");
      ctx_.warn("/opt/rocm is a link to {}, which does not exist", link ? *link : "?");
    }
  }

  std::vector<std::string> searched;  // existing roots, in search order
  if (!ctx_.options.rocm_root.empty()) {
    const std::string& root = ctx_.options.rocm_root;
    if (!system.is_dir(root)) return no_rocm_error(fmt::format("--rocm-root {}: no such directory", root));
    searched.push_back(root);
    if (auto v = read_version(root)) {
      select(v->version, root, v->source);
    } else {
      from_programs({root});
      if (!facts_.found) {
        return no_rocm_error(fmt::format(
            "--rocm-root {} holds no ROCm: none of .info/version, include/rocm-core/rocm_version.h, "
            "include/rocm_version.h, lib/cmake/rocm-core/rocm-core-config-version.cmake gives a version",
            root));
      }
    }
  } else {
    std::vector<Candidate> candidates = env_candidates();
    candidates.push_back({"/opt/rocm", "/opt/rocm"});
    for (auto& candidate : candidates) {
      bool from_env = candidate.origin != "/opt/rocm";
      if (!system.is_dir(candidate.path)) {
        if (from_env) ctx_.warn("{}={} is not a directory; ignoring it", candidate.origin, candidate.path);
        continue;
      }
      searched.push_back(candidate.path);
      if (auto v = read_version(candidate.path)) {
        select(v->version, candidate.path, v->source);
      } else if (from_env) {
        ctx_.warn("{}={} holds no readable ROCm version; ignoring it", candidate.origin, candidate.path);
      } else {
        ctx_.warn("/opt/rocm exists but none of its version files gives a version; not guessing one");
      }
    }
    for (auto& root : opt) {
      if (facts_.found) break;
      if (auto v = read_version(root)) select(v->version, root, v->source);
    }
    if (!facts_.found) from_programs(searched);
  }
  if (ctx_.options.rocm_root.empty()) from_python_wheels();

  std::vector<std::string> roots(opt.rbegin(), opt.rend());  // oldest first
  roots.insert(roots.end(), searched.begin(), searched.end());
  list_installs(roots);
  if (!facts_.found) return RocmFacts{};
  return facts_;
}

}  // namespace

Expected<RocmFacts> probe_rocm(Context& ctx, const InstalledDists& dists) {
  return RocmSearch(ctx, dists).run();
}

}  // namespace probe
}  // namespace gator
