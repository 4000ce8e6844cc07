"""The hexview App: holds the input, the message store and the one viewer screen.

The screen (``viewer.py``) does the work; the App only carries what outlives it --
the reader, the pipeline factory, the bounded ``MessageStore``, the feed thread --
and what ``run_app`` reports on stderr once the terminal is restored (input notes,
why reading stopped). The feed starts with the App, so the first message is read
while Textual starts up; every key or click nudges it to give way to the UI.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Iterable

from textual import events
from textual.app import App
from textual.binding import Binding

from hexview.cli import report_notes
from hexview.message_store import DEFAULT_MAX_BYTES, DEFAULT_MAX_MESSAGES, MessageStore
from hexview.safe_text import printable

from .feed import FeedThread
from .viewer import ViewerScreen

FIRST_WAIT = 0.15  # seconds; a quiet pipe just opens the view empty


class HexviewApp(App[int]):
    """``reader``: an iterable of Packets (may block); ``pipeline_factory`` makes the
    object whose ``run(packets)`` yields Messages (tests pass a fake one);
    ``max_bytes``/``max_messages`` bound the messages kept on an endless pipe."""

    TITLE = "hexview"
    ENABLE_COMMAND_PALETTE = False  # every action has a key; ctrl+p would only confuse
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        reader: Iterable,
        path: str = "-",
        decode_as: dict[int, str] | None = None,
        pipeline_factory: Callable[[], object] | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_messages: int = DEFAULT_MAX_MESSAGES,
    ) -> None:
        super().__init__()
        self.reader = reader
        self.path = path
        self.decode_as = dict(decode_as or {})
        self._pipeline_factory = pipeline_factory
        self.store = MessageStore(max_bytes=max_bytes, max_messages=max_messages)
        self.feed_error: str | None = None  # why the input stopped early, if it did
        self.notes: list[str] = []  # input problems, once the input has ended
        self.path_label = "stdin" if path == "-" else path
        self.title = f"hexview — {printable(self.path_label)}"
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"  # over SSH a smooth scroll is only lag
        self.feed = FeedThread(reader, self.make_pipeline)
        self.feed.start()  # reads while Textual starts; the screen attaches on mount

    def make_pipeline(self):
        if self._pipeline_factory is not None:
            return self._pipeline_factory()
        from hexview.pipeline import Pipeline

        return Pipeline(decode_as=self.decode_as, hold_for_pairs=False)

    def on_mount(self) -> None:
        self.push_screen(ViewerScreen(self.store))

    def on_unmount(self) -> None:
        self.feed.cancel()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self.feed.nudge()  # the user is here: reading gives way while they act
        await super().on_event(event)

    @property
    def viewer(self) -> ViewerScreen:
        return next(s for s in self.screen_stack if isinstance(s, ViewerScreen))


def run_app(reader: Iterable, path: str, decode_as: dict[int, str] | None = None) -> int:
    """Run the interactive view until the user quits; returns the exit code."""
    app = HexviewApp(reader, path, decode_as)
    app.feed.wait_for_first(FIRST_WAIT)  # a moment for the first frame to show a stream
    app.run()
    code = app.return_code or 0
    # The view has no notes pane: say on stderr, once the screen is restored, what
    # --print would have said (input problems), and why reading stopped if it did.
    report_notes(path, app.notes)
    if app.feed_error:
        print(f"hexview: {printable(app.feed_error)}", file=sys.stderr)
        code = code or 1
    return code
