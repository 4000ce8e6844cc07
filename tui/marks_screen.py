"""The ``M`` screen: every mark, one row each -- letter, stream, message, name, info --
``enter`` goes to the one under the cursor (as ``'`` + its letter does).

The rows are made by the viewer (``MarkRow``: it knows the store and the outcomes);
this screen only lists them and answers with the chosen letter. ``j``/``k`` and the
arrows move; ``escape``, ``q`` or ``M`` close it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True, slots=True)
class MarkRow:
    letter: str
    text: Text  # built from escaped wire text (never markup)


class MarksScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    MarksScreen { align: center middle; }
    MarksScreen > Vertical {
        width: 110; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    MarksScreen OptionList { height: auto; max-height: 30; border: none; }
    """

    BINDINGS = [
        Binding("escape,q,M", "cancel", "Close"),
        Binding("j", "move('cursor_down')", "Down", show=False),
        Binding("k", "move('cursor_up')", "Up", show=False),
    ]

    def __init__(self, rows: list[MarkRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "marks"
            box.border_subtitle = "enter goes there · j/k move · escape, q or M closes"
            yield OptionList(*(Option(row.text, id=row.letter) for row in self.rows), id="marks")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_move(self, action: str) -> None:
        getattr(self.query_one(OptionList), f"action_{action}")()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
