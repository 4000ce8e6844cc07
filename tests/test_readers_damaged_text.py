"""Damaged tcpdump text: seed 001 and hand-damaged rows with exact missing spans.

Seed ``001_f4e055c7449f39c2.txt`` (GlusterFS 7.7 internals) pastes ``tcpdump -Xnpls0``
dumps with the damage real pasted text has: odd-length groups, missing groups,
notes typed into hex lines, glued and wrapped header lines, rows without their
indentation.  The reader must keep every intact byte at its true offset, mark
the rest missing, and agree with the seed author's notes on the LOOKUP call.
"""

from __future__ import annotations

import io

import pytest

from hexview.packets import LINKTYPE_RAW, Span
from hexview.readers import open_input, read_packets
from shared_paths import SHARED

SEED = SHARED / "seeds" / "001_f4e055c7449f39c2.txt"


@pytest.fixture(scope="module")
def seed():
    if not SEED.is_file():
        pytest.skip("../shared/seeds/001_f4e055c7449f39c2.txt is not available")
    reader = open_input(str(SEED))
    return reader, list(reader)


def test_seed_001_dumps_are_found_among_the_prose(seed):
    reader, packets = seed
    assert reader.format == "tcpdump"
    # one packet per pasted dump, each starting at its header line; prose is skipped
    assert [p.first_line for p in packets] == [1011, 1051, 1076, 1134, 1219, 1261, 1431, 1449, 1464, 1477, 1495, 1511]
    assert {p.linktype for p in packets} == {LINKTYPE_RAW}
    assert not [n for n in reader.notes if "internal error" in n]


def test_seed_001_lookup_call_matches_the_authors_notes(seed):
    """The GFS3_OP_LOOKUP dump: header wrapped over 3 lines, notes typed into the
    hex ("00be是msg的xid", "001b就是GFS3_OP_LOOKUP, 0013 d005就是GLUSTER_FOP_PROGRAM")."""
    _, packets = seed
    p = packets[0]
    assert p.header == (
        "20:25:07.685221 IP 192.168.122.144.49139 > 192.168.122.142.49153: Flags [P.],"
        " seq 2132:2788, ack 1977, win 331, options [nop,nop,TS val 224788688 ecr 224789064], length 656"
    )
    assert (p.first_line, p.last_line) == (1011, 1031)
    assert p.time_text == "20:25:07.685221"
    assert p.timestamp == pytest.approx(20 * 3600 + 25 * 60 + 7.685221)
    d = p.data
    assert d[0:4] == bytes.fromhex("450002c4")  # IPv4, total length 708 (the paste stops early)
    assert len(d) == 0xD0 and p.missing == []
    assert d[0x34:0x38] == bytes.fromhex("8000028c")  # record mark: last fragment, 652 bytes
    assert d[0x38:0x3C] == bytes.fromhex("000000be")  # xid ("00be是msg的xid")
    assert d[0x3C:0x40] == bytes.fromhex("00000000")  # CALL
    assert d[0x40:0x44] == bytes.fromhex("00000002")  # RPC version 2
    assert d[0x44:0x48] == bytes.fromhex("0013d005")  # GLUSTER_FOP_PROGRAM 1298437
    assert d[0x48:0x4C] == bytes.fromhex("00000190")  # version 400
    assert d[0x4C:0x50] == bytes.fromhex("0000001b")  # GFS3_OP_LOOKUP (27)
    # "// 0000" after the ASCII column is a note, not data: row 0x0030 ends in 0000 0000
    assert d[0x30:0x40] == bytes.fromhex("0d6602488000028c000000be00000000")
    assert d[0x90:0xA0] == bytes.fromhex("65c2cb63a76a4fb59a123e4ed4bb909a")  # a gfid
    assert p.problems == ["lines 1018, 1020, 1026, 1028, 1030: text inside the hex dump ignored"]


def test_seed_001_ping_call_lost_two_bytes_in_two_rows(seed):
    """GF-DUMP PING: rows 0x0050 and 0x0060 have 7 groups each.  The TCP payload
    equals the reconstruction in docs/gluster.md (golden example 2)."""
    reader, packets = seed
    p = packets[1]
    assert p.missing == [
        Span(0x5E, 0x60, "line 1060: row 0x0050 has only 7 groups (14 bytes) where 16 were expected"),
        Span(0x6E, 0x70, "line 1061: row 0x0060 has only 7 groups (14 bytes) where 16 were expected"),
    ]
    assert len(p.data) == 0x88  # = the IP total length: later rows kept their offsets
    assert p.data[0x34:] == bytes.fromhex(
        "80000050"
        "000002ea"
        "00000000"
        "00000002"
        "075bb86d"
        "00000001"
        "00000002"
        "0005f398"
        "00000028" + "00" * 28 + "00000000"
        "00000004"
        "00000000"
        "0000000000000000"
    )
    assert "line 1059: text inside the hex dump ignored" in p.problems
    assert "line 1060: row 0x0050 has only 7 groups (14 bytes) where 16 were expected" in reader.notes


def test_seed_001_damaged_rows_are_reported_with_their_line_numbers(seed):
    reader, packets = seed
    fxattrop = packets[2]  # two headers glued on line 1076, a 3-digit group on line 1078
    assert fxattrop.missing[0] == Span(12, 14, "line 1078: row 0x0000 has a 3-digit group 'c08'")
    assert fxattrop.data[14:16] == bytes.fromhex("7a90")  # the group after it kept its place
    assert fxattrop.header.startswith("11:18:34.800571 IP 192.168.122.144.49144 > 192.168.122.144.49153")
    assert fxattrop.problems[0].startswith(
        "line 1076: two header lines glued together; the rows belong to the first"
        " (its seq range matches the 340-byte TCP payload)"
    )
    write = packets[4]
    assert Span(0x130, 0x140, "line 1240: row 0x0130 has no hex groups") in write.missing
    assert Span(0x19C, 0x19E, "line 1246: row 0x0190 has a malformed group '0x61'") in write.missing
    assert write.data[0x19E:0x1A0] == bytes.fromhex("7264")
    for note in (
        "line 1078: row 0x0000 has a 3-digit group 'c08'",
        "line 1221: row 0x0000 has a 3-digit group 'f1e'",
        "line 1272: row 0x0090 has a 3-digit group '673'",
        "line 1441: row 0x0080 has a 3-digit group 'a93'",
        "line 1505: row 0x0080 has 9 groups; the extra '41a0' ignored",
    ):
        assert note in reader.notes
    # line 1217's header got no rows; the rows after line 1219 (a broken copy with
    # one endpoint) carry its 716-byte payload (IP total length 0x0300 - 52)
    assert write.header.startswith("11:18:34.804643 IP 192.168.122.144.49144 > 192.168.122.144.49153:")
    assert any(n.startswith("line 1217: the rows after line 1219 belong to this header") for n in reader.notes)


# --------------------------------------------------- hand-damaged rows, exact spans

# Frame 4 of nbd-tiny-nbdsh (tests/data), the NBD greeting, as tcpdump -X printed it.
HEADER = (
    "15:50:52.389041 IP 127.0.0.1.10809 > 127.0.0.1.45930: Flags [P.], seq 1:19, ack 1, win 64,"
    " options [nop,nop,TS val 1778135617 ecr 412977693], length 18"
)
ROWS = [
    "\t0x0000:  4500 0046 0ed2 4000 4006 2dde 7f00 0001  E..F..@.@.-.....",
    "\t0x0010:  7f00 0001 2a39 b36a d07c c7a1 f8e8 01c1  ....*9.j.|......",
    "\t0x0020:  8018 0040 fe3a 0000 0101 080a 69fc 3241  ...@.:......i.2A",
    "\t0x0030:  189d 8a1d 4e42 444d 4147 4943 4948 4156  ....NBDMAGICIHAV",
    "\t0x0040:  454f 5054 0003                           EOPT..",
]
CLEAN = bytes.fromhex(
    "45000046 0ed24000 40062dde 7f000001 7f000001 2a39b36a d07cc7a1 f8e801c1"
    "80180040 fe3a0000 0101080a 69fc3241 189d8a1d 4e42444d 41474943 49484156 454f5054 0003"
)


def read_lines(lines: list[str]):
    reader = read_packets(io.BytesIO(("\n".join(lines) + "\n").encode()))
    return reader, list(reader)


def patched(data: bytes, at: int, new: bytes) -> bytes:
    return data[:at] + new + data[at + len(new) :]


def test_clean_rows_read_exactly():
    reader, packets = read_lines([HEADER, *ROWS])
    assert [p.data for p in packets] == [CLEAN]
    assert packets[0].problems == [] and reader.notes == []


def test_odd_length_group_is_missing_and_nothing_shifts():
    row = "\t0x0010:  7f00 0001 2a39 b36a d07 c7a1 f8e8 01c1  ....*9.j.|......"
    reader, [p] = read_lines([HEADER, ROWS[0], row, *ROWS[2:]])
    reason = "line 3: row 0x0010 has a 3-digit group 'd07'"
    assert p.missing == [Span(0x18, 0x1A, reason)]
    assert p.data == patched(CLEAN, 0x18, b"\0\0")
    assert p.problems == [reason] and reader.notes == [reason]


def test_two_digit_group_inside_a_row_is_missing():
    row = "\t0x0010:  7f00 0001 2a39 b3 d07c c7a1 f8e8 01c1  ....*9.j.|......"
    _, [p] = read_lines([HEADER, ROWS[0], row, *ROWS[2:]])
    assert p.missing == [Span(0x16, 0x18, "line 3: row 0x0010 has a 2-digit group 'b3'")]
    assert p.data == patched(CLEAN, 0x16, b"\0\0")


def test_missing_group_leaves_the_row_end_missing():
    row = "\t0x0020:  8018 0040 fe3a 0000 080a 69fc 3241  ...@.:......i.2A"  # "0101" lost
    _, [p] = read_lines([HEADER, *ROWS[:2], row, *ROWS[3:]])
    reason = "line 4: row 0x0020 has only 7 groups (14 bytes) where 16 were expected"
    assert p.missing == [Span(0x2E, 0x30, reason)]
    assert p.data == CLEAN[:0x28] + bytes.fromhex("080a69fc3241") + b"\0\0" + CLEAN[0x30:]


def test_short_row_and_row_without_groups():
    short = "\t0x0020:  8018 0040 fe3a 0000 0101  ...@.:...."
    _, [p] = read_lines([HEADER, *ROWS[:2], short, *ROWS[3:]])
    assert p.missing == [Span(0x2A, 0x30, "line 4: row 0x0020 has only 5 groups (10 bytes) where 16 were expected")]
    assert p.data == CLEAN[:0x2A] + bytes(6) + CLEAN[0x30:]
    empty = "\t0x0020:  ...@.:......i.2A"
    _, [p] = read_lines([HEADER, *ROWS[:2], empty, *ROWS[3:]])
    assert p.missing == [Span(0x20, 0x30, "line 4: row 0x0020 has no hex groups")]
    assert p.data == CLEAN[:0x20] + bytes(16) + CLEAN[0x30:]


def test_absent_row():
    _, [p] = read_lines([HEADER, *ROWS[:2], *ROWS[3:]])
    reason = "line 3: rows 0x0020-0x002f are absent (the next row is on line 4)"
    assert p.missing == [Span(0x20, 0x30, reason)]
    assert p.problems == [reason]
    assert p.data == CLEAN[:0x20] + bytes(16) + CLEAN[0x30:]


def test_note_inside_a_hex_line_is_not_data():
    """As in seed 001: '... .f.H.....// 0000' then '00be是msg的xid' on the next line."""
    noted = ROWS[3] + "  // 0000"
    _, [p] = read_lines([HEADER, *ROWS[:3], noted, "4e42是NBDMAGIC的开头", ROWS[4]])
    assert p.data == CLEAN
    assert p.missing == []
    assert p.problems == ["line 6: text inside the hex dump ignored"]


def test_rows_without_indentation_and_single_spaces():
    """Seed 001 style: '0x0000: 4500 ...' at column 0, ASCII after one space."""
    rows = [r.strip().replace(":  ", ": ").replace("  ", " ", 1) for r in ROWS]
    rows[-1] = "0x0040: 454f 5054 0003 EOPT.."
    reader, [p] = read_lines([HEADER, *rows])
    assert p.data == CLEAN and p.problems == [] and reader.notes == []


def test_damaged_last_row_is_completed_from_the_ip_length():
    rows = [r.strip() for r in ROWS[:-1]] + ["0x0040: 454f 5054 EOPT"]
    _, [p] = read_lines([HEADER, *rows])
    reason = "line 6: row 0x0040 has only 2 groups (4 bytes); the IP header says the packet ends at byte 70"
    assert p.missing == [Span(0x44, 0x46, reason)]
    assert p.data == CLEAN[:0x44] + b"\0\0"


def test_glued_header_lines():
    before = "15:50:52.389030 IP 127.0.0.1.45930 > 127.0.0.1.10809: Flags [.], ack 1, win 64, length 0"
    reader, [p] = read_lines([before + " " + HEADER, *ROWS])
    assert p.header == HEADER and p.time_text == "15:50:52.389041"
    assert p.data == CLEAN
    assert p.problems == [
        f"line 1: two header lines glued together; the rows belong to the second; the other has no hex rows: {before[:80]}"
    ]
    after = "15:50:52.389064 IP 127.0.0.1.45930 > 127.0.0.1.10809: Flags [.], ack 19, win 64, length 0"
    _, [p] = read_lines([HEADER + " " + after, *ROWS])
    assert p.header == HEADER and p.time_text == "15:50:52.389041"  # seq 1:19 = the 18 bytes here
    assert p.problems[0].startswith("line 1: two header lines glued together; the rows belong to the first")


def test_header_wrapped_over_three_lines():
    wrapped = [HEADER[:70], HEADER[70:120], HEADER[120:]]
    _, [p] = read_lines([*wrapped, *ROWS])
    assert p.header == HEADER
    assert (p.first_line, p.last_line) == (1, 8)
    assert p.data == CLEAN and p.problems == []


def test_two_dumps_without_headers_split_at_offset_zero():
    _, packets = read_lines([*ROWS, "some prose", *ROWS])
    assert [p.data for p in packets] == [CLEAN, CLEAN]
    assert [(p.first_line, p.last_line, p.header) for p in packets] == [(1, 5, None), (7, 11, None)]
