case_configure(good ARGS -DGATOR_ROCM_ROOT=/opt/rocm-7.0.2)
case_expect(good STDOUT "found=(TRUE|1) root=/opt/rocm-7.0.2 version=7\\.0\\.2")

# /srv exists on the fixture machine but holds no ROCm: not found, with a warning that names it.
case_configure(no_rocm ARGS -DGATOR_ROCM_ROOT=/srv -DCASE_FIND_ARGS=)
case_expect(no_rocm STDOUT "found=(FALSE|0) "
  STDERR "CMake Warning.*GATOR_ROCM_ROOT is set to \"/srv\", which holds no usable ROCm:.*--rocm-root /srv holds no ROCm")

# REQUIRED: the same message, as an error.
case_configure(no_rocm_required ARGS -DGATOR_ROCM_ROOT=/srv -DCASE_FIND_ARGS=REQUIRED)
case_expect(no_rocm_required RESULT 1
  STDERR "CMake Error.*GATOR_ROCM_ROOT is set to \"/srv\", which holds no usable ROCm:.*--rocm-root /srv holds no ROCm"
  STDOUT_NOT "found=")

# QUIET, not REQUIRED: nothing printed, not found.
case_configure(no_rocm_quiet ARGS -DGATOR_ROCM_ROOT=/srv -DCASE_FIND_ARGS=QUIET)
case_expect(no_rocm_quiet STDOUT "found=(FALSE|0) " STDERR_NOT "GATOR_ROCM_ROOT|Warning|Error")

case_configure(missing ARGS -DGATOR_ROCM_ROOT=/opt/rocm-9.9.9 -DCASE_FIND_ARGS=REQUIRED)
case_expect(missing RESULT 1
  STDERR "GATOR_ROCM_ROOT is set to \"/opt/rocm-9\\.9\\.9\".*--rocm-root /opt/rocm-9\\.9\\.9: no such directory"
  STDOUT_NOT "found=")

# Other failures that name a path under the root are not blamed on GATOR_ROCM_ROOT: not found, with
# the helper's message, and no error.
case_configure(venv_under_root ARGS -DCASE_FIND_ARGS= -DGATOR_ROCM_ROOT=/opt/rocm-7.0.2 -DGATOR_VENV=/opt/rocm-7.0.2/no-venv)
case_expect(venv_under_root STDOUT "found=(FALSE|0) "
  STDERR "Reason given by package:.*--venv /opt/rocm-7\\.0\\.2/no-venv: no such directory"
  STDERR_NOT "GATOR_ROCM_ROOT is set")
case_configure(data_under_root ARGS -DCASE_FIND_ARGS= -DGATOR_ROCM_ROOT=/opt/rocm-7.0.2
  -DGATOR_DATA_FILE=/opt/rocm-7.0.2/no-data.toml)
case_expect(data_under_root STDOUT "found=(FALSE|0) " STDERR "--data: /opt/rocm-7\\.0\\.2/no-data\\.toml"
  STDERR_NOT "GATOR_ROCM_ROOT is set")
