#pragma once
// Small text helpers shared by the parsers: no I/O, no allocation beyond the result.
#include <charconv>
#include <optional>
#include <string_view>
#include <vector>

namespace gator {

// The parts of text between each sep, empty ones included (as Python's str.split(sep)):
// "a::b" -> {"a", "", "b"}; "" -> {""}. The views point into text.
inline std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
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

}  // namespace gator
