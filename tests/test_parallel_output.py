"""--jobs: decoding in forked workers writes exactly what one process writes, in order,
streaming, with a bounded number of batches in flight."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hexview import cli, learned
from hexview.messages import Message
from hexview.output import parallel
from hexview.pipeline import Pipeline
from hexview.readers import open_input
from hexview.stream_events import Conversation, Endpoint
from shared_paths import shared_pcaps

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
LOCAL = sorted(p for p in DATA.rglob("*") if p.suffix in (".pcap", ".txt") and ".tshark" not in p.name)
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


def test_several_inputs_continue_numbering_across_worker_runs(capsys, monkeypatch):
    monkeypatch.setattr(parallel, "BATCH_MESSAGES", SMALL_BATCH)
    inputs = [str(DATA / "nbd-tiny-nbdsh.pcap"), str(DATA / "gluster-tiny-brick-midstream.pcap")]
    alone = _cli_output(capsys, "--json", "--jobs", "1", *inputs)
    assert '"file":' in alone
    assert _cli_output(capsys, "--json", "--jobs", "2", *inputs) == alone


def test_a_pipe_input_works_with_workers():
    path = DATA / "gluster-tiny-brick-midstream.pcap"
    command = [sys.executable, "-m", "hexview.cli", "--json"]
    alone = subprocess.run(command + ["--jobs", "1", str(path)], capture_output=True, timeout=120, cwd=ROOT)
    piped = subprocess.run(command + ["--jobs", "2", "-"], input=path.read_bytes(), capture_output=True, timeout=120, cwd=ROOT)
    assert piped.returncode == 0 and alone.stdout and piped.stdout == alone.stdout


# -- streaming and bounded memory ------------------------------------------------------------


def _messages(path: Path):
    return Pipeline().run(open_input(str(path)))


def test_output_streams_and_the_batches_in_flight_are_bounded(monkeypatch):
    """While messages are still being read, earlier ones are already written; and the
    reader is never more than the in-flight bound ahead of the writer (counted, not timed)."""
    monkeypatch.setattr(parallel, "BATCH_MESSAGES", 5)
    monkeypatch.setattr(parallel, "BATCH_SECONDS", 3600)  # only the count closes a batch here
    out = io.StringIO()
    jobs = 2
    bound = (parallel.IN_FLIGHT_PER_JOB * jobs + 2) * 5  # queued + being waited for + being built
    seen = {"read": 0, "most_ahead": 0, "written_while_reading": 0}

    def reading():
        for message in _messages(ROOT.parent / "shared" / "captures" / "gluster" / "gluster-fuse-replica3-afr.pcap"):
            written = out.getvalue().count("\n")
            seen["most_ahead"] = max(seen["most_ahead"], seen["read"] - written)
            if seen["read"] == 200:  # wait (a hang guard, not a timing) until output has begun
                deadline = time.monotonic() + 120
                while not out.getvalue() and time.monotonic() < deadline:
                    time.sleep(0.01)
                seen["written_while_reading"] = out.getvalue().count("\n")
            seen["read"] += 1
            yield message

    if not (ROOT.parent / "shared" / "captures").is_dir():
        pytest.skip("../shared/captures not present")
    count = parallel.write_parallel("json", reading(), out, jobs=jobs)
    assert count == seen["read"] == 504
    assert seen["written_while_reading"] > 0
    assert seen["most_ahead"] <= bound
    assert out.getvalue().count("\n") == 504


# -- what framing learned reaches the workers -------------------------------------------------

KNOWN = {"value": "before"}


def _learn(value: str) -> None:
    KNOWN["value"] = value


def _show_known(message: Message, origin, file) -> str:
    return f"{message.index} {KNOWN['value']}\n"


def test_knowledge_learned_after_the_workers_started_is_replayed_in_them(monkeypatch):
    """Messages released after framing learned something are decoded knowing it; those
    released before are not (as in one process)."""
    monkeypatch.setattr(parallel, "BATCH_MESSAGES", 1)
    monkeypatch.setattr(parallel, "_formatter", lambda kind: _show_known)
    monkeypatch.setattr(learned, "LOG", [])
    monkeypatch.setitem(KNOWN, "value", "before")
    conv = Conversation(0, Endpoint("10.0.0.1", 1), Endpoint("10.0.0.2", 2))

    def messages():
        for index in range(1, 7):
            if index == 4:
                _learn("after")
                learned.record(_learn, "after")
            yield Message(conv, "c2s", 0, b"x", (index,), "k", "n", index=index)

    out = io.StringIO()
    parallel.write_parallel("json", messages(), out, jobs=2)
    assert out.getvalue().splitlines() == ["1 before", "2 before", "3 before", "4 after", "5 after", "6 after"]


def test_a_broken_pipe_stops_the_workers(monkeypatch):
    class Closed(io.StringIO):
        def write(self, text):
            raise BrokenPipeError

    with pytest.raises(BrokenPipeError):
        parallel.write_parallel("json", _messages(DATA / "gluster-tiny-brick-midstream.pcap"), Closed(), jobs=2)
    assert not [t for t in threading.enumerate() if t.name == "hexview-writer"]


def test_jobs_default_is_one_process_for_small_files_and_pipes(tmp_path):
    assert parallel.auto_jobs(str(DATA / "nbd-tiny-nbdsh.pcap")) == 1
    assert parallel.auto_jobs("-") == 1
    big = tmp_path / "big.pcap"
    with open(big, "wb") as f:
        f.truncate(parallel.PARALLEL_FROM_BYTES)
    assert parallel.auto_jobs(str(big)) == max(1, __import__("os").cpu_count() or 1)


def test_jobs_must_be_a_positive_number():
    out = subprocess.run([sys.executable, "-m", "hexview.cli", "--json", "--jobs", "0", "x"], capture_output=True, cwd=ROOT)
    assert out.returncode == 2 and b"expected a number of processes" in out.stderr
