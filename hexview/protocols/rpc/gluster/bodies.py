"""Which Gluster procedures have decoded bodies, and with which compiled ksy.

``BODIES`` maps (program, version, procedure) -> (args decoder, results decoder);
``None`` on a side, or a missing key, leaves that body opaque with a note. Each
ksy parser covers a whole program family and is told which procedure (and for
the shared ones which program and direction) through its params, so a reply is
decoded with its paired call's procedure. Only procedures whose layout is known
from the .x files *and* from the code that sends or handles them are listed: a
wrong guess would show confident nonsense, an opaque body shows honest bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ....decode.lazy_parser import LazyParser
from ....messages import Message
from ..onc_rpc import BodyDecoder, kaitai_body
from . import programs as gp
from .present import presented

FOP4_CALL, FOP4_REPLY = LazyParser("gluster_fop4_call", "GlusterFop4Call"), LazyParser("gluster_fop4_reply", "GlusterFop4Reply")
FOP3_CALL, FOP3_REPLY = LazyParser("gluster_fop3_call", "GlusterFop3Call"), LazyParser("gluster_fop3_reply", "GlusterFop3Reply")
GLUSTERD, HELPERS = LazyParser("gluster_glusterd", "GlusterGlusterd"), LazyParser("gluster_helpers", "GlusterHelpers")

# GLUSTER-CLI procedures with a decoded body (cli-rpc-ops.c sends, glusterd-handler.c /
# glusterd-rpc-ops.c answers): most are gf_cli_req / gf_cli_rsp; LIST_FRIENDS (3),
# FSM_LOG (21), GETWD (26), MOUNT (29) and UMOUNT (30) have gf1_cli_* structs of their
# own (cli1-xdr.x). The tier procedures stay opaque.
CLI_DICT_PROCS = (
    1,
    2,
    3,
    4,
    5,
    7,
    8,
    9,
    11,
    12,
    13,
    14,
    15,
    16,
    19,
    20,
    21,
    22,
    23,
    24,
    26,
    27,
    29,
    30,
    31,
    32,
    33,
    34,
    35,
    36,
    37,
    38,
    39,
    40,
    41,
    42,
    43,
    46,
    47,
)
# GD-BRICK procedures glusterfsd handles, all with gd1_mgmt_brick_op_req/rsp (5 BRICK_OP has no handler)
BRICK_PROCS = (1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)

# (args decoder, results decoder) of one procedure; None: that side stays opaque
BodyPair = tuple[BodyDecoder | None, BodyDecoder | None]


def _body(parser_cls: LazyParser, params: Callable[[Message], dict[str, Any]]) -> BodyDecoder:
    """A body decoder running ``parser_cls``, its fields read as Gluster's (errno names,
    one line per dictionary entry)."""
    return presented(kaitai_body(parser_cls, params))


def _proc(message: Message) -> dict[str, int]:
    return {"proc": message.params["proc"]}


def _fops() -> dict[tuple[int, int, int], BodyPair]:
    """FOP v400 (gfx_*, glusterfs4-xdr.x) and v330 (gfs3_*, the 3.x glusterfs3-xdr.x)."""
    v4: BodyPair = (_body(FOP4_CALL, _proc), _body(FOP4_REPLY, _proc))
    v3: BodyPair = (_body(FOP3_CALL, _proc), _body(FOP3_REPLY, _proc))
    table = {(gp.FOP_PROGRAM, 400, p): v4 for p in range(1, 57) if p != 49}  # COMPOUND has no XDR left
    # STAT .. SEEK, then LEASE, GETACTIVELK, SETACTIVELK (gfs3_lease_*, gfs3_*activelk_*; the 3.x
    # client and server actor tables have them); COMPOUND (49) stays opaque
    table.update({(gp.FOP_PROGRAM, 330, p): v3 for p in (*range(1, 49), 50, 51, 52)})
    # quotad's LOOKUP is the 3.x gfs3_lookup_req/rsp (quotad-aggregator.c) whatever the FOP version
    lookup = lambda m: {"proc": 27}  # noqa: E731
    table[(gp.AGGREGATOR_PROGRAM, 1, 1)] = (
        _body(FOP3_CALL, lookup),
        _body(FOP3_REPLY, lookup),
    )
    return table


def _helpers() -> dict[tuple[int, int, int], BodyPair]:
    """GF-DUMP, GF-HNDSK, GF-PMAP, GF-CBK: one parser told program, procedure and direction.

    Procedures without arguments (PING, FETCHSPEC) still get the args decoder: it parses
    to nothing, which is what an empty body is."""

    def side(is_reply: bool) -> BodyDecoder:
        return _body(
            HELPERS,
            lambda m: {"program": m.params["prog"], "proc": m.params["proc"], "is_reply": is_reply},
        )

    both: BodyPair = (side(False), side(True))
    call_only: BodyPair = (side(False), None)
    table = {
        (gp.DUMP_PROGRAM, 1): {1: both, 2: both},
        (gp.HNDSK_PROGRAM, 2): dict.fromkeys((1, 2, 3, 4, 5, 6), both),
        (gp.PMAP_PROGRAM, 1): dict.fromkeys((1, 2, 4, 5), both),
        (gp.CBK_PROGRAM, 1): dict.fromkeys((1, 4, 5, 8, 9, 10, 11), call_only),  # one-way: no replies
    }
    return {(prog, vers, proc): pair for (prog, vers), procs in table.items() for proc, pair in procs.items()}


def _glusterd() -> dict[tuple[int, int, int], BodyPair]:
    """GD-FRIEND, GD-MGMT v2/v3, GD-MGMT-HNDSK, GLUSTER-CLI, GD-BRICK, quotad GETLIMIT."""

    def side(is_reply: bool) -> BodyDecoder:
        return _body(
            GLUSTERD,
            lambda m: {"program": m.params["prog"], "vers": m.params["vers"], "proc": m.params["proc"], "is_reply": is_reply},
        )

    both: BodyPair = (side(False), side(True))
    table = {
        (gp.FRIEND_PROGRAM, 2): (1, 2, 3, 4),
        (gp.MGMT_PROGRAM, 2): (1, 2, 3, 4),
        (gp.MGMT_PROGRAM, 3): (1, 2, 3, 4, 5, 6, 7),
        (gp.MGMT_HNDSK_PROGRAM, 1): (1, 2),
        (gp.CLI_PROGRAM, 2): CLI_DICT_PROCS,
        (gp.BRICK_PROGRAM, 2): BRICK_PROCS,
        (gp.AGGREGATOR_PROGRAM, 1): (2,),  # GETLIMIT
    }
    return {(prog, vers, proc): both for (prog, vers), procs in table.items() for proc in procs}


BODIES: dict[tuple[int, int, int], BodyPair] = {**_fops(), **_helpers(), **_glusterd()}
