"""``--conversations``: the conversations list as an aligned table, or one JSON object a line.

JSON keys are the table's columns (hexview.analysis.conversations.COLUMNS): ``stream``,
``client`` and ``server`` ("ip:port"), ``protocol``, ``packets_c2s``, ``packets_s2c``,
``bytes_c2s``, ``bytes_s2c`` (TCP payload bytes), ``start`` and ``duration`` (seconds,
null when the input has no times), ``messages``, ``unanswered``, ``errors``.
"""

from __future__ import annotations

import json
from typing import TextIO

from ..analysis.conversations import COLUMNS, ConversationRow
from ..safe_text import printable

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
}
TEXT_COLUMNS = ("client", "server", "protocol")  # left-aligned; the rest are numbers


def cell_text(row: ConversationRow, column: str) -> str:
    """A value as the table shows it: seconds to the microsecond, '-' for none."""
    value = row.value(column)
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.6f}"
    return printable(str(value))


def write_table(rows: list[ConversationRow], out: TextIO) -> None:
    """A heading line, then a line per conversation, columns aligned."""
    cells = [[HEADINGS[c] for c in COLUMNS]] + [[cell_text(row, c) for c in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    for line in cells:
        parts = [
            text.ljust(width) if column in TEXT_COLUMNS else text.rjust(width)
            for text, width, column in zip(line, widths, COLUMNS, strict=True)
        ]
        out.write("  ".join(parts).rstrip() + "\n")


def write_json(rows: list[ConversationRow], out: TextIO) -> None:
    """One JSON object per conversation per line, keys as COLUMNS."""
    for row in rows:
        out.write(json.dumps({c: row.value(c) for c in COLUMNS}) + "\n")
