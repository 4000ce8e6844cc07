"""The GlusterFS fan-out in a real terminal: ``o`` opens the view, ``O`` opens it on the
brick whose call or reply is on show, ``enter`` goes to a member's call, and a brick
that disagrees is drawn in bold red.

The disperse capture's append to small.txt is messages 303, 305, 307 (WRITE calls to
the three bricks, frames 371, 374, 376 in tshark's decode) answered by 310, 308, 309.
The disagreeing bricks are those of tests/data/cluster's EC capture with a brick killed
and revived (its README gives the frames).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shared_paths import CAPTURES
from test_tui_terminal import HEXVIEW, Terminal

EC = CAPTURES / "gluster" / "gluster-fuse-disperse-ec.pcap"
KILLED = Path(__file__).parent / "data" / "cluster" / "gluster-ec-brick-killed.pcap"
LOAD = 60  # seconds: the view reads the capture again in a subprocess on a busy machine

pytestmark = pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview")


def need_ec() -> Path:
    if not EC.exists():
        pytest.skip("../shared/captures is not beside the checkout")
    return EC


def go_to(term: Terminal, number: int) -> None:
    """``:`` then ``#N``: message N on show."""
    term.child.send(":")
    term.wait_for(lambda t: "#12" in t, "the go-to prompt")
    term.child.send(f"#{number}\r")
    term.wait_for(lambda t: f"No. {number} " in term.ruler(), f"message {number} on show")


def is_red(colour: str) -> bool:
    """pyte's colour of a cell: a name, or the hex of a 24-bit colour."""
    if colour in ("red", "brightred"):
        return True
    if len(colour) != 6:
        return False
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return r > 150 and g < 110 and b < 110


def open_view(term: Terminal, key: str, what: str) -> str:
    term.child.send(key)
    return term.wait_for(lambda t: "GlusterFS fan-out" in t and " rows" in t and what in t, "the fan-out view", LOAD)


def test_o_opens_the_fanout_and_enter_opens_a_members_call() -> None:
    term = Terminal(str(HEXVIEW), [str(need_ec())])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/" in t, "the capture")
        text = open_view(term, "o", "STATFS")
        assert "  ecvol-client-0       4  127.0.0.2:51830    39     42" in text
        assert "EC 2+1 good=0x7 bad=0x0" in text
        # the first line is the first group (STATFS, messages 39-41): down to its second brick
        term.child.send("jj\r")
        term.wait_for(lambda t: "GlusterFS fan-out" not in t and "No. 40 " in term.ruler(), "message 40 on show")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


@pytest.mark.parametrize(("shown", "opened"), [(305, 305), (308, 305)], ids=["a call", "a reply"])
def test_O_opens_the_group_of_the_message_on_show(shown: int, opened: int) -> None:
    """From the append's WRITE to ecvol-client-1 (305) or its reply (308), ``O`` puts
    the cursor on that brick's line of the WRITE group; enter opens its call."""
    term = Terminal(str(HEXVIEW), [str(need_ec())])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/" in t, "the capture")
        go_to(term, shown)
        text = open_view(term, "O", "WRITE")
        assert "EC 2+1 good=0x7 bad=0x0 fragment 0+512 = file" in text
        term.child.send("\r")
        term.wait_for(lambda t: "GlusterFS fan-out" not in t and f"No. {opened} " in term.ruler(), f"message {opened}")
        assert "WRITE call" in term.ruler()
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


def test_a_disagreeing_brick_is_drawn_in_bold_red() -> None:
    """tests/data/cluster/gluster-ec-brick-killed, step C2: c.txt was created while brick 3
    was down; its LOOKUP reply from brick 3 (frame 609, message 425) is op_ret -1 ENOENT,
    the other two bricks' 0. ``O`` on that reply: brick 3's op_ret and op_errno are bold
    red, nothing of the other two is."""
    if not KILLED.exists():
        pytest.skip("tests/data/cluster is not here")
    term = Terminal(str(HEXVIEW), [str(KILLED)])
    try:
        term.wait_for(lambda t: "done" in t and "msg 1/" in t, "the capture")
        go_to(term, 425)
        assert "frame 609" in term.ruler()
        text = open_view(term, "O", "ENOENT")
        assert "EC 2+1 good=0x3 bad=0x4" in text
        y = next(n for n, line in enumerate(term.screen.display) if "ecvol-client-2" in line and "ENOENT" in line)
        line = term.screen.display[y]
        start = line.index("-1  ENOENT")
        cells = term.screen.buffer[y]
        assert all(cells[x].bold and is_red(cells[x].fg) for x in (start, start + 1)), line  # op_ret -1
        assert all(cells[x].bold and is_red(cells[x].fg) for x in range(start + 4, start + 10)), line  # op_errno ENOENT
        # the two bricks above it in its group agree with each other: nothing of theirs is red
        for above, brick in ((y - 1, "ecvol-client-1"), (y - 2, "ecvol-client-0")):
            assert brick in term.screen.display[above] and " 0  -  " in term.screen.display[above]
            assert not any(is_red(term.screen.buffer[above][x].fg) for x in range(term.cols)), term.screen.display[above]
        term.child.send("q")
        term.wait_for(lambda t: "GlusterFS fan-out" not in t, "the view again")
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()
