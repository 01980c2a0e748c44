# The steps on the fixture machine run everywhere; those that inspect this machine's Python need one,
# and where there is none they are reported as skipped (GATOR_TEST_SKIPPED, at the end, after every
# other step has passed), never passed silently.
set(skipped "")

# 1. GATOR_SITE_PACKAGES on the fixture machine: its torch, read from files.
file(GLOB site "${FIXTURE}/srv/venv/lib/python3*/site-packages")
list(LENGTH site n_site)
if(NOT n_site EQUAL 1)
  case_fail("expected one site-packages in the fixture's /srv/venv, found: ${site}")
endif()
string(REPLACE "${FIXTURE}" "" site "${site}")
case_configure(site_packages FRESH ARGS -DGATOR_VENV= "-DGATOR_SITE_PACKAGES=${site}"
  -DCASE_EXPECT_TORCH=2.10.0+rocm7.0)
case_expect(site_packages)

# 2. A bare program name: kept as given in the cache (not made a path relative to the current
#    directory), looked up in the fixture machine's /usr/bin.
case_configure(bare_name FRESH ARGS -DGATOR_VENV= -DGATOR_PYTHON_EXECUTABLE=python3.12
  -DCASE_EXPECT_CACHE_PYTHON=python3.12 -DCASE_EXPECT_PYTHON=/usr/bin/python3.12
  -DCASE_EXPECT_TORCH=2.10.0+rocm7.0)
case_expect(bare_name)

# 3. The project found Python: that interpreter is inspected (on this machine: no sysroot).
case_configure(project_python FRESH ARGS -DGATOR_SYSROOT= -DGATOR_VENV= -DCASE_FIND_PYTHON=ON)
case_expect(project_python)
if(project_python_OUT MATCHES "case: no Python 3 interpreter")
  list(APPEND skipped "the project's Python and GATOR_PYTHON_EXECUTABLE (no Python 3 interpreter found)")
else()
  # 4. GATOR_PYTHON_EXECUTABLE wins over the project's Python: another path to the same interpreter
  #    (a link in WORK), so that the two differ whatever this machine's Python is.
  #    (The project's Python3_EXECUTABLE: the case prints it, having checked that GatorRocm used it.)
  if(NOT project_python_OUT MATCHES "-- python=([^\n]*)\n")
    case_fail("step project_python printed no python=:\n${project_python_OUT}")
  endif()
  set(project_python "${CMAKE_MATCH_1}")
  if(NOT IS_ABSOLUTE "${project_python}" OR NOT EXISTS "${project_python}")
    case_fail("step project_python found no usable Python3_EXECUTABLE ('${project_python}')")
  endif()
  set(explicit "${WORK}/explicit-python/python3")
  file(MAKE_DIRECTORY "${WORK}/explicit-python")
  file(CREATE_LINK "${project_python}" "${explicit}" SYMBOLIC)
  case_configure(explicit FRESH ARGS -DGATOR_SYSROOT= -DGATOR_VENV= -DCASE_FIND_PYTHON=ON
    "-DGATOR_PYTHON_EXECUTABLE=${explicit}" "-DCASE_EXPECT_PYTHON=${explicit}")
  case_expect(explicit)
endif()

# 5. A bare program name on this machine, on PATH.
find_program(case_python3 python3 NO_CACHE)
if(case_python3)
  case_configure(bare_name_host FRESH ARGS -DGATOR_SYSROOT= -DGATOR_VENV= -DGATOR_PYTHON_EXECUTABLE=python3
    -DCASE_EXPECT_CACHE_PYTHON=python3)
  case_expect(bare_name_host)
else()
  list(APPEND skipped "GATOR_PYTHON_EXECUTABLE=python3 on PATH (no python3 on PATH)")
endif()

if(skipped)
  list(JOIN skipped "; " skipped)
  message(STATUS "GATOR_TEST_SKIPPED: the fixture steps passed; not checked on this machine: ${skipped}")
endif()
