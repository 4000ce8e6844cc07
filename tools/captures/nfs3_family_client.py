"""Test-traffic client for NFSv3 and its side programs, written by hand from the RFCs.

Used by make_nfs3.sh to make a real server (nfs-ganesha, rpcbind, rpc.statd)
answer calls that no packaged client sends on its own: all 22 NFSv3 procedures
(RFC 1813), MOUNT (RFC 1813 appendix I), portmap/rpcbind (RFC 1833), NLM v4
(X/Open XNFS, RFC 1813 "NLM" section), NSM and NFS ACL. Every structure below is
encoded from the RFC text; results are decoded only as far as the next call
needs (a status and a file handle).

    python3 nfs3_family_client.py SCENARIO [--host 127.0.0.1] [--export /export]

Scenarios: allprocs, nlm, nsm, nfsacl, rpcbind.
"""

from __future__ import annotations

import argparse
import sys
import time

from oncrpc import Client, Packer, RpcError, Unpacker, auth_sys

PMAP_PROG, MOUNT_PROG, NFS_PROG, NLM_PROG, NSM_PROG, NFSACL_PROG = 100000, 100005, 100003, 100021, 100024, 100227
IPPROTO_TCP = 6

NFS3_STATUS = {0: "NFS3_OK", 1: "NFS3ERR_PERM", 2: "NFS3ERR_NOENT", 5: "NFS3ERR_IO", 13: "NFS3ERR_ACCES",
               17: "NFS3ERR_EXIST", 18: "NFS3ERR_XDEV", 20: "NFS3ERR_NOTDIR", 21: "NFS3ERR_ISDIR",
               22: "NFS3ERR_INVAL", 39: "NFS3ERR_NOTEMPTY", 10004: "NFS3ERR_NOTSUPP"}
NLM4_STATUS = {0: "NLM4_GRANTED", 1: "NLM4_DENIED", 2: "NLM4_DENIED_NOLOCKS", 3: "NLM4_BLOCKED",
               4: "NLM4_DENIED_GRACE_PERIOD", 5: "NLM4_DEADLCK", 6: "NLM4_ROFS", 7: "NLM4_STALE_FH",
               8: "NLM4_FBIG", 9: "NLM4_FAILED"}


def log(*a: object) -> None:
    print(*a, flush=True)


# ---------------------------------------------------------------- portmap / rpcbind (RFC 1833)

def pmap_getport(host: str, prog: int, vers: int) -> int:
    c = Client(host, 111, PMAP_PROG, 2)
    port = c.call(3, Packer().u32(prog).u32(vers).u32(IPPROTO_TCP).u32(0).bytes()).u32()
    c.close()
    log(f"PMAPPROC_GETPORT {prog} v{vers} tcp -> {port}")
    return port


def rpcbind_scenario(host: str) -> None:
    """Portmap v2 SET/UNSET/GETPORT/DUMP and rpcbind v3/v4 calls rpcinfo does not make over TCP."""
    p2 = Client(host, 111, PMAP_PROG, 2)
    p2.call(0)
    mapping = Packer().u32(400123).u32(1).u32(IPPROTO_TCP).u32(40123).bytes()
    log("PMAP SET ->", p2.call(1, mapping).u32())
    log("PMAP GETPORT ->", p2.call(3, mapping).u32())
    log("PMAP UNSET ->", p2.call(2, mapping).u32())
    log("PMAP GETPORT (after unset) ->", p2.call(3, mapping).u32())
    p2.call(4)  # DUMP
    p2.close()
    rb = Packer().u32(400123).u32(2).string("tcp").string("127.0.0.1.156.91").string("hexview")
    for vers in (3, 4):
        c = Client(host, 111, PMAP_PROG, vers)
        c.call(0)
        log(f"RPCB v{vers} SET ->", c.call(1, rb.bytes()).u32())
        q = Packer().u32(400123).u32(2).string("tcp").string("").string("").bytes()
        log(f"RPCB v{vers} GETADDR ->", c.call(3, q).string())
        log(f"RPCB v{vers} UNSET ->", c.call(2, rb.bytes()).u32())
        c.call(4)  # DUMP
        log(f"RPCB v{vers} GETTIME ->", c.call(6).u32())
        # UADDR2TADDR / TADDR2UADDR (netbuf: maxlen, opaque buf)
        t = c.call(7, Packer().string("127.0.0.1.8.1").bytes())
        log(f"RPCB v{vers} UADDR2TADDR -> maxlen {t.u32()} buf {t.opaque().hex()}")
        sin = bytes([0, 2, 8, 1, 127, 0, 0, 1]) + bytes(8)
        log(f"RPCB v{vers} TADDR2UADDR ->", c.call(8, Packer().u32(len(sin)).opaque(sin).bytes()).string())
        if vers == 4:
            nfs = Packer().u32(NFS_PROG).u32(3).string("tcp").string("").string("").bytes()
            log("RPCB v4 GETVERSADDR ->", c.call(9, nfs).string())
            r = c.call(11, nfs)  # GETADDRLIST: rpcb_entry_list_ptr
            while r.u32():
                log("  GETADDRLIST entry", r.string(), r.string(), r.u32(), r.string(), r.string())
            c.call(12)  # GETSTAT
        c.close()


# ---------------------------------------------------------------- MOUNT (RFC 1813 appendix I)

def mount_mnt(host: str, port: int, path: str, vers: int = 3) -> bytes:
    c = Client(host, port, MOUNT_PROG, vers)
    c.call(0)
    u = c.call(1, Packer().string(path).bytes())
    status = u.u32()
    fh = b""
    if status == 0:
        fh = u.opaque() if vers == 3 else u.fixed(32)
    log(f"MOUNT v{vers} MNT {path} -> status {status} fh {fh.hex()}")
    c.close()
    return fh


def mount_tail(host: str, port: int, path: str) -> None:
    c = Client(host, port, MOUNT_PROG, 3)
    c.call(2)  # DUMP
    c.call(5)  # EXPORT
    c.call(3, Packer().string(path).bytes())  # UMNT
    c.call(4)  # UMNTALL
    c.close()
    for vers in (1, 2):  # MOUNT v1 and v2 MNT/DUMP/EXPORT: fhandle is 32 fixed bytes
        c = Client(host, port, MOUNT_PROG, vers)
        try:
            c.call(0)
            c.call(5)
            c.call(2)
            u = c.call(1, Packer().string(path).bytes())
            log(f"MOUNT v{vers} MNT -> status {u.u32()}")
            c.call(3, Packer().string(path).bytes())
        except RpcError as e:
            log(f"MOUNT v{vers}: {e}")
        c.close()


# ---------------------------------------------------------------- NFSv3 (RFC 1813)

def sattr3(mode: int | None = None, uid: int | None = None, gid: int | None = None,
           size: int | None = None, atime: str = "dont", mtime: str = "dont") -> Packer:
    p = Packer()
    for v in (mode, uid, gid):
        p.boolean(v is not None)
        if v is not None:
            p.u32(v)
    p.boolean(size is not None)
    if size is not None:
        p.u64(size)
    for how in (atime, mtime):
        if how == "dont":
            p.u32(0)
        elif how == "server":
            p.u32(1)
        else:
            p.u32(2).u32(1700000000).u32(0)  # SET_TO_CLIENT_TIME, nfstime3
    return p


def diropargs(fh: bytes, name: str) -> Packer:
    return Packer().opaque(fh).string(name)


class Nfs3:
    def __init__(self, host: str, port: int) -> None:
        self.c = Client(host, port, NFS_PROG, 3)

    def call(self, proc: int, name: str, args: Packer | bytes = b"", want: int | None = 0) -> Unpacker:
        u = self.c.call(proc, args.bytes() if isinstance(args, Packer) else args)
        status = u.u32()
        log(f"NFSPROC3_{name} -> {NFS3_STATUS.get(status, status)}")
        if want is not None and status != want:
            raise SystemExit(f"unexpected status for {name}: {status}")
        return u

    def new_fh(self, u: Unpacker) -> bytes:
        """post_op_fh3 of CREATE/MKDIR/SYMLINK/MKNOD."""
        if not u.u32():
            raise SystemExit("server returned no file handle")
        return u.opaque()


def allprocs(host: str, export: str, big: int) -> None:
    mnt_port = pmap_getport(host, MOUNT_PROG, 3)
    nfs_port = pmap_getport(host, NFS_PROG, 3)
    root = mount_mnt(host, mnt_port, export)
    n = Nfs3(host, nfs_port)
    n.c.call(0)
    log("NFSPROC3_NULL")
    n.call(1, "GETATTR", Packer().opaque(root))
    n.call(19, "FSINFO", Packer().opaque(root))
    n.call(18, "FSSTAT", Packer().opaque(root))
    n.call(20, "PATHCONF", Packer().opaque(root))
    n.call(4, "ACCESS", Packer().opaque(root).u32(0x3F))
    d = n.new_fh(n.call(9, "MKDIR", diropargs(root, "scratch").raw(sattr3(mode=0o755).bytes())))
    n.call(3, "LOOKUP", diropargs(root, "scratch"))
    n.call(3, "LOOKUP", diropargs(d, "no-such-file"), want=2)
    # CREATE: UNCHECKED, then GUARDED on the same name (EXIST), then EXCLUSIVE with a verifier
    f = n.new_fh(n.call(8, "CREATE", diropargs(d, "file.txt").u32(0).raw(sattr3(mode=0o644).bytes())))
    n.call(8, "CREATE", diropargs(d, "file.txt").u32(1).raw(sattr3(mode=0o644).bytes()), want=17)
    n.new_fh(n.call(8, "CREATE", diropargs(d, "excl.txt").u32(2).fixed(b"HXVWVERF")))
    data = b"".join(b"hexview NFSv3 line %05d\n" % i for i in range(200))  # 4800 bytes
    n.call(7, "WRITE", Packer().opaque(f).u64(0).u32(len(data)).u32(2).opaque(data))  # FILE_SYNC
    n.call(7, "WRITE", Packer().opaque(f).u64(len(data)).u32(6).u32(0).opaque(b"tail.\n"))  # UNSTABLE
    n.call(21, "COMMIT", Packer().opaque(f).u64(0).u32(0))
    n.call(6, "READ", Packer().opaque(f).u64(0).u32(1000))
    n.call(6, "READ", Packer().opaque(f).u64(4000).u32(4096))  # short read, eof
    # big WRITE/READ: one RPC message over more than one TCP segment (loopback MSS is ~64 KiB)
    bigf = n.new_fh(n.call(8, "CREATE", diropargs(d, "big.bin").u32(0).raw(sattr3(mode=0o600).bytes())))
    blob = (b"HEXVIEW-NFS3-BIG-" * (big // 17 + 1))[:big]
    n.call(7, "WRITE", Packer().opaque(bigf).u64(0).u32(len(blob)).u32(1).opaque(blob))  # DATA_SYNC
    n.call(6, "READ", Packer().opaque(bigf).u64(0).u32(len(blob)))
    # SETATTR: chmod + truncate with a ctime guard that does not match (NOT_SYNC), then unguarded
    n.call(2, "SETATTR", Packer().opaque(f).raw(sattr3(mode=0o600).bytes()).boolean(True).u32(1).u32(2),
           want=10002)
    n.call(2, "SETATTR", Packer().opaque(f).raw(sattr3(mode=0o640, size=4000, mtime="client").bytes())
           .boolean(False))
    n.call(2, "SETATTR", Packer().opaque(bigf).raw(sattr3(atime="server", mtime="server").bytes())
           .boolean(False))
    s = n.new_fh(n.call(10, "SYMLINK", diropargs(d, "link-to-file").raw(sattr3(mode=0o777).bytes())
                        .string("file.txt")))
    n.call(5, "READLINK", Packer().opaque(s))
    n.call(15, "LINK", Packer().opaque(f).raw(diropargs(d, "hardlink.txt").bytes()))
    n.new_fh(n.call(11, "MKNOD", diropargs(d, "fifo").u32(7).raw(sattr3(mode=0o644).bytes())))
    n.new_fh(n.call(11, "MKNOD", diropargs(d, "chardev").u32(4).raw(sattr3(mode=0o600).bytes())
                    .u32(1).u32(3)))  # specdata3 1,3 (like /dev/null)
    n.call(14, "RENAME", diropargs(d, "hardlink.txt").raw(diropargs(d, "renamed.txt").bytes()))
    n.call(14, "RENAME", diropargs(d, "missing").raw(diropargs(d, "other").bytes()), want=2)
    u = n.call(16, "READDIR", Packer().opaque(d).u64(0).fixed(bytes(8)).u32(4096))
    n.call(17, "READDIRPLUS", Packer().opaque(d).u64(0).fixed(bytes(8)).u32(1024).u32(8192))
    del u
    n.call(13, "RMDIR", diropargs(root, "scratch"), want=66)  # NFS3ERR_NOTEMPTY
    for name in ("file.txt", "excl.txt", "big.bin", "link-to-file", "renamed.txt", "fifo", "chardev"):
        n.call(12, "REMOVE", diropargs(d, name))
    n.call(12, "REMOVE", diropargs(d, "no-such-file"), want=2)
    n.call(13, "RMDIR", diropargs(root, "scratch"))
    n.call(1, "GETATTR", Packer().opaque(d), want=70)  # NFS3ERR_STALE: the directory is gone
    n.c.close()
    mount_tail(host, mnt_port, export)


# ---------------------------------------------------------------- NLM v4 and NSM

def nlm4_lock(fh: bytes, owner: bytes, svid: int, offset: int, length: int, caller: str = "hexview-client") -> Packer:
    return Packer().string(caller).opaque(fh).opaque(owner).i32(svid).u64(offset).u64(length)


def nlm_res(u: Unpacker, name: str) -> int:
    if not u.rest():
        log(f"NLM4 {name} -> empty (void) results")
        return -1
    cookie = u.opaque()
    stat = u.u32()
    log(f"NLM4 {name} cookie {cookie.hex()} -> {NLM4_STATUS.get(stat, stat)}")
    return stat


def nlm_scenario(host: str, export: str) -> None:
    mnt_port = pmap_getport(host, MOUNT_PROG, 3)
    nfs_port = pmap_getport(host, NFS_PROG, 3)
    nlm_port = pmap_getport(host, NLM_PROG, 4)
    root = mount_mnt(host, mnt_port, export)
    n = Nfs3(host, nfs_port)
    fh = n.new_fh(n.call(8, "CREATE", diropargs(root, "locked.txt").u32(0).raw(sattr3(mode=0o644).bytes())))
    n.call(7, "WRITE", Packer().opaque(fh).u64(0).u32(4096).u32(2).opaque(b"L" * 4096))

    a = Client(host, nlm_port, NLM_PROG, 4, cred=auth_sys(uid=1000, gid=1000, gids=(1000,)))
    b = Client(host, nlm_port, NLM_PROG, 4, cred=auth_sys(uid=1001, gid=1001, gids=(1001,)))
    a.call(0)
    ck = iter(range(1, 100))

    def cookie() -> bytes:
        return b"HXV" + bytes([next(ck)])
    oa, ob = b"owner-A@hexview", b"owner-B@hexview"
    lock_a = nlm4_lock(fh, oa, 101, 0, 1024)
    lock_b = nlm4_lock(fh, ob, 202, 512, 1024)
    # TEST (free), LOCK by A, TEST by B -> DENIED with holder
    nlm_res(a.call(1, Packer().opaque(cookie()).boolean(True).raw(lock_a.bytes()).bytes()), "TEST")
    nlm_res(a.call(2, Packer().opaque(cookie()).boolean(False).boolean(True).raw(lock_a.bytes())
                   .boolean(False).i32(1).bytes()), "LOCK")
    u = b.call(1, Packer().opaque(cookie()).boolean(True).raw(lock_b.bytes()).bytes())
    if nlm_res(u, "TEST") == 1:
        log("  holder: excl", u.u32(), "svid", u.i32(), "oh", u.opaque(), "off", u.u64(), "len", u.u64())
    # non-blocking LOCK by B -> DENIED; blocking LOCK by B -> BLOCKED; CANCEL it; block again
    nlm_res(b.call(2, Packer().opaque(cookie()).boolean(False).boolean(True).raw(lock_b.bytes())
                   .boolean(False).i32(1).bytes()), "LOCK (non-blocking, conflict)")
    nlm_res(b.call(2, Packer().opaque(cookie()).boolean(True).boolean(True).raw(lock_b.bytes())
                   .boolean(False).i32(1).bytes()), "LOCK (blocking, conflict)")
    nlm_res(b.call(3, Packer().opaque(cookie()).boolean(True).boolean(True).raw(lock_b.bytes()).bytes()),
            "CANCEL")
    nlm_res(b.call(2, Packer().opaque(cookie()).boolean(True).boolean(True).raw(lock_b.bytes())
                   .boolean(False).i32(1).bytes()), "LOCK (blocking again)")
    # A unlocks: the server grants B's blocked lock with a call to B's lock manager
    # (found through the portmapper of the client host: here the same 127.0.0.1, so ganesha itself)
    nlm_res(a.call(4, Packer().opaque(cookie()).raw(lock_a.bytes()).bytes()), "UNLOCK")
    time.sleep(1.0)
    nlm_res(b.call(4, Packer().opaque(cookie()).raw(lock_b.bytes()).bytes()), "UNLOCK (B)")
    # the asynchronous *_MSG forms: the server answers with *_RES calls to our callback service
    # (one-way calls: no RPC reply; each is answered by a separate *_RES call from the server)
    msgs = Client(host, nlm_port, NLM_PROG, 4, cred=auth_sys(uid=1000, gid=1000, gids=(1000,)))
    msgs.send(6, Packer().opaque(cookie()).boolean(True).raw(lock_a.bytes()).bytes())
    time.sleep(0.3)
    msgs.send(7, Packer().opaque(cookie()).boolean(False).boolean(True).raw(lock_a.bytes())
              .boolean(False).i32(1).bytes())
    time.sleep(0.3)
    msgs.send(8, Packer().opaque(cookie()).boolean(False).boolean(True).raw(lock_a.bytes()).bytes())
    time.sleep(0.3)
    msgs.send(9, Packer().opaque(cookie()).raw(lock_a.bytes()).bytes())
    time.sleep(1.0)
    msgs.close()
    # GRANTED is a call to a client's lock manager; sent here to the server only to see its answer
    try:
        nlm_res(a.call(5, Packer().opaque(cookie()).boolean(True).raw(lock_b.bytes()).bytes()), "GRANTED")
    except RpcError as e:
        log("NLM4 GRANTED:", e)
    # SHARE / UNSHARE (DOS share reservations): nlm4_share = caller, fh, oh, mode, access
    share = Packer().string("hexview-client").opaque(fh).opaque(oa).u32(0).u32(3)
    for proc, name in ((20, "SHARE"), (21, "UNSHARE")):
        u = a.call(proc, Packer().opaque(cookie()).raw(share.bytes()).boolean(False).bytes())
        log(f"NLM4 {name} cookie {u.opaque().hex()} -> {NLM4_STATUS.get(u.u32())} seq {u.i32()}")
    # NM_LOCK (non-monitored lock) then FREE_ALL for our host name
    nlm_res(a.call(22, Packer().opaque(cookie()).boolean(False).boolean(True)
                   .raw(nlm4_lock(fh, oa, 103, 2048, 10).bytes()).boolean(False).i32(1).bytes()), "NM_LOCK")
    a.call(23, Packer().string("hexview-client").i32(3).bytes())
    log("NLM4 FREE_ALL sent")
    # NLM version 1 (32-bit offsets): TEST
    try:
        v1lock = Packer().string("hexview-client").opaque(fh).opaque(oa).i32(104).u32(0).u32(10)
        nlm_res(a.call(1, Packer().opaque(cookie()).boolean(True).raw(v1lock.bytes()).bytes(), vers=1),
                "v1 TEST")
    except RpcError as e:
        log("NLM v1 TEST:", e)
    a.close()
    b.close()
    n.call(12, "REMOVE", diropargs(root, "locked.txt"))
    n.c.close()


def nsm_scenario(host: str) -> None:
    """NSM (program 100024 v1) calls to rpc.statd: STAT, MON, UNMON, UNMON_ALL, NOTIFY."""
    port = pmap_getport(host, NSM_PROG, 1)
    c = Client(host, port, NSM_PROG, 1, privileged=True)
    c.call(0)
    u = c.call(1, Packer().string("localhost").bytes())  # SM_STAT(sm_name) -> sm_stat_res
    log("SM_STAT ->", u.u32(), "state", u.i32())
    # my_id: whom statd calls back when the monitored host reboots (a lock manager: NLM v4 proc 16,
    # the private SM_NOTIFY callback nfs-ganesha registers too)
    my_id = Packer().string("localhost").u32(NLM_PROG).u32(4).u32(16)
    mon = Packer().string("127.0.0.2").raw(my_id.bytes()).fixed(b"HEXVIEW-PRIV-16B")  # priv[16]
    u = c.call(2, mon.bytes())
    log("SM_MON ->", u.u32(), "state", u.i32())
    c.call(6, Packer().string("127.0.0.2").i32(7).bytes())  # SM_NOTIFY(stat_chge): 127.0.0.2 rebooted
    log("SM_NOTIFY sent")
    time.sleep(1.0)
    u = c.call(3, Packer().string("127.0.0.2").raw(my_id.bytes()).bytes())
    log("SM_UNMON -> state", u.i32())
    u = c.call(4, my_id.bytes())
    log("SM_UNMON_ALL -> state", u.i32())
    c.close()


# ---------------------------------------------------------------- NFS ACL (program 100227)

def nfsacl_scenario(host: str, export: str) -> None:
    mnt_port = pmap_getport(host, MOUNT_PROG, 3)
    root = mount_mnt(host, mnt_port, export)
    try:
        port = pmap_getport(host, NFSACL_PROG, 3)
    except RpcError as e:
        log("NFSACL GETPORT:", e)
        port = 0
    port = port or 2049
    c = Client(host, port, NFSACL_PROG, 3)
    try:
        c.call(0)
        # GETACL(fh, mask): mask NFS_ACL|NFS_ACLCNT|NFS_DFACL|NFS_DFACLCNT = 0xf
        u = c.call(1, Packer().opaque(root).u32(0xF).bytes())
        status = u.u32()
        log("NFSACL GETACL -> status", status)
        if status == 0:
            if u.u32():
                u.fixed(84)  # post_op_attr: fattr3
            log("  mask", hex(u.u32()))
            for what in ("access ACL", "default ACL"):
                count, n = u.u32(), u.u32()
                log(f"  {what}: {count} entries", [(u.u32(), u.u32(), oct(u.u32())) for _ in range(n)])
        # SETACL(fh, mask, acl, default acl): user::rwx group::r-x mask::r-x other::r-x, default = same
        entries = ((0x01, 0, 7), (0x04, 0, 5), (0x10, 0, 5), (0x20, 0, 5))
        p = Packer().opaque(root).u32(0xF)
        for flag in (0, 0x1000):  # NFS_ACL_DEFAULT marks default entries
            p.u32(len(entries)).u32(len(entries))
            for t, i, perm in entries:
                p.u32(t | flag).u32(i).u32(perm)
        log("NFSACL SETACL -> status", c.call(2, p.bytes()).u32())
        c.call(1, Packer().opaque(root).u32(0x3).bytes())
    except RpcError as e:
        log("NFSACL:", e)
    c.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", choices=["allprocs", "nlm", "nsm", "nfsacl", "rpcbind"])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--export", default="/export")
    ap.add_argument("--big", type=int, default=100000)
    a = ap.parse_args()
    if a.scenario == "allprocs":
        allprocs(a.host, a.export, a.big)
    elif a.scenario == "nlm":
        nlm_scenario(a.host, a.export)
    elif a.scenario == "nsm":
        nsm_scenario(a.host)
    elif a.scenario == "nfsacl":
        nfsacl_scenario(a.host, a.export)
    else:
        rpcbind_scenario(a.host)
    return 0


if __name__ == "__main__":
    sys.exit(main())
