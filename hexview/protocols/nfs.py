"""NFS version 4 (4.0, 4.1, 4.2, pNFS) over ONC RPC, with its callback program.

Framing, fragments, xid pairing and the RPC header are the shared ONC RPC layer's
(``hexview.onc_rpc``); this module fills the program table. NFSv4 has two
procedures, NULL and COMPOUND; everything lives in the COMPOUND's operations, which
``nfs_compound`` walks one at a time with the compiled ``ksy/nfs/nfs_v4.ksy``.

The callback program number is the client's choice (CREATE_SESSION / SETCLIENTID
cb_program); the Linux client's 0x40000000 is registered, so CB_COMPOUNDs the server
sends on the client's own connection (the 4.1 backchannel) decode. MOUNT and portmap
are named only (NFSv4 needs neither, older clients probe them).
"""

from __future__ import annotations

from ..onc_rpc import RPC_COLOURS, Procedure, Program, RpcFramer, decode_rpc, heuristic_for, register_program
from ..registry import Registration
from . import nfs_compound as nc

NAME = "NFS"
NFS_PROGRAM = 100003
LINUX_CB_PROGRAM = 0x40000000  # Linux nfs client's NFS4_CALLBACK program number
MOUNT_PROGRAM = 100005
PORTMAP_PROGRAM = 100000

NULL = Procedure("NULL", note="NULL carries no arguments or results")
COMPOUND = Procedure(
    "COMPOUND",
    nc.compound_decoder(nc.ARGS_HEAD, nc.ARGOP, callback=False),
    nc.compound_decoder(nc.RES_HEAD, nc.RESOP, callback=False),
)
CB_NULL = Procedure("CB_NULL", note="CB_NULL carries no arguments or results")
CB_COMPOUND = Procedure(
    "CB_COMPOUND",
    nc.compound_decoder(nc.CB_ARGS_HEAD, nc.CB_ARGOP, callback=True),
    nc.compound_decoder(nc.CB_RES_HEAD, nc.CB_RESOP, callback=True),
)
MOUNT_PROCS = ("NULL", "MNT", "DUMP", "UMNT", "UMNTALL", "EXPORT")  # RFC 1813 appendix I
PORTMAP_V2_PROCS = ("NULL", "SET", "UNSET", "GETPORT", "DUMP", "CALLIT")  # RFC 1833
RPCBIND_PROCS = ("NULL", "SET", "UNSET", "GETADDR", "DUMP", "CALLIT", "GETTIME", "UADDR2TADDR", "TADDR2UADDR")


def _named(names) -> dict[int, Procedure]:
    return {i: Procedure(n, note=f"{n} body layout is not decoded") for i, n in enumerate(names)}


def _register_all() -> set[int]:
    register_program(Program(NFS_PROGRAM, "NFS", {4: {0: NULL, 1: COMPOUND}}, protocol=NAME))
    register_program(Program(LINUX_CB_PROGRAM, "NFS-CB", {1: {0: CB_NULL, 1: CB_COMPOUND}}, protocol=NAME))
    register_program(Program(MOUNT_PROGRAM, "MOUNT", {v: _named(MOUNT_PROCS) for v in (1, 2, 3)}, protocol=NAME))
    register_program(
        Program(PORTMAP_PROGRAM, "PORTMAP", {2: _named(PORTMAP_V2_PROCS), 3: _named(RPCBIND_PROCS), 4: _named(RPCBIND_PROCS)}, protocol=NAME)
    )
    return {NFS_PROGRAM, LINUX_CB_PROGRAM, MOUNT_PROGRAM}


PROGRAM_NUMBERS = _register_all()

REGISTRATION = Registration(
    name=NAME,
    description="NFSv4.0/4.1/4.2 and pNFS over ONC RPC: COMPOUND, CB_COMPOUND (backchannel), file layouts",
    ports=(2049,),
    framer=RpcFramer,
    decode=decode_rpc,
    heuristic=heuristic_for(PROGRAM_NUMBERS),
    colours={
        **RPC_COLOURS,
        "protocol": "bright_blue",
        "tag": "yellow",
        "argarray": "bright_white",
        "resarray": "bright_white",
        "argop": "bright_green",
        "resop": "bright_green",
        "status": "bright_red",
        "stateid": "bright_cyan",
        "sessionid": "cyan",
        "object": "bright_magenta",
        "fh": "bright_magenta",
        "objname": "bright_yellow",
        "name": "bright_yellow",
        "offset": "magenta",
        "length": "magenta",
        "count": "magenta",
        "data": "grey70",
        "obj_attributes": "green",
        "attrmask": "green",
        "layout": "bright_cyan",
        "deviceid": "bright_cyan",
        "device_addr": "bright_cyan",
    },
    summary_fields={
        "call": ("xid", "tag", "argarray"),
        "reply": ("xid", "accept_stat", "status", "resarray"),
    },
)
