# The target's file system: a copy of the fixture machine, with the package installed in it as a
# target's package would be, its gator-rocm an aarch64 program (here: a file this machine cannot
# run). GATOR_SYSROOT is not given: it follows CMAKE_SYSROOT.
set(target "${WORK}/target-root")
case_copy_fixture("${target}")
file(COPY "${STAGE}/" DESTINATION "${target}/usr")
file(REMOVE "${target}/usr/bin/gator-rocm")
string(ASCII 127 del)
file(WRITE "${target}/usr/bin/gator-rocm" "${del}ELF (an aarch64 program)\n")
file(CHMOD "${target}/usr/bin/gator-rocm" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
set(toolchain "--toolchain=${CASE_DIR}/toolchain.cmake")
set(cross ${toolchain} "-DCASE_TARGET_ROOT=${target}" "-DCMAKE_FIND_ROOT_PATH=${target}/usr")

# 1. The target's package: its helper is not run; not found, with the advice.
case_configure(target_package NO_SYSROOT ARGS ${cross} -DCMAKE_PREFIX_PATH=/)
case_expect(target_package STDOUT "case: found=(0|FALSE) "
  STDERR "the helper [^\n]*/target-root/usr/bin/gator-rocm is in the target's file system.*GatorRocm_HELPER_EXECUTABLE.*NO_CMAKE_FIND_ROOT_PATH"
  STDERR_NOT "exit status|could not run")

# 2. The same package with GatorRocm_HELPER_EXECUTABLE, this machine's helper: the target's facts.
case_configure(hint FRESH NO_SYSROOT ARGS ${cross} -DCMAKE_PREFIX_PATH=/
  "-DGatorRocm_HELPER_EXECUTABLE=${STAGE}/bin/gator-rocm")
case_expect(hint STDOUT "case: found=(1|TRUE) rocm=7\\.0\\.2 gpus=8\n.*case: helper=${STAGE}/bin/gator-rocm\n"
  STDERR_NOT "Warning|Error")

# 3. This machine's package, found past the target's file system: the target's facts too.
case_configure(host_package FRESH NO_SYSROOT ARGS ${cross} "-DCMAKE_PREFIX_PATH=${STAGE}"
  -DCASE_FIND_ARGS=REQUIRED,NO_CMAKE_FIND_ROOT_PATH)
case_expect(host_package STDOUT "case: found=(1|TRUE) rocm=7\\.0\\.2 gpus=8\n"
  STDERR_NOT "Warning|Error")

# 4. Cross-compiling without a sysroot: the results are this machine's, and a warning says so.
case_configure(no_sysroot FRESH NO_SYSROOT ARGS ${toolchain} "-DCMAKE_PREFIX_PATH=${STAGE}"
  -DCASE_FIND_ARGS=NO_CMAKE_FIND_ROOT_PATH -DGATOR_VENV=)
case_expect(no_sysroot STDERR "cross-compiling without CMAKE_SYSROOT or GATOR_SYSROOT: the results describe this build machine")
