meta:
  id: toy_common
  endian: be
doc: |
  TOY's common header and enums, shared by requests (toy_request) and replies
  (toy_reply). Every TOY message starts with this 16-byte header.
types:
  header:
    seq:
      - id: length
        type: u4
        doc: Bytes in the message after this field (the header's other 12 and the body).
      - id: magic
        contents: "TY"
        doc: Always "TY" (0x54 0x59).
      - id: msg_type
        type: u1
        enum: msg_type
        doc: 0 for a request, 1 for a reply.
      - id: opcode
        type: u1
        enum: opcode
        doc: What the request asks; a reply repeats its request's.
      - id: handle
        type: u8
        -hexview-show: hex
        doc: Chosen by the client; the reply carries its request's handle.
enums:
  msg_type:
    0: request
    1: reply
  opcode:
    1: ping
    2: read
    3: write
    4: stat
  status:
    0: ok
    2: enoent
    5: eio
    13: eacces
