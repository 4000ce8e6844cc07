"""Raw binary input: one direction of an application stream, as it was saved.

There is no framing to follow, so the bytes are handed out in pieces of 64 KiB
(the stream layer joins them again).  From a file the pieces are always full
64 KiB, so piece numbers and offsets do not depend on timing; from a pipe a piece
is whatever has arrived, up to 64 KiB, so a live stream is shown as it comes.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..packets import LINKTYPE_STREAM, Packet
from .notes import Notes
from .source import Source

PIECE = 64 * 1024


def packets(src: Source, notes: Notes) -> Iterator[Packet]:
    number = 0
    while True:
        offset = src.offset
        data = src.read_some(PIECE) if src.pipe else src.read_exact(PIECE)
        if not data:
            if number == 0:
                notes.add("empty input")
            return
        number += 1
        yield Packet(
            number=number,
            linktype=LINKTYPE_STREAM,
            data=data,
            source=f"bytes {offset}-{offset + len(data) - 1}",
            file_offset=offset,
        )
