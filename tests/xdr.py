"""XDR (RFC 4506) and ONC RPC (RFC 5531) bytes built by hand, for the tests that decode
RPC programs from bytes made straight from their specs."""

from __future__ import annotations

import struct


def u32(*values: int) -> bytes:
    return b"".join(struct.pack(">I", v) for v in values)


def u64(value: int) -> bytes:
    return struct.pack(">Q", value)


def opaque(data: bytes) -> bytes:
    """Variable-length opaque: its length, the bytes, zeros to a multiple of four."""
    return u32(len(data)) + data + b"\0" * (-len(data) % 4)


def string(text: str) -> bytes:
    return opaque(text.encode())


def call(xid: int, prog: int, vers: int, proc: int, body: bytes) -> bytes:
    return u32(xid, 0, 2, prog, vers, proc, 0, 0, 0, 0) + body  # AUTH_NONE cred and verf


def reply(xid: int, body: bytes) -> bytes:
    return u32(xid, 1, 0, 0, 0, 0) + body  # MSG_ACCEPTED, AUTH_NONE verf, SUCCESS


def record(payload: bytes) -> bytes:
    """One record-marked fragment, the last (RFC 5531 section 11)."""
    return u32(0x80000000 | len(payload)) + payload
