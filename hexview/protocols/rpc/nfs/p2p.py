"""Operation numbers for the experimental peer-to-peer pNFS extension, and how to override them.

The Linux NFS wiki's "Peer-to-peer NFS" page (2012; seed 003) describes REGISTER_DS,
UNREGISTER_DS, PROXY_OPEN and the PROXY_REVOKE callback, but no public specification
or source gives their operation numbers or XDR. Their default numbers live in ONE
place, the ``nfs_opnum4`` / ``nfs_cb_opnum4`` enums of ``ksy/nfs/nfs_v4.ksy``, and are
provisional. A user whose implementation uses other numbers says so in a YAML file:

    REGISTER_DS: 76        # wire number of each operation (null: not decoded at all)
    UNREGISTER_DS: 77
    PROXY_OPEN: 78
    CB_PROXY_REVOKE: 16
    split_p2p_filehandles: false   # show 36-byte handles as MDS identifier + handle

read from ``$HEXVIEW_NFS_P2P_OPS`` if set, else ``~/.config/hexview/nfs-p2p.yaml``
(``hexview/protocols/rpc/nfs/p2p_ops.yaml`` is a sample). The layouts are chosen by the
*canonical* number (the enum's), so remapping happens here, in Python, before parsing:
each wire opnum is looked up in a wire -> canonical table and the canonical one is
passed to the parser as a param. A configured number that collides with a standard
operation wins over it (that standard operation is then not decodable).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any

from ....decode.lazy_parser import LazyParser

NfsV4 = LazyParser("nfs_v4", "NfsV4")  # the opcode enums; imported when the tables are first made
FORE_NAMES = ("REGISTER_DS", "UNREGISTER_DS", "PROXY_OPEN")
CB_NAMES = ("CB_PROXY_REVOKE",)


def _p2p(enum: type[IntEnum], names: tuple[str, ...]) -> dict[str, IntEnum]:
    """Operation name -> its provisional opcode (the enum member) in ksy/nfs/nfs_v4.ksy."""
    return {name: getattr(enum, f"op_{name.lower()}") for name in names}


ENV = "HEXVIEW_NFS_P2P_OPS"
DEFAULT_PATH = Path("~/.config/hexview/nfs-p2p.yaml")


@dataclass(frozen=True)
class OpTables:
    fore: dict[int, int]  # wire opnum -> canonical opnum (COMPOUND)
    cb: dict[int, int]  # wire opnum -> canonical opnum (CB_COMPOUND)
    split_p2p_fh: bool
    source: str  # where the numbers came from, for the docs shown in the tree


def config_path() -> Path | None:
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser()
    path = DEFAULT_PATH.expanduser()
    return path if path.is_file() else None


def _table(enum: type[IntEnum], p2p: dict[str, IntEnum], config: dict[str, Any]) -> dict[int, int]:
    table = {int(op): int(op) for op in enum}
    for name, canonical in p2p.items():
        if name not in config:
            continue
        table.pop(int(canonical), None)
        wire = config[name]
        if wire is not None:
            table[int(wire)] = int(canonical)
    return table


def load(path: Path | None = None) -> OpTables:
    """The wire -> canonical tables, from ``path`` (default: the configured file, if any)."""
    path = path if path is not None else config_path()
    config: dict[str, Any] = {}  # the user's YAML, checked only for its keys here
    source = "built-in provisional numbers (ksy/nfs/nfs_v4.ksy)"
    if path is not None:
        import yaml

        loaded = yaml.safe_load(Path(path).read_text()) or {}
        if not isinstance(loaded, dict):
            raise ValueError(f"{path}: expected a mapping of operation names to numbers")
        unknown = set(loaded) - set(FORE_NAMES) - set(CB_NAMES) - {"split_p2p_filehandles"}
        if unknown:
            raise ValueError(f"{path}: unknown keys {sorted(unknown)}")
        config = loaded
        source = str(path)
    return OpTables(
        _table(NfsV4.NfsOpnum4, _p2p(NfsV4.NfsOpnum4, FORE_NAMES), config),
        _table(NfsV4.NfsCbOpnum4, _p2p(NfsV4.NfsCbOpnum4, CB_NAMES), config),
        bool(config.get("split_p2p_filehandles", False)),
        source,
    )


_TABLES: OpTables | None = None


def tables() -> OpTables:
    """The tables in force (loaded once; ``reset`` after changing the configuration)."""
    global _TABLES
    if _TABLES is None:
        import yaml

        try:
            _TABLES = load()
        except (OSError, ValueError, TypeError, yaml.YAMLError) as exc:
            # a broken user file must not stop decoding: say so once, keep the built-in numbers
            print(f"hexview: ignoring the NFS peer-to-peer configuration: {exc}", file=sys.stderr)
            _TABLES = _builtin(f"built-in numbers (configuration ignored: {exc})")
    return _TABLES


def _builtin(source: str) -> OpTables:
    return OpTables(
        _table(NfsV4.NfsOpnum4, _p2p(NfsV4.NfsOpnum4, FORE_NAMES), {}),
        _table(NfsV4.NfsCbOpnum4, _p2p(NfsV4.NfsCbOpnum4, CB_NAMES), {}),
        False,
        source,
    )


def reset() -> None:
    global _TABLES
    _TABLES = None
