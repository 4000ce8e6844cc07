"""The help and notes screens, and copying inside tmux, in a real terminal (pty + pyte).

- ``?``: the help scrolls with less's keys (``j``/``k``, ``g``/``G``, ``space``/``b``).
- ``e``: the input's notes -- here tcpdump's own chatter on a live pipe (``tcpdump -X
  2>&1 | hexview -``): the title counts them while the pipe is read, the screen lists
  them and grows while open, and stderr still has them after quitting.
- ``y`` inside a real tmux (private server, ``-L``): the exact hex is in tmux's paste
  buffer (``show-buffer``) and the notice says so, and says when tmux's
  ``set-clipboard`` keeps it from the system clipboard.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from test_tui_terminal import HEXVIEW, ROOT, Terminal

TINY = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap"
TINY_X = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.X.txt"  # tcpdump -X of the same capture

pytestmark = pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview")


def first_row(term: Terminal, text: str) -> int | None:
    return next((y for y, line in enumerate(term.screen.display) if text in line), None)


def test_help_scrolls_with_less_keys():
    term = Terminal(str(HEXVIEW), [str(TINY.relative_to(ROOT))])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/17" in t, "the first screen")
        term.child.send("?")
        mark = "jump to the paired request or reply"
        term.wait_for(lambda t: "hexview keys" in t and "ctrl+n / ctrl+p" in t and mark in t, "the help")
        top = first_row(term, mark)
        assert first_row(term, "q, ctrl+c") is None  # 40 rows: the end is below
        term.child.send("jj")
        term.wait_for(lambda t: first_row(term, mark) == top - 2, "j j to scroll two lines")
        term.child.send("k")
        term.wait_for(lambda t: first_row(term, mark) == top - 1, "k to scroll back one")
        term.child.send("G")
        term.wait_for(lambda t: "q, ctrl+c" in t and "ctrl+n / ctrl+p" not in t, "G to the end")
        term.child.send("g")
        term.wait_for(lambda t: first_row(term, mark) == top, "g to the top")
        term.child.send(" ")
        term.wait_for(lambda t: "ctrl+n / ctrl+p" not in t, "space to page down")
        term.child.send("b")
        term.wait_for(lambda t: first_row(term, mark) == top, "b to page up")
        term.child.send("q")  # closes the help, not the view
        term.wait_for(lambda t: "hexview keys" not in t and "msg 1/17" in t, "the view again")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


CHATTER = (
    "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n"
    "listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n"
)
SUMMARY = "40 packets captured\n80 packets received by filter\n0 packets dropped by kernel\n"


def test_input_notes_screen_on_a_live_pipe(tmp_path):
    fifo = tmp_path / "tcpdump.fifo"
    os.mkfifo(fifo)
    lines = TINY_X.read_text().splitlines(keepends=True)
    half = next(i for i in range(len(lines) // 2, len(lines)) if not lines[i].startswith("\t"))  # a packet's header
    term = Terminal("/bin/sh", ["-c", f"exec {HEXVIEW} - < {fifo}"])
    pipe = os.open(fifo, os.O_WRONLY)  # waits for hexview's shell to open the other end
    try:
        os.write(pipe, (CHATTER + "".join(lines[:half])).encode())
        term.wait_for(lambda t: "reading" in t and "e: 2 notes" in t, "the notes counted while reading")
        term.child.send("e")
        text = term.wait_for(lambda t: "input notes (2)" in t, "the notes screen")
        assert "line 1: tcpdump: verbose output suppressed, use -v[v]... for full protocol decode" in text
        assert "line 2: listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes" in text
        # the rest of the capture and tcpdump's summary, the pipe still open: the open screen grows
        os.write(pipe, ("".join(lines[half:]) + SUMMARY).encode())
        later = ("input notes (5)", "line 181: 40 packets captured", "line 183: 0 packets dropped by kernel")
        text = term.wait_for(lambda t: all(note in t for note in later), "the notes that came later")
        assert "reading" in text  # the input has not ended
        os.close(pipe)
        pipe = -1
        term.child.send("e")  # e closes it again
        term.wait_for(lambda t: "input notes" not in t and "done" in t and "e: 5 notes" in t, "the view, done")
        term.child.send("q")
        term.wait_for(
            lambda t: "line 183: 0 packets dropped by kernel" in t and "hexview: <stdin>: line 1:" in t,
            "the notes on stderr after quitting",
        )
        assert term.finish() == 0
    finally:
        if pipe >= 0:
            os.close(pipe)
        term.kill()


def toast(term: Terminal) -> str:
    """The notification's text, its lines joined (Textual draws it right of a ▌ border)."""
    parts = [line.rsplit("▌", 1)[1].rstrip(" │─╯") for line in term.screen.display if "▌" in line]
    return " ".join(part.strip() for part in parts if part.strip())


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")
def test_copy_inside_tmux_fills_its_paste_buffer_and_says_so():
    server = f"hexview-test-{os.getpid()}"
    tmux = ["tmux", "-L", server]

    def show_buffer() -> str:
        return subprocess.run([*tmux, "show-buffer"], capture_output=True, text=True, timeout=5).stdout

    term = Terminal("tmux", ["-L", server, "-f", "/dev/null", "new-session", f"{HEXVIEW} {TINY.relative_to(ROOT)}"])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/17" in t, "the view inside tmux")
        term.child.send("\t")
        term.child.send("j")  # the first field: magic, NBDMAGIC
        term.wait_for(lambda t: "8 selected" in t, "the magic field")
        term.child.send("y")
        said = (
            "magic: 8 bytes as hex, in tmux's paste buffer (prefix ] pastes)",
            "tmux passed it on to the terminal's clipboard",
            "4e42444d41474943",
        )
        term.wait_for(lambda t: all(part in toast(term) for part in said), "the copy notice")
        assert show_buffer() == "4e42444d41474943"  # "NBDMAGIC", as the hex pane shows
        assert "copied" not in toast(term)
        # with set-clipboard off, tmux keeps it to itself: said so
        subprocess.run([*tmux, "set-option", "-s", "set-clipboard", "off"], check=True, timeout=5)
        term.child.send("Y")  # the whole greeting: 18 bytes
        greeting = "4e42444d4147494349484156454f50540003"  # NBDMAGIC IHAVEOPT, flags 3
        said = (
            "Greeting (newstyle): 18 bytes as hex, in tmux's paste buffer",
            "not the system clipboard: tmux set-clipboard is off",
            greeting[:32] + "…",
        )
        term.wait_for(lambda t: all(part in toast(term) for part in said), "the second notice")
        assert show_buffer() == greeting
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()
        subprocess.run([*tmux, "kill-server"], capture_output=True, timeout=5)
