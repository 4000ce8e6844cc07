"""Fuzzing every compiled parser's top-level types directly (the class of each compiled
module and the types declared at its top), outside any framing: what a framer never
hands a parser is still bytes it may one day be given.

Inputs: what the parser was run on while the real captures decoded (tests/fuzz_corpus.py),
mutated at the byte level and with its integer fields set to the special values; for
types no capture reaches, XDR-like words (small counts, the special values, anything);
and GlusterFS dictionaries built pair by pair with a value of every type whose size is
wrong. Properties: no exception but the runtime's end-of-stream and validation errors,
work and memory bounded by the input's size, every byte in a field or an error span, and
the same tree from a field template as from the parser.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import struct
from io import BytesIO
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kaitaistruct import KaitaiStream, KaitaiStruct

from fuzz_corpus import corpus
from fuzzing import (
    SPECIAL_U32,
    WORK_BASE,
    WORK_PER_BYTE,
    WorkMeter,
    apply,
    memory_peak,
    mutations,
    parser_exceptions,
    unexpected,
)
from hexview import compiled
from hexview.decode import field_templates, kaitai_tree
from hexview.decode.fields import DecodedMessage

MODULES = sorted(info.name for info in pkgutil.iter_modules(compiled.__path__) if info.name not in ("ksy_meta", "__init__"))


def _types(module_name: str) -> list[type]:
    """The module's class and the types declared at its top."""
    module = importlib.import_module(f"{compiled.__name__}.{module_name}")
    top = next(
        v
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, KaitaiStruct) and v.__module__ == module.__name__
    )
    nested = [v for v in vars(top).values() if isinstance(v, type) and issubclass(v, KaitaiStruct)]
    return [top, *nested]


def _params_of(cls: type) -> list[str]:
    return [p for p in inspect.signature(cls.__init__).parameters if p not in ("self", "_io", "_parent", "_root")]


WORD = st.one_of(st.integers(0, 8), st.sampled_from(SPECIAL_U32), st.integers(0, 0xFFFFFFFF))
XDR = st.builds(
    lambda words, tail: b"".join(struct.pack("!I", w) for w in words) + tail,
    st.lists(WORD, max_size=48),
    st.binary(max_size=3),
)
PARAM = st.one_of(st.booleans(), st.integers(0, 40), st.sampled_from((0xFFFFFFFF, -1, 1 << 31)))


def _param_value(draw: Any, name: str, seen: list[Any]) -> Any:
    if seen and draw(st.integers(0, 3)):
        return draw(st.sampled_from(seen))
    if name.startswith(("is_", "has_", "draft_")):
        return draw(st.booleans())
    return draw(PARAM)


@st.composite
def parser_cases(draw, module_name: str):
    """(class, bytes, params, top): a real input mutated, or built words for the type;
    ``top``: the module's class when ``cls`` is a type inside it."""
    types = _types(module_name)
    cls = draw(st.sampled_from(types))
    recorded = corpus().parser_inputs.get(cls, [])
    names = _params_of(cls)
    if recorded and draw(st.integers(0, 4)):
        data, params = draw(st.sampled_from(recorded))
        data = apply(data, draw(mutations(4)))
        return cls, data, params, None
    seen: dict[str, list[Any]] = {}
    for _, p in recorded:
        for k, v in (p or {}).items():
            seen.setdefault(k, []).append(v)
    params = {name: _param_value(draw, name, seen.get(name, [])) for name in names} or None
    top = types[0]
    if cls is top:
        return cls, draw(XDR), params, None
    root_seen: dict[str, list[Any]] = {}
    for _, p in corpus().parser_inputs.get(top, []):
        for k, v in (p or {}).items():
            root_seen.setdefault(k, []).append(v)
    root_params = {name: _param_value(draw, name, root_seen.get(name, [])) for name in _params_of(top)}
    return cls, draw(XDR), params, (top, root_params)


class Rooted:
    """A type declared inside a parser, made as its parser would make it: with the top
    class (its parameters set, nothing read) as its root and parent, so that expressions
    on ``_root`` find the parameters. A type that reads its real parent's fields (one
    level up, not the root) cannot be made alone: its AttributeError is the harness's,
    and allowed for these types only."""

    def __init__(self, cls: type, top: type, root_params: dict[str, Any]) -> None:
        self.cls, self.__qualname__, self.__module__ = cls, cls.__qualname__, cls.__module__
        self.root = top(*root_params.values(), KaitaiStream(BytesIO(b"")))

    def __call__(self, io: Any) -> Any:
        return self.cls(io, self.root, self.root)


def check_parse(cls: Any, data: bytes, params: dict[str, Any] | None, allowed: tuple[type, ...] = ()) -> DecodedMessage:
    meter = WorkMeter(WORK_BASE + WORK_PER_BYTE * len(data))
    with parser_exceptions() as seen, memory_peak() as peak, meter.active():
        decoded = kaitai_tree.decode_with(cls, data, params)
    assert not [e for e in unexpected(seen) if not isinstance(e, allowed)], unexpected(seen)
    assert peak[0] <= (16 << 20) + 200 * len(data), peak[0]
    covered = bytearray(len(data))
    for start, end in [(f.start, f.end) for f in decoded.walk()] + [(e.start, e.end) for e in decoded.errors]:
        assert 0 <= start <= end, (start, end)
        covered[start:end] = b"\x01" * max(0, min(end, len(data)) - start)
    assert all(covered), [i for i, c in enumerate(covered) if not c][:8]
    return decoded


def _tree(decoded: DecodedMessage) -> list[tuple[Any, ...]]:
    return [(f.name, f.value, f.show, f.start, f.end) for f in decoded.walk()] + [
        (e.start, e.end, e.reason) for e in decoded.errors
    ]


@pytest.mark.parametrize("module_name", MODULES)
@given(data=st.data())
def test_parser_types(module_name, data):
    cls, raw, params, nested_in = data.draw(parser_cases(module_name))
    if nested_in is not None:
        if params:  # a type with parameters of its own: its parent's expressions give them
            return
        parser: Any = _rooted(cls, *nested_in)
        decoded = check_parse(parser, raw, None, allowed=(AttributeError,))
    else:
        parser = cls
        decoded = check_parse(cls, raw, params)
    # a template learnt from this input (or an earlier one of the same layout) builds the same tree
    again = kaitai_tree.decode_with(parser, raw, params)
    field_templates.enabled = False
    try:
        plain = kaitai_tree.decode_with(parser, raw, params)
    finally:
        field_templates.enabled = True
    assert _tree(again) == _tree(decoded) == _tree(plain)


_ROOTED: dict[tuple[Any, ...], Rooted] = {}


def _rooted(cls: type, top: type, root_params: dict[str, Any]) -> Rooted:
    """One Rooted per type and root parameters (field templates are kept by parser)."""
    key = (cls, top, tuple(root_params.items()))
    if key not in _ROOTED:
        _ROOTED[key] = Rooted(cls, top, root_params)
    return _ROOTED[key]


# -- GlusterFS dictionaries ---------------------------------------------------------------------

KEYS = (
    "trusted.ec.version",
    "trusted.ec.size",
    "trusted.ec.config",
    "trusted.ec.dirty",
    "trusted.afr.vol-client-0",
    "trusted.afr.dirty",
    "glusterfs.open-fd-count",
    "",
    "k",
)
VALUE_SIZES = {2: 8, 3: 8, 4: 8, 7: 16, 8: 148, 9: 52}  # gf_data_type -> the size its arm reads


@st.composite
def gfx_pair(draw) -> bytes:
    """One gfx_dict_pair whose value has any type (0-9, and beyond) and often the wrong size."""
    key = draw(st.sampled_from(KEYS)).encode() + b"\0"
    key_length = draw(st.sampled_from((len(key), len(key), 0, 1, 0xFFFFFFFF)))
    out = struct.pack("!I", key_length) + key + bytes(-len(key) % 4)
    kind = draw(st.sampled_from((0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0xFFFFFFFF)))
    out += struct.pack("!I", kind)
    if kind in (1, 5, 6):  # opaque arms: value_length, value, padding
        value = draw(st.binary(max_size=40))
        declared = draw(st.sampled_from((len(value), len(value), 0, 1, len(value) + 1, 0x7FFFFFFF, 0xFFFFFFFF)))
        out += struct.pack("!I", declared) + value + bytes(-len(value) % 4)
    else:
        size = VALUE_SIZES.get(kind, 0)
        out += draw(st.binary(min_size=0, max_size=size + 8))  # shorter, exact or longer than the arm
    return out


@given(
    pairs=st.lists(gfx_pair(), max_size=5),
    count=st.sampled_from((None, 0, 1, -1, 0x7FFFFFFF)),
    size=st.sampled_from((None, 0, 0xFFFFFFFF)),
)
def test_gluster_dict_values_of_every_type_with_wrong_sizes(pairs, count, size):
    from hexview.compiled.gluster_gfx import GlusterGfx

    body = b"".join(pairs)
    n = len(pairs) if count is None else count
    head = struct.pack(
        "!IiI",
        len(body) if size is None else size,
        n if n < (1 << 31) else -1,
        len(pairs) if count is None else count & 0xFFFFFFFF,
    )
    check_parse(GlusterGfx.GfxDict, head + body, None)


@given(
    entries=st.lists(
        st.tuples(st.binary(max_size=12), st.binary(max_size=12), st.sampled_from((None, 0, 1, 0xFFFFFFFF))), max_size=4
    ),
    count=st.sampled_from((None, 0, 0xFFFFFFFF)),
)
def test_gluster_serialized_dict_with_wrong_sizes(entries, count):
    """dict_serialize()'s layout inside an opaque: count, then per pair key length, value
    length, key with NUL, value -- lengths right or wrong."""
    from hexview.compiled.gluster_xdr3 import GlusterXdr3

    body = struct.pack("!I", len(entries) if count is None else count)
    for key, value, wrong in entries:
        body += struct.pack("!II", len(key) if wrong is None else wrong, len(value)) + key + b"\0" + value
    data = struct.pack("!I", len(body)) + body + bytes(-len(body) % 4)
    check_parse(GlusterXdr3.OpaqueDict, data, None)
