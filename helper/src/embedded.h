#pragma once
// Files compiled into the helper by cmake/embed_files.cmake (see helper/CMakeLists.txt).
#include <string_view>

namespace gator::embedded {
extern const std::string_view compat_data;      // helper/data/compat.toml
extern const std::string_view tpl_constraints;  // templates/constraints.txt.in
extern const std::string_view tpl_extras;       // templates/extras.toml.in
extern const std::string_view tpl_report;       // templates/report.txt.in
}  // namespace gator::embedded
