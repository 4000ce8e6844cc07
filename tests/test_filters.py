"""Display filters (hexview.analysis.filters, ``hexview -Y``): the language on a tree
of known shape, and ``--json``/``--summary -Y`` on real captures giving exactly the
unfiltered run's messages that match (expected sets computed here from the unfiltered
JSON, each message keeping its ``index``)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from hexview import cli
from hexview.analysis import filters
from hexview.analysis.filters import FilterError, compile
from hexview.decode.fields import DecodedMessage, Field, Outcome
from hexview.messages import Message
from hexview.output import parallel
from hexview.packets import Span
from shared_paths import CAPTURES

DATA = Path(__file__).resolve().parent / "data"


# -- the language, on a tree shaped like an NFSv4 COMPOUND reply and a Gluster reply ----


def _f(name: str, value: Any, show: str, *children: Field) -> Field:
    return Field(name, value, show, 0, 0, list(children))


def _tree() -> list[Field]:
    """Values from RFC 7530/5661 (NFS4ERR_NOENT = 2, OP_LOOKUP = 15) and Linux errno.h
    (ENOENT = 2); the names as hexview's trees use them."""
    return [
        _f(
            "rpc",
            None,
            "",
            _f("xid", 8, "0x00000008"),
            _f("msg_type", 1, "REPLY (1)"),
        ),
        _f(
            "results",
            None,
            "",
            _f("status", 2, "NFS4ERR_NOENT (2)"),
            _f("tag", None, "", _f("length", 5, "5"), _f("value", "hello", "'hello'")),
            _f(
                "resarray",
                None,
                "2 items",
                _f("resarray[0]", None, "", _f("resop", 22, "OP_PUTFH (22)"), _f("status", 0, "NFS4_OK (0)")),
                _f("resarray[1]", None, "", _f("resop", 15, "OP_LOOKUP (15)"), _f("status", 2, "NFS4ERR_NOENT (2)")),
            ),
            _f("body", None, "", _f("gfid", "ca7ef772ec6a4d39b3f1fd4964417670", "ca7ef772-ec6a-4d39-b3f1-fd4964417670")),
            _f("op_errno", 2, "ENOENT (2)"),
            _f("op_ret", -1, "-1"),
            _f("last_fragment", True, "Set"),
        ),
    ]


class _Counting:
    """A registration stand-in: decodes to ``_tree()`` and counts the decodes."""

    name = "NFS"

    def __init__(self, errors: list[Span] | None = None, failed: bool = False) -> None:
        self.decodes = 0
        self.errors = errors or []
        self.failed = failed

    def decode(self, message: Message) -> DecodedMessage:
        self.decodes += 1
        return DecodedMessage(_tree(), list(self.errors), outcome=Outcome("", self.failed))


def _message(reg: _Counting | None = None, **kw: Any) -> Message:
    conv = SimpleNamespace(protocol=reg or _Counting(), index=3, nodes=None)  # one input: no NodeMap
    m = Message(conv, kw.pop("direction", "s2c"), 0, b"\0" * 120, kw.pop("frames", (7, 9)), "reply", "NFS COMPOUND reply", **kw)  # type: ignore[arg-type]
    return m


def _reply(latency: float = 0.0025) -> Message:
    request = _message(direction="c2s", frames=5, is_request=True, expects_reply=True)
    request.end_timestamp = 100.0
    reply = _message(is_reply=True, timestamp=100.0 + latency, end_timestamp=100.0 + latency)
    reply.link(request)
    return reply


MATCHING = [
    "xid",  # present
    "rpc.xid == 8",
    "xid == 0x8",
    "xid == 0x00000008",
    "msg_type == REPLY",
    "msg_type == 1",
    "status == NFS4ERR_NOENT",
    "status == 2",
    "resarray.status == NFS4_OK",  # any occurrence: the first op's status
    "resarray[1].status == NFS4ERR_NOENT",
    "resarray.resop == OP_LOOKUP",
    "op_errno == ENOENT",
    "op_errno eq 2",
    "op_ret < 0",
    "op_ret <= -1",
    "op_ret > -2",
    "op_ret >= -1",
    "op_ret lt 0",
    "op_errno != 0",
    "gfid == ca7ef772-ec6a-4d39-b3f1-fd4964417670",
    "body.gfid == CA7EF772EC6A4D39B3F1FD4964417670",
    "gfid contains b3f1fd49",
    "gfid contains ec6a-4d39",
    "tag == hello",
    'tag == "hello"',
    "tag contains ell",
    'tag matches "^H.l+o$"',  # case-insensitive, as Wireshark's matches
    "status matches NOENT",
    "status in {NFS4ERR_STALE, NFS4ERR_NOENT}",
    "status in {10000..10100, 2}",
    "last_fragment == true",
    "last_fragment == 1",
    "name contains COMPOUND",
    'name == "NFS COMPOUND reply"',
    "protocol == NFS",
    "stream == 3",
    "direction == s2c",
    "frame == 9",
    "frame in {1, 7}",
    "length == 120",
    "length > 0x10",
    "latency",
    "latency > 2ms",
    "latency < 2.6ms",
    "latency >= 2500us",
    "latency > 0.002",
    "latency <= 0.0025s",
    "reply",
    "not request",
    "not unanswered",
    "not errors",
    "not failed",
    "not (xid == 9) and status == 2",
    "xid == 9 or status == 2",
    "xid == 9 || status == 2 && op_errno == ENOENT",
    "!xid == 9",
    "not xid == 9 and not xid == 10",
    "(xid == 9 or xid == 8) and msg_type == REPLY",
]

NOT_MATCHING = [
    "nosuchfield",
    "xid == 9",
    "xid == 0x9",
    "msg_type == CALL",
    "msg_type == 0",
    "status == NFS4ERR_STALE",
    "op_errno == EINVAL",
    "op_errno == 0",
    "op_errno != ENOENT",
    "status != 2 and status != 0",  # != : no occurrence equal (both 0 and 2 occur)
    "resarray[0].status == NFS4ERR_NOENT",
    "results.xid",  # a suffix path must follow the tree: xid is under rpc
    "rpc.status",
    "op_ret > 0",
    "op_ret >= 0",
    "gfid == ca7ef772",
    "gfid contains a7ef77",  # not whole bytes
    "tag == hell",
    'tag matches "^x"',
    "status in {NFS4ERR_STALE, 3..5}",
    "last_fragment == false",
    "name == COMPOUND",
    "protocol == NBD",
    "stream != 3",
    "direction == c2s",
    "frame == 8",
    "latency > 3ms",
    "latency < 2ms",
    "request",
    "unanswered",
    "errors",
    "failed",
    "xid == 9 and status == 2",
    "xid == 9 or status == 3",
    # precedence: not binds tighter than and, and tighter than or
    "not xid == 8 or xid == 9",
    "xid == 9 or status == 2 and op_errno == 0",
    "(xid == 9 or status == 2) and op_errno == 0",
]


@pytest.mark.parametrize("text", MATCHING)
def test_expressions_that_match(text):
    assert compile(text).matches(_reply()), text


@pytest.mark.parametrize("text", NOT_MATCHING)
def test_expressions_that_do_not_match(text):
    assert not compile(text).matches(_reply()), text


def test_precedence_is_not_then_and_then_or():
    """'a or b and c' is 'a or (b and c)': true when a alone is."""
    m = _reply()
    assert compile("xid == 8 or xid == 9 and status == 3").matches(m)
    assert not compile("(xid == 8 or xid == 9) and status == 3").matches(m)
    assert compile("not xid == 9 and xid == 8").matches(m)  # (not a) and b
    assert not compile("not (xid == 8 and xid == 8)").matches(m)


def test_not_equal_needs_the_field_and_no_equal_occurrence():
    m = _reply()
    assert not compile("nosuch != 1").matches(m)
    assert compile("not nosuch == 1").matches(m)


def test_time_counts_from_the_origin():
    m = _reply()
    assert m.timestamp is not None
    assert compile("time > 1s and time < 3s").matches(m, origin=m.timestamp - 2)
    assert not compile("time").matches(m)  # no origin: no time


def test_unanswered_request_and_errors_and_failed():
    request = _message(direction="c2s", is_request=True, expects_reply=True)
    assert compile("unanswered and request and not reply and not latency").matches(request)
    assert compile("errors").matches(_message(_Counting(errors=[Span(0, 4, "malformed")])))
    assert compile("errors").matches(_message(missing=[Span(0, 4, "not captured")]))
    assert compile("failed").matches(_message(_Counting(failed=True)))


def test_only_message_fields_never_decode():
    reg = _Counting()
    m = _message(reg)
    for text in ("name contains NFS and length > 10", "frame == 7 or stream == 1", "direction == s2c and not latency"):
        compiled = compile(text)
        assert not compiled.needs_decode
        compiled.matches(m)
    assert reg.decodes == 0
    for text in ("xid", "errors", "failed and length > 1"):
        assert compile(text).needs_decode
        compile(text).matches(m)
    assert reg.decodes == 3
    assert m._decoded is None  # nothing kept


def test_keep_holds_the_tree_of_a_match_only():
    reg = _Counting()
    m = _message(reg)
    assert not compile("xid == 9").matches(m, keep=True)
    assert m._decoded is None
    assert compile("xid == 8").matches(m, keep=True)
    assert m._decoded is not None
    assert compile("status == 2").matches(m, keep=True)
    assert reg.decodes == 2  # the kept tree is reused


ERRORS = [
    ("", "empty filter", 1),
    ("xid ==", "expected a value, got the end", 7),
    ("xid == 8 and", "expected a field name, got the end", 13),
    ("(xid == 8", "expected ')' to close the '(' at column 1, got the end", 10),
    ("xid == 8)", "expected 'and', 'or' or the end, got ')'", 9),
    ("xid 8", "expected an operator after 'xid', got '8'", 5),
    ('"xid" == 8', "expected a field name, got 'xid' (a string)", 1),
    ("8xid == 1", "not a field name: '8xid'", 1),
    ("xid == 'abc", "unterminated string", 8),
    ("xid == 1 # 2", "unexpected character '#'", 10),
    ("xid in 1", "expected '{' after 'in', got '1'", 8),
    ("xid in {1, 2", "expected '}' to close the '{' at column 8", 13),
    ("xid in {}", "an empty set", 8),
    ("xid in {a..b}", "a range needs two numbers: 'a..b'", 9),
    ('tag matches "a(b"', "bad regular expression: missing ), unterminated subpattern", 15),
    ("and", "expected a field name, got 'and'", 1),
    ("xid == 8 or or", "expected a field name, got 'or'", 13),
    ("not", "expected a field name, got the end", 4),
]


@pytest.mark.parametrize(("text", "message", "column"), ERRORS)
def test_errors_name_their_column(text, message, column):
    with pytest.raises(FilterError) as caught:
        compile(text)
    assert (caught.value.message, caught.value.column) == (message, column)
    assert str(caught.value) == f"{message} at column {column}"


def test_a_bad_filter_is_one_stderr_line_and_exit_2(capsys):
    assert cli.main(["--json", "-Y", "xid == 8 and (", str(DATA / "nbd-tiny-nbdsh.pcap")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "hexview: filter: expected a field name, got the end at column 15\n"


def test_field_names_for_completion():
    names = filters.field_names([], [DecodedMessage(_tree(), [])])
    assert {"name", "latency", "xid", "resarray", "resop", "gfid", "op_errno"} <= set(names)
    assert "resarray[0]" not in names


# -- on real captures ---------------------------------------------------------------------


def _json_lines(capsys, *argv: str) -> list[str]:
    assert cli.main(list(argv)) == 0
    return capsys.readouterr().out.splitlines()


def _walk(fields: list[dict[str, Any]]):
    for f in fields:
        yield f
        yield from _walk(f.get("children", []))


def _errno_2(obj: dict[str, Any]) -> bool:
    return any(f["name"] == "op_errno" and f["value"] == 2 for f in _walk(obj["fields"]))


def _nfs_noent(obj: dict[str, Any]) -> bool:
    return any(f["name"] == "status" and f["value"] == 2 and "NOENT" in f["show"] for f in _walk(obj["fields"]))


def _nfs4_error(obj: dict[str, Any]) -> bool:
    return any(f["name"] == "status" and f["show"].startswith("NFS4ERR_") for f in _walk(obj["fields"]))


def _slow_replies(obj: dict[str, Any]) -> bool:
    return obj["pair"] is not None and obj["latency"] is not None and obj["latency"] > 0.0002 and obj["direction"] == "s2c"


CASES = [
    ("gluster/gluster-fuse-plain-fileops.pcap", "op_errno == ENOENT", _errno_2),
    ("gluster/gluster-fuse-disperse-ec.pcap", "op_errno == 2", _errno_2),
    ("gluster/gluster-fuse-replica3-afr.pcap", "latency > 200us and direction == s2c", _slow_replies),
    ("nfs/nfs-v41-pynfs-session-open-rw.pcap", "status in {NFS4ERR_NOENT, NFS3ERR_NOENT}", _nfs_noent),
    ("nfs/nfs-v41-pynfs-pnfs-v42.pcap", 'status matches "^nfs4err_"', _nfs4_error),
    ("nfs3/nfs3-allprocs-pyclient.pcap", "status == NFS3ERR_NOENT", _nfs_noent),
    ("gluster-tiny-brick-midstream.pcap", "op_errno == ENOENT", _errno_2),
]


def _path(name: str) -> Path:
    local = DATA / name
    return local if local.exists() else CAPTURES / name


@pytest.mark.parametrize(("name", "text", "wanted"), CASES, ids=[c[0].split("/")[-1] for c in CASES])
def test_json_filter_gives_the_unfiltered_runs_matching_messages(capsys, name, text, wanted):
    path = _path(name)
    if not path.exists():
        pytest.skip(f"{name} not present")
    everything = _json_lines(capsys, "--json", "--jobs", "1", str(path))
    expected = [line for line in everything if wanted(json.loads(line))]
    got = _json_lines(capsys, "--json", "--jobs", "1", "-Y", text, str(path))
    assert got == expected
    if "latency" not in text:
        assert expected, "the capture holds a message the filter is about"


def test_workers_filter_too_and_keep_order_and_indexes(capsys, monkeypatch):
    """Batches of 7 (calls and replies in different workers): the same lines as one
    process, for --json, --print and --summary with a decoding filter."""
    path = CAPTURES / "gluster" / "gluster-fuse-plain-fileops.pcap"
    if not path.exists():
        pytest.skip("shared captures not present")
    monkeypatch.setattr(parallel, "BATCH_MESSAGES", 7)
    for view in (["--json"], ["--print"], ["--summary"], ["--summary", "--info"]):
        alone = _json_lines(capsys, *view, "--jobs", "1", "-Y", "op_errno == ENOENT or bname == dir1", str(path))
        assert len(alone) >= 2
        assert _json_lines(capsys, *view, "--jobs", "2", "-Y", "op_errno == ENOENT or bname == dir1", str(path)) == alone


def test_summary_filter_on_message_fields_keeps_the_unfiltered_lines(capsys):
    path = DATA / "nfs3" / "nlm4-nsm-locks-pyclient.pcap"
    everything = _json_lines(capsys, "--summary", str(path))
    objs = [json.loads(line) for line in _json_lines(capsys, "--json", str(path))]
    wanted = {o["index"] for o in objs if o["protocol"] == "NLM" and o["direction"] == "c2s"}
    assert wanted
    got = _json_lines(capsys, "--summary", "-Y", "protocol == NLM and direction == c2s", str(path))
    assert got == [line for line in everything if int(line.split()[0]) in wanted]
