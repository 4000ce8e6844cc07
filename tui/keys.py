"""Every key of the interactive view, in one table: the help screen shows it, the
README's "Keys" section documents it (a test checks the two agree).

The bindings themselves live beside the code they drive (screen, panes); this table
is the user's view of them, grouped the way a person looks for a key. Keys follow
less and vim where those have one: ``/`` searches, ``n``/``N`` go to the next /
previous match, ``\\`` searches backwards (``?`` is help), ``&`` shows only the messages
a display filter matches (less's ``&`` shows only matching lines; ``/``, termshark's
filter key, is the search), ``j``/``k``, ``g``/``G``, ``space``/``b`` move and page,
``f``/``F`` follow like ``less +F``, ``m``/``'`` set and go to marks. Stepping messages
from any pane is ``ctrl+n``/``ctrl+p`` (as in Emacs and many lists), so ``n`` is free
for matches.

The "Cross-stream views" group and their key-bar hints come from the registered
views (``Registration.views``): a protocol's view brings its key without the UI
naming it.

Pure data, no Textual import.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from hexview.protocols.cross_views import registered_views, views_of


@dataclass(frozen=True, slots=True)
class Key:
    keys: str  # as the user types them, e.g. "n / N"
    action: str


GROUPS: list[tuple[str, list[Key]]] = [
    (
        "Messages",
        [
            Key("ctrl+n / ctrl+p", "next / previous message (from any pane)"),
            Key("j / k, ↓ / ↑", "next / previous message in the message list (elsewhere: move in that pane)"),
            Key("g / G, home / end", "first / last message of the stream"),
            Key("space / b, pagedown / pageup", "page down / up in the message list, stream list or bytes"),
            Key("r / %", "jump to the paired request or reply"),
            Key("click", "choose a stream, a message, a field or a byte"),
        ],
    ),
    (
        "Streams and panes",
        [
            Key("] / [", "next / previous stream (its first message)"),
            Key("← / →, h / l", "in the stream list: scroll its columns sideways (narrow terminals)"),
            Key("tab / shift+tab", "next / previous pane"),
            Key("enter", "in the stream list: into its messages; in the message list: into the fields"),
            Key("z", "zoom the focused pane to the whole screen, showing more columns; again: back"),
            Key("t", "time column: since the first packet, time of day, delta, since the reference"),
            Key("T", "make the message on show the time reference (again: clear it)"),
            Key("ctrl+g, :", "go to a frame number (or #N: message N)"),
            Key("d", "Decode As: choose the protocol of the stream's server port, or a protocol option's value"),
            Key(
                "s", "follow the stream: its bytes, both directions in order, hex + ASCII (a: ASCII only; escape, q or s closes)"
            ),
            Key("c", "conversations: endpoints, packets, bytes, times, messages, errors; s / S sort, enter selects the stream"),
            Key(
                "S",
                "statistics: response times per procedure, server and NFSv4 op, with latency histograms, requests over "
                "time, a latency heat map and the slowest exchanges (escape, q or S closes)",
            ),
        ],
    ),
    (
        "Marks",
        [
            Key("m + letter", "mark the message on show with that letter (a-z, A-Z), as in vi"),
            Key("' + letter", "go to the marked message: its stream and message"),
            Key("M", "the marks: letter, stream, message, name, info; enter goes there (escape, q or M closes)"),
        ],
    ),
    (
        "Field tree",
        [
            Key("enter", "choose the field (cursor to its bytes) and expand / collapse it"),
            Key("space", "expand / collapse the node"),
            Key("← / →, h / l", "collapse or go to the parent / expand or go to the first child"),
            Key("+ / -", "expand / collapse all"),
        ],
    ),
    (
        "Bytes",
        [
            Key("← → ↑ ↓, h l k j", "move the byte cursor; the tree selects the field there"),
            Key("home / end", "first / last byte of the message"),
        ],
    ),
    (
        "Search",
        [
            Key("/", 'search forward: 0x25609513, 25 60 95 13, "NBDMAGIC", cookie=0x1, name~part, @name, any word'),
            Key("\\, ctrl+r", "search backward"),
            Key("n / N", "next / previous match (also . / , and F3 / shift+F3)"),
            Key("escape", "close the search line; stop a running search"),
        ],
    ),
    (
        "Display filter",
        [
            Key(
                "&",
                "filter: only the messages that match, e.g. op_errno == ENOENT, latency > 2ms, name contains LOOKUP "
                "(the README's Display filters); the line stays on show with the count of matches",
            ),
            Key("tab", "in the filter line: complete the field name before the cursor (several: listed)"),
            Key("enter", "in the filter line: apply it (✓ green: a filter; ✗ red: not one, why and where on the right)"),
            Key("escape", "in the filter line: close it, the filter in force unchanged"),
            Key("ctrl+u", "in the filter line: empty it (then enter clears the filter: every message again)"),
        ],
    ),
    (
        "Live input, notes, copy, write, quit",
        [
            Key("f", "follow: keep the newest message of the selected stream on show (toggle)"),
            Key("F", "follow on, like less +F (moving to an older message turns it off)"),
            Key("y", "copy the selected field (or search match) as hex (tmux: also its paste buffer)"),
            Key("Y", "copy the whole message as hex"),
            Key("w", "write bytes to a file: the selected field's, the message's, or the stream's in its direction"),
            Key("e", "input notes: what the readers and reassembly reported (escape, q or e closes)"),
            Key("?", "this help: j / k, space / b, g / G scroll; escape, q or ? closes it"),
            Key("q, ctrl+c", "quit"),
        ],
    ),
]


def _view_keys() -> list[Key]:
    keys = []
    for view in registered_views().values():
        keys.append(
            Key(
                view.key,
                f"{view.help} (s / S sort, ← / → choose a cell, enter opens its message; escape, q or {view.key} closes)",
            )
        )
        if view.locate_key is not None:
            keys.append(Key(view.locate_key, f"{view.title}: opened on the line holding the message on show"))
    return keys


if _view_keys():
    GROUPS.insert(3, ("Cross-stream views", _view_keys()))


def all_keys() -> list[Key]:
    return [key for _, keys in GROUPS for key in keys]


def markdown_table() -> str:
    """The README's Keys table."""
    lines = ["| key | action |", "|---|---|"]
    for group, keys in GROUPS:
        lines.append(f"| **{group}** | |")
        for key in keys:
            shown = ", ".join(" / ".join(f"`{part.strip()}`" for part in alt.split(" / ")) for alt in key.keys.split(", "))
            action = key.action.replace("|", "\\|")
            lines.append(f"| {shown} | {action} |")
    return "\n".join(lines)


# The key bar at the bottom: the keys that matter most, for the pane that has focus.
COMMON_HINTS = [
    ("^n/^p", "msg"),
    ("]/[", "stream"),
    ("r", "pair"),
    ("/", "search"),
    ("&", "filter"),
    ("n/N", "match"),
    ("f", "follow"),
    ("y", "copy"),
    ("q", "quit"),
]
PANE_HINTS = {
    "streams": [("j/k", "stream")],
    "messages": [("j/k", "msg"), ("g/G", "first/last")],
    "fields": [("j/k", "field"), ("enter", "fold"), ("+/-", "all")],
    "hex": [("hjkl", "byte"), ("home/end", "first/last")],
}


def key_hints(pane: str | None, protocols: Collection[str] = ()) -> list[tuple[str, str]]:
    """(keys, what) pairs for the key bar when ``pane`` has focus; the cross-stream views
    only of ``protocols`` (those the input holds): an NBD capture has no bricks to
    compare, and the help lists every view anyway."""
    views = [(view.key, view.name) for view in views_of(protocols)]
    return [("?", "help")] + PANE_HINTS.get(pane or "", []) + COMMON_HINTS + views
