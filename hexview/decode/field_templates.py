"""Field trees without the parser, for messages laid out like one already parsed.

Storage protocols repeat a few message layouts millions of times: a GlusterFS LOOKUP
call differs from the last one in its xid, gfid and name, not in where anything
sits. The Kaitai parser (run in debug mode so every field knows its bytes) costs
about fifteen times what it takes to build the same tree from a *template*: the
tree of a message parsed before, with each field's byte range and how to read its
value again.

When is a template right for a new message? A parser is deterministic: the path
it takes -- which fields are present, how long each is, how often a repeat runs --
depends only on the input's length, the parser's parameters and the values it
reads that some expression looks at (a length, a count, a discriminant). The
compiler step marks those fields ``control`` in ``compiled/ksy_meta.py`` (with
every field it cannot prove harmless: checked contents, terminated strings). So if
every control field of a template holds the same bytes in the new message, at the
same place, and the length and parameters match, the parser would take the same
path: the same fields at the same places, only their values new. Templates are
kept in a trie per (parser, length, parameters) whose levels are the control
fields in wire order: finding one reads just those bytes.

Only parses that succeeded make templates, and only of types the tree shows whole
(no instances parsed from elsewhere in the stream). A template is checked when it
is made: each value it would read again is read again from the message it came
from and must equal what the parser read, or that field becomes a control too.
The memory they take is bounded (``MAX_TEMPLATES``); past it, new layouts simply
take the parser's path. ``tests/test_field_templates.py`` decodes every shared
capture both ways and compares the trees.

The templates are process-wide and shared by every pipeline on purpose: a template
is a pure function of its key (the parser, its parameters, the control bytes), so
what one input taught gives another input exactly the tree its parser would.
"""

from __future__ import annotations

import struct
import threading
from collections.abc import Callable
from enum import IntEnum
from typing import Any, Final, Literal, TypeAlias

from kaitaistruct import KaitaiStruct

from ..packets import Span
from . import kaitai_tree as kt
from .fields import Field

MAX_TEMPLATES = 4000  # across all parsers: ~10 KB each for a typical RPC message
MAX_PER_ROOT = 1000  # one (parser, length, parameters): a layout with a high-cardinality control stops here

# A template is a tuple of nodes, each a tuple whose first item says its kind (tuples
# rather than objects: building from them is the hot path). Kinds, and the node of each:
_COPY: Final = 0
_BOX: Final = 1
_ARRAY: Final = 2
_INT: Final = 3
_ENUM: Final = 4
_BYTES: Final = 5
_STR: Final = 6
_HEX: Final = 7
_TIME: Final = 8
_HINTED: Final = 9

# reads a number again from the message's bytes at an offset (a struct.Struct's unpack_from)
_Unpack: TypeAlias = Callable[[bytes, int], tuple[Any, ...]]
# (each alias's Literal is its kind's number)
# (kind, name, value, show, start, end, doc, children): a field copied whole
_CopyNode: TypeAlias = tuple[Literal[0], str, Any, str, int, int, str, tuple["_CopyNode", ...]]
# (kind, name, value, show, start, end, doc, children): a parsed type, its children built again
_BoxNode: TypeAlias = tuple[Literal[1], str, Any, str, int, int, str, tuple["_Node", ...]]
# (kind, name, scalar items, show, start, end, doc, items)
_ArrayNode: TypeAlias = tuple[Literal[2], str, bool, str, int, int, str, tuple["_Node", ...]]
# (kind, name, unpack, start, end, plan entry)
_IntNode: TypeAlias = tuple[Literal[3], str, _Unpack, int, int, kt._Entry]
# (kind, name, unpack, enum class, start, end, plan entry)
_EnumNode: TypeAlias = tuple[Literal[4], str, _Unpack, type[IntEnum], int, int, kt._Entry]
# (kind, name, start, end, plan entry)
_BytesNode: TypeAlias = tuple[Literal[5], str, int, int, kt._Entry]
# (kind, name, encoding, decoding errors, start, end, plan entry)
_StrNode: TypeAlias = tuple[Literal[6], str, str, str, int, int, kt._Entry]
# (kind, name, unpack, start, end, doc, format of the hex digits)
_HexNode: TypeAlias = tuple[Literal[7], str, _Unpack, int, int, str, str]
# (kind, name, unpack, start, end, doc, the <name>_nsec sibling's unpack or None, its start):
# seconds shown as a date (the ``time`` hint), with the sibling's nanoseconds when there is one
_TimeNode: TypeAlias = tuple[Literal[8], str, _Unpack, int, int, str, _Unpack | None, int]
# (kind, name, hint, start, end, doc, children): a type whose show a hint makes of its
# children (``time``: seconds and nseconds; ``uuid``: its 16 bytes), built again from them
_HintedNode: TypeAlias = tuple[Literal[9], str, str, int, int, str, tuple["_Node", ...]]
_Node: TypeAlias = (
    _CopyNode | _BoxNode | _ArrayNode | _IntNode | _EnumNode | _BytesNode | _StrNode | _HexNode | _TimeNode | _HintedNode
)
_Template: TypeAlias = tuple[tuple[_Node, ...], int]  # (nodes, bytes the parse consumed)
_Key: TypeAlias = tuple[object, ...]  # (parser class, parameters as items or None[, input length])
_Range: TypeAlias = tuple[int, int]  # a control field's bytes (start, end) within the message

_STRUCTS: dict[str, struct.Struct] = {}  # one per format, shared by every template
_lock = threading.Lock()
_roots: dict[_Key, _Root] = {}
_count = 0
_hits = 0  # trees built from a template (for tests and the curious)
enabled = True  # tests compare the two paths by turning this off


class _Root:
    __slots__ = ("trie", "templates", "broken")

    def __init__(self) -> None:
        self.trie = _Level()
        self.templates = 0
        self.broken = False  # two templates disagreed: a control field is missing from the ksy's marks


class _Level:
    """One control field's bytes -> the next level; or, at the end, the template."""

    __slots__ = ("at", "branches", "template")

    def __init__(self) -> None:
        self.at: _Range | None = None
        self.branches: dict[bytes, _Level] = {}
        self.template: _Template | None = None


def fields_of(
    parser_cls: Any, data: bytes, params: dict[str, Any] | None = None, base: int = 0
) -> tuple[list[Field], list[Span], int | None]:
    """``kaitai_tree.parse_fields`` without the parsed object: (fields, errors, bytes
    consumed or None), from a template when one fits, else from the parser (which
    may then leave a template for the next message like this one)."""
    key = _key(parser_cls, params)
    template = None
    if key is not None:
        for root in (_roots.get(key), _roots.get((*key, len(data)))):  # any length; this length
            if root is not None and not root.broken:
                template = _find(root.trie, data)
                if template is not None and template[1] <= len(data):
                    break
                template = None
        if template is not None:
            consumed: int | None
            nodes, consumed = template
            try:
                fields = _build(nodes, data, base)
                global _hits
                _hits += 1
                return fields, [], consumed
            except Exception:
                pass
    fields, errors, consumed, obj = kt.parse_fields(parser_cls, data, params, base)
    if key is not None and not errors and consumed is not None and _count < MAX_TEMPLATES:
        _learn(key, obj, fields, data, base, consumed)
    return fields, errors, consumed


def clear() -> None:
    global _count, _hits
    with _lock:
        _roots.clear()
        _count = _hits = 0


def stats() -> dict[str, int]:
    return {"layouts": len(_roots), "templates": _count, "hits": _hits, "broken": sum(r.broken for r in _roots.values())}


def _key(parser_cls: Any, params: dict[str, Any] | None) -> _Key | None:
    """(parser, parameters); a layout whose parse asked where the input ends adds the length."""
    if not enabled:
        return None
    if params:
        try:
            key = (parser_cls, tuple(params.items()))
            hash(key)
        except TypeError:  # an unhashable parameter: no templates for it
            return None
        return key
    return (parser_cls, None)


def _find(root: _Level, data: bytes) -> _Template | None:
    level: _Level | None = root
    while level is not None:
        at = level.at
        if at is None:
            return level.template
        level = level.branches.get(bytes(data[at[0] : at[1]]))
    return None


# -- making a template ------------------------------------------------------------------------


class _NoTemplate(Exception):
    """This tree cannot be a template (a type with instances read from elsewhere, a
    partial array, a tree that does not match the object)."""


def _learn(key: _Key, obj: KaitaiStruct, fields: list[Field], data: bytes, base: int, consumed: int) -> None:
    global _count
    controls: list[_Range] = []
    reach = _Reach(obj._io)
    try:
        nodes = _struct_nodes(obj, fields, base, data, controls, reach)
    except _NoTemplate:
        return
    if reach.length:
        key = (*key, len(data))
    with _lock:
        root = _roots.get(key)
        if root is None:
            root = _roots[key] = _Root()
        if root.broken or root.templates >= MAX_PER_ROOT or _count >= MAX_TEMPLATES:
            return
        level = root.trie
        for at in controls:
            if level.template is not None or (level.at is not None and level.at != at):
                root.broken = True  # same controls, different path: trust only the parser here
                return
            level.at = at
            value = bytes(data[at[0] : at[1]])
            level = level.branches.setdefault(value, _Level())
        if level.at is not None:
            root.broken = True
            return
        if level.template is None:
            level.template = (tuple(nodes), consumed)
            root.templates += 1
            _count += 1


class _Reach:
    """Whether the parse looked at where the whole input ends (then only messages of
    the same length may use the template)."""

    __slots__ = ("root", "length")

    def __init__(self, root_io: Any) -> None:  # the parse's KaitaiStream
        self.root = root_io
        self.length = False

    def note(self, obj: KaitaiStruct, meta: dict[str, Any]) -> None:
        reach = meta.get("stream_end")
        if reach == "any" or (reach == "own" and obj._io is self.root):
            self.length = True


def _struct_nodes(
    obj: KaitaiStruct, fields: list[Field], base: int, data: bytes, controls: list[_Range], reach: _Reach
) -> list[_Node]:
    """The nodes for ``fields``, the tree ``kaitai_tree.struct_fields`` built of ``obj``."""
    cls = type(obj)
    meta = kt.class_meta(cls)
    if meta.get("parse_instances"):
        raise _NoTemplate
    reach.note(obj, meta)
    plan = kt._plan(cls)
    debug = getattr(obj, "_debug", None) or {}
    nodes: list[_Node] = []
    i = 0
    for entry in plan.entries:
        name = entry[0]
        pos = debug.get(name)
        if not pos or pos.get("start") is None:
            continue
        if i >= len(fields):
            raise _NoTemplate
        raw = getattr(obj, name, None)
        node: _Node | None = _time_node(raw, fields[i], fields, plan, base, data) if entry[2].get("show") == "time" else None
        if node is None:
            node = _node(raw, fields[i], entry, base, data, controls, reach)
            if entry[2].get("show") == "time":  # a show the template could not make again: its bytes decide it
                controls.extend((f.start - base, f.end - base) for f in fields if f.name in (name, f"{name}_nsec"))
        nodes.append(node)
        i += 1
    if i != len(fields):
        raise _NoTemplate
    return nodes


def _node(raw: Any, f: Field, entry: kt._Entry, base: int, data: bytes, controls: list[_Range], reach: _Reach) -> _Node:
    """The node of field ``f``, which the parser read as ``raw`` (a value of the parsed object)."""
    start, end = f.start - base, f.end - base
    if isinstance(raw, KaitaiStruct):
        hint = entry[2].get("show")
        if kt._plan(type(raw)).bits is None and hint in ("time", "uuid"):  # a show made of its children
            kids = tuple(_struct_nodes(raw, f.children, base, data, controls, reach))
            hinted: _HintedNode = (_HINTED, f.name, hint, start, end, f.doc, kids)
            if _same(hinted, f, data, base):
                return hinted
        if kt._plan(type(raw)).bits is not None or hint:  # a flags word, or a show not made again: its bytes decide it
            reach.note(raw, kt.class_meta(type(raw)))
            controls.append((start, end))
            return _copy(f, base)
        return (
            _BOX,
            f.name,
            f.value,
            f.show,
            start,
            end,
            f.doc,
            tuple(_struct_nodes(raw, f.children, base, data, controls, reach)),
        )
    if type(raw) is list:
        if len(raw) != len(f.children):
            raise _NoTemplate
        kids = tuple(_node(item, child, entry, base, data, controls, reach) for item, child in zip(raw, f.children, strict=True))
        return (_ARRAY, f.name, f.value is not None, f.show, start, end, f.doc, kids)
    return _leaf(raw, f, entry, base, data, controls)


def _time_node(raw: Any, f: Field, fields: list[Field], plan: Any, base: int, data: bytes) -> _TimeNode | None:
    """The node of seconds the ``time`` hint shows as a date (with a sibling
    ``<name>_nsec``'s nanoseconds), or None when the template could not show it again."""
    fmt = next((e[2].get("fmt") for e in plan.entries if e[0] == f.name), None)
    if type(raw) is not int or not fmt:
        return None
    unpack = _struct(fmt)
    nsec = next((n for n in fields if n.name == f"{f.name}_nsec"), None)
    nsec_unpack: _Unpack | None = None
    nsec_start = 0
    if nsec is not None:
        nsec_fmt = next((e[2].get("fmt") for e in plan.entries if e[0] == nsec.name), None)
        if not nsec_fmt or nsec.value is None:
            return None
        nsec_unpack, nsec_start = _struct(nsec_fmt), nsec.start - base
    node: _TimeNode = (_TIME, f.name, unpack, f.start - base, f.end - base, f.doc, nsec_unpack, nsec_start)
    return node if _same(node, f, data, base) else None


def _struct(fmt: str) -> _Unpack:
    unpack = _STRUCTS.get(fmt) or _STRUCTS.setdefault(fmt, struct.Struct(fmt))
    return unpack.unpack_from


def _same(node: _Node, f: Field, data: bytes, base: int) -> bool:
    """Whether ``node`` builds ``f`` again from the bytes it came from (value, show, place)."""
    try:
        again = _build((node,), data, base)[0]
    except Exception:  # a node that cannot read these bytes is no node for them
        return False
    return (again.value, again.show, again.start, again.end) == (f.value, f.show, f.start, f.end)


def _leaf(raw: Any, f: Field, entry: kt._Entry, base: int, data: bytes, controls: list[_Range]) -> _Node:
    start, end = f.start - base, f.end - base
    info = entry[2]
    node: _Node | None = None
    if not info.get("control") and "bits" not in info:
        kind = type(raw)
        fmt = info.get("fmt")
        if fmt and (kind is int or isinstance(raw, IntEnum)):
            unpack = _STRUCTS.get(fmt) or _STRUCTS.setdefault(fmt, struct.Struct(fmt))
            if unpack.size == end - start:  # (the struct itself: its size is checked)
                if kind is int and not info.get("enum"):
                    if info.get("show") == "hex":  # show_value's hex hint, without asking it
                        node = (_HEX, f.name, unpack.unpack_from, start, end, entry[1], f"0{2 * (end - start)}x")
                    else:
                        node = (_INT, f.name, unpack.unpack_from, start, end, entry)
                elif kind is not int:
                    node = (_ENUM, f.name, unpack.unpack_from, type(raw), start, end, entry)
        elif kind is bytes and len(raw) == end - start:
            node = (_BYTES, f.name, start, end, entry)
        elif kind is str and info.get("encoding"):
            encoding: str = info["encoding"]
            errors = "backslashreplace" if encoding.upper() in ("UTF-8", "UTF8") else "strict"
            node = (_STR, f.name, encoding, errors, start, end, entry)
    if node is not None and _same(node, f, data, base):
        return node
    controls.append((start, end))
    return _copy(f, base)


def _copy(f: Field, base: int) -> _CopyNode:
    """A field (and what is under it) exactly as it was: its bytes are a control's."""
    kids = tuple(_copy(c, base) for c in f.children)
    return (_COPY, f.name, f.value, f.show, f.start - base, f.end - base, f.doc, kids)


# -- building a tree from one ----------------------------------------------------------------


# what the leaves' kaitai_tree._field is given for errors: ints, enums, bytes and strings never report one
_NO_ERRORS: list[Span] = []


def _build(nodes: tuple[_Node, ...], data: bytes, base: int) -> list[Field]:
    out: list[Field] = []
    # The checker cannot narrow a union of node shapes through the kind read once into
    # ``kind`` (only through ``node[0]`` at every test, which would cost the hot loop a
    # lookup per test): each node is unpacked from a plain tuple into these, typed as the
    # node aliases above say.
    node: tuple[Any, ...]
    name: str
    show: str
    doc: str
    start: int
    end: int
    unpack: _Unpack
    entry: kt._Entry
    kids: tuple[_Node, ...]
    value: Any
    number: int
    enum: type[IntEnum]
    scalar: bool
    encoding: str
    errors: str
    digits: str
    nsec_unpack: _Unpack | None
    nsec_start: int
    hint: str
    for node in nodes:
        kind = node[0]
        if kind == _INT:
            _, name, unpack, start, end, entry = node
            value = unpack(data, start)[0]
            if entry[3]:
                out.append(Field(name, value, str(value), start + base, end + base, [], entry[1]))
            else:
                out.append(kt._field(None, name, value, start + base, end + base, base, kt._NO_POS, entry, _NO_ERRORS, None))
        elif kind == _BOX:
            _, name, value, show, start, end, doc, kids = node
            out.append(Field(name, value, show, start + base, end + base, _build(kids, data, base), doc))
        elif kind == _BYTES:
            _, name, start, end, entry = node
            value = bytes(data[start:end])
            if entry[3] and end - start <= kt.BYTES_SHOWN:  # kaitai_tree._field's plain short bytes
                text = value.hex()
                out.append(Field(name, text, text or "(empty)", start + base, end + base, [], entry[1]))
            else:
                out.append(kt._field(None, name, value, start + base, end + base, base, kt._NO_POS, entry, _NO_ERRORS, None))
        elif kind == _COPY:
            _, name, value, show, start, end, doc, kids = node
            if type(value) is list:
                value = list(value)
            out.append(Field(name, value, show, start + base, end + base, _build(kids, data, base) if kids else [], doc))
        elif kind == _ENUM:
            _, name, unpack, enum, start, end, entry = node
            number = unpack(data, start)[0]
            try:
                value = enum(number)
            except ValueError:  # not in the enum: the parser leaves it a plain int
                value = number
            out.append(kt._field(None, name, value, start + base, end + base, base, kt._NO_POS, entry, _NO_ERRORS, None))
        elif kind == _HEX:
            _, name, unpack, start, end, doc, digits = node
            value = unpack(data, start)[0]
            out.append(Field(name, value, "0x" + format(value, digits), start + base, end + base, [], doc))
        elif kind == _ARRAY:
            _, name, scalar, show, start, end, doc, kids = node
            children = _build(kids, data, base)
            out.append(
                Field(name, [c.value for c in children] if scalar else None, show, start + base, end + base, children, doc)
            )
        elif kind == _TIME:
            _, name, unpack, start, end, doc, nsec_unpack, nsec_start = node
            value = unpack(data, start)[0]
            nsec = nsec_unpack(data, nsec_start)[0] if nsec_unpack is not None else None
            out.append(Field(name, value, kt.time_text(value, nsec), start + base, end + base, [], doc))
        elif kind == _HINTED:
            _, name, hint, start, end, doc, kids = node
            children = _build(kids, data, base)
            out.append(Field(name, None, kt.children_show(children, hint), start + base, end + base, children, doc))
        else:  # _STR
            _, name, encoding, errors, start, end, entry = node
            text = bytes(data[start:end]).decode(encoding, errors)
            out.append(kt._field(None, name, text, start + base, end + base, base, kt._NO_POS, entry, _NO_ERRORS, None))
    return out
