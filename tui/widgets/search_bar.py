"""The search line at the bottom of the screen, opened by ``/`` (forward) or ``\\`` (backward).

Like less's prompt: a one-character prompt and an input (how keys typed in a burst
reach it: ``prompt_bar``).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from .prompt_bar import NO_CONTROLS, PromptBar, QueryLine

PLACEHOLDER = '0x25609513 · 25 60 95 13 · "NBDMAGIC" · cookie=0x1 · name~part · @name · word'


class SearchBar(PromptBar):
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

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.backwards = False

    def compose(self) -> ComposeResult:
        yield Static("/", id="prompt")
        yield QueryLine(placeholder=PLACEHOLDER, restrict=NO_CONTROLS, select_on_focus=False, id="query")

    def open(self, backwards: bool, text: str = "") -> None:
        self.backwards = backwards
        self.query_one("#prompt", Static).update("\\" if backwards else "/")
        self.open_line(text)

    def action_submit(self) -> None:
        text = self.line.value
        self.action_close()
        if text.strip():
            self.post_message(self.Submitted(text, self.backwards))
