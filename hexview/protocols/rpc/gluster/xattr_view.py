"""``--xattrs``: a file's extended attributes on every brick, side by side, over time.

Replicated (AFR) and dispersed (EC) volumes keep their bookkeeping in xattrs on
each brick's copy of a file -- ``trusted.ec.version/size/dirty/config``,
``trusted.afr.dirty`` and ``trusted.afr.<volume>-client-N`` pending counters,
``trusted.glusterfs.*`` -- and a brick that missed an update is one whose values
disagree with the others'. Engineers compare them by running ``getfattr`` on every
brick; the wire already carries them:

- in replies (``source`` ``reply``): what the brick says it holds, from LOOKUP's
  and CREATE's/MKDIR's xdata, GETXATTR's and FGETXATTR's dict, and XATTROP's and
  FXATTROP's dict (the values after the update; bricks are compared on these);
- in calls: SETXATTR's and FSETXATTR's dict (``set``: the values sent) and
  XATTROP's and FXATTROP's (``xattrop``: the amounts added).

Keys in the xattr namespaces only (``trusted.``, ``user.``, ``security.``,
``system.``): xdata's other keys are requests and counters, not xattrs. Values are
decoded where their layout is known (gluster_xattrs.ksy: EC version/size/dirty/config,
AFR pending data/metadata/entry) as ``{part: number}`` (XATTROP's amounts signed),
``trusted.glusterfs.mdata`` as its ctime/mtime/atime (``"SECONDS.NANOSECONDS"``), text
as text, anything else as ``0x`` and its hex.

One row per file (gfid), key, source and round. A round collects each brick's
value once: it ends when a brick reports the key again (the next fan-out of the
same kind); a round that says exactly what the previous one said, on the same
bricks, only adds to its ``seen`` count. The bricks are the columns (``bricks``:
``{brick: value}``, a brick named by its client translator, ``repvol-client-1``,
as the handshake said; else its server's address), ``at`` gives the message each
value came from, ``differs`` marks the bricks whose reply value is not the one most
bricks gave (all of them when no value has a majority). A brick asked for a key
(LOOKUP's xdata, GETXATTR's name, XATTROP's keys) that answers without it does not
have it: its value is null (``absent``); rows where no brick has the key are left
out. ``file`` is the basename
a LOOKUP, CREATE or MKDIR gave the gfid, when one did.

JSON keys: ``gfid`` (36-character UUID text), ``file``, ``key``, ``source``,
``bricks``, ``at``, ``differs``, ``first`` and ``last`` (message numbers of the
round's first and last value), ``seen`` (rounds alike in a row).
"""

from __future__ import annotations

import struct
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ....decode.fields import Field
from ....messages import Message
from ...cross_views import Column, CrossView, Row, natural
from ...info_text import value
from ...labels import stream_label
from . import programs as gp
from .dicts import entries, signed64
from .info import gfid_text, own_fields
from .labels import brick_name

LOOKUP, MKDIR, SETXATTR, GETXATTR, CREATE = 27, 4, 17, 18, 23
XATTROP, FXATTROP, FGETXATTR, FSETXATTR = 33, 34, 35, 36
REPLIES = frozenset((LOOKUP, MKDIR, CREATE, GETXATTR, FGETXATTR, XATTROP, FXATTROP))
CALLS = {SETXATTR: "set", FSETXATTR: "set", XATTROP: "xattrop", FXATTROP: "xattrop"}
NAMED_BY_REPLY = frozenset((LOOKUP, MKDIR, CREATE))  # the gfid is the reply's stat's
NAMESPACES = ("trusted.", "user.", "security.", "system.")
PART_SUFFIXES = ("_version", "_dirty", "_pending")  # data_version -> data
NULL_GFID = "0" * 32
MDATA_SIZE = 57
# virtual xattrs each brick answers about itself: their values differ by design
PER_BRICK_KEYS = frozenset(("trusted.glusterfs.pathinfo", "trusted.glusterfs.node-uuid", "trusted.glusterfs.list-node-uuids"))
MAX_FILES = 1 << 16  # basenames remembered by gfid


def _gfid(f: Field | None) -> str | None:
    text = f.value if f is not None else None
    if not isinstance(text, str) or len(text) != 32 or text == NULL_GFID:
        return None
    return gfid_text(text)


def decoded_value(f: Field, signed: bool = False) -> Any:
    """A dictionary value as the view shows it: a layout's parts by short name, a
    number, text, ``trusted.glusterfs.mdata``'s times, or ``0x`` hex. ``signed``: the
    amounts XATTROP adds, which wrap round 2**64 (-1 is sent as 2**64 - 1)."""
    if f.children:
        parts = {}
        for c in f.children:
            name = c.name
            for suffix in PART_SUFFIXES:
                name = name.removesuffix(suffix)
            parts[name] = signed64(c.value) if signed and isinstance(c.value, int) else c.value
        return parts["file_size"] if list(parts) == ["file_size"] else parts
    if isinstance(f.value, (int, float)) and not isinstance(f.value, bool):
        return f.value
    if not isinstance(f.value, str):
        return None
    try:
        raw = bytes.fromhex(f.value)
    except ValueError:  # already text
        return f.value
    times = mdata_times(raw)
    if times is not None:
        return times
    try:
        text = raw.removesuffix(b"\0").decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    return text if text and text.isprintable() else "0x" + raw.hex()


def mdata_times(raw: bytes) -> dict[str, str] | None:
    """``trusted.glusterfs.mdata`` (glusterfs posix-metadata-disk.h, posix_mdata_disk_t,
    packed, network byte order): version 1, 8 bytes of flags, then ctime, mtime and
    atime as 64-bit seconds and nanoseconds; as {"ctime": "SECONDS.NANOSECONDS", ...}.
    None for anything else."""
    if len(raw) != MDATA_SIZE or raw[0] != 1:
        return None
    words = struct.unpack_from(">6Q", raw, 9)
    return {name: f"{words[2 * i]}.{words[2 * i + 1]:09d}" for i, name in enumerate(("ctime", "mtime", "atime"))}


class _Round:
    """One key's values, one per brick, until a brick reports it again."""

    __slots__ = ("values", "at", "first", "seen")

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.at: dict[str, int] = {}  # brick -> the message its value is from (the latest, once joined)
        self.first: int | None = None  # the message of the earliest value
        self.seen = 1

    def joined(self, later: _Round) -> _Round:
        """This round and a later one that said the same: one row."""
        out = _Round()
        out.values, out.at, out.first, out.seen = later.values, later.at, self.first, self.seen + later.seen
        return out


class XattrCollector:
    """Rounds per (gfid, key, source), rows in the order files were first seen."""

    def __init__(self) -> None:
        self.rounds: dict[str, dict[tuple[str, str], list[_Round]]] = {}  # gfid -> (key, source) -> rounds
        self.names: dict[str, str] = {}  # gfid -> basename

    def add(self, message: Message) -> None:
        params = message.params
        if params.get("prog") != gp.FOP_PROGRAM:
            return
        proc = params.get("proc")
        if message.kind == "call" and proc in CALLS:
            self._call(message, CALLS[proc])
        elif message.kind == "reply" and proc in REPLIES and message.pair is not None:
            self._reply(message, message.pair, proc)

    def _call(self, call: Message, source: str) -> None:
        args = own_fields(call.decode_transient(), "args")
        gfid = _gfid(args.get("gfid"))
        if gfid is not None:
            self._observe(gfid, call, source, entries(args.get("dict")))

    def _reply(self, reply: Message, call: Message, proc: int) -> None:
        results = own_fields(reply.decode_transient(), "results")
        op_ret = results.get("op_ret")
        if op_ret is None or not isinstance(op_ret.value, int) or op_ret.value < 0:
            return
        args = own_fields(call.decode_transient(), "args")
        gfid = _gfid(results.get("ia_gfid") if proc in NAMED_BY_REPLY else args.get("gfid"))
        if gfid is None:
            return
        name = value(args.get("bname"), "value")
        if isinstance(name, str) and name and gfid not in self.names and len(self.names) < MAX_FILES:
            self.names[gfid] = name
        found: list[tuple[str, Field | None]] = [*entries(results.get("xdata")), *entries(results.get("dict"))]
        have = {key for key, _ in found}
        found += [(key, None) for key in _asked(args, proc) if key not in have]
        self._observe(gfid, reply, "reply", found)

    def _observe(self, gfid: str, message: Message, source: str, found: Iterable[tuple[str, Field | None]]) -> None:
        brick = brick_name(message.conversation) or stream_label(message.conversation) or str(message.conversation.server)
        keys = self.rounds.setdefault(gfid, {})
        for key, f in found:
            if not key.startswith(NAMESPACES):
                continue
            rounds = keys.setdefault((key, source), [])
            if not rounds or brick in rounds[-1].values:
                _settle(rounds)
                rounds.append(_Round())
            current = rounds[-1]
            current.values[brick] = decoded_value(f, signed=source == "xattrop") if f is not None else None
            current.at[brick] = message.index
            if current.first is None:
                current.first = message.index

    def rows(self) -> list[Row]:
        rows = []
        for gfid, keys in self.rounds.items():
            for (key, source), rounds in sorted(keys.items()):
                settled = list(rounds)
                _settle(settled)
                name = self.names.get(gfid)
                rows += [_row(gfid, name, key, source, r) for r in settled if any(v is not None for v in r.values.values())]
        return rows


def _settle(rounds: list[_Round]) -> None:
    """The last round joins the one before when it says the same of the same bricks
    (memory grows with what changes, not with how often it is read)."""
    if len(rounds) >= 2 and rounds[-1].values == rounds[-2].values:
        last = rounds.pop()
        rounds[-1] = rounds[-1].joined(last)


def _asked(args: dict[str, Field], proc: int) -> list[str]:
    """The xattrs a call asked every brick for: LOOKUP's xdata keys, GETXATTR's name,
    XATTROP's keys. A reply without one says the brick does not have it."""
    if proc == LOOKUP:
        return [key for key, _ in entries(args.get("xdata")) if key.startswith(NAMESPACES)]
    if proc in (GETXATTR, FGETXATTR):
        name = value(args.get("name"), "value")
        return [name] if isinstance(name, str) and name.startswith(NAMESPACES) else []
    if proc in (XATTROP, FXATTROP):
        return [key for key, _ in entries(args.get("dict")) if key.startswith(NAMESPACES)]
    return []


def _row(gfid: str, name: str | None, key: str, source: str, current: _Round) -> Row:
    bricks = sorted(current.values, key=natural)
    return {
        "gfid": gfid,
        "file": name,
        "key": key,
        "source": source,
        "bricks": {brick: current.values[brick] for brick in bricks},
        "at": {brick: current.at[brick] for brick in bricks},
        "differs": [f"bricks.{brick}" for brick in _odd_ones(current.values)] if compared(key, source) else [],
        "first": current.first,
        "last": max(current.at.values()),
        "seen": current.seen,
    }


def compared(key: str, source: str) -> bool:
    """Whether bricks should agree on ``key``: what they hold (replies), but not the
    amounts a client adds or sets (the same by construction), nor a virtual xattr
    each brick answers about itself."""
    return source == "reply" and key not in PER_BRICK_KEYS


def _odd_ones(values: dict[str, Any]) -> list[str]:
    """The bricks whose value is not the one most bricks hold (every brick when no
    value is held by more bricks than any other)."""
    if len(values) < 2:
        return []
    counts = Counter(repr(v) for v in values.values())
    (top, top_count), *rest = counts.most_common()
    if not rest:
        return []
    if rest[0][1] == top_count:
        return list(values)
    return [brick for brick, v in values.items() if repr(v) != top]


XATTRS = CrossView(
    name="xattrs",
    title="xattrs per brick",
    key="x",
    help="xattrs across bricks: per file (gfid) and key, each brick's value from replies and calls, "
    "decoded (EC version/size/dirty/config, AFR pending), over time; disagreeing bricks marked",
    columns=(
        Column("gfid", "gfid"),
        Column("file", "file"),
        Column("key", "xattr"),
        Column("source", "from"),
        Column("bricks", "bricks", spread=True, opens="at"),
        Column("seen", "seen", "right"),
        Column("first", "first", "right"),
    ),
    collector=XattrCollector,
    opens="first",
)
