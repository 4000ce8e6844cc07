"""``--stats``, display filters, ``--follow`` and ``--conversations`` against tshark on
captures with loss, retransmissions, reordering, errors and several clients
(tests/data/holdout16, made by tools/captures/make_trouble.sh; its README says how each
tshark file there was made).

tshark is run with ``-o tcp.reassemble_out_of_order:TRUE`` (and ``--disable-protocol
tls``, as port 802 is libnfs's source port here): without it tshark 4.0 dissects no
PDU of a segment that arrived out of order, nor of one it calls a retransmission when
the first copy was never captured, and leaves 15 NFSv3 replies of
nfs-trouble-v3-v40 and 24 GlusterFS replies of gluster-trouble-dist2 out of its tables.
Where hexview and that tshark still differ, the test says why from the bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from test_stats import NFS4_OPS as NFS4_OP_NAMES  # RFC 7530/8881 operation numbers
from test_stats import PROGRAM_ROW, SRT_ROW, check_srt_table, json_rows, procedure_rows, rounded_avg, us

DATA = Path(__file__).parent / "data" / "holdout16"
NFS = "nfs-trouble-v3-v40"
GLUSTER = "gluster-trouble-dist2"
NBD = "nbd-trouble-3exports"


def micros(seconds: str) -> int:
    """tshark's '0.000123' (tables) or '0.000123000' (-T fields) as whole microseconds
    (the captures have microsecond timestamps)."""
    whole, _, fraction = seconds.partition(".")
    assert len(fraction) in (6, 9) and fraction[6:] in ("", "000"), seconds
    return int(whole) * 1_000_000 + int(fraction[:6])


def text(name: str) -> str:
    path = DATA / name
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode()
    return path.read_text()


def hexview(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "hexview.cli", *args], capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def exchanges(capture: str) -> list[tuple[int, float, str, int, tuple[int, int, int], str]]:
    """tshark's RPC messages one a line: (frame, time_relative, msgtyp, xid, (program,
    version, procedure), rpc.time or '') -- a frame carrying several records gives one each."""
    name = f"{capture}.rpc-exchanges.tshark.txt"
    raw = text(name if (DATA / name).exists() else name + ".gz")
    out = []
    for line in raw.splitlines():
        frame, time, _stream, types, xids, progs, versions, procs, times = line.split("\t")
        replies = iter(times.split(",") if times else [])
        types_list, version_list = types.split(","), versions.split(",")
        if len(version_list) == 2 * len(types_list):  # tshark 4.0 gives each record's rpc.programversion twice
            version_list = version_list[::2]
        keys = zip(progs.split(","), version_list, procs.split(","), strict=True)
        for msgtyp, xid, key in zip(types_list, xids.split(","), keys, strict=True):
            rpc_time = next(replies, "") if msgtyp == "1" else ""
            out.append((int(frame), float(time), msgtyp, int(xid, 16), (int(key[0]), int(key[1]), int(key[2])), rpc_time))
    return out


# -- response times -------------------------------------------------------------------------------

# nfs-trouble-v3-v40 sends GETATTR xid 0x16020113 twice (frames 262 and 265) and gets two
# replies (263 and 266). tshark times both from the first call; but 263 came before the
# second call was sent, so it answers the first, and 266 the retransmission: hexview
# times 266 from 265. These are the only frames where the two disagree.
RETRANSMITTED_XID = 0x16020113
NFS3_LAST_PROCEDURE = 21  # COMMIT (RFC 1813); the client also calls a procedure 42


def reply_times(capture: str) -> dict[tuple[int, int, int], list[int]]:
    """Each procedure's reply times in microseconds as tshark gives them (rpc.time), but
    the retransmitted call's second reply timed from the call it answers."""
    times: dict[tuple[int, int, int], list[int]] = {}
    for _, _, msgtyp, _, key, rpc_time in exchanges(capture):
        if key[:2] == (100003, 3) and key[2] > NFS3_LAST_PROCEDURE:
            continue  # refused by the RPC layer (PROC_UNAVAIL): tshark's tables leave it out, as hexview's rows
        if msgtyp == "1" and rpc_time:
            times.setdefault(key, []).append(micros(rpc_time))
    if capture == NFS:
        seen = [e for e in exchanges(NFS) if e[3] == RETRANSMITTED_XID]
        assert [(e[0], e[2]) for e in seen] == [(262, "0"), (263, "1"), (265, "0"), (266, "1")]
        call1, reply1, call2, reply2 = (e[1] for e in seen)
        assert call1 < reply1 < call2 < reply2  # the first reply came before the call was repeated
        wrong = micros(seen[3][5])
        assert wrong == round((reply2 - call1) * 1e6) == 57111
        getattr_times = times[(100003, 3, 1)]
        getattr_times[getattr_times.index(wrong)] = round((reply2 - call2) * 1e6)
    return times


@pytest.mark.parametrize("capture", [NFS, GLUSTER])
def test_stats_agree_with_tshark_rpc_programs_and_srt(capture: str) -> None:
    """Per program and version and per procedure: answered, min, max, avg and sum to the
    microsecond, as tshark (with out-of-order reassembly) has them -- but for the one
    retransmitted call, whose reply tshark times from the first copy."""
    rows = procedure_rows(json_rows(DATA / f"{capture}.pcap"))
    times = reply_times(capture)
    compared = 0
    for m in filter(None, map(PROGRAM_ROW.match, text(f"{capture}.rpc-programs.tshark.txt").splitlines())):
        prog, vers, calls = int(m.group(1)), int(m.group(2)), int(m.group(3))
        mine = {r["procedure"]: r for r in rows if r["program"] == prog and r["version"] == vers and r["answered"]}
        for s in filter(None, map(SRT_ROW.match, text(f"{capture}.rpc-srt-{prog}-{vers}.tshark.txt").splitlines())):
            proc, answered = int(s.group(1)), int(s.group(3))
            low, high, _, total = (micros(v) for v in s.groups()[3:])
            expected = times[(prog, vers, proc)]
            if (capture, prog, vers, proc) != (NFS, 100003, 3, 1):  # the table is tshark's per-reply times
                assert (len(expected), min(expected), max(expected), sum(expected)) == (answered, low, high, total)
            row = mine[proc]
            got = (row["answered"], us(row["min"]), us(row["max"]), us(row["sum"]))
            assert got == (len(expected), min(expected), max(expected), sum(expected)), s.group(0)
            compared += 1
        all_times = [t for (p, v, _), ts in times.items() if (p, v) == (prog, vers) for t in ts]
        assert sum(r["answered"] for r in mine.values()) == len(all_times) == calls  # type: ignore[misc]
        assert min(us(r["min"]) for r in mine.values()) == min(all_times)
        assert max(us(r["max"]) for r in mine.values()) == max(all_times)
        assert rounded_avg(sum(us(r["sum"]) for r in mine.values()), calls) == rounded_avg(sum(all_times), calls)
        if (capture, prog, vers) != (NFS, 100003, 3):
            assert (min(all_times), max(all_times), rounded_avg(sum(all_times), calls)) == tuple(
                micros(v) for v in m.groups()[3:]
            )
    assert compared >= 10


def test_gluster_rows_per_brick_and_filtered_agree_with_tshark() -> None:
    """The two bricks' rows against tshark's table filtered on each brick's port, and
    ``--stats -Y 'op_errno == ENOENT'`` against rpc,srt,...,gluster.op_errno==2: the 50
    failed LOOKUPs, and the 15 READDIRP replies whose op_errno 2 (with op_ret >= 0) marks
    the end of a directory -- matched, not failed."""
    rows = json_rows(DATA / f"{GLUSTER}.pcap")
    for port in ("49283", "55230"):
        mine = [r for r in rows if r["server"] == f"10.16.0.1:{port}" and r["program"] == 1298437 and r["answered"]]
        assert check_srt_table(text(f"{GLUSTER}.rpc-srt-1298437-400-port-{port}.tshark.txt"), mine) >= 19
    filtered = [
        json.loads(line)
        for line in hexview("--stats", "--json", "-Y", "op_errno == ENOENT", str(DATA / f"{GLUSTER}.pcap")).splitlines()
    ]
    mine = [r for r in filtered if r["server"] is None and r["program"] == 1298437]
    assert check_srt_table(text(f"{GLUSTER}.rpc-srt-1298437-400-enoent.tshark.txt"), mine) == 2
    assert {r["name"]: (r["answered"], r["errors"]) for r in mine} == {"LOOKUP": (50, 50), "READDIRP": (15, 0)}


def test_replies_that_came_early_are_timed_when_their_stream_was_whole() -> None:
    """Eight pipelined NFSv3 calls (frame 218) answered by segments that arrive out of
    order (frames 219-233): a reply is timed at the frame that fills the hole before it,
    as tshark does, not at the frame that carried its own bytes earlier."""
    tshark = {e[3]: micros(e[5]) for e in exchanges(NFS) if e[2] == "1" and 0x16020107 <= e[3] <= 0x1602010D}
    assert len(tshark) == 7
    messages = [
        json.loads(line) for line in hexview("--json", "-Y", "reply and stream == 3", str(DATA / f"{NFS}.pcap")).splitlines()
    ]
    mine = {}
    for m in messages:
        xid = next(f for f in m["fields"] if f["name"] == "rpc")["children"][0]
        assert xid["name"] == "xid"
        if xid["value"] in tshark:
            mine[xid["value"]] = us(m["latency"])
            if xid["value"] == 0x1602010B:  # GETATTR: its bytes came in frame 219, the stream was whole at 233
                assert m["frames"] == [219]
    assert mine == tshark


# -- errors by name, counted independently ------------------------------------------------------

NFS3_NAMES = {
    2: "NFS3ERR_NOENT",
    13: "NFS3ERR_ACCES",
    17: "NFS3ERR_EXIST",
    20: "NFS3ERR_NOTDIR",
    70: "NFS3ERR_STALE",
    10001: "NFS3ERR_BADHANDLE",
}
NFS4_NAMES = {2: "NFS4ERR_NOENT", 13: "NFS4ERR_ACCESS"}
NFS3_PROCS = {1: "GETATTR", 3: "LOOKUP", 6: "READ", 9: "MKDIR", 12: "REMOVE"}
NFS4_OPS = {15: "LOOKUP", 18: "OPEN"}


def test_nfs_and_mount_errors_by_name_agree_with_the_reply_statuses() -> None:
    """Each failed NFSv3 reply under its procedure and NFS3ERR_ name, each failed COMPOUND
    under its status and each failed operation under its own; MOUNT's MNT3ERR_ACCES."""
    v3: Counter[tuple[str, str]] = Counter()
    v4: Counter[tuple[str | None, str]] = Counter()
    for line in text(f"{NFS}.nfs-reply-status.tshark.txt").splitlines():
        _, versions, procs, statuses, opcodes, statuses4 = line.split("\t")
        if versions.split(",")[0] == "3":
            for proc, status in zip(procs.split(","), statuses.split(","), strict=True):
                if status != "0":
                    v3[(NFS3_PROCS[int(proc)], NFS3_NAMES[int(status)])] += 1
        elif statuses4:  # (NULL has no status)
            compound, *per_op = statuses4.split(",")
            if compound != "0":
                v4[(None, NFS4_NAMES[int(compound)])] += 1
            for op, status in zip(opcodes.split(","), per_op, strict=True):
                if status != "0":
                    v4[(NFS4_OPS[int(op)], NFS4_NAMES[int(status)])] += 1
    mnt = Counter(line.split("\t")[2] for line in text(f"{NFS}.mount-reply-status.tshark.txt").splitlines())
    rows = [r for r in json_rows(DATA / f"{NFS}.pcap") if r["server"] is None and r["errors"]]
    got3 = Counter(
        {(r["name"], k): v for r in rows if r["version"] == 3 and r["program"] == 100003 for k, v in r["errnos"].items()}
    )
    got4 = Counter({(r["op"], k): v for r in rows if r["version"] == 4 for k, v in r["errnos"].items()})
    del got3[("proc-42", "PROC_UNAVAIL")]  # the RPC layer's refusal (accept_stat), no NFS status
    assert got3 == v3 and sum(v3.values()) == 17
    assert got4 == v4 and v4[(None, "NFS4ERR_NOENT")] == 2
    answered_ops = Counter(
        NFS4_OP_NAMES[int(op)]
        for line in text(f"{NFS}.nfs-reply-status.tshark.txt").splitlines()
        if line.split("\t")[1].startswith("4") and line.split("\t")[4]
        for op in line.split("\t")[4].split(",")
    )
    op_rows = [r for r in json_rows(DATA / f"{NFS}.pcap") if r["op"] is not None and r["server"] is None]
    assert {r["op"]: r["answered"] for r in op_rows} == dict(answered_ops)
    (mount,) = [r for r in rows if r["program"] == 100005]
    assert mount["errnos"] == {"MNT3ERR_ACCES": mnt["13"]} == {"MNT3ERR_ACCES": 2}
    for r in rows:
        assert r["errors"] == sum(r["errnos"].values())


def test_gluster_errnos_agree_with_op_errno() -> None:
    failed: Counter[tuple[int, int]] = Counter()
    for line in text(f"{GLUSTER}.gluster-reply-errno.tshark.txt").splitlines():
        _, procs, rets, errnos = line.split("\t")
        rets_list, errnos_list = rets.split(",") if rets else [], errnos.split(",") if errnos else []
        # a frame's records in order; tshark names no op_ret in some (e.g. RELEASE): the lists end early
        for proc, ret, errno in zip(procs.split(","), rets_list, errnos_list, strict=False):
            if int(ret) < 0:
                failed[(int(proc), int(errno))] += 1
    assert failed == {(27, 2): 50, (18, 61): 1}  # LOOKUP ENOENT, GETXATTR ENODATA
    rows = {r["procedure"]: r for r in json_rows(DATA / f"{GLUSTER}.pcap") if r["server"] is None and r["program"] == 1298437}
    assert {p: r["errnos"] for p, r in rows.items() if r["errors"]} == {27: {"ENOENT": 50}, 18: {"ENODATA": 1}}


def test_nbd_write_latencies_agree_with_tshark() -> None:
    """tshark's NBD dissector times simple replies only (the WRITEs): each one's nbd.time."""
    times = sorted(micros(t) for line in text(f"{NBD}.nbd.tshark.txt").splitlines() if (t := line.split("\t")[3]))
    assert len(times) == 6
    messages = [
        json.loads(line)
        for line in hexview("--json", "-Y", "reply and name contains WRITE", str(DATA / f"{NBD}.pcap")).splitlines()
    ]
    assert sorted(us(m["latency"]) for m in messages) == times
    rows = {r["name"]: r for r in json_rows(DATA / f"{NBD}.pcap") if r["server"] is None}
    assert rows["NBD_OPT_GO"]["errnos"] == {"NBD_REP_ERR_UNKNOWN": 1}  # the export "delta" does not exist


# -- display filters --------------------------------------------------------------------------------

# (capture, hexview filter, tshark filter, frames hexview matches beyond tshark's, and tshark's beyond hexview's)
# Frames differ only where a message's frame is not tshark's frame for it: 227 carries the
# reply to xid 0x16020108 and 223 that to 0x1602010d, which tshark dissects in 229 and 233
# (where their streams became whole; both frames match there through other replies); 266 is
# the retransmission's reply tshark times from the first call (57 ms); 203 and 1306 are a
# GlusterFS v400 CREATE and UNLINK tshark 4.0 reads with the 3.x layout (Malformed).
FILTERS = [
    (NFS, "status == NFS3ERR_NOENT", "nfs.status == 2 && rpc.programversion == 3", {227}, set()),
    (NFS, "status == NFS4ERR_NOENT", "nfs.nfsstat4 == 2", set(), set()),
    (NFS, "latency > 10ms and reply", "rpc.time > 0.010", set(), {266}),
    (NFS, "xid == 0x16020113", "rpc.xid == 0x16020113", set(), set()),
    (NFS, "name contains LOOKUP", "nfs.procedure_v3 == 3", {223, 227}, set()),
    (NFS, "status in {NFS3ERR_STALE, NFS3ERR_BADHANDLE}", "nfs.status == 70 || nfs.status == 10001", set(), set()),
    (NFS, "not reply and protocol == MOUNT", "mount && rpc.msgtyp == 0", set(), set()),
    (NFS, "fhs_status == MNT3ERR_ACCES", "mount.status == 13", set(), set()),
    # 269: the PROC_UNAVAIL reply, which tshark's nfs layer does not claim
    (NFS, "protocol == NFS and reply and not latency < 7ms", "nfs && rpc.msgtyp == 1 && rpc.time >= 0.007", {269}, {266}),
    (GLUSTER, "op_errno == ENOENT", "gluster.op_errno == 2", set(), set()),
    (
        GLUSTER,
        "op_errno == ENODATA or (name contains GETXATTR and reply)",
        "gluster.op_errno == 61 || (rpc.program == 1298437 && rpc.procedure == 18 && rpc.msgtyp == 1)",
        set(),
        set(),
    ),
    (GLUSTER, "latency > 2ms and latency < 5ms and reply", "rpc.time > 0.002 && rpc.time < 0.005", set(), set()),
    (GLUSTER, "bname == f1.txt", 'glusterfs.bname == "f1.txt"', {203, 1306}, set()),
    (GLUSTER, "op_ret < 0", "gluster.op_ret < 0", set(), set()),
    (NBD, "type == NBD_CMD_WRITE", "nbd.type == 1 && nbd.magic == 0x25609513", set(), set()),
    (NBD, "latency > 3ms and name contains WRITE and reply", "nbd.time > 0.003", set(), set()),
]


def tshark_frames(capture: str, expression: str) -> set[int]:
    for line in text(f"{capture}.filters.tshark.txt").splitlines():
        stored, frames = line.split("\t")
        if stored == expression:
            return {int(f) for f in frames.split(",") if f}
    raise AssertionError(f"no stored tshark result for {expression!r}")


@pytest.mark.parametrize(("capture", "mine", "theirs", "extra", "missing"), FILTERS, ids=[f[1] for f in FILTERS])
def test_filter_matches_the_frames_tshark_does(capture: str, mine: str, theirs: str, extra: set[int], missing: set[int]) -> None:
    lines = hexview("--json", "-Y", mine, str(DATA / f"{capture}.pcap")).splitlines()
    frames = {json.loads(line)["frames"][-1] for line in lines}
    expected = tshark_frames(capture, theirs)
    assert expected and frames - expected == extra and expected - frames == missing


# -- follow and conversations -----------------------------------------------------------------------


@pytest.mark.parametrize("capture", [NFS, GLUSTER, NBD])
def test_follow_raw_gives_the_bytes_tshark_follows(capture: str) -> None:
    """``--follow N --raw DIR`` of every stream: the bytes (lengths and SHA-256) of
    tshark -z follow,tcp,raw,N, retransmissions and reordering undone alike."""
    for line in text(f"{capture}.follow-raw.tshark.txt").splitlines():
        stream, _, c2s_len, c2s_sha, s2c_len, s2c_sha = line.split("\t")
        for direction, length, digest in (("c2s", c2s_len, c2s_sha), ("s2c", s2c_len, s2c_sha)):
            done = subprocess.run(
                [sys.executable, "-m", "hexview.cli", "--follow", stream, "--raw", direction, str(DATA / f"{capture}.pcap")],
                capture_output=True,
                check=False,
                timeout=300,
            )
            assert done.returncode == 0
            assert (len(done.stdout), hashlib.sha256(done.stdout).hexdigest()) == (int(length), digest), (stream, direction)


@pytest.mark.parametrize("capture", [NFS, GLUSTER, NBD])
def test_conversations_agree_with_tshark_frames(capture: str) -> None:
    """Packets and TCP payload bytes each way, start and duration (to the microsecond),
    from tshark's frames; one row per tshark stream."""
    name = f"{capture}.tcp-frames.tshark.txt"
    raw = text(name if (DATA / name).exists() else name + ".gz")
    streams: dict[int, dict[str, object]] = {}
    for line in raw.splitlines():
        _, stream, time, ip, port, length = line.split("\t")
        t = micros(time)
        s = streams.setdefault(int(stream), {"first": t, "packets": Counter(), "bytes": Counter()})
        s["last"] = t
        s["packets"][f"{ip}:{port}"] += 1  # type: ignore[index]
        s["bytes"][f"{ip}:{port}"] += int(length)  # type: ignore[index]
    rows = [json.loads(line) for line in hexview("--conversations", "--json", str(DATA / f"{capture}.pcap")).splitlines()]
    assert sorted(r["stream"] for r in rows) == sorted(streams)
    for r in rows:
        s = streams[r["stream"]]
        packets, sent = s["packets"], s["bytes"]
        assert isinstance(packets, Counter) and isinstance(sent, Counter)
        assert (r["packets_c2s"], r["packets_s2c"]) == (packets[r["client"]], packets[r["server"]])
        assert (r["bytes_c2s"], r["bytes_s2c"]) == (sent[r["client"]], sent[r["server"]])
        assert (us(r["start"]), us(r["duration"])) == (s["first"], s["last"] - s["first"])  # type: ignore[operator]
        assert r["start"] == round(r["start"], 6) and r["duration"] == round(r["duration"], 6)
