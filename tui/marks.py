"""Marks, as in vi: ``m`` + a letter marks the message on show, ``'`` + the letter goes back.

A mark holds the message's stable identity -- its stream's row in the store and the
message's number (the one every view shows) -- never a list row or a position on
screen, so it stays true while streams are switched, old messages are dropped (a
mark on a dropped message says so) and, later, a filter hides rows.

Pure data, no Textual import.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mark:
    letter: str
    row: int  # the stream's row in the MessageStore
    index: int  # the message's number (Message.index)


def is_mark_letter(character: str | None) -> bool:
    """Marks are named by the letters a-z and A-Z, as vi's."""
    return character is not None and len(character) == 1 and character.isascii() and character.isalpha()


class Marks:
    def __init__(self) -> None:
        self._marks: dict[str, Mark] = {}

    def set(self, letter: str, row: int, index: int) -> Mark:
        """Mark message ``index`` of stream ``row`` as ``letter`` (moving the mark if it was set)."""
        if not is_mark_letter(letter):
            raise ValueError(f"a mark is a letter, not {letter!r}")
        mark = self._marks[letter] = Mark(letter, row, index)
        return mark

    def get(self, letter: str) -> Mark | None:
        return self._marks.get(letter)

    def all(self) -> list[Mark]:
        """Every mark, in letter order (a-z before A-Z, as the keyboard reads)."""
        return sorted(self._marks.values(), key=lambda mark: (mark.letter.isupper(), mark.letter))

    def __len__(self) -> int:
        return len(self._marks)
