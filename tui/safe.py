"""Wire bytes are data: the one place the UI turns them into something displayable.

Names, show strings, summaries and anything else derived from captured bytes may
contain Rich markup (``[bold]``) or terminal controls (ESC, BEL). Widgets never build
markup strings; they build ``rich.text.Text`` from :func:`wire_text`, which replaces
control characters and never parses markup. Colour names come from protocol
registrations and are validated here so a typo cannot crash a render.
"""

from __future__ import annotations

from functools import lru_cache

from rich.style import Style
from rich.text import Text

from hexview.safe_text import printable

MAX_TEXT = 300  # characters of one derived string shown before it is cut


def wire_text(value: object, style: Style | str | None = None, limit: int = MAX_TEXT) -> Text:
    """``value`` as literal text: controls escaped, markup inert, long text cut."""
    return Text(wire_str(value, limit), style=style or "", no_wrap=True, end="")


def wire_row(value: object, style: Style | str | None, width: int) -> Text:
    """:func:`wire_text` for a list row: the style as a span (a ``LineList`` renders a
    row segment by segment, which leaves a Text's own base style out)."""
    text = Text(no_wrap=True, end="")
    text.append_text(wire_text(value, style, limit=max(width, 1)))
    return text


def wire_str(value: object, limit: int = MAX_TEXT) -> str:
    """The characters :func:`wire_text` shows for ``value`` (controls escaped, cut)."""
    text = printable(str(value))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


@lru_cache(maxsize=256)
def colour_style(colour: str | None) -> Style | None:
    """A foreground style for a field's colour (an RGB planned by decoding, or a Rich
    colour name), or None if it is not one."""
    if not colour:
        return None
    try:
        return Style(color=colour)
    except Exception:  # an unknown colour name is a registration bug, not a crash
        return None


def group_digits(n: int) -> str:
    """1234567 -> '1,234,567': a separator no one reads as a gap between two numbers
    (spaces did: '8 205 17 006 916' in the stream list was four numbers or two)."""
    return f"{n:,}"
