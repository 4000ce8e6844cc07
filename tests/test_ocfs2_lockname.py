"""OCFS2 lock resource names decoded as the kernel builds them.

Golden values come from Linux fs/ocfs2/ocfs2_lockid.h (the lock type characters and
ocfs2_lock_type_strings; name[0] type, name[1-6] pad, name[7-22] block number in 16
hex digits, name[23-30] generation in 8), fs/ocfs2/dlmglue.c (ocfs2_build_lock_name,
ocfs2_dentry_lock_res_init: 'N', the parent's block in hex, NUL, the inode's block as
8 big-endian bytes from byte 18; the super lock on block 2; rename, NFS sync, orphan
scan and trim fs on 0/0; quota info on the quota type) and fs/ocfs2/dlm/dlmcommon.h
(DLM_RECOVERY_LOCK_NAME "$RECOVERY"). The names below are written out by hand.
"""

from __future__ import annotations

import struct

import pytest

from hexview.protocols.ocfs2_lockname import parse
from test_ocfs2_seed000 import decode_one

# every ocfs2_lock_type_char, with ocfs2_lock_type_strings' name
TYPES = [
    ("M", "Meta"),
    ("D", "Data"),
    ("S", "Super"),
    ("R", "Rename"),
    ("W", "Write/Read"),
    ("N", "Dentry"),
    ("O", "Open"),
    ("F", "Flock"),
    ("Q", "Quota"),
    ("Y", "NFSSync"),
    ("P", "OrphanScan"),
    ("T", "Refcount"),
    ("I", "TrimFs"),
]
NOT_DENTRY = [t for t in TYPES if t[0] != "N"]

# (name, describe()): one per way ocfs2 fills the block number and generation
DESCRIBED = [
    (b"M000000000000000000d0425b2e6f11", "Meta inode 53314 gen 0x5b2e6f11"),
    (b"D000000000000000000d0425b2e6f11", "Data inode 53314 gen 0x5b2e6f11"),
    (b"W000000000000000000d0425b2e6f11", "Write/Read inode 53314 gen 0x5b2e6f11"),
    (b"O000000000000000017a00900000000", "Open inode 1548297 gen 0x0"),  # seed 000's Migrate Lockres
    (b"F000000000000000000d0425b2e6f11", "Flock inode 53314 gen 0x5b2e6f11"),
    (b"S000000000000000000000200000000", "Super"),  # seed 000's Master Request
    (b"R000000000000000000000000000000", "Rename"),
    (b"Y000000000000000000000000000000", "NFSSync"),
    (b"P000000000000000000000000000000", "OrphanScan"),
    (b"I000000000000000000000000000000", "TrimFs"),
    (b"Q000000000000000000000000000000", "Quota user"),
    (b"Q000000000000000000000100000000", "Quota group"),
    (b"T0000000000000000001e2400c0ffee", "Refcount block 7716 gen 0xc0ffee"),
    (b"M0000000000000000000024dd01f165", "Meta inode 36 gen 0xdd01f165"),  # seed 000's Deref Lockres
]

DENTRY = b"N0000000000000081\x00" + bytes.fromhex("000000000000d042") + b"\x00" * 5


@pytest.mark.parametrize("char, name", NOT_DENTRY, ids=[c for c, _ in NOT_DENTRY])
def test_every_type_character_reads_as_its_lock_type(char, name):
    lock = parse(char.encode() + b"000000" + b"00000000000012ab" + b"0000beef")
    assert (lock.kind, lock.type_char, lock.type_name) == ("ocfs2", char, name)
    assert (lock.blkno, lock.generation) == (0x12AB, 0xBEEF)
    assert lock.text == char + "000000" + "00000000000012ab" + "0000beef"


def test_the_dentry_character_reads_as_dentry():
    assert dict(TYPES)["N"] == "Dentry" and parse(DENTRY).type_name == "Dentry"


@pytest.mark.parametrize("raw, words", DESCRIBED, ids=[r[:1].decode() + str(i) for i, (r, _) in enumerate(DESCRIBED)])
def test_what_each_lock_is_on(raw, words):
    assert parse(raw).describe() == words


def test_dentry_lock_parent_in_hex_inode_in_binary():
    lock = parse(DENTRY)
    assert (lock.kind, lock.parent, lock.blkno, lock.generation) == ("dentry", 0x81, 0xD042, None)
    # as the kernel prints it (dlmglue's ocfs2_log_dlm_error, debugfs): 17 characters, the inode's low 32 bits
    assert lock.text == "N0000000000000081" + "0000d042"
    assert lock.describe() == "Dentry dir 129 inode 53314"


def test_dentry_lock_inode_block_above_32_bits():
    lock = parse(b"N00000000000a0001\x00" + struct.pack(">Q", 0x1_0000_0007) + b"\x00" * 5)
    assert (lock.parent, lock.blkno) == (0xA0001, 0x1_0000_0007)
    assert lock.text == "N00000000000a0001" + "00000007"  # the low 32 bits only, as OCFS2 prints it


def test_recovery_lock_is_named_as_such():
    lock = parse(b"$RECOVERY")
    assert (lock.kind, lock.type_name, lock.describe(), lock.meaning()) == ("recovery", "", "$RECOVERY", "DLM recovery lock")


@pytest.mark.parametrize(
    "raw",
    [
        b"$RECOVERY\x00",  # not DLM_RECOVERY_LOCK_NAME_LEN 9
        b"my-dlmfs-lock",  # a name a dlmfs user chose
        b"M000000000000000000d0425b2e6f1",  # 30 bytes
        b"M000000000000000000d0zz5b2e6f11",  # not hex
        b"X000000000000000000d0425b2e6f11",  # no such type character
        b"N0000000000000081X" + bytes(13),  # no NUL at byte 17
        b"",
    ],
)
def test_other_names_stay_text(raw):
    lock = parse(raw)
    assert lock.kind == "other" and lock.type_name == "" and lock.describe() == lock.text
    assert "\x00" not in lock.text  # control bytes escaped


# -- in decoded messages: the name's parts as fields over their bytes ---------------------


def _create_lock(name: bytes) -> str:
    """struct o2net_msg (24 bytes) + struct dlm_create_lock (dlmcommon.h): cookie u64,
    flags u32, pad u8, node_idx u8, requested_type s8, namelen u8, name[64]."""
    payload = struct.pack(">QIBBbB", 0x0200000000000001, 0, 0, 2, 5, len(name)) + name.ljust(64, b"\0")
    return (struct.pack(">HHHHIiII", 0xFA55, len(payload), 503, 0, 0, 0, 0x3E1A9C27, 7) + payload).hex()


def test_lock_name_fields_cover_their_bytes():
    message, decoded = decode_one(_create_lock(b"M000000000000000000d0425b2e6f11"))
    name = decoded.find("name")
    assert name.show == "'M000000000000000000d0425b2e6f11' (Meta inode 53314 gen 0x5b2e6f11)"
    text = name.children[0]
    parts = {f.name: (f.value, f.show, f.start, f.end) for f in text.children}
    base = 24 + 16  # the name starts 16 bytes into the payload
    assert parts == {
        "lock_type": ("M", "M: Meta", base, base + 1),
        "pad": ("000000", "'000000'", base + 1, base + 7),
        "blkno": (53314, "53314 (0x000000000000d042)", base + 7, base + 23),
        "generation": (0x5B2E6F11, "0x5b2e6f11", base + 23, base + 31),
    }
    assert message.data[base + 7 : base + 23] == b"000000000000d042"
    assert decoded.errors == []
    assert decoded.outcome.info == "Meta inode 53314 gen 0x5b2e6f11 EX"


def test_dentry_lock_name_fields_cover_their_bytes():
    message, decoded = decode_one(_create_lock(DENTRY))
    name = decoded.find("name")
    assert name.show == "'N00000000000000810000d042' (Dentry dir 129 inode 53314)"
    base = 24 + 16
    parts = {f.name: (f.value, f.start, f.end) for f in name.children[0].children}
    assert parts == {
        "lock_type": ("N", base, base + 1),
        "parent_blkno": (0x81, base + 1, base + 17),
        "separator": (0, base + 17, base + 18),
        "inode_blkno": (0xD042, base + 18, base + 26),
        "unused": ("0000000000", base + 26, base + 31),
    }
    assert message.data[base + 18 : base + 26] == bytes.fromhex("000000000000d042")
    assert decoded.outcome.info == "Dentry dir 129 inode 53314 EX"


def test_quota_lock_names_its_quota_type():
    _, decoded = decode_one(_create_lock(b"Q000000000000000000000100000000"))
    assert decoded.find("blkno").show == "1 (0x0000000000000001) group quota"
    assert decoded.outcome.info == "Quota group EX"


def test_other_names_get_no_parts():
    _, decoded = decode_one(_create_lock(b"my-dlmfs-lock"))
    name = decoded.find("name")
    assert name.show == "'my-dlmfs-lock'" and name.children[0].children == []
    assert decoded.outcome.info == "my-dlmfs-lock EX"


def test_mig_lockres_lockname_is_decoded_too():
    from golden import ocfs2_seed000 as G

    _, decoded = decode_one(G.MIG_LOCKRES)
    lockname = decoded.find("lockname")
    assert lockname.show == "'O000000000000000017a00900000000' (Open inode 1548297 gen 0x0)"
    blkno = decoded.find("blkno")
    assert (blkno.value, blkno.start, blkno.end) == (0x17A009, 24 + 16 + 7, 24 + 16 + 23)
