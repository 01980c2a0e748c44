set(outputs
  "${BUILD_DIR}/constraints.txt" "${BUILD_DIR}/transformers.txt" "${BUILD_DIR}/extras.toml"
  "${BUILD_DIR}/CMakeFiles/GatorRocm/gator-rocm-vars.cmake")
if(NOT MODE STREQUAL "installed")
  list(APPEND outputs "${HELPER_BUILD_DIR}/helper/gator-rocm" "${BUILD_DIR}/gator-rocm/GatorRocmPackage/GatorRocmConfig.cmake"
    "${BUILD_DIR}/gator-rocm/GatorRocmPackage/GatorRocmTargets.cmake")
endif()

case_configure(first)
case_expect(first STDOUT "-- Found GatorRocm: ROCm 7\\.0\\.2")
set(before "")
foreach(file IN LISTS outputs)
  if(NOT EXISTS "${file}")
    case_fail("configure did not write ${file}")
  endif()
  file(TIMESTAMP "${file}" stamp "%s" UTC)
  list(APPEND before "${stamp}")
endforeach()

# Past the timestamps' one-second resolution, so that a rewrite would show.
execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 1.1)
case_configure(second)
# Nothing changed: no "Found" line again (it is printed when the result changes), no helper build.
case_expect(second STDOUT_NOT "Found GatorRocm|GatorRocm: (re)?buil")
foreach(file stamp IN ZIP_LISTS outputs before)
  file(TIMESTAMP "${file}" after "%s" UTC)
  if(NOT after STREQUAL stamp)
    case_fail("re-configure rewrote ${file} (${stamp} -> ${after})")
  endif()
endforeach()

case_build(build)
case_expect(build STDOUT_NOT "Re-running CMake")
