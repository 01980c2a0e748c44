#pragma once
// JSON text written as it is produced, for the documents the helper prints (detect, index-url,
// install-command, deps, doctor --json; docs/cli.md, "JSON"). No tree is built: keys come out in the
// order they are written. The layout is two-space indentation, "key": value, one member or element a
// line, {} and [] when empty. Strings are escaped as JSON requires; bytes that are not UTF-8 (garbage
// quoted from a file) become U+FFFD. Reading JSON stays with nlohmann::json.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gator {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // The next member's name, inside an object; its value follows.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(std::size_t number);
  JsonWriter& value(std::nullptr_t);
  // An array of strings.
  JsonWriter& value(const std::vector<std::string>& texts);
  // A string, or null when there is none.
  JsonWriter& value(const std::optional<std::string>& text);
  // A string, or null when it is empty.
  JsonWriter& text_or_null(std::string_view text);

  // key(name).value(v) in one call.
  template <class T>
  JsonWriter& member(std::string_view name, const T& v) {
    return key(name).value(v);
  }

  // The document so far (complete once every object and array is closed).
  const std::string& str() const { return out_; }

 private:
  void before_value();                         // the separator and indentation a value needs where it is written
  JsonWriter& literal(std::string_view text);  // a number, true, false or null
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  void newline_and_indent();

  std::string out_;
  // Per open object or array: whether it has a member or element yet.
  std::vector<bool> has_items_;
  bool after_key_ = false;
};

// `text` as a JSON string, quotes included (the escaping JsonWriter uses).
std::string json_quoted(std::string_view text);

}  // namespace gator
