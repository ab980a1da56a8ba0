"""Stage 2: turn the loaded description into the typed intermediate representation (ir.py).

Every naming and type decision is made in this stage, once; the templates (stage 3) only
print. The work is split by job:

    ir.py           the IR dataclasses
    schemas.py      schemas -> types, declarations and validation steps
    operations.py   paths and operations -> request structs, bodies, responses, one Api per tag
    typenames.py    which C++ type name each declaration gets
    names.py, cpp.py  C++ naming rules and spellings
    diagnostics.py  warnings for loosened constructs; --strict turns them into refusals

What cannot be modelled correctly is refused with a SpecError naming its place.
"""

from __future__ import annotations

import heapq
import re

from . import names
from .diagnostics import Diagnostics
from .ir import *  # noqa: F401,F403 - the IR is this stage's interface
from .ir import Kind, Struct, Spec, TypeRef, Variant
from .load import Node, SpecError
from .operations import OperationBuilder
from .schemas import SchemaBuilder, value_dependencies
from .typenames import TypeNames


def build(
    root: Node,
    spec_file: str,
    namespace: str = "arize",
    include_prefix: str = "arize/generated",
    diagnostics: Diagnostics | None = None,
) -> Spec:
    diagnostics = diagnostics or Diagnostics()
    version = root.get("openapi")
    if not isinstance(version, str) or not re.match(r"3\.[01]\.", version):
        raise root.child("openapi").error("only OpenAPI 3.0 and 3.1 descriptions are supported")
    check_refs(root, diagnostics)
    type_names = TypeNames(namespace, diagnostics)
    schemas = SchemaBuilder(type_names, diagnostics, openapi_31=version.startswith("3.1."))
    components = root.child("components").child("schemas")
    if components.value is not None:
        if not isinstance(components.value, dict):
            raise components.error("components/schemas must be an object")
        for sname, snode in components.items():
            type_names.reserve(names.type_name(sname), snode.where)
        for sname, snode in components.items():
            schemas.type_of(snode, sname)
    apis = OperationBuilder(root, spec_file, schemas, type_names, diagnostics).apis()
    info = root.child("info")
    return Spec(
        spec_file=spec_file,
        namespace=namespace,
        include_prefix=include_prefix,
        title=str(info.get("title") or ""),
        version=str(info.get("version") or ""),
        enums=sorted(schemas.enums, key=lambda e: e.name),
        declarations=order_declarations(schemas.structs),
        apis=apis,
        examples=schemas.examples,
    )


def check_refs(root: Node, diagnostics: Diagnostics) -> None:
    """Refuses a document with a $ref that points nowhere (anywhere in it, used or not).

    With `diagnostics.dangling_refs_as_json` (opt-in) such a schema is nlohmann::json instead."""
    stack = [root]
    seen: set[tuple] = set()
    while stack:
        node = stack.pop()
        if node.key in seen:
            continue
        seen.add(node.key)
        if node.is_ref:
            try:
                target = node.resolve()
            except SpecError as e:
                if "does not exist" not in e.message or not diagnostics.dangling_refs_as_json:
                    raise
                diagnostics.dangling.add(node.key)
                diagnostics.warnings.append(f"{e.where}: {e.message}; generated as nlohmann::json (--dangling-refs-as-json)")
                continue
            if target.doc is not node.doc:
                stack.append(target)
        if isinstance(node.value, dict):
            stack.extend(node.child(k) for k in reversed(list(node.value)))
        elif isinstance(node.value, list):
            stack.extend(reversed(list(node.elements())))


def order_declarations(structs: list[Struct | Variant]) -> list[Struct | Variant]:
    """Dependencies first; ties by name. A cycle through values (not arrays, not Box) is refused."""
    by_name = {d.name: d for d in structs}
    deps: dict[str, set[str]] = {}
    where: dict[tuple[str, str], str] = {}
    for d in structs:
        ds: set[str] = set()
        if isinstance(d, Struct):
            for f in d.fields:
                for dep in value_dependencies(f.type):
                    ds.add(dep)
                    where.setdefault((d.name, dep), f.where)
        else:
            for a in d.alternatives:
                for dep in value_dependencies(a.type):
                    ds.add(dep)
                    where.setdefault((d.name, dep), d.where)
        deps[d.name] = ds
    remaining = {n: set(ds) for n, ds in deps.items()}
    ready = [n for n, ds in remaining.items() if not ds]
    heapq.heapify(ready)
    out: list[Struct | Variant] = []
    dependents: dict[str, list[str]] = {}
    for n, ds in deps.items():
        for dep in ds:
            dependents.setdefault(dep, []).append(n)
    while ready:
        n = heapq.heappop(ready)
        out.append(by_name[n])
        for m in dependents.get(n, []):
            remaining[m].discard(n)
            if not remaining[m]:
                heapq.heappush(ready, m)
    if len(out) != len(structs):
        # find one cycle to report
        stuck = sorted(n for n in remaining if remaining[n] and by_name[n] not in out)
        start = stuck[0]
        path = [start]
        seen = {start}
        cur = start
        while True:
            nxt = sorted(d for d in remaining[cur] if d in remaining and remaining[d])[0]
            if nxt in seen:
                cycle = path[path.index(nxt):] + [nxt]
                break
            path.append(nxt)
            seen.add(nxt)
            cur = nxt
        raise SpecError(
            where[(cycle[0], cycle[1])],
            # members are boxed where recursion passes, so the cycle runs through oneOf/anyOf
            # alternatives only: a schema that nests itself without a property or item between
            "recursive schema needs an infinite type: "
            + " -> ".join(cycle)
            + " (a oneOf/anyOf that is its own alternative: infinite recursive nesting, JSON Schema Core §9.4.1)",
        )
    return out
