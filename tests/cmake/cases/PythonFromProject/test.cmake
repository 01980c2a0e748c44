# 1. The project found Python: that interpreter is inspected (on this machine: no sysroot).
case_configure(project_python ARGS -DGATOR_SYSROOT= -DGATOR_VENV= -DCASE_FIND_PYTHON=ON)
case_expect(project_python)
if(project_python_OUT MATCHES "GATOR_TEST_SKIPPED")
  message(STATUS "GATOR_TEST_SKIPPED: no Python 3 interpreter on this machine")
  return()
endif()

# 2. GATOR_PYTHON_EXECUTABLE wins over the project's Python.
case_configure(explicit FRESH ARGS -DGATOR_SYSROOT= -DGATOR_VENV= -DCASE_FIND_PYTHON=ON
  -DGATOR_PYTHON_EXECUTABLE=/usr/bin/python3 -DCASE_EXPECT_PYTHON=/usr/bin/python3)
if(EXISTS /usr/bin/python3)
  case_expect(explicit)
endif()

# 3. GATOR_SITE_PACKAGES on the fixture machine: its torch, read from files.
file(GLOB site "${FIXTURE}/srv/venv/lib/python3*/site-packages")
string(REPLACE "${FIXTURE}" "" site "${site}")
case_configure(site_packages FRESH ARGS -DGATOR_VENV= "-DGATOR_SITE_PACKAGES=${site}"
  -DCASE_EXPECT_TORCH=2.10.0+rocm7.0)
case_expect(site_packages)

# 4. A bare program name: kept as given in the cache (not made a path relative to the current
#    directory), looked up in the fixture machine's /usr/bin.
case_configure(bare_name FRESH ARGS -DGATOR_VENV= -DGATOR_PYTHON_EXECUTABLE=python3.12
  -DCASE_EXPECT_CACHE_PYTHON=python3.12 -DCASE_EXPECT_PYTHON=/usr/bin/python3.12
  -DCASE_EXPECT_TORCH=2.10.0+rocm7.0)
case_expect(bare_name)

# 5. The same on this machine, on PATH.
find_program(case_python3 python3)
if(case_python3)
  case_configure(bare_name_host FRESH ARGS -DGATOR_SYSROOT= -DGATOR_VENV= -DGATOR_PYTHON_EXECUTABLE=python3
    -DCASE_EXPECT_CACHE_PYTHON=python3)
  case_expect(bare_name_host)
endif()
