# dragoman_add_translator(WSDL <file> | COPYBOOK <file> [MANIFEST <file>] | PROTO <file>
#                         [PACKAGE <proto package>] [TARGET <library>] [STEM <name>]
#                         [OPERATIONS <operation>...] [PARTS <n>])
#
# COPYBOOK generates the .proto of a copybook service with `dragoman-gen copybook`, its
# programs, code page and rules taken from MANIFEST.
# Generates <stem>.proto from the WSDL with dragoman-gen (or takes PROTO, a .proto dragoman-gen
# wrote once and the user edited: renamed fields, headers moved to gRPC metadata, HTTP
# annotations; PACKAGE and OPERATIONS then do not apply), compiles it with protoc (C++ messages)
# and protoc-gen-dragoman (the translator), and adds the result to TARGET (default
# dragoman_translators, whose translators dragoman registers at startup; tests may compile
# schemas of their own into another library and call dragoman::generated::<stem>::Register).
# The stem is the snake_case of the WSDL's file stem unless STEM names it; it must be unique
# across the build (pass STEM when several schemas share a file name, e.g. soap.wsdl).
# OPERATIONS maps only those WSDL operations (and the types they reach), for very large WSDLs.
# PARTS spreads the translator's C++ over that many files so no single compile of a huge schema
# needs more memory than the machine has; by default one part per MB of schema files (each part
# also parses the whole .pb.h, so more parts cost more in total).
# Everything lands in the build tree; nothing generated is written to the sources.
# The generated .proto files are collected under ${DRAGOMAN_GENERATED_PROTO_DIR} for clients.
set(DRAGOMAN_GENERATED_PROTO_DIR "${CMAKE_BINARY_DIR}/generated/protos")

# Sets `out_var` to the stem dragoman-gen names a schema's .proto after by default: the
# snake_case of the file's stem ("dir/Bank-Service.wsdl" -> "bank_service").
function(dragoman_schema_stem path out_var)
  get_filename_component(name "${path}" NAME_WE)
  string(REGEX REPLACE "([a-z0-9])([A-Z])" "\\1_\\2" stem "${name}")
  string(TOLOWER "${stem}" stem)
  string(REGEX REPLACE "[^a-z0-9]+" "_" stem "${stem}")
  set(${out_var} "${stem}" PARENT_SCOPE)
endfunction()

function(dragoman_add_translator)
  cmake_parse_arguments(ARG "" "WSDL;COPYBOOK;MANIFEST;PROTO;PACKAGE;TARGET;STEM;PARTS"
                        "OPERATIONS" ${ARGN})
  if(NOT ARG_TARGET)
    set(ARG_TARGET dragoman_translators)
  endif()
  set(given 0)
  foreach(kind IN ITEMS WSDL COPYBOOK PROTO)
    if(ARG_${kind})
      math(EXPR given "${given} + 1")
    endif()
  endforeach()
  if(NOT given EQUAL 1)
    message(FATAL_ERROR "dragoman_add_translator: give one of WSDL, COPYBOOK or PROTO")
  endif()
  if(ARG_PROTO)
    get_filename_component(wsdl "${ARG_PROTO}" ABSOLUTE)
  elseif(ARG_COPYBOOK)
    get_filename_component(wsdl "${ARG_COPYBOOK}" ABSOLUTE)
  else()
    get_filename_component(wsdl "${ARG_WSDL}" ABSOLUTE)
  endif()
  get_filename_component(name "${wsdl}" NAME_WE)
  dragoman_schema_stem("${wsdl}" stem)
  if(ARG_STEM)
    set(stem "${ARG_STEM}")
  endif()
  # Every generated file shares one output directory, so stems are unique across targets.
  get_property(all_stems GLOBAL PROPERTY DRAGOMAN_ALL_TRANSLATOR_STEMS)
  if("${stem}" IN_LIST all_stems)
    message(FATAL_ERROR "Two schemas would both generate ${stem}.proto (${wsdl}); rename one")
  endif()
  set_property(GLOBAL APPEND PROPERTY DRAGOMAN_ALL_TRANSLATOR_STEMS "${stem}")
  if(ARG_TARGET STREQUAL "dragoman_translators")
    set_property(GLOBAL APPEND PROPERTY DRAGOMAN_TRANSLATOR_STEMS "${stem}")
  endif()

  set(out "${DRAGOMAN_GENERATED_PROTO_DIR}")
  set(proto "${out}/${stem}.proto")
  set(gen_args)
  if(ARG_PACKAGE)
    set(gen_args --package "${ARG_PACKAGE}")
  endif()
  if(ARG_OPERATIONS)
    list(JOIN ARG_OPERATIONS "," operations)
    list(APPEND gen_args --operations "${operations}")
  endif()
  # Every schema file beside the WSDL may be imported or included by it (COPY members by a
  # copybook).
  get_filename_component(wsdl_dir "${wsdl}" DIRECTORY)
  file(GLOB schema_deps "${wsdl_dir}/*.wsdl" "${wsdl_dir}/*.xsd" "${wsdl_dir}/*.cpy")
  if(ARG_COPYBOOK)
    set(copybook_args)
    if(ARG_MANIFEST)
      get_filename_component(manifest "${ARG_MANIFEST}" ABSOLUTE)
      set(copybook_args --manifest "${manifest}")
      list(APPEND schema_deps "${manifest}")
    endif()
    add_custom_command(
      OUTPUT "${proto}"
      COMMAND dragoman-gen copybook "${wsdl}" --out "${out}" --proto-file "${stem}.proto"
              ${copybook_args}
      DEPENDS "${wsdl}" ${schema_deps} dragoman-gen
      COMMENT "dragoman-gen copybook ${name}"
      VERBATIM)
  elseif(ARG_PROTO)
    # The user's edited mapping, used as written.
    add_custom_command(
      OUTPUT "${proto}"
      COMMAND ${CMAKE_COMMAND} -E copy "${wsdl}" "${proto}"
      DEPENDS "${wsdl}"
      COMMENT "edited mapping ${name}.proto"
      VERBATIM)
  else()
    add_custom_command(
      OUTPUT "${proto}"
      COMMAND dragoman-gen wsdl "${wsdl}" --out "${out}" --proto-file "${stem}.proto" ${gen_args}
      DEPENDS "${wsdl}" ${schema_deps} dragoman-gen
      COMMENT "dragoman-gen wsdl ${name}"
      VERBATIM)
  endif()

  set(parts "${ARG_PARTS}")
  if(NOT parts)
    set(schema_bytes 0)
    foreach(file IN LISTS wsdl schema_deps)
      file(SIZE "${file}" size)
      math(EXPR schema_bytes "${schema_bytes} + ${size}")
    endforeach()
    math(EXPR parts "1 + ${schema_bytes} / 1048576")
    if(parts GREATER 64)
      set(parts 64)
    endif()
  endif()
  set(cpp_out "${CMAKE_BINARY_DIR}/generated/translators")
  set(sources "${cpp_out}/${stem}.pb.cc" "${cpp_out}/${stem}.dragoman.cc")
  if(parts GREATER 1)
    math(EXPR last "${parts} - 1")
    foreach(part RANGE 1 ${last})
      list(APPEND sources "${cpp_out}/${stem}.dragoman-${part}.cc")
    endforeach()
  endif()
  set(outputs ${sources} "${cpp_out}/${stem}.pb.h" "${cpp_out}/${stem}.dragoman.h")
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -E make_directory "${cpp_out}"
    COMMAND ${DRAGOMAN_PROTOC} -I "${out}" -I "${PROJECT_SOURCE_DIR}/proto"
            -I "${DRAGOMAN_GOOGLEAPIS_DIR}" -I "${DRAGOMAN_PROTOBUF_INCLUDE}" --cpp_out "${cpp_out}"
            "--plugin=protoc-gen-dragoman=$<TARGET_FILE:protoc-gen-dragoman>"
            --dragoman_out "${cpp_out}" "--dragoman_opt=parts=${parts}" "${proto}"
    DEPENDS "${proto}" protoc-gen-dragoman "${PROJECT_SOURCE_DIR}/proto/dragoman/options.proto"
    COMMENT "protoc + protoc-gen-dragoman ${stem}.proto"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE ${sources})
endfunction()

# Writes the function that registers every translator added so far; call once, after all
# dragoman_add_translator calls.
function(dragoman_finish_translators)
  get_property(stems GLOBAL PROPERTY DRAGOMAN_TRANSLATOR_STEMS)
  set(includes "")
  set(calls "")
  foreach(stem IN LISTS stems)
    string(APPEND includes "#include \"${stem}.dragoman.h\"\n")
    string(APPEND calls "  if (absl::Status s = generated::${stem}::Register(registry); !s.ok()) return s;\n")
  endforeach()
  set(file "${CMAKE_BINARY_DIR}/generated/translators/all_translators.cc")
  file(CONFIGURE OUTPUT "${file}" CONTENT
"// Generated by CMake: registers every translator compiled into this build.
#include \"server/all_translators.h\"

${includes}
namespace dragoman {

absl::Status RegisterAllTranslators(TranslatorRegistry& registry) {
${calls}  return absl::OkStatus();
}

}  // namespace dragoman
" @ONLY)
  target_sources(dragoman_translators PRIVATE "${file}")
endfunction()
