"""The NFSv3-family captures against tshark, every field at the same bytes with the same value.

Ground truth: ``tests/data/nfs3/NAME.tshark-fields.json``, made from tshark's ``-T json
-x`` decode by ``tools/tshark_fields.py`` (the command is in the README there and in
each file), compared by ``tshark_compare`` (which says how records and offsets map onto
hexview's messages): the rpc layer and the program layers after it (nfs, mount,
portmap, nlm, stat, nfsacl). What cannot agree is listed below: fields tshark shows
without bytes of their own (``NO_BYTES``), values tshark computes from the bytes
instead of reading them (``DERIVED``), bodies tshark leaves undecoded
(``UNDECODED_BY_TSHARK``: hexview's body must cover them exactly) and records hexview
does not read (``NOT_READ``). Where the bytes prove tshark wrong the field is listed in
``DISAGREEMENTS`` (none so far).
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from hexview.messages import Message
from hexview.readers import open_input
from tshark_compare import RPC_NAMES, RPC_NO_BYTES, Rules, agrees, compare, digest, frame_messages, load_records, xid

DATA = Path(__file__).parent / "data" / "nfs3"
CAPTURES = sorted(p.name[: -len(".pcap")] for p in DATA.glob("*.pcap"))
LAYERS = ("rpc", "nfs", "mount", "portmap", "nlm", "stat", "nfsacl")
PROGRAMS = {100000: "portmap", 100003: "nfs", 100005: "mount", 100021: "nlm", 100024: "stat", 100227: "nfsacl"}


# Fields tshark shows without bytes of their own: it repeats the call's program, version
# and procedure in the reply and in the program layer, links the reply to its call's
# frame and time, and writes some labels as items.
NO_BYTES = {
    **RPC_NO_BYTES,
    "nfs.procedure_v3": "the procedure again, in the nfs layer",
    "mount.procedure_v1": "the procedure again, in the mount layer",
    "mount.procedure_v2": "the procedure again, in the mount layer",
    "mount.procedure_v3": "the procedure again, in the mount layer",
    "portmap.procedure_v2": "the procedure again, in the portmap layer",
    "portmap.procedure_v3": "the procedure again, in the portmap layer",
    "portmap.procedure_v4": "the procedure again, in the portmap layer",
    "nlm.procedure_v1": "the procedure again, in the nlm layer",
    "nlm.procedure_v4": "the procedure again, in the nlm layer",
    "stat.procedure_v1": "the procedure again, in the stat layer",
    "nfsacl.procedure_v3": "the procedure again, in the nfsacl layer",
    "Total ACL entries: 0": "a label after nfsacl.aclcnt (the array's own count word gets no field)",
    "Total default ACL entries: 0": "a label after nfsacl.dfaclcnt, likewise",
    "portmap.rpcb.addr": "only when empty: tshark gives a zero-length string item no bytes",
    "portmap.rpcb.owner": "only when empty: tshark gives a zero-length string item no bytes",
}

# Values tshark computes from the bytes instead of reading them: the bytes must still be
# one hexview field (checked), the value is not on the wire.
DERIVED = {
    "nfs.fh.hash": "tshark's CRC-32 of the file handle's bytes (a value to filter on, not a wire field)",
}

# Bodies tshark 4.0 shows as bytes without decoding them (``rpc.unknown_body``): rpcbind
# v3 and v4 SET, UNSET, UADDR2TADDR, TADDR2UADDR (calls and replies), GETTIME's reply,
# v4 GETVERSADDR, GETADDRLIST and GETSTAT's reply. hexview's args or results must cover
# exactly those bytes (their fields are checked against RFC 1833 in test_mount_rpcbind.py).
UNDECODED_BY_TSHARK = {"rpc.unknown_body": "rpcbind bodies tshark 4.0 does not decode"}

# tshark field -> the hexview field names it may be. A string's or an opaque's bytes are
# hexview's "value" or "data" under the named field; the bits tshark splits a word into
# are checked against the word (mode, access, properties, mask, perm).
NAMES = {
    **RPC_NAMES,
    "nfs.status": {"status"},
    "nfs.status3": {"status"},
    "nfs.fh.length": {"length"},
    "nfs.fhandle": {"data"},
    "nfs.name": {"value"},
    "nfs.symlink.to": {"value"},
    "nfs.readlink.data": {"value"},
    "nfs.data": {"data"},
    "nfs.offset3": {"offset"},
    "nfs.count3": {"count"},
    "nfs.count3_dircount": {"dircount"},
    "nfs.count3_maxcount": {"maxcount"},
    "nfs.attributes_follow": {"attributes_follow"},
    "nfs.handle_follow": {"handle_follows"},
    "nfs.fattr3.type": {"type"},
    "nfs.type": {"type"},
    "nfs.mode3": {"mode"},
    **{f"nfs.mode3.{bit}": {"mode"} for bit in ("suid", "sgid", "sticky", "rusr", "wusr", "xusr", "rgrp", "wgrp")},
    **{f"nfs.mode3.{bit}": {"mode"} for bit in ("xgrp", "roth", "woth", "xoth")},
    "nfs.fattr3.nlink": {"nlink"},
    "nfs.fattr3.uid": {"uid"},
    "nfs.fattr3.gid": {"gid"},
    "nfs.fattr3.size": {"size"},
    "nfs.fattr3.used": {"used"},
    "nfs.fattr3.fsid": {"fsid"},
    "nfs.fattr3.fileid": {"fileid"},
    "nfs.specdata1": {"specdata1"},
    "nfs.specdata2": {"specdata2"},
    "nfs.wcc_attr.size": {"size"},
    "nfs.atime": {"atime", "time"},
    "nfs.mtime": {"mtime", "time"},
    "nfs.ctime": {"ctime", "obj_ctime"},
    "nfs.dtime": {"time_delta"},
    **{f"nfs.{t}time.sec": {"seconds"} for t in "amcd"},
    **{f"nfs.{t}time.nsec": {"nseconds"} for t in "amcd"},
    "nfs.set_it": {"set_it"},
    "nfs.set_size": {"size"},
    "nfs.sattrguard3": {"check"},
    "nfs.createmode": {"mode"},
    "nfs.verifier": {"verf", "cookieverf"},
    "nfs.cookie3": {"cookie"},
    "nfs.readdir.eof": {"eof"},
    "nfs.read.eof": {"eof"},
    "nfs.readdir.entry3.fileid": {"fileid"},
    "nfs.readdir.entry3.name": {"value"},
    "nfs.readdir.entry3.cookie": {"cookie"},
    "nfs.readdirplus.entry.fileid": {"fileid"},
    "nfs.readdirplus.entry.name": {"value"},
    "nfs.readdirplus.entry.cookie": {"cookie"},
    "nfs.write.stable": {"stable"},
    "nfs.write.committed": {"committed"},
    "nfs.access_rights": {"access"},
    **{f"nfs.access_{bit}": {"access"} for bit in ("read", "lookup", "modify", "extend", "delete", "execute", "check")},
    "nfs.fsinfo.properties": {"properties"},
    **{f"nfs.fsinfo.properties.{bit}": {"properties"} for bit in ("hardlinks", "symlinks", "pathconf", "setattr")},
    **{f"nfs.fsinfo.{name}": {name} for name in ("rtmax", "rtpref", "rtmult", "wtmax", "wtpref", "wtmult", "dtpref")},
    "nfs.fsinfo.maxfilesize": {"maxfilesize"},
    **{f"nfs.fsstat3_resok.{name}": {name} for name in ("tbytes", "fbytes", "abytes", "tfiles", "ffiles", "afiles")},
    "nfs.fsstat.invarsec": {"invarsec"},
    "nfs.pathconf.linkmax": {"linkmax"},
    "nfs.pathconf.name_max": {"name_max"},
    **{f"nfs.pathconf.{name}": {name} for name in ("no_trunc", "chown_restricted", "case_insensitive", "case_preserving")},
    "mount.path": {"value"},
    "mount.status": {"fhs_status"},
    "mount.flavors": {"count"},
    "mount.flavor": {"flavors"},
    "mount.export.directory": {"value"},
    "portmap.prog": {"prog"},
    "portmap.version": {"vers"},
    "portmap.proto": {"prot"},
    "portmap.port": {"port"},
    "portmap.answer": {"success"},
    "portmap.rpcb.prog": {"prog"},
    "portmap.rpcb.version": {"vers"},
    "portmap.rpcb.netid": {"value"},
    "portmap.rpcb.addr": {"value"},
    "portmap.rpcb.owner": {"value"},
    "portmap.uaddr": {"value"},
    "nlm.cookie": {"data"},
    "nlm.block": {"block"},
    "nlm.exclusive": {"exclusive"},
    "nlm.reclaim": {"reclaim"},
    "nlm.state": {"state"},
    "nlm.stat": {"stat"},
    "nlm.test_stat.stat": {"stat"},
    "nlm.sequence": {"sequence"},
    "nlm.lock.caller_name": {"value"},
    "nlm.lock.owner": {"data"},
    "nlm.lock.svid": {"svid"},
    "nlm.lock.l_offset": {"l_offset"},
    "nlm.lock.l_len": {"l_len"},
    "nlm.lock.l_offset64": {"l_offset"},
    "nlm.lock.l_len64": {"l_len"},
    "nlm.share.name": {"value"},
    "nlm.share.mode": {"mode"},
    "nlm.share.access": {"access"},
    "stat.name": {"value"},
    "stat.mon_id.name": {"value"},
    "stat.my_id.hostname": {"value"},
    "stat.my_id.prog": {"my_prog"},
    "stat.my_id.vers": {"my_vers"},
    "stat.my_id.proc": {"my_proc"},
    "stat.priv": {"priv"},
    "stat.state": {"state"},
    "stat.stat_res.res": {"res_stat"},
    "stat.stat_res.state": {"state"},
    "nfsacl.mask": {"mask"},
    **{f"nfsacl.mask.{bit}": {"mask"} for bit in ("acl_entry", "acl_count", "default_acl_entry", "default_acl_count")},
    "nfsacl.aclcnt": {"aclcnt"},
    "nfsacl.dfaclcnt": {"dfaclcnt"},
    "nfsacl.aclent.type": {"type"},
    "nfsacl.aclent.uid": {"id"},
    "nfsacl.aclent.perm": {"perm"},
    **{f"nfsacl.aclent.perm.{bit}": {"perm"} for bit in ("read", "write", "exec")},
}

# records tshark decoded that hexview does not read: the capture's UDP packets (hexview
# reads TCP only): statd's portmap GETPORT of NLM over UDP and rpcbind's answers
NOT_READ = {("nlm4-nsm-locks-pyclient", frame): "UDP" for frame in (182, 183, 184, 185)}

# (capture, frame, tshark field, offset in the record) -> why tshark is wrong, with the bytes
DISAGREEMENTS: dict[tuple[str, int, str, int], str] = {}


RULES = Rules(
    names=NAMES,
    no_bytes=NO_BYTES,
    derived=DERIVED,
    undecoded=UNDECODED_BY_TSHARK,
    not_read=NOT_READ,
    disagreements=DISAGREEMENTS,
)


@cache
def tshark_records(capture: str) -> list[dict[str, Any]]:
    return load_records(DATA / f"{capture}.tshark-fields.json")


@cache
def messages(capture: str) -> dict[tuple[int, bytes], Message]:
    """(last frame, xid bytes) -> the message hexview framed."""
    return frame_messages(DATA / f"{capture}.pcap")


def _cases() -> list[Any]:
    cases = []
    for capture in CAPTURES:
        present = {row[0] for record in tshark_records(capture) for row in record["fields"]}
        for layer in LAYERS:
            if layer in present:
                cases.append(pytest.param(capture, layer, id=f"{capture}-{layer}"))
    return cases


@pytest.mark.parametrize(("capture", "layer"), _cases())
def test_every_tshark_field_is_decoded_at_the_same_bytes_with_the_same_value(capture: str, layer: str) -> None:
    problems, seen = compare(capture, tshark_records(capture), messages(capture), layer, RULES)
    assert problems == []
    assert seen > 0


def test_every_record_tshark_decoded_is_framed_by_hexview_or_listed() -> None:
    """Each RPC record tshark decoded is a hexview message (same xid, completed in the
    same frame), except the UDP ones; and the capture files hold every record."""
    for capture in CAPTURES:
        found = messages(capture)
        for record in tshark_records(capture):
            listed = (capture, record["frame"]) in NOT_READ
            assert ((record["frame"], xid(record)) in found) != listed, (capture, record["frame"])
            assert (record["record_at"] is None) == listed  # UDP records have no record mark
    assert len(tshark_records("nfs3-allprocs-pyclient")) == 112  # 56 calls, 56 replies (README)


def test_a_record_over_two_segments_maps_through_the_reassembled_record() -> None:
    """The 70000-byte WRITE call (frames 74+75) and READ reply (79+80), the only records
    tshark reassembled: its offsets are in the reassembled record (record mark at 0),
    and the 70000 data bytes are hexview's "data" field at the same place."""
    records = {r["frame"]: r for r in tshark_records("nfs3-allprocs-pyclient")}
    assert sorted(r["frame"] for r in records.values() if r["reassembled"]) == [75, 80]
    for frame, first in ((75, 74), (80, 79)):
        record = records[frame]
        assert record["record_at"] == 0
        message = messages("nfs3-allprocs-pyclient")[(frame, xid(record))]
        assert message.frames == (first, frame)
        row = next(row for row in record["fields"] if row[1] == "nfs.data")
        start = row[2]
        assert row[3] == 70000
        field = next(f for f in message.decode().walk() if (f.start, f.end) == (start, start + 70000) and f.name == "data")
        assert agrees(row, field, bytes(message.data[start : start + 70000]))


@pytest.mark.parametrize("program", sorted(PROGRAMS))
def test_no_message_of_the_nfs_family_has_an_unknown_procedure(program: int) -> None:
    seen = 0
    for capture in CAPTURES:
        for message in messages(capture).values():
            if message.params.get("prog") != program:
                continue
            seen += 1
            reasons = [e.reason for e in message.decode().errors if "is not known" in e.reason]
            assert reasons == [], (capture, message.frames, reasons)
    assert seen > 0


def test_the_fields_tool_keeps_each_fields_bytes_and_where_the_record_starts() -> None:
    """tools/tshark_fields.py on tshark -x JSON shaped like tshark 4.0's: a record in its
    frame (the record mark after the TCP header) and one reassembled (record mark at 0),
    a bitmask field, a field without bytes, and long bytes kept as a digest."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "tools"))
    try:
        import tshark_fields
    finally:
        sys.path.pop(0)
    data = "ab" * 65
    text = json.dumps(
        [
            {"_source": {"layers": {
                "frame": {"frame.number": "7"},
                "tcp_raw": ["00" * 32, 34, 32, 0, 1],
                "rpc": {
                    "Fragment header": {
                        "rpc.lastfrag_raw": ["1", 66, 4, 2147483648, 2], "rpc.lastfrag": "1",
                        "rpc.fraglen_raw": ["50", 66, 4, 2147483647, 7], "rpc.fraglen": "80",
                    },
                    "rpc.xid_raw": ["48580001", 70, 4, 0, 7], "rpc.xid": "0x48580001",
                },
                "nfs": {"nfs.procedure_v3": "0"},
            }}},
            {"_source": {"layers": {
                "frame": {"frame.number": "9"},
                "tcp_raw": ["00" * 32, 34, 32, 0, 1],
                "rpc": {"rpc.fraglen_raw": ["51", 0, 4, 2147483647, 7], "rpc.fraglen": "81"},
                "nfs": {"nfs.data_raw": [data, 84, 65, 0, 30], "nfs.data": ":".join(["ab"] * 65)},
            }}},
        ]
    )  # fmt: skip
    records = tshark_fields.records(json.loads(text, object_pairs_hook=lambda p: p))
    long_digest = digest(bytes.fromhex(data))
    assert records == [
        {
            "frame": 7,
            "reassembled": False,
            "record_at": 66,
            "fields": [
                ["rpc", "rpc.lastfrag", 66, 4, 2147483648, 2, "1", None],
                ["rpc", "rpc.fraglen", 66, 4, 2147483647, 7, "80", None],
                ["rpc", "rpc.xid", 70, 4, 0, 7, "0x48580001", "48580001"],
                ["nfs", "nfs.procedure_v3", None, None, None, None, "0", None],
            ],
        },
        {
            "frame": 9,
            "reassembled": True,
            "record_at": 0,
            "fields": [
                ["rpc", "rpc.fraglen", 0, 4, 2147483647, 7, "81", None],
                ["nfs", "nfs.data", 84, 65, 0, 30, long_digest, long_digest],
            ],
        },
    ]
    assert json.loads(tshark_fields.dump("tshark ...", records)) == {"command": "tshark ...", "records": records}


def test_a_record_in_one_frame_is_where_tshark_says_in_that_frame() -> None:
    """The frame offsets map onto hexview's messages: for every record carried by one
    frame, the frame (as hexview's pcap reader gives it) holds the message's bytes at
    tshark's record offset, inside its TCP payload (after Ethernet, IPv4 and TCP headers)."""
    checked = 0
    for capture in CAPTURES:
        frames = {packet.number: packet.data for packet in open_input(str(DATA / f"{capture}.pcap"))}
        found = messages(capture)
        for record in tshark_records(capture):
            if record["record_at"] is None or record["reassembled"]:
                continue
            message = found[(record["frame"], xid(record))]
            frame = frames[record["frame"]]
            ihl = (frame[14] & 0x0F) * 4
            payload_at = 14 + ihl + (frame[14 + ihl + 12] >> 4) * 4
            assert payload_at <= record["record_at"]
            assert frame[record["record_at"] : record["record_at"] + message.length] == message.data
            assert message.frames == (record["frame"],)
            checked += 1
    assert checked == sum(len(tshark_records(c)) for c in CAPTURES) - len(NOT_READ) - 2  # all but UDP and the 2 reassembled


def test_every_message_decodes_whole_but_ganeshas_empty_granted_reply() -> None:
    """No byte of these captures is left undecoded or malformed, except the one reply the
    README describes: ganesha answers NLM4 GRANTED (frame 135) with no results at all,
    where nlm4_res (cookie, stat) is due; hexview says it is truncated (tshark shows
    nothing of the body)."""
    flagged = {}
    for capture in CAPTURES:
        for message in messages(capture).values():
            if message.decode().errors:
                flagged[(capture, message.frames)] = message.name
    assert flagged == {("nlm4-nsm-locks-pyclient", (135,)): "NLM GRANTED reply"}
    reply = messages("nlm4-nsm-locks-pyclient")[(135, bytes.fromhex("48580005"))]
    assert reply.length == 28  # record mark + 24-byte accepted reply header, no results
    assert all(e.reason.startswith("malformed") and "truncated" in e.reason for e in reply.decode().errors)
