"""A GlusterFS volfile read as a graph: which brick translator sits where in which set.

glusterd hands a client its volfile in GETSPEC's reply: ``volume NAME`` …
``end-volume`` blocks, each with a ``type`` line, ``option KEY VALUE`` lines and a
``subvolumes A B C`` line. The fan-out view needs two facts from it: the
``protocol/client`` translator a brick connection is (its handshake names it,
``ecvol-client-2``), and the ``cluster/disperse`` or ``cluster/replicate`` set that
translator belongs to, with its position there (the bit EC and AFR give that brick
in their masks) and, for disperse, the redundancy (EC's k + r with
``k = bricks - redundancy``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

DISPERSE, REPLICATE = "cluster/disperse", "cluster/replicate"


@dataclass(slots=True)
class Section:
    """One ``volume`` block."""

    name: str
    type: str = ""
    options: dict[str, str] = field(default_factory=dict)
    subvolumes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one brick translator sits: its set (``ecvol-disperse-0``), the set's type
    (DISPERSE or REPLICATE), its position in the set's subvolumes, the set's size and
    (disperse) redundancy."""

    set_name: str
    set_type: str
    position: int
    bricks: int
    redundancy: int = 0


def sections(spec: str) -> list[Section]:
    """Every complete ``volume`` block of ``spec``, in order (a block cut short by the
    capture is left out)."""
    found: list[Section] = []
    current: Section | None = None
    for line in spec.splitlines():
        words = line.split(None, 2)
        if not words:
            continue
        head = words[0]
        if head == "volume" and len(words) > 1:
            current = Section(words[1])
        elif current is None:
            continue
        elif head == "type" and len(words) > 1:
            current.type = words[1]
        elif head == "option" and len(words) > 2:
            current.options[words[1]] = words[2].strip()
        elif head == "subvolumes":
            current.subvolumes = tuple(line.split()[1:])
        elif head == "end-volume":
            found.append(current)
            current = None
    return found


def placements(spec: str) -> dict[str, Placement]:
    """Brick translator name -> where it sits, for every disperse and replicate set."""
    found: dict[str, Placement] = {}
    for section in sections(spec):
        if section.type not in (DISPERSE, REPLICATE):
            continue
        redundancy = _number(section.options.get("redundancy")) if section.type == DISPERSE else 0
        for position, child in enumerate(section.subvolumes):
            found[child] = Placement(section.name, section.type, position, len(section.subvolumes), redundancy)
    return found


def _number(text: str | None) -> int:
    return int(text) if text is not None and text.isdigit() else 0
