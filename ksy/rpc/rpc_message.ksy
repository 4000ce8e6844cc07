meta:
  id: rpc_message
  title: ONC RPC message header (call or reply), RFC 5531
  license: CC0-1.0
  endian: be
  imports:
    - rpc_xdr
doc: |
  The header of one ONC RPC message, as carried in one record (after the
  record marks are removed): the transaction id, whether it is a call or a
  reply, and then either the call's program, version, procedure and
  credentials, or the reply's status. The procedure's arguments or results
  follow; their layout belongs to the program and is decoded separately
  (a reply does not say which procedure it answers: the call with the same
  xid does).
doc-ref: https://www.rfc-editor.org/rfc/rfc5531#section-9
seq:
  - id: xid
    type: u4
    -hexview-show: hex
    -hexview-steers: true
    doc: Transaction id; a reply carries the xid of its call.
  - id: msg_type
    type: u4
    enum: msg_type
    doc: CALL (0) or REPLY (1).
  - id: call
    type: call_body
    if: msg_type == msg_type::call
    doc: The call header.
  - id: reply
    type: reply_body
    if: msg_type == msg_type::reply
    doc: The reply header.
types:
  call_body:
    doc: struct call_body.
    seq:
      - id: rpcvers
        type: u4
        doc: RPC protocol version, always 2.
      - id: prog
        type: u4
        -hexview-steers: true
        doc: Program number.
      - id: vers
        type: u4
        doc: Program version.
      - id: proc
        type: u4
        doc: Procedure number within the program.
      - id: cred
        type: rpc_xdr::opaque_auth
        doc: Credentials of the caller.
      - id: verf
        type: rpc_xdr::opaque_auth
        doc: Verifier of the credentials.
  reply_body:
    doc: union reply_body.
    seq:
      - id: reply_stat
        type: u4
        enum: reply_stat
        doc: MSG_ACCEPTED (0) or MSG_DENIED (1).
      - id: accepted
        type: accepted_reply
        if: reply_stat == reply_stat::msg_accepted
        doc: The server accepted the call.
      - id: denied
        type: rejected_reply
        if: reply_stat == reply_stat::msg_denied
        doc: The server refused the call.
  accepted_reply:
    doc: struct accepted_reply.
    seq:
      - id: verf
        type: rpc_xdr::opaque_auth
        doc: Verifier from the server.
      - id: accept_stat
        type: u4
        enum: accept_stat
        doc: Whether the procedure ran.
      - id: mismatch_info
        type: mismatch_info
        if: accept_stat == accept_stat::prog_mismatch
        doc: Versions of the program the server supports.
  rejected_reply:
    doc: union rejected_reply.
    seq:
      - id: reject_stat
        type: u4
        enum: reject_stat
        doc: RPC_MISMATCH (0) or AUTH_ERROR (1).
      - id: mismatch_info
        type: mismatch_info
        if: reject_stat == reject_stat::rpc_mismatch
        doc: RPC versions the server supports.
      - id: auth_stat
        type: u4
        enum: auth_stat
        if: reject_stat == reject_stat::auth_error
        doc: Why authentication failed.
  mismatch_info:
    doc: Lowest and highest supported version.
    seq:
      - id: low
        type: u4
        doc: Lowest version supported.
      - id: high
        type: u4
        doc: Highest version supported.
enums:
  msg_type:
    0: call
    1: reply
  reply_stat:
    0: msg_accepted
    1: msg_denied
  accept_stat:
    0: success
    1: prog_unavail
    2: prog_mismatch
    3: proc_unavail
    4: garbage_args
    5: system_err
  reject_stat:
    0: rpc_mismatch
    1: auth_error
  auth_stat:
    0: auth_ok
    1: auth_badcred
    2: auth_rejectedcred
    3: auth_badverf
    4: auth_rejectedverf
    5: auth_tooweak
    6: auth_invalidresp
    7: auth_failed
    8: auth_kerb_generic
    9: auth_timeexpire
    10: auth_tktfile
    11: auth_decode
    12: auth_net_addr
    13: rpcsec_gss_credproblem
    14: rpcsec_gss_ctxproblem
