"""From packets to messages: reassembly, protocol choice, framing, ordering.

Everything is a generator: a message is yielded as soon as its bytes (and, for
requests, its reply -- within a bounded window) have been seen, so ``--json`` on a
pipe prints while the capture is still arriving.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .messages import Message
from .nodes import NodeMap
from .packets import Packet
from .protocols.context import DecodeContext
from .protocols.labels import learn_labels
from .protocols.options import check
from .protocols.registry import UNKNOWN, Registration, Verdict, by_heuristic, by_name, by_port, teaches_in
from .tcp.copies import CopyFinder
from .tcp.reassembly import Reassembler
from .tcp.stream_events import Conversation, Endpoint, StreamData, StreamEnd, StreamEvent

PROBE_BYTES = 16  # bytes a heuristic wants to see before it may decide
PAIR_WINDOW = 4096  # messages held back at most while a request waits for its reply
FRAME_TIMES_KEPT = 200_000  # recent frames whose timestamps are remembered for new messages


class SplitUnsafe(Exception):
    """A conversation framed by one worker only taught the input something (its
    registration does not say it ``teaches``): the other workers did not learn it, so
    the split run must not be trusted (run it in one process)."""


@dataclass(frozen=True)
class Share:
    """One worker's part of a run split by conversation (``--stats`` on several cores).

    Every worker reads the whole input, so all number the conversations alike (from 0,
    in the order of their first packets); worker ``worker`` frames those numbered
    ``worker``, ``worker + workers``, ... and leaves the others' packets unread past
    their headers. A conversation whose protocol ``teaches`` (its framing teaches the
    input's other conversations something: a port, a program) is framed by every worker,
    so all learn alike; only its owner gives out its messages."""

    worker: int
    workers: int

    def owns(self, conv: Conversation) -> bool:
        return conv.index % self.workers == self.worker


class Pipeline:
    """Turns packets into messages; keeps only the conversations still open (bounded memory)."""

    def __init__(
        self,
        decode_as: dict[int, str] | None = None,
        hold_for_pairs: bool = True,
        options: dict[str, str] | None = None,
        first_index: int = 1,
        name_streams: bool = True,
        nodes: NodeMap | None = None,
        share: Share | None = None,
    ) -> None:
        """``options``: protocol decoding options by key (``{"protocol.name": value}``,
        see hexview.protocols.options; unknown ones raise OptionError), held with what
        reading learns in this pipeline's own DecodeContext, which every conversation
        gets before its framer is made. ``first_index``: the number of the first
        message (1, as every view shows it; the next input of a multi-file run
        continues where the previous one stopped, see ``next_index``). ``name_streams``:
        show the registrations' labellers the messages that name a stream (a few
        handshake messages get decoded: hexview.protocols.labels); off for outputs that
        show no names (--print, --json, --summary), which then decode nothing they need not.
        ``nodes``: the packets are several nodes'
        captures merged (hexview.readers.merge) and this is their map: a segment
        another node's copy of which was fed already is left out (hexview.tcp.copies),
        and the request/reply pairs are noted there for the clock estimate. ``share``:
        frame only this worker's share of the conversations (None: all of them)."""
        self.nodes = nodes
        self.reassembler = Reassembler(CopyFinder(nodes) if nodes is not None else None)
        self.context = DecodeContext(options)
        self.decode_as = {port: by_name(name) for port, name in (decode_as or {}).items()}
        self.conversations: dict[int, Conversation] = {}  # open ones, by index (closed ones are let go)
        self.hold_for_pairs = hold_for_pairs
        self._waiting: dict[int, list[StreamEvent]] = {}  # conversation index -> events before classification
        self.next_index = first_index  # the number the next framed message gets
        # when the input's first timestamped packet was captured: the origin of every
        # message's relative time (as tshark's frame.time_relative)
        self.first_timestamp: float | None = None
        self._frame_times = FrameTimes(FRAME_TIMES_KEPT)
        self._held: deque[Message] = deque()
        self.name_streams = name_streams
        self.share = share
        self._ignored: set[int] = set()  # conversations another worker frames (by index)
        self._teachers: set[int] = set()  # conversations every worker frames (their protocol teaches)
        self._not_given: set[int] = set()  # of those, the ones whose messages another worker gives out
        self._lessons = 0  # the context's lessons when last checked (a Share's safety check)
        self.framed = 0  # conversations given a framer (a Share's count of its work)

    def set_decode_as(self, port: int, name: str | None) -> None:
        """Decode conversations on ``port`` as protocol ``name`` (None: by heuristics and
        ports again). Conversations already classified keep their protocol."""
        if name is None:
            self.decode_as.pop(port, None)
        else:
            self.decode_as[port] = by_name(name)

    @property
    def options(self) -> dict[str, str]:
        return self.context.options

    def set_option(self, key: str, value: str) -> None:
        """Change a decoding option (checked: OptionError); conversations whose
        protocol is chosen from now on see it."""
        check(key, value)
        # a new dict: conversations already classified keep the values they started with
        self.context.options = {**self.context.options, key: value}

    @property
    def notes(self) -> list[str]:
        return self.reassembler.notes

    def run(self, packets: Iterable[Packet], observe: Callable[[StreamEvent], None] | None = None) -> Iterator[Message]:
        """The messages of ``packets``. ``observe``, when given, sees every reassembly
        event (each conversation's chunks, in capture order) before the messages it
        completes are yielded: what following a stream shows besides the messages."""
        remember = self._frame_times.add
        feed = self.reassembler.feed if observe is None else _observed(self.reassembler.feed, observe)
        handle = self._handle
        release = self._release
        for packet in packets:
            timestamp = packet.timestamp
            if timestamp is not None:
                if self.first_timestamp is None:
                    self.first_timestamp = timestamp
                remember(packet.number, timestamp)
            for event in feed(packet):
                messages = handle(event)
                if messages:
                    yield from release(messages)
        for event in self.reassembler.finish():
            if observe is not None:
                observe(event)
            yield from release(handle(event))
        for index in list(self._waiting):
            yield from release(self._classify_now(index, force=True))
        finished = []
        for conv in self.conversations.values():
            if conv.framer is not None:
                last = conv.framer.finish()
                if self.share is not None and self.context.lessons != self._lessons:
                    self._check_lesson(conv)
                finished += self._number(last) if conv.index not in self._not_given else self._learn_only(last)
        yield from release(finished, final=True)

    # -- classification ----------------------------------------------------------
    def _handle(self, event: StreamEvent) -> list[Message]:
        conv = event.conversation
        framer = conv.framer
        if framer is not None:  # (a conversation with a framer is in self.conversations until it ends)
            chunk = event.chunk
            sender = event.sender
            way = "c2s" if sender is conv.client else "s2c" if sender is conv.server else conv.direction(sender)
            out = framer.feed(way, chunk)
            if self.share is not None and self.context.lessons != self._lessons:
                self._check_lesson(conv)
            if chunk.__class__ is StreamEnd and all(b.ended for b in framer.buffers.values()):
                del self.conversations[conv.index]  # both ways closed and flushed: nothing more to come
                conv.closed = True
                conv.framer = None  # its state (buffers, pending requests) is not needed again
            if out:
                return self._number(out) if not self._not_given or conv.index not in self._not_given else self._learn_only(out)
            return out
        if self._ignored and conv.index in self._ignored:
            return []
        self.conversations.setdefault(conv.index, conv)
        self._waiting.setdefault(conv.index, []).append(event)
        return self._classify_now(conv.index, force=isinstance(event.chunk, StreamEnd))

    def _classify_now(self, index: int, force: bool) -> list[Message]:
        events = self._waiting.get(index, [])
        if not events:
            return []
        conv = events[0].conversation
        choice = self._choose(conv, events, force)
        if choice is None:
            return []
        reg, server = choice
        del self._waiting[index]
        if server is not None and server != conv.server and (server == conv.client):
            conv.swap()
        share = self.share
        if share is not None:
            teaches = teaches_in(reg, conv)
            if not share.owns(conv):
                if not teaches:  # another worker's: not followed from here on
                    del self.conversations[index]
                    self._ignored.add(index)
                    self.reassembler.ignore(conv)
                    return []
                self._not_given.add(index)
            if teaches:
                self._teachers.add(index)
        conv.protocol = reg
        conv.context = self.context
        conv.options = self.context.options
        conv.nodes = self.nodes
        conv.framer = reg.framer(conv)
        self.framed += 1
        out: list[Message] = []
        for event in events:
            out += conv.framer.feed(conv.direction(event.sender), event.chunk)
        if share is not None and self.context.lessons != self._lessons:
            self._check_lesson(conv)
        return self._number(out) if index not in self._not_given else self._learn_only(out)

    def _check_lesson(self, conv: Conversation) -> None:
        """The context learned something while ``conv`` was framed: fine when every
        worker frames it, else the split run is unsafe."""
        self._lessons = self.context.lessons
        if conv.index not in self._teachers:
            reg = conv.protocol
            raise SplitUnsafe(
                f"conversation {conv.index} ({reg.name if reg is not None else '?'}) taught the input something "
                "(its registration does not say it teaches): a run split by conversation cannot be trusted"
            )

    def _choose(self, conv: Conversation, events: list[StreamEvent], force: bool) -> tuple[Registration, Endpoint | None] | None:
        """(registration, server endpoint or None) once the bytes or ports decide.

        Which side is the server: the SYN's receiver when the SYN was seen; else what
        the protocol's heuristic says of the first bytes; else, for a Decode As, the
        side whose port was named (for a port match, the side with that port)."""
        firsts: dict[Endpoint, bytearray] = {}
        for event in events:
            if isinstance(event.chunk, StreamData):
                firsts.setdefault(event.sender, bytearray()).extend(event.chunk.data[:64])
        for endpoint in (conv.server, conv.client):
            if endpoint.port in self.decode_as:
                reg = self.decode_as[endpoint.port]
                return reg, self._server_by_bytes(conv, reg, firsts) or endpoint
        # a port this input learned (a portmapper named it): the server's, or either side's
        # when no SYN said which is the server
        for endpoint in (conv.server,) if conv.orientation_known else (conv.server, conv.client):
            learned = self.context.expected(endpoint.port)
            if learned is not None:
                return learned, self._server_by_bytes(conv, learned, firsts) or endpoint
        for sender, data in firsts.items():
            found = by_heuristic(bytes(data), self.context.claims)
            if found:
                reg, verdict = found
                return reg, conv.server if conv.orientation_known else _server_by_verdict(conv, sender, verdict)
        for endpoint in (conv.server, conv.client):
            by_its_port = by_port(endpoint.port)
            if by_its_port is not None and (firsts or force):
                return by_its_port, endpoint
        enough = any(len(d) >= PROBE_BYTES for d in firsts.values())
        if enough or force:
            return UNKNOWN, None
        return None

    @staticmethod
    def _server_by_bytes(conv: Conversation, reg: Registration, firsts: dict[Endpoint, bytearray]) -> Endpoint | None:
        """The server as the SYN or the registration's own heuristic tells it, or None."""
        if conv.orientation_known:
            return conv.server
        if reg.heuristic is None:
            return None
        for sender, data in firsts.items():
            verdict = reg.heuristic(bytes(data))
            if verdict is not None:
                return _server_by_verdict(conv, sender, verdict)
        return None

    # -- numbering and ordering ----------------------------------------------------
    def _learn_only(self, messages: list[Message]) -> list[Message]:
        """Messages of a teaching conversation another worker gives out: not given out
        here, but the names they give streams are learned alike in every worker."""
        self._learn_names(messages)
        return []

    def _learn_names(self, messages: list[Message]) -> None:
        """Show one conversation's new messages to its registration's labeller."""
        if messages and self.name_streams:
            reg = messages[0].conversation.protocol
            if reg is not None and reg.labels is not None:
                learn_labels(reg.labels, messages, self.context)

    def _number(self, messages: list[Message]) -> list[Message]:
        """Number and time ``messages`` (one conversation's, as a framer gave them), and
        show its registration's labeller those that teach a stream's name."""
        time_of = self._frame_times.get
        index = self.next_index
        for m in messages:
            m.index = index
            index += 1
            frames = m._frames
            if frames.__class__ is int and not m.completed:  # one frame carried it (Message.stamp, without the call)
                m.timestamp = m.end_timestamp = time_of(frames)
            else:
                m.stamp(time_of)
        self.next_index = index
        self._learn_names(messages)
        if self.nodes is not None:
            self.nodes.note_pairs(messages)
        return messages

    def _release(self, messages: list[Message], final: bool = False) -> list[Message]:
        """The messages that may go out now, in order: a request waiting for its reply
        holds back itself and everything after it (at most PAIR_WINDOW messages)."""
        if not self.hold_for_pairs:
            return messages
        held = self._held
        out: list[Message] = []
        if not held:  # the usual case: what precedes the first waiting request goes at once
            for i, m in enumerate(messages):
                if m.expects_reply and m.pair is None and not final:
                    out, messages = messages[:i], messages[i:]
                    break
            else:
                return messages
        held.extend(messages)
        while held:
            head = held[0]
            if head.expects_reply and head.pair is None and not final and len(held) <= PAIR_WINDOW:
                break
            out.append(held.popleft())
        return out


def _observed(
    feed: Callable[[Packet], list[StreamEvent]], observe: Callable[[StreamEvent], None]
) -> Callable[[Packet], list[StreamEvent]]:
    """``feed`` that also shows each event to ``observe`` (kept off the usual path)."""

    def feed_and_observe(packet: Packet) -> list[StreamEvent]:
        events = feed(packet)
        for event in events:
            observe(event)
        return events

    return feed_and_observe


def _server_by_verdict(conv: Conversation, sender: Endpoint, verdict: Verdict) -> Endpoint:
    """The server endpoint, given a heuristic's verdict on what ``sender`` sent first."""
    if not verdict.sender_is_client:
        return sender
    return conv.server if sender == conv.client else conv.client


class FrameTimes:
    """The capture times of the newest ``size`` frames, by frame number.

    Bounded memory on an endless pipe, and compact on a large file: two fixed rings of
    machine numbers (a dict of 200,000 float objects was ~20 MB). A frame whose slot a
    newer one took reads as unknown (None)."""

    __slots__ = ("size", "times", "frames")

    def __init__(self, size: int) -> None:
        self.size = size
        self.times: array[float] | None = None  # allocated with the first time
        self.frames: array[int] = array("q")  # made full size with ``times``

    def add(self, frame: int, timestamp: float) -> None:
        if self.times is None:
            self.times = array("d", bytes(8 * self.size))
            self.frames = array("q", [-1]) * self.size
        slot = frame % self.size
        self.times[slot] = timestamp
        self.frames[slot] = frame

    def get(self, frame: int) -> float | None:
        slot = frame % self.size
        if self.times is None or self.frames[slot] != frame:
            return None
        return self.times[slot]
