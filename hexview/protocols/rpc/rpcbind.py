"""portmap v2 and rpcbind v3/v4 (program 100000, RFC 1833): where each RPC program listens.

Bodies are ``ksy/rpc/rpcbind.ksy``'s; universal addresses read as address:port. A
client asks the portmapper (GETPORT, GETADDR, GETVERSADDR) before it connects to a
program without a fixed port -- MOUNT, NLM, NSM -- so the answer says what the
conversation on that port will carry: this module teaches it to the input's
DecodeContext (``expect``), and the pipeline classifies a later conversation on
that server port as the asked program's registration (plain ONC RPC for a program
no module claims) before any heuristic looks at it -- which a conversation caught
mid-way, opening with a reply, needs. Only TCP answers count (hexview reads TCP).
"""

from __future__ import annotations

from datetime import UTC, datetime

from ...decode.fields import DecodedMessage, Field, Outcome
from ...decode.lazy_parser import LazyParser
from ...decode.universal_address import split_uaddr
from ...messages import Message
from ..context import context_of
from ..info_text import text, words
from ..registry import by_name
from .onc_rpc import (
    GENERIC,
    BodyDecoder,
    Procedure,
    Program,
    kaitai_body,
    learned_programs,
    program_of,
    register_program,
    reply_outcome,
    rpc_info,
    rpc_registration,
)

NAME = "PORTMAP"
PORTMAP_PROGRAM = 100000
PORTMAP_PORT = 111
PARSER = LazyParser("rpcbind", "Rpcbind")
IPPROTO_TCP = 6
TCP_NETIDS = ("tcp", "tcp6")
GETPORT = GETADDR = 3  # v2 GETPORT and v3/v4 GETADDR share the number
GETVERSADDR = 9


def _side(is_reply: bool) -> BodyDecoder:
    return kaitai_body(PARSER, lambda m: {"vers": m.params["vers"], "proc": m.params["proc"], "is_reply": is_reply})


ARGS, RESULTS = _side(False), _side(True)
_BOTH, _RESULTS_ONLY, _VOID = (ARGS, RESULTS), (None, RESULTS), (None, None)
V2 = {0: ("NULL", _VOID), 1: ("SET", _BOTH), 2: ("UNSET", _BOTH), 3: ("GETPORT", _BOTH), 4: ("DUMP", _RESULTS_ONLY)}
V2[5] = ("CALLIT", _BOTH)
V3 = {**V2, 3: ("GETADDR", _BOTH), 6: ("GETTIME", _RESULTS_ONLY), 7: ("UADDR2TADDR", _BOTH), 8: ("TADDR2UADDR", _BOTH)}
V4 = {**V3, 5: ("BCAST", _BOTH), 9: ("GETVERSADDR", _BOTH), 10: ("INDIRECT", _BOTH)}
V4.update({11: ("GETADDRLIST", _BOTH), 12: ("GETSTAT", _RESULTS_ONLY)})


def _procedures(table: dict[int, tuple[str, tuple[BodyDecoder | None, BodyDecoder | None]]]) -> dict[int, Procedure]:
    return {
        number: Procedure(name, args, results, note=f"{name} carries no {'arguments' if args is None else 'results'}")
        for number, (name, (args, results)) in table.items()
    }


# -- learning where programs listen --------------------------------------------------


def _body(message: Message, label: str) -> Field | None:
    return message.decode_transient().top(label)


def asked_for(call: Message) -> tuple[int, int, bool] | None:
    """(program, version, over TCP) a GETPORT, GETADDR or GETVERSADDR call asks about."""
    args = _body(call, "args")
    mapping = args.child("mapping") or args.child("rpcb") if args is not None else None
    if mapping is None:
        return None
    prog, vers = mapping.child("prog"), mapping.child("vers")
    if prog is None or vers is None or not isinstance(prog.value, int) or not isinstance(vers.value, int):
        return None
    prot = mapping.child("prot")
    tcp = prot.value == IPPROTO_TCP if prot is not None else text(mapping.child("netid"), "value") in TCP_NETIDS
    return prog.value, vers.value, tcp


def answered_port(reply: Message) -> int | None:
    """The port a GETPORT reply, or the universal address a GETADDR/GETVERSADDR reply, names."""
    results = _body(reply, "results")
    if results is None:
        return None
    port = results.child("port")
    if port is not None and isinstance(port.value, int):
        return port.value or None
    split = split_uaddr(text(results.child("addr"), "value"))
    return split[1] if split is not None and split[1] else None


def learn_port(reply: Message) -> None:
    """Program.learn: a paired reply naming a TCP port teaches the input which
    registration that server port's conversations are."""
    call, params = reply.pair, reply.params
    if call is None or params.get("proc") not in (GETPORT, GETVERSADDR) or params.get("vers") not in (2, 3, 4):
        return
    if params["proc"] == GETVERSADDR and params["vers"] != 4:
        return
    asked = asked_for(call)
    port = answered_port(reply) if asked is not None and asked[2] else None
    if asked is None or port is None:
        return
    program = program_of(asked[0], learned_programs(reply.conversation))
    try:
        reg = by_name(program.protocol if program is not None and program.protocol else GENERIC)
    except KeyError:
        return
    context_of(reply.conversation).expect(port, reg)


PROGRAM = register_program(
    Program(
        PORTMAP_PROGRAM,
        "PORTMAP",
        {2: _procedures(V2), 3: _procedures(V3), 4: _procedures(V4)},
        protocol=NAME,
        learn=learn_port,
    )
)


# -- the info column -------------------------------------------------------------------


def _program_words(prog: int, vers: int, message: Message) -> str:
    """'MOUNT v3', or 'program 400123 v1' for a program no module names."""
    program = program_of(prog, learned_programs(message.conversation))
    return f"{program.name if program is not None else f'program {prog}'} v{vers}"


def _count(parent: Field | None, noun: str) -> str:
    entries = parent.child("entries") if parent is not None else None
    count = len(entries.children) if entries is not None else 0
    return f"{count} {noun}{'' if count == 1 else 's'}"


def info(message: Message, decoded: DecodedMessage) -> Outcome:
    """'GETPORT MOUNT v3 tcp' for a call, 'port 20048' or '127.0.0.1:20048' for its
    reply (failed when the program is not registered); lists count their entries."""
    failed = reply_outcome(decoded)
    if failed is not None:
        return failed
    args, results = decoded.top("args"), decoded.top("results")
    if args is not None:
        return Outcome(_call_text(message, args))
    if results is None:
        return rpc_info(message, decoded)
    name = results.show
    port, addr, success = results.child("port"), results.child("addr"), results.child("success")
    if port is not None and isinstance(port.value, int):
        return Outcome(f"port {port.value}" if port.value else "not registered (port 0)", not port.value)
    if addr is not None and name in ("GETADDR", "GETVERSADDR", "TADDR2UADDR"):
        value = addr.child("value")
        if value is None or not value.value:
            return Outcome("not registered", True)
        return Outcome(value.show)
    if success is not None and isinstance(success.value, int):
        return Outcome(words(name, "done" if success.value else "refused"), not success.value)
    time = results.child("time")
    if time is not None and isinstance(time.value, int):
        return Outcome(datetime.fromtimestamp(time.value, UTC).strftime("%Y-%m-%d %H:%M:%S UTC"))
    for label, noun in (("pmaplist", "mapping"), ("rpcblist", "registration"), ("entries", "address")):
        found = results.child(label)
        if found is not None:
            return Outcome(words(name, _count(found, noun)))
    return rpc_info(message, decoded)


def _call_text(message: Message, args: Field) -> str:
    """A call's words: the procedure, the program it is about and the transport."""
    mapping = args.child("mapping") or args.child("rpcb")
    call_args = args.child("call_args")
    if mapping is None and call_args is None:
        addr = args.child("addr")  # UADDR2TADDR's
        value = addr.child("value") if addr is not None else None
        return words(args.show, value.show if value is not None and value.value else "")
    about = mapping if mapping is not None else call_args
    assert about is not None
    prog, vers = about.child("prog"), about.child("vers")
    if prog is None or vers is None or not isinstance(prog.value, int) or not isinstance(vers.value, int):
        return args.show
    program = _program_words(prog.value, vers.value, message)
    if mapping is None:
        proc = about.child("proc")
        return words(args.show, program, f"proc {proc.value}" if proc is not None else "")
    prot = mapping.child("prot")
    transport = prot.label.lower() if prot is not None else text(mapping.child("netid"), "value")
    where = ""
    if args.show in ("SET", "UNSET"):
        port, addr = mapping.child("port"), mapping.child("addr")
        addr_value = addr.child("value") if addr is not None else None
        if port is not None:
            where = f"port {port.value}"
        elif addr_value is not None and addr_value.value:
            where = addr_value.show
    return words(args.show, program, transport, where)


REGISTRATION = rpc_registration(
    name=NAME,
    description="portmap v2 and rpcbind v3/v4 (RFC 1833): GETPORT, GETADDR, DUMP, ...; teaches the ports it names",
    programs={PORTMAP_PROGRAM},
    ports=(PORTMAP_PORT,),
    colours={
        "protocol": "cyan",
        "mapping": "bright_cyan",
        "rpcb": "bright_cyan",
        "port": "bright_yellow",
        "addr": "bright_yellow",
        "maddr": "bright_yellow",
        "netid": "green",
        "owner": "yellow",
        "success": "bright_green",
    },
    summary_fields={"call": ("xid", "prog", "vers"), "reply": ("xid", "accept_stat", "port", "addr")},
    info=info,
    teaches=True,  # the ports its replies name (learn_port)
)
