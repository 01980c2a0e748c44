#pragma once
// Renderers: Plan (+ Facts, Data) -> text. One function per output format, one file per output
// (render/*.cpp); no I/O and no decisions (those are the plan's).
#include <ctime>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "data.h"
#include "facts.h"
#include "plan.h"

namespace gator {

// Fills {{name}} placeholders; an unknown placeholder is a programming error and stays visible.
std::string fill_template(std::string_view tpl, const std::map<std::string, std::string>& values);

// "ROCm 7.0.2, GPUs gfx942; torch 2.10.0+rocm7.0 (installed)"
std::string describe_host(const Facts& facts, const Plan& plan);

// pip constraints file (docs/cli.md, "constraints"). `command` is the command line that regenerates it.
std::string render_constraints(const Facts& facts, const Plan& plan, std::string_view command);
// Requirement lines "name<spec>" of the constraints file: torch family pins, then the ML libraries.
std::vector<std::string> constraint_lines(const Plan& plan);

struct ExtrasRequest {
  bool uv = false;
  bool include_vllm = false;
  bool with_header = true;  // write the [project.optional-dependencies] line
};
Expected<std::vector<const ExtrasFamily*>> select_families(const Data& data, const std::vector<std::string>& names);
std::string render_extras(const Data& data, const std::vector<const ExtrasFamily*>& families,
                          const ExtrasRequest& request, std::string_view command);
// uv's tables ([[tool.uv.index]], [tool.uv.sources], [tool.uv]) as a "gator-rocm uv" block, for a
// pyproject whose own [project.optional-dependencies] table holds the extras block.
std::string render_uv_block(const std::vector<const ExtrasFamily*>& families, std::string_view command);

// The JSON documents (docs/cli.md, "JSON"), without a final newline. detect's ends with the data's
// origin ("data": refresh::data_json).
std::string detect_json(const Facts& facts, const Plan& plan, const Data& data, std::time_t now);
std::string index_url_json(const Facts& facts, const Plan& plan);
std::string install_command_json(const Facts& facts, const Plan& plan);
std::string deps_json(const Plan& plan);

struct CMakeScriptExtras {
  std::string constraints_file;  // absolute, "" when none was written
  std::string python_executable;
  std::vector<std::string> watch_paths;
};
std::string render_cmake_script(const Facts& facts, const Plan& plan, const CMakeScriptExtras& extras);
// A CMake bracket argument holding `value` exactly.
std::string cmake_bracket(std::string_view value);

std::string render_env(const EnvVars& env);
std::string render_matrix(const Data& data);
std::string render_report(const Facts& facts, const Plan& plan, const Data& data);

}  // namespace gator
