"""Tables that keep only their newest entries: what an endless input learns (names,
ports, layouts) is held in a bounded number of them, the oldest let go first."""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def put_newest(table: dict[K, V], key: K, value: V, most: int) -> None:
    """``table[key] = value`` as its newest entry (re-inserted when it was there), the
    oldest entries let go past ``most``."""
    table.pop(key, None)
    table[key] = value
    while len(table) > most:
        del table[next(iter(table))]
