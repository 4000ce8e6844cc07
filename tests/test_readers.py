"""Input readers: pcap, pcapng, tcpdump text, hex dumps and raw binary, clean and bad.

Real bytes come from the nbd-tiny-nbdsh capture bundled in tests/data (a copy of
../shared/captures/nbd/nbd-tiny-nbdsh.*: nbdkit 1.32.5 serving nbdsh over lo,
tcpdump 4.99.3); expected values come from that pcap and from tshark's JSON of it.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import struct
import threading
import tracemalloc
from pathlib import Path

import pytest

from hexview.packets import (
    LINKTYPE_ETHERNET,
    LINKTYPE_LINUX_SLL2,
    LINKTYPE_NULL,
    LINKTYPE_RAW,
    LINKTYPE_STREAM,
    Span,
)
from hexview.readers import FORMATS, InputError, PacketReader, open_input, read_packets
from hexview.readers.lines import MAX_LINE
from hexview.readers.source import CHUNK

DATA = Path(__file__).resolve().parent / "data"
TINY = DATA / "nbd-tiny-nbdsh"
# NBD fixed-newstyle greeting: "NBDMAGIC", "IHAVEOPT", handshake flags 0x0003
GREETING = bytes.fromhex("4e42444d4147494349484156454f50540003")


def read(data: bytes, fmt: str = "auto") -> tuple[PacketReader, list]:
    reader = read_packets(io.BytesIO(data), fmt)
    return reader, list(reader)


def tiny(form: str) -> bytes:
    return (DATA / f"nbd-tiny-nbdsh.{form}").read_bytes()


def no_internal_errors(reader: PacketReader) -> None:
    assert not [n for n in reader.notes if "internal error" in n], reader.notes


# ----------------------------------------------------------------------------- API


def test_formats_and_reader_api():
    assert FORMATS == ("auto", "pcap", "pcapng", "tcpdump", "xxd", "hexdump", "od", "hex", "raw")
    reader = open_input(str(TINY) + ".pcap")
    assert isinstance(reader, PacketReader)
    assert reader.format == "pcap"
    first = next(iter(reader))
    assert first.number == 1
    reader.close()


def test_unknown_format_name_is_a_programming_error():
    with pytest.raises(ValueError):
        read_packets(io.BytesIO(b""), "pcap-ng")


# ---------------------------------------------------------------------------- pcap


def test_pcap_frames_match_tshark_json():
    """frame.number / frame.len / frame.cap_len / frame.time_epoch from
    nbd-tiny-nbdsh.tshark.json (tshark 4.0.17) against the pcap reader."""
    reader = open_input(str(TINY) + ".pcap")
    packets = list(reader)
    assert len(packets) == 30
    assert reader.notes == []
    by_number = {p.number: p for p in packets}
    frames = [d["_source"]["layers"]["frame"] for d in json.loads(tiny("tshark.json"))]
    assert [int(f["frame.number"]) for f in frames] == [21, 22, 23, 27]
    for f in frames:
        p = by_number[int(f["frame.number"])]
        assert p.linktype == LINKTYPE_ETHERNET == int(f["frame.encap_type"])
        assert len(p.data) == int(f["frame.cap_len"])
        assert p.orig_len == int(f["frame.len"])
        assert p.timestamp == pytest.approx(float(f["frame.time_epoch"]), abs=1e-6)
    # records follow the 24-byte file header back to back: 16-byte header + data
    offset = 24
    for p in packets:
        assert p.file_offset == offset
        assert p.source == f"frame {p.number} @ byte {offset}"
        offset += 16 + len(p.data)
    assert offset == len(tiny("pcap"))


def _rewrite_pcap(raw: bytes, order: str, nanos: bool) -> bytes:
    """The same capture in another byte order / time-stamp resolution."""
    le = "<"
    _, vmaj, vmin, zone, sig, snap, net = struct.unpack(le + "IHHiIII", raw[:24])
    magic = 0xA1B23C4D if nanos else 0xA1B2C3D4
    out = [struct.pack(order + "IHHiIII", magic, vmaj, vmin, zone, sig, snap, net)]
    pos = 24
    while pos < len(raw):
        sec, usec, incl, orig = struct.unpack(le + "IIII", raw[pos : pos + 16])
        frac = usec * 1000 if nanos else usec
        out.append(struct.pack(order + "IIII", sec, frac, incl, orig) + raw[pos + 16 : pos + 16 + incl])
        pos += 16 + incl
    return b"".join(out)


@pytest.mark.parametrize("order,nanos", [(">", False), ("<", True), (">", True)])
def test_pcap_byte_orders_and_nanosecond_stamps(order, nanos):
    ref = list(open_input(str(TINY) + ".pcap"))
    reader, packets = read(_rewrite_pcap(tiny("pcap"), order, nanos))
    assert reader.format == "pcap"
    assert [p.data for p in packets] == [p.data for p in ref]
    assert [p.orig_len for p in packets] == [p.orig_len for p in ref]
    for a, b in zip(packets, ref, strict=True):
        assert a.timestamp == pytest.approx(b.timestamp, abs=1e-6)


def test_pcap_snaplen_cut_record_keeps_orig_len():
    header = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 96, LINKTYPE_ETHERNET)
    record = struct.pack("<IIII", 1700000000, 5, 96, 16412) + bytes(96)
    reader, packets = read(header + record)
    assert len(packets) == 1
    assert len(packets[0].data) == 96
    assert packets[0].orig_len == 16412
    assert packets[0].timestamp == pytest.approx(1700000000.000005)


def test_pcap_any_linktype_is_passed_through():
    header = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 0x10000000 | LINKTYPE_LINUX_SLL2)
    record = struct.pack("<IIII", 1, 0, 3, 3) + b"abc"
    _, packets = read(header + record)
    assert packets[0].linktype == LINKTYPE_LINUX_SLL2


# -------------------------------------------------------------------------- pcapng


def _block(order: str, btype: int, body: bytes) -> bytes:
    body += bytes(-len(body) % 4)
    length = 12 + len(body)
    return struct.pack(order + "II", btype, length) + body + struct.pack(order + "I", length)


def _option(order: str, code: int, value: bytes) -> bytes:
    return struct.pack(order + "HH", code, len(value)) + value + bytes(-len(value) % 4)


def pcapng_from_pcap(raw: bytes, order: str = "<", nanos: bool = False) -> bytes:
    """Convert a pcap to pcapng following the pcapng spec (draft-ietf-opsawg-pcapng):
    SHB, two IDBs (the capture's link type, and LINKTYPE_RAW for frames re-cut at
    the IP header), an unknown custom block, and frames as EPB, SPB and the
    obsolete Packet Block in turn."""
    _, _, _, _, _, snap, net = struct.unpack("<IHHiIII", raw[:24])
    units = 1_000_000_000 if nanos else 1_000_000
    out = [
        _block(order, 0x0A0D0D0A, struct.pack(order + "IHHq", 0x1A2B3C4D, 1, 0, -1)),
        _block(
            order,
            1,
            struct.pack(order + "HHI", net, 0, snap) + (_option(order, 9, bytes([9])) if nanos else b"") + _option(order, 0, b""),
        ),
        _block(order, 0x00000BAD, b"an unknown block the reader must skip"),
        _block(
            order,
            1,
            struct.pack(order + "HHI", LINKTYPE_RAW, 0, snap)
            + _option(order, 9, bytes([9 if nanos else 6]))
            + _option(order, 0, b""),
        ),
    ]
    pos, n = 24, 0
    while pos < len(raw):
        sec, usec, incl, orig = struct.unpack("<IIII", raw[pos : pos + 16])
        data = raw[pos + 16 : pos + 16 + incl]
        pos += 16 + incl
        stamp = sec * units + usec * (units // 1_000_000)
        kind = n % 4
        n += 1
        hi, lo = stamp >> 32, stamp & 0xFFFFFFFF
        if kind == 0:  # Enhanced Packet Block
            out.append(_block(order, 6, struct.pack(order + "IIIII", 0, hi, lo, incl, orig) + data))
        elif kind == 1:  # Simple Packet Block
            out.append(_block(order, 3, struct.pack(order + "I", orig) + data))
        elif kind == 2:  # obsolete Packet Block
            out.append(_block(order, 2, struct.pack(order + "HHIIII", 0, 0, hi, lo, incl, orig) + data))
        else:  # EPB on the RAW interface: the same frame without its 14-byte Ethernet header
            body = struct.pack(order + "IIIII", 1, hi, lo, incl - 14, orig - 14) + data[14:]
            out.append(_block(order, 6, body))
    return b"".join(out)


@pytest.mark.parametrize("order,nanos", [("<", False), (">", False), ("<", True), (">", True)])
def test_pcapng_written_from_the_pcap_reads_the_same(order, nanos):
    ref = list(open_input(str(TINY) + ".pcap"))
    reader, packets = read(pcapng_from_pcap(tiny("pcap"), order, nanos))
    assert reader.format == "pcapng"
    assert reader.notes == []
    assert [p.number for p in packets] == list(range(1, 31))
    for i, (p, r) in enumerate(zip(packets, ref, strict=True)):
        if i % 4 == 3:
            assert p.linktype == LINKTYPE_RAW
            assert p.data == r.data[14:]
            assert p.orig_len == r.orig_len - 14
        else:
            assert p.linktype == r.linktype == LINKTYPE_ETHERNET
            assert p.data == r.data
            assert p.orig_len == r.orig_len
        if i % 4 == 1:
            assert p.timestamp is None  # a Simple Packet Block has no time stamp
        else:
            assert p.timestamp == pytest.approx(r.timestamp, abs=1e-6)
        assert p.source == f"frame {p.number} @ byte {p.file_offset}"
    assert len(packets) == 30


def test_pcapng_truncated_block_is_a_note():
    data = pcapng_from_pcap(tiny("pcap"))
    reader, packets = read(data[:-20])
    assert len(packets) == 29
    assert len(reader.notes) == 1
    assert reader.notes[0].startswith("truncated block at byte ")


def test_forced_pcapng_on_a_pcap_is_an_input_error():
    with pytest.raises(InputError, match="not a pcapng file"):
        read_packets(io.BytesIO(tiny("pcap")), "pcapng")


# --------------------------------------------------------------------- tcpdump text

LINK_LEN = {LINKTYPE_ETHERNET: 14, LINKTYPE_RAW: 0, LINKTYPE_LINUX_SLL2: 20, LINKTYPE_NULL: 4}


@pytest.mark.parametrize(
    "form,linktype",
    [("x.txt", LINKTYPE_RAW), ("X.txt", LINKTYPE_RAW), ("xx.txt", LINKTYPE_ETHERNET), ("XX.txt", LINKTYPE_ETHERNET)],
)
def test_tcpdump_text_forms_match_the_pcap(form, linktype):
    ref = list(open_input(str(TINY) + ".pcap"))
    reader = open_input(str(TINY) + "." + form)
    packets = list(reader)
    assert reader.format == "tcpdump"
    assert reader.notes == []
    assert len(packets) == len(ref) == 30
    for p, r in zip(packets, ref, strict=True):
        assert p.linktype == linktype
        assert p.data == r.data[14 - LINK_LEN[linktype] :]
        assert p.missing == [] and p.problems == []
        # text time stamps are UTC time of day (README of the captures)
        assert p.timestamp == pytest.approx(r.timestamp % 86400, abs=1e-6)
        assert p.orig_len is None
    first = packets[0]
    assert first.time_text == "15:50:52.388789"
    assert first.header.startswith("15:50:52.388789 IP 127.0.0.1.45930 > 127.0.0.1.10809: Flags [S]")
    rows = len(_tiny_blocks(form)[0]) - 1  # 4 rows from IP, 5 with Ethernet
    assert (first.first_line, first.last_line, first.source) == (1, 1 + rows, f"lines 1-{1 + rows}")
    assert packets[3].data.endswith(GREETING)  # frame 4: the server's greeting


def test_gluster_midstream_X_text_matches_pcap():
    """gluster-tiny-brick-midstream (glusterfs 10.3 brick and FUSE client) copies."""
    ref = list(open_input(str(DATA / "gluster-tiny-brick-midstream.pcap")))
    packets = list(open_input(str(DATA / "gluster-tiny-brick-midstream.X.txt")))
    assert len(packets) == len(ref) == 18
    assert [p.data for p in packets] == [r.data[14:] for r in ref]


def _tiny_blocks(form: str = "X.txt") -> list[list[str]]:
    """The tiny capture's text, one list of lines per packet (header first)."""
    blocks: list[list[str]] = []
    for line in tiny(form).decode().splitlines():
        if not line.startswith("\t"):
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def _ref_ip(n: int) -> bytes:
    return list(open_input(str(TINY) + ".pcap"))[n].data[14:]


def test_tcpdump_header_forms():
    """Every -t form, -e, -i any, -v continuation lines, IPv6, resolved names."""
    rows = _tiny_blocks()[3][1:]  # frame 4, the greeting
    rest = "IP 127.0.0.1.10809 > 127.0.0.1.45930: Flags [P.], seq 1:19, ack 1, win 64, length 18"
    headers = [
        ("15:50:52.389041 " + rest, "15:50:52.389041", 15 * 3600 + 50 * 60 + 52.389041),
        ("1795449052.389041 " + rest, "1795449052.389041", 1795449052.389041),
        ("2026-11-23 15:50:52.389041 " + rest, "2026-11-23 15:50:52.389041", 1795449052.389041),
        ("00:00:00.000024 " + rest, "00:00:00.000024", 0.000024),  # -ttt / -ttttt
        (rest, None, None),  # -t
        ("lo    In  " + rest, None, None),  # -t -i any
        ("15:50:52.389041 lo    Out IP localhost.nbd > localhost.45930: Flags [P.], length 18", "15:50:52.389041", 57052.389041),
    ]
    for header, time_text, stamp in headers:
        reader, packets = read(("\n".join([header] + rows) + "\n").encode())
        assert reader.format == "tcpdump", header
        assert len(packets) == 1, header
        p = packets[0]
        assert p.data == _ref_ip(3), header
        assert p.header == header
        assert p.time_text == time_text
        if stamp is None:
            assert p.timestamp is None
        else:
            assert p.timestamp == pytest.approx(stamp, abs=1e-6)


def test_tcpdump_e_link_header_gives_orig_len_for_link_layer_hex():
    xx_rows = _tiny_blocks("XX.txt")[3][1:]
    header = (
        "15:50:52.389041 00:00:00:00:00:00 > 00:00:00:00:00:00, ethertype IPv4 (0x0800), length 84:"
        " 127.0.0.1.10809 > 127.0.0.1.45930: Flags [P.], seq 1:19, ack 1, win 64, length 18"
    )
    _, packets = read(("\n".join([header] + xx_rows) + "\n").encode())
    assert packets[0].linktype == LINKTYPE_ETHERNET
    assert packets[0].orig_len == 84 == len(packets[0].data)
    # -e with -X: the hex starts at IP, so the frame length is not this packet's length
    _, packets = read(("\n".join([header] + _tiny_blocks()[3][1:]) + "\n").encode())
    assert packets[0].linktype == LINKTYPE_RAW and packets[0].orig_len is None


def test_tcpdump_v_continuation_and_wrapped_headers_are_joined():
    rows = _tiny_blocks()[3][1:]
    text = (
        "\n".join(
            [
                "15:50:52.389041 IP (tos 0x0, ttl 64, id 3794, offset 0, flags [DF], proto TCP (6), length 70)",
                "    127.0.0.1.10809 > 127.0.0.1.45930: Flags [P.], cksum 0xfe3a (incorrect -> 0x1d5e), seq 1:19, length 18",
                *rows,
                "15:50:52.389064 IP 127.0.0.1.45930 > 127.0.0.1.10809: Flags [.], ack 19, win 64, options [nop,nop,TS val",
                " 412977694 ecr 1778135617], length",
                "0",
                *_tiny_blocks()[4][1:],
            ]
        )
        + "\n"
    )
    reader, packets = read(text.encode())
    assert len(packets) == 2
    assert packets[0].header == (
        "15:50:52.389041 IP (tos 0x0, ttl 64, id 3794, offset 0, flags [DF], proto TCP (6), length 70)"
        " 127.0.0.1.10809 > 127.0.0.1.45930: Flags [P.], cksum 0xfe3a (incorrect -> 0x1d5e), seq 1:19, length 18"
    )
    assert packets[1].header == (
        "15:50:52.389064 IP 127.0.0.1.45930 > 127.0.0.1.10809: Flags [.], ack 19, win 64,"
        " options [nop,nop,TS val 412977694 ecr 1778135617], length 0"
    )
    assert packets[1].first_line == 8 and packets[1].data == _ref_ip(4)
    assert packets[0].problems == packets[1].problems == []


def _rows(data: bytes, ascii_column: bool = True) -> list[str]:
    """Format bytes as tcpdump -X (or -x) rows: offset "0x%04x", groups, ASCII column."""
    out = []
    for off in range(0, len(data), 16):
        chunk = data[off : off + 16]
        groups = " ".join(chunk[i : i + 2].hex() for i in range(0, len(chunk), 2))
        prefix = f"\t0x{off:04x}:  "
        line = prefix + groups
        if ascii_column:
            line = line.ljust(len(prefix) + 41) + "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        out.append(line)
    return out


def test_rows_past_offset_0xffff():
    """-XX of a 64 KiB IP packet behind a Linux cooked v2 header: offsets grow a 5th digit."""
    ip = bytes.fromhex("4500ffff00004000400600007f0000017f000001") + bytes(range(256)) * 255 + bytes(235)
    assert len(ip) == 0xFFFF
    frame = bytes.fromhex("0800000000000001030400060000000000000000") + ip
    header = "15:50:52.389041 lo    In  IP 127.0.0.1.10809 > 127.0.0.1.45930: Flags [P.], length 65495"
    for ascii_column in (True, False):
        rows = _rows(frame, ascii_column)
        assert rows[-1].startswith("\t0x10010:  ")
        reader, packets = read(("\n".join([header] + rows) + "\n").encode())
        assert [(p.linktype, p.data) for p in packets] == [(LINKTYPE_LINUX_SLL2, frame)]
        assert packets[0].problems == [] and reader.notes == []
        # the same rows pasted without their tab take the careful path
        _, packets = read(("\n".join([header] + [r.strip() for r in rows]) + "\n").encode())
        assert [(p.linktype, p.data, p.problems) for p in packets] == [(LINKTYPE_LINUX_SLL2, frame, [])]


def test_tcpdump_link_layers_decided_per_packet():
    ip = _ref_ip(3)
    ip6 = bytes.fromhex("6000000000140640" + "00" * 15 + "01" + "00" * 15 + "01") + bytes(20)
    cases = [
        (ip, LINKTYPE_RAW),
        (ip6, LINKTYPE_RAW),
        (bytes(12) + b"\x08\x00" + ip, LINKTYPE_ETHERNET),
        (bytes(12) + b"\x86\xdd" + ip6, LINKTYPE_ETHERNET),
        # Linux cooked v2: protocol, reserved 0, ifindex 1, ARPHRD_LOOPBACK, PACKET_HOST, addr len 6
        (bytes.fromhex("0800000000000001030400060000000000000000") + ip, LINKTYPE_LINUX_SLL2),
        # Linux cooked v1: PACKET_HOST, ARPHRD_LOOPBACK, addr len 6, addr, protocol
        (bytes.fromhex("00000304000600000000000000000800") + ip, 113),
        (b"\x02\x00\x00\x00" + ip, LINKTYPE_NULL),  # BSD loopback, little-endian AF_INET
        (b"\x00\x00\x00\x1e" + ip6, LINKTYPE_NULL),  # macOS AF_INET6 in network order
    ]
    text = []
    for i, (data, _) in enumerate(cases):
        text.append(f"15:50:52.{i:06d} IP 127.0.0.1.1 > 127.0.0.1.2: Flags [P.], length 18")
        text.extend(_rows(data, ascii_column=bool(i % 2)))
    reader, packets = read(("\n".join(text) + "\n").encode())
    assert [p.linktype for p in packets] == [lt for _, lt in cases]
    assert [p.data for p in packets] == [d for d, _ in cases]
    assert all(p.problems == [] for p in packets)


def test_link_type_hint_line_and_tcpdump_stderr_lines_are_notes():
    rows = _tiny_blocks("XX.txt")[3]
    text = (
        "\n".join(
            [
                "tcpdump: data link type EN10MB",
                "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode",
                "listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes",
                *rows,
                "",
                "1 packet captured",
                "2 packets received by filter",
                "0 packets dropped by kernel",
            ]
        )
        + "\n"
    )
    reader, packets = read(text.encode())
    assert len(packets) == 1 and packets[0].linktype == LINKTYPE_ETHERNET
    assert packets[0].problems == []
    assert reader.notes == [
        "line 1: tcpdump: data link type EN10MB",
        "line 2: tcpdump: verbose output suppressed, use -v[v]... for full protocol decode",
        "line 3: listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes",
        "line 12: 1 packet captured",
        "line 13: 2 packets received by filter",
        "line 14: 0 packets dropped by kernel",
    ]


def test_crlf_text_reads_the_same():
    ref = list(open_input(str(TINY) + ".X.txt"))
    _, packets = read(tiny("X.txt").replace(b"\n", b"\r\n"))
    assert [p.data for p in packets] == [p.data for p in ref]
    assert all(p.problems == [] for p in packets)


# ---------------------------------------------------------------------- hex dumps


@pytest.mark.parametrize(
    "fmt,text",
    [
        (
            "xxd",
            "00000000: 4e42 444d 4147 4943 4948 4156 454f 5054  NBDMAGICIHAVEOPT\n"
            "00000010: 0003                                     ..\n",
        ),
        (
            "hexdump",
            "00000000  4e 42 44 4d 41 47 49 43  49 48 41 56 45 4f 50 54  |NBDMAGICIHAVEOPT|\n"
            "00000010  00 03                                             |..|\n"
            "00000012\n",
        ),
        (
            "od",
            "000000 4e 42 44 4d 41 47 49 43 49 48 41 56 45 4f 50 54  >NBDMAGICIHAVEOPT<\n"
            "000010 00 03                                            >..<\n"
            "000012\n",
        ),
        ("hex", "4e42444d41474943 49484156454f5054 0003\n"),
        ("hex", "4e 42 44 4d 41 47 49 43\n49 48 41 56 45 4f 50 54\n00 03\n"),
        ("hex", "0x4e, 0x42, 0x44, 0x4d, 0x41, 0x47, 0x49, 0x43,\n0x49, 0x48, 0x41, 0x56, 0x45, 0x4f, 0x50, 0x54, 0x00, 0x03\n"),
        ("hex", "4e42444d4147494349484156454f50540003"),
    ],
)
def test_hex_dumps_of_the_nbd_greeting(fmt, text):
    reader, packets = read(text.encode())
    assert reader.format == fmt
    assert len(packets) == 1
    p = packets[0]
    assert p.data == GREETING
    assert p.linktype == LINKTYPE_STREAM  # not an IP packet: one side of a stream
    assert p.missing == [] and p.problems == []
    assert p.first_line == 1
    no_internal_errors(reader)


@pytest.mark.parametrize(
    "fmt,text",
    [
        (
            "hexdump",
            "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
            "*\n"
            "00000040  61 62 63 00 00 00 00 00  00 00 00 00 00 00 00 00  |abc.............|\n"
            "00000050  01 02 01 02 01 02 01 02  01 02 01 02 01 02 01 02  |................|\n"
            "*\n"
            "00000080  00 00 00                                          |...|\n"
            "00000083\n",
        ),
        (
            "od",
            "000000 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  >................<\n"
            "*\n"
            "000040 61 62 63 00 00 00 00 00 00 00 00 00 00 00 00 00  >abc.............<\n"
            "000050 01 02 01 02 01 02 01 02 01 02 01 02 01 02 01 02  >................<\n"
            "*\n"
            "000080 00 00 00                                         >...<\n"
            "000083\n",
        ),
    ],
)
def test_star_lines_repeat_the_previous_row(fmt, text):
    reader, packets = read(text.encode())
    assert reader.format == fmt
    expected = bytes(64) + b"abc" + bytes(13) + b"\x01\x02" * 24 + bytes(3)
    assert [p.data for p in packets] == [expected]
    assert packets[0].missing == []


def test_xxd_of_an_ip_packet_is_a_raw_ip_packet_and_of_a_frame_ethernet():
    frame = list(open_input(str(TINY) + ".pcap"))[3].data
    for data, linktype in ((frame[14:], LINKTYPE_RAW), (frame, LINKTYPE_ETHERNET)):
        lines = []
        for off in range(0, len(data), 16):
            chunk = data[off : off + 16]
            groups = " ".join(chunk[i : i + 2].hex() for i in range(0, len(chunk), 2))
            lines.append(f"{off:08x}: {groups:<40} " + "".join(chr(b) if 32 <= b < 127 else "." for b in chunk))
        reader, packets = read(("\n".join(lines) + "\n").encode())
        assert reader.format == "xxd"
        assert [(p.linktype, p.data) for p in packets] == [(linktype, data)]


def test_long_hex_dump_is_cut_into_64k_stream_pieces():
    data = random.Random(7).randbytes(150_000)
    text = "\n".join(data[i : i + 30].hex() for i in range(0, len(data), 30)) + "\n"
    reader, packets = read(text.encode())
    assert reader.format == "hex"
    assert [len(p.data) for p in packets] == [65536, 65536, 150_000 - 131072]
    assert b"".join(p.data for p in packets) == data
    assert {p.linktype for p in packets} == {LINKTYPE_STREAM}
    assert packets[1].first_line == 65536 // 30 + 1  # the row holding byte 65536


def test_xxd_offset_jump_without_star_is_missing():
    text = (
        "00000000: 4e42 444d 4147 4943 4948 4156 454f 5054  NBDMAGICIHAVEOPT\n"
        "00000020: 0003                                     ..\n"
    )
    reader, packets = read(text.encode())
    p = packets[0]
    assert p.data == GREETING[:16] + bytes(16) + b"\x00\x03"
    reason = "line 2: offsets jump from 0x10 to 0x20; bytes between are absent"
    assert p.missing == [Span(16, 32, reason)]
    assert reason in reader.notes


def test_bare_hex_odd_group_is_missing_not_shifted():
    reader, packets = read(b"4e42 444 4d41\n")
    p = packets[0]
    assert p.data == bytes.fromhex("4e42") + bytes(2) + bytes.fromhex("4d41")
    assert p.missing == [Span(2, 4, "line 1: group '444' has an odd number of digits")]


# --------------------------------------------------------------------------- raw


def test_raw_binary_is_cut_into_numbered_64k_pieces():
    data = random.Random(1).randbytes(150_000)
    reader, packets = read(data)
    assert reader.format == "raw"
    assert [(p.number, p.file_offset, len(p.data)) for p in packets] == [(1, 0, 65536), (2, 65536, 65536), (3, 131072, 18928)]
    assert {p.linktype for p in packets} == {LINKTYPE_STREAM}
    assert b"".join(p.data for p in packets) == data
    assert packets[1].source == "bytes 65536-131071"


# --------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize("fmt", ["auto", "pcap", "pcapng", "tcpdump", "xxd", "hex", "raw"])
def test_empty_input_yields_nothing_and_says_so(fmt):
    reader, packets = read(b"", fmt)
    assert packets == []
    assert reader.notes == ["empty input"]


def test_truncated_pcap_keeps_every_whole_record():
    raw = tiny("pcap")
    last = list(open_input(str(TINY) + ".pcap"))[-1]
    reader, packets = read(raw[:-10])
    assert len(packets) == 29
    assert reader.notes == [
        f"truncated record at byte {last.file_offset}: header says {len(last.data)} bytes, {len(last.data) - 10} present"
    ]
    reader, packets = read(raw[: 24 + 8])
    assert packets == []
    assert reader.notes == ["truncated record header at byte 24: 8 of 16 bytes present"]


def test_pcap_file_header_only_and_cut_header():
    reader, packets = read(tiny("pcap")[:24])
    assert packets == [] and reader.notes == []
    with pytest.raises(InputError, match="truncated pcap file header"):
        read_packets(io.BytesIO(tiny("pcap")[:10]))


def test_absurd_pcap_record_length_stops_with_a_note():
    header = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
    reader, packets = read(header + struct.pack("<IIII", 0, 0, 0xFFFFFF00, 0xFFFFFF00) + b"xx")
    assert packets == []
    assert reader.notes[0].startswith("bad record at byte 24: captured length 4294967040")


def test_junk_bytes_are_raw_and_forced_pcap_on_junk_is_an_input_error():
    junk = random.Random(3).randbytes(10_000)
    reader, packets = read(junk)
    assert reader.format == "raw"
    assert [p.data for p in packets] == [junk]
    with pytest.raises(InputError) as err:
        read_packets(io.BytesIO(junk), "pcap")
    assert "\n" not in str(err.value) and "not a pcap file" in str(err.value)
    for fmt in ("tcpdump", "xxd", "hexdump", "od", "hex"):  # forced text readers survive junk
        reader, _ = read(junk, fmt)
        no_internal_errors(reader)


@pytest.mark.parametrize("fill", [b"x", b"ab"])
def test_a_20_megabyte_line_is_skipped_quickly(tmp_path, fill):
    path = tmp_path / "long.txt"
    path.write_bytes(fill * (20_000_000 // len(fill)) + b"\n" + tiny("X.txt"))
    reads = []

    class CountedFile(io.FileIO):
        def read(self, n=-1):
            data = super().read(n)
            reads.append(len(data))
            return data

    with CountedFile(path) as stream:
        tracemalloc.start()
        try:
            reader = read_packets(stream)
            packets = list(reader)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    # skipped in one pass of whole reads, never holding the line: work and memory follow
    # the 1 MiB cap, not the 20 MB line
    assert sum(reads) == path.stat().st_size
    assert len(reads) <= path.stat().st_size // CHUNK + 3
    assert peak < 8 * MAX_LINE
    assert "line 1 longer than 1 MiB, skipped" in reader.notes
    if reader.format == "tcpdump":  # "x" prose: the dump after it is still read
        assert len(packets) == 30
        assert packets[0].first_line == 2
    no_internal_errors(reader)


def test_a_20_megabyte_line_without_newline():
    reader, packets = read(b"z" * 20_000_000)
    assert packets == []
    assert "line 1 longer than 1 MiB, skipped" in reader.notes


def test_nul_bytes_and_invalid_utf8_in_text():
    text = tiny("X.txt").split(b"\n")
    text.insert(6, b"\x00\x00 a note with NULs \x00 and bad UTF-8 \xff\xfe\xc3")
    text[0] = text[0] + b" \x00"
    reader, packets = read(b"\n".join(text))
    assert reader.format == "tcpdump"
    assert len(packets) == 30
    ref = list(open_input(str(TINY) + ".X.txt"))
    assert [p.data for p in packets] == [p.data for p in ref]
    no_internal_errors(reader)


def test_nonexistent_path_and_directory_are_input_errors(tmp_path):
    with pytest.raises(InputError) as err:
        open_input(str(tmp_path / "nope.pcap"))
    assert str(err.value) == f"cannot read {tmp_path / 'nope.pcap'}: no such file"
    with pytest.raises(InputError) as err:
        open_input(str(tmp_path))
    assert str(err.value) == f"cannot read {tmp_path}: it is a directory"


def test_gzip_compressed_input_is_read_transparently(tmp_path):
    path = tmp_path / "tiny.pcap.gz"
    path.write_bytes(gzip.compress(tiny("pcap")))
    reader = open_input(str(path))
    packets = list(reader)
    assert reader.format == "pcap" and len(packets) == 30
    assert reader.notes == ["gzip-compressed input"]


# ----------------------------------------------------------------------- streaming


def _pipe_reader(first: bytes, rest: bytes, fmt: str = "auto"):
    """Write ``first`` into a pipe, then ``rest`` only once the reader has
    produced a packet (or after 10 s).  Returns (packets, got_first_before_rest)."""
    rfd, wfd = os.pipe()
    got_one = threading.Event()
    rest_written = threading.Event()

    def writer():
        with os.fdopen(wfd, "wb") as w:
            w.write(first)
            w.flush()
            got_one.wait(timeout=10)
            rest_written.set()
            w.write(rest)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    early = None
    packets = []
    with os.fdopen(rfd, "rb") as r:
        reader = read_packets(r, fmt, name="<pipe>")
        for p in reader:
            if early is None:
                early = not rest_written.is_set()
                got_one.set()
            packets.append(p)
    thread.join(timeout=10)
    return reader, packets, early


def test_tcpdump_text_from_a_pipe_streams_the_first_packet():
    blocks = _tiny_blocks()
    first = ("\n".join(blocks[0]) + "\n").encode()  # one whole packet, nothing after it yet
    rest = "".join("\n".join(b) + "\n" for b in blocks[1:]).encode()
    reader, packets, early = _pipe_reader(first, rest)
    assert reader.format == "tcpdump"
    assert early is True
    assert len(packets) == 30
    assert packets[0].data == _ref_ip(0)


def test_pcap_from_a_pipe_streams_the_first_record():
    raw = tiny("pcap")
    first_len = 24 + 16 + struct.unpack("<I", raw[32:36])[0]
    reader, packets, early = _pipe_reader(raw[:first_len], raw[first_len:])
    assert reader.format == "pcap"
    assert early is True
    assert len(packets) == 30


def test_detection_on_a_pipe_does_not_wait_for_the_end():
    """tcpdump -l prints its stderr lines first; a pipe then waits for traffic."""
    head = b"tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n"
    rest = ("\n".join(_tiny_blocks()[0]) + "\n").encode()
    rfd, wfd = os.pipe()
    w = os.fdopen(wfd, "wb")
    w.write(head)
    w.flush()
    with os.fdopen(rfd, "rb") as r:
        reader = read_packets(r)  # returns although the pipe is still open
        assert reader.format == "tcpdump"
        w.write(rest)
        w.close()
        assert len(list(reader)) == 1


# ------------------------------------------------------------------ random damage


def test_random_damage_never_escapes_as_an_exception():
    """Deterministic mutations of real inputs through every reader: no exception
    other than InputError, no internal-error note, missing spans inside the data."""
    inputs = [
        tiny("X.txt"),
        tiny("xx.txt"),
        tiny("pcap"),
        pcapng_from_pcap(tiny("pcap")),
        "".join(f"{o:08x}: {GREETING[o : o + 16].hex()}\n" for o in range(0, 18, 16)).encode(),
    ]
    rng = random.Random(2024)
    alphabet = b" \t\n0123456789abcdefx:.*|>IP"
    for _ in range(400):
        data = bytearray(rng.choice(inputs))
        for _ in range(rng.randint(1, 20)):
            pos = rng.randrange(len(data) + 1)
            op = rng.random()
            if op < 0.35:
                del data[pos : pos + rng.randint(1, 20)]
            elif op < 0.7:
                data[pos:pos] = bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
            elif data:
                data[min(pos, len(data) - 1)] = rng.randrange(256)
        fmt = rng.choice(FORMATS)
        try:
            reader = read_packets(io.BytesIO(bytes(data)), fmt)
        except InputError:
            continue
        for p in reader:
            assert all(0 <= s.start < s.end <= len(p.data) for s in p.missing), (fmt, p.missing)
        no_internal_errors(reader)
