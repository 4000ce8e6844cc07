"""An input's notes on stderr, the same way in every view: the streaming outputs
after each input, the interactive view once the terminal is restored."""

from __future__ import annotations

import sys

from ..safe_text import printable

MAX_NOTES = 40  # lines per input; the rest is counted


def input_name(path: str) -> str:
    """How stderr names an input: its path, or <stdin> for '-' (controls escaped)."""
    return printable("<stdin>" if path == "-" else path)


def report_notes(path: str, notes: list[str]) -> None:
    """The input's notes on stderr, one line each, at most MAX_NOTES."""
    name = input_name(path)
    for note in notes[:MAX_NOTES]:
        print(f"hexview: {name}: {printable(note)}", file=sys.stderr)
    if len(notes) > MAX_NOTES:
        print(f"hexview: {name}: … {len(notes) - MAX_NOTES} more notes", file=sys.stderr)
