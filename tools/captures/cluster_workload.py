"""The file operations make_cluster.sh runs on a GlusterFS FUSE mount while tcpdump records them.

Each scenario tells one story (a brick killed and revived under a disperse or a replica volume,
or a small write seen from several nodes) with as few operations as it needs: the file that is
written is kept open across the steps, so the capture holds the FOPs of the story (locks, the
read-modify-write of a partial stripe, the xattrop updates) and not a LOOKUP/OPEN/RELEASE
round for every step, which keeps the captures and their tshark decodes small.

Every step is noted in the events file as "<wall-clock seconds> <text>" just before it starts,
on the clock tcpdump stamps packets with, so make_cluster.sh can name the first frame of each.

    python3 cluster_workload.py SCENARIO MOUNT EVENTS_FILE [--kill PID] [--restart CMD]

Scenarios: ec, afr, nodes, ec6, dr. ec, afr, ec6 and dr need both options: --kill is the pid of the brick process to
kill -9 (sent from here: a kill command run in a child process would close the child's copy of the
open file's descriptor first, and FUSE turns that close into a FLUSH on every brick), --restart a
shell command that starts the brick again and waits until the client is attached to it.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

STRIPES = b"HEXVIEW-STRIPES-"  # 16 bytes: 2048 bytes of it are 2 EC stripes (2 x 512-byte fragments each)


class Story:
    """Runs steps in order, writing each step's start to the events file first."""

    def __init__(self, mount: Path, events: Path, kill: int | None, restart: str | None) -> None:
        self.mount = mount
        self.events = events
        self.kill_pid = kill
        self.restart_cmd = restart

    def step(self, text: str) -> None:
        with self.events.open("a") as out:
            out.write(f"{time.time():.6f} {text}\n")
        print(f"-- {text}", flush=True)

    def kill_brick(self) -> None:
        if self.kill_pid is None:
            sys.exit("this scenario needs --kill")
        os.kill(self.kill_pid, signal.SIGKILL)

    def restart_brick(self) -> None:
        if self.restart_cmd is None:
            sys.exit("this scenario needs --restart")
        subprocess.run(self.restart_cmd, shell=True, check=True)

    def path(self, name: str) -> str:
        return str(self.mount / name)

    def write_new(self, name: str, data: bytes) -> None:
        fd = os.open(self.path(name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    def read_all(self, name: str) -> bytes:
        with open(self.path(name), "rb") as f:
            return f.read()


def pause(seconds: float) -> None:
    """Lets EC's eager lock (disperse.eager-lock-timeout, 1 s) and AFR's delayed post-op end, so
    the next step takes its own locks and its own xattrop."""
    time.sleep(seconds)


def ec(s: Story) -> None:
    s.step("A1 create b.bin and write 2048 bytes at 0: 2 whole stripes, no read (all bricks up)")
    fd = os.open(s.path("b.bin"), os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
    os.pwrite(fd, STRIPES * 128, 0)
    pause(2)
    s.step("A2 unaligned write: 100 bytes 'W' at offset 700 of b.bin, inside stripe 0 (all bricks up)")
    os.pwrite(fd, b"W" * 100, 700)
    pause(2)
    s.step("B0 kill -9 the glusterfsd of brick 3 (ecvol-client-2)")
    s.kill_brick()
    pause(1)
    s.step("B1 unaligned write: 100 bytes 'D' at offset 1500 of b.bin, inside stripe 1 (brick 3 down)")
    os.pwrite(fd, b"D" * 100, 1500)
    pause(2)
    s.step("B2 close b.bin (brick 3 down)")
    os.close(fd)
    s.step("B3 create c.txt, 31 bytes (brick 3 down)")
    s.write_new("c.txt", b"created while brick 3 was down\n")
    pause(3.5)  # the client's reconnect attempts: PORTBYBRICK to glusterd finds no port for brick 3
    s.step("C0 start brick 3 again (its glusterfsd command line), wait until the client is attached")
    s.restart_brick()
    pause(1)
    s.step("C1 stat b.bin: LOOKUP, brick 3 answers with its old trusted.ec.version/size/dirty")
    os.stat(s.path("b.bin"))
    s.step("C2 stat c.txt: LOOKUP, brick 3 has no c.txt")
    os.stat(s.path("c.txt"))
    s.step("C3 read b.bin (2048 bytes)")
    s.read_all("b.bin")


def afr(s: Story) -> None:
    s.step("A1 mkdir rdir, create rdir/r.bin and write 2048 bytes at 0 (all bricks up)")
    os.mkdir(s.path("rdir"))
    fd = os.open(s.path("rdir/r.bin"), os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
    os.pwrite(fd, STRIPES * 128, 0)
    pause(2)
    s.step("A2 write 100 bytes 'W' at offset 700 of r.bin (all bricks up)")
    os.pwrite(fd, b"W" * 100, 700)
    pause(2)
    s.step("B0 kill -9 the glusterfsd of brick 2 (repvol-client-1)")
    s.kill_brick()
    pause(1)
    s.step("B1 write 100 bytes 'D' at offset 1500 of r.bin (brick 2 down: data pending)")
    os.pwrite(fd, b"D" * 100, 1500)
    pause(2)
    s.step("B2 close r.bin (brick 2 down)")
    os.close(fd)
    s.step("B3 chmod 600 rdir/r.bin (brick 2 down: metadata pending)")
    os.chmod(s.path("rdir/r.bin"), 0o600)
    s.step("B4 create rdir/new.txt, 31 bytes (brick 2 down: entry pending on rdir)")
    s.write_new("rdir/new.txt", b"created while brick 2 was down\n")
    pause(3.5)
    s.step("C0 start brick 2 again (its glusterfsd command line), wait until the client is attached")
    s.restart_brick()
    pause(1)
    s.step("C1 stat rdir/r.bin: LOOKUP, bricks 1 and 3 blame brick 2 (trusted.afr.repvol-client-1)")
    os.stat(s.path("rdir/r.bin"))
    s.step("C2 stat rdir/new.txt: LOOKUP, brick 2 has no new.txt")
    os.stat(s.path("rdir/new.txt"))
    s.step("C3 read rdir/r.bin (2048 bytes)")
    s.read_all("rdir/r.bin")


def nodes(s: Story) -> None:
    s.step("A1 create y.bin and write 2048 bytes at 0")
    fd = os.open(s.path("y.bin"), os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
    os.pwrite(fd, STRIPES * 128, 0)
    pause(2)
    s.step("A2 unaligned write: 100 bytes 'W' at offset 700 of y.bin")
    os.pwrite(fd, b"W" * 100, 700)
    pause(2)
    s.step("A3 close y.bin, stat it, read it")
    os.close(fd)
    os.stat(s.path("y.bin"))
    s.read_all("y.bin")


def ec6(s: Story) -> None:
    """disperse 6 redundancy 2: k = 4, a stripe is 4 x 512 = 2048 bytes of the file."""
    s.step("A1 create e.bin and write 8192 bytes at 0: 4 whole stripes, no read (all bricks up)")
    fd = os.open(s.path("e.bin"), os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
    os.pwrite(fd, STRIPES * 512, 0)
    pause(2)
    s.step("A2 unaligned write: 100 bytes 'W' at offset 700, inside stripe 0 (all bricks up)")
    os.pwrite(fd, b"W" * 100, 700)
    pause(2)
    s.step("A3 unaligned write: 3000 bytes 'X' at offset 1000, partial stripes 0 and 1 (all bricks up)")
    os.pwrite(fd, b"X" * 3000, 1000)
    pause(2)
    s.step("A4 write 5000 bytes 'Y' at offset 2048: aligned head, partial tail in stripe 3 (all bricks up)")
    os.pwrite(fd, b"Y" * 5000, 2048)
    pause(2)
    s.step("B0 kill -9 the glusterfsd of brick 5 (dvol-client-4)")
    s.kill_brick()
    pause(1)
    s.step("B1 write 10 bytes 'Z' at offset 8190: across stripes 3 and 4, the file grows (brick 5 down)")
    os.pwrite(fd, b"Z" * 10, 8190)
    pause(2)
    s.step("B2 close e.bin (brick 5 down)")
    os.close(fd)
    pause(3.5)
    s.step("C0 start brick 5 again (its glusterfsd command line), wait until the client is attached")
    s.restart_brick()
    pause(1)
    s.step("C1 stat e.bin: LOOKUP, brick 5 answers with its old trusted.ec.version/size; the client heals it")
    os.stat(s.path("e.bin"))
    pause(4)
    s.step("C2 read e.bin (8200 bytes)")
    s.read_all("e.bin")


def dr(s: Story) -> None:
    """distributed-replicate 2 x 2: DHT puts each file on one replica set by its name's hash."""
    names = [f"d/f{i}" for i in range(4)]
    s.step("A1 mkdir d, create d/f0 .. d/f3 with 1000 bytes each (all bricks up)")
    os.mkdir(s.path("d"))
    for name in names:
        s.write_new(name, STRIPES * 62 + b"12345678")
    pause(2)
    s.step("B0 kill -9 the glusterfsd of brick 2 (drvol-client-1, replica set 0)")
    s.kill_brick()
    pause(1)
    s.step("B1 append 100 bytes to each of d/f0 .. d/f3 (brick 2 down)")
    for name in names:
        fd = os.open(s.path(name), os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, b"A" * 100)
        finally:
            os.close(fd)
    s.step("B2 create d/g.txt, 31 bytes (brick 2 down)")
    s.write_new("d/g.txt", b"created while brick 2 was down\n")
    pause(3.5)
    s.step("C0 start brick 2 again (its glusterfsd command line), wait until the client is attached")
    s.restart_brick()
    pause(1)
    s.step("C1 stat d/f0 .. d/f3 and d/g.txt (heals off: brick 2 stays stale)")
    for name in [*names, "d/g.txt"]:
        os.stat(s.path(name))
    s.step("C2 list d")
    os.listdir(s.path("d"))


SCENARIOS: dict[str, Callable[[Story], None]] = {"ec": ec, "afr": afr, "nodes": nodes, "ec6": ec6, "dr": dr}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("mount", type=Path)
    parser.add_argument("events", type=Path)
    parser.add_argument("--kill", type=int)
    parser.add_argument("--restart")
    args = parser.parse_args()
    SCENARIOS[args.scenario](Story(args.mount, args.events, args.kill, args.restart))


if __name__ == "__main__":
    main()
