"""The vocabulary between TCP reassembly and protocol framing.

Reassembly turns packets into per-direction byte streams. It reports each direction
as a sequence of chunks at stream offsets: ``StreamData`` for bytes that were
captured, ``StreamGap`` for bytes known to exist (TCP sequence numbers say so) but
not captured -- loss, snaplen cuts, damaged text. Offsets never skip silently: the
next chunk always starts where the previous one ended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..nodes import NodeMap
    from ..protocols.context import DecodeContext
    from ..protocols.framing import StreamFramer
    from ..protocols.registry import Registration


@dataclass(frozen=True, slots=True)
class Endpoint:
    addr: str
    port: int

    def __str__(self) -> str:
        if ":" in self.addr:
            return f"[{self.addr}]:{self.port}"
        return f"{self.addr}:{self.port}"


@dataclass(slots=True)
class StreamData:
    """Captured bytes of one direction, starting at ``offset`` in that direction's stream."""

    offset: int
    data: bytes
    frame: int  # the packet number that carried these bytes
    # the later packet that filled the hole before them, when they arrived out of order and
    # waited: a receiver had them only then, so a message they complete is complete then
    released: int | None = None


@dataclass(slots=True)
class StreamGap:
    """``length`` bytes at ``offset`` that were sent but are not in the input."""

    offset: int
    length: int
    reason: str
    frame: int | None = None  # the packet whose header announced them, if any


@dataclass(slots=True)
class StreamEnd:
    """The direction was closed (FIN/RST) or the input ended."""

    offset: int
    reason: str
    frame: int | None = None


Chunk = StreamData | StreamGap | StreamEnd


@dataclass(eq=False)
class Conversation:
    """Both directions of one TCP connection (or of one raw stream dump).

    ``index`` counts conversations from 0 in order of their first packet, as
    tshark's ``tcp.stream``. ``client`` is the side that sent the SYN when it was
    seen; otherwise a guess that the pipeline may correct once (``swap``) when a
    protocol registration recognises the server side by port or by its bytes.
    """

    index: int
    client: Endpoint
    server: Endpoint
    orientation_known: bool = False  # True once a SYN (or a protocol decision) fixed it
    first_frame: int = 0
    transport: str = "tcp"  # "tcp", or "stream" for raw dumps without headers
    protocol: Registration | None = None  # the registration chosen for it (set by the pipeline)
    framer: StreamFramer | None = None  # that protocol's per-conversation state
    packets: int = 0
    bytes: dict[str, int] = field(default_factory=lambda: {"c2s": 0, "s2c": 0})  # TCP payload bytes on the wire
    # packets each way, and the capture times of the first and newest packet (None: untimed input)
    packets_each: dict[str, int] = field(default_factory=lambda: {"c2s": 0, "s2c": 0})
    first_time: float | None = None
    last_time: float | None = None
    # the pipeline's decoding option values by "protocol.name" (ProtocolOption), read
    # by framers and decoders; the same dict as ``context.options``
    options: dict[str, str] = field(default_factory=dict)
    # the pipeline's DecodeContext (hexview.protocols.context): what reading this input
    # chose or learned, shared by its conversations and no other pipeline's
    context: DecodeContext | None = None
    # what the handshake named it (hexview.protocols.labels), or what was not captured
    # of it: held here, so a conversation's name goes when the conversation is let go
    name: str | None = None
    unseen: str | None = None
    # both directions ended and framed: the pipeline let it go (a view may, once it
    # holds none of its messages)
    closed: bool = False
    # several inputs merged into one run: their map (hexview.nodes), which times a
    # request and its reply at one node (Message.latency)
    nodes: NodeMap | None = None

    def direction(self, sender: Endpoint) -> str:
        return "c2s" if sender is self.client or sender == self.client else "s2c"

    def swap(self) -> None:
        self.client, self.server = self.server, self.client
        self.bytes = {"c2s": self.bytes["s2c"], "s2c": self.bytes["c2s"]}
        self.packets_each = {"c2s": self.packets_each["s2c"], "s2c": self.packets_each["c2s"]}

    def label(self) -> str:
        return f"{self.client} -> {self.server}"


@dataclass(slots=True)
class StreamEvent:
    """One chunk of one direction of one conversation, in input order."""

    conversation: Conversation
    sender: Endpoint
    chunk: Chunk
