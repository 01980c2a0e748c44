#include "data_tables.h"

#include <cstdio>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

namespace gator {

namespace {

// A C++ string literal: printable ASCII as is, everything else as three-digit octal escapes.
std::string literal(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte >= 0x20 && byte < 0x7f && c != '?') {  // '?' would risk a trigraph
      out += c;
    } else {
      out += fmt::format("\\{:03o}", byte);
    }
  }
  return out + "\"";
}

// The specifiers as written, in their order (SpecifierSet::str() sorts them).
std::string specifiers_text(const pep440::SpecifierSet& set) {
  std::string out;
  for (const pep440::Specifier& s : set.specifiers()) out += (out.empty() ? "" : ",") + s.str();
  return out;
}

class TableWriter;

// One table entry as a designated initializer; empty fields are left out (their default).
class Entry {
 public:
  explicit Entry(TableWriter& writer) : writer_(writer) {}
  Entry& text(std::string_view field, const std::string& value);
  Entry& flag(std::string_view field, bool value) {
    add(field, value ? "true" : "false");
    return *this;
  }
  // A list: the run of the pool it was put in, "" for an empty one.
  Entry& list(std::string_view field, const std::string& run) {
    if (!run.empty()) add(field, run);
    return *this;
  }
  Entry& nested(std::string_view field, const Entry& entry) {
    add(field, entry.str());
    return *this;
  }
  std::string str() const { return "{" + fields_ + "}"; }

 private:
  void add(std::string_view field, const std::string& value) {
    fields_ += fmt::format("{}.{} = {}", fields_.empty() ? "" : ", ", field, value);
  }
  TableWriter& writer_;
  std::string fields_;
};

// The pools the entries point into: one of characters (kChars), one array per type of element
// (kText, kChannel, ...). A text or a list asked for again is stored once.
class TableWriter {
 public:
  // `value` in the pool of characters, as a Text initializer.
  std::string text(const std::string& value) {
    auto [known, added] = text_at_.try_emplace(value, chars_size_);
    if (added) {
      chars_ += fmt::format("    {}\n", literal(value));
      chars_size_ += value.size();
    }
    return fmt::format("{{{}, {}}}", known->second, value.size());
  }
  // The elements as a run of the pool of `type`, as a List initializer; "" when there are none.
  std::string run(const std::string& type, const std::vector<std::string>& elements) {
    if (elements.empty()) return "";
    std::vector<std::string>& pool = pools_[type];
    std::string key = type;
    for (const std::string& element : elements) key += "\n" + element;
    auto [known, added] = runs_.try_emplace(key, fmt::format("{{{}, {}}}", pool.size(), elements.size()));
    if (added) pool.insert(pool.end(), elements.begin(), elements.end());
    return known->second;
  }
  std::string texts(const std::vector<std::string>& values) {
    std::vector<std::string> elements;
    for (const std::string& value : values) elements.push_back(text(value));
    return run("Text", elements);
  }
  template <class T, class Write>
  std::string entries(const std::string& type, const std::vector<T>& values, Write write) {
    std::vector<std::string> elements;
    for (const T& value : values) elements.push_back(write(*this, value).str());
    return run(type, elements);
  }
  // The definitions of the pools, and the Pools initializer naming them.
  std::pair<std::string, std::string> pools() const {
    std::string definitions = fmt::format("constexpr char kChars[] =\n{}    \"\";\n", chars_);
    std::string fields = fmt::format(".chars = {{kChars, {}}}", chars_size_);
    for (const auto& [type, field] : kPoolFields) {
      auto pool = pools_.find(type);
      if (pool == pools_.end()) continue;
      definitions += fmt::format("constexpr {} k{}[] = {{\n", type, type);
      for (const std::string& element : pool->second) definitions += fmt::format("    {},\n", element);
      definitions += "};\n";
      fields += fmt::format(", .{} = k{}", field, type);
    }
    return {definitions, "{" + fields + "}"};
  }

 private:
  // Each pool's type and its field in tables::Pools, in the order of the fields.
  static constexpr std::pair<std::string_view, std::string_view> kPoolFields[] = {
      {"Text", "texts"},       {"Channel", "channels"}, {"AmdBuild", "builds"}, {"Index", "indexes"},
      {"Release", "releases"}, {"Spec", "specs"},       {"DepRow", "dep_rows"}, {"Family", "families"},
      {"Device", "devices"},   {"Gpu", "gpus"}};
  std::string chars_;  // the pool's literal, a text a line
  std::size_t chars_size_ = 0;
  std::map<std::string, std::size_t> text_at_;
  std::map<std::string, std::vector<std::string>, std::less<>> pools_;  // type -> element initializers
  std::map<std::string, std::string> runs_;                             // type and elements -> the run
};

Entry& Entry::text(std::string_view field, const std::string& value) {
  if (!value.empty()) add(field, writer_.text(value));
  return *this;
}

Entry channel_entry(TableWriter& w, const std::pair<const std::string, ChannelBuild>& named) {
  const ChannelBuild& c = named.second;
  return std::move(Entry(w)
                       .text("name", named.first)
                       .list("torch", w.texts(c.torch))
                       .text("newest", c.newest)
                       .text("since", c.since)
                       .text("retired", c.retired));
}

Entry index_entry(TableWriter& w, const IndexInfo& index) {
  const std::vector<std::pair<const std::string, ChannelBuild>> channels(index.channels.begin(), index.channels.end());
  const auto build_entry = [](TableWriter& w, const AmdBuild& b) {
    return std::move(Entry(w)
                         .text("rocm", b.rocm.str())
                         .text("torch", b.torch)
                         .text("torchvision", b.torchvision)
                         .text("torchaudio", b.torchaudio));
  };
  return std::move(Entry(w)
                       .text("name", index.name)
                       .text("rocm", index.rocm.str())
                       .list("channels", w.entries("Channel", channels, channel_entry))
                       .list("archs", w.texts(index.archs))
                       .flag("bundles_rocm", index.bundles_rocm)
                       .list("rocm_wheels", w.texts(index.rocm_wheels))
                       .text("device_all_size", index.device_all_size)
                       .list("torch_requires", w.texts(index.torch_requires))
                       .text("note", index.note)
                       .text("source", index.source)
                       .text("url", index.url)
                       .text("serves", specifiers_text(index.serves))
                       .list("builds", w.entries("AmdBuild", index.builds, build_entry))
                       .text("retired", index.retired));
}

Entry release_entry(TableWriter& w, const TorchRelease& r) {
  return std::move(Entry(w)
                       .text("version", r.version.str())
                       .text("torchvision", r.torchvision)
                       .text("torchaudio", r.torchaudio)
                       .text("torchaudio_note", r.torchaudio_note)
                       .text("triton_package", r.triton_package)
                       .text("triton_version", r.triton_version)
                       .flag("inferred", r.inferred)
                       .list("indexes", w.texts(r.indexes))
                       .text("source", r.source));
}

Entry dep_row_entry(TableWriter& w, const DepRow& row) {
  const auto spec_entry = [](TableWriter& w, const std::pair<std::string, std::string>& spec) {
    return std::move(Entry(w).text("package", spec.first).text("spec", spec.second));
  };
  return std::move(Entry(w)
                       .text("label", row.label)
                       .text("torch", specifiers_text(row.torch))
                       .list("specs", w.entries("Spec", row.specs, spec_entry))
                       .text("vllm", row.vllm)
                       .text("source", row.source));
}

Entry family_entry(TableWriter& w, const ExtrasFamily& f) {
  return std::move(Entry(w)
                       .text("name", f.name)
                       .text("index", f.index)
                       .list("torch_family", w.texts(f.torch_family))
                       .text("deps_torch", f.deps_torch)
                       .text("note", f.note)
                       .flag("default_family", f.default_family)
                       .text("source", f.source));
}

Entry gpu_entry(TableWriter& w, const GpuArch& g) {
  const auto device_entry = [](TableWriter& w, const GpuProduct& d) {
    return std::move(Entry(w).text("device_id", d.device_id).text("name", d.name));
  };
  return std::move(Entry(w)
                       .text("arch", g.arch)
                       .list("products", w.texts(g.products))
                       .list("devices", w.entries("Device", g.devices, device_entry))
                       .text("hsa_override", g.hsa_override)
                       .text("override_note", g.override_note)
                       .text("last_index", g.last_index)
                       .text("last_index_note", g.last_index_note)
                       .text("source", g.source));
}

}  // namespace

std::string data_as_cpp(const Data& data) {
  TableWriter w;
  Entry tables(w);
  tables.text("origin", data.origin).text("as_of", data.as_of);
  tables.list("indexes", w.entries("Index", data.indexes, index_entry));
  tables.list("torch_releases", w.entries("Release", data.torch_releases, release_entry));
  tables.list("dep_rows", w.entries("DepRow", data.dep_rows, dep_row_entry));
  tables.nested("fallback", dep_row_entry(w, data.fallback));
  tables.list("extras", w.entries("Family", data.extras, family_entry));
  tables.list("gpus", w.entries("Gpu", data.gpus, gpu_entry));
  tables.list("packages", w.texts(data.packages));
  tables.list("amd_indexes", w.entries("Index", data.amd_indexes, index_entry));
  tables.text("torchvision_rule", specifiers_text(data.torchvision_rule));
  tables.text("torchvision_rule_source", data.torchvision_rule_source);
  // data.overlay: never set on data parsed from one file.
  const auto [definitions, pools] = w.pools();
  return fmt::format("{}constexpr Tables kTables = {{.pools = {}, {}}};\n", definitions, pools,
                     tables.str().substr(1, tables.str().size() - 2));
}

std::string builtin_tables_source(const Data& data) {
  return fmt::format(
      "// Generated by helper/tools/data_tables.cpp from helper/data/compat.toml: do not edit.\n"
      "#include \"data_tables.h\"\n\n"
      "namespace gator::tables {{\n\n"
      "namespace {{\n\n"
      "{}\n"
      "}}  // namespace\n\n"
      "const Tables& builtin() {{ return kTables; }}\n\n"
      "}}  // namespace gator::tables\n",
      data_as_cpp(data));
}

}  // namespace gator
