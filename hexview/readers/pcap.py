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
    """Yield every record of the pcap file in ``src`` as a Packet, numbered from 1.

    Records are cut out of whatever one read brought (``read_some``), many at a time:
    no read per record, and a live pipe's records still come out as soon as they are
    complete."""
    header = src.read_exact(HEADER_LEN)
    if not header:
        notes.add("empty input")
        return
    order, units = magic_of(header) or ("<", 1_000_000)
    _vmaj, _vmin, _zone, _sigfigs, snaplen, network = struct.unpack(order + "HHiIII", header[4:])
    linktype = network & 0xFFFF  # upper bits may carry FCS information
    unpack = struct.Struct(order + "IIII").unpack_from
    number = 0
    buf = b""
    pos = 0
    base = src.offset  # file offset of buf[0]
    while True:
        end = len(buf)
        while pos + RECORD_LEN <= end:
            sec, frac, incl, orig = unpack(buf, pos)
            if incl > MAX_RECORD:
                notes.add(
                    f"bad record at byte {base + pos}: captured length {incl} is not plausible"
                    f" (snaplen {snaplen}); stopped reading"
                )
                return
            stop = pos + RECORD_LEN + incl
            if stop > end:
                break
            number += 1
            packet = Packet(
                number,
                linktype,
                buf[pos + RECORD_LEN : stop],
                None,
                sec + frac / units,
                None,
                orig,
                None,
                None,
                base + pos,
            )
            if orig < incl:
                packet.problems = [f"original length {orig} is less than captured length {incl}"]
            yield packet
            pos = stop
        more = src.read_some()
        if not more:
            break
        buf = buf[pos:] + more if pos < end else more
        base += pos
        pos = 0
    left = len(buf) - pos
    if left and left < RECORD_LEN:
        notes.add(f"truncated record header at byte {base + pos}: {left} of {RECORD_LEN} bytes present")
    elif left:
        incl = unpack(buf, pos)[2]
        notes.add(f"truncated record at byte {base + pos}: header says {incl} bytes, {left - RECORD_LEN} present")
