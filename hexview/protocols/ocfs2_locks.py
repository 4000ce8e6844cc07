"""The OCFS2 DLM lock timeline (``hexview --locks``): per lock resource, what each node
asked and was told, in time order.

Debugging OCFS2 locking is otherwise a manual procedure: debugfs's ``fs_locks`` and
``dlm_locks`` on every node, by hand, at one instant. The wire shows the story
instead -- who asked whom for the master, who asserted it, which node created and
converted a lock at which level, which holder the master sent a BAST (and which
level it blocks), unlocks, derefs, migrations and a dead node's recovery. This
module turns a capture's o2dlm messages into those events, one per request with
its answer, each placed on its lock resource's timeline.

Nodes: a request carries the node number of its sender (``node_idx``, or for
Migrate Request ``new_master``), a Proxy AST the node it is for (the cookie's top
byte); what one message says of an endpoint names it for all the others
(``NodeMap``). Recovery messages (Begin Recovery, Lock Request, Recovery Data Done,
Finalize Recovery) carry no lock name: they are what the holder of ``$RECOVERY``
does, and go on that lock's timeline.

Levels: each event carries every node's granted level on its lock as far as the
wire shows it (``levels``): a create or convert asks for a level, the master's AST
for that cookie grants it, an unlock or a deref drops it, a Migrate Lockres lists
the locks outright. A master's own locks never cross the wire, so its column stays
empty unless its locks migrate.

Memory: the state of at most ``LOCKS_KEPT`` lock resources (the least recently
seen let go first) and of ``ENDPOINTS_KEPT`` endpoints; no decoded tree is kept --
each request is decoded once, with its reply, when it arrives.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass, field

from ..decode.fields import DecodedMessage, Field
from ..messages import Message
from ..output import times
from ..tcp.stream_events import Endpoint
from . import ocfs2_lockname
from .cross_views import Column, CrossView
from .ocfs2_lockname import LockName

LOCKS_KEPT = 1 << 16
EVENTS_KEPT = 200_000  # the view's rows: the newest kept (a few hundred bytes each)
ENDPOINTS_KEPT = 4096
COOKIES_KEPT = 256  # per lock resource
OWNER_UNKNOWN = 255  # DLM_LOCK_RES_OWNER_UNKNOWN (O2NM_MAX_NODES)
RECOVERY_LOCK = LockName(ocfs2_lockname.RECOVERY, "recovery")
MODES = {-1: "IV", 0: "NL", 1: "CR", 2: "CW", 3: "PR", 4: "PW", 5: "EX"}  # dlmapi.h LKM_*MODE
AST, BAST, ASTUNLOCK = 0, 1, 2  # enum dlm_ast_type
AST_EVENTS = {AST: "AST", BAST: "BAST", ASTUNLOCK: "unlock AST"}
YES = "YES"

# msg_type -> the event's name (dlmcommon.h's DLM_*_MSG); 505 is named by its AST type
EVENTS = {
    500: "master request",
    502: "assert master",
    503: "create",
    504: "convert",
    506: "unlock",
    507: "deref",
    508: "migrate request",
    509: "migrate lockres",
    514: "master requery",
    515: "lock request",
    516: "recovery data done",
    517: "begin recovery",
    518: "finalize recovery",
    522: "deref done",
}
PROXY_AST = 505
RECOVERY_TYPES = frozenset((515, 516, 517, 518))  # no lock name: on $RECOVERY's timeline
JOIN_TYPES = frozenset((510, 511, 512, 513, 521))  # no event, but they name their sender
SENDER_FIELD = {508: "new_master"}  # every other type: node_idx is its sender


@dataclass(slots=True)
class LockEvent:
    """One request on one lock resource's timeline, with its answer."""

    lock: LockName
    event: str
    index: int  # the request's message number
    time: float | None  # when it was sent (epoch seconds, as --json's "time")
    elapsed: float | None  # seconds after the timeline's first event
    node: int | None  # the sender's node number (None: not learned)
    to: int | None  # the receiver's
    source: Endpoint  # the endpoints, for a node whose number is not known
    destination: Endpoint
    reply: int | None = None  # the answer's message number
    answer: str = ""  # the reply's status ('YES', 'DLM_NORMAL', 'DEREF_INPROG')
    failed: bool = False
    mode: str = ""  # the level asked for (create, convert) or blocked on (BAST)
    cookie: str = ""  # 'node:sequence'
    detail: str = ""  # 'dead node 2', 'new master 3', '2 locks'
    master: int | None = None  # the lock resource's master after this event, as far as known
    master_at: Endpoint | None = None  # the master's endpoint, for a number learned later
    levels: dict[int, str] = field(default_factory=dict)  # node -> granted level after this event

    @property
    def sender(self) -> str:
        """The sender as a column names it: 'node 2', or its address when its number
        was never learned."""
        return f"node {self.node}" if self.node is not None else self.source.addr

    def action(self) -> str:
        """What the sender did, in a few words: 'create NL 2:1 -> 1: DLM_NORMAL',
        'BAST PR 2:1 -> 2: DLM_NORMAL', 'begin recovery -> 1: status 0 (dead node 2)'."""
        to = str(self.to) if self.to is not None else self.destination.addr
        head = " ".join(p for p in (self.event, self.mode, self.cookie) if p)
        text = f"{head} -> {to}" + (f": {self.answer}" if self.answer else ": no answer")
        return text + (f" ({self.detail})" if self.detail else "")

    def as_row(self) -> dict[str, object]:
        """The view's row and ``--locks --json`` object (keys in this order)."""
        return {
            "lock": self.lock.text,
            "lock_type": self.lock.type_name or None,
            "resource": self.lock.describe(),
            "event": self.event,
            "index": self.index,
            "reply": self.reply,
            "time": self.time,
            "elapsed": self.elapsed,
            "node": self.node,
            "to": self.to,
            "source": str(self.source),
            "destination": str(self.destination),
            "mode": self.mode or None,
            "cookie": self.cookie or None,
            "answer": self.answer or None,
            "failed": self.failed,
            "detail": self.detail or None,
            "master": self.master,
            "levels": {str(node): level for node, level in sorted(self.levels.items())},
            "sender": self.sender,
            "action": self.action(),
        }


@dataclass(slots=True)
class _Lock:
    """One cookie's lock: its node, the level granted and the one asked for."""

    node: int
    granted: int | None = None
    wanted: int | None = None


@dataclass(slots=True)
class _Resource:
    master: int | None = None
    master_at: Endpoint | None = None  # where the master is, when its number is not known yet
    locks: OrderedDict[int, _Lock] = field(default_factory=OrderedDict)  # by cookie

    def set_master(self, node: int | None, at: Endpoint | None) -> None:
        """The master is ``node``, the node at endpoint ``at`` (its number may be learned later)."""
        self.master, self.master_at = node, at

    def levels(self) -> dict[int, str]:
        """Each node's highest granted level (a lock only asked for, or granted at a
        level the capture did not show, counts for none)."""
        out: dict[int, int] = {}
        for lock in self.locks.values():
            if lock.granted is not None and lock.granted > out.get(lock.node, -2):
                out[lock.node] = lock.granted
        return {node: MODES.get(level, str(level)) for node, level in out.items()}

    def drop_node(self, node: int) -> None:
        for cookie in [c for c, lock in self.locks.items() if lock.node == node]:
            del self.locks[cookie]


class NodeMap:
    """Which node each endpoint is: learned from what messages say of their sender
    or receiver; an address alone answers when it has only ever been one node (the
    connecting side of an o2net link uses a port of its own)."""

    def __init__(self) -> None:
        self.endpoints: OrderedDict[Endpoint, int] = OrderedDict()
        self.addresses: dict[str, set[int]] = {}

    def learn(self, endpoint: Endpoint, node: int | None) -> None:
        if node is None or not 0 <= node < OWNER_UNKNOWN:
            return
        self.endpoints[endpoint] = node
        self.endpoints.move_to_end(endpoint)
        if len(self.endpoints) > ENDPOINTS_KEPT:
            self.endpoints.popitem(last=False)
        nodes = self.addresses.setdefault(endpoint.addr, set())
        if len(nodes) < 2:
            nodes.add(node)

    def node(self, endpoint: Endpoint) -> int | None:
        known = self.endpoints.get(endpoint)
        if known is not None:
            return known
        nodes = self.addresses.get(endpoint.addr)
        return next(iter(nodes)) if nodes is not None and len(nodes) == 1 else None


def _child(parent: Field | None, name: str) -> Field | None:
    return parent.child(name) if parent is not None else None


def _int(parent: Field | None, name: str) -> int | None:
    f = _child(parent, name)
    return f.value if f is not None and isinstance(f.value, int) and not isinstance(f.value, bool) else None


def _flag(parent: Field | None, flags: str, name: str) -> bool:
    """Whether bit ``name`` of the flags word ``flags`` is set."""
    bit = _child(_child(parent, flags), name)
    return bit is not None and bool(bit.value)


def _cookie_text(cookie: int) -> str:
    return f"{cookie >> 56}:{cookie & 0x00FFFFFFFFFFFFFF}"


def _lock_name(payload: Field | None, data: bytes) -> LockName | None:
    """The lock the payload names (its name or lockname field's text bytes)."""
    for name in ("name", "lockname"):
        f = _child(payload, name)
        if f is not None and f.children and f.children[0].name == "text" and f.value is not None:
            text = f.children[0]
            return ocfs2_lockname.parse(data[text.start : text.end])
    return None


class LockTimeline:
    """Feeds on a capture's messages in order (``add``); gives each DLM request's
    event as it comes (its reply is known by then: the pipeline holds a request back
    until it is answered, or long enough to say it was not)."""

    def __init__(self) -> None:
        self.origin: float | None = None  # the first event's time
        self.nodes = NodeMap()
        self.resources: OrderedDict[bytes, _Resource] = OrderedDict()

    def add(self, message: Message) -> list[LockEvent]:
        """The events ``message`` makes: one for a DLM request about a lock resource (or
        a recovery), none for anything else. Never raises on bad input."""
        if message.kind != "request" or message.protocol.name != "OCFS2" or len(message.data) < 24:
            return []
        msg_type = int.from_bytes(message.data[4:6], "big")
        if msg_type not in EVENTS and msg_type != PROXY_AST and msg_type not in JOIN_TYPES:
            return []
        decoded = message.decode_transient()
        payload = decoded.top("payload")
        source, destination = message.endpoints
        sender = _int(payload, SENDER_FIELD.get(msg_type, "node_idx"))
        self.nodes.learn(source, sender)
        if msg_type in JOIN_TYPES:
            return []
        if msg_type == PROXY_AST:
            cookie = _int(payload, "cookie")
            self.nodes.learn(destination, cookie >> 56 if cookie is not None else None)
        if msg_type == 509 and _flag(payload, "flags", "migration"):
            self.nodes.learn(source, _int(payload, "master"))
        lock = RECOVERY_LOCK if msg_type in RECOVERY_TYPES else _lock_name(payload, message.data)
        if lock is None:
            return []
        if self.origin is None:
            self.origin = message.timestamp
        event = LockEvent(
            lock,
            EVENTS.get(msg_type, ""),
            message.index,
            message.timestamp,
            times.relative(message, self.origin),
            self.nodes.node(source),
            self.nodes.node(destination),
            source,
            destination,
        )
        reply = message.first_reply
        answer: DecodedMessage | None = None
        if reply is not None:
            answer = reply.decode_transient()
            event.reply = reply.index
            event.answer, event.failed = answer.outcome.info, answer.outcome.failed
        resource = self._resource(lock.raw)
        self._apply(msg_type, payload, event, resource, answer)
        event.master, event.master_at = resource.master, resource.master_at
        event.levels = resource.levels()
        return [event]

    def _resource(self, key: bytes) -> _Resource:
        resource = self.resources.get(key)
        if resource is None:
            resource = self.resources[key] = _Resource()
            if len(self.resources) > LOCKS_KEPT:
                self.resources.popitem(last=False)
        else:
            self.resources.move_to_end(key)
        return resource

    # -- what each request does to its lock resource ---------------------------------
    def _apply(
        self, msg_type: int, payload: Field | None, event: LockEvent, res: _Resource, answer: DecodedMessage | None
    ) -> None:
        ok = answer is not None and not event.failed
        cookie = _int(payload, "cookie")
        if cookie is not None:
            event.cookie = _cookie_text(cookie)
        if msg_type == 500:  # master request: a YES names the receiver master
            if ok and event.answer == YES:
                res.set_master(event.to, event.destination)
        elif msg_type == 502:  # assert master: the sender masters it
            res.set_master(event.node, event.source)
            if _flag(payload, "flags", "finish_migration"):
                event.detail = "finish migration"
        elif msg_type in (503, 504):  # create, convert: a level asked of the master
            mode = _int(payload, "requested_type")
            event.mode = MODES.get(mode, "") if mode is not None else ""
            res.set_master(event.to, event.destination)
            if cookie is not None and mode is not None and event.node is not None and (ok or answer is None):
                lock = res.locks.get(cookie) or _Lock(event.node)
                lock.wanted = mode
                self._keep(res, cookie, lock)
        elif msg_type == PROXY_AST:
            self._proxy_ast(payload, event, res, cookie)
        elif msg_type == 506:  # unlock (or cancel a convert)
            if _flag(payload, "flags", "cancel"):
                event.event, event.detail = "cancel", "cancel convert"
                if cookie is not None and cookie in res.locks and (ok or answer is None):
                    res.locks[cookie].wanted = None
            elif cookie is not None and (ok or answer is None):
                res.locks.pop(cookie, None)
        elif msg_type in (507, 522):  # deref: the node has let go of the resource
            node = event.node if msg_type == 507 else event.to
            if node is not None:
                res.drop_node(node)
            if msg_type == 507:
                res.set_master(event.to, event.destination)
        elif msg_type == 508:  # migrate request: mastery moves
            new = _int(payload, "new_master")
            res.set_master(new, None)
            event.detail = f"master {_int(payload, 'master')} -> {new}"
        elif msg_type == 509:
            self._mig_lockres(payload, event, res)
        elif msg_type == 514:  # master requery: the answer is the master's node number
            if answer is not None:
                status = _status(answer)
                if status is not None and not answer.outcome.failed:
                    event.answer = f"master {status}" if 0 <= status < OWNER_UNKNOWN else "master unknown"
                    if 0 <= status < OWNER_UNKNOWN:
                        res.set_master(status, None)
        elif msg_type in RECOVERY_TYPES:
            dead = _int(payload, "dead_node")
            event.detail = f"dead node {dead}" if dead is not None else ""
            if msg_type == 517 and dead is not None:  # begin recovery: the dead node's locks are gone
                for other in self.resources.values():
                    other.drop_node(dead)
            if msg_type == 518 and _flag(payload, "flags", "stage2"):
                event.detail += ", stage 2"

    def _proxy_ast(self, payload: Field | None, event: LockEvent, res: _Resource, cookie: int | None) -> None:
        """The master tells a lock's node: granted (AST), blocking another (BAST: the
        level it blocks), or unlocked (unlock AST)."""
        kind = _int(payload, "type")
        event.event = AST_EVENTS.get(kind, "proxy AST") if kind is not None else "proxy AST"
        res.set_master(event.node, event.source)
        if cookie is None:
            return
        lock = res.locks.get(cookie)
        if kind == BAST:
            blocked = _int(payload, "blocked_type")
            event.mode = MODES.get(blocked, "") if blocked is not None else ""
        elif kind == AST:
            if lock is None:
                lock = _Lock(cookie >> 56)
            if lock.wanted is not None:
                lock.granted, lock.wanted = lock.wanted, None
                event.mode = MODES.get(lock.granted, "")
            self._keep(res, cookie, lock)
        elif kind == ASTUNLOCK:
            res.locks.pop(cookie, None)

    def _mig_lockres(self, payload: Field | None, event: LockEvent, res: _Resource) -> None:
        """A lock resource's locks sent whole: to its new master (migration) or to the
        recovery master (recovery); either way the receiver masters it next."""
        recovery = _flag(payload, "flags", "recovery")
        if recovery:
            event.event = "recovery lockres"
        locks = _child(payload, "locks")
        listed = locks.children if locks is not None else []
        parts = [f"{len(listed)} lock{'s' if len(listed) != 1 else ''}"]
        if _flag(payload, "flags", "all_done"):
            parts.append("all done")
        event.detail = ", ".join(parts)
        for item in listed:
            cookie, node, granted = _int(item, "cookie"), _int(item, "node"), _int(item, "type")
            convert = _int(item, "convert_type")
            if cookie is None or node is None:
                continue
            self._keep(
                res,
                cookie,
                _Lock(
                    node,
                    granted if granted is not None and granted >= 0 else None,
                    convert if convert is not None and convert >= 0 else None,
                ),
            )
        res.set_master(event.to, event.destination)

    @staticmethod
    def _keep(res: _Resource, cookie: int, lock: _Lock) -> None:
        res.locks[cookie] = lock
        res.locks.move_to_end(cookie)
        if len(res.locks) > COOKIES_KEPT:
            res.locks.popitem(last=False)


def _status(answer: DecodedMessage) -> int | None:
    status = answer.top("status")
    return status.value if status is not None and isinstance(status.value, int) else None


class LocksCollector:
    """The ``locks`` view's collector: the timeline's events, grouped by lock resource
    (in the order each was first seen), each resource's in time order.

    Keeps the newest ``EVENTS_KEPT`` events (each a few small fields; no tree). A
    node number learned after an event was made fills in that event's sender,
    receiver or master when the rows are asked for."""

    def __init__(self) -> None:
        self.timeline = LockTimeline()
        self.events: deque[LockEvent] = deque(maxlen=EVENTS_KEPT)
        self.first_seen: dict[bytes, int] = {}

    def add(self, message: Message) -> None:
        for event in self.timeline.add(message):
            self.events.append(event)
            if event.lock.raw not in self.first_seen:
                if len(self.first_seen) >= EVENTS_KEPT:  # forget the locks no kept event names
                    self.first_seen = {}
                    for kept in self.events:
                        self.first_seen.setdefault(kept.lock.raw, len(self.first_seen))
                self.first_seen.setdefault(event.lock.raw, len(self.first_seen))

    def rows(self) -> list[dict[str, object]]:
        nodes = self.timeline.nodes
        for event in self.events:
            if event.node is None:
                event.node = nodes.node(event.source)
            if event.to is None:
                event.to = nodes.node(event.destination)
            if event.master is None and event.master_at is not None:
                event.master = nodes.node(event.master_at)
        first = self.first_seen
        ordered = sorted(self.events, key=lambda e: first.get(e.lock.raw, len(first)))  # stable: time order within
        return [event.as_row() for event in ordered]


LOCKS = CrossView(
    name="locks",
    title="OCFS2 DLM lock timeline",
    key="L",
    help="OCFS2 DLM lock timeline: per lock resource in time order, each request (master, create, convert, "
    "AST/BAST with levels, unlock, deref, migration, recovery) under its node, with its answer, the master and "
    "each node's level",
    columns=(
        Column("index", "msg", "right"),
        Column("elapsed", "time", "right"),
        Column("resource", "lock resource"),
        Column("lock", "name"),
        Column("action", "node", by="sender"),
        Column("master", "master", "right"),
        Column("levels", "levels"),
    ),
    collector=LocksCollector,
    opens="index",
)
