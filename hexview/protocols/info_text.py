"""Words for the message list's info column, taken from a decoded field tree.

Every protocol's ``Registration.info`` builds a few words from a handful of fields;
these helpers are the one way they read a field, so a value that was not captured
(``None``) leaves its word out instead of printing "None", and text from the wire
keeps the tree's quoting (control characters escaped).
"""

from __future__ import annotations

from typing import Any

from ..decode.fields import Field
from ..safe_text import printable


def words(*parts: str) -> str:
    """The non-empty parts, separated by single spaces."""
    return " ".join(p for p in parts if p)


def value(parent: Field | None, name: str) -> Any:
    """The value of ``parent``'s sub-field ``name``; None when absent or not captured."""
    f = parent.child(name) if parent is not None else None
    return f.value if f is not None else None


def shown(parent: Field | None, name: str) -> str:
    """A sub-field as the tree shows it (strings quoted and escaped), or '' when
    absent or not captured."""
    f = parent.child(name) if parent is not None else None
    return f.show if f is not None and f.value is not None else ""


def labelled(label: str, number: object) -> str:
    """'size 65536', or '' when the number was not captured."""
    return f"{label} {number}" if number is not None else ""


def flag_names(f: Field | None) -> str:
    """'FUA NO_HOLE' from a flags field shown as '0x0003 (FUA, NO_HOLE)'; '' when none is set."""
    if f is None or not f.show.endswith(")") or " (" not in f.show:
        return ""
    return f.show.split(" (", 1)[1][:-1].replace(", ", " ")


def text(parent: Field | None, name: str) -> str:
    """A string sub-field's text, unquoted but with control characters escaped (lock
    names, paths); '' when absent, not captured or not a string."""
    v = value(parent, name)
    return printable(v) if isinstance(v, str) else ""


def short_hex(data: object, keep: int = 4) -> str:
    """Opaque bytes (a file handle, a cookie; the tree's value is their hex) in a few
    words: the first ``keep`` bytes, then '…' when there are more; '' for anything else."""
    if isinstance(data, (bytes, bytearray)):
        data = bytes(data).hex()
    if not isinstance(data, str):
        return ""
    return data[: keep * 2] + "…" if len(data) > keep * 2 else data
