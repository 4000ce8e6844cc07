meta:
  id: nlm
  title: Network Lock Manager (NLM) v1-v4 arguments and results
  license: CC0-1.0
  endian: be
  imports:
    - /rpc/rpc_xdr
doc: >-
  The bodies of the Network Lock Manager, ONC RPC program 100021: versions 1-3 as
  the X/Open XNFS specification defines them (32-bit offsets and lengths, nlm_stats)
  and version 4 as RFC 1813 appendix II defines it (64-bit offsets and lengths,
  nlm4_stats). Version 3 adds SHARE, UNSHARE, NM_LOCK and FREE_ALL to version 1's
  procedures; version 4 keeps the numbers. The _MSG procedures (6-10) carry the
  arguments of their synchronous twins and get an empty reply; the answer comes
  back later as a call of the matching _RES procedure (11-15) from the other host.
  `vers`, `proc` and `is_reply` (from the RPC header, a reply's from its call)
  choose the layout.
doc-ref:
  - https://www.rfc-editor.org/rfc/rfc1813#appendix-II
  - https://pubs.opengroup.org/onlinepubs/9629799/chap10.htm
params:
  - id: vers
    type: u4
    doc: NLM version (1-4); version 4 has 64-bit lock ranges.
  - id: proc
    type: u4
    doc: Procedure number.
  - id: is_reply
    type: bool
    doc: True for a reply's results, false for a call's arguments.
seq:
  - id: args
    if: not is_reply
    type:
      switch-on: '(vers == 4 ? 100 : 0) + proc'
      cases:
        1: nlm_testargs
        2: nlm_lockargs
        3: nlm_cancargs
        4: nlm_unlockargs
        5: nlm_testargs
        6: nlm_testargs
        7: nlm_lockargs
        8: nlm_cancargs
        9: nlm_unlockargs
        10: nlm_testargs
        11: nlm_testres
        12: nlm_res
        13: nlm_res
        14: nlm_res
        15: nlm_res
        20: nlm_shareargs
        21: nlm_shareargs
        22: nlm_lockargs
        23: nlm_notify
        101: nlm_testargs
        102: nlm_lockargs
        103: nlm_cancargs
        104: nlm_unlockargs
        105: nlm_testargs
        106: nlm_testargs
        107: nlm_lockargs
        108: nlm_cancargs
        109: nlm_unlockargs
        110: nlm_testargs
        111: nlm4_testres
        112: nlm4_res
        113: nlm4_res
        114: nlm4_res
        115: nlm4_res
        120: nlm_shareargs
        121: nlm_shareargs
        122: nlm_lockargs
        123: nlm_notify
    doc: >-
      A call's arguments, by procedure (version 4's results at 100 + procedure): TEST,
      GRANTED and their _MSG forms take nlm_testargs; LOCK, LOCK_MSG and NM_LOCK
      nlm_lockargs; the _RES calls carry the result the synchronous procedure returns.
  - id: results
    if: is_reply
    type:
      switch-on: '(vers == 4 ? 100 : 0) + proc'
      cases:
        1: nlm_testres
        2: nlm_res
        3: nlm_res
        4: nlm_res
        5: nlm_res
        20: nlm_shareres
        21: nlm_shareres
        22: nlm_res
        101: nlm4_testres
        102: nlm4_res
        103: nlm4_res
        104: nlm4_res
        105: nlm4_res
        120: nlm4_shareres
        121: nlm4_shareres
        122: nlm4_res
    doc: >-
      A reply's results, by procedure (version 4's at 100 + procedure). The _MSG,
      _RES and FREE_ALL procedures return nothing.
types:
  netobj:
    doc: >-
      netobj: opaque<MAXNETOBJ_SZ> (1024 bytes at most), shown as hex: cookies, file
      handles and owner handles mean something only to the host that made them.
    seq:
      - id: length
        type: u4
        doc: Number of bytes that follow (before padding).
      - id: data
        size: length
        -hexview-show: hex
        doc: The bytes.
      - id: padding
        size: (4 - length % 4) % 4
        doc: Zero bytes up to a multiple of four.
  nlm_lock:
    doc: >-
      nlm_lock (nlm4_lock in version 4): the lock a client asks for, holds or
      releases. A length of 0 means "to the end of the file".
    seq:
      - id: caller_name
        type: rpc_xdr::string
        doc: Host name of the client that asks (LM_MAXSTRLEN, 1024 bytes at most).
      - id: fh
        type: netobj
        doc: File handle of the file to lock (an NFS file handle).
      - id: oh
        type: netobj
        doc: Owner handle, naming the process (or owner) that holds the lock on the client.
      - id: svid
        type: s4
        doc: System-wide identifier of the owner; on UNIX clients the process ID.
      - id: l_offset
        type:
          switch-on: _root.vers
          cases:
            4: u8
            _: u4
        doc: First byte of the range (32 bits in versions 1-3, 64 bits in version 4).
      - id: l_len
        type:
          switch-on: _root.vers
          cases:
            4: u8
            _: u4
        doc: Number of bytes in the range; 0 means to the end of the file.
  nlm_holder:
    doc: >-
      nlm_holder (nlm4_holder): the lock that stands in the way of a TEST.
    seq:
      - id: exclusive
        type: u4
        enum: xdr_bool
        doc: Whether the holder's lock is exclusive (a write lock).
      - id: svid
        type: s4
        doc: Identifier of the holding process.
      - id: oh
        type: netobj
        doc: Owner handle of the holder.
      - id: l_offset
        type:
          switch-on: _root.vers
          cases:
            4: u8
            _: u4
        doc: First byte of the holder's range.
      - id: l_len
        type:
          switch-on: _root.vers
          cases:
            4: u8
            _: u4
        doc: Number of bytes of the holder's range; 0 means to the end of the file.
  nlm_testargs:
    doc: nlm_testargs (TEST, GRANTED and their _MSG forms).
    seq:
      - id: cookie
        type: netobj
        doc: Chosen by the caller, returned unchanged in the result (pairs _MSG with _RES).
      - id: exclusive
        type: u4
        enum: xdr_bool
        doc: Whether an exclusive (write) lock is tested or granted.
      - id: alock
        type: nlm_lock
        doc: The lock.
  nlm_lockargs:
    doc: nlm_lockargs (LOCK, LOCK_MSG, NM_LOCK).
    seq:
      - id: cookie
        type: netobj
        doc: Chosen by the caller, returned unchanged in the result.
      - id: block
        type: u4
        enum: xdr_bool
        doc: Whether the caller waits (the server answers BLOCKED and calls GRANTED later).
      - id: exclusive
        type: u4
        enum: xdr_bool
        doc: Whether an exclusive (write) lock is asked for.
      - id: alock
        type: nlm_lock
        doc: The lock.
      - id: reclaim
        type: u4
        enum: xdr_bool
        doc: Whether the client reclaims a lock it held before the server restarted.
      - id: state
        type: s4
        doc: The client's NSM state number (0 for NM_LOCK).
  nlm_cancargs:
    doc: >-
      nlm_cancargs (CANCEL, CANCEL_MSG): withdraws a blocked LOCK.
    seq:
      - id: cookie
        type: netobj
        doc: Chosen by the caller, returned unchanged in the result.
      - id: block
        type: u4
        enum: xdr_bool
        doc: The block flag of the LOCK being cancelled.
      - id: exclusive
        type: u4
        enum: xdr_bool
        doc: The exclusive flag of the LOCK being cancelled.
      - id: alock
        type: nlm_lock
        doc: The lock being cancelled.
  nlm_unlockargs:
    doc: nlm_unlockargs (UNLOCK, UNLOCK_MSG).
    seq:
      - id: cookie
        type: netobj
        doc: Chosen by the caller, returned unchanged in the result.
      - id: alock
        type: nlm_lock
        doc: The range to release.
  nlm_testres:
    doc: >-
      nlm_testres (TEST's result, TEST_RES's argument): the status, and when the
      lock is denied the lock that conflicts.
    seq:
      - id: cookie
        type: netobj
        doc: The call's cookie.
      - id: stat
        type: u4
        enum: nlm_stats
        doc: The outcome.
      - id: holder
        type: nlm_holder
        if: stat == nlm_stats::lck_denied
        doc: The conflicting lock (only when the status is DENIED).
  nlm_res:
    doc: >-
      nlm_res: the result of LOCK, CANCEL, UNLOCK, GRANTED and NM_LOCK, and the
      argument of the _RES calls.
    seq:
      - id: cookie
        type: netobj
        doc: The call's cookie.
      - id: stat
        type: u4
        enum: nlm_stats
        doc: The outcome.
  nlm4_testres:
    doc: >-
      nlm4_testres (TEST's result, TEST_RES's argument): the status, and when the
      lock is denied the lock that conflicts.
    seq:
      - id: cookie
        type: netobj
        doc: The call's cookie.
      - id: stat
        type: u4
        enum: nlm4_stats
        doc: The outcome.
      - id: holder
        type: nlm_holder
        if: stat == nlm4_stats::nlm4_denied
        doc: The conflicting lock (only when the status is DENIED).
  nlm4_res:
    doc: >-
      nlm4_res: the result of LOCK, CANCEL, UNLOCK, GRANTED and NM_LOCK, and the
      argument of the _RES calls.
    seq:
      - id: cookie
        type: netobj
        doc: The call's cookie.
      - id: stat
        type: u4
        enum: nlm4_stats
        doc: The outcome.
  nlm_share:
    doc: >-
      nlm_share (SHARE, UNSHARE): a DOS-style share reservation on a whole file.
    seq:
      - id: caller_name
        type: rpc_xdr::string
        doc: Host name of the client.
      - id: fh
        type: netobj
        doc: File handle of the file.
      - id: oh
        type: netobj
        doc: Owner handle of the reservation.
      - id: mode
        type: u4
        enum: fsh_mode
        doc: What others are denied.
      - id: access
        type: u4
        enum: fsh_access
        doc: What the owner means to do.
  nlm_shareargs:
    doc: nlm_shareargs (SHARE, UNSHARE).
    seq:
      - id: cookie
        type: netobj
        doc: Chosen by the caller, returned unchanged in the result.
      - id: share
        type: nlm_share
        doc: The reservation.
      - id: reclaim
        type: u4
        enum: xdr_bool
        doc: Whether the client reclaims a reservation it held before the server restarted.
  nlm_shareres:
    doc: nlm_shareres (SHARE, UNSHARE results).
    seq:
      - id: cookie
        type: netobj
        doc: The call's cookie.
      - id: stat
        type: u4
        enum: nlm_stats
        doc: The outcome.
      - id: sequence
        type: s4
        doc: Sequence number (unused by the protocol).
  nlm4_shareres:
    doc: nlm4_shareres (SHARE, UNSHARE results).
    seq:
      - id: cookie
        type: netobj
        doc: The call's cookie.
      - id: stat
        type: u4
        enum: nlm4_stats
        doc: The outcome.
      - id: sequence
        type: s4
        doc: Sequence number (unused by the protocol).
  nlm_notify:
    doc: >-
      nlm_notify (FREE_ALL): the named client restarted, so every lock it held goes.
    seq:
      - id: name
        type: rpc_xdr::string
        doc: Host name of the client (LM_MAXNAMELEN, 1025 bytes at most).
      - id: state
        type: s4
        doc: The client's new NSM state number.
enums:
  xdr_bool:
    0: 'false'
    1: 'true'
  nlm_stats:
    0: lck_granted
    1: lck_denied
    2: lck_denied_nolocks
    3: lck_blocked
    4: lck_denied_grace_period
  nlm4_stats:
    0: nlm4_granted
    1: nlm4_denied
    2: nlm4_denied_nolocks
    3: nlm4_blocked
    4: nlm4_denied_grace_period
    5: nlm4_deadlck
    6: nlm4_rofs
    7: nlm4_stale_fh
    8: nlm4_fbig
    9: nlm4_failed
  fsh_mode:
    0: {id: fsm_dn, -hexview-label: "fsm_DN", doc: "deny none"}
    1: {id: fsm_dr, -hexview-label: "fsm_DR", doc: "deny read"}
    2: {id: fsm_dw, -hexview-label: "fsm_DW", doc: "deny write"}
    3: {id: fsm_drw, -hexview-label: "fsm_DRW", doc: "deny read and write"}
  fsh_access:
    0: {id: fsa_none, -hexview-label: "fsa_NONE", doc: "no access"}
    1: {id: fsa_r, -hexview-label: "fsa_R", doc: "read only"}
    2: {id: fsa_w, -hexview-label: "fsa_W", doc: "write only"}
    3: {id: fsa_rw, -hexview-label: "fsa_RW", doc: "read and write"}
