meta:
  id: nfs_v3
  title: NFS version 3 (program 100003 version 3) arguments and results
  license: CC0-1.0
  endian: be
  imports:
    - /rpc/rpc_xdr
doc: >-
  The arguments of a call to an NFSv3 procedure, or the results of its reply, chosen
  by the procedure number (for a reply, its call's) and the direction. Every result
  starts with an nfsstat3; the arm after it depends on whether that is NFS3_OK, and
  most failure arms still carry the attributes (post_op_attr) or the weak cache
  consistency data (wcc_data) of the objects involved.


  Layouts, names and numbers are RFC 1813's: section 2.5 (basic data types), 2.6
  (defined error numbers), 3.3.x (one section per procedure).
doc-ref:
  - https://www.rfc-editor.org/rfc/rfc1813
params:
  - id: proc
    type: u4
    enum: nfs_proc3
    doc: The procedure number (RFC 1813 section 3.3).
  - id: is_reply
    type: bool
    doc: Decode the results (a reply) rather than the arguments (a call).
seq:
  - id: body
    type:
      switch-on: selector
      cases:
        1: getattr3args  # GETATTR call
        2: setattr3args  # SETATTR call
        3: diropargs3  # LOOKUP call
        4: access3args  # ACCESS call
        5: readlink3args  # READLINK call
        6: read3args  # READ call
        7: write3args  # WRITE call
        8: create3args  # CREATE call
        9: mkdir3args  # MKDIR call
        10: symlink3args  # SYMLINK call
        11: mknod3args  # MKNOD call
        12: diropargs3  # REMOVE call
        13: diropargs3  # RMDIR call
        14: rename3args  # RENAME call
        15: link3args  # LINK call
        16: readdir3args  # READDIR call
        17: readdirplus3args  # READDIRPLUS call
        18: fsroot3args  # FSSTAT call
        19: fsroot3args  # FSINFO call
        20: getattr3args  # PATHCONF call
        21: commit3args  # COMMIT call
        101: getattr3res  # GETATTR reply
        102: wcc3res  # SETATTR reply
        103: lookup3res  # LOOKUP reply
        104: access3res  # ACCESS reply
        105: readlink3res  # READLINK reply
        106: read3res  # READ reply
        107: write3res  # WRITE reply
        108: diropres3  # CREATE reply
        109: diropres3  # MKDIR reply
        110: diropres3  # SYMLINK reply
        111: diropres3  # MKNOD reply
        112: remove3res  # REMOVE reply
        113: remove3res  # RMDIR reply
        114: rename3res  # RENAME reply
        115: link3res  # LINK reply
        116: readdir3res  # READDIR reply
        117: readdirplus3res  # READDIRPLUS reply
        118: fsstat3res  # FSSTAT reply
        119: fsinfo3res  # FSINFO reply
        120: pathconf3res  # PATHCONF reply
        121: commit3res  # COMMIT reply
    doc: The procedure's arguments (a call) or results (a reply); NULL has neither.
instances:
  selector:
    value: '(is_reply ? 100 : 0) + proc.to_i'
    doc: The procedure number, plus 100 for a reply (picks the body's layout).
types:
  # -- basic data types (RFC 1813 section 2.5) -----------------------------------
  nfs_fh3:
    doc: 'nfs_fh3 (section 2.5): the server''s opaque file handle, at most 64 bytes.'
    seq:
      - id: length
        type: u4
        doc: Number of file handle bytes (at most NFS3_FHSIZE, 64).
      - id: data
        size: length
        -hexview-show: hex
        doc: The file handle, meaningful only to the server.
      - id: padding
        size: (4 - length % 4) % 4
        doc: Zero bytes up to a multiple of four.
  nfstime3:
    doc: 'nfstime3 (section 2.5): seconds and nanoseconds since 1970-01-01 00:00 UTC.'
    seq:
      - id: seconds
        type: u4
        doc: Seconds since the epoch.
      - id: nseconds
        type: u4
        doc: Nanoseconds within the second.
  specdata3:
    doc: 'specdata3 (section 2.5): a device''s major and minor numbers.'
    seq:
      - id: specdata1
        type: u4
        doc: Major device number.
      - id: specdata2
        type: u4
        doc: Minor device number.
  fattr3:
    doc: 'fattr3 (section 2.5): a file''s attributes.'
    seq:
      - id: type
        type: u4
        enum: ftype3
        doc: ftype3, the kind of file.
      - id: mode
        type: u4
        -hexview-show: mode
        doc: Protection mode bits (set-uid 04000, set-gid 02000, sticky 01000, then rwx for owner, group, others).
      - id: nlink
        type: u4
        doc: Number of hard links to the file.
      - id: uid
        type: u4
        doc: User ID of the owner.
      - id: gid
        type: u4
        doc: Group ID of the group.
      - id: size
        type: u8
        doc: Size of the file in bytes.
      - id: used
        type: u8
        doc: Bytes of disk space the file uses.
      - id: rdev
        type: specdata3
        doc: Device numbers, for NF3CHR and NF3BLK files.
      - id: fsid
        type: u8
        -hexview-show: hex
        doc: File system identifier.
      - id: fileid
        type: u8
        doc: Number identifying the file within its file system.
      - id: atime
        type: nfstime3
        -hexview-show: time
        doc: Time of last access.
      - id: mtime
        type: nfstime3
        -hexview-show: time
        doc: Time of last modification of the data.
      - id: ctime
        type: nfstime3
        -hexview-show: time
        doc: Time of last change of the attributes.
  post_op_attr:
    doc: 'post_op_attr (section 2.6): the attributes after the operation, when the server returns them.'
    seq:
      - id: attributes_follow
        type: u4
        enum: xdr_bool
        doc: Whether attributes follow.
      - id: attributes
        type: fattr3
        if: attributes_follow != xdr_bool::false
        doc: The attributes.
  wcc_attr:
    doc: 'wcc_attr (section 2.6): the subset of attributes for weak cache consistency checking.'
    seq:
      - id: size
        type: u8
        doc: File size in bytes.
      - id: mtime
        type: nfstime3
        -hexview-show: time
        doc: Time of last modification of the data.
      - id: ctime
        type: nfstime3
        -hexview-show: time
        doc: Time of last change of the attributes.
  pre_op_attr:
    doc: 'pre_op_attr (section 2.6): the attributes before the operation, when the server returns them.'
    seq:
      - id: attributes_follow
        type: u4
        enum: xdr_bool
        doc: Whether attributes follow.
      - id: attributes
        type: wcc_attr
        if: attributes_follow != xdr_bool::false
        doc: The attributes before the operation.
  wcc_data:
    doc: 'wcc_data (section 2.6): an object''s attributes before and after the operation.'
    seq:
      - id: before
        type: pre_op_attr
        doc: Attributes before the operation.
      - id: after
        type: post_op_attr
        doc: Attributes after the operation.
  post_op_fh3:
    doc: 'post_op_fh3 (section 2.6): a file handle the server may return.'
    seq:
      - id: handle_follows
        type: u4
        enum: xdr_bool
        doc: Whether a file handle follows.
      - id: handle
        type: nfs_fh3
        if: handle_follows != xdr_bool::false
        doc: The file handle.
  set_u4:
    doc: 'set_mode3, set_uid3, set_gid3 (section 2.6): a 32-bit value, set or left alone.'
    seq:
      - id: set_it
        type: u4
        enum: xdr_bool
        doc: Whether to set the value.
      - id: value
        type: u4
        if: set_it != xdr_bool::false
        doc: The new value.
  set_mode3:
    doc: 'set_mode3 (section 2.6): the mode, set or left alone.'
    seq:
      - id: set_it
        type: u4
        enum: xdr_bool
        doc: Whether to set the mode.
      - id: mode
        type: u4
        -hexview-show: mode
        if: set_it != xdr_bool::false
        doc: The new protection mode bits.
  set_size3:
    doc: 'set_size3 (section 2.6): the size, set or left alone.'
    seq:
      - id: set_it
        type: u4
        enum: xdr_bool
        doc: Whether to set the size.
      - id: size
        type: u8
        if: set_it != xdr_bool::false
        doc: The new size in bytes.
  set_time3:
    doc: 'set_atime, set_mtime (section 2.6): a time left alone, set to the server''s time, or to the client''s.'
    seq:
      - id: set_it
        type: u4
        enum: time_how
        doc: How to set the time.
      - id: time
        type: nfstime3
        -hexview-show: time
        if: set_it == time_how::set_to_client_time
        doc: The client's time.
  sattr3:
    doc: 'sattr3 (section 2.6): the attributes a client sets, each a discriminated union.'
    seq:
      - id: mode
        type: set_mode3
        doc: set_mode3.
      - id: uid
        type: set_u4
        doc: set_uid3, the owner's user ID.
      - id: gid
        type: set_u4
        doc: set_gid3, the group ID.
      - id: size
        type: set_size3
        doc: set_size3.
      - id: atime
        type: set_time3
        doc: set_atime, the time of last access.
      - id: mtime
        type: set_time3
        doc: set_mtime, the time of last modification.
  diropargs3:
    doc: 'diropargs3 (section 2.6): a name in a directory.'
    seq:
      - id: dir
        type: nfs_fh3
        doc: File handle of the directory.
      - id: name
        type: rpc_xdr::string
        doc: filename3, the name in that directory.
  access3:
    doc: 'ACCESS3 bits (section 3.3.4), a 32-bit mask read as named flags.'
    seq:
      - id: reserved
        type: b26
        doc: Bits 31-6, not defined.
      - id: execute
        type: b1
        doc: ACCESS3_EXECUTE (0x20), execute a file.
      - id: delete
        type: b1
        doc: ACCESS3_DELETE (0x10), delete an entry of a directory.
      - id: extend
        type: b1
        doc: ACCESS3_EXTEND (0x08), write new data or add directory entries.
      - id: modify
        type: b1
        doc: ACCESS3_MODIFY (0x04), rewrite data or modify directory entries.
      - id: lookup
        type: b1
        doc: ACCESS3_LOOKUP (0x02), look up a name in a directory.
      - id: read
        type: b1
        doc: ACCESS3_READ (0x01), read data or list a directory.
  fsf3_properties:
    doc: 'FSINFO properties bits (section 3.3.19), a 32-bit mask read as named flags.'
    seq:
      - id: reserved
        type: b27
        doc: Bits 31-5, not defined.
      - id: cansettime
        type: b1
        doc: FSF3_CANSETTIME (0x10), the server can set a file's times through SETATTR.
      - id: homogeneous
        type: b1
        doc: FSF3_HOMOGENEOUS (0x08), PATHCONF answers the same for every file of the file system.
      - id: reserved_2
        type: b1
        doc: Bit 2, not defined.
      - id: symlink
        type: b1
        doc: FSF3_SYMLINK (0x02), the file system supports symbolic links.
      - id: link
        type: b1
        doc: FSF3_LINK (0x01), the file system supports hard links.
  # -- arguments (section 3.3) ---------------------------------------------------
  getattr3args:
    doc: GETATTR3args (section 3.3.1), and PATHCONF3args (section 3.3.20).
    seq:
      - id: object
        type: nfs_fh3
        doc: File handle of the object.
  setattr3args:
    doc: SETATTR3args (section 3.3.2).
    seq:
      - id: object
        type: nfs_fh3
        doc: File handle of the object.
      - id: new_attributes
        type: sattr3
        doc: The attributes to set.
      - id: guard
        type: sattrguard3
        doc: Set only when the object's ctime is this one.
  sattrguard3:
    doc: 'sattrguard3 (section 3.3.2): an optional ctime check.'
    seq:
      - id: check
        type: u4
        enum: xdr_bool
        doc: Whether the server checks the ctime.
      - id: obj_ctime
        type: nfstime3
        -hexview-show: time
        if: check != xdr_bool::false
        doc: The ctime the object must have.
  access3args:
    doc: ACCESS3args (section 3.3.4).
    seq:
      - id: object
        type: nfs_fh3
        doc: File handle of the object.
      - id: access
        type: access3
        doc: The access rights to check.
  readlink3args:
    doc: READLINK3args (section 3.3.5).
    seq:
      - id: symlink
        type: nfs_fh3
        doc: File handle of the symbolic link.
  read3args:
    doc: READ3args (section 3.3.6).
    seq:
      - id: file
        type: nfs_fh3
        doc: File handle of the file.
      - id: offset
        type: u8
        doc: Position in the file to read from.
      - id: count
        type: u4
        doc: Number of bytes to read.
  write3args:
    doc: WRITE3args (section 3.3.7).
    seq:
      - id: file
        type: nfs_fh3
        doc: File handle of the file.
      - id: offset
        type: u8
        doc: Position in the file to write at.
      - id: count
        type: u4
        doc: Number of bytes to write.
      - id: stable
        type: u4
        enum: stable_how
        doc: How far the server must commit the data before replying.
      - id: data
        type: rpc_xdr::opaque
        doc: The data.
  createhow3:
    doc: 'createhow3 (section 3.3.8): how CREATE treats an existing file.'
    seq:
      - id: mode
        type: u4
        enum: createmode3
        doc: UNCHECKED, GUARDED or EXCLUSIVE.
      - id: obj_attributes
        type: sattr3
        if: mode == createmode3::unchecked or mode == createmode3::guarded
        doc: The new file's attributes.
      - id: verf
        size: 8
        -hexview-show: hex
        if: mode == createmode3::exclusive
        doc: createverf3, the verifier that makes an exclusive create idempotent.
  create3args:
    doc: CREATE3args (section 3.3.8).
    seq:
      - id: where
        type: diropargs3
        doc: Directory and name of the new file.
      - id: how
        type: createhow3
        doc: How to create it.
  mkdir3args:
    doc: MKDIR3args (section 3.3.9).
    seq:
      - id: where
        type: diropargs3
        doc: Directory and name of the new directory.
      - id: attributes
        type: sattr3
        doc: The new directory's attributes.
  symlink3args:
    doc: SYMLINK3args (section 3.3.10).
    seq:
      - id: where
        type: diropargs3
        doc: Directory and name of the new symbolic link.
      - id: symlink_attributes
        type: sattr3
        doc: symlinkdata3's attributes of the link.
      - id: symlink_data
        type: rpc_xdr::string
        doc: symlinkdata3's nfspath3, the link's target.
  devicedata3:
    doc: 'devicedata3 (section 3.3.11): a device file''s attributes and numbers.'
    seq:
      - id: dev_attributes
        type: sattr3
        doc: The device file's attributes.
      - id: spec
        type: specdata3
        doc: Major and minor device numbers.
  mknoddata3:
    doc: 'mknoddata3 (section 3.3.11): what MKNOD makes, by file type.'
    seq:
      - id: type
        type: u4
        enum: ftype3
        doc: The kind of special file.
      - id: device
        type: devicedata3
        if: type == ftype3::nf3chr or type == ftype3::nf3blk
        doc: A character or block device.
      - id: pipe_attributes
        type: sattr3
        if: type == ftype3::nf3sock or type == ftype3::nf3fifo
        doc: A socket's or FIFO's attributes.
  mknod3args:
    doc: MKNOD3args (section 3.3.11).
    seq:
      - id: where
        type: diropargs3
        doc: Directory and name of the new special file.
      - id: what
        type: mknoddata3
        doc: What to make.
  rename3args:
    doc: RENAME3args (section 3.3.14).
    seq:
      - id: rename_from
        type: diropargs3
        doc: The directory and name to rename (the RFC's `from`, a Python keyword).
      - id: rename_to
        type: diropargs3
        doc: The new directory and name (the RFC's `to`).
  link3args:
    doc: LINK3args (section 3.3.15).
    seq:
      - id: file
        type: nfs_fh3
        doc: File handle of the existing file.
      - id: link
        type: diropargs3
        doc: Directory and name of the new link.
  readdir3args:
    doc: READDIR3args (section 3.3.16).
    seq:
      - id: dir
        type: nfs_fh3
        doc: File handle of the directory.
      - id: cookie
        type: u8
        -hexview-show: hex
        doc: cookie3, where to resume (0 from the start).
      - id: cookieverf
        size: 8
        -hexview-show: hex
        doc: cookieverf3 from the previous READDIR reply (zero with cookie 0).
      - id: count
        type: u4
        doc: Most bytes of READDIR3resok the client takes.
  readdirplus3args:
    doc: READDIRPLUS3args (section 3.3.17).
    seq:
      - id: dir
        type: nfs_fh3
        doc: File handle of the directory.
      - id: cookie
        type: u8
        -hexview-show: hex
        doc: cookie3, where to resume (0 from the start).
      - id: cookieverf
        size: 8
        -hexview-show: hex
        doc: cookieverf3 from the previous READDIRPLUS reply (zero with cookie 0).
      - id: dircount
        type: u4
        doc: Most bytes of directory information (names, fileids, cookies) the client takes.
      - id: maxcount
        type: u4
        doc: Most bytes of READDIRPLUS3resok the client takes.
  fsroot3args:
    doc: FSSTAT3args (section 3.3.18) and FSINFO3args (section 3.3.19).
    seq:
      - id: fsroot
        type: nfs_fh3
        doc: A file handle in the file system, usually its root.
  commit3args:
    doc: COMMIT3args (section 3.3.21).
    seq:
      - id: file
        type: nfs_fh3
        doc: File handle of the file.
      - id: offset
        type: u8
        doc: Start of the range to commit.
      - id: count
        type: u4
        doc: Bytes to commit (0 to the end of the file).
  # -- results (section 3.3) -----------------------------------------------------
  getattr3res:
    doc: GETATTR3res (section 3.3.1).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: obj_attributes
        type: fattr3
        if: status == nfsstat3::nfs3_ok
        doc: GETATTR3resok's attributes of the object.
  wcc3res:
    doc: SETATTR3res (section 3.3.2); both arms carry the object's wcc_data.
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: obj_wcc
        type: wcc_data
        doc: The object's attributes before and after.
  lookup3res:
    doc: LOOKUP3res (section 3.3.3).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: object
        type: nfs_fh3
        if: status == nfsstat3::nfs3_ok
        doc: File handle of the object found.
      - id: obj_attributes
        type: post_op_attr
        if: status == nfsstat3::nfs3_ok
        doc: The object's attributes.
      - id: dir_attributes
        type: post_op_attr
        doc: The directory's attributes (LOOKUP3resok and LOOKUP3resfail).
  access3res:
    doc: ACCESS3res (section 3.3.4).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: obj_attributes
        type: post_op_attr
        doc: The object's attributes (ACCESS3resok and ACCESS3resfail).
      - id: access
        type: access3
        if: status == nfsstat3::nfs3_ok
        doc: The rights the client has, of those asked.
  readlink3res:
    doc: READLINK3res (section 3.3.5).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: symlink_attributes
        type: post_op_attr
        doc: The link's attributes (READLINK3resok and READLINK3resfail).
      - id: data
        type: rpc_xdr::string
        if: status == nfsstat3::nfs3_ok
        doc: nfspath3, the link's target.
  read3res:
    doc: READ3res (section 3.3.6).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: file_attributes
        type: post_op_attr
        doc: The file's attributes (READ3resok and READ3resfail).
      - id: count
        type: u4
        if: status == nfsstat3::nfs3_ok
        doc: Number of bytes read.
      - id: eof
        type: u4
        enum: xdr_bool
        if: status == nfsstat3::nfs3_ok
        doc: Whether the read reached the end of the file.
      - id: data
        type: rpc_xdr::opaque
        if: status == nfsstat3::nfs3_ok
        doc: The data read.
  write3res:
    doc: WRITE3res (section 3.3.7).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: file_wcc
        type: wcc_data
        doc: The file's attributes before and after (WRITE3resok and WRITE3resfail).
      - id: count
        type: u4
        if: status == nfsstat3::nfs3_ok
        doc: Number of bytes written.
      - id: committed
        type: u4
        enum: stable_how
        if: status == nfsstat3::nfs3_ok
        doc: How far the server committed the data.
      - id: verf
        size: 8
        -hexview-show: hex
        if: status == nfsstat3::nfs3_ok
        doc: writeverf3, changes when the server restarts (uncommitted data is then lost).
  diropres3:
    doc: CREATE3res, MKDIR3res, SYMLINK3res and MKNOD3res (sections 3.3.8-3.3.11).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: obj
        type: post_op_fh3
        if: status == nfsstat3::nfs3_ok
        doc: File handle of the new object.
      - id: obj_attributes
        type: post_op_attr
        if: status == nfsstat3::nfs3_ok
        doc: The new object's attributes.
      - id: dir_wcc
        type: wcc_data
        doc: The directory's attributes before and after (resok and resfail).
  remove3res:
    doc: REMOVE3res (section 3.3.12) and RMDIR3res (section 3.3.13).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: dir_wcc
        type: wcc_data
        doc: The directory's attributes before and after (resok and resfail).
  rename3res:
    doc: RENAME3res (section 3.3.14).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: fromdir_wcc
        type: wcc_data
        doc: The source directory's attributes before and after.
      - id: todir_wcc
        type: wcc_data
        doc: The target directory's attributes before and after.
  link3res:
    doc: LINK3res (section 3.3.15).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: file_attributes
        type: post_op_attr
        doc: The file's attributes.
      - id: linkdir_wcc
        type: wcc_data
        doc: The link directory's attributes before and after.
  entry3:
    doc: 'entry3 (section 3.3.16): one directory entry.'
    seq:
      - id: fileid
        type: u8
        doc: fileid3 of the entry.
      - id: name
        type: rpc_xdr::string
        doc: filename3, the entry's name.
      - id: cookie
        type: u8
        -hexview-show: hex
        doc: cookie3 to resume after this entry.
  entry3_link:
    doc: One link of the entry3 list (XDR optional-data), value_follows then the entry.
    seq:
      - id: value_follows
        type: u4
        enum: xdr_bool
        doc: Whether an entry follows (FALSE ends the list).
      - id: entry
        type: entry3
        if: value_follows != xdr_bool::false
        doc: The entry.
  readdir3res:
    doc: READDIR3res (section 3.3.16).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: dir_attributes
        type: post_op_attr
        doc: The directory's attributes (READDIR3resok and READDIR3resfail).
      - id: cookieverf
        size: 8
        -hexview-show: hex
        if: status == nfsstat3::nfs3_ok
        doc: cookieverf3 to send with the next READDIR.
      - id: entries
        type: entry3_link
        repeat: until
        repeat-until: _.value_follows == xdr_bool::false
        if: status == nfsstat3::nfs3_ok
        doc: dirlist3's entries, a linked list.
      - id: eof
        type: u4
        enum: xdr_bool
        if: status == nfsstat3::nfs3_ok
        doc: dirlist3's eof, whether the list reaches the end of the directory.
  entryplus3:
    doc: 'entryplus3 (section 3.3.17): one directory entry with its attributes and handle.'
    seq:
      - id: fileid
        type: u8
        doc: fileid3 of the entry.
      - id: name
        type: rpc_xdr::string
        doc: filename3, the entry's name.
      - id: cookie
        type: u8
        -hexview-show: hex
        doc: cookie3 to resume after this entry.
      - id: name_attributes
        type: post_op_attr
        doc: The entry's attributes.
      - id: name_handle
        type: post_op_fh3
        doc: The entry's file handle.
  entryplus3_link:
    doc: One link of the entryplus3 list (XDR optional-data), value_follows then the entry.
    seq:
      - id: value_follows
        type: u4
        enum: xdr_bool
        doc: Whether an entry follows (FALSE ends the list).
      - id: entry
        type: entryplus3
        if: value_follows != xdr_bool::false
        doc: The entry.
  readdirplus3res:
    doc: READDIRPLUS3res (section 3.3.17).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: dir_attributes
        type: post_op_attr
        doc: The directory's attributes (READDIRPLUS3resok and READDIRPLUS3resfail).
      - id: cookieverf
        size: 8
        -hexview-show: hex
        if: status == nfsstat3::nfs3_ok
        doc: cookieverf3 to send with the next READDIRPLUS.
      - id: entries
        type: entryplus3_link
        repeat: until
        repeat-until: _.value_follows == xdr_bool::false
        if: status == nfsstat3::nfs3_ok
        doc: dirlistplus3's entries, a linked list.
      - id: eof
        type: u4
        enum: xdr_bool
        if: status == nfsstat3::nfs3_ok
        doc: dirlistplus3's eof, whether the list reaches the end of the directory.
  fsstat3res:
    doc: FSSTAT3res (section 3.3.18).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: obj_attributes
        type: post_op_attr
        doc: The attributes of the file system object (FSSTAT3resok and FSSTAT3resfail).
      - id: tbytes
        type: u8
        if: status == nfsstat3::nfs3_ok
        doc: Size of the file system in bytes.
      - id: fbytes
        type: u8
        if: status == nfsstat3::nfs3_ok
        doc: Free bytes.
      - id: abytes
        type: u8
        if: status == nfsstat3::nfs3_ok
        doc: Free bytes available to the caller's user.
      - id: tfiles
        type: u8
        if: status == nfsstat3::nfs3_ok
        doc: Total file slots (inodes).
      - id: ffiles
        type: u8
        if: status == nfsstat3::nfs3_ok
        doc: Free file slots.
      - id: afiles
        type: u8
        if: status == nfsstat3::nfs3_ok
        doc: Free file slots available to the caller's user.
      - id: invarsec
        type: u4
        if: status == nfsstat3::nfs3_ok
        doc: Seconds for which these figures are not expected to change.
  fsinfo3res:
    doc: FSINFO3res (section 3.3.19).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: obj_attributes
        type: post_op_attr
        doc: The attributes of the file system object (FSINFO3resok and FSINFO3resfail).
      - id: rtmax
        type: u4
        if: status == nfsstat3::nfs3_ok
        doc: Largest READ the server supports, in bytes.
      - id: rtpref
        type: u4
        if: status == nfsstat3::nfs3_ok
        doc: Preferred READ size.
      - id: rtmult
        type: u4
        if: status == nfsstat3::nfs3_ok
        doc: Suggested multiple for READ sizes.
      - id: wtmax
        type: u4
        if: status == nfsstat3::nfs3_ok
        doc: Largest WRITE the server supports, in bytes.
      - id: wtpref
        type: u4
        if: status == nfsstat3::nfs3_ok
        doc: Preferred WRITE size.
      - id: wtmult
        type: u4
        if: status == nfsstat3::nfs3_ok
        doc: Suggested multiple for WRITE sizes.
      - id: dtpref
        type: u4
        if: status == nfsstat3::nfs3_ok
        doc: Preferred READDIR size.
      - id: maxfilesize
        type: u8
        if: status == nfsstat3::nfs3_ok
        doc: Largest file size the server supports.
      - id: time_delta
        type: nfstime3
        if: status == nfsstat3::nfs3_ok
        doc: Granularity of the server's times.
      - id: properties
        type: fsf3_properties
        if: status == nfsstat3::nfs3_ok
        doc: What the file system supports (FSF3_* bits).
  pathconf3res:
    doc: PATHCONF3res (section 3.3.20).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: obj_attributes
        type: post_op_attr
        doc: The object's attributes (PATHCONF3resok and PATHCONF3resfail).
      - id: linkmax
        type: u4
        if: status == nfsstat3::nfs3_ok
        doc: Most hard links an object may have.
      - id: name_max
        type: u4
        if: status == nfsstat3::nfs3_ok
        doc: Longest file name, in bytes.
      - id: no_trunc
        type: u4
        enum: xdr_bool
        if: status == nfsstat3::nfs3_ok
        doc: Whether longer names are refused (not truncated).
      - id: chown_restricted
        type: u4
        enum: xdr_bool
        if: status == nfsstat3::nfs3_ok
        doc: Whether only a privileged user may change an owner or group.
      - id: case_insensitive
        type: u4
        enum: xdr_bool
        if: status == nfsstat3::nfs3_ok
        doc: Whether names are compared ignoring case.
      - id: case_preserving
        type: u4
        enum: xdr_bool
        if: status == nfsstat3::nfs3_ok
        doc: Whether names keep the case they were created with.
  commit3res:
    doc: COMMIT3res (section 3.3.21).
    seq:
      - id: status
        type: u4
        enum: nfsstat3
        doc: nfsstat3, the outcome.
      - id: file_wcc
        type: wcc_data
        doc: The file's attributes before and after (COMMIT3resok and COMMIT3resfail).
      - id: verf
        size: 8
        -hexview-show: hex
        if: status == nfsstat3::nfs3_ok
        doc: writeverf3, the same as the WRITEs' while the server did not restart.
enums:
  nfs_proc3:
    0: 'null'
    1: getattr
    2: setattr
    3: lookup
    4: access
    5: readlink
    6: read
    7: write
    8: create
    9: mkdir
    10: symlink
    11: mknod
    12: remove
    13: rmdir
    14: rename
    15: link
    16: readdir
    17: readdirplus
    18: fsstat
    19: fsinfo
    20: pathconf
    21: commit
  xdr_bool:
    0: 'false'
    1: 'true'
  nfsstat3:
    0: nfs3_ok
    1: nfs3err_perm
    2: nfs3err_noent
    5: nfs3err_io
    6: nfs3err_nxio
    13: nfs3err_acces
    17: nfs3err_exist
    18: nfs3err_xdev
    19: nfs3err_nodev
    20: nfs3err_notdir
    21: nfs3err_isdir
    22: nfs3err_inval
    27: nfs3err_fbig
    28: nfs3err_nospc
    30: nfs3err_rofs
    31: nfs3err_mlink
    63: nfs3err_nametoolong
    66: nfs3err_notempty
    69: nfs3err_dquot
    70: nfs3err_stale
    71: nfs3err_remote
    10001: nfs3err_badhandle
    10002: nfs3err_not_sync
    10003: nfs3err_bad_cookie
    10004: nfs3err_notsupp
    10005: nfs3err_toosmall
    10006: nfs3err_serverfault
    10007: nfs3err_badtype
    10008: nfs3err_jukebox
  ftype3:
    1: nf3reg
    2: nf3dir
    3: nf3blk
    4: nf3chr
    5: nf3lnk
    6: nf3sock
    7: nf3fifo
  stable_how:
    0: unstable
    1: data_sync
    2: file_sync
  createmode3:
    0: unchecked
    1: guarded
    2: exclusive
  time_how:
    0: dont_change
    1: set_to_server_time
    2: set_to_client_time
