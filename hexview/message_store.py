"""The messages an interactive view keeps, per stream, within a memory budget.

A live pipe never ends, so the view cannot keep every message: once the kept bytes
or messages pass the budget, the oldest messages (across all streams) are dropped.
Positions stay stable -- a stream's message 37 is always position 37 -- and a view
asks ``first`` to learn where the kept messages of a stream begin.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Iterable

from .messages import Message
from .stream_events import Conversation
from .stream_stats import StreamStats

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
DEFAULT_MAX_MESSAGES = 2_000_000
OVERHEAD = 200  # rough bytes per kept Message besides its data, for the budget


@dataclass(eq=False)
class StoredStream:
    conversation: Conversation
    row: int
    stats: StreamStats = field(default_factory=StreamStats)
    messages: deque = field(default_factory=deque)
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
        lo, hi = 0, len(self.messages)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.messages[mid].index < message.index:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.messages) and self.messages[lo] is message:
            return self.first + lo
        return None


@dataclass(slots=True)
class StoreUpdate:
    new_streams: list[int]  # rows added by this update
    changed: set[int]  # rows whose messages or stats changed (new ones included)
    evicted: int = 0  # messages dropped by this update


class MessageStore:
    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, max_messages: int = DEFAULT_MAX_MESSAGES) -> None:
        self.max_bytes = max_bytes
        self.max_messages = max_messages
        self.streams: list[StoredStream] = []
        self._rows: dict[int, StoredStream] = {}  # id(conversation) -> stream
        self._order: deque[StoredStream] = deque()  # stream of each kept message, oldest first
        self.kept_bytes = 0
        self.kept = 0
        self.evicted = 0

    def stream_of(self, message: Message) -> StoredStream | None:
        return self._rows.get(id(message.conversation))

    def add(self, messages: Iterable[Message]) -> StoreUpdate:
        update = StoreUpdate([], set())
        for message in messages:
            stream = self._rows.get(id(message.conversation))
            if stream is None:
                stream = StoredStream(message.conversation, len(self.streams))
                self.streams.append(stream)
                self._rows[id(message.conversation)] = stream
                update.new_streams.append(stream.row)
            stream.messages.append(message)
            stream.stats.add(message)
            self._order.append(stream)
            self.kept += 1
            self.kept_bytes += message.length + OVERHEAD
            update.changed.add(stream.row)
        while self._order and (self.kept_bytes > self.max_bytes or self.kept > self.max_messages):
            stream = self._order.popleft()
            dropped = stream.messages.popleft()
            stream.first += 1
            self.kept -= 1
            self.kept_bytes -= dropped.length + OVERHEAD
            self.evicted += 1
            update.evicted += 1
            update.changed.add(stream.row)
        return update
