"""The bundled OCFS2 and POHMELFS demo captures (tests/data/demos), made by
tools/make_demos.py from the golden tests' hand-written bytes (seed 000's dissected
examples, seed 002's commands): they must be what the generator writes now, and
both forms (pcap, tcpdump -X text) must decode to the same messages, with every
request answered and no problem reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hexview.pipeline import Pipeline
from hexview.readers import open_input

ROOT = Path(__file__).resolve().parent.parent
DEMOS = ROOT / "tests" / "data" / "demos"
NAMES = ("ocfs2-cluster", "pohmelfs-session", "ocfs2-locks-3node")


def decoded(path: Path):
    messages = list(Pipeline().run(open_input(str(path))))
    return messages, [(m.direction, m.offset, m.name, m.data) for m in messages]


def test_bundled_demos_are_what_the_generator_writes(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_demos.py"), str(tmp_path)], check=True, capture_output=True)
    for name in NAMES:
        for suffix in (".pcap", ".X.txt"):
            assert (tmp_path / f"{name}{suffix}").read_bytes() == (DEMOS / f"{name}{suffix}").read_bytes(), name + suffix


@pytest.mark.parametrize("name", NAMES)
def test_pcap_and_text_decode_alike_without_problems(name):
    messages, pcap = decoded(DEMOS / f"{name}.pcap")
    _, text = decoded(DEMOS / f"{name}.X.txt")
    assert pcap == text and messages
    for m in messages:
        assert not m.decode().errors, (m.name, m.decode().errors)


def test_ocfs2_demo_conversations():
    messages, _ = decoded(DEMOS / "ocfs2-cluster.pcap")
    by_stream: dict[str, list] = {}
    for m in messages:
        by_stream.setdefault(m.conversation.label(), []).append(m)
    new, old = by_stream["10.0.0.7:40321 -> 10.0.0.3:7777"], by_stream["10.0.1.2:33010 -> 10.0.1.1:7777"]
    assert {m.conversation.protocol.name for m in messages} == {"OCFS2"}
    assert [m.name for m in new[:2]] == ["Handshake (protocol version 11)"] * 2
    requests = [m.name for m in new if m.kind == "request"]
    assert requests == [
        "Query Join (510)",
        "Assert Join (511)",
        "Master Request (500)",
        "Assert Master (502)",
        "Create Lock (503)",
        "Convert Lock (504)",
        "Proxy AST (505)",
        "Unlock Lock (506)",
        "Deref Lockres (507)",
        "Begin Recovery (517)",
        "Lock Request (515)",
        "Master Requery (514)",
        "Migrate Lockres (509)",
        "Recovery Data Done (516)",
        "Finalize Recovery (518)",
        "Migrate Request (508)",
        "Exit Domain (513)",
    ]
    for m in new + old:
        if m.kind in ("request", "keepalive") and m.is_request:
            assert m.replies and m.replies[0].pair is m, m.name
    assert [m.name for m in old[:2]] == ["Handshake (protocol version 2)"] * 2
    assert "FS Vote (1)" in [m.name for m in old]


def test_pohmelfs_demo_session():
    messages, _ = decoded(DEMOS / "pohmelfs-session.pcap")
    assert {m.conversation.protocol.name for m in messages} == {"POHMELFS"}
    names = [m.name for m in messages]
    assert names[:2] == ["NETFS_TRANS request: CAPABILITIES", "NETFS_CAPABILITIES reply"]
    assert messages[1].pair is messages[0]
    assert "NETFS_TRANS request: READ_PAGES" in names and "NETFS_TRANS request: RENAME" in names
    assert "NETFS_TRANS request: CREATE, OPEN, WRITE_PAGE" in names
