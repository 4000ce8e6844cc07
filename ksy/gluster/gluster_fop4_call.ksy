meta:
  id: gluster_fop4_call
  title: GlusterFS FOP program 1298437 version 400 arguments
  license: CC0-1.0
  endian: be
  imports:
    - /rpc/rpc_xdr
    - gluster_gfx
doc: >-
  The arguments of a call to the GlusterFS FOP program version 400, chosen by the
  GFS3_OP_* procedure number (for a reply, its call's).

  Names and layouts are the gfx_*_req / gfx_*_rsp structs; which reply struct a procedure
  uses is what the client xlator decodes it with (client-rpc-fops_v2.c).
doc-ref:
  - glusterfs rpc/xdr/src/glusterfs4-xdr.x
  - glusterfs rpc/rpc-lib/src/protocol-common.h (enum gf_fop_procnum)
  - glusterfs xlators/protocol/client/src/client-rpc-fops_v2.c
params:
  - id: proc
    type: u4
    doc: GFS3_OP_* procedure number.
    enum: gluster_gfx::gf_fop_procnum
seq:
  - id: body
    type:
      switch-on: proc
      cases:
        gluster_gfx::gf_fop_procnum::gfs3_op_stat: gfx_stat_req
        gluster_gfx::gf_fop_procnum::gfs3_op_readlink: gfx_readlink_req
        gluster_gfx::gf_fop_procnum::gfs3_op_mknod: gfx_mknod_req
        gluster_gfx::gf_fop_procnum::gfs3_op_mkdir: gfx_mkdir_req
        gluster_gfx::gf_fop_procnum::gfs3_op_unlink: gfx_unlink_req
        gluster_gfx::gf_fop_procnum::gfs3_op_rmdir: gfx_rmdir_req
        gluster_gfx::gf_fop_procnum::gfs3_op_symlink: gfx_symlink_req
        gluster_gfx::gf_fop_procnum::gfs3_op_rename: gfx_rename_req
        gluster_gfx::gf_fop_procnum::gfs3_op_link: gfx_link_req
        gluster_gfx::gf_fop_procnum::gfs3_op_truncate: gfx_truncate_req
        gluster_gfx::gf_fop_procnum::gfs3_op_open: gfx_open_req
        gluster_gfx::gf_fop_procnum::gfs3_op_read: gfx_read_req
        gluster_gfx::gf_fop_procnum::gfs3_op_write: gfx_write_req
        gluster_gfx::gf_fop_procnum::gfs3_op_statfs: gfx_statfs_req
        gluster_gfx::gf_fop_procnum::gfs3_op_flush: gfx_flush_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fsync: gfx_fsync_req
        gluster_gfx::gf_fop_procnum::gfs3_op_setxattr: gfx_setxattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_getxattr: gfx_getxattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_removexattr: gfx_removexattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_opendir: gfx_opendir_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fsyncdir: gfx_fsyncdir_req
        gluster_gfx::gf_fop_procnum::gfs3_op_access: gfx_access_req
        gluster_gfx::gf_fop_procnum::gfs3_op_create: gfx_create_req
        gluster_gfx::gf_fop_procnum::gfs3_op_ftruncate: gfx_ftruncate_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fstat: gfx_fstat_req
        gluster_gfx::gf_fop_procnum::gfs3_op_lk: gfx_lk_req
        gluster_gfx::gf_fop_procnum::gfs3_op_lookup: gfx_lookup_req
        gluster_gfx::gf_fop_procnum::gfs3_op_readdir: gfx_readdir_req
        gluster_gfx::gf_fop_procnum::gfs3_op_inodelk: gfx_inodelk_req
        gluster_gfx::gf_fop_procnum::gfs3_op_finodelk: gfx_finodelk_req
        gluster_gfx::gf_fop_procnum::gfs3_op_entrylk: gfx_entrylk_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fentrylk: gfx_fentrylk_req
        gluster_gfx::gf_fop_procnum::gfs3_op_xattrop: gfx_xattrop_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fxattrop: gfx_fxattrop_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fgetxattr: gfx_fgetxattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fsetxattr: gfx_fsetxattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_rchecksum: gfx_rchecksum_req
        gluster_gfx::gf_fop_procnum::gfs3_op_setattr: gfx_setattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fsetattr: gfx_fsetattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_readdirp: gfx_readdirp_req
        gluster_gfx::gf_fop_procnum::gfs3_op_release: gfx_release_req
        gluster_gfx::gf_fop_procnum::gfs3_op_releasedir: gfx_releasedir_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fremovexattr: gfx_fremovexattr_req
        gluster_gfx::gf_fop_procnum::gfs3_op_fallocate: gfx_fallocate_req
        gluster_gfx::gf_fop_procnum::gfs3_op_discard: gfx_discard_req
        gluster_gfx::gf_fop_procnum::gfs3_op_zerofill: gfx_zerofill_req
        gluster_gfx::gf_fop_procnum::gfs3_op_ipc: gfx_ipc_req
        gluster_gfx::gf_fop_procnum::gfs3_op_seek: gfx_seek_req
        gluster_gfx::gf_fop_procnum::gfs3_op_lease: gfx_lease_req
        gluster_gfx::gf_fop_procnum::gfs3_op_getactivelk: gfx_getactivelk_req
        gluster_gfx::gf_fop_procnum::gfs3_op_setactivelk: gfx_setactivelk_req
        gluster_gfx::gf_fop_procnum::gfs3_op_icreate: gfx_icreate_req
        gluster_gfx::gf_fop_procnum::gfs3_op_namelink: gfx_namelink_req
        gluster_gfx::gf_fop_procnum::gfs3_op_put: gfx_put_req
        gluster_gfx::gf_fop_procnum::gfs3_op_copy_file_range: gfx_copy_file_range_req
    doc: The procedure's arguments.
types:
  gfx_stat_req:
    doc: struct gfx_stat_req (GFS3_OP_STAT arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - &id001
        id: xdata
        type: gluster_gfx::gfx_dict
        doc: Extra data for the xlators.
  gfx_readlink_req:
    doc: struct gfx_readlink_req (GFS3_OP_READLINK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: size
        type: u4
        doc: Byte count.
      - *id001
  gfx_mknod_req:
    doc: struct gfx_mknod_req (GFS3_OP_MKNOD arguments).
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
  gfx_mkdir_req:
    doc: struct gfx_mkdir_req (GFS3_OP_MKDIR arguments).
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
  gfx_unlink_req:
    doc: struct gfx_unlink_req (GFS3_OP_UNLINK arguments).
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
  gfx_rmdir_req:
    doc: struct gfx_rmdir_req (GFS3_OP_RMDIR arguments).
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
  gfx_symlink_req:
    doc: struct gfx_symlink_req (GFS3_OP_SYMLINK arguments).
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
  gfx_rename_req:
    doc: struct gfx_rename_req (GFS3_OP_RENAME arguments).
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
  gfx_link_req:
    doc: struct gfx_link_req (GFS3_OP_LINK arguments).
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
  gfx_truncate_req:
    doc: struct gfx_truncate_req (GFS3_OP_TRUNCATE arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: offset
        type: u8
        doc: Byte offset.
      - *id001
  gfx_open_req:
    doc: struct gfx_open_req (GFS3_OP_OPEN arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: flags
        type: gluster_gfx::open_flags
        doc: Open flags (GF_O_*, Linux numbering).
      - *id001
  gfx_read_req:
    doc: struct gfx_read_req (GFS3_OP_READ arguments).
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
        doc: Flags (GF write/read flags).
      - *id001
  gfx_write_req:
    doc: struct gfx_write_req (GFS3_OP_WRITE arguments).
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
        doc: Flags (GF write/read flags).
      - *id001
      - id: data
        size-eos: true
        doc: Payload bytes that follow the XDR arguments.
  gfx_statfs_req:
    doc: struct gfx_statfs_req (GFS3_OP_STATFS arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - *id001
  gfx_flush_req:
    doc: struct gfx_flush_req (GFS3_OP_FLUSH arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - *id001
  gfx_fsync_req:
    doc: struct gfx_fsync_req (GFS3_OP_FSYNC arguments).
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
  gfx_setxattr_req:
    doc: struct gfx_setxattr_req (GFS3_OP_SETXATTR arguments).
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
        type: gluster_gfx::gfx_dict
        doc: The extended attributes.
      - *id001
  gfx_getxattr_req:
    doc: struct gfx_getxattr_req (GFS3_OP_GETXATTR arguments).
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
  gfx_removexattr_req:
    doc: struct gfx_removexattr_req (GFS3_OP_REMOVEXATTR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: name
        type: rpc_xdr::string
        doc: Attribute or entry name.
      - *id001
  gfx_opendir_req:
    doc: struct gfx_opendir_req (GFS3_OP_OPENDIR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - *id001
  gfx_fsyncdir_req:
    doc: struct gfx_fsyncdir_req (GFS3_OP_FSYNCDIR arguments).
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
  gfx_access_req:
    doc: struct gfx_access_req (GFS3_OP_ACCESS arguments).
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
  gfx_create_req:
    doc: struct gfx_create_req (GFS3_OP_CREATE arguments).
    seq:
      - id: pargfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the parent directory.
      - id: flags
        type: gluster_gfx::open_flags
        doc: Open flags (GF_O_*, Linux numbering).
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
  gfx_ftruncate_req:
    doc: struct gfx_ftruncate_req (GFS3_OP_FTRUNCATE arguments).
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
  gfx_fstat_req:
    doc: struct gfx_fstat_req (GFS3_OP_FSTAT arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - *id001
  gfx_lk_req:
    doc: struct gfx_lk_req (GFS3_OP_LK arguments).
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
        enum: lk_cmd
        doc: Lock command.
      - id: type
        type: u4
        enum: lk_type
        doc: Lock type.
      - id: flock
        type: gluster_gfx::gf_proto_flock
        doc: The lock range.
      - *id001
  gfx_lookup_req:
    doc: struct gfx_lookup_req (GFS3_OP_LOOKUP arguments).
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
  gfx_readdir_req:
    doc: struct gfx_readdir_req (GFS3_OP_READDIR arguments).
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
  gfx_inodelk_req:
    doc: struct gfx_inodelk_req (GFS3_OP_INODELK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: cmd
        type: u4
        enum: lk_cmd
        doc: Lock command.
      - id: type
        type: u4
        enum: lk_type
        doc: Lock type.
      - id: flock
        type: gluster_gfx::gf_proto_flock
        doc: The lock range.
      - id: volume
        type: rpc_xdr::string
        doc: Lock domain.
      - *id001
  gfx_finodelk_req:
    doc: struct gfx_finodelk_req (GFS3_OP_FINODELK arguments).
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
        enum: lk_cmd
        doc: Lock command.
      - id: type
        type: u4
        enum: lk_type
        doc: Lock type.
      - id: flock
        type: gluster_gfx::gf_proto_flock
        doc: The lock range.
      - id: volume
        type: rpc_xdr::string
        doc: Lock domain.
      - *id001
  gfx_entrylk_req:
    doc: struct gfx_entrylk_req (GFS3_OP_ENTRYLK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: cmd
        type: u4
        enum: entrylk_cmd
        doc: Lock command.
      - id: type
        type: u4
        enum: entrylk_type
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
  gfx_fentrylk_req:
    doc: struct gfx_fentrylk_req (GFS3_OP_FENTRYLK arguments).
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
        enum: entrylk_cmd
        doc: Lock command.
      - id: type
        type: u4
        enum: entrylk_type
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
  gfx_xattrop_req:
    doc: struct gfx_xattrop_req (GFS3_OP_XATTROP arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: flags
        type: u4
        enum: xattrop_flags
        doc: Flags.
      - id: dict
        type: gluster_gfx::gfx_dict
        doc: The extended attributes.
      - *id001
  gfx_fxattrop_req:
    doc: struct gfx_fxattrop_req (GFS3_OP_FXATTROP arguments).
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
        enum: xattrop_flags
        doc: Flags.
      - id: dict
        type: gluster_gfx::gfx_dict
        doc: The extended attributes.
      - *id001
  gfx_fgetxattr_req:
    doc: struct gfx_fgetxattr_req (GFS3_OP_FGETXATTR arguments).
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
  gfx_fsetxattr_req:
    doc: struct gfx_fsetxattr_req (GFS3_OP_FSETXATTR arguments).
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
        type: gluster_gfx::gfx_dict
        doc: The extended attributes.
      - *id001
  gfx_rchecksum_req:
    doc: struct gfx_rchecksum_req (GFS3_OP_RCHECKSUM arguments).
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
      - id: len
        type: u4
        doc: Byte count.
      - id: flags
        type: u4
        -hexview-show: hex
        doc: Flags.
      - *id001
  gfx_setattr_req:
    doc: struct gfx_setattr_req (GFS3_OP_SETATTR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: stbuf
        type: gluster_gfx::gfx_iattx
        doc: New attributes.
      - id: valid
        type: gluster_gfx::setattr_valid
        doc: Which stbuf fields to set (GF_SET_ATTR_* bits).
      - *id001
  gfx_fsetattr_req:
    doc: struct gfx_fsetattr_req (GFS3_OP_FSETATTR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - id: stbuf
        type: gluster_gfx::gfx_iattx
        doc: New attributes.
      - id: valid
        type: gluster_gfx::setattr_valid
        doc: Which stbuf fields to set (GF_SET_ATTR_* bits).
      - *id001
  gfx_readdirp_req:
    doc: struct gfx_readdirp_req (GFS3_OP_READDIRP arguments).
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
  gfx_release_req:
    doc: struct gfx_release_req (GFS3_OP_RELEASE arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - *id001
  gfx_releasedir_req:
    doc: struct gfx_releasedir_req (GFS3_OP_RELEASEDIR arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - *id001
  gfx_fremovexattr_req:
    doc: struct gfx_fremovexattr_req (GFS3_OP_FREMOVEXATTR arguments).
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
  gfx_fallocate_req:
    doc: struct gfx_fallocate_req (GFS3_OP_FALLOCATE arguments).
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
  gfx_discard_req:
    doc: struct gfx_discard_req (GFS3_OP_DISCARD arguments).
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
  gfx_zerofill_req:
    doc: struct gfx_zerofill_req (GFS3_OP_ZEROFILL arguments).
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
  gfx_ipc_req:
    doc: struct gfx_ipc_req (GFS3_OP_IPC arguments).
    seq:
      - id: op
        type: s4
        doc: IPC operation.
      - *id001
  gfx_seek_req:
    doc: struct gfx_seek_req (GFS3_OP_SEEK arguments).
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
        enum: seek_what
        doc: SEEK_DATA (0) or SEEK_HOLE (1).
      - *id001
  gfx_lease_req:
    doc: struct gfx_lease_req (GFS3_OP_LEASE arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: lease
        type: gf_proto_lease
        doc: The lease.
      - &id002
        id: xdata
        type: gluster_gfx::gfx_dict
        doc: Extra data for the xlators.
  gfx_getactivelk_req:
    doc: struct gfx_getactivelk_req (GFS3_OP_GETACTIVELK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - *id002
  gfx_setactivelk_req:
    doc: struct gfx_setactivelk_req (GFS3_OP_SETACTIVELK arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: first_follows
        type: u4
        doc: 1 if a lock entry follows (XDR optional-data pointer).
      - id: locks
        type: gfs3_locklist
        repeat: until
        repeat-until: _.next_follows == 0
        if: first_follows != 0
        doc: The locks.
      - *id002
  gfx_icreate_req:
    doc: struct gfx_icreate_req (GFS3_OP_ICREATE arguments).
    seq:
      - id: gfid
        size: 16
        -hexview-show: uuid
        doc: GFID to create.
      - id: mode
        type: u4
        -hexview-show: mode
        doc: File type and permission bits.
      - *id002
  gfx_namelink_req:
    doc: struct gfx_namelink_req (GFS3_OP_NAMELINK arguments).
    seq:
      - id: pargfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the parent directory.
      - id: bname
        type: rpc_xdr::string
        doc: Base name in the parent directory.
      - *id002
  gfx_put_req:
    doc: struct gfx_put_req (GFS3_OP_PUT arguments).
    seq:
      - id: pargfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the parent directory.
      - id: bname
        type: rpc_xdr::string
        doc: Base name in the parent directory.
      - id: mode
        type: u4
        -hexview-show: mode
        doc: File type and permission bits.
      - id: umask
        type: u4
        -hexview-show: hex
        doc: Creator's umask.
      - id: flag
        type: u4
        -hexview-show: hex
        doc: Open flags.
      - id: offset
        type: u8
        doc: Byte offset.
      - id: size
        type: u4
        doc: Byte count.
      - id: xattr
        type: gluster_gfx::gfx_dict
        doc: Extended attributes to set.
      - *id002
      - id: data
        size-eos: true
        doc: Payload bytes that follow the XDR arguments.
  gfx_copy_file_range_req:
    doc: struct gfx_copy_file_range_req (GFS3_OP_COPY_FILE_RANGE arguments).
    seq:
      - id: gfid1
        size: 16
        -hexview-show: uuid
        doc: GFID of the source file.
      - id: gfid2
        size: 16
        -hexview-show: uuid
        doc: GFID of the destination file.
      - id: fd_in
        type: s8
        doc: Source fd.
      - id: fd_out
        type: s8
        doc: Destination fd.
      - id: off_in
        type: u8
        doc: Source offset.
      - id: off_out
        type: u8
        doc: Destination offset.
      - id: size
        type: u4
        doc: Byte count.
      - id: flag
        type: u4
        -hexview-show: hex
        doc: Flags.
      - *id002
  gf_proto_lease:
    doc: struct gf_proto_lease.
    seq:
      - id: cmd
        type: u4
        enum: lease_cmd
        doc: Lease command.
      - id: lease_type
        type: u4
        enum: lease_type
        doc: Lease type.
      - id: lease_id
        size: 16
        -hexview-show: hex
        doc: Lease ID.
      - id: lease_flags
        type: u4
        -hexview-show: hex
        doc: Lease flags.
  gfs3_locklist:
    doc: struct gfs3_locklist entry.
    seq:
      - id: flock
        type: gluster_gfx::gf_proto_flock
        doc: The lock.
      - id: client_uid
        type: rpc_xdr::string
        doc: Lock holder.
      - id: lk_flags
        type: u4
        -hexview-show: hex
        doc: Lock flags.
      - id: next_follows
        type: u4
        doc: 1 if another entry follows.
enums:
  lk_cmd:
    0: gf_lk_getlk
    1: gf_lk_setlk
    2: gf_lk_setlkw
    3: gf_lk_reslk_lck
    4: gf_lk_reslk_lckw
    5: gf_lk_reslk_unlck
    6: gf_lk_getlk_fd
  lk_type:
    0: gf_lk_f_rdlck
    1: gf_lk_f_wrlck
    2: gf_lk_f_unlck
    3: gf_lk_eol
  entrylk_cmd:
    0: entrylk_lock
    1: entrylk_unlock
    2: entrylk_lock_nb
  entrylk_type:
    0: entrylk_rdlck
    1: entrylk_wrlck
  xattrop_flags:
    0: gf_xattrop_add_array
    1: gf_xattrop_add_array64
    2: gf_xattrop_or_array
    3: gf_xattrop_and_array
    4: gf_xattrop_get_and_set
    5: gf_xattrop_add_array_with_default
    6: gf_xattrop_add_array64_with_default
  seek_what:
    0: gf_seek_data
    1: gf_seek_hole
  lease_cmd:
    1: gf_get_lease
    2: gf_set_lease
    3: gf_unlk_lease
  lease_type:
    0: none
    1: gf_rd_lease
    2: gf_rw_lease
