"""``hexview --NAME`` for a cross-stream view (hexview.protocols.cross_views): its rows as
an aligned table, or with ``--json`` one JSON object a line.

JSON: ``{"view": NAME, ...row}``, the row's keys as its collector made them (each
view documents its own in the README). The table: one line per row in the view's
columns (a spread column as one column per name), each member of a row on its own
line below it, indented, in the member columns (whose headings follow the row
headings, indented alike); a cell the row marks as differing ends in ``*``.
"""

from __future__ import annotations

import json
from typing import TextIO

from ..protocols.cross_views import CrossView, Row, TableColumn, differing, layout, member_layout, members
from ..safe_text import printable

MARK = "*"  # after a differing cell's text
INDENT = "  "  # before a member's line


def write_view_json(view: CrossView, rows: list[Row], out: TextIO) -> None:
    for row in rows:
        out.write(json.dumps({"view": view.name, **row}, ensure_ascii=False) + "\n")


def write_view_text(view: CrossView, rows: list[Row], out: TextIO) -> None:
    if not rows:
        out.write(f"{view.title}: nothing seen\n")
        return
    columns = layout(view, rows)
    member_columns = member_layout(view)
    row_cells = [_cells(columns, row) for row in rows]
    member_cells = [[_cells(member_columns, m) for m in members(row)] for row in rows]
    widths = _widths(columns, row_cells)
    member_widths = _widths(member_columns, [cells for group in member_cells for cells in group])
    out.write(_line(columns, [c.heading for c in columns], widths) + "\n")
    if member_columns:
        out.write(INDENT + _line(member_columns, [c.heading for c in member_columns], member_widths) + "\n")
    for cells, group in zip(row_cells, member_cells, strict=True):
        out.write(_line(columns, cells, widths) + "\n")
        for member in group:
            out.write(INDENT + _line(member_columns, member, member_widths) + "\n")


def _cells(columns: list[TableColumn], row: Row) -> list[str]:
    marked = differing(row)
    return [printable(c.text(row)) + (MARK if c.path in marked else "") for c in columns]


def _widths(columns: list[TableColumn], lines: list[list[str]]) -> list[int]:
    return [max([len(c.heading)] + [len(cells[i]) for cells in lines]) for i, c in enumerate(columns)]


def _line(columns: list[TableColumn], cells: list[str], widths: list[int]) -> str:
    parts = [
        text.rjust(width) if column.align == "right" else text.ljust(width)
        for text, width, column in zip(cells, widths, columns, strict=True)
    ]
    return "  ".join(parts).rstrip()
