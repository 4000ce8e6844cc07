meta:
  id: mount
  title: MOUNT protocol v1, v2 and v3 bodies (program 100005)
  license: CC0-1.0
  endian: be
  imports:
    - rpc_xdr
doc: |
  Arguments and results of the MOUNT program, which hands an NFS client the root
  filehandle of an exported directory (NFSv2 and NFSv3 have no LOOKUP from
  nothing) and lists what the server exports and who mounted it. Version 1
  (RFC 1094 appendix A) and version 2 return a fixed 32-byte NFSv2 filehandle
  behind a UNIX error number; version 3 (RFC 1813 appendix I) returns a
  variable-length NFSv3 filehandle with a mountstat3 and the authentication
  flavours the server accepts for it. Versions 1 and 2 also have EXPORTALL
  (6, as EXPORT); version 2 adds PATHCONF (7). One parser
  for every procedure: the params say which one and whether this is the reply.
doc-ref:
  - https://www.rfc-editor.org/rfc/rfc1813#appendix-I
  - https://www.rfc-editor.org/rfc/rfc1094#appendix-A
params:
  - id: vers
    type: u4
    doc: MOUNT version (1, 2 or 3).
  - id: proc
    type: u4
    doc: Procedure number.
  - id: is_reply
    type: bool
    doc: True for a reply's results, false for a call's arguments.
seq:
  - id: dirpath
    type: rpc_xdr::string
    if: not is_reply and (proc == 1 or proc == 3 or proc == 7)
    doc: 'dirpath: the server pathname of a directory (MNT, UMNT, PATHCONF; at most 1024 bytes).'
  - id: mountres3
    type: mountres3
    if: is_reply and proc == 1 and vers == 3
    doc: MNT's result in version 3.
  - id: fhstatus
    type: fhstatus
    if: is_reply and proc == 1 and vers < 3
    doc: MNT's result in versions 1 and 2.
  - id: mountlist
    type: mountlist
    if: is_reply and proc == 2
    doc: DUMP's result, the clients that mounted and what.
  - id: exports
    type: exports
    if: is_reply and (proc == 5 or (proc == 6 and vers < 3))
    doc: EXPORT's (and versions 1-2 EXPORTALL's) result, the exported directories and who may mount them.
  - id: pathconf
    type: ppathcnf
    if: is_reply and proc == 7 and vers == 2
    doc: PATHCONF's result (version 2).
types:
  mountres3:
    doc: 'mountres3: a mountstat3, then on MNT3_OK the root filehandle and the flavours.'
    seq:
      - id: fhs_status
        type: u4
        enum: mountstat3
        doc: Whether the mount was granted.
      - id: fhandle
        type: rpc_xdr::opaque
        if: fhs_status == mountstat3::mnt3_ok
        doc: 'fhandle3: the root filehandle of the export (at most 64 bytes).'
      - id: auth_flavors
        type: auth_flavors
        if: fhs_status == mountstat3::mnt3_ok
        doc: Authentication flavours the server accepts on this export, preferred first.
  auth_flavors:
    doc: int auth_flavors<>, a counted array of authentication flavours.
    seq:
      - id: count
        type: u4
        doc: Number of flavours.
      - id: flavors
        type: u4
        enum: rpc_xdr::auth_flavor
        repeat: expr
        repeat-expr: count
        doc: The flavours.
  fhstatus:
    doc: 'fhstatus: a UNIX error number, then on zero the 32-byte NFSv2 filehandle.'
    seq:
      - id: status
        type: u4
        doc: 0 when the mount was granted, else a UNIX errno.
      - id: fhandle
        size: 32
        if: status == 0
        doc: 'fhandle: the root filehandle of the export (32 bytes, NFS version 2).'
  mountlist:
    doc: 'mountlist: a linked list of mountbody (value_follows before each).'
    seq:
      - id: value_follows
        type: u4
        doc: 1 if an entry follows (XDR optional-data pointer).
      - id: entries
        type: mountbody
        repeat: until
        repeat-until: _.next_follows == 0
        if: value_follows != 0
        doc: The mounts.
  mountbody:
    doc: 'mountbody: one client and the directory it mounted.'
    seq:
      - id: hostname
        type: rpc_xdr::string
        doc: 'ml_hostname: the client (at most 255 bytes).'
      - id: directory
        type: rpc_xdr::string
        doc: 'ml_directory: the directory it mounted.'
      - id: next_follows
        type: u4
        doc: 1 if another entry follows.
  exports:
    doc: 'exports: a linked list of exportnode (value_follows before each).'
    seq:
      - id: value_follows
        type: u4
        doc: 1 if an entry follows (XDR optional-data pointer).
      - id: entries
        type: exportnode
        repeat: until
        repeat-until: _.next_follows == 0
        if: value_follows != 0
        doc: The exported directories.
  exportnode:
    doc: 'exportnode: one exported directory and the groups allowed to mount it.'
    seq:
      - id: directory
        type: rpc_xdr::string
        doc: 'ex_dir: the exported directory.'
      - id: groups
        type: groups
        doc: 'ex_groups: hosts or netgroups that may mount it (none: everyone).'
      - id: next_follows
        type: u4
        doc: 1 if another export follows.
  groups:
    doc: 'groups: a linked list of groupnode (value_follows before each).'
    seq:
      - id: value_follows
        type: u4
        doc: 1 if a group follows.
      - id: entries
        type: groupnode
        repeat: until
        repeat-until: _.next_follows == 0
        if: value_follows != 0
        doc: The groups.
  groupnode:
    doc: 'groupnode: one host or netgroup name.'
    seq:
      - id: name
        type: rpc_xdr::string
        doc: 'gr_name: a host or netgroup (at most 255 bytes).'
      - id: next_follows
        type: u4
        doc: 1 if another group follows.
  ppathcnf:
    doc: 'ppathcnf: POSIX pathconf values of a directory (MOUNT version 2); every field one XDR word.'
    seq:
      - id: link_max
        type: s4
        doc: 'pc_link_max: most links to a file.'
      - id: max_canon
        type: s4
        doc: 'pc_max_canon: longest terminal canonical input line.'
      - id: max_input
        type: s4
        doc: 'pc_max_input: longest terminal input queue.'
      - id: name_max
        type: s4
        doc: 'pc_name_max: longest file name.'
      - id: path_max
        type: s4
        doc: 'pc_path_max: longest path name.'
      - id: pipe_buf
        type: s4
        doc: 'pc_pipe_buf: bytes written to a pipe atomically.'
      - id: vdisable
        type: u4
        doc: 'pc_vdisable: the character that disables a terminal special character.'
      - id: xxx
        type: s4
        doc: 'pc_xxx: padding.'
      - id: mask
        type: s4
        repeat: expr
        repeat-expr: 2
        doc: 'pc_mask: which of the values above are not defined for this directory.'
enums:
  mountstat3:
    0: mnt3_ok
    1: mnt3err_perm
    2: mnt3err_noent
    5: mnt3err_io
    13: mnt3err_acces
    20: mnt3err_notdir
    22: mnt3err_inval
    63: mnt3err_nametoolong
    10004: mnt3err_notsupp
    10006: mnt3err_serverfault
