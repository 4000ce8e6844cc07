#!/usr/bin/env python3
"""Store tshark's ONC RPC response-time tables of the shared captures beside the tests.

For every GlusterFS and NFS pcap in ../shared/captures: ``tshark -q -z rpc,programs``
into tests/data/srt/NAME.rpc-programs.tshark.txt, then for each program and version that
table lists, ``tshark -q -z rpc,srt,PROG,VERS`` into NAME.rpc-srt-PROG-VERS.tshark.txt.
tests/test_stats.py compares ``hexview --stats --json`` with these files (tshark is
not needed to run the tests). Also, for the server split, the srt tables of the
replica-3 capture's bricks one by one (``rpc,srt,PROG,VERS,tcp.port==PORT`` into
NAME.rpc-srt-PROG-VERS-port-PORT.tshark.txt) and filtered by op_errno (``rpc,srt,PROG,VERS,
gluster.op_errno==2`` into NAME.rpc-srt-PROG-VERS-filtered.tshark.txt), and for the NFSv4
operation rows every NFS
reply's operations and statuses (``-T fields -e nfs.opcode -e nfs.nfsstat4`` into
NAME.nfs-reply-ops.tshark.txt). For the shapes ``--stats --detail`` draws and the filter
of a row, a few captures' RPC messages one a line: frame, time since the first packet,
ports, message type, program, version, procedure, the other frame of the exchange and
a reply's response time (``-T fields``, into NAME.rpc-exchanges.tshark.txt). Run it
again when a capture changes:

    .venv/bin/python tools/srt_reference.py
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAPTURES = ROOT.parent / "shared" / "captures"
OUT = ROOT / "tests" / "data" / "srt"
KINDS = ("gluster", "nfs")
# tshark takes port 647's records for DHCP failover unless told not to (as tests/data/nfs4-fields)
TSHARK = ("tshark", "-n", "--disable-protocol", "dhcpfo")
# capture -> (program, version, the server ports whose tables are stored one by one)
SERVER_SPLITS = {"gluster-fuse-replica3-afr": (1298437, 400, (52165, 56218, 56231))}
# capture -> (program, version, a tshark display filter): for ``hexview --stats -Y``
FILTERED = {"gluster-fuse-replica3-afr": (1298437, 400, "gluster.op_errno==2")}
# captures whose RPC messages are listed one a line (``exchanges``)
EXCHANGES = {"gluster-fuse-replica3-afr", "nfs-v41-pynfs-pnfs-v42"}
EXCHANGE_FIELDS = (
    "frame.number",
    "frame.time_relative",
    "tcp.srcport",
    "tcp.dstport",
    "rpc.msgtyp",
    "rpc.program",
    "rpc.programversion",
    "rpc.procedure",
    "rpc.repframe",
    "rpc.time",
)
PROGRAM_LINE = re.compile(r"^\S.*?\((\d+)\)\s+(\d+)\s+\d+\s")


def tshark(pcap: Path, table: str) -> str:
    return run(pcap, "-q", "-z", table)


def run(pcap: Path, *options: str) -> str:
    done = subprocess.run([*TSHARK, "-r", str(pcap), *options], capture_output=True, text=True, check=True)
    return done.stdout


def programs(table: str) -> list[tuple[int, int]]:
    """(program, version) of every row of an ``rpc,programs`` table."""
    return [(int(m.group(1)), int(m.group(2))) for line in table.splitlines() if (m := PROGRAM_LINE.match(line))]


def exchanges(pcap: Path) -> str:
    """Every RPC message of ``pcap``, one a line: EXCHANGE_FIELDS, tab-separated (tshark
    4.0 names the call's frame ``rpc.repframe`` on a reply)."""
    fields = [option for name in EXCHANGE_FIELDS for option in ("-e", name)]
    return run(pcap, "-Y", "rpc", "-T", "fields", "-E", "occurrence=f", *fields)


def main() -> int:
    if not CAPTURES.is_dir():
        print(f"srt_reference: no captures at {CAPTURES}", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        for pcap in sorted((CAPTURES / kind).glob("*.pcap")):
            table = tshark(pcap, "rpc,programs")
            (OUT / f"{pcap.stem}.rpc-programs.tshark.txt").write_text(table)
            for prog, vers in programs(table):
                srt = tshark(pcap, f"rpc,srt,{prog},{vers}")
                (OUT / f"{pcap.stem}.rpc-srt-{prog}-{vers}.tshark.txt").write_text(srt)
            if pcap.stem in SERVER_SPLITS:
                prog, vers, ports = SERVER_SPLITS[pcap.stem]
                for port in ports:
                    srt = tshark(pcap, f"rpc,srt,{prog},{vers},tcp.port=={port}")
                    (OUT / f"{pcap.stem}.rpc-srt-{prog}-{vers}-port-{port}.tshark.txt").write_text(srt)
            if pcap.stem in FILTERED:
                prog, vers, expression = FILTERED[pcap.stem]
                srt = tshark(pcap, f"rpc,srt,{prog},{vers},{expression}")
                (OUT / f"{pcap.stem}.rpc-srt-{prog}-{vers}-filtered.tshark.txt").write_text(srt)
            if kind == "nfs":
                fields = ("-T", "fields", "-e", "frame.number", "-e", "nfs.opcode", "-e", "nfs.nfsstat4")
                ops = run(pcap, "-Y", "rpc.msgtyp == 1 && nfs", *fields)
                (OUT / f"{pcap.stem}.nfs-reply-ops.tshark.txt").write_text(ops)
            if pcap.stem in EXCHANGES:
                (OUT / f"{pcap.stem}.rpc-exchanges.tshark.txt").write_text(exchanges(pcap))
            print(pcap.stem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
