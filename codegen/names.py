"""C++ naming: snake_case members, PascalCase types, reserved words.

Every name the generated code declares is decided with these functions, in the translate stage.
"""

from __future__ import annotations

import re

CPP_KEYWORDS = frozenset(
    """
    alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
    char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
    co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
    extern false float for friend goto if inline int long mutable namespace new noexcept not
    not_eq nullptr operator or or_eq private protected public register reinterpret_cast requires
    return short signed sizeof static static_assert static_cast struct switch template this
    thread_local throw true try typedef typeid typename union unsigned using virtual void volatile
    wchar_t while xor xor_eq
    final override import module
    """.split()
)

# Type names the generated code itself uses unqualified (the endpoint classes' template parameter).
GENERATED_CODE_NAMES = frozenset({"T"})

# Macros are not renamed around: every generated header protects the identifiers it uses with
# #pragma push_macro / #undef / #pragma pop_macro (render.protect_from_macros), whatever C
# library defined them. See codegen/README.md, "Macros".


def is_reserved(name: str) -> bool:
    """Identifiers C++ reserves for the implementation: any with `__`, any that starts with `_`
    (reserved at namespace scope; with an uppercase letter, everywhere)."""
    return "__" in name or name.startswith("_")


_BOUNDARY = re.compile(
    r"(?<=[a-z0-9])(?=[A-Z])"  # fooBar, v2Keys
    r"|(?<=[A-Z])(?=[A-Z][a-z])"  # HTTPCode
)


def words(text: str) -> list[str]:
    """Splits a spec name into words: 'createdAt', 'created_at', 'HTTP-code' -> [.., ..]."""
    out: list[str] = []
    for chunk in re.split(r"[^A-Za-z0-9]+", text):
        if chunk:
            out.extend(w for w in _BOUNDARY.split(chunk) if w)
    return out


def snake(text: str) -> str:
    """'createdAt' -> 'created_at', 'HTTPCode' -> 'http_code', 'read-only' -> 'read_only'."""
    return "_".join(w.lower() for w in words(text))


def pascal(text: str) -> str:
    """'api_keys' -> 'ApiKeys'; names that already are PascalCase identifiers stay as they are."""
    if re.fullmatch(r"[A-Z][A-Za-z0-9]*", text):
        return text
    out = []
    for w in words(text):
        if w.isupper() and len(w) > 1:
            w = w.lower()
        out.append(w[0].upper() + w[1:])
    return "".join(out)


def escape_identifier(name: str) -> str:
    """Reserved words get a trailing underscore: 'delete' -> 'delete_'."""
    if name in CPP_KEYWORDS:
        return name + "_"
    return name


def member_name(wire: str) -> str | None:
    """The C++ member for a JSON property or parameter; None if none can be derived."""
    name = snake(wire)
    if not name:
        return None
    if name[0].isdigit():
        name = "v" + name
    if name.startswith("arize_"):  # reserved for the generated members and parameters
        name += "_"
    return escape_identifier(name)


def enumerator_name(wire: str) -> str | None:
    """'read-only' -> 'read_only', 'ACTIVE' -> 'active', '' -> 'empty', '1d' -> 'v1d'."""
    if wire == "":
        return "empty"
    name = snake(wire)
    if not name:
        return None
    if name[0].isdigit():
        name = "v" + name
    return escape_identifier(name)


def type_name(text: str) -> str | None:
    name = pascal(text)
    if not name:
        return None
    if name[0].isdigit():
        name = "T" + name
    return name


def is_identifier(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text)) and text not in CPP_KEYWORDS


# Characters that must never appear raw in generated code: C0 and C1 controls (CR, VT, FF and
# NUL end or break lines for compilers, editors and terminals), U+2028/2029 (line and
# paragraph separators), bidirectional controls and marks (they reorder what a reader sees,
# "Trojan Source") and the byte-order mark. Tab and newline are handled by each context.
UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
# What comment text treats as a line break (str.splitlines: LF, CR, CRLF, VT, FF, FS, GS, RS,
# NEL, U+2028, U+2029).
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", "\f": "\\f", "\0": "\\0"}


def _visible(ch: str) -> str:
    """How an unsafe character is shown in a comment: `\r`, `\0`, `<U+2028>`."""
    return _SHORT_ESCAPES.get(ch) or f"<U+{ord(ch):04X}>"


def comment_text(text: str) -> str:
    """Text safe in a one-line `//` comment: unsafe characters (line breaks too) shown as
    escapes, no `??/` trigraph, no backslash that could end the line (clang-format strips
    trailing spaces and may break a long comment after any space)."""
    text = UNSAFE_CHARS.sub(lambda m: _visible(m.group()), str(text).replace("\t", " "))
    text = text.replace("??/", "??(slash)")
    text = re.sub(r"\\+(?=\s|$)", lambda m: "(backslash)" * len(m.group()), text.rstrip())
    return text


def comment_lines(text: str) -> list[str]:
    """One doc comment line per line of `text`: CR, CRLF, VT, FF, NEL, U+2028 and U+2029 break
    lines like LF; each line then as comment_text()."""
    return [comment_text(line) for line in str(text).splitlines()] or [""]


def _octal_bytes(ch: str) -> str:
    return "".join(f"\\{b:03o}" for b in ch.encode("utf-8"))


def cpp_string(text: str) -> str:
    """A C++ string literal (UTF-8 kept as is; quotes, backslashes and unsafe characters
    escaped; `??` written `?\?` so no trigraph forms even where trigraphs are enabled)."""
    out = ['"']
    previous = ""
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "\n\r\t":
            out.append(_SHORT_ESCAPES[ch])
        elif UNSAFE_CHARS.match(ch):
            out.append(_octal_bytes(ch))  # octal: at most 3 digits, unlike greedy \x
        elif ch == "?" and previous == "?":
            out.append("\\?")
        else:
            out.append(ch)
        previous = ch
    out.append('"')
    return "".join(out)


def raw_string(text: str) -> str:
    """A C++ raw string literal holding `text` exactly (for regular expressions); an ordinary
    literal when `text` holds characters a raw string would keep raw (controls, separators)."""
    if UNSAFE_CHARS.search(text) or "\n" in text or "\t" in text:
        return cpp_string(text)
    delimiter = "re"
    n = 0
    while f"){delimiter}\"" in text:
        n += 1
        delimiter = f"re{n}"
    if len(delimiter) > 16:  # the longest delimiter C++ allows
        return cpp_string(text)
    return f'R"{delimiter}({text}){delimiter}"'


def unique_members(wires: list[str], derive=None) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """C++ members for wire names that must not collide (properties of one object, parameters
    of one operation, values of one enum), by this rule:

    - each wire name gets its derived name (`derive`, default member_name);
    - when several get the same name, the one whose wire name *is* that name keeps it, else
      the first in document order; each other one takes its wire name as it is when that is
      a free identifier that C++ does not reserve (`authTime` next to `auth_time`), else the
      name (without its trailing underscores) plus `_2`, `_3`, ...: no `__` is ever formed

    Returns wire -> member (wire names with no derivable name are left out) and the renames as
    (wire, name it would have had, the wire name that kept it).
    """
    derive = derive or member_name
    base = {w: derive(w) for w in wires}
    out: dict[str, str] = {}
    renames: list[tuple[str, str, str]] = []
    by_name: dict[str, list[str]] = {}
    for w in wires:
        if base[w] is not None:
            by_name.setdefault(base[w], []).append(w)
    taken = set(by_name)
    for name, group in by_name.items():
        winner = next((w for w in group if w == name), group[0])
        out[winner] = name
        for w in group:
            if w == winner:
                continue
            if is_identifier(w) and escape_identifier(w) == w and w not in taken and not w.startswith("arize_") and not is_reserved(w):
                alt = w
            else:
                stem = name.rstrip("_")  # 'operator_' -> 'operator_2', never 'operator__2'
                n = 2
                while f"{stem}_{n}" in taken:
                    n += 1
                alt = f"{stem}_{n}"
            taken.add(alt)
            out[w] = alt
            renames.append((w, name, winner))
    return {w: out[w] for w in wires if w in out}, renames
