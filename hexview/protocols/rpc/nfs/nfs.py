"""NFS version 4 (4.0, 4.1, 4.2, pNFS) over ONC RPC, with its callback program; version 3 is v3.py's.

Framing, fragments, xid pairing and the RPC header are the shared ONC RPC layer's
(``hexview.protocols.rpc.onc_rpc``); this module fills the program table. NFSv4 has two
procedures, NULL and COMPOUND; everything lives in the COMPOUND's operations, which
``nfs_compound`` walks one at a time with the compiled ``ksy/nfs/nfs_v4.ksy``.

The callback program number is the client's choice (SETCLIENTID, CREATE_SESSION and
BACKCHANNEL_CTL carry it as cb_program). The Linux client's 0x40000000 is registered
from the start; any other number a capture's client announces is learned when that
call is framed, so the CB_COMPOUNDs the server then sends -- on the client's own
connection (the 4.1 backchannel) or on a connection of its own (4.0) -- decode too.
What is learned belongs to the input being read (its pipeline's DecodeContext): a
program number one capture announced means nothing in another.
"""

from __future__ import annotations

from ....decode.fields import DecodedMessage, Field, Outcome
from ....messages import Message
from ....tcp.stream_events import Conversation
from ...context import context_of
from ...registry import ExportColumns, StatEntry, StatKey
from ..onc_rpc import (
    Procedure,
    Program,
    RpcFramer,
    call_header_end,
    defragment,
    fragments_of,
    heuristic_for,
    learn_program,
    learned_programs,
    register_program,
    reply_outcome,
    rpc_columns,
    rpc_info,
    rpc_registration,
    rpc_stats,
)
from . import compound as nc
from . import v3
from .labels import LABELLER
from .layouts import LAYOUTS

NAME = "NFS"
NFS_PROGRAM = 100003
LINUX_CB_PROGRAM = 0x40000000  # Linux nfs client's NFS4_CALLBACK program number

NULL = Procedure("NULL", note="NULL carries no arguments or results")
COMPOUND = Procedure(
    "COMPOUND",
    nc.compound_decoder(nc.ARGS_HEAD, nc.ARGOP, callback=False),
    nc.compound_decoder(nc.RES_HEAD, nc.RESOP, callback=False),
)
CB_NULL = Procedure("CB_NULL", note="CB_NULL carries no arguments or results")
CB_COMPOUND = Procedure(
    "CB_COMPOUND",
    nc.compound_decoder(nc.CB_ARGS_HEAD, nc.CB_ARGOP, callback=True),
    nc.compound_decoder(nc.CB_RES_HEAD, nc.CB_RESOP, callback=True),
)


def _register_all() -> frozenset[int]:
    register_program(Program(NFS_PROGRAM, "NFS", {v3.VERSION: v3.PROCEDURES, 4: {0: NULL, 1: COMPOUND}}, protocol=NAME))
    register_program(Program(LINUX_CB_PROGRAM, "NFS-CB", {1: {0: CB_NULL, 1: CB_COMPOUND}}, protocol=NAME))
    return frozenset((NFS_PROGRAM, LINUX_CB_PROGRAM))


PROGRAM_NUMBERS = _register_all()

# Operations whose arguments name the client's callback program (RFC 7530, RFC 8881).
OP_SETCLIENTID, OP_BACKCHANNEL_CTL, OP_CREATE_SESSION, OP_SEQUENCE = 35, 40, 43, 53
_ANNOUNCES_CALLBACK = frozenset((OP_SETCLIENTID, OP_BACKCHANNEL_CTL, OP_CREATE_SESSION))
_SEQUENCE_ARGS = 32  # sessionid, sequenceid, slotid, highest_slotid, cachethis
MAX_LEARNED_CALLBACKS = 64  # per input: a bound against junk; real captures hold one or two


def learn_callback_program(conversation: Conversation, number: int) -> bool:
    """Teach the conversation's pipeline ``number`` as an NFSv4 callback program,
    unless it names a known program (or is 0, which a client that takes no callbacks
    sends); connections that open with a call to it are NFS too (4.0 callbacks)."""
    if number == 0 or len(learned_programs(conversation)) >= MAX_LEARNED_CALLBACKS:
        return False
    if not learn_program(conversation, Program(number, "NFS-CB", {1: {0: CB_NULL, 1: CB_COMPOUND}}, protocol=NAME)):
        return False
    context_of(conversation).claim(REGISTRATION, heuristic_for({number}))
    return True


def announces_callback(message: Message) -> bool:
    """Whether a COMPOUND call's first operation, or the one after SEQUENCE, is one
    that carries cb_program: a peek at a few words, so only those calls get decoded."""
    fragments = fragments_of(message)
    payload: bytes | memoryview
    if fragments and len(fragments) == 1:  # the usual case: a view, not a copy of a large WRITE
        pos, length = fragments[0]
        payload = memoryview(message.data)[pos + 4 : pos + 4 + length]
    else:
        payload, _ = defragment(message)
    at = call_header_end(payload)
    if at is None or len(payload) < at + 4:
        return False
    at += 4 + (int.from_bytes(payload[at : at + 4], "big") + 3) // 4 * 4  # tag
    at += 8  # minorversion, number of operations
    for _ in range(2):
        if len(payload) < at + 4:
            return False
        op = int.from_bytes(payload[at : at + 4], "big")
        if op in _ANNOUNCES_CALLBACK:
            return True
        if op != OP_SEQUENCE:
            return False
        at += 4 + _SEQUENCE_ARGS
    return False


class NfsFramer(RpcFramer):
    """The RPC framer, learning the callback program numbers clients announce."""

    def paired(self, message: Message) -> None:
        super().paired(message)
        params = message.params
        if (
            message.kind == "call"
            and params.get("prog") == NFS_PROGRAM
            and params.get("vers") == 4  # version 3's procedure 1 is GETATTR
            and params.get("proc") == 1
            and announces_callback(message)
        ):
            for f in message.decode_transient().walk():
                if f.name == "cb_program" and isinstance(f.value, int):
                    learn_callback_program(self.conversation, f.value)


def info(message: Message, decoded: DecodedMessage) -> Outcome:
    """A COMPOUND's operations, and on a failed reply the first failing one with its
    status; a reply the RPC layer refused says why; other procedures their name."""
    params = message.params
    if params.get("prog") == NFS_PROGRAM and params.get("vers") == v3.VERSION:
        return v3.info(message, decoded)
    failed = reply_outcome(decoded)
    if failed is not None:
        return failed
    body = decoded.top("args") or decoded.top("results")
    if body is not None and body.show in (COMPOUND.name, CB_COMPOUND.name):
        return nc.compound_outcome(body)
    return rpc_info(message, decoded)


_procedure_stats = rpc_stats(nc.status_name)


def stat_entries(call: Message) -> list[StatEntry]:
    """The procedure's row (a failed reply under its status name), and for a COMPOUND
    or CB_COMPOUND one row per operation it carries (``"op": "LAYOUTGET"``), each
    failed under its own status."""
    entries = _procedure_stats(call)
    if not entries or entries[0].key.program is None or call.params.get("vers") != 4:
        return entries
    key = entries[0].key
    reply = call.first_reply
    for name, failed, status in nc.operations(call.decode_transient(), reply.decode_transient() if reply else None):
        op_key = StatKey(key.program, key.version, key.procedure, key.name, name)
        entries.append(StatEntry(op_key, failed, status))
    return entries


# fields holding a filehandle (nfs_fh3, nfs_fh4: length, data, padding): PUTFH's and
# GETFH's object, NFSv3's object, dir, file, from and to
FILEHANDLE_FIELDS = frozenset(("object", "dir", "file", "from", "to"))
# fields holding an entry name (length, value, padding): LOOKUP, CREATE, REMOVE, RENAME,
# LINK (NFSv4 objname, oldname, newname, REMOVE's target, OPEN's claim file); NFSv3's diropargs3 name
ENTRY_FIELDS = frozenset(("objname", "oldname", "newname", "file", "target"))
ENTRY_FIELDS_V3 = frozenset(("name",))


def export_columns(message: Message, decoded: DecodedMessage) -> ExportColumns:
    """The export's NFS columns (the RPC layer's come from ``rpc_columns``): a
    COMPOUND's operations, a reply's status, the first filehandle the message carries
    (a call's PUTFH, a reply's GETFH) and a call's entry names."""
    body = decoded.top("args") or decoded.top("results")
    if body is None:
        return {}
    out: ExportColumns = {}
    array = body.child("argarray") or body.child("resarray")
    if array is not None:
        out["ops"] = [nc.op_label(item) for item in array.children]
    status = body.child("status") or (inner.child("status") if (inner := body.child("body")) is not None else None)
    if status is not None and isinstance(status.value, int):
        out["status"] = status.value
        out["status_name"] = nc.status_label(status) if status.value else status.label
    handle = _first_filehandle(body)
    if handle is not None:
        out["filehandle"] = handle
    if body.name == "args":
        entries = ENTRY_FIELDS_V3 if message.params.get("vers") == v3.VERSION else ENTRY_FIELDS
        names = [v.value for f in body.walk() if f.name in entries and (v := f.child("value")) and isinstance(v.value, str)]
        if names:
            out["target"] = " -> ".join(names)
    return out


def _first_filehandle(body: Field) -> str | None:
    for f in body.walk():
        if f.name in FILEHANDLE_FIELDS:
            data = f.child("data")
            if data is not None and isinstance(data.value, str):
                return data.value
    return None


REGISTRATION = rpc_registration(
    name=NAME,
    description="NFSv3 and NFSv4.0/4.1/4.2 and pNFS over ONC RPC: COMPOUND, CB_COMPOUND (backchannel), file layouts",
    programs=PROGRAM_NUMBERS,
    ports=(2049,),
    framer=NfsFramer,
    stat_entries=stat_entries,
    export_columns=rpc_columns(export_columns),
    colours={
        "protocol": "bright_blue",
        "tag": "yellow",
        "argarray": "bright_white",
        "resarray": "bright_white",
        "argop": "bright_green",
        "resop": "bright_green",
        "status": "bright_red",
        "stateid": "bright_cyan",
        "sessionid": "cyan",
        "object": "bright_magenta",
        "fh": "bright_magenta",
        "objname": "bright_yellow",
        "name": "bright_yellow",
        "offset": "magenta",
        "length": "magenta",
        "count": "magenta",
        "data": "white",
        "obj_attributes": "green",
        "attrmask": "green",
        "layout": "bright_cyan",
        "deviceid": "bright_cyan",
        "device_addr": "bright_cyan",
    },
    summary_fields={
        "call": ("xid", "tag", "argarray"),
        "reply": ("xid", "accept_stat", "status", "resarray"),
    },
    info=info,
    labels=LABELLER,
    views=(LAYOUTS,),
)
