"""Every real capture in ../shared/captures, in every form tcpdump wrote it.

For each capture the pcap and its ``tcpdump -nn -x/-xx/-X/-XX -r`` texts (and the
``.live.X.txt`` files: ``tcpdump -l -X`` run live, with stderr lines and resolved
names) must give the same packets: same count, same IP-layer bytes once the link
header the link type names is stripped, and the same time of day.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hexview.packets import LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_RAW
from hexview.readers import open_input
from shared_paths import CAPTURES

LINK_HEADER = {LINKTYPE_ETHERNET: 14, LINKTYPE_LINUX_SLL2: 20, LINKTYPE_RAW: 0}
TEXT_FORMS = ("x.txt", "xx.txt", "X.txt", "XX.txt", "live.X.txt")


def _captures():
    if not CAPTURES.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/captures is not available"))]
    found = sorted(p.with_suffix("") for d in ("nbd", "gluster", "nfs") for p in (CAPTURES / d).glob("*.pcap"))
    return [pytest.param(p, id=f"{p.parent.name}/{p.name}") for p in found]


def ip_layer(packet) -> bytes:
    return packet.data[LINK_HEADER[packet.linktype] :]


@pytest.mark.shared
@pytest.mark.parametrize("base", _captures())
def test_all_forms_of_a_capture_agree(base: Path):
    pcap_reader = open_input(f"{base}.pcap")
    ref = list(pcap_reader)
    assert ref and pcap_reader.notes == []
    assert len({p.linktype for p in ref}) == 1
    link = ref[0].linktype
    ref_ip = [ip_layer(p) for p in ref]
    for form in TEXT_FORMS:
        path = Path(f"{base}.{form}")
        if not path.exists():
            continue
        reader = open_input(str(path))
        packets = list(reader)
        assert reader.format == "tcpdump", form
        assert len(packets) == len(ref), form
        expected_link = link if form in ("xx.txt", "XX.txt") else LINKTYPE_RAW
        assert {p.linktype for p in packets} == {expected_link}, form
        if expected_link == link:
            assert [p.data for p in packets] == [p.data for p in ref], form
        assert [ip_layer(p) for p in packets] == ref_ip, form
        assert all(not p.problems and not p.missing for p in packets), form
        # the live text comes from a second tcpdump running at the same time
        tolerance = 1e-5 if form.startswith("live") else 1e-6
        for p, r in zip(packets, ref, strict=True):
            assert p.timestamp == pytest.approx(r.timestamp % 86400, abs=tolerance), (form, p.number)
        if form.startswith("live"):
            assert all(n.startswith("line ") for n in reader.notes)
            assert any("listening on " in n for n in reader.notes)
            assert any("packets captured" in n for n in reader.notes)
        else:
            assert reader.notes == [], form


@pytest.mark.shared
def test_live_text_keeps_resolved_names_in_headers():
    base = CAPTURES / "nbd" / "nbd-live-nbdinfo"
    if not base.with_suffix(".pcap").exists():
        pytest.skip("../shared/captures is not available")
    packets = list(open_input(f"{base}.live.X.txt"))
    assert packets[0].header.startswith("15:50:46.949457 IP localhost.39326 > localhost.nbd: Flags [S]")
    any_base = CAPTURES / "gluster" / "gluster-live-any-24007"
    packets = list(open_input(f"{any_base}.live.X.txt"))
    assert packets[0].header.startswith("15:46:39.762291 lo    In  IP localhost.49122 > 127.0.0.2.24007:")
    assert packets[0].first_line == 4


@pytest.mark.shared
def test_snaplen_96_capture_keeps_orig_len():
    base = CAPTURES / "nbd" / "nbd-snaplen96-nbdsh"
    if not base.with_suffix(".pcap").exists():
        pytest.skip("../shared/captures is not available")
    packets = list(open_input(f"{base}.pcap"))
    cut = [p for p in packets if p.orig_len > len(p.data)]
    assert cut and all(len(p.data) == 96 for p in cut)
    assert max(p.orig_len for p in cut) == 16412 + 66  # "length 16412" of TCP payload + headers
