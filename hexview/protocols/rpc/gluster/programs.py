"""Every GlusterFS ONC RPC program, version and procedure number, by name.

The table itself is programs.yaml, declared in the ``programs:`` form a protocol
folder's protocol.yaml uses (read by the same ``hexview.protocols.declared.schema``):
the built-in program tables prove that form, and a reader checks numbers there. Kept
apart from the body decoders so the numbering can be checked against the
sources at a glance. Numbers and names are glusterfs's own (enums in
rpc/rpc-lib/src/protocol-common.h and xdr-common.h at 595745f8e4, 2024-10-21;
older program versions from the tree before commit f97001908c, where they were
still defined; changelog and mgmt-handshake programs from their xlators). The
on-wire FOP number is the GFS3_OP_* value, which differs from the internal GF_FOP_*
enum after 40 (wire 41 is RELEASE, 42 RELEASEDIR) -- tshark 4.0 gets these two
wrong.
"""

from __future__ import annotations

from pathlib import Path

from ...declared.schema import load_programs

DECLARED = load_programs(Path(__file__).with_name("programs.yaml"))
_NUMBER = {program.name: program.number for program in DECLARED}

FOP_PROGRAM = _NUMBER["GlusterFS"]  # GLUSTER_FOP_PROGRAM; v330 (3.3, opaque dicts) and v400 (4.x, gfx_dict)
DUMP_PROGRAM = _NUMBER["GF-DUMP"]  # GLUSTER_DUMP_PROGRAM, v1
HNDSK_PROGRAM = _NUMBER["GF-HNDSK"]  # GLUSTER_HNDSK_PROGRAM, v1 (old) and v2
PMAP_PROGRAM = _NUMBER["GF-PMAP"]  # GLUSTER_PMAP_PROGRAM, v1
CBK_PROGRAM = _NUMBER["GF-CBK"]  # GLUSTER_CBK_PROGRAM, v1
AGGREGATOR_PROGRAM = _NUMBER["GF-AGGREGATOR"]  # GLUSTER_AGGREGATOR_PROGRAM, v1 (quota)
MGMT_PROGRAM = _NUMBER["GD-MGMT"]  # GD_MGMT_PROGRAM; v1 (old), v2, v3 (mgmt_v3)
FRIEND_PROGRAM = _NUMBER["GD-FRIEND"]  # GD_FRIEND_PROGRAM, v2
CLI_PROGRAM = _NUMBER["GLUSTER-CLI"]  # GLUSTER_CLI_PROGRAM, v2
BRICK_PROGRAM = _NUMBER["GD-BRICK"]  # GD_BRICK_PROGRAM, v2 (was GLUSTERFS_PROGRAM v1)
GLUSTERD1_MGMT_PROGRAM = _NUMBER["GLUSTERD1-MGMT"]  # GLUSTERD1_MGMT_PROGRAM v1 (pre-3.2 trees)
MGMT_HNDSK_PROGRAM = _NUMBER["GD-MGMT-HNDSK"]  # GD_MGMT_HNDSK_PROGRAM v1 (op-version handshake)
CHANGELOG_PROGRAM = _NUMBER["GF-CHANGELOG"]  # CHANGELOG_RPC_PROGNUM v1
CHANGELOG_REV_PROGRAM = _NUMBER["GF-CHANGELOG-REV"]  # CHANGELOG_REV_RPC_PROCNUM v1 (reverse connection)

# program number -> (display name, {version: procedure names, numbered from 0})
TABLE: dict[int, tuple[str, dict[int, tuple[str, ...]]]] = {
    program.number: (
        program.name,
        {vers: tuple(p.name for p in sorted(procs, key=lambda p: p.number)) for vers, procs in program.versions.items()},
    )
    for program in DECLARED
}

FOP_PROCS = TABLE[FOP_PROGRAM][1][400]  # enum gf_fop_procnum (GFS3_OP_*), 0..56
