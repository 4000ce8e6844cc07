"""--jobs: decoding in forked workers, each reading the input itself, writes exactly
what one process writes, in order, streaming, with a bounded lead over the output."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hexview import cli
from hexview.output import parallel
from hexview.pipeline import Pipeline
from hexview.readers import open_input
from shared_paths import shared_pcaps

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
# captures: pcaps and tcpdump text, not tshark's decodes nor the cluster captures' step lists and server notes
NOT_CAPTURES = (".tshark", ".events.txt", ".servers.txt")
LOCAL = sorted(p for p in DATA.rglob("*") if p.suffix in (".pcap", ".txt") and not any(n in p.name for n in NOT_CAPTURES))
SMALL_BATCH = 7  # odd and small: calls and their replies fall in different batches


def _cli_output(capsys, *argv: str) -> str:
    assert cli.main(list(argv)) == 0
    return capsys.readouterr().out


def _both_ways(capsys, monkeypatch, path: Path) -> None:
    monkeypatch.setattr(parallel, "BATCH_MESSAGES", SMALL_BATCH)
    for view in ("--json", "--print"):
        alone = _cli_output(capsys, view, "--jobs", "1", str(path))
        assert alone
        assert _cli_output(capsys, view, "--jobs", "2", str(path)) == alone, f"{view} differs"
    alone = _cli_output(capsys, "--summary", "--info", "--jobs", "1", str(path))
    assert _cli_output(capsys, "--summary", "--info", "--jobs", "2", str(path)) == alone


@pytest.mark.parametrize("path", shared_pcaps())
def test_workers_write_what_one_process_writes_on_every_shared_capture(capsys, monkeypatch, path):
    _both_ways(capsys, monkeypatch, path)


@pytest.mark.parametrize("path", LOCAL, ids=[p.name for p in LOCAL])
def test_workers_write_what_one_process_writes_on_bundled_inputs(capsys, monkeypatch, path):
    _both_ways(capsys, monkeypatch, path)


def test_several_nodes_merged_are_written_alike_by_workers(capsys, monkeypatch):
    """Each worker reads every input, merged, with the copies the parent's first reading
    found: the same messages, nodes, copies and delays as one process writes."""
    monkeypatch.setattr(parallel, "BATCH_MESSAGES", SMALL_BATCH)
    inputs = [str(DATA / "cluster" / f"gluster-nodes-{node}.pcap") for node in ("client", "node1-clock-plus-3.5", "node2")]
    for view in (["--json"], ["--print"], ["--summary", "--info"], ["--json", "--align-clocks"]):
        alone = _cli_output(capsys, *view, "--jobs", "1", *inputs)
        assert "node1-clock-plus-3.5" in alone
        assert _cli_output(capsys, *view, "--jobs", "2", *inputs) == alone, view


def test_a_pipe_input_works_with_workers():
    path = DATA / "gluster-tiny-brick-midstream.pcap"
    command = [sys.executable, "-m", "hexview.cli", "--json"]
    alone = subprocess.run(command + ["--jobs", "1", str(path)], capture_output=True, timeout=120, cwd=ROOT)
    piped = subprocess.run(command + ["--jobs", "2", "-"], input=path.read_bytes(), capture_output=True, timeout=120, cwd=ROOT)
    assert piped.returncode == 0 and alone.stdout and piped.stdout == alone.stdout


# -- streaming, bounded memory, failures --------------------------------------------------

REPLICA3 = ROOT.parent / "shared" / "captures" / "gluster" / "gluster-fuse-replica3-afr.pcap"


def _start(path: Path, read_counts=None, formatter_fails_at: int | None = None):
    """write_parallel's start: a fresh pipeline over ``path`` in each worker, counting
    what each worker has read in the shared array ``read_counts``."""

    def start(worker: int) -> parallel.Run:
        pipeline = Pipeline()

        def messages():
            for message in pipeline.run(open_input(str(path))):
                if read_counts is not None:
                    read_counts[worker] += 1
                yield message

        return parallel.Run(messages(), lambda: pipeline.first_timestamp)

    return start


def test_output_streams_and_how_far_workers_run_ahead_is_bounded(monkeypatch):
    """The first batch is written while the workers are still reading, and no worker
    reads further ahead of what is written than its batch, write buffer and pipe hold
    (counted in messages, not timed)."""
    if not REPLICA3.exists():
        pytest.skip("../shared/captures not present")
    batch, jobs = 5, 2
    monkeypatch.setattr(parallel, "BATCH_MESSAGES", batch)
    monkeypatch.setattr(parallel, "PIPE_BYTES", 4096)
    monkeypatch.setattr(parallel, "WRITE_BUFFER", 1)
    read_counts = multiprocessing.Array("l", jobs, lock=False)  # shared with the forked workers
    seen = {"written": 0, "most_ahead": 0, "first_write_at": None}

    class Out(io.StringIO):
        def write(self, text):
            if seen["first_write_at"] is None:
                seen["first_write_at"] = max(read_counts)
            seen["most_ahead"] = max(seen["most_ahead"], max(read_counts) - seen["written"])
            seen["written"] += text.count("\n")
            return super().write(text)

    out = Out()
    trailer = parallel.write_parallel("json", _start(REPLICA3, read_counts), out, jobs=jobs)
    lines = out.getvalue().splitlines()
    assert trailer.error is None and trailer.count == len(lines) == 504
    assert [json.loads(line)["index"] for line in lines] == list(range(1, 505))
    assert seen["first_write_at"] < 504
    shortest = min(len(line) + 1 for line in lines)
    held = -(-(4096 + 1) // shortest) + 2 * batch  # a pipe, a write buffer, a batch made and one being made
    assert seen["most_ahead"] <= jobs * held + batch, seen


def _fails_at_12(kind):
    def fmt(message, origin, file):
        if message.index == 12:
            raise ValueError("a decoding bug")
        return f"{message.index}\n"

    return fmt


def test_a_worker_that_fails_ends_the_output_where_one_process_would(monkeypatch):
    monkeypatch.setattr(parallel, "BATCH_MESSAGES", 5)
    monkeypatch.setattr(parallel, "_formatter", _fails_at_12)
    out = io.StringIO()
    trailer = parallel.write_parallel("json", _start(DATA / "gluster-tiny-brick-midstream.pcap"), out, jobs=2)
    assert isinstance(trailer.error, ValueError) and str(trailer.error) == "a decoding bug"
    assert out.getvalue().split() == [str(i) for i in range(1, 12)]
    _no_workers_left()


def _no_workers_left() -> None:
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_broken_pipe_stops_the_workers(monkeypatch):
    class Closed(io.StringIO):
        def write(self, text):
            raise BrokenPipeError

    monkeypatch.setattr(parallel, "BATCH_MESSAGES", 5)
    with pytest.raises(BrokenPipeError):
        parallel.write_parallel("json", _start(DATA / "gluster-tiny-brick-midstream.pcap"), Closed(), jobs=2)
    _no_workers_left()


def test_jobs_default_is_one_process_for_small_files_and_pipes(tmp_path):
    assert parallel.auto_jobs([str(DATA / "nbd-tiny-nbdsh.pcap")]) == 1
    assert parallel.auto_jobs(["-"]) == 1
    big = tmp_path / "big.pcap"
    with open(big, "wb") as f:
        f.truncate(parallel.PARALLEL_FROM_BYTES)
    assert parallel.auto_jobs([str(big)]) == max(1, os.cpu_count() or 1)
    # several inputs merged: their sizes together
    halves = [tmp_path / "a.pcap", tmp_path / "b.pcap"]
    for half in halves:
        with open(half, "wb") as f:
            f.truncate(parallel.PARALLEL_FROM_BYTES // 2)
    assert parallel.auto_jobs([str(h) for h in halves]) == max(1, os.cpu_count() or 1)
    assert parallel.auto_jobs([str(halves[0])]) == 1


def test_jobs_must_be_a_positive_number():
    out = subprocess.run([sys.executable, "-m", "hexview.cli", "--json", "--jobs", "0", "x"], capture_output=True, cwd=ROOT)
    assert out.returncode == 2 and b"expected a number of processes" in out.stderr
