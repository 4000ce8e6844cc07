meta:
  id: nfs_acl
  title: NFS ACL side band protocol (program 100227) v2 and v3
  license: CC0-1.0
  endian: be
  imports:
    - /rpc/rpc_xdr
    - /nfs/nfs_v3
doc: >-
  The bodies of NFS_ACL, ONC RPC program 100227: the side band through which NFSv2
  and NFSv3 clients read and set POSIX ACLs (Solaris defined it, Linux implements
  it on the NFS port, on the very connection of NFS). Version 2: NULL, GETACL,
  SETACL, GETATTR, ACCESS and (Solaris) GETXATTRDIR; version 3: NULL, GETACL,
  SETACL and (Solaris) GETXATTRDIR. An ACL travels as its entry count then a
  counted array of entries, first the access ACL, then the default ACL (a
  directory's, inherited by new entries); `mask` says which of the four a call
  wants and a reply holds. Attributes are NFSv2's fattr (RFC 1094) or NFSv3's
  post_op_attr (RFC 1813). `vers`, `proc` and `is_reply` choose the layout.
doc-ref:
  - Linux include/uapi/linux/nfsacl.h (program, procedures, mask and default flag)
  - Linux fs/nfs_common/nfsacl.c, fs/nfsd/nfs2acl.c and fs/nfsd/nfs3acl.c (XDR layouts)
  - https://www.rfc-editor.org/rfc/rfc1094#section-2.3
  - https://www.rfc-editor.org/rfc/rfc1813#section-2.6
params:
  - id: vers
    type: u4
    doc: NFS_ACL version (2 or 3).
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
      switch-on: vers * 100 + proc
      cases:
        201: getacl2args
        202: setacl2args
        203: fhandle2
        204: access2args
        205: getxattrdir2args
        301: getacl3args
        302: setacl3args
        303: getxattrdir3args
    doc: A call's arguments, by version and procedure.
  - id: results
    if: is_reply
    type:
      switch-on: vers * 100 + proc
      cases:
        201: getacl2res
        202: attrstat2
        203: attrstat2
        204: access2res
        205: getxattrdir2res
        301: getacl3res
        302: setacl3res
        303: getxattrdir3res
    doc: A reply's results, by version and procedure.
types:
  fhandle2:
    doc: NFSv2 fhandle, fixed 32 bytes.
    seq:
      - id: data
        size: 32
        -hexview-show: hex
        doc: The handle's bytes.
  acl_mask:
    doc: >-
      Which parts of the ACLs are asked for or present: NFS_ACL 0x1, NFS_ACLCNT 0x2,
      NFS_DFACL 0x4, NFS_DFACLCNT 0x8.
    seq:
      - id: reserved
        type: b28
        doc: Unused bits.
      - id: dfaclcnt
        type: b1
        doc: NFS_DFACLCNT, the number of default ACL entries.
      - id: dfacl
        type: b1
        doc: NFS_DFACL, the default ACL's entries.
      - id: aclcnt
        type: b1
        doc: NFS_ACLCNT, the number of access ACL entries.
      - id: acl
        type: b1
        doc: NFS_ACL, the access ACL's entries.
  acl_perm:
    doc: A POSIX ACL entry's permissions (read 4, write 2, execute 1).
    seq:
      - id: reserved
        type: b29
        doc: Unused bits.
      - id: read
        type: b1
        doc: Read permission.
      - id: write
        type: b1
        doc: Write permission.
      - id: execute
        type: b1
        doc: Execute (search, for a directory) permission.
  acl_entry:
    doc: One POSIX ACL entry (aclent_t).
    seq:
      - id: type
        type: u4
        enum: acl_type
        doc: >-
          Whom the entry is for; 0x1000 marks an entry of the default ACL.
      - id: id
        type: u4
        doc: >-
          The user (USER) or group (GROUP) ID; not used by the *_OBJ, MASK and OTHER
          entries (sent as whatever the sender holds there).
      - id: perm
        type: acl_perm
        doc: The permissions it grants.
  acl_entries:
    doc: A counted XDR array of ACL entries.
    seq:
      - id: count
        type: u4
        doc: Number of entries that follow (0 when the mask does not ask for them).
      - id: entries
        type: acl_entry
        repeat: expr
        repeat-expr: count
        doc: The entries.
  secattr:
    doc: >-
      The ACLs: the mask, then the access ACL's entry count and entries, then the
      default ACL's.
    seq:
      - id: mask
        type: acl_mask
        doc: Which parts are present.
      - id: aclcnt
        type: u4
        doc: Number of entries the access ACL has.
      - id: aclent
        type: acl_entries
        doc: The access ACL's entries.
      - id: dfaclcnt
        type: u4
        doc: Number of entries the default ACL has.
      - id: dfaclent
        type: acl_entries
        doc: The default ACL's entries.
  getacl2args:
    doc: GETACL2args.
    seq:
      - id: fh
        type: fhandle2
        doc: The file.
      - id: mask
        type: acl_mask
        doc: Which parts of the ACLs are wanted.
  setacl2args:
    doc: SETACL2args.
    seq:
      - id: fh
        type: fhandle2
        doc: The file.
      - id: acl
        type: secattr
        doc: The ACLs to set.
  access2args:
    doc: ACCESS2args.
    seq:
      - id: fh
        type: fhandle2
        doc: The file.
      - id: access
        type: u4
        -hexview-show: hex
        doc: >-
          The access rights to check (bits as NFSv3 ACCESS: READ 0x1, LOOKUP 0x2,
          MODIFY 0x4, EXTEND 0x8, DELETE 0x10, EXECUTE 0x20).
  getxattrdir2args:
    doc: GETXATTRDIR2args (Solaris).
    seq:
      - id: fh
        type: fhandle2
        doc: The file.
      - id: create
        type: u4
        enum: xdr_bool
        doc: Whether to create the extended attribute directory when missing.
  getacl2res:
    doc: GETACL2res.
    seq:
      - id: status
        type: u4
        enum: nfsstat2
        doc: The outcome.
      - id: attributes
        type: fattr2
        if: status == nfsstat2::nfs_ok
        doc: The file's attributes.
      - id: acl
        type: secattr
        if: status == nfsstat2::nfs_ok
        doc: The ACLs.
  attrstat2:
    doc: attrstat (SETACL and GETATTR results).
    seq:
      - id: status
        type: u4
        enum: nfsstat2
        doc: The outcome.
      - id: attributes
        type: fattr2
        if: status == nfsstat2::nfs_ok
        doc: The file's attributes.
  access2res:
    doc: ACCESS2res.
    seq:
      - id: status
        type: u4
        enum: nfsstat2
        doc: The outcome.
      - id: attributes
        type: fattr2
        if: status == nfsstat2::nfs_ok
        doc: The file's attributes.
      - id: access
        type: u4
        -hexview-show: hex
        if: status == nfsstat2::nfs_ok
        doc: The rights granted, of those asked.
  getxattrdir2res:
    doc: GETXATTRDIR2res (Solaris).
    seq:
      - id: status
        type: u4
        enum: nfsstat2
        doc: The outcome.
      - id: fh
        type: fhandle2
        if: status == nfsstat2::nfs_ok
        doc: The extended attribute directory.
      - id: attributes
        type: fattr2
        if: status == nfsstat2::nfs_ok
        doc: Its attributes.
  getacl3args:
    doc: GETACL3args.
    seq:
      - id: fh
        type: nfs_v3::nfs_fh3
        doc: The file.
      - id: mask
        type: acl_mask
        doc: Which parts of the ACLs are wanted.
  setacl3args:
    doc: SETACL3args.
    seq:
      - id: fh
        type: nfs_v3::nfs_fh3
        doc: The file.
      - id: acl
        type: secattr
        doc: The ACLs to set.
  getxattrdir3args:
    doc: GETXATTRDIR3args (Solaris).
    seq:
      - id: fh
        type: nfs_v3::nfs_fh3
        doc: The file.
      - id: create
        type: u4
        enum: xdr_bool
        doc: Whether to create the extended attribute directory when missing.
  getacl3res:
    doc: >-
      GETACL3res: the status, the file's attributes (also on failure), and on
      success the ACLs.
    seq:
      - id: status
        type: u4
        enum: nfs_v3::nfsstat3
        doc: The outcome.
      - id: attr
        type: nfs_v3::post_op_attr
        doc: The file's attributes.
      - id: acl
        type: secattr
        if: status == nfs_v3::nfsstat3::nfs3_ok
        doc: The ACLs.
  setacl3res:
    doc: SETACL3res, the status and the file's attributes.
    seq:
      - id: status
        type: u4
        enum: nfs_v3::nfsstat3
        doc: The outcome.
      - id: attr
        type: nfs_v3::post_op_attr
        doc: The file's attributes.
  getxattrdir3res:
    doc: GETXATTRDIR3res (Solaris).
    seq:
      - id: status
        type: u4
        enum: nfs_v3::nfsstat3
        doc: The outcome.
      - id: fh
        type: nfs_v3::nfs_fh3
        if: status == nfs_v3::nfsstat3::nfs3_ok
        doc: The extended attribute directory.
      - id: attr
        type: nfs_v3::post_op_attr
        doc: Its attributes.
  nfstime2:
    doc: NFSv2 timeval.
    seq:
      - id: seconds
        type: u4
        doc: Seconds since the epoch.
      - id: useconds
        type: u4
        doc: Microseconds.
  fattr2:
    doc: NFSv2 fattr (RFC 1094 section 2.3.5).
    seq:
      - id: type
        type: u4
        enum: ftype2
        doc: File type.
      - id: mode
        type: u4
        -hexview-show: mode
        doc: Mode bits, file type bits included.
      - id: nlink
        type: u4
        doc: Number of hard links.
      - id: uid
        type: u4
        doc: Owner's user ID.
      - id: gid
        type: u4
        doc: Owner's group ID.
      - id: size
        type: u4
        doc: Size in bytes.
      - id: blocksize
        type: u4
        doc: Block size in bytes.
      - id: rdev
        type: u4
        doc: Device number of a device file.
      - id: blocks
        type: u4
        doc: Blocks the file uses.
      - id: fsid
        type: u4
        doc: File system identifier.
      - id: fileid
        type: u4
        doc: File number within the file system.
      - id: atime
        type: nfstime2
        doc: Last access.
      - id: mtime
        type: nfstime2
        doc: Last modification.
      - id: ctime
        type: nfstime2
        doc: Last status change.
enums:
  xdr_bool:
    0: 'false'
    1: 'true'
  acl_type:
    0x1: {id: user_obj, -hexview-label: "USER_OBJ", doc: "the owner"}
    0x2: {id: user, -hexview-label: "USER", doc: "a named user"}
    0x4: {id: group_obj, -hexview-label: "GROUP_OBJ", doc: "the owning group"}
    0x8: {id: group, -hexview-label: "GROUP", doc: "a named group"}
    0x10: {id: class_obj, -hexview-label: "MASK", doc: "the mask (CLASS_OBJ)"}
    0x20: {id: other_obj, -hexview-label: "OTHER", doc: "everyone else"}
    0x1001: {id: def_user_obj, -hexview-label: "DEFAULT USER_OBJ", doc: "default ACL, the owner"}
    0x1002: {id: def_user, -hexview-label: "DEFAULT USER", doc: "default ACL, a named user"}
    0x1004: {id: def_group_obj, -hexview-label: "DEFAULT GROUP_OBJ", doc: "default ACL, the owning group"}
    0x1008: {id: def_group, -hexview-label: "DEFAULT GROUP", doc: "default ACL, a named group"}
    0x1010: {id: def_class_obj, -hexview-label: "DEFAULT MASK", doc: "default ACL, the mask"}
    0x1020: {id: def_other_obj, -hexview-label: "DEFAULT OTHER", doc: "default ACL, everyone else"}
  ftype2:
    0: nfnon
    1: nfreg
    2: nfdir
    3: nfblk
    4: nfchr
    5: nflnk
  nfsstat2:
    0: nfs_ok
    1: nfserr_perm
    2: nfserr_noent
    5: nfserr_io
    6: nfserr_nxio
    13: nfserr_acces
    17: nfserr_exist
    19: nfserr_nodev
    20: nfserr_notdir
    21: nfserr_isdir
    27: nfserr_fbig
    28: nfserr_nospc
    30: nfserr_rofs
    63: nfserr_nametoolong
    66: nfserr_notempty
    69: nfserr_dquot
    70: nfserr_stale
    99: nfserr_wflush