# bench.smoke: runs `arize-bench --quick --json FILE` and checks that it finishes and that its
# output is well-formed (smoke_common.cmake).
#   cmake -DBENCH=<path to arize-bench> -DOUT_DIR=<dir> -P smoke.cmake
include(${CMAKE_CURRENT_LIST_DIR}/smoke_common.cmake)  # run_quick, check_figures, check_positive

# The table: the four sections and at least one ratio line each; the JSON: every figure is a
# positive number.
run_quick(bench-smoke.json "1. JSON decoding" "2. Request overhead" "3. Pagination memory"
          "4. Against a hand-written" "decode 100-key page" "list() limit=1"
          "ratio list_all peak 2N / N" "list limit=50" "list limit=100" "list_all 1000 keys"
          "create (bot_user)" "client peak live heap")

check_figures(codec 0 subject_ns baseline_ns ratio)
check_figures(requests 0 subject_ns baseline_ns ratio)
check_figures(versus_hand 4 subject_ns baseline_ns ratio subject_cpu_ns baseline_cpu_ns
              throughput_ratio cpu_ratio all_threads_cpu_ratio)

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
