"""What fuzzing found, each kept as the minimal example hypothesis shrank it to (the
seed and the mutations), with the behaviour the fix gives. docs/reliability.md lists
them with their fixes."""

from __future__ import annotations

from fuzzing import DATA, apply, check_run, run_input
from hexview.packets import Span

GLUSTER_X = DATA / "gluster-tiny-brick-midstream.X.txt"


def test_rpc_bytes_between_records_are_undecoded_not_a_header_read_after_an_invented_mark():
    """One bit flipped in a GlusterFS record's mark: the framer resynchronises at the next
    record and hands the 32 bytes before it out as "Undecoded bytes". The RPC decoder read
    them as a record anyway -- skipping 4 bytes as a mark no field showed and reading
    'rity' of 'security.capability' as an xid, and over a lost segment a whole call header
    of <not captured> fields. Now they are one undecoded span with the framer's reason."""
    data = apply(GLUSTER_X.read_bytes(), [("flip", 4183, 0)])
    run = run_input(data)
    check_run(run, data)
    junk = [m for m in run.messages if m.kind == "undecoded"]
    assert [(m.offset, m.length) for m in junk] == [(288, 256), (868, 32)]
    lost, cut = (m.decode() for m in junk)
    assert [(f.name, f.show, f.start, f.end) for f in lost.fields] == [("data", "<not captured>", 0, 256)]
    assert lost.errors == [Span(0, 256, "not captured: not captured (lost segment?)")]
    assert [(f.name, f.value, f.start, f.end) for f in cut.fields] == [
        ("data", (b"security.capability" + bytes(4) + b"\x02" + bytes(8)).hex(), 0, 32)
    ]
    assert cut.errors == [Span(0, 32, "undecoded: no ONC RPC record mark and header here")]
