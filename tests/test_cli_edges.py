"""The command at its edges, with real processes: a reader that goes away, a closed
standard output, Ctrl-C in a terminal, inputs that cannot be read (or not to their
end), and a file that grows while it is read. Each ends with its documented exit
status (README: Exit status), one clear line on stderr and never a traceback.

Tests run as root, so a file without read permission is no test (root reads it);
the unreadable inputs here are the ones root meets too: a missing path, a directory,
a path through a file, a symlink loop, a FIFO, a device that fails its reads.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import struct
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from shared_paths import CAPTURES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
AFR = DATA / "cluster" / "gluster-afr-brick-killed.pcap"  # 571 messages, 2 MB of --print text
TINY = DATA / "nbd-tiny-nbdsh.pcap"
LONG = CAPTURES / "bench" / "bench-small-ops.pcap.gz"  # ~250,000 messages: minutes of --json
PYTHON = sys.executable
HEXVIEW = [PYTHON, "-m", "hexview.cli"]
TIMEOUT = 120


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(HEXVIEW + list(args), capture_output=True, cwd=ROOT, timeout=TIMEOUT, **kwargs)


def stderr_lines(done) -> list[str]:
    text = done.stderr.decode() if isinstance(done.stderr, bytes) else done.stderr
    assert "Traceback" not in text, text
    return text.splitlines()


def pcap_split(path: Path, records: int) -> tuple[bytes, bytes]:
    """A classic pcap as (header and its first ``records`` records, the rest)."""
    raw = path.read_bytes()
    at = 24
    for _ in range(records):
        caplen = struct.unpack_from("<I", raw, at + 8)[0]
        at += 16 + caplen
    return raw[:at], raw[at:]


# -- the reader of the output goes away, or there is none -------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_print_into_head_ends_quietly(jobs):
    """`hexview --print | head`: the reader closes the pipe after a few lines while
    megabytes are still to come (also from worker processes): status 0 or 141, nothing
    on stderr."""
    proc = subprocess.Popen(
        HEXVIEW + ["--print", "--jobs", jobs, str(AFR)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    first = [proc.stdout.readline() for _ in range(3)]
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=TIMEOUT)
    assert first[0].startswith(b"Message 1: stream 0")
    assert proc.returncode in (0, 141) and err == b"", (proc.returncode, err)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_closed_stdout_ends_quietly(jobs):
    """Standard output closed before hexview starts (`>&-`): status 0, no traceback."""
    done = subprocess.run(
        ["bash", "-c", 'exec "$@" >&-', "hexview", *HEXVIEW, "--json", "--jobs", jobs, str(AFR)],
        capture_output=True,
        cwd=ROOT,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0 and done.stderr == b"", done.stderr


def test_full_disk_is_one_line_and_status_1():
    """/dev/full takes no byte: one line saying so, status 1."""
    with open("/dev/full", "wb") as full:
        done = subprocess.run(HEXVIEW + ["--json", str(AFR)], stdout=full, stderr=subprocess.PIPE, cwd=ROOT, timeout=TIMEOUT)
    assert done.returncode == 1
    assert stderr_lines(done) == ["hexview: cannot write the output: No space left on device"]


# -- Ctrl-C -------------------------------------------------------------------------------


def test_ctrl_c_while_waiting_for_input_takes_no_more_of_it(tmp_path):
    """A capture arriving on a FIFO: the first 300 packets, then Ctrl-C typed in the
    terminal while hexview decodes them or waits for more, then the rest. Nothing of
    the rest is decoded (the work after the signal, counted in messages: none of the
    later input), every line written is whole JSON, status 130. The output goes to a
    FIFO too: a terminal's own Ctrl-C discards what it has not shown yet."""
    pexpect = pytest.importorskip("pexpect")
    first, rest = pcap_split(AFR, 300)
    fifo_in, fifo_out = tmp_path / "capture", tmp_path / "output"
    os.mkfifo(fifo_in)
    os.mkfifo(fifo_out)
    child = pexpect.spawn(
        "bash",
        ["-c", f'exec "$@" < {fifo_in} > {fifo_out}', "hexview", *HEXVIEW, "--json", "-"],
        cwd=str(ROOT),
        dimensions=(24, 200),
    )
    output = bytearray()
    started = threading.Event()

    def drain() -> None:
        with open(fifo_out, "rb") as out:
            while piece := out.read1(1 << 16):
                output.extend(piece)
                if b'{"index":20,' in output:
                    started.set()
        started.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        with open(fifo_in, "wb") as feed:
            feed.write(first)
            feed.flush()
            assert started.wait(TIMEOUT), "no output"  # its first messages are out
            child.sendintr()
            child.expect(pexpect.EOF, timeout=TIMEOUT)
            with contextlib.suppress(BrokenPipeError):  # hexview is gone: the normal case
                feed.write(rest)
        reader.join(TIMEOUT)
    finally:
        child.close(force=True)
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus)
    assert "Traceback" not in (child.before or b"").decode("utf-8", "replace")
    assert output.endswith(b"\n")
    messages = [json.loads(line) for line in output.decode().splitlines()]
    assert [m["index"] for m in messages] == list(range(1, len(messages) + 1)) and len(messages) >= 20
    assert all(max(m["frames"]) <= 300 for m in messages)


def _workers_of(pid: int) -> list[int]:
    """The child processes of ``pid`` (its --jobs workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_during_a_long_json_keeps_whole_lines(tmp_path, jobs):
    """Ctrl-C in the terminal while a quarter of a million messages are decoded (to a
    file; with --jobs 2 also in worker processes, which get the signal too): status 130
    without a traceback, each line in the file whole JSON, far fewer than the input
    holds, and no worker left running."""
    pexpect = pytest.importorskip("pexpect")
    if not LONG.exists():
        pytest.skip("../shared/captures/bench is not beside the checkout")
    out = tmp_path / "out.json"
    child = pexpect.spawn(
        "bash",
        ["-c", f'exec "$@" > {out}', "hexview", *HEXVIEW, "--json", "--jobs", jobs, str(LONG)],
        cwd=str(ROOT),
        dimensions=(24, 200),
        env=dict(os.environ, HEXVIEW_PROGRESS="json"),
    )
    try:
        child.expect(rb'"messages": ', timeout=TIMEOUT)  # worker 0 (or the one process) is decoding
        workers = _workers_of(child.pid)
        assert len(workers) == (2 if jobs == "2" else 0)
        child.sendintr()
        child.expect(pexpect.EOF, timeout=TIMEOUT)
    finally:
        child.close(force=True)
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus)
    assert "Traceback" not in (child.before or b"").decode("utf-8", "replace")
    lines = out.read_text().splitlines()
    assert len(lines) < 200_000
    for line in lines:
        json.loads(line)
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists(), f"worker {pid} still there"


# -- inputs that cannot be read, or not to their end ---------------------------------


@pytest.mark.parametrize(
    "make, said",
    [
        (lambda tmp: tmp / "gone.pcap", "no such file"),
        (lambda tmp: tmp, "it is a directory"),
        (lambda tmp: tmp / "file.pcap" / "inside", "Not a directory"),
        (lambda tmp: tmp / "loop", "Too many levels of symbolic links"),
        (lambda tmp: Path("/proc/self/mem"), "Input/output error"),
    ],
    ids=["missing", "directory", "through-a-file", "symlink-loop", "read-fails"],
)
def test_unreadable_input_is_one_line_and_status_1(tmp_path, make, said):
    (tmp_path / "file.pcap").write_bytes(TINY.read_bytes())
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    path = make(tmp_path)
    done = run("--json", str(path))
    assert (done.returncode, done.stdout) == (1, b"")
    assert stderr_lines(done) == [f"hexview: cannot read {path}: {said}"]


def test_unreadable_input_among_others_costs_only_itself(tmp_path):
    """The other inputs are still read; the status says one failed."""
    done = run("--summary", str(tmp_path / "gone.pcap"), str(TINY))
    assert done.returncode == 1 and done.stdout.decode().count("\n") == 17
    assert stderr_lines(done) == [f"hexview: cannot read {tmp_path / 'gone.pcap'}: no such file"]


def _feed_fifo(fifo: Path, data: bytes) -> threading.Thread:
    def write() -> None:
        with open(fifo, "wb") as out:
            out.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


def test_fifo_whose_writer_stops_inside_a_record(tmp_path):
    """The writer closes the FIFO inside record 27, the one carrying NBD_CMD_DISC (NBD
    type 2 in frame 27 of nbd-tiny-nbdsh.tshark.json): the messages before it are
    decoded, one line says where the input ended, status 0 (what was there is shown)."""
    first, rest = pcap_split(TINY, 26)
    fifo = tmp_path / "capture"
    os.mkfifo(fifo)
    writer = _feed_fifo(fifo, first + rest[:40])
    done = run("--summary", str(fifo))
    writer.join(timeout=TIMEOUT)
    assert done.returncode == 0
    head = struct.unpack_from("<I", rest, 8)[0]
    said = f"hexview: {fifo}: truncated record at byte {len(first)}: header says {head} bytes, 24 present"
    assert stderr_lines(done) == [said]
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 16 and "NBD_CMD_DISC" not in done.stdout.decode()


def test_fifo_whose_writer_writes_nothing(tmp_path):
    fifo = tmp_path / "capture"
    os.mkfifo(fifo)
    writer = _feed_fifo(fifo, b"")
    done = run("--json", str(fifo))
    writer.join(timeout=TIMEOUT)
    assert (done.returncode, done.stdout) == (0, b"")
    assert stderr_lines(done) == [f"hexview: {fifo}: empty input"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_truncated_gzip_shows_what_it_held_then_status_1(tmp_path, jobs):
    """A gzip file cut in the middle: the messages before the cut are written, then one
    line says the gzip data is cut short, and the status is 1 (the file could not be
    read to its end) -- with worker processes too."""
    whole = gzip.compress(AFR.read_bytes())
    path = tmp_path / "cut.pcap.gz"
    path.write_bytes(whole[: len(whole) // 2])
    done = run("--json", "--jobs", jobs, str(path))
    assert done.returncode == 1
    lines = done.stdout.decode().splitlines()
    assert 0 < len(lines) < 571 and all(json.loads(line)["index"] == i for i, line in enumerate(lines, 1))
    assert stderr_lines(done) == [
        f"hexview: {path}: gzip-compressed input",
        f"hexview: {path}: stopped reading: the gzip data is cut short (the file ends inside it)",
    ]


def test_gzip_cut_inside_its_header(tmp_path):
    path = tmp_path / "cut.pcap.gz"
    path.write_bytes(gzip.compress(TINY.read_bytes())[:12])
    done = run("--json", str(path))
    assert (done.returncode, done.stdout) == (1, b"")
    assert stderr_lines(done) == [f"hexview: cannot read {path}: the gzip data is cut short (the file ends inside it)"]


# -- a file that grows while it is read ----------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_file_growing_while_read_is_read_as_it_was_when_opened(tmp_path, jobs):
    """A capture still being written, stopped inside record 301: hexview reads the bytes
    it had when opened, and one line says the file grew and by how much; status 0. With
    --jobs 2 every worker opens the file itself and reads that same size, so they agree
    on the messages. The file grows while hexview is held on its output: this test
    reads one line, then lets the file grow, then reads the rest (megabytes of JSON
    cannot all have been written before)."""
    first, rest = pcap_split(AFR, 300)
    path = tmp_path / "live.pcap"
    path.write_bytes(first + rest[:10])
    proc = subprocess.Popen(
        HEXVIEW + ["--json", "--jobs", jobs, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    try:
        head = proc.stdout.readline()
        with open(path, "ab") as grow:
            grow.write(rest[10:])
        out = head + proc.stdout.read()  # (communicate() would skip what readline() buffered)
        err = proc.stderr.read()
        proc.wait(timeout=TIMEOUT)
    finally:
        proc.kill()
    assert proc.returncode == 0
    messages = [json.loads(line) for line in out.splitlines()]
    assert [m["index"] for m in messages] == list(range(1, len(messages) + 1))
    assert max(max(m["frames"]) for m in messages) == 300
    assert err.decode().splitlines() == [
        f"hexview: {path}: the file grew by {len(rest) - 10} bytes while it was read: read its first "
        f"{len(first) + 10} bytes (its size when opened); run again for the rest"
    ]
