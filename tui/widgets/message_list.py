"""The messages of the selected stream, one row each, like Wireshark's packet list.

Columns: the message number every view uses (``--print``'s "Message N", ``--json``'s
``index``), the node whose copy came first (several inputs merged), the first frame,
the time (relative to the capture's first message, absolute, delta from the row
above, or since a reference message), the direction
arrow, markers (``↔`` the pair of the message on show, ``✗`` a failed reply, ``!``
bytes missing or a decode problem), the name, the protocol's info (what happened: the
NFS operations and the first failing status, Gluster's file name and errno, NBD's
offset and error...), the length and the response time. Failed replies are drawn in
red. Columns size to the pane: the info column takes whatever the others leave, and
on narrow panes the frame column goes first. Zoomed (``z``), the list shows more:
every frame, the offset in the stream and the endpoints.

With a display filter, the list shows only the stream's matches (``FilterMatches``,
read as it grows), plus the message on show when the filter hides it, drawn dim
(``FilteredRows``); rows then map to positions through it instead of one to one.

Rows are read from the ``StoredStream`` when drawn (Line API), so a stream of a
million messages costs what the visible rows cost; outcomes come from a bounded cache
(``tui.outcomes``). When the store has dropped old messages to bound memory, the
header line says how many.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.text import Text

from hexview.analysis.filter_matches import FilteredRows, FilterMatches
from hexview.analysis.message_store import StoredStream
from hexview.analysis.stream_stats import latency_text
from hexview.messages import Message
from hexview.nodes import NodeMap
from hexview.output import times
from hexview.output.seen_text import node_label

from ..outcomes import OutcomeCache
from ..safe import group_digits, wire_text
from .line_list import LineList

ARROWS = {"c2s": "→", "s2c": "←"}
TIME_MODES = ("relative", "absolute", "delta", "reference")
TIME_TITLES = {"relative": "time", "absolute": "time of day", "delta": "delta", "reference": "since ref"}
FAILED_STYLE = "red"
HIDDEN_STYLE = "dim italic"  # a message on show that the filter hides
GAP = "  "
MIN_INFO = 16


def message_time(mode: str, message: Message, previous: Message | None, origin: float | None, reference: Message | None) -> str:
    """The time column's text for ``message`` in ``mode`` ('' when the input had no times)."""
    t = message.timestamp
    if t is None:
        return ""
    if mode == "absolute":
        whole = int(t // 1)
        return time.strftime("%H:%M:%S", time.localtime(whole)) + f".{int(round((t - whole) * 1e6)) % 1000000:06d}"
    if mode == "delta":
        before = previous.timestamp if previous is not None else None
        return f"{t - before:.6f}" if before is not None else f"{0:.6f}"
    if mode == "reference" and reference is not None and reference.timestamp is not None:
        if message is reference:
            return "*REF*"
        return f"{t - reference.timestamp:.6f}"
    relative = times.relative(message, origin)  # as --summary and --json give it
    return f"{relative:.6f}" if relative is not None else ""


@dataclass(frozen=True, slots=True)
class Layout:
    number: int
    node: int  # several inputs merged: the node's label (0: one input)
    frame: int  # 0: not shown
    time: int
    name: int
    info: int
    length: int
    latency: int
    detail: int  # zoomed: the endpoints column's width (0: not zoomed); frames and offset too


class MessageList(LineList):
    DEFAULT_CSS = """
    MessageList { height: 1fr; padding: 0 0 0 1; }
    """

    cache_rows = True  # a row changes with the stream (update_rows), the view (set_view) or the pair marker

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "messages"
        self.stream: StoredStream | None = None
        self.pair_position: int | None = None  # of the current message's pair, if shown
        self.outcomes = OutcomeCache()
        self.time_mode = "relative"
        self._origin: float | None = None  # "relative" time zero: the capture's first message
        self.reference: Message | None = None  # the time reference (``T``)
        self.detail = False  # zoomed: show more columns
        self.matches: FilterMatches | None = None  # a display filter's matches (None: every message)
        self.visiting: int | None = None  # with a filter: the position on show, listed though hidden
        self._rows: FilteredRows | None = None  # the filtered rows, made when asked for
        self.nodes: NodeMap | None = None  # several inputs merged: each row names its node

    # -- state (the screen calls these) -----------------------------------------------------
    @property
    def origin(self) -> float | None:
        return self._origin

    @origin.setter
    def origin(self, value: float | None) -> None:
        if value != self._origin:
            self._origin = value
            self.refresh()  # every row's relative time

    def show_stream(self, stream: StoredStream | None) -> None:
        self.stream = stream
        self.pair_position = None
        self.visiting = None  # the screen says which message of this stream is on show
        self.cursor = 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self.update_rows()

    def update_rows(self) -> None:
        """The stream grew or dropped old messages (or matches came)."""
        stream = self.stream
        self._rows = None
        if stream is None:
            count = 0
        elif self.matches is not None:
            count = len(self.filtered_rows())
        else:
            count = stream.count - stream.first
        self.set_rows(count, 0)

    def set_filter(self, matches: FilterMatches | None, visiting: int | None = None) -> None:
        """List only ``matches`` (None: every message) and the hidden message ``visiting``."""
        self.matches, self.visiting = matches, visiting
        self.update_rows()

    def filtered_rows(self) -> FilteredRows:
        rows = self._rows
        if rows is None:
            assert self.matches is not None and self.stream is not None
            rows = self._rows = FilteredRows(self.matches.positions(self.stream.row), self.visiting)
        return rows

    def set_view(self, time_mode: str | None = None, detail: bool | None = None) -> None:
        if time_mode is not None:
            self.time_mode = time_mode
        if detail is not None:
            self.detail = detail
        self.refresh()

    def row_of(self, position: int) -> int:
        """The row of ``position`` (filtered: of the first listed after it, if it is not)."""
        if self.matches is not None and self.stream is not None:
            rows = self.filtered_rows()
            return rows.row(position) if len(rows) else 0
        return position - (self.stream.first if self.stream is not None else 0)

    def position_of_row(self, row: int) -> int:
        if self.matches is not None and self.stream is not None:
            rows = self.filtered_rows()
            return rows.position(row) if len(rows) else self.stream.first
        return row + (self.stream.first if self.stream is not None else 0)

    def show_position(self, position: int, pair_position: int | None = None) -> None:
        old_pair, self.pair_position = self.pair_position, pair_position
        self.set_cursor(self.row_of(position))
        if old_pair != pair_position:
            self.refresh_rows(*(self.row_of(p) for p in (old_pair, pair_position) if p is not None))

    # -- columns ------------------------------------------------------------------------------
    def layout(self, width: int) -> Layout:
        stream = self.stream
        newest = stream.get(stream.count - 1) if stream is not None and stream.count else None
        number = max(3, len(str(newest.index))) if newest is not None else 3
        nodes = self.nodes
        node = max(4, *(len(n.label) for n in nodes.nodes)) if nodes is not None else 0
        frame = max(5, len(str(newest.frames[-1]))) if newest is not None and newest.frames else 5
        clock = 15 if self.time_mode == "absolute" else 11
        name = min(32, max(8, stream.stats.longest_name if stream is not None else 8))
        length, latency = 7, 9
        detail = 0
        if self.detail and stream is not None:
            frame = max(frame * 2 + 1, 11)  # "first-last"
            length = max(length, len(str(stream.stats.bytes)) + 1) * 2 + 1  # "offset+length"
            conv = stream.conversation
            detail = len(f"{conv.client} → {conv.server}")

        def info_room(frame_width: int, name_width: int) -> int:
            fixed = number + clock + 5 + name_width + length + latency + (frame_width + len(GAP) if frame_width else 0)
            fixed += node + len(GAP) if node else 0
            fixed += detail + len(GAP) if detail else 0
            return width - fixed - 6 * len(GAP)

        if info_room(frame, name) < MIN_INFO and not self.detail:
            frame = 0
        if info_room(frame, name) < MIN_INFO:
            name = max(12, name - (MIN_INFO - info_room(frame, name)))
        return Layout(number, node, frame, clock, name, max(0, info_room(frame, name)), length, latency, detail)

    # -- rendering ------------------------------------------------------------------------------
    def render_header(self, line: int, width: int) -> Text:
        stream = self.stream
        if stream is not None and stream.first:
            return Text(f"… {group_digits(stream.first)} older messages dropped (memory limit)", style="italic", end="")
        lay = self.layout(width)
        parts = [f"{'No.':>{lay.number}}"]
        if lay.node:
            parts.append(f"{'node':<{lay.node}}")
        if lay.frame:
            parts.append(f"{'frames' if lay.detail else 'frame':>{lay.frame}}")
        parts.append(f"{TIME_TITLES[self.time_mode]:>{lay.time}}")
        if lay.detail:
            parts.append(f"{'source → destination':<{lay.detail}}")
        parts.append(f"{'':5}{'name':<{lay.name}}")
        parts.append(f"{'info':<{lay.info}}")
        parts.append(f"{'offset+bytes' if lay.detail else 'bytes':>{lay.length}}")
        parts.append(f"{'latency':>{lay.latency}}")
        return Text(GAP.join(parts), no_wrap=True, end="")

    def render_row(self, row: int, width: int) -> Text:
        text = Text(no_wrap=True, end="")
        stream = self.stream
        position = self.position_of_row(row)
        message = stream.get(position) if stream is not None else None
        lay = self.layout(width)
        if message is None:
            text.append(f"{'':>{lay.number}}{GAP}(dropped)", style="dim")
            return text
        shown = self.outcomes.row(message)
        failed = shown.outcome.failed
        if self.visiting is not None and position == self.visiting:
            text.style = HIDDEN_STYLE  # listed only because it is on show: the filter hides it
        text.append(f"{message.index:>{lay.number}}")
        if lay.node and self.nodes is not None:
            text.append(GAP)
            _cell(text, node_label(self.nodes, message), lay.node, None)
        if lay.frame:
            text.append(GAP)
            text.append(f"{_frames(message, lay.detail):>{lay.frame}}", style="dim")
        text.append(GAP)
        previous = None
        if self.time_mode == "delta" and row > 0:
            previous = stream.get(self.position_of_row(row - 1))  # the row above (filtered: the match before)
        text.append(f"{message_time(self.time_mode, message, previous, self.origin, self.reference):>{lay.time}}")
        text.append(GAP)
        if lay.detail:
            source, destination = message.endpoints
            _cell(text, f"{source} → {destination}", lay.detail, "dim")
            text.append(GAP)
        text.append(ARROWS.get(message.direction, "?"), style="bold")
        text.append(" ")
        text.append("↔" if position == self.pair_position else " ", style="bold")
        if failed:
            text.append("✗", style="bold " + FAILED_STYLE)
        else:
            text.append("!" if shown.problems else " ", style="bold red")
        text.append(" ")
        _cell(text, message.name, lay.name, FAILED_STYLE if failed else None)
        text.append(GAP)
        _cell(text, shown.outcome.info, lay.info, FAILED_STYLE if failed else None)
        text.append(GAP)
        size = f"{message.offset}+{message.length}" if lay.detail else str(message.length)
        text.append(f"{size:>{lay.length}}", style="dim")
        text.append(GAP)
        text.append(f"{latency_text(message) if message.is_reply else '':>{lay.latency}}")
        return text

    def row_text(self, row: int, width: int = 120) -> str:
        """Row ``row`` as plain text (tests)."""
        return self.render_row(row, width).plain


def _frames(message: Message, detail: bool) -> str:
    frames = message.frames
    if not frames:
        return "-"
    if detail and len(frames) > 1:
        return f"{frames[0]}-{frames[-1]}"
    return str(frames[0])


def _cell(text: Text, value: str, width: int, style: str | None) -> None:
    """``value`` as wire text in exactly ``width`` cells (cut with an ellipsis)."""
    if width <= 0:
        return
    shown = wire_text(value, style, limit=width)
    text.append_text(shown)
    text.append(" " * max(0, width - shown.cell_len))
