"""Text packets whose hex IP/TCP header was damaged in a paste are rebuilt from
tcpdump's header line (addresses, ports, seq range) when that line is intact.

The input is tests/data/nbd-tiny-nbdsh.X.txt with bytes damaged by hand the way
seed 001's paste damaged its headers (protocol byte 6 printed as 5, a group that
lost a digit). The rebuilt stream must equal the undamaged file's, byte for byte.
"""

from __future__ import annotations

import io
from pathlib import Path

from hexview.pipeline import Pipeline
from hexview.readers import read_packets

CLEAN = (Path(__file__).parent / "data" / "nbd-tiny-nbdsh.X.txt").read_text()

# The client's second data segment ("seq 5:21"): option 8, NBD_OPT_STRUCTURED_REPLY
# in NBD's proto.md, with no data (16 bytes).
CLIENT_ROWS = (
    "\t0x0000:  4500 0044 a938 4000 4006 9379 7f00 0001  E..D.8@.@..y....\n"
    "\t0x0010:  7f00 0001 b36a 2a39 f8e8 01c5 d07c c7b3  .....j*9.....|..\n"
)
# The same two rows after a bad paste: protocol 6 -> 5, the source port lost a digit.
CLIENT_DAMAGED = (
    "\t0x0000:  4500 0044 a938 4000 4005 9379 7f00 0001  E..D.8@.@..y....\n"
    "\t0x0010:  7f00 0001 b36 2a39 f8e8 01c5 d07c c7b3  .....j*9.....|..\n"
)
# The server's first data segment (the 18-byte greeting, "seq 1:19").
SERVER_FIRST = "\t0x0000:  4500 0046 0ed2 4000 4006 2dde 7f00 0001  E..F..@.@.-.....\n"
SERVER_FIRST_DAMAGED = "\t0x0000:  4500 0046 0ed2 4000 4005 2dde 7f00 0001  E..F..@.@.-.....\n"


def run(text: str):
    pipeline = Pipeline()
    messages = list(pipeline.run(read_packets(io.BytesIO(text.encode()), "tcpdump")))
    return messages, pipeline.notes


def test_damaged_header_is_rebuilt_from_the_header_line():
    assert CLIENT_ROWS in CLEAN
    clean, _ = run(CLEAN)
    damaged, notes = run(CLEAN.replace(CLIENT_ROWS, CLIENT_DAMAGED))
    # frame 8 is the damaged one (frames counted from 1 as tcpdump printed them)
    assert "frame 8: not TCP (IP protocol 5); addresses, ports and sequence numbers taken from its tcpdump header line" in notes
    assert [(m.direction, m.offset, m.name, m.data) for m in damaged] == [(m.direction, m.offset, m.name, m.data) for m in clean]
    option = next(m for m in damaged if 8 in m.frames)
    assert option.name == "NBD_OPT_STRUCTURED_REPLY"
    # the 16 bytes sit at stream offset 4..20 (tcpdump's relative seq 5:21, minus 1)
    assert (option.offset, len(option.data), list(option.missing)) == (4, 16, [])


def test_without_an_intact_packet_before_it_the_sequence_base_is_unknown():
    assert SERVER_FIRST in CLEAN
    damaged, notes = run(CLEAN.replace(SERVER_FIRST, SERVER_FIRST_DAMAGED))
    assert (
        "frame 4: not TCP (IP protocol 5); not rebuilt from its tcpdump header line:"
        " no intact packet of its direction gives tcpdump's sequence base" in notes
    )
    assert any(n.startswith("1 packet skipped: not TCP (IP protocol 5) (frame 4)") for n in notes)
    # the greeting is lost; the server's later data is still decoded, after a gap
    assert not any(4 in m.frames for m in damaged)
    assert any(m.direction == "s2c" and m.missing for m in damaged)


def test_tcp_header_length_lost_too_the_ip_total_length_places_the_payload():
    """Row 0x0020 lost a digit of its first group (the TCP header-length byte): the
    IP total length (0x44 = 68) minus the header line's 16 bytes leaves 52 bytes of
    IP and TCP header, a possible size, so the payload is still found."""
    row = "\t0x0020:  8018 0040 fe38 0000 0101 080a 189d 8a1e  ...@.8..........\n"
    assert CLIENT_ROWS + row in CLEAN
    damaged_rows = CLIENT_DAMAGED + row.replace("8018 0040", "801 0040")
    clean, _ = run(CLEAN)
    damaged, notes = run(CLEAN.replace(CLIENT_ROWS + row, damaged_rows))
    assert any(n.startswith("frame 8: not TCP (IP protocol 5); addresses, ports") for n in notes)
    assert [(m.offset, m.data) for m in damaged] == [(m.offset, m.data) for m in clean]
