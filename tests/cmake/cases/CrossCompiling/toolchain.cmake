# A cross-compiling toolchain for the CrossCompiling and FreshHelperBuild cases: an aarch64 Linux
# target whose file system is CASE_TARGET_ROOT (no compiler is needed: the projects are LANGUAGES
# NONE). CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY: packages are looked up in the target's file system.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
if(NOT "${CASE_TARGET_ROOT}" STREQUAL "")
  set(CMAKE_SYSROOT "${CASE_TARGET_ROOT}")
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
