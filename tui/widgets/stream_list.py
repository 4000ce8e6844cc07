"""The stream list: one row per conversation, in order of its first message.

Columns: stream number (tshark's ``tcp.stream``), protocol in its registration's
colour, endpoints, messages, bytes, problems, and for request/reply protocols how many
requests were answered and how fast. Rows are rendered from the live
``StoredStream`` counters on demand (Line API), so a batch of new messages costs a
refresh, not a cell update per stream. On a narrow terminal ``←``/``→`` scroll the
columns sideways.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from hexview.message_store import StoredStream

from ..safe import colour_style, group_digits, wire_text
from .line_list import LineList

MAX_LABEL = 90  # cells of the endpoints column at most (long IPv6 pairs are cut)
PROBLEM_STYLE = "bold red"


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
    StreamList { height: auto; min-height: 3; max-height: 9; overflow-x: auto; scrollbar-size-horizontal: 0; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "streams"
        self.streams: list[StoredStream] = []
        self._proto_width = len("proto")
        self._label_width = len("conversation")

    def action_sideways(self, cells: int) -> None:
        self.scroll_to(x=max(0, self.scroll_offset.x + cells), animate=False)

    def set_streams(self, streams: list[StoredStream]) -> None:
        """The store's stream list (the same list object grows; call after it did)."""
        self.streams = streams
        for stream in streams[self.row_count :]:
            self._proto_width = max(self._proto_width, min(16, len(protocol_name(stream))))
            self._label_width = max(self._label_width, min(MAX_LABEL, len(wire_text(stream.conversation.label()).plain)))
        width = 6 + self._proto_width + 1 + self._label_width + 9 + 11 + 9 + 45
        self.set_rows(len(streams), width)

    def render_header(self, line: int, width: int) -> Text:
        return Text(
            f"{'#':>5} {'proto':<{self._proto_width}} {'conversation':<{self._label_width}}"
            f"{'msgs':>9}{'bytes':>11}{'problems':>9}  pairing",
            no_wrap=True,
            end="",
        )

    def render_row(self, row: int, width: int) -> Text:
        stream = self.streams[row]
        stats = stream.stats
        text = Text(no_wrap=True, end="")
        text.append(f"{stream.conversation.index:>5} ")
        name = wire_text(protocol_name(stream), protocol_style(stream), limit=self._proto_width)
        text.append_text(name)
        text.append(" " * (self._proto_width - name.cell_len + 1))
        label = wire_text(stream.conversation.label(), limit=self._label_width)
        text.append_text(label)
        text.append(" " * (self._label_width - label.cell_len))
        text.append(f"{group_digits(stats.messages):>9}{group_digits(stats.bytes):>11}")
        text.append(f"{group_digits(stats.problems):>9}", style=PROBLEM_STYLE if stats.problems else "dim")
        pairing = stats.pairing_text()
        if pairing:
            text.append("  ")
            text.append(pairing)
        return text

    def row_text(self, row: int) -> str:
        """Row ``row`` as plain text (tests)."""
        return self.render_row(row, 200).plain
