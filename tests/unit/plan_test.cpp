// The decisions of docs/decisions.md, case by case, on the built-in data and facts built in memory.
#include <catch2/catch.hpp>

#include "plan.h"
#include "probe_test_support.h"  // any_contains
#include "render/render.h"
#include "text.h"

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
  CHECK(url_for("7.15.0") == "https://download.pytorch.org/whl/rocm7.14/");
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
  CHECK(nightly.warnings[0].find("published now for rocm7.14, rocm10.0") != std::string::npos);

  // facts-2026-12: nightly/rocm7.2 stopped in 2026-08 (it was current in the 2026-11 data).
  IndexChoice retired = choose_index(host("7.2.1"), builtin_data(), Channel::nightly);
  CHECK(retired.url == "https://download.pytorch.org/whl/nightly/rocm7.2/");
  CHECK(any_contains(retired.warnings, "stopped in 2026-08"));
  IndexChoice current = choose_index(host("7.14.1"), builtin_data(), Channel::nightly);
  CHECK(current.url == "https://download.pytorch.org/whl/nightly/rocm7.14/");
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
  CHECK(future.index == "rocm7.14");
  CHECK(any_contains(future.warnings, "no stable index is known for ROCm 8.1.0"));
}

TEST_CASE("arch warnings: which index has it, and the known workaround", "[plan][arch]") {
  Facts rdna2 = host("6.2.4", {"gfx1031"});
  auto choice = choose_index(rdna2, builtin_data(), Channel::stable);
  auto warnings = arch_warnings(rdna2, builtin_data(), choice);
  REQUIRE(warnings.size() == 1);
  // facts-2026-12 §4: rocm7.14 has gfx1031 device wheels (the 2026-11 data knew no index for it).
  CHECK(warnings[0].find("it is built by rocm7.14, rocm10.0") != std::string::npos);
  CHECK(warnings[0].find("HSA_OVERRIDE_GFX_VERSION=10.3.0") != std::string::npos);
  Facts rdna2_now = host("7.14.0", {"gfx1031"});
  CHECK(arch_warnings(rdna2_now, builtin_data(), choose_index(rdna2_now, builtin_data(), Channel::stable)).empty());

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
    CHECK(plan.pins.specs[0].second == "==2.16.*");  // nightly/rocm7.14 and rocm10.0 build 2.16 (facts-2026-12)
    options.channel = Channel::test;
    CHECK(make_plan(host(""), data, options).pins.specs[0].second == "==2.14.*");
    CHECK(make_plan(host(""), data, {}).pins.specs[0].second == "==2.14.*");  // 2.14.1 is out
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
  CHECK(
      make_plan(f, data, nightly).install.command ==
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

  // torchaudio 2.11.0 declares no torch requirement and supports torch >= 2.11 (facts-2026-12 §5.2): asked
  // for, it is kept (the reference dropped it for 2.12+), and pinned to 2.11.0.
  PlanOptions audio;
  audio.install.torchaudio = true;
  Plan late = make_plan(host("7.2.0"), data, audio);
  CHECK(late.install.command ==
        "pip3 install torch torchvision torchaudio --index-url https://download.pytorch.org/whl/rocm7.2/");
  CHECK_FALSE(any_contains(late.warnings, "torchaudio"));
  audio.install.pin = true;
  CHECK(make_plan(host("7.2.0"), data, audio).install.command ==
        "pip3 install 'torch==2.14.*' 'torchvision==0.29.*' torchaudio==2.11.0 "
        "--index-url https://download.pytorch.org/whl/rocm7.2/");
  CHECK(make_plan(host("7.0.2", {}, "2.10.0+rocm7.0"), data, audio).install.command ==
        "pip3 install torch==2.10.0+rocm7.0 torchvision==0.25.0+rocm7.0 torchaudio==2.10.0+rocm7.0 "
        "--index-url https://download.pytorch.org/whl/rocm7.0/");
  // A torch newer than the data: torchaudio kept, unpinned, with the reason.
  Plan future = make_plan(host("7.14.0", {}, "2.17.0+rocm7.14"), data, audio);
  CHECK(future.install.command.find(" torchaudio ") != std::string::npos);
  CHECK(any_contains(future.warnings, "torchaudio is left unpinned"));
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

// ---- the world of 2026-12 (facts-2026-12.md) ----

namespace {

std::string spec(const Plan& plan, const std::string& name) {
  for (const auto& [n, s] : plan.pins.specs) {
    if (n == name) return s;
  }
  return "<unpinned>";
}

PlanOptions with(Channel channel, Source source = Source::pytorch) {
  PlanOptions options;
  options.channel = channel;
  options.source = source;
  return options;
}

}  // namespace

TEST_CASE("2026-12: the ROCm series index, ROCm 10 on each channel", "[plan][index][2026-12]") {
  CHECK(url_for("7.14.1") == "https://download.pytorch.org/whl/rocm7.14/");
  CHECK(url_for("7.14.0") == "https://download.pytorch.org/whl/rocm7.14/");

  // No stable rocm10.0 index: PyTorch's newest ROCm index, and where ROCm 10 builds are.
  IndexChoice ten = choose_index(host("10.1.0"), builtin_data(), Channel::stable);
  CHECK(ten.url == "https://download.pytorch.org/whl/rocm7.14/");
  CHECK(any_contains(ten.warnings, "PyTorch publishes no stable index for ROCm 10.x (only nightly/rocm10.0)"));
  CHECK(any_contains(ten.warnings,
                     "--source amd has stable builds for ROCm 10.1.0 (https://stable.repo.amd.com/rocm/whl-next/)"));

  IndexChoice nightly = choose_index(host("10.1.0"), builtin_data(), Channel::nightly);
  CHECK(nightly.url == "https://download.pytorch.org/whl/nightly/rocm10.0/");
  CHECK(any_contains(nightly.warnings, "--extra-index-url https://stable.repo.amd.com/rocm/whl-next/"));
  CHECK(url_for("10.0.0", Channel::test) == "https://download.pytorch.org/whl/test/rocm7.14/");
}

TEST_CASE("2026-12: a new install takes the newest torch of the index", "[plan][pins][2026-12]") {
  Plan plan = make_plan(host("7.2.1"), builtin_data(), {});
  CHECK(plan.target.version == "2.14.1+rocm7.2");
  CHECK(spec(plan, "torch") == "==2.14.*");
  CHECK(spec(plan, "torchvision") == "==0.29.*");
  CHECK(make_plan(host("7.1.1"), builtin_data(), {}).target.version == "2.13.0+rocm7.1");  // rocm7.1 is final
}

TEST_CASE("2026-12: gfx900/gfx906 stay on rocm6.3", "[plan][index][2026-12]") {
  const Data& data = builtin_data();
  IndexChoice mi50 = choose_index(host("7.2.0", {"gfx906", "gfx906"}), data, Channel::stable);
  CHECK(mi50.index == "rocm6.3");
  CHECK(any_contains(mi50.warnings,
                     "rocm6.3 was chosen instead of rocm7.2: it is the newest index that works for gfx906"));
  CHECK(any_contains(mi50.warnings, "rocBLAS has no gfx906 code from ROCm 6.4"));
  CHECK(make_plan(host("7.2.0", {"gfx906"}), data, {}).target.version == "2.9.1+rocm6.3");
  CHECK(choose_index(host("6.4.1", {"gfx900"}), data, Channel::stable).index == "rocm6.3");

  IndexChoice mixed = choose_index(host("7.2.0", {"gfx906", "gfx942"}), data, Channel::stable);
  CHECK(mixed.index == "rocm7.2");
  CHECK(any_contains(mixed.warnings, "gfx906 on rocm7.2 will crash"));
  CHECK(any_contains(mixed.warnings, "the other GPUs (gfx942) need the newer one"));

  // Older hosts are untouched; a channel that no longer builds rocm6.3 keeps its index, with the reason.
  CHECK(choose_index(host("5.7.1", {"gfx900"}), data, Channel::stable).warnings.empty());
  CHECK(choose_index(host("6.2.4", {"gfx906"}), data, Channel::stable).index == "rocm6.2.4");
  IndexChoice nightly = choose_index(host("7.14.0", {"gfx906"}), data, Channel::nightly);
  CHECK(nightly.index == "rocm7.14");
  CHECK(any_contains(nightly.warnings, "rocm6.3 has no current nightly builds"));
}

TEST_CASE("2026-12: no HSA_OVERRIDE for gfx1103", "[plan][env][2026-12]") {
  const Data& data = builtin_data();
  Plan old = make_plan(host("7.2.0", {"gfx1103"}), data, {});
  for (const auto& [name, value] : old.env) CHECK(name.find("HSA_OVERRIDE") == std::string::npos);
  CHECK(any_contains(old.warnings, "page faults"));
  CHECK(any_contains(old.warnings, "it is built by rocm7.14, rocm10.0"));
  CHECK_FALSE(any_contains(make_plan(host("7.14.0", {"gfx1103"}), data, {}).warnings, "gfx1103 is not among"));
}

TEST_CASE("2026-12: nothing invented for torch outside the data", "[plan][pins][2026-12]") {
  const Data& data = builtin_data();
  // Debian bookworm's python3-torch beside its ROCm 5.2.3: no torchvision 0.28.* for torch 1.13.
  Plan debian = make_plan(host("5.2.3", {}, "1.13.0a0"), data, {});
  CHECK(spec(debian, "torch") == "==1.13.0a0");
  CHECK(spec(debian, "torchvision") == "<unpinned>");
  CHECK(any_contains(debian.warnings, "torchvision is left unpinned: the data has no torchvision for torch 1.13.0a0"));
  CHECK(torchvision_for(data, *pep440::parse_version("1.13.0")).empty());

  Plan future = make_plan(host("7.14.0", {}, "2.17.0+rocm7.14"), data, {});
  CHECK(spec(future, "torchvision") == "<unpinned>");
  CHECK(any_contains(future.warnings, "torchvision is left unpinned"));

  // The data says where the rule holds: 2.0.x has its own pairs, the nightly series it knows follow the rule.
  CHECK(torchvision_for(data, *pep440::parse_version("2.0.1")) == "0.15.2");
  CHECK(torchvision_rule_covers(data, *pep440::parse_version("2.16.0.dev20261101")));
  CHECK_FALSE(torchvision_rule_covers(data, *pep440::parse_version("2.17.0")));
  CHECK(torchvision_pairs(data, "1.13.0a0", "0.14.0a0"));  // the data cannot say otherwise
}

TEST_CASE("2026-12: every installed ROCm wheel is pinned exactly", "[plan][pins][2026-12]") {
  Facts f = host("7.14.0", {"gfx942"}, "2.14.1+rocm7.14");
  f.packages["torchvision"] = "0.29.1+rocm7.14";
  f.packages["triton-rocm"] = "3.8.0";
  f.packages["rocm"] = "7.14.0.post1";                // the probe's known packages ...
  f.rocm_wheels = {{"rocm-sdk-core", "7.14.0", "m"},  // ... and its list of ROCm wheels
                   {"rocm-sdk-libraries", "7.14.0", "m"},
                   {"rocm_sdk_device_gfx942", "7.14.0", "m"},
                   {"amd-torch-device-gfx942", "2.14.1+rocm7.14", "m"}};
  Plan plan = make_plan(f, builtin_data(), {});
  CHECK(spec(plan, "torch") == "==2.14.1+rocm7.14");
  CHECK(spec(plan, "triton-rocm") == "==3.8.0");
  CHECK(spec(plan, "rocm") == "==7.14.0.post1");
  CHECK(spec(plan, "rocm-sdk-core") == "==7.14.0");
  CHECK(spec(plan, "rocm-sdk-libraries") == "==7.14.0");
  CHECK(spec(plan, "rocm-sdk-device-gfx942") == "==7.14.0");
  CHECK(spec(plan, "amd-torch-device-gfx942") == "==2.14.1+rocm7.14");
  const std::string text = render_constraints(f, plan, "gator-rocm constraints");
  CHECK(text.find("\nrocm-sdk-core==7.14.0\n") != std::string::npos);
  // PyPI's triton (a CUDA build) is not pinned as if it were ROCm's.
  Facts cuda = host("", {}, "2.11.0+cu130");
  cuda.packages["triton"] = "3.7.0";
  CHECK(spec(make_plan(cuda, builtin_data(), {}), "triton") == "<unpinned>");
}

TEST_CASE("2026-12: a new install from rocm7.14 takes only the host's device wheels", "[plan][install][2026-12]") {
  const Data& data = builtin_data();
  Plan plan = make_plan(host("7.14.1", {"gfx942", "gfx942"}), data, {});
  REQUIRE(plan.install.steps.size() == 3);
  CHECK(command_line(plan.install.steps[0].argv()) ==
        "pip3 install 'rocm[libraries,device-gfx942]==7.14.*' --index-url https://download.pytorch.org/whl/rocm7.14/");
  CHECK(command_line(plan.install.steps[1].argv()) ==
        "pip3 install --no-deps torch torchvision --index-url https://download.pytorch.org/whl/rocm7.14/");
  CHECK(plan.install.argv == plan.install.steps[1].argv());
  CHECK(plan.install.steps[2].argv()[2] == "filelock");
  CHECK(plan.install.command.find(" && pip3 install --no-deps torch torchvision") != std::string::npos);
  CHECK(any_contains(plan.warnings, "(1 of 25 device packages)"));
  CHECK(any_contains(plan.warnings, "about 25 GB installed"));

  // Installed ROCm wheels: the same rocm again, exactly.
  Facts wheels = host("7.14.0", {"gfx1100", "gfx942"});
  wheels.rocm_wheels = {{"rocm", "7.14.0.post1", "m"}};
  CHECK(command_line(make_plan(wheels, data, {}).install.steps[0].argv())
            .find("'rocm[libraries,device-gfx1100,device-gfx942]==7.14.0.post1'") != std::string::npos);

  Plan blind = make_plan(host("7.14.0"), data, {});
  REQUIRE(blind.install.steps.size() == 1);
  CHECK(any_contains(blind.warnings, "torch installs every ROCm device wheel"));
  // Indexes that bundle ROCm keep the one command.
  CHECK(make_plan(host("7.2.0", {"gfx942"}), data, {}).install.steps.size() == 1);
}

TEST_CASE("2026-12: --source amd", "[plan][amd][2026-12]") {
  const Data& data = builtin_data();
  Plan ten = make_plan(host("10.1.0", {"gfx942", "gfx1100"}), data, with(Channel::stable, Source::amd));
  CHECK(ten.index.url == "https://stable.repo.amd.com/rocm/whl-next/");
  CHECK(ten.index.source == Source::amd);
  CHECK(ten.target.version == "2.14.0+rocm10.1.0");
  CHECK(spec(ten, "torch") == "==2.14.0+rocm10.1.0");
  CHECK(spec(ten, "torchvision") == "==0.29.0a0+rocm10.1.0");
  CHECK(ten.install.command ==
        "pip3 install 'torch[device-gfx942,device-gfx1100]' torchvision --index-url "
        "https://stable.repo.amd.com/rocm/whl-next/");
  PlanOptions pinned = with(Channel::stable, Source::amd);
  pinned.install.pin = true;
  pinned.install.torchaudio = true;
  CHECK(make_plan(host("10.1.0", {"gfx942"}), data, pinned).install.command ==
        "pip3 install 'torch[device-gfx942]==2.14.0+rocm10.1.0' torchvision==0.29.0a0+rocm10.1.0 "
        "torchaudio==2.11.0.3+rocm10.1.0 --index-url https://stable.repo.amd.com/rocm/whl-next/");

  // Builds are chosen by their ROCm series, never by the local label (+rocm10.0.0 sorts below +rocm7.14.0).
  CHECK(make_plan(host("10.0.2"), data, with(Channel::stable, Source::amd)).target.version == "2.13.0+rocm10.0.0");
  CHECK(make_plan(host("10.2.0"), data, with(Channel::stable, Source::amd)).target.version == "2.14.0+rocm10.1.0");

  Plan multi = make_plan(host("7.14.1", {"gfx1151"}), data, with(Channel::stable, Source::amd));
  CHECK(multi.index.url == "https://repo.amd.com/rocm/whl-multi-arch/");
  CHECK(multi.target.version == "2.12.0+rocm7.14.0");
  CHECK(spec(multi, "torchvision") == "==0.27.*");  // the rule: the data has no AMD torchvision for it
  CHECK(multi.install.packages[0] == "torch[device-gfx1151]");

  Plan none = make_plan(host("7.2.0"), data, with(Channel::stable, Source::amd));
  CHECK(none.index.source == Source::pytorch);
  CHECK(none.index.url == "https://download.pytorch.org/whl/rocm7.2/");
  CHECK(any_contains(none.warnings, "--source amd: AMD has no stable index for ROCm 7.2.0"));

  Plan nightly = make_plan(host("10.1.0", {"gfx942"}), data, with(Channel::nightly, Source::amd));
  CHECK(nightly.index.url == "https://nightly.repo.amd.com/rocm/whl-next/");
  CHECK(nightly.install.command.find("--pre") != std::string::npos);
  CHECK(any_contains(nightly.warnings, "AMD's https://rocm.nightlies.amd.com/v2/ is not used: the per-family nightly"));
  CHECK(parse_source("amd"));
  CHECK_FALSE(parse_source("rocm"));
}
