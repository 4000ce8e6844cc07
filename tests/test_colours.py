"""Field boundaries stay visible: fields whose bytes touch in the hex view never share a
colour -- as the terminal receives it, on truecolor, 256-colour and 16-colour terminals.

A colour is followed the way Textual sends it: the app's ANSI-to-RGB filter (named
ANSI colours become the theme's RGB; the default dark theme gives green and bright
green one RGB), then the downgrade to the terminal's colour system that Textual's
strips apply when they are written out (``Color.downgrade``). The boundaries are found
independently of the colour plan: between every two bytes whose innermost field
(``DecodedMessage.deepest_at``) differs, on real messages of every protocol -- the
shared captures (NBD, NFS, GlusterFS), the bundled OCFS2 and POHMELFS demos, and NFS
messages decoded by the generic ONC RPC registration.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

import pytest
from rich.color import Color, ColorSystem
from rich.style import Style
from textual.filter import ANSIToTruecolor

from hexview.decode.colours import ALTERNATES, FALLBACK, SHADES, plan_colours
from hexview.decode.fields import DecodedMessage, Field
from hexview.pipeline import Pipeline
from hexview.protocols.registry import UNKNOWN, by_name, registrations
from hexview.protocols.rpc.onc_rpc import GENERIC
from hexview.readers import open_input
from hexview.tui.app import HexviewApp
from hexview.tui.safe import colour_style
from hexview.tui.widgets.field_tree import field_label
from hexview.tui.widgets.hex_view import colour_runs
from shared_paths import CAPTURES

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SYSTEMS = {"truecolor": ColorSystem.TRUECOLOR, "256": ColorSystem.EIGHT_BIT, "16": ColorSystem.STANDARD}
# the 16 ANSI colours by SGR number (30-37, 90-97); the palette calls bright black "grey"
ANSI = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "white",
    "grey",
    "bright_red",
    "bright_green",
    "bright_yellow",
    "bright_blue",
    "bright_magenta",
    "bright_cyan",
    "bright_white",
]
PROTOCOL_OF_DIR = {"nbd": "NBD", "nfs": "NFS", "gluster": "GlusterFS"}


@lru_cache(maxsize=1)
def _ansi_filter() -> ANSIToTruecolor:
    app = HexviewApp(iter(()), "-")  # the app's own theme decides what named colours become
    return ANSIToTruecolor(app.ansi_theme, enabled=not app.native_ansi_color)


@lru_cache(maxsize=4096)
def sent(style: Style | None, system: str) -> tuple[str, ...]:
    """The SGR colour codes a terminal of ``system`` receives for ``style``'s foreground."""
    if style is None or style.color is None:
        return ("default",)
    ansi = _ansi_filter()
    if ansi.enabled:
        style = ansi.truecolor_style(style, Color.parse("black"))
    return tuple(style.color.downgrade(SYSTEMS[system]).get_ansi_codes())


# -- the palette ---------------------------------------------------------------------------


@pytest.mark.parametrize("system", SYSTEMS)
def test_every_shade_reaches_the_terminal_as_a_colour_of_its_own(system):
    codes = {name: sent(colour_style(rgb), system) for name, rgb in SHADES.items()}
    assert len(set(codes.values())) == len(SHADES), codes


def test_each_shade_becomes_the_ansi_colour_it_is_named_for():
    for name, rgb in SHADES.items():
        number = Color.parse(rgb).downgrade(ColorSystem.STANDARD).number
        assert ANSI[number] == name, (name, rgb, ANSI[number])
    assert "black" not in SHADES and "blue" not in SHADES  # unreadable on a dark background
    assert set(ALTERNATES) == set(SHADES) and {s for alts in ALTERNATES.values() for s in alts} <= set(SHADES)
    assert sorted(FALLBACK) == sorted(SHADES)


def test_protocol_tables_name_shades():
    for reg in [*registrations().values(), UNKNOWN]:
        for key, colour in reg.colours.items():
            if key != "protocol":  # the stream list's colour, any Rich colour name
                assert colour in SHADES, (reg.name, key, colour)
        assert sorted(reg.palette) == sorted(SHADES), reg.name


# -- the plan's rule, on small trees ------------------------------------------------------


def _planned(fields: list[Field], length: int, table: dict[str, str]) -> list[Field]:
    flat = list(DecodedMessage(fields, []).walk())
    plan_colours(flat, length, lambda name: table.get(name, "white"), tuple(SHADES))
    return flat


def test_like_neighbours_alternate_shades_of_their_hue():
    gfids = [Field("gfid", b"", "", i * 16, (i + 1) * 16) for i in range(4)]
    _planned(gfids, 64, {"gfid": "bright_cyan"})
    assert [f.colour for f in gfids] == [SHADES[s] for s in ("bright_cyan", "cyan", "bright_cyan", "cyan")]


def test_a_field_keeps_its_shade_when_no_neighbour_has_it():
    fields = [Field("op_ret", 0, "", 0, 4), Field("gfid", b"", "", 4, 20), Field("op_ret", 0, "", 20, 24)]
    _planned(fields, 24, {"gfid": "bright_cyan", "op_ret": "bright_red"})
    assert [f.colour for f in fields] == [SHADES["bright_red"], SHADES["bright_cyan"], SHADES["bright_red"]]


def test_a_parent_between_its_children_differs_from_each():
    # the parent paints bytes 4-8 and 12-16 itself, between and after its children
    kids = [Field("len", 1, "", 0, 4), Field("len", 1, "", 8, 12)]
    parent = Field("body", None, "", 0, 16, kids)
    _planned([parent], 16, {"len": "yellow", "body": "yellow"})
    assert parent.colour not in {kids[0].colour, kids[1].colour}


# -- real messages of every protocol ------------------------------------------------------


def _cases() -> list:
    cases = [pytest.param(p, None, "NBD", id=p.stem) for p in sorted(DATA.glob("nbd-*.pcap"))]
    cases += [pytest.param(p, None, "GlusterFS", id=p.stem) for p in sorted(DATA.glob("gluster-*.pcap"))]
    cases += [
        pytest.param(DATA / "demos" / "ocfs2-cluster.pcap", None, "OCFS2", id="ocfs2-demo"),
        pytest.param(DATA / "demos" / "pohmelfs-session.pcap", None, "POHMELFS", id="pohmelfs-demo"),
        # the nfs3 captures mix programs (NFS, MOUNT, NLM, NSM, ...): each case checks its protocol's messages
        pytest.param(DATA / "nfs3" / "nlm4-nsm-locks-pyclient.pcap", None, "NLM", id="nlm"),
        pytest.param(DATA / "nfs3" / "nlm4-nsm-locks-pyclient.pcap", None, "NSM", id="nsm"),
        pytest.param(DATA / "nfs3" / "nfsacl-getacl-pyclient.pcap", None, "NFSACL", id="nfsacl"),
    ]
    # rpcinfo and showmount against rpcbind and mountd, every conversation under each registration's colours
    rpcbind = DATA / "nfs3" / "rpcbind-rpcinfo-showmount.pcap"
    cases += [pytest.param(rpcbind, name, name, id=f"rpcbind-capture-as-{name.lower()}") for name in ("PORTMAP", "MOUNT")]
    if CAPTURES.is_dir():
        for p in sorted(CAPTURES.glob("*/*.pcap")):
            cases.append(pytest.param(p, None, PROTOCOL_OF_DIR[p.parent.name], id=f"shared-{p.stem}"))
        nfs = CAPTURES / "nfs" / "nfs-v41-pynfs-session-open-rw.pcap"
        cases.append(pytest.param(nfs, GENERIC, GENERIC, id="onc-rpc-as-generic"))
    return cases


def test_the_cases_cover_every_protocol():
    covered = {case.values[2] for case in _cases()}
    if not CAPTURES.is_dir():
        pytest.skip("../shared/captures not present")
    assert covered == {reg.name for reg in registrations().values()}


def _messages(path: Path, rehome: str | None) -> list:
    messages = list(Pipeline().run(open_input(str(path))))
    if rehome is not None:  # decode every RPC message with the generic registration
        for conversation in {id(m.conversation): m.conversation for m in messages}.values():
            conversation.protocol = by_name(rehome)
    return messages


@pytest.mark.parametrize("path, rehome, protocol", _cases())
def test_touching_fields_differ_in_every_colour_system(path, rehome, protocol):
    if not path.exists():
        pytest.skip(f"{path.name} not available")
    messages = _messages(path, rehome)
    if path.parent.name == "nfs3":
        messages = [m for m in messages if m.protocol.name == protocol]
    assert messages and {m.protocol.name for m in messages} == {protocol}
    checked, clashes = 0, []  # clashes: (systems, message, offset, left field, right field)
    for m in messages:
        decoded = m.decode()
        starts, styles = colour_runs(decoded, m.length)  # what the hex view paints

        def painted(offset, starts=starts, styles=styles):
            return styles[bisect_right(starts, offset) - 1]

        edges = {e for f in decoded.walk() for e in (f.start, f.end) if 0 < e < m.length}
        for edge in sorted(edges):
            left, right = decoded.deepest_at(edge - 1), decoded.deepest_at(edge)
            if left is None or right is None or left is right:
                continue
            checked += 1
            for f, offset in ((left, edge - 1), (right, edge)):
                # the byte shows its field's colour, the colour of the field's swatch in the tree
                assert painted(offset) == colour_style(f.colour) == field_label(f).spans[0].style, (m.name, f.name)
            same = [s for s in SYSTEMS if sent(painted(edge - 1), s) == sent(painted(edge), s)]
            if same:
                clashes.append((same, m.index, m.name, edge, left.name, right.name, left.colour))
    assert checked > 0
    assert not clashes, f"{len(clashes)} of {checked} boundaries invisible, e.g. {clashes[:5]}"


def test_colours_are_planned_only_for_views_that_paint(monkeypatch):
    """--json and --print never paint: the colour plan (a pass over every field) runs only
    when a view asks (the hex pane, the tree), once per decoded message."""
    import io

    import hexview.decode.finish
    from hexview.output.json_lines import write_json_lines

    calls = []
    real = hexview.decode.finish.plan_colours
    monkeypatch.setattr(hexview.decode.finish, "plan_colours", lambda *a: calls.append(1) or real(*a))
    messages = list(Pipeline().run(open_input(str(DATA / "nbd-tiny-nbdsh.pcap"))))
    write_json_lines(iter(messages), io.StringIO())
    assert calls == []
    decoded = messages[0].decode()
    colour_runs(decoded, messages[0].length)
    colour_runs(decoded, messages[0].length)
    assert calls == [1] and all(f.colour for f in decoded.walk())
