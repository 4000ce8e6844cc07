"""A userspace Ethernet switch between network namespaces that holds every frame for a fixed delay.

make_cluster.sh needs several "nodes" (network namespaces) whose captures show the same TCP
segments at both ends with a real, known one-way delay. The usual tool, `tc qdisc ... netem delay`,
is missing from kernels built without sch_netem, so this switch does the delaying instead: it
creates one TAP device in each namespace, reads the frames a node sends, and writes each one,
unchanged, to the TAP of the destination node (learned from source MAC addresses; unknown and
broadcast destinations go to every other port) once DELAY milliseconds have passed.

TAP devices opened without IFF_VNET_HDR get fully segmented frames with finished checksums, so
tcpdump on the sending and on the receiving node records identical bytes; only the time differs.
Frames keep their order per port (one constant delay, one FIFO) unless jitter is asked for.

    python3 delay_switch.py [--jitter MS] [--loss PERCENT] [--seed N] DELAY_MS READY_FILE NETNS:TAPNAME [...]

--jitter adds a uniformly drawn 0..MS to each frame's delay (frames then overtake each other, as
netem's jitter makes them) and --loss drops that share of the unicast frames (TCP resends them);
both draw from a generator seeded by --seed, so a run's choices can be repeated.

READY_FILE is written once every TAP exists (the caller then gives them addresses); the switch
runs until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import ctypes
import fcntl
import heapq
import os
import random
import select
import signal
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000
BROADCAST = b"\xff" * 6

libc = ctypes.CDLL(None, use_errno=True)


def enter_netns(fd: int) -> None:
    """Move this (single-threaded) process into the network namespace open at fd."""
    if libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def open_tap(netns: str, name: str, home: int) -> int:
    """A TAP named name inside netns (created there, so it belongs to that namespace)."""
    ns_fd = os.open(f"/run/netns/{netns}", os.O_RDONLY)
    try:
        enter_netns(ns_fd)
        tap = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
        fcntl.ioctl(tap, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    finally:
        enter_netns(home)
        os.close(ns_fd)
    return tap


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jitter", type=float, default=0.0)
    ap.add_argument("--loss", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("delay_ms", type=float)
    ap.add_argument("ready_file")
    ap.add_argument("ports", nargs="+")
    a = ap.parse_args(argv[1:])
    delay, jitter, loss = a.delay_ms / 1000.0, a.jitter / 1000.0, a.loss / 100.0
    rng = random.Random(a.seed)
    ready_file = a.ready_file
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    taps = [open_tap(*spec.split(":", 1), home) for spec in a.ports]
    with open(ready_file, "w") as ready:
        ready.write(f"{os.getpid()}\n")

    running = True

    def stop(_signum: int, _frame: object) -> None:
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    where: dict[bytes, int] = {}  # MAC -> TAP fd it was last seen on
    pending: list[tuple[float, int, int, bytes]] = []  # heap of (due time, arrival number, out fd, frame)
    arrivals = 0
    while running:
        timeout = max(0.0, pending[0][0] - time.monotonic()) if pending else 0.5
        try:
            readable, _, _ = select.select(taps, [], [], timeout)
        except InterruptedError:
            continue
        now = time.monotonic()
        for fd in readable:
            while True:
                try:
                    frame = os.read(fd, 65536)
                except BlockingIOError:
                    break
                if len(frame) < 14:
                    continue
                where[frame[6:12]] = fd
                dst = frame[0:6]
                outs = [where[dst]] if dst != BROADCAST and dst in where else [t for t in taps if t != fd]
                if dst != BROADCAST and loss and rng.random() < loss:
                    continue
                for out in outs:
                    if out != fd:
                        arrivals += 1
                        due = now + delay + (rng.uniform(0.0, jitter) if jitter else 0.0)
                        heapq.heappush(pending, (due, arrivals, out, frame))
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _, _, out, frame = heapq.heappop(pending)
            try:
                os.write(out, frame)
            except OSError as exc:  # a node whose interface is down drops the frame, as a cable would
                print(f"delay_switch: drop on fd {out}: {exc}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
