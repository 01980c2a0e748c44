// The pyproject extras block (and uv's tables) of `gator-rocm extras` (docs/cli.md, "extras").

#include <fmt/format.h>
#include <algorithm>

#include "build_info.h"
#include "embedded.h"
#include "render/render.h"
#include "text.h"

namespace gator {

namespace {

std::string extras_arrays(const Data& data, const std::vector<const ExtrasFamily*>& families, bool include_vllm) {
  std::string body;
  for (const ExtrasFamily* family : families) {
    const std::string url = index_url(family->index, Channel::stable);
    body += fmt::format("# {}: {}\n# torch from {}\n", family->name, family->note, url);
    body += family->name + " = [\n";
    for (const std::string& requirement : family->torch_family) body += "    " + toml_string(requirement) + ",\n";
    for (const auto& [name, spec] : dependency_specs(data, family->deps_torch, include_vllm)) {
      body += "    " + toml_string(name + spec) + ",\n";
    }
    body += "]\n";
  }
  return body;
}

// uv's tables: each family's torch packages (its triton package too: uv applies sources to direct
// dependencies only) come from its own PyTorch index, everything else from the default index.
std::string uv_tables(const std::vector<const ExtrasFamily*>& families) {
  std::string uv;
  std::vector<std::string> index_names;
  for (const ExtrasFamily* family : families) {
    if (std::find(index_names.begin(), index_names.end(), family->index) == index_names.end()) {
      index_names.push_back(family->index);
      uv += fmt::format("\n[[tool.uv.index]]\nname = \"pytorch-{}\"\nurl = \"{}\"\nexplicit = true\n", family->index,
                        index_url(family->index, Channel::stable));
    }
  }
  std::vector<std::pair<std::string, std::vector<const ExtrasFamily*>>> sources;
  for (const ExtrasFamily* family : families) {
    for (const std::string& requirement : family->torch_family) {
      const std::string package = requirement_name(requirement);
      auto it = std::find_if(sources.begin(), sources.end(), [&](const auto& s) { return s.first == package; });
      if (it == sources.end()) it = sources.insert(sources.end(), {package, {}});
      it->second.push_back(family);
    }
  }
  uv += "\n[tool.uv.sources]\n";
  for (const auto& [package, users] : sources) {
    uv += package + " = [\n";
    for (const ExtrasFamily* family : users) {
      uv += fmt::format("    {{ index = \"pytorch-{}\", extra = \"{}\" }},\n", family->index, family->name);
    }
    uv += "]\n";
  }
  if (families.size() > 1) {
    // The families pin different torch builds: uv must resolve them apart.
    uv += "\n[tool.uv]\nconflicts = [[";
    for (std::size_t i = 0; i < families.size(); ++i) {
      uv += fmt::format("{}{{ extra = \"{}\" }}", i ? ", " : "", families[i]->name);
    }
    uv += "]]\n";
  }
  return uv;
}

std::string generated_block(std::string_view name, std::string_view body, std::string_view command) {
  return fill_template(embedded::tpl_extras, {{"block", std::string(name)},
                                              {"version", kVersion},
                                              {"command", std::string(command)},
                                              {"body", std::string(body)}});
}

}  // namespace

Expected<std::vector<const ExtrasFamily*>> select_families(const Data& data, const std::vector<std::string>& names) {
  std::vector<const ExtrasFamily*> out;
  for (const ExtrasFamily& family : data.extras) {
    if (names.empty() ? family.default_family : std::find(names.begin(), names.end(), family.name) != names.end()) {
      out.push_back(&family);
    }
  }
  for (const std::string& name : names) {
    if (std::none_of(out.begin(), out.end(), [&](const ExtrasFamily* f) { return f->name == name; })) {
      std::vector<std::string> known;
      for (const ExtrasFamily& family : data.extras) known.push_back(family.name);
      return invalid_input(
          fmt::format("--extra: '{}' is not an extras family of the data (known: {})", name, joined(known, ", ")));
    }
  }
  return out;
}

std::string render_extras(const Data& data, const std::vector<const ExtrasFamily*>& families,
                          const ExtrasRequest& request, std::string_view command) {
  std::string body = request.with_header ? "[project.optional-dependencies]\n" : "";
  body += extras_arrays(data, families, request.include_vllm);
  if (request.uv) body += uv_tables(families);
  return generated_block("extras", body, command);
}

std::string render_uv_block(const std::vector<const ExtrasFamily*>& families, std::string_view command) {
  return generated_block("uv", uv_tables(families), command);
}

}  // namespace gator
