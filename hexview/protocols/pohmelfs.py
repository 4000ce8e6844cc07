"""POHMELFS (staging Linux network filesystem): registration, framing and pairing.

Field layouts live in ``ksy/pohmelfs/``; this module decides where each command
starts and ends and which reply answers which request. Every command is a 40-byte
big-endian ``netfs_cmd`` header plus ``size`` attached bytes, except a client's
NETFS_READ_PAGE / NETFS_READ_PAGES, whose ``size`` is a read request: only the path
(``ext`` bytes) follows. There is no magic, so recognising a stream and resyncing
after damage rely on plausibility: a command number in range, small crypto sizes and
the ``trans`` word the kernel always leaves 0.

Pairing. The client sends its commands inside NETFS_TRANS transactions; the server
answers with commands of its own, matched here to the transaction that held the
request:

* NETFS_TRANS reply -> the transaction with the same generation (``start``);
* READDIR, LOOKUP, CREATE, REMOVE replies -> the request with the same ``cmd`` and
  ``id`` (the directory or object inode); READDIR answers with one reply per entry;
* READ_PAGE replies -> a READ_PAGE or READ_PAGES request for the same inode;
* CAPABILITIES -> the request with the same capability type (``id``);
* LOCK, XATTR_GET -> the request with the same generation (``id``).

WRITE_PAGE, OPEN, LINK, RENAME, INODE_INFO (client) and XATTR_SET get no reply of
their own: the transaction's reply acknowledges them. The server's PAGE_CACHE and
INODE_INFO are notices (invalidation, metadata update) that nothing answers.
"""

from __future__ import annotations

import re
import struct
from typing import cast

from ..compiled import pohmelfs_common, pohmelfs_message
from ..decode.fields import DecodedMessage, Outcome
from ..decode.finish import decode_message
from ..messages import Message
from ..packets import Span
from ..safe_text import printable
from ..tcp.stream_events import Conversation
from .framing import Cut, DirectionBuffer, StreamFramer, Unframeable
from .info_text import value, words
from .registry import Registration, Verdict, named_stats

HEADER = 40
READDIR, READ_PAGE, WRITE_PAGE, CREATE, REMOVE, LOOKUP = 1, 2, 3, 4, 5, 6
TRANS, PAGE_CACHE, READ_PAGES, CAPABILITIES, LOCK, XATTR_GET = 8, 11, 12, 14, 15, 17
LAST_CMD = 17
READS = (READ_PAGE, READ_PAGES)
MAX_DEPTH = 8  # the ksy's nesting limit for NETFS_TRANS

# Larger sizes are taken as damage: a transaction holds at most a few hundred pages.
MAX_SIZE = 16 * 1024 * 1024
MAX_CRYPTO = 1024  # digest or cipher padding: a few dozen bytes in practice
PAIRS_KEPT = 4096  # requests remembered per conversation while waiting for replies

_HDR = struct.Struct(">HHHHIIQQQ")
_C = pohmelfs_common.PohmelfsCommon

# replies that answer a request with the same (cmd, id); READ_PAGE also answers READ_PAGES
_BY_ID = {READDIR, READ_PAGE, CREATE, REMOVE, LOOKUP, CAPABILITIES, LOCK, XATTR_GET}
_MULTI_PART = {READDIR, READ_PAGE}  # one request, many replies: the request stays open
_ANSWERED = _BY_ID | {READ_PAGES, TRANS}


def command_name(cmd: int) -> str:
    try:
        name: str = _C.Command(cmd).name
        return name.upper()
    except ValueError:
        return f"NETFS_UNKNOWN({cmd})"


_Header = tuple[int, int, int, int, int, int, int, int, int]


def _header(data: bytes | bytearray, at: int = 0) -> _Header:
    """(cmd, csize, cpad, ext, size, trans, id, start, iv) of the header at ``at``."""
    return cast(_Header, _HDR.unpack_from(data, at))


def _seed_lock(cmd: int, ext: int, size: int) -> bool:
    """A LOCK request in seed 002's layout (nothing attached, size = the locked range)
    rather than the staging code's path + struct netfs_lock (24) [+ inode info (64)];
    the same test as pohmelfs_netfs_cmd.ksy's is_seed_lock."""
    return cmd == LOCK and size != ext + 24 and size != ext + 88


def _attached(cmd: int, ext: int, size: int, from_client: bool) -> int:
    """Bytes after the header: the path for a client read; nothing for a LOCK request
    in seed 002's layout (size is the locked range, see pohmelfs_netfs_cmd.ksy)."""
    if from_client and cmd in READS:
        return ext
    if from_client and _seed_lock(cmd, ext, size):
        return 0
    return size


def plausible_header(data: bytes | bytearray, at: int = 0, from_client: bool | None = None) -> bool:
    """A structural test for a netfs_cmd at ``at`` (no magic exists): cheap, never raises."""
    if len(data) - at < HEADER:
        return False
    cmd, csize, cpad, ext, size, trans, oid, start, _iv = _header(data, at)
    if not 1 <= cmd <= LAST_CMD or trans != 0 or csize > MAX_CRYPTO or cpad > MAX_CRYPTO:
        return False
    if cmd in READS and from_client is not False:
        return True  # size is a read request; ext is the path
    if from_client is not False and _seed_lock(cmd, ext, size):
        return True  # seed 002's layout: size is the locked range, nothing attached
    if size > MAX_SIZE or csize + cpad > size:
        return False
    if cmd == TRANS:
        return oid == 0 and size >= HEADER
    if cmd == PAGE_CACHE:
        return size == 0 and ext == 0
    return True


def inner_commands(data: bytes, from_client: bool) -> list[tuple[int, int, int, int]]:
    """(offset, cmd, id, start) of each command embedded in the transaction ``data``
    (the header at 0), nested ones included, up to the ksy's depth limit."""
    out: list[tuple[int, int, int, int]] = []
    stack = [(0, len(data), 0)]
    while stack:
        at, end, depth = stack.pop()
        if len(data) < at + HEADER:
            continue
        cmd, csize, cpad, ext, size, *_rest = _header(data, at)
        pos, stop = at + HEADER + csize, min(end, at + HEADER + size - cpad)
        while depth < MAX_DEPTH and pos + HEADER <= stop and plausible_header(data, pos, from_client):
            icmd, _cs, _cp, iext, isize, _t, ioid, istart, _iv = _header(data, pos)
            out.append((pos, icmd, ioid, istart))
            length = HEADER + _attached(icmd, iext, isize, from_client)
            if icmd == TRANS:
                stack.append((pos, pos + length, depth + 1))
            pos += length
    return out


MAX_NAMED = 3  # embedded commands listed in a transaction's name
_COMMAND_WORD = re.compile(rb"\x00[\x01-\x11]")  # a big-endian cmd of 1..17 (LAST_CMD)


def _trans_name(name: str, commands: list[int]) -> str:
    """'NETFS_TRANS request' + what it carries, e.g. 'NETFS_TRANS request: READ_PAGES':
    every client command travels in a transaction, so the bare name says little."""
    if not commands:
        return name
    names = [command_name(c).removeprefix("NETFS_") for c in commands[:MAX_NAMED]]
    more = f" +{len(commands) - MAX_NAMED}" if len(commands) > MAX_NAMED else ""
    return f"{name}: {', '.join(names)}{more}"


class PohmelfsFramer(StreamFramer):
    def __init__(self, conversation: Conversation) -> None:
        super().__init__(conversation)
        self.waiting: dict[tuple[int, int], Message] = {}  # (cmd, key) -> request

    # -- framing -------------------------------------------------------------------
    def cut(self, direction: str, buf: DirectionBuffer) -> Cut | None:
        if len(buf) < HEADER:
            return None
        head = buf.peek(HEADER)
        cmd, csize, cpad, ext, size, *_rest = _header(head)
        if not 1 <= cmd <= LAST_CMD:
            raise Unframeable(f"command {cmd} is not a POHMELFS command (1-{LAST_CMD})")
        if csize > MAX_CRYPTO or cpad > MAX_CRYPTO:
            raise Unframeable(f"crypto size {csize} / padding {cpad} is implausible")
        from_client = direction == "c2s"
        attached = _attached(cmd, ext, size, from_client)
        name = f"{command_name(cmd)} {self._role(cmd, from_client)}"
        params = {}
        if attached > MAX_SIZE:
            params["oversized"] = attached
            attached = 0  # frame the header alone; the decoder shows the missing data
        expects = from_client and cmd in _ANSWERED
        return Cut(HEADER + attached, "command", name, params, from_client, expects)

    @staticmethod
    def _role(cmd: int, from_client: bool) -> str:
        if from_client:
            return "request"
        return "notice" if cmd == PAGE_CACHE else "reply"

    def resync_position(self, direction: str, buf: DirectionBuffer) -> int:
        """The next plausible header. Candidates are found by a regular expression on
        the command word (0x0001-0x0011), so long runs of zeros -- page data, filled
        gaps -- are skipped in C, not byte by byte."""
        data = buf.data
        from_client = direction == "c2s"
        limit = len(data) - HEADER
        match = _COMMAND_WORD.search(data, 1)
        while match is not None and match.start() <= limit:
            pos = match.start()
            skip = buf.after_gap(pos, pos + HEADER)
            if skip != pos:
                match = _COMMAND_WORD.search(data, skip)
                continue
            if plausible_header(data, pos, from_client):
                return pos
            match = _COMMAND_WORD.search(data, pos + 1)
        return -1

    # -- pairing -------------------------------------------------------------------
    def paired(self, message: Message) -> None:
        if message.kind != "command" or message.length < HEADER:
            return
        oversized = message.params.get("oversized")
        if oversized:
            message.add_problem(
                Span(HEADER, HEADER, f"size {oversized} is implausible (over {MAX_SIZE}): only the header is framed")
            )
        cmd, _cs, _cp, _ext, _size, _t, oid, start, _iv = _header(message.data)
        if message.direction == "c2s":
            self._remember(message, cmd, oid, start)
            if cmd == TRANS:
                inner = inner_commands(message.data, True)
                for _at, icmd, ioid, istart in inner:
                    self._remember(message, icmd, ioid, istart)
                message.name = _trans_name(message.name, [icmd for _at, icmd, _i, _s in inner])
            return
        if cmd == TRANS:
            key = (TRANS, start)
        elif cmd in _BY_ID:
            key = (cmd, oid)
        else:
            return
        request = self.waiting.get(key) if cmd in _MULTI_PART else self.waiting.pop(key, None)
        if request is not None:
            message.link(request)

    def _remember(self, message: Message, cmd: int, oid: int, start: int) -> None:
        if cmd == TRANS:
            key = (TRANS, start)
        elif cmd == READ_PAGES:
            key = (READ_PAGE, oid)  # answered by READ_PAGE commands
        elif cmd in _BY_ID:
            key = (cmd, oid)
        else:
            return
        self.waiting.pop(key, None)
        self.waiting[key] = message
        if len(self.waiting) > PAIRS_KEPT:
            del self.waiting[next(iter(self.waiting))]


# -- decoding ----------------------------------------------------------------------


def decode(message: Message) -> DecodedMessage:
    if message.kind != "command":
        return decode_message(message, None)
    params = {"is_request": message.direction == "c2s", "depth": 0}
    decoded = decode_message(message, pohmelfs_message.PohmelfsMessage, params)
    for f in decoded.walk():
        if f.name == "too_deep" and f.end > f.start:
            decoded.errors.append(Span(f.start, f.end, f"undecoded: NETFS_TRANS nested deeper than {MAX_DEPTH} levels"))
    return decoded


# -- what happened, for the message list ------------------------------------------------

_ERROR_IN_EXT = (LOCK, XATTR_GET)  # replies whose ext is a signed error (netfs.h)
_PATHS = ("path", "old_path", "name")  # the first of these a command carries is its object


def info(message: Message, decoded: DecodedMessage) -> Outcome:
    """The path (or name) the command is about -- for a transaction, its first
    command's -- and a rename's or link's new path; a LOCK or XATTR_GET reply whose
    ext holds a negative error failed and says which."""
    header = decoded.top("header")
    cmd, ext = value(header, "cmd"), value(header, "ext")
    if message.direction == "s2c" and cmd in _ERROR_IN_EXT and isinstance(ext, int):
        error = ext - 0x10000 if ext >= 0x8000 else ext  # a signed 16-bit errno, however the tree shows it
        if error < 0:
            return Outcome(f"error {error}", True)
    fields = decoded.walk()
    for f in fields:
        if f.name in _PATHS and isinstance(f.value, str):
            if f.name != "old_path":
                return Outcome(printable(f.value))
            target = next((g.value for g in fields if g.name == "new_path"), None)
            return Outcome(words(printable(f.value), "->", printable(target)) if isinstance(target, str) else printable(f.value))
    return Outcome("")


def heuristic(data: bytes) -> Verdict | None:
    """A stream opening with a plausible netfs_cmd. The client's first command is a
    NETFS_TRANS (everything it sends is wrapped in one) or a bare read request; a
    first command of any other kind is taken as the server's."""
    try:
        if not plausible_header(data, 0):
            return None
        cmd, _cs, _cp, ext, size, _t, _id, _start, _iv = _header(data)
        if cmd == TRANS:
            if len(data) >= 2 * HEADER and not plausible_header(data, HEADER, True):
                return None
            return Verdict(sender_is_client=True, confidence=60)
        if cmd in READS:
            return Verdict(sender_is_client=True, confidence=50) if ext and size else None
        return Verdict(sender_is_client=False, confidence=40)
    except Exception:  # pragma: no cover - a heuristic must never raise
        return None


REGISTRATION = Registration(
    name="POHMELFS",
    description="POHMELFS network filesystem (Linux staging, Documentation/filesystems/pohmelfs)",
    ports=(1025,),
    framer=PohmelfsFramer,
    decode=decode,
    heuristic=heuristic,
    colours={
        "protocol": "bright_yellow",
        "default": "white",
        "cmd": "bright_green",
        "csize": "grey",
        "cpad": "grey",
        "ext": "bright_blue",
        "size": "yellow",
        "page_count": "yellow",
        "page_shift": "yellow",
        "trans": "grey",
        "id": "magenta",
        "start": "cyan",
        "iv": "grey",
        "digest": "grey",
        "padding": "grey",
        "path": "bright_white",
        "old_path": "bright_white",
        "new_path": "bright_white",
        "name": "bright_white",
        "separator": "grey",
        "info": "bright_cyan",
        "mode": "bright_blue",
        "ino": "magenta",
        "type": "bright_blue",
        "too_deep": "red",
        "rest": "white",
        "value": "white",
    },
    summary_fields={"command": ("id", "start", "size", "ext")},
    info=info,
    stat_entries=named_stats(),
)
