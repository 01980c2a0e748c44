# Three configures of one build tree: the GPUs of the fixture; other GPUs (--gpu-arch), which the
# values gator_rocm_use_native set follow; a CMAKE_HIP_ARCHITECTURES the project sets, which stays.
case_configure(gpus ARGS -DEXPECT_ARCHS=gfx942 -DEXPECT_HIP_ARCHITECTURES=gfx942)
case_expect(gpus STDERR_NOT "Warning|Error|check failed")
case_configure(other-gpus ARGS "-DGATOR_HELPER_ARGS=--gpu-arch=gfx90a,gfx942,gfx90a"
  -DEXPECT_ARCHS=gfx90a,gfx942 -DEXPECT_HIP_ARCHITECTURES=gfx90a,gfx942)
case_expect(other-gpus STDERR_NOT "Warning|Error|check failed")
case_configure(project-value ARGS -DCMAKE_HIP_ARCHITECTURES=gfx1100
  -DEXPECT_ARCHS=gfx90a,gfx942 -DEXPECT_HIP_ARCHITECTURES=gfx1100)
case_expect(project-value STDERR_NOT "Warning|Error|check failed")
