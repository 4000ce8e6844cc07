"""Response-time statistics over the messages a view holds, for a pipe (which cannot be
read again by a child process): counted a slice at a time on the UI thread, as a
search runs (``searching``'s docstring says why not in a thread), and kept up to date
as the pipe brings more.

The messages come in number order across streams (``held_messages``, from where the
last slice stopped, new ones included); a request whose reply has not come waits in
``ResponseTimes`` until it does, and a snapshot meanwhile shows it unanswered. Messages
the store dropped before they were counted (an endless pipe past the memory budget)
are skipped.

Pure logic, no Textual import.
"""

from __future__ import annotations

from collections.abc import Callable

from hexview.analysis.message_store import MessageStore
from hexview.analysis.response_times import ResponseTimes, StatRow

from .held_messages import HeldMessages

TAKE = 64  # messages taken from the store at once


class HeldStats:
    def __init__(self, store: MessageStore, origin: Callable[[], float | None] | None = None) -> None:
        """``origin``: the input's first packet time (else the first message's)."""
        self.store = store
        self.messages = HeldMessages(store)
        self.stats = ResponseTimes(detail=True, origin=self._origin)
        self._first = origin

    def _origin(self) -> float | None:
        first = self._first() if self._first is not None else None
        return first if first is not None else self.store.origin

    @property
    def counted(self) -> int:
        return self.messages.taken

    @property
    def held(self) -> int:
        """Messages held now (what there is to count, counted ones included)."""
        return self.messages.held

    def run(self, budget: Callable[[], bool] = lambda: True, take: int = TAKE) -> bool:
        """Count ``take`` messages at a time while ``budget()`` is true (at least once);
        True once every message held is counted."""
        while True:
            batch = self.messages.take(take)
            if not batch:
                return True
            self.stats.add_all(batch)
            if not budget():
                return False

    def rows(self) -> list[StatRow]:
        """The rows counted so far (requests still waiting shown unanswered)."""
        return self.stats.snapshot()
