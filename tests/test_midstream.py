"""Captures that start in the middle of a conversation: no SYN, no handshake, the
first bytes in the middle of a message. hexview must tell client from server by the
protocol's magics, keep the leading fragment visible as undecoded, and resynchronise
on the next magic."""

from __future__ import annotations

from pathlib import Path

import pytest

from hexview.pipeline import Pipeline
from hexview.readers import open_input
from shared_paths import CAPTURES

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.shared
def test_nbd_capture_cut_inside_an_option_resynchronises():
    path = CAPTURES / "nbd" / "nbd-qemu-nbd-qemu-io.pcap"
    if not path.exists():
        pytest.skip("../shared is not beside the checkout")
    packets = list(open_input(str(path)))
    # qemu-img's NBD_OPT_SET_META_CONTEXT (48 bytes) spans frames 11 and 12: start at 12.
    messages = list(Pipeline().run(packets[11:]))
    conv = messages[0].conversation
    assert conv.label() == "127.0.0.1:45016 -> 127.0.0.1:10809"  # server found by its magics
    c2s = [m for m in messages if m.conversation is conv and m.direction == "c2s"]
    head = c2s[0]
    assert head.kind == "undecoded" and head.length == 48 - 16 and head.frames == (12,)
    assert head.decode().errors[0].reason.startswith("undecoded")
    assert c2s[1].name == "NBD_OPT_GO" and c2s[1].offset == 32
    s2c = [m for m in messages if m.conversation is conv and m.direction == "s2c"]
    assert s2c[0].name == "NBD_REP_META_CONTEXT (NBD_OPT_SET_META_CONTEXT)"
    assert s2c[0].pair is None  # its request was cut off
    decoded_after = [m for m in messages[3:] if m.kind != "undecoded"]
    assert all(not [e for e in m.decode().errors if "malformed" in e.reason] for m in decoded_after)


def test_gluster_midstream_capture_keeps_every_byte():
    """gluster-tiny-brick-midstream starts mid-connection (no SYN, no handshake). The
    brick port is not 24007, so the GlusterFS heuristic (a call to a Gluster program)
    claims the stream; every message is an RPC record with its header decoded, and
    the records tile each direction's bytes with no gap."""
    messages = list(Pipeline().run(open_input(str(DATA / "gluster-tiny-brick-midstream.pcap"))))
    assert messages
    for m in messages:
        assert m.conversation.protocol.name == "GlusterFS"
        assert m.kind in ("call", "reply")
        d = m.decode()
        assert d.find("xid").value == m.params["xid"]
        assert d.find("msg_type") is not None
        assert (d.find("prog") is not None) == (m.kind == "call")
        assert m.kind == "call" or d.find("accept_stat") is not None
    per_direction: dict = {}
    for m in messages:
        key = (m.conversation.index, m.direction)
        assert m.offset == per_direction.get(key, 0)
        per_direction[key] = m.offset + m.length
