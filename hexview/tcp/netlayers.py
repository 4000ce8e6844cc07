"""Link, IP and TCP header parsing: from a captured frame to one TCP segment.

Reassembly only needs a handful of header fields, so this module reads exactly
those with ``struct.unpack_from`` at computed offsets -- no per-byte loops, no
objects per header. Anything that is not a parseable TCP segment comes back as a
short reason string (without the frame number, so callers can count reasons
instead of storing one note per packet).

The IP length fields matter even when the capture cut the frame short (snaplen):
they say how many payload bytes were really sent, which keeps stream offsets
aligned after a truncated segment.
"""

from __future__ import annotations

import ipaddress
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

from ..packets import (
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
from .stream_events import Endpoint

# TCP flag bits (low byte of the flags field).
FIN = 0x01
SYN = 0x02
RST = 0x04
PSH = 0x08
ACK = 0x10
URG = 0x20

ETHERTYPE_IPV4 = 0x0800
ETHERTYPE_IPV6 = 0x86DD
_VLAN_ETHERTYPES = frozenset((0x8100, 0x88A8, 0x9100))  # 802.1Q, 802.1ad, old QinQ
# BSD loopback address families: AF_INET is 2 everywhere; AF_INET6 differs per OS
# (Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30).
_AF_IPV4 = frozenset((2,))
_AF_IPV6 = frozenset((10, 24, 28, 30))
_IP_PROTOCOL_NAMES = {1: "ICMP", 2: "IGMP", 17: "UDP", 47: "GRE", 50: "ESP", 58: "ICMPv6", 132: "SCTP"}
_IPV6_SKIPPABLE = frozenset((0, 43, 60))  # hop-by-hop, routing, destination options
_IPV6_FRAGMENT = 44
_IPV6_AH = 51
_MAX_IPV6_HEADERS = 16

_ETH_TYPE = struct.Struct("!H")
_TCP_HEAD = struct.Struct("!HHIIH")  # ports, seq, ack, data offset + flags
_IPV4_FIELDS = struct.Struct("!BxHxxHxB")  # version/IHL, total length, flags/fragment, protocol
_IPV4_TCP = struct.Struct("!2xH2xHxB10xHHIIH")  # the same without version/IHL, then _TCP_HEAD
_IPV6_FIELDS = struct.Struct("!4xHB")  # payload length, next header
_U16 = struct.Struct("!H")
_U32_LE = struct.Struct("<I")

# Payload byte ranges a damaged text dump lost: (start, end, reason), payload-relative.
MissingSpans = tuple[tuple[int, int, str], ...]
# What a link-layer parser gives: (offset of the IP header, IP version 4/6), or (-1, reason).
LinkResult = tuple[int, int | str]


@dataclass(slots=True)
class TcpSegment:
    """The parts of one TCP segment that reassembly needs.

    ``wire_payload_len`` comes from the IP length fields, so it is larger than
    ``len(payload)`` when the capture cut the frame (snaplen). ``missing`` lists
    payload byte ranges ``(start, end, reason)`` that a damaged text dump lost
    (their bytes in ``payload`` are zero placeholders). ``partial`` is set when the
    IP packet was the first of several fragments: the TCP segment continues in
    fragments that are not reassembled. ``key`` is the raw source address,
    destination address and ports: a cheap, hashable key for this direction.
    """

    frame: int
    src: Endpoint
    dst: Endpoint
    seq: int
    ack: int
    flags: int
    payload: bytes
    wire_payload_len: int
    missing: MissingSpans = ()
    partial: str | None = None
    key: bytes = b""


# Raw direction key -> (source Endpoint, destination Endpoint). Endpoints are shared
# objects, which also makes later identity checks and dict lookups cheap. Shared by
# every pipeline: an entry is a pure function of its key (Endpoints are frozen).
_endpoint_cache: dict[bytes, tuple[Endpoint, Endpoint]] = {}
_ENDPOINT_CACHE_LIMIT = 200_000
_address_text: dict[bytes, str] = {}


def parse_tcp(packet: Packet) -> TcpSegment | str:
    """Return the packet's TCP segment, or why it has none (a short reason).

    Plain Ethernet + IPv4 without options is recognised inline: it is nearly every
    packet, and Python function calls are a noticeable share of the per-packet cost.
    """
    data = packet.data
    size = len(data)
    if packet.linktype == LINKTYPE_ETHERNET and size > 14 and data[12] == 8 and data[13] == 0:
        ip, version = 14, 4
    else:
        ip, link = _link(packet.linktype, data)
        if link.__class__ is not int:
            return cast(str, link)  # the reason the link layer gave
        version = link
    plain = False
    if version == 4 and size >= ip + 40 and data[ip] == 0x45:
        # IPv4 without options: its fields and the TCP header in one unpack.
        total, frag, proto, sport, dport, seq, ack, offset_flags = _IPV4_TCP.unpack_from(data, ip)
        plain = proto == 6 and not frag & 0x3FFF and total >= 40
    if plain:
        tcp, ip_end, partial = ip + 20, ip + total, None
        key = data[ip + 12 : ip + 24]
    else:
        result = _ipv4(data, ip) if version == 4 else _ipv6(data, ip)
        if result.__class__ is not tuple:
            return cast(str, result)
        tcp, ip_end, partial = result
        if size < tcp + 20:
            return "truncated TCP header"
        sport, dport, seq, ack, offset_flags = _TCP_HEAD.unpack_from(data, tcp)
        key = _direction_key(data, ip, version, tcp)
    start = tcp + (offset_flags >> 12) * 4
    if start < tcp + 20:
        return f"bad TCP header length {start - tcp}"
    if size < start:
        return "truncated TCP header (options)"
    if ip_end < start:
        return "TCP header longer than the IP packet"
    endpoints = _endpoint_cache.get(key)
    if endpoints is None:
        endpoints = endpoints_of(key, version, sport, dport)
    end = ip_end if ip_end < size else size  # drops Ethernet padding too
    missing: MissingSpans = ()
    if packet.has_missing:
        spans = _payload_missing(packet.missing, ip, version, tcp, start, end)
        if isinstance(spans, str):
            return spans
        missing = spans
    return TcpSegment(
        packet.number,
        endpoints[0],
        endpoints[1],
        seq,
        ack,
        offset_flags & 0xFF,
        data[start:end],
        ip_end - start,
        missing,
        partial,
        key,
    )


_PLAIN_HEAD = struct.Struct("!12xH2xH2xHxB22xBB")  # EtherType, IPv4 length, flags/fragment, protocol, TCP offset, flags
_PLAIN_SIZE = 14 + 20 + 20
# Where parse_tcp's fast path finds the direction key (TcpSegment.key) of an Ethernet frame.
PLAIN_KEY = slice(14 + 12, 14 + 24)


def plain_flags(packet: Packet) -> int | None:
    """The TCP flags of a packet ``parse_tcp`` takes whole on its fast path -- Ethernet,
    IPv4 without options or fragments, a TCP header it accepts -- whose direction key is
    then ``packet.data[PLAIN_KEY]``; None for any other packet (``parse_tcp`` then says
    what it is). Read without parsing the rest: what lets reassembly drop the packets of
    a conversation it no longer follows for a few byte reads."""
    data = packet.data
    size = len(data)
    if packet.linktype != LINKTYPE_ETHERNET or size < _PLAIN_SIZE or packet.header is not None or packet.has_missing:
        return None
    flags: int
    ethertype, total, frag, proto, offset, flags = _PLAIN_HEAD.unpack_from(data)
    if ethertype != ETHERTYPE_IPV4 or data[14] != 0x45 or proto != 6 or frag & 0x3FFF or total < 40:
        return None
    start = 34 + (offset >> 4) * 4
    if start < _PLAIN_SIZE or size < start or 14 + total < start:
        return None
    return flags


def _link(linktype: int, data: bytes) -> LinkResult:
    """Offset of the IP header and IP version (4/6), or (-1, reason)."""
    link = _LINK_PARSERS.get(linktype)
    if link is None:
        return -1, f"unsupported link type {linktype}"
    return link(data)


def _ethernet(data: bytes) -> LinkResult:
    """Ethernet II, stepping over any number of VLAN tags; 802.3 length frames are not IP."""
    pos = 12
    while True:
        if len(data) < pos + 2:
            return -1, "truncated Ethernet header"
        ethertype = _ETH_TYPE.unpack_from(data, pos)[0]
        if ethertype in _VLAN_ETHERTYPES:
            pos += 4
            continue
        return _by_ethertype(ethertype, pos + 2)


def _by_ethertype(ethertype: int, ip: int) -> LinkResult:
    """Map an EtherType (also used by Linux cooked headers) to the IP version."""
    if ethertype == ETHERTYPE_IPV4:
        return ip, 4
    if ethertype == ETHERTYPE_IPV6:
        return ip, 6
    return -1, f"not IP (EtherType 0x{ethertype:04x})"


def _linux_sll(data: bytes) -> LinkResult:
    """Linux cooked v1: 16 bytes, protocol type in the last two."""
    if len(data) < 16:
        return -1, "truncated Linux cooked header"
    return _by_ethertype(_U16.unpack_from(data, 14)[0], 16)


def _linux_sll2(data: bytes) -> LinkResult:
    """Linux cooked v2: 20 bytes, protocol type in the first two."""
    if len(data) < 20:
        return -1, "truncated Linux cooked v2 header"
    return _by_ethertype(_U16.unpack_from(data, 0)[0], 20)


def _bsd_loopback(data: bytes) -> LinkResult:
    """NULL/LOOP: a 4-byte address family, in the writer's byte order (NULL) or
    big-endian (LOOP). Families are small numbers, so a value above 0xFFFF means
    the other byte order."""
    if len(data) < 4:
        return -1, "truncated loopback header"
    family = _U32_LE.unpack_from(data, 0)[0]
    if family > 0xFFFF:
        family = int.from_bytes(data[:4], "big")
    if family in _AF_IPV4:
        return 4, 4
    if family in _AF_IPV6:
        return 4, 6
    return -1, f"not IP (loopback address family {family})"


def _raw_ip(data: bytes) -> LinkResult:
    """Headerless IP: the version nibble says which."""
    if not data:
        return -1, "empty packet"
    version = data[0] >> 4
    if version in (4, 6):
        return 0, version
    return -1, f"not IP (version nibble {version})"


def _ipv4_only(data: bytes) -> LinkResult:
    """LINKTYPE_IPV4: no link header, always IPv4."""
    return 0, 4


def _ipv6_only(data: bytes) -> LinkResult:
    """LINKTYPE_IPV6: no link header, always IPv6."""
    return 0, 6


_LINK_PARSERS: dict[int, Callable[[bytes], LinkResult]] = {
    LINKTYPE_ETHERNET: _ethernet,
    LINKTYPE_LINUX_SLL: _linux_sll,
    LINKTYPE_LINUX_SLL2: _linux_sll2,
    LINKTYPE_NULL: _bsd_loopback,
    LINKTYPE_LOOP: _bsd_loopback,
    LINKTYPE_RAW: _raw_ip,
    LINKTYPE_IPV4: _ipv4_only,
    LINKTYPE_IPV6: _ipv6_only,
}


def _ipv4(data: bytes, ip: int) -> tuple[int, int, str | None] | str:
    """Return (TCP header offset, end of the IP packet, partial-reason) or a reason.

    The end may lie beyond the captured data (snaplen); a total length of 0 (seen
    with TCP segmentation offload on the capturing host) means "use what was captured".
    """
    if len(data) < ip + 20:
        return "truncated IPv4 header"
    vihl, total, frag, proto = _IPV4_FIELDS.unpack_from(data, ip)
    if vihl >> 4 != 4:
        return f"bad IPv4 header (version {vihl >> 4})"
    ihl = (vihl & 0x0F) * 4
    if ihl < 20:
        return f"bad IPv4 header length {ihl}"
    if len(data) < ip + ihl:
        return "truncated IPv4 header (options)"
    if total == 0:
        ip_end = len(data)
    elif total < ihl:
        return f"bad IPv4 total length {total}"
    else:
        ip_end = ip + total
    offset = (frag & 0x1FFF) * 8
    if offset:
        return f"IPv4 fragment at offset {offset} (fragments are not reassembled)"
    if proto != 6:
        return _not_tcp(proto)
    partial = "IPv4 first fragment: the rest of this segment is in fragments that are not reassembled" if frag & 0x2000 else None
    return ip + ihl, ip_end, partial


def _ipv6(data: bytes, ip: int) -> tuple[int, int, str | None] | str:
    """Walk the IPv6 extension headers up to TCP; see _ipv4 for the result."""
    if len(data) < ip + 40:
        return "truncated IPv6 header"
    if data[ip] >> 4 != 6:
        return f"bad IPv6 header (version {data[ip] >> 4})"
    payload_len, next_header = _IPV6_FIELDS.unpack_from(data, ip)
    ip_end = ip + 40 + payload_len if payload_len else len(data)  # 0: jumbogram
    pos = ip + 40
    partial = None
    for _ in range(_MAX_IPV6_HEADERS):
        if next_header == 6:
            return pos, ip_end, partial
        if len(data) < pos + 8:
            return "truncated IPv6 extension header"
        if next_header in _IPV6_SKIPPABLE:
            next_header, pos = data[pos], pos + (data[pos + 1] + 1) * 8
        elif next_header == _IPV6_FRAGMENT:
            field = _U16.unpack_from(data, pos + 2)[0]
            if field & 0xFFF8:
                return f"IPv6 fragment at offset {field & 0xFFF8} (fragments are not reassembled)"
            if field & 1:
                partial = "IPv6 first fragment: the rest of this segment is in fragments that are not reassembled"
            next_header, pos = data[pos], pos + 8
        elif next_header == _IPV6_AH:
            next_header, pos = data[pos], pos + (data[pos + 1] + 2) * 4
        else:
            return _not_tcp(next_header)
    return "too many IPv6 extension headers"


def _not_tcp(proto: int) -> str:
    """The skip reason for another transport, by name when it is a common one."""
    name = _IP_PROTOCOL_NAMES.get(proto)
    return f"not TCP ({name})" if name else f"not TCP (IP protocol {proto})"


def _direction_key(data: bytes, ip: int, version: int, tcp: int) -> bytes:
    """Source and destination address then both ports; one slice when the
    addresses sit right before the TCP header (no IP options or extension headers)."""
    if version == 4:
        if tcp == ip + 20:
            return data[ip + 12 : ip + 24]
        return data[ip + 12 : ip + 20] + data[tcp : tcp + 4]
    if tcp == ip + 40:
        return data[ip + 8 : ip + 44]
    return data[ip + 8 : ip + 40] + data[tcp : tcp + 4]


def reverse_key(key: bytes) -> bytes:
    """The direction key of the reply direction (addresses and ports swapped)."""
    size = (len(key) - 4) // 2
    ports = 2 * size
    return key[size:ports] + key[:size] + key[ports + 2 :] + key[ports : ports + 2]


def endpoints_of(key: bytes, version: int, sport: int, dport: int) -> tuple[Endpoint, Endpoint]:
    """Build (and cache) the two Endpoints of a direction key, sharing the objects
    with the reply direction so both directions name an endpoint by one object."""
    reply = _endpoint_cache.get(reverse_key(key))
    if reply is not None:
        pair = (reply[1], reply[0])
    else:
        size = 4 if version == 4 else 16
        pair = (
            Endpoint(_address(key[:size]), sport),
            Endpoint(_address(key[size : 2 * size]), dport),
        )
    if len(_endpoint_cache) >= _ENDPOINT_CACHE_LIMIT:
        _endpoint_cache.clear()
    _endpoint_cache[key] = pair
    return pair


def _address(raw: bytes) -> str:
    """Dotted IPv4 or RFC 5952 compressed IPv6 text, cached per address."""
    text = _address_text.get(raw)
    if text is None:
        text = str(ipaddress.ip_address(raw))
        if len(_address_text) >= _ENDPOINT_CACHE_LIMIT:
            _address_text.clear()
        _address_text[raw] = text
    return text


def _payload_missing(spans: Iterable[Span], ip: int, version: int, tcp: int, start: int, end: int) -> MissingSpans | str:
    """Shift the packet's missing spans to payload-relative ranges.

    A span that hides a header field reassembly depends on (addresses, ports,
    sequence number, lengths, flags) makes the packet unusable: the zero
    placeholders would be read as real values.
    """
    result: list[tuple[int, int, str]] = []
    for span in spans:
        if span.start < start and _hides_key_field(span, ip, version, tcp):
            return "header bytes missing in the input"
        lo = span.start if span.start > start else start
        hi = span.end if span.end < end else end
        if hi > lo:
            result.append((lo - start, hi - start, span.reason))
    result.sort()
    return tuple(result)


def _hides_key_field(span: Span, ip: int, version: int, tcp: int) -> bool:
    """True when the span overlaps an IP/TCP field that parse_tcp relies on."""
    ip_fields = ((ip, ip + 4), (ip + 6, ip + 10), (ip + 12, ip + 20)) if version == 4 else ((ip, ip + 1), (ip + 4, ip + 40))
    fields = (*ip_fields, (tcp, tcp + 14))
    return any(span.start < hi and lo < span.end for lo, hi in fields)
