"""Decoding one framed message: parser tree + everything the parser cannot know.

The parser sees zero placeholders where bytes were not captured; this module has
``not_captured`` keep of the tree only what captured bytes say (one node per gap),
adds the framing problems and the undecoded spans to ``errors``, gives each field
its colour (neighbours never share one: see ``colours``) and builds the one-line
summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..messages import Message
from ..packets import Span
from .colours import plan_colours
from .fields import DecodedMessage, Field, Outcome
from .kaitai_tree import decode_with
from .not_captured import drop_invented

if TYPE_CHECKING:  # pragma: no cover
    from ..protocols.registry import Registration


def decode_message(message: Message, parser_cls: Any, params: dict[str, Any] | None = None) -> DecodedMessage:
    """Run ``parser_cls`` (None: the message is undecodable, ``params['reason']`` says why)."""
    if parser_cls is None:
        reason = message.params.get("reason", "undecoded")
        fields = [Field("data", _short_hex(message.data), f"{message.length} bytes", 0, message.length)]
        decoded = DecodedMessage(fields, [Span(0, message.length, f"undecoded: {reason}")])
    else:
        decoded = decode_with(parser_cls, message.data, params)
    return finish(message, decoded)


def finish(message: Message, decoded: DecodedMessage) -> DecodedMessage:
    """What every decoder's tree gets: not-captured marks, framing problems, summary, outcome,
    and the colour plan a view runs when it paints (``DecodedMessage.ensure_colours``)."""
    reg = message.conversation.protocol  # None: made outside a pipeline
    mark_not_captured(message, decoded)
    decoded.errors.extend(message.problems)
    wanted = reg.summary_fields.get(message.kind, ()) if reg is not None else ()
    found: dict[str, Field] = {}
    if wanted:  # the first of each name, depth first (decoded.walk, inlined: it runs for every message)
        stack = decoded.fields[::-1]
        while stack:
            f = stack.pop()
            if f.name in wanted and f.name not in found:
                found[f.name] = f
                if len(found) == len(wanted):
                    break
            if f.children:
                stack.extend(reversed(f.children))
    if reg is not None:
        length = message.length
        decoded.colour_plan = lambda d: plan_colours(list(d.walk()), length, reg.colour_of, reg.palette)
    decoded.summary = _summary_line(message, decoded, wanted, found)
    decoded.outcome = _outcome(message, decoded, reg)
    return decoded


def mark_not_captured(message: Message, decoded: DecodedMessage) -> None:
    """The bytes ``message`` lacks in its tree (``not_captured``: one node per gap, no
    field read from one) and in its errors (one span per gap, before the rest)."""
    if message.missing or message.problems:
        drop_invented(decoded, message.missing, message.problems, message.data)
    if message.missing:
        decoded.errors[:0] = [Span(s.start, s.end, f"not captured: {s.reason}") for s in message.missing]
        decoded.errors = _drop_errors_inside_missing(decoded.errors, message.missing)


def _outcome(message: Message, decoded: DecodedMessage, reg: Registration | None) -> Outcome:
    """The registration's ``info`` for this message; the summary (less the name) when
    it has none or it fails -- a presentation hook must never lose a message."""
    if reg is not None and reg.info is not None:
        try:
            return reg.info(message, decoded)
        except Exception:
            pass
    text = decoded.summary
    if text.startswith(message.name):
        text = text[len(message.name) :].strip()
    return Outcome(text, False)


def _short_hex(data: bytes) -> str | None:
    return data.hex() if len(data) <= 64 else None


def _drop_errors_inside_missing(errors: list[Span], missing: Sequence[Span]) -> list[Span]:
    """A 'truncated' parse error that merely reports the placeholders is not news."""
    kept = []
    for e in errors:
        if e.reason.startswith("not captured"):
            kept.append(e)
            continue
        if e.end > e.start and any(s.start <= e.start and e.end <= s.end for s in missing):
            continue
        kept.append(e)
    return kept


def _summary_line(message: Message, decoded: DecodedMessage, wanted: tuple[str, ...], found: dict[str, Field]) -> str:
    """``name`` plus the fields the registration lists for this kind, e.g. 'NBD_CMD_READ cookie=0x1 …'."""
    parts = [message.name]
    for name in wanted:
        f = found.get(name)
        if f is not None and f.show:
            parts.append(f"{name}={f.show}")
    if decoded.errors:
        parts.append(f"[{len(decoded.errors)} problem{'s' if len(decoded.errors) != 1 else ''}]")
    return " ".join(parts)
