#include "refresh/refresh.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "embedded.h"
#include "io.h"
#include "refresh/index_page.h"
#include "refresh/overlay.h"
#include "text.h"

namespace gator::refresh {

namespace {

using nlohmann::json;

constexpr const char* kChannels[] = {"stable", "nightly", "test"};
// The project pages read on every PyTorch index: torch and its companions, and the ROCm wheels (an
// index that has them serves torch without ROCm inside). AMD's indexes never bundle ROCm: torch and
// its companions only. The triton package torch requires is read where its metadata names it.
constexpr const char* kProjects[] = {"torch", "torchvision", "torchaudio", "rocm"};
constexpr const char* kAmdProjects[] = {"torch", "torchvision", "torchaudio"};
// A nightly set with no build for this long has been retired.
constexpr long kRetiredAfterDays = 45;

// ---- what was read ----

// One (channel, index) pair to read.
struct Target {
  std::string channel, index, url;  // url: the index root as read, ending in '/'
  bool listed = false;              // the data lists this index for this channel
  // AMD's indexes: the URL the data gives (url differs under --amd-base), and for an index the data
  // does not list, the one whose serves and archs it takes (the same index on another stream).
  bool amd = false;
  std::string amd_url{}, like{};
};

// One project page: absent (404/403/410) or its files.
struct Page {
  bool present = false;
  std::vector<IndexFile> files;
};

// The versions of one project on one index: what is offered, and releases all of whose files are yanked.
struct Versions {
  std::vector<pep440::Version> live, yanked;            // public versions
  std::vector<pep440::Version> builds;                  // every live file's version, local label included
  std::map<std::string, const IndexFile*> newest_file;  // by public version: a file with metadata, if any
};

Versions versions_of(const Page& page) {
  std::map<std::string, std::pair<pep440::Version, bool>> seen;  // public version -> (version, any file live)
  Versions out;
  for (const IndexFile& file : page.files) {
    auto name = parse_dist_filename(file.filename);
    if (!name) continue;
    auto version = pep440::parse_version(name->version);
    if (!version) continue;
    const std::string key = version->public_str();
    auto [it, added] = seen.try_emplace(key, version->public_version(), false);
    if (!file.yanked) it->second.second = true;
    if (!file.yanked && std::find(out.builds.begin(), out.builds.end(), *version) == out.builds.end())
      out.builds.push_back(*version);
    const IndexFile*& best = out.newest_file[key];
    if (!file.yanked && file.has_metadata && (!best || name->platform.find("x86_64") != std::string::npos))
      best = &file;
  }
  for (auto& [key, entry] : seen) (entry.second ? out.live : out.yanked).push_back(entry.first);
  std::sort(out.live.begin(), out.live.end());
  std::sort(out.yanked.begin(), out.yanked.end());
  return out;
}

// The ROCm release an AMD local label names: "rocm10.1.0" -> 10.1.0, "rocm7.13.0a20260630" ->
// 7.13.0a20260630 (a nightly); nullopt for any other label (PyTorch's "rocm7.2" gives 7.2).
std::optional<pep440::Version> rocm_of_label(std::string_view local) {
  if (!local.starts_with("rocm")) return std::nullopt;
  auto v = pep440::parse_version(local.substr(4));
  if (!v || v->has_local()) return std::nullopt;
  return *v;
}

// When a nightly build was made (YYYYMMDD): PyTorch's ".devYYYYMMDD", AMD's ROCm label
// ("2.11.0+rocm7.13.0a20260630"); nullopt for a release build.
std::optional<long long> build_date(const pep440::Version& v) {
  constexpr long long kFirstDay = 19700101, kLastDay = 99991231;
  if (auto dev = v.dev(); dev && *dev >= kFirstDay && *dev <= kLastDay) return dev;
  if (auto rocm = rocm_of_label(v.local());
      rocm && rocm->pre() && rocm->pre()->second >= kFirstDay && rocm->pre()->second <= kLastDay) {
    return rocm->pre()->second;
  }
  return std::nullopt;
}

std::string month_of_dev(long long dev) {  // 20260926 -> "2026-09"
  return fmt::format("{:04}-{:02}", dev / 10000, dev / 100 % 100);
}

std::string series(const pep440::Version& v) {
  const auto& r = v.release();
  return fmt::format("{}.{}", r[0], r.size() > 1 ? r[1] : 0);
}

void add_sorted(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
  std::sort(list.begin(), list.end(), [](const std::string& a, const std::string& b) {
    auto va = pep440::parse_version(a), vb = pep440::parse_version(b);
    return va && vb ? *va < *vb : a < b;
  });
}

// The channel as the index shows it, over what the data already says: releases are added (a yanked
// one removed), a nightly set with no recent build is retired.
std::optional<ChannelBuild> observed_channel(const std::string& channel, const Versions& torch,
                                             const ChannelBuild* known, std::time_t now) {
  ChannelBuild out = known ? *known : ChannelBuild{};
  bool any = false;
  std::optional<long long> first_dev, last_dev;
  for (const pep440::Version& v : torch.builds) {
    if (channel == "stable" && (v.is_prerelease() || build_date(v))) continue;
    if (channel == "nightly" && !build_date(v)) continue;
    any = true;
    add_sorted(out.torch, channel == "stable" ? v.base_str() : series(v));  // nightly and test list series
    if (auto dev = build_date(v)) {
      first_dev = std::min(first_dev.value_or(*dev), *dev);
      last_dev = std::max(last_dev.value_or(*dev), *dev);
    }
  }
  if (!any) return std::nullopt;
  if (channel == "stable") {
    for (const pep440::Version& v : torch.yanked) {
      const std::string base = v.base_str();
      if (std::none_of(torch.live.begin(), torch.live.end(),
                       [&](const pep440::Version& l) { return l.base_str() == base; })) {
        std::erase(out.torch, base);
      }
    }
  }
  std::optional<pep440::Version> newest;
  for (const std::string& t : out.torch) {
    auto v = pep440::parse_version(channel == "stable" ? t : t + ".0");  // nightly and test list series ("2.14")
    if (v && (!newest || *v > *newest)) newest = *v;
  }
  for (const pep440::Version& v : torch.builds) {
    if (channel == "nightly" && build_date(v) && (!newest || v.base_version() > *newest)) newest = v.base_version();
  }
  if (newest) out.newest = newest->str();
  if (first_dev && out.since.empty()) out.since = month_of_dev(*first_dev);
  if (last_dev) {
    std::tm tm{};
    tm.tm_year = static_cast<int>(*last_dev / 10000) - 1900;
    tm.tm_mon = static_cast<int>(*last_dev / 100 % 100) - 1;
    tm.tm_mday = static_cast<int>(*last_dev % 100);
    const bool stale = (now - ::timegm(&tm)) / 86400 > kRetiredAfterDays;
    out.retired = stale ? month_of_dev(*last_dev) : "";
  }
  return out;
}

bool same_channel(const ChannelBuild& a, const ChannelBuild& b) {
  return a.torch == b.torch && a.newest == b.newest && a.since == b.since && a.retired == b.retired;
}

std::string toml_strings(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + toml_string(items[i]);
  return out + "]";
}

std::string channel_toml(const ChannelBuild& c) {
  std::string out = fmt::format("{{ torch = {}, newest = {}", toml_strings(c.torch), toml_string(c.newest));
  if (!c.since.empty()) out += ", since = " + toml_string(c.since);
  if (!c.retired.empty()) out += ", retired = " + toml_string(c.retired);
  return out + " }";
}

// ---- the state kept between runs: validators and what each page said ----

struct State {
  json pages = json::object();     // url -> {etag, last_modified, files: [[filename, url, sha256, yanked, metadata]]}
  json metadata = json::object();  // url -> [Requires-Dist...] (a file's metadata never changes)
  json entries = json::object();   // overlay entry key -> {facts, read}
  std::string as_of;
};

State load_state(const std::string& path) {
  State state;
  auto text = read_input_file(path);
  if (!text) return state;
  json doc = json::parse(*text, nullptr, false);
  if (!doc.is_object()) return state;  // a damaged state only costs a full transfer
  for (auto [key, field] :
       {std::pair{"pages", &state.pages}, {"metadata", &state.metadata}, {"entries", &state.entries}}) {
    if (doc.contains(key) && doc[key].is_object()) *field = doc[key];
  }
  if (doc.contains("as_of") && doc["as_of"].is_string()) state.as_of = doc["as_of"];
  return state;
}

json files_json(const std::vector<IndexFile>& files) {
  json out = json::array();
  for (const IndexFile& f : files) out.push_back({f.filename, f.url, f.sha256, f.yanked, f.has_metadata});
  return out;
}

std::optional<std::vector<IndexFile>> files_from_json(const json& cached) {
  if (!cached.is_object() || !cached.contains("files") || !cached["files"].is_array()) return std::nullopt;
  std::vector<IndexFile> out;
  for (const json& f : cached["files"]) {
    if (!f.is_array() || f.size() != 5) return std::nullopt;
    out.push_back({f[0].get<std::string>(), f[1].get<std::string>(), f[2].get<std::string>(), f[3].get<bool>(),
                   f[4].get<bool>()});
  }
  return out;
}

HttpRequest conditional(const std::string& url, const json& cache, std::string_view accept) {
  HttpRequest request{url, std::string(accept), "", ""};
  if (cache.contains(url)) {
    const json& c = cache[url];
    if (c.contains("etag") && c["etag"].is_string()) request.etag = c["etag"];
    if (c.contains("last_modified") && c["last_modified"].is_string()) request.last_modified = c["last_modified"];
  }
  return request;
}

// ---- which indexes to read ----

bool wanted(const RefreshOptions& options, std::string_view channel) {
  return options.channels.empty() ||
         std::find(options.channels.begin(), options.channels.end(), channel) != options.channels.end();
}

// "https://x/whl" and "https://x/whl/" -> "https://x/whl/"
std::string with_slash(const std::string& base) {
  std::string root = base;
  while (!root.empty() && root.back() == '/') root.pop_back();
  return root + "/";
}

std::string channel_prefix(const std::string& base, const std::string& channel) {
  return channel == "stable" ? with_slash(base) : with_slash(base) + channel + "/";
}

// Per channel: the indexes the data lists for it that are still built, every newer index the data
// knows, and the names that would come next (next minor, next three majors, the host's own).
std::vector<Target> plan_targets(const Data& data, const RefreshOptions& options) {
  std::vector<std::string> candidates;
  if (!data.indexes.empty()) {
    const auto& newest = data.indexes.back().rocm.release();
    const long long major = newest[0], minor = newest.size() > 1 ? newest[1] : 0;
    candidates.push_back(fmt::format("rocm{}.{}", major, minor + 1));
    for (long long m = major + 1; m <= major + 3; ++m) candidates.push_back(fmt::format("rocm{}.0", m));
  }
  if (options.host_rocm) {
    const auto& r = options.host_rocm->release();
    candidates.push_back(fmt::format("rocm{}.{}", r[0], r.size() > 1 ? r[1] : 0));
  }
  std::vector<Target> targets;
  for (const char* channel : kChannels) {
    if (!wanted(options, channel)) continue;
    std::optional<pep440::Version> oldest_current;
    for (const IndexInfo& index : data.indexes) {
      const ChannelBuild* build = index.channel(channel);
      if (build && !build->is_retired() && (!oldest_current || index.rocm < *oldest_current))
        oldest_current = index.rocm;
    }
    std::set<std::string> names;
    auto add = [&](const std::string& name, bool listed) {
      if (!names.insert(name).second) return;
      targets.push_back({channel, name, channel_prefix(options.index_base, channel) + name + "/", listed});
    };
    for (const IndexInfo& index : data.indexes) {
      const ChannelBuild* build = index.channel(channel);
      if ((build && !build->is_retired()) || (oldest_current && index.rocm >= *oldest_current))
        add(index.name, build != nullptr);
    }
    for (const std::string& name : candidates) add(name, false);
  }
  return targets;
}

// AMD serves a release stream per host: https://<stream>.repo.amd.com/rocm/whl-next/.
constexpr std::pair<const char*, const char*> kAmdStreams[] = {
    {"stable", "stable"}, {"nightly", "nightly"}, {"test", "rc"}};
constexpr std::string_view kAmdStreamHost = ".repo.amd.com/";

// "https://nightly.repo.amd.com/rocm/whl-next/" -> {"nightly", "rocm/whl-next/"}; nullopt for a URL
// that does not name a stream.
std::optional<std::pair<std::string, std::string>> amd_stream_of(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  const std::size_t host = url.find(kAmdStreamHost);
  if (!url.starts_with(kScheme) || host == std::string_view::npos ||
      url.substr(kScheme.size(), host - kScheme.size()).find('/') != std::string_view::npos) {
    return std::nullopt;
  }
  std::string stream(url.substr(kScheme.size(), host - kScheme.size()));
  if (std::none_of(std::begin(kAmdStreams), std::end(kAmdStreams), [&](const auto& s) { return stream == s.second; }))
    return std::nullopt;
  return std::pair{stream, std::string(url.substr(host + kAmdStreamHost.size()))};
}

// The data's naming of an index on another stream: "whl-next" on stable, "nightly-whl-next".
std::string amd_stream_name(std::string_view stream, std::string_view path) {
  std::string_view last = path.substr(0, path.size() - 1);
  last = last.substr(last.rfind('/') + 1);
  return stream == "stable" ? std::string(last) : fmt::format("{}-{}", stream, last);
}

// AMD's indexes: every one the data lists that is not retired, and each stream index the data
// lists on the streams it does not list yet (whl-next on rc.repo.amd.com for test). Read at their
// own URLs, or at BASE/<name>/ under --amd-base.
std::vector<Target> plan_amd_targets(const Data& data, const RefreshOptions& options) {
  std::vector<Target> targets;
  std::set<std::string> names, urls;
  for (const IndexInfo& amd : data.amd_indexes) {
    names.insert(amd.name);
    urls.insert(amd.url);
  }
  auto add = [&](const std::string& channel, const std::string& name, const std::string& url, const std::string& like) {
    const std::string read = options.amd_base.empty() ? url : with_slash(options.amd_base) + name + "/";
    targets.push_back({channel, name, read, like.empty(), true, url, like});
  };
  for (const IndexInfo& amd : data.amd_indexes) {
    if (!amd.retired.empty() || amd.channels.empty()) continue;
    const std::string& channel = amd.channels.begin()->first;
    if (wanted(options, channel)) add(channel, amd.name, amd.url, "");
  }
  for (const IndexInfo& amd : data.amd_indexes) {
    auto stream = amd_stream_of(amd.url);
    if (!amd.retired.empty() || !stream || stream->second.empty()) continue;
    for (const auto& [channel, other] : kAmdStreams) {
      const std::string url = fmt::format("https://{}{}{}", other, kAmdStreamHost, stream->second);
      const std::string name = amd_stream_name(other, stream->second);
      if (!wanted(options, channel) || urls.count(url) || !names.insert(name).second) continue;
      urls.insert(url);
      add(channel, name, url, amd.name);
    }
  }
  return targets;
}

// ---- reading ----

struct Failure {
  std::string url, what;
};

using PageKey = std::pair<std::size_t, std::string>;  // (target, project)

struct Reading {
  std::map<PageKey, Page> pages;
  json page_state = json::object();                          // what goes into State::pages
  std::map<std::string, std::vector<std::string>> metadata;  // file url -> Requires-Dist
  std::vector<Failure> failures;
  std::size_t requests = 0, not_modified = 0, bytes = 0;
};

// The project pages of every target: PyTorch's projects or AMD's.
std::vector<PageKey> project_pages(const std::vector<Target>& targets) {
  std::vector<PageKey> keys;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    if (targets[t].amd) {
      for (const char* project : kAmdProjects) keys.emplace_back(t, project);
    } else {
      for (const char* project : kProjects) keys.emplace_back(t, project);
    }
  }
  return keys;
}

void read_pages(const std::vector<Target>& targets, const std::vector<PageKey>& keys, const RefreshOptions& options,
                const State& state, Reading& reading) {
  std::vector<HttpRequest> requests;
  for (const auto& [t, project] : keys)
    requests.push_back(conditional(targets[t].url + project + "/", state.pages, kSimpleAccept));
  const std::vector<HttpResponse> responses = http_get_all(requests, options.http, "project pages");
  json& pages = reading.page_state;
  for (std::size_t i = 0; i < responses.size(); ++i) {
    const HttpResponse& r = responses[i];
    const std::string& url = requests[i].url;
    reading.bytes += r.bytes;
    ++reading.requests;
    Page& page = reading.pages[keys[i]];
    if (!r.error.empty()) {
      reading.failures.push_back({url, r.error});
    } else if (r.not_modified()) {
      ++reading.not_modified;
      auto files = files_from_json(state.pages.value(url, json::object()));
      if (!files) {
        reading.failures.push_back({url, "HTTP 304 for a page this cache does not hold"});
        continue;
      }
      page = {true, std::move(*files)};
      pages[url] = state.pages.at(url);
    } else if (r.status == 404 || r.status == 403 || r.status == 410) {
      page.present = false;
    } else if (auto files = parse_project_page(r.body, r.content_type, url); !files) {
      reading.failures.push_back({url, files.error().message});
    } else {
      page = {true, std::move(*files)};
      pages[url] = {{"etag", r.etag}, {"last_modified", r.last_modified}, {"files", files_json(page.files)}};
    }
  }
}

// PEP 658 metadata of the given files; a file's metadata never changes, so what the state holds is kept.
void read_metadata(const std::vector<std::string>& file_urls, const RefreshOptions& options, State& state,
                   Reading& reading) {
  std::vector<HttpRequest> requests;
  json kept = json::object();
  for (const std::string& url : file_urls) {
    if (state.metadata.contains(url) && state.metadata[url].is_array()) {
      kept[url] = state.metadata[url];
      reading.metadata[url] = state.metadata[url].get<std::vector<std::string>>();
    } else if (std::none_of(requests.begin(), requests.end(),
                            [&](const HttpRequest& r) { return r.url == url + ".metadata"; })) {
      requests.push_back({url + ".metadata", "", "", ""});
    }
  }
  const std::vector<HttpResponse> responses = http_get_all(requests, options.http, "metadata");
  for (std::size_t i = 0; i < responses.size(); ++i) {
    const HttpResponse& r = responses[i];
    reading.bytes += r.bytes;
    ++reading.requests;
    const std::string file_url = requests[i].url.substr(0, requests[i].url.size() - 9);
    if (r.error.empty() && (r.status == 404 || r.status == 403 || r.status == 410))
      continue;  // no metadata: nothing learnt
    if (!r.ok()) {
      reading.failures.push_back({requests[i].url, r.error.empty() ? fmt::format("HTTP {}", r.status) : r.error});
      continue;
    }
    reading.metadata[file_url] = requires_dist(r.body);
    kept[file_url] = reading.metadata[file_url];
  }
  state.metadata = std::move(kept);
}

// ---- the overlay ----

struct Entry {
  std::string key;    // "index:rocm7.2", "torch:2.14.1"
  std::string table;  // "index" / "torch"
  std::string facts;  // its TOML lines, source left out
  std::string urls;   // where it was read
};

// What one index holds, per channel, as read.
struct IndexReading {
  std::map<std::string, Versions> torch;   // by channel
  std::map<std::string, std::string> url;  // by channel
  Versions torchvision, torchaudio;        // stable channel
  std::size_t stable_target = 0;           // the stable channel's Target
  bool has_rocm_wheels = false;
};

struct Requirement {
  std::string name, version;  // "triton-rocm", "3.8.0" ("3.8.*" for ~=3.8.0)
};

std::optional<Requirement> find_requirement(const std::vector<std::string>& requires_dist, auto matches) {
  for (const std::string& line : requires_dist) {
    const std::string name = requirement_name(line);
    if (!matches(normalize_package_name(name))) continue;
    std::string spec = line.substr(name.size(), line.find(';') - name.size());
    if (auto bracket = spec.find(']'); spec.starts_with("[") && bracket != std::string::npos)
      spec.erase(0, bracket + 1);
    spec.erase(std::remove(spec.begin(), spec.end(), ' '), spec.end());
    std::string version;
    if (spec.starts_with("=="))
      version = spec.substr(2);
    else if (spec.starts_with("~="))
      version = spec.substr(2, spec.rfind('.') - 2) + ".*";
    return Requirement{normalize_package_name(name), version};
  }
  return std::nullopt;
}

const IndexInfo* find_amd_index(const Data& data, std::string_view name) {
  auto it = std::find_if(data.amd_indexes.begin(), data.amd_indexes.end(),
                         [&](const IndexInfo& i) { return i.name == name; });
  return it == data.amd_indexes.end() ? nullptr : &*it;
}

// ---- AMD's builds ----

// The newest public version among `versions` with this local label; "" when none.
std::string newest_with_label(const Versions& versions, const std::string& label) {
  const pep440::Version* best = nullptr;
  for (const pep440::Version& v : versions.builds) {
    if (v.local() == label && (!best || v.public_version() > best->public_version())) best = &v;
  }
  return best ? best->str() : "";
}

// AMD labels each build with the ROCm release it was made for ("2.14.0+rocm10.1.0"): per ROCm
// series, the newest torch release build (by public version: local labels do not order ROCm
// releases), with the torchvision and torchaudio of the same label.
std::vector<AmdBuild> observed_builds(const Versions& torch, const Versions& torchvision, const Versions& torchaudio) {
  std::vector<AmdBuild> out;
  std::vector<pep440::Version> newest;  // parallel to out
  for (const pep440::Version& v : torch.builds) {
    auto rocm = rocm_of_label(v.local());
    if (!rocm || rocm->is_prerelease() || v.is_prerelease()) continue;
    auto series = pep440::parse_version(fmt::format("{}.{}", rocm->major(), rocm->minor()));
    auto same = std::find_if(out.begin(), out.end(), [&](const AmdBuild& b) { return b.rocm == *series; });
    if (same == out.end()) {
      out.push_back({*series, v.str(), "", ""});
      newest.push_back(v.public_version());
    } else if (auto& best = newest[same - out.begin()]; v.public_version() > best) {
      same->torch = v.str();
      best = v.public_version();
    }
  }
  for (AmdBuild& b : out) {
    const std::string label = pep440::parse_version(b.torch)->local();
    b.torchvision = newest_with_label(torchvision, label);
    b.torchaudio = newest_with_label(torchaudio, label);
  }
  return out;
}

// The known builds with what was seen: a newer torch for a series replaces its build, a new series
// is added, a companion the data lacked is filled in; a build no longer seen stays.
std::vector<AmdBuild> merged_builds(std::vector<AmdBuild> known, const std::vector<AmdBuild>& seen) {
  for (const AmdBuild& b : seen) {
    auto it = std::find_if(known.begin(), known.end(), [&](const AmdBuild& k) { return k.rocm == b.rocm; });
    if (it == known.end()) {
      known.push_back(b);
    } else if (it->torch != b.torch) {
      auto was = pep440::parse_version(it->torch), now = pep440::parse_version(b.torch);
      if (was && now && now->public_version() > was->public_version()) *it = b;
    } else {
      if (it->torchvision.empty()) it->torchvision = b.torchvision;
      if (it->torchaudio.empty()) it->torchaudio = b.torchaudio;
    }
  }
  std::sort(known.begin(), known.end(), [](const AmdBuild& a, const AmdBuild& b) { return a.rocm < b.rocm; });
  return known;
}

bool same_builds(const std::vector<AmdBuild>& a, const std::vector<AmdBuild>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const AmdBuild& x, const AmdBuild& y) {
    return x.rocm == y.rocm && x.torch == y.torch && x.torchvision == y.torchvision && x.torchaudio == y.torchaudio;
  });
}

std::string builds_toml(const std::vector<AmdBuild>& builds) {
  std::string out = "builds = [\n";
  for (const AmdBuild& b : builds) {
    out += fmt::format("  {{ rocm = {}, torch = {}", toml_string(b.rocm.str()), toml_string(b.torch));
    if (!b.torchvision.empty()) out += ", torchvision = " + toml_string(b.torchvision);
    if (!b.torchaudio.empty()) out += ", torchaudio = " + toml_string(b.torchaudio);
    out += " },\n";
  }
  return out + "]\n";
}

bool is_triton(const std::string& name) { return name.find("triton") != std::string::npos; }

// Whether a project offers a version a requirement asks for ("3.8.0", "3.8.*", "" for any).
bool offers(const Versions& project, const std::string& version) {
  return std::any_of(project.live.begin(), project.live.end(), [&](const pep440::Version& v) {
    if (version.empty() || v.public_str() == version) return true;
    return version.ends_with(".*") && (v.base_str() + ".").starts_with(version.substr(0, version.size() - 1));
  });
}

class OverlayBuilder {
 public:
  OverlayBuilder(const Data& base, const RefreshOptions& options) : base_(base), options_(options) {}

  void add_index(const std::string& name, const IndexReading& reading) {
    const IndexInfo* known = base_.find_index(name);
    std::string lines, urls;
    for (const auto& [channel, versions] : reading.torch) {
      const ChannelBuild* known_channel = known ? known->channel(channel) : nullptr;
      auto observed = observed_channel(channel, versions, known_channel, options_.now);
      if (!observed || (known_channel && same_channel(*observed, *known_channel))) continue;
      lines += fmt::format("{} = {}\n", channel, channel_toml(*observed));
      urls += (urls.empty() ? "" : ", ") + reading.url.at(channel);
    }
    const bool bundles = !reading.has_rocm_wheels;
    const bool bundles_changed = known && known->bundles_rocm != bundles && reading.torch.count("stable");
    if (lines.empty() && !bundles_changed) return;
    std::string head = fmt::format("name = {}\n", toml_string(name));
    if (!known) {
      const std::string rocm = name.substr(4);
      const IndexInfo* like = nearest_older(rocm);
      head += fmt::format("rocm = {}\narchs = {}\nbundles_rocm = {}\n", toml_string(rocm),
                          toml_strings(like ? like->archs : std::vector<std::string>{}), bundles);
      inherited_[name] = like ? fmt::format("archs as {} (not on the index)", like->name) : "";
    } else if (bundles_changed) {
      head += fmt::format("bundles_rocm = {}\n", bundles);
    }
    entries_.push_back({"index:" + name, "index", head + lines, urls});
  }

  // One of AMD's indexes as read (its channel's torch, its builds), over what the data says; a new
  // one takes its URL from the stream naming and its serves and archs from `target.like`.
  void add_amd_index(const Target& target, const Versions& torch, const std::vector<AmdBuild>& seen) {
    const IndexInfo* known = find_amd_index(base_, target.index);
    const IndexInfo* like = known ? nullptr : find_amd_index(base_, target.like);
    if (!known && !like) return;
    const ChannelBuild* known_channel = known ? known->channel(target.channel) : nullptr;
    auto observed = observed_channel(target.channel, torch, known_channel, options_.now);
    if (!observed) return;
    const std::vector<AmdBuild> builds = merged_builds(known ? known->builds : std::vector<AmdBuild>{},
                                                       target.channel == "nightly" ? std::vector<AmdBuild>{} : seen);
    const bool channel_changed = !known_channel || !same_channel(*observed, *known_channel);
    const bool builds_changed = !known || !same_builds(builds, known->builds);
    if (!channel_changed && !builds_changed) return;
    std::string lines = fmt::format("name = {}\n", toml_string(target.index));
    if (!known) {
      lines += fmt::format("url = {}\nserves = {}\narchs = {}\n", toml_string(target.amd_url),
                           toml_string(like->serves.str()), toml_strings(like->archs));
      inherited_[target.index] = fmt::format("serves and archs as {} (not on the index)", like->name);
    }
    if (channel_changed) lines += fmt::format("{} = {}\n", target.channel, channel_toml(*observed));
    if (builds_changed && !builds.empty()) lines += builds_toml(builds);
    entries_.push_back({"amd_index:" + target.index, "amd_index", lines, target.url});
  }

  void add_torch(const std::string& version, const std::vector<std::string>& indexes, const std::string& url,
                 const std::map<std::string, std::string>& companions) {
    auto v = pep440::parse_version(version);
    const TorchRelease* known = v ? base_.find_torch(*v) : nullptr;
    std::vector<std::string> all = known ? known->indexes : std::vector<std::string>{};
    for (const std::string& i : indexes) add_index_name(all, i);
    if (known && all == known->indexes) return;
    std::string lines = fmt::format("version = {}\n", toml_string(version));
    if (!known) {
      lines += fmt::format("torchvision = {}\n", toml_string(companions.at("torchvision")));
      if (companions.count("torchaudio")) {
        lines += fmt::format("torchaudio = {}\n", toml_string(companions.at("torchaudio")));
      } else {
        lines += fmt::format("torchaudio_note = {}\n",
                             toml_string(fmt::format("no torchaudio {} was on {} when refresh read them", version,
                                                     fmt::join(indexes, ", "))));
      }
      if (companions.count("triton_package")) {
        lines +=
            fmt::format("triton = {{ package = {}, version = {} }}\n", toml_string(companions.at("triton_package")),
                        toml_string(companions.at("triton_version")));
      }
    }
    lines += fmt::format("indexes = {}\n", toml_strings(all));
    entries_.push_back({"torch:" + version, "torch", lines, url});
  }

  // The overlay text; each entry keeps the time it was first read with these facts (from `state`).
  std::string text(State& state, std::time_t now, bool& facts_changed) {
    json entries = json::object();
    facts_changed = entries_.size() != state.entries.size();
    for (const Entry& e : entries_) {
      const json previous = state.entries.value(e.key, json::object());
      const bool same = previous.value("facts", "") == e.facts;
      facts_changed = facts_changed || !same;
      entries[e.key] = {{"facts", e.facts}, {"read", same ? previous.value("read", iso_time(now)) : iso_time(now)}};
    }
    if (facts_changed || state.as_of.empty()) state.as_of = iso_time(now).substr(0, 7);
    std::string out =
        "# gator-rocm refresh overlay: what the package indexes said beyond the built-in data, merged over it\n"
        "# by every command (same format as helper/data/compat.toml). Written by `gator-rocm refresh`; do not edit.\n"
        "schema = 1\n";
    out += fmt::format("as_of = {}\n", toml_string(state.as_of));
    for (const Entry& e : entries_) {
      const std::string known_source = source_of(e);
      out += fmt::format(
          "\n[[{}]]\n{}source = {}\n", e.table, e.facts,
          toml_string(fmt::format("{}refresh: {} (read {})", known_source.empty() ? "" : known_source + "; ", e.urls,
                                  entries[e.key]["read"].get<std::string>())));
    }
    state.entries = std::move(entries);
    return out;
  }

 private:
  const IndexInfo* nearest_older(const std::string& rocm) const {
    auto v = pep440::parse_version(rocm);
    const IndexInfo* best = nullptr;
    for (const IndexInfo& index : base_.indexes) {
      if (v && index.rocm < *v) best = &index;
    }
    return best;
  }

  void add_index_name(std::vector<std::string>& list, const std::string& name) const {
    if (std::find(list.begin(), list.end(), name) != list.end()) return;
    list.push_back(name);
  }

  std::string source_of(const Entry& e) const {
    const std::string id = e.key.substr(e.key.find(':') + 1);
    if (e.table == "index" || e.table == "amd_index") {
      if (const IndexInfo* known = e.table == "index" ? base_.find_index(id) : find_amd_index(base_, id))
        return known->source;
      auto like = inherited_.find(id);
      return like == inherited_.end() ? "" : like->second;
    }
    auto v = pep440::parse_version(id);
    const TorchRelease* known = v ? base_.find_torch(*v) : nullptr;
    return known ? known->source : "";
  }

  const Data& base_;
  const RefreshOptions& options_;
  std::vector<Entry> entries_;
  std::map<std::string, std::string> inherited_;  // a new index's name -> where its other keys came from
};

// ---- what changed ----

// One index against what it was (nullptr: new), a line per change.
void index_changes(const IndexInfo* old, const IndexInfo& index, std::vector<std::string>& out) {
  if (!old) {
    std::vector<std::string> parts;
    for (const auto& [channel, build] : index.channels)
      parts.push_back(fmt::format("{} torch {}", channel, build.newest));
    out.push_back(
        fmt::format("new {}index {}: {}", index.url.empty() ? "" : "AMD ", index.name, fmt::join(parts, ", ")));
    return;
  }
  for (const auto& [channel, build] : index.channels) {
    const ChannelBuild* was = old->channel(channel);
    if (!was) {
      out.push_back(fmt::format("{} {}: now built, torch {}", index.name, channel, build.newest));
      continue;
    }
    std::vector<std::string> added, gone;
    for (const std::string& t : build.torch) {
      if (std::find(was->torch.begin(), was->torch.end(), t) == was->torch.end()) added.push_back(t);
    }
    for (const std::string& t : was->torch) {
      if (std::find(build.torch.begin(), build.torch.end(), t) == build.torch.end()) gone.push_back(t);
    }
    if (!added.empty()) out.push_back(fmt::format("{} {}: new torch {}", index.name, channel, fmt::join(added, ", ")));
    if (!gone.empty())
      out.push_back(
          fmt::format("{} {}: torch {} no longer offered (yanked)", index.name, channel, fmt::join(gone, ", ")));
    if (build.is_retired() && !was->is_retired()) {
      out.push_back(fmt::format("{} {}: retired (no build since {})", index.name, channel, build.retired));
    } else if (!build.is_retired() && was->is_retired()) {
      out.push_back(fmt::format("{} {}: built again", index.name, channel));
    }
  }
  for (const AmdBuild& b : index.builds) {
    auto was =
        std::find_if(old->builds.begin(), old->builds.end(), [&](const AmdBuild& o) { return o.rocm == b.rocm; });
    if (was == old->builds.end() || was->torch != b.torch) {
      out.push_back(fmt::format("{}: torch {} for ROCm {}", index.name, b.torch, b.rocm.str()));
    }
  }
}

std::vector<std::string> changes(const Data& before, const Data& after) {
  std::vector<std::string> out;
  for (const IndexInfo& index : after.indexes) index_changes(before.find_index(index.name), index, out);
  for (const IndexInfo& index : after.amd_indexes) index_changes(find_amd_index(before, index.name), index, out);
  for (const TorchRelease& release : after.torch_releases) {
    if (before.find_torch(release.version)) continue;
    std::string triton =
        release.triton_package.empty() ? "" : fmt::format(", {} {}", release.triton_package, release.triton_version);
    out.push_back(fmt::format("new release torch {}: torchvision {}, {}{} (on {})", release.version.str(),
                              release.torchvision,
                              release.torchaudio.empty() ? "no torchaudio" : "torchaudio " + release.torchaudio, triton,
                              fmt::join(release.indexes, ", ")));
  }
  return out;
}

}  // namespace

int run_refresh(const RefreshOptions& options, const Data& base, std::FILE* out) {
  if (const std::string why = http_unavailable(); !why.empty()) {
    fmt::print(stderr, "gator-rocm: error: refresh: {}; every other command works\n", why);
    return static_cast<int>(ErrorKind::invalid_input);
  }
  if (options.cache_dir.empty()) {
    fmt::print(stderr,
               "gator-rocm: error: refresh: no cache directory (set XDG_CACHE_HOME or HOME, or give --cache-dir)\n");
    return static_cast<int>(ErrorKind::invalid_input);
  }
  const std::string overlay_path = overlay_file(options.cache_dir);
  State state = load_state(state_file(options.cache_dir));
  // The indexes to read come from what is known now (the previous overlay included), so that
  // the candidates move on once a new index has been seen.
  std::string ignored;
  const Data current = builtin_with_overlay(options.cache_dir, options.now, ignored);
  std::vector<Target> targets;
  if (options.read_pytorch) targets = plan_targets(current, options);
  if (options.read_amd) {
    for (Target& amd : plan_amd_targets(current, options)) targets.push_back(std::move(amd));
  }

  Reading reading;
  read_pages(targets, project_pages(targets), options, state, reading);

  // Per PyTorch index: the torch versions of each channel, and the stable companions; AMD's indexes
  // (one channel each) are taken as they are read.
  std::map<std::string, IndexReading> indexes;
  std::vector<std::size_t> amd_read;
  std::vector<std::string> notes;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const Target& target = targets[t];
    const Page& torch = reading.pages[{t, "torch"}];
    if (!torch.present) {
      if (target.listed)
        notes.push_back(
            fmt::format("{} {}: missing ({}torch/ is not there)", target.index, target.channel, target.url));
      continue;
    }
    Versions versions = versions_of(torch);
    for (const pep440::Version& v : versions.yanked) {
      notes.push_back(fmt::format("{} {}: torch {} is yanked", target.index, target.channel, v.str()));
    }
    if (target.amd) {
      amd_read.push_back(t);
      continue;
    }
    IndexReading& index = indexes[target.index];
    index.torch[target.channel] = std::move(versions);
    index.url[target.channel] = target.url;
    if (reading.pages[{t, "rocm"}].present) index.has_rocm_wheels = true;
    if (target.channel == "stable") {
      index.stable_target = t;
      index.torchvision = versions_of(reading.pages[{t, "torchvision"}]);
      index.torchaudio = versions_of(reading.pages[{t, "torchaudio"}]);
    }
  }

  // PEP 658 metadata of the newest stable torch and torchvision of each index.
  auto newest_file = [](const Versions& v) -> const IndexFile* {
    for (auto it = v.live.rbegin(); it != v.live.rend(); ++it) {
      if (it->is_prerelease()) continue;
      auto f = v.newest_file.find(it->public_str());
      return f == v.newest_file.end() ? nullptr : f->second;
    }
    return nullptr;
  };
  std::vector<std::string> metadata_urls;
  for (const auto& [name, index] : indexes) {
    if (!index.torch.count("stable")) continue;
    for (const IndexFile* f : {newest_file(index.torch.at("stable")), newest_file(index.torchvision)}) {
      if (f) metadata_urls.push_back(f->url);
    }
  }
  read_metadata(metadata_urls, options, state, reading);

  // The triton package each index's newest stable torch requires: its project page on that index.
  std::map<std::string, Requirement> tritons;  // by index
  std::vector<PageKey> triton_pages;
  for (const auto& [name, index] : indexes) {
    const IndexFile* f = index.torch.count("stable") ? newest_file(index.torch.at("stable")) : nullptr;
    if (!f) continue;
    if (auto triton = find_requirement(reading.metadata[f->url], is_triton)) {
      tritons.emplace(name, *triton);
      triton_pages.emplace_back(index.stable_target, triton->name);
    }
  }
  read_pages(targets, triton_pages, options, state, reading);
  state.pages = std::move(reading.page_state);
  for (const auto& [name, triton] : tritons) {
    const Page& page = reading.pages[{indexes.at(name).stable_target, triton.name}];
    if (!offers(versions_of(page), triton.version)) {
      const IndexFile* f = newest_file(indexes.at(name).torch.at("stable"));
      notes.push_back(fmt::format("{}: torch {} requires {}{}, which the index does not hold ({}{}/)", name,
                                  pep440::parse_version(parse_dist_filename(f->filename)->version)->base_str(),
                                  triton.name, triton.version.empty() ? "" : " " + triton.version,
                                  indexes.at(name).url.at("stable"), triton.name));
    }
  }

  if (!reading.failures.empty()) {
    // One line per URL; pages that failed the same way as an earlier one (a dead server or proxy
    // fails them all) are counted on that line instead.
    std::vector<std::pair<const Failure*, std::size_t>> lines;
    for (const Failure& f : reading.failures) {
      auto same = std::find_if(lines.begin(), lines.end(), [&](const auto& l) { return l.first->what == f.what; });
      if (same == lines.end())
        lines.emplace_back(&f, 0);
      else
        ++same->second;
    }
    for (const auto& [f, more] : lines) {
      fmt::print(stderr, "gator-rocm: error: {}: {}{}\n", f->url, f->what,
                 more ? fmt::format(" (and {} more URLs the same way)", more) : "");
    }
    fmt::print(stderr, "gator-rocm: error: refresh wrote nothing; {}\n",
               std::filesystem::exists(overlay_path) ? "the previous overlay is unchanged: " + overlay_path
                                                     : "there is no overlay yet");
    return static_cast<int>(ErrorKind::io);
  }

  // The torch releases seen on stable indexes, with what the metadata says about them.
  OverlayBuilder builder(base, options);
  std::map<std::string, std::vector<std::string>> release_indexes;  // version -> indexes
  std::map<std::string, std::map<std::string, std::string>> companions;
  std::map<std::string, std::string> release_url;
  for (const auto& [name, index] : indexes) {
    builder.add_index(name, index);
    if (!index.torch.count("stable")) continue;
    const Versions& torch = index.torch.at("stable");
    for (const pep440::Version& v : torch.live) {
      if (v.is_prerelease()) continue;
      const std::string version = v.base_str();
      release_indexes[version].push_back(name);
      release_url.try_emplace(version, index.url.at("stable") + "torch/");
      auto& c = companions[version];
      // torchvision 0.(m+15).p pairs with torch 2.m.p unless the metadata says otherwise.
      const auto& r = v.release();
      c.try_emplace("torchvision", fmt::format("0.{}.{}", (r.size() > 1 ? r[1] : 0) + 15, r.size() > 2 ? r[2] : 0));
      for (const pep440::Version& a : index.torchaudio.live) {
        if (a.base_str() == version) c["torchaudio"] = version;
      }
    }
    if (const IndexFile* f = newest_file(torch)) {
      const std::vector<std::string>& req = reading.metadata[f->url];
      auto v = pep440::parse_version(parse_dist_filename(f->filename)->version);
      auto& c = companions[v->base_str()];
      if (auto triton = tritons.find(name); triton != tritons.end()) {
        c["triton_package"] = triton->second.name;
        c["triton_version"] = triton->second.version;
      }
      if (auto rocm = find_requirement(req, [](const std::string& n) { return n == "rocm"; })) {
        notes.push_back(fmt::format("{}: torch {} takes ROCm from the rocm wheels ({})", name, v->base_str(),
                                    rocm->version.empty() ? "rocm" : "rocm==" + rocm->version));
      }
    }
    if (const IndexFile* f = newest_file(index.torchvision)) {
      auto tv = pep440::parse_version(parse_dist_filename(f->filename)->version);
      if (auto pin = find_requirement(reading.metadata[f->url], [](const std::string& n) { return n == "torch"; });
          pin && tv) {
        if (auto torch_version = pep440::parse_version(pin->version))
          companions[torch_version->base_str()]["torchvision"] = tv->base_str();
      }
    }
  }
  for (const auto& [version, names] : release_indexes)
    builder.add_torch(version, names, release_url[version], companions[version]);
  for (std::size_t t : amd_read) {
    const Versions torch = versions_of(reading.pages[{t, "torch"}]);
    builder.add_amd_index(targets[t], torch,
                          observed_builds(torch, versions_of(reading.pages[{t, "torchvision"}]),
                                          versions_of(reading.pages[{t, "torchaudio"}])));
  }

  bool facts_changed = false;
  const std::string overlay = builder.text(state, options.now, facts_changed);
  // Check the new overlay with the one parser before anything is written.
  auto after = merge_overlay(embedded::compat_data, base.origin, overlay, overlay_path);
  if (!after) {
    fmt::print(stderr, "gator-rocm: error: refresh: the indexes gave data that does not check: {}\n",
               after.error().message);
    return static_cast<int>(ErrorKind::invalid_input);
  }
  auto written = write_file_if_changed(overlay_path, overlay);
  json state_doc = {
      {"pages", state.pages}, {"metadata", state.metadata}, {"entries", state.entries}, {"as_of", state.as_of}};
  Expected<WriteResult> kept = written;
  if (kept) kept = write_file_if_changed(state_file(options.cache_dir), state_doc.dump());
  if (kept) kept = write_file_if_changed(last_refresh_file(options.cache_dir), iso_time(options.now) + "\n");
  if (!kept) {
    fmt::print(stderr, "gator-rocm: error: {}\n", kept.error().message);
    return static_cast<int>(kept.error().kind);
  }
  const std::vector<std::string> changed = changes(current, *after);
  for (const std::string& line : changed) print_output(out, "{}\n", line);
  for (const std::string& line : notes) print_output(out, "note: {}\n", line);
  if (changed.empty()) print_output(out, "no change since the last refresh\n");
  print_output(out, "overlay: {} ({}); {} requests, {} not modified, {} bytes\n", overlay_path,
               *written == WriteResult::written ? "written" : "unchanged", reading.requests, reading.not_modified,
               reading.bytes);
  return 0;
}

}  // namespace gator::refresh
