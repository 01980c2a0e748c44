// What `gator-rocm refresh` reads from a package index, without the network: a project page (PEP 503
// HTML or PEP 691 JSON, as the first byte picks the Content-Type), the file names on it, a file's
// metadata, and URL resolution. Never a crash or an exception; what the parsers return keeps its
// promises. Input: TYPE \xff BODY \xff HREF.
#include <string>

#include "fuzz_support.h"
#include "refresh/index_page.h"

using namespace gator;
using namespace gator::refresh;

namespace {

constexpr const char* kTypes[] = {"", "text/html", "application/vnd.pypi.simple.v1+json", "text/html; charset=utf-8"};
constexpr std::string_view kPage = "https://index.example/whl/rocm7.2/torch/";

bool is_dist_file(std::string_view name) {
  return name.ends_with(".whl") || name.ends_with(".tar.gz") || name.ends_with(".zip");
}

void check_filename(std::string_view name) {
  auto parsed = parse_dist_filename(name);
  if (!parsed) return;
  FUZZ_CHECK(is_dist_file(name));
  FUZZ_CHECK(!parsed->name.empty() && !parsed->version.empty());
  FUZZ_CHECK(parsed->wheel == name.ends_with(".whl"));
  if (parsed->wheel) FUZZ_CHECK(!parsed->python.empty() && !parsed->abi.empty() && !parsed->platform.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::vector<std::string_view> parts = fuzz::fields(fuzz::as_text(data, size), 3);
  const std::string_view type =
      kTypes[(parts[0].empty() ? 0 : static_cast<unsigned char>(parts[0][0])) % std::size(kTypes)];
  const std::string_view body = parts.size() > 1 ? parts[1] : parts[0];
  if (auto files = parse_project_page(body, type, std::string(kPage))) {
    for (const IndexFile& file : *files) {
      FUZZ_CHECK(is_dist_file(file.filename));
      FUZZ_CHECK(file.url.find('#') == std::string::npos);
      check_filename(file.filename);
    }
  } else {
    FUZZ_CHECK(!files.error().message.empty());
  }
  check_filename(body);
  for (const std::string& line : requires_dist(body)) FUZZ_CHECK(line.find('\n') == std::string::npos);
  if (parts.size() > 2 && parts[2].find("://") == std::string_view::npos) {
    const std::string url = resolve_url(std::string(kPage), parts[2]);
    FUZZ_CHECK(url.rfind("https:", 0) == 0);  // a relative href never leaves the page's scheme
  }
  return 0;
}
