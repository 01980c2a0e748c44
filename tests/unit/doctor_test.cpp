// doctor: what is off in an installed environment, and the exact command that fixes it.
#include <catch2/catch.hpp>

#include "doctor.h"

using namespace gator;

namespace {

Facts rocm70_host(const std::map<std::string, std::string>& packages) {
  Facts f;
  f.rocm.found = true;
  f.rocm.version = "7.0.2";
  f.rocm.major = 7;
  f.rocm.patch = 2;
  f.gpus.push_back({1, "gfx942", "AMD Instinct MI300X", "kfd"});
  f.packages = packages;
  if (auto torch = packages.find("torch"); torch != packages.end()) {
    f.torch.installed = true;
    f.torch.version = torch->second;
    f.torch.is_rocm_build = torch->second.find("+rocm") != std::string::npos;
    f.torch.source = "/srv/venv/lib/python3.12/site-packages/torch/version.py";
    if (!f.torch.is_rocm_build) f.torch.cuda_version = "13.0";
  }
  return f;
}

std::vector<Finding> check(const Facts& f) {
  return doctor_findings(f, make_plan(f, builtin_data(), {}), builtin_data());
}

}  // namespace

TEST_CASE("doctor: a consistent environment has nothing to fix", "[doctor]") {
  CHECK(check(rocm70_host({{"torch", "2.10.0+rocm7.0"},
                           {"torchvision", "0.25.0+rocm7.0"},
                           {"torchaudio", "2.10.0+rocm7.0"},
                           {"transformers", "4.57.1"},
                           {"huggingface_hub", "0.36.0"}}))
            .empty());
}

TEST_CASE("doctor: torch missing", "[doctor]") {
  auto findings = check(rocm70_host({}));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].fix == "pip3 install torch torchvision --index-url https://download.pytorch.org/whl/rocm7.0/");
}

TEST_CASE("doctor: a CUDA torch on a ROCm host", "[doctor]") {
  Facts f = rocm70_host({{"torch", "2.11.0+cu130"}, {"torchvision", "0.26.0"}, {"transformers", "5.0.0"}});
  f.python.executable = "/srv/venv/bin/python3";
  f.python.source = "--venv";
  f.python.named = true;
  auto findings = check(f);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].problem == "torch 2.11.0+cu130 is a CUDA 13.0 build on a ROCm 7.0.2 host");
  CHECK(findings[0].fix ==
        "/srv/venv/bin/python3 -m pip install --force-reinstall 'torch==2.10.*' 'torchvision==0.25.*' "
        "--index-url https://download.pytorch.org/whl/rocm7.0/ && "
        "/srv/venv/bin/python3 -m pip install 'transformers>=4.45.0' 'torch==2.10.*' 'torchvision==0.25.*'");
}

TEST_CASE("doctor: torchvision and torchaudio that do not pair", "[doctor]") {
  auto findings = check(
      rocm70_host({{"torch", "2.10.0+rocm7.0"}, {"torchvision", "0.24.1+rocm6.4"}, {"torchaudio", "2.9.1+rocm6.4"}}));
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].problem.find("torchvision 0.24.1+rocm6.4 does not pair") == 0);
  CHECK(findings[0].fix ==
        "pip3 install --force-reinstall --no-deps torchvision==0.25.0+rocm7.0 "
        "--index-url https://download.pytorch.org/whl/rocm7.0/");
  CHECK(findings[1].problem.find("torchaudio 2.9.1+rocm6.4 does not pair") == 0);

  // A PyPI torchvision (no local label) beside a ROCm torch is the wrong build, same version or not.
  auto cuda_vision = check(rocm70_host({{"torch", "2.10.0+rocm7.0"}, {"torchvision", "0.25.0"}}));
  REQUIRE(cuda_vision.size() == 1);
  CHECK(cuda_vision[0].problem.find("torchvision 0.25.0 does not pair") == 0);
}

TEST_CASE("doctor: torchaudio 2.11.0 serves torch 2.11-2.14", "[doctor]") {
  // facts-2026-12 §5.2: torchaudio 2.11.0 declares no torch requirement; the 2026-11 data called this pair
  // broken and had doctor uninstall it.
  Facts f =
      rocm70_host({{"torch", "2.13.0+rocm7.2"}, {"torchvision", "0.28.0+rocm7.2"}, {"torchaudio", "2.11.0+rocm7.2"}});
  f.rocm.minor = 2;
  f.rocm.version = "7.2.0";
  CHECK(check(f).empty());
  f.packages["torchaudio"] = "2.10.0+rocm7.0";
  auto findings = check(f);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].problem.find("torchaudio 2.10.0+rocm7.0 does not pair with torch 2.13.0+rocm7.2 (it needs "
                                 "torchaudio 2.11.0") == 0);
  CHECK(findings[0].fix ==
        "pip3 install --force-reinstall --no-deps torchaudio==2.11.0 "
        "--index-url https://download.pytorch.org/whl/rocm7.2/");
}

TEST_CASE("doctor: an ML library outside its matrix specifier", "[doctor]") {
  auto findings = check(rocm70_host({{"torch", "2.3.1+rocm5.7"},
                                     {"torchvision", "0.18.1+rocm5.7"},
                                     {"transformers", "4.57.1"},
                                     {"diffusers", "0.30.0"}}));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].problem == "transformers 4.57.1 is outside >=4.41.0,<4.50.0 (the matrix row for torch 2.3)");
  CHECK(findings[0].fix == "pip3 install 'transformers>=4.41.0,<4.50.0' torch==2.3.1+rocm5.7");
}

TEST_CASE("doctor: a torch built against ROCm wheels without rocm-sdk-core beside it", "[doctor]") {
  Facts f = rocm70_host({{"torch", "2.14.1+rocm7.14"}});
  f.rocm = {};  // a wheel-only host whose ROCm wheels are gone
  auto findings = check(f);
  REQUIRE_FALSE(findings.empty());
  CHECK(findings[0].problem.find("torch 2.14.1+rocm7.14 is built against ROCm 7.14 as Python wheels, but "
                                 "rocm-sdk-core is not installed") == 0);
  CHECK(findings[0].fix ==
        "pip3 install 'rocm[libraries,device-gfx942]==7.14.*' "
        "--index-url https://download.pytorch.org/whl/rocm7.14/");

  f.rocm_wheels.push_back({"rocm-sdk-core", "7.14.0", "/srv/venv/x/METADATA"});
  for (const Finding& finding : check(f)) CHECK(finding.problem.find("rocm-sdk-core") == std::string::npos);

  Facts amd = rocm70_host({{"torch", "2.14.0+rocm10.1.0"}});  // AMD's whl-next build, version.py's field
  amd.torch.rocm_release = "10.1.0";
  amd.gpus = {};
  findings = check(amd);
  REQUIRE_FALSE(findings.empty());
  CHECK(findings[0].fix ==
        "pip3 install 'rocm[libraries]==10.1.*' --index-url https://stable.repo.amd.com/rocm/whl-next/");

  // A torch that bundles its ROCm (rocm7.2 and older) needs no ROCm wheels.
  for (const Finding& finding : check(rocm70_host({{"torch", "2.14.1+rocm7.2"}}))) {
    CHECK(finding.problem.find("rocm-sdk-core") == std::string::npos);
  }
}
