"""How GlusterFS fields read: op_errno by its Linux name, and one line per dictionary
entry (``key = value``, string values as text) with the entry's parts below it.

Golden values: tshark 4.0's decodes of the shared captures (its "Errno: 2 (No such
file or directory)" and dictionary "key: value" lines), Linux's errno numbering, the
XDR layouts of glusterfs4-xdr.x and dict.c's dict_serialize() (byte ranges) and afr.h
(changelog counters).
"""

from __future__ import annotations

import struct
from itertools import pairwise

import pytest

from gluster_captures import (
    TINY,
    at_frame,
    body_field,
    capture,
    dict_entries,
    messages,
    tshark_dicts,
    tshark_frame,
    tshark_frames,
)
from hexview.decode.kaitai_tree import show_value
from hexview.pipeline import Pipeline
from hexview.readers import open_input
from shared_paths import SEEDS

# tshark's strerror text -> the Linux name (glibc's messages for these numbers);
# tshark writes "Last reply" for ENOENT on READDIR
TSHARK_ERRNO = {
    "Success": None,
    "No such file or directory": "ENOENT",
    "Last reply": "ENOENT",
    "Invalid argument": "EINVAL",
    "No data available": "ENODATA",
}


def test_bundled_capture_lookup_enoent_by_name():
    """The capture's notes: LOOKUP ENOENT x3. op_ret and op_errno follow the 28 bytes of
    record mark and accepted reply header (xid, msg_type, reply_stat, verifier, accept_stat)."""
    replies = [m for m in messages(TINY) if m.name == "GlusterFS LOOKUP reply"]
    assert len(replies) == 3
    for reply in replies:
        op_ret, op_errno = body_field(reply, "op_ret"), body_field(reply, "op_errno")
        assert (op_ret.value, op_ret.show, op_ret.start, op_ret.end) == (-1, "-1", 28, 32)
        assert (op_errno.value, op_errno.show, op_errno.start, op_errno.end) == (2, "ENOENT (2)", 32, 36)
        assert reply.decode().summary.endswith("op_ret=-1 op_errno=ENOENT (2)")


@pytest.mark.shared
@pytest.mark.parametrize(
    "name",
    [
        "gluster-fuse-plain-fileops",
        "gluster-fuse-replica3-afr",
        "gluster-2node-peer-probe-volume",
        "gluster-tiny-brick-midstream",
    ],
)
def test_every_errno_tshark_names_is_named(name):
    """Every reply tshark gives an errno: the same number, shown by its Linux name."""
    msgs = capture(name)
    checked = 0
    for frame, lines in tshark_frames(name).items():
        expected = []
        for line in lines:
            if line.strip().startswith("Errno: "):
                number, reason = line.split("Errno: ", 1)[1].split(" ", 1)
                label = TSHARK_ERRNO[reason.strip("()")]
                expected.append(f"{label} ({number})" if label else number)
        if not expected:
            continue
        ours = [body_field(m, "op_errno").show for m in msgs if m.frames[-1] == frame and m.kind == "reply"]
        assert sorted(ours) == sorted(expected), frame
        checked += len(expected)
    assert checked


@pytest.mark.shared
def test_gfx_dict_entries_read_key_equals_value():
    """Frame 89, a LOOKUP of the root: 13 xdata entries. tshark lists them 'key: value';
    the entry's own line says the same, string values as text."""
    lookup = at_frame(capture("gluster-fuse-replica3-afr"), 89, "call")
    (theirs,) = tshark_dicts(tshark_frame("gluster-fuse-replica3-afr", 89))
    entries = dict_entries(lookup, "xdata")
    assert len(entries) == len(theirs) == 13
    for entry, (key, value) in zip(entries, theirs, strict=True):
        shown = value if value.lstrip("-").isdigit() else repr(value)
        assert entry.show == f"{key} = {shown}"
    assert entries[0].show == "link-count = 'glusterfs.xattrop_index_count'"


@pytest.mark.shared
def test_gfx_string_entry_detail_one_level_down():
    """gfx_dict_pair: key_length, key<> and its padding, the type, then the opaque arm
    (length, bytes, padding). The dictionary starts after the 4-byte mark, 80 bytes of
    call header, gfid and pargfid (32), flags (4), an empty bname (4) and the dict's
    xdr_size, count and pair count (12): at 136."""
    lookup = at_frame(capture("gluster-fuse-replica3-afr"), 89, "call")
    entry = dict_entries(lookup, "xdata")[0]
    text = b"glusterfs.xattrop_index_count\0"
    assert (entry.name, entry.start, entry.end) == ("pairs[0]", 136, 192)
    assert entry.value == ["link-count", text.hex()]
    assert [(c.name, c.start, c.end) for c in entry.children] == [
        ("key_length", 136, 140),
        ("key", 140, 151),
        ("key_padding", 151, 152),
        ("type", 152, 156),
        ("value_length", 156, 160),
        ("value", 160, 190),
        ("value_padding", 190, 192),
    ]
    kids = {c.name: c for c in entry.children}
    assert (kids["key_length"].value, kids["type"].show, kids["value_length"].value) == (11, "STR (5)", len(text))
    assert kids["value"].value == text.hex()  # the value stays the bytes; only the show is text
    assert kids["value"].show == "'glusterfs.xattrop_index_count'"
    assert all(not c.children for c in entry.children)


@pytest.mark.shared
def test_printable_bytes_without_nul_show_hex_and_text():
    """user.hexview = "tag-1" (setfattr, no NUL; tshark: "user.hexview: tag-1")."""
    getxattr = at_frame(capture("gluster-fuse-plain-fileops"), 148, "reply")
    ((key, value),) = tshark_dicts(tshark_frame("gluster-fuse-plain-fileops", 148))[1]
    (entry,) = dict_entries(getxattr, "dict")
    assert entry.show == f"{key} = {value.encode().hex()} ({value!r})"


@pytest.mark.shared
def test_afr_changelog_entries_show_their_counters():
    """FXATTROP reply, frame 215: four trusted.afr.* entries (keys as tshark lists them).
    afr.h: three big-endian 32-bit counters, data, metadata, entry. The first value's
    12 bytes sit at 92-104: 28 bytes of mark and reply header, op_ret and op_errno (8),
    an empty xdata (12), the dict's head (12), key length (4), the 18-byte key and 2 of
    padding, type (4), value length (4). (tshark prints them as 0x010000000000000000000000:
    each counter's bytes reversed.)"""
    reply = at_frame(capture("gluster-fuse-replica3-afr"), 215, "reply")
    theirs = tshark_dicts(tshark_frame("gluster-fuse-replica3-afr", 215))[1]
    entries = dict_entries(reply, "dict")
    assert [e.children[1].value for e in entries] == [key for key, _ in theirs]
    assert len(entries) == 4
    wire = bytes(reply.data[92:104])
    assert wire == bytes.fromhex("00000001 00000000 00000000")
    assert entries[0].show == "trusted.afr.dirty = data_pending=1, metadata_pending=0, entry_pending=0"
    assert entries[0].value == ["trusted.afr.dirty", list(struct.unpack(">iii", wire))]
    value = next(c for c in entries[0].children if c.name == "value")
    assert (value.start, value.end) == (92, 104)
    assert [(c.name, c.start, c.end) for c in value.children] == [
        ("data_pending", 92, 96),
        ("metadata_pending", 96, 100),
        ("entry_pending", 100, 104),
    ]


@pytest.mark.shared
def test_serialized_dict_entries_read_key_equals_value():
    """GF-HNDSK SETVOLUME (frame 147; tshark calls it DUMP): a dict_serialize()d
    dictionary of 21 string values. Each entry is key length, value length (4 + 4), the
    key and its NUL, the value and its NUL; together with the count word they fill the
    853 bytes tshark gives the dictionary."""
    setvolume = at_frame(capture("gluster-2node-peer-probe-volume"), 147, "call")
    assert setvolume.name == "GF-HNDSK SETVOLUME call"
    lines = tshark_frame("gluster-2node-peer-probe-volume", 147)
    (theirs,) = tshark_dicts(lines)
    assert any("[Size: 853 " in line for line in lines)
    entries = dict_entries(setvolume, "dict")
    assert len(entries) == len(theirs) == 21
    for entry, (key, value) in zip(entries, theirs, strict=True):
        assert entry.show == f"{key} = {value!r}"
        assert entry.end - entry.start == 8 + len(key) + 1 + len(value) + 1
        assert [c.name for c in entry.children] == ["key_length", "value_length", "key", "value"]
    assert all(a.end == b.start for a, b in pairwise(entries))
    assert 4 + sum(e.end - e.start for e in entries) == 853
    assert entries[3].show == "volfile-key = 'shd/xvol'"


def test_c_string_hint():
    hint = {"show": "cstring"}
    assert show_value(b"repvol\0", hint, 7) == "'repvol'"
    assert show_value(b"a\tb\0", hint, 4) == "'a\\tb'"  # whitespace is text, escaped
    assert show_value(b"tag-1", hint, 5) == "7461672d31 ('tag-1')"  # printable, no NUL: both
    assert show_value(b"\x01\x00\x00\x00", hint, 4) == "01000000"  # binary stays hex
    assert show_value(b"ab\0cd\0", hint, 6) == "616200636400"  # a NUL inside
    assert show_value(b"\0", hint, 1) == "00"
    assert show_value(b"\xff\xfe\0", hint, 3) == "fffe00"  # not UTF-8
    assert show_value(b"\x1b[31m\0", hint, 6) == "1b5b33316d00"  # a terminal escape is not text


def test_dict_over_bytes_not_captured_shows_only_what_was_captured():
    """Seed 001's LOOKUP dump stops inside its xdata (IP offset 0xd0, after the row
    '0000 01f8 0000 000d 0000 000d 0000 0011'): the dictionary says 13 entries and the
    first key is 17 bytes long, and nothing more was captured. So the one entry shown
    holds only its key length, reads as no 'key = value' line, and no entry is made up
    from the placeholders after it."""
    seed = SEEDS / "001_f4e055c7449f39c2.txt"
    if not seed.exists():
        pytest.skip("../shared is not beside the checkout")
    lookup = next(m for m in Pipeline().run(open_input(str(seed))) if m.name == "GlusterFS LOOKUP call")
    entries = dict_entries(lookup, "xdata")
    assert [(e.name, e.value, e.show, e.start, e.end) for e in entries] == [("pairs[0]", None, "", 152, 156)]
    assert [(c.name, c.value, c.start, c.end) for c in entries[0].children] == [("key_length", 17, 152, 156)]
