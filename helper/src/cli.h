#pragma once
// The command line: argv -> options -> facts -> plan -> output, and the exit status of
// docs/cli.md (0 ok, 1 a check found a problem, 2 bad usage or input, 3 I/O).
namespace gator {

int run_cli(int argc, char** argv);

}  // namespace gator
