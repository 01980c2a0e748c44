// The command handlers (cli/commands.cpp) on an in-memory machine: Options in, output and exit status
// out, as `gator-rocm COMMAND` would give them. tests/cli runs the built helper on fixture machines.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "cli/options.h"
#include "memory_output.h"
#include "probe_test_support.h"

using namespace gator;
using namespace gator::test;

namespace {

const std::string kSite = "/srv/venv/lib/python3.12/site-packages";

// ROCm 7.0.2, one MI300X, and a venv whose torch is the CUDA build pip's default index gives.
FakeSystem machine_with_cuda_torch() {
  FakeSystem sys;
  sys.file("/opt/rocm-7.0.2/.info/version", "7.0.2-56\n").link("/opt/rocm", "/opt/rocm-7.0.2");
  sys.file("/dev/kfd", "").file(std::string(kNodes) + "1/properties", kfd_node(90402, 0x74a1));
  sys.file("/srv/venv/pyvenv.cfg", "home = /usr/bin\n").dir(kSite);
  sys.file(kSite + "/torch/version.py", "__version__ = '2.10.0+cu128'\ncuda = '12.8'\nhip = None\n");
  sys.file(kSite + "/torch-2.10.0+cu128.dist-info/METADATA", dist_metadata("torch", "2.10.0+cu128"));
  return sys;
}

struct Run {
  int status;
  std::string out;
};

Run run(Options options, System& system) {
  options.facts.data_file = std::string(GATOR_SOURCE_DIR) + "/helper/data/compat.toml";  // no overlay from the cache
  gator::test::MemoryOutput out;
  const int status = run_command(options, out, &system);
  return {status, out.str()};
}

Options command(const std::string& name) {
  Options o;
  o.command = name;
  o.facts.no_exec = true;
  o.facts.venv = "/srv/venv";
  return o;
}

}  // namespace

TEST_CASE("index-url: the host's index, and --json's document", "[cli][commands]") {
  FakeSystem sys = machine_with_cuda_torch();
  Run text = run(command("index-url"), sys);
  CHECK(text.status == 0);
  CHECK(text.out == "https://download.pytorch.org/whl/rocm7.0/\n");

  Options json = command("index-url");
  json.output.json = true;
  json.facts.nightly = true;
  Run doc = run(json, sys);
  CHECK(doc.status == 0);
  CHECK(nlohmann::json::parse(doc.out).at("index_url") == "https://download.pytorch.org/whl/nightly/rocm7.0/");
}

TEST_CASE("doctor: a CUDA torch on a ROCm host is a problem (exit 1) with the command that fixes it",
          "[cli][commands]") {
  FakeSystem sys = machine_with_cuda_torch();
  Run r = run(command("doctor"), sys);
  CHECK(r.status == 1);
  CHECK(r.out.find("problem: torch 2.10.0+cu128 is a CUDA 12.8 build on a ROCm 7.0.2 host") != std::string::npos);
  CHECK(r.out.find("--force-reinstall") != std::string::npos);
  CHECK(r.out.find("--index-url https://download.pytorch.org/whl/rocm7.0/") != std::string::npos);
}

TEST_CASE("constraints -o -: the torch family pinned to the ROCm build, then the ML libraries", "[cli][commands]") {
  FakeSystem sys = machine_with_cuda_torch();
  Options o = command("constraints");
  o.output.file = "-";
  o.packages = {"transformers"};
  Run r = run(o, sys);
  CHECK(r.status == 0);
  CHECK(r.out.find("\ntorch==2.10.") != std::string::npos);
  CHECK(r.out.find("+rocm7.0") != std::string::npos);
  CHECK(r.out.find("\ntransformers") != std::string::npos);
  CHECK(r.out.find("\ndiffusers") == std::string::npos);  // --package names the libraries

  o.packages = {"no-such-library"};
  CHECK(run(o, sys).status == 2);
}

TEST_CASE("detect: the overrides win over the machine, each named as the source", "[cli][commands]") {
  FakeSystem sys = machine_with_cuda_torch();
  Options o = command("detect");
  o.facts.rocm = "6.2.4";
  o.facts.gpu_arch = "gfx90a";
  Run r = run(o, sys);
  CHECK(r.status == 0);
  CHECK(r.out.find("rocm: 6.2.4") != std::string::npos);
  CHECK(r.out.find("(--rocm)") != std::string::npos);
  CHECK(r.out.find("gpu: gfx90a") != std::string::npos);
  CHECK(r.out.find("index: https://download.pytorch.org/whl/rocm6.2.4/") != std::string::npos);

  o.facts.rocm = "six";
  CHECK(run(o, sys).status == 2);
}
