#pragma once
// Small text helpers shared by the parsers: no I/O, no allocation beyond the result.
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

}  // namespace gator
