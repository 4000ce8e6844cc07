"""NBD captures decoded end to end, checked against two independent decoders.

Ground truth:
- tshark 4.0's ``.tshark.json`` for the transmission phase. Its NBD dissector knows
  only READ/WRITE/DISC and simple replies: it reads the 16-bit command flags and the
  16-bit type as one 32-bit type, so any request with a flag set (WRITE+FUA, READ+DF)
  or a command it does not know is not shown as a request at all, and the reply to
  it gets type 255 ("unknown"). Where tshark says 255, the spec (doc/proto.md: a
  reply carries the cookie of its request) decides: we assert the type of the request
  with the same cookie, which the nbdkit log confirms.
- nbdkit's own debug log (``.nbdkit-debug.txt``) for the handshake: global and client
  flags, the options with their final replies, export names, meta contexts and
  export flags, and every command the plugin executed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from hexview.pipeline import Pipeline
from hexview.readers import open_input
from shared_paths import SHARED

NBD = SHARED / "captures" / "nbd"
DATA = Path(__file__).resolve().parent / "data"

pytestmark = pytest.mark.shared

CAPTURE_NAMES = sorted(p.name[: -len(".pcap")] for p in NBD.glob("*.pcap")) if NBD.is_dir() else []
LOGGED = [c for c in CAPTURE_NAMES if (NBD / f"{c}.nbdkit-debug.txt").exists()]


def need_shared():
    if not NBD.is_dir():
        pytest.skip("../shared/captures is not beside the checkout")


def decode(path: Path):
    pipeline = Pipeline()
    messages = list(pipeline.run(open_input(str(path))))
    return messages, pipeline


def field(message, name):
    f = message.decode().find(name)
    assert f is not None, f"{message.name} has no field {name}"
    return f.value


_CACHE: dict[str, list] = {}


def messages_of(capture: str):
    if capture not in _CACHE:
        _CACHE[capture] = decode(NBD / f"{capture}.pcap")[0]
    return _CACHE[capture]


# -- every capture decodes cleanly ------------------------------------------------------


@pytest.mark.parametrize("capture", CAPTURE_NAMES)
def test_capture_decodes_without_malformed_messages(capture):
    need_shared()
    messages = messages_of(capture)
    assert messages, "no messages"
    for m in messages:
        assert m.conversation.protocol.name == "NBD", (m.index, m.name)
        decoded = m.decode()
        bad = [e for e in decoded.errors if not e.reason.startswith("not captured")]
        assert not bad, (m.index, m.name, bad)
        assert m.kind != "undecoded", (m.index, m.params)


@pytest.mark.parametrize("capture", CAPTURE_NAMES)
def test_messages_cover_every_stream_byte(capture):
    """Each direction's messages are contiguous: no byte is dropped or shown twice."""
    need_shared()
    ends: dict[tuple, int] = {}
    for m in messages_of(capture):
        key = (m.conversation.index, m.direction)
        assert m.offset == ends.get(key, 0), (key, m.index, m.offset)
        ends[key] = m.offset + m.length


def test_snaplen_cut_writes_stay_aligned():
    """nbd-snaplen96: every frame keeps 30 NBD bytes; the 16 KiB WRITEs are framed whole,
    their missing bytes reported, and the next request still starts on its magic."""
    need_shared()
    writes = [m for m in messages_of("nbd-snaplen96-nbdsh") if m.name == "NBD_CMD_WRITE"]
    assert [field(m, "offset") for m in writes] == [0, 16384, 32768, 49152]
    for m in writes:
        assert m.length == 28 + 16384
        assert [(s.start, s.end) for s in m.missing] == [(30, 28 + 16384)]
        assert "snaplen" in m.missing[0].reason
        tree = m.decode()
        data = tree.find("data")
        assert data.value is None  # two of its bytes were captured: no value to give
        assert (data.start, data.end) == (28, 30) and data.show.endswith("(2 of 16384 bytes captured)")
        gaps = [(f.start, f.end, f.show) for f in tree.walk() if f.name == "not_captured"]
        assert gaps == [(30, 28 + 16384, "16382 bytes")]
        assert field(m, "length") == 16384


# -- tshark ---------------------------------------------------------------------------


def tshark_nbd(capture: str):
    for packet in json.loads((NBD / f"{capture}.tshark.json").read_text()):
        layers = packet["_source"]["layers"]
        frame = int(layers["frame"]["frame.number"])
        nbd = layers.get("nbd")
        for item in nbd if isinstance(nbd, list) else [nbd]:
            if item:
                yield frame, item


@pytest.mark.parametrize("capture", CAPTURE_NAMES)
def test_transmission_fields_equal_tshark(capture):
    need_shared()
    messages = messages_of(capture)
    by_frame: dict[int, list] = {}
    for m in messages:
        for f in m.frames:
            by_frame.setdefault(f, []).append(m)
    checked = 0
    for frame, nbd in tshark_nbd(capture):
        magic = int(nbd["nbd.magic"], 16)
        cookie = int(nbd["nbd.handle"], 16)
        candidates = [
            m for m in by_frame.get(frame, []) if int.from_bytes(m.data[:4], "big") == magic and field(m, "cookie") == cookie
        ]
        assert len(candidates) == 1, (frame, nbd, [c.name for c in by_frame.get(frame, [])])
        m = candidates[0]
        if magic == 0x25609513:  # request
            assert field(m, "type") == int(nbd["nbd.type"])
            assert field(m, "offset") == int(nbd["nbd.from"], 16)
            assert field(m, "length") == int(nbd["nbd.len"])
            if "nbd.data" in nbd and not m.missing:
                assert m.data[28:] == bytes.fromhex(nbd["nbd.data"].replace(":", ""))
        elif magic == 0x67446698:  # simple reply
            assert field(m, "error") == int(nbd["nbd.error"])
            assert m.pair is not None and field(m.pair, "cookie") == cookie
            request_type = field(m.pair, "type")
            if nbd["nbd.type"] != "255":
                assert request_type == int(nbd["nbd.type"])
            else:  # tshark did not recognise the request; proto.md pairs by cookie
                assert request_type not in (0, 1, 2) or field(m.pair, "flags") != 0
            if "nbd.response_to" in nbd:
                assert int(nbd["nbd.response_to"]) in m.pair.frames
            if "nbd.time" in nbd:  # tshark's response time: reply frame time - request frame time
                assert m.latency == pytest.approx(float(nbd["nbd.time"]), abs=2e-6)
            if "nbd.data" in nbd and not m.missing:
                assert m.data[16:] == bytes.fromhex(nbd["nbd.data"].replace(":", ""))
        checked += 1
    assert checked > 0 or capture in ("nbd-any-sll2-nbdcopy",), "tshark decoded nothing to compare"


def test_simple_read_reply_carries_data_length_from_request():
    """nbd-server answers READ with a simple reply followed by raw data: only the
    request says how long the data is (doc/proto.md, simple reply message)."""
    need_shared()
    reads = [m for m in messages_of("nbd-nbdserver-nbdsh-simple") if m.name == "NBD_CMD_READ"]
    assert reads
    for request in reads:
        reply = request.pair
        assert reply is not None and reply.kind == "simple_reply"
        assert reply.length == 16 + field(request, "length")
        assert reply.decode().find("data").end - 16 == field(request, "length")


# -- nbdkit's own log -----------------------------------------------------------------

_PREFIX = re.compile(r"^(?P<plugin>[\w-]+)(?:\[(?P<conn>\d+)\]|\.(?P<worker>\d+)): debug: (?P<text>.*)$")


def nbdkit_facts(capture: str) -> dict:
    """What the server saw, from its log: per connection handshake facts, and all commands."""
    connections: dict[str, dict] = {}
    commands: Counter = Counter()
    for line in (NBD / f"{capture}.nbdkit-debug.txt").read_text().splitlines():
        m = _PREFIX.match(line)
        if not m:
            continue
        text, plugin = m["text"], m["plugin"]
        if m["conn"] is not None:
            conn = connections.setdefault(
                m["conn"], {"global": None, "client": None, "options": [], "exports": [], "contexts": [], "export_flags": []}
            )
            if g := re.match(r"newstyle negotiation: flags: global (0x[0-9a-f]+)", text):
                conn["global"] = int(g[1], 16)
            elif g := re.match(r"newstyle negotiation: client flags: (0x[0-9a-f]+)", text):
                conn["client"] = int(g[1], 16)
            elif g := re.match(r"replying to (NBD_OPT_\w+) with (NBD_REP_\w+)", text):
                conn["options"].append((g[1], g[2]))
            elif g := re.match(r"newstyle negotiation: (NBD_OPT_\w+): client requested export '(.*)'", text):
                conn["exports"].append((g[1], g[2]))
            elif g := re.match(r"newstyle negotiation: NBD_OPT_SET_META_CONTEXT: replying with (\S+) id (\d+)", text):
                conn["contexts"].append((g[1], int(g[2])))
            elif g := re.match(r"newstyle negotiation: flags: export (0x[0-9a-f]+)", text):
                conn["export_flags"].append(int(g[1], 16))
        layer = text.split(":", 1)[0]
        if layer == plugin:
            call = text.split(":", 1)[1].split()
            if call and call[0] in ("pread", "pwrite", "extents", "trim", "zero", "cache"):
                args = dict(a.split("=", 1) for a in call[1:] if "=" in a)
                commands[(call[0], int(args["offset"]), int(args["count"]))] += 1
            elif call and call[0] == "flush":
                commands[("flush", 0, 0)] += 1
        if "client sent NBD_CMD_DISC" in text:
            commands[("disc", 0, 0)] += 1
    return {"connections": list(connections.values()), "commands": commands}


_PLUGIN_CALL = {0: "pread", 1: "pwrite", 3: "flush", 4: "trim", 5: "cache", 6: "zero", 7: "extents", 2: "disc"}


def hexview_facts(messages) -> dict:
    per_conv: dict[int, dict] = {}
    commands: Counter = Counter()
    for m in messages:
        conn = per_conv.setdefault(
            m.conversation.index,
            {"global": None, "client": None, "options": [], "exports": [], "contexts": [], "export_flags": []},
        )
        d = m.decode()
        if m.kind == "greeting":
            conn["global"] = _value_field(d, "handshake_flags").value
        elif m.kind == "client_flags":
            conn["client"] = _value_field(d, "client_flags").value
        elif m.kind == "option":
            export = d.find("export_name") or d.find("name")
            if export is not None and m.name in (
                "NBD_OPT_INFO",
                "NBD_OPT_GO",
                "NBD_OPT_LIST_META_CONTEXT",
                "NBD_OPT_SET_META_CONTEXT",
            ):
                conn["exports"].append((m.name, export.value))
        elif m.kind == "option_reply":
            reply = _value_field(d, "reply_type").show.split(" ")[0]
            option = _value_field(d, "option").show.split(" ")[0]
            if reply == "NBD_REP_ACK" or reply.startswith("NBD_REP_ERR"):
                conn["options"].append((option, reply))
            if reply == "NBD_REP_META_CONTEXT" and option == "NBD_OPT_SET_META_CONTEXT":
                conn["contexts"].append((_value_field(d, "context_name").value, _value_field(d, "context_id").value))
            if reply == "NBD_REP_INFO" and _value_field(d, "info_type").value == 0:
                conn["export_flags"].append(_value_field(d, "transmission_flags").value)
        elif m.kind == "request":
            cmd = _value_field(d, "type").value
            offset, length = _value_field(d, "offset").value, _value_field(d, "length").value
            if cmd in (3, 2):
                offset = length = 0
            commands[(_PLUGIN_CALL[cmd], offset, length)] += 1
    return {"connections": [per_conv[k] for k in sorted(per_conv)], "commands": commands}


def _value_field(decoded, name):
    """The field called ``name``, or a stand-in whose value is None: a field over bytes
    that were not captured is not in the tree, and its value is then unknown."""
    return decoded.find(name) or _UNSEEN


class _Unseen:
    value = None
    show = ""


_UNSEEN = _Unseen()


def agrees(seen, logged) -> bool:
    """Equal, where a value hexview could not see (bytes not captured: None) matches anything."""
    if seen is None:
        return True
    if isinstance(seen, dict):
        return seen.keys() == logged.keys() and all(agrees(seen[k], logged[k]) for k in seen)
    if isinstance(seen, (list, tuple)):
        return len(seen) == len(logged) and all(agrees(a, b) for a, b in zip(seen, logged, strict=True))
    return seen == logged


@pytest.mark.parametrize("capture", LOGGED)
def test_handshake_and_commands_equal_nbdkit_log(capture):
    need_shared()
    seen = hexview_facts(messages_of(capture))
    logged = nbdkit_facts(capture)
    # The log may start with a readiness probe connection made before the capture.
    logged_conns = logged["connections"][-len(seen["connections"]) :]
    assert len(seen["connections"]) == len(logged_conns)
    unmatched = list(logged_conns)  # connections may interleave: match each one once
    for conn in seen["connections"]:
        match = next((c for c in unmatched if agrees(conn, c)), None)
        assert match is not None, (conn, unmatched)
        unmatched.remove(match)
    assert seen["commands"] == logged["commands"]
