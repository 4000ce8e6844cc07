"""TCP reassembly into per-direction chunk streams: hand-built segments for each
rule, then the shared real captures against tshark's numbers and known bytes."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest

from hexview.packets import LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_STREAM, Packet, Span
from hexview.tcp.netlayers import ACK, FIN, PSH, RST, SYN
from hexview.tcp.reassembly import LOST, MAX_PENDING_BYTES, MAX_PENDING_SEGMENTS, Reassembler
from hexview.tcp.stream_events import Endpoint, StreamData, StreamEnd, StreamGap
from hexview.tcp.streams import stream_events
from shared_paths import CAPTURES, shared_pcaps

CLIENT = Endpoint("10.0.0.1", 40000)
SERVER = Endpoint("10.0.0.2", 10809)
HEADERS = 40  # IPv4 20 + TCP 20 in the frames built below


def frame(number, seq, payload=b"", flags=ACK | PSH, src=CLIENT, dst=SERVER, ack=0, wire_len=None, missing=()):
    """A headerless-IPv4 (LINKTYPE_RAW) TCP frame. ``wire_len`` > len(payload) makes a
    snaplen-cut frame: the IP total length says more than was captured."""
    wire_len = len(payload) if wire_len is None else wire_len
    ip = struct.pack(
        "!BBHHHBBH4s4s",
        0x45,
        0,
        HEADERS + wire_len,
        0,
        0x4000,
        64,
        6,
        0,
        bytes(map(int, src.addr.split("."))),
        bytes(map(int, dst.addr.split("."))),
    )
    tcp = struct.pack("!HHIIBBHHH", src.port, dst.port, seq & 0xFFFFFFFF, ack, 5 << 4, flags, 65535, 0, 0)
    return Packet(number, LINKTYPE_RAW, ip + tcp + payload, f"frame {number}", missing=list(missing))


def back(number, seq, payload=b"", flags=ACK | PSH, **kw):
    """A frame from the server to the client."""
    return frame(number, seq, payload, flags, src=SERVER, dst=CLIENT, **kw)


def handshake(isn_client=1000, isn_server=5000):
    return [
        frame(1, isn_client, flags=SYN),
        back(2, isn_server, flags=SYN | ACK),
        frame(3, isn_client + 1, flags=ACK),
    ]


def run(packets):
    """Feed everything; return (events of each feed call, events of finish, reassembler)."""
    r = Reassembler()
    per_packet = [r.feed(p) for p in packets]
    return per_packet, r.finish(), r


def chunks(events, sender=None):
    return [e.chunk for e in events if sender is None or e.sender == sender]


# ------------------------------------------------------------------ ordering


def test_in_order_data_starts_at_offset_zero_after_the_syn():
    packets = handshake() + [frame(4, 1001, b"hello "), back(5, 5001, flags=ACK), frame(6, 1007, b"world")]
    per_packet, end, r = run(packets)
    assert per_packet[:3] == [[], [], []]  # handshake and pure ACKs give nothing
    assert chunks(per_packet[3]) == [StreamData(0, b"hello ", 4)]
    assert per_packet[4] == []
    assert chunks(per_packet[5]) == [StreamData(6, b"world", 6)]
    assert chunks(end) == [StreamEnd(11, "end of input"), StreamEnd(0, "end of input")]
    conv = per_packet[3][0].conversation
    assert (conv.index, conv.client, conv.server, conv.orientation_known) == (0, CLIENT, SERVER, True)
    assert (conv.packets, conv.bytes, conv.first_frame) == (6, {"c2s": 11, "s2c": 0}, 1)


def test_out_of_order_segment_waits_for_the_hole():
    packets = handshake() + [frame(4, 1006, b"world"), frame(5, 1001, b"hello")]
    per_packet, end, _ = run(packets)
    assert per_packet[3] == []
    # "world" came first (frame 4) but is whole in the stream only once frame 5 fills the hole
    assert chunks(per_packet[4]) == [StreamData(0, b"hello", 5), StreamData(5, b"world", 4, released=5)]


def test_retransmissions_are_trimmed_to_the_new_part():
    packets = handshake() + [
        frame(4, 1001, b"abcdef"),
        frame(5, 1001, b"abcdef"),  # exact duplicate
        frame(6, 1004, b"defghi"),  # overlaps 3 delivered bytes
    ]
    per_packet, _, r = run(packets)
    assert per_packet[4] == []
    assert chunks(per_packet[5]) == [StreamData(6, b"ghi", 6)]
    assert r.notes == []


def test_overlap_with_different_bytes_keeps_the_first_copy():
    packets = handshake() + [frame(4, 1001, b"abcdef"), frame(5, 1004, b"XYZghi")]
    per_packet, _, r = run(packets)
    assert chunks(per_packet[4]) == [StreamData(6, b"ghi", 5)]
    assert r.notes == [
        "frame 5: retransmitted bytes from 10.0.0.1:40000 at offset 3 differ from the copy in frame 4; the first copy is kept"
    ]


def test_buffered_overlap_keeps_the_first_copy():
    packets = handshake() + [
        frame(4, 1005, b"efgh"),
        frame(5, 1003, b"cdEFGHij"),  # overlaps the buffered bytes, differently
        frame(6, 1001, b"ab"),
    ]
    per_packet, _, r = run(packets)
    assert per_packet[3] == per_packet[4] == []
    assert chunks(per_packet[5]) == [
        StreamData(0, b"ab", 6),
        StreamData(2, b"cd", 5, released=6),
        StreamData(4, b"efgh", 4, released=6),
        StreamData(8, b"ij", 5, released=6),
    ]
    assert r.notes == ["frame 5: bytes at offset 4 differ from the copy in frame 4; the first copy is kept"]


def test_a_hole_that_never_fills_becomes_a_gap_at_finish():
    packets = handshake() + [frame(4, 1001, b"abc"), frame(5, 1104, b"later")]  # 100 bytes never seen
    per_packet, end, _ = run(packets)
    assert per_packet[4] == []
    assert chunks(end, CLIENT) == [
        StreamGap(3, 100, LOST, 5),
        StreamData(103, b"later", 5),
        StreamEnd(108, "end of input"),
    ]


def test_fin_declares_the_hole_before_it():
    packets = handshake() + [frame(4, 1001, b"abc"), frame(5, 1010, b"xyz", flags=ACK | FIN)]
    per_packet, end, _ = run(packets)
    assert chunks(per_packet[4]) == [
        StreamGap(3, 6, LOST, 5),
        StreamData(9, b"xyz", 5),
        StreamEnd(12, "FIN", 5),
    ]
    assert chunks(end) == [StreamEnd(0, "end of input")]


def test_fin_after_unseen_data_is_a_gap_up_to_the_fin():
    packets = handshake() + [frame(4, 1001, b"abc"), frame(5, 1020, flags=ACK | FIN)]
    per_packet, _, _ = run(packets)
    assert chunks(per_packet[4]) == [StreamGap(3, 16, LOST, 5), StreamEnd(19, "FIN", 5)]


def test_data_after_fin_is_ignored_with_a_note():
    packets = handshake() + [frame(4, 1001, b"abc", flags=ACK | FIN), frame(5, 1005, b"late")]
    per_packet, _, r = run(packets)
    assert chunks(per_packet[3]) == [StreamData(0, b"abc", 4), StreamEnd(3, "FIN", 4)]
    assert per_packet[4] == []
    assert r.notes == ["frame 5: 4 bytes from 10.0.0.1:40000 after its FIN ignored"]


def test_keep_alive_byte_is_not_a_differing_retransmission():
    packets = handshake() + [frame(4, 1001, b"abc"), frame(5, 1003, b"\0")]  # seq = next - 1, one byte
    per_packet, _, r = run(packets)
    assert per_packet[4] == []
    assert r.notes == []


def test_data_far_behind_the_stream_is_ignored_with_a_note():
    packets = handshake() + [frame(4, 1001, b"abc"), frame(5, 1001 - (100 << 20), b"old")]
    per_packet, _, r = run(packets)
    assert per_packet[4] == []
    assert r.notes == [f"frame 5: data from 10.0.0.1:40000 {(100 << 20) + 3} bytes before the stream position ignored"]


def test_sequence_numbers_wrap_at_2_32():
    isn = 2**32 - 3  # data starts at 2**32 - 2: the second segment crosses zero
    packets = handshake(isn_client=isn) + [
        frame(4, isn + 1, b"01234"),
        frame(6, isn + 11, b"abcde"),  # out of order, after the wrap
        frame(5, isn + 6, b"56789"),
    ]
    per_packet, _, _ = run(packets)
    assert chunks(per_packet[3]) == [StreamData(0, b"01234", 4)]
    assert per_packet[4] == []
    assert chunks(per_packet[5]) == [StreamData(5, b"56789", 5), StreamData(10, b"abcde", 6)]


def test_huge_sequence_jump_is_a_gap_without_allocation():
    jump = 100 << 20
    packets = handshake() + [frame(4, 1001, b"abc"), frame(5, 1004 + jump, b"def")]
    per_packet, _, _ = run(packets)
    gap, data = chunks(per_packet[4])
    assert gap == StreamGap(3, jump, f"sequence number jumps {jump} bytes ahead (capture restart, or loss)", 5)
    assert data == StreamData(3 + jump, b"def", 5)


# ------------------------------------------------------------------ connections


def test_rst_ends_only_its_direction():
    packets = handshake() + [back(4, 5001, b"hi"), frame(5, 1001, flags=RST | ACK)]
    per_packet, end, _ = run(packets)
    assert chunks(per_packet[4]) == [StreamEnd(0, "RST", 5)]
    assert chunks(end) == [StreamEnd(2, "end of input")]
    assert end[0].sender == SERVER


def test_port_reuse_after_fin_both_ways_starts_a_new_conversation():
    first = handshake() + [
        frame(4, 1001, b"one"),
        frame(5, 1004, flags=ACK | FIN),
        back(6, 5001, flags=ACK | FIN),
        frame(7, 1005, flags=ACK),
    ]
    second = [
        frame(8, 900000, flags=SYN),
        back(9, 700000, flags=SYN | ACK),
        frame(10, 900001, b"two"),
    ]
    per_packet, end, _ = run(first + second)
    old, new = per_packet[3][0].conversation, per_packet[9][0].conversation
    assert (old.index, new.index) == (0, 1)
    assert chunks(per_packet[9]) == [StreamData(0, b"two", 10)]
    assert (new.client, new.first_frame, new.orientation_known) == (CLIENT, 8, True)
    assert [e.conversation.index for e in end] == [1, 1]


def test_late_retransmission_after_close_stays_in_its_conversation():
    packets = handshake() + [
        frame(4, 1001, b"abc", flags=ACK | FIN),
        back(5, 5001, flags=ACK | FIN),
        frame(6, 1001, b"abc", flags=ACK | FIN),  # retransmitted after both FINs
    ]
    per_packet, end, r = run(packets)
    assert per_packet[5] == [] and end == []
    assert r.notes == []


def test_new_syn_on_an_open_connection_retires_it():
    packets = handshake() + [frame(4, 1001, b"abc"), frame(5, 777777, flags=SYN)]
    per_packet, _, _ = run(packets)
    reused = "ports reused by a new connection"
    assert chunks(per_packet[4]) == [StreamEnd(3, reused, 5), StreamEnd(0, reused, 5)]
    assert per_packet[4][0].conversation.index == 0


def test_duplicate_syn_is_not_a_new_connection():
    packets = [frame(1, 1000, flags=SYN), frame(2, 1000, flags=SYN)] + handshake()[1:] + [frame(4, 1001, b"x")]
    per_packet, _, _ = run(packets)
    assert per_packet[-1][0].conversation.index == 0


def test_syn_ack_seen_first_names_its_sender_the_server():
    packets = [back(2, 5000, flags=SYN | ACK), frame(3, 1001, flags=ACK), back(4, 5001, b"NBDMAGIC")]
    per_packet, _, _ = run(packets)
    conv = per_packet[2][0].conversation
    assert (conv.client, conv.server, conv.orientation_known) == (CLIENT, SERVER, True)
    assert chunks(per_packet[2]) == [StreamData(0, b"NBDMAGIC", 4)]


def test_without_syn_the_first_sender_is_a_guessed_client():
    packets = [back(1, 777, b"reply"), frame(2, 555, b"call"), back(3, 782, b"more")]
    per_packet, _, _ = run(packets)
    conv = per_packet[0][0].conversation
    assert (conv.client, conv.server, conv.orientation_known) == (SERVER, CLIENT, False)
    assert chunks(per_packet[1]) == [StreamData(0, b"call", 2)]
    assert chunks(per_packet[2]) == [StreamData(5, b"more", 3)]


def test_byte_counts_follow_a_swap():
    r = Reassembler()
    events = r.feed(back(1, 777, b"reply"))
    conv = events[0].conversation
    assert conv.bytes == {"c2s": 5, "s2c": 0}
    conv.swap()  # the pipeline recognised 10.0.0.2:10809 as the server
    r.feed(frame(2, 555, b"call"))
    assert conv.bytes == {"c2s": 4, "s2c": 5}
    assert conv.packets == 2


# ------------------------------------------------------------------ lost bytes


def test_snaplen_cut_segment_is_data_then_gap():
    cut = frame(4, 1001, bytes(30), wire_len=16412)
    per_packet, _, _ = run(handshake() + [cut, frame(5, 1001 + 16412, b"next")])
    assert chunks(per_packet[3]) == [
        StreamData(0, bytes(30), 4),
        StreamGap(30, 16382, "frame 4: 30 of 16412 bytes captured (snaplen)", 4),
    ]
    assert chunks(per_packet[4]) == [StreamData(16412, b"next", 5)]


def test_missing_spans_become_gaps():
    damaged = frame(4, 1001, b"ab\0\0\0fg", missing=[Span(HEADERS + 2, HEADERS + 5, "line 9 unreadable")])
    per_packet, _, _ = run(handshake() + [damaged])
    assert chunks(per_packet[3]) == [
        StreamData(0, b"ab", 4),
        StreamGap(2, 3, "line 9 unreadable", 4),
        StreamData(5, b"fg", 4),
    ]


def test_ip_first_fragment_gaps_at_once_when_the_stream_moves_on():
    first_fragment = frame(4, 1001, b"head")
    first_fragment.data = first_fragment.data[:6] + b"\x20\x00" + first_fragment.data[8:]  # MF, offset 0
    per_packet, _, _ = run(handshake() + [first_fragment, frame(5, 1101, b"next")])
    assert chunks(per_packet[3]) == [StreamData(0, b"head", 4)]
    reason = "frame 4: IPv4 first fragment: the rest of this segment is in fragments that are not reassembled"
    assert chunks(per_packet[4]) == [StreamGap(4, 96, reason, 5), StreamData(100, b"next", 5)]


# ------------------------------------------------------------------ memory bound


@pytest.mark.parametrize(
    "count, size, arrival",
    [
        # Segment 0 never arrives; 1..n come pairwise swapped (2, 1, 4, 3, ...).
        (10_000, 1000, lambda i: i + 2 if i % 2 == 0 else i),
        # Every other segment never arrives: a permanent hole before each one.
        (10_000, 1000, lambda i: 2 * i + 1),
        # Large segments: the byte bound, not the segment count, is what bites.
        (400, 32768, lambda i: 2 * i + 1),
    ],
    ids=["one-hole", "hole-every-segment", "large-segments"],
)
def test_out_of_order_buffer_stays_bounded(count, size, arrival):
    """Segments behind holes that never fill: each hole is given up once the
    buffer is full, so memory never grows past the bound, and the stream stays
    contiguous (gaps where the holes were)."""
    r = Reassembler()
    for p in handshake():
        r.feed(p)
    delivered, highest = [], 0
    for i in range(count):
        events = r.feed(frame(4 + i, 1001 + size * arrival(i), bytes(size)))
        delivered += chunks(events)
        highest = max(highest, r.buffered_bytes)
    assert highest <= MAX_PENDING_BYTES
    assert highest <= MAX_PENDING_SEGMENTS * size
    delivered += chunks(r.finish(), CLIENT)
    assert delivered[0] == StreamGap(0, size, LOST, delivered[0].frame)
    offset = 0
    for c in delivered[:-1]:
        assert c.offset == offset
        offset += len(c.data) if isinstance(c, StreamData) else c.length
    assert delivered[-1] == StreamEnd(offset, "end of input")
    assert offset == size * (max(arrival(i) for i in range(count)) + 1)


# ------------------------------------------------------------------ skipped packets, raw streams


def test_skipped_packets_are_counted_not_listed():
    udp = frame(1, 0)
    udp.data = udp.data[:9] + bytes([17]) + udp.data[10:]
    r = Reassembler()
    for n in range(1, 1001):
        udp.number = n
        assert r.feed(udp) == []
    assert r.feed(Packet(1001, LINKTYPE_RAW, frame(1, 0).data[:30], "cut")) == []
    assert r.feed(Packet(1002, LINKTYPE_ETHERNET, bytes(12) + b"\x08\x06" + bytes(28), "arp")) == []
    assert r.notes == [
        "1000 packets skipped: not TCP (UDP) (frames 1, 2, 3, 4, 5, ...)",
        "1 packet skipped: truncated TCP header (frame 1001)",
        "1 packet skipped: not IP (EtherType 0x0806) (frame 1002)",
    ]


def test_raw_stream_packets_form_one_pseudo_conversation():
    r = Reassembler()
    one = r.feed(Packet(1, LINKTYPE_STREAM, b"NBDMAGIC", "lines 1-1"))
    two = r.feed(Packet(2, LINKTYPE_STREAM, b"IH\0\0PT", "lines 2-2", missing=[Span(2, 4, "line 2 cut")]))
    end = r.finish()
    conv = one[0].conversation
    assert (conv.transport, conv.client, conv.server) == ("stream", Endpoint("stream", 0), Endpoint("peer", 0))
    assert {e.sender for e in one + two + end} == {Endpoint("stream", 0)}
    assert chunks(one + two + end) == [
        StreamData(0, b"NBDMAGIC", 1),
        StreamData(8, b"IH", 2),
        StreamGap(10, 2, "line 2 cut", 2),
        StreamData(12, b"PT", 2),
        StreamEnd(14, "end of input"),
    ]
    assert (conv.packets, conv.bytes) == (2, {"c2s": 14, "s2c": 0})


def test_stream_events_generator_feeds_and_finishes():
    events = list(stream_events(handshake() + [frame(4, 1001, b"abc")]))
    assert chunks(events) == [StreamData(0, b"abc", 4), StreamEnd(3, "end of input"), StreamEnd(0, "end of input")]


# ------------------------------------------------------------------ real captures


def read_pcap(path: Path):
    """The capture's packets, through hexview's own pcap reader."""
    from hexview.readers import open_input

    yield from open_input(str(path), "pcap")


def capture(name: str) -> Path:
    path = CAPTURES / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


def reassemble(path: Path):
    r = Reassembler()
    events = [e for p in read_pcap(path) for e in r.feed(p)] + r.finish()
    return events, r


def stream_bytes(events, conversation_index, sender_port):
    """One direction as {offset: data} plus its gaps and end, for byte-exact checks."""
    data, gaps, ends = {}, [], []
    for e in events:
        if e.conversation.index != conversation_index or e.sender.port != sender_port:
            continue
        c = e.chunk
        if isinstance(c, StreamData):
            data[c.offset] = c.data
        elif isinstance(c, StreamGap):
            gaps.append(c)
        else:
            ends.append(c)
    return data, gaps, ends


def contiguous(data: dict[int, bytes]) -> bytes:
    """The leading run of captured bytes of a direction."""
    out, offset = b"", 0
    while offset in data:
        out += data[offset]
        offset += len(data[offset])
    return out


def tshark_frames(path: Path) -> dict[int, dict]:
    """Per frame from tshark -V summary lines: addresses, ports, relative Seq, Ack present, Len."""
    frames: dict[int, dict] = {}
    for line in path.read_text().splitlines():
        if m := re.match(r"Frame (\d+):", line):
            current = frames[int(m[1])] = {}
        elif m := re.match(r"Internet Protocol Version \d, Src: (\S+), Dst: (\S+)", line):
            current["src"], current["dst"] = m[1], m[2]
        elif m := re.match(
            r"Transmission Control Protocol, Src Port: (\d+), Dst Port: (\d+), Seq: (\d+)(, Ack: \d+)?, Len: (\d+)", line
        ):
            current.update(sport=int(m[1]), dport=int(m[2]), seq=int(m[3]), has_ack=bool(m[4]), len=int(m[5]))
    return frames


def tshark_stream_index(frames: dict[int, dict]) -> dict[int, int]:
    """tcp.stream per frame, rebuilt from the summaries: a new index for each new
    address/port pair, and for a fresh SYN (relative Seq 0, no ACK) on a used pair."""
    index, current, last_was_syn, result = 0, {}, {}, {}
    for number in sorted(frames):
        f = frames[number]
        pair = frozenset([(f["src"], f["sport"]), (f["dst"], f["dport"])])
        syn = f["seq"] == 0 and not f["has_ack"]
        if pair not in current or (syn and not last_was_syn[pair]):
            current[pair], index = index, index + 1
        last_was_syn[pair] = syn
        result[number] = current[pair]
    return result


@pytest.mark.shared
@pytest.mark.parametrize("pcap", shared_pcaps())
def test_streams_match_tshark(pcap):
    """Every data frame's bytes land at tshark's relative sequence number - 1, in
    tshark's stream; each direction is contiguous; byte counts add up."""
    frames = tshark_frames(pcap.with_suffix(".tshark.txt"))
    stream_of = tshark_stream_index(frames)
    events, r = reassemble(pcap)
    first_offset, conversation_of, position, conversations = {}, {}, {}, {}
    for e in events:
        c = e.chunk
        key = (e.conversation.index, e.sender)
        assert c.offset == position.get(key, 0), (pcap.name, key, c)
        position[key] = c.offset + (len(c.data) if isinstance(c, StreamData) else getattr(c, "length", 0))
        conversations[e.conversation.index] = e.conversation
        if c.frame is not None and not isinstance(c, StreamEnd):
            first_offset.setdefault(c.frame, c.offset)
            conversation_of[c.frame] = e.conversation.index
    data_frames = [n for n, f in frames.items() if f["len"]]
    assert data_frames and set(first_offset) == set(data_frames)
    for n in data_frames:
        assert first_offset[n] == frames[n]["seq"] - 1, n
        assert conversation_of[n] == stream_of[n], n
    assert sorted(conversations) == sorted(set(stream_of.values()))
    for conv in conversations.values():
        sent = {"c2s": 0, "s2c": 0}
        for n, f in frames.items():
            if stream_of[n] == conv.index:
                sent[conv.direction(Endpoint(f["src"], f["sport"]))] += f["len"]
        assert conv.bytes == sent
    assert r.notes == []


@pytest.mark.shared
def test_nbd_tiny_handshake_and_requests():
    events, _ = reassemble(capture("nbd/nbd-tiny-nbdsh.pcap"))
    conv = events[0].conversation
    assert (conv.client.port, conv.server.port, conv.orientation_known) == (45930, 10809, True)
    server, _, server_end = stream_bytes(events, 0, 10809)
    client, _, client_end = stream_bytes(events, 0, 45930)
    assert contiguous(server)[:18] == bytes.fromhex("4e42444d41474943 49484156454f5054 0003")
    assert contiguous(client)[:4] == bytes.fromhex("00000003")
    assert [e.reason for e in client_end + server_end] == ["FIN", "FIN"]
    # Requests tshark decoded: the frame's bytes start with the request header it shows.
    by_frame = {e.chunk.frame: e.chunk for e in events if isinstance(e.chunk, StreamData)}
    decoded = json.loads(capture("nbd/nbd-tiny-nbdsh.tshark.json").read_text())
    requests = 0
    for pkt in decoded:
        layers = pkt["_source"]["layers"]
        nbd = layers["nbd"]
        if nbd["nbd.magic"] != "0x25609513":
            continue
        data = by_frame[int(layers["frame"]["frame.number"])].data
        assert data[:4] == bytes.fromhex("25609513")
        assert data[8:16] == int(nbd["nbd.handle"], 16).to_bytes(8, "big")
        if "nbd.data" in nbd:
            assert data[28:] == bytes.fromhex(nbd["nbd.data"].replace(":", ""))
        requests += 1
    assert requests == 3


@pytest.mark.shared
def test_nbd_snaplen96_gaps_keep_requests_aligned():
    """Each 16 KiB WRITE is cut to 30 captured bytes; the gap covers the rest, so
    the next request header sits exactly 28 + 16384 bytes later."""
    pcap = capture("nbd/nbd-snaplen96-nbdsh.pcap")
    events, _ = reassemble(pcap)
    frames = tshark_frames(pcap.with_suffix(".tshark.txt"))
    client, gaps, _ = stream_bytes(events, 0, 39298)
    client_gaps = {g.frame: g for g in gaps}
    for number in (21, 24, 26, 28):
        gap = client_gaps[number]
        assert (gap.offset, gap.length) == (frames[number]["seq"] - 1 + 30, 16412 - 30)
        assert gap.reason == f"frame {number}: 30 of 16412 bytes captured (snaplen)"
    writes = [o for o, d in client.items() if d[:4] == bytes.fromhex("25609513") and d[4:8] == bytes.fromhex("00000001")]
    assert len(writes) == 4
    for offset in writes:
        assert struct.unpack_from(">I", client[offset], 24)[0] == 16384
        assert client[offset + 28 + 16384][:4] == bytes.fromhex("25609513")
    _, server_gaps, _ = stream_bytes(events, 0, 10809)
    assert [(g.frame, g.length) for g in server_gaps if g.length > 1000] == [
        (31, 16382),
        (34, 16382),
        (36, 16382),
        (38, 16382),
    ]


@pytest.mark.shared
def test_nbd_ipv6_loopback():
    events, _ = reassemble(capture("nbd/nbd-ipv6-nbdkit-optmode.pcap"))
    conv = events[0].conversation
    assert (conv.client, conv.server) == (Endpoint("::1", 58770), Endpoint("::1", 10809))
    server, gaps, _ = stream_bytes(events, 0, 10809)
    assert contiguous(server)[:18] == bytes.fromhex("4e42444d41474943 49484156454f5054 0003")
    assert gaps == []


@pytest.mark.shared
def test_nbd_sll2_two_connections():
    pcap = capture("nbd/nbd-any-sll2-nbdcopy.pcap")
    events, _ = reassemble(pcap)
    convs = {e.conversation.index: e.conversation for e in events}
    assert sorted(convs) == [0, 1]
    frames = tshark_frames(pcap.with_suffix(".tshark.txt"))
    syn_ports = [f["sport"] for _, f in sorted(frames.items()) if f["seq"] == 0 and not f["has_ack"]]
    assert [convs[i].client.port for i in (0, 1)] == syn_ports
    for conv in convs.values():
        assert conv.orientation_known and conv.server == Endpoint("127.0.0.1", 10809)
        server, _, _ = stream_bytes(events, conv.index, 10809)
        assert contiguous(server)[:8] == b"NBDMAGIC"


@pytest.mark.shared
def test_gluster_midstream_guesses_the_client():
    pcap = capture("gluster/gluster-tiny-brick-midstream.pcap")
    events, _ = reassemble(pcap)
    conv = events[0].conversation
    assert conv.orientation_known is False
    assert (conv.client, conv.server) == (Endpoint("127.0.0.1", 49106), Endpoint("127.0.0.2", 52936))
    by_frame = {e.chunk.frame: e.chunk for e in events if isinstance(e.chunk, StreamData)}
    assert by_frame[1].offset == 0
    assert by_frame[1].data[:4] == bytes.fromhex("8000011c")  # last fragment, 284 bytes
    decoded = json.loads(pcap.with_suffix(".tshark.json").read_text())
    for pkt in decoded:
        layers = pkt["_source"]["layers"]
        data = by_frame[int(layers["frame"]["frame.number"])].data
        assert data[4:8] == int(layers["rpc"]["rpc.xid"], 16).to_bytes(4, "big")
    assert [e.chunk.reason for e in events if isinstance(e.chunk, StreamEnd)] == ["end of input"] * 2
