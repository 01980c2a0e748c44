#pragma once
// The built-in data as compiled tables. At build time helper/tools/data_tables.cpp parses
// helper/data/compat.toml with parse_data and writes it out as C++ (data_as_cpp); the helper then
// builds its Data from those statements instead of parsing TOML on every run (docs/development.md,
// "Start-up cost"). --data and the refresh overlay keep the TOML reader.
#include <string>
#include <string_view>

#include "data.h"

namespace gator {

// C++ statements that rebuild `data` field by field: the body of builtin_tables().
std::string data_as_cpp(const Data& data);
// The whole generated file: builtin_tables(), builtin_origin() and builtin_as_of() for `data`.
std::string builtin_tables_source(const Data& data);

// The data of helper/data/compat.toml, from the generated tables (builtin_tables.cpp in the build tree).
Data builtin_tables();
// Its origin and as_of, without building it (the data's JSON and description name them).
std::string_view builtin_origin();
std::string_view builtin_as_of();

// For the generated statements: a version and a specifier set the generator has checked already.
pep440::Version table_version(std::string_view text);
pep440::SpecifierSet table_specifiers(std::string_view text);

}  // namespace gator
