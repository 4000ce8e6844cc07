"""Messages: one protocol data unit cut out of one direction of a conversation.

Framing makes messages cheaply (boundaries, a kind, a short name); the field tree is
decoded only when a view asks for it (``decode``), so a large capture can be indexed
without running a parser over every byte.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .packets import Span

if TYPE_CHECKING:  # pragma: no cover
    from .decode.fields import DecodedMessage
    from .protocols.registry import Registration
    from .tcp.stream_events import Conversation, Endpoint


class Message:
    """One message and what framing knew of it.

    A view keeps every message of a capture (or of an endless pipe's window), so the
    record is compact: plain slots, and the usual cases held without a container of
    their own -- one frame as a bare number (``frames`` still reads as a tuple), one
    reply as the message itself (``replies`` still reads as a list), no params dict
    until one is asked for. Empty ``missing``/``problems`` are a shared empty tuple.
    """

    __slots__ = (
        "conversation",
        "direction",
        "offset",
        "data",
        "_frames",
        "kind",
        "name",
        "_params",
        "missing",
        "problems",
        "is_request",
        "is_reply",
        "expects_reply",
        "index",
        "pair",
        "_replies",
        "timestamp",
        "end_timestamp",
        "completed",
        "_decoded",
    )

    def __init__(
        self,
        conversation: Conversation,
        direction: str,  # "c2s" or "s2c"
        offset: int,  # of the first byte, in that direction's byte stream
        data: bytes,  # missing bytes are zero placeholders listed in ``missing``
        frames: tuple[int, ...] | int,  # 1-based packet numbers that carried its bytes
        kind: str,  # the protocol's message kind: picks the parser
        name: str,  # short label known from framing alone, e.g. "NBD_CMD_READ"
        params: dict[str, Any] | None = None,  # framing facts the parser needs
        missing: list[Span] | tuple[()] = (),  # not captured (gaps), relative
        problems: list[Span] | tuple[()] = (),  # framing problems, relative (``add_problem``)
        is_request: bool = False,
        is_reply: bool = False,
        expects_reply: bool = False,  # a request still waiting for its reply
        index: int = -1,  # the message's number, from 1 in output order (every view shows it), set by the pipeline
        pair: Message | None = None,  # request <-> reply link (replies: their request)
        replies: list[Message] | tuple[()] = (),  # requests: every reply part
        timestamp: float | None = None,  # of the first frame
        end_timestamp: float | None = None,  # of the last frame: when the message was complete
    ) -> None:
        self.conversation = conversation
        self.direction = direction
        self.offset = offset
        self.data = data
        if frames.__class__ is int:  # the usual case, stored as it is (framing makes one per message)
            self._frames = frames
        else:
            self.frames = frames
        self.kind = kind
        self.name = name
        self._params = params
        self.missing = missing
        self.problems = problems
        self.is_request = is_request
        self.is_reply = is_reply
        self.expects_reply = expects_reply
        self.index = index
        self.pair = pair
        if replies:
            self.replies = replies
        else:
            self._replies = ()
        self.timestamp = timestamp
        self.end_timestamp = end_timestamp
        # the packet after which the message was whole in its stream, when a later one than
        # its last frame: bytes of it came early, out of order, and waited for a hole before
        # them to fill (StreamData.released); 0 otherwise. ``end_timestamp`` is its time.
        self.completed = 0
        self._decoded: DecodedMessage | None = None

    # the slots' types (the constructor stores the compact forms described above)
    _frames: tuple[int, ...] | int
    _params: dict[str, Any] | None
    missing: list[Span] | tuple[()]
    problems: list[Span] | tuple[()]
    _replies: list[Message] | tuple[()] | Message

    @property
    def frames(self) -> tuple[int, ...]:
        frames = self._frames
        return (frames,) if isinstance(frames, int) else frames

    @frames.setter
    def frames(self, frames: tuple[int, ...] | int) -> None:
        if not isinstance(frames, int):
            frames = tuple(frames)
            if len(frames) == 1:
                frames = frames[0]
        self._frames = frames

    @property
    def first_frame(self) -> int | None:
        """``frames[0]`` without building the tuple (None when no frame carried it)."""
        frames = self._frames
        if isinstance(frames, int):
            return frames
        return frames[0] if frames else None

    @property
    def params(self) -> dict[str, Any]:
        params = self._params
        if params is None:
            params = self._params = {}
        return params

    @params.setter
    def params(self, params: dict[str, Any]) -> None:
        self._params = params

    @property
    def first_reply(self) -> Message | None:
        """``replies[0]`` (or None) without building the list."""
        replies = self._replies
        if isinstance(replies, Message):
            return replies
        return replies[0] if replies else None

    @property
    def replies(self) -> list[Message] | tuple[()]:
        replies = self._replies
        return [replies] if isinstance(replies, Message) else replies

    @replies.setter
    def replies(self, replies: list[Message] | tuple[()]) -> None:
        self._replies = replies[0] if len(replies) == 1 else replies or ()

    def __repr__(self) -> str:
        return f"<Message {self.index} {self.direction} {self.name!r} at {self.offset}+{len(self.data)}>"

    @property
    def length(self) -> int:
        return len(self.data)

    @property
    def endpoints(self) -> tuple[Endpoint, Endpoint]:
        """(source, destination) of this message's direction."""
        conv = self.conversation
        return (conv.client, conv.server) if self.direction == "c2s" else (conv.server, conv.client)

    @property
    def protocol(self) -> Registration:
        """The registration that framed this message (set on its conversation before
        any message is made)."""
        reg = self.conversation.protocol
        if reg is None:
            raise AttributeError(f"conversation {self.conversation.label()} has no protocol: made outside a pipeline")
        return reg

    @property
    def latency(self) -> float | None:
        """Seconds from the request to its (first) reply, like Wireshark's response time:
        each side taken at the frame that completed it. Several inputs merged: as the
        node whose copy of the request came first saw them (hexview.nodes)."""
        request: Message | None
        reply: Message | None
        if self.is_reply:
            request, reply = self.pair, self
        else:
            request, reply = self, self.first_reply
        if request is None or reply is None:
            return None
        nodes = self.conversation.nodes
        if nodes is not None:
            return nodes.latency(request, reply)
        if request.end_timestamp is None or reply.end_timestamp is None:
            return None
        return reply.end_timestamp - request.end_timestamp

    def stamp(self, time_of: Callable[[int], float | None]) -> None:
        """Set ``timestamp`` and ``end_timestamp`` from ``time_of(frame)`` (a time or None)
        of the first and last frames -- or of ``completed``, the later packet that made
        the message whole, as tshark's reassembly takes the frame completing a PDU."""
        frames = self._frames
        if isinstance(frames, int):
            self.timestamp = self.end_timestamp = time_of(frames)
        elif frames:
            self.timestamp = time_of(frames[0])
            self.end_timestamp = time_of(frames[-1])
        if self.completed:
            self.end_timestamp = time_of(self.completed)

    def decode(self) -> DecodedMessage:
        """The field tree, decoded on first use and then kept."""
        if self._decoded is None:
            self._decoded = self.protocol.decode(self)
        return self._decoded

    def add_problem(self, span: Span) -> None:
        if self.problems and isinstance(self.problems, list):
            self.problems.append(span)
        else:
            self.problems = [span]

    def decode_transient(self) -> DecodedMessage:
        """The field tree without keeping it: the one kept if a view already decoded this
        message, else a fresh decode that is let go after use (lists, searches and other
        messages' summaries must not keep a tree per message)."""
        if self._decoded is not None:
            return self._decoded
        return self.protocol.decode(self)

    def link(self, request: Message) -> None:
        """Pair this reply (or reply part) with ``request``."""
        self.pair = request
        self.is_reply = True
        replies = request._replies
        if not replies:
            request._replies = self  # the usual single reply, without a list
        elif isinstance(replies, Message):
            request._replies = [replies, self]
        else:
            replies.append(self)
        if request.pair is None:
            request.pair = self
