"""Choosing a reader from the first bytes of the input.

Binary captures announce themselves with a magic number.  Text is told apart by
the shape of its lines: tcpdump rows (``\\t0x0010:``), headers and stderr lines
are unmistakable, and one of them anywhere in the peeked text wins, because
pasted documents (prose with a dump inside) should go to the tcpdump reader,
which skips prose.  xxd, ``hexdump -C`` and od differ in how the offset is
followed (``: `` / two spaces / one space).  Input that is neither is raw binary.

``detect`` only ever sees a bounded prefix and may answer "need more", so it
works on a live pipe: it decides as soon as the evidence is clear and never
waits for the end of the input.
"""

from __future__ import annotations

import re

from . import pcap, pcapng

PEEK_LIMIT = 64 * 1024  # look at no more than this before deciding
GZIP_MAGIC = b"\x1f\x8b\x08"

_TCPDUMP = re.compile(
    r"[ \t]*0[xX][0-9a-fA-F]{4,}:\s"  # a hex row
    r"|(?:\d{4}-\d\d-\d\d )?\d{1,2}:\d\d:\d\d\.\d{6,9} \S"  # header with a time stamp
    r"|\d{9,}\.\d{6,9} \S"  # header, -tt
    r"|(?:tcpdump: |listening on \S+, link-type |reading from file \S+, link-type )"
    r"|[A-Za-z][\w.:@-]*\s+(?:In|Out)\s+IP6? \S+ > "  # -i any, no time stamp
    r"|IP6? \S+ > \S+: "  # -t
)
_XXD = re.compile(r"[0-9a-fA-F]{6,16}: [0-9a-fA-F]{2}")
_HEXDUMP = re.compile(r"[0-9a-fA-F]{6,16}  [0-9a-fA-F]{2} ")
_OD = re.compile(r"[0-9a-fA-F]{6,16} [0-9a-fA-F]{2}(?: |$)")
# possessive quantifiers: a long run of hex followed by junk must fail in linear time
_BARE = re.compile(r"(?:(?:0[xX])?+[0-9a-fA-F]{2,}+[\s,;]*+)++")
_NEUTRAL = re.compile(r"\*|[0-9a-fA-F]{6,16}")  # repeat marker, final offset
_CONTROL = bytes(range(0x09)) + bytes(range(0x0E, 0x20)) + b"\x7f"


def _control_count(data: bytes) -> int:
    return len(data) - len(data.translate(None, _CONTROL))


def looks_binary(sample: bytes) -> bool:
    """More than 2% control characters, or mostly not UTF-8."""
    if not sample:
        return False
    if _control_count(sample) > 0.02 * len(sample):
        return True
    text = sample.decode("utf-8", "replace")
    return text.count("\ufffd") > 0.1 * len(text)


def detect(prefix: bytes, eof: bool) -> str | None:
    """The input's format from its first bytes, or None when more bytes are needed.

    With ``eof`` (nothing more will come, or the peek limit is reached) the answer
    is never None.
    """
    if not prefix:
        return "raw" if eof else None
    if len(prefix) < 4 and not eof:
        return None
    if pcap.magic_of(prefix) is not None:
        return "pcap"
    if pcapng.is_pcapng(prefix):
        return "pcapng"
    done = eof or len(prefix) >= PEEK_LIMIT
    sample = prefix[:PEEK_LIMIT]
    if looks_binary(sample):
        return "raw" if done or len(sample) >= 256 else None
    text = sample.decode("utf-8", "replace")
    lines = text.split("\n")
    if not done:
        lines.pop()  # the last line may still be growing
    fmt = _text_format(lines, done)
    if fmt is None and done:
        return "tcpdump"  # the most forgiving text reader: it skips what it cannot use
    return fmt


def _text_format(lines: list[str], done: bool) -> str | None:
    counts = {"xxd": 0, "hexdump": 0, "od": 0, "hex": 0}
    other = 0
    lone_hex = 0
    for line in lines:
        s = line.rstrip()
        if not s:
            continue
        if _TCPDUMP.match(s):
            return "tcpdump"
        s = s.lstrip()
        if _NEUTRAL.fullmatch(s):
            if s != "*":
                lone_hex += 1  # an od/hexdump end offset, or a short line of bare hex
            continue
        if _XXD.match(s):
            counts["xxd"] += 1
        elif _HEXDUMP.match(s):
            counts["hexdump"] += 1
        elif _OD.match(s):
            counts["od"] += 1
        elif _BARE.fullmatch(s):
            counts["hex"] += 1
        else:
            other += 1
    best = max(counts, key=lambda k: counts[k])
    n = counts[best]
    if n == 0:
        return "hex" if done and lone_hex and not other else None
    if best == "hex" and n < 2 and n < other:
        return None  # one hex-looking word in prose
    if n >= 4 or done:
        return best
    return None
