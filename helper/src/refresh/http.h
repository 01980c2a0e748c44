#pragma once
// HTTP GET for `gator-rocm refresh`, the one command that touches the network (libcurl, loaded with
// dlopen when the first request is made, so that the other commands start without it).
// Many requests run in parallel (curl multi); each has its own time limit, is retried with backoff on
// 5xx answers, timeouts and cut-off bodies, follows a bounded number of redirects, asks for gzip, and
// stops at a size cap. Proxies come from the environment (https_proxy, HTTPS_PROXY, no_proxy,
// NO_PROXY) and certificates from the system's CA store, as libcurl does by default. A request can
// carry the ETag / Last-Modified of the previous answer, so an unchanged page costs a 304.
#include <cstddef>
#include <string>
#include <vector>

namespace gator::refresh {

struct HttpRequest {
  std::string url;
  std::string accept;         // the Accept header; "" for none
  std::string etag;           // If-None-Match, from the previous answer
  std::string last_modified;  // If-Modified-Since, from the previous answer
};

struct HttpResponse {
  long status = 0;  // the final HTTP status; 0 when no answer came
  std::string body;
  std::string content_type;
  std::string etag, last_modified;
  std::string error;      // what went wrong ("timed out after 2 s"); "" when an answer came
  std::size_t bytes = 0;  // bytes received over the wire for it (headers and body, every try)
  int tries = 0;
  bool ok() const { return error.empty() && status >= 200 && status < 300; }
  bool not_modified() const { return error.empty() && status == 304; }
};

struct HttpSettings {
  double timeout_s = 30;              // per request (connect and transfer)
  int retries = 2;                    // more tries after the first, on 5xx / timeout / cut-off
  double backoff_s = 0.5;             // before the first retry; doubled for each next
  std::size_t max_bytes = 16u << 20;  // per page, after decompression
  long max_redirects = 5;
  int parallel = 8;      // transfers at once
  bool progress = true;  // a status line on stderr once a batch takes over 1 s
};

// Why this helper cannot make requests, "" when it can: it was built without libcurl, or libcurl
// (opened on the first call, not at start-up) cannot be loaded on this machine. refresh says so and
// stops; every other command works either way.
std::string http_unavailable();

// Runs every request, `settings.parallel` at a time; the answers in the order of `requests`.
std::vector<HttpResponse> http_get_all(const std::vector<HttpRequest>& requests, const HttpSettings& settings,
                                       const std::string& what);

}  // namespace gator::refresh
