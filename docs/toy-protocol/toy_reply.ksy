meta:
  id: toy_reply
  endian: be
  imports:
    - toy_common
doc: A TOY reply, server to client.
seq:
  - id: header
    type: toy_common::header
  - id: status
    type: u4
    enum: toy_common::status
    doc: 0 (OK) or an errno value.
  - id: results
    size: header.length - 16
    if: status == toy_common::status::ok
    type:
      switch-on: header.opcode
      cases:
        'toy_common::opcode::read': read_results
        'toy_common::opcode::write': write_results
        'toy_common::opcode::stat': stat_results
    doc: The operation's results, present when status is OK (PING has none).
types:
  read_results:
    seq:
      - id: data_len
        type: u4
      - id: data
        size: data_len
        doc: The bytes read.
  write_results:
    seq:
      - id: written
        type: u4
        doc: Bytes written.
  stat_results:
    seq:
      - id: size
        type: u8
        doc: File size in bytes.
      - id: mode
        type: u4
        -hexview-show: mode
        doc: st_mode.
