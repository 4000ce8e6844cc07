"""Minimal ONC RPC (RFC 5531) over TCP with XDR (RFC 4506), written from the RFCs.

Only what the capture client in this folder needs to make real servers answer:
an XDR packer/unpacker, AUTH_SYS credentials, record marking, one call at a
time per connection, and a tiny callback server (for NLM GRANTED and *_RES
calls a server makes back to the client). It is a test-traffic generator, not a
library: no retransmission, no UDP, no authentication other than AUTH_SYS.
"""

from __future__ import annotations

import socket
import struct
import time
from dataclasses import dataclass, field

AUTH_NONE = 0
AUTH_SYS = 1
CALL = 0
REPLY = 1
MSG_ACCEPTED = 0
ACCEPT_STATS = {0: "SUCCESS", 1: "PROG_UNAVAIL", 2: "PROG_MISMATCH", 3: "PROC_UNAVAIL",
                4: "GARBAGE_ARGS", 5: "SYSTEM_ERR"}
LAST_FRAGMENT = 0x80000000


class Packer:
    """XDR encoder: every item is padded to a multiple of four bytes."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def u32(self, v: int) -> Packer:
        self.parts.append(struct.pack(">I", v & 0xFFFFFFFF))
        return self

    def i32(self, v: int) -> Packer:
        self.parts.append(struct.pack(">i", v))
        return self

    def u64(self, v: int) -> Packer:
        self.parts.append(struct.pack(">Q", v))
        return self

    def boolean(self, v: bool) -> Packer:
        return self.u32(1 if v else 0)

    def fixed(self, data: bytes) -> Packer:
        self.parts.append(data + b"\0" * (-len(data) % 4))
        return self

    def opaque(self, data: bytes) -> Packer:
        self.u32(len(data))
        return self.fixed(data)

    def string(self, s: str) -> Packer:
        return self.opaque(s.encode())

    def raw(self, data: bytes) -> Packer:
        self.parts.append(data)
        return self

    def bytes(self) -> bytes:
        return b"".join(self.parts)


class Unpacker:
    """XDR decoder over one reply body."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def u32(self) -> int:
        (v,) = struct.unpack_from(">I", self.data, self.pos)
        self.pos += 4
        return v

    def i32(self) -> int:
        (v,) = struct.unpack_from(">i", self.data, self.pos)
        self.pos += 4
        return v

    def u64(self) -> int:
        (v,) = struct.unpack_from(">Q", self.data, self.pos)
        self.pos += 8
        return v

    def fixed(self, n: int) -> bytes:
        v = self.data[self.pos:self.pos + n]
        self.pos += n + (-n % 4)
        return v

    def opaque(self) -> bytes:
        return self.fixed(self.u32())

    def string(self) -> str:
        return self.opaque().decode(errors="replace")

    def rest(self) -> bytes:
        return self.data[self.pos:]


def auth_sys(machine: str = "hexview-client", uid: int = 0, gid: int = 0,
             gids: tuple[int, ...] = (0,), stamp: int | None = None) -> tuple[int, bytes]:
    """An AUTH_SYS credential (flavor, body)."""
    p = Packer().u32(int(time.time()) if stamp is None else stamp).string(machine).u32(uid).u32(gid)
    p.u32(len(gids))
    for g in gids:
        p.u32(g)
    return AUTH_SYS, p.bytes()


def send_record(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">I", LAST_FRAGMENT | len(payload)) + payload)


def recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed")
        buf += chunk
    return buf


def recv_record(sock: socket.socket) -> bytes:
    out = b""
    while True:
        (mark,) = struct.unpack(">I", recv_exact(sock, 4))
        out += recv_exact(sock, mark & 0x7FFFFFFF)
        if mark & LAST_FRAGMENT:
            return out


class RpcError(Exception):
    pass


@dataclass
class Client:
    """One TCP connection to one program/version; calls are made one at a time."""

    host: str
    port: int
    prog: int
    vers: int
    cred: tuple[int, bytes] = field(default_factory=auth_sys)
    xid: int = 0x48580000
    privileged: bool = False

    def __post_init__(self) -> None:
        """Connect; privileged=True takes a source port below 1024 (rpc.statd only obeys root)."""
        for src in range(1023, 600, -1) if self.privileged else [0]:
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                if self.privileged:
                    self.sock.bind(("127.0.0.1", src))
                self.sock.connect((self.host, self.port))
                return
            except OSError:
                self.sock.close()
                if not self.privileged:
                    raise
        raise OSError("no free privileged source port")

    def send(self, proc: int, args: bytes = b"", vers: int | None = None,
             prog: int | None = None) -> None:
        """Send one call without waiting (the NLM *_MSG procedures get no RPC reply)."""
        self.xid += 1
        flavor, body = self.cred
        msg = (Packer().u32(self.xid).u32(CALL).u32(2).u32(self.prog if prog is None else prog)
               .u32(self.vers if vers is None else vers).u32(proc)
               .u32(flavor).opaque(body).u32(AUTH_NONE).opaque(b"").raw(args).bytes())
        send_record(self.sock, msg)

    def call(self, proc: int, args: bytes = b"", vers: int | None = None,
             prog: int | None = None) -> Unpacker:
        """Send one call, return an Unpacker on the results (accepted + SUCCESS only)."""
        self.send(proc, args, vers, prog)
        while True:
            u = Unpacker(recv_record(self.sock))
            if u.u32() == self.xid:
                break
        if u.u32() != REPLY:
            raise RpcError("not a reply")
        if u.u32() != MSG_ACCEPTED:
            raise RpcError("call denied")
        u.u32()
        u.opaque()  # verifier
        stat = u.u32()
        if stat != 0:
            if stat == 2:
                low, high = u.u32(), u.u32()
                raise RpcError(f"PROG_MISMATCH (server has versions {low}..{high})")
            raise RpcError(ACCEPT_STATS.get(stat, str(stat)))
        return u

    def close(self) -> None:
        self.sock.close()
