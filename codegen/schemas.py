"""Schemas to C++ types: objects, enums, unions, containers, scalars and their validation.

`SchemaBuilder.type_of(node, hint)` gives the TypeRef of the schema at `node`; the declarations
it meets (Struct, Variant, Enum) are collected in `structs` and `enums`. Names come from
typenames.py, C++ spellings from cpp.py, loosened constructs are reported to Diagnostics.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from . import cpp, ir, names
from . import pattern as patterns
from .diagnostics import Diagnostics
from .ir import Alternative, Check, CheckKind, Example, Constraints, Enum, Enumerator, Field, Kind, Struct, TypeRef, Variant
from .load import Node, SpecError
from .typenames import TypeNames, component_schema_name, hint_for, ref_hint

# Keywords that only narrow which values are valid: ignoring them (with a warning) gives a type
# that still holds every valid value; the checks they ask for are not made.
IGNORED_KEYWORDS = (
    "not", "if", "then", "else", "dependentSchemas", "dependencies", "contains", "const", "propertyNames",
    "unevaluatedProperties", "unevaluatedItems",
)
# Keywords whose values the generated types cannot hold: the schema becomes nlohmann::json.
JSON_KEYWORDS = ("patternProperties", "prefixItems", "additionalItems", "$dynamicRef", "$recursiveRef")
REFUSED_KEYWORDS = {k: f"'{k}' keyword" for k in (*IGNORED_KEYWORDS, *JSON_KEYWORDS)}
# Keywords that say nothing about the type (they annotate, or are for other tools).
ANNOTATIONS = {
    "description", "summary", "title", "default", "example", "examples", "deprecated", "externalDocs", "xml",
    "$comment", "$schema", "$id", "$anchor", "contentMediaType", "contentEncoding",
}

# Keywords allowed next to a $ref (they annotate the use; they do not change the type).
REF_SIBLINGS = {
    "description", "summary", "title", "default", "example", "examples", "nullable", "readOnly",
    "writeOnly", "deprecated", "externalDocs", "xml",
}
# Also allowed next to a $ref without a warning: OpenAPI 3.1 allows siblings; `type` repeats the
# target's type and annotations say nothing about it.
QUIET_REF_SIBLINGS = REF_SIBLINGS | ANNOTATIONS | {"type", "format"}
# Keywords allowed next to a single-$ref allOf for it to stand for that type.
ALIAS_ALLOF_SIBLINGS = REF_SIBLINGS | {"allOf"}

SCHEMA_TYPES = ("string", "integer", "number", "boolean", "object", "array", "null")


def _is_null_schema(node: Node) -> bool:
    v = node.value
    if not isinstance(v, dict):
        return False
    if v.get("type") == "null":
        return True
    return "enum" in v and v["enum"] == [None]


def _is_objectish(node: Node) -> bool:
    """Whether an allOf member adds members: an object schema with properties, or an allOf of one."""
    v = node.value
    if not isinstance(v, dict):
        return False
    if v.get("properties"):
        return True
    return isinstance(v.get("allOf"), list) and any(_is_objectish(m.resolve()) for m in node.child("allOf").elements())


# Keywords of an allOf member that adds no members and constrains nothing the struct cannot hold.
_OBJECT_ONLY_KEYS = ANNOTATIONS | {"type", "required", "nullable", "properties", "additionalProperties", "readOnly", "writeOnly"}


def _without_annotations(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _without_annotations(x) for k, x in v.items() if k not in ANNOTATIONS and not k.startswith("x-")}
    if isinstance(v, list):
        return [_without_annotations(x) for x in v]
    return v


def _enum_narrowing(wider: Any, narrower: Any) -> list[Any] | None:
    """The values of `narrower` when it only narrows the string enum `wider` to some of its
    values (nothing else differs but annotations); None otherwise."""
    if not isinstance(wider, dict) or not isinstance(narrower, dict):
        return None
    w, n = _without_annotations(wider), _without_annotations(narrower)
    if not isinstance(w.get("enum"), list) or not isinstance(n.get("enum"), list) or not n["enum"]:
        return None
    if w.get("type", "string") != "string" or n.get("type", "string") != "string":
        return None
    if {k for k in n if k not in ("type", "enum")} or any(v not in w["enum"] for v in n["enum"]):
        return None
    return list(n["enum"])


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


_CONSTRAINTS = ("minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")


def _union_problem(branches: list[Node], combinator: str) -> tuple[Node, str] | None:
    """Why the alternatives of a oneOf/anyOf cannot be the alternatives of a std::variant, or None.

    All three are legal JSON Schema: an alternative that admits null (the union admits null),
    a scalar alternative with constraints (a value picks its alternative by them, which decoding
    by type cannot), two alternatives of the same C++ type (a variant cannot tell them apart).
    """
    seen: dict[tuple, Node] = {}
    for b in branches:
        try:
            r = b.resolve() if b.is_ref else b
        except SpecError:
            return None  # reported where the alternative is built
        v = r.value
        if not isinstance(v, dict):
            continue
        types = v.get("type")
        if v.get("nullable") is True or (isinstance(types, list) and "null" in types) or (isinstance(v.get("enum"), list) and None in v["enum"]):
            return b, f"unsupported schema: a nullable {combinator} alternative (make the {combinator} nullable instead)"
        if types in ("string", "integer", "number") and any(k in v for k in _CONSTRAINTS):
            return b, f"unsupported schema: constraints on a scalar {combinator} alternative"
        if types in ("string", "integer", "number", "boolean") and "enum" not in v:
            shape = (types, v.get("format") if isinstance(v.get("format"), str) else None)
            if shape in seen:
                return b, f"unsupported schema: {combinator} alternatives {seen[shape].where} and {b.where} are the same C++ type"
            seen[shape] = b
    return None


def value_dependencies(t: TypeRef) -> set[str]:
    """Types that must be complete before a member of type t can be declared.

    std::vector accepts an incomplete element type, so an array is where recursion may pass."""
    if t.kind == Kind.MODEL:
        return {t.decl.name}
    if t.kind in (Kind.NULLABLE, Kind.MAP):
        return value_dependencies(t.inner)
    return set()


def _false_all_of_member(node: Node) -> Node | None:
    """The first allOf member, through nested allOfs and $refs, that is the schema false, or None.

    A boolean allOf member is legal (JSON Schema 2020-12 §4.3.2): `true` adds nothing; `false`
    admits no value, so neither does the allOf."""
    seen: set[tuple] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if current.key in seen or not isinstance(current.value, dict) or not isinstance(current.value.get("allOf"), list):
            continue
        seen.add(current.key)
        for member in current.child("allOf").elements():
            try:
                target = member.resolve()
            except SpecError:
                continue  # reported where the member is built
            if target.value is False:
                return member
            todo.append(target)
    return None


class SchemaBuilder:
    """Schemas to types: one TypeRef per schema place, declarations collected as they are met."""

    def __init__(self, type_names: TypeNames, diagnostics: Diagnostics, openapi_31: bool = False):
        self.type_names = type_names
        self.openapi_31 = openapi_31
        self.diagnostics = diagnostics
        self.memo: dict[tuple, TypeRef] = {}
        self.in_progress: set[tuple] = set()
        self.enums: list[Enum] = []
        self.structs: list[Struct | Variant] = []
        self.regex_count = 0
        self.examples: list[Example] = []
        self.building: list[str] = []  # models whose members are being built (outermost first)
        # a finished declaration -> the models still being built that it holds by value (a oneOf
        # alternative holds its type by value): a member of that declaration's type needs a Box
        self.holds_open: dict[str, set[str]] = {}
        self.open_unions: dict[tuple, bool] = {}  # oneOf/anyOf being built -> whether it was referred to meanwhile

    # -- types --
    def type_of(self, node: Node, hint: str) -> TypeRef:
        """The C++ type of the schema at `node` (a $ref or an inline schema)."""
        if node.is_ref:
            if node.key in self.diagnostics.dangling:
                return ir.json_type()
            for key in node.value:
                if key != "$ref" and key not in REF_SIBLINGS and not key.startswith("x-"):
                    if key in QUIET_REF_SIBLINGS and not self.diagnostics.strict:
                        continue
                    self.diagnostics.loosen(node.child(key), f"unsupported schema: '{key}' next to $ref", "ignored (the target's type is used)")
            target = node.resolve()
            t = self.type_at(target, hint_for(target, ref_hint(target, hint)))
            if node.get("nullable") is True and t.kind != Kind.NULLABLE:
                t = ir.nullable_type(t)
            return t
        return self.type_at(node, hint_for(node, hint))

    def type_at(self, node: Node, hint: str) -> TypeRef:
        key = node.key
        if key in self.memo:
            if key in self.open_unions:
                self.open_unions[key] = True  # the union refers to itself while being built
            return self.memo[key]
        if key in self.in_progress:
            # Legal JSON Schema (`L: {items: {$ref: L}}` holds nested arrays of any depth), but a
            # C++ alias of a vector of itself is an infinite type: the recursion stops at a
            # generic JSON value.
            self.diagnostics.loosen(
                node, "recursive schema needs an infinite type (recursion is supported only through a struct)", "generated as nlohmann::json"
            )
            return ir.json_type()
        self.in_progress.add(key)
        try:
            t = self._type_at(node, hint)
        finally:
            self.in_progress.discard(key)
        self.memo[key] = t
        self.examples_of(node, node, t)
        return t

    def examples_of(self, holder: Node, schema: Node, t: TypeRef) -> None:
        """Records the `example` / `examples` of `holder` (a schema or a media type object)."""
        if not isinstance(holder.value, dict) or t.kind == Kind.FILE:
            return
        found: list[Node] = []
        if "example" in holder.value:
            found.append(holder.child("example"))
        ex = holder.child("examples")
        if isinstance(ex.value, list):  # a schema's (JSON Schema 2020-12)
            found += list(ex.elements())
        elif isinstance(ex.value, dict):  # a media type's: name -> Example Object (or $ref)
            for _, e in ex.items():
                try:
                    e = e.resolve()
                except SpecError:
                    continue
                if isinstance(e.value, dict) and "value" in e.value:
                    found.append(e.child("value"))
        self.examples += [Example(n.where, schema.where, t, n.value) for n in found]

    def _type_at(self, node: Node, hint: str) -> TypeRef:
        v = node.value
        if v is True or v == {}:
            return ir.json_type()
        if v is False:  # JSON Schema 2020-12 §4.3.2: no value is valid (a property that must be absent)
            self.diagnostics.loosen(node, "unsupported schema: the schema false (no value is valid)", "generated as nlohmann::json (not checked)")
            return ir.json_type()
        if not isinstance(v, dict):
            raise node.error("unsupported schema: expected an object")
        for key in v:
            if key in IGNORED_KEYWORDS:
                self.diagnostics.loosen(node, f"unsupported schema: {REFUSED_KEYWORDS[key]}", "the keyword is ignored (not checked)")
        for key in v:
            if key in JSON_KEYWORDS:
                self.diagnostics.loosen(node, f"unsupported schema: {REFUSED_KEYWORDS[key]}", "generated as nlohmann::json")
                return ir.json_type()
        if v.get("writeOnly") is True and v.get("readOnly") is True and not self.openapi_31:
            # OAS 3.0 §4.7.24.1 forbids it; 3.1 allows it (the member is loosened in field())
            raise node.error("unsupported schema: both readOnly and writeOnly")
        nullable = v.get("nullable") is True
        types = v.get("type")
        if isinstance(types, list):
            rest = [t for t in types if t != "null"]
            if not all(isinstance(t, str) for t in types):
                raise node.child("type").error("type must be a string or a list of strings")
            if len(rest) == 1 and len(types) == len(rest) + ("null" in types) and not self.diagnostics.strict:
                pass  # [X] is X
            elif len(rest) != 1 or len(types) != len(rest) + 1:
                self.diagnostics.loosen(
                    node.child("type"),
                    f"unsupported schema: type list {json.dumps(types)} (only [X, \"null\"] is supported)",
                    "generated as nlohmann::json",
                )
                return ir.json_type()
            nullable = nullable or "null" in types
            types = rest[0]
        if types is not None and types not in SCHEMA_TYPES:
            raise node.child("type").error(f"unsupported schema: unknown type {json.dumps(types)}")
        if types == "null":
            self.diagnostics.loosen(node.child("type"), "unsupported schema: a schema that is only null", "generated as nlohmann::json")
            return ir.json_type()

        if "allOf" in v:
            if "oneOf" in v or "anyOf" in v or "enum" in v:
                self.diagnostics.loosen(node.child("allOf"), "unsupported schema: allOf combined with oneOf/anyOf/enum", "generated as nlohmann::json")
                return ir.json_type()
            t = self.all_of(node, hint, nullable)
        elif "oneOf" in v or "anyOf" in v:
            if "oneOf" in v and "anyOf" in v:
                self.diagnostics.loosen(node.child("anyOf"), "unsupported schema: oneOf and anyOf together", "generated as nlohmann::json")
                return ir.json_type()
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
            t = ir.json_type()  # no type: any JSON value
        if nullable and t.kind not in (Kind.NULLABLE, Kind.JSON):
            t = ir.nullable_type(t)
        return t

    def primitive(self, node: Node, type_name: str) -> TypeRef:
        fmt = node.get("format")
        if type_name == "string":
            for key in ("minLength", "maxLength"):
                if key in node.value and (not isinstance(node.value[key], int) or isinstance(node.value[key], bool) or node.value[key] < 0):
                    raise node.child(key).error(f"{key} must be a non-negative integer")
            pattern = node.get("pattern")
            if pattern is not None:
                problem = check_pattern(node.child("pattern"))
                if problem:
                    self.diagnostics.loosen(node.child("pattern"), problem, "the pattern is not checked")
                    pattern = None
            if fmt == "date-time":
                return ir.scalar_type(Kind.DATETIME)
            if fmt == "password":
                return ir.scalar_type(Kind.SECRET)
            if fmt == "binary":
                return ir.scalar_type(Kind.FILE)
            c = Constraints(min_length=node.get("minLength"), max_length=node.get("maxLength"), pattern=pattern)
            return ir.scalar_type(Kind.STRING, c)
        if type_name == "boolean":
            return ir.scalar_type(Kind.BOOL)
        c = self.range_constraints(node)
        if type_name == "integer":
            if fmt in (None, "int64"):
                return ir.scalar_type(Kind.INT64, c)
            if fmt == "int32":
                return ir.scalar_type(Kind.INT32, c)
            self.diagnostics.loosen(node.child("format"), f"unsupported schema: integer format '{fmt}'", "generated as std::int64_t")
            return ir.scalar_type(Kind.INT64, c)
        if fmt in (None, "double"):
            return ir.scalar_type(Kind.DOUBLE, c)
        if fmt == "float":
            return ir.scalar_type(Kind.FLOAT, c)
        self.diagnostics.loosen(node.child("format"), f"unsupported schema: number format '{fmt}'", "generated as double")
        return ir.scalar_type(Kind.DOUBLE, c)

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
            inner = ir.json_type()
        elif isinstance(items.value, list):
            self.diagnostics.loosen(items, "unsupported schema: tuple-style items (a list)", "items generated as nlohmann::json")
            inner = ir.json_type()
        else:
            inner = self.type_of(items, hint + "Item")
        for key in ("minItems", "maxItems"):
            if key in node.value and (not isinstance(node.value[key], int) or isinstance(node.value[key], bool) or node.value[key] < 0):
                raise node.child(key).error(f"{key} must be a non-negative integer")
        c = Constraints(min_items=node.get("minItems"), max_items=node.get("maxItems"))
        return ir.array_type(inner, c)

    def object(self, node: Node, hint: str, nullable: bool) -> TypeRef:
        props = node.get("properties")
        if props is not None and not isinstance(props, dict):
            raise node.child("properties").error("properties must be an object")
        ap = node.child("additionalProperties")
        ap_is_schema = isinstance(ap.value, dict) and ap.value != {}
        if not props:
            if ap_is_schema:
                inner = self.type_of(ap, hint + "Value")
                return ir.map_type(inner)
            if ap.value not in (None, True, False, {}):
                raise ap.error("additionalProperties must be a boolean or a schema")
            if "required" in node.value and node.value["required"]:
                self.diagnostics.loosen(
                    node.child("required"), "required properties on an object without properties", "generated as nlohmann::json"
                )
            return ir.json_type()  # free-form object
        if ap_is_schema:
            self.diagnostics.loosen(
                ap, "unsupported schema: properties together with an additionalProperties schema", "additional properties are not kept"
            )
        return self.struct(node, hint, nullable)

    def struct(self, node: Node, hint: str, nullable: bool) -> TypeRef:
        conflicts: set[str] = set()
        properties, required = self.collect_properties(node, [], conflicts)
        for req_name, req_node in required.items():
            if req_name not in properties:
                self.diagnostics.loosen(
                    req_node, f"required property '{req_name}' is not defined", "not checked (the object has no such member)"
                )
        if not properties:
            self.diagnostics.loosen(node, "unsupported schema: allOf merges to an object without properties", "generated as nlohmann::json")
            return ir.json_type()
        name = self.type_names.name_at(node, hint, "this schema")
        model = Struct(name=name, schema_name=hint, doc=cpp.doc_lines(node.get("title"), node.get("description")), fields=[], where=node.where)
        t = ir.model_type(model)
        self.memo[node.key] = ir.nullable_type(t) if nullable else t
        self.in_progress.discard(node.key)
        member_names, renames = names.unique_members(list(properties), lambda w: names.member_name(w) or "unnamed")
        for wire, base, winner in renames:
            self.diagnostics.loosen(
                properties[wire],
                f"properties '{winner}' and '{wire}' both become the C++ member '{base}'",
                f"'{wire}' is the member '{member_names[wire]}'",
            )
        self.building.append(name)
        for wire, pnode in properties.items():
            member = member_names[wire]
            if names.member_name(wire) is None:  # any string is a property name (JSON Schema 2020-12 §10.3.2.1)
                self.diagnostics.loosen(pnode, f"cannot derive a C++ member name from property '{wire}'", f"the member is named '{member}'")
            model.fields.append(self.field(model, wire, member, pnode, wire in required, wire in conflicts))
        self.building.pop()
        self.finished(model, [f.type for f in model.fields])
        self.structs.append(model)
        return ir.nullable_type(t) if nullable else t

    def collect_properties(
        self, node: Node, stack: list[tuple], conflicts: set[str]
    ) -> tuple[dict[str, Node], dict[str, Node]]:
        """Properties and required names of an object schema, allOf members merged in order.
        Properties two members define differently (beyond annotations) are added to `conflicts`."""
        if node.key in stack:
            raise node.error("unsupported schema: allOf includes itself")
        stack = stack + [node.key]
        properties: dict[str, Node] = {}
        required: dict[str, Node] = {}

        def merge(props: dict[str, Node], req: dict[str, Node]) -> None:
            for wire, pnode in props.items():
                if wire in properties and properties[wire].key != pnode.key:
                    before, after = properties[wire].resolve(), pnode.resolve()
                    if before.key != after.key and before.value != after.value:
                        if _without_annotations(before.value) == _without_annotations(after.value):
                            continue  # the same schema, described differently
                        narrowed = _enum_narrowing(before.value, after.value)
                        if narrowed is not None:
                            # `allOf: [Base, {properties: {kind: {enum: [A]}}}]` pins a value of
                            # Base's enum: the member keeps Base's enum type, and the pin holds
                            # where a discriminator selects this schema (its validation checks the
                            # tag), not when the schema is decoded on its own.
                            self.diagnostics.loosen(
                                pnode,
                                f"property '{wire}' narrows its enum to {narrowed} in an allOf member",
                                "generated as the wider enum (the narrowing holds through a discriminator only)",
                            )
                            continue
                        if wire not in conflicts:
                            self.diagnostics.loosen(
                                pnode, f"property '{wire}' is defined differently in two allOf members", "generated as nlohmann::json"
                            )
                            conflicts.add(wire)
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
                if tv is True:
                    continue  # the schema true adds nothing (a member false made the allOf nlohmann::json)
                if not isinstance(tv, dict):
                    raise member.error("unsupported schema: allOf member is not a schema object")
                for key in tv:
                    if key in REFUSED_KEYWORDS:
                        self.diagnostics.loosen(target, f"unsupported schema: {REFUSED_KEYWORDS[key]}", "the keyword is ignored (not checked)")
                if "oneOf" in tv or "anyOf" in tv:
                    self.diagnostics.loosen(member, "unsupported schema: allOf member with oneOf/anyOf", "the member is ignored")
                    continue
                if tv.get("type") not in (None, "object") or "enum" in tv or "items" in tv:
                    self.diagnostics.loosen(member, "unsupported schema: allOf member that is not an object", "the member is ignored")
                    continue
                ap = tv.get("additionalProperties")
                if isinstance(ap, dict) and ap != {}:
                    self.diagnostics.loosen(
                        member, "unsupported schema: allOf member with an additionalProperties schema", "additional properties are not kept"
                    )
                if not tv.get("properties") and "allOf" not in tv:
                    # {type: object}, {nullable: false}, {required: [...]}: adds no member
                    extra = sorted(k for k in tv if k not in _OBJECT_ONLY_KEYS and not k.startswith("x-"))
                    if extra or self.diagnostics.strict:
                        self.diagnostics.loosen(
                            member,
                            "unsupported schema: allOf member is an object with neither properties nor allOf (a struct is needed here)",
                            f"its {', '.join(extra) or 'keywords'} not checked",
                        )
                merge(*self.collect_properties(target, stack, conflicts))
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

    def field(self, model: Struct, wire: str, name: str, pnode: Node, required: bool, conflict: bool = False) -> Field:
        t = ir.json_type() if conflict else self.type_of(pnode, model.name + (names.type_name(wire) or "Field"))
        boxed = self.boxed(t)
        if boxed is not t:
            self.diagnostics.extension(pnode, f"recursion through a member that is not an array ({model.name} -> {cpp.type_name(t)})")
            t = boxed
        meta = self.annotations(pnode)
        if meta["readOnly"] and meta["writeOnly"]:
            # Legal in 3.1 (neither sent nor returned), which no member can express: the flags are dropped.
            self.diagnostics.loosen(
                pnode, "unsupported schema: both readOnly and writeOnly", "an optional member, sent and received (the flags are ignored)"
            )
            meta["readOnly"] = meta["writeOnly"] = required = False
        read_only = meta["readOnly"]
        if meta["writeOnly"] and required:
            self.diagnostics.loosen(pnode, "unsupported schema: a required writeOnly property", "an optional member (absent in responses)")
            required = False
        optional_member = read_only or not required
        doc = cpp.doc_lines(meta["description"])
        doc += self.notes(t, meta, required, read_only)
        return Field(
            wire_name=wire,
            name=name,
            type=t,
            required=required,
            read_only=read_only,
            is_optional_member=optional_member,
            doc=doc,
            checks=self.checks(t),
            where=pnode.where,
        )

    def boxed(self, t: TypeRef) -> TypeRef:
        """t, with the models still being built (recursion) held by value-semantic ::arize::Box.

        A struct cannot hold itself (or an optional or map of itself) by value, nor a oneOf that
        holds it by value (`S: {properties: {v: V}}`, `V: {oneOf: [S, string]}`); std::vector can."""
        if t.kind == Kind.MODEL and (t.decl.name in self.building or not self.holds_open.get(t.decl.name, set()).isdisjoint(self.building)):
            return ir.box_type(t)
        if t.kind == Kind.NULLABLE:
            inner = self.boxed(t.inner)
            return t if inner is t.inner else ir.nullable_type(inner)
        if t.kind == Kind.MAP:
            inner = self.boxed(t.inner)
            return t if inner is t.inner else ir.map_type(inner)
        return t

    def finished(self, decl: Struct | Variant, held: list[TypeRef]) -> None:
        """Records which models still being built `decl` holds by value (directly or through its members)."""
        open_ones = {
            name
            for t in held
            for dep in value_dependencies(t)
            for name in ({dep} | self.holds_open.get(dep, set()))
            if name in self.building
        }
        if open_ones:
            self.holds_open[decl.name] = open_ones

    def annotations(self, node: Node) -> dict[str, Any]:
        """description/default/readOnly/... of a use of a schema, falling back to its target."""
        chain = [node]
        current = node
        for _ in range(16):
            nxt = None
            if current.is_ref and current.key not in self.diagnostics.dangling:
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
        c = cpp.constraints_text(t)
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
        if not isinstance(values, list):  # JSON Schema Validation 2020-12 §6.1.2: MUST be an array
            raise values_node.error("enum must be a list")
        if not values:  # only SHOULD have an element: no value is valid
            self.diagnostics.loosen(values_node, "unsupported schema: an empty enum (no value is valid)", "generated as nlohmann::json (not checked)")
            return ir.json_type()
        if types not in (None, "string"):
            self.diagnostics.loosen(
                node.child("type"), f"unsupported schema: non-string enum (type {types})", f"generated as its type ({types}); values not checked"
            )
            return self.primitive(node, types) if types in ("integer", "number", "boolean") else ir.json_type()
        for i, wire in enumerate(values):
            if wire is not None and not isinstance(wire, str):
                self.diagnostics.loosen(
                    values_node.child(i), f"unsupported schema: non-string enum value {json.dumps(wire)}", "generated as nlohmann::json"
                )
                return ir.json_type()
        name = self.type_names.name_at(node, hint, "this enum")
        e = Enum(name=name, schema_name=hint, doc=cpp.doc_lines(node.get("title"), node.get("description")), values=[], where=node.where)
        wires: list[str] = []
        for i, wire in enumerate(values):
            if wire is None:
                continue  # null: the field is nullable (handled by the caller)
            if wire in wires:
                self.diagnostics.loosen(values_node.child(i), f"duplicate enum value '{wire}'", "the repetition is ignored")
                continue
            wires.append(wire)
        enumerators, renames = names.unique_members(wires, lambda w: names.enumerator_name(w) or "unnamed")
        for wire, base, winner in renames:
            self.diagnostics.loosen(
                values_node.child(values.index(wire)),
                f"enum values '{winner}' and '{wire}' both become the enumerator '{base}'",
                f"'{wire}' is the enumerator '{enumerators[wire]}'",
            )
        for wire in wires:
            if names.enumerator_name(wire) is None:  # any string is an enum value
                self.diagnostics.loosen(
                    values_node.child(values.index(wire)), f"cannot derive a C++ enumerator name from '{wire}'", f"the enumerator is named '{enumerators[wire]}'"
                )
            e.values.append(Enumerator(enumerators[wire], wire))
        if not e.values:
            self.diagnostics.loosen(values_node, "unsupported schema: an enum of only null", "generated as nlohmann::json")
            return ir.json_type()
        self.enums.append(e)
        t = ir.enum_type(e)
        if None in values:
            return ir.nullable_type(t)
        return t

    def all_of(self, node: Node, hint: str, nullable: bool) -> TypeRef:
        members = node.child("allOf")
        if not isinstance(members.value, list) or not members.value:
            raise members.error("allOf must be a non-empty list")
        v = node.value
        unsatisfiable = _false_all_of_member(node)
        if unsatisfiable is not None:
            self.diagnostics.loosen(
                unsatisfiable, "unsupported schema: an allOf member that is the schema false (no value is valid)", "generated as nlohmann::json (not checked)"
            )
            return ir.json_type()
        if len(members.value) == 1 and all(k in ALIAS_ALLOF_SIBLINGS or k.startswith("x-") for k in v):
            # `allOf: [$ref X]` plus annotations (default, description, ...) is X itself.
            t = self.type_of(members.child(0), hint)
            return t
        if v.get("type") not in (None, "object"):
            self.diagnostics.loosen(
                node.child("type"), "unsupported schema: allOf with a non-object type", "the first member's type is used"
            )
            return self.type_of(members.child(0), hint)
        if not any(_is_objectish(m.resolve()) for m in members.elements()) and "properties" not in v:
            # every member is a scalar, an array or constraints: the value is the first typed member's
            typed = [m for m in members.elements() if m.is_ref or (isinstance(m.value, dict) and "type" in m.value)] or [members.child(0)]
            self.diagnostics.loosen(
                members, "unsupported schema: allOf members that are not objects", f"the type of {typed[0].where} is used"
            )
            return self.type_of(typed[0], hint)
        return self.struct(node, hint, nullable)

    def union(self, node: Node, hint: str, nullable: bool) -> TypeRef:
        combinator = "oneOf" if "oneOf" in node.value else "anyOf"
        branches_node = node.child(combinator)
        if not isinstance(branches_node.value, list) or not branches_node.value:
            raise branches_node.error(f"{combinator} must be a non-empty list")
        for key in ("properties", "items", "additionalProperties"):
            if key in node.value:
                self.diagnostics.loosen(node.child(key), f"unsupported schema: '{key}' next to {combinator}", "generated as nlohmann::json")
                return ir.json_type()
        branches = []
        for b in branches_node.elements():
            if _is_null_schema(b.resolve() if b.is_ref else b):
                nullable = True
            else:
                branches.append(b)
        if not branches:
            self.diagnostics.loosen(branches_node, f"unsupported schema: {combinator} of only null", "generated as nlohmann::json")
            return ir.json_type()
        if len(branches) == 1 and "discriminator" not in node.value:
            t = self.type_of(branches[0], hint)
            return ir.nullable_type(t) if nullable else t
        problem = _union_problem(branches, combinator)
        if problem is not None:
            where, refusal = problem
            self.diagnostics.loosen(where, refusal, "generated as nlohmann::json")
            return ir.json_type()
        name = self.type_names.name_at(node, hint, f"this {combinator}")
        variant = Variant(
            name=name,
            schema_name=hint,
            doc=cpp.doc_lines(node.get("title"), node.get("description")),
            combinator=combinator,
            alternatives=[],
            where=node.where,
        )
        t = ir.model_type(variant)
        self.memo[node.key] = ir.nullable_type(t) if nullable else t
        self.in_progress.discard(node.key)
        seen_cpp: dict[str, str] = {}
        resolved_keys = []
        same_type: tuple[Node, str] | None = None
        self.building.append(name)
        self.open_unions[node.key] = False
        for i, b in enumerate(branches):
            bt = self.type_of(b, f"{name}Option{i + 1}")
            if bt.kind == Kind.NULLABLE:
                raise b.error(f"unsupported schema: a nullable {combinator} alternative (make the {combinator} nullable instead)")
            if bt.kind in (Kind.STRING, Kind.INT32, Kind.INT64, Kind.FLOAT, Kind.DOUBLE) and (
                bt.constraints.has_length or bt.constraints.has_range or bt.constraints.pattern is not None
            ):
                raise b.error(f"unsupported schema: constraints on a scalar {combinator} alternative")
            spelled = cpp.type_name(bt)  # std::variant cannot tell two alternatives of one C++ type apart
            if spelled in seen_cpp and same_type is None:
                same_type = b, f"unsupported schema: {combinator} alternatives {seen_cpp[spelled]} and {b.where} are the same C++ type {spelled}"
            seen_cpp[spelled] = b.where
            target = b.resolve()
            resolved_keys.append(target.key)
            variant.alternatives.append(Alternative(type=bt))
        self.building.pop()
        self.finished(variant, [a.type for a in variant.alternatives])
        referred_to = self.open_unions.pop(node.key)
        if same_type is not None:
            # Legal (two arrays of strings with different constraints), but a std::variant of two
            # equal types cannot tell them apart: the union becomes a generic JSON value. A union
            # that already refers to itself has handed out its variant type: still refused.
            where, refusal = same_type
            if referred_to:
                raise where.error(refusal)
            self.diagnostics.loosen(where, refusal, "generated as nlohmann::json")
            return ir.json_type()
        if "discriminator" in node.value:
            try:
                self.discriminator(node, variant, branches, resolved_keys)
            except SpecError as e:
                if self.diagnostics.strict:
                    raise
                self.diagnostics.loosen(e.where, e.message, f"the discriminator is ignored ({combinator} decoding by trying each alternative)")
                variant.discriminator, variant.expected_values_text = None, ""
                for alt in variant.alternatives:
                    alt.discriminator_values, alt.discriminator_field = [], None
        self.structs.append(variant)
        return ir.nullable_type(t) if nullable else t

    def discriminator(self, node: Node, variant: Variant, branches: list[Node], resolved_keys: list[tuple]) -> None:
        dnode = node.child("discriminator")
        prop = dnode.get("propertyName")
        if not isinstance(prop, str) or not prop:
            raise dnode.error("discriminator needs a propertyName")
        variant.discriminator = prop
        for alt, b in zip(variant.alternatives, branches):
            model = alt.type.decl
            if alt.type.kind != Kind.MODEL or not isinstance(model, Struct):
                raise b.error("unsupported schema: a discriminator needs every alternative to be an object schema")
            fld = next((f for f in model.fields if f.wire_name == prop), None)
            if fld is None:
                raise b.error(f"discriminator property '{prop}' is missing in alternative {model.schema_name}")
            if not fld.required or fld.read_only:
                raise b.error(f"discriminator property '{prop}' must be required in alternative {model.schema_name}")
            alt.discriminator_field = fld
            if fld.type.kind not in (Kind.STRING, Kind.ENUM):
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
                component = component_schema_name(b.resolve())
                if component is not None:
                    values = [component]
                else:
                    raise b.error("discriminator: this alternative has no value (add a mapping entry for it)")
            for value in values:
                if value in all_values:
                    raise dnode.error(f"discriminator value '{value}' maps to two alternatives")
                all_values[value] = i
            alt.discriminator_values = values
        variant.expected_values_text = ", ".join(sorted(all_values))

    # -- validation --
    def checks(self, t: TypeRef) -> list[Check]:
        out: list[Check] = []
        c = t.constraints
        if t.kind == Kind.STRING:
            if c.has_length:
                out.append(Check(CheckKind.LENGTH, c))
            if c.pattern is not None:
                self.regex_count += 1
                out.append(Check(CheckKind.PATTERN, c, pattern_index=self.regex_count))
        elif t.kind in (Kind.INT32, Kind.INT64, Kind.FLOAT, Kind.DOUBLE) and c.has_range:
            integral = t.kind in (Kind.INT32, Kind.INT64) and all(
                b is None or (isinstance(b, int) and -(2**63) < b < 2**63) for b in (c.minimum, c.maximum)
            )
            out.append(Check(CheckKind.RANGE, c, integral=integral))
        elif t.kind == Kind.ARRAY:
            if c.has_items:
                out.append(Check(CheckKind.ITEMS, c))
            inner = self.checks(t.inner)
            if inner:
                out.append(Check(CheckKind.EACH, inner=inner))
        elif t.kind == Kind.MAP:
            inner = self.checks(t.inner)
            if inner:
                out.append(Check(CheckKind.VALUES, inner=inner))
        elif t.kind == Kind.NULLABLE:
            inner = self.checks(t.inner)
            if inner:
                out.append(Check(CheckKind.NULLABLE, inner=inner))
        elif t.kind in (Kind.MODEL, Kind.BOX):
            out.append(Check(CheckKind.NESTED))
        return out

    # -- operations --

def check_pattern(node: Node) -> str | None:
    """Why the runtime matcher (core/pattern.hpp) cannot check the pattern, or None."""
    pattern = node.value
    if not isinstance(pattern, str):
        raise node.error("pattern must be a string")
    return patterns.problem(pattern)
