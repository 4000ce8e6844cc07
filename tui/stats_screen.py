"""The statistics screen (``S``): response times per procedure, per server and per NFSv4
operation -- the rows of ``hexview --stats`` -- as a sortable table in which each row
also draws its latency histogram (log-scaled buckets) and its requests over time, and
below it the selected row's latency over time (a heat map: time across, latency up,
its slowest exchanges marked) beside the list of those slowest exchanges.

Keys: ``c`` calls, ``e`` errors, ``5`` p50, ``9`` p99, ``x`` max, ``a`` avg, ``n``
name, ``v`` server sort the table (the same key again turns the order round; ``s``
steps to the next column); ``tab`` goes between the table and the slowest exchanges;
``enter`` on a row shows its messages in the view (the filter bar gets the row's
filter), ``enter`` on a slow exchange shows its call (``r``: its reply);
``escape``, ``q`` or ``S`` close and stop a count still running.

A file is counted by ``hexview --stats --json --detail`` in a child process
(``cli_worker``: the UI keeps its core and the interpreter), which reports its
progress; a pipe's held messages are counted here a slice at a time (``held_stats``)
and the rows follow the pipe while the screen is open.
"""

from __future__ import annotations

import time
from typing import Any, cast

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget

from hexview.analysis.response_times import StatRow, row_filter
from hexview.output.stats_table import short_seconds

from .cli_worker import CliRun
from .held_stats import HeldStats
from .safe import group_digits, wire_row, wire_text
from .stats_drawing import (
    SORT_KEYS,
    SORTS,
    TEXT_SORTS,
    heat_map,
    histogram_cell,
    latency_range,
    protocol_label,
    range_label,
    row_label,
    seconds_label,
    sort_rows,
    sparkline_cell,
)
from .widgets.line_list import LineList

GAP = "  "
HISTOGRAM_WIDTH = 24  # characters of a row's latency histogram, at most
SPARKLINE_WIDTH = 24  # and of its requests over time
TIMES = ("p50", "p99", "max", "avg")
HISTOGRAM_STYLE = Style(color="cyan")
SPARKLINE_STYLE = Style(color="green")
ERROR_STYLE = Style(color="red")
SLICE_BUDGET = 0.012  # seconds of counting held messages per slice (a pipe)
FOLLOW_EVERY = 0.5  # seconds between looks for newly held messages

Choice = tuple[str, Any]  # ("message", number) or ("filter", expression)


class StatsTable(LineList):
    """The rows; the header names the columns and marks the sort column."""

    DEFAULT_CSS = """
    StatsTable { height: 1fr; padding: 0 1; }
    """

    BINDINGS = [
        Binding("left,h", "sideways(-8)", "Scroll left", show=False),
        Binding("right,l", "sideways(8)", "Scroll right", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[StatRow] = []
        self.sort = "calls"
        self.descending = True
        self.low = self.high = 0  # the latency buckets every histogram cell spans
        self.slices = 1  # the input's time slices (every row's sparkline spans them)
        self.widths: dict[str, int] = {}
        self.chosen = False  # the user moved the cursor to a row since the last sort

    def show(self, rows: list[StatRow], sort: str, descending: bool, top: bool = False) -> None:
        """Show ``rows`` in that order, the cursor on the row the user chose (new counts
        of a pipe), else on the first (also for a new order: ``top``)."""
        if top:
            self.chosen = False
        keep = self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) and self.chosen else None
        self.sort, self.descending = sort, descending
        self.rows = sort_rows(rows, sort, descending)
        self.low, self.high = latency_range([r.get("histogram", []) for r in rows])
        self.slices = max([len(r.get("timeline", [])) for r in rows] + [1])
        cells = [self._cells(r) for r in self.rows]
        heads = self._heads()
        self.widths = {c: max([len(heads[c])] + [len(cell[c][0]) for cell in cells]) for c in heads}
        self.set_rows(len(self.rows), sum(self.widths.values()) + len(GAP) * len(self.widths))
        where = next((i for i, r in enumerate(self.rows) if keep is not None and _same(r, keep)), None)
        self.set_cursor(where if where is not None else 0)

    def _heads(self) -> dict[str, str]:
        mark = "▼" if self.descending else "▲"
        heads = {
            "name": "procedure",
            "server": "server",
            "calls": "calls",
            "errors": "errors",
            **{t: t for t in TIMES},
            "histogram": f"latency {range_label(self.low, self.high)}",
            "sparkline": "requests over time",
            "protocol": "protocol",
        }
        heads[self.sort] += mark
        return heads

    def _cells(self, row: StatRow) -> dict[str, tuple[str, Style | None]]:
        errors = row["errors"]
        histogram = histogram_cell(row.get("histogram", []), self.low, self.high, HISTOGRAM_WIDTH)
        return {
            "name": (row_label(row), None),
            "server": (row["server"] or "all", None),
            "calls": (group_digits(row["calls"]), None),
            "errors": (group_digits(errors), ERROR_STYLE if errors else None),
            **{t: (short_seconds(row[t]), None) for t in TIMES},  # type: ignore[literal-required]
            "histogram": (histogram, HISTOGRAM_STYLE),
            "sparkline": (sparkline_cell(row.get("timeline", []), self.slices, SPARKLINE_WIDTH), SPARKLINE_STYLE),
            "protocol": (protocol_label(row), None),
        }

    def _line(self, cells: dict[str, tuple[str, Style | None]]) -> Text:
        text = Text(no_wrap=True, end="")
        for i, (column, width) in enumerate(self.widths.items()):
            value, style = cells[column]
            if i:
                text.append(GAP)
            left = column in TEXT_SORTS or column in ("histogram", "sparkline", "protocol")
            text.append_text(wire_row(value.ljust(width) if left else value.rjust(width), style, width))
        return text

    def render_header(self, line: int, width: int) -> Text:
        heads = self._heads()
        return self._line({c: (h, None) for c, h in heads.items()})

    def render_row(self, row: int, width: int) -> Text:
        if not 0 <= row < len(self.rows):
            return Text()
        return self._line(self._cells(self.rows[row]))

    def action_sideways(self, cells: int) -> None:
        self.scroll_to(x=max(0, self.scroll_offset.x + cells), animate=False)


def _same(a: StatRow, b: StatRow) -> bool:
    return all(a[k] == b[k] for k in ("protocol", "program", "version", "procedure", "op", "server"))  # type: ignore[literal-required]


class SlowestList(LineList):
    """The selected row's slowest exchanges, slowest first."""

    DEFAULT_CSS = """
    SlowestList { height: 1fr; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.exchanges: list[dict[str, Any]] = []

    def show(self, exchanges: list[dict[str, Any]]) -> None:
        self.exchanges = exchanges
        self.set_rows(len(exchanges), 48)
        self.set_cursor(0)

    def render_header(self, line: int, width: int) -> Text:
        return Text(f"{'latency':>7}  {'at':>7}  call → reply", no_wrap=True, end="")

    def render_row(self, row: int, width: int) -> Text:
        if not 0 <= row < len(self.exchanges):
            return Text()
        e = self.exchanges[row]
        reply = e["reply"] if e["reply"] is not None else "-"
        return Text(
            f"{short_seconds(e['latency']):>7}  {seconds_label(e['time']):>7}  No. {e['request']} → {reply}", no_wrap=True, end=""
        )


class LatencyPlot(Widget):
    """The selected row's heat map, drawn to the widget's size."""

    DEFAULT_CSS = """
    LatencyPlot { height: 1fr; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.row: StatRow | None = None
        self.slices = 1

    def show(self, row: StatRow | None, slices: int) -> None:
        self.row, self.slices = row, slices
        self.refresh()

    def render(self) -> Text:
        row = self.row
        if row is None:
            return Text("")
        slowest = [(e["time"], e["latency"]) for e in row.get("slowest", [])]
        size = self.content_region.size
        lines = heat_map(row.get("heatmap", []), slowest, row.get("slice", 0.001), self.slices, size.width, size.height)
        return Text("\n", no_wrap=True, end="").join(lines)


class StatsScreen(ModalScreen[Choice | None]):
    """``argv``: the child's command line for a file; else the rows come from
    ``held`` (a pipe's messages); ``source`` says which, for the border."""

    DEFAULT_CSS = """
    StatsScreen { background: $surface; }
    StatsScreen StatsTable, StatsScreen #plot, StatsScreen SlowestList {
        border: round $primary-darken-2; border-title-color: $text;
    }
    StatsScreen StatsTable:focus, StatsScreen SlowestList:focus { border: round $accent; }
    StatsScreen #below { height: 14; max-height: 45%; }
    StatsScreen #plot { width: 1fr; }
    StatsScreen SlowestList { width: 52; max-width: 45%; }
    """

    BINDINGS = [
        Binding("escape,q,S", "close", "Close"),
        Binding("s", "step_sort(1)", "Sort"),
        *(Binding(key, f"sort('{column}')", f"Sort by {column}", show=False) for key, column in SORT_KEYS.items()),
        Binding("g", "cursor_to(0)", "Top", show=False),
        Binding("G", "cursor_to(-1)", "Bottom", show=False),
        Binding("r", "open_reply", "Reply", show=False),
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
    ]

    def __init__(self, argv: list[str] | None, held: HeldStats | None, source: str) -> None:
        super().__init__()
        self.argv = argv
        self.held = held
        self.source = source
        self.rows: list[StatRow] = []
        self.sort, self.descending = "calls", True
        self.done = False
        self.state = "counting…"
        self.child: CliRun | None = None
        self._arrived: list[dict[str, Any]] = []  # the child's rows so far
        self._shown_counted = -1  # the held count the rows on show were made at

    def compose(self) -> ComposeResult:
        with Vertical():
            table = StatsTable(id="table")
            table.border_title = "statistics"
            yield table
            with Horizontal(id="below"):
                plot = LatencyPlot(id="plot")
                plot.border_title = "latency over time"
                yield plot
                slowest = SlowestList(id="slowest")
                slowest.border_title = "slowest"
                yield slowest

    def on_mount(self) -> None:
        self.table.focus()
        self._show_state()
        if self.argv is not None:
            self._start_child()
        elif self.held is not None:
            self.call_later(self._count_held)

    @property
    def table(self) -> StatsTable:
        return self.query_one(StatsTable)

    @property
    def slowest(self) -> SlowestList:
        return self.query_one(SlowestList)

    # -- a file: the command line in a child process ---------------------------------------
    def _start_child(self) -> None:
        assert self.argv is not None
        run = self.child = CliRun(self.argv, self.app.call_from_thread, self._rows_arrived, self._progress, self._finished)
        try:
            run.start()
        except OSError as exc:
            self.child = None
            self._failed(f"cannot run hexview: {exc}")

    def _rows_arrived(self, rows: list[dict[str, Any]]) -> None:
        self._arrived += rows  # --stats writes its rows once the input is read

    def _progress(self, progress: dict[str, Any]) -> None:
        if not self.is_attached or self.done:
            return
        done, total, messages = progress.get("progress"), progress.get("total"), progress.get("messages")
        if isinstance(done, int) and isinstance(total, int) and total > 0:
            self.state = f"counting… {100 * min(done, total) // total}%"
        elif isinstance(messages, int):
            self.state = f"counting… {group_digits(messages)} messages"
        self._show_state()

    def _finished(self, code: int, errors: str) -> None:
        if not self.is_attached:
            return
        if code != 0:
            self._failed(errors.splitlines()[-1] if errors else f"hexview --stats ended with status {code}")
            return
        self._counted(cast("list[StatRow]", self._arrived))

    def _failed(self, why: str) -> None:
        if not self.is_attached:
            return
        self.done = True
        self.state = "could not count"
        self._show_state()
        self.notify(wire_text(why).plain, title="statistics", severity="error", markup=False)

    # -- a pipe: the held messages, a slice at a time ----------------------------------
    def _count_held(self) -> None:
        held = self.held
        if held is None or not self.is_attached:
            return
        stop = time.monotonic() + SLICE_BUDGET
        caught_up = held.run(lambda: time.monotonic() < stop)
        if not caught_up:
            if not self.done:
                self.state = f"counting… {group_digits(held.counted)} of {group_digits(held.held)} messages held"
                self._show_state()
            self.set_timer(0.001, self._count_held)  # the UI answers keys between slices
            return
        if held.counted != self._shown_counted:
            self._shown_counted = held.counted
            self._counted(held.rows())
        self.set_timer(FOLLOW_EVERY, self._count_held)  # keep up with the pipe

    # -- rows ----------------------------------------------------------------------------
    def _counted(self, rows: list[StatRow]) -> None:
        if not self.is_attached:
            return
        self.rows, self.done = rows, True
        held = self.held
        self.state = f"{len(rows)} rows" + (f" · {group_digits(held.counted)} messages" if held is not None else "")
        self.table.show(rows, self.sort, self.descending)
        self.row_selected()
        self._show_state()

    def _show_state(self) -> None:
        direction = "largest first" if self.descending else "smallest first"
        if self.sort in TEXT_SORTS:
            direction = "Z to A" if self.descending else "A to Z"
        self.table.border_subtitle = (
            f"{self.state} · sorted by {self.sort}, {direction} · {self.source} · "
            "sort: c e 5 9 x a n v · enter: its messages · tab: slowest · esc closes"
        )

    def row_selected(self) -> None:
        """Show the plot and the slowest exchanges of the row under the table's cursor."""
        table = self.table
        row = table.rows[table.cursor] if 0 <= table.cursor < len(table.rows) else None
        plot = self.query_one(LatencyPlot)
        plot.show(row, table.slices)
        if row is not None:
            where = row["server"] or "all servers"
            plot.border_title = f"latency over time: {row_label(row)} @ {where} (log scale, ◆ slowest)"
            self.slowest.border_title = f"slowest {len(row.get('slowest', []))} of {group_digits(row['answered'])}"
        self.slowest.show(list(row.get("slowest", [])) if row is not None else [])

    def action_sort(self, column: str) -> None:
        if column == self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = column, column not in TEXT_SORTS
        self.table.show(self.rows, self.sort, self.descending, top=True)
        self.row_selected()
        self._show_state()

    def action_step_sort(self, step: int) -> None:
        self.action_sort(SORTS[(SORTS.index(self.sort) + step) % len(SORTS)])

    def action_cursor_to(self, row: int) -> None:
        focused = self.focused
        if isinstance(focused, LineList):
            focused.action_cursor_to(row)

    def on_line_list_chosen(self, event: LineList.Chosen) -> None:
        """A row asked for by keys or a click: the table's shows its plot and slowest."""
        event.stop()
        event.widget.set_cursor(event.row)
        if event.widget is self.table:
            self.table.chosen = True
            self.row_selected()

    # -- answers -------------------------------------------------------------------------
    def on_line_list_entered(self, event: LineList.Entered) -> None:
        event.stop()
        if event.widget is self.table:
            table = self.table
            if 0 <= table.cursor < len(table.rows):
                self._leave(("filter", row_filter(table.rows[table.cursor])))
        else:
            self._open_exchange("request")

    def action_open_reply(self) -> None:
        if self.focused is self.slowest:
            self._open_exchange("reply")

    def _open_exchange(self, which: str) -> None:
        slowest = self.slowest
        if 0 <= slowest.cursor < len(slowest.exchanges):
            number = slowest.exchanges[slowest.cursor][which]
            if number is not None:
                self._leave(("message", number))

    def _leave(self, choice: Choice | None) -> None:
        self._stop()
        self.dismiss(choice)

    def action_close(self) -> None:
        self._leave(None)

    def _stop(self) -> None:
        self.held = None  # a pending slice finds nothing to do
        if self.child is not None:
            self.child.cancel()

    def on_unmount(self) -> None:
        self._stop()
