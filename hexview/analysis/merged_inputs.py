"""The first reading of several nodes' captures: the segments two nodes saw, the
request/reply pairs, the clocks.

A streaming view writes each message as soon as it is complete -- before another
node's copy of it, which comes a one-way delay (and any clock difference) later,
has been read. So the command line reads merged inputs twice: the first reading
(``scan``: reassembly and framing, nothing decoded) finds every copy and every
request/reply pair and estimates each node's clock (hexview.analysis.clocks); the
second, given its map as ``known`` (hexview.nodes.NodeMap), knows where each message
was seen from its first frame on, and merges in the aligned order when the clocks
are to be aligned. The interactive view reads once (its rows are drawn when shown,
by which time the copies are known), and a first time as well only to align the
clocks.
"""

from __future__ import annotations

from collections.abc import Callable

from ..nodes import NodeMap
from ..pipeline import Pipeline
from ..readers.merge import MergedReader
from .clocks import clock_lines


def scan(
    reader: MergedReader,
    decode_as: dict[int, str] | None = None,
    options: dict[str, str] | None = None,
    tick: Callable[[], None] | None = None,
) -> NodeMap:
    """Read the merged inputs through: the copies, the request/reply pairs and the
    clock estimates, in the reader's NodeMap, returned (the map a later reading is
    given as ``known``). Nothing is decoded; ``tick`` is called for every message."""
    nodes = reader.nodes
    with reader:
        pipeline = Pipeline(decode_as=decode_as, hold_for_pairs=False, options=options, nodes=nodes)
        for _ in pipeline.run(reader):
            if tick is not None:
                tick()
    nodes.clocks = clock_lines(nodes)
    return nodes
