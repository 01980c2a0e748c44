// refresh without the network: index pages (PEP 503 HTML, PEP 691 JSON), file names, PEP 658
// metadata, URLs, the overlay merged over the built-in data, and the data's age.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include "embedded.h"
#include "refresh/index_page.h"
#include "refresh/overlay.h"
#include "temp_dir.h"

using namespace gator;
using namespace gator::refresh;
using gator::test::TempDir;

TEST_CASE("wheel file names: build tags, variant labels, sdists", "[refresh]") {
  auto plain = parse_dist_filename("torch-2.14.0+rocm7.2-cp312-cp312-manylinux_2_28_x86_64.whl");
  REQUIRE(plain);
  CHECK(plain->name == "torch");
  CHECK(plain->version == "2.14.0+rocm7.2");
  CHECK(plain->python == "cp312");
  CHECK(plain->platform == "manylinux_2_28_x86_64");
  CHECK(plain->build.empty());
  CHECK(plain->variant.empty());

  auto build = parse_dist_filename("triton-3.8.0-1-cp312-cp312-linux_x86_64.whl");
  REQUIRE(build);
  CHECK(build->build == "1");
  CHECK(build->platform == "linux_x86_64");

  // A wheel variant: the label is an extra field at the end.
  auto variant = parse_dist_filename("torch-2.14.0-cp312-cp312-manylinux_2_28_x86_64-rocm72gfx942.whl");
  REQUIRE(variant);
  CHECK(variant->version == "2.14.0");
  CHECK(variant->platform == "manylinux_2_28_x86_64");
  CHECK(variant->variant == "rocm72gfx942");
  auto both = parse_dist_filename("torch-2.14.0-2-cp312-cp312-manylinux_2_28_x86_64-x1.whl");
  REQUIRE(both);
  CHECK((both->build == "2" && both->variant == "x1" && both->abi == "cp312"));

  auto sdist = parse_dist_filename("rocm-7.14.0.post1.tar.gz");
  REQUIRE(sdist);
  CHECK((sdist->name == "rocm" && sdist->version == "7.14.0.post1" && !sdist->wheel));

  CHECK_FALSE(parse_dist_filename("torch-2.14.0.whl"));
  CHECK_FALSE(parse_dist_filename("README.html"));
}

TEST_CASE("PEP 503 HTML pages: hrefs, hashes, yanked files, metadata, entities", "[refresh]") {
  const std::string page =
      "<!DOCTYPE html><html><body><h1>Links for torch</h1>\n"
      "<a href=\"/whl/rocm7.2/torch-2.14.0%2Brocm7.2-cp312-cp312-manylinux_2_28_x86_64.whl#sha256=abc\" "
      "data-dist-info-metadata=\"sha256=def\">torch-2.14.0+rocm7.2-cp312-cp312-manylinux_2_28_x86_64.whl</a><br/>\n"
      "<A HREF='../torch-2.13.0&#43;rocm7.2-cp312-cp312-linux_x86_64.whl' data-yanked=\"\">"
      "torch-2.13.0+rocm7.2-cp312-cp312-linux_x86_64.whl</A>\n"
      "</body></html>\n";
  auto files = parse_project_page(page, "text/html; charset=utf-8", "https://download.pytorch.org/whl/rocm7.2/torch/");
  REQUIRE(files);
  REQUIRE(files->size() == 2);
  CHECK((*files)[0].url ==
        "https://download.pytorch.org/whl/rocm7.2/torch-2.14.0%2Brocm7.2-cp312-cp312-manylinux_2_28_x86_64.whl");
  CHECK((*files)[0].sha256 == "abc");
  CHECK((*files)[0].has_metadata);
  CHECK_FALSE((*files)[0].yanked);
  CHECK((*files)[1].filename == "torch-2.13.0+rocm7.2-cp312-cp312-linux_x86_64.whl");
  CHECK((*files)[1].url ==
        "https://download.pytorch.org/whl/rocm7.2/torch-2.13.0+rocm7.2-cp312-cp312-linux_x86_64.whl");
  CHECK((*files)[1].yanked);
  CHECK_FALSE((*files)[1].has_metadata);

  // An empty project page is a page; a page of other links, or bytes that are no page, is not.
  CHECK(parse_project_page("<html><body><h1>Links for x</h1></body></html>", "text/html", "http://h/x/"));
  auto login = parse_project_page("<html><a href=\"/login\">log in</a></html>", "text/html", "http://h/x/");
  REQUIRE_FALSE(login);
  CHECK_THAT(login.error().message, Catch::Contains("not a project page"));
  auto garbage = parse_project_page(std::string("\x01\x02\xff garbage", 12), "", "http://h/x/");
  REQUIRE_FALSE(garbage);
  CHECK_THAT(garbage.error().message, Catch::Contains("not a PEP 503 or PEP 691 project page"));
}

TEST_CASE("PEP 691 JSON pages", "[refresh]") {
  const std::string page = R"({"meta": {"api-version": "1.1"}, "name": "torch", "files": [
    {"filename": "torch-2.14.0+rocm7.2-cp312-cp312-manylinux_2_28_x86_64.whl", "url": "../torch-2.14.0%2Brocm7.2-cp312-cp312-manylinux_2_28_x86_64.whl",
     "hashes": {"sha256": "abc"}, "core-metadata": {"sha256": "def"}},
    {"filename": "torch-2.13.0+rocm7.2-cp312-cp312-manylinux_2_28_x86_64.whl", "url": "https://cdn.example/t.whl",
     "hashes": {}, "yanked": "broken build", "dist-info-metadata": false}]})";
  auto files =
      parse_project_page(page, "application/vnd.pypi.simple.v1+json", "http://127.0.0.1:8000/whl/rocm7.2/torch/");
  REQUIRE(files);
  REQUIRE(files->size() == 2);
  CHECK((*files)[0].url ==
        "http://127.0.0.1:8000/whl/rocm7.2/torch-2.14.0%2Brocm7.2-cp312-cp312-manylinux_2_28_x86_64.whl");
  CHECK(((*files)[0].sha256 == "abc" && (*files)[0].has_metadata && !(*files)[0].yanked));
  CHECK(((*files)[1].url == "https://cdn.example/t.whl" && (*files)[1].yanked && !(*files)[1].has_metadata));

  auto broken = parse_project_page(R"({"meta": {}, "files": [{"url": "x"}]})", "application/vnd.pypi.simple.v1+json",
                                   "http://h/");
  REQUIRE_FALSE(broken);
  CHECK_THAT(broken.error().message, Catch::Contains("without \"filename\""));
  CHECK_FALSE(parse_project_page("{\"meta\": ", "application/vnd.pypi.simple.v1+json", "http://h/"));
}

TEST_CASE("PEP 658 metadata: Requires-Dist from the headers only", "[refresh]") {
  const std::string metadata =
      "Metadata-Version: 2.1\r\nName: torch\r\nVersion: 2.14.0+rocm7.2\r\n"
      "Requires-Dist: filelock\r\nrequires-dist: triton-rocm==3.8.0; platform_system == \"Linux\"\r\n"
      "\r\nRequires-Dist: not-a-header (the description)\r\n";
  CHECK(requires_dist(metadata) ==
        std::vector<std::string>{"filelock", "triton-rocm==3.8.0; platform_system == \"Linux\""});
}

TEST_CASE("relative URLs", "[refresh]") {
  CHECK(resolve_url("https://h/whl/rocm7.2/torch/", "../torch.whl#sha256=1") ==
        "https://h/whl/rocm7.2/torch.whl#sha256=1");
  CHECK(resolve_url("https://h/whl/rocm7.2/torch/", "/whl/x.whl") == "https://h/whl/x.whl");
  CHECK(resolve_url("https://h/whl/rocm7.2/torch/", "./a/b/../c.whl") == "https://h/whl/rocm7.2/torch/a/c.whl");
  CHECK(resolve_url("https://h/whl/", "//cdn/x.whl") == "https://cdn/x.whl");
  CHECK(resolve_url("http://h:8/a/", "http://other/") == "http://other/");
}

TEST_CASE("the overlay merged over the built-in data", "[refresh]") {
  const std::string origin = builtin_data().origin;
  SECTION("a new index and a new channel of a known one; the built-in keys stay") {
    auto merged = merge_overlay(embedded::compat_data, origin,
                                "schema = 1\nas_of = \"2026-12\"\n"
                                "[[index]]\nname = \"rocm7.99\"\nrocm = \"7.99\"\narchs = [\"gfx942\"]\n"
                                "stable = { torch = [\"2.99.0\"], newest = \"2.99.0\" }\nsource = \"refresh: test\"\n"
                                "[[index]]\nname = \"rocm5.3\"\ntest = { torch = [\"2.0.0\"], newest = \"2.0.0\" }\n"
                                "source = \"refresh: test\"\n",
                                "overlay.toml");
    REQUIRE(merged);
    CHECK(merged->as_of == "2026-12");
    REQUIRE(merged->find_index("rocm7.99"));
    CHECK(merged->find_index("rocm7.99")->channel("stable")->newest == "2.99.0");
    const IndexInfo* known = merged->find_index("rocm5.3");
    REQUIRE(known);
    CHECK(known->channel("test"));
    CHECK(known->channel("stable"));  // from the built-in data
    CHECK(known->archs == builtin_data().find_index("rocm5.3")->archs);
    CHECK(merged->indexes.size() == builtin_data().indexes.size() + 1);
  }
  SECTION("a mistake in the overlay names the overlay file and its line") {
    auto merged =
        merge_overlay(embedded::compat_data, origin,
                      "schema = 1\n\n[[index]]\nname = \"rocm7.2\"\nretierd = \"2026-01\"\n", "/c/overlay.toml");
    REQUIRE_FALSE(merged);
    CHECK_THAT(merged.error().message, Catch::StartsWith("/c/overlay.toml:5: ") && Catch::Contains("retierd"));
  }
}

TEST_CASE("builtin_with_overlay: no overlay, then one whose time is its file's when no stamp says", "[refresh]") {
  TempDir cache;
  const std::time_t now = 1'796'083'200;  // 2026-12-01T00:00:00Z
  std::string warning;
  const Data plain = builtin_with_overlay(cache.path.string(), now, warning);
  CHECK_FALSE(plain.overlay);
  CHECK(warning.empty());
  CHECK(plain.indexes.size() == builtin_data().indexes.size());

  const std::string overlay = cache.write("overlay.toml",
                                          "schema = 1\nas_of = \"2026-12\"\n[[index]]\nname = \"rocm7.99\"\n"
                                          "rocm = \"7.99\"\narchs = [\"gfx942\"]\nstable = { torch = [\"2.99.0\"], "
                                          "newest = \"2.99.0\" }\nsource = \"refresh: test\"\n");
  const std::time_t written = now - 3 * 86'400;
  const struct timespec times[2] = {{written, 0}, {written, 0}};
  REQUIRE(::utimensat(AT_FDCWD, overlay.c_str(), times, 0) == 0);
  const Data merged = builtin_with_overlay(cache.path.string(), now, warning);
  CHECK(warning.empty());
  REQUIRE(merged.overlay);
  CHECK(merged.overlay->path == overlay);
  CHECK(merged.overlay->refreshed == iso_time(written));  // no last-refresh stamp: the file's time
  CHECK(merged.overlay->age_days == 3);
  CHECK(merged.find_index("rocm7.99"));
}

TEST_CASE("the data's age", "[refresh]") {
  const std::time_t now = 1'796'083'200;  // 2026-12-01T00:00:00Z
  CHECK(iso_time(now) == "2026-12-01T00:00:00Z");
  CHECK(age_days("2026-12-01T00:00:00Z", now) == 0);
  CHECK(age_days("2026-11", now) == 30);
  CHECK(age_days("2026-09-01", now) == 91);
  CHECK_FALSE(age_days("soon", now));
  Data data = builtin_data();
  data.as_of = "2026-09";
  CHECK_THAT(stale_data_warning(data, now), Catch::Contains("91 days old") && Catch::Contains("gator-rocm refresh"));
  data.as_of = "2026-11";
  CHECK(stale_data_warning(data, now).empty());
}
