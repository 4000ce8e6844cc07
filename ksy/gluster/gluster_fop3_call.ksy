meta:
  id: gluster_fop3_call
  title: GlusterFS FOP program 1298437 version 330 arguments
  license: CC0-1.0
  endian: be
  imports:
    - /rpc/rpc_xdr
    - gluster_gfx
    - gluster_xdr3
    - gluster_fop4_call
doc: >-
  The arguments of a call to the GlusterFS FOP program version 330 (GlusterFS 3.3
  to 3.x; the .x file was removed from the source in 2022 but old peers and captures
  still use it), chosen by the GFS3_OP_* procedure number (for a reply, its call's).
  Dictionaries are dict_serialize()d blobs inside opaque<>, stats are gf_iatt, and
  xdata comes last. Replies that carry only op_ret/op_errno/xdata are gf_common_rsp.
doc-ref:
  - glusterfs rpc/xdr/src/glusterfs3-xdr.x as of b23e81119d6aff97af840ab67c4539beb8f2d2f7^
  - glusterfs rpc/rpc-lib/src/protocol-common.h (enum gf_fop_procnum)
params:
  - id: proc
    type: u4
    enum: gluster_gfx::gf_fop_procnum
    doc: GFS3_OP_* procedure number.
seq:
  - id: body
    type:
      switch-on: proc
      cases:
        gluster_gfx::gf_fop_procnum::gfs3_op_stat: gfs3_stat_req
        gluster_gfx::gf_fop_procnum::gfs3_op_readlink: gfs3_readlink_req
        gluster_gfx::gf_fop_procnum::gfs3_op_mknod: gfs3_mknod_req
        gluster_gfx::gf_fop_procnum::gfs3_op_mkdir: gfs3_mkdir_req
        gluster_gfx::gf_fop_procnum::gfs3_op_unlink: gfs3_unlink_req
        gluster_gfx::gf_fop_procnum::gfs3_op_rmdir: gfs3_rmdir_req
        gluster_gfx::gf_fop_procnum::gfs3_op_symlink: gfs3_symlink_req
        gluster_gfx::gf_fop_procnum::gfs3_op_rename: gfs3_rename_req
        gluster_gfx::gf_fop_procnum::gfs3_op_link: gfs3_link_req
        gluster_gfx::gf_fop_procnum::gfs3_op_truncate: gfs3_truncate_req
        gluster_gfx::gf_fop_procnum::gfs3_op_open: gfs3_open_req
        gluster_gfx::gf_fop_procnum::gfs3_op_read: gfs3_read_req
        gluster_gfx::gf_fop_procnum::gfs3_op_write: gfs3_write_req
        gluster_gfx::gf_fop_procnum::gfs3_op_statfs: gfs3_statfs_req
        gluster_gfx::gf_fop_procnum::gfs3_op_flush: gfs3_flush_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fsync: gfs3_fsync_req
        gluster_gfx::gf_fop_procnum::gfs3_op_setxattr: gfs3_setxattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_getxattr: gfs3_getxattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_removexattr: gfs3_removexattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_opendir: gfs3_opendir_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fsyncdir: gfs3_fsyncdir_req
        gluster_gfx::gf_fop_procnum::gfs3_op_access: gfs3_access_req
        gluster_gfx::gf_fop_procnum::gfs3_op_create: gfs3_create_req
        gluster_gfx::gf_fop_procnum::gfs3_op_ftruncate: gfs3_ftruncate_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fstat: gfs3_fstat_req
        gluster_gfx::gf_fop_procnum::gfs3_op_lk: gfs3_lk_req
        gluster_gfx::gf_fop_procnum::gfs3_op_lookup: gfs3_lookup_req
        gluster_gfx::gf_fop_procnum::gfs3_op_readdir: gfs3_readdir_req
        gluster_gfx::gf_fop_procnum::gfs3_op_inodelk: gfs3_inodelk_req
        gluster_gfx::gf_fop_procnum::gfs3_op_finodelk: gfs3_finodelk_req
        gluster_gfx::gf_fop_procnum::gfs3_op_entrylk: gfs3_entrylk_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fentrylk: gfs3_fentrylk_req
        gluster_gfx::gf_fop_procnum::gfs3_op_xattrop: gfs3_xattrop_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fxattrop: gfs3_fxattrop_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fgetxattr: gfs3_fgetxattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fsetxattr: gfs3_fsetxattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_rchecksum: gfs3_rchecksum_req
        gluster_gfx::gf_fop_procnum::gfs3_op_setattr: gfs3_setattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fsetattr: gfs3_fsetattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_readdirp: gfs3_readdirp_req
        gluster_gfx::gf_fop_procnum::gfs3_op_release: gfs3_release_req
        gluster_gfx::gf_fop_procnum::gfs3_op_releasedir: gfs3_releasedir_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fremovexattr: gfs3_fremovexattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fallocate: gfs3_fallocate_req
        gluster_gfx::gf_fop_procnum::gfs3_op_discard: gfs3_discard_req
        gluster_gfx::gf_fop_procnum::gfs3_op_zerofill: gfs3_zerofill_req
        gluster_gfx::gf_fop_procnum::gfs3_op_ipc: gfs3_ipc_req
        gluster_gfx::gf_fop_procnum::gfs3_op_seek: gfs3_seek_req
        gluster_gfx::gf_fop_procnum::gfs3_op_lease: gfs3_lease_req
        gluster_gfx::gf_fop_procnum::gfs3_op_getactivelk: gfs3_getactivelk_req
        gluster_gfx::gf_fop_procnum::gfs3_op_setactivelk: gfs3_setactivelk_req
    doc: The procedure's arguments.
types:
  gfs3_stat_req:
    doc: struct gfs3_stat_req (GFS3_OP_STAT arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - &id001
        id: xdata
        type: gluster_xdr3::opaque_dict
        doc: Extra data (serialized dict).
  gfs3_readlink_req:
    doc: struct gfs3_readlink_req (GFS3_OP_READLINK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: size
        type: u4
        doc: Byte count.
      - *id001
  gfs3_mknod_req:
    doc: struct gfs3_mknod_req (GFS3_OP_MKNOD arguments).
    seq:
      - id: pargfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the parent directory.
      - id: dev
        type: u8
        doc: Device number.
      - id: mode
        type: u4
        -hexview-show: mode
        doc: File type and permission bits.
      - id: umask
        type: u4
        -hexview-show: hex
        doc: Creator's umask.
      - id: bname
        type: rpc_xdr::string
        doc: Base name in the parent directory.
      - *id001
  gfs3_mkdir_req:
    doc: struct gfs3_mkdir_req (GFS3_OP_MKDIR arguments).
    seq:
      - id: pargfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the parent directory.
      - id: mode
        type: u4
        -hexview-show: mode
        doc: File type and permission bits.
      - id: umask
        type: u4
        -hexview-show: hex
        doc: Creator's umask.
      - id: bname
        type: rpc_xdr::string
        doc: Base name in the parent directory.
      - *id001
  gfs3_unlink_req:
    doc: struct gfs3_unlink_req (GFS3_OP_UNLINK arguments).
    seq:
      - id: pargfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the parent directory.
      - id: bname
        type: rpc_xdr::string
        doc: Base name in the parent directory.
      - id: xflags
        type: u4
        -hexview-show: hex
        doc: Extra flags.
      - *id001
  gfs3_rmdir_req:
    doc: struct gfs3_rmdir_req (GFS3_OP_RMDIR arguments).
    seq:
      - id: pargfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the parent directory.
      - id: xflags
        type: s4
        doc: Extra flags.
      - id: bname
        type: rpc_xdr::string
        doc: Base name in the parent directory.
      - *id001
  gfs3_symlink_req:
    doc: struct gfs3_symlink_req (GFS3_OP_SYMLINK arguments).
    seq:
      - id: pargfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the parent directory.
      - id: bname
        type: rpc_xdr::string
        doc: Base name in the parent directory.
      - id: umask
        type: u4
        -hexview-show: hex
        doc: Creator's umask.
      - id: linkname
        type: rpc_xdr::string
        doc: Link target.
      - *id001
  gfs3_rename_req:
    doc: struct gfs3_rename_req (GFS3_OP_RENAME arguments).
    seq:
      - id: oldgfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the old parent.
      - id: newgfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the new parent.
      - id: oldbname
        type: rpc_xdr::string
        doc: Old name.
      - id: newbname
        type: rpc_xdr::string
        doc: New name.
      - *id001
  gfs3_link_req:
    doc: struct gfs3_link_req (GFS3_OP_LINK arguments).
    seq:
      - id: oldgfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file being linked (the old loc's inode, client-common.c).
      - id: newgfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the new parent.
      - id: newbname
        type: rpc_xdr::string
        doc: New name.
      - *id001
  gfs3_truncate_req:
    doc: struct gfs3_truncate_req (GFS3_OP_TRUNCATE arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: offset
        type: u8
        doc: Byte offset.
      - *id001
  gfs3_open_req:
    doc: struct gfs3_open_req (GFS3_OP_OPEN arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: flags
        type: gluster_gfx::open_flags
        doc: Open flags (GF_O_*).
      - *id001
  gfs3_read_req:
    doc: struct gfs3_read_req (GFS3_OP_READ arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: offset
        type: u8
        doc: Byte offset.
      - id: size
        type: u4
        doc: Byte count.
      - id: flag
        type: u4
        -hexview-show: hex
        doc: Read/write flags.
      - *id001
  gfs3_write_req:
    doc: struct gfs3_write_req (GFS3_OP_WRITE arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: offset
        type: u8
        doc: Byte offset.
      - id: size
        type: u4
        doc: Byte count.
      - id: flag
        type: u4
        -hexview-show: hex
        doc: Read/write flags.
      - *id001
      - id: data
        size-eos: true
        doc: Payload bytes that follow the XDR arguments.
  gfs3_statfs_req:
    doc: struct gfs3_statfs_req (GFS3_OP_STATFS arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - *id001
  gfs3_flush_req:
    doc: struct gfs3_flush_req (GFS3_OP_FLUSH arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - *id001
  gfs3_fsync_req:
    doc: struct gfs3_fsync_req (GFS3_OP_FSYNC arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: data
        type: u4
        doc: 'Non-zero: data only (fdatasync).'
      - *id001
  gfs3_setxattr_req:
    doc: struct gfs3_setxattr_req (GFS3_OP_SETXATTR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: flags
        type: u4
        -hexview-show: hex
        doc: XATTR_CREATE (1) / XATTR_REPLACE (2).
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: The extended attributes (serialized dict).
      - *id001
  gfs3_getxattr_req:
    doc: struct gfs3_getxattr_req (GFS3_OP_GETXATTR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: namelen
        type: u4
        doc: Length of name.
      - id: name
        type: rpc_xdr::string
        doc: Attribute or entry name.
      - *id001
  gfs3_removexattr_req:
    doc: struct gfs3_removexattr_req (GFS3_OP_REMOVEXATTR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: name
        type: rpc_xdr::string
        doc: Attribute or entry name.
      - *id001
  gfs3_opendir_req:
    doc: struct gfs3_opendir_req (GFS3_OP_OPENDIR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - *id001
  gfs3_fsyncdir_req:
    doc: struct gfs3_fsyncdir_req (GFS3_OP_FSYNCDIR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: data
        type: s4
        doc: 'Non-zero: data only.'
      - *id001
  gfs3_access_req:
    doc: struct gfs3_access_req (GFS3_OP_ACCESS arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: mask
        type: u4
        -hexview-show: hex
        doc: Access mask.
      - *id001
  gfs3_create_req:
    doc: struct gfs3_create_req (GFS3_OP_CREATE arguments).
    seq:
      - id: pargfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the parent directory.
      - id: flags
        type: gluster_gfx::open_flags
        doc: Open flags (GF_O_*).
      - id: mode
        type: u4
        -hexview-show: mode
        doc: File type and permission bits.
      - id: umask
        type: u4
        -hexview-show: hex
        doc: Creator's umask.
      - id: bname
        type: rpc_xdr::string
        doc: Base name in the parent directory.
      - *id001
  gfs3_ftruncate_req:
    doc: struct gfs3_ftruncate_req (GFS3_OP_FTRUNCATE arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: offset
        type: u8
        doc: Byte offset.
      - *id001
  gfs3_fstat_req:
    doc: struct gfs3_fstat_req (GFS3_OP_FSTAT arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - *id001
  gfs3_lk_req:
    doc: struct gfs3_lk_req (GFS3_OP_LK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: cmd
        type: u4
        enum: gluster_fop4_call::lk_cmd
        doc: Lock command.
      - id: type
        type: u4
        enum: gluster_fop4_call::lk_type
        doc: Lock type.
      - id: flock
        type: gluster_gfx::gf_proto_flock
        doc: The lock range.
      - *id001
  gfs3_lookup_req:
    doc: struct gfs3_lookup_req (GFS3_OP_LOOKUP arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: pargfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the parent directory.
      - id: flags
        type: u4
        -hexview-show: hex
        doc: Flags.
      - id: bname
        type: rpc_xdr::string
        doc: Base name in the parent directory.
      - *id001
  gfs3_readdir_req:
    doc: struct gfs3_readdir_req (GFS3_OP_READDIR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: offset
        type: u8
        doc: Byte offset.
      - id: size
        type: u4
        doc: Byte count.
      - *id001
  gfs3_inodelk_req:
    doc: struct gfs3_inodelk_req (GFS3_OP_INODELK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: cmd
        type: u4
        enum: gluster_fop4_call::lk_cmd
        doc: Lock command.
      - id: type
        type: u4
        enum: gluster_fop4_call::lk_type
        doc: Lock type.
      - id: flock
        type: gluster_gfx::gf_proto_flock
        doc: The lock range.
      - id: volume
        type: rpc_xdr::string
        doc: Lock domain.
      - *id001
  gfs3_finodelk_req:
    doc: struct gfs3_finodelk_req (GFS3_OP_FINODELK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: cmd
        type: u4
        enum: gluster_fop4_call::lk_cmd
        doc: Lock command.
      - id: type
        type: u4
        enum: gluster_fop4_call::lk_type
        doc: Lock type.
      - id: flock
        type: gluster_gfx::gf_proto_flock
        doc: The lock range.
      - id: volume
        type: rpc_xdr::string
        doc: Lock domain.
      - *id001
  gfs3_entrylk_req:
    doc: struct gfs3_entrylk_req (GFS3_OP_ENTRYLK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: cmd
        type: u4
        enum: gluster_fop4_call::entrylk_cmd
        doc: Lock command.
      - id: type
        type: u4
        enum: gluster_fop4_call::entrylk_type
        doc: Lock type.
      - id: namelen
        type: u8
        doc: Length of name.
      - id: name
        type: rpc_xdr::string
        doc: Attribute or entry name.
      - id: volume
        type: rpc_xdr::string
        doc: Lock domain.
      - *id001
  gfs3_fentrylk_req:
    doc: struct gfs3_fentrylk_req (GFS3_OP_FENTRYLK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: cmd
        type: u4
        enum: gluster_fop4_call::entrylk_cmd
        doc: Lock command.
      - id: type
        type: u4
        enum: gluster_fop4_call::entrylk_type
        doc: Lock type.
      - id: namelen
        type: u8
        doc: Length of name.
      - id: name
        type: rpc_xdr::string
        doc: Attribute or entry name.
      - id: volume
        type: rpc_xdr::string
        doc: Lock domain.
      - *id001
  gfs3_xattrop_req:
    doc: struct gfs3_xattrop_req (GFS3_OP_XATTROP arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: flags
        type: u4
        enum: gluster_fop4_call::xattrop_flags
        doc: Flags.
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: The extended attributes (serialized dict).
      - *id001
  gfs3_fxattrop_req:
    doc: struct gfs3_fxattrop_req (GFS3_OP_FXATTROP arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: flags
        type: u4
        enum: gluster_fop4_call::xattrop_flags
        doc: Flags.
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: The extended attributes (serialized dict).
      - *id001
  gfs3_fgetxattr_req:
    doc: struct gfs3_fgetxattr_req (GFS3_OP_FGETXATTR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: namelen
        type: u4
        doc: Length of name.
      - id: name
        type: rpc_xdr::string
        doc: Attribute or entry name.
      - *id001
  gfs3_fsetxattr_req:
    doc: struct gfs3_fsetxattr_req (GFS3_OP_FSETXATTR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: flags
        type: u4
        -hexview-show: hex
        doc: XATTR_CREATE (1) / XATTR_REPLACE (2).
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: The extended attributes (serialized dict).
      - *id001
  gfs3_rchecksum_req:
    doc: struct gfs3_rchecksum_req (GFS3_OP_RCHECKSUM arguments).
    seq:
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: offset
        type: u8
        doc: Byte offset.
      - id: len
        type: u4
        doc: Byte count.
      - *id001
  gfs3_setattr_req:
    doc: struct gfs3_setattr_req (GFS3_OP_SETATTR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: stbuf
        type: gluster_xdr3::gf_iatt
        doc: New attributes.
      - id: valid
        type: gluster_gfx::setattr_valid
        doc: Which stbuf fields to set (GF_SET_ATTR_* bits).
      - *id001
  gfs3_fsetattr_req:
    doc: struct gfs3_fsetattr_req (GFS3_OP_FSETATTR arguments).
    seq:
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: stbuf
        type: gluster_xdr3::gf_iatt
        doc: New attributes.
      - id: valid
        type: gluster_gfx::setattr_valid
        doc: Which stbuf fields to set (GF_SET_ATTR_* bits).
      - *id001
  gfs3_readdirp_req:
    doc: struct gfs3_readdirp_req (GFS3_OP_READDIRP arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: offset
        type: u8
        doc: Byte offset.
      - id: size
        type: u4
        doc: Byte count.
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: Extra data (the .x calls it dict).
  gfs3_release_req:
    doc: struct gfs3_release_req (GFS3_OP_RELEASE arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - *id001
  gfs3_releasedir_req:
    doc: struct gfs3_releasedir_req (GFS3_OP_RELEASEDIR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - *id001
  gfs3_fremovexattr_req:
    doc: struct gfs3_fremovexattr_req (GFS3_OP_FREMOVEXATTR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: name
        type: rpc_xdr::string
        doc: Attribute or entry name.
      - *id001
  gfs3_fallocate_req:
    doc: struct gfs3_fallocate_req (GFS3_OP_FALLOCATE arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: flags
        type: u4
        -hexview-show: hex
        doc: Flags.
      - id: offset
        type: u8
        doc: Byte offset.
      - id: size
        type: u8
        doc: Byte count.
      - *id001
  gfs3_discard_req:
    doc: struct gfs3_discard_req (GFS3_OP_DISCARD arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: offset
        type: u8
        doc: Byte offset.
      - id: size
        type: u8
        doc: Byte count.
      - *id001
  gfs3_zerofill_req:
    doc: struct gfs3_zerofill_req (GFS3_OP_ZEROFILL arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: offset
        type: u8
        doc: Byte offset.
      - id: size
        type: u8
        doc: Byte count.
      - *id001
  gfs3_ipc_req:
    doc: struct gfs3_ipc_req (GFS3_OP_IPC arguments).
    seq:
      - id: op
        type: s4
        doc: IPC operation.
      - *id001
  gfs3_seek_req:
    doc: struct gfs3_seek_req (GFS3_OP_SEEK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: offset
        type: u8
        doc: Byte offset.
      - id: what
        type: u4
        enum: gluster_fop4_call::seek_what
        doc: SEEK_DATA (0) or SEEK_HOLE (1).
      - *id001
  gfs3_lease_req:
    doc: struct gfs3_lease_req (GFS3_OP_LEASE arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: lease
        type: gluster_fop4_call::gf_proto_lease
        doc: The lease.
      - *id001
  gfs3_getactivelk_req:
    doc: struct gfs3_getactivelk_req (GFS3_OP_GETACTIVELK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - *id001
  gfs3_setactivelk_req:
    doc: struct gfs3_setactivelk_req (GFS3_OP_SETACTIVELK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: first_follows
        type: u4
        doc: 1 if a lock entry follows (XDR optional-data pointer).
      - id: locks
        type: gluster_fop4_call::gfs3_locklist
        repeat: until
        repeat-until: _.next_follows == 0
        if: first_follows != 0
        doc: The locks.
      - *id001
