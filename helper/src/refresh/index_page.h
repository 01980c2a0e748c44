#pragma once
// What a package index says, without the network: PEP 503 (HTML) and PEP 691 (JSON) project pages,
// distribution file names (wheels and sdists), and PEP 658 core metadata.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace gator::refresh {

// One file a project page lists.
struct IndexFile {
  std::string filename;  // "torch-2.14.0+rocm7.2-cp312-cp312-manylinux_2_28_x86_64.whl"
  std::string url;       // absolute, without the #sha256= fragment
  std::string sha256;    // from the fragment or the JSON hashes; "" if none
  bool yanked = false;
  bool has_metadata = false;  // PEP 658/714: <url>.metadata exists
};

// The Accept header that asks for PEP 691 JSON first and takes PEP 503 HTML otherwise.
inline constexpr std::string_view kSimpleAccept =
    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01";

// The files of a project page, JSON or HTML as `content_type` (or the body) says; hrefs are resolved
// against `page_url`. An error says why the body is not a project page.
Expected<std::vector<IndexFile>> parse_project_page(std::string_view body, std::string_view content_type,
                                                    const std::string& page_url);

// A distribution file name, split: wheels per the binary distribution format, with an optional
// build tag and an optional trailing variant label (wheel variants); sdists as name-version.tar.gz/.zip.
struct DistFilename {
  std::string name;     // as written in the file name ("torch", "pytorch_triton_rocm")
  std::string version;  // "2.14.0+rocm7.2"
  std::string build;    // wheel build tag, "" if none
  std::string python;   // "cp312"; "" for an sdist
  std::string abi;
  std::string platform;  // "manylinux_2_28_x86_64"
  std::string variant;   // wheel variant label, "" if none
  bool wheel = false;
};
std::optional<DistFilename> parse_dist_filename(std::string_view filename);

// The Requires-Dist lines of a METADATA / .metadata file, as written.
std::vector<std::string> requires_dist(std::string_view metadata);

// `href` resolved against `base` (absolute URL, absolute path, or relative path); fragment kept.
std::string resolve_url(const std::string& base, std::string_view href);

}  // namespace gator::refresh
