"""Response-time statistics (``hexview --stats``): per procedure, server and operation.

Like Wireshark's ``-z rpc,srt`` and ``-z rpc,programs``, with percentiles. A request
counts when its first reply arrives (or, unanswered, when the input ends), in the
rows its protocol's ``Registration.stat_entries`` names -- the core never names a
protocol: ONC RPC gives (program, version, procedure), NFSv4 adds one row per
operation inside a COMPOUND, NBD, OCFS2 and POHMELFS one row per command or message
type. Each row is counted twice: for all servers (``server`` None) and for the server
end of the exchange's connection (a brick, a data server; also for the callbacks it
sends its clients).

A server row also names the server when a handshake did (``server_label``: a GlusterFS
brick, a pNFS data server; hexview.protocols.labels), as known once the input is read.

Latency is ``Message.latency``: from the frame that completed the request to the
frame that completed its reply, as Wireshark's SRT measures it; counted in whole
microseconds. Capture times are held as seconds since 1970 in a double, whose step
there is about 0.24 µs: a difference of two such times is exact only once rounded to
the microsecond (every pcap of microsecond resolution then gives its exact latency,
and sums are exact integers), and finer digits would be noise for any capture.

With ``detail`` each row also gets its shapes (``latency_shapes``: a histogram on
log-scaled buckets, requests over time, a heat map of both, the slowest exchanges) for
the statistics screen to draw; ``--stats --json --detail`` writes them.

Memory: one row per key, and per row the latency samples -- 8 bytes each, exact
percentiles -- up to ``SAMPLE_LIMIT`` samples; past that a row keeps a uniform random
sample of that size (reservoir sampling, fixed seed), so its percentiles become
estimates with a rank error of about 1/sqrt(SAMPLE_LIMIT) (0.1%); calls, answers,
errors, min, max, avg and sum stay exact. Requests still waiting for their reply are
held until it comes (the framers hold them as long anyway).
"""

from __future__ import annotations

import math
import random
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TypedDict

from ..messages import Message
from ..protocols.labels import server_label
from ..protocols.registry import StatEntry, StatKey, named_stats
from ..tcp.stream_events import Conversation
from .latency_shapes import Shape, ShapeFields, SliceClock

SAMPLE_LIMIT = 1 << 20  # latency samples a row keeps exactly (8 MB)
PERCENTILES = (50, 90, 99)
MICRO = 1_000_000


class Counts(TypedDict):
    """One row of ``--stats --json`` (the JSON keys, in order)."""

    protocol: str
    program: int | None
    version: int | None
    procedure: int | str
    name: str
    server: str | None
    server_label: str | None
    op: str | None
    calls: int
    answered: int
    unanswered: int
    errors: int
    errnos: dict[str, int]
    min: float | None
    p50: float | None
    p90: float | None
    p99: float | None
    max: float | None
    avg: float | None
    sum: float


class StatRow(Counts, ShapeFields):
    """A row: its counts, then (``detail``) its shapes."""


def _seconds(microseconds: int | None) -> float | None:
    return microseconds / MICRO if microseconds is not None else None


def percentile(ordered: list[int], p: float) -> int | None:
    """The nearest-rank ``p``-th percentile of ascending ``ordered``: the smallest sample
    at least p% of the samples are not above (None for no samples)."""
    if not ordered:
        return None
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class Tally:
    """The counters and latency samples of one row."""

    calls: int = 0
    answered: int = 0
    unanswered: int = 0
    errors: int = 0
    errnos: Counter[str] = field(default_factory=Counter)
    samples: array[int] = field(default_factory=lambda: array("q"))  # latencies in µs
    seen: int = 0  # latencies offered (the reservoir's count)
    total: int = 0  # µs
    low: int | None = None
    high: int | None = None

    def add(self, entry: StatEntry, answered: bool, expects_reply: bool, seconds: float | None, rng: random.Random) -> None:
        self.calls += 1
        if answered:
            self.answered += 1
        elif expects_reply:
            self.unanswered += 1
        if entry.failed:
            self.errors += 1
            if entry.error:
                self.errnos[entry.error] += 1
        if seconds is None:
            return
        latency = round(seconds * MICRO)
        self.seen += 1
        self.total += latency
        self.low = latency if self.low is None else min(self.low, latency)
        self.high = latency if self.high is None else max(self.high, latency)
        if len(self.samples) < SAMPLE_LIMIT:
            self.samples.append(latency)
        else:  # reservoir sampling: each of the ``seen`` latencies kept with equal chance
            slot = rng.randrange(self.seen)
            if slot < SAMPLE_LIMIT:
                self.samples[slot] = latency

    def copy(self) -> Tally:
        return replace(self, errnos=Counter(self.errnos), samples=array("q", self.samples))

    def row(self, key: StatKey, protocol: str, server: str | None, label: str | None) -> StatRow:
        ordered = sorted(self.samples)
        p50, p90, p99 = (_seconds(percentile(ordered, p)) for p in PERCENTILES)
        return {
            "protocol": protocol,
            "program": key.program,
            "version": key.version,
            "procedure": key.procedure,
            "name": key.name,
            "server": server,
            "server_label": label,
            "op": key.op,
            "calls": self.calls,
            "answered": self.answered,
            "unanswered": self.unanswered,
            "errors": self.errors,
            "errnos": dict(sorted(self.errnos.items())),
            "min": _seconds(self.low),
            "p50": p50,
            "p90": p90,
            "p99": p99,
            "max": _seconds(self.high),
            "avg": self.total / self.seen / MICRO if self.seen else None,
            "sum": self.total / MICRO,
        }


_FALLBACK = named_stats()  # for a registration without a stat_entries hook


def stat_entries(request: Message) -> list[StatEntry]:
    """The rows ``request`` counts in: its protocol's ``stat_entries`` hook, or one row
    by its name when the protocol has none or the hook fails (it must never lose the
    statistics)."""
    hook = request.protocol.stat_entries or _FALLBACK
    try:
        return hook(request)
    except Exception:
        return _FALLBACK(request)


Where = tuple[str, StatKey, str | None]  # a row: (protocol, key, server or None)


def row_filter(row: Counts) -> str:
    """A display filter for the messages of ``row``: its requests and their replies
    (``stats.*`` and ``server`` are the row's keys as message fields; a procedure is
    named, as ``stats.procedure`` matches its name too)."""
    from .filters import literal

    parts = [f"protocol == {literal(row['protocol'])}"]
    if row["program"] is not None:
        parts.append(f"stats.program == {row['program']}")
    if row["version"] is not None:
        parts.append(f"stats.version == {row['version']}")
    parts.append(f"stats.procedure == {literal(row['name'])}")  # its name reads better than its number
    if row["op"] is not None:
        parts.append(f"stats.op == {literal(row['op'])}")
    if row["server"] is not None:
        parts.append(f"server == {literal(row['server'])}")
    return " and ".join(parts)


class ResponseTimes:
    """Rows of response-time statistics, fed one message at a time in output order
    (``add``), read once the input is done (``rows``; ``snapshot`` before that).

    ``detail``: keep each row's shapes too, their time counted from ``origin()`` (the
    input's first packet time; None: the first request's)."""

    def __init__(self, detail: bool = False, origin: Callable[[], float | None] | None = None) -> None:
        self.tallies: dict[Where, Tally] = {}
        self.clock = SliceClock(origin) if detail else None
        self.shapes: dict[Where, Shape] = {}
        self.pending: dict[int, Message] = {}  # id -> a request waiting for its first reply
        # server -> a conversation to it, whose input's labels name the server at the end
        self.servers: dict[str, Conversation] = {}
        self.rng = random.Random(0)  # the reservoir's: the same input gives the same rows
        # which exchanges count (a display filter): one counts when its request or its
        # first reply passes; None counts every one
        self.keep: Callable[[Message], bool] | None = None

    def add(self, message: Message) -> None:
        if message.is_request:
            reply = message.first_reply
            if reply is None or reply.index < 0:  # its reply is not out yet
                self.pending[id(message)] = message
            else:
                self._count(message)
        elif message.is_reply:
            request = message.pair
            if request is not None and request.first_reply is message and self.pending.pop(id(request), None) is not None:
                self._count(request)

    def add_all(self, messages: Iterable[Message]) -> None:
        for message in messages:
            self.add(message)

    def finish(self) -> None:
        """Count the requests no reply answered (the input is done; ``rows`` calls it,
        and a reader of several inputs calls it at the end of each)."""
        pending, self.pending = self.pending, {}
        for request in pending.values():
            self._count(request)

    def _count(self, request: Message) -> None:
        reply = request.first_reply
        keep = self.keep
        if keep is not None and not (keep(request) or (reply is not None and keep(reply))):
            return
        reg = request.protocol
        entries = stat_entries(request)
        latency = request.latency
        server = str(request.conversation.server)
        if server not in self.servers:
            self.servers[server] = request.conversation
        expects = request.expects_reply
        for entry in entries:
            for where in (None, server):
                tally = self.tallies.get((reg.name, entry.key, where))
                if tally is None:
                    tally = self.tallies[(reg.name, entry.key, where)] = Tally()
                tally.add(entry, reply is not None, expects, latency, self.rng)
        if self.clock is not None:
            self._shape(request, reply, latency, [(reg.name, e.key, w) for e in entries for w in (None, server)])

    def _shape(self, request: Message, reply: Message | None, latency: float | None, rows: list[Where]) -> None:
        clock = self.clock
        assert clock is not None
        slice_, time = clock.place(request.end_timestamp)
        micros = round(latency * MICRO) if latency is not None else None
        answer = reply.index if reply is not None else None
        for where in rows:
            shape = self.shapes.get(where)
            if shape is None:
                shape = self.shapes[where] = clock.new_shape()
            shape.add(slice_, time, request.index, answer, micros)

    def snapshot(self) -> list[StatRow]:
        """The rows as if the input ended now (requests still waiting count as
        unanswered), leaving this object to go on counting: a live input's view."""
        other = ResponseTimes()
        other.tallies = {where: tally.copy() for where, tally in self.tallies.items()}
        other.pending = dict(self.pending)
        other.servers = dict(self.servers)
        other.rng.setstate(self.rng.getstate())
        other.keep = self.keep
        clock = self.clock
        if clock is not None:
            other.clock = copied = SliceClock(clock.origin)
            copied.start, copied.width = clock.start, clock.width
            for where, shape in self.shapes.items():
                other.shapes[where] = twin = shape.copy()
                copied.shapes.append(twin)
        return other.rows()

    def rows(self) -> list[StatRow]:
        """Every row: by protocol, program, version, procedure, then op (the procedure's
        own row first), the all-servers row before each server's."""
        self.finish()

        def order(item: tuple[Where, Tally]) -> tuple[object, ...]:
            (protocol, key, server), _ = item
            procedure = (0, key.procedure, "") if isinstance(key.procedure, int) else (1, 0, key.procedure)
            return (
                protocol,
                key.program if key.program is not None else -1,
                key.version if key.version is not None else -1,
                procedure,
                key.op is not None,
                key.op or "",
                server is not None,
                server or "",
            )

        labels = {server: server_label(conversation) for server, conversation in self.servers.items()}
        rows = []
        for where, tally in sorted(self.tallies.items(), key=order):
            protocol, key, server = where
            row = tally.row(key, protocol, server, labels.get(server) if server is not None else None)
            if self.clock is not None:
                row = StatRow(**row, **self.shapes.get(where, Shape()).fields(self.clock.width))
            rows.append(row)
        return rows
