#include "paths.h"

#include "text.h"  // split

namespace gator {

std::string join_path(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (name.empty()) return dir;
  if (name.front() == '/') return name;
  std::string out;
  out.reserve(dir.size() + 1 + name.size());
  out += dir;
  if (dir.back() != '/') out += '/';
  out += name;
  return out;
}

std::string normalize_path(const std::string& path) {
  if (path.empty()) return path;
  const bool absolute = path.front() == '/';
  std::vector<std::string_view> parts;  // views into path
  for (std::string_view part : split(path, '/')) {
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!absolute) {
        parts.push_back(part);
      }
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
  }
  std::string out = absolute ? "/" : "";
  out.reserve(path.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += '/';
    out += parts[i];
  }
  return out.empty() ? "." : out;
}

std::string parent_path(const std::string& path) {
  std::string p = normalize_path(path);
  if (p == "/" || p == ".") return p;
  size_t slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : p.substr(0, slash);
}

std::string base_name(const std::string& path) {
  std::string p = normalize_path(path);
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::vector<std::string> split_components(const std::string& path) {
  const std::vector<std::string_view> views = split(path, '/');
  std::vector<std::string> parts;
  parts.reserve(views.size());
  for (std::string_view part : views) {
    if (!part.empty()) parts.emplace_back(part);
  }
  return parts;
}

}  // namespace gator
