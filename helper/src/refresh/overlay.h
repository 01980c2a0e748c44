#pragma once
// The overlay: a data file in the built-in data's format, written by `gator-rocm refresh` into the
// cache, holding what the package indexes said beyond the built-in data. Every command but refresh
// reads the built-in data with the overlay merged over it: an [[index]] or [[torch]] entry (any array
// of tables, by its name/version/arch/label) with the same key has its keys replaced by the
// overlay's, a new one is added; top-level keys are replaced. The merged document goes through the
// one data parser, so an overlay is checked like any data file, and new fields flow through.
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "data.h"
#include "json_writer.h"

namespace gator::refresh {

// --cache-dir, else $XDG_CACHE_HOME/gator-rocm, else $HOME/.cache/gator-rocm; "" when none of those.
std::string cache_dir(const std::string& option);
std::string overlay_file(const std::string& dir);       // DIR/overlay.toml
std::string state_file(const std::string& dir);         // DIR/refresh-state.json (validators, pages read)
std::string last_refresh_file(const std::string& dir);  // DIR/last-refresh (when refresh last succeeded)

// `base` (TOML text, named `base_origin`) with the overlay text merged over it, parsed and checked.
// Errors name the file each faulty entry came from, and its line.
Expected<Data> merge_overlay(std::string_view base, const std::string& base_origin, std::string_view overlay,
                             const std::string& overlay_origin);

// The built-in data with the overlay of `dir` merged over it when there is one (data.overlay says
// so, with its age at `now`). An overlay that cannot be read or does not parse is left out with a
// warning in `warning`: the built-in data still works.
Data builtin_with_overlay(const std::string& dir, std::time_t now, std::string& warning);

// Whole days from the data's date ("2026-11" = its first day; or an ISO 8601 UTC time) to `now`;
// nullopt when the text is not a date.
std::optional<long> age_days(std::string_view date, std::time_t now);
// "2026-12-01T22:40:33Z"
std::string iso_time(std::time_t t);

}  // namespace gator::refresh

namespace gator::refresh {

// Days after which the data counts as stale (doctor warns, naming `gator-rocm refresh`).
inline constexpr long kStaleAfterDays = 60;

// detect --json's "data", written as the next value of `w`: {"built_in": {"as_of"} or null,
// "file": --data FILE or null, "overlay": {"path", "as_of", "refreshed", "age_days"} or null}.
void data_json(JsonWriter& w, const Data& data, std::time_t now);
// One line for the report: which data, as of when, and how old.
std::string describe_data(const Data& data, std::time_t now);
// The warning doctor gives when the data is older than kStaleAfterDays; "" otherwise.
std::string stale_data_warning(const Data& data, std::time_t now);

}  // namespace gator::refresh
