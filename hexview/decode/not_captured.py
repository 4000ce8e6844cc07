"""Bytes that were not captured: one node per gap, nothing decoded from placeholders.

A message whose capture lost bytes -- a snaplen cut, a hex dump that stops or lost
part of a row, a lost TCP segment -- holds zero placeholders there (``Message.missing``
lists them), so that it keeps its length and the next message its place. A parser run
over the placeholders reads lengths, counts and discriminants that were never on the
wire: it would show a dictionary's thirteen entries as 8-byte records at offsets that
do not exist. So once a message is parsed, ``drop_invented`` keeps of its tree only
what the captured bytes say:

- each gap is one ``not_captured`` node over exactly its bytes, its show the count;
  a message the input ended inside gets one more at its end, zero bytes wide, with
  the count its framing expected;
- a field read wholly from a gap is dropped; one partly in a gap keeps its captured
  bytes ("3131 (2 of 16384 bytes captured)"), one piece per captured run;
- a *steering* field (``kaitai_tree.steering_names``: a length, a count, a switch, a
  value hexview dispatches on) that touches a gap means that from that gap on no field
  has a known place: the tree stops where the gap starts, the captured bytes after it
  are ``undecoded`` nodes (and spans in ``errors``), and what the parser judged of that
  part ("malformed ...: truncated") goes with it;
- a container that lost part of what it held has no value of its own, nor a text made
  of its value or its children (a flags word, a dictionary entry's ``key = value``, a
  date, a UUID); a text it was given otherwise stays (``args: LOOKUP``, an NFSv4
  operation's name), and it spans what it still holds.

Fields whose place captured bytes decided keep it, also after a gap: a damaged row in
the middle of a credential costs the fields it held, not the rest of the message.
Every view shows this same tree: ``--print``, ``--json`` and the interactive view.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..packets import Shortfall, Span
from .fields import DecodedMessage, Field
from .kaitai_tree import BYTES_SHOWN, MALFORMED, children_show, printable_text, steering_names

NOT_CAPTURED = "not_captured"
UNDECODED = "undecoded"
# what a parse said about its bytes: past the cut these judged placeholders
_JUDGEMENTS = ("malformed", "undecoded", "undecodable", "truncated")
_AFTER_GAP = "undecoded: after bytes that were not captured, where their fields lie is not known"


class _Gap:
    __slots__ = ("start", "end", "reasons")

    def __init__(self, start: int, end: int, reason: str) -> None:
        self.start, self.end, self.reasons = start, end, [reason]


def drop_invented(decoded: DecodedMessage, missing: Sequence[Span], problems: Sequence[Span], data: bytes) -> None:
    """Rewrite ``decoded`` (fields and errors) as the module docstring says; ``missing``
    are the message's gaps, ``problems`` its framing problems (a ``Shortfall`` among
    them: the input ended inside it)."""
    gaps = _gaps(missing, len(data))
    short = next((p for p in problems if isinstance(p, Shortfall)), None)
    if not gaps and short is None:
        return
    cut = _cut(decoded.fields, gaps, steering_names()) if gaps else None
    fields = _prune(decoded.fields, gaps, cut, data)[0]
    for gap in gaps:
        count = gap.end - gap.start
        node = Field(
            NOT_CAPTURED,
            None,
            f"{count} byte{'s' if count != 1 else ''}",
            gap.start,
            gap.end,
            doc=f"Bytes the capture does not hold ({'; '.join(gap.reasons)}).",
        )
        _place(fields, node, top_only=cut is not None and gap.start >= cut)
    if cut is not None:
        kept = [e for e in decoded.errors if e.end <= cut or not e.reason.startswith(_JUDGEMENTS)]
        for start, end in _runs(cut, len(data), gaps):
            after = Field(
                UNDECODED,
                data[start:end].hex() if end - start <= BYTES_SHOWN else None,
                f"{end - start} byte{'s' if end - start != 1 else ''}",
                start,
                end,
                doc="Captured bytes after bytes that were not captured: which fields they hold depends on the missing bytes.",
            )
            _place(fields, after, top_only=True)
            kept.append(Span(start, end, _AFTER_GAP))
        decoded.errors = kept
    if short is not None:
        fields.append(
            Field(
                NOT_CAPTURED,
                None,
                f"{short.count} byte{'s' if short.count != 1 else ''} expected after the last one captured",
                len(data),
                len(data),
                doc=f"The message's header promised more bytes than the input held ({short.reason}).",
            )
        )
    decoded.fields = fields


def _gaps(missing: Sequence[Span], length: int) -> list[_Gap]:
    """The missing spans in order, clipped to the message, touching ones as one gap."""
    gaps: list[_Gap] = []
    for span in sorted(missing, key=lambda s: (s.start, s.end)):
        start, end = max(0, span.start), min(length, span.end)
        if end <= start:
            continue
        if gaps and start <= gaps[-1].end:
            last = gaps[-1]
            last.end = max(last.end, end)
            if span.reason not in last.reasons:
                last.reasons.append(span.reason)
        else:
            gaps.append(_Gap(start, end, span.reason))
    return gaps


def _cut(fields: list[Field], gaps: list[_Gap], steering: frozenset[str]) -> int | None:
    """Where the first gap a steering field touches starts (None: no such gap)."""
    cut: int | None = None
    stack = list(fields)
    while stack:
        f = stack.pop()
        if f.children:
            stack.extend(f.children)
            if f.value is None:
                continue  # a plain container: its parts are what steer
        if f.end <= f.start or f.name.split("[", 1)[0] not in steering:
            continue
        for gap in gaps:
            if gap.start >= f.end:
                break
            if gap.end > f.start:
                if cut is None or gap.start < cut:
                    cut = gap.start
                break
    return cut


def _prune(fields: list[Field], gaps: list[_Gap], cut: int | None, data: bytes) -> tuple[list[Field], bool]:
    """``fields`` without what the gaps and the cut take; whether anything changed."""
    out: list[Field] = []
    changed = False
    for f in fields:
        if cut is not None and f.start >= cut:
            changed = True
            continue
        if f.children:
            kids, kids_changed = _prune(f.children, gaps, cut, data)
            if kids_changed:
                changed = True
                if not kids:
                    continue
                if f.value is not None or _from_children(f) or (f.show == MALFORMED and cut is not None and f.end > cut):
                    f.show = ""  # made of what it held, or judged from placeholders
                f.children, f.value = kids, None
                f.start, f.end = min(k.start for k in kids), max(k.end for k in kids)
            out.append(f)
            continue
        end = f.end if cut is None else min(f.end, cut)
        if f.start == f.end:  # an empty field (padding of length 0): kept unless inside a gap
            if any(g.start < f.start < g.end for g in gaps):
                changed = True
            else:
                out.append(f)
            continue
        pieces = _runs(f.start, end, gaps)
        if pieces == [(f.start, f.end)]:
            out.append(f)
            continue
        changed = True
        malformed = f.show.startswith(MALFORMED) and (cut is None or f.end <= cut)
        out.extend(_piece(f, start, stop, data, malformed) for start, stop in pieces)
    return out, changed


def _from_children(f: Field) -> bool:
    """Whether the container's text is what a display hint makes of its children (a
    date, a UUID: kaitai_tree.children_show), which some of them no longer give."""
    return bool(f.show) and f.show in (children_show(f.children, "time"), children_show(f.children, "uuid"))


def _runs(start: int, end: int, gaps: list[_Gap]) -> list[tuple[int, int]]:
    """The captured runs of bytes [start, end)."""
    runs = []
    at = start
    for gap in gaps:
        if gap.end <= at:
            continue
        if gap.start >= end:
            break
        if gap.start > at:
            runs.append((at, gap.start))
        at = max(at, gap.end)
    if at < end:
        runs.append((at, end))
    return runs


def _piece(f: Field, start: int, end: int, data: bytes, malformed: bool) -> Field:
    """The captured bytes [start, end) of field ``f``: no value (the field's value needs
    all its bytes), shown as the bytes there are (after '<malformed>' when the parse
    found the field malformed from captured bytes)."""
    raw = data[start:end]
    text = printable_text(raw) if f.show.startswith(("'", '"')) else None  # a string: its captured text
    if text is not None:
        shown = repr(text)
    elif len(raw) > BYTES_SHOWN:
        shown = f"{raw[:BYTES_SHOWN].hex()}…"
    else:
        shown = raw.hex()
    counted = f"{shown} ({end - start} of {f.end - f.start} bytes captured)"
    return Field(f.name, None, f"{MALFORMED} {counted}" if malformed else counted, start, end, [], f.doc)


def _place(fields: list[Field], node: Field, *, top_only: bool) -> None:
    """Put ``node`` into the innermost container that spans it (at the top level when
    ``top_only`` or none does), after the siblings that start before it."""
    siblings = fields
    while not top_only:
        inner = next((c for c in siblings if c.children and c.start <= node.start and node.end <= c.end), None)
        if inner is None:
            break
        siblings = inner.children
    at = 0
    for i, sibling in enumerate(siblings):
        if sibling.start <= node.start and sibling is not node:
            at = i + 1
    siblings.insert(at, node)
