"""NFSv4 captures: every message decodes, the large READ reply is one message, and the
tcpdump text forms decode like the pcaps.

Field-by-field agreement with tshark (every field it decodes, at its bytes) is
tests/test_nfs4_vs_tshark.py; here ``.tshark.json`` (tshark -T json, nfs and rpc layers)
gives the large READ's data bytes. The JSON is read as ordered pairs because tshark
repeats keys.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hexview.pipeline import Pipeline
from hexview.protocols.rpc.nfs import nfs  # noqa: F401  (fills the RPC program table)
from hexview.readers import open_input
from shared_paths import CAPTURES

NFS_DIR = CAPTURES / "nfs"
CAPTURE_NAMES = sorted(p.name[: -len(".pcap")] for p in NFS_DIR.glob("*.pcap")) if NFS_DIR.is_dir() else []
_CACHE: dict[str, list] = {}


def messages_of(capture: str) -> list:
    if capture not in _CACHE:
        _CACHE[capture] = list(Pipeline().run(open_input(str(NFS_DIR / f"{capture}.pcap"))))
    return _CACHE[capture]


def _flat(pairs, out):
    for key, value in pairs:
        if isinstance(value, list) and value and isinstance(value[0], tuple):
            _flat(value, out)
        elif not (isinstance(value, list) and not value):
            out.append((key, value))
    return out


def tshark_records(capture: str) -> dict[tuple[int, int, int], tuple[dict, list]]:
    """(frame, xid, msg_type) -> (rpc layer as a dict, nfs layer as ordered (key, value) pairs)."""
    packets = json.loads((NFS_DIR / f"{capture}.tshark.json").read_text(), object_pairs_hook=lambda p: p)
    out = {}
    for packet in packets:
        layers = dict(packet)["_source"][0][1]
        frame = int(dict(dict(layers)["frame"])["frame.number"])
        rpcs = [v for k, v in layers if k == "rpc"]
        nfss = [v for k, v in layers if k == "nfs"]
        for i, rpc in enumerate(rpcs):
            rpc_flat = dict(_flat(rpc, []))
            if "rpc.xid" not in rpc_flat:
                continue
            key = (frame, int(rpc_flat["rpc.xid"], 16), int(rpc_flat["rpc.msgtyp"]))
            out[key] = (rpc_flat, _flat(nfss[i], []) if i < len(nfss) else [])
    return out


@pytest.mark.shared
@pytest.mark.parametrize("capture", CAPTURE_NAMES)
def test_capture_decodes_completely(capture):
    if not NFS_DIR.is_dir():
        pytest.skip("../shared/captures is not beside the checkout")
    messages = messages_of(capture)
    assert messages
    for m in messages:
        assert m.conversation.protocol.name == "NFS"
        d = m.decode()
        assert not d.errors, (m.frames, m.name, d.errors)
        assert d.find("xid") is not None
        if m.kind == "reply":
            assert m.pair is not None, m.frames


@pytest.mark.shared
def test_large_read_reply_is_one_message():
    """nfs-v40-libnfs: the 300 000-byte READ reply spans many TCP segments, one RPC record."""
    capture = "nfs-v40-libnfs-ls-cp-cat"
    if capture not in CAPTURE_NAMES:
        pytest.skip("capture not available")
    replies = [
        m
        for m in messages_of(capture)
        if m.kind == "reply"
        and (r := m.decode().find("data")) is not None
        and len(r.children) > 1
        and next(c for c in r.children if c.name == "length").value == 300000
    ]
    assert len(replies) == 1
    m = replies[0]
    assert len(m.frames) > 2
    d = m.decode()
    data = d.find("data")
    payload = next(c for c in data.children if c.name == "data")
    assert payload.end - payload.start == 300000
    records = tshark_records(capture)
    rpc, nfs_pairs = records[(max(m.frames), m.params["xid"], 1)]
    want = bytes.fromhex(next(v for k, v in nfs_pairs if k == "nfs.data").replace(":", ""))
    assert m.data[payload.start : payload.end] == want
    assert m.length == m.decode().fields[-1].end  # nothing undecoded after the results


def _digest(path: Path) -> list:
    return [(m.name, m.direction, m.length, m.decode().summary) for m in Pipeline().run(open_input(str(path)))]


@pytest.mark.shared
@pytest.mark.parametrize("capture", CAPTURE_NAMES)
def test_tcpdump_text_forms_decode_like_the_pcap(capture):
    want = _digest(NFS_DIR / f"{capture}.pcap")
    for form in ("x", "X"):
        assert _digest(NFS_DIR / f"{capture}.{form}.txt") == want, form
