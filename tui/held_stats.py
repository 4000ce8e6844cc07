"""Response-time statistics over the messages a view holds, for a pipe (which cannot be
read again by a child process): counted a slice at a time on the UI thread, as a
search runs (``searching``'s docstring says why not in a thread), and kept up to date
as the pipe brings more.

Each stream is counted in order from where the last slice stopped; a request whose
reply has not come waits in ``ResponseTimes`` until it does, and a snapshot meanwhile
shows it unanswered. Messages the store dropped before they were counted (an endless
pipe past the memory budget) are skipped, and ``dropped`` says how many.

Pure logic, no Textual import.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice

from hexview.analysis.message_store import MessageStore
from hexview.analysis.response_times import ResponseTimes, StatRow


class HeldStats:
    def __init__(self, store: MessageStore, origin: Callable[[], float | None] | None = None) -> None:
        """``origin``: the input's first packet time (else the first message's)."""
        self.store = store
        self.stats = ResponseTimes(detail=True, origin=self._origin)
        self._first = origin
        self.counted = 0
        self.dropped = 0
        self._next: list[int] = []  # per stream row: the next position to count

    def _origin(self) -> float | None:
        first = self._first() if self._first is not None else None
        return first if first is not None else self.store.origin

    @property
    def held(self) -> int:
        """Messages held now (what there is to count, counted ones included)."""
        return self.store.kept

    def behind(self) -> bool:
        """Whether a stream has messages not counted yet."""
        streams = self.store.streams
        return len(streams) > len(self._next) or any(s.count > n for s, n in zip(streams, self._next, strict=False))

    def run(self, budget: Callable[[], bool] = lambda: True) -> bool:
        """Count messages while ``budget()`` is true (checked after each); True once every
        message held is counted."""
        streams = self.store.streams
        self._next.extend([0] * (len(streams) - len(self._next)))
        for row, stream in enumerate(streams):
            position = self._next[row]
            if position < stream.first:
                self.dropped += stream.first - position
                position = stream.first
            if position >= stream.count:
                continue
            for message in islice(stream.messages, position - stream.first, None):
                self.stats.add(message)
                position += 1
                self.counted += 1
                if not budget():
                    self._next[row] = position
                    return not self.behind()
            self._next[row] = position
        return True

    def rows(self) -> list[StatRow]:
        """The rows counted so far (requests still waiting shown unanswered)."""
        return self.stats.snapshot()
