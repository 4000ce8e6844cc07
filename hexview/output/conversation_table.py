"""``--conversations``: the conversations list as an aligned table, or one JSON object a line.

JSON keys are the table's columns (hexview.analysis.conversations.COLUMNS): ``stream``,
``client`` and ``server`` ("ip:port"), ``protocol``, ``packets_c2s``, ``packets_s2c``,
``bytes_c2s``, ``bytes_s2c`` (TCP payload bytes), ``start`` and ``duration`` (seconds to
the microsecond, null when the input has no times), ``messages``, ``unanswered``, ``errors``, ``label``
(what the handshake named the conversation, e.g. a GlusterFS brick; null when nothing did).
"""

from __future__ import annotations

import json
from typing import TextIO

from ..analysis.conversations import COLUMNS, ConversationRow
from ..safe_text import printable
from .times import seconds

HEADINGS = {
    "stream": "Stream",
    "client": "Client",
    "server": "Server",
    "protocol": "Protocol",
    "packets_c2s": "Pkts->",
    "packets_s2c": "Pkts<-",
    "bytes_c2s": "Bytes->",
    "bytes_s2c": "Bytes<-",
    "start": "Start",
    "duration": "Duration",
    "messages": "Msgs",
    "unanswered": "Unanswered",
    "errors": "Errors",
    "label": "Label",
}
TEXT_COLUMNS = ("client", "server", "protocol", "label")  # left-aligned; the rest are numbers


def cell_text(row: ConversationRow, column: str) -> str:
    """A value as the table shows it: seconds to the microsecond, '-' for none."""
    value = row.value(column)
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.6f}"
    return printable(str(value))


def shown_columns(rows: list[ConversationRow]) -> tuple[str, ...]:
    """The table's columns: the label column only when some conversation has a label."""
    if any(row.label for row in rows):
        return COLUMNS
    return tuple(c for c in COLUMNS if c != "label")


def write_table(rows: list[ConversationRow], out: TextIO) -> None:
    """A heading line, then a line per conversation, columns aligned."""
    columns = shown_columns(rows)
    cells = [[HEADINGS[c] for c in columns]] + [[cell_text(row, c) for c in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    for line in cells:
        parts = [
            text.ljust(width) if column in TEXT_COLUMNS else text.rjust(width)
            for text, width, column in zip(line, widths, columns, strict=True)
        ]
        out.write("  ".join(parts).rstrip() + "\n")


def write_json(rows: list[ConversationRow], out: TextIO) -> None:
    """One JSON object per conversation per line, keys as COLUMNS; times to the
    microsecond, as ``--json`` writes them (differences of epoch times carry float noise)."""
    for row in rows:
        obj = {c: row.value(c) for c in COLUMNS}
        obj["start"], obj["duration"] = seconds(row.start), seconds(row.duration)
        out.write(json.dumps(obj) + "\n")
