"""The statistics screen's parts without a terminal: its cells and heat map drawn from
hand-made shapes, its order of rows, and the held-messages count of a pipe done in
slices as more arrive.
"""

from __future__ import annotations

from pathlib import Path

from hexview.analysis.message_store import MessageStore
from hexview.analysis.response_times import ResponseTimes
from hexview.pipeline import Pipeline
from hexview.readers import open_input
from hexview.tui.held_stats import HeldStats
from hexview.tui.stats_drawing import (
    OUTLIER,
    blocks,
    heat_map,
    histogram_cell,
    latency_range,
    range_label,
    row_label,
    seconds_label,
    sort_rows,
    sparkline_cell,
)

NBD_PCAP = Path(__file__).parent / "data" / "nbd-tiny-nbdsh.pcap"


def test_blocks_are_relative_to_the_largest_and_blank_for_none() -> None:
    assert blocks([0, 1, 4, 8]) == " ▁▄█"
    assert blocks([0, 0]) == "  "
    assert blocks([1, 1000]) == "▁█"  # one is never drawn as none


def test_histogram_cells_share_the_range_and_fold_to_the_width() -> None:
    # buckets 3..6 of this row inside the shared range 2..9: 8 buckets, one character each
    assert histogram_cell([0, 0, 0, 2, 4, 0, 1], 2, 9, 24) == " ▄█ ▂   "
    # 8 buckets in at most 4 characters: pairs summed, buckets 2+3, 4+5, 6+7, 8+9 = 2, 4, 1, 0
    assert histogram_cell([0, 0, 0, 2, 4, 0, 1], 2, 9, 4) == "▄█▂ "
    assert latency_range([[0, 1], [0, 0, 0, 5], []]) == (1, 3)
    assert range_label(4, 11) == "8µs…2.05ms"


def test_sparkline_spans_the_whole_input() -> None:
    # this row's requests end early; the input has 8 slices, drawn in 4 characters
    assert sparkline_cell([3, 1, 0, 4], 8, 4) == "██  "
    assert sparkline_cell([1], 1, 24) == "█"


def test_heat_map_puts_latency_up_and_marks_the_slowest() -> None:
    # 4 slices of 1 ms: 10 answers of 64-127 µs (bucket 7) in slice 0, one of 512-1023 µs
    # (bucket 10) in slice 3, the slowest
    heat = [[0, 7, 10], [3, 10, 1]]
    lines = heat_map(heat, [(0.0031, 0.0009)], 0.001, 4, 8 + 4, 6)
    text = [line.plain for line in lines]
    assert text[0] == f" 512µs ┤   {OUTLIER}"  # the top row: bucket 10, its lower edge
    assert text[3] == "  64µs ┤█   "
    assert text[1].endswith("┤    ") and text[2].endswith("┤    ")
    assert text[4] == "       └────"
    assert text[5].startswith("        0s")
    assert [line.plain for line in heat_map([], [], 0.001, 4, 20, 6)] == ["no answers to plot"]


def test_seconds_labels() -> None:
    assert [seconds_label(s) for s in (0, 0.52, 1.04, 125, 700, 7322)] == ["0s", "520ms", "1.04s", "125s", "11m40s", "2h02m"]


def test_rows_sort_by_any_column_without_values_last() -> None:
    def row(name: str, calls: int, p99: float | None, server: str | None = None, op: str | None = None) -> dict:
        return {"name": name, "op": op, "server": server, "calls": calls, "errors": 0, "p99": p99}

    rows = [row("LOOKUP", 5, 0.002), row("WRITE", 9, None), row("COMPOUND", 9, 0.001, op="OPEN"), row("LOOKUP", 1, 0.003, "a:1")]
    names = lambda rs: [row_label(r) + ("@" + r["server"] if r["server"] else "") for r in rs]  # noqa: E731
    assert names(sort_rows(rows, "calls", True)) == ["WRITE", "COMPOUND/OPEN", "LOOKUP", "LOOKUP@a:1"]  # ties keep their order
    assert names(sort_rows(rows, "p99", True)) == ["LOOKUP@a:1", "LOOKUP", "COMPOUND/OPEN", "WRITE"]
    assert names(sort_rows(rows, "p99", False)) == ["COMPOUND/OPEN", "LOOKUP", "LOOKUP@a:1", "WRITE"]
    assert names(sort_rows(rows, "name", False)) == ["COMPOUND/OPEN", "LOOKUP", "LOOKUP@a:1", "WRITE"]


def test_held_messages_counted_in_slices_as_at_once() -> None:
    """The tiny NBD capture through a store, counted one message a slice while more
    arrive: the same rows as ResponseTimes over every message."""
    messages = list(Pipeline(hold_for_pairs=False).run(open_input(str(NBD_PCAP))))
    whole = ResponseTimes(detail=True, origin=lambda: messages[0].timestamp)
    whole.add_all(messages)
    store = MessageStore()
    held = HeldStats(store, lambda: messages[0].timestamp)
    store.add(messages[:9])
    slices = 0
    while not held.run(lambda: False, take=1):  # one message per slice
        slices += 1
    assert slices == 9 and held.counted == 9
    store.add(messages[9:])
    assert held.run()
    assert held.counted == len(messages) == 17
    assert held.rows() == whole.rows()
