"""Stage 2: turn the loaded description into a typed intermediate representation.

Every naming and type decision is made here, once: C++ names of types, members, enumerators and
methods, the C++ type of every field and parameter, what is validated, how each parameter is
written into a request, what each operation returns. The templates (stage 3) only print.

What cannot be modelled correctly is refused with a SpecError naming its place.
"""

from __future__ import annotations

import heapq
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Union

from . import names
from .load import Node, SpecError

# ---- the IR -----------------------------------------------------------------------------------


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
    """The C++ type of a value. kind: string bool int32 int64 float double datetime secret json
    enum model array map nullable."""

    kind: str
    cpp: str
    decl: Union["Enum", "Model", "Variant", None] = None
    inner: "TypeRef | None" = None
    constraints: Constraints = Constraints()


@dataclass(eq=False)
class Check:
    """One validation step, printed by the templates' `checks` macro.

    kind: length | pattern | range | items | each (array elements) | values (map values)
          | nullable (the value unless null) | nested (arize::validate: models)
    """

    kind: str
    constraints: Constraints | None = None
    regex_var: str | None = None
    pattern_literal: str | None = None
    pattern_text_literal: str | None = None
    bound_type: str | None = None
    inner: list["Check"] = field(default_factory=list)
    min_literal: str | None = None
    max_literal: str | None = None


@dataclass(eq=False)
class Field:
    wire_name: str
    name: str
    type: TypeRef
    required: bool  # present in every valid JSON value
    read_only: bool
    member_type: str  # the declared C++ type: Required<T> or std::optional<T>
    is_optional_member: bool  # declared std::optional<T>
    doc: list[str]
    checks: list[Check]
    where: str
    wire_literal: str = ""


@dataclass(eq=False)
class Enumerator:
    name: str
    wire: str
    wire_literal: str


@dataclass(eq=False)
class Enum:
    name: str
    schema_name: str
    doc: list[str]
    values: list[Enumerator]
    where: str


@dataclass(eq=False)
class Model:
    name: str
    schema_name: str
    doc: list[str]
    fields: list[Field]
    where: str

    @property
    def has_read_only(self) -> bool:
        return any(f.read_only for f in self.fields)


@dataclass(eq=False)
class Alternative:
    type: TypeRef
    label: str  # for messages: the schema name or the C++ type
    discriminator_values: list[str] = field(default_factory=list)
    discriminator_value_literals: list[str] = field(default_factory=list)
    discriminator_access: str = ""  # expression on the alternative `v` giving its tag text


@dataclass(eq=False)
class Variant:
    name: str
    schema_name: str
    doc: list[str]
    combinator: str  # oneOf | anyOf
    alternatives: list[Alternative]
    variant_cpp: str
    where: str
    discriminator: str | None = None  # the wire name of the discriminating property
    discriminator_literal: str = ""
    expected_values_text: str = ""


@dataclass(eq=False)
class Parameter:
    wire_name: str
    name: str
    location: str  # path | query | header
    required: bool
    type: TypeRef
    member_type: str
    doc: list[str]
    checks: list[Check]
    to_string: str  # C++ expression template; `$v` is the value
    is_array: bool = False
    explode: bool = True
    wire_literal: str = ""
    where: str = ""


@dataclass(eq=False)
class Body:
    type: TypeRef
    required: bool
    media_type: str
    member_type: str
    doc: list[str]


@dataclass(eq=False)
class Response:
    status: str  # "200", "2XX" or "default"
    success: bool
    type: TypeRef | None
    media_type: str | None
    condition: str  # C++ condition on `response.status`
    result_expr: str = ""  # C++ expression of the return value (success responses)


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
    return_type: str
    returns_void: bool
    idempotent: bool
    accept: str
    doc: list[str]
    request_doc: list[str]
    request_default_arg: bool  # `= {}`: the request has no required member
    where: str


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
class Spec:
    spec_file: str
    namespace: str
    include_prefix: str
    title: str
    version: str
    enums: list[Enum]
    declarations: list[Model | Variant]  # in definition order (dependencies first)
    apis: list[Api]

    @property
    def models_use_regex(self) -> bool:
        return any(uses_regex(f.checks) for m in self.models for f in m.fields)

    @property
    def models(self) -> list[Model]:
        return [d for d in self.declarations if isinstance(d, Model)]

    def find(self, name: str) -> Model | Variant | Enum | None:
        for d in [*self.enums, *self.declarations]:
            if d.name == name:
                return d
        return None


def uses_regex(checks: list[Check]) -> bool:
    return any(c.kind == "pattern" or uses_regex(c.inner) for c in checks)


# ---- schema keywords ----------------------------------------------------------------------------

REFUSED_KEYWORDS = {
    "not": "'not' keyword",
    "if": "'if' keyword",
    "then": "'then' keyword",
    "else": "'else' keyword",
    "patternProperties": "'patternProperties' keyword",
    "dependentSchemas": "'dependentSchemas' keyword",
    "dependencies": "'dependencies' keyword",
    "prefixItems": "'prefixItems' keyword",
    "contains": "'contains' keyword",
    "const": "'const' keyword",
    "propertyNames": "'propertyNames' keyword",
    "unevaluatedProperties": "'unevaluatedProperties' keyword",
    "unevaluatedItems": "'unevaluatedItems' keyword",
    "$dynamicRef": "'$dynamicRef' keyword",
    "$recursiveRef": "'$recursiveRef' keyword",
    "additionalItems": "'additionalItems' keyword",
}

# Keywords allowed next to a $ref (they annotate the use; they do not change the type).
REF_SIBLINGS = {
    "description", "summary", "title", "default", "example", "examples", "nullable", "readOnly",
    "writeOnly", "deprecated", "externalDocs", "xml",
}
# Keywords allowed next to a single-$ref allOf for it to stand for that type.
ALIAS_ALLOF_SIBLINGS = REF_SIBLINGS | {"allOf"}

SCHEMA_TYPES = ("string", "integer", "number", "boolean", "object", "array", "null")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
IDEMPOTENT_METHODS = {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}


def is_json_media_type(media_type: str) -> bool:
    base = media_type.split(";", 1)[0].strip().lower()
    return base == "application/json" or (base.startswith("application/") and base.endswith("+json"))


def doc_lines(*texts: Any) -> list[str]:
    """Doc comment lines (without the ///) from description-like texts."""
    out: list[str] = []
    for text in texts:
        if not isinstance(text, str) or not text.strip():
            continue
        if out:
            out.append("")
        lines = [line.rstrip() for line in text.strip("\n").split("\n")]
        while lines and not lines[-1]:
            lines.pop()
        for line in lines:
            # A trailing backslash would splice the next source line into the comment.
            while line.endswith("\\"):
                line = line[:-1] + "(backslash)"
            out.append(line)
    return out


def _is_null_schema(node: Node) -> bool:
    v = node.value
    if not isinstance(v, dict):
        return False
    if v.get("type") == "null":
        return True
    return "enum" in v and v["enum"] == [None]


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# ---- the builder --------------------------------------------------------------------------------


class Builder:
    def __init__(self, root: Node, spec_file: str, namespace: str, include_prefix: str):
        self.root = root
        self.spec_file = spec_file
        self.namespace = namespace
        self.include_prefix = include_prefix
        self.memo: dict[tuple, TypeRef] = {}
        self.in_progress: set[tuple] = set()
        self.names: dict[str, str] = {}  # C++ type name -> where it comes from
        self.enums: list[Enum] = []
        self.structs: list[Model | Variant] = []
        self.regex_count = 0

    # -- names --
    def claim_type_name(self, name: str | None, where: str, what: str) -> str:
        if not name or not names.is_identifier(name):
            raise SpecError(where, f"cannot derive a C++ type name for {what}")
        if name in names.GENERATED_CODE_NAMES:
            raise SpecError(where, f"type name '{name}' is reserved by the generated code")
        if self.namespace == "arize" and name in names.ARIZE_CORE_NAMES:
            raise SpecError(where, f"type name '{name}' collides with arize::{name} of the runtime")
        previous = self.names.get(name)
        if previous is not None:
            raise SpecError(where, f"type name '{name}' is already used by {previous}")
        self.names[name] = where
        return name

    def hint_for(self, node: Node, fallback: str) -> str:
        """Type name for the schema at `node`: components keep their own names."""
        tokens = node.pointer.split("/")
        if len(tokens) == 4 and tokens[1] == "components" and tokens[2] == "schemas":
            return tokens[3].replace("~1", "/").replace("~0", "~")
        if node.pointer == "":
            stem = node.doc.display.rsplit("/", 1)[-1].split(".", 1)[0]
            return stem
        m = re.fullmatch(
            r"/components/(?:parameters/([^/]+)/schema|(requestBodies|responses)/([^/]+)/content/[^/]+/schema)",
            node.pointer,
        )
        if m:
            if m.group(1):
                return m.group(1).replace("~1", "/").replace("~0", "~")
            return m.group(3).replace("~1", "/").replace("~0", "~") + ("Body" if m.group(2) == "requestBodies" else "")
        return fallback

    @staticmethod
    def ref_hint(target: Node, hint: str) -> str:
        """The name of a $ref target outside components/schemas: its key (or its file's stem)."""
        tokens = target.pointer.split("/")
        last = tokens[-1].replace("~1", "/").replace("~0", "~")
        if len(tokens) == 2 and not last.isdigit():  # a top-level definition of another file
            return last
        return hint

    # -- types --
    def type_of(self, node: Node, hint: str) -> TypeRef:
        """The C++ type of the schema at `node` (a $ref or an inline schema)."""
        if node.is_ref:
            for key in node.value:
                if key != "$ref" and key not in REF_SIBLINGS and not key.startswith("x-"):
                    raise node.child(key).error(f"unsupported schema: '{key}' next to $ref")
            target = node.resolve()
            t = self.type_at(target, self.hint_for(target, self.ref_hint(target, hint)))
            if node.get("nullable") is True and t.kind != "nullable":
                t = nullable_type(t)
            return t
        return self.type_at(node, self.hint_for(node, hint))

    def type_at(self, node: Node, hint: str) -> TypeRef:
        key = node.key
        if key in self.memo:
            return self.memo[key]
        if key in self.in_progress:
            raise node.error("recursive schema needs an infinite type (recursion is supported only through a struct)")
        self.in_progress.add(key)
        try:
            t = self._type_at(node, hint)
        finally:
            self.in_progress.discard(key)
        self.memo[key] = t
        return t

    def _type_at(self, node: Node, hint: str) -> TypeRef:
        v = node.value
        if v is True or v == {}:
            return json_type()
        if not isinstance(v, dict):
            raise node.error("unsupported schema: expected an object")
        for key in v:
            if key in REFUSED_KEYWORDS:
                raise node.error(f"unsupported schema: {REFUSED_KEYWORDS[key]}")
        if v.get("writeOnly") is True and v.get("readOnly") is True:
            raise node.error("unsupported schema: both readOnly and writeOnly")
        nullable = v.get("nullable") is True
        types = v.get("type")
        if isinstance(types, list):
            rest = [t for t in types if t != "null"]
            if len(rest) != 1 or len(types) != len(rest) + 1 or not all(isinstance(t, str) for t in types):
                raise node.child("type").error(
                    f"unsupported schema: type list {json.dumps(types)} (only [X, \"null\"] is supported)"
                )
            nullable = True
            types = rest[0]
        if types is not None and types not in SCHEMA_TYPES:
            raise node.child("type").error(f"unsupported schema: unknown type {json.dumps(types)}")
        if types == "null":
            raise node.child("type").error("unsupported schema: a schema that is only null")

        if "allOf" in v:
            if "oneOf" in v or "anyOf" in v or "enum" in v:
                raise node.child("allOf").error("unsupported schema: allOf combined with oneOf/anyOf/enum")
            t = self.all_of(node, hint, nullable)
        elif "oneOf" in v or "anyOf" in v:
            if "oneOf" in v and "anyOf" in v:
                raise node.child("anyOf").error("unsupported schema: oneOf and anyOf together")
            t = self.union(node, hint, nullable)
        elif "enum" in v:
            t = self.enum(node, hint, types, nullable)
        elif types in ("string", "integer", "number", "boolean"):
            t = self.primitive(node, types)
        elif types == "array" or (types is None and "items" in v):
            t = self.array(node, hint)
        elif types == "object" or (types is None and ("properties" in v or "additionalProperties" in v)):
            t = self.object(node, hint, nullable)
        else:
            t = json_type()  # no type: any JSON value
        if nullable and t.kind not in ("nullable", "json"):
            t = nullable_type(t)
        return t

    def primitive(self, node: Node, type_name: str) -> TypeRef:
        fmt = node.get("format")
        if type_name == "string":
            for key in ("minLength", "maxLength"):
                if key in node.value and (not isinstance(node.value[key], int) or isinstance(node.value[key], bool) or node.value[key] < 0):
                    raise node.child(key).error(f"{key} must be a non-negative integer")
            pattern = node.get("pattern")
            if pattern is not None:
                check_pattern(node.child("pattern"))
            if fmt == "date-time":
                return TypeRef("datetime", "::arize::DateTime")
            if fmt == "password":
                return TypeRef("secret", "::arize::Secret")
            c = Constraints(min_length=node.get("minLength"), max_length=node.get("maxLength"), pattern=pattern)
            return TypeRef("string", "std::string", constraints=c)
        if type_name == "boolean":
            return TypeRef("bool", "bool")
        c = self.range_constraints(node)
        if type_name == "integer":
            if fmt in (None, "int64"):
                return TypeRef("int64", "std::int64_t", constraints=c)
            if fmt == "int32":
                return TypeRef("int32", "std::int32_t", constraints=c)
            raise node.child("format").error(f"unsupported schema: integer format '{fmt}'")
        if fmt in (None, "double"):
            return TypeRef("double", "double", constraints=c)
        if fmt == "float":
            return TypeRef("float", "float", constraints=c)
        raise node.child("format").error(f"unsupported schema: number format '{fmt}'")

    def range_constraints(self, node: Node) -> Constraints:
        v = node.value
        for key in ("minimum", "maximum"):
            if key in v and (not _is_number(v[key]) or not math.isfinite(v[key])):
                raise node.child(key).error(f"{key} must be a finite number")
        lo, hi = v.get("minimum"), v.get("maximum")
        xlo = xhi = False
        for key, is_min in (("exclusiveMinimum", True), ("exclusiveMaximum", False)):
            if key not in v:
                continue
            x = v[key]
            if isinstance(x, bool):  # OpenAPI 3.0: a flag on minimum/maximum
                if is_min:
                    xlo = x and lo is not None
                else:
                    xhi = x and hi is not None
            elif _is_number(x) and math.isfinite(x):  # OpenAPI 3.1: the bound itself
                if is_min:
                    if lo is None or x >= lo:
                        lo, xlo = x, True
                else:
                    if hi is None or x <= hi:
                        hi, xhi = x, True
            else:
                raise node.child(key).error(f"{key} must be a boolean or a finite number")
        return Constraints(minimum=lo, maximum=hi, exclusive_minimum=xlo, exclusive_maximum=xhi)

    def array(self, node: Node, hint: str) -> TypeRef:
        items = node.child("items")
        if items.value is None:
            inner = json_type()
        elif isinstance(items.value, list):
            raise items.error("unsupported schema: tuple-style items (a list)")
        else:
            inner = self.type_of(items, hint + "Item")
        for key in ("minItems", "maxItems"):
            if key in node.value and (not isinstance(node.value[key], int) or isinstance(node.value[key], bool) or node.value[key] < 0):
                raise node.child(key).error(f"{key} must be a non-negative integer")
        c = Constraints(min_items=node.get("minItems"), max_items=node.get("maxItems"))
        return TypeRef("array", f"std::vector<{inner.cpp}>", inner=inner, constraints=c)

    def object(self, node: Node, hint: str, nullable: bool) -> TypeRef:
        props = node.get("properties")
        if props is not None and not isinstance(props, dict):
            raise node.child("properties").error("properties must be an object")
        ap = node.child("additionalProperties")
        ap_is_schema = isinstance(ap.value, dict) and ap.value != {}
        if not props:
            if ap_is_schema:
                inner = self.type_of(ap, hint + "Value")
                return TypeRef("map", f"std::map<std::string, {inner.cpp}>", inner=inner)
            if ap.value not in (None, True, False, {}):
                raise ap.error("additionalProperties must be a boolean or a schema")
            if "required" in node.value and node.value["required"]:
                raise node.child("required").error("required properties on an object without properties")
            return json_type()  # free-form object
        if ap_is_schema:
            raise ap.error("unsupported schema: properties together with an additionalProperties schema")
        return self.struct(node, hint, nullable)

    def struct(self, node: Node, hint: str, nullable: bool) -> TypeRef:
        name = self.claim_type_name(names.type_name(hint), node.where, "this schema")
        model = Model(name=name, schema_name=hint, doc=doc_lines(node.get("title"), node.get("description")), fields=[], where=node.where)
        t = TypeRef("model", name, decl=model)
        self.memo[node.key] = nullable_type(t) if nullable else t
        self.in_progress.discard(node.key)
        properties, required = self.collect_properties(node, [])
        for req_name, req_node in required.items():
            if req_name not in properties:
                raise req_node.error(f"required property '{req_name}' is not defined")
        if not properties:
            raise node.error("unsupported schema: allOf merges to an object without properties")
        seen: dict[str, str] = {}
        for wire, pnode in properties.items():
            f = self.field(model, wire, pnode, wire in required)
            if f.name in seen:
                raise pnode.error(f"properties '{seen[f.name]}' and '{wire}' both become the C++ member '{f.name}'")
            seen[f.name] = wire
            model.fields.append(f)
        self.structs.append(model)
        return nullable_type(t) if nullable else t

    def collect_properties(self, node: Node, stack: list[tuple]) -> tuple[dict[str, Node], dict[str, Node]]:
        """Properties and required names of an object schema, allOf members merged in order."""
        if node.key in stack:
            raise node.error("unsupported schema: allOf includes itself")
        stack = stack + [node.key]
        properties: dict[str, Node] = {}
        required: dict[str, Node] = {}

        def merge(props: dict[str, Node], req: dict[str, Node]) -> None:
            for wire, pnode in props.items():
                if wire in properties and properties[wire].key != pnode.key:
                    if properties[wire].resolve().value != pnode.resolve().value:
                        raise pnode.error(f"property '{wire}' is defined differently in two allOf members")
                    continue
                properties.setdefault(wire, pnode)
            for r, rnode in req.items():
                required.setdefault(r, rnode)

        if "allOf" in node.value:
            members = node.child("allOf")
            if not isinstance(members.value, list) or not members.value:
                raise members.error("allOf must be a non-empty list")
            for member in members.elements():
                target = member.resolve()
                tv = target.value
                if not isinstance(tv, dict):
                    raise member.error("unsupported schema: allOf member is not a schema object")
                for key in tv:
                    if key in REFUSED_KEYWORDS:
                        raise target.error(f"unsupported schema: {REFUSED_KEYWORDS[key]}")
                if "oneOf" in tv or "anyOf" in tv:
                    raise member.error("unsupported schema: allOf member with oneOf/anyOf")
                if tv.get("type") not in (None, "object") or "enum" in tv or "items" in tv:
                    raise member.error("unsupported schema: allOf member that is not an object")
                ap = tv.get("additionalProperties")
                if isinstance(ap, dict) and ap != {}:
                    raise member.error("unsupported schema: allOf member with an additionalProperties schema")
                if not tv.get("properties") and "allOf" not in tv:
                    raise member.error(
                        "unsupported schema: allOf member is an object with neither properties nor allOf (a struct is needed here)"
                    )
                merge(*self.collect_properties(target, stack))
        props = node.child("properties")
        if props.value is not None and not isinstance(props.value, dict):
            raise props.error("properties must be an object")
        own = {wire: pnode for wire, pnode in props.items()}
        req_node = node.child("required")
        req: dict[str, Node] = {}
        if req_node.value is not None:
            if not isinstance(req_node.value, list) or not all(isinstance(r, str) for r in req_node.value):
                raise req_node.error("required must be a list of property names")
            req = {r: req_node.child(i) for i, r in enumerate(req_node.value)}
        merge(own, req)
        return properties, required

    def field(self, model: Model, wire: str, pnode: Node, required: bool) -> Field:
        name = names.member_name(wire)
        if name is None:
            raise pnode.error(f"cannot derive a C++ member name from property '{wire}'")
        t = self.type_of(pnode, model.name + (names.type_name(wire) or "Field"))
        meta = self.annotations(pnode)
        read_only = meta["readOnly"]
        if meta["writeOnly"] and required:
            raise pnode.error("unsupported schema: a required writeOnly property")
        optional_member = read_only or not required
        member_type = f"std::optional<{t.cpp}>" if optional_member else f"::arize::Required<{t.cpp}>"
        doc = doc_lines(meta["description"])
        doc += self.notes(t, meta, required, read_only)
        return Field(
            wire_name=wire,
            name=name,
            type=t,
            required=required,
            read_only=read_only,
            member_type=member_type,
            is_optional_member=optional_member,
            doc=doc,
            checks=self.checks(t),
            where=pnode.where,
            wire_literal=names.cpp_string(wire),
        )

    def annotations(self, node: Node) -> dict[str, Any]:
        """description/default/readOnly/... of a use of a schema, falling back to its target."""
        chain = [node]
        current = node
        for _ in range(16):
            nxt = None
            if current.is_ref:
                nxt = current.resolve()
            elif isinstance(current.value, dict) and isinstance(current.value.get("allOf"), list) and len(current.value["allOf"]) == 1:
                nxt = current.child("allOf").child(0)
            if nxt is None:
                break
            chain.append(nxt)
            current = nxt
        out: dict[str, Any] = {"description": None, "default": None, "has_default": False, "readOnly": False, "writeOnly": False, "deprecated": False}
        for n in chain:
            if not isinstance(n.value, dict):
                continue
            if out["description"] is None and isinstance(n.value.get("description"), str):
                out["description"] = n.value["description"]
            if not out["has_default"] and "default" in n.value:
                out["default"], out["has_default"] = n.value["default"], True
            for flag in ("readOnly", "writeOnly", "deprecated"):
                if n.value.get(flag) is True:
                    out[flag] = True
        return out

    def notes(self, t: TypeRef, meta: dict[str, Any], required: bool, read_only: bool) -> list[str]:
        notes: list[str] = []
        if meta["has_default"]:
            notes.append(f"Default: `{json.dumps(meta['default'], ensure_ascii=False)}` (applied by the server when absent).")
        c = constraints_of(t)
        if c:
            notes.append("Constraints: " + "; ".join(c) + " (checked before a request is sent).")
        if read_only:
            notes.append(
                "Read-only: set by the server" + (" (always present in responses)" if required else "") + "; never sent in a request."
            )
        if meta["writeOnly"]:
            notes.append("Write-only: sent in requests, not returned.")
        if meta["deprecated"]:
            notes.append("Deprecated.")
        if notes and (meta["description"] or "").strip():
            notes.insert(0, "")
        return notes

    def enum(self, node: Node, hint: str, types: Any, nullable: bool) -> TypeRef:
        values_node = node.child("enum")
        values = values_node.value
        if not isinstance(values, list) or not values:
            raise values_node.error("enum must be a non-empty list")
        if types not in (None, "string"):
            raise node.child("type").error(f"unsupported schema: non-string enum (type {types})")
        name = self.claim_type_name(names.type_name(hint), node.where, "this enum")
        e = Enum(name=name, schema_name=hint, doc=doc_lines(node.get("title"), node.get("description")), values=[], where=node.where)
        seen: dict[str, str] = {}
        for i, wire in enumerate(values):
            if wire is None:
                continue  # null: the field is nullable (handled by the caller)
            if not isinstance(wire, str):
                raise values_node.child(i).error(f"unsupported schema: non-string enum value {json.dumps(wire)}")
            if wire in seen.values():
                raise values_node.child(i).error(f"duplicate enum value '{wire}'")
            enumerator = names.enumerator_name(wire)
            if enumerator is None:
                raise values_node.child(i).error(f"cannot derive a C++ enumerator name from '{wire}'")
            if enumerator in seen:
                raise values_node.child(i).error(
                    f"enum values '{seen[enumerator]}' and '{wire}' both become the enumerator '{enumerator}'"
                )
            seen[enumerator] = wire
            e.values.append(Enumerator(enumerator, wire, names.cpp_string(wire)))
        if not e.values:
            raise values_node.error("unsupported schema: an enum of only null")
        self.enums.append(e)
        t = TypeRef("enum", f"::arize::Open<{name}>", decl=e)
        if None in values:
            return nullable_type(t)
        return t

    def all_of(self, node: Node, hint: str, nullable: bool) -> TypeRef:
        members = node.child("allOf")
        if not isinstance(members.value, list) or not members.value:
            raise members.error("allOf must be a non-empty list")
        v = node.value
        if len(members.value) == 1 and all(k in ALIAS_ALLOF_SIBLINGS or k.startswith("x-") for k in v):
            # `allOf: [$ref X]` plus annotations (default, description, ...) is X itself.
            t = self.type_of(members.child(0), hint)
            return t
        if v.get("type") not in (None, "object"):
            raise node.child("type").error("unsupported schema: allOf with a non-object type")
        return self.struct(node, hint, nullable)

    def union(self, node: Node, hint: str, nullable: bool) -> TypeRef:
        combinator = "oneOf" if "oneOf" in node.value else "anyOf"
        branches_node = node.child(combinator)
        if not isinstance(branches_node.value, list) or not branches_node.value:
            raise branches_node.error(f"{combinator} must be a non-empty list")
        for key in ("properties", "items", "additionalProperties"):
            if key in node.value:
                raise node.child(key).error(f"unsupported schema: '{key}' next to {combinator}")
        branches = []
        for b in branches_node.elements():
            if _is_null_schema(b.resolve() if b.is_ref else b):
                nullable = True
            else:
                branches.append(b)
        if not branches:
            raise branches_node.error(f"unsupported schema: {combinator} of only null")
        if len(branches) == 1 and "discriminator" not in node.value:
            t = self.type_of(branches[0], hint)
            return nullable_type(t) if nullable else t
        name = self.claim_type_name(names.type_name(hint), node.where, f"this {combinator}")
        variant = Variant(
            name=name,
            schema_name=hint,
            doc=doc_lines(node.get("title"), node.get("description")),
            combinator=combinator,
            alternatives=[],
            variant_cpp="",
            where=node.where,
        )
        t = TypeRef("model", name, decl=variant)
        self.memo[node.key] = nullable_type(t) if nullable else t
        self.in_progress.discard(node.key)
        seen_cpp: dict[str, str] = {}
        resolved_keys = []
        for i, b in enumerate(branches):
            bt = self.type_of(b, f"{name}Option{i + 1}")
            if bt.kind == "nullable":
                raise b.error(f"unsupported schema: a nullable {combinator} alternative (make the {combinator} nullable instead)")
            if bt.kind in ("string", "int32", "int64", "float", "double") and (
                bt.constraints.has_length or bt.constraints.has_range or bt.constraints.pattern is not None
            ):
                raise b.error(f"unsupported schema: constraints on a scalar {combinator} alternative")
            if bt.cpp in seen_cpp:
                raise b.error(
                    f"unsupported schema: {combinator} alternatives {seen_cpp[bt.cpp]} and {b.where} are the same C++ type {bt.cpp}"
                )
            seen_cpp[bt.cpp] = b.where
            target = b.resolve()
            resolved_keys.append(target.key)
            label = bt.decl.schema_name if bt.kind == "model" and bt.decl is not None else bt.cpp
            variant.alternatives.append(Alternative(type=bt, label=label))
        variant.variant_cpp = "std::variant<" + ", ".join(a.type.cpp for a in variant.alternatives) + ">"
        if "discriminator" in node.value:
            self.discriminator(node, variant, branches, resolved_keys)
        self.structs.append(variant)
        return nullable_type(t) if nullable else t

    def discriminator(self, node: Node, variant: Variant, branches: list[Node], resolved_keys: list[tuple]) -> None:
        dnode = node.child("discriminator")
        prop = dnode.get("propertyName")
        if not isinstance(prop, str) or not prop:
            raise dnode.error("discriminator needs a propertyName")
        variant.discriminator = prop
        variant.discriminator_literal = names.cpp_string(prop)
        for alt, b in zip(variant.alternatives, branches):
            model = alt.type.decl
            if alt.type.kind != "model" or not isinstance(model, Model):
                raise b.error("unsupported schema: a discriminator needs every alternative to be an object schema")
            fld = next((f for f in model.fields if f.wire_name == prop), None)
            if fld is None:
                raise b.error(f"discriminator property '{prop}' is missing in alternative {model.schema_name}")
            if not fld.required or fld.read_only:
                raise b.error(f"discriminator property '{prop}' must be required in alternative {model.schema_name}")
            if fld.type.kind == "string":
                alt.discriminator_access = f"arize_v.{fld.name}"
            elif fld.type.kind == "enum":
                alt.discriminator_access = f"arize_v.{fld.name}.wire()"
            else:
                raise b.error(f"discriminator property '{prop}' must be a string in alternative {model.schema_name}")
        mapping = dnode.child("mapping")
        explicit: dict[int, list[str]] = {}
        if mapping.value is not None:
            if not isinstance(mapping.value, dict):
                raise mapping.error("discriminator mapping must be an object")
            for value, target in mapping.items():
                if not isinstance(target.value, str):
                    raise target.error("discriminator mapping values must be strings")
                ref = target.value
                if "#" not in ref and "/" not in ref and not ref.endswith((".yaml", ".yml", ".json")):
                    ref = f"#/components/schemas/{ref}"
                fake = Node(target.loader, target.doc, target.pointer, {"$ref": ref})
                try:
                    resolved = fake.resolve()
                except SpecError as e:
                    raise target.error(f"discriminator mapping target '{target.value}' does not exist") from e
                if resolved.key not in resolved_keys:
                    raise target.error(f"discriminator mapping target '{target.value}' is not one of the {variant.combinator} alternatives")
                explicit.setdefault(resolved_keys.index(resolved.key), []).append(value)
        all_values: dict[str, int] = {}
        for i, (alt, b) in enumerate(zip(variant.alternatives, branches)):
            values = list(explicit.get(i, []))
            if not values:
                target = b.resolve()
                tokens = target.pointer.split("/")
                if len(tokens) == 4 and tokens[1:3] == ["components", "schemas"]:
                    values = [tokens[3].replace("~1", "/").replace("~0", "~")]
                else:
                    raise b.error("discriminator: this alternative has no value (add a mapping entry for it)")
            for value in values:
                if value in all_values:
                    raise dnode.error(f"discriminator value '{value}' maps to two alternatives")
                all_values[value] = i
            alt.discriminator_values = values
            alt.discriminator_value_literals = [names.cpp_string(x) for x in values]
        variant.expected_values_text = ", ".join(sorted(all_values))

    # -- validation --
    def checks(self, t: TypeRef) -> list[Check]:
        out: list[Check] = []
        c = t.constraints
        if t.kind == "string":
            if c.has_length:
                out.append(Check("length", c, min_literal=_size_literal(c.min_length), max_literal=_size_literal(c.max_length)))
            if c.pattern is not None:
                self.regex_count += 1
                out.append(
                    Check(
                        "pattern",
                        c,
                        regex_var=f"arize_re{self.regex_count}",
                        pattern_literal=names.raw_string(c.pattern),
                        pattern_text_literal=names.cpp_string(c.pattern),
                    )
                )
        elif t.kind in ("int32", "int64", "float", "double") and c.has_range:
            integral = t.kind.startswith("int") and all(
                b is None or (isinstance(b, int) and -(2**63) < b < 2**63) for b in (c.minimum, c.maximum)
            )
            bound = "std::int64_t" if integral else "double"
            out.append(
                Check(
                    "range",
                    c,
                    bound_type=bound,
                    min_literal=_bound_literal(c.minimum, bound),
                    max_literal=_bound_literal(c.maximum, bound),
                )
            )
        elif t.kind == "array":
            if c.has_items:
                out.append(Check("items", c, min_literal=_size_literal(c.min_items), max_literal=_size_literal(c.max_items)))
            inner = self.checks(t.inner)
            if inner:
                out.append(Check("each", inner=inner))
        elif t.kind == "map":
            inner = self.checks(t.inner)
            if inner:
                out.append(Check("values", inner=inner))
        elif t.kind == "nullable":
            inner = self.checks(t.inner)
            if inner:
                out.append(Check("nullable", inner=inner))
        elif t.kind == "model":
            out.append(Check("nested"))
        return out

    # -- operations --
    def operations(self) -> list[Api]:
        paths = self.root.child("paths")
        if paths.value is None:
            paths_items: list[tuple[str, Node]] = []
        elif not isinstance(paths.value, dict):
            raise paths.error("paths must be an object")
        else:
            paths_items = list(paths.items())
        apis: dict[str, Api] = {}
        api_order: list[str] = []
        operation_ids: dict[str, str] = {}
        tag_docs = {}
        for t in self.root.child("tags").elements():
            if isinstance(t.value, dict) and isinstance(t.value.get("name"), str):
                tag_docs[t.value["name"]] = doc_lines(t.value.get("description"))
        for path, item in paths_items:
            if not path.startswith("/"):
                raise item.error(f"path '{path}' does not start with '/'")
            item = item.resolve()
            item.expect_dict("a path item object")
            for method, op_node in item.items():
                if method not in HTTP_METHODS:
                    continue
                op_id = op_node.expect_dict("an operation object").get("operationId")
                if isinstance(op_id, str) and op_id in operation_ids:
                    raise op_node.child("operationId").error(f"operationId '{op_id}' is also used by {operation_ids[op_id]}")
                op = self.operation(path, item, method, op_node)
                operation_ids[op.operation_id] = op_node.where
                tags = op_node.get("tags")
                tag = tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else "default"
                base = names.type_name(tag)
                if not base:
                    raise op_node.child("tags").error(f"cannot derive a C++ class name from tag '{tag}'")
                class_name = base + "Api"
                file_name = names.snake(tag) + "_api.hpp"
                api = apis.get(class_name)
                if api is None:
                    for other in apis.values():
                        if other.file_name == file_name:
                            raise op_node.child("tags").error(f"tags '{other.tag}' and '{tag}' both become {file_name}")
                    api = Api(tag=tag, class_name=class_name, file_name=file_name, operations=[], doc=tag_docs.get(tag, []))
                    apis[class_name] = api
                    api_order.append(class_name)
                elif api.tag != tag:
                    raise op_node.child("tags").error(f"tags '{api.tag}' and '{tag}' both become the class {class_name}")
                members = {"transport", "transport_"}
                for other in api.operations:
                    members |= {other.method_name, other.build_name, other.decode_name}
                for n in (op.method_name, op.build_name, op.decode_name):
                    if n in members:
                        raise op_node.child("operationId").error(f"method name '{n}' collides with another member of {class_name}")
                api.operations.append(op)
        for api in apis.values():
            self.claim_type_name(api.class_name, f"{self.spec_file}#/tags", f"tag '{api.tag}'")
        return [apis[name] for name in sorted(api_order, key=lambda n: apis[n].file_name)]

    def operation(self, path: str, item: Node, method: str, node: Node) -> Operation:
        op_id = node.get("operationId")
        if not isinstance(op_id, str) or not op_id:
            raise node.error("operation has no operationId")
        base = names.snake(op_id)
        if not base or base[0].isdigit():
            raise node.child("operationId").error(f"cannot derive a C++ method name from operationId '{op_id}'")
        type_base = names.type_name(op_id)
        request_name = self.claim_type_name(type_base + "Request", node.child("operationId").where, f"the request of {op_id}")
        http_method = method.upper()

        # parameters: path-item level, overridden by operation level (same name and location)
        merged: dict[tuple[str, str], Node] = {}
        for level in (item.child("parameters"), node.child("parameters")):
            if level.value is None:
                continue
            if not isinstance(level.value, list):
                raise level.error("parameters must be a list")
            for p in level.elements():
                rp = p.resolve().expect_dict("a parameter object")
                pname, loc = rp.get("name"), rp.get("in")
                if not isinstance(pname, str) or not pname:
                    raise rp.error("parameter has no name")
                if not isinstance(loc, str):
                    raise rp.child("in").error("parameter location ('in') must be path, query, header or cookie")
                if (pname, loc) in merged and merged[(pname, loc)].pointer.startswith(node.pointer):
                    raise rp.error(f"parameter '{pname}' in {loc} is declared twice")
                merged[(pname, loc)] = rp
        params: list[Parameter] = []
        member_names: dict[str, str] = {}
        for (pname, loc), rp in merged.items():
            if loc == "header" and pname.lower() in ("accept", "content-type", "authorization"):
                continue  # OpenAPI: such header parameters are ignored
            prm = self.parameter(type_base, pname, loc, rp)
            if prm.name in member_names:
                raise rp.error(f"parameters '{member_names[prm.name]}' and '{pname}' both become the C++ member '{prm.name}'")
            member_names[prm.name] = pname
            params.append(prm)

        # path template
        parts: list[PathPart] = []
        path_params = {p.wire_name: p for p in params if p.location == "path"}
        used = set()
        for piece in re.split(r"(\{[^{}]*\})", path):
            if piece.startswith("{") and piece.endswith("}"):
                pname = piece[1:-1]
                if pname not in path_params:
                    raise node.error(f"path parameter '{pname}' of '{path}' is not declared")
                parts.append(PathPart(parameter=path_params[pname]))
                used.add(pname)
            elif piece:
                if "{" in piece or "}" in piece:
                    raise node.error(f"malformed path template '{path}'")
                parts.append(PathPart(literal=names.cpp_string(piece)))
        for pname, prm in path_params.items():
            if pname not in used:
                raise SpecError(prm.where, f"path parameter '{pname}' does not appear in '{path}'")

        body = self.request_body(type_base, node)
        responses, return_type, returns_void, accept = self.responses(type_base, node)

        x_idem = node.get("x-idempotent")
        idempotent = x_idem if isinstance(x_idem, bool) else http_method in IDEMPOTENT_METHODS
        has_required = any(p.required for p in params) or (body is not None and body.required)
        doc = doc_lines(node.get("summary"), node.get("description"))
        if doc:
            doc.append("")
        doc.append(f"`{http_method} {path}` (operationId `{op_id}`).")
        if node.get("deprecated") is True:
            doc.append("Deprecated.")
        return Operation(
            operation_id=op_id,
            method_name=names.escape_identifier(base),
            build_name="build_" + base,
            decode_name="decode_" + base,
            request_name=request_name,
            http_method=http_method,
            path=path,
            path_parts=parts,
            parameters=params,
            body=body,
            responses=responses,
            return_type=return_type,
            returns_void=returns_void,
            idempotent=idempotent,
            accept=names.cpp_string(accept),
            doc=doc,
            request_doc=[f"The parameters{' and body' if body else ''} of `{op_id}` (`{http_method} {path}`)."],
            request_default_arg=not has_required,
            where=node.where,
        )

    def parameter(self, type_base: str, pname: str, loc: Any, node: Node) -> Parameter:
        if loc == "cookie":
            raise node.child("in").error("unsupported parameter: cookie parameters")
        if loc not in ("path", "query", "header"):
            raise node.child("in").error(f"unsupported parameter location '{loc}'")
        if "content" in node.value:
            raise node.child("content").error("unsupported parameter: 'content' (only 'schema' is supported)")
        if "schema" not in node.value:
            raise node.error("parameter has no schema")
        required = node.get("required") is True
        if loc == "path" and not required:
            raise node.child("required").error("path parameters must be required")
        style = node.get("style")
        allowed_style = {"path": "simple", "query": "form", "header": "simple"}[loc]
        if style is not None and style != allowed_style:
            raise node.child("style").error(f"unsupported parameter style '{style}' (only '{allowed_style}' in {loc})")
        explode = node.get("explode", loc == "query")
        t = self.type_of(node.child("schema"), type_base + (names.type_name(pname) or "Param"))
        if t.kind == "nullable":
            raise node.child("schema").error("unsupported parameter: a nullable parameter")
        is_array = t.kind == "array"
        scalar = t.inner if is_array else t
        if is_array and loc == "path":
            raise node.child("schema").error("unsupported parameter: an array in a path")
        if scalar.kind not in ("string", "bool", "int32", "int64", "float", "double", "datetime", "enum", "secret"):
            raise node.child("schema").error(f"unsupported parameter: a parameter of {'array of ' if is_array else ''}{_kind_text(scalar)}")
        name = names.member_name(pname)
        if name is None:
            raise node.child("name").error(f"cannot derive a C++ member name from parameter '{pname}'")
        if name == "body":
            raise node.child("name").error("parameter name 'body' is reserved for the request body")
        meta = self.annotations(node.child("schema"))
        if isinstance(node.get("description"), str):
            meta["description"] = node.get("description")
        doc = doc_lines(meta["description"])
        doc += self.notes(t, meta, required, False)
        if node.get("deprecated") is True:
            doc.append("Deprecated.")
        doc.append(f"Sent as the {loc} parameter `{pname}`.")
        return Parameter(
            wire_name=pname,
            name=name,
            location=loc,
            required=required,
            type=t,
            member_type=(f"::arize::Required<{t.cpp}>" if required else f"std::optional<{t.cpp}>"),
            doc=doc,
            checks=self.checks(t),
            to_string=_to_string(scalar),
            is_array=is_array,
            explode=bool(explode),
            wire_literal=names.cpp_string(pname),
            where=node.where,
        )

    def request_body(self, type_base: str, node: Node) -> Body | None:
        rb = node.child("requestBody")
        if rb.value is None:
            return None
        rb = rb.resolve().expect_dict("a request body object")
        content = rb.child("content")
        if not isinstance(content.value, dict) or not content.value:
            raise content.error("request body has no content")
        media = [m for m in content.value if is_json_media_type(m)]
        if not media:
            raise content.error(
                "unsupported request body media type " + ", ".join(f"'{m}'" for m in content.value) + " (only JSON)"
            )
        media_type = "application/json" if "application/json" in media else media[0]
        mnode = content.child(media_type)
        if mnode.get("schema") is None:
            t = json_type()
        else:
            t = self.type_of(mnode.child("schema"), type_base + "Body")
        required = rb.get("required") is True
        doc = doc_lines(rb.get("description") or self.annotations(mnode.child("schema"))["description"])
        if doc:
            doc.append("")
        doc.append(f"Sent as `{media_type}`" + ("." if required else "; when absent, no body is sent."))
        return Body(
            type=t,
            required=required,
            media_type=names.cpp_string(media_type),
            member_type=f"::arize::Required<{t.cpp}>" if required else f"std::optional<{t.cpp}>",
            doc=doc,
        )

    def responses(self, type_base: str, node: Node) -> tuple[list[Response], str, bool, str]:
        rnode = node.child("responses")
        if not isinstance(rnode.value, dict) or not rnode.value:
            raise rnode.error("operation has no responses")
        successes: list[tuple[str, Node]] = []
        for code, r in rnode.items():
            if code == "default":
                continue  # an error description: every undeclared status is an error
            if not re.fullmatch(r"[1-5](?:[0-9]{2}|XX|xx)", code):
                raise r.error(f"invalid response code '{code}'")
            if code.startswith("2"):
                successes.append((code, r))
        if not successes:
            raise rnode.error("operation declares no 2XX response")
        with_content = sum(1 for _, r in successes if isinstance(r.resolve().get("content"), dict) and r.resolve().get("content"))
        out: list[Response] = []
        for code, r in successes:
            r = r.resolve().expect_dict("a response object")
            content = r.child("content")
            t = None
            media_type = None
            if isinstance(content.value, dict) and content.value:
                media = [m for m in content.value if is_json_media_type(m)]
                if not media:
                    raise content.error(
                        "unsupported response media type " + ", ".join(f"'{m}'" for m in content.value) + " (only JSON)"
                    )
                media_type = "application/json" if "application/json" in media else media[0]
                mnode = content.child(media_type)
                hint = type_base + "Response" + ("" if with_content == 1 else code.upper())
                t = json_type() if mnode.get("schema") is None else self.type_of(mnode.child("schema"), hint)
            if code[1:].lower() == "xx":
                cond = f"response.status >= {code[0]}00 && response.status <= {code[0]}99"
            else:
                cond = f"response.status == {code}"
            out.append(Response(status=code.upper(), success=True, type=t, media_type=media_type, condition=cond))
        # exact codes before ranges (OpenAPI: the explicit code takes precedence)
        out.sort(key=lambda resp: resp.status.endswith("XX"))
        distinct: list[str] = []
        for resp in out:
            if resp.type is not None and resp.type.cpp not in distinct:
                distinct.append(resp.type.cpp)
        some_empty = any(resp.type is None for resp in out)
        if not distinct:
            return_type, returns_void = "void", True
        else:
            value_type = distinct[0] if len(distinct) == 1 else "std::variant<" + ", ".join(distinct) + ">"
            return_type = f"std::optional<{value_type}>" if some_empty else value_type
            returns_void = False
            for resp in out:
                if resp.type is None:
                    resp.result_expr = "std::nullopt"
                else:
                    decoded = f"::arize::decode_response<{resp.type.cpp}>(request, response)"
                    if len(distinct) > 1:
                        idx = distinct.index(resp.type.cpp)
                        decoded = f"{value_type}(std::in_place_index<{idx}>, {decoded})"
                    resp.result_expr = decoded
        media_types = []
        for resp in out:
            if resp.media_type and resp.media_type not in media_types:
                media_types.append(resp.media_type)
        accept = ", ".join(media_types) if media_types else "application/json"
        return out, return_type, returns_void, accept

    # -- whole spec --
    def build(self) -> Spec:
        root = self.root
        version = root.get("openapi")
        if not isinstance(version, str) or not re.match(r"3\.[01]\.", version):
            raise root.child("openapi").error("only OpenAPI 3.0 and 3.1 descriptions are supported")
        schemas = root.child("components").child("schemas")
        if schemas.value is not None:
            if not isinstance(schemas.value, dict):
                raise schemas.error("components/schemas must be an object")
            for sname, snode in schemas.items():
                self.type_of(snode, sname)
        apis = self.operations()
        declarations = order_declarations(self.structs)
        info = root.child("info")
        return Spec(
            spec_file=self.spec_file,
            namespace=self.namespace,
            include_prefix=self.include_prefix,
            title=str(info.get("title") or ""),
            version=str(info.get("version") or ""),
            enums=sorted(self.enums, key=lambda e: e.name),
            declarations=declarations,
            apis=apis,
        )


def _kind_text(t: TypeRef) -> str:
    return {"model": "an object", "map": "a map", "json": "free-form JSON", "array": "an array", "nullable": "a nullable"}.get(
        t.kind, t.kind
    )


def _to_string(t: TypeRef) -> str:
    return {
        "string": "$v",
        "secret": "$v.reveal()",
        "enum": "std::string(::arize::to_wire($v))",
        "bool": 'std::string($v ? "true" : "false")',
        "int32": "std::to_string($v)",
        "int64": "std::to_string($v)",
        "float": "::nlohmann::json($v).dump()",
        "double": "::nlohmann::json($v).dump()",
        "datetime": "::arize::format_datetime($v)",
    }[t.kind]


def _size_literal(v: int | None) -> str:
    return "std::nullopt" if v is None else f"std::size_t{{{v}}}"


def _bound_literal(v: int | float | None, bound: str) -> str:
    if v is None:
        return f"std::optional<{bound}>{{}}"
    if bound == "double":
        text = repr(float(v))
    else:
        text = str(int(v)) if v != -(2**63) else "std::numeric_limits<std::int64_t>::min()"
    return f"std::optional<{bound}>{{{text}}}"


def constraints_of(t: TypeRef) -> list[str]:
    out = list(t.constraints.describe())
    if t.kind in ("array", "map", "nullable") and t.inner is not None:
        inner = constraints_of(t.inner)
        if inner:
            prefix = {"array": "each item", "map": "each value", "nullable": ""}[t.kind]
            out += [f"{prefix}: {c}" if prefix else c for c in inner]
    return out


def json_type() -> TypeRef:
    return TypeRef("json", "::nlohmann::json")


def nullable_type(t: TypeRef) -> TypeRef:
    if t.kind == "nullable":
        return t
    return TypeRef("nullable", f"::arize::Nullable<{t.cpp}>", inner=t)


def check_pattern(node: Node) -> None:
    """Refuses patterns std::regex (ECMAScript) cannot run as JSON Schema means them."""
    pattern = node.value
    if not isinstance(pattern, str):
        raise node.error("pattern must be a string")
    if re.search(r"\(\?<[=!]", pattern):
        raise node.error("unsupported pattern: lookbehind is not available in std::regex")
    m = re.search(r"\(\?(?![:=!])", pattern)
    if m:
        raise node.error("unsupported pattern: '(?' groups other than (?:...), (?=...), (?!...) (named groups, inline flags) are not available in std::regex")
    for m in re.finditer(r"\\(.)", pattern):
        ch = m.group(1)
        if ch.isalnum() and ch not in "dDwWsSbBnrtfv0cxu123456789":
            raise node.error(f"unsupported pattern: escape '\\{ch}' is not available in std::regex (ECMAScript)")
    try:
        re.compile(pattern)
    except re.error as e:
        raise node.error(f"invalid pattern: {e}") from None


def value_dependencies(t: TypeRef) -> set[str]:
    """Types that must be complete before a member of type t can be declared.

    std::vector accepts an incomplete element type, so an array is where recursion may pass."""
    if t.kind == "model":
        return {t.cpp}
    if t.kind in ("nullable", "map"):
        return value_dependencies(t.inner)
    return set()


def order_declarations(structs: list[Model | Variant]) -> list[Model | Variant]:
    """Dependencies first; ties by name. A cycle through values (not arrays) is refused."""
    by_name = {d.name: d for d in structs}
    deps: dict[str, set[str]] = {}
    where: dict[tuple[str, str], str] = {}
    for d in structs:
        ds: set[str] = set()
        if isinstance(d, Model):
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
    out: list[Model | Variant] = []
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
            "recursive schema needs an infinite type: " + " -> ".join(cycle) + " (recursion is supported only through arrays)",
        )
    return out


def build(root: Node, spec_file: str, namespace: str = "arize", include_prefix: str = "arize/generated") -> Spec:
    return Builder(root, spec_file, namespace, include_prefix).build()
