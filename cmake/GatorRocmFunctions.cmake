# Functions of the GatorRocm package (see the documentation in GatorRocmConfig.cmake):
#
#   gator_rocm_write_constraints(<output> [TORCH <version>] [CHANNEL <channel>] [PACKAGES <name>...])
#   gator_rocm_write_pyproject_extras(<output> [EXTRAS <name>...])
#
# and _gator_rocm_find(), the body of find_package(GatorRocm). The logic lives in the helper; these
# only pass inputs to it and read back the script it writes.
include_guard(GLOBAL)

# Every variable the helper's script sets, in the order of the reference in GatorRocmConfig.cmake.in (GATOR_CONSTRAINTS_FILE is
# set only with --constraints-output), and the inputs whose names are also results. Functions, not
# variables: include_guard(GLOBAL) reads this file once, into the scope of the first find_package, so
# a variable defined here would be missing in every scope that is not a child of that one.
function(_gator_rocm_script_vars out)
  set(${out}
    GATOR_ROCM_FOUND GATOR_ROCM_VERSION GATOR_ROCM_VERSION_MAJOR GATOR_ROCM_VERSION_MINOR
    GATOR_ROCM_VERSION_PATCH GATOR_ROCM_ROOT GATOR_GPU_ARCHS GATOR_GPU_COUNT GATOR_GPUS_NOTE
    GATOR_HIP_ARCHITECTURES GATOR_HIP_ARCHITECTURES_NOTE GATOR_ROCM_CMAKE_PREFIX_PATH
    GATOR_TORCH_FOUND GATOR_TORCH_VERSION GATOR_TORCH_MAJOR_MINOR GATOR_TORCH_IS_ROCM_BUILD
    GATOR_TORCH_HIP_VERSION GATOR_TORCH_CHANNEL GATOR_TORCH_INDEX_URL GATOR_TORCH_NIGHTLY_INDEX_URL
    GATOR_TORCH_INSTALL_COMMAND GATOR_TORCH_CMAKE_PREFIX_PATH GATOR_TORCH_LIBRARY_DIR GATOR_TORCH_CXX11_ABI
    GATOR_DEP_SPECS GATOR_ENV GATOR_WARNINGS GATOR_PYTHON_EXECUTABLE
    GATOR_WATCH_PATHS
    PARENT_SCOPE)
endfunction()
function(_gator_rocm_input_results out)
  set(${out} GATOR_ROCM_ROOT GATOR_PYTHON_EXECUTABLE GATOR_TORCH_CHANNEL PARENT_SCOPE)
endfunction()

# Looks up the directory property <name> in the current directory, then in its parents; sets <out> to
# its value and <out>_SET to whether it was found. Used for what a find_package in a directory left
# for later calls in that directory and its subdirectories.
function(_gator_rocm_directory_lookup name out)
  set(dir "${CMAKE_CURRENT_SOURCE_DIR}")
  while(NOT dir STREQUAL "")
    get_property(is_set DIRECTORY "${dir}" PROPERTY "${name}" SET)
    if(is_set)
      get_property(value DIRECTORY "${dir}" PROPERTY "${name}")
      set(${out} "${value}" PARENT_SCOPE)
      set(${out}_SET TRUE PARENT_SCOPE)
      return()
    endif()
    get_property(dir DIRECTORY "${dir}" PROPERTY PARENT_DIRECTORY)
  endwhile()
  set(${out} "" PARENT_SCOPE)
  set(${out}_SET FALSE PARENT_SCOPE)
endfunction()

# The helper: GatorRocm::gator-rocm's file (imported, of any configuration).
function(_gator_rocm_helper_location out)
  set(location "")
  if(TARGET GatorRocm::gator-rocm)
    get_target_property(location GatorRocm::gator-rocm IMPORTED_LOCATION)
    if(NOT location)
      get_target_property(configs GatorRocm::gator-rocm IMPORTED_CONFIGURATIONS)
      foreach(config IN LISTS configs)
        get_target_property(location GatorRocm::gator-rocm IMPORTED_LOCATION_${config})
        if(location)
          break()
        endif()
      endforeach()
    endif()
  endif()
  if(NOT location)
    set(location "")
  endif()
  set(${out} "${location}" PARENT_SCOPE)
endfunction()

# Appends "<option> <value>" to the list <args>, the value kept whole even with ';' in it. (A function:
# a macro would re-read escape sequences such as "\ " in the value.)
function(_gator_rocm_append_arg _gator_list _gator_option _gator_value)
  string(REPLACE ";" "\\;" _gator_escaped "${_gator_value}")
  if("${${_gator_list}}" STREQUAL "")
    set(${_gator_list} "${_gator_option};${_gator_escaped}" PARENT_SCOPE)
  else()
    set(${_gator_list} "${${_gator_list}};${_gator_option};${_gator_escaped}" PARENT_SCOPE)
  endif()
endfunction()

# Declares the PATH/FILEPATH cache input <var>. An entry made by an untyped -D<var>=<value> is kept
# as given when it is absolute: set(CACHE PATH) would split it at each ';' and turn backslashes into
# slashes. A relative one is made absolute from CMake's current directory, as set(CACHE PATH) does for
# any relative -D value; one that holds ';' or a backslash is joined to that directory here, whole.
# With PROGRAM, a bare program name (python3: no directory part) is kept too, not made a path
# relative to the current directory.
function(_gator_rocm_cache_path var type default doc)
  if(DEFINED CACHE{${var}})
    get_property(current_type CACHE ${var} PROPERTY TYPE)
    set(value "$CACHE{${var}}")
    if(current_type STREQUAL "UNINITIALIZED")
      cmake_path(IS_ABSOLUTE value absolute)
      if(absolute OR value STREQUAL "" OR ("PROGRAM" IN_LIST ARGN AND NOT value MATCHES "[/\\]"))
        set_property(CACHE ${var} PROPERTY TYPE ${type})
        set_property(CACHE ${var} PROPERTY HELPSTRING "${doc}")
        return()
      elseif(value MATCHES "[;\\]")
        # CMake's current directory (no variable holds it): what set(CACHE PATH) makes of ".".
        set_property(CACHE ${var} PROPERTY VALUE ".")
        set(${var} "." CACHE ${type} "${doc}")
        set(cwd "$CACHE{${var}}")
        if(NOT cwd MATCHES "/$")
          string(APPEND cwd "/")
        endif()
        set_property(CACHE ${var} PROPERTY VALUE "${cwd}${value}")
        return()
      endif()
    endif()
  endif()
  set(${var} "${default}" CACHE ${type} "${doc}")
endfunction()

# Makes the path in the variable <var> absolute, if it is set and relative: <base>/<path>, joined as
# strings so that ';', backslashes and the like stay as they are.
function(_gator_rocm_absolute var base)
  set(value "${${var}}")
  if(value STREQUAL "")
    return()
  endif()
  cmake_path(IS_ABSOLUTE value absolute)
  if(absolute)
    return()
  endif()
  if(NOT base MATCHES "/$")
    string(APPEND base "/")
  endif()
  set(${var} "${base}${value}" PARENT_SCOPE)
endfunction()

# Makes <dir> and its parents. CMake's own commands turn a backslash in a path into a slash, also
# where it is an ordinary character of a file name (Linux): leave those to mkdir.
function(_gator_rocm_make_directory dir)
  if(IS_DIRECTORY "${dir}")
    return()
  endif()
  if(dir MATCHES "\\\\" AND NOT WIN32)
    execute_process(COMMAND mkdir -p -- "${dir}")
  else()
    file(MAKE_DIRECTORY "${dir}")
  endif()
endfunction()

# Appends the list in <more-var> to the list in <args-var>, keeping escaped ';' (list(APPEND) of an
# expanded list would not).
function(_gator_rocm_join_args _gator_list _gator_more)
  if(NOT "${${_gator_more}}" STREQUAL "")
    set(${_gator_list} "${${_gator_list}};${${_gator_more}}" PARENT_SCOPE)
  endif()
endfunction()

# Runs the helper in <workdir> with the argument list in the variable <args-var> (passed by name: a
# function's ARGN would split the arguments that hold ';'), for at most <timeout> seconds. Sets
# <out-prefix>_OK, <out-prefix>_MESSAGE to why it failed, with the helper's own message, and
# <out-prefix>_ERROR to what the helper wrote to stderr. A <timeout> that is not a positive number
# (GATOR_HELPER_TIMEOUT) is a failure naming it; the helper does not run.
function(_gator_rocm_run out_prefix helper timeout workdir _gator_args)
  if(NOT timeout MATCHES "^[0-9]+(\\.[0-9]*)?$" OR timeout EQUAL 0)
    set(${out_prefix}_OK FALSE PARENT_SCOPE)
    set(${out_prefix}_MESSAGE
      "GATOR_HELPER_TIMEOUT is '${timeout}', not a positive number of seconds" PARENT_SCOPE)
    set(${out_prefix}_ERROR "" PARENT_SCOPE)
    return()
  endif()
  list(GET ${_gator_args} 0 subcommand)
  execute_process(COMMAND "${helper}" ${${_gator_args}}
    WORKING_DIRECTORY "${workdir}"
    TIMEOUT ${timeout}
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
    ERROR_STRIP_TRAILING_WHITESPACE)
  if(rc EQUAL 0)
    set(${out_prefix}_OK TRUE PARENT_SCOPE)
    set(${out_prefix}_MESSAGE "" PARENT_SCOPE)
    set(${out_prefix}_ERROR "" PARENT_SCOPE)
    return()
  endif()
  if(rc MATCHES "^[0-9]+$")
    set(message "gator-rocm ${subcommand} failed with exit status ${rc}")
  elseif(rc MATCHES "timeout")
    set(message "gator-rocm ${subcommand} did not finish within ${timeout} s (GATOR_HELPER_TIMEOUT)")
  else()
    set(message "gator-rocm ${subcommand} could not run (${helper}): ${rc}")
  endif()
  if(NOT err STREQUAL "")
    string(APPEND message ": ${err}")
  endif()
  set(${out_prefix}_OK FALSE PARENT_SCOPE)
  set(${out_prefix}_MESSAGE "${message}" PARENT_SCOPE)
  set(${out_prefix}_ERROR "${err}" PARENT_SCOPE)
endfunction()

# The inputs that are also results (GATOR_ROCM_ROOT, GATOR_PYTHON_EXECUTABLE, GATOR_TORCH_CHANNEL),
# as the caller has them. Sets <var>_INPUT to "C" (no normal variable of the project's: the cache
# entry) or "V<value>" (the project's normal variable), and <var>_HOLDS_RESULT to whether the caller's
# normal variable is a result that an earlier find_package in this directory (or a parent) set: then
# the input is the one that earlier call had, recorded with the result, so that the same call gives
# the same answer however often it is made.
function(_gator_rocm_read_inputs)
  _gator_rocm_input_results(input_results)
  foreach(var IN LISTS input_results)
    set(input "C")
    set(holds_result FALSE)
    if(DEFINED ${var})
      string(MD5 key "${${var}}")
      _gator_rocm_directory_lookup("_GatorRocm_INPUT_${var}_${key}" recorded)
      if(recorded_SET)
        set(input "${recorded}")
        set(holds_result TRUE)
      elseif(NOT DEFINED CACHE{${var}} OR NOT "${${var}}" STREQUAL "$CACHE{${var}}")
        set(input "V${${var}}")
      endif()
    endif()
    set(${var}_INPUT "${input}" PARENT_SCOPE)
    set(${var}_HOLDS_RESULT ${holds_result} PARENT_SCOPE)
  endforeach()
endfunction()

# The body of find_package(GatorRocm), called by GatorRocmConfig.cmake in the caller's scope: declares
# the cache inputs, runs `gator-rocm cmake` once and sets, in the caller's scope, the results (or, on
# failure, none of them), GatorRocm_FOUND, GatorRocm_NOT_FOUND_MESSAGE (when not found; find_package
# reports it), GatorRocm_<component>_FOUND and GatorRocm_SUMMARY. Prints the "Found" line.
function(_gator_rocm_find)
  _gator_rocm_script_vars(script_vars)
  _gator_rocm_input_results(input_results)
  _gator_rocm_read_inputs()

  # --- cache inputs (the Hints of GatorRocmConfig.cmake.in) ---
  _gator_rocm_cache_path(GATOR_ROCM_ROOT PATH ""
    "ROCm root for GatorRocm to use (--rocm-root; under GATOR_SYSROOT); empty: detect")
  _gator_rocm_cache_path(GATOR_SYSROOT PATH "" "Read system files under this directory (--root); empty: /")
  _gator_rocm_cache_path(GATOR_PYTHON_EXECUTABLE FILEPATH ""
    "Python whose environment GatorRocm inspects; empty: Python3_EXECUTABLE/Python_EXECUTABLE, then the helper's default"
    PROGRAM)
  _gator_rocm_cache_path(GATOR_VENV PATH "" "Virtual environment GatorRocm inspects (--venv)")
  _gator_rocm_cache_path(GATOR_SITE_PACKAGES PATH "" "site-packages directory GatorRocm inspects (--site-packages)")
  set(GATOR_TORCH_CHANNEL "stable" CACHE STRING "PyTorch channel: stable, nightly or test")
  set_property(CACHE GATOR_TORCH_CHANNEL PROPERTY STRINGS stable nightly test)
  set(GATOR_TORCH_SOURCE "pytorch" CACHE STRING "Whose wheel indexes: pytorch or amd (--source)")
  set_property(CACHE GATOR_TORCH_SOURCE PROPERTY STRINGS pytorch amd)
  _gator_rocm_cache_path(GATOR_CONSTRAINTS_OUTPUT FILEPATH "${CMAKE_BINARY_DIR}/constraints.txt"
    "pip constraints file written at configure time; empty: none")
  _gator_rocm_cache_path(GATOR_DATA_FILE FILEPATH "" "Compatibility data replacing the helper's built-in data (--data)")
  set(GATOR_HELPER_ARGS "" CACHE STRING "More gator-rocm options, as a list")
  set(GATOR_HELPER_TIMEOUT 60 CACHE STRING "Seconds the gator-rocm helper may run")
  mark_as_advanced(GATOR_ROCM_ROOT GATOR_SYSROOT GATOR_PYTHON_EXECUTABLE GATOR_VENV GATOR_SITE_PACKAGES
    GATOR_TORCH_CHANNEL GATOR_TORCH_SOURCE GATOR_CONSTRAINTS_OUTPUT GATOR_DATA_FILE GATOR_HELPER_ARGS
    GATOR_HELPER_TIMEOUT)

  # A normal variable set by the project overrides the cache entry (the other inputs: as read here).
  foreach(var IN LISTS input_results)
    if(${var}_INPUT STREQUAL "C")
      unset(${var})  # this function's copy: ${var} is now the cache entry
    else()
      string(SUBSTRING "${${var}_INPUT}" 1 -1 ${var})
    endif()
  endforeach()

  set(quiet "${GatorRocm_FIND_QUIETLY}")
  set(failure "")

  # --- components ---
  set(known_components ROCm Torch)
  set(unknown "")
  foreach(component IN LISTS GatorRocm_FIND_COMPONENTS)
    if(NOT component IN_LIST known_components)
      set(GatorRocm_${component}_FOUND FALSE PARENT_SCOPE)
      if(GatorRocm_FIND_REQUIRED_${component})
        list(APPEND unknown "${component}")
      endif()
    endif()
  endforeach()
  if(unknown)
    list(REMOVE_DUPLICATES unknown)
    list(LENGTH unknown n)
    list(JOIN unknown ", " unknown)
    list(JOIN known_components ", " known)
    if(n EQUAL 1)
      set(failure "unknown component ${unknown} (known: ${known})")
    else()
      set(failure "unknown components ${unknown} (known: ${known})")
    endif()
  endif()

  _gator_rocm_helper_location(helper)
  if(failure STREQUAL "")
    if(DEFINED _GatorRocm_HELPER_BUILD_ERROR)
      set(failure "${_GatorRocm_HELPER_BUILD_ERROR}")
    elseif(helper STREQUAL "")
      set(failure "the imported target GatorRocm::gator-rocm has no executable")
    endif()
  endif()

  # --- relative paths (see "Hints" in GatorRocmConfig.cmake) ---
  # The host paths are taken from this directory, CMAKE_CURRENT_SOURCE_DIR (the helper also runs
  # here). The paths of the machine under GATOR_SYSROOT, when it is set, are taken from that
  # machine's root: "srv/venv" is its /srv/venv.
  set(workdir "${CMAKE_CURRENT_SOURCE_DIR}")
  _gator_rocm_absolute(GATOR_SYSROOT "${workdir}")
  _gator_rocm_absolute(GATOR_DATA_FILE "${workdir}")
  if(GATOR_SYSROOT STREQUAL "")
    set(machine_base "${workdir}")
  else()
    set(machine_base "/")
  endif()
  foreach(var GATOR_ROCM_ROOT GATOR_VENV GATOR_SITE_PACKAGES)
    _gator_rocm_absolute(${var} "${machine_base}")
  endforeach()

  # --- the helper's options ---
  set(common "")
  if(NOT GATOR_SYSROOT STREQUAL "")
    _gator_rocm_append_arg(common --root "${GATOR_SYSROOT}")
  endif()
  if(NOT GATOR_ROCM_ROOT STREQUAL "")
    _gator_rocm_append_arg(common --rocm-root "${GATOR_ROCM_ROOT}")
  endif()
  set(python "${GATOR_PYTHON_EXECUTABLE}")
  if(python STREQUAL "" AND GATOR_VENV STREQUAL "" AND GATOR_SITE_PACKAGES STREQUAL "")
    if(NOT "${Python3_EXECUTABLE}" STREQUAL "")
      set(python "${Python3_EXECUTABLE}")
    elseif(NOT "${Python_EXECUTABLE}" STREQUAL "")
      set(python "${Python_EXECUTABLE}")
    endif()
  endif()
  # A bare program name (python3): the helper wants a file, so look it up on PATH (with GATOR_SYSROOT,
  # in that machine's bin directories).
  if(NOT python STREQUAL "" AND NOT python MATCHES "[/\\]")
    unset(program)
    if(GATOR_SYSROOT STREQUAL "")
      find_program(program NAMES "${python}" NO_CACHE)
    else()
      foreach(bin /usr/local/bin /usr/bin /bin)
        if(EXISTS "${GATOR_SYSROOT}${bin}/${python}" AND NOT IS_DIRECTORY "${GATOR_SYSROOT}${bin}/${python}")
          set(program "${bin}/${python}")  # a path of that machine
          break()
        endif()
      endforeach()
    endif()
    if(program)
      set(python "${program}")
    elseif(failure STREQUAL "")
      if(GATOR_SYSROOT STREQUAL "")
        set(failure "GATOR_PYTHON_EXECUTABLE is '${python}': no such program on PATH")
      else()
        set(failure "GATOR_PYTHON_EXECUTABLE is '${python}': no such program in /usr/local/bin, /usr/bin or /bin under GATOR_SYSROOT")
      endif()
    endif()
  endif()
  if(python MATCHES "[/\\]")
    _gator_rocm_absolute(python "${machine_base}")
  endif()
  if(NOT python STREQUAL "")
    _gator_rocm_append_arg(common --python "${python}")
  endif()
  if(NOT GATOR_VENV STREQUAL "")
    _gator_rocm_append_arg(common --venv "${GATOR_VENV}")
  endif()
  if(NOT GATOR_SITE_PACKAGES STREQUAL "")
    _gator_rocm_append_arg(common --site-packages "${GATOR_SITE_PACKAGES}")
  endif()
  if(NOT GATOR_DATA_FILE STREQUAL "")
    _gator_rocm_append_arg(common --data "${GATOR_DATA_FILE}")
  endif()
  if(NOT GATOR_TORCH_SOURCE STREQUAL "")
    _gator_rocm_append_arg(common --source "${GATOR_TORCH_SOURCE}")
  endif()
  list(APPEND common ${GATOR_HELPER_ARGS})
  set(channel "${GATOR_TORCH_CHANNEL}")
  if(channel STREQUAL "")
    set(channel stable)
  endif()

  # What the functions below run the helper with: in this directory (and its subdirectories), and
  # wherever no find_package has run, the last one's.
  foreach(scope "DIRECTORY" "GLOBAL")
    set_property(${scope} PROPERTY _GatorRocm_HELPER "${helper}")
    set_property(${scope} PROPERTY _GatorRocm_HELPER_ARGS "${common}")
    set_property(${scope} PROPERTY _GatorRocm_HELPER_CHANNEL "${channel}")
    set_property(${scope} PROPERTY _GatorRocm_HELPER_TIMEOUT "${GATOR_HELPER_TIMEOUT}")
    set_property(${scope} PROPERTY _GatorRocm_HELPER_WORKDIR "${workdir}")
  endforeach()

  set(constraints "${GATOR_CONSTRAINTS_OUTPUT}")
  if(NOT constraints STREQUAL "")
    cmake_path(ABSOLUTE_PATH constraints BASE_DIRECTORY "${CMAKE_BINARY_DIR}" NORMALIZE)
  endif()

  # --- one run ---
  set(script "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/GatorRocm/gator-rocm-vars.cmake")
  if(failure STREQUAL "")
    cmake_path(GET script PARENT_PATH script_dir)
    _gator_rocm_make_directory("${script_dir}")
    set(args cmake)
    _gator_rocm_append_arg(args -o "${script}")
    if(NOT constraints STREQUAL "")
      cmake_path(GET constraints PARENT_PATH constraints_dir)
      _gator_rocm_make_directory("${constraints_dir}")
      _gator_rocm_append_arg(args --constraints-output "${constraints}")
    endif()
    _gator_rocm_append_arg(args --channel "${channel}")
    _gator_rocm_join_args(args common)
    _gator_rocm_run(run "${helper}" "${GATOR_HELPER_TIMEOUT}" "${workdir}" args)
    if(NOT run_OK)
      set(failure "${run_MESSAGE}")
      # An explicit ROCm root that holds no ROCm is the user's error, not a missing package. The
      # helper reports it as a line starting "gator-rocm: error: --rocm-root " (RocmSearch::run in
      # helper/src/probe_rocm.cpp, the --rocm-root checks: no such directory, or holds no ROCm);
      # only that stable prefix is matched, not the wording after it. Any other failure (a --venv or
      # --data path under the root, say) is not this one.
      if(NOT GATOR_ROCM_ROOT STREQUAL "")
        string(FIND "\n${run_ERROR}" "\ngator-rocm: error: --rocm-root " at)
        if(at GREATER_EQUAL 0)
          message(FATAL_ERROR "GatorRocm: GATOR_ROCM_ROOT is set to \"${GATOR_ROCM_ROOT}\", which holds no usable ROCm:\n${run_MESSAGE}")
        endif()
      endif()
    elseif(NOT EXISTS "${script}")
      set(failure "gator-rocm cmake succeeded but wrote no ${script}")
    else()
      # The script sets only the variables above; read it here, in this function's scope, so that
      # nothing reaches the caller unless all of it is there.
      foreach(var IN LISTS script_vars ITEMS GATOR_CONSTRAINTS_FILE)
        unset(${var})
      endforeach()
      include("${script}")
      set(missing "")
      foreach(var IN LISTS script_vars)
        if(NOT DEFINED ${var})
          list(APPEND missing ${var})
        endif()
      endforeach()
      if(NOT constraints STREQUAL "" AND NOT DEFINED GATOR_CONSTRAINTS_FILE)
        list(APPEND missing GATOR_CONSTRAINTS_FILE)
      endif()
      if(missing)
        list(JOIN missing ", " missing)
        set(failure "the script written by gator-rocm cmake (${script}) lacks ${missing}")
      endif()
    endif()
  endif()

  if(NOT failure STREQUAL "")
    # None of the results; the inputs that share their names go back to what the project had.
    foreach(var IN LISTS script_vars ITEMS GATOR_CONSTRAINTS_FILE)
      if(NOT var IN_LIST input_results)
        unset(${var} PARENT_SCOPE)
      elseif(${var}_HOLDS_RESULT)
        if(${var}_INPUT STREQUAL "C")
          unset(${var} PARENT_SCOPE)
        else()
          string(SUBSTRING "${${var}_INPUT}" 1 -1 value)
          set(${var} "${value}" PARENT_SCOPE)
        endif()
      endif()
    endforeach()
    set(GatorRocm_FOUND FALSE PARENT_SCOPE)
    set(GatorRocm_NOT_FOUND_MESSAGE "${failure}" PARENT_SCOPE)
    set(GatorRocm_ROCm_FOUND FALSE PARENT_SCOPE)
    set(GatorRocm_Torch_FOUND FALSE PARENT_SCOPE)
    set(GatorRocm_SUMMARY "" PARENT_SCOPE)
    return()
  endif()

  if(constraints STREQUAL "")
    set(GATOR_CONSTRAINTS_FILE "")
  endif()
  foreach(var IN LISTS script_vars ITEMS GATOR_CONSTRAINTS_FILE)
    set(${var} "${${var}}" PARENT_SCOPE)
  endforeach()
  # Each input that the results overwrite, recorded with the result that replaced it (see
  # _gator_rocm_read_inputs).
  foreach(var IN LISTS input_results)
    string(MD5 key "${${var}}")
    set_property(DIRECTORY PROPERTY "_GatorRocm_INPUT_${var}_${key}" "${${var}_INPUT}")
  endforeach()

  # A change to one of these re-runs configure at the next build. CMake silently drops a watched
  # file that does not exist, so the helper names the nearest existing directory instead.
  foreach(path IN LISTS GATOR_WATCH_PATHS helper ITEMS "${GATOR_DATA_FILE}")
    if(NOT path STREQUAL "" AND EXISTS "${path}")
      string(REPLACE ";" "\\;" path "${path}")
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${path}")
    endif()
  endforeach()

  # One readable line, for the "Found" message.
  if(GATOR_ROCM_FOUND)
    set(summary "ROCm ${GATOR_ROCM_VERSION} (${GATOR_ROCM_ROOT})")
  else()
    set(summary "no ROCm")
  endif()
  if(GATOR_GPU_COUNT GREATER 0)
    list(JOIN GATOR_GPU_ARCHS "," archs)
    string(APPEND summary ", ${GATOR_GPU_COUNT} GPUs ${archs}")
  elseif(GATOR_GPUS_NOTE)
    string(APPEND summary ", GPUs: ${GATOR_GPUS_NOTE}")
  elseif(NOT GATOR_HIP_ARCHITECTURES_NOTE STREQUAL "")
    string(APPEND summary ", no AMD GPU: ${GATOR_HIP_ARCHITECTURES_NOTE}")
  else()
    string(APPEND summary ", no AMD GPU")
  endif()
  if(GATOR_TORCH_FOUND)
    string(APPEND summary ", torch ${GATOR_TORCH_VERSION}")
  else()
    string(APPEND summary ", no torch")
  endif()
  set(GatorRocm_SUMMARY "${summary}" PARENT_SCOPE)

  # The components; a required one that is missing makes the package not found (the results stay:
  # the helper ran).
  if(GATOR_ROCM_FOUND)
    set(GatorRocm_ROCm_FOUND TRUE)
  else()
    set(GatorRocm_ROCm_FOUND FALSE)
  endif()
  if(GATOR_TORCH_FOUND)
    set(GatorRocm_Torch_FOUND TRUE)
  else()
    set(GatorRocm_Torch_FOUND FALSE)
  endif()
  set(GatorRocm_ROCm_FOUND ${GatorRocm_ROCm_FOUND} PARENT_SCOPE)
  set(GatorRocm_Torch_FOUND ${GatorRocm_Torch_FOUND} PARENT_SCOPE)
  set(reasons "")
  if(GatorRocm_FIND_REQUIRED_ROCm AND NOT GatorRocm_ROCm_FOUND)
    string(APPEND reasons "; required component ROCm missing: no ROCm installation was found")
    if(NOT GATOR_SYSROOT STREQUAL "")
      string(APPEND reasons " under GATOR_SYSROOT=${GATOR_SYSROOT}")
    endif()
  endif()
  if(GatorRocm_FIND_REQUIRED_Torch AND NOT GatorRocm_Torch_FOUND)
    string(APPEND reasons "; required component Torch missing: torch is not installed for ${GATOR_PYTHON_EXECUTABLE}")
  endif()

  if(NOT quiet)
    foreach(warning IN LISTS GATOR_WARNINGS)
      message(WARNING "GatorRocm: ${warning}")
    endforeach()
  endif()

  if(NOT reasons STREQUAL "")
    string(SUBSTRING "${reasons}" 2 -1 reasons)
    set(GatorRocm_FOUND FALSE PARENT_SCOPE)
    set(GatorRocm_NOT_FOUND_MESSAGE "${reasons}" PARENT_SCOPE)
    return()
  endif()
  set(GatorRocm_FOUND TRUE PARENT_SCOPE)
  unset(GatorRocm_NOT_FOUND_MESSAGE PARENT_SCOPE)
  # Printed when the result differs from the last configure's (so: once, on the first configure).
  if(NOT quiet)
    include(FindPackageMessage)
    find_package_message(GatorRocm "Found GatorRocm: ${summary} (found version \"${GatorRocm_VERSION}\")"
      "[${summary}][${GatorRocm_VERSION}]")
  endif()
endfunction()

# The helper, its options, time limit and channel, as the last find_package(GatorRocm) in this
# directory (or a parent) ran them; else as the last one anywhere ran them.
function(_gator_rocm_saved_run function_name helper_var args_var channel_var timeout_var workdir_var)
  _gator_rocm_directory_lookup(_GatorRocm_HELPER helper)
  foreach(what HELPER_ARGS HELPER_CHANNEL HELPER_TIMEOUT HELPER_WORKDIR)
    if(helper_SET)
      _gator_rocm_directory_lookup(_GatorRocm_${what} value)
    else()
      get_property(value GLOBAL PROPERTY _GatorRocm_${what})
    endif()
    set(saved_${what} "${value}")
  endforeach()
  if(NOT helper_SET)
    get_property(helper GLOBAL PROPERTY _GatorRocm_HELPER)
  endif()
  if(helper STREQUAL "")
    message(FATAL_ERROR "${function_name}: call find_package(GatorRocm) first")
  endif()
  set(${helper_var} "${helper}" PARENT_SCOPE)
  set(${args_var} "${saved_HELPER_ARGS}" PARENT_SCOPE)
  set(${channel_var} "${saved_HELPER_CHANNEL}" PARENT_SCOPE)
  set(${timeout_var} "${saved_HELPER_TIMEOUT}" PARENT_SCOPE)
  set(${workdir_var} "${saved_HELPER_WORKDIR}" PARENT_SCOPE)
endfunction()

# <output> as an absolute path (relative: from CMAKE_CURRENT_BINARY_DIR), with its directory made.
function(_gator_rocm_output_path function_name output out)
  if(output STREQUAL "")
    message(FATAL_ERROR "${function_name}: the output file is missing")
  endif()
  cmake_path(ABSOLUTE_PATH output BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}" NORMALIZE)
  cmake_path(GET output PARENT_PATH dir)
  _gator_rocm_make_directory("${dir}")
  set(${out} "${output}" PARENT_SCOPE)
endfunction()

function(gator_rocm_write_constraints output)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TORCH;CHANNEL" "PACKAGES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "gator_rocm_write_constraints: unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  _gator_rocm_saved_run(gator_rocm_write_constraints helper common channel timeout workdir)
  _gator_rocm_output_path(gator_rocm_write_constraints "${output}" output)
  if(DEFINED arg_CHANNEL)
    set(channel "${arg_CHANNEL}")
  endif()
  set(args constraints)
  _gator_rocm_append_arg(args -o "${output}")
  _gator_rocm_append_arg(args --channel "${channel}")
  if(DEFINED arg_TORCH)
    _gator_rocm_append_arg(args --torch "${arg_TORCH}")
  endif()
  foreach(package IN LISTS arg_PACKAGES)
    _gator_rocm_append_arg(args --package "${package}")
  endforeach()
  _gator_rocm_join_args(args common)
  _gator_rocm_run(run "${helper}" "${timeout}" "${workdir}" args)
  if(NOT run_OK)
    message(FATAL_ERROR "gator_rocm_write_constraints(${output}): ${run_MESSAGE}")
  endif()
endfunction()

function(gator_rocm_write_pyproject_extras output)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "EXTRAS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "gator_rocm_write_pyproject_extras: unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  _gator_rocm_saved_run(gator_rocm_write_pyproject_extras helper common channel timeout workdir)
  _gator_rocm_output_path(gator_rocm_write_pyproject_extras "${output}" output)
  set(args extras)
  _gator_rocm_append_arg(args -o "${output}")
  _gator_rocm_append_arg(args --channel "${channel}")
  foreach(extra IN LISTS arg_EXTRAS)
    _gator_rocm_append_arg(args --extra "${extra}")
  endforeach()
  _gator_rocm_join_args(args common)
  _gator_rocm_run(run "${helper}" "${timeout}" "${workdir}" args)
  if(NOT run_OK)
    message(FATAL_ERROR "gator_rocm_write_pyproject_extras(${output}): ${run_MESSAGE}")
  endif()
endfunction()
