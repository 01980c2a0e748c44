// The built-in data: made from the tables compiled at build time (data_tables.h), once a run.
#include <cstdio>
#include <cstdlib>
#include <span>

#include "data.h"
#include "data_tables.h"

namespace gator {

namespace {

std::string owned(tables::Text text) { return std::string(text); }

std::vector<std::string> owned(tables::Texts texts) { return {texts.begin(), texts.end()}; }

// A version or specifier set the generator has checked already: failing here means a broken build.
template <class Parse>
auto checked(tables::Text text, Parse parse, const char* what) {
  auto parsed = parse(text);
  if (!parsed) {
    std::fprintf(stderr, "gator-rocm: broken build: the compiled-in data holds the invalid %s %.*s\n", what,
                 static_cast<int>(text.size()), text.data());
    std::abort();
  }
  return *std::move(parsed);
}

pep440::Version table_version(tables::Text text) {
  return checked(
      text, [](tables::Text t) { return pep440::parse_version(t); }, "version");
}

pep440::SpecifierSet table_specifiers(tables::Text text) {
  if (text.empty()) return {};
  return checked(
      text, [](tables::Text t) { return pep440::parse_specifier_set(t); }, "specifiers");
}

// Every element made by `make`, in order.
template <class Out, class In, class Make>
std::vector<Out> made(std::span<const In> in, Make make) {
  std::vector<Out> out;
  out.reserve(in.size());
  for (const In& element : in) out.push_back(make(element));
  return out;
}

IndexInfo index_from(const tables::Index& t) {
  IndexInfo i;
  i.name = owned(t.name);
  i.rocm = table_version(t.rocm);
  for (const tables::Channel& c : t.channels) {
    i.channels.emplace(owned(c.name), ChannelBuild{owned(c.torch), owned(c.newest), owned(c.since), owned(c.retired)});
  }
  i.archs = owned(t.archs);
  i.bundles_rocm = t.bundles_rocm;
  i.rocm_wheels = owned(t.rocm_wheels);
  i.device_all_size = owned(t.device_all_size);
  i.torch_requires = owned(t.torch_requires);
  i.note = owned(t.note);
  i.source = owned(t.source);
  i.url = owned(t.url);
  i.serves = table_specifiers(t.serves);
  i.builds = made<AmdBuild>(t.builds, [](const tables::AmdBuild& b) {
    return AmdBuild{table_version(b.rocm), owned(b.torch), owned(b.torchvision), owned(b.torchaudio)};
  });
  i.retired = owned(t.retired);
  return i;
}

TorchRelease release_from(const tables::Release& t) {
  return TorchRelease{table_version(t.version), owned(t.torchvision),    owned(t.torchaudio), owned(t.torchaudio_note),
                      owned(t.triton_package),  owned(t.triton_version), t.inferred,          owned(t.indexes),
                      owned(t.source)};
}

DepRow dep_row_from(const tables::DepRow& t) {
  return DepRow{owned(t.label), table_specifiers(t.torch),
                made<std::pair<std::string, std::string>>(t.specs,
                                                          [](const tables::Spec& s) {
                                                            return std::pair{owned(s.package), owned(s.spec)};
                                                          }),
                owned(t.vllm), owned(t.source)};
}

ExtrasFamily family_from(const tables::Family& t) {
  return ExtrasFamily{owned(t.name), owned(t.index),   owned(t.torch_family), owned(t.deps_torch),
                      owned(t.note), t.default_family, owned(t.source)};
}

GpuArch gpu_from(const tables::Gpu& t) {
  return GpuArch{owned(t.arch),
                 owned(t.products),
                 made<GpuProduct>(t.devices,
                                  [](const tables::Device& d) {
                                    return GpuProduct{owned(d.device_id), owned(d.name)};
                                  }),
                 owned(t.hsa_override),
                 owned(t.override_note),
                 owned(t.last_index),
                 owned(t.last_index_note),
                 owned(t.source)};
}

}  // namespace

Data builtin_tables() {
  const tables::Tables& t = tables::builtin();
  Data data;
  data.origin = owned(t.origin);
  data.as_of = owned(t.as_of);
  data.indexes = made<IndexInfo>(t.indexes, index_from);
  data.torch_releases = made<TorchRelease>(t.torch_releases, release_from);
  data.dep_rows = made<DepRow>(t.dep_rows, dep_row_from);
  data.fallback = dep_row_from(t.fallback);
  data.extras = made<ExtrasFamily>(t.extras, family_from);
  data.gpus = made<GpuArch>(t.gpus, gpu_from);
  data.packages = owned(t.packages);
  data.amd_indexes = made<IndexInfo>(t.amd_indexes, index_from);
  data.torchvision_rule = table_specifiers(t.torchvision_rule);
  data.torchvision_rule_source = owned(t.torchvision_rule_source);
  return data;
}

std::string_view builtin_origin() { return tables::builtin().origin; }
std::string_view builtin_as_of() { return tables::builtin().as_of; }

const Data& builtin_data() {
  static const Data data = builtin_tables();
  return data;
}

}  // namespace gator
