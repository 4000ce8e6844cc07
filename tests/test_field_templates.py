"""Trees built from templates (hexview.decode.field_templates) are the parser's trees.

Every capture is decoded three times -- templates off (the parser alone), then on
with none kept yet, then on again with the first pass's templates -- and the
--json output must be the same bytes each time; the third pass must really have
built trees from templates. Hand-made changes to real messages check the rule
itself: a changed control field (a length) must not reuse a template, a changed
value field (an xid) must, and both must give the parser's tree."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from hexview import cli
from hexview.compiled import rpc_message
from hexview.compiled.ksy_meta import META
from hexview.decode import field_templates
from hexview.decode.kaitai_tree import parse_fields
from shared_paths import CAPTURES, shared_pcaps

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
BUNDLED = [
    DATA / "gluster-tiny-brick-midstream.pcap",
    DATA / "nbd-tiny-nbdsh.pcap",
    DATA / "demos" / "ocfs2-cluster.pcap",
    DATA / "demos" / "pohmelfs-session.pcap",
    *sorted((DATA / "nfs3").glob("*.pcap")),
]


@pytest.fixture
def templates():
    field_templates.clear()
    yield field_templates
    field_templates.enabled = True
    field_templates.clear()


def _json(capsys, path: Path) -> str:
    assert cli.main(["--json", "--jobs", "1", str(path)]) == 0
    return capsys.readouterr().out


def _three_ways(capsys, templates, path: Path, uses_templates: bool = True) -> None:
    templates.enabled = False
    parser_only = _json(capsys, path)
    templates.enabled = True
    first = _json(capsys, path)
    built_before = templates.stats()["hits"]
    again = _json(capsys, path)
    assert parser_only.count("\n") > 0
    assert first == parser_only
    assert again == parser_only
    if uses_templates:
        assert templates.stats()["hits"] > built_before  # the last pass did use templates
    else:
        assert templates.stats()["hits"] == 0
    assert templates.stats()["broken"] == 0  # no two templates of one layout disagreed


@pytest.mark.parametrize("path", shared_pcaps())
def test_templates_give_the_parsers_trees_on_every_shared_capture(capsys, templates, path):
    _three_ways(capsys, templates, path)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_templates_give_the_parsers_trees_on_bundled_captures(capsys, templates, path):
    # POHMELFS headers read two words again from fixed places (instances with pos:),
    # bytes a template would not know to check: those messages always take the parser
    _three_ways(capsys, templates, path, uses_templates="pohmelfs" not in path.name)


# -- the rule, on one real RPC call -----------------------------------------------------------

# GF-DUMP DUMP call from gluster-fuse-replica3-afr.pcap (after its record mark): xid 2,
# CALL, rpcvers 2, prog 123451501 vers 1 proc 1, AUTH_GLUSTERFS_V2 credential of 24
# bytes (pid, uid, gid 0, no groups, a 4-byte lk_owner), AUTH_NONE verifier
CALL = bytes.fromhex(
    "00000002"
    "00000000"
    "00000002"
    "075bcd6d"
    "00000001"
    "00000001"
    "0005f397"
    "00000018"
    "00000000"
    "00000000"
    "00000000"
    "00000000"
    "00000004"
    "00000000"
    "00000000"
    "00000000"
)


def _tree(fields) -> list:
    return [(f.name, f.value, f.show, f.start, f.end, _tree(f.children)) for f in fields]


def _parser(data: bytes):
    fields, errors, consumed, _ = parse_fields(rpc_message.RpcMessage, data)
    return _tree(fields), errors, consumed


def _templated(data: bytes):
    fields, errors, consumed = field_templates.fields_of(rpc_message.RpcMessage, data)
    return _tree(fields), errors, consumed


def test_a_new_xid_reuses_the_template_and_reads_the_new_value(templates):
    assert _templated(CALL) == _parser(CALL)
    other = struct.pack(">I", 0xDEADBEEF) + CALL[4:]
    hits = templates.stats()["hits"]
    assert _templated(other) == _parser(other)
    assert templates.stats()["hits"] == hits + 1
    xid = _templated(other)[0][0]
    assert xid[:5] == ("xid", 0xDEADBEEF, "0xdeadbeef", 0, 4)


def test_a_changed_length_of_the_same_total_does_not_reuse_the_template(templates):
    _templated(CALL)
    # lk_owner of 0 bytes and one group instead: the same 64 bytes, laid out otherwise
    other = CALL[:44] + bytes.fromhex("000000010000000a00000000") + CALL[56:]
    assert len(other) == len(CALL)
    hits = templates.stats()["hits"]
    parsed = _parser(other)
    assert _templated(other) == parsed
    assert templates.stats()["hits"] == hits  # the parser's path, not the template
    call = parsed[0][2]
    cred = next(f for f in call[5] if f[0] == "cred")
    body = next(f for f in cred[5] if f[0] == "body")
    groups = next(f for f in body[5] if f[0] == "groups")
    assert [f[:2] for f in groups[5]] == [("count", 1), ("items", [10])]


def test_every_field_an_expression_reads_is_a_control_and_plain_values_are_not():
    fields = META["RpcXdr.OpaqueAuth"]["fields"]
    assert fields["length"].get("control") and fields["flavor"].get("control")  # size:, switch-on:
    assert not META["RpcMessage"]["fields"]["xid"].get("control")
    assert META["RpcMessage"]["fields"]["xid"]["fmt"] == ">I"


def test_templates_stay_within_their_bound(capsys, templates, monkeypatch):
    path = CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap"
    if not path.exists():
        pytest.skip("../shared/captures not present")
    monkeypatch.setattr(field_templates, "MAX_TEMPLATES", 5)
    alone = _json(capsys, path)
    assert templates.stats()["templates"] == 5
    templates.enabled = False
    assert alone == _json(capsys, path)


def test_a_header_that_never_asks_where_the_input_ends_reuses_its_template_at_any_length(templates):
    _templated(CALL)
    longer = CALL + bytes(12)  # the same header with arguments after it
    hits = templates.stats()["hits"]
    assert _templated(longer) == _parser(longer)
    assert templates.stats()["hits"] == hits + 1
    shorter = CALL[:40]  # cut inside the credential: the parser's error, not a template
    assert _templated(shorter) == _parser(shorter)
    assert _parser(shorter)[1] and templates.stats()["hits"] == hits + 1


def test_a_layout_that_reads_to_the_end_is_reused_only_at_its_own_length(templates):
    from hexview.compiled import gluster_fop4_call

    assert META["GlusterFop4Call.GfxWriteReq"]["stream_end"] == "own"  # data: size-eos
    parser, params = gluster_fop4_call.GlusterFop4Call, {"proc": 13}
    # gfx_write_req: gfid, fd, offset, size, flag, an empty xdata dict, then the data
    head = bytes(16) + bytes.fromhex("000000000000000100000000000000000000000400000000000000000000000000000000")
    first, longer = head + b"abcd", head + b"abcdefgh"
    fields, errors, _ = field_templates.fields_of(parser, first, params)
    assert not errors
    hits = templates.stats()["hits"]
    reference = parse_fields(parser, longer, params)
    assert _tree(field_templates.fields_of(parser, longer, params)[0]) == _tree(reference[0])
    assert templates.stats()["hits"] == hits  # another length: the parser again
    assert _tree(field_templates.fields_of(parser, first, params)[0]) == _tree(fields)
    assert templates.stats()["hits"] == hits + 1


def test_a_new_time_reuses_the_template_and_shows_its_own_date(templates):
    """A Gluster reply's iatt times are values, not controls: another message with other
    seconds and nanoseconds takes the same template, and its ``time`` shows (ISO date
    from the seconds and the sibling ``_nsec`` field) are its own, as the parser's."""
    import copy

    from hexview.pipeline import Pipeline
    from hexview.readers import open_input

    messages = list(Pipeline().run(open_input(str(DATA / "gluster-tiny-brick-midstream.pcap"))))
    reply = next(m for m in messages if m.kind == "reply" and any(f.name == "ia_mtime" for f in m.decode().walk()))
    tree = reply.decode()
    mtime = next(f for f in tree.walk() if f.name == "ia_mtime")
    nsec = next(f for f in tree.walk() if f.name == "ia_mtime_nsec")
    data = bytearray(reply.data)
    data[mtime.start : mtime.end] = (1796505423).to_bytes(mtime.end - mtime.start, "big")  # 2026-12-05T21:17:03Z
    data[nsec.start : nsec.end] = (123456789).to_bytes(nsec.end - nsec.start, "big")
    other = copy.copy(reply)
    other.data, other._decoded = bytes(data), None
    before = templates.stats()
    templated = other.decode_transient()
    assert templates.stats()["templates"] == before["templates"]  # no new template for a new time
    assert templates.stats()["hits"] > before["hits"]
    shown = next(f for f in templated.walk() if f.name == "ia_mtime")
    assert (shown.value, shown.show) == (1796505423, "2026-12-05T21:17:03.123456789Z (1796505423 s 123456789 ns)")
    templates.enabled = False
    assert _tree(other.decode_transient().fields) == _tree(templated.fields)
