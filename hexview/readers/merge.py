"""Several inputs as one stream of packets, in time order (the inputs are captures of
one network taken on several nodes at once).

Each input is read by its own reader, lazily; the merge yields the packet with the
earliest time next, ties going to the input named first, and numbers the packets of
all inputs in that order from 1 -- the frame numbers mergecap's chronological merge
would give -- recording in a NodeMap (hexview.nodes) the node, the frame's number in
its own file and its own time. A node whose clock is to be aligned has its offset
taken off every timestamp before the merge compares them, so an aligned run is in
the order the packets happened. A packet without a timestamp (raw and hex dumps)
keeps its place after its input's previous packet.
"""

from __future__ import annotations

import heapq
from collections.abc import Generator, Iterator

from ..nodes import NodeMap
from ..packets import Packet
from . import PacketReader, open_input


class MergedReader:
    """The packets of ``readers`` merged by time, as one reader: ``nodes`` says where
    each came from; ``notes`` are every input's own, each headed by its label."""

    format = "merged"

    def __init__(self, readers: list[PacketReader], nodes: NodeMap) -> None:
        if len(readers) != len(nodes.nodes):
            raise ValueError("one reader per node")
        self.readers = readers
        self.nodes = nodes
        self.name = " + ".join(node.name for node in nodes.nodes)
        sizes = [reader.size for reader in readers]
        self.size: int | None = None if None in sizes else sum(s for s in sizes if s is not None)
        self._packets = self._merge()

    @property
    def notes(self) -> list[str]:
        pairs = zip(self.nodes.nodes, self.readers, strict=True)
        return [f"{node.label}: {note}" for node, reader in pairs for note in reader.notes]

    def position(self) -> int | None:
        """Bytes read of all inputs (for progress), or None when one is a pipe."""
        total = 0
        for reader in self.readers:
            done = reader.position()
            if done is None:
                return None
            total += done
        return total

    def __iter__(self) -> Iterator[Packet]:
        return self._packets

    def close(self) -> None:
        for reader in self.readers:
            reader.close()

    def __enter__(self) -> MergedReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._packets.close()
        for reader in self.readers:
            reader.__exit__(*exc)

    def _merge(self) -> Generator[Packet, None, None]:
        nodes = self.nodes
        offsets = [node.offset for node in nodes.nodes]
        sources = [iter(reader) for reader in self.readers]
        last = [-float("inf")] * len(sources)  # each input's latest merge time
        heap: list[tuple[float, int, int, Packet]] = []
        serial = 0  # keeps an input's untimed packets in their order

        def pull(index: int) -> None:
            nonlocal serial
            packet = next(sources[index], None)
            if packet is None:
                return
            if packet.timestamp is not None:
                last[index] = packet.timestamp - offsets[index]
            serial += 1
            heapq.heappush(heap, (last[index], index, serial, packet))

        for index in range(len(sources)):
            pull(index)
        add = nodes.add
        while heap:
            _, index, _, packet = heapq.heappop(heap)
            own = packet.timestamp
            packet.number = add(index, packet.number, own)
            if own is not None and offsets[index]:
                packet.timestamp = own - offsets[index]
            yield packet
            pull(index)

    def __repr__(self) -> str:
        return f"<MergedReader {self.name!r}>"


def open_merged(paths: list[str], fmt: str, nodes: NodeMap) -> MergedReader:
    """The inputs ``paths`` merged by time into ``nodes`` (InputError: one cannot be read)."""
    readers: list[PacketReader] = []
    try:
        for path in paths:
            readers.append(open_input(path, fmt))
    except BaseException:
        for reader in readers:
            reader.close()
        raise
    return MergedReader(readers, nodes)
