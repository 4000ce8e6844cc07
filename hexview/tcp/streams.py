"""TCP streams: link/IP/TCP parsing and per-direction reassembly into byte streams.

The one-call entry point for the pipeline; ``Reassembler`` (incremental) and
``parse_tcp`` (one frame) are re-exported for callers that need them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..packets import Packet
from .netlayers import TcpSegment, parse_tcp
from .reassembly import Reassembler
from .stream_events import StreamEvent

__all__ = ["Reassembler", "TcpSegment", "parse_tcp", "stream_events"]


def stream_events(packets: Iterable[Packet], reassembler: Reassembler | None = None) -> Iterator[StreamEvent]:
    """Yield every StreamEvent of ``packets`` in input order, then the end-of-input ones.

    Pass your own ``reassembler`` to read its ``notes`` afterwards.
    """
    reassembler = reassembler if reassembler is not None else Reassembler()
    feed = reassembler.feed
    for packet in packets:
        yield from feed(packet)
    yield from reassembler.finish()
