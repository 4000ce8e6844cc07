"""``--nodes``: what several nodes' captures say of each other -- per node its frames,
how many of them another node saw too, and its clock against the first input's; per
direction between two nodes, the one-way delay of every segment both captured.

The one-way delay of a segment is the receiving node's time minus the sending node's,
on the clocks of this run: as captured, or aligned (``--align-clocks``). Which node
sent is told per pair of addresses, not per node: of the two directions between the
same two addresses, the one whose copies arrive later at node b than at node a
(median of b's time minus a's) goes from a to b -- with the clocks as captured too,
where a clock ahead adds to one direction what it takes from the other. A direction
with no traffic back is taken to go the way its median delay is positive.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from ..nodes import NODE_BITS, ClockLine, CopyGroup, Node, NodeMap

_NODE_MASK = (1 << NODE_BITS) - 1


@dataclass(frozen=True, slots=True)
class NodeRow:
    node: Node
    packets: int  # frames of its capture
    copies: int  # of them, TCP segments another node captured too
    clock: ClockLine | None  # against node 0 (None: no estimate made)
    via: Node | None  # the node its clock was measured against (None: the reference itself, or none)


@dataclass(frozen=True, slots=True)
class DelayRow:
    sender: Node
    receiver: Node
    source: str  # the segments' source address
    destination: str
    delays: list[float]  # seconds, sorted

    @property
    def segments(self) -> int:
        return len(self.delays)

    @property
    def least(self) -> float:
        return self.delays[0]

    @property
    def median(self) -> float:
        return median(self.delays)

    @property
    def most(self) -> float:
        return self.delays[-1]


def _groups(nodes: NodeMap) -> list[CopyGroup]:
    seen: set[int] = set()
    out = []
    for group in nodes.groups.values():
        if id(group) not in seen:
            seen.add(id(group))
            out.append(group)
    return out


def node_rows(nodes: NodeMap) -> list[NodeRow]:
    packets = [0] * len(nodes.nodes)
    for number in range(1, len(nodes) + 1):
        packets[nodes.node_index(number)] += 1
    copies = [0] * len(nodes.nodes)
    for group in _groups(nodes):
        for index in group.nodes():
            copies[index] += 1
    rows = []
    for node in nodes.nodes:
        clock = nodes.clocks[node.index] if nodes.clocks else None
        via = nodes.nodes[clock.via] if clock is not None and clock.via is not None else None
        rows.append(NodeRow(node, packets[node.index], copies[node.index], clock, via))
    return rows


def delay_rows(nodes: NodeMap) -> list[DelayRow]:
    """Per pair of nodes and direction between two addresses, the one-way delays; the
    pairs in input order, each direction from the lower-numbered node first."""
    # (a, b, source, destination) -> b's time minus a's, per segment both saw (a < b)
    spans: dict[tuple[int, int, str, str], list[float]] = {}
    for group in _groups(nodes):
        times = {}
        for key, t in group.copies:
            node = nodes.nodes[key & _NODE_MASK]
            if t is not None:
                times[node.index] = t - node.offset
        ordered = sorted(times)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                spans.setdefault((a, b, group.src.addr, group.dst.addr), []).append(times[b] - times[a])
    rows: list[tuple[tuple[int, int, int], DelayRow]] = []
    for (a, b, source, destination), values in spans.items():
        back = spans.get((a, b, destination, source))
        here = median(values)
        forward = here > median(back) if back else here >= 0
        if back and here == median(back):  # the same: the address order decides
            forward = (source, destination) < (destination, source)
        sender, receiver = (nodes.nodes[a], nodes.nodes[b]) if forward else (nodes.nodes[b], nodes.nodes[a])
        delays = sorted(v if forward else -v for v in values)
        rows.append(((a, b, 0 if forward else 1), DelayRow(sender, receiver, source, destination, delays)))
    rows.sort(key=lambda r: (r[0], r[1].source, r[1].destination))
    return [row for _, row in rows]
