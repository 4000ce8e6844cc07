"""What each message says happened (``DecodedMessage.outcome``: the message list's info
column and --json's ``info``/``failed``), protocol by protocol.

Golden values: tshark's decode of the shared captures (NFS: its "Ops(n): ..." line per
COMPOUND, which names every operation and a failing one's status; RPC: its accept
state; NBD: nbd.from / nbd.len / nbd.error), nbdkit's own debug log, the seeds
(OCFS2 000, POHMELFS 002) and, for replies no capture holds, bytes written from the
specs (RFC 5531 rejected replies, NBD proto.md errors, Linux dlmapi.h enum dlm_status,
the POHMELFS fact sheet's signed ext error).
"""

from __future__ import annotations

import json
import re
import struct
from itertools import pairwise

import pytest

from golden import ocfs2_seed000 as OCFS2
from golden import pohmelfs_seed002 as POHMELFS
from hexview.decode.fields import Outcome
from hexview.pipeline import Pipeline
from hexview.protocols.rpc import any_program as onc_rpc_any
from hexview.protocols.rpc.onc_rpc import reply_outcome
from hexview.readers import open_input
from shared_paths import CAPTURES
from tcp_packets import conversation_packets

CLIENT, NFS_SERVER, NBD_SERVER = ("10.0.0.1", 40000), ("10.0.0.2", 2049), ("10.0.0.2", 10809)


def run(sends, server) -> list:
    return list(Pipeline().run(conversation_packets(sends, CLIENT, server)))


def outcomes(messages) -> list[Outcome]:
    return [m.decode().outcome for m in messages]


def capture(relative: str):
    path = CAPTURES / relative
    if not path.exists():
        pytest.skip(f"{relative} is not in ../shared/captures")
    return list(Pipeline().run(open_input(str(path))))


# -- NFSv4: tshark's "Ops(n)" line is the golden info ---------------------------------

_FRAME = re.compile(r"^Frame (\d+):", re.M)
_RPC = re.compile(r"^Remote Procedure Call, Type:(Call|Reply) XID:(0x[0-9a-f]+)$", re.M)
_OPS = re.compile(r"^Network File System, Ops\(\d+\): (.*)$", re.M)


def tshark_compounds(text: str) -> dict[tuple[int, int, str], str]:
    """(frame, xid, 'call'|'reply') -> tshark's operation list, for every COMPOUND."""
    found = {}
    starts = [(m.start(), int(m.group(1))) for m in _FRAME.finditer(text)] + [(len(text), 0)]
    for (start, frame), (end, _next) in pairwise(starts):
        block = text[start:end]
        rpcs = list(_RPC.finditer(block)) + [None]
        for rpc, following in pairwise(rpcs):
            if rpc is None:
                continue
            stop = following.start() if following is not None else len(block)
            ops = _OPS.search(block, rpc.end(), stop)
            if ops is not None:
                found[(frame, int(rpc.group(2), 16), rpc.group(1).lower())] = ops.group(1)
    return found


def expected_outcome(kind: str, ops: str) -> Outcome:
    """tshark writes a call's ops 'A, B' and a reply's 'A B C(NFS4ERR_X)'."""
    if kind == "call":
        return Outcome(ops.replace(", ", " "), False)
    last = ops.split(" ")[-1]
    failing = re.fullmatch(r"(\w+)\((NFS4ERR_\w+)\)", last)
    if failing:
        return Outcome(f"{failing.group(1)} {failing.group(2)}", True)
    return Outcome(ops, False)


@pytest.mark.shared
@pytest.mark.parametrize("name", ["nfs-v41-pynfs-session-open-rw", "nfs-v41-pynfs-pnfs-v42", "nfs-v40-libnfs-ls-cp-cat"])
def test_nfs_compound_info_is_tsharks_operation_list(name):
    messages = capture(f"nfs/{name}.pcap")
    golden = tshark_compounds((CAPTURES / "nfs" / f"{name}.tshark.txt").read_text())
    checked = 0
    for m in messages:
        key = (m.frames[-1], m.params.get("xid"), m.kind)
        if key in golden:
            assert m.decode().outcome == expected_outcome(m.kind, golden[key]), (m.index, golden[key])
            checked += 1
    assert checked == len(golden) and checked > 40


@pytest.mark.shared
def test_nfs_failed_replies_name_the_failing_operation():
    """The capture README's errors: a SEQUENCE on a bad session id, and NFSv4.2 COPY and
    SETXATTR that ganesha answers NFS4ERR_NOTSUPP (tshark: frame 157 'SEQUENCE(NFS4ERR_BADSESSION)')."""
    session = capture("nfs/nfs-v41-pynfs-session-open-rw.pcap")
    failed = {m.frames[-1]: m.decode().outcome.info for m in session if m.decode().outcome.failed}
    assert failed[157] == "SEQUENCE NFS4ERR_BADSESSION"
    assert failed[15] == "LOOKUP NFS4ERR_NOENT"
    v42 = capture("nfs/nfs-v41-pynfs-pnfs-v42.pcap")
    infos = {m.decode().outcome.info for m in v42 if m.decode().outcome.failed}
    assert {"COPY NFS4ERR_NOTSUPP", "SETXATTR NFS4ERR_NOTSUPP"} <= infos


# -- ONC RPC: the shared reply verdict --------------------------------------------------


@pytest.mark.shared
def test_rpc_reply_not_run_is_failed_with_its_accept_stat():
    """gluster-mgmt-volume-start frame 36: tshark 'Accept State: program can't support
    procedure (3)' -- PROC_UNAVAIL in RFC 5531's words. Calls and SUCCESS replies have
    no RPC-level verdict."""
    messages = capture("gluster/gluster-mgmt-volume-start.pcap")
    (reply,) = [m for m in messages if m.frames[-1] == 36]
    assert reply_outcome(reply.decode()) == Outcome("PROC_UNAVAIL", True)
    assert onc_rpc_any.REGISTRATION.info(reply, reply.decode()) == Outcome("PROC_UNAVAIL", True)
    assert reply_outcome(reply.pair.decode()) is None
    ok = next(m for m in messages if m.kind == "reply" and m is not reply)
    assert reply_outcome(ok.decode()) is None
    # the generic registration names the program and procedure of an ordinary message
    assert onc_rpc_any.REGISTRATION.info(reply.pair, reply.pair.decode()) == Outcome("GLUSTER-CLI GET_VOL_OPT", False)


def _record(*words: int) -> bytes:
    body = struct.pack(f">{len(words)}I", *words)
    return struct.pack(">I", 0x80000000 | len(body)) + body


NFS_NULL_CALL = _record(7, 0, 2, 100003, 4, 0, 0, 0, 0, 0)  # xid 7, CALL, rpcvers 2, NFS v4 NULL, AUTH_NONE x2


@pytest.mark.parametrize(
    "reply, outcome",
    [
        # MSG_DENIED, AUTH_ERROR, AUTH_TOOWEAK (RFC 5531 auth_stat 5)
        (_record(7, 1, 1, 1, 5), Outcome("denied: AUTH_TOOWEAK", True)),
        # MSG_DENIED, RPC_MISMATCH, versions 2..2
        (_record(7, 1, 1, 0, 2, 2), Outcome("denied: RPC_MISMATCH (versions 2-2)", True)),
        # MSG_ACCEPTED, verifier AUTH_NONE, PROG_MISMATCH, versions 4..4
        (_record(7, 1, 0, 0, 0, 2, 4, 4), Outcome("PROG_MISMATCH (versions 4-4)", True)),
        # MSG_ACCEPTED, SUCCESS: an NFS NULL reply, named by the program table
        (_record(7, 1, 0, 0, 0, 0), Outcome("NFS NULL", False)),
    ],
    ids=["auth_error", "rpc_mismatch", "prog_mismatch", "success"],
)
def test_rpc_rejected_and_unrun_replies_say_why(reply, outcome):
    call, answer = run([("c", NFS_NULL_CALL), ("s", reply)], NFS_SERVER)
    assert answer.pair is call and answer.decode().outcome == outcome
    assert call.decode().outcome == Outcome("NFS NULL", False)


# -- NBD ---------------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize("name", ["nbd-nbdkit-memory-nbdsh", "nbd-nbdserver-nbdsh-simple", "nbd-qemu-nbd-qemu-io"])
def test_nbd_request_and_reply_info_follow_tshark(name):
    """tshark decodes flag-less READ/WRITE requests (nbd.from, nbd.len) and the simple
    replies to them (nbd.error); the reply's info repeats what its request asked."""
    messages = capture(f"nbd/{name}.pcap")
    by_frame = {}
    for m in messages:
        by_frame.setdefault(m.frames[-1], []).append(m)
    checked = 0
    for packet in json.loads((CAPTURES / "nbd" / f"{name}.tshark.json").read_text()):
        layers = packet["_source"]["layers"]
        nbd, frame = layers["nbd"], int(layers["frame"]["frame.number"])
        ours = [m for m in by_frame.get(frame, []) if m.kind in ("request", "simple_reply")]
        if "nbd.from" in nbd and nbd["nbd.type"] in ("0", "1"):
            (request,) = [m for m in ours if m.kind == "request"]
            want = f"offset {int(nbd['nbd.from'], 16)} length {int(nbd['nbd.len'])}"
            assert request.decode().outcome == Outcome(want, False), frame
            checked += 1
        elif "nbd.error" in nbd and "nbd.response_to" in nbd and int(nbd["nbd.error"]) == 0:
            (reply,) = [m for m in ours if m.kind == "simple_reply"]
            assert reply.decode().outcome.failed is False and reply.decode().outcome.info == reply.pair.decode().outcome.info
            checked += 1
    assert checked >= 2


@pytest.mark.shared
def test_nbd_option_error_reply_is_failed():
    """nbd-server 3.24 answers NBD_OPT_STRUCTURED_REPLY with NBD_REP_ERR_UNSUP (README)."""
    messages = capture("nbd/nbd-nbdserver-nbdsh-simple.pcap")
    (refusal,) = [m for m in messages if m.decode().outcome.failed]
    assert refusal.name == "NBD_REP_ERR_UNSUP (NBD_OPT_STRUCTURED_REPLY)"
    assert refusal.decode().outcome.info.startswith("NBD_REP_ERR_UNSUP ")


@pytest.mark.shared
def test_nbd_handshake_info_names_exports_and_contexts():
    """nbdkit's debug log of nbd-nbdkit-nbdinfo-list-map: 'NBD_OPT_INFO: client
    requested export 'disk-a'', '... replying with base:allocation id 0', 'flags:
    export 0x5ed' -- and the capture README's exports disk-a and disk-b."""
    messages = capture("nbd/nbd-nbdkit-nbdinfo-list-map.pcap")
    infos = [(m.name, m.decode().outcome.info) for m in messages]
    assert ("NBD_OPT_INFO", "export 'disk-a'") in infos
    assert ("NBD_OPT_INFO", "export 'disk-b'") in infos
    assert ("NBD_REP_META_CONTEXT (NBD_OPT_LIST_META_CONTEXT)", "context 0 'base:allocation'") in infos
    assert ("NBD_REP_INFO (NBD_OPT_INFO)", "size 8388608 flags 0x05ed") in infos
    assert ("NBD_REP_SERVER (NBD_OPT_LIST)", "export 'disk-a' 'hexview test export'") in infos


def _nbd_request(cmd: int, cookie: int, offset: int, length: int) -> bytes:
    return struct.pack(">IHHQQI", 0x25609513, 0, cmd, cookie, offset, length)


def _nbd_chunk(chunk_type: int, cookie: int, payload: bytes) -> bytes:
    return struct.pack(">IHHQI", 0x668E33EF, 1, chunk_type, cookie, len(payload)) + payload


@pytest.mark.parametrize(
    "reply, outcome",
    [
        # simple reply, error 5 = NBD_EIO (proto.md), to a READ of 4096 bytes at 512
        (struct.pack(">IIQ", 0x67446698, 5, 7), Outcome("NBD_EIO offset 512 length 4096", True)),
        # NBD_REPLY_TYPE_ERROR (0x8001): error 22 = NBD_EINVAL, message "bad"
        (_nbd_chunk(0x8001, 7, struct.pack(">IH", 22, 3) + b"bad"), Outcome("NBD_EINVAL 'bad'", True)),
        # NBD_REPLY_TYPE_ERROR_OFFSET (0x8002): NBD_EIO at offset 8192, no message
        (_nbd_chunk(0x8002, 7, struct.pack(">IHQ", 5, 0, 8192)), Outcome("NBD_EIO at offset 8192", True)),
        # NBD_REPLY_TYPE_OFFSET_HOLE: 4096 bytes of hole at 512
        (_nbd_chunk(2, 7, struct.pack(">QI", 512, 4096)), Outcome("hole offset 512 length 4096", False)),
    ],
    ids=["simple_eio", "chunk_error", "chunk_error_offset", "chunk_hole"],
)
def test_nbd_error_replies_are_failed_and_named(reply, outcome):
    request, answer = run([("c", _nbd_request(0, 7, 512, 4096)), ("s", reply)], NBD_SERVER)
    assert request.decode().outcome == Outcome("offset 512 length 4096", False)
    assert answer.pair is request and answer.decode().outcome == outcome


# -- OCFS2 -----------------------------------------------------------------------------


def _ocfs2_response(msg_type: int, status: int, sys_status: int = 0) -> bytes:
    """A status message in seed 000's header layout: magic 0xfa56, no payload."""
    return struct.pack(">HHHHIiII", 0xFA56, 0, msg_type, 0, sys_status, status, 0x74E320EB, 0)


OCFS2_CASES = [
    # seed 000's dissections: Name (decoded as ocfs2_lockid.h lays it out: type character,
    # "000000", block number in 16 hex digits, generation in 8) and Requested Type / AST Type
    (OCFS2.CREATE_LOCK, Outcome("Super EX", False)),
    (OCFS2.CONVERT_LOCK, Outcome("Super NL", False)),
    (OCFS2.PROXY_AST, Outcome("Super AST", False)),
    (OCFS2.DEREF_LOCKRES, Outcome("Meta inode 36 gen 0xdd01f165 node 7", False)),
    (OCFS2.MIGRATE_REQUEST, Outcome("Open inode 1548297 gen 0x0", False)),
    (OCFS2.MASTER_REQUERY, Outcome("$RECOVERY node 6", False)),
    (OCFS2.BEGIN_RECO, Outcome("node 0 dead node 2", False)),
    (OCFS2.QUERY_JOIN_RESPONSE_12, Outcome("JOIN_OK", False)),
    (OCFS2.QUERY_JOIN_RESPONSE_14, Outcome("JOIN_OK", False)),
    # responses to Create Lock (503) with Linux dlmapi.h's enum dlm_status
    (_ocfs2_response(503, 0).hex(), Outcome("DLM_NORMAL", False)),
    (_ocfs2_response(503, 39).hex(), Outcome("DLM_RECOVERING", True)),
    (_ocfs2_response(504, 2).hex(), Outcome("DLM_DENIED", True)),
    # o2net's own error (O2NET_ERR_NO_HNDLR = 1), and a handler's -EINVAL
    (_ocfs2_response(507, 0, sys_status=1).hex(), Outcome("o2net NO_HNDLR", True)),
    (_ocfs2_response(507, -22).hex(), Outcome("status -22", True)),
    # Deref Lockres answers: dlmcommon.h's DLM_DEREF_RESPONSE_DONE (0) and _INPROG (1)
    (_ocfs2_response(507, 0).hex(), Outcome("DEREF_DONE", False)),
    (_ocfs2_response(507, 1).hex(), Outcome("DEREF_INPROG", False)),
    # Master Request answers: DLM_MASTER_RESP_YES / ERROR (dlmcommon.h)
    (_ocfs2_response(500, 1).hex(), Outcome("YES", False)),
    (_ocfs2_response(500, 3).hex(), Outcome("ERROR", True)),
]


@pytest.mark.parametrize("data, outcome", OCFS2_CASES, ids=[o.info.replace(" ", "_") for _d, o in OCFS2_CASES])
def test_ocfs2_info_is_lock_and_mode_or_status(data, outcome):
    from test_ocfs2_seed000 import decode_one

    _message, decoded = decode_one(data)
    assert decoded.outcome == outcome


# -- POHMELFS --------------------------------------------------------------------------


def test_pohmelfs_info_is_the_path():
    messages = run(POHMELFS.SESSION, ("10.0.0.2", 1025))
    info = {m.name: m.decode().outcome for m in messages}
    assert info["NETFS_TRANS request: LOOKUP"] == Outcome("/dir", False)
    assert info["NETFS_LOOKUP reply"] == Outcome("dir", False)
    assert info["NETFS_TRANS request: RENAME"] == Outcome("/dir/new -> /dir/renamed", False)
    assert info["NETFS_TRANS request: CREATE, OPEN, WRITE_PAGE"] == Outcome("/dir/new", False)
    assert info["NETFS_READ_PAGE request"] == Outcome("/file", False)
    assert info["NETFS_LOCK reply"] == Outcome("", False)  # ext 0: granted


@pytest.mark.parametrize(
    "request_, reply, name",
    [
        (POHMELFS.LOCK_REQUEST, POHMELFS.LOCK_REPLY, "NETFS_LOCK reply"),
        (POHMELFS.XATTR_GET_REQUEST, POHMELFS.XATTR_GET_REPLY, "NETFS_XATTR_GET reply"),
    ],
    ids=["lock", "xattr_get"],
)
def test_pohmelfs_error_in_ext_is_failed(request_, reply, name):
    """The fact sheet: LOCK and XATTR_GET replies carry a signed error in ext; -2 (ENOENT)."""
    failing = reply[:6] + struct.pack(">h", -2) + reply[8:]
    _request, answer = run([("c", request_), ("s", failing)], ("10.0.0.2", 1025))
    assert answer.name == name and answer.decode().outcome == Outcome("error -2", True)


# -- NFS bodies no capture holds (RFC 8881 XDR, built as tests/test_nfs_bodies.py does) ----


def test_nfs_cb_compound_info_and_its_failed_reply():
    """A CB_COMPOUND on the backchannel: its operations, and a reply whose CB_SEQUENCE
    says NFS4ERR_DELAY (10008) failed."""
    from hexview.protocols.rpc.nfs import nfs
    from test_nfs_bodies import SESSION, call, compound, exchange, opaque, record, reply, sequence_op, string, u32, u64

    recall = u32(5) + u32(1, 3, 1) + u32(1) + opaque(b"\x22" * 12) + u64(0) + u64(2**64 - 1) + u32(3) + bytes(12)
    cb_sequence = u32(11) + SESSION + u32(1, 0, 0, 0) + u32(0)
    cb_call = call(0x5000, nfs.LINUX_CB_PROGRAM, 1, 1, string("cb") + u32(1, 0x42, 2) + cb_sequence + recall)
    delayed = reply(0x5000, u32(10008) + string("cb") + u32(1) + u32(11, 10008))
    _first, cb_m, cb_reply = exchange(
        ("c", record(compound(0x300, [sequence_op()]))), ("s", record(cb_call)), ("c", record(delayed))
    )
    assert cb_m.decode().outcome == Outcome("CB_SEQUENCE CB_LAYOUTRECALL", False)
    assert cb_reply.pair is cb_m and cb_reply.decode().outcome == Outcome("CB_SEQUENCE NFS4ERR_DELAY", True)


def test_nfs_unknown_opcode_and_unnamed_status_in_the_info():
    from test_nfs_bodies import compound, compound_reply, exchange, record, sequence_op, string, u32

    (call_m,) = exchange(("c", record(compound(0x400, [sequence_op(), u32(24), u32(15) + string("dir"), u32(9999)]))))
    assert call_m.decode().outcome == Outcome("SEQUENCE PUTROOTFH LOOKUP ?9999", False)
    _call, odd = exchange(
        ("c", record(compound(0x500, [sequence_op()]))), ("s", record(compound_reply(0x500, [u32(53, 99999)], status=99999)))
    )
    assert odd.decode().outcome == Outcome("SEQUENCE status 99999", True)
