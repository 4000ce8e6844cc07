"""The input as the readers see it: the bytes detection peeked at, then the rest.

Detection has to look at the start of the input before choosing a reader, and the
input may be a pipe that cannot be rewound.  ``Source`` keeps whatever was read
while peeking and serves it again before reading on, so no byte is lost and the
whole input is never read up front.

Reads never wait for more than one read of the underlying stream (``read_some``)
unless the caller asks for an exact size (``read_exact``, for binary records that
are useless until complete).  That is what lets a reader yield the first packet of
a live pipe while the writer is still writing.
"""

from __future__ import annotations

import contextlib
import os
import select
import stat
from typing import BinaryIO

CHUNK = 1 << 18  # 256 KiB: big enough for throughput, small enough to stream


def _is_pipe(stream: BinaryIO) -> bool:
    """True for pipes, ttys and sockets: inputs whose data may still be arriving."""
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (AttributeError, OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


class Source:
    """A forward-only byte source with the peeked prefix put back in front."""

    def __init__(self, stream: BinaryIO, prefix: bytes = b"", *, pipe: bool | None = None):
        self._stream = stream
        reader = getattr(stream, "read1", None)
        self._read1 = reader if reader is not None else stream.read
        self._buf = prefix
        self._pos = 0
        self._eof = False
        self.offset = 0  # bytes handed out so far (the file offset of the next byte)
        self.pipe = _is_pipe(stream) if pipe is None else pipe

    # -- peeking (used by detection before any reader starts) ------------------------
    def peek_more(self) -> bool:
        """Read one more piece into the prefix buffer; False at end of input."""
        if self._eof:
            return False
        data = self._read1(CHUNK)
        if not data:
            self._eof = True
            return False
        self._buf = self._buf[self._pos :] + data
        self._pos = 0
        return True

    def peeked(self) -> bytes:
        """Everything read but not yet handed out."""
        return self._buf[self._pos :]

    @property
    def at_eof_peek(self) -> bool:
        """True once the underlying stream has reported its end (peeked bytes may remain)."""
        return self._eof

    # -- reading ---------------------------------------------------------------------
    def read_some(self, n: int = CHUNK) -> bytes:
        """Up to ``n`` bytes, waiting for at most one underlying read; b"" at EOF."""
        if self._pos < len(self._buf):
            out = self._buf[self._pos : self._pos + n]
            self._pos += len(out)
            if self._pos >= len(self._buf):
                self._buf, self._pos = b"", 0
        elif self._eof:
            return b""
        else:
            out = self._read1(n)
            if not out:
                self._eof = True
        self.offset += len(out)
        return out

    # ``read`` with read_some semantics, so a Source can feed gzip.GzipFile.
    read = read_some

    def read_exact(self, n: int) -> bytes:
        """Exactly ``n`` bytes, or fewer only at end of input."""
        avail = len(self._buf) - self._pos
        if avail >= n:
            out = self._buf[self._pos : self._pos + n]
            self._pos += n
            self.offset += n
            return out
        parts = [self._buf[self._pos :]]
        have = avail
        self._buf, self._pos = b"", 0
        while have < n and not self._eof:
            data = self._read1(max(n - have, CHUNK))
            if not data:
                self._eof = True
                break
            parts.append(data)
            have += len(data)
        joined = b"".join(parts)
        out = joined[:n]
        self._buf = joined[n:]
        self.offset += len(out)
        return out

    def skip(self, n: int) -> int:
        """Skip ``n`` bytes without keeping them; returns how many were skipped."""
        done = 0
        while done < n:
            piece = self.read_exact(min(n - done, CHUNK))
            if not piece:
                break
            done += len(piece)
        return done

    def idle(self, timeout: float) -> bool:
        """True when a pipe has had nothing to read for ``timeout`` seconds.

        Only a hint: data already buffered inside the underlying stream object is
        invisible to select(), so callers may only act on it in ways that are also
        correct when more data is in fact waiting.
        """
        if not self.pipe or self._pos < len(self._buf) or self._eof:
            return False
        try:
            ready, _, _ = select.select([self._stream], [], [], timeout)
        except (OSError, ValueError, TypeError):
            return False
        return not ready

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing is best effort: the data has been read
            self._stream.close()
