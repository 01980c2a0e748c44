// PEP 440 versions: never a crash; the everyday forms' quick reading agrees with the grammar's; a
// parsed version prints a normal form that parses back to an equal version with the same normal
// form; the order is a total order (antisymmetric, and == agrees with <=>) over two versions taken
// from one input.
#include <string>

#include "fuzz_support.h"
#include "pep440.h"

using namespace gator;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  auto parts = fuzz::fields(fuzz::as_text(data, size), 2);
  std::vector<pep440::Version> versions;
  for (std::string_view part : parts) {
    auto version = pep440::parse_version(part);
    // A leading space (ignored by PEP 440) takes the grammar's way, never the everyday forms' one.
    auto by_grammar = pep440::parse_version(" " + std::string(part));
    FUZZ_CHECK(version.has_value() == by_grammar.has_value());
    if (!version) continue;
    FUZZ_CHECK(*by_grammar == *version && by_grammar->str() == version->str());
    auto again = pep440::parse_version(version->str());
    FUZZ_CHECK(again);
    FUZZ_CHECK(*again == *version);
    FUZZ_CHECK(again->str() == version->str());
    FUZZ_CHECK(pep440::parse_version(version->public_str()));
    FUZZ_CHECK(version->public_version() <= *version);
    versions.push_back(std::move(*version));
  }
  if (versions.size() == 2) {
    const auto& a = versions[0];
    const auto& b = versions[1];
    FUZZ_CHECK((a < b) == (b > a));
    FUZZ_CHECK((a == b) == ((a <=> b) == 0));
    FUZZ_CHECK(!(a < b && b < a));
  }
  return 0;
}
