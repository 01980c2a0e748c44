// The pyproject editor of extras --update: every byte outside the blocks kept, markers only as
// top-level comments, line endings kept, every malformed block refused with its line.
#include <catch2/catch.hpp>

#include "pyproject_edit.h"

using namespace gator;

namespace {

Expected<std::string> update(std::string_view original, bool uv = false) {
  auto families = select_families(builtin_data(), {});
  REQUIRE(families);
  ExtrasRequest request;
  request.uv = uv;
  return update_pyproject(original, "pyproject.toml", builtin_data(), *families, request, "gator-rocm extras --update");
}

}  // namespace

TEST_CASE("pyproject update keeps every byte outside the block", "[render][pyproject]") {
  const std::string head = "[project]\nname = \"demo\"  # keep   this\nversion = \"1.0\"\n\n";
  const std::string tail = "\n[tool.black]\nline-length = 99\n";
  SECTION("appends a block to a file without one") {
    auto updated = update(head);
    REQUIRE(updated);
    CHECK(updated->starts_with(head + "\n# BEGIN gator-rocm extras\n"));
    CHECK(updated->find("[project.optional-dependencies]") != std::string::npos);
  }
  SECTION("replaces only the block, and is idempotent") {
    const std::string original = head + "# BEGIN gator-rocm extras\nold = 1\n# END gator-rocm extras\n" + tail;
    auto updated = update(original);
    REQUIRE(updated);
    CHECK(updated->starts_with(head + "# BEGIN gator-rocm extras\n"));
    CHECK(updated->ends_with("# END gator-rocm extras\n" + tail));
    CHECK(updated->find("old = 1") == std::string::npos);
    auto again = update(*updated);
    REQUIRE(again);
    CHECK(*again == *updated);
  }
  SECTION("joins the project's own optional-dependencies table") {
    const std::string own = "[project]\nname = \"x\"\n\n[project.optional-dependencies]\ndev = [\"pytest\"]\n" + tail;
    auto updated = update(own);
    REQUIRE(updated);
    CHECK(updated->find("[project.optional-dependencies]\n# BEGIN gator-rocm extras\n") != std::string::npos);
    CHECK(updated->find("[project.optional-dependencies]", updated->find("# BEGIN")) == std::string::npos);
    CHECK(updated->find("dev = [\"pytest\"]") != std::string::npos);
  }
  SECTION("with --uv, uv's tables never capture the project's own extras") {
    const std::string own =
        "[project]\nname = \"x\"\n\n[project.optional-dependencies]\ndev = [\"pytest\"]\n"
        "docs = [\"sphinx\"]\n" +
        tail;
    auto updated = update(own, true);
    REQUIRE(updated);
    const std::size_t dev = updated->find("dev = [");
    const std::size_t uv = updated->find("# BEGIN gator-rocm uv\n");
    REQUIRE(uv != std::string::npos);
    CHECK(dev < uv);
    CHECK(updated->find("[tool.uv.sources]") > uv);
    CHECK(updated->ends_with("# END gator-rocm uv\n"));
    auto again = update(*updated, true);
    REQUIRE(again);
    CHECK(*again == *updated);
    auto without_uv = update(*updated, false);  // asking without --uv takes the uv block away again
    REQUIRE(without_uv);
    CHECK(without_uv->find("gator-rocm uv") == std::string::npos);
    CHECK(without_uv->find("docs = [\"sphinx\"]") != std::string::npos);
  }
  SECTION("a CRLF file gets a CRLF block") {
    const std::string crlf = "[project]\r\nname = \"x\"\r\n";
    auto updated = update(crlf);
    REQUIRE(updated);
    CHECK(updated->starts_with(crlf));
    for (std::size_t i = 0; i < updated->size(); ++i) {
      if ((*updated)[i] == '\n') REQUIRE((i > 0 && (*updated)[i - 1] == '\r'));
    }
  }
  SECTION("a BEGIN without END is an error naming the line") {
    auto broken = update("a = 1\n# BEGIN gator-rocm extras\n");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message.find("pyproject.toml:2:") == 0);
  }
  SECTION("a result that would not be TOML is refused") {
    auto clash = update("[project]\nname = \"x\"\n[tool.uv]\nx = 1\n", true);
    REQUIRE_FALSE(clash);
    CHECK(clash.error().message.find("pyproject.toml: the file would not be valid TOML") == 0);
  }
}

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("toml_top_level_lines: strings, arrays and inline tables are not the top level", "[pyproject]") {
  const std::string text =
      "a = \"\"\"\nx\n\"\"\"\"\nb = [\n  1,\n]\nc = '''\n# q\n'''\nd = { e = \"[\" }\nf = 1 # [\ng = 2\n";
  std::vector<std::string> starts;
  for (std::size_t at : toml_top_level_lines(text)) starts.push_back(text.substr(at, text.find('\n', at) - at));
  CHECK(starts ==
        std::vector<std::string>{"a = \"\"\"", "b = [", "c = '''", "d = { e = \"[\" }", "f = 1 # [", "g = 2"});
}

TEST_CASE("issue 9: markers inside a multi-line string are the project's text", "[pyproject][defect]") {
  const std::string original =
      "[project]\nname = \"x\"\ndescription = \"\"\"\n# BEGIN gator-rocm extras\nkeep me\n# END gator-rocm "
      "extras\n\"\"\"\n";
  auto updated = update(original);
  REQUIRE(updated);
  CHECK(updated->starts_with(original));  // the string untouched
  CHECK(count(*updated, "# BEGIN gator-rocm extras") == 2);
  CHECK(updated->find("rocm70 = [") != std::string::npos);
  auto again = update(*updated);
  REQUIRE(again);
  CHECK(*again == *updated);
  SECTION("a literal multi-line string and an array too") {
    const std::string literal = "a = '''\n# BEGIN gator-rocm extras\n'''\nb = [\n# BEGIN gator-rocm extras\n]\n";
    auto out = update(literal);
    REQUIRE(out);
    CHECK(out->starts_with(literal));
  }
}

TEST_CASE("issue 9: a file ending in a lone CR is updated idempotently", "[pyproject][defect]") {
  for (const std::string original : {"[project]\nname = \"x\"\r", "[project]\r", "[project]\r\nname = \"x\"\r"}) {
    auto first = update(original);
    REQUIRE(first);
    auto second = update(*first);
    REQUIRE(second);
    CHECK(*second == *first);
    CHECK(first->substr(0, original.size()) == original);
  }
}

TEST_CASE("issue 9: malformed blocks are refused with their line", "[pyproject][defect]") {
  const std::string block = "# BEGIN gator-rocm uv\n[tool.x]\n# END gator-rocm uv\n";
  SECTION("two blocks of one name") {
    auto twice = update("[project]\nname = \"x\"\n" + block + block, true);
    REQUIRE_FALSE(twice);
    CHECK(twice.error().message.find("pyproject.toml:6: a second '# BEGIN gator-rocm uv' (the first is at line 3)") ==
          0);
  }
  SECTION("an END without its BEGIN") {
    auto stray = update("a = 1\n# END gator-rocm extras\n");
    REQUIRE_FALSE(stray);
    CHECK(stray.error().message.find("pyproject.toml:2: '# END gator-rocm extras' has no") == 0);
  }
  SECTION("an END before its BEGIN") {
    auto reversed = update("# END gator-rocm extras\n# BEGIN gator-rocm extras\n");
    REQUIRE_FALSE(reversed);
    CHECK(reversed.error().message.find("pyproject.toml:1:") == 0);
  }
  SECTION("a BEGIN after a block") {
    auto extra = update("# BEGIN gator-rocm extras\n# END gator-rocm extras\n# BEGIN gator-rocm extras\n");
    REQUIRE_FALSE(extra);
    CHECK(extra.error().message.find("pyproject.toml:3: a second") == 0);
  }
  SECTION("blocks inside each other") {
    auto nested = update("# BEGIN gator-rocm extras\n" + block + "# END gator-rocm extras\n", true);
    REQUIRE_FALSE(nested);
    CHECK(nested.error().message.find("overlap") != std::string::npos);
  }
  SECTION("a marker with more on its line is no marker") {
    auto other = update("# BEGIN gator-rocm extras-old\na = 1\n");
    REQUIRE(other);
    CHECK(other->starts_with("# BEGIN gator-rocm extras-old\na = 1\n\n# BEGIN gator-rocm extras\n"));
  }
}

// Debian's toml++ 3.3.0 reached __builtin_unreachable for most non-ASCII characters outside strings
// (helper/src/toml_fixed.h); the asan preset's UBSan stops on it. Authors' names are everywhere.
TEST_CASE("pyproject: non-ASCII text around the tables is read, kept, and not a problem", "[pyproject]") {
  const std::string original =
      "# Projet de José ¡olé! \u2c9f\ufe96\n"
      "[project]\nname = \"demo\"\nauthors = [{ name = \"Zoë Ñandú\" }]\n"
      "[project.optional-dependencies]\ndev = [\"pytest\"]  # \u00a1 \u3001\n";
  auto updated = update(original);
  REQUIRE(updated);
  CHECK(updated->find("Zoë Ñandú") != std::string::npos);
  CHECK(updated->find("# Projet de José ¡olé!") == 0);
  CHECK(updated->find("BEGIN gator-rocm extras") != std::string::npos);
}
