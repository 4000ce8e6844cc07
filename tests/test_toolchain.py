"""The Kaitai toolchain: compiled/ must be exactly what ksy/ compiles to."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_compiled_parsers_match_ksy():
    if not (ROOT / "node_modules" / "kaitai-struct-compiler").is_dir():
        pytest.fail("node_modules is missing: run `npm ci` (make test does it)")
    result = subprocess.run(["node", "tools/compile_ksy.js", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_compiled_parsers_record_debug_positions():
    """Every generated class is in debug mode (fields record byte ranges)."""
    from hexview.compiled import nbd_request

    source = Path(nbd_request.__file__).read_text()
    assert "self._debug['magic']['start']" in source
    assert "from . import nbd_common" in source  # imports rewritten for the package


def test_installed_top_level_is_only_hexview():
    """Installing exposes everything under `hexview.`: no generic `tui` or `compiled` packages."""
    import importlib.metadata

    import hexview.compiled
    import hexview.tui

    top_level = importlib.metadata.distribution("hexview").read_text("top_level.txt").split()
    assert top_level == ["hexview"]
    assert hexview.tui.__name__ == "hexview.tui"
    assert Path(hexview.compiled.__file__).parent == ROOT / "compiled"
