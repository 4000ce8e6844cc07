meta:
  id: ocfs2_fs_vote
  title: OCFS2 1.2 file system vote and vote response (o2net msg_type 1 and 2)
  license: CC0-1.0
  endian: be
  imports:
    - ocfs2_dlm
doc: |
  ocfs2-1.2's vote.c asks the other nodes of the domain for agreement on
  deletes, unlinks and renames with an OCFS2_MESSAGE_TYPE_VOTE (1) message,
  answered by OCFS2_MESSAGE_TYPE_RESPONSE (2). Both start with the 24-byte
  ocfs2_msg_hdr. Later kernels shrink the vote to the header plus 4 bytes and
  then drop votes altogether; the trailing fields are read only when present.
doc-ref:
  - ../shared/seeds/000_4aad557f3414614f.txt (dlm_vote_msg, dlm_response_msg)
  - https://github.com/torvalds/linux/blob/v2.6.20/fs/ocfs2/vote.c
types:
  msg_hdr:
    doc: struct ocfs2_msg_hdr, common to votes and responses.
    seq:
      - id: response_id
        type: u4
        -hexview-show: hex
        doc: Looks up the waiting vote on the node that sent it.
      - id: request
        type: u4
        doc: |
          Vote request code. The ocfs2-1.2 enum is not public; the seed's unlink
          vote carries 2 (later kernels: 1 DELETE, 2 MOUNT, 3 UMOUNT).
      - id: blkno
        type: u8
        -hexview-show: hex
        doc: Inode block number the vote is about.
      - id: generation
        type: u4
        -hexview-show: hex
        doc: Inode generation.
      - id: node_num
        type: u4
        doc: Node sending this message.
  vote:
    doc: struct ocfs2_vote_msg (296 bytes in ocfs2-1.2).
    seq:
      - id: hdr
        type: msg_hdr
        doc: Vote header.
      - id: md1
        type: u4
        if: not _io.eof
        doc: Orphaned slot (delete votes) or link count (unlink votes).
      - id: unlink_namelen
        type: u4
        if: not _io.eof
        doc: Length of the unlinked directory entry name.
      - id: unlink_parent
        type: u8
        -hexview-show: hex
        if: not _io.eof
        doc: Block number of the parent directory.
      - id: unlink_dirent
        size: 256
        type: ocfs2_dlm::padded_name(unlink_namelen)
        if: not _io.eof
        doc: Directory entry name (OCFS2_VOTE_FILENAME_LEN 256, NUL padded).
  response:
    doc: struct ocfs2_response_msg (32 bytes in ocfs2-1.2).
    seq:
      - id: hdr
        type: msg_hdr
        doc: Vote header (response_id echoes the vote's).
      - id: response
        type: s4
        enum: vote_response
        if: not _io.eof
        doc: The node's answer.
      - id: orphaned_slot
        type: u4
        if: not _io.eof
        doc: Orphan slot of the inode on the answering node.
enums:
  vote_response:
    0: {id: ok, -hexview-label: "OK"}
    -16: {id: busy, doc: EBUSY, -hexview-label: "BUSY"}
    -22: {id: bad_msg, doc: EINVAL, -hexview-label: "BAD_MSG"}
