meta:
  id: nbd_simple_reply
  title: NBD simple reply (transmission phase)
  license: CC0-1.0
  endian: be
  imports:
    - nbd_common
params:
  - id: data_length
    type: u4
    doc: |
      Number of data bytes after the 16-byte header: the length of the
      NBD_CMD_READ request with the same cookie when error is zero, else 0.
      The reply itself does not say; the framer remembers the requests.
doc: |
  The simple reply: magic, error and the cookie of the request it answers,
  followed by the read data for a successful NBD_CMD_READ. Used for every
  reply unless structured replies or extended headers were negotiated;
  with structured replies it may still answer requests other than
  NBD_CMD_READ when it carries no data; never with extended headers.
doc-ref: https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#simple-reply-message
seq:
  - id: magic
    -hexview-show: hex
    type: u4
    enum: nbd_common::magic32
    valid: nbd_common::magic32::nbd_simple_reply_magic
    doc: NBD_SIMPLE_REPLY_MAGIC 0x67446698 (formerly NBD_REPLY_MAGIC).
  - id: error
    type: u4
    enum: nbd_common::error
    doc: Error value (NBD_E*); zero on success.
  - id: cookie
    type: u8
    -hexview-show: hex
    -hexview-steers: true
    doc: Cookie of the request this answers (formerly "handle").
  - id: data
    size: data_length
    if: data_length != 0
    doc: Read data (length of the NBD_CMD_READ request) when error is zero.
