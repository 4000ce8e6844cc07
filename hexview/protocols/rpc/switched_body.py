"""Bodies of RPC programs whose ksy switches on the procedure.

The NLM, NSM and NFS_ACL ksy each hold every procedure's arguments and results of
their program, chosen by params (``proc``, ``is_reply``, and ``vers`` where the
layout changes between versions) in one switched field, ``args`` or ``results``.
That field only says which struct the switch chose; the tree shows the struct's
own fields directly under the RPC layer's ``args``/``results`` container, the way
every other program's bodies look.
"""

from __future__ import annotations

from typing import Any

from ...decode.field_templates import fields_of
from ...decode.fields import Field
from ...messages import Message
from ...packets import Span
from .onc_rpc import BodyDecoder

SWITCHED = ("args", "results")


def switched_bodies(parser_cls: Any, *, versioned: bool) -> tuple[BodyDecoder, BodyDecoder]:
    """(arguments decoder, results decoder) running ``parser_cls`` with the message's
    procedure (and version when ``versioned``), its switched field unwrapped. The
    ksy's params are ``vers`` (when versioned), ``proc``, ``is_reply``, in that order."""

    def make(is_reply: bool) -> BodyDecoder:
        def decode(message: Message, body: bytes, base: int) -> tuple[list[Field], list[Span], int | None]:
            params = message.params
            # in the ksy's params order: kaitai_tree.parse passes them by position
            given: dict[str, Any] = {"vers": params["vers"]} if versioned else {}
            given["proc"] = params["proc"]
            given["is_reply"] = is_reply
            fields, errors, consumed = fields_of(parser_cls, body, given, base)
            if len(fields) == 1 and fields[0].name in SWITCHED:
                fields = fields[0].children
            return fields, errors, consumed

        return decode

    return make(False), make(True)
