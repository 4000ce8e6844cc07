meta:
  id: nsm
  title: Network Status Monitor (NSM) v1 arguments and results
  license: CC0-1.0
  endian: be
  imports:
    - /rpc/rpc_xdr
doc: >-
  The bodies of the Network Status Monitor, ONC RPC program 100024 version 1 (the
  X/Open XNFS specification): the lock managers ask their host's status monitor to
  watch peers (MON, UNMON, UNMON_ALL), read its state number (STAT), and a monitor
  that restarts tells its peers' monitors (NOTIFY), which then call back the RPC
  procedure each watcher named in its my_id. `proc` and `is_reply` choose the layout.
doc-ref:
  - https://pubs.opengroup.org/onlinepubs/9629799/chap11.htm
params:
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
      switch-on: proc
      cases:
        1: sm_name
        2: mon
        3: mon_id
        4: my_id
        6: stat_chge
    doc: >-
      A call's arguments, by procedure: STAT sm_name, MON mon, UNMON mon_id,
      UNMON_ALL my_id, NOTIFY stat_chge; NULL and SIMU_CRASH take none.
  - id: results
    if: is_reply
    type:
      switch-on: proc
      cases:
        1: sm_stat_res
        2: sm_stat_res
        3: sm_stat
        4: sm_stat
    doc: >-
      A reply's results, by procedure: STAT and MON sm_stat_res, UNMON and
      UNMON_ALL sm_stat; NULL, SIMU_CRASH and NOTIFY return none.
types:
  sm_name:
    doc: sm_name (STAT), a host name.
    seq:
      - id: mon_name
        type: rpc_xdr::string
        doc: >-
          The host asked about (SM_MAXSTRLEN, 1024 bytes at most).
  my_id:
    doc: >-
      my_id: the RPC procedure the monitor calls back when a watched host restarts
      (a lock manager names its own host, program, version and procedure).
    seq:
      - id: my_name
        type: rpc_xdr::string
        doc: The host to call back.
      - id: my_prog
        type: s4
        doc: Program number to call back (100021 for NLM).
      - id: my_vers
        type: s4
        doc: Version of that program.
      - id: my_proc
        type: s4
        doc: Procedure of that program.
  mon_id:
    doc: mon_id (UNMON, and the head of MON), a watched host and who watches it.
    seq:
      - id: mon_name
        type: rpc_xdr::string
        doc: The host to watch.
      - id: my_id
        type: my_id
        doc: Who is told when it restarts.
  mon:
    doc: mon (MON), the host to watch, who to tell, and 16 bytes told back unchanged.
    seq:
      - id: mon_id
        type: mon_id
        doc: The host to watch and who to tell.
      - id: priv
        size: 16
        -hexview-show: hex
        doc: Private data the monitor returns in its callback (fixed 16 bytes).
  stat_chge:
    doc: stat_chge (NOTIFY), sent by a restarted host's monitor.
    seq:
      - id: mon_name
        type: rpc_xdr::string
        doc: The host that restarted.
      - id: state
        type: s4
        doc: >-
          Its new state number (odd while it is up, even after it went down).
  sm_stat_res:
    doc: sm_stat_res (STAT, MON results).
    seq:
      - id: res_stat
        type: u4
        enum: res
        doc: Whether the monitor can (or will) watch the host.
      - id: state
        type: s4
        doc: The monitor's own state number.
  sm_stat:
    doc: sm_stat (UNMON, UNMON_ALL results).
    seq:
      - id: state
        type: s4
        doc: The monitor's own state number.
enums:
  res:
    0: stat_succ
    1: stat_fail
