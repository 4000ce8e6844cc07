"""--follow (text and --raw) and --conversations, checked against the pcap read here
independently of hexview (a small reader of pcap, link, IP and TCP headers below) and
against tshark's decode of the same capture."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from hexview.analysis.conversations import COLUMNS
from hexview.readers import open_input
from shared_paths import CAPTURES
from tcp_packets import conversation_packets, write_pcap

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap"
HEXVIEW = [sys.executable, "-m", "hexview.cli"]
SYN, ACK = 0x02, 0x10
LINK_HEADER = {1: 14, 113: 16, 276: 20, 101: 0}  # Ethernet, Linux cooked v1/v2, raw IP


def run(*args):
    return subprocess.run(HEXVIEW + [str(a) for a in args], capture_output=True, timeout=120, cwd=ROOT)


def tcp_frames(path: Path) -> list[dict]:
    """Every TCP frame of a classic pcap: number, time, endpoints, seq, flags, captured
    payload and its length on the wire (from the IP length)."""
    data = path.read_bytes()
    endian = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    nanos = data[:4] in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    frames, off, number = [], 24, 0
    while off + 16 <= len(data):
        sec, frac, incl = struct.unpack(endian + "III", data[off : off + 12])
        frame = data[off + 16 : off + 16 + incl]
        off += 16 + incl
        number += 1
        ip = frame[LINK_HEADER[linktype] :]
        if ip[0] >> 4 == 4:
            if ip[9] != 6:
                continue
            ihl = (ip[0] & 15) * 4
            src, dst = ".".join(map(str, ip[12:16])), ".".join(map(str, ip[16:20]))
            ip_end = struct.unpack("!H", ip[2:4])[0]
        else:
            if ip[6] != 6:
                continue
            ihl = 40
            src, dst = _ipv6(ip[8:24]), _ipv6(ip[24:40])
            ip_end = 40 + struct.unpack("!H", ip[4:6])[0]
        tcp = ip[ihl:]
        sport, dport, seq = struct.unpack("!HHI", tcp[:8])
        header = (tcp[12] >> 4) * 4
        frames.append(
            {
                "number": number,
                "time": sec + frac / (1e9 if nanos else 1e6),
                "src": _endpoint(src, sport),
                "dst": _endpoint(dst, dport),
                "seq": seq,
                "flags": tcp[13],
                "payload": tcp[header : ip_end - ihl],
                "wire": ip_end - ihl - header,
            }
        )
    return frames


def _ipv6(raw: bytes) -> str:
    import ipaddress

    return str(ipaddress.IPv6Address(raw))


def _endpoint(addr: str, port: int) -> str:
    return f"[{addr}]:{port}" if ":" in addr else f"{addr}:{port}"


def flows(frames: list[dict]) -> list[dict]:
    """Per connection, in order of its first frame: client (the SYN's sender), server,
    packets, wire payload bytes and, per direction, the payload bytes in sequence order."""
    out: dict[frozenset, dict] = {}
    for f in frames:
        key = frozenset((f["src"], f["dst"]))
        flow = out.get(key)
        if flow is None:
            client, server = (f["dst"], f["src"]) if f["flags"] & SYN and f["flags"] & ACK else (f["src"], f["dst"])
            flow = out[key] = {
                "client": client,
                "server": server,
                "packets": defaultdict(int),
                "bytes": defaultdict(int),
                "segments": defaultdict(dict),
                "times": [],
            }
        way = "c2s" if f["src"] == flow["client"] else "s2c"
        flow["packets"][way] += 1
        flow["bytes"][way] += f["wire"]
        flow["times"].append(f["time"])
        if f["payload"]:
            flow["segments"][way].setdefault(f["seq"], f["payload"])  # the first copy of a resent segment
    return list(out.values())


def direction_bytes(flow: dict, way: str) -> bytes:
    """The direction's payloads concatenated in sequence order (checked contiguous)."""
    segments = sorted(flow["segments"][way].items())
    data = b"".join(payload for _, payload in segments)
    for (seq, payload), (following, _) in zip(segments, segments[1:], strict=False):
        assert seq + len(payload) == following, "a hole: not a capture for this check"
    return data


# --------------------------------------------------------------------- follow


def test_raw_directions_are_the_tcp_payloads_unchanged():
    (flow,) = flows(tcp_frames(TINY))
    for way in ("c2s", "s2c"):
        out = run("--follow", 0, "--raw", way, TINY)
        assert out.returncode == 0, out.stderr
        assert out.stdout == direction_bytes(flow, way)
        assert out.stderr == b""


HEADER = re.compile(rb"^(->|<-) (c2s|s2c) offset (\d+) frame (\d+|-)(?: \| (.*))?$")
HEX_LINE = re.compile(rb"^  ([0-9a-f]{8,})  (.{48})  \|(.*)\|$")


def parse_follow_text(text: bytes) -> list[dict]:
    """The text's pieces: direction, offset, frame, the header's tail and the hex bytes."""
    pieces = []
    for line in text.splitlines()[1:]:
        if m := HEADER.match(line):
            pieces.append({"way": m[2].decode(), "offset": int(m[3]), "frame": m[4].decode(), "tail": m[5], "data": b""})
        else:
            m = HEX_LINE.match(line)
            assert m, line
            piece = pieces[-1]
            assert int(m[1], 16) == piece["offset"] + len(piece["data"])
            row = bytes.fromhex(m[2].decode())
            assert len(m[3]) == len(row)
            piece["data"] += row
    return pieces


def test_follow_text_holds_both_directions_in_capture_order_with_message_starts():
    frames = tcp_frames(TINY)
    (flow,) = flows(frames)
    out = run("--follow", 0, TINY)
    assert out.returncode == 0, out.stderr
    first, *_ = out.stdout.splitlines()
    assert first == f"stream 0: {flow['client']} -> {flow['server']} NBD".encode()
    pieces = parse_follow_text(out.stdout)
    for way in ("c2s", "s2c"):
        data = [p for p in pieces if p["way"] == way and p["tail"] is None or p["way"] == way and b"end:" not in p["tail"]]
        assert b"".join(p["data"] for p in data) == direction_bytes(flow, way)
    # capture order: the frames of the data pieces never go back
    numbers = [int(p["frame"]) for p in pieces if p["data"]]
    assert numbers == sorted(numbers)
    # each piece's bytes came in the frame it names
    payload_of = {f["number"]: f["payload"] for f in frames}
    for p in pieces:
        if p["data"]:
            assert p["data"] in payload_of[int(p["frame"])]
    # NBD requests start where tshark saw a request magic, named by its command type
    tshark = json.loads(TINY.with_suffix(".tshark.json").read_text())
    commands = {0: "NBD_CMD_READ", 1: "NBD_CMD_WRITE", 2: "NBD_CMD_DISC", 3: "NBD_CMD_FLUSH"}
    expected = []
    for packet in tshark:
        layers = packet["_source"]["layers"]
        nbd = layers.get("nbd")
        if isinstance(nbd, dict) and nbd.get("nbd.magic") == "0x25609513":
            expected.append((layers["frame"]["frame.number"], commands[int(nbd["nbd.type"])]))
    starts = [
        (p["frame"], m[1].decode()) for p in pieces if p["tail"] and (m := re.fullmatch(rb"message \d+ (NBD_CMD_\w+)", p["tail"]))
    ]
    # (the stored decode holds only the frames tshark's NBD dissector decoded)
    decoded = {packet["_source"]["layers"]["frame"]["frame.number"] for packet in tshark}
    assert expected and [start for start in starts if start[0] in decoded] == expected
    # both directions end with the FIN tshark shows last in each
    ends = [p for p in pieces if p["tail"] and p["tail"].startswith(b"end:")]
    assert sorted(p["way"] for p in ends) == ["c2s", "s2c"]
    assert {p["way"]: p["offset"] for p in ends} == {w: len(direction_bytes(flow, w)) for w in ("c2s", "s2c")}


def test_follow_ascii_shows_printable_bytes_only():
    out = run("--follow", 0, "--ascii", TINY)
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode("ascii")
    lines = text.splitlines()
    # the read reply: binary header bytes as dots, the payload wrapped at 64 characters, its newlines kept
    at = lines.index("  f.3................H........hexview tiny NBD capture: 64 bytes o")
    assert lines[at + 1 : at + 3] == ["  f payload, write+read.", "  "]
    assert all(0x20 <= ord(c) < 0x7F for line in text.splitlines() for c in line)


CLIENT, SERVER = ("10.0.0.1", 40000), ("10.0.0.2", 40123)


@pytest.fixture
def gap_capture(tmp_path):
    """A conversation on an unknown port whose third packet (7 client bytes) is lost."""
    sends = [("c", b"A" * 10), ("s", b"B" * 5), ("c", b"C" * 7), ("c", b"D" * 3), ("s", b"\x1b[2J\x07")]
    packets = conversation_packets(sends, CLIENT, SERVER)
    del packets[2]
    path = tmp_path / "gap.pcap"
    write_pcap(path, packets)
    return path


def test_raw_fills_a_gap_with_zeros_and_reports_it(gap_capture):
    out = run("--follow", 0, "--raw", "c2s", gap_capture)
    assert out.returncode == 0
    assert out.stdout == b"A" * 10 + bytes(7) + b"D" * 3
    lines = out.stderr.decode().splitlines()
    gap_lines = [line for line in lines if "gap" in line]
    assert len(gap_lines) == 1
    assert "c2s gap at offset 10, 7 bytes zero-filled" in gap_lines[0]
    back = run("--follow", 0, "--raw", "s2c", gap_capture)
    assert back.stdout == b"B" * 5 + b"\x1b[2J\x07"
    assert "gap" not in back.stderr.decode()


def test_follow_text_marks_the_gap_and_escapes_wire_bytes(gap_capture):
    out = run("--follow", 0, gap_capture)
    assert out.returncode == 0
    text = out.stdout.decode("ascii")
    assert text.splitlines()[0] == "stream 0: 10.0.0.1:40000 -> 10.0.0.2:40123 TCP"
    # the lost bytes are declared when the input ends (the hole might have been filled until then),
    # where a message starts (framing cut the stream there too)
    assert "-> c2s offset 10 frame 3 | message 4 TCP payload, gap of 7 bytes: not captured (lost segment?)" in text
    assert "\x1b" not in text and "\x07" not in text
    assert "  00000005  1b 5b 32 4a 07" in text
    ascii_text = run("--follow", 0, "--ascii", gap_capture).stdout
    assert b"\x1b" not in ascii_text and b"  .[2J." in ascii_text


def test_unknown_stream_is_one_line_and_exit_2():
    out = run("--follow", 5, TINY)
    assert out.returncode == 2
    assert out.stdout == b""
    assert out.stderr.decode() == f"hexview: no stream 5 in {TINY} (streams 0 to 0)\n"


def test_follow_options_need_follow():
    assert run("--raw", "c2s", TINY).returncode == 2
    assert run("--ascii", TINY).returncode == 2
    assert run("--follow", 0, "--json", TINY).returncode == 2


# --------------------------------------------------------------- conversations


def nbd_captures() -> list:
    found = sorted((CAPTURES / "nbd").glob("*.pcap")) if CAPTURES.is_dir() else []
    return [pytest.param(TINY, id="tiny")] + [pytest.param(p, id=p.stem) for p in found]


@pytest.mark.parametrize("pcap", nbd_captures())
def test_conversations_count_what_the_pcap_holds(pcap):
    expected = flows(tcp_frames(pcap))
    out = run("--conversations", "--json", pcap)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [row["stream"] for row in rows] == list(range(len(expected)))
    origin = min(t for flow in expected for t in flow["times"])
    for row, flow in zip(rows, expected, strict=True):
        assert list(row) == list(COLUMNS)
        assert (row["client"], row["server"], row["protocol"]) == (flow["client"], flow["server"], "NBD")
        assert (row["packets_c2s"], row["packets_s2c"]) == (flow["packets"]["c2s"], flow["packets"]["s2c"])
        assert (row["bytes_c2s"], row["bytes_s2c"]) == (flow["bytes"]["c2s"], flow["bytes"]["s2c"])
        assert row["start"] == pytest.approx(min(flow["times"]) - origin, abs=1e-6)
        assert row["duration"] == pytest.approx(max(flow["times"]) - min(flow["times"]), abs=1e-6)


def test_conversations_table_is_aligned_and_sortable(gap_capture, tmp_path):
    sends = [("c", b"x" * 40), ("s", b"y" * 3)]
    other = conversation_packets(sends, ("10.0.0.3", 40001), ("10.0.0.2", 40124))
    path = tmp_path / "two.pcap"

    both = list(open_input(str(gap_capture), "pcap")) + other
    for number, packet in enumerate(both, 1):
        packet.number = number
    write_pcap(path, both)
    out = run("--conversations", path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.decode().splitlines()
    assert lines[0].split() == [
        "Stream",
        "Client",
        "Server",
        "Protocol",
        "Pkts->",
        "Pkts<-",
        "Bytes->",
        "Bytes<-",
        "Start",
        "Duration",
        "Msgs",
        "Unanswered",
        "Errors",
    ]
    assert len({len(line) for line in lines}) == 1  # every column right-aligned to the same width
    # the gap capture holds 10 + 3 client bytes in 2 packets (the third is lost), 5 + 5 server bytes in 2
    assert lines[1].split()[:8] == ["0", "10.0.0.1:40000", "10.0.0.2:40123", "TCP", "2", "2", "13", "10"]
    assert lines[2].split()[:8] == ["1", "10.0.0.3:40001", "10.0.0.2:40124", "TCP", "1", "1", "40", "3"]
    by_bytes = run("--conversations", "--sort", "bytes_c2s", path).stdout.decode().splitlines()
    assert [line.split()[0] for line in by_bytes[1:]] == ["1", "0"]
    assert run("--conversations", "--sort", "nonsense", path).returncode == 2


# ------------------------------------------- follow from the messages held (a pipe)


def _messages(path: Path) -> list:
    from hexview.pipeline import Pipeline

    return list(Pipeline(hold_for_pairs=False).run(open_input(str(path))))


def test_pieces_of_messages_hold_each_direction_bytes_and_message_starts():
    from hexview.analysis.follow import FollowData, FollowGap, pieces_of_messages

    (flow,) = flows(tcp_frames(TINY))
    messages = _messages(TINY)
    pieces = list(pieces_of_messages(messages))
    assert not any(isinstance(p, FollowGap) for p in pieces)
    for way in ("c2s", "s2c"):
        mine = [p for p in pieces if p.direction == way]
        assert b"".join(p.data for p in mine if isinstance(p, FollowData)) == direction_bytes(flow, way)
    starts = [(p.message.index, p.message.name, p.direction, p.offset) for p in pieces if p.message is not None]
    assert starts[:3] == [
        (1, "Greeting (newstyle)", "s2c", 0),
        (2, "Client flags", "c2s", 0),
        (3, "NBD_OPT_STRUCTURED_REPLY", "c2s", 4),
    ]
    assert len(starts) == len(messages) == 17


def test_pieces_of_messages_mark_bytes_not_held_and_not_captured(gap_capture):
    from hexview.analysis.follow import HELD_GAP, FollowData, FollowGap, pieces_of_messages

    messages = _messages(gap_capture)
    # the oldest message dropped (a pipe's memory limit): its 10 client bytes are a gap
    pieces = list(pieces_of_messages(messages[1:]))
    first_c2s = next(p for p in pieces if p.direction == "c2s")
    assert isinstance(first_c2s, FollowGap) and (first_c2s.offset, first_c2s.length, first_c2s.reason) == (0, 10, HELD_GAP)
    lost = [p for p in pieces if isinstance(p, FollowGap) and p.reason != HELD_GAP]
    assert [(p.direction, p.offset, p.length) for p in lost] == [("c2s", 10, 7)]
    assert "not captured" in lost[0].reason
    c2s_data = [(p.offset, p.data) for p in pieces if isinstance(p, FollowData) and p.direction == "c2s"]
    assert c2s_data == [(17, b"D" * 3)]
    assert b"".join(p.data for p in pieces if isinstance(p, FollowData) and p.direction == "s2c") == b"B" * 5 + b"\x1b[2J\x07"
