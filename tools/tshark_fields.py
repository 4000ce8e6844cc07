"""Writes NAME.tshark-fields.json: every field tshark decoded in each RPC record, with its bytes.

tshark's ``-T json -x`` output gives each field a ``FIELD_raw`` sibling, ``[hex, offset,
length, bitmask, type]``, but it is several megabytes per capture and repeats every
byte in every enclosing layer. A test needs only the fields and where they are, so
this keeps one row per field of the rpc layer and of the program layers that follow
it, per RPC record tshark decoded:

    [layer, field name, offset, length, bitmask, field type, value, bytes]

``offset`` is where tshark says the field is in the data it dissected: the frame for a
record carried by one frame, the reassembled record (from its record mark on) for one
tshark put together from several segments. Each record says which (``reassembled``)
and where its record mark is in that data (``record_at``), so ``offset - record_at``
is the field's offset in the record. ``bytes`` is the field's bytes in hex, or
``sha256:`` and their digest when longer than 64 bytes (READ and WRITE data; a bytes
field's value likewise). A field
tshark shows without bytes of its own (the procedure number repeated in the program
layer, the reply's request frame) has ``null`` offset, length, bitmask, type and bytes.
``type`` is Wireshark's ftenum number (2 boolean, 4-11 unsigned, 12-19 signed, 24/25
times, 26-28 strings, 30/31 bytes, 32 IPv4).

    tshark -r NAME.pcap OPTIONS -Y rpc -T json -x -J "frame rpc ..." \
        | python tools/tshark_fields.py "COMMAND" > NAME.tshark-fields.json
"""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any

Pairs = list[tuple[str, Any]]
LONG = 64  # bytes kept as hex up to this length; a digest beyond
BYTES = (30, 31)  # FT_BYTES, FT_UINT_BYTES: their value is the bytes, "aa:bb:..."


def _pairs(node: Any) -> bool:
    return isinstance(node, list) and bool(node) and isinstance(node[0], tuple)


def _fields(layer: str, pairs: Pairs, out: list[list[Any]]) -> None:
    """Rows for ``pairs`` in tshark's order: a ``NAME_raw`` entry gives the bytes of the
    ``NAME`` entry that follows it; subtrees (``NAME_tree``, labels) are walked."""
    raw: dict[str, list[Any]] = {}
    for key, value in pairs:
        if key.endswith("_raw") and isinstance(value, list) and not _pairs(value):
            raw[key[:-4]] = value
        elif _pairs(value):
            _fields(layer, value, out)
        elif isinstance(value, str):
            where = raw.pop(key, None)
            if where is None:
                out.append([layer, key, None, None, None, None, value, None])
                continue
            hexed, offset, length, bitmask, ftype = where
            # a bitmask field's "hex" is its masked value, not its bytes
            hexed = _short(bytes.fromhex(hexed)) if bitmask == 0 else None
            if ftype in BYTES and len(value) > 3 * LONG:
                value = _short(bytes.fromhex(value.replace(":", "")))
            out.append([layer, key, offset, length, bitmask, ftype, value, hexed])


def _short(data: bytes) -> str:
    """``data`` in hex, or its digest when longer than ``LONG`` bytes."""
    return data.hex() if len(data) <= LONG else "sha256:" + hashlib.sha256(data).hexdigest()


def records(packets: list[Any]) -> list[dict[str, Any]]:
    """One entry per rpc layer tshark decoded, with the layers after it up to the next rpc."""
    out: list[dict[str, Any]] = []
    for packet in packets:
        layers: Pairs = dict(dict(packet)["_source"])["layers"]
        frame = int(dict(dict(layers)["frame"])["frame.number"])
        tcp = dict(layers).get("tcp_raw")
        payload_at = tcp[1] + tcp[2] if tcp else 0  # the TCP payload's offset in the frame
        current: dict[str, Any] | None = None
        for key, value in layers:
            if key.endswith("_raw") or not _pairs(value) or key in ("frame", "eth", "ip", "tcp", "udp"):
                continue
            if key == "rpc":
                rows: list[list[Any]] = []
                _fields("rpc", value, rows)
                mark = next((r for r in rows if r[1] == "rpc.fraglen"), None)
                record_at = mark[2] if mark else None
                current = {
                    "frame": frame,
                    "reassembled": record_at is not None and record_at < payload_at,
                    "record_at": record_at,
                    "fields": rows,
                }
                out.append(current)
            elif current is not None:
                _fields(key, value, current["fields"])
    return out


def dump(command: str, recs: list[dict[str, Any]]) -> str:
    """Compact JSON: one line per record header and per field row (diffs stay readable)."""
    lines = ["{", f'"command": {json.dumps(command)},', '"records": [']
    for i, rec in enumerate(recs):
        head = {k: v for k, v in rec.items() if k != "fields"}
        lines.append(json.dumps(head)[:-1] + ', "fields": [')
        rows = [json.dumps(row) for row in rec["fields"]]
        lines.append(",\n".join(rows))
        lines.append("]}" + ("," if i < len(recs) - 1 else ""))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    packets = json.load(sys.stdin, object_pairs_hook=lambda p: p)
    sys.stdout.write(dump(command, records(packets)))


if __name__ == "__main__":
    main()
