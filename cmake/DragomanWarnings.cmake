# dragoman_set_warnings(target): the project's warning set; -Werror when DRAGOMAN_WERROR is on.
function(dragoman_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
                         -Wnon-virtual-dtor -Wimplicit-fallthrough)
  if(DRAGOMAN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
