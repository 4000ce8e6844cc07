"""pcapng capture files: sections in either byte order, several interfaces.

Only what a packet needs is read: the Section Header (byte order), Interface
Description Blocks (link type, timestamp resolution and offset) and the three
packet blocks (Enhanced, Simple, and the obsolete Packet Block).  Every other
block is skipped by its length, so newer block types never stop a reader.
Frames are numbered 1, 2, ... over packet blocks in file order, as tshark does.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

from ..packets import Packet
from .notes import Notes
from .source import Source

SHB = 0x0A0D0D0A
IDB = 0x00000001
OPB = 0x00000002  # obsolete Packet Block
SPB = 0x00000003
EPB = 0x00000006
BYTE_ORDER_MAGIC = 0x1A2B3C4D
MAX_BLOCK = 64 << 20  # longer than this is damage, not data

OPT_END = 0
IF_TSRESOL = 9
IF_TSOFFSET = 14


@dataclass(slots=True)
class _Interface:
    linktype: int
    snaplen: int
    units: int = 1_000_000  # timestamp ticks per second (if_tsresol)
    ts_offset: int = 0  # seconds added to every timestamp (if_tsoffset)


def is_pcapng(prefix: bytes) -> bool:
    return len(prefix) >= 4 and int.from_bytes(prefix[:4], "little") == SHB


def header_error(prefix: bytes) -> str | None:
    """Why ``prefix`` is not the start of a pcapng file, or None if it is."""
    if not prefix:
        return None
    if not is_pcapng(prefix):
        return f"not a pcapng file (starts with {prefix[:4].hex()})"
    if len(prefix) < 12:
        return f"truncated pcapng section header ({len(prefix)} bytes)"
    if _order(prefix[8:12]) is None:
        return f"pcapng section header has an unknown byte-order magic {prefix[8:12].hex()}"
    return None


def _order(magic: bytes) -> str | None:
    if int.from_bytes(magic, "little") == BYTE_ORDER_MAGIC:
        return "<"
    if int.from_bytes(magic, "big") == BYTE_ORDER_MAGIC:
        return ">"
    return None


def _options(body: bytes, start: int, order: str) -> Iterator[tuple[int, bytes]]:
    pos = start
    while pos + 4 <= len(body):
        code, length = struct.unpack_from(order + "HH", body, pos)
        pos += 4
        if code == OPT_END:
            return
        yield code, body[pos : pos + length]
        pos += (length + 3) & ~3


def _interface(body: bytes, order: str) -> _Interface:
    linktype, _reserved, snaplen = struct.unpack_from(order + "HHI", body, 0)
    iface = _Interface(linktype, snaplen)
    for code, value in _options(body, 8, order):
        if code == IF_TSRESOL and value:
            v = value[0]
            iface.units = 2 ** (v & 0x7F) if v & 0x80 else 10**v
        elif code == IF_TSOFFSET and len(value) >= 8:
            iface.ts_offset = struct.unpack(order + "q", value[:8])[0]
    return iface


def packets(src: Source, notes: Notes) -> Iterator[Packet]:
    """Yield every packet block of the pcapng file in ``src`` as a Packet."""
    order = "<"
    interfaces: list[_Interface] = []
    number = 0
    first = True
    while True:
        offset = src.offset
        head = src.read_exact(8)
        if not head:
            if first:
                notes.add("empty input")
            return
        if len(head) < 8:
            notes.add(f"truncated block header at byte {offset}: {len(head)} of 8 bytes present")
            return
        btype = int.from_bytes(head[:4], "little" if order == "<" else "big")
        if btype == SHB:  # the SHB type reads the same in both byte orders
            magic = src.read_exact(4)
            new_order = _order(magic) if len(magic) == 4 else None
            if new_order is None:
                notes.add(f"bad section header at byte {offset}: byte-order magic {magic.hex()}")
                return
            order = new_order
            interfaces = []  # interface ids restart in every section
            (length,) = struct.unpack(order + "I", head[4:8])
            body_prefix = magic
        else:
            (length,) = struct.unpack(order + "I", head[4:8])
            body_prefix = b""
        first = False
        if length < 12 or length % 4 or length > MAX_BLOCK:
            notes.add(f"bad block at byte {offset}: length {length}; stopped reading")
            return
        want = length - 8 - len(body_prefix)
        rest = src.read_exact(want)
        if len(rest) < want:
            notes.add(f"truncated block at byte {offset}: header says {length} bytes, {8 + len(body_prefix) + len(rest)} present")
            return
        body = body_prefix + rest[:-4]
        if btype == SHB:
            continue
        if btype == IDB:
            if len(body) < 8:
                notes.add(f"bad interface block at byte {offset}: too short")
                return
            interfaces.append(_interface(body, order))
            continue
        if btype not in (EPB, SPB, OPB):
            continue
        pkt = _packet(btype, body, order, interfaces, offset, notes)
        if pkt is None:
            continue
        number += 1
        pkt.number = number
        yield pkt


def _packet(btype: int, body: bytes, order: str, interfaces: list[_Interface], offset: int, notes: Notes) -> Packet | None:
    problems: list[str] = []
    if btype == SPB:
        if len(body) < 4:
            notes.add(f"bad simple packet block at byte {offset}: too short")
            return None
        (orig,) = struct.unpack_from(order + "I", body, 0)
        iface_id, stamp, data_start = 0, None, 4
        caplen = len(body) - 4
        if interfaces and interfaces[0].snaplen:
            caplen = min(caplen, interfaces[0].snaplen)
        caplen = min(caplen, orig)
    elif btype == EPB:
        if len(body) < 20:
            notes.add(f"bad packet block at byte {offset}: too short")
            return None
        iface_id, hi, lo, caplen, orig = struct.unpack_from(order + "IIIII", body, 0)
        stamp, data_start = (hi << 32) | lo, 20
    else:  # OPB
        if len(body) < 20:
            notes.add(f"bad packet block at byte {offset}: too short")
            return None
        iface_id, _drops, hi, lo, caplen, orig = struct.unpack_from(order + "HHIIII", body, 0)
        stamp, data_start = (hi << 32) | lo, 20
    if iface_id >= len(interfaces):
        notes.add(f"packet block at byte {offset} names interface {iface_id}, which is not described")
        return None
    iface = interfaces[iface_id]
    if data_start + caplen > len(body):
        problems.append(f"captured length {caplen} runs past the end of its block; kept {len(body) - data_start}")
        notes.add(f"packet block at byte {offset}: " + problems[-1])
        caplen = len(body) - data_start
    data = body[data_start : data_start + caplen]
    ts = None
    if stamp is not None:
        sec, frac = divmod(stamp, iface.units)
        ts = iface.ts_offset + sec + frac / iface.units
    # its source ("frame N @ byte offset") is worked out from these when asked for
    return Packet(0, iface.linktype, bytes(data), None, ts, None, orig, None, None, offset, None, None, problems or None)
