"""Search across messages: by hex bytes, by ASCII text, or by field name and value.

One query language for every view (the TUI's ``/``, later ``--filter``):

- ``0x25609513``, ``25 60 95 13``, ``25609513`` -- these bytes, anywhere in a message;
- ``"NBDMAGIC"`` (quoted) or ``text:NBDMAGIC`` -- this ASCII text, case-insensitive;
- ``cookie=0x2``, ``type=NBD_CMD_READ`` -- a field with that name whose value or
  shown text equals it (``name~part`` for a substring, ``@name`` for the name alone);
- any other word -- ASCII text in the bytes, or a field name or shown value containing it.

Byte queries never decode; field queries decode each message they look at, and
keep none of those trees (a search over a million messages must not hold a million
field trees). ``scan`` looks at one message per step, so a view can run a long
search a slice at a time, show how far it got and stop it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from ..messages import Message

if TYPE_CHECKING:  # pragma: no cover
    from ..decode.fields import Field

_HEX_CHUNKS = re.compile(r"^(0x)?[0-9a-fA-F]{2}([\s:]*(0x)?[0-9a-fA-F]{2})*$")
_FIELD = re.compile(r"^@?(?P<name>[A-Za-z_][\w.\[\]]*)\s*(?P<op>=|~)\s*(?P<value>.+)$")


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    kind: str  # "hex", "text", "field" or "any"
    needle: bytes | None = None  # hex and text queries (text: lower-cased ASCII)
    name: str | None = None  # field queries
    value: str | None = None
    exact: bool = True  # field value: equal (=) or contains (~)


@dataclass(frozen=True, slots=True)
class SearchHit:
    position: int  # index into the searched sequence
    start: int  # byte range within the message
    end: int
    field: str | None = None  # the field that matched, for field queries


def parse_query(text: str) -> Query:
    """Read a query; ``ValueError`` (one line) when it asks for nothing searchable."""
    raw = text.strip()
    if not raw:
        raise ValueError("empty search")
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return _text_query(raw, raw[1:-1])
    if raw.lower().startswith("text:"):
        return _text_query(raw, raw[5:])
    if raw.startswith("@"):
        name = raw[1:].strip()
        if not name:
            raise ValueError("@ needs a field name")
        return Query(raw, "field", name=name, value=None)
    if re.fullmatch(r"0[xX][0-9a-fA-F]*", raw) and len(raw) % 2:
        raise ValueError(f"odd number of hex digits in {raw!r}")
    if _HEX_CHUNKS.match(raw) and (raw.lower().startswith("0x") or " " in raw or ":" in raw or _all_hex_digits(raw)):
        digits = re.sub(r"0x|[\s:]", "", raw, flags=re.IGNORECASE)
        if len(digits) % 2:
            raise ValueError(f"odd number of hex digits in {raw!r}")
        return Query(raw, "hex", needle=bytes.fromhex(digits))
    match = _FIELD.match(raw)
    if match:
        return Query(raw, "field", name=match["name"], value=match["value"].strip(), exact=match["op"] == "=")
    return Query(raw, "any", needle=raw.lower().encode("latin-1", "replace"), value=raw.lower())


def _all_hex_digits(raw: str) -> bool:
    """Bare hex like ``25609513`` -- but not a word that happens to be hex (``dead``, ``cafe``) of 4 or fewer letters only."""
    return any(c.isdigit() for c in raw) and len(raw) >= 4


def _text_query(raw: str, body: str) -> Query:
    if not body:
        raise ValueError("empty text search")
    return Query(raw, "text", needle=body.lower().encode("latin-1", "replace"))


def hits_in(message: Message, query: Query) -> list[SearchHit]:
    """Every match inside one message, in byte order (position left as 0)."""
    hits: list[SearchHit] = []
    if query.kind in ("hex", "text", "any"):
        hits += _byte_hits(message, query)
    if query.kind in ("field", "any"):
        hits += _field_hits(message, query)
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


def _byte_hits(message: Message, query: Query) -> list[SearchHit]:
    needle = query.needle or b""
    if not needle:
        return []
    haystack = message.data if query.kind == "hex" else message.data.lower()
    hits = []
    pos = haystack.find(needle)
    while pos >= 0:
        if not any(s.start < pos + len(needle) and s.end > pos for s in message.missing):
            hits.append(SearchHit(0, pos, pos + len(needle)))
        pos = haystack.find(needle, pos + 1)
    return hits


def _field_hits(message: Message, query: Query) -> list[SearchHit]:
    try:
        decoded = message.decode_transient()  # a search keeps no tree per message
    except Exception:
        return []
    hits = []
    stack = decoded.fields[::-1]  # every field depth first (Field.walk, inlined: it runs per message)
    if query.kind == "any":
        value = cast(str, query.value)  # parse_query gives every "any" query its lower-cased text
        while stack:
            f = stack.pop()
            if value in f.name.lower() or value in f.show.lower():
                hits.append(SearchHit(0, f.start, f.end, f.name))
            if f.children:
                stack.extend(reversed(f.children))
        return hits
    wanted = cast(str, query.name).lower()  # every "field" query names one
    wanted_value = query.value
    while stack:
        f = stack.pop()
        name = f.name
        named = name == wanted or _name_matches(name.lower(), wanted)
        if named and (wanted_value is None or _value_matches(f, wanted_value, query.exact)):
            hits.append(SearchHit(0, f.start, f.end, f.name))
        if f.children:
            stack.extend(reversed(f.children))
    return hits


def _name_matches(name: str, wanted: str) -> bool:
    """``items[3]`` answers to ``items`` as well as to itself."""
    return name == wanted or ("[" in name and name.split("[", 1)[0] == wanted)


def _value_matches(f: Field, wanted: str, exact: bool) -> bool:
    """Whether the field's value or shown text equals (``exact``) or contains ``wanted``."""
    value = wanted.lower()
    shown = f.show.lower()
    candidates = {shown, shown.split(" (", 1)[0], str(f.value).lower()}
    if isinstance(f.value, int) and not isinstance(f.value, bool):
        candidates |= {hex(f.value), str(f.value)}
        try:
            if int(value, 0) == f.value:
                return True
        except ValueError:
            pass
    if exact:
        return value in candidates
    return any(value in c for c in candidates)


def find_next(
    messages: Sequence[Message], query: Query, position: int, offset: int = -1, backwards: bool = False
) -> SearchHit | None:
    """The first hit after (``position``, ``offset``) -- or before it, ``backwards``.

    ``offset=-1`` includes hits at the very start of ``messages[position]``; when
    searching backwards, pass the current hit's start (or the message length + 1 to
    include the whole message).
    """
    for hit in scan(messages, query, position, offset, backwards):
        if hit is not None:
            return hit
    return None


def scan(
    messages: Sequence[Message | None],
    query: Query,
    position: int,
    offset: int = -1,
    backwards: bool = False,
    stop: int | None = None,
) -> Iterator[SearchHit | None]:
    """``find_next`` one message at a time: yields ``None`` for each message looked at
    without a hit, or the hit (and ends there). ``stop``: the last position to look
    at (default: the end, or the start backwards). ``None`` entries (messages a
    bounded store dropped meanwhile) are skipped without a step."""
    if not messages:
        return
    position = max(0, min(position, len(messages) - 1))
    if backwards:
        order = range(position, (0 if stop is None else max(stop, 0)) - 1, -1)
    else:
        order = range(position, len(messages) if stop is None else min(stop + 1, len(messages)))
    for pos in order:
        message = messages[pos]
        if message is None:
            continue
        hits = hits_in(message, query)
        if pos == position:
            hits = [h for h in hits if (h.start < offset if backwards else h.start > offset)]
        if hits:
            h = hits[-1] if backwards else hits[0]
            yield SearchHit(pos, h.start, h.end, h.field)
            return
        yield None
