"""The search line at the bottom of the screen, opened by ``/`` (forward) or ``\\`` (backward).

Like less's prompt: a one-character prompt and an input. ``enter`` submits, ``escape``
closes. What is typed is echoed by Textual's ``Input``, which draws its value as
literal text; control characters (e.g. a pasted ESC sequence) are refused at entry,
so nothing typed or pasted can reach the terminal as a control sequence.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

NO_CONTROLS = r"[^\x00-\x1f\x7f-\x9f]*"
PLACEHOLDER = '0x25609513 · 25 60 95 13 · "NBDMAGIC" · cookie=0x1 · name~part · @name · word'


class SearchBar(Horizontal):
    DEFAULT_CSS = """
    SearchBar { height: 1; display: none; background: $boost; }
    SearchBar.-open { display: block; }
    SearchBar > #prompt { width: 2; padding: 0; }
    SearchBar > Input, SearchBar > Input:focus { border: none; height: 1; padding: 0; width: 1fr; background: $boost; }
    """

    BINDINGS = [Binding("escape", "close", "Close search", show=False)]

    class Submitted(Message):
        def __init__(self, text: str, backwards: bool) -> None:
            super().__init__()
            self.text = text
            self.backwards = backwards

    class Closed(Message):
        """The line closed (submitted or not): focus can go back."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.backwards = False

    def compose(self) -> ComposeResult:
        yield Static("/", id="prompt")
        yield Input(placeholder=PLACEHOLDER, restrict=NO_CONTROLS, select_on_focus=False, id="query")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, backwards: bool, text: str = "") -> None:
        self.backwards = backwards
        self.query_one("#prompt", Static).update("\\" if backwards else "/")
        field = self.query_one(Input)
        field.value = text
        field.cursor_position = len(text)
        self.add_class("-open")
        field.focus()

    def action_close(self) -> None:
        if self.is_open:
            self.remove_class("-open")
            self.post_message(self.Closed())

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        self.action_close()
        if text.strip():
            self.post_message(self.Submitted(text, self.backwards))
