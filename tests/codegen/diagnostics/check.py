#!/usr/bin/env python3
"""Compile-fail tests of what the compiler says (issue 22): for every case of this folder, the
FIRST error line attributed to it must match the case's regex (or, for a case that must compile,
no error may be attributed to it).

    check.py CXX            (g++ or clang++; exit 77, one line, when CXX is not installed)

All cases are compiled in ONE translation unit per compiler (-fsyntax-only; each case included in
a namespace of its own), so the client's headers are parsed once. An error is attributed to the
case whose file it is located in; an error located in a header is attributed through its
instantiation context: g++ prints that context before the error ("required from here"), clang++
after it ("requested here"). An error attributed to no case fails the test.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]

# case -> {compiler family: regex of its first error line (after "error: "), or None: compiles}.
# "*" is both families.
CASES: dict[str, dict[str, str | None]] = {
    "missing_required": {
        "gcc": r"^use of deleted function 'arize::RequiredParam<T, Name>::RequiredParam\("
        r"arize::detail::required_member_left_out\) \[with T = .*Name = .*\{\"name\"\}\]'$",
        "clang": r"^call to deleted constructor of 'RequiredParam<std::string, \"name\">'",
    },
    "wrong_type_limit": {"*": r"arize: this field takes an integer, not a string"},
    "wrong_type_expires_at": {
        "*": r"arize: this field takes an arize::DateTime, not a string: use "
        r"arize::parse_datetime\("
    },
    "wrong_enum": {"*": r"arize: wrong enum type for this field"},
    # g++ cannot tell a literal from a run-time value: ValidationError at run time (README.md).
    "out_of_range_literal": {
        "gcc": None,
        "clang": r"^arize: this value is above the field's maximum",
    },
    "print_datetime": {"*": None},
    "valid_params": {"*": None},
}

ERROR = re.compile(r"^(?P<loc>.*?):\d+:\d+: (?:fatal )?error: (?P<msg>.*)$")
CASE_REF = re.compile(r"(?:^|[/\s])(?P<case>\w+)\.cpp:\d+")


def family(cxx: str) -> str:
    version = subprocess.run([cxx, "--version"], capture_output=True, text=True, check=True).stdout
    return "clang" if "clang" in version else "gcc"


def unit(cases: list[str]) -> str:
    """One translation unit: every case's own #include lines first (at file scope), then each
    case in a namespace of its own (its includes are then no-ops)."""
    includes: list[str] = []
    body: list[str] = []
    for case in cases:
        for line in (HERE / f"{case}.cpp").read_text().splitlines():
            if line.startswith("#include") and line not in includes:
                includes.append(line)
        body += [f"namespace diagnostics_{case} {{", f'#include "{case}.cpp"', "}"]
    return "\n".join(includes + body) + "\n"


def case_of(line: str) -> str | None:
    for m in CASE_REF.finditer(line):
        if m.group("case") in CASES:
            return m.group("case")
    return None


def attribute(lines: list[str], fam: str) -> tuple[dict[str, str], list[str]]:
    """First error message of each case, and the errors attributed to none."""
    errors = [i for i, line in enumerate(lines) if ERROR.match(line)]
    first: dict[str, str] = {}
    # An error without a location (a bad option, a missing file) belongs to no case.
    orphans = [line for line in lines if " error: " in f" {line}" and not ERROR.match(line)]
    for n, i in enumerate(errors):
        m = ERROR.match(lines[i])
        stem = Path(m.group("loc")).stem
        case = stem if stem in CASES and m.group("loc").endswith(".cpp") else None
        if case is None:
            if fam == "gcc":  # context before the error, nearest last
                start = errors[n - 1] + 1 if n else 0
                context = reversed(lines[start:i])
            else:  # context after the error
                end = errors[n + 1] if n + 1 < len(errors) else len(lines)
                context = iter(lines[i + 1 : end])
            case = next((c for c in map(case_of, context) if c), None)
        if case is None:
            orphans.append(lines[i])
        else:
            first.setdefault(case, m.group("msg"))
    return first, orphans


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    cxx = sys.argv[1]
    if shutil.which(cxx) is None:
        print(f"SKIP: {cxx} is not installed")
        return 77
    fam = family(cxx)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "diagnostics.cpp"
        source.write_text(unit(list(CASES)))
        caret = "-fno-diagnostics-show-caret" if fam == "gcc" else "-fno-caret-diagnostics"
        command = [cxx, "-std=c++20", "-fsyntax-only", "-fno-diagnostics-color", caret,
                   f"-I{ROOT / 'include'}", f"-I{ROOT / 'third_party' / 'cpp-httplib'}", f"-I{HERE}",
                   str(source)]  # fmt: skip
        env = dict(os.environ, LC_ALL="C")  # ASCII quotes from g++
        result = subprocess.run(command, capture_output=True, text=True, env=env)
    lines = (result.stdout + result.stderr).splitlines()
    first, orphans = attribute(lines, fam)
    failures = [f"error attributed to no case: {line}" for line in orphans]
    for case, expected in CASES.items():
        regex = expected.get(fam, expected.get("*"))
        got = first.get(case)
        if regex is None:
            ok = got is None
            want = "(compiles)"
        else:
            ok = got is not None and re.search(regex, got) is not None
            want = f"/{regex}/"
        print(f"{'ok  ' if ok else 'FAIL'} {fam:5} {case}: {got or '(compiles)'}")
        if not ok:
            failures.append(f"{case}: the first error line is {got or '(none)'!r}, expected {want}")
    print(f"{cxx}: {len(lines)} lines of diagnostics for {len(CASES)} cases")
    if failures:
        print("\n".join(["", *failures, "", "the compiler's output:", *lines]), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
