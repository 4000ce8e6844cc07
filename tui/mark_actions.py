"""Marks keys: ``m`` + a letter marks the message on show, ``'`` + the letter goes back
to it (its stream and message, as a search hit is shown), ``M`` lists the marks.

A mixin of ``ViewerScreen``. ``m`` and ``'`` are prefixes, read in the screen's
``on_key`` rather than as bindings: a key reaches the screen (from the focused pane)
in the order typed, but its binding runs later, when it has bubbled on to the App --
so with a binding for ``m`` the letter of an ``ma`` typed in one burst would pass the
screen before ``m`` took effect, and be lost to (or acted on by) the pane. Whatever
key follows the prefix is taken: a letter names the mark, ``escape`` forgets the
prefix, anything else is refused with a note. The mark itself is set (or gone to)
only once the keys typed before it have had their whole effect (``behind_typed_keys``):
in ``jma`` the ``j`` moves first and the mark lands on the message it moved to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.message_pump import MessagePump

from .marks import Mark, Marks, is_mark_letter
from .safe import group_digits, wire_text

if TYPE_CHECKING:
    from .widgets.prompt_bar import PromptBar

PREFIXES = {"m": "set", "'": "jump"}
# keys that open a prompt line (search, filter), by the line's id: the keys typed
# behind them in a burst belong in it
LINE_KEYS = {"/": "search", "\\": "search", "&": "filter"}


def behind_typed_keys(screen: MessagePump, callback: Callable[[str], None], letter: str) -> None:
    """Run ``callback(letter)`` on ``screen`` after everything the keys typed before have
    set going: their bindings (run at the App, where keys arrive after the screen saw
    them), then what those bindings posted to the focused pane (a list's ``Chosen``)
    and its bubbling up, parent by parent, to the screen. Each queue is first in, first
    out, so passing the callback along the same path, one ``call_later`` a hop, puts it
    behind all of that, whatever the timing."""

    def hop(path: list[MessagePump]) -> None:
        if path:
            path[0].call_later(hop, path[1:])
        else:
            callback(letter)

    def from_app() -> None:  # the path is taken once the earlier bindings ran (focus may have moved)
        path: list[MessagePump] = []
        node = screen.app.focused
        while node is not None and node is not screen:
            path.append(node)
            node = node.parent  # type: ignore[assignment]
        hop([*path, screen])

    screen.app.call_later(from_app)


class MarkActions:
    marks: Marks  # the screen's (made with it)
    _pending_mark: str | None = None  # "set" or "jump": the prefix typed, its letter to come
    # a prompt line asked for by a key (its id, and the count of the line's openings
    # then): until it has opened and closed again, ``m`` and ``'`` are text for it (the
    # App hands keys queued before it opened to the line), not prefixes
    _line_asked: tuple[str, int] | None = None

    def on_key(self, event: events.Key) -> None:
        pending = self._pending_mark
        if pending is None and self._line_still_there():
            return
        if pending is None and event.character in LINE_KEYS:
            line = LINE_KEYS[event.character]
            self._line_asked = (line, self._prompt_bar(line).opened)
            behind_typed_keys(self, self._line_took_effect, "")
            return
        if pending is None:
            pending = PREFIXES.get(event.character or "")
            if pending is None:
                return
            event.stop()
            event.prevent_default()
            self._pending_mark = pending
            return
        event.stop()
        event.prevent_default()
        self._pending_mark = None
        if event.key == "escape":
            return
        letter = event.character
        prefix = "m" if pending == "set" else "'"
        if not is_mark_letter(letter):
            self.notify(f"{prefix} takes a letter (a-z, A-Z) to name the mark", title="marks", markup=False)
            return
        behind_typed_keys(self, self.set_mark if pending == "set" else self.jump_to_mark, letter)

    def _prompt_bar(self, line: str) -> PromptBar:
        bar: PromptBar = self.query_one(f"#{line}")  # type: ignore[attr-defined]  (a mixin of a Screen)
        return bar

    def _line_still_there(self) -> bool:
        """Whether the prompt line a key asked for is still to open, or open."""
        if self._line_asked is None:
            return False
        line, opened = self._line_asked
        bar = self._prompt_bar(line)
        if bar.is_open or bar.opened == opened:  # open, or not opened yet
            return True
        self._line_asked = None  # it opened and closed again: keys are the view's once more
        return False

    def _line_took_effect(self, _: str) -> None:
        if self._line_asked is None:
            return
        line, opened = self._line_asked
        bar = self._prompt_bar(line)
        if not bar.is_open and bar.opened == opened:
            self._line_asked = None  # the key opened no line (nothing to search)

    def set_mark(self, letter: str) -> None:
        message, stream = self.current_message, self.stream
        if message is None or stream is None:
            self.notify("no message on show to mark", title="marks", markup=False)
            return
        self.marks.set(letter, stream.row, message.index)
        where = f"msg {group_digits(self.position + 1)} of stream {stream.conversation.index}"
        self.notify(f"mark {letter}: {where} (No. {message.index})", title="marks", markup=False)

    def _mark_place(self, mark: Mark) -> tuple[int, int] | None:
        """(stream row, position) of the marked message, None if it was dropped."""
        stream = self.store.streams.get(mark.row)
        if stream is None:  # let go (memory limit)
            return None
        position = stream.at_index(mark.index)
        if position is None or stream.get(position) is None or stream.get(position).index != mark.index:
            return None
        return mark.row, position

    def jump_to_mark(self, letter: str) -> None:
        mark = self.marks.get(letter)
        if mark is None:
            self.notify(f"no mark {letter}: m + {letter} sets it", title="marks", markup=False)
            return
        place = self._mark_place(mark)
        if place is None:
            self.notify(f"mark {letter}: message No. {mark.index} was dropped (memory limit)", severity="warning", markup=False)
            return
        row, position = place
        if row != self.stream_row:
            self.select_stream(row)
        self.select_position(position, user=True)

    def action_marks(self) -> None:
        if not len(self.marks):
            self.notify("no marks yet: m + a letter marks the message on show", title="marks", markup=False)
            return
        from .marks_screen import MarkRow, MarksScreen  # first use only

        rows = [MarkRow(mark.letter, self._mark_row(mark)) for mark in self.marks.all()]

        def chosen(letter: str | None) -> None:
            if letter is not None:
                self.jump_to_mark(letter)

        self.app.push_screen(MarksScreen(rows), chosen)

    def _mark_row(self, mark: Mark) -> Text:
        """'a  stream 3  msg 17  No. 45  LOOKUP call  r.txt'"""
        stream = self.store.streams.get(mark.row)
        text = Text(no_wrap=True, end="")
        text.append(f"{mark.letter}  ", style="bold")
        text.append(f"stream {stream.conversation.index if stream is not None else '?':>4}  ")
        place = self._mark_place(mark)
        if place is None or stream is None:
            text.append(f"No. {mark.index}  (dropped: memory limit)", style="dim")
            return text
        message = stream.get(place[1])
        assert message is not None
        text.append(f"msg {group_digits(place[1] + 1):>7}  No. {mark.index:<6}  ")
        text.append_text(wire_text(message.name, "bold", limit=40))
        info = self.messages_pane.outcomes.row(message).outcome.info
        if info:
            text.append("  ")
            text.append_text(wire_text(info, limit=80))
        return text
