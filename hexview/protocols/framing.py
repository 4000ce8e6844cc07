"""Shared machinery for cutting one direction's byte stream into messages.

A protocol's framer only answers "how long is the message starting here, and what
kind is it?"; this module keeps the bytes, the gaps and the frame numbers, hands out
messages with their missing spans, and resynchronises after damage by scanning for
the protocol's magics. Every byte of the stream ends up in exactly one message, so
nothing the input held is ever dropped from view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from ..messages import Message
from ..packets import Shortfall, Span
from ..tcp.stream_events import Chunk, Conversation, StreamData, StreamEnd, StreamGap

# Gaps up to this size are kept in place as zero placeholders, so a message that spans
# lost bytes keeps its length and the next message stays aligned. A larger jump in the
# sequence space is treated as a break: the framer resynchronises after it.
GAP_FILL_LIMIT = 16 * 1024 * 1024
# Bytes without any magic are shown in pieces of at most this size.
UNDECODED_CHUNK = 64 * 1024
# Bytes kept back at the end of a buffer with no message start in it: a start
# (magic or header) may straddle the end and be completed by the next segment.
RESYNC_TAIL = 64


@dataclass(slots=True)
class Cut:
    """A framer's answer: the next message is ``length`` bytes of ``kind``."""

    length: int
    kind: str
    name: str
    params: dict[str, Any] | None = None
    is_request: bool = False
    expects_reply: bool = False


class DirectionBuffer:
    """The not-yet-framed bytes of one direction, with their gaps and frame numbers."""

    __slots__ = ("base", "data", "gaps", "frames", "released", "ended", "jump")

    def __init__(self) -> None:
        self.base = 0  # stream offset of data[0]
        self.data = bytearray()
        self.gaps: list[tuple[int, int, str]] = []  # absolute [start, end) with reason
        self.frames: list[tuple[int, int, int]] = []  # absolute [start, end) -> frame
        # absolute [start, end) -> the later packet that released those bytes (StreamData.released)
        self.released: list[tuple[int, int, int]] = []
        self.ended = False
        self.jump: StreamGap | None = None  # a gap too large to fill, waiting to be applied

    @property
    def end(self) -> int:
        return self.base + len(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def add(self, chunk: Chunk) -> None:
        if isinstance(chunk, StreamData):
            self._add_data(chunk)
        elif isinstance(chunk, StreamGap):
            if chunk.length > GAP_FILL_LIMIT:
                self.jump = chunk
            else:
                self._add_gap(chunk)
        elif isinstance(chunk, StreamEnd):
            self.ended = True

    def _add_data(self, chunk: StreamData) -> None:
        data = chunk.data
        if chunk.offset != self.end:  # reassembly promises contiguity; be defensive anyway
            if chunk.offset < self.end:
                data = data[self.end - chunk.offset :]
            else:
                self._add_gap(StreamGap(self.end, chunk.offset - self.end, "bytes not in the input", chunk.frame))
        if data:
            start = self.end
            self.data += data
            self.frames.append((start, self.end, chunk.frame))
            if chunk.released is not None:
                self.released.append((start, self.end, chunk.released))

    def _add_gap(self, gap: StreamGap) -> None:
        if gap.length <= 0:
            return
        start = self.end
        self.data += bytes(gap.length)
        self.gaps.append((start, self.end, gap.reason))
        if gap.frame is not None:
            self.frames.append((start, self.end, gap.frame))

    def apply_jump(self) -> None:
        """Skip a huge gap: framing restarts after it (the caller resynchronises)."""
        gap = self.jump
        self.jump = None
        if gap is not None:
            self.discard_all()
            self.base = gap.offset + gap.length

    def peek(self, n: int, at: int = 0) -> bytes:
        return bytes(self.data[at : at + n])

    def gap_in(self, start: int, end: int) -> bool:
        """True if any byte of the relative range [start, end) is a placeholder."""
        return self.after_gap(start, end) != start

    def after_gap(self, start: int, end: int) -> int:
        """``start`` if the relative range [start, end) is all captured, else the
        relative end of the last gap inside it: where a scan for a message start may
        go on without stepping through placeholder bytes one at a time."""
        lo, hi = self.base + start, self.base + end
        past = -1
        for g0, g1, _ in self.gaps:
            if g0 < hi and g1 > lo and g1 > past:
                past = g1
        return start if past < 0 else past - self.base

    def find(self, needles: tuple[bytes, ...], start: int = 1) -> int:
        """Relative position of the earliest needle at or after ``start`` that lies in captured bytes."""
        best = -1
        for needle in needles:
            pos = self.data.find(needle, start)
            while pos >= 0:
                skip = self.after_gap(pos, pos + len(needle))
                if skip == pos:
                    break
                pos = self.data.find(needle, skip)
            if pos >= 0 and (best < 0 or pos < best):
                best = pos
        return best

    def take(self, n: int) -> tuple[int, bytes, tuple[int, ...] | int, list[Span], int]:
        """Remove the first ``n`` bytes: (offset, bytes, frames -- a bare number when one
        frame carried them all, as ``Message`` keeps it --, missing spans relative to them,
        and the packet that completed them when a later one than all their frames: one
        that filled a hole before bytes of theirs that came early; else 0)."""
        buffered = self.data
        n = min(n, len(buffered))
        offset = self.base
        stop = offset + n
        data = bytes(buffered[:n])
        del buffered[:n]
        self.base = stop
        missing: list[Span] = []
        if self.gaps:
            missing = [
                Span(max(g0, offset) - offset, min(g1, stop) - offset, reason)
                for g0, g1, reason in self.gaps
                if g0 < stop and g1 > offset
            ]
            self.gaps = [g for g in self.gaps if g[1] > stop]
        completed = 0
        if self.released:
            completed = max((f for r0, r1, f in self.released if r0 < stop and r1 > offset), default=0)
            self.released = [r for r in self.released if r[1] > stop]
        held = self.frames
        if len(held) == 1:  # one segment's bytes (the usual case)
            f0, f1, frame = held[0]
            frames: tuple[int, ...] | int = frame if f0 < stop else ()
            if f1 <= stop:
                held.clear()
            return offset, data, frames, missing, completed if completed > frame else 0
        carried = sorted({f for f0, f1, f in held if f0 < stop and f1 > offset})
        self.frames = [fr for fr in held if fr[1] > stop]
        if carried and completed <= carried[-1]:
            completed = 0
        return offset, data, carried[0] if len(carried) == 1 else tuple(carried), missing, completed

    def discard_all(self) -> None:
        self.base = self.end
        self.data.clear()
        self.gaps.clear()
        self.frames.clear()
        self.released.clear()


class StreamFramer:
    """Per-conversation framing state; protocols subclass and implement ``cut``.

    ``cut(direction, buffer)`` looks at the buffer's first bytes and returns a
    ``Cut`` (length may exceed what is buffered: the framer waits), ``None`` when it
    needs more bytes to decide, or raises ``Unframeable`` when the bytes are not a
    message start (the base class then resynchronises with ``magics``).
    """

    #: per direction, byte strings that start a message (for resynchronisation)
    magics: dict[str, tuple[bytes, ...]] = {"c2s": (), "s2c": ()}
    #: True when ``cut`` only reads the buffer (no state of its own changes): it may then
    #: be tried on a segment before the segment is buffered (``_whole``), and again after
    pure_cut = False

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.buffers = {"c2s": DirectionBuffer(), "s2c": DirectionBuffer()}

    # -- protocol hooks ----------------------------------------------------------
    def cut(self, direction: str, buf: DirectionBuffer) -> Cut | None:  # pragma: no cover
        raise NotImplementedError

    def paired(self, message: Message) -> None:
        """Called for every message made, in order: link replies to requests here."""

    def resync_magics(self, direction: str) -> tuple[bytes, ...]:
        return self.magics.get(direction, ())

    def resync_position(self, direction: str, buf: DirectionBuffer) -> int:
        """Where the next message may start after damage (-1: not in the buffer yet).
        Protocols without magics override this with a structural test."""
        return buf.find(self.resync_magics(direction))

    # -- driving -----------------------------------------------------------------
    def feed(self, direction: str, chunk: Chunk) -> list[Message]:
        buf = self.buffers[direction]
        if self.pure_cut and chunk.__class__ is StreamData and not buf.data and chunk.offset == buf.base and not buf.ended:
            message = self._whole(direction, buf, chunk)
            if message is not None:
                return [message]
        buf.add(chunk)
        out = self._drain(direction, buf)
        if buf.jump is not None:
            out += self._flush(direction, buf, "stream broken by a large gap")
            buf.apply_jump()
            self.after_break(direction)
        if buf.ended:
            out += self._flush(direction, buf, "stream ended inside a message")
        return out

    def finish(self) -> list[Message]:
        out: list[Message] = []
        for direction, buf in self.buffers.items():
            out += self._drain(direction, buf)
            out += self._flush(direction, buf, "input ended inside a message")
        return out

    def after_break(self, direction: str) -> None:
        """A huge gap: forget state that depended on the lost bytes."""

    def _whole(self, direction: str, buf: DirectionBuffer, chunk: StreamData) -> Message | None:
        """The fast path: a segment that is exactly one message, arriving at a message
        boundary with nothing buffered, becomes that message without being copied into
        the buffer and out again (its bytes object is the message's). None when it is
        anything else -- the caller then buffers it as usual."""
        data = chunk.data
        kept = buf.data
        buf.data = cast(bytearray, data)  # the framer reads the segment as if buffered (read-only, so bytes do)
        try:
            cut = self.cut(direction, buf)
        except Unframeable:
            cut = None
        finally:
            buf.data = kept
        if cut is None or cut.length != len(data):
            return None
        offset = buf.base
        buf.base = offset + len(data)
        message = Message(
            self.conversation,
            direction,
            offset,
            data,
            chunk.frame,
            cut.kind,
            cut.name,
            cut.params,
            (),
            (),
            cut.is_request,
            False,
            cut.expects_reply,
        )
        if chunk.released is not None:
            message.completed = chunk.released
        self.paired(message)
        return message

    def _drain(self, direction: str, buf: DirectionBuffer) -> list[Message]:
        out: list[Message] = []
        while len(buf):
            try:
                cut = self.cut(direction, buf)
            except Unframeable as why:
                messages = self._undecodable(direction, buf, str(why))
                if not messages:
                    break  # wait for more bytes: the next magic may be on its way
                out += messages
                continue
            if cut is None or cut.length > len(buf):
                break
            out.append(self._make(direction, buf, cut))
        return out

    def _undecodable(self, direction: str, buf: DirectionBuffer, reason: str) -> list[Message]:
        """Bytes that start no message: keep them visible up to the next magic.

        When no message start is anywhere in the buffer, all of it (but a short tail
        a start may straddle) is handed out in ``UNDECODED_CHUNK`` pieces at once:
        scanning the buffer again for every piece would make megabytes of junk or
        of a filled gap cost quadratic time."""
        pos = self.resync_position(direction, buf)
        undecoded = Cut(0, "undecoded", "Undecoded bytes", {"reason": reason})
        if pos > 0:
            undecoded.length = pos
            return [self._make(direction, buf, undecoded)]
        if len(buf) < UNDECODED_CHUNK and not buf.ended:
            return []
        keep = 0 if buf.ended else RESYNC_TAIL
        out: list[Message] = []
        while len(buf) and (not out or len(buf) - keep >= UNDECODED_CHUNK):
            undecoded.length = min(len(buf), UNDECODED_CHUNK)
            out.append(self._make(direction, buf, undecoded))
        return out

    def _flush(self, direction: str, buf: DirectionBuffer, reason: str) -> list[Message]:
        if not len(buf):
            return []
        try:
            cut = self.cut(direction, buf)
        except Unframeable as why:
            cut = Cut(len(buf), "undecoded", "Undecoded bytes", {"reason": str(why)})
        if cut is None:
            cut = Cut(len(buf), "undecoded", "Undecoded bytes", {"reason": reason})
        short = cut.length - len(buf)
        message = self._make(direction, buf, Cut(len(buf), cut.kind, cut.name, cut.params, cut.is_request, False))
        if short > 0:
            message.add_problem(Shortfall(message.length, message.length, f"{reason}: {short} more bytes expected", short))
        return [message]

    def _make(self, direction: str, buf: DirectionBuffer, cut: Cut) -> Message:
        offset, data, frames, missing, completed = buf.take(cut.length)
        message = Message(
            self.conversation,
            direction,
            offset,
            data,
            frames,
            cut.kind,
            cut.name,
            cut.params,  # each cut's own dict (or None: empty until asked for), no copy
            missing or (),
            is_request=cut.is_request,
            expects_reply=cut.expects_reply,
        )
        if completed:
            message.completed = completed
        self.paired(message)
        return message


class Unframeable(Exception):
    """The bytes at the buffer's start are not the start of any known message."""
