# Installs the package as a distribution would (CMAKE_INSTALL_PREFIX=/usr, where GNUInstallDirs picks
# lib/<multiarch> as the library directory), under a DESTDIR, and finds it from a LANGUAGES NONE
# project. The gator project is configured first with the default prefix and then moved to /usr, so
# the package directory must follow the prefix. Only the package's install component is installed;
# the helper is this build's.
set(gator_build "${WORK}/gator-build")
set(destdir "${WORK}/destdir")
foreach(prefix /usr/local /usr)
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${gator_build}" -G "${GENERATOR}"
            -DGATOR_BUILD_TESTS=OFF "-DCMAKE_INSTALL_PREFIX=${prefix}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    case_fail("configuring the gator project with prefix ${prefix} failed:\n${out}")
  endif()
endforeach()
execute_process(
  COMMAND "${CMAKE_COMMAND}" -E env "DESTDIR=${destdir}"
          "${CMAKE_COMMAND}" --install "${gator_build}" --component GatorRocm_Development
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  case_fail("cmake --install --component GatorRocm_Development failed:\n${out}")
endif()
if(NOT EXISTS "${destdir}/usr/share/cmake/GatorRocm/GatorRocmConfig.cmake")
  file(GLOB_RECURSE found RELATIVE "${destdir}" "${destdir}/*/GatorRocmConfig.cmake")
  case_fail("the package is not in /usr/share/cmake/GatorRocm but in: ${found}")
endif()
file(COPY "${HELPER_BUILD_DIR}/helper/gator-rocm" DESTINATION "${destdir}/usr/bin")

case_configure(configure ARGS "-DCMAKE_PREFIX_PATH=${destdir}/usr" "-DCASE_PREFIX=${destdir}/usr")
case_expect(configure STDOUT "Found GatorRocm: ROCm 7\\.0\\.2")
