"""Compiled parsers imported when a message first needs them, not when hexview starts.

The generated modules of the large protocols (NFSv4's, GlusterFS's FOPs and management
programs) take a good part of a second to import, and most captures use one protocol
or none of them: importing every parser up front made every start -- the view's first
screen above all -- pay for all of them. A :class:`LazyParser` stands where the class
would: calling it (what ``kaitai_tree.parse`` does) or reading an attribute (an enum)
imports the module then, once.
"""

from __future__ import annotations

import importlib
from typing import Any


class LazyParser:
    __slots__ = ("module", "name", "_cls")

    def __init__(self, module: str, name: str) -> None:
        self.module = module  # in hexview.compiled, e.g. "nfs_v4"
        self.name = name  # the class, e.g. "NfsV4"
        self._cls: Any = None  # the generated class, untyped like all of hexview.compiled

    def resolve(self) -> Any:
        if self._cls is None:
            self._cls = getattr(importlib.import_module(f"hexview.compiled.{self.module}"), self.name)
        return self._cls

    def __call__(self, *args: Any) -> Any:
        return self.resolve()(*args)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.resolve(), attr)

    def __repr__(self) -> str:
        return f"LazyParser({self.module}.{self.name}, {'loaded' if self._cls is not None else 'not loaded'})"
