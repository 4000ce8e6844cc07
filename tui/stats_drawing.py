"""What the statistics screen draws from a row's shapes (``hexview.analysis.latency_shapes``):
the latency histogram and the requests-over-time sparkline, each in one text cell of
block characters, and the latency-over-time heat map of the selected row; and how it
labels and orders the rows (``sort_rows``).

Block heights are relative to the row's own largest count (a row's shape, not its
size, is what a cell shows; the calls column gives the size); an empty bucket or slice
is a blank, so "none" never reads as "a few". The heat map's shades grow with the
logarithm of a cell's count, so a lone slow answer shows beside thousands of fast
ones, and the row's slowest exchanges are marked on it.

Pure: strings and Rich Text, no Textual.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from hexview.analysis.latency_shapes import bucket, bucket_floor
from hexview.analysis.response_times import StatRow
from hexview.output.stats_table import short_seconds
from hexview.safe_text import printable

BLOCKS = " ▁▂▃▄▅▆▇█"
SHADES = " ░▒▓█"
OUTLIER = "◆"
HEAT_STYLE = Style(color="cyan")
OUTLIER_STYLE = Style(color="red", bold=True)
AXIS_STYLE = Style(dim=True)

# the columns a table may be sorted by, in the order s / S step through them; numbers
# sort largest first, text A to Z, a second press of the same key turns that round
SORTS = ("name", "server", "calls", "errors", "p50", "p99", "max", "avg")
SORT_KEYS = {"n": "name", "v": "server", "c": "calls", "e": "errors", "5": "p50", "9": "p99", "x": "max", "a": "avg"}
TEXT_SORTS = ("name", "server")


def row_label(row: StatRow) -> str:
    """'LOOKUP', 'COMPOUND/OPEN' for an NFSv4 operation's row."""
    name = printable(row["name"])
    return f"{name}/{printable(row['op'])}" if row["op"] is not None else name


def protocol_label(row: StatRow) -> str:
    """'GlusterFS 1298437/400', or just the protocol when it has no program."""
    protocol = printable(row["protocol"])
    return f"{protocol} {row['program']}/{row['version']}" if row["program"] is not None else protocol


def sort_rows(rows: Sequence[StatRow], column: str, descending: bool) -> list[StatRow]:
    """``rows`` by ``column``; rows without a value (no answer: no p50) come last either
    way, and ties keep the rows' own order (protocol, program, procedure, server)."""
    if column in TEXT_SORTS:
        text = (lambda r: row_label(r).lower()) if column == "name" else (lambda r: r["server"] or "")
        return sorted(rows, key=text, reverse=descending)
    valued = [r for r in rows if r[column] is not None]  # type: ignore[literal-required]
    empty = [r for r in rows if r[column] is None]  # type: ignore[literal-required]
    return sorted(valued, key=lambda r: r[column], reverse=descending) + empty  # type: ignore[literal-required]


def _groups(counts: Sequence[int], start: int, end: int, width: int) -> list[int]:
    """``counts[start:end]`` summed into at most ``width`` equal groups (the last may be
    short), zeros past the end of ``counts``."""
    span = max(end - start, 1)
    per = -(-span // max(width, 1))
    return [sum(counts[i] for i in range(s, min(s + per, end)) if 0 <= i < len(counts)) for s in range(start, end, per)]


def blocks(counts: Sequence[int]) -> str:
    """One block character per count, heights relative to the largest (blank for 0)."""
    top = max(counts, default=0)
    if top <= 0:
        return " " * len(counts)
    last = len(BLOCKS) - 1
    return "".join(BLOCKS[max(1, math.ceil(last * n / top))] if n > 0 else " " for n in counts)


def histogram_cell(histogram: Sequence[int], low: int, high: int, width: int) -> str:
    """The latency buckets ``low..high`` (the range every row shares, so columns line up)
    in at most ``width`` characters, padded to the cell's width."""
    cells = blocks(_groups(histogram, low, high + 1, width))
    return cells.ljust(cell_width(low, high, width))


def cell_width(low: int, high: int, width: int) -> int:
    """How many characters ``histogram_cell`` fills for that range."""
    span = high - low + 1
    per = -(-span // max(width, 1))
    return -(-span // per)


def sparkline_cell(timeline: Sequence[int], slices: int, width: int) -> str:
    """Requests over the whole input (``slices`` slices, every row the same) in ``width``
    characters at most: each character the sum of equal runs of slices."""
    return blocks(_groups(timeline, 0, max(slices, 1), width))


def latency_range(histograms: Sequence[Sequence[int]]) -> tuple[int, int]:
    """The lowest and highest non-empty bucket of any row ((0, 0) when none)."""
    used = [k for h in histograms for k, n in enumerate(h) if n]
    return (min(used), max(used)) if used else (0, 0)


def range_label(low: int, high: int) -> str:
    """'64µs…2.05ms': from the lower edge of bucket ``low`` to the upper edge of ``high``."""
    return f"{short_seconds(bucket_floor(low))}…{short_seconds(bucket_floor(high + 1))}"


def seconds_label(seconds: float) -> str:
    """A time on the x axis: '0s', '850ms', '12.5s', '3h02m'."""
    if seconds <= 0:
        return "0s"
    if seconds < 1:
        return f"{seconds * 1000:.3g}ms"
    if seconds < 600:
        return f"{seconds:.3g}s"
    minutes = int(seconds // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m{int(seconds % 60):02d}s"


def heat_map(
    heatmap: Sequence[Sequence[int]],
    slowest: Sequence[tuple[float, float]],
    slice_seconds: float,
    slices: int,
    width: int,
    height: int,
) -> list[Text]:
    """The rows of a latency-over-time plot in ``width`` x ``height`` cells: time across
    (the whole input, ``slices`` slices of ``slice_seconds``), latency up on the log
    buckets the row uses, the highest at the top; ``heatmap`` is the row's
    [slice, bucket, count] cells, ``slowest`` its (time, latency) outliers, marked."""
    label = 8
    plot_width = max(width - label, 1)
    rows = max(height - 2, 1)  # below: the time axis and its scale
    if not heatmap:
        return [Text("no answers to plot", style=AXIS_STYLE)]
    low = min(k for _, k, _ in heatmap)
    high = max(k for _, k, _ in heatmap)
    per_row = -(-(high - low + 1) // rows)
    lines = -(-(high - low + 1) // per_row)
    per_column = -(-max(slices, 1) // plot_width)  # slices a column sums
    columns = -(-max(slices, 1) // per_column)
    drawn = max(columns, plot_width)  # a short input's slices are drawn wider, to fill the width
    source = [x * columns // drawn for x in range(drawn)]  # the grid column each character shows
    grid = [[0] * columns for _ in range(lines)]
    for s, k, n in heatmap:
        grid[(k - low) // per_row][min(s // per_column, columns - 1)] += n
    marks = set()
    for time, latency in slowest:
        s = int(time / slice_seconds) if slice_seconds > 0 else 0
        marks.add(((bucket(round(latency * 1e6)) - low) // per_row, min(s // per_column, columns - 1)))
    top = max(max(line) for line in grid)
    out = []
    for y in reversed(range(lines)):
        text = Text(no_wrap=True, end="")
        text.append(f"{short_seconds(bucket_floor(low + y * per_row)):>6} ┤", style=AXIS_STYLE)
        for x in source:
            n = grid[y][x]
            if (y, x) in marks:
                text.append(OUTLIER, style=OUTLIER_STYLE)
            elif n:
                level = 1 + int((len(SHADES) - 2) * math.log(n) / math.log(top)) if top > 1 else len(SHADES) - 1
                text.append(SHADES[level], style=HEAT_STYLE)
            else:
                text.append(" ")
        out.append(text)
    step = columns * per_column * slice_seconds / drawn  # seconds a character spans
    axis = " " * (label - 1) + "└" + "─" * drawn
    middle = drawn // 2
    # 0 and the end first; the middle only where it overlaps neither (a narrow plot)
    ticks = [(0, "0s"), (drawn - 1, seconds_label(drawn * step)), (middle, seconds_label(middle * step))]
    scale = list(" " * (label + drawn))
    taken: list[tuple[int, int]] = []
    for x, word in ticks:
        at = min(max(label + x - len(word) // 2, label), len(scale) - len(word))
        if at < label or any(at <= end and start <= at + len(word) for start, end in taken):
            continue
        scale[at : at + len(word)] = word
        taken.append((at, at + len(word)))
    out.append(Text(axis, style=AXIS_STYLE, no_wrap=True, end=""))
    if height > lines + 1:
        out.append(Text("".join(scale).rstrip(), style=AXIS_STYLE, no_wrap=True, end=""))
    return out
