// The built-in data: made from the tables compiled at build time (data_tables.h), once a run.
#include <cstdio>
#include <cstdlib>

#include "data.h"
#include "data_tables.h"

namespace gator {

namespace {

// A version or specifier set the generator has checked already: failing here means a broken build.
template <class Parse>
auto checked(std::string_view text, Parse parse, const char* what) {
  auto parsed = parse(text);
  if (!parsed) {
    std::fprintf(stderr, "gator-rocm: broken build: the compiled-in data holds the invalid %s %.*s\n", what,
                 static_cast<int>(text.size()), text.data());
    std::abort();
  }
  return *std::move(parsed);
}

// Makes the Data's entries from the tables' (data_tables.h).
class Maker {
 public:
  explicit Maker(const tables::Pools& pools) : p_(pools) {}

  std::string owned(tables::Text text) const { return std::string(p_[text]); }
  std::vector<std::string> owned(tables::List<tables::Text> list) const {
    return made<std::string>(list, [this](tables::Text text) { return owned(text); });
  }
  pep440::Version version(tables::Text text) const {
    return checked(
        p_[text], [](std::string_view t) { return pep440::parse_version(t); }, "version");
  }
  pep440::SpecifierSet specifiers(tables::Text text) const {
    if (text.size == 0) return {};
    return checked(
        p_[text], [](std::string_view t) { return pep440::parse_specifier_set(t); }, "specifiers");
  }
  // Every element of the list made by `make`, in order.
  template <class Out, class In, class Make>
  std::vector<Out> made(tables::List<In> list, Make make) const {
    std::vector<Out> out;
    out.reserve(list.count);
    for (const In& element : p_[list]) out.push_back(make(element));
    return out;
  }
  template <class Out, class In>
  std::vector<Out> made(tables::List<In> list) const {
    return made<Out>(list, [this](const In& element) { return (*this)(element); });
  }

  IndexInfo operator()(const tables::Index& t) const {
    IndexInfo i;
    i.name = owned(t.name);
    i.rocm = version(t.rocm);
    for (const tables::Channel& c : p_[t.channels]) {
      i.channels.emplace(owned(c.name),
                         ChannelBuild{owned(c.torch), owned(c.newest), owned(c.since), owned(c.retired)});
    }
    i.archs = owned(t.archs);
    i.bundles_rocm = t.bundles_rocm;
    i.rocm_wheels = owned(t.rocm_wheels);
    i.device_all_size = owned(t.device_all_size);
    i.torch_requires = owned(t.torch_requires);
    i.note = owned(t.note);
    i.source = owned(t.source);
    i.url = owned(t.url);
    i.serves = specifiers(t.serves);
    i.builds = made<AmdBuild>(t.builds);
    i.retired = owned(t.retired);
    return i;
  }
  AmdBuild operator()(const tables::AmdBuild& t) const {
    return AmdBuild{version(t.rocm), owned(t.torch), owned(t.torchvision), owned(t.torchaudio)};
  }
  TorchRelease operator()(const tables::Release& t) const {
    return TorchRelease{version(t.version),      owned(t.torchvision),    owned(t.torchaudio), owned(t.torchaudio_note),
                        owned(t.triton_package), owned(t.triton_version), t.inferred,          owned(t.indexes),
                        owned(t.source)};
  }
  std::pair<std::string, std::string> operator()(const tables::Spec& t) const {
    return {owned(t.package), owned(t.spec)};
  }
  DepRow operator()(const tables::DepRow& t) const {
    return DepRow{owned(t.label), specifiers(t.torch), made<std::pair<std::string, std::string>>(t.specs),
                  owned(t.vllm), owned(t.source)};
  }
  ExtrasFamily operator()(const tables::Family& t) const {
    return ExtrasFamily{owned(t.name), owned(t.index),   owned(t.torch_family), owned(t.deps_torch),
                        owned(t.note), t.default_family, owned(t.source)};
  }
  GpuProduct operator()(const tables::Device& t) const { return GpuProduct{owned(t.device_id), owned(t.name)}; }
  GpuArch operator()(const tables::Gpu& t) const {
    return GpuArch{owned(t.arch),          owned(t.products),   made<GpuProduct>(t.devices), owned(t.hsa_override),
                   owned(t.override_note), owned(t.last_index), owned(t.last_index_note),    owned(t.source)};
  }

 private:
  const tables::Pools& p_;
};

}  // namespace

Data builtin_tables() {
  const tables::Tables& t = tables::builtin();
  const Maker make(t.pools);
  Data data;
  data.origin = make.owned(t.origin);
  data.as_of = make.owned(t.as_of);
  data.indexes = make.made<IndexInfo>(t.indexes);
  data.torch_releases = make.made<TorchRelease>(t.torch_releases);
  data.dep_rows = make.made<DepRow>(t.dep_rows);
  data.fallback = make(t.fallback);
  data.extras = make.made<ExtrasFamily>(t.extras);
  data.gpus = make.made<GpuArch>(t.gpus);
  data.packages = make.owned(t.packages);
  data.amd_indexes = make.made<IndexInfo>(t.amd_indexes);
  data.torchvision_rule = make.specifiers(t.torchvision_rule);
  data.torchvision_rule_source = make.owned(t.torchvision_rule_source);
  return data;
}

std::string_view builtin_origin() {
  const tables::Tables& t = tables::builtin();
  return t.pools[t.origin];
}
std::string_view builtin_as_of() {
  const tables::Tables& t = tables::builtin();
  return t.pools[t.as_of];
}

const Data& builtin_data() {
  static const Data data = builtin_tables();
  return data;
}

}  // namespace gator
