#!/usr/bin/env bash
# Measures what a user sees for each case of this folder: the number of diagnostic lines and
# the first error line, with g++ and clang++ (-fsyntax-only, C++20). Prints a Markdown table.
#   tests/codegen/diagnostics/measure.sh [case.cpp...]
# Not run by CTest (each case costs seconds per compiler, one unit each); check.py (CTest
# codegen.diagnostics.gcc and .clang) compiles all cases in one unit and checks the messages.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cases=("$@")
((${#cases[@]})) || cases=("$here"/*.cpp)
echo "| case | compiler | lines | first error line |"
echo "|---|---|---|---|"
for file in "${cases[@]}"; do
  for cxx in g++ clang++; do
    out="$("$cxx" -std=c++20 -fsyntax-only -fno-diagnostics-color -I"$root/include" \
      -I"$root/third_party/cpp-httplib" "$file" 2>&1 || true)"
    lines=0
    [ -z "$out" ] || lines="$(printf '%s\n' "$out" | wc -l)"
    first="$(printf '%s\n' "$out" | grep -m1 ' error: ' | sed 's/^[^ ]* error: //' | cut -c1-160 || true)"
    [ -n "$first" ] || first="(compiles)"
    echo "| $(basename "$file" .cpp) | $cxx | $lines | ${first//|/\\|} |"
  done
done
