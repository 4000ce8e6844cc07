"""The NBD Kaitai specs (ksy/nbd/) compiled into hexview.compiled.

Golden bytes are written from the NBD protocol text (NetworkBlockDevice/nbd
doc/proto.md, master and the extension-ext-header branch) or taken from the
shared captures; the expected values come from the spec, not from running
the parsers.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from kaitaistruct import BytesIO, EndOfStreamError, KaitaiStream, ValidationNotEqualError

from hexview.compiled import (
    ksy_meta,
    nbd_client_flags,
    nbd_common,
    nbd_export_name_reply,
    nbd_greeting,
    nbd_option,
    nbd_option_reply,
    nbd_reply_chunk,
    nbd_request,
    nbd_simple_reply,
)
from shared_paths import CAPTURES

C = nbd_common.NbdCommon
SHARED_NBD = CAPTURES / "nbd"


def h(text: str) -> bytes:
    """Hex with spaces / newlines allowed."""
    return bytes.fromhex("".join(text.split()))


def parse(cls, data: bytes, *params):
    obj = cls(*params, KaitaiStream(BytesIO(data)))
    obj._read()
    return obj


def span(obj, field):
    d = obj._debug[field]
    return d["start"], d["end"]


# --- handshake ---------------------------------------------------------------


def test_newstyle_greeting():
    m = parse(nbd_greeting.NbdGreeting, h("4e42444d41474943 49484156454f5054 0003"))
    assert m.magic is C.Magic64.nbdmagic
    assert m.second_magic is C.Magic64.ihaveopt
    assert m.handshake_flags.fixed_newstyle is True
    assert m.handshake_flags.no_zeroes is True
    assert m.handshake_flags.reserved == 0
    assert not hasattr(m, "export_size")
    assert span(m, "magic") == (0, 8)
    assert span(m, "second_magic") == (8, 16)
    assert span(m, "handshake_flags") == (16, 18)
    assert m.SEQ_FIELDS[:3] == ["magic", "second_magic", "handshake_flags"]


def test_oldstyle_greeting():
    # NBDMAGIC, cliserv_magic, size 1 GiB, flags: handshake 0, transmission
    # HAS_FLAGS|READ_ONLY (0x0003), 124 zero bytes: 152 bytes in all.
    data = h("4e42444d41474943 0000420281861253 0000000040000000 0000 0003") + bytes(124)
    assert len(data) == 152
    m = parse(nbd_greeting.NbdGreeting, data)
    assert m.second_magic is C.Magic64.cliserv_magic
    assert m.export_size == 1 << 30
    assert m.flags.handshake_flags.fixed_newstyle is False
    assert m.flags.handshake_flags.no_zeroes is False
    tf = m.flags.transmission_flags
    assert tf.has_flags and tf.read_only
    assert not (tf.send_flush or tf.send_fua or tf.rotational or tf.send_trim)
    assert m.zeroes == bytes(124)
    assert not hasattr(m, "handshake_flags")
    assert span(m, "export_size") == (16, 24)
    assert span(m, "flags") == (24, 28)
    assert span(m, "zeroes") == (28, 152)
    assert span(m.flags, "transmission_flags") == (26, 28)


def test_greeting_bad_magic_raises_after_magic():
    m = nbd_greeting.NbdGreeting(KaitaiStream(BytesIO(h("4e42444d41474944 49484156454f5054 0003"))))
    with pytest.raises(ValidationNotEqualError):
        m._read()
    assert span(m, "magic") == (0, 8)


def test_client_flags():
    m = parse(nbd_client_flags.NbdClientFlags, h("00000003"))
    assert m.client_flags.c_fixed_newstyle is True
    assert m.client_flags.c_no_zeroes is True
    assert m.client_flags.reserved == 0
    assert span(m, "client_flags") == (0, 4)
    m = parse(nbd_client_flags.NbdClientFlags, h("00000001"))
    assert m.client_flags.c_fixed_newstyle is True
    assert m.client_flags.c_no_zeroes is False


def test_structured_reply_option_and_ack():
    opt = parse(nbd_option.NbdOption, h("49484156454f5054 00000008 00000000"), False)
    assert opt.magic is C.Magic64.ihaveopt
    assert opt.option is C.Option.nbd_opt_structured_reply
    assert opt.length == 0
    assert "data" not in opt._debug
    assert span(opt, "option") == (8, 12)
    assert span(opt, "length") == (12, 16)

    rep = parse(nbd_option_reply.NbdOptionReply, h("0003e889045565a9 00000008 00000001 00000000"), False)
    assert rep.magic is C.Magic64.nbd_opt_reply_magic
    assert rep.option is C.Option.nbd_opt_structured_reply
    assert rep.reply_type is C.ReplyType.nbd_rep_ack
    assert rep.length == 0
    assert "data" not in rep._debug
    assert span(rep, "reply_type") == (12, 16)


SET_META_CONTEXT = h("49484156454f5054 0000000a 0000001b 00000000 00000001 0000000f 626173653a616c6c6f636174696f6e")


def test_set_meta_context_request():
    m = parse(nbd_option.NbdOption, SET_META_CONTEXT, False)
    assert m.option is C.Option.nbd_opt_set_meta_context
    assert m.length == 27
    d = m.data
    assert isinstance(d, nbd_option.NbdOption.MetaContextRequest)
    assert d.export_name_length == 0
    assert d.export_name == ""
    assert d.num_queries == 1
    assert len(d.queries) == 1
    assert d.queries[0].query_length == 15
    assert d.queries[0].query == "base:allocation"
    assert span(m, "data") == (16, 43)
    # offsets inside the data substream are relative to the data field
    assert span(d, "num_queries") == (4, 8)
    assert d._debug["queries"]["arr"][0] == {"start": 8, "end": 27}
    assert span(d.queries[0], "query") == (12, 27)


def test_list_meta_context_request_uses_same_layout():
    data = h("49484156454f5054 00000009 0000000c 00000004 6469736b 00000000")
    m = parse(nbd_option.NbdOption, data, False)
    assert m.option is C.Option.nbd_opt_list_meta_context
    assert m.data.export_name == "disk"
    assert m.data.num_queries == 0
    assert m.data.queries == []


def test_meta_context_reply_and_ack():
    rep = parse(
        nbd_option_reply.NbdOptionReply,
        h("0003e889045565a9 0000000a 00000004 00000013 00000001 626173653a616c6c6f636174696f6e"),
        False,
    )
    assert rep.option is C.Option.nbd_opt_set_meta_context
    assert rep.reply_type is C.ReplyType.nbd_rep_meta_context
    assert rep.length == 19
    assert isinstance(rep.data, nbd_option_reply.NbdOptionReply.RepMetaContext)
    assert rep.data.context_id == 1
    assert rep.data.context_name == "base:allocation"
    assert span(rep, "data") == (20, 39)
    assert span(rep.data, "context_name") == (4, 19)

    ack = parse(nbd_option_reply.NbdOptionReply, h("0003e889045565a9 0000000a 00000001 00000000"), False)
    assert ack.reply_type is C.ReplyType.nbd_rep_ack


def test_error_option_reply_without_message():
    rep = parse(nbd_option_reply.NbdOptionReply, h("0003e889045565a9 00000007 80000006 00000000"), False)
    assert rep.option is C.Option.nbd_opt_go
    assert rep.reply_type is C.ReplyType.nbd_rep_err_unknown
    assert rep.reply_type.value == 0x80000006
    assert rep.length == 0
    assert "data" not in rep._debug


def test_error_option_replies_with_message_known_and_unknown_code():
    msg = b"no such export"
    rep = parse(
        nbd_option_reply.NbdOptionReply,
        h("0003e889045565a9 00000007 80000006") + struct.pack(">I", len(msg)) + msg,
        False,
    )
    assert isinstance(rep.data, nbd_option_reply.NbdOptionReply.RepError)
    assert rep.data.message == "no such export"
    # An error type this spec does not name (bit 31 set) is still an error.
    rep = parse(
        nbd_option_reply.NbdOptionReply,
        h("0003e889045565a9 00000003 8000000b 00000002") + b"?!",
        False,
    )
    assert rep.reply_type == 0x8000000B and not isinstance(rep.reply_type, C.ReplyType)
    assert isinstance(rep.data, nbd_option_reply.NbdOptionReply.RepError)
    assert rep.data.message == "?!"


def test_rep_server():
    rep = parse(
        nbd_option_reply.NbdOptionReply,
        h("0003e889045565a9 00000003 00000002 0000000e 00000006") + b"disk-a" + b"demo",
        False,
    )
    assert rep.option is C.Option.nbd_opt_list
    assert rep.reply_type is C.ReplyType.nbd_rep_server
    assert rep.data.name_length == 6
    assert rep.data.name == "disk-a"
    assert rep.data.details == "demo"
    assert span(rep.data, "details") == (10, 14)


# NBD_OPT_INFO and its replies, bytes as captured in
# ../shared/captures/nbd/nbd-ipv6-nbdkit-optmode (nbdkit memory 2M +
# blocksize-policy, libnbd 1.14.2): the request asks for BLOCK_SIZE, NAME and
# DESCRIPTION; the server answers EXPORT, BLOCK_SIZE, NAME, then ACK.
OPT_INFO_REQUEST = h("49484156454f5054 00000006 0000000c 00000000 0003 0003 0001 0002")
INFO_EXPORT_REPLY = h("0003e889045565a9 00000006 00000003 0000000c 0000 0000000000200000 0ded")
INFO_BLOCK_SIZE_REPLY = h("0003e889045565a9 00000006 00000003 0000000e 0003 00000200 00001000 00010000")
INFO_NAME_REPLY = h("0003e889045565a9 00000006 00000003 00000002 0001")


def test_opt_info_request():
    m = parse(nbd_option.NbdOption, OPT_INFO_REQUEST, False)
    assert m.option is C.Option.nbd_opt_info
    assert isinstance(m.data, nbd_option.NbdOption.InfoRequest)
    assert m.data.name_length == 0
    assert m.data.name == ""
    assert m.data.num_info_requests == 3
    assert m.data.info_requests == [
        C.InfoType.nbd_info_block_size,
        C.InfoType.nbd_info_name,
        C.InfoType.nbd_info_description,
    ]
    assert m.data._debug["info_requests"]["arr"][2] == {"start": 10, "end": 12}


def test_info_block_size_reply():
    rep = parse(nbd_option_reply.NbdOptionReply, INFO_BLOCK_SIZE_REPLY, False)
    assert rep.reply_type is C.ReplyType.nbd_rep_info
    assert rep.length == 14
    d = rep.data
    assert d.info_type is C.InfoType.nbd_info_block_size
    assert d.minimum_block_size == 512
    assert d.preferred_block_size == 4096
    assert d.maximum_payload_size == 65536
    assert span(d, "minimum_block_size") == (2, 6)
    assert span(d, "preferred_block_size") == (6, 10)
    assert span(d, "maximum_payload_size") == (10, 14)
    assert not hasattr(d, "export_size")


def test_info_export_reply():
    d = parse(nbd_option_reply.NbdOptionReply, INFO_EXPORT_REPLY, False).data
    assert d.info_type is C.InfoType.nbd_info_export
    assert d.export_size == 2 * 1024 * 1024
    tf = d.transmission_flags
    # 0x0ded: bits 0, 2, 3, 5, 6, 7, 8, 10, 11
    assert (tf.has_flags, tf.read_only, tf.send_flush, tf.send_fua) == (True, False, True, True)
    assert (tf.rotational, tf.send_trim, tf.send_write_zeroes, tf.send_df) == (False, True, True, True)
    assert (tf.can_multi_conn, tf.send_resize, tf.send_cache, tf.send_fast_zero) == (True, False, True, True)
    assert tf.block_status_payload is False and tf.reserved == 0
    assert span(d, "export_size") == (2, 10)
    assert span(d, "transmission_flags") == (10, 12)


def test_info_name_and_unknown_info_type():
    d = parse(nbd_option_reply.NbdOptionReply, INFO_NAME_REPLY, False).data
    assert d.info_type is C.InfoType.nbd_info_name
    assert d.name == ""
    d = parse(
        nbd_option_reply.NbdOptionReply,
        h("0003e889045565a9 00000006 00000003 00000004 0002 6869"),
        False,
    ).data
    assert d.info_type is C.InfoType.nbd_info_description and d.description == "hi"
    d = parse(
        nbd_option_reply.NbdOptionReply,
        h("0003e889045565a9 00000006 00000003 00000005 0009 aabbcc"),
        False,
    ).data
    assert d.info_type == 9
    assert d.info_data == h("aabbcc")


def test_export_name_option_and_reply():
    m = parse(nbd_option.NbdOption, h("49484156454f5054 00000001 00000004") + b"disk", False)
    assert m.option is C.Option.nbd_opt_export_name
    assert m.data.name == "disk"
    # default export: empty name, no data
    m = parse(nbd_option.NbdOption, h("49484156454f5054 00000001 00000000"), False)
    assert "data" not in m._debug

    r = parse(nbd_export_name_reply.NbdExportNameReply, h("0000000000100000 0003") + bytes(124), True)
    assert r.export_size == 1 << 20
    assert r.transmission_flags.has_flags and r.transmission_flags.read_only
    assert span(r, "zeroes") == (10, 134)
    r = parse(nbd_export_name_reply.NbdExportNameReply, h("0000000000100000 0001"), False)
    assert r.transmission_flags.has_flags and not r.transmission_flags.read_only
    assert "zeroes" not in r._debug


def test_draft_alloc_context_option():
    # seed 004 (draft commit bc6d0df): option 10 = NBD_OPT_ALLOC_CONTEXT,
    # 32-bit type (2 = NBD_ALLOC_ADD_CONTEXT) then the query string.
    data = h("49484156454f5054 0000000a 00000009 00000002") + b"base:"
    m = parse(nbd_option.NbdOption, data, True)
    assert m.option is C.Option.nbd_opt_set_meta_context  # same number
    assert isinstance(m.data, nbd_option.NbdOption.AllocContextRequest)
    assert m.data.type is nbd_option.NbdOption.AllocContextType.nbd_alloc_add_context
    assert m.data.query == "base:"
    assert span(m.data, "type") == (0, 4)
    assert span(m.data, "query") == (4, 9)
    # Without the draft flag the same bytes are read as SET_META_CONTEXT and
    # run out of data.
    m = nbd_option.NbdOption(False, KaitaiStream(BytesIO(data)))
    with pytest.raises(EOFError):
        m._read()


def test_draft_alloc_context_reply():
    data = h("0003e889045565a9 0000000a 00000004 00000009 00000001") + b"base:"
    rep = parse(nbd_option_reply.NbdOptionReply, data, True)
    assert isinstance(rep.data, nbd_option_reply.NbdOptionReply.RepAllocContext)
    assert rep.data.context_id == 1 and rep.data.context_name == "base:"
    rep = parse(nbd_option_reply.NbdOptionReply, data, False)
    assert isinstance(rep.data, nbd_option_reply.NbdOptionReply.RepMetaContext)


# --- transmission --------------------------------------------------------------

BLOCK_STATUS_REQUEST = h("25609513 0000 0007 0000000000000001 0000000000000000 00100000")


def test_block_status_request():
    m = parse(nbd_request.NbdRequest, BLOCK_STATUS_REQUEST)
    assert m.magic is C.Magic32.nbd_request_magic
    assert m.type is C.Command.nbd_cmd_block_status
    assert m.flags.req_one is False and m.flags.fua is False and m.flags.payload_len is False
    assert m.cookie == 1
    assert m.offset == 0
    assert m.length == 1 << 20
    assert m.has_payload is False
    assert "data" not in m._debug
    assert span(m, "flags") == (4, 6)
    assert span(m, "type") == (6, 8)
    assert span(m, "cookie") == (8, 16)
    assert span(m, "offset") == (16, 24)
    assert span(m, "length") == (24, 28)


def test_compact_write_request_with_flags():
    data = h("25609513 0001 0001 00000000000000ab 0000000000000200 00000004") + b"abcd"
    m = parse(nbd_request.NbdRequest, data)
    assert m.type is C.Command.nbd_cmd_write
    assert m.flags.fua is True
    assert m.data == b"abcd"
    assert span(m, "data") == (28, 32)
    # compact WRITE_ZEROES with NO_HOLE|FAST_ZERO: no payload
    m = parse(nbd_request.NbdRequest, h("25609513 0012 0006 0000000000000002 0000000000000000 00010000"))
    assert m.type is C.Command.nbd_cmd_write_zeroes
    assert m.flags.no_hole and m.flags.fast_zero and not m.flags.fua
    assert "data" not in m._debug


def test_extended_block_status_request_with_payload():
    # extension-ext-header: 32-byte header, PAYLOAD_LEN (bit 5) set, length
    # 12 = 8 (effect length) + 4 * 1 context ID.
    data = h("21e41c71 0020 0007 0000000000000002 0000000000000000 000000000000000c 0000000000100000 00000001")
    m = parse(nbd_request.NbdRequest, data)
    assert m.magic is C.Magic32.nbd_extended_request_magic
    assert m.flags.payload_len is True
    assert m.type is C.Command.nbd_cmd_block_status
    assert m.length == 12
    assert span(m, "length") == (24, 32)
    assert span(m, "data") == (32, 44)
    assert isinstance(m.data, nbd_request.NbdRequest.BlockStatusPayload)
    assert m.data.effect_length == 1 << 20
    assert m.data.context_ids == [1]


def test_extended_requests_write_and_effect_length():
    m = parse(nbd_request.NbdRequest, h("21e41c71 0020 0001 0000000000000003 0000000000000200 0000000000000004") + b"wxyz")
    assert m.type is C.Command.nbd_cmd_write and m.data == b"wxyz"
    # no PAYLOAD_LEN: 64-bit effect length, no payload
    m = parse(nbd_request.NbdRequest, h("21e41c71 0000 0004 0000000000000004 0000000000000000 0000000100000000"))
    assert m.type is C.Command.nbd_cmd_trim
    assert m.length == 1 << 32
    assert "data" not in m._debug


def test_truncated_request_keeps_partial_debug():
    m = nbd_request.NbdRequest(KaitaiStream(BytesIO(BLOCK_STATUS_REQUEST[:20])))
    with pytest.raises(EndOfStreamError):
        m._read()
    assert m.magic is C.Magic32.nbd_request_magic
    assert m.type is C.Command.nbd_cmd_block_status
    assert m.cookie == 1
    assert span(m, "magic") == (0, 4)
    assert span(m, "type") == (6, 8)
    assert span(m, "cookie") == (8, 16)
    assert m._debug["offset"] == {"start": 16}
    assert "length" not in m._debug


def test_simple_reply():
    m = parse(nbd_simple_reply.NbdSimpleReply, h("67446698 00000000 0000000000000001"), 0)
    assert m.magic is C.Magic32.nbd_simple_reply_magic
    assert m.error is C.Error.ok
    assert m.cookie == 1
    assert "data" not in m._debug
    assert span(m, "error") == (4, 8)
    assert span(m, "cookie") == (8, 16)
    # successful READ of 8 bytes
    m = parse(nbd_simple_reply.NbdSimpleReply, h("67446698 00000000 0000000000000007") + b"01234567", 8)
    assert m.data == b"01234567"
    assert span(m, "data") == (16, 24)
    m = parse(nbd_simple_reply.NbdSimpleReply, h("67446698 00000016 0000000000000008"), 0)
    assert m.error is C.Error.nbd_einval


BLOCK_STATUS_REPLY = h("668e33ef 0001 0005 0000000000000001 00000014 00000001 00080000 00000000 00080000 00000003")


def test_block_status_structured_reply():
    m = parse(nbd_reply_chunk.NbdReplyChunk, BLOCK_STATUS_REPLY, 1)
    assert m.magic is C.Magic32.nbd_structured_reply_magic
    assert m.flags.done is True
    assert m.type is C.ChunkType.nbd_reply_type_block_status
    assert m.cookie == 1
    assert m.length == 20
    assert "offset" not in m._debug
    assert span(m, "length") == (16, 20)
    assert span(m, "payload") == (20, 40)
    p = m.payload
    assert p.context_id == 1
    assert [d.extent_length for d in p.descriptors] == [512 * 1024, 512 * 1024]
    first, second = (d.status_flags for d in p.descriptors)
    assert isinstance(first, C.BaseAllocationStatus)
    assert (first.hole, first.zero) == (False, False)
    assert (second.hole, second.zero) == (True, True)
    assert p._debug["descriptors"]["arr"][1] == {"start": 12, "end": 20}
    assert span(p.descriptors[1], "status_flags") == (16, 20)


def test_block_status_formats():
    unknown = parse(nbd_reply_chunk.NbdReplyChunk, BLOCK_STATUS_REPLY, 0).payload.descriptors
    assert [d.status_flags for d in unknown] == [0, 3]
    dirty = parse(nbd_reply_chunk.NbdReplyChunk, BLOCK_STATUS_REPLY, 2).payload.descriptors
    assert [d.status_flags.dirty for d in dirty] == [False, True]
    depth = parse(nbd_reply_chunk.NbdReplyChunk, BLOCK_STATUS_REPLY, 3).payload.descriptors
    assert [d.status_flags.depth for d in depth] == [0, 3]


def test_extended_reply_block_status_ext():
    # extension-ext-header: 32-byte header with offset and 64-bit length;
    # payload 8 + 16 * 2 bytes.
    data = h(
        "6e8a278c 0001 0006 0000000000000002 0000000000001000 0000000000000028"
        " 00000001 00000002"
        " 0000000000080000 0000000000000000"
        " 0000000100000000 0000000000000003"
    )
    m = parse(nbd_reply_chunk.NbdReplyChunk, data, 1)
    assert m.magic is C.Magic32.nbd_extended_reply_magic
    assert m.type is C.ChunkType.nbd_reply_type_block_status_ext
    assert m.offset == 0x1000
    assert m.length == 40
    assert span(m, "offset") == (16, 24)
    assert span(m, "length") == (24, 32)
    assert span(m, "payload") == (32, 72)
    p = m.payload
    assert p.context_id == 1 and p.descriptor_count == 2
    assert [d.extent_length for d in p.descriptors] == [0x80000, 1 << 32]
    assert isinstance(p.descriptors[1].status_flags, C.BaseAllocationStatus64)
    assert p.descriptors[1].status_flags.hole and p.descriptors[1].status_flags.zero
    assert not p.descriptors[0].status_flags.hole
    assert span(p.descriptors[1], "status_flags") == (32, 40)
    plain = parse(nbd_reply_chunk.NbdReplyChunk, data, 0).payload
    assert [d.status_flags for d in plain.descriptors] == [0, 3]


def test_error_chunks():
    msg = b"bad range"
    data = h("668e33ef 0001 8001 0000000000000005 0000000f 00000016 0009") + msg
    m = parse(nbd_reply_chunk.NbdReplyChunk, data, 0)
    assert m.type is C.ChunkType.nbd_reply_type_error
    e = m.payload
    assert isinstance(e, nbd_reply_chunk.NbdReplyChunk.Error)
    assert e.error is C.Error.nbd_einval
    assert e.message_length == 9
    assert e.message == "bad range"
    assert span(e, "message") == (6, 15)

    data = h("668e33ef 0001 8002 0000000000000006 0000000e 00000005 0000 0000000000001000")
    e = parse(nbd_reply_chunk.NbdReplyChunk, data, 0).payload
    assert isinstance(e, nbd_reply_chunk.NbdReplyChunk.ErrorOffset)
    assert e.error is C.Error.nbd_eio and e.message == "" and e.offset == 0x1000

    # an unknown type with bit 15 set still starts like NBD_REPLY_TYPE_ERROR
    data = h("668e33ef 0001 8003 0000000000000007 0000000c 0000006c 0002") + b"no" + h("deadbeef")
    m = parse(nbd_reply_chunk.NbdReplyChunk, data, 0)
    assert m.type == 0x8003
    e = m.payload
    assert isinstance(e, nbd_reply_chunk.NbdReplyChunk.UnknownError)
    assert e.error is C.Error.nbd_eshutdown and e.message == "no" and e.rest == h("deadbeef")


def test_content_chunks_and_none():
    data = h("668e33ef 0000 0001 0000000000000009 0000000c 0000000000000200") + b"data"
    m = parse(nbd_reply_chunk.NbdReplyChunk, data, 0)
    assert m.flags.done is False
    assert m.payload.offset == 0x200 and m.payload.data == b"data"
    assert span(m.payload, "data") == (8, 12)
    data = h("668e33ef 0001 0002 0000000000000009 0000000c 0000000000000000 00001000")
    p = parse(nbd_reply_chunk.NbdReplyChunk, data, 0).payload
    assert isinstance(p, nbd_reply_chunk.NbdReplyChunk.OffsetHole)
    assert p.offset == 0 and p.hole_size == 4096
    m = parse(nbd_reply_chunk.NbdReplyChunk, h("668e33ef 0001 0000 0000000000000009 00000000"), 0)
    assert m.type is C.ChunkType.nbd_reply_type_none and "payload" not in m._debug


# --- metadata for the viewer ---------------------------------------------------


def test_enum_names_are_spec_constants():
    assert C.Command(0).name == "nbd_cmd_read"
    assert C.Option(7).name == "nbd_opt_go"
    assert C.ReplyType(0x80000001).name == "nbd_rep_err_unsup"
    assert C.InfoType(0).name == "nbd_info_export"
    assert C.ChunkType(1).name == "nbd_reply_type_offset_data"
    assert C.Error(22).name == "nbd_einval"
    assert C.Magic64(0x0003E889045565A9).name == "nbd_opt_reply_magic"


def test_ksy_meta_docs_and_hints():
    meta = ksy_meta.META
    assert meta["NbdRequest"]["fields"]["cookie"]["show"] == "hex"
    assert meta["NbdReplyChunk"]["fields"]["cookie"]["show"] == "hex"
    assert meta["NbdCommon.TransmissionFlags"]["fields"]["has_flags"]["bits"] == 1
    for qualname, info in meta.items():
        if qualname.startswith("Nbd"):
            for name, field in info["fields"].items():
                assert field.get("doc"), f"{qualname}.{name} has no doc"


# --- real bytes from the shared captures ---------------------------------------


def _pcap_tcp_payloads(path: Path) -> dict[int, bytes]:
    """Frame number -> TCP payload, for classic pcap, Ethernet, IPv4."""
    data = path.read_bytes()
    endian = {b"\xd4\xc3\xb2\xa1": "<", b"\xa1\xb2\xc3\xd4": ">", b"\x4d\x3c\xb2\xa1": "<", b"\xa1\xb2\x3c\x4d": ">"}[data[:4]]
    assert struct.unpack(endian + "I", data[20:24])[0] == 1  # LINKTYPE_ETHERNET
    out, off, number = {}, 24, 0
    while off + 16 <= len(data):
        incl = struct.unpack(endian + "I", data[off + 8 : off + 12])[0]
        frame = data[off + 16 : off + 16 + incl]
        off += 16 + incl
        number += 1
        if frame[12:14] != b"\x08\x00" or frame[23] != 6:
            continue
        tcp = 14 + (frame[14] & 0x0F) * 4
        out[number] = frame[tcp + (frame[tcp + 12] >> 4) * 4 :]
    return out


@pytest.mark.shared
def test_real_transmission_messages_match_tshark():
    pcap = SHARED_NBD / "nbd-nbdkit-memory-nbdsh.pcap"
    js = SHARED_NBD / "nbd-nbdkit-memory-nbdsh.tshark.json"
    if not (pcap.exists() and js.exists()):
        pytest.skip("../shared/captures not available")
    payloads = _pcap_tcp_payloads(pcap)
    tshark = {
        int(p["_source"]["layers"]["frame"]["frame.number"]): p["_source"]["layers"]["nbd"] for p in json.loads(js.read_text())
    }
    checked = 0
    for number, fields in tshark.items():
        if fields["nbd.magic"] != "0x25609513":
            continue
        payload = payloads[number]
        length = int(fields["nbd.len"])
        size = 28 + (length if fields["nbd.type"] == "1" else 0)
        m = parse(nbd_request.NbdRequest, payload[:size])
        assert m.magic is C.Magic32.nbd_request_magic
        assert int(m.type) == int(fields["nbd.type"])
        assert m.cookie == int(fields["nbd.handle"], 16)
        assert m.offset == int(fields["nbd.from"], 16)
        assert m.length == length
        if m.type is C.Command.nbd_cmd_write:
            assert m.data == bytes.fromhex(fields["nbd.data"].replace(":", ""))[: len(m.data)]
            assert span(m, "data") == (28, 28 + length)
        checked += 1
    assert checked >= 3  # WRITE (frame 21), READ (25), DISC (43)

    write = parse(nbd_request.NbdRequest, payloads[21])
    assert write.type is C.Command.nbd_cmd_write and write.length == 4096
    assert write.data[:8] == b"HEXVIEW!"
    read = parse(nbd_request.NbdRequest, payloads[25])
    assert (read.type, read.cookie, read.offset, read.length) == (C.Command.nbd_cmd_read, 3, 0, 512)

    reply = parse(nbd_simple_reply.NbdSimpleReply, payloads[22], 0)
    assert int(reply.error) == int(tshark[22]["nbd.error"])
    assert reply.cookie == int(tshark[22]["nbd.handle"], 16)
