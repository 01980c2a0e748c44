# No torch (--torch=none): a warning; with REQUIRED, an error.
case_configure(no-torch ARGS "-DGATOR_HELPER_ARGS=--torch=none" -DNATIVE_ARGS=TORCH)
case_expect(no-torch STDERR "CMake Warning.*gator_rocm_use_native: missing torch's CMake package: torch is not installed")
case_configure(no-torch-required FRESH ARGS "-DGATOR_HELPER_ARGS=--torch=none" -DNATIVE_ARGS=TORCH,REQUIRED)
case_expect(no-torch-required RESULT 1
  STDERR "CMake Error.*gator_rocm_use_native: missing torch's CMake package: torch is not installed")

# A machine without ROCm or GPU (Debian's torch, the debian-bookworm-torch fixture): HIP's pieces
# are missing, torch's is there and goes first in CMAKE_PREFIX_PATH.
set(debian "${CMAKE_CURRENT_LIST_DIR}/../../../fixtures/debian-bookworm-torch")
cmake_path(NORMAL_PATH debian)
case_configure(debian FRESH FIXTURE_ROOT "${debian}"
  ARGS -DGATOR_VENV= -DGATOR_SITE_PACKAGES=/usr/lib/python3/dist-packages -DNATIVE_ARGS=HIP,TORCH,REQUIRED)
case_expect(debian RESULT 1
  STDERR "gator_rocm_use_native: missing ROCm's CMake packages: no ROCm was found; the GPU architectures, no AMD GPU: .+ \\(set CMAKE_HIP_ARCHITECTURES and GPU_TARGETS")
case_configure(debian-torch FRESH FIXTURE_ROOT "${debian}"
  ARGS -DGATOR_VENV= -DGATOR_SITE_PACKAGES=/usr/lib/python3/dist-packages -DNATIVE_ARGS=TORCH,REQUIRED)
case_expect(debian-torch STDOUT "after: CMAKE_PREFIX_PATH=\\[${debian}/usr/lib/x86_64-linux-gnu/cmake;" STDERR_NOT "Error")
