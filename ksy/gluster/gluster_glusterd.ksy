meta:
  id: gluster_glusterd
  title: glusterd peer, management, mgmt handshake and CLI bodies
  license: CC0-1.0
  endian: be
  imports:
    - /rpc/rpc_xdr
    - gluster_xdr3
doc: >-
  Bodies of the glusterd programs: GD-FRIEND (1238437 v2, peer probe), GD-MGMT (1238433
  v2 cluster lock/stage/commit, v3 mgmt_v3 transactions), GD-MGMT-HNDSK (1239873 v1,
  op-version handshake) and GLUSTER-CLI (1238463 v2, the procedures whose glusterd
  handler decodes gf_cli_req and answers gf_cli_rsp) and GD-BRICK (4867634 v2, glusterd
  to brick processes). glusterd declares its UUIDs as "unsigned char uuid[16]", which
  rpcgen encodes as 16 XDR unsigned ints: 64 bytes, each carrying one byte in its
  low 8 bits. Which reply struct a procedure uses follows glusterd-rpc-ops.c and glusterd-mgmt-handler.c.
doc-ref:
  - glusterfs rpc/xdr/src/glusterd1-xdr.x
  - glusterfs rpc/xdr/src/cli1-xdr.x (gf_cli_req, gf_cli_rsp)
  - glusterfs rpc/xdr/src/glusterfs4-xdr.x (gf_mgmt_hndsk_req/rsp)
  - glusterfs xlators/mgmt/glusterd/src/glusterd.h (glusterd_op_t)
  - glusterfs rpc/rpc-lib/src/protocol-common.h (glusterd_brick_procnum, the op of gd1_mgmt_brick_op_req)
  - >-
    glusterfs xlators/mgmt/glusterd/src/glusterd-handler.c (gd_svc_cli_actors), glusterfsd/src/glusterfsd-mgmt.c
    (glusterfs_actors)
  - glusterfs xlators/features/quota/src/quotad-aggregator.c
params:
  - id: program
    type: u4
    enum: program
    doc: RPC program number.
  - id: vers
    type: u4
    doc: RPC program version.
  - id: proc
    type: u4
    doc: Procedure number.
  - id: is_reply
    type: bool
    doc: True for a reply's results.
seq:
  - id: gd_friend_v2_args
    if: program == program::gd_friend and vers == 2 and not is_reply
    type:
      switch-on: proc
      cases:
        1: gd1_mgmt_probe_req
        2: gd1_mgmt_friend_req
        3: gd1_mgmt_friend_req
        4: gd1_mgmt_friend_update
    doc: GD_FRIEND v2 args, by procedure number.
  - id: gd_friend_v2_results
    if: program == program::gd_friend and vers == 2 and is_reply
    type:
      switch-on: proc
      cases:
        1: gd1_mgmt_probe_rsp
        2: gd1_mgmt_friend_rsp
        3: gd1_mgmt_friend_rsp
        4: gd1_mgmt_friend_update_rsp
    doc: GD_FRIEND v2 results, by procedure number.
  - id: gd_mgmt_v2_args
    if: program == program::gd_mgmt and vers == 2 and not is_reply
    type:
      switch-on: proc
      cases:
        1: gd1_mgmt_cluster_lock_req
        2: gd1_mgmt_cluster_lock_req
        3: gd1_mgmt_stage_op_req
        4: gd1_mgmt_stage_op_req
    doc: GD_MGMT v2 args, by procedure number.
  - id: gd_mgmt_v2_results
    if: program == program::gd_mgmt and vers == 2 and is_reply
    type:
      switch-on: proc
      cases:
        1: gd1_mgmt_cluster_lock_rsp
        2: gd1_mgmt_cluster_lock_rsp
        3: gd1_mgmt_stage_op_rsp
        4: gd1_mgmt_commit_op_rsp
    doc: GD_MGMT v2 results, by procedure number.
  - id: gd_mgmt_v3_args
    if: program == program::gd_mgmt and vers == 3 and not is_reply
    type:
      switch-on: proc
      cases:
        1: gd1_mgmt_v3_lock_req
        2: gd1_mgmt_v3_op_req
        3: gd1_mgmt_v3_op_req
        4: gd1_mgmt_v3_op_req
        5: gd1_mgmt_v3_post_val_req
        6: gd1_mgmt_v3_lock_req
        7: gd1_mgmt_v3_op_req
    doc: GD_MGMT v3 args, by procedure number.
  - id: gd_mgmt_v3_results
    if: program == program::gd_mgmt and vers == 3 and is_reply
    type:
      switch-on: proc
      cases:
        1: gd1_mgmt_v3_lock_rsp
        2: gd1_mgmt_v3_op_errstr_dict_rsp
        3: gd1_mgmt_v3_op_errstr_dict_rsp
        4: gd1_mgmt_v3_op_dict_errstr_rsp
        5: gd1_mgmt_v3_op_errstr_dict_rsp
        6: gd1_mgmt_v3_lock_rsp
        7: gd1_mgmt_v3_op_dict_errstr_rsp
    doc: GD_MGMT v3 results, by procedure number.
  - id: gd_mgmt_hndsk_v1_args
    if: program == program::gd_mgmt_hndsk and vers == 1 and not is_reply
    type:
      switch-on: proc
      cases:
        1: gf_mgmt_hndsk_req
        2: gf_mgmt_hndsk_req
    doc: GD_MGMT_HNDSK v1 args, by procedure number.
  - id: gd_mgmt_hndsk_v1_results
    if: program == program::gd_mgmt_hndsk and vers == 1 and is_reply
    type:
      switch-on: proc
      cases:
        1: gf_mgmt_hndsk_rsp
        2: gf_mgmt_hndsk_rsp
    doc: GD_MGMT_HNDSK v1 results, by procedure number.
  - id: gluster_cli_v2_args
    if: program == program::gluster_cli and vers == 2 and not is_reply
    type:
      switch-on: proc
      cases:
        1: gf_cli_req
        2: gf_cli_req
        3: gf1_cli_peer_list_req
        4: gf_cli_req
        5: gf_cli_req
        7: gf_cli_req
        8: gf_cli_req
        9: gf_cli_req
        11: gf_cli_req
        12: gf_cli_req
        13: gf_cli_req
        14: gf_cli_req
        15: gf_cli_req
        16: gf_cli_req
        19: gf_cli_req
        20: gf_cli_req
        21: gf1_cli_fsm_log_req
        22: gf_cli_req
        23: gf_cli_req
        24: gf_cli_req
        26: gf1_cli_getwd_req
        27: gf_cli_req
        29: gf1_cli_mount_req
        30: gf1_cli_umount_req
        31: gf_cli_req
        32: gf_cli_req
        33: gf_cli_req
        34: gf_cli_req
        35: gf_cli_req
        36: gf_cli_req
        37: gf_cli_req
        38: gf_cli_req
        39: gf_cli_req
        40: gf_cli_req
        41: gf_cli_req
        42: gf_cli_req
        43: gf_cli_req
        46: gf_cli_req
        47: gf_cli_req
    doc: GLUSTER_CLI v2 args, by procedure number.
  - id: gluster_cli_v2_results
    if: program == program::gluster_cli and vers == 2 and is_reply
    type:
      switch-on: proc
      cases:
        1: gf_cli_rsp
        2: gf_cli_rsp
        3: gf1_cli_peer_list_rsp
        4: gf_cli_rsp
        5: gf_cli_rsp
        7: gf_cli_rsp
        8: gf_cli_rsp
        9: gf_cli_rsp
        11: gf_cli_rsp
        12: gf_cli_rsp
        13: gf_cli_rsp
        14: gf_cli_rsp
        15: gf_cli_rsp
        16: gf_cli_rsp
        19: gf_cli_rsp
        20: gf_cli_rsp
        21: gf1_cli_fsm_log_rsp
        22: gf_cli_rsp
        23: gf_cli_rsp
        24: gf_cli_rsp
        26: gf1_cli_getwd_rsp
        27: gf_cli_rsp
        29: gf1_cli_mount_rsp
        30: gf1_cli_umount_rsp
        31: gf_cli_rsp
        32: gf_cli_rsp
        33: gf_cli_rsp
        34: gf_cli_rsp
        35: gf_cli_rsp
        36: gf_cli_rsp
        37: gf_cli_rsp
        38: gf_cli_rsp
        39: gf_cli_rsp
        40: gf_cli_rsp
        41: gf_cli_rsp
        42: gf_cli_rsp
        43: gf_cli_rsp
        46: gf_cli_rsp
        47: gf_cli_rsp
    doc: GLUSTER_CLI v2 results, by procedure number.
  - id: gd_brick_v2_args
    if: program == program::gd_brick and vers == 2 and not is_reply
    type:
      switch-on: proc
      cases:
        1: gd1_mgmt_brick_op_req
        2: gd1_mgmt_brick_op_req
        3: gd1_mgmt_brick_op_req
        4: gd1_mgmt_brick_op_req
        6: gd1_mgmt_brick_op_req
        7: gd1_mgmt_brick_op_req
        8: gd1_mgmt_brick_op_req
        9: gd1_mgmt_brick_op_req
        10: gd1_mgmt_brick_op_req
        11: gd1_mgmt_brick_op_req
        12: gd1_mgmt_brick_op_req
        13: gd1_mgmt_brick_op_req
        14: gd1_mgmt_brick_op_req
        15: gd1_mgmt_brick_op_req
    doc: 'GD_BRICK v2 args: every brick procedure glusterfsd handles uses gd1_mgmt_brick_op_req/rsp.'
  - id: gd_brick_v2_results
    if: program == program::gd_brick and vers == 2 and is_reply
    type:
      switch-on: proc
      cases:
        1: gd1_mgmt_brick_op_rsp
        2: gd1_mgmt_brick_op_rsp
        3: gd1_mgmt_brick_op_rsp
        4: gd1_mgmt_brick_op_rsp
        6: gd1_mgmt_brick_op_rsp
        7: gd1_mgmt_brick_op_rsp
        8: gd1_mgmt_brick_op_rsp
        9: gd1_mgmt_brick_op_rsp
        10: gd1_mgmt_brick_op_rsp
        11: gd1_mgmt_brick_op_rsp
        12: gd1_mgmt_brick_op_rsp
        13: gd1_mgmt_brick_op_rsp
        14: gd1_mgmt_brick_op_rsp
        15: gd1_mgmt_brick_op_rsp
    doc: 'GD_BRICK v2 results: every brick procedure glusterfsd handles uses gd1_mgmt_brick_op_req/rsp.'
  - id: gf_aggregator_v1_args
    if: program == program::gf_aggregator and vers == 1 and not is_reply
    type:
      switch-on: proc
      cases:
        2: gf_cli_req
    doc: 'GF-AGGREGATOR (quotad) v1 args: GETLIMIT is a gf_cli_req/gf_cli_rsp exchange (quotad-aggregator.c).'
  - id: gf_aggregator_v1_results
    if: program == program::gf_aggregator and vers == 1 and is_reply
    type:
      switch-on: proc
      cases:
        2: gf_cli_rsp
    doc: >-
      GF-AGGREGATOR (quotad) v1 results: GETLIMIT is a gf_cli_req/gf_cli_rsp exchange
      (quotad-aggregator.c).
types:
  char_uuid:
    doc: 'unsigned char uuid[16] as rpcgen encodes it: one byte per 4-byte XDR unit.'
    seq:
      - id: octets
        type: u4
        repeat: expr
        repeat-expr: 16
        -hexview-show: hex
        doc: The 16 UUID bytes, each in the low byte of a 32-bit word.
  gd1_mgmt_probe_req:
    doc: struct gd1_mgmt_probe_req.
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: hostname
        type: rpc_xdr::string
        doc: Host name of the peer.
      - id: port
        type: s4
        doc: glusterd port of the peer.
  gd1_mgmt_probe_rsp:
    doc: struct gd1_mgmt_probe_rsp.
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: hostname
        type: rpc_xdr::string
        doc: Host name of the peer.
      - id: port
        type: s4
        doc: glusterd port of the peer.
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: op_errstr
        type: rpc_xdr::string
        doc: Error text.
  gd1_mgmt_friend_req:
    doc: struct gd1_mgmt_friend_req (FRIEND_ADD, and FRIEND_REMOVE as glusterd sends it).
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: hostname
        type: rpc_xdr::string
        doc: Host name of the peer.
      - id: port
        type: s4
        doc: glusterd port of the peer.
      - id: vols
        type: gluster_xdr3::opaque_dict
        doc: The sender's volumes (serialized dict).
  gd1_mgmt_friend_rsp:
    doc: struct gd1_mgmt_friend_rsp (FRIEND_ADD and FRIEND_REMOVE).
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: hostname
        type: rpc_xdr::string
        doc: Host name of the peer.
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: port
        type: s4
        doc: glusterd port of the peer.
  gd1_mgmt_friend_update:
    doc: struct gd1_mgmt_friend_update.
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: friends
        type: gluster_xdr3::opaque_dict
        doc: The peer list (serialized dict).
      - id: port
        type: s4
        doc: glusterd port of the peer.
  gd1_mgmt_friend_update_rsp:
    doc: struct gd1_mgmt_friend_update_rsp.
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: op
        type: s4
        enum: glusterd_op
        doc: The glusterd operation (glusterd_op_t).
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
  gd1_mgmt_cluster_lock_req:
    doc: struct gd1_mgmt_cluster_lock_req / _unlock_req.
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
  gd1_mgmt_cluster_lock_rsp:
    doc: struct gd1_mgmt_cluster_lock_rsp / _unlock_rsp.
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
  gd1_mgmt_stage_op_req:
    doc: struct gd1_mgmt_stage_op_req / gd1_mgmt_commit_op_req.
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: op
        type: s4
        enum: glusterd_op
        doc: The glusterd operation (glusterd_op_t).
      - id: buf
        type: gluster_xdr3::opaque_dict
        doc: Operation data (serialized dict).
  gd1_mgmt_stage_op_rsp:
    doc: struct gd1_mgmt_stage_op_rsp.
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: op
        type: s4
        enum: glusterd_op
        doc: The glusterd operation (glusterd_op_t).
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
        doc: Operation data (serialized dict).
  gd1_mgmt_commit_op_rsp:
    doc: struct gd1_mgmt_commit_op_rsp.
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: op
        type: s4
        enum: glusterd_op
        doc: The glusterd operation (glusterd_op_t).
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Operation data (serialized dict).
      - id: op_errstr
        type: rpc_xdr::string
        doc: Error text.
  gd1_mgmt_v3_lock_req:
    doc: struct gd1_mgmt_v3_lock_req / gd1_mgmt_v3_unlock_req.
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: txn_id
        type: char_uuid
        -hexview-show: uuid
        doc: Transaction ID.
      - id: op
        type: s4
        enum: glusterd_op
        doc: The glusterd operation (glusterd_op_t).
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Operation data (serialized dict).
  gd1_mgmt_v3_lock_rsp:
    doc: struct gd1_mgmt_v3_lock_rsp / gd1_mgmt_v3_unlock_rsp.
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: txn_id
        type: char_uuid
        -hexview-show: uuid
        doc: Transaction ID.
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Operation data (serialized dict).
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
  gd1_mgmt_v3_op_req:
    doc: struct gd1_mgmt_v3_pre_val_req / _brick_op_req / _commit_req / _post_commit_req (same layout).
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: op
        type: s4
        enum: glusterd_op
        doc: The glusterd operation (glusterd_op_t).
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Operation data (serialized dict).
  gd1_mgmt_v3_op_errstr_dict_rsp:
    doc: struct gd1_mgmt_v3_pre_val_rsp / _brick_op_rsp / _post_val_rsp (op_errstr before dict).
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: op
        type: s4
        enum: glusterd_op
        doc: The glusterd operation (glusterd_op_t).
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
        doc: Operation data (serialized dict).
  gd1_mgmt_v3_op_dict_errstr_rsp:
    doc: struct gd1_mgmt_v3_commit_rsp / _post_commit_rsp (dict before op_errstr).
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: op
        type: s4
        enum: glusterd_op
        doc: The glusterd operation (glusterd_op_t).
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Operation data (serialized dict).
      - id: op_errstr
        type: rpc_xdr::string
        doc: Error text.
  gd1_mgmt_v3_post_val_req:
    doc: struct gd1_mgmt_v3_post_val_req.
    seq:
      - id: uuid
        type: char_uuid
        -hexview-show: uuid
        doc: UUID of the sending glusterd.
      - id: op
        type: s4
        enum: glusterd_op
        doc: The glusterd operation (glusterd_op_t).
      - id: op_ret
        type: s4
        doc: Result of the commit being validated.
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Operation data (serialized dict).
  gf_mgmt_hndsk_req:
    doc: struct gf_mgmt_hndsk_req.
    seq:
      - id: hndsk
        type: gluster_xdr3::opaque_dict
        doc: 'Handshake data: op-versions (serialized dict).'
  gf_mgmt_hndsk_rsp:
    doc: struct gf_mgmt_hndsk_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: hndsk
        type: gluster_xdr3::opaque_dict
        doc: 'Handshake data: op-versions (serialized dict).'
  gf1_cli_peer_list_req:
    doc: struct gf1_cli_peer_list_req (GLUSTER_CLI_LIST_FRIENDS, `gluster peer status` / `pool list`).
    seq:
      - id: flags
        type: s4
        doc: GF_CLI_LIST_* flags (which peers, how detailed).
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Extra request data (serialized dict).
  gf1_cli_peer_list_rsp:
    doc: struct gf1_cli_peer_list_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: friends
        type: gluster_xdr3::opaque_dict
        doc: The peers (serialized dict, one hostname/uuid/state group per peer).
  gf1_cli_fsm_log_req:
    doc: struct gf1_cli_fsm_log_req (GLUSTER_CLI_FSM_LOG).
    seq:
      - id: name
        type: rpc_xdr::string
        doc: Peer whose state-machine log is wanted (empty - this glusterd).
  gf1_cli_fsm_log_rsp:
    doc: struct gf1_cli_fsm_log_rsp.
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
      - id: fsm_log
        type: gluster_xdr3::opaque_dict
        doc: The state-machine transitions (serialized dict).
  gf1_cli_getwd_req:
    doc: struct gf1_cli_getwd_req (GLUSTER_CLI_GETWD).
    seq:
      - id: unused
        type: s4
        doc: Unused.
  gf1_cli_getwd_rsp:
    doc: struct gf1_cli_getwd_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: wd
        type: rpc_xdr::string
        doc: glusterd's working directory.
  gf1_cli_mount_req:
    doc: struct gf1_cli_mount_req (GLUSTER_CLI_MOUNT).
    seq:
      - id: label
        type: rpc_xdr::string
        doc: Mount label (which mount-broker rule applies).
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Mount parameters (serialized dict).
  gf1_cli_mount_rsp:
    doc: struct gf1_cli_mount_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: path
        type: rpc_xdr::string
        doc: Where the volume was mounted.
  gf1_cli_umount_req:
    doc: struct gf1_cli_umount_req (GLUSTER_CLI_UMOUNT).
    seq:
      - id: lazy
        type: s4
        doc: Nonzero for a lazy unmount.
      - id: path
        type: rpc_xdr::string
        doc: Mount point to unmount.
  gf1_cli_umount_rsp:
    doc: struct gf1_cli_umount_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
  gf_cli_req:
    doc: struct gf_cli_req.
    seq:
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Operation data (serialized dict).
  gf_cli_rsp:
    doc: struct gf_cli_rsp.
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
        doc: Operation data (serialized dict).
  gd1_mgmt_brick_op_req:
    doc: struct gd1_mgmt_brick_op_req, glusterd to a brick process.
    seq:
      - id: name
        type: rpc_xdr::string
        doc: Brick or translator name.
      - id: op
        type: s4
        enum: glusterd_brick_procnum
        doc: >-
          The brick operation, a GLUSTERD_BRICK_* / GLUSTERD_NODE_* procedure number
          (glusterd_brick_procnum, as glusterd-op-sm.c glusterd_brick_op_build_payload
          and send_attach_req set it), not a glusterd_op_t.
      - id: input
        type: rpc_xdr::opaque
        doc: Operation input (usually a serialized dict; shown raw).
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Operation data (serialized dict).
  gd1_mgmt_brick_op_rsp:
    doc: struct gd1_mgmt_brick_op_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: output
        type: rpc_xdr::opaque
        doc: Operation output (usually a serialized dict; shown raw).
      - id: op_errstr
        type: rpc_xdr::string
        doc: Error text.
enums:
  glusterd_brick_procnum:
    0: glusterd_brick_null
    1: glusterd_brick_terminate
    2: glusterd_brick_xlator_info
    3: glusterd_brick_xlator_op
    4: glusterd_brick_status
    5: glusterd_brick_op
    6: glusterd_brick_xlator_defrag
    7: glusterd_node_profile
    8: glusterd_node_status
    9: glusterd_volume_barrier_op
    10: glusterd_brick_barrier
    11: glusterd_node_bitrot
    12: glusterd_brick_attach
    13: glusterd_dump_metrics
    14: glusterd_svc_attach
    15: glusterd_svc_detach
  program:
    1238433: gd_mgmt
    1238437: gd_friend
    1238463: gluster_cli
    1239873: gd_mgmt_hndsk
    4867634: gd_brick
    29852134: gf_aggregator
  glusterd_op:
    0: gd_op_none
    1: gd_op_create_volume
    2: gd_op_start_brick
    3: gd_op_stop_brick
    4: gd_op_delete_volume
    5: gd_op_start_volume
    6: gd_op_stop_volume
    7: gd_op_defrag_volume
    8: gd_op_add_brick
    9: gd_op_remove_brick
    10: gd_op_replace_brick
    11: gd_op_set_volume
    12: gd_op_reset_volume
    13: gd_op_sync_volume
    14: gd_op_log_rotate
    15: gd_op_gsync_set
    16: gd_op_profile_volume
    17: gd_op_quota
    18: gd_op_status_volume
    19: gd_op_rebalance
    20: gd_op_heal_volume
    21: gd_op_statedump_volume
    22: gd_op_list_volume
    23: gd_op_clearlocks_volume
    24: gd_op_defrag_brick_volume
    25: gd_op_copy_file
    26: gd_op_sys_exec
    27: gd_op_gsync_create
    28: gd_op_snap
    29: gd_op_barrier
    30: gd_op_ganesha
    31: gd_op_bitrot
    32: gd_op_detach_tier
    33: gd_op_tier_migrate
    34: gd_op_scrub_status
    35: gd_op_scrub_ondemand
    36: gd_op_reset_brick
    37: gd_op_max_opversion
    38: gd_op_tier_start_stop
    39: gd_op_tier_status
    40: gd_op_detach_tier_status
    41: gd_op_detach_not_started
    42: gd_op_remove_tier_brick
    43: gd_op_add_tier_brick
