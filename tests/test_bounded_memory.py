"""An endless pipe of short connections must not grow memory without bound: closed
conversations are let go by the pipeline and, past a bound, by reassembly."""

from __future__ import annotations

import gc
import io
import sys
from pathlib import Path

import hexview.tcp.reassembly as reassembly
from hexview.pipeline import Pipeline
from tcp_packets import raw_packet

CLIENT, SERVER = "10.0.0.1", "10.0.0.2"

SYN, SYN_ACK, FIN_ACK, PSH_ACK = 0x02, 0x12, 0x11, 0x18
FLUSH = bytes.fromhex("25609513000000030000000000000009000000000000000000000000")


def connection(number, port):
    """SYN, SYN-ACK, one NBD request and its reply, FIN both ways (RFC 793 sequence use)."""
    reply = bytes.fromhex("67446698000000000000000000000009")
    return [
        raw_packet(number, (CLIENT, port), (SERVER, 10809), 100, b"", flags=SYN),
        raw_packet(number + 1, (SERVER, 10809), (CLIENT, port), 500, b"", flags=SYN_ACK),
        raw_packet(number + 2, (CLIENT, port), (SERVER, 10809), 101, FLUSH, flags=PSH_ACK),
        raw_packet(number + 3, (SERVER, 10809), (CLIENT, port), 501, reply, flags=PSH_ACK),
        raw_packet(number + 4, (CLIENT, port), (SERVER, 10809), 101 + 28, b"", flags=FIN_ACK),
        raw_packet(number + 5, (SERVER, 10809), (CLIENT, port), 501 + 16, b"", flags=FIN_ACK),
    ]


def test_closed_conversations_are_let_go(monkeypatch):
    monkeypatch.setattr(reassembly, "MAX_FLOWS", 20)
    pipeline = Pipeline()
    sizes = []

    def packets():
        for i in range(200):
            yield from connection(1 + 6 * i, 20000 + i)
            sizes.append((len(pipeline.conversations), len(pipeline.reassembler._flows)))

    messages = list(pipeline.run(packets()))
    assert len(messages) == 400
    assert [m.name for m in messages[:2]] == ["NBD_CMD_FLUSH", "Simple reply (NBD_CMD_FLUSH)"]
    assert messages[1].pair is messages[0]
    assert max(conversations for conversations, _ in sizes) <= 1
    assert max(flows for _, flows in sizes) <= 2 * 20 + 2


# -- an endless pipe of NBD connections (tools/endless_pipe.py), counted in objects held ------------


def _endless_text(conversations: int, **traffic) -> str:
    """tools/endless_pipe.py's text for ``conversations`` short connections."""
    tools = str(Path(__file__).resolve().parent.parent / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    from endless_pipe import steps

    return "".join("\n".join(lines) + "\n" for lines in steps(conversations, **traffic))


def _endless_packets(conversations: int, **traffic):
    """The packets of ``_endless_text``."""
    from hexview.readers import read_packets

    return list(read_packets(io.BytesIO(_endless_text(conversations, **traffic).encode()), "auto", name="endless"))


def test_the_store_lets_closed_streams_go():
    """A store over a budget drops the oldest messages, and a stream left without any is
    let go once its conversation closed: what it holds stays bounded however many
    connections come. The long connection (open) stays; rows are never reused."""
    from hexview.analysis.message_store import MESSAGE_COST, STREAM_COST, MessageStore

    packets = _endless_packets(600, long=1, every=2, long_reads=10_000)
    budget = 40 * (STREAM_COST + 2 * (MESSAGE_COST + 4112))  # room for some 40 connections
    store = MessageStore(max_bytes=budget)
    pipeline = Pipeline(hold_for_pairs=False)
    held, rows_seen, batch = [], set(), []
    for message in pipeline.run(iter(packets)):
        batch.append(message)
        if len(batch) == 50:
            update = store.add(batch)
            batch = []
            assert not rows_seen & set(update.new_streams)  # a row is never given twice
            rows_seen |= set(update.new_streams)
            held.append((len(store.streams), store.kept_bytes, len(store._arrival_rows)))
    store.add(batch)
    assert store.let_go > 500  # nearly every short connection went
    assert max(streams for streams, _, _ in held) <= 60
    assert max(kept for _, kept, _ in held) <= budget
    assert max(arrivals for _, _, arrivals in held) <= 2 * 4096 + 2 * 200
    long = [s for s in store.streams if s.conversation.index == 0]
    assert long and long[0].first > 0  # open all along: kept, though its oldest messages went
    # a let-go stream's messages are not found by number any more
    assert store.place_of_index(1) is None


def test_reassembly_remembers_a_bounded_number_of_closed_connections():
    """Closed connections' flows are kept for late ACKs, the newest MAX_CLOSED of them:
    not the 200,000 directions (MAX_FLOWS) a sweep allowed before."""
    packets = _endless_packets(3000, long=0)
    reassembler = reassembly.Reassembler()
    most = 0
    for packet in packets:
        reassembler.feed(packet)
        most = max(most, len(reassembler._flows))
    assert most <= 2 * (reassembly.MAX_CLOSED + 2)


def test_summary_and_json_over_an_endless_pipe_forget_closed_conversations(tmp_path, monkeypatch, capsys):
    """--summary and --json hold the open conversations only: counted (live Conversation
    objects) while they write, over 1,500 connections."""
    from hexview.cli import main
    from hexview.tcp.stream_events import Conversation

    monkeypatch.setattr(reassembly, "MAX_CLOSED", 64)  # closed connections remembered for late ACKs
    capture = tmp_path / "endless.X.txt"
    capture.write_text(_endless_text(1500, long=2, every=3, long_reads=100))

    class Counting(io.StringIO):
        """stdout that counts the conversations alive every 500 lines written."""

        def __init__(self) -> None:
            super().__init__()
            self.lines = 0
            self.alive: list[int] = []

        def write(self, text: str) -> int:
            self.lines += text.count("\n")
            if self.lines // 500 > len(self.alive):
                gc.collect()  # request and reply refer to each other: cycles the collector frees in its time
                self.alive.append(sum(isinstance(o, Conversation) for o in gc.get_objects()))
            return len(text)

    for mode in ("--summary", "--json"):
        out = Counting()
        monkeypatch.setattr(sys, "stdout", out)
        assert main([mode, "--jobs", "1", str(capture)]) == 0
        assert len(out.alive) >= 5, (mode, out.lines)
        assert max(out.alive) <= 64 + 20, (mode, out.alive)  # the remembered ones, the open ones, a batch
