"""The message table of ``--export parquet``: its columns and one message's row.

One row per message, numbered and timed as ``--json`` numbers and times it (the same
``index``, ``time``, ``time_relative``, ``latency``, ``failed`` and ``pair``), with
what a query over a fleet of captures groups and joins on as columns of their own:
endpoints, the procedure, the xid, the gfid or filehandle, the status and errno.
The core fills the columns every message has; what only a protocol knows (an RPC
procedure, NFSv4 operations, a GlusterFS op_ret) comes from its registration's
``export_columns`` hook (``ExportColumns``), so nothing here names a protocol.

``COLUMNS`` is the schema, in order, with each column's SQL type (as DuckDB, Spark
and Trino spell them) and meaning; README.md's table of it is held to it by a test.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..decode.fields import DecodedMessage
from ..messages import Message
from ..protocols.registry import ExportColumns, request_columns
from .json_lines import message_json_head


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # SQL type
    meaning: str


COLUMNS: tuple[Column, ...] = (
    Column("file", "VARCHAR", "the input, as named on the command line"),
    Column(
        "index", "BIGINT", "the message's number, as --json FILE numbers it, moved on by the inputs before (unique across them)"
    ),
    Column("stream", "INTEGER", "its conversation's number in its input (as tshark's tcp.stream)"),
    Column("protocol", "VARCHAR", "the protocol that framed it (GlusterFS, NFS, NBD, ...; TCP when none did)"),
    Column("direction", "VARCHAR", "c2s (client to server) or s2c"),
    Column("frame", "BIGINT", "the first frame (packet number) that carried it"),
    Column("frames", "BIGINT[]", "every frame that carried it"),
    Column("time", "DOUBLE", "when its first frame was captured, in seconds since 1970 (UTC)"),
    Column("time_relative", "DOUBLE", "seconds since the input's first packet"),
    Column("src", "VARCHAR", "the sender's address"),
    Column("src_port", "INTEGER", "the sender's port"),
    Column("dst", "VARCHAR", "the receiver's address"),
    Column("dst_port", "INTEGER", "the receiver's port"),
    Column("length", "BIGINT", "its bytes"),
    Column("name", "VARCHAR", "its short name, as --json and --summary give it (GlusterFS LOOKUP call)"),
    Column("request", "BOOLEAN", "a request (an RPC call, an NBD command)"),
    Column("reply", "BOOLEAN", "a reply (or a part of one) paired with its request"),
    Column(
        "latency",
        "DOUBLE",
        "seconds from the request to its first reply, each at the frame that completed it (as Wireshark's SRT); on both",
    ),
    Column("failed", "BOOLEAN", "the reply reports a failure (as --json's failed)"),
    Column("errors", "INTEGER", "how many decoding problems the message has (--json's errors)"),
    Column("pair", "BIGINT", "the paired message's index: a request's first reply, a reply's request"),
    Column("program", "BIGINT", "ONC RPC program number"),
    Column("version", "BIGINT", "ONC RPC program version"),
    Column("procedure", "BIGINT", "ONC RPC procedure number"),
    Column(
        "procedure_name",
        "VARCHAR",
        "the procedure (LOOKUP), command (NBD_CMD_READ) or message type, on requests and replies: --stats' name",
    ),
    Column("ops", "VARCHAR[]", "an NFSv4 COMPOUND's operations, in order (a reply's: those the server ran)"),
    Column("xid", "BIGINT", "the ONC RPC transaction id"),
    Column(
        "gfid",
        "VARCHAR",
        "GlusterFS: the gfid a call acts on (gfid, else pargfid, ...), the first a reply's iatt carries; 32 hex digits",
    ),
    Column(
        "filehandle", "VARCHAR", "NFS: the filehandle a call acts on (NFSv4: its PUTFH), the one a reply returns (GETFH); hex"
    ),
    Column(
        "target",
        "VARCHAR",
        "the entry names a call carries (GlusterFS bname, an xattr name; NFS objname, OPEN's file), ' -> ' between several",
    ),
    Column(
        "status",
        "BIGINT",
        "a reply's status: NFS nfsstat, the accept_stat of an RPC call not run, an NBD option reply's error type",
    ),
    Column("status_name", "VARCHAR", "that status by name (NFS4ERR_NOENT, PROC_UNAVAIL, NBD_REP_ERR_UNSUP)"),
    Column("op_ret", "BIGINT", "a GlusterFS reply's op_ret (-1: failed)"),
    Column("errno", "BIGINT", "the errno a reply carries (GlusterFS op_errno, NBD error)"),
    Column("errno_name", "VARCHAR", "that errno by its Linux name (ENOENT)"),
)

# the columns numbered per run of the pipeline, to which a later input's offset is added
NUMBERED = ("index", "pair")

Row = tuple[object, ...]

# the columns a registration's ``export_columns`` fills: ExportColumns' keys, last in a row
PROTOCOL_KEYS = tuple(c.name for c in COLUMNS[[c.name for c in COLUMNS].index("program") :])


def protocol_columns(message: Message, decoded: DecodedMessage) -> ExportColumns:
    """The registration's columns of ``message``; none when its hook fails (a hook must
    never lose the row)."""
    reg = message.conversation.protocol
    hook = (reg.export_columns if reg is not None else None) or request_columns
    try:
        return hook(message, decoded)
    except Exception:
        return {}


def message_row(message: Message, origin: float | None, file: str) -> Row:
    """One message's row, in ``COLUMNS`` order (decodes it if not yet decoded): the
    values --json gives it (``message_json_head``), its endpoints, and its protocol's."""
    head = message_json_head(message, origin)
    decoded = message.decode()
    src, dst = message.endpoints
    own = protocol_columns(message, decoded)
    frames = head["frames"]
    assert isinstance(frames, list)
    return (
        file,
        head["index"],
        head["stream"],
        head["protocol"],
        head["direction"],
        frames[0] if frames else None,
        frames,
        head["time"],
        head["time_relative"],
        src.addr,
        src.port,
        dst.addr,
        dst.port,
        head["length"],
        head["name"],
        message.is_request,
        message.is_reply,
        head["latency"],
        head["failed"],
        len(decoded.errors),
        head["pair"],
        *(own.get(key) for key in PROTOCOL_KEYS),
    )
