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


FAKE_PYTHON = """#!/bin/sh
# Stands in for python: `-m venv DIR` makes DIR/bin/python (this script); `-m pip ...`
# says what pip says on a first editable install of hexview, and exits $FAKE_PIP_EXIT.
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; exit 0; fi
echo "  Please be careful with folders in your working directory with the same" >&2
echo "  name as your package as they may take precedence during imports." >&2
exit "${FAKE_PIP_EXIT:-0}"
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("pip_exit", [0, 1])
def test_make_keeps_pip_output_off_the_terminal_unless_pip_fails(tmp_path, pip_exit):
    """`make run` on a fresh clone: the virtualenv recipe runs pip (here a stand-in
    that prints setuptools' editable-install warning) and the terminal shows none of
    it -- unless pip fails, when its output is what the person needs to see."""
    import os

    fake = tmp_path / "python"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(0o755)
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["make", "--no-print-directory", f"VENV={venv}", f"PYTHON={fake}", f"{venv}/.installed"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "FAKE_PIP_EXIT": str(pip_exit)},
    )
    shown = result.stdout + result.stderr
    assert "Please be careful" in (venv / "pip.log").read_text()
    if pip_exit == 0:
        assert result.returncode == 0 and (venv / ".installed").exists()
        assert "Please be careful" not in shown
    else:
        assert result.returncode != 0 and not (venv / ".installed").exists()
        assert "Please be careful with folders" in shown
