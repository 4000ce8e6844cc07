"""The real thing: ``hexview`` in a pseudo-terminal, its screen read back with pyte.

Proves the entry point starts the Textual UI, the keys arrive (also when the capture
itself comes in on a pipe and keys must come from /dev/tty), and ``q`` exits 0.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

ROOT = Path(__file__).resolve().parent.parent
HEXVIEW = ROOT / ".venv" / "bin" / "hexview"
CAPTURE = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap"
SHARED = ROOT.parent / "shared" / "captures" / "nbd" / "nbd-tiny-nbdsh.pcap"
ROWS, COLS = 40, 120
TIMEOUT = 15

pytestmark = pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview")


@pytest.fixture(scope="module")
def capture() -> Path:
    if not CAPTURE.exists():
        if not SHARED.exists():
            pytest.skip("nbd-tiny-nbdsh.pcap not available")
        CAPTURE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHARED, CAPTURE)
    return CAPTURE


class Terminal:
    """A child process in a 120x40 pty, with a pyte screen of what it drew."""

    def __init__(self, command: str, args: list[str]) -> None:
        env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        env.pop("NO_COLOR", None)
        self.child = pexpect.spawn(command, args, cwd=str(ROOT), env=env, dimensions=(ROWS, COLS))
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.eof = False

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, seconds: float = 0.1) -> None:
        try:
            self.stream.feed(self.child.read_nonblocking(1 << 16, timeout=seconds))
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            self.eof = True

    def wait_for(self, predicate, what: str, timeout: float = TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            text = self.text()
            if predicate(text):
                return text
            if self.eof:
                break
        pytest.fail(f"timed out waiting for {what}; screen:\n{self.text()}")

    def ruler(self) -> str:
        """The 'msg i/n  #k  → NAME' line."""
        return next((line.strip() for line in self.screen.display if line.strip().startswith("msg ")), "")

    def finish(self) -> int:
        deadline = time.monotonic() + TIMEOUT
        while not self.eof and time.monotonic() < deadline:
            self.pump(0.2)
        assert self.eof, f"still running after q; screen:\n{self.text()}"
        self.child.close()
        return self.child.exitstatus

    def kill(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)


def _browse(term: Terminal) -> None:
    term.wait_for(lambda t: "NBD" in t and "10809" in t and "msg 1/" in t, "the stream list and first message")
    first = term.ruler()
    term.child.send("n")
    term.wait_for(lambda t: "msg 2/" in t, "the second message")
    second = term.ruler()
    name = lambda ruler: ruler.split("  ")[2] if ruler.count("  ") >= 2 else ruler  # noqa: E731
    assert name(first) != name(second), (first, second)
    assert "magic" in term.text() or "■" in term.text()
    term.child.send("q")
    assert term.finish() == 0


def test_file_in_a_terminal(capture):
    term = Terminal(str(HEXVIEW), [str(capture.relative_to(ROOT))])
    try:
        _browse(term)
    finally:
        term.kill()


def test_pipe_in_keys_from_the_terminal(capture):
    rel = capture.relative_to(ROOT)
    term = Terminal("/bin/sh", ["-c", f"cat {rel} | {HEXVIEW} -"])
    try:
        _browse(term)
    finally:
        term.kill()


def test_quit_does_not_wait_for_a_silent_pipe():
    # bash does not wait for a process substitution: EXIT= shows once hexview is gone
    term = Terminal("/bin/bash", ["-c", f"{HEXVIEW} - < <(sleep 60); echo EXIT=$?"])
    try:
        term.wait_for(lambda t: "reading" in t, "the view to come up before any data")
        term.child.send("q")
        text = term.wait_for(lambda t: "EXIT=" in t, "hexview to exit", timeout=5)
        assert "EXIT=0" in text
    finally:
        term.kill()


def test_wire_bytes_reach_the_terminal_as_text(tmp_path):
    evil = tmp_path / "evil.bin"
    evil.write_bytes(b"[bold]X[/]\x1b[31m\x07[blink]Y")
    term = Terminal(str(HEXVIEW), ["--format", "raw", str(evil)])
    try:
        # 16 bytes a row: the ESC and the BEL show as '.' in the ASCII column
        term.wait_for(lambda t: "[bold]X[/].[31m." in t and "[blink]Y" in t, "the bytes, literally")
        bold = [c for row in term.screen.buffer.values() for c in row.values() if c.bold and c.data.strip()]
        assert not any(c.data in "XY" for c in bold)
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_dash_with_a_terminal_on_stdin_is_one_line():
    term = Terminal(str(HEXVIEW), ["-"])
    try:
        text = term.wait_for(lambda t: "hexview:" in t, "the complaint")
        assert "pipe" in text
        assert term.finish() != 0
    finally:
        term.kill()


def test_missing_file_is_one_line_and_no_ui():
    result = subprocess.run(
        [str(HEXVIEW), "missing-file"], cwd=ROOT, capture_output=True, stdin=subprocess.DEVNULL, timeout=TIMEOUT
    )
    assert result.returncode != 0
    assert result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hexview: "), lines
    assert "missing-file" in lines[0]
    assert b"\x1b" not in result.stderr


def test_pipe_without_a_terminal_is_one_line(capture):
    # a new session has no controlling terminal: /dev/tty cannot be opened
    result = subprocess.run(
        [str(HEXVIEW), "-"], cwd=ROOT, input=capture.read_bytes(), capture_output=True,
        start_new_session=True, timeout=TIMEOUT,
    )
    assert result.returncode != 0
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and "terminal" in lines[0], lines
    assert b"\x1b" not in result.stdout + result.stderr
