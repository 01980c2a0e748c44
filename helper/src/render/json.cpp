// The JSON documents of detect, index-url, install-command and deps (docs/cli.md, "JSON").

#include <fmt/format.h>

#include "build_info.h"
#include "render/render_internal.h"
#include "text.h"

namespace gator {

using json = nlohmann::ordered_json;

namespace {

json optional_string(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }

json string_or_null(const std::string& value) { return value.empty() ? json(nullptr) : json(value); }

json specs_object(const Specs& specs) {
  json out = json::object();
  for (const auto& [name, spec] : specs) out[name] = spec;
  return out;
}

// What native builds need (CMake prefixes, HIP architectures, torch's libraries and ABI).
json native_json(const Facts& facts) {
  const TorchFacts& t = facts.torch;
  return {{"hip_architectures", unique_archs(facts)},
          {"hip_architectures_note", string_or_null(no_hip_architectures_reason(facts))},
          {"rocm_cmake_prefix_path", facts.rocm.cmake_prefix_path},
          {"torch_cmake_prefix_path", string_or_null(t.cmake_prefix_path)},
          {"torch_library_dir", string_or_null(t.library_dir)},
          {"torch_cxx11_abi", t.cxx11_abi ? json(*t.cxx11_abi) : json(nullptr)}};
}

}  // namespace

json detect_json(const Facts& facts, const Plan& plan) {
  json out;
  out["gator_rocm_version"] = kVersion;
  json rocm;
  rocm["found"] = facts.rocm.found;
  json installs = json::array();
  for (const RocmInstall& install : facts.rocm.installs) {
    installs.push_back({{"root", install.root},
                        {"version", string_or_null(install.version)},
                        {"source", string_or_null(install.source)},
                        {"kind", string_or_null(install.kind)},
                        {"build", string_or_null(install.build)},
                        {"targets", install.targets},
                        {"in_use", install.in_use}});
  }
  if (facts.rocm.found) {
    rocm["version"] = facts.rocm.version;
    rocm["major"] = facts.rocm.major;
    rocm["minor"] = facts.rocm.minor;
    rocm["patch"] = facts.rocm.patch;
    rocm["root"] = string_or_null(facts.rocm.root);
    rocm["source"] = facts.rocm.source;
    rocm["installs"] = installs;
    rocm["kind"] = string_or_null(facts.rocm.kind);
    rocm["extras_root"] = string_or_null(facts.rocm.extras_root);
  } else {
    for (const char* key : {"version", "major", "minor", "patch", "root", "source", "kind", "extras_root"}) {
      rocm[key] = nullptr;
    }
    rocm["installs"] = json::array();
  }
  rocm["default_target"] = string_or_null(facts.rocm.default_target);
  out["rocm"] = rocm;
  json wheels = json::array();
  for (const InstalledDist& wheel : facts.rocm_wheels) {
    wheels.push_back({{"name", wheel.name}, {"version", wheel.version}, {"source", wheel.source}});
  }
  out["rocm_wheels"] = wheels;
  json gpus = json::array();
  for (const GpuFacts& gpu : facts.gpus) {
    gpus.push_back({{"node", gpu.node < 0 ? json(nullptr) : json(gpu.node)},
                    {"arch", gpu.arch},
                    {"name", string_or_null(gpu.name)},
                    {"source", gpu.source}});
  }
  out["gpus"] = gpus;
  out["gpus_note"] = string_or_null(facts.gpus_note);
  out["visible_devices"] = optional_string(facts.visible_devices);
  out["python"] = {{"executable", string_or_null(facts.python.executable)},
                   {"site_packages", facts.python.site_packages},
                   {"source", string_or_null(facts.python.source)}};
  const TorchFacts& t = facts.torch;
  json devices = nullptr;
  if (!t.device_names.empty() || !t.device_archs.empty()) {
    devices = json::array();
    for (std::size_t i = 0; i < std::max(t.device_names.size(), t.device_archs.size()); ++i) {
      devices.push_back(
          {{"index", i},
           {"name", i < t.device_names.size() ? json(t.device_names[i]) : json(nullptr)},
           {"gcnArchName", i < t.device_archs.size() ? string_or_null(t.device_archs[i]) : json(nullptr)}});
    }
  }
  out["torch"] = {{"installed", t.installed},
                  {"version", string_or_null(t.version)},
                  {"pytorch_major_minor", string_or_null(t.pytorch_major_minor)},
                  {"is_rocm_build", t.is_rocm_build},
                  {"rocm_build_version", optional_string(t.rocm_build_version)},
                  {"rocm_release", optional_string(t.rocm_release)},
                  {"cuda_version", optional_string(t.cuda_version)},
                  {"gpu_available", t.gpu_available ? json(*t.gpu_available) : json(nullptr)},
                  {"gpu_count", t.gpu_count ? json(*t.gpu_count) : json(nullptr)},
                  {"gpu_architecture", devices},
                  {"source", string_or_null(t.source)}};
  json packages = json::object();
  for (const auto& [name, version] : facts.packages) packages[name] = version;
  out["packages"] = packages;
  out["native"] = native_json(facts);
  json env = json::object();
  for (const auto& [name, value] : plan.env) env[name] = value;
  out["plan"] = {{"channel", std::string(channel_name(plan.index.channel))},
                 {"source", std::string(source_name(plan.index.source))},
                 {"index", plan.index.index},
                 {"index_url", plan.index.url},
                 {"nightly_index_url", string_or_null(plan.nightly_url)},
                 {"torch_target", string_or_null(plan.target.version)},
                 {"pins", specs_object(plan.pins.specs)},
                 {"deps", specs_object(plan.deps)},
                 {"install_command", plan.install.command},
                 {"env", env},
                 {"warnings", plan.warnings}};
  return out;
}

json index_url_json(const Facts& facts, const Plan& plan) {
  return {{"index_url", plan.index.url},
          {"index", plan.index.index},
          {"channel", std::string(channel_name(plan.index.channel))},
          {"rocm_version", facts.rocm.found ? json(facts.rocm.version) : json(nullptr)},
          {"warnings", plan.warnings}};
}

json install_command_json(const Facts& facts, const Plan& plan) {
  return {{"command", plan.install.command},
          {"metadata",
           {{"rocm_version", facts.rocm.found ? facts.rocm.version : std::string("not_detected")},
            {"index_url", plan.index.url},
            {"nightly", plan.index.channel == Channel::nightly},
            {"packages", plan.install.packages}}}};
}

json deps_json(const Plan& plan) { return specs_object(plan.deps); }

}  // namespace gator
