"""The conversations list: one row per TCP connection (or raw stream) of an input.

Endpoints, protocol, packets and TCP payload bytes each way, start (seconds since the
input's first packet) and duration come from reassembly (every packet counts, also
those that carry no data); messages, unanswered requests and errors from the
messages framed in it. A message is an error when framing found a problem in it
(bytes not captured, a framing problem, undecodable: as the stream list counts
them) or when it is a reply that reports a failure (``Outcome.failed``): the latter
needs the reply decoded, so building the list decodes every reply (not requests).

Conversations are seen through ``observe`` (every reassembly event: a connection
with no message still gets a row) and messages through ``add``. ``label`` is what the
conversation's handshake named it (hexview.protocols.labels), None when nothing did.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..messages import Message
from ..protocols.labels import stream_label
from ..tcp.stream_events import Conversation, StreamEvent
from .stream_stats import StreamStats

COLUMNS = (
    "stream",
    "client",
    "server",
    "protocol",
    "packets_c2s",
    "packets_s2c",
    "bytes_c2s",
    "bytes_s2c",
    "start",
    "duration",
    "messages",
    "unanswered",
    "errors",
    "label",
)


@dataclass(frozen=True, slots=True)
class ConversationRow:
    """One conversation's line; times in seconds (None when the input has none)."""

    stream: int
    client: str
    server: str
    protocol: str
    packets_c2s: int
    packets_s2c: int
    bytes_c2s: int
    bytes_s2c: int
    start: float | None
    duration: float | None
    messages: int
    unanswered: int
    errors: int
    label: str | None = None

    def value(self, column: str) -> int | float | str | None:
        value: int | float | str | None = getattr(self, column)
        return value


class _Tally:
    """What a conversation's messages add up to."""

    __slots__ = ("conversation", "stats", "failed")

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.stats = StreamStats()
        self.failed = 0  # replies reporting a failure that framing found nothing wrong with


class ConversationList:
    """Conversations in order of their first packet, with their counters."""

    def __init__(self) -> None:
        self._tallies: dict[int, _Tally] = {}

    def observe(self, event: StreamEvent) -> None:
        conv = event.conversation
        if conv.index not in self._tallies:
            self._tallies[conv.index] = _Tally(conv)

    def add(self, message: Message) -> None:
        conv = message.conversation
        tally = self._tallies.get(conv.index)
        if tally is None:
            tally = self._tallies[conv.index] = _Tally(conv)
        problems_before = tally.stats.problems
        tally.stats.add(message)
        if message.is_reply and tally.stats.problems == problems_before and message.decode_transient().outcome.failed:
            tally.failed += 1

    def rows(self, origin: float | None) -> list[ConversationRow]:
        """Every conversation's row; ``origin`` is the input's first packet time."""
        return [_row(tally, origin) for _, tally in sorted(self._tallies.items())]


def _row(tally: _Tally, origin: float | None) -> ConversationRow:
    conv = tally.conversation
    stats = tally.stats
    first, last = conv.first_time, conv.last_time
    start = first - origin if first is not None and origin is not None else None
    duration = last - first if first is not None and last is not None else None
    return ConversationRow(
        stream=conv.index,
        client=str(conv.client),
        server=str(conv.server),
        protocol=conv.protocol.name if conv.protocol is not None else "TCP",
        packets_c2s=conv.packets_each["c2s"],
        packets_s2c=conv.packets_each["s2c"],
        bytes_c2s=conv.bytes["c2s"],
        bytes_s2c=conv.bytes["s2c"],
        start=start,
        duration=duration,
        messages=stats.messages,
        unanswered=stats.unanswered,
        errors=stats.problems + tally.failed,
        label=stream_label(conv),
    )


def sort_rows(rows: list[ConversationRow], column: str) -> list[ConversationRow]:
    """Rows by ``column`` (one of COLUMNS): numbers largest first (what a person
    looks for: the busiest, the slowest), text A to Z; ties by stream."""
    if column not in COLUMNS:
        raise ValueError(f"unknown column {column!r}: one of {', '.join(COLUMNS)}")
    sample = next((row.value(column) for row in rows if row.value(column) is not None), None)
    if isinstance(sample, str):
        return sorted(rows, key=lambda row: (str(row.value(column)), row.stream))
    return sorted(rows, key=lambda row: (-_number(row.value(column)), row.stream))


def _number(value: int | float | str | None) -> float:
    return float(value) if isinstance(value, (int, float)) else float("-inf")
