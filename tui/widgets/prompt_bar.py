"""A one-line prompt at the edge of the screen, like less's: the search line (``/``,
``\\``) and the display-filter line (``&``) are both one.

A prompt is an input beside a short label. ``enter`` submits, ``escape`` closes.
What is typed is echoed by Textual's ``Input``, which draws its value as literal
text; control characters (e.g. a pasted ESC sequence) are refused at entry, so
nothing typed or pasted can reach the terminal as a control sequence.

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
from textual.containers import Horizontal
from textual.message import Message

from .prompt_input import PromptInput

NO_CONTROLS = r"[^\x00-\x1f\x7f-\x9f]*"


class PromptBar(Horizontal):
    """The bar around a :class:`QueryLine`: opening (focus to the line at once) and
    closing (focus back where it was). Subclasses say what ``enter`` does
    (``action_submit``) and may stay shown while closed."""

    class Closed(Message):
        """The line closed (submitted or not); focus went back where it was, if it could."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._return_focus = None  # the widget focused before the line opened
        self.opened = 0  # times the line opened (a key that asked for it can tell it came and went)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def line(self) -> QueryLine:
        return self.query_one(QueryLine)

    def open_line(self, text: str) -> None:
        """Show the line holding ``text``, the cursor at its end, with the focus."""
        if not self.is_open:
            self._return_focus = self.screen.focused
            self.opened += 1
        line = self.line
        line.value = text
        line.cursor_position = len(text)
        self.add_class("-open")
        self.screen.set_focus(line)

    def action_close(self) -> None:
        if self.is_open:
            self.remove_class("-open")
            target, self._return_focus = self._return_focus, None
            self.screen.set_focus(target if target is not None and target.is_attached else None)
            self.post_message(self.Closed())

    def action_submit(self) -> None:
        raise NotImplementedError


class QueryLine(PromptInput):
    """The line's input: every key in its turn (``enter``/``escape`` close), keys
    queued behind a closing key go back to the App."""

    @property
    def bar(self) -> PromptBar | None:
        parent = self.parent
        return parent if isinstance(parent, PromptBar) else None

    def action_submit(self) -> None:  # enter (as a binding, for a key queued at a pane)
        if self.bar is not None:
            self.bar.action_submit()

    def take_key(self, event: events.Key) -> None:
        """A printable key read before the line opened (queued at a pane): type it here."""
        bar = self.bar
        if event.character and event.is_printable and bar is not None and bar.is_open:
            self.insert_text_at_cursor(event.character)

    async def _on_key(self, event: events.Key) -> None:
        bar = self.bar
        if bar is None:
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
        # the line's own keys (backspace, arrows, home..., a subclass's tab) in their turn
        # too, not later as bindings, after letters queued behind them (PromptInput); one
        # read before the line opened reaches these bindings first, from the App
        await super()._on_key(event)
