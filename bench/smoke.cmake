# bench.smoke: runs `arize-bench --quick --json FILE` and checks that it finishes and that its
# output is well-formed. It never asserts on a timing or memory figure (those are for people to
# read; machines are shared and noisy).
#   cmake -DBENCH=<path to arize-bench> -DOUT_DIR=<dir> -P smoke.cmake
if(NOT BENCH OR NOT OUT_DIR)
  message(FATAL_ERROR "usage: cmake -DBENCH=... -DOUT_DIR=... -P smoke.cmake")
endif()
set(json_file ${OUT_DIR}/bench-smoke.json)
file(REMOVE ${json_file})
execute_process(COMMAND ${BENCH} --quick --json ${json_file}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 100)
message("${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "arize-bench --quick failed (${rc}): ${err}")
endif()

# The table: the four sections and at least one ratio line each.
foreach(section "1. JSON decoding" "2. Request overhead" "3. Pagination memory"
        "4. Against a hand-written" "decode 100-key page" "list() limit=1"
        "ratio list_all peak 2N / N" "list limit=50" "list limit=100" "list_all 1000 keys"
        "create (bot_user)" "client peak live heap")
  string(FIND "${out}" "${section}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the table lacks \"${section}\"")
  endif()
endforeach()

# The JSON: parses, and every figure is a positive number.
if(NOT EXISTS ${json_file})
  message(FATAL_ERROR "--json wrote no file")
endif()
file(READ ${json_file} doc)
string(JSON mode ERROR_VARIABLE e GET "${doc}" mode)
if(e OR NOT mode STREQUAL "quick")
  message(FATAL_ERROR "bad JSON (mode): ${e}")
endif()

function(check_positive value what)
  if(NOT value MATCHES "^[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$" OR value EQUAL 0)
    message(FATAL_ERROR "${what} is not a positive number: '${value}'")
  endif()
endfunction()

foreach(group codec requests versus_hand)
  string(JSON n ERROR_VARIABLE e LENGTH "${doc}" ${group})
  if(e OR n LESS 1)
    message(FATAL_ERROR "bad JSON (${group}): ${e}")
  endif()
  set(fields subject_ns baseline_ns ratio)
  if(group STREQUAL "versus_hand")
    if(NOT n EQUAL 4)
      message(FATAL_ERROR "bad JSON (versus_hand): ${n} figures, expected 4")
    endif()
    list(APPEND fields subject_cpu_ns baseline_cpu_ns throughput_ratio cpu_ratio
         all_threads_cpu_ratio)
  endif()
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    foreach(field ${fields})
      string(JSON v ERROR_VARIABLE e GET "${doc}" ${group} ${i} ${field})
      if(e)
        message(FATAL_ERROR "bad JSON (${group}[${i}].${field}): ${e}")
      endif()
      check_positive("${v}" "${group}[${i}].${field}")
    endforeach()
  endforeach()
endforeach()

# An object's members: each a positive number, or (integers) -1 where allowed.
function(check_members object fields)
  foreach(field ${fields})
    string(JSON v ERROR_VARIABLE e GET "${doc}" ${object} ${field})
    if(e)
      message(FATAL_ERROR "bad JSON (${object}.${field}): ${e}")
    endif()
    if(NOT (ALLOW_MINUS_ONE AND v STREQUAL "-1"))
      check_positive("${v}" "${object}.${field}")
    endif()
  endforeach()
endfunction()

check_members(memory "n;list_all_peak_bytes_n;list_all_peak_bytes_2n;collect_peak_bytes_n;\
collect_peak_bytes_2n;ratio_list_all_vs_collect;ratio_list_all_2n_vs_n")
# Section 4's walk memory; the RSS figures are -1 where /proc/self/clear_refs cannot be written.
check_members(walk_memory "small_keys;keys;client_peak_heap_bytes_small;client_peak_heap_bytes;\
hand_peak_heap_bytes_small;hand_peak_heap_bytes;ratio_client_peak_heap_large_vs_small")
set(ALLOW_MINUS_ONE ON)
check_members(walk_memory "client_rss_growth_bytes_small;client_rss_growth_bytes;\
hand_rss_growth_bytes_small;hand_rss_growth_bytes")
message(STATUS "bench.smoke: the table and ${json_file} are well-formed")
