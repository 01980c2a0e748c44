# examples/consumer against the bundled example system: its summary, its files, its pip-install
# command (shown by a dry run: nothing is installed).
set(CASE_SOURCE "${SOURCE_DIR}/examples/consumer")
case_configure(configure)
case_expect(configure STDOUT
  "ROCm: +7\\.0\\.2 at /opt/rocm-7\\.0\\.2\n.*GPUs: +8 \\(gfx942\\)\n.*torch: +2\\.10\\.0\\+rocm7\\.0 \\(ROCm build.*Torch index: +https://download\\.pytorch\\.org/whl/rocm7\\.0/\n.*Library: +transformers>=4\\.45\\.0\n.*Constraints: +[^\n]*/constraints\\.txt\n")
foreach(file constraints.txt extras.toml)
  if(NOT EXISTS "${BUILD_DIR}/${file}")
    case_fail("the example wrote no ${file}")
  endif()
endforeach()
if(NOT GENERATOR MATCHES "Ninja")
  return()  # the dry run below is Ninja's
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target pip-install -- -n -v
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "-m pip install -c [^\n]*constraints\\.txt transformers diffusers accelerate huggingface_hub")
  case_fail("pip-install does not run pip with the constraints (${rc}):\n${out}")
endif()

# CONSUMER_LIBRARIES: empty (the default) means GatorRocm's libraries as this configure found them,
# never a cached copy of them; set, it is the list.
file(STRINGS "${BUILD_DIR}/CMakeCache.txt" cached REGEX "^CONSUMER_LIBRARIES:")
if(NOT cached STREQUAL "CONSUMER_LIBRARIES:STRING=")
  case_fail("CONSUMER_LIBRARIES is cached as '${cached}', not empty")
endif()
case_configure(only_transformers ARGS "-DCONSUMER_LIBRARIES=transformers")
case_expect(only_transformers)
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target pip-install -- -n -v
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "-m pip install -c [^\n]*constraints\\.txt transformers\n" OR out MATCHES "diffusers")
  case_fail("pip-install does not install CONSUMER_LIBRARIES=transformers alone (${rc}):\n${out}")
endif()
