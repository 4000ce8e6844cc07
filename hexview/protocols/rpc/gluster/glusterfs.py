"""GlusterFS: glusterd management, brick FOPs and their helper programs over ONC RPC.

Framing, xid pairing and the RPC header are the shared ONC RPC layer's
(``hexview.protocols.rpc.onc_rpc``); this module only fills the program table -- every Gluster
program, version and procedure number with its name (``gluster_programs``) and,
where a body layout is decoded, the ksy parser for it (``gluster_bodies``).
Procedures whose bodies are not decoded say so in their note, so their bytes are
shown as opaque rather than guessed at. What a message says happened (the info
column, the file a call's summary names) is ``gluster_info``'s.
"""

from __future__ import annotations

import re

from ....decode.fields import DecodedMessage
from ....messages import Message
from ..onc_rpc import Procedure, Program, decode_rpc, register_program, rpc_columns, rpc_registration, rpc_stats
from . import programs as gp
from .bodies import BODIES
from .fanout_views import EC_WRITES, FANOUT
from .info import errno_of, export_columns, info, peek_op_ret, summary_target
from .labels import LABELLER
from .xattr_view import XATTRS

NAME = "GlusterFS"


NOTES = {
    (gp.FOP_PROGRAM, 400, 49): "COMPOUND's XDR (gfx_compound_req) was removed from glusterfs; shown opaque",
    (gp.FOP_PROGRAM, 330, 49): "COMPOUND (gfs3_compound_req) is not decoded; shown opaque",
}


def _procedure(prog: int, vers: int, proc: int, name: str) -> Procedure:
    body = BODIES.get((prog, vers, proc))
    if body is None:
        if proc == 0:  # RPC convention: NULL takes and returns nothing
            return Procedure(name, note="NULL carries no arguments or results")
        return Procedure(name, note=NOTES.get((prog, vers, proc), f"{name} body layout is not decoded yet"))
    args, results = body
    missing = [label for label, d in (("arguments", args), ("results", results)) if d is None]
    note = f"{name} {' and '.join(missing)} are not decoded yet" if missing else ""
    return Procedure(name, args, results, note)


def _register_all() -> set[int]:
    for number, (program_name, versions) in gp.TABLE.items():
        program = Program(number, program_name, protocol=NAME)
        for vers, names in versions.items():
            program.versions[vers] = {proc: _procedure(number, vers, proc, name) for proc, name in enumerate(names)}
        register_program(program)
    return set(gp.TABLE)


PROGRAM_NUMBERS = _register_all()
XID_WORD = re.compile(r" xid=\S+")


def decode(message: Message) -> DecodedMessage:
    """The RPC decode, and a call's summary names what it acts on right after the xid:
    the basename(s), else the gfid, short (``summary_fields`` cannot choose)."""
    decoded = decode_rpc(message)
    target = summary_target(message, decoded) if message.kind == "call" else ""
    summary = decoded.summary
    if target and summary.startswith(message.name):
        at = len(message.name)
        xid = XID_WORD.match(summary, at)
        at = xid.end() if xid else at
        decoded.summary = f"{summary[:at]} {target}{summary[at:]}"
    return decoded


REGISTRATION = rpc_registration(
    name=NAME,
    description="GlusterFS over ONC RPC: FOPs (v330/v400), handshake, dump, portmap, callbacks, glusterd",
    programs=PROGRAM_NUMBERS,
    ports=(24007, 24008),
    decode=decode,
    stat_entries=rpc_stats(errno_of, peek_op_ret),
    export_columns=rpc_columns(export_columns),
    colours={
        "protocol": "bright_magenta",
        "gfid": "bright_cyan",
        "pargfid": "cyan",
        "bname": "bright_yellow",
        "name": "bright_yellow",
        "path": "bright_yellow",
        "op_ret": "bright_red",
        "op_errno": "red",
        "fd": "bright_blue",
        "offset": "magenta",
        "size": "magenta",
        "flags": "bright_blue",
        "xdata": "white",
        "dict": "white",
        "key": "yellow",
        "value": "white",
    },
    # fields searched depth first; a FOP call's own fd/offset/size come before any dict value
    # (what a call acts on, its names or gfid, is added by decode)
    summary_fields={
        "call": ("xid", "fd", "offset", "size"),
        "reply": ("xid", "accept_stat", "op_ret", "op_errno", "fd"),
    },
    info=info,
    labels=LABELLER,
    views=(XATTRS, FANOUT, EC_WRITES),
)
