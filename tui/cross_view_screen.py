"""The screen of a cross-stream view (``hexview.protocols.cross_views``): one screen for
every view a protocol registers, opened by the view's key.

A file is read again by the view's own command line, ``hexview --NAME --json`` on the
same input with the same decoding choices, in a separate process (``cli_worker``):
the rows arrive as JSON lines, and its progress lines say how far it got. A pipe
cannot be read again, so the view's collector is shown the messages the view holds,
in input order, a slice at a time on the UI thread (``held_messages``; a thread
would take the interpreter lock from the screen, see ``searching``), and keeps up
with the messages that arrive later.

The table shows the view's columns (a spread column as one column per name), each
row's members indented below it in the member columns, the cells a row (or member)
marks as differing in bold red. ``s`` / ``S`` sort by the next / previous column
(numbers, then text, then empty cells; a second cycle returns to the input order),
``←`` / ``→`` choose a cell of the cursor's row (underlined), and ``enter`` opens the
message that cell names -- or the row's, or the member's -- in the view, closing
this screen. ``escape``, ``q`` or the view's own key close it. Opened by the view's
``locate_key`` with a message (``locate``), the cursor goes to the first line that
holds it once the rows have come (a notice when none does).
"""

from __future__ import annotations

import time
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen

from hexview.analysis.message_store import MessageStore
from hexview.protocols.cross_views import (
    CrossView,
    Row,
    TableColumn,
    differing,
    feed,
    layout,
    line_holding,
    member_layout,
    members,
    opens,
    sort_key,
)

from .cli_worker import CliRun
from .held_messages import HeldMessages
from .safe import group_digits, wire_text
from .widgets.line_list import LineList

GAP = "  "
INDENT = "  "
MAX_CELL = 48  # cells of one column at most (longer text is cut; --json has it whole)
DIFFERS = Style(color="red", bold=True)
CHOSEN_CELL = Style(underline=True)
SLICE_SECONDS = 0.015  # UI-thread time one slice of a pipe's messages may take
SLICE_MESSAGES = 128  # messages taken from the store at once
REFRESH_SECONDS = 0.5  # how often the rows are asked again while a pipe's messages are read


class CrossViewLines(LineList):
    """The rows and their members as lines; the header is the column headings."""

    DEFAULT_CSS = """
    CrossViewLines { height: 1fr; padding: 0 1; overflow-x: auto; scrollbar-size-horizontal: 0; }
    """

    def __init__(self, view: CrossView, **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = view
        self.rows: list[Row] = []
        self.lines: list[tuple[Row, Row | None]] = []
        self.columns: list[TableColumn] = []
        self.member_columns = member_layout(view)
        self.widths: list[int] = []
        self.member_widths: list[int] = []
        self.sort: int | None = None  # a column's place in ``columns``; None: input order
        self.cell = 0  # the chosen cell of the cursor's row

    def show(self, rows: list[Row]) -> None:
        self.rows = rows
        self.columns = layout(self.view, rows)
        if self.sort is not None and self.sort >= len(self.columns):
            self.sort = None
        ordered = rows if self.sort is None else sorted(rows, key=sort_key(self.columns[self.sort]))
        self.lines = [(row, member) for row in ordered for member in (None, *members(row))]
        self.widths = [max([len(c.heading) + 1] + [min(MAX_CELL, len(c.text(row))) for row in rows]) for c in self.columns]
        self.member_widths = [
            max([len(c.heading)] + [min(MAX_CELL, len(c.text(m))) for row in rows for m in members(row)])
            for c in self.member_columns
        ]
        self.cell = min(self.cell, max(0, len(self.columns) - 1))
        width = sum(self.widths) + len(GAP) * len(self.widths)
        member_width = len(INDENT) + sum(self.member_widths) + len(GAP) * len(self.member_widths)
        self.set_rows(len(self.lines), max(width, member_width))
        self.set_cursor(min(self.cursor, max(0, len(self.lines) - 1)))

    def render_header(self, line: int, width: int) -> Text:
        text = Text(no_wrap=True, end="")
        for i, (column, cells) in enumerate(zip(self.columns, self.widths, strict=True)):
            heading = column.heading + ("▼" if i == self.sort else "")
            text.append_text(_cell(heading, cells, column))
            text.append(GAP)
        return text

    def render_row(self, row: int, width: int) -> Text:
        if not 0 <= row < len(self.lines):
            return Text()
        owner, member = self.lines[row]
        text = Text(no_wrap=True, end="")
        if member is not None:
            text.append(INDENT)
            marked = differing(member)
            for column, cells in zip(self.member_columns, self.member_widths, strict=True):
                text.append_text(_cell(column.text(member), cells, column, DIFFERS if column.path in marked else None))
                text.append(GAP)
            return text
        marked = differing(owner)
        for i, (column, cells) in enumerate(zip(self.columns, self.widths, strict=True)):
            style = DIFFERS if column.path in marked else None
            if row == self.cursor and i == self.cell:
                style = CHOSEN_CELL + style if style is not None else CHOSEN_CELL
            text.append_text(_cell(column.text(owner), cells, column, style))
            text.append(GAP)
        return text

    def chosen_message(self) -> int | None:
        """The message ``enter`` opens: the chosen cell's, else the row's or member's."""
        if not 0 <= self.cursor < len(self.lines):
            return None
        owner, member = self.lines[self.cursor]
        if member is not None:
            return opens(self.view, member, member=True)
        if 0 <= self.cell < len(self.columns):
            index = self.columns[self.cell].opened(owner)
            if index is not None:
                return index
        return opens(self.view, owner)

    def move_cell(self, step: int) -> None:
        if not self.columns:
            return
        self.cell = max(0, min(self.cell + step, len(self.columns) - 1))
        left = sum(self.widths[: self.cell]) + len(GAP) * self.cell
        right = left + self.widths[self.cell]
        view = self.scrollable_content_region.width
        x = round(self.scroll_offset.x)
        if left < x:
            self.scroll_to(x=left, animate=False)
        elif right > x + view:
            self.scroll_to(x=max(0, right - view), animate=False)
        self.refresh_rows(self.cursor)

    def on_line_list_chosen(self, event: LineList.Chosen) -> None:
        if event.widget is self:
            event.stop()
            self.set_cursor(event.row)


def _cell(value: str, cells: int, column: TableColumn, style: Style | None = None) -> Text:
    text = wire_text(value, style, limit=cells)
    pad = " " * max(0, cells - text.cell_len)
    if column.align == "right":
        return Text(pad, end="") + text
    return text + Text(pad, end="")


class CrossViewScreen(ModalScreen[int | None]):
    """``command``: the view's command line on the input (a file), or None: the
    collector runs over the messages ``store`` holds (a pipe). Dismissed with the
    message number to open, or None."""

    DEFAULT_CSS = """
    CrossViewScreen { background: $surface; }
    CrossViewScreen CrossViewLines { border: round $accent; border-title-color: $text; }
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("s", "sort(1)", "Sort"),
        Binding("S", "sort(-1)", "Sort back", show=False),
        Binding("left,h", "cell(-1)", "Cell left", show=False),
        Binding("right,l", "cell(1)", "Cell right", show=False),
        Binding("g", "cursor_to(0)", "Top", show=False),
        Binding("G", "cursor_to(-1)", "Bottom", show=False),
    ]

    def __init__(self, view: CrossView, command: list[str] | None, store: MessageStore, locate: int | None = None) -> None:
        super().__init__()
        self.view = view
        self.command = command
        self.store = store
        self.locate = locate  # a message whose line the cursor goes to once the rows have it
        self.rows: list[Row] = []
        self.state = "starting…"
        self.done = False
        self.run: CliRun | None = None
        self._held: HeldMessages | None = None
        self._collector: Any = None
        self._fresh = 0  # messages shown to the collector since its rows were last asked
        self._asked = 0.0

    @property
    def source(self) -> str:
        return "read again from the file" if self.command is not None else "the messages held"

    def compose(self) -> ComposeResult:
        lines = CrossViewLines(self.view, id="cross-view")
        lines.border_title = self.view.title
        yield lines

    @property
    def lines(self) -> CrossViewLines:
        return self.query_one(CrossViewLines)

    def on_mount(self) -> None:
        self.lines.focus()
        if self.command is not None:
            self.run = CliRun(self.command, self.app.call_from_thread, self._rows_arrived, self._progress, self._finished)
            try:
                self.run.start()
                self.state = "reading…"
            except OSError as exc:
                self.run = None
                self.state = "could not start"
                self.notify(wire_text(f"{self.view.name}: {exc}").plain, severity="error", markup=False)
        else:
            self._collector = self.view.collector()
            self._held = HeldMessages(self.store)
            self.state = "reading the messages held…"
            self.set_interval(0.05, self._slice)
        self._show_state()

    def on_unmount(self) -> None:
        if self.run is not None:
            self.run.cancel()

    # -- a file: the command line's rows -------------------------------------------------------
    def _rows_arrived(self, rows: list[dict[str, Any]]) -> None:
        if not self.is_attached:
            return
        self.rows += [{k: v for k, v in row.items() if k != "view"} for row in rows]
        self.lines.show(self.rows)
        self._find()
        self._show_state()

    def _progress(self, progress: dict[str, Any]) -> None:
        if not self.is_attached or self.done:
            return
        done, total, messages = progress.get("progress"), progress.get("total"), progress.get("messages")
        parts = ["reading…"]
        if isinstance(done, int) and isinstance(total, int) and total > 0:
            parts.append(f"{100 * min(done, total) // total}%")
        if isinstance(messages, int):
            parts.append(f"{group_digits(messages)} messages")
        self.state = " ".join(parts)
        self._show_state()

    def _finished(self, code: int, errors: str) -> None:
        if not self.is_attached:
            return
        self.done = True
        self._find(final=True)
        self.state = f"{group_digits(len(self.rows))} rows"
        if code != 0:
            self.state = f"stopped ({group_digits(len(self.rows))} rows)"
            first = errors.splitlines()[0] if errors else f"exit status {code}"
            self.notify(wire_text(first).plain, title=self.view.name, severity="error", markup=False)
        self._show_state()

    # -- a pipe: the collector over the messages held ----------------------------------------------
    def _slice(self) -> None:
        held = self._held
        if held is None:
            return
        deadline = time.monotonic() + SLICE_SECONDS
        taken = 0
        while time.monotonic() < deadline:
            batch = held.take(SLICE_MESSAGES)
            if not batch:
                break
            feed(self._collector, batch)
            taken += len(batch)
        self._fresh += taken
        now = time.monotonic()
        caught_up = held.taken >= held.held
        if self._fresh and (caught_up or now - self._asked >= REFRESH_SECONDS):
            self._fresh, self._asked = 0, now
            self.rows = self._collector.rows()
            self.lines.show(self.rows)
            self._find(final=caught_up)
        state = f"{group_digits(len(self.rows))} rows, live" if caught_up else f"reading… {group_digits(held.taken)} messages"
        if state != self.state:
            self.state = state
            self._show_state()

    def _find(self, final: bool = False) -> None:
        """The cursor to the line holding ``locate``, once the rows have one."""
        if self.locate is None:
            return
        lines = self.lines
        found = line_holding(self.view, lines.lines, self.locate)
        if found is not None:
            lines.set_cursor(found)
            self.locate = None
        elif final:
            self.notify(f"message {self.locate} is in no row", title=self.view.name, markup=False)
            self.locate = None

    # -- keys ------------------------------------------------------------------------------------------
    def _show_state(self) -> None:
        sort = self.lines.columns[self.lines.sort].heading if self.lines.sort is not None else "input order"
        self.lines.border_subtitle = (
            f"{self.state} · {self.source} · sorted by {sort} · s/S sort · ←/→ cell · enter opens · "
            f"escape, q or {self.view.key} closes"
        )

    def on_key(self, event: events.Key) -> None:
        if event.key == self.view.key:
            event.stop()
            self.action_close()

    def action_sort(self, step: int) -> None:
        lines = self.lines
        choices: list[int | None] = [None, *range(len(lines.columns))]
        lines.sort = choices[(choices.index(lines.sort) + step) % len(choices)]
        lines.show(self.rows)
        self._show_state()

    def action_cell(self, step: int) -> None:
        self.lines.move_cell(step)

    def action_cursor_to(self, row: int) -> None:
        self.lines.action_cursor_to(row)

    def on_line_list_entered(self, event: LineList.Entered) -> None:
        event.stop()
        index = self.lines.chosen_message()
        if index is None:
            self.notify("no message to open here", title=self.view.name, markup=False)
            return
        self.dismiss(index)

    def action_close(self) -> None:
        if self.run is not None:
            self.run.cancel()
        self.dismiss(None)
