"""Starting hexview imports no large generated parser: each is imported with the first
message that needs it (the view's first screen paid for every protocol's parsers before).
Checked in a fresh interpreter, by the modules imported -- never by timing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LARGE = (
    "nfs_v4",
    "gluster_fop4_call",
    "gluster_fop4_reply",
    "gluster_fop3_call",
    "gluster_fop3_reply",
    "gluster_glusterd",
    "gluster_helpers",
)


def _loaded_after(code: str) -> set[str]:
    script = code + "\nimport sys\nprint(' '.join(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('hexview.compiled.')))"
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_registering_every_protocol_imports_no_large_parser():
    loaded = _loaded_after("import hexview.protocols.registry as r; r.registrations()")
    assert not loaded & set(LARGE), loaded & set(LARGE)


def test_the_first_message_of_a_protocol_imports_its_parser():
    capture = ROOT / "tests" / "data" / "gluster-tiny-brick-midstream.pcap"
    loaded = _loaded_after(
        "from hexview.readers import open_input\nfrom hexview.pipeline import Pipeline\n"
        f"for m in Pipeline().run(open_input({str(capture)!r})): m.decode()"
    )
    assert "gluster_fop4_call" in loaded and "gluster_fop4_reply" in loaded  # LOOKUP, CREATE... (FOP v400)
    assert "nfs_v4" not in loaded
