"""The Network Status Monitor (NSM, ONC RPC program 100024 version 1): rpc.statd.

Lock managers ask their host's status monitor to watch the peers they hold locks
for (MON, UNMON, UNMON_ALL); when a host restarts, its monitor tells each peer's
monitor (NOTIFY), which calls back the procedure the watcher named (NLM's, so
lockd drops or reclaims locks). statd listens on a port rpcbind hands out, so a
conversation is recognised by the program number in its first call. Bodies come
from ``ksy/nlm/nsm.ksy``.
"""

from __future__ import annotations

from ....decode.fields import DecodedMessage, Field, Outcome
from ....decode.lazy_parser import LazyParser
from ....messages import Message
from ...info_text import labelled, text, value, words
from ..onc_rpc import (
    Procedure,
    Program,
    learned_programs,
    lookup,
    register_program,
    rpc_info,
    rpc_registration,
)
from ..switched_body import switched_bodies

NAME = "NSM"
NSM_PROGRAM = 100024
PARSER = LazyParser("nsm", "Nsm")
ARGS, RESULTS = switched_bodies(PARSER, versioned=False)
STAT_SUCC = 0

PROCEDURES = {
    0: Procedure("NULL"),
    1: Procedure("STAT", ARGS, RESULTS),
    2: Procedure("MON", ARGS, RESULTS),
    3: Procedure("UNMON", ARGS, RESULTS),
    4: Procedure("UNMON_ALL", ARGS, RESULTS),
    5: Procedure("SIMU_CRASH"),
    6: Procedure("NOTIFY", ARGS),
}


def info(message: Message, decoded: DecodedMessage) -> Outcome:
    """'MON 127.0.0.2' (the host to watch), 'UNMON_ALL localhost' (the watcher),
    'NOTIFY 127.0.0.2 state 7'; a reply its result and the monitor's state, failed
    when the monitor answers STAT_FAIL."""
    params = message.params
    _, procedure = lookup(params["prog"], params["vers"], params["proc"], learned_programs(message.conversation))
    name = procedure.name if procedure is not None else f"proc {params['proc']}"
    if message.kind == "call":
        args = decoded.top("args")
        mon_id = args.child("mon_id") if args is not None else None
        host = mon_id if mon_id is not None else args
        return Outcome(
            words(name, _string(host, "mon_name") or _string(args, "my_name"), labelled("state", value(args, "state")))
        )
    results = decoded.top("results")
    stat = results.child("res_stat") if results is not None else None
    failed = stat is not None and stat.value not in (None, STAT_SUCC)
    return Outcome(words(name, stat.label if stat is not None else "", labelled("state", value(results, "state"))), failed)


def _string(parent: Field | None, name: str) -> str:
    """An XDR string sub-field's text (its ``value``), escaped; '' when absent."""
    return text(parent.child(name) if parent is not None else None, "value")


PROGRAM = register_program(Program(NSM_PROGRAM, NAME, {1: PROCEDURES}, protocol=NAME, info=info))

REGISTRATION = rpc_registration(
    name=NAME,
    description="Network Status Monitor v1 (rpc.statd: MON, UNMON, NOTIFY, STAT) over ONC RPC",
    programs={NSM_PROGRAM},
    ports=(),  # statd's port is whatever rpcbind hands out
    colours={
        "protocol": "bright_yellow",
        "mon_name": "bright_yellow",
        "my_id": "cyan",
        "priv": "grey",
        "res_stat": "bright_red",
        "state": "magenta",
    },
    summary_fields={"call": ("xid", "mon_name"), "reply": ("xid", "accept_stat", "res_stat", "state")},
    info=rpc_info,
)
