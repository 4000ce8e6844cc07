"""Search keys: ``/`` and ``\\`` open the search line, ``n``/``N`` go to the next /
previous match (``.``/``,``, F3/shift+F3 too), ``escape`` stops a running search.

A mixin of ``ViewerScreen``. The query is parsed by ``hexview.analysis.search``; the search
(``searching.StreamSearch``) runs on the UI thread a slice at a time: about
``SLICE`` seconds of looking at messages, then a short pause in which keys, timers
and painting have their turn, so the view answers while a search over thousands of
messages runs, the status line counts how far it got ("searching… 3 120/8 216"),
and ``escape`` stops it. (Why not a thread: see ``searching``.)

With a display filter in force, only the messages it lists are searched, as in
Wireshark. A hit selects its stream and message, the matched bytes (reversed) and the field
there in the tree. The status line's result ("/r.txt → msg 35 …") describes that
match: once the selection moves elsewhere by other means, only the query is left
("/r.txt", what ``n`` searches for).
"""

from __future__ import annotations

import asyncio
import time
from array import array
from typing import TYPE_CHECKING

from textual import work

from .safe import group_digits, wire_text
from .widgets import SearchBar
from .widgets.field_tree import node_path

if TYPE_CHECKING:  # the search itself is imported on first use: not on the way to the first screen
    from .searching import Found, StreamSearch

SLICE = 0.012  # seconds of searching at a time...
PAUSE = 0.002  # ...then this long for keys, timers and painting
PROGRESS_EVERY = 0.1  # seconds between progress updates (each one repaints the status line)


class SearchActions:
    _running_search: StreamSearch | None = None
    _more_matches = 0  # n pressed again while the search for the next match ran: go on as far
    _match_at: tuple[int | None, int] | None = None  # the message the status line's result is about

    def action_search(self, backwards: bool) -> None:
        bar = self.query_one(SearchBar)
        if not bar.has_focus_within:  # else a ``/`` or ``\\`` read before the line opened:
            bar.open(backwards)  # the App types it into the query (HexviewApp.on_key)

    def on_prompt_bar_closed(self) -> None:
        if self.focused is None:  # the pane that had focus went away
            self.messages_pane.focus()

    def on_search_bar_submitted(self, event: SearchBar.Submitted) -> None:
        from hexview.analysis.search import parse_query

        try:
            query = parse_query(event.text)
        except ValueError as exc:
            self._set_search_status(f"search: {exc}")
            self.notify(wire_text(str(exc)).plain, title="search", severity="error", markup=False)
            return
        self.search_query, self.search_backwards = query, event.backwards
        self._more_matches = 0
        self._start_search(event.backwards, fresh=True)

    def action_match(self, reverse: bool) -> None:
        if self.search_query is None:
            self.notify("no search yet: / searches forward, \\ backward", markup=False)
            return
        backwards = self.search_backwards != reverse
        running = self._running_search
        if running is not None and running.backwards == backwards and running.query is self.search_query:
            self._more_matches += 1  # nnn in one burst: three matches on, not one search restarted thrice
            return
        self._more_matches = 0
        self._start_search(backwards, fresh=False)

    def action_cancel_search(self) -> None:
        """``escape``: stop a running search where it got to."""
        search = self._running_search
        if search is None:
            return
        self.workers.cancel_group(self, "search")
        self._running_search = None
        self._more_matches = 0
        self.searching = False
        self._set_search_status(f"search cancelled: {self._search_label(search.backwards)} at {self._progress_text(search)}")

    def _start_search(self, backwards: bool, fresh: bool) -> None:
        stream, query = self.stream, self.search_query
        if stream is None or query is None:
            return
        offset = self.hex_pane.cursor if self.current_message is not None else -1
        if fresh and not backwards:
            offset -= 1  # a new search may match at the cursor itself
        from .searching import StreamSearch

        matches = self.filter_matches  # with a display filter, only what it lists is searched
        listed = None if matches is None else (lambda row: array("q", matches.positions(row)))  # as they are now
        search = StreamSearch(list(self.store.streams), query, self.stream_row, self.position, offset, backwards, listed)
        self._running_search = search
        self.searching = True
        self._set_search_status(f"searching… {self._search_label(backwards)}")
        self._search(search)

    def _search_label(self, backwards: bool) -> str:
        text = self.search_query.text if self.search_query is not None else ""
        return ("\\" if backwards else "/") + text

    @staticmethod
    def _progress_text(search: StreamSearch) -> str:
        return f"{group_digits(search.looked)}/{group_digits(search.total)}"

    @work(exclusive=True, group="search", exit_on_error=False)
    async def _search(self, search: StreamSearch) -> None:
        label = self._search_label(search.backwards)
        shown = time.monotonic()
        try:
            while True:
                until = time.monotonic() + SLICE
                if search.run(lambda until=until: time.monotonic() < until):
                    break
                if until - shown >= PROGRESS_EVERY:
                    shown = until
                    self._set_search_status(f"searching… {self._progress_text(search)} {label}")
                await asyncio.sleep(PAUSE)
        except Exception as exc:  # a decoder crash must not kill the view
            self._search_finished(search, f"search failed: {type(exc).__name__}: {exc}")
            return
        self._search_finished(search)

    def _search_finished(self, search: StreamSearch, error: str | None = None) -> None:
        if search is not self._running_search:  # cancelled, or a newer search runs
            return
        self._running_search = None
        self.searching = False
        label = self._search_label(search.backwards)
        if error:
            self._set_search_status(error)
            self.notify(wire_text(error).plain, title="search", severity="error", markup=False)
        elif search.found is None:
            self._set_search_status(f"no match: {label}")
            self.notify(f"no match for {wire_text(label).plain}", title="search", severity="warning", markup=False)
        else:
            self._show_match(search.found, label)
            if self._more_matches:
                self._more_matches -= 1
                self._start_search(search.backwards, fresh=False)
                return
        self._more_matches = 0

    def _show_match(self, found: Found, label: str) -> None:
        if found.row != self.stream_row:
            self.select_stream(found.row)
        self.select_position(found.position, user=True)
        node = None
        if found.field is not None:
            node = self.fields_pane.node_for_field(found.field, found.start)
        if node is None:
            node = self.fields_pane.node_at(found.start)
        if node is not None:
            self.fields_pane.reveal(node)
            self._field_path = node_path(node)
        self.hex_pane.select(found.start, found.end)
        self.hex_pane.set_cursor(found.start, scroll=False)
        self._update_hex_subtitle()
        where = f"msg {group_digits(found.position + 1)} [{found.start}-{found.end}]"
        if found.field:
            where += f" {wire_text(found.field, limit=40).plain}"
        self._set_search_status(f"{label} → {where}" + (" · wrapped" if found.wrapped else ""))
        self._match_at = (self.stream_row, self.position)

    def _set_search_status(self, text: str) -> None:
        self.search_status = text
        self._match_at = None
        self._update_status()

    def selection_moved(self) -> None:
        """The message on show changed: a result about another message is no longer true."""
        at = self._match_at
        if at is not None and at != (self.stream_row, self.position):
            self._set_search_status(self._search_label(self.search_backwards))
