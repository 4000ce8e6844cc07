"""Rebuild a TCP segment from tcpdump's header line when the hex IP/TCP header is damaged.

Text pasted from a terminal loses and garbles characters. When the hex rows of
a packet no longer hold a usable IP/TCP header (a protocol byte of 5, a lost
group in the addresses) but the summary line tcpdump printed above them is
intact, that line still says who sent the segment and which stream bytes it
carries. The payload is found from the IP header's own length fields (total
length and header-length nibbles); the line gives addresses, ports and the
sequence range.

tcpdump prints sequence numbers relative to the first packet it saw of a
direction, while the hex holds absolute ones. The offset between the two is
learned from the last intact data packet of the same direction (its line prints
a "seq first:end" range); without one the segment cannot be placed in its
stream and is left skipped. Nothing here guesses a value the text does not hold.
"""

from __future__ import annotations

import ipaddress
import re

from ..packets import Packet
from ..readers.linklayer import LINK_HEADER_LEN, possible_tcp_header
from ..readers.tcpdump_text import seq_range
from .netlayers import ACK, FIN, PSH, RST, SYN, URG, TcpSegment, endpoints_of

_LINE = re.compile(
    r"\bIP6? (?P<src>[0-9a-fA-F.:]+)\.(?P<sport>\d{1,5}) > (?P<dst>[0-9a-fA-F.:]+)\.(?P<dport>\d{1,5}):"
    r" Flags \[(?P<flags>[^\]]{0,12})\], seq (?P<first>\d{1,10}):(?P<end>\d{1,10})"
)
_FLAG_CHARS = {"S": SYN, "F": FIN, "R": RST, "P": PSH, ".": ACK, "U": URG}
_MASK = 0xFFFFFFFF
_MAX_REMEMBERED = 10_000  # directions whose last intact header line is kept


def header_says_tcp(header: str) -> bool:
    """Whether a tcpdump header line describes a TCP segment with a sequence range."""
    return _LINE.search(header) is not None


class HeaderSalvage:
    """Remembers intact text packets per direction and rebuilds damaged ones."""

    def __init__(self) -> None:
        # direction key -> (header line, absolute sequence number) of its last intact packet
        self._last: dict[bytes, tuple[str, int]] = {}

    def remember(self, packet: Packet, seg: TcpSegment) -> None:
        """Keep an intact packet's header line: it ties relative to absolute sequence numbers."""
        header = packet.header
        if header is None or ", seq " not in header:
            return  # no data: a SYN prints an absolute number, a bare ACK none
        if len(self._last) >= _MAX_REMEMBERED and seg.key not in self._last:
            self._last.clear()
        self._last[seg.key] = (header, seg.seq)

    def rebuild(self, packet: Packet) -> TcpSegment | str:
        """The segment the header line describes, or why it cannot be rebuilt."""
        m = _LINE.search(packet.header or "")
        if m is None:
            return "its tcpdump header line does not give both endpoints and a sequence range"
        try:
            src = ipaddress.ip_address(m["src"])
            dst = ipaddress.ip_address(m["dst"])
        except ValueError:
            return "its tcpdump header line has an unreadable address"
        sport, dport = int(m["sport"]), int(m["dport"])
        if src.version != dst.version or sport > 0xFFFF or dport > 0xFFFF:
            return "its tcpdump header line has unreadable endpoints"
        length = (int(m["end"]) - int(m["first"])) & _MASK
        start = _payload_start(packet, length)
        if isinstance(start, str):
            return start
        key = src.packed + dst.packed + sport.to_bytes(2, "big") + dport.to_bytes(2, "big")
        seq = self._absolute(key, int(m["first"]))
        if seq is None:
            return "no intact packet of its direction gives tcpdump's sequence base"
        flags = 0
        for ch in m["flags"]:
            flags |= _FLAG_CHARS.get(ch, 0)
        data = packet.data
        end = min(len(data), start + length)
        missing = tuple(
            (max(s.start, start) - start, min(s.end, end) - start, s.reason)
            for s in packet.missing
            if s.end > start and s.start < end
        )
        pair = endpoints_of(key, src.version, sport, dport)
        return TcpSegment(
            packet.number,
            pair[0],
            pair[1],
            seq,
            0,
            flags,
            data[start:end],
            length,
            missing,
            None,
            key,
        )

    def _absolute(self, key: bytes, relative: int) -> int | None:
        last = self._last.get(key)
        if last is None:
            return None
        printed = seq_range(last[0])
        if printed is None:
            return None
        return (last[1] - printed[0] + relative) & _MASK


def _payload_start(packet: Packet, length: int) -> int | str:
    """Where the TCP payload starts, from the IP header's length fields.

    Two readings: IP header length plus the TCP header-length nibble, and the IP
    total length minus the payload length the header line gives. Either alone is
    used when the other is garbled; when both are readable they must agree.
    """
    data = packet.data
    ip = LINK_HEADER_LEN.get(packet.linktype)
    if ip is None or len(data) < ip + 20:
        return "its link header is unknown or its IP header is cut"
    version = data[ip] >> 4
    if version == 4:
        ihl = (data[ip] & 15) * 4
        if ihl < 20:
            return "its IP header length is damaged"
        total = int.from_bytes(data[ip + 2 : ip + 4], "big")
    elif version == 6:
        ihl, total = 40, 40 + int.from_bytes(data[ip + 4 : ip + 6], "big")
    else:
        return f"its IP version nibble is {version}"
    bad = any(s.start <= ip + ihl + 12 < s.end for s in packet.missing)
    nibble = data[ip + ihl + 12] >> 4 if len(data) > ip + ihl + 12 and not bad else 0
    by_nibble = ip + ihl + nibble * 4 if nibble >= 5 else None
    by_total = ip + total - length if possible_tcp_header(total - ihl, length) else None
    if by_nibble is not None and by_total is not None and by_nibble != by_total:
        return "its IP and TCP length fields disagree with the header line's length"
    start = by_nibble if by_nibble is not None else by_total
    if start is None:
        return "its IP and TCP length fields are damaged"
    if start > len(data):
        return "its hex rows end before the TCP payload"
    return start
