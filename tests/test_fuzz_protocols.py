"""Fuzzing every protocol's framing and decoding: real conversations (tests/fuzz_corpus.py)
replayed through the whole pipeline with some of their messages damaged, and built ones
that go where real ones do not:

- structure-aware: an integer field the real message's decode found (a length, a count,
  a discriminant) set to 0, 1, the most its width holds, 2^31, 2^32-1 or 2^64-1;
- byte-level: tests/fuzzing.py's mutations of one message;
- messages dropped, duplicated, and (ONC RPC) a record re-cut into fragments, zero-length
  fragments included;
- POHMELFS NETFS_TRANS commands nested up to 40 deep, with right and wrong sizes;
- NBD requests and structured reply chunks whose lengths and offsets are near 2^64.

tests/test_mutated_messages.py's seeded rounds over OCFS2 and POHMELFS stay as they are;
this covers every protocol, shrinks what it finds and adds the metered properties.
"""

from __future__ import annotations

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz_corpus import Conversation, corpus
from fuzzing import SPECIAL_U32, SPECIAL_U64, apply, check_run, mutations, run_packets
from tcp_packets import conversation_packets

PROTOCOLS = ["GlusterFS", "MOUNT", "NBD", "NFS", "NFSACL", "NLM", "NSM", "OCFS2", "POHMELFS", "PORTMAP"]
CLIENT_ADDRESS, SERVER_ADDRESS = "10.0.0.1", "10.0.0.2"
SPECIALS = {
    1: (0, 1, 0x7F, 0x80, 0xFF),
    2: (0, 1, 0x7FFF, 0x8000, 0xFFFF),
    4: SPECIAL_U32,
    8: SPECIAL_U64,
}
RPC = {"GlusterFS", "MOUNT", "NFS", "NFSACL", "NLM", "NSM", "PORTMAP"}
LAST_FRAGMENT = 1 << 31
SEGMENT = 16384  # bytes a packet carries at most (an IPv4 packet's length is 16 bits)

MESSAGE_OP = st.one_of(
    st.tuples(st.just("field"), st.integers(0, 999), st.integers(0, 999), st.integers(0, 6)),
    st.tuples(st.just("bytes"), st.integers(0, 999), mutations(3)),
    st.tuples(st.just("drop"), st.integers(0, 999)),
    st.tuples(st.just("duplicate"), st.integers(0, 999)),
    st.tuples(st.just("fragments"), st.integers(0, 999), st.lists(st.integers(0, 1 << 16), min_size=1, max_size=5)),
)


def damage(conv: Conversation, ops: list[tuple]) -> list[tuple[str, bytes]]:
    """The conversation's sends after ``ops``: (who, bytes) in capture order."""
    sends = [(s.who, bytearray(s.data), s.ints) for s in conv.sends]
    for op in ops:
        if not sends:
            break
        i = op[1] % len(sends)
        who, data, ints = sends[i]
        kind = op[0]
        if kind == "field" and ints:
            start, end = ints[op[2] % len(ints)]
            choices = SPECIALS[end - start]
            data[start:end] = choices[op[3] % len(choices)].to_bytes(end - start, "big")
        elif kind == "bytes":
            sends[i] = (who, bytearray(apply(bytes(data), op[2])), [])
        elif kind == "drop":
            del sends[i]
        elif kind == "duplicate":
            sends.insert(i, (who, bytearray(data), ints))
        elif kind == "fragments" and conv.protocol in RPC:
            sends[i] = (who, bytearray(refragment(bytes(data), op[2])), [])
    return [(who, bytes(data)) for who, data, _ in sends]


def refragment(record: bytes, cuts: list[int]) -> bytes:
    """A one-fragment RPC record re-cut at ``cuts`` (taken modulo its payload's length,
    repeated cuts giving zero-length fragments), each fragment behind its own mark."""
    if len(record) < 4:
        return record
    payload = record[4:]
    at = sorted(c % (len(payload) + 1) for c in cuts)
    pieces = [payload[a:b] for a, b in zip([0, *at], [*at, len(payload)], strict=True)]
    out = b""
    for n, piece in enumerate(pieces):
        mark = len(piece) | (LAST_FRAGMENT if n == len(pieces) - 1 else 0)
        out += struct.pack("!I", mark) + piece
    return out


def replay(protocol: str, conv: Conversation, sends: list[tuple[str, bytes]]) -> None:
    sends = [(w, d[at : at + SEGMENT]) for w, d in sends for at in range(0, max(len(d), 1), SEGMENT)]
    packets = conversation_packets(sends, (CLIENT_ADDRESS, conv.client_port), (SERVER_ADDRESS, conv.server_port))
    size = sum(len(d) for _w, d in sends)
    run = run_packets(packets, size, decode_as={conv.server_port: protocol})
    check_run(run, size)
    assert sum(m.length for m in run.messages) == size  # every byte sent is in a message


@pytest.mark.parametrize("protocol", PROTOCOLS)
@given(which=st.integers(0, 999), ops=st.lists(MESSAGE_OP, min_size=1, max_size=4))
def test_conversation_damaged(protocol, which, ops):
    conversations = corpus().conversations[protocol]
    conv = conversations[which % len(conversations)]
    replay(protocol, conv, damage(conv, ops))


# -- built messages -----------------------------------------------------------------------

POHMELFS_TRANS, POHMELFS_CAPABILITIES = 8, 14


def pohmelfs_header(cmd: int, size: int, ident: int = 0) -> bytes:
    """netfs_cmd: cmd csize cpad ext (u2 each), size, trans (u4), id, start, iv (u8)."""
    return struct.pack("!HHHHIIQQQ", cmd, 0, 0, 0, size, 0, ident, 0, 0)


@given(
    depth=st.integers(0, 40),
    sizes=st.lists(st.sampled_from((None, 0, 1, 39, 40, 0x7FFFFFFF, 0xFFFFFFFF)), max_size=4),
    at=st.integers(0, 40),
)
def test_pohmelfs_nested_trans(depth, sizes, at):
    """NETFS_TRANS in NETFS_TRANS ``depth`` deep around a NETFS_CAPABILITIES request, some
    levels' sizes wrong (None: right). The decoder's depth guard keeps work bounded."""
    inner = pohmelfs_header(POHMELFS_CAPABILITIES, 0, 1)
    for level in range(depth):
        wrong = sizes[(level + at) % len(sizes)] if sizes else None
        inner = pohmelfs_header(POHMELFS_TRANS, len(inner) if wrong is None else wrong) + inner
    conv = corpus().conversations["POHMELFS"][0]
    replay("POHMELFS", conv, [("c", inner)])


NBD_REQUEST_MAGIC, NBD_STRUCTURED_REPLY_MAGIC = 0x25609513, 0x668E33EF
NEAR_2_64 = st.sampled_from(((1 << 64) - 1, (1 << 64) - 4096, (1 << 63), (1 << 64) - 2, 0, 1))


@given(
    command=st.integers(0, 12),
    offset=NEAR_2_64,
    length=st.sampled_from(SPECIAL_U32),
    chunk_type=st.sampled_from((0, 1, 2, 3, 5, 0x8001, 0x8002, 0xFFFF)),
    chunk_length=st.sampled_from(SPECIAL_U32 + (8, 12, 16)),
    payload=st.binary(max_size=40),
)
def test_nbd_lengths_near_2_64(command, offset, length, chunk_type, chunk_length, payload):
    """An NBD transmission request with its offset near 2^64 and its length at the u32
    extremes (a write's data then runs to the end of the input), and a structured reply
    chunk with any length, after the capture's real handshake."""
    conv = corpus().conversations["NBD"][0]
    handshake = [(s.who, s.data) for s in conv.sends if not s.data.startswith(struct.pack("!I", NBD_REQUEST_MAGIC))]
    handshake = [(w, d) for w, d in handshake if not d.startswith(struct.pack("!I", NBD_STRUCTURED_REPLY_MAGIC))]
    request = struct.pack("!IHHQQI", NBD_REQUEST_MAGIC, 0, command, 7, offset, length) + payload
    chunk = struct.pack("!IHHQI", NBD_STRUCTURED_REPLY_MAGIC, 1, chunk_type, 7, chunk_length) + payload
    replay("NBD", conv, [*handshake, ("c", request), ("s", chunk)])
