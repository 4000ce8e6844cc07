"""The display filter in the view: ``&`` opens the filter line (``widgets.filter_bar``),
``enter`` there applies what was typed, and ``apply_filter`` does the same for
other screens (the statistics screen opens a row's messages with it).

A mixin of ``ViewerScreen``. A filter in force makes the stream list show only the
streams with a match (and how many) and the message list only the matches; the
filter line stays on show with the count ("1,204 of 254,000 messages match"), and
while the filter runs, how far it got. Every key keeps working over what is listed:
stepping, first / last, search (only listed messages are searched), follow (the
newest match). A message reached another way -- a mark, the pair key, go-to -- is
shown even when the filter hides it: it is listed dim, with its stream, until the
selection moves on. Clearing the filter lists everything again, the same message on
show.

How it runs (never decoding every message on the UI thread, see ``searching``):

- a file: hexview's own command line filters it in a child process
  (``filter_process``), which answers with message numbers; the store turns each into
  a stream and position. A child that gets ahead of the view's own reading keeps its
  numbers waiting until those messages arrive.
- a pipe (it cannot be read again): the held messages, a slice at a time on the UI
  thread between keys (``filter_matches.HeldFilter``), then each new message as it
  arrives.

A new filter, clearing, Decode As reading the file again, and quitting end the run
in progress.

Until the person moves, the view chooses for them: once a match is known the
selection goes to the match nearest the message on show (in its stream if it has
one, else the first stream listed).
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work

from hexview.analysis.filter_matches import FilterMatches, HeldFilter
from hexview.analysis.filters import FilterError, compile, field_names

from .messages import FilterAnswered, FilterEnded
from .safe import group_digits, wire_text
from .search_actions import PAUSE, SLICE
from .widgets.filter_bar import FilterBar

if TYPE_CHECKING:
    from hexview.analysis.filters import Filter
    from hexview.analysis.message_store import StoreUpdate

    from .filter_process import ChildFilter

SHOW_EVERY = 0.1  # seconds between updates of the lists while a pipe's held messages are filtered


class FilterActions:
    display_filter: Filter | None = None  # the filter in force
    filter_matches: FilterMatches | None = None  # what it matched so far
    _filter_child: ChildFilter | None = None  # the child process filtering a file
    _held_filter: HeldFilter | None = None  # filtering a pipe's held messages
    _held_running = False
    _filter_later: list[int] = []  # numbers the child matched that the view has not read yet
    _filter_looked = 0  # messages the filter has looked at
    _filter_total: int | None = None  # messages in the input, once the child has read them all
    _filter_error: str | None = None
    _filter_chooses = False  # the selection is the view's to move to a match (the person has not moved)

    @property
    def filter_bar(self) -> FilterBar:
        bar: FilterBar = self.query_one(FilterBar)  # type: ignore[attr-defined]  (a mixin of a Screen)
        return bar

    # -- the line ----------------------------------------------------------------------------
    def action_filter(self) -> None:
        bar = self.filter_bar
        if not bar.is_open:  # else an ``&`` read before the line opened: the App types it in
            bar.open(bar.applied, self._field_names)

    def _field_names(self) -> list[str]:
        """What ``tab`` completes from: the message fields, the loaded protocols' names,
        and the fields of the message on show."""
        from hexview.protocols.registry import registrations

        shown = [self.current_decoded] if self.current_decoded is not None else []  # type: ignore[attr-defined]
        return field_names(registrations().values(), shown)

    def on_filter_bar_submitted(self, event: FilterBar.Submitted) -> None:
        self.apply_filter(event.text)

    def apply_filter(self, text: str) -> None:
        """Apply ``text`` as if typed in the filter line and entered: a filter shows only
        the messages it matches, an empty text clears it, a text that is no filter
        leaves the filter in force and shows why on the open line. Raises nothing."""
        text = text.strip()
        bar = self.filter_bar
        if not text:
            self.clear_filter()
            return
        try:
            chosen = compile(text)
        except FilterError as exc:
            bar.open(text, self._field_names)
            self.notify(wire_text(str(exc)).plain, title="filter", severity="error", markup=False)  # type: ignore[attr-defined]
            return
        if bar.is_open:
            bar.action_close()
        bar.set_applied(text)
        self._start_filter(chosen)

    def clear_filter(self) -> None:
        """List every message again, the same one on show."""
        self._stop_filter()
        was = self.filter_matches
        self.display_filter = self.filter_matches = None
        bar = self.filter_bar
        bar.set_applied("")
        bar.set_status(Text())
        if was is None:
            return
        self.streams_pane.set_filter(None)  # type: ignore[attr-defined]
        self.messages_pane.set_filter(None)  # type: ignore[attr-defined]
        self._put_cursors()

    # -- running it --------------------------------------------------------------------------
    def _start_filter(self, chosen: Filter) -> None:
        self._stop_filter()
        matches = FilterMatches()
        self.display_filter, self.filter_matches = chosen, matches
        self._filter_later, self._filter_looked, self._filter_total, self._filter_error = [], 0, None, None
        self._filter_chooses = True
        self.streams_pane.set_filter(matches)  # type: ignore[attr-defined]
        self.messages_pane.set_filter(matches)  # type: ignore[attr-defined]
        self.visit_stream()
        self.visit_message()
        self._put_cursors()
        same_input = getattr(self.app, "same_input", None)  # type: ignore[attr-defined]
        if same_input is not None:  # a file: a child reads it again and filters every message
            self._start_child(chosen, same_input)
        else:  # a pipe: the messages held, then those that come
            pipeline = self.app.feed.pipeline  # type: ignore[attr-defined]
            self._held_filter = HeldFilter(
                self.store,  # type: ignore[attr-defined]
                chosen,
                matches,
                lambda: getattr(pipeline, "first_timestamp", None),
            )
            self._run_held()
        self._show_filter_status()

    def _start_child(self, chosen: Filter, same_input) -> None:
        from .filter_process import ChildFilter  # first use only

        app = self.app  # type: ignore[attr-defined]
        command = same_input.command(app.decode_as, app.options, "--matching-numbers", "-Y", chosen.text)
        child: ChildFilter = ChildFilter(
            command,
            lambda numbers, looked: self.post_message(FilterAnswered(child, numbers, looked)),  # type: ignore[attr-defined]
            lambda looked, error: self.post_message(FilterEnded(child, looked, error)),  # type: ignore[attr-defined]
        )
        try:
            child.start()
        except OSError as exc:
            self._filter_error = f"cannot start the filter: {exc}"
            return
        self._filter_child = child

    def _stop_filter(self) -> None:
        """End the run in progress (the child process, or the slices over held messages)."""
        child, self._filter_child = self._filter_child, None
        if child is not None:
            child.cancel()
        if self._held_filter is not None:
            self._held_filter = None
            self.workers.cancel_group(self, "filter")  # type: ignore[attr-defined]
            self._held_running = False

    @property
    def filter_pid(self) -> int | None:
        """The child process filtering a file, while it runs (tests check it is gone)."""
        child = self._filter_child
        return child.pid if child is not None else None

    def on_filter_answered(self, event: FilterAnswered) -> None:
        if event.child is not self._filter_child or self.filter_matches is None:
            return  # a run since ended
        self._filter_looked = event.looked
        self._take_numbers(event.numbers)

    def on_filter_ended(self, event: FilterEnded) -> None:
        if event.child is not self._filter_child or self.filter_matches is None:
            return
        self._filter_child = None
        self._filter_looked = event.looked
        if event.error:
            self._filter_error = event.error
            self.notify(wire_text(event.error).plain, title="filter", severity="error", markup=False)  # type: ignore[attr-defined]
        else:
            self._filter_total = event.looked
        self._take_numbers([])

    def _take_numbers(self, numbers: list[int]) -> None:
        matches = self.filter_matches
        assert matches is not None
        waiting = self._filter_later + numbers if self._filter_later else numbers
        placed, self._filter_later = matches.add_numbers(self.store, waiting)  # type: ignore[attr-defined]
        self._matches_changed({row for row, _ in placed})

    def filter_messages_arrived(self, update: StoreUpdate) -> None:
        """New messages in the store (the screen calls this): numbers the child matched
        ahead of the view may now be placed; a pipe's new messages are filtered."""
        matches = self.filter_matches
        if matches is None:
            return
        for row in update.let_go:  # an endless pipe's oldest streams went: so did their matches
            matches.forget_row(row)
        if self._held_filter is not None:
            self._held_filter.forget_rows(update.let_go)
        if update.evicted:  # an endless pipe's oldest messages went: so did their matches
            for row in update.changed:
                matches.forget_before(row, self.store.streams[row].first)  # type: ignore[attr-defined]
        if self._filter_later:
            self._take_numbers([])
        elif self._held_filter is not None:
            self._run_held()

    def _run_held(self) -> None:
        held = self._held_filter
        if held is not None and not self._held_running and held.waiting:
            self._held_running = True
            self._filter_held(held)

    @work(group="filter", exit_on_error=False)
    async def _filter_held(self, held: HeldFilter) -> None:
        """The held messages a slice at a time (see ``search_actions``), the lists
        brought up to date every ``SHOW_EVERY`` seconds."""
        rows: set[int] = set()
        shown = time.monotonic()
        try:
            while held is self._held_filter and held.waiting:
                until = time.monotonic() + SLICE
                rows.update(row for row, _ in held.run(lambda until=until: time.monotonic() < until))
                if until - shown >= SHOW_EVERY:
                    shown = until
                    self._filter_looked = held.looked
                    self._matches_changed(rows)
                    rows = set()
                await asyncio.sleep(PAUSE)
        finally:
            if held is self._held_filter:
                self._held_running = False
        if held is self._held_filter:
            self._filter_looked = held.looked
            self._matches_changed(rows)

    # -- showing it --------------------------------------------------------------------------
    def _matches_changed(self, rows: set[int]) -> None:
        """Matches came for the streams ``rows`` (or the run moved on): lists, selection, count."""
        matches = self.filter_matches
        if matches is None:
            return
        self.visit_stream()
        self.streams_pane.refilter()  # type: ignore[attr-defined]
        current = self.stream_row  # type: ignore[attr-defined]
        if current in rows:
            self.visit_message()
            self.messages_pane.update_rows()  # type: ignore[attr-defined]
        self._put_cursors()
        if self._filter_chooses and rows:
            self._choose_a_match()
        elif self.following and current in rows and matches.count(current):  # type: ignore[attr-defined]
            self.select_position(matches.positions(current)[-1])  # type: ignore[attr-defined]
        self._show_filter_status()

    def _choose_a_match(self) -> None:
        """Move to the match nearest the message on show: in its stream, else the first
        stream listed with one. Once on a match, the selection is the person's."""
        matches = self.filter_matches
        row = self.stream_row  # type: ignore[attr-defined]
        assert matches is not None
        if row is not None and (row, self.position) in matches:  # type: ignore[attr-defined]
            self._filter_chooses = False
            return
        if row is not None and matches.count(row):
            nearest = matches.nearest(row, self.position)  # type: ignore[attr-defined]
            assert nearest is not None
            self.select_position(nearest)  # type: ignore[attr-defined]
        else:
            pane = self.streams_pane  # type: ignore[attr-defined]
            firsts = [r for r in pane.shown if matches.count(r)]
            if not firsts:
                return
            self.select_stream(firsts[0])  # type: ignore[attr-defined]
        self._filter_chooses = False

    def visit_stream(self) -> None:
        """The stream list lists the selected stream while the filter has no match in it."""
        matches, row = self.filter_matches, self.stream_row  # type: ignore[attr-defined]
        pane = self.streams_pane  # type: ignore[attr-defined]
        visiting = row if matches is not None and row is not None and not matches.count(row) else None
        if visiting != pane.visiting:
            pane.visiting = visiting
            pane.refilter()

    def visit_message(self) -> None:
        """The message list lists the message on show while the filter hides it."""
        matches, row = self.filter_matches, self.stream_row  # type: ignore[attr-defined]
        pane = self.messages_pane  # type: ignore[attr-defined]
        position = self.position  # type: ignore[attr-defined]
        hidden = matches is not None and row is not None and position >= 0 and (row, position) not in matches
        visiting = position if hidden else None
        if visiting != pane.visiting:
            pane.visiting = visiting
            pane.update_rows()

    def _put_cursors(self) -> None:
        """Both lists' cursors on the selection, wherever its rows now are."""
        row = self.stream_row  # type: ignore[attr-defined]
        if row is None:
            return
        streams = self.streams_pane  # type: ignore[attr-defined]
        if streams.row_count:
            streams.set_cursor(streams.display_row(row), scroll=False)
        messages = self.messages_pane  # type: ignore[attr-defined]
        if messages.row_count:
            messages.set_cursor(messages.row_of(self.position), scroll=False)  # type: ignore[attr-defined]

    def _show_filter_status(self) -> None:
        """The filter line's right side: how far the filter got, how many match."""
        matches = self.filter_matches
        if matches is None:
            return
        found, looked = matches.found + len(self._filter_later), self._filter_looked
        held = self._held_filter
        status = Text(no_wrap=True, end="")
        if self._filter_error:
            status.append(f"stopped: {wire_text(self._filter_error, limit=60).plain} · ", style="bold red")
        running = self._filter_child is not None or (held is not None and held.waiting > 0)
        if running:
            total = held.looked + held.waiting if held is not None else self._input_total()
            of = f"/{group_digits(total)}" if total is not None else " looked"
            status.append(f"filtering… {group_digits(looked)}{of}", style="bold")
            status.append(f" · {group_digits(found)} match{'es' if found != 1 else ''} so far")
        else:
            total = self._filter_total if self._filter_total is not None else looked
            status.append(f"{group_digits(found)} of {group_digits(total)} messages match", style="bold")
        self.filter_bar.set_status(status)

    def _input_total(self) -> int | None:
        """Messages in the file, once the view has read it all (the child reads the same)."""
        return self.total_messages if self.finished else None  # type: ignore[attr-defined]
