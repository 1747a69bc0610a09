# Golden test of protoc-gen-dragoman's output: generates the annotated .proto for one WSDL with
# dragoman-gen, runs protoc with the plugin on it and compares <stem>.dragoman.cc/.h with
# ${GOLDEN_DIR}/<stem>.dragoman.{cc,h}.golden. With DRAGOMAN_UPDATE_GOLDEN=1 in the environment
# the golden files are rewritten instead.
#
# cmake -DDRAGOMAN_GEN=... -DPLUGIN=... -DPROTOC=... -DPROTOBUF_INCLUDE=... -DOPTIONS_PROTO_DIR=...
#       -DWSDL=... -DGOLDEN_DIR=... -DWORK_DIR=... -P golden_cpp.cmake
foreach(var DRAGOMAN_GEN PLUGIN PROTOC PROTOBUF_INCLUDE OPTIONS_PROTO_DIR WSDL GOLDEN_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "golden_cpp.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/proto" "${WORK_DIR}/cpp")

execute_process(
  COMMAND "${DRAGOMAN_GEN}" wsdl "${WSDL}" --out "${WORK_DIR}/proto"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "dragoman-gen failed (${rc}):\n${out}")
endif()
file(GLOB protos RELATIVE "${WORK_DIR}/proto" "${WORK_DIR}/proto/*.proto")
list(LENGTH protos count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected one .proto from dragoman-gen, got: ${protos}")
endif()
get_filename_component(stem "${protos}" NAME_WE)

execute_process(
  COMMAND "${PROTOC}" -I "${WORK_DIR}/proto" -I "${OPTIONS_PROTO_DIR}" -I "${PROTOBUF_INCLUDE}"
          "--plugin=protoc-gen-dragoman=${PLUGIN}" --dragoman_out "${WORK_DIR}/cpp"
          "${WORK_DIR}/proto/${protos}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "protoc with protoc-gen-dragoman failed (${rc}):\n${out}")
endif()

set(mismatches "")
foreach(ext cc h)
  set(actual "${WORK_DIR}/cpp/${stem}.dragoman.${ext}")
  set(golden "${GOLDEN_DIR}/${stem}.dragoman.${ext}.golden")
  if(NOT EXISTS "${actual}")
    message(FATAL_ERROR "protoc-gen-dragoman did not write ${actual}")
  endif()
  if("$ENV{DRAGOMAN_UPDATE_GOLDEN}" STREQUAL "1")
    file(COPY_FILE "${actual}" "${golden}" ONLY_IF_DIFFERENT)
    message(STATUS "updated ${golden}")
    continue()
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${actual}" "${golden}"
                  RESULT_VARIABLE differ)
  if(differ)
    # Show the difference (diff -u writes straight to the test log); the files stay in WORK_DIR.
    find_program(DIFF diff)
    if(DIFF)
      execute_process(COMMAND "${DIFF}" -u "${golden}" "${actual}")
    endif()
    list(APPEND mismatches "${stem}.dragoman.${ext}")
  endif()
endforeach()
if(mismatches)
  string(REPLACE ";" ", " mismatches "${mismatches}")
  message(FATAL_ERROR "Generated ${mismatches} differ from the golden files in ${GOLDEN_DIR} "
                      "(output kept in ${WORK_DIR}/cpp). If the change is intended, rerun "
                      "with DRAGOMAN_UPDATE_GOLDEN=1.")
endif()
