"""NFS_ACL (ONC RPC program 100227, versions 2 and 3): POSIX ACLs beside NFSv2/v3.

NFSv2 and NFSv3 carry no ACLs; Solaris added this side band program and Linux
implements it on the NFS port, on the same connection as NFS itself. So it is
registered both ways: its calls on an NFS conversation decode through the shared
program table (the NFS registration decodes any registered program), and a
connection that opens with an NFS_ACL call (a server with a port of its own for
it) is claimed by this registration. Bodies come from ``ksy/nfs/nfs_acl.ksy``.
"""

from __future__ import annotations

from ....decode.fields import DecodedMessage, Field, Outcome
from ....decode.lazy_parser import LazyParser
from ....messages import Message
from ...info_text import short_hex, value, words
from ..onc_rpc import (
    Procedure,
    Program,
    learned_programs,
    lookup,
    register_program,
    rpc_info,
    rpc_registration,
)
from ..switched_body import switched_bodies

NAME = "NFSACL"
NFS_ACL_PROGRAM = 100227
PARSER = LazyParser("nfs_acl", "NfsAcl")
ARGS, RESULTS = switched_bodies(PARSER, versioned=True)
OK = 0  # NFS_OK, NFS3_OK

V2_PROCEDURES = {
    0: Procedure("NULL"),
    1: Procedure("GETACL", ARGS, RESULTS),
    2: Procedure("SETACL", ARGS, RESULTS),
    3: Procedure("GETATTR", ARGS, RESULTS),
    4: Procedure("ACCESS", ARGS, RESULTS),
    5: Procedure("GETXATTRDIR", ARGS, RESULTS),
}
V3_PROCEDURES = {
    0: Procedure("NULL"),
    1: Procedure("GETACL", ARGS, RESULTS),
    2: Procedure("SETACL", ARGS, RESULTS),
    3: Procedure("GETXATTRDIR", ARGS, RESULTS),
}


def info(message: Message, decoded: DecodedMessage) -> Outcome:
    """'GETACL fh 43000001…' for a call ('SETACL fh … 4 entries, 4 default' with the
    ACL it sets); a reply 'GETACL 4 entries, 4 default', or its status when that
    is not OK (failed)."""
    params = message.params
    _, procedure = lookup(params["prog"], params["vers"], params["proc"], learned_programs(message.conversation))
    name = procedure.name if procedure is not None else f"proc {params['proc']}"
    if message.kind == "call":
        args = decoded.top("args")
        fh = short_hex(value(args.child("fh") if args is not None else None, "data"))
        return Outcome(words(name, f"fh {fh}" if fh else "", _entries(args.child("acl") if args is not None else None)))
    results = decoded.top("results")
    status = results.child("status") if results is not None else None
    if status is None or status.value is None:
        return Outcome(name)
    if status.value != OK:
        return Outcome(words(name, status.label), True)
    return Outcome(words(name, _entries(results.child("acl") if results is not None else None)))


def _entries(acl: Field | None) -> str:
    """'4 entries, 4 default': the ACL entries an ACL carries (the default ACL's when it has any)."""
    if acl is None:
        return ""
    counts = []
    for array, what in (("aclent", "entries"), ("dfaclent", "default")):
        count = value(acl.child(array), "count")
        if count is not None and (array == "aclent" or count):
            counts.append(f"{count} {what}" if array == "dfaclent" else f"{count} {'entry' if count == 1 else what}")
    return ", ".join(counts)


PROGRAM = register_program(Program(NFS_ACL_PROGRAM, NAME, {2: V2_PROCEDURES, 3: V3_PROCEDURES}, protocol=NAME, info=info))

REGISTRATION = rpc_registration(
    name=NAME,
    description="NFS_ACL v2/v3 (POSIX ACLs beside NFSv2/v3: GETACL, SETACL) over ONC RPC",
    programs={NFS_ACL_PROGRAM},
    ports=(),  # Linux serves it on NFS's own port and connection, where NFS claims it
    colours={
        "protocol": "bright_magenta",
        "fh": "bright_magenta",
        "mask": "green",
        "status": "bright_red",
        "aclent": "bright_cyan",
        "dfaclent": "cyan",
        "attr": "green",
        "attributes": "green",
    },
    summary_fields={"call": ("xid", "fh", "mask"), "reply": ("xid", "accept_stat", "status")},
    info=rpc_info,
)
