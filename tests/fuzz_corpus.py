"""Real messages for the protocol and parser fuzz targets, read once per test session.

From every bundled capture (and ../shared's NFSv4.1 captures when present): each
conversation's messages in capture order, with the byte ranges of the integer fields
their decode found (where structure-aware mutations write 0, 1, 2^31, 2^32-1, ...), and
every input a compiled parser was run on (class, bytes, parameters) while decoding
them, field templates off so that each one reaches the parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from fuzzing import DATA
from hexview.decode import field_templates, kaitai_tree
from hexview.pipeline import Pipeline
from hexview.readers import open_input
from shared_paths import CAPTURES

BUNDLED = [
    "nbd-tiny-nbdsh.pcap",
    "gluster-tiny-brick-midstream.pcap",
    "demos/ocfs2-cluster.pcap",
    "demos/pohmelfs-session.pcap",
    "nfs3/nfs3-libnfs-ls-cp-cat.pcap",
    "nfs3/nfsacl-getacl-pyclient.pcap",
    "nfs3/nlm4-nsm-locks-pyclient.pcap",
    "nfs3/rpcbind-rpcinfo-showmount.pcap",
    "cluster/gluster-nodes-node1.pcap",
]
SHARED = ["nfs/nfs-v41-pynfs-pnfs-v42.pcap", "nfs/nfs-v41-pynfs-session-open-rw.pcap"]
MESSAGES_KEPT = 40  # of each conversation: enough to pair, few enough to replay quickly
PARSER_INPUTS_KEPT = 40  # distinct inputs kept per parser class


@dataclass
class Sent:
    who: str  # "c" or "s"
    data: bytes
    ints: list[tuple[int, int]]  # (start, end) of its integer fields of 1, 2, 4 or 8 bytes


@dataclass
class Conversation:
    protocol: str
    client_port: int
    server_port: int
    sends: list[Sent] = field(default_factory=list)


@dataclass
class Corpus:
    conversations: dict[str, list[Conversation]] = field(default_factory=dict)  # by protocol name
    parser_inputs: dict[type, list[tuple[bytes, dict[str, Any] | None]]] = field(default_factory=dict)


def _paths() -> list:
    paths = [DATA / name for name in BUNDLED]
    paths += [CAPTURES / name for name in SHARED if (CAPTURES / name).exists()]
    return paths


@cache
def corpus() -> Corpus:
    out = Corpus()
    parse = kaitai_tree.parse

    def recording(parser_cls: Any, data: bytes, params: dict[str, Any] | None = None) -> Any:
        kept = out.parser_inputs.setdefault(parser_cls, [])
        if len(kept) < PARSER_INPUTS_KEPT and all(d != data or p != params for d, p in kept):
            kept.append((bytes(data), dict(params) if params else None))
        return parse(parser_cls, data, params)

    kaitai_tree.parse, field_templates.enabled = recording, False
    try:
        for path in _paths():
            _read(path, out)
    finally:
        kaitai_tree.parse, field_templates.enabled = parse, True
    return out


def _read(path, out: Corpus) -> None:
    by_conv: dict[int, tuple[Any, list]] = {}
    with open_input(str(path)) as reader:
        for m in Pipeline().run(reader):
            conv = m.conversation
            if conv.protocol is None or conv.protocol.name == "TCP":
                continue
            kept = by_conv.setdefault(conv.index, (conv, []))[1]
            if len(kept) < MESSAGES_KEPT:
                kept.append(m)
    for conv, messages in by_conv.values():
        messages.sort(key=lambda m: (m.first_frame or 0, m.offset))
        c = Conversation(conv.protocol.name, conv.client.port, conv.server.port)
        for m in messages:
            ints = [
                (f.start, f.end)
                for f in m.decode().walk()
                if type(f.value) is int and f.end - f.start in (1, 2, 4, 8) and f.start >= 0 and f.end <= m.length
            ]
            c.sends.append(Sent("c" if m.direction == "c2s" else "s", bytes(m.data), ints))
        out.conversations.setdefault(c.protocol, []).append(c)
