"""Real captures with a few bytes changed on purpose, for views that must show a
disagreement the healthy capture cannot: every change is made here, by offset, so a
test knows exactly what differs."""

from __future__ import annotations

import re
import struct
from pathlib import Path

from shared_paths import CAPTURES

REPLICA = CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap"
AFR_DIRTY = b"trusted.afr.dirty\x00"
TAMPERED_DATA_PENDING = 7


def brick_port(tshark_txt: Path, translator: str) -> int:
    """The server port of the connection whose SETVOLUME (tshark -V) names ``translator``."""
    for block in re.split(r"\n(?=Frame \d+:)", tshark_txt.read_text()):
        ports = re.search(r"Src Port: (\d+), Dst Port: (\d+)", block)
        if ports and f"-PC_NAME:{translator}-RECON_NO:" in block:
            return int(ports[2])
    raise LookupError(translator)


def tampered_replica(out: Path, translator: str = "repvol-client-1") -> Path:
    """The replica 3 capture with the first trusted.afr.dirty value a brick sent back
    (an FXATTROP reply of ``translator``'s brick) saying data pending 7 instead of what
    it said (the other two bricks still say the true value). Ethernet, IPv4, TCP
    headers read by their lengths (RFC 791, RFC 793); the gfx_dict pair is key length,
    key + NUL padded to 4, type, value length 12, three big-endian counters."""
    port = brick_port(REPLICA.with_suffix(".tshark.txt"), translator)
    data = bytearray(REPLICA.read_bytes())
    at = 24
    while at + 16 <= len(data):
        length = struct.unpack_from("<I", data, at + 8)[0]
        frame = at + 16
        ip = frame + 14
        tcp = ip + (data[ip] & 15) * 4
        payload = tcp + (data[tcp + 12] >> 4) * 4
        if struct.unpack_from(">H", data, tcp)[0] == port:
            found = bytes(data[payload : frame + length]).find(AFR_DIRTY)
            if found >= 0:
                key = payload + found
                value = key + len(AFR_DIRTY) + (-len(AFR_DIRTY) % 4) + 4
                assert struct.unpack_from(">I", data, value)[0] == 12
                struct.pack_into(">i", data, value + 4, TAMPERED_DATA_PENDING)
                out.write_bytes(bytes(data))
                return out
        at = frame + length
    raise LookupError("no trusted.afr.dirty in a reply of that brick")
