"""The protocol registry: how the core finds protocols without naming any.

Each module in ``hexview.protocols`` exposes one ``REGISTRATION`` (ports, heuristic,
framer, decoder, colours), in the spirit of Wireshark's port and heuristic dissector
tables. The core only ever talks to registrations, so adding a protocol touches
neither the pipeline nor the UI.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypedDict

from ..decode.colours import DEFAULT_SHADE, palette_for
from ..decode.fields import DecodedMessage, Field, Outcome
from ..decode.finish import mark_not_captured
from ..messages import Message
from ..packets import Span
from ..tcp.stream_events import Conversation
from .cross_views import CrossView
from .framing import Cut, DirectionBuffer, StreamFramer
from .labels import Labeller


@dataclass(frozen=True, slots=True)
class Verdict:
    """A heuristic's answer: this conversation is ours, and whether the sender is the client."""

    sender_is_client: bool
    confidence: int = 100  # 100 = a magic matched; lower = plausible


@dataclass(frozen=True, slots=True)
class ProtocolOption:
    """A decoding choice a protocol offers (e.g. OCFS2's message layouts by release).

    The command line spells it ``--option PROTOCOL.NAME=VALUE`` (protocol name in
    lower case); the interactive view lists it in Decode As. A conversation's framer
    and decoder read the chosen value as ``conversation.options["PROTOCOL.NAME"]``
    (``default`` when nobody chose)."""

    name: str
    choices: tuple[str, ...]
    default: str
    help: str = ""


@dataclass(frozen=True, slots=True)
class StatKey:
    """One row of the response-time statistics (``hexview --stats``) an exchange counts in.

    ``procedure``: the ONC RPC procedure number, else the command or message name;
    ``op``: an operation inside a compound request (NFSv4), else None."""

    program: int | None
    version: int | None
    procedure: int | str
    name: str
    op: str | None = None


@dataclass(frozen=True, slots=True)
class StatEntry:
    """An exchange's part in one statistics row: its key, whether the reply reported
    an error, and the error's name (an errno or status name) when it has one."""

    key: StatKey
    failed: bool = False
    error: str | None = None


class ExportColumns(TypedDict, total=False):
    """A protocol's values for one message's row of the columnar export (``hexview
    --export parquet``, schema in hexview/output/columns.py and README.md); a key left
    out is null. The core fills every other column from the Message itself."""

    program: int  # ONC RPC program, version and procedure numbers
    version: int
    procedure: int
    procedure_name: str  # the procedure, command or message type, as --stats names its row
    ops: list[str]  # the operations of a compound (NFSv4 COMPOUND: SEQUENCE, PUTFH, READ)
    xid: int  # the transaction id pairing a call with its reply
    gfid: str  # a GlusterFS gfid, 32 hex digits
    filehandle: str  # an NFS filehandle, hex
    target: str  # the entry names a call carries, ' -> ' between several
    status: int  # a reply's status as its protocol numbers it (nfsstat4, accept_stat, ...)
    status_name: str  # and by name (NFS4ERR_NOENT, PROC_UNAVAIL)
    op_ret: int  # a GlusterFS reply's op_ret
    errno: int  # an errno the reply carries (GlusterFS op_errno, NBD error)
    errno_name: str  # by its Linux name (ENOENT)


@dataclass(frozen=True)
class Registration:
    name: str  # shown in the stream list and in --json "protocol"
    description: str
    ports: tuple[int, ...]  # well-known server ports
    framer: Callable[..., StreamFramer]  # one per conversation: framing and pairing state
    decode: Callable[[Message], DecodedMessage]
    # first bytes one side sent -> Verdict or None; must be cheap and never raise
    heuristic: Callable[[bytes], Verdict | None] | None = None
    # "protocol": the stream list's colour (any Rich colour name); every other key a field
    # name (or "default") -> the shade (hexview.decode.colours.SHADES) its bytes prefer
    colours: dict[str, str] = field(default_factory=dict)
    summary_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> fields for the summary line
    # what happened, in a few words, for the message list's info column and --json:
    # (message, decoded tree) -> Outcome; must never raise (a failure falls back to the summary)
    info: Callable[[Message, DecodedMessage], Outcome] | None = None
    options: tuple[ProtocolOption, ...] = ()  # decoding choices it offers (see ProtocolOption)
    # the statistics rows a request and its reply (``request.first_reply``, None when
    # unanswered) count in; must never raise. None: one row by the request's name,
    # failed when the reply's info says so (``named_stats()``)
    stat_entries: Callable[[Message], list[StatEntry]] | None = None
    # the protocol's columns of a message's row in the columnar export (--export parquet),
    # from the message and its decoded tree; must never raise. None: ``request_columns``
    export_columns: Callable[[Message, DecodedMessage], ExportColumns] | None = None
    # how its handshakes name conversations and servers (hexview.protocols.labels)
    labels: Labeller | None = None
    # the views across its conversations it offers (hexview.protocols.cross_views)
    views: tuple[CrossView, ...] = ()
    # True when framing its conversations may teach the input's DecodeContext what other
    # conversations need (a port a portmapper names, a callback program): a run split by
    # conversation (pipeline.Share) then frames them in every worker, so all learn alike;
    # or which of its conversations do, asked once the conversation's protocol is chosen
    teaches: bool | Callable[[Conversation], bool] = False

    def colour_of(self, field_name: str) -> str:
        """The shade the table names for ``field_name`` ('items[3]' as 'items'); the
        colour plan may give the field another when a neighbour has this one."""
        base = field_name.split("[", 1)[0]
        return self.colours.get(base, self.colours.get("default", DEFAULT_SHADE))

    @cached_property
    def palette(self) -> tuple[str, ...]:
        """The shades the colour plan falls back on, in order (see colours.palette_for)."""
        return palette_for(self.colours)


def named_stats(*error_fields: str) -> Callable[[Message], list[StatEntry]]:
    """A ``stat_entries`` hook with one row per request name (NBD_CMD_READ, a message
    type, a command): failed when the reply's ``info`` outcome says so, the error named
    by the label of the reply's first non-zero field among ``error_fields`` (e.g.
    NBD's ``error``: 'EIO')."""

    def entries(request: Message) -> list[StatEntry]:
        key = StatKey(None, None, request.name, request.name)
        reply = request.first_reply
        if reply is None:
            return [StatEntry(key)]
        decoded = reply.decode_transient()
        if not decoded.outcome.failed:  # the outcome is the registration's info (decode.finish)
            return [StatEntry(key)]
        error = next((f.label for f in decoded.walk() if f.name in error_fields and f.value), None) if error_fields else None
        return [StatEntry(key, True, error)]

    return entries


def request_columns(message: Message, decoded: DecodedMessage) -> ExportColumns:
    """The export columns of a protocol without an ``export_columns`` hook: the name of
    the request a message belongs to as its ``procedure_name`` (what ``named_stats``
    names the statistics row), nothing else."""
    request = message if message.is_request else message.pair if message.is_reply else None
    return {"procedure_name": request.name} if request is not None else {}


def _discover() -> dict[str, Registration]:
    """The built-in registrations, then the protocols declared in folders
    (hexview.protocols.declared), which may replace a built-in one of the same name."""
    from .. import protocols
    from .declared.folders import load_all

    found = {}
    for info in pkgutil.walk_packages(protocols.__path__, f"{protocols.__name__}."):
        module = importlib.import_module(info.name)
        reg = getattr(module, "REGISTRATION", None)
        if isinstance(reg, Registration):
            found[reg.name.lower()] = reg
            _SOURCES[reg.name.lower()] = os.path.dirname(module.__file__ or "")
    for loaded in load_all(found):
        found[loaded.registration.name.lower()] = loaded.registration
        _SOURCES[loaded.registration.name.lower()] = str(loaded.source)
    return dict(sorted(found.items()))  # by name: heuristics of equal confidence are asked in this order


_REGISTRY: dict[str, Registration] | None = None
_SOURCES: dict[str, str] = {}  # name (lower case) -> the folder its registration came from


def registrations() -> dict[str, Registration]:
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = _discover()
    return _REGISTRY


def source_of(name: str) -> str:
    """The folder a protocol came from: its module's package folder for a built-in
    one, its own folder for a declared one."""
    registrations()
    return _SOURCES.get(name.lower(), "")


def by_name(name: str) -> Registration:
    try:
        return registrations()[name.lower()]
    except KeyError:
        known = ", ".join(sorted(r.name for r in registrations().values()))
        raise KeyError(f"unknown protocol {name!r} (known: {known})") from None


def by_heuristic(
    data: bytes, learned: Iterable[tuple[Registration, Callable[[bytes], Verdict | None]]] = ()
) -> tuple[Registration, Verdict] | None:
    """The registration whose heuristic is surest of ``data``; ``learned``: heuristics
    one pipeline learned while reading (``DecodeContext.claims``), asked after the
    registrations' own (the first of equal confidence wins)."""
    best = None
    asked = [(reg, reg.heuristic) for reg in registrations().values() if reg.heuristic is not None]
    for reg, heuristic in [*asked, *learned]:
        try:
            verdict = heuristic(data)
        except Exception:  # a heuristic must never break the pipeline
            verdict = None
        if verdict and (best is None or verdict.confidence > best[1].confidence):
            best = (reg, verdict)
    return best


def by_port(port: int) -> Registration | None:
    for reg in registrations().values():
        if port in reg.ports:
            return reg
    return None


# -- the fallback for conversations no registration claims ---------------------------


class PayloadFramer(StreamFramer):
    """Unknown protocol: each arrival of bytes becomes one undecoded payload message."""

    pure_cut = True

    def cut(self, direction: str, buf: DirectionBuffer) -> Cut | None:
        return Cut(min(len(buf), 65536), "payload", "TCP payload")


def _decode_payload(message: Message) -> DecodedMessage:
    fields = [
        Field("payload", message.data.hex() if message.length <= 64 else None, f"{message.length} bytes", 0, message.length)
    ]
    decoded = DecodedMessage(
        fields, [Span(0, message.length, "undecoded: no protocol recognised for this conversation")], f"{message.length} bytes"
    )
    mark_not_captured(message, decoded)  # (the payload's hex is then only of the bytes captured)
    return decoded


UNKNOWN = Registration(
    name="TCP",
    description="payload of a conversation no protocol recognised",
    ports=(),
    framer=PayloadFramer,
    decode=_decode_payload,
    colours={"protocol": "grey50"},
)


def teaches_in(reg: Registration, conversation: Conversation) -> bool:
    """Whether framing ``conversation`` (``reg``'s) may teach the input (``Registration.teaches``)."""
    teaches = reg.teaches
    if teaches is True or teaches is False:
        return teaches
    try:
        return bool(teaches(conversation))
    except Exception:  # a hook that fails: count it as teaching (every worker frames it: safe)
        return True
