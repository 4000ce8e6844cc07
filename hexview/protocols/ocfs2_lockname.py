"""OCFS2's DLM lock resource names: which kind of lock, on which block.

o2dlm itself treats a lock name as opaque bytes (at most DLM_LOCKID_NAME_MAX, 32);
OCFS2 builds them by rule, and that rule is what an engineer reads a lock by. Facts
from Linux fs/ocfs2/ocfs2_lockid.h, fs/ocfs2/dlmglue.c and fs/ocfs2/dlm/dlmcommon.h:

- ``ocfs2_build_lock_name`` writes 31 characters, ``"%c%s%016llx%08x"``: the lock
  type's character (``ocfs2_lock_type_char``), the pad ``OCFS2_LOCK_ID_PAD``
  ("000000"), the block number as 16 hex digits, the generation as 8; the DLM is
  given ``OCFS2_LOCK_ID_MAX_LEN - 1`` = 31 bytes.
- What the block number and generation are depends on the type: an inode's block
  and ``i_generation`` (Meta, Data, Write/Read, Open, Flock); the superblock's block
  ``OCFS2_SUPER_BLOCK_BLKNO`` (2) with generation 0 (Super); the refcount tree's
  block and generation (Refcount); the quota type in the block's place (Quota:
  ``dqi_type``, 0 user, 1 group); 0 and 0 for the file system wide locks (Rename,
  NFSSync, OrphanScan, TrimFs).
- A dentry lock (``ocfs2_dentry_lock_res_init``) has two block numbers to carry:
  ``"N"`` and the parent directory's block as 16 hex digits, a NUL at byte 17, the
  inode's block as 8 big-endian bytes from byte ``OCFS2_DENTRY_LOCK_INO_START`` (18),
  NUL bytes up to 31. OCFS2's messages and debugfs print it as the first 17
  characters followed by the inode block's low 32 bits in 8 hex digits.
- ``$RECOVERY`` (``DLM_RECOVERY_LOCK_NAME``, 9 bytes) is o2dlm's own: the node that
  holds it in EX is the recovery master after a node's death.

Anything else (a name a dlmfs user chose, a damaged one) is shown as text.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from ..decode.fields import Field
from ..safe_text import printable

ID_LEN = 31  # OCFS2_LOCK_ID_MAX_LEN - 1: the bytes the DLM is given
PAD = slice(1, 7)  # OCFS2_LOCK_ID_PAD's place
BLKNO = slice(7, 23)
GENERATION = slice(23, 31)
DENTRY = "N"
DENTRY_PARENT = slice(1, 17)
DENTRY_NUL = 17
DENTRY_INO_START = 18  # OCFS2_DENTRY_LOCK_INO_START
DENTRY_INO = slice(DENTRY_INO_START, DENTRY_INO_START + 8)
RECOVERY = b"$RECOVERY"  # DLM_RECOVERY_LOCK_NAME

# ocfs2_lock_type_char -> ocfs2_lock_type_strings, in enum ocfs2_lock_type's order
TYPES = {
    "M": "Meta",
    "D": "Data",
    "S": "Super",
    "R": "Rename",
    "W": "Write/Read",
    "N": "Dentry",
    "O": "Open",
    "F": "Flock",
    "Q": "Quota",
    "Y": "NFSSync",
    "P": "OrphanScan",
    "T": "Refcount",
    "I": "TrimFs",
}
INODE_TYPES = frozenset("MDWOF")  # block number and generation of an inode
GLOBAL_TYPES = frozenset("RYPI")  # one per file system: block number and generation 0
QUOTA_TYPES = {0: "user", 1: "group"}  # USRQUOTA, GRPQUOTA

BLKNO_DOCS = {
    "S": "The superblock's block number (OCFS2_SUPER_BLOCK_BLKNO, 2).",
    "T": "The refcount tree's block number.",
    "Q": "The quota type in the block number's place (0 user, 1 group).",
}
_HEX = frozenset(string.hexdigits)


@dataclass(frozen=True, slots=True)
class LockName:
    """A lock resource name as OCFS2 laid it out.

    ``kind``: "ocfs2" (type character, block number, generation), "dentry" (parent
    directory and inode block numbers), "recovery" (``$RECOVERY``) or "other"."""

    raw: bytes
    kind: str
    type_char: str = ""
    blkno: int | None = None  # the inode's block for a dentry lock
    generation: int | None = None
    parent: int | None = None  # a dentry lock's directory block

    @property
    def type_name(self) -> str:
        """'Meta' for an OCFS2 lock; '' for a name OCFS2 did not build."""
        return TYPES.get(self.type_char, "")

    @property
    def text(self) -> str:
        """The name as OCFS2's own messages and debugfs print it (a dentry lock's
        inode block as its low 32 bits in hex); control bytes escaped."""
        if self.kind == "dentry" and self.blkno is not None:
            return self.raw[:DENTRY_NUL].decode("ascii") + f"{self.blkno & 0xFFFFFFFF:08x}"
        return printable(self.raw.decode("latin-1"))

    def meaning(self) -> str:
        """What the name stands for, without the name: 'Meta inode 53314 gen
        0x5b2e6f11', 'DLM recovery lock'; '' for a name OCFS2 did not build."""
        if self.kind == "recovery":
            return "DLM recovery lock"
        return self.describe() if self.kind != "other" else ""

    def describe(self) -> str:
        """A few words: 'Meta inode 53314 gen 0x5b2e6f11', 'Dentry dir 129 inode
        53314', 'Super', 'Quota group', '$RECOVERY'; the escaped text for a name OCFS2
        did not build."""
        if self.kind == "dentry":
            return f"Dentry dir {self.parent} inode {self.blkno}"
        if self.kind != "ocfs2":
            return self.text
        name, blkno, generation = self.type_name, self.blkno, self.generation
        if self.type_char in INODE_TYPES:
            return f"{name} inode {blkno} gen {generation:#x}"
        if self.type_char == "T":
            return f"{name} block {blkno} gen {generation:#x}"
        if self.type_char == "Q" and blkno is not None:
            return f"{name} {QUOTA_TYPES.get(blkno, f'type {blkno}')}"
        if self.type_char == "S" or (blkno == 0 and generation == 0):
            return name
        return f"{name} block {blkno} gen {generation:#x}"  # a global lock with numbers: shown as they are


def _hex(data: bytes) -> int | None:
    text = data.decode("latin-1")
    return int(text, 16) if text and all(c in _HEX for c in text) else None


def parse(raw: bytes) -> LockName:
    """What ``raw`` (the namelen bytes a DLM message carries) names; never raises."""
    raw = bytes(raw)
    if raw == RECOVERY:
        return LockName(raw, "recovery")
    if len(raw) != ID_LEN:
        return LockName(raw, "other")
    char = chr(raw[0])
    if char == DENTRY:
        parent = _hex(raw[DENTRY_PARENT])
        if parent is None or raw[DENTRY_NUL] != 0:
            return LockName(raw, "other")
        return LockName(raw, "dentry", char, int.from_bytes(raw[DENTRY_INO], "big"), None, parent)
    if char not in TYPES:
        return LockName(raw, "other")
    blkno, generation = _hex(raw[BLKNO]), _hex(raw[GENERATION])
    if blkno is None or generation is None:
        return LockName(raw, "other")
    return LockName(raw, "ocfs2", char, blkno, generation)


def fields(name: LockName, start: int) -> list[Field]:
    """The parts of a name OCFS2 built, as fields over its bytes from ``start`` (the
    first byte of the name in the message); none for any other name."""
    raw = name.raw
    if name.kind == "dentry":
        parent_text = raw[DENTRY_PARENT].decode("ascii")
        return [
            _type_field(name, start),
            Field(
                "parent_blkno",
                name.parent,
                f"{name.parent} (0x{parent_text})",
                start + DENTRY_PARENT.start,
                start + DENTRY_PARENT.stop,
                doc="The parent directory's block number, 16 hex digits.",
            ),
            Field("separator", 0, "NUL", start + DENTRY_NUL, start + DENTRY_NUL + 1, doc="Ends the printable part."),
            Field(
                "inode_blkno",
                name.blkno,
                f"{name.blkno} (0x{raw[DENTRY_INO].hex()})",
                start + DENTRY_INO.start,
                start + DENTRY_INO.stop,
                doc="The inode's block number, 8 bytes big-endian (OCFS2_DENTRY_LOCK_INO_START 18).",
            ),
            Field(
                "unused",
                raw[DENTRY_INO.stop :].hex(),
                raw[DENTRY_INO.stop :].hex(),
                start + DENTRY_INO.stop,
                start + len(raw),
                doc="NUL bytes up to the name's 31.",
            ),
        ]
    if name.kind != "ocfs2":
        return []
    pad = raw[PAD].decode("latin-1")
    blkno_text, generation_text = raw[BLKNO].decode("ascii"), raw[GENERATION].decode("ascii")
    char = name.type_char
    blkno_doc = BLKNO_DOCS.get(
        char, "The inode's block number." if char in INODE_TYPES else "Block number (0 for a file system wide lock)."
    )
    blkno_show = f"{name.blkno} (0x{blkno_text})"
    if char == "Q" and name.blkno in QUOTA_TYPES:
        blkno_show += f" {QUOTA_TYPES[name.blkno]} quota"
    return [
        _type_field(name, start),
        Field("pad", printable(pad), repr(printable(pad)), start + PAD.start, start + PAD.stop, doc="OCFS2_LOCK_ID_PAD."),
        Field("blkno", name.blkno, blkno_show, start + BLKNO.start, start + BLKNO.stop, doc=blkno_doc + " 16 hex digits."),
        Field(
            "generation",
            name.generation,
            f"0x{generation_text}",
            start + GENERATION.start,
            start + GENERATION.stop,
            doc="The inode's (or refcount tree's) generation, 8 hex digits; 0 when the lock has none.",
        ),
    ]


def _type_field(name: LockName, start: int) -> Field:
    return Field(
        "lock_type",
        name.type_char,
        f"{name.type_char}: {name.type_name}",
        start,
        start + 1,
        doc="The lock type's character (ocfs2_lock_type_char).",
    )
