"""Field trees: what a decoded message looks like to every view.

A field knows its byte range relative to the message start, so the TUI can colour
bytes, ``--json`` can report ``start``/``end`` and ``--print`` can show offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..packets import Span


@dataclass(slots=True)
class Field:
    name: str
    value: Any  # int, str, bool, bytes, list, or None for a pure container
    show: str  # human text, e.g. "NBD_CMD_READ (0)" or "0x0000000000000001"
    start: int
    end: int
    children: list[Field] = field(default_factory=list)
    doc: str = ""
    colour: str = ""  # an RGB ("#5fffff") or Rich colour name; decoding plans it (hexview.decode.colours)

    @property
    def label(self) -> str:
        """An enum value's label without its number ('NFS4ERR_NOENT' from
        'NFS4ERR_NOENT (2)'); the shown text itself for anything else, an unknown
        value included ('Unknown (99)')."""
        text, sep, rest = self.show.rpartition(" (")
        if sep and rest.endswith(")") and text and text != "Unknown" and _is_number(rest[:-1]):
            return text
        return self.show

    def child(self, name: str) -> Field | None:
        """The first direct sub-field called ``name`` (no walk: info lines look at a
        message's top levels only)."""
        for c in self.children:
            if c.name == name:
                return c
        return None

    def walk(self) -> Iterator[Field]:
        """This field and every descendant, depth first in tree order (iterative: trees
        of thousands of fields are walked for every message printed)."""
        stack = [self]
        while stack:
            f = stack.pop()
            yield f
            if f.children:
                stack.extend(reversed(f.children))


def _is_number(text: str) -> bool:
    """'2', '-1', '0x0003': the number an enum's shown text ends with."""
    text = text.removeprefix("-")
    return text.isdigit() or (text.startswith("0x") and len(text) > 2 and all(c in "0123456789abcdef" for c in text[2:]))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a message says happened, for the message list's info column and ``--json``.

    ``info``: a few words a person scans a list for (NFS: the COMPOUND's operations and
    the first failing status; Gluster: procedure, basename or gfid, op_ret/op_errno by
    name; NBD: offset, length, error). ``failed``: a reply that reports an error (the
    list marks and colours it)."""

    info: str = ""
    failed: bool = False


@dataclass(slots=True)
class DecodedMessage:
    fields: list[Field]
    errors: list[Span]  # malformed, undecoded or missing byte spans with the reason
    summary: str = ""
    outcome: Outcome = Outcome()
    # sets every field's colour when first asked (``ensure_colours``): only views that
    # paint need colours, so --json, --print, lists and searches never pay for them
    colour_plan: Callable[[DecodedMessage], None] | None = None

    def ensure_colours(self) -> None:
        plan, self.colour_plan = self.colour_plan, None
        if plan is not None:
            plan(self)

    def walk(self) -> Iterator[Field]:
        stack = list(reversed(self.fields))
        while stack:
            f = stack.pop()
            yield f
            if f.children:
                stack.extend(reversed(f.children))

    def top(self, name: str) -> Field | None:
        """The first top-level field called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def find(self, name: str) -> Field | None:
        """The first field called ``name``, depth first (for tests and summaries)."""
        for f in self.walk():
            if f.name == name:
                return f
        return None

    def deepest_at(self, offset: int) -> Field | None:
        """The innermost field whose range covers ``offset`` (hex cursor -> tree)."""
        best: Field | None = None
        for f in self.walk():
            if f.start <= offset < f.end and (best is None or f.end - f.start <= best.end - best.start):
                best = f
        return best
