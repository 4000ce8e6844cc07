"""OCFS2 o2net + o2dlm (and ocfs2-1.2 FS votes): registration, framing, pairing.

Field layouts live in ``ksy/ocfs2/``. Each side of an o2net connection first sends a
handshake without header (16 bytes before protocol version 5, 32 from v5 on), then
messages of a 24-byte big-endian header plus ``data_len`` payload bytes. A request
(0xfa55) is answered by a status message (0xfa56) from the other side that echoes
``msg_type``, ``key`` and ``msg_num``; keepalives (0xfa57/0xfa58) are headers alone.

Where ocfs2 releases differ (query-join request 100 vs 104 bytes, query-join answer
a plain int vs packed bytes, FS votes only in 1.2) the conversation's variant is
learned from the bytes (the query-join request's data_len, an FS vote, the
handshake's protocol version, the answer's shape) unless the option ``ocfs2.version``
forces it (``VERSION_OPTION``: ``--option ocfs2.version=1.2``, or Decode As in the
view; read as ``conversation.options["ocfs2.version"]``); every message's tree says
which variant was used and why.
"""

from __future__ import annotations

import struct
from typing import cast

from ..compiled import ocfs2_o2net_handshake, ocfs2_o2net_message
from ..decode.fields import DecodedMessage, Field, Outcome
from ..decode.finish import decode_message, finish
from ..decode.kaitai_tree import decode_with, enum_label
from ..messages import Message
from ..packets import Span
from ..tcp.stream_events import Conversation
from . import ocfs2_lockname
from .framing import Cut, DirectionBuffer, StreamFramer, Unframeable
from .info_text import labelled, text, value, words
from .ocfs2_locks import LOCKS
from .registry import ProtocolOption, Registration, Verdict, named_stats

HEADER = 24
MAX_PAYLOAD = 4096 - HEADER  # NET_MAX_PAYLOAD_BYTES
REQUEST, RESPONSE, KEEP_REQ, KEEP_RESP = 0xFA55, 0xFA56, 0xFA57, 0xFA58
MAGICS = (REQUEST, RESPONSE, KEEP_REQ, KEEP_RESP)
FS_VOTE, FS_RESPONSE = 1, 2
QUERY_JOIN, MASTER_REQUEST = 510, 500
V12, V14 = 12, 14  # the ksy's variant parameter
VARIANT_NAMES = {V12: "ocfs2-1.2", V14: "ocfs2-1.4"}
FORCED = {"1.2": V12, "1.4": V14}
VERSION_OPTION = ProtocolOption(
    "version",
    ("auto", *FORCED),
    "auto",
    "message layouts where releases differ (query join, FS votes): auto = pick from the bytes; "
    "1.4 also covers Linux 2.6.30 and later",
)
VERSION_KEY = "ocfs2.version"  # how conversation.options names it
FORCED_REASON = f"forced by option {VERSION_KEY}"
PENDING_KEPT = 4096  # requests remembered per direction while waiting for their status

_MT = ocfs2_o2net_message.Ocfs2O2netMessage.MsgType
KNOWN_TYPES = frozenset(int(t) for t in _MT if int(t) != 0)
# message types whose payload or status differs between releases
VARIANT_TYPES = (FS_VOTE, FS_RESPONSE, QUERY_JOIN)


def type_label(msg_type: int) -> str:
    """Seed 000's words, e.g. 'Convert Lock (504)'."""
    try:
        return f"{enum_label(_MT(msg_type))} ({msg_type})"
    except ValueError:
        return f"Unknown type ({msg_type})"


def _header(head: bytes) -> tuple[int, int, int, int, int, int, int]:
    """(magic, data_len, msg_type, sys_status, status, key, msg_num)."""
    magic, data_len, msg_type, _pad, sys_status, status, key, num = struct.unpack_from(">HHHHIiII", head)
    return magic, data_len, msg_type, sys_status, status, key, num


def plausible_header(head: bytes) -> bool:
    """A known magic, a payload that fits, and a type o2net uses (keepalives: no payload)."""
    if len(head) < 6:
        return False
    magic, data_len, msg_type = cast("tuple[int, int, int]", struct.unpack_from(">HHH", head))
    if magic in (KEEP_REQ, KEEP_RESP):
        return data_len == 0
    if magic == RESPONSE:
        return data_len == 0 and msg_type in KNOWN_TYPES
    return magic == REQUEST and data_len <= MAX_PAYLOAD and msg_type in KNOWN_TYPES


def handshake_version(head: bytes) -> int | None:
    """The protocol version if ``head`` looks like an o2net handshake (sane small version)."""
    if len(head) < 8:
        return None
    version = struct.unpack_from(">Q", head)[0]
    return version if 1 <= version <= 64 else None


class Ocfs2Framer(StreamFramer):
    magics = {d: tuple(struct.pack(">H", m) for m in MAGICS) for d in ("c2s", "s2c")}

    def __init__(self, conversation: Conversation) -> None:
        super().__init__(conversation)
        forced = (getattr(conversation, "options", None) or {}).get(VERSION_KEY, VERSION_OPTION.default)
        self.forced = FORCED.get(forced)
        self.variant: int | None = self.forced
        self.variant_reason = FORCED_REASON if self.forced else ""
        self.strong = self.forced is not None  # learned from a layout, not a hint
        self.handshake_due = {"c2s": True, "s2c": True}
        self.pending: dict[str, dict[tuple[int, int, int], list[Message]]] = {"c2s": {}, "s2c": {}}
        self.keepalives: dict[str, list[Message]] = {"c2s": [], "s2c": []}

    # -- variant ---------------------------------------------------------------------
    def _learn(self, variant: int, reason: str, strong: bool) -> None:
        if self.forced is None and (strong or not self.strong):
            self.variant, self.variant_reason = variant, reason
            self.strong = self.strong or strong

    def _variant_for(self, magic: int, data_len: int, msg_type: int, status: int) -> tuple[int | None, str]:
        """The layouts this message is decoded with and why (None: it is the same in all)."""
        if self.forced is not None:
            return self.forced, FORCED_REASON
        if magic == REQUEST and msg_type == QUERY_JOIN and data_len in (100, 104):
            self._learn(V12 if data_len == 100 else V14, f"query join data_len {data_len}", True)
            return self.variant, f"data_len {data_len}"
        if magic == REQUEST and msg_type in (FS_VOTE, FS_RESPONSE):
            self._learn(V12, "FS vote messages (ocfs2-1.2 only)", True)
            return V12, "FS vote messages exist only in ocfs2-1.2"
        if magic == RESPONSE and msg_type == QUERY_JOIN:
            if self.strong:
                return self.variant, self.variant_reason
            code, low = (status >> 24) & 0xFF, status & 0xFF
            if status >= 0x01000000 and code <= 3 and low == 0:
                return V14, f"status {status:#010x} is a packed {{code, dlm_minor, fs_minor}}"
            if status in (1, 2):
                return V12, f"status {status} is a plain int"
            if self.variant is not None:
                return self.variant, self.variant_reason
            return V14, "status 0 reads the same in both layouts; assumed ocfs2-1.4"
        if msg_type in VARIANT_TYPES:
            return (self.variant or V14), (self.variant_reason or "not learned from the bytes; assumed ocfs2-1.4")
        return None, "same layout in ocfs2-1.2, 1.4 and 2.6.30"

    # -- framing ---------------------------------------------------------------------
    def cut(self, direction: str, buf: DirectionBuffer) -> Cut | None:
        if self.handshake_due[direction]:
            if buf.base != 0:  # the capture starts mid-stream: no handshake to see
                self.handshake_due[direction] = False
            else:
                head = buf.peek(HEADER)
                if len(head) < 8:
                    return None
                version = handshake_version(head)
                if version is not None:
                    self.handshake_due[direction] = False
                    return self._cut_handshake(version)
                self.handshake_due[direction] = False
        if len(buf) < HEADER:
            head = buf.peek(6)
            if len(head) >= 2 and struct.unpack_from(">H", head)[0] not in MAGICS:
                raise Unframeable("no o2net message magic (0xfa55-0xfa58) here")
            return None
        magic, data_len, msg_type, _sys, status, key, num = _header(buf.peek(HEADER))
        if magic not in MAGICS:
            raise Unframeable("no o2net message magic (0xfa55-0xfa58) here")
        params: dict[str, str | int] = {"msg_type": msg_type}
        length = HEADER + data_len
        if data_len > MAX_PAYLOAD:
            params["problem"] = f"data_len {data_len} exceeds the o2net maximum of {MAX_PAYLOAD}; header framed alone"
            length = HEADER
        variant, why = self._variant_for(magic, data_len, msg_type, status)
        params["variant"] = variant or 0
        params["variant_reason"] = why
        if magic in (KEEP_REQ, KEEP_RESP):
            request = magic == KEEP_REQ
            return Cut(length, "keepalive", "Keepalive request" if request else "Keepalive response", params, request, request)
        if magic == RESPONSE:
            return Cut(length, "response", f"Response: {type_label(msg_type)}", params)
        return Cut(length, "request", type_label(msg_type), params, True, True)

    def _cut_handshake(self, version: int) -> Cut:
        size = 32 if version >= 5 else 16
        if version >= 5:
            self._learn(V14, f"handshake protocol version {version} (>= 5, 32 bytes)", False)
            why = f"protocol version {version} >= 5: 32 bytes with timeouts"
        else:
            self._learn(V12, f"handshake protocol version {version} (< 5, 16 bytes)", False)
            why = f"protocol version {version} < 5: 16 bytes (ocfs2-1.2 era)"
        return Cut(size, "handshake", f"Handshake (protocol version {version})", {"variant_reason": why})

    def resync_position(self, direction: str, buf: DirectionBuffer) -> int:
        """The next plausible header: a magic, a payload that fits and a known type."""
        data = buf.data
        pos = data.find(b"\xfa", 1)
        while pos >= 0:
            if len(data) - pos < 6:
                return pos if buf.ended else -1
            if not buf.gap_in(pos, pos + 6) and plausible_header(bytes(data[pos : pos + 6])):
                return pos
            pos = data.find(b"\xfa", pos + 1)
        return -1

    # -- pairing ---------------------------------------------------------------------
    def paired(self, message: Message) -> None:
        if message.kind not in ("request", "response", "keepalive") or len(message.data) < HEADER:
            return
        magic, _len, msg_type, _sys, _status, key, num = _header(message.data)
        other = "s2c" if message.direction == "c2s" else "c2s"
        if magic == REQUEST:
            waiting = self.pending[message.direction]
            waiting.setdefault((msg_type, key, num), []).append(message)
            if len(waiting) > PENDING_KEPT:
                del waiting[next(iter(waiting))]
        elif magic == RESPONSE:
            requests = self.pending[other].get((msg_type, key, num))
            if requests:
                message.link(requests.pop(0))
                if not requests:
                    del self.pending[other][(msg_type, key, num)]
        elif magic == KEEP_REQ:
            self.keepalives[message.direction] = (self.keepalives[message.direction] + [message])[-PENDING_KEPT:]
        elif magic == KEEP_RESP and self.keepalives[other]:
            message.link(self.keepalives[other].pop(0))


# -- decoding ----------------------------------------------------------------------


def decode(message: Message) -> DecodedMessage:
    if message.kind == "handshake":
        decoded = decode_with(ocfs2_o2net_handshake.Ocfs2O2netHandshake, message.data)
        decoded.fields.append(_variant_field(message))
        return finish(message, decoded)
    if message.kind not in ("request", "response", "keepalive"):
        return decode_message(message, None)
    variant = message.params.get("variant") or V14
    decoded = decode_with(ocfs2_o2net_message.Ocfs2O2netMessage, message.data, {"variant": variant})
    _lift_names_and_status(decoded, message.data)
    decoded.fields.append(_variant_field(message))
    _explain_payload(message, decoded)
    return finish(message, decoded)


def _variant_field(message: Message) -> Field:
    variant = message.params.get("variant", 0)  # 0 or absent (a handshake): the same in all releases
    reason = message.params.get("variant_reason", "")
    name = VARIANT_NAMES.get(variant, "any")
    return Field(
        "variant",
        name,
        f"{name} ({reason})" if reason else name,
        0,
        0,
        doc="Which ocfs2 release's layouts decoded this message, and why.",
    )


LOCK_NAME_FIELDS = ("name", "lockname")  # the DLM payloads' lock resource names (domains are "domain")


def _lift_names_and_status(decoded: DecodedMessage, data: bytes) -> None:
    """Names show their text (namelen bytes) on the 64-byte field, a lock name also
    what OCFS2 built it from (its parts become the text's fields: see ocfs2_lockname);
    a status that the ksy splits into parts still shows the whole number first, as
    Wireshark does."""
    for f in decoded.walk():
        kids = f.children
        if len(kids) == 2 and kids[0].name == "text" and kids[1].name == "padding":
            name = kids[0]
            f.value, f.show = name.value, name.show
            if f.name in LOCK_NAME_FIELDS and name.value is not None:
                lock = ocfs2_lockname.parse(data[name.start : name.end])
                name.children = ocfs2_lockname.fields(lock, name.start)
                if lock.kind != "other":
                    f.show = f"{lock.text!r} ({lock.meaning()})"
        elif f.name == "status" and kids:
            parts = {k.name: k for k in kids}
            if "code" in parts and "dlm_minor" in parts:  # ocfs2-1.4 packed answer
                if all(k.value is not None for k in kids):
                    f.value = (
                        (int(parts["code"].value) << 24)
                        | (parts["dlm_minor"].value << 16)
                        | (parts["fs_minor"].value << 8)
                        | parts["reserved"].value
                    )
                    label = parts["code"].show.rsplit(" (", 1)[0]
                    f.show = f"{f.value} ({label}, dlm_minor {parts['dlm_minor'].value}, fs_minor {parts['fs_minor'].value})"
            elif len(kids) == 1 and kids[0].value is not None:  # plain int with an enum
                f.value, f.show = kids[0].value, kids[0].show


def _explain_payload(message: Message, decoded: DecodedMessage) -> None:
    problem = message.params.get("problem")
    if problem:
        decoded.errors.append(Span(2, 4, f"malformed: {problem}"))
    if len(message.data) < HEADER:
        return
    magic, data_len, msg_type = struct.unpack_from(">HHH", message.data)
    payload = Span(HEADER, min(len(message.data), HEADER + data_len), "")
    if data_len == 0 or payload.end <= payload.start:
        return
    if magic != REQUEST:
        reason = "undecoded: payload on a status or keepalive message, which carry none"
    elif msg_type not in KNOWN_TYPES:
        reason = f"undecoded: unknown msg_type {msg_type}"
    elif msg_type in (FS_VOTE, FS_RESPONSE) and message.params.get("variant") == V14:
        reason = "undecoded: FS vote messages exist only in ocfs2-1.2 (variant forced to ocfs2-1.4)"
    elif msg_type == 501:
        reason = "undecoded: DLM_UNUSED_MSG1 has no payload layout"
    else:
        field = decoded.find("payload")
        used = max((c.end for c in field.children), default=payload.end) if field is not None else payload.end
        if field is not None and field.children and used < field.end:
            name = VARIANT_NAMES.get(message.params.get("variant", 0), "the")
            decoded.errors.append(Span(used, field.end, f"undecoded: {field.end - used} payload bytes past the {name} layout"))
        return
    decoded.errors.append(Span(payload.start, payload.end, reason))


# -- what happened, for the message list ------------------------------------------------

_NAMES = ("name", "lockname", "domain", "unlink_dirent")  # the lock, domain or file a request is about
_MODES = ("requested_type", "type", "blocked_type")  # lock modes (and the AST kind), in that order
QUERY_JOIN_REFUSED = (0, 3)  # JOIN_DISALLOW, JOIN_PROTOCOL_MISMATCH
MASTER_RESP_ERROR = 3
DEREF_RESPONSES = (0, 1)  # DLM_DEREF_RESPONSE_DONE, _INPROG; anything else is an errno
BAST = 1  # proxy AST type: blocking another node


def _mode(f: Field) -> str:
    """'EX' from 'EX: Exclusive (5)'; an AST kind ('BAST') as it is."""
    return f.label.split(":", 1)[0]


def _name_words(payload: Field, name: str) -> str:
    """A lock name as OCFS2 built it ('Meta inode 53314 gen 0x5b2e6f11'), any other
    name as its text."""
    if name in LOCK_NAME_FIELDS:
        f = payload.child(name)
        if f is not None and isinstance(f.value, str):
            return ocfs2_lockname.parse(f.value.encode("latin-1")).describe()
    return text(payload, name)


def _request_info(payload: Field | None) -> Outcome:
    if payload is None:
        return Outcome("")
    name = next((t for t in (_name_words(payload, n) for n in _NAMES) if t), "")
    ast = payload.child("type")
    wanted = _MODES if ast is None or ast.value == BAST else _MODES[:2]  # blocked_type: BASTs only
    modes = [_mode(f) for f in (payload.child(n) for n in wanted) if f is not None and f.value is not None]
    node = "" if name and modes else labelled("node", value(payload, "node_idx"))
    return Outcome(words(name, " ".join(modes), node, labelled("dead node", value(payload, "dead_node"))))


def _response_info(top: dict[str, Field]) -> Outcome:
    """The status a response carries: o2net's own error first, then the handler's
    answer -- a dlm_status (failed unless DLM_NORMAL), a master or join answer
    (failed: ERROR, DISALLOW, PROTOCOL_MISMATCH) or a plain int (failed below 0,
    a negative errno)."""
    sys_status = top.get("sys_status")
    if sys_status is not None and sys_status.value:
        return Outcome(f"o2net {sys_status.label}", True)
    status = top.get("status")
    if status is None or status.value is None:
        return Outcome("")
    kind = status.children[0].name if status.children else ""
    code = status.children[0].value if status.children else status.value
    if kind == "dlm_status":
        return Outcome(status.label, code != 0)
    if kind == "response":
        return Outcome(status.label, code == MASTER_RESP_ERROR)
    if kind == "code":
        return Outcome(status.children[0].label, code in QUERY_JOIN_REFUSED)
    if kind == "deref_response" and code in DEREF_RESPONSES:
        return Outcome(status.label, False)
    return Outcome(f"status {status.value}", status.value < 0)


def info(message: Message, decoded: DecodedMessage) -> Outcome:
    """A request's lock (or domain) name and lock modes; a response's status, marked
    failed when it reports an error; a handshake's protocol version."""
    top = {f.name: f for f in decoded.fields}
    if message.kind == "handshake":
        version = top.get("protocol_version")
        return Outcome(labelled("protocol version", version.value if version is not None else None))
    if message.kind == "response":
        return _response_info(top)
    if message.kind == "request":
        return _request_info(top.get("payload"))
    return Outcome("")


def heuristic(data: bytes) -> Verdict | None:
    """An o2net header with a known magic and type, or a handshake followed by one."""
    if len(data) >= HEADER and plausible_header(data) and struct.unpack_from(">H", data, 6)[0] == 0:
        return Verdict(sender_is_client=True, confidence=70)
    version = handshake_version(data)
    if version is not None and len(data) >= 16:
        size = 32 if version >= 5 else 16
        if len(data) >= size + 6:
            return Verdict(sender_is_client=True, confidence=70) if plausible_header(data[size:]) else None
        if len(data) >= size + 2 and struct.unpack_from(">H", data, size)[0] not in MAGICS:
            return None  # something follows the handshake, and it is not an o2net header
        return Verdict(sender_is_client=True, confidence=40)
    return None


REGISTRATION = Registration(
    name="OCFS2",
    description="OCFS2 o2net + o2dlm, ocfs2-1.2 FS votes (Linux fs/ocfs2/cluster/tcp*.h, dlm/dlmcommon.h)",
    ports=(7777,),
    framer=Ocfs2Framer,
    decode=decode,
    heuristic=heuristic,
    options=(VERSION_OPTION,),
    colours={
        "protocol": "bright_yellow",
        "default": "white",
        "magic": "grey",
        "pad1": "grey",
        "pad2": "grey",
        "pad3": "grey",
        "padding": "grey",
        "data_len": "yellow",
        "msg_type": "bright_green",
        "sys_status": "red",
        "status": "bright_red",
        "response": "bright_red",
        "key": "magenta",
        "msg_num": "cyan",
        "cookie": "bright_magenta",
        "mig_cookie": "bright_magenta",
        "flags": "bright_blue",
        "node_idx": "bright_cyan",
        "dead_node": "bright_cyan",
        "node": "bright_cyan",
        "master": "bright_cyan",
        "new_master": "bright_cyan",
        "node_map": "bright_cyan",
        "requested_type": "green",
        "type": "green",
        "blocked_type": "green",
        "convert_type": "green",
        "name": "bright_white",
        "domain": "bright_white",
        "lockname": "bright_white",
        "unlink_dirent": "bright_white",
        "lvb": "white",
        "reco_lvb": "white",
        "variant": "grey",
        "protocol_version": "bright_green",
    },
    summary_fields={
        "handshake": ("protocol_version",),
        "request": ("node_idx", "name", "domain", "lockname", "cookie", "dead_node", "msg_num"),
        "response": ("status", "sys_status", "msg_num"),
    },
    info=info,
    stat_entries=named_stats("status", "sys_status"),
    views=(LOCKS,),
)
