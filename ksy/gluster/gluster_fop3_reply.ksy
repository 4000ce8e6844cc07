meta:
  id: gluster_fop3_reply
  title: GlusterFS FOP program 1298437 version 330 results
  license: CC0-1.0
  endian: be
  imports:
    - /rpc/rpc_xdr
    - gluster_gfx
    - gluster_xdr3
    - gluster_fop4_call
doc: >-
  The results of a successful reply to the GlusterFS FOP program version 330 (GlusterFS
  3.3 to 3.x; the .x file was removed from the source in 2022 but old peers and captures
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
        gluster_gfx::gf_fop_procnum::gfs3_op_stat: gfs3_stat_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_readlink: gfs3_readlink_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_mknod: gfs3_mkdir_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_mkdir: gfs3_mkdir_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_unlink: gfs3_unlink_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_rmdir: gfs3_unlink_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_symlink: gfs3_mkdir_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_rename: gfs3_rename_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_link: gfs3_mkdir_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_truncate: gfs3_write_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_open: gfs3_open_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_read: gfs3_read_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_write: gfs3_write_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_statfs: gfs3_statfs_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_flush: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_fsync: gfs3_write_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_setxattr: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_getxattr: gfs3_getxattr_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_removexattr: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_opendir: gfs3_open_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fsyncdir: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_access: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_create: gfs3_create_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_ftruncate: gfs3_write_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fstat: gfs3_stat_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_lk: gfs3_lk_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_lookup: gfs3_lookup_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_readdir: gfs3_readdir_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_inodelk: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_finodelk: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_entrylk: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_fentrylk: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_xattrop: gfs3_getxattr_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fxattrop: gfs3_getxattr_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fgetxattr: gfs3_getxattr_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fsetxattr: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_rchecksum: gfs3_rchecksum_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_setattr: gfs3_setattr_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_fsetattr: gfs3_setattr_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_readdirp: gfs3_readdirp_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_release: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_releasedir: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_fremovexattr: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_fallocate: gfs3_setattr_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_discard: gfs3_setattr_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_zerofill: gfs3_setattr_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_ipc: gf_common_rsp_v3
        gluster_gfx::gf_fop_procnum::gfs3_op_seek: gfs3_seek_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_lease: gfs3_lease_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_getactivelk: gfs3_getactivelk_rsp
        gluster_gfx::gf_fop_procnum::gfs3_op_setactivelk: gf_common_rsp_v3
    doc: The procedure's results.
types:
  gf_common_rsp_v3:
    doc: struct gf_common_rsp (the FOPs that return only op_ret/op_errno).
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
        type: gluster_xdr3::opaque_dict
        doc: Extra data (serialized dict).
  gfs3_stat_rsp:
    doc: struct gfs3_stat_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: stat
        type: gluster_xdr3::gf_iatt
        doc: The file's stat.
      - *id003
  gfs3_readlink_rsp:
    doc: struct gfs3_readlink_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: buf
        type: gluster_xdr3::gf_iatt
        doc: Stat of the link.
      - id: path
        type: rpc_xdr::string
        doc: Link target.
      - *id003
  gfs3_mkdir_rsp:
    doc: struct gfs3_mkdir_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: stat
        type: gluster_xdr3::gf_iatt
        doc: The file's stat.
      - id: preparent
        type: gluster_xdr3::gf_iatt
        doc: Parent stat before.
      - id: postparent
        type: gluster_xdr3::gf_iatt
        doc: Parent stat after.
      - *id003
  gfs3_unlink_rsp:
    doc: struct gfs3_unlink_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: preparent
        type: gluster_xdr3::gf_iatt
        doc: Parent stat before.
      - id: postparent
        type: gluster_xdr3::gf_iatt
        doc: Parent stat after.
      - *id003
  gfs3_rename_rsp:
    doc: struct gfs3_rename_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: stat
        type: gluster_xdr3::gf_iatt
        doc: The file's stat.
      - id: preoldparent
        type: gluster_xdr3::gf_iatt
        doc: Old parent stat before.
      - id: postoldparent
        type: gluster_xdr3::gf_iatt
        doc: Old parent stat after.
      - id: prenewparent
        type: gluster_xdr3::gf_iatt
        doc: New parent stat before.
      - id: postnewparent
        type: gluster_xdr3::gf_iatt
        doc: New parent stat after.
      - *id003
  gfs3_write_rsp:
    doc: struct gfs3_write_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: prestat
        type: gluster_xdr3::gf_iatt
        doc: Stat before the operation.
      - id: poststat
        type: gluster_xdr3::gf_iatt
        doc: Stat after the operation.
      - *id003
  gfs3_open_rsp:
    doc: struct gfs3_open_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: fd
        type: s8
        doc: Remote file descriptor number.
      - *id003
  gfs3_read_rsp:
    doc: struct gfs3_read_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: stat
        type: gluster_xdr3::gf_iatt
        doc: The file's stat.
      - id: size
        type: u4
        doc: Byte count.
      - *id003
      - id: data
        size-eos: true
        doc: Payload bytes that follow the XDR arguments.
  gfs3_statfs_rsp:
    doc: struct gfs3_statfs_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: statfs
        type: gluster_gfx::gf_statfs
        doc: File system statistics.
      - *id003
  gfs3_lk_rsp:
    doc: struct gfs3_lk_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: flock
        type: gluster_gfx::gf_proto_flock
        doc: The lock range.
      - *id003
  gfs3_lookup_rsp:
    doc: struct gfs3_lookup_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: stat
        type: gluster_xdr3::gf_iatt
        doc: The file's stat.
      - id: postparent
        type: gluster_xdr3::gf_iatt
        doc: Parent stat after.
      - *id003
  gfs3_getxattr_rsp:
    doc: struct gfs3_getxattr_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: The extended attributes (serialized dict).
      - *id003
  gfs3_create_rsp:
    doc: struct gfs3_create_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: stat
        type: gluster_xdr3::gf_iatt
        doc: The file's stat.
      - id: fd
        type: u8
        doc: Remote file descriptor number.
      - id: preparent
        type: gluster_xdr3::gf_iatt
        doc: Parent stat before.
      - id: postparent
        type: gluster_xdr3::gf_iatt
        doc: Parent stat after.
      - *id003
  gfs3_setattr_rsp:
    doc: struct gfs3_setattr_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: statpre
        type: gluster_xdr3::gf_iatt
        doc: Stat before the operation.
      - id: statpost
        type: gluster_xdr3::gf_iatt
        doc: Stat after the operation.
      - *id003
  gfs3_rchecksum_rsp:
    doc: struct gfs3_rchecksum_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: weak_checksum
        type: u4
        -hexview-show: hex
        doc: Weak (rolling) checksum.
      - id: strong_checksum
        type: rpc_xdr::opaque
        doc: Strong checksum.
      - *id003
  gfs3_seek_rsp:
    doc: struct gfs3_seek_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: offset
        type: u8
        doc: Byte offset.
      - *id003
  gfs3_readdir_rsp:
    doc: struct gfs3_readdir_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: first_follows
        type: u4
        doc: 1 if an entry follows (XDR optional-data pointer).
      - id: entries
        type: dirent
        repeat: until
        repeat-until: _.next_follows == 0
        if: first_follows != 0
        doc: Directory entries.
      - *id003
  gfs3_readdirp_rsp:
    doc: struct gfs3_readdirp_rsp (and every reply of the same shape).
    seq:
      - *id001
      - *id002
      - id: first_follows
        type: u4
        doc: 1 if an entry follows (XDR optional-data pointer).
      - id: entries
        type: direntp
        repeat: until
        repeat-until: _.next_follows == 0
        if: first_follows != 0
        doc: Directory entries with stat and xattrs.
      - *id003
  dirent:
    doc: struct gfs3_dirlist entry.
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
    doc: struct gfs3_dirplist entry.
    seq:
      - *id004
      - *id005
      - *id006
      - *id007
      - *id008
      - id: stat
        type: gluster_xdr3::gf_iatt
        doc: The file's stat.
      - id: dict
        type: gluster_xdr3::opaque_dict
        doc: The entry's xattrs (serialized dict).
      - *id009
  gfs3_lease_rsp:
    doc: struct gfs3_lease_rsp.
    seq:
      - *id001
      - *id002
      - id: lease
        type: gluster_fop4_call::gf_proto_lease
        doc: The lease.
      - *id003
  gfs3_getactivelk_rsp:
    doc: struct gfs3_getactivelk_rsp.
    seq:
      - *id001
      - *id002
      - id: first_follows
        type: u4
        doc: 1 if a lock entry follows (XDR optional-data pointer).
      - id: locks
        type: gluster_fop4_call::gfs3_locklist
        repeat: until
        repeat-until: _.next_follows == 0
        if: first_follows != 0
        doc: The locks.
      - *id003
