"""The reference: one Markdown page per API revision, printed from the same IR as the headers.

    python3 codegen/generate.py SPEC --out DIR --docs PAGE.md [--facade-calls CALLS.yaml] ...
    python3 -m codegen.reference --cpp OUT.cpp --facade-calls CALLS.yaml --revisions REVISIONS.txt

The page lists every operation (the facade call, the raw call of the generated class and the
wire form), every request and model type (each member: C++ type, required, constraints,
description) and every enum (its wire values). C++ names and types come from the IR, so they
are what the headers declare. The facade is hand-written and revision-neutral; which facade
call serves which operationId comes from a small data file (--facade-calls, for this project
openapi/facade-calls.yaml). Every operationId of the document must be listed there (with no
call when the facade has none), and `--cpp` writes a C++ file that names every signature and
compiles every example of that file (tests/runtime builds it), so the reference cannot name a
facade call that does not exist.

Text of the document (descriptions, names, paths, wire values) is input, not Markdown: it goes
through `cell` (prose: code spans kept only when they close, every other Markdown or HTML
character escaped, control and bidi characters shown as escapes, lines joined) or `code` (a
code span whose fence is longer than any backtick run inside). Nothing of the document can
open a link, an HTML tag, a heading or a new table row.

The IR read here, and nothing else: Spec.title, .version, .namespace, .spec_file, .apis,
.enums, .declarations; Api.class_name, .tag, .doc, .operations; Operation.operation_id,
.method_name, .request_name, .http_method, .path, .parameters, .body,
.responses, .doc, .stage, .build_name, .decode_name, .request_default_arg; Parameter.name,
.wire_name, .location, .required, .type, .doc; Body.required,
.media_type, .encoding, .type, .doc; Response.status, .type, .media_type; TypeRef.kind,
.decl, .inner (spelled by cpp.type_name; return types by cpp.return_type), .constraints (Constraints.pattern and .describe(); render.mentioned walks
.decl/.inner); Struct, Variant, Enum: .name, .schema_name, .doc; Struct.fields; Field.name,
.wire_name, .required, .read_only, .type, .doc (declared types: cpp.declared_type); Variant.combinator,
.alternatives, .discriminator; Alternative.type, .discriminator_values; Enum.values;
Enumerator.name, .wire.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "codegen"  # noqa: A001 - lets `python3 codegen/reference.py` use relative imports

from codegen import cpp, names, render  # noqa: E402
from codegen.ir import Constraints, Spec, Struct, TypeRef, Variant  # noqa: E402


class ReferenceError(Exception):
    """A facade-calls file that cannot be used, or a document operation it does not list."""


# ---- Markdown escaping ---------------------------------------------------------------------

# What could change the structure of the page if text of the document held it, escaped with a
# backslash (CommonMark lets any ASCII punctuation be): a backslash (it would escape what follows), `<`
# and `&` (HTML, autolinks, entities), `[` `]` (links and images), `|` (a table cell's end), `>`.
# Emphasis characters are left as they are: inside one cell or paragraph they can only style it.
_ACTIVE = re.compile(r"[\\\[\]<>&|]")
# Block markers at the start of a paragraph (headings, lists, thematic breaks, setext lines).
_BLOCK_START = re.compile(r"^(?:[#=+\-*_]|\d+(?=[.)]))")
_BACKTICKS = re.compile(r"`+")


def _lines(text: Any) -> list[str]:
    """The lines of a text of the document: line breaks of any kind split (as in doc comments),
    other control and bidi characters shown as escapes (names.comment_text)."""
    out: list[str] = []
    for line in str(text).splitlines() or [""]:
        out.append(names.UNSAFE_CHARS.sub(lambda m: f"<U+{ord(m.group()):04X}>", line.replace("\t", " ")))
    return out


def _escape_prose(text: str) -> str:
    return _ACTIVE.sub(lambda m: "\\" + m.group(), text)


def _escape_start(text: str) -> str:
    """A paragraph cannot start a heading, a list or a break."""
    m = _BLOCK_START.match(text)
    if m is None:
        return text
    return text[: m.end()] + "\\" + text[m.end() :] if m.group()[0].isdigit() else "\\" + text


def _code_span(text: str) -> str:
    """A code span holding `text` exactly: the fence is one backtick longer than the longest run
    inside; a space pads content that starts or ends with a backtick. `|` is escaped (GFM
    tables split cells before code spans, and honour `\\|` inside them)."""
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ") and text.strip()) else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}"


def code(text: Any) -> str:
    """Text of the document (a name, a path, a wire value) as one code span, on one line."""
    return _code_span(" ".join(_lines(text)))


def _inline(line: str) -> str:
    """One line of prose: code spans that close (CommonMark: a run of n backticks up to the next
    run of exactly n) are kept as code spans; everything else is escaped."""
    out: list[str] = []
    i = 0
    while i < len(line):
        m = _BACKTICKS.search(line, i)
        if m is None:
            out.append(_escape_prose(line[i:]))
            break
        out.append(_escape_prose(line[i : m.start()]))
        n = len(m.group())
        close = next((c for c in _BACKTICKS.finditer(line, m.end()) if len(c.group()) == n), None)
        if close is None:
            out.append("\\`" * n)
            i = m.end()
            continue
        content = line[m.end() : close.start()]
        out.append(_code_span(content) if content.strip() else _escape_prose(line[m.start() : close.end()]))
        i = close.end()
    return "".join(out)


def cell(lines: Any) -> str:
    """Prose of the document (a doc comment's lines, or a text) for one table cell or one
    paragraph: wrapped lines joined with a space, paragraphs with <br>."""
    if isinstance(lines, str):
        lines = [lines]
    paragraphs: list[list[str]] = [[]]
    for raw in lines:
        for line in _lines(raw):
            if line.strip():
                paragraphs[-1].append(_inline(line.strip()))
            elif paragraphs[-1]:
                paragraphs.append([])
    return _escape_start("<br>".join(" ".join(p) for p in paragraphs if p))


def anchor(name: str) -> str:
    """The anchor GitHub gives a heading `### Name` (names are C++ identifiers)."""
    return "#" + name.lower()


# ---- the facade calls ----------------------------------------------------------------------


@dataclass
class FacadeCall:
    returns: str
    method: str
    params: list[str]
    example: str

    @property
    def signature(self) -> str:
        return f"{self.returns} {self.method}({', '.join(self.params)})"


@dataclass
class FacadeEntry:
    calls: list[FacadeCall]
    note: str = ""


@dataclass
class Facade:
    client: str  # the declaration the examples start from (`arize::Client client`)
    facade_class: str  # the class that declares the calls (`arize::ApiKeysClient`)
    raw: dict[str, str]  # generated class name -> accessor expression, `{revision}` replaced
    operations: dict[str, FacadeEntry] = field(default_factory=dict)

    def raw_accessor(self, class_name: str, namespace: str) -> str | None:
        template = self.raw.get(class_name)
        return None if template is None else template.replace("{revision}", namespace.split("::")[-1])


_CPP_TEXT = re.compile(r"[ -~]*")  # printable ASCII: the text is C++ that a test compiles


def load_facade(path: Path) -> Facade:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise ReferenceError(f"{path}: cannot read the facade calls: {e}") from None

    def text(value: Any, where: str) -> str:
        if not isinstance(value, str) or not _CPP_TEXT.fullmatch(value) or not value.strip():
            raise ReferenceError(f"{path}: {where}: expected one line of printable ASCII text")
        return value

    if not isinstance(data, dict) or not isinstance(data.get("operations"), dict) or not isinstance(data.get("raw", {}), dict):
        raise ReferenceError(f"{path}: expected a mapping with `client`, `facade`, `raw` and `operations`")
    facade = Facade(
        client=text(data.get("client"), "client"),
        facade_class=text(data.get("facade"), "facade"),
        raw={text(k, "raw"): text(v, f"raw/{k}") for k, v in data.get("raw", {}).items()},
    )
    for op_id, entry in data["operations"].items():
        where = f"operations/{op_id}"
        if not isinstance(entry, dict) or not isinstance(entry.get("calls", []), list):
            raise ReferenceError(f"{path}: {where}: expected a mapping with `calls` (a list) and `note`")
        calls = []
        for i, c in enumerate(entry.get("calls", [])):
            if not isinstance(c, dict) or not isinstance(c.get("params", []), list):
                raise ReferenceError(f"{path}: {where}/calls/{i}: expected returns, method, params, example")
            method = text(c.get("method"), f"{where}/calls/{i}/method")
            if not names.is_identifier(method):
                raise ReferenceError(f"{path}: {where}/calls/{i}/method: not a C++ identifier")
            calls.append(
                FacadeCall(
                    returns=text(c.get("returns"), f"{where}/calls/{i}/returns"),
                    method=method,
                    params=[text(p, f"{where}/calls/{i}/params") for p in c.get("params", [])],
                    example=text(c.get("example"), f"{where}/calls/{i}/example"),
                )
            )
        note = entry.get("note", "")
        if not isinstance(note, str):
            raise ReferenceError(f"{path}: {where}/note: expected text")
        facade.operations[str(op_id)] = FacadeEntry(calls, " ".join(note.split()))
    return facade


# ---- the page ------------------------------------------------------------------------------


def constraints(t: TypeRef) -> list[str]:
    """The constraints of a value and of its elements, as cell text (a pattern as a code span;
    `each item:`/`each value:` before those of array and map elements)."""
    out: list[str] = []
    prefix = ""
    while t is not None:
        c: Constraints = t.constraints
        words = [_escape_prose(w) for w in dataclasses.replace(c, pattern=None).describe()]
        if c.pattern is not None:
            words.append("matches " + code(c.pattern))
        out += [prefix + w for w in words]
        kind = str(t.kind)
        if kind == "array":
            prefix = "each item: "
        elif kind == "map":
            prefix = "each value: "
        t = t.inner
    return out


def _body_media(body: Any) -> str:
    literal = cpp.string(body.media_type)
    if len(literal) >= 2 and literal[0] == literal[-1] == '"' and "\\" not in literal:
        return literal[1:-1]
    return str(body.encoding)


def type_cell(t: TypeRef, spelled: str | None = None) -> str:
    """A C++ type as declared (`spelled`, default cpp.type_name(t)) with links to the declarations it names."""
    spelled = cpp.type_name(t) if spelled is None else spelled
    decls = list(dict.fromkeys(render.mentioned(t)))
    if len(decls) == 1 and decls[0].name == spelled:
        return f"[`{spelled}`]({anchor(spelled)})"
    links = ", ".join(f"[{d.name}]({anchor(d.name)})" for d in decls)
    return f"`{spelled}`" + (f" → {links}" if links else "")


def wire_form(op: Any) -> str:
    """One line: method and path, the parameters by place, the body, the success responses."""
    parts = [code(f"{op.http_method} {op.path}")]
    for loc in ("path", "query", "header"):
        ps = [p for p in op.parameters if p.location == loc]
        if ps:
            parts.append(f"{loc}: " + ", ".join(code(p.wire_name) for p in ps))
    if op.body is not None:
        parts.append(f"body{'' if op.body.required else ' (optional; none sent when absent)'}: {code(_body_media(op.body))} `{cpp.type_name(op.body.type)}`")
    success = []
    for r in op.responses:
        success.append(f"{code(r.status)} " + (f"{code(r.media_type or '')} `{cpp.type_name(r.type)}`" if r.type is not None else "(no body)"))
    parts.append("success: " + ", ".join(success))
    return "; ".join(parts) + "; any other status throws the `::arize::ApiError` of its family."


def environment() -> jinja2.Environment:
    """The headers' Jinja2 environment (same loader and settings), with the Markdown filters."""
    env = render._environment()
    env.filters["cell"] = cell
    env.filters["code"] = code
    env.filters["anchor"] = anchor
    env.filters["constraints"] = lambda t: "; ".join(constraints(t))
    env.filters["type_cell"] = type_cell
    env.filters["wire_form"] = wire_form
    return env


def check_coverage(spec: Spec, facade: Facade) -> None:
    missing = [op.operation_id for api in spec.apis for op in api.operations if op.operation_id not in facade.operations]
    if missing:
        raise ReferenceError(
            f"{spec.spec_file}: operation(s) {', '.join(missing)} not in the facade calls file"
            " (list each operationId there, with `calls: []` and a note when the facade has no call)"
        )


def markdown(spec: Spec, link: str, facade: Facade | None = None) -> str:
    """The reference page of `spec` (`link`: the document's path relative to the page)."""
    if facade is not None:
        check_coverage(spec, facade)
    env = environment()
    text = env.get_template("reference.md.j2").render(
        spec=spec,
        link=link,
        facade=facade,
        models=[d for d in spec.declarations if isinstance(d, Struct)],
        variants=[d for d in spec.declarations if isinstance(d, Variant)],
    )
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.rstrip("\n") + "\n"


# ---- the C++ file that compiles every facade call ------------------------------------------


def read_revisions(path: Path) -> list[str]:
    """The C++ namespaces of openapi/revisions.txt."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#"):
            out.append(parts[1])
    return out


def cpp_check(facade: Facade, namespaces: list[str]) -> str:
    """C++ for a test that includes <arize/api_keys.hpp>: every facade call of the reference
    named with its exact signature (a member-pointer cast compiles only if the class declares
    it), every example compiled (in a function never called), and every raw accessor checked
    for the generated class it returns, in every namespace of `namespaces`."""
    cls = facade.facade_class
    lines = [
        "// GENERATED by codegen/reference.py from the facade calls file: every facade call the",
        "// reference (docs/reference/) names, with its signature and its example. DO NOT EDIT.",
        "#pragma once",
        "",
        "#include <string_view>",
        "#include <type_traits>",
        "",
        '#include "arize/api_keys.hpp"',
        "",
        "namespace arize_reference_check {",
        "",
    ]
    seen: set[str] = set()
    for op_id, entry in facade.operations.items():
        for c in entry.calls:
            if c.signature not in seen:
                seen.add(c.signature)
                lines.append(f"// {op_id}: {c.signature}")
                lines.append(
                    f"static_assert(std::is_member_function_pointer_v<decltype(static_cast<{c.returns} ({cls}::*)({', '.join(c.params)})>(&{cls}::{c.method}))>);"
                )
    lines += ["", f"[[maybe_unused]] inline void examples({facade.client}) {{"]
    for class_name, template in facade.raw.items():
        for ns in namespaces:
            accessor = template.replace("{revision}", ns.split("::")[-1])
            lines.append(f"  static_assert(std::is_same_v<decltype({accessor}), {ns}::{class_name}<::arize::detail::ClientTransport>&>);")
    for op_id, entry in facade.operations.items():
        for c in entry.calls:
            lines.append(f"  (void){c.example};  // {op_id}")
    lines += ["}", "", "}  // namespace arize_reference_check", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reference.py", description="Write the C++ check of the facade calls file.")
    parser.add_argument("--cpp", required=True, help="the C++ file to write")
    parser.add_argument("--facade-calls", required=True, help="the facade calls file (YAML)")
    parser.add_argument("--revisions", required=True, help="openapi/revisions.txt (the namespaces)")
    args = parser.parse_args(argv)
    try:
        text = cpp_check(load_facade(Path(args.facade_calls)), read_revisions(Path(args.revisions)))
    except (ReferenceError, OSError) as e:
        sys.stderr.write(f"error: {e}\n")
        return 2
    out = Path(args.cpp)
    if not out.is_file() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
