#include "data_tables.h"

#include <cstdio>
#include <cstdlib>

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

std::string literal_list(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + literal(items[i]);
  return out + "}";
}

// The specifiers as written, in their order (SpecifierSet::str() sorts them).
std::string specifiers_text(const pep440::SpecifierSet& set) {
  std::string out;
  for (const pep440::Specifier& s : set.specifiers()) out += (out.empty() ? "" : ",") + s.str();
  return out;
}

// Statements assigning the fields of one object, named `name` in the generated code.
class Writer {
 public:
  Writer(std::string& out, std::string name, int depth) : out_(out), name_(std::move(name)), indent_(2 * depth, ' ') {}
  void text(std::string_view field, const std::string& value) {
    if (!value.empty()) line(field, literal(value));
  }
  void texts(std::string_view field, const std::vector<std::string>& values) {
    if (!values.empty()) line(field, literal_list(values));
  }
  void flag(std::string_view field, bool value) { line(field, value ? "true" : "false"); }
  void version(std::string_view field, const pep440::Version& value) {
    line(field, fmt::format("table_version({})", literal(value.str())));
  }
  void specifiers(std::string_view field, const pep440::SpecifierSet& value) {
    if (!value.empty()) line(field, fmt::format("table_specifiers({})", literal(specifiers_text(value))));
  }
  // Opens a block for one element, named `element`, made by `make` (an expression of this object).
  Writer element(const std::string& make, const std::string& element) {
    out_ += fmt::format("{}{{\n{}  auto& {} = {}.{};\n", indent_, indent_, element, name_, make);
    return Writer(out_, element, static_cast<int>(indent_.size() / 2) + 1);
  }
  // Room for the n elements about to be added: no reallocation moving the ones before.
  void reserve(std::string_view field, std::size_t n) {
    if (n > 1) out_ += fmt::format("{}{}.{}.reserve({});\n", indent_, name_, field, n);
  }
  void close() { out_ += indent_.substr(2) + "}\n"; }
  const std::string& name() const { return name_; }

 private:
  void line(std::string_view field, const std::string& value) {
    out_ += fmt::format("{}{}.{} = {};\n", indent_, name_, field, value);
  }
  std::string& out_;
  std::string name_;
  std::string indent_;
};

void write_channel(Writer w, const ChannelBuild& c) {
  w.texts("torch", c.torch);
  w.text("newest", c.newest);
  w.text("since", c.since);
  w.text("retired", c.retired);
  w.close();
}

void write_index(Writer w, const IndexInfo& index) {
  w.text("name", index.name);
  w.version("rocm", index.rocm);
  for (const auto& [name, channel] : index.channels)
    write_channel(w.element(fmt::format("channels[{}]", literal(name)), "c"), channel);
  w.texts("archs", index.archs);
  w.flag("bundles_rocm", index.bundles_rocm);
  w.texts("rocm_wheels", index.rocm_wheels);
  w.text("device_all_size", index.device_all_size);
  w.texts("torch_requires", index.torch_requires);
  w.text("note", index.note);
  w.text("source", index.source);
  w.text("url", index.url);
  w.specifiers("serves", index.serves);
  for (const AmdBuild& build : index.builds) {
    Writer b = w.element("builds.emplace_back()", "b");
    b.version("rocm", build.rocm);
    b.text("torch", build.torch);
    b.text("torchvision", build.torchvision);
    b.text("torchaudio", build.torchaudio);
    b.close();
  }
  w.text("retired", index.retired);
  w.close();
}

void write_release(Writer w, const TorchRelease& r) {
  w.version("version", r.version);
  w.text("torchvision", r.torchvision);
  w.text("torchaudio", r.torchaudio);
  w.text("torchaudio_note", r.torchaudio_note);
  w.text("triton_package", r.triton_package);
  w.text("triton_version", r.triton_version);
  w.flag("inferred", r.inferred);
  w.texts("indexes", r.indexes);
  w.text("source", r.source);
  w.close();
}

void write_dep_row(Writer w, const DepRow& row) {
  w.text("label", row.label);
  w.specifiers("torch", row.torch);
  for (const auto& [package, spec] : row.specs) {
    Writer s = w.element("specs.emplace_back()", "s");
    s.text("first", package);
    s.text("second", spec);
    s.close();
  }
  w.text("vllm", row.vllm);
  w.text("source", row.source);
  w.close();
}

void write_family(Writer w, const ExtrasFamily& f) {
  w.text("name", f.name);
  w.text("index", f.index);
  w.texts("torch_family", f.torch_family);
  w.text("deps_torch", f.deps_torch);
  w.text("note", f.note);
  w.flag("default_family", f.default_family);
  w.text("source", f.source);
  w.close();
}

void write_gpu(Writer w, const GpuArch& g) {
  w.text("arch", g.arch);
  w.texts("products", g.products);
  for (const GpuProduct& device : g.devices) {
    Writer d = w.element("devices.emplace_back()", "d");
    d.text("device_id", device.device_id);
    d.text("name", device.name);
    d.close();
  }
  w.text("hsa_override", g.hsa_override);
  w.text("override_note", g.override_note);
  w.text("last_index", g.last_index);
  w.text("last_index_note", g.last_index_note);
  w.text("source", g.source);
  w.close();
}

}  // namespace

std::string data_as_cpp(const Data& data) {
  std::string out;
  Writer d(out, "data", 1);
  d.text("origin", data.origin);
  d.text("as_of", data.as_of);
  d.reserve("indexes", data.indexes.size());
  for (const IndexInfo& index : data.indexes) write_index(d.element("indexes.emplace_back()", "i"), index);
  d.reserve("torch_releases", data.torch_releases.size());
  for (const TorchRelease& r : data.torch_releases) write_release(d.element("torch_releases.emplace_back()", "r"), r);
  d.reserve("dep_rows", data.dep_rows.size());
  for (const DepRow& row : data.dep_rows) write_dep_row(d.element("dep_rows.emplace_back()", "row"), row);
  write_dep_row(d.element("fallback", "row"), data.fallback);
  d.reserve("extras", data.extras.size());
  for (const ExtrasFamily& f : data.extras) write_family(d.element("extras.emplace_back()", "f"), f);
  d.reserve("gpus", data.gpus.size());
  for (const GpuArch& g : data.gpus) write_gpu(d.element("gpus.emplace_back()", "g"), g);
  d.texts("packages", data.packages);
  d.reserve("amd_indexes", data.amd_indexes.size());
  for (const IndexInfo& index : data.amd_indexes) write_index(d.element("amd_indexes.emplace_back()", "i"), index);
  d.specifiers("torchvision_rule", data.torchvision_rule);
  d.text("torchvision_rule_source", data.torchvision_rule_source);
  // data.overlay: never set on data parsed from one file.
  return out;
}

std::string builtin_tables_source(const Data& data) {
  return fmt::format(
      "// Generated by helper/tools/data_tables.cpp from helper/data/compat.toml: do not edit.\n"
      "#include \"data_tables.h\"\n\n"
      "namespace gator {{\n\n"
      "Data builtin_tables() {{\n"
      "  Data data;\n"
      "{}"
      "  return data;\n"
      "}}\n\n"
      "std::string_view builtin_origin() {{ return {}; }}\n"
      "std::string_view builtin_as_of() {{ return {}; }}\n\n"
      "}}  // namespace gator\n",
      data_as_cpp(data), literal(data.origin), literal(data.as_of));
}

pep440::Version table_version(std::string_view text) {
  auto parsed = pep440::parse_version(text);
  if (!parsed) {
    std::fprintf(stderr, "gator-rocm: broken build: the compiled-in data holds the invalid version %.*s\n",
                 static_cast<int>(text.size()), text.data());
    std::abort();
  }
  return *parsed;
}

pep440::SpecifierSet table_specifiers(std::string_view text) {
  auto parsed = pep440::parse_specifier_set(text);
  if (!parsed) {
    std::fprintf(stderr, "gator-rocm: broken build: the compiled-in data holds the invalid specifiers %.*s\n",
                 static_cast<int>(text.size()), text.data());
    std::abort();
  }
  return *parsed;
}

}  // namespace gator
