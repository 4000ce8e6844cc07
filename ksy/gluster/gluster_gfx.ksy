meta:
  id: gluster_gfx
  title: GlusterFS 4.x (gfx) XDR building blocks
  license: CC0-1.0
  endian: be
  imports:
    - /rpc/rpc_xdr
    - gluster_xattrs
doc: |
  The types every GlusterFS FOP version 400 message is made of: the typed
  dictionary gfx_dict (xdata and xattr sets), gfx_iattx (stat), gfx_mdata_iatt,
  gf_proto_flock, gf_statfs and the common reply shapes. Well-known xattr values
  (trusted.ec.*, trusted.afr.*) are decoded by their key, since on the wire they are
  plain binary (PTR) values (their layouts are in gluster_xattrs.ksy); string values
  are shown as text.
doc-ref:
  - glusterfs rpc/xdr/src/glusterfs4-xdr.x
  - glusterfs libglusterfs/src/glusterfs/glusterfs-fops.h (gf_dict_data_type_t)
  - glusterfs xlators/cluster/ec/src/ec-helpers.c, ec-common.h (trusted.ec.* layouts)
  - glusterfs xlators/cluster/afr/src/afr.h (pending changelog counters)
types:
  gfx_dict:
    doc: struct gfx_dict, a typed key/value dictionary.
    seq:
      - id: xdr_size
        type: u4
        doc: Encoded size of the pairs (the whole dict minus its 12-byte head); 0 for an empty or NULL dict.
      - id: count
        type: s4
        doc: Number of pairs, -1 for a NULL dictionary.
      - id: pair_count
        type: u4
        doc: XDR array length of pairs<>.
      - id: pairs
        type: gfx_dict_pair
        repeat: expr
        repeat-expr: pair_count
        doc: The key/value pairs.
  gfx_dict_pair:
    doc: |
      struct gfx_dict_pair. Its gfx_value union (a type, then the arm that type
      selects) is laid out inline, so each pair is one node with its parts beside
      the key; the opaque arm (other<>) is value_length, value and value_padding.
    seq:
      - id: key_length
        type: u4
        doc: Length of the key including its terminating NUL.
      - id: key
        type: strz
        size: key_length
        encoding: UTF-8
        doc: The key (NUL-terminated on the wire).
      - id: key_padding
        size: (4 - key_length % 4) % 4
        doc: Zero bytes up to a multiple of four.
      - id: type
        type: u4
        enum: gf_data_type
        doc: Data type of the value (gf_dict_data_type_t), the union's discriminant.
      - id: value_int
        type: s8
        if: type == gf_data_type::int
        doc: Signed 64-bit integer.
      - id: value_uint
        type: u8
        if: type == gf_data_type::uint
        doc: Unsigned 64-bit integer.
      - id: value_dbl
        type: f8
        if: type == gf_data_type::double
        doc: XDR double.
      - id: value_length
        type: u4
        if: is_opaque
        doc: Number of value bytes (string or binary blob, the union's other<>).
      - id: value
        size: value_length
        if: is_opaque
        -hexview-show: cstring
        type:
          switch-on: 'key.length > 12 and key.substring(0, 12) == "trusted.afr." ? "trusted.afr.*" : key'
          cases:
            '"trusted.ec.version"': gluster_xattrs::ec_version
            '"trusted.ec.dirty"': gluster_xattrs::ec_dirty
            '"trusted.ec.size"': gluster_xattrs::ec_size
            '"trusted.ec.config"': gluster_xattrs::ec_config
            '"trusted.afr.*"': gluster_xattrs::afr_pending
        doc: >-
          The value bytes (text when NUL-terminated and printable; well-known binary
          xattrs decoded by key).
      - id: value_padding
        size: (4 - value_length % 4) % 4
        if: is_opaque
        doc: Zero bytes up to a multiple of four.
      - id: uuid
        size: 16
        -hexview-show: uuid
        if: type == gf_data_type::gfuuid
        doc: A UUID (16 bytes, no length).
      - id: iatt
        type: gfx_iattx
        if: type == gf_data_type::iatt
        doc: A stat structure.
      - id: mdata_iatt
        type: gfx_mdata_iatt
        if: type == gf_data_type::mdata
        doc: Times only.
    instances:
      is_opaque:
        value: type == gf_data_type::str_old or type == gf_data_type::str or type == gf_data_type::ptr
        doc: The value is length-prefixed bytes (a string or a binary blob).
  gfx_iattx:
    doc: struct gfx_iattx, a file's stat (148 bytes).
    seq:
      - id: ia_gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: ia_flags
        type: u8
        -hexview-show: hex
        doc: Which fields are valid (IATT_* bits).
      - id: ia_ino
        type: u8
        doc: Inode number.
      - id: ia_dev
        type: u8
        -hexview-show: hex
        doc: Backing device ID.
      - id: ia_rdev
        type: u8
        doc: Device ID (special files).
      - id: ia_size
        type: u8
        doc: File size in bytes.
      - id: ia_blocks
        type: u8
        doc: Number of 512-byte blocks allocated.
      - id: ia_attributes
        type: u8
        -hexview-show: hex
        doc: chattr attributes (compressed, immutable, append only, ...).
      - id: ia_attributes_mask
        type: u8
        -hexview-show: hex
        doc: Which attributes are valid.
      - id: ia_atime
        type: s8
        -hexview-show: time
        doc: Last access time (seconds).
      - id: ia_mtime
        type: s8
        -hexview-show: time
        doc: Last modification time (seconds).
      - id: ia_ctime
        type: s8
        -hexview-show: time
        doc: Last status change time (seconds).
      - id: ia_btime
        type: s8
        -hexview-show: time
        doc: Creation time (seconds).
      - id: ia_atime_nsec
        type: u4
        doc: Nanoseconds of atime.
      - id: ia_mtime_nsec
        type: u4
        doc: Nanoseconds of mtime.
      - id: ia_ctime_nsec
        type: u4
        doc: Nanoseconds of ctime.
      - id: ia_btime_nsec
        type: u4
        doc: Nanoseconds of btime.
      - id: ia_nlink
        type: u4
        doc: Link count.
      - id: ia_uid
        type: u4
        doc: Owner's user ID.
      - id: ia_gid
        type: u4
        doc: Owner's group ID.
      - id: ia_blksize
        type: u4
        doc: Block size for I/O.
      - id: mode
        type: u4
        -hexview-show: mode
        doc: File type and permission bits.
  gfx_mdata_iatt:
    doc: struct gfx_mdata_iatt, times only.
    seq:
      - id: ia_atime
        type: s8
        -hexview-show: time
        doc: Last access time (seconds).
      - id: ia_mtime
        type: s8
        -hexview-show: time
        doc: Last modification time (seconds).
      - id: ia_ctime
        type: s8
        -hexview-show: time
        doc: Last status change time (seconds).
      - id: ia_atime_nsec
        type: u4
        doc: Nanoseconds of atime.
      - id: ia_mtime_nsec
        type: u4
        doc: Nanoseconds of mtime.
      - id: ia_ctime_nsec
        type: u4
        doc: Nanoseconds of ctime.
  gf_proto_flock:
    doc: struct gf_proto_flock, a POSIX-style lock range.
    seq:
      - id: type
        type: u4
        enum: lk_type
        doc: Lock type (glusterfs_lk_types_t).
      - id: whence
        type: u4
        doc: SEEK_SET/CUR/END origin of start.
      - id: start
        type: u8
        doc: First byte of the range.
      - id: len
        type: u8
        doc: Length of the range (0 = to the end).
      - id: pid
        type: u4
        doc: Locking process ID.
      - id: lk_owner
        type: rpc_xdr::opaque
        doc: Lock owner.
  gf_statfs:
    doc: struct gf_statfs.
    seq:
      - id: bsize
        type: u8
        doc: Block size.
      - id: frsize
        type: u8
        doc: Fragment size.
      - id: blocks
        type: u8
        doc: Blocks in the file system.
      - id: bfree
        type: u8
        doc: Free blocks.
      - id: bavail
        type: u8
        doc: Free blocks for unprivileged users.
      - id: files
        type: u8
        doc: Inodes.
      - id: ffree
        type: u8
        doc: Free inodes.
      - id: favail
        type: u8
        doc: Free inodes for unprivileged users.
      - id: fsid
        type: u8
        -hexview-show: hex
        doc: File system ID.
      - id: flag
        type: u8
        -hexview-show: hex
        doc: Mount flags.
      - id: namemax
        type: u8
        doc: Longest file name.
  open_flags:
    doc: Open flags on the wire (GF_O_*, glusterfs3.h; Linux numbering, octal values).
    seq:
      - id: reserved_high
        type: b10
        doc: Bits 31-22, not defined.
      - id: path
        type: b1
        doc: GF_O_PATH (010000000).
      - id: reserved_20
        type: b1
        doc: Bit 20, not defined.
      - id: cloexec
        type: b1
        doc: GF_O_CLOEXEC (02000000).
      - id: noatime
        type: b1
        doc: GF_O_NOATIME (01000000).
      - id: nofollow
        type: b1
        doc: GF_O_NOFOLLOW (0400000).
      - id: directory
        type: b1
        doc: GF_O_DIRECTORY (0200000).
      - id: largefile
        type: b1
        doc: GF_O_LARGEFILE (0100000).
      - id: direct
        type: b1
        doc: GF_O_DIRECT (040000).
      - id: o_async
        type: b1
        doc: GF_O_ASYNC (020000); named o_async because async is a Python keyword.
      - id: o_sync
        type: b1
        doc: GF_O_SYNC (010000).
      - id: nonblock
        type: b1
        doc: GF_O_NONBLOCK (04000).
      - id: append
        type: b1
        doc: GF_O_APPEND (02000).
      - id: trunc
        type: b1
        doc: GF_O_TRUNC (01000).
      - id: noctty
        type: b1
        doc: GF_O_NOCTTY (0400).
      - id: excl
        type: b1
        doc: GF_O_EXCL (0200).
      - id: creat
        type: b1
        doc: GF_O_CREAT (0100).
      - id: fmode_exec
        type: b1
        doc: GF_O_FMODE_EXEC (040).
      - id: reserved_low
        type: b3
        doc: Bits 4-2, not defined.
      - id: accmode
        type: b2
        doc: 'GF_O_ACCMODE: 0 RDONLY, 1 WRONLY, 2 RDWR.'
  setattr_valid:
    doc: |
      Which attributes a SETATTR/FSETATTR sets (GF_SET_ATTR_*, libglusterfs
      xlator.h); the bits keep the macros' names, so they are not taken for the
      call's own size or mode fields.
    seq:
      - id: reserved
        type: b23
        doc: Bits 31-9, not defined.
      - id: attr_mtime_now
        type: b1
        doc: 'GF_ATTR_MTIME_NOW (0x100): set mtime to the server''s now.'
      - id: attr_atime_now
        type: b1
        doc: GF_ATTR_ATIME_NOW (0x80).
      - id: set_attr_ctime
        type: b1
        doc: GF_SET_ATTR_CTIME (0x40).
      - id: set_attr_mtime
        type: b1
        doc: GF_SET_ATTR_MTIME (0x20).
      - id: set_attr_atime
        type: b1
        doc: GF_SET_ATTR_ATIME (0x10).
      - id: set_attr_size
        type: b1
        doc: GF_SET_ATTR_SIZE (0x8).
      - id: set_attr_gid
        type: b1
        doc: GF_SET_ATTR_GID (0x4).
      - id: set_attr_uid
        type: b1
        doc: GF_SET_ATTR_UID (0x2).
      - id: set_attr_mode
        type: b1
        doc: GF_SET_ATTR_MODE (0x1).
enums:
  gf_data_type:
    0: unknown
    1: str_old
    2: int
    3: uint
    4: double
    5: str
    6: ptr
    7: gfuuid
    8: iatt
    9: mdata
  lk_type:
    0: gf_lk_f_rdlck
    1: gf_lk_f_wrlck
    2: gf_lk_f_unlck
    3: gf_lk_eol
  gf_fop_procnum:
    0: gfs3_op_null
    1: gfs3_op_stat
    2: gfs3_op_readlink
    3: gfs3_op_mknod
    4: gfs3_op_mkdir
    5: gfs3_op_unlink
    6: gfs3_op_rmdir
    7: gfs3_op_symlink
    8: gfs3_op_rename
    9: gfs3_op_link
    10: gfs3_op_truncate
    11: gfs3_op_open
    12: gfs3_op_read
    13: gfs3_op_write
    14: gfs3_op_statfs
    15: gfs3_op_flush
    16: gfs3_op_fsync
    17: gfs3_op_setxattr
    18: gfs3_op_getxattr
    19: gfs3_op_removexattr
    20: gfs3_op_opendir
    21: gfs3_op_fsyncdir
    22: gfs3_op_access
    23: gfs3_op_create
    24: gfs3_op_ftruncate
    25: gfs3_op_fstat
    26: gfs3_op_lk
    27: gfs3_op_lookup
    28: gfs3_op_readdir
    29: gfs3_op_inodelk
    30: gfs3_op_finodelk
    31: gfs3_op_entrylk
    32: gfs3_op_fentrylk
    33: gfs3_op_xattrop
    34: gfs3_op_fxattrop
    35: gfs3_op_fgetxattr
    36: gfs3_op_fsetxattr
    37: gfs3_op_rchecksum
    38: gfs3_op_setattr
    39: gfs3_op_fsetattr
    40: gfs3_op_readdirp
    41: gfs3_op_release
    42: gfs3_op_releasedir
    43: gfs3_op_fremovexattr
    44: gfs3_op_fallocate
    45: gfs3_op_discard
    46: gfs3_op_zerofill
    47: gfs3_op_ipc
    48: gfs3_op_seek
    49: gfs3_op_compound
    50: gfs3_op_lease
    51: gfs3_op_getactivelk
    52: gfs3_op_setactivelk
    53: gfs3_op_icreate
    54: gfs3_op_namelink
    55: gfs3_op_put
    56: gfs3_op_copy_file_range
