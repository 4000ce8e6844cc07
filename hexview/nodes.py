"""Several captures of one network read as one: which node took each frame, and the
frames that are one TCP segment seen by several nodes.

``hexview client.pcap brick1.pcap brick2.pcap`` merges its inputs by time
(hexview.readers.merge) and numbers the frames of all of them in that order, as
mergecap would write them: the frame numbers every view shows. This map remembers,
for each such number, the node (input) that captured the frame, the frame's number in
the node's own file and its time by the node's own clock. Reassembly
(hexview.tcp.copies) recognises the frames that carry the same segment seen at both
ends, feeds only the first and records the group here; so a message knows every node
that saw it, the frames there, when, and after what one-way delay (``sightings``).

Groups are keyed by (node, frame in its file), not by the merged number: a second
reading of the same inputs -- the command line reads them twice, the first time to
find the copies and estimate the clocks (hexview.analysis.clocks), the second to
write, perhaps with the clocks aligned and so in another order -- finds them again.
"""

from __future__ import annotations

import math
import os
from array import array
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .messages import Message
    from .tcp.stream_events import Endpoint

NODE_BITS = 16  # a copy key is (frame in its file << NODE_BITS) | node
MAX_NODES = 1 << NODE_BITS
_NODE_MASK = MAX_NODES - 1
_NO_TIME = math.nan  # a frame without a timestamp, in the time array
_SEPARATORS = "-_. "


@dataclass
class Node:
    """One input of a merged run."""

    index: int  # its place on the command line, from 0: node 0 is the clock reference
    name: str  # as named on the command line ('-' for standard input)
    label: str  # short, for columns and notes: see ``short_labels``
    offset: float = 0.0  # seconds taken off every timestamp of this node (--align-clocks)


@dataclass(slots=True)
class CopyGroup:
    """The copies of one TCP segment, each (copy key, time by its node's clock or None),
    and the segment's source and destination (for the one-way delay per direction)."""

    src: Endpoint
    dst: Endpoint
    copies: list[tuple[int, float | None]] = field(default_factory=list)

    def nodes(self) -> list[int]:
        return [key & _NODE_MASK for key, _ in self.copies]


@dataclass(frozen=True, slots=True)
class Sighting:
    """Where one node saw (part of) a message: its frames in the node's file, when
    the first and the last of them were captured (on the run's clock: aligned when
    --align-clocks took offsets off), and the one-way delay from the node that saw it
    first in the run (its last frame to this node's last frame; None for that node)."""

    node: Node
    frames: tuple[int, ...]
    time: float | None
    end_time: float | None
    delay: float | None


def copy_key(node: int, frame: int) -> int:
    return (frame << NODE_BITS) | node


def short_labels(names: list[str]) -> list[str]:
    """Short names for the inputs, unique: the file names without the directory, the
    extension and the words every one of them shares at the front and the end
    (``gluster-nodes-client.pcap``, ``gluster-nodes-node1.pcap`` -> ``client``,
    ``node1``); the whole names when that would leave two alike or one empty, and
    ``#2``, ``#3`` after a name given again."""
    bases = []
    for name in names:
        base = "stdin" if name == "-" else os.path.basename(name.rstrip("/")) or name
        stem, ext = os.path.splitext(base)
        if stem.endswith((".pcap", ".pcapng")) and ext == ".gz":
            stem = os.path.splitext(stem)[0]
        bases.append(stem or base)
    if len(bases) > 1:
        head = _shared_words(bases)
        tail = _shared_words([b[::-1] for b in bases])
        cut = [b[head : len(b) - tail] for b in bases]
        if all(cut) and len(set(cut)) == len(cut):
            return cut
    if len(set(bases)) == len(bases):
        return bases
    seen: dict[str, int] = {}
    labels = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        labels.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return labels


def _shared_words(texts: list[str]) -> int:
    """How many leading characters all ``texts`` share, cut back to just after a separator."""
    shared = os.path.commonprefix(texts)
    if len(shared) == min(map(len, texts)):  # one of them would vanish
        shared = shared[:-1]
    while shared and shared[-1] not in _SEPARATORS:
        shared = shared[:-1]
    return len(shared)


class NodeMap:
    """Frame numbers of a merged run -> node, frame in the node's file and time; the
    copy groups; the clock estimates once made. ``add`` is called by the merging
    reader for every frame it yields, in order."""

    def __init__(self, names: list[str], offsets: list[float] | None = None, known: NodeMap | None = None) -> None:
        """``offsets``: seconds to take off each node's timestamps (None: none).
        ``known``: an earlier reading of the same inputs, whose copy groups and clock
        estimates this one uses instead of finding them again."""
        if len(names) > MAX_NODES:
            raise ValueError(f"at most {MAX_NODES} inputs can be merged")
        labels = short_labels(names)
        offsets = offsets or [0.0] * len(names)
        self.nodes = [Node(i, name, label, offsets[i]) for i, (name, label) in enumerate(zip(names, labels, strict=True))]
        self._node = array("H")
        self._frame = array("q")
        self._time = array("d")  # by the node's own clock
        self.groups: dict[int, CopyGroup] = {} if known is None else known.groups  # copy key -> its group
        self.groups_known = known is not None  # found by an earlier reading: look up, do not match
        # the request/reply pairs, as the copy keys of the request's last frame and the
        # reply's first (hexview.analysis.clocks times them once every copy is known)
        self.pair_requests: array[int] = array("q") if known is None else known.pair_requests
        self.pair_replies: array[int] = array("q") if known is None else known.pair_replies
        self.clocks: list[ClockLine] = [] if known is None else known.clocks  # once estimated

    def __len__(self) -> int:
        return len(self._node)

    @property
    def aligned(self) -> bool:
        return any(node.offset for node in self.nodes)

    def add(self, node: int, frame: int, time: float | None) -> int:
        """Record the next merged frame; returns its number (from 1)."""
        self._node.append(node)
        self._frame.append(frame)
        self._time.append(_NO_TIME if time is None else time)
        return len(self._node)

    def node_of(self, number: int) -> Node:
        return self.nodes[self._node[number - 1]]

    def node_index(self, number: int) -> int:
        return self._node[number - 1]

    def file_frame(self, number: int) -> int:
        return self._frame[number - 1]

    def key_of(self, number: int) -> int:
        """The copy key of merged frame ``number``: (node, frame in its file)."""
        return copy_key(self._node[number - 1], self._frame[number - 1])

    def own_time(self, number: int) -> float | None:
        """Merged frame ``number``'s time by its node's clock (as its file has it)."""
        t = self._time[number - 1]
        return None if t != t else t

    def note_pairs(self, messages: list[Message]) -> None:
        """Remember each first reply among ``messages`` with its request (the reading
        that finds the copies does; a later one has them already)."""
        if self.groups_known:
            return
        key_of = self.key_of
        for m in messages:
            request = m.pair
            if m.is_reply and request is not None and request.pair is m:
                first, last = m.first_frame, request.frames[-1] if request.frames else None
                if first is not None and last is not None:
                    self.pair_requests.append(key_of(last))
                    self.pair_replies.append(key_of(first))

    def copies(self, number: int) -> list[tuple[int, float | None]]:
        """Every copy of merged frame ``number`` as (copy key, time by its node's clock),
        the frame itself included."""
        key = self.key_of(number)
        group = self.groups.get(key)
        return group.copies if group is not None else [(key, self.own_time(number))]

    def latency(self, request: Message, reply: Message) -> float | None:
        """The response time as the node whose copy of the request came first in the run
        (the requester, when the clocks agree) saw it: from its copy of the request's
        last frame to its copy of the reply's last frame, one clock whatever the offsets.
        When that node did not capture the reply: from the first copies in the run."""
        if request.frames and reply.frames:
            sent = request.frames[-1]
            node = self._node[sent - 1]
            start = self.own_time(sent)
            for key, t in self.copies(reply.frames[-1]):
                if key & _NODE_MASK == node and start is not None and t is not None:
                    return t - start
        if request.end_timestamp is None or reply.end_timestamp is None:
            return None
        return reply.end_timestamp - request.end_timestamp

    def sightings(self, message: Message) -> list[Sighting]:
        """Every node that captured some of ``message``'s frames: the node whose copy
        came first in the run (the message's own) first, the others by time."""
        per_node: dict[int, list[tuple[int, float | None]]] = {}
        for number in message.frames:
            for key, t in self.copies(number):
                per_node.setdefault(key & _NODE_MASK, []).append((key >> NODE_BITS, t))
        first = message.first_frame
        own = self._node[first - 1] if first is not None else None
        made = []
        for index, seen in per_node.items():
            node = self.nodes[index]
            times = [t - node.offset for _, t in seen if t is not None]
            made.append((node, tuple(frame for frame, _ in seen), min(times) if times else None, max(times) if times else None))
        made.sort(key=lambda s: (s[0].index != own, s[2] if s[2] is not None else math.inf, s[0].index))
        base = made[0][3] if made else None
        out = []
        for i, (node, frames, time, end) in enumerate(made):
            delay = None if i == 0 or base is None or end is None else end - base
            out.append(Sighting(node, frames, time, end, delay))
        return out


@dataclass(frozen=True, slots=True)
class ClockLine:
    """One node's clock against the reference (node 0), as estimated from request/reply
    pairs seen at both ends (hexview.analysis.clocks): ``offset`` seconds ahead (None:
    no pair links it to the reference), within [``low``, ``high``] whatever the delays
    each way; measured against node ``via`` from ``pairs`` pairs, the closest of which
    took ``round_trip`` seconds on the wire."""

    node: int
    offset: float | None
    low: float | None = None
    high: float | None = None
    via: int | None = None
    pairs: int = 0
    round_trip: float | None = None
