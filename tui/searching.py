"""Search across streams: the order streams are searched in, a safe view of each, and
a search that runs a slice at a time.

``hexview.analysis.search.scan`` searches one sequence of messages, a message per step. The
view searches the selected stream from the cursor, then the other streams in list
order, then wraps round to the start of the selected stream and stops at the cursor
-- like Wireshark's Find Packet, but stream-aware. :class:`StreamSearch` runs that
plan in slices on the UI thread, counting the messages it has looked at, so the
view can answer keys between slices, show progress and cancel.

Why not a worker thread: decoding is pure Python and holds the interpreter lock.
Each time the UI thread waits (for a key, a timer, the terminal) it gives the lock
up and must then wait a whole switch interval (5 ms, longer when the machine is busy)
to get it back from a thread that never waits; a keystroke takes dozens of such
waits, so the screen froze for the length of the search.

Between slices the feed keeps adding (and, on an endless pipe, dropping) messages,
so each stream is searched through :class:`StreamWindow`: the positions that existed
when the search began, read in chunks, and ``None`` for messages dropped meanwhile,
which ``scan`` skips. With a display filter, as in Wireshark, only the messages it
lets through are searched: :class:`FilteredWindow` holds the positions it listed
when the search began.

Pure logic, no Textual import.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from hexview.analysis.message_store import StoredStream
from hexview.analysis.search import Query, scan
from hexview.messages import Message

CHUNK = 16384
WHOLE_FORWARDS, WHOLE_BACKWARDS = -1, 1 << 62  # offsets that take in a whole message
NONE_FORWARDS, NONE_BACKWARDS = 1 << 62, -1  # offsets that take in none of it


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
        kept_from = stream.first
        lo = max(start, kept_from) - kept_from
        self._chunk = list(islice(stream.messages, lo, lo + CHUNK))
        self._chunk_start = kept_from + lo

    def position(self, index: int) -> int:
        return self.first + index

    def start(self, position: int, offset: int, backwards: bool) -> tuple[int, int]:
        """Where a search from (``position``, ``offset``) starts: an index, an offset."""
        index = position - self.first
        if index < 0:  # the cursor's message was dropped: from the oldest kept (backwards: none)
            return (-1, WHOLE_BACKWARDS) if backwards else (0, WHOLE_FORWARDS)
        return index, offset


class FilteredWindow(StreamWindow):
    """The listed positions of a stream (a display filter's matches) as they were at
    creation."""

    def __init__(self, stream: StoredStream, positions: Sequence[int]) -> None:
        super().__init__(stream)
        self.positions = positions

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, index: int) -> Message | None:  # type: ignore[override]
        if not 0 <= index < len(self.positions):
            raise IndexError(index)
        return self.stream.get(self.positions[index])

    def position(self, index: int) -> int:
        return self.positions[index]

    def start(self, position: int, offset: int, backwards: bool) -> tuple[int, int]:
        positions = self.positions
        at = bisect_left(positions, position)
        if at < len(positions) and positions[at] == position:
            return at, offset
        # the message on show is not listed: from the next listed one (backwards: the one before)
        if backwards:
            return at - 1, WHOLE_BACKWARDS
        if at >= len(positions):  # after the last listed one: nothing ahead in this stream
            return len(positions) - 1, NONE_FORWARDS
        return at, WHOLE_FORWARDS


@dataclass(frozen=True, slots=True)
class Found:
    row: int  # the stream's row in the store
    position: int  # the message's position in that stream
    start: int
    end: int
    field: str | None
    wrapped: bool  # found only after wrapping round past the last stream


class StreamSearch:
    """The next hit after (``position``, ``offset``) in stream ``row``, then in the others.

    ``run(budget)`` looks at messages until a hit, the end of the plan or ``budget()``
    says stop; call it again to go on. ``looked``/``total`` count messages (each
    once), ``found`` is the hit once ``finished``."""

    def __init__(
        self,
        streams: list[StoredStream],
        query: Query,
        row: int,
        position: int,
        offset: int,
        backwards: bool = False,
        listed: Callable[[int], Sequence[int]] | None = None,
    ) -> None:
        """``listed``: with a display filter, the positions a stream's row lists (only
        those are searched)."""
        self.query = query
        self.backwards = backwards
        self.looked = 0
        self.found: Found | None = None
        self.finished = False
        self._listed = listed
        self._plan = self._make_plan(streams, row, position, offset)
        self.total = sum(counted for *_, counted in self._plan)
        self._steps = self._walk()

    def _make_plan(self, streams: list[StoredStream], row: int, position: int, offset: int) -> list[tuple]:
        """(row, window, start index, offset, stop index, wrapped, messages counted) per pass."""
        backwards = self.backwards
        far = WHOLE_BACKWARDS if backwards else WHOLE_FORWARDS  # an offset that takes in the whole first message
        listed = self._listed
        windows = [StreamWindow(s) if listed is None else FilteredWindow(s, listed(s.row)) for s in streams]
        selected = windows[row]
        index, offset = selected.start(position, offset, backwards)
        index = min(index, len(selected) - 1)
        plan = []
        before = 0  # the selected stream's messages the first pass does not reach
        if index >= 0:
            ahead = index + 1 if backwards else len(selected) - index
            before = len(selected) - ahead
            plan.append((row, selected, index, offset, None, False, ahead))
        else:
            before = len(selected)
        step = -1 if backwards else 1
        for i in range(1, len(windows)):
            other = (row + step * i) % len(windows)
            window = windows[other]
            if len(window):
                start = len(window) - 1 if backwards else 0
                plan.append((other, window, start, far, None, other > row if backwards else other < row, len(window)))
        if len(selected):  # round to the selected stream's start (end), up to the cursor's message
            start = len(selected) - 1 if backwards else 0
            plan.append((row, selected, start, far, max(index, 0), True, before))
        return plan

    def _walk(self) -> Iterator[Found | None]:
        for row, window, index, offset, stop, wrapped, _counted in self._plan:
            for hit in scan(window, self.query, index, offset, self.backwards, stop):
                if hit is not None:
                    yield Found(row, window.position(hit.position), hit.start, hit.end, hit.field, wrapped)
                    return
                self.looked = min(self.looked + 1, self.total)
                yield None

    def run(self, budget: Callable[[], bool] = lambda: True) -> bool:
        """Look at messages while ``budget()`` is true (at least one); True once finished."""
        if self.finished:
            return True
        for step in self._steps:
            if step is not None:
                self.found = step
                break
            if not budget():
                return False
        self.finished = True
        return True


def search_streams(
    streams: list[StoredStream],
    query: Query,
    row: int,
    position: int,
    offset: int,
    backwards: bool = False,
    listed: Callable[[int], Sequence[int]] | None = None,
) -> Found | None:
    """The whole search at once (no UI to answer meanwhile)."""
    search = StreamSearch(streams, query, row, position, offset, backwards, listed)
    search.run()
    return search.found
