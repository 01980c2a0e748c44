// The compatibility data: the built-in file's content, and errors that name file, line and key.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "data.h"
#include "data_tables.h"
#include "embedded.h"
#include "toml_fixed.h"

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
  // torchaudio 2.11.0 pairs with torch 2.11-2.14 (facts-2026-12 §5.2; the 2026-11 data had none past 2.11).
  CHECK(data.find_torch(v("2.12.0"))->torchaudio == "2.11.0");
  CHECK(data.find_torch(v("2.14.1"))->torchaudio == "2.11.0");
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

// The helper builds its built-in data from tables compiled at build time; they must hold exactly what
// reading helper/data/compat.toml gives (a field the table writer forgot would differ here).
TEST_CASE("built-in data: the compiled tables equal the TOML they were made from", "[data]") {
  auto parsed = parse_data(embedded::compat_data, builtin_data().origin);
  REQUIRE(parsed);
  CHECK(builtin_data() == *parsed);
  CHECK(data_as_cpp(builtin_data()) == data_as_cpp(*parsed));
  Data changed = *parsed;
  changed.gpus.back().last_index_note += " (changed)";
  CHECK_FALSE(builtin_data() == changed);
  // What the data's JSON and description name without building the tables.
  CHECK(builtin_origin() == builtin_data().origin);
  CHECK(builtin_as_of() == builtin_data().as_of);
  CHECK(builtin_tables() == builtin_data());
  const std::string source = builtin_tables_source(*parsed);
  CHECK(source.find(data_as_cpp(*parsed)) != std::string::npos);
  // The origin and as_of are the first texts of the pool; every pool is a table of its own.
  CHECK(source.find("constexpr char kChars[] =\n    \"built-in data (helper/data/compat.toml)\"\n    \"2026-12\"\n") !=
        std::string::npos);
  CHECK(source.find(".origin = {0, 39}, .as_of = {39, 7}") != std::string::npos);
}

TEST_CASE("built-in data: as of 2026-12", "[data][2026-12]") {
  const Data& data = builtin_data();
  auto v = [](const char* s) { return *pep440::parse_version(s); };
  CHECK(data.as_of == "2026-12");
  CHECK(data.find_index("rocm7.2")->channel("stable")->newest == "2.14.1");
  CHECK(data.find_index("rocm7.2")->channel("nightly")->retired == "2026-08");
  CHECK(data.find_index("rocm7.1")->channel("stable")->newest == "2.13.0");
  const IndexInfo* wheels = data.find_index("rocm7.14");
  REQUIRE(wheels);
  CHECK(wheels->channel("stable")->torch == std::vector<std::string>{"2.14.0", "2.14.1"});
  CHECK(wheels->archs.size() == 25);
  CHECK(wheels->has_arch("gfx1103"));
  CHECK(wheels->has_arch("gfx1250"));
  CHECK_FALSE(wheels->has_arch("gfx900"));
  CHECK(wheels->rocm_wheels == std::vector<std::string>{"rocm", "rocm-sdk-core", "rocm-sdk-libraries"});
  const IndexInfo* ten = data.find_index("rocm10.0");
  REQUIRE(ten);
  CHECK(ten->channel("stable") == nullptr);  // no stable rocm10.0 index seen
  CHECK(ten->channel("nightly")->since == "2026-08");
  CHECK(data.find_index("rocm7.14")->channel("test"));
  CHECK_FALSE(data.find_index("rocm7.1")->channel("test"));
  // triton per release
  CHECK(data.find_torch(v("2.12.0"))->triton_version == "3.7.0");
  CHECK(data.find_torch(v("2.12.1"))->triton_version == "3.7.1");
  CHECK(data.find_torch(v("2.13.0"))->triton_version == "3.7.1");
  CHECK(data.find_torch(v("2.14.1"))->triton_version == "3.8.0");
  CHECK(data.find_torch(v("2.14.0"))->torchvision == "0.29.0");
  // GPUs
  CHECK(data.find_gpu("gfx1103")->hsa_override.empty());
  CHECK(data.find_gpu("gfx906")->last_index == "rocm6.3");
  CHECK(data.find_gpu("gfx900")->last_index == "rocm6.3");
  for (const char* arch : {"gfx1010", "gfx1011", "gfx1012", "gfx1152", "gfx1153"}) CHECK(data.find_gpu(arch));
  CHECK(data.product_name("gfx1010", "0x731F") == "AMD Radeon RX 5700/5700 XT");
  CHECK(data.product_name("gfx1201").find("AI PRO R9600D") != std::string::npos);
  // AMD's indexes
  REQUIRE(data.amd_indexes.size() == 5);
  const IndexInfo& next = data.amd_indexes[1];
  CHECK(next.url == "https://stable.repo.amd.com/rocm/whl-next/");
  CHECK(next.serves.contains(v("10.1.0"), true));
  CHECK_FALSE(next.serves.contains(v("7.14.0"), true));
  REQUIRE(next.builds.size() == 2);
  CHECK(next.builds[1].torch == "2.14.0+rocm10.1.0");
  CHECK(next.builds[1].torchvision == "0.29.0a0+rocm10.1.0");
  CHECK_FALSE(data.amd_indexes[4].retired.empty());
  for (const IndexInfo& index : data.amd_indexes) CHECK_FALSE(index.source.empty());
  CHECK(data.torchvision_rule.str() == ">=2.1");
  CHECK(data.knows_series(v("2.16.0.dev20261101")));
  CHECK_FALSE(data.knows_series(v("2.17.0")));
  CHECK_FALSE(data.knows_series(v("1.13.0")));
  CHECK(is_rocm_wheel("rocm_sdk_core"));
  CHECK(is_rocm_wheel("amd-torch-device-gfx942"));
  CHECK_FALSE(is_rocm_wheel("rocmlib"));
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
  SECTION("an AMD index URL must be absolute") {
    std::string text = good;
    const std::string needle = "url = \"https://stable.repo.amd.com/rocm/whl-next/\"";
    auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    text.replace(at, needle.size(), "url = \"stable.repo.amd.com/rocm/whl-next\"");
    auto r = parse_data(text, "my.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("amd_index[1].url: must be an https:// URL ending in '/'") != std::string::npos);
  }
  SECTION("a GPU limited to an index names why") {
    std::string text = good;
    auto at = text.find("last_index_note = ");
    REQUIRE(at != std::string::npos);
    text.replace(at, 15, "last_index_nope");
    auto r = parse_data(text, "my.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("give last_index and last_index_note together") != std::string::npos);
  }
  SECTION("an index without bundled ROCm names its wheels") {
    std::string text = good;
    auto at = text.find("rocm_wheels = [\"rocm\", \"rocm-sdk-core\", \"rocm-sdk-libraries\"]\n");
    REQUIRE(at != std::string::npos);
    text.erase(at, std::string("rocm_wheels = [\"rocm\", \"rocm-sdk-core\", \"rocm-sdk-libraries\"]\n").size());
    auto r = parse_data(text, "my.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("must name its ROCm wheels") != std::string::npos);
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

TEST_CASE("data: non-ASCII comments (U+00A1 ... U+FEFE) parse; toml++'s whitespace test is fixed", "[data]") {
  const std::string text = std::string("# café ¡ \u2c9f \ufe96\n") + std::string(embedded::compat_data);
  auto parsed = parse_data(text, "accents.toml");
  REQUIRE(parsed);
  CHECK(parsed->indexes.size() == builtin_data().indexes.size());
  // The whitespace TOML's parser may skip beyond ASCII, and only that.
  CHECK(toml::impl::is_non_ascii_horizontal_whitespace(U'\u3000'));
  CHECK(toml::impl::is_non_ascii_horizontal_whitespace(U'\u200B'));
  CHECK_FALSE(toml::impl::is_non_ascii_horizontal_whitespace(U'\u00A1'));
  CHECK_FALSE(toml::impl::is_non_ascii_horizontal_whitespace(U'\u2C9F'));
  CHECK_FALSE(toml::impl::is_non_ascii_horizontal_whitespace(U'\uFE96'));
}
