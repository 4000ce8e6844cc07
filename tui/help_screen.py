"""The ``?`` screen: every key, grouped, from the one table in ``keys.py``.

Static text built as ``Text`` (never markup), scrollable for small terminals; any of
``escape``, ``q`` or ``?`` closes it.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from .keys import GROUPS


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


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "hexview keys"
            scroll.border_subtitle = "escape / q / ? closes"
            yield Static(keys_table(), id="keys")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
