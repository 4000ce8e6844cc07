"""The hex view: offset, hex bytes, ASCII -- coloured by the field tree, with a byte cursor.

Built on Textual's Line API (``ScrollView.render_line``): only the rows on screen are
ever rendered, so a multi-megabyte READ reply costs no more than a greeting. Field
colours are flattened once per message into non-overlapping colour runs (the deepest
field wins), and each row looks its bytes up by bisection; the cost depends on the
number of fields, never on the message length. Decoding chose the colours so that
fields whose bytes touch never share one, in any terminal's colour system.

Every byte is coloured with its deepest field's colour; the selected range (a field,
or a search match) is reversed (gaps inside it too, so it reads as one block); bytes
inside a decode error get a red background and are underlined (the underline
survives 16-colour and monochrome terminals); bytes that were never captured show as
a dim ``??``. The ASCII column shows printable ASCII
only, so wire bytes cannot reach the terminal as controls.

The cursor is one byte, drawn (bold, underlined, reverse toggled) while the pane has
focus. Keys and clicks move it and post :class:`HexView.CursorMoved`; the screen
answers by selecting the deepest field there. Rows hold 16 bytes, or 8 when the pane
is too narrow for 16.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from hexview.decode.colours import owner_runs
from hexview.decode.fields import DecodedMessage

from ..safe import colour_style
from .virtual_size import set_virtual_size

ROW = 16
CACHE_ROWS = 1000
OFFSET_STYLE = Style(dim=True)
MISSING_STYLE = Style(dim=True, italic=True)
ERROR_STYLE = Style(bgcolor="dark_red", underline=True)
SELECTED_STYLE = Style(reverse=True)
CURSOR_STYLE = Style(bold=True, underline=True)
PLAIN = Style()
HEX_CELLS = [f"{b:02x}" for b in range(256)]
ASCII_CELLS = [chr(b) if 0x20 <= b < 0x7F else "." for b in range(256)]


def line_width(per_row: int) -> int:
    """Cells of one row: offset, gap, hex (with a middle gap), gap, ASCII."""
    return 8 + 2 + (per_row * 3 - 1) + 1 + 2 + per_row


def hex_x(i: int, per_row: int) -> int:
    return 10 + 3 * i + (1 if i >= per_row // 2 else 0)


def ascii_x(i: int, per_row: int) -> int:
    return 12 + 3 * per_row + i


def colour_runs(decoded: DecodedMessage | None, length: int) -> tuple[list[int], list[Style | None]]:
    """Non-overlapping runs: run i covers [starts[i], starts[i+1]) in colour styles[i].

    Each byte takes its owner's colour (the innermost field: ``owner_runs``, the same
    runs decoding planned the colours by, so fields that touch here differ in colour).
    """
    if decoded is None:
        return [0], [None]
    decoded.ensure_colours()
    starts: list[int] = []
    styles: list[Style | None] = []
    for start, owner in zip(*owner_runs(decoded.walk(), length), strict=True):
        style = colour_style(owner.colour) if owner is not None else None
        if not styles or styles[-1] != style:
            starts.append(start)
            styles.append(style)
    return starts, styles


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
    HexView { scrollbar-size-vertical: 1; scrollbar-size-horizontal: 0; overflow-x: hidden; }
    """

    BINDINGS = [
        Binding("left,h", "move(-1)", "Byte left", show=False),
        Binding("right,l", "move(1)", "Byte right", show=False),
        Binding("up,k", "move_rows(-1)", "Row up", show=False),
        Binding("down,j", "move_rows(1)", "Row down", show=False),
        Binding("pageup,b", "move_page(-1)", "Page up", show=False),
        Binding("pagedown,space", "move_page(1)", "Page down", show=False),
        Binding("home", "move_to(0)", "First byte", show=False),
        Binding("end", "move_to(-1)", "Last byte", show=False),
    ]

    class CursorMoved(Message):
        """The user moved the byte cursor to ``offset`` (keys or a click)."""

        def __init__(self, hex_view: HexView, offset: int) -> None:
            super().__init__()
            self.hex_view = hex_view
            self.offset = offset

        @property
        def control(self) -> HexView:
            return self.hex_view

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "bytes"
        self.data = b""
        self.per_row = ROW
        self.cursor = 0
        self.selection: tuple[int, int] | None = None
        self._runs: tuple[list[int], list[Style | None]] = ([0], [None])
        self._errors: tuple[list[int], list[int]] = ([], [])
        self._missing: tuple[list[int], list[int]] = ([], [])
        self._cache: dict[int, Strip] = {}
        self._base_style = Style()

    # -- what to show -------------------------------------------------------------
    def show_message(self, data: bytes, decoded: DecodedMessage | None, missing=()) -> None:
        self.data = data
        self.selection = None
        self.cursor = 0
        self._runs = colour_runs(decoded, len(data))
        self._errors = merged_spans(decoded.errors if decoded is not None else [])
        self._missing = merged_spans(missing)
        self._cache.clear()
        self._update_size()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def _update_size(self) -> None:
        set_virtual_size(self, Size(line_width(self.per_row), self.row_count))

    @property
    def row_count(self) -> int:
        return (len(self.data) + self.per_row - 1) // self.per_row

    def select(self, start: int, end: int, scroll: bool = True) -> None:
        """Highlight bytes [start, end) and (``scroll``) bring them into view."""
        start, end = max(0, start), min(len(self.data), end)
        self.selection = (start, end) if end > start else None
        self._cache.clear()
        self.refresh()
        if self.selection is not None and scroll:
            first, last = start // self.per_row, (end - 1) // self.per_row
            height = min(last - first + 1, max(1, self.scrollable_content_region.height))
            self.scroll_to_region(Region(0, first, 1, height), animate=False, x_axis=False, immediate=True)

    def set_cursor(self, offset: int, scroll: bool = True) -> None:
        """Put the cursor on byte ``offset`` (clamped); does not post CursorMoved."""
        old = self.cursor
        self.cursor = max(0, min(offset, len(self.data) - 1)) if self.data else 0
        self._forget_rows(old, self.cursor)
        if scroll and self.data:
            self.scroll_to_region(Region(0, self.cursor // self.per_row, 1, 1), animate=False, x_axis=False, immediate=True)

    def _forget_rows(self, *offsets: int) -> None:
        for offset in offsets:
            row = offset // self.per_row
            self._cache.pop(row, None)
            self.refresh_lines(row, 1)  # a virtual line: refresh_lines subtracts the scroll

    # -- input ----------------------------------------------------------------------
    def _move_cursor(self, offset: int) -> None:
        if not self.data:
            return
        offset = max(0, min(offset, len(self.data) - 1))
        self.set_cursor(offset)
        self.post_message(self.CursorMoved(self, offset))

    def action_move(self, delta: int) -> None:
        self._move_cursor(self.cursor + delta)

    def action_move_rows(self, rows: int) -> None:
        target = self.cursor + rows * self.per_row
        if 0 <= target < len(self.data):
            self._move_cursor(target)

    def action_move_page(self, pages: int) -> None:
        rows = max(1, self.scrollable_content_region.height - 1)
        self._move_cursor(self.cursor + pages * rows * self.per_row)

    def action_move_to(self, offset: int) -> None:
        self._move_cursor(offset if offset >= 0 else len(self.data) - 1)

    def offset_at(self, x: int, y: int) -> int | None:
        """The byte under content cell (x, y), hex or ASCII column; None elsewhere."""
        row = round(self.scroll_offset.y) + y
        x += round(self.scroll_offset.x)
        per_row = self.per_row
        index = None
        for i in range(per_row):
            if hex_x(i, per_row) <= x <= hex_x(i, per_row) + 1:
                index = i
                break
        if index is None and ascii_x(0, per_row) <= x < ascii_x(per_row, per_row):
            index = x - ascii_x(0, per_row)
        if index is None:
            return None
        offset = row * per_row + index
        return offset if 0 <= offset < len(self.data) else None

    def on_click(self, event: events.Click) -> None:
        where = event.get_content_offset(self)
        if where is None:
            return
        offset = self.offset_at(where.x, where.y)
        if offset is not None:
            self._move_cursor(offset)

    def on_focus(self) -> None:
        self._forget_rows(self.cursor)

    def on_blur(self) -> None:
        self._forget_rows(self.cursor)

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        per_row = ROW if width >= line_width(ROW) or width == 0 else ROW // 2
        if per_row != self.per_row:
            self.per_row = per_row
            self._cache.clear()
            self._update_size()
            self.set_cursor(self.cursor)

    # -- rendering ------------------------------------------------------------------
    def style_at(self, offset: int) -> Style:
        """The style of byte ``offset``, without the cursor or the widget's base style."""
        starts, styles = self._runs
        style = styles[bisect_right(starts, offset) - 1] or PLAIN
        if _inside(offset, *self._errors):
            style += ERROR_STYLE
        if _inside(offset, *self._missing):
            style = MISSING_STYLE + (ERROR_STYLE if _inside(offset, *self._errors) else Style())
        if self.selection and self.selection[0] <= offset < self.selection[1]:
            style += SELECTED_STYLE
        return style

    def row_styles(self, base: int, count: int) -> list[Style]:
        """``style_at`` of bytes ``base .. base+count-1``: the colour runs are walked once
        for the row (a bisection per byte otherwise); errors and missing bytes, rare,
        take ``style_at`` itself."""
        if self._errors[0] or self._missing[0]:
            return [self.style_at(offset) for offset in range(base, base + count)]
        starts, styles = self._runs
        i = bisect_right(starts, base) - 1
        after = starts[i + 1] if i + 1 < len(starts) else None
        low, high = self.selection or (0, 0)
        out: list[Style] = []
        for offset in range(base, base + count):
            while after is not None and offset >= after:
                i += 1
                after = starts[i + 1] if i + 1 < len(starts) else None
            style = styles[i] or PLAIN
            out.append(style + SELECTED_STYLE if low <= offset < high else style)
        return out

    def _cursor_style(self, style: Style) -> Style:
        return style + CURSOR_STYLE + Style(reverse=not style.reverse)

    def row_segments(self, row: int) -> list[Segment]:
        """Offset, hex and ASCII of one row. The gap between two bytes of the same style
        takes that style (a field, a selection, an error reads as one block), so a
        simplified row is a handful of segments: less to draw, less to send over SSH."""
        per_row = self.per_row
        base = row * per_row
        chunk = self.data[base : base + per_row]
        cursor = self.cursor if self.has_focus else -1
        styles = self.row_styles(base, len(chunk))
        if base <= cursor < base + len(chunk):
            styles[cursor - base] = self._cursor_style(styles[cursor - base])
        if self._missing[0]:
            texts = [
                ("??", "?") if _inside(base + i, *self._missing) else (HEX_CELLS[b], ASCII_CELLS[b]) for i, b in enumerate(chunk)
            ]
        else:
            texts = [(HEX_CELLS[b], ASCII_CELLS[b]) for b in chunk]
        segments = [Segment(f"{base:08x}", OFFSET_STYLE), Segment("  ")]
        for i in range(per_row):
            if i:
                gap = "  " if i == per_row // 2 else " "
                same = i < len(chunk) and styles[i] == styles[i - 1] and base + i != cursor and base + i - 1 != cursor
                segments.append(Segment(gap, styles[i] if same else None))
            segments.append(Segment(texts[i][0], styles[i]) if i < len(chunk) else Segment("  "))
        segments.append(Segment("  "))
        segments.extend(Segment(texts[i][1], styles[i]) for i in range(len(chunk)))
        return segments

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base_style = self.rich_style  # computed once a frame, not once a line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        width = self.scrollable_content_region.width
        base = self._base_style
        if row * self.per_row >= len(self.data):
            return Strip.blank(width, base)
        strip = self._cache.get(row)
        if strip is None:
            strip = Strip(self.row_segments(row)).simplify().apply_style(base)
            if len(self._cache) > CACHE_ROWS:
                self._cache.clear()
            self._cache[row] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def row_text(self, row: int) -> str:
        """Row ``row`` as plain text (for tests and copying)."""
        return "".join(segment.text for segment in self.row_segments(row))
