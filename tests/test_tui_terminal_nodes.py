"""Several nodes' captures in the interactive view, as a person opens them:
``hexview client.pcap node1.pcap node2.pcap`` in a real terminal (pty, pyte).

The captures are tests/data/cluster's one client and two server nodes (README part
3). The golden values are tshark's decode of each file alone (.tshark-rpc.tsv): the
GETSPEC call is the client's frame 6 (1796531684.647634) and node1's frame 6
(.649825): 0.002191 s apart; its reply left node1 in frames 8-9 (the last at
.650203) and reached the client in frames 8 and 10 (.652391): 0.002188 s; the streams'
addresses say which files hold them (192.0.2.10 the client, .11 node1, .12 node2).
"""

from __future__ import annotations

import re

import pytest

from test_tui_terminal import HEXVIEW, ROOT, Terminal

CLUSTER = ROOT / "tests" / "data" / "cluster"
FILES = [str(CLUSTER / f"gluster-nodes-{node}.pcap") for node in ("client", "node1", "node2")]

pytestmark = pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview")


def stream_row(term: Terminal, conversation: str) -> str:
    return term.screen.display[term.row_of(conversation)]


def test_three_nodes_in_one_view():
    term = Terminal(str(HEXVIEW), FILES)
    try:
        text = term.wait_for(lambda t: "done" in t and "clocks (against client)" in t and "seen by" in t, "the merged view read")
        title = text.splitlines()[0]
        assert "client + node1 + node2" in title and "994 packets · 360 messages" in title
        # both clocks the client's (one kernel clock in the capture): estimated within 0.1 ms
        offsets = dict(re.findall(r"(node[12]) ([+-]\d+\.\d{6}) s", title))
        assert set(offsets) == {"node1", "node2"} and all(abs(float(v)) < 1e-4 for v in offsets.values()), title
        # the stream list: which nodes captured each connection
        assert "nodes" in stream_row(term, "conversation")
        assert "client+node1" in stream_row(term, "192.0.2.10:49151 -> 192.0.2.11:24007")
        assert "client+node2" in stream_row(term, "192.0.2.10:49149 -> 192.0.2.12:24007")
        assert "node1+node2" in stream_row(term, "192.0.2.11:49151 -> 192.0.2.12:24007")
        # the message list: the call first seen at the client, the reply at node1 (which sent it)
        header = term.row_of(" No.  node ")
        rows = term.screen.display[header + 1 : header + 3]
        assert re.search(r"│\s+1  client\s+\d+ .*GF-HNDSK GETSPEC call", rows[0]), rows[0]
        assert re.search(r"│\s+2  node1\s+\d+ .*GF-HNDSK GETSPEC reply", rows[1]), rows[1]
        ruler = term.ruler()
        assert "No. 1  client:6 (frame " in ruler and "seen by node1:6 (+0.002191 s)" in ruler, ruler
        term.child.send("j")
        ruler = term.wait_for(lambda t: "msg 2/2" in term.ruler(), "the reply on show") and term.ruler()
        assert "No. 2  node1:8-9 (frames " in ruler and "seen by client:8-10 (+0.002188 s)" in ruler, ruler
        term.child.send("e")
        notes = term.wait_for(lambda t: "input notes" in t, "the notes")
        assert "• clock of node1" in notes and "• clock of node2" in notes and "against client" in notes
        term.child.send("q")
        term.wait_for(lambda t: "input notes" not in t, "the notes closed")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_a_clock_ahead_aligned_in_the_view():
    """node1's copy 3.5 s ahead (editcap -t 3.5), opened with --align-clocks: the title
    says the clocks are aligned and by how much (3.5 s within 0.1 ms); the GETSPEC
    call's copy at node1 comes its 2 ms or so after the client's, not 3.5 s."""
    shifted = [FILES[0], str(CLUSTER / "gluster-nodes-node1-clock-plus-3.5.pcap"), FILES[2]]
    term = Terminal(str(HEXVIEW), ["--align-clocks", *shifted])
    try:
        text = term.wait_for(lambda t: "done" in t and "seen by" in t, "the aligned view read")
        title = text.splitlines()[0]
        (offset,) = re.findall(r"clocks aligned \(against client\): node1-clock-plus-3\.5 ([+-]\d+\.\d{6}) s", title)
        assert abs(float(offset) - 3.5) < 1e-4, title
        delay = re.search(r"seen by node1-clock-plus-3\.5:6 \(\+(\d\.\d{6}) s\)", term.ruler())
        assert delay is not None and abs(float(delay.group(1)) - 0.002191) < 1e-4, term.ruler()
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_a_filter_on_the_command_line_filters_the_merged_view():
    """-Y with several inputs opens the merged view filtered, as with one."""
    term = Terminal(str(HEXVIEW), ["-Y", "name contains GETSPEC", *FILES])
    try:
        text = term.wait_for(lambda t: "done" in t and "of 360 messages match" in t, "the filtered merged view")
        header = term.row_of(" No.  node ")
        rows = [row for row in term.screen.display[header + 1 : header + 8] if re.search(r"│\s+\d+ ", row)]
        assert rows and all("GETSPEC" in row for row in rows), text
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()
