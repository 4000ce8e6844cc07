"""NBD (Network Block Device): registration, framing and request/reply pairing.

Field layouts live in ``ksy/nbd/``; this module only decides where each message
starts and ends and which spec parses it. NBD messages mostly begin with a magic, so
framing follows the magics; the state kept per conversation is what a magic cannot
tell: whether the 124 zero bytes follow an EXPORT_NAME reply, how long the data after
a simple READ reply is (the request said so), which metadata context a BLOCK_STATUS
id names, and whether TLS took over.
"""

from __future__ import annotations

import struct
from enum import IntEnum
from typing import Any

from ..compiled import (
    nbd_client_flags,
    nbd_common,
    nbd_export_name_reply,
    nbd_greeting,
    nbd_option,
    nbd_option_reply,
    nbd_reply_chunk,
    nbd_request,
    nbd_simple_reply,
)
from ..decode.fields import DecodedMessage, Field, Outcome
from ..decode.finish import decode_message
from ..messages import Message
from ..tcp.stream_events import Conversation
from .context import DecodeContext
from .errno_names import errno_name
from .framing import Cut, DirectionBuffer, StreamFramer, Unframeable
from .info_text import flag_names, labelled, shown, value, words
from .labels import Labeller
from .registry import ExportColumns, Registration, Verdict, named_stats, request_columns

NBDMAGIC = 0x4E42444D41474943
IHAVEOPT = 0x49484156454F5054
CLISERV_MAGIC = 0x00420281861253
OPTION_REPLY_MAGIC = 0x0003E889045565A9
REQUEST_MAGIC = 0x25609513
EXTENDED_REQUEST_MAGIC = 0x21E41C71
SIMPLE_REPLY_MAGIC = 0x67446698
STRUCTURED_REPLY_MAGIC = 0x668E33EF
EXTENDED_REPLY_MAGIC = 0x6E8A278C

OPT_EXPORT_NAME, OPT_ABORT, OPT_LIST, OPT_STARTTLS, OPT_INFO, OPT_GO = 1, 2, 3, 5, 6, 7
OPT_LIST_META_CONTEXT, OPT_SET_META_CONTEXT = 9, 10
REP_ACK, REP_SERVER, REP_INFO, REP_META_CONTEXT = 1, 2, 3, 4
CMD_READ, CMD_WRITE, CMD_DISC, CMD_BLOCK_STATUS = 0, 1, 2, 7
CMD_FLAG_PAYLOAD_LEN = 1 << 5
REPLY_FLAG_DONE = 1
HANDSHAKE_NO_ZEROES, CLIENT_NO_ZEROES = 2, 2

# A length beyond this is taken as damage, not as a message to wait for.
MAX_PAYLOAD = 64 * 1024 * 1024

_C = nbd_common.NbdCommon
_IHAVEOPT_BYTES = struct.pack(">Q", IHAVEOPT)


def _label(enum_cls: type[IntEnum], value: int, unknown: str = "UNKNOWN") -> str:
    try:
        return enum_cls(value).name.upper()
    except ValueError:
        return f"{unknown}({value:#x})"


def _captured_text(message: Message, start: int) -> str:
    """The message's text from ``start`` to its end, as far as it was captured: a name
    cut by a snaplen ends in '…', never in the placeholders of the bytes not captured."""
    end = min((s.start for s in message.missing if s.end > start), default=message.length)
    text = message.data[start : max(start, end)].decode("utf-8", "replace")
    return text if end >= message.length else text + "…"


def _u32(b: bytes, at: int) -> int:
    number: int = struct.unpack_from(">I", b, at)[0]
    return number


def _u64(b: bytes, at: int) -> int:
    number: int = struct.unpack_from(">Q", b, at)[0]
    return number


def _meta_context_request_fits(data: bytes) -> bool:
    """True if option 9/10 data has the standard layout: export name + list of queries."""
    if len(data) < 8:
        return False
    pos = 4 + _u32(data, 0)
    if pos + 4 > len(data):
        return False
    count = _u32(data, pos)
    pos += 4
    for _ in range(count):
        if pos + 4 > len(data):
            return False
        pos += 4 + _u32(data, pos)
    return pos == len(data)


def _status_format(context_name: str | None) -> int:
    if context_name == "base:allocation":
        return 1
    if context_name and context_name.startswith("qemu:dirty-bitmap:"):
        return 2
    if context_name == "qemu:allocation-depth":
        return 3
    return 0


class NbdFramer(StreamFramer):
    magics = {
        "c2s": (struct.pack(">Q", IHAVEOPT), struct.pack(">I", REQUEST_MAGIC), struct.pack(">I", EXTENDED_REQUEST_MAGIC)),
        "s2c": (
            struct.pack(">Q", NBDMAGIC),
            struct.pack(">Q", OPTION_REPLY_MAGIC),
            struct.pack(">I", SIMPLE_REPLY_MAGIC),
            struct.pack(">I", STRUCTURED_REPLY_MAGIC),
            struct.pack(">I", EXTENDED_REPLY_MAGIC),
        ),
    }

    def __init__(self, conversation: Conversation) -> None:
        super().__init__(conversation)
        self.server_no_zeroes = False
        self.newstyle_seen = False
        self.client_no_zeroes = False
        self.export_name_pending = False
        self.tls = False
        self.draft_alloc_context = False  # seed 004's option 10 layout was seen
        self.options: list[Message] = []  # option requests still waiting for their final reply
        self.cookies: dict[int, Message] = {}  # transmission requests waiting for replies
        self.contexts: dict[int, str] = {}  # metadata context id -> name

    # -- framing -------------------------------------------------------------------
    def cut(self, direction: str, buf: DirectionBuffer) -> Cut | None:
        if self.tls:
            return Cut(len(buf), "tls", "TLS data", {"reason": "encrypted after NBD_OPT_STARTTLS"})
        return self._cut_c2s(buf) if direction == "c2s" else self._cut_s2c(buf)

    def _cut_c2s(self, buf: DirectionBuffer) -> Cut | None:
        if len(buf) < 4:
            return None
        head = buf.peek(8)
        magic32 = _u32(head, 0)
        if magic32 in (REQUEST_MAGIC, EXTENDED_REQUEST_MAGIC):
            return self._cut_request(buf, magic32 == EXTENDED_REQUEST_MAGIC)
        if len(buf) >= 8 and _u64(head, 0) == IHAVEOPT:
            return self._cut_option(buf)
        if buf.base == 0 and (self.newstyle_seen or (len(buf) >= 12 and buf.peek(8, 4) == _IHAVEOPT_BYTES)):
            # the client's first 4 bytes after a newstyle greeting
            flags = magic32
            self.client_no_zeroes = bool(flags & CLIENT_NO_ZEROES)
            return Cut(4, "client_flags", "Client flags")
        if len(buf) < 12 and buf.base == 0 and not self.newstyle_seen:
            return None  # maybe client flags, then IHAVEOPT
        if len(buf) < 8 and head == _IHAVEOPT_BYTES[: len(head)]:
            return None
        raise Unframeable("no NBD request or option magic here")

    def _cut_option(self, buf: DirectionBuffer) -> Cut | None:
        if len(buf) < 16:
            return None
        head = buf.peek(16)
        option, length = _u32(head, 8), _u32(head, 12)
        if length > MAX_PAYLOAD:
            return Cut(16, "option", _label(_C.Option, option), {"draft_alloc_context": False}, True, False)
        if len(buf) < 16 + length:
            return Cut(16 + length, "option", _label(_C.Option, option, "NBD_OPT_UNKNOWN"), None, True, True)
        draft = False
        if option == OPT_SET_META_CONTEXT:
            data = buf.peek(length, 16)
            if not _meta_context_request_fits(data) and length >= 4 and _u32(data, 0) in (1, 2, 3):
                draft = self.draft_alloc_context = True
        name = "NBD_OPT_ALLOC_CONTEXT (2016 draft)" if draft else _label(_C.Option, option, "NBD_OPT_UNKNOWN")
        if option == OPT_EXPORT_NAME:
            self.export_name_pending = True
        return Cut(16 + length, "option", name, {"draft_alloc_context": draft}, True, True)

    def _cut_request(self, buf: DirectionBuffer, extended: bool) -> Cut | None:
        size = 32 if extended else 28
        if len(buf) < size:
            return None
        head = buf.peek(size)
        flags, cmd = struct.unpack_from(">HH", head, 4)
        length = _u64(head, 24) if extended else _u32(head, 24)
        carries = cmd == CMD_WRITE or (extended and flags & CMD_FLAG_PAYLOAD_LEN)
        payload = length if carries else 0
        if payload > MAX_PAYLOAD:
            payload = 0  # implausible: frame the header alone, the decoder shows the length
        return Cut(size + payload, "request", _label(_C.Command, cmd, "NBD_CMD_UNKNOWN"), {}, True, cmd != CMD_DISC)

    def _cut_s2c(self, buf: DirectionBuffer) -> Cut | None:
        if self.export_name_pending and not self._starts_with_magic(buf):
            if len(buf) < 10:
                return None
            zeroes = not (self.server_no_zeroes and self.client_no_zeroes)
            return Cut(134 if zeroes else 10, "export_name_reply", "Export name reply", {"has_zeroes": zeroes})
        if len(buf) < 4:
            return None
        head = buf.peek(32)
        magic32 = _u32(head, 0)
        if magic32 == SIMPLE_REPLY_MAGIC:
            return self._cut_simple_reply(buf)
        if magic32 == STRUCTURED_REPLY_MAGIC:
            if len(buf) < 20:
                return None
            return self._cut_chunk(head, 20 + min(_u32(head, 16), MAX_PAYLOAD))
        if magic32 == EXTENDED_REPLY_MAGIC:
            if len(buf) < 32:
                return None
            return self._cut_chunk(head, 32 + min(_u64(head, 24), MAX_PAYLOAD))
        if len(buf) < 8:
            return None
        magic64 = _u64(head, 0)
        if magic64 == NBDMAGIC:
            if len(buf) < 16:
                return None
            if _u64(head, 8) == CLISERV_MAGIC:
                return Cut(152, "greeting", "Greeting (oldstyle)")
            self.newstyle_seen = True
            if len(buf) >= 18:
                self.server_no_zeroes = bool(struct.unpack_from(">H", buf.peek(18), 16)[0] & HANDSHAKE_NO_ZEROES)
            return Cut(18, "greeting", "Greeting (newstyle)")
        if magic64 == OPTION_REPLY_MAGIC:
            if len(buf) < 20:
                return None
            return self._cut_option_reply(buf)
        raise Unframeable("no NBD reply magic here")

    def _starts_with_magic(self, buf: DirectionBuffer) -> bool:
        head = buf.peek(8)
        return len(head) == 8 and _u64(head, 0) in (OPTION_REPLY_MAGIC, NBDMAGIC)

    def _cut_option_reply(self, buf: DirectionBuffer) -> Cut:
        head = buf.peek(20)
        option, reply_type, length = _u32(head, 8), _u32(head, 12), _u32(head, 16)
        draft = self.draft_alloc_context and option == OPT_SET_META_CONTEXT
        if draft and reply_type == REP_META_CONTEXT:
            rname = "NBD_REP_ALLOC_CONTEXT (2016 draft)"
        else:
            rname = _label(_C.ReplyType, reply_type, "NBD_REP_UNKNOWN")
        oname = "NBD_OPT_ALLOC_CONTEXT" if draft else _label(_C.Option, option, "NBD_OPT_UNKNOWN")
        size = 20 + min(length, MAX_PAYLOAD)
        return Cut(size, "option_reply", f"{rname} ({oname})", {"draft_alloc_context": draft})

    def _cut_simple_reply(self, buf: DirectionBuffer) -> Cut | None:
        if len(buf) < 16:
            return None
        head = buf.peek(16)
        error, cookie = _u32(head, 4), _u64(head, 8)
        request = self.cookies.get(cookie)
        data_length = 0
        params: dict[str, str | int] = {}
        if request is None:
            params["reason"] = "its request is not in the capture"
            cmd_name = "request not seen"
        else:
            cmd = request.params.get("command")
            cmd_name = request.name
            if cmd == CMD_READ and error == 0:
                data_length = min(request.params.get("length", 0), MAX_PAYLOAD)
        params["data_length"] = data_length
        return Cut(16 + data_length, "simple_reply", f"Simple reply ({cmd_name})", params)

    def _cut_chunk(self, head: bytes, size: int) -> Cut:
        chunk_type, cookie = struct.unpack_from(">H", head, 6)[0], _u64(head, 8)
        request = self.cookies.get(cookie)
        cname = _label(_C.ChunkType, chunk_type, "NBD_REPLY_TYPE_UNKNOWN")
        rname = request.name if request is not None else "request not seen"
        return Cut(size, "reply_chunk", f"{cname} ({rname})", {"status_format": 0})  # set from the context id in paired()

    # -- pairing -------------------------------------------------------------------
    def paired(self, message: Message) -> None:
        kind = message.kind
        data = message.data
        if kind == "option":
            if len(data) >= 16:
                message.params["option"] = _u32(data, 8)
            if message.expects_reply:
                self.options.append(message)
        elif kind == "option_reply" and len(data) >= 20:
            self._pair_option_reply(message, _u32(data, 8), _u32(data, 12))
        elif kind == "export_name_reply":
            self.export_name_pending = False
            request = self._pop_option(OPT_EXPORT_NAME)
            if request is not None:
                message.link(request)
        elif kind == "request" and len(data) >= 28:
            extended = _u32(data, 0) == EXTENDED_REQUEST_MAGIC
            cmd, cookie = struct.unpack_from(">H", data, 6)[0], _u64(data, 8)
            length = _u64(data, 24) if extended and len(data) >= 32 else _u32(data, 24)
            offset = _u64(data, 16)
            message.params.update(command=cmd, cookie=cookie, offset=offset, length=length)
            if cmd != CMD_DISC:
                self.cookies[cookie] = message
        elif kind == "simple_reply" and len(data) >= 16:
            request = self.cookies.pop(_u64(data, 8), None)
            if request is not None:
                message.link(request)
        elif kind == "reply_chunk" and len(data) >= 20:
            self._pair_chunk(message)

    def _pair_option_reply(self, message: Message, option: int, reply_type: int) -> None:
        final = reply_type == REP_ACK or reply_type & 0x80000000
        request = self._pop_option(option) if final else self._peek_option(option)
        if request is not None:
            message.link(request)
        if reply_type == REP_META_CONTEXT and option == OPT_SET_META_CONTEXT and len(message.data) >= 24:
            context_id = _u32(message.data, 20)
            self.contexts[context_id] = _captured_text(message, 24)
        if reply_type == REP_ACK and option == OPT_GO:
            self.export_name_pending = False
        if reply_type == REP_ACK and option == OPT_STARTTLS:
            self.tls = True

    def _peek_option(self, option: int) -> Message | None:
        return next((m for m in self.options if m.params.get("option") == option), None)

    def _pop_option(self, option: int) -> Message | None:
        request = self._peek_option(option)
        if request is not None:
            self.options.remove(request)
        return request

    def _pair_chunk(self, message: Message) -> None:
        data = message.data
        extended = _u32(data, 0) == EXTENDED_REPLY_MAGIC
        flags, chunk_type, cookie = struct.unpack_from(">HHQ", data, 4)
        header = 32 if extended else 20
        if chunk_type in (5, 6) and len(data) >= header + 4:
            name = self.contexts.get(_u32(data, header))
            message.params["status_format"] = _status_format(name)
            if name:
                message.params["context_name"] = name
        done = flags & REPLY_FLAG_DONE
        request = self.cookies.pop(cookie, None) if done else self.cookies.get(cookie)
        if request is not None:
            message.link(request)

    def after_break(self, direction: str) -> None:
        self.export_name_pending = False


# -- decoding ----------------------------------------------------------------------

PARSERS = {
    "greeting": (nbd_greeting.NbdGreeting, ()),
    "client_flags": (nbd_client_flags.NbdClientFlags, ()),
    "option": (nbd_option.NbdOption, ("draft_alloc_context",)),
    "option_reply": (nbd_option_reply.NbdOptionReply, ("draft_alloc_context",)),
    "export_name_reply": (nbd_export_name_reply.NbdExportNameReply, ("has_zeroes",)),
    "request": (nbd_request.NbdRequest, ()),
    "simple_reply": (nbd_simple_reply.NbdSimpleReply, ("data_length",)),
    "reply_chunk": (nbd_reply_chunk.NbdReplyChunk, ("status_format",)),
}


def decode(message: Message) -> DecodedMessage:
    parser, names = PARSERS.get(message.kind, (None, ()))
    params = {n: message.params.get(n, 0 if n != "draft_alloc_context" else False) for n in names}
    return decode_message(message, parser, params)


# -- what happened, for the message list ------------------------------------------------


def _range(offset: int | None, length: int | None) -> str:
    return f"offset {offset} length {length}" if offset is not None and length is not None else ""


def _top_value(top: dict[str, Field], name: str) -> Any:
    f = top.get(name)
    return f.value if f is not None else None


def _message(parent: Field | None) -> str:
    """An error's optional human message, quoted; '' when there is none."""
    return shown(parent, "message") if value(parent, "message") else ""


def _request_info(message: Message, top: dict[str, Field]) -> Outcome:
    if message.params.get("command") == CMD_DISC:
        return Outcome("")
    offset, length = _top_value(top, "offset"), _top_value(top, "length")
    return Outcome(words(_range(offset, length), flag_names(top.get("flags"))))


def _asked(message: Message) -> str:
    """The request's range, for a reply: what it answers."""
    request = message.pair
    if request is None or request.params.get("command") == CMD_DISC:
        return ""
    return _range(request.params.get("offset"), request.params.get("length"))


def _chunk_info(message: Message, top: dict[str, Field]) -> Outcome:
    payload = top.get("payload")
    kind = _top_value(top, "type")
    if kind is not None and kind & 0x8000:  # an error chunk
        error = payload.child("error") if payload is not None else None
        at = value(payload, "offset")
        text = words(error.label if error is not None else "error", labelled("at offset", at), _message(payload))
        return Outcome(text, True)
    if kind == 1 and payload is not None:  # OFFSET_DATA
        data = payload.child("data")
        return Outcome(_range(value(payload, "offset"), data.end - data.start if data is not None else None))
    if kind == 2:  # OFFSET_HOLE
        return Outcome(words("hole", _range(value(payload, "offset"), value(payload, "hole_size"))))
    if kind in (5, 6) and payload is not None:  # BLOCK_STATUS(_EXT)
        extents = payload.child("descriptors")
        count = len(extents.children) if extents is not None else 0
        context = message.params.get("context_name")
        return Outcome(words(repr(context) if context else "", f"{count} extent{'s' if count != 1 else ''}"))
    return Outcome(_asked(message))


def _option_info(top: dict[str, Field]) -> Outcome:
    data = top.get("data")
    if data is None:
        return Outcome("")
    name = data.child("name") or data.child("export_name")
    export = f"export {name.show}" if name is not None and name.value is not None else ""
    queries = data.child("queries")
    asked = [query.show for q in queries.children if (query := q.child("query")) is not None] if queries is not None else []
    return Outcome(words(export, " ".join(asked)))


def _option_reply_info(top: dict[str, Field]) -> Outcome:
    reply_type = _top_value(top, "reply_type")
    data = top.get("data")
    if reply_type is not None and reply_type & 0x80000000:  # NBD_REP_ERR_*
        return Outcome(words(top["reply_type"].label, _message(data)), True)
    if data is None:
        return Outcome("")
    if reply_type == REP_SERVER:
        return Outcome(words("export", shown(data, "name"), shown(data, "details")))
    if reply_type == REP_META_CONTEXT:
        return Outcome(words(labelled("context", value(data, "context_id")), shown(data, "context_name")))
    if reply_type == REP_INFO:
        info_type = value(data, "info_type")
        if info_type == 0:
            flags = value(data, "transmission_flags")
            return Outcome(
                words(labelled("size", value(data, "export_size")), labelled("flags", None if flags is None else f"{flags:#06x}"))
            )
        if info_type == 3:
            sizes = [value(data, n) for n in ("minimum_block_size", "preferred_block_size", "maximum_payload_size")]
            return Outcome("block sizes " + "/".join("?" if v is None else str(v) for v in sizes))
        for name in ("name", "description"):
            if data.child(name) is not None:
                return Outcome(words(name, shown(data, name)))
    return Outcome("")


def info(message: Message, decoded: DecodedMessage) -> Outcome:
    """Offset and length of a transmission request (and, on its reply, of what it
    asked); the error name of a failed reply or chunk; the export, queries, contexts
    and export facts of the handshake's options and replies."""
    top = {f.name: f for f in decoded.fields}
    kind = message.kind
    if kind == "request":
        return _request_info(message, top)
    if kind == "simple_reply":
        error = top.get("error")
        if error is not None and error.value:
            return Outcome(words(error.label, _asked(message)), True)
        return Outcome(_asked(message))
    if kind == "reply_chunk":
        return _chunk_info(message, top)
    if kind == "option":
        return _option_info(top)
    if kind == "option_reply":
        return _option_reply_info(top)
    if kind in ("greeting", "client_flags"):
        flags = top.get("handshake_flags") or top.get("client_flags")
        return Outcome(words(labelled("size", _top_value(top, "export_size")), flag_names(flags)))
    if kind == "export_name_reply":
        return Outcome(labelled("size", _top_value(top, "export_size")))
    return Outcome("")


REP_ERROR_BIT = 0x80000000  # an option reply type with bit 31 set is an error (NBD_REP_ERR_*)


def export_columns(message: Message, decoded: DecodedMessage) -> ExportColumns:
    """The export's NBD columns: the command or option a message belongs to, a failed
    transmission reply's error (its values are Linux errno numbers, NBD_EIO = EIO = 5)
    and an option reply's error type (NBD_REP_ERR_UNSUP)."""
    out = request_columns(message, decoded)
    for f in decoded.walk():
        if not isinstance(f.value, int):
            continue
        if f.name == "error" and f.value:
            out["errno"] = f.value
            name = errno_name(f.value)
            if name:
                out["errno_name"] = name
            break
        if f.name == "reply_type" and message.kind == "option_reply" and f.value & REP_ERROR_BIT:
            out["status"] = f.value
            out["status_name"] = f.label
            break
    return out


# -- names on streams (hexview.protocols.labels) -------------------------------------------

EXPORT_OPTIONS = ("NBD_OPT_GO", "NBD_OPT_EXPORT_NAME")  # the options that choose the export served
HANDSHAKE_KINDS = ("greeting", "client_flags", "option", "option_reply", "export_name_reply")


def _teaches(message: Message) -> bool:
    """The options that name the export, NBD_OPT_LIST, and each side's first message
    (a transmission message there means the handshake was not captured)."""
    return message.offset == 0 or message.name in EXPORT_OPTIONS or message.name == "NBD_OPT_LIST"


def _learn(message: Message, context: DecodeContext) -> None:
    labels, conversation = context.labels, message.conversation
    if message.name in EXPORT_OPTIONS:
        data = message.decode_transient().top("data")
        name = data.child("name") or data.child("export_name") if data is not None else None
        if name is not None and isinstance(name.value, str):
            labels.name_conversation(conversation, f"export {name.show}" if name.value else "default export ''")
    elif message.name == "NBD_OPT_LIST":
        if labels.conversation_label(conversation) is None:
            labels.name_conversation(conversation, "export list")
    elif message.kind not in HANDSHAKE_KINDS:
        labels.not_captured(conversation)


def heuristic(data: bytes) -> Verdict | None:
    """Recognise NBD by the magic that opens either side's bytes."""
    if len(data) >= 8:
        magic64 = _u64(data, 0)
        if magic64 in (NBDMAGIC, OPTION_REPLY_MAGIC):
            return Verdict(sender_is_client=False)
        if magic64 == IHAVEOPT:
            return Verdict(sender_is_client=True)
    if len(data) >= 4:
        magic32 = _u32(data, 0)
        if magic32 in (REQUEST_MAGIC, EXTENDED_REQUEST_MAGIC):
            return Verdict(sender_is_client=True, confidence=80)
        if magic32 in (SIMPLE_REPLY_MAGIC, STRUCTURED_REPLY_MAGIC, EXTENDED_REPLY_MAGIC):
            return Verdict(sender_is_client=False, confidence=80)
    return None


REGISTRATION = Registration(
    name="NBD",
    description="Network Block Device (NetworkBlockDevice/nbd doc/proto.md)",
    ports=(10809,),
    framer=NbdFramer,
    decode=decode,
    heuristic=heuristic,
    colours={
        "protocol": "bright_cyan",
        "default": "white",
        "magic": "grey",
        "second_magic": "grey",
        "option": "bright_green",
        "reply_type": "bright_green",
        "type": "bright_green",
        "info_type": "green",
        "flags": "bright_blue",
        "handshake_flags": "bright_blue",
        "transmission_flags": "bright_blue",
        "client_flags": "bright_blue",
        "cookie": "magenta",
        "offset": "cyan",
        "length": "yellow",
        "export_size": "yellow",
        "data": "white",
        "error": "bright_red",
        "message": "red",
        "context_id": "bright_magenta",
        "descriptors": "bright_yellow",
        "name": "bright_white",
        "export_name": "bright_white",
        "queries": "bright_white",
    },
    summary_fields={
        "request": ("cookie", "offset", "length"),
        "simple_reply": ("error", "cookie"),
        "reply_chunk": ("cookie", "offset", "length"),
        "option": ("length",),
        "option_reply": ("length",),
        "export_name_reply": ("export_size",),
        "greeting": ("handshake_flags",),
        "client_flags": ("client_flags",),
    },
    info=info,
    stat_entries=named_stats("error", "reply_type"),
    export_columns=export_columns,
    labels=Labeller(_teaches, _learn),
)
