"""The hex view: offset, 16 hex bytes, ASCII -- coloured by the field tree.

Built on Textual's Line API (``ScrollView.render_line``): only the rows on screen are
ever rendered, so a multi-megabyte READ reply costs no more than a greeting. Field
colours are flattened once per message into non-overlapping colour runs (the deepest
field wins), and each row looks its bytes up by bisection; the cost depends on the
number of fields, never on the message length.

Every byte is coloured with its deepest field's colour; the selected range is shown
reversed; bytes inside a decode error get a red background; bytes that were never
captured show as a dim ``??``. The ASCII column shows printable ASCII only, so wire
bytes cannot reach the terminal as controls.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from hexview.fields import DecodedMessage

from ..safe import colour_style

ROW = 16
CACHE_ROWS = 1000
OFFSET_STYLE = Style(dim=True)
MISSING_STYLE = Style(dim=True, italic=True)
ERROR_STYLE = Style(bgcolor="dark_red")
SELECTED_STYLE = Style(reverse=True)
LINE_WIDTH = 8 + 2 + (ROW * 3 - 1) + 1 + 2 + ROW  # offset, gap, hex, mid gap, gap, ascii


def colour_runs(decoded: DecodedMessage | None, length: int) -> tuple[list[int], list[Style | None]]:
    """Non-overlapping runs: run i covers [starts[i], starts[i+1]) in colour styles[i].

    The innermost (smallest) field covering a byte decides its colour; among fields
    of equal size the later one in tree order (a child after its parent) wins.
    """
    items = []
    if decoded is not None:
        for seq, f in enumerate(decoded.walk()):
            start, end = max(0, f.start), min(length, f.end)
            if end > start:
                items.append((start, end, seq, colour_style(f.colour)))
    items.sort(key=lambda item: item[0])
    points = sorted({0, length, *(i[0] for i in items), *(i[1] for i in items)})
    starts: list[int] = []
    styles: list[Style | None] = []
    active: list = []  # heap of (size, -seq, end, style)
    j = 0
    for point in points[:-1]:
        while j < len(items) and items[j][0] <= point:
            start, end, seq, style = items[j]
            heapq.heappush(active, (end - start, -seq, end, style))
            j += 1
        while active and active[0][2] <= point:
            heapq.heappop(active)
        style = active[0][3] if active else None
        if not styles or styles[-1] != style:
            starts.append(point)
            styles.append(style)
    return starts or [0], styles or [None]


def merged_spans(spans) -> tuple[list[int], list[int]]:
    """Sorted, merged [start, end) spans as two parallel lists (for bisection)."""
    out: list[list[int]] = []
    for start, end in sorted((s.start, s.end) for s in spans if s.end > s.start):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [s for s, _ in out], [e for _, e in out]


def _inside(offset: int, starts: list[int], ends: list[int]) -> bool:
    i = bisect_right(starts, offset) - 1
    return i >= 0 and offset < ends[i]


class HexView(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    HexView { width: 80; padding: 0 0 0 1; scrollbar-size-vertical: 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "bytes"
        self.data = b""
        self.selection: tuple[int, int] | None = None
        self._runs: tuple[list[int], list[Style | None]] = ([0], [None])
        self._errors: tuple[list[int], list[int]] = ([], [])
        self._missing: tuple[list[int], list[int]] = ([], [])
        self._cache: dict[int, Strip] = {}

    # -- what to show -------------------------------------------------------------
    def show_message(self, data: bytes, decoded: DecodedMessage | None, missing=()) -> None:
        self.data = data
        self.selection = None
        self._runs = colour_runs(decoded, len(data))
        self._errors = merged_spans(decoded.errors if decoded is not None else [])
        self._missing = merged_spans(missing)
        self._cache.clear()
        self.virtual_size = Size(LINE_WIDTH, (len(data) + ROW - 1) // ROW)
        self.scroll_to(0, 0, animate=False)
        self.refresh()

    def select(self, start: int, end: int) -> None:
        """Highlight bytes [start, end) and scroll them into view."""
        start, end = max(0, start), min(len(self.data), end)
        self.selection = (start, end) if end > start else None
        self._cache.clear()
        self.refresh()
        if self.selection is not None:
            first, last = start // ROW, (end - 1) // ROW
            height = min(last - first + 1, max(1, self.scrollable_content_region.height))
            self.scroll_to_region(Region(0, first, LINE_WIDTH, height), animate=False, x_axis=False)

    # -- rendering ------------------------------------------------------------------
    def style_at(self, offset: int) -> Style:
        """The style of byte ``offset`` (without the widget's base style)."""
        starts, styles = self._runs
        style = styles[bisect_right(starts, offset) - 1] or Style()
        if _inside(offset, *self._errors):
            style += ERROR_STYLE
        if _inside(offset, *self._missing):
            style = MISSING_STYLE + (ERROR_STYLE if _inside(offset, *self._errors) else Style())
        if self.selection and self.selection[0] <= offset < self.selection[1]:
            style += SELECTED_STYLE
        return style

    def row_segments(self, row: int) -> list[Segment]:
        base = row * ROW
        chunk = self.data[base : base + ROW]
        segments = [Segment(f"{base:08x}", OFFSET_STYLE), Segment("  ")]
        ascii_segments = []
        sel = self.selection
        for i in range(ROW):
            if i:
                gap = "  " if i == 8 else " "
                joined = sel is not None and i < len(chunk) and sel[0] < base + i < sel[1]
                segments.append(Segment(gap, SELECTED_STYLE if joined else None))
            if i >= len(chunk):
                segments.append(Segment("  "))
                continue
            offset = base + i
            style = self.style_at(offset)
            if _inside(offset, *self._missing):
                segments.append(Segment("??", style))
                ascii_segments.append(Segment("?", style))
                continue
            b = chunk[i]
            segments.append(Segment(f"{b:02x}", style))
            ascii_segments.append(Segment(chr(b) if 0x20 <= b < 0x7F else ".", style))
        segments.append(Segment("  "))
        segments.extend(ascii_segments)
        return segments

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if row * ROW >= len(self.data):
            return Strip.blank(width, base)
        strip = self._cache.get(row)
        if strip is None:
            strip = Strip(self.row_segments(row)).apply_style(base)
            if len(self._cache) > CACHE_ROWS:
                self._cache.clear()
            self._cache[row] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def row_text(self, row: int) -> str:
        """Row ``row`` as plain text (for tests and copying)."""
        return "".join(segment.text for segment in self.row_segments(row))
