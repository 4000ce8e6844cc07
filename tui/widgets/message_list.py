"""The messages of the selected stream, one compact row each (like Wireshark's packet list).

Row: position in the stream (1-based, stable even after old messages are dropped),
direction arrow, a marker column (``!`` bytes missing or framing problems, ``↔`` the
pair of the current message), the name framing gave it, its length, and for replies
the response time. Rows are read from the ``StoredStream`` when drawn (Line API), so
a stream of a million messages costs what the visible rows cost. When the store has
dropped old messages to bound memory, the header line says how many.
"""

from __future__ import annotations

from rich.text import Text

from hexview.message_store import StoredStream
from hexview.messages import Message
from hexview.stream_stats import latency_text

from ..safe import group_digits, wire_text
from .line_list import LineList

ARROWS = {"c2s": "→", "s2c": "←"}
LENGTH_WIDTH = 7
LATENCY_WIDTH = 10


def has_problems(message: Message) -> bool:
    return bool(message.missing or message.problems or message.kind == "undecoded")


class MessageList(LineList):
    DEFAULT_CSS = """
    MessageList { height: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "messages"
        self.stream: StoredStream | None = None
        self.pair_position: int | None = None  # of the current message's pair, if shown

    # -- state (the screen calls these) -----------------------------------------------------
    def show_stream(self, stream: StoredStream | None) -> None:
        self.stream = stream
        self.pair_position = None
        self.cursor = 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self.update_rows()

    def update_rows(self) -> None:
        """The stream grew or dropped old messages."""
        stream = self.stream
        self.set_rows(0 if stream is None else stream.count - stream.first, 120)

    def row_of(self, position: int) -> int:
        return position - (self.stream.first if self.stream is not None else 0)

    def position_of_row(self, row: int) -> int:
        return row + (self.stream.first if self.stream is not None else 0)

    def show_position(self, position: int, pair_position: int | None = None) -> None:
        old_pair, self.pair_position = self.pair_position, pair_position
        self.set_cursor(self.row_of(position))
        if old_pair != pair_position:
            self.refresh_rows(*(self.row_of(p) for p in (old_pair, pair_position) if p is not None))

    # -- rendering ------------------------------------------------------------------------------
    def _number_width(self) -> int:
        return max(4, len(group_digits(self.stream.count))) if self.stream is not None else 4

    def render_header(self, line: int, width: int) -> Text:
        stream = self.stream
        if stream is not None and stream.first:
            return Text(f"… {group_digits(stream.first)} older messages dropped (memory limit)", style="italic", end="")
        n = self._number_width()
        name_width = self._name_width(width)
        return Text(
            f"{'msg':>{n}}     {'name':<{name_width}}{'bytes':>{LENGTH_WIDTH}}{'latency':>{LATENCY_WIDTH}}",
            no_wrap=True,
            end="",
        )

    def _name_width(self, width: int) -> int:
        return max(12, width - self._number_width() - 5 - LENGTH_WIDTH - LATENCY_WIDTH)

    def render_row(self, row: int, width: int) -> Text:
        text = Text(no_wrap=True, end="")
        stream = self.stream
        position = self.position_of_row(row)
        message = stream.get(position) if stream is not None else None
        n = self._number_width()
        if message is None:
            text.append(f"{group_digits(position + 1):>{n}}  (dropped)", style="dim")
            return text
        text.append(f"{group_digits(position + 1):>{n}} ")
        text.append(ARROWS.get(message.direction, "?"), style="bold")
        text.append(" ")
        text.append("↔" if position == self.pair_position else " ", style="bold")
        text.append("!" if has_problems(message) else " ", style="bold red")
        name_width = self._name_width(width)
        name = wire_text(message.name, limit=name_width)
        text.append_text(name)
        text.append(" " * max(0, name_width - name.cell_len))
        text.append(f"{group_digits(message.length):>{LENGTH_WIDTH}}", style="dim")
        if message.is_reply:
            text.append(f"{latency_text(message):>{LATENCY_WIDTH}}")
        return text

    def row_text(self, row: int, width: int = 80) -> str:
        """Row ``row`` as plain text (tests)."""
        return self.render_row(row, width).plain
