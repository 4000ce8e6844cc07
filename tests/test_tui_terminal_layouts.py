"""The pNFS layouts view as a person uses it: ``hexview`` in a pty on the built pNFS
capture (tests/data/pnfs), its screen read back with pyte.

``P`` opens the view (run by ``hexview --layouts --json`` in a process of its own);
the layouts and their stories are listed; the WRITE the RFC 8881 13.4 rules would
send to the other data server (README of tests/data/pnfs: frame 62, offset 132096,
stripe index 1) has its data-server and handle cells in bold red, and ``enter`` on
it shows that message. The stray READ with a handle no layout gave is on screen in
its unlinked row. The same view over a pipe's held messages finds the same rows.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from test_tui_terminal import HEXVIEW, Terminal
from test_tui_terminal_cross_views import _cell_styles

PCAP = Path(__file__).resolve().parent / "data" / "pnfs" / "pnfs-layouts.pcap"
TITLE = "pNFS layouts and their data-server I/O"
MISDIRECTED = 27  # the message tshark's frame 62 is (tests/test_pnfs_layouts.py checks the numbering)

pytestmark = pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview")


def test_layouts_view_marks_the_misdirected_write_and_opens_it():
    term = Terminal(str(HEXVIEW), [str(PCAP)])
    try:
        term.wait_for(lambda t: "done" in t and "P layouts" in t, "the first screen, P in the key bar")
        term.child.send("P")
        text = term.wait_for(lambda t: TITLE in t and "4 rows" in t, "the view, read by the command line")
        assert "striped.bin" in text and "mirrored.bin" in text and "p2p.bin" in text
        # the stray READ under its unlinked row: no layout, no LAYOUTGET, the client, one I/O to 10.0.0.3
        y = term.row_of("44533200…dead")
        assert (
            term.screen.display[y].strip("│ ").split()
            == "READ 59 60 10.0.0.3:2049 44533200…dead 0 100 - NFS4ERR_BADHANDLE -".split()
        )
        assert term.screen.display[y - 1].strip("│ ").split() == "- - 10.0.0.10 - - - - - - 1".split()
        # the misdirected WRITE: its data server and handle bold red, the other WRITEs' not
        y = term.row_of("132096")
        line = term.screen.display[y]
        assert f" {MISDIRECTED} " in line
        assert _cell_styles(term, y, "10.0.0.2:2049") == {(True, True)}
        assert _cell_styles(term, y, "fh_list[0]") == {(True, True)}
        fine = term.row_of("196608")
        assert _cell_styles(term, fine, "10.0.0.2:2049") == {(False, False)}
        # to its line: the layout's row, GETDEVICEINFO, then the WRITEs of messages 19, 21, 23, 25, 27
        term.child.send("j" * 6)
        time.sleep(0.3)
        term.child.send("\r")
        term.wait_for(lambda t: TITLE not in t and f"No. {MISDIRECTED} " in term.ruler(), f"message {MISDIRECTED} on show")
        assert "COMPOUND call" in term.ruler()
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_layouts_view_on_a_pipe_runs_over_the_messages_held():
    term = Terminal("/bin/sh", ["-c", f"exec {HEXVIEW} - < {PCAP}"])
    try:
        term.wait_for(lambda t: "done" in t, "the pipe read")
        term.child.send("P")
        text = term.wait_for(lambda t: TITLE in t and "4 rows, live" in t, "the view over the held messages")
        assert "the messages held" in text
        y = term.row_of("132096")
        assert _cell_styles(term, y, "10.0.0.2:2049") == {(True, True)}
        term.child.send("P")  # its own key closes it
        term.wait_for(lambda t: TITLE not in t, "the view closed")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()
