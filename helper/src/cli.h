#pragma once
// The command line: argv -> options -> facts -> plan -> output, and the exit status of
// docs/cli.md (0 ok, 1 a check found a problem, 2 bad usage or input, 3 I/O).
namespace gator {

// Where a statically linked gator-rocm finds its twin: the same program linked dynamically, which runs
// `refresh` for it (a static program cannot load libcurl; see helper/CMakeLists.txt). The twin is
// looked for next to this executable (a build tree), then in `from_bindir` relative to it (an
// install: `../libexec/gator-rocm`).
struct DynamicTwin {
  const char* name;
  const char* from_bindir;
};

// `twin`: null where this executable runs refresh itself.
int run_cli(int argc, char** argv, const DynamicTwin* twin = nullptr);

}  // namespace gator
