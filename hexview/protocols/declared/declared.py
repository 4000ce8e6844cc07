"""A declaration plus its loaded parsers -> a Registration (or ONC RPC programs).

Framing reads only the header fields the declaration names (and, for ``type``
framing, runs the one parser that says where a message ends): messages stay cheap
to cut, and their trees are decoded when a view asks, as for every protocol.
Pairing keeps the requests waiting by their key (header field values); a reply of
the same key answers the oldest of them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeAlias

from ...decode.fields import DecodedMessage, Outcome
from ...decode.finish import decode_message
from ...decode.kaitai_tree import parse
from ...messages import Message
from ..framing import Cut, DirectionBuffer, StreamFramer, Unframeable
from ..registry import ProtocolOption, Registration, Verdict
from .ksy_cache import ParserClass, Parsers
from .schema import Declaration, DeclarationError, DeclaredProgram, MessageRule, Params

if TYPE_CHECKING:  # pragma: no cover
    from ...tcp.stream_events import Conversation
    from ..rpc.onc_rpc import Program

# a message kind -> the parser of its messages (None: shown undecoded) and that parser's params
_ParsersByKind: TypeAlias = dict[str, tuple[ParserClass | None, Params]]
_HeaderValues: TypeAlias = dict[str, int | None]  # header field -> its value (None: not all here)

PAIRS_KEPT = 4096  # requests remembered per conversation while waiting for replies
DEFAULT_SUMMARY = ("len",)


def registration(decl: Declaration, parsers: Parsers) -> Registration:
    """The Registration of a non-RPC declaration (framing, decode, pairing, heuristic)."""
    _check_types(decl, parsers)
    enums = {name: _enum_names(parsers, f.enum) for name, f in decl.header.items() if f.enum}
    rules = tuple((rule, parsers.cls(rule.type) if rule.type else None) for rule in decl.messages)
    framing_cls = parsers.cls(decl.framing.type) if decl.framing.form == "type" else None
    framer = type(
        f"{_ident(decl.name)}Framer",
        (DeclaredFramer,),
        {
            "decl": decl,
            "rules": rules,
            "enums": enums,
            "framing_cls": framing_cls,
            "magic_reach": max((m.offset + len(m.data) for m in decl.magics), default=0),
        },
    )
    return Registration(
        name=decl.name,
        description=decl.description,
        ports=decl.ports,
        framer=framer,
        decode=partial(_decode, decl, {rule.kind: (cls, rule.params) for rule, cls in rules}),
        heuristic=_heuristic(decl) if decl.magics else None,
        colours={**decl.colours, "protocol": decl.colour},
        summary_fields=dict(decl.summary),
        options=decl.options,
        info=_failure_info(*decl.failure) if decl.failure else None,
    )


def _failure_info(name: str, ok: tuple[int, ...]) -> Callable[[Message, DecodedMessage], Outcome]:
    """The message list's info: a message whose ``name`` field holds a value other than
    ``ok`` failed (its label says how); any other says what its summary says."""

    def info(message: Message, decoded: DecodedMessage) -> Outcome:
        found = next((f for f in decoded.walk() if f.name == name), None)
        if found is not None and isinstance(found.value, int) and found.value not in ok:
            return Outcome(found.show, True)
        text = decoded.summary
        return Outcome(text[len(message.name) :].strip() if text.startswith(message.name) else text)

    return info


def _ident(name: str) -> str:
    return "".join(c for c in name.title() if c.isalnum()) or "Declared"


def _check_types(decl: Declaration, parsers: Parsers) -> None:
    """Every type and enum the declaration names must exist among its compiled .ksy."""
    where = decl.folder / "protocol.yaml"
    for ksy_id in sorted(decl.types):
        if parsers.cls(ksy_id) is None:
            known = ", ".join(sorted(parsers.modules)) or "no .ksy files in the folder"
            raise DeclarationError(where, f"type {ksy_id!r}: no .ksy with that meta/id (known: {known})")
    for ref in sorted(decl.enums):
        if parsers.enum(ref) is None:
            raise DeclarationError(where, f"enum {ref!r}: not found in the folder's .ksy")


def _enum_names(parsers: Parsers, ref: str) -> dict[int, str]:
    enum = parsers.enum(ref)  # there: _check_types looked
    return {int(member.value): member.name.upper() for member in enum} if enum is not None else {}


def _heuristic(decl: Declaration) -> Callable[[bytes], Verdict | None]:
    magics = decl.magics

    def heuristic(data: bytes) -> Verdict | None:
        best: Verdict | None = None
        for m in magics:
            if data[m.offset : m.offset + len(m.data)] == m.data and (best is None or m.confidence > best.confidence):
                best = Verdict(m.sender_is_client, m.confidence)
        return best

    return heuristic


def _params(rule_params: Params, message: Message) -> dict[str, object]:
    """A parser's params: literals, or what the message knows ($direction, $is_request,
    $length, $prog/$vers/$proc of an RPC call, $header.FIELD, $option.NAME)."""
    out: dict[str, object] = {}
    value: object  # a declared literal or "$fact", then what the fact is
    for name, value in rule_params:
        if isinstance(value, str) and value.startswith("$"):
            fact = value[1:]
            if fact == "direction":
                value = message.direction
            elif fact == "is_request":
                value = message.is_request or message.kind == "call"
            elif fact == "length":
                value = message.length
            elif fact.startswith("option."):
                conv = message.conversation
                protocol = getattr(conv.protocol, "name", "").lower()
                chosen = (getattr(conv, "options", None) or {}).get(f"{protocol}.{fact[7:]}")
                value = chosen if chosen is not None else _option_default(conv.protocol, fact[7:])
            elif fact.startswith("header."):
                value = message.params.get(fact[7:], 0)
            else:
                value = message.params.get(fact, 0)
        out[name] = value
    return out


def _option_default(reg: object, name: str) -> str | None:
    """The default of option ``name`` of ``reg`` (a conversation's Registration, or None)."""
    options: tuple[ProtocolOption, ...] = getattr(reg, "options", ())
    return next((o.default for o in options if o.name == name), None)


def _decode(decl: Declaration, parsers_by_kind: _ParsersByKind, message: Message) -> DecodedMessage:
    cls, rule_params = parsers_by_kind.get(message.kind, (None, ()))
    return decode_message(message, cls, _params(rule_params, message) if rule_params else None)


class DeclaredFramer(StreamFramer):
    """Framing and pairing of a declared protocol; each declaration gets a subclass
    holding its ``decl``, ``rules`` ((MessageRule, parser class) in order), ``enums``
    (header field -> value -> name) and, for ``type`` framing, ``framing_cls``."""

    decl: Declaration
    rules: tuple[tuple[MessageRule, ParserClass | None], ...]
    enums: dict[str, dict[int, str]]
    framing_cls: ParserClass | None = None
    magic_reach = 0  # bytes needed to see every declared magic
    pure_cut = True

    def __init__(self, conversation: Conversation) -> None:
        super().__init__(conversation)
        self.waiting: dict[tuple[object, ...], list[Message]] = {}  # pairing key -> requests, oldest first
        pairing = self.decl.pairing
        self.requests = set(pairing.requests) if pairing else set()
        self.replies = set(pairing.replies) if pairing else set()

    def _length(self, data: bytearray) -> int | None:
        framing = self.decl.framing
        if framing.form == "fixed":
            return framing.size
        if framing.form == "length":
            field = framing.field
            assert field is not None  # "length" framing always names its field (schema._framing)
            value = field.read(data)
            if value is None:
                return None
            length = value + framing.adjust
            if length <= field.offset + field.size - 1 or length > framing.max:
                raise Unframeable(f"length {value} is not plausible")
            return length
        return self._parsed_length(data)

    def _parsed_length(self, data: bytearray) -> int | None:
        """``type`` framing: the message is what the type parses from here. A parse
        that runs out of bytes waits for more (up to the declared maximum)."""
        obj, exc = parse(self.framing_cls, bytes(data[: self.decl.framing.max]))
        if exc is None:
            consumed: int = obj._io.pos()
            return max(1, consumed)
        if isinstance(exc, EOFError) or "requested" in str(exc):
            if len(data) >= self.decl.framing.max:
                raise Unframeable(f"no message within {self.decl.framing.max} bytes")
            return None
        raise Unframeable(f"not a message: {exc}")

    def cut(self, direction: str, buf: DirectionBuffer) -> Cut | None:
        data = buf.data
        magics = self.decl.magics
        if (
            magics
            and len(data) >= self.magic_reach
            and not any(data[m.offset : m.offset + len(m.data)] == m.data for m in magics)
        ):
            raise Unframeable("no magic where a message starts")
        length = self._length(data)
        if length is None:
            return None
        header = self.decl.header
        values: _HeaderValues = {name: f.read(data) for name, f in header.items()} if header else {}
        if any(v is None for v in values.values()) and length > len(data):
            return None  # the header is not all here yet
        rule = self._rule(direction, values)
        if rule is None:
            return Cut(length, "message", f"{self.decl.name} message", values or None)
        request = rule.kind in self.requests
        return Cut(length, rule.kind, self._name(rule, values), values or None, request, request)

    def _rule(self, direction: str, values: _HeaderValues) -> MessageRule | None:
        for rule, _cls in self.rules:
            if rule.direction is not None and rule.direction != direction:
                continue
            if all(values.get(name) in wanted for name, wanted in rule.when):
                return rule
        return None

    def _name(self, rule: MessageRule, values: _HeaderValues) -> str:
        if not rule.name:
            return f"{self.decl.name} {rule.kind}"
        text = rule.name
        for name, value in values.items():
            if "{" + name + "}" in text:
                names = self.enums.get(name)
                shown = names.get(value, str(value)) if names and value is not None else str(value)
                text = text.replace("{" + name + "}", shown)
        return text

    def resync_position(self, direction: str, buf: DirectionBuffer) -> int:
        """The next place a declared magic sits at its offset from a message start."""
        best = -1
        for m in self.decl.magics:
            pos = buf.data.find(m.data, m.offset + 1)
            while pos >= 0 and buf.gap_in(pos, pos + len(m.data)):
                pos = buf.data.find(m.data, pos + 1)
            if pos >= 0 and (best < 0 or pos - m.offset < best):
                best = pos - m.offset
        return best

    def paired(self, message: Message) -> None:
        pairing = self.decl.pairing
        if pairing is None or message.kind not in self.requests and message.kind not in self.replies:
            return
        params = message._params or {}
        key = tuple(params.get(name) for name in pairing.key)
        if None in key:
            return
        if message.kind in self.requests:
            self.waiting.setdefault(key, []).append(message)
            if len(self.waiting) > PAIRS_KEPT:
                del self.waiting[next(iter(self.waiting))]
            return
        queue = self.waiting.get(key)
        if queue:
            request = queue.pop(0)
            if not queue:
                del self.waiting[key]
            message.link(request)


# -- ONC RPC programs ----------------------------------------------------------------


def rpc_registration(decl: Declaration, parsers: Parsers) -> Registration:
    """Fill the ONC RPC program table with the declared programs (their procedures'
    arguments and results decoded by the named .ksy types) and return the
    registration that claims conversations calling them."""
    from ..rpc.onc_rpc import RPC_COLOURS, RpcFramer, decode_rpc, heuristic_for, rpc_columns, rpc_info, rpc_stats

    _check_types(decl, parsers)
    for program in decl.programs:
        register_declared_program(program, decl.name, parsers)
    numbers = {p.number for p in decl.programs}
    return Registration(
        name=decl.name,
        description=decl.description,
        ports=decl.ports,
        framer=RpcFramer,
        decode=decode_rpc,
        heuristic=heuristic_for(numbers),
        colours={**RPC_COLOURS, **decl.colours, "protocol": decl.colour},
        summary_fields={"call": ("xid",), "reply": ("xid", "accept_stat"), **decl.summary},
        info=rpc_info,
        options=decl.options,
        stat_entries=rpc_stats(),
        export_columns=rpc_columns(),
    )


def register_declared_program(program: DeclaredProgram, protocol: str, parsers: Parsers) -> Program:
    """One declared program into the ONC RPC table (``register_program``), each
    procedure's body decoded by its declared .ksy types; a procedure without them is
    named but shown opaque."""
    from ..rpc.onc_rpc import Procedure, Program, kaitai_body, register_program

    def body(ksy_id: str | None, params: Callable[[Message], dict[str, object]] | None) -> Callable[..., Any] | None:
        parser_cls = parsers.cls(ksy_id) if ksy_id else None  # there: _check_types looked
        return kaitai_body(parser_cls, params) if parser_cls is not None else None

    entry = Program(program.number, program.name, protocol=protocol)
    for vers, procs in program.versions.items():
        table: dict[int, Procedure] = {}
        entry.versions[vers] = table
        for proc in procs:
            params = partial(_params, proc.params) if proc.params else None
            args = body(proc.args, params)
            results = body(proc.results, params)
            table[proc.number] = Procedure(proc.name, args, results, _note(proc.name, proc.number, args, results))
    return register_program(entry)


def _note(name: str, number: int, args: object, results: object) -> str:
    """Why a procedure's body is shown opaque (``args``/``results``: its decoders, or None)."""
    if args is not None and results is not None:
        return ""
    if number == 0 and args is None and results is None:  # RPC convention: NULL takes and returns nothing
        return "NULL carries no arguments or results"
    missing = [label for label, d in (("arguments", args), ("results", results)) if d is None]
    return f"{name} {' and '.join(missing)} are not declared"
