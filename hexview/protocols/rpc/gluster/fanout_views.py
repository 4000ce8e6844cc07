"""``--fanout`` and ``--ec-writes``: the GlusterFS fan-out as cross-stream views.

``--fanout``: one row per group of brick calls (hexview.protocols.rpc.gluster.fanout
says how calls are grouped), its members -- one per brick -- under it; ``enter`` on a
member opens its call, and ``O`` in the view opens it on the member whose call or
reply is on show. ``--ec-writes``: one row per EC write session, its steps as
members (hexview.protocols.rpc.gluster.ec_story); ``enter`` on a step opens its first
call. Times (``start``) are capture times, seconds since 1970, as ``--json``'s
``time``.

``rows`` may be asked while reading goes on (the interactive view over a pipe): it
says what the groups and sessions held so far would be if the input ended now,
without ending them.
"""

from __future__ import annotations

from ....messages import Message
from ...cross_views import Column, CrossView, Row
from .ec_story import EcWrites, session_row
from .fanout import FanOut, Group, group_row


class FanOutCollector:
    """The fan-out's rows: groups handed back, then those still held."""

    def __init__(self) -> None:
        self.fanout = FanOut()
        self.done: list[Row] = []

    def add(self, message: Message) -> None:
        self.done += [group_row(group, self.fanout) for group in self.fanout.add(message)]

    def rows(self) -> list[Row]:
        return self.done + [group_row(group, self.fanout) for group in held(self.fanout)]


class EcWritesCollector:
    """EC write sessions: those ended, then those still open, by start."""

    def __init__(self) -> None:
        self.fanout = FanOut()
        self.writes = EcWrites(self.fanout)
        self.done: list[Row] = []

    def add(self, message: Message) -> None:
        for group in self.fanout.add(message):
            self.done += [session_row(session, self.fanout) for session in self.writes.add(group)]

    def rows(self) -> list[Row]:
        writes = self.writes.copy()
        ended = [session for group in held(self.fanout) for session in writes.add(group)]
        ended += writes.finish()
        rows = self.done + [session_row(session, self.fanout) for session in ended]
        return sorted(rows, key=lambda row: (row["start"] is None, row["start"] or 0.0))


def held(fanout: FanOut) -> list[Group]:
    """The groups ``fanout`` holds, with the geometry they would go out with."""
    groups = fanout.held
    for group in groups:
        group.geometry = fanout.geometry_of(group)
    return groups


FANOUT = CrossView(
    name="fanout",
    title="GlusterFS fan-out: each operation's calls to its bricks",
    key="o",
    help="GlusterFS fan-out: the calls one client sent its bricks for one operation, side by side "
    "(op_ret, op_errno, latency, reply fields), differing fields marked, EC good/bad masks and geometry, "
    "AFR pending counters",
    columns=(
        Column("start", "start", "right"),
        Column("procedure", "procedure"),
        Column("gfid", "gfid"),
        Column("name", "name"),
        Column("client", "client"),
        Column("meaning", "EC / AFR"),
        Column("differs", "differs"),
    ),
    member_columns=(
        Column("brick", "brick"),
        Column("stream", "stream", "right"),
        Column("server", "server"),
        Column("call", "call", "right"),
        Column("reply", "reply", "right"),
        Column("op_ret", "op_ret", "right"),
        Column("op_errno", "op_errno"),
        Column("latency", "latency", "right"),
        Column("fields", "fields"),
    ),
    collector=FanOutCollector,
    member_opens="call",
    locate_key="O",
    member_holds=("call", "reply"),
)

EC_WRITES = CrossView(
    name="ec-writes",
    title="EC writes, step by step",
    key="E",
    help="EC writes, step by step: per disperse file and lock, the lock, dirty mark, head/tail stripe reads, "
    "whole-stripe writes (fragment and file ranges), size/version update, dirty clear and unlock; "
    "a heal's sessions (sinks marked, sources read, fragments rebuilt) as heal rows",
    columns=(
        Column("start", "start", "right"),
        Column("gfid", "gfid"),
        Column("geometry", "geometry"),
        Column("unaligned", "unaligned"),
        Column("heal", "heal"),
        Column("client", "client"),
    ),
    member_columns=(
        Column("step", "step"),
        Column("procedure", "procedure"),
        Column("call", "call", "right"),
        Column("start", "start", "right"),
        Column("detail", "detail"),
    ),
    collector=EcWritesCollector,
    member_opens="call",
    member_holds=("calls", "replies"),
)
