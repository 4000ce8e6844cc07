"""The Network Lock Manager (NLM, ONC RPC program 100021), versions 1-4.

NFSv2 and NFSv3 have no locking of their own: clients lock byte ranges through
the lock manager (lockd) of the server, on a port rpcbind hands out -- so a
conversation is recognised by the program number in its first call, not by a
port. Bodies come from ``ksy/nlm/nlm.ksy``; version 4 (RFC 1813 appendix II)
widens offsets and lengths to 64 bits and renames the statuses (nlm4_stats).

The _MSG procedures (6-10) are the asynchronous forms: the RPC reply is empty,
and the answer comes later as a *call* of the matching _RES procedure (11-15),
sent by the answering host's lock manager, usually on a connection of its own.
RPC pairs neither with the other (different xids); the ``cookie`` the caller
chose comes back unchanged in the _RES call, which is how a reader (and Wireshark,
by cookie) pairs them -- the info column shows it for both.
"""

from __future__ import annotations

from ....decode.fields import DecodedMessage, Field, Outcome
from ....decode.lazy_parser import LazyParser
from ....messages import Message
from ...info_text import short_hex, text, value, words
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

NAME = "NLM"
NLM_PROGRAM = 100021
PARSER = LazyParser("nlm", "Nlm")
ARGS, RESULTS = switched_bodies(PARSER, versioned=True)

# procedures: number -> (name, has arguments, has results); X/Open XNFS, RFC 1813 appendix II
V1_PROCEDURES = {
    0: ("NULL", False, False),
    1: ("TEST", True, True),
    2: ("LOCK", True, True),
    3: ("CANCEL", True, True),
    4: ("UNLOCK", True, True),
    5: ("GRANTED", True, True),
    6: ("TEST_MSG", True, False),
    7: ("LOCK_MSG", True, False),
    8: ("CANCEL_MSG", True, False),
    9: ("UNLOCK_MSG", True, False),
    10: ("GRANTED_MSG", True, False),
    11: ("TEST_RES", True, False),
    12: ("LOCK_RES", True, False),
    13: ("CANCEL_RES", True, False),
    14: ("UNLOCK_RES", True, False),
    15: ("GRANTED_RES", True, False),
}
V3_PROCEDURES = {
    **V1_PROCEDURES,
    20: ("SHARE", True, True),
    21: ("UNSHARE", True, True),
    22: ("NM_LOCK", True, True),
    23: ("FREE_ALL", True, False),
}
GRANTED = 0  # LCK_GRANTED, NLM4_GRANTED
DENIED = 1


def _procedures(table: dict[int, tuple[str, bool, bool]]) -> dict[int, Procedure]:
    return {
        number: Procedure(name, ARGS if has_args else None, RESULTS if has_results else None)
        for number, (name, has_args, has_results) in table.items()
    }


def info(message: Message, decoded: DecodedMessage) -> Outcome:
    """E.g. 'LOCK block excl fh 43000001… 0+1024 owner 101@client' for a call,
    'LOCK NLM4_DENIED' (failed) for its reply, 'TEST NLM4_DENIED by excl 0+1024
    owner …' when a TEST names the holder; the async forms add their cookie."""
    params = message.params
    _, procedure = lookup(params["prog"], params["vers"], params["proc"], learned_programs(message.conversation))
    name = procedure.name if procedure is not None else f"proc {params['proc']}"
    if message.kind == "call":
        args = decoded.top("args")
        cookie = _cookie(args) if name.endswith(("_MSG", "_RES")) else ""
        if args is None:
            return Outcome(name)
        if name == "FREE_ALL":
            return Outcome(words(name, text(args.child("name"), "value"), _labelled("state", value(args, "state"))))
        if args.child("stat") is not None:  # a _RES call carries a result
            return _result(name, args, cookie)
        share = args.child("share")
        if share is not None:
            access = share.child("access")
            mode = share.child("mode")
            return Outcome(
                words(
                    name,
                    _fh(share),
                    f"access {access.label}" if access is not None else "",
                    f"mode {mode.label}" if mode is not None else "",
                    _owner(share),
                )
            )
        lock = args.child("alock")
        return Outcome(
            words(
                name,
                "block" if value(args, "block") == 1 else "",
                _exclusive(args),
                _fh(lock),
                _range(lock),
                _owner(lock),
                cookie,
            )
        )
    results = decoded.top("results")
    if results is None:
        return Outcome(name)
    return _result(name, results, "")


def _result(name: str, body: Field, cookie: str) -> Outcome:
    """A status-bearing body (a reply's results, a _RES call's arguments)."""
    stat = body.child("stat")
    if stat is None or stat.value is None:
        return Outcome(words(name, cookie))
    holder = body.child("holder")
    held = words("by", _exclusive(holder), _range(holder), _owner(holder)) if holder is not None else ""
    return Outcome(words(name, stat.label, held, cookie), stat.value != GRANTED)


def _labelled(label: str, number: object) -> str:
    return f"{label} {number}" if number is not None else ""


def _netobj(parent: Field | None, name: str) -> object:
    return value(parent.child(name) if parent is not None else None, "data")


def _cookie(args: Field | None) -> str:
    cookie = short_hex(_netobj(args, "cookie"), 8)
    return f"cookie {cookie}" if cookie else ""


def _fh(lock: Field | None) -> str:
    fh = short_hex(_netobj(lock, "fh"))
    return f"fh {fh}" if fh else ""


def _owner(lock: Field | None) -> str:
    """The owner handle as text when it is printable (Linux sends 'svid@host'), else in hex."""
    oh = _netobj(lock, "oh")
    if not isinstance(oh, str):
        return ""
    raw = bytes.fromhex(oh).rstrip(b"\0")
    if raw and all(0x20 < b < 0x7F for b in raw):
        return f"owner {raw.decode('ascii')}"
    return f"owner {short_hex(oh)}"


def _exclusive(parent: Field | None) -> str:
    flag = value(parent, "exclusive")
    return "" if flag is None else ("excl" if flag == 1 else "shared")


def _range(lock: Field | None) -> str:
    """'offset+length', a length of 0 (to the end of the file) as 'EOF'."""
    offset, length = value(lock, "l_offset"), value(lock, "l_len")
    if offset is None or length is None:
        return ""
    return f"{offset}+{length or 'EOF'}"


PROGRAM = register_program(
    Program(
        NLM_PROGRAM,
        NAME,
        {
            1: _procedures(V1_PROCEDURES),
            2: _procedures(V1_PROCEDURES),
            3: _procedures(V3_PROCEDURES),
            4: _procedures(V3_PROCEDURES),
        },
        protocol=NAME,
        info=info,
    )
)

REGISTRATION = rpc_registration(
    name=NAME,
    description="Network Lock Manager v1-v4 (NFSv2/v3 byte-range locks and shares) over ONC RPC",
    programs={NLM_PROGRAM},
    ports=(),  # lockd's port is whatever rpcbind hands out
    colours={
        "protocol": "bright_red",
        "cookie": "yellow",
        "alock": "bright_cyan",
        "holder": "bright_cyan",
        "fh": "bright_magenta",
        "oh": "cyan",
        "stat": "bright_red",
        "l_offset": "magenta",
        "l_len": "magenta",
    },
    summary_fields={"call": ("xid", "cookie", "alock"), "reply": ("xid", "accept_stat", "stat")},
    info=rpc_info,
)
