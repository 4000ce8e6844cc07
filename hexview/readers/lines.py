"""Text inputs as batches of lines, with a cap on line length.

Text readers see whole batches (one list per read) rather than one line at a time:
the per-line cost of a generator hop matters when a benchmark feeds 500 MB of
``tcpdump -X`` text.  Lines are decoded as UTF-8 with replacement characters, so
invalid bytes and NULs never stop a reader, and a line longer than ``max_line`` is
dropped with a note instead of growing without bound (a 50 MB line without a
newline costs at most ``max_line`` of memory).

On a pipe, an empty batch means "nothing more has arrived for a moment": readers
use it to hand out a packet they already know to be complete instead of waiting
for the next one to start.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from .notes import Notes
from .source import CHUNK, Source

MAX_LINE = 1 << 20  # 1 MiB
IDLE_WAIT = 0.05  # seconds without input before a pipe counts as idle


def line_batches(src: Source, notes: Notes, max_line: int = MAX_LINE, *, idle: bool = False) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(number of the first line, lines)``; lines have no trailing newline.

    With ``idle=True`` an empty list is yielded whenever a pipe goes quiet.
    """
    decode = codecs.getincrementaldecoder("utf-8")("replace").decode
    carry: list[str] = []  # pieces of the current unfinished line
    carry_len = 0
    overlong = False  # inside a line that already passed max_line
    lineno = 1
    bom = True  # a UTF-8 byte-order mark in front of line 1 is not text
    while True:
        if idle and src.idle(IDLE_WAIT):
            yield lineno, []
        data = src.read_some(CHUNK)
        text = decode(data, final=not data)
        if bom and text:
            bom = False
            if text[0] == "\ufeff":
                text = text[1:]
        if not data:
            if overlong:
                notes.add(f"line {lineno} longer than {_size(max_line)}, skipped")
            elif carry_len or text:
                tail = "".join(carry) + text
                if len(tail) > max_line:
                    notes.add(f"line {lineno} longer than {_size(max_line)}, skipped")
                    tail = ""
                yield lineno, [tail]
            return
        parts = text.split("\n")
        if len(parts) == 1:  # still inside one line
            if not overlong:
                carry.append(text)
                carry_len += len(text)
                if carry_len > max_line:
                    carry, carry_len, overlong = [], 0, True
            continue
        if overlong:
            notes.add(f"line {lineno} longer than {_size(max_line)}, skipped")
            parts[0] = ""
            overlong = False
        elif carry:
            carry.append(parts[0])
            parts[0] = "".join(carry)
            if len(parts[0]) > max_line:
                notes.add(f"line {lineno} longer than {_size(max_line)}, skipped")
                parts[0] = ""
        tail = parts.pop()
        carry, carry_len = ([tail], len(tail)) if tail else ([], 0)
        if carry_len > max_line:
            carry, carry_len, overlong = [], 0, True
        yield lineno, parts
        lineno += len(parts)


def _size(n: int) -> str:
    return f"{n >> 20} MiB" if n >= 1 << 20 and not n & 0xFFFFF else f"{n} bytes"
