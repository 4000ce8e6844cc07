"""Marks and writing bytes to a file, as a person does them in a real terminal (pty, pyte).

- Marks: ``m`` + a letter in two streams (one typed in a burst with the key before it,
  one named ``j``, a key the message list would otherwise act on), then elsewhere ``'`` +
  the letter selects the marked stream and message again; ``M`` lists both and
  ``enter`` goes to one.
- ``w``: the selected field and the whole message written to a temporary path hold
  exactly the bytes the pcap carried (read here from the pcap's own records: frame 4's
  TCP payload is the NBD greeting, whose first 8 bytes are the magic ``NBDMAGIC``);
  an existing file is replaced only after a second ``enter``; a path in a missing
  folder shows the reason and the view keeps answering keys.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from shared_paths import CAPTURES
from test_tui_terminal import HEXVIEW, ROOT, Terminal

REPLICA3 = CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap"
TINY = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap"

pytestmark = pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview")


def tcp_payload(pcap: Path, frame: int) -> bytes:
    """The TCP payload of ``frame`` (1-based) of a classic little-endian Ethernet pcap,
    read from the records as RFC 791 / RFC 793 lay out the headers."""
    data = pcap.read_bytes()
    magic, _, _, _, _, _, linktype = struct.unpack_from("<IHHiIII", data, 0)
    assert magic == 0xA1B2C3D4 and linktype == 1, (hex(magic), linktype)
    at = 24
    for _ in range(frame - 1):
        at += 16 + struct.unpack_from("<IIII", data, at)[2]
    captured = struct.unpack_from("<IIII", data, at)[2]
    packet = data[at + 16 : at + 16 + captured]
    ip = packet[14:]
    assert ip[0] >> 4 == 4 and ip[9] == 6  # IPv4, TCP
    total, ihl = struct.unpack_from("!H", ip, 2)[0], (ip[0] & 0x0F) * 4
    tcp = ip[ihl:total]
    return tcp[(tcp[12] >> 4) * 4 :]


def message_number(term: Terminal) -> str:
    found = re.search(r"No\. (\d+)", term.ruler())
    assert found, term.ruler()
    return found.group(1)


def type_path(term: Terminal, path: Path, shown: str) -> None:
    """Clear the path line (ctrl+u), then type ``path`` and enter; ``shown``: the text on
    screen that goes once the line is cleared."""
    term.child.send("\x15")
    term.wait_for(lambda t: shown not in t, "the path line to be cleared")
    term.child.send(f"{path}\r")


def stream_row_is_selected(term: Terminal, label: str) -> bool:
    """The stream list's row with ``label`` is the one drawn as the cursor (reverse video)."""
    y = term.row_of(label)
    return label in term.reversed_text(y)


def test_marks_in_two_streams_and_going_back():
    if not REPLICA3.exists():
        pytest.skip("gluster-fuse-replica3-afr.pcap not available")
    term = Terminal(str(HEXVIEW), [str(REPLICA3)])
    first, fifth = "127.0.0.1:49144 -> 127.0.0.2:24007", "127.0.0.1:49136 -> 127.0.0.2:56218"
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/2 " in t and first in t, "the capture to be read")
        term.child.send("jma")  # one burst: the next message, then mark it a
        term.wait_for(lambda t: "msg 2/2 " in t and "mark a: msg 2 of stream 0" in t, "mark a")
        marked_a = message_number(term)
        term.child.send("]]]]jj")  # stream 4 (the stream list is in stream-number order), its 3rd message
        term.wait_for(lambda t: "msg 3/168 " in t, "stream 4, message 3")
        marked_j = message_number(term)
        term.child.send("mj")  # a mark named j: the j is the mark's, not a step
        term.wait_for(lambda t: "mark j: msg 3 of stream 4" in t, "mark j")
        assert "msg 3/168 " in term.ruler(), term.ruler()
        term.child.send("]")  # away: stream 5
        term.wait_for(lambda t: "msg 1/158 " in t, "stream 5")
        term.child.send("'a")
        term.wait_for(lambda t: term.ruler().startswith("msg 2/2 "), "' a to go back to stream 0")
        assert message_number(term) == marked_a
        assert stream_row_is_selected(term, first)
        term.child.send("'j")
        term.wait_for(lambda t: term.ruler().startswith("msg 3/168 "), "' j to go back to stream 4")
        assert message_number(term) == marked_j
        assert stream_row_is_selected(term, fifth)
        term.child.send("'x")  # no such mark: said, nothing moves
        term.wait_for(lambda t: "no mark x" in t, "the note about mark x")
        assert term.ruler().startswith("msg 3/168 ")
        # the marks screen: both, in letter order; j moves down, enter goes there
        term.child.send("]M")
        text = term.wait_for(lambda t: "─ marks " in t and "enter goes there" in t, "the marks screen")
        row_a = next(line for line in text.splitlines() if re.search(r"\ba  stream +0  msg +2  No\. " + marked_a + r"\b", line))
        row_j = next(line for line in text.splitlines() if re.search(r"\bj  stream +4  msg +3  No\. " + marked_j + r"\b", line))
        assert "GF-HNDSK GETSPEC reply" in row_a and "GETSPEC repvol op_ret=3196" in row_a, row_a
        assert "GF-DUMP PING call" in row_j, row_j
        assert text.index(row_a) < text.index(row_j)
        term.child.send("j\r")
        term.wait_for(lambda t: "─ marks " not in t and term.ruler().startswith("msg 3/168 "), "enter on mark j")
        assert message_number(term) == marked_j and stream_row_is_selected(term, fifth)
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_write_a_field_and_a_message_to_files(tmp_path):
    greeting = tcp_payload(TINY, 4)  # the server's first segment: the whole greeting
    assert len(greeting) == 18 and greeting[:8] == b"NBDMAGIC"
    term = Terminal(str(HEXVIEW), [str(TINY.relative_to(ROOT))])
    field_file, message_file = tmp_path / "magic.bin", tmp_path / "greeting.bin"
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/17" in t and "magic: NBDMAGIC" in t, "the first message")
        term.child.send("\tj")  # the tree, its first field: magic
        term.wait_for(lambda t: "8 selected" in t, "the magic field to be chosen")
        term.child.send("w")
        # the whole prompt: its path, prefilled, and the three choices
        choices = ("magic (8 bytes)", "message No. 1 Greeting (newstyle) (18 bytes)", "stream 0, server → client")
        term.wait_for(lambda t: "stream0-msg1-magic.bin" in t and all(c in t for c in choices), "the prompt")
        type_path(term, field_file, "stream0-msg1-magic.bin")
        term.wait_for(lambda t: "wrote 8 bytes (magic (8 bytes))" in t, "the field written")
        assert field_file.read_bytes() == greeting[:8]
        # the whole message: tab to the choices, down to "message", enter picks it
        term.child.send("w")
        term.wait_for(lambda t: "Write bytes to a file" in t, "the prompt again")
        term.child.send("\t\x1b[B\r")
        term.wait_for(lambda t: "stream0-msg1.bin" in t, "the name to follow the choice")
        term.child.send("\x1b[Z")  # shift+tab back to the path
        type_path(term, message_file, "stream0-msg1.bin")
        term.wait_for(lambda t: "wrote 18 bytes (message No. 1" in t, "the message written")
        assert message_file.read_bytes() == greeting
        # the same path again: replaced only after a second enter
        term.child.send("w")
        term.wait_for(lambda t: "Write bytes to a file" in t, "the prompt a third time")
        term.wait_for(lambda t: "stream0-msg1-magic.bin" in t, "the prefilled name")  # the field (the default)
        # clearing and the path in one burst, as typed fast over SSH: ctrl+u must act before
        # the path's letters, not after them (Textual's own Input would erase the path too)
        term.child.send(f"\x15{message_file}\r")
        term.wait_for(lambda t: "exists: enter again replaces it" in t, "the question")
        assert message_file.read_bytes() == greeting
        term.child.send("\r")
        term.wait_for(lambda t: "wrote 8 bytes" in t and "Write bytes to a file" not in t, "the file replaced")
        assert message_file.read_bytes() == greeting[:8]
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_an_unwritable_path_says_why_and_the_view_goes_on(tmp_path):
    missing = tmp_path / "no-such-folder" / "x.bin"
    term = Terminal(str(HEXVIEW), [str(TINY.relative_to(ROOT))])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/17" in t, "the first message")
        term.child.send("w")
        term.wait_for(lambda t: "stream0-msg1.bin" in t, "the prompt (no field chosen: the message)")
        type_path(term, missing, "stream0-msg1.bin")
        term.wait_for(lambda t: "No such file or directory" in t and "Write bytes to a file" in t, "the reason")
        assert not missing.parent.exists()
        term.child.send("\x1b")
        term.wait_for(lambda t: "Write bytes to a file" not in t, "the prompt to close")
        term.child.send("\x0e")  # ctrl+n: the view goes on
        term.wait_for(lambda t: "msg 2/17" in t and "client_flags: 0x00000003" in t, "the next message")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_m_typed_into_the_search_line_in_a_burst_is_text_not_a_mark():
    """``/magic⏎`` in one burst: every key after ``/`` belongs in the search line, the
    ``m`` too (it would otherwise start a mark named ``a``, leaving ``gic`` to search)."""
    term = Terminal(str(HEXVIEW), [str(TINY)])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/" in t, "the capture to be read")
        term.child.send("/magic\r")
        term.wait_for(lambda t: "/magic" in t and "searching" not in t, "the search for magic to finish")
        screen = term.text()
        assert "mark a" not in screen and "/gic" not in screen, screen
        term.child.send("ma")  # with the line closed again, m is the mark prefix once more
        term.wait_for(lambda t: "mark a: msg" in t, "mark a")
        term.child.send("q")
    finally:
        term.kill()
