"""Which messages a view holds a display filter matched, and filtering the held ones.

:class:`FilterMatches` keeps, per stream of a ``MessageStore``, the positions of the
matching messages in order: what a filtered message list shows, a row per match. It
learns them either by message number (a file is filtered by hexview's own command
line in a child process, which answers with numbers: ``place_of_index`` turns each
into a stream and a position) or from :class:`HeldFilter`.

:class:`HeldFilter` filters the messages the store holds -- for a pipe, which cannot
be read again -- a budget at a time, so a view can run it between keys on its UI
thread (a thread would not help: decoding holds the interpreter lock). Each stream
is looked at from where it was left, so calling it again after new messages arrived
filters just those: a live pipe is filtered as it comes.

Pure logic, no Textual import.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from .message_store import MessageStore

if TYPE_CHECKING:  # pragma: no cover
    from ..messages import Message
    from .filters import Filter

_NONE: Sequence[int] = ()


class FilterMatches:
    """The positions of the matches in each stream (by the stream's row in the store)."""

    def __init__(self) -> None:
        self._positions: dict[int, array[int]] = {}
        self.found = 0  # matches found, whether or not their messages are still held

    def add(self, row: int, position: int) -> bool:
        """Message ``position`` of stream ``row`` matches; False if it was known."""
        positions = self._positions.get(row)
        if positions is None:
            positions = self._positions[row] = array("q")
        if not positions or positions[-1] < position:  # the usual case: in order
            positions.append(position)
        else:
            at = bisect_left(positions, position)
            if positions[at] == position:
                return False
            positions.insert(at, position)
        self.found += 1
        return True

    def positions(self, row: int) -> Sequence[int]:
        """Stream ``row``'s matches, in order (a live view: it grows as matches come)."""
        return self._positions.get(row, _NONE)

    def count(self, row: int) -> int:
        return len(self._positions.get(row, _NONE))

    def rows(self) -> Iterator[int]:
        """The rows of the streams with a match held."""
        return (row for row, positions in self._positions.items() if positions)

    def __contains__(self, place: tuple[int, int]) -> bool:
        row, position = place
        positions = self._positions.get(row)
        if not positions:
            return False
        at = bisect_left(positions, position)
        return at < len(positions) and positions[at] == position

    def nearest(self, row: int, position: int) -> int | None:
        """The match of stream ``row`` at or after ``position``, else the last before it."""
        positions = self._positions.get(row)
        if not positions:
            return None
        at = bisect_left(positions, position)
        return positions[at] if at < len(positions) else positions[-1]

    def forget_before(self, row: int, first: int) -> None:
        """The store dropped stream ``row``'s messages before ``first``: so are their matches."""
        positions = self._positions.get(row)
        if positions and positions[0] < first:
            del positions[: bisect_left(positions, first)]

    def forget_row(self, row: int) -> None:
        """The store let stream ``row`` go: its matches went with it."""
        self._positions.pop(row, None)

    def add_numbers(self, store: MessageStore, numbers: Sequence[int]) -> tuple[list[tuple[int, int]], list[int]]:
        """Messages numbered ``numbers`` (in increasing order) match: the (row, position)
        of each the store holds, and the numbers it does not hold *yet* (newer than its
        newest message: a view reading the same file more slowly than the child filtering
        it gets them later). A number the store held and dropped counts as found, and is
        gone."""
        newest = store.newest_index
        cut = 0 if newest is None else bisect_right(numbers, newest)
        placed: list[tuple[int, int]] = []
        for number in numbers[:cut]:
            place = store.place_of_index(number)
            if place is None:
                self.found += 1  # matched, but dropped (memory limit)
                continue
            if self.add(*place):
                placed.append(place)
        return placed, list(numbers[cut:])


class HeldFilter:
    """Runs ``chosen`` over the messages ``store`` holds, each stream from where it was
    left, a budget at a time; what matches goes into ``matches``."""

    def __init__(
        self,
        store: MessageStore,
        chosen: Filter,
        matches: FilterMatches,
        origin: Callable[[], float | None] = lambda: None,
    ) -> None:
        self.store = store
        self.chosen = chosen
        self.matches = matches
        self.origin = origin
        self.looked = 0
        self._next: dict[int, int] = {}  # stream row -> the next position to look at

    @property
    def waiting(self) -> int:
        """Messages held and not yet looked at."""
        next_of = self._next
        return sum(max(0, s.count - max(next_of.get(s.row, 0), s.first)) for s in self.store.streams)

    def forget_rows(self, rows: Iterable[int]) -> None:
        """The store let these streams go: nothing more to look at in them."""
        for row in rows:
            self._next.pop(row, None)

    def run(self, budget: Callable[[], bool] = lambda: True) -> list[tuple[int, int]]:
        """Look at the waiting messages while ``budget()`` is true (at least one);
        returns the (row, position) of the matches found. Call it again to go on, and
        after new messages arrived."""
        found: list[tuple[int, int]] = []
        for stream in self.store.streams:
            row = stream.row
            start = max(self._next.get(row, 0), stream.first)
            if start >= stream.count:
                continue
            # no message is added or dropped during one call (the view's one thread), so
            # the deque can be walked here; a later call starts a new walk
            for position, message in enumerate(islice(stream.messages, start - stream.first, None), start):
                self._next[row] = position + 1
                self.looked += 1
                if self._matches(message) and self.matches.add(row, position):
                    found.append((row, position))
                if not budget():
                    return found
        return found

    def _matches(self, message: Message) -> bool:
        try:
            return self.chosen.matches(message, self.origin())
        except Exception:  # a decoder's crash: the message is not one the filter can match
            return False


class FilteredRows:
    """The rows of a filtered message list: the matches' positions in order, plus the
    message on show when the filter hides it (``visiting``: reached by a mark, the pair
    key or go-to), in its place among them."""

    def __init__(self, matched: Sequence[int], visiting: int | None = None) -> None:
        self.matched = matched
        at = bisect_left(matched, visiting) if visiting is not None else 0
        if visiting is not None and at < len(matched) and matched[at] == visiting:
            visiting = None  # it matches after all: a row of its own already
        self.visiting = visiting
        self._visit_row = at  # the row the visiting message takes

    def __len__(self) -> int:
        return len(self.matched) + (self.visiting is not None)

    def position(self, row: int) -> int:
        """The position listed on ``row`` (clamped to the rows there are; a list without
        rows has none: IndexError)."""
        row = max(0, min(row, len(self) - 1))
        if self.visiting is None or row < self._visit_row:
            return self.matched[row]
        if row == self._visit_row:
            return self.visiting
        return self.matched[row - 1]

    def row(self, position: int) -> int:
        """The row of ``position``, or of the first listed after it (the last row if none)."""
        at = bisect_left(self.matched, position)
        if self.visiting is not None and position > self.visiting:
            at += 1  # past the visiting message's row
        return max(0, min(at, len(self) - 1))
