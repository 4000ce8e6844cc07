"""GlusterFS FOP v400 bodies (ksy/gluster/) against real bytes and the seed's golden examples.

tshark 4.0 is right about many v400 fields (gfids, names, offsets, sizes) and is used
as ground truth for those. Where it is wrong the layout of glusterfs4-xdr.x wins and
the test says why: it decodes GFS3_OP 41 (RELEASE) as an unknown procedure and shows
only raw data, and it does not decode the trusted.ec.* blobs at all.
"""

from __future__ import annotations

import json
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest

from gluster_captures import messages
from hexview.compiled import gluster_fop4_call, gluster_fop4_reply, rpc_message
from hexview.decode.kaitai_tree import parse, parse_fields
from shared_paths import CAPTURES

GLUSTER = CAPTURES / "gluster"
DATA = Path(__file__).resolve().parent / "data"
CALL, REPLY = gluster_fop4_call.GlusterFop4Call, gluster_fop4_reply.GlusterFop4Reply


def at_frame(path: Path, frame: int, kind: str):
    return next(m for m in messages(path) if frame in m.frames and m.kind == kind)


def body_fields(message, name: str) -> list:
    """Fields called ``name`` inside the procedure's args/results (not the RPC header)."""
    top = [f for f in message.decode().fields if f.name in ("args", "results")]
    return [f for t in top for f in t.walk() if f.name == name]


def values(message, name: str) -> list:
    return [f.value for f in body_fields(message, name)]


def tshark_glusterfs(capture: str, frame: int) -> dict:
    if not GLUSTER.is_dir():
        pytest.skip("../shared/captures is not beside the checkout")
    for packet in json.loads((GLUSTER / f"{capture}.tshark.json").read_text()):
        layers = packet["_source"]["layers"]
        if int(layers["frame"]["frame.number"]) == frame:
            return layers["glusterfs"]
    raise KeyError(frame)


def uuid_hex(text: str) -> str:
    return text.replace("-", "")


# -- the bundled capture (no ../shared needed) ------------------------------------------


def test_midstream_lookup_write_release_bodies():
    path = DATA / "gluster-tiny-brick-midstream.pcap"
    lookup = at_frame(path, 1, "call")
    assert values(lookup, "gfid") == ["00" * 16]  # field values are JSON-ready: bytes as hex
    assert values(lookup, "pargfid") == ["00" * 15 + "01"]  # the root directory
    assert "tiny.txt" in values(lookup, "value")
    assert values(lookup, "key")[:2] == ["trusted.glusterfs.mdata", "glusterfs.content"]
    reply = lookup.pair
    assert values(reply, "op_ret") == [-1] and values(reply, "op_errno") == [2]  # ENOENT
    write = next(m for m in messages(path) if m.name == "GlusterFS WRITE call")
    (size,) = values(write, "size")
    (data,) = body_fields(write, "data")
    assert size == 3 and data.end - data.start == 3  # "3 bytes" per the capture notes
    release = next(m for m in messages(path) if m.name == "GlusterFS RELEASE call")
    assert values(release, "fd") and values(release, "count")[-1] in (0, -1)
    for m in messages(path):
        assert not m.decode().errors, (m.name, m.decode().errors)


# -- real captures, tshark as a second opinion -----------------------------------------


@pytest.mark.shared
def test_lookup_call_matches_tshark():
    capture = "gluster-tiny-brick-midstream"
    ours = at_frame(GLUSTER / f"{capture}.pcap", 1, "call")
    theirs = tshark_glusterfs(capture, 1)
    assert values(ours, "gfid")[0] == uuid_hex(theirs["glusterfs.gfid"])
    assert values(ours, "pargfid")[0] == uuid_hex(theirs["glusterfs.pargfid"])
    assert theirs["Basename: tiny.txt"]["glusterfs.bname"] == "tiny.txt"
    assert values(ours, "xdr_size")[0] == int(theirs["Dict"]["glusterfs.dict_xdr_size"]) == 144
    assert values(ours, "count")[0] == int(theirs["Dict"]["glusterfs.num_dict_items"]) == 4


@pytest.mark.shared
def test_create_reply_and_release_call_match_tshark():
    capture = "gluster-fuse-plain-fileops"
    path = GLUSTER / f"{capture}.pcap"
    create = at_frame(path, 58, "reply")
    theirs = tshark_glusterfs(capture, 58)
    assert values(create, "ia_gfid")[0] == uuid_hex(theirs["glusterfs.iattx"]["glusterfs.gfid"])
    assert values(create, "ia_ino")[0] == int(theirs["glusterfs.iattx"]["glusterfs.ia_ino"])
    iattx = theirs["glusterfs.iattx"]
    (atime,) = body_fields(create, "ia_atime")[:1]
    seconds, nseconds = int(iattx["glusterfs.iax_atime"]), int(iattx["glusterfs.iax_atime_nsec"])
    assert atime.value == seconds  # the raw seconds stay the value; the show reads as a date
    when = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    assert atime.show == f"{when}.{nseconds:09d}Z ({seconds} s {nseconds} ns)"
    (mode,) = body_fields(create, "mode")[:1]
    assert mode.value == int(iattx["glusterfs.ia_mode"]) and mode.show == "0o100644 (-rw-r--r--)"
    # tshark 4.0 does not know proc 41 is RELEASE and shows its 36 argument bytes raw:
    # by gfx_release_req they are gfid[16], fd (s64), then an empty gfx_dict.
    release = at_frame(path, 65, "call")
    assert release.name == "GlusterFS RELEASE call"
    raw = bytes.fromhex(tshark_glusterfs(capture, 65)["data"]["data.data"].replace(":", ""))
    assert values(release, "gfid")[0] == raw[:16].hex()
    assert values(release, "fd")[0] == struct.unpack(">q", raw[16:24])[0]
    assert values(release, "xdr_size") == [0]


@pytest.mark.shared
def test_disperse_fxattrop_carries_ec_xattrs():
    path = GLUSTER / "gluster-fuse-disperse-ec.pcap"
    reply = at_frame(path, 202, "reply")
    assert reply.name == "GlusterFS FXATTROP reply" and not reply.decode().errors
    assert values(reply, "key") == ["get-size", "trusted.ec.dirty", "trusted.ec.config", "trusted.ec.size", "trusted.ec.version"]
    config = {n: values(reply, n)[0] for n in ("version", "algorithm", "gf_word_size", "bricks", "redundancy", "chunk_size")}
    assert config == {"version": 0, "algorithm": 0, "gf_word_size": 8, "bricks": 3, "redundancy": 1, "chunk_size": 512}
    call = reply.pair
    assert values(call, "flags")[-1] == 1  # GF_XATTROP_ADD_ARRAY64
    assert (values(call, "data_dirty"), values(call, "metadata_dirty")) == ([1], [1])  # pre-op: mark dirty
    after_write = at_frame(path, 211, "call")
    assert values(after_write, "file_size") == [20]
    assert values(after_write, "data_version") == [1] and values(after_write, "metadata_version") == [1]


@pytest.mark.shared
def test_replica_fxattrop_afr_pending_counters():
    path = GLUSTER / "gluster-fuse-replica3-afr.pcap"
    found = [
        m
        for m in messages(path)
        if m.name == "GlusterFS FXATTROP call" and any(k.startswith("trusted.afr.") for k in values(m, "key"))
    ]
    assert found
    m = found[0]
    assert len(values(m, "data_pending")) == len([k for k in values(m, "key") if k.startswith("trusted.afr.")])
    assert not m.decode().errors


@pytest.mark.shared
def test_every_fop_v400_body_decodes_to_its_last_byte():
    """Each v400 body parser consumes exactly its body: no malformed, no leftover bytes."""
    for path in sorted(GLUSTER.glob("*.pcap")):
        for m in messages(path):
            if m.params.get("prog") == 1298437 and m.params.get("vers") == 400:
                assert not m.decode().errors, (path.name, m.frames, m.name, m.decode().errors)


# -- golden examples 1-5 of docs/gluster.md (seed 001, hand-written bytes) ----------------


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", "").replace("|", ""))


def test_golden_1_lookup_call_header_gfids_bname():
    record = h(
        "80 00 02 8c | 00 00 00 be | 00 00 00 00 | 00 00 00 02 | 00 13 d0 05 | 00 00 01 90 | 00 00 00 1b"
        "| 00 05 f3 98 | 00 00 00 30 | 00 01 ed 24 | 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 00 00 | 00 00 00 00 00 00 00 00"
        "| 00 00 00 01 | 00 00 00 00 | 00 00 00 08 | 00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00"
        "| 65c2cb63a76a4fb59a123e4ed4bb909a | 393e045a00e14167bf11efb13b81bc07 | 00 00 00 00 | 00 00 00 05"
        "| 74 65 73 74 33 00 00 00 | 00 00 01 f8 | 00 00 00 0d | 00 00 00 0d | 00 00 00 11"
    )
    assert struct.unpack(">I", record[:4])[0] == 0x80000000 | 652
    header, exc = parse(rpc_message.RpcMessage, record[4:])
    assert exc is None and header.xid == 0xBE
    call = header.call
    assert (call.prog, call.vers, call.proc) == (1298437, 400, 27)
    cred = call.cred.body
    assert call.cred.length == 48 and cred.pid == 126244 and cred.groups.items == [0] and cred.lk_owner.data == bytes(8)
    args, exc = parse(CALL, record[4 + header._io.pos() :], {"proc": 27})
    assert exc is not None  # the seed cut the xdata after its first key length
    body = args.body
    assert body.gfid.hex() == "65c2cb63a76a4fb59a123e4ed4bb909a"  # XDR order: gfid, then pargfid
    assert body.pargfid.hex() == "393e045a00e14167bf11efb13b81bc07"
    assert body.flags == 0 and body.bname.value == "test3"
    assert (body.xdata.xdr_size, body.xdata.count, body.xdata.pair_count) == (504, 13, 13)


def test_golden_2_ping_call():
    record = h(
        "80 00 00 50 | 00 00 02 ea | 00 00 00 00 | 00 00 00 02 | 07 5b b8 6d | 00 00 00 01 | 00 00 00 02"
        "| 00 05 f3 98 | 00 00 00 28" + " 00" * 28 + "| 00 00 00 00 | 00 00 00 04 | 00 00 00 00 | 00 00 00 00 00 00 00 00"
    )
    assert len(record) == 84
    header, exc = parse(rpc_message.RpcMessage, record[4:])
    assert exc is None and header.xid == 0x2EA and header._io.pos() == 80  # PING has no arguments
    assert (header.call.prog, header.call.vers, header.call.proc) == (123451501, 1, 2)
    assert header.call.cred.body.lk_owner.length == 4


def test_golden_3_inodelk_reply():
    record = h("80 00 00 2c 00 00 02 77 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00") + bytes(20)
    header, exc = parse(rpc_message.RpcMessage, record[4:])
    assert exc is None and header.xid == 0x277 and int(header.reply.accepted.accept_stat) == 0
    fields, errors, consumed, obj = parse_fields(REPLY, record[4 + header._io.pos() :], {"proc": 29})
    assert not errors and consumed == 20
    assert (obj.body.op_ret, obj.body.op_errno) == (0, 0)
    assert (obj.body.xdata.xdr_size, obj.body.xdata.count, obj.body.xdata.pair_count) == (0, 0, 0)


def test_golden_4_fxattrop_ec_dirty_minus_one():
    fragment = h(
        "00 00 00 00 00 00 00 01 | 00 00 00 01 | 00 00 00 30 | 00 00 00 01 | 00 00 00 01 | 00 00 00 11"
        + b"trusted.ec.dirty\0".hex()
        + "00 00 00 | 00 00 00 06 | 00 00 00 10"
        + "ff" * 16
    )
    args = bytes(16) + fragment + bytes(12)  # the seed's gfid was elsewhere; an empty xdata after
    obj, exc = parse(CALL, args, {"proc": 34})
    assert exc is None and obj._io.pos() == len(args)
    body = obj.body
    assert body.fd == 1 and body.flags == gluster_fop4_call.GlusterFop4Call.XattropFlags.gf_xattrop_add_array64
    assert (body.dict.xdr_size, body.dict.count) == (48, 1)
    pair = body.dict.pairs[0]
    assert pair.key == "trusted.ec.dirty" and pair.type.name == "ptr" and pair.value_length == 16
    assert (pair.value.data_dirty, pair.value.metadata_dirty) == (-1, -1)


def test_golden_5_ec_config():
    key = b"trusted.ec.config\0"
    pair = struct.pack(">I", len(key)) + key + bytes(2) + struct.pack(">II", 6, 8) + h("0000080301000200")
    args = bytes(16) + struct.pack(">qI", 0, 1) + struct.pack(">IiI", len(pair), 1, 1) + pair + bytes(12)
    obj, exc = parse(CALL, args, {"proc": 34})
    assert exc is None
    config = obj.body.dict.pairs[0].value
    got = (config.version, config.algorithm, config.gf_word_size, config.bricks, config.redundancy, config.chunk_size)
    assert got == (0, 0, 8, 3, 1, 512)


@pytest.mark.shared
def test_create_flags_are_named_bits():
    """GF_O_* flags (glusterfs3.h, octal Linux numbering) as named bits. tshark 4.0 reads
    a v400 CREATE with the 3.x gfs3_create_req layout and marks it Malformed, so the
    values asserted are the gfx_create_req layout's: O_WRONLY|O_CREAT|O_TRUNC, mode 0100644."""
    capture = "gluster-fuse-plain-fileops"
    create = at_frame(GLUSTER / f"{capture}.pcap", 57, "call")
    packet = next(
        p["_source"]["layers"]
        for p in json.loads((GLUSTER / f"{capture}.tshark.json").read_text())
        if p["_source"]["layers"]["frame"]["frame.number"] == "57"
    )
    assert "_ws.malformed" in packet and "glusterfs" not in packet
    assert create.name == "GlusterFS CREATE call"
    (flags,) = body_fields(create, "flags")
    bits = {c.name: c.value for c in flags.children}
    assert flags.value == 0o1101 and flags.show == "0x00000241 (TRUNC, CREAT)"
    assert bits["creat"] and bits["trunc"] and not bits["excl"] and bits["accmode"] == 1  # O_WRONLY
    assert values(create, "mode") == [0o100644]
    assert body_fields(create, "mode")[0].show == "0o100644 (-rw-r--r--)"
    assert values(create, "value")[0] == "hello.txt" and values(create, "umask") == [0]  # FUSE applied the umask already


# -- FOP version 330 (3.x layouts; no capture here has them, so hand-written bytes) ----------


def _xdr_string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack(">I", len(raw)) + raw + bytes(-len(raw) % 4)


def _v3_dict(pairs: dict[str, bytes]) -> bytes:
    """dict_serialize(): count, then keylen/vallen/key NUL/value, unaligned; in an opaque<>."""
    blob = struct.pack(">I", len(pairs))
    for key, value in pairs.items():
        blob += struct.pack(">II", len(key), len(value)) + key.encode() + b"\0" + value
    return struct.pack(">I", len(blob)) + blob + bytes(-len(blob) % 4)


def test_v330_lookup_call_with_serialized_dict():
    from hexview.compiled import gluster_fop3_call

    gfid, pargfid = bytes(range(16)), bytes(15) + b"\x01"
    args = (
        gfid + pargfid + struct.pack(">I", 0) + _xdr_string("test3") + _v3_dict({"glusterfs.inodelk-count": b"1\0", "x": b"ab"})
    )
    obj, exc = parse(gluster_fop3_call.GlusterFop3Call, args, {"proc": 27})
    assert exc is None and obj._io.pos() == len(args)
    body = obj.body
    assert body.gfid == gfid and body.pargfid == pargfid and body.bname.value == "test3"
    pairs = body.xdata.dict.pairs
    assert [p.key for p in pairs] == ["glusterfs.inodelk-count", "x"] and pairs[0].value == b"1\0" and pairs[1].value == b"ab"


def test_v330_lookup_reply_uses_gf_iatt_and_trailing_xdata():
    from hexview.compiled import gluster_fop3_reply

    iatt = bytes(range(16)) + struct.pack(">QQIIIIQQIQIIIIII", 7, 0xFE00, 0o40755, 2, 0, 0, 0, 4096, 4096, 8, 1, 2, 3, 4, 5, 6)
    assert len(iatt) == 100
    results = struct.pack(">ii", 0, 0) + iatt + iatt + struct.pack(">I", 0)
    obj, exc = parse(gluster_fop3_reply.GlusterFop3Reply, results, {"proc": 27})
    assert exc is None and obj._io.pos() == len(results)
    assert obj.body.stat.ia_ino == 7 and obj.body.stat.mode == 0o40755 and obj.body.postparent.ia_size == 4096
    assert obj.body.xdata.length == 0
    # RELEASE (41) answers gf_common_rsp: op_ret, op_errno, xdata only
    obj, exc = parse(gluster_fop3_reply.GlusterFop3Reply, struct.pack(">iiI", -1, 9, 0), {"proc": 41})
    assert exc is None and (obj.body.op_ret, obj.body.op_errno) == (-1, 9)


def test_v400_newer_procedures_copy_file_range_and_getactivelk():
    """Procedures 50-56 are newer than every capture here: hand-written gfx_* bytes."""
    empty_dict = bytes(12)  # xdr_size 0, count 0, no pairs
    args = bytes([1] * 16) + bytes([2] * 16) + struct.pack(">qqQQII", 3, 4, 4096, 8192, 65536, 0) + empty_dict
    obj, exc = parse(CALL, args, {"proc": 56})
    assert exc is None and obj._io.pos() == len(args)
    b = obj.body
    assert (b.fd_in, b.fd_out, b.off_in, b.off_out, b.size) == (3, 4, 4096, 8192, 65536)
    owner = b"\x01\x02\x03\x04\x05\x06\x07\x08"
    flock = struct.pack(">IIQQI", 1, 0, 0, 100, 42) + struct.pack(">I", len(owner)) + owner
    lock = flock + _xdr_string("client-7") + struct.pack(">II", 0, 0)  # lk_flags, no next entry
    results = struct.pack(">ii", 0, 0) + empty_dict + struct.pack(">I", 1) + lock
    obj, exc = parse(REPLY, results, {"proc": 51})
    assert exc is None and obj._io.pos() == len(results)
    (held,) = obj.body.locks
    assert held.flock.type.name == "gf_lk_f_wrlck" and held.flock.len == 100 and held.client_uid.value == "client-7"


def test_v330_fxattrop_dict_values_decoded_by_key():
    """gfs3_fxattrop_req (glusterfs-fops.x 3.x): gfid, fd, flags, dict, xdata. The
    serialized dict carries the same binary xattrs as gfx_dict PTR values; the
    values below are seed 001's (ec.version data 0x83 / metadata 0x86, ec.size
    0x0000000004000200) and an AFR changelog of 3 counters (afr.h)."""
    from hexview.compiled import gluster_fop3_call

    xattrs = {
        "trusted.ec.version": struct.pack(">QQ", 0x83, 0x86),
        "trusted.ec.size": bytes.fromhex("0000000004000200"),
        "trusted.afr.vol-client-1": struct.pack(">iii", 2, 1, 0),
        "glusterfs.inodelk-count": b"1\0",
    }
    args = bytes(range(16)) + struct.pack(">qI", 1, 0) + _v3_dict(xattrs) + struct.pack(">I", 0)
    obj, exc = parse(gluster_fop3_call.GlusterFop3Call, args, {"proc": 34})
    assert exc is None and obj._io.pos() == len(args)
    version, size, afr, count = obj.body.dict.dict.pairs
    assert (version.value.data_version, version.value.metadata_version) == (0x83, 0x86)
    assert size.value.file_size == 0x4000200
    assert (afr.value.data_pending, afr.value.metadata_pending, afr.value.entry_pending) == (2, 1, 0)
    assert count.value == b"1\0"  # not a well-known binary key: the raw bytes
