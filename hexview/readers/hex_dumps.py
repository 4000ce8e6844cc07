"""Generic hex dumps: xxd, ``hexdump -C``, ``od -A x -t x1z`` and bare hex.

These dumps show bytes without saying what they are.  A dump is one packet when
its bytes are one IP packet or Ethernet frame (a strict test: the IP length must
match the bytes, or the header checksum must be right); otherwise it is one
direction of an application stream (``LINKTYPE_STREAM``) cut into pieces of at
most 64 KiB, so an arbitrarily long dump never has to be held in memory.

Offsets in the dump decide where bytes go: ``*`` lines (hexdump, od, ``xxd -a``)
repeat the previous row up to the next offset, a jump without ``*`` is marked
missing, and an offset that starts over (a second dump pasted after the first)
starts a new unit.  Bare hex has no offsets; a blank line separates units there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..packets import LINKTYPE_STREAM, Packet, Span
from .lines import line_batches
from .linklayer import guess_linktype
from .notes import Notes
from .source import Source

PIECE = 64 * 1024
MAX_PACKET = 65535 + 64 + 20  # an IP packet with padding and a link header fits in this
MAX_FILL = 256 << 20  # a "*" repeat longer than this is damage, not data
MAX_GAP = 1 << 20  # a jump in offsets longer than this starts a new unit instead of zeros
MAX_SKIP_NOTES = 50
MAX_PROBLEMS = 100  # problems listed per packet; the rest are counted

_HEXDIGITS = re.compile(r"[0-9a-fA-F]+")
_OFFSET_ONLY = re.compile(r"([0-9a-fA-F]{4,16})")
# offset, separator, rest -- per format
_ROWS = {
    "xxd": re.compile(r"([0-9a-fA-F]{4,16}): (.*)"),
    "hexdump": re.compile(r"([0-9a-fA-F]{4,16})  (.*)"),
    "od": re.compile(r"([0-9a-fA-F]{4,16}) (.*)"),
}


def _hex_area(fmt: str, rest: str) -> str:
    """The part of a row that holds hex, without the ASCII column."""
    if fmt == "xxd":
        return rest.split("  ", 1)[0]
    if fmt == "hexdump":
        return rest.split("|", 1)[0]
    return rest.split(">", 1)[0]  # od -t x1z: "  >text<"


class _Unit:
    """Bytes of one dump, handed out as one packet or as 64 KiB stream pieces."""

    def __init__(self, start: int, line: int):
        self.start = start  # dump offset of buf[0]
        self.pos = start  # dump offset of the next byte
        self.buf = bytearray()
        self.spans: list[Span] = []  # in dump offsets
        self.problems: list[str] = []
        self.more_problems = 0
        self.rows: list[tuple[int, int]] = []  # (dump offset, line) where each row starts
        self.first_line = line
        self.last_line = line
        self.last_row = b""
        self.repeat = False  # a "*" line is waiting for the next offset
        self.stream = False  # too long to be one packet: cut into pieces


class _Dumps:
    """Collects rows into units and turns units into packets."""

    def __init__(self, notes: Notes, fmt: str, has_offsets: bool):
        self.notes = notes
        self.fmt = fmt
        self.has_offsets = has_offsets
        self.unit: _Unit | None = None
        self.number = 0
        self.skipped = 0

    # -- building ---------------------------------------------------------------------
    def add(self, line: int, offset: int | None, data: bytes, bad: list[tuple[int, int, str]]) -> Iterator[Packet]:
        """Add a row of ``data`` at ``offset`` (None: right after the previous row)."""
        u = self.unit
        if u is not None and offset is not None and offset != u.pos:
            if offset < u.pos or (offset - u.pos > (MAX_FILL if u.repeat else MAX_GAP)):
                if offset > u.pos:
                    self._problem(u, f"line {line}: offset 0x{offset:x} jumps too far past 0x{u.pos:x}; new dump started")
                yield from self.close()
                u = None
            elif u.repeat:
                yield from self._fill(u, offset)
            else:
                reason = f"line {line}: offsets jump from 0x{u.pos:x} to 0x{offset:x}; bytes between are absent"
                self._problem(u, reason)
                yield from self._append(u, bytes(offset - u.pos), reason)
        if u is None:
            u = self.unit = _Unit(offset if offset is not None else 0, line)
        u.repeat = False
        u.rows.append((u.pos, line))
        u.last_line = line
        row_start = u.pos
        for rel, length, why in bad:
            reason = f"line {line}: {why}"
            self._problem(u, reason)
            u.spans.append(Span(row_start + rel, row_start + rel + length, reason))
        u.last_row = data
        yield from self._append(u, data, None)

    def star(self, line: int) -> None:
        if self.unit is not None:
            self.unit.repeat = True
            self.unit.last_line = line

    def end_offset(self, line: int, offset: int) -> Iterator[Packet]:
        """A line holding only an offset: the dump's total length."""
        u = self.unit
        if u is None:
            return
        if u.repeat and u.pos < offset <= u.pos + MAX_FILL:
            yield from self._fill(u, offset)
        elif offset != u.pos:
            self._problem(u, f"line {line}: the dump says it ends at 0x{offset:x}, its rows end at 0x{u.pos:x}")
        u.last_line = line
        yield from self.close()

    def skip(self, line: int, text: str) -> None:
        self.skipped += 1
        if self.skipped <= MAX_SKIP_NOTES:
            self.notes.add(f"line {line}: not a {self.fmt} row, skipped: {text[:60]}")

    def _problem(self, u: _Unit, text: str) -> None:
        if len(u.problems) < MAX_PROBLEMS:
            u.problems.append(text)
        else:
            u.more_problems += 1
        self.notes.add(text)

    def _fill(self, u: _Unit, offset: int) -> Iterator[Packet]:
        """Repeat the last row up to ``offset`` (what a ``*`` line stands for)."""
        pattern = u.last_row or b"\x00"
        phase = 0
        while u.pos < offset:
            n = min(offset - u.pos, PIECE)
            block = (pattern * (n // len(pattern) + 2))[phase : phase + n]
            phase = (phase + n) % len(pattern)
            yield from self._append(u, block, None)
        u.repeat = False

    def _append(self, u: _Unit, data: bytes, missing_reason: str | None) -> Iterator[Packet]:
        if missing_reason is not None:
            u.spans.append(Span(u.pos, u.pos + len(data), missing_reason))
        u.buf += data
        u.pos += len(data)
        if len(u.buf) > MAX_PACKET:
            u.stream = True
        if u.stream:
            while len(u.buf) > PIECE:
                yield self._piece(u, PIECE)

    # -- handing out --------------------------------------------------------------------
    def close(self) -> Iterator[Packet]:
        u, self.unit = self.unit, None
        if u is None or not u.buf:
            return
        if not u.stream:
            data = bytes(u.buf)
            linktype = guess_linktype(data, strict=True)
            if linktype is not None:
                spans = [Span(sp.start - u.start, sp.end - u.start, sp.reason) for sp in u.spans]
                yield self._packet(u, linktype, data, u.start, spans, u.first_line, u.last_line)
                return
        while u.buf:
            yield self._piece(u, min(PIECE, len(u.buf)))

    def _piece(self, u: _Unit, n: int) -> Packet:
        start = u.start
        end = start + n
        data = bytes(u.buf[:n])
        del u.buf[:n]
        u.start = end
        spans = [
            Span(max(s.start, start) - start, min(s.end, end) - start, s.reason)
            for s in u.spans
            if s.start < end and s.end > start
        ]
        u.spans = [s for s in u.spans if s.end > end]
        # lines of the rows that hold the piece's first and last byte
        i = 0
        while i + 1 < len(u.rows) and u.rows[i + 1][0] <= start:
            i += 1
        first_line = u.rows[i][1] if u.rows else u.first_line
        j = i
        while j + 1 < len(u.rows) and u.rows[j + 1][0] < end:
            j += 1
        last_line = u.rows[j][1] if u.rows and u.buf else u.last_line
        del u.rows[:j]
        return self._packet(u, LINKTYPE_STREAM, data, start, spans, first_line, last_line)

    def _packet(
        self, u: _Unit, linktype: int, data: bytes, offset: int, spans: list[Span], first_line: int, last_line: int
    ) -> Packet:
        # problems go with the next packet handed out: the one holding (or just
        # before) the damaged row; each names its line anyway
        problems, u.problems = u.problems, []
        if u.more_problems:
            problems.append(f"{u.more_problems} more problems not listed")
            u.more_problems = 0
        self.number += 1
        return Packet(
            number=self.number,
            linktype=linktype,
            data=data,
            source=f"lines {first_line}-{last_line}",
            first_line=first_line,
            last_line=last_line,
            file_offset=offset if self.has_offsets else None,
            missing=spans,
            problems=problems,
        )


def _bytes_of(tokens: list[str]) -> tuple[bytes, list[tuple[int, int, str]]]:
    """Bytes of hex tokens; a token with an odd number of digits becomes missing bytes."""
    out = bytearray()
    bad: list[tuple[int, int, str]] = []
    for tok in tokens:
        if len(tok) % 2 == 0:
            out += bytes.fromhex(tok)
        else:
            n = (len(tok) + 1) // 2
            bad.append((len(out), n, f"group '{tok}' has an odd number of digits"))
            out += bytes(n)
    return bytes(out), bad


def offset_packets(src: Source, notes: Notes, fmt: str) -> Iterator[Packet]:
    """xxd, hexdump -C and od rows: every row starts with its offset."""
    dumps = _Dumps(notes, fmt, has_offsets=True)
    row_re = _ROWS[fmt]
    seen = False
    for first, batch in line_batches(src, notes):
        for line, text in enumerate(batch, first):
            s = text.strip()
            if not s:
                continue
            seen = True
            if s == "*":
                dumps.star(line)
                continue
            m = _OFFSET_ONLY.fullmatch(s)
            if m is not None:
                yield from dumps.end_offset(line, int(m.group(1), 16))
                continue
            m = row_re.fullmatch(s)
            if m is None:
                dumps.skip(line, s)
                continue
            tokens = _hex_area(fmt, m.group(2)).split()
            if not tokens or not all(_HEXDIGITS.fullmatch(t) for t in tokens):
                good = []
                for t in tokens:
                    if not _HEXDIGITS.fullmatch(t):
                        break
                    good.append(t)
                if not good:
                    dumps.skip(line, s)
                    continue
                tokens = good
            data, bad = _bytes_of(tokens)
            yield from dumps.add(line, int(m.group(1), 16), data, bad)
    yield from dumps.close()
    _finish_notes(dumps, notes, seen)


_PREFIX_0X = re.compile(r"(?<![0-9A-Za-z])0[xX](?=[0-9a-fA-F])")
_COMMENT = re.compile(r"\s(?://|#|;|--)")  # a comment after the hex on a line


def bare_packets(src: Source, notes: Notes) -> Iterator[Packet]:
    """Bare hex: whitespace- or comma-separated or continuous, optional ``0x`` prefixes."""
    dumps = _Dumps(notes, "hex", has_offsets=False)
    seen = False
    for first, batch in line_batches(src, notes):
        for line, text in enumerate(batch, first):
            s = _PREFIX_0X.sub("", text.replace(",", " ")).strip()
            if not s:
                yield from dumps.close()  # a blank line separates dumps
                continue
            seen = True
            try:
                data = bytes.fromhex(s)
                bad: list[tuple[int, int, str]] = []
            except ValueError:
                tokens = _COMMENT.split(s, 1)[0].split()
                if not tokens or not all(_HEXDIGITS.fullmatch(t) for t in tokens):
                    dumps.skip(line, text.strip())
                    continue
                data, bad = _bytes_of(tokens)
            yield from dumps.add(line, None, data, bad)
    yield from dumps.close()
    _finish_notes(dumps, notes, seen)


def _finish_notes(dumps: _Dumps, notes: Notes, seen: bool) -> None:
    if dumps.skipped > MAX_SKIP_NOTES:
        notes.add(f"{dumps.skipped} lines in all were not {dumps.fmt} rows")
    if not seen:
        notes.add("empty input")
    elif dumps.number == 0:
        notes.add(f"no {dumps.fmt} rows found")
