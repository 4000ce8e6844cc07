"""libpcap capture files (``tcpdump -w``): both byte orders, micro- and nanosecond stamps.

The 24-byte file header is checked before iteration starts so that a file that is
not a pcap at all fails with one clear error; damage after that (a record cut
short, an absurd record length) ends the iteration with a note instead, keeping
every packet before it.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from ..packets import Packet
from .notes import Notes
from .source import Source

# magic as read little-endian -> (byte order, fraction units per second)
MAGICS = {
    0xA1B2C3D4: ("<", 1_000_000),
    0xD4C3B2A1: (">", 1_000_000),
    0xA1B23C4D: ("<", 1_000_000_000),
    0x4D3CB2A1: (">", 1_000_000_000),
}
HEADER_LEN = 24
RECORD_LEN = 16
# A record longer than this is damage, not data (pcap's own limit is 256 KiB per
# packet for most link types; some writers allow more, none this much).
MAX_RECORD = 64 << 20


def magic_of(prefix: bytes) -> tuple[str, int] | None:
    """(byte order, units per second) if ``prefix`` starts with a pcap magic."""
    if len(prefix) < 4:
        return None
    return MAGICS.get(int.from_bytes(prefix[:4], "little"))


def header_error(prefix: bytes) -> str | None:
    """Why ``prefix`` is not the start of a pcap file, or None if it is."""
    if not prefix:
        return None  # empty input is reported as such, not as an error
    if magic_of(prefix) is None:
        return f"not a pcap file (starts with {prefix[:4].hex()})"
    if len(prefix) < HEADER_LEN:
        return f"truncated pcap file header ({len(prefix)} of {HEADER_LEN} bytes)"
    return None


def packets(src: Source, notes: Notes) -> Iterator[Packet]:
    """Yield every record of the pcap file in ``src`` as a Packet, numbered from 1."""
    header = src.read_exact(HEADER_LEN)
    if not header:
        notes.add("empty input")
        return
    order, units = magic_of(header) or ("<", 1_000_000)
    _vmaj, _vmin, _zone, _sigfigs, snaplen, network = struct.unpack(order + "HHiIII", header[4:])
    linktype = network & 0xFFFF  # upper bits may carry FCS information
    rec = struct.Struct(order + "IIII")
    number = 0
    while True:
        offset = src.offset
        raw = src.read_exact(RECORD_LEN)
        if not raw:
            return
        if len(raw) < RECORD_LEN:
            notes.add(
                f"truncated record header at byte {offset}: {len(raw)} of {RECORD_LEN} bytes present"
            )
            return
        sec, frac, incl, orig = rec.unpack(raw)
        if incl > MAX_RECORD:
            notes.add(
                f"bad record at byte {offset}: captured length {incl} is not plausible"
                f" (snaplen {snaplen}); stopped reading"
            )
            return
        data = src.read_exact(incl)
        if len(data) < incl:
            notes.add(
                f"truncated record at byte {offset}: header says {incl} bytes, {len(data)} present"
            )
            return
        number += 1
        problems = []
        if orig < incl:
            problems.append(f"original length {orig} is less than captured length {incl}")
        yield Packet(
            number=number,
            linktype=linktype,
            data=data,
            source=f"frame {number} @ byte {offset}",
            timestamp=sec + frac / units,
            orig_len=orig,
            file_offset=offset,
            problems=problems,
        )
