meta:
  id: ocfs2_o2net_message
  title: OCFS2 o2net message (24-byte header and payload)
  license: CC0-1.0
  endian: be
  imports:
    - ocfs2_dlm
    - ocfs2_fs_vote
doc: |
  struct o2net_msg and what follows it. After the handshake every o2net
  message is this 24-byte header plus data_len payload bytes. A request
  (magic 0xfa55) is answered by a status message (0xfa56) that echoes
  msg_type, key and msg_num and carries the handler's return value in status
  instead of a payload; keepalives (0xfa57/0xfa58) are headers alone.

  The variant parameter says which ocfs2 release's layouts apply where they
  differ: 12 for ocfs2-1.2 (100-byte query-join request, query-join answer a
  plain int, FS votes as msg_type 1 and 2), 14 for ocfs2-1.4 / Linux 2.6.30
  and later (104-byte query-join request with protocol versions, answer packed
  into the status bytes).
doc-ref:
  - ../shared/seeds/000_4aad557f3414614f.txt
  - https://github.com/torvalds/linux/blob/master/fs/ocfs2/cluster/tcp.h
  - https://github.com/torvalds/linux/blob/master/fs/ocfs2/cluster/tcp_internal.h
params:
  - id: variant
    type: u1
    doc: 12 = ocfs2-1.2 layouts, 14 = ocfs2-1.4 and later.
seq:
  - id: magic
    type: u2
    enum: magic
    -hexview-show: hex
    doc: Message class (request, status response, keepalive).
  - id: data_len
    type: u2
    doc: Payload length (at most 4096 - 24 = 4072).
  - id: msg_type
    type: u2
    enum: msg_type
    doc: Handler the message is for.
  - id: pad1
    type: u2
    -hexview-show: hex
    doc: Padding.
  - id: sys_status
    type: u4
    enum: sys_status
    doc: o2net's own error for a status response.
  - id: status
    type:
      switch-on: >-
        magic != magic::response ? 0 :
        msg_type == msg_type::query_join ? (variant == 14 ? 1 : 2) :
        msg_type == msg_type::master_request ? 3 :
        msg_type == msg_type::create_lock or msg_type == msg_type::convert_lock
        or msg_type == msg_type::proxy_ast or msg_type == msg_type::unlock_lock ? 4 :
        msg_type == msg_type::deref_lockres ? 5 : 0
      cases:
        1: ocfs2_dlm::query_join_packed
        2: ocfs2_dlm::query_join_int
        3: ocfs2_dlm::master_response_status
        4: ocfs2_dlm::lock_status
        5: ocfs2_dlm::deref_status
        _: s4
    doc: Return value of the handler (status responses).
  - id: key
    type: u4
    -hexview-show: hex
    doc: Handler key (the domain key, or 0x666c6172 for domain join traffic).
  - id: msg_num
    type: u4
    doc: Sender's sequence number, echoed in the status response.
  - id: payload
    size: data_len
    if: data_len > 0
    type:
      switch-on: >-
        magic != magic::request ? msg_type::none :
        variant == 14 and (msg_type == msg_type::fs_vote or msg_type == msg_type::fs_response) ? msg_type::none :
        msg_type
      cases:
        'msg_type::fs_vote': ocfs2_fs_vote::vote
        'msg_type::fs_response': ocfs2_fs_vote::response
        'msg_type::master_request': ocfs2_dlm::master_request
        'msg_type::assert_master': ocfs2_dlm::assert_master
        'msg_type::create_lock': ocfs2_dlm::create_lock
        'msg_type::convert_lock': ocfs2_dlm::convert_lock
        'msg_type::proxy_ast': ocfs2_dlm::proxy_ast
        'msg_type::unlock_lock': ocfs2_dlm::unlock_lock
        'msg_type::deref_lockres': ocfs2_dlm::deref_lockres
        'msg_type::migrate_request': ocfs2_dlm::migrate_request
        'msg_type::mig_lockres': ocfs2_dlm::mig_lockres
        'msg_type::query_join': ocfs2_dlm::query_join_request(variant == 14)
        'msg_type::assert_joined': ocfs2_dlm::assert_joined
        'msg_type::cancel_join': ocfs2_dlm::assert_joined
        'msg_type::exit_domain': ocfs2_dlm::exit_domain
        'msg_type::master_requery': ocfs2_dlm::master_requery
        'msg_type::lock_request': ocfs2_dlm::lock_request
        'msg_type::reco_data_done': ocfs2_dlm::reco_data_done
        'msg_type::begin_reco': ocfs2_dlm::lock_request
        'msg_type::finalize_reco': ocfs2_dlm::finalize_reco
        'msg_type::query_region': ocfs2_dlm::query_region
        'msg_type::query_nodeinfo': ocfs2_dlm::query_nodeinfo
        'msg_type::begin_exit_domain': ocfs2_dlm::exit_domain
        'msg_type::deref_lockres_done': ocfs2_dlm::deref_lockres
    doc: The handler's arguments (requests only).
enums:
  magic:
    0xfa55: {id: request, doc: O2NET_MSG_MAGIC, -hexview-label: "Request"}
    0xfa56: {id: response, doc: O2NET_MSG_STATUS_MAGIC, -hexview-label: "Response"}
    0xfa57: {id: keepalive_request, doc: O2NET_MSG_KEEP_REQ_MAGIC, -hexview-label: "Keepalive Request"}
    0xfa58: {id: keepalive_response, doc: O2NET_MSG_KEEP_RESP_MAGIC, -hexview-label: "Keepalive Response"}
  sys_status:
    0: {id: none, doc: O2NET_ERR_NONE}
    1: {id: no_hndlr, doc: O2NET_ERR_NO_HNDLR - no handler for this type and key}
    2: {id: overflow, doc: O2NET_ERR_OVERFLOW - payload longer than the handler's maximum}
    3: {id: died, doc: O2NET_ERR_DIED - the connection died}
  msg_type:
    0: {id: none, doc: Not a message type (selects no payload layout)}
    1: {id: fs_vote, doc: OCFS2_MESSAGE_TYPE_VOTE (ocfs2-1.2), -hexview-label: "FS Vote"}
    2: {id: fs_response, doc: OCFS2_MESSAGE_TYPE_RESPONSE (ocfs2-1.2), -hexview-label: "FS Response"}
    500: {id: master_request, doc: DLM_MASTER_REQUEST_MSG, -hexview-label: "Master Request"}
    501: {id: unused_msg1, doc: DLM_UNUSED_MSG1, -hexview-label: "Unused"}
    502: {id: assert_master, doc: DLM_ASSERT_MASTER_MSG, -hexview-label: "Assert Master"}
    503: {id: create_lock, doc: DLM_CREATE_LOCK_MSG, -hexview-label: "Create Lock"}
    504: {id: convert_lock, doc: DLM_CONVERT_LOCK_MSG, -hexview-label: "Convert Lock"}
    505: {id: proxy_ast, doc: DLM_PROXY_AST_MSG, -hexview-label: "Proxy AST"}
    506: {id: unlock_lock, doc: DLM_UNLOCK_LOCK_MSG, -hexview-label: "Unlock Lock"}
    507: {id: deref_lockres, doc: DLM_DEREF_LOCKRES_MSG, -hexview-label: "Deref Lockres"}
    508: {id: migrate_request, doc: DLM_MIGRATE_REQUEST_MSG, -hexview-label: "Migrate Request"}
    509: {id: mig_lockres, doc: DLM_MIG_LOCKRES_MSG, -hexview-label: "Migrate Lockres"}
    510: {id: query_join, doc: DLM_QUERY_JOIN_MSG, -hexview-label: "Query Join"}
    511: {id: assert_joined, doc: DLM_ASSERT_JOINED_MSG, -hexview-label: "Assert Join"}
    512: {id: cancel_join, doc: DLM_CANCEL_JOIN_MSG, -hexview-label: "Cancel Join"}
    513: {id: exit_domain, doc: DLM_EXIT_DOMAIN_MSG, -hexview-label: "Exit Domain"}
    514: {id: master_requery, doc: DLM_MASTER_REQUERY_MSG, -hexview-label: "Master Requery"}
    515: {id: lock_request, doc: DLM_LOCK_REQUEST_MSG (request all locks of a dead node), -hexview-label: "Lock Request"}
    516: {id: reco_data_done, doc: DLM_RECO_DATA_DONE_MSG, -hexview-label: "Recovery Data Done"}
    517: {id: begin_reco, doc: DLM_BEGIN_RECO_MSG, -hexview-label: "Begin Recovery"}
    518: {id: finalize_reco, doc: DLM_FINALIZE_RECO_MSG, -hexview-label: "Finalize Recovery"}
    519: {id: query_region, doc: DLM_QUERY_REGION (later kernels), -hexview-label: "Query Region"}
    520: {id: query_nodeinfo, doc: DLM_QUERY_NODEINFO (later kernels), -hexview-label: "Query Node Info"}
    521: {id: begin_exit_domain, doc: DLM_BEGIN_EXIT_DOMAIN_MSG (later kernels), -hexview-label: "Begin Exit Domain"}
    522: {id: deref_lockres_done, doc: DLM_DEREF_LOCKRES_DONE (later kernels), -hexview-label: "Deref Lockres Done"}
