"""Link/IP/TCP header parsing, checked against hand-built frames and tshark's view
of the shared real captures."""

from __future__ import annotations

import ipaddress
import re
import struct
from pathlib import Path

import pytest

from hexview.packets import (
    LINKTYPE_ETHERNET,
    LINKTYPE_IPV4,
    LINKTYPE_IPV6,
    LINKTYPE_LINUX_SLL,
    LINKTYPE_LINUX_SLL2,
    LINKTYPE_LOOP,
    LINKTYPE_NULL,
    LINKTYPE_RAW,
    Packet,
    Span,
)
from hexview.tcp.netlayers import ACK, FIN, PSH, RST, SYN, TcpSegment, parse_tcp
from hexview.tcp.stream_events import Endpoint
from shared_paths import CAPTURES, shared_pcaps

# ------------------------------------------------------------------ frame builders


def tcp(sport=40000, dport=10809, seq=1000, ack=0, flags=ACK | PSH, payload=b"", options=b""):
    """A TCP header (checksum left 0: nothing here verifies it) plus payload."""
    offset = (20 + len(options)) // 4
    header = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, offset << 4, flags, 65535, 0, 0)
    return header + options + payload


def ipv4(l4, src="10.0.0.1", dst="10.0.0.2", proto=6, total=None, frag=0, options=b""):
    ihl = (20 + len(options)) // 4
    if total is None:
        total = 4 * ihl + len(l4)
    header = struct.pack(
        "!BBHHHBBH4s4s",
        0x40 | ihl,
        0,
        total,
        0x1234,
        frag,
        64,
        proto,
        0,
        ipaddress.IPv4Address(src).packed,
        ipaddress.IPv4Address(dst).packed,
    )
    return header + options + l4


def ipv6(l4, src="2001:db8::1", dst="2001:db8::2", next_header=6, ext=b""):
    header = struct.pack(
        "!IHBB16s16s",
        6 << 28,
        len(ext) + len(l4),
        next_header,
        64,
        ipaddress.IPv6Address(src).packed,
        ipaddress.IPv6Address(dst).packed,
    )
    return header + ext + l4


def ether(ip, ethertype=0x0800, vlans=()):
    header = bytes(12)
    for tpid, vid in vlans:
        header += struct.pack("!HH", tpid, vid)
    return header + struct.pack("!H", ethertype) + ip


def packet(data, linktype=LINKTYPE_ETHERNET, number=7, missing=()):
    return Packet(number, linktype, data, f"frame {number}", missing=list(missing))


# ------------------------------------------------------------------ link layers


def test_ethernet_ipv4_fields():
    seg = parse_tcp(packet(ether(ipv4(tcp(sport=45930, seq=0xDEADBEEF, ack=77, payload=b"NBDMAGIC")))))
    assert isinstance(seg, TcpSegment)
    assert seg.frame == 7
    assert seg.src == Endpoint("10.0.0.1", 45930)
    assert seg.dst == Endpoint("10.0.0.2", 10809)
    assert (seg.seq, seg.ack, seg.flags) == (0xDEADBEEF, 77, ACK | PSH)
    assert seg.payload == b"NBDMAGIC"
    assert seg.wire_payload_len == 8
    assert seg.missing == ()
    assert seg.partial is None


def test_vlan_tags_are_skipped():
    one = parse_tcp(packet(ether(ipv4(tcp(payload=b"abc")), vlans=[(0x8100, 42)])))
    two = parse_tcp(packet(ether(ipv4(tcp(payload=b"abc")), vlans=[(0x88A8, 7), (0x8100, 42)])))
    assert one.payload == two.payload == b"abc"
    assert one.src == two.src == Endpoint("10.0.0.1", 40000)


def test_linux_cooked_v1():
    sll = struct.pack("!HHH8sH", 0, 772, 6, bytes(8), 0x0800)  # 16 bytes, protocol last
    seg = parse_tcp(packet(sll + ipv4(tcp(payload=b"xyz")), LINKTYPE_LINUX_SLL))
    assert len(sll) == 16
    assert seg.payload == b"xyz"


def test_linux_cooked_v2():
    sll2 = struct.pack("!HHIHBB8s", 0x86DD, 0, 1, 772, 0, 6, bytes(8))  # 20 bytes, protocol first
    seg = parse_tcp(packet(sll2 + ipv6(tcp(payload=b"v6")), LINKTYPE_LINUX_SLL2))
    assert len(sll2) == 20
    assert seg.src == Endpoint("2001:db8::1", 40000)
    assert seg.payload == b"v6"


@pytest.mark.parametrize("order", ["<", ">"])
@pytest.mark.parametrize("linktype", [LINKTYPE_NULL, LINKTYPE_LOOP])
def test_bsd_loopback_either_byte_order(order, linktype):
    v4 = parse_tcp(packet(struct.pack(order + "I", 2) + ipv4(tcp(payload=b"4")), linktype))
    v6 = parse_tcp(packet(struct.pack(order + "I", 30) + ipv6(tcp(payload=b"6")), linktype))
    assert v4.payload == b"4"
    assert v6.payload == b"6"


def test_bsd_loopback_unknown_family():
    assert parse_tcp(packet(struct.pack("<I", 17) + bytes(40), LINKTYPE_NULL)) == "not IP (loopback address family 17)"


def test_headerless_ip_link_types():
    assert parse_tcp(packet(ipv4(tcp(payload=b"a")), LINKTYPE_RAW)).payload == b"a"
    assert parse_tcp(packet(ipv6(tcp(payload=b"b")), LINKTYPE_RAW)).payload == b"b"
    assert parse_tcp(packet(ipv4(tcp(payload=b"c")), LINKTYPE_IPV4)).payload == b"c"
    assert parse_tcp(packet(ipv6(tcp(payload=b"d")), LINKTYPE_IPV6)).payload == b"d"


def test_not_ip_and_unknown_link_types():
    arp = ether(bytes(28), ethertype=0x0806)
    assert parse_tcp(packet(arp)) == "not IP (EtherType 0x0806)"
    assert parse_tcp(packet(bytes(40), 147)) == "unsupported link type 147"


# ------------------------------------------------------------------ IP


def test_udp_is_not_tcp():
    udp = struct.pack("!HHHH", 5353, 5353, 12, 0) + b"four"
    assert parse_tcp(packet(ether(ipv4(udp, proto=17)))) == "not TCP (UDP)"
    assert parse_tcp(packet(ether(ipv4(b"", proto=99)))) == "not TCP (IP protocol 99)"


def test_ipv4_options_move_the_tcp_header():
    options = bytes([0x94, 4, 0, 0])  # router alert
    seg = parse_tcp(packet(ether(ipv4(tcp(payload=b"opt"), options=options))))
    assert seg.payload == b"opt"
    assert seg.dst == Endpoint("10.0.0.2", 10809)


def test_ethernet_padding_is_not_payload():
    frame = ether(ipv4(tcp(flags=ACK))) + bytes(6)  # padded to the 60-byte minimum
    assert len(frame) == 60
    seg = parse_tcp(packet(frame))
    assert seg.payload == b""
    assert seg.wire_payload_len == 0


def test_snaplen_cut_keeps_the_wire_length():
    frame = ether(ipv4(tcp(payload=bytes(range(256)) * 64)))  # 16384 payload bytes
    seg = parse_tcp(packet(frame[:96]))
    assert seg.payload == bytes(range(42))
    assert seg.wire_payload_len == 16384


def test_ipv4_total_length_zero_means_captured_length():
    seg = parse_tcp(packet(ether(ipv4(tcp(payload=b"tso"), total=0))))
    assert seg.payload == b"tso"
    assert seg.wire_payload_len == 3


def test_ipv4_fragments():
    first = parse_tcp(packet(ether(ipv4(tcp(payload=b"first"), frag=0x2000))))
    assert first.payload == b"first"
    assert first.partial.startswith("IPv4 first fragment")
    later = parse_tcp(packet(ether(ipv4(b"rest of it", frag=0x2000 | 185))))
    assert later == "IPv4 fragment at offset 1480 (fragments are not reassembled)"


def test_ipv6_extension_headers_are_walked():
    hop_by_hop = bytes([60, 0]) + bytes([1, 4, 0, 0, 0, 0])  # next: dest options; PadN
    dest_opts = bytes([6, 0]) + bytes([1, 4, 0, 0, 0, 0])  # next: TCP
    seg = parse_tcp(packet(ether(ipv6(tcp(payload=b"ext"), next_header=0, ext=hop_by_hop + dest_opts), 0x86DD)))
    assert seg.payload == b"ext"
    assert seg.src == Endpoint("2001:db8::1", 40000)
    assert str(seg.src) == "[2001:db8::1]:40000"


def test_ipv6_fragment_header():
    first = parse_tcp(packet(ipv6(tcp(payload=b"f"), next_header=44, ext=struct.pack("!BBHI", 6, 0, 1, 99)), LINKTYPE_RAW))
    assert first.payload == b"f"
    assert first.partial.startswith("IPv6 first fragment")
    later = ipv6(b"more", next_header=44, ext=struct.pack("!BBHI", 6, 0, 1232, 99))
    assert parse_tcp(packet(later, LINKTYPE_RAW)) == "IPv6 fragment at offset 1232 (fragments are not reassembled)"


def test_ipv6_udp_is_not_tcp():
    assert parse_tcp(packet(ipv6(bytes(8), next_header=17), LINKTYPE_RAW)) == "not TCP (UDP)"


# ------------------------------------------------------------------ damage


@pytest.mark.parametrize(
    "length, reason",
    [
        (10, "truncated Ethernet header"),
        (14 + 12, "truncated IPv4 header"),
        (14 + 20 + 12, "truncated TCP header"),
        (14 + 20 + 24, "truncated TCP header (options)"),
    ],
)
def test_truncated_headers_give_a_reason(length, reason):
    frame = ether(ipv4(tcp(payload=b"data", options=bytes([2, 4, 5, 180]) + bytes([1]) * 8)))
    assert parse_tcp(packet(frame[:length])) == reason


def test_truncated_ipv6_header():
    assert parse_tcp(packet(ipv6(tcp())[:30], LINKTYPE_RAW)) == "truncated IPv6 header"


def test_bad_header_lengths():
    assert parse_tcp(packet(b"\x43" + ipv4(tcp())[1:], LINKTYPE_RAW)) == "bad IPv4 header length 12"
    bad_offset = bytearray(tcp(payload=b"x"))
    bad_offset[12] = 3 << 4
    assert parse_tcp(packet(ipv4(bytes(bad_offset)), LINKTYPE_RAW)) == "bad TCP header length 12"


def test_missing_spans_shift_to_the_payload():
    frame = ether(ipv4(tcp(payload=b"0123456789")))  # payload starts at 54
    seg = parse_tcp(packet(frame, missing=[Span(56, 60, "line 4 garbled"), Span(62, 80, "cut")]))
    assert seg.missing == ((2, 6, "line 4 garbled"), (8, 10, "cut"))


def test_missing_header_field_makes_the_packet_unusable():
    frame = ether(ipv4(tcp(payload=b"0123456789")))
    assert parse_tcp(packet(frame, missing=[Span(38, 42, "lost")])) == "header bytes missing in the input"
    # Only the IP checksum lost: harmless to reassembly.
    seg = parse_tcp(packet(frame, missing=[Span(24, 26, "lost")]))
    assert seg.payload == b"0123456789"


# ------------------------------------------------------------------ real captures


def read_pcap(path: Path):
    """The capture's packets, through hexview's own pcap reader."""
    from hexview.readers import open_input

    yield from open_input(str(path), "pcap")


def tshark_summary(path: Path) -> dict[int, dict]:
    """Per frame: wire/captured length, IP addresses, TCP ports, relative Seq/Ack, Len."""
    frames: dict[int, dict] = {}
    for line in path.read_text().splitlines():
        if m := re.match(r"Frame (\d+): (\d+) bytes on wire .*?, (\d+) bytes captured", line):
            current = frames[int(m[1])] = {"wire": int(m[2]), "captured": int(m[3])}
        elif m := re.match(r"Internet Protocol Version \d, Src: (\S+), Dst: (\S+)", line):
            current["src"], current["dst"] = m[1], m[2]
        elif m := re.match(
            r"Transmission Control Protocol, Src Port: (\d+), Dst Port: (\d+), Seq: (\d+)(?:, Ack: (\d+))?, Len: (\d+)", line
        ):
            current["sport"], current["dport"], current["seq"] = int(m[1]), int(m[2]), int(m[3])
            current["ack"] = None if m[4] is None else int(m[4])
            current["len"] = int(m[5])
    return frames


@pytest.mark.shared
@pytest.mark.parametrize("pcap", shared_pcaps())
def test_every_frame_matches_tshark(pcap):
    """Addresses, ports, payload length on the wire and the snaplen shortfall,
    frame by frame, as tshark -V printed them."""
    expected = tshark_summary(pcap.with_suffix(".tshark.txt"))
    count = 0
    for pkt in read_pcap(pcap):
        seg = parse_tcp(pkt)
        want = expected[pkt.number]
        assert isinstance(seg, TcpSegment), (pkt.number, seg)
        assert (seg.src.addr, seg.src.port, seg.dst.addr, seg.dst.port) == (
            want["src"],
            want["sport"],
            want["dst"],
            want["dport"],
        ), pkt.number
        assert seg.wire_payload_len == want["len"], pkt.number
        assert seg.wire_payload_len - len(seg.payload) == want["wire"] - want["captured"], pkt.number
        assert bool(seg.flags & ACK) == (want["ack"] is not None), pkt.number
        count += 1
    assert count == len(expected)


@pytest.mark.shared
def test_sll2_capture_fields():
    pcap = CAPTURES / "nbd" / "nbd-any-sll2-nbdcopy.pcap"
    if not pcap.exists():
        pytest.skip("capture not present")
    first = next(read_pcap(pcap))
    assert first.linktype == LINKTYPE_LINUX_SLL2
    seg = parse_tcp(first)
    assert seg.flags == SYN
    assert seg.dst == Endpoint("127.0.0.1", 10809)
    assert not seg.flags & (FIN | RST)
