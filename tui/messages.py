"""Textual messages from the feed thread to the screen.

Workers never touch widgets: they post these (thread-safe) and the screen, on the
UI thread, updates the panes. Batches are coalesced in the worker so a fast capture
costs a handful of UI updates per second, not one per packet.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message as TextualMessage

from hexview.messages import Message


def _nothing() -> None:
    pass


class MessagesArrived(TextualMessage):
    """New decoded-later messages (possibly none: a progress tick)."""

    def __init__(self, messages: list[Message], packets: int, applied: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.messages = messages
        self.packets = packets  # packets read so far
        self.applied = applied or _nothing  # the screen calls it once the messages are in the store


class FeedFinished(TextualMessage):
    """The input ended (or failed part-way, or the view is closing)."""

    def __init__(self, packets: int, messages: int, error: str | None, notes: list[str]) -> None:
        super().__init__()
        self.packets = packets
        self.messages = messages
        self.error = error  # why reading stopped early, or None
        self.notes = notes  # input problems the readers and reassembly reported


class NotesChanged(TextualMessage):
    """The input's notes so far, whenever they changed while reading (a live pipe's
    notes are readable before it ends); ``FeedFinished`` carries the final ones."""

    def __init__(self, notes: list[str]) -> None:
        super().__init__()
        self.notes = notes


class FilterAnswered(TextualMessage):
    """A batch from the child process filtering a file (``filter_process``): the numbers
    of the messages that matched since the last batch, and how many it has looked at."""

    def __init__(self, child: object, numbers: list[int], looked: int) -> None:
        super().__init__()
        self.child = child  # which run (a batch of a cancelled one is let go)
        self.numbers = numbers
        self.looked = looked


class FilterEnded(TextualMessage):
    """The child filtering a file has looked at every message (or failed: ``error``)."""

    def __init__(self, child: object, looked: int, error: str | None) -> None:
        super().__init__()
        self.child = child
        self.looked = looked
        self.error = error
