"""The OCFS2 DLM lock timeline (hexview.protocols.ocfs2_locks) on the built three-node
capture tests/data/demos/ocfs2-locks-3node.pcap.

Golden values come from the bytes tools/demo_ocfs2_locks.py packs (by the layouts of
Linux fs/ocfs2/dlm/dlmcommon.h) and from what o2dlm's messages mean: node_idx is
the sender (dlm_send_proxy_ast_msg, dlm_do_master_request, ...), a Proxy AST is for
the node in its cookie's top byte, DLM_MASTER_RESP_YES (1) names the receiver master,
an AST grants the level the lock's create or convert asked for. Message numbers: the
capture's first link (node 2 to node 1) opens with two handshakes (messages 1, 2),
then each exchange of the story is a request and its status answer (3, 4; 5, 6; ...);
node 3's two links add their handshakes (43 to 46) before its joins.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from hexview.pipeline import Pipeline
from hexview.protocols import ocfs2_locks
from hexview.protocols.ocfs2_locks import LocksCollector, LockTimeline
from hexview.readers import open_input
from tcp_packets import conversation_packets

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tests" / "data" / "demos" / "ocfs2-locks-3node.pcap"
META = "M000000000000000000d0425b2e6f11"  # ocfs2_build_lock_name('M', 53314, 0x5b2e6f11)
DATA = "W000000000000000000d0425b2e6f11"
DENTRY = "N0000000000000081" + "0000d042"  # parent 129, inode 53314, as OCFS2 prints it


@pytest.fixture(scope="module")
def rows():
    collector = LocksCollector()
    for message in Pipeline().run(open_input(str(DEMO))):
        collector.add(message)
    return collector.rows()


def by_index(rows) -> dict[int, dict]:
    return {r["index"]: r for r in rows}


def test_rows_are_grouped_by_lock_in_first_seen_order_and_in_time_within(rows):
    locks = [r["lock"] for r in rows]
    firsts = list(dict.fromkeys(locks))
    assert firsts == [META, DATA, DENTRY, "$RECOVERY"]
    for lock in firsts:
        group = [r for r in rows if r["lock"] == lock]
        assert [r["index"] for r in group] == sorted(r["index"] for r in group)
        assert [r["time"] for r in group] == sorted(r["time"] for r in group)
    # every request of the story that names a lock (or recovers a node) is there once: 20 before
    # node 3 joins; after its 4 join exchanges (no lock's), 12 on the dentry lock, 6 on the meta
    # lock, 10 recovering node 2, 2 migrating; node 1's Exit Domain is no lock's either
    assert len(rows) == 20 + 12 + 6 + 10 + 2 and len({r["index"] for r in rows}) == len(rows)
    assert [r["resource"] for r in rows[:1]] == ["Meta inode 53314 gen 0x5b2e6f11"]


def test_meta_lock_contention_with_a_bast_to_the_holder(rows):
    meta = [r for r in rows if r["lock"] == META]
    got = [(r["index"], r["event"], r["node"], r["to"], r["mode"], r["cookie"], r["answer"], r["levels"]) for r in meta[:9]]
    assert got == [
        (3, "master request", 1, 2, None, None, "NO", {}),
        (5, "assert master", 1, 2, None, None, "status 0", {}),
        (7, "create", 2, 1, "NL", "2:1", "DLM_NORMAL", {}),
        (9, "AST", 1, 2, "NL", "2:1", "DLM_NORMAL", {"2": "NL"}),
        (11, "convert", 2, 1, "EX", "2:1", "DLM_NORMAL", {"2": "NL"}),
        (13, "AST", 1, 2, "EX", "2:1", "DLM_NORMAL", {"2": "EX"}),
        # node 1 (the master) wants PR: the holder is told which level it blocks, and downconverts
        (25, "BAST", 1, 2, "PR", "2:1", "DLM_NORMAL", {"2": "EX"}),
        (27, "convert", 2, 1, "PR", "2:1", "DLM_NORMAL", {"2": "EX"}),
        (29, "AST", 1, 2, "PR", "2:1", "DLM_NORMAL", {"2": "PR"}),
    ]
    assert all(r["master"] == 1 for r in meta[1:9]) and meta[0]["master"] is None
    assert [r["reply"] for r in meta[:3]] == [4, 6, 8]


def test_data_lock_unlock_and_deref(rows):
    data = by_index(r for r in rows if r["lock"] == DATA)
    assert (data[15]["event"], data[15]["answer"], data[15]["master"]) == ("master request", "YES", 1)
    assert (data[31]["event"], data[31]["mode"], data[31]["node"], data[31]["to"]) == ("BAST", "EX", 1, 2)
    assert (data[35]["event"], data[35]["mode"], data[35]["levels"]) == ("AST", "NL", {"2": "NL"})
    assert (data[37]["event"], data[37]["cookie"], data[37]["levels"]) == ("unlock", "2:2", {})
    assert (data[39]["event"], data[39]["node"], data[39]["to"], data[39]["answer"]) == ("deref", 2, 1, "DEREF_INPROG")
    assert (data[41]["event"], data[41]["node"], data[41]["to"], data[41]["answer"]) == ("deref done", 1, 2, "status 0")


def test_node_3_asks_both_nodes_for_the_dentry_lock_master(rows):
    dentry = [r for r in rows if r["lock"] == DENTRY]
    first = [(r["index"], r["event"], r["node"], r["to"], r["answer"], r["master"]) for r in dentry[:2]]
    assert first == [(55, "master request", 3, 1, "NO", None), (57, "master request", 3, 2, "YES", 2)]
    assert dentry[0]["lock_type"] == "Dentry" and dentry[0]["resource"] == "Dentry dir 129 inode 53314"
    assert [r["levels"] for r in dentry if r["index"] in (65, 77)] == [{"3": "PR"}, {"1": "PR", "3": "PR"}]


def test_node_death_and_recovery_on_the_recovery_lock(rows):
    reco = [r for r in rows if r["lock"] == "$RECOVERY"]
    got = [(r["event"], r["node"], r["to"], r["mode"], r["detail"]) for r in reco]
    assert got == [
        ("master request", 3, 1, None, None),
        ("create", 3, 1, "EX", None),
        ("AST", 1, 3, "EX", None),
        ("begin recovery", 3, 1, None, "dead node 2"),
        ("lock request", 3, 1, None, "dead node 2"),
        ("recovery data done", 1, 3, None, "dead node 2"),
        ("finalize recovery", 3, 1, None, "dead node 2"),
        ("finalize recovery", 3, 1, None, "dead node 2, stage 2"),
        ("unlock", 3, 1, None, None),
    ]
    assert reco[0]["lock_type"] is None and reco[0]["resource"] == "$RECOVERY"
    assert [r["levels"] for r in reco] == [{}, {}] + [{"3": "EX"}] * 6 + [{}]
    # node 1 sends node 3 its lock on the dentry lock, whose master (node 2) died
    lockres = by_index(rows)[101]
    assert (lockres["event"], lockres["node"], lockres["to"], lockres["master"]) == ("recovery lockres", 1, 3, 3)
    assert lockres["detail"] == "1 lock, all done" and lockres["levels"] == {"1": "PR", "3": "PR"}


def test_migration_moves_the_master_and_the_dead_node_holds_nothing(rows):
    meta = by_index(r for r in rows if r["lock"] == META)
    assert meta[89]["levels"] == {"2": "PR", "3": "PR"}  # before node 2 died
    assert (meta[111]["event"], meta[111]["node"], meta[111]["to"], meta[111]["master"]) == ("migrate lockres", 1, 3, 3)
    assert meta[111]["levels"] == {"3": "PR"}  # recovery of node 2 dropped its lock
    assert (meta[113]["event"], meta[113]["node"], meta[113]["detail"]) == ("assert master", 3, "finish migration")


def test_each_row_has_its_sender_column_and_action(rows):
    row = by_index(rows)[25]
    assert (row["sender"], row["action"]) == ("node 1", "BAST PR 2:1 -> 2: DLM_NORMAL")
    assert (row["source"], row["destination"]) == ("10.0.5.1:7777", "10.0.5.2:45122")
    assert by_index(rows)[97]["action"] == "begin recovery -> 1: status 0 (dead node 2)"


def test_a_node_learned_later_names_earlier_events():
    """The first message of the capture comes from node 1 to node 2 before node 2 said
    who it is: the event made then has no receiver, the row asked for later has."""
    timeline = LockTimeline()
    first = []
    for message in Pipeline().run(open_input(str(DEMO))):
        first += timeline.add(message)
        if first:
            break
    assert (first[0].index, first[0].node, first[0].to) == (3, 1, None)
    collector = LocksCollector()
    for message in Pipeline().run(open_input(str(DEMO))):
        collector.add(message)
    assert collector.rows()[0]["to"] == 2


# -- damaged and unanswered input ----------------------------------------------------------

NODE_A, NODE_B = ("10.9.0.1", 40000), ("10.9.0.2", 7777)


def _message(msg_type: int, payload: bytes, num: int, magic: int = 0xFA55, status: int = 0) -> bytes:
    return struct.pack(">HHHHIiII", magic, len(payload), msg_type, 0, 0, status, 0x3E1A9C27, num) + payload


def _create(cookie: int, node: int, mode: int, name: bytes) -> bytes:
    return struct.pack(">QIBBbB", cookie, 0, 0, node, mode, len(name)) + name.ljust(64, b"\0")


def _events(sends):
    timeline = LockTimeline()
    return timeline, [e for m in Pipeline().run(conversation_packets(sends, NODE_A, NODE_B)) for e in timeline.add(m)]


def test_an_unanswered_request_says_so():
    name = b"M000000000000000000d0425b2e6f11"
    _, events = _events([("c", _message(503, _create(4 << 56 | 9, 4, 3, name), 0))])
    assert len(events) == 1 and events[0].reply is None and events[0].answer == ""
    assert events[0].action() == "create PR 4:9 -> 10.9.0.2: no answer"


def test_a_truncated_lock_message_makes_no_event_and_does_not_raise():
    whole = _create(4 << 56 | 9, 4, 3, b"M000000000000000000d0425b2e6f11")
    head = struct.pack(">HHHHIiII", 0xFA55, len(whole), 503, 0, 0, 0, 0x3E1A9C27, 0)
    timeline = LockTimeline()
    messages = list(Pipeline().run(conversation_packets([("c", head + whole[:30])], NODE_A, NODE_B)))
    assert [m.name for m in messages] == ["Create Lock (503)"]  # the capture ends 14 bytes into the name
    assert timeline.add(messages[0]) == [] and timeline.resources == {}


def test_lock_state_is_bounded(monkeypatch):
    monkeypatch.setattr(ocfs2_locks, "LOCKS_KEPT", 4)
    sends = []
    for i in range(10):
        name = f"M000000{i:016x}00000001".encode()
        sends += [("c", _message(503, _create(4 << 56 | i, 4, 0, name), i)), ("s", _message(503, b"", i, 0xFA56))]
    timeline, events = _events(sends)
    assert len(events) == 10 and len(timeline.resources) == 4
    assert [e.answer for e in events] == ["DLM_NORMAL"] * 10


# -- hexview --locks [--json] -----------------------------------------------------------------


def hexview(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "hexview.cli", *args], capture_output=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    return done.stdout.decode()


def test_cli_text_puts_each_event_under_its_sending_node():
    lines = hexview("--locks", str(DEMO)).splitlines()
    head = lines[0]
    assert head.split() == ["msg", "time", "lock", "resource", "name", "node", "1", "node", "2", "node", "3", "master", "levels"]
    column = {node: head.index(f"node {node}") for node in (1, 2, 3)}
    rows = {int(line.split()[0]): line for line in lines[1:]}
    assert len(rows) == 50
    # message 25: node 1 (the meta lock's master) sends node 2 a BAST blocking PR
    bast = rows[25]
    assert bast[column[1] :].startswith("BAST PR 2:1 -> 2: DLM_NORMAL ")
    assert "Meta inode 53314 gen 0x5b2e6f11" in bast and META in bast and bast.endswith("  1  2=EX")
    # message 27: node 2 downconverts, under its own column
    assert rows[27][column[2] :].startswith("convert PR 2:1 -> 1: DLM_NORMAL ") and rows[27][column[1] : column[2]].strip() == ""
    # message 97: node 3 begins the recovery of node 2
    assert rows[97][column[3] :].startswith("begin recovery -> 1: status 0 (dead node 2)")
    # grouped by lock: the meta lock's 17 events come first, message 113 (its last) before 15 (the data lock's first)
    order = [int(line.split()[0]) for line in lines[1:]]
    assert order.index(113) == 16 and order.index(15) == 17


def test_cli_json_one_event_a_line_with_its_node():
    objects = [json.loads(line) for line in hexview("--locks", "--json", str(DEMO)).splitlines()]
    assert len(objects) == 50 and {o["view"] for o in objects} == {"locks"}
    assert all("node" in o and "to" in o and "levels" in o for o in objects)
    bast = next(o for o in objects if o["index"] == 25)
    assert {k: bast[k] for k in ("lock", "lock_type", "event", "node", "to", "mode", "cookie", "answer", "reply")} == {
        "lock": META,
        "lock_type": "Meta",
        "event": "BAST",
        "node": 1,
        "to": 2,
        "mode": "PR",
        "cookie": "2:1",
        "answer": "DLM_NORMAL",
        "reply": 26,
    }
    assert (bast["master"], bast["levels"], bast["source"]) == (1, {"2": "EX"}, "10.0.5.1:7777")


def test_cli_filter_keeps_one_lock_and_later_learned_nodes_fill_in():
    """-Y lock_type == W: the data lock's 11 events only. Its first, node 2's master request
    answered YES, names the master before node 1 ever said who it is (its first message in
    this view is message 19): the master column says 1 all the same."""
    lines = hexview("--locks", "-Y", "lock_type == W", str(DEMO)).splitlines()
    rows = lines[1:]
    assert [int(r.split()[0]) for r in rows] == [15, 17, 19, 21, 23, 31, 33, 35, 37, 39, 41]
    assert "node 3" not in lines[0] and "master request -> 1: YES" in rows[0]
    assert rows[0].split()[-1] == "1"  # the master column (no levels yet)


def test_a_column_spread_by_a_key():
    """cross_views.Column(by=...): one column per value of the row key, the cell under its own."""
    from hexview.protocols.cross_views import Column, CrossView, layout

    view = CrossView("t", "t", "x", "t", (Column("n", "n"), Column("what", "", by="who")), list)
    rows = [{"n": 1, "who": "node 2", "what": "a"}, {"n": 2, "who": "node 10", "what": "b"}, {"n": 3, "who": "node 2"}]
    columns = layout(view, rows)
    assert [c.heading for c in columns] == ["n", "node 2", "node 10"]
    assert [[c.text(r) for c in columns] for r in rows] == [["1", "a", ""], ["2", "", "b"], ["3", "-", ""]]


def test_readme_example_is_what_the_command_prints():
    readme = (ROOT / "README.md").read_text()
    command = "$ hexview --locks -Y 'lock_type == W' tests/data/demos/ocfs2-locks-3node.pcap\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    assert shown == hexview("--locks", "-Y", "lock_type == W", str(DEMO.relative_to(ROOT)))


def test_seed_demo_requery_and_migrate_request():
    """tests/data/demos/ocfs2-cluster.pcap (seed 000's examples): the Master Requery for
    $RECOVERY is answered with status 0 (tools/demo_conversations.py), which
    dlm_master_requery_handler means as the master's node number; the Migrate Request
    moves the Open lock's mastery from node 3 to node 6 (its master and new_master)."""
    timeline = LockTimeline()
    events = {}
    for message in Pipeline().run(open_input(str(ROOT / "tests" / "data" / "demos" / "ocfs2-cluster.pcap"))):
        for event in timeline.add(message):
            events[event.event] = event
    requery = events["master requery"]
    assert (requery.lock.text, requery.answer, requery.master) == ("$RECOVERY", "master 0", 0)
    migrate = events["migrate request"]
    assert (migrate.lock.type_name, migrate.detail, migrate.master, migrate.node) == ("Open", "master 3 -> 6", 6, 6)


def test_cancel_takes_back_the_level_asked_for():
    name = b"M000000000000000000d0425b2e6f11"
    cookie = 4 << 56 | 9
    unlock = struct.pack(">QIHBB", cookie, 0x2000, 0, 4, len(name)) + name.ljust(64, b"\0")  # LKM_CANCEL
    ast = struct.pack(">QIBBbB", cookie, 0, 7, 0, 0, len(name)) + name.ljust(64, b"\0")  # from master 7
    sends = [
        ("c", _message(503, _create(cookie, 4, 0, name), 0)),
        ("s", _message(503, b"", 0, 0xFA56)),
        ("s", _message(505, ast, 0)),
        ("c", _message(505, b"", 0, 0xFA56)),
        ("c", _message(504, _create(cookie, 4, 5, name), 1)),
        ("s", _message(504, b"", 1, 0xFA56)),
        ("c", _message(506, unlock, 2)),
        ("s", _message(506, b"", 2, 0xFA56)),
        ("s", _message(505, ast, 1)),  # an AST after the cancel grants nothing new
        ("c", _message(505, b"", 1, 0xFA56)),
    ]
    _, events = _events(sends)
    assert [(e.event, e.mode, e.detail, e.levels) for e in events] == [
        ("create", "NL", "", {}),
        ("AST", "NL", "", {4: "NL"}),
        ("convert", "EX", "", {4: "NL"}),
        ("cancel", "", "cancel convert", {4: "NL"}),
        ("AST", "", "", {4: "NL"}),
    ]
    # node 7 says who it is in its first AST: the create made before that has no receiver yet
    assert [(e.node, e.to) for e in events] == [(4, None), (7, 4), (4, 7), (4, 7), (7, 4)]
