# examples/native/hip-kernel compiled by Debian's hipcc (clang 15, rocm-device-libs) for the GPUs of
# fixture machines (label native); the offload bundle in the kernel's object file must hold exactly
# those targets, as LLVM's clang-offload-bundler lists them. Skipped where the tools are missing.
find_program(hipcc hipcc)
find_program(bundler NAMES clang-offload-bundler-15 clang-offload-bundler)
find_program(objcopy NAMES llvm-objcopy-15 llvm-objcopy)
if(NOT hipcc OR NOT bundler OR NOT objcopy)
  message(STATUS "GATOR_TEST_SKIPPED: needs hipcc, clang-offload-bundler and llvm-objcopy "
                 "(Debian's hipcc, clang-tools-15, llvm-15; scripts/install-deps.sh installs them)")
  return()
endif()
set(CASE_SOURCE "${SOURCE_DIR}/examples/native/hip-kernel")
set(fixtures "${SOURCE_DIR}/tests/fixtures")

# The targets in the offload bundle of the kernel's object file, sorted.
function(bundled_targets out)
  set(object "${BUILD_DIR}/CMakeFiles/add_one.dir/add_one.hip.o")
  set(fatbin "${WORK}/fatbin")
  file(REMOVE "${fatbin}")
  execute_process(COMMAND "${objcopy}" "--dump-section=.hip_fatbin=${fatbin}" "${object}" "${WORK}/stripped.o"
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    case_fail("no .hip_fatbin section in ${object}: ${err}")
  endif()
  execute_process(COMMAND "${bundler}" --list --type=o "--input=${fatbin}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE listed ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    case_fail("${bundler} --list failed: ${err}")
  endif()
  string(REGEX MATCHALL "hipv4-amdgcn-amd-amdhsa--[^\n]+" targets "${listed}")
  list(TRANSFORM targets REPLACE "^hipv4-amdgcn-amd-amdhsa--" "")
  list(SORT targets)
  set(${out} "${targets}" PARENT_SCOPE)
endfunction()

# build_for(<step> <fixture> <expected targets, sorted> [-D...])
function(build_for step fixture expected)
  case_configure(${step} FRESH FIXTURE_ROOT "${fixtures}/${fixture}"
    ARGS -DGATOR_VENV= -DCMAKE_CXX_COMPILER=${hipcc} ${ARGN})
  case_expect(${step})
  case_build(${step}-build)
  case_expect(${step}-build)
  bundled_targets(targets)
  if(NOT targets STREQUAL expected)
    case_fail("${step}: the offload bundle holds '${targets}', expected '${expected}'")
  endif()
endfunction()

build_for(mi250x rocm624-mi250x "gfx90a")   # two GCDs, one target
build_for(rdna2 rdna2-gfx1031 "gfx1031")
build_for(gpu-arch rdna2-gfx1031 "gfx1031;gfx90a" "-DGATOR_HELPER_ARGS=--gpu-arch=gfx90a,gfx1031,gfx90a")
