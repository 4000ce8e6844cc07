"""The same TCP segment captured by several nodes: fed to reassembly once.

When the client's capture and the server's capture are merged, every segment between
them is there twice -- once as it left, once as it arrived, a one-way delay apart.
Given to reassembly as it is, the second copy would look like a retransmission. So
before reassembly each segment of a merged run is compared with the segments other
nodes captured: the same addresses, ports, sequence and acknowledgment numbers,
flags, length and payload make it a copy. Only the first copy (in the run's order)
goes on; the group of copies is recorded in the run's NodeMap, where a message finds
every node that saw it.

Matching is one to one and first come first served: a node's two identical segments
(a duplicate ACK) pair with another node's two in order, and a node's own repeat is
never its own copy -- a real retransmission stays one. Segments wait for their
copies in a bounded table (``RECENT`` segments): clocks apart by more than that many
segments' worth of traffic leave copies unmatched, to be taken for retransmissions.
A capture cut short by its snap length keeps other payload bytes than a whole one,
so such copies are not matched either.

When an earlier reading of the same inputs found the groups already
(``NodeMap.groups_known``), they are looked up instead: the first copy of each group
that comes in this reading is fed, the rest are not.
"""

from __future__ import annotations

from collections import deque

from ..nodes import CopyGroup, NodeMap, copy_key
from .netlayers import TcpSegment

RECENT = 1 << 18  # segments waiting for a copy from another node, at most

# what makes two captured segments one: direction (addresses and ports), sequence and
# acknowledgment numbers, flags, length on the wire, the captured payload's hash
SegmentKey = tuple[bytes, int, int, int, int, int]


class CopyFinder:
    def __init__(self, nodes: NodeMap) -> None:
        self.nodes = nodes
        self._waiting: dict[SegmentKey, list[CopyGroup]] = {}  # groups that may take a copy yet
        self._order: deque[SegmentKey] = deque()  # one entry per group made, oldest first
        self._fed: set[int] = set()  # groups known from an earlier reading: those already fed (by id)

    def later_copy(self, number: int, seg: TcpSegment) -> bool:
        """Whether merged frame ``number`` (segment ``seg``) is a copy of a segment
        another node's frame already brought; records it in the NodeMap if so."""
        nodes = self.nodes
        node = nodes.node_index(number)
        key = copy_key(node, nodes.file_frame(number))
        if nodes.groups_known:
            group = nodes.groups.get(key)
            if group is None:
                return False
            if id(group) in self._fed:
                return True
            self._fed.add(id(group))
            return False
        wanted: SegmentKey = (seg.key, seg.seq, seg.ack, seg.flags, seg.wire_payload_len, hash(seg.payload))
        time = nodes.own_time(number)
        groups = self._waiting.get(wanted)
        if groups is not None:
            for group in groups:
                if node not in group.nodes():
                    group.copies.append((key, time))
                    if len(group.copies) == 2:  # a group from now on: both copies findable
                        nodes.groups[group.copies[0][0]] = group
                    nodes.groups[key] = group
                    return True
        else:
            groups = self._waiting[wanted] = []
        groups.append(CopyGroup(seg.src, seg.dst, [(key, time)]))
        self._order.append(wanted)
        if len(self._order) > RECENT:
            self._forget(self._order.popleft())
        return False

    def _forget(self, wanted: SegmentKey) -> None:
        """The oldest waiting segment takes no more copies."""
        groups = self._waiting[wanted]
        groups.pop(0)
        if not groups:
            del self._waiting[wanted]
