"""A list with a row cursor on Textual's Line API, for lists that may hold a million rows.

``DataTable`` and ``ListView`` keep a widget or a cell cache per row; a live capture
can produce rows faster than they can be built. Subclasses here only say how many
rows there are and how to render row ``i``; only the rows on screen are ever rendered,
so adding rows or changing their numbers costs a ``refresh`` and nothing else. A list
whose rows change only when it is told (``cache_rows``) keeps each row's rendered text:
stepping down a list scrolled to its end shifts every row by one, and redrawing them
then costs no new text.

The first ``header_lines`` lines are a fixed header that does not scroll (column
titles, or "N older messages dropped"). The list never decides what a cursor move
means: it moves its cursor at once (so a burst of keys adds up), posts
:class:`LineList.Chosen`, and the screen, which owns the selection, calls
:meth:`set_cursor` back with the row it settled on. Only that answer repaints the
cursor: a repaint asked for at the key would be drawn in a frame of its own, before
the screen has shown the message, and Textual draws at most one frame per 1/60 s, so
the message would reach the terminal a frame or two later than it could.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .virtual_size import set_virtual_size

CURSOR_STYLE = Style(reverse=True)
CURSOR_FOCUSED_STYLE = Style(reverse=True, bold=True)
HEADER_STYLE = Style(bold=True, underline=True)


class LineList(ScrollView, can_focus=True):
    """Rows ``0 .. row_count-1`` below ``header_lines`` fixed lines; one is the cursor."""

    DEFAULT_CSS = """
    LineList { scrollbar-size-vertical: 1; scrollbar-size-horizontal: 0; overflow-x: hidden; }
    """

    BINDINGS = [
        Binding("down,j", "cursor_by(1)", "Down", show=False),
        Binding("up,k", "cursor_by(-1)", "Up", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup,b", "page(-1)", "Page up", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
        Binding("enter", "enter", "Open", show=False),
    ]

    header_lines = 1
    cache_rows = False  # rows change only through refresh() or refresh_rows()
    MAX_CACHED_ROWS = 500

    class Entered(Message):
        """``enter`` on the list: the user wants to go into the chosen row."""

        def __init__(self, widget: LineList) -> None:
            super().__init__()
            self.widget = widget

        @property
        def control(self) -> LineList:
            return self.widget

    class Chosen(Message):
        """The user asked for row ``row`` (keys or a click)."""

        def __init__(self, widget: LineList, row: int) -> None:
            super().__init__()
            self.widget = widget
            self.row = row

        @property
        def control(self) -> LineList:
            return self.widget

    def __init__(self, **kwargs) -> None:
        self._row_cache: dict[tuple[int, int], list[Segment]] = {}  # (row, width) -> its text, rendered
        super().__init__(**kwargs)
        self.cursor = 0
        self._unpainted: int | None = None  # the row still drawn as the cursor, until the screen answers
        self.row_count = 0
        self.content_width = 0
        self._base_style = Style()

    # -- what subclasses provide --------------------------------------------------------
    def render_row(self, row: int, width: int) -> Text:
        raise NotImplementedError

    def render_header(self, line: int, width: int) -> Text:
        return Text()

    # -- state -------------------------------------------------------------------------
    def set_rows(self, count: int, width: int | None = None) -> None:
        """The list now has ``count`` rows (``width``: the widest row, for scrolling)."""
        if width is not None:
            self.content_width = width
        self.row_count = count
        set_virtual_size(self, Size(self.content_width, count + self.header_lines))
        self.refresh()

    def set_cursor(self, row: int, scroll: bool = True) -> None:
        old, self.cursor = self.cursor, row
        drawn, self._unpainted = self._unpainted, None
        top = round(self.scroll_offset.y)
        if scroll:
            self.scroll_to_row(row)
        if round(self.scroll_offset.y) == top:  # a scroll repaints everything anyway
            self.refresh_rows(drawn, old, row)

    def refresh(self, *regions: Region, **kwargs):
        if not regions:  # the whole list: what its rows say may have changed
            self._row_cache.clear()
        return super().refresh(*regions, **kwargs)

    def refresh_rows(self, *rows: int | None) -> None:
        """Repaint just these rows (if on screen)."""
        top = round(self.scroll_offset.y)
        cache = self._row_cache
        for row in rows:
            if row is not None and cache:
                for key in [k for k in cache if k[0] == row]:
                    del cache[key]
            if row is not None and 0 <= row - top < self.page_rows:
                self.refresh_lines(row + self.header_lines, 1)  # virtual lines: it subtracts the scroll

    @property
    def page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - self.header_lines)

    def scroll_to_row(self, row: int) -> None:
        """Scroll the least amount that shows ``row`` below the header."""
        top = round(self.scroll_offset.y)
        page = self.page_rows
        if row < top:
            top = row
        elif row >= top + page:
            top = row - page + 1
        top = max(0, min(top, max(0, self.row_count - page)))
        if top != round(self.scroll_offset.y):
            # force: right after the rows changed (another stream) the scrollbar is not
            # laid out yet, and Textual would ignore a scroll it thinks is not allowed
            self.scroll_to(y=top, animate=False, immediate=True, force=True)

    # -- input ---------------------------------------------------------------------------
    def choose(self, row: int) -> None:
        """Ask for ``row``. The cursor moves at once, so the next key of a burst (``jjjjj``
        typed fast, a held key over SSH) counts from here, not from where the screen
        had got to; the screen's answer (``set_cursor``) confirms or corrects it, and
        draws it, in the same frame as what the screen shows for the row."""
        if self.row_count:
            row = max(0, min(row, self.row_count - 1))
            if self._unpainted is None:
                self._unpainted = self.cursor
            self.cursor = row
            self.post_message(self.Chosen(self, row))

    def action_cursor_by(self, delta: int) -> None:
        self.choose(self.cursor + delta)

    def action_enter(self) -> None:
        self.post_message(self.Entered(self))

    def action_page(self, direction: int) -> None:
        self.choose(self.cursor + direction * self.page_rows)

    def action_cursor_to(self, row: int) -> None:
        self.choose(row if row >= 0 else self.row_count - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < self.header_lines:
            return
        self.choose(round(self.scroll_offset.y) + offset.y - self.header_lines)

    def on_focus(self) -> None:
        self.refresh_rows(self.cursor)

    def on_blur(self) -> None:
        self.refresh_rows(self.cursor)

    def on_resize(self) -> None:
        self.scroll_to_row(self.cursor)

    # -- rendering -----------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        self._base_style = self.rich_style  # computed once a frame, not once a line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style
        if y < self.header_lines:
            text = self.render_header(y, width)
            style = base + HEADER_STYLE if y == 0 and self.header_lines else base
        else:
            row = round(self.scroll_offset.y) + y - self.header_lines
            if row >= self.row_count:
                return Strip.blank(width, base)
            rendered = self._row_segments(row, width)
            style = base
            if row == self.cursor:
                style = base + (CURSOR_FOCUSED_STYLE if self.has_focus else CURSOR_STYLE)
            return self._strip(rendered, style, width)
        return self._strip(list(text.render(self.app.console)), style, width)

    def _row_segments(self, row: int, width: int) -> list[Segment]:
        if not self.cache_rows:
            return list(self.render_row(row, width).render(self.app.console))
        key = (row, width)
        rendered = self._row_cache.get(key)
        if rendered is None:
            if len(self._row_cache) >= self.MAX_CACHED_ROWS:
                self._row_cache.clear()
            rendered = self._row_cache[key] = list(self.render_row(row, width).render(self.app.console))
        return rendered

    def _strip(self, rendered: list[Segment], style: Style, width: int) -> Strip:
        segments = [Segment(s.text, style + s.style if s.style else style) for s in rendered]
        scroll_x = round(self.scroll_offset.x)
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, style)
