// The compatibility data: the built-in file's content, and errors that name file, line and key.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "data.h"
#include "embedded.h"

using namespace gator;

TEST_CASE("built-in data: what helper/data/compat.toml records", "[data]") {
  const Data& data = builtin_data();
  REQUIRE(data.find_index("rocm7.0"));
  CHECK(data.find_index("rocm7.0")->channel("stable")->newest == "2.10.0");
  CHECK(data.find_index("rocm7.0")->channel("nightly")->retired == "2026-02");
  CHECK(data.find_index("rocm6.5") == nullptr);
  CHECK_FALSE(data.find_index("rocm7.14")->bundles_rocm);
  CHECK_FALSE(data.find_index("rocm7.14")->has_arch("gfx906"));
  CHECK(data.find_index("rocm7.2")->has_arch("gfx1151"));
  CHECK_FALSE(data.find_index("rocm7.1")->has_arch("gfx1151"));
  for (const IndexInfo& index : data.indexes) {
    INFO(index.name);
    CHECK_FALSE(index.source.empty());
  }
  auto v = [](const char* s) { return *pep440::parse_version(s); };
  REQUIRE(data.find_torch(v("2.10.0+rocm7.0")));
  CHECK(data.find_torch(v("2.10.0"))->triton_package == "triton-rocm");
  CHECK(data.find_torch(v("2.9.1"))->triton_package == "pytorch-triton-rocm");
  CHECK(data.find_torch(v("2.12.0"))->torchaudio.empty());
  CHECK_FALSE(data.find_torch(v("2.12.0"))->torchaudio_note.empty());
  for (const TorchRelease& release : data.torch_releases) {
    INFO(release.version.str());
    if (release.version < v("2.1")) continue;  // 2.0.x paired with 0.15.(p+1)
    CHECK(release.torchvision == fmt::format("0.{}.{}", release.version.minor() + 15, release.version.micro()));
  }
  CHECK(data.product_name("gfx942", "0x74A1") == "AMD Instinct MI300X");
  CHECK(data.product_name("gfx90a", "0x740c") == "AMD Instinct MI250X/MI250");
  CHECK(data.product_name("gfx900") == "AMD Instinct MI25 / Radeon RX Vega 56/64");
  CHECK(data.product_name("gfx9999").empty());
  CHECK(data.known_package("Huggingface-Hub") == "huggingface_hub");
  CHECK(data.known_package("triton_rocm") == "triton-rocm");
  CHECK(data.known_package("numpy").empty());
}

TEST_CASE("package names are normalised as PEP 503 says", "[data]") {
  CHECK(normalize_package_name("Huggingface__Hub") == "huggingface-hub");
  CHECK(normalize_package_name("a.-_b") == "a-b");
  CHECK(normalize_package_name("torch") == "torch");
}

TEST_CASE("malformed data: errors name file, line and key", "[data]") {
  const std::string good(embedded::compat_data);
  SECTION("not TOML") {
    auto r = parse_data("schema = 1\nx = [\n", "bad.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.starts_with("bad.toml:"));
  }
  SECTION("a wrong type names the key and its line") {
    std::string text = good;
    const std::string needle = "name = \"rocm7.0\"\nrocm = \"7.0\"";
    auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    text.replace(at, needle.size(), "name = \"rocm7.0\"\nrocm = 7.0");
    const auto line = std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 2;
    auto r = parse_data(text, "my.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find(fmt::format("my.toml:{}:", line)) == 0);
    CHECK(r.error().message.find(".rocm: must be a string") != std::string::npos);
  }
  SECTION("an invalid specifier") {
    std::string text = good;
    auto at = text.find("transformers = \">=4.45.0\"");
    REQUIRE(at != std::string::npos);
    text.replace(at, 25, "transformers = \">=4.45.0,=>5\"");
    auto r = parse_data(text, "my.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("deps[0].transformers") != std::string::npos);
    CHECK(r.error().message.find("Invalid specifier") != std::string::npos);
  }
  SECTION("a dangling index reference") {
    std::string text = good;
    auto at = text.find("index = \"rocm7.2\"");
    REQUIRE(at != std::string::npos);
    text.replace(at, 17, "index = \"rocm9.9\"");
    auto r = parse_data(text, "my.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("rocm9.9") != std::string::npos);
  }
  SECTION("a misspelt key is an error, not ignored") {
    std::string text = good;
    auto at = text.find("retired = \"2024-05\"");
    REQUIRE(at != std::string::npos);
    text.replace(at, 7, "retierd");
    auto r = parse_data(text, "my.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("index[4].nightly.retierd: is not a key of this table") != std::string::npos);
  }
  SECTION("an unknown top-level key") {
    auto r = parse_data(good + "\nextra_stuff = 1\n", "my.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("extra_stuff") != std::string::npos);
  }
  SECTION("a torch release that is not a version") {
    std::string text = good;
    auto at = text.find("torch = [\"2.0.0\"], newest");
    REQUIRE(at != std::string::npos);
    text.replace(at, 17, "torch = [\"2.x.0\"]");
    auto r = parse_data(text, "my.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("Invalid version: '2.x.0'") != std::string::npos);
  }
  SECTION("a missing fallback row") {
    std::string text = good;
    auto at = text.find("fallback = true\n");
    REQUIRE(at != std::string::npos);
    text.replace(at, 16, "torch = \">=0\"\n");  // an ordinary row: the data then has no fallback
    auto r = parse_data(text, "my.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "my.toml:1: deps: no row has fallback = true");
  }
  SECTION("an empty version is an error, not version 0") {
    std::string text = good;
    auto at = text.find("deps_torch = \"2.10\"");
    REQUIRE(at != std::string::npos);
    text.replace(at, 19, "deps_torch = \"\"");
    auto r = parse_data(text, "my.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("deps_torch: must not be empty") != std::string::npos);
  }
}
