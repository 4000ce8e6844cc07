"""Field boundaries in a real terminal: ``hexview`` in a pty, each cell's colour read with
pyte, on a 256-colour terminal (TERM=xterm-256color) and a 16-colour one.

The message is the first NFS COMPOUND call of the pynfs session capture. tshark's
decode of its frame 4 gives the RPC call header after the 4-byte record mark (RFC 5531):
xid 0x1c5d7c59, msg_type 0, rpcvers 2, prog 100003, vers 4, proc 1 -- six 4-byte
fields in a row, at bytes 4-28. Each field's bytes must share one colour, the colour
must change at every boundary between them, and the field's swatch in the tree must
have the colour of its bytes.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from shared_paths import CAPTURES
from test_tui_terminal import HEXVIEW, Terminal

CAPTURE = CAPTURES / "nfs" / "nfs-v41-pynfs-session-open-rw.pcap"
ROW0 = "00000000  80 00 00 d4 1c 5d 7c 59  00 00 00 00 00 00 00 02"
ROW1 = "00000010  00 01 86 a3 00 00 00 04  00 00 00 01"
# (field, first byte, tree label) of the call header, in byte order
HEADER = [
    ("xid", 4, "xid: 0x1c5d7c59 [4-8]"),
    ("msg_type", 8, "msg_type: CALL (0) [8-12]"),
    ("rpcvers", 12, "rpcvers: 2 [12-16]"),
    ("prog", 16, "prog: 100003 [16-20]"),
    ("vers", 20, "vers: 4 [20-24]"),
    ("proc", 24, "proc: 1 [24-28]"),
]

pytestmark = [
    pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview"),
    pytest.mark.skipif(not CAPTURE.exists(), reason="nfs-v41-pynfs-session-open-rw.pcap not available"),
]


def _byte_colours(term: Terminal, offset: int) -> set[str]:
    """The foreground colours of byte ``offset``'s two hex digits (rows of 16 bytes)."""
    y = term.row_of(ROW0 if offset < 16 else ROW1)
    i = offset % 16
    x = term.screen.display[y].index(ROW0[:10] if offset < 16 else ROW1[:10]) + 10 + 3 * i + (1 if i >= 8 else 0)
    return {term.screen.buffer[y][x].fg, term.screen.buffer[y][x + 1].fg}


def _swatch_colour(term: Terminal, label: str) -> str:
    y = term.row_of(label)
    x = term.screen.display[y].index(label) - 2  # '■ ' before the name
    assert term.screen.buffer[y][x].data == "■", term.screen.display[y]
    return term.screen.buffer[y][x].fg


def _check_header_boundaries(**env: str) -> None:
    term = Terminal(str(HEXVIEW), [str(CAPTURE)], **env)
    try:
        term.wait_for(lambda t: ROW0 in t and ROW1 in t and "proc: 1 [24-28]" in t, "the first NFS call")
        colours = []
        for name, start, label in HEADER:
            cells = set().union(*(_byte_colours(term, b) for b in range(start, start + 4)))
            assert len(cells) == 1, (name, cells)  # one field, one colour
            (colour,) = cells
            assert colour != "default", name
            assert _swatch_colour(term, label) == colour, name  # the tree shows the bytes' colour
            colours.append((name, colour))
        for (left, a), (right, b) in pairwise(colours):
            assert a != b, f"{left} | {right} boundary invisible: both {a} ({colours})"
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_rpc_header_boundaries_in_256_colours():
    _check_header_boundaries(TERM="xterm-256color", COLORTERM="")


def test_rpc_header_boundaries_in_16_colours():
    _check_header_boundaries(TERM="xterm", COLORTERM="", TEXTUAL_COLOR_SYSTEM="standard")
