"""NFSv3 test traffic with the troubles a response-time table must count right.

Used by make_trouble.sh against nfs-ganesha over a link that delays and drops
frames: errors (NOENT, ACCES, EXIST, STALE, BADHANDLE, NOTDIR), calls sent
several at a time on one connection (replies matched by xid, not by order), a
call sent twice with the same xid (an RPC retransmission), a procedure the
server does not have (PROC_UNAVAIL), a call left unanswered (the connection is
reset right after it), and a second client on its own address. Structures are
encoded from RFC 1813 and RFC 5531 (via oncrpc.py).

    python3 nfs3_trouble_client.py --host 10.16.0.1 --src 10.16.0.2 --src2 10.16.0.3
"""

from __future__ import annotations

import argparse
import socket
import struct
import sys
import threading
import time

from oncrpc import AUTH_NONE, CALL, Packer, Unpacker, auth_sys, recv_record, send_record

NFS_PROG, MOUNT_PROG = 100003, 100005
NFS_PORT, MOUNT_PORT = 2049, 20048


def log(*a: object) -> None:
    print(*a, flush=True)


class Conn:
    """One TCP connection from a chosen source address; calls may be pipelined."""

    def __init__(self, host: str, port: int, src: str, prog: int, vers: int, uid: int = 0) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((src, 0))
        self.sock.connect((host, port))
        self.prog, self.vers = prog, vers
        self.cred = auth_sys("trouble-" + src, uid=uid, gid=uid, gids=(uid,))
        self.xid = (0x16000000 | (int(src.split(".")[-1]) << 16)) + port % 256 * 256

    def send(self, proc: int, args: bytes = b"", xid: int | None = None) -> int:
        if xid is None:
            self.xid += 1
            xid = self.xid
        flavor, body = self.cred
        head = Packer().u32(xid).u32(CALL).u32(2).u32(self.prog).u32(self.vers).u32(proc)
        msg = head.u32(flavor).opaque(body).u32(AUTH_NONE).opaque(b"").raw(args).bytes()
        send_record(self.sock, msg)
        return xid

    def recv(self) -> tuple[int, Unpacker]:
        """The next reply: its xid and an Unpacker on the results (None-safe: status first)."""
        u = Unpacker(recv_record(self.sock))
        xid = u.u32()
        u.u32()  # REPLY
        u.u32()  # MSG_ACCEPTED
        u.u32()
        u.opaque()  # verifier
        u.u32()  # accept_stat (callers look at status only when it is 0)
        return xid, u

    def call(self, proc: int, args: bytes = b"") -> Unpacker:
        xid = self.send(proc, args)
        while True:
            got, u = self.recv()
            if got == xid:
                return u

    def close(self) -> None:
        self.sock.close()


def diropargs(fh: bytes, name: str) -> bytes:
    return Packer().opaque(fh).string(name).bytes()


def sattr_mode(mode: int) -> bytes:
    # set_mode3 TRUE mode; uid, gid, size not set; atime, mtime DONT_CHANGE
    return Packer().u32(1).u32(mode).u32(0).u32(0).u32(0).u32(0).u32(0).bytes()


def new_fh(u: Unpacker) -> bytes:
    if u.u32() != 0:
        raise SystemExit("expected NFS3_OK")
    if not u.u32():
        raise SystemExit("no post_op_fh3")
    return u.opaque()


def status(u: Unpacker, name: str) -> int:
    s = u.u32()
    log(f"{name} -> {s}")
    return s


def mount(host: str, src: str, path: str) -> bytes:
    m = Conn(host, MOUNT_PORT, src, MOUNT_PROG, 3)
    u = m.call(1, Packer().string(path).bytes())
    if u.u32() != 0:
        raise SystemExit("MNT failed")
    fh = u.opaque()
    status(m.call(1, Packer().string("/no-such-export").bytes()), "MNT /no-such-export")
    m.close()
    return fh


def main_client(host: str, src: str, export: str) -> None:
    root = mount(host, src, export)
    n = Conn(host, NFS_PORT, src, NFS_PROG, 3)
    d = new_fh(n.call(9, diropargs(root, "trouble") + sattr_mode(0o755)))
    status(n.call(9, diropargs(root, "trouble") + sattr_mode(0o755)), "MKDIR again (EXIST)")
    secret = new_fh(n.call(9, diropargs(d, "secret") + sattr_mode(0o700)))
    f = new_fh(n.call(8, diropargs(secret, "inside.txt") + Packer().u32(0).bytes() + sattr_mode(0o600)))
    data = b"".join(b"trouble line %04d\n" % i for i in range(300))
    status(n.call(7, Packer().opaque(f).u64(0).u32(len(data)).u32(2).opaque(data).bytes()), "WRITE")
    # several calls in flight at once: LOOKUPs of names that exist and do not, GETATTRs, a READ
    names = ["secret", "missing-1", "missing-2", "secret", "missing-3"]
    sent = [n.send(3, diropargs(d, nm)) for nm in names]
    sent.append(n.send(1, Packer().opaque(f).bytes()))
    sent.append(n.send(6, Packer().opaque(f).u64(0).u32(2000).bytes()))
    sent.append(n.send(3, diropargs(f, "not-a-dir")))  # NOTDIR
    for _ in sent:
        xid, u = n.recv()
        status(u, f"pipelined reply xid {xid:#x}")
    # another user: a directory it may not search, a file it may not read (ACCES)
    other = Conn(host, NFS_PORT, src, NFS_PROG, 3, uid=1000)
    status(other.call(3, diropargs(secret, "inside.txt")), "LOOKUP as uid 1000 (ACCES)")
    status(other.call(6, Packer().opaque(f).u64(0).u32(100).bytes()), "READ as uid 1000 (ACCES)")
    status(other.call(4, Packer().opaque(secret).u32(0x3F).bytes()), "ACCESS as uid 1000")
    other.close()
    # a handle that never was (BADHANDLE) and one whose file is gone (STALE)
    status(n.call(1, Packer().opaque(b"\x42" * 24).bytes()), "GETATTR made-up handle")
    gone = new_fh(n.call(8, diropargs(d, "gone.txt") + Packer().u32(0).bytes() + sattr_mode(0o644)))
    status(n.call(12, diropargs(d, "gone.txt")), "REMOVE gone.txt")
    status(n.call(1, Packer().opaque(gone).bytes()), "GETATTR removed file (STALE)")
    status(n.call(6, Packer().opaque(gone).u64(0).u32(10).bytes()), "READ removed file (STALE)")
    # the same call twice with one xid (a retransmission), the second 50 ms after the first
    xid = n.send(1, Packer().opaque(d).bytes())
    time.sleep(0.05)
    n.send(1, Packer().opaque(d).bytes(), xid=xid)
    n.sock.settimeout(1.0)
    try:
        while True:
            got, u = n.recv()
            status(u, f"reply to retransmitted xid {got:#x}")
    except TimeoutError:
        pass
    n.sock.settimeout(None)
    # a procedure NFSv3 does not have: PROC_UNAVAIL
    n.send(42)
    got, u = n.recv()
    log(f"proc 42 answered, xid {got:#x}")
    for nm in ("inside.txt",):
        status(n.call(12, diropargs(secret, nm)), f"REMOVE {nm}")
    status(n.call(13, diropargs(d, "secret")), "RMDIR secret")
    status(n.call(13, diropargs(root, "trouble")), "RMDIR trouble")
    n.close()
    # a call the server never gets to answer: the connection is reset right after it
    lost = Conn(host, NFS_PORT, src, NFS_PROG, 3)
    lost.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    lost.send(16, Packer().opaque(root).u64(0).fixed(bytes(8)).u32(4096).bytes())
    lost.close()


def second_client(host: str, src: str, export: str) -> None:
    """A second client on its own address: its own files, written and read back, some errors."""
    root = mount(host, src, export)
    n = Conn(host, NFS_PORT, src, NFS_PROG, 3)
    for i in range(6):
        f = new_fh(n.call(8, diropargs(root, f"c2-{i}.bin") + Packer().u32(0).bytes() + sattr_mode(0o644)))
        blob = bytes([65 + i]) * (3000 + 1000 * i)
        status(n.call(7, Packer().opaque(f).u64(0).u32(len(blob)).u32(2).opaque(blob).bytes()), f"WRITE c2-{i}")
        status(n.call(6, Packer().opaque(f).u64(0).u32(len(blob)).bytes()), f"READ c2-{i}")
        status(n.call(3, diropargs(root, f"c2-missing-{i}")), "LOOKUP missing (NOENT)")
    for i in range(6):
        status(n.call(12, diropargs(root, f"c2-{i}.bin")), f"REMOVE c2-{i}")
    status(n.call(12, diropargs(root, "c2-0.bin")), "REMOVE again (NOENT)")
    n.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--src2", required=True)
    ap.add_argument("--export", default="/export")
    a = ap.parse_args()
    t = threading.Thread(target=second_client, args=(a.host, a.src2, a.export))
    t.start()
    main_client(a.host, a.src, a.export)
    t.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
