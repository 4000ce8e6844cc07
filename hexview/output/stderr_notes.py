"""An input's notes on stderr, the same way in every view: the streaming outputs
after each input, the interactive view once the terminal is restored."""

from __future__ import annotations

import sys

from ..safe_text import printable

MAX_NOTES = 40  # lines per input; the rest is counted


def input_name(path: str) -> str:
    """How stderr names an input: its path, or <stdin> for '-' (controls escaped)."""
    return printable("<stdin>" if path == "-" else path)


def report_notes(path: str | None, notes: list[str]) -> None:
    """The input's notes on stderr, one line each, at most MAX_NOTES. ``path`` None:
    several inputs merged, whose notes name the input they are about themselves."""
    head = "hexview: " if path is None else f"hexview: {input_name(path)}: "
    for note in notes[:MAX_NOTES]:
        print(f"{head}{printable(note)}", file=sys.stderr)
    if len(notes) > MAX_NOTES:
        print(f"{head}… {len(notes) - MAX_NOTES} more notes", file=sys.stderr)
