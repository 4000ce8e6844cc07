"""--summary (one line per message from framing alone) and progress on a terminal's stderr."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pyte
import pytest

from hexview import cli
from hexview.messages import Message
from hexview.progress import Progress
from shared_paths import CAPTURES

ROOT = Path(__file__).resolve().parents[1]
REPLICA3 = CAPTURES / "gluster" / "gluster-fuse-replica3-afr"
HEXVIEW = str(ROOT / ".venv" / "bin" / "hexview")

needs_shared = pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/captures not present")


def _summary(capsys, *argv: str) -> list[str]:
    assert cli.main(["--summary", *argv]) == 0
    return capsys.readouterr().out.splitlines()


@needs_shared
def test_summary_lines_agree_with_tshark(capsys):
    """Every RPC record of the replica3 capture is one tshark packet (one fragment, one
    frame): its frame number, frame.time_relative, record length (fraglen + 4) and, for
    replies, rpc.time are the summary's frame, time, length and latency."""
    packets = [p["_source"]["layers"] for p in json.loads(REPLICA3.with_suffix(".tshark.json").read_text())]
    lines = _summary(capsys, str(REPLICA3.with_suffix(".pcap")))
    assert len(lines) == len(packets) == 504
    for number, (line, layers) in enumerate(zip(lines, packets, strict=True), start=1):
        words = line.split()
        rpc = layers["rpc"]
        fraglen = next(v["rpc.fraglen"] for k, v in rpc.items() if k.startswith("Fragment header"))
        assert words[0] == str(number)
        assert words[1] == layers["frame"]["frame.number"]
        assert words[2] == f"{float(layers['frame']['frame.time_relative']):.6f}"
        assert words[5] == "->" and words[7] == "GlusterFS"
        assert int(words[8]) == int(fraglen) + 4
        if rpc["rpc.msgtyp"] == "1" and "rpc.time" in rpc:
            assert words[-3:] == ["latency", f"{float(rpc['rpc.time']):.6f}", "s"]
        else:
            assert "latency" not in words
    # the first record: the client 127.0.0.1:49144 asks glusterd (port 24007) for the volfile
    assert lines[0].split()[3:9] == ["0", "127.0.0.1:49144", "->", "127.0.0.2:24007", "GlusterFS", "148"]
    assert lines[0].endswith("GF-HNDSK GETSPEC call")
    assert lines[1].split()[4:7] == ["127.0.0.2:24007", "->", "127.0.0.1:49144"]


@needs_shared
def test_summary_decodes_nothing(capsys, monkeypatch):
    from hexview.decode import finish as decode

    calls = []
    real_finish = decode.finish

    def counting(message, decoded):
        calls.append(message.index)
        return real_finish(message, decoded)

    monkeypatch.setattr(decode, "finish", counting)
    monkeypatch.setattr(Message, "decode", lambda self: calls.append(self.index))
    monkeypatch.setattr(Message, "decode_transient", lambda self: calls.append(self.index))
    assert len(_summary(capsys, str(REPLICA3.with_suffix(".pcap")))) == 504
    assert calls == []


@needs_shared
def test_summary_info_adds_what_happened(capsys):
    lines = _summary(capsys, "--info", str(REPLICA3.with_suffix(".pcap")))
    assert len(lines) == 504
    plain = _summary(capsys, str(REPLICA3.with_suffix(".pcap")))
    assert all(a.startswith(b) for a, b in zip(lines, plain, strict=True))
    assert any("LOOKUP" in a and "op_ret=" in a for a in lines)


def test_info_needs_summary_and_summary_takes_no_T():
    def run(*a: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "hexview.cli", *a], capture_output=True, cwd=ROOT)

    assert b"--info: only with --summary" in run("--json", "--info", "x").stderr
    assert run("--summary", "-T", "json", "x").returncode == 2


# -- progress ----------------------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_progress_line_says_read_of_total_rate_and_time_left_at_most_a_few_times_a_second():
    out, clock = io.StringIO(), Clock()
    where = {"at": 0}
    progress = Progress("big.pcap", lambda: where["at"], 100_000_000, out, clock)
    for step in range(1, 201):  # 200 x 64 messages over 20 s of clock
        clock.now = step * 0.1
        where["at"] = step * 250_000
        for _ in range(64):
            progress.tick()
    writes = out.getvalue().count("\r\x1b[K")
    assert 0 < writes <= 20 * 4 + 1
    last = out.getvalue().rsplit("\r\x1b[K", 1)[1]
    assert last == "hexview: big.pcap: 50.0 MB of 100.0 MB (50%), 2.5 MB/s, 20s left"
    progress.finish()
    assert out.getvalue().endswith("\r\x1b[K")


def test_short_runs_show_no_progress():
    out = io.StringIO()
    progress = Progress("x", lambda: 10, 100, out, Clock())
    for _ in range(10_000):
        progress.tick()
    progress.finish()
    assert out.getvalue() == ""


@needs_shared
def test_progress_appears_on_a_terminal_stderr_and_is_erased(tmp_path):
    """A pipe fed slowly: while it is read the terminal shows the progress line; at the
    end it is gone, and the output file holds only the output."""
    fifo, output = tmp_path / "in", tmp_path / "out.json"
    os.mkfifo(fifo)
    child = pexpect.spawn(
        "bash",
        ["-c", f"exec {HEXVIEW} --json - < {fifo} > {output}"],
        cwd=str(ROOT),
        env=dict(os.environ, TERM="xterm-256color"),
        dimensions=(10, 120),
    )
    screen = pyte.Screen(120, 10)
    stream = pyte.ByteStream(screen)
    data = REPLICA3.with_suffix(".pcap").read_bytes()
    seen = False
    with open(fifo, "wb") as feed:
        for at in range(0, len(data), 2048):
            feed.write(data[at : at + 2048])
            feed.flush()
            with contextlib.suppress(pexpect.TIMEOUT):
                stream.feed(child.read_nonblocking(1 << 16, timeout=0.05))
            if "messages" in screen.display[0]:
                seen = True
                assert screen.display[0].startswith("hexview: <stdin>: ")
                break
        feed.write(data[at + 2048 :])
    child.expect(pexpect.EOF, timeout=120)
    stream.feed(child.before or b"")
    assert seen, "no progress line while reading"
    assert screen.display[0].strip() == ""  # erased at the end
    assert output.read_text().count("\n") == 504


@needs_shared
def test_no_progress_bytes_when_stderr_is_not_a_terminal(tmp_path):
    big = REPLICA3.with_suffix(".pcap")
    with open(tmp_path / "err", "wb") as err:
        out = subprocess.run([HEXVIEW, "--print", "--jobs", "1", str(big)], stdout=subprocess.PIPE, stderr=err, timeout=300)
    assert out.returncode == 0 and out.stdout
    assert (tmp_path / "err").read_bytes() == b""
