#!/usr/bin/env bash
# Fails if any tracked C++ file (hand-written or generated) differs from clang-format's output.
set -euo pipefail
cd "$(dirname "$0")/../.."
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.hpp' '*.cpp' '*.h' '*.cc' | grep -v '^build')
[ ${#files[@]} -gt 0 ] || { echo "no C++ files found"; exit 1; }
clang-format --style=file --dry-run -Werror "${files[@]}"
echo "clang-format: ${#files[@]} files formatted"
