"""The cross-stream view framework (hexview.protocols.cross_views) with a toy view
registered here: its collector, the command line it gets (--NAME, --json, -Y, several
inputs), the text table (spread columns, members, marks).

The input is built by hand: NBD READ requests (NBD spec: magic 0x25609513, flags,
type 0, cookie, offset, length) and simple replies (magic 0x67446698, error, cookie,
then the data the request asked for), so every count below is known from the bytes.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from hexview import cli
from hexview.pipeline import Pipeline
from hexview.protocols.cross_views import (
    Column,
    CrossView,
    cell_text,
    feed,
    layout,
    natural,
    opens,
    registered_views,
    run_view,
    spread_names,
)
from hexview.protocols.registry import registrations
from tcp_packets import conversation_packets, write_pcap
from xdr import u32, u64

LENGTH = 16


def read(cookie: int) -> bytes:
    return u32(0x25609513) + bytes(4) + u64(cookie) + u64(0) + u32(LENGTH)


def answer(cookie: int) -> bytes:
    return u32(0x67446698, 0) + u64(cookie) + bytes(LENGTH)


def packets():
    """Stream 0: two READs, both answered; stream 1: one READ, not answered."""
    first = conversation_packets(
        [("c", read(1)), ("s", answer(1)), ("c", read(2)), ("s", answer(2))], ("10.0.0.1", 40000), ("10.0.0.2", 10809)
    )
    second = conversation_packets([("c", read(3))], ("10.0.0.3", 40001), ("10.0.0.2", 10809))
    both = first + second
    for number, packet in enumerate(both, 1):
        packet.number = number
    return both


class DirectionCounts:
    """Per stream: messages each way (a spread column), its first two messages as members."""

    def __init__(self) -> None:
        self.streams: dict[int, dict] = {}

    def add(self, message) -> None:
        if message.name == "explode":
            raise RuntimeError("a broken collector")
        row = self.streams.setdefault(
            message.conversation.index,
            {"stream": message.conversation.index, "count": {"c2s": 0, "s2c": 0}, "first": message.index, "members": []},
        )
        row["count"][message.direction] += 1
        if len(row["members"]) < 2:
            row["members"].append({"index": message.index, "name": message.name})

    def rows(self) -> list[dict]:
        out = []
        for row in self.streams.values():
            counts = row["count"]
            out.append({**row, "differs": ["count.s2c"] if counts["c2s"] != counts["s2c"] else []})
        return out


TOY = CrossView(
    name="directions",
    title="messages each way",
    key="X",
    help="messages each way per stream (a test's view)",
    columns=(
        Column("stream", "stream", "right"),
        Column("count", "count", "right", spread=True),
        Column("first", "first", "right"),
    ),
    member_columns=(Column("index", "No.", "right"), Column("name", "name")),
    collector=DirectionCounts,
    opens="first",
    member_opens="index",
)


@pytest.fixture
def toy(monkeypatch):
    """TOY offered by the NBD registration, as a protocol module would declare it."""
    nbd = registrations()["nbd"]
    monkeypatch.setitem(registrations(), "nbd", replace(nbd, views=(*nbd.views, TOY)))
    return TOY


@pytest.fixture
def pcap(tmp_path):
    path = tmp_path / "reads.pcap"
    write_pcap(path, packets())
    return path


def test_the_collector_sees_every_message_in_order():
    rows = run_view(TOY, Pipeline().run(packets()))
    assert [(r["stream"], r["count"], r["first"]) for r in rows] == [(0, {"c2s": 2, "s2c": 2}, 1), (1, {"c2s": 1, "s2c": 0}, 5)]
    assert rows[0]["members"] == [{"index": 1, "name": "NBD_CMD_READ"}, {"index": 2, "name": "Simple reply (NBD_CMD_READ)"}]
    assert rows[0]["differs"] == [] and rows[1]["differs"] == ["count.s2c"]
    assert opens(TOY, rows[1]) == 5 and opens(TOY, rows[0]["members"][1], member=True) == 2


def test_a_message_the_collector_chokes_on_is_left_out():
    messages = list(Pipeline().run(packets()))
    messages[1].name = "explode"
    collector = DirectionCounts()
    feed(collector, messages)
    assert [r["count"] for r in collector.rows()] == [{"c2s": 2, "s2c": 1}, {"c2s": 1, "s2c": 0}]


def test_spread_columns_are_laid_out_in_natural_order():
    rows = [{"bricks": {"vol-client-10": 1, "vol-client-2": 2}}, {"bricks": {"vol-client-1": 3}}]
    view = replace(TOY, columns=(Column("bricks", "bricks", spread=True),))
    assert spread_names(view, rows) == {"bricks": ["vol-client-1", "vol-client-2", "vol-client-10"]}
    columns = layout(view, rows)
    assert [c.heading for c in columns] == ["vol-client-1", "vol-client-2", "vol-client-10"]
    assert [c.path for c in columns] == ["bricks.vol-client-1", "bricks.vol-client-2", "bricks.vol-client-10"]
    assert [c.text(rows[1]) for c in columns] == ["3", "", ""]  # no cell: blank; a null cell shows '-'
    assert cell_text(None) == "-" and cell_text({"data": 1, "metadata": -1}) == "data=1 metadata=-1"
    assert sorted(["a10", "a9", "b1"], key=natural) == ["a9", "a10", "b1"]


def test_a_registered_view_is_a_command_line_flag(toy):
    assert registered_views()["directions"] is toy
    parser = cli.build_parser()
    assert "--directions" in parser._option_string_actions


def test_text_table(toy, pcap, capsys):
    assert cli.main(["--directions", str(pcap)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "stream  c2s  s2c  first",
        "  No.  name",
        "     0    2    2      1",
        "    1  NBD_CMD_READ",
        "    2  Simple reply (NBD_CMD_READ)",
        "     1    1   0*      5",
        "    5  NBD_CMD_READ",
    ]


def test_json_lines(toy, pcap, capsys):
    assert cli.main(["--directions", "--json", str(pcap)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["view"] for r in rows] == ["directions", "directions"]
    assert rows[1] == {
        "view": "directions",
        "stream": 1,
        "count": {"c2s": 1, "s2c": 0},
        "first": 5,
        "members": [{"index": 5, "name": "NBD_CMD_READ"}],
        "differs": ["count.s2c"],
    }


def test_a_display_filter_limits_what_the_view_sees(toy, pcap, capsys):
    assert cli.main(["--directions", "--json", "-Y", "name contains reply", str(pcap)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["stream"], r["count"], r["first"]) for r in rows] == [(0, {"c2s": 0, "s2c": 2}, 2)]


def test_several_inputs_are_merged_as_json_merges_them(toy, pcap, tmp_path, capsys):
    """Several inputs are several nodes' captures merged by time, for a view as for
    --json: the same capture twice is one network seen twice (every segment a copy), so
    the view sees each message once, numbered as --json numbers it."""
    again = tmp_path / "again.pcap"
    again.write_bytes(pcap.read_bytes())
    assert cli.main(["--directions", "--json", str(pcap), str(again)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    listed = [json.loads(line) for line in _json_lines(capsys, pcap, again)]
    first_of: dict[int, int] = {}
    for message in listed:
        first_of.setdefault(message["stream"], message["index"])
    assert [r["first"] for r in rows] == list(first_of.values()) == [1, 5]
    assert rows[0]["count"] == {"c2s": 2, "s2c": 2} and rows[0]["members"][1]["index"] == 2
    alone = _json_lines(capsys, pcap)
    assert len(listed) == len(alone) and all(len(m["seen"]) == 2 for m in listed)  # each seen by both nodes


def _json_lines(capsys, *paths):
    assert cli.main(["--json", *map(str, paths)]) == 0
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("extra", [["--stats"], ["--summary"], ["--conversations"], ["--print"], ["--follow", "0"], ["--xattrs"]])
def test_a_view_is_not_asked_with_another_view(toy, pcap, extra, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--directions", *extra, str(pcap)])
    assert stopped.value.code == 2
    assert "--directions" in capsys.readouterr().err


def test_each_view_has_its_own_name_and_key():
    views = [view for reg in registrations().values() for view in reg.views]
    assert len({v.name for v in views}) == len(views) and len({v.key for v in views}) == len(views)
    for view in views:
        assert view.name.replace("-", "").isalnum() and view.name.islower()
        assert view.help and view.title and view.columns


def test_readme_documents_every_view():
    """Each registered view has its option row, its section's example and its key."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for view in registered_views().values():
        assert any(line.startswith(f"| `--{view.name}` |") for line in readme.splitlines()), view.name
        assert f"$ hexview --{view.name} " in readme, view.name
        assert f"| `{view.key}` | {view.help}" in readme, view.name
