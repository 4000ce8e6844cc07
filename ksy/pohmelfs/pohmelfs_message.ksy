meta:
  id: pohmelfs_message
  title: POHMELFS command - netfs_cmd header and its attached data
  license: CC0-1.0
  endian: be
  encoding: UTF-8
  imports:
    - pohmelfs_common
    - pohmelfs_netfs_cmd
params:
  - id: is_request
    type: bool
    doc: True for client-to-server commands, false for server replies and notices.
  - id: depth
    type: u1
    doc: |
      Transaction nesting depth: 0 for a command on the stream, n for one
      embedded n levels deep. Commands in a NETFS_TRANS at depth 8 are not
      decoded (kept as raw bytes), a guard against looping input.
doc: |
  One POHMELFS command: the 40-byte netfs_cmd header, then the attached
  data: the crypto digest (csize bytes, counted in size), the command's
  own data and the cipher padding (cpad bytes, at the end). A client's
  NETFS_READ_PAGE / NETFS_READ_PAGES carries only its path (ext bytes):
  its size is a read request. A NETFS_TRANS embeds further commands back
  to back, each a complete command, nested to any depth.

  Strings (paths, names) include their trailing NUL byte.
doc-ref: ../shared/seeds/002_70bc0784875f3107.txt
seq:
  - id: header
    type: pohmelfs_netfs_cmd(is_request)
    size: 40
    doc: The command header (its own 40-byte substream).
  - id: digest
    size: header.csize
    if: header.csize != 0
    doc: Crypto digest (HMAC) over the command, csize bytes.
  - id: body
    size: body_len
    if: body_len != 0
    type:
      switch-on: 'is_request ? header.cmd.to_i : -header.cmd.to_i'
      cases:
        1: path_data(header.ext.as<u2>)
        2: path_data(header.ext.as<u2>)
        4: create_data(header.ext.as<u2>)
        5: path_data(header.ext.as<u2>)
        6: path_data(header.ext.as<u2>)
        7: two_paths(header.ext.as<u2>)
        8: trans_data(is_request, depth)
        -8: trans_data(is_request, depth)
        9: path_data(0)
        10: inode_info_data(header.ext.as<u2>)
        -10: inode_info_data(header.ext.as<u2>)
        12: path_data(header.ext.as<u2>)
        13: two_paths(header.ext.as<u2>)
        14: capabilities_data(header.id)
        -14: capabilities_data(header.id)
        15: lock_data(header.ext.as<u2>)
        -15: inode_info_data(0)
        16: xattr_data(header.ext.as<u2>, header.start)
        17: xattr_data(header.ext.as<u2>, 0)
        -1: dir_entry
        -6: dir_entry
    doc: The command's own data; its layout depends on the command and direction.
  - id: padding
    size: header.cpad
    if: header.cpad != 0
    doc: Cipher padding, cpad bytes.
instances:
  is_read_request:
    value: >-
      is_request and (header.cmd == pohmelfs_common::command::netfs_read_page
      or header.cmd == pohmelfs_common::command::netfs_read_pages)
    doc: A client read request - only the path (ext bytes) is attached, size is the read size.
  attached:
    value: 'is_read_request ? header.ext_raw : header.is_seed_lock ? 0 : header.size_raw'
    doc: |
      Bytes attached after the header (none for a NETFS_LOCK request in seed
      002's layout, whose size is the locked range).
  body_len:
    value: 'attached > header.csize + header.cpad ? attached - header.csize - header.cpad : 0'
    doc: Bytes of command data between digest and padding.
types:
  path_data:
    doc: An object path; the rest of the data, if any, is kept as raw bytes.
    params:
      - id: path_len
        type: u2
        doc: Path length from the header (ext); 0 - the whole data is the path.
    seq:
      - id: path
        type: str
        size: 'path_len != 0 ? path_len : _io.size'
        terminator: 0
        doc: Object path, NUL-terminated.
      - id: rest
        size-eos: true
        if: not _io.eof
        doc: Bytes after the path.
  two_paths:
    doc: |
      NETFS_LINK / NETFS_RENAME data "old|new": the object (old) path, ext
      bytes, a '|' separator, then the target (new) path.
    doc-ref: ../shared/seeds/002_70bc0784875f3107.txt @NETFS_LINK @NETFS_RENAME
    params:
      - id: first_len
        type: u2
        doc: Length of the first path (ext).
    seq:
      - id: old_path
        type: str
        size: first_len
        doc: Object (LINK) or old (RENAME) path.
      - id: separator
        type: u1
        enum: separator_char
        valid: separator_char::pipe
        doc: The '|' between the two paths.
      - id: new_path
        type: str
        size-eos: true
        terminator: 0
        doc: Target (LINK) or new (RENAME) path, NUL-terminated.
    enums:
      separator_char:
        0x7c:
          id: pipe
          doc: ASCII '|'.
  create_data:
    doc: |
      NETFS_CREATE data. Seed 002 describes ext 0 and a list of
      netfs_path_entry (mode, name length, name); the staging kernel code
      sends ext = i_mode and the path string instead. ext 0 selects the
      path entries, any other ext the path string.
    doc-ref: ../shared/seeds/002_70bc0784875f3107.txt @NETFS_CREATE
    params:
      - id: ext
        type: u2
        doc: Header ext (0 in the seed's layout, the new object's mode in the code's).
    seq:
      - id: entries
        type: path_entry
        repeat: eos
        if: ext == 0
        doc: One path entry per path component to create.
      - id: path
        type: str
        size-eos: true
        terminator: 0
        if: ext != 0
        doc: Path of the object to create, NUL-terminated.
  path_entry:
    doc: struct netfs_path_entry - creation mode, name length and the name.
    doc-ref: ../shared/seeds/002_70bc0784875f3107.txt @NETFS_CREATE
    seq:
      - id: mode
        type: u4
        -hexview-show: mode
        doc: Creation mode - permissions and file type.
      - id: len
        type: u4
        doc: Length of the name, with its NUL.
      - id: name
        type: str
        size: len
        terminator: 0
        doc: Name of this path component.
  inode_info_data:
    doc: |
      A path (ext bytes, may be 0) followed by struct netfs_inode_info:
      NETFS_INODE_INFO in both directions, a NETFS_LOCK reply (ext 0).
    doc-ref: ../shared/seeds/002_70bc0784875f3107.txt @NETFS_INODE_INFO
    params:
      - id: path_len
        type: u2
        doc: Path length from the header (ext).
    seq:
      - id: path
        type: str
        size: path_len
        terminator: 0
        if: path_len != 0
        doc: Object path, NUL-terminated.
      - id: info
        type: pohmelfs_common::inode_info
        doc: The object's attributes.
      - id: rest
        size-eos: true
        if: not _io.eof
        doc: Bytes after the inode info.
  dir_entry:
    doc: |
      NETFS_READDIR / NETFS_LOOKUP reply data: the attributes of one object
      and its name (NUL-terminated; cipher padding excluded).
    doc-ref: linux drivers/staging/pohmelfs/net.c readdir and lookup responses
    seq:
      - id: info
        type: pohmelfs_common::inode_info
        doc: The object's attributes.
      - id: name
        type: str
        size-eos: true
        terminator: 0
        if: not _io.eof
        doc: Object name.
  lock_data:
    doc: |
      NETFS_LOCK request data as sent by the staging code: the path (ext
      bytes), struct netfs_lock and, for a release, the inode info the
      client flushes.
    doc-ref: ../shared/seeds/002_70bc0784875f3107.txt @NETFS_LOCK
    params:
      - id: path_len
        type: u2
        doc: Path length from the header (ext).
    seq:
      - id: path
        type: str
        size: path_len
        terminator: 0
        if: path_len != 0
        doc: Object path, NUL-terminated.
      - id: lock
        type: netfs_lock
        doc: The lock range and type.
      - id: info
        type: pohmelfs_common::inode_info
        if: not _io.eof
        doc: Attributes of the object, sent with a release.
  netfs_lock:
    doc: struct netfs_lock (24 bytes) - the locked byte range and lock type.
    seq:
      - id: start
        type: u8
        doc: Start of the locked range.
      - id: ino
        type: u8
        doc: Inode number.
      - id: size
        type: u4
        doc: Size of the locked range.
      - id: type
        type: pohmelfs_common::lock_type_word
        doc: Lock request/release bit and lock type.
  xattr_data:
    doc: |
      NETFS_XATTR_SET / NETFS_XATTR_GET request data: the object path (ext
      bytes), the attribute name (NUL-terminated) and, for SET, the value
      (header start bytes).
    doc-ref: ../shared/seeds/002_70bc0784875f3107.txt @NETFS_XATTR_SET
    params:
      - id: path_len
        type: u2
        doc: Path length from the header (ext).
      - id: value_len
        type: u8
        doc: Value size (header start) for SET; 0 for GET.
    seq:
      - id: path
        type: str
        size: path_len
        terminator: 0
        doc: Object path, NUL-terminated.
      - id: name
        type: strz
        doc: Attribute name, NUL-terminated.
      - id: value
        size: value_len
        if: value_len != 0
        doc: Attribute value.
      - id: rest
        size-eos: true
        if: not _io.eof
        doc: Bytes after the attribute.
  capabilities_data:
    doc: NETFS_CAPABILITIES data; the header id names the capability type.
    doc-ref: ../shared/seeds/002_70bc0784875f3107.txt @NETFS_CAPABILITIES
    params:
      - id: cap_type
        type: u8
        doc: Header id - 0 crypto, 1 root capabilities.
    seq:
      - id: capabilities
        type:
          switch-on: cap_type
          cases:
            0: pohmelfs_common::crypto_capabilities
            1: pohmelfs_common::root_capabilities
        size-eos: true
        doc: The capability structure.
  trans_data:
    doc: |
      NETFS_TRANS data: complete commands back to back. Below the depth
      limit each is decoded; at the limit the bytes are kept raw.
    doc-ref: ../shared/seeds/002_70bc0784875f3107.txt @NETFS_TRANS
    params:
      - id: is_request
        type: bool
        doc: Direction of the enclosing transaction.
      - id: depth
        type: u1
        doc: Depth of the enclosing transaction.
    seq:
      - id: commands
        type: pohmelfs_message(is_request, depth + 1)
        repeat: eos
        if: depth < 8
        doc: Embedded command.
      - id: too_deep
        size-eos: true
        if: depth >= 8
        doc: Embedded commands past the nesting limit of 8, not decoded.
