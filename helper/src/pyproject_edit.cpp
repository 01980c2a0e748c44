#include "pyproject_edit.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include "toml_fixed.h"

namespace gator {

namespace {

// Where a TOML scan stands between two characters.
enum class Lexeme { code, comment, basic, literal, multi_basic, multi_literal };

bool starts_with_at(std::string_view text, std::size_t at, std::string_view what) {
  return text.substr(at, what.size()) == what;
}

}  // namespace

std::vector<std::size_t> toml_top_level_lines(std::string_view text) {
  std::vector<std::size_t> lines;
  Lexeme state = Lexeme::code;
  std::size_t depth = 0;  // open [ and { outside strings
  bool line_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (line_start && state == Lexeme::code && depth == 0) lines.push_back(i);
    line_start = false;
    const char c = text[i];
    switch (state) {
      case Lexeme::code:
        if (starts_with_at(text, i, "\"\"\"")) {
          state = Lexeme::multi_basic, i += 2;
        } else if (starts_with_at(text, i, "'''")) {
          state = Lexeme::multi_literal, i += 2;
        } else if (c == '"') {
          state = Lexeme::basic;
        } else if (c == '\'') {
          state = Lexeme::literal;
        } else if (c == '#') {
          state = Lexeme::comment;
        } else if (c == '[' || c == '{') {
          ++depth;
        } else if ((c == ']' || c == '}') && depth > 0) {
          --depth;
        }
        break;
      case Lexeme::comment:
        if (c == '\n') state = Lexeme::code;
        break;
      case Lexeme::basic:  // one line; an unterminated one ends with its line
        if (c == '\\') {
          if (i + 1 < text.size() && text[i + 1] != '\n') ++i;
        } else if (c == '"' || c == '\n') {
          state = Lexeme::code;
        }
        break;
      case Lexeme::literal:
        if (c == '\'' || c == '\n') state = Lexeme::code;
        break;
      case Lexeme::multi_basic:
        if (c == '\\') {
          ++i;
        } else if (starts_with_at(text, i, "\"\"\"")) {
          i += 2;
          while (i + 1 < text.size() && text[i + 1] == '"') ++i;  // up to two quotes end the content
          state = Lexeme::code;
        }
        break;
      case Lexeme::multi_literal:
        if (starts_with_at(text, i, "'''")) {
          i += 2;
          while (i + 1 < text.size() && text[i + 1] == '\'') ++i;
          state = Lexeme::code;
        }
        break;
    }
    if (i < text.size() && text[i] == '\n') line_start = true;
  }
  return lines;
}

namespace {

struct Span {
  std::size_t begin = std::string_view::npos, end = std::string_view::npos;  // [begin, end), whole lines
  bool found() const { return begin != std::string_view::npos; }
};

// The line at `at`, without its line ending.
std::string_view line_at(std::string_view text, std::size_t at) {
  std::string_view line = text.substr(at, text.find('\n', at) - at);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::size_t line_end(std::string_view text, std::size_t at) {
  const std::size_t newline = text.find('\n', at);
  return newline == std::string_view::npos ? text.size() : newline + 1;
}

std::size_t line_number(std::string_view text, std::size_t at) {
  return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')) + 1;
}

// Whether a top-level line is `marker` alone (a comment, blanks around it).
bool is_marker_line(std::string_view line, std::string_view marker) {
  const std::size_t first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos || line.substr(first, marker.size()) != marker) return false;
  return line.find_first_not_of(" \t", first + marker.size()) == std::string_view::npos;
}

Expected<Span> find_block(std::string_view text, const std::vector<std::size_t>& lines, std::string_view name,
                          std::string_view origin) {
  const std::string begin_marker = fmt::format("# BEGIN gator-rocm {}", name);
  const std::string end_marker = fmt::format("# END gator-rocm {}", name);
  Span span;
  std::optional<std::size_t> end_line;
  for (std::size_t at : lines) {
    const std::string_view line = line_at(text, at);
    if (is_marker_line(line, begin_marker)) {
      if (span.found()) {
        return invalid_input(
            fmt::format("{}:{}: a second '{}' (the first is at line {}): keep one block; nothing "
                        "was written",
                        origin, line_number(text, at), begin_marker, line_number(text, span.begin)));
      }
      span.begin = at;
    } else if (is_marker_line(line, end_marker)) {
      if (!span.found() || span.end != std::string_view::npos) {
        return invalid_input(fmt::format("{}:{}: '{}' has no '{}' before it; nothing was written", origin,
                                         line_number(text, at), end_marker, begin_marker));
      }
      span.end = line_end(text, at);
      end_line = at;
    }
  }
  if (span.found() && !end_line) {
    return invalid_input(fmt::format("{}:{}: '{}' has no matching '{}'; nothing was written", origin,
                                     line_number(text, span.begin), begin_marker, end_marker));
  }
  return span;
}

// Where the project's own [project.optional-dependencies] header starts (a top-level line), or npos.
std::size_t own_header_at(std::string_view text) {
  constexpr std::string_view header = "[project.optional-dependencies]";
  for (std::size_t at : toml_top_level_lines(text)) {
    const std::string_view line = line_at(text, at);
    if (line.substr(0, header.size()) != header) continue;
    const std::size_t rest = line.find_first_not_of(" \t", header.size());
    if (rest == std::string_view::npos || line[rest] == '#') return at;
  }
  return std::string_view::npos;
}

// The file's line ending: that of its first line; a file of one line ending in a lone CR counts as CRLF
// (the newline added after it completes that CR).
bool uses_crlf(std::string_view text) {
  const std::size_t newline = text.find('\n');
  if (newline == std::string_view::npos) return !text.empty() && text.back() == '\r';
  return newline > 0 && text[newline - 1] == '\r';
}

std::string with_line_endings(std::string text, bool crlf) {
  if (!crlf) return text;
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// What goes before a block appended at the end: the rest of the last line's ending, and a blank line.
std::string lead_for_append(std::string_view original, bool crlf) {
  if (original.empty()) return "";
  std::string lead;
  if (original.back() == '\r') {
    lead = "\n";
  } else if (original.back() != '\n') {
    lead = crlf ? "\r\n" : "\n";
  }
  return lead + (crlf ? "\r\n" : "\n");
}

// The keys of project.optional-dependencies, or none when the text is not TOML.
std::vector<std::string> optional_dependency_keys(std::string_view text) {
  std::vector<std::string> keys;
  try {
    toml::table doc = toml::parse(text);
    if (const toml::table* extras = doc["project"]["optional-dependencies"].as_table()) {
      for (const auto& [key, value] : *extras) keys.emplace_back(key.str());
    }
  } catch (const toml::parse_error&) {
  }
  return keys;
}

Expected<void> check_result(std::string_view updated, std::string_view outside, std::string_view origin) {
  try {
    (void)toml::parse(updated, std::string(origin));
  } catch (const toml::parse_error& error) {
    return invalid_input(
        fmt::format("{}: the file would not be valid TOML with the gator-rocm block (line {} of the "
                    "result: {}); nothing was written",
                    origin, error.source().begin.line, error.description()));
  }
  // The project's own extras must still be extras (not captured by a table of the block).
  const std::vector<std::string> after = optional_dependency_keys(updated);
  for (const std::string& key : optional_dependency_keys(outside)) {
    if (std::find(after.begin(), after.end(), key) == after.end()) {
      return invalid_input(
          fmt::format("{}: the project's extra '{}' would no longer be in "
                      "[project.optional-dependencies]; nothing was written",
                      origin, key));
    }
  }
  return {};
}

}  // namespace

Expected<std::string> update_pyproject(std::string_view original, std::string_view origin, const Data& data,
                                       const std::vector<const ExtrasFamily*>& families, const ExtrasRequest& request,
                                       std::string_view command) {
  const std::vector<std::size_t> lines = toml_top_level_lines(original);
  auto extras = find_block(original, lines, "extras", origin);
  if (!extras) return tl::unexpected(extras.error());
  auto uv = find_block(original, lines, "uv", origin);
  if (!uv) return tl::unexpected(uv.error());
  if (extras->found() && uv->found() && extras->begin < uv->end && uv->begin < extras->end) {
    return invalid_input(fmt::format("{}:{}: the gator-rocm uv and extras blocks overlap; nothing was written", origin,
                                     line_number(original, std::max(extras->begin, uv->begin))));
  }
  const bool crlf = uses_crlf(original);

  // The project's own text, without the blocks: does it have its own optional-dependencies table?
  std::string outside(original);
  for (const Span* span : {extras->begin > uv->begin ? &*extras : &*uv, extras->begin > uv->begin ? &*uv : &*extras}) {
    if (span->found()) outside.erase(span->begin, span->end - span->begin);
  }
  const bool own_table = own_header_at(outside) != std::string::npos;

  // Edits as (span to replace, new text), applied from the end of the file backwards.
  std::vector<std::pair<Span, std::string>> edits;
  ExtrasRequest block_request = request;
  block_request.with_header = !own_table;
  // Inside the project's own table the block may hold only its keys: uv's tables go in a block
  // of their own at the end of the file, or they would capture the project's keys after them.
  block_request.uv = request.uv && !own_table;
  std::string extras_text = with_line_endings(render_extras(data, families, block_request, command), crlf);
  const Span at_end{original.size(), original.size()};
  if (extras->found()) {
    edits.push_back({*extras, extras_text});
  } else if (own_table) {
    const std::size_t after_header = line_end(original, own_header_at(original));
    const bool unterminated = after_header == original.size() && original.back() != '\n';
    edits.push_back({Span{after_header, after_header}, (unterminated ? (crlf ? "\r\n" : "\n") : "") + extras_text});
  } else {
    edits.push_back({at_end, lead_for_append(original, crlf) + extras_text});
  }
  const bool separate_uv = request.uv && own_table;
  std::string uv_text = separate_uv ? with_line_endings(render_uv_block(families, command), crlf) : "";
  if (uv->found()) {
    edits.push_back({*uv, uv_text});  // replaced, or removed when no longer asked for
  } else if (separate_uv) {
    edits.push_back({at_end, lead_for_append(original, crlf) + uv_text});
  }
  // Applied from the end backwards; of two edits at one place (the end of the file), the one made
  // first (the extras block) is applied last, so that it comes first.
  std::stable_sort(edits.begin(), edits.end(),
                   [](const auto& a, const auto& b) { return a.first.begin > b.first.begin; });
  for (std::size_t i = 0; i + 1 < edits.size(); ++i) {
    if (edits[i].first.begin == edits[i + 1].first.begin) std::swap(edits[i], edits[i + 1]);
  }
  std::string updated(original);
  for (const auto& [span, text] : edits) updated.replace(span.begin, span.end - span.begin, text);
  if (auto checked = check_result(updated, outside, origin); !checked) return tl::unexpected(checked.error());
  return updated;
}

}  // namespace gator
