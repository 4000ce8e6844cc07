"""What a GlusterFS message says happened, in a few words.

For the message list's info column (``Registration.info``) and the summary line: a
call names its procedure and what it acts on -- the basenames it carries (LOOKUP,
CREATE, MKDIR, UNLINK, ...; RENAME's old and new name, SYMLINK's name and target),
else the gfid it acts on, shortened, with an xattr or entry name if it has one; a
reply repeats its call's words and adds op_ret, and op_errno by its Linux name when
op_ret reports a failure. A reply failed when op_ret is negative (glusterfs's -1)
or the RPC layer did not accept the call. glusterd answers success with op_errno
set at times, so op_errno alone never marks a failure.
"""

from __future__ import annotations

import struct

from ....decode.fields import DecodedMessage, Field, Outcome
from ....messages import Message
from ...errno_names import errno_name
from ...info_text import shown, value
from ...info_text import words as words_of
from ...registry import ExportColumns
from ..onc_rpc import learned_programs, lookup, reply_outcome
from .programs import FOP_PROGRAM

# fields that name what a call acts on, in the order they are told: FOP entry, link
# and xattr names, then the volfile key (GETSPEC), brick (PMAP), peer and path (glusterd)
NAME_FIELDS = ("bname", "oldbname", "newbname", "linkname", "name", "key", "brick", "hostname", "path")
ENTRY_NAMES = ("bname", "oldbname", "newbname")  # names of directory entries (not xattrs)
GFID_FIELDS = ("gfid", "pargfid", "oldgfid", "newgfid")
# dictionaries hold keys and values of their own, not the message's fields
DICTIONARIES = ("xdata", "dict", "pairs")
NULL_GFID = "00" * 16
HEX_DIGITS = frozenset("0123456789abcdef")


# a call's params: what it acts on, as (info words, summary words) -- worked out once,
# for its own info and summary and for its reply's info (no second decode of the call),
# which takes it away
TARGET = "info_target"


def info(message: Message, decoded: DecodedMessage) -> Outcome:
    """Registration.info: e.g. 'LOOKUP tiny.txt' for a call, 'LOOKUP tiny.txt op_ret=-1
    ENOENT' (failed) for its reply."""
    if message.kind not in ("call", "reply"):  # undecodable bytes, an unfinished record
        return Outcome()
    words = [procedure_name(message)]
    if message.kind == "call":
        words.append(call_target(message, decoded)[0])
        return Outcome(words_of(*words))
    call = message.pair
    if call is not None:
        # taken, not just read: kept on every call a search decodes it would hold tens
        # of MB over a large capture; a reply decoded again decodes its call again
        target = call.params.pop(TARGET, None)
        if target is None:  # the call was never decoded (a view opened on the reply), or twice
            target = _target(own_fields(call.decode_transient(), "args"))
        words.append(target[0])
    elif message.params.get("prog") is None:
        words.append("(call not in the capture)")
    refusal = reply_outcome(decoded)
    if refusal is not None:
        return Outcome(words_of(*words, refusal.info), True)
    results = own_fields(decoded, "results")
    op_ret, op_errno = results.get("op_ret"), results.get("op_errno")
    if op_ret is None or not isinstance(op_ret.value, int):
        return Outcome(words_of(*words))
    words.append(f"op_ret={op_ret.value}")
    failed = op_ret.value < 0
    if failed and op_errno is not None and isinstance(op_errno.value, int):
        words.append(errno_name(op_errno.value) or f"op_errno={op_errno.value}")
    return Outcome(words_of(*words), failed)


def errno_of(decoded: DecodedMessage) -> str | None:
    """A failed reply's op_errno by its Linux name ('op_errno=N' for a number Linux does
    not name), for the statistics' ``errnos``; None when the reply carries none."""
    op_errno = own_fields(decoded, "results").get("op_errno")
    if op_errno is None or not isinstance(op_errno.value, int):
        return None
    return errno_name(op_errno.value) or f"op_errno={op_errno.value}"


def peek_op_ret(reply: Message, data: bytes, at: int) -> tuple[bool, str | None] | None:
    """A FOP reply's verdict from its first two words (every gfs3_*_rsp and gfx_*_rsp
    begins with op_ret, op_errno), without decoding it: what ``info`` and ``errno_of``
    say of the decoded tree. None for other programs, procedures without a results
    layout, or results too short: those are decoded."""
    params = reply.params
    if params.get("prog") != FOP_PROGRAM or len(data) < at + 8:
        return None
    _, procedure = lookup(params["prog"], params["vers"], params["proc"], learned_programs(reply.conversation))
    if procedure is None or procedure.results is None:
        return None
    op_ret, op_errno = struct.unpack_from(">ii", data, at)
    if op_ret >= 0:
        return False, None
    return True, errno_name(op_errno) or f"op_errno={op_errno}"


def export_columns(message: Message, decoded: DecodedMessage) -> ExportColumns:
    """The export's GlusterFS columns (the RPC layer's come from ``rpc_columns``): a
    call's gfid (as its info picks it: gfid, else pargfid, ...) and entry or xattr
    names; a reply's op_ret, op_errno and the first gfid its iatt carries."""
    out: ExportColumns = {}
    if message.kind == "call":
        fields = own_fields(decoded, "args")
        gfid = next((h for n in GFID_FIELDS if (h := _gfid_hex(fields.get(n)))), None)
        names = [text for n in NAME_FIELDS if (text := _text(fields.get(n)))]
        if names:
            out["target"] = " -> ".join(names)
    elif message.kind == "reply":
        fields = own_fields(decoded, "results")
        gfid = _gfid_hex(fields.get("ia_gfid"))
        op_ret, op_errno = fields.get("op_ret"), fields.get("op_errno")
        if op_ret is not None and isinstance(op_ret.value, int):
            out["op_ret"] = op_ret.value
        if op_errno is not None and isinstance(op_errno.value, int):
            out["errno"] = op_errno.value
            name = errno_name(op_errno.value)
            if name:
                out["errno_name"] = name
    else:
        return out
    if gfid is not None:
        out["gfid"] = gfid
    return out


def call_target(call: Message, decoded: DecodedMessage) -> tuple[str, str]:
    """What ``call`` acts on, (info words, summary words): kept in its params, so its
    summary and its reply's info reuse it."""
    call.params[TARGET] = target = _target(own_fields(decoded, "args"))
    return target


def summary_target(call: Message, decoded: DecodedMessage) -> str:
    """What a call acts on, as summary words: "bname='tiny.txt'", or 'gfid=65c2cb63…909a'
    (worked out by its info hook when that ran)."""
    target = call.params.get(TARGET)
    return (target if target is not None else call_target(call, decoded))[1]


def procedure_name(message: Message) -> str:
    params = message.params
    if params.get("prog") is None:
        return ""
    _, procedure = lookup(params["prog"], params["vers"], params["proc"], learned_programs(message.conversation))
    return procedure.name if procedure is not None else f"proc {params['proc']}"


def own_fields(decoded: DecodedMessage, container: str) -> dict[str, Field]:
    """The first field of each name inside the ``args`` or ``results`` container,
    depth first, not looking inside dictionaries."""
    found: dict[str, Field] = {}
    stack = [f for f in reversed(decoded.fields) if f.name == container]
    while stack:
        f = stack.pop()
        found.setdefault(f.name, f)
        if f.name not in DICTIONARIES:
            stack.extend(reversed(f.children))
    return found


def gfid_text(hex_text: str) -> str:
    """A gfid's 32 hex digits as a UUID, 8-4-4-4-12, as gluster's logs and getfattr show it."""
    h = hex_text
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def short_gfid(hex_text: str) -> str:
    """A gfid as its first 8 and last 4 hex digits: random gfids differ in the first,
    the root (…0001) and the null gfid in the last."""
    return f"{hex_text[:8]}…{hex_text[-4:]}"


def _target(fields: dict[str, Field]) -> tuple[str, str]:
    """(info words, summary words) for what a call acts on."""
    names = [(n, fields[n]) for n in NAME_FIELDS if _text(fields.get(n))]
    if any(n in ENTRY_NAMES for n, _ in names):
        texts = [_printable(_text(f)) for _, f in names]
        summary = " ".join(f"{n}={shown(f, 'value')}" for n, f in names)
        return " -> ".join(texts), summary
    gfid = next(((n, h) for n in GFID_FIELDS if (h := _gfid_hex(fields.get(n)))), None)
    info_words, summary_words = [], []
    if gfid is not None:
        short = short_gfid(gfid[1])
        info_words.append(short)
        summary_words.append(f"{gfid[0]}={short}")
    for n, f in names:
        info_words.append(_printable(_text(f)))
        summary_words.append(f"{n}={shown(f, 'value')}")
    return " ".join(info_words), " ".join(summary_words)


def _text(f: Field | None) -> str:
    """The text of an XDR string field (length, value, padding), '' if none."""
    v = value(f, "value")
    return v if isinstance(v, str) else ""


def _gfid_hex(f: Field | None) -> str | None:
    """A gfid's 32 hex digits, from 16 bytes (FOPs) or the UUID text the callbacks
    carry; None for the null gfid or anything else."""
    if f is None:
        return None
    text = f.value if isinstance(f.value, str) else _text(f).replace("-", "")
    if len(text) != 32 or text == NULL_GFID or not all(c in HEX_DIGITS for c in text):
        return None
    return text


def _printable(text: str) -> str:
    return text if text.isprintable() and " " not in text else repr(text)
