meta:
  id: nfs_v4
  title: NFSv4.0/4.1/4.2 COMPOUND and CB_COMPOUND pieces, with pNFS file layouts
  license: CC0-1.0
  endian: be
  imports:
    - /rpc/rpc_xdr
doc: >-
  One piece of an NFSv4 COMPOUND or CB_COMPOUND, chosen by `kind`: the head before
  the operation array, one operation with its arguments, or one result. XDR gives
  no per-operation length, so the Python side (hexview/protocols/nfs_compound.py)
  walks the array one piece at a time and stops at the first operation number it has
  no layout for.


  Operation numbers: RFC 8881 (3-58, 10044), RFC 7862 (59-71), RFC 8276 (72-75), callbacks
  RFC 8881/7862 (3-15). The peer-to-peer pNFS operations REGISTER_DS 76, UNREGISTER_DS
  77, PROXY_OPEN 78 and CB_PROXY_REVOKE 16 are PROVISIONAL: no public specification
  assigns them numbers or layouts; they and their argument layouts are inferred from
  the Linux NFS wiki page 'Peer-to-peer NFS' (2012) and can be remapped from a configuration
  file (hexview/protocols/nfs_p2p.py). `canonical_op` is the operation number after
  that remapping.
doc-ref:
  - https://www.rfc-editor.org/rfc/rfc8881
  - https://www.rfc-editor.org/rfc/rfc5662
  - https://www.rfc-editor.org/rfc/rfc7862
  - https://www.rfc-editor.org/rfc/rfc7863
  - https://www.rfc-editor.org/rfc/rfc8276
  - https://www.rfc-editor.org/rfc/rfc7530
params:
  - id: kind
    type: u4
    doc: >-
      0 COMPOUND head, 1 COMPOUND result head, 2 CB_COMPOUND head, 3 CB_COMPOUND result
      head, 4 argop, 5 resop, 6 cb argop, 7 cb resop.
  - id: canonical_op
    type: u4
    doc: Operation number that selects the layout (kinds 4-7).
  - id: p2p_fh
    type: bool
    doc: Split 36-byte file handles into MDS identifier + handle (peer-to-peer option).
seq:
  - id: item
    type:
      switch-on: kind
      cases:
        0: compound4args_head
        1: compound4res_head
        2: cb_compound4args_head
        3: cb_compound4res_head
        4: argop
        5: resop
        6: cb_argop
        7: cb_resop
types:
  stateid4:
    doc: 'stateid4: a state''s seqid and 12 opaque bytes naming it.'
    seq:
      - id: seqid
        type: u4
        doc: Changes each time the state changes.
      - id: other
        size: 12
        -hexview-show: hex
        doc: Identifies the state (fixed 12 bytes).
  nfs_fh4:
    doc: >-
      nfs_fh4: a file handle, opaque<128>. With the peer-to-peer option on, a 36-byte
      handle is split into the MDS identifier and the real handle (seed 003: split
      point not published; 8 + 28 is provisional).
    seq:
      - id: length
        type: u4
        doc: Handle length in bytes.
      - id: data
        size: length
        -hexview-show: hex
        if: not (length == 36 and _root.p2p_fh)
        doc: The handle's bytes.
      - id: p2p
        type: p2p_fh
        size: length
        if: length == 36 and _root.p2p_fh
        doc: A peer-to-peer handle (36 bytes).
      - id: padding
        size: (4 - length % 4) % 4
  p2p_fh:
    doc: >-
      Peer-to-peer pNFS file handle (seed 003): the MDS identifier, then the MDS's
      real handle. Provisional split: 8 + 28.
    seq:
      - id: mds_id
        type: mds_id4
      - id: fh
        size: 28
        -hexview-show: hex
        doc: The handle as the MDS issued it.
  p2p_fh_opaque:
    doc: A handle that is always a peer-to-peer handle when 36 bytes long (PROXY_OPEN).
    seq:
      - id: length
        type: u4
      - id: p2p
        type: p2p_fh
        size: length
        if: length == 36
      - id: data
        size: length
        -hexview-show: hex
        if: length != 36
      - id: padding
        size: (4 - length % 4) % 4
  mds_id4:
    doc: >-
      Peer-to-peer MDS identifier (seed 003: the client's cl_cb_ident combined with
      a per-REGISTER_DS counter; layout provisional).
    seq:
      - id: cb_ident
        type: u4
        -hexview-show: hex
        doc: The client's callback ident (cl_cb_ident).
      - id: counter
        type: u4
        doc: Incremented per REGISTER_DS call.
  bitmap4:
    doc: 'bitmap4: counted array of 32-bit words; bit n of word n/32 = attribute/flag n.'
    seq:
      - id: num_words
        type: u4
      - id: words
        type: u4
        repeat: expr
        repeat-expr: num_words
        -hexview-show: hex
  share_access4:
    doc: >-
      OPEN4_SHARE_ACCESS_* (RFC 8881 section 18.16.3): the access wanted (bits 1-0),
      the delegation wanted (WANT_*, bits 15-8, one value) and two signalling bits.
    seq:
      - id: reserved_high
        type: b14
        doc: Bits 31-18, not defined by RFC 8881.
      - id: want_push_deleg_when_uncontended
        type: b1
        doc: OPEN4_SHARE_ACCESS_WANT_PUSH_DELEG_WHEN_UNCONTENDED (0x20000).
      - id: want_signal_deleg_when_resrc_avail
        type: b1
        doc: OPEN4_SHARE_ACCESS_WANT_SIGNAL_DELEG_WHEN_RESRC_AVAIL (0x10000).
      - id: want
        type: b8
        enum: share_access_want4
        doc: The delegation wanted (OPEN4_SHARE_ACCESS_WANT_DELEG_MASK 0xFF00).
      - id: reserved_low
        type: b6
        doc: Bits 7-2, not defined.
      - id: access
        type: b2
        enum: share_access_mode4
        doc: READ 1, WRITE 2, BOTH 3.
  nfstime4:
    doc: 'nfstime4: seconds and nanoseconds since the epoch.'
    seq:
      - id: seconds
        type: s8
      - id: nseconds
        type: u4
  change_info4:
    doc: 'change_info4: directory change attribute before and after.'
    seq:
      - id: atomic
        type: u4
        enum: xdr_bool
      - id: before
        type: u8
      - id: after
        type: u8
  specdata4:
    doc: 'specdata4: device numbers.'
    seq:
      - id: specdata1
        type: u4
      - id: specdata2
        type: u4
  fsid4:
    doc: 'fsid4: file system identifier.'
    seq:
      - id: major
        type: u8
      - id: minor
        type: u8
  netaddr4:
    doc: 'netaddr4: network id and universal address (RFC 5665; IPv4 ''h1.h2.h3.h4.p1.p2'', port p1*256+p2).'
    seq:
      - id: netid
        type: rpc_xdr::string
        doc: 'r_netid: tcp, tcp6, rdma, ...'
      - id: addr
        type: rpc_xdr::string
        doc: 'r_addr: universal address.'
  lock_owner4:
    doc: 'state_owner4: client id and owner.'
    seq:
      - id: clientid
        type: u8
        -hexview-show: hex
      - id: owner
        type: rpc_xdr::opaque
  nfsace4:
    doc: 'nfsace4: one ACL entry (RFC 8881 section 6.2.1).'
    seq:
      - id: acetype
        type: u4
        enum: acetype4
        doc: 'acetype4: allow, deny, audit or alarm.'
      - id: flag
        type: u4
        -hexview-show: hex
        doc: 'aceflag4: ACE4_FILE_INHERIT_ACE 0x1, ... ACE4_IDENTIFIER_GROUP 0x40, ACE4_INHERITED_ACE 0x80.'
      - id: access_mask
        type: u4
        -hexview-show: hex
        doc: 'acemask4: ACE4_READ_DATA 0x1, ACE4_WRITE_DATA 0x2, ... ACE4_SYNCHRONIZE 0x100000.'
      - id: who
        type: rpc_xdr::string
        doc: 'utf8str_mixed: user@domain, group@domain or OWNER@, GROUP@, EVERYONE@.'
  pathname4:
    doc: 'pathname4: counted array of components.'
    seq:
      - id: num_components
        type: u4
      - id: components
        type: rpc_xdr::string
        repeat: expr
        repeat-expr: num_components
  fs_location4:
    doc: fs_location4.
    seq:
      - id: num_server
        type: u4
      - id: server
        type: rpc_xdr::string
        repeat: expr
        repeat-expr: num_server
      - id: rootpath
        type: pathname4
  fs_locations4:
    doc: fs_locations4.
    seq:
      - id: fs_root
        type: pathname4
      - id: num_locations
        type: u4
      - id: locations
        type: fs_location4
        repeat: expr
        repeat-expr: num_locations
  nfsacl41:
    doc: nfsacl41.
    seq:
      - id: flag
        type: u4
        -hexview-show: hex
      - id: num_aces
        type: u4
      - id: aces
        type: nfsace4
        repeat: expr
        repeat-expr: num_aces
  fs4_status:
    doc: fs4_status.
    seq:
      - id: absent
        type: u4
        enum: xdr_bool
      - id: fs_type
        type: u4
        enum: fs4_status_type
        doc: 'fss_type: what kind of file system instance this is (RFC 8881 section 11.11).'
      - id: source
        type: rpc_xdr::string
      - id: current
        type: rpc_xdr::string
      - id: age
        type: s4
      - id: version
        type: nfstime4
  change_policy4:
    doc: >-
      change_policy4 (RFC 8881 section 5.8.2.39): two numbers that change when the
      change-attribute policy does.
    seq:
      - id: cp_major
        type: u8
        doc: Major policy number.
      - id: cp_minor
        type: u8
        doc: Minor policy number.
  layouthint4:
    doc: layouthint4.
    seq:
      - id: layout_type
        type: u4
        enum: layouttype4
      - id: body
        type: rpc_xdr::opaque
  threshold_item4:
    doc: threshold_item4.
    seq:
      - id: layout_type
        type: u4
        enum: layouttype4
      - id: hintset
        type: bitmap4
      - id: hintlist
        type: rpc_xdr::opaque
  retention_get4:
    doc: retention_get4.
    seq:
      - id: duration
        type: u8
      - id: num_begin_time
        type: u4
      - id: begin_time
        type: nfstime4
        -hexview-show: time
        repeat: expr
        repeat-expr: num_begin_time
  retention_set4:
    doc: retention_set4.
    seq:
      - id: enable
        type: u4
        enum: xdr_bool
      - id: num_duration
        type: u4
      - id: duration
        type: u8
        repeat: expr
        repeat-expr: num_duration
  mode_masked4:
    doc: mode_masked4.
    seq:
      - id: mode
        type: u4
        -hexview-show: mode
      - id: mask
        type: u4
        -hexview-show: hex
  mode_umask4:
    doc: mode_umask4.
    seq:
      - id: mode
        type: u4
        -hexview-show: mode
      - id: umask
        type: u4
        -hexview-show: hex
  sec_label4:
    doc: sec_label4.
    seq:
      - id: lfs
        type: u4
      - id: pi
        type: u4
      - id: data
        type: rpc_xdr::opaque
  settime4:
    doc: 'settime4: set to the server''s time or to a given time.'
    seq:
      - id: set_it
        type: u4
        enum: time_how4
      - id: time
        type: nfstime4
        -hexview-show: time
        if: set_it == time_how4::set_to_client_time4
  fattr4_values:
    doc: 'attrlist4 contents: the values of the attributes set in the bitmap, in bit order.'
    params:
      - id: w0
        type: u4
      - id: w1
        type: u4
      - id: w2
        type: u4
      - id: w3
        type: u4
    seq:
      - id: supported_attrs
        type: bitmap4
        if: ((w0 >> 0) & 1) == 1 and first_unknown > 0
        doc: Attribute 0 (supported_attrs).
      - id: type
        type: u4
        enum: nfs_ftype4
        if: ((w0 >> 1) & 1) == 1 and first_unknown > 1
        doc: Attribute 1 (type).
      - id: fh_expire_type
        type: u4
        -hexview-show: hex
        if: ((w0 >> 2) & 1) == 1 and first_unknown > 2
        doc: Attribute 2 (fh_expire_type).
      - id: change
        type: u8
        if: ((w0 >> 3) & 1) == 1 and first_unknown > 3
        doc: Attribute 3 (change).
      - id: size
        type: u8
        if: ((w0 >> 4) & 1) == 1 and first_unknown > 4
        doc: Attribute 4 (size).
      - id: link_support
        type: u4
        enum: xdr_bool
        if: ((w0 >> 5) & 1) == 1 and first_unknown > 5
        doc: Attribute 5 (link_support).
      - id: symlink_support
        type: u4
        enum: xdr_bool
        if: ((w0 >> 6) & 1) == 1 and first_unknown > 6
        doc: Attribute 6 (symlink_support).
      - id: named_attr
        type: u4
        enum: xdr_bool
        if: ((w0 >> 7) & 1) == 1 and first_unknown > 7
        doc: Attribute 7 (named_attr).
      - id: fsid
        type: fsid4
        if: ((w0 >> 8) & 1) == 1 and first_unknown > 8
        doc: Attribute 8 (fsid).
      - id: unique_handles
        type: u4
        enum: xdr_bool
        if: ((w0 >> 9) & 1) == 1 and first_unknown > 9
        doc: Attribute 9 (unique_handles).
      - id: lease_time
        type: u4
        if: ((w0 >> 10) & 1) == 1 and first_unknown > 10
        doc: Attribute 10 (lease_time).
      - id: rdattr_error
        type: u4
        enum: nfsstat4
        if: ((w0 >> 11) & 1) == 1 and first_unknown > 11
        doc: Attribute 11 (rdattr_error).
      - id: num_acl
        type: u4
        if: ((w0 >> 12) & 1) == 1 and first_unknown > 12
        doc: 'Attribute 12: number of entries.'
      - id: acl
        type: nfsace4
        repeat: expr
        repeat-expr: num_acl
        if: ((w0 >> 12) & 1) == 1 and first_unknown > 12
        doc: Attribute 12 (acl).
      - id: aclsupport
        type: u4
        -hexview-show: hex
        if: ((w0 >> 13) & 1) == 1 and first_unknown > 13
        doc: Attribute 13 (aclsupport).
      - id: archive
        type: u4
        enum: xdr_bool
        if: ((w0 >> 14) & 1) == 1 and first_unknown > 14
        doc: Attribute 14 (archive).
      - id: cansettime
        type: u4
        enum: xdr_bool
        if: ((w0 >> 15) & 1) == 1 and first_unknown > 15
        doc: Attribute 15 (cansettime).
      - id: case_insensitive
        type: u4
        enum: xdr_bool
        if: ((w0 >> 16) & 1) == 1 and first_unknown > 16
        doc: Attribute 16 (case_insensitive).
      - id: case_preserving
        type: u4
        enum: xdr_bool
        if: ((w0 >> 17) & 1) == 1 and first_unknown > 17
        doc: Attribute 17 (case_preserving).
      - id: chown_restricted
        type: u4
        enum: xdr_bool
        if: ((w0 >> 18) & 1) == 1 and first_unknown > 18
        doc: Attribute 18 (chown_restricted).
      - id: filehandle
        type: nfs_fh4
        if: ((w0 >> 19) & 1) == 1 and first_unknown > 19
        doc: Attribute 19 (filehandle).
      - id: fileid
        type: u8
        if: ((w0 >> 20) & 1) == 1 and first_unknown > 20
        doc: Attribute 20 (fileid).
      - id: files_avail
        type: u8
        if: ((w0 >> 21) & 1) == 1 and first_unknown > 21
        doc: Attribute 21 (files_avail).
      - id: files_free
        type: u8
        if: ((w0 >> 22) & 1) == 1 and first_unknown > 22
        doc: Attribute 22 (files_free).
      - id: files_total
        type: u8
        if: ((w0 >> 23) & 1) == 1 and first_unknown > 23
        doc: Attribute 23 (files_total).
      - id: fs_locations
        type: fs_locations4
        if: ((w0 >> 24) & 1) == 1 and first_unknown > 24
        doc: Attribute 24 (fs_locations).
      - id: hidden
        type: u4
        enum: xdr_bool
        if: ((w0 >> 25) & 1) == 1 and first_unknown > 25
        doc: Attribute 25 (hidden).
      - id: homogeneous
        type: u4
        enum: xdr_bool
        if: ((w0 >> 26) & 1) == 1 and first_unknown > 26
        doc: Attribute 26 (homogeneous).
      - id: maxfilesize
        type: u8
        if: ((w0 >> 27) & 1) == 1 and first_unknown > 27
        doc: Attribute 27 (maxfilesize).
      - id: maxlink
        type: u4
        if: ((w0 >> 28) & 1) == 1 and first_unknown > 28
        doc: Attribute 28 (maxlink).
      - id: maxname
        type: u4
        if: ((w0 >> 29) & 1) == 1 and first_unknown > 29
        doc: Attribute 29 (maxname).
      - id: maxread
        type: u8
        if: ((w0 >> 30) & 1) == 1 and first_unknown > 30
        doc: Attribute 30 (maxread).
      - id: maxwrite
        type: u8
        if: ((w0 >> 31) & 1) == 1 and first_unknown > 31
        doc: Attribute 31 (maxwrite).
      - id: mimetype
        type: rpc_xdr::string
        if: ((w1 >> 0) & 1) == 1 and first_unknown > 32
        doc: Attribute 32 (mimetype).
      - id: mode
        type: u4
        -hexview-show: mode
        if: ((w1 >> 1) & 1) == 1 and first_unknown > 33
        doc: Attribute 33 (mode). Permission bits.
      - id: no_trunc
        type: u4
        enum: xdr_bool
        if: ((w1 >> 2) & 1) == 1 and first_unknown > 34
        doc: Attribute 34 (no_trunc).
      - id: numlinks
        type: u4
        if: ((w1 >> 3) & 1) == 1 and first_unknown > 35
        doc: Attribute 35 (numlinks).
      - id: owner
        type: rpc_xdr::string
        if: ((w1 >> 4) & 1) == 1 and first_unknown > 36
        doc: Attribute 36 (owner).
      - id: owner_group
        type: rpc_xdr::string
        if: ((w1 >> 5) & 1) == 1 and first_unknown > 37
        doc: Attribute 37 (owner_group).
      - id: quota_avail_hard
        type: u8
        if: ((w1 >> 6) & 1) == 1 and first_unknown > 38
        doc: Attribute 38 (quota_avail_hard).
      - id: quota_avail_soft
        type: u8
        if: ((w1 >> 7) & 1) == 1 and first_unknown > 39
        doc: Attribute 39 (quota_avail_soft).
      - id: quota_used
        type: u8
        if: ((w1 >> 8) & 1) == 1 and first_unknown > 40
        doc: Attribute 40 (quota_used).
      - id: rawdev
        type: specdata4
        if: ((w1 >> 9) & 1) == 1 and first_unknown > 41
        doc: Attribute 41 (rawdev).
      - id: space_avail
        type: u8
        if: ((w1 >> 10) & 1) == 1 and first_unknown > 42
        doc: Attribute 42 (space_avail).
      - id: space_free
        type: u8
        if: ((w1 >> 11) & 1) == 1 and first_unknown > 43
        doc: Attribute 43 (space_free).
      - id: space_total
        type: u8
        if: ((w1 >> 12) & 1) == 1 and first_unknown > 44
        doc: Attribute 44 (space_total).
      - id: space_used
        type: u8
        if: ((w1 >> 13) & 1) == 1 and first_unknown > 45
        doc: Attribute 45 (space_used).
      - id: system
        type: u4
        enum: xdr_bool
        if: ((w1 >> 14) & 1) == 1 and first_unknown > 46
        doc: Attribute 46 (system).
      - id: time_access
        type: nfstime4
        -hexview-show: time
        if: ((w1 >> 15) & 1) == 1 and first_unknown > 47
        doc: Attribute 47 (time_access).
      - id: time_access_set
        type: settime4
        if: ((w1 >> 16) & 1) == 1 and first_unknown > 48
        doc: Attribute 48 (time_access_set).
      - id: time_backup
        type: nfstime4
        -hexview-show: time
        if: ((w1 >> 17) & 1) == 1 and first_unknown > 49
        doc: Attribute 49 (time_backup).
      - id: time_create
        type: nfstime4
        -hexview-show: time
        if: ((w1 >> 18) & 1) == 1 and first_unknown > 50
        doc: Attribute 50 (time_create).
      - id: time_delta
        type: nfstime4
        if: ((w1 >> 19) & 1) == 1 and first_unknown > 51
        doc: Attribute 51 (time_delta).
      - id: time_metadata
        type: nfstime4
        -hexview-show: time
        if: ((w1 >> 20) & 1) == 1 and first_unknown > 52
        doc: Attribute 52 (time_metadata).
      - id: time_modify
        type: nfstime4
        -hexview-show: time
        if: ((w1 >> 21) & 1) == 1 and first_unknown > 53
        doc: Attribute 53 (time_modify).
      - id: time_modify_set
        type: settime4
        if: ((w1 >> 22) & 1) == 1 and first_unknown > 54
        doc: Attribute 54 (time_modify_set).
      - id: mounted_on_fileid
        type: u8
        if: ((w1 >> 23) & 1) == 1 and first_unknown > 55
        doc: Attribute 55 (mounted_on_fileid).
      - id: dir_notif_delay
        type: nfstime4
        if: ((w1 >> 24) & 1) == 1 and first_unknown > 56
        doc: Attribute 56 (dir_notif_delay).
      - id: dirent_notif_delay
        type: nfstime4
        if: ((w1 >> 25) & 1) == 1 and first_unknown > 57
        doc: Attribute 57 (dirent_notif_delay).
      - id: dacl
        type: nfsacl41
        if: ((w1 >> 26) & 1) == 1 and first_unknown > 58
        doc: Attribute 58 (dacl).
      - id: sacl
        type: nfsacl41
        if: ((w1 >> 27) & 1) == 1 and first_unknown > 59
        doc: Attribute 59 (sacl).
      - id: change_policy
        type: change_policy4
        if: ((w1 >> 28) & 1) == 1 and first_unknown > 60
        doc: Attribute 60 (change_policy).
      - id: fs_status
        type: fs4_status
        if: ((w1 >> 29) & 1) == 1 and first_unknown > 61
        doc: Attribute 61 (fs_status).
      - id: num_fs_layout_type
        type: u4
        if: ((w1 >> 30) & 1) == 1 and first_unknown > 62
        doc: 'Attribute 62: number of entries.'
      - id: fs_layout_type
        type: u4
        repeat: expr
        repeat-expr: num_fs_layout_type
        if: ((w1 >> 30) & 1) == 1 and first_unknown > 62
        doc: Attribute 62 (fs_layout_type).
        enum: layouttype4
      - id: layout_hint
        type: layouthint4
        if: ((w1 >> 31) & 1) == 1 and first_unknown > 63
        doc: Attribute 63 (layout_hint).
      - id: num_layout_type
        type: u4
        if: ((w2 >> 0) & 1) == 1 and first_unknown > 64
        doc: 'Attribute 64: number of entries.'
      - id: layout_type
        type: u4
        repeat: expr
        repeat-expr: num_layout_type
        if: ((w2 >> 0) & 1) == 1 and first_unknown > 64
        doc: Attribute 64 (layout_type).
        enum: layouttype4
      - id: layout_blksize
        type: u4
        if: ((w2 >> 1) & 1) == 1 and first_unknown > 65
        doc: Attribute 65 (layout_blksize).
      - id: layout_alignment
        type: u4
        if: ((w2 >> 2) & 1) == 1 and first_unknown > 66
        doc: Attribute 66 (layout_alignment).
      - id: num_mdsthreshold
        type: u4
        if: ((w2 >> 4) & 1) == 1 and first_unknown > 68
        doc: 'Attribute 68: number of entries.'
      - id: mdsthreshold
        type: threshold_item4
        repeat: expr
        repeat-expr: num_mdsthreshold
        if: ((w2 >> 4) & 1) == 1 and first_unknown > 68
        doc: Attribute 68 (mdsthreshold).
      - id: retention_get
        type: retention_get4
        if: ((w2 >> 5) & 1) == 1 and first_unknown > 69
        doc: Attribute 69 (retention_get).
      - id: retention_set
        type: retention_set4
        if: ((w2 >> 6) & 1) == 1 and first_unknown > 70
        doc: Attribute 70 (retention_set).
      - id: retentevt_get
        type: retention_get4
        if: ((w2 >> 7) & 1) == 1 and first_unknown > 71
        doc: Attribute 71 (retentevt_get).
      - id: retentevt_set
        type: retention_set4
        if: ((w2 >> 8) & 1) == 1 and first_unknown > 72
        doc: Attribute 72 (retentevt_set).
      - id: retention_hold
        type: u8
        if: ((w2 >> 9) & 1) == 1 and first_unknown > 73
        doc: Attribute 73 (retention_hold).
      - id: mode_set_masked
        type: mode_masked4
        if: ((w2 >> 10) & 1) == 1 and first_unknown > 74
        doc: Attribute 74 (mode_set_masked).
      - id: suppattr_exclcreat
        type: bitmap4
        if: ((w2 >> 11) & 1) == 1 and first_unknown > 75
        doc: Attribute 75 (suppattr_exclcreat).
      - id: fs_charset_cap
        type: u4
        -hexview-show: hex
        if: ((w2 >> 12) & 1) == 1 and first_unknown > 76
        doc: Attribute 76 (fs_charset_cap).
      - id: clone_blksize
        type: u4
        if: ((w2 >> 13) & 1) == 1 and first_unknown > 77
        doc: Attribute 77 (clone_blksize).
      - id: space_freed
        type: u8
        if: ((w2 >> 14) & 1) == 1 and first_unknown > 78
        doc: Attribute 78 (space_freed).
      - id: change_attr_type
        type: u4
        enum: change_attr_type4
        if: ((w2 >> 15) & 1) == 1 and first_unknown > 79
        doc: Attribute 79 (change_attr_type).
      - id: sec_label
        type: sec_label4
        if: ((w2 >> 16) & 1) == 1 and first_unknown > 80
        doc: Attribute 80 (sec_label).
      - id: mode_umask
        type: mode_umask4
        if: ((w2 >> 17) & 1) == 1 and first_unknown > 81
        doc: Attribute 81 (mode_umask).
      - id: xattr_support
        type: u4
        enum: xdr_bool
        if: ((w2 >> 18) & 1) == 1 and first_unknown > 82
        doc: Attribute 82 (xattr_support).
      - id: undecoded
        size-eos: true
        -hexview-show: hex
        if: first_unknown != 999
        doc: Values from the first attribute this decoder has no layout for on (see first_unknown).
    instances:
      first_unknown:
        value: >-
          ((w2 >> 3) & 1) == 1 ? 67 : (((w2 >> 19) & 1) == 1 ? 83 : (((w2 >> 20) &
          1) == 1 ? 84 : (((w2 >> 21) & 1) == 1 ? 85 : (((w2 >> 22) & 1) == 1 ? 86
          : (((w2 >> 23) & 1) == 1 ? 87 : (((w2 >> 24) & 1) == 1 ? 88 : (((w2 >> 25)
          & 1) == 1 ? 89 : (((w2 >> 26) & 1) == 1 ? 90 : (((w2 >> 27) & 1) == 1 ?
          91 : (((w2 >> 28) & 1) == 1 ? 92 : (((w2 >> 29) & 1) == 1 ? 93 : (((w2 >>
          30) & 1) == 1 ? 94 : (((w2 >> 31) & 1) == 1 ? 95 : (w3 != 0 ? 96 : 999))))))))))))))
        doc: >-
          Lowest set attribute without a layout here (999: none; 96 when the bitmap's
          fourth word has a bit set: no attribute from 96 on has a layout).
  fattr4:
    doc: 'fattr4: attribute bitmap, then the values as opaque attrlist4.'
    seq:
      - id: attrmask
        type: bitmap4
        doc: Which attributes follow (bit n = attribute n).
      - id: attr_vals_len
        type: u4
        doc: Length of attrlist4 in bytes.
      - id: attr_vals
        type: fattr4_values(w0, w1, w2, w3)
        size: attr_vals_len
        doc: The attribute values, in attribute-number order.
      - id: padding
        size: (4 - attr_vals_len % 4) % 4
        doc: Zero bytes up to a multiple of four.
    instances:
      w0:
        value: 'attrmask.num_words > 0 ? attrmask.words[0] : 0'
      w1:
        value: 'attrmask.num_words > 1 ? attrmask.words[1] : 0'
      w2:
        value: 'attrmask.num_words > 2 ? attrmask.words[2] : 0'
      w3:
        value: 'attrmask.num_words > 3 ? attrmask.words[3] : 0'
        doc: Fourth bitmap word (attributes 96-127), only tested for being non-zero.
  open_owner4:
    doc: open_owner4.
    seq:
      - id: clientid
        type: u8
        -hexview-show: hex
      - id: owner
        type: rpc_xdr::opaque
  open_to_lock_owner4:
    doc: 'open_to_lock_owner4: first lock of an open owner.'
    seq:
      - id: open_seqid
        type: u4
      - id: open_stateid
        type: stateid4
      - id: lock_seqid
        type: u4
      - id: lock_owner
        type: lock_owner4
  exist_lock_owner4:
    doc: exist_lock_owner4.
    seq:
      - id: lock_stateid
        type: stateid4
      - id: lock_seqid
        type: u4
  locker4:
    doc: locker4.
    seq:
      - id: new_lock_owner
        type: u4
        enum: xdr_bool
      - id: open_owner
        type: open_to_lock_owner4
        if: new_lock_owner == xdr_bool::true
      - id: lock_owner
        type: exist_lock_owner4
        if: new_lock_owner != xdr_bool::true
  lock4denied:
    doc: 'LOCK4denied: the conflicting lock.'
    seq:
      - id: offset
        type: u8
      - id: length
        type: u8
      - id: locktype
        type: u4
        enum: nfs_lock_type4
      - id: owner
        type: lock_owner4
  createtype4:
    doc: createtype4.
    seq:
      - id: type
        type: u4
        enum: nfs_ftype4
      - id: linkdata
        type: rpc_xdr::string
        if: type == nfs_ftype4::nf4lnk
      - id: devdata
        type: specdata4
        if: type == nfs_ftype4::nf4blk or type == nfs_ftype4::nf4chr
  creatverfattr:
    doc: creatverfattr (EXCLUSIVE4_1).
    seq:
      - id: verf
        size: 8
        -hexview-show: hex
      - id: attrs
        type: fattr4
  createhow4:
    doc: createhow4.
    seq:
      - id: mode
        type: u4
        enum: createmode4
      - id: createattrs
        type: fattr4
        if: mode == createmode4::unchecked4 or mode == createmode4::guarded4
      - id: createverf
        size: 8
        -hexview-show: hex
        if: mode == createmode4::exclusive4
      - id: ch_createboth
        type: creatverfattr
        if: mode == createmode4::exclusive4_1
  openflag4:
    doc: openflag4.
    seq:
      - id: opentype
        type: u4
        enum: opentype4
      - id: how
        type: createhow4
        if: opentype == opentype4::open4_create
  open_claim_delegate_cur4:
    doc: open_claim_delegate_cur4.
    seq:
      - id: delegate_stateid
        type: stateid4
      - id: file
        type: rpc_xdr::string
  open_claim4:
    doc: open_claim4.
    seq:
      - id: claim
        type: u4
        enum: open_claim_type4
      - id: file
        type: rpc_xdr::string
        if: claim == open_claim_type4::claim_null or claim == open_claim_type4::claim_delegate_prev
      - id: delegate_type
        type: u4
        enum: open_delegation_type4
        if: claim == open_claim_type4::claim_previous
      - id: delegate_cur_info
        type: open_claim_delegate_cur4
        if: claim == open_claim_type4::claim_delegate_cur
      - id: oc_delegate_stateid
        type: stateid4
        if: claim == open_claim_type4::claim_deleg_cur_fh
  nfs_space_limit4:
    doc: 'nfs_space_limit4: when a write delegation''s client must flush on close (RFC 8881 section 18.16).'
    seq:
      - id: limitby
        type: u4
        enum: limit_by4
        doc: How the limit is given.
      - id: filesize
        type: u8
        if: limitby == limit_by4::nfs_limit_size
        doc: Limit as a file size in bytes.
      - id: num_blocks
        type: u4
        if: limitby == limit_by4::nfs_limit_blocks
        doc: 'nfs_modified_limit4: number of blocks.'
      - id: bytes_per_block
        type: u4
        if: limitby == limit_by4::nfs_limit_blocks
        doc: 'nfs_modified_limit4: bytes per block.'
  open_delegation4:
    doc: open_delegation4.
    seq:
      - id: delegation_type
        type: u4
        enum: open_delegation_type4
      - id: stateid
        type: stateid4
        if: >-
          delegation_type == open_delegation_type4::open_delegate_read or delegation_type
          == open_delegation_type4::open_delegate_write
      - id: recall
        type: u4
        enum: xdr_bool
        if: >-
          delegation_type == open_delegation_type4::open_delegate_read or delegation_type
          == open_delegation_type4::open_delegate_write
      - id: space_limit
        type: nfs_space_limit4
        if: delegation_type == open_delegation_type4::open_delegate_write
      - id: permissions
        type: nfsace4
        if: >-
          delegation_type == open_delegation_type4::open_delegate_read or delegation_type
          == open_delegation_type4::open_delegate_write
      - id: why
        type: u4
        enum: why_no_delegation4
        if: delegation_type == open_delegation_type4::open_delegate_none_ext
        doc: 'open_none_delegation4 ond_why: why no delegation was granted (4.1).'
      - id: will_signal_or_push
        type: u4
        enum: xdr_bool
        if: >-
          delegation_type == open_delegation_type4::open_delegate_none_ext and (why
          == why_no_delegation4::wnd4_contention or why == why_no_delegation4::wnd4_resource)
        doc: 'WND4_CONTENTION: ond_server_will_push_deleg; WND4_RESOURCE: ond_server_will_signal_avail.'
  cb_sec_parms4:
    doc: callback_sec_parms4.
    seq:
      - id: cb_secflavor
        type: u4
        enum: rpc_xdr::auth_flavor
      - id: cbsp_sys_cred
        type: rpc_xdr::auth_sys_parms
        if: cb_secflavor == rpc_xdr::auth_flavor::auth_sys
      - id: gss_service
        type: u4
        enum: rpc_gss_svc_t
        if: cb_secflavor == rpc_xdr::auth_flavor::rpcsec_gss
        doc: gss_cb_handles4 gcbp_service (RFC 2203).
      - id: handle_from_server
        type: rpc_xdr::opaque
        if: cb_secflavor == rpc_xdr::auth_flavor::rpcsec_gss
      - id: handle_from_client
        type: rpc_xdr::opaque
        if: cb_secflavor == rpc_xdr::auth_flavor::rpcsec_gss
  channel_attrs4:
    doc: channel_attrs4.
    seq:
      - id: headerpadsize
        type: u4
      - id: maxrequestsize
        type: u4
      - id: maxresponsesize
        type: u4
      - id: maxresponsesize_cached
        type: u4
      - id: maxoperations
        type: u4
      - id: maxrequests
        type: u4
      - id: num_rdma_ird
        type: u4
      - id: rdma_ird
        type: u4
        repeat: expr
        repeat-expr: num_rdma_ird
  state_protect_ops4:
    doc: state_protect_ops4.
    seq:
      - id: must_enforce
        type: bitmap4
      - id: must_allow
        type: bitmap4
  ssv_sp_parms4:
    doc: ssv_sp_parms4.
    seq:
      - id: ops
        type: state_protect_ops4
      - id: num_hash_algs
        type: u4
      - id: hash_algs
        type: rpc_xdr::opaque
        repeat: expr
        repeat-expr: num_hash_algs
      - id: num_encr_algs
        type: u4
      - id: encr_algs
        type: rpc_xdr::opaque
        repeat: expr
        repeat-expr: num_encr_algs
      - id: window
        type: u4
      - id: num_gss_handles
        type: u4
  ssv_prot_info4:
    doc: ssv_prot_info4.
    seq:
      - id: ops
        type: state_protect_ops4
      - id: hash_alg
        type: u4
      - id: encr_alg
        type: u4
      - id: ssv_len
        type: u4
      - id: window
        type: u4
      - id: num_handles
        type: u4
      - id: handles
        type: rpc_xdr::opaque
        repeat: expr
        repeat-expr: num_handles
  state_protect4_a:
    doc: state_protect4_a.
    seq:
      - id: how
        type: u4
        enum: state_protect_how4
      - id: mach_ops
        type: state_protect_ops4
        if: how == state_protect_how4::sp4_mach_cred
      - id: ssv_parms
        type: ssv_sp_parms4
        if: how == state_protect_how4::sp4_ssv
  state_protect4_r:
    doc: state_protect4_r.
    seq:
      - id: how
        type: u4
        enum: state_protect_how4
      - id: mach_ops
        type: state_protect_ops4
        if: how == state_protect_how4::sp4_mach_cred
      - id: ssv_info
        type: ssv_prot_info4
        if: how == state_protect_how4::sp4_ssv
  nfs_impl_id4:
    doc: nfs_impl_id4.
    seq:
      - id: domain
        type: rpc_xdr::string
      - id: name
        type: rpc_xdr::string
      - id: date
        type: nfstime4
        -hexview-show: time
  newoffset4:
    doc: newoffset4.
    seq:
      - id: changed
        type: u4
        enum: xdr_bool
      - id: offset
        type: u8
        if: changed == xdr_bool::true
  newtime4:
    doc: newtime4.
    seq:
      - id: changed
        type: u4
        enum: xdr_bool
      - id: time
        type: nfstime4
        -hexview-show: time
        if: changed == xdr_bool::true
  newsize4:
    doc: newsize4.
    seq:
      - id: size_changed
        type: u4
        enum: xdr_bool
      - id: size
        type: u8
        if: size_changed == xdr_bool::true
  layoutupdate4:
    doc: >-
      layoutupdate4 of LAYOUTCOMMIT: the layout type and its body (opaque<>). Block
      and SCSI layouts commit extents or ranges (RFC 5663 section 2.3.2, RFC 8154
      section 2.4.3); files and flexible files send an empty body; any other
      type's body stays bytes.
    seq:
      - id: layout_type
        type: u4
        enum: layouttype4
      - id: body_len
        type: u4
      - id: body
        type:
          switch-on: layout_type
          cases:
            layouttype4::block_volume: pnfs_block_layoutupdate4
            layouttype4::scsi: pnfs_scsi_layoutupdate4
        size: body_len
      - id: padding
        size: (4 - body_len % 4) % 4
  layoutstats_update4:
    doc: >-
      layoutupdate4 of LAYOUTSTATS (RFC 7862 section 15.7): for flexible files the body is
      ff_layoutupdate4 (RFC 8435 section 9.2.2); any other type's body stays bytes.
    seq:
      - id: layout_type
        type: u4
        enum: layouttype4
      - id: body_len
        type: u4
      - id: body
        type:
          switch-on: layout_type
          cases:
            layouttype4::flex_files: ff_layoutupdate4
        size: body_len
      - id: padding
        size: (4 - body_len % 4) % 4
  layoutreturn4:
    doc: >-
      layoutreturn4: FILE carries a range, a stateid and a body by the LAYOUTRETURN's
      layout type: ff_layoutreturn4 for flexible files (RFC 8435 section 9.3); block
      and SCSI send it empty (RFC 5663 section 2.3.3); any other type's body stays bytes.
    seq:
      - id: returntype
        type: u4
        enum: layoutreturn_type4
      - id: offset
        type: u8
        if: returntype == layoutreturn_type4::file
      - id: length
        type: u8
        if: returntype == layoutreturn_type4::file
      - id: stateid
        type: stateid4
        if: returntype == layoutreturn_type4::file
      - id: body_len
        type: u4
        if: returntype == layoutreturn_type4::file
      - id: body
        type:
          switch-on: _parent.layout_type
          cases:
            layouttype4::flex_files: ff_layoutreturn4
        size: body_len
        if: returntype == layoutreturn_type4::file
      - id: padding
        size: (4 - body_len % 4) % 4
        if: returntype == layoutreturn_type4::file
  layout_content4:
    doc: 'layout_content4: the layout type and its body (opaque<>).'
    seq:
      - id: layout_type
        type: u4
        enum: layouttype4
      - id: body_len
        type: u4
      - id: body
        type:
          switch-on: layout_type
          cases:
            layouttype4::nfsv4_1_files: nfsv4_1_file_layout4
            layouttype4::flex_files: ff_layout4
            layouttype4::block_volume: pnfs_block_layout4
            layouttype4::scsi: pnfs_block_layout4
        size: body_len
      - id: padding
        size: (4 - body_len % 4) % 4
  layout4:
    doc: 'layout4: one layout segment.'
    seq:
      - id: offset
        type: u8
      - id: length
        type: u8
        -hexview-show: hex
      - id: iomode
        type: u4
        enum: layoutiomode4
      - id: content
        type: layout_content4
  nfsv4_1_file_layout4:
    doc: >-
      nfsv4_1_file_layout4 (RFC 8881 section 13.3). In the peer-to-peer extension
      the deviceid is the data-server client's clientid and each handle carries the
      MDS identifier first.
    seq:
      - id: deviceid
        size: 16
        -hexview-show: hex
      - id: nfl_util
        type: u4
        -hexview-show: hex
        doc: Stripe unit (util & 0xFFFFFFC0) and flags (0x1 DENSE, 0x2 COMMIT_THRU_MDS).
      - id: first_stripe_index
        type: u4
      - id: pattern_offset
        type: u8
      - id: num_fh_list
        type: u4
      - id: fh_list
        type: nfs_fh4
        repeat: expr
        repeat-expr: num_fh_list
  multipath_list4:
    doc: 'multipath_list4: the addresses of one data server.'
    seq:
      - id: num_addrs
        type: u4
      - id: addrs
        type: netaddr4
        repeat: expr
        repeat-expr: num_addrs
  nfsv4_1_file_layout_ds_addr4:
    doc: nfsv4_1_file_layout_ds_addr4 (RFC 8881 section 13.3).
    seq:
      - id: num_stripe_indices
        type: u4
      - id: stripe_indices
        type: u4
        repeat: expr
        repeat-expr: num_stripe_indices
      - id: num_multipath_ds_list
        type: u4
      - id: multipath_ds_list
        type: multipath_list4
        repeat: expr
        repeat-expr: num_multipath_ds_list
  ff_data_server4:
    doc: 'ff_data_server4 (RFC 8435 section 5.1): one data server of a mirror and how to reach the file on it.'
    seq:
      - id: deviceid
        size: 16
        -hexview-show: hex
      - id: efficiency
        type: u4
        doc: Higher is better for reads (ffds_efficiency).
      - id: stateid
        type: stateid4
        doc: Stateid for I/O to the data server (anonymous for NFSv3 data servers).
      - id: num_fh_vers
        type: u4
      - id: fh_vers
        type: nfs_fh4
        repeat: expr
        repeat-expr: num_fh_vers
        doc: The file's handle on the data server, one per NFS version it speaks.
      - id: user
        type: rpc_xdr::string
        doc: Synthetic user (fattr4_owner) for loosely coupled data servers.
      - id: group
        type: rpc_xdr::string
        doc: Synthetic group (fattr4_owner_group).
  ff_mirror4:
    doc: 'ff_mirror4: the data servers holding one copy of the data.'
    seq:
      - id: num_data_servers
        type: u4
      - id: data_servers
        type: ff_data_server4
        repeat: expr
        repeat-expr: num_data_servers
  ff_flags4:
    doc: 'ff_flags4 (RFC 8435 section 5.1): FF_FLAGS_* bits.'
    seq:
      - id: reserved
        type: b28
        doc: Bits 31-4, not defined.
      - id: write_one_mirror
        type: b1
        doc: FF_FLAGS_WRITE_ONE_MIRROR (0x8).
      - id: no_read_io
        type: b1
        doc: FF_FLAGS_NO_READ_IO (0x4).
      - id: no_io_thru_mds
        type: b1
        doc: FF_FLAGS_NO_IO_THRU_MDS (0x2).
      - id: no_layoutcommit
        type: b1
        doc: FF_FLAGS_NO_LAYOUTCOMMIT (0x1).
  ff_layout4:
    doc: 'ff_layout4 (RFC 8435 section 5.1): the flexible file layout body of layout_content4.'
    seq:
      - id: stripe_unit
        type: u8
      - id: num_mirrors
        type: u4
      - id: mirrors
        type: ff_mirror4
        repeat: expr
        repeat-expr: num_mirrors
      - id: flags
        type: ff_flags4
      - id: stats_collect_hint
        type: u4
        doc: Seconds between LAYOUTSTATS the server wishes for (0 none).
  ff_device_versions4:
    doc: 'ff_device_versions4 (RFC 8435 section 4.1): one NFS version the data server speaks.'
    seq:
      - id: version
        type: u4
      - id: minorversion
        type: u4
      - id: rsize
        type: u4
      - id: wsize
        type: u4
      - id: tightly_coupled
        type: u4
        enum: xdr_bool
  ff_device_addr4:
    doc: 'ff_device_addr4 (RFC 8435 section 4.1): the flexible file device address body of device_addr4.'
    seq:
      - id: netaddrs
        type: multipath_list4
      - id: num_versions
        type: u4
      - id: versions
        type: ff_device_versions4
        repeat: expr
        repeat-expr: num_versions
  ff_ioerr4:
    doc: 'ff_ioerr4 (RFC 8435 section 9.1.1): I/O errors on a range.'
    seq:
      - id: offset
        type: u8
      - id: length
        type: u8
        -hexview-show: hex
      - id: stateid
        type: stateid4
      - id: num_errors
        type: u4
      - id: errors
        type: device_error4
        repeat: expr
        repeat-expr: num_errors
  ff_io_latency4:
    doc: 'ff_io_latency4 (RFC 8435 section 9.2.1): operation and byte counts and busy times.'
    seq:
      - id: ops_requested
        type: u8
      - id: bytes_requested
        type: u8
      - id: ops_completed
        type: u8
      - id: bytes_completed
        type: u8
      - id: bytes_not_delivered
        type: u8
      - id: total_busy_time
        type: nfstime4
        doc: A duration, not a date.
      - id: aggregate_completion_time
        type: nfstime4
        doc: A duration, not a date.
  ff_layoutupdate4:
    doc: 'ff_layoutupdate4 (RFC 8435 section 9.2.2): per data server statistics.'
    seq:
      - id: addr
        type: netaddr4
      - id: fhandle
        type: nfs_fh4
      - id: read
        type: ff_io_latency4
      - id: write
        type: ff_io_latency4
      - id: duration
        type: nfstime4
        doc: Period the statistics cover (a duration).
      - id: local
        type: u4
        enum: xdr_bool
        doc: The I/O was served from the client's cache.
  ff_iostats4:
    doc: 'ff_iostats4 (RFC 8435 section 9.2.3).'
    seq:
      - id: offset
        type: u8
      - id: length
        type: u8
        -hexview-show: hex
      - id: stateid
        type: stateid4
      - id: read
        type: io_info4
      - id: write
        type: io_info4
      - id: deviceid
        size: 16
        -hexview-show: hex
      - id: layoutupdate
        type: ff_layoutupdate4
  ff_layoutreturn4:
    doc: 'ff_layoutreturn4 (RFC 8435 section 9.3): the flexible file body of layoutreturn_file4.'
    seq:
      - id: num_ioerr_report
        type: u4
      - id: ioerr_report
        type: ff_ioerr4
        repeat: expr
        repeat-expr: num_ioerr_report
      - id: num_iostats_report
        type: u4
      - id: iostats_report
        type: ff_iostats4
        repeat: expr
        repeat-expr: num_iostats_report
  pnfs_block_extent4:
    doc: >-
      pnfs_block_extent4 (RFC 5663 section 2.3); pnfs_scsi_extent4 (RFC 8154
      section 2.3) has the same fields.
    seq:
      - id: vol_id
        size: 16
        -hexview-show: hex
        doc: Deviceid of the logical volume holding the extent.
      - id: file_offset
        type: u8
      - id: length
        type: u8
      - id: storage_offset
        type: u8
        doc: Start on the volume (unused in a commit list).
      - id: state
        type: u4
        enum: pnfs_block_extent_state4
  pnfs_block_layout4:
    doc: 'pnfs_block_layout4 / pnfs_scsi_layout4: the extents of a block or SCSI layout.'
    seq:
      - id: num_extents
        type: u4
      - id: extents
        type: pnfs_block_extent4
        repeat: expr
        repeat-expr: num_extents
  pnfs_block_layoutupdate4:
    doc: 'pnfs_block_layoutupdate4 (RFC 5663 section 2.3.2): extents that now hold valid data.'
    seq:
      - id: num_commit_list
        type: u4
      - id: commit_list
        type: pnfs_block_extent4
        repeat: expr
        repeat-expr: num_commit_list
  pnfs_scsi_range4:
    doc: pnfs_scsi_range4 (RFC 8154 section 2.4.3).
    seq:
      - id: file_offset
        type: u8
      - id: length
        type: u8
  pnfs_scsi_layoutupdate4:
    doc: 'pnfs_scsi_layoutupdate4 (RFC 8154 section 2.4.3): ranges that now hold valid data.'
    seq:
      - id: num_commit_list
        type: u4
      - id: commit_list
        type: pnfs_scsi_range4
        repeat: expr
        repeat-expr: num_commit_list
  pnfs_block_sig_component4:
    doc: 'pnfs_block_sig_component4 (RFC 5663 section 2.2.1): part of a disk signature.'
    seq:
      - id: sig_offset
        type: s8
        doc: Byte offset on the volume (negative counts from its end).
      - id: contents
        type: rpc_xdr::opaque
  pnfs_block_slice_volume_info4:
    doc: pnfs_block_slice_volume_info4 (RFC 5663 section 2.2.2).
    seq:
      - id: start
        type: u8
      - id: length
        type: u8
      - id: volume
        type: u4
        doc: Index of the sliced volume in the volume array.
  pnfs_block_volume_list4:
    doc: The array indices of the volumes a concatenation or stripe is made of.
    seq:
      - id: num_volumes
        type: u4
      - id: volumes
        type: u4
        repeat: expr
        repeat-expr: num_volumes
  pnfs_block_volume4:
    doc: 'pnfs_block_volume4 (RFC 5663 section 2.2.2): one volume of the topology.'
    seq:
      - id: type
        type: u4
        enum: pnfs_block_volume_type4
      - id: num_signature
        type: u4
        if: type == pnfs_block_volume_type4::simple
      - id: signature
        type: pnfs_block_sig_component4
        repeat: expr
        repeat-expr: num_signature
        if: type == pnfs_block_volume_type4::simple
      - id: slice
        type: pnfs_block_slice_volume_info4
        if: type == pnfs_block_volume_type4::slice
      - id: stripe_unit
        type: u8
        if: type == pnfs_block_volume_type4::stripe
      - id: volumes
        type: pnfs_block_volume_list4
        if: type == pnfs_block_volume_type4::concat or type == pnfs_block_volume_type4::stripe
  pnfs_block_deviceaddr4:
    doc: 'pnfs_block_deviceaddr4 (RFC 5663 section 2.2.2): the volumes, root last.'
    seq:
      - id: num_volumes
        type: u4
      - id: volumes
        type: pnfs_block_volume4
        repeat: expr
        repeat-expr: num_volumes
  pnfs_scsi_base_volume_info4:
    doc: 'pnfs_scsi_base_volume_info4 (RFC 8154 section 2.3.1): a logical unit and its reservation key.'
    seq:
      - id: code_set
        type: u4
        enum: pnfs_scsi_code_set
      - id: designator_type
        type: u4
        enum: pnfs_scsi_designator_type
      - id: designator
        type: rpc_xdr::opaque
        doc: The VPD page 0x83 designator naming the logical unit.
      - id: pr_key
        type: u8
        -hexview-show: hex
        doc: Persistent reservation key the client registers with.
  pnfs_scsi_volume4:
    doc: 'pnfs_scsi_volume4 (RFC 8154 section 2.3.1): one volume of the topology.'
    seq:
      - id: type
        type: u4
        enum: pnfs_scsi_volume_type4
      - id: base
        type: pnfs_scsi_base_volume_info4
        if: type == pnfs_scsi_volume_type4::base
      - id: slice
        type: pnfs_block_slice_volume_info4
        if: type == pnfs_scsi_volume_type4::slice
      - id: stripe_unit
        type: u8
        if: type == pnfs_scsi_volume_type4::stripe
      - id: volumes
        type: pnfs_block_volume_list4
        if: type == pnfs_scsi_volume_type4::concat or type == pnfs_scsi_volume_type4::stripe
  pnfs_scsi_deviceaddr4:
    doc: 'pnfs_scsi_deviceaddr4 (RFC 8154 section 2.3.1): the volumes, root last.'
    seq:
      - id: num_volumes
        type: u4
      - id: volumes
        type: pnfs_scsi_volume4
        repeat: expr
        repeat-expr: num_volumes
  device_addr4:
    doc: 'device_addr4: the layout type and its address body (opaque<>).'
    seq:
      - id: layout_type
        type: u4
        enum: layouttype4
      - id: addr_body_len
        type: u4
      - id: addr_body
        type:
          switch-on: layout_type
          cases:
            layouttype4::nfsv4_1_files: nfsv4_1_file_layout_ds_addr4
            layouttype4::flex_files: ff_device_addr4
            layouttype4::block_volume: pnfs_block_deviceaddr4
            layouttype4::scsi: pnfs_scsi_deviceaddr4
        size: addr_body_len
      - id: padding
        size: (4 - addr_body_len % 4) % 4
  device_error4:
    doc: device_error4.
    seq:
      - id: deviceid
        size: 16
        -hexview-show: hex
      - id: status
        type: u4
        enum: nfsstat4
      - id: opnum
        type: u4
        enum: nfs_opnum4
  io_info4:
    doc: io_info4.
    seq:
      - id: count
        type: u8
      - id: bytes
        type: u8
  netloc4:
    doc: netloc4.
    seq:
      - id: nl_type
        type: u4
        enum: netloc_type4
      - id: name
        type: rpc_xdr::string
        if: nl_type == netloc_type4::nl4_name or nl_type == netloc_type4::nl4_url
      - id: addr
        type: netaddr4
        if: nl_type == netloc_type4::nl4_netaddr
  write_response4:
    doc: write_response4.
    seq:
      - id: num_callback_id
        type: u4
      - id: callback_id
        type: stateid4
        repeat: expr
        repeat-expr: num_callback_id
      - id: count
        type: u8
      - id: committed
        type: u4
        enum: stable_how4
      - id: writeverf
        size: 8
        -hexview-show: hex
  copy_requirements4:
    doc: copy_requirements4.
    seq:
      - id: consecutive
        type: u4
        enum: xdr_bool
      - id: synchronous
        type: u4
        enum: xdr_bool
  app_data_block4:
    doc: app_data_block4.
    seq:
      - id: offset
        type: u8
      - id: block_size
        type: u8
      - id: block_count
        type: u8
      - id: reloff_blocknum
        type: u8
      - id: block_num
        type: u4
      - id: reloff_pattern
        type: u8
      - id: pattern
        type: rpc_xdr::opaque
  secinfo4:
    doc: secinfo4.
    seq:
      - id: flavor
        type: u4
        enum: rpc_xdr::auth_flavor
      - id: oid
        type: rpc_xdr::opaque
        if: flavor == rpc_xdr::auth_flavor::rpcsec_gss
      - id: qop
        type: u4
        if: flavor == rpc_xdr::auth_flavor::rpcsec_gss
      - id: service
        type: u4
        enum: rpc_gss_svc_t
        if: flavor == rpc_xdr::auth_flavor::rpcsec_gss
        doc: rpcsec_gss_info service (RFC 2203).
  entry4:
    doc: 'entry4: one directory entry (value_follows precedes each).'
    seq:
      - id: cookie
        type: u8
      - id: name
        type: rpc_xdr::string
      - id: attrs
        type: fattr4
      - id: value_follows
        type: u4
        enum: xdr_bool
  dirlist4:
    doc: 'dirlist4: entries chained by value_follows, then eof.'
    seq:
      - id: value_follows
        type: u4
        enum: xdr_bool
      - id: entries
        type: entry4
        if: value_follows == xdr_bool::true
        repeat: until
        repeat-until: _.value_follows != xdr_bool::true
      - id: eof
        type: u4
        enum: xdr_bool
  read_plus_content:
    doc: 'read_plus_content: data or a hole.'
    seq:
      - id: content_type
        type: u4
        enum: data_content4
      - id: offset
        type: u8
      - id: data
        type: rpc_xdr::opaque
        if: content_type == data_content4::nfs4_content_data
      - id: length
        type: u8
        if: content_type == data_content4::nfs4_content_hole
  referring_call4:
    doc: referring_call4.
    seq:
      - id: sequenceid
        type: u4
      - id: slotid
        type: u4
  referring_call_list4:
    doc: referring_call_list4.
    seq:
      - id: sessionid
        size: 16
        -hexview-show: hex
      - id: num_referring_calls
        type: u4
      - id: referring_calls
        type: referring_call4
        repeat: expr
        repeat-expr: num_referring_calls
  notify4:
    doc: 'notify4: bitmap of notification types and their values (opaque).'
    seq:
      - id: mask
        type: bitmap4
      - id: values
        type: rpc_xdr::opaque
  layoutrecall4:
    doc: layoutrecall4.
    seq:
      - id: recalltype
        type: u4
        enum: layoutreturn_type4
      - id: fh
        type: nfs_fh4
        if: recalltype == layoutreturn_type4::file
      - id: offset
        type: u8
        if: recalltype == layoutreturn_type4::file
      - id: length
        type: u8
        -hexview-show: hex
        if: recalltype == layoutreturn_type4::file
      - id: stateid
        type: stateid4
        if: recalltype == layoutreturn_type4::file
      - id: fsid
        type: fsid4
        if: recalltype == layoutreturn_type4::fsid
  offload_info4:
    doc: offload_info4.
    seq:
      - id: status
        type: u4
        enum: nfsstat4
      - id: resok
        type: write_response4
        if: status == nfsstat4::nfs4_ok
      - id: count
        type: u8
        if: status != nfsstat4::nfs4_ok
  access_args:
    doc: ACCESS4args.
    seq:
      - id: access
        type: u4
        -hexview-show: hex
  access_resok:
    doc: ACCESS4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: supported
        type: u4
        -hexview-show: hex
      - id: access
        type: u4
        -hexview-show: hex
  close_args:
    doc: CLOSE4args.
    seq:
      - id: seqid
        type: u4
      - id: stateid
        type: stateid4
  close_resok:
    doc: CLOSE4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: stateid
        type: stateid4
  commit_args:
    doc: COMMIT4args.
    seq:
      - id: offset
        type: u8
      - id: count
        type: u4
  commit_resok:
    doc: COMMIT4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: writeverf
        size: 8
        -hexview-show: hex
  create_args:
    doc: CREATE4args.
    seq:
      - id: objtype
        type: createtype4
      - id: objname
        type: rpc_xdr::string
      - id: createattrs
        type: fattr4
  create_resok:
    doc: CREATE4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: cinfo
        type: change_info4
      - id: attrset
        type: bitmap4
  delegpurge_args:
    doc: DELEGPURGE4args.
    seq:
      - id: clientid
        type: u8
        -hexview-show: hex
  delegreturn_args:
    doc: DELEGRETURN4args.
    seq:
      - id: stateid
        type: stateid4
  getattr_args:
    doc: GETATTR4args.
    seq:
      - id: attr_request
        type: bitmap4
  getattr_resok:
    doc: GETATTR4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: obj_attributes
        type: fattr4
  getfh_resok:
    doc: GETFH4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: object
        type: nfs_fh4
  link_args:
    doc: LINK4args.
    seq:
      - id: newname
        type: rpc_xdr::string
  link_resok:
    doc: LINK4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: cinfo
        type: change_info4
  lock_args:
    doc: LOCK4args.
    seq:
      - id: locktype
        type: u4
        enum: nfs_lock_type4
      - id: reclaim
        type: u4
        enum: xdr_bool
      - id: offset
        type: u8
      - id: length
        type: u8
        -hexview-show: hex
      - id: locker
        type: locker4
  lock_resok:
    doc: LOCK4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: stateid
        type: stateid4
  lock_resfail:
    doc: LOCK4res arm for NFS4ERR_DENIED.
    seq:
      - id: denied
        type: lock4denied
        if: _parent.status == nfsstat4::nfs4err_denied
  lockt_args:
    doc: LOCKT4args.
    seq:
      - id: locktype
        type: u4
        enum: nfs_lock_type4
      - id: offset
        type: u8
      - id: length
        type: u8
        -hexview-show: hex
      - id: owner
        type: lock_owner4
  lockt_resfail:
    doc: LOCKT4res arm for NFS4ERR_DENIED.
    seq:
      - id: denied
        type: lock4denied
        if: _parent.status == nfsstat4::nfs4err_denied
  locku_args:
    doc: LOCKU4args.
    seq:
      - id: locktype
        type: u4
        enum: nfs_lock_type4
      - id: seqid
        type: u4
      - id: stateid
        type: stateid4
      - id: offset
        type: u8
      - id: length
        type: u8
        -hexview-show: hex
  locku_resok:
    doc: LOCKU4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: stateid
        type: stateid4
  lookup_args:
    doc: LOOKUP4args.
    seq:
      - id: objname
        type: rpc_xdr::string
  nverify_args:
    doc: NVERIFY4args.
    seq:
      - id: obj_attributes
        type: fattr4
  open_args:
    doc: OPEN4args.
    seq:
      - id: seqid
        type: u4
      - id: share_access
        type: share_access4
      - id: share_deny
        type: u4
        enum: share_deny4
      - id: owner
        type: open_owner4
      - id: openhow
        type: openflag4
      - id: claim
        type: open_claim4
  open_resok:
    doc: OPEN4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: stateid
        type: stateid4
      - id: cinfo
        type: change_info4
      - id: rflags
        type: u4
        -hexview-show: hex
      - id: attrset
        type: bitmap4
      - id: delegation
        type: open_delegation4
  openattr_args:
    doc: OPENATTR4args.
    seq:
      - id: createdir
        type: u4
        enum: xdr_bool
  open_confirm_args:
    doc: OPEN_CONFIRM4args.
    seq:
      - id: stateid
        type: stateid4
      - id: seqid
        type: u4
  open_confirm_resok:
    doc: OPEN_CONFIRM4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: stateid
        type: stateid4
  open_downgrade_args:
    doc: OPEN_DOWNGRADE4args.
    seq:
      - id: stateid
        type: stateid4
      - id: seqid
        type: u4
      - id: share_access
        type: share_access4
      - id: share_deny
        type: u4
        enum: share_deny4
  open_downgrade_resok:
    doc: OPEN_DOWNGRADE4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: stateid
        type: stateid4
  putfh_args:
    doc: PUTFH4args.
    seq:
      - id: object
        type: nfs_fh4
  read_args:
    doc: READ4args.
    seq:
      - id: stateid
        type: stateid4
      - id: offset
        type: u8
      - id: count
        type: u4
  read_resok:
    doc: READ4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: eof
        type: u4
        enum: xdr_bool
      - id: data
        type: rpc_xdr::opaque
  readdir_args:
    doc: READDIR4args.
    seq:
      - id: cookie
        type: u8
      - id: cookieverf
        size: 8
        -hexview-show: hex
      - id: dircount
        type: u4
      - id: maxcount
        type: u4
      - id: attr_request
        type: bitmap4
  readdir_resok:
    doc: READDIR4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: cookieverf
        size: 8
        -hexview-show: hex
      - id: reply
        type: dirlist4
  readlink_resok:
    doc: READLINK4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: link
        type: rpc_xdr::string
  remove_args:
    doc: REMOVE4args.
    seq:
      - id: target
        type: rpc_xdr::string
  remove_resok:
    doc: REMOVE4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: cinfo
        type: change_info4
  rename_args:
    doc: RENAME4args.
    seq:
      - id: oldname
        type: rpc_xdr::string
      - id: newname
        type: rpc_xdr::string
  rename_resok:
    doc: RENAME4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: source_cinfo
        type: change_info4
      - id: target_cinfo
        type: change_info4
  renew_args:
    doc: RENEW4args.
    seq:
      - id: clientid
        type: u8
        -hexview-show: hex
  secinfo_args:
    doc: SECINFO4args.
    seq:
      - id: name
        type: rpc_xdr::string
  secinfo_resok:
    doc: SECINFO4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: num_secinfo
        type: u4
      - id: secinfo
        type: secinfo4
        repeat: expr
        repeat-expr: num_secinfo
  setattr_args:
    doc: SETATTR4args.
    seq:
      - id: stateid
        type: stateid4
      - id: obj_attributes
        type: fattr4
  setattr_resok:
    doc: SETATTR4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: attrsset
        type: bitmap4
  setclientid_args:
    doc: SETCLIENTID4args.
    seq:
      - id: verifier
        size: 8
        -hexview-show: hex
      - id: id
        type: rpc_xdr::opaque
      - id: cb_program
        type: u4
        -hexview-show: hex
      - id: cb_location
        type: netaddr4
      - id: callback_ident
        type: u4
        -hexview-show: hex
  setclientid_resok:
    doc: SETCLIENTID4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: clientid
        type: u8
        -hexview-show: hex
      - id: setclientid_confirm
        size: 8
        -hexview-show: hex
  setclientid_resfail:
    doc: SETCLIENTID4res arm for NFS4ERR_CLID_INUSE.
    seq:
      - id: client_using
        type: netaddr4
        if: _parent.status == nfsstat4::nfs4err_clid_inuse
  setclientid_confirm_args:
    doc: SETCLIENTID_CONFIRM4args.
    seq:
      - id: clientid
        type: u8
        -hexview-show: hex
      - id: setclientid_confirm
        size: 8
        -hexview-show: hex
  verify_args:
    doc: VERIFY4args.
    seq:
      - id: obj_attributes
        type: fattr4
  write_args:
    doc: WRITE4args.
    seq:
      - id: stateid
        type: stateid4
      - id: offset
        type: u8
      - id: stable
        type: u4
        enum: stable_how4
      - id: data
        type: rpc_xdr::opaque
  write_resok:
    doc: WRITE4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: count
        type: u4
      - id: committed
        type: u4
        enum: stable_how4
      - id: writeverf
        size: 8
        -hexview-show: hex
  release_lockowner_args:
    doc: RELEASE_LOCKOWNER4args.
    seq:
      - id: lock_owner
        type: lock_owner4
  backchannel_ctl_args:
    doc: BACKCHANNEL_CTL4args.
    seq:
      - id: cb_program
        type: u4
        -hexview-show: hex
      - id: num_sec_parms
        type: u4
      - id: sec_parms
        type: cb_sec_parms4
        repeat: expr
        repeat-expr: num_sec_parms
  bind_conn_to_session_args:
    doc: BIND_CONN_TO_SESSION4args.
    seq:
      - id: sessionid
        size: 16
        -hexview-show: hex
      - id: dir
        type: u4
        enum: channel_dir4
      - id: use_conn_in_rdma_mode
        type: u4
        enum: xdr_bool
  bind_conn_to_session_resok:
    doc: BIND_CONN_TO_SESSION4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: sessionid
        size: 16
        -hexview-show: hex
      - id: dir
        type: u4
        enum: channel_dir_from_server4
        doc: 'bctsr_dir: the channel(s) the connection was bound to.'
      - id: use_conn_in_rdma_mode
        type: u4
        enum: xdr_bool
  exchange_id_args:
    doc: EXCHANGE_ID4args.
    seq:
      - id: verifier
        size: 8
        -hexview-show: hex
      - id: ownerid
        type: rpc_xdr::opaque
      - id: flags
        type: u4
        -hexview-show: hex
      - id: state_protect
        type: state_protect4_a
      - id: num_client_impl_id
        type: u4
      - id: client_impl_id
        type: nfs_impl_id4
        repeat: expr
        repeat-expr: num_client_impl_id
  exchange_id_resok:
    doc: EXCHANGE_ID4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: clientid
        type: u8
        -hexview-show: hex
      - id: sequenceid
        type: u4
      - id: flags
        type: u4
        -hexview-show: hex
      - id: state_protect
        type: state_protect4_r
      - id: server_owner_minor_id
        type: u8
      - id: server_owner_major_id
        type: rpc_xdr::opaque
      - id: server_scope
        type: rpc_xdr::opaque
      - id: num_server_impl_id
        type: u4
      - id: server_impl_id
        type: nfs_impl_id4
        repeat: expr
        repeat-expr: num_server_impl_id
  create_session_args:
    doc: CREATE_SESSION4args.
    seq:
      - id: clientid
        type: u8
        -hexview-show: hex
      - id: sequence
        type: u4
      - id: flags
        type: u4
        -hexview-show: hex
      - id: fore_chan_attrs
        type: channel_attrs4
      - id: back_chan_attrs
        type: channel_attrs4
      - id: cb_program
        type: u4
        -hexview-show: hex
      - id: num_sec_parms
        type: u4
      - id: sec_parms
        type: cb_sec_parms4
        repeat: expr
        repeat-expr: num_sec_parms
  create_session_resok:
    doc: CREATE_SESSION4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: sessionid
        size: 16
        -hexview-show: hex
      - id: sequence
        type: u4
      - id: flags
        type: u4
        -hexview-show: hex
      - id: fore_chan_attrs
        type: channel_attrs4
      - id: back_chan_attrs
        type: channel_attrs4
  destroy_session_args:
    doc: DESTROY_SESSION4args.
    seq:
      - id: sessionid
        size: 16
        -hexview-show: hex
  free_stateid_args:
    doc: FREE_STATEID4args.
    seq:
      - id: stateid
        type: stateid4
  get_dir_delegation_args:
    doc: GET_DIR_DELEGATION4args.
    seq:
      - id: signal_deleg_avail
        type: u4
        enum: xdr_bool
      - id: notification_types
        type: bitmap4
      - id: child_attr_delay
        type: nfstime4
      - id: dir_attr_delay
        type: nfstime4
      - id: child_attributes
        type: bitmap4
      - id: dir_attributes
        type: bitmap4
  get_dir_delegation_resok:
    doc: GET_DIR_DELEGATION4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: gddr_status
        type: u4
        enum: gddrnf4_status
        doc: 'gddrnf_status: whether the delegation was granted (a non-fatal result of an NFS4_OK reply).'
      - id: cookieverf
        size: 8
        -hexview-show: hex
        if: gddr_status == gddrnf4_status::gdd4_ok
      - id: stateid
        type: stateid4
        if: gddr_status == gddrnf4_status::gdd4_ok
      - id: notification
        type: bitmap4
        if: gddr_status == gddrnf4_status::gdd4_ok
      - id: child_attributes
        type: bitmap4
        if: gddr_status == gddrnf4_status::gdd4_ok
      - id: dir_attributes
        type: bitmap4
        if: gddr_status == gddrnf4_status::gdd4_ok
      - id: will_signal_deleg_avail
        type: u4
        enum: xdr_bool
        if: gddr_status == gddrnf4_status::gdd4_unavail
  getdeviceinfo_args:
    doc: GETDEVICEINFO4args.
    seq:
      - id: deviceid
        size: 16
        -hexview-show: hex
      - id: layout_type
        type: u4
        enum: layouttype4
      - id: maxcount
        type: u4
      - id: notify_types
        type: bitmap4
  getdeviceinfo_resok:
    doc: GETDEVICEINFO4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: device_addr
        type: device_addr4
      - id: notification
        type: bitmap4
  getdeviceinfo_resfail:
    doc: GETDEVICEINFO4res arm for NFS4ERR_TOOSMALL.
    seq:
      - id: mincount
        type: u4
        if: _parent.status == nfsstat4::nfs4err_toosmall
  getdevicelist_args:
    doc: GETDEVICELIST4args.
    seq:
      - id: layout_type
        type: u4
        enum: layouttype4
      - id: maxdevices
        type: u4
      - id: cookie
        type: u8
      - id: cookieverf
        size: 8
        -hexview-show: hex
  getdevicelist_resok:
    doc: GETDEVICELIST4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: cookie
        type: u8
      - id: cookieverf
        size: 8
        -hexview-show: hex
      - id: num_deviceid_list
        type: u4
      - id: deviceid_list
        repeat: expr
        repeat-expr: num_deviceid_list
        size: 16
        -hexview-show: hex
      - id: eof
        type: u4
        enum: xdr_bool
  layoutcommit_args:
    doc: LAYOUTCOMMIT4args.
    seq:
      - id: offset
        type: u8
      - id: length
        type: u8
        -hexview-show: hex
      - id: reclaim
        type: u4
        enum: xdr_bool
      - id: stateid
        type: stateid4
      - id: last_write_offset
        type: newoffset4
      - id: time_modify
        type: newtime4
      - id: layoutupdate
        type: layoutupdate4
  layoutcommit_resok:
    doc: LAYOUTCOMMIT4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: newsize
        type: newsize4
  layoutget_args:
    doc: LAYOUTGET4args.
    seq:
      - id: signal_layout_avail
        type: u4
        enum: xdr_bool
      - id: layout_type
        type: u4
        enum: layouttype4
      - id: iomode
        type: u4
        enum: layoutiomode4
      - id: offset
        type: u8
      - id: length
        type: u8
        -hexview-show: hex
      - id: minlength
        type: u8
      - id: stateid
        type: stateid4
      - id: maxcount
        type: u4
  layoutget_resok:
    doc: LAYOUTGET4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: return_on_close
        type: u4
        enum: xdr_bool
      - id: stateid
        type: stateid4
      - id: num_layout
        type: u4
      - id: layout
        type: layout4
        repeat: expr
        repeat-expr: num_layout
  layoutget_resfail:
    doc: LAYOUTGET4res arm for NFS4ERR_LAYOUTTRYLATER.
    seq:
      - id: will_signal_layout_avail
        type: u4
        enum: xdr_bool
        if: _parent.status == nfsstat4::nfs4err_layouttrylater
  layoutreturn_args:
    doc: LAYOUTRETURN4args.
    seq:
      - id: reclaim
        type: u4
        enum: xdr_bool
      - id: layout_type
        type: u4
        enum: layouttype4
      - id: iomode
        type: u4
        enum: layoutiomode4
      - id: layoutreturn
        type: layoutreturn4
  layoutreturn_resok:
    doc: LAYOUTRETURN4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: stateid_present
        type: u4
        enum: xdr_bool
      - id: stateid
        type: stateid4
        if: stateid_present == xdr_bool::true
  secinfo_no_name_args:
    doc: SECINFO_NO_NAME4args.
    seq:
      - id: style
        type: u4
        enum: secinfo_style4
        doc: 'SECINFO_NO_NAME4args: the current filehandle or its parent.'
  secinfo_no_name_resok:
    doc: SECINFO_NO_NAME4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: num_secinfo
        type: u4
      - id: secinfo
        type: secinfo4
        repeat: expr
        repeat-expr: num_secinfo
  sequence_args:
    doc: SEQUENCE4args.
    seq:
      - id: sessionid
        size: 16
        -hexview-show: hex
      - id: sequenceid
        type: u4
      - id: slotid
        type: u4
      - id: highest_slotid
        type: u4
      - id: cachethis
        type: u4
        enum: xdr_bool
  sequence_resok:
    doc: SEQUENCE4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: sessionid
        size: 16
        -hexview-show: hex
      - id: sequenceid
        type: u4
      - id: slotid
        type: u4
      - id: highest_slotid
        type: u4
      - id: target_highest_slotid
        type: u4
      - id: status_flags
        type: u4
        -hexview-show: hex
  set_ssv_args:
    doc: SET_SSV4args.
    seq:
      - id: ssv
        type: rpc_xdr::opaque
      - id: digest
        type: rpc_xdr::opaque
  set_ssv_resok:
    doc: SET_SSV4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: digest
        type: rpc_xdr::opaque
  test_stateid_args:
    doc: TEST_STATEID4args.
    seq:
      - id: num_stateids
        type: u4
      - id: stateids
        type: stateid4
        repeat: expr
        repeat-expr: num_stateids
  test_stateid_resok:
    doc: TEST_STATEID4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: num_status_codes
        type: u4
      - id: status_codes
        type: u4
        repeat: expr
        repeat-expr: num_status_codes
        enum: nfsstat4
  want_delegation_args:
    doc: WANT_DELEGATION4args.
    seq:
      - id: want
        type: u4
        -hexview-show: hex
      - id: claim
        type: u4
        enum: open_claim_type4
      - id: delegate_type
        type: u4
        enum: open_delegation_type4
        if: claim == open_claim_type4::claim_previous
  want_delegation_resok:
    doc: WANT_DELEGATION4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: delegation
        type: open_delegation4
  destroy_clientid_args:
    doc: DESTROY_CLIENTID4args.
    seq:
      - id: clientid
        type: u8
        -hexview-show: hex
  reclaim_complete_args:
    doc: RECLAIM_COMPLETE4args.
    seq:
      - id: one_fs
        type: u4
        enum: xdr_bool
  allocate_args:
    doc: ALLOCATE4args.
    seq:
      - id: stateid
        type: stateid4
      - id: offset
        type: u8
      - id: length
        type: u8
  copy_args:
    doc: COPY4args.
    seq:
      - id: src_stateid
        type: stateid4
      - id: dst_stateid
        type: stateid4
      - id: src_offset
        type: u8
      - id: dst_offset
        type: u8
      - id: count
        type: u8
      - id: consecutive
        type: u4
        enum: xdr_bool
      - id: synchronous
        type: u4
        enum: xdr_bool
      - id: num_src_servers
        type: u4
      - id: src_servers
        type: netloc4
        repeat: expr
        repeat-expr: num_src_servers
  copy_resok:
    doc: COPY4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: response
        type: write_response4
      - id: requirements
        type: copy_requirements4
  copy_resfail:
    doc: COPY4res arm for NFS4ERR_OFFLOAD_NO_REQS.
    seq:
      - id: requirements
        type: copy_requirements4
        if: _parent.status == nfsstat4::nfs4err_offload_no_reqs
  copy_notify_args:
    doc: COPY_NOTIFY4args.
    seq:
      - id: stateid
        type: stateid4
      - id: destination_server
        type: netloc4
  copy_notify_resok:
    doc: COPY_NOTIFY4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: lease_time
        type: nfstime4
      - id: stateid
        type: stateid4
      - id: num_source_server
        type: u4
      - id: source_server
        type: netloc4
        repeat: expr
        repeat-expr: num_source_server
  deallocate_args:
    doc: DEALLOCATE4args.
    seq:
      - id: stateid
        type: stateid4
      - id: offset
        type: u8
      - id: length
        type: u8
  io_advise_args:
    doc: IO_ADVISE4args.
    seq:
      - id: stateid
        type: stateid4
      - id: offset
        type: u8
      - id: count
        type: u8
      - id: hints
        type: bitmap4
  io_advise_resok:
    doc: IO_ADVISE4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: hints
        type: bitmap4
  layouterror_args:
    doc: LAYOUTERROR4args.
    seq:
      - id: offset
        type: u8
      - id: length
        type: u8
        -hexview-show: hex
      - id: stateid
        type: stateid4
      - id: num_errors
        type: u4
      - id: errors
        type: device_error4
        repeat: expr
        repeat-expr: num_errors
  layoutstats_args:
    doc: LAYOUTSTATS4args.
    seq:
      - id: offset
        type: u8
      - id: length
        type: u8
        -hexview-show: hex
      - id: stateid
        type: stateid4
      - id: read
        type: io_info4
      - id: write
        type: io_info4
      - id: deviceid
        size: 16
        -hexview-show: hex
      - id: layoutupdate
        type: layoutstats_update4
  offload_cancel_args:
    doc: OFFLOAD_CANCEL4args.
    seq:
      - id: stateid
        type: stateid4
  offload_status_args:
    doc: OFFLOAD_STATUS4args.
    seq:
      - id: stateid
        type: stateid4
  offload_status_resok:
    doc: OFFLOAD_STATUS4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: count
        type: u8
      - id: num_complete
        type: u4
      - id: complete
        type: u4
        repeat: expr
        repeat-expr: num_complete
        enum: nfsstat4
  read_plus_args:
    doc: READ_PLUS4args.
    seq:
      - id: stateid
        type: stateid4
      - id: offset
        type: u8
      - id: count
        type: u4
  read_plus_resok:
    doc: READ_PLUS4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: eof
        type: u4
        enum: xdr_bool
      - id: num_contents
        type: u4
      - id: contents
        type: read_plus_content
        repeat: expr
        repeat-expr: num_contents
  seek_args:
    doc: SEEK4args.
    seq:
      - id: stateid
        type: stateid4
      - id: offset
        type: u8
      - id: what
        type: u4
        enum: data_content4
  seek_resok:
    doc: SEEK4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: eof
        type: u4
        enum: xdr_bool
      - id: offset
        type: u8
  write_same_args:
    doc: WRITE_SAME4args.
    seq:
      - id: stateid
        type: stateid4
      - id: stable
        type: u4
        enum: stable_how4
      - id: adb
        type: app_data_block4
  write_same_resok:
    doc: WRITE_SAME4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: response
        type: write_response4
  clone_args:
    doc: CLONE4args.
    seq:
      - id: src_stateid
        type: stateid4
      - id: dst_stateid
        type: stateid4
      - id: src_offset
        type: u8
      - id: dst_offset
        type: u8
      - id: count
        type: u8
  getxattr_args:
    doc: GETXATTR4args.
    seq:
      - id: name
        type: rpc_xdr::string
  getxattr_resok:
    doc: GETXATTR4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: value
        type: rpc_xdr::opaque
  setxattr_args:
    doc: SETXATTR4args.
    seq:
      - id: option
        type: u4
        enum: setxattr_option4
        doc: 'sxa_option (RFC 8276 section 8.4.2): create, replace, or either.'
      - id: name
        type: rpc_xdr::string
      - id: value
        type: rpc_xdr::opaque
  setxattr_resok:
    doc: SETXATTR4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: cinfo
        type: change_info4
  listxattrs_args:
    doc: LISTXATTRS4args.
    seq:
      - id: cookie
        type: u8
      - id: maxcount
        type: u4
  listxattrs_resok:
    doc: LISTXATTRS4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: cookie
        type: u8
      - id: num_names
        type: u4
      - id: names
        type: rpc_xdr::string
        repeat: expr
        repeat-expr: num_names
      - id: eof
        type: u4
        enum: xdr_bool
  removexattr_args:
    doc: REMOVEXATTR4args.
    seq:
      - id: name
        type: rpc_xdr::string
  removexattr_resok:
    doc: REMOVEXATTR4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: cinfo
        type: change_info4
  register_ds_args:
    doc: REGISTER_DS4args.
    seq:
      - id: netaddr
        type: netaddr4
        doc: netid and address of the client acting as data server.
      - id: mds_id
        type: mds_id4
      - id: stateid
        type: stateid4
      - id: sharing_type
        type: u4
        enum: register_ds_sharing
  unregister_ds_args:
    doc: UNREGISTER_DS4args.
    seq:
      - id: mds_id
        type: mds_id4
        doc: 'The identifier given to REGISTER_DS (provisional: the seed does not list the arguments).'
  proxy_open_args:
    doc: PROXY_OPEN4args.
    seq:
      - id: p2p_fh
        type: p2p_fh_opaque
        doc: MDS identifier + the MDS's handle.
  proxy_open_resok:
    doc: PROXY_OPEN4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: fh
        type: nfs_fh4
        doc: The translated (real) handle.
      - id: stateid
        type: stateid4
        doc: Proxy-open stateid (pnfs_p2p_po_stid).
  argop:
    doc: >-
      nfs_argop4: the operation number, then its arguments (chosen by the canonical
      opcode, see nfs_opnum4).
    seq:
      - id: argop
        type: u4
        enum: nfs_opnum4
        doc: Operation number as sent.
      - id: opargs
        type:
          switch-on: _root.canonical_op
          cases:
            3: access_args
            4: close_args
            5: commit_args
            6: create_args
            7: delegpurge_args
            8: delegreturn_args
            9: getattr_args
            11: link_args
            12: lock_args
            13: lockt_args
            14: locku_args
            15: lookup_args
            17: nverify_args
            18: open_args
            19: openattr_args
            20: open_confirm_args
            21: open_downgrade_args
            22: putfh_args
            25: read_args
            26: readdir_args
            28: remove_args
            29: rename_args
            30: renew_args
            33: secinfo_args
            34: setattr_args
            35: setclientid_args
            36: setclientid_confirm_args
            37: verify_args
            38: write_args
            39: release_lockowner_args
            40: backchannel_ctl_args
            41: bind_conn_to_session_args
            42: exchange_id_args
            43: create_session_args
            44: destroy_session_args
            45: free_stateid_args
            46: get_dir_delegation_args
            47: getdeviceinfo_args
            48: getdevicelist_args
            49: layoutcommit_args
            50: layoutget_args
            51: layoutreturn_args
            52: secinfo_no_name_args
            53: sequence_args
            54: set_ssv_args
            55: test_stateid_args
            56: want_delegation_args
            57: destroy_clientid_args
            58: reclaim_complete_args
            59: allocate_args
            60: copy_args
            61: copy_notify_args
            62: deallocate_args
            63: io_advise_args
            64: layouterror_args
            65: layoutstats_args
            66: offload_cancel_args
            67: offload_status_args
            68: read_plus_args
            69: seek_args
            70: write_same_args
            71: clone_args
            72: getxattr_args
            73: setxattr_args
            74: listxattrs_args
            75: removexattr_args
            76: register_ds_args
            77: unregister_ds_args
            78: proxy_open_args
        if: >-
          _root.canonical_op == 3 or _root.canonical_op == 4 or _root.canonical_op
          == 5 or _root.canonical_op == 6 or _root.canonical_op == 7 or _root.canonical_op
          == 8 or _root.canonical_op == 9 or _root.canonical_op == 11 or _root.canonical_op
          == 12 or _root.canonical_op == 13 or _root.canonical_op == 14 or _root.canonical_op
          == 15 or _root.canonical_op == 17 or _root.canonical_op == 18 or _root.canonical_op
          == 19 or _root.canonical_op == 20 or _root.canonical_op == 21 or _root.canonical_op
          == 22 or _root.canonical_op == 25 or _root.canonical_op == 26 or _root.canonical_op
          == 28 or _root.canonical_op == 29 or _root.canonical_op == 30 or _root.canonical_op
          == 33 or _root.canonical_op == 34 or _root.canonical_op == 35 or _root.canonical_op
          == 36 or _root.canonical_op == 37 or _root.canonical_op == 38 or _root.canonical_op
          == 39 or _root.canonical_op == 40 or _root.canonical_op == 41 or _root.canonical_op
          == 42 or _root.canonical_op == 43 or _root.canonical_op == 44 or _root.canonical_op
          == 45 or _root.canonical_op == 46 or _root.canonical_op == 47 or _root.canonical_op
          == 48 or _root.canonical_op == 49 or _root.canonical_op == 50 or _root.canonical_op
          == 51 or _root.canonical_op == 52 or _root.canonical_op == 53 or _root.canonical_op
          == 54 or _root.canonical_op == 55 or _root.canonical_op == 56 or _root.canonical_op
          == 57 or _root.canonical_op == 58 or _root.canonical_op == 59 or _root.canonical_op
          == 60 or _root.canonical_op == 61 or _root.canonical_op == 62 or _root.canonical_op
          == 63 or _root.canonical_op == 64 or _root.canonical_op == 65 or _root.canonical_op
          == 66 or _root.canonical_op == 67 or _root.canonical_op == 68 or _root.canonical_op
          == 69 or _root.canonical_op == 70 or _root.canonical_op == 71 or _root.canonical_op
          == 72 or _root.canonical_op == 73 or _root.canonical_op == 74 or _root.canonical_op
          == 75 or _root.canonical_op == 76 or _root.canonical_op == 77 or _root.canonical_op
          == 78
        doc: The operation's arguments.
  resop:
    doc: 'nfs_resop4: operation number, status, then the body.'
    seq:
      - id: resop
        type: u4
        enum: nfs_opnum4
        doc: Operation number as sent.
      - id: status
        type: u4
        enum: nfsstat4
        doc: nfsstat4 of this operation.
      - id: resok
        type:
          switch-on: _root.canonical_op
          cases:
            3: access_resok
            4: close_resok
            5: commit_resok
            6: create_resok
            9: getattr_resok
            10: getfh_resok
            11: link_resok
            12: lock_resok
            14: locku_resok
            18: open_resok
            20: open_confirm_resok
            21: open_downgrade_resok
            25: read_resok
            26: readdir_resok
            27: readlink_resok
            28: remove_resok
            29: rename_resok
            33: secinfo_resok
            34: setattr_resok
            35: setclientid_resok
            38: write_resok
            41: bind_conn_to_session_resok
            42: exchange_id_resok
            43: create_session_resok
            46: get_dir_delegation_resok
            47: getdeviceinfo_resok
            48: getdevicelist_resok
            49: layoutcommit_resok
            50: layoutget_resok
            51: layoutreturn_resok
            52: secinfo_no_name_resok
            53: sequence_resok
            54: set_ssv_resok
            55: test_stateid_resok
            56: want_delegation_resok
            60: copy_resok
            61: copy_notify_resok
            63: io_advise_resok
            67: offload_status_resok
            68: read_plus_resok
            69: seek_resok
            70: write_same_resok
            72: getxattr_resok
            73: setxattr_resok
            74: listxattrs_resok
            75: removexattr_resok
            78: proxy_open_resok
        if: >-
          (status == nfsstat4::nfs4_ok or _root.canonical_op == 34) and (_root.canonical_op
          == 3 or _root.canonical_op == 4 or _root.canonical_op == 5 or _root.canonical_op
          == 6 or _root.canonical_op == 9 or _root.canonical_op == 10 or _root.canonical_op
          == 11 or _root.canonical_op == 12 or _root.canonical_op == 14 or _root.canonical_op
          == 18 or _root.canonical_op == 20 or _root.canonical_op == 21 or _root.canonical_op
          == 25 or _root.canonical_op == 26 or _root.canonical_op == 27 or _root.canonical_op
          == 28 or _root.canonical_op == 29 or _root.canonical_op == 33 or _root.canonical_op
          == 34 or _root.canonical_op == 35 or _root.canonical_op == 38 or _root.canonical_op
          == 41 or _root.canonical_op == 42 or _root.canonical_op == 43 or _root.canonical_op
          == 46 or _root.canonical_op == 47 or _root.canonical_op == 48 or _root.canonical_op
          == 49 or _root.canonical_op == 50 or _root.canonical_op == 51 or _root.canonical_op
          == 52 or _root.canonical_op == 53 or _root.canonical_op == 54 or _root.canonical_op
          == 55 or _root.canonical_op == 56 or _root.canonical_op == 60 or _root.canonical_op
          == 61 or _root.canonical_op == 63 or _root.canonical_op == 67 or _root.canonical_op
          == 68 or _root.canonical_op == 69 or _root.canonical_op == 70 or _root.canonical_op
          == 72 or _root.canonical_op == 73 or _root.canonical_op == 74 or _root.canonical_op
          == 75 or _root.canonical_op == 78)
        doc: Result body (NFS4_OK).
      - id: resfail
        type:
          switch-on: _root.canonical_op
          cases:
            12: lock_resfail
            13: lockt_resfail
            35: setclientid_resfail
            47: getdeviceinfo_resfail
            50: layoutget_resfail
            60: copy_resfail
        if: >-
          status != nfsstat4::nfs4_ok and (_root.canonical_op == 12 or _root.canonical_op
          == 13 or _root.canonical_op == 35 or _root.canonical_op == 47 or _root.canonical_op
          == 50 or _root.canonical_op == 60)
        doc: Body sent with this error.
  cb_getattr_args:
    doc: CB_GETATTR4args.
    seq:
      - id: fh
        type: nfs_fh4
      - id: attr_request
        type: bitmap4
  cb_getattr_resok:
    doc: CB_GETATTR4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: obj_attributes
        type: fattr4
  cb_recall_args:
    doc: CB_RECALL4args.
    seq:
      - id: stateid
        type: stateid4
      - id: truncate
        type: u4
        enum: xdr_bool
      - id: fh
        type: nfs_fh4
  cb_layoutrecall_args:
    doc: CB_LAYOUTRECALL4args.
    seq:
      - id: layout_type
        type: u4
        enum: layouttype4
      - id: iomode
        type: u4
        enum: layoutiomode4
      - id: changed
        type: u4
        enum: xdr_bool
      - id: recall
        type: layoutrecall4
  cb_notify_args:
    doc: CB_NOTIFY4args.
    seq:
      - id: stateid
        type: stateid4
      - id: fh
        type: nfs_fh4
      - id: num_changes
        type: u4
      - id: changes
        type: notify4
        repeat: expr
        repeat-expr: num_changes
  cb_push_deleg_args:
    doc: CB_PUSH_DELEG4args.
    seq:
      - id: fh
        type: nfs_fh4
      - id: delegation
        type: open_delegation4
  cb_recall_any_args:
    doc: CB_RECALL_ANY4args.
    seq:
      - id: objects_to_keep
        type: u4
      - id: type_mask
        type: bitmap4
  cb_recallable_obj_avail_args:
    doc: CB_RECALLABLE_OBJ_AVAIL4args.
    seq:
      - id: objects_to_keep
        type: u4
      - id: type_mask
        type: bitmap4
  cb_recall_slot_args:
    doc: CB_RECALL_SLOT4args.
    seq:
      - id: target_highest_slotid
        type: u4
  cb_sequence_args:
    doc: CB_SEQUENCE4args.
    seq:
      - id: sessionid
        size: 16
        -hexview-show: hex
      - id: sequenceid
        type: u4
      - id: slotid
        type: u4
      - id: highest_slotid
        type: u4
      - id: cachethis
        type: u4
        enum: xdr_bool
      - id: num_referring_call_lists
        type: u4
      - id: referring_call_lists
        type: referring_call_list4
        repeat: expr
        repeat-expr: num_referring_call_lists
  cb_sequence_resok:
    doc: CB_SEQUENCE4resok (or the result body sent with any status, for SETATTR).
    seq:
      - id: sessionid
        size: 16
        -hexview-show: hex
      - id: sequenceid
        type: u4
      - id: slotid
        type: u4
      - id: highest_slotid
        type: u4
      - id: target_highest_slotid
        type: u4
  cb_wants_cancelled_args:
    doc: CB_WANTS_CANCELLED4args.
    seq:
      - id: contended_wants_cancelled
        type: u4
        enum: xdr_bool
      - id: resourced_wants_cancelled
        type: u4
        enum: xdr_bool
  cb_notify_lock_args:
    doc: CB_NOTIFY_LOCK4args.
    seq:
      - id: fh
        type: nfs_fh4
      - id: lock_owner
        type: lock_owner4
  cb_notify_deviceid_args:
    doc: CB_NOTIFY_DEVICEID4args.
    seq:
      - id: num_changes
        type: u4
      - id: changes
        type: notify4
        repeat: expr
        repeat-expr: num_changes
  cb_offload_args:
    doc: CB_OFFLOAD4args.
    seq:
      - id: fh
        type: nfs_fh4
      - id: stateid
        type: stateid4
      - id: info
        type: offload_info4
  cb_proxy_revoke_args:
    doc: CB_PROXY_REVOKE4args.
    seq:
      - id: stateid
        type: stateid4
        doc: 'The proxy-open stateid being revoked (provisional: the seed does not list the arguments).'
      - id: fh
        type: nfs_fh4
        doc: The handle PROXY_OPEN returned (provisional).
  cb_argop:
    doc: >-
      nfs_cb_argop4: the operation number, then its arguments (chosen by the canonical
      opcode, see nfs_opnum4).
    seq:
      - id: argop
        type: u4
        enum: nfs_cb_opnum4
        doc: Operation number as sent.
      - id: opargs
        type:
          switch-on: _root.canonical_op
          cases:
            3: cb_getattr_args
            4: cb_recall_args
            5: cb_layoutrecall_args
            6: cb_notify_args
            7: cb_push_deleg_args
            8: cb_recall_any_args
            9: cb_recallable_obj_avail_args
            10: cb_recall_slot_args
            11: cb_sequence_args
            12: cb_wants_cancelled_args
            13: cb_notify_lock_args
            14: cb_notify_deviceid_args
            15: cb_offload_args
            16: cb_proxy_revoke_args
        if: >-
          _root.canonical_op == 3 or _root.canonical_op == 4 or _root.canonical_op
          == 5 or _root.canonical_op == 6 or _root.canonical_op == 7 or _root.canonical_op
          == 8 or _root.canonical_op == 9 or _root.canonical_op == 10 or _root.canonical_op
          == 11 or _root.canonical_op == 12 or _root.canonical_op == 13 or _root.canonical_op
          == 14 or _root.canonical_op == 15 or _root.canonical_op == 16
        doc: The operation's arguments.
  cb_resop:
    doc: 'nfs_cb_resop4: operation number, status, then the body.'
    seq:
      - id: resop
        type: u4
        enum: nfs_cb_opnum4
        doc: Operation number as sent.
      - id: status
        type: u4
        enum: nfsstat4
        doc: nfsstat4 of this operation.
      - id: resok
        type:
          switch-on: _root.canonical_op
          cases:
            3: cb_getattr_resok
            11: cb_sequence_resok
        if: (status == nfsstat4::nfs4_ok) and (_root.canonical_op == 3 or _root.canonical_op == 11)
        doc: Result body (NFS4_OK).
  compound4args_head:
    doc: COMPOUND4args up to the operation array.
    seq:
      - id: tag
        type: rpc_xdr::string
      - id: minorversion
        type: u4
      - id: num_argarray
        type: u4
        doc: Operations that follow.
  compound4res_head:
    doc: COMPOUND4res up to the result array.
    seq:
      - id: status
        type: u4
        enum: nfsstat4
      - id: tag
        type: rpc_xdr::string
      - id: num_resarray
        type: u4
        doc: Results that follow.
  cb_compound4args_head:
    doc: CB_COMPOUND4args up to the operation array.
    seq:
      - id: tag
        type: rpc_xdr::string
      - id: minorversion
        type: u4
      - id: callback_ident
        type: u4
        -hexview-show: hex
      - id: num_argarray
        type: u4
        doc: Operations that follow.
  cb_compound4res_head:
    doc: CB_COMPOUND4res up to the result array.
    seq:
      - id: status
        type: u4
        enum: nfsstat4
      - id: tag
        type: rpc_xdr::string
      - id: num_resarray
        type: u4
        doc: Results that follow.
enums:
  xdr_bool:
    0: 'false'
    1: 'true'
  nfs_opnum4:
    3: op_access
    4: op_close
    5: op_commit
    6: op_create
    7: op_delegpurge
    8: op_delegreturn
    9: op_getattr
    10: op_getfh
    11: op_link
    12: op_lock
    13: op_lockt
    14: op_locku
    15: op_lookup
    16: op_lookupp
    17: op_nverify
    18: op_open
    19: op_openattr
    20: op_open_confirm
    21: op_open_downgrade
    22: op_putfh
    23: op_putpubfh
    24: op_putrootfh
    25: op_read
    26: op_readdir
    27: op_readlink
    28: op_remove
    29: op_rename
    30: op_renew
    31: op_restorefh
    32: op_savefh
    33: op_secinfo
    34: op_setattr
    35: op_setclientid
    36: op_setclientid_confirm
    37: op_verify
    38: op_write
    39: op_release_lockowner
    40: op_backchannel_ctl
    41: op_bind_conn_to_session
    42: op_exchange_id
    43: op_create_session
    44: op_destroy_session
    45: op_free_stateid
    46: op_get_dir_delegation
    47: op_getdeviceinfo
    48: op_getdevicelist
    49: op_layoutcommit
    50: op_layoutget
    51: op_layoutreturn
    52: op_secinfo_no_name
    53: op_sequence
    54: op_set_ssv
    55: op_test_stateid
    56: op_want_delegation
    57: op_destroy_clientid
    58: op_reclaim_complete
    59: op_allocate
    60: op_copy
    61: op_copy_notify
    62: op_deallocate
    63: op_io_advise
    64: op_layouterror
    65: op_layoutstats
    66: op_offload_cancel
    67: op_offload_status
    68: op_read_plus
    69: op_seek
    70: op_write_same
    71: op_clone
    72: op_getxattr
    73: op_setxattr
    74: op_listxattrs
    75: op_removexattr
    76:
      id: op_register_ds
      doc: >-
        PROVISIONAL peer-to-peer pNFS number chosen by hexview: no public specification
        assigns one (Linux NFS wiki 'Peer-to-peer NFS', 2012, names the operation
        only). Override it with a configuration file, see hexview/protocols/nfs_p2p.py.
    77:
      id: op_unregister_ds
      doc: >-
        PROVISIONAL peer-to-peer pNFS number chosen by hexview: no public specification
        assigns one (Linux NFS wiki 'Peer-to-peer NFS', 2012, names the operation
        only). Override it with a configuration file, see hexview/protocols/nfs_p2p.py.
    78:
      id: op_proxy_open
      doc: >-
        PROVISIONAL peer-to-peer pNFS number chosen by hexview: no public specification
        assigns one (Linux NFS wiki 'Peer-to-peer NFS', 2012, names the operation
        only). Override it with a configuration file, see hexview/protocols/nfs_p2p.py.
    10044: op_illegal
  nfs_cb_opnum4:
    3: op_cb_getattr
    4: op_cb_recall
    5: op_cb_layoutrecall
    6: op_cb_notify
    7: op_cb_push_deleg
    8: op_cb_recall_any
    9: op_cb_recallable_obj_avail
    10: op_cb_recall_slot
    11: op_cb_sequence
    12: op_cb_wants_cancelled
    13: op_cb_notify_lock
    14: op_cb_notify_deviceid
    15: op_cb_offload
    16:
      id: op_cb_proxy_revoke
      doc: >-
        PROVISIONAL peer-to-peer pNFS number chosen by hexview: no public specification
        assigns one (Linux NFS wiki 'Peer-to-peer NFS', 2012, names the operation
        only). Override it with a configuration file, see hexview/protocols/nfs_p2p.py.
    10044: op_cb_illegal
  nfs_ftype4:
    1: nf4reg
    2: nf4dir
    3: nf4blk
    4: nf4chr
    5: nf4lnk
    6: nf4sock
    7: nf4fifo
    8: nf4attrdir
    9: nf4nameddata
  layouttype4:
    1: nfsv4_1_files
    2: osd2_objects
    3: block_volume
    4: flex_files
    5: scsi
  pnfs_block_extent_state4:
    0: read_write_data
    1: read_data
    2: invalid_data
    3: none_data
  pnfs_block_volume_type4:
    0: simple
    1: slice
    2: concat
    3: stripe
  pnfs_scsi_volume_type4:
    1: slice
    2: concat
    3: stripe
    4: base
  pnfs_scsi_code_set:
    1: binary
    2: ascii
    3: utf8
  pnfs_scsi_designator_type:
    1: t10
    2: eui64
    3: naa
    8: name
  share_access_mode4:
    1: read
    2: write
    3: both
  share_access_want4:
    0: want_no_preference
    1: want_read_deleg
    2: want_write_deleg
    3: want_any_deleg
    4: want_no_deleg
    5: want_cancel
  share_deny4:
    0: none
    1: read
    2: write
    3: both
  layoutiomode4:
    1: lo_read
    2: lo_rw
    3: lo_any
  layoutreturn_type4:
    1: file
    2: fsid
    3: all
  time_how4:
    0: set_to_server_time4
    1: set_to_client_time4
  stable_how4:
    0: unstable4
    1: data_sync4
    2: file_sync4
  createmode4:
    0: unchecked4
    1: guarded4
    2: exclusive4
    3: exclusive4_1
  opentype4:
    0: open4_nocreate
    1: open4_create
  open_claim_type4:
    0: claim_null
    1: claim_previous
    2: claim_delegate_cur
    3: claim_delegate_prev
    4: claim_fh
    5: claim_deleg_cur_fh
    6: claim_deleg_prev_fh
  open_delegation_type4:
    0: open_delegate_none
    1: open_delegate_read
    2: open_delegate_write
    3: open_delegate_none_ext
  nfs_lock_type4:
    1: read_lt
    2: write_lt
    3: readw_lt
    4: writew_lt
  state_protect_how4:
    0: sp4_none
    1: sp4_mach_cred
    2: sp4_ssv
  channel_dir4:
    1: fore
    2: back
    3: fore_or_both
    7: back_or_both
  netloc_type4:
    1: nl4_name
    2: nl4_url
    3: nl4_netaddr
  data_content4:
    0: nfs4_content_data
    1: nfs4_content_hole
  acetype4:
    0: ace4_access_allowed_ace_type
    1: ace4_access_denied_ace_type
    2: ace4_system_audit_ace_type
    3: ace4_system_alarm_ace_type
  fs4_status_type:
    1: status4_fixed
    2: status4_updated
    3: status4_versioned
    4: status4_writable
    5: status4_referral
  change_attr_type4:
    0: nfs4_change_type_is_monotonic_incr
    1: nfs4_change_type_is_version_counter
    2: nfs4_change_type_is_version_counter_nopnfs
    3: nfs4_change_type_is_time_metadata
    4: nfs4_change_type_is_undefined
  limit_by4:
    1: nfs_limit_size
    2: nfs_limit_blocks
  why_no_delegation4:
    0: wnd4_not_wanted
    1: wnd4_contention
    2: wnd4_resource
    3: wnd4_not_supp_ftype
    4: wnd4_write_deleg_not_supp_ftype
    5: wnd4_not_supp_upgrade
    6: wnd4_not_supp_downgrade
    7: wnd4_cancelled
    8: wnd4_is_dir
  rpc_gss_svc_t:
    1: rpc_gss_svc_none
    2: rpc_gss_svc_integrity
    3: rpc_gss_svc_privacy
  channel_dir_from_server4:
    1: cdfs4_fore
    2: cdfs4_back
    3: cdfs4_both
  gddrnf4_status:
    0: gdd4_ok
    1: gdd4_unavail
  secinfo_style4:
    0: secinfo_style4_current_fh
    1: secinfo_style4_parent
  setxattr_option4:
    0: setxattr4_either
    1: setxattr4_create
    2: setxattr4_replace
  register_ds_sharing:
    0:
      id: register_ds_all
      doc: 'PROVISIONAL value: the seed names REGISTER_DS_ALL, the only sharing type sent, without a number.'
  nfsstat4:
    0: nfs4_ok
    1: nfs4err_perm
    2: nfs4err_noent
    5: nfs4err_io
    6: nfs4err_nxio
    13: nfs4err_access
    17: nfs4err_exist
    18: nfs4err_xdev
    20: nfs4err_notdir
    21: nfs4err_isdir
    22: nfs4err_inval
    27: nfs4err_fbig
    28: nfs4err_nospc
    30: nfs4err_rofs
    31: nfs4err_mlink
    63: nfs4err_nametoolong
    66: nfs4err_notempty
    69: nfs4err_dquot
    70: nfs4err_stale
    10001: nfs4err_badhandle
    10003: nfs4err_bad_cookie
    10004: nfs4err_notsupp
    10005: nfs4err_toosmall
    10006: nfs4err_serverfault
    10007: nfs4err_badtype
    10008: nfs4err_delay
    10009: nfs4err_same
    10010: nfs4err_denied
    10011: nfs4err_expired
    10012: nfs4err_locked
    10013: nfs4err_grace
    10014: nfs4err_fhexpired
    10015: nfs4err_share_denied
    10016: nfs4err_wrongsec
    10017: nfs4err_clid_inuse
    10018: nfs4err_resource
    10019: nfs4err_moved
    10020: nfs4err_nofilehandle
    10021: nfs4err_minor_vers_mismatch
    10022: nfs4err_stale_clientid
    10023: nfs4err_stale_stateid
    10024: nfs4err_old_stateid
    10025: nfs4err_bad_stateid
    10026: nfs4err_bad_seqid
    10027: nfs4err_not_same
    10028: nfs4err_lock_range
    10029: nfs4err_symlink
    10030: nfs4err_restorefh
    10031: nfs4err_lease_moved
    10032: nfs4err_attrnotsupp
    10033: nfs4err_no_grace
    10034: nfs4err_reclaim_bad
    10035: nfs4err_reclaim_conflict
    10036: nfs4err_badxdr
    10037: nfs4err_locks_held
    10038: nfs4err_openmode
    10039: nfs4err_badowner
    10040: nfs4err_badchar
    10041: nfs4err_badname
    10042: nfs4err_bad_range
    10043: nfs4err_lock_notsupp
    10044: nfs4err_op_illegal
    10045: nfs4err_deadlock
    10046: nfs4err_file_open
    10047: nfs4err_admin_revoked
    10048: nfs4err_cb_path_down
    10049: nfs4err_badiomode
    10050: nfs4err_badlayout
    10051: nfs4err_bad_session_digest
    10052: nfs4err_badsession
    10053: nfs4err_badslot
    10054: nfs4err_complete_already
    10055: nfs4err_conn_not_bound_to_session
    10056: nfs4err_deleg_already_wanted
    10057: nfs4err_back_chan_busy
    10058: nfs4err_layouttrylater
    10059: nfs4err_layoutunavailable
    10060: nfs4err_nomatching_layout
    10061: nfs4err_recallconflict
    10062: nfs4err_unknown_layouttype
    10063: nfs4err_seq_misordered
    10064: nfs4err_sequence_pos
    10065: nfs4err_req_too_big
    10066: nfs4err_rep_too_big
    10067: nfs4err_rep_too_big_to_cache
    10068: nfs4err_retry_uncached_rep
    10069: nfs4err_unsafe_compound
    10070: nfs4err_too_many_ops
    10071: nfs4err_op_not_in_session
    10072: nfs4err_hash_alg_unsupp
    10074: nfs4err_clientid_busy
    10075: nfs4err_pnfs_io_hole
    10076: nfs4err_seq_false_retry
    10077: nfs4err_bad_high_slot
    10078: nfs4err_deadsession
    10079: nfs4err_encr_alg_unsupp
    10080: nfs4err_pnfs_no_layout
    10081: nfs4err_not_only_op
    10082: nfs4err_wrong_cred
    10083: nfs4err_wrong_type
    10084: nfs4err_dirdeleg_unavail
    10085: nfs4err_reject_deleg
    10086: nfs4err_returnconflict
    10087: nfs4err_deleg_revoked
    10088: nfs4err_partner_notsupp
    10089: nfs4err_partner_no_auth
    10090: nfs4err_union_notsupp
    10091: nfs4err_offload_denied
    10092: nfs4err_wrong_lfs
    10093: nfs4err_badlabel
    10094: nfs4err_offload_no_reqs
    10095: nfs4err_noxattr
    10096: nfs4err_xattr2big
