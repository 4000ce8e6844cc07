"""The index path's economies, each checked by what it keeps or how often it works,
never by a clock: a segment that is exactly one message is not copied, a paired RPC
reply shares its call's params, a lone fragment's length comes from its mark, frame
times live in a fixed ring, and --summary writes a file's lines in batches.

Records are RFC 5531 calls and replies (GF-DUMP PING: program 123451501 v1 procedure 2)
built here; the record mark's bit 31 says "last fragment", bits 0-30 the length.
"""

from __future__ import annotations

import io
import struct

from hexview.output.summary import write_summary
from hexview.pipeline import FrameTimes, Pipeline
from hexview.protocols.registry import by_name
from hexview.protocols.rpc.onc_rpc import RpcFramer, fragments_of
from hexview.tcp.stream_events import Conversation, Endpoint, StreamData, StreamEnd
from tcp_packets import conversation_packets

CLIENT, SERVER = ("10.0.0.1", 49152), ("10.0.0.2", 24007)


def _record(body: bytes, last: bool = True) -> bytes:
    return struct.pack(">I", (0x80000000 if last else 0) | len(body)) + body


def _call(xid: int) -> bytes:
    # xid, CALL, rpcvers 2, prog, vers, proc, AUTH_NONE credential and verifier (flavour 0, length 0)
    return struct.pack(">IIIIIIIIII", xid, 0, 2, 123451501, 1, 2, 0, 0, 0, 0)


def _reply(xid: int) -> bytes:
    # xid, REPLY, MSG_ACCEPTED, AUTH_NONE verifier, SUCCESS
    return struct.pack(">IIIIII", xid, 1, 0, 0, 0, 0)


def _framer() -> RpcFramer:
    conv = Conversation(0, Endpoint(*CLIENT), Endpoint(*SERVER))
    conv.protocol = by_name("GlusterFS")  # (which also puts GF-DUMP in the program table)
    return conv.protocol.framer(conv)


def test_a_segment_that_is_one_message_becomes_it_without_a_copy():
    framer = _framer()
    segment = _record(_call(7))
    [message] = framer.feed("c2s", StreamData(0, segment, 3))
    assert message.data is segment  # the segment's own bytes object
    assert (message.offset, message.length, message.frames, message.name) == (0, 44, (3,), "GF-DUMP PING call")
    # two records in one segment take the buffered path, and come out alike
    both = _record(_call(8)) + _record(_call(9))
    first, second = framer.feed("c2s", StreamData(44, both, 4))
    assert (first.offset, second.offset, first.data + second.data) == (44, 88, both)
    assert first.params["xid"] == 8 and second.params["xid"] == 9 and first.frames == second.frames == (4,)


def test_a_message_split_over_segments_keeps_every_frame():
    framer = _framer()
    record = _record(_call(7))
    assert framer.feed("c2s", StreamData(0, record[:20], 1)) == []
    [message] = framer.feed("c2s", StreamData(20, record[20:], 2))
    assert (message.data, message.frames) == (record, (1, 2))


def test_a_paired_reply_of_one_fragment_shares_its_calls_params():
    messages = list(
        Pipeline(hold_for_pairs=False).run(
            iter(
                conversation_packets(
                    [("c", _record(_call(5))), ("s", _record(_reply(5))), ("s", _record(_reply(6)))], CLIENT, SERVER
                )
            )
        )
    )
    call, reply, stray = messages
    assert reply.pair is call and call.replies == [reply] and call.first_reply is reply
    assert reply.params is call.params
    assert call.params == {"xid": 5, "prog": 123451501, "vers": 1, "proc": 2}
    assert stray.pair is None and stray.params == {"xid": 6, "reason": "its call is not in the capture"}


def test_fragments_come_from_the_marks():
    framer = _framer()
    body = _call(9)
    two = _record(body[:16], last=False) + _record(body[16:])  # RFC 5531 record of two fragments
    [message] = framer.feed("c2s", StreamData(0, two, 1))
    assert fragments_of(message) == [(0, 16), (20, 24)] and message.params["fragments"] == [(0, 16), (20, 24)]
    framer = _framer()
    [single] = framer.feed("c2s", StreamData(0, _record(body), 1))
    assert "fragments" not in single.params and fragments_of(single) == [(0, 40)]
    # cut short by the end of the stream: the mark still says how long the fragment was
    framer = _framer()
    assert framer.feed("c2s", StreamData(0, _record(body)[:30], 1)) == []
    [short] = framer.feed("c2s", StreamEnd(30, "FIN", 2))
    assert short.length == 30 and fragments_of(short) == [(0, 40)]
    header = short.decode().top("fragment_header")
    assert (header.value, header.child("fragment_length").value) == (0x80000028, 40)


def test_frame_times_live_in_a_fixed_ring():
    times = FrameTimes(4)
    assert times.get(1) is None
    for frame in range(1, 11):
        times.add(frame, 100.0 + frame)
    assert [times.get(f) for f in range(5, 11)] == [None, None, 107.0, 108.0, 109.0, 110.0]
    assert len(times.times) == len(times.frames) == 4


class _CountingOut(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def test_summary_lines_go_out_in_batches_from_a_file_and_one_by_one_from_a_pipe():
    sends = [(who, _record(make(xid))) for xid in range(1, 601) for who, make in (("c", _call), ("s", _reply))]
    packets = conversation_packets(sends, CLIENT, SERVER)
    outs = []
    for batch in (512, 1):
        out = _CountingOut()
        assert write_summary(Pipeline().run(iter(packets)), out, batch=batch) == 1200
        outs.append(out)
    assert (outs[0].writes, outs[1].writes) == (3, 1200)  # 512 + 512 + 176 lines
    assert outs[0].getvalue() == outs[1].getvalue() and outs[0].getvalue().count("\n") == 1200
