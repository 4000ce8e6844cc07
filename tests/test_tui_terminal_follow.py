"""Follow stream (``s``) and the conversations list (``c``), as a person uses them in a
real terminal (pty, pyte).

- ``s`` on the tiny NBD capture: the server's greeting comes first, its first 8 bytes
  the NBD magic ``NBDMAGIC`` (4e 42 44 4d 41 47 49 43, the newstyle handshake of the
  NBD protocol document), in frame 4; the client's first bytes are its 4-byte flags
  in frame 6. Each direction's lines in their own colour; ``a`` shows ASCII only and
  back; ``escape`` closes.
- ``c`` on the three-brick GlusterFS capture: its seven connections; ``s`` pressed six
  times (one burst) sorts by the client's bytes, busiest first (the brick connections
  from 49136, 49130, 49129: 41,394 and 40,470 bytes of TCP payload, see
  ``test_follow_conversations`` for these counted from the pcap); ``j`` and ``enter``
  select the second one in the main view.
"""

from __future__ import annotations

import pytest

from shared_paths import CAPTURES
from test_tui_terminal import HEXVIEW, ROOT, Terminal

TINY = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap"
REPLICA3 = CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap"

pytestmark = pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview")

GREETING = "<- s2c offset 0 frame 4 | message 1 Greeting (newstyle)"
MAGIC_ROW = "00000000  4e 42 44 4d 41 47 49 43  49 48 41 56 45 4f 50 54  |NBDMAGICIHAVEOPT|"
FLAGS = "-> c2s offset 0 frame 6 | message 2 Client flags"


def row_colours(term: Terminal, text: str) -> set[str]:
    """The foreground colours of the characters of ``text`` where it is on screen."""
    y = term.row_of(text)
    x = term.screen.display[y].index(text)
    return {term.screen.buffer[y][x + i].fg for i in range(len(text)) if text[i] != " "}


def listed_streams(term: Terminal) -> list[str]:
    """The stream numbers of the conversations screen's rows, top to bottom."""
    streams = []
    for line in term.screen.display:
        cells = line.replace("│", " ").split()
        if len(cells) > 3 and cells[0].isdigit() and cells[1].count(":") == 1 and cells[2].count(":") == 1:
            streams.append(cells[0])
    return streams


def test_follow_shows_both_directions_in_hex_and_ascii():
    term = Terminal(str(HEXVIEW), [str(TINY)])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/17 " in t, "the capture to be read")
        term.child.send("s")
        term.wait_for(
            lambda t: "follow stream: hex + ASCII" in t and "done ·" in t and MAGIC_ROW in t and FLAGS in t,
            "the follow screen, read to the end",
        )
        text = term.text()
        assert "stream 0: 127.0.0.1:45930 -> 127.0.0.1:10809 NBD" in text
        assert "→ 263 bytes  ← 297 bytes" in text  # each direction's TCP payload (see --conversations)
        assert text.index(GREETING) < text.index(MAGIC_ROW) < text.index(FLAGS)
        assert "00000000  00 00 00 03" in text
        server, client = row_colours(term, MAGIC_ROW), row_colours(term, "00000000  00 00 00 03")
        assert len(server) == 1 and len(client) == 1 and server != client, (server, client)
        assert server | client != {"default"}

        term.child.send("a")
        term.wait_for(lambda t: "follow stream: ASCII only" in t and "  NBDMAGICIHAVEOPT.." in t, "ASCII only")
        assert "4e 42 44 4d" not in term.text()
        assert GREETING in term.text()
        term.child.send("a")
        term.wait_for(lambda t: "follow stream: hex + ASCII" in t and MAGIC_ROW in t, "hex + ASCII again")

        term.child.send("\x1b")
        term.wait_for(lambda t: "follow stream" not in t and "msg 1/17 " in t, "the main view again")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_conversations_sort_and_enter_selects_the_stream():
    if not REPLICA3.exists():
        pytest.skip("gluster-fuse-replica3-afr.pcap not available")
    term = Terminal(str(HEXVIEW), [str(REPLICA3)])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/2 " in t, "the capture to be read")
        term.child.send("c")
        term.wait_for(lambda t: "7 conversations" in t and "sorted by stream" in t, "the conversations, counted")
        assert listed_streams(term) == ["0", "1", "2", "3", "4", "5", "6"]

        term.child.send("ssssss")  # stream, client, server, protocol, packets each way: then client's bytes
        term.wait_for(lambda t: "sorted by bytes->" in t and "Bytes->▼" in t, "sorted by the client's bytes")
        assert listed_streams(term) == ["4", "5", "6", "1", "2", "3", "0"]

        term.child.send("j\r")
        term.wait_for(lambda t: "sorted by" not in t and "msg 1/158 " in t, "stream 5 selected")
        label = "127.0.0.1:49130 -> 127.0.0.2:56231"
        y = term.row_of(label)
        assert label in term.reversed_text(y)
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()
