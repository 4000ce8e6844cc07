"""The feed holds back while the first screen is made: reading a large file is CPU-bound
Python that competes with the UI thread for the interpreter, so between the first message
and the first screen the feed waits (the view says when it has drawn). Counted in
messages framed, never timed."""

from __future__ import annotations

import threading

import pytest

from hexview.tui import feed as feed_module
from hexview.tui.feed import FeedThread
from hexview.tui.messages import FeedFinished, MessagesArrived


class Counted:
    """A message of one byte (the feed bounds a batch by its messages' bytes too)."""

    length = 1


class CountingPipeline:
    """One message per packet; counts what it framed."""

    notes: list = []

    def __init__(self) -> None:
        self.framed = 0

    def run(self, packets):
        for _packet in packets:
            self.framed += 1
            yield Counted()


class Collector:
    """Stands in for the screen: takes each batch in at once (``applied``), as the
    screen does, unless ``slow`` (a screen that has not come to them yet)."""

    def __init__(self, slow: bool = False) -> None:
        self.posted = []
        self.done = threading.Event()
        self.slow = slow

    def post_message(self, message) -> None:
        self.posted.append(message)
        if isinstance(message, MessagesArrived) and not self.slow:
            message.applied()
        if isinstance(message, FeedFinished):
            self.done.set()


@pytest.fixture
def patient(monkeypatch):
    monkeypatch.setattr(feed_module, "FIRST_SCREEN_WAIT", 60.0)  # only screen_shown ends the hold here


def test_the_feed_holds_back_until_the_first_screen_is_drawn(patient):
    pipeline = CountingPipeline()
    feed = FeedThread(iter(range(5000)), lambda: pipeline)
    target = Collector()
    feed.attach(target)
    feed.start()
    assert feed.wait_for_first(30)
    before = pipeline.framed
    for _ in range(20):  # give it every chance to run on
        threading.Event().wait(0.01)
    assert pipeline.framed == before <= 2  # held after the first message
    feed.screen_shown()
    assert target.done.wait(60)
    assert pipeline.framed == 5000
    assert sum(len(m.messages) for m in target.posted if isinstance(m, MessagesArrived)) == 5000


def test_cancelling_ends_the_hold(patient):
    pipeline = CountingPipeline()
    feed = FeedThread(iter(range(5000)), lambda: pipeline)
    feed.attach(Collector())
    feed.start()
    assert feed.wait_for_first(30)
    feed.cancel()
    feed._thread.join(30)
    assert not feed._thread.is_alive() and pipeline.framed < 5000


class _Source:
    """Packets (any objects) from a list; ``size`` set says it is a file."""

    def __init__(self, items, size=None, hold=None):
        self.items, self.size, self.hold = items, size, hold

    def __iter__(self):
        for i, item in enumerate(self.items):
            if self.hold is not None and i == len(self.items) - 1:
                self.hold.wait(30)  # a quiet pipe: the last packet is a long way off
            yield item


def _count_puts(pump) -> list:
    puts = []
    original = pump._queue.put
    pump._queue.put = lambda item, *a, **k: (puts.append(item), original(item, *a, **k))[1]
    return puts


def test_a_files_packets_cross_threads_in_batches():
    from hexview.tui.pipe_input import PacketPump

    pump = PacketPump(_Source(list(range(1000)), size=123456), batch=256)
    puts = _count_puts(pump)
    assert list(pump.packets(lambda: False)) == list(range(1000)) and pump.count == 1000
    assert len(puts) == 5  # 256 + 256 + 256 + 232, and the end


def test_a_pipes_packets_cross_one_by_one_and_none_waits_for_the_next():
    import threading

    from hexview.tui.pipe_input import PacketPump

    hold = threading.Event()
    pump = PacketPump(_Source(["a", "b", "c", "later"], hold=hold), batch=256)
    got = pump.packets(lambda: False)
    assert [next(got), next(got), next(got)] == ["a", "b", "c"]  # while the source waits
    hold.set()
    assert list(got) == ["later"]


def test_the_input_thread_reads_no_further_ahead_than_its_bound():
    """While the consumer holds back (the first screen is being made), the input thread
    stops after about read_ahead packets instead of parsing on (counted)."""
    import time

    from hexview.tui.pipe_input import PacketPump

    read = []

    class Counting(_Source):
        def __iter__(self):
            for item in self.items:
                read.append(item)
                yield item

    pump = PacketPump(Counting(list(range(100_000)), size=1), read_ahead=256, batch=64)
    got = pump.packets(lambda: False)
    assert next(got) == 0
    for _ in range(100):  # let it run as far as it can (a hang guard, not a timing)
        before = len(read)
        time.sleep(0.01)
        if len(read) == before and before > 64:
            break
    assert len(read) <= 256 + 64 + 64 + 1  # queued, in the consumer's hands, being gathered, blocked on


def test_a_screen_behind_its_input_holds_the_feed_back(monkeypatch):
    """Batches the screen has not taken into its store yet are outside the memory cap: at
    most IN_FLIGHT are posted, then the feed waits (counted in messages framed)."""
    monkeypatch.setattr(feed_module, "MAX_BATCH", 10)
    pipeline = CountingPipeline()
    feed = FeedThread(iter(range(100_000)), lambda: pipeline)
    target = Collector(slow=True)
    feed.attach(target)
    feed.screen_shown()
    feed.start()
    assert feed.wait_for_first(30)
    for _ in range(50):  # give it every chance to run on
        threading.Event().wait(0.01)
    held = pipeline.framed
    assert feed.in_flight == feed_module.IN_FLIGHT
    assert held <= feed_module.IN_FLIGHT * 10 + 2, held  # the batches posted, and the one being made
    batches = [m for m in target.posted if isinstance(m, MessagesArrived) and m.messages]
    for batch in batches:
        batch.applied()  # the screen catches up: the feed reads on
    for _ in range(200):
        if pipeline.framed > held:
            break
        threading.Event().wait(0.01)
    assert pipeline.framed > held
    feed.cancel()
