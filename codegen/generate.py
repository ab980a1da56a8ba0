#!/usr/bin/env python3
"""Generates the C++ client headers from an OpenAPI 3.0/3.1 description.

    python3 codegen/generate.py SPEC --out DIR [--check] [--namespace NS] [--include-prefix P]
                                [--allow-ref-root DIR]... [--max-file-size BYTES]

Writes DIR/models.hpp, DIR/<tag>_api.hpp (one per tag) and DIR/all.hpp. With --check nothing
is written: exit 1 (naming the files) when DIR differs from what would be generated, 0 when it
is identical. Any problem in the description: exit 2 and one line on stderr,
`error: <file>#<json pointer>: <message>`; nothing is written. With --docs FILE it also writes
(or, with --check, compares) the reference page of the document (codegen/reference.py), with
--facade-calls the hand-written call of each operation in it.

Stages (one module each): load.py (read, $ref, JSON pointers) -> translate.py (typed IR: every
name and type decided) -> render.py (Jinja2 templates, clang-format, atomic writes).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "codegen"  # noqa: A001 - lets `python3 codegen/generate.py` use relative imports

from codegen import cpp, load, names, reference, render, translate  # noqa: E402
from codegen.diagnostics import Diagnostics  # noqa: E402


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        sys.stderr.write(f"error: {message}\n")
        sys.exit(2)


MAX_MESSAGE = 400  # characters of an error line: values quoted from a spec may be huge


def _line(kind: str, message: str) -> None:
    """One line on stderr: control characters of the spec shown as escapes (they would move the
    cursor or forge lines on a terminal), long values cut."""
    message = " ".join(names.UNSAFE_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", message).split())
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 20] + f"... ({len(message)} characters)"
    sys.stderr.write(f"{kind}: {message}\n")


def _fail(message: str) -> int:
    _line("error", message)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="generate.py", description="Generate C++ client headers from an OpenAPI description.")
    parser.add_argument("spec", help="the OpenAPI description (YAML or JSON)")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the output folder differs")
    parser.add_argument("--namespace", default="arize", help="C++ namespace of the generated code (default: arize)")
    parser.add_argument(
        "--include-prefix", default="arize/generated", help="how generated headers include each other (default: arize/generated)"
    )
    parser.add_argument(
        "--strict", action="store_true", help="refuse (exit 2) what would otherwise be loosened with a warning"
    )
    parser.add_argument(
        "--dangling-refs-as-json",
        action="store_true",
        help="a $ref that points nowhere is nlohmann::json (with a warning) instead of refusing the document",
    )
    parser.add_argument(
        "--manifest",
        help="also write this JSON file: counts of what was generated, the warnings, and every example with its C++ type",
    )
    parser.add_argument(
        "--allow-ref-root",
        action="append",
        default=[],
        metavar="DIR",
        help="$refs may also read files under DIR (default: only under the description's folder); repeatable",
    )
    parser.add_argument(
        "--max-file-size",
        type=int,
        default=load.MAX_FILE_BYTES,
        metavar="BYTES",
        help=f"refuse a description or $ref'd file larger than this (default: {load.MAX_FILE_BYTES})",
    )
    parser.add_argument(
        "--docs",
        metavar="FILE",
        help="also write the reference of the document (Markdown: operations, request and model types, enums) to FILE",
    )
    parser.add_argument(
        "--facade-calls",
        metavar="FILE",
        help="with --docs: the hand-written calls serving each operationId (YAML; see codegen/reference.py)",
    )
    args = parser.parse_args(argv)
    if args.facade_calls and not args.docs:
        return _fail("--facade-calls needs --docs")

    namespace = args.namespace
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*", namespace) or any(
        part in names.CPP_KEYWORDS or names.is_reserved(part) for part in namespace.split("::")
    ):
        return _fail(f"--namespace '{namespace}' is not a C++ namespace name")
    prefix = args.include_prefix.rstrip("/")
    if not prefix or not re.fullmatch(r"[A-Za-z0-9_./+-]+", prefix):
        return _fail(f"--include-prefix '{args.include_prefix}' is not an include path")

    spec_path = Path(args.spec)
    try:
        root = load.load(spec_path, args.allow_ref_root, args.max_file_size)
        diagnostics = Diagnostics(strict=args.strict, dangling_refs_as_json=args.dangling_refs_as_json)
        spec = translate.build(root, spec_path.name, namespace, prefix, diagnostics)
        files = render.generate(spec)
        if args.docs:
            facade = reference.load_facade(Path(args.facade_calls)) if args.facade_calls else None
            link = os.path.relpath(Path(args.spec).resolve(), Path(args.docs).resolve().parent)
            docs_text = reference.markdown(spec, Path(link).as_posix(), facade)
    except reference.ReferenceError as e:
        return _fail(str(e))
    except load.SpecError as e:
        return _fail(f"{e.where}: {e.message}")
    except render.RenderError as e:
        return _fail(str(e))
    except RecursionError:
        return _fail(f"{spec_path.name}#: the description nests too deeply")
    except Exception as e:  # noqa: BLE001 - a bug of the generator: still one line, exit 2
        return _fail(f"{spec_path.name}#: internal error of the generator: {type(e).__name__}: {e}")

    for warning in diagnostics.warnings:
        _line("warning", warning)
    if args.manifest:
        manifest = {
            "structs": len(spec.declarations),
            "enums": len(spec.enums),
            "operations": sum(len(api.operations) for api in spec.apis),
            "warnings": diagnostics.warnings,
            "examples": [
                {"where": e.where, "schema_where": e.schema_where, "cpp": cpp.type_name(e.type), "value": e.value}
                for e in spec.examples
            ],
        }
        Path(args.manifest).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    out_dir = Path(args.out)
    docs = Path(args.docs) if args.docs else None
    if args.check:
        diffs = render.differences(out_dir, files)
        if docs is not None:
            diffs += [f"{docs} ({d.split(' (', 1)[1]}" for d in render.differences(docs.parent, {docs.name: docs_text})]
        if diffs:
            print(f"{out_dir} is out of date with {spec_path} (run codegen/generate.py without --check):")
            for d in diffs:
                print(f"  {d}")
            return 1
        return 0
    try:
        render.write(out_dir, files)
        if docs is not None:
            render.write(docs.parent, {docs.name: docs_text})
    except render.RenderError as e:
        return _fail(str(e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
