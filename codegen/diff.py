#!/usr/bin/env python3
"""Reports what changed between two OpenAPI descriptions for a C++ caller of the generated code.

    python3 codegen/diff.py OLD NEW [--out FILE [--check]]

Both documents go through the generator's own stages (load.py, translate.py): the report compares
the C++ the generator would make of each, not the YAML. It lists, in Markdown: operations
removed, added and renamed (matched by method and path), their parameters, request bodies,
return types and declared status codes; types removed, added and renamed (a removed and an
added type of the same kind with the same members); fields added, removed, made required or
optional, or changed in type or constraints; enum values added, removed and renamed (a rename
keeps the value apart from case and `-`/`_`, i.e. it keeps its C++ enumerator).

Writes the report to stdout, or to FILE with --out. With --check nothing is written: exit 1 when
FILE differs from the report. A document the generator refuses: exit 2 and one line on stderr.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "codegen"  # noqa: A001 - lets `python3 codegen/diff.py` use relative imports

from codegen import cpp, load, translate  # noqa: E402
from codegen.generate import _fail, _Parser  # noqa: E402
from codegen.ir import Enum, Field, Struct, Operation, Parameter, Spec, Variant  # noqa: E402

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass
class Revision:
    """One document as the generator sees it, plus what the IR does not keep (error statuses)."""

    path: Path
    spec: Spec
    stage: str
    operations: dict[tuple[str, str], tuple[str, Operation]]  # (METHOD, path) -> (Api class, op)
    statuses: dict[tuple[str, str], list[str]]  # every declared response code, document order
    types: dict[str, Enum | Struct | Variant]


def read(path: Path) -> Revision:
    root = load.load(path)
    spec = translate.build(root, path.name)
    operations = {(op.http_method, op.path): (api.class_name, op) for api in spec.apis for op in api.operations}
    statuses: dict[tuple[str, str], list[str]] = {}
    for p, item in root.child("paths").items():
        item = item.resolve()
        for method in METHODS:
            responses = item.child(method).child("responses")
            if isinstance(responses.value, dict):
                statuses[(method.upper(), p)] = [str(code) for code in responses.value]
    info = root.child("info")
    stage = info.get("x-stability") or ""
    types = {d.name: d for d in [*spec.enums, *spec.declarations]}
    return Revision(path, spec, str(stage), operations, statuses, types)


def kind_of(d: Enum | Struct | Variant) -> str:
    return "enum" if isinstance(d, Enum) else "struct" if isinstance(d, Struct) else "variant"


def norm_value(wire: str) -> str:
    return wire.lower().replace("-", "_")


def members_of(d: Enum | Struct | Variant) -> tuple:
    """What identifies a type apart from its name (for rename detection)."""
    if isinstance(d, Enum):
        return tuple(sorted(norm_value(v.wire) for v in d.values))
    if isinstance(d, Struct):
        return tuple(sorted(f.wire_name for f in d.fields))
    return tuple(sorted(cpp.alternative_label(a) for a in d.alternatives))


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)

    def section(self, title: str, items: list[str]) -> None:
        if items:
            self.lines += ["", f"## {title}", ""] + [f"- {i}" for i in items]


def find_renames(old: Revision, new: Revision) -> dict[str, str]:
    """Removed -> added type names, where exactly one added type of the same kind has the same members."""
    removed = [n for n in old.types if n not in new.types]
    added = [n for n in new.types if n not in old.types]
    renames: dict[str, str] = {}
    for n in removed:
        d = old.types[n]
        if not members_of(d):
            continue
        same = [m for m in added if kind_of(new.types[m]) == kind_of(d) and members_of(new.types[m]) == members_of(d)]
        if len(same) == 1 and same[0] not in renames.values():
            renames[n] = same[0]
    return renames


def rename_types(cpp: str, renames: dict[str, str]) -> str:
    """A C++ type of the old document spelled with the new document's names."""
    if not renames:
        return cpp
    return re.sub(r"\b(" + "|".join(map(re.escape, renames)) + r")\b", lambda m: renames[m.group(1)], cpp)


def code(text: str) -> str:
    return f"`{text}`"


def requiredness(f: Field | Parameter) -> str:
    return "required" if f.required else "optional"


def field_changes(where: str, old: Field | Parameter, new: Field | Parameter, renames: dict[str, str]) -> list[str]:
    out = []
    if old.required != new.required:
        out.append(f"{where}: {requiredness(old)} -> **{requiredness(new)}** ({code(cpp.declared_type(new))})")
    old_type, new_type = rename_types(cpp.type_name(old.type), renames), cpp.type_name(new.type)
    if old_type != new_type:
        out.append(f"{where}: type {code(cpp.type_name(old.type))} -> **{code(new_type)}**")
    old_c, new_c = old.type.constraints.describe(), new.type.constraints.describe()
    if old_c != new_c:
        out.append(f"{where}: constraints {', '.join(old_c) or 'none'} -> {', '.join(new_c) or 'none'}")
    if isinstance(old, Field) and isinstance(new, Field) and old.read_only != new.read_only:
        out.append(f"{where}: {'read-only' if new.read_only else 'no longer read-only'}")
    return out


def member_changes(owner: str, old: list, new: list, renames: dict[str, str], noun: str) -> tuple[list[str], list[str], list[str]]:
    """(added, removed, changed) of fields or parameters, matched by wire name."""
    olds = {m.wire_name: m for m in old}
    news = {m.wire_name: m for m in new}
    added = [f"{owner}: + {noun} {code(m.wire_name)} ({requiredness(m)}, {code(cpp.type_name(m.type))})" for n, m in news.items() if n not in olds]
    removed = [f"{owner}: - {noun} {code(m.wire_name)}" for n, m in olds.items() if n not in news]
    changed = []
    for n, m in news.items():
        if n in olds:
            changed += field_changes(f"{owner}.{n}", olds[n], m, renames)
    return added, removed, changed


def diff(old: Revision, new: Revision) -> str:
    r = Report([f"# What changed for a C++ caller: {old.path.name} -> {new.path.name}", ""])
    r.lines.append(
        "Generated by `codegen/diff.py` from the generator's model of both documents; do not edit. "
        "Operations are matched by method and path, types by name (or as a rename: same kind, same members)."
    )
    if (old.spec.version, old.stage) != (new.spec.version, new.stage):
        r.lines += ["", f"Version {code(old.spec.version)} -> {code(new.spec.version)}; stage {old.stage or 'unmarked'} -> {new.stage or 'unmarked'}."]
    renames = find_renames(old, new)

    # ---- operations
    def op_text(key: tuple[str, str], rev: Revision) -> str:
        api, op = rev.operations[key]
        return f"{code(key[0] + ' ' + key[1])}: {code(api + '::' + op.method_name)} (operationId {code(op.operation_id)})"

    r.section("Operations removed", [op_text(k, old) for k in old.operations if k not in new.operations])
    r.section("Operations added", [op_text(k, new) for k in new.operations if k not in old.operations])
    renamed, changes = [], []
    for key, (new_api, nop) in new.operations.items():
        if key not in old.operations:
            continue
        old_api, oop = old.operations[key]
        label = f"{code(key[0] + ' ' + key[1])}"
        if (old_api, oop.method_name) != (new_api, nop.method_name):
            renamed.append(f"{label}: {code(old_api + '::' + oop.method_name)} -> {code(new_api + '::' + nop.method_name)}")
        added, removed, changed = member_changes(f"{label} {nop.request_name}", oop.parameters, nop.parameters, renames, "parameter")
        changes += added + removed + changed
        ob, nb = oop.body, nop.body
        if (ob is None) != (nb is None):
            changes.append(f"{label}: request body {'added: ' + code(cpp.declared_type(nb)) if nb else 'removed'}")
        elif ob and nb:
            if rename_types(cpp.type_name(ob.type), renames) != cpp.type_name(nb.type):
                changes.append(
                    f"{label}: request body {code(cpp.type_name(ob.type))} -> **{code(cpp.type_name(nb.type))}**{compare(old, cpp.type_name(ob.type), new, cpp.type_name(nb.type))}"
                )
            if ob.required != nb.required:
                changes.append(f"{label}: request body {'required' if nb.required else 'optional'} ({code(cpp.declared_type(nb))})")
        if rename_types(cpp.return_type(oop), renames) != cpp.return_type(nop):
            changes.append(
                f"{label}: returns {code(cpp.return_type(oop))} -> **{code(cpp.return_type(nop))}**"
                f"{compare(old, cpp.return_type(oop), new, cpp.return_type(nop))}"
            )
        os_, ns = old.statuses.get(key, []), new.statuses.get(key, [])
        gone, more = [s for s in os_ if s not in ns], [s for s in ns if s not in os_]
        if gone or more:
            parts = ([f"+ {', '.join(more)}"] if more else []) + ([f"- {', '.join(gone)}"] if gone else [])
            changes.append(f"{label}: status codes {'; '.join(parts)}")
    r.section("Operations renamed", renamed)
    r.section("Operations changed", changes)

    # ---- types
    r.section("Types renamed", [f"{kind_of(old.types[o])} {code(o)} -> {code(n)}" for o, n in renames.items()])
    r.section(
        "Types removed", [f"{kind_of(d)} {code(n)}" for n, d in sorted(old.types.items()) if n not in new.types and n not in renames]
    )
    r.section(
        "Types added",
        [f"{kind_of(d)} {code(n)}" for n, d in sorted(new.types.items()) if n not in old.types and n not in renames.values()],
    )
    kinds, fields, enums, variants = [], [], [], []
    pairs = [(n, n) for n in old.types if n in new.types] + list(renames.items())
    for on, nn in pairs:
        od, nd = old.types[on], new.types[nn]
        if kind_of(od) != kind_of(nd):
            kinds.append(f"{code(nn)}: {kind_of(od)} -> **{kind_of(nd)}**")
        elif isinstance(od, Struct):
            added, removed, changed = member_changes(code(nn), od.fields, nd.fields, renames, "field")
            fields += added + removed + changed
        elif isinstance(od, Enum):
            enums += enum_changes(nn, od, nd)
        else:
            variants += variant_changes(nn, od, nd, renames)
    r.section("Types changed kind", kinds)
    r.section("Fields", fields)
    r.section("Enum values", enums)
    r.section("Variants (oneOf/anyOf)", variants)
    if len(r.lines) == 3:
        r.lines += ["", "No change for a C++ caller."]
    return "\n".join(r.lines) + "\n"


def compare(old: Revision, old_cpp: str, new: Revision, new_cpp: str) -> str:
    """How the type behind a changed body or return type differs (when both are declared types)."""
    od, nd = old.types.get(old_cpp), new.types.get(new_cpp)
    if od is None or nd is None:
        return ""
    if kind_of(od) != kind_of(nd):
        shape = " | ".join(code(cpp.type_name(a.type)) for a in nd.alternatives) if isinstance(nd, Variant) else ""
        return f" ({kind_of(od)} -> {kind_of(nd)}{': ' + shape if shape else ''})"
    if isinstance(od, Struct):
        olds, news = {f.wire_name for f in od.fields}, {f.wire_name for f in nd.fields}
        parts = [f"+ {code(n)}" for n in sorted(news - olds)] + [f"- {code(n)}" for n in sorted(olds - news)]
        return f" (fields: {', '.join(parts)})" if parts else " (the same fields)"
    return ""


def enum_changes(name: str, old: Enum, new: Enum) -> list[str]:
    out = []
    olds = {norm_value(v.wire): v for v in old.values}
    news = {norm_value(v.wire): v for v in new.values}
    for k, v in news.items():
        if k not in olds:
            out.append(f"{code(name)}: + {code(v.wire)} ({code(name + '::' + v.name)})")
        elif olds[k].wire != v.wire:
            out.append(
                f"{code(name)}: {code(olds[k].wire)} renamed {code(v.wire)} on the wire (case/separator only; "
                f"{code(name + '::' + v.name)} {'unchanged' if olds[k].name == v.name else 'was ' + code(olds[k].name)})"
            )
    out += [f"{code(name)}: - {code(v.wire)} ({code(name + '::' + v.name)})" for k, v in olds.items() if k not in news]
    return out


def variant_changes(name: str, old: Variant, new: Variant, renames: dict[str, str]) -> list[str]:
    out = []
    olds = [rename_types(cpp.type_name(a.type), renames) for a in old.alternatives]
    news = [cpp.type_name(a.type) for a in new.alternatives]
    out += [f"{code(name)}: + alternative {code(a)}" for a in news if a not in olds]
    out += [f"{code(name)}: - alternative {code(a)}" for a in olds if a not in news]
    if (old.combinator, old.discriminator) != (new.combinator, new.discriminator):
        out.append(f"{code(name)}: {old.combinator} on {old.discriminator or 'no discriminator'} -> {new.combinator} on {new.discriminator or 'no discriminator'}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="diff.py", description="What changed between two OpenAPI descriptions, for a C++ caller.")
    parser.add_argument("old", help="the older description")
    parser.add_argument("new", help="the newer description")
    parser.add_argument("--out", help="write the Markdown report to this file (default: stdout)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if --out differs from the report")
    args = parser.parse_args(argv)
    if args.check and not args.out:
        return _fail("--check needs --out")
    try:
        text = diff(read(Path(args.old)), read(Path(args.new)))
    except load.SpecError as e:
        return _fail(f"{e.where}: {e.message}")
    except RecursionError:
        return _fail("a description nests too deeply")
    if not args.out:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if args.check:
        current = out.read_text(encoding="utf-8") if out.is_file() else None
        if current != text:
            print(f"{out} is out of date (run codegen/diff.py {args.old} {args.new} --out {args.out})")
            return 1
        return 0
    out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
