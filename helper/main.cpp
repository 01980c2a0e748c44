// gator-rocm: argv -> library -> exit status. Everything else lives in gator_core.
#include "cli.h"

#ifdef GATOR_DYNAMIC_TWIN
// This gator-rocm is linked statically: refresh runs in its dynamically linked twin.
static constexpr gator::DynamicTwin kTwin{GATOR_DYNAMIC_TWIN, GATOR_DYNAMIC_TWIN_DIR};
int main(int argc, char** argv) { return gator::run_cli(argc, argv, &kTwin); }
#else
int main(int argc, char** argv) { return gator::run_cli(argc, argv); }
#endif
