"""NLM (100021), NSM (100024) and NFS_ACL (100227): bodies from hand-built XDR, and
the NLM/NSM capture compared with tshark's decode.

The bytes follow the XDR of the X/Open XNFS specification (NLM v1-v3, NSM), RFC 1813
appendix II (NLM v4) and Linux's NFS_ACL (include/uapi/linux/nfsacl.h,
fs/nfsd/nfs3acl.c); each exchange runs through the whole pipeline (TCP reassembly,
RPC framing, pairing, decoding).
"""

from __future__ import annotations

import json
from pathlib import Path

from hexview.pipeline import Pipeline
from hexview.readers import open_input
from tcp_packets import conversation_packets
from xdr import call, opaque, record, reply, u32, u64

CLIENT = ("10.0.0.1", 901)
NLM, NSM, NFS_ACL = 100021, 100024, 100227
DATA = Path(__file__).parent / "data" / "nfs3"
FH = bytes.fromhex("1a2b3c4d5e6f708192a3b4c5d6e7f809")  # 16 bytes


def run(sends: list[tuple[str, bytes]], port: int = 4045) -> list:
    return list(Pipeline().run(conversation_packets([(who, record(p)) for who, p in sends], CLIENT, ("10.0.0.2", port))))


def nlm_lock(vers: int, offset: int, length: int, svid: int = 101) -> bytes:
    wide = vers == 4
    return (
        opaque(b"client")
        + opaque(FH)
        + opaque(b"101@client")
        + u32(svid)
        + (u64(offset) if wide else u32(offset))
        + (u64(length) if wide else u32(length))
    )


def lockargs(vers: int, offset: int, length: int, cookie: bytes = b"\0\0\0\x2a") -> bytes:
    return opaque(cookie) + u32(1, 1) + nlm_lock(vers, offset, length) + u32(0, 3)  # block, excl, ..., reclaim, state


def child(field, *names):
    for name in names:
        field = field.child(name)
        assert field is not None, name
    return field


# -- NLM ---------------------------------------------------------------------------------


def test_nlm_v1_lock_has_32_bit_range_and_v4_64_bit():
    """nlm_lock's l_offset/l_len are unsigned ints in v1-3, uint64 in v4 (RFC 1813 app. II)."""
    v1 = run([("c", call(1, NLM, 1, 2, lockargs(1, 512, 100))), ("s", reply(1, opaque(b"\0\0\0\x2a") + u32(0)))])
    v4 = run([("c", call(1, NLM, 4, 2, lockargs(4, 1 << 40, 0))), ("s", reply(1, opaque(b"\0\0\0\x2a") + u32(3)))])
    assert v1[0].conversation.protocol.name == "NLM"
    args1 = v1[0].decode().top("args")
    args4 = v4[0].decode().top("args")
    # header 44 bytes (mark 4 + call header 40); cookie 8, block 4, exclusive 4; caller_name 12,
    # fh 20, oh 16, svid 4: l_offset at 44 + 16 + 52 = 112
    off1, len1 = child(args1, "alock", "l_offset"), child(args1, "alock", "l_len")
    assert (off1.value, off1.start, off1.end) == (512, 112, 116)
    assert (len1.value, len1.start, len1.end) == (100, 116, 120)
    off4, len4 = child(args4, "alock", "l_offset"), child(args4, "alock", "l_len")
    assert (off4.value, off4.start, off4.end) == (1 << 40, 112, 120)
    assert (len4.value, len4.start, len4.end) == (0, 120, 128)
    assert child(args4, "state").value == 3 and child(args4, "state").start == 132
    assert child(args1, "alock", "fh", "data").show == FH.hex()
    assert child(args1, "alock", "caller_name", "value").value == "client"
    assert child(args1, "block").show == "TRUE (1)"
    assert v1[0].decode().outcome.info == "LOCK block excl fh 1a2b3c4d… 512+100 owner 101@client"
    assert v4[0].decode().outcome.info == f"LOCK block excl fh 1a2b3c4d… {1 << 40}+EOF owner 101@client"
    # v1-3 statuses are nlm_stats, v4's nlm4_stats; anything but GRANTED failed
    assert v1[1].decode().outcome.info == "LOCK LCK_GRANTED" and not v1[1].decode().outcome.failed
    assert v4[1].decode().outcome.info == "LOCK NLM4_BLOCKED" and v4[1].decode().outcome.failed


def test_nlm4_test_denied_reply_names_the_holder():
    test_args = opaque(b"\0\0\0\x07") + u32(1) + nlm_lock(4, 0, 10, svid=202)
    holder = u32(1, 101) + opaque(b"101@client") + u64(4096) + u64(8)  # exclusive, svid, oh, l_offset, l_len
    messages = run([("c", call(7, NLM, 4, 1, test_args)), ("s", reply(7, opaque(b"\0\0\0\x07") + u32(1) + holder))])
    decoded = messages[1].decode()
    results = decoded.top("results")
    stat = child(results, "stat")
    assert (stat.show, stat.start, stat.end) == ("NLM4_DENIED (1)", 36, 40)
    holder_field = child(results, "holder")
    assert (holder_field.start, holder_field.end) == (40, 40 + len(holder))
    assert child(holder_field, "svid").value == 101
    assert (child(holder_field, "l_offset").value, child(holder_field, "l_len").value) == (4096, 8)
    assert decoded.outcome.info == "TEST NLM4_DENIED by excl 4096+8 owner 101@client"
    assert decoded.outcome.failed
    assert decoded.errors == []


def test_nlm_msg_and_res_are_separate_calls_shown_with_their_cookie():
    """LOCK_MSG's RPC reply is empty; the answer is a LOCK_RES *call* from the server with
    its own xid. RPC pairs each call with its own reply only; the cookie ties them."""
    cookie = b"\xca\xfe\x00\x01"
    client = run([("c", call(10, NLM, 4, 7, lockargs(4, 0, 1, cookie))), ("s", reply(10, b""))])
    server = run([("c", call(99, NLM, 4, 12, opaque(cookie) + u32(0))), ("s", reply(99, b""))], port=4046)
    lock_msg, lock_msg_reply = client
    res, res_reply = server
    assert (lock_msg.name, res.name) == ("NLM LOCK_MSG call", "NLM LOCK_RES call")
    assert lock_msg_reply.pair is lock_msg and res_reply.pair is res
    assert lock_msg.decode().outcome.info.endswith("cookie cafe0001")
    assert res.decode().outcome.info == "LOCK_RES NLM4_GRANTED cookie cafe0001"
    assert lock_msg_reply.decode().top("results") is None  # void
    assert child(res.decode().top("args"), "cookie", "data").show == "cafe0001"


def test_nlm_share_and_free_all():
    share = opaque(b"client") + opaque(FH) + opaque(b"oh") + u32(2, 3)  # fsm_DW, fsa_RW
    messages = run(
        [
            ("c", call(1, NLM, 3, 20, opaque(b"\1") + share + u32(0))),
            ("s", reply(1, opaque(b"\1") + u32(0, 5))),
            ("c", call(2, NLM, 3, 23, opaque(b"client") + u32(9))),
            ("s", reply(2, b"")),
        ]
    )
    args = messages[0].decode().top("args")
    assert child(args, "share", "mode").show == "fsm_DW (2)"
    assert child(args, "share", "access").show == "fsa_RW (3)"
    results = messages[1].decode().top("results")
    assert child(results, "stat").show == "LCK_GRANTED (0)" and child(results, "sequence").value == 5
    assert messages[2].decode().outcome.info == "FREE_ALL client state 9"


# -- NSM ---------------------------------------------------------------------------------


def test_nsm_mon_and_notify():
    my_id = opaque(b"localhost") + u32(NLM, 4, 16)
    priv = bytes(range(16))
    messages = run(
        [
            ("c", call(1, NSM, 1, 2, opaque(b"server-b") + my_id + priv)),
            ("s", reply(1, u32(0, 5))),
            ("c", call(2, NSM, 1, 6, opaque(b"server-b") + u32(7))),
            ("s", reply(2, b"")),
        ],
        port=32765,
    )
    assert messages[0].conversation.protocol.name == "NSM"
    args = messages[0].decode().top("args")
    assert child(args, "mon_id", "my_id", "my_prog").value == NLM
    assert child(args, "mon_id", "my_id", "my_proc").value == 16
    priv_field = child(args, "priv")
    assert (priv_field.show, priv_field.end) == (priv.hex(), messages[0].length)
    assert messages[0].decode().outcome.info == "MON server-b"
    assert messages[1].decode().outcome.info == "MON STAT_SUCC state 5"
    assert messages[2].decode().outcome.info == "NOTIFY server-b state 7"
    failed = run([("c", call(1, NSM, 1, 1, opaque(b"x"))), ("s", reply(1, u32(1, 4)))])[1].decode()
    assert failed.outcome == type(failed.outcome)("STAT STAT_FAIL state 4", True)


# -- NFS_ACL -----------------------------------------------------------------------------


def fattr3() -> bytes:
    return u32(2, 0o755, 2, 0, 0) + u64(4096) + u64(4096) + u32(0, 0) + u64(1) + u64(2) + u32(1, 0, 2, 0, 3, 0)


def test_nfs_acl_getacl_on_the_nfs_connection():
    """Linux serves NFS_ACL on port 2049, on NFS's connection: the NFS registration claims
    it and the program's bodies and info still decode."""
    entries = u32(0x1, 0, 7) + u32(0x4, 0, 5) + u32(0x20, 0, 4)
    defaults = u32(0x1001, 0, 7) + u32(0x1002, 1000, 6)
    body = u32(0) + u32(1) + fattr3() + u32(0xF) + u32(3) + u32(3) + entries + u32(2) + u32(2) + defaults
    nfs_null = [("c", call(4, 100003, 3, 0, b"")), ("s", reply(4, b""))]
    messages = run([*nfs_null, ("c", call(5, NFS_ACL, 3, 1, opaque(FH) + u32(0xF))), ("s", reply(5, body))], port=2049)
    assert messages[2].conversation.protocol.name == "NFS"
    assert messages[2].decode().outcome.info == "GETACL fh 1a2b3c4d…"
    decoded = messages[3].decode()
    assert decoded.errors == []
    results = decoded.top("results")
    assert child(results, "status").show == "NFS3_OK (0)"
    assert child(results, "attr", "attributes", "type").show == "NF3DIR (2)"
    acl = child(results, "acl")
    mask = child(acl, "mask")
    assert [c.name for c in mask.children if c.value is True] == ["dfaclcnt", "dfacl", "aclcnt", "acl"]
    access = child(acl, "aclent", "entries").children
    assert [child(e, "type").show for e in access] == ["USER_OBJ (1)", "GROUP_OBJ (4)", "OTHER (32)"]
    default = child(acl, "dfaclent", "entries").children
    assert [child(e, "type").show for e in default] == ["DEFAULT USER_OBJ (4097)", "DEFAULT USER (4098)"]
    named = default[1]
    assert child(named, "id").value == 1000
    perm = child(named, "perm")
    assert [c.name for c in perm.children if c.value is True] == ["read", "write"]
    # results start at 28: status 4, post_op_attr 4 + 84, mask 4, aclcnt 4, count 4: entries at 132
    assert (access[0].start, access[0].end) == (132, 144)
    assert decoded.outcome.info == "GETACL 3 entries, 2 default"


def test_nfs_acl_failed_getacl_keeps_attributes():
    messages = run([("c", call(5, NFS_ACL, 3, 1, opaque(FH) + u32(1))), ("s", reply(5, u32(70, 0)))], port=2049)
    decoded = messages[1].decode()
    assert decoded.errors == []
    assert decoded.outcome.info == "GETACL NFS3ERR_STALE" and decoded.outcome.failed


# -- the NLM/NSM capture against tshark --------------------------------------------------

# tshark field -> hexview field path under args/results; "alock" stands for the lock,
# share or holder the body carries (tshark files all three under nlm.lock.*)
TSHARK_FIELDS = {
    "nlm.lock.svid": ("alock", "svid"),
    "nlm.lock.l_offset64": ("alock", "l_offset"),
    "nlm.lock.l_len64": ("alock", "l_len"),
    "nlm.lock.caller_name": ("alock", "caller_name", "value"),
    "nlm.share.mode": ("alock", "mode"),
    "nlm.share.access": ("alock", "access"),
    "nlm.stat": ("stat",),
    "nlm.test_stat.stat": ("stat",),
    "nlm.exclusive": ("exclusive",),
    "nlm.block": ("block",),
    "nlm.reclaim": ("reclaim",),
    "nlm.state": ("state",),
    "nlm.sequence": ("sequence",),
}


def _tshark_nlm(capture: str) -> dict[int, dict[str, str]]:
    """frame -> every leaf tshark's nlm layer holds (its nested keys flattened)."""
    out: dict[int, dict[str, str]] = {}

    def leaves(node: object, into: dict[str, str]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str):
                    into.setdefault(key, value)
                else:
                    leaves(value, into)

    for packet in json.loads((DATA / f"{capture}.tshark.json").read_text()):
        layers = packet["_source"]["layers"]
        if "nlm" in layers:
            found: dict[str, str] = {}
            leaves(layers["nlm"], found)
            out[int(layers["frame"]["frame.number"])] = found
    return out


def test_nlm_capture_matches_tshark():
    tshark = _tshark_nlm("nlm4-nsm-locks-pyclient")
    compared = 0
    for message in Pipeline().run(open_input(str(DATA / "nlm4-nsm-locks-pyclient.pcap"))):
        if message.params.get("prog") != NLM or message.frames[-1] not in tshark:
            continue
        theirs = tshark[message.frames[-1]]
        decoded = message.decode()
        body = decoded.top("args") or decoded.top("results")
        if body is None:
            continue
        for key, path in TSHARK_FIELDS.items():
            if key not in theirs:
                continue
            ours = body
            if path[0] == "alock":
                ours = body.child("alock") or body.child("share") or body.child("holder")
                path = path[1:]
            elif key == "nlm.exclusive" and body.child("holder") is not None:
                ours = body.child("holder")
            for name in path:
                ours = ours.child(name) if ours is not None else None
            assert ours is not None, (message.frames, key)
            assert str(ours.value) == theirs[key], (message.frames, key)
            compared += 1
        lock = body.child("alock") or body.child("share") or body.child("holder")
        if "nlm.lock.owner" in theirs:
            assert child(lock, "oh", "data").value == theirs["nlm.lock.owner"].replace(":", "")
        if "nlm.cookie" in theirs:
            assert child(body, "cookie", "data").value == theirs["nlm.cookie"].replace(":", "")
    assert compared > 60
