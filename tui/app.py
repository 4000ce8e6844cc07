"""The hexview App: holds the input, the message store and the one viewer screen.

The screen (``viewer.py``) does the work; the App only carries what outlives it --
the reader, the pipeline factory, the bounded ``MessageStore``, the feed thread, the
input's notes (shown by ``e``, kept current while a pipe is read) -- and what
``run_app`` reports on stderr once the terminal is restored (the notes again, why
reading stopped). The feed starts with the App, so the first message is read
while Textual starts up; every key or click nudges it to give way to the UI.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding

from hexview.analysis.message_store import DEFAULT_MAX_BYTES, DEFAULT_MAX_MESSAGES, MessageStore
from hexview.output.stderr_notes import report_notes
from hexview.safe_text import printable

from .feed import FeedThread
from .messages import NotesChanged
from .viewer import ViewerScreen

if TYPE_CHECKING:
    from hexview.same_input import SameInput

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
        reopen: Callable[[], Iterable] | None = None,
        options: dict | None = None,
        same_input: SameInput | None = None,
        display_filter: str = "",
    ) -> None:
        """``same_input``: hexview's command line on the same file (a display filter runs
        it in a child process; None for a pipe, whose held messages are filtered here);
        ``display_filter``: applied from the start (``-Y``)."""
        super().__init__()
        self.same_input = same_input
        self._display_filter = display_filter
        self.options = dict(options or {})  # protocol options chosen so far, by key (--option, Decode As)
        self.reader = reader
        self._reopen = reopen  # reads a file again (Decode As); None for a pipe
        self._store_limits = (max_bytes, max_messages)
        self.path = path
        self.decode_as = dict(decode_as or {})
        self._pipeline_factory = pipeline_factory
        self.store = MessageStore(max_bytes=max_bytes, max_messages=max_messages)
        self.feed_error: str | None = None  # why the input stopped early, if it did
        self.notes: list[str] = []  # input problems so far (all of them once the input has ended)
        nodes = getattr(reader, "nodes", None)  # several inputs merged: their short names
        self.path_label = " + ".join(n.label for n in nodes.nodes) if nodes is not None else "stdin" if path == "-" else path
        self.title = f"hexview — {printable(self.path_label)}"
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"  # over SSH a smooth scroll is only lag
        self.feed = FeedThread(reader, self.make_pipeline)
        self.feed.start()  # reads while Textual starts; the screen attaches on mount
        self._viewer: ViewerScreen | None = None  # made on mount

    def make_pipeline(self):
        if self._pipeline_factory is not None:
            return self._pipeline_factory()
        from hexview.pipeline import Pipeline

        nodes = getattr(self.reader, "nodes", None)  # several inputs merged
        return Pipeline(decode_as=self.decode_as, hold_for_pairs=False, options=self.options, nodes=nodes)

    def on_mount(self) -> None:
        # Pushed once Textual's start-up batch is over (the App's queue runs after it), not
        # now: a screen drawn during the batch has its frame thrown away, and the frames
        # after it carry only what changed since, so the first screen reached the terminal
        # in pieces (the stream list last, a layout pass later) after one wasted render.
        self._viewer = ViewerScreen(self.store, display_filter=self._display_filter)
        self.call_later(self.push_screen, self._viewer)

    def on_unmount(self) -> None:
        from .cli_worker import end_all

        self.feed.cancel()
        end_all()  # no command line run of ours outlives the view

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self.feed.nudge()  # the user is here: reading gives way while they act
        await super().on_event(event)

    def on_notes_changed(self, event: NotesChanged) -> None:
        """New notes while reading (the feed posts to the screen; it bubbles here)."""
        self.set_notes(event.notes)

    def set_notes(self, notes: list[str]) -> None:
        from .notes_screen import NotesScreen

        self.notes = notes
        for screen in self.screen_stack:
            if isinstance(screen, NotesScreen):
                screen.update_notes(notes)
            elif isinstance(screen, ViewerScreen):
                screen.refresh_title()

    def action_notes(self) -> None:
        from .notes_screen import NotesScreen  # first use only

        if isinstance(self.screen, NotesScreen):
            self.pop_screen()
        else:
            self.push_screen(NotesScreen(self.notes))

    def on_key(self, event: events.Key) -> None:
        """A key that reached the App unused while a prompt line (search, filter) has
        focus was typed before ``/`` or ``&`` opened it, and queued at a pane: it
        belongs in the line."""
        from .widgets.prompt_bar import QueryLine

        if isinstance(self.focused, QueryLine):
            self.focused.take_key(event)

    def decode_port_as(self, port: int, name: str | None) -> None:
        """Decode As: streams on ``port`` are ``name`` (None: automatic again).

        A file is read again from the start with the new choice, like Wireshark
        re-dissects; a pipe cannot be re-read, so the choice applies to the streams
        that start from now on."""
        if name:
            self.decode_as[port] = name
        else:
            self.decode_as.pop(port, None)
        what = f"port {port} as {name}" if name else f"port {port} by heuristics and ports"
        self._decode_again(what, "set_decode_as", port, name or None)

    def set_decode_option(self, key: str, value: str) -> None:
        """Decode As, a protocol's option (``--option KEY=VALUE``): applied as a port's
        protocol is (``decode_port_as``)."""
        self.options[key] = value
        self._decode_again(f"with {key}={value}", "set_option", key, value)

    def _decode_again(self, what: str, change: str, *args) -> None:
        """A file: read it again with the App's choices. A pipe: the running pipeline's
        method ``change`` takes ``args``, for the streams that start from now on."""
        if self._reopen is None:
            method = getattr(self.feed.pipeline, change, None)
            if method is not None:
                method(*args)
            self.notify(f"Decoding {what} for streams that start from now on (a pipe cannot be read again)", markup=False)
            return
        try:
            reader = self._reopen()
        except Exception as exc:  # the file went away or became unreadable
            self.notify(printable(f"cannot read {self.path_label} again: {exc}"), severity="error", markup=False)
            return
        row = self.viewer.stream_row
        kept_filter = self.viewer.filter_bar.applied  # applied again to what is read anew
        self.feed.cancel()
        self.reader = reader
        self.store = MessageStore(max_bytes=self._store_limits[0], max_messages=self._store_limits[1])
        self.feed = FeedThread(reader, self.make_pipeline)
        self.feed.start()
        self._viewer = ViewerScreen(self.store, return_to_stream=row, display_filter=kept_filter)
        self.switch_screen(self._viewer)
        self.notify(f"Decoding {what}: reading {printable(self.path_label)} again", markup=False)

    @property
    def can_read_again(self) -> bool:
        """A file can be read again from the start (Decode As, follow); a pipe cannot."""
        return self._reopen is not None

    def read_again(self) -> Iterable | None:
        """The input read again from the start (a file), or None (a pipe cannot be);
        raises what opening it raises."""
        return self._reopen() if self._reopen is not None else None

    def command_line(self, *asked: str) -> list[str] | None:
        """``hexview ASKED...`` on this input with the choices the view decodes with
        now (Decode As, protocol options, the input format and protocol folders of its
        own command line), as ``tui.cli_worker.CliRun`` runs it; None for a pipe, which
        cannot be read again (and for a view made without its command line: tests)."""
        if self.same_input is None:
            return None
        return self.same_input.command(self.decode_as, self.options, *asked)

    @property
    def viewer(self) -> ViewerScreen:
        assert self._viewer is not None, "the App is not mounted yet"
        return self._viewer


def run_app(
    reader: Iterable,
    path: str,
    decode_as: dict[int, str] | None = None,
    reopen: Callable[[], Iterable] | None = None,
    options: dict | None = None,
    same_input: SameInput | None = None,
    display_filter: str | None = None,
) -> int:
    """Run the interactive view until the user quits; returns the exit code.
    ``reopen`` reads the input again from the start (files only: Decode As);
    ``options`` are the protocol decoding options of the command line; ``same_input``
    runs hexview on the same file in a child process (files only: display filters);
    ``display_filter`` is applied from the start (``-Y``)."""
    app = HexviewApp(
        reader, path, decode_as, reopen=reopen, options=options, same_input=same_input, display_filter=display_filter or ""
    )
    app.feed.wait_for_first(FIRST_WAIT)  # a moment for the first frame to show a stream
    app.run()
    code = app.return_code or 0
    # Say on stderr too, once the screen is restored, what --print would have said
    # (input problems: the notes screen had them), and why reading stopped if it did.
    # Several inputs merged: each note names the input it is about.
    report_notes(None if getattr(reader, "nodes", None) is not None else path, app.notes)
    if app.feed_error:
        print(f"hexview: {printable(app.feed_error)}", file=sys.stderr)
        code = code or 1
    return code
