# Builds the helper at configure time, for the from-source package (add_subdirectory/FetchContent).
#
#   gator_rocm_build_helper(<exe-var> <error-var>)
#
# find_package(GatorRocm) runs the helper while the consumer configures, before any build step, so a
# nested build of this source tree compiles it then: `cmake -S <gator source> -B <dir>` once, and
# `cmake --build <dir> --target gator-rocm` on every configure, which the build tool makes a near
# no-op when the helper is up to date (its output goes to a log; the console shows CMake's
# CHECK_START/CHECK_PASS progress lines). The helper's inputs (sources, data, templates, build files)
# are added to CMAKE_CONFIGURE_DEPENDS, so editing one re-runs the consumer's configure, and with it
# this build, at the next build. On failure <exe-var> is empty and <error-var> says why (the
# consumer's find_package then reports GatorRocm as not found with that reason).
#
# The helper is a program of this machine (the build host), whatever the consumer builds for: the
# nested build gets no toolchain file, no compiler and no flags from the consumer or from the
# environment (CMAKE_TOOLCHAIN_FILE, CC, CXX, CFLAGS, CXXFLAGS, CPPFLAGS, LDFLAGS are unset for it). It
# finds its dependencies (fmt, nlohmann_json, tomlplusplus, tl-expected) on this machine, and,
# unless the consumer is cross-compiling, also where the consumer's configure finds packages
# (CMAKE_PREFIX_PATH, <package>_DIR: so a vcpkg or Conan toolchain's packages, but nothing else of
# that toolchain). Cross-compiling, the consumer's packages are the target's and are not used.
#
# GATOR_HELPER_BUILD_DIR (cache, advanced) chooses the nested build directory; several consumer
# builds can share one. If it is an existing build of this project, that build's helper is used (and
# brought up to date).
include_guard(GLOBAL)

# The helper's executable in <dir>, for single- and multi-config layouts; "" if none.
function(_gator_rocm_find_helper_exe dir out)
  foreach(candidate "helper/gator-rocm" "helper/Release/gator-rocm" "helper/RelWithDebInfo/gator-rocm"
                    "helper/Debug/gator-rocm")
    if(EXISTS "${dir}/${candidate}${CMAKE_EXECUTABLE_SUFFIX}")
      set(${out} "${dir}/${candidate}${CMAKE_EXECUTABLE_SUFFIX}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out} "" PARENT_SCOPE)
endfunction()

# Sets <out> to what the helper is made of, and makes a change to any of it re-run the consumer's
# configure (hence this build). The build files include all of cmake/. CONFIGURE_DEPENDS: a file
# added to (or removed from) these directories re-runs it too.
function(_gator_rocm_helper_inputs out)
  file(GLOB_RECURSE inputs LIST_DIRECTORIES false CONFIGURE_DEPENDS
    "${PROJECT_SOURCE_DIR}/helper/*" "${PROJECT_SOURCE_DIR}/templates/*" "${PROJECT_SOURCE_DIR}/cmake/*")
  list(APPEND inputs "${PROJECT_SOURCE_DIR}/CMakeLists.txt")
  foreach(input IN LISTS inputs)
    string(REPLACE ";" "\\;" input "${input}")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${input}")
  endforeach()
  set(${out} "${inputs}" PARENT_SCOPE)
endfunction()

# Sets <out> to whether the build in <dir> will compile: no helper yet, or an input newer than it. The
# build tool decides what to rebuild; this only chooses the progress message.
function(_gator_rocm_helper_stale dir inputs_var out)
  _gator_rocm_find_helper_exe("${dir}" exe)
  if(exe STREQUAL "" OR NOT EXISTS "${dir}/CMakeCache.txt")
    set(${out} TRUE PARENT_SCOPE)
    return()
  endif()
  foreach(input IN LISTS ${inputs_var})
    if("${input}" IS_NEWER_THAN "${exe}")
      set(${out} TRUE PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out} FALSE PARENT_SCOPE)
endfunction()

# Sets <out> to the `cmake` arguments that configure the helper's build in <dir> for this machine.
function(_gator_rocm_helper_configure_args dir out)
  set(args -S "${PROJECT_SOURCE_DIR}" -B "${dir}" -G "${CMAKE_GENERATOR}"
    -DGATOR_BUILD_TESTS=OFF -DGATOR_INSTALL=OFF)
  if(CMAKE_GENERATOR_PLATFORM)
    list(APPEND args -A "${CMAKE_GENERATOR_PLATFORM}")
  endif()
  if(CMAKE_GENERATOR_TOOLSET)
    list(APPEND args -T "${CMAKE_GENERATOR_TOOLSET}")
  endif()
  if(CMAKE_MAKE_PROGRAM)
    list(APPEND args "-DCMAKE_MAKE_PROGRAM=${CMAKE_MAKE_PROGRAM}")
  endif()
  get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(NOT multi_config)
    list(APPEND args -DCMAKE_BUILD_TYPE=Release)
  endif()
  # Not cross-compiling, the consumer's C++ compiler and package locations are this machine's.
  if(NOT CMAKE_CROSSCOMPILING)
    if(NOT "${CMAKE_CXX_COMPILER}" STREQUAL "")
      list(APPEND args "-DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}")
    endif()
    foreach(var CMAKE_PREFIX_PATH fmt_DIR nlohmann_json_DIR tomlplusplus_DIR tl-expected_DIR)
      if(DEFINED ${var} AND NOT "${${var}}" STREQUAL "")
        string(REPLACE ";" "\\;" value "${${var}}")
        list(APPEND args "-D${var}=${value}")
      endif()
    endforeach()
  endif()
  set(${out} "${args}" PARENT_SCOPE)
endfunction()

# Runs one step of the nested build (`cmake <args>...`) in a clean environment, appending its output to
# <log>, with a CHECK_START/CHECK_PASS progress line <what> when <progress> is true. Sets <out> to ""
# or why it failed.
function(_gator_rocm_helper_step what progress log out)
  if(NOT progress)
    set(CMAKE_MESSAGE_LOG_LEVEL WARNING)  # this function's messages only
  endif()
  message(CHECK_START "${what}")
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -E env
            --unset=CMAKE_TOOLCHAIN_FILE --unset=CC --unset=CXX --unset=CFLAGS --unset=CXXFLAGS
            --unset=CPPFLAGS --unset=LDFLAGS
            "${CMAKE_COMMAND}" ${ARGN}
    RESULT_VARIABLE rc OUTPUT_VARIABLE output ERROR_VARIABLE output)
  file(APPEND "${log}" "$ cmake ${ARGN}\n${output}\n")
  if(rc EQUAL 0)
    message(CHECK_PASS "done")
    set(${out} "" PARENT_SCOPE)
  else()
    message(CHECK_FAIL "failed (${rc}); see ${log}")
    set(${out} "${what} failed (${rc}); see ${log}" PARENT_SCOPE)
  endif()
endfunction()

function(gator_rocm_build_helper exe_var error_var)
  set(GATOR_HELPER_BUILD_DIR "${PROJECT_BINARY_DIR}/helper-configure-time" CACHE PATH
    "Build directory of the GatorRocm helper compiled at configure time (from-source use)")
  mark_as_advanced(GATOR_HELPER_BUILD_DIR)
  set(dir "${GATOR_HELPER_BUILD_DIR}")
  set(log "${dir}/gator-rocm-helper-build.log")
  set(${exe_var} "" PARENT_SCOPE)
  _gator_rocm_helper_inputs(inputs)

  # Consumers sharing the directory (parallel test runs) take turns.
  file(MAKE_DIRECTORY "${dir}")
  file(LOCK "${dir}/gator-rocm-helper.lock" GUARD FUNCTION TIMEOUT 1800)
  file(WRITE "${log}" "")

  _gator_rocm_helper_stale("${dir}" inputs announce)
  _gator_rocm_find_helper_exe("${dir}" exe)
  set(built_before "")
  if(NOT exe STREQUAL "")
    file(TIMESTAMP "${exe}" built_before "%Y-%m-%dT%H:%M:%S" UTC)
  endif()
  if(announce)
    message(CHECK_START "GatorRocm: building the helper at configure time in ${dir}")
    list(APPEND CMAKE_MESSAGE_INDENT "  ")
  endif()
  set(error "")
  if(NOT EXISTS "${dir}/CMakeCache.txt")
    _gator_rocm_helper_configure_args("${dir}" args)
    _gator_rocm_helper_step("configuring the helper for this machine" ${announce} "${log}" error ${args})
  endif()
  if(error STREQUAL "")
    _gator_rocm_helper_step("compiling gator-rocm" ${announce} "${log}" error
      --build "${dir}" --target gator-rocm --config Release)
  endif()
  if(error STREQUAL "")
    _gator_rocm_find_helper_exe("${dir}" exe)
    if(exe STREQUAL "")
      set(error "the build in ${dir} made no gator-rocm executable")
    endif()
  endif()
  if(announce)
    list(POP_BACK CMAKE_MESSAGE_INDENT)
    if(error STREQUAL "")
      message(CHECK_PASS "done")
    else()
      message(CHECK_FAIL "failed")
    endif()
  endif()
  if(NOT error STREQUAL "")
    set(${error_var} "the GatorRocm helper could not be built at configure time: ${error}" PARENT_SCOPE)
    message(WARNING "GatorRocm: ${error}")
    return()
  endif()
  if(NOT announce)
    file(TIMESTAMP "${exe}" built_after "%Y-%m-%dT%H:%M:%S" UTC)
    if(NOT built_after STREQUAL built_before)
      message(STATUS "GatorRocm: rebuilt the helper at configure time in ${dir}")
    endif()
  endif()
  set(${exe_var} "${exe}" PARENT_SCOPE)
  set(${error_var} "" PARENT_SCOPE)
endfunction()
