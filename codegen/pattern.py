"""Which `pattern`s the runtime matcher (include/arize/core/pattern.hpp) runs.

The same parser as `arize::detail::Pattern`: the ECMA-262 subset it supports, the nesting limit
and the size of the compiled program (counted repetitions expanded). `problem` says why a
pattern cannot be checked, or None; the generator then drops the check with a warning
(`--strict` refuses). Keep the two in step: tests/core/test_pattern.cpp checks the patterns of
this module's tests on the C++ side.
"""

from __future__ import annotations

MAX_PROGRAM = 4096  # Pattern::max_program
MAX_NESTING = 64  # Pattern::max_nesting
_SATURATE = 0xFFFFFFFE


_GROUP_PROBLEMS = {
    "=": "lookahead is not supported",
    "!": "lookahead is not supported",
    "<=": "lookbehind is not supported",
    "<!": "lookbehind is not supported",
    "": "'(?' groups other than (?:...) (named groups, inline flags) are not supported",
}


class _Unsupported(Exception):
    pass


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.at = 0

    def peek(self, k: int = 0) -> str:
        return self.text[self.at + k] if self.at + k < len(self.text) else ""

    def fail(self, why: str) -> None:
        raise _Unsupported(f"unsupported pattern: {why}")

    def invalid(self, why: str) -> None:
        raise _Unsupported(f"invalid pattern: {why}")

    # Each method returns the size of the program it would emit (instructions).
    def alternation(self, depth: int) -> int:
        if depth > MAX_NESTING:
            self.fail("groups nested too deeply")
        sizes = [self.concatenation(depth)]
        while self.peek() == "|":
            self.at += 1
            sizes.append(self.concatenation(depth))
        return sum(sizes) + 2 * (len(sizes) - 1)

    def concatenation(self, depth: int) -> int:
        total = 0
        while self.at < len(self.text) and self.peek() not in "|)":
            total += self.quantified(depth)
        return total

    def quantified(self, depth: int) -> int:
        c = self.peek()
        assertion = c in "^$" or (c == "\\" and self.peek(1) in ("b", "B"))
        size = self.atom(depth)
        q = self.quantifier()
        if q is None:
            return size
        if assertion:
            self.invalid("nothing to repeat")
        if self.peek() == "?":
            self.at += 1
        lo, hi = q
        if size == 0:
            return 0
        return lo * size + (size + 2 if hi is None else (hi - lo) * (size + 1))

    def quantifier(self) -> tuple[int, int | None] | None:
        c = self.peek()
        if c in ("*", "+", "?"):
            self.at += 1
            return (1 if c == "+" else 0, 1 if c == "?" else None)
        if c != "{":
            return None
        k = self.at + 1

        def number() -> int | None:
            nonlocal k
            start = k
            while k < len(self.text) and self.text[k] in "0123456789":
                k += 1
            return min(int(self.text[start:k]), _SATURATE) if k > start else None

        lo = number()
        if lo is None:
            return None
        hi: int | None = lo
        if k < len(self.text) and self.text[k] == ",":
            k += 1
            hi = number()
        if k >= len(self.text) or self.text[k] != "}":
            return None
        if hi is not None and hi < lo:
            self.invalid("numbers out of order in {} quantifier")
        self.at = k + 1
        return lo, hi

    def atom(self, depth: int) -> int:
        c = self.text[self.at]
        self.at += 1
        if c in "*+?":
            self.invalid("nothing to repeat")
        if c == "{":
            self.at -= 1
            if self.quantifier() is not None:
                self.invalid("nothing to repeat")
            self.at += 1
            return 1
        if c == "[":
            return self.char_class()
        if c == "\\":
            if self.at >= len(self.text):
                self.invalid("'\\' at the end")
            if self.peek() in ("b", "B", "d", "D", "w", "W", "s", "S"):
                self.at += 1
                return 1
            self.single_escape(False)
            return 1
        if c == "(":
            if self.peek() == "?":
                if self.peek(1) != ":":
                    key = next((k for k in ("=", "!", "<=", "<!") if self.text.startswith(k, self.at + 1)), "")
                    self.fail(_GROUP_PROBLEMS[key])
                self.at += 2
            size = self.alternation(depth + 1)
            if self.peek() != ")":
                self.invalid("missing ')'")
            self.at += 1
            return size
        return 1  # ^ $ . and literals

    def single_escape(self, in_class: bool) -> int | None:
        """The code point of one character escape after '\\'."""
        c = self.text[self.at]
        self.at += 1
        simple = {"t": 9, "n": 10, "v": 11, "f": 12, "r": 13}
        if c in simple:
            return simple[c]
        if c == "b" and in_class:
            return 8
        if c == "0":
            if self.peek().isdigit() and self.peek() in "0123456789":
                self.fail("octal escapes are not supported")
            return 0
        if c == "c":
            letter = self.peek()
            if not (letter.isascii() and letter.isalpha()):
                self.invalid("invalid '\\c' escape")
            self.at += 1
            return ord(letter) % 32
        if c == "x":
            return self.hex(2)
        if c == "u":
            u = self.hex(4)
            if 0xD800 <= u <= 0xDBFF and self.peek() == "\\" and self.peek(1) == "u":
                save = self.at
                self.at += 2
                low = self.hex(4)
                if 0xDC00 <= low <= 0xDFFF:
                    return 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                self.at = save
            return u
        if c.isascii() and c.isalnum():
            self.fail(f"escape '\\{c}' is not supported")
        return ord(c)

    def hex(self, digits: int) -> int:
        value = 0
        for _ in range(digits):
            h = self.peek()
            if not h or h not in "0123456789abcdefABCDEF":
                self.invalid("invalid hexadecimal escape")
            value = value * 16 + int(h, 16)
            self.at += 1
        return value

    def class_atom(self) -> int | None:
        """A single character's code point, or None for a class escape (\\d ...)."""
        if self.at >= len(self.text):
            self.invalid("missing ']'")
        c = self.text[self.at]
        self.at += 1
        if c != "\\":
            return ord(c)
        if self.at >= len(self.text):
            self.invalid("'\\' at the end")
        if self.peek() == "B":
            self.invalid("'\\B' in a class")
        if self.peek() in ("d", "D", "w", "W", "s", "S"):
            self.at += 1
            return None
        if self.peek() == "-":
            self.at += 1
            return ord("-")
        return self.single_escape(True)

    def char_class(self) -> int:
        if self.peek() == "^":
            self.at += 1
        while True:
            if self.at >= len(self.text):
                self.invalid("missing ']'")
            if self.peek() == "]":
                break
            lo = self.class_atom()
            if self.peek() == "-" and self.peek(1) != "]" and self.at + 1 < len(self.text):
                self.at += 1
                hi = self.class_atom()
                if lo is not None and hi is not None and hi < lo:
                    self.invalid("range out of order in character class")
        self.at += 1
        return 1


def problem(pattern: str) -> str | None:
    """Why the runtime matcher cannot check `pattern`, or None."""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in pattern):
        return "unsupported pattern: not valid UTF-8 (a lone surrogate)"
    p = _Parser(pattern)
    try:
        size = p.alternation(0)
        if p.at < len(pattern):
            p.invalid("unmatched ')'")
    except _Unsupported as e:
        return str(e)
    if size + 1 > MAX_PROGRAM:
        return f"unsupported pattern: compiles to {size + 1} instructions, over the limit of {MAX_PROGRAM} (counted repetitions are expanded)"
    return None
