"""The ``e`` screen: the input's notes -- what the readers and the reassembly had to
say about the capture (damaged lines, truncated records, gaps, skipped packets) --
like Wireshark's expert information.

The title line says how many there are ("e: 5 notes"); on a live pipe the list grows
while it is open (the App hands new notes over as the feed reports them). They are
still printed on stderr after quitting, as ``--print`` does. Each note is wire-derived
text and goes through ``wire_text``.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from .safe import group_digits, wire_text
from .text_screen import TextScreen


def notes_text(notes: list[str]) -> Text:
    if not notes:
        return Text("No notes: the readers and the reassembly had nothing to report.", style="dim")
    text = Text(end="")
    for n, note in enumerate(notes):
        if n:
            text.append("\n")
        text.append("• ", style="bold")
        text.append_text(wire_text(note))
    return text


class NotesScreen(TextScreen):
    BINDINGS = [Binding("e", "dismiss", "Close notes")]
    CLOSE_KEY = "e"

    def __init__(self, notes: list[str]) -> None:
        super().__init__()
        self.notes = notes

    def page_title(self) -> str:
        return f"input notes ({group_digits(len(self.notes))})"

    def body(self) -> Text:
        return notes_text(self.notes)

    def update_notes(self, notes: list[str]) -> None:
        self.notes = notes
        self.refresh_page()
