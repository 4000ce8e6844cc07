meta:
  id: nbd_common
  title: Network Block Device (NBD) protocol - shared constants and flag words
  license: CC0-1.0
  endian: be
doc: |
  Enumerations and flag-word types shared by the NBD message specs
  (nbd_greeting, nbd_client_flags, nbd_option, nbd_option_reply,
  nbd_export_name_reply, nbd_request, nbd_simple_reply, nbd_reply_chunk).
  This spec has no fields of its own.

  All integers are big-endian (network byte order). The spec numbers flag
  bits in network byte order with bit 0 the least significant; Kaitai reads
  bit fields most significant first, so every flags type below lists its
  bits from the highest down to bit 0, with unassigned runs as `reserved`.

  Enum keys are the protocol's own constant names in lower case (the
  viewer upper-cases them: `nbd_cmd_read` is shown as NBD_CMD_READ).
  Values marked experimental come from the `extension-ext-header` and
  `extension-resize` branches; master only reserves their numbers.
doc-ref:
  - https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#values
  - https://github.com/NetworkBlockDevice/nbd/blob/extension-ext-header/doc/proto.md

enums:
  magic32:
    0x25609513:
      id: nbd_request_magic
      doc: Compact request (28-byte header).
    0x21e41c71:
      id: nbd_extended_request_magic
      doc: Extended request (32-byte header); experimental EXTENDED_HEADERS.
    0x67446698:
      id: nbd_simple_reply_magic
      doc: Simple reply (16-byte header); formerly NBD_REPLY_MAGIC.
    0x668e33ef:
      id: nbd_structured_reply_magic
      doc: Structured reply chunk (20-byte header).
    0x6e8a278c:
      id: nbd_extended_reply_magic
      doc: Extended reply chunk (32-byte header); experimental EXTENDED_HEADERS.

  magic64:
    # Values above 2^53 are quoted: the YAML loader in front of the compiler
    # would otherwise turn them into imprecise JavaScript numbers.
    "0x4e42444d41474943":
      id: nbdmagic
      doc: ASCII "NBDMAGIC", also known as INIT_PASSWD; first 8 bytes from the server.
    "0x49484156454f5054":
      id: ihaveopt
      doc: ASCII "IHAVEOPT"; newstyle greeting and every client option request.
    0x00420281861253:
      id: cliserv_magic
      doc: Oldstyle greeting's second magic.
    0x0003e889045565a9:
      id: nbd_opt_reply_magic
      doc: Magic of every fixed-newstyle option reply.

  option:
    1:
      id: nbd_opt_export_name
      doc: Choose an export and enter transmission; data is the export name; no option reply.
    2:
      id: nbd_opt_abort
      doc: Abort negotiation (soft disconnect); no data.
    3:
      id: nbd_opt_list
      doc: List exports (NBD_REP_SERVER replies then NBD_REP_ACK); no data.
    4:
      id: nbd_opt_peek_export
      doc: Withdrawn PEEK_EXPORT extension; not in use.
    5:
      id: nbd_opt_starttls
      doc: Upgrade the connection to TLS; no data.
    6:
      id: nbd_opt_info
      doc: Ask about an export without entering transmission.
    7:
      id: nbd_opt_go
      doc: Like NBD_OPT_INFO, then enter transmission on NBD_REP_ACK.
    8:
      id: nbd_opt_structured_reply
      doc: Negotiate structured replies; no data.
    9:
      id: nbd_opt_list_meta_context
      doc: List metadata contexts matching queries.
    10:
      id: nbd_opt_set_meta_context
      doc: |
        Select the metadata contexts for NBD_CMD_BLOCK_STATUS.
        (The 2016 draft, commit bc6d0df, used 10 for NBD_OPT_ALLOC_CONTEXT.)
    11:
      id: nbd_opt_extended_headers
      doc: Negotiate extended headers; no data (experimental EXTENDED_HEADERS).

  reply_type:
    1:
      id: nbd_rep_ack
      doc: Option accepted / end of a list of replies; no data.
    2:
      id: nbd_rep_server
      doc: One export, in reply to NBD_OPT_LIST.
    3:
      id: nbd_rep_info
      doc: One piece of export information, in reply to NBD_OPT_INFO / NBD_OPT_GO.
    4:
      id: nbd_rep_meta_context
      doc: |
        One metadata context (ID and name).
        (The 2016 draft called reply type 4 NBD_REP_ALLOC_CONTEXT, same layout.)
    0x80000001:
      id: nbd_rep_err_unsup
      doc: Option unknown to this server.
    0x80000002:
      id: nbd_rep_err_policy
      doc: Option forbidden by server policy.
    0x80000003:
      id: nbd_rep_err_invalid
      doc: Option syntactically or semantically invalid.
    0x80000004:
      id: nbd_rep_err_platform
      doc: Option not supported on this platform or build.
    0x80000005:
      id: nbd_rep_err_tls_reqd
      doc: TLS must be initiated first.
    0x80000006:
      id: nbd_rep_err_unknown
      doc: The requested export is not available.
    0x80000007:
      id: nbd_rep_err_shutdown
      doc: The server is shutting down.
    0x80000008:
      id: nbd_rep_err_block_size_reqd
      doc: The client must request NBD_INFO_BLOCK_SIZE first.
    0x80000009:
      id: nbd_rep_err_too_big
      doc: The request or the reply is too large to process.
    0x8000000a:
      id: nbd_rep_err_ext_header_reqd
      doc: Extended headers must be negotiated first (experimental EXTENDED_HEADERS).

  info_type:
    0:
      id: nbd_info_export
      doc: Export size and transmission flags.
    1:
      id: nbd_info_name
      doc: Canonical export name.
    2:
      id: nbd_info_description
      doc: Human-readable export description.
    3:
      id: nbd_info_block_size
      doc: Minimum, preferred block size and maximum payload size.

  command:
    0:
      id: nbd_cmd_read
      doc: Read length bytes at offset.
    1:
      id: nbd_cmd_write
      doc: Write the request's payload at offset.
    2:
      id: nbd_cmd_disc
      doc: Disconnect (soft); no reply.
    3:
      id: nbd_cmd_flush
      doc: Flush completed writes to stable storage.
    4:
      id: nbd_cmd_trim
      doc: Discard (punch a hole in) the range.
    5:
      id: nbd_cmd_cache
      doc: Prefetch the range into the server's cache.
    6:
      id: nbd_cmd_write_zeroes
      doc: Write zeroes over the range without a payload.
    7:
      id: nbd_cmd_block_status
      doc: Query metadata context status (e.g. allocation) of the range.
    8:
      id: nbd_cmd_resize
      doc: Resize the export (experimental RESIZE extension).

  error:
    0:
      id: ok
      doc: No error (the spec gives zero no constant name).
    1:
      id: nbd_eperm
      doc: Operation not permitted.
    5:
      id: nbd_eio
      doc: Input/output error.
    12:
      id: nbd_enomem
      doc: Cannot allocate memory.
    22:
      id: nbd_einval
      doc: Invalid argument.
    28:
      id: nbd_enospc
      doc: No space left on device.
    75:
      id: nbd_eoverflow
      doc: Value too large.
    95:
      id: nbd_enotsup
      doc: Operation not supported.
    108:
      id: nbd_eshutdown
      doc: Server is in the process of being shut down.

  chunk_type:
    0:
      id: nbd_reply_type_none
      doc: No payload; only as the final (DONE) chunk.
    1:
      id: nbd_reply_type_offset_data
      doc: Content chunk - offset and data.
    2:
      id: nbd_reply_type_offset_hole
      doc: Content chunk - a range that reads as zeroes.
    5:
      id: nbd_reply_type_block_status
      doc: Status chunk - context ID and 32-bit extent descriptors.
    6:
      id: nbd_reply_type_block_status_ext
      doc: Status chunk - context ID, count and 64-bit extent descriptors (experimental EXTENDED_HEADERS).
    0x8001:
      id: nbd_reply_type_error
      doc: Error chunk - error, message.
    0x8002:
      id: nbd_reply_type_error_offset
      doc: Error chunk - error, message and the offset it happened at.

types:
  handshake_flags:
    doc: |
      16-bit handshake flags sent by the server in the newstyle greeting
      (bit 0 = least significant).
    seq:
      - id: reserved
        type: b14
        doc: Bits 15-2; servers MUST NOT set them.
      - id: no_zeroes
        type: b1
        doc: Bit 1, NBD_FLAG_NO_ZEROES - the server can omit the 124 zero bytes after NBD_OPT_EXPORT_NAME.
      - id: fixed_newstyle
        type: b1
        doc: Bit 0, NBD_FLAG_FIXED_NEWSTYLE - the server supports fixed newstyle negotiation.

  client_flags:
    doc: 32-bit client flags, the client's answer to the newstyle greeting.
    seq:
      - id: reserved
        type: b30
        doc: Bits 31-2; clients MUST NOT set them.
      - id: c_no_zeroes
        type: b1
        doc: Bit 1, NBD_FLAG_C_NO_ZEROES - the server must not send the 124 zero bytes after NBD_OPT_EXPORT_NAME.
      - id: c_fixed_newstyle
        type: b1
        doc: Bit 0, NBD_FLAG_C_FIXED_NEWSTYLE - the client speaks fixed newstyle.

  transmission_flags:
    doc: |
      16-bit transmission (export) flags, sent after option haggling
      (NBD_OPT_EXPORT_NAME reply, NBD_INFO_EXPORT) or in the oldstyle greeting.
    seq:
      - id: reserved
        type: b3
        doc: Bits 15-13; unassigned, clients ignore them.
      - id: block_status_payload
        type: b1
        doc: Bit 12, NBD_FLAG_BLOCK_STATUS_PAYLOAD - NBD_CMD_BLOCK_STATUS accepts a payload (experimental EXTENDED_HEADERS).
      - id: send_fast_zero
        type: b1
        doc: Bit 11, NBD_FLAG_SEND_FAST_ZERO - NBD_CMD_FLAG_FAST_ZERO is supported.
      - id: send_cache
        type: b1
        doc: Bit 10, NBD_FLAG_SEND_CACHE - NBD_CMD_CACHE is understood.
      - id: send_resize
        type: b1
        doc: Bit 9, NBD_FLAG_SEND_RESIZE - NBD_CMD_RESIZE is supported (experimental RESIZE).
      - id: can_multi_conn
        type: b1
        doc: Bit 8, NBD_FLAG_CAN_MULTI_CONN - flush and FUA are visible across all connections.
      - id: send_df
        type: b1
        doc: Bit 7, NBD_FLAG_SEND_DF - NBD_CMD_FLAG_DF (do not fragment reads) is supported.
      - id: send_write_zeroes
        type: b1
        doc: Bit 6, NBD_FLAG_SEND_WRITE_ZEROES - NBD_CMD_WRITE_ZEROES and NBD_CMD_FLAG_NO_HOLE are supported.
      - id: send_trim
        type: b1
        doc: Bit 5, NBD_FLAG_SEND_TRIM - NBD_CMD_TRIM is supported.
      - id: rotational
        type: b1
        doc: Bit 4, NBD_FLAG_ROTATIONAL - the export behaves like a rotational medium.
      - id: send_fua
        type: b1
        doc: Bit 3, NBD_FLAG_SEND_FUA - NBD_CMD_FLAG_FUA is supported.
      - id: send_flush
        type: b1
        doc: Bit 2, NBD_FLAG_SEND_FLUSH - NBD_CMD_FLUSH is supported.
      - id: read_only
        type: b1
        doc: Bit 1, NBD_FLAG_READ_ONLY - the export is read-only.
      - id: has_flags
        type: b1
        doc: Bit 0, NBD_FLAG_HAS_FLAGS - MUST always be 1.

  command_flags:
    doc: 16-bit command flags of a request.
    seq:
      - id: reserved
        type: b10
        doc: Bits 15-6; unassigned.
      - id: payload_len
        type: b1
        doc: Bit 5, NBD_CMD_FLAG_PAYLOAD_LEN - extended request whose length is a payload length (experimental EXTENDED_HEADERS).
      - id: fast_zero
        type: b1
        doc: Bit 4, NBD_CMD_FLAG_FAST_ZERO - fail NBD_CMD_WRITE_ZEROES quickly if it is not faster than a write.
      - id: req_one
        type: b1
        doc: Bit 3, NBD_CMD_FLAG_REQ_ONE - NBD_CMD_BLOCK_STATUS wants one extent per context.
      - id: df
        type: b1
        doc: Bit 2, NBD_CMD_FLAG_DF - don't fragment the NBD_CMD_READ reply.
      - id: no_hole
        type: b1
        doc: Bit 1, NBD_CMD_FLAG_NO_HOLE - NBD_CMD_WRITE_ZEROES must not create a hole.
      - id: fua
        type: b1
        doc: Bit 0, NBD_CMD_FLAG_FUA - force unit access (persist before replying).

  reply_flags:
    doc: 16-bit reply flags of a structured or extended reply chunk.
    seq:
      - id: reserved
        type: b15
        doc: Bits 15-1; unassigned, clients ignore them.
      - id: done
        type: b1
        doc: Bit 0, NBD_REPLY_FLAG_DONE - this is the final chunk of the reply for this cookie.

  base_allocation_status:
    doc: 32-bit status flags of an extent in the `base:allocation` metadata context.
    doc-ref: https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#baseallocation-metadata-context
    seq:
      - id: reserved
        type: b30
        doc: Bits 31-2; reserved.
      - id: zero
        type: b1
        doc: Bit 1, NBD_STATE_ZERO - the extent reads as all zeroes.
      - id: hole
        type: b1
        doc: Bit 0, NBD_STATE_HOLE - the extent is a hole (not allocated).

  base_allocation_status64:
    doc: |
      64-bit status flags of an extent in the `base:allocation` metadata
      context (NBD_REPLY_TYPE_BLOCK_STATUS_EXT); the upper 32 bits MUST be zero.
    seq:
      - id: reserved
        type: b62
        doc: Bits 63-2; reserved (bits 63-32 MUST be zero).
      - id: zero
        type: b1
        doc: Bit 1, NBD_STATE_ZERO - the extent reads as all zeroes.
      - id: hole
        type: b1
        doc: Bit 0, NBD_STATE_HOLE - the extent is a hole (not allocated).

  dirty_bitmap_status:
    doc: 32-bit status flags of an extent in a QEMU `qemu:dirty-bitmap:<name>` metadata context.
    doc-ref: https://qemu.org/docs/master/interop/nbd.html
    seq:
      - id: reserved
        type: b31
        doc: Bits 31-1; not defined by QEMU.
      - id: dirty
        type: b1
        doc: Bit 0, NBD_STATE_DIRTY - the extent is dirty.

  dirty_bitmap_status64:
    doc: 64-bit status flags of an extent in a QEMU `qemu:dirty-bitmap:<name>` context (NBD_REPLY_TYPE_BLOCK_STATUS_EXT).
    doc-ref: https://qemu.org/docs/master/interop/nbd.html
    seq:
      - id: reserved
        type: b63
        doc: Bits 63-1; not defined by QEMU.
      - id: dirty
        type: b1
        doc: Bit 0, NBD_STATE_DIRTY - the extent is dirty.

  allocation_depth_status:
    doc: 32-bit status of an extent in the QEMU `qemu:allocation-depth` metadata context.
    doc-ref: https://qemu.org/docs/master/interop/nbd.html
    seq:
      - id: depth
        type: u4
        doc: Backing-chain layer the data comes from - 0 unallocated, 1 active layer, 2 first backing layer, ...

  allocation_depth_status64:
    doc: 64-bit status of an extent in the QEMU `qemu:allocation-depth` context (NBD_REPLY_TYPE_BLOCK_STATUS_EXT).
    doc-ref: https://qemu.org/docs/master/interop/nbd.html
    seq:
      - id: depth
        type: u8
        doc: Backing-chain layer the data comes from - 0 unallocated, 1 active layer, 2 first backing layer, ...
