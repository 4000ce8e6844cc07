"""The display filter as a person uses it, in a real terminal (pty, screen read with pyte).

Which messages match comes from tshark's decode of the capture (``.tshark.json``: the
frames whose GlusterFS reply has ``gluster.op_errno`` 2, ENOENT in Linux errno.h; the
RPC records; a reply's request frame) and from its headers (``.tshark.txt``: each
frame's addresses and ports, the conversation it belongs to), never from hexview:

- ``&`` and a filter typed in one burst (``tab`` completing a field name): the mark
  left of the line is a red ``✗``
  (cell colour) while the text is not yet a filter, with the error's column, and a
  green ``✓`` once it is; ``enter`` shrinks the stream list to exactly the
  conversations with a match (each with its count) and the message list to exactly
  the matching frames, the line keeps "28 of 504 messages match"; ``]`` steps to the
  next listed stream; ``r`` jumps to a hidden request, listed in italics until ``j``
  moves on; clearing lists everything again with the same message on show.
- ``hexview -Y EXPR FILE`` opens the view filtered; ``escape`` in the line keeps it.
- Responsiveness: a filter that decodes every message of bench-small-ops (253,608
  messages) runs in a child process; a key is answered while the filter's own
  progress says it is not done; a new filter and clearing each end the child; quitting
  during a run leaves no process (checked by pid).
- A live pipe: what was held is filtered, then the messages that come later are, as
  they come (``f`` keeps the newest match on show).

Work is bounded by what the screen shows (the filter's progress), never by the clock.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import struct
from collections import Counter
from pathlib import Path

import pytest

from shared_paths import CAPTURES
from test_tui_terminal import HEXVIEW, Terminal
from tshark_json import enoent_frames, rpc_records, tshark_layers

REPLICA3 = CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap"
BENCH = CAPTURES / "bench" / "bench-small-ops.pcap.gz"
LONG = 300  # seconds: reading 259,440 packets on a busy machine

pytestmark = pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview")


# -- golden values from tshark ------------------------------------------------------------


def endpoints(capture: Path) -> dict[int, tuple[str, str]]:
    """Each frame's (source, destination) as addr:port, from tshark's summary lines."""
    found: dict[int, tuple[str, str]] = {}
    frame, ip = 0, ("", "")
    for line in capture.with_suffix(".tshark.txt").read_text().splitlines():
        if m := re.match(r"Frame (\d+):", line):
            frame = int(m.group(1))
        elif m := re.match(r"Internet Protocol Version 4, Src: (\S+), Dst: (\S+)", line):
            ip = (m.group(1), m.group(2))
        elif m := re.match(r"Transmission Control Protocol, Src Port: (\d+), Dst Port: (\d+)", line):
            found[frame] = (f"{ip[0]}:{m.group(1)}", f"{ip[1]}:{m.group(2)}")
    return found


def conversations(capture: Path) -> list[tuple[str, str]]:
    """Every conversation as (client, server), in tshark's stream order (first frame)."""
    seen: list[tuple[str, str]] = []
    for _frame, (src, dst) in sorted(endpoints(capture).items()):
        if (src, dst) not in seen and (dst, src) not in seen:
            seen.append((src, dst))  # the first packet (the SYN) comes from the client
    return seen


def stream_of(capture: Path, frame: int) -> str:
    """The stream list's label of the conversation ``frame`` belongs to: client -> server."""
    src, dst = endpoints(capture)[frame]
    return f"{src} -> {dst}" if (src, dst) in conversations(capture) else f"{dst} -> {src}"


def reply_label(capture: Path, frame: int) -> str:
    """The stream list's label of a reply's conversation: client -> server."""
    server, client = endpoints(capture)[frame]
    return f"{client} -> {server}"


# -- reading the screen -------------------------------------------------------------------------


def mark(term: Terminal) -> tuple[str, str]:
    """The validity mark's character and colour ('red', 'green' or what pyte says);
    ('', '') while no filter line is drawn."""
    y = next((y for y, line in enumerate(term.screen.display) if line[2:4] == "& "), None)
    if y is None:
        return "", ""
    cell = term.screen.buffer[y][0]
    return cell.data, hue(cell.fg)


def hue(fg: str) -> str:
    if fg in ("red", "green"):
        return fg
    if re.fullmatch(r"[0-9a-f]{6}", fg):
        r, g, b = (int(fg[i : i + 2], 16) for i in (0, 2, 4))
        if r > 2 * g and r > 2 * b:
            return "red"
        if g > r and g > 2 * b:
            return "green"
    return fg


def pane_rows(term: Terminal, header: str) -> list[int]:
    """The screen rows of the pane whose column titles match ``header`` (none while
    the screen is being redrawn without it)."""
    top = next((y for y, line in enumerate(term.screen.display) if re.search(header, line)), None)
    if top is None:
        return []
    rows = []
    for y in range(top + 1, term.rows):
        if term.screen.display[y].lstrip().startswith("╰"):
            break
        rows.append(y)
    return rows


MESSAGES_HEADER = r"│\s*No\.\s+frame\s"  # the number column is as wide as the largest number


def stream_rows(term: Terminal) -> list[str]:
    return [term.screen.display[y] for y in pane_rows(term, "conversation") if "GlusterFS" in term.screen.display[y]]


def listed_frames(term: Terminal) -> list[int]:
    """The frame column of the message list's rows."""
    frames = []
    for y in pane_rows(term, MESSAGES_HEADER):
        m = re.match(r"│\s*(\d+)\s+(\d+)\s", term.screen.display[y])
        if m:
            frames.append(int(m.group(2)))
    return frames


def row_with_frame(term: Terminal, frame: int) -> int:
    return next(y for y in pane_rows(term, MESSAGES_HEADER) if re.match(rf"│\s*\d+\s+{frame}\s", term.screen.display[y]))


def message_number(term: Terminal) -> str:
    found = re.search(r"No\. (\d+)", term.ruler())
    assert found, term.ruler()
    return found.group(1)


def children(pid: int) -> set[int]:
    kids: set[int] = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            kids |= {int(k) for k in f.read().split()}
    return kids


def gone(pid: int) -> bool:
    """No such process (or only its entry left to reap: a zombie does no work)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


# -- the tests ----------------------------------------------------------------------------------


def test_typing_a_filter_shrinks_the_lists_to_the_matches_and_clearing_restores_them():
    if not REPLICA3.exists():
        pytest.skip("gluster-fuse-replica3-afr.pcap not available")
    layers = tshark_layers(REPLICA3)
    wanted = enoent_frames(layers)
    assert len(wanted) == 28
    per_stream = Counter(reply_label(REPLICA3, f) for f in wanted)
    order = [f"{client} -> {server}" for client, server in conversations(REPLICA3)]
    listed = [label for label in order if label in per_stream]
    term = Terminal(str(HEXVIEW), [str(REPLICA3)])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/2 " in t, "the capture to be read")
        before = message_number(term)
        first_stream = f"{conversations(REPLICA3)[0][0]} -> {conversations(REPLICA3)[0][1]}"
        term.child.send("ma")  # a mark on a message the filter will hide
        term.wait_for(lambda t: "mark a:" in t, "mark a")
        term.child.send("&op_er\t ==")  # one burst: the line opens, takes the rest, tab completes
        term.wait_for(lambda t: "& op_errno ==" in t and "column 12: expected a value" in t, "the line, not a filter yet")
        assert mark(term) == ("✗", "red")
        term.child.send(" ENOENT")
        term.wait_for(lambda t: "& op_errno == ENOENT" in t and mark(term)[0] == "✓", "a filter")
        assert mark(term) == ("✓", "green")
        term.child.send("\r")
        count = f"{len(wanted)} of {rpc_records(layers)} messages match"
        assert count == "28 of 504 messages match"

        def counted(row: str, label: str) -> bool:
            return re.search(rf"{re.escape(label)}\s+{per_stream[label]}\s", row) is not None

        def shrunk(text: str) -> bool:
            """The total, and every listed stream's row with its own count (the rows' counts
            may be drawn a frame after the total)."""
            rows = stream_rows(term)
            if count not in text or len(rows) != len(listed):
                return False
            return all(counted(row, label) for row, label in zip(rows, listed, strict=True))

        term.wait_for(shrunk, "the lists to shrink, each stream with its count")
        rows = stream_rows(term)
        assert [next(label for label in listed if label in row) for row in rows] == listed
        assert mark(term) == ("✓", "green")
        # the message list: exactly the matches of the stream on show, in order
        frames_of = {label: [f for f in wanted if reply_label(REPLICA3, f) == label] for label in listed}
        term.child.send("[" * len(listed))  # the first stream listed, wherever the view chose to start
        term.wait_for(lambda t: listed_frames(term) == frames_of[listed[0]], "the first listed stream's matches")
        term.child.send("]")
        term.wait_for(lambda t: listed_frames(term) == frames_of[listed[1]], "the next listed stream's matches")
        # r: the request of the reply on show, which the filter hides: shown, listed in italics
        reply = frames_of[listed[1]][0]
        request = int(layers[reply]["rpc"]["rpc.repframe"])
        term.wait_for(lambda t: f"frame {reply} " in term.ruler(), "the first match on show")
        term.child.send("r")
        term.wait_for(lambda t: f"frame {request} " in term.ruler() and request in listed_frames(term), "the hidden request")
        y = row_with_frame(term, request)
        assert "call" in term.screen.display[y] and term.screen.buffer[y][3].italics
        assert not term.screen.buffer[row_with_frame(term, reply)][3].italics
        term.child.send("j")  # on to the next listed message: the request's row goes
        term.wait_for(lambda t: f"frame {reply} " in term.ruler() and listed_frames(term) == frames_of[listed[1]], "j")
        assert message_number(term) != before
        # the mark survives the filter: ' a goes to its hidden message, its stream listed in italics
        assert not any(first_stream in row for row in stream_rows(term))
        term.child.send("'a")
        term.wait_for(lambda t: message_number(term) == before and len(stream_rows(term)) == len(listed) + 1, "' a")
        y = term.row_of(first_stream)
        assert term.screen.buffer[y][3].italics and re.search(rf"{re.escape(first_stream)}\s+0\s", term.screen.display[y])
        records = [f for f in sorted(layers) if "rpc" in layers[f] and stream_of(REPLICA3, f) == first_stream]
        assert listed_frames(term) == records[:1]  # the marked message alone
        # clearing: every stream again, the same message on show
        term.child.send("&\x15\r")
        # (the whole frame: the stream list can be redrawn before the message list)
        term.wait_for(
            lambda t: "messages match" not in t and len(stream_rows(term)) == len(order) and listed_frames(term) == records,
            "everything again",
        )
        assert message_number(term) == before and f"frame {records[0]} " in term.ruler()
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_hexview_dash_Y_opens_the_view_filtered():
    if not REPLICA3.exists():
        pytest.skip("gluster-fuse-replica3-afr.pcap not available")
    layers = tshark_layers(REPLICA3)
    wanted = enoent_frames(layers)
    labels = {reply_label(REPLICA3, f) for f in wanted}
    term = Terminal(str(HEXVIEW), ["-Y", "op_errno == ENOENT", str(REPLICA3)])
    try:
        count = f"{len(wanted)} of {rpc_records(layers)} messages match"
        term.wait_for(lambda t: count in t, "the filter's count")
        term.wait_for(lambda t: len(stream_rows(term)) == len(labels), "the filtered stream list")
        assert {label for label in labels for row in stream_rows(term) if label in row} == labels
        assert "& op_errno == ENOENT" in term.text() and mark(term) == ("✓", "green")
        assert set(listed_frames(term)) <= set(wanted) and listed_frames(term)
        # escape leaves the filter in force as it was, whatever was typed
        term.child.send("&\x15xid == 1")
        term.wait_for(lambda t: "& xid == 1" in t, "another filter typed")
        term.child.send("\x1b")
        term.wait_for(lambda t: "& op_errno == ENOENT" in t and count in t, "the filter in force again")
        assert len(stream_rows(term)) == len(labels)
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


PROGRESS = re.compile(r"filtering… ([\d,]+)/([\d,]+) · ([\d,]+) match")


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _child_of(term: Terminal, known: set[int]) -> int:
    """The filter's process: the view's one child that was not there before."""
    new = children(term.child.pid) - known
    assert len(new) == 1, new
    return new.pop()


def test_keys_are_answered_while_a_filter_decodes_a_large_capture(tmp_path):
    if not BENCH.exists():
        pytest.skip("bench-small-ops.pcap.gz not available")
    capture = tmp_path / "bench-small-ops.pcap"
    with gzip.open(BENCH) as packed, capture.open("wb") as out:
        shutil.copyfileobj(packed, out)
    term = Terminal(str(HEXVIEW), [str(capture)])
    try:
        text = term.wait_for(lambda t: "done" in t and "msg 1/" in t, "bench-small-ops to be read", timeout=LONG)
        total = re.search(r"done · [\d,]+ packets · ([\d,]+) messages", text).group(1)
        known = children(term.child.pid)
        term.child.send("&op_errno == ENOENT\r")
        # matches listed and the first chosen: the message list has a next one to move to
        running = term.wait_for(
            lambda t: PROGRESS.search(t) and "msg 1/2 " not in term.ruler() and len(listed_frames(term)) >= 2,
            "the filter to find matches",
            timeout=LONG,
        )
        assert PROGRESS.search(running).group(2) == total
        first = _child_of(term, known)
        ruler = term.ruler()
        term.child.send("j")
        text = term.wait_for(lambda t: term.ruler() != ruler, "j to be answered while the filter runs", timeout=LONG)
        progress = PROGRESS.search(text)
        assert progress, f"the filter had ended when j was answered:\n{text}"
        assert _number(progress.group(1)) < _number(total)
        # a new filter ends the running one
        term.child.send("&\x15op_ret == -1\r")
        term.wait_for(lambda t: "& op_ret == -1" in t and PROGRESS.search(t), "the new filter to run", timeout=LONG)
        assert gone(first)
        second = _child_of(term, known)
        # clearing ends it too, and lists everything again
        term.child.send("&\x15\r")
        term.wait_for(lambda t: "filtering" not in t and "messages match" not in t, "the filter cleared", timeout=LONG)
        assert gone(second)
        # quitting while a filter runs leaves no process behind
        term.child.send("&op_errno == ENOENT\r")
        term.wait_for(lambda t: PROGRESS.search(t), "the filter to run again", timeout=LONG)
        third = _child_of(term, known)
        term.child.send("q")
        assert term.finish() == 0
        assert gone(third)
    finally:
        term.kill()


def _record_end(pcap: Path, frame: int) -> int:
    """The byte offset just after record ``frame`` (1-based) of a little-endian pcap."""
    data = pcap.read_bytes()
    assert struct.unpack_from("<I", data, 0)[0] == 0xA1B2C3D4
    at = 24
    for _ in range(frame):
        at += 16 + struct.unpack_from("<IIII", data, at)[2]
    return at


def test_a_live_pipe_is_filtered_as_it_comes(tmp_path):
    if not REPLICA3.exists():
        pytest.skip("gluster-fuse-replica3-afr.pcap not available")
    layers = tshark_layers(REPLICA3)
    wanted = enoent_frames(layers)
    cut = 300  # frames sent first; the rest once the filter is applied
    early = [f for f in wanted if f <= cut]
    assert 0 < len(early) < len(wanted)
    at = _record_end(REPLICA3, cut)
    gate = tmp_path / "go"
    term = Terminal(
        "/bin/sh",
        [
            "-c",
            f"{{ head -c {at} {REPLICA3}; while [ ! -e {gate} ]; do sleep 0.05; done; tail -c +{at + 1} {REPLICA3}; }}"
            f" | {HEXVIEW} -",
        ],
    )
    try:
        held = rpc_records(layers, cut)
        term.wait_for(lambda t: f"{held} messages" in t and "msg 1/2 " in t, "the first part to be read")
        term.child.send("&op_errno == ENOENT\r")
        term.wait_for(lambda t: f"{len(early)} of {held} messages match" in t, "the held messages filtered")
        term.child.send("[" * len(stream_rows(term)))  # the first stream listed
        label = stream_rows(term)[0]
        stream = next(label_ for c, s in conversations(REPLICA3) if (label_ := f"{c} -> {s}") in label)
        mine = [f for f in wanted if reply_label(REPLICA3, f) == stream]
        term.wait_for(lambda t: listed_frames(term) == [f for f in mine if f <= cut], "the first part's matches listed")
        term.child.send("f")  # follow: the newest match of the stream on show
        term.wait_for(lambda t: f"frame {max(f for f in mine if f <= cut)} " in term.ruler(), "the newest match")
        gate.touch()
        count = f"{len(wanted)} of {rpc_records(layers)} messages match"
        term.wait_for(lambda t: count in t and listed_frames(term) == mine, "the later messages filtered as they came")
        term.wait_for(lambda t: f"frame {mine[-1]} " in term.ruler(), "follow on the newest match")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()
