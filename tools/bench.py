#!/usr/bin/env python3
"""``make bench``: every figure of hexview's speed and memory targets, each beside its
reference measured in the same run on the same machine, with the ratio and PASS/FAIL.

On ``bench-small-ops`` from ../shared/captures/bench (the pcap and its ``tcpdump -X``
text, gunzipped into a temporary folder):

- ``hexview --json`` and ``--print`` on the pcap and on the text, against ``tshark -V``
  on the pcap; ``hexview --summary`` (when ``hexview --help`` lists it) against
  ``tshark -r`` (one line a packet); ``hexview --stats`` against ``tshark -q -z
  rpc,programs``; the peak RSS of each hexview run;
- the interactive view in a pseudo-terminal (tools/tui_bench.py): the whole pcap read
  (against ``--summary``), the median of 200 next-message steps, one search through
  every message (against ``tshark -V``) with the memory it adds; on the text: the first
  screen (against a minimal Textual app) and the RSS once the whole text is read.

Absolute numbers depend on the machine and its load; the ratios measured side by side do
much less. ``--write FILE`` also keeps the run, with the machine's description, as
Markdown (``make bench`` writes docs/bench.md).
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import gzip
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "captures" / "bench"
HEXVIEW = [sys.executable, "-m", "hexview.cli"]
CAPTURE = "bench-small-ops"
MB = 1e6
NO_MATCH = "hexview_bench_nothing=1"  # a field query no message matches: every message is decoded

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tui_bench  # noqa: E402  (the view's measurements, also a script of its own)


@dataclass
class Figure:
    work: str
    value: float | None  # None: not measured (the reason in ``shown``)
    shown: str  # the value as printed, with its unit
    reference: str  # what it is compared with, and that measurement
    ratio: float | None  # value / reference (or / the goal, for absolute goals)
    target: str
    limit: float  # the ratio must be <= limit

    @property
    def verdict(self) -> str:
        if self.value is None or self.ratio is None:
            return "n/a"
        if not math.isfinite(self.limit):
            return "shown"
        return "PASS" if self.ratio <= self.limit else "FAIL"


class Stopped(Exception):
    """The run was told to stop (SIGTERM, e.g. from ``timeout``): keep what was measured."""


def _stop(signum, frame) -> None:
    raise Stopped()


def run_measured(argv: list[str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in bytes, exit status) of one child process, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:  # stopped: the child goes too
        proc.kill()
        proc.wait()
        raise
    return time.perf_counter() - start, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


def compile_bytecode() -> None:
    """Measure hexview as installed: pip compiles a wheel's modules to bytecode when it
    installs them, while an editable install run with PYTHONDONTWRITEBYTECODE (as CI
    and sandboxes set it) would compile all of them again at every start -- a third of a
    second each run that no user pays. Stale bytecode is recompiled here too."""
    for folder in ("hexview", "tui", "compiled"):
        compileall.compile_dir(str(ROOT / folder), quiet=1)


def gunzip(src: Path, folder: Path) -> Path:
    dest = folder / src.name[: -len(".gz")]
    with gzip.open(src, "rb") as fin, open(dest, "wb") as fout:
        shutil.copyfileobj(fin, fout, 1 << 20)
    return dest


def ensure_tshark() -> str | None:
    found = shutil.which("tshark")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        print("installing tshark with apt-get for the reference measurements…", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "tshark"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    return shutil.which("tshark")


def has_summary() -> bool:
    """Whether this hexview offers ``--summary`` (its --help lists it)."""
    out = subprocess.run(HEXVIEW + ["--help"], capture_output=True, text=True, cwd=ROOT).stdout
    return "--summary" in out


def machine(tshark: str | None) -> list[str]:
    """One line each: CPU model, cores, memory, load, Python, Textual, tshark, hexview commit."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
        )
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    tshark_version = "missing"
    if tshark:
        tshark_version = subprocess.run([tshark, "-v"], capture_output=True, text=True).stdout.splitlines()[0]
    try:
        import textual

        textual_version = textual.__version__
    except (ImportError, AttributeError):
        textual_version = "unknown"
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True
    ).stdout.strip()
    return [
        f"date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"CPU: {cpu}, {os.cpu_count()} cores",
        f"memory: {memory}; load average at the start: {load}",
        f"OS: {platform.system()} {platform.release()} ({platform.machine()})",
        f"Python {platform.python_version()}, Textual {textual_version}, {tshark_version}",
        f"hexview: {commit or 'unknown'}",
    ]


def seconds(s: float) -> str:
    return f"{s:.2f} s" if s >= 1 else f"{s * 1000:.0f} ms"


def megabytes(n: float) -> str:
    return f"{n / MB:.0f} MB"


def timed(work: str, value: float | None, ref_name: str, ref: float | None, target: str, limit: float, why: str = "") -> Figure:
    if value is None or ref is None:
        return Figure(work, None, why or "not available", f"{ref_name} {seconds(ref) if ref else '—'}", None, target, limit)
    return Figure(work, value, seconds(value), f"{ref_name} {seconds(ref)}", value / ref, target, limit)


def against_goal(work: str, value: float | None, goal: float, unit: str, target: str, why: str = "") -> Figure:
    """A figure whose target is absolute: the ratio is to the goal itself."""
    if value is None:
        return Figure(work, None, why or "not available", f"goal {goal:g} {unit}", None, target, 1.0)
    shown = f"{value:.1f} {unit}" if unit == "ms" else f"{value:.0f} {unit}"
    return Figure(work, value, shown, f"goal {goal:g} {unit}", value / goal, target, 1.0)


def print_row(f: Figure) -> None:
    ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
    print(f"{f.work:<58} {f.shown:>14}  {f.reference:<28} {ratio:>7}  {f.target:<24} {f.verdict}", flush=True)


def cli_figures(pcap: Path, text: Path, tshark: str | None, report, hexview: bool = True) -> dict:
    """The command-line figures; returns the times other figures compare with (only those
    of tshark and ``--summary`` unless ``hexview``)."""
    found: dict = {}
    if tshark:
        found["tshark -V"], rss, _ = run_measured([tshark, "-r", str(pcap), "-V"])
        found["tshark -r"], _, _ = run_measured([tshark, "-r", str(pcap)])
        print(
            f"(tshark -V {seconds(found['tshark -V'])}, peak RSS {megabytes(rss)}; tshark -r {seconds(found['tshark -r'])})",
            flush=True,
        )
    tv = found.get("tshark -V")
    if not hexview:
        found["summary"] = None
        if has_summary():
            found["summary"], _, _ = run_measured(HEXVIEW + ["--summary", str(pcap)])
        return found
    rss_figures = []
    for option in ("--json", "--print"):
        for source, path, limit in (("pcap", pcap, 1.0), ("-X text", text, 1.2)):
            took, rss, status = run_measured(HEXVIEW + [option, str(path)])
            why = f"exit {status}" if status else ""
            report(
                timed(
                    f"hexview {option}, whole {source}",
                    None if status else took,
                    "tshark -V",
                    tv,
                    f"≤ {limit:.1f}× tshark -V",
                    limit,
                    why,
                )
            )
            if source == "pcap":
                rss_figures.append((option, None if status else rss))
    if has_summary():
        took, rss, status = run_measured(HEXVIEW + ["--summary", str(pcap)])
        found["summary"] = None if status else took
        report(
            timed(
                "hexview --summary, whole pcap",
                found["summary"],
                "tshark -r",
                found.get("tshark -r"),
                "≤ 0.5× tshark -r",
                0.5,
                f"exit {status}" if status else "",
            )
        )
        rss_figures.append(("--summary", None if status else rss))
    else:
        found["summary"] = None
        report(
            timed(
                "hexview --summary, whole pcap",
                None,
                "tshark -r",
                found.get("tshark -r"),
                "≤ 0.5× tshark -r",
                0.5,
                "not available",
            )
        )
        rss_figures.append(("--summary", None))
    figure, rss = stats_figure(pcap, tshark)
    report(figure)
    rss_figures.append(("--stats", rss))
    for option, rss in rss_figures:
        report(against_goal(f"peak RSS, hexview {option}, whole pcap", rss / MB if rss else None, 150, "MB", "≤ 150 MB"))
    return found


def stats_figure(pcap: Path, tshark: str | None) -> tuple[Figure, int | None]:
    """``hexview --stats`` against ``tshark -q -z rpc,programs`` (the same response-time
    table without percentiles), on the pcap; and the peak RSS of its largest process."""
    reference = run_measured([tshark, "-q", "-r", str(pcap), "-z", "rpc,programs"])[0] if tshark else None
    took, rss, status = run_measured(HEXVIEW + ["--stats", str(pcap)])
    why = f"exit {status}" if status else ""
    figure = timed(
        "hexview --stats, whole pcap", None if status else took, "tshark -z rpc,programs", reference, "≤ 1.0×", 1.0, why
    )
    return figure, None if status else rss


def stats_only(pcap_gz: Path, tshark: str | None, report) -> None:
    """``--stats-only``: the --stats row and its memory, nothing else (seconds, not minutes)."""
    with tempfile.TemporaryDirectory(prefix="hexview-bench-") as tmp:
        figure, rss = stats_figure(gunzip(pcap_gz, Path(tmp)), tshark)
    report(figure)
    report(against_goal("peak RSS, hexview --stats, whole pcap", rss / MB if rss else None, 150, "MB", "≤ 150 MB"))


def view_figures(pcap: Path, text: Path, found: dict, report) -> None:
    """The interactive view's figures, in a pseudo-terminal (tools/tui_bench.py)."""
    if not tui_bench.HEXVIEW.exists():
        print(f"no {tui_bench.HEXVIEW}: run `make run` once; the view is not measured", flush=True)
        return
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "reference_app.py"
        script.write_text(tui_bench.REFERENCE_APP)
        tui_bench.launch_reference(script)  # warm-up: the OS file cache, compiled modules
        minimal = statistics.median(tui_bench.launch_reference(script) for _ in range(5))
    # the pcap read by hexview itself (gzip): its read time, steps and a search through everything
    try:
        pcap_run = tui_bench.bench_capture(pcap, steps=tui_bench.STEPS, search=NO_MATCH)
    except (TimeoutError, RuntimeError) as exc:
        print(f"the view on {pcap.name} failed; last screen:\n{exc}", flush=True)
        pcap_run = None
    summary, tv = found.get("summary"), found.get("tshark -V")
    if pcap_run is None:
        report(timed("view: whole pcap read and framed", None, "--summary", summary, "≤ 1.2× --summary", 1.2, "failed"))
    elif summary is not None:
        report(timed("view: whole pcap read and framed", pcap_run["loaded"], "--summary", summary, "≤ 1.2× --summary", 1.2))
    else:  # no --summary yet: shown beside tshark -r, the target stays unjudged
        report(
            Figure(
                "view: whole pcap read and framed",
                pcap_run["loaded"],
                seconds(pcap_run["loaded"]),
                f"tshark -r {seconds(found['tshark -r'])}" if found.get("tshark -r") else "—",
                pcap_run["loaded"] / found["tshark -r"] if found.get("tshark -r") else None,
                "≤ 1.2× --summary (n/a)",
                float("nan"),
            )
        )
    steps = pcap_run["steps"] if pcap_run else []
    report(
        against_goal(
            f"view: next-message step, median of {len(steps)}",
            statistics.median(steps) * 1000 if steps else None,
            30,
            "ms",
            "≤ 30 ms",
        )
    )
    if pcap_run and "search" in pcap_run:
        report(
            timed("view: search through every message (no match)", pcap_run["search"], "tshark -V", tv, "≤ 1.0× tshark -V", 1.0)
        )
        added = max(pcap_run["rss_search_peak"], pcap_run["rss_after_search"]) - pcap_run["rss_before_search"]
        report(
            against_goal(
                f"view: RSS the search added (from {megabytes(pcap_run['rss_before_search'])})", added / MB, 50, "MB", "≤ 50 MB"
            )
        )
    # the 502 MB text: the first screen and the memory once it is all read
    try:
        text_run = tui_bench.bench_capture(text, steps=0)
    except (TimeoutError, RuntimeError) as exc:
        print(f"the view on {text.name} failed; last screen:\n{exc}", flush=True)
        text_run = None
    size = f"{text.stat().st_size / MB:.0f} MB text"
    try:  # like the minimal app's: the median of five launches after a warm-up
        first = tui_bench.first_screen(text)
    except (TimeoutError, RuntimeError):
        first = None
    report(timed(f"view: first screen, {size}", first, "minimal Textual app", minimal, "≤ 2× minimal app", 2.0, "failed"))
    report(
        timed(
            f"view: whole {size} read and framed",
            text_run and text_run["loaded"],
            "tshark -V",
            tv,
            "— (shown only)",
            float("inf"),
            "failed",
        )
    )
    report(
        against_goal(
            f"view: peak RSS once the {size} is read", text_run and text_run["peak_read"] / MB, 300, "MB", "≤ 300 MB", "failed"
        )
    )


def earlier_cli_rows(path: Path) -> tuple[str, list[str]]:
    """The command-line rows (and the date) of the run kept in ``path``, for a view-only run."""
    date, rows = "unknown", []
    if path.exists():
        for line in path.read_text().splitlines():
            if line.startswith("- date: "):
                date = line[len("- date: ") :]
            elif line.startswith("| ") and not line.startswith(("| view:", "| work |")):
                rows.append(line)
    return date, rows


def write_markdown(
    path: Path, lines: list[str], figures: list[Figure], started: float, state: str, earlier: tuple[str, list[str]] | None = None
) -> None:
    out = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`tools/bench.py --write docs/bench.md`): the last run, so that a",
        "regression shows in review. Every figure is measured in the same run as its reference, on",
        f"`{CAPTURE}` from the shared bench captures (the pcap, and its `tcpdump -X` text).",
        "Targets are those of the speed and memory issue; absolute numbers depend on the machine",
        "and its load.",
        "",
        "## Machine",
        "",
        *[f"- {line}" for line in lines],
        f"- the run {state} after {(time.perf_counter() - started) / 60:.1f} min",
        *(
            [f"- the rows not about the view are kept from the run of {earlier[0]} (this one measured the view only)"]
            if earlier
            else []
        ),
        "",
        "## Figures",
        "",
        "| work | hexview | reference | ratio | target | result |",
        "|---|---|---|---|---|---|",
        *(earlier[1] if earlier else []),
    ]
    for f in figures:
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
        out.append(f"| {f.work} | {f.shown} | {f.reference} | {ratio} | {f.target} | {f.verdict} |")
    verdicts = [f.verdict for f in figures] + [row.rstrip(" |").rsplit("| ", 1)[-1] for row in (earlier[1] if earlier else [])]
    passed, judged = verdicts.count("PASS"), verdicts.count("PASS") + verdicts.count("FAIL")
    out += ["", f"{passed} of {judged} judged targets met.", ""]
    path.write_text("\n".join(out))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", type=Path, metavar="FILE", help="also keep the run as Markdown in FILE")
    parser.add_argument("--no-view", action="store_true", help="the command-line figures only")
    parser.add_argument(
        "--view-only",
        action="store_true",
        help="the view's figures only (with the tshark references); --write keeps the other rows of FILE",
    )
    parser.add_argument("--stats-only", action="store_true", help="only hexview --stats against tshark, and its memory")
    args = parser.parse_args()
    if args.stats_only and args.write:
        parser.error("--stats-only: not with --write (docs/bench.md keeps whole runs)")
    pcap_gz, text_gz = BENCH / f"{CAPTURE}.pcap.gz", BENCH / f"{CAPTURE}.X.txt.gz"
    if not (pcap_gz.exists() and text_gz.exists()):
        print(f"no benchmark captures at {BENCH}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    compile_bytecode()
    tshark = ensure_tshark()
    lines = machine(tshark)
    print("\n".join(lines), flush=True)
    figures: list[Figure] = []
    earlier = earlier_cli_rows(args.write) if args.write and args.view_only else None

    def report(figure: Figure) -> None:
        figures.append(figure)
        print_row(figure)
        if args.write:  # kept as it goes: a run stopped half-way still shows what it measured
            write_markdown(args.write, lines, figures, started, "was still running", earlier)

    signal.signal(signal.SIGTERM, _stop)
    state = "ended"
    print(f"\n{'work':<58} {'hexview':>14}  {'reference':<28} {'ratio':>7}  {'target':<24} result", flush=True)
    try:
        if args.stats_only:
            stats_only(pcap_gz, tshark, report)
            return 0
        with tempfile.TemporaryDirectory(prefix="hexview-bench-") as tmp:
            pcap, text = gunzip(pcap_gz, Path(tmp)), gunzip(text_gz, Path(tmp))
            found = cli_figures(pcap, text, tshark, report, hexview=not args.view_only)
            if not args.no_view:
                view_figures(pcap, text, found, report)
    except (Stopped, KeyboardInterrupt):
        state = "was stopped (the figures after the last row were not measured)"
        print(f"\nstopped after {(time.perf_counter() - started) / 60:.1f} min", flush=True)
    passed = sum(f.verdict == "PASS" for f in figures)
    judged = sum(f.verdict in ("PASS", "FAIL") for f in figures)
    missing = sum(f.verdict == "n/a" for f in figures)
    print(f"\n{passed} of {judged} judged targets met" + (f"; {missing} not available" if missing else ""), flush=True)
    if args.write:
        write_markdown(args.write, lines, figures, started, state, earlier)
        print(f"written to {args.write}", flush=True)
    return 0 if state == "ended" else 1


if __name__ == "__main__":
    sys.exit(main())
