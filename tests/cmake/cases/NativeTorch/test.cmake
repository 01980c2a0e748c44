# examples/native/torch-extension on this machine with Debian's libtorch-dev and python3-torch (label
# native): find_package(Torch) through GATOR_TORCH_CMAKE_PREFIX_PATH, a program that makes and sums a
# tensor, run; an operator library loaded by Debian's python3 with torch.ops.load_library, called.
# Skipped where those packages are not installed.
set(missing "")
foreach(package libtorch-dev python3-torch)
  execute_process(COMMAND dpkg-query -W "-f=\${Status}" ${package}
    RESULT_VARIABLE rc OUTPUT_VARIABLE status ERROR_QUIET)
  if(NOT rc EQUAL 0 OR NOT status MATCHES "install ok installed")
    list(APPEND missing ${package})
  endif()
endforeach()
if(missing)
  message(STATUS "GATOR_TEST_SKIPPED: Debian's ${missing} not installed (scripts/install-deps.sh installs them)")
  return()
endif()

set(CASE_SOURCE "${SOURCE_DIR}/examples/native/torch-extension")
case_configure(configure FIXTURE_ROOT / ARGS -DGATOR_VENV= -DGATOR_PYTHON_EXECUTABLE=/usr/bin/python3)
case_expect(configure STDOUT "-- Torch: /usr/lib/[^/]+/cmake/Torch, C\\+\\+ ABI 1, libraries in /usr/lib/")
case_build(build)
case_expect(build)

execute_process(COMMAND "${BUILD_DIR}/tensor_sum" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "55\n")
  case_fail("tensor_sum: exit status ${rc}, output '${out}' (expected 55)\n${err}")
endif()

set(library "${BUILD_DIR}/libgator_ops.so")
execute_process(COMMAND /usr/bin/python3 -c
  "import sys, torch; torch.ops.load_library(sys.argv[1]); print(torch.ops.gator.scaled_sum(torch.arange(1., 11.), 2.0).item())"
  "${library}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "110.0\n")
  case_fail("python3 loading ${library}: exit status ${rc}, output '${out}' (expected 110.0)\n${err}")
endif()
