# Two sibling directories on different channels: each its own constraints file (a/ stable, b/
# nightly), none at the top, and a re-configure rewrites neither.
case_configure(directories ARGS -DCASE_STEP=directories)
case_expect(directories)
if(EXISTS "${BUILD_DIR}/constraints.txt")
  case_fail("a constraints.txt at the top, where no find_package ran")
endif()
file(TIMESTAMP "${BUILD_DIR}/a/constraints.txt" a_before "%s" UTC)
file(TIMESTAMP "${BUILD_DIR}/b/constraints.txt" b_before "%s" UTC)
execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 1.1)
case_configure(directories_again ARGS -DCASE_STEP=directories)
case_expect(directories_again)
file(TIMESTAMP "${BUILD_DIR}/a/constraints.txt" a_after "%s" UTC)
file(TIMESTAMP "${BUILD_DIR}/b/constraints.txt" b_after "%s" UTC)
if(NOT a_before STREQUAL a_after OR NOT b_before STREQUAL b_after)
  case_fail("an unchanged re-configure rewrote a constraints file")
endif()

# gator_rocm_write_constraints(constraints.txt ...) at the top would overwrite the file that
# GATOR_CONSTRAINTS_FILE names: an error naming both calls, before anything is written.
case_configure(conflict FRESH ARGS -DCASE_STEP=conflict)
case_expect(conflict RESULT 1
  STDERR "two calls write [^\n]*/build/constraints\\.txt in this configure.*first: +find_package\\(GatorRocm\\) in the directory [^\n]*/OneOwner \\(its default GATOR_CONSTRAINTS_OUTPUT\\).*second: +gator_rocm_write_constraints\\(constraints\\.txt PACKAGES transformers\\) in [^\n]*/OneOwner/CMakeLists\\.txt"
  STDOUT_NOT "case: not stopped")
file(READ "${BUILD_DIR}/constraints.txt" kept)
if(NOT kept MATCHES "\ntorch==2\\.10\\.0\\+rocm7\\.0\n")
  case_fail("the conflicting call changed find_package's constraints.txt:\n${kept}")
endif()

# The same request twice: allowed.
case_configure(same FRESH ARGS -DCASE_STEP=same)
case_expect(same)
