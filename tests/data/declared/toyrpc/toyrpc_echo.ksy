meta:
  id: toyrpc_echo
  endian: be
doc: ECHO's argument and result, an XDR string.
seq:
  - id: len_text
    type: u4
  - id: text
    type: str
    size: len_text
    encoding: UTF-8
  - id: pad
    size: (4 - len_text % 4) % 4
