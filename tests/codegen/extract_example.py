#!/usr/bin/env python3
"""Writes one example of an OpenAPI description as a JSON file (for C++ tests).

    extract_example.py SPEC JSON_POINTER OUT.json

The description is read with the generator's own loader, so the example is exactly what the
generator sees (YAML 1.2 scalars: date-times stay strings).
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from codegen import load  # noqa: E402


def main() -> int:
    spec, pointer, out = sys.argv[1:4]
    root = load.load(spec)
    node = root.loader.node_at(root.doc, pointer, f"{spec}#{pointer}")
    text = json.dumps(node.value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path = Path(out)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
