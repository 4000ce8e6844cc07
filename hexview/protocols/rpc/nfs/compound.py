"""Walking an NFSv4 COMPOUND / CB_COMPOUND one operation at a time.

XDR gives an operation no length: the only way past an operation is to know its
layout. So the array is walked here, piece by piece, with the one compiled parser
(``ksy/nfs/nfs_v4.ksy``) told which piece comes next (its ``kind``) and which layout
to use (the canonical opcode, after the peer-to-peer remapping of ``nfs_p2p``).
At the first opcode with no layout the walk stops, says why ("undecodable from
here: unknown operation N") and leaves the rest of the body visible as undecoded
bytes -- everything before it stays decoded (Wireshark drops the whole COMPOUND).
Results need nothing from the call: each result carries its own opnum, and a
GETATTR result its own bitmap.
"""

from __future__ import annotations

import struct
from enum import IntEnum
from typing import Any

from ....decode.fields import DecodedMessage, Field, Outcome
from ....decode.kaitai_tree import parse_fields
from ....decode.lazy_parser import LazyParser
from ....messages import Message
from ....packets import Span
from ..onc_rpc import BodyDecoder
from . import p2p as nfs_p2p

NfsV4 = LazyParser("nfs_v4", "NfsV4")  # imported with the first NFS message
ARGS_HEAD, RES_HEAD, CB_ARGS_HEAD, CB_RES_HEAD, ARGOP, RESOP, CB_ARGOP, CB_RESOP = range(8)


def _name(enum: type[IntEnum], number: int) -> str:
    try:
        return enum(number).name.removeprefix("op_").upper()
    except ValueError:
        return f"OP_{number}"


def _parse(kind: int, data: bytes, base: int, canonical: int = 0) -> tuple[list[Field], list[Span], int | None, Any]:
    """(fields, errors, bytes consumed or None, the parsed piece: a generated, untyped object or None)."""
    params = {"kind": kind, "canonical_op": canonical, "p2p_fh": nfs_p2p.tables().split_p2p_fh}
    fields, errors, consumed, obj = parse_fields(NfsV4, data, params, base)
    children = fields[0].children if fields else []  # unwrap the `item` switch
    return children, errors, consumed, getattr(obj, "item", None)


def compound_decoder(head_kind: int, op_kind: int, callback: bool) -> BodyDecoder:
    """A Procedure.args/results decoder for COMPOUND (callback=False) or CB_COMPOUND."""
    results = op_kind in (RESOP, CB_RESOP)
    label = "resarray" if results else "argarray"

    def decode(message: Message, body: bytes, base: int) -> tuple[list[Field], list[Span], int | None]:
        enum = NfsV4.NfsCbOpnum4 if callback else NfsV4.NfsOpnum4
        tables = nfs_p2p.tables()
        wire_to_canonical = tables.cb if callback else tables.fore
        fields, errors, consumed, head = _parse(head_kind, body, base)
        if consumed is None:
            return fields, errors, None
        count = head.num_resarray if results else head.num_argarray
        pos = consumed
        lost = False  # an operation did not parse: where the body ends is not known
        items: list[Field] = []
        names: list[str] = []
        for i in range(count):
            if pos + 4 > len(body):
                errors.append(Span(base + pos, base + len(body), f"truncated: {count - i} of {count} operations missing"))
                break
            wire = struct.unpack_from(">I", body, pos)[0]
            canonical = wire_to_canonical.get(wire)
            if canonical is None:
                opfield = Field("resop" if results else "argop", wire, f"Unknown ({wire})", base + pos, base + pos + 4)
                items.append(Field(f"{label}[{i}]", None, f"unknown operation {wire}", base + pos, base + pos + 4, [opfield]))
                errors.append(Span(base + pos, base + len(body), f"undecodable from here: unknown operation {wire}"))
                names.append(f"?{wire}")
                pos += 4
                break
            children, op_errors, used, obj = _parse(op_kind, body[pos:], base + pos, canonical)
            errors += op_errors
            name = _name(enum, canonical)
            show = name
            if results and obj is not None and getattr(obj, "status", None) is not None:
                status = obj.status
                if int(status):  # an nfsstat4 the enum does not name shows as its number
                    show = f"{name} {status.name.upper()}" if hasattr(status, "name") else f"{name} status {int(status)}"
            doc = f"Operation {name}."
            if wire != canonical:
                show += f" (wire opnum {wire})"
                doc += f" Sent as opnum {wire}, mapped to {name} by {tables.source}."
            end = base + pos + (used if used is not None else len(body) - pos)
            items.append(Field(f"{label}[{i}]", None, show, base + pos, end, children, doc=doc))
            names.append(show)
            if used is None:
                lost = True
                break
            pos += used
        array_end = items[-1].end if items else base + consumed
        fields.append(
            Field(
                label,
                None,
                ", ".join(names),
                base + consumed,
                array_end,
                items,
                doc="The operations, in order (no per-operation length: each is walked by its layout).",
            )
        )
        return fields, errors, None if lost else pos

    return decode


def op_label(item: Field) -> str:
    """An operation's name from its array item (whose text begins with it); '?N' for
    an opcode no layout knows, as the array's own text writes it."""
    if item.show.startswith("unknown operation"):
        return "?" + item.show.rsplit(" ", 1)[-1]
    return item.show.split(" ", 1)[0]


def status_label(status: Field) -> str:
    """'NFS4ERR_NOENT', or 'status 99999' for a number nfsstat4 does not name."""
    label = status.label
    return f"status {status.value}" if label == status.show else label


def compound_outcome(body: Field) -> Outcome:
    """A COMPOUND's or CB_COMPOUND's operations, in order (``SEQUENCE PUTFH OPEN
    GETFH``), for the message list. A reply whose status is not NFS4_OK failed and
    says which operation failed and why (``LOOKUP NFS4ERR_NOENT``): the server stops
    at the first failing operation, so the rest of the list would say nothing."""
    array = body.child("resarray") or body.child("argarray")
    items = array.children if array is not None else []
    status = body.child("status")
    if status is None or not status.value:  # a call, an NFS4_OK reply, or not captured
        return Outcome(" ".join(op_label(i) for i in items))
    for item in items:
        op_status = item.child("status")
        if op_status is not None and op_status.value:
            return Outcome(f"{op_label(item)} {status_label(op_status)}", True)
    return Outcome(status_label(status), True)  # no operation carries it (e.g. a truncated reply)


def status_name(decoded: DecodedMessage) -> str | None:
    """A reply's status by name ('NFS4ERR_NOENT', 'NFS3ERR_NOENT'), or None: the error
    a failed reply counts under in the statistics."""
    results = decoded.top("results")
    status = results.child("status") if results is not None else None
    if status is None and results is not None and results.children:  # NFSv3: results -> body -> status
        status = results.children[0].child("status")
    return status_label(status) if status is not None and status.value else None


def operations(call: DecodedMessage, reply: DecodedMessage | None) -> list[tuple[str, bool, str | None]]:
    """A COMPOUND's (or CB_COMPOUND's) operations for the statistics, as (name, failed,
    status name): every operation of an unanswered call; of an answered one, those the
    reply reports (the server stops at the first failing one: the rest never ran)."""
    args = call.top("args")
    array = args.child("argarray") if args is not None else None  # only compounds have one
    if array is None:
        return []
    if reply is None:
        return [(op_label(item), False, None) for item in array.children]
    results = reply.top("results")
    done = results.child("resarray") if results is not None else None
    out = []
    for item in done.children if done is not None else []:
        status = item.child("status")
        failed = status is not None and bool(status.value)
        out.append((op_label(item), failed, status_label(status) if failed and status is not None else None))
    return out
