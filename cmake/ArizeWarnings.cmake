# arize_warnings(target): the project's warning set; errors when ARIZE_WERROR is ON (CI).
function(arize_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(ARIZE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
