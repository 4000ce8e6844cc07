"""Names on streams (hexview.protocols.labels): what each protocol's handshake says a
conversation is, as the stream list, ``--conversations`` and ``--stats`` show it.

Golden values: GlusterFS's SETVOLUME dicts and PORTBYBRICK answers as tshark's decode
of the shared captures prints them (``.tshark.txt``), its GETSPEC volfile as tshark's
JSON carries it; NBD's export names as nbdkit's debug log of the same sessions says
the client asked for them; a pNFS data server's address built from RFC 8881's XDR and
RFC 5665's universal address.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hexview.pipeline import Pipeline
from hexview.protocols.labels import Labeller, StreamLabels, learn_labels, server_label, stream_label
from hexview.readers import open_input
from hexview.tcp.stream_events import Conversation, Endpoint
from shared_paths import CAPTURES
from tcp_packets import conversation_packets
from test_nfs_bodies import compound, compound_reply, sequence_op, sequence_res
from xdr import opaque, record, string, u32

ROOT = Path(__file__).resolve().parents[1]
MIDSTREAM = ROOT / "tests" / "data" / "gluster-tiny-brick-midstream.pcap"
GLUSTER = CAPTURES / "gluster"
HEXVIEW = [sys.executable, "-m", "hexview.cli"]


def conversations(path: Path) -> dict[int, Conversation]:
    """Every conversation that carried a message, by stream number, after reading ``path``."""
    found: dict[int, Conversation] = {}
    for message in Pipeline().run(open_input(str(path))):
        found.setdefault(message.conversation.index, message.conversation)
    return found


def by_client_port(path: Path) -> dict[int, Conversation]:
    return {conv.client.port: conv for conv in conversations(path).values()}


def tshark_frames(name: str) -> list[dict]:
    """tshark -V's frames: source and destination port, XID, and the text."""
    text = (GLUSTER / f"{name}.tshark.txt").read_text()
    frames = []
    for block in re.split(r"\n(?=Frame \d+:)", text):
        ports = re.search(r"Src Port: (\d+), Dst Port: (\d+)", block)
        xid = re.search(r"XID:(0x[0-9a-f]+)", block)
        if ports and xid:
            frames.append({"src": int(ports[1]), "dst": int(ports[2]), "xid": xid[1], "text": block})
    return frames


def needs(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path.name} not available")


# -- GlusterFS ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["gluster-fuse-replica3-afr", "gluster-fuse-disperse-ec", "gluster-any-sll2-qemu-gfapi"])
def test_brick_connections_are_named_by_their_setvolume(name):
    """Each SETVOLUME call tshark decodes names its connection (and the brick's endpoint)
    as the translator in process-uuid's PC_NAME, remote-host:remote-subvolume."""
    needs(GLUSTER / f"{name}.pcap")
    convs = by_client_port(GLUSTER / f"{name}.pcap")
    expected = {}
    for frame in tshark_frames(name):
        uuid = re.search(r"\n\s+process-uuid: .*-PC_NAME:(\S+?)-RECON_NO:", frame["text"])
        host = re.search(r"\n\s+remote-host: (\S+)", frame["text"])
        brick = re.search(r"\n\s+remote-subvolume: (\S+)", frame["text"])
        if uuid and host and brick:
            expected[frame["src"]] = f"{uuid[1]} ({host[1]}:{brick[1]})"
    assert len(expected) >= 1 if "gfapi" in name else len(expected) == 3
    for port, label in expected.items():
        conv = convs[port]
        assert stream_label(conv) == label
        assert server_label(conv) == label


def test_portbybrick_names_the_brick_endpoint_from_the_volfile():
    """PORTBYBRICK (brick path -> port, as tshark decodes call and reply) names the
    endpoint glusterd's host:port by the volfile's protocol/client translator for that
    path (GETSPEC's reply, as tshark's JSON carries it): the name a connection there
    gets even when its SETVOLUME is not in the capture."""
    name = "gluster-fuse-replica3-afr"
    needs(GLUSTER / f"{name}.pcap")
    spec = next(
        v
        for line in (GLUSTER / f"{name}.tshark.json").read_text().splitlines()
        if '"glusterfs.hndsk.getspec"' in line
        for v in [json.loads("{" + line.strip().rstrip(",") + "}")["glusterfs.hndsk.getspec"]]
    )
    translators = {
        m[2]: m[1]
        for m in re.finditer(
            r"volume (\S+)\n    type protocol/client\n(?:    option .*\n)*?    option remote-subvolume (\S+)", spec
        )
    }
    assert set(translators.values()) == {"repvol-client-0", "repvol-client-1", "repvol-client-2"}
    frames = tshark_frames(name)
    bricks = {(f["src"], f["xid"]): m[1] for f in frames if (m := re.search(r"\n    Brick: (\S+)", f["text"]))}
    ports = {(f["dst"], f["xid"]): int(m[1]) for f in frames if (m := re.search(r"\n    Port: (\d+)", f["text"]))}
    answered = {bricks[key]: port for key, port in ports.items() if key in bricks}
    assert len(answered) == 3
    convs = conversations(GLUSTER / f"{name}.pcap")
    labels = next(iter(convs.values())).context.labels
    glusterd = next(c.server for c in convs.values() if c.server.port == 24007)
    for brick, port in answered.items():
        assert labels.server_label(Endpoint(glusterd.addr, port)) == f"{translators[brick]} ({glusterd.addr}:{brick})"
    asked = sorted(stream_label(c) for c in convs.values() if c.server.port == 24007)
    assert asked == ["glusterd: port of repvol-client-0", "glusterd: port of repvol-client-1"] + [
        "glusterd: port of repvol-client-2",
        "glusterd: volfile repvol",
    ]
    assert {server_label(c) for c in convs.values() if c.server.port == 24007} == {"glusterd"}


def test_a_connection_captured_after_its_handshake_says_so():
    (conv,) = conversations(MIDSTREAM).values()
    assert stream_label(conv) == "handshake not captured"
    assert server_label(conv) is None


# -- NBD -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["nbd-nbdkit-nbdinfo-list-map", "nbd-tiny-nbdsh", "nbd-any-sll2-nbdcopy"])
def test_nbd_connections_are_named_by_the_export_they_chose(name):
    """nbdkit's log says which export each NBD_OPT_GO asked for, connection after
    connection; the connections that chose one are named so, in order."""
    pcap = CAPTURES / "nbd" / f"{name}.pcap"
    needs(pcap)
    log = (CAPTURES / "nbd" / f"{name}.nbdkit-debug.txt").read_text()
    asked = re.findall(r"NBD_OPT_GO: client requested export '(.*)'", log)
    assert asked
    expected = [f"export '{export}'" if export else "default export ''" for export in asked]
    labels = [stream_label(conv) for _, conv in sorted(conversations(pcap).items())]
    assert [label for label in labels if label != "export list"] == expected


def test_nbd_list_connection_is_named_export_list():
    pcap = CAPTURES / "nbd" / "nbd-nbdkit-nbdinfo-list-map.pcap"
    needs(pcap)
    assert stream_label(conversations(pcap)[0]) == "export list"  # NBD_OPT_LIST, INFO, ABORT: no GO


def test_nbd_transmission_without_a_handshake_says_so():
    """A READ request (NBD spec: magic 0x25609513, flags, type 0, cookie, offset, length)
    and its simple reply, with no greeting before them."""
    request = u32(0x25609513) + bytes(4) + bytes(8) + bytes(8) + u32(512)
    reply = u32(0x67446698, 0) + bytes(8) + bytes(512)
    packets = conversation_packets([("c", request), ("s", reply)], ("10.0.0.1", 40000), ("10.0.0.2", 10809))
    messages = list(Pipeline().run(packets))
    assert [m.name for m in messages][0] == "NBD_CMD_READ"
    assert stream_label(messages[0].conversation) == "handshake not captured"


# -- NFS: pNFS data servers ----------------------------------------------------------------------

DEVICE = bytes.fromhex("0123456789abcdef0011223344556677")


def test_getdeviceinfo_names_the_data_server_endpoint():
    """RFC 8881 GETDEVICEINFO (op 47) after SEQUENCE: a file layout device address with
    one data server at universal address 192.168.1.5.8.1 (RFC 5665: port 8*256+1 = 2049);
    the client's later connection to 192.168.1.5:2049 is named by it."""
    ds_addr = u32(1, 0) + u32(1) + u32(1) + string("tcp") + string("192.168.1.5.8.1")
    args = u32(47) + DEVICE + u32(1, 65536) + u32(0)
    res = u32(47, 0) + u32(1) + opaque(ds_addr) + u32(0)
    mds = conversation_packets(
        [("c", record(compound(0x200, [sequence_op(), args]))), ("s", record(compound_reply(0x200, [sequence_res(), res])))],
        ("10.0.0.1", 900),
        ("10.0.0.2", 2049),
    )
    ds = conversation_packets(
        [("c", record(compound(0x201, [sequence_op()]))), ("s", record(compound_reply(0x201, [sequence_res()])))],
        ("10.0.0.1", 901),
        ("192.168.1.5", 2049),
    )
    packets = mds + ds
    for number, packet in enumerate(packets, 1):
        packet.number = number
    convs = {}
    for message in Pipeline().run(packets):
        convs.setdefault(message.conversation.server, message.conversation)
    to_ds = convs[Endpoint("192.168.1.5", 2049)]
    assert stream_label(to_ds) == "pNFS data server (device 01234567…)"
    assert server_label(to_ds) == "pNFS data server (device 01234567…)"
    assert stream_label(convs[Endpoint("10.0.0.2", 2049)]) is None


# -- the hook's contract -------------------------------------------------------------------------


def test_a_raising_hook_costs_the_label_never_a_message():
    """learn_labels swallows what a protocol's hook raises (the pipeline hands it every batch)."""
    (conv,) = conversations(MIDSTREAM).values()
    context = conv.context
    messages = [object(), object()]

    def learn(message, ctx):
        raise RuntimeError("broken hook")

    learn_labels(Labeller(lambda m: True, learn), messages, context)  # type: ignore[arg-type]
    learn_labels(Labeller(lambda m: 1 / 0 > 0, learn), messages, context)  # type: ignore[arg-type]


def test_labels_are_bounded_and_the_newest_word_wins(monkeypatch):
    """Server names are bounded per input; a conversation's own name is held on the
    conversation, so the book keeps nothing per conversation (it goes with it)."""
    from hexview.protocols import labels as module

    monkeypatch.setattr(module, "MAX_LABELS", 3)
    book = StreamLabels()
    convs = [Conversation(i, Endpoint("10.0.0.1", 1000 + i), Endpoint("10.0.0.2", i)) for i in range(5)]
    for conv in convs:
        book.name_server(conv.server, f"s{conv.index}")
    assert [book.server_label(c.server) for c in convs] == [None, None, "s2", "s3", "s4"]
    for conv in convs:
        book.name_conversation(conv, f"c{conv.index}")
    assert [book.label(c) for c in convs] == ["c0", "c1", "c2", "c3", "c4"]
    assert len(vars(book)["_servers"]) == 3 and set(vars(book)) == {"_servers", "now", "changes"}
    fresh = Conversation(9, Endpoint("10.0.0.1", 999), Endpoint("10.0.0.2", 4))
    book.not_captured(fresh)
    assert book.label(fresh) == "s4 (handshake not captured)"
    book.not_captured(convs[0])
    assert book.label(convs[0]) == "c0"  # named by its own handshake: nothing was missed


# -- on the command line ---------------------------------------------------------------------------


def run(*args):
    return subprocess.run(HEXVIEW + [str(a) for a in args], capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_conversations_json_and_table_carry_the_label():
    done = run("--conversations", "--json", MIDSTREAM)
    (row,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert row["label"] == "handshake not captured" and list(row)[-1] == "label"
    table = run("--conversations", MIDSTREAM).stdout.splitlines()
    assert table[0].split()[-1] == "Label" and table[1].endswith("handshake not captured")


def test_stats_server_rows_name_the_brick():
    pcap = GLUSTER / "gluster-fuse-replica3-afr.pcap"
    needs(pcap)
    convs = conversations(pcap)
    named = {str(c.server): stream_label(c) for c in convs.values() if c.server.port != 24007}
    rows = [json.loads(line) for line in run("--stats", "--json", pcap).stdout.splitlines()]
    lookups = [r for r in rows if r["name"] == "LOOKUP" and r["server"] is not None]
    assert {r["server"]: r["server_label"] for r in lookups} == named
    assert all(r["server_label"] is None for r in rows if r["server"] is None)
    text = run("--stats", pcap).stdout
    assert re.search(r"\n  @ 127\.0\.0\.2:\d+ repvol-client-0 \(127\.0\.0\.2:/tmp… ", text)
