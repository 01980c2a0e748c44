#pragma once
// `gator-rocm doctor`: the installed libraries checked against the plan.
#include <string>
#include <vector>

#include "data.h"
#include "facts.h"
#include "plan.h"

namespace gator {

struct Finding {
  std::string problem;  // what is off, naming the package and versions
  std::string fix;      // the exact command that fixes it
};

std::vector<Finding> doctor_findings(const Facts& facts, const Plan& plan, const Data& data);

}  // namespace gator
