"""Follow a stream: one conversation's reassembled bytes, both directions in capture order.

What Wireshark calls Follow TCP Stream, with what hexview knows besides the bytes:
where each message starts (its number and name) and where bytes were never captured
(reassembly's gaps, reported with their reason, never silently closed up).

It runs beside the pipeline: ``Follower.observe`` sees every reassembly event
(``Pipeline.run(observe=...)``) and keeps the followed conversation's; ``add`` learns
message boundaries from the messages the pipeline yields. A chunk goes out once the
messages covering it are known (so it can be cut at each message start), or once too
much waits behind one that never gets a message; everything goes out at the end. So
the output streams, in bounded memory, on inputs of any size.
"""

from __future__ import annotations

from bisect import insort
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..messages import Message
from ..packets import Packet
from ..pipeline import Pipeline
from ..tcp.stream_events import Conversation, StreamData, StreamEnd, StreamEvent, StreamGap

MAX_WAITING_BYTES = 1 << 20  # bytes held back waiting for their messages before they go out unsplit
MAX_WAITING_CHUNKS = 4096


@dataclass(frozen=True, slots=True)
class Boundary:
    """A message starting at ``offset`` of its direction: its number and name."""

    offset: int
    index: int
    name: str


@dataclass(frozen=True, slots=True)
class FollowData:
    """Captured bytes of one direction at ``offset``; ``message`` when one starts here."""

    direction: str
    offset: int
    data: bytes
    frame: int
    message: Boundary | None = None


@dataclass(frozen=True, slots=True)
class FollowGap:
    """``length`` bytes at ``offset`` that were sent but not captured, and why."""

    direction: str
    offset: int
    length: int
    reason: str
    frame: int | None
    message: Boundary | None = None


@dataclass(frozen=True, slots=True)
class FollowEnd:
    """The direction closed (FIN/RST) or the input ended."""

    direction: str
    offset: int
    reason: str
    frame: int | None


FollowPiece = FollowData | FollowGap | FollowEnd


class Follower:
    """The pieces of conversation ``stream`` (its number, as the stream list and
    ``--summary`` show it), cut at message starts, in capture order.

    Feed it ``observe`` (every event) and ``add`` (every message), collect ``ready()``
    after each, and ``finish()`` at the end. ``conversation`` is None until the stream
    is seen; ``streams`` counts the conversations seen so far.
    """

    def __init__(self, stream: int) -> None:
        self.stream = stream
        self.conversation: Conversation | None = None
        self.streams = 0
        self._waiting: deque[StreamEvent] = deque()
        self._waiting_bytes = 0
        self._starts: dict[str, list[Boundary]] = {"c2s": [], "s2c": []}
        self._covered = {"c2s": 0, "s2c": 0}  # offset up to which messages are known

    def observe(self, event: StreamEvent) -> None:
        conv = event.conversation
        if conv.index >= self.streams:
            self.streams = conv.index + 1
        if conv.index != self.stream:
            return
        self.conversation = conv
        self._waiting.append(event)
        chunk = event.chunk
        if isinstance(chunk, StreamData):
            self._waiting_bytes += len(chunk.data)

    def add(self, message: Message) -> None:
        if message.conversation.index != self.stream:
            return
        direction = message.direction
        insort(self._starts[direction], Boundary(message.offset, message.index, message.name), key=_offset)
        end = message.offset + message.length
        if end > self._covered[direction]:
            self._covered[direction] = end

    def ready(self) -> Iterator[FollowPiece]:
        """The pieces whose messages are known (or that waited too long), in order."""
        waiting = self._waiting
        while waiting:
            event = waiting[0]
            chunk = event.chunk
            if isinstance(chunk, StreamEnd):
                if chunk.offset > self._covered[_direction(event)] and not self._too_much():
                    return
            elif chunk.offset + _length(chunk) > self._covered[_direction(event)] and not self._too_much():
                return
            yield from self._release()

    def finish(self) -> Iterator[FollowPiece]:
        """Everything still waiting: the input has ended."""
        while self._waiting:
            yield from self._release()

    def _too_much(self) -> bool:
        return self._waiting_bytes > MAX_WAITING_BYTES or len(self._waiting) > MAX_WAITING_CHUNKS

    def _release(self) -> Iterator[FollowPiece]:
        """The first waiting event, cut at every message start inside it."""
        event = self._waiting.popleft()
        direction = _direction(event)
        chunk = event.chunk
        starts = self._starts[direction]
        if isinstance(chunk, StreamEnd):
            _drop_before(starts, chunk.offset)
            yield FollowEnd(direction, chunk.offset, chunk.reason, chunk.frame)
            return
        if isinstance(chunk, StreamData):
            self._waiting_bytes -= len(chunk.data)
        offset, end = chunk.offset, chunk.offset + _length(chunk)
        _drop_before(starts, offset)
        while offset < end:
            message = None
            if starts and starts[0].offset == offset:
                message = starts.pop(0)
            cut = starts[0].offset if starts and starts[0].offset < end else end
            if isinstance(chunk, StreamData):
                data = chunk.data[offset - chunk.offset : cut - chunk.offset]
                yield FollowData(direction, offset, data, chunk.frame, message)
            else:
                yield FollowGap(direction, offset, cut - offset, chunk.reason, chunk.frame, message)
            offset = cut


def follow(packets: Iterable[Packet], stream: int, pipeline: Pipeline | None = None) -> tuple[Follower, Iterator[FollowPiece]]:
    """The follower of ``stream`` and the generator of its pieces over ``packets``
    (the follower tells, once the generator is done, whether the stream was there)."""
    follower = Follower(stream)
    pipeline = pipeline if pipeline is not None else Pipeline(hold_for_pairs=False)

    def pieces() -> Iterator[FollowPiece]:
        for message in pipeline.run(packets, observe=follower.observe):
            follower.add(message)
            yield from follower.ready()
        yield from follower.finish()

    return follower, pieces()


HELD_GAP = "not held: bytes in no message kept"


def pieces_of_messages(messages: Iterable[Message]) -> Iterator[FollowPiece]:
    """The pieces of one conversation from its messages alone (in capture order), for
    an input that cannot be read again (a pipe): each message's bytes, its missing
    spans as gaps, and a gap wherever a direction's bytes are in no message given
    (before the oldest kept, or never framed)."""
    reached = {"c2s": 0, "s2c": 0}
    for message in messages:
        direction, offset = message.direction, message.offset
        frame = message.frames[0] if message.frames else 0  # 0: a message with no frame (a test's)
        boundary: Boundary | None = Boundary(offset, message.index, message.name)
        before = reached[direction]
        if offset > before:
            yield FollowGap(direction, before, offset - before, HELD_GAP, frame)
        reached[direction] = max(before, offset + message.length)
        at = 0
        for span in sorted(message.missing, key=lambda span: span.start):
            if span.start > at:
                yield FollowData(direction, offset + at, message.data[at : span.start], frame, boundary)
                boundary = None
            if span.end > max(at, span.start):
                start = max(at, span.start)
                yield FollowGap(direction, offset + start, span.end - start, span.reason, frame, boundary)
                boundary = None
            at = max(at, span.end)
        if at < message.length or boundary is not None:
            yield FollowData(direction, offset + at, message.data[at:], frame, boundary)


def _direction(event: StreamEvent) -> str:
    """Asked when a piece goes out, not when it came in: the pipeline may still have
    turned the conversation round (its server learnt from the first bytes)."""
    return event.conversation.direction(event.sender)


def _length(chunk: StreamData | StreamGap) -> int:
    return len(chunk.data) if isinstance(chunk, StreamData) else chunk.length


def _offset(boundary: Boundary) -> int:
    return boundary.offset


def _drop_before(starts: list[Boundary], offset: int) -> None:
    """Forget the message starts before ``offset`` (their bytes went out already)."""
    drop = 0
    while drop < len(starts) and starts[drop].offset < offset:
        drop += 1
    if drop:
        del starts[:drop]
