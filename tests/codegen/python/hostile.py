"""Checks shared by the hostile-spec tests and the fuzz loop: does text from a description stay
inside the comments and string literals of the generated C++?

`escapes(text)` lexes C++ the way a compiler's first phases do (line splices, comments, string,
character and raw string literals) and lists what is wrong: characters a compiler, an editor or
a terminal may treat as a line break or reorder (CR, VT, FF, NUL and the other C0/C1 controls,
U+2028/2029, bidi controls), a backslash at the end of a line (it splices the next line), a
`??/` trigraph, a block comment, and any MARK character (`@`, never part of generated code) in
code outside comments and literals. Hostile inputs put MARK in their payloads, so text that
escapes a comment or a literal is seen.
"""

from __future__ import annotations

import re

MARK = "@"

# Characters that must never appear raw in generated code.
_BAD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def escapes(text: str) -> list[str]:
    problems: list[str] = []
    for m in _BAD.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        problems.append(f"line {line}: raw character U+{ord(m.group()):04X}")
        if len(problems) > 5:
            return problems
    for number, line in enumerate(text.split("\n"), 1):
        if line.endswith("\\"):
            problems.append(f"line {number}: ends with a backslash (splices the next line)")
        if "??/" in line:
            problems.append(f"line {number}: trigraph ??/")
    if problems:
        return problems
    code = _code_outside_comments_and_literals(text, problems)
    for number, line in enumerate(code.split("\n"), 1):
        if MARK in line:
            problems.append(f"line {number}: {MARK!r} in code: {line.strip()[:120]!r}")
    return problems


_RAW_OPEN = re.compile(r'(?:u8|u|U|L)?R"([^()\\\s]{0,16})\(')


def _code_outside_comments_and_literals(text: str, problems: list[str]) -> str:
    """The text with comments and literals blanked out (line structure kept)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
            continue
        if text.startswith("/*", i):
            problems.append("block comment in generated code")
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
            continue
        m = _RAW_OPEN.match(text, i)
        if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = text.find(")" + m.group(1) + '"', m.end())
            if end < 0:
                problems.append("unterminated raw string")
                return "".join(out)
            j = end + len(m.group(1)) + 2
            out.append(" " + "\n" * text.count("\n", i, j))
            i = j
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                if text[j] == "\n":
                    problems.append(f"line {text.count(chr(10), 0, j) + 1}: newline inside a literal")
                    break
                j += 2 if text[j] == "\\" else 1
            out.append(" ")
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)
