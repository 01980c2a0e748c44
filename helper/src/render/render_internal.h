#pragma once
// Shared by the renderers only.
#include <string>

#include "render/render.h"

namespace gator {

// Why GATOR_HIP_ARCHITECTURES / hip_architectures is empty ("" when it is not), to follow "no AMD GPU: ".
std::string no_hip_architectures_reason(const Facts& facts);

}  // namespace gator
