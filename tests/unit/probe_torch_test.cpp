// torch and the installed distributions, read without importing anything; --probe-runtime; defect 5.
#include <catch2/catch.hpp>

#include "probe.h"
#include "probe_test_support.h"

using namespace gator;
using gator::test::any_contains;
using gator::test::dist_metadata;
using gator::test::probe_only;

namespace {

const std::string kSite = "/srv/venv/lib/python3.12/site-packages";

const char* const kRocmVersionPy =
    "from typing import Optional\n\n__all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip', 'rocm', 'xpu']\n"
    "__version__ = '2.10.0+rocm7.0'\ndebug = False\ncuda: Optional[str] = None\n"
    "git_version = '449b1768410104d3ed79d3bcfe4ba1d65c7f22c0'\nhip: Optional[str] = '7.0.51831-a3e329ad8'\n"
    "rocm: Optional[str] = '7.0.2'\nxpu: Optional[str] = None\n";

const char* const kCudaVersionPy =
    "__version__ = '2.11.0+cu130'\ndebug = False\ncuda: Optional[str] = '13.0'\nhip: Optional[str] = None\n";

FakeSystem venv() {
  FakeSystem sys;
  sys.file("/srv/venv/pyvenv.cfg", "version = 3.12.3\n").env_var("VIRTUAL_ENV", "/srv/venv");
  return sys;
}

}  // namespace

TEST_CASE("parse_torch_version_py: annotated and plain forms", "[probe][torch]") {
  auto rocm = parse_torch_version_py(kRocmVersionPy);
  REQUIRE(rocm);
  CHECK(rocm->version == "2.10.0+rocm7.0");
  CHECK(rocm->hip == std::optional<std::string>("7.0.51831-a3e329ad8"));
  CHECK_FALSE(rocm->cuda);
  auto plain = parse_torch_version_py("__version__ = '1.13.1+rocm5.2'\nhip = '5.2.21151-afdc89f8'\ncuda = None\n");
  REQUIRE(plain);
  CHECK(plain->hip == std::optional<std::string>("5.2.21151-afdc89f8"));
  auto cuda = parse_torch_version_py(kCudaVersionPy);
  REQUIRE(cuda);
  CHECK(cuda->cuda == std::optional<std::string>("13.0"));
  CHECK_FALSE(cuda->hip);
  CHECK_FALSE(parse_torch_version_py("debug = False\n"));
}

TEST_CASE("defect 5: is_rocm_build only for ROCm builds", "[probe][torch][defect]") {
  CHECK(is_rocm_torch_build("2.10.0+rocm7.0", std::nullopt));
  CHECK(is_rocm_torch_build("2.13.0.dev20260515+rocm7.2", std::nullopt));
  CHECK(is_rocm_torch_build("2.9.0+devrocm6.4", std::nullopt));
  CHECK(is_rocm_torch_build("2.14.0+rocmsdk20260901", std::nullopt));
  CHECK(is_rocm_torch_build("2.8.0a0+gitfc14c65", std::string("6.4.43482-0f2d60242")));  // AMD's own build
  CHECK_FALSE(is_rocm_torch_build("2.11.0+cu130", std::nullopt));
  CHECK_FALSE(is_rocm_torch_build("2.11.0+cpu", std::nullopt));
  CHECK_FALSE(is_rocm_torch_build("2.11.0", std::string("")));
}

TEST_CASE("torch_major_minor", "[probe][torch]") {
  CHECK(torch_major_minor("2.10.0+rocm7.0") == "2.10");
  CHECK(torch_major_minor("2.10.0.dev20251010+rocm7.0") == "2.10");
  CHECK(torch_major_minor("not a version").empty());
}

TEST_CASE("parse_dist_dir_name and parse_dist_metadata", "[probe][torch]") {
  CHECK(parse_dist_dir_name("huggingface_hub-0.36.0.dist-info")->name == "huggingface_hub");
  CHECK(parse_dist_dir_name("huggingface_hub-0.36.0.dist-info")->version == "0.36.0");
  CHECK(parse_dist_dir_name("foo-1.0-py3.11.egg-info")->version == "1.0");
  CHECK(parse_dist_dir_name("foo.egg-info")->version.empty());
  CHECK_FALSE(parse_dist_dir_name("torch"));
  CHECK_FALSE(parse_dist_dir_name(".dist-info"));
  auto m = parse_dist_metadata("Metadata-Version: 2.1\nName: huggingface-hub\nVersion: 0.36.0\n\nVersion: 9\n");
  REQUIRE(m);
  CHECK(m->name == "huggingface-hub");
  CHECK(m->version == "0.36.0");
  CHECK_FALSE(parse_dist_metadata("Name: x\n\nVersion: 1\n"));
}

TEST_CASE("a ROCm torch from version.py and its dist-info", "[probe][torch]") {
  FakeSystem sys = venv();
  sys.file(kSite + "/torch/version.py", kRocmVersionPy)
      .file(kSite + "/torch-2.10.0+rocm7.0.dist-info/METADATA", dist_metadata("torch", "2.10.0+rocm7.0"));
  Facts facts = probe_only(sys, "python");
  CHECK(facts.torch.installed);
  CHECK(facts.torch.version == "2.10.0+rocm7.0");
  CHECK(facts.torch.pytorch_major_minor == "2.10");
  CHECK(facts.torch.is_rocm_build);
  CHECK(facts.torch.rocm_build_version == std::optional<std::string>("7.0.51831-a3e329ad8"));
  CHECK_FALSE(facts.torch.cuda_version);
  CHECK_FALSE(facts.torch.gpu_available);
  CHECK_FALSE(facts.torch.gpu_count);
  CHECK(facts.torch.source == kSite + "/torch/version.py");
  CHECK(facts.packages.at("torch") == "2.10.0+rocm7.0");
  CHECK(facts.warnings.empty());
}

TEST_CASE("version.py wins over dist-info: a CUDA build whose METADATA lacks the label", "[probe][torch]") {
  FakeSystem sys = venv();
  sys.file(kSite + "/torch/version.py", kCudaVersionPy)
      .file(kSite + "/torch-2.11.0.dist-info/METADATA", dist_metadata("torch", "2.11.0"));
  Facts facts = probe_only(sys, "python");
  CHECK(facts.torch.version == "2.11.0+cu130");
  CHECK_FALSE(facts.torch.is_rocm_build);
  CHECK(facts.torch.cuda_version == std::optional<std::string>("13.0"));
  CHECK_FALSE(facts.torch.rocm_build_version);
  CHECK(facts.packages.at("torch") == "2.11.0+cu130");
  CHECK(facts.warnings.empty());  // same release: no disagreement
}

TEST_CASE("only a dist-info, or a garbage version.py: the metadata", "[probe][torch]") {
  FakeSystem sys = venv();
  sys.file(kSite + "/torch/version.py", "garbage\n")
      .file(kSite + "/torch-2.5.1+rocm6.2.dist-info/METADATA", dist_metadata("torch", "2.5.1+rocm6.2"));
  Facts facts = probe_only(sys, "python");
  CHECK(facts.torch.version == "2.5.1+rocm6.2");
  CHECK(facts.torch.is_rocm_build);
  CHECK(facts.torch.source == kSite + "/torch-2.5.1+rocm6.2.dist-info/METADATA");
  CHECK(any_contains(facts.warnings, "torch/version.py: no __version__"));
}

TEST_CASE("no torch: installed false and the original's empty values", "[probe][torch]") {
  FakeSystem sys = venv();
  sys.dir(kSite);
  Facts facts = probe_only(sys, "python");
  CHECK_FALSE(facts.torch.installed);
  CHECK(facts.torch.version.empty());
  CHECK_FALSE(facts.torch.is_rocm_build);
  CHECK(facts.packages.empty());
}

TEST_CASE("packages: known distributions in the data's spelling; unknown ones never read", "[probe][torch]") {
  FakeSystem sys = venv();
  sys.file(kSite + "/huggingface_hub-0.36.0.dist-info/METADATA", dist_metadata("huggingface-hub", "0.36.0"))
      .file(kSite + "/Transformers-4.57.1.dist-info/METADATA", dist_metadata("transformers", "4.57.1"))
      .file(kSite + "/triton_rocm-3.6.0.dist-info/METADATA", dist_metadata("triton-rocm", "3.6.0"))
      .file(kSite + "/accelerate-1.0.0-py3.12.egg-info/PKG-INFO", dist_metadata("accelerate", "1.0.0"))
      .file(kSite + "/diffusers-0.35.2-py3.12.egg-info", dist_metadata("diffusers", "0.35.2"))
      .file(kSite + "/numpy-2.1.0.dist-info/METADATA", dist_metadata("numpy", "2.1.0"));
  Facts facts = probe_only(sys, "python");
  CHECK(facts.packages == std::map<std::string, std::string>{{"huggingface_hub", "0.36.0"},
                                                             {"transformers", "4.57.1"},
                                                             {"triton-rocm", "3.6.0"},
                                                             {"accelerate", "1.0.0"},
                                                             {"diffusers", "0.35.2"}});
  CHECK_FALSE(any_contains(sys.reads(), "numpy"));
}

TEST_CASE("the first site-packages wins; unreadable METADATA falls back to the directory name", "[probe][torch]") {
  FakeSystem sys;
  sys.dir("/a").dir("/b").program("/usr/bin/python3",
                                  "{\"executable\": \"/usr/bin/python3\", \"site_packages\": [\"/a\", \"/b\"]}");
  sys.env_var("PATH", "/usr/bin");
  sys.error("/a/transformers-4.57.1.dist-info/METADATA", FileErrorKind::permission_denied)
      .file("/b/transformers-4.40.0.dist-info/METADATA", dist_metadata("transformers", "4.40.0"));
  Facts facts = probe_only(sys, "python");
  CHECK(facts.packages.at("transformers") == "4.57.1");
  CHECK(any_contains(facts.warnings, "taking the version from the directory name"));
}

namespace {

FakeSystem runtime_machine(FakeSystem::Program python) {
  FakeSystem sys = venv();
  sys.file(kSite + "/torch/version.py", kRocmVersionPy).program("/srv/venv/bin/python3", std::move(python));
  return sys;
}

RunResult printed(std::string out, int status = 0) {
  RunResult r;
  r.started = true;
  r.exit_code = status;
  r.out = std::move(out);
  return r;
}

ProbeOptions with_runtime() {
  ProbeOptions options;
  options.probe_runtime = true;
  options.runtime_timeout_s = 7;
  return options;
}

}  // namespace

TEST_CASE("option --probe-runtime: the child's JSON line", "[probe][torch][runtime]") {
  FakeSystem sys = runtime_machine([](const std::vector<std::string>& argv) {
    CHECK(argv.size() == 3);
    CHECK(argv[2].find("import torch") != std::string::npos);
    return printed(
        "noise from torch\nGATOR_RUNTIME {\"gpu_available\": true, \"gpu_count\": 2, \"devices\": ["
        "{\"name\": \"AMD Instinct MI300X\", \"arch\": \"gfx942:sramecc+:xnack-\"}, "
        "{\"name\": \"AMD Instinct MI300X\", \"arch\": \"gfx942\"}]}\n");
  });
  Facts facts = probe_only(sys, "python", with_runtime());
  CHECK(facts.torch.gpu_available == std::optional<bool>(true));
  CHECK(facts.torch.gpu_count == std::optional<int>(2));
  CHECK(facts.torch.device_names == std::vector<std::string>{"AMD Instinct MI300X", "AMD Instinct MI300X"});
  CHECK(facts.torch.device_archs == std::vector<std::string>{"gfx942", "gfx942"});
  CHECK(facts.warnings.empty());
}

TEST_CASE("option --probe-runtime: hang, crash, import error, garbage are warnings", "[probe][torch][runtime]") {
  auto hang = runtime_machine([](const std::vector<std::string>&) {
    RunResult r;
    r.started = true;
    r.timed_out = true;
    return r;
  });
  Facts facts = probe_only(hang, "python", with_runtime());
  CHECK_FALSE(facts.torch.gpu_available);
  CHECK(any_contains(facts.warnings, "did not finish within 7 s"));

  auto crash = runtime_machine([](const std::vector<std::string>&) {
    RunResult r;
    r.started = true;
    r.signal = 11;
    return r;
  });
  CHECK(any_contains(probe_only(crash, "python", with_runtime()).warnings, "killed by signal 11"));

  auto import_error = runtime_machine([](const std::vector<std::string>&) {
    return printed("GATOR_RUNTIME {\"error\": \"ImportError: libamdhip64.so: cannot open shared object file\"}\n");
  });
  CHECK(any_contains(probe_only(import_error, "python", with_runtime()).warnings, "ImportError: libamdhip64.so"));

  auto garbage = runtime_machine([](const std::vector<std::string>&) { return printed("GATOR_RUNTIME {not json\n"); });
  facts = probe_only(garbage, "python", with_runtime());
  CHECK_FALSE(facts.torch.gpu_count);
  CHECK(any_contains(facts.warnings, "not a JSON object"));
}

TEST_CASE("option --probe-runtime is not run without being asked, nor under --no-exec", "[probe][torch][runtime]") {
  auto sys = runtime_machine([](const std::vector<std::string>&) { return printed(""); });
  probe_only(sys, "python");
  CHECK(sys.runs().empty());
  ProbeOptions options = with_runtime();
  options.no_exec = true;
  Facts facts = probe_only(sys, "python", options);
  CHECK(sys.runs().empty());
  CHECK(any_contains(facts.warnings, "--no-exec"));
}

TEST_CASE("watch_paths: version files, /opt, site-packages; nearest existing directory", "[probe]") {
  FakeSystem sys = venv();
  sys.file("/opt/rocm-7.0.2/.info/version", "7.0.2\n").link("/opt/rocm", "rocm-7.0.2").dir(kSite);
  ProbeOptions options;
  auto facts = probe_host(options, builtin_data(), sys);
  REQUIRE(facts);
  auto paths = watch_paths(*facts, options, sys);
  CHECK(std::find(paths.begin(), paths.end(), "/opt") != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "/opt/rocm/.info/version") != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), kSite) != paths.end());

  // Native builds' inputs: torch's CMake package and libraries (Debian's outside site-packages), ROCm's.
  sys.dir("/usr/lib/x86_64-linux-gnu/cmake/Torch").dir("/opt/rocm-7.0.2/lib/cmake/hip");
  Facts native = *facts;
  native.torch.cmake_prefix_path = "/usr/lib/x86_64-linux-gnu/cmake";
  native.torch.library_dir = "/usr/lib/x86_64-linux-gnu";
  native.rocm.cmake_prefix_path = {"/opt/rocm-7.0.2/lib/cmake"};
  auto native_paths = watch_paths(native, options, sys);
  for (const char* dir :
       {"/usr/lib/x86_64-linux-gnu/cmake", "/usr/lib/x86_64-linux-gnu", "/opt/rocm-7.0.2/lib/cmake"}) {
    CHECK(std::find(native_paths.begin(), native_paths.end(), dir) != native_paths.end());
  }

  FakeSystem bare;
  Facts none;
  auto bare_paths = watch_paths(none, ProbeOptions{}, bare);
  CHECK(bare_paths == std::vector<std::string>{"/"});
}

TEST_CASE("parse_runtime_report: device fields of another type read as empty, never throw", "[probe][torch][runtime]") {
  auto report = parse_runtime_report(
      "GATOR_RUNTIME {\"gpu_available\": true, \"gpu_count\": 3, \"devices\": ["
      "{\"name\": 5, \"arch\": [\"gfx942\"]}, {\"name\": null, \"arch\": {\"x\": 1}}, "
      "{\"name\": \"AMD Radeon\", \"arch\": \"GFX1100:xnack-\"}, 7]}\n");
  REQUIRE(report);
  CHECK(report->device_names == std::vector<std::string>{"", "", "AMD Radeon"});
  CHECK(report->device_archs == std::vector<std::string>{"", "", "gfx1100"});

  auto sys = runtime_machine([](const std::vector<std::string>&) {
    return printed(
        "GATOR_RUNTIME {\"gpu_available\": true, \"gpu_count\": 1, \"devices\": [{\"name\": 5, \"arch\": 5}]}\n");
  });
  Facts facts = probe_only(sys, "python", with_runtime());
  CHECK(facts.torch.gpu_count == std::optional<int>(1));
  CHECK(facts.torch.device_names == std::vector<std::string>{""});
}

TEST_CASE("is_rocm_torch_build reads the normalised local label, and the raw one when the version does not parse",
          "[probe][torch]") {
  CHECK(is_rocm_torch_build("2.10.0+ROCm7.0", std::nullopt));
  CHECK(is_rocm_torch_build("2.10.0+rocm-7.0", std::nullopt));  // normalised to rocm.7.0
  CHECK(is_rocm_torch_build("not a version+rocm7.0", std::nullopt));
  CHECK_FALSE(is_rocm_torch_build("2.10.0rocm", std::nullopt));
  CHECK_FALSE(is_rocm_torch_build("not a version", std::nullopt));
}

TEST_CASE("version.py and METADATA agree when their public versions are the same PEP 440 version", "[probe][torch]") {
  FakeSystem sys = venv();
  sys.file(kSite + "/torch/version.py", "__version__ = '2.10.0rc1+rocm7.0'\nhip = '7.0'\n")
      .file(kSite + "/torch-2.10.0-rc1.dist-info/METADATA", dist_metadata("torch", "2.10.0-RC1"));
  Facts facts = probe_only(sys, "python");
  CHECK(facts.torch.version == "2.10.0rc1+rocm7.0");
  CHECK(facts.warnings.empty());

  FakeSystem other = venv();
  other.file(kSite + "/torch/version.py", "__version__ = '2.10.0+rocm7.0'\nhip = '7.0'\n")
      .file(kSite + "/torch-2.9.1.dist-info/METADATA", dist_metadata("torch", "2.9.1"));
  CHECK(any_contains(probe_only(other, "python").warnings, "says torch 2.10.0+rocm7.0 but"));
}

TEST_CASE("version.py's rocm field (torch 2.14+) is the torch's ROCm release, before the local label",
          "[probe][torch]") {
  auto file = parse_torch_version_py(
      "__version__ = '2.14.1+rocm7.2'\nhip: Optional[str] = '7.2.53211'\nrocm: Optional[str] = '7.2.1'\n");
  REQUIRE(file);
  CHECK(file->rocm == std::optional<std::string>("7.2.1"));
  CHECK_FALSE(parse_torch_version_py("__version__ = '2.9.0+rocm6.4'\nhip = '6.4.1'\n")->rocm);

  auto release = [](const std::string& version, std::optional<std::string> field) -> std::string {
    TorchFacts torch;
    torch.version = version;
    torch.rocm_release = std::move(field);
    auto parsed = torch_rocm_release(torch);
    return parsed ? parsed->text : "none";
  };
  CHECK(release("2.14.1+rocm7.2", "7.2.1") == "7.2.1");
  CHECK(release("2.14.1+rocm7.14", std::nullopt) == "7.14");
  CHECK(release("2.14.0+rocm10.1.0", std::nullopt) == "10.1.0");
  CHECK(release("2.10.0a0+rocm7.10.0a20251015", std::nullopt) == "7.10.0");
  CHECK(release("2.13.0+rocm10.1.0a20260811.bkc.20260813", std::nullopt) == "10.1.0");
  CHECK(release("2.9.1+rocmsdk20251203", std::nullopt) == "none");
  CHECK(release("2.11.0+cu130", std::nullopt) == "none");
  CHECK(release("1.13.0a0", std::nullopt) == "none");
}

TEST_CASE("a torch's rocm field from version.py reaches the facts", "[probe][torch]") {
  FakeSystem sys = venv();
  sys.file(kSite + "/torch/version.py",
           "__version__ = '2.14.1+rocm7.14'\nhip: Optional[str] = '7.14.60850'\nrocm: Optional[str] = '7.14.0'\n");
  Facts facts = probe_only(sys, "python");
  CHECK(facts.torch.rocm_release == std::optional<std::string>("7.14.0"));
  CHECK(facts.torch.rocm_build_version == std::optional<std::string>("7.14.60850"));
}
