"""The conversations screen (``c``): one row per conversation, the columns of
``hexview --conversations`` (endpoints, protocol, packets and bytes each way, start,
duration, messages, unanswered, errors), sorted by stream until ``s`` / ``S`` choose
another column (numbers largest first, text A to Z: ``sort_rows``); ``enter`` selects
that stream in the main view.

The rows are counted in a worker thread (a file is read again: every connection,
also those that carried no message; a pipe counts the messages held), so the view
answers keys meanwhile and the border says it is still counting.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.worker import get_current_worker

from hexview.analysis.conversations import COLUMNS, ConversationRow, sort_rows
from hexview.output.conversation_table import HEADINGS, TEXT_COLUMNS, cell_text

from .safe import wire_row, wire_text
from .widgets.line_list import LineList

GAP = "  "


class ConversationLines(LineList):
    DEFAULT_CSS = """
    ConversationLines { height: 1fr; padding: 0 1; overflow-x: auto; scrollbar-size-horizontal: 0; }
    """

    BINDINGS = [
        Binding("left,h", "sideways(-8)", "Scroll left", show=False),
        Binding("right,l", "sideways(8)", "Scroll right", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[ConversationRow] = []
        self.sort = "stream"
        self.widths = [len(HEADINGS[c]) + 1 for c in COLUMNS]

    def show(self, rows: list[ConversationRow], sort: str) -> None:
        self.sort = sort
        self.rows = rows if sort == "stream" else sort_rows(rows, sort)
        self.widths = [max([len(HEADINGS[c]) + 1] + [len(cell_text(r, c)) for r in rows]) for c in COLUMNS]
        self.set_rows(len(rows), sum(self.widths) + len(GAP) * len(COLUMNS))
        self.set_cursor(min(self.cursor, max(0, len(rows) - 1)))

    def action_sideways(self, cells: int) -> None:
        self.scroll_to(x=max(0, self.scroll_offset.x + cells), animate=False)

    def _line(self, cells: list[str]) -> str:
        parts = [
            text.ljust(width) if column in TEXT_COLUMNS else text.rjust(width)
            for text, width, column in zip(cells, self.widths, COLUMNS, strict=True)
        ]
        return GAP.join(parts)

    def render_header(self, line: int, width: int) -> Text:
        return Text(self._line([HEADINGS[c] + ("▼" if c == self.sort else "") for c in COLUMNS]), no_wrap=True, end="")

    def render_row(self, row: int, width: int) -> Text:
        if not 0 <= row < len(self.rows):
            return Text()
        conv = self.rows[row]
        style = "red" if conv.errors else None
        return wire_row(self._line([cell_text(conv, c) for c in COLUMNS]), style, max(width, 400))

    def on_line_list_chosen(self, event: LineList.Chosen) -> None:
        if event.widget is self:
            event.stop()
            self.set_cursor(event.row)


class ConversationsScreen(ModalScreen[int | None]):
    """``count``: run in a worker thread, returns the rows (in stream order)."""

    DEFAULT_CSS = """
    ConversationsScreen { background: $surface; }
    ConversationsScreen ConversationLines { border: round $accent; border-title-color: $text; }
    """

    BINDINGS = [
        Binding("escape,q,c", "close", "Close"),
        Binding("s", "sort(1)", "Sort"),
        Binding("S", "sort(-1)", "Sort back", show=False),
        Binding("g", "cursor_to(0)", "Top", show=False),
        Binding("G", "cursor_to(-1)", "Bottom", show=False),
    ]

    def __init__(self, count: Callable[[], list[ConversationRow]], source: str) -> None:
        super().__init__()
        self.count = count
        self.source = source
        self.rows: list[ConversationRow] = []
        self.sort = "stream"
        self.done = False

    def compose(self) -> ComposeResult:
        lines = ConversationLines(id="conversations")
        lines.border_title = "conversations"
        yield lines

    def on_mount(self) -> None:
        self.lines.focus()
        self._show_state()
        self.run_worker(self._count, thread=True, exclusive=True, exit_on_error=False)

    @property
    def lines(self) -> ConversationLines:
        return self.query_one(ConversationLines)

    def _count(self) -> None:
        worker = get_current_worker()
        try:
            rows = self.count()
        except Exception as exc:  # a damaged input: say so, keep the view
            self.app.call_from_thread(self.notify, wire_text(f"conversations: {exc}").plain, severity="error", markup=False)
            rows = []
        if not worker.is_cancelled:
            self.app.call_from_thread(self._counted, rows)

    def _counted(self, rows: list[ConversationRow]) -> None:
        if not self.is_attached:
            return
        self.rows, self.done = rows, True
        self.lines.show(rows, self.sort)
        self._show_state()

    def _show_state(self) -> None:
        state = f"{len(self.rows)} conversations" if self.done else "counting…"
        sort = f"sorted by {HEADINGS[self.sort].lower()}"
        self.lines.border_subtitle = f"{state} · {sort} · {self.source} · s/S: sort · enter selects · escape, q or c closes"

    def action_sort(self, step: int) -> None:
        self.sort = COLUMNS[(COLUMNS.index(self.sort) + step) % len(COLUMNS)]
        self.lines.show(self.rows, self.sort)
        self._show_state()

    def action_cursor_to(self, row: int) -> None:
        self.lines.action_cursor_to(row)

    def on_line_list_entered(self, event: LineList.Entered) -> None:
        event.stop()
        lines = self.lines
        if 0 <= lines.cursor < len(lines.rows):
            self.dismiss(lines.rows[lines.cursor].stream)

    def action_close(self) -> None:
        self.workers.cancel_node(self)
        self.dismiss(None)
