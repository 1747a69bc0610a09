# Every corpus WSDL that dragoman-gen translates must also yield C++ that compiles cleanly:
# dragoman-gen -> protoc (--cpp_out, protoc-gen-dragoman) -> the C++ compiler with the project's
# warnings as errors (syntax and semantics only; nothing is linked).
#
# cmake -DDRAGOMAN_GEN=... -DPLUGIN=... -DPROTOC=... -DPROTOBUF_INCLUDE=... -DOPTIONS_PROTO_DIR=...
#       -DCXX=... -DINCLUDES="a|b" -DCORPUS=... -DWORK_DIR=... -P corpus_cpp.cmake
foreach(var DRAGOMAN_GEN PLUGIN PROTOC PROTOBUF_INCLUDE OPTIONS_PROTO_DIR CXX INCLUDES CORPUS
            WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "corpus_cpp.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(GLOB_RECURSE wsdls "${CORPUS}/wsdl/*.wsdl")
list(SORT wsdls)
set(include_flags)
string(REPLACE "|" ";" INCLUDES "${INCLUDES}")
foreach(dir IN LISTS INCLUDES)
  list(APPEND include_flags "-I${dir}")
endforeach()

set(compiled 0)
set(failures "")
foreach(wsdl IN LISTS wsdls)
  file(RELATIVE_PATH rel "${CORPUS}/wsdl" "${wsdl}")
  string(REGEX REPLACE "[^A-Za-z0-9]" "_" stem "${rel}")
  string(TOLOWER "${stem}" stem)
  set(dir "${WORK_DIR}/${stem}")
  file(MAKE_DIRECTORY "${dir}")
  # Schemas that reference what they never define are read past (with warnings) by default.
  execute_process(COMMAND "${DRAGOMAN_GEN}" wsdl "${wsdl}" --out "${dir}"
                          --proto-file "${stem}.proto"
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    if(out MATCHES "declares no wsdl:service")
      continue()  # only imported by other WSDLs
    endif()
    string(APPEND failures "${rel}: dragoman-gen: ${out}\n")
    continue()
  endif()
  execute_process(
    COMMAND "${PROTOC}" -I "${dir}" -I "${OPTIONS_PROTO_DIR}" -I "${PROTOBUF_INCLUDE}"
            --cpp_out "${dir}" "--plugin=protoc-gen-dragoman=${PLUGIN}" --dragoman_out "${dir}"
            "${dir}/${stem}.proto"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    string(APPEND failures "${rel}: protoc: ${out}\n")
    continue()
  endif()
  execute_process(
    COMMAND "${CXX}" -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Werror ${include_flags}
            -I "${dir}" "${dir}/${stem}.dragoman.cc"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    string(APPEND failures "${rel}: C++: ${out}\n")
    continue()
  endif()
  math(EXPR compiled "${compiled} + 1")
endforeach()

message(STATUS "${compiled} corpus translators compile")
if(failures)
  message(FATAL_ERROR "generated C++ that does not compile:\n${failures}")
endif()
if(compiled EQUAL 0)
  message(FATAL_ERROR "no corpus WSDL was translated; is CORPUS=${CORPUS} right?")
endif()
