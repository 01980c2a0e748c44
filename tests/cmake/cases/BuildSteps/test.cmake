# Configure plans for the nightly channel and gfx90a (not the fixture's gfx942); the build steps must
# see the same.
case_configure(configure ARGS -DGATOR_TORCH_CHANNEL=nightly -DGATOR_HELPER_ARGS=--gpu-arch=gfx90a)
case_expect(configure)
case_build(detect TARGET case-detect)
case_expect(detect STDOUT "\"gfx90a\"" STDOUT_NOT "\"gfx942\"")
if(NOT detect_OUT MATCHES "\"channel\": *\"nightly\"")
  case_fail("gator-rocm detect at build time did not plan for the nightly channel:\n${detect_OUT}")
endif()
case_build(index_url TARGET case-index-url)
case_expect(index_url STDOUT "https://download\\.pytorch\\.org/whl/nightly/rocm7\\.0/")
