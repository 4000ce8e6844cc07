"""The interactive view's memory cap (``--max-memory``): sizes, the process's size, the
share of the cap the message store may fill.

The cap is for the whole process, so it counts everything, including what no store
counts: the interpreter and Textual, the pipeline's bounded state (the frame-time
ring, the reassembly's open and recently closed connections), the decoded trees a
view keeps, and what the allocator holds beyond the live objects. The store gets what
is left of the cap once the view has started (``process_rss`` then), less a reserve
for all that: ``RESERVE`` for what is about the same whatever the input (the first
screen alone is some 10 MB, the frame-time ring 3 MB, the closed connections
reassembly remembers and the header lines it keeps a few MB), and ``RESERVE_SHARE``
of the rest for the allocator's slack, which grows with what the store holds.
Everything the store holds -- messages, streams and their stats, the stream list's
rows, the number index -- is counted against its share
(``hexview.analysis.message_store``). Python and Textual alone take some 55 MB, so a
cap below ``MIN_MAX_MEMORY`` cannot be kept and is refused.
"""

from __future__ import annotations

import re
import resource

DEFAULT_MAX_MEMORY = 512 * 1024 * 1024
MIN_MAX_MEMORY = 80 * 1024 * 1024
RESERVE = 24 * 1024 * 1024  # the screen, the frame-time ring, closed connections, kept trees
RESERVE_SHARE = 0.2  # of what the cap leaves once started and the reserve taken: allocator slack
MIN_STORE = 2 * 1024 * 1024  # the store always gets this much, whatever the cap

_UNITS = {"": 1, "B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*", re.IGNORECASE)


def parse_size(text: str) -> int:
    """Bytes in ``text``: a number with an optional unit (K, M, G, T, powers of 1024;
    ``64M``, ``64MB``, ``64MiB`` and ``67108864`` are the same). ValueError if not one."""
    match = _SIZE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a size: {text!r} (say e.g. 512M or 2G)")
    number, unit = match.groups()
    return int(float(number) * _UNITS[unit.upper()])


def process_rss() -> int:
    """Bytes of memory the process holds now (resident set: /proc/self/status's VmRSS;
    elsewhere the peak so far, which is never less)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def store_budget(max_memory: int, started: int) -> int:
    """Bytes the message store may count, of a cap of ``max_memory`` for a process that
    holds ``started`` bytes with nothing read yet."""
    left = max_memory - started - RESERVE
    return max(MIN_STORE, int(left * (1 - RESERVE_SHARE)))
