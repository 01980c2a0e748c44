#include "data.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>
#include "toml_fixed.h"

#include "data_toml.h"

namespace gator {

namespace {

// Reads typed values out of one TOML table, remembering the first problem with the file, line and
// key it concerns. Keeps the parser below a flat list of fields.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string origin, std::string path)
      : table_(table), origin_(std::move(origin)), path_(std::move(path)) {}

  // Marks a key as known to the format without reading it through this reader.
  void mark(std::string_view key) { seen_.insert(std::string(key)); }

  // A key nobody asked for is a misspelling (`retierd`), not something to ignore silently.
  void reject_unknown() {
    for (const auto& [key, node] : table_) {
      if (!seen_.count(std::string(key.str()))) {
        fail_at(node.source(), key.str(), "is not a key of this table (misspelt?)");
      }
    }
  }

  std::string string(std::string_view key, bool required = true) {
    const toml::node* node = lookup(key);
    if (!node) {
      if (required) fail_at(table_.source(), key, "is missing");
      return {};
    }
    if (auto value = node->value<std::string>()) return *value;
    fail_at(node->source(), key, "must be a string");
    return {};
  }

  bool boolean(std::string_view key, bool fallback) {
    const toml::node* node = lookup(key);
    if (!node) return fallback;
    if (auto value = node->value<bool>()) return *value;
    fail_at(node->source(), key, "must be true or false");
    return fallback;
  }

  std::vector<std::string> strings(std::string_view key, bool required = true) {
    std::vector<std::string> out;
    const toml::node* node = lookup(key);
    if (!node) {
      if (required) fail_at(table_.source(), key, "is missing");
      return out;
    }
    const toml::array* array = node->as_array();
    if (!array) {
      fail_at(node->source(), key, "must be an array of strings");
      return out;
    }
    for (const toml::node& item : *array) {
      if (auto value = item.value<std::string>()) {
        out.push_back(*value);
      } else {
        fail_at(item.source(), key, "must hold strings only");
      }
    }
    return out;
  }

  const toml::table* table(std::string_view key) {
    const toml::node* node = lookup(key);
    if (!node) return nullptr;
    if (const toml::table* t = node->as_table()) return t;
    fail_at(node->source(), key, "must be a table");
    return nullptr;
  }

  pep440::Version version(std::string_view key) {
    std::string text = string(key);
    if (text.empty()) {
      if (lookup(key)) fail(key, "must not be empty");
      return {};
    }
    auto parsed = pep440::parse_version(text);
    if (!parsed) {
      fail_at(lookup(key)->source(), key, parsed.error().message);
      return {};
    }
    return *parsed;
  }

  pep440::SpecifierSet specifier(std::string_view key) {
    std::string text = string(key);
    auto parsed = pep440::parse_specifier_set(text);
    if (!parsed) {
      fail_at(lookup(key)->source(), key, parsed.error().message);
      return {};
    }
    return *parsed;
  }

  void fail(std::string_view key, std::string_view message) {
    const toml::node* node = lookup(key);
    fail_at(node ? node->source() : table_.source(), key, message);
  }

  const std::string& path() const { return path_; }
  const std::optional<std::string>& problem() const { return problem_; }

 private:
  const toml::node* lookup(std::string_view key) {
    mark(key);
    return table_.get(key);
  }

  void fail_at(const toml::source_region& where, std::string_view key, std::string_view message) {
    if (problem_) return;
    // A node keeps the file it was parsed from: with an overlay merged in, that names the overlay.
    const std::string& file = where.path ? *where.path : origin_;
    problem_ = fmt::format("{}:{}: {}.{}: {}", file, where.begin.line, path_, key, message);
  }

  const toml::table& table_;
  std::string origin_;
  std::string path_;
  std::optional<std::string> problem_;
  std::set<std::string> seen_;
};

// Collects the first problem of all readers.
struct Problems {
  std::optional<std::string> first;
  void take(TableReader& reader) {
    reader.reject_unknown();
    if (!first && reader.problem()) first = reader.problem();
  }
  void add(std::string message) {
    if (!first) first = std::move(message);
  }
};

// Calls `each(reader, table)` for every table of the array of tables `key`.
template <class Fn>
void for_each_table(const toml::table& root, std::string_view key, const std::string& origin, Problems& problems,
                    Fn each) {
  const toml::node* node = root.get(key);
  if (!node) {
    problems.add(fmt::format("{}:1: {}: is missing", origin, key));
    return;
  }
  const toml::array* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    problems.add(
        fmt::format("{}:{}: {}: must be an array of tables ([[{}]])", origin, node->source().begin.line, key, key));
    return;
  }
  std::size_t i = 0;
  for (const toml::node& item : *array) {
    TableReader reader(*item.as_table(), origin, fmt::format("{}[{}]", key, i++));
    each(reader, *item.as_table());
    problems.take(reader);
  }
}

ChannelBuild read_channel(const toml::table& table, const std::string& origin, const std::string& path,
                          Problems& problems) {
  TableReader reader(table, origin, path);
  ChannelBuild build;
  build.torch = reader.strings("torch");
  build.newest = reader.version("newest").str();
  for (const std::string& torch : build.torch) {
    if (!pep440::parse_version(torch)) reader.fail("torch", fmt::format("Invalid version: '{}'", torch));
  }
  build.since = reader.string("since", false);
  build.retired = reader.string("retired", false);
  problems.take(reader);
  return build;
}

constexpr std::string_view kChannels[] = {"stable", "nightly", "test"};
constexpr std::string_view kDepNames[] = {"transformers", "diffusers", "accelerate", "huggingface_hub"};

// The keys PyTorch's and AMD's indexes share.
void read_index_common(TableReader& r, IndexInfo& index, const std::string& origin, Problems& problems) {
  index.name = r.string("name");
  index.archs = r.strings("archs");
  index.note = r.string("note", false);
  index.source = r.string("source");
  for (std::string_view channel : kChannels) {
    if (const toml::table* t = r.table(channel)) {
      index.channels.emplace(std::string(channel),
                             read_channel(*t, origin, r.path() + "." + std::string(channel), problems));
    }
  }
}

void read_indexes(const toml::table& root, Data& data, Problems& problems) {
  for_each_table(root, "index", data.origin, problems, [&](TableReader& r, const toml::table&) {
    IndexInfo index;
    read_index_common(r, index, data.origin, problems);
    index.rocm = r.version("rocm");
    index.bundles_rocm = r.boolean("bundles_rocm", true);
    index.rocm_wheels = r.strings("rocm_wheels", false);
    index.device_all_size = r.string("device_all_size", false);
    index.torch_requires = r.strings("torch_requires", false);
    if (!index.bundles_rocm && index.rocm_wheels.empty()) {
      r.fail("rocm_wheels", "an index that does not bundle ROCm must name its ROCm wheels");
    }
    if (index.channels.empty()) r.fail("stable", "an index needs at least one of stable, nightly, test");
    data.indexes.push_back(std::move(index));
  });
  std::stable_sort(data.indexes.begin(), data.indexes.end(),
                   [](const IndexInfo& a, const IndexInfo& b) { return a.rocm < b.rocm; });
}

// AMD's own indexes: a URL, the host ROCm versions they serve, and their builds by ROCm series.
void read_amd_indexes(const toml::table& root, Data& data, Problems& problems) {
  if (!root.get("amd_index")) return;  // optional: a --data file may know PyTorch's indexes only
  for_each_table(root, "amd_index", data.origin, problems, [&](TableReader& r, const toml::table& table) {
    IndexInfo index;
    read_index_common(r, index, data.origin, problems);
    index.bundles_rocm = false;
    index.url = r.string("url");
    if (!index.url.starts_with("https://") || !index.url.ends_with("/")) {
      r.fail("url", "must be an https:// URL ending in '/'");
    }
    index.serves = r.specifier("serves");
    index.retired = r.string("retired", false);
    if (index.channels.size() != 1) r.fail("stable", "an AMD index has exactly one of stable, nightly, test");
    r.mark("builds");
    if (const toml::array* builds = table["builds"].as_array()) {
      std::size_t i = 0;
      for (const toml::node& item : *builds) {
        const toml::table* build = item.as_table();
        if (!build) {
          r.fail("builds", "must hold tables { rocm = ..., torch = ... }");
          continue;
        }
        TableReader b(*build, data.origin, fmt::format("{}.builds[{}]", r.path(), i++));
        AmdBuild out{b.version("rocm"), b.version("torch").str(), b.string("torchvision", false),
                     b.string("torchaudio", false)};
        for (const std::string* companion : {&out.torchvision, &out.torchaudio}) {
          if (!companion->empty() && !pep440::parse_version(*companion)) {
            b.fail(companion == &out.torchvision ? "torchvision" : "torchaudio",
                   fmt::format("Invalid version: '{}'", *companion));
          }
        }
        index.builds.push_back(std::move(out));
        problems.take(b);
      }
    }
    data.amd_indexes.push_back(std::move(index));
  });
}

void read_torchvision_rule(const toml::table& root, Data& data, Problems& problems) {
  const toml::table* rule = root["torchvision_rule"].as_table();
  if (!rule) {
    problems.add(
        fmt::format("{}:1: torchvision_rule: is missing (a table: torch = \"...\", source = \"...\")", data.origin));
    return;
  }
  TableReader r(*rule, data.origin, "torchvision_rule");
  data.torchvision_rule = r.specifier("torch");
  data.torchvision_rule_source = r.string("source");
  problems.take(r);
}

void read_torch_releases(const toml::table& root, Data& data, Problems& problems) {
  for_each_table(root, "torch", data.origin, problems, [&](TableReader& r, const toml::table&) {
    TorchRelease release;
    release.version = r.version("version");
    release.torchvision = r.string("torchvision");
    release.torchaudio = r.string("torchaudio", false);
    release.torchaudio_note = r.string("torchaudio_note", false);
    if (release.torchaudio.empty() && release.torchaudio_note.empty()) {
      r.fail("torchaudio", "give torchaudio, or torchaudio_note saying why there is none");
    }
    if (const toml::table* triton = r.table("triton")) {
      TableReader t(*triton, data.origin, r.path() + ".triton");
      release.triton_package = t.string("package");
      release.triton_version = t.string("version", false);
      release.inferred = t.boolean("inferred", false);
      problems.take(t);
    }
    release.indexes = r.strings("indexes");
    release.source = r.string("source");
    data.torch_releases.push_back(std::move(release));
  });
  std::stable_sort(data.torch_releases.begin(), data.torch_releases.end(),
                   [](const TorchRelease& a, const TorchRelease& b) { return a.version < b.version; });
}

void read_dep_rows(const toml::table& root, Data& data, Problems& problems) {
  bool have_fallback = false;
  for_each_table(root, "deps", data.origin, problems, [&](TableReader& r, const toml::table&) {
    DepRow row;
    row.label = r.string("label");
    const bool fallback = r.boolean("fallback", false);
    if (!fallback) row.torch = r.specifier("torch");
    for (std::string_view name : kDepNames) row.specs.emplace_back(std::string(name), r.string(name));
    for (const auto& [name, spec] : row.specs) {
      if (!pep440::parse_specifier_set(spec)) r.fail(name, fmt::format("Invalid specifier: '{}'", spec));
    }
    row.vllm = r.string("vllm", false);
    row.source = r.string("source");
    if (fallback) {
      if (have_fallback) r.fail("fallback", "only one row may be the fallback");
      have_fallback = true;
      data.fallback = std::move(row);
    } else {
      data.dep_rows.push_back(std::move(row));
    }
  });
  if (!have_fallback) problems.add(fmt::format("{}:1: deps: no row has fallback = true", data.origin));
}

void read_extras(const toml::table& root, Data& data, Problems& problems) {
  for_each_table(root, "extras", data.origin, problems, [&](TableReader& r, const toml::table&) {
    ExtrasFamily family;
    family.name = r.string("name");
    family.index = r.string("index");
    family.torch_family = r.strings("torch_family");
    family.deps_torch = r.version("deps_torch").str();
    for (const std::string& requirement : family.torch_family) {
      const std::string name = requirement_name(requirement);
      if (name.empty() || !pep440::parse_specifier_set(std::string_view(requirement).substr(name.size()))) {
        r.fail("torch_family", fmt::format("'{}' is not a requirement like torch>=2.10", requirement));
      }
    }
    family.note = r.string("note", false);
    family.default_family = r.boolean("default", true);
    family.source = r.string("source");
    data.extras.push_back(std::move(family));
  });
}

void read_gpus(const toml::table& root, Data& data, Problems& problems) {
  for_each_table(root, "gpu", data.origin, problems, [&](TableReader& r, const toml::table& table) {
    GpuArch gpu;
    gpu.arch = r.string("arch");
    gpu.products = r.strings("products");
    gpu.hsa_override = r.string("hsa_override", false);
    gpu.override_note = r.string("override_note", false);
    gpu.last_index = r.string("last_index", false);
    gpu.last_index_note = r.string("last_index_note", false);
    if (gpu.last_index.empty() != gpu.last_index_note.empty()) {
      r.fail("last_index", "give last_index and last_index_note together (the index, and why no newer one)");
    }
    gpu.source = r.string("source");
    r.mark("devices");
    if (const toml::array* devices = table["devices"].as_array()) {
      std::size_t i = 0;
      for (const toml::node& item : *devices) {
        const toml::table* device = item.as_table();
        if (!device) {
          r.fail("devices", "must hold tables { id = ..., name = ... }");
          continue;
        }
        TableReader d(*device, data.origin, fmt::format("{}.devices[{}]", r.path(), i++));
        gpu.devices.push_back({d.string("id"), d.string("name")});
        problems.take(d);
      }
    }
    data.gpus.push_back(std::move(gpu));
  });
}

// Cross-references: every index an entry names must exist.
void check_references(Data& data, Problems& problems) {
  for (const ExtrasFamily& family : data.extras) {
    if (!data.find_index(family.index)) {
      problems.add(
          fmt::format("{}: extras '{}': index '{}' is not in the data", data.origin, family.name, family.index));
    }
  }
  for (const GpuArch& gpu : data.gpus) {
    if (!gpu.last_index.empty() && !data.find_index(gpu.last_index)) {
      problems.add(
          fmt::format("{}: gpu '{}': last_index '{}' is not in the data", data.origin, gpu.arch, gpu.last_index));
    }
  }
  for (const TorchRelease& release : data.torch_releases) {
    for (const std::string& index : release.indexes) {
      if (!data.find_index(index)) {
        problems.add(
            fmt::format("{}: torch '{}': index '{}' is not in the data", data.origin, release.version.str(), index));
      }
    }
  }
}

}  // namespace

const ChannelBuild* IndexInfo::channel(std::string_view name) const {
  auto it = channels.find(std::string(name));
  return it == channels.end() ? nullptr : &it->second;
}

bool IndexInfo::has_arch(std::string_view arch) const {
  return std::find(archs.begin(), archs.end(), arch) != archs.end();
}

const IndexInfo* Data::find_index(std::string_view name) const {
  for (const IndexInfo& index : indexes) {
    if (index.name == name) return &index;
  }
  return nullptr;
}

const TorchRelease* Data::find_torch(const pep440::Version& v) const {
  for (const TorchRelease& release : torch_releases) {
    if (release.version.same_base(v)) return &release;
  }
  return nullptr;
}

bool Data::knows_series(const pep440::Version& torch) const {
  auto same_series = [&](const pep440::Version& v) { return v.major() == torch.major() && v.minor() == torch.minor(); };
  for (const TorchRelease& release : torch_releases) {
    if (same_series(release.version)) return true;
  }
  for (const IndexInfo& index : indexes) {
    for (const auto& [name, build] : index.channels) {
      for (const std::string& series : build.torch) {
        if (auto v = pep440::parse_version(series); v && same_series(*v)) return true;
      }
    }
  }
  return false;
}

bool is_rocm_wheel(std::string_view name) {
  const std::string n = normalize_package_name(name);
  return n == "rocm" || n.starts_with("rocm-sdk-") || n.starts_with("amd-torch-device-") ||
         n.starts_with("amd-torchvision-device-");
}

const GpuArch* Data::find_gpu(std::string_view arch) const {
  for (const GpuArch& gpu : gpus) {
    if (gpu.arch == arch) return &gpu;
  }
  return nullptr;
}

std::string Data::product_name(std::string_view arch, std::string_view device_id) const {
  const GpuArch* gpu = find_gpu(arch);
  if (!gpu) return {};
  auto same_id = [&](const GpuProduct& p) {
    if (p.device_id.size() != device_id.size()) return false;
    return std::equal(p.device_id.begin(), p.device_id.end(), device_id.begin(),
                      [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  };
  for (const GpuProduct& product : gpu->devices) {
    if (!device_id.empty() && same_id(product)) return product.name;
  }
  std::string joined = "AMD ";
  for (std::size_t i = 0; i < gpu->products.size(); ++i) {
    joined += (i ? " / " : "") + gpu->products[i];
  }
  return joined;
}

std::string Data::known_package(std::string_view name) const {
  const std::string wanted = normalize_package_name(name);
  for (const std::string& known : packages) {
    if (normalize_package_name(known) == wanted) return known;
  }
  return {};
}

std::string requirement_name(std::string_view requirement) {
  std::size_t end = 0;
  while (end < requirement.size() && (std::isalnum(static_cast<unsigned char>(requirement[end])) ||
                                      requirement[end] == '-' || requirement[end] == '_' || requirement[end] == '.')) {
    ++end;
  }
  return std::string(requirement.substr(0, end));
}

std::string normalize_package_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool in_separator = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      in_separator = true;
      continue;
    }
    if (in_separator && !out.empty()) out += '-';
    in_separator = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

Expected<toml::table> parse_toml(std::string_view toml_text, const std::string& origin) {
  try {
    return toml::parse(toml_text, origin);
  } catch (const toml::parse_error& error) {
    return invalid_input(fmt::format("{}:{}: {}", origin, error.source().begin.line, error.description()));
  }
}

Expected<Data> parse_data(std::string_view toml_text, std::string origin) {
  auto root = parse_toml(toml_text, origin);
  if (!root) return tl::unexpected(root.error());
  return parse_data(*root, std::move(origin));
}

Expected<Data> parse_data(const toml::table& root, std::string origin) {
  Data data;
  data.origin = origin;
  Problems problems;
  TableReader top(root, origin, "(top)");
  for (const char* key : {"schema", "index", "amd_index", "torchvision_rule", "torch", "deps", "extras", "gpu"}) {
    top.mark(key);
  }
  if (auto schema = root["schema"].value<int64_t>(); !schema || *schema != 1) {
    top.fail("schema", "must be 1 (the format this gator-rocm reads)");
  }
  data.as_of = top.string("as_of");
  data.packages = top.strings("packages");
  problems.take(top);
  read_indexes(root, data, problems);
  read_amd_indexes(root, data, problems);
  read_torchvision_rule(root, data, problems);
  read_torch_releases(root, data, problems);
  read_dep_rows(root, data, problems);
  read_extras(root, data, problems);
  read_gpus(root, data, problems);
  if (!problems.first) check_references(data, problems);
  if (problems.first) return invalid_input(*problems.first);
  return data;
}

}  // namespace gator
