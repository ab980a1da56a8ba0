"""Operations to C++: one request struct and a build/decode/send trio per operation, one class per tag.

Types of parameters, bodies and responses come from the SchemaBuilder; names from names.py and
typenames.py; C++ spellings from cpp.py.
"""

from __future__ import annotations

import re
from typing import Any

from . import cpp, ir, names
from .diagnostics import Diagnostics
from .ir import SCALAR_KINDS, Api, Body, Encoding, Field, FormField, FormPart, Kind, Struct, Operation, Parameter, PathPart, Response
from .load import Node, SpecError
from .schemas import SchemaBuilder
from .typenames import TypeNames

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
IDEMPOTENT_METHODS = {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}


def is_json_media_type(media_type: str) -> bool:
    base = media_type.split(";", 1)[0].strip().lower()
    return base == "application/json" or (base.startswith("application/") and base.endswith("+json"))



def media_encoding(media_type: str) -> Encoding:
    base = media_type.split(";", 1)[0].strip().lower()
    if is_json_media_type(base):
        return Encoding.JSON
    if base == "application/x-www-form-urlencoded":
        return Encoding.FORM
    if base == "multipart/form-data":
        return Encoding.MULTIPART
    return Encoding.RAW


def choose_media_type(content: Node, what: str) -> tuple[str, Encoding, Node]:
    """The media type used of a content map: JSON (application/json first), else a form, else
    multipart, else the first (its bytes as they are)."""
    if not isinstance(content.value, dict) or not content.value:
        raise content.error(f"{what} has no content")
    ranked = sorted(
        content.value,
        key=lambda m: (list(Encoding).index(media_encoding(m)), m.split(";", 1)[0].strip().lower() != "application/json"),
    )
    media_type = ranked[0]
    return media_type, media_encoding(media_type), content.child(media_type)


def form_field(f: Field) -> FormField:
    """How one member of a form or multipart body is written."""
    t, repeated = f.type, False
    if t.kind == Kind.ARRAY and t.inner is not None and (t.inner.kind in SCALAR_KINDS or t.inner.kind == Kind.FILE):
        t, repeated = t.inner, True
    kind = FormPart.FILE if t.kind == Kind.FILE else FormPart.TEXT if t.kind in SCALAR_KINDS else FormPart.JSON
    return FormField(f.wire_name, f.name, f.is_optional_member, kind, t, repeated)


def derived_operation_id(method: str, path: str) -> str:
    """`get /pets/{petId}/photos` -> `get_pets_by_pet_id_photos`."""
    words = [method]
    for segment in path.split("/"):
        m = re.fullmatch(r"\{(.+)\}", segment)
        words.append(f"by_{m.group(1)}" if m else segment)
    return names.snake(" ".join(words)) or method


def unique_name(name: str, taken: dict[str, str] | set[str]) -> str:
    """`name`, or `name_2`, `name_3`, ... (`delete_` -> `delete_2`: no `__`): the first not in `taken`."""
    out, n = name, 2
    while out in taken:
        out, n = f"{name.rstrip('_')}_{n}", n + 1
    return out


class OperationBuilder:
    """Paths and operations to Apis: request structs, parameters, bodies, responses."""

    def __init__(self, root: Node, spec_file: str, schemas: SchemaBuilder, type_names: TypeNames, diagnostics: Diagnostics):
        self.root = root
        self.spec_file = spec_file
        self.schemas = schemas
        self.type_names = type_names
        self.diagnostics = diagnostics

    def apis(self) -> list[Api]:
        paths = self.root.child("paths")
        if paths.value is None:
            paths_items: list[tuple[str, Node]] = []
        elif not isinstance(paths.value, dict):
            raise paths.error("paths must be an object")
        else:
            paths_items = list(paths.items())
        apis: dict[str, Api] = {}  # by tag
        operation_ids: dict[str, str] = {}
        tag_docs = {}
        for t in self.root.child("tags").elements():
            if isinstance(t.value, dict) and isinstance(t.value.get("name"), str):
                tag_docs[t.value["name"]] = cpp.doc_lines(t.value.get("description"))
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
                if not isinstance(op_id, str) or not op_id:
                    op_id = unique_name(derived_operation_id(method, path), operation_ids)
                    self.diagnostics.loosen(op_node, "operation has no operationId", f"named '{op_id}' after its method and path")
                try:
                    op = self.operation(op_id, path, item, method, op_node)
                    api = self.api_for(op_node, apis, tag_docs)
                    self.add_method(api, op, op_node)
                except SpecError as e:
                    if self.diagnostics.strict:
                        raise
                    self.diagnostics.loosen(e.where, e.message, f"operation {method.upper()} {path} skipped")
                    continue
                operation_ids[op.operation_id] = op_node.where
        for api in apis.values():
            api.class_name = self.type_names.derive(api.class_name, f"{self.spec_file}#/tags", f"tag '{api.tag}'")
        return sorted(apis.values(), key=lambda a: a.file_name)

    def api_for(self, op_node: Node, apis: dict[str, Api], tag_docs: dict[str, list[str]]) -> Api:
        """The class of an operation: its first tag's (untagged: `default`)."""
        tags = op_node.get("tags")
        tag = tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else "default"
        api = apis.get(tag)
        if api is not None:
            return api
        base = names.type_name(tag)
        if not base:
            raise op_node.child("tags").error(f"cannot derive a C++ class name from tag '{tag}'")
        class_name, stem = base + "Api", names.snake(tag)
        for other in apis.values():
            if other.class_name == class_name or other.file_name == stem + "_api.hpp":
                self.diagnostics.loosen(
                    op_node.child("tags"),
                    f"tags '{other.tag}' and '{tag}' both become the class {class_name} ({stem}_api.hpp)",
                    "the later tag's class and file get a number",
                )
                n = 2
                while any(a.class_name == f"{base}{n}Api" or a.file_name == f"{stem}_{n}_api.hpp" for a in apis.values()):
                    n += 1
                class_name, stem = f"{base}{n}Api", f"{stem}_{n}"
                break
        api = Api(tag=tag, class_name=class_name, file_name=stem + "_api.hpp", operations=[], doc=tag_docs.get(tag, []))
        apis[tag] = api
        return api

    def add_method(self, api: Api, op: Operation, op_node: Node) -> None:
        members = {"transport", "transport_"}
        for other in api.operations:
            members |= {other.method_name, other.build_name, other.decode_name}
        for n in (op.method_name, op.build_name, op.decode_name):
            if n in members:
                raise op_node.child("operationId").error(f"method name '{n}' collides with another member of {api.class_name}")
        api.operations.append(op)

    def operation(self, op_id: str, path: str, item: Node, method: str, node: Node) -> Operation:
        base = names.snake(op_id)
        if not base or base[0].isdigit():
            raise node.child("operationId").error(f"cannot derive a C++ method name from operationId '{op_id}'")
        type_base = names.type_name(op_id)
        request_name = self.type_names.derive(type_base + "Request", node.child("operationId").where, f"the request of {op_id}")
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
                parts.append(PathPart(literal=piece))
        for pname, prm in path_params.items():
            if pname not in used:
                raise SpecError(prm.where, f"path parameter '{pname}' does not appear in '{path}'")

        body = self.request_body(type_base, node)
        responses, returns_void, accept = self.responses(type_base, node)

        x_idem = node.get("x-idempotent")
        idempotent = x_idem if isinstance(x_idem, bool) else http_method in IDEMPOTENT_METHODS
        has_required = any(p.required for p in params) or (body is not None and body.required)
        doc = cpp.doc_lines(node.get("summary"), node.get("description"))
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
            returns_void=returns_void,
            idempotent=idempotent,
            accept=accept,
            doc=doc,
            request_doc=[f"The parameters{' and body' if body else ''} of `{op_id}` (`{http_method} {path}`)."],
            request_default_arg=not has_required,
            where=node.where,
            stage=str(node.get("x-stability") or self.root.child("info").get("x-stability") or ""),
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
        t = self.schemas.type_of(node.child("schema"), type_base + (names.type_name(pname) or "Param"))
        if t.kind == Kind.NULLABLE:
            raise node.child("schema").error("unsupported parameter: a nullable parameter")
        is_array = t.kind == Kind.ARRAY
        scalar = t.inner if is_array else t
        if is_array and loc == "path":
            raise node.child("schema").error("unsupported parameter: an array in a path")
        if scalar.kind not in SCALAR_KINDS:
            raise node.child("schema").error(f"unsupported parameter: a parameter of {'array of ' if is_array else ''}{cpp.kind_text(scalar)}")
        name = names.member_name(pname)
        if name is None:
            raise node.child("name").error(f"cannot derive a C++ member name from parameter '{pname}'")
        if name == "body":
            raise node.child("name").error("parameter name 'body' is reserved for the request body")
        meta = self.schemas.annotations(node.child("schema"))
        if isinstance(node.get("description"), str):
            meta["description"] = node.get("description")
        doc = cpp.doc_lines(meta["description"])
        doc += self.schemas.notes(t, meta, required, False)
        if node.get("deprecated") is True:
            doc.append("Deprecated.")
        doc.append(f"Sent as the {loc} parameter `{pname}`.")
        return Parameter(
            wire_name=pname,
            name=name,
            location=loc,
            required=required,
            type=t,
            doc=doc,
            checks=self.schemas.checks(t),
            is_array=is_array,
            explode=bool(explode),
            where=node.where,
        )

    def request_body(self, type_base: str, node: Node) -> Body | None:
        rb = node.child("requestBody")
        if rb.value is None:
            return None
        rb = rb.resolve().expect_dict("a request body object")
        media_type, encoding, mnode = choose_media_type(rb.child("content"), "request body")
        schema = mnode.child("schema")
        required = rb.get("required") is True
        if encoding == Encoding.RAW:
            t = ir.scalar_type(Kind.STRING)
        elif schema.value is None:
            t = ir.json_type()
        else:
            t = self.schemas.type_of(schema, type_base + "Body")
        if encoding == Encoding.JSON:
            self.schemas.examples_of(mnode, schema, t)
        fields: list[FormField] = []
        if encoding in (Encoding.FORM, Encoding.MULTIPART):
            if t.kind != Kind.MODEL or not isinstance(t.decl, Struct):
                raise schema.error(f"unsupported request body: a {media_type} body that is not an object with properties")
            fields = [form_field(f) for f in t.decl.fields if not f.read_only]
        doc = cpp.doc_lines(rb.get("description") or self.schemas.annotations(schema)["description"])
        if doc:
            doc.append("")
        sent = {
            Encoding.JSON: f"Sent as `{media_type}`",
            Encoding.FORM: f"Sent as `{media_type}` (one name=value pair per member; arrays repeat the name)",
            Encoding.MULTIPART: f"Sent as `{media_type}` (one part per member; ::arize::File members as file parts)",
            Encoding.RAW: f"Sent as `{media_type}`: these bytes as they are",
        }[encoding]
        doc.append(sent + ("." if required else "; when absent, no body is sent."))
        if "*" in media_type:
            media_type = "application/octet-stream"
        return Body(
            type=t,
            required=required,
            media_type=media_type,
            doc=doc,
            encoding=encoding,
            form_fields=fields,
        )

    def responses(self, type_base: str, node: Node) -> tuple[list[Response], bool, str]:
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
            encoding = Encoding.JSON
            if isinstance(content.value, dict) and content.value:
                media_type, encoding, mnode = choose_media_type(content, "response")
                hint = type_base + "Response" + ("" if with_content == 1 else code.upper())
                if encoding != Encoding.JSON:
                    encoding, t = Encoding.RAW, ir.scalar_type(Kind.STRING)  # the bytes (text/*, octet-stream, ...)
                elif mnode.get("schema") is None:
                    t = ir.json_type()
                else:
                    t = self.schemas.type_of(mnode.child("schema"), hint)
                if encoding == Encoding.JSON:
                    self.schemas.examples_of(mnode, mnode.child("schema"), t)
            out.append(
                Response(status=code.upper(), success=True, type=t, media_type=media_type, encoding=encoding)
            )
        # exact codes before ranges (OpenAPI: the explicit code takes precedence)
        out.sort(key=lambda resp: resp.status.endswith("XX"))
        returns_void = all(resp.type is None for resp in out)
        media_types = []
        for resp in out:
            if resp.media_type and resp.media_type not in media_types:
                media_types.append(resp.media_type)
        accept = ", ".join(media_types) if media_types else "application/json"
        return out, returns_void, accept

    # -- whole spec --
