#!/usr/bin/env python3
"""Compile cost per document: a unit that uses one operation, and one that uses every operation.

    bench/codegen_compile.py [DOCUMENT...] [--cxx g++] [--json FILE] [--synthetic N]

Without documents: every document of ../shared/specs (read where it is, never copied). Each is
generated into a temporary folder (namespace `bench`); then two units are compiled with
`CXX -std=c++20 -O0 -c` over this repository's include/ (as a user's debug build would):

- one.cpp includes the header of the first API class only and takes the address of its first
  operation's method over a recording transport (which instantiates that method alone);
- all.cpp includes all.hpp and instantiates every API class (every operation).

--synthetic N measures (besides the DOCUMENTs given, instead of the corpus) a generated document of N object schemas (each with a string, an integer,
an array and, in chains of ten, a reference to the next) and N/5 operations over 20 tags, each
returning one schema: the shape of a large API, for the goal "one operation of a 1,000-schema
API compiles in under 10 s".

The figure is the compiler's CPU time (user + system, from getrusage), not wall time: the
machine is shared. Prints a Markdown table (schemas, structs, operations, seconds); not a test.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from codegen import load, render, translate  # noqa: E402
from codegen.diagnostics import Diagnostics  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from codegen_counts import OPT_INS, corpus_documents  # noqa: E402

RECORDER = """namespace bench_test {
struct Recorder {
  ::arize::HttpResponse send(const ::arize::HttpRequest&) { return {}; }
};
}  // namespace bench_test
"""


def cpu_seconds(cmd: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(doc: Path, tmp: Path, cxx: str) -> dict:
    root = load.load(doc)
    schemas = root.child("components").child("schemas").value
    spec = translate.build(root, doc.name, "bench", "gen", Diagnostics(**{flag.removeprefix("--").replace("-", "_"): True for flag in OPT_INS.get(doc.name, [])}))
    out = tmp / doc.stem
    render.write(out / "gen", render.generate(spec))
    row = {"document": doc.name, "schemas": len(schemas) if isinstance(schemas, dict) else 0, "structs": len(spec.declarations),
           "operations": sum(len(a.operations) for a in spec.apis), "one": None, "all": None}
    flags = [cxx, "-std=c++20", "-O0", f"-I{ROOT / 'include'}", f"-I{out}", "-c", "-o", "/dev/null"]
    apis = [a for a in spec.apis if a.operations]
    if apis:
        api, op = apis[0], apis[0].operations[0]
        (out / "one.cpp").write_text(
            f'#include "gen/{api.file_name}"\n{RECORDER}void use() {{\n'
            f"  [[maybe_unused]] auto m = &bench::{api.class_name}<bench_test::Recorder>::{op.method_name};\n}}\n",
            encoding="utf-8")
        row["one"] = cpu_seconds(flags + [str(out / "one.cpp")])
    (out / "all.cpp").write_text(
        '#include "gen/all.hpp"\n' + RECORDER
        + "".join(f"template class bench::{a.class_name}<bench_test::Recorder>;\n" for a in spec.apis), encoding="utf-8")
    row["all"] = cpu_seconds(flags + [str(out / "all.cpp")])
    return row


def synthetic(n: int, folder: Path) -> Path:
    schemas = {}
    for i in range(n):
        props = {"id": {"type": "string"}, "count": {"type": "integer", "minimum": 0}, "labels": {"type": "array", "items": {"type": "string"}}}
        if i % 10 != 9 and i + 1 < n:
            props["next"] = {"$ref": f"#/components/schemas/S{i + 1}"}
        schemas[f"S{i}"] = {"type": "object", "required": ["id"], "properties": props}
    paths = {}
    for i in range(max(1, n // 5)):
        paths[f"/s{i}/{{id}}"] = {"get": {
            "operationId": f"get_s{i}", "tags": [f"t{i % 20}"],
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/S{(i * 5) % n}"}}}}}}}
    doc = {"openapi": "3.0.3", "info": {"title": f"synthetic {n}", "version": "1"}, "paths": paths, "components": {"schemas": schemas}}
    path = folder / f"synthetic-{n}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("documents", nargs="*", type=Path)
    ap.add_argument("--cxx", default="g++")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--synthetic", type=int, metavar="N")
    args = ap.parse_args()
    docs = args.documents or ([] if args.synthetic else corpus_documents())
    rows = []
    with tempfile.TemporaryDirectory() as t:
        if args.synthetic:
            docs = [*docs, synthetic(args.synthetic, Path(t))]
        for doc in docs:
            rows.append(measure(doc, Path(t), args.cxx))
            r = rows[-1]
            print(f"{r['document']}: one {r['one']} s, all {r['all']} s", file=sys.stderr, flush=True)
    print(f"| document | schemas | structs | operations | one operation, {args.cxx} -O0 CPU s | every operation, CPU s |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        one = f"{r['one']:.1f}" if r["one"] is not None else "n/a"
        print(f"| {r['document']} | {r['schemas']} | {r['structs']} | {r['operations']} | {one} | {r['all']:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
