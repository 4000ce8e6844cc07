"""Search across streams: the order streams are searched in, and a safe view of each.

``hexview.search.find_next`` searches one sequence of messages. The view searches the
selected stream from the cursor, then the other streams in list order, then wraps
round to the start of the selected stream -- like Wireshark's Find Packet, but
stream-aware. It runs in a worker thread while the feed keeps adding (and, on an
endless pipe, dropping) messages on the UI thread, so each stream is searched through
:class:`StreamWindow`: the positions that existed when the search began, read in
chunks (copying a chunk of a deque holds the GIL, so it never sees a half-made
change) and ``None`` for messages dropped meanwhile, which ``find_next`` skips.

Pure logic, no Textual import.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Callable, Sequence

from hexview.message_store import StoredStream
from hexview.messages import Message
from hexview.search import Query, find_next

CHUNK = 16384


class StreamWindow(Sequence):
    """Positions ``[first, count)`` of a stream as they were at creation."""

    def __init__(self, stream: StoredStream) -> None:
        self.stream = stream
        self.first = stream.first
        self.end = stream.count
        self._chunk: list[Message] = []
        self._chunk_start = 0  # position of _chunk[0]

    def __len__(self) -> int:
        return self.end - self.first

    def __getitem__(self, index: int) -> Message | None:  # type: ignore[override]
        if not 0 <= index < len(self):
            raise IndexError(index)
        position = self.first + index
        i = position - self._chunk_start
        if not 0 <= i < len(self._chunk):
            self._load(position)
            i = position - self._chunk_start
            if not 0 <= i < len(self._chunk):
                return None
        return self._chunk[i]

    def _load(self, position: int) -> None:
        # centre the chunk so forward and backward scans both reuse it
        start = max(self.first, position - CHUNK // 2)
        stream = self.stream
        for _ in range(100):
            kept_from = stream.first
            lo = max(start, kept_from) - kept_from
            chunk = list(islice(stream.messages, lo, lo + CHUNK))
            if stream.first == kept_from:  # no message dropped meanwhile: offsets hold
                break
        self._chunk = chunk
        self._chunk_start = kept_from + lo

    def position(self, index: int) -> int:
        return self.first + index


@dataclass(frozen=True, slots=True)
class Found:
    row: int  # the stream's row in the store
    position: int  # the message's position in that stream
    start: int
    end: int
    field: str | None
    wrapped: bool  # found only after wrapping round past the last stream


def search_streams(
    streams: list[StoredStream],
    query: Query,
    row: int,
    position: int,
    offset: int,
    backwards: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
) -> Found | None:
    """The next hit after (``position``, ``offset``) in stream ``row``, then in the others."""
    count = len(streams)
    step = -1 if backwards else 1
    plan = [(row, position, offset, False)]
    for i in range(1, count):
        other = (row + step * i) % count
        plan.append((other, None, None, other > row if backwards else other < row))
    plan.append((row, None, None, True))  # round to the selected stream's start (end)
    for stream_row, pos, off, wrapped in plan:
        if cancelled():
            return None
        window = StreamWindow(streams[stream_row])
        if not len(window):
            continue
        if pos is None:
            index = len(window) - 1 if backwards else 0
            off = 1 << 62 if backwards else -1
        else:
            index = pos - window.first
            if index < 0:  # the cursor's message was dropped: start with the oldest kept
                index, off = 0, -1
                if backwards:
                    continue
            if index >= len(window):
                index = len(window) - 1
        hit = find_next(window, query, index, off, backwards)
        if hit is not None:
            return Found(stream_row, window.position(hit.position), hit.start, hit.end, hit.field, wrapped)
    return None
