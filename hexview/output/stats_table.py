"""``--stats``: the response-time rows (hexview.analysis.response_times) as a table or JSON.

The table groups rows under their protocol, program and version; below each
procedure (or command) come its NFSv4 operations (``op NAME``) and its servers
(``@ ip:port``, and the server's name when a handshake gave one), indented; errors by name follow the row that had them. Times are
shown in the unit that keeps them short (µs, ms, s), so a row fits in 100 columns;
``--stats --json`` gives the exact seconds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from ..analysis.response_times import StatRow
from ..safe_text import printable

TIMES = ("min", "p50", "p90", "p99", "max", "avg")
COUNTS = (("calls", 6), ("answered", 8), ("unanswered", 10), ("errors", 6))
TIME_WIDTH = 6
LABEL_CUT = 32  # characters of a server's name the table shows (--json has it whole)


def short_seconds(seconds: float | None) -> str:
    """Three significant digits at most, in six characters for times under 1000 s:
    '7µs', '211µs', '1.84ms', '12.3ms', '996ms', '2.31s'; '-' when there is no time."""
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f}µs"
    value, unit = (seconds * 1e3, "ms") if seconds < 1 else (seconds, "s")
    if round(value, 2) < 10:
        return f"{value:.2f}{unit}"
    if round(value, 1) < 100:
        return f"{value:.1f}{unit}"
    return f"{value:.0f}{unit}"


def _group(row: StatRow) -> str:
    protocol = printable(row["protocol"])
    if row["program"] is None:
        return protocol
    return f"{protocol}  program {row['program']} version {row['version']}"


def _label(row: StatRow) -> str:
    """The row's first cell: the procedure, '  op NAME' for an operation, and a server
    row indented under either as '  @ ip:port'."""
    procedure = row["procedure"]
    name = printable(row["name"])
    label = f"{procedure} {name}" if isinstance(procedure, int) and not name.startswith("proc-") else name
    if row["op"] is not None:
        label = "  op " + printable(row["op"])
    if row["server"] is not None:
        label = ("    " if row["op"] is not None else "  ") + "@ " + row["server"]
        if row["server_label"]:
            name = printable(row["server_label"])
            label += f" {name[: LABEL_CUT - 1]}…" if len(name) > LABEL_CUT else f" {name}"
    return label


def _seconds(value: object) -> float | None:
    return value if isinstance(value, float) else None


def write_stats_text(rows: Iterable[StatRow], out: TextIO) -> None:
    rows = list(rows)
    if not rows:
        out.write("no requests\n")
        return
    width = max(12, *(len(_label(r)) for r in rows))
    header = "procedure".ljust(width) + "".join(f" {name:>{w}}" for name, w in COUNTS)
    header += "".join(f" {name:>{TIME_WIDTH}}" for name in TIMES)
    group = None
    for row in rows:
        if _group(row) != group:
            out.write(("\n" if group is not None else "") + _group(row) + "\n" + header + "\n")
            group = _group(row)
        cells: dict[str, object] = dict(row)
        line = _label(row).ljust(width) + "".join(f" {cells[name]:>{w}}" for name, w in COUNTS)
        line += "".join(f" {short_seconds(_seconds(cells[name])):>{TIME_WIDTH}}" for name in TIMES)
        out.write(line + "\n")
        if row["errnos"]:
            errnos = ", ".join(f"{printable(name)} {count}" for name, count in row["errnos"].items())
            out.write(" " * (len(_label(row)) - len(_label(row).lstrip()) + 2) + f"errors: {errnos}\n")


def write_stats_json(rows: Iterable[StatRow], out: TextIO) -> None:
    """One JSON object a line, keys in StatRow's order."""
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
