#pragma once
// The built-in data as compiled tables. At build time helper/tools/data_tables.cpp parses
// helper/data/compat.toml with parse_data and writes it out as constant tables (data_as_cpp): string
// views and spans in read-only memory, built by the compiler. The helper makes its Data from them with
// one small loop per kind of entry instead of parsing TOML on every run (docs/development.md,
// "Start-up cost"). --data and the refresh overlay keep the TOML reader.
#include <span>
#include <string>
#include <string_view>

#include "data.h"

namespace gator {

namespace tables {

// Each struct mirrors one of data.h's, field for field, in the same order; versions and specifier
// sets are kept as the text the generator checked. The generated file fills them with designated
// initializers, leaving out what is empty.
using Text = std::string_view;
using Texts = std::span<const Text>;

struct Channel {
  Text name{};  // the key of IndexInfo::channels
  Texts torch{};
  Text newest{}, since{}, retired{};
};

struct AmdBuild {
  Text rocm{}, torch{}, torchvision{}, torchaudio{};
};

struct Index {
  Text name{}, rocm{};
  std::span<const Channel> channels{};
  Texts archs{};
  bool bundles_rocm = true;
  Texts rocm_wheels{};
  Text device_all_size{};
  Texts torch_requires{};
  Text note{}, source{}, url{}, serves{};
  std::span<const AmdBuild> builds{};
  Text retired{};
};

struct Release {
  Text version{}, torchvision{}, torchaudio{}, torchaudio_note{}, triton_package{}, triton_version{};
  bool inferred = false;
  Texts indexes{};
  Text source{};
};

struct Spec {
  Text package{}, spec{};
};

struct DepRow {
  Text label{}, torch{};
  std::span<const Spec> specs{};
  Text vllm{}, source{};
};

struct Family {
  Text name{}, index{};
  Texts torch_family{};
  Text deps_torch{}, note{};
  bool default_family = true;
  Text source{};
};

struct Device {
  Text device_id{}, name{};
};

struct Gpu {
  Text arch{};
  Texts products{};
  std::span<const Device> devices{};
  Text hsa_override{}, override_note{}, last_index{}, last_index_note{}, source{};
};

struct Tables {
  Text origin{}, as_of{};
  std::span<const Index> indexes{};
  std::span<const Release> torch_releases{};
  std::span<const DepRow> dep_rows{};
  DepRow fallback{};
  std::span<const Family> extras{};
  std::span<const Gpu> gpus{};
  Texts packages{};
  std::span<const Index> amd_indexes{};
  Text torchvision_rule{}, torchvision_rule_source{};
};

// The tables of helper/data/compat.toml (builtin_tables.cpp in the build tree).
const Tables& builtin();

}  // namespace tables

// The definitions of the constant tables that hold `data`, ending with the Tables object named
// `kTables`: the body of the generated file.
std::string data_as_cpp(const Data& data);
// The whole generated file: tables::builtin() for `data`.
std::string builtin_tables_source(const Data& data);

// The data of helper/data/compat.toml, made from the generated tables.
Data builtin_tables();
// Its origin and as_of, without building it (the data's JSON and description name them).
std::string_view builtin_origin();
std::string_view builtin_as_of();

}  // namespace gator
