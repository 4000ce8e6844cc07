meta:
  id: toyrpc_add_args
  endian: be
doc: ADD's arguments, two XDR ints.
seq:
  - id: a
    type: s4
  - id: b
    type: s4
