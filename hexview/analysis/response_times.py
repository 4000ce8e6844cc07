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

Memory: one row per key, and per row the latency samples -- 16 bytes each (the
latency and its exchange's rank), exact percentiles -- up to ``SAMPLE_LIMIT`` samples;
past that a row keeps a uniform random sample of that size, so its percentiles become
estimates with a rank error of about 1/sqrt(SAMPLE_LIMIT) (0.1%); calls, answers,
errors, min, max, avg and sum stay exact. The sample is the ``SAMPLE_LIMIT`` exchanges
of lowest rank, a hash of where the request sits in the input (``exchange_rank``): it
depends on which exchanges a row counted, not on the order they came in, so tallies
counted apart (each server's, or each worker's share of the streams) merge into
exactly the tally one pass would have made (``Tally.merge``). Requests still waiting
for their reply are held until it comes (the framers hold them as long anyway).
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TypedDict, cast

from ..messages import Message
from ..protocols.labels import labels_of
from ..protocols.registry import Registration, StatEntry, StatKey, named_stats
from ..tcp.stream_events import Conversation, Endpoint
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


def exchange_rank(input_number: int, request: Message) -> int:
    """The sampling rank of ``request``'s exchange: a hash of where the request sits
    (which input, conversation, direction and stream offset), the same in every
    process that reads the input, and from run to run (a hash of integers only)."""
    return hash((input_number, request.conversation.index, request.direction == "c2s", request.offset))


@dataclass
class Tally:
    """The counters and latency samples of one row."""

    calls: int = 0
    answered: int = 0
    unanswered: int = 0
    errors: int = 0
    errnos: Counter[str] = field(default_factory=Counter)
    samples: array[int] = field(default_factory=lambda: array("q"))  # latencies in µs
    ranks: array[int] = field(default_factory=lambda: array("q"))  # each sample's exchange_rank
    seen: int = 0  # latencies counted
    total: int = 0  # µs
    low: int | None = None
    high: int | None = None
    # once a row has had more than SAMPLE_LIMIT latencies: the greatest (rank, latency)
    # of the SAMPLE_LIMIT kept, past which a new one can never be among them
    cutoff: tuple[int, int] | None = None

    def add(self, entry: StatEntry, answered: bool, expects_reply: bool, seconds: float | None, rank: int) -> None:
        """Count one exchange (``rank``: its ``exchange_rank``)."""
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
        low = self.low
        if low is None:
            self.low = self.high = latency
        elif latency < low:
            self.low = latency
        elif latency > cast(int, self.high):
            self.high = latency
        cutoff = self.cutoff
        if cutoff is not None and (rank, latency) >= cutoff:
            return
        self.samples.append(latency)
        self.ranks.append(rank)
        if len(self.samples) >= 2 * SAMPLE_LIMIT:
            self._thin()

    def merge(self, other: Tally) -> None:
        """Add ``other``'s exchanges (a disjoint set: another server's, another worker's)
        to this tally, as if one tally had counted both."""
        self.calls += other.calls
        self.answered += other.answered
        self.unanswered += other.unanswered
        self.errors += other.errors
        self.errnos.update(other.errnos)
        self.seen += other.seen
        self.total += other.total
        if other.low is not None:
            self.low = other.low if self.low is None else min(self.low, other.low)
        if other.high is not None:
            self.high = other.high if self.high is None else max(self.high, other.high)
        self.samples.extend(other.samples)
        self.ranks.extend(other.ranks)
        if self.cutoff is not None or other.cutoff is not None or len(self.samples) > SAMPLE_LIMIT:
            self._thin()

    def _thin(self) -> None:
        """Keep the SAMPLE_LIMIT samples of lowest (rank, latency), and remember the
        greatest of them as the cutoff."""
        kept = sorted(zip(self.ranks, self.samples, strict=True))[:SAMPLE_LIMIT]
        self.ranks = array("q", [rank for rank, _ in kept])
        self.samples = array("q", [latency for _, latency in kept])
        if len(kept) == SAMPLE_LIMIT:
            self.cutoff = kept[-1]

    def copy(self) -> Tally:
        return replace(self, errnos=Counter(self.errnos), samples=array("q", self.samples), ranks=array("q", self.ranks))

    def row(self, key: StatKey, protocol: str, server: str | None, label: str | None) -> StatRow:
        if len(self.samples) > SAMPLE_LIMIT:
            self._thin()
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


StatHook = Callable[[Message], list[StatEntry]]  # Registration.stat_entries
_FALLBACK: StatHook = named_stats()  # for a registration without a stat_entries hook
PLACES_KEPT = 4096  # conversations whose row table is remembered (then the memory starts again)

# (protocol, key, server) -> its tally
Tallies = dict[tuple[str, StatKey, str], Tally]


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


def _newer(labels: dict[str, tuple[str, int]], server: str, named: tuple[str, int]) -> None:
    """``labels[server] = named`` unless the name there was given later in the input."""
    known = labels.get(server)
    if known is None or named[1] >= known[1]:
        labels[server] = named


class ResponseTimes:
    """Rows of response-time statistics, fed one message at a time in output order
    (``add``), read once the input is done (``rows``; ``snapshot`` before that).

    Each exchange is counted once, in its server's row; the all-servers rows are
    those merged (``rows``). Tallies counted by another ResponseTimes over other
    streams of the same input join with ``merge``.

    ``detail``: keep each row's shapes too, their time counted from ``origin()`` (the
    input's first packet time; None: the first request's). Shapes are not merged: a
    run with ``detail`` is counted in one process."""

    def __init__(self, detail: bool = False, origin: Callable[[], float | None] | None = None) -> None:
        self.tallies: Tallies = {}
        self.clock = SliceClock(origin) if detail else None
        self.shapes: dict[Where, Shape] = {}
        self.pending: dict[int, Message] = {}  # id -> a request waiting for its first reply
        self.input_number = 0  # which input is being read (part of each exchange's rank)
        # server -> a conversation to it, whose input's labels name the server at the end
        self.servers: dict[str, Conversation] = {}
        # server -> its name and the frame that named it, from tallies merged in
        self.merged_labels: dict[str, tuple[str, int]] = {}
        # which exchanges count (a display filter): one counts when its request or its
        # first reply passes; None counts every one
        self.keep: Callable[[Message], bool] | None = None
        # conversation -> (its protocol, its server, that server's text, the protocol's
        # stat_entries hook): asked of every exchange
        self._places: dict[Conversation, tuple[Registration, Endpoint, str, StatHook]] = {}

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
        add = self.add
        for message in messages:
            add(message)

    def finish(self) -> None:
        """Count the requests no reply answered (the input is done; ``rows`` calls it,
        and a reader of several inputs calls it at the end of each, which also moves
        on to the next input's ranks)."""
        pending, self.pending = self.pending, {}
        for request in pending.values():
            self._count(request)
        self.input_number += 1
        self._places.clear()

    def _count(self, request: Message) -> None:
        reply = request.first_reply
        keep = self.keep
        if keep is not None and not (keep(request) or (reply is not None and keep(reply))):
            return
        conv = request.conversation
        reg = request.protocol
        server = conv.server
        place = self._places.get(conv)
        if place is None or place[0] is not reg or place[1] is not server:
            if len(self._places) >= PLACES_KEPT:
                self._places.clear()
            place = self._places[conv] = (reg, server, str(server), reg.stat_entries or _FALLBACK)
            self.servers.setdefault(place[2], conv)
        try:
            entries = place[3](request)
        except Exception:  # a hook must never lose the statistics: count it by name
            entries = _FALLBACK(request)
        latency = None  # request.latency, without asking for the reply again
        if reply is not None:
            done, asked = reply.end_timestamp, request.end_timestamp
            if done is not None and asked is not None:
                latency = done - asked
        expects = request.expects_reply
        rank = hash((self.input_number, conv.index, request.direction == "c2s", request.offset))  # exchange_rank
        tallies = self.tallies
        protocol, server_text = reg.name, place[2]
        for entry in entries:
            where = (protocol, entry.key, server_text)
            tally = tallies.get(where)
            if tally is None:
                tally = tallies[where] = Tally()
            tally.add(entry, reply is not None, expects, latency, rank)
        if self.clock is not None:
            self._shape(request, reply, latency, [(protocol, e.key, w) for e in entries for w in (None, server_text)])

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
        other.merged_labels = dict(self.merged_labels)
        other.input_number = self.input_number
        other.keep = self.keep
        clock = self.clock
        if clock is not None:
            other.clock = copied = SliceClock(clock.origin)
            copied.start, copied.width = clock.start, clock.width
            for where, shape in self.shapes.items():
                other.shapes[where] = twin = shape.copy()
                copied.shapes.append(twin)
        return other.rows()

    def server_labels(self) -> dict[str, tuple[str, int]]:
        """The servers' names as the input's labels give them now, each with the frame
        that named it: every server a handshake named, of the rows or not (a worker that
        counted only some conversations may have framed the one naming another's server),
        with the names tallies merged in brought (``merge``)."""
        labels = dict(self.merged_labels)
        told: set[int] = set()
        for conversation in self.servers.values():
            known = labels_of(conversation)
            if known is not None and id(known) not in told:
                told.add(id(known))
                for endpoint, named in known.servers().items():
                    _newer(labels, str(endpoint), named)
        return labels

    def merge(self, tallies: Tallies, labels: dict[str, tuple[str, int]] | None = None) -> None:
        """Join the tallies another ResponseTimes counted over other exchanges, and the
        names it knew for servers (``server_labels``): of two names for one server, the
        one given last in the input, as one reading would have kept."""
        for server, named in (labels or {}).items():
            _newer(self.merged_labels, server, named)
        for where, tally in tallies.items():
            mine = self.tallies.get(where)
            if mine is None:
                self.tallies[where] = tally
            else:
                mine.merge(tally)

    def rows(self) -> list[StatRow]:
        """Every row: by protocol, program, version, procedure, then op (the procedure's
        own row first), the all-servers row before each server's."""
        self.finish()
        everywhere: dict[tuple[str, StatKey], Tally] = {}
        for (protocol, key, _), tally in self.tallies.items():
            total = everywhere.get((protocol, key))
            if total is None:
                total = everywhere[(protocol, key)] = Tally()
            total.merge(tally)
        rows: list[tuple[str, StatKey, str | None, Tally]] = [(p, k, s, t) for (p, k, s), t in self.tallies.items()]
        rows += [(p, k, None, t) for (p, k), t in everywhere.items()]

        def order(item: tuple[str, StatKey, str | None, Tally]) -> tuple[object, ...]:
            protocol, key, server, _ = item
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

        labels = {server: text for server, (text, _) in self.server_labels().items()}
        out = []
        for protocol, key, server, tally in sorted(rows, key=order):
            row = tally.row(key, protocol, server, labels.get(server) if server is not None else None)
            if self.clock is not None:
                row = StatRow(**row, **self.shapes.get((protocol, key, server), Shape()).fields(self.clock.width))
            out.append(row)
        return out
