"""Per-stream counters for the stream list: messages, bytes, problems, pairing, latency.

Kept incrementally (``add`` per message, in arrival order) and cheaply: nothing here
decodes a message, so the counters keep up with an endless pipe.
"""

from __future__ import annotations

from ..messages import Message
from ..safe_text import printable


def format_seconds(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


class StreamStats:
    __slots__ = (
        "messages",
        "bytes",
        "problems",
        "requests",
        "answered",
        "latency_sum",
        "latency_count",
        "latency_max",
        "first_time",
        "last_time",
        "longest_name",
    )

    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0
        self.problems = 0  # messages with bytes not captured, framing problems, or undecodable
        self.requests = 0  # messages that wait for a reply
        self.answered = 0  # of those, how many got one
        self.latency_sum = 0.0
        self.latency_count = 0
        self.latency_max = 0.0
        self.first_time: float | None = None  # of the stream's first and newest messages
        self.last_time: float | None = None
        self.longest_name = 0  # characters of the longest message name (the list sizes its column)

    @property
    def unanswered(self) -> int:
        return self.requests - self.answered

    def add(self, message: Message) -> None:
        self.messages += 1
        self.bytes += message.length
        name = message.name
        shown = len(name) if name.isprintable() else len(printable(name))  # as the list draws it
        if shown > self.longest_name:
            self.longest_name = shown
        if message.timestamp is not None:
            if self.first_time is None:
                self.first_time = message.timestamp
            self.last_time = message.timestamp
        if message.missing or message.problems or message.kind == "undecoded":
            self.problems += 1
        # Messages arrive in index order, so a request is always added before its reply:
        # requests are counted when added, answers when their first reply is.
        if message.is_request and (message.expects_reply or message.replies):
            self.requests += 1
        elif message.is_reply and message.pair is not None and message.pair.first_reply is message:
            self._answer(message.pair)

    def _answer(self, request: Message) -> None:
        self.answered += 1
        latency = request.latency
        if latency is not None:
            self.latency_sum += latency
            self.latency_count += 1
            self.latency_max = max(self.latency_max, latency)

    @property
    def latency_avg(self) -> float | None:
        return self.latency_sum / self.latency_count if self.latency_count else None


def latency_text(message: Message) -> str:
    """The response time shown beside a reply (or a request with a reply)."""
    latency = message.latency
    return format_seconds(latency) if latency is not None else ""
