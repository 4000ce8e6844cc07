"""The stream list: one row per conversation, in stream-number order.

Columns: stream number (tshark's ``tcp.stream``), protocol in its registration's
colour, endpoints, the stream's name when its handshake gave one (a GlusterFS brick,
an NBD export: ``hexview.protocols.labels``; the column appears with the first name,
after the endpoints when the whole row fits, else last), the nodes that captured it
(several inputs merged: their short names), messages, bytes, problems, and for request/reply protocols how many
requests were answered and how fast (average and slowest). Zoomed (``z``) it fills the
screen and adds when each stream started and how long it lasted. The store keeps
streams in the order their first message came (rows never move, so every reference to
a row stays good); this list shows them sorted by stream number, the order tshark and
Wireshark use, through a display order of its own. Rows are rendered from the live
``StoredStream`` counters on demand (Line API), so a batch of new messages costs a
refresh, not a cell update per stream. On a narrow terminal ``←``/``→`` scroll the
columns sideways.

With a display filter the list shows only the streams with a match, and how many
match in a column of its own; the selected stream stays listed (dim) while it has
none (``visiting``).
"""

from __future__ import annotations

from bisect import bisect

from rich.text import Text
from textual.binding import Binding

from hexview.analysis.filter_matches import FilterMatches
from hexview.analysis.message_store import StoredStream
from hexview.analysis.stream_stats import format_seconds
from hexview.nodes import NodeMap
from hexview.protocols.labels import labels_of, stream_label

from ..safe import colour_style, group_digits, wire_text
from .line_list import LineList

MAX_LABEL = 90  # cells of the endpoints column at most (long IPv6 pairs are cut)
MAX_NAME = 36  # cells of the name column at most (a brick's path is cut: --conversations has it whole)
MAX_NODES = 40  # cells of the nodes column at most (several inputs merged)
PROBLEM_STYLE = "bold red"
HIDDEN_STYLE = "dim italic"  # the selected stream, listed though nothing in it matches


def protocol_name(stream: StoredStream) -> str:
    return str(getattr(stream.conversation.protocol, "name", "?"))


def protocol_style(stream: StoredStream):
    colours = getattr(stream.conversation.protocol, "colours", None) or {}
    return colour_style(colours.get("protocol"))


class StreamList(LineList):
    BINDINGS = [
        Binding("left,h", "sideways(-8)", "Scroll left", show=False),
        Binding("right,l", "sideways(8)", "Scroll right", show=False),
    ]

    DEFAULT_CSS = """
    StreamList { height: auto; min-height: 3; max-height: 30%; overflow-x: auto; scrollbar-size-horizontal: 0; }
    StreamList.-maximized { max-height: 100%; height: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "streams"
        self.streams: list[StoredStream] = []
        self.order: list[int] = []  # store rows in display order (by stream number)
        self.shown: list[int] = self.order  # the rows listed, in display order (filtered: those with matches)
        self.matches: FilterMatches | None = None  # a display filter's matches (None: every stream)
        self.visiting: int | None = None  # with a filter: the selected stream's row, listed though without a match
        self._keys: list[int] = []  # stream numbers of ``order``, for bisection
        self._proto_width = len("proto")
        self._label_width = len("conversation")
        self._name_width = 0  # the name column's cells; 0 while no stream has a name
        self._names_seen = -1  # the labels' change count the width was measured at
        self.detail = False  # zoomed: start time and duration too
        self.origin: float | None = None  # relative time zero (the screen sets it)
        self.nodes: NodeMap | None = None  # several inputs merged: which nodes captured each stream

    def action_sideways(self, cells: int) -> None:
        self.scroll_to(x=max(0, self.scroll_offset.x + cells), animate=False)

    def set_streams(self, streams: list[StoredStream]) -> None:
        """The store's stream list (the same list object grows; call after it did)."""
        self.streams = streams
        for stream in streams[len(self.order) :]:
            key = stream.conversation.index
            at = bisect(self._keys, key)
            self._keys.insert(at, key)
            self.order.insert(at, stream.row)
            self._proto_width = max(self._proto_width, min(16, len(protocol_name(stream))))
            self._label_width = max(self._label_width, min(MAX_LABEL, len(wire_text(stream.conversation.label()).plain)))
        self._names_seen = -1
        self.update_names()
        self.refilter()

    def set_filter(self, matches: FilterMatches | None, visiting: int | None = None) -> None:
        """List only the streams with ``matches`` (None: every stream) and ``visiting``."""
        self.matches, self.visiting = matches, visiting
        self.refilter()

    def refilter(self) -> None:
        """Which streams are listed, again (streams or matches came)."""
        matches, visiting = self.matches, self.visiting
        if matches is None:
            self.shown = self.order
        else:
            self.shown = [row for row in self.order if row == visiting or matches.count(row)]
        self.set_rows(len(self.shown), self._row_width())

    def update_names(self) -> None:
        """Measure the name column again when the handshakes named something since
        (the screen calls this for every batch of messages: a counter's look, mostly)."""
        labels = labels_of(self.streams[0].conversation) if self.streams else None
        changes = labels.changes if labels is not None else 0
        if changes == self._names_seen:
            return
        self._names_seen = changes
        names = [len(wire_text(name).plain) for stream in self.streams if (name := stream_label(stream.conversation))]
        width = min(MAX_NAME, max(names)) if names else 0
        if width != self._name_width:
            self._name_width = max(width, len("name")) if width else 0
            self.set_rows(len(self.shown), self._row_width())
        self.refresh()

    def store_row(self, display_row: int) -> int:
        return self.shown[display_row]

    def display_row(self, store_row: int) -> int:
        """Where stream ``store_row`` is listed (not listed: where it would be, by number)."""
        try:
            return self.shown.index(store_row)
        except ValueError:
            key = self.streams[store_row].conversation.index
            return max(0, min(bisect(self._shown_keys(), key), len(self.shown) - 1))

    def _shown_keys(self) -> list[int]:
        return [self.streams[row].conversation.index for row in self.shown]

    def first_row(self) -> int | None:
        """The first stream listed (filtered and none listed: the first of all), as a store row."""
        rows = self.shown or self.order
        return rows[0] if rows else None

    def set_detail(self, detail: bool) -> None:
        self.detail = detail
        self.set_rows(len(self.shown), self._row_width())

    def set_nodes(self, nodes: NodeMap | None) -> None:
        if nodes is not self.nodes:
            self.nodes = nodes
            self.set_rows(len(self.streams), self._row_width())

    def _nodes_width(self) -> int:
        if self.nodes is None:
            return 0
        return min(MAX_NODES, max(len("nodes"), len("+".join(n.label for n in self.nodes.nodes))))

    def nodes_text(self, stream: StoredStream) -> str:
        """'client+node1': the nodes that captured the stream's first kept message."""
        nodes = self.nodes
        first = stream.get(stream.first)
        if nodes is None or first is None:
            return ""
        return "+".join(s.node.label for s in sorted(nodes.sightings(first), key=lambda s: s.node.index))

    def _row_width(self) -> int:
        return len(self.render_header(0, 0).plain) + 2

    def _name_first(self, width: int) -> bool:
        """The name column sits after the endpoints when the whole row fits ``width``;
        else at the end, so it never pushes the numbers off a narrow screen (``→``
        scrolls to it; a 120-column screen keeps every number in view)."""
        if not self._name_width:
            return False
        cells = [5, self._proto_width, self._label_width, self._name_width, 7, 10, 8, 9, 9, 9]
        if self.matches is not None:
            cells.append(7)
        if self.nodes is not None:
            cells.append(self._nodes_width())
        if self.detail:
            cells += [11, 11]
        return width >= sum(cells) + 2 * (len(cells) - 1)

    def render_header(self, line: int, width: int) -> Text:
        name = [f"{'name':<{self._name_width}}"] if self._name_width else []
        first = self._name_first(width)
        cells = [
            f"{'#':>5}",
            f"{'proto':<{self._proto_width}}",
            f"{'conversation':<{self._label_width}}",
            *([f"{'match':>7}"] if self.matches is not None else []),
            *(name if first else []),
        ]
        if self.nodes is not None:
            cells.append(f"{'nodes':<{self._nodes_width()}}")
        cells += [
            f"{'msgs':>7}",
            f"{'bytes':>10}",
            f"{'problems':>8}",
            f"{'answered':>9}",
            f"{'avg':>9}",
            f"{'max':>9}",
        ]
        if self.detail:
            cells += [f"{'start':>11}", f"{'duration':>11}"]
        if not first:
            cells += name
        return Text("  ".join(cells), no_wrap=True, end="")

    def render_row(self, row: int, width: int) -> Text:
        stream = self.streams[self.shown[row]]
        stats = stream.stats
        first = self._name_first(width)
        text = Text(no_wrap=True, end="")
        if self.matches is not None and stream.row == self.visiting and not self.matches.count(stream.row):
            text.style = HIDDEN_STYLE
        text.append(f"{stream.conversation.index:>5}  ")
        name = wire_text(protocol_name(stream), protocol_style(stream), limit=self._proto_width)
        text.append_text(name)
        text.append(" " * (self._proto_width - name.cell_len + 2))
        label = wire_text(stream.conversation.label(), limit=self._label_width)
        text.append_text(label)
        text.append(" " * (self._label_width - label.cell_len))
        if self.matches is not None:
            text.append(f"  {group_digits(self.matches.count(stream.row)):>7}", style="bold")
        if first:
            self._append_name(text, stream)
        if self.nodes is not None:
            width = self._nodes_width()
            seen = wire_text(self.nodes_text(stream), "dim", limit=width)
            text.append("  ")
            text.append_text(seen)
            text.append(" " * (width - seen.cell_len))
        text.append(f"  {group_digits(stats.messages):>7}  {group_digits(stats.bytes):>10}  ")
        text.append(f"{group_digits(stats.problems):>8}", style=PROBLEM_STYLE if stats.problems else "dim")
        answered = f"{group_digits(stats.answered)}/{group_digits(stats.requests)}" if stats.requests else ""
        avg, slowest = stats.latency_avg, stats.latency_max if stats.latency_count else None
        text.append(f"  {answered:>9}", style="bold red" if stats.requests and stats.unanswered else "")
        avg_text = format_seconds(avg) if avg is not None else ""
        slowest_text = format_seconds(slowest) if slowest is not None else ""
        text.append(f"  {avg_text:>9}  {slowest_text:>9}")
        if self.detail:
            first_time, last = stats.first_time, stats.last_time
            start = f"{first_time - self.origin:.6f}" if first_time is not None and self.origin is not None else ""
            duration = f"{last - first_time:.6f}" if first_time is not None and last is not None else ""
            text.append(f"  {start:>11}  {duration:>11}", style="dim")
        if self._name_width and not first:
            self._append_name(text, stream)
        return text

    def _append_name(self, text: Text, stream: StoredStream) -> None:
        name = wire_text(stream_label(stream.conversation) or "", limit=self._name_width)
        text.append("  ")
        text.append_text(name)
        text.append(" " * (self._name_width - name.cell_len))

    def row_text(self, row: int, width: int = 200) -> str:
        """Row ``row`` (display order) as plain text (tests)."""
        return self.render_row(row, width).plain
