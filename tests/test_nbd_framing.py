"""NBD framing and pairing on hand-written bytes (layouts from NBD doc/proto.md and
its extension-ext-header branch; the seeds hold no NBD bytes).

Each test feeds both directions of one conversation through the pipeline's NBD
framer, the way reassembled TCP data reaches it, and checks message boundaries,
names, pairing and decoded values.
"""

from __future__ import annotations

import struct

from hexview.protocols.nbd import REGISTRATION, NbdFramer
from hexview.tcp.stream_events import Conversation, Endpoint, StreamData, StreamEnd, StreamGap

IHAVEOPT = bytes.fromhex("49484156454f5054")
NBDMAGIC = bytes.fromhex("4e42444d41474943")
REPLY_MAGIC = bytes.fromhex("0003e889045565a9")


def conversation():
    conv = Conversation(0, Endpoint("10.0.0.1", 40000), Endpoint("10.0.0.2", 10809), True)
    conv.protocol = REGISTRATION
    return conv


class Wire:
    """Feeds bytes in the order they crossed the wire and collects the messages."""

    def __init__(self):
        self.conv = conversation()
        self.framer = NbdFramer(self.conv)
        self.offsets = {"c2s": 0, "s2c": 0}
        self.frame = 0
        self.messages = []

    def send(self, direction, hexbytes):
        data = bytes.fromhex(hexbytes.replace(" ", "")) if isinstance(hexbytes, str) else hexbytes
        self.frame += 1
        self.messages += self.framer.feed(direction, StreamData(self.offsets[direction], data, self.frame))
        self.offsets[direction] += len(data)

    def gap(self, direction, length, reason="lost"):
        self.messages += self.framer.feed(direction, StreamGap(self.offsets[direction], length, reason, None))
        self.offsets[direction] += length

    def close(self):
        for d in ("c2s", "s2c"):
            self.messages += self.framer.feed(d, StreamEnd(self.offsets[d], "FIN"))
        self.messages += self.framer.finish()
        for i, m in enumerate(self.messages):
            m.index = i
        return self.messages


def value(message, name):
    f = message.decode().find(name)
    assert f is not None, (message.name, name, [x.name for x in message.decode().walk()])
    return f.value


def show(message, name):
    return message.decode().find(name).show


def test_fixed_newstyle_go_then_transmission():
    w = Wire()
    w.send("s2c", "4e42444d41474943 49484156454f5054 0003")
    w.send("c2s", "00000003")
    # NBD_OPT_GO, export "" and one info request (NBD_INFO_BLOCK_SIZE = 3)
    w.send("c2s", "49484156454f5054 00000007 00000008 00000000 0001 0003")
    w.send("s2c", "0003e889045565a9 00000007 00000003 0000000c 0000 0000000000100000 0ded")
    w.send("s2c", "0003e889045565a9 00000007 00000001 00000000")
    w.send("c2s", "25609513 0000 0000 00000000000000aa 0000000000001000 00000200")  # READ 512 @ 4096
    w.send("s2c", "67446698 00000000 00000000000000aa" + "ab" * 512)  # simple reply + data
    w.send("c2s", "25609513 0000 0002 00000000000000ab 0000000000000000 00000000")  # DISC
    msgs = w.close()
    assert [m.name for m in msgs] == [
        "Greeting (newstyle)",
        "Client flags",
        "NBD_OPT_GO",
        "NBD_REP_INFO (NBD_OPT_GO)",
        "NBD_REP_ACK (NBD_OPT_GO)",
        "NBD_CMD_READ",
        "Simple reply (NBD_CMD_READ)",
        "NBD_CMD_DISC",
    ]
    greeting, flags, go, info, ack, read, reply, disc = msgs
    assert show(greeting, "handshake_flags") == "0x0003 (NO_ZEROES, FIXED_NEWSTYLE)"
    assert value(go, "num_info_requests") == 1
    assert show(go, "info_requests[0]") == "NBD_INFO_BLOCK_SIZE (3)"
    assert value(info, "export_size") == 0x100000
    assert value(info, "transmission_flags") == 0x0DED
    assert info.pair is go and ack.pair is go and go.pair is info
    assert go.replies == [info, ack]
    assert reply.pair is read and read.pair is reply
    assert reply.length == 16 + 512
    data = reply.decode().find("data")
    assert (data.start, data.end) == (16, 528)
    assert disc.pair is None and not disc.expects_reply
    assert show(read, "type") == "NBD_CMD_READ (0)"
    assert (read.decode().find("cookie").start, read.decode().find("cookie").end) == (8, 16)


def test_export_name_reply_with_and_without_zeroes():
    """NBD_OPT_EXPORT_NAME has no option reply: 8+2 bytes, then 124 zeroes unless
    both sides set NO_ZEROES (proto.md, 'Option types')."""
    for server_flags, client_flags, expected in (("0003", "00000003", 10), ("0001", "00000001", 134)):
        w = Wire()
        w.send("s2c", "4e42444d41474943 49484156454f5054" + server_flags)
        w.send("c2s", client_flags)
        w.send("c2s", "49484156454f5054 00000001 00000004" + b"disk".hex())
        w.send("s2c", "0000000000200000 0003" + "00" * (expected - 10))
        w.send("c2s", "25609513 0001 0001 0000000000000001 0000000000000000 00000004 deadbeef")  # WRITE+FUA
        w.send("s2c", "67446698 00000000 0000000000000001")
        opt, reply, write, wreply = w.close()[2:]
        assert opt.name == "NBD_OPT_EXPORT_NAME" and value(opt, "name") == "disk"
        assert reply.kind == "export_name_reply" and reply.length == expected and reply.pair is opt
        assert value(reply, "export_size") == 0x200000
        assert show(write, "flags") == "0x0001 (FUA)"
        assert wreply.pair is write


def test_oldstyle_greeting():
    """Oldstyle: NBDMAGIC, cliserv_magic 0x00420281861253, size u64, flags u32, 124 zeroes."""
    w = Wire()
    w.send("s2c", "4e42444d41474943 0000420281861253 0000000040000000 00000003" + "00" * 124)
    w.send("c2s", "25609513 0000 0003 0000000000000009 0000000000000000 00000000")  # FLUSH
    w.send("s2c", "67446698 00000000 0000000000000009")
    greeting, flush, reply = w.close()
    assert greeting.name == "Greeting (oldstyle)" and greeting.length == 152
    assert value(greeting, "export_size") == 1 << 30
    assert flush.name == "NBD_CMD_FLUSH" and reply.pair is flush


def test_structured_chunks_and_block_status_context():
    """Structured replies: several chunks per cookie, the last one with DONE; a
    BLOCK_STATUS chunk's status bits follow the context its id names."""
    w = Wire()
    w.send("c2s", "49484156454f5054 0000000a 0000001b 00000000 00000001 0000000f" + b"base:allocation".hex())
    w.send("s2c", "0003e889045565a9 0000000a 00000004 00000013 00000001" + b"base:allocation".hex())
    w.send("s2c", "0003e889045565a9 0000000a 00000001 00000000")
    w.send("c2s", "25609513 0000 0007 0000000000000001 0000000000000000 00100000")
    w.send("s2c", "668e33ef 0001 0005 0000000000000001 00000014 00000001 00080000 00000000 00080000 00000003")
    w.send("c2s", "25609513 0000 0000 0000000000000002 0000000000000000 00002000")
    w.send("s2c", "668e33ef 0000 0001 0000000000000002 0000000c 0000000000000000 11223344")
    w.send("s2c", "668e33ef 0000 0002 0000000000000002 0000000c 0000000000000004 00001ffc")
    w.send("s2c", "668e33ef 0001 0000 0000000000000002 00000000")
    msgs = w.close()
    opt, ctx, ack, bs, bs_reply, read, data, hole, done = msgs
    assert ctx.name == "NBD_REP_META_CONTEXT (NBD_OPT_SET_META_CONTEXT)"
    assert value(ctx, "context_id") == 1 and value(ctx, "context_name") == "base:allocation"
    assert bs_reply.pair is bs and bs_reply.params["context_name"] == "base:allocation"
    second = bs_reply.decode().find("descriptors[1]")
    assert (second.start, second.end) == (32, 40)
    assert [c.name for c in second.children] == ["extent_length", "status_flags"]
    flags = [f for f in bs_reply.decode().walk() if f.name == "status_flags"]
    assert flags[1].value == 3 and [c.name for c in flags[1].children if c.value is True] == ["zero", "hole"]
    assert data.name == "NBD_REPLY_TYPE_OFFSET_DATA (NBD_CMD_READ)" and data.pair is read
    assert hole.name == "NBD_REPLY_TYPE_OFFSET_HOLE (NBD_CMD_READ)" and value(hole, "hole_size") == 0x1FFC
    assert done.name == "NBD_REPLY_TYPE_NONE (NBD_CMD_READ)" and done.pair is read
    assert read.replies == [data, hole, done]


def test_extended_headers():
    """EXTENDED_HEADERS (ext-header branch): 32-byte requests with a 64-bit length,
    32-byte reply chunks with an offset, and BLOCK_STATUS_EXT descriptors."""
    w = Wire()
    w.send("c2s", "49484156454f5054 0000000b 00000000")
    w.send("s2c", "0003e889045565a9 0000000b 00000001 00000000")
    w.send("c2s", "21e41c71 0000 0007 0000000000000005 0000000000000000 0000000100000000")
    w.send(
        "s2c",
        "6e8a278c 0001 0006 0000000000000005 0000000000000000 0000000000000018"
        "00000001 00000001 0000000100000000 0000000000000003",
    )
    opt, ack, req, chunk = w.close()
    assert opt.name == "NBD_OPT_EXTENDED_HEADERS" and ack.pair is opt
    assert req.length == 32 and value(req, "length") == 1 << 32
    assert chunk.length == 32 + 24 and chunk.pair is req
    assert chunk.name == "NBD_REPLY_TYPE_BLOCK_STATUS_EXT (NBD_CMD_BLOCK_STATUS)"
    assert value(chunk, "extent_length") == 1 << 32


def test_error_replies():
    w = Wire()
    w.send("c2s", "49484156454f5054 00000007 00000008 00000002 6e6f 0000")
    w.send("s2c", "0003e889045565a9 00000007 80000006 00000007" + b"no such".hex())
    w.send("c2s", "25609513 0000 0000 0000000000000007 0000000000000000 00001000")
    w.send("s2c", "668e33ef 0001 8001 0000000000000007 0000000b 00000005 0005" + b"io er".hex())
    opt, err, read, chunk = w.close()
    assert err.name == "NBD_REP_ERR_UNKNOWN (NBD_OPT_GO)" and err.pair is opt
    assert value(err, "message") == "no such"
    assert chunk.name == "NBD_REPLY_TYPE_ERROR (NBD_CMD_READ)"
    assert show(chunk, "error") == "NBD_EIO (5)"
    assert value(chunk, "message") == "io er"


def test_draft_alloc_context_of_seed_004():
    """Seed 004 (2016 draft, nbd commit bc6d0df): option 10 was NBD_OPT_ALLOC_CONTEXT,
    data = 32-bit type (1 LIST, 2 ADD, 3 DEL) + query string; reply 4 was
    NBD_REP_ALLOC_CONTEXT (id + name). Recognised by layout, labelled as the draft."""
    w = Wire()
    w.send("c2s", "49484156454f5054 0000000a 0000000a 00000002" + b"base:a".hex())
    w.send("s2c", "0003e889045565a9 0000000a 00000004 0000000a 00000001" + b"base:a".hex())
    w.send("s2c", "0003e889045565a9 0000000a 00000001 00000000")
    opt, ctx, ack = w.close()
    assert opt.name == "NBD_OPT_ALLOC_CONTEXT (2016 draft)"
    assert ctx.name == "NBD_REP_ALLOC_CONTEXT (2016 draft) (NBD_OPT_ALLOC_CONTEXT)"
    assert value(opt, "query") == "base:a" and value(ctx, "context_id") == 1
    assert ctx.pair is opt and ack.pair is opt


def test_starttls_makes_the_rest_opaque():
    w = Wire()
    w.send("c2s", "49484156454f5054 00000005 00000000")
    w.send("s2c", "0003e889045565a9 00000005 00000001 00000000")
    w.send("c2s", "160301020001000000")
    w.send("s2c", "160303007a0200")
    opt, ack, c_tls, s_tls = w.close()
    assert ack.pair is opt
    assert c_tls.kind == s_tls.kind == "tls"
    assert any("undecoded" in e.reason for e in c_tls.decode().errors)


def test_lost_bytes_inside_a_read_keep_alignment():
    """A lost segment inside READ data: the reply keeps its length, the lost span is
    reported, and the next reply is found right after."""
    w = Wire()
    w.send("c2s", "25609513 0000 0000 0000000000000001 0000000000000000 00000100")
    w.send("c2s", "25609513 0000 0000 0000000000000002 0000000000000100 00000010")
    w.send("s2c", "67446698 00000000 0000000000000001" + "aa" * 100)
    w.gap("s2c", 100)
    w.send("s2c", "bb" * 56)
    w.send("s2c", "67446698 00000000 0000000000000002" + "cc" * 16)
    r1, r2, reply1, reply2 = w.close()
    assert reply1.length == 16 + 256 and reply1.pair is r1
    assert [(s.start, s.end) for s in reply1.missing] == [(116, 216)]
    tree = reply1.decode()
    pieces = [(f.name, f.start, f.end) for f in tree.fields if f.start >= 16]
    assert pieces == [("data", 16, 116), ("not_captured", 116, 216), ("data", 216, 272)]
    assert tree.fields[-1].show == "bb" * 32 + "… (56 of 256 bytes captured)"
    assert reply2.pair is r2 and reply2.offset == 16 + 256


def test_resync_after_garbage_keeps_bytes_visible():
    w = Wire()
    w.send("s2c", "0102030405060708090a0b0c0d0e0f10")  # mid-stream junk, no magic
    w.send("s2c", "67446698 00000000 0000000000000001")
    junk, reply = w.close()
    assert junk.kind == "undecoded" and junk.length == 16
    assert any(e.reason.startswith("undecoded") for e in junk.decode().errors)
    assert reply.name == "Simple reply (request not seen)" and reply.length == 16


def test_truncated_request_at_end_of_stream():
    w = Wire()
    w.send("c2s", "25609513 0000 0001 0000000000000001 0000000000000000 00000100 aabb")
    (write,) = w.close()
    assert write.name == "NBD_CMD_WRITE" and write.length == 30
    reasons = [e.reason for e in write.decode().errors]
    assert any("more bytes expected" in r for r in reasons)
    assert any(r.startswith("malformed data") for r in reasons)


def test_heuristic_recognises_either_side():
    assert REGISTRATION.heuristic(NBDMAGIC + IHAVEOPT).sender_is_client is False
    assert REGISTRATION.heuristic(IHAVEOPT + bytes(8)).sender_is_client is True
    assert REGISTRATION.heuristic(struct.pack(">I", 0x25609513) + bytes(24)).sender_is_client is True
    assert REGISTRATION.heuristic(b"GET / HTTP/1.1\r\n") is None


def test_megabytes_without_a_magic_are_scanned_once():
    """3 MiB of junk then a reply: the junk comes out in 64 KiB pieces with every byte
    kept, and finding that no magic is in it is done once per arriving segment, not
    again for each piece (which made a 16 MiB filled gap cost minutes)."""
    w = Wire()
    scans = []
    original = w.framer.resync_position
    w.framer.resync_position = lambda d, buf: scans.append(len(buf)) or original(d, buf)
    junk = bytes(range(1, 251)) * (3 * 1024 * 1024 // 250)
    w.send("s2c", junk)
    w.send("s2c", "67446698 00000000 0000000000000001")
    *pieces, reply = w.close()
    assert sum(p.length for p in pieces) == len(junk) and {p.kind for p in pieces} == {"undecoded"}
    assert max(p.length for p in pieces) == 64 * 1024
    assert reply.name == "Simple reply (request not seen)" and reply.offset == len(junk)
    assert len(scans) <= 3, scans


def test_a_magic_after_a_large_filled_gap_is_found():
    w = Wire()
    w.send("s2c", "67446698 00000000 0000000000000001")
    w.gap("s2c", 2 * 1024 * 1024)  # zero placeholders: kept in place, never matched
    w.send("s2c", "67446698 00000000 0000000000000002")
    first, *lost, second = w.close()
    assert sum(m.length for m in lost) == 2 * 1024 * 1024
    assert second.offset == 16 + 2 * 1024 * 1024 and value(second, "cookie") == 2
