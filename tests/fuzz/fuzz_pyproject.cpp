// The pyproject editor: never a crash; what it writes is valid TOML (checked inside), is a fixed
// point (updating it again changes nothing), and keeps every byte of the file outside the
// gator-rocm blocks, in order (line endings aside: a block appended after a last line without one
// ends that line).
#include <string>

#include "fuzz_support.h"
#include "pyproject_edit.h"

using namespace gator;

namespace {

// The text without its gator-rocm blocks (as the editor finds them) and without line endings.
std::string outside_blocks(std::string_view text) {
  std::string out;
  bool inside = false;
  std::vector<std::size_t> top = toml_top_level_lines(text);
  std::size_t next_top = 0;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    end = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(at, end - at);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    while (next_top < top.size() && top[next_top] < at) ++next_top;
    const bool is_top = next_top < top.size() && top[next_top] == at;
    std::string_view trimmed = line.substr(std::min(line.find_first_not_of(" \t"), line.size()));
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) trimmed.remove_suffix(1);
    const bool begin = is_top && trimmed.rfind("# BEGIN gator-rocm ", 0) == 0 &&
                       (trimmed == "# BEGIN gator-rocm extras" || trimmed == "# BEGIN gator-rocm uv");
    const bool finish = is_top && (trimmed == "# END gator-rocm extras" || trimmed == "# END gator-rocm uv");
    if (begin) inside = true;
    if (!inside) out += line;
    if (finish) inside = false;
    at = end;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size == 0) return 0;
  const bool uv = data[0] & 1;
  const std::string_view original = fuzz::as_text(data + 1, size - 1);
  static const auto families = select_families(builtin_data(), {});
  ExtrasRequest request;
  request.uv = uv;
  auto updated = update_pyproject(original, "pyproject.toml", builtin_data(), *families, request, "gator-rocm extras");
  if (!updated) {
    FUZZ_CHECK(updated.error().message.rfind("pyproject.toml", 0) == 0);
    return 0;
  }
  auto again = update_pyproject(*updated, "pyproject.toml", builtin_data(), *families, request, "gator-rocm extras");
  FUZZ_CHECK(again);
  FUZZ_CHECK(*again == *updated);
  FUZZ_CHECK(outside_blocks(*updated) == outside_blocks(original));
  return 0;
}
