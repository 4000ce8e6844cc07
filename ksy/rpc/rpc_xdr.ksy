meta:
  id: rpc_xdr
  title: XDR building blocks and ONC RPC authentication (RFC 4506, RFC 5531)
  license: CC0-1.0
  endian: be
doc: |
  Shared XDR types for every ONC RPC program hexview decodes: variable-length
  opaque data and strings (a 32-bit length, the bytes, then zero padding to a
  multiple of four), and the opaque_auth credential/verifier with the bodies
  of the flavours seen on the wire: AUTH_NONE, AUTH_SYS, RPCSEC_GSS and
  GlusterFS's own AUTH_GLUSTERFS v1, v2 and v3.
doc-ref:
  - https://www.rfc-editor.org/rfc/rfc4506#section-4.10
  - https://www.rfc-editor.org/rfc/rfc5531#section-8.2
  - https://www.rfc-editor.org/rfc/rfc2203#section-5
  - glusterfs rpc/xdr/src/rpc-common-xdr.x, glusterfs4-xdr.x (auth_glusterfs_params*)
types:
  opaque:
    doc: XDR variable-length opaque data, opaque<>.
    seq:
      - id: length
        type: u4
        doc: Number of data bytes that follow (before padding).
      - id: data
        size: length
        doc: The bytes.
      - id: padding
        size: (4 - length % 4) % 4
        doc: Zero bytes up to a multiple of four.
  string:
    doc: XDR string<>, UTF-8 by convention.
    seq:
      - id: length
        type: u4
        doc: Number of bytes in the string (before padding).
      - id: value
        type: str
        size: length
        encoding: UTF-8
        doc: The text.
      - id: padding
        size: (4 - length % 4) % 4
        doc: Zero bytes up to a multiple of four.
  u4_array:
    doc: XDR unsigned int<>, a counted array of 32-bit integers.
    seq:
      - id: count
        type: u4
        doc: Number of elements.
      - id: items
        type: u4
        repeat: expr
        repeat-expr: count
        doc: The elements.
  opaque_auth:
    doc: A credential or verifier, struct opaque_auth (RFC 5531 section 8.2).
    seq:
      - id: flavor
        type: u4
        enum: auth_flavor
        doc: Authentication flavour.
      - id: length
        type: u4
        doc: Length of the body (at most 400 bytes).
      - id: body
        size: length
        if: length != 0
        type:
          switch-on: flavor
          cases:
            auth_flavor::auth_sys: auth_sys_parms
            auth_flavor::rpcsec_gss: rpc_gss_cred
            auth_flavor::auth_glusterfs: auth_glusterfs_parms
            auth_flavor::auth_glusterfs_v2: auth_glusterfs_parms_v2
            auth_flavor::auth_glusterfs_v3: auth_glusterfs_params_v3
        doc: Flavour-specific body.
      - id: padding
        size: (4 - length % 4) % 4
        doc: Zero bytes up to a multiple of four.
  auth_sys_parms:
    doc: AUTH_SYS (formerly AUTH_UNIX) credential body, RFC 5531 appendix A.
    seq:
      - id: stamp
        type: u4
        -hexview-show: hex
        doc: Arbitrary ID the caller may generate.
      - id: machinename
        type: string
        doc: Name of the caller's machine (at most 255 bytes).
      - id: uid
        type: u4
        doc: Caller's effective user ID.
      - id: gid
        type: u4
        doc: Caller's effective group ID.
      - id: gids
        type: u4_array
        doc: Other groups the caller is a member of (at most 16).
  rpc_gss_cred:
    doc: RPCSEC_GSS credential, struct rpc_gss_cred_t (RFC 2203 section 5).
    seq:
      - id: version
        type: u4
        doc: RPCSEC_GSS version (1).
      - id: gss_proc
        type: u4
        enum: rpc_gss_proc
        doc: Control procedure or data exchange.
      - id: seq_num
        type: u4
        doc: Sequence number of this request.
      - id: service
        type: u4
        enum: rpc_gss_service
        doc: None, integrity or privacy.
      - id: handle
        type: opaque
        doc: Context handle returned by the server.
  auth_glusterfs_parms:
    doc: AUTH_GLUSTERFS (flavour 5) credential, the original GlusterFS layout.
    seq:
      - id: lk_owner
        type: u8
        -hexview-show: hex
        doc: Lock owner of the caller.
      - id: pid
        type: u4
        doc: Caller's process ID.
      - id: uid
        type: u4
        doc: Caller's user ID.
      - id: gid
        type: u4
        doc: Caller's group ID.
      - id: ngrps
        type: u4
        doc: Number of valid entries in groups.
      - id: groups
        type: u4
        repeat: expr
        repeat-expr: 16
        doc: Supplementary groups (16 slots).
  auth_glusterfs_parms_v2:
    doc: AUTH_GLUSTERFS_v2 (flavour 390039) credential, struct auth_glusterfs_parms_v2.
    seq:
      - id: pid
        type: s4
        doc: Caller's process ID (negative for internal clients).
      - id: uid
        type: u4
        doc: Caller's user ID.
      - id: gid
        type: u4
        doc: Caller's group ID.
      - id: groups
        type: u4_array
        doc: Supplementary groups.
      - id: lk_owner
        type: opaque
        doc: Lock owner of the caller.
  auth_glusterfs_params_v3:
    doc: AUTH_GLUSTERFS_v3 (flavour 390040) credential, struct auth_glusterfs_params_v3.
    seq:
      - id: pid
        type: s4
        doc: Caller's process ID (negative for internal clients).
      - id: uid
        type: u4
        doc: Caller's user ID.
      - id: gid
        type: u4
        doc: Caller's group ID.
      - id: flags
        type: glusterfs_auth_flags
        doc: Credential flags.
      - id: ctime_nsec
        type: u4
        doc: Birth time of the call, nanoseconds.
      - id: ctime_sec
        type: u8
        doc: Birth time of the call, seconds.
      - id: groups
        type: u4_array
        doc: Supplementary groups.
      - id: lk_owner
        type: opaque
        doc: Lock owner of the caller.
  glusterfs_auth_flags:
    doc: Flags of AUTH_GLUSTERFS_v3; bit 0 marks an internal (not a user's) call.
    seq:
      - id: reserved
        type: b31
        doc: Reserved bits.
      - id: internal
        type: b1
        doc: The call comes from a GlusterFS-internal client.
enums:
  auth_flavor:
    0: auth_none
    1: auth_sys
    2: auth_short
    3: auth_dh
    5: auth_glusterfs
    6: rpcsec_gss
    390003: auth_krb5
    390039: auth_glusterfs_v2
    390040: auth_glusterfs_v3
  rpc_gss_proc:
    0: rpcsec_gss_data
    1: rpcsec_gss_init
    2: rpcsec_gss_continue_init
    3: rpcsec_gss_destroy
  rpc_gss_service:
    1: rpc_gss_svc_none
    2: rpc_gss_svc_integrity
    3: rpc_gss_svc_privacy
