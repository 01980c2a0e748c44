#include "cli.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/options.h"
#include "error.h"
#include "paths.h"
#include "system.h"
#include "text.h"

namespace gator {

namespace {

// This executable's directory ("" where the kernel does not say).
std::string own_directory() {
  const auto path = RealSystem("/").read_link("/proc/self/exe");
  return path ? parent_path(*path) : "";
}

// Runs the whole command line in the twin (execv: nothing returns on success); its exit status is the
// command's. Returns only when no twin could be started, having said why.
int run_in_twin(char** argv, const DynamicTwin& twin) {
  const std::string dir = own_directory();
  std::vector<std::string> tried;
  if (!dir.empty()) {
    tried.push_back(join_path(dir, twin.name));
    tried.push_back(normalize_path(join_path(join_path(dir, twin.from_bindir), twin.name)));
  }
  int error = ENOENT;  // the first failure other than "not there", if any
  for (const std::string& path : tried) {
    ::execv(path.c_str(), argv);
    if (error == ENOENT) error = errno;
  }
  fmt::print(stderr,
             "gator-rocm: error: refresh: needs {}, the same program linked dynamically (this one is linked "
             "statically and cannot load libcurl), and cannot run it: {} ({}); every other command works\n",
             twin.name, tried.empty() ? "its own path is unknown" : joined(tried, ", "), std::strerror(error));
  return static_cast<int>(ErrorKind::invalid_input);
}

}  // namespace

int run_cli(int argc, char** argv, const DynamicTwin* twin) {
  if (twin != nullptr && argc > 1 && std::string_view(argv[1]) == "refresh") return run_in_twin(argv, *twin);
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
