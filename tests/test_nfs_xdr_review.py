"""NFSv4 argument and result layouts checked against the RFC XDR, from hand-built bytes.

Each body is written out field by field from the XDR of RFC 7530 (4.0), RFC 8881 /
RFC 5662 (4.1), RFC 7862 / RFC 7863 (4.2) and RFC 8276 (xattrs), then run through the
whole pipeline. Every operation is followed by another one (or ends the body), so a
field of the wrong width or a union arm taken wrongly shows up as a misplaced next
operation or as leftover bytes, not only as a wrong value.
"""

from __future__ import annotations

from hexview.protocols.rpc.nfs import nfs
from test_nfs_bodies import (
    ALL_ONES,
    OTHER,
    SESSION,
    _default_p2p_numbers,
    call,
    child,
    compound,
    compound_reply,
    exchange,
    fields,
    in_op,
    no_errors,
    opaque,
    record,
    sequence_op,
    sequence_res,
    stateid,
    string,
    u32,
    u64,
    value,
)

__all__ = ["_default_p2p_numbers"]  # the autouse fixture, re-exported so it applies here too

VERF = bytes.fromhex("0011223344556677")
FH = opaque(b"\x33" * 16)


def pair(xid: int, ops: list[bytes], results: list[bytes], status: int = 0):
    call_m, reply_m = exchange(("c", record(compound(xid, ops))), ("s", record(compound_reply(xid, results, status))))
    no_errors(call_m)
    no_errors(reply_m)
    return call_m, reply_m


def shows(message, label: str) -> str:
    return fields(message, label)[0].show


def ends_at_body_end(message, label: str) -> None:
    """The operation array ends exactly where the RPC body does: nothing left over."""
    (array,) = fields(message, label)
    assert array.end == len(message.data)


def fattr(words: list[int], values: bytes) -> bytes:
    return u32(len(words), *words) + opaque(values)


# -- OPEN: createhow4 EXCLUSIVE4_1, open_claim4, open_delegation4 (RFC 8881 18.16) ----------


def test_open_exclusive4_1_and_a_write_delegation_limited_by_blocks():
    owner = u64(0xC11E) + opaque(b"open-owner")
    createhow = u32(3) + VERF + fattr([1 << 4], u64(0))  # EXCLUSIVE4_1: creatverfattr {verifier, fattr4(size=0)}
    open_args = u32(18) + u32(0, 0x0002, 0) + owner + u32(1) + createhow + u32(0) + string("new.txt")
    ace = u32(0, 0, 0x1) + string("EVERYONE@")
    deleg = u32(2) + stateid(1, OTHER) + u32(0) + u32(2, 100, 512) + ace  # WRITE, space_limit by blocks
    resok = stateid(1, OTHER) + u32(1) + u64(5) + u64(6) + u32(0x4) + u32(1, 1 << 4) + deleg
    call_m, reply_m = pair(
        0x300,
        [sequence_op(), u32(22) + FH, open_args, u32(10)],
        [sequence_res(), u32(22, 0), u32(18, 0) + resok, u32(10, 0) + FH],
    )
    assert shows(call_m, "argarray") == "SEQUENCE, PUTFH, OPEN, GETFH"
    assert in_op(call_m, 2, "share_access") == 2 and in_op(call_m, 2, "opentype") == 1
    assert in_op(call_m, 2, "mode") == 3 and in_op(call_m, 2, "verf") == VERF.hex()
    assert child(fields(call_m, "claim")[0], "claim").show == "CLAIM_NULL (0)"  # open_claim4, then its discriminant
    assert child(fields(call_m, "file")[0], "value").value == "new.txt"
    assert shows(reply_m, "resarray") == "SEQUENCE, PUTFH, OPEN, GETFH"
    assert value(reply_m, "delegation_type") == 2 and value(reply_m, "recall") == 0
    assert fields(reply_m, "limitby")[0].show == "NFS_LIMIT_BLOCKS (2)"
    assert value(reply_m, "num_blocks") == 100 and value(reply_m, "bytes_per_block") == 512
    assert fields(reply_m, "acetype")[0].show == "ACE4_ACCESS_ALLOWED_ACE_TYPE (0)"
    assert child(fields(reply_m, "who")[0], "value").value == "EVERYONE@"
    ends_at_body_end(call_m, "argarray")
    ends_at_body_end(reply_m, "resarray")


def test_open_claim_deleg_cur_fh_and_a_none_ext_delegation():
    owner = u64(1) + opaque(b"o")
    open_args = u32(18) + u32(0, 1, 0) + owner + u32(0) + u32(5) + stateid(4, OTHER)  # NOCREATE, CLAIM_DELEG_CUR_FH
    deleg = u32(3) + u32(1) + u32(1)  # OPEN_DELEGATE_NONE_EXT, WND4_CONTENTION, will push
    resok = stateid(1, OTHER) + u32(0) + u64(0) + u64(0) + u32(0) + u32(0) + deleg
    call_m, reply_m = pair(0x301, [u32(22) + FH, open_args, u32(10)], [u32(22, 0), u32(18, 0) + resok, u32(10, 0) + FH])
    assert child(fields(call_m, "claim")[0], "claim").show == "CLAIM_DELEG_CUR_FH (5)"
    assert child(fields(call_m, "oc_delegate_stateid")[0], "seqid").value == 4
    assert fields(reply_m, "why")[0].show == "WND4_CONTENTION (1)"
    assert value(reply_m, "will_signal_or_push") == 1
    ends_at_body_end(call_m, "argarray")
    ends_at_body_end(reply_m, "resarray")


# -- LOCK / LOCKT: locker4 and LOCK4denied (RFC 8881 18.10, 18.11) ---------------------------


def test_lock_with_a_new_lock_owner_and_the_denied_reply():
    locker = u32(1) + u32(3) + stateid(1, OTHER) + u32(0) + u64(0xC11E) + opaque(b"lock-owner")
    lock = u32(12) + u32(2, 0) + u64(100) + u64(ALL_ONES) + locker
    denied = u64(50) + u64(200) + u32(1) + u64(0xBEEF) + opaque(b"other-owner")
    call_m, reply_m = pair(0x310, [u32(22) + FH, lock], [u32(22, 0), u32(12, 10010) + denied], status=10010)
    assert in_op(call_m, 1, "new_lock_owner") == 1 and in_op(call_m, 1, "open_seqid") == 3
    assert in_op(call_m, 1, "lock_seqid") == 0 and in_op(call_m, 1, "length") == ALL_ONES
    assert shows(reply_m, "resarray") == "PUTFH, LOCK NFS4ERR_DENIED"
    assert in_op(reply_m, 1, "offset") == 50 and in_op(reply_m, 1, "length") == 200
    assert in_op(reply_m, 1, "clientid") == 0xBEEF
    ends_at_body_end(reply_m, "resarray")


def test_lock_with_an_existing_lock_stateid_and_lockt_denied():
    lock = u32(12) + u32(1, 0) + u64(0) + u64(10) + u32(0) + stateid(9, OTHER) + u32(4)
    lockt = u32(13) + u32(2) + u64(0) + u64(10) + u64(7) + opaque(b"tester")
    denied = u64(0) + u64(10) + u32(2) + u64(8) + opaque(b"holder")
    call_m, reply_m = pair(
        0x311, [u32(22) + FH, lock, lockt], [u32(22, 0), u32(12, 0) + stateid(10, OTHER), u32(13, 10010) + denied], status=10010
    )
    assert in_op(call_m, 1, "new_lock_owner") == 0 and in_op(call_m, 1, "lock_seqid") == 4
    assert in_op(call_m, 2, "clientid") == 7
    assert shows(reply_m, "resarray") == "PUTFH, LOCK, LOCKT NFS4ERR_DENIED"
    assert in_op(reply_m, 2, "locktype") == 2 and in_op(reply_m, 2, "clientid") == 8
    ends_at_body_end(call_m, "argarray")
    ends_at_body_end(reply_m, "resarray")


# -- SETATTR4res carries attrsset whatever the status (RFC 8881 18.30) --------------------------


def test_setattr_error_still_carries_attrsset():
    setattr_args = u32(34) + stateid(0, bytes(12)) + fattr([0, 1 << (54 - 32)], u32(0))  # time_modify_set: server time
    call_m, reply_m = pair(0x320, [u32(22) + FH, setattr_args], [u32(22, 0), u32(34, 13) + u32(0)], status=13)
    assert fields(call_m, "set_it")[0].show == "SET_TO_SERVER_TIME4 (0)"
    assert shows(reply_m, "resarray") == "PUTFH, SETATTR NFS4ERR_ACCESS"
    assert value(reply_m, "num_words") == 0
    ends_at_body_end(reply_m, "resarray")


# -- READDIR: the entry4 linked list (RFC 8881 18.23) -------------------------------------------


def test_readdir_entries_are_a_value_follows_chain():
    readdir = u32(26) + u64(0) + bytes(8) + u32(4096, 8192) + u32(1, 1 << 20)

    def entry(cookie: int, name: str, fileid: int) -> bytes:
        return u64(cookie) + string(name) + fattr([1 << 20], u64(fileid))

    reply_body = VERF + u32(1) + entry(3, "a", 11) + u32(1) + entry(4, "bb", 12) + u32(0) + u32(1)
    call_m, reply_m = pair(0x330, [u32(22) + FH, readdir, u32(10)], [u32(22, 0), u32(26, 0) + reply_body, u32(10, 0) + FH])
    assert in_op(call_m, 1, "dircount") == 4096 and in_op(call_m, 1, "maxcount") == 8192
    entries = fields(reply_m, "entries")[0].children
    assert [child(e, "cookie").value for e in entries] == [3, 4]
    assert [child(child(e, "name"), "value").value for e in entries] == ["a", "bb"]
    assert [f.value for f in fields(reply_m, "fileid")] == [11, 12]
    assert value(reply_m, "eof") == 1
    ends_at_body_end(reply_m, "resarray")


# -- EXCHANGE_ID, CREATE_SESSION (RFC 8881 18.35, 18.36) ---------------------------------------


def test_exchange_id_with_mach_cred_protection_and_an_implementation_id():
    mach = u32(1, 1 << 2) + u32(1, 1 << 5)  # spo_must_enforce, spo_must_allow
    impl = string("kernel.org") + string("Linux 6.1") + u64(0) + u32(0)
    args = u32(42) + VERF + opaque(b"client-owner") + u32(0x101) + u32(1) + mach + u32(1) + impl
    resok = u64(0xC0FFEE) + u32(1) + u32(0x20001) + u32(0) + u64(9) + opaque(b"major") + opaque(b"scope") + u32(0)
    call_m, reply_m = pair(0x340, [args], [u32(42, 0) + resok])
    assert fields(call_m, "how")[0].show == "SP4_MACH_CRED (1)"
    assert [f.value for f in fields(call_m, "words")] == [[1 << 2], [1 << 5]]
    assert child(fields(call_m, "name")[0], "value").value == "Linux 6.1"
    assert value(reply_m, "clientid") == 0xC0FFEE and value(reply_m, "server_owner_minor_id") == 9
    assert child(fields(reply_m, "server_scope")[0], "data").value == b"scope".hex()
    ends_at_body_end(call_m, "argarray")
    ends_at_body_end(reply_m, "resarray")


def test_create_session_with_rdma_ird_and_two_callback_security_flavours():
    fore = u32(0, 1 << 20, 1 << 20, 4096, 8, 64) + u32(1, 2)  # ca_rdma_ird<1> holding 2
    back = u32(0, 4096, 4096, 0, 2, 1) + u32(0)
    sys_cred = u32(1) + u32(7) + string("host") + u32(0, 0) + u32(1, 10)
    gss = u32(6) + u32(2) + opaque(b"srv") + opaque(b"cli")
    args = u32(43) + u64(0xC0FFEE) + u32(1, 0x2) + fore + back + u32(0x40000000) + u32(2) + sys_cred + gss
    resok = SESSION + u32(1, 0x2) + fore + back
    call_m, reply_m = pair(0x341, [args], [u32(43, 0) + resok])
    assert [f.value for f in fields(call_m, "rdma_ird")] == [[2], []]
    assert [f.value for f in fields(call_m, "maxoperations")] == [8, 2]
    assert value(call_m, "cb_program") == 0x40000000 and value(call_m, "num_sec_parms") == 2
    assert fields(call_m, "gss_service")[0].show == "RPC_GSS_SVC_INTEGRITY (2)"
    assert child(fields(call_m, "handle_from_client")[0], "data").value == b"cli".hex()
    assert value(reply_m, "sessionid") == SESSION.hex() and value(reply_m, "maxrequests") == 64
    ends_at_body_end(call_m, "argarray")
    ends_at_body_end(reply_m, "resarray")


# -- SECINFO_NO_NAME, GET_DIR_DELEGATION, LAYOUTCOMMIT, LAYOUTRETURN (RFC 8881 18.45, 18.39, 18.42, 18.44)


def test_secinfo_no_name_lists_gss_and_sys_flavours():
    krb5_oid = bytes.fromhex("2a864886f712010202")
    secinfo = u32(6) + opaque(krb5_oid) + u32(0, 3) + u32(1)
    call_m, reply_m = pair(0x350, [u32(24), u32(52, 1)], [u32(24, 0), u32(52, 0) + u32(2) + secinfo])
    assert fields(call_m, "style")[0].show == "SECINFO_STYLE4_PARENT (1)"
    assert [f.show for f in fields(reply_m, "flavor")] == ["RPCSEC_GSS (6)", "AUTH_SYS (1)"]
    assert fields(reply_m, "service")[0].show == "RPC_GSS_SVC_PRIVACY (3)"
    ends_at_body_end(reply_m, "resarray")


def test_get_dir_delegation_unavailable_is_a_non_fatal_ok_result():
    args = u32(46) + u32(1) + u32(1, 0x8) + u64(0) + u32(0) + u64(1) + u32(0) + u32(0) + u32(0)
    call_m, reply_m = pair(0x351, [u32(22) + FH, args, u32(10)], [u32(22, 0), u32(46, 0) + u32(1, 1), u32(10, 0) + FH])
    assert child(fields(call_m, "dir_attr_delay")[0], "seconds").value == 1
    assert fields(reply_m, "gddr_status")[0].show == "GDD4_UNAVAIL (1)"
    assert value(reply_m, "will_signal_deleg_avail") == 1
    ends_at_body_end(call_m, "argarray")
    ends_at_body_end(reply_m, "resarray")


def test_layoutcommit_and_layoutreturn_unions():
    commit = (
        u32(49)
        + u64(0)
        + u64(8192)
        + u32(0)
        + stateid(2, OTHER)
        + u32(1)
        + u64(8191)
        + u32(1)
        + u64(1_700_000_000)
        + u32(0)
        + u32(1)
        + opaque(b"")
    )
    ret = u32(51) + u32(0, 1, 3) + u32(1) + u64(0) + u64(ALL_ONES) + stateid(2, OTHER) + opaque(b"")
    call_m, reply_m = pair(
        0x352, [u32(22) + FH, commit, ret], [u32(22, 0), u32(49, 0) + u32(1) + u64(8192), u32(51, 0) + u32(1) + stateid(3, OTHER)]
    )
    assert child(fields(call_m, "last_write_offset")[0], "offset").value == 8191
    assert child(fields(call_m, "time")[0], "seconds").value == 1_700_000_000
    assert in_op(call_m, 2, "returntype") == 1 and in_op(call_m, 2, "length") == ALL_ONES
    assert value(reply_m, "size") == 8192
    assert in_op(reply_m, 2, "stateid_present") == 1 and in_op(reply_m, 2, "seqid") == 3
    ends_at_body_end(call_m, "argarray")
    ends_at_body_end(reply_m, "resarray")


# -- 4.2: COPY, COPY_NOTIFY, READ_PLUS, SEEK, WRITE_SAME (RFC 7862 15.2, 15.3, 15.10, 15.11, 15.12)


def test_copy_from_another_server_and_the_offload_no_reqs_reply():
    netloc = u32(3) + string("tcp") + string("10.0.0.9.8.1")
    copy = u32(60) + stateid(1, OTHER) + stateid(2, OTHER) + u64(0) + u64(4096) + u64(1 << 20) + u32(1, 0) + u32(1) + netloc
    call_m, reply_m = pair(
        0x360,
        [u32(22) + FH, u32(32), u32(22) + FH, copy],
        [u32(22, 0), u32(32, 0), u32(22, 0), u32(60, 10094) + u32(0, 1)],
        status=10094,
    )
    assert in_op(call_m, 3, "count") == 1 << 20 and in_op(call_m, 3, "consecutive") == 1
    assert fields(call_m, "nl_type")[0].show == "NL4_NETADDR (3)"
    assert shows(reply_m, "resarray") == "PUTFH, SAVEFH, PUTFH, COPY NFS4ERR_OFFLOAD_NO_REQS"
    assert in_op(reply_m, 3, "consecutive") == 0 and in_op(reply_m, 3, "synchronous") == 1
    ends_at_body_end(call_m, "argarray")
    ends_at_body_end(reply_m, "resarray")


def test_copy_ok_and_copy_notify():
    wr = u32(1) + stateid(5, OTHER) + u64(1 << 20) + u32(2) + VERF  # wr_callback_id<1>, count, FILE_SYNC4, verifier
    notify = u32(61) + stateid(1, OTHER) + u32(1) + string("dst.example")
    notify_ok = u64(90) + u32(0) + stateid(6, OTHER) + u32(1) + u32(2) + string("nfs://src.example/")
    copy = u32(60) + stateid(1, OTHER) + stateid(2, OTHER) + u64(0) + u64(0) + u64(1 << 20) + u32(0, 1) + u32(0)
    call_m, reply_m = pair(0x361, [u32(22) + FH, notify, copy], [u32(22, 0), u32(61, 0) + notify_ok, u32(60, 0) + wr + u32(1, 1)])
    assert child(fields(call_m, "name")[0], "value").value == "dst.example"
    assert child(fields(reply_m, "lease_time")[0], "seconds").value == 90
    assert fields(reply_m, "nl_type")[0].show == "NL4_URL (2)"
    assert in_op(reply_m, 2, "count") == 1 << 20 and in_op(reply_m, 2, "committed") == 2
    assert in_op(reply_m, 2, "writeverf") == VERF.hex()
    ends_at_body_end(call_m, "argarray")
    ends_at_body_end(reply_m, "resarray")


def test_read_plus_data_and_hole_then_seek():
    read_plus = u32(68) + stateid(1, OTHER) + u64(0) + u32(65536)
    seek = u32(69) + stateid(1, OTHER) + u64(0) + u32(1)
    contents = u32(2) + u32(0) + u64(0) + opaque(b"abc") + u32(1) + u64(3) + u64(65533)
    call_m, reply_m = pair(
        0x362, [u32(22) + FH, read_plus, seek], [u32(22, 0), u32(68, 0) + u32(1) + contents, u32(69, 0) + u32(0) + u64(3)]
    )
    assert in_op(call_m, 1, "count") == 65536 and fields(call_m, "what")[0].show == "NFS4_CONTENT_HOLE (1)"
    parts = fields(reply_m, "contents")[0].children
    assert [child(p, "content_type").value for p in parts] == [0, 1]
    assert child(child(parts[0], "data"), "data").value == b"abc".hex()
    assert child(parts[1], "offset").value == 3 and child(parts[1], "length").value == 65533
    assert in_op(reply_m, 2, "offset") == 3
    ends_at_body_end(reply_m, "resarray")


def test_write_same_application_data_block():
    adb = u64(0) + u64(512) + u64(4) + u64(ALL_ONES) + u32(0) + u64(0) + opaque(b"\xaa" * 8)
    args = u32(70) + stateid(1, OTHER) + u32(2) + adb
    wr = u32(0) + u64(4) + u32(2) + VERF
    call_m, reply_m = pair(0x363, [u32(22) + FH, args, u32(10)], [u32(22, 0), u32(70, 0) + wr, u32(10, 0) + FH])
    assert in_op(call_m, 1, "block_size") == 512 and in_op(call_m, 1, "reloff_blocknum") == ALL_ONES
    assert in_op(call_m, 1, "block_num") == 0 and child(fields(call_m, "pattern")[0], "length").value == 8
    assert value(reply_m, "num_callback_id") == 0 and in_op(reply_m, 1, "count") == 4
    ends_at_body_end(call_m, "argarray")
    ends_at_body_end(reply_m, "resarray")


# -- RFC 8276 extended attributes ---------------------------------------------------------------


def test_setxattr_and_listxattrs():
    setx = u32(73) + u32(1) + string("user.k") + opaque(b"v")
    listx = u32(74) + u64(0) + u32(4096)
    list_ok = u64(2) + u32(2) + string("user.a") + string("user.b") + u32(1)
    call_m, reply_m = pair(
        0x370, [u32(22) + FH, setx, listx], [u32(22, 0), u32(73, 0) + u32(1) + u64(1) + u64(2), u32(74, 0) + list_ok]
    )
    assert fields(call_m, "option")[0].show == "SETXATTR4_CREATE (1)"
    assert [child(n, "value").value for n in fields(reply_m, "names")[0].children] == ["user.a", "user.b"]
    assert in_op(reply_m, 2, "eof") == 1 and in_op(reply_m, 1, "after") == 2
    ends_at_body_end(reply_m, "resarray")


# -- fattr4: attributes from 96 on --------------------------------------------------------------


def test_a_fourth_bitmap_word_leaves_its_values_visible_as_undecoded():
    values = u64(10) + b"\x77" * 8
    _, reply_m = pair(
        0x380, [u32(24), u32(9) + u32(4, 1 << 4, 0, 0, 1)], [u32(24, 0), u32(9, 0) + fattr([1 << 4, 0, 0, 1], values)]
    )
    (vals,) = fields(reply_m, "attr_vals")
    assert [f.name for f in vals.children] == ["size", "undecoded"]
    assert vals.children[1].value == "77" * 8


def test_change_policy_and_change_attr_type_attributes():
    w1, w2 = 1 << (60 - 32), 1 << (79 - 64)
    _, reply_m = pair(
        0x381, [u32(24), u32(9) + u32(3, 0, w1, w2)], [u32(24, 0), u32(9, 0) + fattr([0, w1, w2], u64(1) + u64(2) + u32(3))]
    )
    assert value(reply_m, "cp_major") == 1 and value(reply_m, "cp_minor") == 2
    assert fields(reply_m, "change_attr_type")[0].show == "NFS4_CHANGE_TYPE_IS_TIME_METADATA (3)"


# -- CB_COMPOUND: CB_SEQUENCE referring calls, CB_OFFLOAD, CB_NOTIFY_LOCK, CB_RECALL_ANY, CB_PUSH_DELEG


def test_callbacks_from_rfc_8881_and_7862():
    referring = SESSION + u32(1) + u32(5, 0)
    cb_sequence = u32(11) + SESSION + u32(1, 0, 0, 0) + u32(1) + referring
    offload = u32(15) + FH + stateid(7, OTHER) + u32(10008) + u64(4096)  # failure arm: coa_bytes_copied
    notify_lock = u32(13) + FH + u64(0xC11E) + opaque(b"waiter")
    recall_any = u32(8) + u32(0) + u32(1, 0b11)
    push = u32(7) + FH + u32(1) + stateid(8, OTHER) + u32(0) + u32(0, 0, 0x1) + string("EVERYONE@")
    cb_call = call(
        0x5100, nfs.LINUX_CB_PROGRAM, 1, 1, string("") + u32(1, 0, 5) + cb_sequence + offload + notify_lock + recall_any + push
    )
    cb_reply_body = u32(0) + string("") + u32(5) + u32(11, 0) + SESSION + u32(1, 0, 0, 0) + u32(15, 0, 13, 0, 8, 0, 7, 0)
    cb_reply = u32(0x5100, 1, 0, 0, 0, 0) + cb_reply_body
    call_m, reply_m = exchange(("s", record(cb_call)), ("c", record(cb_reply)))
    no_errors(call_m)
    no_errors(reply_m)
    assert shows(call_m, "argarray") == "CB_SEQUENCE, CB_OFFLOAD, CB_NOTIFY_LOCK, CB_RECALL_ANY, CB_PUSH_DELEG"
    assert value(call_m, "num_referring_calls") == 1 and value(call_m, "sequenceid") == 1
    assert in_op(call_m, 1, "status") == 10008 and in_op(call_m, 1, "count") == 4096
    assert in_op(call_m, 2, "clientid") == 0xC11E
    assert in_op(call_m, 3, "words") == [0b11]
    assert in_op(call_m, 4, "delegation_type") == 1 and in_op(call_m, 4, "seqid") == 8
    ends_at_body_end(call_m, "argarray")
    assert shows(reply_m, "resarray") == "CB_SEQUENCE, CB_OFFLOAD, CB_NOTIFY_LOCK, CB_RECALL_ANY, CB_PUSH_DELEG"
    ends_at_body_end(reply_m, "resarray")


# -- names that are not UTF-8 ----------------------------------------------------------------------


def test_a_name_that_is_not_utf8_still_decodes():
    """component4 is opaque<> in the XDR (RFC 8881 section 14; fs_charset_cap exists
    because servers see such names): a Latin-1 'café' decodes, its byte kept as an
    escape, and the operations after it decode too."""
    call, reply = pair(0x390, [u32(22) + FH, u32(15) + opaque(b"caf\xe9"), u32(10)], [u32(22, 0), u32(15, 0), u32(10, 0) + FH])
    name = next(f for f in call.decode().walk() if f.name == "objname")
    text = next(f for f in name.children if f.name == "value")
    assert text.value == "caf\\xe9" and (text.start, text.end) == (88, 92)
    assert [f.show for f in call.decode().walk() if f.name == "argarray"] == ["PUTFH, LOOKUP, GETFH"]
