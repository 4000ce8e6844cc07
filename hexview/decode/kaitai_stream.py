"""A KaitaiStream whose hottest reads skip the general runtime's bookkeeping.

The generated parsers ask their stream for its position twice per field (debug mode
records every field's range) and read most fields as whole bytes or big-endian
integers. The runtime's versions go through align_to_byte, a large-read guard and a
struct lookup on every call; these do the same in one step when the bytes are
there, and hand anything else -- a short read, a huge length, the bit readers -- to
the runtime itself, so values, positions and errors stay exactly the runtime's.
tools/compile_ksy.js makes the generated modules use it for every stream they open.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from kaitaistruct import KaitaiStream

_LARGE = 8 * 1024 * 1024  # the runtime checks the stream's size before reads this long


def _reader(size: int, fmt: str, fallback: Callable[[Any], int]) -> Callable[[Any], int]:
    unpack = struct.Struct(fmt).unpack

    def read(self: Any) -> int:
        self.bits_left = 0  # align_to_byte
        self.bits = 0
        data = self._io.read(size)
        if len(data) == size:
            value: int = unpack(data)[0]
            return value
        self._io.seek(self._io.tell() - len(data))  # let the runtime raise its own error
        return fallback(self)

    read.__doc__ = f"KaitaiStream.{fallback.__name__}, one step when {size} bytes are there."
    return read


class FastStream(KaitaiStream):  # type: ignore[misc]  # kaitaistruct has no type information
    def pos(self) -> int:
        if self.bits_write_mode:
            pos: int = KaitaiStream.pos(self)
            return pos
        tell: int = self._io.tell()
        return tell

    def read_bytes(self, n: int) -> bytes:
        if 0 <= n < _LARGE:
            self.bits_left = 0
            self.bits = 0
            data = self._io.read(n)
            if len(data) == n:
                read: bytes = data
                return read
            self._io.seek(self._io.tell() - len(data))
        fallback: bytes = KaitaiStream.read_bytes(self, n)
        return fallback

    read_u1 = _reader(1, "B", KaitaiStream.read_u1)
    read_s1 = _reader(1, "b", KaitaiStream.read_s1)
    read_u2be = _reader(2, ">H", KaitaiStream.read_u2be)
    read_s2be = _reader(2, ">h", KaitaiStream.read_s2be)
    read_u4be = _reader(4, ">I", KaitaiStream.read_u4be)
    read_s4be = _reader(4, ">i", KaitaiStream.read_s4be)
    read_u8be = _reader(8, ">Q", KaitaiStream.read_u8be)
    read_s8be = _reader(8, ">q", KaitaiStream.read_s8be)
