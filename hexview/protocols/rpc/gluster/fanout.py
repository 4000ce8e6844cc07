"""GlusterFS fan-out: the brick calls one client issued for one operation, side by side.

A GlusterFS client (FUSE mount, libgfapi) talks to every brick over a connection of
its own; AFR (replicate) and EC (disperse) wind one file operation to several bricks
at once, and the answers decide what the application sees. This module puts those
calls back together.

Grouping rules -- calls of the FOP program (GlusterFS 1298437, v330 or v400; not
PING, DUMP, the handshake, portmap or glusterd) fall into one group when they have

- the same client: its host, and its process when the connection's handshake was
  captured (SETVOLUME's ``process-uuid`` up to ``-PC_NAME:``, which names the brick
  translator and differs per connection; otherwise the host alone);
- the same procedure;
- the same target: the gfid the call acts on, else the parent gfid and basename
  (LOOKUP, CREATE, MKDIR ... by name; RENAME's and LINK's old and new ones), else
  the fd number (every FOP v330/v400 fd call also carries its gfid, so this is for
  anonymous calls only); and the same offset, size, lock command, lock type and
  lock domain where the call has them, and the counters an (F)XATTROP adds (EC and
  AFR send each brick the same ones, so two back-to-back READs of one file never
  merge, and a heal's xattrop marking only its sinks never takes in the next
  operation's xattrop on the other bricks);
- the same disperse or replicate set, when the client's volfile (GETSPEC) was
  captured: DHT winds a directory's LOOKUP, MKDIR, SETXATTR ... to every set of a
  distributed-replicate or distributed-disperse volume, and each set's AFR or EC
  fans it out to its own bricks -- one operation per set, each with its own
  answers and verdict (a call on a brick the volfile does not place, or without the
  volfile, is grouped by the other rules alone);
- a start within ``WINDOW`` seconds of the group's first call (``WINDOW_MESSAGES``
  messages for inputs without times);
- and different brick connections: a call on a connection the group already has
  goes to the next open group of the same key without it, or opens a new one.

A call no other joins is a group of one (a singleton) -- never dropped. Replies fill
their member (op_ret, op_errno, latency, the reply's fields). ``differs`` names the
field paths whose values are not the same on every answered member: ``reply`` (some
brick did not answer), ``op_ret``, ``op_errno``, ``xdata.KEY`` / ``dict.KEY``
(dictionary entries, a key missing on one brick included), ``STRUCT.FIELD`` (iatt
fields: ``stat.ia_size``, ``poststat.ia_mtime``) and other scalar results -- these
among the successful answers (a failed one's iatt is no file's). The bytes a READ
returns are not compared: EC fragments differ by design.

What the group means where it applies: EC (``cluster/disperse`` from the volfile, or
``trusted.ec.*`` in the group's dictionaries) -- the good and bad brick masks as
EC's own log lines give them (bit = the brick's position in its disperse set; good =
the largest set of agreeing successful answers, agreeing on op_ret, op_errno and
``trusted.ec.version``/``size``/``dirty``), and for READ, WRITE and the truncates the
geometry (hexview.protocols.rpc.gluster.ec); AFR -- the non-zero pending counters
(``trusted.afr.*``) each brick reports.

Bounded: a group is held from its first call until its window has passed and every
member's reply is in (at most ``REPLY_WAIT`` seconds of capture time, and at most
``MAX_HELD`` groups: past that the oldest goes out with the replies it has). Calls
and replies are decoded transiently, and a member keeps only the few facts above.
Groups come out in the order of their first call.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from ....decode.fields import DecodedMessage, Field
from ....messages import Message
from ...errno_names import errno_name
from ...labels import stream_label
from . import programs as gp
from .dicts import entries, signed64
from .ec import Geometry, geometry_of_config, range_text
from .info import gfid_text, own_fields, procedure_name
from .labels import brick_name, client_process, placement_of
from .volfile import DISPERSE, REPLICATE, Placement

WINDOW = 0.5  # seconds from a group's first call within which the other bricks' calls join it
WINDOW_MESSAGES = 256  # the same, in messages, for inputs without capture times
REPLY_WAIT = 30.0  # seconds of capture time a closed group waits for its members' replies
MAX_HELD = 4096  # groups held at most (waiting for their window, their replies or their turn)
MAX_KNOWN = 65536  # clients whose EC geometry is remembered

LOCK_PROCEDURES = frozenset(("INODELK", "FINODELK", "ENTRYLK", "FENTRYLK", "LK"))
UNLOCK = 2  # GF_LK_F_UNLCK, as F_UNLCK: a lock call's type that releases
IDENTITY = ("gfid", "pargfid", "bname", "oldgfid", "oldbname", "newgfid", "newbname")
GFIDS = ("gfid", "pargfid", "oldgfid", "newgfid")
NAMES = ("bname", "oldbname", "newbname", "name")
SHAPE = ("offset", "size", "cmd", "type", "volume")
DICTIONARIES = ("xdata", "dict")
NOT_COMPARED = frozenset(("op_ret", "op_errno", "data", "xdr_size", "count", "pair_count", "length", "padding"))
NULL_GFID = "0" * 32
PROCESS_PARTS = re.compile(r"PID:(\d+)-HOST:(.*)$")
CLIENT_NUMBER = re.compile(r"-client-(\d+)$")
EC_KEYS = ("trusted.ec.version", "trusted.ec.size", "trusted.ec.dirty")


@dataclass(slots=True)
class Call:
    """What grouping, the members and the EC story need of one FOP call."""

    procedure: str
    key: tuple[object, ...]  # target and shape: equal for the calls of one operation
    gfid: str | None  # the gfid it acts on (else its parent's), as a UUID
    name: str | None  # the basename it acts on, if any
    offset: int | None = None
    size: int | None = None
    lock_type: int | None = None  # *LK calls: 0 read, 1 write, 2 unlock
    pid: int | None = None  # the caller's pid (AUTH_GLUSTERFS credentials)
    # an (F)XATTROP's or SETXATTR's dictionary: key -> its counters, signed
    changes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    config: Geometry | None = None  # a trusted.ec.config the call carries


@dataclass(slots=True)
class Member:
    """One brick's call and reply."""

    stream: int
    server: str
    brick: str | None
    translator: str | None  # the protocol/client translator (from the handshake)
    position: int | None  # its bit in EC's and AFR's masks: its place in its set
    call: int
    time: float | None
    reply: int | None = None
    op_ret: int | None = None
    op_errno: int | None = None
    latency: float | None = None
    # the reply's fields: path -> (comparable value, shown text)
    values: dict[str, tuple[object, str]] = field(default_factory=dict)


@dataclass(slots=True)
class Group:
    """The calls of one operation: one member per brick connection."""

    client: str
    call: Call
    start: float | None
    first_index: int
    members: list[Member] = field(default_factory=list)
    waiting: int = 0  # members whose reply has not come
    closed: bool = False
    placement: Placement | None = None  # the first member's brick's set, when the volfile said
    key: tuple[object, ...] = ()  # what its calls share (see the module): client, set, procedure, target
    geometry: Geometry | None = None  # EC geometry known when the group went out

    @property
    def streams(self) -> set[int]:
        return {m.stream for m in self.members}


class FanOut:
    """Groups of FOP calls, fed every message of an input in output order (``add``),
    handed back as they complete (``add``'s and ``finish``'s lists, in order)."""

    def __init__(self, origin: Callable[[], float | None] | None = None, window: float = WINDOW) -> None:
        self.origin = origin or (lambda: None)
        self.window = window
        self.configs: dict[str, Geometry] = {}  # client -> the EC geometry its files carry
        self._open: dict[tuple[object, ...], list[Group]] = {}  # key -> groups still taking calls
        self._opening: deque[Group] = deque()  # groups still taking calls, oldest first
        self._held: deque[Group] = deque()  # every group not yet handed back, oldest first
        self._pending: dict[int, tuple[Message, Group, Member]] = {}  # id(call) -> waiting member

    def add(self, message: Message) -> list[Group]:
        """Take one message; the groups it completed."""
        with suppress(Exception):  # bad input is normal input: a message that cannot be read is no call
            self._take(message)
        return self._ready(message.timestamp, message.index, final=False)

    @property
    def held(self) -> list[Group]:
        """The groups not yet handed back (still taking calls or waiting for replies), oldest first."""
        return list(self._held)

    def add_all(self, messages: Iterable[Message]) -> Iterator[Group]:
        for message in messages:
            yield from self.add(message)
        yield from self.finish()

    def finish(self) -> list[Group]:
        """The input is done: every group still held."""
        return self._ready(None, None, final=True)

    # -- reading messages ----------------------------------------------------------

    def _take(self, message: Message) -> None:
        params = message._params
        if params is None or params.get("prog") != gp.FOP_PROGRAM:
            return
        if message.kind == "call":
            self._call(message)
        elif message.kind == "reply":
            self._reply(message)

    def _call(self, message: Message) -> None:
        decoded = message.decode_transient()
        call = call_facts(message, decoded)
        client = self.client_of(message)
        if call.config is not None:
            _bounded(self.configs)[client] = call.config
        conversation = message.conversation
        translator = brick_name(conversation)
        placement = placement_of(conversation)
        key = (client, placement.set_name if placement is not None else None, call.procedure, call.key)
        stream = conversation.index
        when, index = message.timestamp, message.index
        group = next((g for g in self._open.get(key, ()) if stream not in g.streams and self._within(g, when, index)), None)
        if group is None:
            group = Group(client, call, when, index, key=key)
            self._open.setdefault(key, []).append(group)
            self._opening.append(group)
            self._held.append(group)
        if placement is not None:
            position: int | None = placement.position
        else:
            number = CLIENT_NUMBER.search(translator) if translator is not None else None
            position = int(number.group(1)) if number else None
        brick = translator or stream_label(conversation)  # as --xattrs names bricks; else what the stream list says
        member = Member(stream, str(conversation.server), brick, translator, position, index, when)
        if group.placement is None:
            group.placement = placement
        group.members.append(member)
        if message.expects_reply or message.first_reply is not None:
            group.waiting += 1
            self._pending[id(message)] = (message, group, member)

    def _reply(self, reply: Message) -> None:
        call = reply.pair
        if call is None or call.first_reply is not reply:
            return
        entry = self._pending.pop(id(call), None)
        if entry is None:
            return
        _, group, member = entry
        group.waiting -= 1
        member.reply = reply.index
        member.latency = reply.latency
        results = own_fields(reply.decode_transient(), "results")
        member.op_ret = _int(results.get("op_ret"))
        member.op_errno = _int(results.get("op_errno"))
        member.values = reply_values(results)
        for path, (value, _) in member.values.items():
            if path.endswith(".trusted.ec.config") and isinstance(value, tuple):
                config = geometry_of_config(value)
                if config is not None:
                    _bounded(self.configs)[group.client] = config

    def client_of(self, message: Message) -> str:
        """'127.0.0.1', with the process the handshake named: '127.0.0.1 vm pid 30361'."""
        host = message.conversation.client.addr
        process = client_process(message.conversation)
        if process is None:
            return host
        parts = PROCESS_PARTS.search(process)
        if parts is None:
            return f"{host} {process}"
        return f"{host} {parts.group(2)} pid {parts.group(1)}"

    # -- groups in and out -----------------------------------------------------------

    def _within(self, group: Group, when: float | None, index: int) -> bool:
        if when is not None and group.start is not None:
            return when - group.start <= self.window
        return index - group.first_index <= WINDOW_MESSAGES

    def _ready(self, when: float | None, index: int | None, final: bool) -> list[Group]:
        opening = self._opening
        while opening and (final or index is None or not self._within(opening[0], when, index)):
            group = opening.popleft()
            group.closed = True
            siblings = self._open.get(group.key)
            if siblings is not None:
                siblings.remove(group)
                if not siblings:
                    del self._open[group.key]
        out: list[Group] = []
        held = self._held
        while held:
            group = held[0]
            late = when is not None and group.start is not None and when - group.start > REPLY_WAIT
            if not (final or len(held) > MAX_HELD or (group.closed and (group.waiting <= 0 or late))):
                break
            held.popleft()
            if not group.closed:  # pushed out by MAX_HELD while still open
                group.closed = True
                opening.remove(group)
                self._open[group.key].remove(group)
            if group.waiting > 0:
                for message_id in [k for k, (_, g, _) in self._pending.items() if g is group]:
                    del self._pending[message_id]
            group.geometry = self.geometry_of(group)
            out.append(group)
        return out

    def geometry_of(self, group: Group) -> Geometry | None:
        """The EC geometry of a group on a disperse volume: what the client's files
        carry in ``trusted.ec.config``, else the volfile's disperse set (k + r, the
        default chunk); None when nothing says the volume disperses."""
        placement = group.placement
        if placement is not None and placement.set_type != DISPERSE:
            return None
        config = self.configs.get(group.client)
        if config is not None:
            return config
        if placement is not None and placement.bricks > placement.redundancy > 0:
            return Geometry(placement.bricks - placement.redundancy, placement.redundancy)
        return None


# -- facts from decoded messages ------------------------------------------------------


def call_facts(message: Message, decoded: DecodedMessage) -> Call:
    """The facts of a FOP call (see ``Call``)."""
    args = own_fields(decoded, "args")
    identity: list[tuple[str, object]] = []
    for name in IDENTITY:
        f = args.get(name)
        if f is None:
            continue
        if name in GFIDS:
            hex_text = f.value if isinstance(f.value, str) else None
            if hex_text and hex_text != NULL_GFID:
                identity.append((name, hex_text))
        else:
            text = _string(f)
            if text:
                identity.append((name, text))
    if not identity and _int(args.get("fd")) is not None:
        identity.append(("fd", _int(args.get("fd"))))
    shape = tuple((name, _plain(args.get(name))) for name in SHAPE if _plain(args.get(name)) is not None)
    gfid = next((str(v) for n, v in identity if n in GFIDS), None)
    basename = next((str(v) for n, v in identity if n in NAMES), None)
    procedure = procedure_name(message)
    changes: dict[str, tuple[int, ...]] = {}
    config = None
    for container in DICTIONARIES:
        for key, value in entries(args.get(container)):
            numbers = _counters(value)
            if container == "dict" and numbers is not None:
                changes[key] = numbers
            if key == "trusted.ec.config" and numbers is not None:
                config = geometry_of_config(numbers)
    if changes:
        shape += (("dict", tuple(sorted(changes.items()))),)
    return Call(
        procedure,
        (tuple(identity), shape),
        gfid_text(gfid) if gfid else None,
        basename,
        offset=_int(args.get("offset")),
        size=_int(args.get("size")),
        lock_type=_int(args.get("type")) if procedure in LOCK_PROCEDURES else None,
        pid=_cred_pid(decoded),
        changes=changes,
        config=config if config is not None and config.k > 0 else None,
    )


def reply_values(results: dict[str, Field]) -> dict[str, tuple[object, str]]:
    """A reply's comparable fields: path -> (value, shown text); see the module's
    docstring for the paths."""
    body = results.get("body") or results.get("results")
    if body is None:
        return {}
    found: dict[str, tuple[object, str]] = {}
    for f in body.children:
        if f.name in NOT_COMPARED:
            continue
        if f.name in DICTIONARIES:
            for key, value in entries(f):
                found[f"{f.name}.{key}"] = (_comparable(value), _value_text(value))
        elif f.children:
            if all(not c.children for c in f.children):  # a structure of scalars: an iatt
                for c in f.children:
                    found[f"{f.name}.{c.name}"] = (_comparable(c), c.show)
        elif f.value is not None:
            found[f.name] = (f.value, f.show)
    return found


def errno_text(number: int | None) -> str | None:
    """op_errno by its Linux name ('ENOENT'), its number as text when Linux names none;
    None for 0 (no error) or no reply."""
    if not number:
        return None
    return errno_name(number) or str(number)


# -- what a group says -----------------------------------------------------------------


def differs(group: Group) -> list[str]:
    """The paths whose values are not equal on every answered member (see the module);
    the reply fields of a failed answer (op_ret < 0: what its iatt holds is no file's)
    are compared only when every answer failed."""
    answered = [m for m in group.members if m.reply is not None]
    found: list[str] = []
    if answered and len(answered) < len(group.members):
        found.append("reply")
    if len(answered) < 2:
        return found
    found += [path for path in ("op_ret", "op_errno") if len({_value_at(m, path) for m in answered}) > 1]
    compared = _compared(answered)
    paths: dict[str, None] = {}
    for m in compared:
        paths.update(dict.fromkeys(m.values))
    found += [path for path in paths if len({_value_at(m, path) for m in compared}) > 1]
    return found


def odd_ones(group: Group, path: str) -> list[Member]:
    """The members whose value at ``path`` is not the one most of them gave (all of
    them when no value has a majority), among those ``differs`` compares on it; for
    ``reply``, the unanswered."""
    if path == "reply":
        return [m for m in group.members if m.reply is None]
    answered = [m for m in group.members if m.reply is not None]
    if path not in ("op_ret", "op_errno"):
        answered = _compared(answered)
    counts = Counter(_value_at(m, path) for m in answered)
    if not counts:
        return []
    (top, top_count), *rest = counts.most_common()
    if not rest:
        return []
    if rest[0][1] == top_count:
        return answered
    return [m for m in answered if _value_at(m, path) != top]


def _compared(answered: list[Member]) -> list[Member]:
    """The answers whose reply fields are compared: the successful ones, or all when none is."""
    succeeded = [m for m in answered if m.op_ret is None or m.op_ret >= 0]
    return succeeded if succeeded else answered


def _value_at(member: Member, path: str) -> str:
    """A member's value at ``path``, comparable: its repr ('None' for op_errno 0 and
    '-' for a field its reply does not have)."""
    if path == "op_ret":
        return repr(member.op_ret)
    if path == "op_errno":
        return repr(member.op_errno or None)
    found = member.values.get(path)
    return repr(found[0]) if found is not None else "-"


def is_ec(group: Group) -> bool:
    if group.placement is not None:
        return group.placement.set_type == DISPERSE
    return group.geometry is not None or any(k.startswith("trusted.ec.") for k in group.call.changes)


def is_afr(group: Group) -> bool:
    if group.placement is not None:
        return group.placement.set_type == REPLICATE
    return any(k.startswith("trusted.afr.") for k in group.call.changes) or any(
        ".trusted.afr." in path for m in group.members for path in m.values
    )


def ec_masks(group: Group) -> tuple[int, int] | None:
    """EC's (good, bad) brick masks: good = the largest class of answers that agree on
    op_ret, op_errno and trusted.ec.version/size/dirty (on a tie the first successful
    one), as EC takes the answer most bricks gave -- an error all bricks agree on is
    good; bad = every other answer. None when no member answered or a brick's
    position in its set is unknown."""
    answered = [m for m in group.members if m.reply is not None]
    if not answered or any(m.position is None for m in answered):
        return None

    def verdict(m: Member) -> tuple[object, ...]:
        ec = tuple(repr(v[0]) for p, v in sorted(m.values.items()) if p.split(".", 1)[-1] in EC_KEYS)
        return (m.op_ret, m.op_errno, ec)

    classes = Counter(verdict(m) for m in answered)
    best = max(classes.values())
    tied = [v for v in classes if classes[v] == best]
    chosen = next((v for v in tied if isinstance(v[0], int) and v[0] >= 0), tied[0])
    good = bad = 0
    for m in answered:
        bit = 1 << (m.position or 0)
        if verdict(m) == chosen:
            good |= bit
        else:
            bad |= bit
    return good, bad


def sent_mask(group: Group) -> int | None:
    """The bricks of the set the call went to (EC's ``mask``), when not all of them: a
    brick that was down, or a READ that needs only k; None when it went to all, or the
    set (volfile) or a brick's position is unknown."""
    if group.placement is None or any(m.position is None for m in group.members):
        return None
    mask = sum(1 << (m.position or 0) for m in group.members)
    return mask if mask != (1 << group.placement.bricks) - 1 else None


def afr_pending(group: Group) -> dict[str, dict[str, list[int]]]:
    """Each answered member's non-zero AFR counters: brick (its translator) -> {the
    translator it blames, or 'dirty': [data, metadata, entry]} (from the reply's
    dictionaries)."""
    found: dict[str, dict[str, list[int]]] = {}
    for m in group.members:
        for path, (value, _) in m.values.items():
            _, _, key = path.partition(".")
            if not key.startswith("trusted.afr.") or not isinstance(value, tuple) or not any(value):
                continue
            who = m.translator or m.brick or m.server
            found.setdefault(who, {})[key.removeprefix("trusted.afr.")] = [int(v) for v in value if isinstance(v, int)]
    return found


def meaning(group: Group) -> str:
    """What the group means to EC or AFR, in a few words ('' when neither applies): the
    verdict first (a narrow cell shows the start)."""
    words: list[str] = []
    if is_ec(group):
        geometry = group.geometry
        words.append(f"EC {geometry.k}+{geometry.r}" if geometry is not None else "EC")
        sent = sent_mask(group)
        if sent is not None:
            words.append(f"mask={sent:#x}")
        masks = ec_masks(group)
        if masks is not None:
            words.append(f"good={masks[0]:#x} bad={masks[1]:#x}")
        if geometry is not None and group.call.offset is not None and group.call.procedure in RANGED:
            words.append(range_text(geometry, group.call.offset, group.call.size))
    elif is_afr(group):
        said = [
            f"{who}: {'dirty' if name == 'dirty' else 'blames ' + name} {'/'.join(map(str, counts))}"
            for who, table in afr_pending(group).items()
            for name, counts in table.items()
        ]
        words.append(f"AFR {'; '.join(said)} (data/metadata/entry)" if said else "AFR")
    return " ".join(words)


RANGED = frozenset(("READ", "WRITE", "FTRUNCATE", "TRUNCATE", "FALLOCATE", "DISCARD", "ZEROFILL", "SEEK", "RCHECKSUM"))
SHOWN_ALWAYS = ("trusted.ec.", "trusted.afr.")


def group_row(group: Group, fanout: FanOut) -> dict[str, Any]:
    """The JSON object of one group: the issue's keys first, then ``name`` (the
    basename acted on) and ``meaning``; per member, after the issue's keys, ``fields``
    (the differing fields' and the EC/AFR xattrs' values as shown) and ``differs``
    (which of its cells disagree with most members': ``reply``, ``op_ret``,
    ``op_errno``, ``fields``)."""
    origin = fanout.origin()
    different = differs(group)
    compared = set(different)
    marked: dict[int, dict[str, None]] = {}
    for path in different:
        column = path if path in ("reply", "op_ret", "op_errno") else "fields"
        for m in odd_ones(group, path):
            marked.setdefault(id(m), {})[column] = None
    members = []
    for m in group.members:
        shown = {p: text for p, (_, text) in m.values.items() if p in compared or p.split(".", 1)[-1].startswith(SHOWN_ALWAYS)}
        members.append(
            {
                "stream": m.stream,
                "server": m.server,
                "brick": m.brick,
                "call": m.call,
                "reply": m.reply,
                "op_ret": m.op_ret,
                "op_errno": errno_text(m.op_errno),
                "latency": round(m.latency, 6) if m.latency is not None else None,
                "fields": shown,
                "differs": list(marked.get(id(m), ())),
            }
        )
    start = group.start - origin if group.start is not None and origin is not None else group.start
    return {
        "client": group.client,
        "procedure": group.call.procedure,
        "gfid": group.call.gfid,
        "start": round(start, 6) if start is not None else None,
        "members": members,
        "differs": different,
        "name": group.call.name,
        "meaning": meaning(group),
    }


# -- small readers ------------------------------------------------------------------------


def _bounded(table: dict[Any, Any]) -> dict[Any, Any]:
    """``table``, its oldest entries let go past MAX_KNOWN (called before adding one)."""
    while len(table) >= MAX_KNOWN:
        del table[next(iter(table))]
    return table


def _int(f: Field | None) -> int | None:
    value = f.value if f is not None else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _plain(f: Field | None) -> object:
    """A scalar's value, a string field's text; None for containers and the uncaptured."""
    if f is None:
        return None
    if not f.children:
        return f.value if isinstance(f.value, (int, str)) and not isinstance(f.value, bool) else None
    text = _string(f)
    return text or None


def _string(f: Field | None) -> str:
    """An XDR string's text (its ``value`` child), '' when absent or not captured."""
    if f is None:
        return ""
    value = f.child("value")
    text = value.value if value is not None else f.value
    return text.rstrip("\0") if isinstance(text, str) else ""


def _cred_pid(decoded: DecodedMessage) -> int | None:
    node = decoded.top("rpc")
    for name in ("call", "cred", "body", "pid"):
        node = node.child(name) if node is not None else None
    return _int(node)


def _counters(value: Field) -> tuple[int, ...] | None:
    """A structured xattr value's numbers (EC version/size/dirty/config, AFR
    counters), 64-bit deltas read signed; None for anything else."""
    if not value.children or not all(isinstance(c.value, int) for c in value.children):
        return None
    return tuple(signed64(c.value) for c in value.children)


def _comparable(f: Field) -> object:
    if f.children:
        return tuple(_comparable(c) for c in f.children)
    return f.value


def _value_text(value: Field) -> str:
    if value.children:
        return ", ".join(f"{c.name}={c.show}" for c in value.children)
    return value.show
