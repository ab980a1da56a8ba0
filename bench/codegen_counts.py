#!/usr/bin/env python3
"""What the generator makes of each document: structs, enums, operations, warnings, refusal.

    bench/codegen_counts.py [DOCUMENT...] [--strict] [--json FILE] [--generator GENERATE_PY]

Without documents: every document of ../shared/specs (read where it is, never copied) and the
feature-matrix documents (tests/codegen/matrix/, generated into a temporary folder when the
matrix generator exists). Each document is run through codegen/generate.py with --manifest in a
temporary folder; a document the generator refuses is reported with its error line. Keycloak's
document gets --dangling-refs-as-json (its published defect, as in tests/codegen/corpus.py).
Prints a Markdown table; --json also writes the rows; --generator runs another checkout's
generate.py (the "before" figures: `git archive BASE codegen | tar -x -C /tmp/base`). Not a test: the figures feed
codegen/README.md and the closing note of issue 18 (before/after).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "codegen"))
from corpus import OPT_INS  # noqa: E402  (the generator options per document: one list, the test's)


def corpus_documents() -> list[Path]:
    """The documents of ../shared/specs (outside the project), by name."""
    specs = ROOT.parent / "shared" / "specs"
    return sorted(p for p in specs.glob("*") if p.suffix in (".yaml", ".yml", ".json")) if specs.is_dir() else []


def documents(tmp: Path) -> list[Path]:
    found = corpus_documents()
    matrix = ROOT / "tests" / "codegen" / "matrix" / "matrix.py"
    if matrix.exists():
        subprocess.run([sys.executable, str(matrix), "--out", str(tmp / "matrix")], check=True)
        found += sorted((tmp / "matrix").glob("*.yaml"))
    return found


def count(doc: Path, tmp: Path, strict: bool, generator: Path) -> dict:
    out = tmp / doc.stem
    manifest = tmp / f"{doc.stem}.manifest.json"
    cmd = [sys.executable, str(generator), str(doc), "--out", str(out),
           "--namespace", "counted", "--include-prefix", "gen", "--manifest", str(manifest)]
    cmd += OPT_INS.get(doc.name, []) + (["--strict"] if strict else [])
    run = subprocess.run(cmd, capture_output=True, text=True)
    row = {"document": doc.name, "structs": "", "enums": "", "operations": "", "warnings": "", "refusal": ""}
    if run.returncode != 0:
        row["refusal"] = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit {run.returncode}"
        return row
    m = json.loads(manifest.read_text(encoding="utf-8"))
    row.update(structs=m["structs"], enums=m["enums"], operations=m["operations"], warnings=len(m["warnings"]))
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", nargs="*", type=Path)
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--generator", type=Path, default=ROOT / "codegen" / "generate.py")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        rows = [count(d, tmp, args.strict, args.generator) for d in (args.documents or documents(tmp))]
    print("| document | structs | enums | operations | warnings | refusal |")
    print("|---|---:|---:|---:|---:|---|")
    for r in rows:
        print(f"| {r['document']} | {r['structs']} | {r['enums']} | {r['operations']} | {r['warnings']} | {r['refusal'][:160]} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
