"""pNFS layout bodies by layout type, and NFSv4 values shown as engineers read them.

Bodies are hand-built from the XDR of RFC 8435 (flexible files), RFC 5663 (block
volumes), RFC 8154 (SCSI), RFC 8881 (LAYOUTGET, GETDEVICEINFO, LAYOUTCOMMIT,
LAYOUTRETURN, OPEN share_access) and RFC 7862 (LAYOUTSTATS), field by field, and run
through the whole pipeline. Each body is an opaque<> whose length the bytes carry, so
a field of the wrong width shows as leftover or missing bytes inside it, and every
compound ends exactly where the RPC body does.
"""

from __future__ import annotations

from hexview.decode.kaitai_tree import time_text
from hexview.output.json_lines import field_json
from test_nfs_bodies import (
    ALL_ONES,
    OTHER,
    _default_p2p_numbers,
    child,
    compound,
    compound_reply,
    exchange,
    fields,
    in_op,
    no_errors,
    opaque,
    record,
    stateid,
    string,
    u32,
    u64,
)

__all__ = ["_default_p2p_numbers"]  # the autouse fixture, re-exported so it applies here too

DEV = bytes.fromhex("0123456789abcdef0011223344556677")
FH = opaque(b"\x33" * 16)
NETADDR = string("tcp") + string("192.168.1.5.8.1")
LAYOUTGET = u32(50, 0, 4, 1) + u64(0) + u64(ALL_ONES) + u64(4096) + stateid(1, OTHER) + u32(4096)


def pair(xid: int, ops: list[bytes], results: list[bytes], minor: int = 1):
    call_m, reply_m = exchange(("c", record(compound(xid, ops, minor=minor))), ("s", record(compound_reply(xid, results))))
    no_errors(call_m)
    no_errors(reply_m)
    assert reply_m.pair is call_m
    for m, label in ((call_m, "argarray"), (reply_m, "resarray")):
        (array,) = fields(m, label)
        assert array.end == len(m.data)  # nothing left over after the operations
    return call_m, reply_m


def text(field) -> str:
    """The text of an XDR string field."""
    return child(field, "value").value


def body_bytes(message, field) -> bytes:
    return message.data[field.start : field.end]


def layoutget_reply(layout_type: int, body: bytes) -> bytes:
    layout = u64(0) + u64(ALL_ONES) + u32(2) + u32(layout_type) + opaque(body)
    return u32(50, 0) + u32(1) + stateid(2, OTHER) + u32(1) + layout


# -- flexible files (RFC 8435) ----------------------------------------------------------

DATA_SERVER = DEV + u32(1) + stateid(0, bytes(12)) + u32(1) + opaque(b"\xaa" * 8) + string("1000") + string("100")
FF_LAYOUT = u64(1 << 20) + u32(1) + u32(1) + DATA_SERVER + u32(0x3) + u32(30)


def test_flex_files_layoutget_reply():
    call_m, reply_m = pair(0x500, [u32(22) + FH, LAYOUTGET], [u32(22, 0), layoutget_reply(4, FF_LAYOUT)])
    assert fields(call_m, "layout_type")[0].show == "FLEX_FILES (4)"
    (body,) = fields(reply_m, "body")
    assert body_bytes(reply_m, body) == FF_LAYOUT
    assert child(body, "stripe_unit").value == 1 << 20 and child(body, "num_mirrors").value == 1
    (ds,) = fields(reply_m, "data_servers[0]")
    assert child(ds, "deviceid").value == DEV.hex() and child(ds, "efficiency").value == 1
    assert child(child(ds, "stateid"), "seqid").value == 0
    assert child(ds, "num_fh_vers").value == 1
    (fh,) = fields(reply_m, "fh_vers[0]")
    assert child(fh, "data").value == "aa" * 8
    assert (text(child(ds, "user")), text(child(ds, "group"))) == ("1000", "100")
    flags = child(body, "flags")
    assert flags.value == 0x3 and flags.show == "0x00000003 (NO_IO_THRU_MDS, NO_LAYOUTCOMMIT)"
    assert {c.name: c.value for c in flags.children}["write_one_mirror"] is False
    assert child(body, "stats_collect_hint").value == 30


def test_flex_files_getdeviceinfo_reply_lists_versions():
    versions = u32(3, 0, 1 << 20, 1 << 20, 0) + u32(4, 2, 65536, 65536, 1)
    addr = u32(1) + NETADDR + u32(2) + versions
    args = u32(47) + DEV + u32(4, 65536) + u32(0)
    res = u32(47, 0) + u32(4) + opaque(addr) + u32(0)
    _, reply_m = pair(0x501, [args], [res])
    (body,) = fields(reply_m, "addr_body")
    assert body_bytes(reply_m, body) == addr
    (netaddr,) = fields(reply_m, "addrs[0]")
    assert (text(child(netaddr, "netid")), text(child(netaddr, "addr"))) == ("tcp", "192.168.1.5.8.1")
    v3, v42 = fields(reply_m, "versions[0]") + fields(reply_m, "versions[1]")
    assert [c.value for c in v3.children] == [3, 0, 1 << 20, 1 << 20, 0]
    assert [c.value for c in v42.children] == [4, 2, 65536, 65536, 1]
    assert child(v42, "tightly_coupled").show == "TRUE (1)"


def latency(ops: int) -> bytes:
    return u64(ops) + u64(ops * 4096) + u64(ops) + u64(ops * 4096) + u64(0) + u64(1) + u32(500) + u64(2) + u32(0)


FF_LAYOUTUPDATE = NETADDR + FH + latency(3) + latency(0) + u64(10) + u32(0) + u32(0)


def test_layoutreturn_with_ff_layoutreturn4():
    ioerr = u64(0) + u64(4096) + stateid(2, OTHER) + u32(1) + DEV + u32(5, 25)  # NFS4ERR_IO on READ
    iostats = u64(0) + u64(4096) + stateid(2, OTHER) + u64(3) + u64(12288) + u64(0) + u64(0) + DEV + FF_LAYOUTUPDATE
    ff_return = u32(1) + ioerr + u32(1) + iostats
    ret = u32(51) + u32(0, 4, 3) + u32(1) + u64(0) + u64(ALL_ONES) + stateid(2, OTHER) + opaque(ff_return)
    call_m, _ = pair(0x502, [u32(22) + FH, ret], [u32(22, 0), u32(51, 0) + u32(0)])
    (body,) = fields(call_m, "body")
    assert body_bytes(call_m, body) == ff_return
    (error,) = fields(call_m, "errors[0]")
    assert child(error, "deviceid").value == DEV.hex()
    assert child(error, "status").value == 5 and child(error, "opnum").show == "OP_READ (25)"
    (stats,) = fields(call_m, "iostats_report[0]")
    assert child(child(stats, "read"), "count").value == 3 and child(child(stats, "read"), "bytes").value == 12288
    update = child(stats, "layoutupdate")
    assert text(child(child(update, "addr"), "netid")) == "tcp"
    assert child(child(update, "read"), "ops_completed").value == 3
    assert child(child(child(update, "read"), "total_busy_time"), "nseconds").value == 500
    assert child(child(update, "duration"), "seconds").value == 10
    assert child(update, "local").value == 0


def test_layoutstats_carries_ff_layoutupdate4():
    stats = (
        u32(65)
        + u64(0)
        + u64(ALL_ONES)
        + stateid(2, OTHER)
        + u64(
            3,
        )
        + u64(12288)
        + u64(1)
        + u64(4096)
        + DEV
    )
    stats += u32(4) + opaque(FF_LAYOUTUPDATE)
    call_m, _ = pair(0x503, [u32(22) + FH, stats], [u32(22, 0), u32(65, 0)], minor=2)
    (update,) = fields(call_m, "layoutupdate")
    body = child(update, "body")
    assert body_bytes(call_m, body) == FF_LAYOUTUPDATE
    assert child(child(body, "fhandle"), "data").value == "33" * 16
    assert child(child(body, "write"), "ops_requested").value == 0


# -- block volumes (RFC 5663) and SCSI (RFC 8154) -------------------------------------


def extent(file_offset: int, length: int, storage_offset: int, state: int) -> bytes:
    return DEV + u64(file_offset) + u64(length) + u64(storage_offset) + u32(state)


def test_block_layoutget_reply_lists_extents():
    layout = u32(2) + extent(0, 4096, 1 << 20, 0) + extent(4096, 8192, 0, 3)
    _, reply_m = pair(0x510, [u32(22) + FH, LAYOUTGET], [u32(22, 0), layoutget_reply(3, layout)])
    (body,) = fields(reply_m, "body")
    assert body_bytes(reply_m, body) == layout
    first, second = fields(reply_m, "extents[0]") + fields(reply_m, "extents[1]")
    assert child(first, "vol_id").value == DEV.hex()
    assert [child(first, n).value for n in ("file_offset", "length", "storage_offset")] == [0, 4096, 1 << 20]
    assert child(first, "state").show == "READ_WRITE_DATA (0)"
    assert child(second, "file_offset").value == 4096 and child(second, "state").show == "NONE_DATA (3)"


def test_block_device_address_with_every_volume_type():
    simple = u32(0) + u32(2) + u64(512) + opaque(b"LABEL") + u64((1 << 64) - 1024) + opaque(b"\x00\x01")
    slice_ = u32(1) + u64(0) + u64(1 << 30) + u32(0)
    concat = u32(2) + u32(2, 0, 1)
    stripe = u32(3) + u64(65536) + u32(2, 1, 2)
    addr = u32(4) + simple + slice_ + concat + stripe
    _, reply_m = pair(0x511, [u32(47) + DEV + u32(3, 65536) + u32(0)], [u32(47, 0) + u32(3) + opaque(addr) + u32(0)])
    (body,) = fields(reply_m, "addr_body")
    assert body_bytes(reply_m, body) == addr
    vols = [fields(reply_m, f"volumes[{i}]")[0] for i in range(4)]
    assert [child(v, "type").show for v in vols] == ["SIMPLE (0)", "SLICE (1)", "CONCAT (2)", "STRIPE (3)"]
    sig0, sig1 = fields(reply_m, "signature[0]") + fields(reply_m, "signature[1]")
    assert child(sig0, "sig_offset").value == 512 and child(child(sig0, "contents"), "data").value == b"LABEL".hex()
    assert child(sig1, "sig_offset").value == -1024  # negative: counted from the end of the volume
    assert [child(child(vols[1], "slice"), n).value for n in ("start", "length", "volume")] == [0, 1 << 30, 0]
    assert child(child(vols[2], "volumes"), "volumes").value == [0, 1]
    assert child(vols[3], "stripe_unit").value == 65536 and child(child(vols[3], "volumes"), "volumes").value == [1, 2]


def test_scsi_device_address_names_the_designator_and_key():
    base = u32(4) + u32(1, 3) + opaque(bytes.fromhex("600a098038303053")) + u64(0x1122334455667788)
    addr = u32(1) + base
    _, reply_m = pair(0x512, [u32(47) + DEV + u32(5, 65536) + u32(0)], [u32(47, 0) + u32(5) + opaque(addr) + u32(0)])
    (vol,) = fields(reply_m, "volumes[0]")
    assert child(vol, "type").show == "BASE (4)"
    info = child(vol, "base")
    assert child(info, "code_set").show == "BINARY (1)" and child(info, "designator_type").show == "NAA (3)"
    assert child(child(info, "designator"), "data").value == "600a098038303053"
    assert child(info, "pr_key").value == 0x1122334455667788 and child(info, "pr_key").show == "0x1122334455667788"


def test_layoutcommit_bodies_for_block_and_scsi():
    def commit(layout_type: int, update: bytes) -> bytes:
        head = u32(49) + u64(0) + u64(8192) + u32(0) + stateid(2, OTHER) + u32(1) + u64(8191) + u32(0)
        return head + u32(layout_type) + opaque(update)

    block = u32(1) + extent(0, 8192, 1 << 20, 0)
    scsi = u32(2) + u64(0) + u64(4096) + u64(4096) + u64(4096)
    flex = b""
    call_m, _ = pair(
        0x513,
        [u32(22) + FH, commit(3, block), commit(5, scsi), commit(4, flex)],
        [u32(22, 0)] + [u32(49, 0) + u32(0)] * 3,
    )
    (block_body,) = [f for f in fields(call_m, "body") if body_bytes(call_m, f) == block]
    (blu,) = [c for c in block_body.children if c.name == "commit_list"]
    assert child(blu.children[0], "storage_offset").value == 1 << 20
    (scsi_body,) = [f for f in fields(call_m, "body") if body_bytes(call_m, f) == scsi]
    ranges = child(scsi_body, "commit_list").children
    assert [(child(r, "file_offset").value, child(r, "length").value) for r in ranges] == [(0, 4096), (4096, 4096)]
    assert in_op(call_m, 3, "body_len") == 0


def test_unknown_layout_types_stay_bytes():
    osd = bytes(range(8))
    layouts = u32(2) + u64(0) + u64(ALL_ONES) + u32(1) + u32(2) + opaque(osd)
    layouts += u64(0) + u64(ALL_ONES) + u32(1) + u32(0x80000001) + opaque(b"xyz")
    res = u32(50, 0) + u32(0) + stateid(2, OTHER) + layouts
    _, reply_m = pair(0x514, [u32(22) + FH, LAYOUTGET], [u32(22, 0), res])
    first, second = fields(reply_m, "body")
    assert first.value == osd.hex() and not first.children
    assert second.value == b"xyz".hex() and not second.children
    assert fields(reply_m, "layout_type")[1].show == "Unknown (2147483649)"


# -- values as engineers read them ----------------------------------------------------


def test_open_share_access_named_bits():
    owner = u64(0xC11E) + opaque(b"open-owner")
    open_args = u32(18) + u32(0, 0x403, 0) + owner + u32(0) + u32(0) + string("f")
    downgrade = u32(21) + stateid(1, OTHER) + u32(2) + u32(0x10302, 3)
    resok = stateid(1, OTHER) + u32(1) + u64(5) + u64(6) + u32(0x4) + u32(0) + u32(0)
    call_m, _ = pair(
        0x520, [u32(22) + FH, open_args, downgrade], [u32(22, 0), u32(18, 0) + resok, u32(21, 0) + stateid(2, OTHER)]
    )
    access, access2 = fields(call_m, "share_access")
    assert access.value == 0x403  # the raw word, as --json writes it
    assert access.show == "0x00000403 (WANT_NO_DELEG, BOTH)"
    bits = {c.name: c for c in access.children}
    assert bits["access"].value == 3 and bits["access"].show.endswith("= BOTH (3)")
    assert bits["want"].value == 4 and bits["want"].show.endswith("= WANT_NO_DELEG (4)")
    assert bits["want_signal_deleg_when_resrc_avail"].value is False
    assert access2.value == 0x10302
    assert access2.show == "0x00010302 (WANT_SIGNAL_DELEG_WHEN_RESRC_AVAIL, WANT_ANY_DELEG, WRITE)"
    deny, deny2 = fields(call_m, "share_deny")
    assert (deny.value, deny.show) == (0, "NONE (0)") and (deny2.value, deny2.show) == (3, "BOTH (3)")
    assert field_json(access)["value"] == 0x403


def test_fattr4_times_show_iso_dates_and_keep_the_raw_numbers():
    attrs = u64(0) + u32(1_000_000) + u64(1796505423) + u32(123456789)  # time_delta (51), time_modify (53)
    getattr_res = u32(9, 0) + u32(2, 0, (1 << 19) | (1 << 21)) + opaque(attrs)
    _, reply_m = pair(0x521, [u32(22) + FH, u32(9) + u32(2, 0, (1 << 19) | (1 << 21))], [u32(22, 0), getattr_res])
    (modify,) = fields(reply_m, "time_modify")
    assert modify.show == "2026-12-05T21:17:03.123456789Z (1796505423 s 123456789 ns)"
    assert [(c.name, c.value) for c in modify.children] == [("seconds", 1796505423), ("nseconds", 123456789)]
    as_json = field_json(modify)
    assert as_json["value"] is None and as_json["show"] == modify.show
    assert [c["value"] for c in as_json["children"]] == [1796505423, 123456789]
    (delta,) = fields(reply_m, "time_delta")  # a duration, not a date: no date shown
    assert delta.show == "" and child(delta, "nseconds").value == 1_000_000


def test_setattr_mode_shows_rwx():
    setattr_args = u32(34) + stateid(0, bytes(12)) + u32(2, 0, 1 << 1) + opaque(u32(0o755))
    call_m, _ = pair(0x522, [u32(22) + FH, setattr_args], [u32(22, 0), u32(34, 0) + u32(2, 0, 1 << 1)])
    (mode,) = fields(call_m, "mode")
    assert mode.value == 0o755 and mode.show == "0o0755 (rwxr-xr-x)"


def test_time_text_edges():
    assert time_text(0, 0) == "1970-01-01T00:00:00.000000000Z (0 s 0 ns)"
    assert time_text(-1, 999_999_999) == "1969-12-31T23:59:59.999999999Z (-1 s 999999999 ns)"
    assert time_text(1796505423, None) == "2026-12-05T21:17:03Z (1796505423 s)"
    assert time_text(1, 1_000_000_000) == "1 s 1000000000 ns"  # not a valid nanosecond count
    assert time_text(1 << 62, 0) == f"{1 << 62} s 0 ns"  # beyond any calendar year
