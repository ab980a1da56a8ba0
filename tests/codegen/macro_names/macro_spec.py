#!/usr/bin/env python3
"""Writes an OpenAPI document whose names are every object-like macro in a `-dM -E` dump.

    macro_spec.py DUMP SPEC HEADER

Every macro name the naming rules (codegen/names.py) can produce as it is becomes a property
of one object (a member: `ifr_name`), a value of one enum, a query parameter of one operation
and, when it is a PascalCase word, a component schema name (a type: `EOF`, `SIGTERM`).
Skipped: names starting with `_` or holding `__` (C++ reserves them; the naming rules never
produce them, tests/codegen/python ReservedIdentifierTest), and names the rules always change
(`SSL_R_BAD_LENGTH` is a member `ssl_r_bad_length`, a type `SslRBadLength`): with OpenSSL they
are over 12,000 and would make one 6 MB header for no additional case.
HEADER receives the number of names (macro_count), which the test prints.
"""

import json
import re
import sys
from pathlib import Path

KEYWORDS_LIKE = {"defined"}


def macros(dump: str) -> list[str]:
    out = set()
    for line in dump.splitlines():
        m = re.match(r"#define ([A-Za-z][A-Za-z0-9_]*)(?=\s|$)", line)  # object-like: no '('
        if m and "__" not in m.group(1) and m.group(1) not in KEYWORDS_LIKE:
            out.add(m.group(1))
    return sorted(out)


def producible(name: str) -> bool:
    return re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", name) is not None or re.fullmatch(r"[A-Z][A-Za-z0-9]*", name) is not None


def main() -> int:
    dump, spec_path, header = sys.argv[1:4]
    names = [n for n in macros(Path(dump).read_text(encoding="utf-8", errors="replace")) if producible(n)]
    if "ifr_name" not in names:
        sys.stderr.write("error: ifr_name (<net/if.h>) is not among the macros: is the dump right?\n")
        return 1
    lower = [n for n in names if n.islower()]  # as enumerators and parameters (snake_case)
    string = {"type": "string"}
    schemas = {
        "MacroNames": {"type": "object", "properties": {n: string for n in names}},
        "MacroValues": {"type": "string", "enum": lower},
    }
    for n in names:  # type names: every macro that is a PascalCase word stays as it is
        if re.fullmatch(r"[A-Z][A-Za-z0-9]*", n):
            schemas[n] = {"type": "object", "properties": {n: string}}
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Macro names", "version": "1"},
        "paths": {
            "/m": {
                "get": {
                    "operationId": "getMacroNames",
                    "parameters": [{"name": n, "in": "query", "schema": string} for n in lower],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MacroNames"}}}}},
                }
            }
        },
        "components": {"schemas": schemas},
    }
    Path(spec_path).write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    Path(header).parent.mkdir(parents=True, exist_ok=True)
    Path(header).write_text(f'#pragma once\nconstexpr const char* macro_count = "{len(names)}";\n', encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
