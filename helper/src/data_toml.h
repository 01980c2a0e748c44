#pragma once
// The data parser's TOML entry points, for code that combines data files before parsing them (the
// refresh overlay): the same checks and messages as parse_data(text, origin).
#include <string>
#include <string_view>

#include "toml_fixed.h"

#include "data.h"

namespace gator {

// Parses TOML text; a syntax error names `origin` and the line.
Expected<toml::table> parse_toml(std::string_view toml_text, const std::string& origin);
// Reads and checks a parsed document. Errors name the file each node came from (its source path),
// else `origin`.
Expected<Data> parse_data(const toml::table& root, std::string origin);

}  // namespace gator
