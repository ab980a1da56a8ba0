"""The reference pages (codegen/reference.py, issue 22 item 1): what a page holds, the facade
calls file and its coverage, `generate.py --docs` with `--check`, and hostile text of a
document, which must not change the structure of the Markdown (the same stance as
names.comment_text for C++ comments)."""

from __future__ import annotations

import re
import subprocess
import sys
import unittest
from pathlib import Path

from hostile import ALLOWED_TAG, MARK, markdown_problems, outside_code, unescaped_pipes
from support import GENERATE, REPO, SpecTestCase, spec_text

from codegen import reference
from codegen.reference import ReferenceError, cell, code

PAYLOADS = [
    f"pipe | in a cell {MARK}",
    f"a\nb\r\nc\u2028d\u2029e\x85f {MARK}",
    f"<script>alert(1)</script> {MARK}",
    f"<img src=x onerror=alert(1)> &amp; &#60; {MARK}",
    f"[click](javascript:alert(1)) ![img](http://x/y.png) {MARK}",
    f"# a heading {MARK}",
    f"- a list item {MARK}",
    f"1. an ordered item {MARK}",
    f"> a quote {MARK}",
    f"--- {MARK}",
    f"unclosed `code | {MARK}",
    f"``double `single` double`` {MARK}",
    f"`a|b` {MARK}",
    f"trailing backslash {MARK}\\",
    f"backslash before pipe \\| {MARK}",
    f"bidi \u202e reversed {MARK} \x00 nul \x1b[31m",
    f"<https://autolink.example/{MARK}>",
    f"text\n\n\nparagraph | two {MARK}",
    "| x | y |\n|---|---|\n| forged | row |",
]

class CellTest(unittest.TestCase):
    def assert_safe(self, text: str) -> None:
        self.assertNotIn("\n", text)
        self.assertIsNone(re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]", text), repr(text))
        self.assertEqual(unescaped_pipes(text), 0, text)
        bare = ALLOWED_TAG.sub("", outside_code(text))
        for ch in "<[]&":
            self.assertNotIn(ch, bare, f"{ch!r} left active in {text!r}")
        self.assertIsNone(re.match(r"\s*(#|[-+*=]|\d+[.)]|>)", text), f"starts a block: {text!r}")

    def test_hostile_prose_stays_in_its_cell(self) -> None:
        for payload in PAYLOADS:
            with self.subTest(payload=payload):
                self.assert_safe(cell(payload))
                self.assert_safe(cell(payload.splitlines()))

    def test_hostile_code_spans(self) -> None:
        for payload in PAYLOADS:
            with self.subTest(payload=payload):
                text = code(payload)
                self.assert_safe(text)
                # one code span holding the text (controls shown as escapes, lines joined)
                self.assertEqual(outside_code(text).strip(), "", text)

    def test_code_span_holds_the_text_exactly(self) -> None:
        for text in ["plain", "a`b", "``x``", "`edge`", "a|b", " spaced ", "<T>"]:
            with self.subTest(text=text):
                span = code(text)
                fence = re.match(r"`+", span).group()
                inner = span[len(fence) : -len(fence)]
                if inner.startswith(" ") and inner.endswith(" ") and inner.strip():
                    inner = inner[1:-1]
                self.assertEqual(inner.replace("\\|", "|"), text)
                self.assertNotIn(fence, inner)

    def test_prose_keeps_closed_code_spans_and_paragraphs(self) -> None:
        self.assertEqual(cell(["Filter by `key_type`.", "", "Default: `50`."]), "Filter by `key_type`.<br>Default: `50`.")
        self.assertEqual(cell("wrapped\nline"), "wrapped line")
        self.assertEqual(cell("a <b> & [c]"), "a \\<b\\> \\& \\[c\\]")
        self.assertEqual(cell("unclosed ` tick"), "unclosed \\` tick")


HOSTILE_DOC = spec_text(
    """\
    paths:
      /things/{thing_id}:
        get:
          operationId: get_thing
          summary: "Get | a <b>thing</b>"
          description: "# not a heading\\n\\n| forged | row |\\n[x](javascript:alert(1))"
          parameters:
            - name: thing_id
              in: path
              required: true
              description: "id <script>@</script> | pipe"
              schema: {type: string, pattern: "^[a-z|`]+$", maxLength: 10}
          responses:
            "200":
              description: ok
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Thing"}
    components:
      schemas:
        Thing:
          description: "A thing\\u2028with a line separator and \\u202e bidi"
          type: object
          required: [name]
          properties:
            name: {type: string, description: "line one\\nline two | three <i>@</i>", minLength: 1}
            kind: {$ref: "#/components/schemas/Kind"}
            tags: {type: array, items: {type: string, maxLength: 5}, maxItems: 3}
        Kind:
          type: string
          description: "> quoted"
          enum: ["a|b", "<c>", "`d`", "e"]
    """
)


class PageTest(SpecTestCase):
    def page(self, text: str, facade: reference.Facade | None = None) -> str:
        return reference.markdown(self.build(text, namespace="shop"), "spec.yaml", facade)

    def test_tables_keep_their_shape_and_nothing_becomes_markup(self) -> None:
        page = self.page(HOSTILE_DOC)
        lines = page.split("\n")
        headings = ["# Fixture 1: C++ reference (`shop`)", "## Operations", "## DefaultApi", "### `get_thing`",
                    "#### Request `GetThingRequest`", "## Models", "### Thing", "## Enums", "### Kind"]
        self.assertEqual([line for line in lines if line.startswith("#")], headings)
        self.assertEqual(markdown_problems(page, headings), [])
        self.assertNotIn("\r", page)
        self.assertIn("| `Kind::a_b` | `a\\|b` |", page)
        self.assertIn("| `Kind::c` | `<c>` |", page)
        self.assertIn("| at most 10 characters; matches ``^[a-z\\|`]+$`` |", page)

    def test_page_lists_operations_members_and_enums(self) -> None:
        page = self.page(HOSTILE_DOC)
        self.assertIn("`DefaultApi::get_thing`", page)
        self.assertIn("- **Wire form:** `GET /things/{thing_id}`; path: `thing_id`; success: `200` `application/json` `Thing`", page)
        self.assertIn("| `thing_id` | `::arize::Required<std::string>` | yes | path `thing_id` | at most 10 characters; matches", page)
        self.assertIn("| `name` | `name` | `::arize::Required<std::string>` | yes | at least 1 character |", page)
        self.assertIn("| `tags` | `tags` | `std::optional<std::vector<std::string>>` | no | at most 3 items; each item: at most 5 characters |", page)
        self.assertIn("→ [Kind](#kind)", page)
        self.assertNotIn("Facade call", page)  # no --facade-calls: two layers

    def test_facade_calls_are_shown_and_every_operation_must_be_listed(self) -> None:
        calls = self.write(
            "client: arize::Client& client\nfacade: arize::ApiKeysClient\nraw: {DefaultApi: 'client.things_{revision}()'}\n"
            "operations:\n  get_thing:\n    calls:\n      - {returns: Thing, method: get, params: [std::string_view], example: 'client.get(\"x\")'}\n"
            "    note: 'one | call'\n",
            "calls.yaml",
        )
        facade = reference.load_facade(calls)
        page = self.page(HOSTILE_DOC, facade)
        self.assertIn("- **Facade call** (`arize::ApiKeysClient`): one \\| call", page)
        self.assertIn("  - `Thing get(std::string_view)`, e.g. `client.get(\"x\")`", page)
        self.assertIn("`client.things_shop().get_thing(GetThingRequest{...})`", page)
        facade.operations.clear()
        with self.assertRaisesRegex(ReferenceError, "get_thing not in the facade calls file"):
            self.page(HOSTILE_DOC, facade)

    def test_facade_calls_file_refusals(self) -> None:
        base = "client: arize::Client& client\nfacade: F\noperations:\n  op:\n    calls:\n      - {returns: R, method: %s, params: [], example: '%s'}\n"
        for method, example, message in [
            ("not an identifier", "x", "not a C\\+\\+ identifier"),
            ("m", "caf\u00e9()", "printable ASCII"),
            ("m", "a\\nb", None),
        ]:
            with self.subTest(method=method, example=example):
                path = self.write(base % (method, example), "calls.yaml")
                if message is None:
                    reference.load_facade(path)  # a backslash is C++ text like any other
                    continue
                with self.assertRaisesRegex(ReferenceError, message):
                    reference.load_facade(path)

    def test_cpp_check_names_every_signature_and_example(self) -> None:
        facade = reference.load_facade(REPO / "openapi" / "facade-calls.yaml")
        text = reference.cpp_check(facade, ["arize::v2026_06", "arize::v2026_07"])
        for entry in facade.operations.values():
            for c in entry.calls:
                self.assertIn(f"&arize::ApiKeysClient::{c.method}", text)
                self.assertIn(f"(void){c.example};", text)
        self.assertIn("decltype(client.api_keys.raw_v2026_07()), arize::v2026_07::ApiKeysApi<", text)


class RepositoryFacadeCallsTest(unittest.TestCase):
    def test_every_listed_operation_is_in_some_document(self) -> None:
        facade = reference.load_facade(REPO / "openapi" / "facade-calls.yaml")
        ids: set[str] = set()
        for line in (REPO / "openapi" / "revisions.txt").read_text(encoding="utf-8").splitlines():
            if line.split() and not line.startswith("#"):
                text = (REPO / line.split()[0]).read_text(encoding="utf-8")
                ids |= set(re.findall(r"^\s+operationId:\s*(\S+)\s*$", text, re.M))
        self.assertTrue(ids)
        self.assertEqual(sorted(set(facade.operations) - ids), [], "facade calls of no operation (stale entries)")


class GenerateDocsTest(SpecTestCase):
    def run_generate(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(GENERATE), *args], capture_output=True, text=True, check=False)

    def test_docs_written_and_checked(self) -> None:
        spec = self.write(HOSTILE_DOC)
        docs = self.dir / "docs" / "shop.md"
        common = [str(spec), "--out", str(self.dir / "out"), "--namespace", "shop", "--docs", str(docs)]
        proc = self.run_generate(*common)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("](<../spec.yaml>)", docs.read_text(encoding="utf-8"))
        self.assertEqual(self.run_generate(*common, "--check").returncode, 0)
        docs.write_text(docs.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
        proc = self.run_generate(*common, "--check")
        self.assertEqual(proc.returncode, 1)
        self.assertIn(f"{docs} (differs)", proc.stdout)

    def test_missing_operation_is_one_line_exit_2(self) -> None:
        spec = self.write(HOSTILE_DOC)
        calls = self.write("client: C& client\nfacade: F\noperations: {other: {calls: []}}\n", "calls.yaml")
        proc = self.run_generate(str(spec), "--out", str(self.dir / "out"), "--docs", str(self.dir / "d.md"), "--facade-calls", str(calls))
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
        self.assertIn("get_thing not in the facade calls file", proc.stderr)
        self.assertFalse((self.dir / "d.md").exists())


if __name__ == "__main__":
    unittest.main()
