"""Messages: one protocol data unit cut out of one direction of a conversation.

Framing makes messages cheaply (boundaries, a kind, a short name); the field tree is
decoded only when a view asks for it (``decode``), so a large capture can be indexed
without running a parser over every byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .packets import Span

if TYPE_CHECKING:  # pragma: no cover
    from .fields import DecodedMessage
    from .stream_events import Conversation


@dataclass(eq=False, slots=True)
class Message:
    conversation: "Conversation"
    direction: str  # "c2s" or "s2c"
    offset: int  # of the first byte, in that direction's byte stream
    data: bytes  # missing bytes are zero placeholders listed in ``missing``
    frames: tuple[int, ...]  # 1-based packet numbers that carried its bytes
    kind: str  # the protocol's message kind: picks the parser
    name: str  # short label known from framing alone, e.g. "NBD_CMD_READ"
    params: dict = field(default_factory=dict)  # framing facts the parser needs
    # the next three are a shared empty tuple until there is something to hold: most
    # messages have no gap, no framing problem and at most one reply, and a view keeps
    # every message of an endless pipe's window (three empty lists were ~170 bytes each)
    missing: "list[Span] | tuple" = ()  # not captured (gaps), relative
    problems: "list[Span] | tuple" = ()  # framing problems, relative (``add_problem``)
    is_request: bool = False
    is_reply: bool = False
    expects_reply: bool = False  # a request still waiting for its reply
    index: int = -1  # the message's number, from 1 in output order (every view shows it), set by the pipeline
    pair: "Message | None" = None  # request <-> reply link (replies: their request)
    replies: "list[Message] | tuple" = ()  # requests: every reply part
    timestamp: float | None = None  # of the first frame
    end_timestamp: float | None = None  # of the last frame: when the message was complete
    _decoded: "DecodedMessage | None" = None

    @property
    def length(self) -> int:
        return len(self.data)

    @property
    def endpoints(self):
        """(source, destination) of this message's direction."""
        conv = self.conversation
        return (conv.client, conv.server) if self.direction == "c2s" else (conv.server, conv.client)

    @property
    def protocol(self):
        return self.conversation.protocol

    @property
    def latency(self) -> float | None:
        """Seconds from the request to its (first) reply, like Wireshark's response time:
        each side taken at the frame that completed it."""
        if self.is_reply:
            request, reply = self.pair, self
        else:
            request, reply = self, (self.replies[0] if self.replies else None)
        if request is None or reply is None or request.end_timestamp is None or reply.end_timestamp is None:
            return None
        return reply.end_timestamp - request.end_timestamp

    def decode(self) -> "DecodedMessage":
        """The field tree, decoded on first use and then kept."""
        if self._decoded is None:
            self._decoded = self.conversation.protocol.decode(self)
        return self._decoded

    def add_problem(self, span: Span) -> None:
        if self.problems:
            self.problems.append(span)
        else:
            self.problems = [span]

    def decode_transient(self) -> "DecodedMessage":
        """The field tree without keeping it: the one kept if a view already decoded this
        message, else a fresh decode that is let go after use (lists, searches and other
        messages' summaries must not keep a tree per message)."""
        if self._decoded is not None:
            return self._decoded
        return self.conversation.protocol.decode(self)

    def link(self, request: "Message") -> None:
        """Pair this reply (or reply part) with ``request``."""
        self.pair = request
        self.is_reply = True
        if request.replies:
            request.replies.append(self)
        else:
            request.replies = [self]
        if request.pair is None:
            request.pair = self
