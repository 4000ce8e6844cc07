"""tcpdump's text output (``-x``, ``-xx``, ``-X``, ``-XX``), clean or damaged.

A packet is a header line (``15:50:52.388789 IP 127.0.0.1.45930 > ...``, in any
``-t`` form, with or without ``-e`` or ``-i any`` prefixes and ``-v`` continuation
lines) followed by hex rows (``\\t0x0010:  7f00 0001 ...  ......``).  A packet ends
at the next header, at a row that starts over at offset 0, or at the end of input;
prose between dumps (as in a pasted document) is skipped.

Two paths, because throughput matters (benchmarks feed 500 MB of ``-X`` text):

* the hot path recognises a row by comparing its start with the exact prefix
  tcpdump prints for the next expected offset (one ``str.startswith`` per line)
  and, when the packet ends, checks all its rows with two regular expressions
  and converts them with a single ``bytes.fromhex`` call;
* anything irregular (other indentation, a missing row, odd groups, notes typed
  into the dump) sends that one packet through the careful path, which places the
  bytes of every row at the offset the row names.  Groups it cannot read become
  zero bytes listed in ``Packet.missing`` at their true offsets -- later bytes are
  never shifted -- and every repair is reported in ``Packet.problems`` and in the
  reader's notes with the line number.

The link type is decided per packet from the bytes (IP header, Ethernet, Linux
cooked v1/v2, BSD loopback), with tcpdump's "link-type" line as a hint.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from typing import cast

from ..packets import LINKTYPE_RAW, Packet, Span
from .lines import line_batches
from .linklayer import DLT_NAMES, LINK_HEADER_LEN, guess_linktype, possible_tcp_header
from .notes import Notes
from .source import Source

STEP = 16  # bytes per tcpdump hex row
MAX_ROWS = 1 << 14  # rows per packet the hot path knows (256 KiB, tcpdump's default snaplen)
MAX_JUMP = 1 << 16  # a row further than this past the previous one is damage
MAX_HEADER = 4096  # characters kept of a header and its continuation lines
MAX_PENDING = 64
MAX_HEADERLESS_NOTES = 20
MAX_PACKET = 1 << 20  # no tcpdump packet is longer (its snaplen tops out at 256 KiB)
MAX_ROW_TEXT = 256  # characters kept of a damaged row: its hex fits in far fewer
MAX_PROBLEMS = 100  # problems listed per packet; the rest are counted

# The exact start of row i as tcpdump prints it; a final entry that no line can
# start with sends a packet longer than MAX_ROWS rows to the careful path.
_PREFIXES = ["\t0x%04x:  " % (i * STEP) for i in range(MAX_ROWS)] + ["\n"]
_WIDE_FROM = 0x10000 // STEP  # from here on the offset has 5 hex digits

_H4 = "[0-9a-fA-F]{4}"
_FULL_ROW = f"(?:{_H4} ){{7}}{_H4}(?:  |\\r)?"
_FULL_ROWS = re.compile(f"(?:{_FULL_ROW}(?:\\n{_FULL_ROW})*)?")
_LAST_ROW = re.compile(f"(?:{_H4} ){{0,7}}(?:{_H4}|[0-9a-fA-F]{{2}}) *\\r?")

_ROW = re.compile(r"[ \t]*0[xX]([0-9a-fA-F]{1,8}):(.*)")
_TOKEN = re.compile(r"\S+")
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
_HEX2 = re.compile(r"[0-9a-fA-F]{2}")
_HEXISH = re.compile(r"(?:0[xX])?[0-9a-fA-F]{1,16}")

_TS = r"(?:\d{4}-\d\d-\d\d )?\d{1,2}:\d\d:\d\d\.\d{3,9}|\d+\.\d{6,9}"
_HEADER_TS = re.compile(f"({_TS}) +(?=\\S)")
_IFACE = r"[A-Za-z][\w.:@-]*\s+(?:In|Out|B|M|P)\s+"
_HEADER_NO_TS = re.compile(
    f"(?:{_IFACE})?(?:IP6? |ARP, |RARP, |ifindex \\d|ethertype |(?:[0-9a-fA-F]{{2}}:){{5}}[0-9a-fA-F]{{2}} )"
)
# A second header glued onto a line (pasted terminal text): a strict time stamp
# after white space, followed by what a header continues with.
_GLUED = re.compile(
    r"\s((?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.\d{6,9}|\d{9,10}\.\d{6,9}) "
    f"(?=IP6? |ARP|{_IFACE}|(?:[0-9a-fA-F]{{2}}:){{5}})"
)
_INFO = re.compile(
    r"(?:tcpdump: |listening on |reading from |dropped privs"
    r"|\d+ packets? (?:captured|received by filter|dropped by (?:kernel|interface)))"
)
_LINK_HINT = re.compile(r"(?:link-type|data link type) ([A-Z0-9_]+)")
_FRAME_LEN = re.compile(r"ethertype [^,]*, length (\d+):")
_TIME = re.compile(r"(?:(\d{4})-(\d\d)-(\d\d) )?(\d{1,2}):(\d\d):(\d\d(?:\.\d+)?)|(\d+\.\d+)")
_WRAP_WORD = re.compile(
    r"(?:\b(?:seq|ack|win|length|val|ecr|options|Flags|IP6?|TS|proto|ttl|id|offset|tos"
    r"|flags|op|cksum|In|Out)|[,:;)\]])$"
)


def parse_time(text: str) -> float | None:
    """Seconds since the epoch (dated forms), or since midnight / the previous packet."""
    if len(text) == 15 and text[2] == ":" and text[5] == ":":  # the default form, fast
        try:
            return int(text[:2]) * 3600 + int(text[3:5]) * 60 + float(text[6:])
        except ValueError:
            return None
    m = _TIME.fullmatch(text)
    if m is None:
        return None
    if m.group(7):
        return float(m.group(7))
    secs = int(m.group(4)) * 3600 + int(m.group(5)) * 60 + float(m.group(6))
    if m.group(1):
        day = calendar.timegm((int(m.group(1)), int(m.group(2)), int(m.group(3)), 0, 0, 0))
        return day + secs
    return secs


def _join_wrapped(prev: str, nxt: str) -> str:
    """Join a header with the line it wrapped onto (or a ``-v`` continuation line)."""
    if nxt[:1].isspace():
        return prev + " " + nxt.strip()
    nxt = nxt.strip()
    if _WRAP_WORD.search(prev):
        return prev + " " + nxt
    if prev[-1:].isalnum() and nxt[:1].isalnum():
        return prev + nxt  # the terminal cut a word or number in two
    if nxt[:1] in ",]):":
        return prev + nxt
    return prev + " " + nxt


class _Draft:
    """A packet being collected: its header and its rows, fast or careful."""

    __slots__ = (
        "header",
        "header_line",
        "time_text",
        "first_line",
        "anchor",
        "fast",
        "rows",
        "pending",
        "problems",
        "more_problems",
        "glued",
        "orphan",
    )

    def __init__(self, first_line: int):
        self.header: str | None = None
        self.header_line = first_line
        self.time_text: str | None = None
        self.first_line = first_line
        self.anchor = first_line  # line before the first fast row
        self.fast: list[str] | None = []  # hot-path row lines; None once careful
        self.rows: list[tuple[int, int, str]] = []  # careful rows: (line, offset, text after ':')
        self.pending: list[int] = []  # lines of text seen after rows began
        self.problems: list[str] = []
        self.more_problems = 0  # problems beyond MAX_PROBLEMS, counted only
        # (first header's text, its time stamp, length of the second's own line)
        # when two headers were pasted onto one line
        self.glued: tuple[str, str | None, int] | None = None
        # (header text, time stamp, line) of a header right before this one that
        # got no rows: pasted text sometimes repeats or breaks a header, and the
        # rows may belong to the earlier one
        self.orphan: tuple[str, str | None, int] | None = None

    def has_rows(self) -> bool:
        return bool(self.fast) or bool(self.rows)

    def last_line(self) -> int:
        if self.fast:
            return self.anchor + len(self.fast)
        return self.rows[-1][0] if self.rows else self.first_line

    def to_careful(self) -> None:
        """Move hot-path rows to the careful list (their line numbers are consecutive)."""
        if self.fast is None:
            return
        for i, line in enumerate(self.fast):
            m = _ROW.match(line)
            if m is not None:
                self.rows.append((self.anchor + 1 + i, int(m.group(1), 16), m.group(2)))
        self.fast = None


class _Reader:
    """State shared by the lines of one tcpdump text input."""

    def __init__(self, notes: Notes):
        self.notes = notes
        self.cur: _Draft | None = None
        self.hint: int | None = None
        self.last_linktype: int | None = None
        self.number = 0
        self.headerless = 0
        self.orphan: tuple[str, str | None, int] | None = None  # see _Draft.orphan

    # -- the hot loop ------------------------------------------------------------------
    def feed(self, first: int, batch: list[str]) -> Iterator[Packet]:
        prefixes = _PREFIXES
        cur = self.cur
        fast = cur.fast if cur is not None else None
        n = len(fast) if fast is not None else 0
        for lineno, line in enumerate(batch, first):
            if fast is not None and line.startswith(prefixes[n]):
                fast.append(line)
                n += 1
                continue
            pkt = self.line(lineno, line)
            if pkt is not None:
                yield pkt
            cur = self.cur
            fast = cur.fast if cur is not None else None
            n = len(fast) if fast is not None else 0

    # -- everything that is not a hot-path row -------------------------------------------
    def line(self, lineno: int, line: str) -> Packet | None:
        s = line.rstrip()
        if s:
            m = _ROW.match(s)
            if m is not None:
                return self.row(lineno, line, s, m)
            if s[0].isdigit():
                m = _HEADER_TS.match(s)
                if m is not None:
                    return self.header(lineno, s, m.group(1))
            if not s[0].isspace() and _HEADER_NO_TS.match(s):
                return self.header(lineno, s, None)
        cur = self.cur
        if cur is not None and cur.fast is not None:
            # hot-path rows must sit on consecutive lines; anything between them
            # moves the packet to the careful path, which keeps line numbers
            if cur.fast:
                cur.to_careful()
            else:
                cur.anchor = lineno
        if not s:
            return None
        if _INFO.match(s):
            hint = _LINK_HINT.search(s)
            if hint and hint.group(1) in DLT_NAMES:
                self.hint = DLT_NAMES[hint.group(1)]
            self.notes.add(f"line {lineno}: {s}")
            return None
        # Other text: a wrapped or -v header continuation, a note inside a dump, or prose.
        if cur is None:
            return None
        if cur.has_rows():
            if len(cur.pending) < MAX_PENDING:
                cur.pending.append(lineno)
        elif cur.header is not None and len(cur.header) < MAX_HEADER:
            cur.header = _join_wrapped(cur.header, s)[:MAX_HEADER]
        return None

    def header(self, lineno: int, s: str, stamp: str | None) -> Packet | None:
        done = self.finish()
        # a glued second header brings a time stamp and a port: 3+ more colons
        start = len(stamp) if stamp else 1
        glued = _GLUED.search(s, start) if s.count(":", start) >= 3 else None
        cur = _Draft(lineno)
        if glued is not None:
            cur.glued = (s[: glued.start()].rstrip(), stamp, len(s) - glued.start(1))
            s = s[glued.start(1) :]
            stamp = glued.group(1)
        cur.header = s[:MAX_HEADER]
        cur.time_text = stamp
        cur.orphan, self.orphan = self.orphan, None
        self.cur = cur
        return done

    def row(self, lineno: int, line: str, s: str, m: re.Match[str]) -> Packet | None:
        digits = m.group(1)
        offset = int(digits, 16)
        cur = self.cur
        done = None
        if cur is not None and cur.has_rows() and offset == 0:
            done = self.finish()
            cur = None
        if cur is None:
            self._drop_orphan()
            cur = self.cur = _Draft(lineno)
            cur.anchor = lineno - 1
            if line.startswith(_PREFIXES[0]):
                cast("list[str]", cur.fast).append(line)  # a new draft's fast list
                return done
        cur.to_careful()
        problem = None
        if len(digits) < 4:
            problem = f"line {lineno}: row offset '0x{digits}' is malformed; row ignored"
        elif offset >= MAX_PACKET:
            problem = f"line {lineno}: row 0x{offset:04x} is past the longest packet tcpdump prints; row ignored"
        elif cur.rows:
            prev_line, prev_off, _ = cur.rows[-1]
            if offset <= prev_off:
                problem = (
                    f"line {lineno}: row 0x{offset:04x} does not follow row 0x{prev_off:04x} (line {prev_line}); row ignored"
                )
            elif offset - prev_off > MAX_JUMP:
                problem = f"line {lineno}: row 0x{offset:04x} jumps too far past row 0x{prev_off:04x}; row ignored"
        elif offset > MAX_JUMP:
            problem = f"line {lineno}: dump starts at row 0x{offset:04x}; row ignored"
        if problem is not None:
            if len(cur.problems) < MAX_PROBLEMS:
                cur.problems.append(problem)
            else:
                cur.more_problems += 1
            return done
        cur.rows.append((lineno, offset, m.group(2)[:MAX_ROW_TEXT]))
        return done

    # -- turning a draft into a Packet ------------------------------------------------
    def finish(self) -> Packet | None:
        cur, self.cur = self.cur, None
        if cur is None:
            return None
        if not cur.has_rows():
            for p in cur.problems:  # every row it had was unusable
                self.notes.add(p)
            if cur.more_problems:
                self.notes.add(f"line {cur.first_line}: {cur.more_problems} more unusable rows")
            self._drop_orphan(cur.orphan)
            if cur.header is not None:
                # kept until the next packet shows whether its rows are this header's
                self.orphan = (cur.header, cur.time_text, cur.header_line)
            return None
        last_line = cur.last_line()
        missing: list[Span] = []
        problems = cur.problems
        data = _fast_bytes(cur.fast) if cur.fast else None
        if data is None:
            cur.to_careful()
            data, row_problems, missing, last = _careful_bytes(cur.rows)
            problems.extend(row_problems)
        linktype = guess_linktype(data, self.last_linktype or self.hint)
        if linktype is None:
            linktype = self.last_linktype or self.hint or LINKTYPE_RAW
            problems.append(
                f"lines {cur.first_line}-{last_line}: the bytes start with no known link or IP header;"
                f" assuming link type {linktype}"
            )
        else:
            self.last_linktype = linktype
        if cur.fast is None:
            data = _check_ip_end(data, linktype, last, missing, problems)
        if cur.glued is not None:
            _pick_glued_header(cur, cur.glued, data, linktype)
        if cur.orphan is not None and not _pick_orphan_header(cur, cur.orphan, data, linktype):
            self._drop_orphan(cur.orphan)
        if cur.pending:
            inside = [ln for ln in cur.pending if ln < last_line]
            if inside:
                problems.append(
                    "line"
                    + ("s " if len(inside) > 1 else " ")
                    + ", ".join(map(str, inside))
                    + ": text inside the hex dump ignored"
                )
        if problems:
            more = cur.more_problems + max(0, len(problems) - MAX_PROBLEMS)
            if more:
                del problems[MAX_PROBLEMS:]
                problems.append(f"lines {cur.first_line}-{last_line}: {more} more problems not listed")
            for p in problems:
                self.notes.add(p)
        orig_len = None
        header = cur.header
        if header is not None and linktype != LINKTYPE_RAW and "ethertype" in header:
            fm = _FRAME_LEN.search(header)
            if fm is not None:
                orig_len = int(fm.group(1))
        self.number += 1
        return Packet(
            number=self.number,
            linktype=linktype,
            data=data,
            source=f"lines {cur.first_line}-{last_line}",
            timestamp=parse_time(cur.time_text) if cur.time_text else None,
            time_text=cur.time_text,
            orig_len=orig_len,
            first_line=cur.first_line,
            last_line=last_line,
            header=cur.header,
            missing=missing,
            problems=problems,
        )

    def _drop_orphan(self, orphan: tuple[str, str | None, int] | None = None) -> None:
        """Report a header that no rows belonged to (the pending one by default)."""
        if orphan is None:
            orphan, self.orphan = self.orphan, None
        if orphan is None:
            return
        self.headerless += 1
        if self.headerless <= MAX_HEADERLESS_NOTES:
            self.notes.add(f"line {orphan[2]}: header without hex rows, skipped")

    def flush_if_complete(self) -> Packet | None:
        """On an idle pipe: hand out the packet if its IP header says it is all there."""
        cur = self.cur
        if cur is None or not cur.fast:
            return None
        head = _fast_bytes(cur.fast[:3]) if len(cur.fast) > 3 else _fast_bytes(cur.fast)
        if head is None:
            return None
        linktype = guess_linktype(head, self.hint)
        if linktype is None:
            return None
        want = _frame_length(head, linktype)
        have = STEP * (len(cur.fast) - 1) + len(_fast_bytes(cur.fast[-1:]) or b"")
        if want is None or have < want:
            return None
        return self.finish()


_SEQ = re.compile(r"\bseq (\d+):(\d+)")


def seq_range(header: str) -> tuple[int, int] | None:
    """The ``seq first:end`` range a tcpdump header line prints for a data segment."""
    m = _SEQ.search(header)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _seq_length(header: str) -> int | None:
    r = seq_range(header)
    return r[1] - r[0] if r else None


def _tcp_payload_length(data: bytes, linktype: int) -> int | None:
    """TCP payload bytes according to the IP and TCP length fields, or None.

    The protocol byte is not checked: this only matches rows to a header line
    whose sequence range already says TCP, and damaged text garbles any byte."""
    hl = LINK_HEADER_LEN.get(linktype)
    if hl is None or len(data) < hl + 40:
        return None
    if data[hl] >> 4 == 4:
        ihl = (data[hl] & 15) * 4
        if ihl < 20 or len(data) < hl + ihl + 13:
            return None
        return int.from_bytes(data[hl + 2 : hl + 4], "big") - ihl - (data[hl + ihl + 12] >> 4) * 4
    if data[hl] >> 4 == 6 and len(data) >= hl + 53:
        return int.from_bytes(data[hl + 4 : hl + 6], "big") - (data[hl + 52] >> 4) * 4
    return None


def _payload_fits(data: bytes, linktype: int, length: int) -> bool:
    """Could the rows carry a ``length``-byte TCP payload? Yes when the IP and TCP
    length fields say so, or, with the TCP header-length nibble garbled, when the
    IP length leaves a possible TCP header (20-60 bytes, a multiple of 4)."""
    payload = _tcp_payload_length(data, linktype)
    if payload == length:
        return True
    hl = LINK_HEADER_LEN.get(linktype)
    if payload is None or hl is None or data[hl] >> 4 != 4:
        return False
    ihl = (data[hl] & 15) * 4
    if data[hl + ihl + 12] >> 4 >= 5:
        return False
    return possible_tcp_header(int.from_bytes(data[hl + 2 : hl + 4], "big") - ihl, length)


def _pick_glued_header(cur: _Draft, glued: tuple[str, str | None, int], data: bytes, linktype: int) -> None:
    """Two headers pasted onto one line (``glued``, the draft's): give the rows to the
    one whose TCP sequence range matches the payload the rows carry (the second by default)."""
    first, first_stamp, own = glued
    second = cur.header or ""
    wrapped = second[own:]  # continuation lines joined after the glued line
    payload = _tcp_payload_length(data, linktype)
    use_first = payload is not None and _seq_length(first) == payload and _seq_length(second) != payload
    line = cur.header_line
    if use_first:
        cur.header = _join_wrapped(first, wrapped) if wrapped.strip() else first
        cur.time_text = first_stamp
        lost = second[:own]
        which = f"the rows belong to the first (its seq range matches the {payload}-byte TCP payload)"
    else:
        lost = first
        which = "the rows belong to the second"
    cur.problems.insert(
        0,
        f"line {line}: two header lines glued together; {which}; the other has no hex rows: {lost[:80]}",
    )


def _pick_orphan_header(cur: _Draft, orphan: tuple[str, str | None, int], data: bytes, linktype: int) -> bool:
    """A header with no rows (``orphan``, the draft's) came right before this packet's
    header: give the rows to it instead when only its sequence range matches the payload
    the rows carry (the packet's own header is then a broken or repeated copy). True if taken."""
    text, stamp, line = orphan
    own = cur.header or ""
    payload = _seq_length(text)
    if payload is None or not _payload_fits(data, linktype, payload) or _seq_length(own) == payload:
        return False
    cur.problems.insert(
        0,
        f"line {line}: the rows after line {cur.header_line} belong to this header (its seq range"
        f" matches the {payload}-byte TCP payload); line {cur.header_line} has no hex rows: {own[:80]}",
    )
    cur.header, cur.time_text, cur.header_line = text, stamp, line
    return True


def _fast_bytes(rows: list[str]) -> bytes | None:
    """The bytes of clean tcpdump rows, or None if any row is not exactly as tcpdump prints it."""
    if len(rows) <= _WIDE_FROM:
        areas = [line[10:51] for line in rows]
    else:
        areas = [line[10:51] for line in rows[:_WIDE_FROM]] + [line[11:52] for line in rows[_WIDE_FROM:]]
    text = "\n".join(areas)
    body_end = len(text) - len(areas[-1]) - 1
    if not _LAST_ROW.fullmatch(areas[-1]) or not _FULL_ROWS.fullmatch(text, 0, max(body_end, 0)):
        return None
    return bytes.fromhex(text)


class _RowParse:
    """What one damaged-or-not row holds, relative to its own offset."""

    __slots__ = ("chunks", "bad", "length", "groups", "extra")

    def __init__(self) -> None:
        self.chunks: list[tuple[int, bytes]] = []  # intact groups: (position, bytes)
        self.bad: list[tuple[int, str]] = []  # unreadable groups: (position, token)
        self.length = 0  # bytes the row's groups stand for
        self.groups = 0
        self.extra: list[str] = []  # groups beyond the 8 a row can hold


def _parse_row(text: str) -> _RowParse:
    """Read the groups of one row; stop at the ASCII column or at notes after it.

    The ASCII column is whatever follows two or more spaces after a group, or the
    ninth token, or the first token that cannot be hex.  A 2-digit group ends a
    row (1 byte); followed by more groups it is damage, as are groups of 1, 3 or
    5+ digits.  Each group keeps its slot, so groups after a damaged one stay at
    their true offsets.
    """
    rp = _RowParse()
    prev_end = -1
    short: tuple[int, str] | None = None  # a 2-digit group, if it was the last one read
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if rp.groups and m.start() - prev_end >= 2:
            break
        if rp.groups >= 8:
            if not _HEX4.fullmatch(tok):
                break
            rp.extra.append(tok)
        else:
            is4 = _HEX4.fullmatch(tok) is not None
            is2 = not is4 and _HEX2.fullmatch(tok) is not None
            if not (is4 or is2 or _HEXISH.fullmatch(tok)):
                break
            if short is not None:  # more groups follow a 2-digit one: it was damaged
                rp.chunks.pop()
                rp.bad.append(short)
                short = None
            pos = 2 * rp.groups
            if is4 or is2:
                rp.chunks.append((pos, bytes.fromhex(tok)))
                if is2:
                    short = (pos, tok)
            else:
                rp.bad.append((pos, tok))
            rp.groups += 1
        prev_end = m.end()
    rp.length = 2 * rp.groups - (1 if short is not None else 0)
    return rp


def _describe(tok: str) -> str:
    if re.fullmatch(r"[0-9a-fA-F]+", tok):
        return f"a {len(tok)}-digit group '{tok}'"
    return f"a malformed group '{tok}'"


def _careful_bytes(
    rows: list[tuple[int, int, str]],
) -> tuple[bytes, list[str], list[Span], tuple[int, int, _RowParse]]:
    """Place every row's bytes at its own offset; list what could not be read."""
    problems: list[str] = []
    spans: list[Span] = []
    placed: list[tuple[int, bytes]] = []
    parsed = [(ln, off, _parse_row(text)) for ln, off, text in rows]
    first_line, first_off, _ = parsed[0]
    if first_off:
        reason = f"line {first_line}: dump starts at row 0x{first_off:04x}; bytes before it are absent"
        problems.append(reason)
        spans.append(Span(0, first_off, reason))
    end = 0
    for i, (ln, off, rp) in enumerate(parsed):
        nxt = parsed[i + 1][1] if i + 1 < len(parsed) else None
        if nxt is not None and rp.chunks and len(rp.chunks[-1][1]) == 1:
            # a 1-byte group can only end a packet's last row
            pos, one = rp.chunks.pop()
            rp.bad.append((pos, one.hex()))
            rp.length = pos + 2
        limit = nxt if nxt is not None else off + rp.length
        row_end = off + rp.length
        if len(rp.bad) == 1:
            issues = [_describe(rp.bad[0][1])]
        elif rp.bad:
            issues = ["damaged groups " + " ".join(f"'{tok}'" for _, tok in rp.bad)]
        else:
            issues = []
        if rp.extra:
            issues.append(f"{8 + len(rp.extra)} groups; the extra {' '.join(repr(t) for t in rp.extra)} ignored")
        if nxt is not None and row_end < nxt:
            if rp.groups == 0:
                issues.append("no hex groups")
            elif rp.groups < 8:
                issues.append(f"only {rp.groups} groups ({rp.length} bytes) where {min(nxt - off, STEP)} were expected")
        if nxt is not None and row_end > nxt:
            issues.append(f"more bytes than fit before row 0x{nxt:04x}; the excess ignored")
        reason = f"line {ln}: row 0x{off:04x} has " + ", ".join(issues) if issues else ""
        if reason:
            problems.append(reason)
        for pos, chunk in rp.chunks:
            at = off + pos
            if at < limit:
                chunk = chunk[: limit - at]
                placed.append((at, chunk))
        for pos, _tok in rp.bad:
            _add_span(spans, off + pos, min(off + pos + 2, limit), reason)
        if nxt is not None and row_end < nxt:
            full_end = off + STEP
            _add_span(spans, row_end, min(full_end, nxt), reason)
            if full_end < nxt:
                gap = f"line {ln}: rows 0x{full_end:04x}-0x{nxt - 1:04x} are absent (the next row is on line {parsed[i + 1][0]})"
                problems.append(gap)
                _add_span(spans, max(full_end, row_end), nxt, gap)
        end = min(row_end, limit) if nxt is None else nxt
    data = bytearray(end)
    for at, chunk in placed:
        data[at : at + len(chunk)] = chunk
    spans.sort(key=lambda s: s.start)
    return bytes(data), problems, spans, parsed[-1]


def _add_span(spans: list[Span], start: int, end: int, reason: str) -> None:
    if end <= start:
        return
    if spans and spans[-1].reason == reason and spans[-1].end == start:
        spans[-1].end = end
    else:
        spans.append(Span(start, end, reason))


def _frame_length(data: bytes, linktype: int) -> int | None:
    """Bytes the frame should have according to its IP header, or None if unknown."""
    hl = LINK_HEADER_LEN.get(linktype)
    if hl is None or len(data) < hl + 20:
        return None
    version = data[hl] >> 4
    if version == 4:
        return hl + int.from_bytes(data[hl + 2 : hl + 4], "big")
    if version == 6 and len(data) >= hl + 40:
        payload = int.from_bytes(data[hl + 4 : hl + 6], "big")
        return hl + 40 + payload if payload else None
    return None


def _check_ip_end(data: bytes, linktype: int, last: tuple[int, int, _RowParse], spans: list[Span], problems: list[str]) -> bytes:
    """A last row with fewer than 8 groups that stops before the end the IP header
    gives: the rest of that row is missing, not absent from the packet."""
    ln, off, rp = last
    if rp.groups >= 8 or len(data) != off + rp.length:
        return data
    want = _frame_length(data, linktype)
    if want is None or want <= len(data) or want > off + STEP:
        return data
    reason = (
        f"line {ln}: row 0x{off:04x} has only {rp.groups} groups ({rp.length} bytes);"
        f" the IP header says the packet ends at byte {want}"
    )
    problems.append(reason)
    _add_span(spans, len(data), want, reason)
    return data + bytes(want - len(data))


def packets(src: Source, notes: Notes) -> Iterator[Packet]:
    """Yield the packets of tcpdump text read from ``src``."""
    reader = _Reader(notes)
    for first, batch in line_batches(src, notes, idle=src.pipe):
        if not batch:
            pkt = reader.flush_if_complete()
            if pkt is not None:
                yield pkt
            continue
        yield from reader.feed(first, batch)
    pkt = reader.finish()
    if pkt is not None:
        yield pkt
    reader._drop_orphan()
    if reader.headerless > MAX_HEADERLESS_NOTES:
        notes.add(f"{reader.headerless} header lines in all had no hex rows")
    if reader.number == 0:
        notes.add("no hex dumps found" if src.offset else "empty input")
