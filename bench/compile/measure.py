#!/usr/bin/env python3
"""Compile cost of the client against the same calls written by hand (bench/compile/README.md).

Compiles client_tu.cpp header-only (A), client_tu.cpp with ARIZE_SEPARATE_COMPILATION (C: the
client's definitions are then compiled once elsewhere, in arize::client_compiled) and
hand_tu.cpp (B) in turn, ACBACB..., ROUNDS times at each optimisation level, and prints per
level the medians of compile time (user + system CPU of the compiler and its children), peak
compiler memory and object size, with the ratios A/B and C/B.
Machines are shared and noisy: read the ratios, not the absolute figures.

  bench/compile/measure.py [--rounds 5] [--levels O0,O2] [--cxx g++] [--json out.json]

cpp-httplib is Debian's (its defines from pkg-config) unless --httplib-dir names a folder
holding the single header. Nothing is asserted: the CTest smoke (one round) only checks that
both units compile and a table comes out.
"""
import argparse
import json
import os
import pathlib
import shlex
import statistics
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# name: (source, extra flags)
UNITS = {
    "header-only": (HERE / "client_tu.cpp", []),
    "compiled": (HERE / "client_tu.cpp", ["-DARIZE_SEPARATE_COMPILATION"]),
    "hand": (HERE / "hand_tu.cpp", []),
}


def httplib_flags(httplib_dir):
    if httplib_dir:
        return ["-I", httplib_dir, "-DCPPHTTPLIB_OPENSSL_SUPPORT"]
    out = subprocess.run(["pkg-config", "--cflags", "cpp-httplib"], capture_output=True,
                         text=True, check=True).stdout
    return shlex.split(out)


def compile_once(cxx, flags, level, unit, out_dir):
    """Compiles one unit; returns (cpu seconds, peak KiB, object bytes)."""
    obj = pathlib.Path(out_dir) / f"{unit}-{level}.o"
    source, extra = UNITS[unit]
    cmd = [cxx, "-std=c++20", f"-{level}", *flags, *extra, "-I", str(ROOT / "include"), "-c",
           str(source), "-o", str(obj)]
    process = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if status != 0:
        sys.exit(f"compiling {unit} at -{level} failed:\n{' '.join(cmd)}\n{stderr}")
    # wait4's usage covers the compiler driver and the cc1plus it waited for.
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss, obj.stat().st_size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--levels", default="O0,O2")
    parser.add_argument("--cxx", default=os.environ.get("CXX", "g++"))
    parser.add_argument("--httplib-dir", default=None)
    parser.add_argument("--json", default=None, help="also write the figures here")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    flags = httplib_flags(args.httplib_dir)
    figures = {}
    print(f"compile cost, {args.cxx}, median of {args.rounds}, run in turn: A = client_tu.cpp "
          f"header-only, C = client_tu.cpp with ARIZE_SEPARATE_COMPILATION, B = hand_tu.cpp")
    print(f"{'level':<6}{'figure':<13}{'A':>15}{'C':>15}{'B':>15}{'A/B':>7}{'C/B':>7}")
    with tempfile.TemporaryDirectory() as out_dir:
        for level in args.levels.split(","):
            runs = {unit: [] for unit in UNITS}
            for _ in range(args.rounds):
                for unit in UNITS:
                    runs[unit].append(compile_once(args.cxx, flags, level, unit, out_dir))
            row = {}
            for index, (name, unit_of) in enumerate(
                    (("time", "s"), ("peak memory", "MiB"), ("object size", "KiB"))):
                scale = {"s": 1, "MiB": 1 / 1024, "KiB": 1 / 1024}[unit_of]
                m = {u: statistics.median(r[index] for r in runs[u]) * scale for u in UNITS}
                a, c, b = m["header-only"], m["compiled"], m["hand"]
                row[name] = {**m, "ratio": a / b, "ratio_compiled": c / b}
                print(f"-{level:<5}{name:<13}" + "".join(f"{v:>11.2f} {unit_of:<3}" for v in (a, c, b))
                      + f"{a / b:>7.2f}{c / b:>7.2f}")
            figures[level] = row
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
