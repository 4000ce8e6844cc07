"""The OCFS2 lock timeline as a person uses it: ``hexview`` on the built three-node capture
(tests/data/demos/ocfs2-locks-3node.pcap) in a pty, its screen read back with pyte.

``L`` opens the view (run by ``hexview --locks --json`` in a process of its own); each
event sits under the column of the node that sent it; ``→`` brings node 3's column into
sight; ``enter`` on a row shows that request in the view. Golden values: the story
tools/demo_ocfs2_locks.py packs (message 25 is node 1's BAST blocking PR, sent to the
holder node 2; message 79 node 3's master request answered YES by node 1).
"""

from __future__ import annotations

import time

import pytest

from test_tui_terminal import HEXVIEW, ROOT, Terminal

pytestmark = pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview")
DEMO = ROOT / "tests" / "data" / "demos" / "ocfs2-locks-3node.pcap"
TITLE = "OCFS2 DLM lock timeline"


def _under(term: Terminal, heading: str, cell: str) -> bool:
    """Whether ``cell`` is drawn in the column headed ``heading`` (same screen column)."""
    head = term.screen.display[term.row_of(heading + " ")]
    rows = [line for line in term.screen.display if cell in line]
    return bool(rows) and rows[0].index(cell) == head.index(heading + " ")


def test_lock_view_puts_events_under_their_nodes_and_opens_a_request():
    term = Terminal(str(HEXVIEW), [str(DEMO.relative_to(ROOT))])
    try:
        term.wait_for(lambda t: "done" in t and "L locks" in t, "the first screen, L in the key bar")
        term.child.send("L")
        text = term.wait_for(lambda t: TITLE in t and "50 rows" in t, "the view, read by the command line")
        assert "node 1" in text and "node 2" in text and "lock resource" in text
        assert _under(term, "node 1", "BAST PR 2:1 -> 2: DLM_NORMAL")  # message 25, from the master
        assert _under(term, "node 2", "convert PR 2:1 ->")  # message 27, the holder downconverts (cut at the edge)
        assert "Meta inode 53314 gen 0x5b2e6f11" in text and "M000000000000000000d0425b2e6f11" in text
        # the cell cursor along the row to node 3's column: the table scrolls sideways to it
        term.child.send("l" * 6)
        term.wait_for(lambda t: "node 3" in t, "node 3's column")
        assert _under(term, "node 3", "master request -> 1: YES")  # message 79
        # back to the row's first cell, down to message 25, enter: the view shows that request
        term.child.send("h" * 6 + "j" * 6)
        time.sleep(0.3)
        term.child.send("\r")
        term.wait_for(lambda t: TITLE not in t and "No. 25 " in term.ruler(), "message 25 on show")
        assert "Proxy AST (505)" in term.ruler()
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()
