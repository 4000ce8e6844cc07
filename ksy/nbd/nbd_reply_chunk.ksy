meta:
  id: nbd_reply_chunk
  title: NBD structured or extended reply chunk (transmission phase)
  license: CC0-1.0
  endian: be
  encoding: UTF-8
  imports:
    - nbd_common
params:
  - id: status_format
    type: u1
    doc: |
      How to read the status flags of block status descriptors; the framer
      maps the chunk's context ID to the context name the server gave in
      NBD_REP_META_CONTEXT: 0 unknown context (plain integer), 1
      "base:allocation", 2 "qemu:dirty-bitmap:<name>", 3
      "qemu:allocation-depth".
doc: |
  One chunk of a structured reply (after NBD_OPT_STRUCTURED_REPLY) or of
  an extended reply (after NBD_OPT_EXTENDED_HEADERS); the magic selects
  the header:

  * NBD_STRUCTURED_REPLY_MAGIC (0x668e33ef) - 20-byte header, 32-bit length.
  * NBD_EXTENDED_REPLY_MAGIC (0x6e8a278c) - 32-byte header with the
    request's offset and a 64-bit length (experimental EXTENDED_HEADERS).

  Chunks are self-delimiting (length bytes of payload follow the header);
  the last chunk of a reply has NBD_REPLY_FLAG_DONE. Chunk types with
  bit 15 set are error chunks; an unknown one is read with the common
  error layout (error, message length, message) plus its remaining bytes.
doc-ref:
  - https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#structured-reply-chunk-message
  - https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#structured-reply-types
  - https://github.com/NetworkBlockDevice/nbd/blob/extension-ext-header/doc/proto.md#extended-reply-chunk-message
seq:
  - id: magic
    -hexview-show: hex
    type: u4
    enum: nbd_common::magic32
    valid:
      any-of:
        - nbd_common::magic32::nbd_structured_reply_magic
        - nbd_common::magic32::nbd_extended_reply_magic
    doc: NBD_STRUCTURED_REPLY_MAGIC or NBD_EXTENDED_REPLY_MAGIC.
  - id: flags
    type: nbd_common::reply_flags
    doc: 16-bit reply flags.
  - id: type
    type: u2
    enum: nbd_common::chunk_type
    doc: Chunk type (NBD_REPLY_TYPE_*); bit 15 set means an error chunk.
  - id: cookie
    type: u8
    -hexview-show: hex
    -hexview-steers: true
    doc: Cookie of the request this answers (formerly "handle").
  - id: offset
    type: u8
    if: magic == nbd_common::magic32::nbd_extended_reply_magic
    doc: Extended only - offset of the request this answers.
  - id: length
    type:
      switch-on: magic
      cases:
        nbd_common::magic32::nbd_extended_reply_magic: u8
        _: u4
    doc: Length of the payload in bytes (32 bits structured, 64 bits extended).
  - id: payload
    size: length
    if: length != 0
    type:
      # Unknown chunk types with bit 15 set are errors: key 0x8000.
      switch-on: >-
        (type.to_i & 0x8000) != 0 and type.to_i != 0x8001 and type.to_i != 0x8002
        ? 0x8000 : type.to_i
      cases:
        1: offset_data
        2: offset_hole
        5: block_status
        6: block_status_ext
        0x8001: error
        0x8002: error_offset
        0x8000: unknown_error
    doc: Payload; its layout depends on the chunk type (NBD_REPLY_TYPE_NONE has none).
types:
  offset_data:
    doc: NBD_REPLY_TYPE_OFFSET_DATA payload - read data at an absolute offset (length - 8 bytes).
    seq:
      - id: offset
        type: u8
        doc: Offset in the export of the first data byte.
      - id: data
        size-eos: true
        doc: Data read from the export.

  offset_hole:
    doc: NBD_REPLY_TYPE_OFFSET_HOLE payload - a range that reads as zeroes.
    seq:
      - id: offset
        type: u8
        doc: Offset in the export where the hole starts.
      - id: hole_size
        type: u4
        doc: Size of the hole in bytes (nonzero).

  block_status:
    doc: |
      NBD_REPLY_TYPE_BLOCK_STATUS payload - one metadata context's extents
      (4 + 8n bytes), consecutive from the request's offset.
    seq:
      - id: context_id
        type: u4
        doc: Metadata context ID (from NBD_REP_META_CONTEXT).
      - id: descriptors
        type: block_descriptor
        repeat: eos
        doc: One extent and its status.

  block_descriptor:
    doc: A 32-bit block status descriptor.
    seq:
      - id: extent_length
        type: u4
        doc: Length of the extent the status applies to (nonzero).
      - id: status_flags
        -hexview-show: hex
        type:
          switch-on: _root.status_format
          cases:
            1: nbd_common::base_allocation_status
            2: nbd_common::dirty_bitmap_status
            3: nbd_common::allocation_depth_status
            _: u4
        doc: Status flags, defined by the metadata context.

  block_status_ext:
    doc: |
      NBD_REPLY_TYPE_BLOCK_STATUS_EXT payload - one metadata context's
      extents with 64-bit lengths and status (8 + 16n bytes). Experimental
      EXTENDED_HEADERS.
    seq:
      - id: context_id
        type: u4
        doc: Metadata context ID (from NBD_REP_META_CONTEXT).
      - id: descriptor_count
        type: u4
        doc: Number of descriptors that follow (nonzero).
      - id: descriptors
        type: block_descriptor_ext
        repeat: expr
        repeat-expr: descriptor_count
        doc: One extent and its status.

  block_descriptor_ext:
    doc: A 64-bit block status descriptor.
    seq:
      - id: extent_length
        type: u8
        doc: Length of the extent the status applies to (nonzero).
      - id: status_flags
        -hexview-show: hex
        type:
          switch-on: _root.status_format
          cases:
            1: nbd_common::base_allocation_status64
            2: nbd_common::dirty_bitmap_status64
            3: nbd_common::allocation_depth_status64
            _: u8
        doc: Status flags, defined by the metadata context (upper 32 bits zero for 32-bit contexts).

  error:
    doc: NBD_REPLY_TYPE_ERROR payload - the request failed.
    seq:
      - id: error
        type: u4
        enum: nbd_common::error
        doc: Error value (NBD_E*, nonzero).
      - id: message_length
        type: u2
        doc: Length of the message (at most length - 6).
      - id: message
        type: str
        size: message_length
        doc: Optional error message for a human.

  error_offset:
    doc: NBD_REPLY_TYPE_ERROR_OFFSET payload - the request failed at an offset.
    seq:
      - id: error
        type: u4
        enum: nbd_common::error
        doc: Error value (NBD_E*, nonzero).
      - id: message_length
        type: u2
        doc: Length of the message (at most length - 14).
      - id: message
        type: str
        size: message_length
        doc: Optional error message for a human.
      - id: offset
        type: u8
        doc: Offset in the export where the error happened.

  unknown_error:
    doc: |
      Payload of an unknown chunk type with bit 15 set. All error chunk
      types begin like NBD_REPLY_TYPE_ERROR; the client treats the reply
      as errored. Fields after the message are not known.
    seq:
      - id: error
        type: u4
        enum: nbd_common::error
        doc: Error value (NBD_E*).
      - id: message_length
        type: u2
        doc: Length of the message.
      - id: message
        type: str
        size: message_length
        doc: Optional error message for a human.
      - id: rest
        size-eos: true
        doc: Remaining type-specific bytes, not decoded.
