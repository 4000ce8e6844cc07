#!/usr/bin/env python3
"""``make bench``: hexview's throughput and memory, as ratios to references run alongside.

For each capture in ../shared/captures/bench (gunzipped into a temporary folder) it
times ``hexview --json`` on the ``-X`` text and reports packets and messages per
second and peak RSS, beside the floor (``cat FILE > /dev/null``) and the anchor
(``tshark -r`` on the pcap of the same packets, with ``-T json`` and with ``-V``).
Absolute numbers depend on the machine; the ratios measured in the same run do not.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "captures" / "bench"
HEXVIEW = [sys.executable, "-m", "hexview.cli"]


def run_measured(argv: list[str], stdout=subprocess.DEVNULL, stdin=None) -> tuple[float, int, int]:
    """(seconds, peak RSS in bytes, exit status) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL, stdin=stdin)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss * 1024, proc.returncode


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
        print("installing tshark with apt-get for the anchor measurement…", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", "tshark"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return shutil.which("tshark")


def count_lines(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def human(n: float) -> str:
    for unit in ("", "k", "M", "G"):
        if abs(n) < 1000:
            return f"{n:.1f}{unit}"
        n /= 1000
    return f"{n:.1f}T"


def bench_capture(name: str, text: Path, pcap: Path | None, tshark: str | None) -> None:
    size = text.stat().st_size
    print(f"\n== {name}: {text.name} ({size / 1e6:.1f} MB text)", flush=True)
    cat_s, _, _ = run_measured(["cat", str(text)])
    out = text.with_suffix(".hexview.jsonl")
    with open(out, "wb") as sink:
        hv_s, hv_rss, status = run_measured(HEXVIEW + ["--json", str(text)], stdout=sink)
    messages = count_lines(out)
    out.unlink()
    packets = _packet_count(text)
    print(f"hexview --json   {hv_s:8.2f} s  {human(packets / hv_s)} packets/s  {human(messages / hv_s)} messages/s  "
          f"peak RSS {hv_rss / 1e6:.0f} MB ({hv_rss / size:.2f}x text size)  exit {status}")
    print(f"cat (floor)      {cat_s:8.2f} s  hexview/cat = {hv_s / max(cat_s, 1e-6):.1f}x")
    if tshark is None or pcap is None:
        print("tshark (anchor)  missing: install tshark to measure the anchor")
        return
    for mode in (["-T", "json"], ["-V"]):
        ts_s, ts_rss, _ = run_measured([tshark, "-r", str(pcap), *mode])
        print(f"tshark {' '.join(mode):8s}  {ts_s:8.2f} s  peak RSS {ts_rss / 1e6:.0f} MB  hexview/tshark = {hv_s / ts_s:.2f}x"
              f"  ({'faster' if hv_s < ts_s else 'slower'})")


def _packet_count(text: Path) -> int:
    """Packets in tcpdump text: lines that do not start with whitespace and have a hex row after them."""
    count = 0
    with open(text, "rb") as f:
        for line in f:
            if line[:1] not in (b"\t", b" ", b"\n") and b" > " in line:
                count += 1
    return count


def main() -> int:
    if not BENCH.is_dir():
        print(f"no benchmark captures at {BENCH}", file=sys.stderr)
        return 1
    tshark = ensure_tshark()
    with tempfile.TemporaryDirectory(prefix="hexview-bench-") as tmp:
        folder = Path(tmp)
        for text_gz in sorted(BENCH.glob("*.X.txt.gz")):
            name = text_gz.name[: -len(".X.txt.gz")]
            text = gunzip(text_gz, folder)
            pcap_gz = BENCH / f"{name}.pcap.gz"
            pcap = gunzip(pcap_gz, folder) if pcap_gz.exists() else None
            bench_capture(name, text, pcap, tshark)
            text.unlink()
            if pcap is not None:
                pcap.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
