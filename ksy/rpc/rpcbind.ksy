meta:
  id: rpcbind
  title: portmap v2 and rpcbind v3/v4 bodies (program 100000)
  license: CC0-1.0
  endian: be
  imports:
    - rpc_xdr
doc: |
  Arguments and results of program 100000, which tells clients where an RPC
  program listens. Version 2 (portmap) maps (program, version, IP protocol) to
  a port; versions 3 and 4 (rpcbind) map (program, version, netid) to a
  universal address -- text such as "127.0.0.1.8.1", the host then the port's
  high and low byte (RFC 5665) -- with the owner who registered it. Version 4
  adds GETVERSADDR, INDIRECT, GETADDRLIST and GETSTAT. One parser for every
  procedure of every version: the params say which and whether this is the reply.
doc-ref:
  - https://www.rfc-editor.org/rfc/rfc1833
  - https://www.rfc-editor.org/rfc/rfc5665#section-5.2.3
params:
  - id: vers
    type: u4
    doc: Version (2 portmap, 3 or 4 rpcbind).
  - id: proc
    type: u4
    doc: Procedure number.
  - id: is_reply
    type: bool
    doc: True for a reply's results, false for a call's arguments.
seq:
  - id: mapping
    type: mapping
    if: vers == 2 and not is_reply and proc >= 1 and proc <= 3
    doc: SET, UNSET and GETPORT arguments (GETPORT ignores the port).
  - id: success
    type: u4
    if: is_reply and (proc == 1 or proc == 2)
    doc: SET and UNSET result, a bool (1 = done).
  - id: port
    type: u4
    if: vers == 2 and is_reply and proc == 3
    doc: GETPORT result, the program's port (0 = not registered).
  - id: pmaplist
    type: pmaplist
    if: vers == 2 and is_reply and proc == 4
    doc: DUMP result (version 2), every registered mapping.
  - id: call_args
    type: rmtcallargs
    if: not is_reply and (proc == 5 or (vers == 4 and proc == 10))
    doc: CALLIT, BCAST and INDIRECT arguments, the call to forward.
  - id: call_result
    type: call_result
    if: vers == 2 and is_reply and proc == 5
    doc: CALLIT result (version 2).
  - id: rpcb
    type: rpcb
    if: vers >= 3 and not is_reply and (proc == 1 or proc == 2 or proc == 3 or (vers == 4 and (proc == 9 or proc == 11)))
    doc: SET, UNSET, GETADDR, GETVERSADDR and GETADDRLIST arguments.
  - id: addr
    type: uaddr
    if: vers >= 3 and ((is_reply and (proc == 3 or proc == 8 or (vers == 4 and proc == 9))) or (not is_reply and proc == 7))
    doc: GETADDR, GETVERSADDR and TADDR2UADDR result, UADDR2TADDR argument (empty = not registered).
  - id: rpcblist
    type: rpcblist
    if: vers >= 3 and is_reply and proc == 4
    doc: DUMP result (versions 3 and 4), every registration.
  - id: rmtcallres
    type: rmtcallres
    if: vers >= 3 and is_reply and (proc == 5 or (vers == 4 and proc == 10))
    doc: CALLIT, BCAST and INDIRECT result.
  - id: time
    type: u4
    if: vers >= 3 and is_reply and proc == 6
    doc: GETTIME result, the server's clock in seconds since 1970-01-01 UTC.
  - id: taddr
    type: netbuf
    if: vers >= 3 and ((is_reply and proc == 7) or (not is_reply and proc == 8))
    doc: UADDR2TADDR result, TADDR2UADDR argument.
  - id: entries
    type: rpcb_entry_list
    if: vers == 4 and is_reply and proc == 11
    doc: GETADDRLIST result, the program's addresses on every transport.
  - id: stats
    type: rpcb_stat
    repeat: expr
    repeat-expr: 3
    if: vers == 4 and is_reply and proc == 12
    doc: GETSTAT result, rpcb_stat_byvers, one rpcb_stat per version (2, 3, 4).
types:
  mapping:
    doc: 'mapping: a program version on an IP protocol and its port.'
    seq:
      - id: prog
        type: u4
        doc: Program number.
      - id: vers
        type: u4
        doc: Program version.
      - id: prot
        type: u4
        enum: ipproto
        doc: IP protocol (6 TCP, 17 UDP).
      - id: port
        type: u4
        doc: Port the program listens on.
  pmaplist:
    doc: 'pmaplist: a linked list of mapping (value_follows before each).'
    seq:
      - id: value_follows
        type: u4
        doc: 1 if an entry follows (XDR optional-data pointer).
      - id: entries
        type: pmap_entry
        repeat: until
        repeat-until: _.next_follows == 0
        if: value_follows != 0
        doc: The mappings.
  pmap_entry:
    doc: One mapping of a pmaplist.
    seq:
      - id: map
        type: mapping
        doc: The mapping.
      - id: next_follows
        type: u4
        doc: 1 if another entry follows.
  rmtcallargs:
    doc: 'call_args / rpcb_rmtcallargs: a call the server forwards to a local program.'
    seq:
      - id: prog
        type: u4
        doc: Program to call.
      - id: vers
        type: u4
        doc: Its version.
      - id: proc
        type: u4
        doc: Procedure to call.
      - id: args
        type: rpc_xdr::opaque
        doc: The procedure's arguments, already XDR-encoded.
  call_result:
    doc: 'call_result: the forwarded call''s port and results (version 2).'
    seq:
      - id: port
        type: u4
        doc: Port of the program that answered.
      - id: res
        type: rpc_xdr::opaque
        doc: Its results, XDR-encoded.
  rmtcallres:
    doc: 'rpcb_rmtcallres: the forwarded call''s address and results.'
    seq:
      - id: addr
        type: uaddr
        doc: Universal address of the program that answered.
      - id: results
        type: rpc_xdr::opaque
        doc: Its results, XDR-encoded.
  rpcb:
    doc: 'rpcb: a program version on a transport and its universal address.'
    seq:
      - id: prog
        type: u4
        doc: 'r_prog: program number.'
      - id: vers
        type: u4
        doc: 'r_vers: program version.'
      - id: netid
        type: rpc_xdr::string
        doc: 'r_netid: transport (tcp, udp, tcp6, udp6, local, ...).'
      - id: addr
        type: uaddr
        doc: 'r_addr: universal address (in GETADDR the caller''s own, a hint).'
      - id: owner
        type: rpc_xdr::string
        doc: 'r_owner: who registered it (a user name, or superuser).'
  uaddr:
    doc: A universal address (RFC 5665), an XDR string; IP ones read as address:port.
    seq:
      - id: length
        type: u4
        doc: Number of bytes in the address (before padding).
      - id: value
        type: str
        size: length
        encoding: ASCII
        -hexview-show: uaddr
        doc: The address text, e.g. 127.0.0.1.8.1 for 127.0.0.1 port 2049.
      - id: padding
        size: (4 - length % 4) % 4
        doc: Zero bytes up to a multiple of four.
  rpcblist:
    doc: 'rpcblist_ptr: a linked list of rpcb (value_follows before each).'
    seq:
      - id: value_follows
        type: u4
        doc: 1 if an entry follows (XDR optional-data pointer).
      - id: entries
        type: rpcblist_entry
        repeat: until
        repeat-until: _.next_follows == 0
        if: value_follows != 0
        doc: The registrations.
  rpcblist_entry:
    doc: 'rp__list: one registration.'
    seq:
      - id: map
        type: rpcb
        doc: 'rpcb_map: the registration.'
      - id: next_follows
        type: u4
        doc: 1 if another entry follows.
  netbuf:
    doc: 'netbuf: a transport-specific (binary) address.'
    seq:
      - id: maxlen
        type: u4
        doc: Size of the caller's buffer.
      - id: buf
        type: rpc_xdr::opaque
        doc: The address bytes (for IP a sockaddr).
  rpcb_entry_list:
    doc: 'rpcb_entry_list_ptr: a linked list of rpcb_entry (value_follows before each).'
    seq:
      - id: value_follows
        type: u4
        doc: 1 if an entry follows (XDR optional-data pointer).
      - id: entries
        type: rpcb_entry
        repeat: until
        repeat-until: _.next_follows == 0
        if: value_follows != 0
        doc: The addresses.
  rpcb_entry:
    doc: 'rpcb_entry: the program''s address on one transport, with the transport''s description.'
    seq:
      - id: maddr
        type: uaddr
        doc: 'r_maddr: universal address.'
      - id: nc_netid
        type: rpc_xdr::string
        doc: 'r_nc_netid: transport name.'
      - id: nc_semantics
        type: u4
        enum: nc_semantics
        doc: 'r_nc_semantics: the transport''s kind.'
      - id: nc_protofmly
        type: rpc_xdr::string
        doc: 'r_nc_protofmly: protocol family (inet, inet6, loopback).'
      - id: nc_proto
        type: rpc_xdr::string
        doc: 'r_nc_proto: protocol (tcp, udp, or empty).'
      - id: next_follows
        type: u4
        doc: 1 if another entry follows.
  rpcb_stat:
    doc: 'rpcb_stat: one version''s call counters and lookups.'
    seq:
      - id: info
        type: u4
        repeat: expr
        repeat-expr: 13
        doc: 'Calls of each procedure of this version, by procedure number (RPCBSTAT_HIGHPROC = 13).'
      - id: setinfo
        type: s4
        doc: Successful SETs.
      - id: unsetinfo
        type: s4
        doc: Successful UNSETs.
      - id: addrinfo
        type: addrlist
        doc: GETADDR / GETPORT lookups, by program.
      - id: rmtinfo
        type: rmtcalllist
        doc: Forwarded calls, by program.
  addrlist:
    doc: 'rpcbs_addrlist_ptr: a linked list of rpcbs_addr (value_follows before each).'
    seq:
      - id: value_follows
        type: u4
        doc: 1 if an entry follows.
      - id: entries
        type: rpcbs_addr
        repeat: until
        repeat-until: _.next_follows == 0
        if: value_follows != 0
        doc: The lookups.
  rpcbs_addr:
    doc: 'rpcbs_addrlist: lookups of one program version on one transport.'
    seq:
      - id: prog
        type: u4
        doc: Program number.
      - id: vers
        type: u4
        doc: Program version.
      - id: success
        type: s4
        doc: Lookups that found an address.
      - id: failure
        type: s4
        doc: Lookups that found none.
      - id: netid
        type: rpc_xdr::string
        doc: Transport.
      - id: next_follows
        type: u4
        doc: 1 if another entry follows.
  rmtcalllist:
    doc: 'rpcbs_rmtcalllist_ptr: a linked list of rpcbs_rmtcall (value_follows before each).'
    seq:
      - id: value_follows
        type: u4
        doc: 1 if an entry follows.
      - id: entries
        type: rpcbs_rmtcall
        repeat: until
        repeat-until: _.next_follows == 0
        if: value_follows != 0
        doc: The forwarded calls.
  rpcbs_rmtcall:
    doc: 'rpcbs_rmtcalllist: calls forwarded to one procedure on one transport.'
    seq:
      - id: prog
        type: u4
        doc: Program number.
      - id: vers
        type: u4
        doc: Program version.
      - id: proc
        type: u4
        doc: Procedure number.
      - id: success
        type: s4
        doc: Calls forwarded and answered.
      - id: failure
        type: s4
        doc: Calls that failed.
      - id: indirect
        type: s4
        doc: 'Whether they came through INDIRECT (1) or CALLIT (0).'
      - id: netid
        type: rpc_xdr::string
        doc: Transport.
      - id: next_follows
        type: u4
        doc: 1 if another entry follows.
enums:
  ipproto:
    6:
      id: tcp
      -hexview-label: TCP
    17:
      id: udp
      -hexview-label: UDP
  nc_semantics:
    1: nc_tpi_clts
    2: nc_tpi_cots
    3: nc_tpi_cots_ord
    4: nc_tpi_raw
