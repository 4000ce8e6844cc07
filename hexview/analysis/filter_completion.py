"""Completing a field name in a display filter being typed (the view's ``tab``).

The word before the cursor is a field reference being written (``op_er``, or
``args.body.gf``: only its last component is completed). One name that fits is
written out; several are written up to what they share and listed, so the next
keys choose between them, as a shell's completion does. The names come from
``filters.field_names`` (the message fields, the loaded protocols' names, the trees
the view has shown).

Pure functions, no Textual import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_WORD_BEFORE = re.compile(r"[A-Za-z0-9_.\-\[\]]*$")


@dataclass(frozen=True, slots=True)
class Completion:
    text: str  # the whole filter text after completing
    cursor: int  # where the cursor goes
    prefix: str  # the part of a name that was completed (as typed)
    candidates: tuple[str, ...]  # every name that fits, sorted (empty: none)


def complete(text: str, cursor: int, names: Iterable[str]) -> Completion:
    """Complete the field name that ends at ``cursor`` in ``text`` from ``names``
    (compared without regard to case; a name's own spelling is what gets written)."""
    cursor = max(0, min(cursor, len(text)))
    word = _WORD_BEFORE.search(text, 0, cursor)
    typed = word.group() if word is not None else ""
    prefix = typed.rsplit(".", 1)[-1]
    lowered = prefix.lower()
    candidates = tuple(sorted({name for name in names if name.lower().startswith(lowered)}))
    if not candidates:
        return Completion(text, cursor, prefix, ())
    written = candidates[0] if len(candidates) == 1 else _shared_start(candidates)
    if len(written) < len(prefix):  # the names share less than was typed (case differs): keep it
        written = prefix
    start = cursor - len(prefix)
    return Completion(text[:start] + written + text[cursor:], start + len(written), prefix, candidates)


def _shared_start(names: tuple[str, ...]) -> str:
    """The longest start every name has (without regard to case), as the first spells it."""
    first = names[0]
    length = len(first)
    for name in names[1:]:
        n = 0
        while n < min(length, len(name)) and first[n].lower() == name[n].lower():
            n += 1
        length = n
    return first[:length]
