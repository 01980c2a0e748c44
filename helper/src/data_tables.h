#pragma once
// The built-in data as compiled tables. At build time helper/tools/data_tables.cpp parses
// helper/data/compat.toml with parse_data and writes it out as constant tables (data_as_cpp) in
// read-only memory, built by the compiler. The helper makes its Data from them with
// one small loop per kind of entry instead of parsing TOML on every run (docs/development.md,
// "Start-up cost"). --data and the refresh overlay keep the TOML reader.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "data.h"

namespace gator {

namespace tables {

// Each struct mirrors one of data.h's, field for field, in the same order; versions and specifier
// sets are kept as the text the generator checked. There is no pointer in them, so the tables need
// no relocation when the helper starts (position-independent code would have to patch every
// pointer, in pages of their own): a text is a place in one pool of characters, a list a run of
// elements in the pool of its type. The generated file fills them with designated initializers,
// leaving out what is empty.
struct Text {
  std::uint32_t at = 0, size = 0;  // Pools::chars[at, at + size)
};
template <class T>
struct List {
  std::uint32_t first = 0, count = 0;  // the pool of T's [first, first + count)
};

struct Channel {
  Text name{};  // the key of IndexInfo::channels
  List<Text> torch{};
  Text newest{}, since{}, retired{};
};

struct AmdBuild {
  Text rocm{}, torch{}, torchvision{}, torchaudio{};
};

struct Index {
  Text name{}, rocm{};
  List<Channel> channels{};
  List<Text> archs{};
  bool bundles_rocm = true;
  List<Text> rocm_wheels{};
  Text device_all_size{};
  List<Text> torch_requires{};
  Text note{}, source{}, url{}, serves{};
  List<AmdBuild> builds{};
  Text retired{};
};

struct Release {
  Text version{}, torchvision{}, torchaudio{}, torchaudio_note{}, triton_package{}, triton_version{};
  bool inferred = false;
  List<Text> indexes{};
  Text source{};
};

struct Spec {
  Text package{}, spec{};
};

struct DepRow {
  Text label{}, torch{};
  List<Spec> specs{};
  Text vllm{}, source{};
};

struct Family {
  Text name{}, index{};
  List<Text> torch_family{};
  Text deps_torch{}, note{};
  bool default_family = true;
  Text source{};
};

struct Device {
  Text device_id{}, name{};
};

struct Gpu {
  Text arch{};
  List<Text> products{};
  List<Device> devices{};
  Text hsa_override{}, override_note{}, last_index{}, last_index_note{}, source{};
};

// Every text and every element, by type.
struct Pools {
  std::string_view chars{};
  std::span<const Text> texts{};
  std::span<const Channel> channels{};
  std::span<const AmdBuild> builds{};
  std::span<const Index> indexes{};
  std::span<const Release> releases{};
  std::span<const Spec> specs{};
  std::span<const DepRow> dep_rows{};
  std::span<const Family> families{};
  std::span<const Device> devices{};
  std::span<const Gpu> gpus{};

  std::string_view operator[](Text text) const { return chars.substr(text.at, text.size); }
  template <class T>
  std::span<const T> operator[](List<T> list) const {
    return pool<T>().subspan(list.first, list.count);
  }

 private:
  template <class T>
  std::span<const T> pool() const {
    if constexpr (std::is_same_v<T, Text>) return texts;
    if constexpr (std::is_same_v<T, Channel>) return channels;
    if constexpr (std::is_same_v<T, AmdBuild>) return builds;
    if constexpr (std::is_same_v<T, Index>) return indexes;
    if constexpr (std::is_same_v<T, Release>) return releases;
    if constexpr (std::is_same_v<T, Spec>) return specs;
    if constexpr (std::is_same_v<T, DepRow>) return dep_rows;
    if constexpr (std::is_same_v<T, Family>) return families;
    if constexpr (std::is_same_v<T, Device>) return devices;
    if constexpr (std::is_same_v<T, Gpu>) return gpus;
  }
};

struct Tables {
  Pools pools{};
  Text origin{}, as_of{};
  List<Index> indexes{};
  List<Release> torch_releases{};
  List<DepRow> dep_rows{};
  DepRow fallback{};
  List<Family> extras{};
  List<Gpu> gpus{};
  List<Text> packages{};
  List<Index> amd_indexes{};
  Text torchvision_rule{}, torchvision_rule_source{};
};

// The tables of helper/data/compat.toml (builtin_tables.cpp in the build tree).
const Tables& builtin();

}  // namespace tables

// The definitions of the constant tables that hold `data` (the pools, then the Tables object named
// `kTables`): the body of the generated file.
std::string data_as_cpp(const Data& data);
// The whole generated file: tables::builtin() for `data`.
std::string builtin_tables_source(const Data& data);

// The data of helper/data/compat.toml, made from the generated tables.
Data builtin_tables();
// Its origin and as_of, without building it (the data's JSON and description name them).
std::string_view builtin_origin();
std::string_view builtin_as_of();

}  // namespace gator
