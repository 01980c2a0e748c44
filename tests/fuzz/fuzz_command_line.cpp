// The command line (cli/parse.cpp): any arguments, never a crash; a run either ends with status 0
// (--help, --version) or 2 (a usage error), or names a command of the table with the options set.
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "cli/options.h"
#include "fuzz_support.h"

using namespace gator;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // --help's text is not what is tested; usage errors still go to stderr.
  return std::freopen("/dev/null", "w", stdout) == nullptr;
}

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  static const std::set<std::string> kCommands = {"detect", "index-url", "deps",   "install-command", "constraints",
                                                  "extras", "env",       "report", "doctor",          "install",
                                                  "cmake",  "refresh",   "matrix", "version-check"};
  std::vector<std::string> words{"gator-rocm"};
  for (std::string_view field : fuzz::fields(fuzz::as_text(data, size), 24)) {
    words.emplace_back(field.substr(0, field.find('\0')));  // argv holds C strings
  }
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  Options options;
  const std::optional<int> status = parse_command_line(static_cast<int>(words.size()), argv.data(), options);
  if (status) {
    FUZZ_CHECK(*status == 0 || *status == 2);
    FUZZ_CHECK(options.command.empty());
  } else {
    FUZZ_CHECK(kCommands.count(options.command) == 1);
    FUZZ_CHECK(options.command == words[1]);
  }
  return 0;
}
