meta:
  id: nbd_export_name_reply
  title: NBD server reply to NBD_OPT_EXPORT_NAME
  license: CC0-1.0
  endian: be
  imports:
    - nbd_common
params:
  - id: has_zeroes
    type: bool
    doc: |
      True unless both the server set NBD_FLAG_NO_ZEROES and the client
      set NBD_FLAG_C_NO_ZEROES; then the 124 zero bytes are present.
doc: |
  What the server sends when it accepts NBD_OPT_EXPORT_NAME. Unlike every
  other option this one gets no option reply header (no magic): just the
  export size, the transmission flags and, unless NO_ZEROES was negotiated
  by both sides, 124 zero bytes (10 or 134 bytes in all). The transmission
  phase starts right after it. A server that refuses the export simply
  closes the connection.
doc-ref: https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#newstyle-negotiation
seq:
  - id: export_size
    type: u8
    doc: Size of the export in bytes.
  - id: transmission_flags
    type: nbd_common::transmission_flags
    doc: 16-bit transmission flags.
  - id: zeroes
    size: 124
    if: has_zeroes
    doc: 124 reserved zero bytes (absent when NBD_FLAG_C_NO_ZEROES was negotiated).
