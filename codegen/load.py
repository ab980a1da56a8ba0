"""Stage 1: read an OpenAPI description (YAML or JSON) and give every node its place.

A `Node` is a value of the document together with where it is: the file and the JSON pointer
inside it. Every error the generator reports names such a place, as `file#/json/pointer`.
`$ref`s are resolved lazily (`Node.resolve()`), locally (`#/components/...`) and across
relative files (`other.yaml#/...`); reference chains that loop forever are refused.

YAML is read with YAML 1.2 core-schema scalars: `yes`/`no`/`on`/`off` stay strings, `012` is
12, `10:30` stays a string and date-times stay strings (PyYAML would otherwise turn them into
booleans, octal and sexagesimal numbers and datetime objects). Duplicate keys are refused.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import urllib.parse
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Iterator

import yaml


# Limits on what a description may make the generator do (hostile or broken input).
MAX_FILE_BYTES = 64 << 20  # each file read (the root document and every $ref'd file)
MAX_DEPTH = 128  # nesting of mappings and lists, aliases expanded
MAX_ALIAS_NODES = 1_000_000  # nodes that YAML aliases add when expanded ("billion laughs")


class SpecError(Exception):
    """A problem in the input, reported as `error: <where>: <message>` (exit code 2)."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


# ---- JSON pointers ----------------------------------------------------------------------------


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


# JSON Schema 2020-12 §8.2.2: "$anchor" values match ^[A-Za-z_][-A-Za-z0-9._]*$
ANCHOR_NAME = re.compile(r"[A-Za-z_][-A-Za-z0-9._]*")


def join_pointer(pointer: str, token: Any) -> str:
    return f"{pointer}/{escape_token(str(token))}"


def split_pointer(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(pointer)
    return [unescape_token(t) for t in pointer[1:].split("/")]


# ---- YAML 1.2 core schema ---------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalar resolution and duplicate-key detection;
    bounded nesting and alias expansion (checked on the composed node graph, before anything
    is constructed)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # PyYAML composes recursively
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Limit(f"the document nests deeper than {MAX_DEPTH} levels", self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        return self.construct_document(node)


class _Limit(Exception):
    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


def _check_expansion(root: yaml.Node) -> None:
    """Refuses a composed YAML graph whose aliases, expanded, would add more than MAX_ALIAS_NODES
    nodes or nest deeper than MAX_DEPTH, or that contains itself (`&a [*a]`). Linear in the
    number of distinct nodes: sizes and depths are memoized per node."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    distinct = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if isinstance(node, yaml.ScalarNode):
            if key not in size:
                size[key], depth[key] = 1, 1
                distinct += 1
            continue
        children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
        if done:
            open_nodes.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            distinct += 1
            if depth[key] > MAX_DEPTH:
                raise _Limit(f"the document nests deeper than {MAX_DEPTH} levels (aliases expanded)", node.start_mark.line + 1)
            if size[key] - distinct > MAX_ALIAS_NODES:
                raise _Limit(f"YAML aliases expand to more than {MAX_ALIAS_NODES:,} nodes", node.start_mark.line + 1)
            continue
        if key in size:
            continue
        if key in open_nodes:
            raise _Limit("recursive YAML alias (an anchored node contains an alias to itself)", node.start_mark.line + 1)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in size)


def _check_depth(value: Any, display: str) -> None:
    """Refuses JSON nested deeper than MAX_DEPTH (iteratively: no recursion limit involved)."""
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, (dict, list)):
            if d > MAX_DEPTH:
                raise SpecError(f"{display}#", f"the document nests deeper than {MAX_DEPTH} levels")
            stack.extend((c, d + 1) for c in (v.values() if isinstance(v, dict) else v))


_Loader.yaml_implicit_resolvers = {}
_RESOLVERS = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]
for _tag, _regexp, _first in _RESOLVERS:
    _Loader.add_implicit_resolver(_tag, re.compile(_regexp), _first)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if text == ".nan":
        return math.nan
    return float(text)


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, bool):
            key = "true" if key else "false"
        elif key is None:
            key = "null"
        elif not isinstance(key, str):
            key = str(key)  # unquoted response codes: 200 -> "200"
        if key in out:
            line = key_node.start_mark.line + 1
            raise _DuplicateKey(key, line)
        out[key] = loader.construct_object(value_node, deep=True)
    return out


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        super().__init__(key)
        self.key = key
        self.line = line


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
# Explicit `!!timestamp` tags keep their text.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key, 0)
        out[key] = value
    return out


def parse_text(text: str, display: str, is_json: bool) -> Any:
    try:
        if is_json:
            value = json.loads(text, object_pairs_hook=_json_pairs)
            _check_depth(value, display)
            return value
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except _Limit as e:
        where = f" (line {e.line})" if e.line else ""
        raise SpecError(f"{display}#", f"{e.message}{where}") from None
    except RecursionError:  # the C JSON parser's own limit
        raise SpecError(f"{display}#", f"the document nests deeper than {MAX_DEPTH} levels") from None
    except _DuplicateKey as e:
        where = f" (line {e.line})" if e.line else ""
        raise SpecError(f"{display}#", f"duplicate key '{e.key}'{where}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e)
        raise SpecError(f"{display}#", f"invalid YAML: {line}{problem}") from None
    except ValueError as e:
        raise SpecError(f"{display}#", f"invalid JSON: {e}") from None


# ---- documents and nodes ----------------------------------------------------------------------


@dataclass(eq=False)
class Document:
    path: Path  # absolute
    display: str  # as shown in errors: relative to the root document's folder
    root: Any


class Loader:
    """Reads the root document and, on demand, the files its `$ref`s point into: regular files
    only, of at most `max_file_bytes`, inside the root document's folder or one of `ref_roots`."""

    def __init__(self, root_path: str | os.PathLike, ref_roots: Iterable[str | os.PathLike] = (), max_file_bytes: int = MAX_FILE_BYTES):
        path = Path(root_path)
        self.base_dir = path.resolve().parent
        self.ref_roots = [self.base_dir] + [Path(r).resolve() for r in ref_roots]
        self.max_file_bytes = max_file_bytes
        self.documents: dict[Path, Document] = {}
        self.resolved: dict[tuple[Path, str], tuple[Any, Node]] = {}  # Node.resolve() memo
        self.anchors: dict[Path, dict[str, str | None]] = {}  # file -> $anchor name -> pointer (None: defined twice)
        self.root = self._document(path.resolve(), None)

    def _document(self, path: Path, referrer: str | None) -> Document:
        doc = self.documents.get(path)
        if doc is not None:
            return doc
        try:
            display = PurePosixPath(os.path.relpath(path, self.base_dir)).as_posix()
        except ValueError:
            display = path.as_posix()
        where = referrer or f"{display}#"
        if referrer is not None and not any(path.is_relative_to(r) for r in self.ref_roots):
            raise SpecError(where, f"'{display}' is outside the description's folder (widen with --allow-ref-root DIR)")
        text = self._read(path, display, where)
        root = parse_text(text, display, path.suffix.lower() == ".json")
        doc = Document(path, display, root)
        self.documents[path] = doc
        return doc

    def _read(self, path: Path, display: str, where: str) -> str:
        """The text of a regular file of at most max_file_bytes; never blocks on a FIFO or a
        device, never reads more than the limit."""
        limit = self.max_file_bytes
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):
                raise SpecError(where, f"cannot read '{display}': not a regular file")
            if st.st_size > limit:
                raise SpecError(where, f"cannot read '{display}': larger than {limit} bytes")
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since the stat
                    raise SpecError(where, f"cannot read '{display}': not a regular file")
                chunks, size = [], 0
                while size <= limit:
                    chunk = os.read(fd, min(1 << 20, limit + 1 - size))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    size += len(chunk)
            finally:
                os.close(fd)
        except FileNotFoundError:
            raise SpecError(where, f"cannot read '{display}': no such file") from None
        except (OSError, ValueError) as e:
            raise SpecError(where, f"cannot read '{display}': {e.strerror if isinstance(e, OSError) and e.strerror else e}") from None
        if size > limit:
            raise SpecError(where, f"cannot read '{display}': larger than {limit} bytes")
        try:
            text = b"".join(chunks).decode("utf-8")
        except UnicodeDecodeError as e:
            raise SpecError(where, f"cannot read '{display}': not UTF-8 ({e.reason} at byte {e.start})") from None
        return text.replace("\r\n", "\n").replace("\r", "\n")  # universal newlines, as text mode reads

    def root_node(self) -> Node:
        return Node(self, self.root, "", self.root.root)

    def node_at(self, doc: Document, pointer: str, where: str) -> Node:
        value = doc.root
        current = ""
        for token in split_pointer(pointer):
            current = join_pointer(current, token)
            if isinstance(value, dict) and token in value:
                value = value[token]
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                raise SpecError(where, f"$ref target '{doc.display}#{pointer}' does not exist")
        return Node(self, doc, pointer, value)

    def resolve_ref(self, node: Node) -> Node:
        ref = node.value.get("$ref")
        where = node.child("$ref").where
        if not isinstance(ref, str):
            raise SpecError(where, "$ref must be a string")
        target_file, _, fragment = ref.partition("#")
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target_file) or target_file.startswith("//"):
            raise SpecError(where, f"remote $ref '{ref}' is not supported (only local files)")
        fragment = urllib.parse.unquote(fragment)
        if fragment and not fragment.startswith("/") and not ANCHOR_NAME.fullmatch(fragment):
            raise SpecError(where, f"$ref fragment '{fragment}' is neither a JSON pointer nor an anchor name")
        if target_file:
            try:
                path = (node.doc.path.parent / urllib.parse.unquote(target_file)).resolve()
            except (OSError, RuntimeError, ValueError) as e:  # a symlink loop, a NUL byte
                raise SpecError(where, f"cannot read '{target_file}': {e}") from None
            doc = self._document(path, where)
        else:
            doc = node.doc
        if fragment and not fragment.startswith("/"):
            fragment = self.anchor_pointer(doc, fragment, where)
        return self.node_at(doc, fragment, where)

    def anchor_pointer(self, doc: Document, name: str, where: str) -> str:
        """Where `$anchor: name` is defined in `doc` (JSON Schema 2020-12 §8.2.2), indexed once per
        file in one pass. Anchors inside a schema with its own `$id` belong to that resource, not
        to the file: they are not indexed."""
        index = self.anchors.get(doc.path)
        if index is None:
            index = {}
            stack: list[tuple[Any, str]] = [(doc.root, "")]
            while stack:
                value, pointer = stack.pop()
                if isinstance(value, dict):
                    if pointer and "$id" in value:
                        continue
                    anchor = value.get("$anchor")
                    if isinstance(anchor, str):
                        index[anchor] = None if anchor in index else pointer
                    stack.extend((v, join_pointer(pointer, k)) for k, v in value.items())
                elif isinstance(value, list):
                    stack.extend((v, join_pointer(pointer, i)) for i, v in enumerate(value))
            self.anchors[doc.path] = index
        if name not in index:
            raise SpecError(where, f"$ref target '{doc.display}#{name}' does not exist (no $anchor '{name}')")
        pointer = index[name]
        if pointer is None:
            raise SpecError(where, f"$anchor '{name}' is defined twice in '{doc.display}'")
        return pointer


class Node:
    """A value of a document and its place (file + JSON pointer)."""

    __slots__ = ("loader", "doc", "pointer", "value")

    def __init__(self, loader: Loader, doc: Document, pointer: str, value: Any):
        self.loader = loader
        self.doc = doc
        self.pointer = pointer
        self.value = value

    @property
    def where(self) -> str:
        return f"{self.doc.display}#{self.pointer}"

    @property
    def key(self) -> tuple[Path, str]:
        """Identity of the place: the same schema reached twice is the same type."""
        return (self.doc.path, self.pointer)

    def __repr__(self) -> str:
        return f"Node({self.where})"

    def error(self, message: str) -> SpecError:
        return SpecError(self.where, message)

    # -- navigation --
    def child(self, key: Any) -> Node:
        pointer = join_pointer(self.pointer, key)
        if isinstance(self.value, dict):
            return Node(self.loader, self.doc, pointer, self.value.get(key))
        if isinstance(self.value, list) and isinstance(key, int) and 0 <= key < len(self.value):
            return Node(self.loader, self.doc, pointer, self.value[key])
        return Node(self.loader, self.doc, pointer, None)

    def get(self, key: str, default: Any = None) -> Any:
        if isinstance(self.value, dict):
            return self.value.get(key, default)
        return default

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and key in self.value

    def is_dict(self) -> bool:
        return isinstance(self.value, dict)

    def expect_dict(self, what: str = "an object") -> Node:
        if not isinstance(self.value, dict):
            raise self.error(f"expected {what}")
        return self

    def items(self) -> Iterator[tuple[str, Node]]:
        if isinstance(self.value, dict):
            for key in self.value:
                yield key, self.child(key)

    def elements(self) -> Iterator[Node]:
        if isinstance(self.value, list):
            for i in range(len(self.value)):
                yield self.child(i)

    # -- references --
    @property
    def is_ref(self) -> bool:
        return isinstance(self.value, dict) and "$ref" in self.value

    def resolve(self) -> Node:
        """Follows `$ref` until a node that is not a reference; refuses reference loops.
        Linear: every reference on the way is remembered with its target (keyed by place and
        by the very value, so a node made up by the caller is never confused with the document's)."""
        memo = self.loader.resolved
        chain: list[Node] = []
        seen: set[tuple[Path, str]] = set()
        node = self
        while node.is_ref:
            hit = memo.get(node.key)
            if hit is not None and hit[0] is node.value:
                node = hit[1]
                break
            if node.key in seen:
                places = [s.where for s in chain] + [node.where]
                if len(places) > 7:
                    places = places[:3] + [f"... ({len(places) - 6} more)"] + places[-3:]
                raise SpecError(self.where, f"$ref cycle: {' -> '.join(places)}")
            seen.add(node.key)
            chain.append(node)
            node = node.loader.resolve_ref(node)
        for link in chain:
            memo[link.key] = (link.value, node)
        return node


def load(path: str | os.PathLike, ref_roots: Iterable[str | os.PathLike] = (), max_file_bytes: int = MAX_FILE_BYTES) -> Node:
    """Reads the root document; returns its root node. `$ref`s may point into files under the
    root document's folder and under `ref_roots`."""
    loader = Loader(path, ref_roots, max_file_bytes)
    root = loader.root_node()
    if not root.is_dict():
        raise root.error("the document is not an object")
    return root
