"""What fuzzing found, each kept as the minimal example hypothesis shrank it to (the
seed and the mutations), with the behaviour the fix gives. docs/reliability.md lists
them with their fixes."""

from __future__ import annotations

from fuzz_corpus import corpus
from fuzzing import DATA, apply, check_run, run_input, run_packets
from hexview.packets import Span
from tcp_packets import conversation_packets
from test_fuzz_protocols import damage

GLUSTER_X = DATA / "gluster-tiny-brick-midstream.X.txt"


def test_rpc_bytes_between_records_are_undecoded_not_a_header_read_after_an_invented_mark():
    """One bit flipped in a GlusterFS record's mark: the framer resynchronises at the next
    record and hands the 32 bytes before it out as "Undecoded bytes". The RPC decoder read
    them as a record anyway -- skipping 4 bytes as a mark no field showed and reading
    'rity' of 'security.capability' as an xid, and over a lost segment a whole call header
    of <not captured> fields. Now they are one undecoded span with the framer's reason."""
    data = apply(GLUSTER_X.read_bytes(), [("flip", 4183, 0)])
    run = run_input(data)
    check_run(run, len(data))
    junk = [m for m in run.messages if m.kind == "undecoded"]
    assert [(m.offset, m.length) for m in junk] == [(288, 256), (868, 32)]
    lost, cut = (m.decode() for m in junk)
    assert [(f.name, f.show, f.start, f.end) for f in lost.fields] == [("not_captured", "256 bytes", 0, 256)]
    assert lost.errors == [Span(0, 256, "not captured: not captured (lost segment?)")]
    assert [(f.name, f.value, f.start, f.end) for f in cut.fields] == [
        ("data", (b"security.capability" + bytes(4) + b"\x02" + bytes(8)).hex(), 0, 32)
    ]
    assert cut.errors == [Span(0, 32, "undecoded: no ONC RPC record mark and header here")]


def test_empty_field_at_an_rpc_fragment_boundary_stays_empty():
    """An NLM LOCK call of the bundled capture re-cut into two fragments at payload byte
    84 (281 modulo its length + 1): the empty 'padding' after a 4-byte-aligned owner
    handle sat right at the boundary, and mapping payload offsets to message offsets put
    its start after the second mark (96) and its end before it (92); now it is empty at 96,
    where the next fragment's bytes start."""
    conv = corpus().conversations["NLM"][0]
    sends = damage(conv, [("fragments", 614, [281])])
    packets = conversation_packets(sends, ("10.0.0.1", conv.client_port), ("10.0.0.2", conv.server_port))
    run = run_packets(packets, sum(len(d) for _w, d in sends), decode_as={conv.server_port: "NLM"})
    check_run(run, sum(len(d) for _w, d in sends))
    lock = next(m for m in run.messages if m.name == "NLM NM_LOCK call")
    marks = [(f.name, f.start, f.end) for f in lock.decode().fields if f.name.startswith("fragment_header")]
    assert marks == [("fragment_header[0]", 0, 4), ("fragment_header[1]", 92, 96)]
    cookie = lock.decode().find("cookie")
    assert [(f.name, f.start, f.end) for f in cookie.children] == [("length", 84, 88), ("data", 88, 92), ("padding", 96, 96)]
    assert all(f.start <= f.end for f in lock.decode().walk())
