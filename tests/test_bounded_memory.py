"""An endless pipe of short connections must not grow memory without bound: closed
conversations are let go by the pipeline and, past a bound, by reassembly."""

from __future__ import annotations

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
