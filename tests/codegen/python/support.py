"""Helpers for the generator's unit tests: write a small spec, run a stage or the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from codegen import load, render, translate  # noqa: E402
from codegen.diagnostics import Diagnostics  # noqa: E402

GENERATE = REPO / "codegen" / "generate.py"

HEADER = """\
openapi: {version}
info: {{title: Fixture, version: "1"}}
"""


def spec_text(body: str, version: str = "3.0.3") -> str:
    """A spec: the openapi/info header plus `body` (YAML, dedented)."""
    return HEADER.format(version=version) + textwrap.dedent(body)


def schemas(text: str, version: str = "3.0.3") -> str:
    """A spec whose components/schemas are `text` (YAML at the level of schema names)."""
    return spec_text("components:\n  schemas:\n" + textwrap.indent(textwrap.dedent(text), "    "), version)


def models_text(files: dict[str, str]) -> str:
    """The model headers (models/*.hpp) of generated files, one after the other."""
    return "".join(text for name, text in sorted(files.items()) if name.startswith("models/"))


def output_files(out: Path) -> list[str]:
    """The files under an output folder, as paths relative to it."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())


def flat(text: str) -> str:
    """Code with clang-format's line breaks undone, for comparing snippets."""
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\( ", "(", text)


class SpecTestCase(unittest.TestCase):
    """Each test gets a temporary folder; specs are written there as spec.yaml."""

    maxDiff = None

    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="codegen-test-")
        self.dir = Path(self._tmp.name)

    def tearDown(self) -> None:
        self._tmp.cleanup()

    def write(self, text: str, name: str = "spec.yaml") -> Path:
        path = self.dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def build(self, text: str, namespace: str = "arize", strict: bool = False) -> translate.Spec:
        path = self.write(text)
        self.diagnostics = Diagnostics(strict=strict)
        return translate.build(load.load(path), path.name, namespace, diagnostics=self.diagnostics)

    def warnings(self, text: str) -> list[str]:
        """The warnings of building `text` (not strict)."""
        self.build(text)
        return self.diagnostics.warnings

    def generate(self, text: str, namespace: str = "arize") -> dict[str, str]:
        return render.generate(self.build(text, namespace))

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, LC_ALL="C")
        return subprocess.run(
            [sys.executable, str(GENERATE), *args], capture_output=True, text=True, env=env, cwd=self.dir, check=False
        )

    def assert_refused(self, text: str, pointer: str, message: str, *options: str) -> None:
        """The CLI exits 2, prints ONE line naming `pointer`, and writes nothing. Without
        `options`, with --strict (what the generator otherwise loosens with a warning)."""
        self.write(text)
        out = self.dir / "out"
        proc = self.cli("spec.yaml", "--out", str(out), *(options or ("--strict",)))
        self.assertEqual(proc.returncode, 2, proc.stderr + proc.stdout)
        self.assertEqual(proc.stdout, "")
        lines = proc.stderr.splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        prefix = f"error: {pointer}: "
        self.assertTrue(lines[0].startswith(prefix), f"{lines[0]!r} does not start with {prefix!r}")
        self.assertIn(message, lines[0])
        self.assertFalse(out.exists(), "something was written")

    def assertIn(self, member, container, msg=None):  # noqa: N802 - unittest's name
        """For strings: ignores how clang-format broke the lines."""
        if isinstance(member, str) and isinstance(container, str) and member not in container:
            if flat(member) in flat(container):
                return
        super().assertIn(member, container, msg)

    def field(self, spec: translate.Spec, type_name: str, member: str) -> translate.Field:
        decl = spec.find(type_name)
        self.assertIsInstance(decl, translate.Struct, type_name)
        for f in decl.fields:
            if f.name == member:
                return f
        self.fail(f"{type_name} has no member {member}: {[f.name for f in decl.fields]}")

    def operation(self, spec: translate.Spec, operation_id: str) -> translate.Operation:
        for api in spec.apis:
            for op in api.operations:
                if op.operation_id == operation_id:
                    return op
        self.fail(f"no operation {operation_id}")
