"""The shapes of a response-time row, for drawing (``hexview --stats --json --detail``
and the interactive view's statistics screen): its latencies on log-scaled buckets, its
requests over time, the two together (a latency heat map: time slice by bucket) and its
slowest exchanges, so a person can see a slow tail, a burst or a stall at a glance.

Buckets are powers of two of microseconds: bucket ``k`` holds the latencies in
``[2^(k-1), 2^k)`` µs and bucket 0 those under 1 µs -- ``bucket(us) = us.bit_length()``,
one integer operation per answer, and every row is bucketed on the same edges, so rows
compare. Time slices are equal spans of the input, counted from its first packet
(``time`` 0, as the message list and ``time_relative`` count): they start 1 ms wide and
double (every row's slices merged in pairs) whenever a request lands past
``MAX_SLICES``, so any capture, a second long or a day long, has between 64 and 128
slices once it is longer than 64 ms, and memory stays a few hundred numbers a row.
A request counts at the time its last frame arrived (where its latency starts, as in
Wireshark's SRT), answered or not; only answered ones have a latency.

Pure logic: ``response_times.ResponseTimes(detail=True)`` feeds it.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypedDict

MAX_SLICES = 128
FIRST_SLICE = 1000  # µs: the slices' width before any doubling
SLOWEST = 10  # exchanges kept per row, the slowest first
MICRO = 1_000_000


def bucket(micros: int) -> int:
    """The latency bucket of ``micros`` µs: k for [2^(k-1), 2^k) µs, 0 under 1 µs."""
    return micros.bit_length() if micros > 0 else 0


def bucket_floor(k: int) -> float:
    """The lower edge of bucket ``k`` in seconds (0 for bucket 0)."""
    return (1 << (k - 1)) / MICRO if k > 0 else 0.0


class Exchange(TypedDict):
    """One of a row's slowest exchanges (JSON ``slowest``): the request's and reply's
    message numbers, when the request was complete and the latency (seconds)."""

    request: int
    reply: int | None
    time: float
    latency: float


class ShapeFields(TypedDict, total=False):
    """A row's shapes, as ``--stats --json --detail`` adds them to it (all or none)."""

    histogram: list[int]
    slice: float
    timeline: list[int]
    heatmap: list[list[int]]
    slowest: list[Exchange]


@dataclass
class Shape:
    """One row's counts; slice numbers are those of the owning ``SliceClock``."""

    histogram: list[int] = field(default_factory=list)
    timeline: list[int] = field(default_factory=list)
    heat: dict[tuple[int, int], int] = field(default_factory=dict)  # (slice, bucket) -> answers
    # a min-heap of the slowest: (latency µs, -request number, reply number, time µs)
    slowest: list[tuple[int, int, int | None, int]] = field(default_factory=list)

    def add(self, slice_: int, time: int, request: int, reply: int | None, latency: int | None) -> None:
        timeline = self.timeline
        if slice_ >= len(timeline):
            timeline.extend([0] * (slice_ + 1 - len(timeline)))
        timeline[slice_] += 1
        if latency is None:
            return
        k = bucket(latency)
        histogram = self.histogram
        if k >= len(histogram):
            histogram.extend([0] * (k + 1 - len(histogram)))
        histogram[k] += 1
        cell = (slice_, k)
        self.heat[cell] = self.heat.get(cell, 0) + 1
        item = (latency, -request, reply, time)
        if len(self.slowest) < SLOWEST:
            heapq.heappush(self.slowest, item)
        elif item > self.slowest[0]:  # slower (or as slow and earlier) than the fastest kept
            heapq.heapreplace(self.slowest, item)

    def halve(self) -> None:
        """Merge the slices in pairs (the clock's slices just doubled)."""
        old = self.timeline
        self.timeline = [sum(old[i : i + 2]) for i in range(0, len(old), 2)]
        heat: dict[tuple[int, int], int] = {}
        for (slice_, k), count in self.heat.items():
            cell = (slice_ // 2, k)
            heat[cell] = heat.get(cell, 0) + count
        self.heat = heat

    def copy(self) -> Shape:
        return Shape(list(self.histogram), list(self.timeline), dict(self.heat), list(self.slowest))

    def fields(self, width: int) -> ShapeFields:
        slowest: list[Exchange] = [
            {"request": -negated, "reply": reply, "time": time / MICRO, "latency": latency / MICRO}
            for latency, negated, reply, time in sorted(self.slowest, reverse=True)
        ]
        return {
            "histogram": list(self.histogram),
            "slice": width / MICRO,
            "timeline": list(self.timeline),
            "heatmap": [[s, k, n] for (s, k), n in sorted(self.heat.items())],
            "slowest": slowest,
        }


class SliceClock:
    """The time slices every row of one ``ResponseTimes`` shares: ``origin()`` is the
    input's first packet time (None until known: then the first request's)."""

    def __init__(self, origin: Callable[[], float | None] | None = None) -> None:
        self.origin = origin
        self.start: float | None = None
        self.width = FIRST_SLICE  # µs
        self.shapes: list[Shape] = []

    def new_shape(self) -> Shape:
        shape = Shape()
        self.shapes.append(shape)
        return shape

    def place(self, timestamp: float | None) -> tuple[int, int]:
        """(slice, µs since the start) of a request complete at ``timestamp`` (slice 0 for
        a request without a time, or one stamped before the input's start)."""
        if timestamp is None:
            return 0, 0
        start = self.start
        if start is None:
            start = self.origin() if self.origin is not None else None
            self.start = start = timestamp if start is None else start
        micros = max(0, round((timestamp - start) * MICRO))
        slice_ = micros // self.width
        while slice_ >= MAX_SLICES:
            self.width *= 2
            for shape in self.shapes:
                shape.halve()
            slice_ = micros // self.width
        return slice_, micros
