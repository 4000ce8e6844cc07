"""The pieces under the interactive view's display filter, without a terminal.

Golden values come from tshark's decode of gluster-fuse-replica3-afr (its
``.tshark.json``: the 28 frames whose GlusterFS reply carries ``gluster.op_errno`` 2,
ENOENT in Linux errno.h, and its 504 RPC records) and from the capture's own bytes:

- ``hexview --matching-numbers -Y`` (what the view runs in a child process) names
  exactly the messages of those 28 frames, with ``looked``/``done`` counts, and a
  child run of it can be read in a thread and cancelled (its process then gone);
- ``SameInput`` builds a command line the CLI accepts, with the view's choices;
- the store finds any message by its number (``place_of_index``), also after an
  endless pipe's oldest ones were dropped;
- ``FilterMatches`` / ``HeldFilter`` filter held messages a budget at a time (each
  message looked at once, the count exact) and go on over messages that come later;
- ``FilteredRows`` maps list rows to positions with a hidden message on show;
- the view's search looks only at the listed messages;
- ``complete`` fills in field names.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

from hexview import cli
from hexview.analysis.filter_completion import complete
from hexview.analysis.filter_matches import FilteredRows, FilterMatches, HeldFilter
from hexview.analysis.filters import compile
from hexview.analysis.message_store import MessageStore
from hexview.analysis.search import parse_query
from hexview.pipeline import Pipeline
from hexview.readers import open_input
from hexview.same_input import SameInput
from hexview.tui.filter_process import ChildFilter
from hexview.tui.searching import search_streams
from shared_paths import CAPTURES
from tshark_json import enoent_frames, rpc_records, tshark_layers

REPLICA3 = CAPTURES / "gluster" / "gluster-fuse-replica3-afr.pcap"
ROOT = Path(__file__).resolve().parent.parent

needs_replica3 = pytest.mark.skipif(not REPLICA3.exists(), reason="gluster-fuse-replica3-afr.pcap not available")


@pytest.fixture(scope="module")
def replica3() -> MessageStore:
    if not REPLICA3.exists():
        pytest.skip("gluster-fuse-replica3-afr.pcap not available")
    store = MessageStore()
    store.add(list(Pipeline(hold_for_pairs=False).run(open_input(str(REPLICA3)))))  # as the view reads it
    return store


def frames_of(store: MessageStore, places) -> list[int]:
    return sorted(store.streams[row].get(position).frames[0] for row, position in places)


# -- the child's command line ------------------------------------------------------------


def _matching_numbers(capsys, *argv: str) -> list[str]:
    assert cli.main(["--matching-numbers", *argv]) == 0
    return capsys.readouterr().out.splitlines()


@needs_replica3
def test_matching_numbers_name_the_messages_tshark_decodes_enoent_in(capsys):
    lines = _matching_numbers(capsys, "-Y", "op_errno == ENOENT", str(REPLICA3))
    assert lines[-1] == f"done {rpc_records(tshark_layers(REPLICA3))}" == "done 504"
    numbers = [int(line) for line in lines if line.isdigit()]
    assert numbers == sorted(numbers) and len(numbers) == len(set(numbers))
    assert all(line.isdigit() or line.startswith("looked ") for line in lines[:-1])
    # which frames those numbers are: from the unfiltered run's own numbering
    assert cli.main(["--json", "--jobs", "1", str(REPLICA3)]) == 0
    frames = {o["index"]: o["frames"] for o in map(json.loads, capsys.readouterr().out.splitlines())}
    assert sorted(frames[n][0] for n in numbers) == enoent_frames(tshark_layers(REPLICA3))
    assert len(numbers) == 28


def test_matching_numbers_only_with_a_filter_and_no_other_output(capsys):
    tiny = str(ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap")
    for argv in (["--matching-numbers", tiny], ["--matching-numbers", "--json", "-Y", "xid", tiny]):
        with pytest.raises(SystemExit) as exited:
            cli.main(argv)
        assert exited.value.code == 2
        assert "--matching-numbers: only with -Y and no output option" in capsys.readouterr().err
    # not in --help: the view's own way of asking
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "matching-numbers" not in capsys.readouterr().out


def test_same_input_command_carries_the_views_choices():
    same = SameInput("-odd name.pcap", "pcap", ("protos",))
    command = same.command({10809: "NBD", 2049: "NFS"}, {"ocfs2.version": "1.4"}, "--matching-numbers", "-Y", "xid == 1")
    assert command[1:3] == ["-m", "hexview"]
    args = cli.parse_args(command[3:])
    assert args.files == ["-odd name.pcap"]  # after "--": a file name, whatever it starts with
    assert args.matching_numbers and args.filter == "xid == 1" and args.format == "pcap"
    assert args.protocols == ["protos"]
    assert dict(args.decode_as) == {2049: "NFS", 10809: "NBD"}
    assert args.options == ["ocfs2.version=1.4"]


@needs_replica3
def test_a_child_filter_is_read_in_a_thread_and_cancel_ends_it():
    same = SameInput(str(REPLICA3))
    got: list[int] = []
    ended = threading.Event()
    result: list[tuple[int, str | None]] = []

    def finish(looked: int, error: str | None) -> None:
        result.append((looked, error))
        ended.set()

    child = ChildFilter(
        same.command({}, {}, "--matching-numbers", "-Y", "op_errno == ENOENT"), lambda n, _: got.extend(n), finish
    )
    child.start()
    assert ended.wait(120)
    assert result == [(504, None)] and len(got) == 28
    # a filter that decodes every message of a large file, cancelled at once: the process is gone
    bench = CAPTURES / "bench" / "bench-large.pcap.gz"
    if not bench.exists():
        pytest.skip("bench-large.pcap.gz not available")
    calls: list[object] = []
    slow = ChildFilter(SameInput(str(bench)).command({}, {}, "--matching-numbers", "-Y", "xid == 1"), calls.append, calls.append)
    slow.start()
    pid = slow.pid
    assert pid is not None and os.path.exists(f"/proc/{pid}")
    slow.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no child of ours by that number
    assert calls == [] or all(isinstance(c, list) for c in calls)  # no finish after a cancel


def test_a_child_that_fails_says_why():
    ended = threading.Event()
    result: list[tuple[int, str | None]] = []
    command = SameInput("/nonexistent/x.pcap").command({}, {}, "--matching-numbers", "-Y", "xid")

    def finish(looked: int, error: str | None) -> None:
        result.append((looked, error))
        ended.set()

    ChildFilter(command, lambda n, _: None, finish).start()
    assert ended.wait(60)
    ((looked, error),) = result
    assert looked == 0 and error is not None and "/nonexistent/x.pcap" in error


# -- the store, the matches, the held messages ----------------------------------------------


def test_place_of_index_for_every_message_and_after_drops(replica3):
    for stream in replica3.streams:
        for position in range(stream.first, stream.count):
            message = stream.get(position)
            assert replica3.place_of_index(message.index) == (stream.row, position)
    assert replica3.place_of_index(0) is None and replica3.place_of_index(505) is None
    assert replica3.newest_index == 504
    messages = [m for s in replica3.streams for m in s.messages]
    messages.sort(key=lambda m: m.index)
    small = MessageStore(max_messages=100)
    for start in range(0, len(messages), 7):  # in batches, as the feed gives them
        small.add(messages[start : start + 7])
    assert small.place_of_index(messages[0].index) is None  # dropped
    for m in messages[-100:]:
        row, position = small.place_of_index(m.index)
        assert small.streams[row].get(position) is m
    gappy = MessageStore()  # numbers that do not follow one another: found all the same
    gappy.add(messages[::2])
    for m in messages[::2]:
        row, position = gappy.place_of_index(m.index)
        assert gappy.streams[row].get(position) is m
    assert gappy.place_of_index(messages[1].index) is None


def test_filter_matches_in_order_and_out_of_it():
    matches = FilterMatches()
    for position in (3, 8, 5, 8, 1):
        matches.add(2, position)
    assert list(matches.positions(2)) == [1, 3, 5, 8] and matches.found == 4
    assert matches.count(2) == 4 and matches.count(7) == 0 and list(matches.positions(7)) == []
    assert (2, 5) in matches and (2, 4) not in matches and (1, 5) not in matches
    assert matches.nearest(2, 4) == 5 and matches.nearest(2, 9) == 8 and matches.nearest(3, 1) is None
    matches.forget_before(2, 4)
    assert list(matches.positions(2)) == [5, 8] and matches.found == 4
    assert list(matches.rows()) == [2]


def test_numbers_the_store_does_not_hold_yet_wait(replica3):
    matches = FilterMatches()
    newest = replica3.newest_index
    placed, later = matches.add_numbers(replica3, [1, 2, newest, newest + 1, newest + 5])
    assert later == [newest + 1, newest + 5]
    assert [replica3.streams[r].get(p).index for r, p in placed] == [1, 2, newest]
    assert matches.found == 3


def test_held_filter_looks_at_each_message_once_a_budget_at_a_time(replica3):
    matches = FilterMatches()
    held = HeldFilter(replica3, compile("op_errno == ENOENT"), matches)
    assert held.waiting == rpc_records(tshark_layers(REPLICA3)) == 504
    found = []
    steps = 0
    while held.waiting:
        allowed = iter([True] * 9 + [False])  # ten messages a call
        found += held.run(lambda allowed=allowed: next(allowed))
        steps += 1
        assert held.looked == min(10 * steps, 504)
    assert steps == 51 and held.run() == []
    assert frames_of(replica3, found) == enoent_frames(tshark_layers(REPLICA3))
    assert matches.found == 28 and sum(matches.count(s.row) for s in replica3.streams) == 28


def test_held_filter_goes_on_over_messages_that_arrive_later(replica3):
    messages = sorted((m for s in replica3.streams for m in s.messages), key=lambda m: m.index)
    store = MessageStore()
    store.add(messages[:250])
    matches = FilterMatches()
    held = HeldFilter(store, compile("op_errno == ENOENT"), matches)
    first = held.run()
    cut = messages[249].frames[-1]
    assert frames_of(store, first) == [f for f in enoent_frames(tshark_layers(REPLICA3)) if f <= cut]
    assert held.waiting == 0
    store.add(messages[250:])
    assert held.waiting == 254
    later = held.run()
    assert frames_of(store, first + later) == enoent_frames(tshark_layers(REPLICA3)) and held.looked == 504


def test_filtered_rows_with_a_hidden_message_on_show():
    rows = FilteredRows([2, 5, 9], visiting=7)
    assert len(rows) == 4 and [rows.position(r) for r in range(4)] == [2, 5, 7, 9]
    assert [rows.row(p) for p in (0, 2, 3, 5, 7, 8, 9, 100)] == [0, 0, 1, 1, 2, 3, 3, 3]
    assert rows.position(-1) == 2 and rows.position(10) == 9  # clamped
    assert len(FilteredRows([2, 5, 9], visiting=5)) == 3  # on show and a match: one row
    alone = FilteredRows([], visiting=4)
    assert len(alone) == 1 and alone.position(0) == 4 and alone.row(0) == 0
    plain = FilteredRows([2, 5, 9])
    assert len(plain) == 3 and plain.row(6) == 2 and plain.row(1) == 0


@needs_replica3
def test_search_looks_only_at_the_listed_messages(replica3):
    matches = FilterMatches()
    HeldFilter(replica3, compile("op_errno == ENOENT"), matches).run()
    row = next(s.row for s in replica3.streams if matches.count(s.row))
    listed = lambda r: list(matches.positions(r))  # noqa: E731
    query = parse_query("op_errno=ENOENT")
    # from the stream's first message (not listed): the first listed one
    found = search_streams(replica3.streams, query, row, 0, -1, listed=listed)
    assert (found.row, found.position) == (row, matches.positions(row)[0])
    # a query only unlisted messages answer (a LOOKUP call's name) is not found
    call_name = parse_query('"r.txt"')
    unfiltered = search_streams(replica3.streams, call_name, row, 0, -1)
    assert unfiltered is not None and (unfiltered.row, unfiltered.position) not in matches
    assert search_streams(replica3.streams, call_name, row, 0, -1, listed=listed) is None
    # after the last listed one of the stream: on in the next stream with a listed one
    last = matches.positions(row)[-1]
    found = search_streams(replica3.streams, query, row, last + 1, -1, listed=listed)
    assert found is not None and found.row != row and (found.row, found.position) in matches


# -- completion ------------------------------------------------------------------------------

NAMES = ["op_errno", "op_ret", "name", "nlink", "gfid", "xid", "msg_type"]


def test_one_name_is_written_out():
    done = complete("op_er", 5, NAMES)
    assert (done.text, done.cursor, done.candidates) == ("op_errno", 8, ("op_errno",))


def test_several_names_are_written_up_to_what_they_share():
    done = complete("latency > 2ms and op", 20, NAMES)
    assert done.text == "latency > 2ms and op_" and done.cursor == 21
    assert done.candidates == ("op_errno", "op_ret")


def test_the_last_part_of_a_path_and_the_text_after_the_cursor_stay():
    done = complete("args.body.gf == 1", 12, NAMES)
    assert (done.text, done.cursor) == ("args.body.gfid == 1", 14)


def test_no_name_leaves_the_text_and_case_does_not_matter():
    assert complete("zz", 2, NAMES).candidates == ()
    assert complete("zz", 2, NAMES).text == "zz"
    assert complete("XI", 2, NAMES).text == "xid"


def test_cli_view_with_a_filter_is_accepted_and_a_bad_one_is_one_line(capsys, monkeypatch):
    """``-Y`` without an output option opens the view with it (the view itself is
    driven in test_tui_terminal_filter); a filter that cannot be read never opens it."""
    opened: list[tuple[Any, ...]] = []
    monkeypatch.setattr(cli, "_run_tui", lambda args, decode_as: opened.append((args.filter, args.compiled_filter.text)) or 0)
    tiny = str(ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap")
    assert cli.main(["-Y", "type == NBD_CMD_READ", tiny]) == 0
    assert opened == [("type == NBD_CMD_READ", "type == NBD_CMD_READ")]
    assert cli.main(["-Y", "type ==", tiny]) == 2
    assert capsys.readouterr().err == "hexview: filter: expected a value, got the end at column 8\n"
    assert len(opened) == 1


def test_python_m_hexview_is_the_command():
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "hexview", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("hexview ")
