"""pNFS layouts and the data-server I/O under them, on the capture built from RFC 8881
and RFC 8435 layouts (tests/data/pnfs: README.md says what it holds and why it is
built). Golden values come from tshark's decode of that capture (pnfs-layouts.tshark.txt:
each frame's addresses, operations, offsets and handles, the layouts' stripe size,
first stripe index, handles and the devices' addresses) and from the RFC 8881 section
13.4 / RFC 8435 rules worked out here; never from hexview's own output."""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass
from pathlib import Path

import pytest

from hexview import cli
from hexview.pipeline import Pipeline
from hexview.protocols.rpc.nfs import layouts
from hexview.protocols.rpc.nfs.layouts import Device, Layout, LayoutCollector, files_stripe
from hexview.readers import open_input
from shared_paths import CAPTURES

PNFS = Path(__file__).resolve().parent / "data" / "pnfs"
PCAP = PNFS / "pnfs-layouts.pcap"
MDS, DS1, DS2, PEER = "10.0.0.1:2049", "10.0.0.2:2049", "10.0.0.3:2049", "10.0.0.20:2049"
STRIPE_UNIT, FIRST_STRIPE_INDEX = 65536, 1  # the files layout of striped.bin (README step 1)
ALL_ONES = (1 << 64) - 1


@dataclass
class TsharkFrame:
    number: int
    src: str
    dst: str
    text: str

    def all(self, label: str) -> list[str]:
        return re.findall(rf"\n\s+{re.escape(label)}: (\S+)", self.text)

    def ops(self) -> list[str]:
        return re.findall(r"\n\s+Opcode: (\w+) \(\d+\)", self.text)


def tshark_frames() -> dict[int, TsharkFrame]:
    """Every frame of tshark's -V text with RPC in it, by number."""
    frames = {}
    for block in re.split(r"\n(?=Frame \d+:)", (PNFS / "pnfs-layouts.tshark.txt").read_text()):
        number = re.match(r"Frame (\d+):", block)
        ip = re.search(r"Internet Protocol Version 4, Src: (\S+), Dst: (\S+)\n", block)
        ports = re.search(r"Src Port: (\d+), Dst Port: (\d+),", block)
        if number and ip and ports and "Remote Procedure Call" in block:
            src, dst = f"{ip[1]}:{ports[1]}", f"{ip[2]}:{ports[2]}"
            frames[int(number[1])] = TsharkFrame(int(number[1]), src, dst, block)
    return frames


def run(path: Path = PCAP) -> tuple[list[dict], dict[int, int]]:
    """The view's rows over ``path``, and frame number -> message number."""
    collector = LayoutCollector()
    by_frame = {}
    for message in Pipeline().run(open_input(str(path))):
        by_frame[message.first_frame] = message.index
        collector.add(message)
    return collector.rows(), by_frame


@pytest.fixture(scope="module")
def view() -> tuple[list[dict], dict[int, int], dict[int, TsharkFrame]]:
    rows, by_frame = run()
    return rows, by_frame, tshark_frames()


def io_calls(frames: dict[int, TsharkFrame]) -> list[TsharkFrame]:
    """READ/WRITE/COMMIT calls, NFSv4 (an Opcode line) or NFSv3 (its procedure)."""
    found = []
    for f in frames.values():
        v3 = re.search(r"\n\s+Procedure: (READ|WRITE|COMMIT) \(\d+\)", f.text)
        if "Type:Call" in f.text and (v3 or set(f.ops()) & {"READ", "WRITE", "COMMIT"}):
            found.append(f)
    return found


def reply_to(frames: dict[int, TsharkFrame]) -> dict[int, int]:
    """Call frame -> its reply's frame, as tshark paired them."""
    pairs = {}
    for f in frames.values():
        call = re.search(r"\[This is a reply to a request in frame (\d+)\]", f.text)
        if call:
            pairs[int(call[1])] = f.number
    return pairs


def layout_row(rows: list[dict], number: int) -> dict:
    return next(r for r in rows if r["layout"] == number)


def test_the_capture_is_what_tshark_reads(view):
    rows, by_frame, frames = view
    # every RPC record tshark decodes is a message of hexview's, and the other way round
    assert set(by_frame) == set(frames)
    assert len(frames) == 82
    # the files layout as tshark reads LAYOUTGET's reply (frame 18) and GETDEVICEINFO's (frame 22)
    striped = layout_row(rows, 1)
    assert (striped["call"], striped["reply"]) == (by_frame[16], by_frame[18])
    assert [int(v) for v in frames[18].all("stripe size")] == [striped["stripe_unit"]] == [STRIPE_UNIT]
    assert [int(v) for v in frames[18].all("first stripe to use index")] == [striped["first_stripe_index"]]
    assert frames[18].all("device ID") == [striped["deviceid"]]
    assert frames[18].all("FileHandle") == striped["fh_list"]
    assert striped["dense"] is False and striped["commit_through_mds"] is False
    device = striped["devices"][striped["deviceid"]]
    assert [int(v) for v in frames[22].all("device index")] == device["stripe_indices"] == [0, 1]
    addrs = [
        f"{'.'.join(a.split('.')[:4])}:{int(a.split('.')[4]) * 256 + int(a.split('.')[5])}" for a in frames[22].all("r_addr")
    ]
    assert [[a] for a in addrs] == device["addresses"] == [[DS1], [DS2]]
    assert device["at"] == by_frame[22]
    # the file's handle on the MDS is the one PUTFH carried into LAYOUTGET (frame 16), named by OPEN
    assert frames[16].all("FileHandle") == [striped["fh"]]
    assert striped["file"] == "striped.bin"


def test_every_io_under_its_layout_by_the_rfc_8881_stripe_rules(view):
    """Each READ/WRITE to the files layout's data servers: SUI = offset / stripe unit,
    j = (SUI + first stripe index) mod 2, data server = [DS1, DS2][stripe_indices[j]],
    its handle fh_list[that index]; the misdirected WRITE (frame 62) is marked."""
    rows, by_frame, frames = view
    striped = layout_row(rows, 1)
    fh_list = striped["fh_list"]
    members = {m["call"]: m for m in striped["members"]}
    checked = 0
    for f in io_calls(frames):
        if f.all("FileHandle")[0] not in fh_list:
            continue
        member = members.pop(by_frame[f.number])
        op = next(o for o in f.ops() if o in ("READ", "WRITE", "COMMIT"))
        offset = int(f.all("offset")[0])
        assert (member["op"], member["data_server"], member["fh"], member["offset"]) == (
            op,
            f.dst,
            f.all("FileHandle")[0],
            offset,
        )
        assert member["version"] == "4.1" and member["status"] == "NFS4_OK"
        assert member["reply"] == by_frame[reply_to(frames)[f.number]]
        if op == "COMMIT":  # offset 0 count 0: the whole file, no stripe
            assert member["stripe"] is None and member["differs"] == []
            continue
        j = (offset // STRIPE_UNIT + FIRST_STRIPE_INDEX) % 2
        expected = [DS1, DS2][j]
        assert (member["stripe"], member["file_offset"], member["expected"]) == (j, offset, [expected])
        assert member["via"] == f"fh_list[{fh_list.index(member['fh'])}]"
        wrong = [] if f.dst == expected else ["data_server"]
        wrong += [] if member["fh"] == fh_list[j] else ["via"]
        assert member["differs"] == wrong
        checked += 1
    assert checked == 6  # five WRITEs and the READ
    assert [m for m in striped["members"] if m["differs"]] == [m for m in striped["members"] if m["call"] == by_frame[62]]
    assert layout_row(rows, 1)["servers"] == {DS2: 3, DS1: 5}
    assert (striped["writes"], striped["reads"], striped["commits"]) == (5, 1, 2)
    assert (striped["bytes_written"], striped["bytes_read"]) == (5 * 512, 200)


def test_no_io_to_a_data_server_is_dropped(view):
    """Every READ/WRITE/COMMIT call tshark sees going to a data server is in exactly
    one row; the one with a handle no layout gave is in an unlinked row."""
    rows, by_frame, frames = view
    listed = [m["call"] for r in rows for m in r["members"] if m["op"] in ("READ", "WRITE", "COMMIT")]
    sent = sorted(by_frame[f.number] for f in io_calls(frames) if f.dst != MDS)
    assert sorted(listed) == sent and len(sent) == 13
    unlinked = [r for r in rows if r["state"] == "unlinked"]
    assert len(unlinked) == 1
    row = unlinked[0]
    assert frames[129].all("FileHandle") == [row["fh"]] == ["4453320000000000000000000000dead"]
    assert (row["layout"], row["call"], row["client"], row["servers"]) == (None, None, "10.0.0.10", {DS2: 1})
    assert row["first"] == by_frame[129]
    (member,) = row["members"]
    assert (member["op"], member["call"], member["reply"], member["offset"], member["count"]) == (
        "READ",
        by_frame[129],
        by_frame[131],
        0,
        100,
    )
    assert member["status"] == "NFS4ERR_BADHANDLE"  # the PUTFH the READ never got past (tshark: frame 131)
    assert "NFS4ERR_BADHANDLE" in frames[131].text


def test_flexible_file_layout_mirrors_and_an_nfsv3_data_server(view):
    rows, by_frame, frames = view
    mirrored = layout_row(rows, 2)
    assert (mirrored["type"], mirrored["file"], mirrored["call"]) == ("FLEX_FILES", "mirrored.bin", by_frame[94])
    assert [int(v) for v in frames[96].all("stripe unit")] == [mirrored["stripe_unit"]]
    ids = frames[96].all("device ID")
    handles = frames[96].all("FileHandle")
    assert [[s["deviceid"] for s in m] for m in mirrored["mirrors"]] == [[ids[0]], [ids[1]]]
    assert [[s["fh"] for s in m] for m in mirrored["mirrors"]] == [[[handles[0]]], [[handles[1]]]]
    assert [m[0]["efficiency"] for m in mirrored["mirrors"]] == [2, 1]
    devices = mirrored["devices"]
    assert devices[ids[0]]["addresses"] == [[DS1]] and devices[ids[0]]["versions"] == ["4.1"]
    assert devices[ids[1]]["addresses"] == [[DS2]] and devices[ids[1]]["versions"] == ["3"]
    assert (frames[100].all("version"), frames[104].all("version")) == (["4"], ["3"])
    io = [m for m in mirrored["members"] if m["op"] in ("READ", "WRITE")]
    # RFC 8435: one data server per mirror, so every offset is stripe 0 of its mirror
    got = [(m["call"], m["op"], m["data_server"], m["version"], m["via"], m["stripe"], m["differs"]) for m in io]
    assert got == [
        (by_frame[106], "WRITE", DS1, "4.1", "mirrors[0][0]", 0, []),
        (by_frame[113], "WRITE", DS2, "3", "mirrors[1][0]", 0, []),
        (by_frame[117], "READ", DS1, "4.1", "mirrors[0][0]", 0, []),
    ]
    assert frames[113].all("FileHandle") == [handles[1]]
    assert io[1]["status"] == "NFS3_OK" and io[1]["reply"] == by_frame[115] and io[1]["count"] == 1000


def test_the_layouts_story(view):
    rows, by_frame, _ = view
    story = [
        (m["op"], m["call"], m["reply"], m["status"])
        for m in layout_row(rows, 1)["members"]
        if m["op"] not in ("READ", "WRITE", "COMMIT")
    ]
    assert story == [
        ("GETDEVICEINFO", by_frame[20], by_frame[22], "NFS4_OK"),
        ("LAYOUTCOMMIT", by_frame[78], by_frame[80], "NFS4_OK"),
        ("LAYOUTRETURN", by_frame[82], by_frame[84], "NFS4_OK"),
    ]
    commit = next(m for m in layout_row(rows, 1)["members"] if m["op"] == "LAYOUTCOMMIT")
    assert commit["info"] == "0+197120 last write at 197119, new size 197120"
    assert layout_row(rows, 1)["state"] == "returned"
    mirrored = layout_row(rows, 2)
    story = [(m["op"], m["call"]) for m in mirrored["members"] if m["op"] not in ("READ", "WRITE", "COMMIT")]
    assert story == [
        ("GETDEVICEINFO", by_frame[98]),
        ("GETDEVICEINFO", by_frame[102]),
        ("CB_LAYOUTRECALL", by_frame[121]),
        ("LAYOUTRETURN", by_frame[125]),
    ]
    recall = next(m for m in mirrored["members"] if m["op"] == "CB_LAYOUTRECALL")
    assert (recall["data_server"], recall["info"], recall["reply"]) == (MDS, "FILE FLEX_FILES LO_ANY 0+EOF", by_frame[123])
    assert mirrored["state"] == "returned"
    # members come in message order
    for row in rows:
        assert [m["call"] for m in row["members"]] == sorted(m["call"] for m in row["members"])


def test_peer_to_peer_operations_name_their_data_server(view):
    rows, by_frame, frames = view
    p2p = layout_row(rows, 3)
    handle = frames[154].all("FileHandle")[0]
    assert p2p["fh_list"] == [handle] and handle.startswith("0000004200000001") and len(handle) == 72
    assert p2p["devices"][p2p["deviceid"]]["addresses"] == [[PEER]]
    assert p2p["deviceid"] == frames[154].all("device ID")[0] == "5e1ec7ed00000002" + "0" * 16
    ops = {m["op"]: m for m in p2p["members"]}
    assert ops["WRITE"]["data_server"] == PEER and ops["WRITE"]["via"] == "fh_list[0]"
    opened = ops["PROXY_OPEN"]
    assert (opened["call"], opened["reply"], opened["data_server"], opened["fh"]) == (by_frame[173], by_frame[175], PEER, handle)
    assert opened["info"].startswith(f"MDS id 00000042/1, registered by REGISTER_DS {by_frame[144]}")
    revoked = ops["CB_PROXY_REVOKE"]
    assert (revoked["call"], revoked["reply"], revoked["data_server"]) == (by_frame[179], by_frame[181], PEER)
    assert revoked["info"] == f"revokes PROXY_OPEN {by_frame[173]}"
    assert p2p["state"] == "held"


def test_a_server_offering_no_layouts_has_no_pnfs_io():
    """nfs-ganesha's VFS export answers EXCHANGE_ID with USE_PNFS_MDS and USE_PNFS_DS
    (tshark: 0x00060001) but grants no layout: its WRITEs and READs are its own I/O."""
    pcap = CAPTURES / "nfs" / "nfs-v41-pynfs-session-open-rw.pcap"
    if not pcap.exists():
        pytest.skip(f"{pcap.name} not available")
    tshark = pcap.with_suffix(".tshark.txt").read_text()
    assert "flags: 0x00060001, EXCHGID4_FLAG_USE_PNFS_DS, EXCHGID4_FLAG_USE_PNFS_MDS" in tshark
    assert "Opcode: WRITE (38)" in tshark and "Opcode: LAYOUTGET" not in tshark
    assert run(pcap)[0] == []


def test_dense_packing_works_file_offsets_back():
    """RFC 8881 13.4.4 dense packing: data server offset = (SUI / n) * su + offset mod su.
    Stripe unit 4096, three data servers (stripe indices [2, 0, 1]), first stripe index 1,
    pattern offset 8192. File offset 8192 + 5 * 4096 + 100 = 28772: SUI 5, j = (5 + 1) mod 3
    = 0, data server stripe_indices[0] = 2, data server offset (5 // 3) * 4096 + 100 = 4196."""
    lay = Layout(1, 1, 2, "c", "m", None, "NFSV4_1_FILES", "LO_RW", 0, ALL_ONES, 1, "00", False)
    lay.stripe_unit, lay.util, lay.first_stripe_index, lay.pattern_offset = 4096, 4096 | 0x1, 1, 8192
    lay.fh_list = ["aa", "bb", "cc"]
    device = Device("NFSV4_1_FILES", [["s0:1"], ["s1:1"], ["s2:1"]], [2, 0, 1], [], 3)
    assert files_stripe(lay, device, "s2:1", "aa", 4196) == (0, 28772, ["s2:1"], "aa")
    # sparse: the same file offset is the data server offset
    lay.util = 4096
    assert files_stripe(lay, device, "s2:1", "cc", 28772) == (0, 28772, ["s2:1"], "cc")
    # before the pattern offset nothing is said
    assert files_stripe(lay, device, "s2:1", "cc", 100) is None


def test_story_bounded_per_layout(monkeypatch):
    monkeypatch.setattr(layouts, "MAX_MEMBERS", 3)
    rows, _ = run()
    striped = layout_row(rows, 1)
    assert len(striped["members"]) == 3
    assert striped["left_out"] == 11 - 3  # GETDEVICEINFO, 5 WRITEs, 2 COMMITs, READ, LAYOUTCOMMIT, LAYOUTRETURN
    assert (striped["writes"], striped["reads"]) == (5, 1)  # the counts go on


def test_story_bounded_over_all_rows(monkeypatch):
    """23 story entries in all (11 + 7 + 1 + 4): with room for 5, the first 5 in
    message order are listed, every other one counted where it belongs."""
    everything, _ = run()
    total = sum(len(r["members"]) for r in everything)
    assert total == 23
    monkeypatch.setattr(layouts, "MAX_LISTED", 5)
    rows, _ = run()
    assert sum(len(r["members"]) for r in rows) == 5
    assert sum(r["left_out"] for r in rows) == total - 5
    assert [m["call"] for m in layout_row(rows, 1)["members"]] == [9, 19, 21, 23, 25]


def truncated_copy(tmp_path: Path, keep: int) -> Path:
    """The capture with every frame cut to ``keep`` bytes (a snap length), as tcpdump -s would."""
    data = PCAP.read_bytes()
    out, at = [data[:24]], 24
    while at < len(data):
        sec, usec, caplen, length = struct.unpack_from("<IIII", data, at)
        out.append(struct.pack("<IIII", sec, usec, min(caplen, keep), length) + data[at + 16 : at + 16 + min(caplen, keep)])
        at += 16 + caplen
    path = tmp_path / "cut.pcap"
    path.write_bytes(b"".join(out))
    return path


def test_cut_frames_never_break_the_view(tmp_path):
    """Bytes not captured are normal input. Frames cut at 300 bytes keep every
    WRITE's header but not its data: the five WRITEs still go under the files
    layout. Cut at 120 bytes nothing of a COMPOUND's operations is left: no rows, no
    error."""
    rows, _ = run(truncated_copy(tmp_path, 300))
    striped = layout_row(rows, 1)
    assert (striped["writes"], len(striped["members"])) == (5, 11)
    assert run(truncated_copy(tmp_path, 120))[0] == []


# -- the command line ---------------------------------------------------------------


def test_cli_json_is_one_object_per_layout_numbered_as_json(capsys):
    """--layouts --json: one {"view": "layouts", ...} a line, in message order; the
    message numbers are --json's ``index`` of the frames tshark shows them in."""
    assert cli.main(["--layouts", "--json", str(PCAP)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["view"], r["layout"], r["state"]) for r in rows] == [
        ("layouts", 1, "returned"),
        ("layouts", 2, "returned"),
        ("layouts", None, "unlinked"),
        ("layouts", 3, "held"),
    ]
    assert cli.main(["--json", str(PCAP)]) == 0
    frames = {m["index"]: m["frames"][0] for m in map(json.loads, capsys.readouterr().out.splitlines())}
    assert [frames[r["call"]] for r in rows if r["call"]] == [16, 94, 152]  # the LAYOUTGET calls (README)
    striped = rows[0]
    assert [frames[m["call"]] for m in striped["members"]] == [20, 46, 50, 54, 58, 62, 66, 70, 74, 78, 82]
    assert [frames[m["reply"]] for m in striped["members"]] == [22, 48, 52, 56, 60, 64, 68, 72, 76, 80, 84]


def test_cli_several_inputs_are_merged_as_one_network(capsys):
    """Several inputs are several nodes' captures merged by time: the same capture twice
    is one network seen twice (every segment a copy), so the layouts and their stories
    are those of the capture read once, numbered alike."""
    assert cli.main(["--layouts", "--json", str(PCAP)]) == 0
    once = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert cli.main(["--layouts", "--json", str(PCAP), str(PCAP)]) == 0
    twice = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["layout"] for r in twice] == [r["layout"] for r in once] == [1, 2, None, 3]
    assert [[m["call"] for m in r["members"]] for r in twice] == [[m["call"] for m in r["members"]] for r in once]


def test_cli_text_table(capsys):
    """The table: a line per layout, its story indented below it; the misdirected
    WRITE's data server and handle cells end in '*'."""
    assert cli.main(["--layouts", str(PCAP)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == (
        "layout LAYOUTGET client MDS file type iomode range stripe unit 10.0.0.2:2049 10.0.0.3:2049 10.0.0.20:2049 state".split()
    )
    assert lines[1].split() == "op call reply data server handle offset count stripe status info".split()
    assert lines[2].split() == "1 7 10.0.0.10 10.0.0.1:2049 striped.bin NFSV4_1_FILES LO_RW 0+EOF 65536 5 3 returned".split()
    marked = [line for line in lines if "*" in line]
    assert [line.split() for line in marked] == ["WRITE 27 28 10.0.0.2:2049* fh_list[0]* 132096 512 1 NFS4_OK -".split()]
    unlinked = next(i for i, line in enumerate(lines) if line.endswith("unlinked"))
    assert lines[unlinked + 1].split() == "READ 59 60 10.0.0.3:2049 44533200…dead 0 100 - NFS4ERR_BADHANDLE -".split()
    assert all(line.startswith("  ") for line in lines[3:14])  # layout 1's eleven story lines, indented
