meta:
  id: ocfs2_dlm
  title: OCFS2 o2dlm message payloads (o2net msg_type 500-522)
  license: CC0-1.0
  endian: be
doc: |
  The payloads of the o2dlm distributed lock manager's o2net messages, one
  type per struct of dlmcommon.h, plus the enums and flag words they use.
  Lock and domain names are fixed 64-byte (O2NM_MAX_NAME_LEN) NUL-padded
  fields whose real length is in a namelen byte; node maps are 32 bytes with
  bit n (bit n % 8 of byte n / 8) set for node n. Lock cookies are u64: the
  top byte is the owning node, the low 56 bits a per-node sequence.
doc-ref:
  - ../shared/seeds/000_4aad557f3414614f.txt
  - https://github.com/torvalds/linux/blob/master/fs/ocfs2/dlm/dlmcommon.h
  - https://github.com/torvalds/linux/blob/master/fs/ocfs2/dlm/dlmapi.h
types:
  padded_name:
    doc: A NUL-padded name field; the text is the first len bytes.
    params:
      - id: len
        type: u4
        doc: The namelen field that goes with this name.
    seq:
      - id: text
        type: str
        size: 'len < _io.size ? len : _io.size'
        encoding: ISO-8859-1
        doc: The name (namelen bytes).
      - id: padding
        size-eos: true
        doc: Rest of the fixed-size field (NUL bytes).
  master_request:
    doc: struct dlm_master_request (DLM_MASTER_REQUEST_MSG 500) - who masters this lock resource?
    seq:
      - id: node_idx
        type: u1
        doc: Node asking.
      - id: namelen
        type: u1
        doc: Length of name.
      - id: pad1
        type: u2
        doc: Padding.
      - id: flags
        type: u4
        -hexview-show: hex
        doc: Unused (0).
      - id: name
        size: 64
        type: padded_name(namelen)
        doc: Lock resource name.
  assert_master:
    doc: struct dlm_assert_master (DLM_ASSERT_MASTER_MSG 502) - the sender masters this lock resource.
    seq:
      - id: node_idx
        type: u1
        doc: The new master.
      - id: namelen
        type: u1
        doc: Length of name.
      - id: pad1
        type: u2
        doc: Padding.
      - id: flags
        type: assert_master_flags
        doc: DLM_ASSERT_MASTER_* flags.
      - id: name
        size: 64
        type: padded_name(namelen)
        doc: Lock resource name.
  assert_master_flags:
    doc: DLM_ASSERT_MASTER_* flags (u32).
    seq:
      - id: reserved
        type: b29
        doc: Unused bits.
      - id: finish_migration
        type: b1
        doc: DLM_ASSERT_MASTER_FINISH_MIGRATION (0x4).
      - id: requery
        type: b1
        doc: DLM_ASSERT_MASTER_REQUERY (0x2).
      - id: mle_cleanup
        type: b1
        doc: DLM_ASSERT_MASTER_MLE_CLEANUP (0x1).
  lkm_flags:
    doc: LKM_* lock flags (u32) from dlmapi.h.
    seq:
      - id: recovery
        type: b1
        doc: LKM_RECOVERY (0x80000000) - extension, during recovery.
      - id: get_lvb
        type: b1
        doc: LKM_GET_LVB (0x40000000) - extension, the reply carries the LVB.
      - id: put_lvb
        type: b1
        doc: LKM_PUT_LVB (0x20000000) - extension, the message carries the LVB.
      - id: migration
        type: b1
        doc: LKM_MIGRATION (0x10000000) - extension, during migration.
      - id: reserved_25_27
        type: b3
        doc: Unused bits.
      - id: revvalblk
        type: b1
        doc: LKM_REVVALBLK (0x1000000) - revalidate the LVB.
      - id: force
        type: b1
        doc: LKM_FORCE (0x800000) - force unlock.
      - id: xid_conflict
        type: b1
        doc: LKM_XID_CONFLICT (0x400000).
      - id: xid
        type: b1
        doc: LKM_XID (0x200000).
      - id: proc_owned
        type: b1
        doc: LKM_PROC_OWNED (0x100000).
      - id: findlocal
        type: b1
        doc: LKM_FINDLOCAL (0x80000).
      - id: sngldlck
        type: b1
        doc: LKM_SNGLDLCK (0x40000).
      - id: timeout
        type: b1
        doc: LKM_TIMEOUT (0x20000).
      - id: syncsts
        type: b1
        doc: LKM_SYNCSTS (0x10000).
      - id: invvalblk
        type: b1
        doc: LKM_INVVALBLK (0x8000) - invalidate the LVB.
      - id: deqall
        type: b1
        doc: LKM_DEQALL (0x4000).
      - id: cancel
        type: b1
        doc: LKM_CANCEL (0x2000) - cancel a pending request.
      - id: unlock
        type: b1
        doc: LKM_UNLOCK (0x1000).
      - id: nodlckwt
        type: b1
        doc: LKM_NODLCKWT (0x800).
      - id: convert
        type: b1
        doc: LKM_CONVERT (0x400) - convert an existing lock.
      - id: noqueue
        type: b1
        doc: LKM_NOQUEUE (0x200) - fail instead of queueing.
      - id: valblk
        type: b1
        doc: LKM_VALBLK (0x100) - the LVB is valid.
      - id: local
        type: b1
        doc: LKM_LOCAL (0x80).
      - id: block
        type: b1
        doc: LKM_BLOCK (0x40).
      - id: parentable
        type: b1
        doc: LKM_PARENTABLE (0x20).
      - id: orphan
        type: b1
        doc: LKM_ORPHAN (0x10).
      - id: reserved_0_3
        type: b4
        doc: Unused bits.
  create_lock:
    doc: struct dlm_create_lock (DLM_CREATE_LOCK_MSG 503) - ask the master for a new lock.
    seq:
      - id: cookie
        type: u8
        -hexview-show: node_cookie
        doc: Lock cookie (node:sequence).
      - id: flags
        type: lkm_flags
        doc: LKM_* flags.
      - id: pad1
        type: u1
        doc: Padding.
      - id: node_idx
        type: u1
        doc: Node asking.
      - id: requested_type
        type: s1
        enum: lock_mode
        doc: Mode asked for.
      - id: namelen
        type: u1
        doc: Length of name.
      - id: name
        size: 64
        type: padded_name(namelen)
        doc: Lock resource name.
  convert_lock:
    doc: struct dlm_convert_lock (DLM_CONVERT_LOCK_MSG 504) - change a lock's mode; 80 bytes, 144 with the LVB.
    seq:
      - id: cookie
        type: u8
        -hexview-show: node_cookie
        doc: Lock cookie (node:sequence).
      - id: flags
        type: lkm_flags
        doc: LKM_* flags.
      - id: pad1
        type: u1
        doc: Padding.
      - id: node_idx
        type: u1
        doc: Node asking.
      - id: requested_type
        type: s1
        enum: lock_mode
        doc: Mode asked for.
      - id: namelen
        type: u1
        doc: Length of name.
      - id: name
        size: 64
        type: padded_name(namelen)
        doc: Lock resource name.
      - id: lvb
        size: 64
        if: not _io.eof
        doc: Lock value block (DLM_LVB_LEN 64), sent with LKM_PUT_LVB.
  proxy_ast:
    doc: struct dlm_proxy_ast (DLM_PROXY_AST_MSG 505) - the master delivers an AST or BAST; 80 bytes, 144 with the LVB.
    seq:
      - id: cookie
        type: u8
        -hexview-show: node_cookie
        doc: Lock cookie (node:sequence).
      - id: flags
        type: lkm_flags
        doc: LKM_* flags.
      - id: node_idx
        type: u1
        doc: Node sending the AST (the lock resource's master; dlm_send_proxy_ast_msg); the AST is for the node in the cookie's top byte.
      - id: type
        type: u1
        enum: ast_type
        doc: AST, BAST or unlock AST.
      - id: blocked_type
        type: s1
        enum: lock_mode
        doc: For a BAST, the mode another node is blocked on.
      - id: namelen
        type: u1
        doc: Length of name.
      - id: name
        size: 64
        type: padded_name(namelen)
        doc: Lock resource name.
      - id: lvb
        size: 64
        if: not _io.eof
        doc: Lock value block, sent with LKM_GET_LVB.
  unlock_lock:
    doc: struct dlm_unlock_lock (DLM_UNLOCK_LOCK_MSG 506) - release or cancel a lock; 80 bytes, 144 with the LVB.
    seq:
      - id: cookie
        type: u8
        -hexview-show: node_cookie
        doc: Lock cookie (node:sequence).
      - id: flags
        type: lkm_flags
        doc: LKM_* flags.
      - id: pad1
        type: u2
        doc: Padding.
      - id: node_idx
        type: u1
        doc: Node releasing.
      - id: namelen
        type: u1
        doc: Length of name.
      - id: name
        size: 64
        type: padded_name(namelen)
        doc: Lock resource name.
      - id: lvb
        size: 64
        if: not _io.eof
        doc: Lock value block, sent with LKM_PUT_LVB.
  deref_lockres:
    doc: struct dlm_deref_lockres (DLM_DEREF_LOCKRES_MSG 507, DLM_DEREF_LOCKRES_DONE 522) - drop the sender's reference on a lock resource.
    seq:
      - id: pad1
        type: u4
        doc: Padding.
      - id: pad2
        type: u2
        doc: Padding.
      - id: node_idx
        type: u1
        doc: Node dropping its reference.
      - id: namelen
        type: u1
        doc: Length of name.
      - id: name
        size: 64
        type: padded_name(namelen)
        doc: Lock resource name.
  migrate_request:
    doc: struct dlm_migrate_request (DLM_MIGRATE_REQUEST_MSG 508) - mastery of a lock resource moves.
    seq:
      - id: master
        type: u1
        doc: Current master.
      - id: new_master
        type: u1
        doc: Node taking over.
      - id: namelen
        type: u1
        doc: Length of name.
      - id: pad1
        type: u1
        doc: Padding.
      - id: pad2
        type: u4
        doc: Padding.
      - id: name
        size: 64
        type: padded_name(namelen)
        doc: Lock resource name.
  mig_lockres:
    doc: |
      struct dlm_migratable_lockres (DLM_MIG_LOCKRES_MSG 509) - a lock resource
      and its locks, sent during migration and recovery: 112 bytes plus 16 per
      lock.
    seq:
      - id: master
        type: u1
        doc: Master of the lock resource.
      - id: lockname_len
        type: u1
        doc: Length of lockname.
      - id: num_locks
        type: u1
        doc: Locks in this message.
      - id: flags
        type: mig_lockres_flags
        doc: DLM_MRES_* flags.
      - id: total_locks
        type: u4
        doc: Locks to be sent for this migration cookie.
      - id: mig_cookie
        type: u8
        -hexview-show: hex
        doc: Cookie of this migration, 0 if not needed.
      - id: lockname
        size: 32
        type: padded_name(lockname_len)
        doc: Lock resource name (DLM_LOCKID_NAME_MAX 32).
      - id: lvb
        size: 64
        doc: Lock value block.
      - id: locks
        type: migratable_lock
        repeat: expr
        repeat-expr: num_locks
        doc: The locks (struct dlm_migratable_lock each).
  mig_lockres_flags:
    doc: DLM_MRES_* flags (u8).
    seq:
      - id: reserved
        type: b5
        doc: Unused bits.
      - id: all_done
        type: b1
        doc: DLM_MRES_ALL_DONE (0x4) - last message for this lock resource.
      - id: migration
        type: b1
        doc: DLM_MRES_MIGRATION (0x2).
      - id: recovery
        type: b1
        doc: DLM_MRES_RECOVERY (0x1).
  migratable_lock:
    doc: struct dlm_migratable_lock (16 bytes).
    seq:
      - id: cookie
        type: u8
        -hexview-show: node_cookie
        doc: Lock cookie (node:sequence).
      - id: pad1
        type: u2
        doc: Padding.
      - id: list
        type: u1
        enum: lock_list
        doc: Queue the lock is on.
      - id: flags
        type: u1
        -hexview-show: hex
        doc: Lock flags.
      - id: type
        type: s1
        enum: lock_mode
        doc: Granted mode.
      - id: convert_type
        type: s1
        enum: lock_mode
        doc: Mode being converted to (IV if none).
      - id: highest_blocked
        type: s1
        enum: lock_mode
        doc: Highest mode blocked by this lock (IV if none).
      - id: node
        type: u1
        doc: Node owning the lock.
  query_join_request:
    doc: |
      struct dlm_query_join_request (DLM_QUERY_JOIN_MSG 510) - may the sender
      join the domain? 100 bytes in ocfs2-1.2; ocfs2-1.4 and 2.6.30 add the
      DLM and file system protocol versions (104 bytes).
    params:
      - id: has_proto_versions
        type: bool
        doc: True for the ocfs2-1.4 layout.
    seq:
      - id: node_idx
        type: u1
        doc: Node asking to join.
      - id: pad1
        size: 2
        doc: Padding.
      - id: name_len
        type: u1
        doc: Length of domain.
      - id: dlm_proto
        type: protocol_version
        if: has_proto_versions
        doc: DLM protocol version the node speaks (1.4+).
      - id: fs_proto
        type: protocol_version
        if: has_proto_versions
        doc: File system protocol version the node speaks (1.4+).
      - id: domain
        size: 64
        type: padded_name(name_len)
        doc: Domain name (the file system UUID).
      - id: node_map
        size: 32
        -hexview-show: bitmap_lsb
        doc: Nodes the sender sees live on the disk heartbeat.
  protocol_version:
    doc: struct dlm_protocol_version.
    seq:
      - id: major
        type: u1
        doc: Major version.
      - id: minor
        type: u1
        doc: Minor version.
  query_join_packed:
    doc: union dlm_query_join_response as a packet (ocfs2-1.4+), carried in the response's status.
    seq:
      - id: code
        type: u1
        enum: query_join_code
        doc: The answer.
      - id: dlm_minor
        type: u1
        doc: DLM protocol minor version to speak (valid with JOIN_OK).
      - id: fs_minor
        type: u1
        doc: File system protocol minor version to speak (valid with JOIN_OK).
      - id: reserved
        type: u1
        doc: Unused.
  query_join_int:
    doc: enum dlm_query_join_response as a plain int (ocfs2-1.2), carried in the response's status.
    seq:
      - id: code
        type: s4
        enum: query_join_code
        doc: The answer.
  master_response_status:
    doc: The answer to a master request, carried in the response's status.
    seq:
      - id: response
        type: s4
        enum: master_response
        doc: DLM_MASTER_RESP_*.
  deref_status:
    doc: The answer to a deref-lockres message, carried in the response's status.
    doc-ref: https://github.com/torvalds/linux/blob/master/fs/ocfs2/dlm/dlmcommon.h (DLM_DEREF_RESPONSE_*)
    seq:
      - id: deref_response
        type: s4
        enum: deref_response
        doc: DLM_DEREF_RESPONSE_DONE, or INPROG when the master finishes later with a Deref Lockres Done (522); a negative errno on bad input.
  lock_status:
    doc: |
      The answer to a create, convert, unlock or proxy-AST message: the
      handler's enum dlm_status, carried in the response's status.
    doc-ref: https://github.com/torvalds/linux/blob/master/fs/ocfs2/dlm/dlmapi.h (enum dlm_status)
    seq:
      - id: dlm_status
        type: s4
        enum: dlm_status
        doc: DLM_NORMAL (0) when the request was taken; otherwise why not.
  assert_joined:
    doc: struct dlm_assert_joined / dlm_cancel_join (DLM_ASSERT_JOINED_MSG 511, DLM_CANCEL_JOIN_MSG 512).
    seq:
      - id: node_idx
        type: u1
        doc: Node that joined (or gives up joining).
      - id: pad1
        size: 2
        doc: Padding.
      - id: name_len
        type: u1
        doc: Length of domain.
      - id: domain
        size: 64
        type: padded_name(name_len)
        doc: Domain name.
  exit_domain:
    doc: struct dlm_exit_domain (DLM_EXIT_DOMAIN_MSG 513, DLM_BEGIN_EXIT_DOMAIN_MSG 521).
    seq:
      - id: node_idx
        type: u1
        doc: Node leaving.
      - id: pad1
        size: 3
        doc: Padding.
  master_requery:
    doc: struct dlm_master_requery (DLM_MASTER_REQUERY_MSG 514) - who masters this lock resource now (recovery)?
    seq:
      - id: pad1
        type: u1
        doc: Padding.
      - id: pad2
        type: u1
        doc: Padding.
      - id: node_idx
        type: u1
        doc: Node asking.
      - id: namelen
        type: u1
        doc: Length of name.
      - id: pad3
        type: u4
        doc: Padding.
      - id: name
        size: 64
        type: padded_name(namelen)
        doc: Lock resource name.
  lock_request:
    doc: struct dlm_lock_request / dlm_begin_reco (DLM_LOCK_REQUEST_MSG 515, DLM_BEGIN_RECO_MSG 517).
    seq:
      - id: node_idx
        type: u1
        doc: Recovery master.
      - id: dead_node
        type: u1
        doc: Node being recovered.
      - id: pad1
        type: u2
        doc: Padding.
      - id: pad2
        type: u4
        doc: Padding.
  reco_data_done:
    doc: struct dlm_reco_data_done (DLM_RECO_DATA_DONE_MSG 516) - all locks of the dead node were sent.
    seq:
      - id: node_idx
        type: u1
        doc: Node that finished sending.
      - id: dead_node
        type: u1
        doc: Node being recovered.
      - id: pad1
        type: u2
        doc: Padding.
      - id: pad2
        type: u4
        doc: Padding.
      - id: reco_lvb
        size: 64
        doc: Unused LVB space.
  finalize_reco:
    doc: struct dlm_finalize_reco (DLM_FINALIZE_RECO_MSG 518) - recovery of the dead node is complete.
    seq:
      - id: node_idx
        type: u1
        doc: Recovery master.
      - id: dead_node
        type: u1
        doc: Node recovered.
      - id: flags
        type: finalize_reco_flags
        doc: DLM_FINALIZE_STAGE2 flag.
      - id: pad1
        type: u1
        doc: Padding.
      - id: pad2
        type: u4
        doc: Padding.
  finalize_reco_flags:
    doc: Finalize recovery flags (u8).
    seq:
      - id: reserved
        type: b7
        doc: Unused bits.
      - id: stage2
        type: b1
        doc: DLM_FINALIZE_STAGE2 (0x1) - second stage of finalize.
  query_region:
    doc: struct dlm_query_region (DLM_QUERY_REGION 519) - heartbeat regions of the sender (later kernels).
    seq:
      - id: node
        type: u1
        doc: Sending node.
      - id: numregions
        type: u1
        doc: Regions listed.
      - id: namelen
        type: u1
        doc: Length of domain.
      - id: pad1
        type: u1
        doc: Padding.
      - id: domain
        size: 64
        type: padded_name(namelen)
        doc: Domain name.
      - id: regions
        type: str
        size: 32
        encoding: ISO-8859-1
        terminator: 0
        repeat: expr
        repeat-expr: 'numregions < 32 ? numregions : 32'
        doc: Heartbeat region names (O2HB_MAX_REGION_NAME_LEN 32).
      - id: unused
        size-eos: true
        doc: Unused region slots (O2NM_MAX_REGIONS 32 in all).
  query_nodeinfo:
    doc: struct dlm_query_nodeinfo (DLM_QUERY_NODEINFO 520) - cluster node addresses of the sender (later kernels).
    seq:
      - id: nodenum
        type: u1
        doc: Sending node.
      - id: numnodes
        type: u1
        doc: Nodes listed.
      - id: namelen
        type: u1
        doc: Length of domain.
      - id: pad1
        type: u1
        doc: Padding.
      - id: domain
        size: 64
        type: padded_name(namelen)
        doc: Domain name.
      - id: nodes
        type: node_info
        repeat: expr
        repeat-expr: numnodes
        doc: One struct dlm_node_info per node.
      - id: unused
        size-eos: true
        doc: Unused node slots (O2NM_MAX_NODES 255 in all).
  node_info:
    doc: struct dlm_node_info (8 bytes).
    seq:
      - id: ni_nodenum
        type: u1
        doc: Node number.
      - id: pad1
        type: u1
        doc: Padding.
      - id: ni_ipv4_port
        type: u2
        doc: o2net port of the node.
      - id: ni_ipv4_address
        type: u4
        -hexview-show: hex
        doc: IPv4 address of the node.
enums:
  dlm_status:
    0: {id: dlm_normal, -hexview-label: "DLM_NORMAL"}
    1: {id: dlm_granted, -hexview-label: "DLM_GRANTED"}
    2: {id: dlm_denied, -hexview-label: "DLM_DENIED"}
    3: {id: dlm_denied_nolocks, -hexview-label: "DLM_DENIED_NOLOCKS"}
    4: {id: dlm_working, -hexview-label: "DLM_WORKING"}
    5: {id: dlm_blocked, -hexview-label: "DLM_BLOCKED"}
    6: {id: dlm_blocked_orphan, -hexview-label: "DLM_BLOCKED_ORPHAN"}
    7: {id: dlm_denied_grace_period, -hexview-label: "DLM_DENIED_GRACE_PERIOD"}
    8: {id: dlm_syserr, -hexview-label: "DLM_SYSERR"}
    9: {id: dlm_nosupport, -hexview-label: "DLM_NOSUPPORT"}
    10: {id: dlm_cancelgrant, -hexview-label: "DLM_CANCELGRANT"}
    11: {id: dlm_ivlockid, -hexview-label: "DLM_IVLOCKID"}
    12: {id: dlm_sync, -hexview-label: "DLM_SYNC"}
    13: {id: dlm_badtype, -hexview-label: "DLM_BADTYPE"}
    14: {id: dlm_badresource, -hexview-label: "DLM_BADRESOURCE"}
    15: {id: dlm_maxhandles, -hexview-label: "DLM_MAXHANDLES"}
    16: {id: dlm_noclinfo, -hexview-label: "DLM_NOCLINFO"}
    17: {id: dlm_nolockmgr, -hexview-label: "DLM_NOLOCKMGR"}
    18: {id: dlm_nopurged, -hexview-label: "DLM_NOPURGED"}
    19: {id: dlm_badargs, -hexview-label: "DLM_BADARGS"}
    20: {id: dlm_void, -hexview-label: "DLM_VOID"}
    21: {id: dlm_notqueued, -hexview-label: "DLM_NOTQUEUED"}
    22: {id: dlm_ivbuflen, -hexview-label: "DLM_IVBUFLEN"}
    23: {id: dlm_cvtungrant, -hexview-label: "DLM_CVTUNGRANT"}
    24: {id: dlm_badparam, -hexview-label: "DLM_BADPARAM"}
    25: {id: dlm_valnotvalid, -hexview-label: "DLM_VALNOTVALID"}
    26: {id: dlm_rejected, -hexview-label: "DLM_REJECTED"}
    27: {id: dlm_abort, -hexview-label: "DLM_ABORT"}
    28: {id: dlm_cancel, -hexview-label: "DLM_CANCEL"}
    29: {id: dlm_ivreshandle, -hexview-label: "DLM_IVRESHANDLE"}
    30: {id: dlm_deadlock, -hexview-label: "DLM_DEADLOCK"}
    31: {id: dlm_denied_noasts, -hexview-label: "DLM_DENIED_NOASTS"}
    32: {id: dlm_forward, -hexview-label: "DLM_FORWARD"}
    33: {id: dlm_timeout, -hexview-label: "DLM_TIMEOUT"}
    34: {id: dlm_ivgroupid, -hexview-label: "DLM_IVGROUPID"}
    35: {id: dlm_vers_conflict, -hexview-label: "DLM_VERS_CONFLICT"}
    36: {id: dlm_bad_device_path, -hexview-label: "DLM_BAD_DEVICE_PATH"}
    37: {id: dlm_no_device_permission, -hexview-label: "DLM_NO_DEVICE_PERMISSION"}
    38: {id: dlm_no_control_device, -hexview-label: "DLM_NO_CONTROL_DEVICE"}
    39: {id: dlm_recovering, -hexview-label: "DLM_RECOVERING"}
    40: {id: dlm_migrating, -hexview-label: "DLM_MIGRATING"}
    41: {id: dlm_maxstats, -hexview-label: "DLM_MAXSTATS"}
  lock_mode:
    -1: {id: iv, doc: Invalid, -hexview-label: "IV: Invalid"}
    0: {id: nl, doc: No lock, -hexview-label: "NL: No lock"}
    1: {id: cr, doc: Concurrent read, -hexview-label: "CR: Concurrent read"}
    2: {id: cw, doc: Concurrent write, -hexview-label: "CW: Concurrent write"}
    3: {id: pr, doc: Protected read, -hexview-label: "PR: Protected read"}
    4: {id: pw, doc: Protected write, -hexview-label: "PW: Protected write"}
    5: {id: ex, doc: Exclusive, -hexview-label: "EX: Exclusive"}
  ast_type:
    0: {id: ast, doc: Lock granted, -hexview-label: "AST"}
    1: {id: bast, doc: Blocking another node, -hexview-label: "BAST"}
    2: {id: astunlock, doc: Unlock done, -hexview-label: "Unlock AST"}
  lock_list:
    0: {id: granted, -hexview-label: "Granted"}
    1: {id: converting, -hexview-label: "Converting"}
    2: {id: blocked, -hexview-label: "Blocked"}
  master_response:
    0: {id: no, doc: DLM_MASTER_RESP_NO, -hexview-label: "NO"}
    1: {id: yes, doc: DLM_MASTER_RESP_YES, -hexview-label: "YES"}
    2: {id: maybe, doc: DLM_MASTER_RESP_MAYBE, -hexview-label: "MAYBE"}
    3: {id: error, doc: DLM_MASTER_RESP_ERROR, -hexview-label: "ERROR"}
  deref_response:
    0: {id: done, doc: DLM_DEREF_RESPONSE_DONE - the reference is dropped, -hexview-label: "DEREF_DONE"}
    1: {id: inprog, doc: DLM_DEREF_RESPONSE_INPROG - the master drops it later and says so in a Deref Lockres Done, -hexview-label: "DEREF_INPROG"}
  query_join_code:
    0: {id: join_disallow, -hexview-label: "JOIN_DISALLOW"}
    1: {id: join_ok, -hexview-label: "JOIN_OK"}
    2: {id: join_ok_no_map, -hexview-label: "JOIN_OK_NO_MAP"}
    3: {id: join_protocol_mismatch, doc: ocfs2-1.4 and later, -hexview-label: "JOIN_PROTOCOL_MISMATCH"}
