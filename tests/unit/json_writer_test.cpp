// JsonWriter: the helper's JSON output, held to what nlohmann::json (its reader, and the writer the
// documents used to come from) prints for the same document.
#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "json_writer.h"

using namespace gator;
using ordered = nlohmann::ordered_json;

namespace {

// What nlohmann prints: two-space indentation, UTF-8 kept, bytes that are not UTF-8 as U+FFFD.
std::string nlohmann_text(const ordered& value) { return value.dump(2, ' ', false, ordered::error_handler_t::replace); }

std::string hex(const std::string& bytes) {
  std::string out;
  for (const char c : bytes) out += fmt::format("{:02x} ", static_cast<unsigned char>(c));
  return out;
}

}  // namespace

TEST_CASE("JsonWriter: layout of nested, empty and scalar values", "[json]") {
  JsonWriter w;
  w.begin_object();
  w.member("name", "gator");
  w.member("count", std::int64_t{-3});
  w.member("size", std::numeric_limits<std::size_t>::max());
  w.member("yes", true).member("no", false).member("none", nullptr);
  w.key("empty_object").begin_object().end_object();
  w.key("empty_array").begin_array().end_array();
  w.member("texts", std::vector<std::string>{"a", "b"});
  w.member("no_texts", std::vector<std::string>{});
  w.member("maybe", std::optional<std::string>{});
  w.key("blank").text_or_null("");
  w.key("rows").begin_array();
  w.begin_object().member("x", 1).key("inner").begin_array().value(2).value("three").end_array().end_object();
  w.value(nullptr);
  w.end_array();
  w.end_object();

  ordered expected;
  expected["name"] = "gator";
  expected["count"] = -3;
  expected["size"] = std::numeric_limits<std::size_t>::max();
  expected["yes"] = true;
  expected["no"] = false;
  expected["none"] = nullptr;
  expected["empty_object"] = ordered::object();
  expected["empty_array"] = ordered::array();
  expected["texts"] = {"a", "b"};
  expected["no_texts"] = ordered::array();
  expected["maybe"] = nullptr;
  expected["blank"] = nullptr;
  expected["rows"] = ordered::array({ordered{{"x", 1}, {"inner", {2, "three"}}}, nullptr});
  CHECK(w.str() == nlohmann_text(expected));
  CHECK(ordered::parse(w.str()) == expected);

  JsonWriter top_level_array;
  CHECK(top_level_array.begin_array().end_array().str() == "[]");
  JsonWriter scalar;
  CHECK(scalar.value("just text").str() == "\"just text\"");
}

TEST_CASE("JsonWriter: strings are escaped, and what is not UTF-8 becomes U+FFFD, as nlohmann does", "[json]") {
  const std::string cases[] = {
      "",
      "plain ASCII",
      "quote \" backslash \\ slash /",
      std::string("controls \b\f\n\r\t \x01\x1f \x7f and a NUL: ") + '\0' + "end",
      "UTF-8: gfx942 \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
      "lone continuation \x80 and \xBF",
      "bytes UTF-8 never uses: \xC0\x80 \xC1\xBF \xF5\x80\x80\x80 \xFF\xFE",
      "overlong \xE0\x80\xAF and \xF0\x80\x80\xAF",
      "surrogate \xED\xA0\x80",
      "above U+10FFFF \xF4\x90\x80\x80",
      "cut short \xE2\x82 then ASCII",
      "cut short at the end \xF0\x9F\x98",
      "lead then a new lead \xE2\xC3\xA9",
      "two-byte lead then ASCII \xC3"
      "A",
  };
  for (const std::string& text : cases) {
    INFO(text);
    CHECK(json_quoted(text) == nlohmann_text(ordered(text)));
  }
}

TEST_CASE("JsonWriter: random bytes are quoted as nlohmann quotes them", "[json]") {
  std::mt19937 random(20261202);
  // Mostly bytes that make up UTF-8 (leads, continuations, ASCII), so that long valid and broken
  // sequences both come up.
  const std::string alphabet = std::string("aZ \"\\\n\x01\x7f") + "\x80\x8f\x90\x9f\xa0\xbf\xc0\xc2\xdf\xe0\xe1\xed" +
                               "\xee\xef\xf0\xf1\xf4\xf5\xff";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1), length(0, 12);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (std::size_t i = length(random); i > 0; --i) text += alphabet[pick(random)];
    INFO("bytes: " << hex(text));
    REQUIRE(json_quoted(text) == nlohmann_text(ordered(text)));
  }
}
