"""Each node's clock, estimated from request/reply pairs seen at both ends.

Capture files of several nodes are timed by each node's own clock. A call that left
the client at t1 (client's clock) and reached the server at t2 (server's clock),
answered by a reply that left at t3 and arrived at t4, gives, as NTP reasons (RFC
5905, "on-wire protocol"):

    offset = ((t2 - t1) + (t3 - t4)) / 2     the server's clock minus the client's
    delay  = (t4 - t1) - (t3 - t2)           the time on the wire, both ways

exact when the two one-way delays are equal, and never wrong by more than half the
round trip: the true offset lies between t3 - t4 and t2 - t1. Which node called
does not matter -- swapping the two nodes negates the offset, and the delay is the
distance between the two one-way differences -- so every pair of nodes that both saw
a request and its reply gives a sample. The estimate for two nodes is the median
offset of the pairs with the least delay (a quarter of them, at most ``BEST``): the
ones least disturbed by queues and scheduling. Their bounds are where every pair's
interval overlaps. Each node is then placed against the reference (the first input)
along the links of such pairs, through another node if it never talked to the
reference itself.

The times are the request's last frame (when it had been sent and received whole)
and the reply's first, each by the capturing node's own clock as its file has it
(the copy groups keep those, whatever alignment a reading applied): the estimate is
always of the clocks as captured.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from statistics import median

from ..nodes import NODE_BITS, ClockLine, NodeMap
from ..safe_text import printable

BEST = 32  # least-delay samples the estimate takes the median of, at most
_NODE_MASK = (1 << NODE_BITS) - 1


@dataclass
class _Link:
    """What the pairs seen by nodes ``a`` and ``b`` (a < b) say of clock b minus clock a."""

    samples: list[tuple[float, float]]  # (delay, offset)
    low: float
    high: float

    def estimate(self) -> tuple[float, float]:
        """(offset, least delay)."""
        ordered = sorted(self.samples)
        best = ordered[: max(1, min(BEST, len(ordered) // 4))]
        return median(offset for _, offset in best), ordered[0][0]


def clock_lines(nodes: NodeMap) -> list[ClockLine]:
    """Every node's clock against node 0 (``ClockLine``), node 0's included, from the
    request/reply pairs and copy groups a reading of the merged inputs recorded."""
    links = _links(nodes)
    count = len(nodes.nodes)
    placed: dict[int, ClockLine] = {0: ClockLine(0, 0.0, 0.0, 0.0)}
    todo = deque([0])
    while todo:  # breadth first from the reference: the fewest links away
        here = todo.popleft()
        base = placed[here]
        for other in range(count):
            if other in placed:
                continue
            link, sign = (links.get((here, other)), 1) if here < other else (links.get((other, here)), -1)
            if link is None:
                continue
            offset, least = link.estimate()
            low, high = (link.low, link.high) if sign > 0 else (-link.high, -link.low)
            bounds = _sum(base.low, low), _sum(base.high, high)
            placed[other] = ClockLine(other, _sum(base.offset, sign * offset), *bounds, here, len(link.samples), least)
            todo.append(other)
    return [placed.get(i, ClockLine(i, None)) for i in range(count)]


def _links(nodes: NodeMap) -> dict[tuple[int, int], _Link]:
    """Per pair of nodes, the samples of every request/reply pair both saw."""
    groups = nodes.groups
    links: dict[tuple[int, int], _Link] = {}
    for request_key, reply_key in zip(nodes.pair_requests, nodes.pair_replies, strict=True):
        request, reply = groups.get(request_key), groups.get(reply_key)
        if request is None or reply is None:  # seen by one node only
            continue
        sent = _times(request.copies)
        answered = _times(reply.copies)
        both = sorted(set(sent) & set(answered))
        for i, a in enumerate(both):
            for b in both[i + 1 :]:
                there = sent[b] - sent[a]  # the request's one-way difference, b's clock minus a's
                back = answered[b] - answered[a]
                offset, delay = (there + back) / 2, abs(there - back)
                low, high = min(there, back), max(there, back)
                link = links.get((a, b))
                if link is None:
                    links[(a, b)] = _Link([(delay, offset)], low, high)
                else:
                    link.samples.append((delay, offset))
                    link.low, link.high = max(link.low, low), min(link.high, high)
    return links


def _times(copies: list[tuple[int, float | None]]) -> dict[int, float]:
    """Node -> when it captured its copy, by its own clock."""
    return {key & _NODE_MASK: t for key, t in copies if t is not None}


def _sum(a: float | None, b: float) -> float | None:
    return None if a is None else a + b


def offsets_of(nodes: NodeMap) -> list[float]:
    """The estimated clock offsets, to be taken off (0 for a node not estimated)."""
    return [line.offset or 0.0 for line in nodes.clocks]


def clock_notes(nodes: NodeMap) -> list[str]:
    """One line per node but the reference: its clock against the reference node's,
    and whether this run took it off its times."""
    if not nodes.clocks:
        return []
    reference = nodes.nodes[0]
    out = []
    for line in nodes.clocks[1:]:
        node = nodes.nodes[line.node]
        head = f"clock of {printable(node.label)} ({printable(node.name)})"
        if line.offset is None:
            out.append(f"{head}: not estimated: no request and reply seen at both ends links it to {printable(reference.label)}")
            continue
        via = f" via {printable(nodes.nodes[line.via].label)}" if line.via not in (None, 0) else ""
        text = f"{head}: {line.offset:+.6f} s against {printable(reference.label)}{via}"
        if line.low is not None and line.high is not None:
            text += f" (between {line.low:+.6f} and {line.high:+.6f}"
            if line.low > line.high:
                text += ", which disagree: a clock that drifted, or a middlebox delaying one way only"
            text += ")"
        text += f" from {line.pairs} request/reply pair{'s' if line.pairs != 1 else ''}"
        if line.round_trip is not None:
            text += f", least round trip {line.round_trip:.6f} s"
        applied = node.offset
        text += f"; {applied:+.6f} s taken off its times" if applied else "; --align-clocks takes it off its times"
        out.append(text)
    return out
