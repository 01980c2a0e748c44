# The gator-rocm-refresh target of a consumer project (included by GatorRocmConfig.cmake).
#
#   cmake --build <build> --target gator-rocm-refresh
#
# runs `gator-rocm refresh` (the one step that reads the package indexes over the network; configure
# never does) and then touches a stamp file that configure watches, so the next build re-runs
# configure and find_package(GatorRocm) plans with the refreshed data. The overlay file itself is
# watched too (GATOR_WATCH_PATHS), so a `gator-rocm refresh` run by hand that changes it has the same
# effect. GATOR_REFRESH_ARGS (a list) adds options to refresh: `--index-base;URL;--amd-base;URL;--timeout;10`.

function(_gator_rocm_add_refresh_target)
  if(TARGET gator-rocm-refresh)
    return()
  endif()
  _gator_rocm_helper_location(helper)
  if(helper STREQUAL "")
    return()
  endif()
  set(stamp "${CMAKE_BINARY_DIR}/GatorRocm/refresh.stamp")
  if(NOT EXISTS "${stamp}")
    file(WRITE "${stamp}" "")  # creates GatorRocm/ too
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${stamp}")
  add_custom_target(gator-rocm-refresh
    COMMAND "${helper}" refresh ${GATOR_REFRESH_ARGS}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    COMMENT "gator-rocm refresh: reading the PyTorch and AMD package indexes"
    USES_TERMINAL
    VERBATIM)
endfunction()
