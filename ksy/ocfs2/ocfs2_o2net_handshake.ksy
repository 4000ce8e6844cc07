meta:
  id: ocfs2_o2net_handshake
  title: OCFS2 o2net handshake (first bytes each side sends)
  license: CC0-1.0
  endian: be
doc: |
  struct o2net_handshake: on connect each node sends one handshake before any
  o2net message; it has no o2net_msg header. Protocol versions below 5 (the
  ocfs2-1.2 era, version 2) send 16 bytes; version 5 added network timeout
  checking and the four timeout fields (32 bytes). Nodes with different
  versions drop the connection.
doc-ref:
  - ../shared/seeds/000_4aad557f3414614f.txt
  - https://github.com/torvalds/linux/blob/master/fs/ocfs2/cluster/tcp_internal.h
seq:
  - id: protocol_version
    type: u8
    doc: O2NET_PROTOCOL_VERSION of the sender (2 in ocfs2-1.2, 11 in current kernels).
  - id: connector_id
    type: u8
    -hexview-show: hex
    doc: Identifier of the connecting node's process (cpu_to_be64(1) in Linux).
  - id: timeouts
    type: timeouts
    if: protocol_version >= 5
    doc: Network timeouts the sender runs with (protocol version 5 and later).
types:
  timeouts:
    doc: The o2net timeouts both nodes must agree on (protocol version 5+).
    seq:
      - id: o2hb_heartbeat_timeout_ms
        type: u4
        doc: Disk heartbeat dead threshold, in milliseconds.
      - id: o2net_idle_timeout_ms
        type: u4
        doc: Idle time after which the connection is declared dead.
      - id: o2net_keepalive_delay_ms
        type: u4
        doc: Idle time after which a keepalive request is sent.
      - id: o2net_reconnect_delay_ms
        type: u4
        doc: Delay before reconnecting after a connection is lost.
