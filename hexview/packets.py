"""What every reader yields: one captured packet (or one piece of a raw stream).

A packet remembers where in the input it came from, so any byte hexview shows can be
traced back to a line of tcpdump text or a frame of a pcap.
"""

from __future__ import annotations

from dataclasses import dataclass

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
class Shortfall(Span):
    """The problem of a message the input ended inside: the zero-width span at its end,
    and ``count``, the bytes its header promised beyond what the input held."""

    count: int = 0


class Packet:
    """One unit of input.

    ``data`` holds the captured bytes from the link layer named by ``linktype``.
    Bytes a damaged text dump lost are kept as zero placeholders at their true
    offsets and listed in ``missing`` -- later bytes never shift.

    A reader makes hundreds of thousands of these, so the class is plain slots:
    ``source`` is worked out from the line numbers or the file offset when first
    asked for, and ``missing``/``problems`` lists exist only once asked for.
    """

    __slots__ = (
        "number",
        "linktype",
        "data",
        "_source",
        "timestamp",
        "time_text",
        "orig_len",
        "first_line",
        "last_line",
        "file_offset",
        "header",
        "_missing",
        "_problems",
    )

    def __init__(
        self,
        number: int,  # 1-based, in input order: the frame number tshark gives a pcap
        linktype: int,
        data: bytes,
        source: str | None = None,  # human-readable origin, e.g. "lines 12-16" or "frame 7 @ byte 1234"
        timestamp: float | None = None,  # seconds since the epoch (or of the day, for text without dates)
        time_text: str | None = None,  # the timestamp as the input wrote it
        orig_len: int | None = None,  # length on the wire when known (pcap orig_len, tcpdump "length")
        first_line: int | None = None,  # text inputs: 1-based line numbers
        last_line: int | None = None,
        file_offset: int | None = None,  # binary inputs: offset of the record in the file
        header: str | None = None,  # tcpdump's summary line, when present
        missing: list[Span] | None = None,  # unrecoverable byte spans in data
        problems: list[str] | None = None,  # what the reader had to repair or skip
    ) -> None:
        self.number = number
        self.linktype = linktype
        self.data = data
        self._source = source
        self.timestamp = timestamp
        self.time_text = time_text
        self.orig_len = orig_len
        self.first_line = first_line
        self.last_line = last_line
        self.file_offset = file_offset
        self.header = header
        self._missing = missing
        self._problems = problems

    @property
    def source(self) -> str:
        if self._source is None:
            if self.first_line is not None:
                return f"lines {self.first_line}-{self.last_line}"
            if self.file_offset is not None:
                return f"frame {self.number} @ byte {self.file_offset}"
            return ""
        return self._source

    @source.setter
    def source(self, source: str | None) -> None:
        self._source = source

    @property
    def missing(self) -> list[Span]:
        if self._missing is None:
            self._missing = []
        return self._missing

    @missing.setter
    def missing(self, spans: list[Span]) -> None:
        self._missing = spans

    @property
    def has_missing(self) -> bool:
        """Whether any byte is missing (asked of every packet: no list is made for it)."""
        return bool(self._missing)

    @property
    def problems(self) -> list[str]:
        if self._problems is None:
            self._problems = []
        return self._problems

    @problems.setter
    def problems(self, problems: list[str]) -> None:
        self._problems = problems

    def __repr__(self) -> str:
        return f"<Packet {self.number} linktype {self.linktype}, {len(self.data)} bytes, {self.source}>"
