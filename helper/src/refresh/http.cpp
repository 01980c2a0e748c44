#include "refresh/http.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "build_info.h"
#include "text.h"

#ifdef GATOR_HAVE_CURL
#include <dlfcn.h>

#include <curl/curl.h>
#endif

namespace gator::refresh {

#ifndef GATOR_HAVE_CURL

std::string http_unavailable() {
  return "this gator-rocm was built without libcurl, so it cannot read the package indexes (install libcurl's "
         "development files and rebuild)";
}

std::vector<HttpResponse> http_get_all(const std::vector<HttpRequest>& requests, const HttpSettings&,
                                       const std::string&) {
  std::vector<HttpResponse> out(requests.size());
  for (HttpResponse& r : out) r.error = "this gator-rocm was built without libcurl";
  return out;
}

#else

namespace {

// libcurl's soname. The library is opened when refresh makes its first request, not when the helper
// starts, so that every other command starts without loading it and the thirty-odd libraries it
// needs (TLS, Kerberos, LDAP, ...): see docs/development.md, "Start-up cost".
constexpr const char* kLibcurl = "libcurl.so.4";

// The libcurl functions this file calls, looked up in the opened library.
struct Curl {
  decltype(&curl_global_init) global_init = nullptr;
  decltype(&curl_easy_init) easy_init = nullptr;
  decltype(&curl_easy_setopt) easy_setopt = nullptr;
  decltype(&curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&curl_easy_strerror) easy_strerror = nullptr;
  decltype(&curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&curl_slist_append) slist_append = nullptr;
  decltype(&curl_slist_free_all) slist_free_all = nullptr;
  decltype(&curl_multi_init) multi_init = nullptr;
  decltype(&curl_multi_add_handle) multi_add_handle = nullptr;
  decltype(&curl_multi_remove_handle) multi_remove_handle = nullptr;
  decltype(&curl_multi_perform) multi_perform = nullptr;
  decltype(&curl_multi_info_read) multi_info_read = nullptr;
  decltype(&curl_multi_poll) multi_poll = nullptr;
  decltype(&curl_multi_cleanup) multi_cleanup = nullptr;
};

struct LoadedCurl {
  Curl api;
  std::string error;  // why libcurl cannot be used; "" when it was loaded and initialised
};

template <class Function>
void look_up(void* library, const char* name, Function& slot, std::string& error) {
  slot = reinterpret_cast<Function>(dlsym(library, name));
  if (!slot && error.empty()) error = fmt::format("libcurl ({}) has no function {}", kLibcurl, name);
}

LoadedCurl load_curl() {
  LoadedCurl loaded;
  void* library = dlopen(kLibcurl, RTLD_NOW | RTLD_LOCAL);  // stays open until the process ends
  if (!library) {
    const char* why = dlerror();
    loaded.error = fmt::format(
        "libcurl ({}) cannot be loaded, so refresh cannot read the package indexes "
        "(install libcurl, e.g. Debian's libcurl4): {}",
        kLibcurl, why ? why : "not found");
    return loaded;
  }
  Curl& c = loaded.api;
  std::string& e = loaded.error;
  look_up(library, "curl_global_init", c.global_init, e);
  look_up(library, "curl_easy_init", c.easy_init, e);
  look_up(library, "curl_easy_setopt", c.easy_setopt, e);
  look_up(library, "curl_easy_getinfo", c.easy_getinfo, e);
  look_up(library, "curl_easy_strerror", c.easy_strerror, e);
  look_up(library, "curl_easy_cleanup", c.easy_cleanup, e);
  look_up(library, "curl_slist_append", c.slist_append, e);
  look_up(library, "curl_slist_free_all", c.slist_free_all, e);
  look_up(library, "curl_multi_init", c.multi_init, e);
  look_up(library, "curl_multi_add_handle", c.multi_add_handle, e);
  look_up(library, "curl_multi_remove_handle", c.multi_remove_handle, e);
  look_up(library, "curl_multi_perform", c.multi_perform, e);
  look_up(library, "curl_multi_info_read", c.multi_info_read, e);
  look_up(library, "curl_multi_poll", c.multi_poll, e);
  look_up(library, "curl_multi_cleanup", c.multi_cleanup, e);
  if (e.empty() && c.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) e = "libcurl could not be initialised";
  return loaded;
}

// libcurl, opened and initialised once, on first use.
const LoadedCurl& libcurl() {
  static const LoadedCurl loaded = load_curl();
  return loaded;
}

// Its functions; only called after libcurl().error was found empty.
const Curl& curl() { return libcurl().api; }

using Clock = std::chrono::steady_clock;

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  }
  return true;
}

// One request in flight, with what its callbacks collect.
struct Transfer {
  std::size_t index = 0;
  std::string url;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string body, etag, last_modified;
  bool too_big = false;
  std::size_t max_bytes = 0;
  char error_buffer[CURL_ERROR_SIZE] = {};
  ~Transfer() {
    if (headers) curl().slist_free_all(headers);
    if (easy) curl().easy_cleanup(easy);
  }
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (t->body.size() + n > t->max_bytes) {
    t->too_big = true;
    return 0;  // aborts the transfer
  }
  t->body.append(data, n);
  return n;
}

// Keeps the validators of the last response only (a redirect's own headers come first).
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    t->etag.clear();
    t->last_modified.clear();
  } else if (iequals_prefix(line, "etag:")) {
    t->etag = std::string(trim(line.substr(5)));
  } else if (iequals_prefix(line, "last-modified:")) {
    t->last_modified = std::string(trim(line.substr(14)));
  }
  return size * count;
}

std::unique_ptr<Transfer> start(std::size_t index, const HttpRequest& request, const HttpSettings& settings) {
  auto t = std::make_unique<Transfer>();
  t->index = index;
  t->url = request.url;
  t->max_bytes = settings.max_bytes;
  t->easy = curl().easy_init();
  if (!t->easy) return t;
  CURL* e = t->easy;
  const long timeout_ms = static_cast<long>(settings.timeout_s * 1000);
  curl().easy_setopt(e, CURLOPT_URL, request.url.c_str());
  curl().easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl().easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl().easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  curl().easy_setopt(e, CURLOPT_MAXREDIRS, settings.max_redirects);
  curl().easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl().easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl().easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl().easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes (gzip at least)
  curl().easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(settings.max_bytes));
  curl().easy_setopt(e, CURLOPT_USERAGENT, (std::string("gator-rocm/") + std::string(kVersion)).c_str());
  curl().easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl().easy_setopt(e, CURLOPT_WRITEDATA, t.get());
  curl().easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl().easy_setopt(e, CURLOPT_HEADERDATA, t.get());
  curl().easy_setopt(e, CURLOPT_ERRORBUFFER, t->error_buffer);
  curl().easy_setopt(e, CURLOPT_PRIVATE, t.get());
  if (!request.accept.empty()) t->headers = curl().slist_append(t->headers, ("Accept: " + request.accept).c_str());
  if (!request.etag.empty()) t->headers = curl().slist_append(t->headers, ("If-None-Match: " + request.etag).c_str());
  if (!request.last_modified.empty()) {
    t->headers = curl().slist_append(t->headers, ("If-Modified-Since: " + request.last_modified).c_str());
  }
  if (t->headers) curl().easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
  return t;
}

// The proxy libcurl takes from the environment for `url`, unless no_proxy / NO_PROXY names its host.
std::string environment_proxy(const std::string& url) {
  const bool https = url.starts_with("https:");
  std::string proxy;
  for (const char* name :
       {https ? "https_proxy" : "http_proxy", https ? "HTTPS_PROXY" : "", "all_proxy", "ALL_PROXY"}) {
    if (const char* value = *name ? std::getenv(name) : nullptr; value && *value && proxy.empty()) proxy = value;
  }
  if (proxy.empty()) return {};
  const std::size_t host_begin = url.find("://") + 3;
  const std::string host = url.substr(host_begin, url.find_first_of(":/", host_begin) - host_begin);
  for (const char* name : {"no_proxy", "NO_PROXY"}) {
    const char* value = std::getenv(name);
    for (std::string_view entry : split(value ? value : "", ',')) {
      while (entry.starts_with(' ')) entry.remove_prefix(1);
      while (entry.starts_with('.')) entry.remove_prefix(1);
      if (entry == "*" || entry == host ||
          (host.size() > entry.size() && host.ends_with(entry) && host[host.size() - entry.size() - 1] == '.')) {
        return {};
      }
    }
  }
  return proxy;
}

std::string describe_failure(CURLcode code, const Transfer& t, const HttpSettings& settings) {
  if (t.too_big || code == CURLE_FILESIZE_EXCEEDED) {
    return fmt::format("larger than the size cap of {} bytes per page", settings.max_bytes);
  }
  const std::string detail = t.error_buffer[0] ? std::string(t.error_buffer) : curl().easy_strerror(code);
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return fmt::format("timed out after {} s", settings.timeout_s);
    case CURLE_TOO_MANY_REDIRECTS:
      return fmt::format("more than {} redirects (a redirect loop?)", settings.max_redirects);
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return fmt::format("the answer was cut off: {}", detail);
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
      return fmt::format("the proxy failed: {}", detail);
    case CURLE_COULDNT_CONNECT:
      if (const std::string proxy = environment_proxy(t.url); !proxy.empty()) {
        return fmt::format("cannot connect through the proxy {} (from the environment): {}", proxy, detail);
      }
      return fmt::format("cannot connect: {}", detail);
    default:
      return detail;
  }
}

bool transient(CURLcode code, long status) {
  if (code == CURLE_OK) return status >= 500;
  return code == CURLE_OPERATION_TIMEDOUT || code == CURLE_PARTIAL_FILE || code == CURLE_RECV_ERROR ||
         code == CURLE_GOT_NOTHING;
}

// Fills `out` from a finished transfer; true when it should be tried again.
bool finish(CURLcode code, Transfer& t, const HttpSettings& settings, HttpResponse& out) {
  curl_off_t body_bytes = 0;
  long header_bytes = 0;
  curl().easy_getinfo(t.easy, CURLINFO_SIZE_DOWNLOAD_T, &body_bytes);
  curl().easy_getinfo(t.easy, CURLINFO_HEADER_SIZE, &header_bytes);
  out.bytes += static_cast<std::size_t>(body_bytes) + static_cast<std::size_t>(header_bytes);
  ++out.tries;
  long status = 0;
  curl().easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
  const bool again = transient(code, status) && out.tries <= settings.retries;
  out.status = code == CURLE_OK ? status : 0;
  if (code != CURLE_OK) {
    out.error = describe_failure(code, t, settings);
    return again;
  }
  out.error.clear();
  if (status >= 500) {
    out.error = fmt::format("HTTP {} ({} {})", status, out.tries, out.tries == 1 ? "try" : "tries");
  } else if (status >= 400 && status != 404 && status != 403 && status != 410) {
    out.error = fmt::format("HTTP {}", status);
  }
  char* type = nullptr;
  curl().easy_getinfo(t.easy, CURLINFO_CONTENT_TYPE, &type);
  out.content_type = type ? type : "";
  out.body = std::move(t.body);
  out.etag = std::move(t.etag);
  out.last_modified = std::move(t.last_modified);
  return again;
}

// A status line on stderr, at most once a second, once the batch has taken over a second.
class Progress {
 public:
  Progress(bool enabled, std::string what, std::size_t total)
      : enabled_(enabled), what_(std::move(what)), total_(total), begin_(Clock::now()), last_(begin_) {}
  void update(std::size_t done, std::size_t bytes) {
    const auto now = Clock::now();
    if (!enabled_ || now - begin_ < std::chrono::seconds(1) || now - last_ < std::chrono::seconds(1)) return;
    last_ = now;
    fmt::print(stderr, "gator-rocm: refresh: {}: {}/{} done, {} KiB\n", what_, done, total_, bytes / 1024);
  }

 private:
  bool enabled_;
  std::string what_;
  std::size_t total_;
  Clock::time_point begin_, last_;
};

struct Waiting {
  std::size_t index;
  Clock::time_point not_before;
};

}  // namespace

std::string http_unavailable() { return libcurl().error; }

std::vector<HttpResponse> http_get_all(const std::vector<HttpRequest>& requests, const HttpSettings& settings,
                                       const std::string& what) {
  std::vector<HttpResponse> out(requests.size());
  if (const std::string& error = libcurl().error; !error.empty()) {
    for (HttpResponse& r : out) r.error = error;
    return out;
  }
  CURLM* multi = curl().multi_init();
  std::deque<Waiting> waiting;
  for (std::size_t i = 0; i < requests.size(); ++i) waiting.push_back({i, Clock::now()});
  std::vector<std::unique_ptr<Transfer>> active;
  std::size_t done = 0, bytes = 0;
  Progress progress(settings.progress, what, requests.size());
  const auto backoff = [&](int tries) {
    return std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(settings.backoff_s * static_cast<double>(1 << (tries - 1))));
  };
  while (!waiting.empty() || !active.empty()) {
    const auto now = Clock::now();
    for (auto it = waiting.begin(); it != waiting.end() && static_cast<int>(active.size()) < settings.parallel;) {
      if (it->not_before > now) {
        ++it;
        continue;
      }
      auto t = start(it->index, requests[it->index], settings);
      if (!t->easy) {
        out[it->index].error = "libcurl could not start a transfer";
        ++done;
      } else {
        curl().multi_add_handle(multi, t->easy);
        active.push_back(std::move(t));
      }
      it = waiting.erase(it);
    }
    int running = 0;
    curl().multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl().multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl().easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      const CURLcode code = msg->data.result;
      curl().multi_remove_handle(multi, msg->easy_handle);
      HttpResponse& response = out[t->index];
      const std::size_t before = response.bytes;
      if (finish(code, *t, settings, response)) {
        waiting.push_back({t->index, Clock::now() + backoff(response.tries)});
      } else {
        ++done;
      }
      bytes += response.bytes - before;
      std::erase_if(active, [t](const std::unique_ptr<Transfer>& a) { return a.get() == t; });
    }
    progress.update(done, bytes);
    if (active.empty() && !waiting.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } else if (!active.empty()) {
      curl().multi_poll(multi, nullptr, 0, 100, nullptr);
    }
  }
  curl().multi_cleanup(multi);
  return out;
}

#endif

}  // namespace gator::refresh
