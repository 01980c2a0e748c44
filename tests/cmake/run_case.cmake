# The driver of the CMake package tests (RunCMake style), run by CTest as
#
#   cmake -DCASE=<name> -DMODE=installed|subdir|fetchcontent -DSOURCE_DIR=<gator source>
#         -DSTAGE=<install prefix> -DHELPER_BUILD_DIR=<dir> -DFIXTURE=<fixture system>
#         -DWORK=<scratch dir> -DGENERATOR=<generator> [-DARGS=<more -D options>] -P run_case.cmake
#
# Each case is a consumer project in cases/<name>/ (CMakeLists.txt, which includes ../../consumer.cmake;
# a test.cmake may set CASE_SOURCE to configure another project instead).
# If cases/<name>/test.cmake exists, it runs the steps (with the functions below); otherwise the case
# is configured once and checked against cases/<name>/result.txt (expected exit status, default 0),
# stderr.txt and stdout.txt (regular expressions that must match) and stderr-not.txt, stdout-not.txt
# (that must not), matched against the output with CMake's line wrapping undone. A failed check is a FATAL_ERROR: this script's exit status is the test's result.
cmake_minimum_required(VERSION 3.25)

foreach(var CASE MODE SOURCE_DIR WORK GENERATOR FIXTURE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_case.cmake: -D${var}=... is required")
  endif()
endforeach()
set(CASE_DIR "${CMAKE_CURRENT_LIST_DIR}/cases/${CASE}")
set(TEST_DIR "${CMAKE_CURRENT_LIST_DIR}")
if(NOT IS_DIRECTORY "${CASE_DIR}")
  message(FATAL_ERROR "no case ${CASE_DIR}")
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(BUILD_DIR "${WORK}/build")

# -D options for the consumer: how it gets GatorRocm, the fixture machine, then the case's own.
function(_case_mode_args out)
  set(args "-DGATOR_TEST_MODE=${MODE}" "-DGATOR_TEST_DIR=${TEST_DIR}")
  if(MODE STREQUAL "installed")
    list(APPEND args "-DCMAKE_PREFIX_PATH=${STAGE}")
  else()
    list(APPEND args "-DGATOR_TEST_SOURCE_DIR=${SOURCE_DIR}" "-DGATOR_HELPER_BUILD_DIR=${HELPER_BUILD_DIR}")
  endif()
  set(${out} "${args}" PARENT_SCOPE)
endfunction()

# Keeps a step's log in WORK and gives the calling function's caller <step>_RC/_OUT/_ERR (a macro:
# PARENT_SCOPE is then the scope that called case_configure or case_build).
macro(_case_record)
  file(WRITE "${WORK}/${step}.log" "exit status: ${rc}\n--- stdout\n${out}\n--- stderr\n${err}\n")
  set(${step}_RC "${rc}" PARENT_SCOPE)
  set(${step}_OUT "${out}" PARENT_SCOPE)
  set(${step}_ERR "${err}" PARENT_SCOPE)
endmacro()

# case_configure(<step> [FIXTURE_ROOT <dir> | NO_SYSROOT] [FRESH] [WORKING_DIRECTORY <dir>]
#                [ENV <VAR=value>...] [ARGS <-D...>...])
# Configures the case into BUILD_DIR against the fixture (GATOR_SYSROOT, GATOR_VENV=/srv/venv; with
# NO_SYSROOT, GATOR_SYSROOT is not given), with cmake started in WORKING_DIRECTORY (default: the
# driver's own) and the environment variables of ENV set; sets <step>_RC, <step>_OUT, <step>_ERR and
# keeps them in WORK/<step>.log.
function(case_configure step)
  cmake_parse_arguments(PARSE_ARGV 1 arg "FRESH;NO_SYSROOT" "FIXTURE_ROOT;WORKING_DIRECTORY" "ARGS;ENV")
  if(NOT DEFINED arg_FIXTURE_ROOT)
    set(arg_FIXTURE_ROOT "${FIXTURE}")
  endif()
  set(sysroot "")
  if(NOT arg_NO_SYSROOT)
    string(REPLACE ";" "\\;" root "${arg_FIXTURE_ROOT}")
    set(sysroot "-DGATOR_SYSROOT=${root}")
  endif()
  set(env "")
  if(arg_ENV)
    set(env "${CMAKE_COMMAND}" -E env ${arg_ENV})
  endif()
  _case_mode_args(mode_args)
  set(fresh "")
  if(arg_FRESH)
    set(fresh --fresh)
  endif()
  if(NOT DEFINED CASE_SOURCE)
    set(CASE_SOURCE "${CASE_DIR}")
  endif()
  set(workdir "")
  if(DEFINED arg_WORKING_DIRECTORY)
    set(workdir WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}")
  endif()
  execute_process(${workdir}
    COMMAND ${env} "${CMAKE_COMMAND}" ${fresh} -S "${CASE_SOURCE}" -B "${BUILD_DIR}" -G "${GENERATOR}"
            ${mode_args} ${sysroot} -DGATOR_VENV=/srv/venv
            ${ARGS} ${arg_ARGS}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  _case_record()
endfunction()

# case_build(<step> [TARGET <t>]): cmake --build BUILD_DIR; sets <step>_RC/_OUT/_ERR.
function(case_build step)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TARGET" "")
  set(target "")
  if(arg_TARGET)
    set(target --target "${arg_TARGET}")
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" ${target}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  _case_record()
endfunction()

# case_expect(<step> [RESULT <n>] [STDOUT <regex>] [STDERR <regex>] [STDOUT_NOT <regex>]
#             [STDERR_NOT <regex>])
function(case_expect step)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "RESULT;STDOUT;STDERR;STDOUT_NOT;STDERR_NOT" "")
  if(NOT DEFINED arg_RESULT)
    set(arg_RESULT 0)
  endif()
  set(problems "")
  if(NOT "${${step}_RC}" STREQUAL "${arg_RESULT}")
    string(APPEND problems "  exit status ${${step}_RC}, expected ${arg_RESULT}\n")
  endif()
  foreach(stream OUT ERR)
    if(stream STREQUAL "OUT")
      set(name stdout)
    else()
      set(name stderr)
    endif()
    # CMake wraps long messages at spaces: match the text as written, or with the line breaks and
    # indentation taken back out.
    set(raw "${${step}_${stream}}")
    string(REGEX REPLACE "[ \t]*\n[ \t]*" " " joined "${raw}")
    if(DEFINED arg_STD${stream} AND NOT raw MATCHES "${arg_STD${stream}}"
       AND NOT joined MATCHES "${arg_STD${stream}}")
      string(APPEND problems "  ${name} does not match: ${arg_STD${stream}}\n")
    endif()
    if(DEFINED arg_STD${stream}_NOT AND (raw MATCHES "${arg_STD${stream}_NOT}"
       OR joined MATCHES "${arg_STD${stream}_NOT}"))
      string(APPEND problems "  ${name} matches what it must not: ${arg_STD${stream}_NOT}\n")
    endif()
  endforeach()
  if(problems)
    message(FATAL_ERROR "${CASE} (${MODE}), step ${step}:\n${problems}"
      "--- stdout\n${${step}_OUT}\n--- stderr\n${${step}_ERR}\n(log: ${WORK}/${step}.log)")
  endif()
endfunction()

# case_fail(<message>): a failed check in test.cmake.
function(case_fail)
  string(JOIN "" message ${ARGN})
  message(FATAL_ERROR "${CASE} (${MODE}): ${message}")
endfunction()

# case_copy_fixture(<dest>): a private, writable copy of the fixture (symlinks kept as links).
function(case_copy_fixture dest)
  # file(COPY) cannot make a destination whose name holds ';': copy, then rename.
  set(tmp "${WORK}/fixture-copy.tmp")
  file(REMOVE_RECURSE "${tmp}")
  file(COPY "${FIXTURE}/" DESTINATION "${tmp}")
  file(RENAME "${tmp}" "${dest}")
endfunction()

if(EXISTS "${CASE_DIR}/test.cmake")
  include("${CASE_DIR}/test.cmake")
else()
  case_configure(configure)
  set(expect "")
  if(EXISTS "${CASE_DIR}/result.txt")
    file(STRINGS "${CASE_DIR}/result.txt" result LIMIT_COUNT 1)
    list(APPEND expect RESULT "${result}")
  endif()
  foreach(pair "stdout.txt;STDOUT" "stderr.txt;STDERR" "stdout-not.txt;STDOUT_NOT" "stderr-not.txt;STDERR_NOT")
    list(GET pair 0 file)
    list(GET pair 1 keyword)
    if(EXISTS "${CASE_DIR}/${file}")
      file(READ "${CASE_DIR}/${file}" regex)
      string(STRIP "${regex}" regex)
      list(APPEND expect ${keyword} "${regex}")
    endif()
  endforeach()
  case_expect(configure ${expect})
endif()
