#!/usr/bin/env python3
"""How fast the interactive view feels, as a person at a terminal would time it.

In a pseudo-terminal (pexpect) of 120x40 whose output is read back with pyte:

- launch: time from spawning ``hexview CAPTURE`` to the first screen that shows the
  first stream row, beside the same measurement for a minimal Textual app (a Header
  and a Static, started the same way) -- the floor any Textual program pays;
- steps: once the capture is read, 200 "next message" keystrokes, each timed from
  sending ``j`` to the program having drawn the new ruler ("msg k/…"); mean and max
  (at the end of a stream, ``]`` moves on to the next one, untimed).

The moment is taken when the program's output holds the awaited text (a ruler or a
stream row is one run of text in Textual's output); everything read is then fed to a
pyte screen, which the next wait starts from. Feeding pyte is kept out of the timing:
it is this script's own cost (pure Python, ~1 ms per KiB), not the program's, and a
hex pane repaint is 10-30 KiB.

Targets: the first screen within 2x of the empty app whatever the capture's size, and
a step under 30 ms. Absolute numbers depend on the machine; the ratio does not.

    .venv/bin/python tools/tui_bench.py [CAPTURE ...]

Default capture: ../shared/captures/bench/bench-large.pcap.gz (hexview reads gzip).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect
import pyte

from hexview.tui.safe import group_digits  # the ruler's own grouping of numbers

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "captures" / "bench"
HEXVIEW = ROOT / ".venv" / "bin" / "hexview"
ROWS, COLS = 40, 120
STEPS = 200
STREAM_ROW = re.compile(rb"[0-9a-f.:\]]+:\d+ -> [0-9a-f.:\[]+:\d+")
RULER = re.compile(r"^\s*msg ([\d,]+)/")

REFERENCE_APP = """
from textual.app import App
from textual.widgets import Header, Static

class Reference(App):
    def compose(self):
        yield Header()
        yield Static("reference ready")

Reference().run()
"""


class Terminal:
    def __init__(self, argv: list[str]) -> None:
        env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        # as installed software runs: modules compiled once (__pycache__, git-ignored),
        # not recompiled from source at every launch
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.started = time.perf_counter()
        self.child = pexpect.spawn(argv[0], argv[1:], cwd=str(ROOT), env=env, dimensions=(ROWS, COLS))
        self.child.delaybeforesend = None  # pexpect sleeps 50 ms before every send otherwise
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)

    def read(self, timeout: float) -> bytes:
        try:
            return self.child.read_nonblocking(1 << 20, timeout=timeout)
        except pexpect.TIMEOUT:
            return b""
        except pexpect.EOF:
            raise RuntimeError("the program exited:\n" + "\n".join(self.screen.display)) from None

    def wait_for_output(self, pattern: re.Pattern, timeout: float = 120.0) -> float:
        """The moment the output since the call first matched ``pattern`` (bytes)."""
        deadline = time.perf_counter() + timeout
        seen = b""
        while time.perf_counter() < deadline:
            chunk = self.read(0.05)
            if not chunk:
                continue
            seen += chunk
            if pattern.search(seen):
                moment = time.perf_counter()
                self.stream.feed(seen + self.read(0.02))
                return moment
        self.stream.feed(seen)
        raise TimeoutError("\n".join(self.screen.display))

    def wait_for(self, predicate, timeout: float = 120.0) -> float:
        """The moment the pyte screen first satisfied ``predicate(lines)``."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            chunk = self.read(0.05)
            if chunk:
                self.stream.feed(chunk)
                if predicate(self.screen.display):
                    return time.perf_counter()
        raise TimeoutError("\n".join(self.screen.display))

    def close(self) -> None:
        try:
            self.child.send("q")
            self.child.expect(pexpect.EOF, timeout=10)
        except Exception:
            pass
        if self.child.isalive():
            self.child.terminate(force=True)


def ruler_position(lines: list[str]) -> int | None:
    for line in lines:
        match = RULER.match(line)
        if match:
            return int(match.group(1).replace(",", ""))
    return None


def launch_reference(script: Path) -> float:
    term = Terminal([sys.executable, str(script)])
    try:
        return term.wait_for_output(re.compile(b"reference ready")) - term.started
    finally:
        term.close()


def first_screen(capture: Path, runs: int = 5) -> float:
    """Seconds from launch to the first stream row on screen: the median of ``runs``
    launches after one warm-up (single launches vary by a tenth of a second here)."""
    times = []
    for _ in range(runs + 1):
        term = Terminal([str(HEXVIEW), str(capture)])
        try:
            times.append(term.wait_for_output(STREAM_ROW) - term.started)
        finally:
            term.close()
    return statistics.median(times[1:])


def memory(pid: int) -> tuple[int, int]:
    """(resident, peak resident) bytes of process ``pid`` now, from /proc (0, 0 elsewhere)."""
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    fields[key] = int(value.split()[0]) * 1024
    except OSError:
        pass
    return fields.get("VmRSS", 0), fields.get("VmHWM", 0)


def bench_capture(capture: Path, steps: int = STEPS, search: str | None = None) -> dict:
    """One session of the view on ``capture``: first screen, whole read, peak RSS once read,
    ``steps`` timed next-message steps, then (``search``) one search through every message,
    timed from enter to its "no match"/"found" status, with the RSS it added (sampled)."""
    term = Terminal([str(HEXVIEW), str(capture)])
    try:
        first = term.wait_for_output(STREAM_ROW) - term.started
        loaded = term.wait_for(lambda lines: any("done ·" in line or "stopped ·" in line for line in lines), timeout=1200)
        loaded -= term.started
        rss, peak = memory(term.child.pid)
        result = {"first": first, "loaded": loaded, "rss_read": rss, "peak_read": peak}
        times: list[float] = []
        position = ruler_position(term.screen.display) or 1
        switches = 0
        while len(times) < steps and switches < 50:
            target = position + 1
            sent = time.perf_counter()
            term.child.send("j")
            try:
                shown = term.wait_for_output(re.compile(f"msg {group_digits(target)}/".encode()), timeout=2)
            except TimeoutError:  # the last message of this stream: on to the next one
                switches += 1
                term.child.send("]")
                time.sleep(0.2)
                term.stream.feed(term.read(0.1))
                position = ruler_position(term.screen.display) or 1
                continue
            times.append(shown - sent)
            position = target
        result["steps"] = times
        if search is not None:
            result.update(search_all(term, search))
        return result
    finally:
        term.close()


def search_all(term: Terminal, query: str) -> dict:
    """Type ``/query`` and enter; wait for the search to end, sampling the RSS meanwhile."""
    time.sleep(0.5)
    term.stream.feed(term.read(0.1))
    before, _ = memory(term.child.pid)
    highest = [before]

    def ended(lines: list[str]) -> bool:
        highest[0] = max(highest[0], memory(term.child.pid)[0])
        return any("no match" in line or "found" in line or "wrapped" in line for line in lines[-3:])

    term.child.send("/")
    time.sleep(0.3)
    term.child.send(query)
    time.sleep(0.3)
    sent = time.perf_counter()
    term.child.send("\r")
    done = term.wait_for(ended, timeout=1800)
    after, _ = memory(term.child.pid)
    return {"search": done - sent, "rss_before_search": before, "rss_search_peak": highest[0], "rss_after_search": after}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("captures", nargs="*", type=Path, help="default: bench-large.pcap.gz")
    parser.add_argument("--runs", type=int, default=3, help="launches of each program (the best counts)")
    args = parser.parse_args()
    captures = args.captures or [BENCH / "bench-large.pcap.gz"]
    if not HEXVIEW.exists():
        print(f"no {HEXVIEW}: run `make run` once", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "reference_app.py"
        script.write_text(REFERENCE_APP)
        launch_reference(script)  # warm-up: the OS file cache, compiled modules
        reference = min(launch_reference(script) for _ in range(args.runs))
    print(f"{'program':<44} {'first screen':>13} {'ratio':>7} {'read all':>9} {'step mean':>10} {'step max':>9}")
    print(f"{'minimal Textual app (Header + Static)':<44} {reference * 1000:>10.0f} ms {1:>7.2f}")
    worst = 0.0
    for capture in captures:
        if not capture.exists():
            print(f"{capture}: missing, skipped")
            continue
        try:
            bench_capture(capture, steps=0)  # warm-up
            results = [bench_capture(capture) for _ in range(args.runs)]
        except (TimeoutError, RuntimeError) as exc:  # say what the screen showed, go on
            print(f"{capture.name}: failed; last screen:\n{exc}")
            worst = float("inf")
            continue
        first = min(r["first"] for r in results)
        best = min(results, key=lambda r: statistics.mean(r["steps"]) if r["steps"] else 1e9)
        steps = best["steps"]
        mean = statistics.mean(steps) * 1000 if steps else float("nan")
        peak = max(steps) * 1000 if steps else float("nan")
        worst = max(worst, first / reference)
        name = f"hexview {capture.name} ({capture.stat().st_size / 1e6:.1f} MB)"
        print(
            f"{name:<44} {first * 1000:>10.0f} ms {first / reference:>7.2f} {best['loaded']:>8.1f}s"
            f" {mean:>7.1f} ms {peak:>6.1f} ms  ({len(steps)} steps)"
        )
    print(f"targets: first screen <= 2.00x the minimal app (worst {worst:.2f}x); step < 30 ms")
    return 1 if worst == float("inf") else 0


if __name__ == "__main__":
    sys.exit(main())
