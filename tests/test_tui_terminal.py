"""The real thing: ``hexview`` in a pseudo-terminal (160x45), its screen read back with pyte.

Proves the entry point starts the Textual UI and a person sees what they should: the
stream row, a field with its value, the chosen field's bytes in reverse video (pyte
keeps each cell's attributes); the keys arrive (also when the capture itself comes in
on a pipe and keys must come from /dev/tty); 16-colour terminals get only the 16
colours; ``q`` exits 0.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from shared_paths import CAPTURES

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

ROOT = Path(__file__).resolve().parent.parent
HEXVIEW = ROOT / ".venv" / "bin" / "hexview"
CAPTURE = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap"
SHARED = CAPTURES / "nbd" / "nbd-tiny-nbdsh.pcap"
ROWS, COLS = 45, 160  # room for 16 bytes a row beside the fields
TIMEOUT = 15
SYNC_QUERY = b"\x1b[?2026$p"  # DECRQM: is synchronized output supported?
SYNC_SUPPORTED = b"\x1b[?2026;2$y"  # the answer: known, currently off
SYNC_BEGIN, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"

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

    def __init__(self, command: str, args: list[str], size: tuple[int, int] = (COLS, ROWS), **env_overrides: str) -> None:
        env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", TZ="UTC")
        env.pop("NO_COLOR", None)
        env.pop("TEXTUAL_COLOR_SYSTEM", None)
        env.pop("TMUX", None)  # a copy must not reach the tmux the tests run in
        env.update(env_overrides)
        self.cols, self.rows = size
        self.child = pexpect.spawn(command, args, cwd=str(ROOT), env=env, dimensions=(self.rows, self.cols))
        self.child.delaybeforesend = None  # pexpect sleeps 50 ms before every send otherwise
        self.screen = pyte.Screen(self.cols, self.rows)
        self.stream = pyte.ByteStream(self.screen)
        self.eof = False
        self.held = b""  # the start of a frame whose end has not arrived
        self.tail = b""  # the last bytes read, for a query split between reads
        self.answered = False

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, seconds: float = 0.1) -> None:
        """Read what the child drew; the screen only ever shows whole frames.

        The child asks whether the terminal has synchronized output (DECRQM 2026) and, told
        yes, wraps every frame in begin/end marks; bytes of a frame not yet ended are held
        back, so a test never reads a screen half redrawn.
        """
        try:
            data = self.child.read_nonblocking(1 << 16, timeout=seconds)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            self.eof = True
            data = b""
        if not self.answered and SYNC_QUERY in self.tail + data:
            self.child.send(SYNC_SUPPORTED)
            self.answered = True
        self.tail = data[-len(SYNC_QUERY) :]
        pending = self.held + data
        begin, end = pending.rfind(SYNC_BEGIN), pending.rfind(SYNC_END)
        if begin > end and not self.eof:
            self.stream.feed(pending[:begin])
            self.held = pending[begin:]
        else:
            self.stream.feed(pending)
            self.held = b""

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

    def row_of(self, text: str) -> int:
        return next(y for y, line in enumerate(self.screen.display) if text in line)

    def reversed_text(self, y: int) -> str:
        """The characters of row ``y`` drawn in reverse video (others as spaces)."""
        row = self.screen.buffer[y]
        return "".join(row[x].data if row[x].reverse else " " for x in range(self.cols))

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
    """What a person checks first: the stream, a field and its value, its bytes."""
    text = term.wait_for(
        lambda t: "done" in t and "msg 1/17" in t and "127.0.0.1:45930 -> 127.0.0.1:10809" in t and "magic: NBDMAGIC" in t,
        "the stream list and first message",
    )
    stream_row = term.screen.display[term.row_of("127.0.0.1:45930 -> 127.0.0.1:10809")]
    assert "NBD" in stream_row and " 17 " in stream_row and " 6/6 " in stream_row, stream_row
    assert "magic: NBDMAGIC (0x4e42444d41474943) [0-8]" in text
    assert "Greeting (newstyle)" in term.ruler()
    # choose the first field (tab to the tree, j): its 8 bytes are reversed, nothing else
    term.child.send("\t")
    term.child.send("j")
    term.wait_for(lambda t: "8 selected" in t and "00000000  4e 42 44 4d" in t, "the field to be chosen")
    y = term.row_of("00000000  4e 42 44 4d")
    hex_start = term.screen.display[y].index("4e 42")
    assert term.reversed_text(y)[hex_start : hex_start + 24].strip() == "4e 42 44 4d 41 47 49 43"
    assert "49 48 41 56" not in term.reversed_text(y)
    assert "NBDMAGIC" in term.reversed_text(y)  # the ASCII column too
    first = term.ruler()
    term.child.send("\x0e")  # ctrl+n: the next message, from any pane
    term.wait_for(lambda t: "msg 2/17" in t and "client_flags: 0x00000003" in t, "the second message")
    second = term.ruler()
    name = lambda ruler: ruler.split("  ")[2] if ruler.count("  ") >= 2 else ruler  # noqa: E731
    assert name(first) != name(second), (first, second)
    assert "client_flags: 0x00000003" in term.text()
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


STANDARD_COLOURS = {"default", "black", "red", "green", "brown", "yellow", "blue", "magenta", "cyan", "white"}
STANDARD_COLOURS |= {f"bright{c}" for c in STANDARD_COLOURS if c != "default"}


def test_sixteen_colours_and_a_small_terminal(capture):
    term = Terminal(str(HEXVIEW), [str(capture.relative_to(ROOT))], TERM="xterm", TEXTUAL_COLOR_SYSTEM="standard")
    try:
        # the whole first frame (a frame may draw the title and key bar first)
        term.wait_for(
            lambda t: (
                "done" in t
                and "msg 1/17" in t
                and "127.0.0.1:45930 -> 127.0.0.1:10809" in t
                and "magic: NBDMAGIC" in t
                and "00000000  4e 42" in t
            ),
            "the first screen",
        )
        colours = {c.fg for row in term.screen.buffer.values() for c in row.values()}
        colours |= {c.bg for row in term.screen.buffer.values() for c in row.values()}
        assert colours <= STANDARD_COLOURS, colours - STANDARD_COLOURS
        term.child.send("\tj")
        term.wait_for(lambda t: "8 selected" in t and "00000000  4e 42 44 4d" in t, "the field to be chosen")
        y = term.row_of("00000000  4e 42 44 4d")
        assert "4e 42 44 4d 41 47 49 43" in term.reversed_text(y)
        # a resize to 80x24 keeps every pane on screen
        term.child.setwinsize(24, 80)
        term.screen.resize(24, 80)
        text = term.wait_for(lambda t: "─bytes" in t and "msg 1/17" in t, "the small layout")
        for pane in ("streams", "messages", "fields", "bytes"):
            assert pane in text, text
        term.child.send("q")
        assert term.finish() == 0
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
        [str(HEXVIEW), "-"],
        cwd=ROOT,
        input=capture.read_bytes(),
        capture_output=True,
        start_new_session=True,
        timeout=TIMEOUT,
    )
    assert result.returncode != 0
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and "terminal" in lines[0], lines
    assert b"\x1b" not in result.stdout + result.stderr


def test_decode_as_in_a_terminal(capture):
    """d, arrow keys, enter: the NBD stream is read again as ONC-RPC."""
    term = Terminal(str(HEXVIEW), [str(capture.relative_to(ROOT))])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/17" in t, "the first message")
        term.child.send("d")
        term.wait_for(
            lambda t: "Decode TCP port 10809 as" in t and "automatic: by heuristics, then port" in t and "ONC-RPC" in t,
            "the Decode As box and its choices",
        )
        from hexview.protocols.registry import registrations

        order = sorted((r.name for r in registrations().values()), key=str.lower)
        # the highlight starts on "automatic"; the protocols follow, sorted by name
        term.child.send("\x1b[B" * (order.index("ONC-RPC") + 1))  # down arrows
        term.pump(0.3)
        term.child.send("\r")
        term.wait_for(
            lambda t: (
                "Decode TCP port" not in t
                and "done" in t
                and any("ONC-RPC" in line and "127.0.0.1:45930 -> 127.0.0.1:10809" in line for line in term.screen.display)
            ),
            "the stream read again as ONC-RPC",
        )
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_ocfs2_demo_in_a_terminal():
    """The bundled OCFS2 demo: its streams, a DLM message found by search, its fields."""
    demo = ROOT / "tests" / "data" / "demos" / "ocfs2-cluster.pcap"
    term = Terminal(str(HEXVIEW), [str(demo.relative_to(ROOT))])
    try:
        streams = ("10.0.0.7:40321 -> 10.0.0.3:7777", "10.0.1.2:33010 -> 10.0.1.1:7777")
        term.wait_for(
            lambda t: "done" in t and "Handshake (protocol version 11)" in t and all(s in t for s in streams),
            "the first message and both streams",
        )  # one frame may draw the title before the list
        assert "OCFS2" in term.screen.display[term.row_of("10.0.0.7:40321 -> 10.0.0.3:7777")]
        term.child.send("/")
        term.wait_for(lambda t: "name~part" in t, "the search line")
        term.child.send('"S000000000000000000000200000000"\r')  # the lock name of seed 000's examples
        text = term.wait_for(
            lambda t: "Master Request (500)" in term.ruler() and "name: " in t,
            "the first message naming that lock, and its fields",
        )
        assert "name: S000000000000000000000200000000" in text.replace("'", "")
        term.child.send(".")  # next match
        term.wait_for(lambda t: "Assert Master (502)" in term.ruler(), "the Assert Master message")
        term.child.send(".")
        text = term.wait_for(
            lambda t: "Create Lock (503)" in term.ruler() and "requested_type" in t, "the Create Lock message and its fields"
        )
        assert "requested_type: EX: Exclusive (5) [38-39]" in text and "node_idx: 7 [37-38]" in text
        assert "↔ msg 12" in term.ruler()  # paired with its status response
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_decode_as_sets_a_protocol_option_in_a_terminal():
    """d lists the protocols' options below the protocols; enter on ocfs2.version=1.2
    reads the demo again with the 1.2 layouts forced (its query join request is the
    104-byte 1.4 one, seed 000, so auto picked 1.4)."""
    from hexview.protocols.options import declared
    from hexview.protocols.registry import registrations

    demo = ROOT / "tests" / "data" / "demos" / "ocfs2-cluster.pcap"
    term = Terminal(str(HEXVIEW), [str(demo.relative_to(ROOT))])
    try:
        term.wait_for(lambda t: "done" in t and "Handshake (protocol version 11)" in term.ruler(), "the first message")
        term.child.send("\x0e\x0e")  # ctrl+n twice: message 3, the query join request
        term.wait_for(lambda t: "Query Join (510)" in term.ruler(), "message 3")
        term.child.send("\t-")  # into its fields, all collapsed: the variant (last) shows
        term.wait_for(lambda t: "variant: ocfs2-1.4 (data_len 104)" in t, "the query join decoded with the 1.4 layout")
        term.child.send("d")
        term.wait_for(
            lambda t: "option ocfs2.version" in t and "● ocfs2.version=auto" in t and "○ ocfs2.version=1.2" in t,
            "the option and its values, auto in force",
        )
        # rows the cursor stops at: automatic, the protocols, then every option's values
        values = [f"{key}={value}" for key, (_, opt) in declared().items() for value in opt.choices]
        term.child.send("\x1b[B" * (1 + len(registrations()) + values.index("ocfs2.version=1.2")))
        term.pump(0.3)
        term.child.send("\r")
        term.wait_for(lambda t: "Decode TCP port" not in t and "done" in t and "reading" in t, "the demo read again")
        term.child.send("\x0e\x0e")
        term.wait_for(lambda t: "Query Join (510)" in term.ruler(), "message 3 again")
        term.child.send("\t-")
        term.wait_for(
            lambda t: "variant: ocfs2-1.2 (forced by option ocfs2.version)" in t, "the query join decoded with the 1.2 layout"
        )
        term.child.send("d")
        term.wait_for(lambda t: "● ocfs2.version=1.2" in t and "○ ocfs2.version=auto" in t, "1.2 now in force")
        term.child.send("\x1b")
        term.wait_for(lambda t: "Decode TCP port" not in t, "the box closed")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()
