#pragma once
// The pyproject editor of `extras --update`: an edit, not a render. It replaces the gator-rocm
// blocks of a pyproject.toml (or adds them) and keeps every other byte. No I/O.
//
// A block is the lines from "# BEGIN gator-rocm NAME" to "# END gator-rocm NAME". A marker counts
// only as a whole-line TOML comment at the top level: not inside a string (a multi-line string may
// quote a marker: that is the project's text), not inside an array or inline table. A BEGIN without
// its END, an END without its BEGIN, two blocks of one name, or blocks inside each other are refused
// with the file and line, and nothing is written.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "data.h"
#include "error.h"
#include "render/render.h"  // ExtrasRequest

namespace gator {

// The offsets of the lines of a TOML text that start at the top level (outside every string, array
// and inline table), in order. A linear scan that never fails: text that is not TOML still scans.
std::vector<std::size_t> toml_top_level_lines(std::string_view text);

// Replaces the gator-rocm block of a pyproject (or adds one), keeping every other byte: after the
// project's own [project.optional-dependencies] header when it has one (then uv's tables, with --uv,
// go in a "gator-rocm uv" block at the end), else at the end. The block's line endings are the
// file's (those of its first line). The result is checked: valid TOML, and the project's own extras
// still extras. request.with_header is decided here. `origin` names the file in errors.
Expected<std::string> update_pyproject(std::string_view original, std::string_view origin, const Data& data,
                                       const std::vector<const ExtrasFamily*>& families, const ExtrasRequest& request,
                                       std::string_view command);

}  // namespace gator
