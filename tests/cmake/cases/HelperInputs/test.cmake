# A private copy of the source tree (the helper itself comes from HELPER_BUILD_DIR, up to date):
# editing one of the package's build files, or adding a file to the helper's directories, re-runs
# the consumer's configure at the next build.
set(src "${WORK}/gator-src")
foreach(item CMakeLists.txt cmake helper templates)
  file(COPY "${SOURCE_DIR}/${item}" DESTINATION "${src}")
endforeach()
set(args "-DGATOR_TEST_SOURCE_DIR=${src}")

case_configure(configure ARGS ${args})
case_expect(configure)
case_build(build)
case_expect(build STDOUT_NOT "Re-running CMake")

execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 1.1)
file(TOUCH "${src}/cmake/GatorRocmPackage.cmake")
case_build(edited_package)
case_expect(edited_package STDOUT "Re-running CMake")

file(WRITE "${src}/helper/src/new_file.txt" "new\n")
case_build(new_file)
case_expect(new_file STDOUT "Re-running CMake")
case_build(again)
case_expect(again STDOUT_NOT "Re-running CMake")
