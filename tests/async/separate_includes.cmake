# async.separate-includes: with ARIZE_SEPARATE_COMPILATION, <arize/async/client.hpp> holds the
# completion-token glue only: preprocessing it must reach no Beast, no Asio SSL, no OpenSSL,
# no cpp-httplib and none of the client's definitions (they are compiled once, in the file that
# includes <arize/async/compiled.hpp>). Header-only (the control), it reaches all of them.
# cmake -DCXX=... -DINCLUDE=... -DWORK=... -P separate_includes.cmake
set(source "${WORK}/async_separate_includes.cpp")
file(WRITE "${source}" "#include <arize/async/client.hpp>\n")
set(forbidden "boost/beast/" "boost/asio/ssl/" "openssl/" "httplib.h" "arize/detail/client_core.hpp"
              "arize/detail/async_client_impl.hpp" "arize/async/beast_transport.hpp")
foreach(mode separate header-only)
  set(defines "")
  if(mode STREQUAL "separate")
    set(defines -DARIZE_SEPARATE_COMPILATION)
  endif()
  # -H lists every header opened, one per line on stderr.
  execute_process(COMMAND "${CXX}" -std=c++20 ${defines} -I "${INCLUDE}" -H -E "${source}"
                  OUTPUT_QUIET ERROR_VARIABLE opened RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${mode}: preprocessing <arize/async/client.hpp> failed:\n${opened}")
  endif()
  foreach(header IN LISTS forbidden)
    string(FIND "${opened}" "${header}" at)
    if(mode STREQUAL "separate" AND NOT at EQUAL -1)
      message(FATAL_ERROR "with ARIZE_SEPARATE_COMPILATION, <arize/async/client.hpp> includes ${header}")
    endif()
    if(mode STREQUAL "header-only" AND at EQUAL -1)
      message(FATAL_ERROR "header-only, <arize/async/client.hpp> does not include ${header}: this check no longer sees includes")
    endif()
  endforeach()
endforeach()
message(STATUS "with ARIZE_SEPARATE_COMPILATION, <arize/async/client.hpp> includes none of: ${forbidden}")
