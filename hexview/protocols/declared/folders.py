"""Which folders declare protocols, in which order, and what loading them gave.

Folders are read after the built-in protocols, in this order, a later protocol of
the same name replacing an earlier one, built-in ones included (with a note):
``~/.config/hexview/protocols`` (``$XDG_CONFIG_HOME``), each folder of
``$HEXVIEW_PROTOCOLS`` (``os.pathsep``-separated), then each ``--protocols DIR``.
Each of these holds one folder per protocol (a ``protocol.yaml`` and its ``.ksy``);
a folder that holds a ``protocol.yaml`` itself is taken as one protocol too.

A protocol that cannot be loaded (bad YAML, a .ksy that does not compile, no node)
is left out with one line on stderr naming the file and line; the others, built-in
ones included, work as ever.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..registry import Registration
from .schema import FILE_NAME, DeclarationError

_extra_folders: list[Path] = []  # --protocols DIR, in order


@dataclass(frozen=True)
class Loaded:
    registration: Registration
    source: Path  # the protocol's folder


def add_folders(folders: list[str | Path]) -> None:
    """Folders named on the command line (``--protocols``), read after the others.
    Call before the first ``registry.registrations()``."""
    _extra_folders.extend(Path(f).expanduser() for f in folders)


def search_path() -> list[Path]:
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "hexview" / "protocols"
    env = [Path(p).expanduser() for p in os.environ.get("HEXVIEW_PROTOCOLS", "").split(os.pathsep) if p]
    return [config, *env, *_extra_folders]


def protocol_folders(root: Path) -> list[Path]:
    if (root / FILE_NAME).is_file():
        return [root]
    try:
        return sorted(p for p in root.iterdir() if (p / FILE_NAME).is_file())
    except OSError:
        return []


def load_all(taken: dict[str, Registration], report: Callable[[str], None] | None = None) -> list[Loaded]:
    """Every declared protocol of the search path, in order. ``taken``: the names
    (lower case) already registered, for the replacement note. Problems go to
    ``report`` (default: one line each on stderr)."""
    report = report or _stderr
    loaded: dict[str, Loaded] = {}
    seen: set[Path] = set()
    for root in search_path():
        for folder in protocol_folders(root):
            real = folder.resolve()
            if real in seen:
                continue
            seen.add(real)
            try:
                reg = load_folder(folder)
            except DeclarationError as exc:
                report(f"protocol not loaded: {exc}")
                continue
            key = reg.name.lower()
            before = loaded.get(key)
            if before is not None or key in taken:
                was = before.source if before is not None else "built in"
                report(f"protocol {reg.name} from {folder} replaces the one {'from ' if before else ''}{was}")
            loaded[key] = Loaded(reg, folder)
    return list(loaded.values())


def load_folder(folder: Path) -> Registration:
    from .declared import registration, rpc_registration
    from .ksy_cache import load_parsers
    from .schema import load_declaration

    decl = load_declaration(folder)
    parsers = load_parsers(folder, decl.name)
    if decl.framing.form == "onc-rpc":
        return rpc_registration(decl, parsers)
    return registration(decl, parsers)


def _stderr(line: str) -> None:
    from ...safe_text import printable

    print(f"hexview: {printable(line)}", file=sys.stderr)
