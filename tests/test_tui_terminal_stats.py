"""The statistics screen (``S``) as a person uses it in a real terminal (pty, pyte).

On the three-brick GlusterFS capture, against tshark's ``rpc,srt`` table of it
(tests/data/srt): the LOOKUP row's calls and average, the busiest procedure first
(ENTRYLK, 54 calls) and, sorted by max, the slowest (FINODELK, 1.204 ms); each row's
latency histogram and requests-over-time cells drawn in their colours; the slowest
exchange opened in the view (its call's frame, then its reply's, from tshark's list of
the capture's RPC messages); enter on a row filtering the lists to exactly its calls and
replies; the same rows over a pipe's held messages, following it as it grows; and on the large
bench capture, progress while the child process counts, keys answered meanwhile, and
no process left once the screen is closed and the view quits.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from hexview.output.stats_table import short_seconds
from shared_paths import CAPTURES
from test_tui_terminal import HEXVIEW, ROOT, Terminal
from test_tui_terminal_filter import listed_frames, stream_rows

SRT = ROOT / "tests" / "data" / "srt"
REPLICA3 = CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap"
BENCH = CAPTURES / "bench" / "bench-small-ops.pcap.gz"
BLOCKS = set("▁▂▃▄▅▆▇█")
TIMEOUT = 60  # a busy machine: the child process reads the capture again

pytestmark = [
    pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview"),
    pytest.mark.skipif(not REPLICA3.exists(), reason="gluster-fuse-replica3-afr.pcap not available"),
]
SRT_ROW = re.compile(r"^\s*(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$")


def tshark_fops() -> dict[str, dict[str, object]]:
    """tshark's srt table of the capture's GlusterFS FOPs: name -> calls, max, avg (s)."""
    rows = {}
    for line in (SRT / "gluster-fuse-replica3-afr.rpc-srt-1298437-400.tshark.txt").read_text().splitlines():
        m = SRT_ROW.match(line)
        if m:
            rows[m.group(2)] = {
                "proc": int(m.group(1)),
                "calls": int(m.group(3)),
                "max": float(m.group(5)),
                "avg": float(m.group(6)),
            }
    return rows


def slowest_exchange(proc: int) -> tuple[int, int, float]:
    """(call frame, reply frame, seconds) of the procedure's slowest answer, from tshark."""
    best = None
    for line in (SRT / "gluster-fuse-replica3-afr.rpc-exchanges.tshark.txt").read_text().splitlines():
        frame, _, _, _, kind, prog, _, procedure, call, rtt = line.split("\t")
        if kind == "1" and prog == "1298437" and int(procedure) == proc and (best is None or float(rtt) > best[2]):
            best = (int(call), int(frame), float(rtt))
    assert best is not None
    return best


def table(term: Terminal) -> tuple[list[dict[str, str]], str]:
    """The statistics table's rows (first columns split on runs of spaces, the histogram
    and sparkline cells cut at their headers' places) and its header line."""
    lines = term.screen.display
    y = next((i for i, line in enumerate(lines) if "procedure" in line and "requests over time" in line), None)
    if y is None:  # not on screen (yet)
        return [], ""
    header = lines[y]
    hist_at = header.index("latency")
    spark_at = header.index("requests over time")
    rows = []
    for line in lines[y + 1 :]:
        if line.startswith("╰"):
            break
        cells = line[:hist_at].strip("│ ").split()
        if len(cells) < 8:
            continue
        names = ("name", "server", "calls", "errors", "p50", "p99", "max", "avg")
        row = dict(zip(names, cells, strict=False))
        row["hist"] = line[hist_at:spark_at]
        row["spark"] = line[spark_at : spark_at + 24]
        row["y"] = str(lines.index(line))
        rows.append(row)
    return rows, header


def open_stats(term: Terminal) -> None:
    term.wait_for(lambda t: "done" in t and "msg 1/" in t, "the capture to be read")
    term.child.send("S")
    term.wait_for(lambda t: re.search(r"\d+ rows ·", t) is not None and "procedure" in t, "the statistics", TIMEOUT)


def test_rows_agree_with_tshark_sort_and_draw_shapes():
    fops = tshark_fops()
    term = Terminal(str(HEXVIEW), [str(REPLICA3)])
    try:
        open_stats(term)
        rows, header = table(term)
        assert "calls▼" in header and "sorted by calls, largest first" in term.text()
        busiest = max(fops, key=lambda name: fops[name]["calls"])  # type: ignore[arg-type,return-value]
        assert (rows[0]["name"], rows[0]["server"], rows[0]["calls"]) == (busiest, "all", str(fops[busiest]["calls"]))
        lookup = next(r for r in rows if r["name"] == "LOOKUP" and r["server"] == "all")
        assert lookup["calls"] == str(fops["LOOKUP"]["calls"]) == "36"
        assert lookup["avg"] == short_seconds(fops["LOOKUP"]["avg"])  # type: ignore[arg-type]
        assert lookup["errors"] == "24"  # the ENOENT replies (tests/test_stats.py)
        # its histogram and requests over time, in their colours
        assert set(lookup["hist"]) & BLOCKS and set(lookup["spark"]) & BLOCKS, lookup
        line = term.screen.buffer[int(lookup["y"])]
        hist_x, spark_x = header.index("latency"), header.index("requests over time")
        hist_colours = {line[hist_x + i].fg for i, c in enumerate(lookup["hist"]) if c in BLOCKS}
        spark_colours = {line[spark_x + i].fg for i, c in enumerate(lookup["spark"]) if c in BLOCKS}
        # one colour each, not the text's (Textual maps the named colours to its palette)
        assert len(hist_colours) == len(spark_colours) == 1 and hist_colours != spark_colours, (hist_colours, spark_colours)
        assert not (hist_colours | spark_colours) & {"default", line[0].fg}
        # the selected row's heat map and slowest exchanges below
        term.wait_for(
            lambda t: f"latency over time: {busiest} @ all servers" in t and f"slowest 10 of {fops[busiest]['calls']}" in t,
            "the busiest row's plot and slowest exchanges",
        )

        slowest = max(fops, key=lambda name: fops[name]["max"])  # type: ignore[arg-type,return-value]
        before = [(r["name"], r["server"]) for r in rows]
        term.child.send("x")
        term.wait_for(lambda t: "sorted by max, largest first" in t, "sorted by max")
        rows, header = table(term)
        assert "max▼" in header and "calls▼" not in header
        assert (rows[0]["name"], rows[0]["server"]) == (slowest, "all")
        assert rows[0]["max"] == short_seconds(fops[slowest]["max"])  # type: ignore[arg-type]
        assert [(r["name"], r["server"]) for r in rows] != before

        term.child.send("x")  # again: the other way round
        term.wait_for(lambda t: "sorted by max, smallest first" in t, "max, smallest first")
        rows, header = table(term)
        assert "max▲" in header
        # the slowest answer of each procedure on each server (tshark's srt tables name
        # only some procedures): the smallest of them is a server row's max
        maxima: dict[tuple[str, str, str], float] = {}
        for text in (SRT / "gluster-fuse-replica3-afr.rpc-exchanges.tshark.txt").read_text().splitlines():
            _, _, server, _, kind, prog, _, proc, _, rtt = text.split("\t")
            if kind == "1":
                maxima[(prog, proc, server)] = max(maxima.get((prog, proc, server), 0.0), float(rtt))
        assert rows[0]["max"] == short_seconds(min(maxima.values())) and rows[0]["server"] != "all"
        term.child.send("q")
        term.wait_for(lambda t: "procedure" not in t and "msg 1/" in t, "the view again")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_the_slowest_exchange_opens_in_the_view():
    fops = tshark_fops()
    slowest = max(fops, key=lambda name: fops[name]["max"])  # type: ignore[arg-type,return-value]
    call, reply, seconds = slowest_exchange(fops[slowest]["proc"])  # type: ignore[arg-type]
    term = Terminal(str(HEXVIEW), [str(REPLICA3)])
    try:
        open_stats(term)
        term.child.send("x")
        term.wait_for(lambda t: f"latency over time: {slowest} @ all servers" in t, "the slowest row selected")
        term.child.send("\t")
        first = f"{short_seconds(seconds):>7}"
        term.wait_for(lambda t: first in t and "call → reply" in t, "the slowest exchanges")
        term.child.send("\r")
        term.wait_for(lambda t: "procedure" not in t and f"frame {call} " in term.ruler(), f"the call in frame {call}", TIMEOUT)
        assert f"{slowest} call" in term.ruler()

        term.child.send("S")
        term.wait_for(lambda t: re.search(r"\d+ rows ·", t) is not None, "the statistics again", TIMEOUT)
        term.child.send("x\tr")  # the reply this time
        term.wait_for(
            lambda t: "procedure" not in t and f"frame {reply} " in term.ruler(), f"the reply in frame {reply}", TIMEOUT
        )
        assert f"{slowest} reply" in term.ruler()
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_enter_on_a_row_lists_its_messages():
    """Sorted by errors, the second row is LOOKUP on the brick at port 52165 (24 ENOENT
    answers in all, 8 on each brick); enter puts its filter in the filter line and the
    lists show exactly its 12 calls and their replies (tshark's frames), in the one
    conversation to that brick."""
    lines = (SRT / "gluster-fuse-replica3-afr.rpc-exchanges.tshark.txt").read_text().splitlines()
    fields = [line.split("\t") for line in lines]
    calls = {int(f[0]) for f in fields if f[4] == "0" and f[5] == "1298437" and f[7] == "27" and f[3] == "52165"}
    replies = {int(f[0]) for f in fields if f[4] == "1" and f[8] and int(f[8]) in calls}
    assert (len(calls), len(replies)) == (12, 12)
    term = Terminal(str(HEXVIEW), [str(REPLICA3)])
    try:
        open_stats(term)
        term.child.send("e")
        term.wait_for(lambda t: "sorted by errors, largest first" in t, "sorted by errors")
        rows, _ = table(term)
        assert [(r["name"], r["server"], r["errors"]) for r in rows[:2]] == [
            ("LOOKUP", "all", "24"),
            ("LOOKUP", "127.0.0.2:52165", "8"),
        ]
        term.child.send("j")
        term.wait_for(lambda t: "latency over time: LOOKUP @ 127.0.0.2:52165" in t, "the brick's LOOKUP row")
        term.child.send("\r")
        count = f"{len(calls) + len(replies)} of {len(lines)} messages match"
        term.wait_for(lambda t: count in t and len(stream_rows(term)) == 1, "the lists filtered to the row", TIMEOUT)
        assert "& protocol == GlusterFS and stats.program == 1298437 and stats.version == 400" in term.text()
        assert "-> 127.0.0.2:52165" in stream_rows(term)[0]
        assert re.search(r"127\.0\.0\.2:52165\s+24\s+158\s", stream_rows(term)[0])  # 24 of its 158 match
        wanted = sorted(calls | replies)
        # the message list from the top, then from the bottom (it shows fewer rows than 24)
        term.wait_for(
            lambda t: len(listed_frames(term)) > 8 and listed_frames(term) == wanted[: len(listed_frames(term))], "its first"
        )
        term.child.send("G")
        term.wait_for(
            lambda t: len(listed_frames(term)) > 8 and listed_frames(term) == wanted[-len(listed_frames(term)) :], "its last"
        )
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_a_file_gone_since_says_why(tmp_path):
    """The capture removed after the view read it: the child cannot read it, and the
    screen says so (its border and a notification with the child's reason)."""
    capture = tmp_path / "gone.pcap"
    capture.write_bytes(REPLICA3.read_bytes())
    term = Terminal(str(HEXVIEW), [str(capture)])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/" in t, "the capture to be read")
        capture.unlink()
        term.child.send("S")
        term.wait_for(lambda t: "could not count" in t and "no such file" in t, "the reason", TIMEOUT)
        term.child.send("q")
        term.wait_for(lambda t: "could not count" not in t, "the view again")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_a_pipe_counts_the_messages_held():
    fops = tshark_fops()
    term = Terminal("/bin/sh", ["-c", f"cat {REPLICA3} | {HEXVIEW} -"])
    try:
        open_stats(term)
        assert "held messages, following the pipe" in term.text()
        rows, _ = table(term)
        lookup = next(r for r in rows if r["name"] == "LOOKUP" and r["server"] == "all")
        assert (lookup["calls"], lookup["avg"]) == (str(fops["LOOKUP"]["calls"]), short_seconds(fops["LOOKUP"]["avg"]))  # type: ignore[arg-type]
        assert set(lookup["hist"]) & BLOCKS and set(lookup["spark"]) & BLOCKS
        term.child.send("q")
        term.wait_for(lambda t: "procedure" not in t, "the view again")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def pcap_prefix(data: bytes, packets: int) -> int:
    """How many bytes of the pcap ``data`` hold its header and first ``packets`` packets."""
    end = 24
    for _ in range(packets):
        included = int.from_bytes(data[end + 8 : end + 12], "little" if data[:4] == b"\xd4\xc3\xb2\xa1" else "big")
        end += 16 + included
    return end


def lookups(term: Terminal) -> str:
    rows, _ = table(term)
    return next((r["calls"] for r in rows if r["name"] == "LOOKUP" and r["server"] == "all"), "")


def test_the_rows_follow_a_live_pipe(tmp_path):
    """The first 300 packets, then the rest, into a pipe the test holds open: the screen
    counts the LOOKUP calls held (24 of them are in frames up to 300 by tshark's list,
    36 in all) and keeps counting what comes while it is open."""
    calls = [
        int(line.split("\t")[0])
        for line in (SRT / "gluster-fuse-replica3-afr.rpc-exchanges.tshark.txt").read_text().splitlines()
        if line.split("\t")[4:8:3] == ["0", "27"] and line.split("\t")[5] == "1298437"
    ]
    early = sum(1 for frame in calls if frame <= 300)
    assert (early, len(calls)) == (24, 36)
    data = REPLICA3.read_bytes()
    cut = pcap_prefix(data, 300)
    fifo = tmp_path / "capture.fifo"
    os.mkfifo(fifo)
    term = Terminal("/bin/sh", ["-c", f"exec {HEXVIEW} - < {fifo}"])
    pipe = os.open(fifo, os.O_WRONLY)  # waits for hexview's shell to open the other end
    try:
        os.write(pipe, data[:cut])
        term.wait_for(lambda t: "reading" in t and "msg 1/" in t, "the first messages")
        term.child.send("S")
        term.wait_for(lambda t: lookups(term) == str(early), f"{early} LOOKUP calls held", TIMEOUT)
        assert "held messages, following the pipe" in term.text()
        os.write(pipe, data[cut:])
        term.wait_for(lambda t: lookups(term) == str(len(calls)), f"{len(calls)} LOOKUP calls", TIMEOUT)
        os.close(pipe)
        pipe = -1
        term.child.send("q")
        term.wait_for(lambda t: "procedure" not in t and "done" in t, "the view, done")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        if pipe >= 0:
            os.close(pipe)
        term.kill()


def children_reading(path: Path) -> list[int]:
    """The pids of processes whose command line names ``path`` and --stats."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(path).encode() in argv and b"--stats" in argv:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not BENCH.exists(), reason="bench-small-ops.pcap.gz not available")
def test_progress_keys_and_no_process_left_on_a_large_capture(tmp_path):
    """bench-small-ops (250,000 messages): the screen shows how far the child has read
    while keys change the sort; closing it stops the child, quitting leaves none."""
    capture = tmp_path / "bench-small-ops.pcap.gz"
    os.symlink(BENCH, capture)
    term = Terminal(str(HEXVIEW), [str(capture)])
    try:
        term.wait_for(lambda t: "msg 1/" in t, "the first message")
        term.child.send("S")
        term.wait_for(lambda t: re.search(r"counting… \d+%", t) is not None, "progress of the count", TIMEOUT)
        pids = children_reading(capture)
        assert len(pids) == 1, pids
        term.child.send("9")
        term.wait_for(lambda t: "sorted by p99" in t and "counting…" in t, "a key answered while counting")
        term.child.send("\x1b")
        term.wait_for(lambda t: "procedure" not in t and "msg 1/" in t, "the view again")
        for _ in range(50):  # the child is terminated; give it a moment to go
            if not Path(f"/proc/{pids[0]}").exists() or "Z" in _state(pids[0]):
                break
            term.pump(0.1)
        assert not Path(f"/proc/{pids[0]}").exists() or "Z" in _state(pids[0])
        term.child.send("S")
        term.wait_for(lambda t: "counting…" in t, "counting again", TIMEOUT)
        term.wait_for(lambda t: bool(children_reading(capture)), "the second child")
        again = children_reading(capture)
        term.child.send("q")  # the screen
        term.child.send("q")  # the view, the child may still be running
        assert term.finish() == 0
        assert not [pid for pid in again if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)]
    finally:
        term.kill()


def _state(pid: int) -> str:
    try:
        return (Path(f"/proc/{pid}") / "stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "gone"
