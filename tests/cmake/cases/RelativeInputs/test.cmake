# cmake is started in WORK (not the source directory): a relative path that was resolved against
# the process's directory would miss. The same with the fixture machine under a name holding
# ; ' " $ \ spaces and non-ASCII.
set(odd "x ;'\"$\\ é")
set(machine "${WORK}/sys ${odd}")
case_copy_fixture("${machine}")
foreach(root "${FIXTURE}" "${machine}")
  case_configure(sysroot FRESH FIXTURE_ROOT "${root}" WORKING_DIRECTORY "${WORK}" ARGS -DCASE_STEP=sysroot)
  case_expect(sysroot)
  case_configure(host FRESH FIXTURE_ROOT "${root}" WORKING_DIRECTORY "${WORK}" ARGS -DCASE_STEP=host)
  case_expect(host)
endforeach()

case_configure(missing_root FRESH WORKING_DIRECTORY "${WORK}" ARGS -DCASE_STEP=missing_root)
case_expect(missing_root RESULT 1
  STDERR "GATOR_ROCM_ROOT is set to \"/opt/rocm-9\\.9\\.9\", which holds no usable ROCm:.*--rocm-root /opt/rocm-9\\.9\\.9: no such directory"
  STDOUT_NOT "case: not reached")

# -DGATOR_DATA_FILE=<relative> (untyped) on the command line: from cmake's current directory, kept
# whole although it holds ';'.
set(data_name "data ;x.toml")
file(COPY_FILE "${SOURCE_DIR}/helper/data/compat.toml" "${WORK}/${data_name}")
case_configure(command_line FRESH WORKING_DIRECTORY "${WORK}"
  ARGS -DCASE_STEP=command_line "-DGATOR_DATA_FILE=${data_name}")
case_expect(command_line)
string(FIND "${command_line_OUT}" "case: data file ${WORK}/${data_name}\n" at)
if(at LESS 0)
  case_fail("GATOR_DATA_FILE is not '${WORK}/${data_name}':\n${command_line_OUT}")
endif()
