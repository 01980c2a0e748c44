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
// The project pages read on every index: torch and its companions, and the ROCm wheels (an index
// that has them serves torch without ROCm inside).
constexpr const char* kProjects[] = {"torch", "torchvision", "torchaudio", "rocm"};
// A nightly set with no build for this long has been retired.
constexpr long kRetiredAfterDays = 45;

// ---- what was read ----

// One (channel, index) pair to read.
struct Target {
  std::string channel, index, url;  // url: the index root, ending in '/'
  bool listed = false;              // the data lists this index for this channel
};

// One project page: absent (404/403/410) or its files.
struct Page {
  bool present = false;
  std::vector<IndexFile> files;
};

// The versions of one project on one index: what is offered, and releases all of whose files are yanked.
struct Versions {
  std::vector<pep440::Version> live, yanked;
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
    const IndexFile*& best = out.newest_file[key];
    if (!file.yanked && file.has_metadata && (!best || name->platform.find("x86_64") != std::string::npos)) best = &file;
  }
  for (auto& [key, entry] : seen) (entry.second ? out.live : out.yanked).push_back(entry.first);
  std::sort(out.live.begin(), out.live.end());
  std::sort(out.yanked.begin(), out.yanked.end());
  return out;
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
  for (const pep440::Version& v : torch.live) {
    if (channel == "stable" && v.is_prerelease()) continue;
    if (channel == "nightly" && !v.is_devrelease()) continue;
    any = true;
    add_sorted(out.torch, channel == "nightly" ? series(v) : v.base_str());
    if (auto dev = v.dev()) {
      first_dev = std::min(first_dev.value_or(*dev), *dev);
      last_dev = std::max(last_dev.value_or(*dev), *dev);
    }
  }
  if (!any) return std::nullopt;
  if (channel == "stable") {
    for (const pep440::Version& v : torch.yanked) {
      const std::string base = v.base_str();
      if (std::none_of(torch.live.begin(), torch.live.end(), [&](const pep440::Version& l) { return l.base_str() == base; })) {
        std::erase(out.torch, base);
      }
    }
  }
  std::optional<pep440::Version> newest;
  for (const std::string& t : out.torch) {
    auto v = pep440::parse_version(channel == "stable" ? t : t + ".0");  // nightly and test list series ("2.14")
    if (v && (!newest || *v > *newest)) newest = *v;
  }
  for (const pep440::Version& v : torch.live) {
    if (channel == "nightly" && v.is_devrelease() && (!newest || v.base_version() > *newest)) newest = v.base_version();
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

std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
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
  for (auto [key, field] : {std::pair{"pages", &state.pages}, {"metadata", &state.metadata}, {"entries", &state.entries}}) {
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


std::string channel_prefix(const std::string& base, const std::string& channel) {
  std::string root = base;
  while (!root.empty() && root.back() == '/') root.pop_back();
  return channel == "stable" ? root + "/" : root + "/" + channel + "/";
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
    if (!options.channels.empty() &&
        std::find(options.channels.begin(), options.channels.end(), channel) == options.channels.end()) {
      continue;
    }
    std::optional<pep440::Version> oldest_current;
    for (const IndexInfo& index : data.indexes) {
      const ChannelBuild* build = index.channel(channel);
      if (build && !build->is_retired() && (!oldest_current || index.rocm < *oldest_current)) oldest_current = index.rocm;
    }
    std::set<std::string> names;
    auto add = [&](const std::string& name, bool listed) {
      if (!names.insert(name).second) return;
      targets.push_back({channel, name, channel_prefix(options.index_base, channel) + name + "/", listed});
    };
    for (const IndexInfo& index : data.indexes) {
      const ChannelBuild* build = index.channel(channel);
      if ((build && !build->is_retired()) || (oldest_current && index.rocm >= *oldest_current)) add(index.name, build != nullptr);
    }
    for (const std::string& name : candidates) add(name, false);
  }
  return targets;
}

// ---- reading ----

struct Failure {
  std::string url, what;
};

struct Reading {
  std::map<std::pair<std::size_t, std::string>, Page> pages;  // (target, project) -> page
  std::map<std::string, std::vector<std::string>> metadata;   // file url -> Requires-Dist
  std::vector<Failure> failures;
  std::size_t requests = 0, not_modified = 0, bytes = 0;
};

void read_pages(const std::vector<Target>& targets, const RefreshOptions& options, State& state, Reading& reading) {
  std::vector<HttpRequest> requests;
  std::vector<std::pair<std::size_t, std::string>> keys;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    for (const char* project : kProjects) {
      requests.push_back(conditional(targets[t].url + project + "/", state.pages, kSimpleAccept));
      keys.emplace_back(t, project);
    }
  }
  const std::vector<HttpResponse> responses = http_get_all(requests, options.http, "project pages");
  json pages = json::object();
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
      pages[url] = state.pages[url];
    } else if (r.status == 404 || r.status == 403 || r.status == 410) {
      page.present = false;
    } else if (auto files = parse_project_page(r.body, r.content_type, url); !files) {
      reading.failures.push_back({url, files.error().message});
    } else {
      page = {true, std::move(*files)};
      pages[url] = {{"etag", r.etag}, {"last_modified", r.last_modified}, {"files", files_json(page.files)}};
    }
  }
  state.pages = std::move(pages);
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
    } else if (std::none_of(requests.begin(), requests.end(), [&](const HttpRequest& r) { return r.url == url + ".metadata"; })) {
      requests.push_back({url + ".metadata", "", "", ""});
    }
  }
  const std::vector<HttpResponse> responses = http_get_all(requests, options.http, "metadata");
  for (std::size_t i = 0; i < responses.size(); ++i) {
    const HttpResponse& r = responses[i];
    reading.bytes += r.bytes;
    ++reading.requests;
    const std::string file_url = requests[i].url.substr(0, requests[i].url.size() - 9);
    if (r.error.empty() && (r.status == 404 || r.status == 403 || r.status == 410)) continue;  // no metadata: nothing learnt
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
  std::string key;     // "index:rocm7.2", "torch:2.14.1"
  std::string table;   // "index" / "torch"
  std::string facts;   // its TOML lines, source left out
  std::string urls;    // where it was read
};

// What one index holds, per channel, as read.
struct IndexReading {
  std::map<std::string, Versions> torch;  // by channel
  std::map<std::string, std::string> url;  // by channel
  Versions torchvision, torchaudio;        // stable channel
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
    if (auto bracket = spec.find(']'); spec.starts_with("[") && bracket != std::string::npos) spec.erase(0, bracket + 1);
    spec.erase(std::remove(spec.begin(), spec.end(), ' '), spec.end());
    std::string version;
    if (spec.starts_with("==")) version = spec.substr(2);
    else if (spec.starts_with("~=")) version = spec.substr(2, spec.rfind('.') - 2) + ".*";
    return Requirement{normalize_package_name(name), version};
  }
  return std::nullopt;
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
      inherited_[name] = like ? like->name : "";
    } else if (bundles_changed) {
      head += fmt::format("bundles_rocm = {}\n", bundles);
    }
    entries_.push_back({"index:" + name, "index", head + lines, urls});
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
        lines += fmt::format("triton = {{ package = {}, version = {} }}\n", toml_string(companions.at("triton_package")),
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
      out += fmt::format("\n[[{}]]\n{}source = {}\n", e.table, e.facts,
                         toml_string(fmt::format("{}refresh: {} (read {})", known_source.empty() ? "" : known_source + "; ",
                                                 e.urls, entries[e.key]["read"].get<std::string>())));
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
    if (e.table == "index") {
      if (const IndexInfo* known = base_.find_index(id)) return known->source;
      auto like = inherited_.find(id);
      return like == inherited_.end() || like->second.empty() ? "" : fmt::format("archs as {} (not on the index)", like->second);
    }
    auto v = pep440::parse_version(id);
    const TorchRelease* known = v ? base_.find_torch(*v) : nullptr;
    return known ? known->source : "";
  }

  const Data& base_;
  const RefreshOptions& options_;
  std::vector<Entry> entries_;
  std::map<std::string, std::string> inherited_;
};

// ---- what changed ----

std::vector<std::string> changes(const Data& before, const Data& after) {
  std::vector<std::string> out;
  for (const IndexInfo& index : after.indexes) {
    const IndexInfo* old = before.find_index(index.name);
    if (!old) {
      std::vector<std::string> parts;
      for (const auto& [channel, build] : index.channels) parts.push_back(fmt::format("{} torch {}", channel, build.newest));
      out.push_back(fmt::format("new index {}: {}", index.name, fmt::join(parts, ", ")));
      continue;
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
      if (!gone.empty()) out.push_back(fmt::format("{} {}: torch {} no longer offered (yanked)", index.name, channel, fmt::join(gone, ", ")));
      if (build.is_retired() && !was->is_retired()) {
        out.push_back(fmt::format("{} {}: retired (no build since {})", index.name, channel, build.retired));
      } else if (!build.is_retired() && was->is_retired()) {
        out.push_back(fmt::format("{} {}: built again", index.name, channel));
      }
    }
  }
  for (const TorchRelease& release : after.torch_releases) {
    if (before.find_torch(release.version)) continue;
    std::string triton = release.triton_package.empty() ? "" : fmt::format(", {} {}", release.triton_package, release.triton_version);
    out.push_back(fmt::format("new release torch {}: torchvision {}, {}{} (on {})", release.version.str(), release.torchvision,
                              release.torchaudio.empty() ? "no torchaudio" : "torchaudio " + release.torchaudio, triton,
                              fmt::join(release.indexes, ", ")));
  }
  return out;
}

}  // namespace

int run_refresh(const RefreshOptions& options, const Data& base, std::ostream& out) {
  if (const std::string why = http_unavailable(); !why.empty()) {
    fmt::print(stderr, "gator-rocm: error: refresh: {}; every other command works\n", why);
    return static_cast<int>(ErrorKind::invalid_input);
  }
  if (options.cache_dir.empty()) {
    fmt::print(stderr, "gator-rocm: error: refresh: no cache directory (set XDG_CACHE_HOME or HOME, or give --cache-dir)\n");
    return static_cast<int>(ErrorKind::invalid_input);
  }
  const std::string overlay_path = overlay_file(options.cache_dir);
  State state = load_state(state_file(options.cache_dir));
  // The indexes to read come from what is known now (the previous overlay included), so that
  // the candidates move on once a new index has been seen.
  std::string ignored;
  const Data current = builtin_with_overlay(options.cache_dir, options.now, ignored);
  const std::vector<Target> targets = plan_targets(current, options);

  Reading reading;
  read_pages(targets, options, state, reading);

  // Per index: the torch versions of each channel, and the stable companions.
  std::map<std::string, IndexReading> indexes;
  std::vector<std::string> notes;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const Target& target = targets[t];
    const Page& torch = reading.pages[{t, "torch"}];
    if (!torch.present) {
      if (target.listed) notes.push_back(fmt::format("{} {}: missing ({}torch/ is not there)", target.index, target.channel, target.url));
      continue;
    }
    IndexReading& index = indexes[target.index];
    index.torch[target.channel] = versions_of(torch);
    index.url[target.channel] = target.url;
    for (const pep440::Version& v : index.torch[target.channel].yanked) {
      notes.push_back(fmt::format("{} {}: torch {} is yanked", target.index, target.channel, v.str()));
    }
    if (reading.pages[{t, "rocm"}].present) index.has_rocm_wheels = true;
    if (target.channel == "stable") {
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

  if (!reading.failures.empty()) {
    // One line per URL; pages that failed the same way as an earlier one (a dead server or proxy
    // fails them all) are counted on that line instead.
    std::vector<std::pair<const Failure*, std::size_t>> lines;
    for (const Failure& f : reading.failures) {
      auto same = std::find_if(lines.begin(), lines.end(), [&](const auto& l) { return l.first->what == f.what; });
      if (same == lines.end()) lines.emplace_back(&f, 0);
      else ++same->second;
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
      if (auto triton = find_requirement(req, [](const std::string& n) { return n.find("triton") != std::string::npos; })) {
        c["triton_package"] = triton->name;
        c["triton_version"] = triton->version;
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
        if (auto torch_version = pep440::parse_version(pin->version)) companions[torch_version->base_str()]["torchvision"] = tv->base_str();
      }
    }
  }
  for (const auto& [version, names] : release_indexes) builder.add_torch(version, names, release_url[version], companions[version]);

  bool facts_changed = false;
  const std::string overlay = builder.text(state, options.now, facts_changed);
  // Check the new overlay with the one parser before anything is written.
  auto after = merge_overlay(embedded::compat_data, base.origin, overlay, overlay_path);
  if (!after) {
    fmt::print(stderr, "gator-rocm: error: refresh: the indexes gave data that does not check: {}\n", after.error().message);
    return static_cast<int>(ErrorKind::invalid_input);
  }
  auto written = write_file_if_changed(overlay_path, overlay);
  json state_doc = {{"pages", state.pages}, {"metadata", state.metadata}, {"entries", state.entries}, {"as_of", state.as_of}};
  Expected<WriteResult> kept = written;
  if (kept) kept = write_file_if_changed(state_file(options.cache_dir), state_doc.dump());
  if (kept) kept = write_file_if_changed(last_refresh_file(options.cache_dir), iso_time(options.now) + "\n");
  if (!kept) {
    fmt::print(stderr, "gator-rocm: error: {}\n", kept.error().message);
    return static_cast<int>(kept.error().kind);
  }
  const std::vector<std::string> changed = changes(current, *after);
  for (const std::string& line : changed) out << line << "\n";
  for (const std::string& line : notes) out << "note: " << line << "\n";
  if (changed.empty()) out << "no change since the last refresh\n";
  out << fmt::format("overlay: {} ({}); {} requests, {} not modified, {} bytes\n", overlay_path,
                     *written == WriteResult::written ? "written" : "unchanged", reading.requests, reading.not_modified,
                     reading.bytes);
  return 0;
}

}  // namespace gator::refresh
