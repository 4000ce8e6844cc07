meta:
  id: nbd_option_reply
  title: NBD option reply (server, fixed newstyle option haggling)
  license: CC0-1.0
  endian: be
  encoding: UTF-8
  imports:
    - nbd_common
params:
  - id: draft_alloc_context
    type: bool
    doc: |
      True to read reply type 4 as the 2016 draft NBD_REP_ALLOC_CONTEXT
      (commit bc6d0df) instead of NBD_REP_META_CONTEXT; the layout is the
      same, only the name and meaning differ.
doc: |
  One reply from the server to a client option (any option except
  NBD_OPT_EXPORT_NAME): the 64-bit reply magic, the option it answers, the
  reply type, the data length and the data. Some options get several
  replies (e.g. NBD_OPT_LIST: one NBD_REP_SERVER per export, then
  NBD_REP_ACK). Reply types with bit 31 set are errors whose optional data
  is a message for a human.
doc-ref:
  - https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#fixed-newstyle-negotiation
  - https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#option-reply-types
seq:
  - id: magic
    -hexview-show: hex
    type: u8
    enum: nbd_common::magic64
    valid: nbd_common::magic64::nbd_opt_reply_magic
    doc: Option reply magic 0x0003e889045565a9.
  - id: option
    type: u4
    enum: nbd_common::option
    doc: The option (NBD_OPT_*) this replies to, as sent by the client.
  - id: reply_type
    type: u4
    enum: nbd_common::reply_type
    doc: Reply type (NBD_REP_*); bit 31 set means an error.
  - id: length
    type: u4
    doc: Length of the reply data in bytes; may be zero.
  - id: data
    size: length
    if: length != 0
    type:
      # Every reply type with bit 31 set (known or not) is an error: key
      # 0x80000000. -1 selects the draft layout of reply type 4.
      switch-on: >-
        (reply_type.to_i & 0x80000000) != 0 ? 0x80000000
        : (draft_alloc_context and reply_type == nbd_common::reply_type::nbd_rep_meta_context)
        ? -1 : reply_type.to_i
      cases:
        2: rep_server
        3: rep_info
        4: rep_meta_context
        -1: rep_alloc_context
        0x80000000: rep_error
    doc: Reply data; its layout depends on the reply type (NBD_REP_ACK has none).
types:
  rep_server:
    doc: NBD_REP_SERVER data - one export, in reply to NBD_OPT_LIST.
    seq:
      - id: name_length
        type: u4
        doc: Length of the export name; at most the reply length - 4.
      - id: name
        type: str
        size: name_length
        doc: Name of the export, as used with NBD_OPT_EXPORT_NAME, NBD_OPT_INFO or NBD_OPT_GO.
      - id: details
        type: str
        size-eos: true
        doc: Optional implementation-specific details (a string for humans) in the rest of the reply.

  rep_info:
    doc: |
      NBD_REP_INFO data - a 16-bit information type and its payload; the
      reply length includes the 2 bytes of the type.
    seq:
      - id: info_type
        type: u2
        enum: nbd_common::info_type
        doc: Information type (NBD_INFO_*).
      - id: export_size
        type: u8
        if: info_type == nbd_common::info_type::nbd_info_export
        doc: NBD_INFO_EXPORT - size of the export in bytes.
      - id: transmission_flags
        type: nbd_common::transmission_flags
        if: info_type == nbd_common::info_type::nbd_info_export
        doc: NBD_INFO_EXPORT - transmission flags.
      - id: name
        type: str
        size-eos: true
        if: info_type == nbd_common::info_type::nbd_info_name
        doc: NBD_INFO_NAME - the server's canonical name of the export.
      - id: description
        type: str
        size-eos: true
        if: info_type == nbd_common::info_type::nbd_info_description
        doc: NBD_INFO_DESCRIPTION - description of the export for humans.
      - id: minimum_block_size
        type: u4
        if: info_type == nbd_common::info_type::nbd_info_block_size
        doc: NBD_INFO_BLOCK_SIZE - minimum block size.
      - id: preferred_block_size
        type: u4
        if: info_type == nbd_common::info_type::nbd_info_block_size
        doc: NBD_INFO_BLOCK_SIZE - preferred block size.
      - id: maximum_payload_size
        type: u4
        if: info_type == nbd_common::info_type::nbd_info_block_size
        doc: NBD_INFO_BLOCK_SIZE - maximum payload size.
      - id: info_data
        size-eos: true
        if: >-
          info_type != nbd_common::info_type::nbd_info_export
          and info_type != nbd_common::info_type::nbd_info_name
          and info_type != nbd_common::info_type::nbd_info_description
          and info_type != nbd_common::info_type::nbd_info_block_size
        doc: Payload of an information type this spec does not know (clients ignore it).

  rep_meta_context:
    doc: NBD_REP_META_CONTEXT data - one metadata context.
    seq:
      - id: context_id
        type: u4
        doc: |
          Metadata context ID, as used in NBD_REPLY_TYPE_BLOCK_STATUS chunks
          (reserved and zero in replies to NBD_OPT_LIST_META_CONTEXT).
      - id: context_name
        type: str
        size-eos: true
        doc: Name of the metadata context, e.g. "base:allocation".

  rep_alloc_context:
    doc: |
      Reply type 4 as NBD_REP_ALLOC_CONTEXT in the 2016 draft (commit
      bc6d0df), not the standard: one allocation context. Same layout as the
      later NBD_REP_META_CONTEXT. In the draft, context 0 is implied and
      always exists.
    doc-ref: https://github.com/NetworkBlockDevice/nbd/commit/bc6d0df4156e670be7b6adea4f2813f44ffa7202
    seq:
      - id: context_id
        type: u4
        doc: Allocation context ID; not zero unless the request was NBD_ALLOC_LIST_CONTEXT.
      - id: context_name
        type: str
        size-eos: true
        doc: Name of the allocation context.

  rep_error:
    doc: Data of an error reply (any reply type with bit 31 set) - an optional message.
    seq:
      - id: message
        type: str
        size-eos: true
        doc: Error message suitable for display to the user.
