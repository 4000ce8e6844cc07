"""``--xattrs`` (GlusterFS xattrs per brick) on real captures, against the bytes.

Golden values are read here, independently of hexview's decoders, from each
message's bytes: an (F)XATTROP call's gfid is the first 16 bytes of its arguments
(after RFC 5531's call header), and a value is found after its key in the gfx_dict
(key length, the key and its NUL padded to 4, the type, the value's length, the
value): trusted.ec.version / dirty two big-endian 64-bit counters, trusted.ec.size
one, trusted.afr.* three signed 32-bit ones (glusterfs ec-common.h, afr.h). Which
brick a connection is comes from tshark's decode of its SETVOLUME (process-uuid's
PC_NAME), by the client's port.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from hexview.pipeline import Pipeline
from hexview.protocols.cross_views import run_view
from hexview.protocols.rpc.gluster.xattr_view import XATTRS, mdata_times
from hexview.readers import open_input
from shared_paths import CAPTURES
from tampered import TAMPERED_DATA_PENDING, tampered_replica

ROOT = Path(__file__).resolve().parents[1]
GLUSTER = CAPTURES / "gluster"
CLUSTER = ROOT / "tests" / "data" / "cluster"
FOP, XATTROP, FXATTROP = 1298437, 33, 34
EC_KEYS = {"trusted.ec.version": ">QQ", "trusted.ec.dirty": ">qq", "trusted.ec.size": ">Q"}


def needs(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path.name} not available")
    return path


def bricks_by_port(tshark_txt: Path) -> dict[int, str]:
    """Client port -> the translator its SETVOLUME named, from tshark -V's text."""
    found = {}
    for block in re.split(r"\n(?=Frame \d+:)", tshark_txt.read_text()):
        port = re.search(r"Src Port: (\d+),", block)
        name = re.search(r"\n\s+process-uuid: .*-PC_NAME:(\S+?)-RECON_NO:", block)
        if port and name:
            found[int(port[1])] = name[1]
    return found


def _u32(data: bytes, at: int) -> int:
    return struct.unpack_from(">I", data, at)[0]


def call_args(data: bytes) -> int:
    """Where an ONC RPC call's arguments start in a record-marked message."""
    at = 4 + 24  # record mark; xid, type, rpcvers, prog, vers, proc
    at += 8 + (_u32(data, at + 4) + 3) // 4 * 4  # credential
    return at + 8 + (_u32(data, at + 4) + 3) // 4 * 4  # verifier


def dict_value(data: bytes, key: str) -> bytes | None:
    """The value bytes of ``key`` in a gfx_dict found in ``data``, or None."""
    raw = key.encode() + b"\0"
    at = data.find(raw)
    if at < 4 or _u32(data, at - 4) != len(raw):
        return None
    at += len(raw) + (-len(raw) % 4) + 4  # the key, its padding, the type
    length = _u32(data, at)
    return data[at + 4 : at + 4 + length]


def uuid(raw: bytes) -> str:
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def observed(pcap: Path, keys: dict[str, str]) -> tuple[list[dict], list[tuple[str, int, str, str, tuple]]]:
    """The view's rows, and from the bytes every (F)XATTROP reply's (gfid, message
    number, brick, key, values)."""
    bricks = bricks_by_port(pcap.with_suffix(".tshark.txt"))
    messages = list(Pipeline().run(open_input(str(pcap))))
    expected = []
    for m in messages:
        p = m.params
        if m.kind != "reply" or p.get("prog") != FOP or p.get("proc") not in (XATTROP, FXATTROP) or m.pair is None:
            continue
        call = m.pair.data
        gfid = uuid(call[call_args(call) : call_args(call) + 16])
        for key, layout in keys.items():
            raw = dict_value(m.data, key)
            if raw is not None:
                expected.append((gfid, m.index, bricks[m.conversation.client.port], key, struct.unpack(layout, raw)))
    return run_view(XATTRS, messages), expected


def cell_of(rows: list[dict], gfid: str, key: str, brick: str, index: int) -> object:
    """The reply value the view took from message ``index`` for this brick."""
    for row in rows:
        if row["gfid"] == gfid and row["key"] == key and row["source"] == "reply" and row["at"].get(brick) == index:
            return row["bricks"][brick]
    for row in rows:  # joined into a row whose latest message for the brick is a later one (rounds never overlap)
        if (row["gfid"], row["key"], row["source"]) == (gfid, key, "reply") and row["first"] <= index <= row["last"]:
            return row["bricks"][brick]
    raise AssertionError(f"no row holds message {index} ({key} on {brick})")


def test_ec_values_from_every_xattrop_reply():
    pcap = needs(GLUSTER / "gluster-fuse-disperse-ec.pcap")
    rows, expected = observed(pcap, EC_KEYS)
    assert len(expected) >= 50 and {e[2] for e in expected} == {"ecvol-client-0", "ecvol-client-1", "ecvol-client-2"}
    for gfid, index, brick, key, values in expected:
        cell = cell_of(rows, gfid, key, brick, index)
        if key == "trusted.ec.size":
            assert cell == values[0], (index, key, brick)
        else:
            assert cell == {"data": values[0], "metadata": values[1]}, (index, key, brick)
    # all bricks up: no reply row has a brick that disagrees
    assert not [r for r in rows if r["differs"]]


def test_afr_pending_counters_from_every_fxattrop_reply():
    pcap = needs(GLUSTER / "gluster-fuse-replica3-afr.pcap")
    keys = {f"trusted.afr.repvol-client-{n}": ">iii" for n in range(3)} | {"trusted.afr.dirty": ">iii"}
    rows, expected = observed(pcap, keys)
    assert len(expected) >= 48
    for gfid, index, brick, key, values in expected:
        assert cell_of(rows, gfid, key, brick, index) == dict(zip(("data", "metadata", "entry"), values, strict=True))
    assert not [r for r in rows if r["differs"]]
    # the amounts FXATTROP adds are signed: AFR's dirty goes +1 before a write and -1 after it
    dirty = {
        json.dumps(r["bricks"]["repvol-client-0"]) for r in rows if r["key"] == "trusted.afr.dirty" and r["source"] == "xattrop"
    }
    assert dirty == {'{"data": 1, "metadata": 0, "entry": 0}', '{"data": -1, "metadata": 0, "entry": 0}'}


def test_columns_are_the_bricks_and_rows_name_the_file():
    pcap = needs(GLUSTER / "gluster-fuse-replica3-afr.pcap")
    rows = run_view(XATTRS, Pipeline().run(open_input(str(pcap))))
    afr = [r for r in rows if r["key"].startswith("trusted.afr.")]
    assert {b for r in afr for b in r["bricks"]} == {"repvol-client-0", "repvol-client-1", "repvol-client-2"}
    # tshark: the CREATE calls name r.txt and r.bin (the files the FXATTROPs then update)
    assert {r["file"] for r in afr} == {"r.txt", "r.bin"}


def test_mdata_is_three_times():
    """posix_mdata_disk_t: version 1, flags, then ctime, mtime, atime (seconds, nanoseconds)."""
    raw = bytes([1]) + bytes(8) + struct.pack(">6Q", 1795448733, 637503363, 1795448724, 875991350, 1795448724, 753586020)
    assert mdata_times(raw) == {
        "ctime": "1795448733.637503363",
        "mtime": "1795448724.875991350",
        "atime": "1795448724.753586020",
    }
    assert mdata_times(raw[:-1]) is None and mdata_times(bytes([2]) + raw[1:]) is None


def servers_xattrs(path: Path) -> dict[tuple[str, str], dict[str, bytes]]:
    """``getfattr -d -m . -e hex`` of every file on every brick after the run (the
    capture's .servers.txt): (brick path, file) -> {key: value}."""
    found: dict[tuple[str, str], dict[str, bytes]] = {}
    current: dict[str, bytes] | None = None
    for line in path.read_text().splitlines():
        head = re.match(r"# brick (\S+), (\S+)$", line)
        if head:
            current = found.setdefault((head[1], head[2].rsplit("/", 1)[-1]), {})
        elif current is not None and re.match(r"trusted\.\S+=0x[0-9a-f]+$", line):
            key, value = line.split("=0x")
            current[key] = bytes.fromhex(value)
    return found


def translators_by_brick(pcap: Path) -> dict[str, str]:
    """Brick path -> client translator, from each SETVOLUME call's bytes (its dict
    carries remote-subvolume and process-uuid's PC_NAME)."""
    found = {}
    for m in Pipeline().run(open_input(str(pcap))):
        if m.name.startswith("GF-HNDSK SETVOLUME") and m.kind == "call":
            name = re.search(rb"PC_NAME:(\S+?)-RECON_NO:", m.data)[1].decode()
            brick = re.search(rb"(/[!-~]*/bricks/[a-z0-9]+)\0", m.data)[1].decode()
            found[brick] = name
    return found


LAYOUTS = {"trusted.ec.version": (">QQ", ("data", "metadata")), "trusted.ec.dirty": (">qq", ("data", "metadata"))}
AFR = (">iii", ("data", "metadata", "entry"))


@pytest.mark.parametrize(
    ("name", "file", "keys"),
    [
        ("gluster-ec-brick-killed", "b.bin", ("trusted.ec.version", "trusted.ec.dirty", "trusted.ec.size")),
        ("gluster-afr-brick-killed", "r.bin", ("trusted.afr.dirty", "trusted.afr.repvol-client-1")),
    ],
)
def test_a_killed_brick_disagrees(name, file, keys):
    """A brick killed for a write and started again (tests/data/cluster, no heal): on the
    LOOKUP after the restart it still holds the old values. The last reply row of each
    key says what every brick holds at the end, as getfattr on the bricks themselves
    says (.servers.txt; a key a brick lacks is null there), and marks the revived
    brick's cell, and only it."""
    pcap = needs(CLUSTER / f"{name}.pcap")
    servers = servers_xattrs(pcap.with_suffix(".servers.txt"))
    translators = translators_by_brick(pcap)
    assert len(set(translators.values())) == 3
    rows = run_view(XATTRS, Pipeline().run(open_input(str(pcap))))
    for key in keys:
        last = [r for r in rows if r["file"] == file and r["key"] == key and r["source"] == "reply"][-1]
        layout, parts = AFR if key.startswith("trusted.afr.") else LAYOUTS.get(key, (">Q", ()))
        expected = {}
        for brick, translator in translators.items():
            raw = servers[(brick, file)].get(key)
            values = struct.unpack(layout, raw) if raw is not None else None
            expected[translator] = None if values is None else dict(zip(parts, values, strict=True)) if parts else values[0]
        assert last["bricks"] == expected, key
        odd = [t for t in expected if list(expected.values()).count(expected[t]) == 1]
        assert last["differs"] == [f"bricks.{t}" for t in odd], key


def test_command_line_table_marks_and_json():
    pcap = needs(GLUSTER / "gluster-fuse-replica3-afr.pcap")
    run = [sys.executable, "-m", "hexview.cli", "--xattrs", str(pcap)]
    table = subprocess.run(run, capture_output=True, text=True, timeout=120, cwd=ROOT).stdout.splitlines()
    assert table[0].split() == [
        "gfid",
        "file",
        "xattr",
        "from",
        "repvol-client-0",
        "repvol-client-1",
        "repvol-client-2",
        "seen",
    ] + ["first"]
    lines = subprocess.run([*run, "--json"], capture_output=True, text=True, timeout=120, cwd=ROOT).stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == len(table) - 1 and {r["view"] for r in rows} == {"xattrs"}
    assert list(rows[0]) == ["view", "gfid", "file", "key", "source", "bricks", "at", "differs", "first", "last", "seen"]


def test_a_brick_that_says_otherwise_is_marked(tmp_path):
    """The replica capture with one FXATTROP reply of repvol-client-1 changed to say
    trusted.afr.dirty data pending 7 (tests/tampered.py): that cell, and only it, is marked."""
    needs(GLUSTER / "gluster-fuse-replica3-afr.pcap")
    pcap = tampered_replica(tmp_path / "tampered.pcap")
    rows = run_view(XATTRS, Pipeline().run(open_input(str(pcap))))
    marked = [r for r in rows if r["differs"]]
    assert len(marked) == 1
    (row,) = marked
    assert (row["key"], row["source"], row["differs"]) == ("trusted.afr.dirty", "reply", ["bricks.repvol-client-1"])
    assert row["bricks"]["repvol-client-1"]["data"] == TAMPERED_DATA_PENDING
    assert row["bricks"]["repvol-client-0"] == row["bricks"]["repvol-client-2"] != row["bricks"]["repvol-client-1"]
    text = subprocess.run(
        [sys.executable, "-m", "hexview.cli", "--xattrs", str(pcap)], capture_output=True, text=True, timeout=120, cwd=ROOT
    ).stdout
    (line,) = [line for line in text.splitlines() if "*" in line]
    assert "data=7 metadata=0 entry=0*" in line and line.count("*") == 1
