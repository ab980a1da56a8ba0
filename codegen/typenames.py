"""Which C++ type name each declaration gets.

A schema is named after its place: components keep their own names (`#/components/schemas/Pet`
is `Pet`), other components after their key, schemas of another file after their key or the
file's stem; everything else gets a name derived from where it is used (`PetOwner` for the
inline schema of `Pet.owner`, `<OperationId>Request` for the parameters of an operation).
The registry hands out each name once.
"""

from __future__ import annotations

import re

from . import names
from .load import Node, SpecError, split_pointer

_COMPONENT_USE = re.compile(
    r"/components/(?:parameters/([^/]+)/schema|(requestBodies|responses)/([^/]+)/content/[^/]+/schema)"
)


def hint_for(node: Node, fallback: str) -> str:
    """Type name for the schema at `node`: components keep their own names."""
    tokens = split_pointer(node.pointer)
    if len(tokens) == 3 and tokens[:2] == ["components", "schemas"]:
        return tokens[2]
    if node.pointer == "":
        return node.doc.display.rsplit("/", 1)[-1].split(".", 1)[0]
    m = _COMPONENT_USE.fullmatch(node.pointer)
    if m:
        if m.group(1):
            return split_pointer("/" + m.group(1))[0]
        return split_pointer("/" + m.group(3))[0] + ("Body" if m.group(2) == "requestBodies" else "")
    return fallback


def ref_hint(target: Node, hint: str) -> str:
    """The name of a $ref target outside components/schemas: its key (or its file's stem)."""
    tokens = split_pointer(target.pointer)
    if len(tokens) == 1 and not tokens[0].isdigit():  # a top-level definition of another file
        return tokens[0]
    return hint


def component_schema_name(node: Node) -> str | None:
    """`X` for `#/components/schemas/X` of any document, else None."""
    tokens = split_pointer(node.pointer)
    if len(tokens) == 3 and tokens[:2] == ["components", "schemas"]:
        return tokens[2]
    return None


class TypeNames:
    """The C++ type names of one namespace, each handed out once."""

    def __init__(self, namespace: str):
        self.namespace = namespace
        self.taken: dict[str, str] = {}  # C++ type name -> where it comes from

    def check(self, name: str | None, where: str, what: str) -> str:
        if not name or not names.is_identifier(name):
            raise SpecError(where, f"cannot derive a C++ type name for {what}")
        if name in names.GENERATED_CODE_NAMES:
            raise SpecError(where, f"type name '{name}' is reserved by the generated code")
        if self.namespace == "arize" and name in names.ARIZE_CORE_NAMES:
            raise SpecError(where, f"type name '{name}' collides with arize::{name} of the runtime")
        return name

    def claim(self, name: str | None, where: str, what: str) -> str:
        name = self.check(name, where, what)
        previous = self.taken.get(name)
        if previous is not None:
            raise SpecError(where, f"type name '{name}' is already used by {previous}")
        self.taken[name] = where
        return name
