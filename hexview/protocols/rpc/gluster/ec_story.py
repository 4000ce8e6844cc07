"""The story of an EC write: one client's write to one disperse file, step by step.

EC writes whole stripes under a lock, and keeps the file's size and version in
xattrs it changes with (F)XATTROP. One write, as the seed's EC notes walk through
it, is this sequence of fan-out groups (hexview.protocols.rpc.gluster.fanout) on one
gfid from one client:

1. ``lock``: INODELK / FINODELK taking the lock (EC's eager lock: one lock may
   cover many writes, released a second or so after the last);
2. ``mark dirty``: FXATTROP adding +1 to ``trusted.ec.dirty`` and asking
   ``get-size``: the replies give the file's size and version before the write;
3. ``read head stripe`` / ``read tail stripe``: READs of the stripes the write only
   partly covers, sent by the same caller (credential pid) before its WRITE --
   when they are not on the wire, the step says so (EC's stripe cache held them,
   or the stripe was past the end of the file);
4. ``write``: WRITE of whole stripes: each brick's fragment range as the file range
   and stripes it holds (hexview.protocols.rpc.gluster.ec), with what the sizes
   tell of a partial head stripe (the file ended inside it: its start is existing
   data) and a partial tail stripe (the file now ends inside it: the rest is padding);
5. ``update size/version``: FXATTROP adding the written size and +1 to
   ``trusted.ec.version``; the replies give the new values;
6. ``clear dirty``: FXATTROP adding -1 to ``trusted.ec.dirty``;
7. ``unlock``: INODELK / FINODELK releasing the lock.

A truncate (FTRUNCATE / TRUNCATE) in the session is a ``truncate`` step.

A heal is told apart: EC heals a stale brick (a sink) from the good ones (the
sources) with calls whose credential pid is GF_CLIENT_PID_SELF_HEALD (-6; -7 for
``glfsheal``), from the self-heal daemon or from a client's background heal. Its
sessions are rows of their own (``heal``), and its steps say what a heal does, not
what a write does: ``mark sinks under heal`` (an xattrop adding EC_SELFHEAL_BIT, bit
62 of the data version, on the sinks), ``truncate`` (the sink to the file's size in
whole stripes), ``read sources`` (READs of whole blocks from k good bricks: their
size is the heal's block, not a partial stripe), ``rebuild`` (the WRITE of the
rebuilt fragments to the sinks), ``update size/version`` (the sinks' version and
size brought to the sources', the heal bit taken off) and ``clear dirty`` on the
sources. Counters that carry bit 62 are written ``2^62+N``. A heal session is shown
when it wrote or changed a counter.

One row per lock session that wrote (the session ends at its unlock, or when the input ends:
then the unlock is missing and the row says so); a session whose lock was taken
before the capture began starts at its first write. A write is ``unaligned`` when
the file's old end (where an append starts) or new end falls inside a stripe it
writes.

Bounded: at most ``MAX_SESSIONS`` sessions are open (past that the oldest goes out as
it is), each holding at most ``MAX_STEPS`` steps (later ones are counted in ``more``)
and the last ``MAX_READS`` READs while they wait for a write.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .ec import Geometry, range_text, stripes_text
from .fanout import UNLOCK, FanOut, Group, is_ec

MAX_SESSIONS = 1024
MAX_STEPS = 64
MAX_READS = 8
HEALERS = frozenset((-6, -7))  # GF_CLIENT_PID_SELF_HEALD, GF_CLIENT_PID_GLFS_HEAL: a heal's credential pid
HEAL_BIT = 1 << 62  # EC_SELFHEAL_BIT: on a sink's data version while it is being healed
LOCKS = frozenset(("INODELK", "FINODELK"))
XATTROPS = frozenset(("FXATTROP", "XATTROP"))
TRUNCATES = frozenset(("FTRUNCATE", "TRUNCATE"))
DIRTY, SIZE, VERSION = "trusted.ec.dirty", "trusted.ec.size", "trusted.ec.version"


@dataclass(slots=True)
class Step:
    name: str
    group: Group
    detail: str = ""
    reads: tuple[Group, ...] = ()  # a write's: the READs of its partial stripes


@dataclass(slots=True)
class Session:
    """One lock session of one client on one file."""

    client: str
    gfid: str
    geometry: Geometry | None
    steps: list[Step] = field(default_factory=list)
    size: int | None = None  # the file size the bricks last reported
    reads: deque[Group] = field(default_factory=lambda: deque(maxlen=MAX_READS))
    unsized: list[Step] = field(default_factory=list)  # writes waiting for their size update
    wrote: bool = False
    unaligned: bool = False
    locked: bool = False  # its lock step is in the capture
    heal: bool = False  # a heal's calls (credential pid GF_CLIENT_PID_SELF_HEALD), not an application's
    changed: bool = False  # an xattrop of it changed a counter (shows a heal session that did not write)
    unlocked: bool = False
    more: int = 0  # steps past MAX_STEPS

    def add(self, step: Step) -> None:
        if len(self.steps) < MAX_STEPS:
            self.steps.append(step)
        else:
            self.more += 1

    def copy(self) -> Session:
        """A copy to go on with apart (its steps copied; the groups are shared: a
        session never changes them)."""
        steps = [replace(s) for s in self.steps]
        same = {id(old): new for old, new in zip(self.steps, steps, strict=True)}
        unsized = [same.get(id(s)) or replace(s) for s in self.unsized]
        return replace(self, steps=steps, reads=deque(self.reads, maxlen=MAX_READS), unsized=unsized)


class EcWrites:
    """EC write sessions, fed the fan-out's groups in order (``add``), handed back as
    they end (``add``'s and ``finish``'s lists)."""

    def __init__(self, fanout: FanOut) -> None:
        self.fanout = fanout
        self.sessions: dict[tuple[str, str, bool], Session] = {}  # (client, gfid, heal) -> its open session
        self._done: list[Session] = []  # sessions that ended, not yet handed back

    def add(self, group: Group) -> list[Session]:
        """Take one group; the sessions that ended (those that wrote)."""
        call = group.call
        if call.gfid is not None and is_ec(group):
            self._take(group, (group.client, call.gfid, call.pid in HEALERS))
        done, self._done = self._done, []
        return [s for s in done if _shown(s)]

    def _take(self, group: Group, key: tuple[str, str, bool]) -> None:
        call = group.call
        session = self.sessions.get(key)
        procedure = call.procedure
        if procedure in LOCKS:
            if call.lock_type == UNLOCK:
                if session is not None:
                    session.add(Step("unlock", group, f"lock released ({procedure})"))
                    session.unlocked = True
                    self._close(key)
                return
            if session is not None:  # a new lock: the old session's unlock was not seen
                self._close(key)
            session = self._open(key, group)
            session.locked = True
            kind = {0: "read lock", 1: "write lock"}.get(call.lock_type if call.lock_type is not None else -1, "lock")
            session.add(Step("lock", group, f"{kind} ({procedure})"))
        elif procedure == "READ":
            if session is not None:
                session.reads.append(group)
        elif procedure == "WRITE" or procedure in TRUNCATES:
            self._write(session or self._open(key, group), group)
        elif procedure in XATTROPS and session is not None:
            self._xattrop(session, group)

    def copy(self) -> EcWrites:
        """A copy to finish apart: what the sessions would say if the input ended now."""
        other = EcWrites(self.fanout)
        other.sessions = {key: session.copy() for key, session in self.sessions.items()}
        return other

    def add_all(self, groups: Iterable[Group]) -> Iterator[Session]:
        for group in groups:
            yield from self.add(group)
        yield from self.finish()

    def finish(self) -> list[Session]:
        """The input is done: every session still open (their unlock is missing)."""
        for key in list(self.sessions):
            self._close(key)
        done, self._done = self._done, []
        return [s for s in done if _shown(s)]

    # -- steps ---------------------------------------------------------------------

    def _open(self, key: tuple[str, str, bool], group: Group) -> Session:
        session = self.sessions[key] = Session(key[0], key[1], group.geometry, heal=key[2])
        while len(self.sessions) > MAX_SESSIONS:
            self._close(next(iter(self.sessions)))
        return session

    def _close(self, key: tuple[str, str, bool]) -> None:
        session = self.sessions.pop(key)
        for step in session.unsized:
            step.detail = self._write_detail(session, step, session.size, None)
        session.unsized = []
        self._done.append(session)

    def _write(self, session: Session, group: Group) -> None:
        call = group.call
        geometry = session.geometry or group.geometry
        session.geometry = geometry
        session.wrote = True
        if call.procedure in TRUNCATES:
            text = range_text(geometry, call.offset, None) if geometry is not None and call.offset is not None else ""
            session.add(Step("truncate", group, text))
            return
        reads = self._reads_for(session, group)
        for read in reads:
            name = "read sources" if session.heal else self._read_name(session, read, group)
            session.add(Step(name, read, self._range(read) + (_on(read) if session.heal else "")))
        session.reads.clear()
        if session.heal:  # whole fragments rebuilt on the sinks: no partial stripe to tell of
            session.add(Step("rebuild", group, self._range(group) + _on(group)))
            return
        step = Step(self._write_name(group), group, self._range(group), tuple(reads))
        session.add(step)
        session.unsized.append(step)

    def _xattrop(self, session: Session, group: Group) -> None:
        """One step for what the (F)XATTROP does: mark dirty (+1), update size/version,
        clear dirty (-1), or several at once; the replies give the values after it."""
        changes = group.call.changes
        reported = self._reported(group)
        dirty = changes.get(DIRTY)
        size_change = _moved(changes.get(SIZE))  # a zero delta only reads the value (get-size)
        version_change = _moved(changes.get(VERSION))
        names, words = [], []
        before = session.size
        new_size = reported.get(SIZE)
        after = new_size[0] if new_size is not None else None
        if size_change is not None and after is not None and before is None:
            before = after - size_change[0]  # what the update added to
        marks = {_split(n)[1] for n in version_change or ()} - {0}
        if dirty is not None and any(dirty) and max(dirty) > 0:
            names.append("mark dirty")
        if marks == {1} and size_change is None:
            names.append("mark sinks under heal")
        elif size_change is not None or version_change is not None:
            names.append("update size/version")
        if dirty is not None and any(dirty) and min(dirty) < 0:
            names.append("clear dirty")
        if not names:
            return
        session.changed = True
        if dirty is not None and any(dirty):
            dirty_now = reported.get(DIRTY)
            words.append(f"dirty {_deltas(dirty)}" + (f" -> {_slash(dirty_now)}" if dirty_now else ""))
        if size_change is not None:
            words.append(f"size {size_change[0]:+d}" + (f" -> {after}" if after is not None else ""))
        if version_change is not None:
            new_version = reported.get(VERSION)
            words.append(f"version {_deltas(version_change)}" + (f" -> {_slash(new_version)}" if new_version else ""))
        if names == ["mark dirty"] and after is not None:
            version = reported.get(VERSION)
            words.append(f"the bricks say size {after}" + (f", version {_slash(version)}" if version else ""))
        if session.heal:
            words.append(_on(group).removeprefix("; "))
        session.add(Step(", ".join(names), group, "; ".join(words)))
        if names != ["mark dirty"]:  # the writes before it are done: the size they left
            final = after if size_change is not None else before
            for step in session.unsized:
                step.detail = self._write_detail(session, step, before, final)
            session.unsized = []
        if after is not None:
            session.size = after

    # -- what the steps say ---------------------------------------------------------

    def _reported(self, group: Group) -> dict[str, tuple[int, ...]]:
        """The EC xattrs the first answering brick reported (key -> counters)."""
        for member in group.members:
            if member.reply is None:
                continue
            found = {}
            for path, (value, _) in member.values.items():
                key = path.split(".", 1)[-1]
                if key in (DIRTY, SIZE, VERSION) and isinstance(value, tuple):
                    found[key] = tuple(v for v in value if isinstance(v, int))
            if found:
                return found
        return {}

    def _reads_for(self, session: Session, write: Group) -> list[Group]:
        """The READs the write's caller sent before it over stripes the write covers."""
        geometry, call = session.geometry, write.call
        if geometry is None or call.offset is None or call.size is None:
            return []
        covered = geometry.stripes(call.offset, call.size)
        found = []
        for read in session.reads:
            r = read.call
            if r.pid != call.pid or r.offset is None or r.size is None or covered is None:
                continue
            span = geometry.stripes(r.offset, r.size)
            if span is not None and span[0] <= covered[1] and covered[0] <= span[1]:
                found.append(read)
        return found

    def _read_name(self, session: Session, read: Group, write: Group) -> str:
        geometry, call = session.geometry, write.call
        if geometry is None or call.offset is None or call.size is None or read.call.offset is None:
            return "read stripes"
        first_read = read.call.offset // geometry.chunk
        covered = geometry.stripes(call.offset, call.size)
        if covered is not None and covered[0] == covered[1] == first_read:
            return "read partial stripe"
        if covered is not None and first_read == covered[0]:
            return "read head stripe"
        if covered is not None and first_read == covered[1]:
            return "read tail stripe"
        return "read stripes"

    def _write_name(self, group: Group) -> str:
        geometry, call = group.geometry, group.call
        if geometry is None or call.offset is None or call.size is None:
            return "write"
        covered = geometry.stripes(call.offset, call.size)
        return f"write {stripes_text(*covered)}" if covered is not None else "write (empty)"

    def _range(self, group: Group) -> str:
        geometry, call = group.geometry, group.call
        if geometry is None or call.offset is None:
            return ""
        return range_text(geometry, call.offset, call.size)

    def _write_detail(self, session: Session, step: Step, before: int | None, after: int | None) -> str:
        """The write's ranges, and its partial stripes: one the writer READ first (an
        overwrite inside a stripe), the file's old end inside its head stripe (an
        append: those bytes were there), its new end inside its tail stripe (the rest is
        padding). See the module's docstring."""
        geometry, call = session.geometry, step.group.call
        text = self._range(step.group)
        if geometry is None or call.offset is None or call.size is None:
            return text
        covered = geometry.stripes(call.offset, call.size)
        if covered is None:
            return text
        start, end = geometry.file_range(call.offset, call.size)
        head, tail = covered
        stripe = geometry.stripe
        read: set[int] = set()
        for group in step.reads:
            span = geometry.stripes(group.call.offset or 0, group.call.size or 0)
            if span is not None:
                read.update(range(span[0], span[1] + 1))
        words = [text]
        if head in read:
            words.append(f"{'stripe' if head == tail else 'head stripe'} {head} partly written: the rest READ first (above)")
        elif before is not None and start < before < end and before % stripe:
            words.append(
                f"head stripe {head} partial: file bytes {head * stripe}-{before} were there "
                "(not read on the wire: the client had them in memory, EC's stripe cache)"
            )
        if tail in read and tail != head:
            words.append(f"tail stripe {tail} partly written: the rest READ first (above)")
        elif after is not None and start < after < end and after % stripe:
            words.append(f"tail stripe {tail} partial: file ends at {after}, {after}-{(tail + 1) * stripe} is padding")
        if len(words) > 1:
            session.unaligned = True
        if before is None:
            words.append("file size before: not in the capture")
        if after is None:
            words.append("file size after: not in the capture")
        return "; ".join(words)


def session_row(session: Session, fanout: FanOut) -> dict[str, Any]:
    """The JSON object of one EC write session: ``client``, ``gfid``, ``start`` (its
    first step's), ``geometry``, ``unaligned``, ``heal`` (the session is a heal's),
    ``members`` (the steps: ``step``,
    ``procedure``, ``call`` (the first brick's call), ``calls``, ``replies``, ``start``,
    ``detail``) and ``more`` (steps past MAX_STEPS, not listed)."""
    origin = fanout.origin()
    steps = []
    for step in session.steps:
        group = step.group
        start = group.start - origin if group.start is not None and origin is not None else group.start
        steps.append(
            {
                "step": step.name,
                "procedure": group.call.procedure,
                "call": group.members[0].call,
                "calls": [m.call for m in group.members],
                "replies": [m.reply for m in group.members],
                "start": round(start, 6) if start is not None else None,
                "detail": step.detail,
            }
        )
    if not session.locked:
        steps.insert(0, _missing("lock", "taken before the capture began"))
    if not session.unlocked:
        steps.append(_missing("unlock", "not in the capture"))
    first = next((s["start"] for s in steps if s["start"] is not None), None)
    return {
        "client": session.client,
        "gfid": session.gfid,
        "start": first,
        "geometry": session.geometry.text() if session.geometry is not None else None,
        "unaligned": session.unaligned,
        "heal": session.heal,
        "members": steps,
        "more": session.more,
    }


def _missing(name: str, why: str) -> dict[str, Any]:
    return {"step": name, "procedure": None, "call": None, "calls": [], "replies": [], "start": None, "detail": why}


def _moved(numbers: tuple[int, ...] | None) -> tuple[int, ...] | None:
    return numbers if numbers is not None and any(numbers) else None


def _shown(session: Session) -> bool:
    """A session is a row when it wrote; a heal's also when it changed a counter."""
    return session.wrote or (session.heal and session.changed)


def _split(number: int) -> tuple[int, int]:
    """A version counter or delta as (the rest, the heal bit: +1 set / added, -1
    taken off, 0 none): 2^62 + 1 -> (1, 1), -2^62 + 1 -> (1, -1)."""
    if number >= HEAL_BIT // 2:
        return number - HEAL_BIT, 1
    if number <= -HEAL_BIT // 2:
        return number + HEAL_BIT, -1
    return number, 0


def _counter(number: int, signed: bool) -> str:
    """'+1', '7'; with the heal bit: '+2^62', '-2^62+1', '2^62+1'."""
    rest, bit = _split(number)
    if not bit:
        return f"{rest:+d}" if signed else str(rest)
    return ("+2^62" if bit > 0 and signed else "2^62" if bit > 0 else "-2^62") + (f"{rest:+d}" if rest else "")


def _deltas(numbers: tuple[int, ...]) -> str:
    return "/".join(_counter(n, True) for n in numbers)


def _slash(numbers: tuple[int, ...] | None) -> str:
    return "/".join(_counter(n, False) for n in numbers) if numbers else ""


def _on(group: Group) -> str:
    """'; on dvol-client-4': the bricks a heal's call went to."""
    return "; on " + ", ".join(m.brick or m.server for m in group.members)
