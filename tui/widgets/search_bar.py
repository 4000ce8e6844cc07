"""The search line at the bottom of the screen, opened by ``/`` (forward) or ``\\`` (backward).

Like less's prompt: a one-character prompt and an input. ``enter`` submits, ``escape``
closes. What is typed is echoed by Textual's ``Input``, which draws its value as
literal text; control characters (e.g. a pasted ESC sequence) are refused at entry,
so nothing typed or pasted can reach the terminal as a control sequence.

Keys that arrive in one burst (``/QQQQ⏎j`` pasted, or typed fast over SSH) must each
land where a person typing slowly would have put them. Textual hands every key to the
widget focused when the key is *read* and queues it there; bindings act when the key
has travelled up to the App, and ``focus()`` waits for the next turn. So the line
takes and gives back focus at once (``set_focus``), and handles every key in its
turn, editing keys and ``enter``/``escape`` included (not later, as bindings). The
``QQQQ`` read before ``/`` opened the line were queued at the pane: the App gives
them to the line (``HexviewApp.on_key``); keys queued in the line behind ``enter``
or ``escape`` (the ``j``) go back to the App, to be dispatched as if just typed.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from .prompt_input import PromptInput

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
        """The line closed (submitted or not); focus went back where it was, if it could."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.backwards = False
        self._return_focus = None  # the widget focused before the line opened
        self.opened = 0  # times the line opened (a key that asked for it can tell it came and went)

    def compose(self) -> ComposeResult:
        yield Static("/", id="prompt")
        yield QueryLine(placeholder=PLACEHOLDER, restrict=NO_CONTROLS, select_on_focus=False, id="query")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, backwards: bool, text: str = "") -> None:
        if not self.is_open:
            self._return_focus = self.screen.focused
            self.opened += 1
        self.backwards = backwards
        self.query_one("#prompt", Static).update("\\" if backwards else "/")
        field = self.query_one(Input)
        field.value = text
        field.cursor_position = len(text)
        self.add_class("-open")
        self.screen.set_focus(field)

    def action_close(self) -> None:
        if self.is_open:
            self.remove_class("-open")
            target, self._return_focus = self._return_focus, None
            self.screen.set_focus(target if target is not None and target.is_attached else None)
            self.post_message(self.Closed())

    def action_submit(self) -> None:
        text = self.query_one(Input).value
        self.action_close()
        if text.strip():
            self.post_message(self.Submitted(text, self.backwards))


class QueryLine(PromptInput):
    """The line's input: every key in its turn (``enter``/``escape`` close), keys
    queued behind a closing key go back to the App."""

    def action_submit(self) -> None:  # enter (as a binding, for a key queued at a pane)
        if isinstance(self.parent, SearchBar):
            self.parent.action_submit()

    def take_key(self, event: events.Key) -> None:
        """A printable key read before the line opened (queued at a pane): type it here."""
        if event.character and event.is_printable and isinstance(self.parent, SearchBar) and self.parent.is_open:
            self.insert_text_at_cursor(event.character)

    async def _on_key(self, event: events.Key) -> None:
        bar = self.parent
        if not isinstance(bar, SearchBar):
            await super()._on_key(event)
            return
        if not bar.is_open:  # queued here before enter / escape closed the line
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))  # read again, as if just typed
            return
        if event.key in ("enter", "escape"):
            event.stop()
            event.prevent_default()
            bar.action_submit() if event.key == "enter" else bar.action_close()
            return
        await super()._on_key(event)  # editing keys in their turn too (PromptInput)
