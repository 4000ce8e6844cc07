meta:
  id: toy_request
  endian: be
  imports:
    - toy_common
doc: A TOY request, client to server.
seq:
  - id: header
    type: toy_common::header
  - id: args
    size: header.length - 12
    type:
      switch-on: header.opcode
      cases:
        'toy_common::opcode::read': read_args
        'toy_common::opcode::write': write_args
        'toy_common::opcode::stat': stat_args
    doc: The operation's arguments (PING has none).
types:
  read_args:
    seq:
      - id: offset
        type: u8
        doc: Where to start reading.
      - id: count
        type: u4
        doc: Bytes wanted.
  write_args:
    seq:
      - id: offset
        type: u8
        doc: Where to write.
      - id: data_len
        type: u4
      - id: data
        size: data_len
        doc: The bytes to write.
  stat_args:
    seq:
      - id: name_len
        type: u2
      - id: name
        type: str
        size: name_len
        encoding: UTF-8
        doc: The file asked about.
