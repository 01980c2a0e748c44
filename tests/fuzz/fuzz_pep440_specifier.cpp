// PEP 440 specifier sets: never a crash; a parsed set prints a form that parses back to a set that
// prints the same and admits the same versions.
#include "fuzz_support.h"
#include "pep440.h"

using namespace gator;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  auto parts = fuzz::fields(fuzz::as_text(data, size), 2);
  auto set = pep440::parse_specifier_set(parts[0]);
  if (!set) return 0;
  auto again = pep440::parse_specifier_set(set->str());
  FUZZ_CHECK(again);
  FUZZ_CHECK(again->str() == set->str());
  const std::string_view version_text = parts.size() > 1 ? parts[1] : "1.0";
  if (auto version = pep440::parse_version(version_text)) {
    FUZZ_CHECK(set->contains(*version, true) == again->contains(*version, true));
    FUZZ_CHECK(set->contains(*version) == again->contains(*version));
    // Admitting pre-releases never admits fewer versions.
    FUZZ_CHECK(!set->contains(*version, false) || set->contains(*version, true));
  }
  return 0;
}
