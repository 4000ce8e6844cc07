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

from make_demos import TcpConnection, tcpdump_x_lines

SERVER = ("10.0.0.2", 10809)
START = calendar.timegm((2024, 3, 1, 9, 0, 0, 0, 0, 0))
REQUEST_MAGIC, SIMPLE_REPLY_MAGIC = 0x25609513, 0x67446698
NBD_CMD_READ = 0
LOOPBACK_MSS = 65483  # one segment per message, as on the loopback device
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
    replaced by a new one."""

    def __init__(self, read_size: int = 4096, long: int = 2, every: int = 4, long_reads: int = 500) -> None:
        self.read_size = read_size
        self.data = bytes(range(256)) * (read_size // 256 + 2)  # a read's data: a byte ramp from handle % 256
        self.every = every
        self.long_reads = long_reads
        self.clock = float(START)
        self.handle = 0
        self.connections = 0
        self.long: list[tuple[TcpConnection, int]] = [(self._new(), 0) for _ in range(long)]
        self.pending: list[str] = []  # the long connections' handshakes, written first
        for connection, _ in self.long:
            connection.open()
            self.pending += self._take(connection)

    def _new(self) -> TcpConnection:
        connection = TcpConnection(client_of(self.connections), SERVER, self.clock, mss=LOOPBACK_MSS)
        self.connections += 1
        return connection

    def _read(self, connection: TcpConnection) -> None:
        self.handle += 1
        offset = (self.handle * self.read_size) % (1 << 40)
        connection.send("c", read_request(self.handle, offset, self.read_size), ack=False)
        data = self.data[self.handle % 8 :][: self.read_size]  # 8 kinds: the rows format once
        connection.send("s", simple_reply(self.handle, data), ack=False)

    def _take(self, connection: TcpConnection) -> list[str]:
        frames, connection.frames = connection.frames, []
        if frames:
            self.clock = max(self.clock, frames[-1].time)
        return [line for frame in frames for line in tcpdump_x_lines(frame)]

    def short(self) -> list[str]:
        """One short connection: SYN, SYN-ACK, a 4 KiB read and its reply, FIN each way."""
        connection = self._new()
        connection.emit("c", 0x02)  # SYN
        connection.emit("s", 0x12)  # SYN, ACK
        self._read(connection)
        connection.emit("c", 0x11, dt=0.001)  # FIN, ACK
        connection.emit("s", 0x11)
        return self._take(connection)

    def step(self, number: int) -> list[str]:
        """Short connection ``number`` and, every ``every``-th, a read on each long one."""
        lines, self.pending = self.pending, []
        lines += self.short()
        if self.every and number % self.every == 0:
            for i, (connection, reads) in enumerate(self.long):
                connection.clock = max(connection.clock, self.clock)
                self._read(connection)
                reads += 1
                if reads >= self.long_reads:
                    connection.close()
                    lines += self._take(connection)
                    connection = self._new()
                    connection.open()
                    reads = 0
                self.long[i] = (connection, reads)
                lines += self._take(connection)
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
