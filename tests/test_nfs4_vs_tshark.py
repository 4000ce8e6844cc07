"""The shared NFSv4 captures against tshark, every field at the same bytes with the same value.

Ground truth: ``tests/data/nfs4-fields/NAME.tshark-fields.json``, made from tshark
4.0.17's ``-T json -x`` decode of ``../shared/captures/nfs/NAME.pcap`` by
``tools/tshark_fields.py`` (the command is in each file; README.md there). The pcaps
stay in ../shared: the tests skip when it is absent. ``tshark_compare`` maps tshark's
records onto hexview's messages byte for byte and compares every field of the rpc and
nfs layers; the tables below say what cannot agree and why:

- ``NO_BYTES``: items tshark shows without bytes of their own (repeats, labels, the
  attribute numbers it lists under a bitmap, expert notes);
- ``DERIVED``: values tshark computes (hashes to filter on): the bytes must still be
  one hexview field;
- ``CHECKS``: values tshark shows in a form of its own (an attribute's number on the
  attribute's value bytes, a count of set bits on a bitmap word, a verifier as a number,
  the two halves of OPEN's share_access word, an address parsed out of a string, the
  stateid as bytes where hexview has its parts): each is proved from hexview's fields or
  the bytes by its check;
- ``DISAGREEMENTS``: where the bytes prove tshark wrong, each listed with its offsets
  and proved from the bytes by ``test_each_disagreement_is_proved_by_the_bytes``.

tshark dissects TCP port 647 as DHCP failover: libnfs used it as a privileged source
port for one NFS connection of the v4.0 capture, whose records tshark then does not
decode as RPC, so the command disables ``dhcpfo`` (no capture uses DHCP failover).
TLS need not be disabled: no connection uses a port tshark gives to TLS.
"""

from __future__ import annotations

import zlib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from hexview.decode.fields import Field
from hexview.messages import Message
from shared_paths import CAPTURES as SHARED_CAPTURES
from tshark_compare import (
    RPC_NAMES,
    RPC_NO_BYTES,
    Check,
    Row,
    Rules,
    as_int,
    compare,
    frame_messages,
    load_records,
    xid,
)

DATA = Path(__file__).parent / "data" / "nfs4-fields"
PCAPS = SHARED_CAPTURES / "nfs"
CAPTURES = sorted(p.name[: -len(".tshark-fields.json")] for p in DATA.glob("*.tshark-fields.json"))
LAYERS = ("rpc", "nfs")

NO_BYTES = {
    **RPC_NO_BYTES,
    "nfs.procedure_v4": "the procedure again, in the nfs layer",
    "nfs.main_opcode": "the COMPOUND's main operation (tshark's pick, for filtering)",
    "nfs.tag": "only when empty: tshark gives a zero-length tag no bytes",
    "nfs.attr": "only under a bitmap: the numbers of the bits set, listed as items (the word is nfs.attr_mask)",
    "Attr mask:": "a label over an empty bitmap",
    "eir_server_impl_id": "a label: EXCHANGE_ID's empty eir_server_impl_id array",
    "nfs.stateid.deprecated": "an expert note: a CLOSE reply's stateid is deprecated (RFC 7530 16.2.5)",
    "nfs.protocol_violation": "an expert note: a GETATTR without an attribute mask",
    "_ws.expert.message": "the text of an expert note",
    "_ws.expert.severity": "the severity of an expert note",
    "_ws.expert.group": "the group of an expert note",
}


def _crc16_x25(data: bytes) -> int:
    """CRC-16/X-25 (reflected polynomial 0x1021, init and final xor 0xffff)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc ^ 0xFFFF


DERIVED = {
    "nfs.fh.hash": "tshark's CRC-32 of the file handle's bytes (a value to filter on, not a wire field)",
}

# RFC 7530 5.8, RFC 8881 5.8 and 5.12, RFC 8276 8.2: attribute number -> hexview's name
# of the value (for fs_layout_types, an empty list: its count is the whole value)
ATTRIBUTES = {
    0: {"supported_attrs"},
    1: {"type"},
    4: {"size"},
    20: {"fileid"},
    33: {"mode"},
    35: {"numlinks"},
    36: {"owner"},
    37: {"owner_group"},
    45: {"space_used"},
    47: {"time_access"},
    52: {"time_metadata"},
    53: {"time_modify"},
    62: {"fs_layout_types", "num_fs_layout_type"},
    65: {"layout_blksize"},
    82: {"xattr_support"},
}
STATEIDS = {"stateid", "src_stateid", "dst_stateid"}  # COPY's two
VERIFIERS = {"verifier", "setclientid_confirm", "cookieverf", "createverf", "writeverf"}


def _named(fields: list[Field], names: set[str]) -> list[Field]:
    return [f for f in fields if f.name.split("[", 1)[0] in names]


def _attribute(row: Row, fields: list[Field], data: bytes) -> bool:
    return bool(_named(fields, ATTRIBUTES.get(as_int(row[6]), set())))


def _set_bits(row: Row, fields: list[Field], data: bytes) -> bool:
    return any(f.value == int.from_bytes(data) for f in _named(fields, {"words"})) and int.from_bytes(data).bit_count() == as_int(
        row[6]
    )


def _verifier(row: Row, fields: list[Field], data: bytes) -> bool:
    return int.from_bytes(data) == as_int(row[6]) and any(f.value in (data.hex(), data) for f in _named(fields, VERIFIERS))


def _stateid(row: Row, fields: list[Field], data: bytes) -> bool:
    parts = [(c.name, c.start, c.end) for f in _named(fields, STATEIDS) for c in f.children]
    start = fields[0].start
    return bytes.fromhex(row[6].replace(":", "")) == data and parts[:2] == [
        ("seqid", start, start + 4),
        ("other", start + 4, start + 16),
    ]


def _stateid_hash(row: Row, fields: list[Field], data: bytes) -> bool:
    return bool(_named(fields, STATEIDS)) and _crc16_x25(data) == as_int(row[6])


def _other_hash(row: Row, fields: list[Field], data: bytes) -> bool:
    return bool(_named(fields, {"other"})) and zlib.crc32(data) == as_int(row[6])


def _share_bits(child: str, shift: int) -> Any:
    def agrees(row: Row, fields: list[Field], data: bytes) -> bool:
        words = [f.child(child) for f in _named(fields, {"share_access"})]
        return any(c is not None and c.value << shift == as_int(row[6]) for c in words)

    return agrees


def _ipv4_of_uaddr(row: Row, fields: list[Field], data: bytes) -> bool:
    texts = [c.value for f in _named(fields, {"addr"}) for c in f.children if c.name == "value"]
    return any(isinstance(t, str) and ".".join(t.split(".")[:4]) == row[6] for t in texts)


CHECKS = {
    "nfs.attr": Check(
        "tshark gives the attribute's number (the value) the bytes of the attribute's value: hexview's field there "
        "must be that attribute (ATTRIBUTES)",
        _attribute,
    ),
    "nfs.attr_count": Check(
        "tshark's count of the bits set in a bitmap word, placed on the word: hexview's word there must have as many",
        _set_bits,
    ),
    "nfs.verifier4": Check("tshark shows the 8-byte verifier as a number: hexview shows its bytes in hex", _verifier),
    "nfs.cookie_verf4": Check("READDIR's cookie verifier as a number, likewise", _verifier),
    "nfs.stateid": Check(
        "tshark gives the stateid's 16 bytes, hexview the stateid with its parts seqid (4) and other (12)", _stateid
    ),
    "nfs.stateid.hash": Check("tshark's CRC-16/X-25 of the stateid's 16 bytes (a value to filter on)", _stateid_hash),
    "nfs.stateid.other_hash": Check("tshark's CRC-32 of the stateid's 12 other bytes (to filter on)", _other_hash),
    "nfs.open4.share_access": Check(
        "tshark splits OPEN's share_access word into the access bits and the WANT value, both over the whole word: "
        "hexview's word has them as children, access (bits 0-1) equals tshark's share_access",
        _share_bits("access", 0),
    ),
    "nfs.want": Check("and hexview's want (bits 8-11) shifted into place equals tshark's want", _share_bits("want", 8)),
    "nfs.universal_address.ipv4": Check(
        "tshark's IPv4 address parsed from the universal address string (its first four parts) over the whole "
        "string: hexview's addr there holds that text",
        _ipv4_of_uaddr,
    ),
}

NAMES = {
    **RPC_NAMES,
    "nfs.status": {"status"},  # the COMPOUND's status
    "nfs.nfsstat4": {"status"},  # each operation's
    "nfs.opcode": {"argop", "resop"},
    "nfs.ops.count": {"num_argarray", "num_resarray"},
    "nfs.minorversion": {"minorversion"},
    "nfs.tag": {"value"},
    "nfs.fh.length": {"length"},
    "nfs.fhandle": {"data"},
    "nfs.pathname.component": {"value"},
    "nfs.entry_name": {"value"},
    "nfs.symlink.linktext": {"value"},
    "nfs.xattr.key": {"value"},
    "nfs.fattr4_owner": {"value"},
    "nfs.fattr4_owner_group": {"value"},
    "nfs.r_netid": {"value"},
    "nfs.r_addr": {"value"},
    "nfs.nii_domain4": {"value"},
    "nfs.nii_name4": {"value"},
    "nfs.attr_mask": {"words"},
    "nfs.fattr4.size": {"size"},
    "nfs.fattr4.fileid": {"fileid"},
    "nfs.fattr4.numlinks": {"numlinks"},
    "nfs.fattr4.space_used": {"space_used"},
    "nfs.fattr4.layout_blksize": {"layout_blksize"},
    "nfs.fattr4_xattr_support": {"xattr_support"},
    "nfs.nfs_ftype4": {"type"},
    "nfs.specdata1": {"specdata1"},
    "nfs.specdata2": {"specdata2"},
    "nfs.mode": {"mode"},
    **{
        f"nfs.mode.{bit}": {"mode"}
        for bit in ("name", "set_user_id", "set_group_id", "save_swap_text", "read_owner", "write_owner", "exec_owner")
    },
    **{f"nfs.mode.{bit}": {"mode"} for bit in ("read_group", "write_group", "exec_group", "read_other", "write_other")},
    "nfs.mode.exec_other": {"mode"},
    "nfs.nfstime4.seconds": {"seconds"},
    "nfs.nfstime4.nseconds": {"nseconds"},
    "nfs.access_check": {"access"},
    "nfs.access_rights": {"access"},
    **{f"nfs.access_{bit}": {"access"} for bit in ("read", "lookup", "modify", "extend", "delete", "execute")},
    "nfs.access_supported": {"supported"},
    "nfs.access_supp_read": {"supported"},
    "nfs.access_supp_modify": {"supported"},
    "nfs.clientid": {"clientid"},
    "nfs.nfs_client_id4.id": {"data"},
    "nfs.cb_program": {"cb_program"},
    "nfs.callback.ident": {"callback_ident"},
    "nfs.seqid": {"seqid", "sequenceid", "sequence"},  # OPEN's seqid, SEQUENCE's, CREATE_SESSION's
    "nfs.stateid.seqid": {"seqid"},
    "nfs.stateid.other": {"other"},
    "nfs.change_info.atomic": {"atomic"},
    "nfs.changeid4.before": {"before"},
    "nfs.changeid4.after": {"after"},
    "nfs.cookie4": {"cookie"},
    "nfs.dircount": {"dircount"},
    "nfs.maxcount": {"maxcount"},
    "nfs.dirlist4.eof": {"eof"},
    "nfs.eof": {"eof"},
    "nfs.value_follows": {"value_follows"},
    "nfs.offset4": {"offset", "src_offset", "dst_offset"},
    "nfs.count4": {"count"},
    "nfs.length4": {"length", "count"},  # ALLOCATE's length; COPY's ca_count, which tshark also calls length4
    "nfs.data": {"data"},
    "nfs.read.data_length": {"length"},
    "nfs.write.data_length": {"length"},
    "nfs.stable_how4": {"stable", "committed"},
    "nfs.createmode4": {"mode"},
    "nfs.open.opentype": {"opentype"},
    "nfs.open.claim_type": {"claim"},
    "nfs.open.delegation_type": {"delegation_type"},
    "nfs.open.why_no_delegation": {"why"},
    "nfs.open4.share_deny": {"share_deny"},
    "nfs.open_owner4": {"data"},
    "nfs.open_rflags": {"rflags"},
    **{f"nfs.open_rflags.{bit}": {"rflags"} for bit in ("confirm", "locktype_posix", "may_notify_lock", "preserve_unlinked")},
    "nfs.session_id4": {"sessionid"},
    "nfs.slotid": {"slotid"},
    "nfs.high_slotid": {"highest_slotid"},
    "nfs.target_high_slotid": {"target_highest_slotid"},
    "nfs.cachethis4": {"cachethis"},
    "nfs.sequence.flags": {"status_flags"},
    **{
        f"nfs.sequence.flags.{bit}": {"status_flags"}
        for bit in (
            "cb_path_down",
            "cb_gss_contexts_expiring",
            "cb_gss_contexts_expired",
            "expired_all_state_revoked",
            "expired_some_state_revoked",
            "admin_state_revoked",
            "recallable_state_revoked",
            "lease_moved",
            "restart_reclaim_needed",
            "cb_path_down_session",
            "backchannel_fault",
            "devid_changed",
            "devid_deleted",
        )
    },
    "nfs.exchange_id.call_flags": {"flags"},
    "nfs.exchange_id.reply_flags": {"flags"},
    **{
        f"nfs.exchange_id.flags.{bit}": {"flags"}
        for bit in ("moved_refer", "moved_migr", "bind_princ", "non_pnfs", "pnfs_mds", "pnfs_ds", "confirmed_rec_a")
    },
    "nfs.exchange_id.flags.confirmed_r": {"flags"},
    "nfs.exchange_id.state_protect": {"how"},
    "nfs.minorid4": {"server_owner_minor_id"},
    "nfs.majorid4": {"data"},
    "nfs.scope": {"data"},
    "nfs.create_session_flags": {"flags"},
    **{f"nfs.create_session.flags.{bit}": {"flags"} for bit in ("persist", "conn_back_chan", "conn_rdma")},
    "nfs.padsize4": {"headerpadsize"},
    "nfs.maxreqsize4": {"maxrequestsize"},
    "nfs.maxrespsize4": {"maxresponsesize"},
    "nfs.maxrespsizecached4": {"maxresponsesize_cached"},
    "nfs.maxops4": {"maxoperations"},
    "nfs.maxreqs4": {"maxrequests"},
    "nfs.flavor4": {"cb_secflavor"},
    "nfs.reclaim_one_fs4": {"one_fs"},
    "nfs.consecutive": {"consecutive"},
    "nfs.synchronous": {"synchronous"},
    "nfs.source_servers": {"num_src_servers"},
    "nfs.setxattr.options": {"option"},
}

# READDIR entries: tshark's item for an entry is nfs.name with the entry's name as its
# value but the bytes of the whole entry, from the value_follows word before it to its
# last attribute (tshark gives the name's own bytes a second time as nfs.entry_name).
# The bytes there are 00000001 (value_follows TRUE), the 8-byte cookie, the name's
# length and the name, then the attributes: not the string its value says.
# (capture, frame, start, end, name), offsets in the record
ENTRY_ITEMS = [
    ("nfs-v40-libnfs-ls-cp-cat", 15, 236, 388, "seed.txt"),
    ("nfs-v40-libnfs-ls-cp-cat", 15, 388, 540, "big.bin"),
    ("nfs-v40-libnfs-ls-cp-cat", 112, 236, 388, "seed.txt"),
    ("nfs-v40-libnfs-ls-cp-cat", 112, 388, 544, "uploaded.bin"),
    ("nfs-v40-libnfs-ls-cp-cat", 112, 544, 696, "big.bin"),
    ("nfs-v41-pynfs-session-open-rw", 179, 152, 192, "RNM15_1795449133"),
    ("nfs-v41-pynfs-session-open-rw", 179, 192, 232, "OPEN1_1795449133"),
    ("nfs-v41-pynfs-session-open-rw", 179, 232, 276, "OPEN30_1795449133"),
    ("nfs-v41-pynfs-session-open-rw", 179, 276, 316, "RNM1r_1795449133"),
    ("nfs-v41-pynfs-session-open-rw", 185, 160, 192, "file2"),
    ("nfs-v41-pynfs-session-open-rw", 205, 160, 188, "dir1"),
    ("nfs-v41-pynfs-session-open-rw", 205, 188, 216, "dir2"),
    ("nfs-v41-pynfs-session-open-rw", 215, 168, 196, "bar"),
    ("nfs-v41-pynfs-pnfs-v42", 157, 152, 192, "XATT3_1795449136"),
    ("nfs-v41-pynfs-pnfs-v42", 157, 192, 232, "COPY5_1795449136"),
    ("nfs-v41-pynfs-pnfs-v42", 157, 232, 280, "COPY5_1795449136_copy"),
    ("nfs-v41-pynfs-pnfs-v42", 157, 280, 324, "ALLOC1_1795449136"),
]
DISAGREEMENTS = {
    (capture, frame, "nfs.name", start): f"a READDIR entry item: {name!r} over the entry's {end - start} bytes"
    for capture, frame, start, end, name in ENTRY_ITEMS
}

RULES = Rules(names=NAMES, no_bytes=NO_BYTES, derived=DERIVED, checks=CHECKS, disagreements=DISAGREEMENTS)


@cache
def tshark_records(capture: str) -> list[dict[str, Any]]:
    return load_records(DATA / f"{capture}.tshark-fields.json")


@cache
def messages(capture: str) -> dict[tuple[int, bytes], Message]:
    return frame_messages(PCAPS / f"{capture}.pcap")


needs_shared = pytest.mark.skipif(not PCAPS.is_dir(), reason="../shared/captures not present")


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize("layer", LAYERS)
@pytest.mark.parametrize("capture", CAPTURES)
def test_every_tshark_field_is_decoded_at_the_same_bytes_with_the_same_value(capture: str, layer: str) -> None:
    problems, seen = compare(capture, tshark_records(capture), messages(capture), layer, RULES)
    assert problems == []
    assert seen > 0


@needs_shared
@pytest.mark.shared
def test_every_record_tshark_decoded_is_a_hexview_message() -> None:
    """Each RPC record tshark decoded is a hexview message (same xid, completed in the
    same frame). The v4.0 capture's first connection (libnfs's source port 647, frames
    4-15: NULL, SETCLIENTID, SETCLIENTID_CONFIRM, LOOKUP, READDIR and their replies) is
    there only because dhcpfo is disabled: 72 frames with RPC instead of tshark's 62."""
    frames = {}
    for capture in CAPTURES:
        found = messages(capture)
        for record in tshark_records(capture):
            assert (record["frame"], xid(record)) in found, (capture, record["frame"])
        frames[capture] = sorted({record["frame"] for record in tshark_records(capture)})
    assert {c: len(f) for c, f in frames.items()} == {
        "nfs-v40-libnfs-ls-cp-cat": 72,
        "nfs-v41-pynfs-session-open-rw": 224,
        "nfs-v41-pynfs-pnfs-v42": 170,
    }
    assert frames["nfs-v40-libnfs-ls-cp-cat"][:10] == [4, 6, 8, 9, 10, 11, 12, 13, 14, 15]


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(CHECKS))
def test_each_check_holds_on_the_captures_and_fails_on_another_value(name: str) -> None:
    """Every check is used, holds for tshark's value and rejects that value plus one
    (so none passes whatever tshark says)."""
    used = 0
    for capture in CAPTURES:
        found = messages(capture)
        for record in tshark_records(capture):
            rows = [row for row in record["fields"] if row[1] == name and row[2] is not None]
            if not rows:
                continue
            at: dict[tuple[int, int], list[Field]] = {}
            for item in found[(record["frame"], xid(record))].decode().walk():
                at.setdefault((item.start, item.end), []).append(item)
            data = bytes(found[(record["frame"], xid(record))].data)
            for row in rows:
                start = row[2] - record["record_at"]
                fields, raw = at[(start, start + row[3])], data[start : start + row[3]]
                assert CHECKS[name].agrees(row, fields, raw), (capture, record["frame"], row)
                other = _another(row)
                assert not CHECKS[name].agrees(other, fields, raw), (capture, record["frame"], other)
                used += 1
    assert used > 0


def _another(row: Row) -> Row:
    """``row`` with another value: one more, or its bytes with the last one changed."""
    value = row[6]
    if ":" in value or value.count(".") == 3:  # bytes, an IPv4 address
        return [*row[:6], value[:-1] + ("1" if value[-1] != "1" else "2"), row[7]]
    return [*row[:6], str(as_int(value) + 1), row[7]]


@needs_shared
@pytest.mark.shared
def test_each_disagreement_is_proved_by_the_bytes() -> None:
    """tshark's nfs.name items on READDIR entries: at their offset the record holds
    value_follows TRUE, a cookie and the name as an XDR string, tshark's own
    nfs.entry_name is at the name's bytes with the same value, and the range ends where
    the next value_follows starts: the 4-byte word is 1 before another entry, 0 after the last."""
    for capture, frame, start, end, name in ENTRY_ITEMS:
        record = next(r for r in tshark_records(capture) if r["frame"] == frame)
        data = bytes(messages(capture)[(frame, xid(record))].data)
        text = name.encode()
        assert data[start : start + 4] == b"\x00\x00\x00\x01"
        assert data[start + 12 : start + 16] == len(text).to_bytes(4) and data[start + 16 : start + 16 + len(text)] == text
        assert data[end : end + 4] in (b"\x00\x00\x00\x00", b"\x00\x00\x00\x01")
        rows = [r for r in record["fields"] if r[2] is not None and r[2] - record["record_at"] == start + 16]
        assert any(r[1] == "nfs.entry_name" and r[6] == name for r in rows)
        assert [r[3] for r in record["fields"] if r[1] == "nfs.name" and r[2] == start + record["record_at"]] == [end - start]
