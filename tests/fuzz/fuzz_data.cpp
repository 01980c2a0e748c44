// The compatibility data loader, then planning and every renderer over what it accepts: never a
// crash, and the built-in facts of a few machines always plan.
#include <nlohmann/json.hpp>

#include "data.h"
#include "fuzz_support.h"
#include "plan.h"
#include "render/render.h"

using namespace gator;

namespace {

std::vector<Facts> machines() {
  std::vector<Facts> out(3);
  out[0].rocm = {};
  out[1].rocm.found = true;
  out[1].rocm.version = "7.0.2";
  out[1].rocm.major = 7;
  out[1].rocm.patch = 2;
  out[1].gpus.push_back({1, "gfx942", "MI300X", "kfd"});
  out[2] = out[1];
  out[2].rocm.version = "5.7.1";
  out[2].rocm.major = 5;
  out[2].rocm.minor = 7;
  out[2].rocm.patch = 1;
  out[2].torch.installed = true;
  out[2].torch.version = "2.3.1+rocm5.7";
  out[2].torch.is_rocm_build = true;
  out[2].packages["torch"] = "2.3.1+rocm5.7";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  auto parsed = parse_data(fuzz::as_text(data, size), "fuzz.toml");
  if (!parsed) {
    FUZZ_CHECK(parsed.error().message.rfind("fuzz.toml", 0) == 0);  // errors name the file
    return 0;
  }
  (void)render_matrix(*parsed);
  for (const Facts& facts : machines()) {
    for (Channel channel : {Channel::stable, Channel::nightly, Channel::test}) {
      PlanOptions options;
      options.channel = channel;
      options.include_vllm = true;
      const Plan plan = make_plan(facts, *parsed, options);
      (void)render_constraints(facts, plan, "gator-rocm constraints");
      // Whatever the data holds (any bytes in its strings), the JSON documents are JSON.
      for (const std::string& doc : {detect_json(facts, plan, *parsed, 0), index_url_json(facts, plan),
                                     install_command_json(facts, plan), deps_json(plan)}) {
        if (nlohmann::json::parse(doc, nullptr, /*allow_exceptions=*/false).is_discarded()) std::abort();
      }
      (void)render_cmake_script(facts, plan, {});
      (void)render_env(plan.env);
      (void)render_report(facts, plan, *parsed);
    }
  }
  auto families = select_families(*parsed, {});
  if (families) {
    for (bool uv : {false, true}) {
      ExtrasRequest request;
      request.uv = uv;
      (void)render_extras(*parsed, *families, request, "gator-rocm extras");
    }
  }
  return 0;
}
