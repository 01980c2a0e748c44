// The pip constraints file (docs/cli.md, "constraints").

#include "build_info.h"
#include "embedded.h"
#include "render/render.h"
#include "text.h"

namespace gator {

std::vector<std::string> constraint_lines(const Plan& plan) {
  std::vector<std::string> lines;
  for (const auto& [name, spec] : plan.pins.specs) lines.push_back(name + spec);
  for (const auto& [name, spec] : plan.deps) lines.push_back(name + spec);
  return lines;
}

std::string render_constraints(const Facts& facts, const Plan& plan, std::string_view command) {
  return fill_template(embedded::tpl_constraints, {{"version", kVersion},
                                                   {"command", std::string(command)},
                                                   {"host", describe_host(facts, plan)},
                                                   {"index_url", plan.index.url},
                                                   {"requirements", joined(constraint_lines(plan), "\n")}});
}

}  // namespace gator
