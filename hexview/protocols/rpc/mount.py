"""The MOUNT program (100005) v1-v3 over ONC RPC: how an NFSv2/v3 client gets its root filehandle.

Bodies are ``ksy/rpc/mount.ksy``'s (RFC 1813 appendix I for v3, RFC 1094 appendix A
for v1; v2 adds PATHCONF). MNT's reply holds the export's root filehandle, which
every later NFSv3 call descends from, so the info column shows it. MOUNT has no
fixed port (IANA's 20048 is Linux's usual choice); where a capture holds the
client's GETPORT or GETADDR, the rpcbind module teaches the pipeline the port it
named, so even a conversation caught mid-way is recognised.
"""

from __future__ import annotations

from ...decode.fields import DecodedMessage, Field, Outcome
from ...decode.lazy_parser import LazyParser
from ...messages import Message
from ..errno_names import errno_name
from ..info_text import short_hex, text, words
from .onc_rpc import (
    BodyDecoder,
    Procedure,
    Program,
    kaitai_body,
    register_program,
    reply_outcome,
    rpc_info,
    rpc_registration,
    rpc_stats,
)

NAME = "MOUNT"
MOUNT_PROGRAM = 100005
MOUNT_PORT = 20048  # IANA's mountd
PARSER = LazyParser("mount", "Mount")
FH_SHOWN = 4  # filehandle bytes the info column shows before an ellipsis


def _side(is_reply: bool) -> BodyDecoder:
    return kaitai_body(PARSER, lambda m: {"vers": m.params["vers"], "proc": m.params["proc"], "is_reply": is_reply})


ARGS, RESULTS = _side(False), _side(True)


def _procedures(vers: int) -> dict[int, Procedure]:
    """Procedure numbers and names (RFC 1813 appendix I, RFC 1094 appendix A); None
    on a side: that side is void."""
    table: dict[int, tuple[str, BodyDecoder | None, BodyDecoder | None]] = {
        0: ("NULL", None, None),
        1: ("MNT", ARGS, RESULTS),
        2: ("DUMP", None, RESULTS),
        3: ("UMNT", ARGS, None),
        4: ("UMNTALL", None, None),
        5: ("EXPORT", None, RESULTS),
    }
    if vers < 3:
        table[6] = ("EXPORTALL", None, RESULTS)
    if vers == 2:
        table[7] = ("PATHCONF", ARGS, RESULTS)
    return {
        number: Procedure(name, args, results, note=f"{name} carries no {'arguments' if args is None else 'results'}")
        for number, (name, args, results) in table.items()
    }


PROGRAM = register_program(Program(MOUNT_PROGRAM, "MOUNT", {v: _procedures(v) for v in (1, 2, 3)}, protocol=NAME))


def _entries(parent: Field | None) -> list[Field]:
    """The entries of an XDR linked list field (mountlist, exports)."""
    entries = parent.child("entries") if parent is not None else None
    return entries.children if entries is not None else []


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _filehandle(fh: Field | None) -> Outcome:
    """'OK fh 1a2b3c4d…' once a mount is granted."""
    data = fh.child("data") if fh is not None and fh.children else fh
    if data is None or not isinstance(data.value, str):
        return Outcome("OK")
    return Outcome(f"OK fh {short_hex(data.value, FH_SHOWN)}")


def info(message: Message, decoded: DecodedMessage) -> Outcome:
    """'MNT /export' for a call, its reply 'OK fh 1a2b…' or the mountstat3 name
    (failed); EXPORT and DUMP replies count their lists; others their name."""
    failed = reply_outcome(decoded)
    if failed is not None:
        return failed
    args, results = decoded.top("args"), decoded.top("results")
    if args is not None and args.child("dirpath") is not None:
        return Outcome(words(args.show, text(args.child("dirpath"), "value")))
    if results is not None:
        error = _mnt_error(results)
        if error is not None:
            return Outcome(error, True)
        for answer, key in ((results.child("mountres3"), "fhs_status"), (results.child("fhstatus"), "status")):
            status = answer.child(key) if answer is not None else None
            if answer is not None and status is not None and status.value == 0:
                return _filehandle(answer.child("fhandle"))
        exports, mountlist = results.child("exports"), results.child("mountlist")
        if exports is not None:
            return Outcome(words(results.show, _plural(len(_entries(exports)), "export")))
        if mountlist is not None:
            return Outcome(words(results.show, _plural(len(_entries(mountlist)), "mount")))
    return rpc_info(message, decoded)


def _mnt_error(results: Field) -> str | None:
    """A failed MNT's status by name: v3's mountstat3 ('MNT3ERR_ACCES'), v1's errno
    ('EACCES'); None when MNT succeeded or the results are not MNT's."""
    mountres3, fhstatus = results.child("mountres3"), results.child("fhstatus")
    if mountres3 is not None:
        status = mountres3.child("fhs_status")
        if status is not None and status.value is not None and status.value != 0:
            return status.label
    if fhstatus is not None:
        status = fhstatus.child("status")
        if status is not None and isinstance(status.value, int) and status.value != 0:
            return errno_name(status.value) or f"status {status.value}"
    return None


def status_name(decoded: DecodedMessage) -> str | None:
    """The error a failed reply counts under in the statistics (MNT's status by name)."""
    results = decoded.top("results")
    return _mnt_error(results) if results is not None else None


REGISTRATION = rpc_registration(
    name=NAME,
    description="MOUNT v1-v3 over ONC RPC (RFC 1813 appendix I): MNT's root filehandle, exports, mounts",
    programs={MOUNT_PROGRAM},
    ports=(MOUNT_PORT,),
    colours={
        "protocol": "bright_magenta",
        "dirpath": "bright_yellow",
        "directory": "bright_yellow",
        "hostname": "yellow",
        "name": "yellow",
        "fhs_status": "bright_red",
        "status": "bright_red",
        "fhandle": "bright_magenta",
        "auth_flavors": "bright_blue",
    },
    summary_fields={"call": ("xid", "dirpath"), "reply": ("xid", "accept_stat", "fhs_status", "status")},
    info=info,
    stat_entries=rpc_stats(status_name),
)
