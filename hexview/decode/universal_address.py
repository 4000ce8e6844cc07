"""Universal addresses (RFC 5665 section 5.2.3): how ONC RPC names a transport address in text.

rpcbind (RFC 1833) and NFSv4 (netaddr4) carry addresses as strings: an IPv4 or
IPv6 address, then the port as two more dot-separated decimal numbers, its high
and low byte -- "127.0.0.1.8.1" is 127.0.0.1 port 2049, "::1.8.1" is [::1]:2049.
Engineers read address:port, so that is what is shown; the text stays the value.
"""

from __future__ import annotations

import ipaddress


def split_uaddr(text: str) -> tuple[str, int] | None:
    """(host, port) of an IPv4 or IPv6 universal address, or None for any other text
    (a local socket path, an empty reply, damage)."""
    head, _, low = text.rpartition(".")
    host, _, high = head.rpartition(".")
    if not (high.isdecimal() and low.isdecimal() and len(high) <= 3 and len(low) <= 3):
        return None
    hi, lo = int(high), int(low)
    if hi > 255 or lo > 255:
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return None
    return host, hi * 256 + lo


def show_uaddr(text: str) -> str:
    """'127.0.0.1:2049' or '[::1]:2049'; other text quoted as any string is."""
    split = split_uaddr(text)
    if split is None:
        return repr(text)
    host, port = split
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
