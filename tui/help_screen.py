"""The ``?`` screen: every key, grouped, from the one table in ``keys.py``.

Static text built as ``Text`` (never markup), scrollable like less for small
terminals (``text_screen``); ``escape``, ``q`` or ``?`` closes it.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding

from .keys import GROUPS
from .text_screen import TextScreen


def keys_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    for n, (group, keys) in enumerate(GROUPS):
        if n:
            table.add_row("", "")
        table.add_row(Text(group, style="bold underline"), "")
        for key in keys:
            table.add_row(Text(key.keys), Text(key.action))
    return table


class HelpScreen(TextScreen):
    BINDINGS = [Binding("question_mark", "dismiss", "Close help")]
    CLOSE_KEY = "?"

    def page_title(self) -> str:
        return "hexview keys"

    def body(self) -> Table:
        return keys_table()
