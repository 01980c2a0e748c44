foreach(timeout abc 0 -5 "1 2" "")
  case_configure(timeout FRESH "ARGS" "-DGATOR_HELPER_TIMEOUT=${timeout}")
  case_expect(timeout STDERR "Reason given by package:.*GATOR_HELPER_TIMEOUT is '${timeout}', not a positive number of seconds")
endforeach()
case_configure(function FRESH ARGS -DGATOR_HELPER_TIMEOUT=abc -DCASE_FUNCTION=ON)
case_expect(function RESULT 1
  STDERR "gator_rocm_write_constraints\\([^)]*more\\.txt\\): GATOR_HELPER_TIMEOUT is 'abc', not a positive number of seconds")
# A valid one (fractional) still runs the helper.
case_configure(valid FRESH ARGS -DGATOR_HELPER_TIMEOUT=30.5 -DCASE_VALID=ON)
case_expect(valid)
