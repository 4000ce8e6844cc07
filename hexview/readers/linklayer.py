"""Telling link-layer framing apart from the bytes alone.

Text dumps do not say where their hex starts: ``tcpdump -x`` starts at the IP
header, ``-xx`` at the link header (Ethernet, Linux cooked v1/v2, BSD loopback),
and a pasted xxd may be a packet or a slice of an application stream.  A link
header is only believed when an IP header sits right behind it, which makes false
matches on IP packets or stream data practically impossible; a bare IP header is
the weaker test and comes last.
"""

from __future__ import annotations

from collections.abc import Callable

from ..packets import (
    LINKTYPE_ETHERNET,
    LINKTYPE_IPV4,
    LINKTYPE_IPV6,
    LINKTYPE_LINUX_SLL,
    LINKTYPE_LINUX_SLL2,
    LINKTYPE_LOOP,
    LINKTYPE_NULL,
    LINKTYPE_RAW,
)

# Bytes in front of the IP header for each link type.
LINK_HEADER_LEN = {
    LINKTYPE_NULL: 4,
    LINKTYPE_LOOP: 4,
    LINKTYPE_ETHERNET: 14,
    LINKTYPE_LINUX_SLL: 16,
    LINKTYPE_LINUX_SLL2: 20,
    LINKTYPE_RAW: 0,
    LINKTYPE_IPV4: 0,
    LINKTYPE_IPV6: 0,
}


def possible_tcp_header(ip_after_header: int, payload: int) -> bool:
    """Whether the bytes an IP packet holds after its own header, less ``payload``
    bytes, could be a TCP header (20 to 60 bytes, a multiple of 4): how damaged text
    is checked against a header line's length when the TCP header-length nibble is
    unreadable."""
    tcp = ip_after_header - payload
    return 20 <= tcp <= 60 and tcp % 4 == 0


# tcpdump's names for link types ("link-type EN10MB", "data link type LINUX_SLL2").
DLT_NAMES = {
    "EN10MB": LINKTYPE_ETHERNET,
    "LINUX_SLL": LINKTYPE_LINUX_SLL,
    "LINUX_SLL2": LINKTYPE_LINUX_SLL2,
    "NULL": LINKTYPE_NULL,
    "LOOP": LINKTYPE_LOOP,
    "RAW": LINKTYPE_RAW,
    "IPV4": LINKTYPE_IPV4,
    "IPV6": LINKTYPE_IPV6,
}

ETHERTYPE_IPV4 = 0x0800
ETHERTYPE_IPV6 = 0x86DD
ETHERTYPE_ARP = 0x0806
_VLAN = (0x8100, 0x88A8)
_IPV6_NEXT = frozenset((0, 6, 17, 43, 44, 50, 51, 58, 59, 60, 132, 135, 139, 140))
_BSD_AF_INET6 = (24, 28, 30)  # NetBSD/OpenBSD, FreeBSD, macOS


def ipv4_ok(data: bytes, off: int = 0, strict: bool = False) -> bool:
    """An IPv4 header at ``off``.

    ``strict`` is for dumps that may just as well be stream data: the header
    checksum must be right or the total length must match the bytes present
    (allowing Ethernet padding).  Otherwise a snaplen cut or padding is fine.
    """
    avail = len(data) - off
    if avail < 20 or data[off] >> 4 != 4:
        return False
    hlen = (data[off] & 15) * 4
    total = int.from_bytes(data[off + 2 : off + 4], "big")
    if hlen < 20:
        return False
    if not strict:
        return total >= hlen or total == 0  # 0: a TSO/GSO super-packet as captured
    if total < hlen:
        return False
    if total <= avail <= total + 64:
        return True
    return avail >= hlen and _checksum(data[off : off + hlen]) == 0


def ipv6_ok(data: bytes, off: int = 0, strict: bool = False) -> bool:
    """An IPv6 header at ``off`` (see ``ipv4_ok`` for ``strict``)."""
    avail = len(data) - off
    if avail < 40 or data[off] >> 4 != 6 or data[off + 6] not in _IPV6_NEXT:
        return False
    if not strict:
        return True
    payload = int.from_bytes(data[off + 4 : off + 6], "big")
    if payload == 0:
        return data[off + 6] == 0  # jumbogram: hop-by-hop header carries the length
    return payload + 40 <= avail <= payload + 40 + 64


def ip_ok(data: bytes, off: int = 0, strict: bool = False) -> bool:
    return ipv4_ok(data, off, strict) or ipv6_ok(data, off, strict)


def _ip_for_ethertype(data: bytes, off: int, ethertype: int, strict: bool) -> bool:
    if ethertype == ETHERTYPE_IPV4:
        return ipv4_ok(data, off, strict)
    if ethertype == ETHERTYPE_IPV6:
        return ipv6_ok(data, off, strict)
    return False


def _ethernet_ok(data: bytes, strict: bool) -> bool:
    if len(data) < 14:
        return False
    etype = int.from_bytes(data[12:14], "big")
    off = 14
    while etype in _VLAN and len(data) >= off + 4:
        etype = int.from_bytes(data[off + 2 : off + 4], "big")
        off += 4
    if etype == ETHERTYPE_ARP:  # Ethernet/IPv4 ARP: hardware 1, protocol 0x0800, sizes 6 and 4
        return data[off : off + 6] == b"\x00\x01\x08\x00\x06\x04"
    return _ip_for_ethertype(data, off, etype, strict)


def _sll2_ok(data: bytes, strict: bool) -> bool:
    # protocol(2) reserved(2) ifindex(4) arphrd(2) pkttype(1) addrlen(1) addr(8)
    if len(data) < 20 or data[2:4] != b"\x00\x00" or data[10] > 4 or data[11] > 8:
        return False
    return _ip_for_ethertype(data, 20, int.from_bytes(data[0:2], "big"), strict)


def _sll_ok(data: bytes, strict: bool) -> bool:
    # pkttype(2) arphrd(2) addrlen(2) addr(8) protocol(2)
    if len(data) < 16 or data[0] != 0 or data[1] > 4 or data[4] != 0 or data[5] > 8:
        return False
    return _ip_for_ethertype(data, 16, int.from_bytes(data[14:16], "big"), strict)


def _null_ok(data: bytes, strict: bool) -> bool:
    if len(data) < 4:
        return False
    fam = int.from_bytes(data[0:4], "little")
    if fam > 0xFFFF:
        fam = int.from_bytes(data[0:4], "big")
    if fam == 2:
        return ipv4_ok(data, 4, strict)
    if fam in _BSD_AF_INET6:
        return ipv6_ok(data, 4, strict)
    return False


_CHECKS: dict[int, Callable[[bytes, bool], bool]] = {
    LINKTYPE_ETHERNET: _ethernet_ok,
    LINKTYPE_LINUX_SLL2: _sll2_ok,
    LINKTYPE_LINUX_SLL: _sll_ok,
    LINKTYPE_NULL: _null_ok,
    LINKTYPE_LOOP: _null_ok,
    LINKTYPE_RAW: lambda data, strict: ip_ok(data, 0, strict),
    LINKTYPE_IPV4: lambda data, strict: ipv4_ok(data, 0, strict),
    LINKTYPE_IPV6: lambda data, strict: ipv6_ok(data, 0, strict),
}
# Link headers first: each needs an IP header behind it, so it cannot match a bare IP packet.
_ORDER = (LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_LINUX_SLL, LINKTYPE_NULL, LINKTYPE_RAW)


def guess_linktype(data: bytes, hint: int | None = None, strict: bool = False) -> int | None:
    """The link type ``data`` starts with, or None when nothing fits.

    ``hint`` (e.g. from tcpdump's "link-type EN10MB" line) is tried first, but a
    ``tcpdump -x`` dump still starts at IP whatever the capture's link type was,
    so the hint never overrides what the bytes show.
    """
    check = _CHECKS.get(hint) if hint is not None else None
    if check is not None and check(data, strict):
        return hint
    for lt in _ORDER:
        if _CHECKS[lt](data, strict):
            return lt
    return None


def _checksum(header: bytes) -> int:
    """Internet checksum of ``header`` (0 when the header's own checksum is right)."""
    if len(header) % 2:
        header += b"\x00"
    total = sum(int.from_bytes(header[i : i + 2], "big") for i in range(0, len(header), 2))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF
