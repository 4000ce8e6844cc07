meta:
  id: nbd_request
  title: NBD transmission request (compact or extended header)
  license: CC0-1.0
  endian: be
  imports:
    - nbd_common
doc: |
  One request sent by the client in the transmission phase. The magic
  selects the header:

  * NBD_REQUEST_MAGIC (0x25609513) - compact request, 28 bytes, 32-bit
    length; only NBD_CMD_WRITE carries a payload (length bytes).
  * NBD_EXTENDED_REQUEST_MAGIC (0x21e41c71) - extended request, 32 bytes,
    64-bit length (experimental EXTENDED_HEADERS, used by both sides once
    NBD_OPT_EXTENDED_HEADERS succeeded). With NBD_CMD_FLAG_PAYLOAD_LEN the
    length is a payload length and that many bytes follow; without it the
    length is an effect length and no payload follows. NBD_CMD_WRITE MUST
    set the flag; a write without it is still read as carrying length
    bytes, like a compact write.

  The cookie (called "handle" in older texts) is echoed by the reply.
doc-ref:
  - https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#request-message
  - https://github.com/NetworkBlockDevice/nbd/blob/extension-ext-header/doc/proto.md#request-message
seq:
  - id: magic
    -hexview-show: hex
    type: u4
    enum: nbd_common::magic32
    valid:
      any-of:
        - nbd_common::magic32::nbd_request_magic
        - nbd_common::magic32::nbd_extended_request_magic
    doc: NBD_REQUEST_MAGIC (compact) or NBD_EXTENDED_REQUEST_MAGIC (extended).
  - id: flags
    type: nbd_common::command_flags
    doc: 16-bit command flags.
  - id: type
    type: u2
    enum: nbd_common::command
    doc: Command (NBD_CMD_*).
  - id: cookie
    type: u8
    -hexview-show: hex
    -hexview-steers: true
    doc: Opaque value chosen by the client, echoed in the reply (formerly "handle").
  - id: offset
    type: u8
    doc: Offset into the export in bytes.
  - id: length
    type:
      switch-on: magic
      cases:
        nbd_common::magic32::nbd_extended_request_magic: u8
        _: u4
    doc: |
      Compact: 32-bit length (of the range, or of the write payload).
      Extended: 64-bit payload length if NBD_CMD_FLAG_PAYLOAD_LEN is set,
      else effect length.
  - id: data
    size: length
    if: has_payload and length != 0
    type:
      switch-on: type
      cases:
        nbd_common::command::nbd_cmd_block_status: block_status_payload
    doc: Payload - the bytes to write for NBD_CMD_WRITE.
instances:
  has_payload:
    value: >-
      magic == nbd_common::magic32::nbd_extended_request_magic
      ? (flags.payload_len or type == nbd_common::command::nbd_cmd_write)
      : type == nbd_common::command::nbd_cmd_write
    doc: |
      True when length bytes of payload follow the header: a compact
      NBD_CMD_WRITE, or an extended request with NBD_CMD_FLAG_PAYLOAD_LEN
      (or NBD_CMD_WRITE).
types:
  block_status_payload:
    doc: |
      Payload of an extended NBD_CMD_BLOCK_STATUS with NBD_CMD_FLAG_PAYLOAD_LEN
      (only if the server set NBD_FLAG_BLOCK_STATUS_PAYLOAD): the effect
      length, then the metadata context IDs the reply should be limited to
      (8 + 4n bytes). Experimental EXTENDED_HEADERS.
    doc-ref: https://github.com/NetworkBlockDevice/nbd/blob/extension-ext-header/doc/proto.md#request-types
    seq:
      - id: effect_length
        type: u8
        doc: Length of the export range the status is wanted for.
      - id: context_ids
        type: u4
        repeat: eos
        doc: Metadata context ID to report on.
