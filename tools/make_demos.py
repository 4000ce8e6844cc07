"""Write demo captures of the protocols no public capture holds (OCFS2, POHMELFS).

No capture of OCFS2's o2net/DLM or of POHMELFS exists anywhere public, so these
demos are assembled from the message bytes the golden tests write out by hand from
the seeds (tests/golden/: seed 000's dissected OCFS2 examples, seed 002's POHMELFS
commands), and, for the three-node lock exchange, packed by the Linux kernel's
message layouts (tools/demo_ocfs2_locks.py). Each conversation gets a TCP three-way handshake, data segments with
correct IP and TCP checksums, and a FIN exchange, and is written twice: as a pcap
and as the text ``tcpdump -X`` prints, so both readers can be tried in the TUI:

    python tools/make_demos.py [OUTDIR]      (default: tests/data/demos)
    make run CAPTURE=tests/data/demos/ocfs2-cluster.pcap
"""

from __future__ import annotations

import calendar
import struct
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # golden/ holds the message bytes

START = calendar.timegm((2009, 6, 10, 14, 2, 7, 0, 0, 0))  # the 2.6.30 era, UTC: the same files everywhere
SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01
MSS = 1448


@dataclass
class Frame:
    time: float
    ip: bytes  # IPv4 header + TCP header + payload
    src: tuple[str, int]
    dst: tuple[str, int]
    flags: int
    rel_seq: int
    rel_ack: int
    payload_len: int
    syn: bool


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _addr(text: str) -> bytes:
    return bytes(int(part) for part in text.split("."))


def _packet(src, dst, seq: int, ack: int, flags: int, payload: bytes, ident: int) -> bytes:
    tcp = struct.pack("!HHIIBBHHH", src[1], dst[1], seq, ack, 5 << 4, flags, 502, 0, 0)
    pseudo = _addr(src[0]) + _addr(dst[0]) + struct.pack("!BBH", 0, 6, len(tcp) + len(payload))
    tcp = tcp[:16] + struct.pack("!H", _checksum(pseudo + tcp + payload)) + tcp[18:]
    ip = struct.pack(
        "!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(payload), ident, 0x4000, 64, 6, 0, _addr(src[0]), _addr(dst[0])
    )
    ip = ip[:10] + struct.pack("!H", _checksum(ip)) + ip[12:]
    return ip + tcp + payload


class Connection:
    """One TCP connection's frames, each sent at the time the caller gives, so that
    several connections can be written interleaved (merge their ``frames`` by time):
    the handshake, data in MSS-sized segments, ACKs, the FIN exchange, with true
    sequence numbers and checksums."""

    def __init__(self, client, server, isn=(0x1C0FFEE0, 0x5EED5EED)) -> None:
        self.isn = {"c": isn[0], "s": isn[1]}
        self.seq = dict(self.isn)
        self.ends = {"c": (client, server), "s": (server, client)}
        self.frames: list[Frame] = []
        self.ident = 1

    def emit(self, who: str, flags: int, payload: bytes, at: float) -> None:
        other = "s" if who == "c" else "c"
        src, dst = self.ends[who]
        ack = self.seq[other] if flags & ACK else 0
        self.frames.append(
            Frame(
                at,
                _packet(src, dst, self.seq[who], ack, flags, payload, self.ident),
                src,
                dst,
                flags,
                self.seq[who] - self.isn[who],
                ack - self.isn[other] if ack else 0,
                len(payload),
                bool(flags & SYN),
            )
        )
        self.ident += 1
        self.seq[who] = (self.seq[who] + len(payload) + (1 if flags & (SYN | FIN) else 0)) & 0xFFFFFFFF

    def open(self, at: float, step: float = 0.000150) -> float:
        """SYN, SYN+ACK, ACK from ``at`` on; the time of the last."""
        for i, (who, flags) in enumerate((("c", SYN), ("s", SYN | ACK), ("c", ACK))):
            self.emit(who, flags, b"", at + i * step)
        return at + 2 * step

    def send(self, who: str, data: bytes, at: float, step: float = 0.000400, ack_after: float = 0.000030) -> float:
        """``data`` from ``who`` ('c' or 's') in MSS-sized segments ``step`` apart from
        ``at`` on, then the other side's ACK; the time of that ACK."""
        for n, pos in enumerate(range(0, len(data), MSS)):
            self.emit(who, PSH | ACK, data[pos : pos + MSS], at + n * step)
        end = at + (len(data) - 1) // MSS * step + ack_after
        self.emit("s" if who == "c" else "c", ACK, b"", end)
        return end

    def close(self, at: float, step: float = 0.000150) -> float:
        """FIN from the client, the server's FIN, the last ACK."""
        for i, (who, flags) in enumerate((("c", FIN | ACK), ("s", FIN | ACK), ("c", ACK))):
            self.emit(who, flags, b"", at + i * step)
        return at + 2 * step


class Link(Connection):
    """A Connection with the demos' fixed pauses, each before its step (the three-way
    handshake 150 µs on, each segment 400 µs after the one before, the close 1 ms on),
    for scripts that keep one clock over several links (tools/demo_ocfs2_locks.py)."""

    def open(self, at: float, step: float = 0.000150) -> float:
        return super().open(at + step, step)

    def send(self, who: str, data: bytes, at: float, step: float = 0.000400, ack_after: float = 0.000030) -> float:
        return super().send(who, data, at + step, step, ack_after)

    def close(self, at: float, step: float = 0.000150) -> float:
        return super().close(at + 0.001, step)


def conversation(client, server, sends: list[tuple[str, bytes]], t0: float, isn=(0x1C0FFEE0, 0x5EED5EED)) -> list[Frame]:
    """Frames of one TCP connection: handshake, each ('c'|'s', bytes) send in its own
    segments (split at MSS), an ACK after each, then FIN from the client."""
    conn = Connection(client, server, isn)
    clock = conn.open(t0 + 0.000150)
    for who, data in sends:
        clock = conn.send(who, data, clock + 0.000400)
    conn.close(clock + 0.001)
    return conn.frames


# -- output ---------------------------------------------------------------------------


def write_pcap(path: Path, frames: list[Frame]) -> None:
    """Classic pcap, microsecond stamps, LINKTYPE_RAW (101): frames start at the IP header."""
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101)]
    for f in frames:
        sec = int(f.time)
        out.append(struct.pack("<IIII", sec, int(round((f.time - sec) * 1e6)), len(f.ip), len(f.ip)) + f.ip)
    path.write_bytes(b"".join(out))


def _flags_text(flags: int) -> str:
    text = "".join(ch for bit, ch in ((SYN, "S"), (FIN, "F"), (PSH, "P")) if flags & bit)
    return (text + ".") if flags & ACK else text


def write_tcpdump_x(path: Path, frames: list[Frame]) -> None:
    """What ``tcpdump -nn -X`` prints: a summary line (relative sequence numbers), then
    16-byte rows of hex groups and their ASCII."""
    lines = []
    for f in frames:
        stamp = time.strftime("%H:%M:%S", time.gmtime(f.time)) + f".{int(round((f.time % 1) * 1e6)):06d}"
        head = f"{stamp} IP {f.src[0]}.{f.src[1]} > {f.dst[0]}.{f.dst[1]}: Flags [{_flags_text(f.flags)}]"
        if f.syn and not f.flags & ACK:
            head += f", seq {struct.unpack_from('!I', f.ip, 24)[0]}"
        elif f.syn:
            head += f", seq {struct.unpack_from('!I', f.ip, 24)[0]}, ack {struct.unpack_from('!I', f.ip, 28)[0]}"
        elif f.payload_len:
            head += f", seq {f.rel_seq}:{f.rel_seq + f.payload_len}, ack {f.rel_ack}"
        else:
            head += f", ack {f.rel_ack}"
        lines.append(f"{head}, win 502, length {f.payload_len}")
        for at in range(0, len(f.ip), 16):
            row = f.ip[at : at + 16]
            groups = " ".join(row[i : i + 2].hex() for i in range(0, len(row), 2))
            text = "".join(chr(b) if 32 <= b < 127 else "." for b in row)
            lines.append(f"\t0x{at:04x}:  {groups:<39}  {text}")
    path.write_text("\n".join(lines) + "\n")


def write_demo(outdir: Path, name: str, frames: list[Frame]) -> None:
    write_pcap(outdir / f"{name}.pcap", frames)
    write_tcpdump_x(outdir / f"{name}.X.txt", frames)


def main(argv: list[str]) -> int:
    outdir = Path(argv[1]) if len(argv) > 1 else ROOT / "tests" / "data" / "demos"
    outdir.mkdir(parents=True, exist_ok=True)
    from demo_conversations import ocfs2_cluster, pohmelfs_session
    from demo_ocfs2_locks import ocfs2_locks

    write_demo(outdir, "ocfs2-cluster", ocfs2_cluster(conversation, START))
    write_demo(outdir, "pohmelfs-session", pohmelfs_session(conversation, START + 60))
    write_demo(outdir, "ocfs2-locks-3node", ocfs2_locks(Link, START + 120))
    print(f"wrote ocfs2-cluster, pohmelfs-session and ocfs2-locks-3node (.pcap, .X.txt) to {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
