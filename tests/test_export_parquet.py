"""``hexview --export parquet OUT/``: the message table as Parquet, queried with DuckDB.

A query over the files gives --stats' per-procedure rows (and so tshark's rpc,srt
tables); column values agree with tshark's decode of the shared captures frame by
frame; -Y limits the rows; several inputs, decoded at once, get one file each and
--json's message numbers; without the extra, or with an output folder that cannot be
written, one line and a non-zero exit.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hexview.output.columns import COLUMNS, PROTOCOL_KEYS
from hexview.output.parquet import _clean
from hexview.protocols.registry import ExportColumns
from shared_paths import CAPTURES
from test_stats import NFS4_OPS, SRT, check_srt_table, us

DATA = Path(__file__).parent / "data"
NBD_TINY = DATA / "nbd-tiny-nbdsh.pcap"
GLUSTER_TINY = DATA / "gluster-tiny-brick-midstream.pcap"
NFS3 = DATA / "nfs3" / "nfs3-allprocs-pyclient.pcap"
README = Path(__file__).parents[1] / "README.md"

# per procedure, as --stats counts it: a request's first reply is the row its ``pair``
# names; percentiles by nearest rank over the answered requests' latencies
STATS_SQL = """
WITH exchanges AS (
    SELECT q.protocol, q.program, q.version, q.procedure, q.procedure_name AS name,
           count(*) AS calls,
           count(r.index) AS answered,
           count(*) FILTER (WHERE r.failed) AS errors,
           min(q.latency) AS min, max(q.latency) AS max, avg(q.latency) AS avg, sum(q.latency) AS sum,
           list_sort(list(q.latency) FILTER (WHERE q.latency IS NOT NULL)) AS latencies
    FROM read_parquet('{out}/*.parquet') AS q
    LEFT JOIN read_parquet('{out}/*.parquet') AS r ON r.index = q.pair
    WHERE q.request
    GROUP BY ALL
)
SELECT * EXCLUDE (latencies),
       latencies[greatest(1, ceil(0.50 * len(latencies)))::BIGINT] AS p50,
       latencies[greatest(1, ceil(0.90 * len(latencies)))::BIGINT] AS p90,
       latencies[greatest(1, ceil(0.99 * len(latencies)))::BIGINT] AS p99
FROM exchanges
"""


def hexview(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "hexview.cli", *args], capture_output=True, text=True, check=False, timeout=300)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def export(out: Path, *inputs: Path | str, extra: tuple[str, ...] = ()) -> None:
    pytest.importorskip("duckdb")  # the extra hexview[parquet]; make installs it
    hexview("--export", "parquet", str(out), *extra, *map(str, inputs))


def query(sql: str) -> list[dict[str, object]]:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    result = con.execute(sql)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def table(out: Path) -> list[dict[str, object]]:
    return query(f"SELECT * FROM read_parquet('{out}/*.parquet') ORDER BY index")


def shared(*parts: str) -> Path:
    path = CAPTURES.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path.name} is not here (../shared beside the checkout?)")
    return path


# -- the statistics, from a query -------------------------------------------------------


@pytest.mark.parametrize(
    "capture",
    [
        pytest.param(("bundled", NBD_TINY.name), id="nbd-tiny-nbdsh"),
        pytest.param(("gluster", "gluster-fuse-replica3-afr.pcap"), id="gluster-fuse-replica3-afr"),
        pytest.param(("nfs", "nfs-v41-pynfs-session-open-rw.pcap"), id="nfs-v41-pynfs-session-open-rw"),
    ],
)
def test_duckdb_query_gives_the_stats_rows(tmp_path: Path, capture: tuple[str, str]) -> None:
    """Calls, answers, errors and min/max/avg/p50/p90/p99 per procedure from a query
    over the Parquet file are --stats --json's all-servers rows; for ONC RPC they
    also agree with tshark's rpc,srt tables (stored in tests/data/srt)."""
    where, name = capture
    pcap = DATA / name if where == "bundled" else shared(where, name)
    export(tmp_path, pcap)
    mine = {(r["protocol"], r["program"], r["version"], r["name"]): r for r in query(STATS_SQL.format(out=tmp_path))}
    stats = [json.loads(line) for line in hexview("--stats", "--json", str(pcap)).stdout.splitlines()]
    theirs = {(r["protocol"], r["program"], r["version"], r["name"]): r for r in stats if r["server"] is None and r["op"] is None}
    assert set(mine) == set(theirs)
    for key, row in theirs.items():
        got = mine[key]
        assert (got["calls"], got["answered"], got["errors"]) == (row["calls"], row["answered"], row["errors"]), key
        for stat in ("min", "max", "p50", "p90", "p99"):
            assert (got[stat] is None) == (row[stat] is None), (key, stat)
            if row[stat] is not None:
                assert us(got[stat]) == us(row[stat]), (key, stat)
        if row["avg"] is not None:
            assert got["avg"] == pytest.approx(row["avg"], abs=1e-9), key
    assert sum(r["calls"] for r in mine.values()) >= 7  # type: ignore[misc]
    if where == "bundled":
        return
    stem = name.removesuffix(".pcap")
    compared = 0
    for srt in SRT.glob(f"{stem}.rpc-srt-*.tshark.txt"):
        found = re.fullmatch(rf"{re.escape(stem)}\.rpc-srt-(\d+)-(\d+)\.tshark\.txt", srt.name)
        if found is None:  # the per-port and filtered tables
            continue
        prog, vers = int(found.group(1)), int(found.group(2))
        rows = [r for r in mine.values() if r["program"] == prog and r["version"] == vers and r["answered"]]
        compared += check_srt_table(srt.read_text(), rows)
    assert compared >= 2


# -- column values against tshark ---------------------------------------------------------


def _pairs(pairs: list[tuple[str, object]]) -> list[tuple[str, object]]:
    return pairs


def _flat(node: object, key: str = "") -> list[tuple[str, object]]:
    """tshark -T json's fields in order, repeated keys kept (an object is read as its
    list of pairs)."""
    if isinstance(node, list) and all(isinstance(x, tuple) for x in node):
        return [item for k, v in node for item in _flat(v, k)]
    if isinstance(node, list):
        return [item for v in node for item in _flat(v, key)]
    return [(key, node)]


def tshark_frames(decode: Path) -> dict[int, list[tuple[str, object]]]:
    """tshark's decode (NAME.tshark.json) by frame number."""
    if not decode.exists():
        pytest.skip(f"{decode.name} is not here (../shared beside the checkout?)")
    packets = json.loads(decode.read_text(), object_pairs_hook=_pairs)
    out = {}
    for packet in packets:
        fields = _flat(packet)
        out[int(next(str(v) for k, v in fields if k == "frame.number"))] = fields
    return out


def first(fields: list[tuple[str, object]], name: str) -> str | None:
    return next((str(v) for k, v in fields if k == name), None)


def every(fields: list[tuple[str, object]], name: str) -> list[str]:
    return [str(v) for k, v in fields if k == name]


def one_message_frames(rows: list[dict[str, object]]) -> dict[int, dict[str, object]]:
    """The rows of the frames that carry exactly one message, whole, by frame."""
    counts: dict[int, int] = {}
    for row in rows:
        for frame in row["frames"]:  # type: ignore[attr-defined]
            counts[frame] = counts.get(frame, 0) + 1
    return {r["frame"]: r for r in rows if r["frames"] == [r["frame"]] and counts[r["frame"]] == 1}  # type: ignore[misc,index]


def check_rpc_columns(
    row: dict[str, object], fields: list[tuple[str, object]], by_index: dict[object, dict[str, object]]
) -> None:
    assert row["time"] == pytest.approx(float(first(fields, "frame.time_epoch") or "nan"), abs=5e-7)
    assert row["xid"] == int(first(fields, "rpc.xid") or "", 16)
    assert (row["program"], row["version"], row["procedure"]) == tuple(
        int(first(fields, f"rpc.{n}") or "-1") for n in ("program", "programversion", "procedure")
    )
    if row["reply"]:
        request = by_index[row["pair"]]
        assert request["frame"] == int(first(fields, "rpc.repframe") or "-1")
        assert us(row["latency"]) == round(float(first(fields, "rpc.time") or "nan") * 1_000_000)


def test_glusterfs_columns_against_tshark(tmp_path: Path) -> None:
    """Every GlusterFS message of the bundled midstream capture (a frame each): time,
    xid, program, version, procedure, the reply's link and latency, op_ret, op_errno,
    the call's gfid (pargfid when the gfid is null) and bname, as tshark decodes them."""
    export(tmp_path, GLUSTER_TINY)
    rows = table(tmp_path)
    by_index = {r["index"]: r for r in rows}
    tshark = tshark_frames(CAPTURES / "gluster" / "gluster-tiny-brick-midstream.tshark.json")
    checked = gfids_checked = op_rets = 0
    for frame, row in one_message_frames(rows).items():
        fields = tshark[frame]
        check_rpc_columns(row, fields, by_index)
        gfids = [g.replace("-", "") for g in every(fields, "glusterfs.gfid")]
        if row["request"] and gfids:  # tshark 4.0 leaves some v400 calls' bodies undecoded
            gfid, pargfid = gfids[0], first(fields, "glusterfs.pargfid")
            expected = gfid if gfid.strip("0") else (pargfid or "").replace("-", "") or None
            assert row["gfid"] == expected
            assert row["target"] == first(fields, "glusterfs.bname")
            gfids_checked += 1
        elif row["reply"]:
            if gfids:  # the first non-null gfid the reply's iatts carry
                assert row["gfid"] == next((g for g in gfids if g.strip("0")), None)
                gfids_checked += 1
            op_ret, op_errno = first(fields, "gluster.op_ret"), first(fields, "gluster.op_errno")
            if op_ret is not None and op_errno is not None:
                assert (row["op_ret"], row["errno"]) == (int(op_ret), int(op_errno))
                assert row["errno_name"] == ("ENOENT" if op_errno == "2" else None)
                assert row["failed"] == (int(op_ret) < 0)
                op_rets += 1
        checked += 1
    assert checked == 16 and gfids_checked >= 9 and op_rets >= 5
    assert [r["errno_name"] for r in rows if r["failed"]] == ["ENOENT"] * 3


def test_nfs4_columns_against_tshark(tmp_path: Path) -> None:
    """Every NFSv4 message alone in its frame: time, xid, procedure, the link and
    latency; a COMPOUND's operations (tshark's nfs.opcode, in order), the names its
    LOOKUPs and OPEN carry (nfs.pathname.component), its filehandle (nfs.fhandle) and a
    reply's status (nfs.nfsstat4)."""
    pcap = shared("nfs", "nfs-v41-pynfs-session-open-rw.pcap")
    export(tmp_path, pcap)
    rows = table(tmp_path)
    by_index = {r["index"]: r for r in rows}
    tshark = tshark_frames(pcap.with_suffix(".tshark.json"))
    checked = handles = names = 0
    for frame, row in one_message_frames(rows).items():
        if frame not in tshark or row["procedure"] != 1:
            continue
        fields = tshark[frame]
        check_rpc_columns(row, fields, by_index)
        assert row["ops"] == [NFS4_OPS[int(o)] for o in every(fields, "nfs.opcode")]
        fhandle = first(fields, "nfs.fhandle")
        assert row["filehandle"] == (fhandle.replace(":", "") if fhandle else None)
        handles += fhandle is not None
        if row["request"]:
            components = every(fields, "nfs.pathname.component")
            assert row["target"] == (" -> ".join(components) if components else None)
            names += bool(components)
        else:
            assert row["status"] == int(first(fields, "nfs.nfsstat4") or "-1")
            assert row["failed"] == (row["status"] != 0)
        checked += 1
    assert checked >= 150 and handles >= 20 and names >= 10
    # the failed replies: tshark's non-zero COMPOUND statuses, named as RFC 7530 and RFC 8881 number them
    failing = {int(s) for fields in tshark.values() if (s := first(fields, "nfs.nfsstat4")) and s != "0"}
    assert failing == {2, 66, 10052}
    failed = {(r["status"], r["status_name"]) for r in rows if r["failed"]}
    assert failed == {(2, "NFS4ERR_NOENT"), (66, "NFS4ERR_NOTEMPTY"), (10052, "NFS4ERR_BADSESSION")}


def test_nbd_errors() -> None:
    """NBD: a transmission reply's error is an errno (NBD's values are Linux's: NBD_EIO
    = EIO = 5, proto.md), an option reply's error type a status (NBD_REP_ERR_UNKNOWN =
    2^31 + 6); each row also names its command or option. Bytes of
    tests/test_nbd_framing.py's error exchange."""
    from hexview.output.columns import protocol_columns
    from test_nbd_framing import Wire

    w = Wire()
    w.send("c2s", "49484156454f5054 00000007 00000008 00000002 6e6f 0000")
    w.send("s2c", "0003e889045565a9 00000007 80000006 00000007" + b"no such".hex())
    w.send("c2s", "25609513 0000 0000 0000000000000007 0000000000000000 00001000")
    w.send("s2c", "668e33ef 0001 8001 0000000000000007 0000000b 00000005 0005" + b"io er".hex())
    w.send("c2s", "25609513 0000 0000 0000000000000008 0000000000000000 00001000")
    w.send("s2c", "67446698 0000001c 0000000000000008")
    opt, refused, read, chunk, read2, simple = w.close()
    columns = [protocol_columns(m, m.decode()) for m in (opt, refused, read, chunk, read2, simple)]
    assert columns == [
        {"procedure_name": "NBD_OPT_GO"},
        {"procedure_name": "NBD_OPT_GO", "status": 0x80000006, "status_name": "NBD_REP_ERR_UNKNOWN"},
        {"procedure_name": "NBD_CMD_READ"},
        {"procedure_name": "NBD_CMD_READ", "errno": 5, "errno_name": "EIO"},
        {"procedure_name": "NBD_CMD_READ"},
        {"procedure_name": "NBD_CMD_READ", "errno": 28, "errno_name": "ENOSPC"},
    ]


def test_nbd_refused_option_in_a_capture(tmp_path: Path) -> None:
    """nbd-server refuses NBD_OPT_STRUCTURED_REPLY with NBD_REP_ERR_UNSUP (2^31 + 1;
    the capture's README): the reply's row has that status and is failed."""
    pcap = shared("nbd", "nbd-nbdserver-nbdsh-simple.pcap")
    export(tmp_path, pcap)
    failed = [r for r in table(tmp_path) if r["failed"]]
    assert [(r["procedure_name"], r["status"], r["status_name"]) for r in failed] == [
        ("NBD_OPT_STRUCTURED_REPLY", 0x80000001, "NBD_REP_ERR_UNSUP")
    ]


def test_nfs3_filehandles_and_names(tmp_path: Path) -> None:
    """NFSv3 (the bundled all-procedures capture): a LOOKUP call's directory handle and
    name, its reply's status and the handle it returns, as tshark decodes frame by frame
    (nfs.fhandle, nfs.name, nfs.status)."""
    export(tmp_path, NFS3)
    rows = table(tmp_path)
    tshark = tshark_frames(NFS3.with_suffix(".tshark.json"))
    lookups = [r for r in rows if r["protocol"] == "NFS" and r["procedure_name"] == "LOOKUP" and r["version"] == 3]
    assert lookups
    for row in lookups:
        fields = tshark[row["frame"]]  # type: ignore[index]
        handles = [h.replace(":", "") for h in every(fields, "nfs.fhandle")]
        if row["request"]:
            assert row["filehandle"] == handles[0]
            assert row["target"] == first(fields, "nfs.name")
        else:
            assert row["status"] == int(first(fields, "nfs.status") or "-1")
            assert row["filehandle"] == (handles[0] if handles else None)


# -- rows, numbers, inputs ------------------------------------------------------------------


def test_filter_limits_rows(tmp_path: Path) -> None:
    """-Y: the rows are the messages --json -Y gives (each keeping its number), here the
    three LOOKUP replies tshark decodes with gluster.op_errno 2 (frames 2, 5 and 7 of
    gluster-tiny-brick-midstream.tshark.json)."""
    export(tmp_path / "all", GLUSTER_TINY)
    export(tmp_path / "some", GLUSTER_TINY, extra=("-Y", "op_errno == ENOENT"))
    some = table(tmp_path / "some")
    assert [r["frame"] for r in some] == [2, 5, 7]
    listed = [json.loads(line) for line in hexview("--json", "-Y", "op_errno == ENOENT", str(GLUSTER_TINY)).stdout.splitlines()]
    assert [r["index"] for r in some] == [m["index"] for m in listed]
    whole = {r["index"]: r for r in table(tmp_path / "all")}
    assert all(whole[r["index"]] == r for r in some)


def test_several_inputs_one_file_each_numbered_as_json(tmp_path: Path) -> None:
    """Three inputs decoded by two processes at once: one Parquet file each, named
    after its input, holding that input's messages as ``--json FILE`` gives them (frames,
    times, names, pairs), each number moved on by the messages of the inputs before it,
    so that numbers are unique across the files. (``--json`` of several inputs merges
    them by time, as several nodes' captures of one network: not what a table per
    capture holds.)"""
    inputs = [NBD_TINY, GLUSTER_TINY, NFS3]
    export(tmp_path, *inputs, extra=("--jobs", "2"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{p.name}.parquet" for p in inputs)
    rows = table(tmp_path)
    assert len({r["index"] for r in rows}) == len(rows)
    same = ("stream", "protocol", "direction", "frames", "time", "time_relative", "length", "name")
    before = 0
    for path in inputs:
        listed = [json.loads(line) for line in hexview("--json", str(path)).stdout.splitlines()]
        own = [r for r in rows if r["file"] == str(path)]
        assert [r["index"] for r in own] == [m["index"] + before for m in listed]
        assert [tuple(r[k] for k in same) for r in own] == [tuple(m[k] for k in same) for m in listed]
        assert [(r["latency"], r["failed"], r["errors"]) for r in own] == [
            (m["latency"], m["failed"], len(m["errors"])) for m in listed
        ]
        assert [r["pair"] for r in own] == [m["pair"] + before if m["pair"] is not None else None for m in listed]
        assert query(f"SELECT DISTINCT file FROM read_parquet('{tmp_path}/{path.name}.parquet')") == [{"file": str(path)}]
        before += len(listed)


def test_an_input_that_cannot_be_read(tmp_path: Path) -> None:
    """A missing input among others: its line on stderr (as --json says it), exit 1, the
    other inputs written, numbered one after the other."""
    missing = tmp_path / "gone.pcap"
    out = tmp_path / "out"
    pytest.importorskip("duckdb")
    done = hexview("--export", "parquet", str(out), str(NBD_TINY), str(missing), str(GLUSTER_TINY), check=False)
    listed = hexview("--json", str(NBD_TINY), str(missing), str(GLUSTER_TINY), check=False)
    assert done.returncode == listed.returncode == 1
    line = f"hexview: cannot read {missing}: no such file\n"
    assert done.stderr == line and listed.stderr.startswith(line)  # (--json goes on to merge the others: their clocks)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{p.name}.parquet" for p in (NBD_TINY, GLUSTER_TINY))
    counts = [len(hexview("--json", str(p)).stdout.splitlines()) for p in (NBD_TINY, GLUSTER_TINY)]
    assert [r["index"] for r in table(out)] == list(range(1, sum(counts) + 1))


def test_schema_is_the_declared_one_and_the_readme_lists_it(tmp_path: Path) -> None:
    """The Parquet file's columns are COLUMNS, with their types; README's schema table
    names each column with its type, in order; the registrations' hook fills exactly
    the protocol columns."""
    export(tmp_path, NBD_TINY)
    described = query(f"DESCRIBE SELECT * FROM read_parquet('{tmp_path}/{NBD_TINY.name}.parquet')")
    assert [(d["column_name"], d["column_type"]) for d in described] == [(c.name, c.type) for c in COLUMNS]
    text = README.read_text()
    listed = re.findall(r"^\| `(\w+)` \| `([A-Z\[\]]+)` \|", text, re.MULTILINE)
    assert listed == [(c.name, c.type) for c in COLUMNS]
    assert set(ExportColumns.__annotations__) == set(PROTOCOL_KEYS)


class _CountingAppender:
    """DuckDB's appender, noting how many messages had been read at each batch."""

    def __init__(self, real: object, read: list[int], batches: list[tuple[int, int]]) -> None:
        self.real, self.read, self.batches = real, read, batches

    def append_rows(self, rows: list[object]) -> None:
        self.batches.append((len(rows), self.read[0]))
        self.real.append_rows(rows)  # type: ignore[attr-defined]

    def flush(self) -> None:
        self.real.flush()  # type: ignore[attr-defined]


class _Connection:
    def __init__(self, real: object, read: list[int], batches: list[tuple[int, int]]) -> None:
        self.real, self.read, self.batches = real, read, batches

    def execute(self, sql: str) -> object:
        return self.real.execute(sql)  # type: ignore[attr-defined]

    def appender(self, name: str) -> _CountingAppender:
        return _CountingAppender(self.real.appender(name), self.read, self.batches)  # type: ignore[attr-defined]

    def close(self) -> None:
        self.real.close()  # type: ignore[attr-defined]


def test_rows_reach_duckdb_a_batch_at_a_time_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Streaming: each batch of BATCH_ROWS rows is handed to DuckDB as soon as its last
    message is read (no more messages read than rows handed over), never the whole table;
    the file then holds every message, in order."""
    pytest.importorskip("duckdb")
    from hexview.output import parquet
    from hexview.output.parallel import Run
    from hexview.pipeline import Pipeline
    from hexview.readers import open_input

    read, batches = [0], []
    real_connect = parquet._connect
    monkeypatch.setattr(parquet, "_connect", lambda path: _Connection(real_connect(path), read, batches))
    monkeypatch.setattr(parquet, "BATCH_ROWS", 3)
    pipeline = Pipeline()

    def counted():
        for message in pipeline.run(open_input(str(GLUSTER_TINY))):
            read[0] += 1
            yield message

    target = str(tmp_path / "t.parquet")
    parquet.decode_into(parquet._scratch(target), Run(counted(), lambda: pipeline.first_timestamp), "t", None)
    parquet.copy_out(parquet._scratch(target), target, 0)
    handed = 0
    for size, seen in batches:
        handed += size
        assert size <= 3 and seen == handed
    assert handed == read[0] == 16 and len(batches) == 6
    assert [r["index"] for r in table(tmp_path)] == list(range(1, 17))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.parquet"]  # the scratch database is gone


def test_text_from_the_wire_is_written_as_valid_utf8() -> None:
    """Undecodable bytes (lone surrogates in a str) are written as their escapes,
    which DuckDB takes; everything else unchanged."""
    row = tuple(
        "caf\u00e9" if c.name == "name" else "x\udcff" if c.name == "target" else ["A\udc80"] if c.name == "ops" else None
        for c in COLUMNS
    )
    cleaned = dict(zip([c.name for c in COLUMNS], _clean(row), strict=True))
    assert (cleaned["name"], cleaned["target"], cleaned["ops"]) == ("caf\u00e9", "x\\udcff", ["A\\udc80"])


# -- what cannot be done ---------------------------------------------------------------------


def test_without_the_extra_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """DuckDB not importable: one stderr line naming the extra to install, exit 2,
    nothing written."""
    from hexview import cli

    monkeypatch.setitem(sys.modules, "duckdb", None)  # import duckdb now raises ImportError
    status = cli.main(["--export", "parquet", str(tmp_path / "out"), str(NBD_TINY)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.splitlines() == ["hexview: --export parquet needs DuckDB: pip install 'hexview[parquet]'"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("where", ["a-file", "a-file/below"])
def test_unwritable_output_folder(tmp_path: Path, where: str) -> None:
    """OUT/ that is a file, or lies under one: one stderr line, exit 1, nothing left."""
    pytest.importorskip("duckdb")
    (tmp_path / "a-file").write_text("not a folder")
    done = hexview("--export", "parquet", str(tmp_path / where), str(NBD_TINY), check=False)
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith(f"hexview: --export: cannot write to {tmp_path / where}: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--export", "csv", "out"), "--export: unknown format 'csv' (known: parquet)"),
        (("--export", "parquet", "out", "--json"), "--export: not allowed with"),
    ],
)
def test_bad_export_arguments(args: tuple[str, ...], says: str) -> None:
    done = hexview(*args, str(NBD_TINY), check=False)
    assert done.returncode == 2
    assert says in done.stderr
