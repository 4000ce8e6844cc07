"""pNFS data servers named from the GETDEVICEINFO that told the client where they are.

A pNFS client learns a layout's data servers from GETDEVICEINFO: the reply's device
address lists, per data server, its network addresses (``netaddr4``: a netid and a
universal address, 'h1.h2.h3.h4.p1.p2' with port p1*256+p2, RFC 5665). Each address
becomes the name of that server endpoint, ``pNFS data server (device 0123abcd…)``, so
the client's connections to it read as such in the stream list.

Which replies answer a GETDEVICEINFO is read from the reply's first words (COMPOUND
results: status, tag, count, then SEQUENCE's result, whose successful body has a
fixed size, then the operation number): only those are decoded.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

from ....decode.fields import Field
from ....messages import Message
from ....tcp.stream_events import Endpoint
from ...context import DecodeContext
from ...info_text import value
from ...labels import Labeller
from ..onc_rpc import results_start

NFS_PROGRAM, COMPOUND = 100003, 1
OP_GETDEVICEINFO, OP_SEQUENCE = 47, 53
SEQUENCE_OK_BODY = 36  # sessionid 16, sequenceid, slotid, highest_slotid, target_highest_slotid, status_flags
MAX_TAG = 1024


def _u32(data: bytes, at: int) -> int:
    value: int = struct.unpack_from(">I", data, at)[0]
    return value


def answers_getdeviceinfo(reply: Message) -> bool:
    """Whether ``reply`` is a COMPOUND reply whose first operation, or second after a
    successful SEQUENCE, is GETDEVICEINFO (from its bytes, without decoding)."""
    params = reply.params
    if not reply.is_reply or params.get("prog") != NFS_PROGRAM or params.get("vers") != 4 or params.get("proc") != COMPOUND:
        return False
    at = results_start(reply)
    data = reply.data
    if at is None or len(data) < at + 12:
        return False
    tag = _u32(data, at + 4)
    if tag > MAX_TAG:
        return False
    at += 8 + (tag + 3) // 4 * 4 + 4  # status, tag, number of results
    for _ in range(2):
        if len(data) < at + 8:
            return False
        op, status = _u32(data, at), _u32(data, at + 4)
        if op == OP_GETDEVICEINFO:
            return True
        if op != OP_SEQUENCE or status != 0:
            return False
        at += 8 + SEQUENCE_OK_BODY
    return False


def _learn(reply: Message, context: DecodeContext) -> None:
    call = reply.pair
    device = _device_id(call.decode_transient().walk()) if call is not None else ""
    name = f"pNFS data server (device {device[:8]}…)" if device else "pNFS data server"
    for f in reply.decode_transient().walk():
        netid, addr = value(f.child("netid"), "value"), value(f.child("addr"), "value")
        endpoint = universal_address(addr) if isinstance(netid, str) and netid.startswith("tcp") else None
        if endpoint is not None:
            context.labels.name_server(endpoint, name)


def _device_id(fields: Iterable[Field]) -> str:
    """The first ``deviceid`` (its hex) among ``fields``; '' when none."""
    return next((f.value for f in fields if f.name == "deviceid" and isinstance(f.value, str)), "")


def universal_address(text: object) -> Endpoint | None:
    """An RFC 5665 universal address ('192.168.1.5.8.1', '::1.8.1') as an endpoint."""
    if not isinstance(text, str):
        return None
    host, sep, port_text = text.rpartition(".")
    host, sep2, high = host.rpartition(".")
    if not (sep and sep2 and high.isdigit() and port_text.isdigit()):
        return None
    port = int(high) * 256 + int(port_text)
    return Endpoint(host, port) if host and 0 < port < 65536 else None


LABELLER = Labeller(answers_getdeviceinfo, _learn)
