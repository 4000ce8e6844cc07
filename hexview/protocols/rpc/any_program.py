"""ONC RPC streams no specific protocol has claimed yet.

A capture that starts mid-connection may open with a reply, which names no program;
this registration claims any stream whose first bytes are a plausible RPC record
(with less confidence than GlusterFS or NFS, whose heuristics see their program in a
call). Calls still decode fully -- the program table is shared -- and the first call
to a known program hands the conversation to that program's protocol.
"""

from __future__ import annotations

import struct

from ..registry import Registration, Verdict
from .onc_rpc import CALL, RPC_COLOURS, RpcFramer, decode_rpc, plausible_record_start, rpc_columns, rpc_info, rpc_stats

NAME = "ONC-RPC"


def heuristic(data: bytes) -> Verdict | None:
    if not plausible_record_start(data[:16]):
        return None
    msg_type = struct.unpack_from(">I", data, 8)[0]
    return Verdict(sender_is_client=msg_type == CALL, confidence=50)


REGISTRATION = Registration(
    name=NAME,
    description="ONC RPC (RFC 5531) of a program not yet identified",
    ports=(),  # rpcbind's 111 is PORTMAP's; this one is found by its heuristic
    framer=RpcFramer,
    decode=decode_rpc,
    heuristic=heuristic,
    colours={**RPC_COLOURS, "protocol": "yellow"},
    summary_fields={"call": ("xid",), "reply": ("xid", "accept_stat")},
    info=rpc_info,
    stat_entries=rpc_stats(),
    export_columns=rpc_columns(),
    teaches=True,  # its conversation may turn out to be one that teaches (RpcFramer._claim_for_program)
)
