"""Input-level reports ("line 1017: ...", "truncated record at byte N ...").

A damaged or odd input can produce a report per line; the list is capped so a
multi-gigabyte file of junk cannot fill memory with notes.  It stays a plain
``list[str]`` for callers.
"""

from __future__ import annotations

MAX_NOTES = 10_000


class Notes(list[str]):
    """A list of note strings that stops growing at ``MAX_NOTES``."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped = 0

    def add(self, text: str) -> None:
        if len(self) < MAX_NOTES:
            self.append(text)
        else:
            self.dropped += 1

    def finish(self) -> None:
        """Say how many notes were left out, once the input is done."""
        if self.dropped:
            self.append(f"{self.dropped} more notes not shown")
            self.dropped = 0
