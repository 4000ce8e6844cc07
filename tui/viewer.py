"""The viewer screen: streams, messages, field tree and bytes, kept in step.

The screen owns the selection (which stream, which message, which field, which byte)
and is the only place that changes the panes; widgets report what the user asked for
(``Chosen``, ``CursorMoved``, tree highlights) and the feed worker only posts batches
of messages, which land in a bounded ``MessageStore``. A message is decoded when it is
shown, one at a time, on the UI thread (one message, however large, is fine); a
search runs on the UI thread a slice at a time (``search_actions``); a display filter
over a file runs in a child process (``filter_actions``).

Syncing runs both ways without loops: a tree node the user chooses moves the hex
cursor to the field start; a hex cursor move selects the deepest field there and
moves the tree cursor, which the tree does not report back (only the user's own
moves post ``Chosen``).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.events import Resize
from textual.screen import Screen

from hexview.analysis.message_store import MessageStore, StoredStream
from hexview.decode.fields import DecodedMessage
from hexview.messages import Message
from hexview.packets import Span

from .analysis_actions import AnalysisActions
from .cross_view_actions import CrossViewActions, view_bindings
from .filter_actions import FilterActions
from .kept_trees import KeptTrees
from .keys import key_hints
from .list_actions import ListActions
from .mark_actions import MarkActions
from .marks import Marks
from .message_actions import MessageActions
from .messages import FeedFinished, MessagesArrived, NotesChanged
from .ruler import clocks_text, ruler_text, status_text
from .safe import group_digits, wire_text
from .search_actions import SearchActions
from .widgets import FieldTree, FilterBar, HexView, MessageList, SearchBar, StreamList
from .widgets.field_tree import ByteRange, node_path
from .widgets.line_list import LineList
from .widgets.text_line import TextLine

if TYPE_CHECKING:
    from hexview.analysis.search import Query

# Messages take the whole width (the info column needs it); fields and bytes share the
# row below, the bytes pane just as wide as its rows (16 bytes, or 8 on a medium screen).
HEX16 = 150  # columns from which the bytes pane shows 16 bytes a row
NARROW = 100  # columns below which fields and bytes are stacked (each gets the full width)
SHORT = 30  # rows below which panes keep only a top border


def decode_safely(message: Message) -> DecodedMessage:
    """``message.decode()``, with a parser crash shown as an error span, not raised."""
    try:
        decoded = message.decode()
        decoded.ensure_colours()  # the tree and the bytes are painted with them
        return decoded
    except Exception as exc:
        reason = f"decoder failed: {type(exc).__name__}: {exc}"
        return DecodedMessage([], [Span(0, message.length, reason)], "")


class ViewerScreen(
    AnalysisActions, FilterActions, CrossViewActions, MarkActions, MessageActions, SearchActions, ListActions, Screen
):
    DEFAULT_CSS = """
    ViewerScreen #streams, ViewerScreen #messages, ViewerScreen #fields, ViewerScreen #hex {
        border: round $primary-darken-2;
        border-title-color: $text;
    }
    ViewerScreen #streams:focus, ViewerScreen #messages:focus, ViewerScreen #fields:focus, ViewerScreen #hex:focus {
        border: round $accent;
        border-title-style: reverse bold;
    }
    ViewerScreen.-short #streams, ViewerScreen.-short #messages, ViewerScreen.-short #fields, ViewerScreen.-short #hex {
        border: none;
        border-top: round $primary-darken-2;
    }
    ViewerScreen.-short #streams:focus, ViewerScreen.-short #messages:focus,
    ViewerScreen.-short #fields:focus, ViewerScreen.-short #hex:focus {
        border: none;
        border-top: round $accent;
    }
    ViewerScreen.-short #streams { max-height: 5; }
    ViewerScreen.-short #hex, ViewerScreen.-short #hex:focus { border-left: vkey $primary-darken-2; }
    ViewerScreen.-short.-narrow #hex, ViewerScreen.-short.-narrow #hex:focus { border-left: none; }
    #panes {
        height: 1fr;
        layout: grid;
        grid-size: 2 2;
        grid-columns: 1fr 48;
        grid-rows: 1fr 1fr;
    }
    #messages { column-span: 2; }
    #hex { padding: 0 0 0 1; }
    ViewerScreen.-hex16 #panes { grid-columns: 1fr 80; }
    ViewerScreen.-narrow #panes { grid-size: 1 3; grid-columns: 1fr; grid-rows: 6fr 5fr 5fr; }
    ViewerScreen.-narrow #messages { column-span: 1; }
    #bar { height: 1; background: $boost; }
    #title { background: $panel; padding: 0 1; }
    #keys { background: $panel; padding: 0 1; }
    #ruler { width: 1fr; height: 1; padding: 0 1; }
    #status { width: auto; max-width: 45%; height: 1; padding: 0 1 0 0; }
    """

    BINDINGS = [
        Binding("ctrl+n", "next_message", "Next", show=False),
        Binding("ctrl+p", "previous_message", "Prev", show=False),
        Binding("j,down", "next_message", "Next", show=False),
        Binding("k,up", "previous_message", "Prev", show=False),
        Binding("g,home", "first_message", "First", show=False),
        Binding("G,end", "last_message", "Last", show=False),
        Binding("right_square_bracket", "next_stream", "Stream", key_display="]"),
        Binding("left_square_bracket", "previous_stream", "Prev stream", key_display="[", show=False),
        Binding("r,percent_sign", "pair", "Pair"),
        Binding("slash", "search(False)", "Search", key_display="/"),
        Binding("backslash,ctrl+r", "search(True)", "Search back", key_display="\\", show=False),
        Binding("ampersand", "filter", "Filter", key_display="&"),
        Binding("n,full_stop,f3", "match(False)", "Match", key_display="n"),
        Binding("N,comma,shift+f3", "match(True)", "Prev match", key_display="N", show=False),
        Binding("escape", "cancel_search", "Stop search", show=False),
        Binding("f", "toggle_follow", "Follow"),
        Binding("F", "follow_on", "Follow on", show=False),
        Binding("y", "copy_field", "Copy"),
        Binding("Y", "copy_message", "Copy msg", show=False),
        Binding("w", "export", "Write", show=False),
        Binding("M", "marks", "Marks", show=False),  # m and ' are prefixes: MarkActions.on_key
        Binding("plus,equals_sign", "tree('expand_all')", "Expand all", show=False),
        Binding("minus", "tree('collapse_all')", "Collapse all", show=False),
        Binding("z", "zoom", "Zoom", show=False),
        Binding("t", "time_mode", "Time", show=False),
        Binding("T", "time_reference", "Time ref", show=False),
        Binding("ctrl+g,colon", "go_to", "Go to", show=False),
        Binding("d", "decode_as", "Decode as", show=False),
        Binding("s", "follow_stream", "Follow stream", show=False),
        Binding("c", "conversations", "Conversations", show=False),
        Binding("S", "statistics", "Statistics", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("e", "app.notes", "Notes", show=False),
        Binding("tab", "app.focus_next", "Pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Pane", show=False),
        *view_bindings(),  # each cross-stream view's key (CrossViewActions)
    ]

    def __init__(self, store: MessageStore, return_to_stream: int | None = None, display_filter: str = "") -> None:
        """``display_filter``: a filter to apply from the start (``-Y``, or the one in force
        when Decode As reads the file again)."""
        super().__init__()
        self.store = store
        self._initial_filter = display_filter
        self.stream_row: int | None = None
        # after Decode As re-reads the input: the stream row to show again once it is read
        self._return_to = return_to_stream
        self.position = 0  # of the message on show, in its stream
        self._protocols_seen: set[str] = set()  # the protocols of the streams so far (the key bar's views)
        self.current_message: Message | None = None  # kept even if the store drops it
        self.current_decoded: DecodedMessage | None = None
        self.kept_trees = KeptTrees()  # only the last few messages shown keep a tree
        self.pair_position: int | None = None
        self.following = False
        self.finished = False
        self.total_messages = 0
        self.search_query: Query | None = None
        self.search_backwards = False
        self.searching = False
        self.search_status = ""
        self._field_path: tuple[str, ...] = ()  # the chosen field, kept across messages
        self.marks = Marks()  # m / ' / M (a new screen after Decode As starts without marks)
        self._title_progress = ""

    def compose(self) -> ComposeResult:
        self._apply_layout(self.app.size.width, self.app.size.height)  # the first layout is already the right one
        yield TextLine(id="title")
        yield FilterBar(id="filter")
        yield StreamList(id="streams")
        with Container(id="panes"):
            yield MessageList(id="messages")
            yield FieldTree(id="fields")
            yield HexView(id="hex")
        with Horizontal(id="bar"):
            yield TextLine(Text("reading…", style="dim"), id="ruler")
            yield TextLine("", id="status")
        yield SearchBar(id="search")
        yield TextLine(id="keys")

    def on_mount(self) -> None:
        self.set_progress("reading…")
        self.query_one(MessageList).focus()
        self._apply_layout(self.app.size.width, self.app.size.height)
        # what the feed read while the screen was being made is shown in the first frame
        for message in self.app.feed.attach(self):  # type: ignore[attr-defined]
            if isinstance(message, MessagesArrived):
                self._messages_arrived(message)
            elif isinstance(message, FeedFinished):
                self._feed_finished(message)
            elif isinstance(message, NotesChanged):
                self.app.set_notes(message.notes)  # type: ignore[attr-defined]
        if self._initial_filter:
            self.apply_filter(self._initial_filter)

    def on_unmount(self) -> None:
        self._stop_filter()  # no child process outlives the screen (quit, Decode As)

    def on_resize(self, event: Resize) -> None:
        self._apply_layout(event.size.width, event.size.height)

    def _apply_layout(self, width: int, height: int) -> None:
        self.set_class(width >= HEX16, "-hex16")
        self.set_class(width < NARROW, "-narrow")
        self.set_class(height < SHORT, "-short")
        if self.is_mounted:
            self._update_key_bar()
            self.refresh_title()

    # -- panes ------------------------------------------------------------------------------
    @property
    def streams_pane(self) -> StreamList:
        return self.query_one(StreamList)

    @property
    def messages_pane(self) -> MessageList:
        return self.query_one(MessageList)

    @property
    def fields_pane(self) -> FieldTree:
        return self.query_one(FieldTree)

    @property
    def hex_pane(self) -> HexView:
        return self.query_one(HexView)

    @property
    def stream(self) -> StoredStream | None:
        return None if self.stream_row is None else self.store.streams[self.stream_row]

    # -- the feed (a thread the App started; see feed.FeedThread) -----------------------------
    @on(MessagesArrived)
    def _messages_arrived(self, event: MessagesArrived) -> None:
        update = self.store.add(event.messages)
        if getattr(self.app.reader, "size", None) is not None:  # a file: everything read stays
            # out of the cyclic collector's sight as it comes (see _feed_finished): its full
            # collections over a growing store took a third of the time to read a large
            # capture. Not for a pipe, whose oldest messages go and must be collectable.
            gc.freeze()
        self.total_messages += len(event.messages)
        pipeline = self.app.feed.pipeline  # type: ignore[attr-defined]
        origin = getattr(pipeline, "first_timestamp", None)  # the input's first packet, as tshark's relative time
        self.messages_pane.origin = self.streams_pane.origin = origin if origin is not None else self.store.origin
        nodes = self.messages_pane.nodes = getattr(pipeline, "nodes", None)
        self.streams_pane.set_nodes(nodes)
        if update.new_streams:
            self.streams_pane.set_streams(self.store.streams)
            protocols = {getattr(self.store.streams[row].conversation.protocol, "name", "") for row in update.new_streams}
            if not protocols <= self._protocols_seen:
                self._protocols_seen |= protocols
                self._update_key_bar()
        elif update.changed:
            self.streams_pane.update_names()
            self.streams_pane.refresh()
        self.set_progress(self._progress(event.packets))
        self.filter_messages_arrived(update)
        if self.stream_row is None:
            want = self._return_to
            first = self.streams_pane.first_row()
            if want is not None and want < len(self.store.streams):
                self._return_to = None
                self.select_stream(want)
            elif want is None and first is not None:
                self.select_stream(first, last=self.following)
            if self.stream_row is not None:  # the first screen: once it is drawn, the feed reads on
                self.call_after_refresh(self.app.feed.screen_shown)  # type: ignore[attr-defined]
            return
        if self.stream_row in update.changed:
            self.messages_pane.update_rows()
            newest = self.newest_position()
            if self.following and newest is not None:
                self.select_position(newest)
            else:
                self.messages_pane.set_cursor(self.messages_pane.row_of(self.position), scroll=False)
                if self._find_pair():  # the reply to the request on show has just come
                    self.messages_pane.show_position(self.position, self.pair_position)
                self._update_ruler()
        elif nodes is not None:  # other nodes' copies of the message on show may have come
            self._update_ruler()

    def set_progress(self, text: str) -> None:
        """The title line: program, input, and how far reading got."""
        self.app.sub_title = self._title_progress = text
        notes = self.app.notes  # type: ignore[attr-defined]
        # the way to read notes (NotesScreen), like Wireshark's expert info
        notes_text = f"  e: {group_digits(len(notes))} note{'s' if len(notes) != 1 else ''}" if notes else ""
        path = wire_text(self.app.path_label).plain  # type: ignore[attr-defined]
        # A narrow terminal loses the front of the path, never how far reading got
        # (the title has one cell of padding each side).
        room = self.size.width - 2 - len("hexview — ") - 2 - len(text) - len(notes_text)
        if self.size.width and len(path) > max(room, 8):
            path = "…" + path[len(path) - max(room, 8) + 1 :]
        title = Text(no_wrap=True, end="")
        title.append("hexview", style="bold")
        title.append(" — ")
        title.append(path)
        title.append("  ")
        title.append(text, style="dim" if text.startswith("reading") else "")
        if notes_text:
            title.append(notes_text, style="bold")
        self.query_one("#title", TextLine).update(title)

    def refresh_title(self) -> None:
        self.set_progress(self._title_progress)

    def on_descendant_focus(self) -> None:
        self._update_key_bar()

    def _update_key_bar(self) -> None:
        """The focused pane's keys, as many as fit; help and quit always stay."""
        focused = self.focused
        hints = key_hints(focused.id if focused is not None else None, self._protocols_seen)
        room = self.app.size.width - 2
        keep = [h for h in hints if h[1] in ("help", "quit")]
        used = sum(len(k) + len(w) + 3 for k, w in keep)
        chosen = []
        for hint in hints:
            if hint in keep:
                chosen.append(hint)
                continue
            cost = len(hint[0]) + len(hint[1]) + 3
            if used + cost <= room:
                chosen.append(hint)
                used += cost
        bar = Text(no_wrap=True, end="")
        for keys, what in chosen:
            bar.append(keys, style="bold reverse")
            bar.append(f" {what}  ")
        self.query_one("#keys", TextLine).update(bar)

    def _progress(self, packets: int) -> str:
        parts = [f"reading… {group_digits(packets)} packets", f"{group_digits(self.total_messages)} messages"]
        if self.store.evicted:
            parts.append(f"{group_digits(self.store.evicted)} dropped")
        return " · ".join(parts)

    @on(FeedFinished)
    def _feed_finished(self, event: FeedFinished) -> None:
        self.finished = True
        self.app.feed.screen_shown()  # type: ignore[attr-defined]
        first = self.streams_pane.first_row()
        if self.stream_row is None and first is not None:  # the stream to return to never came
            self._return_to = None
            self.select_stream(first)
        self.app.feed_error = event.error  # type: ignore[attr-defined]
        self.app.set_notes(event.notes)  # type: ignore[attr-defined]
        parts = ["done", f"{group_digits(event.packets)} packets", f"{group_digits(event.messages)} messages"]
        if self.store.evicted:
            parts.append(f"{group_digits(self.store.evicted)} dropped")
        nodes = self.messages_pane.nodes
        if nodes is not None:
            self._update_ruler()  # every copy is known now
            self.messages_pane.refresh()
            if nodes.clocks:
                parts.append(clocks_text(nodes))
        if event.error:
            parts[0] = "stopped"
            self.notify(wire_text(event.error).plain, title="input", severity="error", markup=False)
        self.set_progress(" · ".join(parts))
        # Everything read is kept from now on: take it out of the cyclic collector's
        # sight, or a full collection over a million messages stalls a keystroke.
        gc.freeze()
        if not self.store.streams:
            self.query_one("#ruler", TextLine).update(Text("no messages in this input", style="dim"))

    # -- selection ------------------------------------------------------------------------------
    def select_stream(self, row: int, last: bool = False) -> None:
        """Show stream ``row``: its first message listed (``last``: its newest)."""
        if not 0 <= row < len(self.store.streams):
            return
        self.stream_row = row
        stream = self.stream
        self.visit_stream()
        self.streams_pane.set_cursor(self.streams_pane.display_row(row))
        self.messages_pane.show_stream(stream)
        self.position = -1
        listed = self.filter_matches.positions(row) if self.filter_matches is not None else None
        if listed:
            self.select_position(listed[-1] if last else listed[0])
        else:
            self.select_position(stream.count - 1 if last else stream.first)

    def newest_position(self) -> int | None:
        """The newest message listed in the selected stream (filtered: its newest match)."""
        stream = self.stream
        if stream is None or not stream.count:
            return None
        if self.filter_matches is not None:
            listed = self.filter_matches.positions(stream.row)
            return listed[-1] if listed else None
        return stream.count - 1

    def select_position(self, position: int, user: bool = False) -> bool:
        """Show message ``position`` of the selected stream (clamped to the kept ones).

        ``user``: the user asked (keys, clicks, search), so leaving the newest message
        turns follow mode off, and the display filter leaves the choice to them.
        Returns whether the message on show changed."""
        stream = self.stream
        if stream is None or stream.count == 0:
            return False
        position = max(stream.first, min(position, stream.count - 1))
        if user and self.following and position != self.newest_position():
            self.set_following(False)
        if position == self.position and self.current_message is stream.get(position):
            return False
        if user:
            self._filter_chooses = False
        self.position = position
        self.current_message = stream.get(position)
        self.visit_message()
        self.show_current()
        self.selection_moved()
        return True

    def show_current(self) -> None:
        message = self.current_message
        self.current_decoded = None
        if message is None:
            self.fields_pane.show_decoded(None)
            self.hex_pane.show_message(b"", None)
            return
        decoded = self.current_decoded = decode_safely(message)
        self.kept_trees.keep(message)
        self.pair_position = None
        self._find_pair()
        self.messages_pane.show_position(self.position, self.pair_position)
        self.fields_pane.show_decoded(decoded)
        self.hex_pane.show_message(message.data, decoded, message.missing)
        self._update_ruler()
        node = self.fields_pane.node_by_path(self._field_path) if self._field_path else None
        if node is not None:  # the field chosen in the previous message, if this one has it too
            self._show_field(node, move_cursor=True)
        self._update_hex_subtitle()

    def _find_pair(self) -> bool:
        """Find where the pair of the message on show sits (the list marks it); True if found now."""
        message, stream = self.current_message, self.stream
        if message is None or stream is None or message.pair is None or self.pair_position is not None:
            return False
        self.pair_position = stream.position_of(message.pair)
        return self.pair_position is not None

    def _update_ruler(self) -> None:
        message, stream = self.current_message, self.stream
        if message is None or stream is None:
            return
        self.query_one("#ruler", TextLine).update(
            ruler_text(message, self.position, stream.count, self.current_decoded, self.pair_position, self.messages_pane.nodes)
        )

    def _update_status(self) -> None:
        self.query_one("#status", TextLine).update(status_text(self.following, self.search_status))
        self.messages_pane.border_subtitle = "following" if self.following else ""

    def _update_hex_subtitle(self) -> None:
        hex_view = self.hex_pane
        if not hex_view.data:
            hex_view.border_subtitle = ""
            return
        parts = [f"byte 0x{hex_view.cursor:x} ({hex_view.cursor})"]
        if hex_view.selection:
            start, end = hex_view.selection
            parts.append(f"{end - start} selected")
        hex_view.border_subtitle = " · ".join(parts)

    def _show_field(self, node, move_cursor: bool, scroll_tree: bool = True) -> None:
        """Highlight ``node``'s bytes; tree cursor onto it without an echo."""
        data = node.data
        if not isinstance(data, ByteRange):
            return
        tree = self.fields_pane
        if tree.cursor_node is not node and scroll_tree:
            tree.reveal(node)
        self.hex_pane.select(data.start, data.end, scroll=move_cursor)
        if move_cursor:
            self.hex_pane.set_cursor(data.start, scroll=False)
        self._update_hex_subtitle()

    # -- events from the panes -------------------------------------------------------------------
    @on(LineList.Chosen, "#streams")
    def _stream_chosen(self, event: LineList.Chosen) -> None:
        row = self.streams_pane.store_row(event.row)
        if row != self.stream_row:
            self._filter_chooses = False
            self.select_stream(row)

    @on(LineList.Entered)
    def _list_entered(self, event: LineList.Entered) -> None:
        """enter in the stream list goes to its messages; in the message list, to the fields."""
        (self.messages_pane if event.widget is self.streams_pane else self.fields_pane).focus()

    @on(LineList.Chosen, "#messages")
    def _message_chosen(self, event: LineList.Chosen) -> None:
        self.select_position(self.messages_pane.position_of_row(event.row), user=True)

    @on(FieldTree.Chosen)
    def _field_chosen(self, event: FieldTree.Chosen) -> None:
        node = event.node
        if event.tree is not self.fields_pane or not isinstance(node.data, ByteRange):
            return
        if node not in self.fields_pane.lines:  # from a tree since replaced
            return
        self._field_path = node_path(node)
        self._show_field(node, move_cursor=True, scroll_tree=False)

    @on(HexView.CursorMoved)
    def _hex_cursor_moved(self, event: HexView.CursorMoved) -> None:
        node = self.fields_pane.node_at(event.offset)
        if node is None:
            self.hex_pane.select(0, 0)
            self._update_hex_subtitle()
            return
        self._field_path = node_path(node)
        self._show_field(node, move_cursor=False)

    # -- key actions: messages and streams -----------------------------------------------------------
    def action_next_message(self) -> None:
        self._step_message(1)

    def action_previous_message(self) -> None:
        self._step_message(-1)

    def action_first_message(self) -> None:
        self._message_row(0)

    def action_last_message(self) -> None:
        self._message_row(-1)

    def _step_message(self, step: int) -> None:
        """The message listed ``step`` rows from the one on show."""
        if self.stream is not None:
            self._message_row(max(0, self.messages_pane.row_of(self.position) + step))

    def _message_row(self, row: int) -> None:
        """The message listed on ``row`` (-1: the last), clamped to the rows there are."""
        pane = self.messages_pane
        if self.stream is not None and pane.row_count:
            self.select_position(pane.position_of_row(pane.row_count - 1 if row < 0 else row), user=True)

    def action_next_stream(self) -> None:
        self._step_stream(1)

    def action_previous_stream(self) -> None:
        self._step_stream(-1)

    def _step_stream(self, step: int) -> None:
        """The next stream in the list's (stream-number) order."""
        if self.stream_row is None:
            return
        pane = self.streams_pane
        if not pane.shown:
            return
        shown = max(0, min(pane.display_row(self.stream_row) + step, len(pane.shown) - 1))
        self._filter_chooses = False
        self.select_stream(pane.store_row(shown))

    def action_tree(self, action: str) -> None:
        getattr(self.fields_pane, f"action_{action}")()

    def action_zoom(self) -> None:
        """The focused pane fills the screen and shows more (the lists add columns); again: back."""
        if self.maximized is not None:
            self.minimize()
            detail = False
        elif self.focused is not None and self.focused.id in ("streams", "messages", "fields", "hex"):
            self.maximize(self.focused, container=False)
            detail = True
        else:
            return
        self.messages_pane.set_view(detail=detail and self.focused is self.messages_pane)
        self.streams_pane.set_detail(detail and self.focused is self.streams_pane)
        if self.stream_row is not None:
            self.streams_pane.scroll_to_row(self.streams_pane.display_row(self.stream_row))

    def action_decode_as(self) -> None:
        stream = self.stream
        if stream is None:
            self.notify("No stream to decode: choose one in the stream list", markup=False)
            return
        from .decode_as_screen import DecodeAsScreen, OptionChoice  # first use only

        conv = stream.conversation
        port = conv.server.port
        now = getattr(conv.protocol, "name", "not yet classified")
        label = f"{conv.client.addr}:{conv.client.port} → {conv.server.addr}:{port}   now: {now}"

        def chosen(answer: str | OptionChoice | None) -> None:
            if isinstance(answer, OptionChoice):
                self.app.set_decode_option(answer.key, answer.value)  # type: ignore[attr-defined]
            elif answer is not None:
                self.app.decode_port_as(port, answer or None)  # type: ignore[attr-defined]

        app = self.app
        app.push_screen(DecodeAsScreen(port, app.decode_as.get(port), label, app.options), chosen)  # type: ignore[attr-defined]

    def action_help(self) -> None:
        from .help_screen import HelpScreen  # imported on first use: not on the way to the first screen

        self.app.push_screen(HelpScreen())
