"""A three-node OCFS2 lock exchange for tools/make_demos.py (tests/data/demos/ocfs2-locks-3node).

No capture of OCFS2's DLM traffic exists anywhere public, so this one is built, not
captured: every message is packed here by the layouts of Linux fs/ocfs2/dlm/dlmcommon.h
(struct o2net_msg, dlm_master_request, dlm_create_lock, dlm_proxy_ast, ...) and the
lock names by fs/ocfs2/ocfs2_lockid.h and dlmglue.c, and the order follows what o2dlm
does (dlmmaster.c, dlmlock.c, dlmconvert.c, dlmast.c, dlmunlock.c, dlmrecovery.c).

The story, on one clock (seconds from the start):
  0.0   node 2 connects to node 1 (the higher node number connects, as o2net does).
  0.01  node 1 asks node 2 who masters the inode's meta lock (NO) and asserts it.
  0.1   node 2 creates a meta lock at NL and converts it to EX, the master answering
        each with a proxy AST; then the same for the inode's write/read (data) lock,
        after a master request node 1 answers YES.
  0.2   node 1 wants the meta lock PR: its BAST (blocked PR) to the holder, node 2,
        which downconverts to PR; then a BAST blocked EX on the data lock, node 2
        downconverts to NL.
  0.4   node 2 unlocks the data lock and derefs it (answered DEREF_INPROG), the master
        finishes with Deref Lockres Done.
  1.0   node 3 joins (query join and assert joined to both), masters nothing: it asks
        both for the dentry lock (node 2 masters it) and the meta lock (node 1), and
        takes them PR; node 1 takes the dentry lock PR too.
  2.0   node 2 dies: nothing more from it.
  7.0   node 3 takes $RECOVERY EX (node 1 masters it) and recovers node 2: begin
        recovery, lock request, node 1 sends its dentry lock (recovery lockres) and
        says data done, finalize (both stages), $RECOVERY unlocked.
  9.0   node 1 leaves: it migrates the meta lock to node 3, which asserts mastery
        with FINISH_MIGRATION; node 1 exits the domain.

Every request is answered by a status message (0xfa56) echoing its type, key and
number, as o2net does. Golden values in tests/test_ocfs2_locks.py come from these
layouts and bytes.
"""

from __future__ import annotations

import struct

from demo_conversations import handshake

REQUEST, RESPONSE = 0xFA55, 0xFA56
PORT = 7777
NODES = {1: "10.0.5.1", 2: "10.0.5.2", 3: "10.0.5.3"}
LOCAL_PORTS = {(2, 1): 45122, (3, 1): 45310, (3, 2): 45311}  # the connecting node's ephemeral port
KEY = 0x3E1A9C27  # the domain's o2net handler key
JOIN_KEY = 0x666C6172  # DLM_MOD_KEY: domain join traffic
DOMAIN = b"6A7F3C1D0E9B4F2A8C5D7E6F1A2B3C4D"  # the volume UUID names the domain

# dlmcommon.h message types
MASTER_REQUEST, ASSERT_MASTER, CREATE_LOCK, CONVERT_LOCK, PROXY_AST, UNLOCK_LOCK = 500, 502, 503, 504, 505, 506
DEREF_LOCKRES, MIG_LOCKRES, QUERY_JOIN, ASSERT_JOINED, EXIT_DOMAIN = 507, 509, 510, 511, 513
LOCK_REQUEST, RECO_DATA_DONE, BEGIN_RECO, FINALIZE_RECO, DEREF_LOCKRES_DONE = 515, 516, 517, 518, 522
NL, PR, EX, IV = 0, 3, 5, -1  # dlmapi.h LKM_*MODE
AST, BAST = 0, 1
LKM_NOQUEUE, LKM_CONVERT, LKM_RECOVERY = 0x200, 0x400, 0x80000000
MRES_RECOVERY, MRES_MIGRATION, MRES_ALL_DONE = 0x1, 0x2, 0x4
ASSERT_FINISH_MIGRATION = 0x4
MASTER_NO, MASTER_YES = 0, 1
DLM_NORMAL = 0
DEREF_INPROG = 1
JOIN_OK_PACKED = 0x01000000  # {JOIN_OK, dlm minor 0, fs minor 0, 0}

# the inode both nodes use: block 53314, generation 0x5b2e6f11, in directory block 129
INODE, GENERATION, DIRECTORY = 0xD042, 0x5B2E6F11, 0x81


def lock_name(kind: str, blkno: int, generation: int) -> bytes:
    """ocfs2_build_lock_name: type, "000000", block in 16 hex digits, generation in 8."""
    return f"{kind}000000{blkno:016x}{generation:08x}".encode()


def dentry_lock_name(parent: int, inode: int) -> bytes:
    """ocfs2_dentry_lock_res_init: 'N', the parent's block in 16 hex digits, NUL, the
    inode's block as 8 big-endian bytes, NUL bytes to 31."""
    return f"N{parent:016x}".encode() + b"\0" + struct.pack(">Q", inode) + b"\0" * 5


META = lock_name("M", INODE, GENERATION)
DATA = lock_name("W", INODE, GENERATION)
DENTRY = dentry_lock_name(DIRECTORY, INODE)
RECOVERY = b"$RECOVERY"


def cookie(node: int, sequence: int) -> int:
    """dlm_get_next_cookie: the node in the top byte, a sequence below."""
    return node << 56 | sequence


def _name64(name: bytes) -> bytes:
    return name.ljust(64, b"\0")


def master_request(node: int, name: bytes) -> bytes:
    """struct dlm_master_request (also dlm_assert_master, with its flags)."""
    return struct.pack(">BBHI", node, len(name), 0, 0) + _name64(name)


def assert_master(node: int, name: bytes, flags: int = 0) -> bytes:
    return struct.pack(">BBHI", node, len(name), 0, flags) + _name64(name)


def create_lock(lock: int, flags: int, node: int, mode: int, name: bytes) -> bytes:
    """struct dlm_create_lock (dlm_convert_lock has the same layout)."""
    return struct.pack(">QIBBbB", lock, flags, 0, node, mode, len(name)) + _name64(name)


def proxy_ast(lock: int, node: int, kind: int, blocked: int, name: bytes) -> bytes:
    """struct dlm_proxy_ast: node_idx is the sending master (dlm_send_proxy_ast_msg)."""
    return struct.pack(">QIBBbB", lock, 0, node, kind, blocked, len(name)) + _name64(name)


def unlock_lock(lock: int, flags: int, node: int, name: bytes) -> bytes:
    return struct.pack(">QIHBB", lock, flags, 0, node, len(name)) + _name64(name)


def deref(node: int, name: bytes) -> bytes:
    """struct dlm_deref_lockres (and dlm_deref_lockres_done)."""
    return struct.pack(">IHBB", 0, 0, node, len(name)) + _name64(name)


def mig_lockres(master: int, name: bytes, flags: int, mig_cookie: int, locks: list[tuple[int, int, int]]) -> bytes:
    """struct dlm_migratable_lockres with one struct dlm_migratable_lock per (cookie,
    node, granted mode): granted list, no convert, nothing blocked."""
    head = struct.pack(">BBBBIQ", master, len(name), len(locks), flags, len(locks), mig_cookie)
    body = b"".join(struct.pack(">QHBBbbbB", c, 0, 0, 0, mode, IV, IV, node) for c, node, mode in locks)
    return head + name.ljust(32, b"\0") + b"\0" * 64 + body


def query_join(node: int, node_map: list[int]) -> bytes:
    """struct dlm_query_join_request (1.4 and later: DLM and FS protocol 1.0)."""
    bitmap = bytearray(32)
    for n in node_map:
        bitmap[n // 8] |= 1 << (n % 8)
    return struct.pack(">B2sBBBBB", node, b"\0\0", len(DOMAIN), 1, 0, 1, 0) + _name64(DOMAIN) + bytes(bitmap)


def assert_joined(node: int) -> bytes:
    return struct.pack(">B2sB", node, b"\0\0", len(DOMAIN)) + _name64(DOMAIN)


def exit_domain(node: int) -> bytes:
    return struct.pack(">B3s", node, b"\0\0\0")


def reco(node: int, dead: int, flags: int = 0) -> bytes:
    """struct dlm_begin_reco / dlm_lock_request / dlm_finalize_reco (flags: STAGE2)."""
    return struct.pack(">BBBBI", node, dead, flags, 0, 0)


def reco_data_done(node: int, dead: int) -> bytes:
    return struct.pack(">BBHI", node, dead, 0, 0) + b"\0" * 64


class Cluster:
    """The nodes' links, o2net's per-destination message numbers, and one clock:
    each exchange is a request and, 170 µs after the receiver's ACK, the status
    message answering it; the next starts 500 µs after that is acknowledged."""

    def __init__(self, link_class, t0: float) -> None:
        self.link_class = link_class
        self.t0 = t0
        self.clock = t0
        self.links: dict[tuple[int, int], object] = {}
        self.numbers: dict[tuple[int, int], int] = {}

    def at(self, seconds: float) -> None:
        """Move the clock to ``seconds`` after the start (never back)."""
        self.clock = max(self.clock, self.t0 + seconds)

    def connect(self, higher: int, lower: int) -> None:
        """o2net: the higher-numbered node connects; both send their handshake."""
        client, server = (NODES[higher], LOCAL_PORTS[(higher, lower)]), (NODES[lower], PORT)
        seed = 0x10000000 * higher + 0x01000000 * lower
        link = self.links[(higher, lower)] = self.link_class(client, server, (seed + 1, seed + 0x00800001))
        when = link.open(self.clock)
        when = link.send("c", handshake(11, 1, True), when)
        self.clock = link.send("s", handshake(11, 1, True), when) + 0.000500

    def _side(self, sender: int, receiver: int):
        pair = (max(sender, receiver), min(sender, receiver))
        return self.links[pair], "c" if sender == pair[0] else "s"

    def exchange(self, sender: int, receiver: int, msg_type: int, payload: bytes, status: int = 0, key: int = KEY) -> None:
        link, who = self._side(sender, receiver)
        num = self.numbers.get((sender, receiver), 0)
        self.numbers[(sender, receiver)] = num + 1
        head = struct.pack(">HHHHIiII", REQUEST, len(payload), msg_type, 0, 0, 0, key, num)
        when = link.send(who, head + payload, self.clock)
        answer = struct.pack(">HHHHIiII", RESPONSE, 0, msg_type, 0, 0, status, key, num)
        self.clock = link.send("s" if who == "c" else "c", answer, when + 0.000170) + 0.000500

    def close(self, higher: int, lower: int) -> None:
        self.clock = self.links[(higher, lower)].close(self.clock)

    def frames(self) -> list:
        return sorted((f for link in self.links.values() for f in link.frames), key=lambda f: f.time)


def ocfs2_locks(link_class, t0: float) -> list:
    c = Cluster(link_class, t0)
    c.connect(2, 1)
    c.at(0.010)
    # node 1 becomes the meta lock's master
    c.exchange(1, 2, MASTER_REQUEST, master_request(1, META), MASTER_NO)
    c.exchange(1, 2, ASSERT_MASTER, assert_master(1, META))
    c.at(0.100)
    # node 2 takes the meta lock NL then EX, and the data lock the same way
    c.exchange(2, 1, CREATE_LOCK, create_lock(cookie(2, 1), 0, 2, NL, META))
    c.exchange(1, 2, PROXY_AST, proxy_ast(cookie(2, 1), 1, AST, NL, META))
    c.exchange(2, 1, CONVERT_LOCK, create_lock(cookie(2, 1), LKM_CONVERT, 2, EX, META))
    c.exchange(1, 2, PROXY_AST, proxy_ast(cookie(2, 1), 1, AST, NL, META))
    c.exchange(2, 1, MASTER_REQUEST, master_request(2, DATA), MASTER_YES)
    c.exchange(2, 1, CREATE_LOCK, create_lock(cookie(2, 2), 0, 2, NL, DATA))
    c.exchange(1, 2, PROXY_AST, proxy_ast(cookie(2, 2), 1, AST, NL, DATA))
    c.exchange(2, 1, CONVERT_LOCK, create_lock(cookie(2, 2), LKM_CONVERT, 2, EX, DATA))
    c.exchange(1, 2, PROXY_AST, proxy_ast(cookie(2, 2), 1, AST, NL, DATA))
    c.at(0.200)
    # node 1 wants the meta lock PR and the data lock EX: BASTs to the holder, who downconverts
    c.exchange(1, 2, PROXY_AST, proxy_ast(cookie(2, 1), 1, BAST, PR, META))
    c.exchange(2, 1, CONVERT_LOCK, create_lock(cookie(2, 1), LKM_CONVERT, 2, PR, META))
    c.exchange(1, 2, PROXY_AST, proxy_ast(cookie(2, 1), 1, AST, NL, META))
    c.exchange(1, 2, PROXY_AST, proxy_ast(cookie(2, 2), 1, BAST, EX, DATA))
    c.exchange(2, 1, CONVERT_LOCK, create_lock(cookie(2, 2), LKM_CONVERT, 2, NL, DATA))
    c.exchange(1, 2, PROXY_AST, proxy_ast(cookie(2, 2), 1, AST, NL, DATA))
    c.at(0.400)
    # node 2 lets the data lock go
    c.exchange(2, 1, UNLOCK_LOCK, unlock_lock(cookie(2, 2), 0, 2, DATA))
    c.exchange(2, 1, DEREF_LOCKRES, deref(2, DATA), DEREF_INPROG)
    c.exchange(1, 2, DEREF_LOCKRES_DONE, deref(1, DATA))
    # node 3 joins and takes the dentry and meta locks PR; node 1 the dentry lock too
    c.at(1.000)
    c.connect(3, 1)
    c.connect(3, 2)
    for peer in (1, 2):
        c.exchange(3, peer, QUERY_JOIN, query_join(3, [1, 2, 3]), JOIN_OK_PACKED, JOIN_KEY)
    for peer in (1, 2):
        c.exchange(3, peer, ASSERT_JOINED, assert_joined(3), 0, JOIN_KEY)
    c.exchange(3, 1, MASTER_REQUEST, master_request(3, DENTRY), MASTER_NO)
    c.exchange(3, 2, MASTER_REQUEST, master_request(3, DENTRY), MASTER_YES)
    c.exchange(3, 2, CREATE_LOCK, create_lock(cookie(3, 1), 0, 3, NL, DENTRY))
    c.exchange(2, 3, PROXY_AST, proxy_ast(cookie(3, 1), 2, AST, NL, DENTRY))
    c.exchange(3, 2, CONVERT_LOCK, create_lock(cookie(3, 1), LKM_CONVERT, 3, PR, DENTRY))
    c.exchange(2, 3, PROXY_AST, proxy_ast(cookie(3, 1), 2, AST, NL, DENTRY))
    c.exchange(1, 3, MASTER_REQUEST, master_request(1, DENTRY), MASTER_NO)
    c.exchange(1, 2, MASTER_REQUEST, master_request(1, DENTRY), MASTER_YES)
    c.exchange(1, 2, CREATE_LOCK, create_lock(cookie(1, 1), 0, 1, NL, DENTRY))
    c.exchange(2, 1, PROXY_AST, proxy_ast(cookie(1, 1), 2, AST, NL, DENTRY))
    c.exchange(1, 2, CONVERT_LOCK, create_lock(cookie(1, 1), LKM_CONVERT, 1, PR, DENTRY))
    c.exchange(2, 1, PROXY_AST, proxy_ast(cookie(1, 1), 2, AST, NL, DENTRY))
    c.exchange(3, 1, MASTER_REQUEST, master_request(3, META), MASTER_YES)
    c.exchange(3, 2, MASTER_REQUEST, master_request(3, META), MASTER_NO)
    c.exchange(3, 1, CREATE_LOCK, create_lock(cookie(3, 2), 0, 3, NL, META))
    c.exchange(1, 3, PROXY_AST, proxy_ast(cookie(3, 2), 1, AST, NL, META))
    c.exchange(3, 1, CONVERT_LOCK, create_lock(cookie(3, 2), LKM_CONVERT, 3, PR, META))
    c.exchange(1, 3, PROXY_AST, proxy_ast(cookie(3, 2), 1, AST, NL, META))
    c.at(7.000)
    # node 2 dies at 2.0; node 3 wins $RECOVERY and recovers it
    c.exchange(3, 1, MASTER_REQUEST, master_request(3, RECOVERY), MASTER_YES)
    c.exchange(3, 1, CREATE_LOCK, create_lock(cookie(3, 3), LKM_NOQUEUE | LKM_RECOVERY, 3, EX, RECOVERY))
    c.exchange(1, 3, PROXY_AST, proxy_ast(cookie(3, 3), 1, AST, NL, RECOVERY))
    c.exchange(3, 1, BEGIN_RECO, reco(3, 2))
    c.exchange(3, 1, LOCK_REQUEST, reco(3, 2))
    c.exchange(1, 3, MIG_LOCKRES, mig_lockres(2, DENTRY, MRES_RECOVERY | MRES_ALL_DONE, 0, [(cookie(1, 1), 1, PR)]))
    c.exchange(1, 3, RECO_DATA_DONE, reco_data_done(1, 2))
    c.exchange(3, 1, FINALIZE_RECO, reco(3, 2))
    c.exchange(3, 1, FINALIZE_RECO, reco(3, 2, 0x1))
    c.exchange(3, 1, UNLOCK_LOCK, unlock_lock(cookie(3, 3), 0, 3, RECOVERY))
    c.at(9.000)
    # node 1 leaves: the meta lock migrates to node 3, which asserts it
    c.exchange(1, 3, MIG_LOCKRES, mig_lockres(1, META, MRES_MIGRATION | MRES_ALL_DONE, cookie(1, 7), [(cookie(3, 2), 3, PR)]))
    c.exchange(3, 1, ASSERT_MASTER, assert_master(3, META, ASSERT_FINISH_MIGRATION))
    c.exchange(1, 3, EXIT_DOMAIN, exit_domain(1))
    c.close(3, 1)
    return c.frames()
