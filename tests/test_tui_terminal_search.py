"""Search as a person drives it in a real terminal (pty, screen read back with pyte).

- A long search does not freeze the view: on bench-large (8,216 messages, a no-match
  query decodes each one) the status line counts the messages looked at, a key is
  answered while the count is still short of the total, and ``escape`` stops it there.
- The query, typed in one burst with ``/`` and ``⏎``, is what gets searched.
- A match in another stream shows its row in the message list (replica3-afr: the
  LOOKUP of ``r.txt``, in the brick connection listed sixth).
- ``n`` / ``N`` go to the next / previous match; the status line's "→ msg …" belongs to
  the match and goes once ``r`` moves elsewhere.

Work is bounded by counting (the status line's own counter), never by the clock.
"""

from __future__ import annotations

import re

import pytest

from shared_paths import CAPTURES
from test_tui_terminal import COLS, HEXVIEW, ROOT, Terminal

BENCH = CAPTURES / "bench" / "bench-large.pcap.gz"
REPLICA3 = CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap"
TINY = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap"
LONG = 90  # seconds: reading 8,216 messages on a busy machine

pytestmark = pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview")


def status_line(term: Terminal) -> str:
    """The line under the panes: ruler on the left, search status on the right."""
    return next((line for line in term.screen.display if line.strip().startswith("msg ")), "")


def test_a_long_search_keeps_answering_and_escape_stops_it():
    if not BENCH.exists():
        pytest.skip("bench-large.pcap.gz not available")
    term = Terminal(str(HEXVIEW), [str(BENCH)])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/8,205" in t, "bench-large to be read", timeout=LONG)
        term.child.send("/QQQQ\r")  # one burst: the line opens, takes the query and runs it
        progress = re.compile(r"searching… ([\d,]+)/8,216 /QQQQ")
        term.wait_for(lambda t: progress.search(t), "the search to count its progress", timeout=LONG)
        term.child.send("j")
        text = term.wait_for(lambda t: "msg 2/8,205" in t, "j to be answered during the search", timeout=LONG)
        running = progress.search(text)
        assert running, f"the search had already ended when j was answered:\n{status_line(term)}"
        assert int(running.group(1).replace(",", "")) < 8216
        term.child.send("\x1b")
        cancelled = re.compile(r"search cancelled: /QQQQ at ([\d,]+)/8,216")
        text = term.wait_for(lambda t: cancelled.search(t), "escape to stop the search", timeout=LONG)
        looked = int(cancelled.search(text).group(1).replace(",", ""))
        assert 0 < looked < 8216
        term.child.send("j")  # the view goes on; the stopped search does not come back
        text = term.wait_for(lambda t: "msg 3/8,205" in t, "the next key", timeout=LONG)
        assert cancelled.search(text) and "no match" not in text
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_a_match_in_another_stream_is_shown_in_the_message_list():
    if not REPLICA3.exists():
        pytest.skip("gluster-fuse-replica3-afr.pcap not available")
    term = Terminal(str(HEXVIEW), [str(REPLICA3)])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/2 " in t, "the capture to be read")
        term.child.send("/")
        term.wait_for(lambda t: "@name · word" in t, "the search line")
        term.child.send("r.txt\r")
        # the whole frame: the status, and the field in the tree (a frame may draw the status first)
        term.wait_for(lambda t: "/r.txt → msg" in t and "value: 'r.txt'" in t, "the match")
        assert "LOOKUP call" in status_line(term)
        position = re.search(r"msg ([\d,]+)/158", status_line(term)).group(1).strip()
        assert int(position) > 20  # further down than a first screen of rows
        # the message list (the pane under the stream list) shows that row, as the cursor
        number = re.search(r"No\. (\d+)", term.ruler()).group(1)  # the message number every view shows
        top = term.row_of("─ messages ")
        bottom = next(y for y in range(top + 1, len(term.screen.display)) if term.screen.display[y].startswith("╰"))
        inside = slice(1, COLS - 2)  # within the pane's borders, short of its scrollbar
        rows = [term.reversed_text(y)[inside] for y in range(top + 1, bottom)]
        cursor = [row for row in rows if row.strip()]
        assert len(cursor) == 1, term.text()
        assert cursor[0].split()[0] == number and "LOOKUP" in cursor[0], cursor
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_n_and_N_step_through_matches_and_the_result_belongs_to_its_match():
    term = Terminal(str(HEXVIEW), [str(TINY.relative_to(ROOT))])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/17" in t, "the first screen")
        # the NBD request magic starts messages 11, 13, 15 and 17 (WRITE, READ, BLOCK_STATUS, DISC)
        term.child.send("/0x25609513\r")
        term.wait_for(lambda t: "/0x25609513 → msg 11 [0-4]" in t, "the first match")
        assert "NBD_CMD_WRITE" in status_line(term)
        term.child.send("n")
        term.wait_for(lambda t: "/0x25609513 → msg 13 [0-4]" in t and "NBD_CMD_READ" in status_line(term), "n")
        term.child.send("N")
        # (the status line names the way it searched: \ backwards)
        term.wait_for(lambda t: "\\0x25609513 → msg 11 [0-4]" in t and "NBD_CMD_WRITE" in status_line(term), "N")
        term.child.send("r")  # to the WRITE's reply: the result no longer describes what is on show
        term.wait_for(lambda t: status_line(term).strip().startswith("msg 12/17"), "the reply")
        line = status_line(term)
        assert line.rstrip().endswith("/0x25609513") and "→ msg 11" not in line, line
        term.child.send("p")  # p is free now: nothing moves
        term.child.send("\x0e")  # ctrl+n steps messages from any pane
        term.wait_for(lambda t: status_line(term).strip().startswith("msg 13/17"), "ctrl+n")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()
