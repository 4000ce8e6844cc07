"""NFSv3 (program 100003 version 3) bodies, from bytes built here from the XDR of RFC 1813.

Each call and reply runs through the whole pipeline (TCP reassembly, RPC framing,
pairing, decoding). Byte offsets: a call built by ``call`` (AUTH_NONE credential and
verifier) starts its arguments 44 bytes into the record (4 mark + 24 header + 16 auth),
a reply built by ``reply`` its results 28 bytes in (4 mark + 12 header + 8 verifier + 4
accept_stat).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from hexview.pipeline import Pipeline
from hexview.protocols.rpc.nfs import nfs
from tcp_packets import conversation_packets, write_pcap
from test_nfs_bodies import CLIENT, SERVER, call, opaque, record, reply, string, u32, u64

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "hexview" / "output" / "message.schema.json").read_text())
ARGS, RESULTS = 44, 28  # where a call's arguments and a reply's results start
FH = bytes.fromhex("01000700010000000000000000000000a1b2c3d4e5f60718")  # 24 bytes
FH2 = bytes.fromhex("0100070001000000000000000000000011223344")  # 20 bytes
NFS3_OK, NFS3ERR_NOENT, NFS3ERR_EXIST, NFS3ERR_STALE = 0, 2, 17, 70
NF3REG, NF3DIR, NF3CHR = 1, 2, 4

# -- XDR of RFC 1813 ------------------------------------------------------------------


def fh(data: bytes = FH) -> bytes:
    return opaque(data)


def fattr3(ftype: int = NF3REG, mode: int = 0o644, size: int = 4096, fileid: int = 77) -> bytes:
    """type, mode, nlink 1, uid 1000, gid 100, size, used 8192, rdev 0/0, fsid, fileid, a/m/ctime."""
    return (
        u32(ftype, mode, 1, 1000, 100)
        + u64(size)
        + u64(8192)
        + u32(0, 0)
        + u64(0x1234)
        + u64(fileid)
        + u32(1700000000, 1, 1700000001, 2, 1700000002, 3)
    )


def post_op_attr(attrs: bytes | None = None) -> bytes:
    return u32(0) if attrs is None else u32(1) + attrs


def wcc_data(before_size: int | None = None, after: bytes | None = None) -> bytes:
    pre = u32(0) if before_size is None else u32(1) + u64(before_size) + u32(10, 11, 12, 13)
    return pre + post_op_attr(after)


def post_op_fh3(handle: bytes | None) -> bytes:
    return u32(0) if handle is None else u32(1) + fh(handle)


def sattr3(mode: int | None = None, size: int | None = None, mtime: tuple[int, int] | None = None) -> bytes:
    """set_mode3, set_uid3, set_gid3 (unset), set_size3, set_atime (SET_TO_SERVER_TIME), set_mtime."""
    body = u32(0) if mode is None else u32(1, mode)
    body += u32(0) + u32(0)
    body += u32(0) if size is None else u32(1) + u64(size)
    body += u32(1)  # atime SET_TO_SERVER_TIME
    body += u32(0) if mtime is None else u32(2, *mtime)
    return body


def diropargs(name: str, directory: bytes = FH) -> bytes:
    return fh(directory) + string(name)


# one OK call and reply per procedure (RFC 1813 section 3.3.x)
VERF = bytes.fromhex("0011223344556677")
BODIES: dict[int, tuple[bytes, bytes]] = {
    0: (b"", b""),
    1: (fh(), u32(NFS3_OK) + fattr3()),
    2: (fh() + sattr3(mode=0o600) + u32(0), u32(NFS3_OK) + wcc_data(4096, fattr3())),
    3: (diropargs("tiny.txt"), u32(NFS3_OK) + fh(FH2) + post_op_attr(fattr3()) + post_op_attr()),
    4: (fh() + u32(0x3F), u32(NFS3_OK) + post_op_attr() + u32(0x03)),
    5: (fh(), u32(NFS3_OK) + post_op_attr() + string("target")),
    6: (fh() + u64(0) + u32(4), u32(NFS3_OK) + post_op_attr() + u32(4, 1) + opaque(b"abcd")),
    7: (fh() + u64(8) + u32(3) + u32(2) + opaque(b"xyz"), u32(NFS3_OK) + wcc_data() + u32(3, 2) + VERF),
    8: (diropargs("new") + u32(0) + sattr3(), u32(NFS3_OK) + post_op_fh3(FH2) + post_op_attr() + wcc_data()),
    9: (diropargs("sub") + sattr3(mode=0o755), u32(NFS3_OK) + post_op_fh3(None) + post_op_attr() + wcc_data()),
    10: (diropargs("ln") + sattr3() + string("/etc/hosts"), u32(NFS3_OK) + post_op_fh3(FH2) + post_op_attr() + wcc_data()),
    11: (
        diropargs("tty9") + u32(NF3CHR) + sattr3(mode=0o620) + u32(4, 9),
        u32(NFS3_OK) + post_op_fh3(FH2) + post_op_attr() + wcc_data(),
    ),
    12: (diropargs("old"), u32(NFS3_OK) + wcc_data()),
    13: (diropargs("sub"), u32(NFS3_OK) + wcc_data()),
    14: (diropargs("a") + diropargs("b", FH2), u32(NFS3_OK) + wcc_data() + wcc_data()),
    15: (fh() + diropargs("hard"), u32(NFS3_OK) + post_op_attr() + wcc_data()),
    16: (fh() + u64(0) + bytes(8) + u32(4096), u32(NFS3_OK) + post_op_attr() + VERF + u32(0) + u32(1)),
    17: (fh() + u64(0) + bytes(8) + u32(1024, 8192), u32(NFS3_OK) + post_op_attr() + VERF + u32(0) + u32(1)),
    18: (
        fh(),
        u32(NFS3_OK) + post_op_attr() + u64(1 << 30) + u64(1 << 29) + u64(1 << 28) + u64(1000) + u64(500) + u64(400) + u32(0),
    ),
    19: (
        fh(),
        u32(NFS3_OK)
        + post_op_attr()
        + u32(1048576, 1048576, 4096, 1048576, 1048576, 4096, 65536)
        + u64(2**63 - 1)
        + u32(0, 1)
        + u32(0x1B),
    ),
    20: (fh(), u32(NFS3_OK) + post_op_attr() + u32(255, 255, 1, 1, 0, 1)),
    21: (fh() + u64(0) + u32(0), u32(NFS3_OK) + wcc_data() + VERF),
}
NAMES = (  # RFC 1813 section 3.3, procedures 0-21
    "NULL GETATTR SETATTR LOOKUP ACCESS READLINK READ WRITE CREATE MKDIR SYMLINK "
    "MKNOD REMOVE RMDIR RENAME LINK READDIR READDIRPLUS FSSTAT FSINFO PATHCONF COMMIT"
).split()


# -- running bytes through the pipeline ------------------------------------------------


def exchange(proc: int, args: bytes, results: bytes, xid: int = 0x300) -> tuple:
    """The call and reply of one NFSv3 procedure."""
    sends = [("c", record(call(xid, 100003, 3, proc, args))), ("s", record(reply(xid, results)))]
    messages = list(Pipeline().run(conversation_packets(sends, CLIENT, SERVER)))
    assert [m.conversation.protocol.name for m in messages] == ["NFS", "NFS"]
    return messages[0], messages[1]


def body(message):
    """The procedure's own fields: args/results > body."""
    (top,) = [f for f in message.decode().fields if f.name in ("args", "results")]
    (inner,) = top.children
    return inner


def at(field, path: str):
    """The field at a dotted path below ``field`` ('where.name.value', 'entries[1].entry')."""
    for part in path.split("."):
        field = next(c for c in field.children if c.name == part)
    return field


def span(field) -> tuple[int, int]:
    return field.start, field.end


def no_errors(message) -> None:
    assert not message.decode().errors, message.decode().errors


# -- every procedure ------------------------------------------------------------------


@pytest.mark.parametrize("proc", range(22))
def test_every_procedure_is_named_and_its_bodies_decode_to_the_last_byte(proc):
    args, results = BODIES[proc]
    c, r = exchange(proc, args, results)
    assert (c.name, r.name) == (f"NFS {NAMES[proc]} call", f"NFS {NAMES[proc]} reply")
    for m in (c, r):
        no_errors(m)
        assert "is not known" not in json.dumps([f.show for f in m.decode().walk()])
    if proc == 0:
        return
    assert (body(c).start, body(c).end) == (ARGS, ARGS + len(args))
    assert (body(r).start, body(r).end) == (RESULTS, RESULTS + len(results))
    assert at(body(r), "status").show == "NFS3_OK (0)"
    assert r.decode().outcome.failed is False


def test_getattr_is_not_peeked_at_for_a_callback_program(monkeypatch):
    """Procedure 1 is COMPOUND in version 4 only: a version 3 GETATTR announces no callback."""
    peeked = []
    monkeypatch.setattr(nfs, "announces_callback", lambda message: peeked.append(message) or False)
    exchange(1, *BODIES[1])
    assert peeked == []


def test_unknown_procedure_number_still_says_so():
    c, _ = exchange(22, b"\0\0\0\0", u32(0))
    assert "NFS version 3 procedure 22 is not known" in [e.reason.removeprefix("undecoded: ") for e in c.decode().errors]


# -- arguments and results, field by field ---------------------------------------------


def test_lookup_call_and_ok_reply_with_fattr3():
    c, r = exchange(*(3, *BODIES[3]))
    no_errors(c)
    b = body(c)
    assert at(b, "dir.length").value == 24 and span(at(b, "dir.length")) == (ARGS, ARGS + 4)
    assert at(b, "dir.data").value == FH.hex() and span(at(b, "dir.data")) == (ARGS + 4, ARGS + 28)
    assert at(b, "name.value").value == "tiny.txt" and span(at(b, "name.value")) == (ARGS + 32, ARGS + 40)
    res = body(r)
    assert span(at(res, "status")) == (RESULTS, RESULTS + 4)
    assert at(res, "object.data").value == FH2.hex()
    attrs = at(res, "obj_attributes.attributes")
    obj_start = RESULTS + 4 + 24 + 4  # status, the 20-byte handle, attributes_follow
    assert at(res, "obj_attributes.attributes_follow").show == "TRUE (1)"
    assert at(attrs, "type").show == "NF3REG (1)" and span(at(attrs, "type")) == (obj_start, obj_start + 4)
    mode = at(attrs, "mode")
    assert mode.value == 0o644 and span(mode) == (obj_start + 4, obj_start + 8)
    assert mode.show == "0o0644 (rw-r--r--)"  # permission bits only: no file type in the mode (the type is its own field)
    assert (at(attrs, "nlink").value, at(attrs, "uid").value, at(attrs, "gid").value) == (1, 1000, 100)
    # nfstime3 dates as ISO text, the seconds and nanoseconds kept as the children's values
    assert at(attrs, "ctime").show == "2023-11-14T22:13:22.000000003Z (1700000002 s 3 ns)"
    assert (at(attrs, "ctime.seconds").value, at(attrs, "ctime.nseconds").value) == (1700000002, 3)
    assert span(at(attrs, "ctime")) == (obj_start + 76, obj_start + 84)
    assert at(attrs, "size").value == 4096 and span(at(attrs, "size")) == (obj_start + 20, obj_start + 28)
    assert at(attrs, "fsid").show == "0x0000000000001234" and at(attrs, "fileid").value == 77
    assert (at(attrs, "mtime.seconds").value, at(attrs, "mtime.nseconds").value) == (1700000001, 2)
    assert span(at(attrs, "ctime")) == (obj_start + 76, obj_start + 84)
    assert at(res, "dir_attributes.attributes_follow").show == "FALSE (0)"
    assert at(res, "dir_attributes").children[1:] == []


def test_lookup_noent_is_the_failure_arm_with_its_attributes_absent():
    c, r = exchange(3, diropargs("nothing"), u32(NFS3ERR_NOENT) + post_op_attr())
    no_errors(r)
    res = body(r)
    assert at(res, "status").show == "NFS3ERR_NOENT (2)"
    assert [f.name for f in res.children] == ["status", "dir_attributes"]
    assert span(at(res, "dir_attributes.attributes_follow")) == (RESULTS + 4, RESULTS + 8)
    assert r.decode().outcome.info == "LOOKUP nothing NFS3ERR_NOENT" and r.decode().outcome.failed
    assert "status=NFS3ERR_NOENT (2)" in r.decode().summary


def test_getattr_stale_has_no_attributes():
    _, r = exchange(1, fh(), u32(NFS3ERR_STALE))
    no_errors(r)
    assert [f.name for f in body(r).children] == ["status"]
    assert body(r).children[0].show == "NFS3ERR_STALE (70)"


def test_setattr_sattr3_unions_and_guard():
    args = fh() + sattr3(mode=0o600, size=10, mtime=(1700000005, 6)) + u32(1, 1700000009, 0)
    c, r = exchange(2, args, u32(NFS3ERR_EXIST) + wcc_data(4096, fattr3()))
    no_errors(c)
    attrs = at(body(c), "new_attributes")
    start = ARGS + 28
    assert at(attrs, "mode.set_it").show == "TRUE (1)" and at(attrs, "mode.mode").value == 0o600
    assert span(at(attrs, "mode.mode")) == (start + 4, start + 8)
    assert [f.name for f in at(attrs, "uid").children] == ["set_it"]
    assert at(attrs, "size.size").value == 10 and span(at(attrs, "size.size")) == (
        start + 20,
        start + 28,
    )  # after mode 8, uid 4, gid 4, set_it 4
    assert at(attrs, "atime.set_it").show == "SET_TO_SERVER_TIME (1)" and len(at(attrs, "atime").children) == 1
    assert at(attrs, "mtime.set_it").show == "SET_TO_CLIENT_TIME (2)"
    assert (at(attrs, "mtime.time.seconds").value, at(attrs, "mtime.time.nseconds").value) == (1700000005, 6)
    assert at(body(c), "guard.check").show == "TRUE (1)" and at(body(c), "guard.obj_ctime.seconds").value == 1700000009
    res = body(r)  # the failure arm carries wcc_data too
    assert at(res, "obj_wcc.before.attributes.size").value == 4096
    assert at(res, "obj_wcc.before.attributes.mtime.seconds").value == 10
    assert at(res, "obj_wcc.after.attributes.type").show == "NF3REG (1)"
    assert r.decode().outcome.failed


def test_access_bits_are_named_flags():
    c, r = exchange(4, fh() + u32(0x3F), u32(NFS3_OK) + post_op_attr() + u32(0x21))
    asked = at(body(c), "access")
    assert span(asked) == (ARGS + 28, ARGS + 32)
    assert {f.name: f.value for f in asked.children if f.name != "reserved"} == dict.fromkeys(
        ("execute", "delete", "extend", "modify", "lookup", "read"), True
    )
    granted = {f.name: f.value for f in at(body(r), "access").children}
    assert (granted["read"], granted["execute"], granted["lookup"], granted["delete"]) == (True, True, False, False)


def test_read_reply_data_and_its_byte_range():
    data = b"hello"
    c, r = exchange(6, fh() + u64(8192) + u32(5), u32(NFS3_OK) + post_op_attr(fattr3(size=8197)) + u32(5, 1) + opaque(data))
    assert at(body(c), "offset").value == 8192 and span(at(body(c), "offset")) == (ARGS + 28, ARGS + 36)
    assert at(body(c), "count").value == 5
    res = body(r)
    data_at = RESULTS + 4 + 88 + 8 + 4  # status, post_op_attr, count and eof, the length
    assert at(res, "count").value == 5 and at(res, "eof").show == "TRUE (1)"
    assert at(res, "data.data").value == data.hex() and span(at(res, "data.data")) == (data_at, data_at + 5)
    assert span(at(res, "data.padding")) == (data_at + 5, data_at + 8)
    assert c.decode().outcome.info == "READ offset 8192 count 5"
    assert r.decode().outcome.info == "READ offset 8192 count 5 NFS3_OK"


def test_write_data_range_stable_how_and_verifier():
    data = bytes(range(10))
    args = fh() + u64(4096) + u32(10) + u32(1) + opaque(data)
    c, r = exchange(7, args, u32(NFS3_OK) + wcc_data(4096, fattr3(size=4106)) + u32(10, 2) + VERF)
    no_errors(c)
    b = body(c)
    assert at(b, "stable").show == "DATA_SYNC (1)" and span(at(b, "stable")) == (ARGS + 40, ARGS + 44)
    assert at(b, "data.length").value == 10
    assert at(b, "data.data").value == data.hex() and span(at(b, "data.data")) == (ARGS + 48, ARGS + 58)
    res = body(r)
    assert at(res, "committed").show == "FILE_SYNC (2)" and at(res, "count").value == 10
    verf_at = RESULTS + 4 + 28 + 88 + 8  # status, pre_op_attr, post_op_attr, count and committed
    assert at(res, "verf").show == "0011223344556677" and span(at(res, "verf")) == (verf_at, verf_at + 8)
    assert c.decode().outcome.info == "WRITE offset 4096 count 10"


def test_create_modes_unchecked_guarded_exclusive():
    for mode, name in ((0, "UNCHECKED"), (1, "GUARDED")):
        c, _ = exchange(
            8, diropargs("f") + u32(mode) + sattr3(mode=0o640), u32(NFS3_OK) + post_op_fh3(None) + post_op_attr() + wcc_data()
        )
        how = at(body(c), "how")
        assert at(how, "mode").show == f"{name} ({mode})"
        assert at(how, "obj_attributes.mode.mode").value == 0o640
    c, r = exchange(8, diropargs("f") + u32(2) + VERF, u32(NFS3ERR_EXIST) + wcc_data())
    no_errors(c)
    how = at(body(c), "how")
    assert at(how, "mode").show == "EXCLUSIVE (2)" and [f.name for f in how.children] == ["mode", "verf"]
    assert at(how, "verf").show == "0011223344556677" and span(at(how, "verf")) == (ARGS + 28 + 8 + 4, ARGS + 28 + 8 + 12)
    assert [f.name for f in body(r).children] == ["status", "dir_wcc"]
    assert (r.decode().outcome.info, r.decode().outcome.failed) == ("CREATE f NFS3ERR_EXIST", True)


def test_create_reply_handle_and_symlink_target():
    c, r = exchange(10, *BODIES[10])
    assert at(body(c), "symlink_data.value").value == "/etc/hosts"
    assert at(body(r), "obj.handle_follows").show == "TRUE (1)" and at(body(r), "obj.handle.data").value == FH2.hex()
    assert c.decode().outcome.info == "SYMLINK ln -> /etc/hosts"


def test_mknod_character_device():
    c, _ = exchange(11, *BODIES[11])
    what = at(body(c), "what")
    assert at(what, "type").show == "NF3CHR (4)"
    assert (at(what, "device.spec.specdata1").value, at(what, "device.spec.specdata2").value) == (4, 9)
    assert at(what, "device.dev_attributes.mode.mode").value == 0o620


def test_readdir_entries_are_the_linked_list():
    entries = u32(1) + u64(5) + string("a") + u64(1) + u32(1) + u64(6) + string("bb") + u64(2) + u32(0)
    _, r = exchange(16, fh() + u64(0) + bytes(8) + u32(4096), u32(NFS3_OK) + post_op_attr() + VERF + entries + u32(1))
    no_errors(r)
    res = body(r)
    links = at(res, "entries").children
    names = [at(link, "entry.name.value").value for link in links if link.children[1:]]
    assert names == ["a", "bb"]
    assert [at(link, "value_follows").show for link in links] == ["TRUE (1)", "TRUE (1)", "FALSE (0)"]
    assert at(links[1], "entry.fileid").value == 6 and at(links[1], "entry.cookie").show == "0x0000000000000002"
    assert at(res, "cookieverf").show == "0011223344556677"
    assert at(res, "eof").show == "TRUE (1)" and at(res, "eof").end == RESULTS + 4 + 4 + 8 + len(entries) + 4


def test_readdirplus_two_entries_with_attributes_and_handles():
    first = u32(1) + u64(100) + string(".") + u64(0x10) + post_op_attr(fattr3(NF3DIR, 0o755, fileid=100)) + post_op_fh3(FH)
    second = u32(1) + u64(101) + string("tiny.txt") + u64(0x7FFFFFFF) + post_op_attr() + post_op_fh3(FH2)
    results = u32(NFS3_OK) + post_op_attr(fattr3(NF3DIR, 0o755, fileid=100)) + VERF + first + second + u32(0) + u32(1)
    args = fh() + u64(0) + bytes(8) + u32(1024, 8192)
    c, r = exchange(17, args, results)
    no_errors(c)
    no_errors(r)
    b = body(c)
    assert at(b, "cookie").show == "0x0000000000000000" and at(b, "cookieverf").show == "0000000000000000"
    assert (at(b, "dircount").value, at(b, "maxcount").value) == (1024, 8192)
    res = body(r)
    links = at(res, "entries").children
    assert len(links) == 3
    first_at = RESULTS + 4 + 88 + 8  # status, dir_attributes, cookieverf
    assert span(links[0]) == (first_at, first_at + len(first))
    one, two = at(links[0], "entry"), at(links[1], "entry")
    assert at(one, "name.value").value == "." and at(one, "name_attributes.attributes.type").show == "NF3DIR (2)"
    assert at(one, "name_attributes.attributes.mode").value == 0o755 and at(one, "name_handle.handle.data").value == FH.hex()
    assert at(two, "fileid").value == 101 and at(two, "name.value").value == "tiny.txt"
    assert at(two, "cookie").show == "0x000000007fffffff"
    assert at(two, "name_attributes.attributes_follow").show == "FALSE (0)"
    assert at(two, "name_handle.handle.data").value == FH2.hex()
    handle = at(two, "name_handle.handle.data")
    assert span(handle) == (first_at + len(first) + len(second) - 20, first_at + len(first) + len(second))
    assert span(at(res, "eof")) == (first_at + len(first) + len(second) + 4, first_at + len(first) + len(second) + 8)


def test_fsinfo_properties_and_fsstat():
    _, r = exchange(19, *BODIES[19])
    res = body(r)
    assert (at(res, "rtmax").value, at(res, "dtpref").value, at(res, "maxfilesize").value) == (1048576, 65536, 2**63 - 1)
    assert (at(res, "time_delta.seconds").value, at(res, "time_delta.nseconds").value) == (0, 1)
    props = {f.name: f.value for f in at(res, "properties").children}
    assert (props["link"], props["symlink"], props["homogeneous"], props["cansettime"]) == (True, True, True, True)
    assert props["reserved_2"] is False
    _, r = exchange(18, *BODIES[18])
    assert (at(body(r), "tbytes").value, at(body(r), "afiles").value, at(body(r), "invarsec").value) == (1 << 30, 400, 0)


def test_pathconf_and_commit():
    _, r = exchange(20, *BODIES[20])
    res = body(r)
    assert at(res, "name_max").value == 255 and at(res, "no_trunc").show == "TRUE (1)"
    assert at(res, "case_insensitive").show == "FALSE (0)"
    c, r = exchange(21, fh() + u64(4096) + u32(8192), u32(NFS3_OK) + wcc_data() + VERF)
    assert c.decode().outcome.info == "COMMIT offset 4096 count 8192"
    assert at(body(r), "verf").show == "0011223344556677"


# -- the info column -------------------------------------------------------------------


def test_info_names_what_calls_act_on_and_replies_add_the_status():
    c, r = exchange(14, *BODIES[14])
    assert (c.decode().outcome.info, r.decode().outcome.info) == ("RENAME a -> b", "RENAME a -> b NFS3_OK")
    c, _ = exchange(1, *BODIES[1])
    assert c.decode().outcome.info == "GETATTR fh 01000700…e5f60718"
    c, _ = exchange(1, fh(bytes.fromhex("0102030405060708")), u32(0) + fattr3())
    assert c.decode().outcome.info == "GETATTR fh 0102030405060708"
    for proc, words in ((9, "MKDIR sub"), (12, "REMOVE old"), (13, "RMDIR sub"), (15, "LINK hard")):
        c, r = exchange(proc, *BODIES[proc])
        assert (c.decode().outcome.info, r.decode().outcome.info) == (words, words + " NFS3_OK")
    c, r = exchange(0, b"", b"")
    assert (c.decode().outcome.info, r.decode().outcome.info) == ("NULL", "NULL")


def test_a_refused_reply_is_failed_with_its_call_words():
    sends = [("c", record(call(9, 100003, 3, 3, diropargs("x")))), ("s", record(u32(9, 1, 0, 0, 0, 3)))]  # PROC_UNAVAIL
    _, r = list(Pipeline().run(conversation_packets(sends, CLIENT, SERVER)))
    assert r.decode().outcome.failed and r.decode().outcome.info.startswith("LOOKUP x ")


def test_json_carries_the_info_and_the_failed_flag(tmp_path):
    sends = [
        ("c", record(call(1, 100003, 3, 3, diropargs("tiny.txt")))),
        ("s", record(reply(1, u32(NFS3ERR_NOENT) + post_op_attr()))),
        ("c", record(call(2, 100003, 3, 6, fh() + u64(0) + u32(4)))),
        ("s", record(reply(2, u32(NFS3_OK) + post_op_attr() + u32(4, 1) + opaque(b"abcd")))),
    ]
    path = tmp_path / "nfs3.pcap"
    write_pcap(path, conversation_packets(sends, CLIENT, SERVER))
    out = subprocess.run([sys.executable, "-m", "hexview.cli", "--json", str(path)], capture_output=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.decode().splitlines()]
    for obj in lines:
        jsonschema.validate(obj, SCHEMA)
    assert [(o["name"], o["info"], o["failed"]) for o in lines] == [
        ("NFS LOOKUP call", "LOOKUP tiny.txt", False),
        ("NFS LOOKUP reply", "LOOKUP tiny.txt NFS3ERR_NOENT", True),
        ("NFS READ call", "READ offset 0 count 4", False),
        ("NFS READ reply", "READ offset 0 count 4 NFS3_OK", False),
    ]
    (results,) = [f for f in lines[1]["fields"] if f["name"] == "results"]
    status = results["children"][0]["children"][0]
    assert (status["name"], status["value"], status["show"]) == ("status", 2, "NFS3ERR_NOENT (2)")


def test_replies_of_one_layout_with_different_lists_each_decode_their_own():
    """Two READDIR replies in one input, one entry then three: the second is not read with
    the first one's layout."""
    one = u32(1) + u64(5) + string("a") + u64(1) + u32(0)
    three = b"".join(u32(1) + u64(6 + i) + string(n) + u64(2 + i) for i, n in enumerate(("bb", "ccc", "dddd"))) + u32(0)
    args = fh() + u64(0) + bytes(8) + u32(4096)
    sends = []
    for xid, entries in ((1, one), (2, three)):
        sends += [
            ("c", record(call(xid, 100003, 3, 16, args))),
            ("s", record(reply(xid, u32(0) + post_op_attr() + VERF + entries + u32(1)))),
        ]
    messages = list(Pipeline().run(conversation_packets(sends, CLIENT, SERVER)))
    for reply_message, names in ((messages[1], ["a"]), (messages[3], ["bb", "ccc", "dddd"])):
        no_errors(reply_message)
        links = at(body(reply_message), "entries").children
        assert [at(link, "entry.name.value").value for link in links[:-1]] == names
        assert at(body(reply_message), "eof").show == "TRUE (1)"


def test_a_truncated_reply_is_an_error_not_a_crash():
    c, r = exchange(3, diropargs("x"), u32(NFS3_OK) + u32(24) + FH[:6])
    assert r.decode().errors and r.decode().outcome.info.startswith("LOOKUP x")
    assert at(body(r), "status").show == "NFS3_OK (0)"
