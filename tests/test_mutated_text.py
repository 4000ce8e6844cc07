"""Pasted tcpdump text arrives damaged in every way: characters changed, cut out,
inserted (hex digits, colons, tabs, escapes, NULs). Seeded mutations of the bundled
text dumps (NBD, GlusterFS, the OCFS2 and POHMELFS demos) must read and decode
without raising; the bounded-time side is covered by structural tests of the
framers' resynchronisation (test_nbd_framing, test_pohmelfs)."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from hexview.pipeline import Pipeline
from hexview.readers import read_packets

DATA = Path(__file__).resolve().parent / "data"
TEXTS = [
    "nbd-tiny-nbdsh.X.txt",
    "nbd-tiny-nbdsh.x.txt",
    "gluster-tiny-brick-midstream.X.txt",
    "demos/ocfs2-cluster.X.txt",
    "demos/pohmelfs-session.X.txt",
]
ALPHABET = b"0123456789abcdef x:.\n\t|[]ABCDEF\x1b\x00\xff"


@pytest.mark.parametrize("name", TEXTS)
def test_mutated_text_dumps_read_and_decode(name):
    text = (DATA / name).read_bytes()
    rnd = random.Random(name)
    for _ in range(60):
        b = bytearray(text)
        for _ in range(rnd.randint(1, 30)):
            at, op = rnd.randrange(len(b)), rnd.random()
            if op < 0.5:
                b[at] = rnd.choice(ALPHABET)
            elif op < 0.75:
                del b[at : at + rnd.randint(1, 20)]
            else:
                b[at:at] = bytes(rnd.choice(ALPHABET) for _ in range(rnd.randint(1, 20)))
        for message in Pipeline().run(read_packets(io.BytesIO(bytes(b)))):
            tree = message.decode()
            assert tree.fields or tree.errors or not message.data
