# DRAGOMAN_SANITIZE=ON instruments every target with ASan and UBSan.
if(DRAGOMAN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

# DRAGOMAN_FUZZ=ON (clang only) builds the fuzzers in tests/fuzz as libFuzzer binaries and
# instruments all code for coverage, ASan and UBSan.
option(DRAGOMAN_FUZZ "Build libFuzzer fuzzers (needs clang)" OFF)
if(DRAGOMAN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DRAGOMAN_FUZZ needs clang: configure with CXX=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
