// What the renderers share: the template filler, the one-line host summary, and why no HIP
// architecture was found.

#include <fmt/format.h>

#include "render/render_internal.h"
#include "text.h"

namespace gator {

std::string fill_template(std::string_view tpl, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = tpl.find("{{", pos);
    if (open == std::string_view::npos) break;
    std::size_t close = tpl.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(tpl.substr(pos, open - pos));
    auto it = values.find(std::string(tpl.substr(open + 2, close - open - 2)));
    out.append(it != values.end() ? std::string_view(it->second) : tpl.substr(open, close + 2 - open));
    pos = close + 2;
  }
  out.append(tpl.substr(pos));
  return out;
}

std::string describe_host(const Facts& facts, const Plan& plan) {
  std::string rocm = facts.rocm.found ? "ROCm " + facts.rocm.version : "no ROCm";
  std::vector<std::string> archs = unique_archs(facts);
  std::string gpus = archs.empty() ? "no GPUs" : "GPUs " + joined(archs, ", ");
  std::string torch;
  if (plan.target.installed) {
    torch = fmt::format("torch {} (installed)", plan.target.version);
  } else if (!plan.target.version.empty()) {
    torch = fmt::format("torch not installed (target {} from {})", plan.target.version, plan.index.index);
  } else {
    torch = "torch not installed";
  }
  return fmt::format("{}, {}; {}", rocm, gpus, torch);
}

// Why GATOR_HIP_ARCHITECTURES is empty ("" when it is not), to follow "no AMD GPU: ".
std::string no_hip_architectures_reason(const Facts& facts) {
  if (!facts.gpus.empty()) return "";
  if (!facts.gpus_note.empty()) return facts.gpus_note;
  if (facts.visible_devices)
    return fmt::format("the visible-devices setting '{}' selects none", *facts.visible_devices);
  return "none in the KFD topology or seen by the ROCm tools";
}

}  // namespace gator
