// What native builds need: where each kind of ROCm install keeps its CMake packages; torch's CMake
// package, library directory and C++ ABI, from its files.
#include <catch2/catch.hpp>

#include "probe.h"
#include "probe_internal.h"
#include "probe_test_support.h"

using namespace gator;
using gator::test::probe_only;

namespace {

using Strings = std::vector<std::string>;

const std::string kSite = "/srv/venv/lib/python3.12/site-packages";
const std::string kDebianSite = "/usr/lib/python3/dist-packages";

// rocm_cmake_prefixes for a ROCm found at root, on the machine sys.
Strings prefixes(FakeSystem& sys, const std::string& root, const Strings& site_packages = {}) {
  ProbeOptions options;
  probe::Context ctx{options, builtin_data(), sys, {}};
  RocmFacts rocm;
  rocm.found = true;
  rocm.root = root;
  return probe::rocm_cmake_prefixes(ctx, rocm, site_packages);
}

const char* const kTorchConfig =
    "# When we build libtorch with the old libstdc++ ABI, dependent libraries must too.\n"
    "if(CMAKE_SYSTEM_NAME STREQUAL \"Linux\")\n"
    "  set(TORCH_CXX_FLAGS \"-D_GLIBCXX_USE_CXX11_ABI=0\")\n"
    "endif()\n";

FakeSystem venv_with_torch() {
  FakeSystem sys;
  sys.file("/srv/venv/pyvenv.cfg", "version = 3.12.3\n").env_var("VIRTUAL_ENV", "/srv/venv");
  sys.file(kSite + "/torch/version.py", "__version__ = '2.10.0+rocm7.0'\nhip = '7.0.51831-a3e329ad8'\n");
  return sys;
}

ProbeOptions debian_site() {
  ProbeOptions options;
  options.site_packages = kDebianSite;
  return options;
}

}  // namespace

TEST_CASE("ROCm CMake prefix: legacy /opt/rocm-X.Y.Z and Core SDK /opt/rocm/core-X.Y", "[probe][native]") {
  FakeSystem sys;
  sys.file("/opt/rocm-6.2.4/lib/cmake/hip/hip-config.cmake", "")
      .file("/opt/rocm-6.2.4/lib/cmake/rocm-core/rocm-core-config-version.cmake", "");
  CHECK(prefixes(sys, "/opt/rocm-6.2.4") == Strings{"/opt/rocm-6.2.4/lib/cmake"});
  sys.file("/opt/rocm/core-7.14/lib/cmake/rocblas/rocblas-config.cmake", "");
  CHECK(prefixes(sys, "/opt/rocm/core-7.14") == Strings{"/opt/rocm/core-7.14/lib/cmake"});
}

TEST_CASE("ROCm CMake prefix: only directories that hold a package", "[probe][native]") {
  FakeSystem sys;
  sys.file("/opt/rocm-6.2.4/lib/cmake/rocm-core/rocm-core-config-version.cmake", "")
      .file("/opt/rocm-6.2.4/lib/cmake/README", "");
  CHECK(prefixes(sys, "/opt/rocm-6.2.4").empty());
  CHECK(prefixes(sys, "").empty());
  ProbeOptions options;
  probe::Context ctx{options, builtin_data(), sys, {}};
  CHECK(probe::rocm_cmake_prefixes(ctx, RocmFacts{}, {}).empty());  // no ROCm found
}

TEST_CASE("ROCm CMake prefix: distributions under /usr (Debian's multiarch, Fedora's lib64)", "[probe][native]") {
  FakeSystem debian;
  debian.file("/usr/lib/x86_64-linux-gnu/cmake/hip/hip-config.cmake", "")
      .file("/usr/lib/x86_64-linux-gnu/cmake/hip-lang/hip-lang-config.cmake", "")
      .file("/usr/lib/x86_64-linux-gnu/libamdhip64.so.5", "")
      .file("/usr/lib/cmake/Foo/FooConfig.cmake", "");
  CHECK(prefixes(debian, "/usr") == Strings{"/usr/lib/x86_64-linux-gnu/cmake", "/usr/lib/cmake"});
  FakeSystem fedora;
  fedora.file("/usr/lib64/cmake/hip/hip-config.cmake", "");
  CHECK(prefixes(fedora, "/usr") == Strings{"/usr/lib64/cmake"});
}

TEST_CASE("ROCm CMake prefix: wheels keep theirs in _rocm_sdk_devel", "[probe][native]") {
  FakeSystem sys;
  sys.file(kSite + "/_rocm_sdk_core/lib/libamdhip64.so.7", "");
  CHECK(prefixes(sys, kSite + "/_rocm_sdk_core", {kSite}).empty());  // rocm-sdk-devel not installed
  sys.file(kSite + "/_rocm_sdk_devel/lib/cmake/hip/hip-config.cmake", "");
  CHECK(prefixes(sys, kSite + "/_rocm_sdk_core", {kSite}) == Strings{kSite + "/_rocm_sdk_devel/lib/cmake"});
  CHECK(prefixes(sys, kSite + "/_rocm_sdk_core", {"/elsewhere"}).empty());
}

TEST_CASE("parse_torch_cxx11_abi: TORCH_CXX_FLAGS of TorchConfig.cmake", "[probe][native]") {
  CHECK(parse_torch_cxx11_abi(kTorchConfig) == std::optional<bool>(false));
  CHECK(parse_torch_cxx11_abi("set(TORCH_CXX_FLAGS \"-D_GLIBCXX_USE_CXX11_ABI=1\")\n") == std::optional<bool>(true));
  CHECK_FALSE(parse_torch_cxx11_abi("# -D_GLIBCXX_USE_CXX11_ABI=1 in a comment\nset(TORCH_CXX_FLAGS \"\")\n"));
  CHECK_FALSE(parse_torch_cxx11_abi("set(TORCH_CXX_FLAGS \"-D_GLIBCXX_USE_CXX11_ABI=\")\n"));
  CHECK_FALSE(parse_torch_cxx11_abi(""));
}

TEST_CASE("torch from a wheel: share/cmake, torch/lib and the ABI", "[probe][native]") {
  FakeSystem sys = venv_with_torch();
  sys.file(kSite + "/torch/share/cmake/Torch/TorchConfig.cmake", kTorchConfig)
      .file(kSite + "/torch/lib/libtorch.so", "");
  Facts facts = probe_only(sys, "python");
  CHECK(facts.torch.cmake_prefix_path == kSite + "/torch/share/cmake");
  CHECK(facts.torch.library_dir == kSite + "/torch/lib");
  CHECK(facts.torch.cxx11_abi == std::optional<bool>(false));
}

TEST_CASE("torch without its CMake package or libraries: nothing guessed", "[probe][native]") {
  FakeSystem sys = venv_with_torch();
  Facts facts = probe_only(sys, "python");
  CHECK(facts.torch.installed);
  CHECK(facts.torch.cmake_prefix_path.empty());
  CHECK(facts.torch.library_dir.empty());
  CHECK_FALSE(facts.torch.cxx11_abi);
}

TEST_CASE("Debian's torch: the CMake package beside the libraries torch/lib links to", "[probe][native]") {
  FakeSystem sys;
  sys.file(kDebianSite + "/torch/version.py", "__version__ = '1.13.0a0'\nhip = None\n")
      .link(kDebianSite + "/torch/lib/libtorch.so", "../../../../x86_64-linux-gnu/libtorch.so.1.13")
      .file("/usr/lib/x86_64-linux-gnu/libtorch.so.1.13", "");
  Facts without_dev = probe_only(sys, "python", debian_site());
  CHECK(without_dev.torch.library_dir == "/usr/lib/x86_64-linux-gnu");
  CHECK(without_dev.torch.cmake_prefix_path.empty());  // libtorch-dev not installed
  sys.file("/usr/lib/x86_64-linux-gnu/cmake/Torch/TorchConfig.cmake",
           "set(TORCH_CXX_FLAGS \"-D_GLIBCXX_USE_CXX11_ABI=1\")\n");
  Facts facts = probe_only(sys, "python", debian_site());
  CHECK(facts.torch.cmake_prefix_path == "/usr/lib/x86_64-linux-gnu/cmake");
  CHECK(facts.torch.cxx11_abi == std::optional<bool>(true));
}

TEST_CASE("torch's CMake package unreadable: a warning, the ABI unknown", "[probe][native]") {
  FakeSystem sys = venv_with_torch();
  sys.error(kSite + "/torch/share/cmake/Torch/TorchConfig.cmake", FileErrorKind::permission_denied);
  Facts facts = probe_only(sys, "python");
  CHECK_FALSE(facts.torch.cxx11_abi);
  CHECK(gator::test::any_contains(facts.warnings, "TorchConfig.cmake"));
}
