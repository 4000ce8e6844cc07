"""Several nodes' captures read as one: ``hexview client.pcap node1.pcap node2.pcap``.

The captures (tests/data/cluster, README part 3) are one client and two server nodes
captured at once on their own interfaces, a switch between them holding every frame
2 ms; every TCP segment of the node files is in another file too, and one copy of
node1's file has every timestamp 3.5 s later (editcap -t 3.5). Golden values come
from elsewhere than hexview: the merged frame order from mergecap (its chronological
merge, numbered by tshark: the .mergecap.tsv files), each file's RPC messages from
tshark's decode of that file alone (.tshark-rpc.tsv: frame, time, xid), the counts
and one-way delays per direction from the README's measurements, and the clock
offset from the editcap shift.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import jsonschema
import pytest

from hexview.nodes import NodeMap, short_labels
from hexview.pipeline import Pipeline
from hexview.readers.merge import open_merged
from tcp_packets import conversation_packets, raw_packet, write_pcap
from xdr import call, record, reply

ROOT = Path(__file__).resolve().parents[1]
CLUSTER = ROOT / "tests" / "data" / "cluster"
SCHEMA = json.loads((ROOT / "hexview" / "output" / "message.schema.json").read_text())
CLIENT, NODE1, NODE2 = (CLUSTER / f"gluster-nodes-{n}.pcap" for n in ("client", "node1", "node2"))
NODE1_AHEAD = CLUSTER / "gluster-nodes-node1-clock-plus-3.5.pcap"
SHIFT = 3.5  # editcap -t 3.5
AS_CAPTURED = [CLIENT, NODE1, NODE2]
SHIFTED = [CLIENT, NODE1_AHEAD, NODE2]
# The README's one-way delays (ms: min, median, max) and segment counts per direction,
# measured on the three files' common clock
README_DELAYS = {
    ("client", "node1"): (184, 2.033, 2.181, 6.734),
    ("node1", "client"): (141, 2.020, 2.120, 6.311),
    ("client", "node2"): (85, 2.041, 2.164, 6.739),
    ("node2", "client"): (67, 2.040, 2.133, 2.474),
    ("node1", "node2"): (8, 2.108, 2.131, 6.430),
    ("node2", "node1"): (6, 2.127, 2.156, 2.203),
}


def hexview(*args: object) -> subprocess.CompletedProcess:
    out = subprocess.run([sys.executable, "-m", "hexview.cli", *map(str, args)], capture_output=True, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr.decode()
    return out


def json_lines(*args: object) -> list[dict]:
    return [json.loads(line) for line in hexview(*args).stdout.decode().splitlines()]


@pytest.fixture(scope="module")
def merged() -> list[dict]:
    return json_lines("--json", *AS_CAPTURED)


@pytest.fixture(scope="module")
def shifted() -> list[dict]:
    return json_lines("--json", *SHIFTED)


@pytest.fixture(scope="module")
def aligned() -> list[dict]:
    return json_lines("--json", "--align-clocks", *SHIFTED)


def mergecap_frames(name: str) -> list[tuple[int, float]]:
    """(input index, time) of each frame of mergecap's merge, in its order."""
    with open(CLUSTER / f"gluster-nodes-merged-{name}.mergecap.tsv") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert [int(r["frame.number"]) for r in rows] == list(range(1, len(rows) + 1))
    return [(int(r["frame.interface_id"]), float(r["frame.time_epoch"])) for r in rows]


def tshark_rpc(path: Path) -> dict[tuple, tuple[int, float]]:
    """tshark's RPC messages of one file alone: (source, destination, call or reply, xid)
    -> (frame, time)."""
    out = {}
    with open(path.with_suffix(".tshark-rpc.tsv")) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            route = (r["ip.src"], int(r["tcp.srcport"]), r["ip.dst"], int(r["tcp.dstport"]))
            for kind, xid in zip(r["rpc.msgtyp"].split(","), r["rpc.xid"].split(","), strict=True):
                out[(*route, int(kind), int(xid, 16))] = (int(r["frame.number"]), float(r["frame.time_epoch"]))
    return out


def rpc_key(message: dict) -> tuple:
    source, destination = message["conversation"].split(" -> ")
    if message["direction"] == "s2c":
        source, destination = destination, source
    (rpc,) = [f for f in message["fields"] if f["name"] == "rpc"]
    values = {f["name"]: f["value"] for f in rpc["children"]}
    (src, sport), (dst, dport) = source.rsplit(":", 1), destination.rsplit(":", 1)
    return (src, int(sport), dst, int(dport), values["msg_type"], values["xid"])


# -- the merged order and the node of each message -----------------------------------------


@pytest.mark.parametrize("inputs, name", [(AS_CAPTURED, "as-captured"), (SHIFTED, "node1-plus-3.5")])
def test_frames_are_numbered_in_mergecaps_order_and_each_message_names_its_node(inputs, name, request):
    messages = request.getfixturevalue("merged" if name == "as-captured" else "shifted")
    order = mergecap_frames(name)
    assert len(order) == 994  # 482 + 343 + 169 frames (README)
    # each file's own frame numbers, as mergecap took them in turn from each input
    own, counts = [], defaultdict(int)
    for node, _ in order:
        counts[node] += 1
        own.append(counts[node])
    assert dict(counts) == {0: 482, 1: 343, 2: 169}
    names = [str(p) for p in inputs]
    for m in messages:
        jsonschema.validate(m, SCHEMA)
        nodes = {order[f - 1][0] for f in m["frames"]}
        assert nodes == {names.index(m["node"])}, m["index"]
        assert m["time"] == pytest.approx(order[m["frames"][0] - 1][1], abs=1e-6)
        first = m["seen"][0]
        assert first["node"] == m["node"] and first["frames"] == [own[f - 1] for f in m["frames"]]
    assert [m["index"] for m in messages] == list(range(1, len(messages) + 1))


def test_summary_heads_each_line_with_its_node():
    lines = hexview("--summary", *AS_CAPTURED).stdout.decode().splitlines()
    # mergecap frame 11 is the client's frame 6: the GETSPEC call (tshark: xid 2, client frame 6)
    assert lines[0].split()[:3] == ["client", "1", "11"]
    assert "GF-HNDSK GETSPEC call  seen by node1:6 (+0.002191 s)" in lines[0]
    assert lines[1].split()[:3] == ["node1", "2", "15"] and "seen by client:8-10 (" in lines[1]


# -- one message seen twice -------------------------------------------------------------


def test_every_rpc_message_is_seen_in_the_frames_and_at_the_times_tshark_gives_each_file(merged):
    """Every RPC message: each node that saw it, its frame there (tshark reports a
    message at the frame that completes it) and time, and the one-way delay between
    the nodes' last frames -- all from tshark's decode of each file alone."""
    per_file = {str(p): tshark_rpc(p) for p in AS_CAPTURED}
    both = 0
    for m in merged:
        key = rpc_key(m)
        expected = {name: found[key] for name, found in per_file.items() if key in found}
        assert {s["node"] for s in m["seen"]} == set(expected), m["index"]
        first_time = expected[m["node"]][1]
        for s in m["seen"]:
            frame, time = expected[s["node"]]
            assert s["frames"][-1] == frame, (m["index"], s["node"])
            if len(s["frames"]) == 1:
                assert s["time"] == pytest.approx(time, abs=1e-6)
            if s["node"] == m["node"]:
                assert s["delay"] is None
            else:
                assert s["delay"] == pytest.approx(time - first_time, abs=1.5e-6)
                assert 0.00202 <= s["delay"] < 0.0068  # the README's least and most one-way delays
        both += len(m["seen"]) == 2
    # 176 RPC calls in the client's file, 123 in node1's, 61 in node2's; only node1 <-> node2
    # glusterd (4 calls, 4 replies) are not in the client's: every message is in two files
    assert both == len(merged) == 360


def test_a_read_of_the_ec_write_seen_on_client_and_node1(merged):
    """The EC read-modify-write's READ of fragment 0 from brick n1a (README: client frame
    289): one message, the client's frame and node1's, 2 ms and some apart."""
    node1_rpc = tshark_rpc(NODE1)
    (read,) = [m for m in merged if m["name"] == "GlusterFS READ call" and m["seen"][0]["frames"] == [289]]
    key = rpc_key(read)
    client_frame, client_time = tshark_rpc(CLIENT)[key]
    node1_frame, node1_time = node1_rpc[key]
    assert client_frame == 289 and read["node"] == str(CLIENT)
    (_, there) = read["seen"]
    assert there == {"node": str(NODE1), "frames": [node1_frame], "time": node1_time, "delay": round(node1_time - client_time, 6)}
    assert read["conversation"].endswith(":56800")  # n1a's port (README)


def test_latency_is_the_requesters_own_as_tshark_times_it_in_the_client_capture(merged):
    """A reply from a node comes first in the merged run at the node, but its latency is
    what the client saw: tshark's rpc.time in the client's file."""
    client_rpc = {}
    with open(CLIENT.with_suffix(".tshark-rpc.tsv")) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["rpc.time"]:
                client_rpc[int(r["frame.number"])] = float(r["rpc.time"])
    replies = [m for m in merged if m["direction"] == "s2c" and m["conversation"].startswith("192.0.2.10:")]
    assert len(replies) == 176 and all(m["node"] != str(CLIENT) for m in replies)  # every call the client made was answered
    for m in replies:
        client = next(s for s in m["seen"] if s["node"] == str(CLIENT))
        assert m["latency"] == pytest.approx(client_rpc[client["frames"][-1]], abs=1e-6), m["index"]


# -- copies, clocks, one-way delays -------------------------------------------------------


def nodes_report(*args: object) -> tuple[dict, dict]:
    rows = json_lines("--nodes", "--json", *args)
    nodes = {r["node"]: r for r in rows if "file" in r}
    delays = {(r["from"], r["to"]): r for r in rows if "from" in r}
    return nodes, delays


def test_segments_seen_at_both_ends_and_their_one_way_delays_per_direction():
    nodes, delays = nodes_report(*AS_CAPTURED)
    assert {n: (r["file"], r["packets"]) for n, r in nodes.items()} == {
        "client": (str(CLIENT), 482),
        "node1": (str(NODE1), 343),
        "node2": (str(NODE2), 169),
    }
    # every TCP segment of node1 and node2 is in another file: node1 338 (324 with the
    # client, 14 with node2), node2 166 (152, 14); the client 324 + 152
    assert {n: r["copies"] for n, r in nodes.items()} == {"client": 476, "node1": 338, "node2": 166}
    assert set(delays) == set(README_DELAYS)
    for route, (count, least, middle, most) in README_DELAYS.items():
        row = delays[route]
        if route == ("client", "node1"):
            # the README counts the client's UDP datagram to node1 too (its frame 99, node1's
            # frame 69: 2.159 ms by tshark's times); not TCP, it is no message's copy here
            assert row["segments"] == count - 1
            assert [row["min"], row["max"]] == pytest.approx([least / 1000, most / 1000], abs=1e-9)
            assert row["median"] == pytest.approx(middle / 1000, abs=2e-6)
            continue
        assert row["segments"] == count
        assert [row["min"], row["median"], row["max"]] == pytest.approx([least / 1000, middle / 1000, most / 1000], abs=1e-9)
    address = {"client": "192.0.2.10", "node1": "192.0.2.11", "node2": "192.0.2.12"}
    assert all((row["source"], row["destination"]) == (address[a], address[b]) for (a, b), row in delays.items())


def test_clock_offsets_are_estimated_from_requests_and_replies_seen_at_both_ends():
    """node1's copy is 3.5 s ahead: its estimate within 0.1 ms of 3.5 s (the switch's
    one-way delays differ by less than 0.2 ms between the two directions, README), and
    its bounds hold the truth; node2's clock, the same as the client's, within 0.1 ms
    of 0; and the same estimates for the files as captured."""
    node1 = "node1-clock-plus-3.5"
    for inputs, name1, truth in ((AS_CAPTURED, "node1", 0.0), (SHIFTED, node1, SHIFT)):
        nodes, delays = nodes_report(*inputs)
        client = nodes["client"]
        assert (client["offset"], client["via"], client["pairs"]) == (0.0, None, 0)
        for name, true in ((name1, truth), ("node2", 0.0)):
            row = nodes[name]
            assert row["via"] == "client" and row["pairs"] > 50 and row["taken_off"] == 0
            assert row["offset"] == pytest.approx(true, abs=1e-4)
            assert row["low"] <= true <= row["high"]
            assert row["round_trip"] >= 0.004  # 2 ms each way at least: the switch
            assert abs(row["offset"] - true) <= row["round_trip"] / 2
    # as captured, the shifted node's one-way delays carry its clock: +3.5 s one way, -3.5 s back
    assert delays[("client", node1)]["median"] == pytest.approx(SHIFT + 0.002181, abs=2e-6)
    assert delays[(node1, "client")]["median"] == pytest.approx(-SHIFT + 0.002120, abs=1e-6)


def test_the_clock_line_on_stderr_and_aligning_takes_it_off(shifted, aligned):
    err = hexview("--summary", *SHIFTED).stderr.decode()
    (line,) = [x for x in err.splitlines() if x.startswith("hexview: clock of node1-clock-plus-3.5")]
    assert f"({NODE1_AHEAD}): +3.500" in line and "against client" in line and "--align-clocks takes it off its times" in line
    err = hexview("--summary", "--align-clocks", *SHIFTED).stderr.decode()
    (line,) = [x for x in err.splitlines() if x.startswith("hexview: clock of node1-clock-plus-3.5")]
    assert line.endswith("s taken off its times") and "; +3.500" in line
    # not aligned: the copies at node1 3.5 s after the client's, or the client's 3.5 s before node1's
    for m in shifted:
        if str(NODE1_AHEAD) in {s["node"] for s in m["seen"]} and str(CLIENT) in {s["node"] for s in m["seen"]}:
            assert abs(abs(m["seen"][1]["delay"]) - SHIFT) < 0.01, m["index"]
    assert all(abs(m["seen"][1]["delay"]) < 0.01 for m in aligned)


def test_aligned_clocks_give_the_run_of_the_files_as_captured(merged, aligned):
    """The shifted copy, aligned, merges in the order of the captures as they were: the
    same messages, each from the same node, seen by the same nodes with the same delays
    and times within the estimate's error; the shifted node's times are its own less
    the offset."""
    renamed = {str(NODE1_AHEAD): str(NODE1)}

    def by_place(messages: list[dict]) -> dict[tuple, dict]:
        """Messages by node and frames there (two messages complete within the estimate's
        error of each other may take their numbers in the other order)."""
        return {(renamed.get(m["node"], m["node"]), tuple(m["seen"][0]["frames"]), m["name"]): m for m in messages}

    places, expected = by_place(aligned), by_place(merged)
    assert places.keys() == expected.keys() and len(places) == len(merged)
    for place, a in places.items():
        m = expected[place]
        assert (a["name"], a["stream"], a["direction"]) == (m["name"], m["stream"], m["direction"])
        assert a["time"] == pytest.approx(m["time"], abs=1e-4)
        assert a["latency"] == m["latency"]  # one node's clock: no offset in it
        for s, t in zip(a["seen"], m["seen"], strict=True):
            assert (renamed.get(s["node"], s["node"]), s["frames"]) == (t["node"], t["frames"])
            assert s["time"] == pytest.approx(t["time"], abs=1e-4)
            if t["delay"] is not None:
                assert s["delay"] == pytest.approx(t["delay"], abs=1e-4)


# -- copies before reassembly ---------------------------------------------------------------

A, B = ("10.0.0.1", 40000), ("10.0.0.2", 2049)


def test_a_copy_is_not_a_retransmission_but_a_real_retransmission_stays_one(tmp_path):
    """The client's file: an NFSv3 NULL call, its reply, a second call and a
    retransmission of it; the server's file: the first three as they arrived (the same
    seconds: ties go to the input named first). Merged, the server's copies are left
    out of reassembly -- the conversation has the client's four packets, not seven --
    while the retransmission, a second copy from the same node, is the client's own
    and goes on; each message is seen by both nodes, in the same frames."""
    sends = [("c", record(call(1, 100003, 3, 0, b""))), ("s", record(reply(1, b""))), ("c", record(call(2, 100003, 3, 0, b"")))]
    client_packets = conversation_packets(sends, A, B)
    client_packets.append(raw_packet(4, A, B, 1000 + len(sends[0][1]), sends[2][1]))  # the second call again
    write_pcap(tmp_path / "client.pcap", client_packets)
    write_pcap(tmp_path / "server.pcap", conversation_packets(sends, A, B))
    names = [str(tmp_path / "client.pcap"), str(tmp_path / "server.pcap")]
    nodes = NodeMap(names)
    messages = list(Pipeline(nodes=nodes).run(open_merged(names, "auto", nodes)))
    assert len(nodes) == 7
    assert [m.name for m in messages] == ["NFS NULL call", "NFS NULL reply", "NFS NULL call"]
    (conv,) = {m.conversation for m in messages}
    assert conv.packets == 4
    assert [[(s.node.label, s.frames) for s in nodes.sightings(m)] for m in messages] == [
        [("client", (1,)), ("server", (1,))],
        [("client", (2,)), ("server", (2,))],
        [("client", (3,)), ("server", (3,))],
    ]


def test_raw_dumps_of_two_nodes_are_two_streams(tmp_path):
    (tmp_path / "a.hex").write_text("80 00 00 04 61 62 63 64\n")
    (tmp_path / "b.hex").write_text("80 00 00 04 65 66 67 68\n")
    names = [str(tmp_path / "a.hex"), str(tmp_path / "b.hex")]
    nodes = NodeMap(names)
    messages = list(Pipeline(nodes=nodes).run(open_merged(names, "hex", nodes)))
    assert len({m.conversation.index for m in messages}) == 2
    assert sorted(bytes(m.data) for m in messages) == [b"\x80\x00\x00\x04abcd", b"\x80\x00\x00\x04efgh"]


def test_short_labels():
    assert short_labels(["d/gluster-nodes-client.pcap", "d/gluster-nodes-node1.pcap", "d/gluster-nodes-node2.pcap"]) == [
        "client",
        "node1",
        "node2",
    ]
    assert short_labels(["x/node.pcap", "y/node.pcap"]) == ["x/node.pcap", "y/node.pcap"]  # alike: whole names
    assert short_labels(["a/brick.pcap.gz", "b/brick-2.pcap"]) == ["brick", "brick-2"]  # one would vanish: kept whole
    assert short_labels(["c.pcap"]) == ["c"]
    assert short_labels(["a/c.pcap", "a/c.pcap"]) == ["a/c.pcap", "a/c.pcap#2"]  # the same file twice


def test_usage_errors_for_several_inputs():
    def fails(*args: str) -> str:
        out = subprocess.run([sys.executable, "-m", "hexview.cli", *args], capture_output=True, timeout=60, cwd=ROOT)
        assert out.returncode == 2 and out.stdout == b""
        return out.stderr.decode()

    assert "--align-clocks/--nodes: only with several inputs" in fails("--align-clocks", "--json", str(CLIENT))
    assert "--align-clocks/--nodes: only with several inputs" in fails("--nodes", str(CLIENT))
    assert "- cannot be one of them" in fails("--json", str(CLIENT), "-")
    assert "--nodes: not allowed with --print" in fails("--nodes", "-V", str(CLIENT), str(NODE1))
