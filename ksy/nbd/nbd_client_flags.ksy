meta:
  id: nbd_client_flags
  title: NBD client flags (newstyle handshake)
  license: CC0-1.0
  endian: be
  imports:
    - nbd_common
doc: |
  The client's first message in newstyle negotiation: 32 bits of client
  flags, sent after it received the server's handshake flags. The server
  MUST drop the connection if the client sets a flag it does not know.
doc-ref: https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md#client-flags
seq:
  - id: client_flags
    type: nbd_common::client_flags
    doc: 32-bit client flags.
