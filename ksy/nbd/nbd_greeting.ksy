meta:
  id: nbd_greeting
  title: NBD server greeting (oldstyle or newstyle)
  license: CC0-1.0
  endian: be
  imports:
    - nbd_common
doc: |
  The first bytes the NBD server sends on a new connection. Both styles
  start with "NBDMAGIC"; the second 64-bit magic tells them apart:

  * "IHAVEOPT" - newstyle (18 bytes): 16-bit handshake flags follow, the
    client answers with 32-bit client flags (nbd_client_flags) and option
    haggling starts.
  * cliserv_magic - oldstyle (152 bytes): export size, 32-bit flags and
    124 zero bytes follow, and the transmission phase starts at once.
    Oldstyle is no longer supported by nbd-server since 3.10.
doc-ref:
  - https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#oldstyle-negotiation
  - https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#newstyle-negotiation
seq:
  - id: magic
    -hexview-show: hex
    type: u8
    enum: nbd_common::magic64
    valid: nbd_common::magic64::nbdmagic
    doc: 'INIT_PASSWD: 0x4e42444d41474943, ASCII "NBDMAGIC".'
  - id: second_magic
    -hexview-show: hex
    type: u8
    enum: nbd_common::magic64
    valid:
      any-of:
        - nbd_common::magic64::ihaveopt
        - nbd_common::magic64::cliserv_magic
    doc: IHAVEOPT (0x49484156454f5054) for newstyle, cliserv_magic (0x00420281861253) for oldstyle.
  - id: handshake_flags
    type: nbd_common::handshake_flags
    if: second_magic == nbd_common::magic64::ihaveopt
    doc: Newstyle - 16-bit handshake flags.
  - id: export_size
    type: u8
    if: second_magic == nbd_common::magic64::cliserv_magic
    doc: Oldstyle - size of the export in bytes.
  - id: flags
    type: oldstyle_flags
    if: second_magic == nbd_common::magic64::cliserv_magic
    doc: Oldstyle - 32-bit flags, handshake flags (high 16 bits) then transmission flags (low 16 bits).
  - id: zeroes
    size: 124
    if: second_magic == nbd_common::magic64::cliserv_magic
    doc: Oldstyle - 124 reserved zero bytes.
types:
  oldstyle_flags:
    doc: |
      The oldstyle greeting's 32-bit flags field: the 16 handshake flag bits
      concatenated with the 16 transmission flag bits. Servers MUST NOT set
      handshake flags in oldstyle negotiation.
    seq:
      - id: handshake_flags
        type: nbd_common::handshake_flags
        doc: High 16 bits - handshake flags (MUST be zero in oldstyle).
      - id: transmission_flags
        type: nbd_common::transmission_flags
        doc: Low 16 bits - transmission flags of the export.
