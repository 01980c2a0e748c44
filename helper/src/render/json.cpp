// The JSON documents of detect, index-url, install-command and deps (docs/cli.md, "JSON").

#include <fmt/format.h>

#include "build_info.h"
#include "json_writer.h"
#include "refresh/overlay.h"
#include "render/render_internal.h"
#include "text.h"

namespace gator {

namespace {

// An optional value as JSON: the value, or null.
template <class T>
void optional_value(JsonWriter& w, const std::optional<T>& value) {
  if (value) {
    w.value(*value);
  } else {
    w.value(nullptr);
  }
}

void specs_object(JsonWriter& w, const Specs& specs) {
  w.begin_object();
  for (const auto& [name, spec] : specs) w.member(name, spec);
  w.end_object();
}

// What native builds need (CMake prefixes, HIP architectures, torch's libraries and ABI).
void native_json(JsonWriter& w, const Facts& facts) {
  const TorchFacts& t = facts.torch;
  w.begin_object();
  w.member("hip_architectures", unique_archs(facts));
  w.key("hip_architectures_note").text_or_null(no_hip_architectures_reason(facts));
  w.member("rocm_cmake_prefix_path", facts.rocm.cmake_prefix_path);
  w.key("torch_cmake_prefix_path").text_or_null(t.cmake_prefix_path);
  w.key("torch_library_dir").text_or_null(t.library_dir);
  optional_value(w.key("torch_cxx11_abi"), t.cxx11_abi);
  w.end_object();
}

void rocm_json(JsonWriter& w, const Facts& facts) {
  const RocmFacts& rocm = facts.rocm;
  w.begin_object();
  w.member("found", rocm.found);
  if (rocm.found) {
    w.member("version", rocm.version);
    w.member("major", rocm.major);
    w.member("minor", rocm.minor);
    w.member("patch", rocm.patch);
    w.key("root").text_or_null(rocm.root);
    w.member("source", rocm.source);
    w.key("installs").begin_array();
    for (const RocmInstall& install : rocm.installs) {
      w.begin_object();
      w.member("root", install.root);
      w.key("version").text_or_null(install.version);
      w.key("source").text_or_null(install.source);
      w.key("kind").text_or_null(install.kind);
      w.key("build").text_or_null(install.build);
      w.member("targets", install.targets);
      w.member("in_use", install.in_use);
      w.end_object();
    }
    w.end_array();
    w.key("kind").text_or_null(rocm.kind);
    w.key("extras_root").text_or_null(rocm.extras_root);
  } else {
    for (const char* key : {"version", "major", "minor", "patch", "root", "source", "kind", "extras_root"}) {
      w.member(key, nullptr);
    }
    w.key("installs").begin_array().end_array();
  }
  w.key("default_target").text_or_null(rocm.default_target);
  w.end_object();
}

void torch_json(JsonWriter& w, const TorchFacts& t) {
  w.begin_object();
  w.member("installed", t.installed);
  w.key("version").text_or_null(t.version);
  w.key("pytorch_major_minor").text_or_null(t.pytorch_major_minor);
  w.member("is_rocm_build", t.is_rocm_build);
  w.member("rocm_build_version", t.rocm_build_version);
  w.member("rocm_release", t.rocm_release);
  w.member("cuda_version", t.cuda_version);
  optional_value(w.key("gpu_available"), t.gpu_available);
  optional_value(w.key("gpu_count"), t.gpu_count);
  w.key("gpu_architecture");
  if (t.device_names.empty() && t.device_archs.empty()) {
    w.value(nullptr);
  } else {
    w.begin_array();
    for (std::size_t i = 0; i < std::max(t.device_names.size(), t.device_archs.size()); ++i) {
      w.begin_object();
      w.member("index", i);
      if (i < t.device_names.size()) {
        w.member("name", t.device_names[i]);
      } else {
        w.member("name", nullptr);
      }
      if (i < t.device_archs.size()) {
        w.key("gcnArchName").text_or_null(t.device_archs[i]);
      } else {
        w.member("gcnArchName", nullptr);
      }
      w.end_object();
    }
    w.end_array();
  }
  w.key("source").text_or_null(t.source);
  w.end_object();
}

void plan_json(JsonWriter& w, const Plan& plan) {
  w.begin_object();
  w.member("channel", channel_name(plan.index.channel));
  w.member("source", source_name(plan.index.source));
  w.member("index", plan.index.index);
  w.member("index_url", plan.index.url);
  w.key("nightly_index_url").text_or_null(plan.nightly_url);
  w.key("torch_target").text_or_null(plan.target.version);
  specs_object(w.key("pins"), plan.pins.specs);
  specs_object(w.key("deps"), plan.deps);
  w.member("install_command", plan.install.command);
  w.key("env").begin_object();
  for (const auto& [name, value] : plan.env) w.member(name, value);
  w.end_object();
  w.member("warnings", plan.warnings);
  w.end_object();
}

}  // namespace

std::string detect_json(const Facts& facts, const Plan& plan, const Data& data, std::time_t now) {
  JsonWriter w;
  w.begin_object();
  w.member("gator_rocm_version", kVersion);
  rocm_json(w.key("rocm"), facts);
  w.key("rocm_wheels").begin_array();
  for (const InstalledDist& wheel : facts.rocm_wheels) {
    w.begin_object().member("name", wheel.name).member("version", wheel.version).member("source", wheel.source);
    w.end_object();
  }
  w.end_array();
  w.key("gpus").begin_array();
  for (const GpuFacts& gpu : facts.gpus) {
    w.begin_object();
    if (gpu.node < 0) {
      w.member("node", nullptr);
    } else {
      w.member("node", gpu.node);
    }
    w.member("arch", gpu.arch);
    w.key("name").text_or_null(gpu.name);
    w.member("source", gpu.source);
    w.end_object();
  }
  w.end_array();
  w.key("gpus_note").text_or_null(facts.gpus_note);
  w.member("visible_devices", facts.visible_devices);
  w.key("python").begin_object();
  w.key("executable").text_or_null(facts.python.executable);
  w.member("site_packages", facts.python.site_packages);
  w.key("source").text_or_null(facts.python.source);
  w.end_object();
  torch_json(w.key("torch"), facts.torch);
  w.key("packages").begin_object();
  for (const auto& [name, version] : facts.packages) w.member(name, version);
  w.end_object();
  native_json(w.key("native"), facts);
  plan_json(w.key("plan"), plan);
  refresh::data_json(w.key("data"), data, now);
  w.end_object();
  return w.str();
}

std::string index_url_json(const Facts& facts, const Plan& plan) {
  JsonWriter w;
  w.begin_object();
  w.member("index_url", plan.index.url);
  w.member("index", plan.index.index);
  w.member("channel", channel_name(plan.index.channel));
  if (facts.rocm.found) {
    w.member("rocm_version", facts.rocm.version);
  } else {
    w.member("rocm_version", nullptr);
  }
  w.member("warnings", plan.warnings);
  w.end_object();
  return w.str();
}

std::string install_command_json(const Facts& facts, const Plan& plan) {
  JsonWriter w;
  w.begin_object();
  w.member("command", plan.install.command);
  w.key("metadata").begin_object();
  w.member("rocm_version", facts.rocm.found ? facts.rocm.version : std::string("not_detected"));
  w.member("index_url", plan.index.url);
  w.member("nightly", plan.index.channel == Channel::nightly);
  w.member("packages", plan.install.packages);
  w.end_object();
  w.end_object();
  return w.str();
}

std::string deps_json(const Plan& plan) {
  JsonWriter w;
  specs_object(w, plan.deps);
  return w.str();
}

}  // namespace gator
