"""The messages a view holds, in input order across streams, a slice at a time.

For work over a pipe's messages (which cannot be read again): the store keeps them
per stream, each stream in order; ``take`` merges the streams by message number
(what ``--json`` numbers), from where the last call stopped, and picks up streams
and messages that arrived since -- so a cross-stream view over a live pipe keeps up.
Messages the store dropped meanwhile (an endless pipe's oldest) are skipped.

Pure logic, no Textual import.
"""

from __future__ import annotations

import heapq

from hexview.analysis.message_store import MessageStore
from hexview.messages import Message


class HeldMessages:
    def __init__(self, store: MessageStore) -> None:
        self.store = store
        self._next: dict[int, int] = {}  # stream row -> the position to read next
        self.taken = 0

    @property
    def held(self) -> int:
        """Messages the store holds now (for progress: ``taken`` of them)."""
        return self.store.kept

    def take(self, limit: int) -> list[Message]:
        """Up to ``limit`` messages not taken yet, in message-number order."""
        heap: list[tuple[int, int]] = []  # (index of the stream's next message, row)
        streams = self.store.streams
        if len(self._next) > 2 * len(streams):  # rows the store let go: forget where they were left
            self._next = {row: at for row, at in self._next.items() if row in streams}
        for stream in streams:
            position = max(self._next.get(stream.row, 0), stream.first)
            self._next[stream.row] = position
            message = stream.get(position)
            if message is not None:
                heap.append((message.index, stream.row))
        heapq.heapify(heap)
        out: list[Message] = []
        while heap and len(out) < limit:
            _, row = heapq.heappop(heap)
            stream = streams[row]
            position = max(self._next[row], stream.first)
            message = stream.get(position)
            if message is None:
                continue
            out.append(message)
            self._next[row] = position + 1
            following = stream.get(position + 1)
            if following is not None:
                heapq.heappush(heap, (following.index, row))
        self.taken += len(out)
        return out
