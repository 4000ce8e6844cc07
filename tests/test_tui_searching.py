"""The view's search across streams (``tui/searching.py``), run a slice at a time.

On the bundled nbd-tiny-nbdsh capture (17 messages in one stream; the request magic
25 60 95 13 starts messages 11, 13, 15 and 17 -- WRITE, READ, BLOCK_STATUS, DISC, as
tshark numbers them) and on toy streams: every kept message is looked at once (the
counter a status line shows), slices stop where the budget says and go on from
there, wrapping round stops at the message the search started from, and a search
keeps no decoded tree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hexview.analysis.message_store import MessageStore
from hexview.analysis.search import parse_query, scan
from hexview.decode.fields import DecodedMessage
from hexview.messages import Message
from hexview.pipeline import Pipeline
from hexview.protocols.framing import StreamFramer
from hexview.protocols.registry import Registration
from hexview.readers import open_input
from hexview.tui.searching import StreamSearch, search_streams
from test_tui import toy_decode, toy_stream

TINY = Path(__file__).resolve().parent / "data" / "nbd-tiny-nbdsh.pcap"
MAGIC = parse_query("25 60 95 13")


@pytest.fixture(scope="module")
def tiny() -> MessageStore:
    store = MessageStore()
    store.add(list(Pipeline(hold_for_pairs=False).run(open_input(str(TINY)))))
    return store


def counting(messages: list[Message]) -> list[Message]:
    """Give ``messages`` a protocol whose decoder records every message it decodes."""
    seen: list[Message] = []

    def decode(message: Message) -> DecodedMessage:
        seen.append(message)
        return toy_decode(message)

    reg = Registration(name="COUNT", description="", ports=(), framer=StreamFramer, decode=decode)
    for m in messages:
        m.conversation.protocol = reg
    return seen


def store_of(*streams: list[Message]) -> MessageStore:
    merged = [m for stream in streams for m in stream]
    for i, m in enumerate(merged):
        m.index = i
    store = MessageStore()
    store.add(merged)
    return store


def test_hits_from_the_cursor_and_round_again(tiny):
    streams = tiny.streams
    found = search_streams(streams, MAGIC, 0, 0, -1)
    assert (found.position, found.start, found.end, found.wrapped) == (10, 0, 4, False)
    found = search_streams(streams, MAGIC, 0, 10, 0)  # n: after the hit at message 11
    assert found.position == 12 and not found.wrapped
    found = search_streams(streams, MAGIC, 0, 16, 0)  # after the last one: round to message 11
    assert found.position == 10 and found.wrapped
    found = search_streams(streams, MAGIC, 0, 10, 0, backwards=True)  # N before the first: round to 17
    assert found.position == 16 and found.wrapped


def test_a_search_without_a_hit_looks_at_every_message_once():
    a, b, c = toy_stream(0, 40), toy_stream(1, 25), toy_stream(2, 15)
    seen = counting(a + b + c)
    store = store_of(a, b, c)
    search = StreamSearch(store.streams, parse_query("tag=0x99"), 1, 10, -1)
    assert search.total == 80 and search.looked == 0
    assert search.run() and search.found is None
    assert search.looked == 80
    # stream 1 from message 11 to its end, streams 2 and 0, then stream 1 round to message 11
    order = [(m.conversation.index, m.index) for m in seen]
    assert len(order) == 81 and len(set(order)) == 80  # the start message twice (before and after the cursor)
    assert order[0] == (1, 40 + 10) and order[-1] == (1, 40 + 10)
    assert [conv for conv, _ in order[:15]] == [1] * 15 and order[15] == (2, 65) and order[30] == (0, 0)


def test_slices_stop_on_the_budget_and_go_on():
    a = toy_stream(0, 50)
    a[37].data = a[37].data[:4] + b"needle" + a[37].data[10:]
    seen = counting(a)
    store = store_of(a)
    search = StreamSearch(store.streams, parse_query("needle"), 0, 0, -1)
    budget = iter([True] * 9 + [False])  # ten messages a slice
    assert not search.run(lambda: next(budget))
    assert search.looked == 10 and len(seen) == 10 and not search.finished
    while not search.run(lambda: True):
        pass
    assert search.found.position == 37 and search.looked == 37
    assert (search.found.start, search.found.end) == (4, 10)


def test_a_field_search_keeps_no_decoded_tree():
    a = toy_stream(0, 30)
    counting(a)
    store = store_of(a)
    a[3].decode()  # the one a view has on show keeps its tree
    assert search_streams(store.streams, parse_query("tag=0x99"), 0, 0, -1) is None
    assert [m for m in a if m._decoded is not None] == [a[3]]


def test_scan_steps_one_message_at_a_time_and_stops_where_asked(tiny):
    messages = list(tiny.streams[0].messages)
    steps = list(scan(messages, MAGIC, 0, -1, stop=9))
    assert steps == [None] * 10  # messages 1..10: no request magic yet
    steps = list(scan(messages, MAGIC, 0, -1))
    assert steps[:10] == [None] * 10 and steps[10].position == 10 and len(steps) == 11
    steps = list(scan(messages, MAGIC, 16, 1 << 62, backwards=True, stop=16))
    assert len(steps) == 1 and steps[0].position == 16  # DISC, message 17
