"""What ``w`` writes to a file: the selected field's bytes, the message, or the stream's
bytes in one direction -- and writing it without ever raising into the view.

The stream choice is the bytes the stream carried in the selected message's
direction, as reassembled: every kept message of that direction in stream order,
laid at its offset, bytes between messages that were never captured written as 00
(and counted, so the notice can say so). Only that one direction: a file of both
directions interleaved would be neither side's byte stream.

The path is the user's: ``~`` is expanded, a relative path is relative to where
hexview was started. An existing file is never replaced unless asked
(``overwrite``); every failure (no such folder, permission, a directory, a full disk)
comes back as one line of text.

Pure logic, no Textual import.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from hexview.messages import Message


@dataclass(frozen=True, slots=True)
class Choice:
    """One thing the prompt offers to write."""

    key: str  # "field", "message" or "stream"
    label: str  # what the prompt shows, e.g. "field magic (8 bytes)"
    data: bytes
    name: str  # the suggested file name
    not_captured: int = 0  # bytes in ``data`` that were never captured (written as 00)


@dataclass(frozen=True, slots=True)
class Written:
    path: str  # as written to (``~`` expanded)
    size: int


def safe_name(text: str, limit: int = 40) -> str:
    """A field or message name as a piece of a file name: letters, digits, ``._-`` only."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._")
    return cleaned[:limit] or "bytes"


def direction_bytes(messages: Iterable[Message], direction: str) -> tuple[bytes, int]:
    """The bytes of ``direction`` carried by ``messages`` (in stream order), laid at their
    offsets from the first one's; returns them and how many were not captured
    (gaps between messages and the messages' own missing spans)."""
    out = bytearray()
    start: int | None = None
    not_captured = 0
    for message in messages:
        if message.direction != direction:
            continue
        if start is None:
            start = message.offset
        at = message.offset - start
        if at > len(out):  # bytes no kept message covers
            not_captured += at - len(out)
            out.extend(bytes(at - len(out)))
        out[at : at + len(message.data)] = message.data
        not_captured += sum(span.end - span.start for span in message.missing)
    return bytes(out), not_captured


def write_bytes(path: str, data: bytes, overwrite: bool = False) -> Written:
    """Write ``data`` to ``path``; raises FileExistsError if it exists and ``overwrite`` is
    off, another OSError (with a ``strerror``) if it cannot be written."""
    full = os.path.expanduser(path.strip())
    if not full:
        raise OSError(0, "no path given")
    with open(full, "wb" if overwrite else "xb") as out:  # "x": never replaces a file unasked
        out.write(data)
    return Written(full, len(data))


def error_text(path: str, error: OSError) -> str:
    """One line for the user: 'cannot write /x/y.bin: No such file or directory'."""
    reason = error.strerror or str(error) or type(error).__name__
    return f"cannot write {path.strip() or '(no path)'}: {reason}"
