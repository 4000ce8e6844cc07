"""``--stats`` on several cores: each worker reads the whole input and frames its share
of the conversations (pipeline.Share), the parent merges what they counted, and the
result -- table, JSON, notes -- is byte for byte the one-process result.

The equivalence runs on every shared capture and bundled input; the counting tests
show each worker framing only its conversations (plus those whose protocol teaches
the others, framed by all), and the failure tests a worker that fails or dies ending
the run with an error that names it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import signal
import struct
from collections import Counter
from pathlib import Path

import pytest

from hexview import cli
from hexview.analysis import response_times
from hexview.analysis.response_times import ResponseTimes, Tally
from hexview.analysis.split import WorkerError, run_split
from hexview.packets import LINKTYPE_ETHERNET, LINKTYPE_RAW, Packet
from hexview.pipeline import Pipeline, Share, SplitUnsafe
from hexview.protocols.registry import StatEntry, StatKey, registrations
from hexview.protocols.rpc.gluster import glusterfs
from hexview.readers import open_input
from hexview.tcp import reassembly
from hexview.tcp.netlayers import ACK, FIN, PSH, SYN
from hexview.tcp.reassembly import Reassembler
from shared_paths import CAPTURES, shared_pcaps
from tcp_packets import ETHERNET_HEADER, ipv4_tcp, write_pcap
from test_mount_rpcbind import LEARNED_PORT, capture, mid_record_mount_conversation

DATA = Path(__file__).parent / "data"
LOCAL = sorted(p for p in DATA.glob("*") if p.suffix in (".pcap", ".txt") and ".tshark" not in p.name)
VIEWS = (["--stats"], ["--stats", "--json"], ["--stats", "--json", "-Y", "latency > 200us or op_errno"])
PEER_PROBE = CAPTURES / "gluster" / "gluster-2node-peer-probe-volume.pcap"  # 28 conversations


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def same_both_ways(capsys: pytest.CaptureFixture[str], *inputs: str, jobs: tuple[str, ...] = ("2",)) -> str:
    """Every --stats view of ``inputs`` with --jobs 1 and with each of ``jobs``: exit
    status, output and stderr alike. Returns the one-process table."""
    table = ""
    for view in VIEWS:
        alone = run_cli(capsys, *view, "--jobs", "1", *inputs)
        assert alone[0] == 0 and (alone[1] or "-Y" in view), alone
        for n in jobs:
            assert run_cli(capsys, *view, "--jobs", n, *inputs) == alone, (view, n)
        table = table or alone[1]
    return table


# -- the same output ------------------------------------------------------------------------


@pytest.mark.parametrize("path", shared_pcaps())
def test_split_stats_are_the_one_process_stats_on_every_shared_capture(capsys, path):
    same_both_ways(capsys, str(path))


@pytest.mark.parametrize("path", LOCAL, ids=[p.name for p in LOCAL])
def test_split_stats_are_the_one_process_stats_on_bundled_inputs(capsys, path):
    same_both_ways(capsys, str(path), jobs=("2", "3"))


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/captures not present")
def test_several_inputs_and_three_workers(capsys):
    inputs = [str(PEER_PROBE), str(DATA / "nbd-tiny-nbdsh.pcap"), str(CAPTURES / "nfs" / "nfs-v41-pynfs-pnfs-v42.pcap")]
    table = same_both_ways(capsys, *inputs, jobs=("2", "3"))
    assert "GlusterFS" in table and "NBD" in table and "NFS" in table


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/captures not present")
def test_past_the_sample_limit_the_split_keeps_the_same_sample(capsys, monkeypatch):
    """Rows of more than SAMPLE_LIMIT answers keep the same sample whichever worker
    counted which exchange (the lowest ranks), so the estimated percentiles agree too."""
    monkeypatch.setattr(response_times, "SAMPLE_LIMIT", 3)
    path = str(CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap")
    alone = run_cli(capsys, "--stats", "--json", "--jobs", "1", path)
    rows = [json.loads(line) for line in alone[1].splitlines()]
    assert sum(r["answered"] > 3 * 3 and r["server"] is None for r in rows) >= 3  # rows of many more answers than samples
    assert run_cli(capsys, "--stats", "--json", "--jobs", "2", path) == alone


def test_tallies_counted_apart_merge_into_the_one_pass_tally(monkeypatch):
    monkeypatch.setattr(response_times, "SAMPLE_LIMIT", 16)
    rng = random.Random(5)
    exchanges = [(rng.randrange(1, 5000), rng.getrandbits(63), rng.random() < 0.1) for _ in range(2000)]
    key = StatKey(None, None, "X", "X")

    def add(tally: Tally, micro: int, rank: int, failed: bool) -> None:
        tally.add(StatEntry(key, failed, "EIO" if failed else None), True, True, micro / 1e6, rank)

    whole = Tally()
    for exchange in exchanges:
        add(whole, *exchange)
    parts = [Tally(), Tally(), Tally()]
    for i, exchange in enumerate(reversed(exchanges)):  # another order, three ways
        add(parts[i % 3], *exchange)
    parts[0].merge(parts[1])
    parts[0].merge(parts[2])
    assert parts[0].row(key, "P", None, None) == whole.row(key, "P", None, None)
    assert sorted(parts[0].samples) == sorted(whole.samples) and len(whole.samples) == 16
    lowest = sorted((rank, micro) for micro, rank, _ in exchanges)[:16]
    assert sorted(whole.samples) == sorted(micro for _, micro in lowest)


# -- each worker frames its own ---------------------------------------------------------------


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/captures not present")
def test_each_worker_frames_only_its_conversations():
    """Of 28 GlusterFS conversations, worker k gives out the messages of those numbered
    k mod 2, together exactly the one-process messages. Those to glusterd (port 24007:
    its volfile and brick ports name other connections) are framed by every worker; of
    the others' brick connections a worker sees no more than what chose their protocol."""

    ports: dict[int, int] = {}  # conversation -> its server's port

    def run(pipeline: Pipeline) -> tuple[list[tuple], Counter[int]]:
        """The messages given out, and the reassembly events seen, by conversation."""
        events: Counter[int] = Counter()
        messages = list(pipeline.run(open_input(str(PEER_PROBE)), observe=lambda e: events.update([e.conversation.index])))
        ports.update((m.conversation.index, m.conversation.server.port) for m in messages)
        return [(m.conversation.index, m.direction, m.offset, m.name, m.timestamp) for m in messages], events

    single = Pipeline(hold_for_pairs=False)
    every, events_alone = run(single)
    assert single.framed == 28
    to_glusterd = {i for i, port in ports.items() if port == 24007}
    assert 0 < len(to_glusterd) < 28
    given = []
    for worker in (0, 1):
        pipeline = Pipeline(hold_for_pairs=False, share=Share(worker, 2))
        mine, events = run(pipeline)
        assert {index % 2 for index, *_ in mine} == {worker}
        own = {i for i in events_alone if i % 2 == worker}
        others = {i for i in events_alone if i % 2 != worker}
        taught = others & to_glusterd
        assert pipeline.framed == len(own) + len(taught)
        assert {i: events[i] for i in own | taught} == {i: events_alone[i] for i in own | taught}  # every event
        bricks = [i for i in others - taught if i in events]
        assert bricks and all(events[i] <= 2 for i in bricks)  # the others: what chose their protocol
        assert sum(events_alone[i] for i in bricks) > 10 * sum(events[i] for i in bricks)
        given += mine
    assert sorted(given) == sorted(every)


def test_a_conversation_that_teaches_is_framed_by_every_worker(tmp_path, capsys):
    """A GETPORT reply (conversation 0, PORTMAP) names the port of conversation 1: worker 1
    frames both, learns the port and reads conversation 1 as MOUNT, as one process does;
    worker 0 frames the portmapper's and leaves the MOUNT conversation alone."""
    packets = capture(mid_record_mount_conversation)
    alone = Pipeline(hold_for_pairs=False)
    names = [(m.conversation.index, m.conversation.protocol.name) for m in alone.run(packets)]
    assert sorted(set(names)) == [(0, "PORTMAP"), (1, "MOUNT")]
    for worker, framed in ((0, 1), (1, 2)):
        pipeline = Pipeline(hold_for_pairs=False, share=Share(worker, 2))
        mine = [(m.conversation.index, m.conversation.protocol.name) for m in pipeline.run(packets)]
        assert mine == [n for n in names if n[0] == worker]
        assert pipeline.framed == framed
        assert pipeline.context.expected(LEARNED_PORT).name == "MOUNT"
    path = tmp_path / "getport-then-mount.pcap"
    write_pcap(path, packets)
    table = same_both_ways(capsys, str(path))
    assert "MOUNT" in table and "UMNT" in table


def test_a_lesson_from_a_conversation_one_worker_frames_is_caught(tmp_path, capsys, monkeypatch):
    """Were PORTMAP not declared to teach, worker 1 would miss the port: the worker that
    frames it sees the lesson and says the split cannot be trusted, and --stats reads the
    input again in one process -- the same table."""
    packets = capture(mid_record_mount_conversation)
    path = tmp_path / "getport-then-mount.pcap"
    write_pcap(path, packets)
    alone = run_cli(capsys, "--stats", "--json", "--jobs", "1", str(path))
    portmap = registrations()["portmap"]
    monkeypatch.setitem(registrations(), "portmap", dataclasses.replace(portmap, teaches=False))
    with pytest.raises(SplitUnsafe, match="conversation 0 .PORTMAP. taught"):
        list(Pipeline(share=Share(0, 2)).run(packets))
    assert {m.conversation.protocol.name for m in Pipeline(share=Share(1, 2)).run(packets)} == {"TCP"}  # the port unlearned
    assert run_cli(capsys, "--stats", "--json", "--jobs", "2", str(path)) == alone


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/captures not present")
def test_glusterd_teaches_the_brick_names_every_worker_reads(capsys, monkeypatch):
    """replica3-afr: the client's volfile (GETSPEC to glusterd, conversation 0's server
    port 24007) maps each brick to its translator, which names the brick connections'
    servers in --stats. Connections to glusterd are framed by every worker, so each
    learns the volfile and the split table names the servers as one process does; were
    they not, the worker framing GETSPEC says the split cannot be trusted (the volfile
    is a lesson) and --stats reads the file again in one process -- the same table."""
    path = str(CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap")
    alone = run_cli(capsys, "--stats", "--json", "--jobs", "1", path)
    labels = {r["server"]: r["server_label"] for r in map(json.loads, alone[1].splitlines()) if r["server"]}
    assert labels["127.0.0.2:24007"] == "glusterd"
    assert sum(text is not None and text.startswith("repvol-client-") for text in labels.values()) == 3
    assert run_cli(capsys, "--stats", "--json", "--jobs", "2", path) == alone
    monkeypatch.setattr(glusterfs, "GLUSTERD_PORTS", ())
    packets = list(open_input(path))
    assert [_splits(packets, worker) for worker in (0, 1)].count(False) == 1  # the one framing GETSPEC
    assert run_cli(capsys, "--stats", "--json", "--jobs", "2", path) == alone


def _splits(packets: list[Packet], worker: int) -> bool:
    try:
        list(Pipeline(share=Share(worker, 2)).run(packets))
    except SplitUnsafe as exc:
        assert "(GlusterFS) taught" in str(exc)
        return False
    return True


# -- notes ----------------------------------------------------------------------------------


def tcp(number: int, src, dst, seq: int, payload: bytes = b"", flags: int = ACK | PSH) -> Packet:
    return Packet(number, LINKTYPE_RAW, ipv4_tcp(src, dst, seq, payload, flags=flags))


def udp(number: int) -> Packet:
    body = struct.pack("!HHHH", 53, 53, 8, 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, 0, 0x4000, 64, 17, 0, bytes([10, 0, 0, 9]), bytes([10, 0, 0, 2]))
    return Packet(number, LINKTYPE_RAW, ip + body)


A, B, SERVER = ("10.0.0.1", 1000), ("10.0.0.3", 1001), ("10.0.0.2", 2000)


def noted_capture() -> list[Packet]:
    """Conversation 0 (A): data, FIN, then data after the FIN (frame 11); conversation 1
    (B): data resent with other bytes (frame 9); a UDP packet (frame 10), skipped."""
    return [
        tcp(1, A, SERVER, 100, flags=SYN),
        tcp(2, SERVER, A, 500, flags=SYN | ACK),
        tcp(3, A, SERVER, 101, b"a" * 20),
        tcp(4, A, SERVER, 121, flags=FIN | ACK),
        tcp(5, B, SERVER, 100, flags=SYN),
        tcp(6, SERVER, B, 700, flags=SYN | ACK),
        tcp(7, B, SERVER, 101, b"b" * 20),
        tcp(8, SERVER, B, 701, b"c" * 20),
        tcp(9, B, SERVER, 101, b"d" * 20),
        udp(10),
        tcp(11, A, SERVER, 122, b"late"),
    ]


def test_notes_of_a_split_run_are_the_one_process_notes(tmp_path, capsys, monkeypatch):
    path = tmp_path / "noted.pcap"
    write_pcap(path, noted_capture(), ethernet=True)
    alone = run_cli(capsys, "--stats", "--jobs", "1", str(path))
    notes = [line.split(": ", 2)[2] for line in alone[2].splitlines()]
    assert notes == [
        "1 packet skipped: not TCP (UDP) (frame 10)",
        "frame 9: retransmitted bytes from 10.0.0.3:1001 at offset 0 differ from the copy in frame 7; the first copy is kept",
        "frame 11: 4 bytes from 10.0.0.1:1000 after its FIN ignored",
    ]
    assert run_cli(capsys, "--stats", "--jobs", "2", str(path)) == alone
    monkeypatch.setattr(reassembly, "MAX_NOTES", 1)
    alone = run_cli(capsys, "--stats", "--jobs", "1", str(path))
    assert alone[2].splitlines()[1:] == [
        f"hexview: {path}: frame 9: retransmitted bytes from 10.0.0.3:1001 at offset 0 differ from the copy in frame 7; "
        "the first copy is kept",
        f"hexview: {path}: ... and 1 more notes",
    ]
    assert run_cli(capsys, "--stats", "--jobs", "2", str(path)) == alone


def test_an_ignored_conversation_still_numbers_ends_and_is_forgotten_alike(monkeypatch):
    """A reassembler that stops following conversation 0 drops its packets (its plain
    Ethernet ones read no further than the headers), yet numbers every later conversation
    as one that follows all: after conversation 0 closes both ways and is forgotten, its
    ports' next connection (a new SYN) and a late segment are new conversations alike."""
    monkeypatch.setattr(reassembly, "MAX_FLOWS", 1)  # forget closed conversations at each new one

    def ether(packet: Packet) -> Packet:
        return Packet(packet.number, LINKTYPE_ETHERNET, ETHERNET_HEADER + packet.data)

    packets = [
        ether(p)
        for p in [
            tcp(1, A, SERVER, 100, flags=SYN),
            tcp(2, SERVER, A, 500, flags=SYN | ACK),
            tcp(3, A, SERVER, 101, b"a" * 20),
            tcp(4, SERVER, A, 501, b"s" * 8),
            tcp(5, A, SERVER, 121, flags=FIN | ACK),
            tcp(6, SERVER, A, 509, flags=FIN | ACK),
            tcp(7, B, SERVER, 100, flags=SYN),  # conversation 1; the closed 0 is forgotten here
            tcp(8, B, SERVER, 101, b"b" * 20),
            tcp(9, A, SERVER, 121, b"z"),  # a late segment of the forgotten 0: a new conversation
            tcp(10, A, SERVER, 9000, flags=SYN),  # a new connection on its ports: another
            tcp(11, A, SERVER, 9001, b"n" * 20),
        ]
    ]
    following, ignoring = Reassembler(), Reassembler()
    seen: dict[str, list[tuple[int, int]]] = {"following": [], "ignoring": []}
    for packet in packets:
        for name, r in (("following", following), ("ignoring", ignoring)):
            events = r.feed(packet)
            seen[name] += [(packet.number, e.conversation.index) for e in events]
            if name == "ignoring" and packet.number == 3:
                ignoring.ignore(events[0].conversation)
    assert seen["following"] == [(3, 0), (4, 0), (5, 0), (6, 0), (8, 1), (9, 2), (10, 2), (11, 3)]
    assert seen["ignoring"] == [(3, 0), (8, 1), (9, 2), (10, 2), (11, 3)]


def test_workers_only_on_idle_cpus(tmp_path, monkeypatch):
    """Without --jobs: one worker per CPU for a file of 4 MB or more, unless the load
    average says the CPUs are busy; one process for a small file."""
    from hexview.analysis import split

    big, small = tmp_path / "big.pcap", tmp_path / "small.pcap"
    with open(big, "wb") as out:
        out.truncate(4 << 20)
    small.write_bytes(b"\0" * 100)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    for load, workers in ((0.2, 2), (1.4, 2), (1.6, 1), (7.0, 1)):
        monkeypatch.setattr(os, "getloadavg", lambda load=load: (load, load, load))
        assert (split.workers_for(str(big)), split.workers_for(str(small))) == (workers, 1), load

    def unknown() -> tuple[float, float, float]:
        raise OSError("no load average here")

    monkeypatch.setattr(os, "getloadavg", unknown)
    assert split.workers_for(str(big)) == 2


# -- failing workers ------------------------------------------------------------------------------


def test_results_come_back_in_worker_order():
    assert run_split(3, lambda k: (k, os.getpid()))[0] == (0, os.getpid())
    results = run_split(3, lambda k: (k, os.getpid()))
    assert [k for k, _ in results] == [0, 1, 2] and len({pid for _, pid in results}) == 3


def test_a_worker_that_raises_ends_the_run_with_its_traceback():
    def work(k: int) -> int:
        if k == 1:
            raise ValueError("no such thing")
        return k

    with pytest.raises(WorkerError, match=r"(?s)worker 1 \(process \d+\) failed:.*ValueError: no such thing"):
        run_split(2, work)
    with pytest.raises(ValueError, match="no such thing"):  # an expected kind comes as itself
        run_split(2, work, expected=(ValueError,))


def test_a_worker_that_dies_ends_the_run_instead_of_a_wait():
    def work(k: int) -> int:
        if k == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        return k

    with pytest.raises(WorkerError, match=r"worker 2 \(process \d+\) stopped without its result \(killed by signal 9\)"):
        run_split(3, work)
    with pytest.raises(ChildProcessError):  # every child was reaped
        os.waitpid(-1, os.WNOHANG)


def test_when_worker_0_fails_the_others_are_stopped():
    def work(k: int) -> int:
        if k == 0:
            raise KeyError("parent")
        signal.pause()  # would wait for ever
        return k

    with pytest.raises(KeyError):
        run_split(3, work)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_stats_names_the_worker_that_died(capsys, monkeypatch):
    parent = os.getpid()
    finish = ResponseTimes.finish

    def dies(self: ResponseTimes) -> None:
        if os.getpid() != parent:  # in the worker: killed as it ends
            os.kill(os.getpid(), signal.SIGKILL)
        finish(self)

    monkeypatch.setattr(ResponseTimes, "finish", dies)
    code, out, err = run_cli(capsys, "--stats", "--jobs", "2", str(DATA / "gluster-tiny-brick-midstream.pcap"))
    assert (code, out) == (1, "")
    assert "--stats: worker 1 (process " in err and "stopped without its result (killed by signal 9)" in err
