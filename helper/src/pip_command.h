#pragma once
// One `pip install` as data, and the one place its argument vector is built: the plan's install
// steps, doctor's fixes and `gator-rocm install` all describe pip commands this way, so that an
// index (or its mirror) is a field to set, never a word to find in a command line.
#include <string>
#include <vector>

namespace gator {

struct PipInstall {
  std::vector<std::string> pip{"pip3"};       // how pip runs: {"pip3"}, or {EXE, "-m", "pip"} for one environment
  std::vector<std::string> options;           // before the requirements: --pre, --no-deps, --force-reinstall, -c FILE
  std::vector<std::string> requirements;      // "torch==2.10.0+rocm7.0", "rocm[libraries,device-gfx942]==7.14.*"
  std::string index_url;                      // --index-url URL; "" = pip's default index
  std::vector<std::string> extra_index_urls;  // --extra-index-url URL each

  // pip... install options... requirements... [--index-url URL] [--extra-index-url URL]...
  std::vector<std::string> argv() const {
    std::vector<std::string> out = pip;
    out.push_back("install");
    out.insert(out.end(), options.begin(), options.end());
    out.insert(out.end(), requirements.begin(), requirements.end());
    if (!index_url.empty()) out.insert(out.end(), {"--index-url", index_url});
    for (const std::string& extra : extra_index_urls) out.insert(out.end(), {"--extra-index-url", extra});
    return out;
  }
};

// A pip command with what it is for ("torch family", "ROCm wheels for gfx942").
struct PipStep {
  std::string title;
  PipInstall pip;
  std::vector<std::string> argv() const { return pip.argv(); }
};

}  // namespace gator
