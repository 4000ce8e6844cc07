"""The messages and streams an interactive view holds, within a memory budget.

A live pipe never ends, so the view cannot keep every message, nor every stream: once
what the store holds passes its budget (``max_bytes``: the messages' bytes and what
each message, each stream and each index entry costs besides, see ``MESSAGE_COST``
and ``STREAM_COST``), the oldest messages (across all streams) are dropped, and a
stream that then holds no message is let go once its conversation has closed (or
at once, oldest first, while the budget is still passed). Positions stay stable --
a stream's message 37 is always position 37 -- and a view asks ``first`` to learn
where the kept messages of a stream begin. Rows are stable too: a stream keeps the
row it was given (``streams`` holds the streams still held, by row); a row let go is
never reused, and ``let_go`` counts them (the view says how many older streams went).

Messages come numbered one after another (``Message.index``, the number every view
shows), so the store also keeps the stream row and position of each one it was given,
in order, in two compact arrays: the place of a message known by its number (a
display filter's child process answers with numbers, a quarter of a million at times)
is then two look-ups, without walking a stream's deque.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..messages import Message
from ..tcp.stream_events import Conversation
from .stream_stats import StreamStats

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
DEFAULT_MAX_MESSAGES = 2_000_000
# What holding one more message costs besides its bytes: the Message record and its
# small parts, the bytes object's header, its place in its stream's deque and in the
# eviction order, and its entry in the number index (two array items). Measured with
# tracemalloc on NBD reads (tests/test_bounded_memory.py keeps it true).
MESSAGE_COST = 640
# What holding one more stream costs: its conversation (endpoints, counters, its
# dicts), the StoredStream with its stats and deque, and its stream-list entries.
STREAM_COST = 1700
OVERHEAD = MESSAGE_COST  # the name older callers use


@dataclass(eq=False)
class StoredStream:
    conversation: Conversation
    row: int
    stats: StreamStats = field(default_factory=StreamStats)
    messages: deque[Message] = field(default_factory=deque)
    first: int = 0  # position of messages[0]

    @property
    def count(self) -> int:
        """Messages ever added to this stream (kept or dropped)."""
        return self.first + len(self.messages)

    def get(self, position: int) -> Message | None:
        """The message at ``position``, or None if it was dropped or does not exist."""
        i = position - self.first
        if 0 <= i < len(self.messages):
            return self.messages[i]
        return None

    def position_of(self, message: Message) -> int | None:
        """Where ``message`` sits in this stream (searching from the newest end is not
        needed: messages are in index order, so bisect on the index)."""
        position = self.at_index(message.index)
        return position if position is not None and self.get(position) is message else None

    def at_frame(self, frame: int) -> int | None:
        """Position of the first kept message whose last frame is ``frame`` or later."""
        return self._bisect(lambda m: m.frames[-1] if m.frames else 0, frame)

    def at_index(self, index: int) -> int | None:
        """Position of the first kept message numbered ``index`` or later."""
        return self._bisect(lambda m: m.index, index)

    def _bisect(self, key: Callable[[Message], int], wanted: int) -> int | None:
        lo, hi = 0, len(self.messages)
        while lo < hi:
            mid = (lo + hi) // 2
            if key(self.messages[mid]) < wanted:
                lo = mid + 1
            else:
                hi = mid
        return self.first + lo if lo < len(self.messages) else None


@dataclass(frozen=True, slots=True)
class Place:
    """Where a go-to landed: a stream's row and a position in it, and whether it is exact."""

    row: int
    position: int
    exact: bool  # the message holds the frame (or has the number) asked for


@dataclass(slots=True)
class StoreUpdate:
    new_streams: list[int]  # rows added by this update
    changed: set[int]  # rows whose messages or stats changed (new ones included)
    evicted: int = 0  # messages dropped by this update
    let_go: list[int] = field(default_factory=list)  # rows let go by this update (not in ``changed``)


class HeldStreams:
    """The streams a store holds, by row, in row order (the order they came).

    Reads like the list it replaces where that still holds: iterating gives the
    streams, ``streams[row]`` the one on ``row`` (KeyError once it was let go), and
    ``get(row)`` None for a row let go or never made."""

    __slots__ = ("_by_row", "made")

    def __init__(self) -> None:
        self._by_row: dict[int, StoredStream] = {}
        self.made = 0  # rows ever made: the next stream gets this row

    def __iter__(self) -> Iterator[StoredStream]:
        return iter(self._by_row.values())

    def __len__(self) -> int:
        return len(self._by_row)

    def __getitem__(self, row: int) -> StoredStream:
        return self._by_row[row]

    def __contains__(self, row: object) -> bool:
        return row in self._by_row

    def get(self, row: int | None) -> StoredStream | None:
        return None if row is None else self._by_row.get(row)

    def rows(self) -> Iterator[int]:
        return iter(self._by_row)

    def _add(self, conversation: Conversation) -> StoredStream:
        stream = self._by_row[self.made] = StoredStream(conversation, self.made)
        self.made += 1
        return stream

    def _remove(self, row: int) -> None:
        del self._by_row[row]


class MessageStore:
    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, max_messages: int = DEFAULT_MAX_MESSAGES) -> None:
        self.max_bytes = max_bytes
        self.max_messages = max_messages
        self.streams = HeldStreams()
        self._rows: dict[int, StoredStream] = {}  # id(conversation) -> stream
        self._order: deque[StoredStream] = deque()  # stream of each kept message, oldest first
        self._empty: dict[int, StoredStream] = {}  # streams that hold no message now, by row, oldest first
        self.pinned: set[int] = set()  # rows never let go (the stream on show)
        self.kept_bytes = 0  # what the budget counts: messages, streams and index entries held
        self.kept = 0
        self.evicted = 0
        self.let_go = 0  # streams let go
        self.origin: float | None = None  # the earliest message time seen: "relative time" zero
        self._arrival_rows = array("I")  # the stream row of each message added, in order
        self._arrival_positions = array("Q")  # and its position in that stream
        self._arrivals_from = 0  # the number (Message.index) of the first message in the arrays
        self._arrivals_gone = 0  # how many at the front of the arrays were dropped
        self._numbered = True  # every message added was numbered one more than the one before
        self.newest_index: int | None = None  # the number of the newest message added

    def place_of_index(self, index: int) -> tuple[int, int] | None:
        """(stream row, position) of the message numbered ``index``, or None if it is
        not held (dropped, or never added)."""
        if not self._numbered:  # numbers made by hand (tests): search the streams
            place = self.find_index(index)
            return (place.row, place.position) if place is not None and place.exact else None
        at = index - self._arrivals_from
        if not self._arrivals_gone <= at < len(self._arrival_rows):
            return None
        row, position = self._arrival_rows[at], self._arrival_positions[at]
        stream = self.streams.get(row)
        return (row, position) if stream is not None and position >= stream.first else None

    def find_frame(self, frame: int) -> Place | None:
        """The message that carries packet ``frame`` -- or, when no message does (a bare
        ACK, a handshake packet), the first one after it. Streams keep their messages in
        order, so this is a bisection per stream."""
        return self._nearest(
            frame, lambda s: s.at_frame(frame), lambda m: m.frames[0] if m.frames else 0, lambda m: frame in m.frames
        )

    def find_index(self, index: int) -> Place | None:
        """The message numbered ``index`` (the number every view shows), or the next kept one."""
        return self._nearest(index, lambda s: s.at_index(index), lambda m: m.index, lambda m: m.index == index)

    def _nearest(
        self,
        wanted: int,
        locate: Callable[[StoredStream], int | None],
        first_key: Callable[[Message], int],
        holds: Callable[[Message], bool],
    ) -> Place | None:
        best: tuple[int, Place] | None = None
        for stream in self.streams:
            position = locate(stream)
            if position is None:
                continue
            message = stream.get(position)
            if message is None:
                continue
            if holds(message):
                return Place(stream.row, position, True)
            key = first_key(message)
            if best is None or key < best[0]:
                best = (key, Place(stream.row, position, False))
        return best[1] if best is not None else None

    def stream_of(self, message: Message) -> StoredStream | None:
        return self._rows.get(id(message.conversation))

    def add(self, messages: Iterable[Message]) -> StoreUpdate:
        update = StoreUpdate([], set())
        rows, positions = self._arrival_rows, self._arrival_positions
        for message in messages:
            if not rows:
                self._arrivals_from = message.index
            elif self.newest_index is not None and message.index != self.newest_index + 1:
                self._numbered = False
            self.newest_index = message.index
            stream = self._rows.get(id(message.conversation))
            if stream is None:
                stream = self.streams._add(message.conversation)
                self._rows[id(message.conversation)] = stream
                update.new_streams.append(stream.row)
                self.kept_bytes += STREAM_COST
            elif not stream.messages:
                self._empty.pop(stream.row, None)
            stream.messages.append(message)
            stream.stats.add(message)
            if message.timestamp is not None and (self.origin is None or message.timestamp < self.origin):
                self.origin = message.timestamp
            self._order.append(stream)
            rows.append(stream.row)
            positions.append(stream.count - 1)
            self.kept += 1
            self.kept_bytes += message.length + MESSAGE_COST
            update.changed.add(stream.row)
        while self._order and (self.kept_bytes > self.max_bytes or self.kept > self.max_messages):
            stream = self._order.popleft()
            dropped = stream.messages.popleft()
            stream.first += 1
            self.kept -= 1
            self.kept_bytes -= dropped.length + MESSAGE_COST
            self.evicted += 1
            update.evicted += 1
            update.changed.add(stream.row)
            if not stream.messages:
                self._empty[stream.row] = stream
        self._let_go_empty(update)
        gone = self._arrivals_gone = self._arrivals_gone + update.evicted
        if gone > 4096 and gone * 2 > len(rows):  # now and then, not at every drop
            del rows[:gone], positions[:gone]
            self._arrivals_from += gone
            self._arrivals_gone = 0
        return update

    def _let_go_empty(self, update: StoreUpdate) -> None:
        """Let go the streams that hold no message: those whose conversation closed (no
        message can come), and while the budget is still passed, the oldest of the rest.
        The pinned stream (the one on show) stays."""
        if not self._empty:
            return
        over = self.kept_bytes > self.max_bytes
        for row, stream in list(self._empty.items()):
            if row in self.pinned:
                continue
            if stream.conversation.closed or over:
                self._let_go(stream, update)
                over = self.kept_bytes > self.max_bytes

    def _let_go(self, stream: StoredStream, update: StoreUpdate) -> None:
        row = stream.row
        del self._empty[row]
        self.streams._remove(row)
        self._rows.pop(id(stream.conversation), None)
        self.kept_bytes -= STREAM_COST
        self.let_go += 1
        update.let_go.append(row)
        update.changed.discard(row)
        if row in update.new_streams:
            update.new_streams.remove(row)
