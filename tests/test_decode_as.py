"""--decode-as PORT=PROTOCOL: like Wireshark's Decode As, for conversations on
unusual ports whose first bytes no heuristic can place (a capture that starts
in the middle of a data transfer)."""

from __future__ import annotations

from golden import pohmelfs_seed002 as P  # seed 002's commands, written out by hand
from hexview.pipeline import Pipeline
from tcp_packets import raw_packet

CLIENT, SERVER = "10.0.0.1", "10.0.0.2"
# The tail of some READ data, then a compact NBD request (NBD_CMD_FLUSH, cookie 9).
TAIL = bytes(range(40))
FLUSH = bytes.fromhex("25609513 0000 0003 0000000000000009 0000000000000000 00000000".replace(" ", ""))


def packets():
    return [
        raw_packet(1, (CLIENT, 40000), (SERVER, 5555), 1000, TAIL),
        raw_packet(2, (CLIENT, 40000), (SERVER, 5555), 1000 + len(TAIL), FLUSH),
    ]


def test_without_decode_as_the_conversation_stays_undecoded():
    messages = list(Pipeline().run(packets()))
    assert {m.conversation.protocol.name for m in messages} == {"TCP"}


def test_decode_as_port_applies_the_protocol_and_resynchronises():
    messages = list(Pipeline(decode_as={5555: "nbd"}).run(packets()))
    assert [m.conversation.protocol.name for m in messages] == ["NBD", "NBD"]
    junk, flush = messages
    assert junk.kind == "undecoded" and junk.length == len(TAIL) and junk.frames == (1,)
    assert flush.name == "NBD_CMD_FLUSH" and flush.frames == (2,) and flush.direction == "c2s"
    assert flush.conversation.label() == "10.0.0.1:40000 -> 10.0.0.2:5555"


def test_decode_as_set_while_running_applies_to_conversations_that_start_later():
    """The TUI on a pipe cannot read the input again: a Decode As chosen there goes to
    the running pipeline and decides conversations not yet classified."""
    pipeline = Pipeline()
    first = list(pipeline.run(packets()[:1] + packets()[1:]))
    assert {m.conversation.protocol.name for m in first} == {"TCP"}
    pipeline.set_decode_as(5555, "NBD")
    later = [raw_packet(3, (CLIENT, 40001), (SERVER, 5555), 7000, FLUSH)]
    (flush,) = [m for m in pipeline.run(later) if m.frames == (3,)]
    assert flush.conversation.protocol.name == "NBD" and flush.name == "NBD_CMD_FLUSH"
    pipeline.set_decode_as(5555, None)
    assert 5555 not in pipeline.decode_as


SYN, SYN_ACK = 0x02, 0x12


def test_decode_as_naming_the_clients_port_keeps_the_syns_roles():
    """Decode As names a port; which side is the server is still the SYN's to say."""
    packets = [
        raw_packet(1, (CLIENT, 51234), (SERVER, 7000), 99, b"", flags=SYN),
        raw_packet(2, (SERVER, 7000), (CLIENT, 51234), 499, b"", flags=SYN_ACK),
        raw_packet(3, (CLIENT, 51234), (SERVER, 7000), 100, P.CAPS_ROOT_REQUEST),
    ]
    (m,) = list(Pipeline(decode_as={51234: "POHMELFS"}).run(packets))
    assert m.direction == "c2s" and m.conversation.server.port == 7000
    assert m.name == "NETFS_TRANS request: CAPABILITIES"


def test_without_a_syn_the_protocols_heuristic_tells_the_roles():
    """Mid-stream (no SYN): the named protocol's own heuristic places the client (a
    POHMELFS client opens with a NETFS_TRANS), whichever port was named."""
    packets = [raw_packet(1, (CLIENT, 51234), (SERVER, 7000), 100, P.CAPS_ROOT_REQUEST)]
    (m,) = list(Pipeline(decode_as={51234: "POHMELFS"}).run(packets))
    assert m.direction == "c2s" and m.conversation.client.port == 51234
    assert m.name == "NETFS_TRANS request: CAPABILITIES"
