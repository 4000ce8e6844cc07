"""The Textual view, driven headless with Textual's Pilot (120x40).

Covers: the stream list, the field tree and the hex view stay in step; keys move
between messages; a tree node highlights its bytes; wire bytes that look like markup
or terminal controls are shown literally; a blocked reader never blocks the UI.
"""

from __future__ import annotations

import asyncio
import html
import shutil
import threading
import time
from pathlib import Path

import pytest

from hexview.fields import DecodedMessage, Field
from hexview.framing import StreamFramer
from hexview.messages import Message
from hexview.packets import Span
from hexview.registry import Registration
from hexview.stream_events import Conversation, Endpoint
from hexview.tui.app import HexviewApp
from hexview.tui.widgets import FieldTree, HexView, StreamList
from hexview.tui.widgets.hex_view import colour_runs

ROOT = Path(__file__).resolve().parent.parent
CAPTURE = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap"
SHARED = ROOT.parent / "shared" / "captures" / "nbd" / "nbd-tiny-nbdsh.pcap"
SIZE = (120, 40)
EVIL = b"[bold]X[/]\x1b[31m\x07"


@pytest.fixture(scope="module")
def capture() -> Path:
    if not CAPTURE.exists():
        if not SHARED.exists():
            pytest.skip("nbd-tiny-nbdsh.pcap not available")
        CAPTURE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHARED, CAPTURE)
    return CAPTURE


def _reader(path: Path, fmt: str = "auto"):
    from hexview.readers import open_input

    return open_input(str(path), fmt)


def run(app: HexviewApp, scenario, wait_done: bool = True) -> None:
    """Run ``scenario(pilot)`` inside ``app`` once the input has been read."""

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            if wait_done:
                deadline = time.monotonic() + 15
                while not app.viewer.finished:
                    assert time.monotonic() < deadline, "the input was never finished"
                    await pilot.pause(0.02)
                await pilot.pause()
            await scenario(pilot)

    asyncio.run(main())


def screen_text(app: HexviewApp) -> str:
    """The text of the rendered screen (from Textual's SVG export)."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


def labels(tree: FieldTree) -> list[str]:
    out, stack = [], list(tree.root.children)
    while stack:
        node = stack.pop(0)
        out.append(node.label.plain)
        stack.extend(node.children)
    return out


# -- the real capture -----------------------------------------------------------------


def test_stream_row_and_first_message(capture):
    app = HexviewApp(_reader(capture), str(capture))

    async def scenario(pilot):
        row = [cell.plain for cell in app.viewer.query_one(StreamList).get_row_at(0)]
        assert "NBD" in row
        assert "127.0.0.1:45930 -> 127.0.0.1:10809" in row
        assert "127.0.0.1:45930 -> 127.0.0.1:10809" in screen_text(app)
        assert app.viewer.message_index == 0
        tree = app.viewer.query_one(FieldTree)
        assert tree.nodes_named("magic"), labels(tree)
        assert app.sub_title.startswith("done")
        hex_view = app.viewer.query_one(HexView)
        assert hex_view.data == app.viewer.current_message.data
        assert hex_view.row_text(0).startswith("00000000  ")

    run(app, scenario)


def test_keys_move_between_messages(capture):
    app = HexviewApp(_reader(capture), str(capture))

    async def scenario(pilot):
        screen = app.viewer
        first = screen.current_message
        ruler = screen.query_one("#ruler").content.plain
        assert ruler.startswith("msg 1/")
        await pilot.press("n")
        assert screen.message_index == 1
        second = screen.current_message
        assert second is not first
        assert screen.query_one(HexView).data == second.data
        assert screen.query_one("#ruler").content.plain.startswith("msg 2/")
        await pilot.press("j")
        assert screen.message_index == 2
        await pilot.press("k", "p")
        assert screen.message_index == 0
        await pilot.press("p")  # stays at the first
        assert screen.message_index == 0
        await pilot.press("right_square_bracket")  # one stream only: stays
        assert screen.stream_index == 0
        await pilot.press("tab")
        assert app.focused is screen.query_one(FieldTree)
        await pilot.press("tab")
        assert app.focused is screen.query_one(HexView)
        await pilot.press("q")
        assert app.return_code == 0

    run(app, scenario)


def test_tree_node_highlights_its_bytes(capture):
    app = HexviewApp(_reader(capture), str(capture))

    async def scenario(pilot):
        tree = app.viewer.query_one(FieldTree)
        hex_view = app.viewer.query_one(HexView)
        magic = tree.nodes_named("magic")[0]
        tree.move_cursor(magic)
        await pilot.pause()
        assert hex_view.selection == (magic.data.start, magic.data.end)
        other = next(n for n in tree.root.children if n.data and (n.data.start, n.data.end) != hex_view.selection)
        tree.focus()
        tree.move_cursor(other)
        await pilot.pause()
        assert hex_view.selection == (other.data.start, other.data.end)
        # the highlight reaches the rendering: selected bytes are reversed
        assert hex_view.style_at(other.data.start).reverse
        outside = next(i for i in range(len(hex_view.data)) if not other.data.start <= i < other.data.end)
        assert not hex_view.style_at(outside).reverse

    run(app, scenario)


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
        name="EVIL[b]", description="", ports=(), framer=StreamFramer, decode=_evil_decode,
        colours={"protocol": "bright_cyan"},
    )
    conv = Conversation(0, Endpoint("10.0.0.1", 1), Endpoint("10.0.0.2", 2), protocol=reg)
    return [
        Message(conv, "c2s", 0, b"\0" * 8 + EVIL * 3, (1,), "k", "[bold]NAME\x1b[2J", index=0),
        Message(conv, "s2c", 0, b"\1" * 40, (2,), "k", "second", index=1, missing=[Span(4, 8, "not captured")]),
    ]


class FakePipeline:
    notes: list[str] = []

    def __init__(self, messages: list[Message]) -> None:
        self.messages = messages

    def run(self, packets):
        for _ in packets:
            pass
        yield from self.messages


def test_markup_and_controls_in_wire_data_are_literal():
    messages = _evil_messages()
    app = HexviewApp([object(), object()], "evil", pipeline_factory=lambda: FakePipeline(messages))

    async def scenario(pilot):
        screen = app.viewer
        row = [cell.plain for cell in screen.query_one(StreamList).get_row_at(0)]
        assert "EVIL[b]" in row
        shown = labels(screen.query_one(FieldTree))
        assert "■ magic: [bold]M[/] [0-4]" in shown
        assert "■ x: \\x1b[31mred\\x07 [4-8]" in shown
        assert "■ [i]payload: [bold]X[/]\\x1b[31m\\x07 [8-56]" in shown
        assert "✗ [b]bad\\x1b[0m [10-12]" in shown
        ruler = screen.query_one("#ruler").content.plain
        assert "[bold]NAME\\x1b[2J" in ruler
        assert "[u]summary" in ruler
        everything = "".join(shown) + ruler + "".join(screen.query_one(HexView).row_text(r) for r in range(4))
        assert "\x1b" not in everything and "\x07" not in everything
        hex_view = screen.query_one(HexView)
        assert hex_view.row_text(0).endswith("........[bold]X[")
        assert hex_view.row_text(1).endswith("/].[31m.[bold]X[")
        # what reached the terminal: the rendered screen shows the text literally
        assert "[bold]M[/]" in screen_text(app)
        # missing bytes are shown as ??, error bytes get a background
        await pilot.press("n")
        assert "?? ?? ?? ??" in hex_view.row_text(0)
        await pilot.press("p")
        assert hex_view.style_at(10).bgcolor is not None
        assert hex_view.style_at(9).bgcolor is None

    run(app, scenario)


def test_stream_keys_and_the_stream_list_stay_in_step():
    reg = Registration(
        name="TWO", description="", ports=(), framer=StreamFramer,
        decode=lambda m: DecodedMessage([Field("all", 0, m.name, 0, m.length)], [], ""),
    )
    convs = [Conversation(i, Endpoint("10.0.0.1", 1000 + i), Endpoint("10.0.0.2", 2), protocol=reg) for i in range(2)]
    msgs = [
        Message(convs[0], "c2s", 0, b"a" * 4, (1,), "k", "a0", index=0),
        Message(convs[1], "c2s", 0, b"b" * 5, (2,), "k", "b0", index=1),
        Message(convs[0], "s2c", 0, b"c" * 6, (3,), "k", "a1", index=2),
    ]
    app = HexviewApp([object()], "two", pipeline_factory=lambda: FakePipeline(msgs))

    async def scenario(pilot):
        screen = app.viewer
        table = screen.query_one(StreamList)
        assert table.row_count == 2
        assert [c.plain for c in table.get_row_at(0)][-1].strip() == "2"
        assert screen.current_message is msgs[0]
        await pilot.press("n")
        assert screen.current_message is msgs[2]
        await pilot.press("right_square_bracket")
        assert (screen.stream_index, screen.message_index, table.cursor_row) == (1, 0, 1)
        assert screen.query_one(HexView).data == b"bbbbb"
        await pilot.press("n")  # the only message of stream 1: stays
        assert screen.current_message is msgs[1]
        await pilot.press("left_square_bracket")
        assert screen.current_message is msgs[0] and table.cursor_row == 0
        table.focus()
        await pilot.press("down")  # moving the list's cursor chooses the stream too
        await pilot.pause()
        assert screen.current_message is msgs[1]

    run(app, scenario)


def test_raw_dump_with_markup_bytes(tmp_path):
    path = tmp_path / "evil.bin"
    path.write_bytes(b"hello " + EVIL + b" [link=http://x]y[/link] \x9b2J end")
    app = HexviewApp(_reader(path, "raw"), str(path))

    async def scenario(pilot):
        screen = app.viewer
        assert screen.streams, "the raw dump produced no message"
        hex_view = screen.query_one(HexView)
        rows = [hex_view.row_text(r) for r in range((len(hex_view.data) + 15) // 16)]
        ascii_col = "".join(r[-16:].rstrip() if i < len(rows) - 1 else r.split("  ")[-1] for i, r in enumerate(rows))
        assert "[bold]X[/].[31m." in ascii_col
        texts = labels(screen.query_one(FieldTree)) + [screen.query_one("#ruler").content.plain] + rows
        for text in texts:
            assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text), repr(text)

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
        await pilot.press("n", "p", "tab")

    run(app, scenario)


# -- never blocks -----------------------------------------------------------------------


def test_a_silent_pipe_does_not_block_the_ui_or_quitting():
    release = threading.Event()

    def silent_reader():
        release.wait(30)  # a pipe whose writer says nothing
        return
        yield  # pragma: no cover

    app = HexviewApp(silent_reader(), "-", pipeline_factory=lambda: FakePipeline([]))

    async def scenario(pilot):
        assert app.sub_title.startswith("reading")
        await pilot.press("n", "right_square_bracket", "tab")  # nothing to show: no error
        started = time.monotonic()
        await pilot.press("q")
        assert time.monotonic() - started < 2

    try:
        run(app, scenario, wait_done=False)
        assert app.return_code == 0
    finally:
        release.set()


def test_selecting_a_far_field_scrolls_the_hex_view():
    reg = Registration(
        name="BIG", description="", ports=(), framer=StreamFramer,
        decode=lambda m: DecodedMessage(
            [Field("head", 0, "0", 0, 16, colour="red"), Field("tail", 0, "end", 4000, 4096, colour="green")], [], ""
        ),
    )
    conv = Conversation(0, Endpoint("10.0.0.1", 1), Endpoint("10.0.0.2", 2), protocol=reg)
    big = Message(conv, "c2s", 0, bytes(4096), (1,), "k", "big", index=0)
    app = HexviewApp([object()], "big", pipeline_factory=lambda: FakePipeline([big]))

    async def scenario(pilot):
        tree = app.viewer.query_one(FieldTree)
        hex_view = app.viewer.query_one(HexView)
        assert hex_view.scroll_offset.y == 0
        assert hex_view.virtual_size.height == 256
        tree.move_cursor(tree.nodes_named("tail")[0])
        await pilot.pause()
        assert hex_view.selection == (4000, 4096)
        await pilot.pause()
        top = hex_view.scroll_offset.y
        visible = hex_view.scrollable_content_region.height
        assert top <= 4000 // 16 and 4095 // 16 < top + visible
        assert hex_view.style_at(4000).reverse and hex_view.style_at(4000).color.name == "green"
        assert hex_view.style_at(0).color.name == "red" and not hex_view.style_at(0).reverse

    run(app, scenario)


def test_feed_coalesces_and_flushes_while_the_input_is_quiet():
    from hexview.tui.feed import run_feed
    from hexview.tui.messages import FeedFinished, MessagesArrived

    conv = _evil_messages()[0].conversation
    many = [Message(conv, "c2s", i, b"x", (i,), "k", "m", index=i) for i in range(1200)]
    posted = []
    run_feed([object()] * 3, FakePipeline(many), posted.append, lambda: False, max_batch=500)
    batches = [p for p in posted if isinstance(p, MessagesArrived)]
    assert [len(b.messages) for b in batches if b.messages] == [500, 500, 200]
    assert isinstance(posted[-1], FeedFinished) and posted[-1].messages == 1200 and posted[-1].packets == 3

    # a message the pipeline has yielded is shown even while the next read waits
    gate = threading.Event()
    seen = []

    def reader():
        yield object()
        gate.wait(5)

    class OnePerPacket:
        notes: list[str] = []

        def run(self, packets):
            for _ in packets:
                yield many[0]

    def post(message):
        seen.append(message)
        if isinstance(message, MessagesArrived) and message.messages:
            gate.set()

    started = time.monotonic()
    run_feed(reader(), OnePerPacket(), post, lambda: False)
    assert gate.is_set() and time.monotonic() - started < 2


def test_big_message_costs_only_visible_rows():
    data = bytes(range(256)) * (8 * 4096)  # 8 MiB
    fields = [Field(f"f{i}", i, str(i), i * 4096, (i + 1) * 4096, colour="green" if i % 2 else "red") for i in range(2048)]
    started = time.monotonic()
    starts, styles = colour_runs(DecodedMessage(fields, [], ""), len(data))
    assert len(starts) == 2048
    assert time.monotonic() - started < 1
