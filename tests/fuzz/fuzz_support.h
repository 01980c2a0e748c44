#pragma once
// Shared by the libFuzzer targets: a property that does not hold stops the run (abort: libFuzzer
// saves the input as a crash), with what did not hold on stderr.
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#define FUZZ_CHECK(condition)                                                                      \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      std::fprintf(stderr, "%s:%d: property does not hold: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                                \
    }                                                                                              \
  } while (0)

namespace gator::fuzz {

inline std::string_view as_text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The input cut at every byte 0xff: how one input feeds several fields.
inline std::vector<std::string_view> fields(std::string_view text, std::size_t at_most) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < at_most) {
    const std::size_t cut = text.find('\xff');
    if (cut == std::string_view::npos) break;
    out.push_back(text.substr(0, cut));
    text.remove_prefix(cut + 1);
  }
  out.push_back(text);
  return out;
}

}  // namespace gator::fuzz
