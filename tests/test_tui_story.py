"""The message list as a storage engineer drives it, in a real terminal (pexpect + pyte).

Each test is one row of what a new user found (issue "every key counts, the message list
says what happened"): keys typed in a burst all count; streams are listed by stream
number; numbers are not run together; every row has its frame and time; go to a frame;
zoom shows more; columns fit 120 and 80 columns. Golden values are tshark's: frame
numbers, arrival times and procedures from the captures' ``.tshark.json`` / ``.tshark.txt``.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from shared_paths import CAPTURES
from test_tui_terminal import HEXVIEW, ROOT, Terminal

TINY = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap"
TINY_TSHARK = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.tshark.json"
REPLICA3 = CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap"
PEER_PROBE = CAPTURES / "gluster" / "gluster-2node-peer-probe-volume.pcap"

pytestmark = pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview")


def needs(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path.name} not available")
    return path


def open_term(path: Path, size=(160, 45)) -> Terminal:
    term = Terminal(str(HEXVIEW), [str(path)], size=size)
    # the whole first frame: title, a stream row, the list's header and its first row, the ruler
    term.wait_for(
        lambda t: (
            " done " in t
            and "msg 1/" in t
            and re.search(r"^│?\s+\d+\s+\S+\s+\S+:\d+ ->", t, re.M)
            and re.search(r"No\..*\n│?\s*\d+\s", t)
        ),
        "the first screen",
    )
    return term


def list_rows(term: Terminal) -> list[str]:
    """The message list's rows as drawn (between its header and its bottom border)."""
    lines = term.screen.display
    top = next(y for y, line in enumerate(lines) if "No." in line and "name" in line and "info" in line)
    rows = []
    for line in lines[top + 1 :]:
        if line.startswith(("╰", "╭", "─")):
            break
        rows.append(line.strip("│ ").rstrip("│▁▂▃▄▅▆▇█ "))
    return rows


def tshark_frames(path: Path) -> dict[int, dict]:
    return {int(p["_source"]["layers"]["frame"]["frame.number"]): p["_source"]["layers"] for p in json.loads(path.read_text())}


def test_a_burst_of_keys_moves_the_message_list_by_every_key():
    term = open_term(needs(TINY))
    try:
        term.child.send("jjjjj")  # one write, as a held key over SSH arrives
        term.wait_for(lambda t: term.ruler().startswith("msg 6/17"), "five steps down")
        term.child.send("kkk")
        term.wait_for(lambda t: term.ruler().startswith("msg 3/17"), "three steps up")
    finally:
        term.kill()


def test_a_burst_of_keys_moves_the_stream_list_by_every_key():
    term = open_term(needs(REPLICA3))
    try:
        term.child.send("\x1b[Z")  # shift+tab: from the messages to the stream list
        term.child.send("jjjj")
        # the fourth stream below the first is stream 4 (listed by number); its first message
        # is the LOOKUP of its brick connection's mount sequence
        term.wait_for(lambda t: "    4  GlusterFS" in term.reversed_text(term.row_of("    4  GlusterFS")), "stream 4 chosen")
    finally:
        term.kill()


def test_streams_are_listed_by_stream_number():
    term = open_term(needs(REPLICA3))
    try:

        def rows(text: str) -> list[int]:
            return [int(line.split()[1]) for line in text.split("\n") if re.match(r"│\s+\d+\s+GlusterFS", line)]

        # every row drawn first ("done" in the title may reach the screen a frame before the list)
        numbers = rows(term.wait_for(lambda t: len(rows(t)) >= 7, "all seven stream rows"))
        assert numbers == list(range(7)), numbers  # stream 5 came before stream 4 on main
    finally:
        term.kill()


def test_numbers_in_the_stream_list_cannot_be_read_as_two():
    term = open_term(needs(REPLICA3))
    try:
        rows = [line for line in term.screen.display if re.match(r"│\s+\d+\s+GlusterFS", line)]
        assert rows
        for row in rows:
            assert not re.search(r"\d \d", row), row  # '8 205 17 006 916' read as four numbers
            assert "  " in row.split("->")[1]  # columns at least two spaces apart
    finally:
        term.kill()


def test_every_row_has_its_frame_and_time():
    frames = tshark_frames(needs(TINY_TSHARK))
    term = Terminal(str(HEXVIEW), [str(TINY)], size=(160, 45))
    try:
        term.wait_for(lambda t: " done " in t and "msg 1/" in t, "the first screen")
        term.child.send("G")  # the last messages are on screen (DISC is last)
        term.wait_for(lambda t: "NBD_CMD_DISC" in t, "the end of the stream")
        read = next(r for r in list_rows(term) if "NBD_CMD_READ" in r)
        cells = read.split()
        frame = int(cells[1])
        assert frames[frame]["nbd"]["nbd.type"] == "0"  # tshark: that frame is the READ request
        # relative time: seconds since the first frame of the capture, as tshark's
        assert cells[2] == f"{float(frames[frame]['frame']['frame.time_relative']):.6f}"
        term.child.send("t")  # time of day
        epoch = float(frames[frame]["frame"]["frame.time_epoch"])
        want = time.strftime("%H:%M:%S", time.gmtime(int(epoch))) + f".{round((epoch % 1) * 1e6):06d}"  # TZ=UTC
        term.wait_for(lambda t: want in t, "the READ's time of day")
        read = next(r for r in list_rows(term) if "NBD_CMD_READ" in r)
        assert read.split()[2] == want, read
    finally:
        term.kill()


def test_go_to_a_frame():
    term = open_term(needs(REPLICA3), size=(120, 30))  # a list of six rows: the target is far below
    try:
        term.child.send(":")
        term.wait_for(lambda t: "Go to frame" in t, "the go-to box")
        term.child.send("139\r")
        # tshark: frame 139 is a GlusterFS LOOKUP reply, XID 0x0000000f, Return value -1, Errno 2
        term.wait_for(lambda t: "frame 139" in term.ruler(), "frame 139 on show")
        ruler = term.ruler()
        assert "GlusterFS LOOKUP reply" in ruler and "0x0000000f" in ruler, ruler
        # its row is on screen in the list, marked failed, though far down another stream
        term.wait_for(
            lambda t: any(r.split()[1:2] == ["139"] and "✗" in r and "ENOENT" in r for r in list_rows(term)),
            "frame 139's row in the list",
        )
    finally:
        term.kill()


def test_zoom_shows_more_not_just_wider():
    term = open_term(needs(PEER_PROBE), size=(160, 45))
    try:
        before = sum(1 for line in term.screen.display if re.match(r"│\s+\d+\s+\S+\s+\d+\.\d+\.\d+\.\d+:\d+ ->", line))
        term.child.send("\x1b[Z")  # the stream list
        term.child.send("z")
        rows = lambda t: sum(1 for line in t.split("\n") if re.match(r"│\s+\d+\s+\S+\s+\d+\.\d+\.\d+\.\d+:\d+ ->", line))  # noqa: E731
        term.wait_for(lambda t: "duration" in t and rows(t) >= 28, "every one of the 28 streams, zoomed")
        assert before < 28, before
        term.child.send("z\t")  # back; the message list
        term.child.send("z")
        term.wait_for(lambda t: "source → destination" in t, "the zoomed message list")
    finally:
        term.kill()


def test_columns_fit_120_and_the_key_bar_keeps_quit_at_80():
    term = open_term(needs(REPLICA3), size=(120, 35))
    try:

        def whole(text: str) -> bool:  # the slowest reply's time is whole: 'µs' or 'ms' ends every row
            rows = [line for line in text.split("\n") if re.match(r"│\s+\d+\s+GlusterFS", line)]
            return len(rows) >= 5 and all(re.search(r"\d (µs|ms)\s*.?│$", row) for row in rows)

        term.wait_for(whole, "stream rows that end with the slowest reply's time")
    finally:
        term.kill()
    term = open_term(needs(REPLICA3), size=(80, 24))
    try:
        assert "q quit" in term.screen.display[-1] or "q quit" in term.text()
    finally:
        term.kill()


def test_a_long_path_gives_way_to_progress_at_80_columns(tmp_path):
    deep = tmp_path / ("captures-from-the-cluster-" * 3) / "nightly" / "tiny.pcap"
    deep.parent.mkdir(parents=True)
    deep.write_bytes(TINY.read_bytes())
    term = open_term(deep, size=(80, 24))  # waits for " done " in the title
    try:
        title = term.screen.display[0]
        assert "…" in title and "nightly/tiny.pcap  done" in title, title
    finally:
        term.kill()


MIDSTREAM = ROOT / "tests" / "data" / "gluster-tiny-brick-midstream.pcap"
SESSION = CAPTURES / "nfs" / "nfs-v41-pynfs-session-open-rw.pcap"


def _reddish(colour: str) -> bool:
    """pyte's foreground: a name ('red', 'brightred') or a hex 'rrggbb'."""
    if "red" in colour:
        return True
    if re.fullmatch(r"[0-9a-fA-F]{6}", colour):
        r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
        return r >= 0x80 and g < 0x70 and b < 0x70
    return False


def _failed_row(term: Terminal, needle: str) -> tuple[int, str]:
    y = next(y for y, line in enumerate(term.screen.display) if needle in line and "✗" in line)
    return y, term.screen.display[y]


def test_failed_nfs_reply_is_marked_and_says_which_op_failed():
    term = open_term(needs(SESSION))
    try:
        term.child.send(":")
        term.wait_for(lambda t: "Go to frame" in t, "the go-to box")
        term.child.send("157\r")  # tshark: frame 157 is the reply 'SEQUENCE(NFS4ERR_BADSESSION)'
        term.wait_for(lambda t: "frame 157" in term.ruler(), "frame 157 on show")
        y, row = _failed_row(term, "NFS4ERR_BADSESSION")
        assert row.split()[2] == "157" and "SEQUENCE NFS4ERR_BADSESSION" in row, row
        x = row.index("✗")
        cells = term.screen.buffer[y]
        assert _reddish(cells[x].fg), cells[x].fg
        info_x = row.index("SEQUENCE")
        assert _reddish(cells[info_x].fg), cells[info_x].fg  # the failed reply's text is red too
        # a successful reply is neither marked nor red
        ok = next(line for line in term.screen.display if "NFS COMPOUND reply" in line and "✗" not in line)
        assert "NFS4ERR" not in ok
    finally:
        term.kill()


def test_gluster_rows_say_the_file_and_the_errno():
    term = open_term(needs(MIDSTREAM))
    try:
        # tshark: the LOOKUP call's Basename is tiny.txt; its reply 'Return value: -1, Errno: 2'
        call = next(line for line in term.screen.display if "LOOKUP call" in line)
        assert "LOOKUP tiny.txt" in call and "✗" not in call, call
        y, reply = _failed_row(term, "LOOKUP reply")
        assert "LOOKUP tiny.txt op_ret=-1 ENOENT" in reply, reply
        assert _reddish(term.screen.buffer[y][reply.index("✗")].fg)
    finally:
        term.kill()
