"""Builds tests/consumer/project/main.cpp one way a user consumes the library, then runs it
against the arize-emulator process (it creates, lists and deletes a key).

  python3 run_way.py WAY --root SRC --work DIR --emulator BIN [--cxx CXX] [--build-dir B]
                     [--httplib-dir D] [--build-type T]

WAY is one of
  plain-single-header   copy of include/ + the single-header cpp-httplib (--httplib-dir)
  plain-pkg-config      copy of include/ + Debian's compiled cpp-httplib, flags from pkg-config
  plain-compiled        as plain-pkg-config, with ARIZE_SEPARATE_COMPILATION: the client is
                        compiled once in its own .cpp (#include <arize/compiled.hpp>)
  find_package          `cmake --install` of the build tree --build-dir, then find_package,
                        linking arize::client_compiled (the installed static library)
  add_subdirectory      add_subdirectory(SRC)
  fetchcontent          FetchContent with FETCHCONTENT_SOURCE_DIR_ARIZE_CLIENT=SRC
The plain commands are the README's, with -Wall -Wextra -Wpedantic -Werror added.
Exit status 77 (CTest's skip) when a prerequisite of the way is absent, with one line saying so.
"""

import argparse
import glob
import os
import shlex
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from emulator_process import Emulator, client_env  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.join(HERE, "project")
ADMIN_KEY = "ak-consumer-admin-0123456789abcdefghijk"
MEMBER_KEY = "ak-consumer-member-0123456789abcdefghij"
WARNINGS = ["-Wall", "-Wextra", "-Wpedantic", "-Werror"]
SKIP = 77


def run(cmd, **kw):
    print("+", " ".join(shlex.quote(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)


def plain(args, out):
    """The README's plain compile commands (copy include/ into a project, no CMake)."""
    # A user copies include/: so does the test, to be sure nothing else of the tree is reached.
    include = os.path.join(args.work, "include")
    shutil.copytree(os.path.join(args.root, "include"), include)
    main = os.path.join(PROJECT, "main.cpp")
    if args.way == "plain-single-header":
        if not args.httplib_dir or not os.path.isfile(os.path.join(args.httplib_dir, "httplib.h")):
            print(f"skipped: no single-header cpp-httplib at {args.httplib_dir!r}")
            sys.exit(SKIP)
        run([args.cxx, "-std=c++20", *WARNINGS, "-I", include, "-I", args.httplib_dir, main,
             "-o", out, "-lssl", "-lcrypto", "-pthread"])
    elif args.way == "plain-pkg-config":
        run([args.cxx, "-std=c++20", *WARNINGS, "-I", include, main, "-o", out,
             *pkg_config_httplib(), "-lssl", "-lcrypto"])
    else:  # plain-compiled: the README's two commands
        compiled_cpp = os.path.join(args.work, "arize.cpp")
        with open(compiled_cpp, "w", encoding="utf-8") as f:
            f.write("#include <arize/compiled.hpp>\n")
        compiled = os.path.join(args.work, "arize.o")
        separate = "-DARIZE_SEPARATE_COMPILATION"
        cflags = pkg_config_httplib(libs=False)
        run([args.cxx, "-std=c++20", *WARNINGS, separate, "-I", include, *cflags, "-c",
             compiled_cpp, "-o", compiled])
        run([args.cxx, "-std=c++20", *WARNINGS, separate, "-I", include, main, compiled, "-o",
             out, *pkg_config_httplib(), "-lssl", "-lcrypto"])


def pkg_config_httplib(libs=True):
    """Debian's cpp-httplib: its defines (class layouts depend on them) and libraries."""
    query = ["pkg-config", "--cflags", *(["--libs"] if libs else []), "cpp-httplib"]
    return subprocess.run(query, check=True, capture_output=True, text=True).stdout.split()


def install_and_check(args, prefix):
    """Installs the build tree; the package must not point back into the build or source tree,
    and the arize-keys CLI, when the tree built it, is installed and runs."""
    run(["cmake", "--install", args.build_dir, "--prefix", prefix])
    if os.path.exists(os.path.join(args.build_dir, "bin", "arize-keys")):
        run([os.path.join(prefix, "bin", "arize-keys"), "--help"])
    for path in glob.glob(os.path.join(prefix, "**", "*.cmake"), recursive=True):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for tree in (os.path.abspath(args.build_dir), os.path.abspath(args.root)):
            if tree + "/" in text:
                raise SystemExit(f"{path} references the tree {tree}")


def cmake_way(args, out):
    build = os.path.join(args.work, "build")
    configure = ["cmake", "-S", PROJECT, "-B", build, f"-DARIZE_WAY={args.way}",
                 f"-DCMAKE_CXX_COMPILER={args.cxx}", f"-DCMAKE_BUILD_TYPE={args.build_type}"]
    if args.way == "find_package":
        prefix = os.path.join(args.work, "prefix")
        install_and_check(args, prefix)
        configure += [f"-DCMAKE_PREFIX_PATH={prefix}", "-DARIZE_TARGET=arize::client_compiled"]
    elif args.way == "add_subdirectory":
        configure.append(f"-DARIZE_SOURCE_DIR={args.root}")
    else:
        configure.append(f"-DFETCHCONTENT_SOURCE_DIR_ARIZE_CLIENT={args.root}")
    run(configure)
    run(["cmake", "--build", build, "-j", "2"])
    shutil.copy(os.path.join(build, "arize-consumer"), out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("way", choices=["plain-single-header", "plain-pkg-config", "plain-compiled",
                                   "find_package",
                                   "add_subdirectory", "fetchcontent"])
    p.add_argument("--root", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--emulator", required=True)
    p.add_argument("--cxx", default="c++")
    p.add_argument("--build-dir")
    p.add_argument("--httplib-dir")
    # The CMake ways' build type: none by default (no -O2, no -g). What they check is how the
    # library is consumed, and the main build compiles the same code optimised, warnings as
    # errors (CI time).
    p.add_argument("--build-type", default="")
    args = p.parse_args()

    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    out = os.path.join(args.work, "app")
    if args.way.startswith("plain-"):
        plain(args, out)
    else:
        cmake_way(args, out)

    with Emulator(args.emulator, ADMIN_KEY, MEMBER_KEY) as emulator:
        proc = subprocess.run([out], env=client_env(emulator.url, ADMIN_KEY), timeout=60,
                              capture_output=True, text=True, check=False)
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0 or "consumer: OK" not in proc.stdout:
        raise SystemExit(f"{args.way}: the program failed (exit {proc.returncode})")
    print(f"{args.way}: built and ran against the emulator")


if __name__ == "__main__":
    main()
