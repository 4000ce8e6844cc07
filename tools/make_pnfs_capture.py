"""Write a pNFS capture built from RFC 8881 and RFC 8435 layouts: a client, a metadata
server, two data servers and a peer-to-peer data server.

No public capture holds pNFS layouts (the shared captures' server offers none), so
this one is assembled: every ONC RPC record is encoded by hand from the XDR of
RFC 8881 (NFSv4.1: sessions, OPEN, LAYOUTGET, GETDEVICEINFO, LAYOUTCOMMIT,
LAYOUTRETURN, CB_LAYOUTRECALL on the backchannel, the file layout of section 13),
RFC 8435 (the flexible file layout and device address), RFC 1813 (an NFSv3 data
server) and, for the peer-to-peer operations REGISTER_DS, PROXY_OPEN and
CB_PROXY_REVOKE, the provisional layouts of ksy/nfs/nfs_v4.ksy (no public
specification gives them). The TCP framing is tools/make_demos.py's: handshakes,
MSS-sized segments, ACKs, true checksums, connections interleaved by time.

    python tools/make_pnfs_capture.py [OUTDIR]      (default: tests/data/pnfs)

What happens, in order (tests/data/pnfs/README.md lists it with the numbers the
tests check):

1. The client (10.0.0.10) opens a session with the MDS (10.0.0.1:2049; EXCHANGE_ID
   answered with EXCHGID4_FLAG_USE_PNFS_MDS, CREATE_SESSION with a backchannel),
   creates ``striped.bin`` and gets a files layout for it (RW, whole file; device
   FILES, stripe unit 64 KiB, sparse, first stripe index 1, one handle per data
   server), then GETDEVICEINFO: stripe indices [0, 1], data servers DS1 10.0.0.2
   and DS2 10.0.0.3.
2. Sessions with both data servers (EXCHANGE_ID answered USE_PNFS_DS), four 512-byte
   WRITEs at file offsets 0, 64 KiB, 128 KiB and 192 KiB -- by RFC 8881 13.4 stripe
   units 0-3, stripe indices 1, 0, 1, 0: DS2, DS1, DS2, DS1, each with that server's
   handle -- then one WRITE the rules would not send where it goes (offset 132096:
   stripe unit 2, stripe index 1, DS2's; sent to DS1 with DS1's handle), a COMMIT to
   each, a READ at 65636 from DS1.
3. LAYOUTCOMMIT to the MDS (new size 197120), LAYOUTRETURN.
4. ``mirrored.bin``: a flexible file layout, two mirrors of one data server each
   (device FF-A on DS1, NFSv4.1; device FF-B on DS2, NFSv3), GETDEVICEINFO of both;
   a WRITE of 1000 bytes to each mirror (NFSv4.1 to DS1, NFSv3 to DS2), a READ
   from mirror 0; the MDS recalls the layout (CB_LAYOUTRECALL on the backchannel)
   and the client returns it.
5. A READ to DS2 with a handle no layout gave (answered NFS4ERR_BADHANDLE).
6. Peer-to-peer: a second client, P (10.0.0.20), registers as a data server
   (REGISTER_DS, MDS identifier 0x00000042/1); the client gets a files layout for
   ``p2p.bin`` whose one handle is that identifier followed by the MDS's 28-byte
   handle, learns P's address from GETDEVICEINFO and WRITEs to P; P asks the MDS
   for the real handle (PROXY_OPEN), and the MDS later revokes it
   (CB_PROXY_REVOKE on P's backchannel).
"""

from __future__ import annotations

import calendar
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tools" / "captures"))

from make_demos import Connection, write_pcap, write_tcpdump_x  # noqa: E402
from oncrpc import Packer, auth_sys  # noqa: E402

START = calendar.timegm((2024, 5, 14, 9, 30, 0, 0, 0, 0))
NFS, NFS_CB = 100003, 0x40000000
ALL = (1 << 64) - 1  # length4 "to the end of the file"

# operation numbers (RFC 8881 section 16.2.1 / 20; the peer-to-peer ones provisional)
OP_CLOSE, OP_COMMIT, OP_GETFH, OP_OPEN, OP_PUTFH, OP_PUTROOTFH, OP_READ, OP_WRITE = 4, 5, 10, 18, 22, 24, 25, 38
OP_EXCHANGE_ID, OP_CREATE_SESSION, OP_GETDEVICEINFO, OP_LAYOUTCOMMIT = 42, 43, 47, 49
OP_LAYOUTGET, OP_LAYOUTRETURN, OP_SEQUENCE = 50, 51, 53
OP_REGISTER_DS, OP_PROXY_OPEN = 76, 78
OP_CB_LAYOUTRECALL, OP_CB_SEQUENCE, OP_CB_PROXY_REVOKE = 5, 11, 16
NFS4_OK, NFS4ERR_BADHANDLE = 0, 10001
FILES, FLEX_FILES = 1, 4  # layouttype4
LAYOUTIOMODE4_READ, LAYOUTIOMODE4_RW, LAYOUTIOMODE4_ANY = 1, 2, 3
USE_NON_PNFS, USE_PNFS_MDS, USE_PNFS_DS = 0x00010000, 0x00020000, 0x00040000
UNSTABLE4, FILE_SYNC4 = 0, 2

CLIENT, MDS_HOST, DS1_HOST, DS2_HOST, PEER = "10.0.0.10", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.20"
MDS, DS1, DS2, PEER_DS = (MDS_HOST, 2049), (DS1_HOST, 2049), (DS2_HOST, 2049), (PEER, 2049)

# identifiers, chosen to be told apart in a hex dump
CLIENTID, PEER_CLIENTID = 0x5E1EC7ED00000001, 0x5E1EC7ED00000002
MDS_SESSION = bytes.fromhex("6d647373657373696f6e000000000001")
PEER_SESSION = bytes.fromhex("6d647373657373696f6e000000000002")
DS1_SESSION = bytes.fromhex("64733173657373696f6e000000000001")
DS2_SESSION = bytes.fromhex("64733273657373696f6e000000000001")
PEER_DS_SESSION = bytes.fromhex("70656572647373657373696f6e000001")
FH_A = bytes.fromhex("4d44530100000000000000000000a001")  # striped.bin on the MDS
FH_B = bytes.fromhex("4d44530100000000000000000000b001")  # mirrored.bin
FH_C = bytes.fromhex("4d445301" + "00" * 22 + "c001")  # p2p.bin: 28 bytes (the peer-to-peer split is 8 + 28)
FH_A_DS1 = bytes.fromhex("445331000000000000000000000000a1")  # striped.bin's handle on DS1
FH_A_DS2 = bytes.fromhex("445332000000000000000000000000a2")  # ... on DS2
FH_B_DS1 = bytes.fromhex("445331000000000000000000000000b1")  # mirrored.bin on DS1 (NFSv4.1)
FH_B_DS2 = bytes.fromhex("445332000000000000000000b2")  # ... on DS2 (NFSv3)
FH_STRAY = bytes.fromhex("4453320000000000000000000000dead")  # no layout gave it
DEV_FILES = bytes.fromhex("f11e0000000000000000000000000001")  # device ids told apart by their first bytes
DEV_FF_A = bytes.fromhex("ffa00000000000000000000000000001")
DEV_FF_B = bytes.fromhex("ffb00000000000000000000000000001")
MDS_ID = struct.pack(">II", 0x00000042, 1)  # P's peer-to-peer MDS identifier: cb_ident, counter
DEV_PEER = struct.pack(">Q", PEER_CLIENTID) + bytes(8)  # the peer's clientid as the device id
FH_C_P2P = MDS_ID + FH_C  # 36 bytes: the handle the peer data server gets
STRIPE_UNIT = 65536


def stateid(seqid: int, other: bytes) -> bytes:
    assert len(other) == 12
    return struct.pack(">I", seqid) + other


OPEN_A = stateid(1, b"open-A\0\0\0\0\0\1")
OPEN_B = stateid(1, b"open-B\0\0\0\0\0\1")
OPEN_C = stateid(1, b"open-C\0\0\0\0\0\1")
LAYOUT_A = stateid(1, b"layout-A\0\0\0\1")
LAYOUT_B = stateid(1, b"layout-B\0\0\0\1")
LAYOUT_C = stateid(1, b"layout-C\0\0\0\1")
FF_A_STATEID = stateid(1, b"ff-a-io\0\0\0\0\1")
ANONYMOUS = bytes(16)
INVALID = stateid(0xFFFFFFFF, bytes(12))  # what a 4.1 CLOSE returns (RFC 8881 section 18.2.4)
PROXY_STATEID = stateid(1, b"proxy-open\0\1")
VERF = b"wverf001"


# -- XDR pieces --------------------------------------------------------------------


def xdr() -> Packer:
    return Packer()


def fh4(handle: bytes) -> bytes:
    return xdr().opaque(handle).bytes()


def netaddr(host: str, port: int) -> bytes:
    """RFC 5665 universal address: 'h1.h2.h3.h4.p1.p2'."""
    return xdr().string("tcp").string(f"{host}.{port >> 8}.{port & 0xFF}").bytes()


def channel_attrs(maxreq: int, maxresp: int, cached: int, ops: int, reqs: int) -> bytes:
    return xdr().u32(0).u32(maxreq).u32(maxresp).u32(cached).u32(ops).u32(reqs).u32(0).bytes()


# -- operations: arguments ---------------------------------------------------------


def op(number: int, body: bytes = b"") -> bytes:
    return struct.pack(">I", number) + body


def sequence(session: bytes, seq: int) -> bytes:
    return op(OP_SEQUENCE, session + struct.pack(">IIII", seq, 0, 0, 0))


def exchange_id(owner: str) -> bytes:
    return op(OP_EXCHANGE_ID, xdr().raw(b"verifier").string(owner).u32(0).u32(0).u32(0).bytes())


def create_session(clientid: int, back_channel: bool) -> bytes:
    p = xdr().u64(clientid).u32(1).u32(0x2 if back_channel else 0)
    p.raw(channel_attrs(1049620, 1049480, 3428, 8, 64)).raw(channel_attrs(4096, 4096, 0, 2, 1))
    return op(OP_CREATE_SESSION, p.u32(NFS_CB).u32(1).u32(0).bytes())  # one cb_sec_parms: AUTH_NONE


def putfh(handle: bytes) -> bytes:
    return op(OP_PUTFH, fh4(handle))


def open_create(clientid: int, name: str) -> bytes:
    p = xdr().u32(0).u32(3).u32(0)  # seqid, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE
    p.u64(clientid).opaque(b"open-owner-1")
    p.u32(1).u32(0).u32(2).u32(0).u32(1 << (33 - 32)).u32(4).u32(0o644)  # OPEN4_CREATE, UNCHECKED4, fattr4: mode 0644
    return op(OP_OPEN, p.u32(0).string(name).bytes())  # CLAIM_NULL


def layoutget(layout_type: int, iomode: int, open_stateid: bytes) -> bytes:
    p = xdr().u32(0).u32(layout_type).u32(iomode).u64(0).u64(ALL).u64(0).raw(open_stateid).u32(4096)
    return op(OP_LAYOUTGET, p.bytes())


def getdeviceinfo(device: bytes, layout_type: int) -> bytes:
    return op(OP_GETDEVICEINFO, xdr().raw(device).u32(layout_type).u32(4096).u32(0).bytes())


def read4(sid: bytes, offset: int, count: int) -> bytes:
    return op(OP_READ, xdr().raw(sid).u64(offset).u32(count).bytes())


def write4(sid: bytes, offset: int, stable: int, data: bytes) -> bytes:
    return op(OP_WRITE, xdr().raw(sid).u64(offset).u32(stable).opaque(data).bytes())


def commit4(offset: int, count: int) -> bytes:
    return op(OP_COMMIT, xdr().u64(offset).u32(count).bytes())


def layoutcommit(length: int, layout: bytes, last_write: int) -> bytes:
    p = xdr().u64(0).u64(length).u32(0).raw(layout).u32(1).u64(last_write).u32(0)
    return op(OP_LAYOUTCOMMIT, p.u32(FILES).u32(0).bytes())  # files layouts commit an empty body


def layoutreturn(layout_type: int, iomode: int, layout: bytes, body: bytes = b"") -> bytes:
    p = xdr().u32(0).u32(layout_type).u32(iomode).u32(1).u64(0).u64(ALL).raw(layout).opaque(body)
    return op(OP_LAYOUTRETURN, p.bytes())  # LAYOUTRETURN4_FILE


def close(sid: bytes) -> bytes:
    return op(OP_CLOSE, xdr().u32(0).raw(sid).bytes())


def register_ds(host: str, port: int) -> bytes:
    return op(OP_REGISTER_DS, xdr().raw(netaddr(host, port)).raw(MDS_ID).raw(ANONYMOUS).u32(1).bytes())


def proxy_open(handle: bytes) -> bytes:
    return op(OP_PROXY_OPEN, fh4(handle))


# -- operations: results -----------------------------------------------------------


def res(number: int, status: int = NFS4_OK, body: bytes = b"") -> bytes:
    return struct.pack(">II", number, status) + body


def sequence_res(session: bytes, seq: int) -> bytes:
    return res(OP_SEQUENCE, body=session + struct.pack(">IIIII", seq, 0, 7, 7, 0))


def exchange_id_res(clientid: int, flags: int) -> bytes:
    p = xdr().u64(clientid).u32(1).u32(flags).u32(0).u64(0).opaque(b"server-major").opaque(b"scope").u32(0)
    return res(OP_EXCHANGE_ID, body=p.bytes())


def create_session_res(session: bytes, back_channel: bool) -> bytes:
    p = xdr().raw(session).u32(1).u32(0x2 if back_channel else 0)
    return res(
        OP_CREATE_SESSION,
        body=p.raw(channel_attrs(1049620, 1049480, 3428, 8, 64)).raw(channel_attrs(4096, 4096, 0, 2, 1)).bytes(),
    )


def open_res(sid: bytes) -> bytes:
    p = xdr().raw(sid).u32(1).u64(0).u64(1).u32(0x4).u32(0).u32(0)  # cinfo, rflags, attrset, OPEN_DELEGATE_NONE
    return res(OP_OPEN, body=p.bytes())


def getfh_res(handle: bytes) -> bytes:
    return res(OP_GETFH, body=fh4(handle))


def file_layout(device: bytes, util: int, first: int, handles: list[bytes]) -> bytes:
    """nfsv4_1_file_layout4 (RFC 8881 section 13.3)."""
    p = xdr().raw(device).u32(util).u32(first).u64(0).u32(len(handles))
    for handle in handles:
        p.opaque(handle)
    return p.bytes()


def ff_layout(stripe_unit: int, mirrors: list[list[tuple[bytes, int, bytes, bytes]]]) -> bytes:
    """ff_layout4 (RFC 8435 section 5.1): mirrors of (deviceid, efficiency, stateid, handle)."""
    p = xdr().u64(stripe_unit).u32(len(mirrors))
    for servers in mirrors:
        p.u32(len(servers))
        for device, efficiency, sid, handle in servers:
            p.raw(device).u32(efficiency).raw(sid).u32(1).opaque(handle).string("1000").string("1000")
    return p.u32(0).u32(0).bytes()  # ffl_flags, ffl_stats_collect_hint


def layoutget_res(layout_sid: bytes, layout_type: int, iomode: int, body: bytes) -> bytes:
    p = xdr().u32(0).raw(layout_sid).u32(1).u64(0).u64(ALL).u32(iomode).u32(layout_type).opaque(body)
    return res(OP_LAYOUTGET, body=p.bytes())


def file_device(servers: list[tuple[str, int]], indices: list[int]) -> bytes:
    """nfsv4_1_file_layout_ds_addr4 (RFC 8881 section 13.3)."""
    p = xdr().u32(len(indices))
    for i in indices:
        p.u32(i)
    p.u32(len(servers))
    for host, port in servers:
        p.u32(1).raw(netaddr(host, port))
    return p.bytes()


def ff_device(host: str, port: int, version: int, minor: int, tightly_coupled: bool) -> bytes:
    """ff_device_addr4 (RFC 8435 section 4.1)."""
    p = xdr().u32(1).raw(netaddr(host, port)).u32(1)
    return p.u32(version).u32(minor).u32(1048576).u32(1048576).boolean(tightly_coupled).bytes()


def getdeviceinfo_res(layout_type: int, body: bytes) -> bytes:
    return res(OP_GETDEVICEINFO, body=xdr().u32(layout_type).opaque(body).u32(0).bytes())


def read_res(data: bytes, eof: bool = False) -> bytes:
    return res(OP_READ, body=xdr().boolean(eof).opaque(data).bytes())


def write_res(count: int, committed: int) -> bytes:
    return res(OP_WRITE, body=xdr().u32(count).u32(committed).raw(VERF).bytes())


# -- RPC records ---------------------------------------------------------------------


class Rpc:
    """xids and RPC headers for one sender (a client, or a server on its backchannel)."""

    def __init__(self, machine: str, first_xid: int) -> None:
        self.cred = auth_sys(machine, stamp=0x664329E8)
        self.xid = first_xid

    def call(self, prog: int, vers: int, proc: int, body: bytes) -> tuple[int, bytes]:
        self.xid += 1
        flavor, cred = self.cred
        head = xdr().u32(self.xid).u32(0).u32(2).u32(prog).u32(vers).u32(proc).u32(flavor).opaque(cred).u32(0).u32(0)
        return self.xid, record(head.bytes() + body)


def record(payload: bytes) -> bytes:
    """One record-marked fragment, the last (RFC 5531 section 11)."""
    return struct.pack(">I", 0x80000000 | len(payload)) + payload


def reply(xid: int, body: bytes) -> bytes:
    return record(xdr().u32(xid).u32(1).u32(0).u32(0).u32(0).u32(0).bytes() + body)  # accepted, AUTH_NONE, SUCCESS


def compound(ops: list[bytes], tag: str = "") -> bytes:
    return xdr().string(tag).u32(1).u32(len(ops)).raw(b"".join(ops)).bytes()


def compound_res(results: list[bytes], status: int = NFS4_OK) -> bytes:
    return xdr().u32(status).string("").u32(len(results)).raw(b"".join(results)).bytes()


def cb_compound(ops: list[bytes]) -> bytes:
    return xdr().string("").u32(1).u32(0).u32(len(ops)).raw(b"".join(ops)).bytes()


def cb_sequence(session: bytes) -> bytes:
    return op(OP_CB_SEQUENCE, session + struct.pack(">IIIII", 1, 0, 0, 0, 0))


def cb_sequence_res(session: bytes) -> bytes:
    return res(OP_CB_SEQUENCE, body=session + struct.pack(">IIII", 1, 0, 0, 0))


class Session:
    """One NFSv4.1 connection: COMPOUNDs from its client, answered in turn, with a
    SEQUENCE numbered per session; the clock moves on by a fixed step per exchange."""

    def __init__(self, net: Net, conn: Connection, rpc: Rpc, session: bytes = b"") -> None:
        self.net, self.conn, self.rpc, self.session, self.seq = net, conn, rpc, session, 0

    def exchange(self, ops: list[bytes], results: list[bytes], status: int = NFS4_OK, sequenced: bool = True) -> None:
        if sequenced:
            self.seq += 1
            ops = [sequence(self.session, self.seq), *ops]
            results = [sequence_res(self.session, self.seq), *results]
        xid, call = self.rpc.call(NFS, 4, 1, compound(ops))
        self.net.send(self.conn, "c", call)
        self.net.send(self.conn, "s", reply(xid, compound_res(results, status)))

    def callback(self, server_rpc: Rpc, ops: list[bytes], results: list[bytes]) -> None:
        """A CB_COMPOUND the server sends on this connection (the 4.1 backchannel)."""
        xid, call = server_rpc.call(NFS_CB, 1, 1, cb_compound([cb_sequence(self.session), *ops]))
        self.net.send(self.conn, "s", call)
        self.net.send(self.conn, "c", reply(xid, compound_res([cb_sequence_res(self.session), *results])))


class Net:
    """Every connection of the capture on one clock."""

    STEP = 0.000250

    def __init__(self) -> None:
        self.clock = START + 0.000100
        self.connections: list[Connection] = []
        self.port = 40870  # clients' ports from 40871 on (below 1024, tshark takes some for other protocols)

    def connect(self, client_host: str, server: tuple[str, int]) -> Connection:
        self.port += 1
        n = len(self.connections)
        conn = Connection((client_host, self.port), server, isn=(0x10000000 * (n + 1), 0x20000000 + 0x01000000 * n))
        self.clock = conn.open(self.clock) + self.STEP
        self.connections.append(conn)
        return conn

    def send(self, conn: Connection, who: str, data: bytes) -> None:
        self.clock = conn.send(who, data, self.clock) + self.STEP

    def frames(self) -> list:
        for conn in self.connections:
            self.clock = conn.close(self.clock) + self.STEP
        return sorted((f for conn in self.connections for f in conn.frames), key=lambda f: f.time)


def nfs_session(
    net: Net, host: str, server: tuple[str, int], rpc: Rpc, clientid: int, session: bytes, flags: int, back: bool
) -> Session:
    s = Session(net, net.connect(host, server), rpc, session)
    s.exchange([exchange_id(f"{host}-owner")], [exchange_id_res(clientid, flags)], sequenced=False)
    s.exchange([create_session(clientid, back)], [create_session_res(session, back)], sequenced=False)
    return s


def nfs3_write(net: Net, conn: Connection, rpc: Rpc, handle: bytes, offset: int, data: bytes) -> None:
    """NFSv3 WRITE (RFC 1813 section 3.3.7), FILE_SYNC, answered without attributes."""
    args = xdr().opaque(handle).u64(offset).u32(len(data)).u32(FILE_SYNC4).opaque(data).bytes()
    xid, call = rpc.call(NFS, 3, 7, args)
    net.send(conn, "c", call)
    net.send(conn, "s", reply(xid, xdr().u32(0).u32(0).u32(0).u32(len(data)).u32(FILE_SYNC4).raw(VERF).bytes()))


def build() -> list:
    net = Net()
    client, peer_client = Rpc("pnfs-client", 0x70000000), Rpc("pnfs-peer", 0x71000000)
    mds_cb = Rpc("pnfs-mds", 0x72000000)

    # 1. session with the MDS; striped.bin and its files layout
    mds = nfs_session(net, CLIENT, MDS, client, CLIENTID, MDS_SESSION, USE_PNFS_MDS, back=True)
    mds.exchange(
        [op(OP_PUTROOTFH), open_create(CLIENTID, "striped.bin"), op(OP_GETFH)],
        [res(OP_PUTROOTFH), open_res(OPEN_A), getfh_res(FH_A)],
    )
    files_body = file_layout(DEV_FILES, STRIPE_UNIT, 1, [FH_A_DS1, FH_A_DS2])
    mds.exchange(
        [putfh(FH_A), layoutget(FILES, LAYOUTIOMODE4_RW, OPEN_A)],
        [res(OP_PUTFH), layoutget_res(LAYOUT_A, FILES, LAYOUTIOMODE4_RW, files_body)],
    )
    mds.exchange([getdeviceinfo(DEV_FILES, FILES)], [getdeviceinfo_res(FILES, file_device([DS1, DS2], [0, 1]))])

    # 2. the data servers: striped WRITEs, COMMITs, a READ
    ds1 = nfs_session(net, CLIENT, DS1, client, CLIENTID, DS1_SESSION, USE_PNFS_DS, back=False)
    ds2 = nfs_session(net, CLIENT, DS2, client, CLIENTID, DS2_SESSION, USE_PNFS_DS, back=False)
    for unit in range(4):  # stripe unit N goes to stripe index (N + 1) % 2: DS2, DS1, DS2, DS1
        ds, handle = ((ds1, FH_A_DS1), (ds2, FH_A_DS2))[(unit + 1) % 2]
        data = bytes([0x41 + unit]) * 512
        write = write4(LAYOUT_A, unit * STRIPE_UNIT, UNSTABLE4, data)
        ds.exchange([putfh(handle), write], [res(OP_PUTFH), write_res(512, UNSTABLE4)])
    # a misdirected WRITE: stripe unit 2 (stripe index 1, DS2) sent to DS1 with DS1's handle
    misdirected = write4(LAYOUT_A, 2 * STRIPE_UNIT + 1024, UNSTABLE4, b"X" * 512)
    ds1.exchange([putfh(FH_A_DS1), misdirected], [res(OP_PUTFH), write_res(512, UNSTABLE4)])
    for ds, handle in ((ds1, FH_A_DS1), (ds2, FH_A_DS2)):
        ds.exchange([putfh(handle), commit4(0, 0)], [res(OP_PUTFH), res(OP_COMMIT, body=VERF)])
    ds1.exchange([putfh(FH_A_DS1), read4(LAYOUT_A, 65636, 200)], [res(OP_PUTFH), read_res(b"B" * 200)])

    # 3. LAYOUTCOMMIT, LAYOUTRETURN, CLOSE
    size = 3 * STRIPE_UNIT + 512
    mds.exchange(
        [putfh(FH_A), layoutcommit(size, LAYOUT_A, size - 1)],
        [res(OP_PUTFH), res(OP_LAYOUTCOMMIT, body=xdr().u32(1).u64(size).bytes())],
    )
    mds.exchange(
        [putfh(FH_A), layoutreturn(FILES, LAYOUTIOMODE4_RW, LAYOUT_A)],
        [res(OP_PUTFH), res(OP_LAYOUTRETURN, body=xdr().u32(0).bytes())],
    )
    mds.exchange([putfh(FH_A), close(OPEN_A)], [res(OP_PUTFH), res(OP_CLOSE, body=INVALID)])

    # 4. mirrored.bin: a flexible file layout over both data servers
    mds.exchange(
        [op(OP_PUTROOTFH), open_create(CLIENTID, "mirrored.bin"), op(OP_GETFH)],
        [res(OP_PUTROOTFH), open_res(OPEN_B), getfh_res(FH_B)],
    )
    ff_body = ff_layout(STRIPE_UNIT, [[(DEV_FF_A, 2, FF_A_STATEID, FH_B_DS1)], [(DEV_FF_B, 1, ANONYMOUS, FH_B_DS2)]])
    mds.exchange(
        [putfh(FH_B), layoutget(FLEX_FILES, LAYOUTIOMODE4_RW, OPEN_B)],
        [res(OP_PUTFH), layoutget_res(LAYOUT_B, FLEX_FILES, LAYOUTIOMODE4_RW, ff_body)],
    )
    mds.exchange([getdeviceinfo(DEV_FF_A, FLEX_FILES)], [getdeviceinfo_res(FLEX_FILES, ff_device(*DS1, 4, 1, True))])
    mds.exchange([getdeviceinfo(DEV_FF_B, FLEX_FILES)], [getdeviceinfo_res(FLEX_FILES, ff_device(*DS2, 3, 0, False))])
    data = b"mirrored " * 111 + b"!"
    ds1.exchange([putfh(FH_B_DS1), write4(FF_A_STATEID, 0, FILE_SYNC4, data)], [res(OP_PUTFH), write_res(len(data), FILE_SYNC4)])
    ds2_v3 = net.connect(CLIENT, DS2)
    nfs3_write(net, ds2_v3, client, FH_B_DS2, 0, data)
    ds1.exchange([putfh(FH_B_DS1), read4(FF_A_STATEID, 0, len(data))], [res(OP_PUTFH), read_res(data, eof=True)])
    recall = xdr().u32(FLEX_FILES).u32(LAYOUTIOMODE4_ANY).u32(0).u32(1).raw(fh4(FH_B)).u64(0).u64(ALL).raw(LAYOUT_B)
    mds.callback(mds_cb, [op(OP_CB_LAYOUTRECALL, recall.bytes())], [res(OP_CB_LAYOUTRECALL)])
    ff_return = xdr().u32(0).u32(0).bytes()  # ff_layoutreturn4: no I/O errors, no statistics
    mds.exchange(
        [putfh(FH_B), layoutreturn(FLEX_FILES, LAYOUTIOMODE4_ANY, LAYOUT_B, ff_return)],
        [res(OP_PUTFH), res(OP_LAYOUTRETURN, body=xdr().u32(0).bytes())],
    )

    # 5. a READ with a handle no layout gave
    ds2.exchange([putfh(FH_STRAY), read4(ANONYMOUS, 0, 100)], [res(OP_PUTFH, NFS4ERR_BADHANDLE)], status=NFS4ERR_BADHANDLE)

    # 6. peer-to-peer: P registers as a data server, serves p2p.bin, is revoked
    peer = nfs_session(net, PEER, MDS, peer_client, PEER_CLIENTID, PEER_SESSION, USE_NON_PNFS, back=True)
    peer.exchange([register_ds(*PEER_DS)], [res(OP_REGISTER_DS)])
    mds.exchange(
        [op(OP_PUTROOTFH), open_create(CLIENTID, "p2p.bin"), op(OP_GETFH)],
        [res(OP_PUTROOTFH), open_res(OPEN_C), getfh_res(FH_C)],
    )
    p2p_body = file_layout(DEV_PEER, STRIPE_UNIT, 0, [FH_C_P2P])
    mds.exchange(
        [putfh(FH_C), layoutget(FILES, LAYOUTIOMODE4_RW, OPEN_C)],
        [res(OP_PUTFH), layoutget_res(LAYOUT_C, FILES, LAYOUTIOMODE4_RW, p2p_body)],
    )
    mds.exchange([getdeviceinfo(DEV_PEER, FILES)], [getdeviceinfo_res(FILES, file_device([PEER_DS], [0]))])
    peer_ds = nfs_session(net, CLIENT, PEER_DS, client, CLIENTID, PEER_DS_SESSION, USE_PNFS_DS, back=False)
    peer_ds.seq += 1
    xid, call = client.call(
        NFS,
        4,
        1,
        compound([sequence(PEER_DS_SESSION, peer_ds.seq), putfh(FH_C_P2P), write4(LAYOUT_C, 0, FILE_SYNC4, b"p" * 100)]),
    )
    net.send(peer_ds.conn, "c", call)
    peer.exchange([proxy_open(FH_C_P2P)], [res(OP_PROXY_OPEN, body=fh4(FH_C) + PROXY_STATEID)])
    net.send(
        peer_ds.conn,
        "s",
        reply(xid, compound_res([sequence_res(PEER_DS_SESSION, peer_ds.seq), res(OP_PUTFH), write_res(100, FILE_SYNC4)])),
    )
    revoke = xdr().raw(PROXY_STATEID).raw(fh4(FH_C)).bytes()
    peer.callback(mds_cb, [op(OP_CB_PROXY_REVOKE, revoke)], [res(OP_CB_PROXY_REVOKE)])
    return net.frames()


def main(argv: list[str]) -> int:
    outdir = Path(argv[1]) if len(argv) > 1 else ROOT / "tests" / "data" / "pnfs"
    outdir.mkdir(parents=True, exist_ok=True)
    frames = build()
    write_pcap(outdir / "pnfs-layouts.pcap", frames)
    write_tcpdump_x(outdir / "pnfs-layouts.X.txt", frames)
    print(f"wrote pnfs-layouts (.pcap, .X.txt, {len(frames)} frames) to {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
