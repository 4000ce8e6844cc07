meta:
  id: toyrpc_add_res
  endian: be
doc: ADD's result.
seq:
  - id: sum
    type: s4
