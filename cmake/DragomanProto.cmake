# dragoman_proto_library(NAME <target> PROTO_ROOT <dir> PROTOS <relative paths...>
#                        [INCLUDES <dirs of imported protos...>] [DEPS <libraries...>])
# Compiles .proto files under PROTO_ROOT to C++ in the build tree and wraps them in a static
# library. protobuf_generate is not used because later steps wire in-tree plugins the same way.
function(dragoman_proto_library)
  cmake_parse_arguments(ARG "" "NAME;PROTO_ROOT" "PROTOS;DEPS;INCLUDES" ${ARGN})
  set(include_args)
  foreach(dir IN LISTS ARG_INCLUDES)
    list(APPEND include_args "-I${dir}")
  endforeach()
  set(out_dir "${CMAKE_BINARY_DIR}/generated/proto")
  set(srcs)
  foreach(rel IN LISTS ARG_PROTOS)
    string(REGEX REPLACE "\\.proto$" "" stem "${rel}")
    set(cc "${out_dir}/${stem}.pb.cc")
    set(h "${out_dir}/${stem}.pb.h")
    add_custom_command(
      OUTPUT "${cc}" "${h}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${out_dir}"
      COMMAND ${DRAGOMAN_PROTOC} --cpp_out=${out_dir} -I${ARG_PROTO_ROOT} ${include_args}
              -I${DRAGOMAN_PROTOBUF_INCLUDE} "${ARG_PROTO_ROOT}/${rel}"
      DEPENDS "${ARG_PROTO_ROOT}/${rel}" ${DRAGOMAN_PROTOC}
      COMMENT "protoc ${rel}"
      VERBATIM)
    list(APPEND srcs "${cc}")
  endforeach()
  add_library(${ARG_NAME} STATIC ${srcs})
  target_include_directories(${ARG_NAME} PUBLIC "${out_dir}")
  target_link_libraries(${ARG_NAME} PUBLIC protobuf::libprotobuf ${ARG_DEPS})
endfunction()
