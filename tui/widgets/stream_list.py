"""The stream list: one row per conversation, in order of first message.

A ``DataTable`` in row-cursor mode; moving the cursor is how a stream is chosen (the
screen listens for ``RowHighlighted``). Rows are only ever appended and their message
count updated, so the list can grow while the capture is still being read.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from hexview.stream_events import Conversation

from ..safe import colour_style, group_digits, wire_text


# IPv4 labels need at most 45 cells; most IPv6 ones fit in 60
WIDTHS = {"index": 4, "protocol": 10, "label": 60, "count": 9}


class StreamList(DataTable):
    DEFAULT_CSS = """
    StreamList { height: auto; min-height: 4; max-height: 12; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.border_title = "streams"
        # Fixed widths: DataTable measures auto-width columns only when idle, and a frame
        # painted before that keeps the header's width (the cell cache ignores widths).
        # Columns exist before mounting: the first rows may arrive before on_mount runs.
        for label, key in (("#", "index"), ("protocol", "protocol"), ("conversation", "label"), ("msgs", "count")):
            self.add_column(label, width=WIDTHS[key], key=key)

    def add_stream(self, conversation: Conversation, count: int = 0) -> int:
        """Append a row for ``conversation``; returns its row number."""
        row = self.row_count
        protocol = conversation.protocol
        name = getattr(protocol, "name", "?")
        colours = getattr(protocol, "colours", {}) or {}
        self.add_row(
            Text(str(conversation.index), justify="right"),
            wire_text(name, colour_style(colours.get("protocol"))),
            wire_text(conversation.label()),
            Text(group_digits(count), justify="right"),
            key=str(row),
        )
        return row

    def set_count(self, row: int, count: int) -> None:
        self.update_cell(str(row), "count", Text(group_digits(count), justify="right"))
