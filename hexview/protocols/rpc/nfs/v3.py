"""NFS version 3 (RFC 1813): the procedure table of program 100003 version 3, and its info words.

Every procedure's arguments and results are ``ksy/nfs/nfs_v3.ksy``'s, one parser told the
procedure (for a reply, its call's) and the direction. ``nfs.py`` puts ``PROCEDURES`` beside
NFSv4's in the NFS program and sends version 3 messages to :func:`info`.

The info column: a call names its procedure and what it acts on -- the entry names it
carries (LOOKUP, CREATE, MKDIR, REMOVE, RMDIR, ...; RENAME's ``from -> to``, SYMLINK's
``name -> target``), READ/WRITE/COMMIT's offset and count, else its file handle shortened;
a reply repeats its call's words (worked out once on the call, kept in its params and taken
by the reply, the way gluster/info.py does) and adds the nfsstat3 name, failed when that is
not NFS3_OK.
"""

from __future__ import annotations

from ....decode.fields import DecodedMessage, Field, Outcome
from ....decode.lazy_parser import LazyParser
from ....messages import Message
from ...info_text import labelled, text, value, words
from ..onc_rpc import BodyDecoder, Procedure, kaitai_body, reply_outcome

VERSION = 3
PARSER = LazyParser("nfs_v3", "NfsV3")

# RFC 1813 section 3.3, numbered from 0
NAMES = (
    "NULL",
    "GETATTR",
    "SETATTR",
    "LOOKUP",
    "ACCESS",
    "READLINK",
    "READ",
    "WRITE",
    "CREATE",
    "MKDIR",
    "SYMLINK",
    "MKNOD",
    "REMOVE",
    "RMDIR",
    "RENAME",
    "LINK",
    "READDIR",
    "READDIRPLUS",
    "FSSTAT",
    "FSINFO",
    "PATHCONF",
    "COMMIT",
)


def _side(is_reply: bool) -> BodyDecoder:
    return kaitai_body(PARSER, lambda m: {"proc": m.params["proc"], "is_reply": is_reply})


def _procedures() -> dict[int, Procedure]:
    args, results = _side(False), _side(True)
    table = {0: Procedure("NULL", note="NULL carries no arguments or results")}
    table.update({number: Procedure(name, args, results) for number, name in enumerate(NAMES) if number})
    return table


PROCEDURES = _procedures()

# a call's words (what it acts on), worked out once on the call, taken by its reply
TARGET = "nfs3_target"
SHORT_FH = 16  # hex digits of a file handle shown whole; longer ones are shortened


def info(message: Message, decoded: DecodedMessage) -> Outcome:
    """Registration.info for version 3: 'LOOKUP tiny.txt' for a call, 'LOOKUP tiny.txt
    NFS3ERR_NOENT' (failed) for its reply."""
    if message.kind not in ("call", "reply"):
        return Outcome()
    name = _procedure_name(message)
    if message.kind == "call":
        message.params[TARGET] = target = call_target(decoded.top("args"))
        return Outcome(words(name, target))
    call = message.pair
    target = ""
    if call is not None:
        taken = call.params.pop(TARGET, None)  # taken: kept on every call it would hold memory
        target = taken if isinstance(taken, str) else call_target(call.decode_transient().top("args"))
    refusal = reply_outcome(decoded)
    if refusal is not None:
        return Outcome(words(name, target, refusal.info), True)
    results = decoded.top("results")
    body = results.children[0] if results is not None and results.children else None
    status = body.child("status") if body is not None else None
    if status is None or not isinstance(status.value, int):
        return Outcome(words(name, target))
    label = status.label if status.label != status.show else f"status {status.value}"
    return Outcome(words(name, target, label), status.value != 0)


def _procedure_name(message: Message) -> str:
    proc = message.params.get("proc")
    if not isinstance(proc, int):
        return ""
    return NAMES[proc] if 0 <= proc < len(NAMES) else f"proc {proc}"


def call_target(args: Field | None) -> str:
    """What a call's arguments act on, as info words."""
    body = args.children[0] if args is not None and args.children else None
    if body is None:
        return ""
    if body.child("rename_from") is not None:
        return " -> ".join(t for t in (_entry(body.child("rename_from")), _entry(body.child("rename_to"))) if t)
    where = body.child("where") or body.child("link")
    if where is not None or body.child("name") is not None:  # CREATE..MKNOD, LINK; LOOKUP, REMOVE, RMDIR
        name = _entry(where if where is not None else body)
        target = text(body.child("symlink_data"), "value")
        return f"{name} -> {target}" if target else name
    offset, count = value(body, "offset"), value(body, "count")
    if offset is not None or count is not None:  # READ, WRITE, COMMIT
        return words(labelled("offset", offset), labelled("count", count))
    for f in body.children:  # the one file handle of the rest
        if f.name in ("object", "symlink", "dir", "fsroot", "file"):
            return short_fh(f)
    return ""


def _entry(diropargs: Field | None) -> str:
    """A diropargs3's name, quoted by repr when it is not plain printable text."""
    name = text(diropargs.child("name") if diropargs is not None else None, "value")
    return name if name.isprintable() and " " not in name else repr(name)


def short_fh(fh: Field) -> str:
    """A file handle's hex, its first and last 8 digits when longer than 16: handles of
    one export share a prefix and differ towards the end."""
    digits = value(fh, "data")  # opaque bytes are kept as their hex digits
    if not isinstance(digits, str) or not digits:
        return ""
    return "fh " + (digits if len(digits) <= SHORT_FH else f"{digits[:8]}…{digits[-8:]}")
