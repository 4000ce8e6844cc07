"""Bodies of the programs around the FOPs (GF-DUMP, GF-HNDSK, GF-PMAP, GF-CBK) and of
glusterd's own (GD-FRIEND, GD-MGMT v2/v3, GD-MGMT-HNDSK, GLUSTER-CLI), against tshark
4.0 where it decodes them and the .x files where it does not (PING's reply, which
tshark leaves as raw data, and GD-FRIEND, which it shows as "unknown body").
"""

from __future__ import annotations

import json

import pytest

from hexview.pipeline import Pipeline
from hexview.readers import open_input
from shared_paths import CAPTURES

GLUSTER = CAPTURES / "gluster"

_CACHE: dict[str, list] = {}


def messages(capture: str) -> list:
    path = GLUSTER / f"{capture}.pcap"
    if not path.exists():
        pytest.skip("../shared/captures is not beside the checkout")
    if capture not in _CACHE:
        _CACHE[capture] = list(Pipeline().run(open_input(str(path))))
    return _CACHE[capture]


def at(capture: str, frame: int, kind: str):
    return next(m for m in messages(capture) if frame in m.frames and m.kind == kind)


def body(message, name: str) -> list:
    top = [f for f in message.decode().fields if f.name in ("args", "results")]
    return [f for t in top for f in t.walk() if f.name == name]


def values(message, name: str) -> list:
    return [f.value for f in body(message, name)]


def tshark(capture: str, frame: int, layer: str) -> dict:
    if not GLUSTER.is_dir():
        pytest.skip("../shared/captures is not beside the checkout")
    for packet in json.loads((GLUSTER / f"{capture}.tshark.json").read_text()):
        layers = packet["_source"]["layers"]
        if int(layers["frame"]["frame.number"]) == frame:
            return layers[layer]
    raise KeyError(frame)


def uuid_of(field) -> str:
    """A glusterd 'unsigned char uuid[16]': one byte in each of 16 XDR words."""
    octets = [c.value for c in field.children[0].children]
    return bytes(octets).hex()


@pytest.mark.shared
def test_getspec_call_and_reply():
    cap = "gluster-fuse-plain-fileops"
    call, reply = at(cap, 4, "call"), at(cap, 6, "reply")
    ts = tshark(cap, 4, "glusterfs.hndsk")
    assert values(call, "flags") == [int(ts["glusterfs.hndsk.flags"])]
    assert "plainvol" in values(call, "value") and ts["Key: plainvol"]["glusterfs.hndsk.getspec.key"] == "plainvol"
    (xdata,) = body(call, "xdata")
    assert xdata.children[0].value == int(ts["Dict, contains 2 items"]["glusterfs.dict_size"]) == 59
    assert values(call, "count") == [2]
    assert values(reply, "op_ret") == [1669] == [int(tshark(cap, 6, "glusterfs.hndsk")["gluster.op_ret"])]
    spec = [v for v in values(reply, "value") if isinstance(v, str) and v.startswith("volume ")]
    assert spec and spec[0].startswith("volume plainvol-client-0") and len(spec[0]) == 1669


@pytest.mark.shared
def test_dump_program_list_and_ping_reply():
    cap = "gluster-fuse-plain-fileops"
    call = at(cap, 11, "call")
    assert values(call, "gfs_id") == [int(tshark(cap, 11, "gluster.dump")["gluster.gfsid"], 16)]
    reply = at(cap, 13, "reply")
    ts = tshark(cap, 13, "gluster.dump")
    names = [k.split(": ", 1)[1] for k in ts if k.startswith("Available Program: ")]
    assert list(values(reply, "value")) == names and len(names) == 8
    assert values(reply, "prognum")[0] == 123451501
    # tshark shows PING's 12 result bytes raw; by rpc-common-xdr.x they are gf_common_rsp.
    ping = at(cap, 16, "reply")
    assert ping.name == "GF-DUMP PING reply"
    assert (values(ping, "op_ret"), values(ping, "op_errno"), values(ping, "length")) == ([0], [0], [0])


@pytest.mark.shared
def test_portmap_and_setvolume():
    cap = "gluster-fuse-plain-fileops"
    brick = tshark(cap, 17, "gluster.pmap")
    assert at(cap, 17, "call").decode().find("value").value == "/tmp/hexview-cap/gluster/bricks/p1"
    assert "Brick: /tmp/hexview-cap/gluster/bricks/p1" in brick
    assert values(at(cap, 18, "reply"), "port") == [int(tshark(cap, 18, "gluster.pmap")["gluster.brick.port"])] == [52936]
    setvolume = at(cap, 31, "call")
    ts = tshark(cap, 31, "glusterfs.hndsk")["Dict, contains 21 items"]
    assert values(setvolume, "count") == [int(ts["glusterfs.num_dict_items"])]
    assert values(setvolume, "length")[0] == int(ts["glusterfs.dict_size"])
    assert "process-uuid" in values(setvolume, "key")
    reply = at(cap, 32, "reply")
    assert values(reply, "op_errno") == [22] and values(reply, "count") == [6]


@pytest.mark.shared
def test_cache_invalidation_upcall():
    cap = "gluster-fuse-upcall-cbk-2clients"
    m = at(cap, 135, "call")
    ts = tshark(cap, 135, "glusterfs.cbk")
    assert m.name == "GF-CBK CACHE_INVALIDATION call" and not m.decode().errors
    assert values(m, "value")[0] == ts["GFID: 0408acd6-59ef-414b-b7c9-acc32b15dd43"]["glusterfs.cbk.gfid"]
    assert values(m, "event_type") == [int(ts["glusterfs.cbk.upcall.event_type"])]
    assert values(m, "flags") == [int(ts["glusterfs.cbk.cache_invalidation.flags"])]


@pytest.mark.shared
def test_mgmt_v3_lock_uuids_are_64_bytes():
    cap = "gluster-2node-peer-probe-volume"
    call = at(cap, 37, "call")
    ts = tshark(cap, 37, "glusterd.mgmt")
    (uuid,) = body(call, "uuid")
    assert uuid.end - uuid.start == 64
    assert uuid_of(uuid) == ts["glusterd.uuid"].replace("-", "")
    assert uuid_of(body(call, "txn_id")[0]) == ts["glusterd.tnx_id"].replace("-", "")
    assert uuid.show == ts["glusterd.uuid"] and body(call, "txn_id")[0].show == ts["glusterd.tnx_id"]  # as UUID strings
    assert values(call, "op") == [int(ts["glusterd.op"])]  # 1 = GD_OP_CREATE_VOLUME
    assert body(call, "op")[0].show.startswith("GD_OP_CREATE_VOLUME")
    reply = at(cap, 38, "reply")
    assert uuid_of(body(reply, "uuid")[0]) == tshark(cap, 38, "glusterd.mgmt")["glusterd.uuid"].replace("-", "")


@pytest.mark.shared
def test_friend_probe_tshark_cannot_decode():
    """tshark 4.0 shows GD-FRIEND bodies as 'unknown body'; gd1_mgmt_probe_req says:
    uuid (64 bytes), hostname, port."""
    cap = "gluster-2node-peer-probe-volume"
    call = at(cap, 12, "call")
    assert "rpc.unknown_body" in tshark(cap, 12, "glusterd.friend")
    assert "127.0.0.3" in values(call, "value") and values(call, "port") == [24007]
    assert not call.decode().errors and not call.pair.decode().errors


@pytest.mark.shared
def test_every_message_of_every_capture_decodes_without_problems():
    for path in sorted(GLUSTER.glob("*.pcap")):
        for m in messages(path.name[: -len(".pcap")]):
            assert not m.decode().errors, (path.name, m.frames, m.name, m.decode().errors[:2])


def test_inodelk_contention_callback_hand_written():
    """No capture has one: gfs4_inodelk_contention_req bytes as glusterfs4-xdr.x lays them out."""
    import struct

    from hexview.compiled import gluster_helpers
    from hexview.decode.kaitai_tree import parse

    flock = struct.pack(">IIQQI", 1, 0, 10, 20, 99) + struct.pack(">I", 4) + b"abcd"
    args = bytes(range(16)) + flock + struct.pack(">I", 99) + struct.pack(">I", 3) + b"dom\0" + struct.pack(">I", 0)
    obj, exc = parse(gluster_helpers.GlusterHelpers, args, {"program": 52743234, "proc": 10, "is_reply": False})
    assert exc is None and obj._io.pos() == len(args)
    req = obj.cbk_args
    assert req.flock.start == 10 and req.flock.lk_owner.data == b"abcd" and req.pid == 99 and req.domain.value == "dom"
