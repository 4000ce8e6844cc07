"""Readers turn an input (file or pipe) into a generator of Packets.

Each reader is a generator so nothing loads a whole capture to start; the format is
auto-detected from the first bytes, or forced with ``--format``.

Bad input is expected, not exceptional: only an input that cannot be opened, or
a forced binary format whose header is wrong, raises ``InputError`` (one line,
ready for stderr).  Everything else -- truncated records, damaged hex rows, junk
-- ends up in ``PacketReader.notes`` and ``Packet.problems`` while iteration
carries on or stops cleanly.  gzip-compressed input is read transparently.
"""

from __future__ import annotations

import gzip
import os
import stat
import sys
import zlib
from collections.abc import Callable, Generator, Iterator
from functools import partial
from typing import BinaryIO, cast

from ..packets import Packet
from . import hex_dumps, pcap, pcapng, raw, tcpdump_text
from .detect import GZIP_MAGIC, detect
from .notes import Notes
from .source import Source

__all__ = ["FORMATS", "InputError", "PacketReader", "note_growth", "open_input", "read_packets"]

FORMATS = ("auto", "pcap", "pcapng", "tcpdump", "xxd", "hexdump", "od", "hex", "raw")


class InputError(Exception):
    """The input cannot be read at all; the message is one line for stderr."""


class PacketReader:
    """The packets of one input, read lazily, plus what was noticed on the way.

    Iterating runs the reader (a generator): it can be iterated once.  ``notes``
    fills up as iteration proceeds and is complete once it ends; ``failure`` is the
    note of a read that failed part-way (an I/O error, gzip data cut short or
    damaged), None when the input was read to its end.
    """

    def __init__(self, fmt: str, packets: Iterator[Packet], notes: Notes, name: str, close: Callable[[], None] | None = None):
        self.format = fmt
        self.notes: list[str] = notes
        self.name = name
        self.failure: str | None = None
        self._close = close
        self._packets = _guarded(packets, notes, fmt, self)
        self.size: int | None = None  # the input's size in bytes, when it is a regular file
        self._tell: Callable[[], int] | None = None

    def position(self) -> int | None:
        """Bytes of the input read so far (for progress), or None when unknown (a pipe)."""
        if self._tell is None:
            return None
        try:
            return self._tell()
        except (OSError, ValueError):  # closed at the end
            return self.size

    def __iter__(self) -> Iterator[Packet]:
        return self._packets

    def close(self) -> None:
        """Release the input (files opened by ``open_input``); safe to call twice."""
        close, self._close = self._close, None
        if close is not None:
            close()

    def __enter__(self) -> PacketReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._packets.close()
        self.close()

    def __repr__(self) -> str:
        return f"<PacketReader {self.name!r} format={self.format}>"


def _guarded(packets: Iterator[Packet], notes: Notes, fmt: str, reader: PacketReader) -> Generator[Packet, None, None]:
    """Never let bad data escape iteration as an exception; report it instead (a read
    that failed part-way also as the reader's ``failure``)."""
    try:
        yield from packets
    except (OSError, EOFError, zlib.error) as exc:
        reader.failure = f"stopped reading: {read_failure(exc)}"
        notes.add(reader.failure)
    except Exception as exc:  # a reader bug must not take the viewer down with it
        notes.add(f"internal error in the {fmt} reader: {type(exc).__name__}: {exc}; stopped reading")
    finally:
        notes.finish()
        reader.close()


def read_failure(exc: BaseException) -> str:
    """Why a read failed, in a few words: gzip data that ends early or is damaged (what
    gzip raises), or the system's words for an I/O error."""
    if isinstance(exc, EOFError):
        return "the gzip data is cut short (the file ends inside it)"
    if isinstance(exc, (zlib.error, gzip.BadGzipFile)):
        return f"the gzip data is damaged ({exc})"
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def open_input(path: str, fmt: str = "auto", size: int | None = None) -> PacketReader:
    """Open ``path`` ("-" for standard input) and return its packets.

    A regular file is read up to ``size`` bytes (default: its size now, when it has
    one): a capture still being written is read as it was when opened -- every worker
    of ``--jobs`` reads the same bytes, a record half written at the end is not taken
    for a cut one -- and a note says how much it grew meanwhile."""
    if path == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise InputError("cannot read standard input: it is closed")
        return read_packets(stdin, fmt, name="<stdin>")
    if os.path.isdir(path):
        raise InputError(f"cannot read {path}: it is a directory")
    try:
        stream = open(path, "rb", buffering=0)  # noqa: SIM115 -- the reader owns it; Source does its own buffering
    except FileNotFoundError:
        raise InputError(f"cannot read {path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"cannot read {path}: it is a directory") from None
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    snapshot: _Snapshot | None = None
    try:
        info = os.fstat(stream.fileno())
        if stat.S_ISREG(info.st_mode) and (size or info.st_size):
            snapshot = _Snapshot(stream, size or info.st_size)
    except OSError:
        pass
    try:
        reader = _reader(cast(BinaryIO, snapshot) if snapshot is not None else stream, fmt, path, stream.close)
    except BaseException:
        stream.close()
        raise
    if snapshot is not None:
        reader.size, reader._tell = snapshot.size, snapshot.tell
        reader._close = partial(snapshot.close, reader.notes)
    return reader


# how the pcap and pcapng readers begin the note of a record or block cut by the end of the input
_CUT_AT_END = ("truncated record", "truncated block")


class _Snapshot:
    """A regular file read up to ``size`` bytes (see ``open_input``)."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self._stream = stream
        self.size = size
        self._pos = 0

    def read(self, n: int = -1) -> bytes:
        left = self.size - self._pos
        if left <= 0:
            return b""
        data = self._stream.read(left if n < 0 else min(n, left))
        self._pos += len(data)
        return data

    def tell(self) -> int:
        return self._pos

    def fileno(self) -> int:
        return self._stream.fileno()

    def close(self, notes: list[str]) -> None:
        """Close the file, with a note in ``notes`` when it grew while it was read."""
        try:
            now = os.fstat(self._stream.fileno()).st_size
        except (OSError, ValueError):
            now = self.size
        note_growth(notes, self.size, now)
        self._stream.close()


def note_growth(notes: list[str], read: int, now: int) -> None:
    """When a file read up to ``read`` bytes holds ``now`` bytes (``open_input``): one note
    saying so, in place of the note of the record the snapshot cut (that is the record
    being written, not damage); nothing when it did not grow or the note is there."""
    if now <= read or any(note.startswith(_GREW) for note in notes):
        return
    if notes and notes[-1].startswith(_CUT_AT_END):
        notes.pop()
    notes.append(
        f"{_GREW} by {now - read} bytes while it was read: read its first {read} bytes (its size when opened); "
        "run again for the rest"
    )


_GREW = "the file grew"


def read_packets(stream: BinaryIO, fmt: str = "auto", name: str = "<input>") -> PacketReader:
    """Packets from an open binary stream (file, pipe, BytesIO); the caller closes it."""
    return _reader(stream, fmt, name, None)


def _reader(stream: BinaryIO, fmt: str, name: str, close: Callable[[], None] | None) -> PacketReader:
    if fmt not in FORMATS:
        raise ValueError(f"unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}")
    notes = Notes()
    src = Source(stream)
    try:
        if fmt != "raw":
            _peek(src, 4)
            if src.peeked().startswith(GZIP_MAGIC):
                notes.add("gzip-compressed input")
                # gzip reads its file object with read(n) only (it would seek just to
                # rewind, which no reader asks), so a Source serves; typeshed does not
                # count GzipFile (a BufferedIOBase) as a BinaryIO, which it is in use
                unzipped = gzip.GzipFile(fileobj=cast(BinaryIO, src), mode="rb")
                src = Source(cast(BinaryIO, unzipped), pipe=False)
        if fmt == "auto":
            while (found := detect(src.peeked(), src.at_eof_peek)) is None:
                src.peek_more()
            fmt = found
        elif fmt in ("pcap", "pcapng"):
            _peek(src, pcap.HEADER_LEN if fmt == "pcap" else 12)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"cannot read {name}: {read_failure(exc)}") from None
    if fmt == "pcap":
        error = pcap.header_error(src.peeked())
    elif fmt == "pcapng":
        error = pcapng.header_error(src.peeked())
    else:
        error = None
    if error:
        raise InputError(f"cannot read {name}: {error}")
    return PacketReader(fmt, _packets(fmt, src, notes), notes, name, close)


def _peek(src: Source, n: int) -> None:
    """Make sure at least ``n`` bytes are peeked, unless the input is shorter."""
    while len(src.peeked()) < n and src.peek_more():
        pass


def _packets(fmt: str, src: Source, notes: Notes) -> Iterator[Packet]:
    if fmt == "pcap":
        return pcap.packets(src, notes)
    if fmt == "pcapng":
        return pcapng.packets(src, notes)
    if fmt == "tcpdump":
        return tcpdump_text.packets(src, notes)
    if fmt in ("xxd", "hexdump", "od"):
        return hex_dumps.offset_packets(src, notes, fmt)
    if fmt == "hex":
        return hex_dumps.bare_packets(src, notes)
    return raw.packets(src, notes)
