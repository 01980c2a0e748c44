// gator-rocm: argv -> library -> exit status. Everything else lives in gator_core.
#include "cli.h"

int main(int argc, char** argv) { return gator::run_cli(argc, argv); }
