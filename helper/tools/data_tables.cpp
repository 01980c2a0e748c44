// Build step: helper/data/compat.toml -> builtin_tables.cpp, the built-in data as constant tables
// (data_tables.h). Usage: gator_data_tables <compat.toml> <output.cpp>
// The data is parsed and checked here with the helper's own reader, so a data file with a mistake
// fails the build with the reader's message (file, line, key). CMake reruns it only when the data
// or this generator changed.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "data_tables.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: gator_data_tables <compat.toml> <output.cpp>\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    fmt::print(stderr, "gator_data_tables: cannot read {}\n", argv[1]);
    return 3;
  }
  auto data = gator::parse_data(text.str(), "built-in data (helper/data/compat.toml)");
  if (!data) {
    fmt::print(stderr, "gator_data_tables: {}\n", data.error().message);
    return 2;
  }
  const std::string source = gator::builtin_tables_source(*data);
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out << source;
  out.close();
  if (!out) {
    fmt::print(stderr, "gator_data_tables: cannot write {}\n", argv[2]);
    return 3;
  }
  return 0;
}
