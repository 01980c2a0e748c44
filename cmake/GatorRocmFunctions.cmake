# Functions of the GatorRocm package (documented in the header of GatorRocmConfig.cmake):
#
#   gator_rocm_write_constraints(<output> [TORCH <version>] [CHANNEL <channel>] [PACKAGES <name>...])
#   gator_rocm_write_pyproject_extras(<output> [EXTRAS <name>...])
#   gator_rocm_add_command(<target> <command> [<arg>...])
#
# and _gator_rocm_find(), the body of find_package(GatorRocm), made of the small steps below. The
# logic lives in the helper; these only pass inputs to it and read back the script it writes.
include_guard(GLOBAL)

# ---- Names, in one place ----------------------------------------------------------------------------
# Functions, not variables: include_guard(GLOBAL) reads this file once, into the scope of the first
# find_package, so a variable defined here would be missing in every scope that is not a child of it.

# Every variable the helper's script (`gator-rocm cmake`) sets. GATOR_CONSTRAINTS_FILE is set only
# with --constraints-output; find_package sets it to "" otherwise.
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
# All results of a find_package that ran the helper: the script's, and the package's own.
function(_gator_rocm_result_vars out)
  _gator_rocm_script_vars(vars)
  set(${out} ${vars} GATOR_CONSTRAINTS_FILE GatorRocm_SUMMARY GatorRocm_HELPER_ARGS PARENT_SCOPE)
endfunction()
# The inputs whose names are also results.
function(_gator_rocm_input_results out)
  set(${out} GATOR_ROCM_ROOT GATOR_PYTHON_EXECUTABLE GATOR_TORCH_CHANNEL PARENT_SCOPE)
endfunction()
# The components, and the result each one stands for.
function(_gator_rocm_components out)
  set(${out} "ROCm=GATOR_ROCM_FOUND" "Torch=GATOR_TORCH_FOUND" PARENT_SCOPE)
endfunction()

# ---- Utilities ----------------------------------------------------------------------------------------

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
# <out-prefix>_STATUS to its exit status (a number, or CMake's words for a timeout or a failure to
# start). A <timeout> that is not a positive number
# (GATOR_HELPER_TIMEOUT) is a failure naming it; the helper does not run.
function(_gator_rocm_run out_prefix helper timeout workdir _gator_args)
  if(NOT timeout MATCHES "^[0-9]+(\\.[0-9]*)?$" OR timeout EQUAL 0)
    set(${out_prefix}_OK FALSE PARENT_SCOPE)
    set(${out_prefix}_MESSAGE
      "GATOR_HELPER_TIMEOUT is '${timeout}', not a positive number of seconds" PARENT_SCOPE)
    set(${out_prefix}_STATUS "" PARENT_SCOPE)
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
    set(${out_prefix}_STATUS 0 PARENT_SCOPE)
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
  set(${out_prefix}_STATUS "${rc}" PARENT_SCOPE)
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

# ---- find_package(GatorRocm), step by step ------------------------------------------------------------
# Each step is a function of the scope of _gator_rocm_find (it reads that scope's variables and sets
# its results there); _gator_rocm_find alone sets anything in the caller's scope.

# Declares the cache inputs. GATOR_CONSTRAINTS_OUTPUT is a cache entry only when given with -D: its
# default differs from directory to directory (_gator_rocm_constraints_output).
function(_gator_rocm_declare_inputs)
  _gator_rocm_cache_path(GATOR_ROCM_ROOT PATH ""
    "ROCm root for GatorRocm to use (--rocm-root; under GATOR_SYSROOT); empty: detect")
  _gator_rocm_cache_path(GATOR_SYSROOT PATH ""
    "Read system files under this directory (--root); empty: CMAKE_SYSROOT when cross-compiling, else /")
  _gator_rocm_cache_path(GATOR_PYTHON_EXECUTABLE FILEPATH ""
    "Python whose environment GatorRocm inspects; empty: Python3_EXECUTABLE/Python_EXECUTABLE, then the helper's default"
    PROGRAM)
  _gator_rocm_cache_path(GATOR_VENV PATH "" "Virtual environment GatorRocm inspects (--venv)")
  _gator_rocm_cache_path(GATOR_SITE_PACKAGES PATH "" "site-packages directory GatorRocm inspects (--site-packages)")
  set(GATOR_TORCH_CHANNEL "stable" CACHE STRING "PyTorch channel: stable, nightly or test")
  set_property(CACHE GATOR_TORCH_CHANNEL PROPERTY STRINGS stable nightly test)
  set(GATOR_TORCH_SOURCE "pytorch" CACHE STRING "Whose wheel indexes: pytorch or amd (--source)")
  set_property(CACHE GATOR_TORCH_SOURCE PROPERTY STRINGS pytorch amd)
  if(DEFINED CACHE{GATOR_CONSTRAINTS_OUTPUT})
    _gator_rocm_cache_path(GATOR_CONSTRAINTS_OUTPUT FILEPATH ""
      "pip constraints file written at configure time; empty: none")
  endif()
  _gator_rocm_cache_path(GATOR_DATA_FILE FILEPATH "" "Compatibility data replacing the helper's built-in data (--data)")
  set(GATOR_HELPER_ARGS "" CACHE STRING "More gator-rocm options, as a list")
  set(GATOR_HELPER_TIMEOUT 60 CACHE STRING "Seconds the gator-rocm helper may run")
  mark_as_advanced(GATOR_ROCM_ROOT GATOR_SYSROOT GATOR_PYTHON_EXECUTABLE GATOR_VENV GATOR_SITE_PACKAGES
    GATOR_TORCH_CHANNEL GATOR_TORCH_SOURCE GATOR_CONSTRAINTS_OUTPUT GATOR_DATA_FILE GATOR_HELPER_ARGS
    GATOR_HELPER_TIMEOUT)
endfunction()

# The inputs whose names are also results, as _gator_rocm_read_inputs found them: the project's normal
# variable (or the input recorded with an earlier result), else the cache entry.
function(_gator_rocm_use_inputs)
  _gator_rocm_input_results(input_results)
  foreach(var IN LISTS input_results)
    if(${var}_INPUT STREQUAL "C")
      unset(${var} PARENT_SCOPE)  # the caller's copy: ${var} is then the cache entry
    else()
      string(SUBSTRING "${${var}_INPUT}" 1 -1 value)
      set(${var} "${value}" PARENT_SCOPE)
    endif()
  endforeach()
endfunction()

# Sets <out> to why the requested components make the package not found ("" if they do not), and
# <out>_UNKNOWN to the unknown ones (their GatorRocm_<component>_FOUND is false).
function(_gator_rocm_check_components out)
  _gator_rocm_components(components)
  set(known "")
  foreach(component IN LISTS components)
    string(REGEX REPLACE "=.*" "" component "${component}")
    list(APPEND known "${component}")
  endforeach()
  set(unknown "")
  set(unknown_required "")
  foreach(component IN LISTS GatorRocm_FIND_COMPONENTS)
    if(NOT component IN_LIST known)
      list(APPEND unknown "${component}")
      if(GatorRocm_FIND_REQUIRED_${component})
        list(APPEND unknown_required "${component}")
      endif()
    endif()
  endforeach()
  set(failure "")
  if(unknown_required)
    list(REMOVE_DUPLICATES unknown_required)
    list(LENGTH unknown_required n)
    list(JOIN unknown_required ", " names)
    list(JOIN known ", " known)
    if(n EQUAL 1)
      set(failure "unknown component ${names} (known: ${known})")
    else()
      set(failure "unknown components ${names} (known: ${known})")
    endif()
  endif()
  set(${out} "${failure}" PARENT_SCOPE)
  set(${out}_UNKNOWN "${unknown}" PARENT_SCOPE)
endfunction()

# Sets <out> to the helper to run on this machine and <out>_FAILURE to why there is none ("" if there
# is): GatorRocm_HELPER_EXECUTABLE when set, else GatorRocm::gator-rocm's file. When cross-compiling,
# a helper found in the target's file system (CMAKE_SYSROOT, CMAKE_FIND_ROOT_PATH) is the target's
# program, which this machine cannot run.
function(_gator_rocm_locate_helper out)
  set(failure "")
  if(NOT "${GatorRocm_HELPER_EXECUTABLE}" STREQUAL "")
    set(helper "${GatorRocm_HELPER_EXECUTABLE}")
    _gator_rocm_absolute(helper "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${helper}" OR IS_DIRECTORY "${helper}")
      set(failure "GatorRocm_HELPER_EXECUTABLE is '${GatorRocm_HELPER_EXECUTABLE}': no such file")
    endif()
  else()
    _gator_rocm_helper_location(helper)
    if(DEFINED _GatorRocm_HELPER_BUILD_ERROR)
      set(failure "${_GatorRocm_HELPER_BUILD_ERROR}")
    elseif(helper STREQUAL "")
      set(failure "the imported target GatorRocm::gator-rocm has no executable")
    elseif(CMAKE_CROSSCOMPILING)
      foreach(target_root IN LISTS CMAKE_SYSROOT CMAKE_FIND_ROOT_PATH)
        cmake_path(IS_PREFIX target_root "${helper}" NORMALIZE in_target)
        if(NOT target_root STREQUAL "" AND in_target)
          set(failure "the helper ${helper} is in the target's file system (${target_root}): cross-compiling, this machine cannot run it. Set GatorRocm_HELPER_EXECUTABLE to a gator-rocm built for this machine, or find this machine's package with find_package(GatorRocm ... NO_CMAKE_FIND_ROOT_PATH)")
          break()
        endif()
      endforeach()
    endif()
  endif()
  set(${out} "${helper}" PARENT_SCOPE)
  set(${out}_FAILURE "${failure}" PARENT_SCOPE)
endfunction()

# Makes the path inputs absolute (see "Relative paths" in GatorRocmConfig.cmake) and sets the
# directory the helper runs in, <workdir-var>. The host paths are taken from CMAKE_CURRENT_SOURCE_DIR;
# the paths of the machine under GATOR_SYSROOT, when it is set, from that machine's root ("srv/venv"
# is its /srv/venv). Cross-compiling, an empty GATOR_SYSROOT is CMAKE_SYSROOT: the target's files.
function(_gator_rocm_resolve_paths workdir_var)
  set(workdir "${CMAKE_CURRENT_SOURCE_DIR}")
  if(GATOR_SYSROOT STREQUAL "" AND CMAKE_CROSSCOMPILING AND NOT "${CMAKE_SYSROOT}" STREQUAL "")
    set(GATOR_SYSROOT "${CMAKE_SYSROOT}")
  endif()
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
  # The interpreter: GATOR_PYTHON_EXECUTABLE, else the project's Python unless an environment is
  # named. A bare program name (python3) goes to the helper as it is, which looks it up.
  set(python "${GATOR_PYTHON_EXECUTABLE}")
  if(python STREQUAL "" AND GATOR_VENV STREQUAL "" AND GATOR_SITE_PACKAGES STREQUAL "")
    if(NOT "${Python3_EXECUTABLE}" STREQUAL "")
      set(python "${Python3_EXECUTABLE}")
    elseif(NOT "${Python_EXECUTABLE}" STREQUAL "")
      set(python "${Python_EXECUTABLE}")
    endif()
  endif()
  if(python MATCHES "[/\\]")
    _gator_rocm_absolute(python "${machine_base}")
  endif()
  foreach(var GATOR_SYSROOT GATOR_DATA_FILE GATOR_ROCM_ROOT GATOR_VENV GATOR_SITE_PACKAGES)
    set(${var} "${${var}}" PARENT_SCOPE)
  endforeach()
  set(_gator_python "${python}" PARENT_SCOPE)
  set(${workdir_var} "${workdir}" PARENT_SCOPE)
endfunction()

# Sets <out> to the helper options that decide the facts and the plan (all but --channel), from the
# resolved inputs.
function(_gator_rocm_fact_args out)
  set(args "")
  foreach(pair "--root;GATOR_SYSROOT" "--rocm-root;GATOR_ROCM_ROOT" "--python;_gator_python"
               "--venv;GATOR_VENV" "--site-packages;GATOR_SITE_PACKAGES" "--data;GATOR_DATA_FILE"
               "--source;GATOR_TORCH_SOURCE")
    list(GET pair 0 option)
    list(GET pair 1 var)
    if(NOT "${${var}}" STREQUAL "")
      _gator_rocm_append_arg(args "${option}" "${${var}}")
    endif()
  endforeach()
  if(NOT "${GATOR_HELPER_ARGS}" STREQUAL "")
    if(args STREQUAL "")
      set(args "${GATOR_HELPER_ARGS}")
    else()
      _gator_rocm_join_args(args GATOR_HELPER_ARGS)
    endif()
  endif()
  set(${out} "${args}" PARENT_SCOPE)
endfunction()

# Records how this find_package ran the helper, for the functions: in this directory (and its
# subdirectories) and, for places where no find_package has run, globally (the last one's).
function(_gator_rocm_remember_run helper fact_args_var channel timeout workdir)
  foreach(scope "DIRECTORY" "GLOBAL")
    set_property(${scope} PROPERTY _GatorRocm_HELPER "${helper}")
    set_property(${scope} PROPERTY _GatorRocm_HELPER_ARGS "${${fact_args_var}}")
    set_property(${scope} PROPERTY _GatorRocm_HELPER_CHANNEL "${channel}")
    set_property(${scope} PROPERTY _GatorRocm_HELPER_TIMEOUT "${timeout}")
    set_property(${scope} PROPERTY _GatorRocm_HELPER_WORKDIR "${workdir}")
  endforeach()
endfunction()

# Sets <out> to the constraints file this find_package writes, absolute ("" for none): the project's
# GATOR_CONSTRAINTS_OUTPUT (relative: from CMAKE_BINARY_DIR), else constraints.txt in this directory's
# binary directory, so that each directory owns its own file. <out>_DEFAULT says which.
function(_gator_rocm_constraints_output out)
  if(DEFINED GATOR_CONSTRAINTS_OUTPUT)
    set(path "${GATOR_CONSTRAINTS_OUTPUT}")
    set(default FALSE)
  else()
    set(path "${CMAKE_CURRENT_BINARY_DIR}/constraints.txt")
    set(default TRUE)
  endif()
  if(NOT path STREQUAL "")
    cmake_path(ABSOLUTE_PATH path BASE_DIRECTORY "${CMAKE_BINARY_DIR}" NORMALIZE)
  endif()
  set(${out} "${path}" PARENT_SCOPE)
  set(${out}_DEFAULT ${default} PARENT_SCOPE)
endfunction()

# Every file GatorRocm writes at configure time has one writer: <writer> (a description of the call,
# naming its file) with the helper arguments in the variable <signature-var>. A second call that
# writes <path> in the same configure is an error naming both, unless it is the same request (so the
# same content): otherwise each re-configure would rewrite the file, and one of the two would read
# the other's data.
function(_gator_rocm_claim_output path writer signature_var)
  string(MD5 key "${path}")
  get_property(claimed GLOBAL PROPERTY _GatorRocm_OWNER_${key} SET)
  if(claimed)
    get_property(owner GLOBAL PROPERTY _GatorRocm_OWNER_${key})
    get_property(owner_signature GLOBAL PROPERTY _GatorRocm_OWNER_SIGNATURE_${key})
    if(NOT owner_signature STREQUAL "${${signature_var}}")
      message(FATAL_ERROR "GatorRocm: two calls write ${path} in this configure, with different contents:\n"
        "  first:  ${owner}\n"
        "  second: ${writer}\n"
        "Give each its own file (the output argument, or GATOR_CONSTRAINTS_OUTPUT before find_package).")
    endif()
    return()
  endif()
  set_property(GLOBAL PROPERTY _GatorRocm_OWNER_${key} "${writer}")
  set_property(GLOBAL PROPERTY _GatorRocm_OWNER_SIGNATURE_${key} "${${signature_var}}")
endfunction()

# Claims the constraints file <path> for this find_package (its default path when <is-default>), whose
# request is the channel and the fact options in <fact-args-var>, and makes its directory.
function(_gator_rocm_claim_constraints path is_default channel fact_args_var)
  set(signature "find_package;--channel;${channel}")
  _gator_rocm_join_args(signature ${fact_args_var})
  set(writer "find_package(GatorRocm) in the directory ${CMAKE_CURRENT_SOURCE_DIR}")
  if(is_default)
    string(APPEND writer " (its default GATOR_CONSTRAINTS_OUTPUT)")
  else()
    string(APPEND writer " (GATOR_CONSTRAINTS_OUTPUT)")
  endif()
  _gator_rocm_claim_output("${path}" "${writer}" signature)
  cmake_path(GET path PARENT_PATH dir)
  _gator_rocm_make_directory("${dir}")
endfunction()

# Runs `gator-rocm cmake` with the argument list in <args-var> and reads the script it wrote to
# <script>, in this function's scope, so that nothing reaches the caller unless all of it is there.
# Sets <out> to the failure ("" on success), <out>_STATUS to the helper's exit status, and, on
# success, every variable of the script.
function(_gator_rocm_run_script out helper timeout workdir script _gator_args)
  _gator_rocm_script_vars(script_vars)
  cmake_path(GET script PARENT_PATH script_dir)
  _gator_rocm_make_directory("${script_dir}")
  _gator_rocm_run(run "${helper}" "${timeout}" "${workdir}" ${_gator_args})
  set(${out}_STATUS "${run_STATUS}" PARENT_SCOPE)
  if(NOT run_OK)
    set(${out} "${run_MESSAGE}" PARENT_SCOPE)
    return()
  endif()
  if(NOT EXISTS "${script}")
    set(${out} "gator-rocm cmake succeeded but wrote no ${script}" PARENT_SCOPE)
    return()
  endif()
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
  if("--constraints-output" IN_LIST ${_gator_args} AND NOT DEFINED GATOR_CONSTRAINTS_FILE)
    list(APPEND missing GATOR_CONSTRAINTS_FILE)
  endif()
  if(missing)
    list(JOIN missing ", " missing)
    set(${out} "the script written by gator-rocm cmake (${script}) lacks ${missing}" PARENT_SCOPE)
    return()
  endif()
  if(NOT DEFINED GATOR_CONSTRAINTS_FILE)
    set(GATOR_CONSTRAINTS_FILE "")
  endif()
  foreach(var IN LISTS script_vars ITEMS GATOR_CONSTRAINTS_FILE)
    set(${var} "${${var}}" PARENT_SCOPE)
  endforeach()
  set(${out} "" PARENT_SCOPE)
endfunction()

# A change to one of GATOR_WATCH_PATHS, the helper or the data file re-runs configure at the next
# build. CMake silently drops a watched file that does not exist, so the helper names the nearest
# existing directory instead.
function(_gator_rocm_watch helper)
  foreach(path IN LISTS GATOR_WATCH_PATHS helper ITEMS "${GATOR_DATA_FILE}")
    if(NOT path STREQUAL "" AND EXISTS "${path}")
      string(REPLACE ";" "\\;" path "${path}")
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${path}")
    endif()
  endforeach()
endfunction()

# One readable line from the results, for the "Found" message (GatorRocm_SUMMARY).
function(_gator_rocm_summary out)
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
  set(${out} "${summary}" PARENT_SCOPE)
endfunction()

# Sets <out> to why a required component is missing ("" if none is).
function(_gator_rocm_missing_components out)
  set(reasons "")
  if(GatorRocm_FIND_REQUIRED_ROCm AND NOT GATOR_ROCM_FOUND)
    string(APPEND reasons "; required component ROCm missing: no ROCm installation was found")
    if(NOT GATOR_SYSROOT STREQUAL "")
      string(APPEND reasons " under GATOR_SYSROOT=${GATOR_SYSROOT}")
    endif()
  endif()
  if(GatorRocm_FIND_REQUIRED_Torch AND NOT GATOR_TORCH_FOUND)
    string(APPEND reasons "; required component Torch missing: torch is not installed for ${GATOR_PYTHON_EXECUTABLE}")
  endif()
  if(NOT reasons STREQUAL "")
    string(SUBSTRING "${reasons}" 2 -1 reasons)
  endif()
  set(${out} "${reasons}" PARENT_SCOPE)
endfunction()

# Takes back, in the scope that called the code this macro runs in, what an earlier find_package
# left there: no results, and the inputs whose names are also results as the project set them (or
# the cache entries), as _gator_rocm_read_inputs() found them in that scope. Runs in
# _gator_rocm_find after a failure, and in the version file after a rejected version (find_package
# reads that file in a scope of its own, whose PARENT_SCOPE is the caller's).
macro(_gator_rocm_forget_results)
  _gator_rocm_result_vars(_gator_results)
  _gator_rocm_input_results(_gator_inputs)
  foreach(_gator_var IN LISTS _gator_results)
    if(NOT _gator_var IN_LIST _gator_inputs)
      unset(${_gator_var} PARENT_SCOPE)
    elseif(${_gator_var}_HOLDS_RESULT)
      if(${_gator_var}_INPUT STREQUAL "C")
        unset(${_gator_var} PARENT_SCOPE)
      else()
        string(SUBSTRING "${${_gator_var}_INPUT}" 1 -1 _gator_value)
        set(${_gator_var} "${_gator_value}" PARENT_SCOPE)
      endif()
    endif()
  endforeach()
  _gator_rocm_components(_gator_components)
  foreach(_gator_component IN LISTS _gator_components)
    string(REGEX REPLACE "=.*" "" _gator_component "${_gator_component}")
    set(GatorRocm_${_gator_component}_FOUND FALSE PARENT_SCOPE)
  endforeach()
endmacro()

# The body of find_package(GatorRocm), called by GatorRocmConfig.cmake in the caller's scope: runs
# `gator-rocm cmake` once and sets, in the caller's scope, the results (or, on failure, none of them),
# GatorRocm_FOUND, GatorRocm_NOT_FOUND_MESSAGE (when not found; find_package reports it),
# GatorRocm_<component>_FOUND, GatorRocm_SUMMARY and GatorRocm_HELPER_ARGS. Prints the "Found" line.
function(_gator_rocm_find)
  _gator_rocm_read_inputs()
  _gator_rocm_declare_inputs()
  _gator_rocm_use_inputs()

  _gator_rocm_check_components(failure)
  foreach(component IN LISTS failure_UNKNOWN)
    set(GatorRocm_${component}_FOUND FALSE PARENT_SCOPE)
  endforeach()
  _gator_rocm_locate_helper(helper)
  if(failure STREQUAL "")
    set(failure "${helper_FAILURE}")
  endif()

  _gator_rocm_resolve_paths(workdir)
  _gator_rocm_fact_args(fact_args)
  set(channel "${GATOR_TORCH_CHANNEL}")
  if(channel STREQUAL "")
    set(channel stable)
  endif()
  _gator_rocm_remember_run("${helper}" fact_args "${channel}" "${GATOR_HELPER_TIMEOUT}" "${workdir}")
  if(CMAKE_CROSSCOMPILING AND GATOR_SYSROOT STREQUAL "" AND NOT GatorRocm_FIND_QUIETLY)
    message(WARNING "GatorRocm: cross-compiling without CMAKE_SYSROOT or GATOR_SYSROOT: the results "
      "describe this build machine, not the target. Set GATOR_SYSROOT to the target's root file system.")
  endif()

  if(failure STREQUAL "")
    set(script "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/GatorRocm/gator-rocm-vars.cmake")
    set(args cmake)
    _gator_rocm_append_arg(args -o "${script}")
    _gator_rocm_constraints_output(constraints)
    if(NOT constraints STREQUAL "")
      _gator_rocm_claim_constraints("${constraints}" ${constraints_DEFAULT} "${channel}" fact_args)
      _gator_rocm_append_arg(args --constraints-output "${constraints}")
    endif()
    _gator_rocm_append_arg(args --channel "${channel}")
    _gator_rocm_join_args(args fact_args)
    _gator_rocm_run_script(failure "${helper}" "${GATOR_HELPER_TIMEOUT}" "${workdir}" "${script}" args)
    # An explicit ROCm root that holds no ROCm is the user's mistake, not a missing package: say so.
    if(failure_STATUS STREQUAL "4")
      set(failure "GATOR_ROCM_ROOT is set to \"${GATOR_ROCM_ROOT}\", which holds no usable ROCm: ${failure}")
    endif()
  endif()

  if(NOT failure STREQUAL "")
    _gator_rocm_forget_results()
    set(GatorRocm_SUMMARY "" PARENT_SCOPE)
    set(GatorRocm_FOUND FALSE PARENT_SCOPE)
    set(GatorRocm_NOT_FOUND_MESSAGE "${failure}" PARENT_SCOPE)
    return()
  endif()

  # The results; each input that they overwrite is recorded with the result that replaced it (see
  # _gator_rocm_read_inputs).
  _gator_rocm_summary(GatorRocm_SUMMARY)
  set(GatorRocm_HELPER_ARGS "${fact_args}")
  _gator_rocm_append_arg(GatorRocm_HELPER_ARGS --channel "${channel}")
  _gator_rocm_result_vars(results)
  foreach(var IN LISTS results)
    set(${var} "${${var}}" PARENT_SCOPE)
  endforeach()
  _gator_rocm_input_results(input_results)
  foreach(var IN LISTS input_results)
    string(MD5 key "${${var}}")
    set_property(DIRECTORY PROPERTY "_GatorRocm_INPUT_${var}_${key}" "${${var}_INPUT}")
  endforeach()
  _gator_rocm_watch("${helper}")

  # The components; a required one that is missing makes the package not found (the results stay:
  # the helper ran).
  _gator_rocm_components(components)
  foreach(component IN LISTS components)
    string(REPLACE "=" ";" component "${component}")
    list(GET component 0 name)
    list(GET component 1 result)
    if(${result})
      set(GatorRocm_${name}_FOUND TRUE PARENT_SCOPE)
    else()
      set(GatorRocm_${name}_FOUND FALSE PARENT_SCOPE)
    endif()
  endforeach()
  if(NOT GatorRocm_FIND_QUIETLY)
    foreach(warning IN LISTS GATOR_WARNINGS)
      message(WARNING "GatorRocm: ${warning}")
    endforeach()
  endif()
  _gator_rocm_missing_components(missing)
  if(NOT missing STREQUAL "")
    set(GatorRocm_FOUND FALSE PARENT_SCOPE)
    set(GatorRocm_NOT_FOUND_MESSAGE "${missing}" PARENT_SCOPE)
    return()
  endif()
  set(GatorRocm_FOUND TRUE PARENT_SCOPE)
  unset(GatorRocm_NOT_FOUND_MESSAGE PARENT_SCOPE)
  # Printed when the result differs from the last configure's (so: once, on the first configure).
  # CMake's own module, by its path: a project's FindPackageMessage.cmake must not stand in for it.
  if(NOT GatorRocm_FIND_QUIETLY)
    include("${CMAKE_ROOT}/Modules/FindPackageMessage.cmake")
    find_package_message(GatorRocm
      "Found GatorRocm: ${GatorRocm_SUMMARY} (found version \"${GatorRocm_VERSION}\")"
      "[${GatorRocm_SUMMARY}][${GatorRocm_VERSION}]")
  endif()
endfunction()

# ---- The functions --------------------------------------------------------------------------------

# The helper, its fact options, channel, time limit and directory, as the last find_package(GatorRocm)
# in this directory (or a parent) ran them; else as the last one anywhere ran them. Sets
# <prefix>_HELPER, <prefix>_ARGS, <prefix>_CHANNEL, <prefix>_TIMEOUT and <prefix>_WORKDIR.
function(_gator_rocm_saved_run function_name prefix)
  _gator_rocm_directory_lookup(_GatorRocm_HELPER helper)
  foreach(what HELPER ARGS CHANNEL TIMEOUT WORKDIR)
    set(property _GatorRocm_HELPER_${what})
    if(what STREQUAL "HELPER")
      set(property _GatorRocm_HELPER)
    endif()
    if(helper_SET)
      _gator_rocm_directory_lookup(${property} value)
    else()
      get_property(value GLOBAL PROPERTY ${property})
    endif()
    set(${prefix}_${what} "${value}" PARENT_SCOPE)
    if(what STREQUAL "HELPER" AND value STREQUAL "")
      message(FATAL_ERROR "${function_name}: call find_package(GatorRocm) first")
    endif()
  endforeach()
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

# The one runner of the functions that write a file: `gator-rocm <subcommand> -o <output> --channel
# <channel> <more> <fact options>`, with the inputs of this directory's find_package, <channel> ""
# meaning its channel and <more-var> naming a list of more options. <output> gets one writer per
# configure (_gator_rocm_claim_output); a helper failure is a configure error with its message.
function(_gator_rocm_write_output function_name output subcommand channel _gator_more)
  _gator_rocm_saved_run(${function_name} saved)
  _gator_rocm_output_path(${function_name} "${output}" output)
  if(channel STREQUAL "")
    set(channel "${saved_CHANNEL}")
  endif()
  set(args ${subcommand})
  _gator_rocm_append_arg(args -o "${output}")
  _gator_rocm_append_arg(args --channel "${channel}")
  _gator_rocm_join_args(args ${_gator_more})
  _gator_rocm_join_args(args saved_ARGS)
  set(signature "${function_name};${args}")
  list(JOIN ARGN " " described)
  _gator_rocm_claim_output("${output}" "${function_name}(${described}) in ${CMAKE_CURRENT_LIST_FILE}" signature)
  _gator_rocm_run(run "${saved_HELPER}" "${saved_TIMEOUT}" "${saved_WORKDIR}" args)
  if(NOT run_OK)
    message(FATAL_ERROR "${function_name}(${output}): ${run_MESSAGE}")
  endif()
endfunction()

function(gator_rocm_write_constraints output)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TORCH;CHANNEL" "PACKAGES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "gator_rocm_write_constraints: unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  set(more "")
  if(DEFINED arg_TORCH)
    _gator_rocm_append_arg(more --torch "${arg_TORCH}")
  endif()
  foreach(package IN LISTS arg_PACKAGES)
    _gator_rocm_append_arg(more --package "${package}")
  endforeach()
  _gator_rocm_write_output(gator_rocm_write_constraints "${output}" constraints "${arg_CHANNEL}" more ${ARGV})
endfunction()

function(gator_rocm_write_pyproject_extras output)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "EXTRAS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "gator_rocm_write_pyproject_extras: unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  set(more "")
  foreach(extra IN LISTS arg_EXTRAS)
    _gator_rocm_append_arg(more --extra "${extra}")
  endforeach()
  _gator_rocm_write_output(gator_rocm_write_pyproject_extras "${output}" extras "" more ${ARGV})
endfunction()

# A build target that runs `gator-rocm <command> <fact options> --channel <channel> <arg>...` with the
# inputs of this directory's find_package, so that a build step (doctor, report, install) checks the
# machine and the plan that configure saw.
function(gator_rocm_add_command target command)
  if(target STREQUAL "" OR command STREQUAL "")
    message(FATAL_ERROR "gator_rocm_add_command: a target name and a gator-rocm command are required")
  endif()
  _gator_rocm_saved_run(gator_rocm_add_command saved)
  add_custom_target(${target}
    COMMAND "${saved_HELPER}" ${command} ${saved_ARGS} --channel "${saved_CHANNEL}" ${ARGN}
    WORKING_DIRECTORY "${saved_WORKDIR}"
    COMMENT "gator-rocm ${command}"
    USES_TERMINAL
    VERBATIM)
endfunction()
