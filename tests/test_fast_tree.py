"""The fast decode path builds and writes exactly what the plain one does.

``kaitai_tree.struct_fields`` builds trees from per-class plans and ``json_lines``
writes JSON text straight from the tree; ``kaitai_tree_reference.struct_fields`` and
``json.dumps(message_json(...))`` are the plain definitions; the parsers read through
``kaitai_stream.FastStream``, the plain runtime's ``KaitaiStream`` is the definition. Every message of every
shared capture, the bundled captures and the demos is decoded both ways and compared
field by field (name, value, show, start, end, doc, colour, children), with its
errors, summary and outcome, and its --json line byte for byte."""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path

import kaitaistruct
import pytest

import hexview.compiled
import kaitai_tree_reference
from hexview.compiled import rpc_message
from hexview.decode import kaitai_tree
from hexview.decode.kaitai_stream import FastStream
from hexview.output.json_lines import message_json, message_json_text
from hexview.pipeline import Pipeline
from hexview.readers import open_input
from shared_paths import CAPTURES

DATA = Path(__file__).resolve().parent / "data"
BUNDLED = sorted(DATA.glob("*.pcap")) + sorted((DATA / "demos").glob("*.pcap"))


def shared_captures():
    found = sorted(p for d in ("gluster", "nfs", "nbd") for p in (CAPTURES / d).glob("*.pcap")) if CAPTURES.is_dir() else []
    if not found:
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/captures not present"))]
    return [pytest.param(p, id=p.stem) for p in found]


PARSER_MODULES = [
    module
    for info in pkgutil.iter_modules(hexview.compiled.__path__)
    for module in (importlib.import_module(f"hexview.compiled.{info.name}"),)
    if getattr(module, "KaitaiStream", None) is FastStream
]


def field_tuple(f) -> tuple:
    return (f.name, f.value, f.show, f.start, f.end, f.doc, f.colour, [field_tuple(c) for c in f.children])


def decode_all(path: Path) -> list[tuple]:
    """Each message's whole decode, and its --json line as the plain dict path writes it
    (which the line written straight from the tree must equal)."""
    pipeline = Pipeline()
    out = []
    for m in pipeline.run(open_input(str(path))):
        d = m.decode()
        d.ensure_colours()
        line = json.dumps(message_json(m, pipeline.first_timestamp), ensure_ascii=True, separators=(",", ":"))
        assert message_json_text(m, pipeline.first_timestamp) == line, f"{path.name} message {m.index}"
        out.append(
            (
                m.index,
                [field_tuple(f) for f in d.fields],
                [(e.start, e.end, e.reason) for e in d.errors],
                d.summary,
                d.outcome,
                line,
            )
        )
    return out


def assert_same_as_reference(path: Path, monkeypatch) -> None:
    fast = decode_all(path)
    with monkeypatch.context() as patch:
        patch.setattr(kaitai_tree, "struct_fields", kaitai_tree_reference.struct_fields)
        # the runtime's own stream, for the message and every substream the parsers open
        patch.setattr(kaitai_tree, "FastStream", kaitaistruct.KaitaiStream)
        for module in PARSER_MODULES:
            patch.setattr(module, "KaitaiStream", kaitaistruct.KaitaiStream)
        reference = decode_all(path)
    assert fast, path
    assert len(fast) == len(reference)
    for got, want in zip(fast, reference, strict=True):
        assert got == want, f"{path.name} message {want[0]}"


@pytest.mark.shared
@pytest.mark.parametrize("path", shared_captures())
def test_fast_trees_equal_the_reference_on_shared_captures(path, monkeypatch):
    assert_same_as_reference(path, monkeypatch)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_fast_trees_equal_the_reference_on_bundled_captures(path, monkeypatch):
    assert_same_as_reference(path, monkeypatch)


class CountingMeta(dict):
    lookups = 0

    def get(self, key, default=None):
        CountingMeta.lookups += 1
        return super().get(key, default)


def test_a_class_is_planned_once_not_per_parsed_object(monkeypatch):
    """META is read when a class is first met; the next objects of it reuse the plan."""
    call = bytes.fromhex(
        "0000002a 00000000 00000002 0001 86a5 00000001 00000000 00000000 00000000 00000000 00000000".replace(" ", "")
    )
    monkeypatch.setattr(kaitai_tree, "META", CountingMeta(kaitai_tree.META))
    monkeypatch.setattr(kaitai_tree, "_PLANS", {})
    first = kaitai_tree.parse_fields(rpc_message.RpcMessage, call)[0]
    assert CountingMeta.lookups > 0
    CountingMeta.lookups = 0
    again = kaitai_tree.parse_fields(rpc_message.RpcMessage, call)[0]
    assert CountingMeta.lookups == 0
    assert [field_tuple(f) for f in again] == [field_tuple(f) for f in first]
    assert [f.name for f in first][:3] == ["xid", "msg_type", "call"]
    assert (first[0].value, first[0].start, first[0].end) == (42, 0, 4)


def test_every_parser_reads_through_the_fast_stream():
    assert len(PARSER_MODULES) >= 20  # every generated parser module but the package and META


@pytest.mark.parametrize(
    "data, reader, value",
    [
        (b"\xff", "read_s1", -1),
        (b"\x80\x01", "read_s2be", -32767),
        (b"\xff\xff\xff\xfe", "read_s4be", -2),
        (b"\x00\x00\x00\x01\x00\x00\x00\x02", "read_u8be", 2**32 + 2),
        (b"\x01\x02", "read_u2be", 0x0102),
    ],
)
def test_fast_stream_reads_like_the_runtime(data, reader, value):
    from io import BytesIO

    for cls in (kaitaistruct.KaitaiStream, FastStream):
        stream = cls(BytesIO(data + b"\x07"))
        assert getattr(stream, reader)() == value and stream.pos() == len(data)
        assert stream.read_bytes(1) == b"\x07"


@pytest.mark.parametrize("reader", ["read_u4be", "read_s8be", "read_u1", "read_bytes"])
def test_fast_stream_short_reads_fail_like_the_runtime(reader):
    """Same error text (what 'truncated' messages quote), same position after it."""
    from io import BytesIO

    outcomes = []
    for cls in (kaitaistruct.KaitaiStream, FastStream):
        stream = cls(BytesIO(b"" if reader == "read_u1" else b"\x01\x02\x03"))
        with pytest.raises(EOFError) as caught:
            getattr(stream, reader)(*((9,) if reader == "read_bytes" else ()))
        outcomes.append((type(caught.value), str(caught.value), stream.pos()))
    assert outcomes[0] == outcomes[1]
    assert "requested" in outcomes[0][1] and "available" in outcomes[0][1]


def test_printable_escapes_exactly_what_the_table_does():
    """printable skips the translation when nothing needs escaping; every character
    of the first 512 code points, alone and inside text, reads as the full table says."""
    from hexview.safe_text import _TABLE, printable

    for code in range(512):
        for text in (chr(code), f"a{chr(code)}b"):
            assert printable(text) == text.translate(_TABLE)
    assert printable("x\x1b[31m\n") == "x\\x1b[31m\\n"
