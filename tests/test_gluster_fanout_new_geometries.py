"""The cluster views on geometries they were not built on: disperse 6 redundancy 2 (k = 4)
with a brick killed, revived and healed by the client, and distributed-replicate 2 x 2
with a brick killed; and a node capture shifted by another amount.

Golden values, none from hexview: tshark's RPC fields (``.tshark-rpc.tsv``: which
frames are FOP calls, on which stream, with which xid and procedure number); the
volumes as created (``.servers.txt``: ``gluster volume info`` brick order -- the
client translators ``VOL-client-N`` are the bricks in that order, replica sets are
consecutive pairs -- and which brick was killed, ``.events.txt``); the bricks' xattrs
after the run (``getfattr -d -m . -e hex`` in ``.servers.txt``); EC's geometry from
its sources (a fragment is EC_METHOD_CHUNK_SIZE = 512 bytes, a stripe k * 512, the
heal bit EC_SELFHEAL_BIT = 62, a heal's credential pid GF_CLIENT_PID_SELF_HEALD = -6);
the workload (tools/captures/cluster_workload.py: 3000 bytes at offset 1000); and the
``editcap -t -0.75`` shift of a node's capture. tests/data/cluster/README.md says how
each was made.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

CLUSTER = Path(__file__).parent / "data" / "cluster"
EC6 = CLUSTER / "gluster-ec6-brick-killed-healed"
DR = CLUSTER / "gluster-dist-rep-2x2-brick-killed"
FOP_PROGRAM = 1298437
WRITE, READ, FXATTROP = 13, 12, 34  # GlusterFS FOP procedure numbers (tshark's rpc.procedure)
E_BIN = "24fd6e1b-7777-44ed-bc47-c8df87006f91"  # trusted.gfid of e.bin on every brick (getfattr)
F0 = "6e4d5f72-926d-4ef5-87e6-5a1efea0baa3"  # trusted.gfid of d/f0 (getfattr)
HEAL_BIT = 1 << 62


def hexview(*args: object) -> list[dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, "-m", "hexview", *map(str, args)], capture_output=True, text=True, check=True, timeout=600
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


def fop_calls(base: Path) -> dict[tuple[int, int], int]:
    """tshark: (tcp.stream, xid) -> procedure number of every GlusterFS FOP call."""
    calls: dict[tuple[int, int], int] = {}
    lines = (base.parent / f"{base.name}.tshark-rpc.tsv").read_text().splitlines()
    for line in lines[1:]:
        f = line.split("\t")
        programs, procedures = iter(f[9].split(",")), iter(f[11].split(","))
        for kind, xid in zip(f[7].split(","), f[8].split(","), strict=True):
            if kind != "0":
                continue
            program, procedure = int(next(programs)), int(next(procedures))
            if program == FOP_PROGRAM:
                calls[(int(f[2]), int(xid, 16))] = procedure
    return calls


def messages(base: Path) -> dict[int, tuple[int, int]]:
    """hexview --json: message index -> (stream, xid), to put its fan-out next to tshark."""
    found = {}
    for m in hexview("--json", f"{base}.pcap"):
        rpc = next((f for f in m["fields"] if f["name"] == "rpc"), None)
        if rpc is not None:  # a message that is no RPC record (none is a fan-out member)
            found[m["index"]] = (m["stream"], next(c["value"] for c in rpc["children"] if c["name"] == "xid"))
    return found


@pytest.fixture(scope="module")
def dr() -> tuple[list[dict[str, Any]], dict[int, tuple[int, int]]]:
    return hexview("--fanout", "--json", f"{DR}.pcap"), messages(DR)


@pytest.fixture(scope="module")
def ec6() -> tuple[list[dict[str, Any]], dict[int, tuple[int, int]]]:
    return hexview("--fanout", "--json", f"{EC6}.pcap"), messages(EC6)


def replica_set(brick: str) -> int:
    """volume info lists r1 r2 r3 r4 with replica 2: drvol-client-0/1 are set 0, 2/3 set 1."""
    assert brick.startswith("drvol-client-")
    return int(brick.removeprefix("drvol-client-")) // 2


def test_dr_groups_never_mix_the_two_replica_sets(dr) -> None:
    groups, index = dr
    calls = fop_calls(DR)
    seen = Counter(index[m["call"]] for g in groups for m in g["members"])
    assert set(seen) == set(calls) and set(seen.values()) == {1}  # every FOP call once, none dropped
    for g in groups:
        assert len({replica_set(m["brick"]) for m in g["members"]}) == 1, g
        assert len({calls[index[m["call"]]] for m in g["members"]}) == 1
        assert len({m["stream"] for m in g["members"]}) == len(g["members"])
    # DHT sends the mount's first STATFS of the root to both sets: two groups of two, not one of four
    statfs = [g for g in groups if g["procedure"] == "STATFS"][:2]
    assert sorted(sorted(m["brick"] for m in g["members"]) for g in statfs) == [
        ["drvol-client-0", "drvol-client-1"],
        ["drvol-client-2", "drvol-client-3"],
    ]


def test_dr_the_stale_replica_differs_on_the_pending_counter(dr) -> None:
    """r1 (drvol-client-0) blames drvol-client-1 for data (getfattr on r1 after the run:
    trusted.afr.drvol-client-1=0x000000010000000000000000); r2 has no such key."""
    groups, _ = dr
    lookups = [g for g in groups if g["procedure"] == "LOOKUP" and g["gfid"] == F0 and g["name"] == "f0"]
    last = lookups[-1]  # C1: after the restart
    assert [m["brick"] for m in last["members"]] == ["drvol-client-0", "drvol-client-1"]
    assert "xdata.trusted.afr.drvol-client-1" in last["differs"]
    r1, r2 = last["members"]
    assert r1["fields"]["xdata.trusted.afr.drvol-client-1"] == "data_pending=1, metadata_pending=0, entry_pending=0"
    assert "xdata.trusted.afr.drvol-client-1" not in r2["fields"]
    assert "fields" in r1["differs"] and "fields" in r2["differs"]  # two answers, no majority: both marked
    assert "drvol-client-0: blames drvol-client-1 1/0/0" in last["meaning"]


def test_ec6_fan_out_covers_its_calls(ec6) -> None:
    groups, index = ec6
    calls = fop_calls(EC6)
    members = [m for g in groups for m in g["members"]]
    assert Counter(index[m["call"]] for m in members) == Counter(set(calls))
    grouped = sum(len(g["members"]) for g in groups if len(g["members"]) >= 2)
    assert grouped / len(calls) >= 0.95
    # brick 5 (dvol-client-4, bit 4) was killed: the unaligned write then went to the other five
    down = [g for g in groups if g["procedure"] == "WRITE" and len(g["members"]) == 5]
    assert len(down) == 1 and "mask=0x2f" in down[0]["meaning"]
    assert {m["brick"] for m in down[0]["members"]} == {f"dvol-client-{n}" for n in (0, 1, 2, 3, 5)}


def test_ec6_unaligned_write_reads_both_partial_stripes_then_writes_them(ec6) -> None:
    """3000 bytes at 1000 on k = 4: file bytes 1000-4000 lie in stripes 0 (0-2048) and 1
    (2048-4096), both partly: READs of fragments 0+512 and 512+512 from k bricks, then
    a WRITE of fragment 0+1024 (file 0-4096) to all six."""
    groups, index = ec6
    calls = fop_calls(EC6)
    story = next(s for s in hexview("--ec-writes", "--json", f"{EC6}.pcap") if "read tail stripe" in str(s))
    assert story["geometry"] == "4+2, chunk 512 (stripe 2048)" and story["unaligned"] is True
    assert story["heal"] is False
    steps = {s["step"]: s for s in story["members"]}
    assert steps["read head stripe"]["detail"] == "fragment 0+512 = file 0-2048 (stripe 0)"
    assert steps["read tail stripe"]["detail"] == "fragment 512+512 = file 2048-4096 (stripe 1)"
    assert steps["write stripes 0-1"]["detail"].startswith("fragment 0+1024 = file 0-4096 (stripes 0-1)")
    assert len(steps["read head stripe"]["calls"]) == 4  # k bricks
    assert len(steps["write stripes 0-1"]["calls"]) == 6
    assert {calls[index[c]] for c in steps["write stripes 0-1"]["calls"]} == {WRITE}
    assert {calls[index[c]] for c in steps["read tail stripe"]["calls"]} == {READ}


def test_ec6_heal_is_told_as_a_heal(ec6) -> None:
    """The revived brick's heal, by the client (credential pid -6): the sink alone marked
    with EC's heal bit, truncated, its fragments rebuilt from the sources, then its
    version and size brought to the others' (getfattr on d5 after the run: version
    0x...02...02, size 0x2008 = 8200)."""
    groups, index = ec6
    calls = fop_calls(EC6)
    heals = [s for s in hexview("--ec-writes", "--json", f"{EC6}.pcap") if s["heal"]]
    steps = [s for session in heals for s in session["members"]]
    named = {s["step"]: s for s in steps}
    mark = named["mark sinks under heal"]
    assert mark["detail"] == "version +2^62/+0 -> 2^62+1/1; on dvol-client-4"
    assert [calls[index[c]] for c in mark["calls"]] == [FXATTROP]
    assert named["rebuild"]["detail"] == "fragment 0+2560 = file 0-10240 (stripes 0-4); on dvol-client-4"
    assert named["read sources"]["detail"].endswith("on dvol-client-0, dvol-client-2, dvol-client-3, dvol-client-5")
    assert not any(s["step"].startswith(("read head", "read tail", "write stripe")) for s in steps)
    assert all(session["unaligned"] is False for session in heals)
    update = next(s for s in steps if s["step"] == "update size/version" and "size" in s["detail"])
    assert update["detail"] == "size +8 -> 8200; version -2^62+1/+0 -> 2/1; on dvol-client-4"
    # the sink's mark is its own group: the next FXATTROP, on all six bricks, adds nothing
    group = next(g for g in groups if g["members"][0]["call"] == mark["call"])
    assert [m["brick"] for m in group["members"]] == ["dvol-client-4"]


def test_ec6_xattrs_end_as_the_bricks_hold_them() -> None:
    """The last trusted.ec.* value each brick reported for e.bin is the one getfattr read
    from the brick afterwards: config 0x0000080602000200, size 0x2008, version 2/2, dirty 0/0."""
    last: dict[tuple[str, str], object] = {}
    for row in hexview("--xattrs", "--json", f"{EC6}.pcap"):
        if row["gfid"] == E_BIN and row["source"] == "reply":
            for brick, value in row["bricks"].items():
                last[(row["key"], brick)] = value
    bricks = [f"dvol-client-{n}" for n in range(6)]
    for brick in bricks:
        assert last[("trusted.ec.config", brick)] == {
            "version": 0,
            "algorithm": 0,
            "gf_word_size": 8,
            "bricks": 6,
            "redundancy": 2,
            "chunk_size": 512,
        }
        assert last[("trusted.ec.size", brick)] == 0x2008
        assert last[("trusted.ec.version", brick)] == {"data": 2, "metadata": 2}
        assert last[("trusted.ec.dirty", brick)] == {"data": 0, "metadata": 0}


def test_a_node_clock_shifted_back_is_estimated() -> None:
    """node2's capture moved 0.75 s back by editcap: its offset against the client's is
    estimated inside bounds that hold -0.75, and every one of its 166 TCP segments is
    also in another node's file (compared on addresses, IP id, ports, sequence and
    acknowledgment numbers, flags, length and payload with tshark)."""
    rows = hexview(
        "--nodes",
        "--json",
        CLUSTER / "gluster-nodes-client.pcap",
        CLUSTER / "gluster-nodes-node1.pcap",
        CLUSTER / "gluster-nodes-node2-clock-minus-0.75.pcap",
    )
    node2 = next(r for r in rows if r.get("file", "").endswith("clock-minus-0.75.pcap"))
    assert node2["low"] <= -0.75 <= node2["high"]
    assert abs(node2["offset"] + 0.75) < 0.0005
    assert node2["copies"] == 166 and node2["packets"] == 169
