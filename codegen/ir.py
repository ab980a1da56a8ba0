"""The typed intermediate representation: what the translate stage decides and the templates print.

Plain dataclasses. Kinds are enums (`Kind`, `CheckKind`, `DeclKind`), compared as enums in the
code and in the templates (render.py hands the enums to them as globals). Nothing here reads the
description or decides a name, and nothing here is C++ text: types are kinds and references to
declarations, wire names and media types are the document's text; codegen/cpp.py spells them in
C++ when rendering. (Names are C++ identifiers already: names.py escapes keywords.)
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar, Union


class Kind(enum.StrEnum):
    """What a TypeRef is."""

    STRING = "string"
    BOOL = "bool"
    INT32 = "int32"
    INT64 = "int64"
    FLOAT = "float"
    DOUBLE = "double"
    DATETIME = "datetime"
    SECRET = "secret"
    JSON = "json"
    ENUM = "enum"
    MODEL = "model"
    ARRAY = "array"
    MAP = "map"
    NULLABLE = "nullable"
    FILE = "file"  # bytes + filename + content type (format: binary; multipart parts)
    BOX = "box"  # value-semantic indirection (recursion through an optional member or a map)


SCALAR_KINDS = frozenset({Kind.STRING, Kind.BOOL, Kind.INT32, Kind.INT64, Kind.FLOAT, Kind.DOUBLE, Kind.DATETIME, Kind.ENUM, Kind.SECRET})
NUMBER_KINDS = frozenset({Kind.INT32, Kind.INT64, Kind.FLOAT, Kind.DOUBLE})


class CheckKind(enum.StrEnum):
    """One validation step (see Check)."""

    LENGTH = "length"
    PATTERN = "pattern"
    RANGE = "range"
    ITEMS = "items"
    EACH = "each"
    VALUES = "values"
    NULLABLE = "nullable"
    NESTED = "nested"


class DeclKind(enum.StrEnum):
    """What a declaration of a model header is; the templates dispatch on it."""

    STRUCT = "struct"  # Struct: an object's members
    UNION = "union"  # Variant: oneOf / anyOf alternatives


@dataclass(frozen=True)
class Constraints:
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    min_items: int | None = None
    max_items: int | None = None

    @property
    def has_length(self) -> bool:
        return self.min_length is not None or self.max_length is not None

    @property
    def has_range(self) -> bool:
        return self.minimum is not None or self.maximum is not None

    @property
    def has_items(self) -> bool:
        return self.min_items is not None or self.max_items is not None

    def describe(self) -> list[str]:
        out = []
        if self.has_length:
            out.append(_count_text(self.min_length, self.max_length, "character"))
        if self.pattern is not None:
            out.append(f"matches `{self.pattern}`")
        if self.has_range:
            parts = []
            if self.minimum is not None:
                parts.append(f"{_number_text(self.minimum)} {'<' if self.exclusive_minimum else '<='} ")
            parts.append("value")
            if self.maximum is not None:
                parts.append(f" {'<' if self.exclusive_maximum else '<='} {_number_text(self.maximum)}")
            out.append("".join(parts))
        if self.has_items:
            out.append(_count_text(self.min_items, self.max_items, "item"))
        return out


def _count_text(lo: int | None, hi: int | None, unit: str) -> str:
    if lo is not None and hi is not None:
        return f"{lo} to {hi} {unit}s" if lo != hi else f"exactly {lo} {unit}{'s' if lo != 1 else ''}"
    if lo is not None:
        return f"at least {lo} {unit}{'s' if lo != 1 else ''}"
    return f"at most {hi} {unit}{'s' if hi != 1 else ''}"


def _number_text(v: int | float) -> str:
    return json.dumps(v)


@dataclass(eq=False)
class TypeRef:
    """The type of a value: its kind, the declaration it names (enums, structs, unions) and its
    element (arrays, maps, nullables, boxes). How a language spells it is the mapping layer's
    business (codegen/cpp.py: `cpp.type_name`)."""

    kind: Kind
    decl: Union["Enum", "Struct", "Variant", None] = None
    inner: "TypeRef | None" = None
    constraints: Constraints = Constraints()


def scalar_type(kind: Kind, constraints: Constraints = Constraints()) -> TypeRef:
    return TypeRef(kind, constraints=constraints)


def json_type() -> TypeRef:
    return scalar_type(Kind.JSON)


def nullable_type(t: TypeRef) -> TypeRef:
    if t.kind == Kind.NULLABLE:
        return t
    return TypeRef(Kind.NULLABLE, inner=t)


def array_type(inner: TypeRef, constraints: Constraints = Constraints()) -> TypeRef:
    return TypeRef(Kind.ARRAY, inner=inner, constraints=constraints)


def map_type(inner: TypeRef) -> TypeRef:
    return TypeRef(Kind.MAP, inner=inner)


def box_type(t: TypeRef) -> TypeRef:
    """Value-semantic indirection for recursion through an optional member or a map."""
    return TypeRef(Kind.BOX, inner=t, decl=t.decl)


def enum_type(decl: "Enum") -> TypeRef:
    return TypeRef(Kind.ENUM, decl=decl)


def model_type(decl: "Struct | Variant") -> TypeRef:
    return TypeRef(Kind.MODEL, decl=decl)


@dataclass(eq=False)
class Check:
    """One validation step, printed by the templates' `checks` macro.

    kind: length | pattern | range | items | each (array elements) | values (map values)
          | nullable (the value unless null) | nested (arize::validate: models)
    """

    kind: CheckKind
    constraints: Constraints | None = None
    inner: list["Check"] = field(default_factory=list)
    pattern_index: int = 0  # pattern: its number in the translation (one compiled pattern each)
    integral: bool = False  # range: the bounds compare as 64-bit integers (else as doubles)


@dataclass(eq=False)
class Field:
    wire_name: str
    name: str
    type: TypeRef
    required: bool  # present in every valid JSON value
    read_only: bool
    is_optional_member: bool  # may be absent in a value of the struct (read-only or not required)
    doc: list[str]
    checks: list[Check]
    where: str


@dataclass(eq=False)
class Enumerator:
    name: str
    wire: str


@dataclass(eq=False)
class Enum:
    name: str
    schema_name: str
    doc: list[str]
    values: list[Enumerator]
    where: str


@dataclass(eq=False)
class Struct:
    name: str
    schema_name: str
    doc: list[str]
    fields: list[Field]
    where: str
    decl_kind: ClassVar[DeclKind] = DeclKind.STRUCT

    @property
    def has_read_only(self) -> bool:
        return any(f.read_only for f in self.fields)


@dataclass(eq=False)
class Alternative:
    type: TypeRef
    discriminator_values: list[str] = field(default_factory=list)
    discriminator_field: Field | None = None  # the member of the alternative that holds its tag


@dataclass(eq=False)
class Variant:
    name: str
    schema_name: str
    doc: list[str]
    combinator: str  # oneOf | anyOf
    alternatives: list[Alternative]
    where: str
    decl_kind: ClassVar[DeclKind] = DeclKind.UNION
    discriminator: str | None = None  # the wire name of the discriminating property
    expected_values_text: str = ""


@dataclass(eq=False)
class Parameter:
    wire_name: str
    name: str
    location: str  # path | query | header
    required: bool
    type: TypeRef
    doc: list[str]
    checks: list[Check]
    is_array: bool = False
    explode: bool = True
    where: str = ""

    @property
    def is_optional_member(self) -> bool:
        return not self.required


class Encoding(enum.StrEnum):
    """How a request body is written, and how a response body is read."""

    JSON = "json"  # application/json, +json
    FORM = "form"  # application/x-www-form-urlencoded (an object: one pair per member)
    MULTIPART = "multipart"  # multipart/form-data (an object: one part per member)
    RAW = "raw"  # any other media type: the bytes as they are (std::string)


class FormPart(enum.StrEnum):
    """How a member of a form or multipart body is written."""

    TEXT = "text"  # a scalar, as its text
    FILE = "file"  # Kind.FILE: a file part (multipart)
    JSON = "json"  # anything else, as JSON text


@dataclass(eq=False)
class FormField:
    """One member of a form or multipart body. `repeated`: an array, one pair/part per element;
    `type`: the type of a value (of an element, when repeated)."""

    wire_name: str
    name: str
    optional: bool
    kind: FormPart
    type: TypeRef
    repeated: bool = False


@dataclass(eq=False)
class Body:
    type: TypeRef
    required: bool
    media_type: str  # what is sent as Content-Type
    doc: list[str]
    encoding: Encoding = Encoding.JSON
    form_fields: list[FormField] = field(default_factory=list)

    @property
    def is_optional_member(self) -> bool:
        return not self.required


@dataclass(eq=False)
class Response:
    status: str  # "200", "2XX" or "default"
    success: bool
    type: TypeRef | None
    media_type: str | None
    encoding: Encoding = Encoding.JSON


@dataclass(eq=False)
class PathPart:
    literal: str | None = None
    parameter: Parameter | None = None


@dataclass(eq=False)
class Operation:
    operation_id: str
    method_name: str
    build_name: str
    decode_name: str
    request_name: str
    http_method: str
    path: str
    path_parts: list[PathPart]
    parameters: list[Parameter]
    body: Body | None
    responses: list[Response]  # success responses, in match order
    returns_void: bool  # no success response has content
    idempotent: bool
    accept: str
    doc: list[str]
    request_doc: list[str]
    request_default_arg: bool  # `= {}`: the request has no required member
    where: str
    stage: str = ""  # x-stability of the operation, else of the document (info); "" if unmarked

    def _success_models(self) -> list["Struct"]:
        """The object models a success body can be: the response's own, or the object
        alternatives of a oneOf/anyOf response (their secrets are kept too)."""
        out: list[Struct] = []

        def add(t: "TypeRef | None") -> None:
            if t is None or t.kind != Kind.MODEL:
                return
            if isinstance(t.decl, Struct) and t.decl not in out:
                out.append(t.decl)
            elif isinstance(t.decl, Variant):
                for alt in t.decl.alternatives:
                    add(alt.type)

        for r in self.responses:
            add(r.type)
        return out

    @property
    def secret_members(self) -> list[str]:
        """The wire names of the secret members (format: password, possibly
        nullable) of the success response bodies: decode_<op> keeps them when the response does
        not decode (UndecodedKeyError)."""
        out: list[str] = []
        for m in self._success_models():
            for f in m.fields:
                t = f.type
                while t.kind == Kind.NULLABLE and t.inner is not None:
                    t = t.inner
                if t.kind == Kind.SECRET and f.wire_name not in out:
                    out.append(f.wire_name)
        return out

    @property
    def secret_id_member(self) -> str:
        """The wire name of the string member `id` of a success body holding secrets (what the
        secret belongs to), or ""."""
        for m in self._success_models():
            for f in m.fields:
                if f.wire_name == "id" and f.type.kind == Kind.STRING:
                    return f.wire_name
        return ""


@dataclass(eq=False)
class Api:
    tag: str
    class_name: str
    file_name: str
    operations: list[Operation]
    doc: list[str]

    @property
    def uses_regex(self) -> bool:
        return any(uses_regex(p.checks) for op in self.operations for p in op.parameters)


@dataclass(eq=False)
class Example:
    """An `example`/`examples` value of a schema or media type, and the type it decodes into."""

    where: str  # the example's place
    schema_where: str  # the place of the schema it is an example of
    type: TypeRef
    value: Any


@dataclass(eq=False)
class Spec:
    spec_file: str
    namespace: str
    include_prefix: str
    title: str
    version: str
    enums: list[Enum]
    declarations: list[Struct | Variant]  # in definition order (dependencies first)
    apis: list[Api]
    examples: list[Example] = field(default_factory=list)

    @property
    def models(self) -> list[Struct]:
        return [d for d in self.declarations if isinstance(d, Struct)]

    def find(self, name: str) -> Struct | Variant | Enum | None:
        for d in [*self.enums, *self.declarations]:
            if d.name == name:
                return d
        return None


def uses_regex(checks: list[Check]) -> bool:
    return any(c.kind == CheckKind.PATTERN or uses_regex(c.inner) for c in checks)

