// The host's ROCm: every install, the version of the one in use, and the source that said so.
// Sources in order (the first that gives a version wins; a garbage or unreadable one is a warning):
// --rocm-root alone when given; else ROCM_PATH, ROCM_HOME, HIP_PATH, the Core SDK prefix that
// /opt/rocm/core (update-alternatives) points at, /opt/rocm, the newest /opt/rocm-X.Y.Z, the newest
// /opt/rocm/core-X.Y, each through its version files; then the distribution's files in /usr
// (rocm-core's, else HIP's standing in); then amd-smi, dpkg-query, rpm; then ROCm wheels in the
// Python environment. Never rocminfo, hipconfig or an SMI tool's own version; never a guess.
// Every install found is listed with its kind (legacy, core-sdk, distribution, wheels).
#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "probe.h"
#include "probe_internal.h"

namespace gator {

namespace {

// A file's content quoted into a warning: short, one line, printable ASCII (garbage such as a UTF-16
// file must not reach a terminal, JSON or a CMake script raw).
std::string shorten(std::string_view text) {
  text = trim(text);
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
  std::string_view t = trim(text);
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
  auto lines = split_lines(content);
  std::string_view first = lines.empty() ? std::string_view{} : trim(lines.front());
  return parse_rocm_version(first.substr(0, first.find('-')));
}

namespace {

// A cursor over text for the hand-written matchers below (std::regex recurses per character and
// overflows the stack on a long input, which a fuzzer found: a version file is untrusted input).
struct Cursor {
  std::string_view rest;

  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
  // Skips whitespace; true when there was some.
  bool skip_space() {
    const std::size_t before = rest.size();
    while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
    return rest.size() != before;
  }
  bool take(std::string_view word) {
    if (rest.substr(0, word.size()) != word) return false;
    rest.remove_prefix(word.size());
    return true;
  }
  // The longest prefix whose characters satisfy keep (possibly empty), consumed.
  template <class Keep>
  std::string_view take_while(Keep keep) {
    std::size_t n = 0;
    while (n < rest.size() && keep(rest[n])) ++n;
    std::string_view taken = rest.substr(0, n);
    rest.remove_prefix(n);
    return taken;
  }
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// <prefix>MAJOR / MINOR / PATCH defines of a version header (rocm_version.h, hip_version.h):
// "#define <prefix>MAJOR 7", spaces allowed around '#', the value possibly in parentheses. The last
// definition of each wins.
Expected<RocmVersion> parse_version_defines(std::string_view content, std::string_view prefix) {
  std::string major, minor, patch;
  for (std::size_t hash = content.find('#'); hash != std::string_view::npos; hash = content.find('#', hash + 1)) {
    Cursor at{content.substr(hash + 1)};
    at.skip_space();
    if (!at.take("define") || !at.skip_space() || !at.take(prefix)) continue;
    std::string* field = at.take("MAJOR") ? &major : at.take("MINOR") ? &minor : at.take("PATCH") ? &patch : nullptr;
    if (field == nullptr || !at.skip_space()) continue;
    if (at.take("(")) at.skip_space();
    std::string_view digits = at.take_while(is_digit);
    if (!digits.empty()) *field = std::string(digits);
  }
  if (major.empty() || minor.empty() || patch.empty()) {
    return invalid_input(fmt::format("no {0}MAJOR/_MINOR/_PATCH defines", prefix));
  }
  return parse_rocm_version(major + "." + minor + "." + patch);
}

bool is_identifier_char(char c) { return is_digit(c) || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

Expected<RocmVersion> parse_rocm_version_header(std::string_view content) {
  return parse_version_defines(content, "ROCM_VERSION_");
}

Expected<RocmVersion> parse_hip_version_header(std::string_view content) {
  return parse_version_defines(content, "HIP_VERSION_");
}

Expected<RocmVersion> parse_hip_soname(std::string_view file_name) {
  constexpr std::string_view stem = "libamdhip64.so.";
  if (file_name.substr(0, stem.size()) != stem)
    return invalid_input(fmt::format("{} is not libamdhip64.so.*", shorten(file_name)));
  auto version = parse_rocm_version(file_name.substr(stem.size()));
  if (!version || split(version->text, '.').size() != 3) {
    return invalid_input(fmt::format("{} does not carry HIP's major.minor.build", shorten(file_name)));
  }
  return version;
}

std::optional<RocmVersion> rocm_series_for_hip(const RocmVersion& hip) {
  // facts-2026-12 §3d/§3e: HIP 5.x/6.x and 7.0-7.2 share ROCm's major.minor; ROCm 7.14 shipped HIP
  // 7.14.60850; ROCm 10.0 shipped HIP 7.15, 10.1 and 10.2 both HIP 7.16, so no rule covers HIP 7.15+.
  const bool same_series = hip.major <= 6 || (hip.major == 7 && (hip.minor <= 2 || hip.minor == 14));
  if (!same_series) return std::nullopt;
  auto series = parse_rocm_version(fmt::format("{}.{}", hip.major, hip.minor));
  return series ? std::optional<RocmVersion>(*series) : std::nullopt;
}

Expected<std::string> parse_therock_manifest(std::string_view json_text) {
  auto json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return invalid_input("not a JSON object");
  auto it = json.find("rocm_package_version");
  if (it == json.end() || !it->is_string() || it->get<std::string>().empty()) {
    return invalid_input("no \"rocm_package_version\" string");
  }
  return it->get<std::string>();
}

Expected<std::vector<std::string>> parse_therock_dist_targets(std::string_view json_text) {
  auto json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return invalid_input("not a JSON object");
  auto it = json.find("dist_amdgpu_targets");
  if (it == json.end() || !it->is_string()) return invalid_input("no \"dist_amdgpu_targets\" string");
  const std::string list = it->get<std::string>();
  std::vector<std::string> targets;
  for (auto target : split(list, ';')) {
    std::string arch = normalize_gfx_arch(target);
    if (!arch.empty()) targets.push_back(arch);
  }
  return targets;
}

std::string rocm_device_wheel_target(std::string_view name) {
  constexpr std::string_view prefix = "rocm-sdk-device-";
  if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) return "";
  return normalize_gfx_arch(name.substr(prefix.size()));
}

Expected<RocmVersion> parse_rocm_core_cmake_version(std::string_view content) {
  // The first set(PACKAGE_VERSION "...") command (CMake's command names are case-insensitive; the
  // generated file writes "set"). "unset(" or "my_set(" are other commands.
  for (std::size_t at = content.find("set"); at != std::string_view::npos; at = content.find("set", at + 1)) {
    if (at > 0 && is_identifier_char(content[at - 1])) continue;
    Cursor c{content.substr(at + 3)};
    c.skip_space();
    if (!c.take("(")) continue;
    c.skip_space();
    if (!c.take("PACKAGE_VERSION") || !c.skip_space() || !c.take("\"")) continue;
    std::string_view value = c.take_while([](char ch) { return ch != '"'; });
    if (!c.take("\"")) continue;
    return parse_rocm_version(value);
  }
  return invalid_input("no set(PACKAGE_VERSION \"...\")");
}

Expected<RocmVersion> parse_amd_smi_version(std::string_view output) {
  constexpr std::string_view label = "ROCm version:";
  for (std::size_t at = output.find(label); at != std::string_view::npos; at = output.find(label, at + 1)) {
    Cursor c{output.substr(at + label.size())};
    c.skip_space();
    std::string_view value = c.take_while([](char ch) { return !Cursor::is_space(ch) && ch != '|'; });
    if (value.empty()) continue;
    if (value == "N/A") return invalid_input("it reports \"ROCm version: N/A\"");
    return parse_rocm_version(value);
  }
  return invalid_input("no \"ROCm version:\" in its output");
}

Expected<RocmVersion> parse_package_manager_version(std::string_view output) {
  auto lines = split_lines(output);
  std::string_view v = lines.empty() ? std::string_view{} : trim(lines.front());
  if (size_t colon = v.find(':'); colon != std::string_view::npos && all_digits(v.substr(0, colon))) {
    v.remove_prefix(colon + 1);  // the epoch
  }
  v = v.substr(0, v.find_first_of("-~"));  // the package release ("-139~24.04")
  auto parsed = parse_rocm_version(v);
  if (!parsed) return parsed;
  return parse_rocm_version(first_components(parsed->text, 3));  // drop the build number (60204)
}

Expected<RocmVersion> parse_rocm_wheel_version(std::string_view version) {
  std::string_view v = trim(version);
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

// The directory that holds ROCm Core SDK prefixes and the links update-alternatives points into
// them (facts-2026-12 §3b): /opt/rocm/core-X.Y, /opt/rocm/core-asan-X.Y, /opt/rocm/core -> prefix,
// /opt/rocm/{bin,include,lib,share,...} -> prefix subdirectories; no /opt/rocm/.info.
constexpr const char* kCoreUmbrella = "/opt/rocm";
constexpr const char* kDistributionRoot = "/usr";

// "core-10.0", "core-asan-7.14": a Core SDK prefix name (major.minor). "core-10" (the per-major
// alternatives link) and "core" are not.
bool is_core_prefix_name(std::string_view name) {
  for (std::string_view stem : {"core-asan-", "core-"}) {
    if (name.substr(0, stem.size()) != stem) continue;
    auto parts = split(name.substr(stem.size()), '.');
    return parts.size() == 2 && all_digits(parts[0]) && all_digits(parts[1]);
  }
  return false;
}

bool is_core_prefix(const std::string& path) {
  return parent_path(path) == kCoreUmbrella && is_core_prefix_name(base_name(path));
}

// Whether a is newer than b, by the numbers (never as strings or local labels: 10.0 is newer than 7.14).
bool newer(const RocmVersion& a, const RocmVersion& b) {
  return std::tie(a.major, a.minor, a.patch) > std::tie(b.major, b.minor, b.patch);
}

struct VersionRead {
  RocmVersion version;
  std::string source;
};

// What /usr says, rocm-core's files first; HIP's version stands in where no rocm-core is packaged.
struct DistributionRead {
  std::optional<RocmVersion> version;  // the ROCm series; nullopt when HIP's version names none
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
  std::optional<VersionRead> read_root_version(const std::string& root);
  std::vector<Candidate> env_candidates();
  std::vector<std::string> opt_installs();
  std::vector<std::string> core_installs();
  std::string core_in_use();
  std::string through_core(const std::string& path);
  std::optional<DistributionRead> read_distribution();
  std::optional<DistributionRead> read_hip_version(const std::vector<std::string>& lib_dirs);
  std::vector<std::string> distribution_lib_dirs();
  bool select(const RocmVersion& version, const std::string& root, const std::string& source);
  void from_programs(const std::vector<std::string>& roots);
  void from_python_wheels();
  void describe_core_build(RocmInstall& install);
  void list_installs(const std::vector<std::string>& roots);
  void mark_in_use();

  Context& ctx_;
  const InstalledDists& dists_;
  RocmFacts facts_;
  std::vector<std::string> cores_;  // Core SDK prefixes, oldest first (core_installs)
  std::string core_in_use_;         // the prefix /opt/rocm's links point at, or ""
  std::optional<DistributionRead> distribution_;
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

// A root's version; /usr is read as a distribution's (its files are spread over /usr/include and
// /usr/lib/<triplet>).
std::optional<VersionRead> RocmSearch::read_root_version(const std::string& root) {
  if (resolved(root) != kDistributionRoot) return read_version(root);
  if (!distribution_ || !distribution_->version) return std::nullopt;
  return VersionRead{*distribution_->version, distribution_->source};
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

// Every Core SDK prefix (a directory, not an alternatives link), oldest first by the version it
// holds, a build before its ASan build; one whose version cannot be read comes first.
std::vector<std::string> RocmSearch::core_installs() {
  auto names = ctx_.system.list_dir(kCoreUmbrella);
  if (!names) return {};
  std::vector<std::pair<std::optional<RocmVersion>, std::string>> found;
  for (auto& name : *names) {  // sorted: "core-10.0" before "core-asan-10.0"
    std::string path = join_path(kCoreUmbrella, name);
    if (!is_core_prefix_name(name) || ctx_.system.is_symlink(path) || !ctx_.system.is_dir(path)) continue;
    auto read = read_version(path);
    found.emplace_back(read ? std::optional<RocmVersion>(read->version) : std::nullopt, path);
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    if (!a.first || !b.first) return !a.first.has_value() && b.first.has_value();
    return newer(*b.first, *a.first);
  });
  std::vector<std::string> out;
  for (auto& entry : found) out.push_back(std::move(entry.second));
  return out;
}

// The prefix update-alternatives made current: /opt/rocm/core, else the one /opt/rocm/include (lib,
// bin, share) lead into; "" when no such link leads to a Core SDK prefix.
std::string RocmSearch::core_in_use() {
  for (const char* link : {"core", "include", "lib", "bin", "share"}) {
    const std::string path = join_path(kCoreUmbrella, link);
    if (!ctx_.system.is_symlink(path)) continue;
    auto target = ctx_.system.resolve(path);
    if (!target) continue;
    std::string prefix = std::string_view(link) == "core" ? *target : parent_path(*target);
    if (is_core_prefix(prefix) && ctx_.system.is_dir(prefix)) return prefix;
  }
  return "";
}

// On a Core SDK host, /opt/rocm itself is a directory of links: it stands for the prefix in use;
// "" (skip it) when no link says which, so that no half-read /opt/rocm is taken for an install.
std::string RocmSearch::through_core(const std::string& path) {
  if (cores_.empty() || resolved(path) != kCoreUmbrella) return path;
  if (core_in_use_.empty()) return "";
  // Read through the link where there is one, so that the source names the path people know.
  const std::string link = join_path(kCoreUmbrella, "core");
  return ctx_.system.is_symlink(link) && resolved(link) == core_in_use_ ? link : core_in_use_;
}

std::vector<std::string> RocmSearch::distribution_lib_dirs() {
  std::vector<std::string> dirs;
  if (auto names = ctx_.system.list_dir("/usr/lib")) {
    for (auto& name : *names) {
      // Debian/Ubuntu multiarch: x86_64-linux-gnu, aarch64-linux-gnu, powerpc64le-linux-gnu, ...
      if (name.find("-linux-") != std::string::npos && ctx_.system.is_dir(join_path("/usr/lib", name))) {
        dirs.push_back(join_path("/usr/lib", name));
      }
    }
  }
  dirs.push_back("/usr/lib64");  // Fedora, openSUSE, Gentoo
  dirs.push_back("/usr/lib");
  return dirs;
}

std::optional<DistributionRead> RocmSearch::read_distribution() {
  const std::vector<std::string> lib_dirs = distribution_lib_dirs();
  std::vector<std::string> paths{"/usr/include/rocm-core/rocm_version.h"};
  for (auto& dir : lib_dirs) paths.push_back(join_path(dir, "cmake/rocm-core/rocm-core-config-version.cmake"));
  for (auto& path : paths) {
    auto content = ctx_.system.read_file(path);
    if (!content) {
      if (content.error().kind != FileErrorKind::missing)
        ctx_.warn("cannot read {} ({})", path, content.error().reason);
      continue;
    }
    auto version = path.ends_with(".h") ? parse_rocm_version_header(*content) : parse_rocm_core_cmake_version(*content);
    if (version) return DistributionRead{*version, path};
    ctx_.warn("{} holds no ROCm version ({}); trying the next source", path, version.error().message);
  }
  return read_hip_version(lib_dirs);
}

// Where no rocm-core is packaged (Debian; Ubuntu up to 25.10), HIP's version stands in, mapped to the
// ROCm series it came with.
std::optional<DistributionRead> RocmSearch::read_hip_version(const std::vector<std::string>& lib_dirs) {
  struct HipRead {
    RocmVersion version;
    std::string path;
  };
  auto hip = [&]() -> std::optional<HipRead> {
    std::vector<std::pair<std::string, Expected<RocmVersion> (*)(std::string_view)>> files{
        {"/usr/include/hip/hip_version.h", parse_hip_version_header}};
    for (auto& dir : lib_dirs)
      files.emplace_back(join_path(dir, "cmake/hip/hip-config-version.cmake"), parse_rocm_core_cmake_version);
    for (auto& [path, parse] : files) {
      auto content = ctx_.system.read_file(path);
      if (!content) {
        if (content.error().kind != FileErrorKind::missing)
          ctx_.warn("cannot read {} ({})", path, content.error().reason);
        continue;
      }
      if (auto version = parse(*content)) return HipRead{*version, path};
      ctx_.warn("{} holds no HIP version; trying the next source", path);
    }
    for (auto& dir : lib_dirs) {  // the runtime alone (no -dev package): its soname
      auto names = ctx_.system.list_dir(dir);
      if (!names) continue;
      for (auto& name : *names) {
        if (auto version = parse_hip_soname(name)) return HipRead{*version, join_path(dir, name)};
      }
    }
    return std::nullopt;
  }();
  if (!hip) return std::nullopt;
  DistributionRead read;
  read.source = fmt::format("HIP {} from {} (no rocm-core: HIP's version stands in)", hip->version.text, hip->path);
  read.version = rocm_series_for_hip(hip->version);
  if (!read.version) {
    ctx_.warn(
        "{}: from ROCm 10 on, HIP's version does not name the ROCm release (HIP 7.15 came with ROCm 10.0, "
        "7.16 with 10.1 and 10.2), and no rocm-core file says which; not guessing one (use --rocm)",
        read.source);
  }
  return read;
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

// ROCm as Python wheels (facts-2026-12 §3c): rocm-sdk-core's version (the `rocm` meta package's
// can be a .post release of the same ROCm), checked against _rocm_sdk_core*/.info/version; the
// installed GPU targets are the rocm-sdk-device-gfx* wheels.
void RocmSearch::from_python_wheels() {
  auto core = dists_.find("rocm-sdk-core");
  if (core == dists_.end()) {
    if (auto meta = dists_.find("rocm"); meta != dists_.end()) {
      ctx_.warn(
          "the rocm {} wheel ({}) is installed without rocm-sdk-core, so ROCm's libraries are missing from "
          "that environment; its version is not taken for ROCm's",
          meta->second.version, meta->second.location);
    }
    return;
  }
  const InstalledDist& dist = core->second;
  const std::string site = parent_path(dist.location);
  std::string package_dir;  // _rocm_sdk_core, or with a nonce suffix
  if (auto names = ctx_.system.list_dir(site)) {
    for (auto& name : *names) {
      if (name.rfind("_rocm_sdk_core", 0) == 0 && ctx_.system.is_dir(join_path(site, name))) {
        package_dir = join_path(site, name);
        if (name == "_rocm_sdk_core") break;
      }
    }
  }
  std::optional<VersionRead> info;
  if (!package_dir.empty()) {
    const std::string path = join_path(package_dir, ".info/version");
    if (auto content = ctx_.system.read_file(path)) {
      if (auto version = parse_rocm_version_file(*content)) info = VersionRead{*version, path};
    }
  }
  std::string source = dist.metadata.empty() ? dist.location : dist.metadata;
  auto version = parse_rocm_wheel_version(dist.version);
  if (!version && !info) {
    ctx_.warn("the rocm-sdk-core wheel's version {} is not a ROCm version", dist.version);
    return;
  }
  if (!version) {
    version = info->version;
    source = info->source;
  } else if (info && (newer(info->version, *version) || newer(*version, info->version))) {
    ctx_.warn("{} says ROCm {} but {} says {}; using the wheel's", source, version->text, info->source,
              info->version.text);
  }
  const std::string root = package_dir.empty() ? site : package_dir;
  select(*version, root, source);  // only when no system ROCm was found
  RocmInstall install;
  install.root = resolved(root);
  install.version = version->text;
  install.source = source;
  install.kind = "wheels";
  install.build = dist.version;
  for (const auto& entry : dists_) {
    if (std::string target = rocm_device_wheel_target(entry.first); !target.empty()) install.targets.push_back(target);
  }
  facts_.installs.push_back(install);
}

// The exact build (therock_manifest.json) and the GPU targets it was built for (dist_info.json).
void RocmSearch::describe_core_build(RocmInstall& install) {
  const std::string dir = join_path(install.root, "share/therock");
  auto read_json = [&](const std::string& name, auto parse, auto& into) {
    const std::string path = join_path(dir, name);
    auto content = ctx_.system.read_file(path);
    if (!content) {
      if (content.error().kind != FileErrorKind::missing)
        ctx_.warn("cannot read {} ({})", path, content.error().reason);
      return;
    }
    auto value = parse(*content);
    if (!value) return ctx_.warn("{}: {}", path, value.error().message);
    into = std::move(*value);
  };
  read_json("therock_manifest.json", parse_therock_manifest, install.build);
  read_json("dist_info.json", parse_therock_dist_targets, install.targets);
}

void RocmSearch::list_installs(const std::vector<std::string>& roots) {
  std::vector<std::string> seen;
  for (auto& install : facts_.installs) seen.push_back(install.root);
  std::vector<RocmInstall> found;
  for (auto& root : roots) {
    if (root.empty() || !ctx_.system.is_dir(root)) continue;
    std::string real = resolved(root);
    if (std::find(seen.begin(), seen.end(), real) != seen.end()) continue;
    seen.push_back(real);
    RocmInstall install;
    install.root = real;
    if (real == kDistributionRoot) {
      if (!distribution_) continue;
      install.kind = "distribution";
      install.source = distribution_->source;
      if (distribution_->version) install.version = distribution_->version->text;
    } else {
      if (auto version = read_version(real)) install.version = version->version.text, install.source = version->source;
      install.kind = is_core_prefix(real) ? "core-sdk" : "legacy";
      if (install.kind == "core-sdk") describe_core_build(install);
    }
    found.push_back(install);
  }
  facts_.installs.insert(facts_.installs.begin(), found.begin(), found.end());
}

void RocmSearch::mark_in_use() {
  for (auto& install : facts_.installs) {
    install.in_use = install.root == facts_.root;
    if (install.in_use) facts_.kind = install.kind;
  }
  if (facts_.kind == "core-sdk") {
    const std::string extras = join_path(kCoreUmbrella, fmt::format("extras-{}", facts_.major));
    if (ctx_.system.is_dir(extras)) facts_.extras_root = extras;
  }
}

Expected<RocmFacts> RocmSearch::run() {
  auto& system = ctx_.system;
  std::vector<std::string> opt = opt_installs();
  cores_ = core_installs();
  core_in_use_ = core_in_use();
  distribution_ = read_distribution();
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
    if (auto v = read_root_version(root)) {
      select(v->version, root, v->source);
    } else {
      from_programs({root});
      if (!facts_.found) {
        return no_rocm_error(
            fmt::format("--rocm-root {} holds no ROCm: none of .info/version, include/rocm-core/rocm_version.h, "
                        "include/rocm_version.h, lib/cmake/rocm-core/rocm-core-config-version.cmake gives a version",
                        root));
      }
    }
  } else {
    std::vector<Candidate> candidates = env_candidates();
    if (!core_in_use_.empty()) candidates.push_back({through_core(kCoreUmbrella), "/opt/rocm/core"});
    candidates.push_back({"/opt/rocm", "/opt/rocm"});
    for (auto& candidate : candidates) {
      bool from_env = candidate.origin != "/opt/rocm" && candidate.origin != "/opt/rocm/core";
      if (!system.is_dir(candidate.path)) {
        if (from_env) ctx_.warn("{}={} is not a directory; ignoring it", candidate.origin, candidate.path);
        continue;
      }
      // ROCM_PATH=/opt/rocm on a Core SDK host: the prefix in use.
      const std::string path = through_core(candidate.path);
      if (path.empty()) continue;  // no link says which: the Core SDK prefixes follow
      searched.push_back(path);
      if (auto v = read_root_version(path)) {
        select(v->version, path, v->source);
      } else if (from_env) {
        ctx_.warn("{}={} holds no readable ROCm version; ignoring it", candidate.origin, candidate.path);
      } else if (candidate.origin == "/opt/rocm") {
        ctx_.warn("/opt/rocm exists but none of its version files gives a version; not guessing one");
      }
    }
    for (auto& root : opt) {
      if (facts_.found) break;
      if (auto v = read_version(root)) select(v->version, root, v->source);
    }
    // The newest by number; of a build and its ASan build with the same version, the build.
    std::optional<VersionRead> newest_core;
    std::string newest_root;
    for (auto& root : cores_) {
      auto v = read_version(root);
      if (v && (!newest_core || newer(v->version, newest_core->version))) newest_core = v, newest_root = root;
    }
    if (newest_core) select(newest_core->version, newest_root, newest_core->source);
    if (!facts_.found && distribution_ && distribution_->version) {
      select(*distribution_->version, kDistributionRoot, distribution_->source);
    }
    if (!facts_.found) from_programs(searched);
  }
  if (ctx_.options.rocm_root.empty()) from_python_wheels();

  std::vector<std::string> roots(opt.rbegin(), opt.rend());  // oldest first
  roots.insert(roots.end(), cores_.begin(), cores_.end());
  for (auto& root : searched) roots.push_back(through_core(root));
  roots.push_back(kDistributionRoot);
  list_installs(roots);
  if (!facts_.found) return RocmFacts{};
  mark_in_use();
  return facts_;
}

}  // namespace

Expected<RocmFacts> probe_rocm(Context& ctx, const InstalledDists& dists) { return RocmSearch(ctx, dists).run(); }

}  // namespace probe
}  // namespace gator
