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
from .diagnostics import Diagnostics
from .load import Node, SpecError, split_pointer

_COMPONENT_USE = re.compile(
    r"/components/(?:parameters/([^/]+)/schema|(requestBodies|responses)/([^/]+)/content/[^/]+/schema)"
)


def hint_for(node: Node, fallback: str | None) -> str | None:
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
    """The C++ type names of one namespace, each handed out once, by this rule:

    - declared names win: the names of `components/schemas` are reserved for them before
      anything else is named;
    - a derived name (an inline schema's `Parent`+`Property`, `<OperationId>Request`,
      `<Tag>Api`, ...) gives way: when it is taken it becomes `Name2`, `Name3`, ... (the first
      free one, in document order: components, then paths);
    - two declared names that become the same C++ name: the first in document order keeps it,
      the later one is numbered (with a warning).

    `T` counts as taken. The runtime (namespace `arize`) is outside the generated namespace
    (`arize::v2026_06`), so its names need not be avoided.
    """

    def __init__(self, namespace: str, diagnostics: Diagnostics):
        self.namespace = namespace
        self.diagnostics = diagnostics
        self.taken: dict[str, str] = {}  # C++ type name -> where it comes from
        self.reserved: dict[str, str] = {}  # declared name -> where it is declared

    def check(self, name: str | None, where: str, what: str) -> str:
        if name and names.is_identifier(name):
            return name
        # A component may be named `_-` (OAS §4.8.7.1: keys match ^[a-zA-Z0-9\.\-_]+$): a name
        # with no letter or digit gets a placeholder, the first free of Unnamed, Unnamed2, ...
        placeholder = "Unnamed"
        if self.unavailable(placeholder) or placeholder in self.reserved:
            placeholder = self.numbered(placeholder)
        self.diagnostics.loosen(where, f"cannot derive a C++ type name for {what}", f"the type is named '{placeholder}'")
        return placeholder

    def unavailable(self, name: str) -> str | None:
        """Why `name` cannot be given out, or None."""
        if name in names.GENERATED_CODE_NAMES:
            return f"type name '{name}' is reserved by the generated code"
        if name in self.taken:
            return f"type name '{name}' is already used by {self.taken[name]}"
        return None

    def reserve(self, name: str | None, where: str) -> None:
        """Keeps a declared name for its declaration (the first declaration of a name)."""
        if name and names.is_identifier(name):
            self.reserved.setdefault(name, where)

    def numbered(self, name: str) -> str:
        n = 2
        while self.unavailable(f"{name}{n}") or f"{name}{n}" in self.reserved:
            n += 1
        return f"{name}{n}"

    def declare(self, name: str | None, where: str, what: str) -> str:
        """The name of a declaration named by the description (a component schema)."""
        name = self.check(name, where, what)
        problem = self.unavailable(name)
        if problem is None and self.reserved.get(name, where) != where:
            problem = f"type name '{name}' is already used by {self.reserved[name]}"
        if problem is not None:
            numbered = self.numbered(name)
            self.diagnostics.loosen(where, problem, f"this one is {numbered}")
            name = numbered
        self.taken[name] = where
        return name

    def derive(self, name: str | None, where: str, what: str) -> str:
        """The name of a declaration named after where it is used: gives way to any other."""
        name = self.check(name, where, what)
        if self.unavailable(name) or name in self.reserved:
            problem = self.unavailable(name) or f"type name '{name}' is already used by {self.reserved[name]}"
            if self.diagnostics.strict:
                raise SpecError(where, problem)
            name = self.numbered(name)
        self.taken[name] = where
        return name

    def name_at(self, node: Node, hint: str, what: str) -> str:
        """The name of the declaration at `node`, `hint` being its declared or derived name."""
        name = names.type_name(hint)
        if hint_for(node, None) is not None:
            return self.declare(name, node.where, what)
        return self.derive(name, node.where, what)
