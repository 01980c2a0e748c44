case_configure(good ARGS -DGATOR_ROCM_ROOT=/opt/rocm-7.0.2)
case_expect(good STDOUT "found=(TRUE|1) root=/opt/rocm-7.0.2 version=7\\.0\\.2")

# /srv exists on the fixture machine but holds no ROCm.
case_configure(no_rocm ARGS -DGATOR_ROCM_ROOT=/srv)
case_expect(no_rocm RESULT 1
  STDERR "GATOR_ROCM_ROOT is set to \"/srv\", which holds no usable ROCm:.*--rocm-root /srv holds no ROCm"
  STDOUT_NOT "found=")

case_configure(missing ARGS -DGATOR_ROCM_ROOT=/opt/rocm-9.9.9)
case_expect(missing RESULT 1 STDERR "GATOR_ROCM_ROOT is set to \"/opt/rocm-9\\.9\\.9\"" STDOUT_NOT "found=")
