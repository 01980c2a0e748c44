// argv -> Options (cli/parse.cpp): the syntax of docs/cli.md, "Command-line syntax". Usage errors
// return exit status 2 (their messages are checked on the built helper by tests/cli/exit_codes.py).
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "cli/options.h"

using namespace gator;

namespace {

struct Parsed {
  std::optional<int> status;  // nullopt: the command is to be run
  Options options;
};

Parsed parse(const std::vector<const char*>& args) {
  std::vector<std::string> words{"gator-rocm"};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  Parsed p;
  p.status = parse_command_line(static_cast<int>(argv.size()), argv.data(), p.options);
  return p;
}

}  // namespace

TEST_CASE("command line: a value follows its option, after '=' or, for -o, attached", "[cli]") {
  const Parsed p = parse({"constraints", "--venv", ".venv", "--rocm=7.0.2", "-oout.txt", "--nightly", "--vllm"});
  REQUIRE_FALSE(p.status);
  CHECK(p.options.command == "constraints");
  CHECK(p.options.facts.venv == ".venv");
  CHECK(p.options.facts.rocm == "7.0.2");
  CHECK(p.options.output.file == "out.txt");
  CHECK(p.options.facts.nightly);
  CHECK(p.options.facts.vllm);
  CHECK(p.options.invocation == "gator-rocm constraints --venv .venv --rocm=7.0.2 -oout.txt --nightly --vllm");

  const Parsed dash = parse({"constraints", "-o", "-"});
  REQUIRE_FALSE(dash.status);
  CHECK(dash.options.output.file == "-");  // standard output
}

TEST_CASE("command line: numbers, repeatable options and arguments", "[cli]") {
  const Parsed p = parse({"detect", "--probe-timeout", "5", "--json"});
  REQUIRE_FALSE(p.status);
  CHECK(p.options.facts.probe_timeout == 5);
  CHECK(p.options.output.json);

  const Parsed r = parse({"refresh", "--timeout=0.5"});
  REQUIRE_FALSE(r.status);
  CHECK(r.options.refresh.timeout == 0.5);

  const Parsed c = parse({"constraints", "--package", "transformers", "--package=diffusers"});
  REQUIRE_FALSE(c.status);
  CHECK(c.options.packages == std::vector<std::string>{"transformers", "diffusers"});

  const Parsed i =
      parse({"install", "transformers", "--dry-run", "accelerate", "--extra-index-url", "a", "--extra-index-url", "b"});
  REQUIRE_FALSE(i.status);
  CHECK(i.options.packages == std::vector<std::string>{"transformers", "accelerate"});
  CHECK(i.options.install.dry_run);
  CHECK(i.options.install.extra_index_urls == std::vector<std::string>{"a", "b"});

  const Parsed v = parse({"version-check", "--", "2.10", "-x"});  // after --, "-x" is an argument
  REQUIRE_FALSE(v.status);
  CHECK(v.options.version_check.version == "2.10");
  CHECK(v.options.version_check.specifiers == "-x");
}

TEST_CASE("command line: defaults where an option is not given", "[cli]") {
  const Parsed p = parse({"index-url"});
  REQUIRE_FALSE(p.status);
  CHECK(p.options.facts.root == "/");
  CHECK(p.options.facts.probe_timeout == 30);
  CHECK(p.options.refresh.index_base == "https://download.pytorch.org/whl");
  CHECK_FALSE(p.options.output.json);
}

TEST_CASE("command line: each kind of mistake is exit status 2 and runs nothing", "[cli]") {
  for (const std::vector<const char*>& args : std::vector<std::vector<const char*>>{
           {},                                            // no command
           {"bogus"},                                     // an unknown command
           {"--root", "/", "detect"},                     // an option before the command
           {"detect", "--no-such-option"},                // an unknown option
           {"detect", "-o", "x"},                         // an option of another command
           {"detect", "--rocm"},                          // a value missing at the end
           {"detect", "--rocm", "--json"},                // ... or before the next option
           {"detect", "--rocm", ""},                      // an empty value
           {"detect", "--rocm=", "--json"},               // ... after '='
           {"detect", "--rocm", "7.0", "--rocm", "6.4"},  // a single-valued option twice
           {"detect", "--json=yes"},                      // a flag with a value
           {"detect", "--probe-timeout", "ten"},          // not a number
           {"detect", "--probe-timeout", "-1"},           // a value starting with '-'
           {"refresh", "--timeout", "0x10"},              // digits and a point only
           {"detect", "extra"},                           // an argument the command does not take
           {"version-check", "2.10"},                     // a missing argument
           {"version-check", "2.10", ">=2", "extra"},     // one too many
       }) {
    const Parsed p = parse(args);
    CAPTURE(p.options.invocation);
    CHECK(p.status == 2);
    CHECK(p.options.command.empty());
  }
}

TEST_CASE("command line: --help and --version end the run with status 0", "[cli]") {
  CHECK(parse({"--help"}).status == 0);
  CHECK(parse({"-h"}).status == 0);
  CHECK(parse({"--version"}).status == 0);
  CHECK(parse({"detect", "--help"}).status == 0);
  CHECK(parse({"detect", "--no-such-option", "-h"}).status == 0);  // help wins over a mistake beside it
  CHECK(parse({"version-check", "--help"}).status == 0);           // without its arguments
  const Parsed after = parse({"version-check", "--", "--help", "x"});
  REQUIRE_FALSE(after.status);  // after --, an argument
  CHECK(after.options.version_check.version == "--help");
}
