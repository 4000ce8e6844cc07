"""Every dissected example of seed 000 (OCFS2 o2net/o2dlm, ocfs2-1.2, 1.4, 2.6.30).

The bytes are in tests/golden/ocfs2_seed000.py: each header rebuilt from the
dissection's Magic/Len/Type/Sys Status/Status/Key/Num, each payload the hex the seed
prints. Each example goes through the OCFS2 framer and decoder the pipeline uses,
and every value the seed's dissection shows is checked, with the seed's words for
labels ("Convert Lock (504)", "EX: Exclusive (5)", cookies as "7:1990").

Where the seed's dissection is wrong or lossy the test says so and checks the
correct decode instead:

* Migrate Lockres: the dissector reads the LVB 16 bytes early (its "LVB1" is the
  lockname's tail) and its "Locks" lines start 16 bytes early too, so it shows
  cookies 0 and 27. dlm_migratable_lockres puts lockname at 16, lvb at 48 and the
  locks at 112: lock 0 is cookie 6:27 granted PR (convert IV, node 6), lock 1 is
  7:1997 granted PR (node 7).
* Query Join (1.4): the "Node Map" line is a bit picture, not bytes; payload byte
  72 is 0xC0, so nodes 6 and 7 are set (bit n = node n, LSB first).
* Query Join (1.2): the seed elides the payload after 24 bytes; the golden bytes
  rebuild the domain from "Domain Name" and leave the unseen node map empty.
* FS Vote: the seed prints 144 of the 296 payload bytes; the rest is the dirent's
  NUL padding.
* Begin Recovery: the seed's "Begin Reovery" is a typo for DLM_BEGIN_RECO_MSG.
* Finalize Recovery: the seed's "Unknown (0x00000000)" is an empty u8 flags byte
  (DLM_FINALIZE_STAGE2 not set).
"""

from __future__ import annotations

import pytest

from golden import ocfs2_seed000 as G
from hexview.protocols.ocfs2 import REGISTRATION, Ocfs2Framer
from hexview.tcp.stream_events import Conversation, Endpoint, StreamData, StreamEnd


def decode_one(hexbytes: str, version: str = "auto"):
    conv = Conversation(0, Endpoint("10.0.0.1", 40000), Endpoint("10.0.0.2", 7777), True)
    conv.protocol = REGISTRATION
    conv.options = {"ocfs2.version": version}
    framer = Ocfs2Framer(conv)
    data = bytes.fromhex(hexbytes)
    msgs = framer.feed("c2s", StreamData(0, data, 1)) + framer.feed("c2s", StreamEnd(len(data), "FIN")) + framer.finish()
    assert len(msgs) == 1 and msgs[0].length == len(data)
    return msgs[0], msgs[0].decode()


def check(decoded, expected: dict):
    """expected: field name -> value, or -> (value, show) to check the shown text too."""
    for name, want in expected.items():
        f = decoded.find(name)
        assert f is not None, name
        if isinstance(want, tuple):
            assert (f.value, f.show) == want, name
        else:
            assert f.value == want, name


def header(magic_show, length, type_show, key, num, status=0):
    return {
        "magic": magic_show and (int(magic_show[-7:-1], 16), magic_show),
        "data_len": length,
        "msg_type": (int(type_show.rsplit("(", 1)[1][:-1]), type_show),
        "sys_status": 0,
        "status": status,
        "key": (key, f"{key:#010x}"),
        "msg_num": num,
    }


REQ = "Request (0xfa55)"
DOM, RECO = 0x74E320EB, 0x2B592523
JOIN = 0x666C6172
# ocfs2_lockid.h: type 'S' (Super), pad "000000", block 2 (OCFS2_SUPER_BLOCK_BLKNO), generation 0
S_NAME = ("S000000000000000000000200000000", "'S000000000000000000000200000000' (Super)")
COOKIE_7_1990 = (0x07000000000007C6, "0x07000000000007c6 (7:1990)")
NO_FLAGS = (0, "0x00000000")

CASES = {
    "LOCK_REQUEST": (header(REQ, 8, "Lock Request (515)", RECO, 62), {"node_idx": 0, "dead_node": 2}),
    "FS_VOTE": (
        header(REQ, 296, "FS Vote (1)", 0x2EE4B1B1, 19115971),
        {
            "response_id": 0x1839,
            "request": 2,
            "blkno": 0xB5480,
            "generation": 0x956C43F2,
            "node_num": 2,
            "md1": 0,
            "unlink_namelen": 14,
            "unlink_parent": 0xD087,
            "unlink_dirent": "cvutrace.log.0",
            "variant": ("ocfs2-1.2", "ocfs2-1.2 (FS vote messages exist only in ocfs2-1.2)"),
        },
    ),
    "FS_RESPONSE": (
        header(REQ, 32, "FS Response (2)", 0x2EE4B1B1, 139018356),
        {
            "response_id": 0x1839,
            "request": 0,
            "blkno": 0xB5480,
            "generation": 0x956C43F2,
            "node_num": 1,
            "response": (0, "OK (0)"),
            "orphaned_slot": 0,
        },
    ),
    "QUERY_JOIN_RESPONSE_12": (
        header("Response (0xfa56)", 0, "Query Join (510)", JOIN, 0, status=(1, "JOIN_OK (1)")) | {"pad1": (0, "0x0000")},
        {"variant": ("ocfs2-1.2", "ocfs2-1.2 (status 1 is a plain int)")},
    ),
    "QUERY_JOIN_RESPONSE_14": (
        header(
            "Response (0xfa56)", 0, "Query Join (510)", JOIN, 0, status=(16777216, "16777216 (JOIN_OK, dlm_minor 0, fs_minor 0)")
        ),
        {
            "code": (1, "JOIN_OK (1)"),
            "dlm_minor": 0,
            "fs_minor": 0,
            "reserved": 0,
            "variant": ("ocfs2-1.4", "ocfs2-1.4 (status 0x01000000 is a packed {code, dlm_minor, fs_minor})"),
        },
    ),
    "QUERY_JOIN_REQUEST_12": (
        header(REQ, 100, "Query Join (510)", JOIN, 0),
        {
            "node_idx": 1,
            "name_len": 32,
            "domain": "F8D57F96A1A24A3C9B5B19FEBE96895C",
            "node_map": [],
            "variant": ("ocfs2-1.2", "ocfs2-1.2 (data_len 100)"),
        },
    ),
    "QUERY_JOIN_REQUEST_14": (
        header(REQ, 104, "Query Join (510)", JOIN, 0),
        {
            "node_idx": 7,
            "name_len": 32,
            "major": 1,
            "minor": 0,
            "domain": "A898D073F6244E9EBEB057B4F47EF61A",
            "node_map": ([6, 7], "6, 7"),
            "variant": ("ocfs2-1.4", "ocfs2-1.4 (data_len 104)"),
        },
    ),
    "DEREF_LOCKRES": (
        header(REQ, 72, "Deref Lockres (507)", DOM, 0),
        {"node_idx": 7, "namelen": 31, "name": "M0000000000000000000024dd01f165"},
    ),
    "MASTER_REQUERY": (
        header(REQ, 72, "Master Requery (514)", DOM, 0),
        {"node_idx": 6, "namelen": 9, "name": ("$RECOVERY", "'$RECOVERY' (DLM recovery lock)")},
    ),
    "MIG_LOCKRES": (
        header(REQ, 144, "Migrate Lockres (509)", DOM, 0),
        {
            "master": 3,
            "lockname_len": 31,
            "num_locks": 2,
            "flags": (6, "0x06 (ALL_DONE, MIGRATION)"),
            "total_locks": 2,
            "mig_cookie": (0, "0x0000000000000000"),
            "lockname": "O000000000000000017a00900000000",
            "lvb": "00" * 64,
        },
    ),
    "MIGRATE_REQUEST": (
        header(REQ, 72, "Migrate Request (508)", DOM, 0),
        {"master": 3, "new_master": 6, "namelen": 31, "name": "O000000000000000017a00900000000"},
    ),
    "MASTER_REQUEST": (
        header(REQ, 72, "Master Request (500)", DOM, 0),
        {"node_idx": 7, "namelen": 31, "flags": 0, "name": S_NAME},
    ),
    "ASSERT_MASTER": (
        header(REQ, 72, "Assert Master (502)", DOM, 0),
        {"node_idx": 6, "namelen": 31, "flags": (1, "0x00000001 (MLE_CLEANUP)"), "mle_cleanup": True, "name": S_NAME},
    ),
    "CONVERT_LOCK": (
        header(REQ, 80, "Convert Lock (504)", DOM, 0),
        {
            "cookie": COOKIE_7_1990,
            "flags": (0x400, "0x00000400 (CONVERT)"),
            "convert": True,
            "node_idx": 7,
            "requested_type": (0, "NL: No lock (0)"),
            "namelen": 31,
            "name": S_NAME,
        },
    ),
    "PROXY_AST": (
        header(REQ, 80, "Proxy AST (505)", DOM, 0),
        {
            "cookie": COOKIE_7_1990,
            "flags": NO_FLAGS,
            "node_idx": 6,
            "type": (0, "AST (0)"),
            "blocked_type": (0, "NL: No lock (0)"),
            "namelen": 31,
            "name": S_NAME,
        },
    ),
    "UNLOCK_LOCK": (
        header(REQ, 80, "Unlock Lock (506)", DOM, 0),
        {
            "cookie": (0x0300000000000001, "0x0300000000000001 (3:1)"),
            "flags": NO_FLAGS,
            "node_idx": 3,
            "namelen": 31,
            "name": S_NAME,
        },
    ),
    "ASSERT_JOIN": (
        header(REQ, 68, "Assert Join (511)", JOIN, 0),
        {"node_idx": 7, "name_len": 32, "domain": "A898D073F6244E9EBEB057B4F47EF61A"},
    ),
    "CANCEL_JOIN": (
        header(REQ, 68, "Cancel Join (512)", JOIN, 0),
        {"node_idx": 4, "name_len": 32, "domain": "A52DF5FD418B4C5C84D6637D5767E448"},
    ),
    "EXIT_DOMAIN": (header(REQ, 4, "Exit Domain (513)", DOM, 0), {"node_idx": 3}),
    "BEGIN_RECO": (header(REQ, 8, "Begin Recovery (517)", RECO, 61), {"node_idx": 0, "dead_node": 2}),
    "FINALIZE_RECO": (
        header(REQ, 8, "Finalize Recovery (518)", RECO, 63),
        {"node_idx": 0, "dead_node": 2, "flags": (0, "0x00"), "stage2": False},
    ),
    "RECO_DATA_DONE": (header(REQ, 72, "Recovery Data Done (516)", RECO, 96), {"node_idx": 1, "dead_node": 2}),
    "CREATE_LOCK": (
        header(REQ, 80, "Create Lock (503)", DOM, 0),
        {
            "cookie": COOKIE_7_1990,
            "flags": NO_FLAGS,
            "node_idx": 7,
            "requested_type": (5, "EX: Exclusive (5)"),
            "namelen": 31,
            "name": S_NAME,
        },
    ),
}


def test_every_golden_example_is_checked():
    assert set(CASES) == set(G.ALL) and len(CASES) >= 21


@pytest.mark.parametrize("name", sorted(CASES))
def test_seed_000_dissection(name):
    message, decoded = decode_one(G.ALL[name])
    head, body = CASES[name]
    check(decoded, head)
    check(decoded, body)
    assert decoded.errors == []
    type_show = head["msg_type"][1]
    assert message.name == (type_show if head["magic"][0] == 0xFA55 else f"Response: {type_show}")


def test_names_keep_the_whole_fixed_field_visible():
    _, decoded = decode_one(G.MASTER_REQUERY)
    name = decoded.find("name")
    assert (name.start, name.end) == (24 + 8, 24 + 72)  # the 64-byte field
    text = name.children[0]
    assert (text.name, text.value, text.start, text.end) == ("text", "$RECOVERY", 32, 41)


def test_mig_lockres_locks_decode_at_byte_112_not_where_the_seed_put_them():
    _, decoded = decode_one(G.MIG_LOCKRES)
    locks = decoded.find("locks")
    assert [c.name for c in locks.children] == ["locks[0]", "locks[1]"]
    assert locks.start == 24 + 112
    want = [
        ("0x060000000000001b (6:27)", "Granted (0)", "PR: Protected read (3)", "IV: Invalid (-1)", "IV: Invalid (-1)", 6),
        ("0x07000000000007cd (7:1997)", "Granted (0)", "PR: Protected read (3)", "IV: Invalid (-1)", "IV: Invalid (-1)", 7),
    ]
    for lock, (cookie, lst, typ, conv, blocked, node) in zip(locks.children, want, strict=True):
        kids = {k.name: k for k in lock.children}
        assert kids["cookie"].show == cookie
        assert kids["list"].show == lst
        assert kids["type"].show == typ
        assert kids["convert_type"].show == conv
        assert kids["highest_blocked"].show == blocked
        assert kids["node"].value == node
    lvb = decoded.find("lvb")
    assert (lvb.start, lvb.end) == (24 + 48, 24 + 112)


def test_forcing_the_other_variant_changes_the_query_join_layouts():
    _, as12 = decode_one(G.QUERY_JOIN_RESPONSE_14, "1.2")
    assert as12.find("status").show == "Unknown (16777216)"
    assert as12.find("variant").show == "ocfs2-1.2 (forced by option ocfs2.version)"
    _, as14 = decode_one(G.QUERY_JOIN_REQUEST_12, "1.4")
    assert as14.find("dlm_proto") is not None and as14.errors  # 104-byte layout over 100 bytes: damage shown
    _, vote = decode_one(G.FS_VOTE, "1.4")
    assert vote.find("response_id") is None
    assert any("exist only in ocfs2-1.2" in e.reason for e in vote.errors)
