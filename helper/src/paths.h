#pragma once
// Paths as strings (no I/O): the helpers the System seam, the probes and the test machine share.
#include <string>
#include <vector>

namespace gator {

std::string join_path(const std::string& dir, const std::string& name);
std::string parent_path(const std::string& path);  // "/opt/rocm" -> "/opt"; "/" -> "/"
std::string base_name(const std::string& path);    // "/opt/rocm-7.0.2" -> "rocm-7.0.2"
// "/a/./b/../c/" -> "/a/c" (lexical only).
std::string normalize_path(const std::string& path);
// The non-empty components of a path: "/opt//rocm/" -> {"opt", "rocm"}.
std::vector<std::string> split_components(const std::string& path);

}  // namespace gator
