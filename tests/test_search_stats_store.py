"""Pure-core pieces of the interactive view: search, per-stream stats, bounded store.

Messages come from the bundled capture nbd-tiny-nbdsh (values as tshark and
nbdkit's log give them: a 64-byte WRITE at 4096 with cookie 1, a READ with cookie 2,
a BLOCK_STATUS with cookie 3, then DISC)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hexview.analysis.message_store import MessageStore
from hexview.analysis.search import find_next, hits_in, parse_query
from hexview.analysis.stream_stats import StreamStats, format_seconds
from hexview.pipeline import Pipeline
from hexview.readers import open_input

TINY = Path(__file__).resolve().parent / "data" / "nbd-tiny-nbdsh.pcap"


@pytest.fixture(scope="module")
def messages():
    return list(Pipeline(hold_for_pairs=False).run(open_input(str(TINY))))


def test_parse_query_kinds():
    assert parse_query("0x25609513").needle == bytes.fromhex("25609513")
    assert parse_query("25 60 95 13").kind == "hex"
    assert parse_query("25609513").kind == "hex"
    assert parse_query('"NBDMAGIC"').kind == "text"
    q = parse_query("cookie=0x2")
    assert (q.kind, q.name, q.value, q.exact) == ("field", "cookie", "0x2", True)
    assert parse_query("name~base").exact is False
    assert parse_query("@context_id").value is None
    assert parse_query("dead").kind == "any"  # a word, even if it is hex-looking
    for bad in ("", "0x123", "   "):
        with pytest.raises(ValueError):
            parse_query(bad)


def test_hex_search_finds_the_request_magic(messages):
    hit = find_next(messages, parse_query("25 60 95 13"), 0)
    assert messages[hit.position].name == "NBD_CMD_WRITE" and (hit.start, hit.end) == (0, 4)
    again = find_next(messages, parse_query("25609513"), hit.position, hit.start)
    assert messages[again.position].name == "NBD_CMD_READ"
    back = find_next(messages, parse_query("25609513"), again.position, again.start, backwards=True)
    assert back.position == hit.position


def test_text_search_is_case_insensitive(messages):
    hit = find_next(messages, parse_query('"nbdmagic"'), 0)
    assert hit.position == 0 and (hit.start, hit.end) == (0, 8)
    hit = find_next(messages, parse_query('"base:allocation"'), 0)
    assert messages[hit.position].name == "NBD_OPT_SET_META_CONTEXT"


def test_field_search_by_name_and_value(messages):
    hit = find_next(messages, parse_query("cookie=0x2"), 0)
    assert messages[hit.position].name == "NBD_CMD_READ" and hit.field == "cookie" and (hit.start, hit.end) == (8, 16)
    hit = find_next(messages, parse_query("type=NBD_CMD_BLOCK_STATUS"), 0)
    assert messages[hit.position].name == "NBD_CMD_BLOCK_STATUS"
    hit = find_next(messages, parse_query("offset=4096"), 0)
    assert messages[hit.position].name == "NBD_CMD_WRITE"
    assert find_next(messages, parse_query("cookie=0x99"), 0) is None


def test_plain_word_matches_field_names_or_values(messages):
    hits = hits_in(messages[0], parse_query("no_zeroes"))
    # the flags word shows "0x0003 (NO_ZEROES, FIXED_NEWSTYLE)"; its bit is named no_zeroes
    assert [h.field for h in hits] == ["handshake_flags", "no_zeroes"]


def test_stream_stats_pairing_and_latency(messages):
    stats = StreamStats()
    for m in messages:
        stats.add(m)
    assert stats.messages == len(messages) and stats.bytes == sum(m.length for m in messages)
    # options STRUCTURED_REPLY, SET_META_CONTEXT, GO and commands WRITE, READ, BLOCK_STATUS
    # wait for replies; DISC does not (proto.md)
    assert (stats.requests, stats.answered, stats.unanswered) == (6, 6, 0)
    assert stats.latency_avg is not None and stats.latency_max >= stats.latency_avg > 0  # the list's avg and max
    assert stats.problems == 0
    assert format_seconds(0.000088) == "88 µs" and format_seconds(0.0021) == "2.10 ms"


def test_store_keeps_positions_stable_and_bounds_memory(messages):
    store = MessageStore(max_bytes=10**9, max_messages=5)
    update = store.add(messages[:3])
    assert update.new_streams == [0] and store.streams[0].count == 3
    update = store.add(messages[3:])
    stream = store.streams[0]
    assert store.kept == 5 and stream.count == len(messages)
    assert stream.first == len(messages) - 5 and update.evicted == len(messages) - 5
    assert stream.get(0) is None and stream.get(stream.first) is messages[stream.first]
    assert stream.position_of(messages[-1]) == len(messages) - 1
    assert stream.position_of(messages[0]) is None
    small = MessageStore(max_bytes=1000)
    small.add(messages)
    assert small.kept_bytes <= 1000
