#include "refresh/overlay.h"

#include <cstdlib>
#include <map>

#include <sys/stat.h>

#include <fmt/format.h>

#include "data_tables.h"
#include "data_toml.h"
#include "embedded.h"
#include "io.h"
#include "text.h"

namespace gator::refresh {

namespace {

// The key that identifies an entry of each array of tables of the data format.
const std::map<std::string, std::string, std::less<>> kEntryKeys = {{"index", "name"},    {"amd_index", "name"},
                                                                    {"torch", "version"}, {"gpu", "arch"},
                                                                    {"extras", "name"},   {"deps", "label"}};

// Moves `node` into `table` under `key`, keeping its source (a copy would drop it).
void move_into(toml::table& table, std::string_view key, toml::node& node) {
  node.visit([&](auto& typed) { table.insert_or_assign(key, std::move(typed)); });
}

toml::table* find_entry(toml::array& entries, const std::string& id_key, const toml::node* id) {
  for (toml::node& entry : entries) {
    toml::table* table = entry.as_table();
    const toml::node* own = table ? table->get(id_key) : nullptr;
    if (own && id && own->value<std::string>() && own->value<std::string>() == id->value<std::string>()) return table;
  }
  return nullptr;
}

void merge_into(toml::table& base, toml::table& overlay) {
  for (auto&& [key, node] : overlay) {
    auto entry_key = kEntryKeys.find(key.str());
    toml::array* base_entries = base[key].as_array();
    toml::array* entries = node.as_array();
    if (entry_key == kEntryKeys.end() || !base_entries || !entries || !entries->is_array_of_tables()) {
      move_into(base, key.str(), node);
      continue;
    }
    for (toml::node& item : *entries) {
      toml::table& table = *item.as_table();
      if (toml::table* existing = find_entry(*base_entries, entry_key->second, table.get(entry_key->second))) {
        for (auto&& [field, value] : table) move_into(*existing, field.str(), value);
      } else {
        base_entries->push_back(std::move(table));
      }
    }
  }
}

}  // namespace

std::string cache_dir(const std::string& option) {
  if (!option.empty()) return option;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/gator-rocm";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/gator-rocm";
  return {};
}

std::string overlay_file(const std::string& dir) { return dir + "/overlay.toml"; }
std::string state_file(const std::string& dir) { return dir + "/refresh-state.json"; }
std::string last_refresh_file(const std::string& dir) { return dir + "/last-refresh"; }

Expected<Data> merge_overlay(std::string_view base, const std::string& base_origin, std::string_view overlay,
                             const std::string& overlay_origin) {
  auto root = parse_toml(base, base_origin);
  if (!root) return tl::unexpected(root.error());
  auto extra = parse_toml(overlay, overlay_origin);
  if (!extra) return tl::unexpected(extra.error());
  merge_into(*root, *extra);
  return parse_data(*root, base_origin);
}

Data builtin_with_overlay(const std::string& dir, std::time_t now, std::string& warning) {
  const std::string path = dir.empty() ? std::string() : overlay_file(dir);
  // Every run asks: a plain stat, not std::filesystem's path machinery (docs/development.md, "Start-up cost").
  struct stat st;
  if (path.empty() || ::stat(path.c_str(), &st) != 0) return builtin_tables();
  auto text = read_input_file(path);
  if (!text) {
    warning = fmt::format("the refresh overlay is left out: {}", text.error().message);
    return builtin_tables();
  }
  auto merged = merge_overlay(embedded::compat_data, std::string(builtin_origin()), *text, path);
  if (!merged) {
    warning = fmt::format("the refresh overlay is left out (run gator-rocm refresh again): {}", merged.error().message);
    return builtin_tables();
  }
  // An overlay written before this helper's data (a helper upgrade) could only take facts back.
  if (merged->as_of < builtin_as_of()) {
    warning = fmt::format(
        "the refresh overlay {} (as of {}) is older than the built-in data (as of {}) and is left out; "
        "run gator-rocm refresh",
        path, merged->as_of, builtin_as_of());
    return builtin_tables();
  }
  OverlayInfo info;
  info.path = path;
  if (auto stamp = read_input_file(last_refresh_file(dir)); stamp && age_days(trim(*stamp), now)) {
    info.refreshed = std::string(trim(*stamp));
  } else {
    info.refreshed = iso_time(st.st_mtime);  // when the overlay was written
  }
  info.age_days = age_days(info.refreshed, now).value_or(0);
  merged->overlay = std::move(info);
  return std::move(*merged);
}

std::optional<long> age_days(std::string_view date, std::time_t now) {
  std::tm tm{};
  tm.tm_mday = 1;
  auto field = [&](std::size_t at, std::size_t width) -> std::optional<int> {
    if (date.size() < at + width) return std::nullopt;
    return parse_number<int>(date.substr(at, width));
  };
  auto year = field(0, 4), month = field(5, 2);
  if (!year || !month || date[4] != '-' || *month < 1 || *month > 12) return std::nullopt;
  tm.tm_year = *year - 1900;
  tm.tm_mon = *month - 1;
  if (date.size() > 7) {
    auto day = field(8, 2);
    if (date[7] != '-' || !day) return std::nullopt;
    tm.tm_mday = *day;
    if (date.size() > 10) {
      auto h = field(11, 2), m = field(14, 2), s = field(17, 2);
      if (!h || !m || !s) return std::nullopt;
      tm.tm_hour = *h;
      tm.tm_min = *m;
      tm.tm_sec = *s;
    }
  }
  const std::time_t then = ::timegm(&tm);
  return static_cast<long>((now - then) / 86400);
}

std::string iso_time(std::time_t t) {
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

namespace {

bool is_builtin(const Data& data) { return data.origin == builtin_origin(); }

// The date the data is as of: the last refresh when an overlay is in, else the file's as_of.
std::string data_date(const Data& data) { return data.overlay ? data.overlay->refreshed : data.as_of; }

}  // namespace

void data_json(JsonWriter& w, const Data& data, std::time_t now) {
  w.begin_object();
  w.key("built_in");
  if (is_builtin(data)) {
    w.begin_object().member("as_of", builtin_as_of()).end_object();
  } else {
    w.value(nullptr);
  }
  w.key("file");
  if (is_builtin(data)) {
    w.value(nullptr);
  } else {
    w.value(data.origin);
  }
  w.key("overlay");
  if (data.overlay) {
    w.begin_object();
    w.member("path", data.overlay->path);
    w.member("as_of", data.as_of);
    w.member("refreshed", data.overlay->refreshed);
    w.member("age_days", age_days(data.overlay->refreshed, now).value_or(data.overlay->age_days));
    w.end_object();
  } else {
    w.value(nullptr);
  }
  w.end_object();
}

std::string describe_data(const Data& data, std::time_t now) {
  const std::string base = is_builtin(data) ? fmt::format("built-in data as of {}", builtin_as_of())
                                            : fmt::format("{} (--data, as of {})", data.origin, data.as_of);
  if (!data.overlay) {
    const auto age = age_days(data.as_of, now);
    return age ? fmt::format("{}, {} days old; no refresh overlay", base, *age) : base + "; no refresh overlay";
  }
  return fmt::format("{} + refresh overlay {} (indexes read {}, {} days ago)", base, data.overlay->path,
                     data.overlay->refreshed, age_days(data.overlay->refreshed, now).value_or(data.overlay->age_days));
}

std::string stale_data_warning(const Data& data, std::time_t now) {
  const auto age = age_days(data_date(data), now);
  if (!age || *age <= kStaleAfterDays) return {};
  return fmt::format(
      "the compatibility data is {} days old (as of {}): newer torch releases and indexes may exist; "
      "run `gator-rocm refresh` to read the package indexes",
      *age, data_date(data));
}

}  // namespace gator::refresh
