// The decisions of docs/decisions.md, case by case, on the built-in data and facts built in memory.
#include <catch2/catch.hpp>

#include "plan.h"
#include "probe_test_support.h"  // any_contains
#include "render.h"

using namespace gator;
using gator::test::any_contains;

namespace {

Facts host(const std::string& rocm, std::vector<std::string> archs = {}, const std::string& torch = "") {
  Facts f;
  if (!rocm.empty()) {
    f.rocm.found = true;
    f.rocm.version = rocm;
    auto v = pep440::parse_version(rocm);
    REQUIRE(v);
    f.rocm.major = static_cast<int>(v->major());
    f.rocm.minor = static_cast<int>(v->minor());
    f.rocm.patch = static_cast<int>(v->micro());
    f.rocm.root = "/opt/rocm-" + rocm;
    f.rocm.source = "test";
  }
  int node = 1;
  for (const std::string& arch : archs) f.gpus.push_back({node++, arch, "", "test"});
  if (!torch.empty()) {
    f.torch.installed = true;
    f.torch.version = torch;
    f.torch.is_rocm_build = torch.find("+rocm") != std::string::npos;
    f.torch.source = "test";
    f.packages["torch"] = torch;
  }
  return f;
}

std::string url_for(const std::string& rocm, Channel channel = Channel::stable) {
  return choose_index(host(rocm), builtin_data(), channel).url;
}

}  // namespace

TEST_CASE("index: named after the host's ROCm version", "[plan][index]") {
  CHECK(url_for("7.0.0") == "https://download.pytorch.org/whl/rocm7.0/");
  CHECK(url_for("7.0.2") == "https://download.pytorch.org/whl/rocm7.0/");
  CHECK(url_for("6.2.4") == "https://download.pytorch.org/whl/rocm6.2.4/");
  CHECK(url_for("6.2.1") == "https://download.pytorch.org/whl/rocm6.2/");
  CHECK(url_for("5.7.1") == "https://download.pytorch.org/whl/rocm5.7/");
  CHECK(url_for("6.0.2") == "https://download.pytorch.org/whl/rocm6.0/");
}

TEST_CASE("index: the newest of the same major that is not newer than the host", "[plan][index]") {
  CHECK(url_for("6.5") == "https://download.pytorch.org/whl/rocm6.4/");
  CHECK(url_for("6.5.0") == "https://download.pytorch.org/whl/rocm6.4/");
  CHECK(url_for("7.3") == "https://download.pytorch.org/whl/rocm7.2/");
  CHECK(url_for("7.14.0") == "https://download.pytorch.org/whl/rocm7.2/");  // rocm7.14 has no stable builds
  CHECK(url_for("5.4.3") == "https://download.pytorch.org/whl/rocm5.4.2/");
}

TEST_CASE("index: never rocm6.5, never a guessed name", "[plan][index]") {
  for (const char* rocm : {"6.0.0", "6.1.3", "6.2.4", "6.3.4", "6.4.1", "6.5", "6.9", "7.0.0", "7.4.1"}) {
    INFO(rocm);
    const std::string url = url_for(rocm);
    CHECK(url.find("rocm6.5") == std::string::npos);
    CHECK(url.find("rocm5.7") == std::string::npos);
    const std::string index = choose_index(host(rocm), builtin_data(), Channel::stable).index;
    CHECK(builtin_data().find_index(index) != nullptr);
  }
}

TEST_CASE("index: nightly and test channels", "[plan][index]") {
  IndexChoice nightly = choose_index(host("7.0.0"), builtin_data(), Channel::nightly);
  CHECK(nightly.url == "https://download.pytorch.org/whl/nightly/rocm7.0/");
  CHECK(nightly.pre);
  REQUIRE(nightly.warnings.size() == 1);
  CHECK(nightly.warnings[0].find("2026-02") != std::string::npos);
  CHECK(nightly.warnings[0].find("rocm7.2, rocm7.14") != std::string::npos);

  IndexChoice current = choose_index(host("7.2.1"), builtin_data(), Channel::nightly);
  CHECK(current.url == "https://download.pytorch.org/whl/nightly/rocm7.2/");
  CHECK(current.warnings.empty());

  CHECK(url_for("7.14.0", Channel::nightly) == "https://download.pytorch.org/whl/nightly/rocm7.14/");
  CHECK(url_for("7.2.0", Channel::test) == "https://download.pytorch.org/whl/test/rocm7.2/");
  CHECK_FALSE(choose_index(host("7.0.2"), builtin_data(), Channel::stable).pre);
}

TEST_CASE("index: no ROCm, or older than every index", "[plan][index]") {
  IndexChoice none = choose_index(host(""), builtin_data(), Channel::stable);
  CHECK(none.url == "https://download.pytorch.org/whl/cpu/");
  CHECK(none.warnings.empty());
  CHECK(choose_index(host("", {"gfx942"}), builtin_data(), Channel::stable).warnings.size() == 1);

  IndexChoice old = choose_index(host("4.5.2"), builtin_data(), Channel::stable);
  CHECK(old.index == "cpu");
  CHECK(any_contains(old.warnings, "older than every"));

  IndexChoice test_old = choose_index(host("7.0.2"), builtin_data(), Channel::test);
  CHECK(test_old.index == "cpu");
  CHECK(any_contains(test_old.warnings, "rocm7.2"));
}

TEST_CASE("index: a ROCm newer than the data", "[plan][index]") {
  IndexChoice future = choose_index(host("8.1.0"), builtin_data(), Channel::stable);
  CHECK(future.index == "rocm7.2");
  CHECK(any_contains(future.warnings, "no stable index is known for ROCm 8.1.0"));
}

TEST_CASE("arch warnings: which index has it, and the known workaround", "[plan][arch]") {
  Facts rdna2 = host("6.2.4", {"gfx1031"});
  auto choice = choose_index(rdna2, builtin_data(), Channel::stable);
  auto warnings = arch_warnings(rdna2, builtin_data(), choice);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("no index in the data builds it") != std::string::npos);
  CHECK(warnings[0].find("HSA_OVERRIDE_GFX_VERSION=10.3.0") != std::string::npos);

  Facts strix = host("7.0.2", {"gfx1151"});
  auto strix_w = arch_warnings(strix, builtin_data(), choose_index(strix, builtin_data(), Channel::stable));
  REQUIRE(strix_w.size() == 1);
  CHECK(strix_w[0].find("rocm7.2") != std::string::npos);

  Facts mi300 = host("7.0.2", {"gfx942", "gfx942"});
  CHECK(arch_warnings(mi300, builtin_data(), choose_index(mi300, builtin_data(), Channel::stable)).empty());
}

TEST_CASE("torch target and pins", "[plan][pins]") {
  const Data& data = builtin_data();
  SECTION("installed ROCm torch: exact pins") {
    Facts f = host("7.0.2", {"gfx942"}, "2.10.0+rocm7.0");
    f.packages["torchvision"] = "0.25.0+rocm7.0";
    Plan plan = make_plan(f, data, {});
    CHECK(plan.target.version == "2.10.0+rocm7.0");
    CHECK(plan.target.installed);
    REQUIRE(plan.pins.specs.size() == 2);
    CHECK(plan.pins.specs[0] == std::pair<std::string, std::string>{"torch", "==2.10.0+rocm7.0"});
    CHECK(plan.pins.specs[1] == std::pair<std::string, std::string>{"torchvision", "==0.25.0+rocm7.0"});
  }
  SECTION("torchvision derived as 0.(minor+15).patch") {
    Plan plan = make_plan(host("6.4.1", {}, "2.9.1+rocm6.4"), data, {});
    CHECK(plan.pins.specs[1].second == "==0.24.1+rocm6.4");
  }
  SECTION("not installed: the release series of the index") {
    Plan plan = make_plan(host("7.0.2"), data, {});
    CHECK(plan.target.version == "2.10.0+rocm7.0");
    CHECK_FALSE(plan.target.installed);
    CHECK(plan.pins.specs[0].second == "==2.10.*");
    CHECK(plan.pins.specs[1].second == "==0.25.*");
  }
  SECTION("no torchaudio past 2.11, and no warning unless it is asked for") {
    Facts f = host("7.2.0", {}, "2.13.0+rocm7.2");
    Plan plan = make_plan(f, data, {});
    for (const auto& [name, spec] : plan.pins.specs) CHECK(name != "torchaudio");
    CHECK_FALSE(any_contains(plan.warnings, "torchaudio"));
  }
  SECTION("a torchvision that is not installed is pinned exactly only beside a ROCm torch") {
    Facts f = host("", {}, "2.11.0+cu130");
    Plan plan = make_plan(f, data, {});
    CHECK(plan.pins.specs[0].second == "==2.11.0+cu130");
    CHECK(plan.pins.specs[1].second == "==0.26.*");
    Facts nightly = host("7.2.0", {}, "2.15.0.dev20260515+rocm7.2");
    CHECK(make_plan(nightly, data, {}).pins.specs[1].second == "==0.30.*");
  }
  SECTION("no ROCm: the cpu index's torch follows the channel") {
    PlanOptions options;
    options.channel = Channel::nightly;
    Plan plan = make_plan(host(""), data, options);
    CHECK(plan.index.url == "https://download.pytorch.org/whl/nightly/cpu/");
    CHECK(plan.pins.specs[0].second == "==2.15.*");
    options.channel = Channel::test;
    CHECK(make_plan(host(""), data, options).pins.specs[0].second == "==2.14.*");
    CHECK(make_plan(host(""), data, {}).pins.specs[0].second == "==2.13.*");
  }
  SECTION("an installed torchvision that does not pair is pinned, with a warning") {
    Facts f = host("7.0.2", {}, "2.10.0+rocm7.0");
    f.packages["torchvision"] = "0.24.1+rocm6.4";
    Plan plan = make_plan(f, data, {});
    CHECK(plan.pins.specs[1].second == "==0.24.1+rocm6.4");
    CHECK(any_contains(plan.warnings, "torchvision 0.24.1+rocm6.4 does not pair with torch 2.10.0+rocm7.0"));
    CHECK(torchvision_pairs(data, "2.10.0+rocm7.0", "0.25.0+rocm7.0"));
    CHECK_FALSE(torchvision_pairs(data, "2.10.0+rocm7.0", "0.25.0"));
    CHECK(torchvision_pairs(data, "2.0.1", "0.15.2"));
    CHECK(torchvision_pairs(data, "2.15.0.dev20260515+rocm7.2", "0.30.0.dev20260514+rocm7.2"));
  }
  SECTION("installed triton package is pinned under its own name") {
    Facts f = host("7.0.2", {}, "2.10.0+rocm7.0");
    f.packages["triton-rocm"] = "3.6.0";
    Plan plan = make_plan(f, data, {});
    CHECK(plan.pins.specs.back() == std::pair<std::string, std::string>{"triton-rocm", "==3.6.0"});
  }
  SECTION("a CUDA torch on a ROCm host is not pinned") {
    Facts f = host("7.0.2", {"gfx942"}, "2.11.0+cu130");
    f.torch.cuda_version = "13.0";
    Plan plan = make_plan(f, data, {});
    CHECK(plan.pins.specs[0].second == "==2.10.*");
    CHECK(any_contains(plan.warnings, "not a ROCm build"));
  }
}

TEST_CASE("dependency matrix rows", "[plan][deps]") {
  const Data& data = builtin_data();
  Specs newest = dependency_specs(data, "2.10.0+rocm7.0", false);
  REQUIRE(newest.size() == 4);
  CHECK(newest[0] == std::pair<std::string, std::string>{"transformers", ">=4.45.0"});
  CHECK(newest[1] == std::pair<std::string, std::string>{"diffusers", ">=0.31.0"});
  CHECK(newest[2] == std::pair<std::string, std::string>{"accelerate", ">=0.34.0"});
  CHECK(newest[3] == std::pair<std::string, std::string>{"huggingface_hub", ">=0.25.0"});
  CHECK(dependency_specs(data, "3.1.0", false)[0].second == ">=4.45.0");
  CHECK(dependency_specs(data, "2.10.0.dev20251010+rocm7.0", false)[0].second == ">=4.45.0");
  Specs legacy = dependency_specs(data, "2.3.1+rocm5.7", false);
  CHECK(legacy[0].second == ">=4.41.0,<4.50.0");
  CHECK(legacy[3].second == ">=0.23.0,<0.30.0");
  CHECK(dependency_specs(data, "2.9.1", false)[0].second == ">=4.43.0");
  CHECK(dependency_specs(data, "2.4.0", false)[0].second == ">=4.43.0");
  CHECK(dependency_specs(data, "2.2.2", false)[0].second == ">=4.35.0,<4.45.0");
  CHECK(dependency_specs(data, "1.13.1", false)[0].second == ">=4.41.0");
  CHECK(dependency_specs(data, "not a version", false)[0].second == ">=4.41.0");
  CHECK(dependency_specs(data, "", false)[0].second == ">=4.41.0");
  Specs vllm = dependency_specs(data, "2.5.1", true);
  REQUIRE(vllm.size() == 5);
  CHECK(vllm[4] == std::pair<std::string, std::string>{"vllm", ">=0.5.0,<0.7.0"});
}

TEST_CASE("install command", "[plan][install]") {
  const Data& data = builtin_data();
  PlanOptions nightly;
  nightly.channel = Channel::nightly;
  nightly.install.torchaudio = true;
  Facts f = host("7.0.0");
  f.torch.source = "--torch";
  CHECK(make_plan(f, data, nightly).install.command ==
        "pip3 install --pre torch torchvision torchaudio --index-url https://download.pytorch.org/whl/nightly/rocm7.0/");
  CHECK(make_plan(host("7.0.2"), data, {}).install.command ==
        "pip3 install torch torchvision --index-url https://download.pytorch.org/whl/rocm7.0/");
  CHECK(make_plan(host(""), data, {}).install.command ==
        "pip3 install torch torchvision --index-url https://download.pytorch.org/whl/cpu/");

  PlanOptions pinned;
  pinned.install.pin = true;
  pinned.install.torchvision = false;
  CHECK(make_plan(host("7.0.2", {}, "2.10.0+rocm7.0"), data, pinned).install.command ==
        "pip3 install torch==2.10.0+rocm7.0 --index-url https://download.pytorch.org/whl/rocm7.0/");
  CHECK(make_plan(host("7.0.2"), data, pinned).install.command ==
        "pip3 install 'torch==2.10.*' --index-url https://download.pytorch.org/whl/rocm7.0/");

  PlanOptions audio;
  audio.install.torchaudio = true;
  Plan late = make_plan(host("7.2.0"), data, audio);
  CHECK(late.install.command.find("torchaudio") == std::string::npos);
  CHECK(any_contains(late.warnings, "torchaudio"));
}

TEST_CASE("environment: only what the GPUs need", "[plan][env]") {
  const Data& data = builtin_data();
  auto env_of = [&](const Facts& f) { return make_plan(f, data, {}).env; };
  auto value = [](const EnvVars& env, const std::string& name) -> std::string {
    for (const auto& [n, v] : env) {
      if (n == name) return v;
    }
    return "<unset>";
  };
  EnvVars mi300 = env_of(host("7.0.2", {"gfx942", "gfx942"}));
  CHECK(value(mi300, "ROCM_PATH") == "/opt/rocm-7.0.2");
  CHECK(value(mi300, "HIP_VISIBLE_DEVICES") == "0,1");
  CHECK(value(mi300, "PYTORCH_ROCM_ARCH") == "gfx942");
  CHECK(value(mi300, "HSA_OVERRIDE_GFX_VERSION") == "<unset>");

  EnvVars rdna2 = env_of(host("6.2.4", {"gfx1031"}));
  CHECK(value(rdna2, "HSA_OVERRIDE_GFX_VERSION") == "10.3.0");

  EnvVars mixed = env_of(host("6.2.4", {"gfx1100", "gfx1031"}));
  CHECK(value(mixed, "HSA_OVERRIDE_GFX_VERSION") == "<unset>");
  CHECK(value(mixed, "HSA_OVERRIDE_GFX_VERSION_2") == "10.3.0");
  CHECK(value(mixed, "PYTORCH_ROCM_ARCH") == "gfx1100;gfx1031");

  EnvVars cpu = env_of(host(""));
  CHECK(cpu.empty());
}

TEST_CASE("shell quoting", "[plan][quote]") {
  CHECK(shell_quote("torch==2.10.0+rocm7.0") == "torch==2.10.0+rocm7.0");
  CHECK(shell_quote("vllm>=0.5.0,<0.7.0") == "'vllm>=0.5.0,<0.7.0'");
  CHECK(shell_quote("it's") == "'it'\\''s'");
  CHECK(shell_quote("") == "''");
}
