#include "refresh/index_page.h"

#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "text.h"

namespace gator::refresh {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool has_dist_suffix(std::string_view name) {
  return name.ends_with(".whl") || name.ends_with(".tar.gz") || name.ends_with(".zip");
}

// "&amp;" -> "&", "&#43;" -> "+", ... (the entities an index page uses).
std::string html_unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const std::size_t end = text.find(';', i);
    if (end == std::string_view::npos || end - i > 10) {
      out += '&';
      continue;
    }
    const std::string_view entity = text.substr(i + 1, end - i - 1);
    std::optional<unsigned> code;
    if (entity == "amp")
      code = '&';
    else if (entity == "lt")
      code = '<';
    else if (entity == "gt")
      code = '>';
    else if (entity == "quot")
      code = '"';
    else if (entity == "apos")
      code = '\'';
    else if (entity.starts_with("#x") || entity.starts_with("#X")) {
      unsigned value = 0;
      auto [p, ec] = std::from_chars(entity.data() + 2, entity.data() + entity.size(), value, 16);
      if (ec == std::errc{} && p == entity.data() + entity.size()) code = value;
    } else if (entity.starts_with("#")) {
      code = parse_number<unsigned>(entity.substr(1));
    }
    if (!code || *code > 0x7f) {  // index pages use ASCII; anything else stays as written
      out += '&';
      continue;
    }
    out += static_cast<char>(*code);
    i = end;
  }
  return out;
}

// The attributes of one start tag's inside ("a href=... data-yanked"), names lowercased.
std::vector<std::pair<std::string, std::optional<std::string>>> attributes(std::string_view tag) {
  std::vector<std::pair<std::string, std::optional<std::string>>> out;
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
  };
  while (i < tag.size() && !std::isspace(static_cast<unsigned char>(tag[i]))) ++i;  // the tag name
  for (;;) {
    skip_space();
    if (i >= tag.size() || tag[i] == '/') break;
    const std::size_t start = i;
    while (i < tag.size() && tag[i] != '=' && tag[i] != '/' && !std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    std::string name = lower(tag.substr(start, i - start));
    skip_space();
    if (i >= tag.size() || tag[i] != '=') {
      out.emplace_back(std::move(name), std::nullopt);
      continue;
    }
    ++i;
    skip_space();
    std::string value;
    if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
      const char quote = tag[i++];
      const std::size_t end = tag.find(quote, i);
      value = tag.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
      i = end == std::string_view::npos ? tag.size() : end + 1;
    } else {
      const std::size_t begin = i;
      while (i < tag.size() && !std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
      value = tag.substr(begin, i - begin);
    }
    out.emplace_back(std::move(name), html_unescape(value));
  }
  return out;
}

// Splits "url#sha256=hex" into the URL and the hash.
void set_url(IndexFile& file, const std::string& absolute) {
  const std::size_t hash = absolute.find('#');
  file.url = absolute.substr(0, hash);
  if (hash == std::string::npos) return;
  const std::string_view fragment = std::string_view(absolute).substr(hash + 1);
  if (fragment.starts_with("sha256=")) file.sha256 = fragment.substr(7);
}

// "%2B" -> "+": AMD's pages link "torch-2.14.0%2Brocm10.1.0-....whl". A '%' not followed by two
// hex digits stays as written.
std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned value = 0;
    if (text[i] == '%' && i + 2 < text.size() &&
        std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr == text.data() + i + 3) {
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The file name a URL ends in, decoded.
std::string last_segment(std::string_view url) {
  url = url.substr(0, url.find_first_of("#?"));
  const std::size_t slash = url.rfind('/');
  return percent_decode(slash == std::string_view::npos ? url : url.substr(slash + 1));
}

// PEP 503: every <a> is a file; the text (or the URL's last segment) is its name.
Expected<std::vector<IndexFile>> parse_html(std::string_view body, const std::string& page_url) {
  std::vector<IndexFile> files;
  const std::string lowered = lower(body);
  std::size_t anchors = 0;
  for (std::size_t pos = lowered.find("<a"); pos != std::string::npos; pos = lowered.find("<a", pos + 2)) {
    if (pos + 2 >= lowered.size() || !std::isspace(static_cast<unsigned char>(lowered[pos + 2]))) continue;
    const std::size_t tag_end = lowered.find('>', pos);
    if (tag_end == std::string::npos) break;
    const std::size_t close = lowered.find("</a", tag_end);
    ++anchors;
    IndexFile file;
    std::string href;
    for (auto& [name, value] : attributes(body.substr(pos + 1, tag_end - pos - 1))) {
      if (name == "href" && value) href = *value;
      if (name == "data-yanked") file.yanked = true;
      if ((name == "data-dist-info-metadata" || name == "data-core-metadata") && value.value_or("true") != "false") {
        file.has_metadata = true;
      }
    }
    std::string text =
        close == std::string::npos ? std::string() : html_unescape(body.substr(tag_end + 1, close - tag_end - 1));
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
    if (href.empty()) continue;
    set_url(file, resolve_url(page_url, href));
    file.filename = has_dist_suffix(text) ? text : last_segment(file.url);
    if (has_dist_suffix(file.filename)) files.push_back(std::move(file));
  }
  const bool looks_like_html =
      lowered.find("<html") != std::string::npos || lowered.find("<!doctype html") != std::string::npos;
  if (!looks_like_html && anchors == 0)
    return invalid_input("not a PEP 503 or PEP 691 project page (neither HTML nor JSON)");
  if (anchors > 0 && files.empty()) {
    return invalid_input(
        fmt::format("an HTML page that is not a project page ({} links, none to a distribution file)", anchors));
  }
  return files;
}

// PEP 691: {"meta": {"api-version": "1.x"}, "name": ..., "files": [{"filename", "url", "hashes", ...}]}.
Expected<std::vector<IndexFile>> parse_json(std::string_view body, const std::string& page_url) {
  const nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded()) return invalid_input("not a PEP 691 project page: the JSON does not parse");
  if (!doc.is_object() || !doc.contains("meta") || !doc.contains("files") || !doc["files"].is_array()) {
    return invalid_input("not a PEP 691 project page: no \"meta\" and \"files\"");
  }
  std::vector<IndexFile> files;
  for (const nlohmann::json& entry : doc["files"]) {
    if (!entry.is_object() || !entry.contains("filename") || !entry["filename"].is_string() || !entry.contains("url") ||
        !entry["url"].is_string()) {
      return invalid_input("not a PEP 691 project page: a file without \"filename\" and \"url\"");
    }
    IndexFile file;
    file.filename = entry["filename"].get<std::string>();
    set_url(file, resolve_url(page_url, entry["url"].get<std::string>()));
    if (auto h = entry.find("hashes");
        h != entry.end() && h->is_object() && h->contains("sha256") && (*h)["sha256"].is_string()) {
      file.sha256 = (*h)["sha256"].get<std::string>();
    }
    if (auto y = entry.find("yanked"); y != entry.end())
      file.yanked = y->is_string() || (y->is_boolean() && y->get<bool>());
    for (const char* key : {"core-metadata", "dist-info-metadata"}) {
      if (auto m = entry.find(key); m != entry.end())
        file.has_metadata = m->is_object() || (m->is_boolean() && m->get<bool>());
    }
    if (has_dist_suffix(file.filename)) files.push_back(std::move(file));
  }
  return files;
}

}  // namespace

Expected<std::vector<IndexFile>> parse_project_page(std::string_view body, std::string_view content_type,
                                                    const std::string& page_url) {
  const std::string type = lower(content_type);
  std::size_t first = body.find_first_not_of(" \t\r\n");
  const bool json_body = first != std::string_view::npos && body[first] == '{';
  if (type.find("json") != std::string::npos || (type.empty() && json_body)) return parse_json(body, page_url);
  return parse_html(body, page_url);
}

std::optional<DistFilename> parse_dist_filename(std::string_view filename) {
  DistFilename out;
  if (filename.ends_with(".whl")) {
    const std::vector<std::string_view> parts = split(filename.substr(0, filename.size() - 4), '-');
    if (parts.size() < 5 || parts.size() > 7) return std::nullopt;
    for (std::string_view part : parts) {
      if (part.empty()) return std::nullopt;
    }
    out.wheel = true;
    out.name = parts[0];
    out.version = parts[1];
    std::size_t tags = 2;
    // Six parts: a build tag (it starts with a digit) or a variant label at the end.
    const bool build =
        parts.size() == 7 || (parts.size() == 6 && std::isdigit(static_cast<unsigned char>(parts[2][0])));
    if (build) out.build = parts[tags++];
    out.python = parts[tags];
    out.abi = parts[tags + 1];
    out.platform = parts[tags + 2];
    if (tags + 3 < parts.size()) out.variant = parts[tags + 3];
    return out;
  }
  std::string_view stem;
  if (filename.ends_with(".tar.gz"))
    stem = filename.substr(0, filename.size() - 7);
  else if (filename.ends_with(".zip"))
    stem = filename.substr(0, filename.size() - 4);
  else
    return std::nullopt;
  const std::size_t dash = stem.rfind('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == stem.size()) return std::nullopt;
  out.name = stem.substr(0, dash);
  out.version = stem.substr(dash + 1);
  return out;
}

std::vector<std::string> requires_dist(std::string_view metadata) {
  std::vector<std::string> out;
  for (std::string_view line : split(metadata, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // the headers end at the first empty line; the description follows
    constexpr std::string_view kKey = "requires-dist:";
    if (line.size() > kKey.size() && lower(line.substr(0, kKey.size())) == kKey) {
      std::string_view value = line.substr(kKey.size());
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      out.emplace_back(value);
    }
  }
  return out;
}

std::string resolve_url(const std::string& base, std::string_view href) {
  if (href.find("://") != std::string_view::npos) return std::string(href);
  const std::size_t scheme = base.find("://");
  const std::size_t host_end = scheme == std::string::npos ? std::string::npos : base.find('/', scheme + 3);
  const std::string origin = host_end == std::string::npos ? base : base.substr(0, host_end);
  if (href.starts_with("//")) return base.substr(0, scheme + 1) + std::string(href);
  if (href.starts_with("/")) return origin + std::string(href);
  // Relative: against the base's directory, then "./" and "../" folded.
  std::string path = host_end == std::string::npos ? "/" : base.substr(host_end);
  path = path.substr(0, path.find_first_of("?#"));
  path = path.substr(0, path.rfind('/') + 1) + std::string(href);
  std::vector<std::string> segments;
  const std::size_t fragment_at = path.find('#');
  const std::string fragment = fragment_at == std::string::npos ? "" : path.substr(fragment_at);
  const std::vector<std::string_view> parts = split(std::string_view(path).substr(0, fragment_at), '/');
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (parts[i] == ".") continue;
    if (parts[i] == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.emplace_back(parts[i]);
  }
  std::string out = origin;
  for (const std::string& s : segments) out += "/" + s;
  if (parts.size() > 1 && (parts.back() == "." || parts.back() == "..")) out += "/";
  return out + fragment;
}

}  // namespace gator::refresh
