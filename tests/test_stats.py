"""``hexview --stats``: response-time statistics against tshark's tables, percentiles,
the server and NFSv4 operation splits, NBD's commands, and the JSON row's keys.

tshark's outputs for the shared captures are stored in tests/data/srt (made by
tools/srt_reference.py, commands in its README); the captures themselves come from
../shared and the tests that need them skip without it.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from hexview.analysis.response_times import ResponseTimes, Tally, percentile
from hexview.protocols.registry import StatEntry, StatKey
from shared_paths import CAPTURES

DATA = Path(__file__).parent / "data"
SRT = DATA / "srt"
NBD_PCAP = DATA / "nbd-tiny-nbdsh.pcap"

# the accept_stat names an RPC reply carries when the server did not run the procedure
# (RFC 5531): Wireshark leaves such replies out of its SRT tables
REFUSALS = {"PROG_UNAVAIL", "PROG_MISMATCH", "PROC_UNAVAIL", "GARBAGE_ARGS", "SYSTEM_ERR"}
PROGRAM_ROW = re.compile(r"^\S.*?\((\d+)\)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$")
SRT_ROW = re.compile(r"^\s*(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$")


def run_stats(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hexview.cli", "--stats", *args], capture_output=True, text=True, check=False, timeout=300
    )


def json_rows(path: Path) -> list[dict[str, object]]:
    done = run_stats("--json", str(path))
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def micros(text: str) -> int:
    """tshark's '0.000123' as whole microseconds."""
    seconds, _, fraction = text.partition(".")
    assert len(fraction) == 6
    return int(seconds) * 1_000_000 + int(fraction)


def us(seconds: object) -> int:
    assert isinstance(seconds, float)
    return round(seconds * 1_000_000)


def rounded_avg(total_us: int, count: int) -> int:
    """The mean to the microsecond, halves up (as tshark prints it)."""
    mean = Fraction(total_us, count)
    return int(mean + Fraction(1, 2))


def stored_captures() -> list[object]:
    names = sorted(p.name.removesuffix(".rpc-programs.tshark.txt") for p in SRT.glob("*.rpc-programs.tshark.txt"))
    if not CAPTURES.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/captures not present"))]
    return [pytest.param(name, id=name) for name in names]


def capture_of(name: str) -> Path:
    return CAPTURES / ("nfs" if name.startswith("nfs") else "gluster") / f"{name}.pcap"


def procedure_rows(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """The all-servers procedure rows (no op), less those whose every answer was a
    refusal by the RPC layer, which tshark does not time."""
    out = []
    for row in rows:
        if row["server"] is not None or row["op"] is not None:
            continue
        errnos = row["errnos"]
        assert isinstance(errnos, dict)
        if errnos and set(errnos) <= REFUSALS and row["errors"] == row["answered"]:
            continue
        assert not set(errnos) & REFUSALS, f"a row mixing refused and timed answers: {row}"
        out.append(row)
    return out


def check_srt_table(text: str, rows: list[dict[str, object]]) -> int:
    """Each procedure row of a stored ``rpc,srt`` table against ``rows`` (one program
    and version, answered ones); returns how many it compared."""
    compared = 0
    by_number = {row["procedure"]: row for row in rows if row["answered"]}
    seen = set()
    for line in text.splitlines():
        m = SRT_ROW.match(line)
        if m is None:
            continue
        proc, calls = int(m.group(1)), int(m.group(3))
        low, high, avg, total = (micros(v) for v in m.groups()[3:])
        row = by_number.get(proc)
        assert row is not None, f"tshark times procedure {proc}, hexview has no row: {line}"
        seen.add(proc)
        assert row["answered"] == calls, line
        assert (us(row["min"]), us(row["max"]), us(row["sum"])) == (low, high, total), line
        assert rounded_avg(us(row["sum"]), calls) == avg, line
        assert row["avg"] == pytest.approx(row["sum"] / calls)  # type: ignore[operator]
        compared += 1
    # tshark's srt table has a slot only for the procedures its dissector names (GlusterD
    # management v3 stops before POST_COMMIT); its rpc,programs table, checked by the
    # caller, counts the others too
    assert seen <= set(by_number)
    return compared


# programs tshark (4.0) has no dissector for, so its rpc,programs table leaves them out
UNTIMED_BY_TSHARK = {1239873}


@pytest.mark.parametrize("name", stored_captures())
def test_agrees_with_tshark_rpc_programs_and_srt(name: str) -> None:
    """Per program and version (tshark -z rpc,programs) and per procedure (-z
    rpc,srt,PROG,VERS): answered, min, max, avg (and the srt table's sum) to the
    microsecond."""
    rows = procedure_rows(json_rows(capture_of(name)))
    programs = [
        m for line in (SRT / f"{name}.rpc-programs.tshark.txt").read_text().splitlines() if (m := PROGRAM_ROW.match(line))
    ]
    assert programs
    compared = 0
    for m in programs:
        prog, vers, calls = int(m.group(1)), int(m.group(2)), int(m.group(3))
        low, high, avg = (micros(v) for v in m.groups()[3:])
        mine = [r for r in rows if r["program"] == prog and r["version"] == vers and r["answered"]]
        assert sum(r["answered"] for r in mine) == calls  # type: ignore[misc]
        assert min(us(r["min"]) for r in mine) == low
        assert max(us(r["max"]) for r in mine) == high
        assert rounded_avg(sum(us(r["sum"]) for r in mine), calls) == avg
        compared += check_srt_table((SRT / f"{name}.rpc-srt-{prog}-{vers}.tshark.txt").read_text(), mine)
    programs_known = {(int(m.group(1)), int(m.group(2))) for m in programs}
    timed = {(r["program"], r["version"]) for r in rows if r["answered"] and r["program"] is not None}
    assert programs_known <= timed
    assert {prog for prog, _ in timed - programs_known} <= UNTIMED_BY_TSHARK
    assert compared > 0


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/captures not present")
def test_server_split_on_replica3_bricks() -> None:
    """One row per brick under each procedure, each agreeing with tshark's srt table
    filtered to that brick's port; the brick rows add up to the all-servers row."""
    rows = json_rows(CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap")
    fops = [r for r in rows if r["program"] == 1298437 and r["version"] == 400 and r["op"] is None]
    servers = {r["server"] for r in fops} - {None}
    assert servers == {"127.0.0.2:52165", "127.0.0.2:56218", "127.0.0.2:56231"}
    for port in (52165, 56218, 56231):
        mine = [r for r in fops if r["server"] == f"127.0.0.2:{port}"]
        text = (SRT / f"gluster-fuse-replica3-afr.rpc-srt-1298437-400-port-{port}.tshark.txt").read_text()
        assert check_srt_table(text, mine) >= 15
    lookups = [r for r in fops if r["name"] == "LOOKUP"]
    whole = next(r for r in lookups if r["server"] is None)
    parts = [r for r in lookups if r["server"] is not None]
    assert len(parts) == 3
    for key in ("calls", "answered", "errors"):
        assert sum(r[key] for r in parts) == whole[key]  # type: ignore[misc]
    assert whole["calls"] == 36 and whole["errors"] == 24 and whole["errnos"] == {"ENOENT": 24}


# NFSv4 operation numbers (RFC 7530, RFC 8881, RFC 7862, RFC 8276) of the operations
# the shared captures carry
NFS4_OPS = {
    3: "ACCESS",
    4: "CLOSE",
    5: "COMMIT",
    6: "CREATE",
    9: "GETATTR",
    10: "GETFH",
    15: "LOOKUP",
    18: "OPEN",
    20: "OPEN_CONFIRM",
    22: "PUTFH",
    24: "PUTROOTFH",
    25: "READ",
    26: "READDIR",
    28: "REMOVE",
    29: "RENAME",
    32: "SAVEFH",
    34: "SETATTR",
    35: "SETCLIENTID",
    36: "SETCLIENTID_CONFIRM",
    38: "WRITE",
    42: "EXCHANGE_ID",
    43: "CREATE_SESSION",
    44: "DESTROY_SESSION",
    53: "SEQUENCE",
    57: "DESTROY_CLIENTID",
    58: "RECLAIM_COMPLETE",
    59: "ALLOCATE",
    60: "COPY",
    73: "SETXATTR",
}


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/captures not present")
@pytest.mark.parametrize("name", ["nfs-v40-libnfs-ls-cp-cat", "nfs-v41-pynfs-pnfs-v42", "nfs-v41-pynfs-session-open-rw"])
def test_nfs4_operation_rows(name: str) -> None:
    """One row per operation inside COMPOUND (``op``), answered as often as tshark
    finds it in the replies, failed as often as its status there is not NFS4_OK."""
    rows = json_rows(CAPTURES / "nfs" / f"{name}.pcap")
    answered: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    for line in (SRT / f"{name}.nfs-reply-ops.tshark.txt").read_text().splitlines():
        _, ops, statuses = (line.split("\t") + ["", ""])[:3]
        if not ops:
            continue
        opcodes = [int(o) for o in ops.split(",")]
        per_op = [int(s) for s in statuses.split(",")][1:]  # the first is the COMPOUND's own
        assert len(per_op) == len(opcodes)
        for opcode, status in zip(opcodes, per_op, strict=True):
            answered[NFS4_OPS[opcode]] += 1
            failed[NFS4_OPS[opcode]] += status != 0
    ops = [r for r in rows if r["op"] is not None and r["server"] is None]
    assert {r["op"]: r["answered"] for r in ops} == dict(answered)
    assert {r["op"]: r["errors"] for r in ops if r["errors"]} == {k: v for k, v in failed.items() if v}
    for row in ops:
        assert (row["protocol"], row["program"], row["version"], row["procedure"], row["name"]) == (
            "NFS",
            100003,
            4,
            1,
            "COMPOUND",
        )
    compound = next(r for r in rows if r["name"] == "COMPOUND" and r["op"] is None and r["server"] is None)
    sequence = [r for r in ops if r["op"] in ("SEQUENCE", "PUTROOTFH", "PUTFH")]
    assert all(r["max"] <= compound["max"] for r in sequence)  # type: ignore[operator]


def test_nbd_rows_per_command() -> None:
    """tests/data/nbd-tiny-nbdsh.pcap: one row per command and option, latency from
    the frame completing the request to the frame completing its reply (tshark's frame
    times: WRITE 21->22, READ 23->24, BLOCK_STATUS 25->26, STRUCTURED_REPLY 8->10,
    SET_META_CONTEXT 11->12, GO 16->18); DISC expects no reply."""
    rows = {r["name"]: r for r in json_rows(NBD_PCAP) if r["server"] is None}
    expected = {
        "NBD_CMD_WRITE": 74,
        "NBD_CMD_READ": 23,
        "NBD_CMD_BLOCK_STATUS": 22,
        "NBD_OPT_STRUCTURED_REPLY": 40,
        "NBD_OPT_SET_META_CONTEXT": 45,
        "NBD_OPT_GO": 44,
    }
    assert set(rows) == set(expected) | {"NBD_CMD_DISC"}
    for name, latency in expected.items():
        row = rows[name]
        assert (row["protocol"], row["program"], row["version"], row["procedure"], row["op"]) == ("NBD", None, None, name, None)
        assert (row["calls"], row["answered"], row["unanswered"], row["errors"]) == (1, 1, 0, 0)
        assert us(row["min"]) == us(row["max"]) == us(row["p50"]) == us(row["sum"]) == latency
    disc = rows["NBD_CMD_DISC"]
    assert (disc["calls"], disc["answered"], disc["unanswered"], disc["min"], disc["sum"]) == (1, 0, 0, None, 0.0)


def test_json_row_keys() -> None:
    done = run_stats("--json", str(NBD_PCAP))
    lines = done.stdout.splitlines()
    assert lines
    for line in lines:
        assert list(json.loads(line)) == [
            "protocol",
            "program",
            "version",
            "procedure",
            "name",
            "server",
            "server_label",
            "op",
            "calls",
            "answered",
            "unanswered",
            "errors",
            "errnos",
            "min",
            "p50",
            "p90",
            "p99",
            "max",
            "avg",
            "sum",
        ]
    servers = [json.loads(line)["server"] for line in lines]
    assert servers.count(None) == len(servers) // 2 and set(servers) == {None, "127.0.0.1:10809"}


def test_text_table_fits_100_columns_with_percentiles() -> None:
    done = run_stats(str(NBD_PCAP))
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "NBD"
    assert lines[1].split() == [
        "procedure",
        "calls",
        "answered",
        "unanswered",
        "errors",
        "min",
        "p50",
        "p90",
        "p99",
        "max",
        "avg",
    ]
    write = next(line for line in lines if line.startswith("NBD_CMD_WRITE"))
    assert write.split() == ["NBD_CMD_WRITE", "1", "1", "0", "0"] + ["74µs"] * 6
    assert max(len(line) for line in lines) <= 100
    widths = {len(line) for line in lines[1:] if not line.startswith(" ") or "@" in line}
    assert len(widths) == 1  # aligned: every row as wide as the header


def test_stats_refuses_print_and_summary() -> None:
    for flag in ("--print", "--summary"):
        done = run_stats(flag, str(NBD_PCAP))
        assert done.returncode == 2 and "--stats" in done.stderr


# -- the core, on hand-built latencies ------------------------------------------------

KEY = StatKey(None, None, "X", "X")


def test_percentiles_nearest_rank() -> None:
    ordered = list(range(1, 11))
    assert [percentile(ordered, p) for p in (50, 90, 99, 100)] == [5, 9, 10, 10]
    assert percentile([], 50) is None
    assert percentile([7], 99) == 7


def test_tally_of_hand_built_latencies() -> None:
    """1..100 µs, shuffled: p50 50 µs, p90 90, p99 99; errors counted by name."""
    import random

    tally = Tally()
    rng = random.Random(1)
    latencies = list(range(1, 101))
    rng.shuffle(latencies)
    for i, micro in enumerate(latencies):
        entry = StatEntry(KEY, i % 10 == 0, "ENOENT" if i % 20 == 0 else None)
        tally.add(entry, True, True, micro / 1e6, rank=i)
    tally.add(StatEntry(KEY), False, True, None, rank=100)  # one unanswered
    row = tally.row(KEY, "P", None, None)
    assert (row["calls"], row["answered"], row["unanswered"], row["errors"], row["errnos"]) == (101, 100, 1, 10, {"ENOENT": 5})
    assert (row["min"], row["p50"], row["p90"], row["p99"], row["max"]) == (1e-6, 50e-6, 90e-6, 99e-6, 100e-6)
    assert row["sum"] == 5050e-6 and row["avg"] == pytest.approx(50.5e-6)


def test_samples_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past SAMPLE_LIMIT a row keeps the samples of lowest rank, that many; counts,
    min, max and sum stay exact."""
    from hexview.analysis import response_times

    monkeypatch.setattr(response_times, "SAMPLE_LIMIT", 10)
    tally = Tally()
    for micro in range(1, 1001):
        tally.add(StatEntry(KEY), True, True, micro / 1e6, rank=(micro * 7919) % 1000)
    row = tally.row(KEY, "P", None, None)
    assert len(tally.samples) == 10
    # ranks 0..9 are the latencies m with 7919 m = r (mod 1000): 1000, 359, 718, 77, ...
    assert sorted(tally.samples) == sorted(m for m in range(1, 1001) if (m * 7919) % 1000 < 10)
    assert (row["answered"], row["min"], row["max"], row["sum"]) == (1000, 1e-6, 1000e-6, 500500e-6)


def test_rows_wait_for_replies_and_count_the_unanswered() -> None:
    """Fed in output order, a request is counted once, with its reply's latency."""
    from hexview.pipeline import Pipeline
    from hexview.readers import open_input

    stats = ResponseTimes()
    messages = list(Pipeline().run(open_input(str(NBD_PCAP))))
    stats.add_all(messages)
    rows = stats.rows()
    assert sum(r["calls"] for r in rows if r["server"] is None) == sum(1 for m in messages if m.is_request)


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/captures not present")
def test_gluster_peek_agrees_with_the_decoded_replies() -> None:
    """The FOP replies' op_ret/op_errno read from their first words give every call of
    the shared GlusterFS captures the same rows, errors and names as decoding them."""
    from hexview.pipeline import Pipeline
    from hexview.protocols.rpc.gluster.info import errno_of, peek_op_ret
    from hexview.protocols.rpc.onc_rpc import results_start, rpc_stats
    from hexview.readers import open_input

    fast, decoded = rpc_stats(errno_of, peek_op_ret), rpc_stats(errno_of)
    peeked = failed = 0
    for pcap in sorted((CAPTURES / "gluster").glob("*.pcap")):
        for message in Pipeline().run(open_input(str(pcap))):
            if message.kind != "call" or message.protocol.name != "GlusterFS":
                continue
            entries = fast(message)
            assert entries == decoded(message), (pcap.name, message)
            reply = message.first_reply
            if reply is not None and (at := results_start(reply)) is not None and peek_op_ret(reply, reply.data, at):
                peeked += 1
                failed += entries[0].failed
    assert peeked > 800 and failed > 80  # the fast path was taken, failures included


def test_declared_rpc_protocol_rows_by_procedure() -> None:
    """A protocol declared in a folder on ONC RPC gets the RPC rows: program 0x20000777
    version 1, ECHO (frame 4 -> 5) and ADD (6 -> 7), 2 ms each (the frames' times)."""
    done = run_stats("--json", "--protocols", str(DATA / "declared"), str(DATA / "declared" / "toyrpc.pcap"))
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    shown = [
        (r["protocol"], r["program"], r["version"], r["procedure"], r["name"], r["server"], r["answered"], us(r["max"]))
        for r in rows
    ]
    assert shown == [
        ("TOYRPC", 0x20000777, 1, 1, "ECHO", None, 1, 2000),
        ("TOYRPC", 0x20000777, 1, 1, "ECHO", "10.0.0.2:4444", 1, 2000),
        ("TOYRPC", 0x20000777, 1, 2, "ADD", None, 1, 2000),
        ("TOYRPC", 0x20000777, 1, 2, "ADD", "10.0.0.2:4444", 1, 2000),
    ]


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/captures not present")
def test_filter_keeps_exchanges_whose_reply_matches() -> None:
    """``--stats -Y 'op_errno == ENOENT'`` times what tshark's srt table filtered by
    gluster.op_errno==2 does (READ and READDIRP at end of file carry ENOENT with
    op_ret >= 0, so they count but are not errors)."""
    pcap = CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap"
    done = run_stats("--json", "-Y", "op_errno == ENOENT", str(pcap))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    whole = [r for r in rows if r["server"] is None]
    text = (SRT / "gluster-fuse-replica3-afr.rpc-srt-1298437-400-filtered.tshark.txt").read_text()
    assert check_srt_table(text, whole) == 3
    assert {r["name"]: r["errors"] for r in whole} == {"READ": 0, "LOOKUP": 24, "READDIRP": 0}


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/captures not present")
def test_filter_on_either_side_of_the_exchange() -> None:
    """Every exchange whose request matches counts, and every one whose reply does:
    c2s (the calls) and s2c (the replies) each give the unfiltered rows."""
    pcap = CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap"
    everything = run_stats("--json", str(pcap)).stdout
    assert everything
    for expression in ("direction == c2s", "direction == s2c"):
        assert run_stats("--json", "-Y", expression, str(pcap)).stdout == everything
    nothing = run_stats("--json", "-Y", "frame < 0", str(pcap))
    assert (nothing.returncode, nothing.stdout) == (0, "")


def test_bad_filter_with_stats_is_a_usage_error() -> None:
    done = run_stats("-Y", "latency >", str(NBD_PCAP))
    assert done.returncode == 2
    assert done.stderr.startswith("hexview: filter: ") and "column" in done.stderr


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/captures not present")
def test_nbd_option_refused_counts_as_an_error_by_name() -> None:
    """nbd-nbdserver-nbdsh-simple: the server answers NBD_OPT_STRUCTURED_REPLY (frame
    12, 0.000189 s) with NBD_REP_ERR_UNSUP, whose reply ends in frame 16 (0.041262 s):
    one error, named, 41073 µs."""
    rows = json_rows(CAPTURES / "nbd" / "nbd-nbdserver-nbdsh-simple.pcap")
    row = next(r for r in rows if r["name"] == "NBD_OPT_STRUCTURED_REPLY" and r["server"] is None)
    assert (row["calls"], row["answered"], row["errors"], row["errnos"]) == (1, 1, 1, {"NBD_REP_ERR_UNSUP": 1})
    assert us(row["max"]) == 41073
    assert all(r["errors"] == 0 for r in rows if r["name"] != "NBD_OPT_STRUCTURED_REPLY")


def test_ocfs2_and_pohmelfs_rows_by_message() -> None:
    """The demo captures (tests/data/demos): one row per OCFS2 message type and per
    POHMELFS command, named as the request; each answered exchange there took 430 or
    431 µs (its frames are 0.430 ms apart, tshark's frame.time_relative), the rest
    wait for a reply the capture does not hold."""
    for pcap, protocol in (("ocfs2-cluster.pcap", "OCFS2"), ("pohmelfs-session.pcap", "POHMELFS")):
        rows = [r for r in json_rows(DATA / "demos" / pcap) if r["server"] is None]
        assert rows and {r["protocol"] for r in rows} == {protocol}
        for row in rows:
            assert row["program"] is None and row["procedure"] == row["name"] and row["calls"] >= 1
            if row["answered"]:
                assert us(row["min"]) in (430, 431) and us(row["max"]) in (430, 431)
        names = {r["name"] for r in rows}
        assert ("Assert Master (502)" in names) if protocol == "OCFS2" else ("NETFS_TRANS request: LOOKUP" in names)


def test_a_reply_that_came_before_the_hole_ahead_of_it_is_timed_when_the_hole_fills() -> None:
    """Two GlusterDump calls (RPC records built from RFC 5531) in one segment at 1.000 s;
    the server's second reply reaches the capture at 1.010 s, before the first (1.020 s),
    which fills the stream ahead of it. Both replies are whole for the client at 1.020 s:
    both latencies are 20 ms, the second still carried by its own frame (as tshark, with
    tcp.reassemble_out_of_order, dissects it in the frame that completed the stream)."""
    from hexview.pipeline import Pipeline
    from hexview.tcp.netlayers import ACK, SYN
    from tcp_packets import raw_packet

    def record(*words: int) -> bytes:
        return struct.pack(">I", 0x80000000 | 4 * len(words)) + struct.pack(f">{len(words)}I", *words)

    client, server = ("10.0.0.1", 49152), ("10.0.0.2", 24007)
    calls = record(1, 0, 2, 123451501, 1, 0, 0, 0, 0, 0) + record(2, 0, 2, 123451501, 1, 0, 0, 0, 0, 0)
    reply1, reply2 = record(1, 1, 0, 0, 0, 0), record(2, 1, 0, 0, 0, 0)
    packets = [
        raw_packet(1, client, server, 999, b"", flags=SYN),
        raw_packet(2, server, client, 4999, b"", flags=SYN | ACK),
        raw_packet(3, client, server, 1000, calls),
        raw_packet(4, server, client, 5000 + len(reply1), reply2),  # overtook reply 1
        raw_packet(5, server, client, 5000, reply1),
    ]
    for packet, time in zip(packets, (0.998, 0.999, 1.0, 1.010, 1.020), strict=True):
        packet.timestamp = time
    replies = [m for m in Pipeline().run(iter(packets)) if m.is_reply]
    assert [(m.frames, round(m.latency * 1e6)) for m in replies] == [((5,), 20000), ((4,), 20000)]  # type: ignore[operator]
