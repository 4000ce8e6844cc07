"""Write ``tcpdump -nn -X`` text of NBD traffic for as long as asked: an endless live pipe.

What a busy NBD server's capture looks like when piped into ``hexview -`` for days:
many short connections, each on a new client port (handshake, one NBD_CMD_READ of
4 KiB and its simple reply, FINs), and a few long ones that stay open and read now
and then. The bytes are real NBD transmission-phase messages (the NBD protocol's
request and simple reply layouts) in IPv4/TCP frames with correct checksums, written
as ``tools/make_demos.py`` writes its demos:

    python tools/endless_pipe.py | hexview -                  (until interrupted)
    python tools/endless_pipe.py --conversations 50000 > nbd-endless.X.txt

The interactive view's memory bound (``--max-memory``) and the CLI outputs' forgetting of
closed conversations are tested by feeding it.
"""

from __future__ import annotations

import argparse
import calendar
import struct
import sys
import time
from collections.abc import Iterator

from make_demos import ACK, FIN, PSH, SYN, Link, tcpdump_x_lines

SERVER = ("10.0.0.2", 10809)
START = calendar.timegm((2024, 3, 1, 9, 0, 0, 0, 0, 0))
REQUEST_MAGIC, SIMPLE_REPLY_MAGIC = 0x25609513, 0x67446698
NBD_CMD_READ = 0
FIRST_PORT, PORTS = 1024, 64000


def read_request(handle: int, offset: int, length: int) -> bytes:
    """struct nbd_request: magic, command flags, type, handle (cookie), offset, length."""
    return struct.pack(">IHHQQI", REQUEST_MAGIC, 0, NBD_CMD_READ, handle, offset, length)


def simple_reply(handle: int, data: bytes) -> bytes:
    """struct nbd_simple_reply: magic, error, handle; then a read's data."""
    return struct.pack(">IIQ", SIMPLE_REPLY_MAGIC, 0, handle) + data


def client_of(number: int) -> tuple[str, int]:
    """Connection ``number``'s client: a new port each time (a new address every 64,000)."""
    host = 1 + number // PORTS
    return (f"10.1.{(host >> 8) & 0xFF}.{host & 0xFF}", FIRST_PORT + number % PORTS)


class Traffic:
    """Short connections one after another, and ``long`` connections kept open that
    read once every ``every`` short ones, each closed after ``long_reads`` reads and
    replaced by a new one. One clock for all: each frame 150 µs after the one before."""

    def __init__(self, read_size: int = 4096, long: int = 2, every: int = 4, long_reads: int = 500) -> None:
        self.read_size = read_size
        self.data = bytes(range(256)) * (read_size // 256 + 2)  # a read's data: a byte ramp
        self.every = every
        self.long_reads = long_reads
        self.clock = float(START)
        self.handle = 0
        self.connections = 0
        self.pending: list[str] = []  # the long connections' handshakes, written first
        self.long: list[tuple[Link, int]] = []
        for _ in range(long):
            link = self._new()
            self._open(link)
            self.long.append((link, 0))
            self.pending += self._take(link)

    def _new(self) -> Link:
        link = Link(client_of(self.connections), SERVER)
        self.connections += 1
        return link

    def _emit(self, link: Link, who: str, flags: int, payload: bytes = b"") -> None:
        self.clock += 0.000150
        link.emit(who, flags, payload, self.clock)

    def _open(self, link: Link) -> None:
        for who, flags in (("c", SYN), ("s", SYN | ACK), ("c", ACK)):
            self._emit(link, who, flags)

    def _close(self, link: Link) -> None:
        for who, flags in (("c", FIN | ACK), ("s", FIN | ACK), ("c", ACK)):
            self._emit(link, who, flags)

    def _read(self, link: Link) -> None:
        """A 4 KiB read and its reply, each in one segment (as on the loopback device)."""
        self.handle += 1
        offset = (self.handle * self.read_size) % (1 << 40)
        self._emit(link, "c", PSH | ACK, read_request(self.handle, offset, self.read_size))
        data = self.data[self.handle % 8 :][: self.read_size]  # 8 kinds: the rows format once
        self._emit(link, "s", PSH | ACK, simple_reply(self.handle, data))

    @staticmethod
    def _take(link: Link) -> list[str]:
        frames, link.frames = link.frames, []
        return [line for frame in frames for line in tcpdump_x_lines(frame)]

    def short(self) -> list[str]:
        """One short connection, 6 packets: SYN, SYN-ACK, a read and its reply, FIN each way."""
        link = self._new()
        self._emit(link, "c", SYN)
        self._emit(link, "s", SYN | ACK)
        self._read(link)
        self._emit(link, "c", FIN | ACK)
        self._emit(link, "s", FIN | ACK)
        return self._take(link)

    def step(self, number: int) -> list[str]:
        """Short connection ``number`` and, every ``every``-th, a read on each long one."""
        lines, self.pending = self.pending, []
        lines += self.short()
        if self.every and number % self.every == 0:
            for i, (link, reads) in enumerate(self.long):
                self._read(link)
                reads += 1
                if reads >= self.long_reads:
                    self._close(link)
                    lines += self._take(link)
                    link = self._new()
                    self._open(link)
                    reads = 0
                self.long[i] = (link, reads)
                lines += self._take(link)
        return lines


def steps(conversations: int | None, **traffic: int) -> Iterator[list[str]]:
    """The text of ``conversations`` short connections (None: without end), a list of
    lines per short connection (with the long connections' reads that follow it)."""
    source = Traffic(**traffic)
    number = 0
    while conversations is None or number < conversations:
        yield source.step(number)
        number += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=None, help="short connections to write (default: no end)")
    parser.add_argument("--read-size", type=int, default=4096, help="bytes each read asks for (default 4096)")
    parser.add_argument("--long", type=int, default=2, help="long connections kept open (default 2)")
    parser.add_argument("--every", type=int, default=4, help="short connections between two reads on the long ones")
    parser.add_argument("--long-reads", type=int, default=500, help="reads before a long connection is replaced")
    parser.add_argument("--pace", type=float, default=0.0, help="seconds to wait after each short connection")
    args = parser.parse_args(argv)
    traffic = {"read_size": args.read_size, "long": args.long, "every": args.every, "long_reads": args.long_reads}
    out = sys.stdout
    try:
        for text in steps(args.conversations, **traffic):
            out.write("\n".join(text) + "\n")
            if args.pace:
                out.flush()
                time.sleep(args.pace)
        out.flush()
    except BrokenPipeError:  # the reader went away: the usual end of an endless pipe
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
