#!/usr/bin/env python3
"""The feature matrix: every schema keyword the generator meets, in every position, 3.0 and 3.1.

    matrix.py --out DIR                 write DIR/matrix30.yaml, DIR/matrix31.yaml, DIR/matrix_test.cpp
    matrix.py --check-warnings GEN_PY   run the generator on both documents; every loosened case
                                        warns (with its text), no mapped case warns
    matrix.py --table                   print the Markdown table of codegen/README.md
    matrix.py --check-readme README     exit 1 if README's table differs from --table

One source, CASES, gives the documents, the test driver and the table. Each case is a schema S
(in its OpenAPI 3.0 and 3.1 spellings; None where the version has no such keyword), a valid
example V and, where the type can refuse one, an invalid example X.

Positions. Every case is the component `Case<Id>`, an object whose property `p` is S, whose `i`
is an array of S and whose `m` is an object with additionalProperties S; the union
`Case<Id>Alt` has S as an alternative next to `{type: object, properties: {zz: ...}}` (skipped
for S that are objects, which would make the two alternatives ambiguous). The operation
`POST /cases/<id>` takes S as its request body, returns S as its response body and as the
response header `X-Value` (response headers are not read by generated clients: the
position only has to generate), and takes it as the query parameter `q` and the header
parameter `X-Q` where S is a scalar.

The driver (one doctest, one translation unit, both namespaces) decodes V in `p`, `i[0]`,
`m.k` and as the alternative, encodes it back and compares JSON; decodes X in `p`, `i[1]` and
`m.k` and requires a DecodeError or ValidationError whose path is that place.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
from codegen import names  # noqa: E402

SAME = object()  # the 3.1 spelling is the 3.0 one


@dataclass
class Case:
    id: str
    feature: str
    s30: object
    s31: object = SAME
    valid: object = None
    invalid: object = None
    at: str = ""  # where inside the invalid example the decoder must point (".a": its member a)
    warning: str = ""  # a loosened case: text of its warning (empty: mapped exactly)
    alt_warning: str = ""  # the same, for S as a oneOf alternative (Case<Id>Alt)
    scalar: bool = False  # also a query parameter
    alternative: bool = True  # also an alternative of a oneOf
    extra: dict = field(default_factory=dict)  # components it refers to

    def schema(self, version: str):
        return self.s30 if version == "3.0" else (self.s30 if self.s31 is SAME else self.s31)


STR = {"type": "string"}
BASE = {"Base": {"type": "object", "required": ["a"], "properties": {"a": STR}}}
PETS = {
    "Cat": {"type": "object", "required": ["kind", "meow"], "properties": {"kind": STR, "meow": {"type": "boolean"}}},
    "Dog": {"type": "object", "required": ["kind", "bark"], "properties": {"kind": STR, "bark": {"type": "integer"}}},
}
PET_REFS = [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]
NODE = {"Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"},
                                                  "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}}
NEST = {"Nest": {"type": "array", "items": {"$ref": "#/components/schemas/Nest"}}}
RECV = {"RecS": {"type": "object", "required": ["v"], "properties": {"v": {"$ref": "#/components/schemas/RecV"}}},
        "RecV": {"oneOf": [{"$ref": "#/components/schemas/RecS"}, STR]}}
STRS = {"type": "array", "items": STR}

CASES = [
    Case("string", "`type: string`", STR, valid="a", invalid=1, scalar=True),
    Case("int32", "`integer`, `format: int32`", {"type": "integer", "format": "int32"}, valid=5, invalid="5", scalar=True),
    Case("int64", "`integer`, `format: int64`", {"type": "integer", "format": "int64"}, valid=5000000000, invalid="x", scalar=True),
    Case("double", "`number`", {"type": "number"}, valid=1.5, invalid="x", scalar=True),
    Case("float", "`number`, `format: float`", {"type": "number", "format": "float"}, valid=0.5, invalid="x", scalar=True),
    Case("boolean", "`boolean`", {"type": "boolean"}, valid=True, invalid="true", scalar=True),
    Case("datetime", "`format: date-time`", {"type": "string", "format": "date-time"}, valid="2024-01-02T03:04:05Z", invalid="yesterday", scalar=True),
    Case("unknownformat", "unknown `format` (`unixtime`)", {"type": "integer", "format": "unixtime"}, valid=5, invalid="x",
         warning="integer format 'unixtime'", scalar=True),
    Case("nullable", "`nullable: true` / `type: [X, \"null\"]`", {"type": "string", "nullable": True}, {"type": ["string", "null"]},
         valid=None, invalid=1),
    Case("typelist", "`type: [string, integer]`", None, {"type": ["string", "integer"]}, valid="a",
         warning="type list"),
    Case("const", "`const` (3.1)", None, {"type": "string", "const": "x"}, valid="x", warning="'const'"),
    Case("enumstring", "`enum` of strings", {"type": "string", "enum": ["a", "b"]}, valid="a", invalid=1, scalar=True),
    Case("enuminteger", "`enum` of integers", {"type": "integer", "enum": [1, 2]}, valid=1, invalid="1",
         warning="non-string enum", scalar=True),
    Case("enumnumber", "`enum` of numbers", {"type": "number", "enum": [1.5, 2.5]}, valid=1.5, invalid="x",
         warning="non-string enum", scalar=True),
    Case("enumboolean", "`enum` of booleans", {"type": "boolean", "enum": [True]}, valid=True, invalid="x",
         warning="non-string enum", scalar=True),
    Case("enumnull", "`enum` with `null`", {"type": "string", "nullable": True, "enum": ["a", None]},
         {"type": ["string", "null"], "enum": ["a", None]}, valid=None, invalid=1),
    Case("enummixed", "`enum` of mixed types", {"enum": [1, "a"]}, valid="a", warning="non-string enum value"),
    Case("enumarray", "`enum` of arrays", {"enum": [[1, 2]]}, valid=[1, 2], warning="non-string enum value"),
    Case("enumobject", "`enum` of objects", {"enum": [{"a": 1}]}, valid={"a": 1}, warning="non-string enum value",
         alternative=False),
    Case("length", "`minLength`, `maxLength`", {"type": "string", "minLength": 2, "maxLength": 3}, valid="ab", invalid="a", scalar=True),
    Case("pattern", "`pattern`", {"type": "string", "pattern": "^[a-z]+$"}, valid="ab", invalid="A1", scalar=True),
    Case("range", "`minimum`, `maximum`", {"type": "integer", "minimum": 1, "maximum": 9}, valid=5, invalid=10, scalar=True),
    Case("exclusive", "`exclusiveMinimum` (3.0 flag, 3.1 number)", {"type": "number", "minimum": 0, "exclusiveMinimum": True},
         {"type": "number", "exclusiveMinimum": 0}, valid=0.5, invalid=0, scalar=True),
    Case("items", "`items`, `minItems`, `maxItems`", {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 2},
         valid=[1], invalid=[]),
    Case("prefixitems", "`prefixItems` (3.1)", None, {"type": "array", "prefixItems": [STR, {"type": "integer"}]}, valid=["a", 1],
         warning="prefixItems"),
    Case("map", "`additionalProperties: <schema>`", {"type": "object", "additionalProperties": {"type": "integer"}},
         valid={"a": 1}, invalid={"a": "x"}, alternative=False),
    Case("anyobject", "`additionalProperties: true`, `{}`", {"type": "object", "additionalProperties": True}, valid={"a": [1]},
         alternative=False),
    Case("patternproperties", "`patternProperties`", {"type": "object", "patternProperties": {"^x": {"type": "integer"}}},
         valid={"x1": 1}, warning="patternProperties", alternative=False),
    Case("object", "inline object, `required`", {"type": "object", "required": ["a"], "properties": {"a": STR, "b": {"type": "integer"}}},
         valid={"a": "x"}, invalid={"b": 1}, alternative=False),
    Case("allof", "`allOf`", {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"c": {"type": "integer"}}}]},
         valid={"a": "x", "c": 1}, invalid={"c": 1}, alternative=False, extra=BASE),
    Case("oneof", "`oneOf` of objects", {"oneOf": PET_REFS}, valid={"kind": "Cat", "meow": True}, invalid={"kind": "Cat"},
         alternative=False, extra=PETS),
    Case("anyof", "`anyOf` of objects", {"anyOf": PET_REFS}, valid={"kind": "Dog", "bark": 2}, invalid={"kind": "Dog"},
         alternative=False, extra=PETS),
    Case("oneofscalars", "`oneOf` of scalars", {"oneOf": [STR, {"type": "integer"}]}, valid=1, invalid=True, alternative=False),
    Case("mapping", "`discriminator` with `mapping`",
         {"oneOf": PET_REFS, "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}}},
         valid={"kind": "cat", "meow": True}, invalid={"kind": "cow"}, alternative=False, extra=PETS),
    Case("nomapping", "`discriminator` without `mapping`", {"oneOf": PET_REFS, "discriminator": {"propertyName": "kind"}},
         valid={"kind": "Dog", "bark": 1}, invalid={"kind": "Cow"}, alternative=False, extra=PETS),
    Case("not", "`not`", {"type": "string", "not": {"enum": ["x"]}}, valid="a", warning="'not'"),
    Case("readonly", "`readOnly`", {"type": "string", "readOnly": True}, valid="a", invalid=1),
    Case("writeonly", "`writeOnly`", {"type": "string", "writeOnly": True}, valid="a", invalid=1,
         warning="a required writeOnly property"),
    Case("default", "`default`", {"type": "integer", "default": 3}, valid=4, invalid="x", scalar=True),
    Case("refsiblings", "`$ref` with siblings", {"$ref": "#/components/schemas/Base", "description": "a base"},
         valid={"a": "x"}, invalid={}, alternative=False, extra=BASE),
    Case("recursion", "recursion through a struct", {"$ref": "#/components/schemas/Node"},
         valid={"next": {"children": [{}]}}, invalid={"next": {"children": [1]}}, alternative=False, extra=NODE),
    Case("recursiveoneof", "recursion through a required member and a `oneOf` alternative", {"$ref": "#/components/schemas/RecS"},
         valid={"v": {"v": "x"}}, invalid={"v": {"v": 1}}, alternative=False, extra=RECV),
    Case("recursivearray", "recursion with no struct (`L: {items: L}`)", {"$ref": "#/components/schemas/Nest"},
         valid=[[[]]], warning="infinite type", extra=NEST),
    Case("nullablealternative", "nullable `oneOf` alternative", {"oneOf": [{"type": "string", "nullable": True}, {"type": "integer"}]},
         {"oneOf": [{"type": ["string", "null"]}, {"type": "integer"}]}, valid=1, warning="nullable oneOf alternative", alternative=False),
    Case("propertiesbesideoneof", "`properties` beside `oneOf`",
         {"type": "object", "properties": {"a": STR}, "oneOf": [{"required": ["a"]}, {"required": ["b"]}]},
         valid={"a": "x"}, warning="'properties' next to oneOf", alternative=False),
    Case("samealternatives", "`anyOf` alternatives of one C++ type (two arrays of strings)",
         {"anyOf": [dict(STRS, maxItems=1), dict(STRS, minItems=3)]}, valid=["a"], warning="are the same C++ type", alternative=False),
    Case("falseallof", "`allOf` with a member `false` (3.1)", None, {"allOf": [{"type": "object", "properties": {"a": STR}}, True, False]},
         valid={"a": "x"}, warning="allOf member that is the schema false", alternative=False),
    Case("readwriteonly", "`readOnly` and `writeOnly` (3.1)", None, {"type": "string", "readOnly": True, "writeOnly": True},
         valid="a", invalid=1, warning="both readOnly and writeOnly", alternative=False),
]

# Scalars with constraints or null cannot be told apart by type: as an alternative they loosen.
for _c in CASES:
    if _c.id in ("length", "pattern", "range", "exclusive"):
        _c.alt_warning = "constraints on a scalar oneOf alternative"
    elif _c.id in ("nullable", "enumnull"):
        _c.alt_warning = "nullable oneOf alternative"
    elif _c.id not in ("writeonly", "recursivearray"):  # required-ness / warned once, at Nest
        _c.alt_warning = _c.warning

# Where the decoder points inside an invalid example: the member that is wrong or missing.
INVALID_AT = {"map": ".a", "object": ".a", "allof": ".a", "mapping": ".kind", "nomapping": ".kind", "refsiblings": ".a",
              "recursion": ".next.children[0]", "recursiveoneof": ".v"}
for _c in CASES:
    _c.at = INVALID_AT.get(_c.id, "")

UNION_LOOSENED = ("constraints on a scalar oneOf alternative", "nullable oneOf alternative")

# Where an invalid example sits in the wrapper, and the path the decoder must name.
INVALID_PLACES = [("p", "p"), ("i", "i[1]"), ("m", "m.k")]
ALT_OTHER = {"type": "object", "required": ["zz"], "properties": {"zz": {"type": "boolean"}}}


def type_name(case: Case, suffix: str = "") -> str:
    return names.type_name(f"Case-{case.id}{suffix}")


def document(version: str) -> dict:
    schemas: dict = {}
    paths: dict = {}
    for c in CASES:
        s = c.schema(version)
        if s is None:
            continue
        schemas.update(c.extra)
        schemas[type_name(c)] = {
            "type": "object",
            "required": ["p"],
            "properties": {"p": s, "i": {"type": "array", "items": s}, "m": {"type": "object", "additionalProperties": s}},
        }
        if c.alternative:
            schemas[type_name(c, "-alt")] = {"oneOf": [s, ALT_OTHER]}
        op = {
            "operationId": f"case_{c.id}",
            "requestBody": {"required": True, "content": {"application/json": {"schema": s}}},
            "responses": {"200": {"description": "S", "headers": {"X-Value": {"schema": s}},
                                  "content": {"application/json": {"schema": s}}}},
        }
        if c.scalar:
            op["parameters"] = [{"name": "q", "in": "query", "schema": s}, {"name": "X-Q", "in": "header", "schema": s}]
        paths[f"/cases/{c.id}"] = {"post": op}
    return {
        "openapi": "3.0.3" if version == "3.0" else "3.1.0",
        "info": {"title": f"feature matrix {version}", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def cpp_json(value) -> str:
    return names.raw_string(json.dumps(value))


def driver() -> str:
    out = [
        "// GENERATED by tests/codegen/matrix/matrix.py: the feature matrix, both OpenAPI versions.",
        "#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN",
        "#include <doctest/doctest.h>",
        "",
        "#include <string>",
        "",
        '#include "matrix30/all.hpp"',
        '#include "matrix31/all.hpp"',
        "",
        "namespace {",
        "// Decodes, validates, encodes back: the same JSON.",
        "template <class T>",
        "void round_trip(const char* text) {",
        "  const auto in = ::nlohmann::json::parse(text);",
        "  const auto value = ::arize::decode<T>(in);",
        "  ::arize::validate(value);",
        "  CHECK(::arize::encode(value) == in);",
        "}",
        "// Decoding and validating must fail, naming `path`.",
        "template <class T>",
        "void refused(const char* text, const char* path) {",
        "  const auto in = ::nlohmann::json::parse(text);",
        "  try {",
        "    ::arize::validate(::arize::decode<T>(in));",
        '    FAIL_CHECK("accepted: " << text);',
        "  } catch (const ::arize::DecodeError& e) {",
        "    CHECK_MESSAGE(e.path() == std::string(path), e.what());",
        "  } catch (const ::arize::ValidationError& e) {",
        "    CHECK_MESSAGE(e.path() == std::string(path), e.what());",
        "  }",
        "}",
        "struct Recorder {",
        "  ::arize::HttpResponse send(const ::arize::HttpRequest&) { return {}; }",
        "};",
        "}  // namespace",
        "",
        "// Every operation (parameter, request and response body, header positions) compiles.",
        "template class matrix30::DefaultApi<Recorder>;",
        "template class matrix31::DefaultApi<Recorder>;",
        "",
    ]
    for version, ns in (("3.0", "matrix30"), ("3.1", "matrix31")):
        for c in CASES:
            if c.schema(version) is None:
                continue
            t = f"{ns}::{type_name(c)}"
            v = c.valid
            out.append(f'TEST_CASE("{version} {c.id}") {{')
            out.append(f"  round_trip<{t}>({cpp_json({'p': v, 'i': [v], 'm': {'k': v}})});")
            if c.alternative:  # a union whose alternatives cannot be a std::variant is a JSON value
                alt = "::nlohmann::json" if c.alt_warning in UNION_LOOSENED else f"{ns}::{type_name(c, '-alt')}"
                out.append(f"  round_trip<{alt}>({cpp_json(v)});")
            if c.invalid is not None:
                x = c.invalid
                out.append(f"  refused<{t}>({cpp_json({'p': x, 'i': [v], 'm': {'k': v}})}, \"p{c.at}\");")
                out.append(f"  refused<{t}>({cpp_json({'p': v, 'i': [v, x], 'm': {'k': v}})}, \"i[1]{c.at}\");")
                out.append(f"  refused<{t}>({cpp_json({'p': v, 'i': [v], 'm': {'k': x}})}, \"m.k{c.at}\");")
            out.append("}")
    return "\n".join(out) + "\n"


def write(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for version in ("3.0", "3.1"):
        text = yaml.safe_dump(document(version), sort_keys=False, allow_unicode=True)
        path = out / f"matrix{version.replace('.', '')}.yaml"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    path = out / "matrix_test.cpp"
    text = driver()
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def check_warnings(generator: Path) -> int:
    """Every loosened case warns with its text at its own schemas; no mapped case warns there."""
    failures = 0
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        write(tmp)
        for version in ("3.0", "3.1"):
            doc = tmp / f"matrix{version.replace('.', '')}.yaml"
            run = subprocess.run([sys.executable, str(generator), str(doc), "--out", str(tmp / "out"), "--namespace", "m",
                                  "--include-prefix", "m"], capture_output=True, text=True)
            if run.returncode != 0:
                print(f"{doc.name}: the generator failed: {run.stderr.strip()}")
                return 1
            warnings = [w for w in run.stderr.splitlines() if w.startswith("warning: ")]
            for c in CASES:
                if c.schema(version) is None:
                    continue
                places = [(f"{type_name(c)}|{'|'.join(c.extra)}", c.warning)]
                if c.alternative:
                    places.append((f"{type_name(c)}Alt", c.alt_warning))
                for place, expected in places:
                    own = [w for w in warnings if re.search(rf"#/components/schemas/({place})[/:]", w)]
                    if expected and not any(expected in w for w in own):
                        print(f"{version} {c.id} ({place}): expected a warning with {expected!r}, got {own}")
                        failures += 1
                    if not expected and own:
                        print(f"{version} {c.id} ({place}): mapped exactly, but warned: {own}")
                        failures += 1
    print(f"feature matrix warnings: {failures} failure(s)")
    return 1 if failures else 0


def table() -> str:
    rows = ["| feature | 3.0 | 3.1 | valid example (round trip) | invalid example (refused at `p`, `i[1]`, `m.k` + the place inside) | outcome |",
            "|---|---|---|---|---|---|"]
    for c in CASES:
        has = ["yes" if c.schema(v) is not None else "n/a" for v in ("3.0", "3.1")]
        outcome = f"loosened: warning `{c.warning}`" if c.warning else "mapped"
        if c.alternative:
            outcome += f"; as an alternative: loosened, warning `{c.alt_warning}`" if c.alt_warning else "; as an alternative: mapped"
        invalid = f"`{json.dumps(c.invalid)}` at `p{c.at}`" if c.invalid is not None else "(none: every value is valid for the type)"
        rows.append(f"| {c.feature} | {has[0]} | {has[1]} | `{json.dumps(c.valid)}` | {invalid} | {outcome} |")
    return "\n".join(rows) + "\n"


BEGIN, END = "<!-- feature matrix: generated by tests/codegen/matrix/matrix.py --table -->", "<!-- end of feature matrix -->"


def check_readme(readme: Path) -> int:
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{readme}: no feature matrix markers")
        return 1
    current = text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip("\n") + "\n"
    if current != table():
        print(f"{readme}: the feature matrix differs from tests/codegen/matrix/matrix.py --table")
        return 1
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path)
    ap.add_argument("--check-warnings", type=Path, metavar="GENERATE_PY")
    ap.add_argument("--table", action="store_true")
    ap.add_argument("--check-readme", type=Path)
    args = ap.parse_args()
    if args.out:
        write(args.out)
    if args.table:
        sys.stdout.write(table())
    if args.check_readme:
        return check_readme(args.check_readme)
    if args.check_warnings:
        return check_warnings(args.check_warnings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
