"""The fast decode path builds and writes exactly what the plain one does.

``kaitai_tree.struct_fields`` builds trees from per-class plans and ``json_lines``
writes JSON text straight from the tree; ``kaitai_tree_reference.struct_fields`` and
``json.dumps(message_json(...))`` are the plain definitions. Every message of every
shared capture, the bundled captures and the demos is decoded both ways and compared
field by field (name, value, show, start, end, doc, colour, children), with its
errors, summary and outcome, and its --json line byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hexview import kaitai_tree, kaitai_tree_reference
from hexview.compiled import rpc_message
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
        reference = decode_all(path)
    assert fast, path
    assert len(fast) == len(reference)
    for got, want in zip(fast, reference):
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
    call = bytes.fromhex("0000002a 00000000 00000002 0001 86a5 00000001 00000000 00000000 00000000 00000000 00000000".replace(" ", ""))
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
