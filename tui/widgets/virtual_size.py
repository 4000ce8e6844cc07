"""A scrolling pane's content size, changed without a layout pass of the whole screen.

Textual's ``Widget.virtual_size`` is a reactive that asks for a layout of the screen
whenever it changes. The field tree and the bytes pane get a new content size on almost
every step through the messages, and a layout of the viewer costs more than drawing the
new message; yet for a Line API pane (``ScrollView``) the content size changes nothing
the layout places -- the pane keeps its region -- except its scrollbars, which Textual
shows or hides through reactives of their own that still ask for a layout when they
flip. So the size is set quietly and the scrollbars are brought up to date at once;
a pane whose own size follows its content (``height: auto``) still gets its layout.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_virtual_size(pane: ScrollView, size: Size) -> None:
    """Give ``pane`` the content size ``size``: a repaint, and a layout pass only if a
    scrollbar appears or goes, or the pane's size depends on its content."""
    if size == pane.virtual_size:
        return
    update_scrollbars = getattr(pane, "_scroll_update", None)  # Textual's own, as a layout runs it
    if update_scrollbars is None or not pane.is_mounted or not pane.container_size or pane.styles.auto_dimensions:
        pane.virtual_size = size
        return
    pane.set_reactive(Widget.virtual_size, size)
    update_scrollbars(size)
    pane.refresh()
