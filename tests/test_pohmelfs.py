"""POHMELFS from the hand-written seed 002 messages (tests/golden/pohmelfs_seed002.py).

Each message goes through the registration (framer, pairing, decoder) or the whole
pipeline from hand-built TCP packets; the expected values are the ones the bytes
were written to carry, read off seed 002 and the fact sheet (docs/pohmelfs.md).
"""

from __future__ import annotations

import struct

import pytest

from golden import pohmelfs_seed002 as G
from hexview.pipeline import Pipeline
from hexview.protocols import nbd, pohmelfs
from hexview.protocols.registry import by_heuristic
from hexview.tcp.stream_events import StreamData, StreamEnd, StreamGap
from tcp_packets import conversation_packets

REG = pohmelfs.REGISTRATION
CLIENT, SERVER = ("10.0.0.1", 40001), ("10.0.0.2", 40000)


class Conv:
    protocol = REG


def frame(*sends: tuple[str, bytes]):
    """Messages the POHMELFS framer cuts from ('c'|'s', bytes) sends, ends included."""
    framer = pohmelfs.PohmelfsFramer(Conv())
    offsets = {"c2s": 0, "s2c": 0}
    out = []
    for n, (who, data) in enumerate(sends, 1):
        d = "c2s" if who == "c" else "s2c"
        out += framer.feed(d, StreamData(offsets[d], data, n))
        offsets[d] += len(data)
    for d in offsets:
        out += framer.feed(d, StreamEnd(offsets[d], "end of test"))
    return out + framer.finish()


def one(who: str, data: bytes):
    (m,) = frame((who, data))
    return m, m.decode()


def get(decoded, path: str):
    """The field at a dotted path of names, e.g. 'body.commands[0].header.cmd'."""
    fields = decoded.fields
    found = None
    parts = []
    for part in path.split("."):
        if "[" in part:
            parts.append(part.split("[")[0])
        parts.append(part)
    for part in parts:
        found = next((f for f in fields if f.name == part), None)
        assert found is not None, f"{part} not in {[f.name for f in fields]}"
        fields = found.children
    return found


def val(decoded, path):
    return get(decoded, path).value


def rng(decoded, path):
    f = get(decoded, path)
    return f.start, f.end


# -- every command ------------------------------------------------------------------


def test_capabilities_root_exchange():
    req, d = one("c", G.CAPS_ROOT_REQUEST)
    assert req.name == "NETFS_TRANS request: CAPABILITIES" and req.length == 80 and not d.errors
    assert val(d, "header.cmd") == 8 and val(d, "header.size") == 40 and val(d, "header.start") == 1
    inner = "body.commands[0].header"
    assert get(d, inner + ".cmd").show == "NETFS_CAPABILITIES (14)"
    assert val(d, inner + ".id") == 1 and rng(d, inner + ".id") == (56, 64)
    rep, d = one("s", G.CAPS_ROOT_REPLY)
    assert rep.name == "NETFS_CAPABILITIES reply" and not d.errors
    caps = "body.capabilities"
    assert val(d, caps + ".nr_files") == 16 and rng(d, caps + ".nr_files") == (40, 48)
    assert val(d, caps + ".used") == 1 << 20
    assert val(d, caps + ".avail") == 1 << 30
    assert val(d, caps + ".flags.xattr_supported") is True
    assert val(d, caps + ".flags.read_only") is False
    assert rng(d, caps + ".flags") == (64, 72)


def test_capabilities_crypto():
    _, d = one("c", G.CAPS_CRYPTO_REQUEST)
    caps = "body.commands[0].body.capabilities"
    assert val(d, caps + ".hash_strlen") == 11 and val(d, caps + ".cipher_strlen") == 9
    assert val(d, caps + ".cipher_keysize") == 16
    assert val(d, caps + ".hash_name") == "hmac(sha1)" and rng(d, caps + ".hash_name") == (88, 99)
    assert val(d, caps + ".cipher_name") == "cbc(aes)" and rng(d, caps + ".cipher_name") == (99, 108)
    assert not d.errors


def test_lookup_and_reply():
    _, d = one("c", G.LOOKUP_REQUEST)
    c = "body.commands[0]"
    assert val(d, c + ".header.ext") == 5 and val(d, c + ".header.start") == 0x2A
    assert val(d, c + ".body.path") == "/dir" and rng(d, c + ".body.path") == (80, 85)
    _, d = one("s", G.LOOKUP_REPLY)
    assert val(d, "body.info.mode") == 0o40755 and val(d, "body.info.ino") == 0x2A
    assert rng(d, "body.info") == (40, 104) and rng(d, "body.info.size") == (88, 96)
    assert val(d, "body.name") == "dir" and not d.errors


def test_readdir_and_reply():
    _, d = one("c", G.READDIR_REQUEST)
    assert get(d, "body.commands[0].header.cmd").show == "NETFS_READDIR (1)"
    assert val(d, "body.commands[0].body.path") == "/dir"
    _, d = one("s", G.READDIR_REPLY)
    assert val(d, "body.info.ino") == 0x2C and val(d, "body.info.size") == 12
    assert val(d, "body.name") == "a.txt" and rng(d, "body.name") == (104, 110)


def test_trans_holding_create_open_write():
    m, d = one("c", G.CREATE_OPEN_WRITE_TRANS)
    assert m.length == 40 + 146 and val(d, "header.size") == 146 and not d.errors
    assert len(get(d, "body.commands").children) == 3
    assert [get(d, f"body.commands[{i}].header.cmd").show for i in range(3)] == [
        "NETFS_CREATE (4)",
        "NETFS_OPEN (9)",
        "NETFS_WRITE_PAGE (3)",
    ]
    assert val(d, "body.commands[0].header.ext") == 0o100644  # the staging code's CREATE: ext = mode
    assert val(d, "body.commands[0].body.path") == "/dir/new"
    assert rng(d, "body.commands[1]") == (89, 138)
    flags = "body.commands[1].header.ext"
    assert val(d, flags + ".o_creat") is True and get(d, flags + ".access_mode").value == 2  # O_RDWR
    assert val(d, "body.commands[1].body.path") == "/dir/new"
    assert val(d, "body.commands[2].body") == b"hello!!\n".hex() and rng(d, "body.commands[2].body") == (178, 186)


def test_create_as_the_seed_describes_it():
    _, d = one("c", G.CREATE_SEED_REQUEST)
    e = "body.commands[0].body.entries"
    assert val(d, e + "[0].mode") == 0o40755 and val(d, e + "[0].len") == 4 and val(d, e + "[0].name") == "sub"
    assert val(d, e + "[1].name") == "f.txt" and rng(d, e + "[1].name") == (100, 106)
    assert not d.errors


def test_read_pages_size_split_and_path_only():
    m, d = one("c", G.READ_PAGES_REQUEST)
    assert m.length == 86  # TRANS 40 + READ_PAGES header 40 + 6 path bytes, not 0x100c
    h = "body.commands[0].header"
    assert val(d, h + ".size.page_count") == 16 and val(d, h + ".size.page_shift") == 12
    assert rng(d, h + ".size") == (48, 52) and val(d, h + ".start") == 0x10000
    assert val(d, "body.commands[0].body.path") == "/file" and not d.errors


def test_bare_read_page_request_is_header_plus_path():
    m, d = one("c", G.READ_PAGE_REQUEST)
    assert m.name == "NETFS_READ_PAGE request" and m.length == 46
    assert val(d, "header.size") == 4102 and val(d, "body.path") == "/file" and not d.errors
    rep, d = one("s", G.READ_PAGE_REPLY)
    assert rep.length == 56 and val(d, "body") == bytes(range(16)).hex()  # in a reply size is a byte count


def test_rename_and_link_split_the_two_paths():
    _, d = one("c", G.RENAME_REQUEST)
    b = "body.commands[0].body"
    assert val(d, b + ".old_path") == "/dir/new" and rng(d, b + ".old_path") == (80, 88)
    assert val(d, b + ".separator") == 0x7C
    assert val(d, b + ".new_path") == "/dir/renamed" and rng(d, b + ".new_path") == (89, 102)
    _, d = one("c", G.LINK_REQUEST)
    assert val(d, b + ".old_path") == "/dir/ln" and val(d, b + ".new_path") == "/dir/renamed"
    assert val(d, "body.commands[0].header.start") == 1  # symlink


def test_inode_info_remove_page_cache():
    _, d = one("c", G.INODE_INFO_REQUEST)
    b = "body.commands[0].body"
    assert val(d, b + ".path") == "/dir/renamed" and val(d, b + ".info.ino") == 0x2B
    assert rng(d, b + ".info") == (93, 157) and val(d, b + ".info.size") == 8
    # netfs_inode_info.mode is st_mode: 0x81a4 = S_IFREG | 0644
    assert get(d, b + ".info.mode").show == "0o100644 (-rw-r--r--)"
    _, d = one("c", G.REMOVE_REQUEST)
    assert val(d, b + ".path") == "/dir/ln"
    m, d = one("s", G.PAGE_CACHE_NOTICE)
    assert m.name == "NETFS_PAGE_CACHE notice" and m.length == 40 and not m.expects_reply
    assert val(d, "header.start") == 0xFFF


def test_lock_request_and_reply():
    _, d = one("c", G.LOCK_REQUEST)
    lock = "body.commands[0].body.lock"
    assert val(d, lock + ".ino") == 0x2B and val(d, lock + ".size") == 4096
    assert val(d, lock + ".type.grab") is True and val(d, lock + ".type.write") is True
    assert rng(d, lock) == (93, 117)
    _, d = one("s", G.LOCK_REPLY)
    assert val(d, "header.ext") == 0 and val(d, "body.info.ino") == 0x2B


def test_lock_request_and_release_in_the_seeds_layout():
    """Seed 002 @NETFS_LOCK: id = lock generation, start/size = the locked range,
    ext = lock type with bit 15 set for a request (1) or clear for a release (0);
    nothing is attached, so two back-to-back LOCKs are 40 bytes each."""
    request = bytes.fromhex(
        "000f 0000 0000 8001 00100000 00000000 0000000000000007 0000000000001000 0000000000000000".replace(" ", "")
    )
    release = bytes.fromhex(
        "000f 0000 0000 0001 00100000 00000000 0000000000000007 0000000000001000 0000000000000000".replace(" ", "")
    )
    grab, drop = frame(("c", request + release))[:2]
    assert (grab.length, drop.length) == (40, 40) and grab.name == "NETFS_LOCK request"
    d = grab.decode()
    assert not d.errors
    assert val(d, "header.ext.grab") is True and val(d, "header.ext.write") is True
    assert rng(d, "header.ext") == (6, 8)
    assert (val(d, "header.size"), val(d, "header.id"), val(d, "header.start")) == (0x100000, 7, 0x1000)
    assert val(drop.decode(), "header.ext.grab") is False


def test_xattr_set_get():
    _, d = one("c", G.XATTR_SET_REQUEST)
    b = "body.commands[0].body"
    assert val(d, b + ".name") == "user.tag" and val(d, b + ".value") == b"hello".hex()
    assert rng(d, b + ".value") == (102, 107)
    _, d = one("c", G.XATTR_GET_REQUEST)
    assert val(d, b + ".name") == "user.tag" and val(d, "body.commands[0].header.start") == 64
    _, d = one("s", G.XATTR_GET_REPLY)
    assert val(d, "body") == b"hello".hex()


def test_digest_and_padding():
    _, d = one("c", G.CRYPTO_TRANS)
    assert rng(d, "digest") == (40, 60) and rng(d, "padding") == (109, 113)
    assert val(d, "body.commands[0].body.path") == "/dir/new" and not d.errors


# -- pairing -------------------------------------------------------------------------


def test_session_pairs_replies_with_their_transactions():
    msgs = frame(*G.SESSION)
    assert sum(m.length for m in msgs) == sum(len(b) for _, b in G.SESSION)
    by = {m.data: m for m in msgs}
    assert all(m.kind == "command" for m in msgs)
    assert by[G.CAPS_ROOT_REPLY].pair is by[G.CAPS_ROOT_REQUEST]
    assert by[G.CAPS_CRYPTO_REPLY].pair is by[G.CAPS_CRYPTO_REQUEST]
    assert by[G.LOOKUP_REPLY].pair is by[G.LOOKUP_REQUEST]
    assert by[G.READDIR_REPLY].pair is by[G.READDIR_REQUEST]
    assert by[G.TRANS_REPLY].pair is by[G.CREATE_OPEN_WRITE_TRANS]
    assert by[G.READ_PAGE_REPLY].pair is by[G.READ_PAGES_REQUEST]
    assert by[G.LOCK_REPLY].pair is by[G.LOCK_REQUEST]
    assert by[G.XATTR_GET_REPLY].pair is by[G.XATTR_GET_REQUEST]
    assert by[G.PAGE_CACHE_NOTICE].pair is None


def pipeline(sends, client=CLIENT, server=SERVER):
    return list(Pipeline().run(conversation_packets(sends, client, server)))


def test_whole_pipeline_on_port_40000_by_heuristic():
    msgs = pipeline(G.SESSION)
    assert {m.conversation.protocol.name for m in msgs} == {"POHMELFS"}
    assert len(msgs) == len(G.SESSION)
    first = msgs[0]
    assert first.direction == "c2s" and first.name == "NETFS_TRANS request: CAPABILITIES"
    reply = next(m for m in msgs if m.data == G.CAPS_ROOT_REPLY)
    assert reply.pair is first and reply.decode().find("nr_files").value == 16
    assert first.decode().summary.startswith("NETFS_TRANS request: CAPABILITIES id=0 start=1")


def test_default_port_1025():
    msgs = pipeline([("s", G.PAGE_CACHE_NOTICE)], server=("10.0.0.2", 1025))
    assert msgs[0].conversation.protocol.name == "POHMELFS" and msgs[0].direction == "s2c"


# -- heuristic -------------------------------------------------------------------------


def test_heuristic():
    reg, verdict = by_heuristic(G.CAPS_ROOT_REQUEST)
    assert reg.name == "POHMELFS" and verdict.sender_is_client and verdict.confidence < 100
    reg, verdict = by_heuristic(G.LOCK_REPLY)
    assert reg.name == "POHMELFS" and not verdict.sender_is_client
    nbd_request = bytes.fromhex("25609513 0000 0000 0000000000000001 0000000000000000 00001000")
    assert by_heuristic(nbd_request)[0] is nbd.REGISTRATION
    rpc_call = bytes.fromhex("80000028 00000001 00000000 00000002 000186a3 00000004 00000000") + bytes(40)
    found = by_heuristic(rpc_call)
    assert found is None or found[0].name != "POHMELFS"
    assert pohmelfs.heuristic(bytes(64)) is None
    assert pohmelfs.heuristic(G.CAPS_ROOT_REQUEST[:39]) is None
    bad_trans = bytearray(G.CAPS_ROOT_REQUEST)
    bad_trans[12:16] = b"\x12\x34\x56\x78"  # trans is always left 0
    assert pohmelfs.heuristic(bytes(bad_trans)) is None


# -- damage ------------------------------------------------------------------------------


def test_size_past_the_end_is_marked_and_kept():
    data = G.LOOKUP_REPLY[:-10]
    m, d = one("s", data)
    assert m.length == len(data) and m.problems and "more bytes expected" in m.problems[0].reason
    assert any("malformed" in e.reason or "truncated" in e.reason for e in d.errors)
    assert val(d, "header.size") == 68


def test_ext_longer_than_the_data():
    data = bytearray(G.REMOVE_REQUEST)
    data[46:48] = b"\x00\x40"  # inner REMOVE ext 64, size still 8
    m, d = one("c", bytes(data))
    assert m.length == len(data)
    assert d.errors and any("malformed" in e.reason for e in d.errors)


def test_trans_nested_past_the_depth_limit():
    inner = bytes.fromhex(
        "0009 0000 0000 0000 00000004 00000000 0000000000000001 0000000000000000 0000000000000000 2f7800 00".replace(
            " 2f7800 00", "2f780000"
        )
    )
    data = inner
    for gen in range(10, 0, -1):
        data = (
            bytes.fromhex("0008 0000 0000 0000")
            + struct.pack(">I", len(data))
            + bytes(4)
            + bytes(8)
            + struct.pack(">Q", gen)
            + bytes(8)
            + data
        )
    m, d = one("c", data)
    assert m.length == len(data) == 10 * 40 + 44
    deep = [f for f in d.walk() if f.name == "too_deep"]
    assert len(deep) == 1 and (deep[0].start, deep[0].end) == (8 * 40 + 40, len(data))
    assert any("nested deeper than 8" in e.reason for e in d.errors)


def test_junk_then_resync():
    junk = bytes.fromhex("ffeeddccbbaa99887766554433221100") * 3
    msgs = frame(("s", junk + G.LOCK_REPLY + G.XATTR_GET_REPLY))
    assert msgs[0].kind == "undecoded" and msgs[0].length == len(junk)
    assert "not a POHMELFS command" in msgs[0].decode().errors[0].reason
    assert [m.name for m in msgs[1:]] == ["NETFS_LOCK reply", "NETFS_XATTR_GET reply"]


def test_oversized_size_frames_the_header_alone():
    data = bytearray(G.TRANS_REPLY)
    data[8:12] = b"\x7f\xff\xff\xff"
    msgs = frame(("s", bytes(data) + G.LOCK_REPLY))
    assert msgs[0].length == 40 and "implausible" in msgs[0].problems[0].reason
    assert msgs[0].decode().errors
    assert msgs[1].name == "NETFS_LOCK reply"


@pytest.mark.parametrize("cut", [1, 39, 40, 41, 79, 85])
def test_every_truncation_keeps_every_byte(cut):
    data = G.READ_PAGES_REQUEST[:cut]
    msgs = frame(("c", data))
    assert sum(m.length for m in msgs) == cut
    for m in msgs:
        m.decode()


def test_resync_skips_long_zero_runs_and_filled_gaps():
    """Page data is often all zeros, and a lost segment is kept as zero placeholders:
    the next header (here a LOCK reply) is still found right after them."""
    framer = pohmelfs.PohmelfsFramer(Conv())
    zeros = bytes(1024 * 1024)
    out = framer.feed("s2c", StreamData(0, b"\xff" * 8 + zeros, 1))  # junk: no header at 0
    out += framer.feed("s2c", StreamGap(8 + len(zeros), 512 * 1024, "lost", None))
    at = 8 + len(zeros) + 512 * 1024
    out += framer.feed("s2c", StreamData(at, G.LOCK_REPLY, 2))
    out += framer.feed("s2c", StreamEnd(at + len(G.LOCK_REPLY), "end of test"))
    out += framer.finish()
    *undecoded, reply = out
    assert {m.kind for m in undecoded} == {"undecoded"} and sum(m.length for m in undecoded) == at
    assert reply.name == "NETFS_LOCK reply" and reply.offset == at
