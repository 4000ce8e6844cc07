"""The Textual view, driven headless with Textual's Pilot (120x40 unless said).

Covers: the stream list, message list, field tree and hex view stay in step both ways
(hex byte -> deepest field in the tree; tree node -> hex cursor and highlight); keys
step messages and streams, page, jump to the first/last message and to the paired
request/reply; search (hex bytes, text, field name/value, next/previous match, no
match, bad query, across streams); copy (the clipboard holds the hex); the help
screen; small terminals and resizes; wire bytes that look like markup or terminal
controls are shown literally everywhere; a blocked reader never blocks the UI.

The helpers at the top (``run``, ``wait_until``, ``screen_lines``, the toy protocol)
are shared with the other ``test_tui_*`` modules.
"""

from __future__ import annotations

import asyncio
import html
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from textual import events

from hexview.decode.fields import DecodedMessage, Field
from hexview.messages import Message
from hexview.packets import Span
from hexview.protocols.framing import StreamFramer
from hexview.protocols.registry import Registration
from hexview.tcp.stream_events import Conversation, Endpoint
from hexview.tui.app import HexviewApp
from hexview.tui.help_screen import HelpScreen
from hexview.tui.keys import all_keys, markdown_table
from hexview.tui.widgets import FieldTree, HexView, MessageList, SearchBar, StreamList
from hexview.tui.widgets import hex_view as hex_view_module
from hexview.tui.widgets.hex_view import ascii_x, colour_runs, hex_x
from shared_paths import CAPTURES

ROOT = Path(__file__).resolve().parent.parent
CAPTURE = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap"
SHARED_DIR = CAPTURES
SHARED = SHARED_DIR / "nbd" / "nbd-tiny-nbdsh.pcap"
SIZE = (120, 40)
EVIL = b"[bold]X[/]\x1b[31m\x07"
TIMEOUT = 15


@pytest.fixture(autouse=True)
def _outside_tmux(monkeypatch):
    """Copying inside tmux also fills tmux's paste buffer: never a developer's own."""
    monkeypatch.delenv("TMUX", raising=False)


@pytest.fixture(scope="module")
def capture() -> Path:
    if not CAPTURE.exists():
        if not SHARED.exists():
            pytest.skip("nbd-tiny-nbdsh.pcap not available")
        CAPTURE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHARED, CAPTURE)
    return CAPTURE


def open_reader(path: Path, fmt: str = "auto"):
    from hexview.readers import open_input

    return open_input(str(path), fmt)


async def wait_until(pilot, predicate, what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.02)
    await pilot.pause()


def run(app: HexviewApp, scenario, wait_done: bool = True, size: tuple[int, int] = SIZE, notifications: bool = False) -> None:
    """Run ``scenario(pilot)`` inside ``app`` once the input has been read."""

    async def main() -> None:
        async with app.run_test(size=size, notifications=notifications) as pilot:
            if wait_done:
                await wait_until(pilot, lambda: app.viewer.finished, "the end of the input")
            await scenario(pilot)

    asyncio.run(main())


async def searched(pilot, app: HexviewApp) -> None:
    await wait_until(pilot, lambda: not app.viewer.searching, "the search to finish")


async def search(pilot, app: HexviewApp, text: str, backwards: bool = False, typed: bool = False) -> None:
    """Search as a person would: / (or \\), the text, enter. Pilot spends ~60 ms a key,
    so the text is pasted into the line unless ``typed``."""
    await pilot.press("backslash" if backwards else "slash")
    assert app.viewer.query_one(SearchBar).is_open
    if typed:
        await pilot.press(*text)
    else:
        app.viewer.query_one("#query").insert_text_at_cursor(text)
    await pilot.press("enter")
    await searched(pilot, app)


_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)


def screen_lines(app: HexviewApp) -> list[str]:
    """The rendered screen as lines of text, from Textual's SVG export (cell = 12.2 px)."""
    width, height = app.size
    grid = [[" "] * width for _ in range(height)]
    for x, line, content in _SVG_TEXT.findall(app.export_screenshot()):
        row, col = int(line), round(float(x) / 12.2)
        for i, ch in enumerate(html.unescape(content).replace("\xa0", " ")):
            if row < height and 0 <= col + i < width:
                grid[row][col + i] = ch
    return ["".join(cells).rstrip() for cells in grid]


def screen_text(app: HexviewApp) -> str:
    return "\n".join(screen_lines(app))


def labels(tree: FieldTree) -> list[str]:
    return [node.label.plain for node in tree.root.walk() if node is not tree.root]


def capture_notifications(app: HexviewApp) -> list[str]:
    """Record every notification's text (and still show it)."""
    seen: list[str] = []
    original = app.notify

    def notify(message, **kwargs):
        seen.append(str(message))
        return original(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return seen


# -- a toy protocol: several streams, request/reply pairs, nested fields ------------------


def toy_decode(message: Message) -> DecodedMessage:
    n = message.length
    return DecodedMessage(
        [
            Field(
                "header",
                None,
                "",
                0,
                4,
                [
                    Field("opcode", message.data[0], f"OP_{message.data[0]} ({message.data[0]})", 0, 2, colour="green"),
                    Field("tag", message.data[2], f"0x{message.data[2]:02x}", 2, 4, colour="cyan"),
                ],
                colour="yellow",
            ),
            Field("body", None, f"{n - 4} bytes", 4, n, colour="magenta"),
        ],
        [],
        f"toy {message.name}",
    )


TOY = Registration(
    name="TOY",
    description="",
    ports=(),
    framer=StreamFramer,
    decode=toy_decode,
    colours={"protocol": "bright_magenta"},
)


def toy_stream(index: int, count: int, payload: bytes = b"", start_index: int = 0) -> list[Message]:
    """``count`` messages, alternately a request and its reply, 0.5 ms apart."""
    conv = Conversation(index, Endpoint("10.0.0.1", 40000 + index), Endpoint("10.0.0.2", 7000), protocol=TOY)
    out: list[Message] = []
    for i in range(count):
        request = i % 2 == 0
        data = bytes([i % 256, 0, index, 0]) + payload + bytes(12)
        m = Message(
            conv,
            "c2s" if request else "s2c",
            i * 16,
            data,
            (i + 1,),
            "k",
            f"{'REQ' if request else 'REP'}{i}",
            index=start_index + i,
            is_request=request,
            expects_reply=request,
            timestamp=i * 0.0005,
            end_timestamp=i * 0.0005,
        )
        if not request:
            m.link(out[-1])
            out[-1].expects_reply = False
        out.append(m)
    return out


def toy_capture() -> list[Message]:
    """Three streams, interleaved by index; only stream 2 carries the text 'needle'."""
    a = toy_stream(0, 30)
    b = toy_stream(1, 6)
    c = toy_stream(2, 4, payload=b"..needle..")
    merged = a[:10] + b + a[10:] + c
    for i, m in enumerate(merged):
        m.index = i
    return merged


class FakePipeline:
    notes: list[str] = []

    def __init__(self, messages: list[Message]) -> None:
        self.messages = messages

    def run(self, packets):
        for _ in packets:
            pass
        yield from self.messages


def toy_app(messages: list[Message] | None = None, **kwargs) -> HexviewApp:
    messages = toy_capture() if messages is None else messages
    return HexviewApp([object()], "toy", pipeline_factory=lambda: FakePipeline(messages), **kwargs)


# -- the real capture -------------------------------------------------------------------


def test_stream_row_and_first_message(capture):
    app = HexviewApp(open_reader(capture), str(capture))

    async def scenario(pilot):
        screen = app.viewer
        row = screen.query_one(StreamList).row_text(0)
        assert "NBD" in row and "127.0.0.1:45930 -> 127.0.0.1:10809" in row
        # the name NBD_OPT_GO gave it: nbdkit's log says the client asked for export ''
        assert "  default export ''  " in row
        cells = row.split("default export ''")[1].split()
        assert cells[0] == "17" and cells[3] == "6/6" and cells[5] == cells[7] == "µs", row  # msgs, answered, avg, max
        header = screen.query_one(StreamList).render_header(0, 200).plain
        assert header.split() == ["#", "proto", "conversation", "name", "msgs", "bytes", "problems", "answered", "avg", "max"]
        text = screen_text(app)
        assert "127.0.0.1:45930 -> 127.0.0.1:10809" in text and " 6/6 " in text
        assert screen.position == 0 and app.focused is screen.query_one(MessageList)
        messages = screen.query_one(MessageList)
        cells = messages.row_text(0).split()
        assert cells[0] == str(screen.current_message.index) and cells[1] == "4" and cells[3:5] == ["←", "Greeting"]
        assert "µs" in messages.row_text(3)  # a reply shows its response time
        tree = screen.query_one(FieldTree)
        assert tree.nodes_named("magic"), labels(tree)
        assert "■ magic: NBDMAGIC (0x4e42444d41474943) [0-8]" in labels(tree)
        assert app.sub_title.startswith("done")
        hex_view = screen.query_one(HexView)
        assert hex_view.data == screen.current_message.data
        assert hex_view.row_text(0).startswith("00000000  4e 42 44 4d")
        ruler = screen.query_one("#ruler").content.plain
        assert ruler.startswith("msg 1/17  No. 1  frame 4  ← Greeting (newstyle)")  # numbered from 1, as --print

    run(app, scenario)


def test_stepping_first_last_and_pages(capture):
    app = HexviewApp(open_reader(capture), str(capture))

    async def scenario(pilot):
        screen = app.viewer
        ruler = lambda: screen.query_one("#ruler").content.plain  # noqa: E731
        first = screen.current_message
        await pilot.press("ctrl+n")
        assert screen.position == 1 and screen.current_message is not first
        assert screen.query_one(HexView).data == screen.current_message.data
        assert ruler().startswith("msg 2/17")
        await pilot.press("j", "down")
        assert screen.position == 3
        await pilot.press("k", "up", "ctrl+p")
        assert screen.position == 0
        await pilot.press("ctrl+p")  # stays at the first
        assert screen.position == 0
        await pilot.press("ctrl+n", "p")  # p is free now (n / N are the search's): it moves nothing
        assert screen.position == 1
        await pilot.press("ctrl+p")
        assert screen.position == 0
        await pilot.press("G")
        assert screen.position == 16 and ruler().startswith("msg 17/17")
        await pilot.press("g")
        assert screen.position == 0
        await pilot.press("end")
        assert screen.position == 16
        await pilot.press("home")
        assert screen.position == 0
        messages = screen.query_one(MessageList)
        page = messages.page_rows
        assert page >= 3
        await pilot.press("pagedown")
        assert screen.position == page
        await pilot.press("pageup")
        assert screen.position == 0
        await pilot.press("space")  # like less
        assert screen.position == page
        await pilot.press("b")
        assert screen.position == 0
        await pilot.press("right_square_bracket")  # one stream only: stays
        assert screen.stream_row == 0
        await pilot.press("tab")
        assert app.focused is screen.query_one(FieldTree)
        await pilot.press("tab")
        assert app.focused is screen.query_one(HexView)
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is messages
        await pilot.press("q")
        assert app.return_code == 0

    run(app, scenario)


def test_streams_and_messages_in_step_keys_and_clicks():
    messages = toy_capture()
    app = toy_app(messages)

    async def scenario(pilot):
        screen = app.viewer
        streams, mlist = screen.query_one(StreamList), screen.query_one(MessageList)
        assert streams.row_count == 3
        assert "TOY" in streams.row_text(0) and " 30 " in streams.row_text(0)
        assert " 15/15 " in streams.row_text(0)
        assert mlist.row_count == 30
        assert screen.current_message is messages[0]
        await pilot.press("ctrl+n")
        assert screen.current_message.name == "REP1"
        await pilot.press("right_square_bracket")
        assert (screen.stream_row, screen.position, streams.cursor) == (1, 0, 1)
        assert screen.current_message.conversation.index == 1 and mlist.row_count == 6
        await pilot.press("left_square_bracket")
        assert screen.stream_row == 0 and screen.position == 0 and streams.cursor == 0
        # clicks: a stream row, then a message row
        await pilot.click(StreamList, offset=(10, 3))  # border, header, row 0, row 1
        await pilot.pause()
        assert screen.stream_row == 1
        await pilot.click(MessageList, offset=(10, 4))  # border, header, rows 0 1 2
        await pilot.pause()
        assert screen.stream_row == 1 and screen.position == 2
        assert screen.current_message.name == "REQ2" and mlist.cursor == 2
        # the stream list takes j/k and arrows when focused
        streams.focus()
        await pilot.press("j")
        assert screen.stream_row == 2
        await pilot.press("up")
        assert screen.stream_row == 1
        await pilot.press("enter")  # into the stream's messages, then into the fields
        assert app.focused is mlist
        await pilot.press("enter")
        assert app.focused is screen.query_one(FieldTree)

    run(app, scenario)


def test_scrolled_lists_repaint_the_rows_that_changed():
    app = toy_app(toy_stream(0, 60))

    async def scenario(pilot):
        screen = app.viewer
        mlist = screen.query_one(MessageList)
        await pilot.press("G", "ctrl+p", "ctrl+p", "ctrl+p")  # scrolled to the end: the pair marker moves with the cursor
        assert mlist.scroll_offset.y > 0 and screen.position == 56 and screen.pair_position == 57
        marked = [line for line in screen_lines(app) if "↔" in line and "msg " not in line]
        assert len(marked) == 1 and marked[0].split()[1] == str(screen.current_message.pair.index), marked

    run(app, scenario)


def test_hex_cursor_selects_the_deepest_field(capture):
    app = HexviewApp(open_reader(capture), str(capture))

    async def scenario(pilot):
        screen = app.viewer
        tree, hex_view = screen.query_one(FieldTree), screen.query_one(HexView)
        tree.action_collapse_all()
        await pilot.pause()
        assert not tree.nodes_named("handshake_flags")[0].is_expanded
        hex_view.focus()
        await pilot.press("right")
        assert hex_view.cursor == 1
        assert tree.cursor_node.data.name == "magic"
        assert hex_view.selection == (0, 8)
        assert hex_view.per_row == 16  # a 160-column screen has room for 16 bytes a row
        await pilot.press("j")  # a row down: byte 17, inside handshake_flags
        assert hex_view.cursor == 17
        node = tree.cursor_node
        assert node.data.name in ("no_zeroes", "fixed_newstyle"), node.label.plain
        assert node.parent.is_expanded  # its collapsed parent was opened
        assert hex_view.selection == (node.data.start, node.data.end)
        await pilot.press("home")
        assert hex_view.cursor == 0 and tree.cursor_node.data.name == "magic"
        await pilot.press("end")
        assert hex_view.cursor == 17
        await pilot.press("h", "k")  # byte 16: handshake_flags' first byte -> 'reserved'
        assert hex_view.cursor == 0
        await pilot.press("l")
        assert hex_view.cursor == 1
        # a click on a byte, in the hex and in the ASCII column
        await pilot.click(HexView, offset=(2 + hex_x(9, 16), 1))  # border + padding, row 0, byte 9
        await pilot.pause()
        assert hex_view.cursor == 9 and tree.cursor_node.data.name == "second_magic"
        await pilot.click(HexView, offset=(2 + ascii_x(3, 16), 1))  # ASCII column, byte 3
        await pilot.pause()
        assert hex_view.cursor == 3 and tree.cursor_node.data.name == "magic"
        assert app.focused is hex_view
        # the cursor is drawn while the pane has focus
        assert any(seg.style and seg.style.underline for seg in hex_view.row_segments(0) if seg.text == "4d")

    run(app, scenario, size=(160, 45))  # 16 bytes a row


def test_tree_node_moves_the_hex_cursor_and_highlight(capture):
    app = HexviewApp(open_reader(capture), str(capture))

    async def scenario(pilot):
        screen = app.viewer
        tree, hex_view = screen.query_one(FieldTree), screen.query_one(HexView)
        second = tree.nodes_named("second_magic")[0]
        tree.focus()
        await pilot.click(FieldTree, offset=(4, 2))  # border, then line 1: second_magic
        assert tree.cursor_node is second
        assert hex_view.selection == (8, 16) and hex_view.cursor == 8
        assert hex_view.style_at(8).reverse and hex_view.style_at(15).reverse
        assert not hex_view.style_at(7).reverse and not hex_view.style_at(16).reverse
        await pilot.press("up")  # the tree's own cursor keys
        assert hex_view.selection == (0, 8) and hex_view.cursor == 0
        await pilot.press("down", "down", "down")  # into handshake_flags' children
        node = tree.cursor_node
        assert hex_view.selection == (node.data.start, node.data.end)
        assert "selected" in hex_view.border_subtitle
        # enter chooses (and toggles) a parent node; h/l collapse and expand
        flags = tree.nodes_named("handshake_flags")[0]
        tree.choose(flags)
        await pilot.pause()
        await pilot.press("h")
        assert not flags.is_expanded
        await pilot.press("l")
        assert flags.is_expanded
        await pilot.press("minus")
        assert not flags.is_expanded
        await pilot.press("plus")
        assert flags.is_expanded
        # the chosen field stays chosen on the next message that has it
        tree.choose(tree.nodes_named("magic")[0])
        await pilot.pause()
        await pilot.press("G", "k")  # NBD_CMD_... requests start with a magic too
        assert tree.cursor_node is not None and tree.cursor_node.data.name == "magic"
        assert hex_view.selection == (tree.cursor_node.data.start, tree.cursor_node.data.end)

    run(app, scenario)


def test_selecting_a_far_field_scrolls_the_hex_view():
    reg = Registration(
        name="BIG",
        description="",
        ports=(),
        framer=StreamFramer,
        decode=lambda m: DecodedMessage(
            [Field("head", 0, "0", 0, 16, colour="red"), Field("tail", 0, "end", 4000, 4096, colour="green")], [], ""
        ),
    )
    conv = Conversation(0, Endpoint("10.0.0.1", 1), Endpoint("10.0.0.2", 2), protocol=reg)
    big = Message(conv, "c2s", 0, bytes(4096), (1,), "k", "big", index=0)
    app = toy_app([big])

    async def scenario(pilot):
        tree = app.viewer.query_one(FieldTree)
        hex_view = app.viewer.query_one(HexView)
        assert hex_view.scroll_offset.y == 0
        assert hex_view.virtual_size.height == 4096 // hex_view.per_row
        tree.choose(tree.nodes_named("tail")[0])
        await pilot.pause()
        assert hex_view.selection == (4000, 4096) and hex_view.cursor == 4000
        await pilot.pause()
        top = hex_view.scroll_offset.y
        visible = hex_view.scrollable_content_region.height
        assert top <= 4000 // 16 < top + visible
        assert hex_view.style_at(4000).reverse and hex_view.style_at(4000).color.name == "green"
        assert hex_view.style_at(0).color.name == "red" and not hex_view.style_at(0).reverse
        # paging the bytes with the cursor
        hex_view.focus()
        await pilot.press("home")
        assert hex_view.cursor == 0 and hex_view.scroll_offset.y == 0
        await pilot.press("pagedown")
        assert hex_view.cursor == 16 * (visible - 1)
        await pilot.press("space", "b")
        assert hex_view.cursor == 16 * (visible - 1)
        await pilot.press("end")
        assert hex_view.cursor == 4095 and tree.cursor_node.data.name == "tail"

    run(app, scenario, size=(160, 45))  # 16 bytes a row


def test_pair_jump_with_r_and_percent(capture):
    app = HexviewApp(open_reader(capture), str(capture))
    notes = capture_notifications(app)

    async def scenario(pilot):
        screen = app.viewer
        await pilot.press("r")  # the greeting has no pair
        assert screen.position == 0 and notes and "no paired" in notes[-1]
        await pilot.press("ctrl+n", "ctrl+n")  # NBD_OPT_STRUCTURED_REPLY, answered by message 4
        assert screen.current_message.name == "NBD_OPT_STRUCTURED_REPLY"
        assert screen.query_one(MessageList).pair_position == 3
        await pilot.press("r")
        assert screen.position == 3 and screen.current_message.is_reply
        await pilot.press("percent_sign")
        assert screen.position == 2
        # a request with two reply parts jumps to the first; the second jumps back
        await pilot.press("g", *["ctrl+n"] * 12)
        assert screen.current_message.name == "NBD_CMD_READ"
        await pilot.press("r")
        reply = screen.current_message
        assert reply.is_reply and reply.pair.name == "NBD_CMD_READ"
        await pilot.press("r")
        assert screen.current_message.name == "NBD_CMD_READ"

    run(app, scenario)


# -- search ---------------------------------------------------------------------------------


def test_search_hex_text_and_fields(capture):
    app = HexviewApp(open_reader(capture), str(capture))
    notes = capture_notifications(app)

    async def scenario(pilot):
        screen = app.viewer
        hex_view, tree = screen.query_one(HexView), screen.query_one(FieldTree)
        status = lambda: screen.query_one("#status").content.plain  # noqa: E731
        # hex bytes: the request magic, first sent in message 11 (NBD_CMD_WRITE)
        await search(pilot, app, "0x25609513", typed=True)
        assert screen.current_message.name == "NBD_CMD_WRITE" and screen.position == 10
        assert hex_view.selection == (0, 4) and hex_view.cursor == 0
        assert tree.cursor_node.data.name == "magic"
        assert "→ msg 11 [0-4]" in status()
        # next / previous match: n / N, like less and vim (. / , and F3 / shift+F3 too)
        await pilot.press("n")
        await searched(pilot, app)
        assert screen.position == 12 and hex_view.selection == (0, 4)
        await pilot.press("N")
        await searched(pilot, app)
        assert screen.position == 10
        await pilot.press("full_stop")
        await searched(pilot, app)
        assert screen.position == 12
        await pilot.press("comma")
        await searched(pilot, app)
        assert screen.position == 10
        await pilot.press("f3")
        await searched(pilot, app)
        assert screen.position == 12
        await pilot.press("shift+f3")
        await searched(pilot, app)
        assert screen.position == 10
        # spaced hex bytes, from the start
        await pilot.press("g")
        await search(pilot, app, "49 48 41 56")
        assert screen.position == 0 and hex_view.selection == (8, 12)
        # ASCII text, quoted, case-insensitive: found in the meta context reply
        await search(pilot, app, '"BASE:ALLOC"')
        assert screen.position == 4
        start, end = hex_view.selection
        assert screen.current_message.data[start:end] == b"base:alloc"
        # a field by name and value
        await pilot.press("g")
        await search(pilot, app, "type=NBD_CMD_READ")
        assert screen.current_message.name == "NBD_CMD_READ"
        assert tree.cursor_node.data.name == "type" and hex_view.selection == (6, 8)
        await search(pilot, app, "@context_id")
        assert tree.cursor_node.data.name == "context_id"
        # backward search
        await pilot.press("G")
        await search(pilot, app, "0x25609513", backwards=True)
        assert screen.current_message.name != "NBD_CMD_DISC" and screen.current_message.is_request
        assert screen.position < 16
        # no match: said in the status line and a notification, selection unchanged
        before = screen.position
        await search(pilot, app, "zzzz-not-there")
        assert screen.position == before
        assert "no match" in status() and "no match" in notes[-1]
        # a bad query is one line, not a crash
        await search(pilot, app, "0x123")
        assert "odd number of hex digits" in status()
        # escape closes the line without searching
        await pilot.press("slash", "a", "escape")
        assert not screen.query_one(SearchBar).is_open
        assert app.focused is screen.query_one(MessageList)

    run(app, scenario)


def test_search_runs_across_streams_and_wraps():
    app = toy_app()

    async def scenario(pilot):
        screen = app.viewer
        status = lambda: screen.query_one("#status").content.plain  # noqa: E731
        await search(pilot, app, "needle")
        assert screen.stream_row == 2 and screen.position == 0
        start, end = screen.query_one(HexView).selection
        assert screen.current_message.data[start:end] == b"needle"
        await pilot.press("n")
        await searched(pilot, app)
        assert (screen.stream_row, screen.position) == (2, 1)
        await pilot.press("n", "n", "n")
        await searched(pilot, app)
        assert (screen.stream_row, screen.position) == (2, 0) and "wrapped" in status()
        # 'n' while typing a query is a letter, not "next message"
        await pilot.press("slash", "n")
        assert screen.query_one("#query").value == "n" and screen.position == 0
        await pilot.press("escape")

    run(app, scenario)


def test_a_long_search_answers_keys_counts_and_escape_stops_it():
    """A search runs a slice at a time: keys are answered meanwhile, the status line
    counts the messages looked at, escape stops it, and no decoded tree is kept."""
    decoded = []
    slow = [True]

    def slow_decode(message: Message) -> DecodedMessage:
        decoded.append(message.index)
        if slow[0]:
            time.sleep(0.002)  # messages that take a while to decode (the test counts, never times)
        return toy_decode(message)

    reg = Registration(name="SLOW", description="", ports=(), framer=StreamFramer, decode=slow_decode)
    messages = toy_stream(0, 10_000)
    for m in messages:
        m.conversation.protocol = reg
    app = toy_app(messages)

    async def scenario(pilot):
        screen = app.viewer
        status = lambda: screen.query_one("#status").content.plain  # noqa: E731
        await pilot.press("slash")
        screen.query_one("#query").insert_text_at_cursor("tag=0x99")  # a field query: decodes each message
        await pilot.press("enter")
        await wait_until(pilot, lambda: re.search(r"searching… [\d,]+/10,000 /tag=0x99", status()), "progress")
        await pilot.press("j", "j")  # the view answers while the search runs
        assert screen.position == 2 and screen.searching
        assert len(decoded) < len(messages)
        await pilot.press("escape")
        assert not screen.searching
        stopped = re.search(r"search cancelled: /tag=0x99 at ([\d,]+)/10,000", status())
        assert stopped, status()
        looked = len(decoded)
        assert int(stopped.group(1).replace(",", "")) <= looked < len(messages)
        await pilot.press("k")
        await pilot.pause(0.05)
        assert len(decoded) == looked and screen.position == 1  # stopped: nothing more decoded
        # the search kept no tree: only the messages the view showed carry one
        assert sum(m._decoded is not None for m in messages) <= 3
        # n repeats it; this time it runs to the end and says so
        slow[0] = False
        await pilot.press("n")
        await searched(pilot, app)
        assert "no match: /tag=0x99" in status()
        assert sum(m._decoded is not None for m in messages) <= 3

    run(app, scenario)


def test_stepping_through_messages_keeps_only_the_last_two_trees():
    """Every message shown used to keep its decoded tree for as long as the view was open;
    now only the message on show and the one before it do, however far a person steps."""
    decoded = []

    def counting_decode(message: Message) -> DecodedMessage:
        decoded.append(message.index)
        return toy_decode(message)

    reg = Registration(name="COUNTED", description="", ports=(), framer=StreamFramer, decode=counting_decode)
    messages = toy_stream(0, 40)
    messages[0].conversation.protocol = reg  # one conversation for the whole stream
    app = toy_app(messages)

    async def scenario(pilot):
        screen = app.viewer
        await pilot.press(*["j"] * 39)
        assert screen.position == 39
        assert set(decoded) >= set(range(40))  # every one was decoded to be shown
        assert [m.index for m in messages if m._decoded is not None] == [38, 39]
        await pilot.press("k")  # back to the one before: its tree is still there
        assert screen.position == 38 and screen.current_decoded is messages[38]._decoded
        assert [m.index for m in messages if m._decoded is not None] == [38, 39]
        # a field search through every message and the list's rows add none
        await search(pilot, app, "tag=0x99")
        assert "no match" in screen.query_one("#status").content.plain
        assert [m.index for m in messages if m._decoded is not None] == [38, 39]

    run(app, scenario)


def test_search_line_takes_a_burst_of_keys_in_order():
    """/ab⏎ then j, read together (a paste, a fast typist over SSH): the letters go into
    the line even though the line opened after they were read, backspace and arrows act
    in turn, and the key after enter goes back to the message list."""
    app = toy_app()

    async def scenario(pilot):
        screen = app.viewer
        keys = [
            ("slash", "/"),
            ("n", "n"),
            ("e", "e"),
            ("d", "d"),
            ("x", "x"),
            ("backspace", None),
            ("left", None),
            ("e", "e"),
            ("end", None),
            ("l", "l"),
            ("e", "e"),
            ("enter", None),
            ("j", "j"),
        ]
        for key, char in keys:  # posted at once: every key is read before the first is handled
            app.post_message(events.Key(key, char))
        await wait_until(pilot, lambda: "needle" in screen.search_status and not screen.searching, "the search")
        assert screen.query_one("#query").value == "needle"
        assert (screen.stream_row, screen.position) == (2, 1)  # found in stream 2's first message, then j
        assert app.focused is screen.query_one(MessageList)

    run(app, scenario)


def test_search_result_in_the_status_line_belongs_to_its_match(capture):
    """After r (or any other move), the status line no longer says where the match was;
    the query stays, for n."""
    app = HexviewApp(open_reader(capture), str(capture))

    async def scenario(pilot):
        screen = app.viewer
        status = lambda: screen.query_one("#status").content.plain  # noqa: E731
        await search(pilot, app, "0x25609513")  # NBD_CMD_WRITE, message 11
        assert "/0x25609513 → msg 11 [0-4]" in status()
        await pilot.press("r")  # its reply
        assert screen.position != 10 and status().strip() == "/0x25609513"
        await pilot.press("n")
        await searched(pilot, app)
        assert "/0x25609513 → msg 13" in status()
        await pilot.press("j")
        assert "→" not in status()

    run(app, scenario)


# -- copy, help, layout -------------------------------------------------------------------------


def test_copy_field_and_message_as_hex(capture):
    """Outside tmux: the hex goes by OSC 52 and the notice says it was *sent* there
    (a terminal may ignore it), previewing the very text the clipboard gets."""
    app = HexviewApp(open_reader(capture), str(capture))
    notes = capture_notifications(app)

    async def scenario(pilot):
        screen = app.viewer
        await pilot.press("y")  # nothing chosen yet
        assert "nothing selected" in notes[-1] and app.clipboard == ""
        tree = screen.query_one(FieldTree)
        tree.choose(tree.nodes_named("magic")[0])
        await pilot.pause()
        await pilot.press("y")
        assert app.clipboard == "4e42444d41474943"
        said, preview = notes[-1].splitlines()
        assert (
            said == "magic: 8 bytes as hex, sent to the terminal's clipboard by OSC 52 (it gets there if the terminal allows it)"
        )
        assert preview == "4e42444d41474943"
        await pilot.press("Y")
        assert app.clipboard == screen.current_message.data.hex()
        said, preview = notes[-1].splitlines()
        assert said.startswith("Greeting (newstyle): 18 bytes as hex, sent to the terminal's clipboard by OSC 52")
        assert preview == app.clipboard[:32] + "…" and "copied" not in notes[-1]
        assert bytes.fromhex(app.clipboard) == screen.current_message.data

    run(app, scenario)


def test_help_screen_lists_every_key_and_closes(capture):
    app = HexviewApp(open_reader(capture), str(capture))

    async def scenario(pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for word in ("next / previous message", "jump to the paired request", "next / previous stream"):
            assert word in text, word
        # the help scrolls on small screens, with less's keys
        scroll = app.screen.query_one("VerticalScroll")
        assert scroll.max_scroll_y > 0 and scroll.scroll_y == 0
        await pilot.press("j", "j")
        assert scroll.scroll_y == 2
        await pilot.press("k")
        assert scroll.scroll_y == 1
        await pilot.press("G")
        assert scroll.scroll_y == scroll.max_scroll_y
        text = screen_text(app)
        for word in ("search backward", "follow", "copy the whole message", "quit"):
            assert word in text, word
        await pilot.press("g")
        assert scroll.scroll_y == 0
        await pilot.press("space")
        assert scroll.scroll_y > 2
        await pilot.press("b")
        assert scroll.scroll_y == 0
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.press("q")  # closes help, does not quit
        assert not isinstance(app.screen, HelpScreen) and app.is_running
        await pilot.press("question_mark", "question_mark")
        assert not isinstance(app.screen, HelpScreen)
        # the key bar shows the main keys, and the focused pane's own (at 120 columns
        # with the message list focused, all but y copy fit)
        footer = screen_lines(app)[-1]
        for key in ("? help", "^n/^p msg", "/ search", "& filter", "n/N match", "r pair", "f follow", "j/k msg", "q quit"):
            assert key in footer, footer
        # no cross-stream view of another protocol's (this capture is NBD's): the key bar
        # names GlusterFS's x and OCFS2's L only where those protocols are in the input
        assert not any(hint in footer for hint in ("x xattrs", "o fanout", "L locks")), footer
        await pilot.press("tab", "tab")
        assert "hjkl byte" in screen_lines(app)[-1]

    run(app, scenario)


def test_ctrl_c_quits_even_from_the_search_line(capture):
    app = HexviewApp(open_reader(capture), str(capture))

    async def scenario(pilot):
        await pilot.press("slash", "x")
        await pilot.press("ctrl+c")
        assert not app.is_running and app.return_code == 0

    run(app, scenario)


def test_keys_table_is_the_readme_keys_section():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Keys", 1)[1].split("\n## ", 1)[0]
    assert markdown_table() in section
    help_text = "\n".join(f"{k.keys} {k.action}" for k in all_keys())
    for key in (
        "ctrl+n / ctrl+p",
        "n / N",
        "] / [",
        "g / G",
        "r / %",
        "/",
        "\\",
        "f",
        "F",
        "y",
        "Y",
        "e",
        "?",
        "q, ctrl+c",
        "+ / -",
    ):
        assert key in help_text, key


def _regions_fit(app: HexviewApp) -> None:
    screen = app.viewer
    width, height = app.size
    for pane in (StreamList, MessageList, FieldTree, HexView):
        region = screen.query_one(pane).region
        assert region.width > 10 and region.height >= 2, (pane.__name__, region)
        assert region.right <= width and region.bottom <= height, (pane.__name__, region)


def test_small_terminal_and_resizes(capture):
    app = HexviewApp(open_reader(capture), str(capture))

    async def scenario(pilot):
        screen = app.viewer
        await pilot.pause()
        _regions_fit(app)
        assert screen.has_class("-short") and not screen.has_class("-hex16")
        assert screen.query_one(MessageList).scrollable_content_region.height >= 3
        assert screen.query_one(HexView).per_row == 16  # 16 bytes still fit in 80 columns
        lines = screen_lines(app)
        assert any("127.0.0.1:45930 -> 127.0.0.1:10809" in line for line in lines)
        assert any(line.lstrip().startswith("msg 1/17") for line in lines)
        assert any("00000000  4e 42 44 4d" in line for line in lines)
        streams = screen.query_one(StreamList)
        streams.focus()
        await pilot.press("right")  # the stream list's columns scroll sideways
        assert streams.scroll_offset.x == 8
        await pilot.press("h")
        assert streams.scroll_offset.x == 0
        screen.query_one(MessageList).focus()
        await pilot.press("ctrl+n", "tab", "down")
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert screen.has_class("-hex16") and not screen.has_class("-short")
        _regions_fit(app)
        await pilot.resize_terminal(64, 20)
        await pilot.pause()
        _regions_fit(app)
        assert screen.query_one(HexView).per_row == 8  # too narrow for 16 a row
        assert screen.query_one(HexView).row_text(0).startswith("00000000  ")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        _regions_fit(app)
        assert screen.query_one(HexView).per_row == 8  # beside the fields, which get the room
        await pilot.press("z")  # zoom the focused pane and back
        assert screen.maximized is app.focused
        await pilot.press("z")
        assert screen.maximized is None

    run(app, scenario, size=(80, 24))


# -- wire bytes are data ----------------------------------------------------------------


def _evil_decode(message: Message) -> DecodedMessage:
    return DecodedMessage(
        [
            Field(
                "hdr",
                None,
                "",
                0,
                8,
                [
                    Field("magic", 1, "[bold]M[/]", 0, 4, colour="grey62"),
                    Field("x", 2, "\x1b[31mred\x07", 4, 8, colour="no-such-colour"),
                ],
                colour="red",
            ),
            Field("[i]payload", EVIL, EVIL.decode(), 8, message.length, colour="green"),
        ],
        [Span(10, 12, "[b]bad\x1b[0m")],
        "[u]summary",
    )


def _evil_messages() -> list[Message]:
    reg = Registration(
        name="EVIL[b]",
        description="",
        ports=(),
        framer=StreamFramer,
        decode=_evil_decode,
        colours={"protocol": "bright_cyan"},
    )
    conv = Conversation(0, Endpoint("10.0.0.1", 1), Endpoint("10.0.0.2", 2), protocol=reg)
    return [
        Message(conv, "c2s", 0, b"\0" * 8 + EVIL * 3, (1,), "k", "[bold]NAME\x1b[2J", index=0),
        Message(conv, "s2c", 0, b"\1" * 40, (2,), "k", "second", index=1, missing=[Span(4, 8, "not captured")]),
    ]


def _no_controls(text: str) -> None:
    assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) < 0xA0 for c in text), repr(text)


def test_markup_and_controls_in_wire_data_are_literal():
    app = toy_app(_evil_messages())
    notes = capture_notifications(app)

    async def scenario(pilot):
        screen = app.viewer
        assert "EVIL[b]" in screen.query_one(StreamList).row_text(0)
        row = screen.query_one(MessageList).row_text(0)
        assert "[bold]NAME\\x1b[2J" in row
        shown = labels(screen.query_one(FieldTree))
        assert "■ magic: [bold]M[/] [0-4]" in shown
        assert "■ x: \\x1b[31mred\\x07 [4-8]" in shown
        assert "■ [i]payload: [bold]X[/]\\x1b[31m\\x07 [8-56]" in shown
        assert "✗ [b]bad\\x1b[0m [10-12]" in shown
        ruler = screen.query_one("#ruler").content.plain
        assert "[bold]NAME\\x1b[2J" in ruler and "[u]summary" in ruler
        hex_view = screen.query_one(HexView)
        assert hex_view.row_text(0).endswith("........[bold]X[")
        assert hex_view.row_text(1).endswith("/].[31m.[bold]X[")
        # what reached the screen: literal text, no control characters
        text = screen_text(app)
        assert "[bold]M[/]" in text and "EVIL[b]" in text and "[bold]NAME\\x1b[2J" in text
        _no_controls(text)
        # the search line echoes what was typed literally; a no-match names it safely
        await search(pilot, app, "[bold]zz[/]")
        assert "no match: /[bold]zz[/]" in screen.query_one("#status").content.plain
        assert "[bold]zz[/]" in notes[-1]
        await pilot.press("slash", *"[b]q")
        assert screen.query_one("#query").value == "[b]q" and "[b]q" in screen_text(app)
        screen.query_one("#query").insert_text_at_cursor("\x1b[2J\x07")  # a paste with controls
        assert "\x1b" not in screen.query_one("#query").value
        await pilot.press("escape")
        # notifications: copy of a field named with markup
        tree = screen.query_one(FieldTree)
        tree.choose(tree.nodes_named("[i]payload")[0])
        await pilot.pause()
        await pilot.press("y", "Y")
        assert notes[-2].startswith("[i]payload: ") and notes[-1].startswith("[bold]NAME\\x1b[2J: ")
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]NAME\\x1b[2J: " in text  # the toast, literally
        _no_controls(text)
        # missing bytes are shown as ??, error bytes get a background and an underline
        await pilot.press("ctrl+n")
        assert "?? ?? ?? ??" in hex_view.row_text(0)
        await pilot.press("ctrl+p")
        assert hex_view.style_at(10).bgcolor is not None and hex_view.style_at(10).underline
        assert hex_view.style_at(9).bgcolor is None

    run(app, scenario, notifications=True, size=(160, 45))  # 16 bytes a row


def test_raw_dump_with_markup_bytes(tmp_path):
    path = tmp_path / "evil.bin"
    path.write_bytes(b"hello " + EVIL + b" [link=http://x]y[/link] \x9b2J end")
    app = HexviewApp(open_reader(path, "raw"), str(path))

    async def scenario(pilot):
        screen = app.viewer
        assert screen.store.streams, "the raw dump produced no message"
        hex_view = screen.query_one(HexView)
        rows = [hex_view.row_text(r) for r in range(hex_view.row_count)]
        ascii_col = "".join(r[12 + 3 * hex_view.per_row :].rstrip() for r in rows)
        assert "[bold]X[/].[31m." in ascii_col
        texts = labels(screen.query_one(FieldTree)) + [screen.query_one("#ruler").content.plain] + rows
        for text in texts:
            _no_controls(text)
        _no_controls(screen_text(app))

    run(app, scenario)


def test_an_input_that_fails_is_reported_not_raised():
    from hexview.readers import InputError
    from hexview.tui.pipe_input import LazyReader

    def broken():
        raise InputError("cannot read <stdin>: [bold]not a capture\x1b[0m")

    app = HexviewApp(LazyReader(broken), "-", pipeline_factory=lambda: FakePipeline([]))

    async def scenario(pilot):
        assert app.sub_title.startswith("stopped")
        assert app.feed_error and "[bold]not a capture" in app.feed_error
        assert "no messages" in app.viewer.query_one("#ruler").content.plain
        await pilot.press(
            "ctrl+n", "ctrl+p", "tab", "r", "y", "Y", "f", "n", "N", "full_stop", "G", "right_square_bracket", "e", "escape"
        )
        await search(pilot, app, "0x00")
        _no_controls(screen_text(app))

    run(app, scenario)


# -- never blocks -----------------------------------------------------------------------


def test_a_silent_pipe_does_not_block_the_ui_or_quitting():
    release = threading.Event()
    reader_returned = threading.Event()

    def silent_reader():
        release.wait(30)  # a pipe whose writer says nothing (30 s: a broken quit fails, not hangs)
        reader_returned.set()
        return
        yield  # pragma: no cover

    app = HexviewApp(silent_reader(), "-", pipeline_factory=lambda: FakePipeline([]))

    async def scenario(pilot):
        assert app.sub_title.startswith("reading")
        await pilot.press("ctrl+n", "right_square_bracket", "tab", "f", "question_mark", "escape", "e", "escape")
        await pilot.press("q")

    try:
        run(app, scenario, wait_done=False)
        assert app.return_code == 0
        # the view quit while the read was still blocked: it did not wait for the pipe
        assert not reader_returned.is_set()
    finally:
        release.set()


def test_feed_coalesces_and_flushes_while_the_input_is_quiet():
    from hexview.tui.feed import run_feed
    from hexview.tui.messages import FeedFinished, MessagesArrived

    conv = _evil_messages()[0].conversation
    many = [Message(conv, "c2s", i, b"x", (i,), "k", "m", index=i) for i in range(1200)]
    posted = []
    run_feed([object()] * 3, FakePipeline(many), posted.append, lambda: False, max_batch=500)
    batches = [p for p in posted if isinstance(p, MessagesArrived)]
    assert [len(b.messages) for b in batches if b.messages] == [1, 500, 500, 199]  # the first at once
    assert isinstance(posted[-1], FeedFinished) and posted[-1].messages == 1200 and posted[-1].packets == 3

    # a message the pipeline has yielded is shown even while the next read waits
    gate = threading.Event()
    seen = []
    opened = []  # per read that waited: whether the message reached the view meanwhile

    def reader():
        yield object()
        opened.append(gate.wait(5))  # 5 s: without the flush the gate stays shut

    class OnePerPacket:
        notes: list[str] = []

        def run(self, packets):
            for _ in packets:
                yield many[0]

    def post(message):
        seen.append(message)
        if isinstance(message, MessagesArrived) and message.messages:
            gate.set()

    run_feed(reader(), OnePerPacket(), post, lambda: False)
    assert opened == [True]


def test_big_message_costs_only_visible_rows(monkeypatch):
    data = bytes(range(256)) * (8 * 4096)  # 8 MiB
    fields = [Field(f"f{i}", i, str(i), i * 4096, (i + 1) * 4096, colour="green" if i % 2 else "red") for i in range(2048)]
    styled = []
    real_style = hex_view_module.colour_style

    def counting_style(colour):
        styled.append(colour)
        return real_style(colour)

    monkeypatch.setattr(hex_view_module, "colour_style", counting_style)
    starts, styles = colour_runs(DecodedMessage(fields, [], ""), len(data))
    assert len(starts) == 2048
    assert len(styled) <= len(fields) + 1  # work per field (per run), not per byte


async def open_decode_as(pilot, app: HexviewApp) -> None:
    """d, as a person types it, and wait for the Decode As box."""
    from hexview.tui.decode_as_screen import DecodeAsScreen

    await pilot.press("d")
    await wait_until(pilot, lambda: isinstance(app.screen, DecodeAsScreen), "the Decode As screen")


async def choose_decode_as(pilot, app: HexviewApp, choice: str | None) -> None:
    """Highlight ``choice`` (a protocol name, None for "automatic") in the open box, press
    enter, and wait until the input has been read again with it."""
    from hexview.tui.decode_as_screen import DecodeAsScreen

    options = app.screen.query_one("OptionList")
    names = [options.get_option_at_index(i).id for i in range(options.option_count)]
    options.highlighted = 0 if choice is None else names.index(choice)
    await pilot.press("enter")
    await wait_until(
        pilot,
        lambda: not isinstance(app.screen, DecodeAsScreen) and app.viewer.finished and app.viewer.stream_row is not None,
        "the input read again",
    )


def test_decode_as_rereads_the_file_with_the_chosen_protocol(capture):
    """d on a stream: choose a protocol for its server port; the file is read again
    and the stream is decoded as that protocol (Wireshark's Decode As). Choosing
    "automatic" undoes it."""
    app = HexviewApp(open_reader(capture), str(capture), reopen=lambda: open_reader(capture))

    async def scenario(pilot):
        assert "NBD" in app.viewer.query_one(StreamList).row_text(0)
        await open_decode_as(pilot, app)
        assert "Decode TCP port 10809 as" in screen_text(app)
        await choose_decode_as(pilot, app, "ONC-RPC")
        assert app.decode_as == {10809: "ONC-RPC"}
        assert "ONC-RPC" in app.viewer.query_one(StreamList).row_text(0)
        # and back to automatic
        await open_decode_as(pilot, app)
        await choose_decode_as(pilot, app, None)
        assert app.decode_as == {}
        assert "NBD" in app.viewer.query_one(StreamList).row_text(0)

    run(app, scenario)


def test_decode_as_escape_changes_nothing(capture):
    from hexview.tui.decode_as_screen import DecodeAsScreen

    app = HexviewApp(open_reader(capture), str(capture), reopen=lambda: open_reader(capture))

    async def scenario(pilot):
        await open_decode_as(pilot, app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, DecodeAsScreen), "the screen closed")
        assert app.decode_as == {} and "NBD" in app.viewer.query_one(StreamList).row_text(0)

    run(app, scenario)


def test_decode_as_on_a_pipe_applies_to_later_streams(capture):
    """Without a way to read the input again (a pipe), Decode As goes to the running
    pipeline for streams that start later, and says so."""
    app = HexviewApp(open_reader(capture), "-")
    seen = capture_notifications(app)

    async def scenario(pilot):
        app.decode_port_as(10809, "ONC-RPC")
        await pilot.pause()
        assert app.decode_as == {10809: "ONC-RPC"}
        assert 10809 in app.feed.pipeline.decode_as
        assert any("streams that start from now on" in s for s in seen), seen
        assert "NBD" in app.viewer.query_one(StreamList).row_text(0)  # the open stream keeps its protocol

    run(app, scenario, notifications=True)


def test_decode_as_returns_to_the_stream_on_show():
    """After Decode As reads the file again, the stream that was on show is shown again
    (the OCFS2 demo's second connection), not the first one."""
    demo = ROOT / "tests" / "data" / "demos" / "ocfs2-cluster.pcap"
    app = HexviewApp(open_reader(demo), str(demo), reopen=lambda: open_reader(demo))

    async def scenario(pilot):
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: app.viewer.stream_row == 1, "the second stream")
        await open_decode_as(pilot, app)
        await choose_decode_as(pilot, app, "POHMELFS")
        assert app.viewer.stream_row == 1
        assert "10.0.1.2:33010 -> 10.0.1.1:7777" in app.viewer.query_one(StreamList).row_text(1)
        assert "POHMELFS" in app.viewer.query_one(StreamList).row_text(1)

    run(app, scenario)


def test_decode_as_notice_shows_a_markup_like_file_name_literally(capture, tmp_path):
    evil = tmp_path / "[bold]evil.pcap"
    shutil.copyfile(capture, evil)
    app = HexviewApp(open_reader(evil), str(evil), reopen=lambda: open_reader(evil))

    async def scenario(pilot):
        app.decode_port_as(10809, "ONC-RPC")
        await wait_until(pilot, lambda: "reading" in screen_text(app) and "evil" in screen_text(app), "the notice")
        assert "[bold]evil.pcap again" in screen_text(app)

    run(app, scenario, notifications=True)


def test_messages_read_from_a_file_leave_the_cyclic_collectors_sight_as_they_come(capture, monkeypatch):
    """Counted, not timed: every batch from a file is frozen when it is stored (full
    collections over a growing store cost a third of a large capture's reading); from
    a pipe (no size) nothing is frozen before the end, so dropped messages stay collectable."""
    import gc

    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(app.viewer.finished))
    app = HexviewApp(open_reader(capture), str(capture))

    async def scenario(pilot):
        pass

    run(app, scenario)
    assert frozen[0] is False and frozen[-1] is True  # while reading, and at the end

    class Pipe:  # the same packets, as a pipe gives them: no size
        def __init__(self, reader):
            self.reader, self.notes = reader, reader.notes

        def __iter__(self):
            return iter(self.reader)

    frozen.clear()
    app = HexviewApp(Pipe(open_reader(capture)), "-")
    run(app, scenario)
    assert frozen == [True]  # only once everything is read
