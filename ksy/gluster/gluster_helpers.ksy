meta:
  id: gluster_helpers
  title: GF-DUMP, GF-HNDSK, GF-PMAP and GF-CBK bodies
  license: CC0-1.0
  endian: be
  imports:
    - /rpc/rpc_xdr
    - gluster_xdr3
    - gluster_gfx
doc: |
  Bodies of the small programs around the FOPs: GF-DUMP (123451501 v1: the
  program list and the keep-alive PING), GF-HNDSK (14398633 v2: SETVOLUME,
  GETSPEC, ...), GF-PMAP (34123456 v1: brick ports) and GF-CBK (52743234 v1:
  server-to-client callbacks). One parser for all four: the params say which
  program, which procedure and whether this is the reply.
doc-ref:
  - glusterfs rpc/xdr/src/rpc-common-xdr.x (gf_dump_req/rsp, gf_common_rsp)
  - >-
    glusterfs rpc/xdr/src/glusterfs4-xdr.x (gf_setvolume_*, gf_getspec_*, gf_set_lk_ver_*,
    gf_event_notify_*, gf_get_volume_info_*, gfs3_cbk_cache_invalidation_req)
  - glusterfs rpc/xdr/src/portmap-xdr.x
  - glusterfs rpc/rpc-lib/src/protocol-common.h, xdr-common.h (procedure numbers)
  - >-
    glusterfs libglusterfs/src/glusterfs/upcall-utils.h (gf_upcall_event_t), rpc/xdr/src/glusterfs3.h
    (gf_proto_cache_invalidation_from_upcall)
params:
  - id: program
    type: u4
    enum: program
    doc: RPC program number.
  - id: proc
    type: u4
    doc: Procedure number within the program.
  - id: is_reply
    type: bool
    doc: True for the results of a reply, false for a call's arguments.
seq:
  - id: dump_args
    if: program == program::gf_dump and not is_reply
    type:
      switch-on: proc
      cases:
        1: gf_dump_req
    doc: GF-DUMP arguments (DUMP only; PING has none).
  - id: dump_results
    if: program == program::gf_dump and is_reply
    type:
      switch-on: proc
      cases:
        1: gf_dump_rsp
        2: gluster_xdr3::gf_common_rsp
    doc: GF-DUMP results.
  - id: hndsk_args
    if: program == program::gf_hndsk and not is_reply
    type:
      switch-on: proc
      cases:
        1: gf_setvolume_req
        2: gf_getspec_req
        4: gf_set_lk_ver_req
        5: gf_event_notify_req
        6: gf_get_volume_info_req
    doc: GF-HNDSK arguments (PING has none).
  - id: hndsk_results
    if: program == program::gf_hndsk and is_reply
    type:
      switch-on: proc
      cases:
        1: gf_setvolume_rsp
        2: gf_getspec_rsp
        3: gluster_xdr3::gf_common_rsp
        4: gf_set_lk_ver_rsp
        5: gf_event_notify_rsp
        6: gf_get_volume_info_rsp
    doc: GF-HNDSK results.
  - id: pmap_args
    if: program == program::gf_pmap and not is_reply
    type:
      switch-on: proc
      cases:
        1: pmap_port_by_brick_req
        2: pmap_brick_by_port_req
        4: pmap_signin_req
        5: pmap_signout_req
    doc: GF-PMAP arguments.
  - id: pmap_results
    if: program == program::gf_pmap and is_reply
    type:
      switch-on: proc
      cases:
        1: pmap_port_by_brick_rsp
        2: pmap_brick_by_port_rsp
        4: pmap_op_rsp
        5: pmap_op_rsp
    doc: GF-PMAP results.
  - id: cbk_args
    if: program == program::gf_cbk and not is_reply
    type:
      switch-on: proc
      cases:
        5: gfs3_cbk_cache_invalidation_req
        8: gfs3_recall_lease_req
        9: gf_statedump
        10: gfs4_inodelk_contention_req
        11: gfs4_entrylk_contention_req
    doc: GF-CBK arguments (FETCHSPEC and GET_SNAPS carry none).
types:
  gf_dump_req:
    doc: struct gf_dump_req.
    seq:
      - id: gfs_id
        type: u8
        -hexview-show: hex
        doc: Caller's identifier (echoed back).
  gf_dump_rsp:
    doc: struct gf_dump_rsp, the programs the server offers.
    seq:
      - id: gfs_id
        type: u8
        -hexview-show: hex
        doc: The caller's identifier.
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: first_follows
        type: u4
        doc: 1 if a program entry follows (XDR optional-data pointer).
      - id: programs
        type: gf_prog_detail
        repeat: until
        repeat-until: _.next_follows == 0
        if: first_follows != 0
        doc: The program list.
  gf_prog_detail:
    doc: struct gf_prog_detail, one offered program.
    seq:
      - id: progname
        type: rpc_xdr::string
        doc: Program name.
      - id: prognum
        type: u8
        doc: RPC program number.
      - id: progver
        type: u8
        doc: RPC program version.
      - id: next_follows
        type: u4
        doc: 1 if another entry follows.
  gf_setvolume_req:
    doc: struct gf_setvolume_req, the client's options for the brick.
    seq:
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Client options (process-uuid, volfile-key, remote-subvolume, ...).
  gf_setvolume_rsp:
    doc: struct gf_setvolume_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Server answers (ERROR, process-uuid, ...).
  gf_getspec_req:
    doc: struct gf_getspec_req, asks for a volfile.
    seq:
      - id: flags
        type: u4
        -hexview-show: hex
        doc: GF_GETSPEC_FLAG_SERVERS_LIST (1) asks for the server list too.
      - id: key
        type: rpc_xdr::string
        doc: Volfile key (volume name, or brick volfile id).
      - id: xdata
        type: gluster_xdr3::opaque_dict
        doc: Extra data.
  gf_getspec_rsp:
    doc: struct gf_getspec_rsp, the volfile.
    seq:
      - id: op_ret
        type: s4
        doc: Volfile length, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: spec
        type: rpc_xdr::string
        doc: The volfile text.
      - id: xdata
        type: gluster_xdr3::opaque_dict
        doc: Extra data.
  gf_set_lk_ver_req:
    doc: struct gf_set_lk_ver_req.
    seq:
      - id: uid
        type: rpc_xdr::string
        doc: Client's process uid string.
      - id: lk_ver
        type: s4
        doc: Lock version.
  gf_set_lk_ver_rsp:
    doc: struct gf_set_lk_ver_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: lk_ver
        type: s4
        doc: Lock version.
  gf_event_notify_req:
    doc: struct gf_event_notify_req.
    seq:
      - id: op
        type: s4
        doc: Event.
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Event data.
  gf_event_notify_rsp:
    doc: struct gf_event_notify_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Reply data.
  gf_get_volume_info_req:
    doc: struct gf_get_volume_info_req.
    seq:
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Request data (volname, flags).
  gf_get_volume_info_rsp:
    doc: struct gf_get_volume_info_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: op_errstr
        type: rpc_xdr::string
        doc: Error text.
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Volume info.
  pmap_port_by_brick_req:
    doc: struct pmap_port_by_brick_req.
    seq:
      - id: brick
        type: rpc_xdr::string
        doc: Brick path.
  pmap_port_by_brick_rsp:
    doc: struct pmap_port_by_brick_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: status
        type: s4
        doc: Port status.
      - id: port
        type: s4
        doc: The brick's TCP port.
  pmap_brick_by_port_req:
    doc: struct pmap_brick_by_port_req.
    seq:
      - id: port
        type: s4
        doc: TCP port.
  pmap_brick_by_port_rsp:
    doc: struct pmap_brick_by_port_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: status
        type: s4
        doc: Port status.
      - id: brick
        type: rpc_xdr::string
        doc: Brick path.
  pmap_signin_req:
    doc: struct pmap_signin_req, a brick process registers its port.
    seq:
      - id: brick
        type: rpc_xdr::string
        doc: Brick path.
      - id: port
        type: s4
        doc: TCP port.
      - id: pid
        type: s4
        doc: Brick process ID.
  pmap_signout_req:
    doc: struct pmap_signout_req.
    seq:
      - id: brick
        type: rpc_xdr::string
        doc: Brick path.
      - id: port
        type: s4
        doc: TCP port.
      - id: rdma_port
        type: s4
        doc: RDMA port (0 without RDMA).
  pmap_op_rsp:
    doc: struct pmap_signin_rsp / pmap_signout_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
  gfs3_cbk_cache_invalidation_req:
    doc: struct gfs3_cbk_cache_invalidation_req (upcall from a brick).
    seq:
      - id: gfid
        type: rpc_xdr::string
        doc: GFID as text (string<>, unlike everywhere else).
      - id: event_type
        type: u4
        enum: upcall_event
        doc: >-
          Upcall event type (gf_upcall_event_t, upcall-utils.h; always 1, cache invalidation,
          for this callback). Not the gf_upcall_flags_t codes, which no sender puts
          here.
      - id: flags
        type: u4
        -hexview-show: hex
        doc: Which cached attributes changed (UP_* bits).
      - id: expire_time_attr
        type: u4
        doc: Seconds the client may cache the entry.
      - id: stat
        type: gluster_xdr3::gf_iatt
        doc: Current stat of the file.
      - id: parent_stat
        type: gluster_xdr3::gf_iatt
        doc: Stat of the parent (create, mkdir, unlink, rmdir, rename).
      - id: oldparent_stat
        type: gluster_xdr3::gf_iatt
        doc: Stat of the old parent (rename).
      - id: xdata
        type: gluster_xdr3::opaque_dict
        doc: Extra data.
  gfs3_recall_lease_req:
    doc: 'struct gfs3_recall_lease_req: the brick asks the client to give a lease back.'
    seq:
      - &id001
        id: gfid
        size: 16
        -hexview-show: hex
        doc: GFID of the file.
      - id: lease_type
        type: u4
        enum: lease_type
        doc: Lease type (gf_lease_types_t).
      - id: tid
        size: 16
        -hexview-show: hex
        doc: Lease (transaction) ID.
      - &id002
        id: xdata
        type: gluster_xdr3::opaque_dict
        doc: Extra data.
  gf_statedump:
    doc: 'struct gf_statedump: glusterd asks a process for a statedump.'
    seq:
      - id: pid
        type: u4
        doc: Process that should dump its state.
  gfs4_inodelk_contention_req:
    doc: 'struct gfs4_inodelk_contention_req: another client waits for an inode lock this client holds.'
    seq:
      - *id001
      - id: flock
        type: gluster_gfx::gf_proto_flock
        doc: The contended lock.
      - id: pid
        type: u4
        doc: Holder process ID.
      - id: domain
        type: rpc_xdr::string
        doc: Lock domain.
      - *id002
  gfs4_entrylk_contention_req:
    doc: 'struct gfs4_entrylk_contention_req: another client waits for an entry lock this client holds.'
    seq:
      - *id001
      - id: type
        type: u4
        enum: entrylk_type
        doc: Lock type.
      - id: pid
        type: u4
        doc: Holder process ID.
      - id: name
        type: rpc_xdr::string
        doc: Locked entry name.
      - id: domain
        type: rpc_xdr::string
        doc: Lock domain.
      - *id002
enums:
  program:
    14398633: gf_hndsk
    34123456: gf_pmap
    52743234: gf_cbk
    123451501: gf_dump
  upcall_event:
    0: gf_upcall_event_null
    1: gf_upcall_cache_invalidation
    2: gf_upcall_recall_lease
    3: gf_upcall_inodelk_contention
    4: gf_upcall_entrylk_contention
  lease_type:
    0: none
    1: gf_rd_lease
    2: gf_rw_lease
  entrylk_type:
    0: entrylk_rdlck
    1: entrylk_wrlck
