// torch and the other installed distributions, read from site-packages without importing anything:
// torch/version.py and the .dist-info / .egg-info metadata. --probe-runtime alone imports torch, in a
// child Python with a time limit.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>

#include <nlohmann/json.hpp>

#include "pep440.h"
#include "probe.h"
#include "probe_internal.h"

namespace gator {

namespace {

// The value of a Python literal: a quoted string, or nullopt for None (and anything else).
std::optional<std::string> python_string_literal(std::string_view value) {
  value = trim(value);
  if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') && value.back() == value.front()) {
    return std::string(value.substr(1, value.size() - 2));
  }
  return std::nullopt;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Expected<TorchVersionFile> parse_torch_version_py(std::string_view text) {
  TorchVersionFile file;
  bool have_version = false;
  for (auto line : split_lines(text)) {
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos || (eq + 1 < line.size() && line[eq + 1] == '=')) continue;
    std::string_view name = line.substr(0, eq);
    name = trim(name.substr(0, name.find(':')));  // "hip: Optional[str]" -> "hip"
    std::optional<std::string> value = python_string_literal(line.substr(eq + 1));
    if (name == "__version__" && value) {
      file.version = *value;
      have_version = !value->empty();
    } else if (name == "hip") {
      file.hip = value;
    } else if (name == "rocm") {
      file.rocm = value;
    } else if (name == "cuda") {
      file.cuda = value;
    }
  }
  if (!have_version) return invalid_input("no __version__ = '...' line");
  return file;
}

bool is_rocm_torch_build(std::string_view version, const std::optional<std::string>& hip) {
  if (hip && !trim(*hip).empty()) return true;
  std::string local;
  if (auto parsed = pep440::parse_version(version)) {
    local = parsed->local();  // normalised: lowercase
  } else if (size_t plus = version.find('+'); plus != std::string_view::npos) {
    local = lowercase(version.substr(plus + 1));
  }
  return local.rfind("rocm", 0) == 0 || local.rfind("devrocm", 0) == 0;  // rocmsdk starts with rocm
}

std::optional<RocmVersion> torch_rocm_release(const TorchFacts& torch) {
  if (torch.rocm_release) {
    if (auto version = parse_rocm_wheel_version(*torch.rocm_release)) return *version;
  }
  const size_t plus = torch.version.find('+');
  if (plus == std::string::npos) return std::nullopt;
  std::string label = lowercase(std::string_view(torch.version).substr(plus + 1));
  if (label.rfind("rocm", 0) != 0) return std::nullopt;
  // "rocm7.14", "rocm10.1.0", "rocm7.10.0a20251015", "rocm10.1.0a20260811.bkc.20260813"
  auto version = parse_rocm_wheel_version(std::string_view(label).substr(4));
  return version ? std::optional<RocmVersion>(*version) : std::nullopt;
}

std::string torch_major_minor(std::string_view version) {
  auto parsed = pep440::parse_version(version);
  if (!parsed) return "";
  return fmt::format("{}.{}", parsed->major(), parsed->minor());
}

std::optional<DistName> parse_dist_dir_name(std::string_view entry) {
  constexpr std::string_view dist_info = ".dist-info", egg_info = ".egg-info";
  auto ends_with = [&](std::string_view suffix) {
    return entry.size() > suffix.size() && entry.substr(entry.size() - suffix.size()) == suffix;
  };
  std::string_view stem;
  if (ends_with(dist_info)) {
    stem = entry.substr(0, entry.size() - dist_info.size());
  } else if (ends_with(egg_info)) {
    stem = entry.substr(0, entry.size() - egg_info.size());
  } else {
    return std::nullopt;
  }
  size_t dash = stem.find('-');
  DistName name{std::string(stem.substr(0, dash)), ""};
  if (dash != std::string_view::npos) {
    std::string_view rest = stem.substr(dash + 1);
    name.version = std::string(rest.substr(0, rest.find('-')));  // egg-info: "-py3.11" follows
  }
  if (name.name.empty()) return std::nullopt;
  return name;
}

Expected<DistName> parse_dist_metadata(std::string_view text) {
  DistName dist;
  for (auto line : split_lines(text)) {
    if (trim(line).empty()) break;  // the headers end at the first blank line
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = lowercase(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (key == "name" && dist.name.empty()) dist.name = value;
    if (key == "version" && dist.version.empty()) dist.version = value;
  }
  if (dist.name.empty() || dist.version.empty()) return invalid_input("no Name and Version headers");
  return dist;
}

Expected<RuntimeReport> parse_runtime_report(std::string_view output) {
  constexpr std::string_view marker = "GATOR_RUNTIME ";
  std::optional<std::string_view> payload;
  for (auto line : split_lines(output)) {
    if (line.substr(0, marker.size()) == marker) payload = line.substr(marker.size());
  }
  if (!payload) return invalid_input("no GATOR_RUNTIME line in its output");
  auto json = nlohmann::json::parse(*payload, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return invalid_input("its GATOR_RUNTIME line is not a JSON object");
  if (json.contains("error")) {
    return invalid_input(fmt::format("importing torch failed: {}", json["error"].is_string()
                                                                       ? json["error"].get<std::string>()
                                                                       : json["error"].dump()));
  }
  if (!json.contains("gpu_available") || !json["gpu_available"].is_boolean() || !json.contains("gpu_count") ||
      !json["gpu_count"].is_number_integer()) {
    return invalid_input("its GATOR_RUNTIME line lacks gpu_available / gpu_count");
  }
  RuntimeReport report;
  report.gpu_available = json["gpu_available"].get<bool>();
  // A count is never negative, and one beyond int is no count either.
  if (!json["gpu_count"].is_number_unsigned() || json["gpu_count"].get<std::uint64_t>() > 1024) {
    return invalid_input(
        fmt::format("its GATOR_RUNTIME line has gpu_count {}, not a device count", json["gpu_count"].dump()));
  }
  report.gpu_count = json["gpu_count"].get<int>();
  if (json.contains("devices") && json["devices"].is_array()) {
    for (auto& device : json["devices"]) {
      if (!device.is_object()) continue;
      // A field of another type (a broken or foreign script) reads as "": never an exception.
      auto text = [&](const char* key) {
        auto it = device.find(key);
        return it != device.end() && it->is_string() ? it->get<std::string>() : std::string();
      };
      report.device_names.push_back(text("name"));
      report.device_archs.push_back(normalize_gfx_arch(text("arch")));
    }
  }
  return report;
}

namespace probe {
namespace {

constexpr const char* kRuntimeScript =
    "import json\n"
    "try:\n"
    "    import torch\n"
    "    available = bool(torch.cuda.is_available())\n"
    "    count = int(torch.cuda.device_count()) if available else 0\n"
    "    # CUDA builds answer gcnArchName with the device name (seen on torch 2.11.0+cu130): not an arch.\n"
    "    is_hip = bool(getattr(torch.version, 'hip', None))\n"
    "    devices = []\n"
    "    for i in range(count):\n"
    "        props = torch.cuda.get_device_properties(i)\n"
    "        devices.append({'name': torch.cuda.get_device_name(i),\n"
    "                        'arch': str(getattr(props, 'gcnArchName', '') or '') if is_hip else ''})\n"
    "    report = {'gpu_available': available, 'gpu_count': count, 'devices': devices}\n"
    "except BaseException as e:\n"
    "    report = {'error': '%s: %s' % (type(e).__name__, e)}\n"
    "print('GATOR_RUNTIME ' + json.dumps(report), flush=True)\n";

// The distributions whose versions are wanted (PEP 503 normalised), besides ROCm's own wheels
// (is_rocm_wheel): those the data knows. Normalised once: one lookup per directory entry.
std::set<std::string> wanted_names(const Data& data) {
  std::set<std::string> names;
  for (auto& name : data.packages) names.insert(normalize_package_name(name));
  return names;
}

// The METADATA / PKG-INFO file of a .dist-info / .egg-info entry (an .egg-info may be the file itself).
std::string metadata_path(System& system, const std::string& entry_path) {
  if (entry_path.size() > 10 && entry_path.substr(entry_path.size() - 10) == ".dist-info") {
    return join_path(entry_path, "METADATA");
  }
  return system.is_dir(entry_path) ? join_path(entry_path, "PKG-INFO") : entry_path;
}

}  // namespace

InstalledDists scan_site_packages(Context& ctx, const std::vector<std::string>& site_packages) {
  InstalledDists dists;
  const std::set<std::string> wanted = wanted_names(ctx.data);
  for (auto& dir : site_packages) {
    auto entries = ctx.system.list_dir(dir);
    if (!entries) {
      if (entries.error().kind != FileErrorKind::missing) {
        ctx.warn("cannot list {} ({}); its packages are not seen", dir, entries.error().reason);
      }
      continue;
    }
    for (auto& entry : *entries) {
      auto dist_name = parse_dist_dir_name(entry);
      if (!dist_name) continue;
      std::string normalized = normalize_package_name(dist_name->name);
      if (dists.count(normalized) || !(wanted.count(normalized) || is_rocm_wheel(normalized))) continue;  // first wins
      std::string location = join_path(dir, entry);
      std::string metadata = metadata_path(ctx.system, location);
      InstalledDist dist{dist_name->version, "", location};
      auto text = ctx.system.read_file(metadata);
      auto parsed = text ? parse_dist_metadata(*text) : Expected<DistName>(invalid_input(text.error().reason));
      if (parsed) {
        dist.version = parsed->version;
        dist.metadata = metadata;
      } else if (dist.version.empty()) {
        ctx.warn("cannot read {} ({}); {} is left out", metadata, parsed.error().message, dist_name->name);
        continue;
      } else {
        ctx.warn("cannot read {} ({}); taking the version from the directory name", metadata, parsed.error().message);
      }
      dists[normalized] = std::move(dist);
    }
  }
  return dists;
}

TorchFacts probe_torch(Context& ctx, const std::vector<std::string>& site_packages, const InstalledDists& dists) {
  TorchFacts torch;
  std::optional<TorchVersionFile> version_file;
  for (auto& dir : site_packages) {
    std::string path = join_path(dir, "torch/version.py");
    auto text = ctx.system.read_file(path);
    if (!text) {
      if (text.error().kind == FileErrorKind::missing) continue;
      ctx.warn("cannot read {} ({}); using torch's distribution metadata", path, text.error().reason);
      break;
    }
    auto parsed = parse_torch_version_py(*text);
    if (!parsed) {
      ctx.warn("{}: {}; using torch's distribution metadata", path, parsed.error().message);
      break;
    }
    version_file = *parsed;
    torch.source = path;
    break;
  }
  auto dist = dists.find("torch");
  if (version_file) {
    torch.version = version_file->version;
    torch.rocm_build_version = version_file->hip;
    torch.rocm_release = version_file->rocm;
    torch.cuda_version = version_file->cuda;
    if (dist != dists.end()) {
      auto public_part = [](const std::string& v) {
        auto parsed = pep440::parse_version(v);
        return parsed ? parsed->public_str() : v.substr(0, v.find('+'));
      };
      if (public_part(dist->second.version) != public_part(torch.version)) {
        ctx.warn("{} says torch {} but {} says {}; using version.py", torch.source, torch.version,
                 dist->second.metadata.empty() ? dist->second.location : dist->second.metadata, dist->second.version);
      }
    }
  } else if (dist != dists.end()) {
    torch.version = dist->second.version;
    torch.source = dist->second.metadata.empty() ? dist->second.location : dist->second.metadata;
  } else {
    return torch;
  }
  if (torch.rocm_build_version && trim(*torch.rocm_build_version).empty()) torch.rocm_build_version.reset();
  if (torch.rocm_release && trim(*torch.rocm_release).empty()) torch.rocm_release.reset();
  torch.installed = true;
  torch.is_rocm_build = is_rocm_torch_build(torch.version, torch.rocm_build_version);
  torch.pytorch_major_minor = torch_major_minor(torch.version);
  if (torch.pytorch_major_minor.empty())
    ctx.warn("the installed torch version {} is not a PEP 440 version", torch.version);
  return torch;
}

void probe_runtime(Context& ctx, const PythonFacts& python, TorchFacts& torch) {
  if (!ctx.options.probe_runtime) return;
  if (ctx.options.no_exec) return ctx.warn("--probe-runtime is ignored under --no-exec");
  if (python.executable.empty()) return ctx.warn("--probe-runtime: no Python executable to run");
  if (!torch.installed) return ctx.warn("--probe-runtime: torch is not installed in {}", python.executable);
  auto out = ctx.run_tool({python.executable, "-c", kRuntimeScript}, "--probe-runtime (importing torch)",
                          std::chrono::seconds(std::max(1, ctx.options.runtime_timeout_s)));
  if (!out) return;
  auto report = parse_runtime_report(*out);
  if (!report) return ctx.warn("--probe-runtime ({}): {}", python.executable, report.error().message);
  torch.gpu_available = report->gpu_available;
  torch.gpu_count = report->gpu_count;
  torch.device_names = report->device_names;
  torch.device_archs = report->device_archs;
}

}  // namespace probe
}  // namespace gator
