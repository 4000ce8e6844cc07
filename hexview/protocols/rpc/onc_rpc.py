"""ONC RPC over TCP, shared by every RPC protocol (GlusterFS, NFS, ...).

Framing follows RFC 5531 record marking: a record is one or more fragments, each
behind a 4-byte mark (bit 31 = last fragment, bits 0-30 = length); one record is one
RPC message. Pairing follows the xid: a reply carries its call's xid and nothing
else, so the call's program, version and procedure -- needed to decode the results
-- come from the call. Calls may travel either way on one connection (NFSv4.1
backchannel, GlusterFS callbacks), so calls and replies are told apart by msg_type,
never by direction.

Program knowledge sits in a table (``register_program``) filled by the protocol
modules, in the spirit of Wireshark's RPC program table: this module frames and
pairs; a program's entry says how to name and decode its procedures. That table is
process-wide configuration, filled at import. A program learned while an input is
read (an NFS client's callback program) is that input's alone: ``learn_program``
keeps it in the pipeline's DecodeContext, and every lookup asks the conversation's
learned programs after the table.
"""

from __future__ import annotations

import contextlib
import struct
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field
from typing import Any, cast

from ...compiled import rpc_message
from ...decode.field_templates import fields_of
from ...decode.fields import DecodedMessage, Field, Outcome
from ...decode.finish import decode_message, finish
from ...messages import Message
from ...packets import Span
from ...tcp.stream_events import Conversation
from ..context import context_of
from ..cross_views import CrossView
from ..framing import Cut, DirectionBuffer, StreamFramer, Unframeable
from ..labels import Labeller
from ..registry import ExportColumns, Registration, StatEntry, StatKey, Verdict, named_stats, request_columns

LAST_FRAGMENT = 0x80000000
MAX_FRAGMENT = 64 * 1024 * 1024  # longer fragments are taken as damage
MAX_FRAGMENTS = 4096
CALL, REPLY = 0, 1
OTHER = {"c2s": "s2c", "s2c": "c2s"}
GENERIC = "ONC-RPC"  # the registration for RPC streams whose program is not yet known

# Shades (hexview.decode.colours) of the RPC layer's own fields, shared by every RPC protocol's registration.
RPC_COLOURS = {
    "default": "white",
    "fragment_header": "grey",
    "last_fragment": "grey",
    "fragment_length": "grey",
    "xid": "bright_yellow",
    "msg_type": "bright_green",
    "rpcvers": "grey",
    "prog": "bright_green",
    "vers": "green",
    "proc": "bright_green",
    "cred": "bright_blue",
    "verf": "bright_blue",
    "reply_stat": "bright_green",
    "accept_stat": "bright_green",
    "args": "bright_white",
    "results": "bright_white",
}


# -- the program table -------------------------------------------------------------

# a procedure's arguments or results: (message, body bytes, base) -> (fields, errors,
# bytes consumed or None), every range offset by base
BodyDecoder = Callable[[Message, bytes, int], tuple[list[Field], list[Span], int | None]]


@dataclass(frozen=True)
class Procedure:
    name: str
    args: BodyDecoder | None = None
    results: BodyDecoder | None = None
    note: str = ""  # why a body is shown opaque, when it is


@dataclass
class Program:
    number: int
    name: str  # e.g. "GlusterFS", "GF-DUMP", "NFS"
    versions: dict[int, dict[int, Procedure]] = field(default_factory=dict)
    protocol: str = ""  # the registration that claims conversations carrying it
    # the message list's info for this program's messages, whatever registration
    # claims the conversation (NFS_ACL rides on NFS's connection): see rpc_info
    info: Callable[[Message, DecodedMessage], Outcome] | None = None
    # what a reply, once paired with its call, teaches the input (rpcbind: where a program
    # listens); it may decode the reply, and must never raise
    learn: Callable[[Message], None] | None = None


PROGRAMS: dict[int, Program] = {}  # filled at import by register_program, then only read
MAX_AUTH_BYTES = 400  # RFC 5531: the most an opaque_auth body may hold
LEARNED = "onc-rpc.programs"  # the DecodeContext's key for one input's learned programs


def kaitai_body(parser_cls: Any, params: Callable[[Message], dict[str, Any]] | None = None) -> BodyDecoder:
    """A Procedure.args/results decoder that runs a compiled ksy parser over the body.

    ``params`` computes the parser's params from the message (e.g. facts from the
    paired call, ``message.pair``)."""

    def decode(message: Message, body: bytes, base: int) -> tuple[list[Field], list[Span], int | None]:
        return fields_of(parser_cls, body, params(message) if params else None, base)

    return decode


def register_program(program: Program) -> Program:
    """Add a program every input knows (a protocol module's import does this)."""
    PROGRAMS[program.number] = program
    return program


def learned_programs(conversation: Conversation) -> dict[int, Program]:
    """The programs learned while reading the conversation's input (its pipeline's)."""
    return context_of(conversation).learned(LEARNED, dict)


def learn_program(conversation: Conversation, program: Program) -> bool:
    """Teach the conversation's pipeline ``program`` (False when its number is known already)."""
    context = context_of(conversation)
    learned = context.learned(LEARNED, dict)
    if program.number in PROGRAMS or program.number in learned:
        return False
    learned[program.number] = program
    context.lessons += 1
    return True


def program_of(prog: int, learned: dict[int, Program] | None = None) -> Program | None:
    """The program numbered ``prog``: the table's, else one ``learned`` while reading."""
    program = PROGRAMS.get(prog)
    if program is None and learned:
        program = learned.get(prog)
    return program


def lookup(prog: int, vers: int, proc: int, learned: dict[int, Program] | None = None) -> tuple[Program | None, Procedure | None]:
    program = program_of(prog, learned)
    if program is None:
        return None, None
    return program, program.versions.get(vers, {}).get(proc)


def call_name(prog: int, vers: int, proc: int, learned: dict[int, Program] | None = None) -> str:
    program, procedure = lookup(prog, vers, proc, learned)
    if program is None:
        return f"RPC program {prog} v{vers} proc {proc}"
    if procedure is None:
        return f"{program.name} v{vers} proc {proc}"
    return f"{program.name} {procedure.name}"


# (prog, vers, proc) -> (program, procedure, call's name, reply's name, the key): every
# call of a procedure shares one name string and one (prog, vers, proc) of ints -- an
# index keeps hundreds of thousands of messages. An entry counts only while the lookup
# finds the very same program and procedure, so a program one pipeline learned later
# names its calls anew, and another pipeline (which does not know it) never reads that
# entry: the cache is a pure function of what the lookup finds.
_Names = tuple[Program | None, Procedure | None, str, str, tuple[int, int, int]]
_NAMES: dict[tuple[int, int, int], _Names] = {}


def _names(prog: int, vers: int, proc: int, learned: dict[int, Program] | None = None) -> _Names:
    key = (prog, vers, proc)
    program = program_of(prog, learned)
    procedure = program.versions.get(vers, {}).get(proc) if program is not None else None
    found = _NAMES.get(key)
    if found is None or found[0] is not program or found[1] is not procedure:
        name = call_name(prog, vers, proc, learned)
        found = _NAMES[key] = (program, procedure, name + " call", name + " reply", key)
    return found


# -- framing and pairing -------------------------------------------------------------


def _u32(b: bytes | memoryview, at: int) -> int:
    number: int = struct.unpack_from(">I", b, at)[0]
    return number


_U32 = struct.Struct(">I")
_HEAD = struct.Struct(">IIII")  # mark, xid, msg_type, then rpcvers (a call) or reply_stat
_PROCEDURE = struct.Struct(">III")  # a call's prog, vers, proc, 16 bytes into the record
_REPLY_WORDS = struct.Struct(">III")  # a reply's reply_stat, verifier flavor and length, 12 bytes into the record


def plausible_record_start(head: bytes) -> bool:
    """Mark + xid + msg_type (+ rpcvers 2 for a call): enough to trust a record start."""
    if len(head) < 16:
        return False
    return _plausible(*_HEAD.unpack_from(head, 0))


def _plausible(mark: int, xid: int, msg_type: int, word: int) -> bool:
    length = mark & ~LAST_FRAGMENT
    if length < 12 or length > MAX_FRAGMENT:
        return False
    if msg_type == CALL:
        return word == 2
    return msg_type == REPLY and word in (0, 1)


class RpcFramer(StreamFramer):
    """Record marking, xid pairing; names come from the program table.

    A message's params: ``xid``, and ``prog``/``vers``/``proc`` once known (a reply's
    come from its call); ``fragments`` [(mark position, length)] only for a record of
    several fragments (``fragments_of`` reads a lone fragment's from its mark). A paired
    reply of one fragment shares its call's params dict -- the same xid and procedure:
    one dict per exchange, not two, in an index of every message."""

    pure_cut = True  # pairing happens in ``paired``; ``cut`` only looks calls up

    def __init__(self, conversation: Conversation) -> None:
        super().__init__(conversation)
        self.calls: dict[tuple[str, int], Message] = {}  # (direction of call, xid) -> call
        self.learned = learned_programs(conversation)  # this input's learned programs

    def cut(self, direction: str, buf: DirectionBuffer) -> Cut | None:
        data = buf.data
        size = len(data)
        if size < 16:
            return None
        mark, xid, msg_type, word = _HEAD.unpack_from(data, 0)
        length = mark & ~LAST_FRAGMENT
        # _plausible, written out: a reply (word 0 or 1: reply_stat) or a call of RPC version 2
        if not (12 <= length <= MAX_FRAGMENT and (word == 2 if msg_type == CALL else msg_type == REPLY and word in (0, 1))):
            raise Unframeable("no ONC RPC record mark and header here")
        if mark & LAST_FRAGMENT:  # the usual record: one fragment
            return self._cut_record(direction, data, 4 + length, xid, msg_type, None)
        fragments: list[tuple[int, int]] = []
        pos = 0
        while True:
            if pos + 4 > size:
                return None
            mark = _U32.unpack_from(data, pos)[0]
            length = mark & ~LAST_FRAGMENT
            if length > MAX_FRAGMENT or len(fragments) >= MAX_FRAGMENTS:
                raise Unframeable(f"fragment length {length} is not plausible")
            fragments.append((pos, length))
            pos += 4 + length
            if mark & LAST_FRAGMENT:
                break
            if pos > size:
                return Cut(pos + 4, "rpc", "RPC record (incomplete)")  # wait for the rest
        return self._cut_record(direction, data, pos, xid, msg_type, fragments)

    def _cut_record(
        self, direction: str, data: bytearray, size: int, xid: int, msg_type: int, fragments: list[tuple[int, int]] | None
    ) -> Cut:
        params: dict[str, Any]
        if msg_type == CALL and len(data) >= 28:
            asked: tuple[int, int, int] = _PROCEDURE.unpack_from(data, 16)
            _, _, name, _, key = _names(*asked, self.learned)
            prog, vers, proc = key  # the cached key's numbers: shared by every call of the procedure
            if fragments is None:
                params = {"xid": xid, "prog": prog, "vers": vers, "proc": proc}
            else:
                params = {"fragments": fragments, "xid": xid, "prog": prog, "vers": vers, "proc": proc}
            return Cut(size, "call", name, params, True, True)
        call = self.calls.get((OTHER[direction], xid))
        if call is not None:
            known = cast("dict[str, Any]", call._params)  # a call's params are made by _cut_record
            prog, vers, proc = known["prog"], known["vers"], known["proc"]
            if fragments is None and "fragments" not in known:
                params = known
            elif fragments is None:
                params = {"xid": xid, "prog": prog, "vers": vers, "proc": proc}
            else:
                params = {"fragments": fragments, "xid": xid, "prog": prog, "vers": vers, "proc": proc}
            return Cut(size, "reply", _names(prog, vers, proc, self.learned)[3], params)
        if fragments is None:
            params = {"xid": xid, "reason": "its call is not in the capture"}
        else:
            params = {"fragments": fragments, "xid": xid, "reason": "its call is not in the capture"}
        return Cut(size, "reply", "RPC reply (call not seen)", params)

    def _claim_for_program(self, prog: int | None) -> None:
        """A stream taken as generic RPC (it opened with a reply) belongs to the
        protocol of the first program it calls."""
        conv = self.conversation
        if getattr(conv.protocol, "name", None) != GENERIC:
            return
        program = program_of(prog, self.learned) if prog is not None else None
        if program is None or not program.protocol or program.protocol == GENERIC:
            return
        from ..registry import by_name

        with contextlib.suppress(KeyError):
            conv.protocol = by_name(program.protocol)

    def resync_position(self, direction: str, buf: DirectionBuffer) -> int:
        """The next offset where a plausible record starts (RPC has no magic)."""
        data = buf.data
        limit = len(data) - 16
        # msg_type 0 followed by rpcvers 2 (a call), or msg_type 1 (a reply), 8 bytes
        # into the record; each pattern's next hit is searched again only once passed
        patterns = (b"\x00\x00\x00\x00\x00\x00\x00\x02", b"\x00\x00\x00\x01\x00\x00\x00")
        hits = [data.find(p, 9) for p in patterns]
        while True:
            found = [h for h in hits if h >= 0]
            if not found:
                return -1
            pos = min(found) - 8
            if pos > limit:
                return -1
            if pos >= 1 and plausible_record_start(bytes(data[pos : pos + 16])) and not buf.gap_in(pos, pos + 16):
                return pos
            skip = max(pos + 1, buf.after_gap(pos, pos + 16))
            hits = [data.find(p, skip + 8) if 0 <= h < skip + 8 else h for p, h in zip(patterns, hits, strict=True)]

    def paired(self, message: Message) -> None:
        params = message._params
        if not params:
            return
        xid = params.get("xid")
        if xid is None:
            return
        if message.kind == "call":
            self.calls[(message.direction, xid)] = message
            protocol = self.conversation.protocol
            if protocol is not None and protocol.name == GENERIC:
                self._claim_for_program(params.get("prog"))
        elif message.kind == "reply":
            call = self.calls.pop((OTHER[message.direction], xid), None)
            if call is not None:
                message.link(call)
                prog = params.get("prog", -1)
                program = PROGRAMS.get(prog) or program_of(prog, self.learned)
                if program is not None and program.learn is not None:
                    program.learn(message)


# -- decoding ----------------------------------------------------------------------


def fragments_of(message: Message) -> list[tuple[int, int]] | None:
    """A record's fragments as (mark position, length): kept in its params when there
    are several, read from its mark when there is one; None for a message that is not
    a framed record (undecodable bytes, an unfinished record)."""
    params = message.params
    fragments = params.get("fragments")
    if fragments is None and "xid" in params and message.length >= 4:
        fragments = [(0, _u32(message.data, 0) & ~LAST_FRAGMENT)]
    return fragments


def defragment(message: Message) -> tuple[bytes, list[tuple[int, int, int]]]:
    """The record's payload without marks, and (payload offset, message offset, length) pieces."""
    pieces, parts, at = [], [], 0
    for pos, length in fragments_of(message) or [(0, max(0, message.length - 4))]:
        chunk = message.data[pos + 4 : pos + 4 + length]
        parts.append(chunk)
        pieces.append((at, pos + 4, len(chunk)))
        at += len(chunk)
    return b"".join(parts), pieces


def _mapper(pieces: list[tuple[int, int, int]]) -> Callable[[int, bool], int]:
    def to_message(offset: int, is_end: bool = False) -> int:
        probe = offset - 1 if is_end and offset > 0 else offset
        for start, msg_pos, length in pieces:
            if start <= probe < start + length:
                return msg_pos + (probe - start) + (1 if is_end and offset > 0 else 0)
        if pieces:
            start, msg_pos, length = pieces[-1]
            return msg_pos + length
        return 0

    return to_message


def _remap(fields: list[Field], errors: list[Span], pieces: list[tuple[int, int, int]]) -> None:
    """Payload offsets to message offsets, for a record of several fragments."""
    to_message = _mapper(pieces)
    for top in fields:
        for f in top.walk():
            f.start, f.end = _mapped(to_message, f.start, f.end)
    for e in errors:
        e.start, e.end = _mapped(to_message, e.start, e.end)


def _mapped(to_message: Callable[[int, bool], int], start: int, end: int) -> tuple[int, int]:
    """A payload range as a message range. An empty one stays empty where it starts: at a
    fragment boundary its start is after the next mark and its end before it, which would
    make the end come first."""
    begin = to_message(start, False)
    return begin, begin if end <= start else to_message(end, True)


def _mark_fields(message: Message) -> list[Field]:
    out = []
    fragments = fragments_of(message) or []
    for i, (pos, length) in enumerate(fragments):
        if pos + 4 > message.length:
            break
        mark = _u32(message.data, pos)
        last = bool(mark & LAST_FRAGMENT)
        out.append(
            Field(
                "fragment_header" if len(fragments) == 1 else f"fragment_header[{i}]",
                mark,
                f"0x{mark:08x} ({'last fragment, ' if last else ''}{length} bytes)",
                pos,
                pos + 4,
                [
                    Field(
                        "last_fragment",
                        last,
                        "Set" if last else "Not set",
                        pos,
                        pos + 1,
                        doc="Bit 31: this is the record's last fragment.",
                    ),
                    Field("fragment_length", length, str(length), pos, pos + 4, doc="Bits 0-30: bytes in this fragment."),
                ],
                doc="RFC 5531 record marking: one 32-bit mark in front of every fragment.",
            )
        )
    return out


def decode_rpc(message: Message) -> DecodedMessage:
    """Record marks, the RPC header, then the procedure's arguments or results."""
    if fragments_of(message) is None:
        # bytes between records (no mark and header where one should start) or the start
        # of a record the input ended inside: no mark to read, so no header to place after
        # one -- the bytes are shown undecoded, with the framer's reason
        return decode_message(message, None)
    payload, pieces = defragment(message)
    # one fragment (the usual case): a payload offset is the message offset less the
    # mark, so the trees are built at their place; several: mapped piece by piece after
    shift = 4 if len(pieces) == 1 and pieces[0][1] == 4 else 0
    fields, errors, consumed = fields_of(rpc_message.RpcMessage, payload, None, shift)
    rpc = Field(
        "rpc",
        None,
        "",
        shift,
        shift + (consumed if consumed is not None else len(payload)),
        fields,
        doc="ONC RPC message header (RFC 5531).",
    )
    body_fields: list[Field] = []
    if consumed is None and message.kind == "call":
        consumed = call_header_end(payload)
        if consumed is not None:
            # the credential or verifier body is malformed, but their XDR lengths
            # still say where the arguments start: confine the damage to them
            rpc.end = end = shift + consumed
            errors = [Span(e.start, min(e.end, end), e.reason) if e.start < end else e for e in errors]
    if consumed is not None and consumed <= len(payload):
        body_fields, body_errors = _decode_body(message, fields, payload, consumed, shift)
        errors += body_errors
    tree = [rpc] + body_fields
    if not shift:
        _remap(tree, errors, pieces)
    decoded = DecodedMessage(_mark_fields(message) + tree, errors)
    _add_frame_errors(message, decoded)
    return finish(message, decoded)


def _decode_body(message: Message, header: list[Field], payload: bytes, start: int, shift: int) -> tuple[list[Field], list[Span]]:
    """The arguments or results from payload offset ``start``; ranges are payload
    offsets plus ``shift``."""
    body = payload[start:]
    params = message.params
    prog = params.get("prog")  # with vers and proc (a call's, or its reply's call's), or none
    program, procedure = (
        lookup(prog, params["vers"], params["proc"], learned_programs(message.conversation)) if prog is not None else (None, None)
    )
    is_call = message.kind == "call"
    label = "args" if is_call else "results"
    at, end = shift + start, shift + len(payload)
    if not is_call:
        reason = _reply_without_results(header)
        if reason is not None:
            if body:
                return [Field(label, None, f"{len(body)} bytes", at, end)], [Span(at, end, f"undecoded: {reason}")]
            return [], []
    if procedure is not None:
        decoder = procedure.args if is_call else procedure.results
        if decoder is not None:
            fields, errors, consumed = decoder(message, body, at)
            container = Field(label, None, procedure.name, at, at + (consumed if consumed is not None else len(body)), fields)
            if consumed is not None and consumed < len(body):
                errors.append(Span(at + consumed, end, f"undecoded: {len(body) - consumed} bytes after the {label}"))
            return [container], errors
    if not body:
        return [], []
    if prog is None:
        why = params.get("reason", "its call is not in the capture")
    elif program is None:
        why = f"program {prog} is not known"
    elif procedure is None:
        why = f"{program.name} version {params['vers']} procedure {params['proc']} is not known"
    else:
        why = procedure.note or f"{procedure.name} {label} are not decoded"
    return [Field(label, None, f"{len(body)} bytes (opaque)", at, end)], [Span(at, end, f"undecoded: {why}")]


def call_header_end(payload: bytes | memoryview) -> int | None:
    """End of a call header from its length words alone (xid, type, rpcvers, prog,
    vers, proc, then credential and verifier as flavour, length, padded body)."""
    at = 24
    for _ in range(2):
        if len(payload) < at + 8:
            return None
        length = _u32(payload, at + 4)
        if length > MAX_AUTH_BYTES:
            return None
        at += 8 + (length + 3) // 4 * 4
    return at if at <= len(payload) else None


def _reply_without_results(header: list[Field]) -> str | None:
    """Why a reply carries no procedure results (denied, or not SUCCESS), else None;
    ``header``: the RPC header's fields."""
    reply = next((f for f in header if f.name == "reply"), None)
    if reply is None:
        return "malformed reply header"
    accepted = reply.child("accepted")
    if accepted is None:
        return "the call was denied"
    stat = accepted.child("accept_stat")
    if stat is None or stat.value != 0:
        number = stat.value if stat is not None else None
        try:
            name = rpc_message.RpcMessage.AcceptStat(number).name
        except ValueError:
            name = number
        return f"accept_stat {name}"
    return None


def _add_frame_errors(message: Message, decoded: DecodedMessage) -> None:
    if message.kind == "reply" and message.params.get("reason"):
        decoded.errors.append(Span(0, 0, f"note: {message.params['reason']}"))


# -- what a message says happened (the message list's info column) ---------------------


def reply_outcome(decoded: DecodedMessage) -> Outcome | None:
    """The RPC layer's own verdict on a reply, shared by every RPC protocol: a failed
    Outcome when the call was denied (RPC_MISMATCH, AUTH_ERROR with its auth_stat) or
    accepted without running (accept_stat other than SUCCESS, e.g. PROC_UNAVAIL);
    None for a SUCCESS reply -- the program's results say the rest -- for a call, and
    for a reply header too damaged to say."""
    rpc = decoded.top("rpc")
    reply = rpc.child("reply") if rpc is not None else None
    if reply is None:
        return None
    accepted = reply.child("accepted")
    if accepted is not None:
        stat = accepted.child("accept_stat")
        if stat is None or stat.value in (None, 0):
            return None
        return Outcome(stat.label + _versions(accepted), True)
    denied = reply.child("denied")
    if denied is None:
        return None
    stat = denied.child("reject_stat")
    if stat is None or stat.value is None:
        return None
    auth = denied.child("auth_stat")
    why = auth.label if auth is not None else stat.label + _versions(denied)
    return Outcome(f"denied: {why}", True)


def _versions(parent: Field) -> str:
    """' (versions 2-3)' from a mismatch_info, or ''."""
    info = parent.child("mismatch_info")
    low, high = (info.child(n) if info is not None else None for n in ("low", "high"))
    if low is None or high is None or low.value is None or high.value is None:
        return ""
    return f" (versions {low.value}-{high.value})"


def rpc_info(message: Message, decoded: DecodedMessage) -> Outcome:
    """The program's own info (``Program.info``) when it has one; else program and
    procedure, as the message list's info for RPC of a program no protocol module
    knows more about. A reply the RPC layer refused says why instead."""
    failed = reply_outcome(decoded)
    if failed is not None:
        return failed
    params = message.params
    prog = params.get("prog")  # with vers and proc, or none of them
    if prog is None:
        xid = params.get("xid")
        return Outcome(f"xid {xid:#010x}" if xid is not None else "")
    learned = learned_programs(message.conversation)
    program = program_of(prog, learned)
    if program is not None and program.info is not None:
        return program.info(message, decoded)
    return Outcome(call_name(prog, params["vers"], params["proc"], learned))


# -- response-time statistics (Registration.stat_entries) ------------------------------------


# (prog, vers, proc) -> (the program it was made for, the row's key, an exchange's entry
# in it without an error): every call of a procedure counts under one StatKey, made once
# (statistics ask for it of every call); an entry holds while the lookup finds the same
# program, as _NAMES's do
_STAT_KEYS: dict[tuple[int, int, int], tuple[Program | None, StatKey, StatEntry]] = {}


def _stat_row(call: Message) -> tuple[StatKey, StatEntry] | None:
    """(``stat_key(call)``, the entry of an exchange without error in that row)."""
    params = call.params
    prog = params.get("prog")
    if prog is None:
        return None
    vers, proc = params["vers"], params["proc"]
    program = PROGRAMS.get(prog)
    if program is None:  # not in the table: one this input learned, or none
        program = program_of(prog, learned_programs(call.conversation))
    found = _STAT_KEYS.get((prog, vers, proc))
    if found is None or found[0] is not program:
        procedure = program.versions.get(vers, {}).get(proc) if program is not None else None
        key = StatKey(prog, vers, proc, procedure.name if procedure is not None else f"proc-{proc}")
        found = _STAT_KEYS[(prog, vers, proc)] = (program, key, StatEntry(key))
    return found[1], found[2]


def stat_key(call: Message) -> StatKey | None:
    """The statistics row of a call: program, version, procedure number and name (a
    procedure the table does not know is 'proc-N', as Wireshark names it); None for a
    call too short to say."""
    row = _stat_row(call)
    return row[0] if row is not None else None


# (reply, its bytes, where its results start) -> (failed, error name), or None when only
# the decoded tree can say: a program's cheap look at a successful reply's first words
ResultsPeek = Callable[[Message, bytes, int], tuple[bool, str | None] | None]


def results_start(reply: Message) -> int | None:
    """Where a reply's results start in its bytes, from the header's words alone, for a
    whole one-fragment reply the RPC layer accepted with SUCCESS; None for any other
    (several fragments, bytes not captured, denied, another accept_stat): then the
    decoded tree says what happened."""
    params = reply.params
    data = reply.data
    if "fragments" in params or reply.missing or len(data) < 28:
        return None
    reply_stat, _, verf_length = _REPLY_WORDS.unpack_from(data, 12)
    if reply_stat != 0 or verf_length > MAX_AUTH_BYTES:  # MSG_DENIED, or no verifier at all
        return None
    at: int = 24 + (verf_length + 3) // 4 * 4
    if len(data) < at + 4 or _U32.unpack_from(data, at)[0] != 0:  # accept_stat other than SUCCESS
        return None
    return at + 4


def rpc_stats(
    error_of: Callable[[DecodedMessage], str | None] | None = None, peek: ResultsPeek | None = None
) -> Callable[[Message], list[StatEntry]]:
    """The ``stat_entries`` hook every RPC protocol shares: one row per (program,
    version, procedure); a reply failed when the RPC layer refused the call or the
    program's info says it failed, the error named by ``error_of(reply's tree)``, else
    by the RPC layer's refusal (e.g. 'PROC_UNAVAIL'). ``peek`` may answer from a
    successful reply's first words without decoding it (--stats over a large capture
    would otherwise decode every reply); it must agree with the decoded answer."""
    by_name = named_stats()

    def entries(call: Message) -> list[StatEntry]:
        row = _stat_row(call)
        if row is None:
            return by_name(call)
        key, fine = row
        reply = call.first_reply
        if reply is None:
            return [fine]
        if peek is not None:
            at = results_start(reply)
            peeked = peek(reply, reply.data, at) if at is not None else None
            if peeked is not None:
                return [StatEntry(key, *peeked) if peeked != (False, None) else fine]
        decoded = reply.decode_transient()
        if not decoded.outcome.failed:
            return [fine]
        refused = reply_outcome(decoded)
        if refused is not None:
            return [StatEntry(key, True, refused.info)]
        return [StatEntry(key, True, error_of(decoded) if error_of is not None else None)]

    return entries


# -- the columnar export (Registration.export_columns) ------------------------------------

# (message, its decoded tree) -> the program's own columns of an accepted message
ColumnsOf = Callable[[Message, DecodedMessage], ExportColumns]


def refusal_status(decoded: DecodedMessage) -> tuple[int | None, str] | None:
    """A reply the RPC layer refused, as (accept_stat number or None when denied, the
    words ``reply_outcome`` says: 'PROC_UNAVAIL', 'denied: AUTH_BADCRED'); None for
    any other message."""
    refused = reply_outcome(decoded)
    if refused is None:
        return None
    rpc = decoded.top("rpc")
    reply = rpc.child("reply") if rpc is not None else None
    accepted = reply.child("accepted") if reply is not None else None
    stat = accepted.child("accept_stat") if accepted is not None else None
    number = stat.value if stat is not None and isinstance(stat.value, int) else None
    return number, refused.info


def rpc_columns(program_columns: ColumnsOf | None = None) -> ColumnsOf:
    """The ``export_columns`` hook every RPC protocol shares: the xid, the program,
    version and procedure (number and name, on a reply from its call, as ``stat_key``
    names the statistics row), a refused reply's accept_stat; then, for a message the
    RPC layer did not refuse, the program's own columns (``program_columns``)."""

    def columns(message: Message, decoded: DecodedMessage) -> ExportColumns:
        out: ExportColumns = {}
        params = message.params
        xid = params.get("xid")
        if xid is not None:
            out["xid"] = xid
        key = stat_key(message)
        if key is not None and isinstance(key.procedure, int) and key.program is not None and key.version is not None:
            out.update({"program": key.program, "version": key.version, "procedure": key.procedure, "procedure_name": key.name})
        else:  # a call too short to say, or a reply without its call: named as rpc_stats names its row
            out.update(request_columns(message, decoded))
        refused = refusal_status(decoded)
        if refused is not None:
            number, name = refused
            if number is not None:
                out["status"] = number
            out["status_name"] = name
        elif program_columns is not None:
            out.update(program_columns(message, decoded))
        return out

    return columns


def heuristic_for(programs: Set[int]) -> Callable[[bytes], Verdict | None]:
    """A heuristic that claims streams whose first record is a call to one of ``programs``."""

    def heuristic(data: bytes) -> Verdict | None:
        if not plausible_record_start(data[:16]) or len(data) < 20:
            return None
        if _u32(data, 8) == CALL and _u32(data, 16) in programs:
            return Verdict(sender_is_client=True, confidence=90)
        return None

    return heuristic


def rpc_registration(
    name: str,
    description: str,
    programs: Iterable[int],
    ports: tuple[int, ...] = (),
    colours: dict[str, str] | None = None,
    summary_fields: dict[str, tuple[str, ...]] | None = None,
    info: Callable[[Message, DecodedMessage], Outcome] | None = None,
    framer: Callable[..., StreamFramer] | None = None,
    decode: Callable[[Message], DecodedMessage] | None = None,
    stat_entries: Callable[[Message], list[StatEntry]] | None = None,
    export_columns: ColumnsOf | None = None,
    labels: Labeller | None = None,
    views: tuple[CrossView, ...] = (),
    teaches: bool | Callable[[Conversation], bool] = False,
) -> Registration:
    """The registration of a protocol carried by ONC RPC ``programs``: record-marked
    framing paired by xid, the RPC decode (header, then each program's bodies), the
    heuristic that claims a conversation opening with a call to one of them, and the
    RPC header's colours under the protocol's own; ``info`` defaults to ``rpc_info``,
    ``stat_entries`` to ``rpc_stats()``, ``export_columns`` to ``rpc_columns()``;
    ``teaches``: see Registration."""
    return Registration(
        name=name,
        description=description,
        ports=ports,
        framer=framer or RpcFramer,
        decode=decode or decode_rpc,
        heuristic=heuristic_for(set(programs)),
        colours={**RPC_COLOURS, **(colours or {})},
        summary_fields=summary_fields or {},
        info=info or rpc_info,
        stat_entries=stat_entries or rpc_stats(),
        export_columns=export_columns or rpc_columns(),
        labels=labels,
        views=views,
        teaches=teaches,
    )


__all__ = [
    "Procedure",
    "Program",
    "PROGRAMS",
    "RpcFramer",
    "decode_rpc",
    "fragments_of",
    "heuristic_for",
    "learn_program",
    "learned_programs",
    "lookup",
    "program_of",
    "register_program",
    "reply_outcome",
    "rpc_columns",
    "rpc_info",
    "results_start",
    "rpc_stats",
    "stat_key",
]
