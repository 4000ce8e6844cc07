"""Wire bytes are data: make any text derived from them safe for a terminal or markup.

Control characters (ESC, BEL, CR, ...) would let captured bytes drive the terminal;
they are shown as escapes. Rich/Textual markup is escaped separately by the UI.
"""

from __future__ import annotations

import re

_CONTROL = {c: f"\\x{c:02x}" for c in list(range(0x20)) + list(range(0x7F, 0xA0))}
_CONTROL[ord("\t")] = "\\t"
_CONTROL[ord("\n")] = "\\n"
_CONTROL[ord("\r")] = "\\r"
_TABLE = str.maketrans({chr(c): v for c, v in _CONTROL.items()})
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every C0/C1 control character replaced by a visible escape
    (translated only when it holds one: --print asks this of every field's line)."""
    return text.translate(_TABLE) if _ANY_CONTROL.search(text) else text


def ascii_column(data: bytes) -> str:
    """The hex dump's ASCII column: printable ASCII as is, everything else '.'."""
    return "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in data)
