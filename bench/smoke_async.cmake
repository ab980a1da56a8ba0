# bench.async.smoke: runs `arize-bench-async --quick --json FILE` and checks that it finishes
# and that its output is well-formed (smoke_common.cmake).
#   cmake -DBENCH=<path to arize-bench-async> -DOUT_DIR=<dir> -P smoke_async.cmake
include(${CMAKE_CURRENT_LIST_DIR}/smoke_common.cmake)  # run_quick, check_figures

run_quick(bench-async-smoke.json "1. N concurrent list calls" "2. One call at a time"
          "list limit=100" "create (bot_user)" "sync Beast list limit=50" "sync Beast create (bot_user)")
check_figures(concurrency 2 n calls async_wall_ns_per_call sync_wall_ns_per_call
              throughput_ratio async_cpu_ns_per_call sync_cpu_ns_per_call cpu_ratio
              async_peak_rss_bytes sync_peak_rss_bytes rss_ratio)
check_figures(versus_hand 5 subject_ns baseline_ns subject_cpu_ns baseline_cpu_ns
              throughput_ratio cpu_ratio all_threads_cpu_ratio)
message(STATUS "bench.async.smoke: the table and ${json_file} are well-formed")
