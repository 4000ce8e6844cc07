meta:
  id: nbd_option
  title: NBD option request (client, newstyle option haggling)
  license: CC0-1.0
  endian: be
  encoding: UTF-8
  imports:
    - nbd_common
params:
  - id: draft_alloc_context
    type: bool
    doc: |
      True to read option 10 as the 2016 draft NBD_OPT_ALLOC_CONTEXT
      (commit bc6d0df) instead of the standard NBD_OPT_SET_META_CONTEXT.
      The framer sets it only for traffic known to follow that draft.
doc: |
  One option request sent by the client during (fixed) newstyle option
  haggling: the IHAVEOPT magic, the option code, the data length and the
  option's data. The server answers with one or more option replies
  (nbd_option_reply), except for NBD_OPT_EXPORT_NAME, which is answered by
  nbd_export_name_reply (or a closed connection).

  Data layouts decoded here: NBD_OPT_EXPORT_NAME (the name), NBD_OPT_INFO
  and NBD_OPT_GO (name and information requests), NBD_OPT_LIST_META_CONTEXT
  and NBD_OPT_SET_META_CONTEXT (export name and queries). The other options
  carry no data; any data they do carry is kept as raw bytes.
doc-ref:
  - https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#newstyle-negotiation
  - https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#option-types
seq:
  - id: magic
    -hexview-show: hex
    type: u8
    enum: nbd_common::magic64
    valid: nbd_common::magic64::ihaveopt
    doc: 'IHAVEOPT: 0x49484156454f5054, ASCII "IHAVEOPT".'
  - id: option
    type: u4
    enum: nbd_common::option
    doc: Option code (NBD_OPT_*).
  - id: length
    type: u4
    doc: Length of the option data in bytes.
  - id: data
    size: length
    if: length != 0
    type:
      # -1 selects the 2016 draft layout of option 10 (see draft_alloc_context).
      switch-on: >-
        draft_alloc_context and option == nbd_common::option::nbd_opt_set_meta_context
        ? -1 : option.to_i
      cases:
        1: export_name_data
        6: info_request
        7: info_request
        9: meta_context_request
        10: meta_context_request
        -1: alloc_context_request
    doc: Option data; its layout depends on the option.
types:
  export_name_data:
    doc: NBD_OPT_EXPORT_NAME data - the export name; empty selects the default export.
    seq:
      - id: name
        type: str
        size-eos: true
        doc: Name of the export (length from the option header).

  info_request:
    doc: NBD_OPT_INFO / NBD_OPT_GO data - the export name and the information items wanted.
    seq:
      - id: name_length
        type: u4
        doc: Length of the export name; at most the option length - 6.
      - id: name
        type: str
        size: name_length
        doc: Name of the export; empty selects the default export.
      - id: num_info_requests
        type: u2
        doc: Number of information requests that follow.
      - id: info_requests
        type: u2
        enum: nbd_common::info_type
        repeat: expr
        repeat-expr: num_info_requests
        doc: Information item requested (NBD_INFO_*).

  meta_context_request:
    doc: |
      NBD_OPT_LIST_META_CONTEXT / NBD_OPT_SET_META_CONTEXT data - the export
      name and the queries. SET with zero queries selects no context; LIST
      with zero queries lists all contexts available.
    seq:
      - id: export_name_length
        type: u4
        doc: Length of the export name.
      - id: export_name
        type: str
        size: export_name_length
        doc: Name of the export the metadata contexts are for.
      - id: num_queries
        type: u4
        doc: Number of queries that follow.
      - id: queries
        type: query
        repeat: expr
        repeat-expr: num_queries
        doc: One query string.

  query:
    doc: One metadata context query, e.g. "base:allocation"; it starts with a namespace and a colon.
    seq:
      - id: query_length
        type: u4
        doc: Length of the query string.
      - id: query
        type: str
        size: query_length
        doc: Query selecting metadata contexts.

  alloc_context_request:
    doc: |
      Option 10 as NBD_OPT_ALLOC_CONTEXT in the 2016 draft (commit bc6d0df,
      2016-11-29), not the standard: a type and one query string. The draft
      was replaced by NBD_OPT_LIST_META_CONTEXT (9) and
      NBD_OPT_SET_META_CONTEXT (10) in December 2016.
    doc-ref: https://github.com/NetworkBlockDevice/nbd/commit/bc6d0df4156e670be7b6adea4f2813f44ffa7202
    seq:
      - id: type
        type: u4
        enum: alloc_context_type
        doc: List, add or delete the selected allocation contexts.
      - id: query
        type: str
        size-eos: true
        doc: Query selecting allocation contexts; empty selects all the server knows.

enums:
  alloc_context_type:
    1:
      id: nbd_alloc_list_context
      doc: Draft - list the selected allocation contexts without changing state.
    2:
      id: nbd_alloc_add_context
      doc: Draft - add the selected allocation contexts to those in use.
    3:
      id: nbd_alloc_del_context
      doc: Draft - remove the selected allocation contexts from those in use.
