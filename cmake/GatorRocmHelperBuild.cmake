# Builds the helper at configure time, for the from-source package (add_subdirectory/FetchContent).
#
#   gator_rocm_build_helper(<exe-var> <error-var>)
#
# find_package(GatorRocm) runs the helper while the consumer configures, before any build step, so a
# nested build of this source tree compiles it then: `cmake -S <gator source> -B <dir>` once, and
# `cmake --build <dir> --target gator-rocm` on every configure, which the build tool makes a near
# no-op when the helper is up to date (its output goes to a log, not to the console). The helper's
# inputs (sources, data, templates, build files) are added to CMAKE_CONFIGURE_DEPENDS, so editing one
# re-runs the consumer's configure, and with it this build, at the next build. On failure <exe-var>
# is empty and <error-var> says why (the consumer's find_package then reports GatorRocm as not found
# with that reason).
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

function(gator_rocm_build_helper exe_var error_var)
  set(GATOR_HELPER_BUILD_DIR "${PROJECT_BINARY_DIR}/helper-configure-time" CACHE PATH
    "Build directory of the GatorRocm helper compiled at configure time (from-source use)")
  mark_as_advanced(GATOR_HELPER_BUILD_DIR)
  set(dir "${GATOR_HELPER_BUILD_DIR}")
  set(log "${dir}/gator-rocm-helper-build.log")

  # What the helper is made of: a change re-runs the consumer's configure, hence this build. The
  # build files include all of cmake/ (this file, GatorRocmPackage.cmake, embed_files.cmake ...).
  # CONFIGURE_DEPENDS: a file added to (or removed from) these directories re-runs it too.
  file(GLOB_RECURSE inputs LIST_DIRECTORIES false CONFIGURE_DEPENDS
    "${PROJECT_SOURCE_DIR}/helper/*" "${PROJECT_SOURCE_DIR}/templates/*" "${PROJECT_SOURCE_DIR}/cmake/*")
  list(APPEND inputs "${PROJECT_SOURCE_DIR}/CMakeLists.txt")
  foreach(input IN LISTS inputs)
    string(REPLACE ";" "\\;" input "${input}")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${input}")
  endforeach()

  # Consumers sharing the directory (parallel test runs) take turns.
  file(MAKE_DIRECTORY "${dir}")
  file(LOCK "${dir}/gator-rocm-helper.lock" GUARD FUNCTION TIMEOUT 1800)

  # Say so before a build that compiles: when there is no helper yet, or an input is newer than it.
  # The build tool decides what to rebuild; this only chooses the message.
  _gator_rocm_find_helper_exe("${dir}" exe)
  set(announce FALSE)
  set(built_before "")
  if(exe STREQUAL "" OR NOT EXISTS "${dir}/CMakeCache.txt")
    set(announce TRUE)
  else()
    file(TIMESTAMP "${exe}" built_before "%Y-%m-%dT%H:%M:%S" UTC)
    foreach(input IN LISTS inputs)
      if("${input}" IS_NEWER_THAN "${exe}")
        set(announce TRUE)
        break()
      endif()
    endforeach()
  endif()
  if(announce)
    message(STATUS "GatorRocm: building the helper at configure time in ${dir}")
  endif()

  get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  set(log_mode WRITE)
  if(NOT EXISTS "${dir}/CMakeCache.txt")
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
    if(NOT multi_config)
      list(APPEND args -DCMAKE_BUILD_TYPE=Release)
    endif()
    # The helper runs on this machine: when cross-compiling, let the nested build find the host's
    # compiler itself.
    if(NOT CMAKE_CROSSCOMPILING)
      list(APPEND args "-DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}")
    endif()
    # Find the dependencies where the consumer found them.
    foreach(var CMAKE_PREFIX_PATH fmt_DIR CLI11_DIR nlohmann_json_DIR tomlplusplus_DIR tl-expected_DIR)
      if(DEFINED ${var} AND NOT "${${var}}" STREQUAL "")
        string(REPLACE ";" "\\;" value "${${var}}")
        list(APPEND args "-D${var}=${value}")
      endif()
    endforeach()
    execute_process(COMMAND "${CMAKE_COMMAND}" ${args}
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    file(WRITE "${log}" "${out}")
    set(log_mode APPEND)
    if(NOT rc EQUAL 0)
      set(${exe_var} "" PARENT_SCOPE)
      set(${error_var} "the GatorRocm helper could not be configured at configure time (${rc}); see ${log}" PARENT_SCOPE)
      message(WARNING "GatorRocm: configuring the helper in ${dir} failed; see ${log}")
      return()
    endif()
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${dir}" --target gator-rocm --config Release
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  file(${log_mode} "${log}" "${out}")
  if(NOT rc EQUAL 0)
    set(${exe_var} "" PARENT_SCOPE)
    set(${error_var} "the GatorRocm helper could not be built at configure time (${rc}); see ${log}" PARENT_SCOPE)
    message(WARNING "GatorRocm: building the helper in ${dir} failed; see ${log}")
    return()
  endif()

  _gator_rocm_find_helper_exe("${dir}" exe)
  if(exe STREQUAL "")
    set(${exe_var} "" PARENT_SCOPE)
    set(${error_var} "the GatorRocm helper built in ${dir} has no gator-rocm executable" PARENT_SCOPE)
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
