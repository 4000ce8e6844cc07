"""Bad input is normal input: seed 000's OCFS2 messages and seed 002's POHMELFS
commands with bytes flipped, cut, dropped and inserted, sent both ways through the
whole pipeline. Nothing may raise, every input byte must stay in some message, and
every message must decode to a tree (problems marked, not thrown). Seeded, so a
failure reproduces."""

from __future__ import annotations

import random

import pytest

from golden import ocfs2_seed000 as O
from golden import pohmelfs_seed002 as P
from hexview.pipeline import Pipeline
from tcp_packets import conversation_packets

ROUNDS = 400


def mutate(rnd: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rnd.randint(1, 6)):
        op = rnd.random()
        if op < 0.5 and b:
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        elif op < 0.7 and b:
            at = rnd.randrange(len(b))
            del b[at : at + rnd.randint(1, 40)]
        elif op < 0.85:
            at = rnd.randrange(len(b) + 1)
            b[at:at] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 30)))
        else:
            b = b[: rnd.randrange(len(b) + 1)]
    return bytes(b)


@pytest.mark.parametrize(
    "messages, port",
    [([bytes.fromhex(v) for v in O.ALL.values()], 7777), ([d for _w, d in P.SESSION], 1025)],
    ids=["ocfs2", "pohmelfs"],
)
def test_mutated_messages_never_raise_and_keep_every_byte(messages, port):
    rnd = random.Random(port)
    for _ in range(ROUNDS):
        sends = [(rnd.choice("cs"), mutate(rnd, rnd.choice(messages))) for _ in range(rnd.randint(1, 6))]
        out = list(Pipeline().run(conversation_packets(sends, ("10.0.0.1", 40000), ("10.0.0.2", port))))
        assert sum(len(m.data) for m in out) == sum(len(b) for _w, b in sends), sends
        for m in out:
            tree = m.decode()
            assert tree.fields or tree.errors, (m.name, sends)
