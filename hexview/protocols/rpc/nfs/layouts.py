"""``--layouts``: each pNFS layout, its data servers, and the I/O done under it.

A pNFS client asks the metadata server (MDS) for a layout (LAYOUTGET: a byte range
of one file, a layout type, an iomode), learns where the layout's devices are
(GETDEVICEINFO: each device's data-server addresses) and then reads and writes the
data servers directly, with the handles the layout gave. Those messages are on
other connections than the LAYOUTGET; this view puts them back together, one row
per layout (one layout4 segment of a LAYOUTGET reply):

- the layout: type, iomode, range, stateid, stripe unit and, for the file layout
  (RFC 8881 section 13.3), the device, flags, first stripe index, pattern offset and
  handle list; for the flexible file layout (RFC 8435 section 5.1), its mirrors,
  each data server's device, efficiency, stateid and handles; the addresses of its
  devices from GETDEVICEINFO;
- its story (``members``, in message order): GETDEVICEINFO of its devices, the
  READ, WRITE and COMMIT calls sent to its data servers (NFSv4.x COMPOUNDs and,
  for flexible files, NFSv3) with one of its handles, LAYOUTCOMMIT, CB_LAYOUTRECALL
  and LAYOUTRETURN, and the peer-to-peer PROXY_OPEN and CB_PROXY_REVOKE (see
  ``p2p.py``) of its handles, each linked to the data server it names.

Each I/O is placed by the layout's own rules. File layout (RFC 8881 section 13.4):
stripe unit ``su`` = nfl_util & ~0x3F, ``n`` = the device's stripe indices,
stripe unit number ``SUI`` = (file offset - pattern offset) / su, stripe index
``j`` = (SUI + first stripe index) mod n; the data server is the device's
multipath list entry ``stripe_indices[j]``; its handle is the one handle of a
one-handle list, the MDS's handle of the file for an empty list, else the list's
entry of that data server. With dense packing (NFL4_UFLG_DENSE) a data server's
offset is packed (data server offset = SUI / n * su + file offset mod su), so
the file offset is worked back from the data server the I/O went to, and the
handle list is indexed by ``j``. Flexible files (RFC 8435, sparse only): the data
server of a mirror is (offset / stripe unit) mod the mirror's data-server count.
An I/O sent elsewhere than the rules say is marked (``differs``: ``data_server``
or ``fh``).

Which I/O is a data server's: an I/O call whose handle a layout gave, to a server
among that layout's device addresses (any server, while GETDEVICEINFO was not
seen); the layout most recently granted and not yet returned wins. A READ, WRITE
or COMMIT sent to a data server (a GETDEVICEINFO address, or a server whose
EXCHANGE_ID reply said EXCHGID4_FLAG_USE_PNFS_DS) with a handle no layout gave is
never dropped: it is listed in a row of its own per client, data server and
handle, ``state`` ``unlinked``. I/O to a metadata server with its own handles is
not pNFS I/O and is left out: a server that is an MDS too (USE_PNFS_MDS, or it
granted a layout) is a data server only for its layouts' handles.

Memory is bounded: per layout a few numbers, its handles and at most
``MAX_MEMBERS`` story entries, ``MAX_LISTED`` in all (the rest counted in
``left_out``); calls wait for their replies in a window of ``MAX_PENDING``; beyond
``MAX_LAYOUTS`` layouts (and ``MAX_TABLE`` unlinked rows) the oldest rows go. No
tree is kept: every message is decoded transiently and only the values above are
taken from it.

JSON keys of a row: ``layout`` (its number, from 1; null for unlinked I/O),
``call`` and ``reply`` (the LAYOUTGET's message numbers), ``first`` (the row's first
message), ``client``, ``mds``, ``file`` (the name an OPEN or LOOKUP gave the handle),
``fh``, ``type``, ``iomode``, ``offset``, ``length``, ``range``, ``stateid``,
``stripe_unit``; files: ``deviceid``, ``dense``, ``commit_through_mds``,
``first_stripe_index``, ``pattern_offset``, ``fh_list``; flexible files:
``mirrors``, ``flags``; ``devices`` (per device id: ``addresses`` per data server,
``stripe_indices``, ``versions``, ``at``), ``servers`` (I/O count per data server)
and ``servers_at`` (its first I/O), ``reads``, ``writes``, ``commits``,
``bytes_read``, ``bytes_written``, ``state`` (``held``, ``recalled``, ``returned``,
``unlinked``), ``members``, ``left_out``, ``differs``. A member: ``op``, ``call``,
``reply``, ``data_server``, ``version``, ``fh``, ``via`` (which of the layout's
handles), ``offset``, ``count``, ``stripe``, ``file_offset``, ``expected`` (the
data server the rules name), ``status``, ``info``, ``differs``.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from ....bounded import put_newest
from ....decode.fields import Field
from ....messages import Message
from ...cross_views import Column, CrossView, Row
from .compound import op_label, status_label
from .labels import universal_address

NAME = "NFS"
NFS_PROGRAM = 100003
COMPOUND, CB_COMPOUND = 1, 1
V3_READ, V3_WRITE, V3_COMMIT = 6, 7, 21
V3_IO = {V3_READ: "READ", V3_WRITE: "WRITE", V3_COMMIT: "COMMIT"}
IO_OPS = frozenset(("READ", "WRITE", "COMMIT"))
IO_COUNTS = {"READ": "reads", "WRITE": "writes", "COMMIT": "commits"}
NFL4_UFLG_MASK, NFL4_UFLG_DENSE, NFL4_UFLG_COMMIT_THRU_MDS = 0x3F, 0x1, 0x2
EXCHGID4_FLAG_USE_PNFS_MDS, EXCHGID4_FLAG_USE_PNFS_DS = 0x00020000, 0x00040000
TO_EOF = (1 << 64) - 1  # length4 all ones: to the end of the file
MDS_ID, P2P_HANDLE = 8, 36  # bytes: a peer-to-peer handle is the MDS identifier and a 28-byte handle
MAX_LAYOUTS = 1 << 14
MAX_MEMBERS = 1024  # story entries listed per row; the rest are counted
MAX_LISTED = 100_000  # story entries listed in all rows together; the rest are counted
MAX_PENDING = 4096  # calls waiting for their replies
MAX_TABLE = 1 << 16  # devices, file names, data-server roles, registrations, unlinked rows
COUNTS = ("reads", "writes", "commits", "bytes_read", "bytes_written")  # each row's I/O counts


def _int(f: Field | None) -> int | None:
    return f.value if f is not None and isinstance(f.value, int) and not isinstance(f.value, bool) else None


def _text(f: Field | None) -> str | None:
    """A string field's text (``rpc_xdr::string``: its ``value`` child), else None."""
    inner = f.child("value") if f is not None else None
    return inner.value if inner is not None and isinstance(inner.value, str) else None


def _label(f: Field | None) -> str | None:
    return f.label if f is not None and f.value is not None else None


def handle(f: Field | None) -> str | None:
    """A file handle's bytes as hex (``nfs_fh4``/``nfs_fh3``: ``data``; a peer-to-peer
    handle split into its MDS identifier and handle is joined again)."""
    if f is None:
        return None
    data = f.child("data")
    if data is not None:
        return data.value if isinstance(data.value, str) else None
    p2p = f.child("p2p")
    if p2p is not None:
        mds, fh = mds_id(p2p.child("mds_id")), p2p.child("fh")
        if mds is not None and fh is not None and isinstance(fh.value, str):
            return mds + fh.value
    return None


def mds_id(f: Field | None) -> str | None:
    """A peer-to-peer MDS identifier (cb_ident, counter) as its 8 bytes' hex."""
    ident, counter = _int(f.child("cb_ident") if f else None), _int(f.child("counter") if f else None)
    return f"{ident:08x}{counter:08x}" if ident is not None and counter is not None else None


def stateid(f: Field | None) -> tuple[int | None, str | None]:
    """(seqid, other as hex) of a stateid4."""
    if f is None:
        return None, None
    other = f.child("other")
    return _int(f.child("seqid")), other.value if other is not None and isinstance(other.value, str) else None


def netaddrs(f: Field | None) -> list[str]:
    """The TCP addresses of a multipath_list4 (or of any fields holding netaddr4s)."""
    out = []
    for item in f.walk() if f is not None else ():
        netid, addr = _text(item.child("netid")), item.child("addr")
        if netid is not None and netid.startswith("tcp") and addr is not None:
            found = universal_address(_text(addr))
            if found is not None:
                out.append(str(found))
    return out


def span(offset: int | None, length: int | None) -> str | None:
    """'0+EOF', '4096+512': a range as the table shows it."""
    if offset is None or length is None:
        return None
    return f"{offset}+EOF" if length == TO_EOF else f"{offset}+{length}"


@dataclass
class Device:
    """What GETDEVICEINFO said of one device."""

    layout_type: str | None
    servers: list[list[str]]  # per data server (multipath list entry), its addresses
    stripe_indices: list[int]  # file layout
    versions: list[str]  # flexible files: the NFS versions the data server speaks ("4.1", "3")
    at: int  # the GETDEVICEINFO reply

    def addresses(self) -> set[str]:
        return {a for addrs in self.servers for a in addrs}

    def json(self) -> dict[str, Any]:
        return {"addresses": self.servers, "stripe_indices": self.stripe_indices, "versions": self.versions, "at": self.at}


@dataclass
class FlexServer:
    """One data server of a flexible-file mirror (ff_data_server4)."""

    deviceid: str
    efficiency: int | None
    stateid: str | None
    fhs: list[str]
    user: str | None
    group: str | None

    def json(self) -> dict[str, Any]:
        return {
            "deviceid": self.deviceid,
            "efficiency": self.efficiency,
            "stateid": self.stateid,
            "fh": self.fhs,
            "user": self.user,
            "group": self.group,
        }


@dataclass(kw_only=True)
class Story:
    """What a row gathers: its story entries (the first ``MAX_MEMBERS`` listed, while
    the view has listed fewer than ``MAX_LISTED``; the rest counted in ``left_out``)
    and its I/O counts."""

    members: list[Row] = field(default_factory=list)
    left_out: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))

    def add(self, member: Row, room: bool = True) -> bool:
        """List ``member`` if this row and (``room``) the view have room, else count
        it; whether it was listed."""
        if room and len(self.members) < MAX_MEMBERS:
            self.members.append(member)
            return True
        self.left_out += 1
        return False


@dataclass
class Layout(Story):
    """One layout segment and its story."""

    number: int
    call: int
    reply: int
    client: str
    mds: str
    fh: str | None  # the file's handle on the MDS
    layout_type: str | None
    iomode: str | None
    offset: int | None
    length: int | None
    stateid_seq: int | None
    stateid_other: str | None
    return_on_close: bool | None
    stripe_unit: int | None = None
    # file layout
    deviceid: str | None = None
    util: int | None = None
    first_stripe_index: int | None = None
    pattern_offset: int | None = None
    fh_list: list[str] = field(default_factory=list)
    # flexible files
    mirrors: list[list[FlexServer]] = field(default_factory=list)
    flags: int | None = None
    # what happened
    state: str = "held"
    servers: dict[str, int] = field(default_factory=dict)
    servers_at: dict[str, int] = field(default_factory=dict)

    @property
    def flexible(self) -> bool:
        return bool(self.mirrors) or self.layout_type == "FLEX_FILES"

    def device_ids(self) -> list[str]:
        if self.deviceid is not None:
            return [self.deviceid]
        return list(dict.fromkeys(s.deviceid for mirror in self.mirrors for s in mirror))

    def handles(self) -> list[str]:
        """The handles I/O under this layout may carry."""
        if self.flexible:
            return [fh for mirror in self.mirrors for s in mirror for fh in s.fhs]
        if self.fh_list:
            return list(self.fh_list)
        return [self.fh] if self.fh is not None else []  # an empty list: the MDS's own handle (RFC 8881 13.3)

    def via(self, fh: str | None) -> str | None:
        """Which of the layout's handles ``fh`` is: 'fh_list[1]', 'mirrors[0][1]', or
        'MDS handle' (the file's own, an empty handle list's); None for another."""
        if fh is None:
            return None
        if fh in self.fh_list:
            return f"fh_list[{self.fh_list.index(fh)}]"
        for m, mirror in enumerate(self.mirrors):
            for k, server in enumerate(mirror):
                if fh in server.fhs:
                    return f"mirrors[{m}][{k}]"
        return "MDS handle" if fh == self.fh else None


@dataclass
class Unlinked(Story):
    """I/O to a data server with a handle no layout gave."""

    first: int
    client: str
    server: str
    fh: str | None


Owner = Layout | Unlinked
# the current filehandle while walking a COMPOUND: its hex, the position of the GETFH
# whose result holds it (known once the reply is read), or None (not known)
Handle = str | int | None


@dataclass
class Step:
    """One operation of a call whose reply completes a story entry."""

    pos: int | None  # its place in the COMPOUND (None: an NFSv3 call)
    member: Row
    owners: list[Owner]
    deviceid: str | None = None  # GETDEVICEINFO's


@dataclass
class Pending:
    """A call waiting for its reply: what the reply completes."""

    steps: list[Step] = field(default_factory=list)
    layoutgets: list[tuple[int, Handle]] = field(default_factory=list)  # (position, the file's handle)
    names: list[tuple[int, str]] = field(default_factory=list)  # (GETFH position, the name it is the handle of)
    exchange_id: bool = False

    def __bool__(self) -> bool:
        return bool(self.steps or self.layoutgets or self.names or self.exchange_id)


class Results:
    """A COMPOUND reply's results, by the position of their operation."""

    def __init__(self, results: Field | None) -> None:
        self.items = _items(results, "resarray")
        status = results.child("status") if results is not None else None
        self.overall = status_label(status) if status is not None and status.value is not None else None

    def item(self, pos: int | None) -> Field | None:
        return self.items[pos] if pos is not None and 0 <= pos < len(self.items) else None

    def resok(self, pos: int | None) -> Field | None:
        item = self.item(pos)
        return item.child("resok") if item is not None else None

    def status(self, pos: int | None) -> str | None:
        """The operation's status; for one the server did not reach, the COMPOUND's
        (the status of the operation that stopped it)."""
        item = self.item(pos)
        status = item.child("status") if item is not None else None
        return status_label(status) if status is not None and status.value is not None else self.overall

    def handle(self, pos: int) -> str | None:
        """The handle a GETFH at ``pos`` returned."""
        resok = self.resok(pos)
        return handle(resok.child("object")) if resok is not None else None


def _v3_body(top: Field | None) -> Field | None:
    """An NFSv3 procedure's arguments or results (the ``body`` under ``args``/``results``)."""
    return top.child("body") if top is not None else None


def _items(body: Field | None, name: str) -> list[Field]:
    array = body.child(name) if body is not None else None
    return array.children if array is not None else []


def _covers(offset: int | None, length: int | None, lay: Layout) -> bool:
    """Whether the range (offset, length) covers the layout's whole range."""
    if offset is None or length is None or lay.offset is None or lay.length is None:
        return True
    end = TO_EOF if length == TO_EOF else offset + length
    lay_end = TO_EOF if lay.length == TO_EOF else lay.offset + lay.length
    return offset <= lay.offset and end >= lay_end


class LayoutCollector:
    """Layouts, devices and the I/O linked to them (see the module docstring)."""

    def __init__(self) -> None:
        self.layouts: OrderedDict[int, Layout] = OrderedDict()  # number -> layout
        self.numbered = 0
        self.by_handle: dict[str, list[int]] = {}  # a handle a layout gave -> layout numbers
        self.devices: OrderedDict[str, Device] = OrderedDict()
        self.names: OrderedDict[str, str] = OrderedDict()  # handle -> file name
        self.roles: OrderedDict[str, int] = OrderedDict()  # server -> its EXCHANGE_ID reply's flags
        self.registered: OrderedDict[str, tuple[str | None, int]] = OrderedDict()  # MDS id -> (data server, REGISTER_DS)
        # a PROXY_OPEN's stateid ("other") -> (data server, PROXY_OPEN call, its owner)
        self.proxies: OrderedDict[str, tuple[str | None, int, Owner | None]] = OrderedDict()
        self.unlinked: OrderedDict[tuple[str, str, str | None], Unlinked] = OrderedDict()
        self.pending: OrderedDict[int, Pending] = OrderedDict()
        self.listed = 0  # story entries listed in all rows

    # -- feeding ---------------------------------------------------------------

    def add(self, message: Message) -> None:
        protocol = message.conversation.protocol
        if protocol is None or protocol.name != NAME:
            return
        params = message.params
        prog, vers, proc = params.get("prog"), params.get("vers"), params.get("proc")
        if message.kind == "call":
            if prog == NFS_PROGRAM and vers == 4 and proc == COMPOUND:
                self._wait(message, self._compound_call(message))
            elif prog == NFS_PROGRAM and vers == 3 and proc in V3_IO:
                self._wait(message, self._v3_call(message, V3_IO[proc]))
            elif prog != NFS_PROGRAM and proc == CB_COMPOUND:
                self._wait(message, self._callback(message))
        elif message.kind == "reply" and message.pair is not None:
            pending = self.pending.pop(message.pair.index, None)
            if pending is not None:
                self._reply(message, message.pair, pending)

    def _list(self, owner: Owner, member: Row) -> None:
        if owner.add(member, self.listed < MAX_LISTED):
            self.listed += 1

    def _wait(self, call: Message, pending: Pending) -> None:
        if pending:
            self.pending[call.index] = pending
            while len(self.pending) > MAX_PENDING:
                self.pending.popitem(last=False)

    def _compound_call(self, call: Message) -> Pending:
        args = call.decode_transient().top("args")
        version = f"4.{_int(args.child('minorversion')) if args else 0}"
        pending = Pending()
        current: Handle = None
        saved: Handle = None
        name: str | None = None  # the entry the current handle was reached by
        for pos, item in enumerate(_items(args, "argarray")):
            op, opargs = op_label(item), item.child("opargs")
            if op == "PUTFH":
                current, name = handle(opargs.child("object") if opargs else None), None
            elif op in ("PUTROOTFH", "PUTPUBFH", "LOOKUPP"):
                current, name = None, None
            elif op == "LOOKUP":
                current, name = None, _text(opargs.child("objname") if opargs else None)
            elif op == "OPEN":
                claim = opargs.child("claim") if opargs else None
                current, name = None, _text(claim.child("file") if claim else None) or name
            elif op == "GETFH":
                if current is None and name is not None:
                    pending.names.append((pos, name))
                current = pos if current is None else current
            elif op == "SAVEFH":
                saved = current
            elif op == "RESTOREFH":
                current = saved
            elif op == "EXCHANGE_ID":
                pending.exchange_id = True
            elif op == "LAYOUTGET":
                pending.layoutgets.append((pos, current))
            elif opargs is not None:
                fh = current if isinstance(current, str) else None
                self._operation(call, pos, op, opargs, fh, version, pending)
        return pending

    def _operation(self, call: Message, pos: int, op: str, opargs: Field, fh: str | None, version: str, pending: Pending) -> None:
        """The operations of a COMPOUND call that join a layout's story."""
        conv = call.conversation
        if op in IO_OPS:
            step = self._io(call, pos, op, opargs, fh, version)
            if step is not None:
                pending.steps.append(step)
        elif op == "GETDEVICEINFO":
            device = opargs.child("deviceid")
            if device is not None and isinstance(device.value, str):
                told: list[Owner] = [
                    lay for lay in self.layouts.values() if lay.state != "returned" and device.value in lay.device_ids()
                ]
                member = _member("GETDEVICEINFO", call.index, str(conv.server), info=device.value)
                for lay in told:
                    self._list(lay, member)
                pending.steps.append(Step(pos, member, told, device.value))
        elif op in ("LAYOUTCOMMIT", "LAYOUTRETURN"):
            pending.steps.append(self._layout_op(call, pos, op, opargs, fh))
        elif op == "REGISTER_DS":
            ident = mds_id(opargs.child("mds_id"))
            if ident is not None:
                found = netaddrs(opargs.child("netaddr"))
                put_newest(self.registered, ident, (found[0] if found else None, call.index), MAX_TABLE)
        elif op == "PROXY_OPEN":
            pending.steps.append(self._proxy_open(call, pos, handle(opargs.child("p2p_fh"))))

    def _v3_call(self, call: Message, op: str) -> Pending:
        args = _v3_body(call.decode_transient().top("args"))
        step = self._io(call, None, op, args, handle(args.child("file")), "3") if args is not None else None
        return Pending(steps=[step] if step is not None else [])

    def _callback(self, call: Message) -> Pending:
        args = call.decode_transient().top("args")
        pending = Pending()
        if args is None or args.show != "CB_COMPOUND":
            return pending
        conv = call.conversation
        client, mds = conv.client.addr, str(conv.server)
        for pos, item in enumerate(_items(args, "argarray")):
            op, opargs = op_label(item), item.child("opargs")
            if op == "CB_LAYOUTRECALL" and opargs is not None:
                recall = opargs.child("recall")
                kind = _label(recall.child("recalltype") if recall else None)
                offset = _int(recall.child("offset")) if recall else None
                length = _int(recall.child("length")) if recall else None
                iomode = _label(opargs.child("iomode"))
                info = " ".join(t for t in (kind, _label(opargs.child("layout_type")), iomode, span(offset, length)) if t)
                member = _member(op, call.index, mds, info=info)
                _, other = stateid(recall.child("stateid") if recall else None)
                fh = handle(recall.child("fh")) if recall else None
                owners: list[Owner] = []
                for lay in self._layouts_of(client, mds, fh, other, kind, iomode):
                    self._list(lay, member)
                    lay.state = "recalled" if lay.state == "held" else lay.state
                    owners.append(lay)
                pending.steps.append(Step(pos, member, owners))
            elif op == "CB_PROXY_REVOKE" and opargs is not None:
                _, other = stateid(opargs.child("stateid"))
                server, opened, owner = self.proxies.get(other or "", (None, None, None))
                fh = handle(opargs.child("fh"))
                info = f"revokes PROXY_OPEN {opened}" if opened is not None else "revokes a PROXY_OPEN not seen"
                member = _member(op, call.index, server, fh=fh, info=info)
                pending.steps.append(Step(pos, member, [self._own(member, owner, server, client, fh, call.index)]))
        return pending

    # -- I/O -------------------------------------------------------------------

    def _io(self, call: Message, pos: int | None, op: str, opargs: Field, fh: str | None, version: str) -> Step | None:
        """A READ, WRITE or COMMIT: under the layout it belongs to, or unlinked when
        sent to a data server with a handle no layout gave; None for I/O to a server
        that is no data server (not pNFS)."""
        conv = call.conversation
        server = str(conv.server)
        offset, count = _int(opargs.child("offset")), _int(opargs.child("count"))
        data = opargs.child("data")
        if op == "WRITE" and version != "3" and data is not None:
            count = _int(data.child("length"))
        member = _member(op, call.index, server, version=version, fh=fh, offset=offset, count=count)
        lay = self._find(server, fh, op)
        owner: Owner
        if lay is not None:
            owner = lay
            self._place(lay, member, server, fh, offset, op)
            lay.servers[server] = lay.servers.get(server, 0) + 1
            lay.servers_at.setdefault(server, call.index)
            self._list(lay, member)
        elif self._is_data_server(server):
            owner = self._unlinked(conv.client.addr, server, fh, call.index)
            member["via"] = short(fh or "")
            self._list(owner, member)
        else:
            return None
        owner.counts[IO_COUNTS[op]] += 1
        if op == "WRITE" and count is not None:
            owner.counts["bytes_written"] += count
        return Step(pos, member, [owner])

    def _find(self, server: str, fh: str | None, op: str) -> Layout | None:
        """The layout an I/O is done under: the most recent that gave ``fh`` and whose
        devices include ``server`` (any server but its MDS while its devices are not
        known), preferring one not returned whose iomode allows the operation."""
        best: Layout | None = None
        for number in reversed(self.by_handle.get(fh or "", [])):
            lay = self.layouts.get(number)
            if lay is None:
                continue
            known = self._addresses(lay)
            if (known and server not in known) or (not known and server == lay.mds):
                continue
            if lay.state != "returned" and (op == "READ" or lay.iomode != "LO_READ"):
                return lay
            best = best or lay
        return best

    def _addresses(self, lay: Layout) -> set[str]:
        found: set[str] = set()
        for deviceid in lay.device_ids():
            device = self.devices.get(deviceid)
            if device is not None:
                found |= device.addresses()
        return found

    def _is_data_server(self, server: str) -> bool:
        """A server a GETDEVICEINFO named, or whose EXCHANGE_ID reply said it is one
        -- unless it is a metadata server too (said so, or granted a layout): then I/O
        with handles no layout gave is its own, not pNFS (servers that offer no layouts
        answer EXCHANGE_ID with both flags)."""
        flags = self.roles.get(server, 0)
        if flags & EXCHGID4_FLAG_USE_PNFS_MDS:
            return False
        if flags & EXCHGID4_FLAG_USE_PNFS_DS:
            return True
        return any(server in device.addresses() for device in self.devices.values())

    def _unlinked(self, client: str, server: str, fh: str | None, index: int) -> Unlinked:
        key = (client, server, fh)
        row = self.unlinked.get(key)
        if row is None:
            row = self.unlinked[key] = Unlinked(index, client, server, fh)
            while len(self.unlinked) > MAX_TABLE:
                self.unlinked.popitem(last=False)
        return row

    def _place(self, lay: Layout, member: Row, server: str, fh: str | None, offset: int | None, op: str) -> None:
        """Which of the layout's handles the I/O used, its stripe, and whether the
        layout's rules send it where it went."""
        if lay.flexible:
            place_flex(lay, member, server, fh, offset, self.devices)
            return
        member["via"] = lay.via(fh)
        device = self.devices.get(lay.deviceid or "")
        if device is None or offset is None or (op == "COMMIT" and not member["count"]):
            return  # a COMMIT of the whole file (count 0) has no stripe
        placed = files_stripe(lay, device, server, fh, offset)
        if placed is None:
            return
        j, file_offset, servers, expected_fh = placed
        member.update(stripe=j, file_offset=file_offset, expected=servers)
        if servers and server not in servers:
            member["differs"].append("data_server")
        if expected_fh is not None and fh != expected_fh:
            member["differs"].append("via")

    # -- layouts ---------------------------------------------------------------

    def _layout_op(self, call: Message, pos: int, op: str, opargs: Field, fh: str | None) -> Step:
        """LAYOUTCOMMIT or LAYOUTRETURN: joins the story of the layouts it is about."""
        conv = call.conversation
        if op == "LAYOUTCOMMIT":
            _, other = stateid(opargs.child("stateid"))
            kind: str | None = "FILE"
            info = span(_int(opargs.child("offset")), _int(opargs.child("length"))) or ""
            last = opargs.child("last_write_offset")
            if last is not None and _int(last.child("offset")) is not None:
                info += f" last write at {_int(last.child('offset'))}"
            iomode = None
        else:
            body = opargs.child("layoutreturn")
            kind = _label(body.child("returntype") if body else None)
            _, other = stateid(body.child("stateid") if body else None)
            offset, length = (_int(body.child("offset")), _int(body.child("length"))) if body else (None, None)
            iomode = _label(opargs.child("iomode"))
            info = " ".join(t for t in (kind, iomode, span(offset, length)) if t)
        member = _member(op, call.index, str(conv.server), info=info)
        owners: list[Owner] = []
        for lay in self._layouts_of(conv.client.addr, str(conv.server), fh, other, kind, iomode):
            self._list(lay, member)
            owners.append(lay)
        if op == "LAYOUTRETURN":
            member["returns"] = [offset, length] if kind == "FILE" else None
        return Step(pos, member, owners)

    def _layouts_of(
        self, client: str, mds: str, fh: str | None, other: str | None, kind: str | None, iomode: str | None
    ) -> list[Layout]:
        """The layouts a LAYOUTCOMMIT, LAYOUTRETURN or CB_LAYOUTRECALL is about, among
        those the client holds from that MDS (not returned): for a file, the handle's
        with that layout stateid (all of the handle's when the stateid is not one
        seen); for FSID and ALL every one; an iomode other than LO_ANY limits them to
        that iomode."""
        held = [
            lay
            for lay in self.layouts.values()
            if lay.client == client
            and lay.mds == mds
            and lay.state != "returned"
            and (iomode in (None, "LO_ANY") or lay.iomode == iomode)
        ]
        if kind not in (None, "FILE"):
            return held
        of_file = [lay for lay in held if fh is None or lay.fh == fh]
        return [lay for lay in of_file if other is not None and lay.stateid_other == other] or of_file

    def _layoutget(self, call: Message, reply: Message, resok: Field, fh: str | None) -> None:
        """Each layout segment of a LAYOUTGET reply becomes a layout."""
        conv = call.conversation
        seq, other = stateid(resok.child("stateid"))
        return_on_close = _label(resok.child("return_on_close"))
        for segment in _items(resok, "layout"):
            content = segment.child("content")
            body = content.child("body") if content else None
            self.numbered += 1
            lay = Layout(
                number=self.numbered,
                call=call.index,
                reply=reply.index,
                client=conv.client.addr,
                mds=str(conv.server),
                fh=fh,
                layout_type=_label(content.child("layout_type") if content else None),
                iomode=_label(segment.child("iomode")),
                offset=_int(segment.child("offset")),
                length=_int(segment.child("length")),
                stateid_seq=seq,
                stateid_other=other,
                return_on_close=return_on_close == "TRUE" if return_on_close else None,
            )
            if body is not None and body.child("nfl_util") is not None:
                device = body.child("deviceid")
                lay.deviceid = device.value if device is not None and isinstance(device.value, str) else None
                lay.util = _int(body.child("nfl_util"))
                lay.stripe_unit = lay.util & ~NFL4_UFLG_MASK if lay.util is not None else None
                lay.first_stripe_index = _int(body.child("first_stripe_index"))
                lay.pattern_offset = _int(body.child("pattern_offset"))
                lay.fh_list = [h for item in _items(body, "fh_list") if (h := handle(item)) is not None]
            elif body is not None and body.child("mirrors") is not None:
                lay.stripe_unit = _int(body.child("stripe_unit"))
                lay.flags = _int(body.child("flags"))
                lay.mirrors = [[flex_server(ds) for ds in _items(mirror, "data_servers")] for mirror in _items(body, "mirrors")]
            self._keep(lay)

    def _keep(self, lay: Layout) -> None:
        self.layouts[lay.number] = lay
        put_newest(self.roles, lay.mds, self.roles.get(lay.mds, 0) | EXCHGID4_FLAG_USE_PNFS_MDS, MAX_TABLE)
        for fh in dict.fromkeys(lay.handles()):
            self.by_handle.setdefault(fh, []).append(lay.number)
        while len(self.layouts) > MAX_LAYOUTS:
            _, old = self.layouts.popitem(last=False)
            for fh in dict.fromkeys(old.handles()):
                numbers = self.by_handle.get(fh, [])
                if old.number in numbers:
                    numbers.remove(old.number)
                if not numbers:
                    self.by_handle.pop(fh, None)

    # -- peer-to-peer ------------------------------------------------------------

    def _proxy_open(self, call: Message, pos: int, p2p: str | None) -> Step:
        """PROXY_OPEN: a peer data server asks the MDS for the real handle behind a
        peer-to-peer handle (MDS identifier + handle); it names the data server
        that REGISTER_DS registered under that identifier."""
        split = p2p is not None and len(p2p) == 2 * P2P_HANDLE
        registered = self.registered.get(p2p[: 2 * MDS_ID]) if split and p2p else None
        server = registered[0] if registered else None
        info = f"MDS id {p2p[:8]}/{int(p2p[8:16], 16)}" if split and p2p else "not a peer-to-peer handle"
        if registered is not None:
            info += f", registered by REGISTER_DS {registered[1]}"
        member = _member("PROXY_OPEN", call.index, server, fh=p2p, info=info)
        return Step(pos, member, [self._own(member, None, server, call.conversation.client.addr, p2p, call.index)])

    def _own(self, member: Row, owner: Owner | None, server: str | None, client: str, fh: str | None, index: int) -> Owner:
        """Give a peer-to-peer operation to ``owner``, else to the layout that gave its
        handle, else to an unlinked row of its data server and handle."""
        if owner is None:
            for number in reversed(self.by_handle.get(fh or "", [])):
                owner = self.layouts.get(number)
                if owner is not None:
                    break
        if owner is None:
            owner = self._unlinked(client, server or "?", fh, index)
        member["via"] = owner.via(fh) if isinstance(owner, Layout) else short(fh or "")
        self._list(owner, member)
        return owner

    # -- replies ---------------------------------------------------------------

    def _reply(self, reply: Message, call: Message, pending: Pending) -> None:
        results = reply.decode_transient().top("results")
        if call.params.get("vers") == 3:
            body = _v3_body(results)
            status = _label(body.child("status") if body is not None else None)
            for step in pending.steps:
                self._done(step, reply.index, status, body)
            return
        done = Results(results)
        if pending.exchange_id:
            for item in done.items:
                ok = item.child("resok")
                flags = _int(ok.child("flags")) if op_label(item) == "EXCHANGE_ID" and ok is not None else None
                if flags is not None:
                    server = str(call.conversation.server)
                    put_newest(self.roles, server, flags | (self.roles.get(server, 0) & EXCHGID4_FLAG_USE_PNFS_MDS), MAX_TABLE)
        for pos, name in pending.names:
            fh = done.handle(pos)
            if fh is not None:
                put_newest(self.names, fh, name, MAX_TABLE)
        for pos, where in pending.layoutgets:
            resok = done.resok(pos)
            if resok is not None:
                self._layoutget(call, reply, resok, done.handle(where) if isinstance(where, int) else where)
        for step in pending.steps:
            self._done(step, reply.index, done.status(step.pos), done.resok(step.pos))

    def _done(self, step: Step, index: int, status: str | None, resok: Field | None) -> None:
        """What a reply adds to a story entry: the reply, the status, and per operation
        the bytes read, the device's addresses, a new size, a proxy stateid."""
        member = step.member
        member.update(reply=index, status=status)
        op = member["op"]
        if resok is None:
            return
        if op == "READ":
            data = resok.child("data")
            length = _int(data.child("length")) if data is not None else None
            for owner in step.owners:
                owner.counts["bytes_read"] += length or 0
            if _label(resok.child("eof")) == "TRUE":
                member["info"] = "eof"
        elif op == "GETDEVICEINFO" and step.deviceid is not None:
            device = read_device(resok, index)
            put_newest(self.devices, step.deviceid, device, MAX_TABLE)
            member["info"] = f"{short(step.deviceid)}: " + " ".join(a for addrs in device.servers for a in addrs)
        elif op == "LAYOUTCOMMIT":
            size = resok.child("newsize")
            if size is not None and _int(size.child("size")) is not None:
                member["info"] += f", new size {_int(size.child('size'))}"
        elif op == "LAYOUTRETURN" and status == "NFS4_OK":
            returned = member.pop("returns", None)
            for owner in step.owners:
                if isinstance(owner, Layout) and (returned is None or _covers(returned[0], returned[1], owner)):
                    owner.state = "returned"
        elif op == "PROXY_OPEN":
            _, other = stateid(resok.child("stateid"))
            real = handle(resok.child("fh"))
            if other is not None:
                put_newest(
                    self.proxies,
                    other,
                    (member["data_server"], member["call"], step.owners[0] if step.owners else None),
                    MAX_TABLE,
                )
            if real is not None:
                member["info"] += f"; real handle {short(real)}"

    # -- rows ------------------------------------------------------------------

    def rows(self) -> list[Row]:
        rows = [self._layout_row(lay) for lay in self.layouts.values()]
        rows += [unlinked_row(u) for u in self.unlinked.values()]
        return sorted(rows, key=lambda r: int(r["first"]))

    def _layout_row(self, lay: Layout) -> Row:
        row: Row = {
            "layout": lay.number,
            "call": lay.call,
            "reply": lay.reply,
            "first": lay.call,
            "client": lay.client,
            "mds": lay.mds,
            "file": self.names.get(lay.fh or ""),
            "fh": lay.fh,
            "type": lay.layout_type,
            "iomode": lay.iomode,
            "offset": lay.offset,
            "length": lay.length,
            "range": span(lay.offset, lay.length),
            "stateid": f"{lay.stateid_seq}:{lay.stateid_other}" if lay.stateid_other is not None else None,
            "return_on_close": lay.return_on_close,
            "stripe_unit": lay.stripe_unit,
        }
        if lay.flexible:
            row.update(mirrors=[[s.json() for s in mirror] for mirror in lay.mirrors], flags=lay.flags)
        else:
            util = lay.util
            row.update(
                deviceid=lay.deviceid,
                dense=bool(util & NFL4_UFLG_DENSE) if util is not None else None,
                commit_through_mds=bool(util & NFL4_UFLG_COMMIT_THRU_MDS) if util is not None else None,
                first_stripe_index=lay.first_stripe_index,
                pattern_offset=lay.pattern_offset,
                fh_list=lay.fh_list,
            )
        row["devices"] = {d: self.devices[d].json() for d in lay.device_ids() if d in self.devices}
        row.update(servers=dict(lay.servers), servers_at=dict(lay.servers_at), **lay.counts)
        row.update(state=lay.state, members=lay.members, left_out=lay.left_out, differs=[])
        return row


def _member(op: str, call: int, server: str | None, **values: Any) -> Row:
    """A story entry; every entry has the same keys, null when they say nothing."""
    member: Row = dict.fromkeys(MEMBER_KEYS)
    member.update(op=op, call=call, data_server=server, differs=[], **values)
    return member


MEMBER_KEYS = (
    "op",
    "call",
    "reply",
    "data_server",
    "version",
    "fh",
    "via",
    "offset",
    "count",
    "stripe",
    "file_offset",
    "expected",
    "status",
    "info",
    "differs",
)


def short(hex_text: str) -> str:
    """A handle or device id in a few characters: its first 4 bytes and last 2."""
    return hex_text if len(hex_text) <= 16 else f"{hex_text[:8]}…{hex_text[-4:]}"


def unlinked_row(u: Unlinked) -> Row:
    """I/O to a data server with a handle no layout gave: the layout's keys, null."""
    io = [m for m in u.members if m["op"] in IO_OPS]
    row: Row = dict.fromkeys(ROW_KEYS)
    row.update(
        first=u.first,
        client=u.client,
        fh=u.fh,
        devices={},
        servers={u.server: len(io)} if io else {},
        servers_at={u.server: io[0]["call"]} if io else {},
        **u.counts,
        state="unlinked",
        members=u.members,
        left_out=u.left_out,
        differs=[],
    )
    return row


ROW_KEYS = (
    "layout",
    "call",
    "reply",
    "first",
    "client",
    "mds",
    "file",
    "fh",
    "type",
    "iomode",
    "offset",
    "length",
    "range",
    "stateid",
    "return_on_close",
    "stripe_unit",
)


def flex_server(f: Field) -> FlexServer:
    device = f.child("deviceid")
    seq, other = stateid(f.child("stateid"))
    return FlexServer(
        device.value if device is not None and isinstance(device.value, str) else "",
        _int(f.child("efficiency")),
        f"{seq}:{other}" if other is not None else None,
        [h for item in _items(f, "fh_vers") if (h := handle(item)) is not None],
        _text(f.child("user")),
        _text(f.child("group")),
    )


def read_device(resok: Field, at: int) -> Device:
    """A GETDEVICEINFO result's device: a file layout's stripe indices and data
    servers, a flexible-file device's addresses and NFS versions."""
    addr = resok.child("device_addr")
    body = addr.child("addr_body") if addr is not None else None
    kind = _label(addr.child("layout_type") if addr else None)
    if body is None:
        return Device(kind, [], [], [], at)
    if body.child("multipath_ds_list") is not None:
        indices = [v for item in _items(body, "stripe_indices") if (v := _int(item)) is not None]
        return Device(kind, [netaddrs(ds) for ds in _items(body, "multipath_ds_list")], indices, [], at)
    versions = []
    for spoken in _items(body, "versions"):
        major, minor = _int(spoken.child("version")), _int(spoken.child("minorversion"))
        versions.append(f"{major}.{minor}" if major is not None and major >= 4 else str(major))
    return Device(kind, [netaddrs(body.child("netaddrs"))], [], versions, at)


def files_stripe(
    lay: Layout, device: Device, server: str, fh: str | None, ds_offset: int
) -> tuple[int, int, list[str], str | None] | None:
    """RFC 8881 section 13.4 for an I/O at ``ds_offset`` on ``server``: (stripe
    index j, file offset, the addresses of the data server the rules name, the
    handle they name or None when they name none); None when the layout or the
    device does not say enough."""
    su, n = lay.stripe_unit or 0, len(device.stripe_indices)
    first, pattern = lay.first_stripe_index or 0, lay.pattern_offset or 0
    if su <= 0 or n == 0:
        return None
    dense = bool((lay.util or 0) & NFL4_UFLG_DENSE)
    if not dense:
        if ds_offset < pattern:
            return None
        file_offset = ds_offset
        j = ((ds_offset - pattern) // su + first) % n
    else:
        # a packed offset: its stripe index is the data server's place (its handle's, or its address's)
        if len(lay.fh_list) == n and fh in lay.fh_list:
            j = lay.fh_list.index(fh)
        else:
            places = [
                k for k, idx in enumerate(device.stripe_indices) if idx < len(device.servers) and server in device.servers[idx]
            ]
            if len(places) != 1:
                return None
            j = places[0]
        unit = (ds_offset // su) * n + (j - first) % n
        file_offset = pattern + unit * su + ds_offset % su
    idx = device.stripe_indices[j]
    servers = device.servers[idx] if idx < len(device.servers) else []
    expected_fh: str | None
    if dense:
        expected_fh = lay.fh_list[j] if len(lay.fh_list) == n else None
    elif len(lay.fh_list) == 1:
        expected_fh = lay.fh_list[0]
    elif not lay.fh_list:
        expected_fh = lay.fh
    else:
        expected_fh = lay.fh_list[idx] if idx < len(lay.fh_list) else None
    return j, file_offset, servers, expected_fh


def place_flex(lay: Layout, member: Row, server: str, fh: str | None, offset: int | None, devices: dict[str, Device]) -> None:
    """A flexible-file I/O: the mirror and data server whose handle (and device
    address) it used, and the data server RFC 8435 assigns its offset in that
    mirror (sparse striping: (offset / stripe unit) mod the mirror's width)."""
    for m, mirror in enumerate(lay.mirrors):
        for k, ds in enumerate(mirror):
            device = devices.get(ds.deviceid)
            if fh not in ds.fhs or (device is not None and device.addresses() and server not in device.addresses()):
                continue
            member["via"] = f"mirrors[{m}][{k}]"
            su = lay.stripe_unit or 0
            if offset is not None and su > 0:
                stripe = (offset // su) % len(mirror)
                expected = devices.get(mirror[stripe].deviceid)
                member.update(
                    stripe=stripe, file_offset=offset, expected=expected.servers[0] if expected and expected.servers else None
                )
                if stripe != k:
                    member["differs"].append("data_server")
            return


LAYOUTS = CrossView(
    name="layouts",
    title="pNFS layouts and their data-server I/O",
    key="P",
    help="pNFS layouts: each LAYOUTGET's layout (type, stripe unit, devices, handles, mirrors) with the "
    "GETDEVICEINFO addresses, and the READ/WRITE/COMMIT sent to its data servers under it, stripe by stripe",
    columns=(
        Column("layout", "layout", "right"),
        Column("call", "LAYOUTGET", "right"),
        Column("client", "client"),
        Column("mds", "MDS"),
        Column("file", "file"),
        Column("type", "type"),
        Column("iomode", "iomode"),
        Column("range", "range"),
        Column("stripe_unit", "stripe unit", "right"),
        Column("servers", "data servers", spread=True, opens="servers_at"),
        Column("state", "state"),
    ),
    collector=LayoutCollector,
    member_columns=(
        Column("op", "op"),
        Column("call", "call", "right"),
        Column("reply", "reply", "right"),
        Column("data_server", "data server"),
        Column("via", "handle"),
        Column("offset", "offset", "right"),
        Column("count", "count", "right"),
        Column("stripe", "stripe", "right"),
        Column("status", "status"),
        Column("info", "info"),
    ),
    opens="call",
    member_opens="call",
)
