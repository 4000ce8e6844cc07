"""NFSv4 captures: every message decodes, and what tshark 4.0 decodes agrees field by field.

Ground truth is ``.tshark.json`` (tshark -T json, nfs and rpc layers). Per RPC
record tshark decoded: xid, program, version, procedure, reply/accept status; and in
the NFS layer, in wire order: opcodes (``nfs.opcode``), nfsstat4 values (the
COMPOUND's, then each operation's), stateids (``nfs.stateid``), file names
(``nfs.pathname.component``), offsets and counts (``nfs.offset4``, ``nfs.count4``),
tags, file handles, session ids, client ids, READDIR entry names, OPEN's share_access
(the access bits and the WANT_* value apart, as tshark splits them) and share_deny, and
the common attributes (size, fileid, numlinks, mode, owner, owner_group). The JSON is read as
ordered pairs because tshark repeats keys. Where tshark names a field differently
from the RFC (COPY's ca_count is ``nfs.length4``) the test says so.
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

# our field names for tshark's: component4 names, offsets, counts (operation bodies only)
NAME_FIELDS = {"objname", "newname", "oldname", "target", "file"}
OFFSET_FIELDS = {"offset", "src_offset", "dst_offset"}
COUNT_FIELDS = {"count"}


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


FH_FIELDS = {"object", "fh", "filehandle"}
ATTR_FIELDS = {"size": "nfs.fattr4.size", "fileid": "nfs.fattr4.fileid", "numlinks": "nfs.fattr4.numlinks", "mode": "nfs.mode"}
STRING_ATTRS = {"owner": "nfs.fattr4_owner", "owner_group": "nfs.fattr4_owner_group"}


def _text(field):
    return next(c.value for c in field.children if c.name == "value")


def ours(message) -> dict:
    """What hexview decoded, in the shape of tshark's fields (see ``theirs``)."""
    d = message.decode()
    out = {
        k: []
        for k in (
            "opcodes",
            "status",
            "stateids",
            "names",
            "offsets",
            "counts",
            "tags",
            "fhs",
            "sessions",
            "clientids",
            "entries",
            "share_access",
            "wants",
            "share_deny",
            *ATTR_FIELDS,
            *STRING_ATTRS,
        )
    }
    body = next((f for f in d.fields if f.name in ("args", "results")), None)
    if body is None:
        return out
    opcode = None

    def visit(f, parent):
        nonlocal opcode
        base = f.name.split("[", 1)[0]
        if base in ("argop", "resop"):
            out["opcodes"].append(f.value)
            opcode = f.value
        elif base == "status" and isinstance(f.value, int) and f.end - f.start == 4:
            out["status"].append(f.value)
        elif [c.name for c in f.children] == ["seqid", "other"]:
            out["stateids"].append((f.children[0].value, f.children[1].value))
        elif base in NAME_FIELDS and f.children:
            out["names"].append(_text(f))
        elif base in OFFSET_FIELDS and isinstance(f.value, int):
            out["offsets"].append(f.value)
        elif base in COUNT_FIELDS and isinstance(f.value, int) and opcode != 60:  # tshark: COPY's ca_count is nfs.length4
            out["counts"].append(f.value)
        elif base == "tag":
            out["tags"].append(_text(f))
        elif (base in FH_FIELDS or base == "fh_list") and f.children and f.children[0].name == "length":
            out["fhs"].append(next(c.value for c in f.children if c.name == "data"))
        elif base == "sessionid":
            out["sessions"].append(f.value)
        elif base == "clientid":
            out["clientids"].append(f.value)
        elif base == "share_access":  # tshark: the access bits, and the WANT_* value (if any) apart
            bits = {c.name: c.value for c in f.children}
            out["share_access"].append(bits["access"])
            if bits["want"]:
                out["wants"].append(bits["want"] << 8)
            assert f.value == bits["access"] | bits["want"] << 8  # no other bit set in these captures
        elif base == "share_deny":
            out["share_deny"].append(f.value)
        elif base == "name" and parent == "entries":
            out["entries"].append(_text(f))
        elif parent == "attr_vals" and base in ATTR_FIELDS:
            out[base].append(f.value)
        elif parent == "attr_vals" and base in STRING_ATTRS:
            out[base].append(_text(f))
        for c in f.children:
            visit(c, base)

    visit(body, None)
    return out


def theirs(nfs_pairs: list) -> dict:
    """tshark's nfs layer, in wire order, under the names ``ours`` uses."""
    get = lambda key: [v for k, v in nfs_pairs if k == key]  # noqa: E731
    out = {
        "opcodes": [int(v) for v in get("nfs.opcode")],
        "status": [int(v) for v in get("nfs.nfsstat4")],
        "stateids": _stateids(nfs_pairs),
        "names": get("nfs.pathname.component"),
        "offsets": [int(v) for v in get("nfs.offset4")],
        "counts": [int(v) for v in get("nfs.count4")],
        "tags": get("nfs.tag"),
        "fhs": [v.replace(":", "") for v in get("nfs.fhandle")],
        "sessions": [v.replace(":", "") for v in get("nfs.session_id4")],
        "clientids": [int(v, 16) for v in get("nfs.clientid")],
        "entries": get("nfs.entry_name"),
        "share_access": [int(v) for v in get("nfs.open4.share_access")],
        "wants": [int(v, 16) for v in get("nfs.want")],
        "share_deny": [int(v) for v in get("nfs.open4.share_deny")],
    }
    out.update({ours_name: [int(v) for v in get(key)] for ours_name, key in ATTR_FIELDS.items()})
    out.update({ours_name: get(key) for ours_name, key in STRING_ATTRS.items()})
    return out


def _stateids(nfs_pairs: list) -> list:
    """Every ``nfs.stateid`` (16 bytes: seqid, other) -- also CLOSE's, which tshark shows without seqid/other."""
    raws = [v.replace(":", "") for k, v in nfs_pairs if k == "nfs.stateid"]
    return [(int(raw[:8], 16), raw[8:]) for raw in raws]


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
@pytest.mark.parametrize("capture", CAPTURE_NAMES)
def test_capture_matches_tshark(capture):
    if not NFS_DIR.is_dir():
        pytest.skip("../shared/captures is not beside the checkout")
    by_key = {}
    for m in messages_of(capture):
        d = m.decode()
        xid, msg_type = d.find("xid").value, int(d.find("msg_type").value)
        by_key[(max(m.frames), xid, msg_type)] = m
    records = tshark_records(capture)
    assert records
    missing = sorted(set(records) - set(by_key))
    assert not missing, missing[:5]
    compared = 0
    for key, (rpc, nfs_pairs) in records.items():
        m = by_key[key]
        call = m if m.kind == "call" else m.pair
        if "rpc.program" in rpc:
            assert (call.params["prog"], call.params["vers"], call.params["proc"]) == (
                int(rpc["rpc.program"]),
                int(rpc["rpc.programversion"]),
                int(rpc["rpc.procedure"]),
            ), key
        if key[2] == 1:
            d = m.decode()
            assert int(d.find("reply_stat").value) == int(rpc["rpc.replystat"])
            assert int(d.find("accept_stat").value) == int(rpc["rpc.state_accept"])
        if nfs_pairs:
            assert ours(m) == theirs(nfs_pairs), (key, m.name)
            compared += 1
    assert compared > 20


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
