# What the benchmark smoke tests (smoke.cmake, smoke_async.cmake) share. They never assert on
# a timing or memory figure (those are for people to read; machines are shared and noisy).
if(NOT BENCH OR NOT OUT_DIR)
  message(FATAL_ERROR "usage: cmake -DBENCH=<benchmark program> -DOUT_DIR=<dir> -P <script>")
endif()

# Runs `${BENCH} --quick --json OUT_DIR/<json_name>`; fails unless it succeeds, its table has
# every line named in ARGN, and its JSON parses with mode "quick". Sets `doc` (the JSON text).
macro(run_quick json_name)
  set(json_file ${OUT_DIR}/${json_name})
  file(REMOVE ${json_file})
  execute_process(COMMAND ${BENCH} --quick --json ${json_file}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 100)
  message("${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${BENCH} --quick failed (${rc}): ${err}")
  endif()
  foreach(part ${ARGN})
    string(FIND "${out}" "${part}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "the table lacks \"${part}\"")
    endif()
  endforeach()
  if(NOT EXISTS ${json_file})
    message(FATAL_ERROR "--json wrote no file")
  endif()
  file(READ ${json_file} doc)
  string(JSON mode ERROR_VARIABLE e GET "${doc}" mode)
  if(e OR NOT mode STREQUAL "quick")
    message(FATAL_ERROR "bad JSON (mode): ${e}")
  endif()
endmacro()

# Fails unless `value` is a positive number (JSON spelling); `what` names it.
function(check_positive value what)
  if(NOT value MATCHES "^[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$" OR value EQUAL 0)
    message(FATAL_ERROR "${what} is not a positive number: '${value}'")
  endif()
endfunction()

# Fails unless ${doc}'s array `group` has `expected` elements (0: at least one), each with every
# member named after it (ARGN) a positive number.
function(check_figures group expected)
  string(JSON n ERROR_VARIABLE e LENGTH "${doc}" ${group})
  if(e OR n LESS 1 OR (expected GREATER 0 AND NOT n EQUAL expected))
    message(FATAL_ERROR "bad JSON (${group}): ${n} figures, expected ${expected} ${e}")
  endif()
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    foreach(field ${ARGN})
      string(JSON v ERROR_VARIABLE e GET "${doc}" ${group} ${i} ${field})
      if(e)
        message(FATAL_ERROR "bad JSON (${group}[${i}].${field}): ${e}")
      endif()
      check_positive("${v}" "${group}[${i}].${field}")
    endforeach()
  endforeach()
endfunction()
