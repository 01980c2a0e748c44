#pragma once
// `gator-rocm refresh`: reads the PyTorch wheel indexes and AMD's own (PEP 691 JSON or PEP 503 HTML
// project pages and PEP 658 metadata; no wheel is downloaded), writes the overlay data file into the cache
// atomically, and prints what changed against the previous overlay. Any page that cannot be read
// (other than a 404/403, which is a fact) fails the run with one line per URL, and nothing is written.
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "data.h"
#include "error.h"
#include "pep440.h"
#include "refresh/http.h"

namespace gator::refresh {

struct RefreshOptions {
  std::string index_base =
      "https://download.pytorch.org/whl";  // stable at BASE/<index>/, BASE/nightly/.., BASE/test/..
  std::string amd_base;  // "": each of AMD's indexes ([[amd_index]]) at its own URL; else at BASE/<name>/
  bool read_pytorch = true, read_amd = true;  // whose indexes to read (--source: one of them only)
  std::vector<std::string> channels;          // stable, nightly, test; empty: all three
  std::string cache_dir;                      // where overlay.toml goes (see overlay.h)
  std::optional<pep440::Version> host_rocm;   // its own rocmX.Y is a candidate index too
  HttpSettings http;
  std::time_t now = 0;
};

// The exit status: 0 done (overlay written or unchanged), 3 a page could not be read or a file
// could not be written (nothing was written then). `base` is the built-in data.
int run_refresh(const RefreshOptions& options, const Data& base, std::FILE* out);

}  // namespace gator::refresh
