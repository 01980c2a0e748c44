# Included by every case project (cases/*/CMakeLists.txt) right after project(): makes GatorRocm
# available the way GATOR_TEST_MODE says, and defines the checks the cases use.
#
#   installed     find_package(GatorRocm) finds the staged install through CMAKE_PREFIX_PATH
#   subdir        add_subdirectory(<gator source>) first
#   fetchcontent  FetchContent_Declare(GatorRocm SOURCE_DIR <gator source>) + MakeAvailable first
#
# A failed check is a SEND_ERROR: configure goes on (so every failure is listed) and exits non-zero.
if(GATOR_TEST_MODE STREQUAL "subdir")
  add_subdirectory("${GATOR_TEST_SOURCE_DIR}" gator-rocm)
elseif(GATOR_TEST_MODE STREQUAL "fetchcontent")
  include(FetchContent)
  FetchContent_Declare(GatorRocm SOURCE_DIR "${GATOR_TEST_SOURCE_DIR}")
  FetchContent_MakeAvailable(GatorRocm)
elseif(NOT GATOR_TEST_MODE STREQUAL "installed")
  message(FATAL_ERROR "GATOR_TEST_MODE must be installed, subdir or fetchcontent, not '${GATOR_TEST_MODE}'")
endif()

function(expect_equal var expected)
  if(NOT DEFINED ${var})
    message(SEND_ERROR "check failed: ${var} is not defined (expected '${expected}')")
  elseif(NOT "${${var}}" STREQUAL "${expected}")
    message(SEND_ERROR "check failed: ${var} is '${${var}}', expected '${expected}'")
  endif()
endfunction()

function(expect_match var regex)
  if(NOT "${${var}}" MATCHES "${regex}")
    message(SEND_ERROR "check failed: ${var} is '${${var}}', which does not match '${regex}'")
  endif()
endfunction()

function(expect_true var)
  if(NOT ${var})
    message(SEND_ERROR "check failed: ${var} is '${${var}}', expected true")
  endif()
endfunction()

function(expect_false var)
  if(${var})
    message(SEND_ERROR "check failed: ${var} is '${${var}}', expected false")
  endif()
endfunction()

function(expect_undefined)
  foreach(var IN LISTS ARGN)
    if(DEFINED ${var})
      message(SEND_ERROR "check failed: ${var} is defined ('${${var}}'), expected it unset")
    endif()
  endforeach()
endfunction()

function(expect_file_contains file regex)
  if(NOT EXISTS "${file}")
    message(SEND_ERROR "check failed: ${file} does not exist")
    return()
  endif()
  file(READ "${file}" content)
  if(NOT content MATCHES "${regex}")
    message(SEND_ERROR "check failed: ${file} does not match '${regex}':\n${content}")
  endif()
endfunction()

# The result variables of GatorRocmConfig.cmake.in that come from the helper, but for those that are also
# cache inputs (GATOR_ROCM_ROOT, GATOR_PYTHON_EXECUTABLE, GATOR_TORCH_CHANNEL).
set(GATOR_TEST_RESULT_VARS
  GATOR_ROCM_FOUND GATOR_ROCM_VERSION GATOR_ROCM_VERSION_MAJOR GATOR_ROCM_VERSION_MINOR
  GATOR_ROCM_VERSION_PATCH GATOR_GPU_ARCHS GATOR_GPU_COUNT GATOR_GPUS_NOTE GATOR_TORCH_FOUND
  GATOR_TORCH_VERSION GATOR_TORCH_MAJOR_MINOR GATOR_TORCH_IS_ROCM_BUILD GATOR_TORCH_HIP_VERSION
  GATOR_TORCH_INDEX_URL GATOR_TORCH_NIGHTLY_INDEX_URL GATOR_TORCH_INSTALL_COMMAND GATOR_DEP_SPECS
  GATOR_CONSTRAINTS_FILE GATOR_ENV GATOR_WARNINGS GATOR_WATCH_PATHS)

# A stand-in helper from fake-helpers/, made executable in the build tree, as GatorRocm::gator-rocm:
# the package's targets file leaves an already defined target alone.
function(use_fake_helper name)
  file(COPY "${GATOR_TEST_DIR}/fake-helpers/${name}" DESTINATION "${CMAKE_BINARY_DIR}/fake-helpers"
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE)
  add_executable(GatorRocm::gator-rocm IMPORTED)
  set_target_properties(GatorRocm::gator-rocm PROPERTIES
    IMPORTED_LOCATION "${CMAKE_BINARY_DIR}/fake-helpers/${name}")
endfunction()

# After a failed find_package: the variables that are both inputs and results hold only the input.
function(expect_only_inputs)
  foreach(var GATOR_ROCM_ROOT GATOR_PYTHON_EXECUTABLE GATOR_TORCH_CHANNEL)
    if(NOT "${${var}}" STREQUAL "$CACHE{${var}}")
      message(SEND_ERROR "check failed: ${var} is '${${var}}', not the cache input '$CACHE{${var}}'")
    endif()
  endforeach()
endfunction()

# The variables have no normal variable in the caller's scope: reading them gives the cache entry
# (checked by giving the cache entry another value for a moment).
function(expect_not_normal)
  foreach(var IN LISTS ARGN)
    if(NOT DEFINED CACHE{${var}})
      if(DEFINED ${var})
        message(SEND_ERROR "check failed: ${var} is a normal variable ('${${var}}')")
      endif()
      continue()
    endif()
    get_property(saved CACHE ${var} PROPERTY VALUE)
    set_property(CACHE ${var} PROPERTY VALUE "gator-test-sentinel")
    if(NOT "${${var}}" STREQUAL "gator-test-sentinel")
      message(SEND_ERROR "check failed: ${var} is a normal variable ('${${var}}'), expected only the cache entry")
    endif()
    set_property(CACHE ${var} PROPERTY VALUE "${saved}")
  endforeach()
endfunction()

# The results of one find_package(GatorRocm) as one list (each value a \;-free element), to compare.
function(gator_test_results out)
  set(results "")
  foreach(var IN LISTS GATOR_TEST_RESULT_VARS ITEMS GATOR_ROCM_ROOT GATOR_PYTHON_EXECUTABLE GATOR_TORCH_CHANNEL)
    string(REPLACE ";" "," value "${${var}}")
    list(APPEND results "${var}=${value}")
  endforeach()
  set(${out} "${results}" PARENT_SCOPE)
endfunction()
