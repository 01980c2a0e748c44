# From a private copy of the source tree, with a fresh helper build directory: the helper is compiled
# at configure time (a minute or two on 2 cores); a re-configure leaves it alone; editing one of its
# inputs (a template) re-runs the consumer's configure at the next build, which rebuilds the helper,
# and the results follow. GATOR_TEST_QUICK=1 in the environment skips it in a quick development loop.
if(DEFINED ENV{GATOR_TEST_QUICK})
  message(STATUS "GATOR_TEST_SKIPPED: GATOR_TEST_QUICK is set")
  return()
endif()
set(src "${WORK}/gator-src")
foreach(item CMakeLists.txt cmake helper templates)
  file(COPY "${SOURCE_DIR}/${item}" DESTINATION "${src}")
endforeach()
set(fresh "${WORK}/helper-build")
set(exe "${fresh}/helper/gator-rocm")
set(args "-DGATOR_TEST_SOURCE_DIR=${src}" "-DGATOR_HELPER_BUILD_DIR=${fresh}")

# The first configure cross-compiles (a toolchain file from the environment) with an environment
# whose compiler and flags would break any build: the helper is built for this machine all the same,
# in a clean environment, and the console shows CMake's progress lines.
set(poison CC=/nonexistent/gator-cc CXX=/nonexistent/gator-c++ CFLAGS=--gator-bogus-flag
  CXXFLAGS=--gator-bogus-flag CPPFLAGS=--gator-bogus-flag LDFLAGS=--gator-bogus-flag
  "CMAKE_TOOLCHAIN_FILE=${CMAKE_CURRENT_LIST_DIR}/../CrossCompiling/toolchain.cmake")
case_configure(first ENV ${poison} ARGS ${args})
string(REGEX REPLACE "([][+.*()^$?|\\])" "\\\\\\1" fresh_re "${fresh}")
case_expect(first STDOUT "-- GatorRocm: building the helper at configure time in ${fresh_re}\n--   configuring the helper for this machine\n--   configuring the helper for this machine - done\n--   compiling gator-rocm\n--   compiling gator-rocm - done\n-- GatorRocm: building the helper at configure time in ${fresh_re} - done\n.*case: helper ${exe}\n")
if(NOT first_OUT MATCHES "case: cross-compiling=TRUE\n")
  case_fail("the first configure did not cross-compile:\n${first_OUT}")
endif()
file(TIMESTAMP "${exe}" built "%s" UTC)

# Past the timestamps' one-second resolution, so that a rebuild would show.
execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 1.1)
case_configure(second ARGS ${args})
case_expect(second STDOUT "case: helper ${exe}\n" STDOUT_NOT "GatorRocm: (building|rebuilt) the helper")
file(TIMESTAMP "${exe}" again "%s" UTC)
if(NOT built STREQUAL again)
  case_fail("re-configure rebuilt the helper")
endif()
case_build(build)
case_expect(build STDOUT_NOT "Re-running CMake")

# Edit a template of the helper (compiled into it).
set(template "${src}/templates/constraints.txt.in")
file(READ "${template}" text)
string(REPLACE "# host: {{host}}\n" "# host: {{host}}\n# edited by the FreshHelperBuild test\n" edited "${text}")
if(edited STREQUAL text)
  case_fail("${template} has no '# host: {{host}}' line to edit")
endif()
file(WRITE "${template}" "${edited}")
case_build(edited)
case_expect(edited STDOUT "Re-running CMake.*GatorRocm: building the helper at configure time")
file(TIMESTAMP "${exe}" rebuilt "%s" UTC)
if(rebuilt STREQUAL built)
  case_fail("editing a template did not rebuild the helper")
endif()
file(READ "${BUILD_DIR}/constraints.txt" constraints)
if(NOT constraints MATCHES "\n# edited by the FreshHelperBuild test\n")
  case_fail("the constraints do not come from the edited template:\n${constraints}")
endif()
case_build(edited_again)
case_expect(edited_again STDOUT_NOT "Re-running CMake")
