"""Hostile descriptions (issue 11, items 16-19): nothing in a spec becomes code, names that are
C/POSIX macros compile, `$ref`s stay inside the spec's folder, aliases and reference chains
cannot exhaust time or memory, and every refusal is one line with exit code 2."""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import unittest
from pathlib import Path

from hostile import MARK, escapes
from support import GENERATE, REPO, SpecTestCase, load, translate, models_text, render, spec_text
from codegen.cpp import type_name

from codegen import names

CXX = shutil.which(os.environ.get("CXX", "g++"))

# Each payload tries to leave a comment or a string literal and put MARK into code.
PAYLOADS = [
    f"a\r#error injected {MARK}",
    f"a\\\nint injected_a; {MARK}",
    f"*/ int injected_b; /* {MARK}",
    f"trailing backslash {MARK}\\",
    f"trailing backslash and space {MARK}\\ ",
    f"??/\nint injected_c; {MARK}",
    f"ends in a trigraph {MARK} ??/",
    f"a\vint injected_d; {MARK}",
    f"a\f#error form feed {MARK}",
    f"a\x00#error nul {MARK}",
    f"a\u2028#error line separator {MARK}",
    f"a\u2029#error paragraph separator {MARK}",
    f"a\x85#error next line {MARK}",
    f"a\u202e#error bidi {MARK}",
    f"a\x1b[2J terminal {MARK}",
    f'quote " and \\" {MARK}',
    "x" * 150 + f" \\ {MARK} " + "y" * 150,  # clang-format reflows this comment
]


def hostile_text(i: int) -> str:
    return PAYLOADS[i % len(PAYLOADS)]


def hostile_spec() -> dict:
    """A spec with a payload in every free-text place: descriptions, titles, summaries,
    examples, defaults, enum values, property and parameter names, paths, tags, patterns."""
    p = hostile_text
    props = {}
    for i in range(len(PAYLOADS)):
        props[f"f{i}"] = {
            "type": "string",
            "title": p(i),
            "description": p(i + 1),
            "example": p(i + 2),
            "default": p(i + 3),
            "pattern": f"^x\r#error {MARK}\u2028[a-z]{{{i}}}$",
        }
    props["kind"] = {"type": "string", "enum": [f"v{i} {x}" for i, x in enumerate(PAYLOADS)], "description": p(5)}
    props["wire\r#error name " + MARK] = {"type": "integer", "description": p(6)}
    return {
        "openapi": "3.0.3",
        "info": {"title": p(0), "version": p(1), "description": p(2)},
        "tags": [{"name": "Pets", "description": p(3)}],
        "paths": {
            "/pets/{id}\r#error path " + MARK: {
                "get": {
                    "operationId": "getPet\r#error opid " + MARK,
                    "tags": ["Pets"],
                    "summary": p(4),
                    "description": p(7),
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}, "description": p(8)},
                        {
                            "name": "q\r#error param " + MARK,
                            "in": "query",
                            "schema": {"type": "string", "default": p(9), "example": p(10)},
                            "description": p(11),
                        },
                        {"name": "X-Header\\", "in": "header", "schema": {"type": "string"}, "description": p(12)},
                    ],
                    "responses": {
                        "200": {
                            "description": p(13),
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Pet": {"type": "object", "title": p(14), "description": p(15), "required": ["kind"], "properties": props},
                "Choice": {
                    "description": p(16),
                    "oneOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "string", "description": p(3)}],
                },
            }
        },
    }


MACRO_HEADERS = ["cstdio", "cerrno", "csignal", "sys/stat.h", "netdb.h", "signal.h", "sys/sysmacros.h", "cmath"]

MACRO_NAMES_UPPER = ["EOF", "BUFSIZ", "EINVAL", "SIGTERM", "NULL", "TRUE", "FALSE", "DOMAIN", "NAN", "EDOM", "ENOENT"]
MACRO_NAMES_LOWER = [
    "errno", "assert", "stdin", "stdout", "st_mtime", "st_atime", "h_addr", "si_pid", "si_uid",
    "major", "minor", "makedev", "unix", "linux", "sa_handler", "offsetof", "setjmp",
]  # fmt: skip


def macro_spec() -> dict:
    """Macro names as schema names, property names, enum values, parameters and operation ids."""
    schemas: dict = {}
    for name in MACRO_NAMES_UPPER:
        schemas[name] = {"type": "object", "properties": {n: {"type": "string"} for n in MACRO_NAMES_LOWER + MACRO_NAMES_UPPER}}
    schemas["Kind"] = {"type": "string", "enum": MACRO_NAMES_LOWER + ["EOF"]}
    paths: dict = {}
    for i, op in enumerate(["st_mtime", "minor", "EOF", "SIGTERM", "errno", "assert"]):
        paths[f"/p{i}"] = {
            "get": {
                "operationId": op,
                "parameters": [
                    {"name": n, "in": "query", "schema": {"type": "string"}} for n in ["errno", "si_uid", "major", "st_ctime", "NULL"]
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{MACRO_NAMES_UPPER[i]}"}}}}},
            }
        }
    return {"openapi": "3.0.3", "info": {"title": "Macros", "version": "1"}, "paths": paths, "components": {"schemas": schemas}}


class HostileTestCase(SpecTestCase):
    def write_json(self, spec: dict, name: str = "spec.json") -> Path:
        return self.write(json.dumps(spec), name)

    def run_cli(self, *args: str, timeout: float = 60, memory_mb: int = 1024) -> subprocess.CompletedProcess:
        """The CLI with a timeout and a memory limit (a failure must not take the machine down)."""

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))

        env = dict(os.environ, LC_ALL="C")
        return subprocess.run(
            [sys.executable, str(GENERATE), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.dir,
            timeout=timeout,
            preexec_fn=limit,
            check=False,
        )

    def assert_one_line_error(self, proc: subprocess.CompletedProcess, prefix: str, message: str) -> None:
        self.assertEqual(proc.returncode, 2, proc.stderr[:2000])
        lines = proc.stderr.splitlines()
        self.assertEqual(len(lines), 1, proc.stderr[:2000])
        self.assertTrue(lines[0].startswith(f"error: {prefix}"), lines[0][:500])
        self.assertIn(message, lines[0][:500])

    def compile(self, out: Path, namespace: str, includes: list[str]) -> subprocess.CompletedProcess:
        tu = out / "tu.cpp"
        tu.write_text("".join(f"#include <{h}>\n" for h in includes) + '#include "all.hpp"\nint main() {}\n')
        return subprocess.run(
            [CXX, "-std=c++20", "-fsyntax-only", f"-I{REPO / 'include'}", f"-I{out.parent}", f"-I{out}", str(tu)],
            capture_output=True,
            text=True,
            check=False,
        )


class InjectionTest(HostileTestCase):
    """Item 16: control characters, line splices, trigraphs and comment ends in any text."""

    def generated(self) -> dict[str, str]:
        path = self.write_json(hostile_spec())
        return render.generate(translate.build(load.load(path), path.name, "hostile", "hostile"))

    def test_no_text_of_the_spec_escapes_comments_or_literals(self) -> None:
        for name, text in self.generated().items():
            self.assertEqual(escapes(text), [], name)

    @unittest.skipUnless(CXX, "no C++ compiler")
    def test_the_hostile_spec_compiles(self) -> None:
        out = self.dir / "hostile"
        out.mkdir()
        render.write(out, self.generated())
        proc = self.compile(out, "hostile", [])
        self.assertEqual(proc.returncode, 0, proc.stderr[-4000:])
        self.assertNotIn("injected", proc.stderr)

    def test_line_breaks_in_descriptions_become_comment_lines(self) -> None:
        spec = {
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "components": {"schemas": {"Pet": {"type": "object", "description": "one\rtwo\r\nthree\u2028four\\", "properties": {"a": {"type": "string"}}}}},
        }
        self.write_json(spec)
        models = models_text(render.generate(translate.build(load.load(self.dir / "spec.json"), "spec.json")))
        self.assertIn("/// one\n/// two\n/// three\n/// four(backslash)\nstruct Pet {", models)

    def test_string_literals_escape_everything(self) -> None:
        self.assertEqual(names.cpp_string("a\rb\x00c\u2028d??/e\u202e"), '"a\\rb\\000c\\342\\200\\250d?\\?/e\\342\\200\\256"')
        self.assertEqual(names.cpp_string("été"), '"été"')  # printable UTF-8 stays readable
        self.assertEqual(names.raw_string("^a\r$"), '"^a\\r$"')  # no raw string around a control character

    def test_the_spec_file_name_is_escaped_in_the_banner(self) -> None:
        path = self.write_json({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}}, "x\r#error y.json")
        files = render.generate(translate.build(load.load(path), path.name))
        for name, text in files.items():
            self.assertEqual(escapes(text), [], name)
            self.assertTrue(text.startswith("// GENERATED by codegen/generate.py from x\\r#error y.json."), text[:100])


class MacroNamesTest(HostileTestCase):
    """Item 17 (and issue 21 item 6): names that are macros compile, by push_macro/#undef/pop_macro
    of every identifier of a generated header, not by a list of known macros."""

    def test_macro_names_are_not_renamed(self) -> None:
        self.assertEqual(names.type_name("EOF"), "EOF")
        self.assertEqual(names.member_name("st_mtime"), "st_mtime")
        self.assertEqual(names.member_name("ifr_name"), "ifr_name")
        self.assertEqual(names.enumerator_name("si_pid"), "si_pid")
        self.assertEqual(names.member_name("delete"), "delete_")  # keywords still are

    def test_every_identifier_is_protected_and_restored(self) -> None:
        code = '#include "x.hpp"\nnamespace n {\n// errno in a comment\nstruct ifr_name { int major = 10ULL; const char* s = "EOF"; };\n}\n'
        text = render.protect_from_macros(code)
        self.assertEqual(render.identifiers(code[code.index("namespace"):]), ["ifr_name", "major", "n", "s"])
        for word in ("ifr_name", "major", "n", "s"):
            self.assertIn(f'#pragma push_macro("{word}")\n#undef {word}\n', text.split("namespace n")[0])
            self.assertIn(f'#pragma pop_macro("{word}")', text.split("}\n")[-1])
        for word in ("errno", "EOF", "ULL", "int", "struct"):
            self.assertNotIn(f'"{word}"', text.replace('"EOF"; }', ""))

    @unittest.skipUnless(CXX, "no C++ compiler")
    def test_macro_names_compile_after_the_c_headers(self) -> None:
        path = self.write_json(macro_spec())
        out = self.dir / "macros"
        out.mkdir()
        render.write(out, render.generate(translate.build(load.load(path), path.name, "macros", "macros")))
        proc = self.compile(out, "macros", MACRO_HEADERS)
        self.assertEqual(proc.returncode, 0, proc.stderr[-4000:])


class RefConfinementTest(HostileTestCase):
    """Item 18: `$ref`s read regular files inside the spec's folder, of bounded size."""

    def ref_spec(self, ref: str) -> str:
        return spec_text(
            f"""
            components:
              schemas:
                Pet: {{$ref: "{ref}"}}
            """
        )

    def refused(self, ref: str, message: str, *args: str, spec_dir: str = ".") -> None:
        self.write(self.ref_spec(ref), f"{spec_dir}/spec.yaml")
        proc = self.run_cli(f"{spec_dir}/spec.yaml", "--out", "out", *args, timeout=20, memory_mb=512)
        self.assert_one_line_error(proc, "spec.yaml#/components/schemas/Pet/$ref: ", message)
        self.assertFalse((self.dir / "out").exists())

    def test_a_file_outside_the_spec_folder_is_refused(self) -> None:
        self.write("type: object\nproperties: {a: {type: string}}\n", "outside.yaml")
        self.refused("../outside.yaml", "outside", spec_dir="api")

    def test_an_absolute_path_is_refused(self) -> None:
        self.refused("/etc/passwd", "outside")

    def test_a_symlink_out_of_the_folder_is_refused(self) -> None:
        self.write("type: object\n", "outside.yaml")
        (self.dir / "api").mkdir()
        os.symlink(self.dir / "outside.yaml", self.dir / "api" / "link.yaml")
        self.refused("link.yaml", "outside", spec_dir="api")

    def test_allow_ref_root_widens_the_confinement(self) -> None:
        self.write("type: object\nproperties: {a: {type: string}}\n", "shared/pet.yaml")
        self.write(self.ref_spec("../shared/pet.yaml"), "api/spec.yaml")
        proc = self.run_cli("api/spec.yaml", "--out", "out", "--allow-ref-root", str(self.dir / "shared"))
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_a_device_is_refused_without_reading_it(self) -> None:
        self.refused("/dev/zero", "not a regular file", "--allow-ref-root", "/")

    def test_a_fifo_is_refused_without_hanging(self) -> None:
        os.mkfifo(self.dir / "fifo.yaml")
        self.refused("fifo.yaml", "not a regular file")

    def test_a_directory_is_refused(self) -> None:
        (self.dir / "dir.yaml").mkdir()
        self.refused("dir.yaml", "not a regular file")

    def test_a_file_over_the_size_limit_is_refused(self) -> None:
        self.write("type: object\ndescription: " + "x" * 5000 + "\n", "big.yaml")
        self.refused("big.yaml", "larger than", "--max-file-size", "4096")

    def test_the_root_document_is_checked_too(self) -> None:
        os.mkfifo(self.dir / "root.yaml")
        proc = self.run_cli("root.yaml", "--out", "out", timeout=20)
        self.assert_one_line_error(proc, "root.yaml#", "not a regular file")

    def test_urls_are_refused(self) -> None:
        for ref in ("http://example.com/x.yaml", "https://example.com/x.yaml#/A", "file:///etc/passwd", "//example.com/x.yaml"):
            with self.subTest(ref=ref):
                self.refused(ref, "")


BILLION_LAUGHS = """\
openapi: 3.0.3
info: {title: T, version: "1"}
x-a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
x-f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
x-g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
x-h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
x-i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
components:
  schemas:
    Pet:
      type: object
      example: *i
      properties: {a: {type: string, default: *i}}
"""


class ExpansionTest(HostileTestCase):
    """Item 19: alias bombs, long `$ref` chains and deep nesting end quickly in one clean line."""

    def test_an_alias_bomb_is_refused_quickly(self) -> None:
        self.write(BILLION_LAUGHS)
        start = time.monotonic()
        proc = self.run_cli("spec.yaml", "--out", "out", timeout=60, memory_mb=1024)
        self.assertLess(time.monotonic() - start, 10)
        self.assert_one_line_error(proc, "spec.yaml#", "alias")

    def test_a_recursive_alias_is_refused(self) -> None:
        self.write(spec_text("x-a: &a [1, *a]\ncomponents: {schemas: {P: {type: object, example: *a}}}\n"))
        with self.assertRaises(load.SpecError) as e:
            load.load(self.dir / "spec.yaml")
        self.assertIn("alias", e.exception.message)

    def test_anchors_used_legitimately_still_load(self) -> None:
        text = spec_text(
            """
            components:
              schemas:
                Name: &name {type: string, minLength: 1, maxLength: 40}
                Pet: {type: object, properties: {first: *name, last: *name, nick: *name}}
                Owner: {type: object, properties: {name: *name, pets: {type: array, items: {$ref: "#/components/schemas/Pet"}}}}
            """
        )
        spec = self.build(text)
        self.assertEqual(type_name(self.field(spec, "Pet", "last").type), "std::string")
        self.assertEqual(type_name(self.field(spec, "Owner", "name").type), "std::string")

    def test_a_long_ref_chain_resolves_in_linear_time(self) -> None:
        n = 2000
        schemas = {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(n)}
        schemas[f"S{n}"] = {"type": "object", "properties": {"a": {"type": "string"}}}
        schemas["Pet"] = {"type": "object", "properties": {"s": {"$ref": "#/components/schemas/S0"}}}
        self.write_json({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "components": {"schemas": schemas}})
        start = time.monotonic()
        proc = self.run_cli("spec.json", "--out", "out", timeout=120)
        elapsed = time.monotonic() - start
        self.assertIn(proc.returncode, (0, 2), proc.stderr[:2000])
        self.assertLessEqual(len(proc.stderr.splitlines()), 1, proc.stderr[:2000])
        self.assertLess(elapsed, 15)

    def test_a_long_ref_cycle_is_refused_quickly(self) -> None:
        n = 2000
        schemas = {f"S{i}": {"$ref": f"#/components/schemas/S{(i + 1) % n}"} for i in range(n)}
        self.write_json({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "components": {"schemas": schemas}})
        start = time.monotonic()
        proc = self.run_cli("spec.json", "--out", "out", timeout=120)
        self.assertLess(time.monotonic() - start, 15)
        self.assert_one_line_error(proc, "spec.json#/components/schemas/S0", "$ref cycle")
        self.assertLess(len(proc.stderr), 1000)

    def test_deep_nesting_is_a_clean_error(self) -> None:
        depth = 10_000
        for name, text in (
            ("deep.yaml", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nx-deep: " + "{a: " * depth + "1" + "}" * depth + "\n"),
            ("deep.json", '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "x": ' + '{"a": ' * depth + "1" + "}" * depth + "}"),
            ("deeplist.yaml", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nx-deep: " + "[" * depth + "]" * depth + "\n"),
        ):
            with self.subTest(name):
                path = self.write(text, name)
                with self.assertRaises(load.SpecError) as e:
                    load.load(path)
                self.assertIn("nest", e.exception.message)
                proc = self.run_cli(name, "--out", "out")
                self.assert_one_line_error(proc, f"{name}#", "nest")

    def test_deep_schemas_are_a_clean_error(self) -> None:
        """Nesting within the loader's limit must not overflow the translate stage either."""
        schema: dict = {"type": "string"}
        for _ in range((load.MAX_DEPTH - 5) // 2):
            schema = {"type": "object", "properties": {"a": schema}}
        self.write_json({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "components": {"schemas": {"P": schema}}})
        path = self.dir / "spec.json"
        render.render(translate.build(load.load(path), path.name))  # no RecursionError
        proc = self.run_cli("spec.json", "--out", "out")
        self.assertLessEqual(len(proc.stderr.splitlines()), 1, proc.stderr[:2000])

    def test_huge_values_give_one_short_line(self) -> None:
        """An error quoting a 10 MB name or a control character stays one short line."""
        self.write_json({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "components": {"schemas": {"P": {"type": "string", "enum": ["+" * 10_000_000]}}}})
        proc = self.run_cli("spec.json", "--out", "out", "--strict")  # an enumerator without letters is a warning otherwise
        self.assert_one_line_error(proc, "spec.json#", "")
        self.assertLess(len(proc.stderr), 2000)
        self.write_json({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "components": {"schemas": {"P": {"type": "string", "enum": ["\x1b[2J\r\n+", "\x1b\r\n+"]}}}})
        proc = self.run_cli("spec.json", "--out", "out", "--strict")  # an enumerator without letters is a warning otherwise
        self.assert_one_line_error(proc, "spec.json#", "")
        self.assertNotIn("\x1b", proc.stderr)
        self.assertNotIn("\r", proc.stderr)


if __name__ == "__main__":
    unittest.main()


class ReservedIdentifierTest(unittest.TestCase):
    """Issue 21 item 10: no generated identifier contains `__` or starts with `_`."""

    def assert_unreserved(self, members: dict[str, str]) -> None:
        for wire, member in members.items():
            self.assertFalse(names.is_reserved(member), f"{wire!r} -> {member!r}")

    def test_disambiguated_names_never_form_a_double_underscore(self) -> None:
        members, _ = names.unique_members(["arize_json", "arize-json", "operator", "operator-", "-operator"])
        self.assertEqual(members["arize_json"], "arize_json_")
        self.assertEqual(members["arize-json"], "arize_json_2")
        self.assertEqual(members["operator"], "operator_")
        self.assertEqual(members["operator-"], "operator_2")
        self.assertEqual(members["-operator"], "operator_3")
        self.assert_unreserved(members)

    def test_reserved_wire_names_are_not_taken_as_they_are(self) -> None:
        crafted = ["a_b", "a__b", "_A_b", "_a_b", "A__B", "__a_b", "a_b_", "a-_-b", "A_b"]
        members, _ = names.unique_members(crafted)
        self.assertEqual(len(set(members.values())), len(crafted))
        self.assert_unreserved(members)
        members, _ = names.unique_members(crafted, names.enumerator_name)
        self.assert_unreserved(members)

    def test_numbered_operation_ids_never_form_a_double_underscore(self) -> None:
        from codegen import operations

        self.assertEqual(operations.unique_name("delete_", {"delete_"}), "delete_2")

    def test_names_from_crafted_words_are_unreserved(self) -> None:
        for text in ["__x", "_X", "x__y", "_", "__", "a___b", "_Delete", "operator__"]:
            for derive in (names.member_name, names.enumerator_name, names.type_name):
                name = derive(text)
                if name is not None:
                    self.assertFalse(names.is_reserved(name), f"{derive.__name__}({text!r}) = {name!r}")
