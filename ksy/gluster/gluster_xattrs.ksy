meta:
  id: gluster_xattrs
  title: GlusterFS well-known extended attribute values
  license: CC0-1.0
  endian: be
doc: |
  The binary values of the xattrs EC and AFR keep on every brick file. They travel
  as plain byte strings in both dict formats (gfx_dict PTR values in FOP 400, the
  dict_serialize() pairs in FOP 330), so each dictionary decoder picks one of these
  types by the pair's key.
doc-ref:
  - glusterfs xlators/cluster/ec/src/ec-helpers.c, ec-common.h (trusted.ec.* layouts)
  - glusterfs xlators/cluster/afr/src/afr.h (pending changelog counters)
types:
  ec_version:
    doc: trusted.ec.version, two big-endian counters (EC_VERSION_SIZE 2).
    seq:
      - id: data_version
        type: u8
        doc: Data version; bit 62 (EC_SELFHEAL_BIT) is set while healing.
      - id: metadata_version
        type: u8
        if: not _io.eof
        doc: Metadata version.
  ec_dirty:
    doc: trusted.ec.dirty, two counters added by xattrop (+1 before a write, -1 after).
    seq:
      - id: data_dirty
        type: s8
        doc: Data dirty count (or the increment).
      - id: metadata_dirty
        type: s8
        if: not _io.eof
        doc: Metadata dirty count (or the increment).
  ec_size:
    doc: trusted.ec.size, the real file size (fragments are shorter).
    seq:
      - id: file_size
        type: u8
        doc: File size in bytes.
  ec_config:
    doc: trusted.ec.config, one big-endian u64 of bit fields.
    seq:
      - id: version
        type: u1
        doc: Config version (0).
      - id: algorithm
        type: u1
        doc: Coding algorithm (0).
      - id: gf_word_size
        type: u1
        doc: Galois field word size in bits (8).
      - id: bricks
        type: u1
        doc: Number of bricks (fragments) of the subvolume.
      - id: redundancy
        type: u1
        doc: Number of bricks that may fail.
      - id: chunk_size
        type: b24
        doc: Chunk size in bytes.
  afr_pending:
    doc: trusted.afr.<volume>-client-N and trusted.afr.dirty, AFR's changelog counters.
    seq:
      - id: data_pending
        type: s4
        doc: Pending data operations.
      - id: metadata_pending
        type: s4
        if: not _io.eof
        doc: Pending metadata operations.
      - id: entry_pending
        type: s4
        if: not _io.eof
        doc: Pending entry operations.
