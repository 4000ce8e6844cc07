"""``hexview --stats --json --detail`` (each row's latency histogram, requests over time,
heat map and slowest exchanges), the display filter of a row (``stats.*`` and ``server``
as message fields).

Golden values come from tshark: every RPC message of two shared captures, one a line
(frame, time since the first packet, ports, type, program, version, procedure, the
call's frame and the response time of a reply; tests/data/srt/NAME.rpc-exchanges.tshark.txt,
made by tools/srt_reference.py); the shapes are computed here from those times by the
rules the README states (buckets of powers of two of microseconds, slices from 1 ms
doubling until fewer than 128), not from hexview's output.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from hexview.analysis.filters import _tokens, compile, literal
from hexview.analysis.latency_shapes import MAX_SLICES, Shape, SliceClock, bucket, bucket_floor
from hexview.analysis.response_times import ResponseTimes, row_filter
from shared_paths import CAPTURES

DATA = Path(__file__).parent / "data"
SRT = DATA / "srt"
NBD_PCAP = DATA / "nbd-tiny-nbdsh.pcap"
REPLICA3 = CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap"
PNFS = CAPTURES / "nfs" / "nfs-v41-pynfs-pnfs-v42.pcap"
needs_captures = pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/captures not present")


def hexview(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hexview.cli", *args], capture_output=True, text=True, check=False, timeout=300)


def detail_rows(path: Path) -> list[dict[str, object]]:
    done = hexview("--stats", "--json", "--detail", str(path))
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def micros(text: str) -> int:
    seconds, _, fraction = text.partition(".")
    return int(seconds) * 1_000_000 + int(fraction[:6].ljust(6, "0"))


@dataclass
class Call:
    frame: int
    time: int  # µs since the first packet
    client: int  # port
    server: int
    key: tuple[int, int, int]  # program, version, procedure
    reply: int | None = None
    latency: int | None = None  # µs


def tshark_calls(name: str) -> dict[int, Call]:
    """The calls of tshark's RPC lines, each with its (first) reply."""
    calls: dict[int, Call] = {}
    for line in (SRT / f"{name}.rpc-exchanges.tshark.txt").read_text().splitlines():
        frame, time, sport, dport, kind, prog, vers, proc, call_frame, rtt = line.split("\t")
        if kind == "0":
            calls[int(frame)] = Call(int(frame), micros(time), int(sport), int(dport), (int(prog), int(vers), int(proc)))
        elif call_frame and int(call_frame) in calls and calls[int(call_frame)].reply is None:
            call = calls[int(call_frame)]
            call.reply, call.latency = int(frame), micros(rtt)
    return calls


def slice_width(calls: dict[int, Call]) -> int:
    width = 1000
    while max(c.time for c in calls.values()) // width >= MAX_SLICES:
        width *= 2
    return width


def expected_shapes(calls: list[Call], width: int) -> dict[str, object]:
    histogram: dict[int, int] = {}
    timeline: dict[int, int] = {}
    heat: dict[tuple[int, int], int] = {}
    for call in calls:
        timeline[call.time // width] = timeline.get(call.time // width, 0) + 1
        if call.latency is not None:
            k = call.latency.bit_length()
            histogram[k] = histogram.get(k, 0) + 1
            cell = (call.time // width, k)
            heat[cell] = heat.get(cell, 0) + 1
    answered = sorted((c for c in calls if c.latency is not None), key=lambda c: (-(c.latency or 0), c.frame))
    return {
        "histogram": [histogram.get(k, 0) for k in range(max(histogram) + 1)] if histogram else [],
        "slice": width / 1e6,
        "timeline": [timeline.get(s, 0) for s in range(max(timeline) + 1)] if timeline else [],
        "heatmap": [[s, k, n] for (s, k), n in sorted(heat.items())],
        "slowest": [(c.latency, c.time, c.frame, c.reply) for c in answered[:10]],
    }


def frames_by_index(path: Path) -> dict[int, int]:
    """Message number -> its frame, from ``--summary`` (each of these messages is one frame)."""
    done = hexview("--summary", str(path))
    return {int(line.split()[0]): int(line.split()[1]) for line in done.stdout.splitlines()}


@needs_captures
def test_shapes_agree_with_tshark_frame_times() -> None:
    """The LOOKUP rows of the replica-3 capture, for all bricks and for one: histogram,
    requests over time, heat map and the ten slowest, from tshark's times."""
    calls = tshark_calls("gluster-fuse-replica3-afr")
    width = slice_width(calls)
    rows = detail_rows(REPLICA3)
    index_frame = frames_by_index(REPLICA3)
    lookups = [c for c in calls.values() if c.key == (1298437, 400, 27)]
    compared = 0
    for server, mine in ((None, lookups), ("127.0.0.2:52165", [c for c in lookups if c.server == 52165])):
        row = next(r for r in rows if (r["program"], r["procedure"], r["server"], r["op"]) == (1298437, 27, server, None))
        want = expected_shapes(mine, width)
        assert row["slice"] == want["slice"]
        assert row["histogram"] == want["histogram"]
        assert row["timeline"] == want["timeline"]
        assert row["heatmap"] == want["heatmap"]
        assert sum(row["histogram"]) == row["answered"] and sum(row["timeline"]) == row["calls"] == len(mine)  # type: ignore[arg-type]
        slowest = [
            (round(e["latency"] * 1e6), round(e["time"] * 1e6), index_frame[e["request"]], index_frame[e["reply"]])
            for e in row["slowest"]  # type: ignore[attr-defined]
        ]
        assert slowest == want["slowest"]
        compared += 1
    assert compared == 2
    assert width == 16000  # the capture is 1.1 s long: 1 ms slices doubled four times


@needs_captures
def test_a_rows_filter_selects_its_calls_and_replies() -> None:
    """``--summary -Y`` with a row's filter lists exactly the frames of its calls and their
    replies: LOOKUP on one brick (by port, as tshark's tables split it), and an NFSv4
    operation (the COMPOUNDs whose reply reports OPEN, opcode 18)."""
    calls = tshark_calls("gluster-fuse-replica3-afr")
    rows = json.loads("[" + ",".join(hexview("--stats", "--json", str(REPLICA3)).stdout.splitlines()) + "]")
    row = next(r for r in rows if (r["program"], r["procedure"], r["server"]) == (1298437, 27, "127.0.0.2:52165"))
    expression = row_filter(row)
    assert expression == (
        "protocol == GlusterFS and stats.program == 1298437 and stats.version == 400 "
        "and stats.procedure == LOOKUP and server == 127.0.0.2:52165"
    )
    done = hexview("--summary", "-Y", expression, str(REPLICA3))
    assert done.returncode == 0, done.stderr
    shown = [int(line.split()[1]) for line in done.stdout.splitlines()]
    mine = [c for c in calls.values() if c.key == (1298437, 400, 27) and c.server == 52165]
    assert sorted(shown) == sorted([c.frame for c in mine] + [c.reply for c in mine if c.reply is not None])
    assert len(shown) == 24

    nfs = tshark_calls("nfs-v41-pynfs-pnfs-v42")
    replies = set()
    for line in (SRT / "nfs-v41-pynfs-pnfs-v42.nfs-reply-ops.tshark.txt").read_text().splitlines():
        frame, ops, *_ = line.split("\t") + [""]
        if "18" in ops.split(","):
            replies.add(int(frame))
    want = sorted(replies | {c.frame for c in nfs.values() if c.reply in replies})
    rows = json.loads("[" + ",".join(hexview("--stats", "--json", str(PNFS)).stdout.splitlines()) + "]")
    row = next(r for r in rows if r["op"] == "OPEN" and r["server"] is None)
    assert (
        row_filter(row) == "protocol == NFS and stats.program == 100003 and stats.version == 4 "
        "and stats.procedure == COMPOUND and stats.op == OPEN"
    )
    done = hexview("--summary", "-Y", row_filter(row), str(PNFS))
    assert sorted(int(line.split()[1]) for line in done.stdout.splitlines()) == want
    assert len(want) == 8


def test_stats_fields_on_nbd() -> None:
    """NBD_CMD_READ is frame 23, its reply frame 24 (tshark's NBD decode); the server end
    is 127.0.0.1:10809 for every message; NBD rows have no program."""

    def frames(expression: str) -> list[int]:
        done = hexview("--summary", "-Y", expression, str(NBD_PCAP))
        assert done.returncode == 0, done.stderr
        return [int(line.split()[1]) for line in done.stdout.splitlines()]

    assert frames("stats.procedure == NBD_CMD_READ") == [23, 24]
    assert frames("stats.procedure == NBD_CMD_WRITE and reply") == [22]
    assert len(frames("server == 127.0.0.1:10809")) == 17
    assert frames("server == 127.0.0.1:45930") == []
    assert frames("stats.program") == [] and frames("stats.op") == []
    row = {"protocol": "NBD", "program": None, "version": None, "procedure": "NBD_CMD_READ", "name": "NBD_CMD_READ"}
    row |= {"server": None, "op": None}
    assert frames(row_filter(row)) == [23, 24]  # type: ignore[arg-type]


def test_literal_reads_back_as_itself() -> None:
    for value in ("LOOKUP", "127.0.0.2:52165", "[::1]:2049", "proc-41", "in", "and", 'a "b" c', "x\\y", "two words"):
        written = literal(value)
        tokens = _tokens(f"name == {written}")
        assert [t.text for t in tokens[2:-1]] == [value], written
        compile(f"name == {written}")
    assert literal("LOOKUP") == "LOOKUP" and literal("in") == '"in"' and literal(27) == "27"


def test_buckets_and_slices_by_hand() -> None:
    assert [bucket(us) for us in (0, 1, 2, 3, 4, 1023, 1024)] == [0, 1, 2, 2, 3, 10, 11]
    assert (bucket_floor(0), bucket_floor(1), bucket_floor(11)) == (0.0, 1e-6, 1024e-6)
    clock = SliceClock(lambda: 100.0)
    shape = clock.new_shape()
    for at, latency in ((100.0, 5), (100.0005, 40), (100.0015, None), (99.0, 7)):
        slice_, time = clock.place(at)
        shape.add(slice_, time, 1, 2, latency)
    assert clock.width == 1000 and shape.timeline == [3, 1]  # before the start: slice 0
    slice_, time = clock.place(100.300)  # 300 ms: past 128 slices of 1 ms, so 4 ms slices
    assert (clock.width, slice_, time) == (4000, 75, 300_000)
    assert shape.timeline == [4] and shape.heat == {(0, 3): 2, (0, 6): 1}
    assert shape.histogram == [0, 0, 0, 2, 0, 0, 1]


def test_slowest_keeps_the_ten_slowest_earliest_first() -> None:
    shape = Shape()
    for request in range(1, 31):
        shape.add(0, request, request, request + 100, 50 if request % 3 == 0 else request)
    fields = shape.fields(1000)
    got = [(e["request"], e["latency"]) for e in fields["slowest"]]
    # the ten 50 µs ones (requests 3, 6, ... 30) beat 29 and below
    assert got == [(r, 50e-6) for r in range(3, 31, 3)]


def test_snapshot_goes_on_counting() -> None:
    """Half a capture's messages, a snapshot (its waiting request counted unanswered), the
    rest: the same rows as counting them all at once."""
    from hexview.pipeline import Pipeline
    from hexview.readers import open_input

    whole = ResponseTimes(detail=True)
    whole.add_all(Pipeline().run(open_input(str(NBD_PCAP))))
    live = ResponseTimes(detail=True)
    early = None
    for message in Pipeline(hold_for_pairs=False).run(open_input(str(NBD_PCAP))):  # as the view reads
        live.add(message)
        if message.index == 13:  # NBD_CMD_READ, its reply not read yet
            early = {(r["name"], r["server"]): r for r in live.snapshot()}
    assert early is not None
    assert early[("NBD_CMD_READ", None)]["unanswered"] == 1 and early[("NBD_CMD_READ", None)]["timeline"] == [1]
    assert early[("NBD_CMD_READ", None)]["slowest"] == []
    assert live.rows() == whole.rows()


def test_detail_rows_of_nbd() -> None:
    assert hexview("--stats", "--detail", str(NBD_PCAP)).returncode == 2
    assert hexview("--json", "--detail", str(NBD_PCAP)).returncode == 2
    rows = [json.loads(line) for line in hexview("--stats", "--json", "--detail", str(NBD_PCAP)).stdout.splitlines()]
    read = next(r for r in rows if r["name"] == "NBD_CMD_READ" and r["server"] is None)
    # READ 23 µs (frames 23 -> 24): bucket 5 holds 16..31 µs; at 0.000677 s, slice 0 of 1 ms
    assert list(read)[-5:] == ["histogram", "slice", "timeline", "heatmap", "slowest"]
    assert (read["histogram"], read["timeline"], read["heatmap"]) == ([0, 0, 0, 0, 0, 1], [1], [[0, 5, 1]])
    assert read["slowest"] == [{"request": 13, "reply": 14, "time": 0.000677, "latency": 0.000023}]
