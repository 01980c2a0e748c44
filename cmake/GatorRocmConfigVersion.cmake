# The version file of find_package(GatorRocm): the compatibility rule of write_basic_package_version_file
# (GatorRocmBasicVersion.cmake, generated), and one addition. find_package reads this file in a scope
# of its own, before GatorRocmConfig.cmake and instead of it when the version is rejected; a rejected
# request then takes back the results an earlier find_package(GatorRocm) left in the caller's scope
# (PARENT_SCOPE here), so that GATOR_* and GatorRocm_ROCm_FOUND do not stand beside GatorRocm_FOUND=0.
include("${CMAKE_CURRENT_LIST_DIR}/GatorRocmBasicVersion.cmake")
if((NOT PACKAGE_VERSION_COMPATIBLE OR PACKAGE_VERSION_UNSUITABLE) AND NOT CMAKE_VERSION VERSION_LESS 3.25)
  cmake_policy(PUSH)
  cmake_policy(VERSION 3.25)
  include("${CMAKE_CURRENT_LIST_DIR}/GatorRocmFunctions.cmake")
  _gator_rocm_read_inputs()
  _gator_rocm_forget_results()
  cmake_policy(POP)
endif()
