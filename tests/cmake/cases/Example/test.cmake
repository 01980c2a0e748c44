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

# The commands pip-install would run, not running them: the build tool's dry run (Ninja's -n -v,
# make's -n). Another generator has none: those checks are skipped, and the test says so at the end.
if(GENERATOR MATCHES "Ninja")
  set(dry_run -n -v)
elseif(GENERATOR MATCHES "^(Unix|MSYS|MinGW) Makefiles$")
  set(dry_run -n)
else()
  set(dry_run "")
endif()
set(skipped "")
# dry_run_commands(<out> [<target>]): the dry run of pip-install (or <target>).
function(dry_run_commands out)
  set(target pip-install)
  if(ARGN)
    set(target ${ARGN})
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target ${target} -- ${dry_run}
    RESULT_VARIABLE rc OUTPUT_VARIABLE text ERROR_VARIABLE text)
  if(NOT rc EQUAL 0)
    case_fail("the dry run of ${target} failed (${rc}):\n${text}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

if(dry_run)
  dry_run_commands(out)
  if(NOT out MATCHES "-m pip install -c [^\n]*constraints\\.txt transformers diffusers accelerate huggingface_hub")
    case_fail("pip-install does not run pip with the constraints:\n${out}")
  endif()
  # gator-doctor runs the helper with configure's inputs.
  dry_run_commands(out gator-doctor)
  if(NOT out MATCHES "gator-rocm doctor --root [^\n]*/rocm702-8xmi300x --venv /srv/venv --source pytorch --channel stable")
    case_fail("gator-doctor does not run the helper with configure's inputs:\n${out}")
  endif()
else()
  list(APPEND skipped "the pip-install and gator-doctor commands (no dry run with ${GENERATOR})")
endif()

# CONSUMER_LIBRARIES: empty (the default) means GatorRocm's libraries as this configure found them,
# never a cached copy of them; set, it is the list.
file(STRINGS "${BUILD_DIR}/CMakeCache.txt" cached REGEX "^CONSUMER_LIBRARIES:")
if(NOT cached STREQUAL "CONSUMER_LIBRARIES:STRING=")
  case_fail("CONSUMER_LIBRARIES is cached as '${cached}', not empty")
endif()
case_configure(only_transformers ARGS "-DCONSUMER_LIBRARIES=transformers")
case_expect(only_transformers)
file(STRINGS "${BUILD_DIR}/CMakeCache.txt" cached REGEX "^CONSUMER_LIBRARIES:")
if(NOT cached STREQUAL "CONSUMER_LIBRARIES:STRING=transformers")
  case_fail("CONSUMER_LIBRARIES is cached as '${cached}', not transformers")
endif()
if(dry_run)
  dry_run_commands(out)
  if(NOT out MATCHES "-m pip install -c [^\n]*constraints\\.txt transformers[ \t]*\n" OR out MATCHES "diffusers")
    case_fail("pip-install does not install CONSUMER_LIBRARIES=transformers alone:\n${out}")
  endif()
endif()

if(skipped)
  list(JOIN skipped "; " skipped)
  message(STATUS "GATOR_TEST_SKIPPED: the other checks passed; not checked: ${skipped}")
endif()
