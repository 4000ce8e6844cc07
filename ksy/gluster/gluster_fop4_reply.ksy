meta:
  id: gluster_fop4_reply
  title: GlusterFS FOP program 1298437 version 400 results
  license: CC0-1.0
  endian: be
  imports:
    - /rpc/rpc_xdr
    - gluster_gfx
    - gluster_fop4_call
doc: >-
  The results of a successful reply to the GlusterFS FOP program version 400, chosen
  by the GFS3_OP_* procedure number (for a reply, its call's).

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
        gluster_gfx::gf_fop_procnum::gfs3_op_stat: gfx_common_iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_readlink: gfx_readlink_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_mknod: gfx_common_3iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_mkdir: gfx_common_3iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_unlink: gfx_common_2iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_rmdir: gfx_common_2iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_symlink: gfx_common_3iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_rename: gfx_rename_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_link: gfx_common_3iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_truncate: gfx_common_2iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_open: gfx_open_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_read: gfx_read_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_write: gfx_common_2iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_statfs: gfx_statfs_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_flush: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fsync: gfx_common_2iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_setxattr: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_getxattr: gfx_common_dict_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_removexattr: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_opendir: gfx_open_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fsyncdir: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_access: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_create: gfx_create_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_ftruncate: gfx_common_2iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fstat: gfx_common_iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_lk: gfx_lk_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_lookup: gfx_common_2iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_readdir: gfx_readdir_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_inodelk: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_finodelk: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_entrylk: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fentrylk: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_xattrop: gfx_common_dict_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fxattrop: gfx_common_dict_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fgetxattr: gfx_common_dict_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fsetxattr: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_rchecksum: gfx_rchecksum_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_setattr: gfx_common_2iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fsetattr: gfx_common_2iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_readdirp: gfx_readdirp_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_release: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_releasedir: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fremovexattr: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fallocate: gfx_common_2iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_discard: gfx_common_2iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_zerofill: gfx_common_2iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_ipc: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_seek: gfx_seek_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_lease: gfx_lease_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_getactivelk: gfx_getactivelk_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_setactivelk: gfx_common_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_icreate: gfx_common_iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_namelink: gfx_common_2iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_put: gfx_common_3iatt_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_copy_file_range: gfx_common_3iatt_rsp
    doc: The procedure's results.
types:
  gfx_common_rsp:
    doc: struct gfx_common_rsp.
    seq:
      - &id001
        id: op_ret
        type: s4
        doc: 'Result: >= 0 success, -1 failure.'
      - &id002
        id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - &id003
        id: xdata
        type: gluster_gfx::gfx_dict
        doc: Extra data for the xlators.
  gfx_common_iatt_rsp:
    doc: struct gfx_common_iatt_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: stat
        type: gluster_gfx::gfx_iattx
        doc: The file's stat.
  gfx_common_2iatt_rsp:
    doc: struct gfx_common_2iatt_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: prestat
        type: gluster_gfx::gfx_iattx
        doc: Stat before the operation.
      - id: poststat
        type: gluster_gfx::gfx_iattx
        doc: Stat after the operation.
  gfx_common_3iatt_rsp:
    doc: struct gfx_common_3iatt_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: stat
        type: gluster_gfx::gfx_iattx
        doc: The file's stat.
      - id: preparent
        type: gluster_gfx::gfx_iattx
        doc: Parent stat before.
      - id: postparent
        type: gluster_gfx::gfx_iattx
        doc: Parent stat after.
  gfx_common_dict_rsp:
    doc: struct gfx_common_dict_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: dict
        type: gluster_gfx::gfx_dict
        doc: The extended attributes.
      - id: prestat
        type: gluster_gfx::gfx_iattx
        doc: Stat before the operation.
      - id: poststat
        type: gluster_gfx::gfx_iattx
        doc: Stat after the operation.
  gfx_readlink_rsp:
    doc: struct gfx_readlink_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: buf
        type: gluster_gfx::gfx_iattx
        doc: Stat of the link.
      - id: path
        type: rpc_xdr::string
        doc: Link target.
  gfx_rename_rsp:
    doc: struct gfx_rename_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: stat
        type: gluster_gfx::gfx_iattx
        doc: The file's stat.
      - id: preoldparent
        type: gluster_gfx::gfx_iattx
        doc: Old parent stat before.
      - id: postoldparent
        type: gluster_gfx::gfx_iattx
        doc: Old parent stat after.
      - id: prenewparent
        type: gluster_gfx::gfx_iattx
        doc: New parent stat before.
      - id: postnewparent
        type: gluster_gfx::gfx_iattx
        doc: New parent stat after.
  gfx_open_rsp:
    doc: struct gfx_open_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: fd
        type: s8
        doc: Remote file descriptor number.
  gfx_read_rsp:
    doc: struct gfx_read_rsp.
    seq:
      - *id001
      - *id002
      - id: stat
        type: gluster_gfx::gfx_iattx
        doc: The file's stat.
      - id: size
        type: u4
        doc: Byte count.
      - *id003
      - id: data
        size-eos: true
        doc: Payload bytes that follow the XDR arguments.
  gfx_statfs_rsp:
    doc: struct gfx_statfs_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: statfs
        type: gluster_gfx::gf_statfs
        doc: File system statistics.
  gfx_create_rsp:
    doc: struct gfx_create_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: stat
        type: gluster_gfx::gfx_iattx
        doc: The file's stat.
      - id: fd
        type: u8
        doc: Remote file descriptor number.
      - id: preparent
        type: gluster_gfx::gfx_iattx
        doc: Parent stat before.
      - id: postparent
        type: gluster_gfx::gfx_iattx
        doc: Parent stat after.
  gfx_lk_rsp:
    doc: struct gfx_lk_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: flock
        type: gluster_gfx::gf_proto_flock
        doc: The lock range.
  gfx_rchecksum_rsp:
    doc: struct gfx_rchecksum_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: flags
        type: u4
        -hexview-show: hex
        doc: Flags.
      - id: weak_checksum
        type: u4
        -hexview-show: hex
        doc: Adler-style checksum.
      - id: strong_checksum
        type: rpc_xdr::opaque
        doc: MD5/SHA checksum.
  gfx_seek_rsp:
    doc: struct gfx_seek_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: offset
        type: u8
        doc: Byte offset.
  gfx_readdir_rsp:
    doc: struct gfx_readdir_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: first_follows
        type: u4
        doc: 1 if an entry follows (XDR optional-data pointer).
      - id: entries
        type: dirent
        repeat: until
        repeat-until: _.next_follows == 0
        if: first_follows != 0
        doc: Directory entries.
  gfx_readdirp_rsp:
    doc: struct gfx_readdirp_rsp.
    seq:
      - *id001
      - *id002
      - *id003
      - id: first_follows
        type: u4
        doc: 1 if an entry follows (XDR optional-data pointer).
      - id: entries
        type: direntp
        repeat: until
        repeat-until: _.next_follows == 0
        if: first_follows != 0
        doc: Directory entries with stat and xattrs.
  dirent:
    doc: struct gfx_dirlist entry.
    seq:
      - &id004
        id: d_ino
        type: u8
        doc: Inode number.
      - &id005
        id: d_off
        type: u8
        doc: Offset of the next entry.
      - &id006
        id: d_len
        type: u4
        doc: Length of the name.
      - &id007
        id: d_type
        type: u4
        doc: DT_* entry type.
      - &id008
        id: name
        type: rpc_xdr::string
        doc: Entry name.
      - &id009
        id: next_follows
        type: u4
        doc: 1 if another entry follows.
  direntp:
    doc: struct gfx_dirplist entry.
    seq:
      - *id004
      - *id005
      - *id006
      - *id007
      - *id008
      - id: stat
        type: gluster_gfx::gfx_iattx
        doc: The file's stat.
      - id: dict
        type: gluster_gfx::gfx_dict
        doc: The entry's xattrs.
      - *id009
  gfx_lease_rsp:
    doc: struct gfx_lease_rsp.
    seq:
      - &id010
        id: op_ret
        type: s4
        doc: 'Result: >= 0 success, -1 failure.'
      - &id011
        id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - &id012
        id: xdata
        type: gluster_gfx::gfx_dict
        doc: Extra data for the xlators.
      - id: lease
        type: gluster_fop4_call::gf_proto_lease
        doc: The lease.
  gfx_getactivelk_rsp:
    doc: struct gfx_getactivelk_rsp.
    seq:
      - *id010
      - *id011
      - *id012
      - id: first_follows
        type: u4
        doc: 1 if a lock entry follows (XDR optional-data pointer).
      - id: locks
        type: gluster_fop4_call::gfs3_locklist
        repeat: until
        repeat-until: _.next_follows == 0
        if: first_follows != 0
        doc: The locks.
