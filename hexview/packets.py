"""What every reader yields: one captured packet (or one piece of a raw stream).

A packet remembers where in the input it came from, so any byte hexview shows can be
traced back to a line of tcpdump text or a frame of a pcap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Link-layer types, numbered as pcap's LINKTYPE_* values.
LINKTYPE_NULL = 0  # BSD loopback: 4-byte address family in host byte order
LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101  # starts at the IP header (tcpdump -x / -X text)
LINKTYPE_LINUX_SLL = 113  # Linux cooked v1 (-i any, older libpcap)
LINKTYPE_IPV4 = 228
LINKTYPE_IPV6 = 229
LINKTYPE_LINUX_SLL2 = 276  # Linux cooked v2 (-i any)
LINKTYPE_LOOP = 108  # OpenBSD loopback: address family in network byte order
# Not a pcap type: the bytes are one direction of an application stream
# (raw binary dumps, xxd, hexdump -C, od, bare hex), with no link/IP/TCP headers.
LINKTYPE_STREAM = -1


@dataclass(slots=True)
class Span:
    """A byte range [start, end) with the reason it is special (missing, malformed...)."""

    start: int
    end: int
    reason: str


@dataclass(slots=True)
class Packet:
    """One unit of input.

    ``data`` holds the captured bytes from the link layer named by ``linktype``.
    Bytes a damaged text dump lost are kept as zero placeholders at their true
    offsets and listed in ``missing`` -- later bytes never shift.
    """

    number: int  # 1-based, in input order: the frame number tshark gives a pcap
    linktype: int
    data: bytes
    source: str  # human-readable origin, e.g. "lines 12-16" or "frame 7 @ byte 1234"
    timestamp: float | None = None  # seconds since the epoch (or of the day, for text without dates)
    time_text: str | None = None  # the timestamp as the input wrote it
    orig_len: int | None = None  # length on the wire when known (pcap orig_len, tcpdump "length")
    first_line: int | None = None  # text inputs: 1-based line numbers
    last_line: int | None = None
    file_offset: int | None = None  # binary inputs: offset of the record in the file
    header: str | None = None  # tcpdump's summary line, when present
    missing: list[Span] = field(default_factory=list)  # unrecoverable byte spans in data
    problems: list[str] = field(default_factory=list)  # what the reader had to repair or skip
