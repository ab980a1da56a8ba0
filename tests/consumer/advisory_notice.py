"""The compile-time notice of arize/core/httplib_advisories.hpp: compiles a one-line program
that includes the client's transport header, once per case, and checks the compiler's output.

  python3 advisory_notice.py --root SRC --cxx CXX --work DIR

- Debian's cpp-httplib 0.11.4 (flags from pkg-config): the notice appears, naming 0.11.4, and the
  build still succeeds with -Werror;
- the same with -DARIZE_NO_HTTPLIB_ADVISORY_NOTICE: no notice;
- the release carried in third_party/cpp-httplib (0.53.1): no notice.
Exit status 77 (CTest's skip) when pkg-config knows no cpp-httplib, with one line saying so.
"""

import argparse
import os
import shlex
import subprocess
import sys

NOTICE = "predates fixes of published advisories that concern HTTP clients"
SKIP = 77


def compile_output(args, source, flags):
    """Compiles source (syntax only) with flags; returns the compiler's messages, fails on error."""
    cmd = [args.cxx, "-std=c++20", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-fsyntax-only",
           "-I", os.path.join(args.root, "include"), *flags, source]
    print("+", " ".join(shlex.quote(c) for c in cmd), flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    sys.stdout.write(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        raise SystemExit(f"the compiler failed (exit {proc.returncode})")
    return proc.stdout + proc.stderr


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--cxx", default="c++")
    p.add_argument("--work", required=True)
    args = p.parse_args()

    query = subprocess.run(["pkg-config", "--cflags", "cpp-httplib"], capture_output=True,
                           text=True, check=False)
    if query.returncode != 0:
        print("skipped: pkg-config knows no cpp-httplib (Debian's libcpp-httplib-dev)")
        sys.exit(SKIP)
    debian = query.stdout.split()
    carried = ["-I", os.path.join(args.root, "third_party", "cpp-httplib"),
               "-DCPPHTTPLIB_OPENSSL_SUPPORT"]

    os.makedirs(args.work, exist_ok=True)
    source = os.path.join(args.work, "notice.cpp")
    with open(source, "w", encoding="utf-8") as f:
        f.write("#include <arize/core/httplib_transport.hpp>\nint main() { return 0; }\n")

    failures = []
    out = compile_output(args, source, debian)
    if NOTICE not in out or "cpp-httplib 0.11.4" not in out:
        failures.append("cpp-httplib 0.11.4: the notice is missing")
    if NOTICE in compile_output(args, source, [*debian, "-DARIZE_NO_HTTPLIB_ADVISORY_NOTICE"]):
        failures.append("0.11.4 with ARIZE_NO_HTTPLIB_ADVISORY_NOTICE: the notice is still there")
    if NOTICE in compile_output(args, source, carried):
        failures.append("the carried 0.53.1: a notice that should not be there")
    if failures:
        raise SystemExit("; ".join(failures))
    print("advisory notice: shown for 0.11.4, silenced by the define, absent for 0.53.1")


if __name__ == "__main__":
    main()
