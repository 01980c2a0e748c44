// pep440_oracle: answers questions about PEP 440 versions, one line of stdin at a time, so that
// compare_with_packaging.py can ask Python's packaging the same ones and compare.
//
//   pep440_oracle version     VERSION                   -> normalised str(Version), or E
//   pep440_oracle compare     VERSION<TAB>VERSION       -> <, = or >, or E
//   pep440_oracle contains    VERSION<TAB>SPECSET       -> 1/0 for contains(v, prereleases=True), or E
//   pep440_oracle default     VERSION<TAB>SPECSET       -> 1/0 for contains(v) (prereleases=None), or E
//   pep440_oracle specset     SPECSET                   -> str(SpecifierSet), or E
#include <iostream>
#include <string>
#include <string_view>

#include "pep440.h"

namespace {

using namespace gator::pep440;

std::string answer(std::string_view mode, std::string_view line) {
  if (mode == "version") {
    auto v = parse_version(line);
    return v ? v->str() : "E";
  }
  if (mode == "specset") {
    auto s = parse_specifier_set(line);
    return s ? s->str() : "E";
  }
  const size_t tab = line.find('\t');
  if (tab == std::string_view::npos) return "E";
  auto v = parse_version(line.substr(0, tab));
  if (mode == "compare") {
    auto w = parse_version(line.substr(tab + 1));
    if (!v || !w) return "E";
    return *v < *w ? "<" : *v == *w ? "=" : ">";
  }
  auto s = parse_specifier_set(line.substr(tab + 1));
  if (!v || !s) return "E";
  const bool in = mode == "default" ? s->contains(*v) : s->contains(*v, true);
  return in ? "1" : "0";
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc == 2 ? argv[1] : "";
  if (mode != "version" && mode != "compare" && mode != "contains" && mode != "default" && mode != "specset") {
    std::cerr << "usage: pep440_oracle version|compare|contains|default|specset < lines\n";
    return 2;
  }
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) std::cout << answer(mode, line) << '\n';
  return 0;
}
