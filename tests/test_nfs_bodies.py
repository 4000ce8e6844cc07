"""NFSv4.1 pNFS, callbacks, unknown opcodes, the peer-to-peer ops and RPC fragments, from hand-built bytes.

The captures contain no layouts (ganesha's VFS FSAL offers none) and no callbacks,
so these bodies are built here from the XDR of RFC 8881 (LAYOUTGET4args/res,
nfsv4_1_file_layout4, nfsv4_1_file_layout_ds_addr4, CB_LAYOUTRECALL4args) and, for
the peer-to-peer ops, from the layouts hexview infers from seed 003
(ksy/nfs/nfs_v4.ksy documents them as provisional). Each exchange runs through
the whole pipeline (TCP reassembly, RPC framing, pairing, decoding).
"""

from __future__ import annotations

import pytest

from hexview.pipeline import Pipeline
from hexview.protocols.rpc import onc_rpc
from hexview.protocols.rpc.nfs import nfs
from hexview.protocols.rpc.nfs import p2p as nfs_p2p
from tcp_packets import conversation_packets
from xdr import call, opaque, record, reply, string, u32, u64

CLIENT, SERVER = ("10.0.0.1", 901), ("10.0.0.2", 2049)
ALL_ONES = 0xFFFFFFFFFFFFFFFF


# -- XDR building ------------------------------------------------------------------


def stateid(seqid: int, other: bytes) -> bytes:
    assert len(other) == 12
    return u32(seqid) + other


SESSION = bytes(range(16))
OTHER = bytes.fromhex("0102030405060708090a0b0c")


def compound(xid: int, ops: list[bytes], tag: str = "", minor: int = 1) -> bytes:
    return call(xid, 100003, 4, 1, string(tag) + u32(minor, len(ops)) + b"".join(ops))


def compound_reply(xid: int, results: list[bytes], status: int = 0, tag: str = "") -> bytes:
    return reply(xid, u32(status) + string(tag) + u32(len(results)) + b"".join(results))


def sequence_op() -> bytes:
    return u32(53) + SESSION + u32(7, 0, 0, 0)


def sequence_res() -> bytes:
    return u32(53, 0) + SESSION + u32(7, 0, 7, 7, 0)


# -- running bytes through the pipeline --------------------------------------------


def exchange(*sends: tuple[str, bytes]) -> list:
    """Messages decoded from ('c'|'s', bytes) sends: client->server and server->client segments."""
    messages = list(Pipeline().run(conversation_packets(sends, CLIENT, SERVER)))
    assert all(m.conversation.protocol.name == "NFS" for m in messages)
    return messages


def fields(message, name: str) -> list:
    top = [f for f in message.decode().fields if f.name in ("args", "results")]
    return [f for t in top for f in t.walk() if f.name == name]


def value(message, name: str, index: int = 0):
    return fields(message, name)[index].value


def in_op(message, index: int, name: str):
    """The value of the first field ``name`` inside operation ``index`` of the args or results."""
    (op,) = [f for label in ("argarray", "resarray") for f in fields(message, f"{label}[{index}]")]
    return next(f for f in op.walk() if f.name == name).value


def child(field, name: str):
    return next(c for c in field.children if c.name == name)


def no_errors(message) -> None:
    assert not message.decode().errors, message.decode().errors


@pytest.fixture(autouse=True)
def _default_p2p_numbers(monkeypatch, tmp_path):
    """Each test starts from the built-in numbers (no user configuration file)."""
    monkeypatch.delenv(nfs_p2p.ENV, raising=False)
    monkeypatch.setattr(nfs_p2p, "DEFAULT_PATH", tmp_path / "absent.yaml")
    nfs_p2p.reset()
    yield
    nfs_p2p.reset()


# -- pNFS: LAYOUTGET with a file layout, GETDEVICEINFO with a file device address ------

FILE_LAYOUT = bytes(15) + b"\x01" + u32(0x00010000, 0) + u64(0) + u32(1) + opaque(bytes.fromhex("aabbccdd00112233"))


def test_layoutget_call_and_reply_with_a_file_layout():
    layoutget = u32(50, 0, 1, 1) + u64(0) + u64(ALL_ONES) + u64(4096) + stateid(1, OTHER) + u32(4096)
    assert len(layoutget) == 4 + 56  # the fact sheet's golden LAYOUTGET op
    putfh = u32(22) + opaque(b"\x11" * 8)
    layout = u64(0) + u64(ALL_ONES) + u32(1) + u32(1) + opaque(FILE_LAYOUT)
    assert len(FILE_LAYOUT) == 48
    res = u32(50, 0) + u32(1) + stateid(2, OTHER) + u32(1) + layout
    call_m, reply_m = exchange(
        ("c", record(compound(0x100, [sequence_op(), putfh, layoutget]))),
        ("s", record(compound_reply(0x100, [sequence_res(), u32(22, 0), res]))),
    )
    no_errors(call_m)
    no_errors(reply_m)
    assert reply_m.pair is call_m
    assert [f.show for f in fields(call_m, "argarray")] == ["SEQUENCE, PUTFH, LAYOUTGET"]
    assert value(call_m, "layout_type") == 1 and value(call_m, "iomode") == 1
    assert in_op(call_m, 2, "length") == ALL_ONES and value(call_m, "minlength") == 4096
    assert value(call_m, "maxcount") == 4096 and value(call_m, "seqid") == 1
    assert value(call_m, "other") == OTHER.hex()
    assert value(reply_m, "return_on_close") == 1 and value(reply_m, "seqid") == 2
    assert value(reply_m, "deviceid") == "00" * 15 + "01"
    assert value(reply_m, "nfl_util") == 0x10000 and value(reply_m, "first_stripe_index") == 0
    assert value(reply_m, "pattern_offset") == 0 and value(reply_m, "num_fh_list") == 1
    (fh,) = fields(reply_m, "fh_list[0]")
    assert child(fh, "length").value == 8 and child(fh, "data").value == "aabbccdd00112233"
    # the layout body sits exactly where its bytes are in the message
    body = fields(reply_m, "body")[0]
    assert reply_m.data[body.start : body.end] == FILE_LAYOUT


def test_layoutget_layouttrylater_carries_will_signal():
    res = u32(50, 10058, 1)
    call_m, reply_m = exchange(
        (
            "c",
            record(
                compound(0x101, [u32(24), u32(50, 0, 1, 1) + u64(0) + u64(ALL_ONES) + u64(0) + stateid(0, bytes(12)) + u32(0)])
            ),
        ),
        ("s", record(compound_reply(0x101, [u32(24, 0), res], status=10058))),
    )
    no_errors(reply_m)
    assert value(reply_m, "will_signal_layout_avail") == 1
    assert [f.show for f in fields(reply_m, "resarray")] == ["PUTROOTFH, LAYOUTGET NFS4ERR_LAYOUTTRYLATER"]


def test_getdeviceinfo_reply_with_a_file_device_address():
    netaddr = string("tcp") + string("192.168.1.5.8.1")
    assert netaddr.hex() == "00000003746370000000000f3139322e3136382e312e352e382e3100"  # the fact sheet's golden netaddr4
    ds_addr = u32(1, 0) + u32(1) + u32(1) + netaddr  # stripe_indices [0]; one data server with one address
    args = u32(47) + bytes(15) + b"\x01" + u32(1, 65536) + u32(1, 0x6)
    res = u32(47, 0) + u32(1) + opaque(ds_addr) + u32(1, 0x6)
    call_m, reply_m = exchange(
        ("c", record(compound(0x200, [sequence_op(), args]))), ("s", record(compound_reply(0x200, [sequence_res(), res])))
    )
    no_errors(call_m)
    no_errors(reply_m)
    assert value(call_m, "maxcount") == 65536
    assert value(reply_m, "stripe_indices") == [0]
    (addr,) = fields(reply_m, "addrs[0]")
    netid, uaddr = child(child(addr, "netid"), "value").value, child(child(addr, "addr"), "value").value
    assert (netid, uaddr) == ("tcp", "192.168.1.5.8.1")
    *host, p1, p2 = uaddr.split(".")
    assert ".".join(host) == "192.168.1.5" and int(p1) * 256 + int(p2) == 2049
    assert fields(reply_m, "words")[-1].value == [0x6]  # the notification bitmap after the opaque body


def test_getdeviceinfo_toosmall_carries_mincount():
    args = u32(47) + bytes(16) + u32(1, 8) + u32(0)
    _, reply_m = exchange(
        ("c", record(compound(0x201, [args]))), ("s", record(compound_reply(0x201, [u32(47, 10005, 200)], status=10005)))
    )
    no_errors(reply_m)
    assert value(reply_m, "mincount") == 200


# -- callbacks on the fore channel ---------------------------------------------------


def test_cb_compound_with_cb_layoutrecall_on_the_clients_connection():
    cb_sequence = u32(11) + SESSION + u32(1, 0, 0, 0) + u32(0)
    fh = opaque(b"\x22" * 12)
    recall = u32(5) + u32(1, 3, 1) + u32(1) + fh + u64(0) + u64(ALL_ONES) + stateid(3, OTHER)
    cb_call = call(0x5000, nfs.LINUX_CB_PROGRAM, 1, 1, string("cb") + u32(1, 0x42, 2) + cb_sequence + recall)
    cb_res = reply(0x5000, u32(0) + string("cb") + u32(2) + u32(11, 0) + SESSION + u32(1, 0, 0, 0) + u32(5, 0))
    first, cb_m, cb_reply, last = exchange(
        ("c", record(compound(0x300, [sequence_op()]))),
        ("s", record(cb_call)),  # server -> client call, before the fore reply
        ("c", record(cb_res)),
        ("s", record(compound_reply(0x300, [sequence_res()]))),
    )
    assert cb_m.kind == "call" and cb_m.direction == "s2c" and cb_m.name == "NFS-CB CB_COMPOUND call"
    assert cb_reply.pair is cb_m and last.pair is first
    for m in (cb_m, cb_reply, first, last):
        no_errors(m)
    assert value(cb_m, "callback_ident") == 0x42
    assert [f.show for f in fields(cb_m, "argarray")] == ["CB_SEQUENCE, CB_LAYOUTRECALL"]
    assert value(cb_m, "recalltype") == 1 and value(cb_m, "iomode") == 3 and value(cb_m, "changed") == 1
    recall = fields(cb_m, "recall")[0]
    assert child(recall, "length").value == ALL_ONES and child(child(recall, "stateid"), "seqid").value == 3
    assert child(child(recall, "fh"), "data").value == "22" * 12
    assert [f.show for f in fields(cb_reply, "resarray")] == ["CB_SEQUENCE, CB_LAYOUTRECALL"]


# -- an operation the decoder does not know -------------------------------------------


def test_unknown_opcode_stops_the_compound_there():
    tail = u32(10) + u32(9) + u32(1, 0x3)  # GETFH, GETATTR after it: not decodable without knowing op 9999
    body_ops = [sequence_op(), u32(24), u32(15) + string("dir"), u32(9999) + u32(0xDEAD)]
    (m,) = exchange(("c", record(compound(0x400, body_ops + [tail], tag="t"))))
    d = m.decode()
    assert [f.show for f in fields(m, "argarray")] == ["SEQUENCE, PUTROOTFH, LOOKUP, ?9999"]
    assert value(m, "num_argarray") == 5
    assert child(fields(m, "objname")[0], "value").value == "dir"
    unknown = fields(m, "argarray[3]")[0]
    assert unknown.show == "unknown operation 9999"
    stop = next(e for e in d.errors if e.reason.startswith("undecodable from here"))
    assert stop.reason == "undecodable from here: unknown operation 9999"
    assert stop.start == unknown.start and stop.end == m.length
    rest = next(e for e in d.errors if e.reason.startswith("undecoded:"))
    assert rest.start == unknown.start + 4 and rest.end == m.length  # the remaining bytes, kept visible
    assert m.data[rest.start : rest.end] == u32(0xDEAD) + tail


# -- the peer-to-peer pNFS extension (seed 003; provisional numbers) --------------------

P2P_FH = u32(0xC0FFEE, 3) + b"\x33" * 28  # MDS identifier (cb_ident, counter) + the MDS's handle


def test_p2p_register_ds_proxy_open_and_proxy_revoke():
    register = u32(76) + string("tcp") + string("10.0.0.1.8.1") + u32(0xC0FFEE, 3) + stateid(1, OTHER) + u32(0)
    putfh, proxy_open = u32(22) + opaque(b"\x44" * 16), u32(78) + opaque(P2P_FH)
    revoke = call(
        0x6000, nfs.LINUX_CB_PROGRAM, 1, 1, string("") + u32(1, 0, 1) + u32(16) + stateid(5, OTHER) + opaque(b"\x55" * 8)
    )
    reg_m, reg_r, po_m, po_r, rv_m = exchange(
        ("c", record(compound(0x700, [sequence_op(), register]))),
        ("s", record(compound_reply(0x700, [sequence_res(), u32(76, 0)]))),
        ("c", record(compound(0x701, [sequence_op(), putfh, proxy_open]))),
        ("s", record(compound_reply(0x701, [sequence_res(), u32(22, 0), u32(78, 0) + opaque(b"\x33" * 28) + stateid(9, OTHER)]))),
        ("s", record(revoke)),
    )
    for m in (reg_m, reg_r, po_m, po_r, rv_m):
        no_errors(m)
    assert [f.show for f in fields(reg_m, "argarray")] == ["SEQUENCE, REGISTER_DS"]
    assert child(fields(reg_m, "netid")[0], "value").value == "tcp"
    assert value(reg_m, "cb_ident") == 0xC0FFEE and value(reg_m, "counter") == 3
    assert value(reg_m, "sharing_type") == 0  # REGISTER_DS_ALL
    assert [f.show for f in fields(reg_r, "resarray")] == ["SEQUENCE, REGISTER_DS"]
    (p2p,) = fields(po_m, "p2p")  # PROXY_OPEN's handle is always split
    assert child(child(p2p, "mds_id"), "counter").value == 3 and child(p2p, "fh").value == "33" * 28
    assert in_op(po_r, 2, "seqid") == 9 and in_op(po_r, 2, "length") == 28  # translated handle + proxy stateid
    assert [f.show for f in fields(rv_m, "argarray")] == ["CB_PROXY_REVOKE"]


def test_p2p_numbers_come_from_a_configuration_file(monkeypatch, tmp_path):
    config = tmp_path / "p2p.yaml"
    config.write_text("REGISTER_DS: 90001\nPROXY_OPEN: null\nsplit_p2p_filehandles: true\n")
    monkeypatch.setenv(nfs_p2p.ENV, str(config))
    nfs_p2p.reset()
    register = u32(90001) + string("tcp") + string("10.0.0.1.8.1") + u32(1, 1) + stateid(1, OTHER) + u32(0)
    putfh = u32(22) + opaque(P2P_FH)
    (m,) = exchange(("c", record(compound(0x800, [putfh, register, u32(76)]))))
    shows = [f.show for f in fields(m, "argarray")][0].split(", ")
    assert shows[0] == "PUTFH" and shows[1] == "REGISTER_DS (wire opnum 90001)"
    assert shows[2] == "?76"  # the built-in number no longer means REGISTER_DS
    (p2p,) = fields(m, "p2p")  # split_p2p_filehandles: a 36-byte PUTFH handle is MDS id + handle
    assert child(child(p2p, "mds_id"), "cb_ident").value == 0xC0FFEE
    assert nfs_p2p.tables().fore.get(78) is None  # PROXY_OPEN: null


def test_sample_configuration_matches_the_builtin_numbers():
    from pathlib import Path

    sample = Path(nfs.__file__).with_name("p2p_ops.yaml")
    assert nfs_p2p.load(sample).fore == nfs_p2p.load(None).fore
    assert nfs_p2p.load(sample).cb == nfs_p2p.load(None).cb


# -- a COMPOUND split over two RPC fragments --------------------------------------------


def test_two_fragment_record_maps_fields_to_message_bytes():
    payload = compound(0x900, [sequence_op(), u32(24), u32(15) + string("fragmented-name"), u32(10)])
    name_at = payload.index(b"fragmented-name")
    cut = name_at + 5  # the boundary falls inside the LOOKUP name
    data = u32(cut) + payload[:cut] + u32(0x80000000 | (len(payload) - cut)) + payload[cut:]
    (m,) = exchange(("c", data[:30]), ("c", data[30:]))
    no_errors(m)
    assert len(m.params["fragments"]) == 2 and m.length == len(payload) + 8
    name = child(fields(m, "objname")[0], "value")
    assert name.value == "fragmented-name"
    assert m.data[name.start] == ord("f") and m.data[name.end - 1] == ord("e")
    assert name.start == 4 + name_at and name.end == 4 + name_at + len("fragmented-name") + 4  # the 2nd mark inside
    getfh = fields(m, "argarray[3]")[0]
    assert m.data[getfh.start : getfh.end] == u32(10) and getfh.end == m.length
    assert [f.name for f in m.decode().fields[:2]] == ["fragment_header[0]", "fragment_header[1]"]


# -- attributes ----------------------------------------------------------------------


def fattr(words: list[int], values: bytes) -> bytes:
    return u32(len(words), *words) + opaque(values)


def test_getattr_reply_decodes_the_common_attributes_in_bit_order():
    w0 = (1 << 1) | (1 << 3) | (1 << 4) | (1 << 8)  # type, change, size, fsid
    w1 = (1 << (33 - 32)) | (1 << (35 - 32)) | (1 << (36 - 32)) | (1 << (37 - 32)) | (1 << (53 - 32)) | (1 << (62 - 32))
    w2 = 1 << (82 - 64)  # xattr_support
    values = (
        u32(2)
        + u64(77)
        + u64(4096)
        + u64(1)
        + u64(2)
        + u32(0o755)
        + u32(3)
        + string("root")
        + string("wheel")
        + u64(1_700_000_000)
        + u32(5)
        + u32(1, 1)
        + u32(1)
    )
    _, reply_m = exchange(
        ("c", record(compound(0xA00, [u32(24), u32(9) + u32(3, w0, w1, w2)]))),
        ("s", record(compound_reply(0xA00, [u32(24, 0), u32(9, 0) + fattr([w0, w1, w2], values)]))),
    )
    no_errors(reply_m)
    (vals,) = fields(reply_m, "attr_vals")
    got = {f.name: f for f in vals.children}
    assert list(got) == [
        "type",
        "change",
        "size",
        "fsid",
        "mode",
        "numlinks",
        "owner",
        "owner_group",
        "time_modify",
        "num_fs_layout_type",
        "fs_layout_type",
        "xattr_support",
    ]
    assert got["type"].show == "NF4DIR (2)" and got["change"].value == 77 and got["size"].value == 4096
    assert got["mode"].value == 0o755 and got["numlinks"].value == 3
    assert child(got["owner"], "value").value == "root" and child(got["owner_group"], "value").value == "wheel"
    assert child(got["time_modify"], "seconds").value == 1_700_000_000
    assert got["fs_layout_type"].value == [1] and got["xattr_support"].value == 1
    assert vals.end == got["xattr_support"].end


def test_attribute_without_a_layout_leaves_the_rest_of_the_values_undecoded():
    w0, w2 = 1 << 4, 1 << (67 - 64)  # size, then fs_locations_info (not decoded)
    values = u64(10) + b"\x99" * 12
    _, reply_m = exchange(
        ("c", record(compound(0xA01, [u32(24), u32(9) + u32(3, w0, 0, w2)]))),
        ("s", record(compound_reply(0xA01, [u32(24, 0), u32(9, 0) + fattr([w0, 0, w2], values)]))),
    )
    no_errors(reply_m)
    (vals,) = fields(reply_m, "attr_vals")
    assert [f.name for f in vals.children] == ["size", "undecoded"]
    assert vals.children[1].value == "99" * 12


def test_p2p_layout_points_at_a_client_acting_as_data_server(monkeypatch, tmp_path):
    """Seed 003: the deviceid is the data-server client's clientid, and each layout handle starts with the MDS identifier."""
    config = tmp_path / "p2p.yaml"
    config.write_text("split_p2p_filehandles: true\n")
    monkeypatch.setenv(nfs_p2p.ENV, str(config))
    nfs_p2p.reset()
    clientid = bytes.fromhex("6b04612800000011") + bytes(8)
    body = clientid + u32(0x1000, 0) + u64(0) + u32(1) + opaque(P2P_FH)
    res = u32(50, 0) + u32(0) + stateid(1, OTHER) + u32(1) + u64(0) + u64(ALL_ONES) + u32(1) + u32(1) + opaque(body)
    args = u32(50, 0, 1, 1) + u64(0) + u64(ALL_ONES) + u64(0) + stateid(1, OTHER) + u32(4096)
    _, reply_m = exchange(
        ("c", record(compound(0xB00, [sequence_op(), args]))), ("s", record(compound_reply(0xB00, [sequence_res(), res])))
    )
    no_errors(reply_m)
    assert value(reply_m, "deviceid") == clientid.hex()
    (fh,) = fields(reply_m, "fh_list[0]")
    p2p = child(fh, "p2p")
    assert child(child(p2p, "mds_id"), "cb_ident").value == 0xC0FFEE and child(p2p, "fh").value == "33" * 28


def test_a_broken_configuration_file_falls_back_to_the_builtin_numbers(monkeypatch, tmp_path, capsys):
    config = tmp_path / "p2p.yaml"
    config.write_text("REGISTER_DS: [unclosed\n")
    monkeypatch.setenv(nfs_p2p.ENV, str(config))
    nfs_p2p.reset()
    assert nfs_p2p.tables().fore[76] == 76 and "configuration ignored" in nfs_p2p.tables().source
    assert "ignoring the NFS peer-to-peer configuration" in capsys.readouterr().err
    config.write_text("PROXY_OPNE: 5\n")  # a misspelt key is refused, not silently ignored
    with pytest.raises(ValueError, match="unknown keys"):
        nfs_p2p.load(config)


# -- a callback program number the client chooses ---------------------------------------


def channel_attrs() -> bytes:
    # channel_attrs4: headerpadsize, maxrequestsize, maxresponsesize,
    # maxresponsesize_cached, maxoperations, maxrequests, ca_rdma_ird<1> (empty)
    return u32(0, 1049620, 1049480, 7584, 8, 64, 0)


def test_callback_program_learned_from_create_session():
    """RFC 8881 18.36: CREATE_SESSION4args carries csa_cb_program; the server's
    CB_COMPOUNDs on the backchannel then use that program number."""
    cb_program = 0x20000009
    assert cb_program not in onc_rpc.PROGRAMS
    create_session = (
        u32(43) + u64(0x5F9F7A8A00000001) + u32(1, 3) + channel_attrs() + channel_attrs() + u32(cb_program) + u32(1, 0)
    )  # csa_sec_parms: one entry, AUTH_NONE
    cb_sequence = u32(11) + SESSION + u32(1, 0, 0, 0) + u32(0)
    cb_call = call(0x9000, cb_program, 1, 1, string("") + u32(1, 7, 1) + cb_sequence)
    session, cb_m = exchange(("c", record(compound(0x400, [create_session]))), ("s", record(cb_call)))
    assert in_op(session, 0, "cb_program") == cb_program
    assert cb_m.name == "NFS-CB CB_COMPOUND call"
    no_errors(cb_m)
    assert value(cb_m, "callback_ident") == 7
    assert [f.show for f in fields(cb_m, "argarray")] == ["CB_SEQUENCE"]


def test_callback_program_zero_is_not_learned():
    """libnfs sends SETCLIENTID with cb_program 0 (it takes no callbacks): a later
    call to program 0 stays unknown."""
    setclientid = (
        u32(35) + u64(1) + string("client-id") + u32(0) + string("tcp") + string("0.0.0.0.0.0") + u32(1)
    )  # verifier, id, cb_program 0, netid, r_addr, callback_ident
    first, other = exchange(("c", record(compound(0x401, [setclientid], minor=0))), ("s", record(call(0x9001, 0, 1, 1, b""))))
    assert in_op(first, 0, "cb_program") == 0
    assert not onc_rpc.learned_programs(first.conversation)
    assert other.name.startswith("RPC program 0 ")


def test_result_status_outside_nfsstat4_is_shown_as_a_number():
    """A reply whose operation status is no nfsstat4 value (RFC 8881 section 15):
    the operation is still listed, with the number, instead of the decoder failing."""
    bad = u32(53, 99999) + b""  # SEQUENCE with status 99999 and no resok body
    first, reply = exchange(
        ("c", record(compound(0x500, [sequence_op()]))), ("s", record(compound_reply(0x500, [bad], status=99999)))
    )
    assert [f.show for f in fields(reply, "resarray")] == ["SEQUENCE status 99999"]
