"""Names on streams and a cross-stream view, as a person uses them: ``hexview`` in a pty,
its screen read back with pyte.

- The stream list names each GlusterFS brick connection as its SETVOLUME did (golden:
  tshark's decode of that SETVOLUME).
- ``x`` opens the xattr view (``--xattrs``) on a file, run by hexview's command line in
  a process of its own; the brick whose reply was changed on purpose (tests/tampered.py)
  is drawn in bold red in its cell only; ``←``/``→`` choose that cell and ``enter``
  shows the message the value came from.
- On a pipe the view runs over the messages held and finds the same rows.
- Closing the view (or quitting hexview) ends the command line it started.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import pytest

from hexview.tui.widgets.stream_list import MAX_NAME
from shared_paths import CAPTURES
from tampered import REPLICA, TAMPERED_DATA_PENDING, tampered_replica
from tcp_packets import conversation_packets, write_pcap
from test_tui_terminal import HEXVIEW, ROOT, Terminal
from xdr import u32, u64

pytestmark = [
    pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview"),
    pytest.mark.skipif(not REPLICA.exists(), reason="gluster-fuse-replica3-afr.pcap not available"),
]
TITLE = "xattrs per brick"


def xattr_rows(pcap) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "hexview.cli", "--xattrs", "--json", str(pcap)], capture_output=True, text=True, cwd=ROOT
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_stream_list_names_each_brick_connection():
    expected = {}
    for block in re.split(r"\n(?=Frame \d+:)", REPLICA.with_suffix(".tshark.txt").read_text()):
        ports = re.search(r"Src Port: (\d+), Dst Port: (\d+)", block)
        name = re.search(r"-PC_NAME:(\S+?)-RECON_NO:", block)
        host, brick = re.search(r"\n\s+remote-host: (\S+)", block), re.search(r"\n\s+remote-subvolume: (\S+)", block)
        if ports and name and host and brick:
            expected[f"127.0.0.1:{ports[1]} -> 127.0.0.2:{ports[2]}"] = f"{name[1]} ({host[1]}:{brick[1]})"
    assert len(expected) == 3
    term = Terminal(str(HEXVIEW), [str(REPLICA)])
    try:
        text = term.wait_for(lambda t: "done" in t and all(k in t for k in expected), "the stream list")
        assert "name" in text.splitlines()[term.row_of("conversation")]
        for endpoints, label in expected.items():
            row = term.screen.display[term.row_of(endpoints)]
            shown = row.split(endpoints, 1)[1].strip()
            assert shown.startswith(label[: MAX_NAME - 1] + "…"), (label, row)  # the column cuts a long one
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def _red(colour: str) -> bool:
    """pyte's colour of a cell: a name, or the hex a 256-colour or true-colour terminal got."""
    if colour in ("red", "brightred"):
        return True
    return len(colour) == 6 and int(colour[:2], 16) >= 0xC0 and int(colour[2:4], 16) < 0x60 and int(colour[4:], 16) < 0x80


def _cell_styles(term: Terminal, y: int, text: str) -> set[tuple[bool, bool]]:
    """(red, bold) of each character of ``text`` on row ``y``."""
    x = term.screen.display[y].index(text)
    return {(_red(term.screen.buffer[y][i].fg), term.screen.buffer[y][i].bold) for i in range(x, x + len(text))}


def test_xattr_view_marks_the_brick_that_disagrees_and_opens_its_reply(tmp_path):
    pcap = tampered_replica(tmp_path / "tampered.pcap")
    rows = xattr_rows(pcap)
    (marked,) = [i for i, r in enumerate(rows) if r["differs"]]
    reply = rows[marked]["at"]["repvol-client-1"]
    term = Terminal(str(HEXVIEW), [str(pcap)])
    try:
        term.wait_for(lambda t: "done" in t and "x xattrs" in t, "the first screen, x in the key bar")
        term.child.send("x")
        text = term.wait_for(lambda t: TITLE in t and f"{len(rows)} rows" in t, "the view, read by the command line")
        assert "repvol-client-0" in text.splitlines()[term.row_of("gfid")]
        # the cursor to that row, the cell cursor to brick 1's column (gfid file xattr from client-0
        # client-1): the table scrolls sideways to show it
        term.child.send("j" * marked + "lllll")
        cell = f"data={TAMPERED_DATA_PENDING} metadata=0 entry=0"
        text = term.wait_for(lambda t: "repvol-client-1" in t and cell in t, "brick 1's column on screen")
        heading = text.splitlines()[term.row_of("repvol-client-1")]
        y = term.row_of(cell)
        x = term.screen.display[y].index(cell)
        assert heading.index("repvol-client-1") == x  # the value sits under its brick
        assert _cell_styles(term, y, cell) == {(True, True)}  # bold red
        assert all(term.screen.buffer[y][i].underscore for i in range(x, x + len(cell)))  # the chosen cell
        others = [m.start() for m in re.finditer(r"data=\d+ metadata=0 entry=0", term.screen.display[y]) if m.start() != x]
        assert others and all(not _red(term.screen.buffer[y][i].fg) for i in others)
        time.sleep(0.3)
        term.child.send("\r")
        term.wait_for(lambda t: TITLE not in t and f"No. {reply} " in term.ruler(), f"message {reply} on show")
        assert "FXATTROP reply" in term.ruler()
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_xattr_view_on_a_pipe_runs_over_the_messages_held(tmp_path):
    pcap = tampered_replica(tmp_path / "tampered.pcap")
    rows = xattr_rows(pcap)
    term = Terminal("/bin/sh", ["-c", f"exec {HEXVIEW} - < {pcap}"])
    try:
        term.wait_for(lambda t: "done" in t, "the pipe read")
        term.child.send("x")
        text = term.wait_for(lambda t: TITLE in t and f"{len(rows)} rows, live" in t, "the view over the held messages")
        assert "the messages held" in text
        term.child.send("lllll")  # to brick 1's column
        term.wait_for(lambda t: f"data={TAMPERED_DATA_PENDING} metadata=0 entry=0" in t, "brick 1's column")
        y = term.row_of(f"data={TAMPERED_DATA_PENDING} metadata=0 entry=0")
        assert _cell_styles(term, y, f"data={TAMPERED_DATA_PENDING} metadata=0 entry=0") == {(True, True)}
        term.child.send("x")  # its own key closes it
        term.wait_for(lambda t: TITLE not in t, "the view closed")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def _children_running(pid: int, word: str) -> list[int]:
    """Processes whose parent is ``pid`` and whose command line holds ``word``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().split(b"\0")
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z" and word.encode() in cmdline:
            found.append(int(entry))
    return found


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_closing_the_view_ends_its_command_line(tmp_path):
    """A long input (20,000 NBD READs and replies, built here) keeps the command line busy
    long enough to see it, close the view, and see it gone; then again, quitting hexview."""
    sends = []
    for cookie in range(20000):
        sends += [
            ("c", u32(0x25609513) + bytes(4) + u64(cookie) + u64(0) + u32(8)),
            ("s", u32(0x67446698, 0) + u64(cookie) + bytes(8)),
        ]
    path = tmp_path / "long.pcap"
    write_pcap(path, conversation_packets(sends, ("10.0.0.1", 40000), ("10.0.0.2", 10809)))
    term = Terminal(str(HEXVIEW), [str(path)])
    try:
        term.wait_for(lambda t: "msg 1/" in t, "the first screen")
        for close in ("\x1b", "qq"):
            term.child.send("x")
            deadline = time.monotonic() + 30
            running: list[int] = []
            while not running and time.monotonic() < deadline:
                term.pump(0.1)
                running = _children_running(term.child.pid, "--xattrs")
            assert running, "the view's command line never started"
            term.wait_for(lambda t: TITLE in t, "the view")
            term.child.send(close)
            deadline = time.monotonic() + 15
            while not all(_gone(p) for p in running) and time.monotonic() < deadline:
                term.pump(0.1)
            assert all(_gone(p) for p in running), "the command line outlived its view"
        assert term.finish() == 0
    finally:
        term.kill()


def test_help_lists_the_view_key():
    pcap = CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap"
    term = Terminal(str(HEXVIEW), [str(pcap)])
    try:
        term.wait_for(lambda t: "done" in t, "the first screen")
        term.child.send("?")
        term.wait_for(lambda t: "hexview keys" in t, "the help")
        term.child.send("G")
        # Wait for the row itself, not the group's heading: a frame caught while the help is
        # being redrawn can show the heading with the rows below it not drawn yet.
        row = re.compile(r"\bx\s+xattrs across bricks")
        text = term.wait_for(lambda t: row.search(t) is not None or "q, ctrl+c" in t, "the end of the help")
        if row.search(text) is None:
            term.child.send("g" + "j" * 30)
            text = term.wait_for(lambda t: row.search(t) is not None, "the views group")
        assert "Cross-stream views" in text, text
        term.child.send("q")
        term.wait_for(lambda t: "hexview keys" not in t, "the help closed")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_conversations_screen_names_each_brick_connection():
    """c: the conversations list ends in the label column; h / l scroll it into view."""
    term = Terminal(str(HEXVIEW), [str(REPLICA)])
    try:
        term.wait_for(lambda t: "done" in t, "the first screen")
        term.child.send("c")
        term.wait_for(lambda t: "conversations" in t and "7 conversations" in t, "the conversations")
        term.child.send("l" * 12)
        text = term.wait_for(lambda t: "Label" in t and "repvol-client-2 (127.0.0.2:/" in t, "the label column")
        assert "glusterd: volfile repvol" in text
        term.child.send("q")
        term.wait_for(lambda t: "7 conversations" not in t, "back")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()
