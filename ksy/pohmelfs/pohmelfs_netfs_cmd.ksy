meta:
  id: pohmelfs_netfs_cmd
  title: POHMELFS struct netfs_cmd - the 40-byte command header
  license: CC0-1.0
  endian: be
  imports:
    - pohmelfs_common
params:
  - id: is_request
    type: bool
    doc: |
      True for a command sent by the client, false for one sent by the
      server. Selects how `ext` is shown (open flags in a NETFS_OPEN, a
      signed error in NETFS_LOCK and NETFS_XATTR_GET replies).
doc: |
  struct netfs_cmd: the header in front of every POHMELFS command, in both
  directions and inside transactions. Every integer is big-endian except
  `trans`, which the kernel never converts (it is left 0). The meaning of
  `ext`, `id` and `start` depends on the command; `size` counts the bytes
  attached after the header (crypto digest included), except in client
  NETFS_READ_PAGE / NETFS_READ_PAGES requests, where it is the amount of
  data asked for and only the `ext` path bytes are attached.
doc-ref: ../shared/seeds/002_70bc0784875f3107.txt struct netfs_cmd
seq:
  - id: cmd
    type: u2
    enum: pohmelfs_common::command
    doc: Command number (NETFS_*).
  - id: csize
    type: u2
    doc: Size of the attached crypto information (digest), counted in size.
  - id: cpad
    type: u2
    doc: Size of the attached cipher padding.
  - id: ext
    type:
      switch-on: 'is_request ? (is_seed_lock ? 1015 : cmd.to_i) : -cmd.to_i'
      cases:
        9: pohmelfs_common::open_flags
        1015: pohmelfs_common::lock_ext
        -15: s2
        -17: s2
        _: u2
    doc: |
      External flags, per command: path length, object path part length,
      open flags (NETFS_OPEN), mode (NETFS_CREATE as sent by the staging
      code), or a signed error (NETFS_LOCK / NETFS_XATTR_GET replies). A
      NETFS_LOCK request without attached data (seed 002's layout) carries
      the lock type and the request/release bit here.
  - id: size
    type:
      switch-on: cmd
      cases:
        pohmelfs_common::command::netfs_read_pages: read_pages_size
        _: u4
    doc: |
      Size of the attached data, header excluded (for a NETFS_LOCK request
      in seed 002's layout, the size of the locked range); for client NETFS_READ_PAGE
      the bytes wanted plus the path length, for NETFS_READ_PAGES the page
      shift and page count.
  - id: trans
    type: u4
    -hexview-show: hex
    doc: Transaction id; not byte-swapped by the kernel and left 0 - opaque.
  - id: id
    type: u8
    doc: |
      Object the command operates on: inode number, lock or attribute
      generation, capability type (NETFS_CAPABILITIES), 0 in NETFS_TRANS.
  - id: start
    type: u8
    doc: |
      Start of the object: byte offset, parent or object inode, transaction
      generation (NETFS_TRANS), link type (NETFS_LINK), attribute size
      (NETFS_XATTR_*), last byte of the page (NETFS_PAGE_CACHE).
  - id: iv
    type: u8
    -hexview-show: hex
    doc: Crypto IV sequence.
instances:
  size_raw:
    pos: 8
    type: u4
    doc: The size field as a plain 32-bit number, whatever the command.
  ext_raw:
    pos: 6
    type: u2
    doc: The ext field as a plain 16-bit number, whatever the command.
  is_seed_lock:
    value: >-
      is_request and cmd == pohmelfs_common::command::netfs_lock
      and size_raw != ext_raw + 24 and size_raw != ext_raw + 88
    doc: |
      A NETFS_LOCK request in seed 002's layout: no data attached, ext is the
      lock type with bit 15 set for a request, start and size give the
      locked range. The staging code's layout instead attaches the path
      (ext bytes), struct netfs_lock (24) and on release the inode info
      (64): its size is ext + 24 or ext + 88.
types:
  read_pages_size:
    doc: |
      NETFS_READ_PAGES size: the upper 24 bits count the pages, the low 8
      bits give the page cache shift used by the client (12 - 4 KiB pages).
    doc-ref: ../shared/seeds/002_70bc0784875f3107.txt @NETFS_READ_PAGES
    seq:
      - id: page_count
        type: b24
        doc: Number of contiguous pages to read.
      - id: page_shift
        type: b8
        doc: Client page cache shift (log2 of the page size).
