"""OCFS2 o2net framing, pairing and damage on hand-written streams (layouts from
Linux fs/ocfs2/cluster/tcp*.h and the seed 000 examples in tests/golden)."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

from golden import ocfs2_seed000 as G
from hexview.protocols.ocfs2 import REGISTRATION, Ocfs2Framer, heuristic
from hexview.tcp.stream_events import Conversation, Endpoint, StreamData, StreamEnd
from tcp_packets import conversation_packets, write_pcap

ROOT = Path(__file__).resolve().parents[1]
HANDSHAKE_V2 = "0000000000000002 0000000000000001"
HANDSHAKE_V11 = "000000000000000b 0000000000000001 00007530 00007530 000007d0 000007d0"


def hdr(magic, dlen, mtype, key, num, status=0):
    return struct.pack(">HHHHIiII", magic, dlen, mtype, 0, 0, status, key, num).hex()


class Wire:
    def __init__(self, version="auto"):
        self.conv = Conversation(0, Endpoint("10.0.0.1", 40000), Endpoint("10.0.0.2", 7777), True)
        self.conv.protocol = REGISTRATION
        self.conv.options = {"ocfs2.version": version}
        self.framer = Ocfs2Framer(self.conv)
        self.offsets = {"c2s": 0, "s2c": 0}
        self.frame = 0
        self.messages = []

    def send(self, direction, hexbytes, at=None):
        data = bytes.fromhex("".join(hexbytes.split()))
        self.frame += 1
        offset = self.offsets[direction] if at is None else at
        self.messages += self.framer.feed(direction, StreamData(offset, data, self.frame))
        self.offsets[direction] = offset + len(data)

    def close(self):
        for d in ("c2s", "s2c"):
            self.messages += self.framer.feed(d, StreamEnd(self.offsets[d], "FIN"))
        self.messages += self.framer.finish()
        return self.messages


def test_16_byte_handshakes_then_query_join_and_its_answer_paired():
    w = Wire()
    w.send("c2s", HANDSHAKE_V2)
    w.send("s2c", HANDSHAKE_V2)
    w.send("c2s", G.QUERY_JOIN_REQUEST_12)
    w.send("s2c", G.QUERY_JOIN_RESPONSE_12)
    msgs = w.close()
    assert [m.name for m in msgs] == [
        "Handshake (protocol version 2)",
        "Handshake (protocol version 2)",
        "Query Join (510)",
        "Response: Query Join (510)",
    ]
    assert [m.length for m in msgs] == [16, 16, 124, 24]
    hs = msgs[0].decode()
    assert hs.find("protocol_version").value == 2 and hs.find("timeouts") is None
    assert msgs[3].pair is msgs[2] and msgs[2].replies == [msgs[3]] and msgs[3].is_reply
    assert msgs[3].decode().find("status").show == "JOIN_OK (1)"


def test_32_byte_handshake_with_timeouts_then_1_4_messages():
    w = Wire()
    w.send("c2s", HANDSHAKE_V11 + G.QUERY_JOIN_REQUEST_14)  # one segment: handshake and message
    w.send("s2c", HANDSHAKE_V11)
    w.send("s2c", hdr(0xFA56, 0, 510, 0x666C6172, 0, status=0x01000000))
    msgs = w.close()
    assert [m.length for m in msgs] == [32, 128, 32, 24]
    hs = msgs[0].decode()
    assert hs.find("o2net_idle_timeout_ms").value == 30000 and hs.find("o2net_reconnect_delay_ms").value == 2000
    assert "32 bytes" in hs.find("variant").show
    answer = msgs[3].decode()
    assert answer.find("status").show == "16777216 (JOIN_OK, dlm_minor 0, fs_minor 0)"
    assert answer.find("variant").show == "ocfs2-1.4 (query join data_len 104)"  # learned from the request
    assert msgs[3].pair is msgs[1]


def test_pairing_by_type_key_and_number_across_interleaved_requests_with_latency():
    w = Wire()
    a = hdr(0xFA55, 8, 515, 0x2B592523, 62) + "0002000000000000"
    b = hdr(0xFA55, 8, 517, 0x2B592523, 61) + "0002000000000000"
    w.send("c2s", a)
    w.send("c2s", b)
    w.send("s2c", hdr(0xFA56, 0, 517, 0x2B592523, 61))
    w.send("s2c", hdr(0xFA56, 0, 515, 0x2B592523, 62, status=-22))
    w.send("s2c", hdr(0xFA57, 0, 0, 0, 0))
    w.send("c2s", hdr(0xFA58, 0, 0, 0, 0))
    msgs = w.close()
    times = {1: 1.0, 2: 1.5, 3: 1.75, 4: 2.0, 5: 3.0, 6: 3.5}
    for m in msgs:
        m.end_timestamp = times[m.frames[-1]]
    req_a, req_b, resp_b, resp_a, ka, ka_resp = msgs
    assert resp_b.pair is req_b and resp_a.pair is req_a
    assert req_a.latency == 1.0 and req_b.latency == 0.25
    assert resp_a.decode().find("status").value == -22
    assert ka.name == "Keepalive request" and ka_resp.pair is ka and ka_resp.latency == 0.5


def test_capture_starting_mid_message_resyncs_on_the_magic():
    w = Wire()
    tail = G.CONVERT_LOCK[60:]  # the last bytes of a convert lock, no handshake seen
    w.send("c2s", tail + G.CREATE_LOCK + G.EXIT_DOMAIN)  # reassembly numbers a mid-stream start from 0
    msgs = w.close()
    assert [m.name for m in msgs] == ["Undecoded bytes", "Create Lock (503)", "Exit Domain (513)"]
    assert msgs[0].length == len(tail) // 2
    assert msgs[0].decode().errors[0].reason.startswith("undecoded")
    assert sum(m.length for m in msgs) == (len(tail) + len(G.CREATE_LOCK) + len(G.EXIT_DOMAIN)) // 2


def test_damage_never_crashes_and_keeps_every_byte():
    w = Wire()
    truncated = G.CONVERT_LOCK[: 2 * 60]  # header says 80 payload bytes, 36 arrive
    huge = hdr(0xFA55, 5000, 504, 1, 1)  # data_len past the o2net maximum
    unknown = hdr(0xFA55, 4, 999, 1, 2) + "01020304"
    junk = "00ff00ff13"
    w.send("c2s", unknown + huge + junk)
    w.send("c2s", G.EXIT_DOMAIN + truncated)
    msgs = w.close()
    total = (len(unknown) + len(huge) + len(junk) + len(G.EXIT_DOMAIN) + len(truncated)) // 2
    assert sum(m.length for m in msgs) == total
    by_name = {m.name: m for m in msgs}
    unk = by_name["Unknown type (999)"].decode()
    assert unk.find("msg_type").show == "Unknown (999)"
    assert any(e.reason == "undecoded: unknown msg_type 999" for e in unk.errors)
    big = [m for m in msgs if m.length == 24 and m.data[:2] == b"\xfa\x55"][0].decode()
    assert any("exceeds the o2net maximum" in e.reason for e in big.errors)
    assert any(m.kind == "undecoded" for m in msgs)
    last = msgs[-1]
    assert last.name == "Convert Lock (504)" and last.length == 60
    errors = last.decode().errors
    assert errors and any("more bytes expected" in e.reason or "truncated" in e.reason or "malformed" in e.reason for e in errors)
    for m in msgs:
        m.decode()


def test_heuristic_recognises_handshakes_and_headers_only():
    assert heuristic(bytes.fromhex(G.LOCK_REQUEST)) is not None
    assert heuristic(bytes.fromhex(HANDSHAKE_V2 + G.LOCK_REQUEST[:12])) is not None
    assert heuristic(bytes.fromhex(HANDSHAKE_V11 + G.LOCK_REQUEST[:12])) is not None
    assert heuristic(bytes.fromhex(HANDSHAKE_V2 + "47455420")) is None  # handshake-like, then not o2net
    assert heuristic(b"GET / HTTP/1.1\r\n\r\n") is None
    assert heuristic(bytes.fromhex("fa55ffff01f8")) is None  # data_len too large
    assert heuristic(bytes(24)) is None


def test_cli_ocfs2_version_forces_the_variant(tmp_path):
    path = tmp_path / "ocfs2.pcap"
    sends = [("c", HANDSHAKE_V2), ("s", HANDSHAKE_V2), ("c", G.QUERY_JOIN_REQUEST_14), ("s", G.QUERY_JOIN_RESPONSE_14)]
    write_pcap(path, conversation_packets([(who, bytes.fromhex(h)) for who, h in sends], ("10.0.0.1", 40000), ("10.0.0.2", 7777)))

    def run(*extra):
        out = subprocess.run(
            [sys.executable, "-m", "hexview.cli", "--json", *extra, str(path)], capture_output=True, timeout=60, cwd=ROOT
        )
        assert out.returncode == 0, out.stderr
        return [json.loads(line) for line in out.stdout.decode().splitlines()]

    def variant(obj):
        stack = list(obj["fields"])
        while stack:
            f = stack.pop()
            if f["name"] == "variant":
                return f["show"]
            stack += f.get("children", [])

    auto = run()
    assert [o["protocol"] for o in auto] == ["OCFS2"] * 4
    assert variant(auto[2]) == "ocfs2-1.4 (data_len 104)"
    assert variant(auto[3]) == "ocfs2-1.4 (query join data_len 104)"
    for spelling in (["--option", "ocfs2.version=1.2"], ["--ocfs2-version", "1.2"], ["--option", "OCFS2.version=1.2"]):
        forced = run(*spelling)
        assert variant(forced[2]) == variant(forced[3]) == "ocfs2-1.2 (forced by option ocfs2.version)"
        assert forced[2]["errors"]  # the 104-byte request does not fit the 100-byte layout
    bad = subprocess.run(
        [sys.executable, "-m", "hexview.cli", "--json", "--ocfs2-version", "2.0", str(path)],
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    assert bad.returncode == 2


def test_lock_responses_carry_a_dlm_status():
    """dlmapi.h enum dlm_status: the create/convert/unlock/proxy-AST handlers return one,
    and o2net carries it in the response's status (21 = DLM_NOTQUEUED: NOQUEUE given
    and the lock not grantable; 0 = DLM_NORMAL)."""
    w = Wire()
    w.send("c2s", HANDSHAKE_V11)
    w.send("s2c", HANDSHAKE_V11)
    w.send("c2s", G.CONVERT_LOCK)
    w.send("s2c", hdr(0xFA56, 0, 504, 0x74E320EB, 0, status=21))
    w.send("c2s", G.UNLOCK_LOCK)
    w.send("s2c", hdr(0xFA56, 0, 506, 0x74E320EB, 0, status=0))
    _h1, _h2, convert, refused, unlock, done = w.close()
    assert refused.pair is convert and done.pair is unlock
    status = refused.decode().find("dlm_status")
    assert (status.value, status.show, status.start, status.end) == (21, "DLM_NOTQUEUED (21)", 12, 16)
    assert done.decode().find("dlm_status").show == "DLM_NORMAL (0)"
