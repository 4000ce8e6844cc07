"""A one-line text widget that repaints without a layout pass.

``Static.update`` asks for a layout refresh every time (its size may change), which
reflows the whole screen; the ruler and the status change on every keystroke and
have a fixed height of one line, so a repaint is all they need (plus a layout pass
when an auto-width line changes length).
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class TextLine(Widget):
    DEFAULT_CSS = """
    TextLine { height: 1; }
    """

    def __init__(self, text: Text | str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = Text(text) if isinstance(text, str) else text

    @property
    def content(self) -> Text:
        return self._text

    def update(self, text: Text | str) -> None:
        new = Text(text) if isinstance(text, str) else text
        width = self.styles.width
        resized = new.cell_len != self._text.cell_len and width is not None and width.is_auto
        self._text = new
        self.refresh(layout=resized)

    def render(self) -> Text:
        return self._text
