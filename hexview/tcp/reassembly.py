"""TCP reassembly: packets in, one contiguous chunk sequence per direction out.

Framers index a stream by offset, so every direction is reported as back-to-back
chunks -- captured bytes (``StreamData``), bytes known to exist but not captured
(``StreamGap``: lost segments, snaplen cuts, damaged text) and the close
(``StreamEnd``). Retransmitted and overlapping bytes are delivered once (the first
copy wins); segments that arrive early wait in a small bounded buffer until the
hole before them fills or is given up as a gap.

Offsets are per direction and unbounded (streams may exceed 4 GiB): each direction
keeps the pair (next expected 32-bit sequence number, its stream offset) and maps
any sequence number through their signed 32-bit difference, which also makes
sequence-number wraparound a non-event.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from ..packets import LINKTYPE_STREAM, Packet
from .copies import CopyFinder
from .header_salvage import HeaderSalvage, header_says_tcp
from .netlayers import ACK, FIN, PLAIN_KEY, RST, SYN, TcpSegment, parse_tcp, plain_flags, reverse_key
from .stream_events import Conversation, Endpoint, StreamData, StreamEnd, StreamEvent, StreamGap

MASK = 0xFFFFFFFF
HALF = 1 << 31
LOST = "not captured (lost segment?)"
MAX_PENDING_BYTES = 1 << 20  # out-of-order bytes held per direction before a hole is given up
MAX_PENDING_SEGMENTS = 200
MAX_FLOWS = 200_000  # directions remembered before closed conversations are forgotten
MAX_CLOSED = 1024  # conversations closed both ways whose flows are still remembered (late ACKs)
HUGE_JUMP = 64 << 20  # a forward jump this large is a capture restart more than a loss
HISTORY = 16  # delivered chunks kept per direction to compare retransmissions against
MAX_NOTES = 200
MAX_SKIP_REASONS = 50
FRAMES_PER_REASON = 5
_CLOSING = FIN | RST
NO_CONVERSATION = -1  # a note's conversation when it concerns a packet, not a conversation
_NO_HISTORY: deque[StreamData] = deque(maxlen=0)  # shared by ended directions: appends are no-ops


class _Piece:
    """The part [start, end) of a segment waiting in the out-of-order buffer.

    ``base`` is the stream offset of ``seg.payload[0]``; ``held`` the captured
    bytes this piece keeps alive, which is what the memory bound counts.
    """

    __slots__ = ("start", "end", "base", "seg", "held")

    def __init__(self, start: int, end: int, base: int, seg: TcpSegment) -> None:
        self.start = start
        self.end = end
        self.base = base
        self.seg = seg
        captured_end = base + len(seg.payload)
        self.held = max(0, min(end, captured_end) - start)


class _Skipped:
    """Packets skipped for one reason: how many, and the first few frame numbers."""

    __slots__ = ("count", "frames")

    def __init__(self) -> None:
        self.count = 0
        self.frames: list[int] = []


def _piece_start(piece: _Piece) -> int:
    """Sort key of the out-of-order buffer."""
    return piece.start


class _Direction:
    """Reassembly state of one sender's byte stream.

    ``next_seq``/``next_off`` always move together: the sequence number and stream
    offset of the next byte to deliver. ``next_seq`` is None until the sender's
    first segment; the Reassembler starts a direction before anything else uses
    it, hence its ``cast(int, d.next_seq)``. ``peer`` is the reply direction, set
    by whoever makes the pair right after making both.
    """

    peer: _Direction

    __slots__ = (
        "conv",
        "sender",
        "peer",
        "key",
        "ignored",
        "next_seq",
        "next_off",
        "syn_seq",
        "pending",
        "pending_bytes",
        "history",
        "ended",
        "partial_end",
        "partial_reason",
    )

    def __init__(self, conv: Conversation, sender: Endpoint, key: bytes = b"") -> None:
        self.conv = conv
        self.sender = sender
        self.key = key  # its direction key (TcpSegment.key; none for a raw stream)
        self.ignored = False  # reassembly no longer follows it (Reassembler.ignore)
        self.next_seq: int | None = None
        self.next_off = 0
        self.syn_seq: int | None = None
        self.pending: list[_Piece] = []
        self.pending_bytes = 0
        self.history: deque[StreamData] = deque(maxlen=HISTORY)
        self.ended: str | None = None
        self.partial_end = -1  # offset right after data of an IP first fragment
        self.partial_reason = ""

    def start(self, seg: TcpSegment) -> None:
        """Offset 0 is the byte after the SYN, or else the first sequence number seen."""
        if seg.flags & SYN:
            self.syn_seq = seg.seq
            self.next_seq = (seg.seq + 1) & MASK
        else:
            self.next_seq = seg.seq


def _signed(delta: int) -> int:
    """A 32-bit sequence difference as a signed number (RFC 1982 style)."""
    return ((delta + HALF) & MASK) - HALF


def _differs(a: bytes, a_base: int, b: bytes, b_base: int, lo: int, hi: int) -> bool:
    """Whether two copies of the stream range [lo, hi) disagree where both were captured."""
    hi = min(hi, a_base + len(a), b_base + len(b))
    if hi <= lo:
        return False
    return memoryview(a)[lo - a_base : hi - a_base] != memoryview(b)[lo - b_base : hi - b_base]


@dataclass
class NoteLog:
    """A reassembler's notes as parts, for joining those of workers that each followed
    some of an input's conversations (``merged_notes``)."""

    skipped: list[str]  # the packets skipped, a line per reason
    noted: list[tuple[int, int, str]]  # (frame, conversation index or NO_CONVERSATION, note), the first MAX_NOTES
    counts: dict[int, int]  # notes made, kept or not, by conversation index


class Reassembler:
    """Turns packets into StreamEvents, conversation by conversation.

    ``feed`` returns the events a packet completes (possibly none, possibly
    events of earlier packets that waited for it); ``finish`` gives up the
    remaining holes and ends every open direction. ``notes`` summarises what was
    skipped or odd, aggregated so millions of packets cannot flood it.

    ``copies``, for the inputs of several nodes merged into one run: finds the
    segments that are another node's copy of one already fed (hexview.tcp.copies),
    which are then left out; and each node's raw stream dump is a stream of its own.
    """

    def __init__(self, copies: CopyFinder | None = None) -> None:
        self._copies = copies
        self._flows: dict[bytes, _Direction] = {}
        self._sweep_at = MAX_FLOWS
        self._live: dict[int, tuple[_Direction, _Direction]] = {}
        self._closed: deque[_Direction] = deque()  # one direction of each conversation closed both ways, oldest first
        self._next_index = 0
        self._streams: dict[int, _Direction] = {}  # raw stream dumps: one pseudo-conversation per node
        self._skipped: dict[str, _Skipped] = {}
        self._notes: list[tuple[int, int, str]] = []  # NoteLog.noted
        self._note_counts: dict[int, int] = {}  # NoteLog.counts
        # the directions of ignored conversations by key, while plain packets of theirs may come
        self._ignored: dict[bytes, _Direction] = {}
        self._salvage = HeaderSalvage()

    # ---------------------------------------------------------------- input

    def feed(self, packet: Packet) -> list[StreamEvent]:
        """Process one packet; the fast path is an in-order segment with no buffering."""
        if packet.linktype == LINKTYPE_STREAM:
            return self._feed_stream(packet)
        if self._ignored:  # a conversation's plain packet, read no further if it is an ignored one's
            ignored = self._ignored.get(packet.data[PLAIN_KEY])
            if ignored is not None:
                flags = plain_flags(packet)
                if flags is not None and not flags & SYN:
                    if flags & _CLOSING and ignored.ended is None:
                        self._ignore_packet(ignored, flags)
                    return []
        seg = parse_tcp(packet)
        if seg.__class__ is not TcpSegment:  # a reason: parse_tcp returns exactly one of the two
            reason = cast(str, seg)
            header = packet.header
            if header is None:
                self._skip(reason, packet.number)
                return []
            rebuilt = self._rebuild(packet, header, reason)
            if rebuilt is None:
                return []
            seg = rebuilt
        elif packet.header is not None:
            self._salvage.remember(packet, seg)
        if self._copies is not None and self._copies.later_copy(packet.number, seg):
            return []
        out: list[StreamEvent] = []
        flags = seg.flags
        d = self._flows.get(seg.key)
        if d is None:
            d = self._open(seg)
        elif flags & SYN:
            d = self._on_syn(d, seg, out)
        if d.ignored:
            self._ignore_packet(d, flags)
            return out
        conv = d.conv
        conv.packets += 1
        sender = d.sender
        way = "c2s" if sender is conv.client else "s2c" if sender is conv.server else conv.direction(sender)
        conv.packets_each[way] += 1
        timestamp = packet.timestamp
        if timestamp is not None:
            if conv.first_time is None:
                conv.first_time = timestamp
            conv.last_time = timestamp
        if d.next_seq is None:
            d.start(seg)
        wire = seg.wire_payload_len
        if wire:
            conv.bytes[way] += wire
            seq = seg.seq if not flags & SYN else (seg.seq + 1) & MASK
            if (
                seq == d.next_seq
                and not d.pending
                and d.ended is None
                and len(seg.payload) == wire
                and not seg.missing
                and seg.partial is None
            ):
                off = d.next_off
                chunk = StreamData(off, seg.payload, seg.frame)
                out.append(StreamEvent(conv, sender, chunk))
                d.history.append(chunk)
                d.next_off = off + wire
                d.next_seq = (seq + wire) & MASK
            else:
                self._place(d, seg, seq, out)
        if flags & _CLOSING:
            self._close(d, seg, out)
        return out

    def finish(self) -> list[StreamEvent]:
        """End of input: holes become gaps and every open direction ends."""
        out: list[StreamEvent] = []
        for pair in list(self._live.values()):
            for d in pair:
                if d.next_seq is not None and d.ended is None:
                    self._flush(d, out)
                    self._end(d, "end of input", None, out)
        self._live.clear()
        return out

    @property
    def buffered_bytes(self) -> int:
        """Captured bytes currently held out of order, over all open directions."""
        return sum(d.pending_bytes for pair in self._live.values() for d in pair)

    @property
    def notes(self) -> list[str]:
        """Human-readable summary: skipped packets by reason, then individual oddities."""
        result = []
        for reason, entry in self._skipped.items():
            count, frames = entry.count, entry.frames
            shown = ", ".join(map(str, frames)) + (", ..." if count > len(frames) else "")
            noun = "packet" if count == 1 else "packets"
            label = "frame" if count == 1 else "frames"
            result.append(f"{count} {noun} skipped: {reason} ({label} {shown})")
        result.extend(text for _, _, text in self._notes)
        dropped = sum(self._note_counts.values()) - len(self._notes)
        if dropped:
            result.append(f"... and {dropped} more notes")
        return result

    def note_log(self) -> NoteLog:
        skipped = self.notes[: len(self._skipped)]
        return NoteLog(skipped, list(self._notes), dict(self._note_counts))

    # ------------------------------------------------------- following less

    def ignore(self, conv: Conversation) -> None:
        """Stop following ``conv``: its packets are dropped from now on (in a run split
        by conversation, another worker follows it). What every worker of such a run must
        agree on is still kept: a new connection on its ports is a new conversation, and
        its directions end with their FIN or RST, after which they may be forgotten."""
        pair = self._live.pop(conv.index, None)
        if pair is None:
            return
        for d in pair:
            d.ignored = True
            d.pending = []
            d.pending_bytes = 0
            d.history = _NO_HISTORY
            self._ignored[d.key] = d

    def _ignore_packet(self, d: _Direction, flags: int) -> None:
        """A packet of an ignored conversation: only a FIN or RST counts (it ends its sender's direction)."""
        if flags & _CLOSING and d.ended is None:
            d.ended = "RST" if flags & RST else "FIN"

    # ---------------------------------------------------------- connections

    def _open(self, seg: TcpSegment) -> _Direction:
        """Start a conversation; the SYN (or SYN-ACK) sender fixes who is the client."""
        flags = seg.flags
        if flags & SYN:
            known = True
            client, server = (seg.dst, seg.src) if flags & ACK else (seg.src, seg.dst)
        else:
            known = False
            client, server = seg.src, seg.dst
        conv = Conversation(
            index=self._next_index,
            client=client,
            server=server,
            orientation_known=known,
            first_frame=seg.frame,
        )
        self._next_index += 1
        if len(self._flows) > self._sweep_at:
            self._forget_closed()
        back = reverse_key(seg.key)
        forward, reverse = _Direction(conv, seg.src, seg.key), _Direction(conv, seg.dst, back)
        forward.peer, reverse.peer = reverse, forward
        self._flows[seg.key] = forward
        self._flows[back] = reverse
        if self._ignored:  # a new connection on an ignored one's ports
            self._ignored.pop(seg.key, None)
            self._ignored.pop(back, None)
        self._live[conv.index] = (forward, reverse)
        return forward

    def _forget_closed(self) -> None:
        """Bounded memory on an endless pipe: drop conversations closed both ways.

        A retransmission arriving after this starts a new (tiny) conversation, which
        is the price of not remembering every connection ever seen."""
        closed = [key for key, d in self._flows.items() if d.ended is not None and d.peer.ended is not None]
        for key in closed:
            d = self._flows.pop(key)
            self._live.pop(d.conv.index, None)
            self._ignored.pop(key, None)
        self._sweep_at = max(MAX_FLOWS, 2 * len(self._flows))  # amortised: many live flows sweep rarely

    def _on_syn(self, d: _Direction, seg: TcpSegment, out: list[StreamEvent]) -> _Direction:
        """A SYN on a known 4-tuple: a duplicate, a late proof of orientation, or
        (a SYN with a new ISN from a sender that already spoke) a new connection
        reusing the ports -- a SYN never occurs inside a running connection."""
        if seg.seq == d.syn_seq:
            return d
        if not seg.flags & ACK and d.next_seq is not None:
            self._retire(d, seg.frame, out)
            return self._open(seg)
        conv = d.conv
        if not conv.orientation_known:
            client = seg.dst if seg.flags & ACK else seg.src
            if conv.client != client:
                conv.swap()
            conv.orientation_known = True
        return d

    def _retire(self, d: _Direction, frame: int, out: list[StreamEvent]) -> None:
        """End what is still open of a conversation whose ports a new one takes over."""
        for direction in (d, d.peer):
            if direction.next_seq is not None and direction.ended is None:
                self._flush(direction, out)
                self._end(direction, "ports reused by a new connection", frame, out)
        self._live.pop(d.conv.index, None)

    def _close(self, d: _Direction, seg: TcpSegment, out: list[StreamEvent]) -> None:
        """FIN/RST: give up the direction's holes (a FIN also says where data
        stopped, so a hole before it becomes a gap), then end it."""
        if d.ended is not None:
            return
        self._flush(d, out)
        if seg.flags & RST:
            self._end(d, "RST", seg.frame, out)
            return
        seq = seg.seq + 1 if seg.flags & SYN else seg.seq
        fin_off = d.next_off + _signed(seq + seg.wire_payload_len - cast(int, d.next_seq))
        if fin_off > d.next_off:
            self._gap(d, fin_off - d.next_off, LOST, seg.frame, out)
        self._end(d, "FIN", seg.frame, out)

    # ------------------------------------------------------------- ordering

    def _place(self, d: _Direction, seg: TcpSegment, seq: int, out: list[StreamEvent]) -> None:
        """Everything but the in-order fast path: retransmission, overlap,
        out-of-order arrival, snaplen cuts, missing spans, huge jumps."""
        off = d.next_off + _signed(seq - cast(int, d.next_seq))
        end = off + seg.wire_payload_len
        if d.ended is not None:
            if end > d.next_off:
                self._note(
                    seg.frame,
                    d.conv,
                    f"frame {seg.frame}: {end - max(off, d.next_off)} bytes from {d.sender} after its {d.ended} ignored",
                )
            return
        if off < d.next_off:
            if not (seg.wire_payload_len == 1 and end == d.next_off):  # keep-alive: one old (garbage) byte
                self._check_resent(d, seg, off, off, min(end, d.next_off))
            if end <= d.next_off:
                if d.next_off - end > HUGE_JUMP:
                    self._note(
                        seg.frame,
                        d.conv,
                        f"frame {seg.frame}: data from {d.sender} {d.next_off - off} bytes before the stream position ignored",
                    )
                return
        start = max(off, d.next_off)
        if start - d.next_off > HUGE_JUMP and not d.pending:
            self._gap(
                d,
                start - d.next_off,
                f"sequence number jumps {start - d.next_off} bytes ahead (capture restart, or loss)",
                seg.frame,
                out,
            )
        self._hold(d, _Piece(start, end, off, seg))
        first = d.pending[0].start
        if first != d.next_off and d.partial_end == d.next_off:
            self._gap(d, first - d.next_off, d.partial_reason, seg.frame, out)
        self._drain(d, out, seg.frame)
        self._enforce_bounds(d, out)

    def _hold(self, d: _Direction, piece: _Piece) -> None:
        """Buffer a piece, minus the ranges already buffered (the first copy wins)."""
        pending = d.pending
        i = bisect_right(pending, piece.start, key=_piece_start) - 1
        if i < 0 or pending[i].end <= piece.start:
            i += 1
        cur = piece.start
        parts = []
        while i < len(pending) and pending[i].start < piece.end:
            old = pending[i]
            if old.start > cur:
                parts.append((i, _Piece(cur, old.start, piece.base, piece.seg)))
            self._check_overlap(d.conv, old, piece, max(cur, old.start), min(piece.end, old.end))
            cur = max(cur, old.end)
            i += 1
        if cur < piece.end:
            parts.append((i, piece if cur == piece.start else _Piece(cur, piece.end, piece.base, piece.seg)))
        for index, part in reversed(parts):
            pending.insert(index, part)
            d.pending_bytes += part.held

    def _drain(self, d: _Direction, out: list[StreamEvent], now: int | None) -> None:
        """Deliver buffered pieces for as long as they continue the stream; ``now`` is
        the packet that filled the hole they waited behind (None when the hole was
        given up as a gap instead)."""
        pending = d.pending
        while pending and pending[0].start <= d.next_off:
            piece = pending.pop(0)
            d.pending_bytes -= piece.held
            if piece.end > d.next_off:
                piece.start = d.next_off
                self._deliver(d, piece, out, now)

    def _enforce_bounds(self, d: _Direction, out: list[StreamEvent]) -> None:
        """Bounded memory: when too much waits behind a hole, the hole is lost (what
        waited is delivered as of its own packets: no packet completed the stream)."""
        while d.pending and (len(d.pending) > MAX_PENDING_SEGMENTS or d.pending_bytes > MAX_PENDING_BYTES):
            first = d.pending[0]
            self._gap(d, first.start - d.next_off, LOST, first.seg.frame, out)
            self._drain(d, out, None)

    def _flush(self, d: _Direction, out: list[StreamEvent]) -> None:
        """Deliver everything buffered, declaring each remaining hole a gap (as of
        their own packets, like ``_enforce_bounds``)."""
        while d.pending:
            first = d.pending[0]
            if first.start > d.next_off:
                self._gap(d, first.start - d.next_off, LOST, first.seg.frame, out)
            self._drain(d, out, None)

    # ------------------------------------------------------------- emitting

    def _deliver(self, d: _Direction, piece: _Piece, out: list[StreamEvent], now: int | None) -> None:
        """Emit piece [start, end) (start == next_off): captured bytes as data,
        missing spans and the snaplen-cut tail as gaps. A piece that waited for a hole
        before it to fill is released by the packet that filled it (``now``): its data
        says so (``StreamData.released``), as that is when a receiver had the bytes."""
        seg = piece.seg
        payload, base, frame = seg.payload, piece.base, seg.frame
        released = now if now is not None and now > frame else None
        end = piece.end
        data_end = min(end, base + len(payload))
        for lo, hi, reason in seg.missing:
            lo, hi = max(lo + base, d.next_off), min(hi + base, data_end)
            if hi <= lo:
                continue
            if lo > d.next_off:
                self._data(d, payload[d.next_off - base : lo - base], frame, out, released)
            self._gap(d, hi - lo, reason, frame, out)
        if d.next_off < data_end:
            pos = d.next_off - base
            whole = pos == 0 and data_end - base == len(payload)
            self._data(d, payload if whole else payload[pos : data_end - base], frame, out, released)
        if d.next_off < end:
            reason = f"frame {frame}: {len(payload)} of {seg.wire_payload_len} bytes captured (snaplen)"
            self._gap(d, end - d.next_off, reason, frame, out)
        if seg.partial is not None:
            d.partial_end, d.partial_reason = d.next_off, f"frame {frame}: {seg.partial}"

    def _data(self, d: _Direction, data: bytes, frame: int, out: list[StreamEvent], released: int | None = None) -> None:
        """Emit captured bytes at the direction's position and move past them."""
        chunk = StreamData(d.next_off, data, frame, released)
        out.append(StreamEvent(d.conv, d.sender, chunk))
        d.history.append(chunk)
        d.next_off += len(data)
        d.next_seq = (cast(int, d.next_seq) + len(data)) & MASK

    def _gap(self, d: _Direction, length: int, reason: str, frame: int | None, out: list[StreamEvent]) -> None:
        """Emit bytes known to exist but not captured; nothing is allocated for them."""
        out.append(StreamEvent(d.conv, d.sender, StreamGap(d.next_off, length, reason, frame)))
        d.next_off += length
        d.next_seq = (cast(int, d.next_seq) + length) & MASK

    def _end(self, d: _Direction, reason: str, frame: int | None, out: list[StreamEvent]) -> None:
        """Emit the end of a direction and drop what it no longer needs; a
        conversation with both directions over leaves the live set (its flow
        entries stay, so late retransmissions do not start a new conversation)."""
        out.append(StreamEvent(d.conv, d.sender, StreamEnd(d.next_off, reason, frame)))
        d.ended = reason
        d.pending = []
        d.pending_bytes = 0
        d.history = _NO_HISTORY
        if d.peer.ended is not None:
            self._live.pop(d.conv.index, None)
            self._remember_closed(d)

    def _remember_closed(self, d: _Direction) -> None:
        """Keep a closed conversation's flows a while (a late ACK or retransmission is
        still its own, as tshark counts it), the newest ``MAX_CLOSED`` of them: an
        endless pipe of short connections holds a bounded number, not every one."""
        if not d.key:
            return
        closed = self._closed
        closed.append(d)
        while len(closed) > MAX_CLOSED:
            old = closed.popleft()
            for direction in (old, old.peer):
                if self._flows.get(direction.key) is direction:  # not ports a newer connection took
                    del self._flows[direction.key]

    # ----------------------------------------------------- retransmissions

    def _check_resent(self, d: _Direction, seg: TcpSegment, base: int, lo: int, hi: int) -> None:
        """Compare re-sent bytes [lo, hi) (payload starting at stream offset
        ``base``) with the recently delivered copies."""
        if seg.missing:
            return
        for chunk in d.history:
            chunk_end = chunk.offset + len(chunk.data)
            if chunk.offset < hi and lo < chunk_end:
                first = max(lo, chunk.offset)
                if _differs(chunk.data, chunk.offset, seg.payload, base, first, min(hi, chunk_end)):
                    self._note(
                        seg.frame,
                        d.conv,
                        f"frame {seg.frame}: retransmitted bytes from {d.sender} at offset {first} "
                        f"differ from the copy in frame {chunk.frame}; the first copy is kept",
                    )
                    return

    def _check_overlap(self, conv: Conversation, old: _Piece, new: _Piece, lo: int, hi: int) -> None:
        """Compare two buffered copies of [lo, hi); the old one is kept."""
        if old.seg.missing or new.seg.missing:
            return
        if _differs(old.seg.payload, old.base, new.seg.payload, new.base, lo, hi):
            self._note(
                new.seg.frame,
                conv,
                f"frame {new.seg.frame}: bytes at offset {lo} differ from the copy in frame "
                f"{old.seg.frame}; the first copy is kept",
            )

    # ------------------------------------------------------------ raw streams

    def _feed_stream(self, packet: Packet) -> list[StreamEvent]:
        """Headerless dumps: every packet continues one pseudo-conversation (one per node
        when several inputs are merged)."""
        node = self._copies.nodes.node_index(packet.number) if self._copies is not None else 0
        d = self._streams.get(node)
        if d is None:
            conv = Conversation(
                index=self._next_index,
                client=Endpoint("stream", 0),
                server=Endpoint("peer", 0),
                first_frame=packet.number,
                transport="stream",
            )
            self._next_index += 1
            d = self._streams[node] = _Direction(conv, conv.client)
            d.peer = _Direction(conv, conv.server)
            d.next_seq = 0
            self._live[conv.index] = (d, d.peer)
        conv = d.conv
        conv.packets += 1
        way = "c2s" if d.sender is conv.client else conv.direction(d.sender)
        conv.packets_each[way] += 1
        conv.bytes[way] += len(packet.data)
        if packet.timestamp is not None:
            if conv.first_time is None:
                conv.first_time = packet.timestamp
            conv.last_time = packet.timestamp
        out: list[StreamEvent] = []
        if not packet.data or d.ended is not None:
            return out
        missing = tuple(sorted((s.start, s.end, s.reason) for s in packet.missing))
        seg = TcpSegment(
            packet.number, d.sender, d.peer.sender, cast(int, d.next_seq), 0, 0, packet.data, len(packet.data), missing
        )
        self._deliver(d, _Piece(d.next_off, d.next_off + len(packet.data), d.next_off, seg), out, None)
        return out

    def _rebuild(self, packet: Packet, header: str, reason: str) -> TcpSegment | None:
        """A text packet whose hex IP/TCP header is unusable: rebuild its segment from
        tcpdump's header line (``header``, the packet's) when that line describes a TCP segment."""
        if not header_says_tcp(header):
            self._skip(reason, packet.number)
            return None
        seg = self._salvage.rebuild(packet)
        if isinstance(seg, str):
            self._skip(reason, packet.number)
            self._note(packet.number, None, f"frame {packet.number}: {reason}; not rebuilt from its tcpdump header line: {seg}")
            return None
        self._note(
            packet.number,
            None,
            f"frame {packet.number}: {reason}; addresses, ports and sequence numbers taken from its tcpdump header line",
        )
        return seg

    # ------------------------------------------------------------------ notes

    def _skip(self, reason: str, frame: int) -> None:
        """Count a skipped packet under its reason; keep only the first few frame numbers."""
        entry = self._skipped.get(reason)
        if entry is None:
            if len(self._skipped) >= MAX_SKIP_REASONS:
                reason = "other reasons"
            entry = self._skipped.get(reason)
            if entry is None:
                entry = self._skipped[reason] = _Skipped()
        entry.count += 1
        if len(entry.frames) < FRAMES_PER_REASON:
            entry.frames.append(frame)

    def _note(self, frame: int, conv: Conversation | None, text: str) -> None:
        """Keep an individual oddity, up to MAX_NOTES of them (then only count), with the
        frame it came with and the conversation it concerns (None: the packet's own)."""
        index = NO_CONVERSATION if conv is None else conv.index
        self._note_counts[index] = self._note_counts.get(index, 0) + 1
        if len(self._notes) < MAX_NOTES:
            self._notes.append((frame, index, text))


def merged_notes(logs: list[NoteLog], owner: Callable[[int], int]) -> list[str]:
    """The notes one reassembler following every conversation would give, from the logs
    of workers that each followed some (logs[k]: worker k's): a conversation's notes are
    its owner's (``owner(index)``), the packets' worker 0's, in the order of their frames."""
    picked: list[tuple[int, bool, int, str]] = []
    total = 0
    for worker, log in enumerate(logs):
        total += sum(n for index, n in log.counts.items() if _owner(index, owner) == worker)
        picked += [
            (frame, index != NO_CONVERSATION, place, text)
            for place, (frame, index, text) in enumerate(log.noted)
            if _owner(index, owner) == worker
        ]
    picked.sort()
    kept = [text for _, _, _, text in picked[:MAX_NOTES]]
    dropped = [f"... and {total - len(kept)} more notes"] if total > len(kept) else []
    return (logs[0].skipped if logs else []) + kept + dropped


def _owner(index: int, owner: Callable[[int], int]) -> int:
    return 0 if index == NO_CONVERSATION else owner(index)
