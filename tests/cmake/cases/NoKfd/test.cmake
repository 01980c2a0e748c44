# The GPU tools are not run (they would fail): no warning, and the summary says why no GPU is listed.
case_configure(configure FIXTURE_ROOT "${SOURCE_DIR}/tests/fixtures/container-no-kfd")
case_expect(configure
  STDOUT "Found GatorRocm: ROCm 6\\.3\\.2 \\(/opt/rocm-6\\.3\\.2\\), GPUs: none visible — no /dev/kfd in this environment"
  STDERR_NOT "CMake Warning|rocminfo|rocm_agent_enumerator")
