// refresh/http.cpp compiled without libcurl, as a consumer's configure-time build on a machine
// without libcurl's development files compiles it: no request is made, each one says why.
#include <catch2/catch.hpp>

#include "refresh/http.h"

using namespace gator::refresh;

TEST_CASE("without libcurl: no HTTP, and every answer says why", "[refresh]") {
  CHECK(http_unavailable().starts_with("this gator-rocm was built without libcurl"));
  auto answers =
      http_get_all({{"https://download.pytorch.org/whl/rocm7.2/torch/", "", "", ""}}, HttpSettings{}, "pages");
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].status == 0);
  CHECK(answers[0].error == "this gator-rocm was built without libcurl");
}
