"""Gluster bodies checked against glusterfs's own XDR definitions (review of ksy/gluster/).

Every byte string here is written out field by field from the .x struct named in the
comment (glusterfs3-xdr.x as of b23e81119d^ for FOP version 330, glusterfs4-xdr.x,
glusterd1-xdr.x and rpc-common-xdr.x at 595745f8e4), not taken from a capture, so
each test says what the layout is independently of tshark.
"""

from __future__ import annotations

import struct

from hexview.compiled import gluster_fop3_call, gluster_fop3_reply, gluster_glusterd, gluster_helpers
from hexview.decode.kaitai_tree import parse_fields
from hexview.protocols.rpc.gluster import programs as gp
from hexview.protocols.rpc.gluster.bodies import BODIES

CALL3, REPLY3 = gluster_fop3_call.GlusterFop3Call, gluster_fop3_reply.GlusterFop3Reply


def _xdr_string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack(">I", len(raw)) + raw + bytes(-len(raw) % 4)


def _xdr_opaque(raw: bytes) -> bytes:
    return struct.pack(">I", len(raw)) + raw + bytes(-len(raw) % 4)


def _by_name(fields, name: str):
    found = [f for top in fields for f in top.walk() if f.name == name]
    assert found, name
    return found[0]


def _locklist(owner: bytes, client_uid: str, lk_flags: int, more: bool) -> bytes:
    """struct gfs3_locklist: gf_proto_flock flock; string client_uid<>; unsigned int lk_flags;
    then the next entry's optional-data discriminant."""
    flock = struct.pack(">IIQQI", 1, 0, 10, 20, 4242) + _xdr_opaque(owner)  # type WRLCK, whence, start, len, pid, lk_owner<>
    return flock + _xdr_string(client_uid) + struct.pack(">II", lk_flags, 1 if more else 0)


# -- FOP version 330: LEASE (50), GETACTIVELK (51), SETACTIVELK (52) ------------------------


def test_v330_lease_call_and_reply():
    """gfs3_lease_req { opaque gfid[16]; gf_proto_lease lease; opaque xdata<>; } and
    gfs3_lease_rsp { int op_ret; int op_errno; gf_proto_lease lease; opaque xdata<>; },
    gf_proto_lease { unsigned int cmd; unsigned int lease_type; opaque lease_id[16];
    unsigned int lease_flags; }. The 3.x client sends GFS3_OP_LEASE with them
    (client3_3_lease, client-rpc-fops.c before b23e81119d)."""
    gfid, lease_id = bytes(range(16)), bytes([0xAA] * 16)
    lease = struct.pack(">II", 2, 1) + lease_id + struct.pack(">I", 0)  # GF_SET_LEASE, GF_RD_LEASE, id, flags
    args = gfid + lease + struct.pack(">I", 0)  # xdata<> empty
    fields, errors, consumed, obj = parse_fields(CALL3, args, {"proc": 50})
    assert not errors and consumed == len(args) == 16 + 28 + 4
    assert obj.body.gfid == gfid
    assert obj.body.lease.cmd.name == "gf_set_lease" and obj.body.lease.lease_type.name == "gf_rd_lease"
    assert obj.body.lease.lease_id == lease_id
    assert (_by_name(fields, "lease").start, _by_name(fields, "lease").end) == (16, 44)
    assert (_by_name(fields, "xdata").start, _by_name(fields, "xdata").end) == (44, 48)

    results = struct.pack(">ii", 0, 0) + lease + struct.pack(">I", 0)  # op_ret, op_errno, lease, xdata<>
    fields, errors, consumed, obj = parse_fields(REPLY3, results, {"proc": 50})
    assert not errors and consumed == len(results)
    assert obj.body.op_ret == 0 and obj.body.lease.lease_id == lease_id
    assert (_by_name(fields, "lease").start, _by_name(fields, "xdata").start) == (8, 36)


def test_v330_getactivelk_reply_and_setactivelk_call():
    """gfs3_getactivelk_req { opaque gfid[16]; opaque xdata<>; },
    gfs3_getactivelk_rsp { int op_ret; int op_errno; gfs3_locklist *reply; opaque xdata<>; },
    gfs3_setactivelk_req { opaque gfid[16]; gfs3_locklist *request; opaque xdata<>; },
    gfs3_setactivelk_rsp { int op_ret; int op_errno; opaque xdata<>; } -- the list comes
    *before* xdata in 3.x (in gfx_getactivelk_rsp it comes after)."""
    gfid = bytes([7] * 16)
    args = gfid + struct.pack(">I", 0)
    fields, errors, consumed, obj = parse_fields(CALL3, args, {"proc": 51})
    assert not errors and consumed == 20 and obj.body.gfid == gfid

    one = _locklist(b"owner-01", "client-a", 0, more=True)
    two = _locklist(b"ow2", "client-b", 1, more=False)
    results = struct.pack(">iiI", 0, 0, 1) + one + two + struct.pack(">I", 0)  # op_ret, op_errno, *reply, ..., xdata<>
    fields, errors, consumed, obj = parse_fields(REPLY3, results, {"proc": 51})
    assert not errors and consumed == len(results)
    assert [lk.client_uid.value for lk in obj.body.locks] == ["client-a", "client-b"]
    assert obj.body.locks[0].flock.lk_owner.data == b"owner-01" and obj.body.locks[0].flock.pid == 4242
    assert obj.body.locks[1].lk_flags == 1 and obj.body.locks[1].flock.type.name == "gf_lk_f_wrlck"
    xdata = _by_name(fields, "xdata")
    assert (xdata.start, xdata.end) == (len(results) - 4, len(results))

    args = gfid + struct.pack(">I", 1) + two + struct.pack(">I", 0)  # gfid, *request, entry, xdata<>
    fields, errors, consumed, obj = parse_fields(CALL3, args, {"proc": 52})
    assert not errors and consumed == len(args)
    assert [lk.client_uid.value for lk in obj.body.locks] == ["client-b"]
    fields, errors, consumed, obj = parse_fields(REPLY3, struct.pack(">iiI", -1, 22, 0), {"proc": 52})
    assert not errors and (obj.body.op_ret, obj.body.op_errno) == (-1, 22)


def test_v330_lease_and_activelk_are_registered():
    for proc in (50, 51, 52):
        assert (gp.FOP_PROGRAM, 330, proc) in BODIES, gp.FOP_PROCS[proc]
    assert (gp.FOP_PROGRAM, 330, 49) not in BODIES  # COMPOUND stays opaque


# -- GF-CBK CACHE_INVALIDATION: event_type is a gf_upcall_event_t ---------------------------


def test_cache_invalidation_event_type_is_gf_upcall_event_t():
    """gfs3_cbk_cache_invalidation_req { string gfid<>; unsigned int event_type; unsigned int
    flags; unsigned int expire_time_attr; gf_iatt stat, parent_stat, oldparent_stat;
    opaque xdata<>; }. The server fills event_type from gf_upcall->event_type
    (glusterfs3.h gf_proto_cache_invalidation_from_upcall), a gf_upcall_event_t
    (upcall-utils.h: 0 NULL, 1 CACHE_INVALIDATION, 2 RECALL_LEASE, ...), so 1 is cache
    invalidation, not GF_UPCALL of gf_upcall_flags_t."""
    iatt = bytes(range(16)) + struct.pack(">QQIIIIQQIQIIIIII", 5, 0x803, 0o100644, 1, 0, 0, 0, 10, 4096, 8, 1, 0, 2, 0, 3, 0)
    assert len(iatt) == 100  # struct gf_iatt
    gfid = _xdr_string("0408acd6-59ef-414b-b7c9-acc32b15dd43")
    args = gfid + struct.pack(">III", 1, 0x41, 60) + iatt * 3 + struct.pack(">I", 0)
    fields, errors, consumed, obj = parse_fields(
        gluster_helpers.GlusterHelpers, args, {"program": gp.CBK_PROGRAM, "proc": 5, "is_reply": False}
    )
    assert not errors and consumed == len(args)
    body = obj.cbk_args
    assert body.event_type.name == "gf_upcall_cache_invalidation" and body.flags == 0x41 and body.expire_time_attr == 60
    event = _by_name(fields, "event_type")
    assert (event.start, event.end) == (len(gfid), len(gfid) + 4) and event.show == "GF_UPCALL_CACHE_INVALIDATION (1)"
    assert body.stat.ia_ino == 5 and body.oldparent_stat.mode == 0o100644


# -- GD-BRICK: gd1_mgmt_brick_op_req.op is the brick procedure number -----------------------


def test_brick_op_req_op_is_a_glusterd_brick_procnum():
    """gd1_mgmt_brick_op_req { string name<>; int op; opaque input<>; opaque dict<>; }.
    glusterd sets op to a GLUSTERD_BRICK_* / GLUSTERD_NODE_* value (glusterd-op-sm.c
    glusterd_brick_op_build_payload: GLUSTERD_BRICK_STATUS for a status, 4; send_attach_req:
    GLUSTERD_BRICK_ATTACH, 12), the numbers of enum glusterd_brick_procnum -- not the
    glusterd_op_t codes, where 4 would read as GD_OP_DELETE_VOLUME."""
    name = _xdr_string("/bricks/b1")
    args = name + struct.pack(">i", 4) + _xdr_opaque(b"") + struct.pack(">I", 0)  # op, input<>, dict<>
    params = {"program": gp.BRICK_PROGRAM, "vers": 2, "proc": 4, "is_reply": False}
    fields, errors, consumed, obj = parse_fields(gluster_glusterd.GlusterGlusterd, args, params)
    assert not errors and consumed == len(args)
    assert obj.gd_brick_v2_args.op.name == "glusterd_brick_status"
    op = _by_name(fields, "op")
    assert (op.start, op.end) == (len(name), len(name) + 4) and op.show == "GLUSTERD_BRICK_STATUS (4)"

    args = name + struct.pack(">i", 12) + _xdr_opaque(b"") + struct.pack(">I", 0)
    _, errors, _, obj = parse_fields(gluster_glusterd.GlusterGlusterd, args, {**params, "proc": 12})
    assert not errors and obj.gd_brick_v2_args.op.name == "glusterd_brick_attach"


def test_cli_list_volume_is_gf_cli_req_and_gf_cli_rsp():
    """GLUSTER_CLI_LIST_VOLUME (33): cli-rpc-ops.c gf_cli_list_volume submits an empty
    gf_cli_req { opaque dict<>; }, glusterd's __glusterd_handle_cli_list_volume answers
    gf_cli_rsp { int op_ret; int op_errno; string op_errstr<>; opaque dict<>; } with the
    volume names in the serialized dict."""
    params = {"program": gp.CLI_PROGRAM, "vers": 2, "proc": 33, "is_reply": False}
    args = struct.pack(">I", 0)  # dict<>: empty
    fields, errors, consumed, _ = parse_fields(gluster_glusterd.GlusterGlusterd, args, params)
    assert not errors and consumed == 4
    blob = struct.pack(">I", 1) + struct.pack(">II", 7, 5) + b"volume0\0" + b"gv00\0"  # dict_serialize()
    results = struct.pack(">ii", 0, 0) + _xdr_string("") + _xdr_opaque(blob)
    fields, errors, consumed, _ = parse_fields(gluster_glusterd.GlusterGlusterd, results, {**params, "is_reply": True})
    assert not errors and consumed == len(results)
    assert _by_name(fields, "op_ret").value == 0 and _by_name(fields, "key").value == "volume0"
    assert (BODIES[(gp.CLI_PROGRAM, 2, 33)][0] is not None) and (BODIES[(gp.CLI_PROGRAM, 2, 33)][1] is not None)


def _cli(proc: int, body: bytes, is_reply: bool):
    params = {"program": gp.CLI_PROGRAM, "vers": 2, "proc": proc, "is_reply": is_reply}
    fields, errors, consumed, _ = parse_fields(gluster_glusterd.GlusterGlusterd, body, params)
    assert not errors and consumed == len(body), (proc, errors)
    return fields


def test_cli_peer_list_fsm_log_getwd_mount_umount_bodies():
    """cli1-xdr.x: gf1_cli_peer_list_req { int flags; opaque dict<>; } / _rsp { int op_ret;
    int op_errno; opaque friends<>; } (LIST_FRIENDS 3); gf1_cli_fsm_log_req { string name<>; }
    / _rsp { int op_ret; int op_errno; string op_errstr<>; opaque fsm_log<>; } (FSM_LOG 21);
    gf1_cli_getwd_req { int unused; } / _rsp { int op_ret; int op_errno; string wd<>; }
    (GETWD 26); gf1_cli_mount_req { string label<>; opaque dict<>; } / _rsp { int op_ret;
    int op_errno; string path<>; } (MOUNT 29); gf1_cli_umount_req { int lazy; string path<>; }
    / _rsp { int op_ret; int op_errno; } (UMOUNT 30). The CLI sends them with these xdrprocs
    (cli-rpc-ops.c) and glusterd answers with the _rsp ones (glusterd-handler.c)."""
    peers = struct.pack(">I", 1) + struct.pack(">II", 8, 6) + b"hostname\0" + b"node2\0"  # dict_serialize()
    fields = _cli(3, struct.pack(">i", 1) + struct.pack(">I", 0), False)
    assert _by_name(fields, "flags").value == 1
    fields = _cli(3, struct.pack(">ii", 0, 0) + _xdr_opaque(peers), True)
    assert _by_name(fields, "key").value == "hostname" and _by_name(fields, "friends").start == 8
    fields = _cli(21, _xdr_string("node2"), False)
    assert _by_name(fields, "name").children[1].value == "node2"
    _cli(21, struct.pack(">ii", 0, 0) + _xdr_string("") + struct.pack(">I", 0), True)
    assert _by_name(_cli(26, struct.pack(">i", 1), False), "unused").value == 1
    fields = _cli(26, struct.pack(">ii", 0, 0) + _xdr_string("/var/lib/glusterd"), True)
    assert _by_name(fields, "wd").children[1].value == "/var/lib/glusterd"
    fields = _cli(29, _xdr_string("geo-rep") + struct.pack(">I", 0), False)
    assert _by_name(fields, "label").children[1].value == "geo-rep"
    fields = _cli(29, struct.pack(">ii", 0, 0) + _xdr_string("/mnt/mb_1"), True)
    assert _by_name(fields, "path").children[1].value == "/mnt/mb_1"
    fields = _cli(30, struct.pack(">i", 1) + _xdr_string("/mnt/mb_1"), False)
    assert _by_name(fields, "lazy").value == 1 and _by_name(fields, "path").start == 4
    fields = _cli(30, struct.pack(">ii", -1, 2), True)
    assert (_by_name(fields, "op_ret").value, _by_name(fields, "op_errno").value) == (-1, 2)


def test_cli_snapshot_and_reset_brick_are_gf_cli_req_and_rsp():
    """GLUSTER_CLI_SNAP (39) and RESET_BRICK (47): cli_to_glusterd(..., xdr_gf_cli_req, ...)
    in cli-rpc-ops.c; glusterd_op_send_cli_response answers GD_OP_SNAP and
    GD_OP_RESET_BRICK with xdr_gf_cli_rsp."""
    for proc in (39, 47):
        _cli(proc, struct.pack(">I", 0), False)
        fields = _cli(proc, struct.pack(">ii", 0, 0) + _xdr_string("") + struct.pack(">I", 0), True)
        assert _by_name(fields, "op_ret").value == 0
