"""One capture, five forms: pcap and tcpdump -x, -xx, -X, -XX text must decode to
identical messages and fields (same frames, offsets, values and byte ranges)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hexview.output.json_lines import message_json
from hexview.pipeline import Pipeline
from hexview.readers import open_input
from shared_paths import CAPTURES

DATA = Path(__file__).resolve().parent / "data"
FORMS = ("pcap", "x.txt", "xx.txt", "X.txt", "XX.txt")


def decoded(path: Path) -> list[dict]:
    """Every message's JSON object, but ``time`` only as the time of day: tcpdump's
    default text carries no date, a pcap carries the epoch (checked: same time of day)."""
    pipeline = Pipeline()
    out = []
    for m in pipeline.run(open_input(str(path))):
        obj = message_json(m, pipeline.first_timestamp)
        if obj["time"] is not None:
            obj["time"] = round(obj["time"] % 86400, 6)
        out.append(obj)
    return out


def captures():
    found = sorted(p.with_suffix("") for p in (CAPTURES / "nbd").glob("*.pcap")) if CAPTURES.is_dir() else []
    return [pytest.param(p, id=p.name) for p in found]


@pytest.mark.shared
@pytest.mark.parametrize("base", captures())
def test_every_form_of_a_capture_decodes_identically(base: Path):
    reference = decoded(base.with_suffix(".pcap"))
    assert reference
    for form in FORMS[1:]:
        assert decoded(Path(f"{base}.{form}")) == reference, form


@pytest.mark.shared
def test_live_tcpdump_text_with_stderr_lines_and_names_decodes_like_the_pcap():
    """nbd-live-nbdinfo.live.X.txt: tcpdump -l -X as a terminal shows it, with
    'listening on' lines, resolved names (localhost.nbd) and the packet-count trailer."""
    base = CAPTURES / "nbd" / "nbd-live-nbdinfo"
    live = decoded(base.with_suffix(".live.X.txt"))
    # the README: the .pcap is from a second tcpdump running at the same time, so its
    # timestamps may differ by a microsecond; everything else must not
    untimed = lambda objs: [{k: v for k, v in o.items() if k not in ("time", "time_relative", "latency")} for o in objs]  # noqa: E731
    assert untimed(live) == untimed(decoded(base.with_suffix(".pcap")))


def test_bundled_small_capture_forms_agree():
    """Runs without ../shared: the copies in tests/data."""
    pcap = DATA / "nbd-tiny-nbdsh.pcap"
    reference = decoded(pcap)
    assert [m["name"] for m in reference][:3] == ["Greeting (newstyle)", "Client flags", "NBD_OPT_STRUCTURED_REPLY"]
    for form in ("x.txt", "xx.txt", "X.txt", "XX.txt"):
        assert decoded(DATA / f"nbd-tiny-nbdsh.{form}") == reference, form
