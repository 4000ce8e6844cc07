"""``--follow STREAM``: a conversation's bytes as text; ``--raw DIRECTION``: one direction's bytes.

Text: per piece a header line -- the direction's arrow (``->`` client to server,
``<-`` back), its stream offset, the frame that carried it and, where a message
starts, its number and name; a gap or an end says so instead -- then the bytes as
hex + ASCII lines (or, with ``ascii_only``, as ASCII lines broken at the bytes'
own newlines). Wire bytes never reach the terminal as they are: the ASCII column
shows only printable ASCII, names and reasons go through ``printable``.

Raw: that direction's captured bytes unchanged, each gap written as as many zero
bytes (so offsets stay true) and reported on stderr.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import BinaryIO, TextIO

from ..analysis.follow import FollowData, FollowEnd, FollowGap, FollowPiece
from ..safe_text import ascii_column, printable
from ..tcp.stream_events import Conversation

ARROWS = {"c2s": "->", "s2c": "<-"}
BYTES_PER_LINE = 16
ASCII_WIDTH = 64  # characters of an ASCII-only line before it is wrapped
ZEROS = bytes(1 << 16)


def stream_title(conv: Conversation) -> str:
    """'stream 0: 10.0.0.1:1023 -> 10.0.0.2:10809 NBD' (client first)."""
    protocol = conv.protocol.name if conv.protocol is not None else "TCP"
    return printable(f"stream {conv.index}: {conv.client} -> {conv.server} {protocol}")


def header_line(piece: FollowPiece) -> str:
    """The line before a piece's bytes: '-> c2s offset 28 frame 9 | message 5 NBD_CMD_READ'."""
    frame = piece.frame if piece.frame is not None else "-"
    head = f"{ARROWS[piece.direction]} {piece.direction} offset {piece.offset} frame {frame}"
    if isinstance(piece, FollowEnd):
        return f"{head} | end: {printable(piece.reason)}"
    parts = []
    if piece.message is not None:
        parts.append(f"message {piece.message.index} {printable(piece.message.name)}")
    if isinstance(piece, FollowGap):
        parts.append(f"gap of {piece.length} bytes: {printable(piece.reason)}")
    return f"{head} | {', '.join(parts)}" if parts else head


def hex_lines(data: bytes, offset: int) -> list[str]:
    """Hex + ASCII lines of ``data``, each starting with its stream offset."""
    lines = []
    width = max(8, len(f"{offset + len(data):x}"))
    for start in range(0, len(data), BYTES_PER_LINE):
        row = data[start : start + BYTES_PER_LINE]
        left = " ".join(f"{b:02x}" for b in row[:8])
        right = " ".join(f"{b:02x}" for b in row[8:])
        lines.append(f"  {offset + start:0{width}x}  {left:<23}  {right:<23}  |{ascii_column(row)}|")
    return lines


def ascii_lines(data: bytes) -> list[str]:
    """``data`` as ASCII: a line per newline in it, wrapped at ASCII_WIDTH,
    everything but printable ASCII shown as '.'."""
    lines: list[str] = []
    for line in data.split(b"\n"):
        text = ascii_column(line.rstrip(b"\r"))
        lines.extend("  " + text[i : i + ASCII_WIDTH] for i in range(0, max(len(text), 1), ASCII_WIDTH))
    if data.endswith(b"\n"):
        lines.pop()
    return lines


def piece_lines(piece: FollowPiece, ascii_only: bool = False) -> list[str]:
    """A piece as text: its header line, then its bytes (data only)."""
    lines = [header_line(piece)]
    if isinstance(piece, FollowData):
        lines += ascii_lines(piece.data) if ascii_only else hex_lines(piece.data, piece.offset)
    return lines


def write_follow_text(
    pieces: Iterable[FollowPiece], conversation: Callable[[], Conversation | None], out: TextIO, ascii_only: bool = False
) -> int:
    """Write the title (``conversation()`` once the first piece is out) and every
    piece's lines; returns the pieces written."""
    count = 0
    for piece in pieces:
        if count == 0:
            conv = conversation()
            if conv is not None:
                out.write(stream_title(conv) + "\n")
        out.write("\n".join(piece_lines(piece, ascii_only)) + "\n")
        count += 1
    return count


def write_raw(pieces: Iterable[FollowPiece], direction: str, out: BinaryIO, err: TextIO) -> int:
    """Write ``direction``'s bytes to ``out``, zeros for each gap (one line on
    ``err`` per gap: offset and length); returns the bytes written."""
    written = 0
    gap: list[int] = []  # [offset, length] of the gap being written (message starts may cut one in pieces)
    reasons: list[str] = []
    for piece in pieces:
        if piece.direction != direction:
            continue
        if isinstance(piece, FollowGap):
            if gap and gap[0] + gap[1] == piece.offset:
                gap[1] += piece.length
            else:
                _report_gap(gap, reasons, direction, err)
                gap, reasons = [piece.offset, piece.length], []
            if piece.reason not in reasons:
                reasons.append(piece.reason)
            _zeros(piece.length, out)
            written += piece.length
            continue
        _report_gap(gap, reasons, direction, err)
        gap = []
        if isinstance(piece, FollowData):
            out.write(piece.data)
            written += len(piece.data)
    _report_gap(gap, reasons, direction, err)
    return written


def _report_gap(gap: list[int], reasons: list[str], direction: str, err: TextIO) -> None:
    if gap:
        why = printable("; ".join(reasons))
        err.write(f"hexview: {direction} gap at offset {gap[0]}, {gap[1]} bytes zero-filled ({why})\n")


def _zeros(length: int, out: BinaryIO) -> None:
    while length:
        step = min(length, len(ZEROS))
        out.write(ZEROS[:step])
        length -= step
