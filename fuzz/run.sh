#!/usr/bin/env bash
# Builds the libFuzzer targets in BUILD_DIR (configured with -DARIZE_BUILD_FUZZERS=ON and
# clang++) and runs each for SECONDS, starting from its seeds in fuzz/corpus/<target>/.
# Fails on any finding (crash, sanitizer report, leak, timeout, out-of-memory); the input
# that caused it is kept in BUILD_DIR/fuzz-artifacts/<target>/. New inputs the fuzzer finds
# go to BUILD_DIR/fuzz-corpus/<target>/, never into the committed seeds.
#
#   fuzz/run.sh BUILD_DIR SECONDS [TARGET...]     (default: every target)
set -euo pipefail

if [[ $# -lt 2 || ! $2 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(fuzz_decode_list fuzz_decode_create fuzz_decode_refresh fuzz_decode_problem
           fuzz_decode_differential fuzz_emulator_request)
fi

jobs=${ARIZE_FUZZ_BUILD_JOBS:-2}
if [[ ${ARIZE_FUZZ_SKIP_BUILD:-0} != 1 ]]; then  # CTest runs them already built
  cmake --build "$build" --target "${targets[@]}" -j "$jobs"
fi

failed=()
summary=()
for target in "${targets[@]}"; do
  bin=$(find "$build" -type f -name "$target" -perm -u+x | head -n 1)
  if [[ -z $bin ]]; then
    echo "$target: not built in $build" >&2
    failed+=("$target")
    continue
  fi
  work="$build/fuzz-corpus/$target"
  artifacts="$build/fuzz-artifacts/$target"
  mkdir -p "$work" "$artifacts"
  log="$build/fuzz-artifacts/$target.log"
  echo "== $target: ${seconds}s"
  status=0
  # -timeout: one input may take 10 s; -rss_limit_mb: 2 GiB; leaks are findings (ASan).
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="$here/arize.dict" -artifact_prefix="$artifacts/" "$work" "$here/corpus/$target" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  if [[ $status -ne 0 ]]; then
    echo "$target: FINDING (exit $status); log $log, input in $artifacts/" >&2
    grep -E "ERROR|finding|SUMMARY|runtime error|deadly|uncaught|terminate" "$log" | head -n 20 >&2 || true
    failed+=("$target")
  fi
  summary+=("$target: ${runs:-?} executions in ${seconds}s, exit $status")
done

echo "== summary"
printf '%s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
