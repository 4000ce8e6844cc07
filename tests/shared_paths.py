"""Where ../shared sits beside the checkout (as CI places it), for the tests that use
its seeds and captures; tests skip what is absent, so a bare clone still runs."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
CAPTURES = SHARED / "captures"


def shared_pcaps() -> list:
    """Every capture's pcap as a pytest parameter (one skip when ../shared is absent)."""
    if not CAPTURES.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/captures not present"))]
    return [pytest.param(p, id=p.stem) for p in sorted(CAPTURES.glob("*/*.pcap"))]
