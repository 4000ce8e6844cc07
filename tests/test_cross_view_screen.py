"""The cross-stream view screen with the toy view of test_cross_views (Textual's Pilot),
and the held-messages merge a pipe's view runs over.

The input is the toy's hand-built NBD READs: stream 0 two requests and their replies
(messages 1-4), stream 1 one request (message 5).
"""

from __future__ import annotations

import asyncio

from hexview.analysis.message_store import MessageStore
from hexview.pipeline import Pipeline
from hexview.tui.app import HexviewApp
from hexview.tui.cross_view_screen import DIFFERS, INDENT, CrossViewLines, CrossViewScreen
from hexview.tui.held_messages import HeldMessages
from test_cross_views import TOY, packets

TIMEOUT = 20


async def wait_until(pilot, predicate, what: str) -> None:
    for _ in range(int(TIMEOUT / 0.05)):
        if predicate():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_held_messages_come_in_number_order_across_streams_and_keep_up():
    messages = list(Pipeline().run(packets()))
    store = MessageStore()
    store.add([m for m in messages if m.conversation.index == 1])  # stream 1 first: its row is 0
    store.add([m for m in messages if m.conversation.index == 0][:3])
    held = HeldMessages(store)
    assert [m.index for m in held.take(2)] == [1, 2]
    assert [m.index for m in held.take(10)] == [3, 5]
    assert held.take(10) == [] and held.taken == held.held == 4
    store.add([m for m in messages if m.conversation.index == 0][3:])  # message 4 arrives later
    assert [m.index for m in held.take(10)] == [4]


def test_screen_shows_rows_members_marks_sorts_and_opens():
    app = HexviewApp(packets(), "reads")  # no way to read it again: the held messages are used
    opened: list[int | None] = []

    async def main() -> None:
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, lambda: app._viewer is not None and app.viewer.finished, "the input read")
            screen = CrossViewScreen(TOY, app.command_line("--directions", "--json"), app.store)
            app.push_screen(screen, opened.append)
            await wait_until(pilot, lambda: "2 rows, live" in screen.state, "the rows")
            lines = screen.query_one(CrossViewLines)
            texts = [lines.render_row(i, 120).plain.rstrip() for i in range(lines.row_count)]
            assert [t.split() for t in texts] == [
                ["0", "2", "2", "1"],
                ["1", "NBD_CMD_READ"],
                ["2", "Simple", "reply", "(NBD_CMD_READ)"],
                ["1", "1", "0", "5"],
                ["5", "NBD_CMD_READ"],
            ]
            # a member's cells are indented: its number ends under "No." shifted by INDENT
            assert texts[1].index("1") == len(INDENT) + len("No.") - 1
            assert lines.render_header(0, 120).plain.split() == ["stream", "c2s", "s2c", "first"]
            # stream 1's s2c cell is marked: its count differs from c2s
            row = lines.render_row(3, 120)
            marked = [row.plain[span.start : span.end] for span in row.spans if span.style == DIFFERS]
            assert [m.strip() for m in marked] == ["0"]
            await pilot.press("s", "s")  # sorted by stream, then by c2s: stream 1 (1 request) first
            assert lines.sort == 1 and [r[0]["stream"] for r in lines.lines if r[1] is None] == [1, 0]
            assert "sorted by c2s" in lines.border_subtitle
            await pilot.press("S", "S")  # back to the input order
            assert lines.sort is None and [r[0]["stream"] for r in lines.lines if r[1] is None] == [0, 1]
            await pilot.press("j", "j", "enter")  # the second member of stream 0: message 2
            await wait_until(pilot, lambda: opened, "the screen closed")

    asyncio.run(main())
    assert opened == [2]


def test_enter_on_a_row_opens_its_message_in_the_view(monkeypatch):
    """The viewer's action for a registered view: the screen, then the row's message on show."""
    from hexview.tui import cross_view_actions

    monkeypatch.setattr(cross_view_actions, "registered_views", lambda: {"directions": TOY})
    app = HexviewApp(packets(), "reads")

    async def main() -> None:
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, lambda: app._viewer is not None and app.viewer.finished, "the input read")
            viewer = app.viewer
            viewer.action_cross_view("directions")
            await wait_until(pilot, lambda: "rows, live" in getattr(app.screen, "state", ""), "the rows")
            await pilot.press("G", "k", "enter")  # stream 1's row: its first message, 5
            await wait_until(pilot, lambda: viewer.current_message is not None and viewer.current_message.index == 5, "msg 5")
            assert viewer.stream is not None and viewer.stream.conversation.index == 1

    asyncio.run(main())
