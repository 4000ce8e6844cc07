meta:
  id: pohmelfs_common
  title: POHMELFS network protocol - shared enums and payload structures
  license: CC0-1.0
  endian: be
doc: |
  Enumerations and payload structures shared by the POHMELFS specs
  (pohmelfs_netfs_cmd, pohmelfs_message). This spec has no fields of its
  own. All integers are big-endian on the wire; each peer converts to its
  own byte order. Enum keys are the kernel's constant names in lower case.
doc-ref:
  - ../shared/seeds/002_70bc0784875f3107.txt (POHMELFS network protocol)
  - linux drivers/staging/pohmelfs/netfs.h
enums:
  command:
    1:
      id: netfs_readdir
      doc: Read directory for given inode number (seed 002 @NETFS_READDIR).
    2:
      id: netfs_read_page
      doc: Read data page from the server (seed 002 @NETFS_READ_PAGE).
    3:
      id: netfs_write_page
      doc: Write data page to the server.
    4:
      id: netfs_create
      doc: Create directory entry (seed 002 @NETFS_CREATE).
    5:
      id: netfs_remove
      doc: Remove directory entry (seed 002 @NETFS_REMOVE).
    6:
      id: netfs_lookup
      doc: Lookup single object (seed 002 @NETFS_LOOKUP).
    7:
      id: netfs_link
      doc: Create a hard or symbolic link (seed 002 @NETFS_LINK).
    8:
      id: netfs_trans
      doc: Transaction header embedding further commands (seed 002 @NETFS_TRANS).
    9:
      id: netfs_open
      doc: Open intent (seed 002 @NETFS_OPEN).
    10:
      id: netfs_inode_info
      doc: Metadata cache coherency synchronization message (seed 002 @NETFS_INODE_INFO).
    11:
      id: netfs_page_cache
      doc: Page cache invalidation message, server to client only (seed 002 @NETFS_PAGE_CACHE).
    12:
      id: netfs_read_pages
      doc: Read multiple contiguous pages in one go (seed 002 @NETFS_READ_PAGES).
    13:
      id: netfs_rename
      doc: Rename object (seed 002 @NETFS_RENAME).
    14:
      id: netfs_capabilities
      doc: Capabilities exchange, e.g. supported crypto (seed 002 @NETFS_CAPABILITIES).
    15:
      id: netfs_lock
      doc: Distributed lock request or release (seed 002 @NETFS_LOCK).
    16:
      id: netfs_xattr_set
      doc: Set extended attribute (seed 002 @NETFS_XATTR_SET).
    17:
      id: netfs_xattr_get
      doc: Get extended attribute (seed 002 @NETFS_XATTR_GET).
  capability_type:
    0:
      id: pohmelfs_crypto_capabilities
      doc: Crypto capabilities (hash and cipher names).
    1:
      id: pohmelfs_root_capabilities
      doc: Root capabilities (file counts, space, export flags).
  lock_type:
    0:
      id: pohmelfs_read_lock
      doc: Shared (read) lock.
    1:
      id: pohmelfs_write_lock
      doc: Exclusive (write) lock.
  link_type:
    0:
      id: hardlink
      doc: NETFS_LINK start 0 - hard link.
    1:
      id: symlink
      doc: NETFS_LINK start 1 - symbolic link.
  open_access:
    0:
      id: o_rdonly
      doc: Open for reading only.
    1:
      id: o_wronly
      doc: Open for writing only.
    2:
      id: o_rdwr
      doc: Open for reading and writing.
    3:
      id: o_accmode_invalid
      doc: Both access bits set - not a valid access mode.
types:
  inode_info:
    doc: |
      struct netfs_inode_info (64 bytes): the attributes of one object,
      mirroring what stat(2) returns.
    doc-ref: ../shared/seeds/002_70bc0784875f3107.txt @NETFS_INODE_INFO
    seq:
      - id: mode
        type: u4
        -hexview-show: mode
        doc: File type and permission bits (st_mode).
      - id: nlink
        type: u4
        doc: Number of hard links.
      - id: uid
        type: u4
        doc: Owner user id.
      - id: gid
        type: u4
        doc: Owner group id.
      - id: blocksize
        type: u4
        doc: Preferred I/O block size.
      - id: padding
        type: u4
        doc: Alignment padding, unused.
      - id: ino
        type: u8
        doc: Inode number.
      - id: blocks
        type: u8
        doc: Number of 512-byte blocks allocated.
      - id: rdev
        type: u8
        -hexview-show: hex
        doc: Device number for device special files.
      - id: size
        type: u8
        doc: Object size in bytes.
      - id: version
        type: u8
        doc: Inode version (change counter).
  root_capabilities:
    doc: |
      struct netfs_root_capabilities (32 bytes): the server's answer to a
      NETFS_CAPABILITIES query with id 1 (root capabilities).
    doc-ref: linux drivers/staging/pohmelfs/netfs.h struct netfs_root_capabilities
    seq:
      - id: nr_files
        type: u8
        doc: Number of files on the exported filesystem.
      - id: used
        type: u8
        doc: Bytes used.
      - id: avail
        type: u8
        doc: Bytes available.
      - id: flags
        type: root_flags
        doc: Export flags.
  root_flags:
    doc: 64-bit flags of struct netfs_root_capabilities.
    seq:
      - id: reserved
        type: b62
        doc: Bits 63-2; unassigned.
      - id: xattr_supported
        type: b1
        doc: Bit 1 (0x2) - the server supports extended attributes.
      - id: read_only
        type: b1
        doc: Bit 0 (0x1) - the export is read-only.
  crypto_capabilities:
    doc: |
      struct netfs_crypto_capabilities (8 bytes) followed by the hash
      algorithm name and the cipher name (each length includes its NUL).
    doc-ref: linux drivers/staging/pohmelfs/netfs.h struct netfs_crypto_capabilities
    seq:
      - id: hash_strlen
        type: u2
        doc: Length of the hash algorithm name, with its NUL.
      - id: cipher_strlen
        type: u2
        doc: Length of the cipher name, with its NUL.
      - id: cipher_keysize
        type: u4
        doc: Cipher key size in bytes.
      - id: hash_name
        type: str
        encoding: UTF-8
        size: hash_strlen
        terminator: 0
        doc: Hash (HMAC) algorithm name, e.g. "hmac(sha1)".
      - id: cipher_name
        type: str
        encoding: UTF-8
        size: cipher_strlen
        terminator: 0
        doc: Cipher name, e.g. "cbc(aes)".
      - id: rest
        size-eos: true
        doc: Bytes after the two names (the kernel reserves room for them).
  lock_ext:
    doc: |
      NETFS_LOCK request ext in seed 002's layout: bit 15 set for a lock
      request, clear for a release; the low bits the lock type (read or
      write, "not used actually").
    doc-ref: ../shared/seeds/002_70bc0784875f3107.txt @NETFS_LOCK
    seq:
      - id: grab
        type: b1
        doc: Bit 15 - 1 lock request, 0 release.
      - id: reserved
        type: b14
        doc: Bits 14-1; unassigned.
      - id: write
        type: b1
        doc: Bit 0 - lock type, 1 write, 0 read.
  lock_type_word:
    doc: |
      32-bit lock type of struct netfs_lock: bit 15 (POHMELFS_LOCK_GRAB)
      set for a lock request, clear for a release; the low bits give the
      lock type (0 read, 1 write).
    doc-ref: ../shared/seeds/002_70bc0784875f3107.txt @NETFS_LOCK
    seq:
      - id: reserved_high
        type: b16
        doc: Bits 31-16; unassigned.
      - id: grab
        type: b1
        doc: Bit 15, POHMELFS_LOCK_GRAB - 1 lock request, 0 release.
      - id: reserved
        type: b14
        doc: Bits 14-1; unassigned.
      - id: write
        type: b1
        doc: Bit 0 - lock type, 1 POHMELFS_WRITE_LOCK, 0 POHMELFS_READ_LOCK.
  open_flags:
    doc: |
      NETFS_OPEN ext - the open(2) flags (Linux generic values) cut to 16
      bits by the header field.
    doc-ref: ../shared/seeds/002_70bc0784875f3107.txt @NETFS_OPEN
    seq:
      - id: o_largefile
        type: b1
        doc: Bit 15 (0100000) - O_LARGEFILE.
      - id: o_direct
        type: b1
        doc: Bit 14 (040000) - O_DIRECT.
      - id: fasync
        type: b1
        doc: Bit 13 (020000) - FASYNC.
      - id: o_dsync
        type: b1
        doc: Bit 12 (010000) - O_DSYNC.
      - id: o_nonblock
        type: b1
        doc: Bit 11 (04000) - O_NONBLOCK.
      - id: o_append
        type: b1
        doc: Bit 10 (02000) - O_APPEND.
      - id: o_trunc
        type: b1
        doc: Bit 9 (01000) - O_TRUNC.
      - id: o_noctty
        type: b1
        doc: Bit 8 (0400) - O_NOCTTY.
      - id: o_excl
        type: b1
        doc: Bit 7 (0200) - O_EXCL.
      - id: o_creat
        type: b1
        doc: Bit 6 (0100) - O_CREAT.
      - id: reserved
        type: b4
        doc: Bits 5-2; unassigned.
      - id: access_mode
        type: b2
        enum: open_access
        doc: Bits 1-0 (O_ACCMODE) - O_RDONLY, O_WRONLY or O_RDWR.
