# cmake/embed_files.cmake: each name needs one input; lists of different lengths are an error.
set(script "${SOURCE_DIR}/cmake/embed_files.cmake")
file(WRITE "${WORK}/a.txt" "a\n")
file(WRITE "${WORK}/b.txt" "b\n")
function(embed step names inputs)
  execute_process(COMMAND "${CMAKE_COMMAND}" "-DOUTPUT=${WORK}/${step}.cpp" "-DNAMES=${names}"
                          "-DINPUTS=${inputs}" -P "${script}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  _case_record()
endfunction()

embed(good "a;b" "${WORK}/a.txt;${WORK}/b.txt")
case_expect(good)
file(READ "${WORK}/good.cpp" text)
if(NOT text MATCHES "const std::string_view a\\{a_bytes, 2\\};" OR NOT text MATCHES "const std::string_view b\\{b_bytes, 2\\};")
  case_fail("good.cpp lacks a or b:\n${text}")
endif()

embed(more_names "a;b" "${WORK}/a.txt")
case_expect(more_names RESULT 1 STDERR "NAMES has 2 elements but INPUTS has 1")
embed(more_inputs "a" "${WORK}/a.txt;${WORK}/b.txt")
case_expect(more_inputs RESULT 1 STDERR "NAMES has 1 elements but INPUTS has 2")
foreach(step more_names more_inputs)
  if(EXISTS "${WORK}/${step}.cpp")
    case_fail("${step}: embed_files.cmake wrote ${step}.cpp")
  endif()
endforeach()
