"""Hand-built IPv4/TCP packets, for tests that push a protocol's bytes through the
whole pipeline (reassembly, classification, framing, pairing) or through the CLI.

Header layouts are RFC 791's and RFC 793's; checksums are left 0 (nothing in
hexview verifies them). Endpoints are ``(dotted address, port)`` pairs.
"""

from __future__ import annotations

import struct
from pathlib import Path

from hexview.packets import LINKTYPE_ETHERNET, LINKTYPE_RAW, Packet
from hexview.tcp.netlayers import ACK, PSH


def ipv4_tcp(src, dst, seq: int, payload: bytes, ack: int = 0, flags: int = ACK | PSH, ident: int = 0) -> bytes:
    """An IPv4 header (no options, don't-fragment) + a 20-byte TCP header + payload."""
    tcp = struct.pack("!HHIIBBHHH", src[1], dst[1], seq, ack, 5 << 4, flags, 65535, 0, 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40 + len(payload), ident, 0x4000, 64, 6, 0, _address(src[0]), _address(dst[0]))
    return ip + tcp + payload


def raw_packet(number: int, src, dst, seq: int, payload: bytes, **kwargs) -> Packet:
    """Packet ``number`` (1-based) as a reader of LINKTYPE_RAW input would yield it."""
    return Packet(number, LINKTYPE_RAW, ipv4_tcp(src, dst, seq, payload, **kwargs), f"frame {number}")


def conversation_packets(sends, client, server, seqs: tuple[int, int] = (1000, 5000)) -> list[Packet]:
    """One packet per ``('c'|'s', bytes)`` send: client->server or server->client, each
    direction's sequence numbers following on from its previous segment."""
    next_seq = {"c": seqs[0], "s": seqs[1]}
    packets = []
    for number, (who, data) in enumerate(sends, 1):
        src, dst = (client, server) if who == "c" else (server, client)
        packets.append(raw_packet(number, src, dst, next_seq[who], data))
        next_seq[who] += len(data)
    return packets


def write_pcap(path: Path, packets: list[Packet], first_second: int = 100, ethernet: bool = False) -> None:
    """A classic microsecond pcap of LINKTYPE_RAW packets, one second apart (with
    ``ethernet``, each behind an Ethernet II header, as LINKTYPE_ETHERNET)."""
    linktype = LINKTYPE_ETHERNET if ethernet else LINKTYPE_RAW
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype)]
    for i, packet in enumerate(packets):
        data = ETHERNET_HEADER + packet.data if ethernet else packet.data
        out.append(struct.pack("<IIII", first_second + i, 0, len(data), len(data)) + data)
    path.write_bytes(b"".join(out))


# destination and source MAC addresses (locally administered), EtherType IPv4
ETHERNET_HEADER = bytes.fromhex("0200000000020200000000010800")


def _address(text: str) -> bytes:
    return bytes(int(part) for part in text.split("."))
