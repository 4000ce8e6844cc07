"""The hexview App and its one screen: streams, field tree and hex view kept in step.

The screen owns the selection state (which stream, which message, which field) and
is the only place that changes the panes; the feed worker (``feed.py``) only posts
messages to it. Messages are decoded lazily, one at a time, when shown.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, Tree
from textual.worker import get_current_worker

from hexview.fields import DecodedMessage
from hexview.messages import Message
from hexview.packets import Span
from hexview.safe_text import printable
from hexview.stream_events import Conversation

from .feed import run_feed
from .messages import FeedFinished, MessagesArrived
from .safe import group_digits, wire_text
from .widgets import FieldTree, HexView, StreamList
from .widgets.field_tree import ByteRange

ARROWS = {"c2s": "→", "s2c": "←"}
MAX_NOTES = 40


@dataclass(eq=False)
class StreamState:
    conversation: Conversation
    row: int
    messages: list[Message] = field(default_factory=list)


def decode_safely(message: Message) -> DecodedMessage:
    """``message.decode()``, with a parser crash shown as an error span, not raised."""
    try:
        return message.decode()
    except Exception as exc:
        reason = f"decoder failed: {type(exc).__name__}: {exc}"
        return DecodedMessage([], [Span(0, message.length, reason)], "")


class ViewerScreen(Screen):
    DEFAULT_CSS = """
    ViewerScreen StreamList, ViewerScreen FieldTree, ViewerScreen HexView {
        border: round $primary-darken-2;
    }
    ViewerScreen StreamList:focus, ViewerScreen FieldTree:focus, ViewerScreen HexView:focus {
        border: round $accent;
    }
    #ruler { height: 1; padding: 0 1; background: $boost; }
    #panes { height: 1fr; }
    """

    BINDINGS = [
        Binding("n", "next_message", "Next msg"),
        Binding("p", "previous_message", "Prev msg"),
        Binding("j", "next_message", "Next msg", show=False),
        Binding("k", "previous_message", "Prev msg", show=False),
        Binding("right_square_bracket", "next_stream", "Next stream", key_display="]"),
        Binding("left_square_bracket", "previous_stream", "Prev stream", key_display="["),
        Binding("tab", "app.focus_next", "Pane"),
        Binding("shift+tab", "app.focus_previous", "Pane", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.streams: list[StreamState] = []
        self._by_conversation: dict[int, StreamState] = {}
        self.stream_index: int | None = None
        self.message_index = 0
        self.total_messages = 0
        self.current_decoded: DecodedMessage | None = None  # of the message on show
        self.finished = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield StreamList(id="streams")
        yield Static(Text("reading…", style="dim"), id="ruler")
        with Horizontal(id="panes"):
            yield FieldTree(id="fields")
            yield HexView(id="hex")
        yield Footer()

    def on_mount(self) -> None:
        self.app.sub_title = "reading…"
        self.query_one(StreamList).focus()
        self.feed()

    # -- the feed (worker thread) ---------------------------------------------------
    @work(thread=True, exclusive=True, group="feed", exit_on_error=False)
    def feed(self) -> None:
        worker = get_current_worker()
        app: HexviewApp = self.app  # type: ignore[assignment]
        run_feed(app.reader, app.make_pipeline(), self.post_message, lambda: worker.is_cancelled)

    @on(MessagesArrived)
    def _messages_arrived(self, event: MessagesArrived) -> None:
        stream_list = self.query_one(StreamList)
        changed: set[int] = set()
        for message in event.messages:
            key = id(message.conversation)
            state = self._by_conversation.get(key)
            if state is None:
                state = StreamState(message.conversation, stream_list.add_stream(message.conversation))
                self._by_conversation[key] = state
                self.streams.append(state)
            state.messages.append(message)
            changed.add(state.row)
        for row in changed:
            stream_list.set_count(row, len(self.streams[row].messages))
        self.total_messages += len(event.messages)
        self.app.sub_title = (
            f"reading… {group_digits(event.packets)} packets · {group_digits(self.total_messages)} messages"
        )
        if self.stream_index is None and self.streams:
            self.select_stream(0)
        elif self.stream_index in changed:
            self._update_ruler()

    @on(FeedFinished)
    def _feed_finished(self, event: FeedFinished) -> None:
        self.finished = True
        self.app.feed_error = event.error  # type: ignore[attr-defined]
        self.app.notes = event.notes  # type: ignore[attr-defined]
        parts = ["done", f"{group_digits(event.packets)} packets", f"{group_digits(event.messages)} messages"]
        if event.notes:
            parts.append(f"{group_digits(len(event.notes))} input notes")
        if event.error:
            parts[0] = "stopped"
            self.notify(str(wire_text(event.error)), title="input", severity="error", markup=False)
        self.app.sub_title = " · ".join(parts)
        if not self.streams:
            self.query_one("#ruler", Static).update(Text("no messages in this input", style="dim"))

    # -- selection ------------------------------------------------------------------
    @property
    def current_message(self) -> Message | None:
        if self.stream_index is None:
            return None
        messages = self.streams[self.stream_index].messages
        return messages[self.message_index] if messages else None

    def select_stream(self, index: int) -> None:
        if not 0 <= index < len(self.streams):
            return
        self.stream_index = index
        self.message_index = 0
        stream_list = self.query_one(StreamList)
        if stream_list.cursor_row != index:
            stream_list.move_cursor(row=index)
        self.show_current()

    def select_message(self, index: int) -> None:
        if self.stream_index is None:
            return
        messages = self.streams[self.stream_index].messages
        index = max(0, min(index, len(messages) - 1))
        if index != self.message_index:
            self.message_index = index
            self.show_current()

    def show_current(self) -> None:
        message = self.current_message
        self.current_decoded = None
        tree = self.query_one(FieldTree)
        hex_view = self.query_one(HexView)
        if message is None:
            tree.show_decoded(None)
            hex_view.show_message(b"", None)
            return
        decoded = self.current_decoded = decode_safely(message)
        self._update_ruler()
        tree.show_decoded(decoded)
        hex_view.show_message(message.data, decoded, message.missing)

    def _update_ruler(self) -> None:
        message = self.current_message
        if message is None:
            return
        count = len(self.streams[self.stream_index].messages)
        ruler = Text(no_wrap=True, end="")
        ruler.append(f"msg {self.message_index + 1}/{group_digits(count)}", style="bold")
        ruler.append(f"  #{message.index}  {ARROWS.get(message.direction, '?')} ")
        ruler.append_text(wire_text(message.name, "bold"))
        ruler.append(f"  {group_digits(message.length)} bytes", style="dim")
        if message.pair is not None:
            ruler.append(f"  ↔ #{message.pair.index}", style="dim")
        if self.current_decoded is not None and self.current_decoded.summary:
            ruler.append("  ")
            ruler.append_text(wire_text(self.current_decoded.summary))
        self.query_one("#ruler", Static).update(ruler)

    @on(DataTable.RowHighlighted, "StreamList")
    def _stream_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row != self.stream_index:
            self.select_stream(event.cursor_row)

    @on(Tree.NodeHighlighted, "FieldTree")
    @on(Tree.NodeSelected, "FieldTree")
    def _field_chosen(self, event: Tree.NodeHighlighted) -> None:
        data = event.node.data
        if isinstance(data, ByteRange):
            self.query_one(HexView).select(data.start, data.end)

    # -- key actions ------------------------------------------------------------------
    def action_next_message(self) -> None:
        self.select_message(self.message_index + 1)

    def action_previous_message(self) -> None:
        self.select_message(self.message_index - 1)

    def action_next_stream(self) -> None:
        if self.stream_index is not None:
            self.select_stream(min(self.stream_index + 1, len(self.streams) - 1))

    def action_previous_stream(self) -> None:
        if self.stream_index is not None:
            self.select_stream(max(self.stream_index - 1, 0))


class HexviewApp(App[int]):
    """``reader``: an iterable of Packets (may block); ``pipeline_factory`` makes the
    object whose ``run(packets)`` yields Messages (tests pass a fake one)."""

    TITLE = "hexview"
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(
        self,
        reader: Iterable,
        path: str = "-",
        decode_as: dict[int, str] | None = None,
        pipeline_factory: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self.reader = reader
        self.path = path
        self.decode_as = dict(decode_as or {})
        self._pipeline_factory = pipeline_factory
        self.feed_error: str | None = None  # why the input stopped early, if it did
        self.notes: list[str] = []  # input problems, once the input has ended
        self.title = f"hexview — {'stdin' if path == '-' else printable(path)}"

    def make_pipeline(self):
        if self._pipeline_factory is not None:
            return self._pipeline_factory()
        from hexview.pipeline import Pipeline

        return Pipeline(decode_as=self.decode_as, hold_for_pairs=False)

    def on_mount(self) -> None:
        self.push_screen(ViewerScreen())

    @property
    def viewer(self) -> ViewerScreen:
        return self.screen  # type: ignore[return-value]


def run_app(reader: Iterable, path: str, decode_as: dict[int, str] | None = None) -> int:
    """Run the interactive view until the user quits; returns the exit code."""
    app = HexviewApp(reader, path, decode_as)
    app.run()
    code = app.return_code or 0
    # The view has no notes pane yet: say on stderr, once the screen is restored, what
    # --print would have said (input problems), and why reading stopped if it did.
    name = "<stdin>" if path == "-" else path
    for note in app.notes[:MAX_NOTES]:
        print(f"hexview: {printable(name)}: {printable(note)}", file=sys.stderr)
    if len(app.notes) > MAX_NOTES:
        print(f"hexview: {printable(name)}: … {len(app.notes) - MAX_NOTES} more input problems", file=sys.stderr)
    if app.feed_error:
        print(f"hexview: {printable(app.feed_error)}", file=sys.stderr)
        code = code or 1
    return code
