#include "json_writer.h"

#include <algorithm>

#include <fmt/format.h>

namespace gator {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// How many bytes of `text` from its start form one well-formed UTF-8 character (Unicode, table 3-7),
// or, when they do not, how many to replace by one U+FFFD: the lead byte and the continuation bytes
// that were right so far, so that the byte that broke the sequence is read again as a start.
struct Utf8Step {
  std::size_t size;
  bool valid;
};

Utf8Step utf8_step(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {1, true};
  std::size_t size = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte; later ones are 80..BF
  if (lead >= 0xC2 && lead <= 0xDF) {
    size = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    size = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    size = 4;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return {1, false};  // a continuation byte, or a byte UTF-8 never uses
  }
  for (std::size_t i = 1; i < size; ++i) {
    if (i >= text.size() || byte(i) < low || byte(i) > high) return {i, false};
    low = 0x80;
    high = 0xBF;
  }
  return {size, true};
}

// Written as it is: printable ASCII other than the quote and the backslash.
bool is_plain(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x80 && c != '"' && c != '\\';
}

void append_quoted(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t plain_end = std::find_if_not(text.begin() + i, text.end(), is_plain) - text.begin();
    out.append(text, i, plain_end - i);  // a run of plain characters at once
    i = plain_end;
    if (i == text.size()) break;
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      const Utf8Step step = utf8_step(text.substr(i));
      out += step.valid ? text.substr(i, step.size) : kReplacement;
      i += step.size;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:  // another control character: everything else was in the plain run
        out += fmt::format("\\u{:04x}", byte);
    }
    ++i;
  }
  out += '"';
}

}  // namespace

std::string json_quoted(std::string_view text) {
  std::string out;
  append_quoted(out, text);
  return out;
}

void JsonWriter::newline_and_indent() {
  out_ += '\n';
  out_.append(2 * has_items_.size(), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_items_.empty()) return;  // the document itself
  if (has_items_.back()) out_ += ',';
  has_items_.back() = true;
  newline_and_indent();
}

JsonWriter& JsonWriter::open(char bracket) {
  before_value();
  out_ += bracket;
  has_items_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  const bool had_items = has_items_.back();
  has_items_.pop_back();
  if (had_items) newline_and_indent();
  out_ += bracket;
  return *this;
}

JsonWriter& JsonWriter::begin_object() { return open('{'); }
JsonWriter& JsonWriter::end_object() { return close('}'); }
JsonWriter& JsonWriter::begin_array() { return open('['); }
JsonWriter& JsonWriter::end_array() { return close(']'); }

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  append_quoted(out_, name);
  out_ += ": ";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  append_quoted(out_, text);
  return *this;
}

JsonWriter& JsonWriter::literal(std::string_view text) {
  before_value();
  out_ += text;
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) { return literal(flag ? "true" : "false"); }
JsonWriter& JsonWriter::value(std::int64_t number) { return literal(fmt::format_int(number).c_str()); }
JsonWriter& JsonWriter::value(std::size_t number) { return literal(fmt::format_int(number).c_str()); }
JsonWriter& JsonWriter::value(std::nullptr_t) { return literal("null"); }

JsonWriter& JsonWriter::value(const std::vector<std::string>& texts) {
  begin_array();
  for (const std::string& text : texts) value(text);
  return end_array();
}

JsonWriter& JsonWriter::value(const std::optional<std::string>& text) { return text ? value(*text) : value(nullptr); }

JsonWriter& JsonWriter::text_or_null(std::string_view text) { return text.empty() ? value(nullptr) : value(text); }

}  // namespace gator
