"""Writes docs/toy-protocol/toy.pcap: a small TOY conversation (see docs/toy-protocol/README.md).

Every message is built from the TOY layout in docs/toy-protocol/README.md, one TCP
segment each (the READ reply split over two segments, so reassembly is part of the
example), in a classic pcap of raw IPv4 packets with a SYN handshake. Also writes
tests/data/declared/toyrpc.pcap: calls and replies of the TOYRPC ONC RPC program
declared in tests/data/declared/toyrpc/.

    python tools/make_toy_capture.py
"""

from __future__ import annotations

import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENT, SERVER = ("10.0.0.1", 40001), ("10.0.0.2", 7070)
RPC_CLIENT, RPC_SERVER = ("10.0.0.1", 40002), ("10.0.0.2", 4444)
LINKTYPE_RAW = 101
SYN, ACK, PSH = 0x02, 0x10, 0x08
REQUEST, REPLY = 0, 1
PING, READ, WRITE, STAT = 1, 2, 3, 4
OK, ENOENT = 0, 2


def toy(msg_type: int, opcode: int, handle: int, body: bytes) -> bytes:
    """length (bytes after it), "TY", msg_type, opcode, handle, body."""
    return struct.pack(">I2sBBQ", 12 + len(body), b"TY", msg_type, opcode, handle) + body


def toy_messages() -> list[tuple[str, bytes]]:
    """('c'|'s', bytes) in the order they travel."""
    name = b"notes.txt"
    data = b"hello, toy!\n"
    return [
        ("c", toy(REQUEST, PING, 0x1001, b"")),
        ("s", toy(REPLY, PING, 0x1001, struct.pack(">I", OK))),
        ("c", toy(REQUEST, STAT, 0x1002, struct.pack(">H", len(name)) + name)),
        ("s", toy(REPLY, STAT, 0x1002, struct.pack(">IQI", OK, 4096, 0o100644))),
        ("c", toy(REQUEST, READ, 0x1003, struct.pack(">QI", 0, len(data)))),
        ("s", toy(REPLY, READ, 0x1003, struct.pack(">II", OK, len(data)) + data)),
        ("c", toy(REQUEST, STAT, 0x1004, struct.pack(">H", 7) + b"missing")),
        ("s", toy(REPLY, STAT, 0x1004, struct.pack(">I", ENOENT))),
    ]


def rpc_call(xid: int, prog: int, vers: int, proc: int, args: bytes) -> bytes:
    """RFC 5531 call with AUTH_NONE credential and verifier, behind a record mark."""
    body = struct.pack(">IIIIII", xid, 0, 2, prog, vers, proc) + struct.pack(">IIII", 0, 0, 0, 0) + args
    return struct.pack(">I", 0x80000000 | len(body)) + body


def rpc_reply(xid: int, results: bytes) -> bytes:
    """MSG_ACCEPTED, AUTH_NONE verifier, SUCCESS, then the results."""
    body = struct.pack(">IIIIII", xid, 1, 0, 0, 0, 0) + results
    return struct.pack(">I", 0x80000000 | len(body)) + body


TOYRPC_PROGRAM = 0x20000777  # in RFC 5531's "defined by user" range


def xdr_string(text: bytes) -> bytes:
    return struct.pack(">I", len(text)) + text + bytes(-len(text) % 4)


def toyrpc_messages() -> list[tuple[str, bytes]]:
    return [
        ("c", rpc_call(0x51, TOYRPC_PROGRAM, 1, 1, xdr_string(b"marco"))),  # ECHO
        ("s", rpc_reply(0x51, xdr_string(b"polo"))),
        ("c", rpc_call(0x52, TOYRPC_PROGRAM, 1, 2, struct.pack(">ii", 40, 2))),  # ADD
        ("s", rpc_reply(0x52, struct.pack(">i", 42))),
    ]


def checksum16(data: bytes) -> int:
    data += bytes(len(data) % 2)
    total = sum(struct.unpack(f">{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def packet(src, dst, seq: int, ack: int, flags: int, payload: bytes, ident: int) -> bytes:
    """IPv4 (RFC 791, header checksum set) + TCP (RFC 793, checksum 0) + payload."""
    tcp = struct.pack("!HHIIBBHHH", src[1], dst[1], seq, ack, 5 << 4, flags, 65535, 0, 0)
    addr = lambda text: bytes(int(p) for p in text.split("."))  # noqa: E731
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40 + len(payload), ident, 0x4000, 64, 6, 0, addr(src[0]), addr(dst[0]))
    ip = ip[:10] + struct.pack("!H", checksum16(ip)) + ip[12:]
    return ip + tcp + payload


def conversation(sends, client, server, split: set[int] = frozenset()) -> list[bytes]:
    """A handshake, then one segment per send (two for the indexes in ``split``)."""
    seq = {"c": 1000, "s": 5000}
    out = [
        packet(client, server, 999, 0, SYN, b"", 1),
        packet(server, client, 4999, 1000, SYN | ACK, b"", 2),
        packet(client, server, 1000, 5000, ACK, b"", 3),
    ]
    for i, (who, data) in enumerate(sends):
        src, dst = (client, server) if who == "c" else (server, client)
        other = "s" if who == "c" else "c"
        pieces = [data[: len(data) // 2], data[len(data) // 2 :]] if i in split else [data]
        for piece in pieces:
            out.append(packet(src, dst, seq[who], seq[other], ACK | PSH, piece, len(out) + 1))
            seq[who] += len(piece)
    return out


def write_pcap(path: Path, packets: list[bytes]) -> None:
    """Classic microsecond pcap, LINKTYPE_RAW, packets 2 ms apart from t = 1700000000 s."""
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, LINKTYPE_RAW)]
    for i, data in enumerate(packets):
        out.append(struct.pack("<IIII", 1700000000, 2000 * i, len(data), len(data)) + data)
    path.write_bytes(b"".join(out))


def main() -> None:
    write_pcap(ROOT / "docs" / "toy-protocol" / "toy.pcap", conversation(toy_messages(), CLIENT, SERVER, split={5}))
    write_pcap(ROOT / "tests" / "data" / "declared" / "toyrpc.pcap", conversation(toyrpc_messages(), RPC_CLIENT, RPC_SERVER))


if __name__ == "__main__":
    main()
