"""Comparing hexview's decode with tshark's, field by field, at the same bytes.

Shared by the tests that hold a capture against its ``NAME.tshark-fields.json`` (made
from tshark's ``-T json -x`` decode by ``tools/tshark_fields.py``, which says what each
row holds): for every RPC record tshark decoded, every field of the rpc layer and of the
program layers after it, with tshark's offset, length, bitmask, type, value and bytes.

tshark's offsets are in the data it dissected: the frame when one frame carried the
record, the reassembled record when it took several segments. Both hold the record
from its record mark on, and the record mark's own offset is known (``record_at``),
so ``offset - record_at`` is the offset in hexview's message, whose data also starts
at the record mark. The record is found as the hexview message with the same xid
whose last frame is the one tshark decoded it in (both dissect a record where it
completes). That mapping is checked byte for byte: tshark's bytes of every field must
be the message's bytes there, which also proves hexview framed the same record.

Then each field must be decoded by hexview at exactly those bytes (a field with the
same start and end) with the same value: numbers (enums by number; a bitmask field as
those bits of the word hexview decodes there), strings, opaque bytes, times as seconds
and nanoseconds. Where tshark's name says what the field is, hexview's must agree
(``Rules.names``). What cannot agree is listed in the other tables of ``Rules``, each
entry with the reason; a field tshark shows in a form of its own has a check that
proves its value from hexview's fields or the bytes (``Rules.checks``). The call's
program, version and procedure, which tshark repeats without bytes, must be those of
hexview's call (for a reply: the call hexview paired it with).
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as default
from pathlib import Path
from typing import Any

from hexview.decode.fields import Field
from hexview.messages import Message
from hexview.pipeline import Pipeline
from hexview.readers import open_input

Row = list[Any]  # [layer, name, offset, length, bitmask, ftype, value, bytes]


@dataclass(frozen=True)
class Check:
    """A tshark field whose value is not hexview's value at its bytes but follows from
    them: ``agrees(row, fields, data)`` proves it (``fields``: hexview's at the range)."""

    reason: str
    agrees: Callable[[Row, list[Field], bytes], bool]


@dataclass(frozen=True)
class Rules:
    """What a comparison allows, each entry with its reason."""

    names: dict[str, set[str]]  # tshark field -> the hexview names it may be
    no_bytes: dict[str, str] = default(default_factory=dict)  # fields tshark shows without bytes of their own
    derived: dict[str, str] = default(default_factory=dict)  # values computed, not read: the bytes must be one field
    undecoded: dict[str, str] = default(default_factory=dict)  # bodies tshark leaves as bytes: hexview's args/results
    checks: dict[str, Check] = default(default_factory=dict)  # tshark's own form of a value, proved another way
    not_read: dict[tuple[str, int], str] = default(default_factory=dict)  # (capture, frame) hexview does not read
    # (capture, frame, tshark field, offset in the record) -> why the bytes prove tshark wrong
    disagreements: dict[tuple[str, int, str, int], str] = default(default_factory=dict)


# The rpc layer, the same in every capture: fields tshark repeats from the call, labels.
RPC_NO_BYTES = {
    "rpc.program": "the call's program, repeated in the reply",
    "rpc.programversion": "the call's version, repeated in the reply and the program layer",
    "rpc.procedure": "the call's procedure, repeated in the reply and the program layer",
    "rpc.repframe": "the frame of the reply (call) or of the call (reply)",
    "rpc.time": "the time from call to reply",
    "Auxiliary GIDs (0)": "a label: AUTH_SYS with no auxiliary gids",
}

RPC_NAMES = {
    "rpc.lastfrag": {"fragment_header"},
    "rpc.fraglen": {"fragment_length"},
    "rpc.xid": {"xid"},
    "rpc.version": {"rpcvers"},
    "rpc.program": {"prog"},
    "rpc.programversion": {"vers"},
    "rpc.procedure": {"proc"},
    "rpc.programversion.min": {"low"},
    "rpc.programversion.max": {"high"},
    "rpc.auth.length": {"length"},
    "rpc.auth.stamp": {"stamp"},
    "rpc.msgtyp": {"msg_type"},
    "rpc.replystat": {"reply_stat"},
    "rpc.state_accept": {"accept_stat"},
    "rpc.auth.flavor": {"flavor"},
    "rpc.auth.machinename": {"value"},
    "rpc.auth.uid": {"uid"},
    "rpc.auth.gid": {"gid", "items"},
    "rpc.opaque_length": {"length"},
    "rpc.fill_bytes": {"padding"},
    "rpc.value_follows": {"value_follows", "next_follows"},
}


# Fields tshark repeats from the call without bytes (in the reply, and the procedure in
# the program layer): they must be the parameters of hexview's call (the reply's pair).
CALL_PARAMS = {"rpc.program": "prog", "rpc.programversion": "vers", "rpc.procedure": "proc"}


def _call_param(name: str) -> str | None:
    if name in CALL_PARAMS:
        return CALL_PARAMS[name]
    return "proc" if re.fullmatch(r"\w+\.procedure_v\d+", name) else None


def load_records(path: Path) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(path.read_text())["records"]
    return records


def frame_messages(pcap: Path) -> dict[tuple[int, bytes], Message]:
    """(last frame, xid bytes) -> the message hexview framed."""
    out: dict[tuple[int, bytes], Message] = {}
    for message in Pipeline().run(open_input(str(pcap))):
        if message.frames:
            out[(message.frames[-1], bytes(message.data[4:8]))] = message
    return out


def xid(record: dict[str, Any]) -> bytes:
    return bytes.fromhex(next(row[7] for row in record["fields"] if row[1] == "rpc.xid"))


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def hexed(data: bytes, like: str) -> str:
    """``data`` as the fields file writes bytes: hex, or a digest where it keeps one."""
    return digest(data) if like.startswith("sha256:") else data.hex()


def as_int(text: str) -> int:
    return int(text, 16) if text.startswith("0x") else int(text)


def seconds(text: str) -> tuple[int, int]:
    """tshark's absolute time ('Dec  6, 2026 02:16:28.638416397 UTC') or relative
    time ('0.000000100') as (seconds, nanoseconds)."""
    if text.endswith(" UTC"):
        whole, _, fraction = text[: -len(" UTC")].rpartition(".")
        secs = calendar.timegm(time.strptime(" ".join(whole.split()), "%b %d, %Y %H:%M:%S"))
    else:
        whole, _, fraction = text.partition(".")
        secs = int(whole)
    return secs, int(fraction.ljust(9, "0"))


def agrees(row: Row, field: Field, data: bytes) -> bool:
    """Whether hexview's ``field`` (at the bytes of tshark's field ``row``) has its value."""
    _layer, _name, _offset, _length, bitmask, ftype, value, _bytes = row
    ours = field.value
    if bitmask:  # those bits of the word hexview decodes at the same bytes
        if not isinstance(ours, int) or isinstance(ours, bool):
            return False
        shift = (bitmask & -bitmask).bit_length() - 1
        return (ours & bitmask) >> shift == as_int(value)
    if ftype == 2 or 4 <= ftype <= 19:  # boolean, unsigned and signed integers, enums
        return isinstance(ours, int) and int(ours) == as_int(value)
    if ftype in (24, 25):  # absolute and relative times: seconds and nanoseconds
        parts = [c.value for c in field.children]
        return len(parts) == 2 and tuple(parts) == seconds(value)
    if ftype in (26, 27, 28):
        return bool(ours == value)
    if ftype in (30, 31):  # bytes: "aa:bb:.." or a digest of them
        theirs = value if value.startswith("sha256:") else value.replace(":", "")
        return hexed(data, theirs) == theirs and (
            isinstance(ours, (str, bytes)) and (ours if isinstance(ours, str) else ours.hex()) == data.hex()
        )
    return False


def compare(
    capture: str, records: list[dict[str, Any]], found: dict[tuple[int, bytes], Message], layer: str, rules: Rules
) -> tuple[list[str], int]:
    """Every disagreement of ``layer``'s fields in ``capture`` (as text), and how many
    fields were looked at."""
    problems: list[str] = []
    seen = 0
    for record in records:
        rows = [row for row in record["fields"] if row[0] == layer]
        frame = record["frame"]
        if not rows or (capture, frame) in rules.not_read:
            continue
        message = found.get((frame, xid(record)))
        if message is None:
            problems.append(f"frame {frame}: no message with xid {xid(record).hex()} ends there")
            continue
        at: dict[tuple[int, int], list[Field]] = {}
        for item in message.decode().walk():
            at.setdefault((item.start, item.end), []).append(item)
        for row in rows:
            seen += 1
            _layer, name, offset, length, _bitmask, _ftype, value, raw = row
            if offset is None:
                if name not in rules.no_bytes:
                    problems.append(f"frame {frame}: {name}={value!r} has no bytes and is not listed in no_bytes")
                elif (param := _call_param(name)) is not None:
                    call = message if message.kind == "call" else message.pair
                    if call is None or call.params.get(param) != int(value):
                        problems.append(f"frame {frame}: {name}={value!r} is not the {param} of hexview's call")
                continue
            start = offset - record["record_at"]
            end = start + length
            where = f"frame {frame} {name}={value!r} at {start}..{end}"
            data = bytes(message.data[start:end])
            if raw is not None and hexed(data, raw) != raw:
                problems.append(f"{where}: tshark's bytes {raw} are not hexview's {data.hex()} (framing differs)")
                continue
            if (capture, frame, name, start) in rules.disagreements:
                continue
            fields = at.get((start, end), [])
            if not fields:
                problems.append(f"{where}: no hexview field covers exactly these bytes")
                continue
            if name in rules.derived:
                continue
            if name in rules.undecoded:
                if not any(f.name in ("args", "results") for f in fields):
                    problems.append(f"{where}: not hexview's args or results but {[f.name for f in fields]}")
                continue
            if name in rules.checks:
                if not rules.checks[name].agrees(row, fields, data):
                    problems.append(f"{where}: {rules.checks[name].reason}: not so in {[(f.name, f.show) for f in fields]}")
                continue
            matching = [f for f in fields if agrees(row, f, data)]
            if not matching:
                problems.append(f"{where}: hexview has {[(f.name, f.show) for f in fields]}")
            elif name not in rules.names:
                problems.append(f"{where}: {name} is not in names (hexview calls it {[f.name for f in matching]})")
            elif not any(f.name.split("[", 1)[0] in rules.names[name] for f in matching):
                problems.append(f"{where}: matched by {[f.name for f in matching]}, expected one of {sorted(rules.names[name])}")
    return problems, seen
