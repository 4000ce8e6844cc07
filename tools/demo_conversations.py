"""The conversations tools/make_demos.py writes: which golden messages go where.

OCFS2: two o2net connections to port 7777. An ocfs2-1.4 cluster (32-byte handshakes)
in which node 7 joins node 3's domain, masters and takes a lock, converts it, gets
an AST, unlocks, then both run a recovery (begin, lock request, migrate a lock
resource, data done, finalize), exchange a keepalive and node 7 leaves. And an
ocfs2-1.2 pair (16-byte handshakes): a query join, an FS vote and its FS response.
Every request (0xfa55) is answered by a status message (0xfa56) echoing its type,
key and number, as o2net does; the message bytes themselves are seed 000's
examples from tests/golden/ocfs2_seed000.py.

POHMELFS: one client session with fserver on its default port 1025, in the order
tests/golden/pohmelfs_seed002.py gives (seed 002's commands).
"""

from __future__ import annotations

import struct

from golden import ocfs2_seed000 as O
from golden import pohmelfs_seed002 as P

REQUEST, RESPONSE, KEEPALIVE_REQ, KEEPALIVE_RESP = 0xFA55, 0xFA56, 0xFA57, 0xFA58


def _b(hex_text: str) -> bytes:
    return bytes.fromhex("".join(hex_text.split()))


def handshake(version: int, connector_id: int, timeouts: bool) -> bytes:
    """struct o2net_handshake: protocol version, connector id and, from version 5 on,
    the heartbeat/idle/keepalive/reconnect timeouts in ms (kernel defaults)."""
    head = struct.pack(">QQ", version, connector_id)
    return head + struct.pack(">IIII", 30000, 30000, 2000, 2000) if timeouts else head


def status_for(request: bytes, status: int = 0) -> bytes:
    """The 0xfa56 status message answering ``request``: no payload, its type, key and
    number echoed, the handler's return value in status."""
    _magic, _len, msg_type, _pad, _sys, _status, key, num = struct.unpack_from(">HHHHIiII", request)
    return struct.pack(">HHHHIiII", RESPONSE, 0, msg_type, 0, 0, status, key, num)


def keepalive(magic: int) -> bytes:
    return struct.pack(">HHHHIiII", magic, 0, 0, 0, 0, 0, 0, 0)


def _exchange(sends: list, who: str, hex_text: str, status: int = 0) -> None:
    request = _b(hex_text)
    sends.append((who, request))
    sends.append(("s" if who == "c" else "c", status_for(request, status)))


def ocfs2_cluster(conversation, t0: float) -> list:
    node7, node3 = ("10.0.0.7", 40321), ("10.0.0.3", 7777)
    sends = [("c", handshake(11, 0x7A1F00000007, True)), ("s", handshake(11, 0x7A1F00000003, True))]
    _exchange(sends, "c", O.QUERY_JOIN_REQUEST_14, 0x01000000)  # JOIN_OK, DLM minor 0, FS minor 0
    _exchange(sends, "c", O.ASSERT_JOIN)
    _exchange(sends, "c", O.MASTER_REQUEST, 1)  # DLM_MASTER_RESP_YES
    _exchange(sends, "s", O.ASSERT_MASTER)
    _exchange(sends, "c", O.CREATE_LOCK)
    _exchange(sends, "c", O.CONVERT_LOCK)
    _exchange(sends, "s", O.PROXY_AST)
    _exchange(sends, "c", O.UNLOCK_LOCK)
    _exchange(sends, "c", O.DEREF_LOCKRES)
    _exchange(sends, "c", O.BEGIN_RECO)
    _exchange(sends, "c", O.LOCK_REQUEST)
    _exchange(sends, "s", O.MASTER_REQUERY)
    _exchange(sends, "s", O.MIG_LOCKRES)
    _exchange(sends, "s", O.RECO_DATA_DONE)
    _exchange(sends, "c", O.FINALIZE_RECO)
    _exchange(sends, "s", O.MIGRATE_REQUEST)
    sends += [("c", keepalive(KEEPALIVE_REQ)), ("s", keepalive(KEEPALIVE_RESP))]
    _exchange(sends, "c", O.EXIT_DOMAIN)
    frames = conversation(node7, node3, sends, t0)

    old2, old1 = ("10.0.1.2", 33010), ("10.0.1.1", 7777)
    old = [("c", handshake(2, 0x12000000000002, False)), ("s", handshake(2, 0x12000000000001, False))]
    _exchange(old, "c", O.QUERY_JOIN_REQUEST_12, 1)  # JOIN_OK as a plain int
    _exchange(old, "c", O.FS_VOTE)
    _exchange(old, "s", O.FS_RESPONSE)
    frames += conversation(old2, old1, old, t0 + 5, isn=(0x0C0C0001, 0x0D0D0001))
    return sorted(frames, key=lambda f: f.time)


def pohmelfs_session(conversation, t0: float) -> list:
    client, server = ("192.168.5.20", 51234), ("192.168.5.10", 1025)
    return conversation(client, server, list(P.SESSION), t0)
