"""GlusterFS fan-out: brick calls grouped by operation, checked against tshark's decode
of the shared EC and replica captures and against the pcap's own TCP headers; EC
geometry from the seed's EC notes; the EC write story of the disperse capture.

Golden values: tshark's .tshark.json (which frames are FOP calls, their xid,
procedure, gfid, lock type, op_ret/op_errno), the TCP ports read straight from the
pcap records (which brick connection a frame is on), the XDR layouts of
../shared/docs/gluster.md read from the bytes (WRITE's fragment offset and size,
FXATTROP's trusted.ec.* values), and the workload of ../shared/captures/make/gluster.sh
(``echo "erasure coded hello" > small.txt`` = 20 bytes, then ``echo "appended line"
>> small.txt`` = 14 more; ``head -c 100000 > medium.bin``).
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from hexview.messages import Message
from hexview.pipeline import Pipeline
from hexview.protocols.cross_views import run_view
from hexview.protocols.rpc.gluster.ec import Geometry, geometry_of_config, range_text
from hexview.protocols.rpc.gluster.ec_story import EcWrites, session_row
from hexview.protocols.rpc.gluster.fanout import MAX_HELD, FanOut, Group, group_row
from hexview.protocols.rpc.gluster.fanout_views import EC_WRITES, FANOUT
from hexview.protocols.rpc.gluster.volfile import DISPERSE, REPLICATE, placements
from hexview.readers import open_input
from shared_paths import CAPTURES
from tshark_json import tshark_layers

GLUSTER = CAPTURES / "gluster"
EC = GLUSTER / "gluster-fuse-disperse-ec.pcap"
AFR = GLUSTER / "gluster-fuse-replica3-afr.pcap"
TINY = Path(__file__).parent / "data" / "gluster-tiny-brick-midstream.pcap"
FOP_PROGRAM = "1298437"
SMALL_TXT = "77bdcd22-4d20-4901-8634-1d1e1a37728e"  # tshark's glusterfs.gfid of small.txt
MEDIUM_BIN = "002c03ec-adc7-4a90-88b9-afcde84ad625"


def need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path.name} is not here (../shared beside the checkout?)")


def read(path: Path) -> tuple[list[Message], FanOut, list[Group]]:
    """The input's messages, and the fan-out's groups of them."""
    need(path)
    pipeline = Pipeline()
    messages = list(pipeline.run(open_input(str(path))))
    fanout = FanOut(lambda: pipeline.first_timestamp)
    groups = list(fanout.add_all(messages))
    return messages, fanout, groups


def tshark_fop_calls(path: Path) -> dict[tuple[int, int], str]:
    """(frame, xid) -> procedure number of every FOP call tshark decoded."""
    calls = {}
    for frame, layers in tshark_layers(path).items():
        rpc = layers.get("rpc", {})
        if rpc.get("rpc.msgtyp") == "0" and rpc.get("rpc.program") == FOP_PROGRAM:
            calls[(frame, int(rpc["rpc.xid"], 16))] = rpc["rpc.procedure"]
    return calls


def tcp_ports(path: Path) -> dict[int, tuple[int, int]]:
    """frame -> (source port, destination port), read from the pcap records' Ethernet,
    IPv4 and TCP headers (RFC 791, 793) without hexview."""
    data = path.read_bytes()
    assert struct.unpack_from("<I", data)[0] == 0xA1B2C3D4 and struct.unpack_from("<I", data, 20)[0] == 1  # µs, Ethernet
    ports, at, frame = {}, 24, 0
    while at < len(data):
        _, _, captured, _ = struct.unpack_from("<IIII", data, at)
        packet = data[at + 16 : at + 16 + captured]
        at += 16 + captured
        frame += 1
        if struct.unpack_from("!H", packet, 12)[0] != 0x0800 or packet[23] != 6:
            continue
        tcp = 14 + (packet[14] & 0x0F) * 4
        ports[frame] = struct.unpack_from("!HH", packet, tcp)
    return ports


def fop_procedure_numbers() -> dict[str, str]:
    from hexview.protocols.rpc.gluster.programs import FOP_PROCS

    return {name: str(number) for number, name in enumerate(FOP_PROCS)}


def call_id(message: Message) -> tuple[int, int]:
    """(last frame, xid from the record's bytes: after the 4-byte record mark)."""
    return message.frames[-1], struct.unpack_from("!I", message.data, 4)[0]


# -- grouping against tshark ----------------------------------------------------------------


@pytest.mark.parametrize("path", [EC, AFR], ids=["disperse-ec", "replica3-afr"])
def test_fop_calls_fall_into_groups_on_distinct_bricks(path: Path) -> None:
    """Issue 17's bar: at least 95% of the FOP calls tshark counts are in groups of 2 or
    more members, each member a FOP call of the group's procedure on its own brick
    connection (server port from the pcap); every call is in exactly one group."""
    messages, _, groups = read(path)
    by_index = {m.index: m for m in messages}
    calls = tshark_fop_calls(path)
    ports = tcp_ports(path)
    numbers = fop_procedure_numbers()
    seen: Counter[tuple[int, int]] = Counter()
    grouped = 0
    for group in groups:
        ids = [call_id(by_index[m.call]) for m in group.members]
        seen.update(ids)
        for ident in ids:
            assert calls[ident] == numbers[group.call.procedure], (ident, group.call.procedure)
        servers = [ports[frame][1] for frame, _ in ids]
        assert len(set(servers)) == len(servers), (group.call.procedure, ids)
        if len(ids) >= 2:
            grouped += len(ids)
    assert set(seen) == set(calls) and max(seen.values()) == 1  # none dropped, none twice
    assert grouped / len(calls) >= 0.95, (grouped, len(calls))


def test_a_lookup_group_matches_tshark_frame_by_frame() -> None:
    """The first LOOKUP of small.txt (by parent gfid and name) on the EC volume: its
    three calls are frames 135-137 on the three brick connections, every brick
    answered op_ret -1 ENOENT (tshark: gluster.op_ret, gluster.op_errno 2)."""
    messages, fanout, groups = read(EC)
    by_index = {m.index: m for m in messages}
    layers = tshark_layers(EC)
    group = next(g for g in groups if g.call.procedure == "LOOKUP" and g.call.name == "small.txt")
    frames = [by_index[m.call].frames[-1] for m in group.members]
    assert frames == [135, 136, 137]
    for frame in frames:
        assert layers[frame]["glusterfs"]["glusterfs.pargfid"] == "00000000-0000-0000-0000-000000000001"
        assert "Basename: small.txt" in layers[frame]["glusterfs"]
    reply_frames = [by_index[m.reply].frames[-1] for m in group.members if m.reply is not None]
    assert reply_frames == [138, 139, 140]
    for frame in reply_frames:
        assert (layers[frame]["glusterfs"]["gluster.op_ret"], layers[frame]["glusterfs"]["gluster.op_errno"]) == ("-1", "2")
    row = group_row(group, fanout)
    assert [(m["op_ret"], m["op_errno"]) for m in row["members"]] == [(-1, "ENOENT")] * 3
    assert row["gfid"] == "00000000-0000-0000-0000-000000000001" and row["name"] == "small.txt"
    assert row["differs"] == []


def args_at(call: bytes) -> int:
    """Where a call's arguments begin: record mark, six header words, credentials
    (flavor, length, body), an empty verifier (RFC 5531)."""
    cred = struct.unpack_from("!I", call, 32)[0]
    assert struct.unpack_from("!I", call, 36 + cred + 4)[0] == 0
    return 36 + cred + 8


def test_two_locks_back_to_back_stay_two_groups() -> None:
    """The root's INODELKs at frames 163-165 (tshark: type 2, an unlock) and 169-171
    (tshark calls them malformed; the gfid from the bytes) go to the same bricks with
    the same gfid: they are two groups of three, not one of six."""
    messages, _, groups = read(EC)
    by_index = {m.index: m for m in messages}
    layers = tshark_layers(EC)
    framed = [
        [by_index[m.call].frames[-1] for m in g.members]
        for g in groups
        if g.call.procedure == "INODELK" and 160 <= by_index[g.first_index].frames[-1] <= 175
    ]
    assert framed == [[163, 164, 165], [169, 170, 171]]
    assert {layers[f]["glusterfs"]["glusterfs.gfid"] for f in framed[0]} == {"00000000-0000-0000-0000-000000000001"}
    for group in framed:
        for frame in group:
            assert layers[frame]["rpc"]["rpc.procedure"] == "29"
    root = bytes(15) + b"\x01"
    for message in by_index.values():
        if message.kind == "call" and message.frames[-1] in framed[1]:
            assert message.data[args_at(message.data) : args_at(message.data) + 16] == root


def test_replica_fxattrop_shows_afr_counters_and_pending() -> None:
    """AFR's pre-op FXATTROP on r.txt (the first on gfid b12a83af…): each brick reports
    trusted.afr.dirty = data 1 (read from the reply's bytes: three big-endian s32),
    which the group's meaning names as pending."""
    messages, fanout, groups = read(AFR)
    by_index = {m.index: m for m in messages}
    group = next(g for g in groups if g.call.procedure == "FXATTROP" and g.call.gfid and g.call.gfid.startswith("b12a83af"))
    row = group_row(group, fanout)
    assert len(row["members"]) == 3
    for member in row["members"]:
        reply = by_index[member["reply"]].data
        at = reply.find(b"trusted.afr.dirty\0")
        assert at > 0
        # key padded to 4, then type (PTR 6), value length 12, three s32 counters
        value_at = at + 20
        assert struct.unpack_from("!II", reply, value_at) == (6, 12)
        counters = struct.unpack_from("!iii", reply, value_at + 8)
        assert counters == (1, 0, 0)
        assert member["fields"]["dict.trusted.afr.dirty"] == "data_pending=1, metadata_pending=0, entry_pending=0"
    assert row["meaning"] == (
        "AFR repvol-client-0: dirty 1/0/0; repvol-client-1: dirty 1/0/0; repvol-client-2: dirty 1/0/0 (data/metadata/entry)"
    )


def test_singletons_are_kept() -> None:
    """EC's READDIRP goes to one brick: each is a group of one, never dropped."""
    _, _, groups = read(EC)
    readdirp = [g for g in groups if g.call.procedure == "READDIRP"]
    assert readdirp and all(len(g.members) == 1 for g in readdirp)


def test_client_is_the_handshakes_process() -> None:
    """SETVOLUME's process-uuid (…-PID:30361-HOST:vm-PC_NAME:ecvol-client-1-…) names the
    client; a brick is named by its client translator, as the handshake said."""
    _, fanout, groups = read(EC)
    row = group_row(groups[0], fanout)
    assert row["client"] == "127.0.0.1 vm pid 30361"
    assert sorted(m["brick"] for m in row["members"]) == ["ecvol-client-0", "ecvol-client-1", "ecvol-client-2"]


def test_capture_without_handshake_groups_by_host() -> None:
    """The tiny capture begins inside a brick connection: the client is its host alone,
    each call its own group (one brick), whose label says the handshake is missing."""
    _, fanout, groups = read(TINY)
    rows = [group_row(g, fanout) for g in groups]
    assert rows and {r["client"] for r in rows} == {"127.0.0.1"}
    assert all(len(r["members"]) == 1 and r["members"][0]["brick"] == "handshake not captured" for r in rows)


# -- EC geometry ------------------------------------------------------------------------------


def test_ec_config_of_the_seed() -> None:
    """gluster.md's golden example 5: trusted.ec.config 0x0000080301000200 = 3 bricks,
    redundancy 1, chunk 512 -> k = 2, a stripe of 1024 file bytes."""
    raw = bytes.fromhex("0000080301000200")
    parts = (*raw[:5], int.from_bytes(raw[5:8], "big"))
    geometry = geometry_of_config(parts)
    assert geometry == Geometry(2, 1, 512) and geometry.stripe == 1024


def test_fragment_ranges_as_file_ranges() -> None:
    """A brick fragment at offset o, size s holds file bytes o*k .. (o+s)*k: stripes of
    k*512 bytes, one 512-byte chunk of each per brick (the seed's EC notes)."""
    two_one = Geometry(2, 1)
    assert range_text(two_one, 0, 512) == "fragment 0+512 = file 0-1024 (stripe 0)"
    assert range_text(two_one, 4096, 20480) == "fragment 4096+20480 = file 8192-49152 (stripes 8-47)"
    assert range_text(two_one, 2048, None) == "fragment 2048 = file 4096 (stripe boundary 4)"
    assert range_text(Geometry(4, 2), 1024, 512) == "fragment 1024+512 = file 4096-6144 (stripe 2)"


def test_volfile_places_bricks_in_their_sets() -> None:
    spec = (
        "volume v-client-0\n type protocol/client\nend-volume\n"
        "volume v-disperse-0\n    type cluster/disperse\n    option redundancy 1\n"
        "    subvolumes v-client-0 v-client-1 v-client-2\nend-volume\n"
        "volume r-replicate-0\n type cluster/replicate\n subvolumes r-client-3 r-client-4\nend-volume\n"
        "volume cut\n type cluster/disperse\n subvolumes x y\n"  # no end-volume: cut short
    )
    found = placements(spec)
    assert found["v-client-2"].set_type == DISPERSE and found["v-client-2"].position == 2
    assert (found["v-client-0"].bricks, found["v-client-0"].redundancy) == (3, 1)
    assert found["r-client-4"].set_type == REPLICATE and found["r-client-4"].position == 1
    assert "x" not in found


def test_write_group_tells_its_file_range_and_good_mask() -> None:
    """The append to small.txt: WRITE at fragment offset 0, size 512 on each brick (read
    from the call bytes: gfx_write_req gfid[16], fd s64, offset u64, size u32 after the
    RPC header), all three bricks good."""
    messages, fanout, groups = read(EC)
    by_index = {m.index: m for m in messages}
    writes = [g for g in groups if g.call.procedure == "WRITE" and g.call.gfid == SMALL_TXT]
    append = writes[1]
    for member in append.members:
        data = by_index[member.call].data
        offset, size = struct.unpack_from("!QI", data, args_at(data) + 16 + 8)
        assert (offset, size) == (0, 512)
    row = group_row(append, fanout)
    assert row["meaning"] == "EC 2+1 good=0x7 bad=0x0 fragment 0+512 = file 0-1024 (stripe 0)"


# -- the EC write story ----------------------------------------------------------------------


def ec_stories() -> tuple[list[Message], list[dict[str, Any]]]:
    messages, fanout, groups = read(EC)
    return messages, [session_row(session, fanout) for session in EcWrites(fanout).add_all(groups)]


def ec_value(data: bytes, key: bytes, size: int) -> int:
    """A trusted.ec.* PTR value in a gfx_dict, from the bytes (gluster.md: key opaque
    padded to 4, type u32, length u32, the value)."""
    at = data.find(key + b"\0")
    assert at > 0
    at += (len(key) + 1 + 3) // 4 * 4
    kind, length = struct.unpack_from("!II", data, at)
    assert (kind, length) == (6, size)
    return int.from_bytes(data[at + 8 : at + 8 + 8], "big", signed=True)


def test_the_unaligned_append_is_told_step_by_step() -> None:
    """small.txt: created with 20 bytes, then 14 appended under the same eager lock.
    Every step is a fan-out group on the three bricks; the lock and unlock are
    tshark's INODELK type 1 and 2, the size updates carry +20 and +14 in their bytes,
    and the append rewrites stripe 0 whole, its head (the first 20 bytes) not read
    on the wire."""
    messages, stories = ec_stories()
    by_index = {m.index: m for m in messages}
    layers = tshark_layers(EC)
    story = next(s for s in stories if s["gfid"] == SMALL_TXT)
    names = [s["step"] for s in story["members"]]
    assert names == [
        "lock",
        "mark dirty",
        "write stripe 0",
        "update size/version",
        "write stripe 0",
        "update size/version",
        "clear dirty",
        "unlock",
    ]
    assert story["geometry"] == "2+1, chunk 512 (stripe 1024)" and story["unaligned"] is True
    steps = {s["step"]: s for s in story["members"]}
    for name, lock_type in (("lock", "1"), ("unlock", "2")):
        frames = [by_index[c].frames[-1] for c in steps[name]["calls"]]
        assert len(frames) == 3
        for frame in frames:
            assert layers[frame]["rpc"]["rpc.procedure"] == "29"
            assert layers[frame]["glusterfs"]["glusterfs.type"] == lock_type
            assert layers[frame]["glusterfs"]["glusterfs.gfid"] == SMALL_TXT
    updates = [s for s in story["members"] if s["step"] == "update size/version"]
    assert [ec_value(by_index[u["call"]].data, b"trusted.ec.size", 8) for u in updates] == [20, 14]
    assert updates[1]["detail"] == "size +14 -> 34; version +1/+1 -> 2/2"
    append = story["members"][4]
    assert append["detail"].startswith("fragment 0+512 = file 0-1024 (stripe 0); head stripe 0 partial: file bytes 0-20")
    assert "not read on the wire" in append["detail"]
    assert "tail stripe 0 partial: file ends at 34, 34-1024 is padding" in append["detail"]
    assert [s["start"] for s in story["members"]] == sorted(s["start"] for s in story["members"])


def test_the_large_write_ends_in_a_partial_stripe() -> None:
    """medium.bin: 100000 bytes in four WRITEs of whole stripes; the last stripe (97)
    holds bytes 99328-100352, of which 100000 on are padding; then the truncate to
    4096 (fragment 2048, a stripe boundary) and its size update of -95904."""
    messages, stories = ec_stories()
    by_index = {m.index: m for m in messages}
    story = next(s for s in stories if s["gfid"] == MEDIUM_BIN)
    writes = [s for s in story["members"] if s["step"].startswith("write stripes")]
    assert [w["step"] for w in writes] == [
        "write stripes 0-7",
        "write stripes 8-47",
        "write stripes 48-95",
        "write stripes 96-97",
    ]
    assert writes[-1]["detail"].endswith("tail stripe 97 partial: file ends at 100000, 100000-100352 is padding")
    truncate = next(s for s in story["members"] if s["step"] == "truncate")
    assert truncate["detail"] == "fragment 2048 = file 4096 (stripe boundary 4)"
    updates = [s for s in story["members"] if s["step"] == "update size/version"]
    assert [ec_value(by_index[u["call"]].data, b"trusted.ec.size", 8) for u in updates] == [100000, 4096 - 100000]


def test_only_sessions_that_wrote_are_told() -> None:
    _, stories = ec_stories()
    assert sorted(s["gfid"] for s in stories) == sorted([SMALL_TXT, MEDIUM_BIN])


# -- bounds ------------------------------------------------------------------------------------


def test_held_groups_are_bounded_and_unanswered_calls_kept() -> None:
    """Calls whose replies never come (the replies taken out of the input) are still
    handed back -- at most MAX_HELD groups wait at once, and finish hands back the rest."""
    need(EC)
    calls = [m for m in Pipeline().run(open_input(str(EC))) if m.kind == "call"]
    fop_calls = sum(1 for m in calls if m.params.get("prog") == int(FOP_PROGRAM))
    numbers = [m.index for m in calls]
    rounds = MAX_HELD // 100 + 2  # a round is 107 groups: more rounds than MAX_HELD groups
    fanout = FanOut()
    out: list[Group] = []
    most = 0
    for round_ in range(rounds):
        for message, number in zip(calls, numbers, strict=True):
            message.timestamp = None  # untimed: the window counts messages
            message.index = round_ * 1000 + number
            out.extend(fanout.add(message))
            most = max(most, len(fanout._held))
    out.extend(fanout.finish())
    assert most == MAX_HELD  # the bound was reached, and held
    assert sum(len(g.members) for g in out) == fop_calls * rounds
    assert not fanout._pending and not fanout._held


# -- the views on the command line ---------------------------------------------------------------


def cli(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "hexview.cli", *args], capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


ISSUE_KEYS = ["client", "procedure", "gfid", "start", "members", "differs"]
ISSUE_MEMBER_KEYS = ["stream", "server", "brick", "call", "reply", "op_ret", "op_errno", "latency"]


def test_fanout_json_has_the_issues_shape_and_message_numbers() -> None:
    """``--fanout --json``: issue 17's keys in its order (then ``name`` and ``meaning``;
    members add ``fields`` and ``differs``), ``call`` and ``reply`` the messages'
    ``index`` in ``--json`` of the same input, ``start`` the first call's ``time``."""
    need(EC)
    rows = [json.loads(line) for line in cli("--fanout", "--json", str(EC))]
    messages = {m["index"]: m for m in map(json.loads, cli("--json", str(EC)))}
    assert len(rows) == 107
    for row in rows:
        assert list(row) == ["view", *ISSUE_KEYS, "name", "meaning"] and row["view"] == "fanout"
        for member in row["members"]:
            assert list(member) == [*ISSUE_MEMBER_KEYS, "fields", "differs"]
            call = messages[member["call"]]
            assert call["name"] == f"GlusterFS {row['procedure']} call" and call["stream"] == member["stream"]
            if member["reply"] is not None:
                assert messages[member["reply"]]["name"] == f"GlusterFS {row['procedure']} reply"
        assert row["start"] == messages[row["members"][0]["call"]]["time"]
    lookup = next(r for r in rows if r["name"] == "small.txt")
    assert [(m["op_ret"], m["op_errno"]) for m in lookup["members"]] == [(-1, "ENOENT")] * 3


def test_fanout_text_table() -> None:
    need(EC)
    lines = cli("--fanout", str(EC))
    assert lines[0].split() == ["start", "procedure", "gfid", "name", "client", "EC", "/", "AFR", "differs"]
    assert lines[1].split()[:4] == ["brick", "stream", "server", "call"]
    row = next(i for i, line in enumerate(lines) if " small.txt " in line and "LOOKUP" in line)
    assert "EC 2+1 good=0x7 bad=0x0" in lines[row]
    assert lines[row + 1].split()[:3] == ["ecvol-client-0", "4", "127.0.0.2:51830"]
    assert lines[row + 1].split()[-2:] == ["ENOENT", "0.000255"]  # tshark frame 138: time 1.008661 - 1.008406


def test_ec_writes_json() -> None:
    need(EC)
    rows = [json.loads(line) for line in cli("--ec-writes", "--json", str(EC))]
    assert [r["gfid"] for r in rows] == [SMALL_TXT, MEDIUM_BIN]
    assert list(rows[0]) == ["view", "client", "gfid", "start", "geometry", "unaligned", "heal", "members", "more"]
    assert not any(r["heal"] for r in rows)  # no call of this capture carries a heal's pid
    assert [s["step"] for s in rows[0]["members"]][:3] == ["lock", "mark dirty", "write stripe 0"]


def test_rows_asked_mid_read_change_nothing() -> None:
    """The view over a pipe asks for rows while reading: a snapshot that ends nothing --
    the rows at the end are those of a run never asked."""
    need(EC)
    messages = list(Pipeline().run(open_input(str(EC))))
    for view in (FANOUT, EC_WRITES):
        asked = view.collector()
        for n, message in enumerate(messages):
            asked.add(message)
            if n % 50 == 0:
                asked.rows()
        assert asked.rows() == run_view(view, messages)


# -- the EC capture with a brick killed and revived (tests/data/cluster, its README) ---------------

KILLED = Path(__file__).parent / "data" / "cluster" / "gluster-ec-brick-killed.pcap"
B_BIN = "8f584169-301e-4bdd-b38e-677f386f5c24"


def tshark_rpc_rows(path: Path) -> list[dict[str, str]]:
    """The rows of NAME.tshark-rpc.tsv, one per RPC message (a frame with several
    lists each field comma-separated)."""
    lines = path.with_suffix(".tshark-rpc.tsv").read_text().splitlines()
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        cells = dict(zip(header, line.split("\t"), strict=True))
        for n, msgtyp in enumerate(cells["rpc.msgtyp"].split(",")):
            rows.append(
                {k: (v.split(",")[n] if k.startswith("rpc.") and "," in v else v) for k, v in cells.items()}
                | {"rpc.msgtyp": msgtyp}
            )
    return rows


def test_brick_killed_calls_fall_into_groups_on_distinct_bricks() -> None:
    """With brick 3 down part of the time, the groups have three members or two
    (tshark's tcp.stream and ports); still every FOP call is in one group and 95% of
    them in groups of 2 or more."""
    messages, _, groups = read(KILLED)
    by_index = {m.index: m for m in messages}
    calls = {
        (int(r["frame.number"]), int(r["rpc.xid"], 16)): r
        for r in tshark_rpc_rows(KILLED)
        if r["rpc.msgtyp"] == "0" and r["rpc.program"] == FOP_PROGRAM
    }
    numbers = fop_procedure_numbers()
    seen: Counter[tuple[int, int]] = Counter()
    sizes: Counter[int] = Counter()
    for group in groups:
        ids = [call_id(by_index[m.call]) for m in group.members]
        seen.update(ids)
        assert {calls[i]["rpc.procedure"] for i in ids} == {numbers[group.call.procedure]}
        streams = [calls[i]["tcp.stream"] for i in ids]
        assert len(set(streams)) == len(streams) == len({calls[i]["tcp.dstport"] for i in ids})
        sizes[len(ids)] += len(ids)
    assert set(seen) == set(calls) and max(seen.values()) == 1
    assert (sizes[2] + sizes[3]) / len(calls) >= 0.95 and sizes[2] > 0 and sizes[3] > 0


def killed_row(procedure: str, reply_frame: int) -> tuple[dict[str, Any], dict[int, Message]]:
    messages, fanout, groups = read(KILLED)
    by_index = {m.index: m for m in messages}
    for group in groups:
        replies = [by_index[m.reply].frames[-1] for m in group.members if m.reply is not None]
        if group.call.procedure == procedure and reply_frame in replies:
            return group_row(group, fanout), by_index
    raise AssertionError(f"no {procedure} group answered in frame {reply_frame}")


def test_the_stale_brick_is_the_bad_one() -> None:
    """Step C1 (README: stat b.bin once brick 3 is back): LOOKUP replies 569 (e2), 570
    (e1) carry trusted.ec.version 2/2 and dirty 1/1, 571 (e3) version 1/1 and dirty 0 --
    as getfattr on the bricks said after the run (servers.txt). The group marks e3's
    fields and gives EC's masks: good = bricks 0 and 1, bad = brick 2."""
    row, by_index = killed_row("LOOKUP", 571)
    frames = {by_index[m["reply"]].frames[-1]: m for m in row["members"]}
    assert sorted(frames) == [569, 570, 571]
    assert {"xdata.trusted.ec.version", "xdata.trusted.ec.dirty"} <= set(row["differs"])
    assert row["meaning"] == "EC 2+1 good=0x3 bad=0x4"
    stale, fresh = frames[571], [frames[569], frames[570]]
    assert stale["brick"] == "ecvol-client-2" and stale["differs"] == ["fields"]
    assert stale["fields"]["xdata.trusted.ec.version"] == "data_version=1, metadata_version=1"
    for member in fresh:
        assert member["differs"] == []
        assert member["fields"]["xdata.trusted.ec.version"] == "data_version=2, metadata_version=2"
        assert member["fields"]["xdata.trusted.ec.dirty"] == "data_dirty=1, metadata_dirty=1"
    servers = (KILLED.parent / "gluster-ec-brick-killed.servers.txt").read_text()
    assert "trusted.ec.version=0x00000000000000020000000000000002" in servers


@pytest.mark.parametrize(("procedure", "frame", "errno"), [("LOOKUP", 609, "ENOENT"), ("INODELK", 615, "ESTALE")])
def test_the_brick_that_missed_a_create_fails_alone(procedure: str, frame: int, errno: str) -> None:
    """Step C2 (stat c.txt, created while brick 3 was down): its LOOKUP reply 609 says
    op_ret -1 ENOENT and its INODELK reply 615 op_ret -1 ESTALE (116), the other two
    bricks 0; only e3's op_ret and op_errno are marked."""
    row, by_index = killed_row(procedure, frame)
    assert row["differs"] == ["op_ret", "op_errno"]  # a failed answer's iatt and xdata are not compared
    assert row["meaning"] == "EC 2+1 good=0x3 bad=0x4"
    for member in row["members"]:
        if by_index[member["reply"]].frames[-1] == frame:
            assert (member["op_ret"], member["op_errno"]) == (-1, errno)
            assert member["differs"] == ["op_ret", "op_errno"]
        else:
            assert (member["op_ret"], member["op_errno"], member["differs"]) == (0, None, [])


def killed_stories() -> tuple[dict[int, Message], list[dict[str, Any]]]:
    messages, fanout, groups = read(KILLED)
    return {m.index: m for m in messages}, [session_row(s, fanout) for s in EcWrites(fanout).add_all(groups)]


def step_frames(by_index: dict[int, Message], step: dict[str, Any]) -> list[int]:
    return sorted(by_index[c].frames[-1] for c in step["calls"])


def test_the_unaligned_overwrite_reads_its_stripe_first() -> None:
    """Step A2: 100 bytes at offset 700 of b.bin, inside stripe 0, all bricks up. The
    README's frames: INODELK 266-268, FXATTROP 275-277 (dirty +1), READ of the partial
    stripe from two bricks 281, 282 (fragment offset 0, size 512), WRITE 285-287,
    FXATTROP 300-302 (dirty -1), unlock 309-311."""
    by_index, stories = killed_stories()
    story = next(s for s in stories if s["gfid"] == B_BIN and any(m["step"] == "read partial stripe" for m in s["members"]))
    steps = story["members"]
    assert [s["step"] for s in steps] == ["lock", "mark dirty", "read partial stripe", "write stripe 0", "clear dirty", "unlock"]
    assert [step_frames(by_index, s) for s in steps] == [
        [266, 267, 268],
        [275, 276, 277],
        [281, 282],
        [285, 286, 287],
        [300, 301, 302],
        [309, 310, 311],
    ]
    assert steps[2]["detail"] == "fragment 0+512 = file 0-1024 (stripe 0)"
    assert steps[3]["detail"] == "fragment 0+512 = file 0-1024 (stripe 0); stripe 0 partly written: the rest READ first (above)"
    assert story["unaligned"] is True
    for call in steps[2]["calls"]:  # the READ's fragment range, from its bytes
        data = by_index[call].data
        assert struct.unpack_from("!QI", data, args_at(data) + 16 + 8) == (0, 512)


def test_the_unaligned_write_with_a_brick_down() -> None:
    """Step B1: 100 bytes at 1500 (stripe 1) while brick 3 is down: the same story on two
    bricks -- INODELK 324/326, FXATTROP 337/338, READ 341/342 (offset 512, size 512),
    WRITE 345/346, FXATTROP 351/352 (trusted.ec.version +1/+1, dirty left set: a brick
    missed the write), unlock 357/358."""
    by_index, stories = killed_stories()
    story = next(s for s in stories if any(m["step"] == "write stripe 1" for m in s["members"]))
    steps = story["members"]
    assert [s["step"] for s in steps] == [
        "lock",
        "mark dirty",
        "read partial stripe",
        "write stripe 1",
        "update size/version",
        "unlock",
    ]
    assert [step_frames(by_index, s) for s in steps] == [[324, 326], [337, 338], [341, 342], [345, 346], [351, 352], [357, 358]]
    assert (
        steps[3]["detail"] == "fragment 512+512 = file 1024-2048 (stripe 1); stripe 1 partly written: the rest READ first (above)"
    )
    assert steps[4]["detail"] == "version +1/+1 -> 2/2"
    # the WRITE's group: sent to bricks 0 and 1 only (EC's mask), both good
    _, fanout, groups = read(KILLED)
    write = next(g for g in groups if [by_index[m.call].frames[-1] for m in g.members] == [345, 346])
    assert group_row(write, fanout)["meaning"] == "EC 2+1 mask=0x3 good=0x3 bad=0x0 fragment 512+512 = file 1024-2048 (stripe 1)"


def test_afr_bricks_blame_the_one_that_was_down() -> None:
    """tests/data/cluster/gluster-afr-brick-killed, step C1: LOOKUP r.bin once brick 2 is
    back -- replies 634 (r3) and 636 (r1) carry trusted.afr.repvol-client-1 = data 1,
    metadata 1 (0x000000010000000100000000, as getfattr on the bricks said), 635 (r2)
    none: the group says who blames whom and marks r2's fields."""
    path = KILLED.with_name("gluster-afr-brick-killed.pcap")
    messages, fanout, groups = read(path)
    by_index = {m.index: m for m in messages}
    group = next(g for g in groups if 635 in [by_index[m.reply].frames[-1] for m in g.members if m.reply is not None])
    row = group_row(group, fanout)
    assert row["procedure"] == "LOOKUP" and row["name"] == "r.bin"
    assert row["meaning"] == (
        "AFR repvol-client-0: blames repvol-client-1 1/1/0; repvol-client-2: blames repvol-client-1 1/1/0 (data/metadata/entry)"
    )
    assert "xdata.trusted.afr.repvol-client-1" in row["differs"]
    for member in row["members"]:
        frame = by_index[member["reply"]].frames[-1]
        blamed = member["fields"].get("xdata.trusted.afr.repvol-client-1")
        if frame == 635:
            assert blamed is None and member["differs"] == ["fields"]
        else:
            assert frame in (634, 636) and blamed == "data_pending=1, metadata_pending=1, entry_pending=0"
    servers = path.with_name("gluster-afr-brick-killed.servers.txt").read_text()
    assert "trusted.afr.repvol-client-1=0x000000010000000100000000" in servers
