"""Live input: a pipe that delivers messages slowly, follow mode, and bounded memory.

A fake pipe (a reader fed from a queue by the test) stands in for ``tcpdump | hexview
-``: messages appear while keys work, new streams join the list, follow mode keeps the
newest message of the selected stream on show (and lets go when the user steps back),
and on an endless pipe the oldest messages are dropped -- the message list says how
many, positions stay stable, and nothing that was dropped can be stepped to.
"""

from __future__ import annotations

import queue

from hexview.tui.app import HexviewApp
from hexview.tui.widgets import MessageList, StreamList
from test_tui import (
    capture_notifications,
    run,
    search,
    toy_app,
    toy_stream,
    wait_until,
)

DONE = object()


class QueuePipe:
    """A reader whose 'packets' are the messages themselves, handed over by the test."""

    def __init__(self) -> None:
        self.queue: queue.Queue = queue.Queue()
        self.notes: list[str] = []

    def __iter__(self):
        while True:
            item = self.queue.get()
            if item is DONE:
                return
            yield item

    def send(self, *messages) -> None:
        for message in messages:
            self.queue.put(message)


class PassThrough:
    notes: list[str] = []

    def run(self, packets):
        yield from packets


def live_app(pipe: QueuePipe, **kwargs) -> HexviewApp:
    return HexviewApp(pipe, "-", pipeline_factory=PassThrough, **kwargs)


def renumber(messages):
    for i, m in enumerate(messages):
        m.index = i
    return messages


def test_follow_mode_keeps_the_newest_message_of_the_selected_stream():
    a = toy_stream(0, 12)
    b = toy_stream(1, 4)
    renumber(a[:3] + a[3:6] + b + a[6:])
    pipe = QueuePipe()
    app = live_app(pipe)

    async def scenario(pilot):
        screen = app.viewer
        ruler = lambda: screen.query_one("#ruler").content.plain  # noqa: E731
        status = lambda: screen.query_one("#status").content.plain  # noqa: E731
        assert app.sub_title.startswith("reading")
        pipe.send(*a[:3])
        await wait_until(pilot, lambda: screen.store.streams and screen.stream.count == 3, "3 messages")
        assert screen.position == 0 and ruler().startswith("msg 1/3")
        await pilot.press("F")  # like less +F
        assert screen.following and screen.position == 2 and "FOLLOW" in status()
        pipe.send(*a[3:6])
        await wait_until(pilot, lambda: screen.stream.count == 6, "3 more")
        assert screen.position == 5 and ruler().startswith("msg 6/6")
        assert screen.query_one(MessageList).cursor == 5
        # a new stream joins the list; follow stays with the selected one
        pipe.send(*b)
        await wait_until(pilot, lambda: len(screen.store.streams) == 2, "the second stream")
        assert screen.query_one(StreamList).row_count == 2 and screen.stream_row == 0
        # stepping back lets go of the newest message
        await pilot.press("ctrl+p")
        assert not screen.following and screen.position == 4 and "FOLLOW" not in status()
        pipe.send(*a[6:9])
        await wait_until(pilot, lambda: screen.stream.count == 9, "3 more")
        assert screen.position == 4 and ruler().startswith("msg 5/9")
        await pilot.press("f")  # toggles on: straight to the newest
        assert screen.following and screen.position == 8
        await pilot.press("G")  # the newest already: still following
        assert screen.following
        await pilot.press("f")
        assert not screen.following
        await pilot.press("f")
        pipe.send(*a[9:], DONE)
        await wait_until(pilot, lambda: screen.finished, "the end of the input")
        assert screen.position == 11 and app.sub_title.startswith("done")

    run(app, scenario, wait_done=False)


def test_follow_from_an_empty_pipe_selects_the_first_stream():
    pipe = QueuePipe()
    app = live_app(pipe)

    async def scenario(pilot):
        screen = app.viewer
        await pilot.press("f")
        assert screen.following and screen.stream_row is None
        stream = toy_stream(0, 5)
        pipe.send(*stream[:2])
        await wait_until(pilot, lambda: screen.stream_row == 0 and screen.position == 1, "the newest message")
        pipe.send(*stream[2:], DONE)
        await wait_until(pilot, lambda: screen.finished, "the end")
        assert screen.position == 4

    run(app, scenario, wait_done=False)


def test_memory_stays_bounded_and_the_list_says_what_was_dropped():
    pipe = QueuePipe()
    app = live_app(pipe, max_messages=9)
    notes = capture_notifications(app)
    messages = renumber(toy_stream(0, 40))

    async def scenario(pilot):
        screen = app.viewer
        mlist = screen.query_one(MessageList)
        ruler = lambda: screen.query_one("#ruler").content.plain  # noqa: E731
        pipe.send(*messages[:5])
        await wait_until(pilot, lambda: screen.stream_row == 0 and screen.stream.count == 5, "5 messages")
        await pilot.press("F")
        for start in range(5, 40, 5):  # an endless pipe, in bursts
            pipe.send(*messages[start : start + 5])
            await wait_until(pilot, lambda want=start + 5: screen.stream.count == want, f"{start + 5} messages")
            assert screen.store.kept <= 9
        assert screen.store.evicted == 31 and screen.stream.first == 31
        assert screen.position == 39 and ruler().startswith("msg 40/40")
        assert "31 older messages dropped" in mlist.render_header(0, 80).plain
        assert mlist.row_count == 9 and mlist.row_text(0).split()[0] == str(screen.stream.get(31).index)
        assert " 40 " in screen.query_one(StreamList).row_text(0)  # counters count every message
        assert "dropped" in app.sub_title
        # stepping stops at the oldest kept message; positions did not shift
        await pilot.press("g")
        assert screen.position == 31 and ruler().startswith("msg 32/40") and not screen.following
        await pilot.press("ctrl+p")
        assert screen.position == 31
        # the request of the oldest kept reply was dropped: said, not crashed
        assert screen.current_message.is_reply
        await pilot.press("r")
        assert screen.position == 31 and "dropped" in notes[-1]
        await pilot.press("ctrl+n", "r")
        assert screen.position == 33
        # search only finds kept messages: message 5 starts 05 00 00 00, message 35 23 00 00 00
        await search(pilot, app, "05 00 00 00")
        assert "no match" in screen.query_one("#status").content.plain
        await search(pilot, app, "23 00 00 00")
        assert screen.position == 35
        pipe.send(DONE)
        await wait_until(pilot, lambda: screen.finished, "the end")

    run(app, scenario, wait_done=False)


def test_dropping_the_message_on_show_keeps_showing_it():
    pipe = QueuePipe()
    app = live_app(pipe, max_messages=4)
    messages = renumber(toy_stream(0, 12))

    async def scenario(pilot):
        screen = app.viewer
        pipe.send(*messages[:3])
        await wait_until(pilot, lambda: screen.stream_row == 0 and screen.stream.count == 3, "3 messages")
        shown = screen.current_message
        pipe.send(*messages[3:12])
        await wait_until(pilot, lambda: screen.stream.count == 12, "the rest")
        assert screen.current_message is shown and screen.position == 0  # still on show
        assert screen.query_one("#ruler").content.plain.startswith("msg 1/12")
        await pilot.press("ctrl+n")  # the next kept one
        assert screen.position == 8
        pipe.send(DONE)

    run(app, scenario, wait_done=False)


def test_a_fast_file_fills_the_lists_in_batches():
    app = toy_app(renumber([m for i in range(20) for m in toy_stream(i, 30)]))

    async def scenario(pilot):
        screen = app.viewer
        assert screen.query_one(StreamList).row_count == 20
        assert sum(s.count for s in screen.store.streams) == 600
        await pilot.press("right_square_bracket", "G")
        assert screen.stream_row == 1 and screen.position == 29

    run(app, scenario)


def test_a_reply_that_comes_later_is_marked_as_the_pair():
    pipe = QueuePipe()
    app = live_app(pipe)
    request, reply = toy_stream(0, 2)
    request.pair, request.replies, reply.pair, reply.is_reply = None, [], None, False  # not yet answered

    async def scenario(pilot):
        screen = app.viewer
        pipe.send(request)
        await wait_until(pilot, lambda: screen.current_message is request, "the request")
        assert "↔" not in screen.query_one("#ruler").content.plain
        reply.link(request)  # what the pipeline does when the reply arrives
        pipe.send(reply, DONE)
        await wait_until(pilot, lambda: screen.finished, "the reply")
        assert screen.current_message is request and screen.pair_position == 1
        assert "↔ msg 2" in screen.query_one("#ruler").content.plain
        assert "↔" in screen.query_one(MessageList).row_text(1)
        await pilot.press("r")
        assert screen.position == 1

    run(app, scenario, wait_done=False)
