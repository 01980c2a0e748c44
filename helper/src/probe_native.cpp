// What native builds need, from files only: where the ROCm install keeps its CMake packages, and
// torch's CMake package, library directory and C++ ABI (never by importing torch).
#include <algorithm>

#include "probe.h"
#include "probe_internal.h"

namespace gator {

std::optional<bool> parse_torch_cxx11_abi(std::string_view torch_config) {
  constexpr std::string_view define = "_GLIBCXX_USE_CXX11_ABI=";
  for (auto line : split_lines(torch_config)) {
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    size_t at = line.find(define);
    if (at == std::string_view::npos || at + define.size() >= line.size()) continue;
    char value = line[at + define.size()];
    if (value == '0' || value == '1') return value == '1';
  }
  return std::nullopt;
}

namespace probe {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// A directory that CMake's find_package can search as a prefix: it holds <name>/<name>-config.cmake
// or <Name>/<Name>Config.cmake for at least one package.
bool holds_cmake_packages(System& system, const std::string& dir) {
  auto packages = system.list_dir(dir);
  if (!packages) return false;
  for (auto& package : *packages) {
    auto files = system.list_dir(join_path(dir, package));
    if (!files) continue;
    for (auto& file : *files) {
      if (ends_with(file, "-config.cmake") || ends_with(file, "Config.cmake")) return true;
    }
  }
  return false;
}

// The library directories of an install root where CMake packages live: lib/<multiarch triplet>
// (Debian, Ubuntu), lib64 (Fedora, openSUSE), lib.
std::vector<std::string> library_dirs(System& system, const std::string& root) {
  std::vector<std::string> dirs;
  const std::string lib = join_path(root, "lib");
  if (auto entries = system.list_dir(lib)) {
    for (auto& entry : *entries) {
      if (entry.find("-linux-") != std::string::npos) dirs.push_back(join_path(lib, entry));
    }
  }
  dirs.push_back(join_path(root, "lib64"));
  dirs.push_back(lib);
  return dirs;
}

// The directory a file is really in, links followed (torch/lib/libtorch.so -> /usr/lib/<triplet>).
std::string real_parent(System& system, const std::string& file) {
  auto real = system.resolve(file);
  return real ? parent_path(*real) : std::string();
}

}  // namespace

std::vector<std::string> rocm_cmake_prefixes(Context& ctx, const RocmFacts& rocm,
                                             const std::vector<std::string>& site_packages) {
  if (!rocm.found || rocm.root.empty()) return {};
  std::vector<std::string> roots{rocm.root};
  // ROCm from wheels: rocm-sdk-core holds no CMake packages; rocm-sdk-devel, when installed, does.
  for (auto& site : site_packages) {
    if (rocm.root == site || parent_path(rocm.root) == site) roots.push_back(join_path(site, "_rocm_sdk_devel"));
  }
  std::vector<std::string> prefixes;
  for (auto& root : roots) {
    for (auto& dir : library_dirs(ctx.system, root)) {
      std::string prefix = join_path(dir, "cmake");
      if (std::find(prefixes.begin(), prefixes.end(), prefix) != prefixes.end()) continue;
      if (holds_cmake_packages(ctx.system, prefix)) prefixes.push_back(prefix);
    }
  }
  return prefixes;
}

void probe_torch_native(Context& ctx, const std::vector<std::string>& site_packages, TorchFacts& torch) {
  if (!torch.installed) return;
  std::string package;  // <site>/torch
  for (auto& site : site_packages) {
    if (ctx.system.is_dir(join_path(site, "torch"))) {
      package = join_path(site, "torch");
      break;
    }
  }
  if (package.empty()) return;
  const std::string library = join_path(package, "lib/libtorch.so");
  torch.library_dir = real_parent(ctx.system, library);
  // A wheel carries its CMake package (what torch.utils.cmake_prefix_path names); a distribution's
  // torch links its libraries from the system library directory, whose cmake/ holds the package
  // (Debian's libtorch-dev: /usr/lib/<triplet>/cmake/Torch).
  std::vector<std::string> candidates{join_path(package, "share/cmake")};
  if (!torch.library_dir.empty()) candidates.push_back(join_path(torch.library_dir, "cmake"));
  for (auto& prefix : candidates) {
    const std::string config = join_path(prefix, "Torch/TorchConfig.cmake");
    auto text = ctx.system.read_file(config);
    if (!text && text.error().kind == FileErrorKind::missing) continue;
    torch.cmake_prefix_path = prefix;
    if (!text) {
      ctx.warn("cannot read {} ({}); torch's C++ ABI is not known", config, text.error().reason);
    } else {
      torch.cxx11_abi = parse_torch_cxx11_abi(*text);
    }
    break;
  }
}

}  // namespace probe
}  // namespace gator
