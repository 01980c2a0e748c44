// toml++'s implementation, compiled into the helper once (every other file includes toml++ with
// TOML_HEADER_ONLY=0, helper/CMakeLists.txt) instead of linking libtomlplusplus.so: one shared
// library fewer to load at start-up (docs/development.md, "Start-up cost").
#define TOML_IMPLEMENTATION
#include "toml_fixed.h"
