# dragoman_set_warnings(target): the project's warning set; -Werror when DRAGOMAN_WERROR is on.
function(dragoman_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wnon-virtual-dtor
                         -Wimplicit-fallthrough
                         $<IF:$<CXX_COMPILER_ID:Clang>,-Wshadow-uncaptured-local,-Wshadow=local>)
  if(DRAGOMAN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
