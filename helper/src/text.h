#pragma once
// Small text helpers shared by every layer (parsers, plan, renderers): no I/O, no allocation beyond
// the result.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gator {

// The parts of text between each sep, empty ones included (as Python's str.split(sep)):
// "a::b" -> {"a", "", "b"}; "" -> {""}. The views point into text.
inline std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  parts.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), sep)) + 1);  // one allocation
  for (;;) {
    std::size_t end = text.find(sep);
    parts.push_back(text.substr(0, end));
    if (end == std::string_view::npos) return parts;
    text.remove_prefix(end + 1);
  }
}

// A run of ASCII digits as a number; nullopt when text is not all digits or does not fit T.
template <class T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Text quoted from the user, a file or a program, safe to print to a terminal: control characters
// (C0, DEL, and C1 as UTF-8 writes them) as \xNN; other text, UTF-8 included, as it is. At most
// max_size bytes of it ("..." after the cut).
inline std::string printable(std::string_view text, std::size_t max_size = 200) {
  constexpr char kHex[] = "0123456789abcdef";
  auto escaped = [&](unsigned char byte) { return std::string{'\\', 'x', kHex[byte >> 4], kHex[byte & 15]}; };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i >= max_size) return out + "...";
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool c1 = byte == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9f;
    if (c1) {
      out += escaped(byte) + escaped(static_cast<unsigned char>(text[++i]));
    } else if (byte < 0x20 || byte == 0x7f) {
      out += escaped(byte);
    } else {
      out += static_cast<char>(byte);
    }
  }
  return out;
}

// text without leading and trailing whitespace (as C's isspace, in the "C" locale).
inline std::string_view trim(std::string_view text) {
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// The lines of text, without their "\n" or "\r\n"; no empty last line after a final newline.
inline std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines = split(text, '\n');
  if (lines.back().empty()) lines.pop_back();  // after the last newline (or an empty text)
  for (auto& line : lines) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  }
  return lines;
}

// The items with separator between them: joined({"a", "b"}, ", ") -> "a, b".
inline std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

// A word quoted for POSIX sh only when it needs it: "torch==2.10.0" as it is, "a b" as 'a b'.
inline std::string shell_quote(std::string_view word) {
  if (word.empty()) return "''";
  const bool safe = std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("@%+=:,./_-").find(c) != std::string_view::npos;
  });
  if (safe) return std::string(word);
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// One line a shell would run: each word shell-quoted where it needs it.
inline std::string command_line(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& word : argv) {
    if (!line.empty()) line += ' ';
    line += shell_quote(word);
  }
  return line;
}

// A TOML basic string: "value", with '"' and '\\' escaped (the values written are printable).
inline std::string toml_string(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace gator
