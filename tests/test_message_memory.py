"""What a framed message holds, counted in bytes (tracemalloc), never timed: a view keeps
every message of a capture (or of an endless pipe's window), so the per-message overhead
beyond the message's own bytes is what its memory grows by. RFC 5531 calls and replies
(GF-DUMP PING, program 123451501 v1 procedure 2), 2,000 of each, one TCP segment each."""

from __future__ import annotations

import gc
import struct
import tracemalloc

from hexview.pipeline import Pipeline
from tcp_packets import conversation_packets

PAIRS = 2000
# bytes a message may hold beyond its data: about 390 now -- a slots record (184), one
# params dict per call and its reply, its offset and number; about 800 while every
# message had a frames tuple, a replies list, a name string and a params dict of its own
LIMIT = 420


def _record(body: bytes) -> bytes:
    return struct.pack(">I", 0x80000000 | len(body)) + body


def test_a_framed_message_holds_little_beyond_its_bytes():
    sends = []
    for xid in range(1, PAIRS + 1):
        sends.append(("c", _record(struct.pack(">IIIIIIIIII", xid, 0, 2, 123451501, 1, 2, 0, 0, 0, 0))))
        sends.append(("s", _record(struct.pack(">IIIIIIII", xid, 1, 0, 0, 0, 0, 0, 0))))
    packets = conversation_packets(sends, ("10.0.0.1", 49152), ("10.0.0.2", 24007))
    list(Pipeline().run(iter(packets[:2])))  # protocols are discovered (imported) on first use: not counted
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        messages = list(Pipeline(hold_for_pairs=False).run(iter(packets)))
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(messages) == 2 * PAIRS and all(m.pair is not None for m in messages)
    data = sum(len(m.data) for m in messages)
    per_message = (held - data) / len(messages)
    assert per_message <= LIMIT, per_message
