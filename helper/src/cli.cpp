#include "cli.h"

#include <cstdio>
#include <exception>

#include <fmt/format.h>

#include "cli/options.h"
#include "error.h"

namespace gator {

int run_cli(int argc, char** argv) {
  // The library reports what it expects as Error values; anything thrown is a failure all the same,
  // reported like one, never an abort.
  try {
    Options options;
    if (std::optional<int> status = parse_command_line(argc, argv, options)) return *status;
    return run_command(options, stdout);
  } catch (const std::exception& e) {
    fmt::print(stderr, "gator-rocm: error: unexpected failure: {}\n", e.what());
    return static_cast<int>(ErrorKind::io);
  }
}

}  // namespace gator
