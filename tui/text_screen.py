"""A page of text over the view -- help, input notes -- that scrolls like less.

``j``/``k`` (and the arrows) scroll a line, ``space``/``b`` (and page keys) a page,
``g``/``G`` (and home/end) to the top / bottom; ``escape`` and ``q`` close it, and so
does the key that opened it (``CLOSE_KEY``). Content is ``Text`` or a Rich renderable
built from ``Text`` (never markup).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

SCROLL_HINT = "j/k g/G space/b scroll"


class TextScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    TextScreen { align: center middle; }
    TextScreen > VerticalScroll {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape,q", "dismiss", "Close"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
        Binding("space,pagedown", "page(1)", "Page down", show=False),
        Binding("b,pageup", "page(-1)", "Page up", show=False),
        Binding("g,home", "scroll_to(False)", "Top", show=False),
        Binding("G,end", "scroll_to(True)", "Bottom", show=False),
    ]

    CLOSE_KEY = ""  # shown in the closing hint; subclasses bind it to dismiss

    def page_title(self) -> str:
        raise NotImplementedError

    def body(self):
        """What the page shows (subclasses)."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = self.page_title()
            closing = " / ".join(k for k in ("escape", "q", self.CLOSE_KEY) if k)
            scroll.border_subtitle = f"{SCROLL_HINT} · {closing} closes"
            yield Static(self.body(), id="body")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    # Scrolls land at once (not animated, not on the next frame), so each of several
    # keys read together moves on from where the one before it left the page.
    def action_scroll(self, lines: int) -> None:
        scroll = self.query_one(VerticalScroll)
        self._scroll(round(scroll.scroll_y) + lines)

    def action_page(self, pages: int) -> None:
        scroll = self.query_one(VerticalScroll)
        self._scroll(round(scroll.scroll_y) + pages * max(1, scroll.scrollable_content_region.height - 1))

    def action_scroll_to(self, end: bool) -> None:
        self._scroll(self.query_one(VerticalScroll).max_scroll_y if end else 0)

    def _scroll(self, y: int) -> None:
        scroll = self.query_one(VerticalScroll)
        scroll.scroll_to(y=max(0, min(y, scroll.max_scroll_y)), animate=False, immediate=True)

    def refresh_page(self) -> None:
        """Show the title and body again (e.g. more notes arrived), keeping the scroll position."""
        self.query_one(VerticalScroll).border_title = self.page_title()
        self.query_one("#body", Static).update(self.body())
