"""Seed 001 (GlusterFS 7.7 notes, tcpdump -Xnpls0 dumps pasted into prose, damaged)
read as input, end to end: what the author wrote down must come out.

The author's notes: LOOKUP call "00be是msg的xid", "001b就是GFS3_OP_LOOKUP, 0013 d005
就是GLUSTER_FOP_PROGRAM", version 0x190 = 400, the two gfids and entry name "test3";
the PING call with GLUSTER_DUMP_PROGRAM 0x075bb86d, version 1, GF_DUMP_PING 2; the
INODELK and RELEASE replies (xid 0x277, 0x278) on a brick connection whose calls are
not in the dump. The gfid order follows the XDR (gfx_lookup_req: gfid, then
pargfid), not the seed's annotation "parent, then test3" (see docs/gluster.md).
"""

from __future__ import annotations

import pytest

from hexview.pipeline import Pipeline
from hexview.readers import open_input
from shared_paths import SEEDS

SEED = SEEDS / "001_f4e055c7449f39c2.txt"


@pytest.fixture(scope="module")
def messages():
    if not SEED.exists():
        pytest.skip("../shared is not beside the checkout")
    return list(Pipeline().run(open_input(str(SEED))))


def value(message, name):
    f = message.decode().find(name)
    assert f is not None, (message.name, name)
    return f.value


def test_lookup_call_matches_the_authors_notes(messages):
    lookup = next(m for m in messages if m.name == "GlusterFS LOOKUP call")
    assert value(lookup, "xid") == 0xBE
    assert (value(lookup, "prog"), value(lookup, "vers"), value(lookup, "proc")) == (1298437, 400, 27)
    assert value(lookup, "flavor") == 390040  # AUTH_GLUSTERFS_v3
    assert value(lookup, "pid") == 0x1ED24
    assert lookup.decode().find("gfid").show == "65c2cb63-a76a-4fb5-9a12-3e4ed4bb909a"
    assert lookup.decode().find("pargfid").show == "393e045a-00e1-4167-bf11-efb13b81bc07"
    assert "test3" in lookup.decode().find("bname").children[1].show
    # the dump shows 0xc4 bytes of a 656-byte segment: the rest is marked, not guessed
    assert any(e.reason.startswith("not captured") for e in lookup.decode().errors)


def test_ping_call(messages):
    ping = next(m for m in messages if m.name == "GF-DUMP PING call")
    assert value(ping, "xid") == 0x2EA
    assert (value(ping, "prog"), value(ping, "vers"), value(ping, "proc")) == (123451501, 1, 2)
    # rows 0x0050 and 0x0060 each lost a group in the paste: reported, not shifted
    assert [s.reason.split(":")[0] for s in ping.missing] == ["line 1060", "line 1061"]


def test_replies_whose_calls_are_not_in_the_dump(messages):
    replies = [m for m in messages if m.kind == "reply" and m.pair is None]
    assert [value(m, "xid") for m in replies][:2] == [0x277, 0x278]
    for reply in replies[:2]:
        assert reply.decode().find("accept_stat").show == "SUCCESS (0)"
        assert any("its call is not in the capture" in e.reason for e in reply.decode().errors)


def test_damaged_calls_are_kept_and_marked(messages):
    """The FXATTROP/READ/WRITE dumps are garbled (program printed as 0012 0005, rows
    lost): their bytes stay visible with the damage reported."""
    damaged = [m for m in messages if m.kind == "call" and m.decode().errors and m.name.startswith("RPC program")]
    assert damaged
    for m in damaged:
        reasons = [e.reason for e in m.decode().errors]
        assert any(r.startswith(("not captured", "malformed", "undecoded")) for r in reasons)


def test_fxattrop_call_rebuilt_from_its_header_line(messages):
    """Section "0022: GFS3_OP_FXATTROP": the dump's IP header lost a digit ('c08'), so
    the segment is placed by its header line (seq 1716:2056, 340 bytes); its
    credential's lk_owner length is garbled, yet the XDR lengths still say where the
    arguments start. The author's notes: fop 0x22, trusted.ec.dirty +1 for metadata,
    trusted.ec.config and get-size asked for. The dump itself prints xid 0x210
    where the author wrote 02f0: the bytes are shown as they are."""
    call = next(m for m in messages if m.name == "GlusterFS FXATTROP call")
    tree = call.decode()
    assert call.frames == (3,)
    assert call.offset == 1716 - 188  # both seq numbers relative, from the header lines
    assert (value(call, "proc"), value(call, "xid")) == (34, 0x210)
    assert any(e.reason.startswith("malformed lk_owner") for e in tree.errors)
    args = tree.find("args")
    keys = [f.value for f in args.walk() if f.name == "key"]
    assert keys[:2] == ["trusted.ec.dirty", "trusted.ec.config"]
    assert next(f.value for f in args.walk() if f.name == "metadata_dirty") == 1
    # row 0x0080 lost the gfid's first groups; the rest is the author's gfid
    # 212e4eb0-8003-424e-b490-1502a76541d0 (written down under WRITE)
    assert "-8003-424e-b490-1502" in next(f.show for f in args.walk() if f.name == "gfid")


def test_write_call_keeps_its_bytes_where_its_header_line_puts_them(messages):
    """Section "000d: GFS3_OP_WRITE": the rows follow a broken header copy (one endpoint)
    but carry line 1217's 716-byte segment (seq 2236:2952). Its record mark and program
    word are garbled (0x00000228, 0x00120005), so nothing is decoded from it; its bytes
    sit at their stream offset with the capture's cut (588 of 716 bytes) marked."""
    write = [m for m in messages if 5 in m.frames]
    assert write and min(m.offset for m in write) <= 2236 - 188
    assert max(m.offset + len(m.data) for m in write) == 2952 - 188
    reasons = [s.reason for m in write for s in m.decode().errors]
    assert "not captured: frame 5: 588 of 716 bytes captured (snaplen)" in reasons
