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

from pathlib import Path

import pytest

from hexview.pipeline import Pipeline
from hexview.readers import open_input

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "001_f4e055c7449f39c2.txt"


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
