meta:
  id: gluster_xdr3
  title: GlusterFS 3.x-style XDR building blocks (serialized dict, gf_iatt)
  license: CC0-1.0
  endian: be
  imports:
    - /rpc/rpc_xdr
    - gluster_xattrs
doc: |
  Types the handshake, dump, callback and glusterd programs still use: the
  dictionary serialized by dict_serialize() and carried as XDR opaque<> (not the
  typed gfx_dict of FOP version 400), gf_iatt, and gf_common_rsp. Inside the
  serialized dict nothing is aligned; only the enclosing opaque is padded.
doc-ref:
  - >-
    glusterfs libglusterfs/src/dict.c (dict_serialize_lk, DICT_HDR_LEN 4, DICT_DATA_HDR_KEY_LEN
    4, DICT_DATA_HDR_VAL_LEN 4)
  - glusterfs rpc/xdr/src/glusterfs4-xdr.x (gf_iatt), rpc-common-xdr.x (gf_common_rsp)
types:
  opaque_dict:
    doc: opaque dict<> holding a dict_serialize()d dictionary.
    seq:
      - id: length
        type: u4
        doc: Bytes of the serialized dictionary (0 = no dictionary).
      - id: dict
        type: serialized_dict
        size: length
        if: length != 0
        doc: The dictionary.
      - id: padding
        size: (4 - length % 4) % 4
        doc: Zero bytes up to a multiple of four.
  serialized_dict:
    doc: dict_serialize() format, all integers big-endian.
    seq:
      - id: count
        type: u4
        doc: Number of pairs.
      - id: pairs
        type: serialized_pair
        repeat: expr
        repeat-expr: count
        doc: The pairs.
  serialized_pair:
    doc: One key/value pair of a serialized dictionary.
    seq:
      - id: key_length
        type: u4
        doc: Key length without its NUL.
      - id: value_length
        type: u4
        doc: Value length (strings include their NUL).
      - id: key
        type: strz
        size: key_length + 1
        encoding: UTF-8
        doc: The key, NUL-terminated.
      - id: value
        size: value_length
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
  gf_common_rsp:
    doc: struct gf_common_rsp.
    seq:
      - id: op_ret
        type: s4
        doc: Result, -1 on failure.
      - id: op_errno
        type: s4
        doc: errno when op_ret is -1.
      - id: xdata
        type: opaque_dict
        doc: Extra data.
  gf_iatt:
    doc: struct gf_iatt, the 3.x stat (100 bytes).
    seq:
      - id: ia_gfid
        size: 16
        -hexview-show: uuid
        doc: GFID of the file.
      - id: ia_ino
        type: u8
        doc: Inode number.
      - id: ia_dev
        type: u8
        -hexview-show: hex
        doc: Backing device ID.
      - id: mode
        type: u4
        -hexview-show: mode
        doc: File type and permission bits.
      - id: ia_nlink
        type: u4
        doc: Link count.
      - id: ia_uid
        type: u4
        doc: Owner's user ID.
      - id: ia_gid
        type: u4
        doc: Owner's group ID.
      - id: ia_rdev
        type: u8
        doc: Device ID (special files).
      - id: ia_size
        type: u8
        doc: File size in bytes.
      - id: ia_blksize
        type: u4
        doc: Block size for I/O.
      - id: ia_blocks
        type: u8
        doc: 512-byte blocks allocated.
      - id: ia_atime
        type: u4
        -hexview-show: time
        doc: Last access time (seconds).
      - id: ia_atime_nsec
        type: u4
        doc: Nanoseconds of atime.
      - id: ia_mtime
        type: u4
        -hexview-show: time
        doc: Last modification time (seconds).
      - id: ia_mtime_nsec
        type: u4
        doc: Nanoseconds of mtime.
      - id: ia_ctime
        type: u4
        -hexview-show: time
        doc: Last status change time (seconds).
      - id: ia_ctime_nsec
        type: u4
        doc: Nanoseconds of ctime.
