"""Huge declared lengths never allocate or wait for what they declare: counted in bytes
(tracemalloc's peak while framing), never timed. Each case is one TCP connection whose
header says 2^31, 2^32 or 2^64 bytes follow, and then 1 KiB does (the layouts are the
NBD protocol's request and simple reply, and RFC 5531's record mark and call header)."""

from __future__ import annotations

import struct
import tracemalloc

import pytest

from hexview.pipeline import Pipeline
from tcp_packets import conversation_packets

KIB = bytes(range(256)) * 4
PEAK = 512 * 1024  # bytes framing may hold at its peak here: the input is 1 KiB and a few headers

NBD_REQUEST, NBD_EXTENDED_REQUEST, NBD_SIMPLE_REPLY = 0x25609513, 0x21E41C71, 0x67446698
CMD_READ, CMD_WRITE = 0, 1


def _nbd_request(cmd: int, length: int) -> bytes:
    return struct.pack(">IHHQQI", NBD_REQUEST, 0, cmd, 1, 0, length)


CASES = {
    "nbd read of 2^32-1, its reply carries 1 KiB": (
        10809,
        [("c", _nbd_request(CMD_READ, 0xFFFFFFFF)), ("s", struct.pack(">IIQ", NBD_SIMPLE_REPLY, 0, 1) + KIB)],
    ),
    "nbd write of 2^32-1 with 1 KiB": (10809, [("c", _nbd_request(CMD_WRITE, 0xFFFFFFFF) + KIB)]),
    "nbd extended write of 2^64-1 with 1 KiB": (
        10809,
        [("c", struct.pack(">IHHQQQ", NBD_EXTENDED_REQUEST, 0, CMD_WRITE, 1, 0, 2**64 - 1) + KIB)],
    ),
    "onc rpc record of 2^31-1": (2049, [("c", struct.pack(">IIIIIIII", 0xFFFFFFFF, 7, 0, 2, 100003, 3, 1, 0) + KIB)]),
    "onc rpc fragment of 2^31-1, not the last": (
        2049,
        [("c", struct.pack(">IIIIIIII", 0x7FFFFFFF, 7, 0, 2, 100003, 3, 1, 0) + KIB)],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_huge_declared_length_holds_only_what_came(case):
    port, sends = CASES[case]
    packets = conversation_packets(sends, ("10.0.0.1", 40000), ("10.0.0.2", port))
    list(Pipeline().run(iter(packets[:1])))  # protocols load on first use: not counted
    tracemalloc.start()
    try:
        messages = list(Pipeline().run(iter(packets)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < PEAK, peak
    for direction, who in (("c2s", "c"), ("s2c", "s")):
        sent = sum(len(data) for w, data in sends if w == who)
        assert sum(m.length for m in messages if m.direction == direction) == sent  # every byte, none invented


def test_a_reply_the_input_ends_inside_says_what_was_still_expected():
    """NBD_CMD_READ of 2^32-1 bytes: the reply waits for at most the framer's bound (64 MiB),
    not 4 GiB, and once the input ends says how many of those never came."""
    from hexview.protocols.nbd import MAX_PAYLOAD

    port, sends = CASES["nbd read of 2^32-1, its reply carries 1 KiB"]
    messages = list(Pipeline().run(iter(conversation_packets(sends, ("10.0.0.1", 40000), ("10.0.0.2", port)))))
    reply = next(m for m in messages if m.direction == "s2c")
    assert reply.length == 16 + 1024
    assert [p.reason for p in reply.problems] == [f"stream ended inside a message: {MAX_PAYLOAD - 1024} more bytes expected"]
