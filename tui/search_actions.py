"""Search keys: ``/`` and ``\\`` open the search line, ``.``/``,`` (F3/shift+F3) repeat.

A mixin of ``ViewerScreen``. The query is parsed by ``hexview.search``; the search
runs in a worker thread (field queries decode every message they look at) over the
streams in the order ``searching.search_streams`` gives, while the status line says
"searching…" and every key keeps working. A hit selects its stream and message, the
matched bytes (reversed) and the field there in the tree.
"""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from hexview.search import Query, parse_query

from .messages import SearchDone
from .safe import group_digits, wire_text
from .searching import search_streams
from .widgets import SearchBar
from .widgets.field_tree import node_path


class SearchActions:
    def action_search(self, backwards: bool) -> None:
        self._focus_before_search = self.focused
        self.query_one(SearchBar).open(backwards)

    def on_search_bar_closed(self) -> None:
        target = self._focus_before_search
        if target is not None and target.is_attached:
            target.focus()
        else:
            self.messages_pane.focus()

    def on_search_bar_submitted(self, event: SearchBar.Submitted) -> None:
        try:
            query = parse_query(event.text)
        except ValueError as exc:
            self._set_search_status(f"search: {exc}")
            self.notify(wire_text(str(exc)).plain, title="search", severity="error", markup=False)
            return
        self.search_query, self.search_backwards = query, event.backwards
        self._start_search(event.backwards, fresh=True)

    def action_match(self, reverse: bool) -> None:
        if self.search_query is None:
            self.notify("no search yet: / searches forward, \\ backward", markup=False)
            return
        self._start_search(self.search_backwards != reverse, fresh=False)

    def _start_search(self, backwards: bool, fresh: bool) -> None:
        stream, query = self.stream, self.search_query
        if stream is None or query is None:
            return
        offset = self.hex_pane.cursor if self.current_message is not None else -1
        if fresh and not backwards:
            offset -= 1  # a new search may match at the cursor itself
        self.searching = True
        self._set_search_status(f"searching… {self._search_label(backwards)}")
        self._search(query, backwards, list(self.store.streams), self.stream_row, self.position, offset)

    def _search_label(self, backwards: bool) -> str:
        text = self.search_query.text if self.search_query is not None else ""
        return ("\\" if backwards else "/") + text

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: Query, backwards: bool, streams: list, row: int, position: int, offset: int) -> None:
        worker = get_current_worker()
        try:
            found = search_streams(streams, query, row, position, offset, backwards, lambda: worker.is_cancelled)
        except Exception as exc:  # a decoder crash must not kill the view
            self.post_message(SearchDone(None, query, backwards, f"search failed: {type(exc).__name__}: {exc}"))
            return
        if not worker.is_cancelled:
            self.post_message(SearchDone(found, query, backwards))

    def on_search_done(self, event: SearchDone) -> None:
        self.searching = False
        label = ("\\" if event.backwards else "/") + event.query.text
        if event.error:
            self._set_search_status(event.error)
            self.notify(wire_text(event.error).plain, title="search", severity="error", markup=False)
            return
        found = event.found
        if found is None:
            self._set_search_status(f"no match: {label}")
            self.notify(f"no match for {wire_text(label).plain}", title="search", severity="warning", markup=False)
            return
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

    def _set_search_status(self, text: str) -> None:
        self.search_status = text
        self._update_status()
