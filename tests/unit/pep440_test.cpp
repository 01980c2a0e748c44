// PEP 440, case by case. Every expected value here is what packaging answers for the same
// question: packaging 23, except the cases that later releases fixed (marked so below);
// tests/pep440 checks thousands more against packaging itself.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "pep440.h"
#include "text.h"

using gator::pep440::parse_specifier;
using gator::pep440::parse_specifier_set;
using gator::pep440::parse_version;
using gator::pep440::SpecifierSet;
using gator::pep440::Version;

namespace {

Version V(std::string_view text) {
  auto v = parse_version(text);
  INFO("version: " << std::string(text));
  REQUIRE(v.has_value());
  return *v;
}

SpecifierSet S(std::string_view text) {
  auto s = parse_specifier_set(text);
  INFO("specifier set: " << std::string(text));
  REQUIRE(s.has_value());
  return *s;
}

// contains(v, prereleases=True), as pip's resolver asks once pre-releases are allowed.
bool in(std::string_view version, std::string_view specs) { return S(specs).contains(V(version), true); }
// contains(v): prereleases=None.
bool in_default(std::string_view version, std::string_view specs) { return S(specs).contains(V(version)); }

std::string normal(std::string_view text) { return V(text).str(); }

}  // namespace

TEST_CASE("pep440: a version normalises as packaging's str(Version)", "[pep440]") {
  struct Case {
    const char* input;
    const char* normal;
  };
  const Case cases[] = {
      {"2.10.0+rocm7.0", "2.10.0+rocm7.0"},
      {"2.13.0.dev20260515+rocm7.2", "2.13.0.dev20260515+rocm7.2"},
      {"2.10.0a0+git1234abc", "2.10.0a0+git1234abc"},
      {"v1.0", "1.0"},
      {"V1.0", "1.0"},
      {"  1.0\n", "1.0"},
      {"\xc2\xa0"
       "1.0\xe3\x80\x80",
       "1.0"},  // U+00A0 and U+3000 are whitespace to Python
      {"\x1c"
       "1.0\x1f",
       "1.0"},
      {"01.002.0003", "1.2.3"},
      {"0!1.0", "1.0"},
      {"1!2.0", "1!2.0"},
      {"01!2.0", "1!2.0"},
      // pre-release spellings, separators, implicit numbers
      {"1.0a1", "1.0a1"},
      {"1.0.a1", "1.0a1"},
      {"1.0-a-1", "1.0a1"},
      {"1.0_a_1", "1.0a1"},
      {"1.0A1", "1.0a1"},
      {"1.0alpha1", "1.0a1"},
      {"1.0beta2", "1.0b2"},
      {"1.0Beta", "1.0b0"},
      {"1.0c1", "1.0rc1"},
      {"1.0pre1", "1.0rc1"},
      {"1.0preview1", "1.0rc1"},
      {"1.0RC", "1.0rc0"},
      {"1.0a", "1.0a0"},
      {"1.0a-", "1.0a0"},
      {"1.0a-1", "1.0a1"},  // the separator goes with the pre-release number, not "-1" post
      // post-releases
      {"1.0-1", "1.0.post1"},
      {"1.0-0", "1.0.post0"},
      {"1.0post1", "1.0.post1"},
      {"1.0.post", "1.0.post0"},
      {"1.0.post.", "1.0.post0"},
      {"1.0-r-4", "1.0.post4"},
      {"1.0rev3", "1.0.post3"},
      {"1.0r", "1.0.post0"},
      {"1.0.POST_2", "1.0.post2"},
      // dev releases
      {"1.0dev", "1.0.dev0"},
      {"1.0-dev", "1.0.dev0"},
      {"1.0.DEV-3", "1.0.dev3"},
      {"1.0a1.post2.dev3", "1.0a1.post2.dev3"},
      {"1.0a1-2dev3", "1.0a1.post2.dev3"},
      // local labels: lowercase, any of -_. becomes ., numbers lose their leading zeros
      {"1.0+ROCm7.0", "1.0+rocm7.0"},
      {"1.0+a_b-c", "1.0+a.b.c"},
      {"1.0+rocm.007", "1.0+rocm.7"},
      {"1.0+000", "1.0+0"},
      {"1!2.0rc1.post2.dev3+Ubuntu-22_04", "1!2.0rc1.post2.dev3+ubuntu.22.4"},
  };
  for (const auto& c : cases) {
    INFO("input: " << c.input);
    CHECK(normal(c.input) == c.normal);
  }
}

TEST_CASE("pep440: a version's parts", "[pep440]") {
  SECTION("a ROCm build of torch") {
    const Version v = V("2.10.0+rocm7.0");
    CHECK(v.epoch() == 0);
    CHECK(v.release() == std::vector<long long>{2, 10, 0});
    CHECK(v.major() == 2);
    CHECK(v.minor() == 10);
    CHECK(v.micro() == 0);
    CHECK_FALSE(v.pre());
    CHECK_FALSE(v.post());
    CHECK_FALSE(v.dev());
    CHECK(v.local() == "rocm7.0");
    CHECK(v.has_local());
    CHECK_FALSE(v.is_prerelease());
    CHECK(v.public_str() == "2.10.0");
    CHECK(v.base_str() == "2.10.0");
  }
  SECTION("a nightly") {
    const Version v = V("2.13.0.dev20260515+rocm7.2");
    CHECK(v.dev() == 20260515);
    CHECK(v.is_prerelease());
    CHECK(v.is_devrelease());
    CHECK(v.local() == "rocm7.2");
    CHECK(v.public_str() == "2.13.0.dev20260515");
    CHECK(v.base_str() == "2.13.0");
  }
  SECTION("everything at once") {
    const Version v = V("1!2.0RC1.post2.dev3+abc");
    CHECK(v.epoch() == 1);
    CHECK(v.pre() == std::pair<char, long long>{'r', 1});
    CHECK(v.post() == 2);
    CHECK(v.is_postrelease());
    CHECK(v.dev() == 3);
    CHECK(v.is_prerelease());
    CHECK(v.str() == "1!2.0rc1.post2.dev3+abc");
    CHECK(v.public_str() == "1!2.0rc1.post2.dev3");
    CHECK(v.base_str() == "1!2.0");
    CHECK(V("1.0a2").pre() == std::pair<char, long long>{'a', 2});
    CHECK(V("1.0beta").pre() == std::pair<char, long long>{'b', 0});
  }
  SECTION("short releases") {
    const Version v = V("7");
    CHECK(v.release() == std::vector<long long>{7});
    CHECK(v.minor() == 0);
    CHECK(v.micro() == 0);
    CHECK(v.local().empty());
    CHECK_FALSE(v.has_local());
    CHECK(V("1.0.post1").is_prerelease() == false);
  }
  SECTION("the default version is 0") {
    CHECK(Version().str() == "0");
    CHECK(Version() == V("0.0"));
  }
}

// parse_version reads the everyday forms (N.N+label) without its grammar; a leading space, which
// PEP 440 ignores, sends the same text through the grammar: the two must make the same version.
TEST_CASE("pep440: the everyday forms read as the grammar reads them", "[pep440]") {
  // Everyday forms, then texts the quick reading must leave to the grammar (which takes or refuses them).
  const std::string texts =
      "7 2.10.0 01.002 2.14.0+rocm10.1.0 1.0+007.abc 1.0+0 10.1.0+a1b2.c "
      "1. .1 1..2 1+ 1+.a 1+a. 1+a..b 1+A 1+a-b 1+a_b 1.0a1 v1.0 1!2.0 "
      "99999999999999999999 1.2+x.99999999999999999999";
  for (const std::string_view word : gator::split(texts, ' ')) {
    const std::string text(word);
    INFO("input: '" << text << "'");
    const auto fast = parse_version(text);
    const auto by_grammar = parse_version(" " + text);
    REQUIRE(fast.has_value() == by_grammar.has_value());
    if (!fast) continue;
    CHECK(*fast == *by_grammar);
    CHECK(fast->str() == by_grammar->str());
    CHECK(fast->release() == by_grammar->release());
    CHECK(fast->local() == by_grammar->local());
  }
}

TEST_CASE("pep440: invalid versions are errors that quote the input", "[pep440]") {
  const char* invalid[] = {
      "",
      " ",
      "foo",
      "v",
      "1.",
      ".1",
      "1..0",
      "1.0-",
      "1.0+",
      "1.0++a",
      "1.0+a..b",
      "1.0+a-",
      "1!",
      "!1",
      "1!!2",
      "a1",
      "1.0.*",
      "1.0 beta",
      "1.0+loc al",
      "1.0a1a2",
      "1.0.post1.post2",
      "1.0-1-1",
      "1.0dev1a1",
      "1.0_",
      "1.0;",
      "(1.0)",
      "1,0",
      "==1.0",
      "1.0+rocm7.0+cpu",
      "2.10.0+rocm-",
      "vv1",
      "1 .0",
      ("\xc3\xa9"
       "1.0"),  // é1.0
  };
  for (const char* text : invalid) {
    INFO("input: '" << text << "'");
    const auto v = parse_version(text);
    REQUIRE_FALSE(v.has_value());
    CHECK(v.error().kind == gator::ErrorKind::invalid_input);
    CHECK(v.error().message == std::string("Invalid version: '") + text + "'");
  }
  SECTION("the message keeps the input as given, spaces included") {
    CHECK(parse_version(" 2.10 x").error().message == "Invalid version: ' 2.10 x'");
  }
  SECTION("numbers beyond the C++ types are refused (Python has no limit)") {
    CHECK_FALSE(parse_version("99999999999999999999.0"));
    CHECK_FALSE(parse_version("99999999999!1.0"));
    CHECK(V("1.0+99999999999999999999999").local() == "99999999999999999999999");
  }
}

TEST_CASE("pep440: versions order as packaging's _cmpkey", "[pep440]") {
  // Strictly increasing, each against every later one.
  const std::vector<std::string> ascending = {
      "0.9",
      "1.0.dev0",
      "1.0.dev1",
      "1.0a0.dev0",
      "1.0a0",
      "1.0a1",
      "1.0a1.post1.dev1",
      "1.0a1.post1",
      "1.0a2",
      "1.0b1.dev5",
      "1.0b1",
      "1.0rc1",
      "1.0",
      "1.0+abc",
      "1.0+abc.1",
      "1.0+abc.2",
      "1.0+abd",
      "1.0+1",
      "1.0+2",
      "1.0+10",
      "1.0+10.a",
      "1.0+10.1",
      "1.0.post0.dev0",
      "1.0.post0",
      "1.0.post1+a",
      "1.0.1.dev0",
      "1.0.1",
      "1.1",
      "1.10",
      "2.10.0+rocm6.4",
      "2.10.0+rocm7.0",
      "2.10.1",
      "2.13.0.dev20260515+rocm7.2",
      "2.13.0",
      "1!0.1",
      "1!1.0",
      "2!0.0.1",
  };
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = i + 1; j < ascending.size(); ++j) {
      INFO(ascending[i] << " < " << ascending[j]);
      CHECK(V(ascending[i]) < V(ascending[j]));
      CHECK(V(ascending[j]) > V(ascending[i]));
      CHECK(V(ascending[i]) != V(ascending[j]));
    }
  }
  SECTION("equal versions") {
    CHECK(V("1.0") == V("1.0.0"));
    CHECK(V("1") == V("1.0.0.0"));
    CHECK((V("1.0") <=> V("1.0.0")) == std::strong_ordering::equal);
    CHECK(V("1.0+ABC") == V("1.0.0+abc"));
    CHECK(V("1.0+abc.1") == V("1.0+abc-01"));
    CHECK(V("1.0c1") == V("1.0rc1"));
    CHECK(V("1.0-1") == V("1.0.post1"));
    CHECK(V("0!1.0") == V("1.0"));
    CHECK(V("v1.0a") == V("1.0a0"));
  }
  SECTION("a local label makes a version different, and later") {
    CHECK(V("2.10.0+rocm7.0") != V("2.10.0"));
    CHECK(V("2.10.0") < V("2.10.0+rocm7.0"));
    CHECK(V("2.10.0+rocm7.0") < V("2.10.0.post1"));
  }
}

TEST_CASE("pep440: compare_public and same_base answer as public_version() and base_version() would", "[pep440]") {
  const std::vector<std::string> versions = {"0",
                                             "1.0",
                                             "1.0.0",
                                             "1.0+abc",
                                             "1.0+1",
                                             "1.0a1",
                                             "1.0a1+x",
                                             "1.0.post1",
                                             "1.0.dev2",
                                             "2!1.0",
                                             "1.0.0.1",
                                             "1.0rc1.post2.dev3+local.7",
                                             "2.10.0+rocm7.0",
                                             "2.10"};
  for (const std::string& a : versions) {
    for (const std::string& b : versions) {
      CAPTURE(a, b);
      const Version va = *parse_version(a), vb = *parse_version(b);
      CHECK((va.compare_public(vb) == (va.public_version() <=> vb)));
      CHECK(va.same_base(vb) == (va.base_version() == vb.base_version()));
    }
  }
  // A default Version is 0, and its release {0}.
  CHECK(Version() == *parse_version("0.0"));
  CHECK(Version().release() == std::vector<long long>{0});
  CHECK(Version().str() == "0");
}

TEST_CASE("pep440: == and != compare public versions unless the specifier has a local label", "[pep440]") {
  CHECK(in("2.10.0+rocm7.0", "==2.10.0"));
  CHECK(in("2.10.0+rocm7.0", "==2.10"));
  CHECK(in("2.10.0+rocm7.0", "==2.10.0+rocm7.0"));
  CHECK(in("2.10.0+ROCm7.0", "==2.10+rocm7-0"));
  CHECK_FALSE(in("2.10.0+rocm6.4", "==2.10.0+rocm7.0"));
  CHECK_FALSE(in("2.10.0", "==2.10.0+rocm7.0"));
  CHECK_FALSE(in("2.10.1", "==2.10.0"));
  CHECK_FALSE(in("2.10.0.post1", "==2.10.0"));
  CHECK_FALSE(in("2.10.0rc1", "==2.10.0"));
  CHECK(in("1.0", "== v1.0.0"));
  CHECK(in("2.10.1", "!=2.10.0"));
  CHECK_FALSE(in("2.10.0+rocm7.0", "!=2.10.0"));
  CHECK(in("2.10.0+rocm6.4", "!=2.10.0+rocm7.0"));
}

TEST_CASE("pep440: ==X.* and !=X.* match by prefix, ignoring the local label", "[pep440]") {
  CHECK(in("2.10.0+rocm7.0", "==2.10.*"));
  CHECK(in("2.10.3", "==2.10.*"));
  CHECK(in("2.10", "==2.10.0.*"));
  CHECK(in("2.10.0rc1", "==2.10.*"));
  CHECK(in("2.10.dev0", "==2.10.*"));
  CHECK(in("2.10.0.post1", "==2.10.0.*"));
  CHECK_FALSE(in("2.1", "==2.10.*"));
  CHECK_FALSE(in("2.11.0", "==2.10.*"));
  CHECK_FALSE(in("2.11.0", "!=2.11.*"));
  CHECK(in("2.10.9", "!=2.11.*"));
  CHECK(in("1!2.5", "==1!2.*"));
  CHECK_FALSE(in("2.5", "==1!2.*"));
  CHECK(in("1!2.0.1", "==1!2.0.*"));
}

// Fixed in packaging 24.0: a version with an epoch is padded with zeros like one without before
// its prefix is compared (packaging 23 refused these).
TEST_CASE("pep440: a prefix with an epoch matches the version's trailing zeros", "[pep440]") {
  CHECK(in("2!1.0.0", "==2!1.0.*"));
  CHECK(in("2!1.0.0", "==2!1.0.0.0.*"));
  CHECK(in("1!2.0", "==1!2.0.*"));
  CHECK(in("2!1.0.0", "~=2!1.0.0"));
  CHECK_FALSE(in("2!1.0.0", "!=2!1.0.*"));
  // The epoch still has to be the same.
  CHECK_FALSE(in("1.0", "==2!1.0.0.*"));
  CHECK_FALSE(in("2!1.0", "==1.0.0.*"));
  CHECK_FALSE(in("2!1.1", "==2!1.0.*"));
}

TEST_CASE("pep440: <, <=, >, >= ignore the version's local label", "[pep440]") {
  CHECK(in("2.10.0+rocm7.0", "<=2.10.0"));
  CHECK(in("2.10.0+rocm7.0", ">=2.10.0"));
  CHECK(in("2.10.0+rocm7.0", ">=2.10"));
  CHECK_FALSE(in("2.10.0+rocm7.0", "<2.10.0"));
  CHECK(in("2.9.1+rocm6.4", "<2.10"));
  CHECK(in("2.10.1", ">2.10.0"));
  CHECK_FALSE(in("2.10.0", ">2.10.0"));
  CHECK_FALSE(in("2.10.0", "<2.10.0"));
  CHECK(in("2.10.0", "<=2.10"));
  CHECK(in("2.10.0", ">=2.10"));
  CHECK_FALSE(in("2.9.9", ">=2.10"));
  CHECK(in("1!0.1", ">=2.10"));  // the epoch outranks the release
}

TEST_CASE("pep440: <V leaves out V's pre-releases unless V is one", "[pep440]") {
  CHECK_FALSE(in("2.11.0.dev20260101", "<2.11"));
  CHECK_FALSE(in("2.11.0rc1", "<2.11"));
  CHECK_FALSE(in("2.11.0rc1+rocm7.0", "<2.11"));
  CHECK(in("2.10.0rc1", "<2.11"));
  CHECK(in("2.11.0a1", "<2.11.0rc1"));
  CHECK(in("2.11.0rc1.dev1", "<2.11.0rc1"));
  CHECK(in("2.11.0.dev1", "<2.11.0rc1"));
  CHECK(in("2.10.0.post1", "<2.11"));
}

TEST_CASE("pep440: >V leaves out V's post-releases and local versions", "[pep440]") {
  CHECK_FALSE(in("2.10.0.post1", ">2.10.0"));
  CHECK_FALSE(in("2.10.0+rocm7.0", ">2.10.0"));
  CHECK_FALSE(in("2.10.0.post1+rocm7.0", ">2.10.0"));
  CHECK(in("2.10.0.post2", ">2.10.0.post1"));
  CHECK_FALSE(in("2.10.0.post1+x", ">2.10.0.post1"));
  CHECK(in("2.10.1.post1", ">2.10.0"));
  CHECK(in("2.10.1+rocm7.0", ">2.10.0"));
  CHECK(in("2.10.0", ">2.10.0rc1"));
  CHECK(in("2.10.0rc2", ">2.10.0rc1"));
}

// Fixed in packaging 26.1: only V's own local versions are left out of >V, not every local
// version that shares V's base release (packaging 23 to 26.0 refused these).
TEST_CASE("pep440: >V takes a local version of a release above V with the same base", "[pep440]") {
  CHECK(in("1.0+local", ">1.0.dev1"));
  CHECK(in("1.0a2+local", ">1.0a1"));
  CHECK(in("1.0.post2+local", ">1.0.post1"));
  CHECK(in("1.0.dev2+local", ">1.0.dev1"));
  CHECK(in("2.10.0+rocm7.0", ">2.10.0rc1"));
  CHECK(in_default("2.10.0+rocm7.0", ">2.10.0.dev0"));
  // V's own local versions stay out.
  CHECK_FALSE(in("1.0a1+local", ">1.0a1"));
  CHECK_FALSE(in("1.0.dev1+local", ">1.0.dev1"));
  CHECK_FALSE(in("1.0.post1+local", ">1.0.post1"));
}

TEST_CASE("pep440: ~= is >= with a prefix match one segment shorter", "[pep440]") {
  CHECK(in("7.0.2", "~=7.0.1"));
  CHECK(in("7.0.1+local", "~=7.0.1"));
  CHECK_FALSE(in("7.1.0", "~=7.0.1"));
  CHECK_FALSE(in("7.0.0", "~=7.0.1"));
  CHECK(in("7.5", "~=7.0"));
  CHECK_FALSE(in("8.0", "~=7.0"));
  CHECK(in("2.2.post3", "~=2.2"));
  CHECK(in("1.4.5", "~=1.4.5a4"));
  CHECK_FALSE(in("1.5.0", "~=1.4.5a4"));
  CHECK(in("2.2.1", "~=2.2.0.post1"));
  CHECK(in("1!2.5", "~=1!2.1"));
  CHECK(in("7.5", "~=v7.0"));
  CHECK_FALSE(in("2.5", "~=1!2.1"));
  // packaging cuts the prefix from the text as written, case and all.
  CHECK(in("1.2", "~=1.1.post1"));
  CHECK_FALSE(in("1.2", "~=1.1.POST1"));
  CHECK(in("1.2", "~=1.1rc1"));
  CHECK_FALSE(in("1.2", "~=1.1c1"));
}

TEST_CASE("pep440: === compares the normalised text, case-insensitively", "[pep440]") {
  CHECK(in("1.0", "===1.0"));
  CHECK_FALSE(in("1.0", "===1.0.0"));
  CHECK_FALSE(in("1.0", "===1"));
  CHECK(in("2.10.0+rocm7.0", "===2.10.0+ROCM7.0"));
  CHECK(in("1.0a1", "===1.0A1"));
  CHECK_FALSE(in("1.0a1", "===1.0alpha1"));
  CHECK_FALSE(in("1.0", "===foo"));
  CHECK_FALSE(in("1.0", "==="));
}

TEST_CASE("pep440: pre-releases: allowed when asked, or when a specifier names one", "[pep440]") {
  CHECK_FALSE(S(">=2.10").contains(V("2.11.0rc1"), false));
  CHECK(S(">=2.10").contains(V("2.11.0rc1"), true));
  CHECK_FALSE(in_default("2.11.0rc1", ">=2.10"));
  CHECK_FALSE(in_default("2.13.0.dev20260515+rocm7.2", ">=2.10"));
  CHECK(in_default("2.11.0", ">=2.10"));
  CHECK(in_default("2.11.0rc1", ">=2.11.0rc1"));
  CHECK(in_default("2.12.0.dev1", ">=2.11.0rc1"));  // any pre-release then
  CHECK(in_default("2.11.0rc1", ">=2.10,<=2.11.0rc1"));
  CHECK(in_default("2.11.0rc1", "==2.11.0rc1"));
  CHECK(in_default("2.11.0rc1", "~=2.11.0rc1"));
  CHECK(in_default("1.0a1", "===1.0a1"));
  CHECK_FALSE(in_default("2.10.0rc1", "!=2.11.0rc1"));  // exclusive operators do not
  CHECK_FALSE(in_default("2.10.0rc1", ">2.9.0rc1"));
  CHECK_FALSE(in_default("2.10.0rc1", "<2.11.0rc1"));
  CHECK_FALSE(in_default("2.10.0rc1", "==2.10.*"));
  CHECK_FALSE(in_default("1.0", "===foo"));  // not a version: no pre-release
  CHECK(S(">=2.11.0rc1").contains(V("2.12.0.dev1"), true));
  CHECK_FALSE(S(">=2.11.0rc1").contains(V("2.12.0.dev1"), false));
  SECTION("the empty set") {
    CHECK(S("").empty());
    CHECK(in_default("2.10.0+rocm7.0", ""));
    CHECK_FALSE(in_default("2.11.0rc1", ""));
    CHECK(S("").contains(V("2.11.0rc1"), true));
    CHECK(S(" , ,").empty());
  }
  SECTION("a post-release is not a pre-release") {
    CHECK(in_default("2.10.0.post1", ">=2.10"));
    CHECK_FALSE(in_default("2.10.0.post1.dev0", ">=2.10"));
  }
  SECTION("a specifier alone") {
    CHECK(parse_specifier(">=2.0rc1")->names_prerelease());
    CHECK_FALSE(parse_specifier(">2.0rc1")->names_prerelease());
    CHECK_FALSE(parse_specifier("==2.0.*")->names_prerelease());
    CHECK(parse_specifier("<=2.0.dev0")->contains(V("1.0a1"), true));
    CHECK_FALSE(parse_specifier("<=2.0")->contains(V("1.0a1"), false));
  }
}

TEST_CASE("pep440: a specifier set is every specifier at once", "[pep440]") {
  CHECK(in("2.10.0+rocm7.0", ">=2.10,<2.11"));
  CHECK_FALSE(in("2.11.0+rocm7.0", ">=2.10,<2.11"));
  CHECK(in("2.10.1", " >=2.10 , !=2.10.0 , <2.11 "));
  CHECK_FALSE(in("2.10.0+rocm7.0", ">=2.10,!=2.10.0"));
  CHECK(in("2.10.0", ">=1.0,,<3.0,"));
}

TEST_CASE("pep440: a specifier set prints as packaging's str(SpecifierSet)", "[pep440]") {
  CHECK(S(">=2.10,<2.11").str() == "<2.11,>=2.10");
  CHECK(S("").str() == "");
  CHECK(S(" >= 1.0A1 , !=1.5 ").str() == "!=1.5,>=1.0A1");  // the text as written, stripped
  CHECK(S("==2.10.*,~=7.0.1").str() == "==2.10.*,~=7.0.1");
  SECTION("specifiers equal as packaging compares them are kept once") {
    CHECK(S("==1.0,==1.0.0").str() == "==1.0");
    CHECK(S("==1.0.0,==1.0").str() == "==1.0.0");
    CHECK(S("==1.0.0,==v1").specifiers().size() == 1);
    CHECK(S("~=1.0,~=1.0.0").str() == "~=1.0,~=1.0.0");  // ~= keeps its zeros
    CHECK(S("==1.0.*,==1.0.0.*").str() == "==1.0.*,==1.0.0.*");
    CHECK(S("===1.0,===1").str() == "===1.0");  // and then 1.0 is in it, as with packaging
    CHECK(in("1.0", "===1.0,===1"));
    CHECK(*parse_specifier("==1.0") == *parse_specifier("== 1.0.0"));
    CHECK_FALSE(*parse_specifier("==1.0") == *parse_specifier("~=1.0"));
  }
  SECTION("a specifier's parts") {
    const auto spec = parse_specifier(" ~= v7.0.1 ");
    REQUIRE(spec);
    CHECK(spec->op() == gator::pep440::Specifier::Op::compatible);
    CHECK(spec->op_str() == "~=");
    CHECK(spec->version_str() == "v7.0.1");
    CHECK(spec->str() == "~=v7.0.1");
  }
}

TEST_CASE("pep440: invalid specifiers are errors that quote the bad part", "[pep440]") {
  const char* invalid[] = {
      "2.10",  // no operator
      "=2.10",
      "=>2.10",
      "<>2.10",
      "~2.10",
      "!2.10",
      ">=",
      "==",
      "~=1",  // ~= needs two release segments
      "~=1.*",
      "~=1.0.*",
      "~=1.0+local",
      ">=2.10.*",
      "<2.*",
      ">2.0.*",
      "<=2.*",  // wildcards only with == and !=
      ">=2.10+rocm7.0",
      "<2.10+rocm7.0",
      ">2.0+a",
      "<=1+a",  // local labels only with == and !=
      "==2.10.*+rocm7.0",
      "==2.0a1.*",
      "==2.0.post1.*",
      "==2.*.*",
      "==2.0.* .*",
      "==2.10 .0",
      "===a b",
      "===a;b",
      "===a)b",
      "==foo",
      "==1.0;",
      "<==1.0",
      ">===1.0",
      "!==1.0",
      "~==1.0",
  };
  for (const char* spec : invalid) {
    INFO("specifier: '" << spec << "'");
    const auto set = parse_specifier_set(spec);
    REQUIRE_FALSE(set.has_value());
    CHECK(set.error().kind == gator::ErrorKind::invalid_input);
    CHECK(set.error().message == std::string("Invalid specifier: '") + spec + "'");
  }
  SECTION("the message names the stripped part that failed") {
    CHECK(parse_specifier_set(">=2.10, <2.11+rocm7.0 ,!=2.10.3").error().message ==
          "Invalid specifier: '<2.11+rocm7.0'");
    CHECK(parse_specifier(" foo ").error().message == "Invalid specifier: ' foo '");
  }
  SECTION("and these are valid") {
    for (const char* spec :
         {"==2.10.*", "!=2.10.*", "== v1!2.*", "==2.10.0+rocm7.0", "!=2.10+rocm7.0", "~=1.0", "~=1.0a1.post1.dev1",
          "===foo", "===", "=== 1.0 ", ">=1.0.post1.dev1", "<1.0A1", "===1.0+ROCm"}) {
      INFO("specifier: '" << spec << "'");
      CHECK(parse_specifier_set(spec).has_value());
    }
  }
}
