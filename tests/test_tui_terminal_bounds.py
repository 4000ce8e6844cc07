"""An endless live pipe in a real terminal: the whole process stays under ``--max-memory``.

``tools/endless_pipe.py`` writes ``tcpdump -X`` text of NBD traffic (short connections on
new client ports, each a 4 KiB read and its reply, and two long connections reading now
and then) into ``hexview --max-memory 100M -`` in a pseudo-terminal. Several times the cap
goes through the pipe; the kernel's high-water mark of the view's resident memory
(/proc/PID/status VmHWM: the peak, not a sample) stays under the cap, the stream list and
the status line say how many older streams were let go, and keys are answered while it
reads and after. Counted in bytes and messages, never timed (the waits only bound a hang).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from test_tui_terminal import HEXVIEW, Terminal

CAP_MB = 100
CONVERSATIONS = 12_000  # short connections: some 340 MB of text, 3 messages each with the long ones' reads
PATIENCE = 1800  # seconds before a hang is declared (a busy machine reads slowly)

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")


def _status(pid: int, field: str) -> int:
    """A /proc/PID/status field in bytes (VmRSS, VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} for {pid}")


def _hexview_pid(shell: int) -> int | None:
    """The hexview process the shell started (its child whose command line names hexview)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (proc / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == shell and b"hexview" in cmdline and b"endless_pipe" not in cmdline:
            return int(proc.name)
    return None


def test_an_endless_pipe_stays_under_max_memory(tmp_path):
    generator = f"{sys.executable} tools/endless_pipe.py --conversations {CONVERSATIONS}"
    sent = tmp_path / "bytes"  # what went through the pipe, counted on the way
    term = Terminal("/bin/bash", ["-c", f"{generator} | tee >(wc -c > {sent}) | {HEXVIEW} --max-memory {CAP_MB}M -"])
    cap = CAP_MB << 20
    try:
        term.wait_for(lambda t: "msg 1/" in t, "the first message")
        pid = _hexview_pid(term.child.pid)
        assert pid is not None
        # while it reads: older streams are let go, and a key is answered
        term.wait_for(lambda t: "older streams let go" in t, "the first streams to be let go", timeout=PATIENCE)
        before = term.ruler()
        term.child.send("]")  # the next stream
        term.wait_for(lambda t: term.ruler() != before, "] to be answered while reading", timeout=PATIENCE)
        text = term.wait_for(lambda t: "done" in t, "the input to end", timeout=PATIENCE)
        peak = _status(pid, "VmHWM")
        assert peak < cap, f"peak {peak >> 20} MB over the {CAP_MB} MB cap"
        title = next(line for line in term.screen.display if "hexview" in line)
        messages = int(re.search(r"([\d,]+) messages", title)[1].replace(",", ""))
        dropped = int(re.search(r"([\d,]+) dropped", title)[1].replace(",", ""))
        assert messages == 3 * CONVERSATIONS  # a read and its reply each, and as many on the long connections
        assert dropped > messages // 2  # most of it had to go
        assert int(sent.read_text()) > 3 * cap  # several times the cap went through the pipe
        # the note, in the stream list's border and the status line
        notes = [line for line in term.screen.display if "older streams let go" in line]
        assert len(notes) >= 2, text
        let_go = {int(m.replace(",", "")) for line in notes for m in re.findall(r"([\d,]+) older streams let go", line)}
        assert len(let_go) == 1 and let_go.pop() > CONVERSATIONS // 2, notes
        # and keys after it: ] to the next stream
        before = term.ruler()
        term.child.send("]")
        term.wait_for(lambda t: term.ruler() != before, "] to be answered after the input ended")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()
