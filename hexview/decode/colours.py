"""Field colours: the shared palette, and the plan that keeps neighbouring fields apart.

The hex view paints every byte in the colour of the innermost field covering it, so
a field boundary shows only where the fields on either side differ in colour -- on
the terminal in use. Terminals differ: truecolor shows any RGB, a 256-colour terminal
the nearest xterm palette entry, a 16-colour one the nearest of the 16 ANSI colours,
where most colours collapse (every green becomes green or bright green), and named
ANSI colours are first turned into RGB by the UI's theme, which may give two names
one RGB (bright green and green, in Textual's default dark theme).

So a field's colour is one of :data:`SHADES`: one RGB per readable ANSI colour (black
and dark blue, unreadable on a dark background, left out), each an xterm-256 palette
colour whose nearest ANSI colour is the one it is named for. Two different shades
thus stay different after any downgrade (tests/test_colours.py follows Textual's),
and the shade names are what protocol colour tables use ("gfid": "bright_cyan").
:func:`plan_colours` walks the bytes in order and gives each field its
table's shade unless a field next to it already has that shade; then the other shade
of the same hue (bright_cyan <-> cyan), so runs of like fields alternate; then the
protocol's palette (:func:`palette_for`). Pure data and arithmetic: the UI only turns
the chosen RGB into a style.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable

from .fields import Field

# shade name (the 16-colour ANSI colour it becomes; "grey" is bright black) -> RGB
SHADES: dict[str, str] = {
    "white": "#bcbcbc",
    "bright_white": "#ffffff",
    "grey": "#767676",
    "red": "#d70000",
    "bright_red": "#ff5f5f",
    "green": "#00af00",
    "bright_green": "#87ff5f",
    "yellow": "#d7af00",
    "bright_yellow": "#ffff5f",
    "bright_blue": "#5f87ff",
    "magenta": "#d700d7",
    "bright_magenta": "#ff87ff",
    "cyan": "#00afaf",
    "bright_cyan": "#5fffff",
}

DEFAULT_SHADE = "white"  # fields a protocol's table does not name (nor its "default")

# tried, in order, when a neighbour already has the preferred shade: the same hue's other
# shade, so a field keeps its meaning (gfid stays cyan) and runs of like fields alternate
ALTERNATES: dict[str, tuple[str, ...]] = {
    "white": ("bright_white", "grey"),
    "bright_white": ("white", "grey"),
    "grey": ("white", "bright_white"),
    "red": ("bright_red",),
    "bright_red": ("red",),
    "green": ("bright_green",),
    "bright_green": ("green",),
    "yellow": ("bright_yellow",),
    "bright_yellow": ("yellow",),
    "bright_blue": (),
    "magenta": ("bright_magenta",),
    "bright_magenta": ("magenta",),
    "cyan": ("bright_cyan",),
    "bright_cyan": ("cyan",),
}

# the last resort, in this order: neutral first, the reds (errors) last
FALLBACK = (
    "white",
    "bright_white",
    "grey",
    "cyan",
    "bright_blue",
    "magenta",
    "yellow",
    "green",
    "bright_cyan",
    "bright_magenta",
    "bright_yellow",
    "bright_green",
    "red",
    "bright_red",
)


def shade(name: str) -> str:
    """``name`` if it is a shade, else the default (a table typo must not break a view)."""
    return name if name in SHADES else DEFAULT_SHADE


def palette_for(colours: dict[str, str]) -> tuple[str, ...]:
    """A protocol's last-resort order: the shades its table gives no field first (they
    carry no meaning in this protocol), then the ones it does."""
    named = {shade(colour) for key, colour in colours.items() if key != "protocol"}
    return tuple(s for s in FALLBACK if s not in named) + tuple(s for s in FALLBACK if s in named)


def owner_runs(fields: Iterable[Field], length: int) -> tuple[list[int], list[Field | None]]:
    """Which field paints which bytes: run i covers [starts[i], starts[i+1]) (the last one
    up to ``length``) and belongs to owners[i] (None: bytes no field covers).

    The innermost (smallest) field covering a byte owns it; among fields of equal size
    the later one in ``fields`` (tree order: a child after its parent) wins. Consecutive
    runs always have different owners. The hex view paints by these runs; the plan
    colours by them, so both agree on which fields touch.
    """
    fields = list(fields)
    starts, seqs = _runs(fields, length)
    return starts, [fields[seq] if seq >= 0 else None for seq in seqs]


def _runs(fields: list[Field], length: int) -> tuple[list[int], list[int]]:
    """``owner_runs`` with owners as indices into ``fields`` (-1: none), for speed."""
    items = []
    for seq, f in enumerate(fields):
        start, end = max(0, f.start), min(length, f.end)
        if end > start:
            items.append((start, end, seq))
    items.sort()
    points = sorted({0, length, *(i[0] for i in items), *(i[1] for i in items)})
    starts: list[int] = []
    seqs: list[int] = []
    active: list[tuple[int, int, int]] = []  # heap of (size, -seq, end)
    push, pop = heapq.heappush, heapq.heappop
    j, count, last = 0, len(items), -2
    for point in points[:-1]:
        while j < count and items[j][0] <= point:
            start, end, seq = items[j]
            push(active, (end - start, -seq, end))
            j += 1
        while active and active[0][2] <= point:
            pop(active)
        owner = -active[0][1] if active else -1
        if owner != last:
            starts.append(point)
            seqs.append(owner)
            last = owner
    return starts or [0], seqs or [-1]


def plan_colours(fields: list[Field], length: int, preferred: Callable[[str], str], palette: tuple[str, ...]) -> None:
    """Set every field's ``colour`` (an RGB of :data:`SHADES`) so that no two fields whose
    bytes touch in the hex view share a shade.

    ``fields``: the whole tree in tree order; ``preferred``: field name -> shade name
    (the protocol's table); ``palette``: the protocol's last-resort order. Fields are
    coloured in the order their bytes first appear, each avoiding the shades of the
    neighbours already coloured; a field that paints no byte gets its preferred shade.
    """
    wanted: dict[str, str] = {}  # field name -> preferred shade (names repeat a lot)
    for f in fields:
        name = f.name
        if name not in wanted:
            wanted[name] = shade(preferred(name))
    _, seqs = _runs(fields, length)
    neighbours: dict[int, list[int]] = {}
    order: list[int] = []
    previous = -1
    for seq in seqs:
        if seq >= 0:
            if seq not in neighbours:
                neighbours[seq] = []
                order.append(seq)
            if previous >= 0:
                neighbours[seq].append(previous)
                neighbours[previous].append(seq)
        previous = seq
    chosen: list[str | None] = [None] * len(fields)
    for seq in order:
        want = wanted[fields[seq].name]
        taken = {chosen[n] for n in neighbours[seq]}
        if want in taken:
            want = next((s for s in (*ALTERNATES[want], *palette) if s not in taken), want)
        chosen[seq] = want
    for f, pick in zip(fields, chosen, strict=True):
        f.colour = SHADES[pick or wanted[f.name]]
