"""Bytes that were not captured are one ``not_captured`` node each; nothing is decoded
from the placeholders that stand in for them.

Golden values come from the inputs themselves, never from hexview: seed 001's hex rows
(its LOOKUP dump stops at IP offset 0xd0 of a 656-byte segment; its PING dump lost a
group in rows 0x0050 and 0x0060; its sixth segment is a lost one of 1444 bytes), and
the record headers of two snaplen captures, read here with ``struct``: the bytes a
frame lost are its original length less its captured length. One capture is the
shared nbd-snaplen96-nbdsh, the other tests/data's editcap cut of a GlusterFS capture
(tests/data/README.md).
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from hexview.pipeline import Pipeline
from hexview.readers import open_input
from hexview.tcp.stream_events import StreamData, StreamEnd
from shared_paths import CAPTURES, SEEDS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEED = SEEDS / "001_f4e055c7449f39c2.txt"
NBD_SNAPLEN = CAPTURES / "nbd" / "nbd-snaplen96-nbdsh.pcap"
GLUSTER_SNAPLEN = DATA / "gluster-fuse-plain-fileops-snaplen200.pcap"
HEXVIEW = [sys.executable, "-m", "hexview.cli"]


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path.name} is not beside the checkout")
    return path


def messages_of(path: Path) -> list:
    return list(Pipeline().run(open_input(str(path))))


def gaps_of(message) -> list[tuple[int, int]]:
    """The message's missing spans, touching ones merged (the bytes it lacks)."""
    merged: list[list[int]] = []
    for s in sorted(message.missing, key=lambda s: s.start):
        if merged and s.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], s.end)
        else:
            merged.append([s.start, s.end])
    return [(a, b) for a, b in merged]


def walk(fields):
    """Every field of a tree of dicts (--json) or Field objects, depth first."""
    stack = list(reversed(fields))
    while stack:
        f = stack.pop()
        yield f
        stack.extend(reversed(_children(f)))


def _children(f):
    return f.get("children", []) if isinstance(f, dict) else f.children


def _at(f, key):
    return f[key] if isinstance(f, dict) else getattr(f, key)


def assert_nothing_invented(fields, gaps: list[tuple[int, int]], length: int) -> None:
    """Each gap is exactly one ``not_captured`` node whose show is its byte count; any
    other node lies within the captured bytes, save the gap nodes it holds."""
    nodes = [(_at(f, "start"), _at(f, "end"), _at(f, "show")) for f in walk(fields) if _at(f, "name") == "not_captured"]
    spanning = [(start, end) for start, end, _show in nodes if end > start]
    assert sorted(spanning) == gaps, (spanning, gaps)
    for start, end, show in nodes:
        if end > start:
            assert show == f"{end - start} byte{'s' if end - start != 1 else ''}"
    for f in walk(fields):
        if _at(f, "name") == "not_captured":
            continue
        start, end = _at(f, "start"), _at(f, "end")
        assert 0 <= start <= end <= length, (_at(f, "name"), start, end)
        held = [(_at(c, "start"), _at(c, "end")) for c in walk(_children(f)) if _at(c, "name") == "not_captured"]
        for g0, g1 in gaps:
            if g0 < end and g1 > start:  # a gap inside a node: only as a gap node it holds
                assert (g0, g1) in held, (_at(f, "name"), start, end, (g0, g1))


def pcap_frames(path: Path) -> list[tuple[int, int, bytes]]:
    """(captured length, original length, bytes) of every record of a classic pcap."""
    raw = path.read_bytes()
    magic = raw[:4]
    order = "<" if magic == b"\xd4\xc3\xb2\xa1" else ">"
    frames = []
    at = 24
    while at + 16 <= len(raw):
        _sec, _usec, caplen, origlen = struct.unpack_from(order + "IIII", raw, at)
        frames.append((caplen, origlen, raw[at + 16 : at + 16 + caplen]))
        at += 16 + caplen
    return frames


def lost_per_frame(path: Path) -> dict[int, int]:
    """Frame number -> TCP payload bytes the snaplen cut from it (Ethernet, IPv4)."""
    lost = {}
    for number, (caplen, origlen, data) in enumerate(pcap_frames(path), 1):
        if origlen > caplen and data[12:14] == b"\x08\x00" and data[23] == 6:
            lost[number] = origlen - caplen
    return lost


# -- seed 001 ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_messages():
    return messages_of(need(SEED))


def test_seed_lookup_shows_only_the_dumped_bytes(seed_messages):
    """The LOOKUP segment is 656 bytes (its header line); its rows stop at IP offset
    0xd0, 52 bytes of IP and TCP header before the payload: 156 payload bytes, the last
    row '0000 01f8 0000 000d 0000 000d 0000 0011' (xdr_size 504, count and pair count 13,
    the first key 17 bytes long). Past them one node of 500 bytes, no entry made up."""
    lookup = next(m for m in seed_messages if m.name == "GlusterFS LOOKUP call")
    tree = lookup.decode()
    assert gaps_of(lookup) == [(156, 656)]
    assert_nothing_invented(tree.fields, [(156, 656)], 656)
    xdata = tree.find("xdata")
    assert [(f.name, f.value, f.start, f.end) for f in xdata.children if not f.children] == [
        ("xdr_size", 504, 140, 144),
        ("count", 13, 144, 148),
        ("pair_count", 13, 148, 152),
    ]
    names = [f.name for f in tree.walk()]
    assert "pairs[0]" in names and "pairs[1]" not in names
    assert tree.find("key_length").value == 17
    assert [(f.name, f.show, f.start, f.end) for f in tree.fields[-1:]] == [("not_captured", "500 bytes", 156, 656)]
    assert all(f.end <= 156 for f in tree.walk() if f.name != "not_captured")


def test_seed_lost_segment_is_one_node(seed_messages):
    """The segment before the FXATTROP call was never in the dump (1444 bytes by the
    sequence numbers): its message is that one node, no RPC header read from zeros."""
    lost = next(m for m in seed_messages if m.length == 1444)
    tree = lost.decode()
    assert [(f.name, f.show, f.start, f.end, f.children) for f in tree.fields] == [("not_captured", "1444 bytes", 0, 1444, [])]


def test_seed_damaged_rows_cost_only_their_bytes(seed_messages):
    """The PING dump lost a group at the end of rows 0x0050 and 0x0060 (bytes 42-44 and
    58-60 of the message). No length or count is there, so the fields after them keep
    their place: row 0x0070 shows lk_owner's length 4 at IP offset 0x78 (message 68)."""
    ping = next(m for m in seed_messages if m.name == "GF-DUMP PING call")
    tree = ping.decode()
    assert gaps_of(ping) == [(42, 44), (58, 60)]
    assert_nothing_invented(tree.fields, [(42, 44), (58, 60)], 84)
    body = tree.find("body")
    parts = [(f.name, f.start, f.end) for f in body.children]
    assert parts[:4] == [("pid", 36, 40), ("uid", 40, 42), ("not_captured", 42, 44), ("gid", 44, 48)]
    assert tree.find("uid").show == "0000 (2 of 4 bytes captured)" and tree.find("uid").value is None
    lk_owner = tree.find("lk_owner")
    assert (lk_owner.children[0].name, lk_owner.children[0].value, lk_owner.children[0].start) == ("length", 4, 68)
    assert tree.find("verf").children[0].show == "AUTH_NONE (0)"


def test_seed_print_and_json_show_the_same_tree():
    """--print and --json say the same of the LOOKUP: the one node, no pairs[1]."""
    need(SEED)
    text = subprocess.run(HEXVIEW + ["--print", str(SEED)], capture_output=True, cwd=ROOT, timeout=120).stdout.decode()
    lookup_text = text.split("Message 2:")[0]
    assert "    not_captured: 500 bytes  [156-656]" in lookup_text.splitlines()
    assert "pairs[1]" not in lookup_text and "<not captured>" not in text
    out = subprocess.run(HEXVIEW + ["--json", str(SEED)], capture_output=True, cwd=ROOT, timeout=120).stdout.decode()
    lookup = json.loads(out.splitlines()[0])
    assert lookup["name"] == "GlusterFS LOOKUP call"
    assert_nothing_invented(lookup["fields"], [(156, 656)], 656)
    assert [f["name"] for f in walk(lookup["fields"]) if f["name"].startswith("pairs[")] == ["pairs[0]"]
    node = lookup["fields"][-1]
    shown = (node["name"], node["value"], node["show"], node["start"], node["end"])
    assert shown == ("not_captured", None, "500 bytes", 156, 656)


# -- snaplen captures -------------------------------------------------------------------


@pytest.mark.parametrize("capture", [NBD_SNAPLEN, GLUSTER_SNAPLEN], ids=["nbd-snaplen96", "gluster-snaplen200"])
def test_snaplen_capture_invents_nothing(capture):
    """Every message of a capture cut by its snaplen: each gap is one node, no other
    node reaches into one; a message carried by one frame alone lacks exactly what its
    record header says the frame lost, and all messages together lack what all frames
    lost."""
    lost = lost_per_frame(need(capture))
    assert lost  # the capture was cut
    messages = messages_of(capture)
    carriers = Counter(f for m in messages for f in m.frames)
    total = 0
    for m in messages:
        tree = m.decode()
        assert_nothing_invented(tree.fields, gaps_of(m), m.length)
        sizes = sorted(f.end - f.start for f in tree.walk() if f.name == "not_captured" and f.end > f.start)
        total += sum(sizes)
        if len(m.frames) == 1 and carriers[m.frames[0]] == 1:
            assert sizes == ([lost[m.frames[0]]] if m.frames[0] in lost else []), (m.index, m.name)
    assert total == sum(lost.values())


def test_snaplen_gluster_lookup_stops_at_the_cut():
    """A LOOKUP call of the cut capture: 134 payload bytes were kept (200 less 66 of
    Ethernet, IP and TCP with timestamps). Its xdata's count (5) was captured, its pair
    count only half: the tree stops there, and the rest is one node."""
    lookup = next(m for m in messages_of(need(GLUSTER_SNAPLEN)) if m.name == "GlusterFS LOOKUP call")
    tree = lookup.decode()
    caplen, origlen, _ = pcap_frames(GLUSTER_SNAPLEN)[lookup.frames[0] - 1]
    assert (caplen, origlen - caplen) == (200, lookup.length - 134)
    assert [(f.name, f.start, f.end) for f in tree.fields[-1:]] == [("not_captured", 134, lookup.length)]
    assert max(f.end for f in tree.walk() if f.name != "not_captured") == 134
    assert not any(f.name.startswith("pairs") for f in tree.walk())


def test_snaplen_context_name_is_what_was_captured():
    """nbd-snaplen96 cut the meta context reply after 'base:a' (nbdkit's log names the
    context base:allocation): the block status reply that names the context says
    'base:a…', not the name padded with the placeholders of the lost bytes."""
    messages = messages_of(need(NBD_SNAPLEN))
    status = next(m for m in messages if m.name.startswith("NBD_REPLY_TYPE_BLOCK_STATUS"))
    assert status.params["context_name"] == "base:a…"
    assert "\x00" not in status.decode().outcome.info


# -- the input ended inside a message ---------------------------------------------------


def test_input_ending_inside_a_message_is_one_node_with_the_count():
    """An NBD WRITE of 64 bytes whose stream ends after 20 of them: 44 bytes were never
    captured, one zero-width node at the end says so; the 20 bytes stay shown."""
    from hexview.protocols.nbd import NbdFramer
    from test_nbd_framing import conversation

    conv = conversation()
    framer = NbdFramer(conv)
    header = bytes.fromhex("25609513 0000 0001 0000000000000007 0000000000000000 00000040".replace(" ", ""))
    messages = framer.feed("c2s", StreamData(0, header + b"\x11" * 20, 1))
    messages += framer.feed("c2s", StreamEnd(48, "FIN"))
    messages += framer.finish()
    (write,) = messages
    tree = write.decode()
    last = tree.fields[-1]
    expected = ("not_captured", "44 bytes expected after the last one captured", 48, 48)
    assert (last.name, last.show, last.start, last.end) == expected
    data = tree.find("data")
    assert (data.start, data.end) == (28, 48)


# -- the interactive view ---------------------------------------------------------------


def test_view_shows_the_same_nodes():
    """In a terminal: the LOOKUP's last byte is in its one node (no pairs[1] above it);
    the PING's byte 42 is in the node of its lost group, after uid's captured half; the
    lost segment's message is that one node, no RPC header read from zeros."""
    pytest.importorskip("pexpect")
    pytest.importorskip("pyte")
    from test_tui_terminal import HEXVIEW as VIEW
    from test_tui_terminal import Terminal

    if not VIEW.exists():
        pytest.skip("no .venv/bin/hexview")
    term = Terminal(str(VIEW), [str(need(SEED))])
    try:
        term.wait_for(lambda t: "msg 1/1" in t and "fragment_header" in t, "the LOOKUP")
        term.child.send("\t\t\x1b[F")  # to the bytes, then end: the message's last byte
        # the field over the last byte is 500 bytes long: the one node (the old tree had a
        # 4-byte 'type' of a made-up pairs[12] there); the tree may scroll it a row short
        text = term.wait_for(lambda t: "byte 0x28f (655) · 500 selected" in t, "the LOOKUP's last byte chosen")
        assert "pairs[1]" not in text
        term.child.send("]")  # the next stream: the PING first
        term.wait_for(lambda t: "msg 1/5" in t and "GF-DUMP PING call" in term.ruler(), "the PING")
        term.child.send("jj" + "l" * 10)  # byte 0x2a (42)
        text = term.wait_for(lambda t: "byte 0x2a (42) · 2 selected" in t and "not_captured: 2 bytes [42-44]" in t, "byte 42")
        assert "uid: 0000 (2 of 4 bytes captured) [40-42]" in text
        term.child.send("\x0e")  # ctrl+n: the lost segment's message
        text = term.wait_for(lambda t: "msg 2/5" in t and "not_captured: 1444 bytes [0-1444]" in t, "the lost segment")
        assert "xid:" not in text and "msg_type:" not in text
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_filter_not_captured_finds_the_messages_with_gaps(seed_messages):
    """`-Y not_captured`: the messages whose bytes the dump lacks, and the one the input
    ended inside."""
    from hexview.analysis.filters import compile

    matched = [m.index for m in seed_messages if compile("not_captured").matches(m)]
    lacking = [m.index for m in seed_messages if m.missing or any("more bytes expected" in p.reason for p in m.problems)]
    assert matched == lacking and len(matched) == 7


def cut_to(path: Path, snaplen: int, out: Path) -> int:
    """``path`` as ``tcpdump -s SNAPLEN`` would have written it (what editcap -s does):
    each record's bytes cut to ``snaplen``, its original length kept; the frames cut."""
    raw = path.read_bytes()
    order = "<" if raw[:4] == b"\xd4\xc3\xb2\xa1" else ">"
    parts = [raw[:16] + struct.pack(order + "I", snaplen) + raw[20:24]]
    cut = 0
    for caplen, origlen, data in pcap_frames(path):
        keep = min(caplen, snaplen)
        cut += keep < caplen
        head = struct.pack(order + "IIII", 0, 0, keep, origlen)
        parts.append(head + data[:keep])
    out.write_bytes(b"".join(parts))
    return cut


def bundled_pcaps() -> list:
    found = [*sorted(DATA.glob("*.pcap")), *sorted((DATA / "demos").glob("*.pcap")), *sorted((DATA / "nfs3").glob("*.pcap"))]
    found += sorted((CAPTURES / "nfs").glob("*.pcap")) if CAPTURES.is_dir() else []
    return [pytest.param(p, id=p.stem) for p in found]


@pytest.mark.parametrize("capture", bundled_pcaps())
@pytest.mark.parametrize("snaplen", [80, 128])
def test_every_protocol_cut_by_a_snaplen_invents_nothing(tmp_path, capture, snaplen):
    """Every bundled capture -- NBD, GlusterFS, NFSv3 and its side programs, NFSv4,
    OCFS2, POHMELFS -- cut as a small snaplen would have cut it: no message of any
    protocol has a field over bytes not captured, each gap is one node."""
    cut = tmp_path / "cut.pcap"
    assert cut_to(capture, snaplen, cut)
    for m in messages_of(cut):
        assert_nothing_invented(m.decode().fields, gaps_of(m), m.length)
