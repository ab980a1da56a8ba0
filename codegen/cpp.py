"""The C++ mapping layer: how C++ spells the values of the IR (types, declared member types,
literals, to-text conversions, validation bounds, union and response expressions).

The IR (ir.py) holds no C++ text: the translate stage decides *what* a thing is, and these
functions, called by the templates as the Jinja filters of FILTERS (render.py registers them),
say how C++ spells it when rendering. Another target language would replace this module and
the templates. Also here: doc comment text (doc_lines, constraints_text, kind_text), which the
translate stage uses.
"""

from __future__ import annotations

from typing import Any

from . import names
from .ir import Alternative, Body, Check, CheckKind, Encoding, Field, FormField, FormPart, Kind, Operation, Parameter, Response, TypeRef, Variant

_SCALARS = {
    Kind.STRING: "std::string",
    Kind.BOOL: "bool",
    Kind.INT32: "std::int32_t",
    Kind.INT64: "std::int64_t",
    Kind.FLOAT: "float",
    Kind.DOUBLE: "double",
    Kind.DATETIME: "::arize::DateTime",
    Kind.SECRET: "::arize::Secret",
    Kind.JSON: "::nlohmann::json",
    Kind.FILE: "::arize::File",
}


def type_name(t: TypeRef) -> str:
    """How C++ spells the type t (a member's value type, a decode target)."""
    if t.kind in _SCALARS:
        return _SCALARS[t.kind]
    if t.kind == Kind.ENUM:
        return f"::arize::Open<{t.decl.name}>"
    if t.kind == Kind.MODEL:
        return t.decl.name
    inner = type_name(t.inner)
    return {
        Kind.NULLABLE: f"::arize::Nullable<{inner}>",
        Kind.ARRAY: f"std::vector<{inner}>",
        Kind.MAP: f"std::map<std::string, {inner}>",
        Kind.BOX: f"::arize::Box<{inner}>",
    }[t.kind]


def required_member(t: TypeRef) -> str:
    return f"::arize::Required<{type_name(t)}>"


def optional_member(t: TypeRef) -> str:
    return f"std::optional<{type_name(t)}>"


def member_type(t: TypeRef, optional: bool) -> str:
    return optional_member(t) if optional else required_member(t)


def variant_type(d: Variant) -> str:
    """The std::variant a oneOf/anyOf holds its value in, one alternative per index."""
    return "std::variant<" + ", ".join(type_name(a.type) for a in d.alternatives) + ">"


def alternative_label(a: Alternative) -> str:
    """An alternative in messages and comments: its schema's name, or its C++ type."""
    if a.type.kind == Kind.MODEL and a.type.decl is not None:
        return a.type.decl.schema_name
    return type_name(a.type)


def discriminator_access(a: Alternative, value: str) -> str:
    """The tag text of the alternative `value` (a string member, or an enum's wire text)."""
    f = a.discriminator_field
    return f"{value}.{f.name}.wire()" if f.type.kind == Kind.ENUM else f"{value}.{f.name}"


def declared_type(x: Field | Parameter | Body) -> str:
    """The declared C++ type of a struct member, request parameter or request body."""
    return member_type(x.type, x.is_optional_member)


def scalar_text(t: TypeRef, value: str) -> str:
    """The C++ expression turning the scalar `value` (an expression of type t) into its text in a
    URL, header or form."""
    k = t.kind
    if k == Kind.STRING:
        return value
    if k == Kind.SECRET:
        return f"{value}.reveal()"
    if k == Kind.ENUM:
        return f"std::string(::arize::to_wire({value}))"
    if k == Kind.BOOL:
        return f'std::string({value} ? "true" : "false")'
    if k in (Kind.INT32, Kind.INT64):
        return f"std::to_string({value})"
    if k in (Kind.FLOAT, Kind.DOUBLE):
        return f"::nlohmann::json({value}).dump()"
    if k == Kind.DATETIME:
        return f"::arize::format_datetime({value})"
    raise ValueError(f"not a scalar: {k}")


def parameter_text(p: Parameter, value: str) -> str:
    """The text of parameter p's `value` (an element, for an array parameter) in its URL or header."""
    return scalar_text(p.type.inner if p.is_array else p.type, value)


def form_method(f: FormField) -> str:
    """The member function of ::arize::FormBody / MultipartBody that adds f."""
    return {FormPart.TEXT: "add_text", FormPart.FILE: "add_file", FormPart.JSON: "add_json"}[f.kind]


def form_text(f: FormField, value: str) -> str:
    """What a form or multipart body adds for member f's `value` (an element, when repeated)."""
    if f.kind == FormPart.FILE:
        return value
    if f.kind == FormPart.TEXT:
        return scalar_text(f.type, value)
    return f"::arize::encode({value})"


def size_literal(v: int | None) -> str:
    return "std::nullopt" if v is None else f"std::size_t{{{v}}}"


def bound_literal(v: int | float | None, bound: str) -> str:
    if v is None:
        return f"std::optional<{bound}>{{}}"
    if bound == "double":
        text = repr(float(v))
    else:
        text = str(int(v)) if v != -(2**63) else "std::numeric_limits<std::int64_t>::min()"
    return f"std::optional<{bound}>{{{text}}}"


def check_bounds(c: Check) -> tuple[str, str]:
    """The lower and upper bound arguments of a length, items or range check."""
    k = c.constraints
    if c.kind == CheckKind.LENGTH:
        return size_literal(k.min_length), size_literal(k.max_length)
    if c.kind == CheckKind.ITEMS:
        return size_literal(k.min_items), size_literal(k.max_items)
    bound = "std::int64_t" if c.integral else "double"
    return bound_literal(k.minimum, bound), bound_literal(k.maximum, bound)


def string(text: str) -> str:
    return names.cpp_string(text)


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


def constraints_text(t: TypeRef) -> list[str]:
    """The constraints of t (and of its elements) in words, for doc comments."""
    out = list(t.constraints.describe())
    if t.kind in (Kind.ARRAY, Kind.MAP, Kind.NULLABLE, Kind.BOX) and t.inner is not None:
        inner = constraints_text(t.inner)
        if inner:
            prefix = {Kind.ARRAY: "each item", Kind.MAP: "each value"}.get(t.kind, "")
            out += [f"{prefix}: {c}" if prefix else c for c in inner]
    return out


def kind_text(t: TypeRef) -> str:
    return {
        Kind.MODEL: "an object",
        Kind.MAP: "a map",
        Kind.JSON: "free-form JSON",
        Kind.ARRAY: "an array",
        Kind.NULLABLE: "a nullable",
        Kind.FILE: "a file",
    }.get(t.kind, str(t.kind))


# -- responses --
def status_condition(r: Response) -> str:
    """The test of `response.status` for a response's code: `200`, or a range `2XX`."""
    code = r.status
    if code[1:].lower() == "xx":
        return f"response.status >= {code[0]}00 && response.status <= {code[0]}99"
    return f"response.status == {code}"


def _distinct(op: Operation) -> list[str]:
    """The distinct C++ types of the success responses with content, in match order."""
    out: list[str] = []
    for r in op.responses:
        if r.type is not None and type_name(r.type) not in out:
            out.append(type_name(r.type))
    return out


def _value_type(distinct: list[str]) -> str:
    return distinct[0] if len(distinct) == 1 else "std::variant<" + ", ".join(distinct) + ">"


def return_type(op: Operation) -> str:
    """What an operation returns: void, the one type, or a variant of the distinct response types;
    in std::optional when some success responses have no content."""
    distinct = _distinct(op)
    if not distinct:
        return "void"
    some_empty = any(r.type is None for r in op.responses)
    return f"std::optional<{_value_type(distinct)}>" if some_empty else _value_type(distinct)


def result_expression(op: Operation, r: Response) -> str:
    """The expression returned for the success response r of op (no content: std::nullopt)."""
    if r.type is None:
        return "std::nullopt"
    distinct = _distinct(op)
    decoded = "response.body" if r.encoding == Encoding.RAW else f"::arize::decode_response<{type_name(r.type)}>(request, response)"
    if len(distinct) > 1:
        decoded = f"{_value_type(distinct)}(std::in_place_index<{distinct.index(type_name(r.type))}>, {decoded})"
    return decoded


# The templates' names for the spellings above (render.py registers them as Jinja filters).
FILTERS = {
    "cpp_string": names.cpp_string,  # a C++ string literal
    "cpp_string_body": lambda text: names.cpp_string(str(text))[1:-1],  # its inside, to put in a larger literal
    "cpp_raw_string": names.raw_string,  # a pattern, as a raw string where that is safe
    "cpp_type": type_name,
    "cpp_declared_type": declared_type,
    "cpp_parameter_text": parameter_text,
    "cpp_form_text": form_text,
    "cpp_form_method": form_method,
    "cpp_bounds": lambda c: ", ".join(check_bounds(c)),
    "cpp_variant": variant_type,
    "cpp_label": alternative_label,
    "cpp_discriminator_access": discriminator_access,
    "cpp_return_type": return_type,
    "cpp_status_condition": status_condition,
    "cpp_result": result_expression,
}
