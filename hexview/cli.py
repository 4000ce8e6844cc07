"""The ``hexview`` command: argument parsing, error exits, and the choice of view.

``--print`` and ``--json`` stream decoded messages to stdout; without them the
Textual UI opens. Problems with the input file itself are one line on stderr and a
non-zero exit; problems inside the input (damaged rows, malformed messages) are data
and are reported in the output.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .output.stderr_notes import input_name, report_notes
from .readers import FORMATS, InputError, PacketReader, open_input

if TYPE_CHECKING:
    from .analysis.filters import Filter
    from .analysis.response_times import Tallies
    from .messages import Message
    from .output.parallel import Facts, Run
    from .pipeline import Pipeline
    from .tcp.reassembly import NoteLog

EXIT_USAGE = 2
EXIT_INPUT = 1
OPTION_DEST = "protocol option "  # + key: where the generated --PROTOCOL-NAME flags put their value


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes (1 or more), got {text!r}")
    return int(text)


def _decode_as(text: str) -> tuple[int, str]:
    port, sep, proto = text.partition("=")
    if not sep or not port.isdigit() or not proto:
        raise argparse.ArgumentTypeError(f"expected PORT=PROTOCOL, got {text!r}")
    return int(port), proto


DESCRIPTION = """\
Terminal hex annotator for cluster and network filesystem wire protocols
({protocols}). Reads tcpdump -x/-xx/-X/-XX
text, pcap/pcapng, and raw or hex dumps, from files or a pipe ('-')."""

EPILOG = """\
examples:
  hexview capture.pcap                              open the interactive view
  tcpdump -l -X -i any port 10809 | hexview -       view a live capture
  hexview --print capture.pcap                      every message's field tree (also -V)
  hexview --json reply.txt | jq .                   one JSON object per message (also -T json)
  hexview --summary capture.pcap                    one line per message, without decoding
  hexview --stats capture.pcap                      response times per procedure, server, NFSv4 op
  hexview -Y 'op_errno == ENOENT' --summary c.pcap   only the messages a display filter matches
  hexview --follow 0 capture.pcap                   conversation 0's bytes, both directions, hex + ASCII
  hexview --follow 0 --raw s2c capture.pcap > s2c   the server's bytes of conversation 0, for other tools
  hexview --conversations --sort bytes_s2c x.pcap   one line per conversation, most bytes served first
  hexview --json --jobs 2 big.pcap > big.json       decode in 2 worker processes
  hexview -r a.pcap -r b.pcap -T json               several inputs: numbering continues, "file" says which"""


def build_parser() -> argparse.ArgumentParser:
    from .analysis.conversations import COLUMNS as CONVERSATION_COLUMNS
    from .protocols.registry import registrations

    protocols = ", ".join(reg.name for reg in registrations().values())
    parser = argparse.ArgumentParser(
        prog="hexview",
        description=DESCRIPTION.format(protocols=protocols),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="input file, or - for standard input")
    parser.add_argument(
        "-r",
        dest="read",
        action="append",
        default=[],
        metavar="FILE",
        help="read FILE, as tshark -r (may repeat; these come before the FILEs named without -r)",
    )
    view = parser.add_mutually_exclusive_group()
    view.add_argument(
        "--print", "-V", dest="print_tree", action="store_true", help="print every message's field tree as text (like tshark -V)"
    )
    view.add_argument("--json", action="store_true", help="print one JSON object per message per line")
    view.add_argument(
        "--summary",
        action="store_true",
        help="print one line per message from framing alone, without decoding (number, frame, time, "
        "stream, source -> destination, protocol, length, name, a reply's latency)",
    )
    parser.add_argument(
        "--stats",
        action="store_true",
        help="print response-time statistics instead of messages: one row per protocol, program, version and "
        "procedure (or command), per server and per NFSv4 operation, with calls, answers, errors and latency "
        "min/p50/p90/p99/max/avg; a table, or with --json one JSON object per row",
    )
    parser.add_argument(
        "-Y",
        "--filter",
        dest="filter",
        default=None,
        metavar="EXPR",
        help="with --print, --json or --summary: only the messages that match the display filter EXPR "
        "(e.g. 'op_errno == ENOENT', 'latency > 2ms and name contains LOOKUP'; see README: Display filters); "
        "with --stats: only the exchanges whose request or reply matches",
    )
    parser.add_argument("--info", action="store_true", help="with --summary: add each message's info column (decodes)")
    parser.add_argument(
        "--follow",
        type=_stream_number,
        default=None,
        metavar="STREAM",
        help="print conversation STREAM's bytes (its number as --summary and the stream list show it), both "
        "directions in capture order, as hex + ASCII, each chunk headed by its direction, offset, frame and "
        "the message starting there; gaps and ends marked",
    )
    parser.add_argument("--ascii", action="store_true", help="with --follow: the bytes as ASCII only")
    parser.add_argument(
        "--raw",
        choices=DIRECTIONS,
        default=None,
        help="with --follow: write that direction's bytes to stdout unchanged (c2s: client to server, s2c: back), "
        "gaps zero-filled and each reported on stderr",
    )
    parser.add_argument(
        "--conversations",
        action="store_true",
        help="print one line per conversation: endpoints, protocol, packets and bytes each way, start, duration, "
        "messages, unanswered requests, errors (decodes replies); with --json one JSON object a line",
    )
    parser.add_argument(
        "--sort",
        choices=CONVERSATION_COLUMNS,
        default=None,
        metavar="COLUMN",
        help=f"with --conversations: order by COLUMN (numbers largest first), one of {', '.join(CONVERSATION_COLUMNS)}",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=None,
        metavar="N",
        help="decode --json/--print (and --summary --info) in N worker processes, output in input order; "
        "--stats: N workers, each counting a share of the conversations "
        "(default: one per CPU for files of 4 MB and more, else 1; 1 = one process)",
    )
    parser.add_argument(
        "-T",
        dest="output_format",
        choices=OUTPUT_FORMATS,
        metavar="{json,text}",
        help="output format, as tshark -T: json = --json, text = --print",
    )
    parser.add_argument("--format", choices=FORMATS, default="auto", help="input format (default: detect)")
    parser.add_argument(
        "--decode-as",
        type=_decode_as,
        action="append",
        default=[],
        metavar="PORT=PROTOCOL",
        help="decode conversations on PORT as PROTOCOL (repeatable), like Wireshark's Decode As",
    )
    parser.add_argument(
        "--option",
        dest="options",
        action="append",
        default=[],
        metavar="PROTOCOL.NAME=VALUE",
        help="set a protocol's decoding option (repeatable; the options are listed below)",
    )
    _add_protocol_options(parser)
    parser.add_argument(
        "--protocols",
        action="append",
        default=[],
        metavar="DIR",
        help="also load the protocols declared in DIR (one folder per protocol: protocol.yaml and .ksy files; "
        "repeatable; read after ~/.config/hexview/protocols and $HEXVIEW_PROTOCOLS)",
    )
    parser.add_argument(
        "--list-protocols",
        action="store_true",
        help="list every protocol, built in or declared in a folder: name, ports, description, source folder",
    )
    parser.add_argument("--version", action="version", version=f"hexview {__version__}")
    return parser


OUTPUT_FORMATS = ("json", "text")
DIRECTIONS = ("c2s", "s2c")


def _stream_number(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a stream number (0 or more), got {text!r}")
    return int(text)


def _add_protocol_options(parser: argparse.ArgumentParser) -> None:
    """Every option the registrations declare, listed in --help, each also spelt
    ``--PROTOCOL-NAME VALUE`` (e.g. ``--nbd-x`` for ``--option nbd.x=...``)."""
    from .protocols.options import declared

    table = declared()
    if not table:
        return
    group = parser.add_argument_group(
        "protocol options", "each protocol's decoding choices: --option PROTOCOL.NAME=VALUE, or as spelt here"
    )
    for key, (_, opt) in table.items():
        flag = "--" + key.replace(".", "-").replace("_", "-")
        text = f"--option {key}=VALUE: {opt.help}{'; ' if opt.help else ''}default: {opt.default}"
        if flag in parser._option_string_actions:  # a protocol named like one of our own flags
            group.description = f"{group.description or ''}\n  {key} {{{','.join(opt.choices)}}}: {text}"
            continue
        group.add_argument(flag, dest=OPTION_DEST + key, choices=opt.choices, default=None, help=text)


def chosen_options(args: argparse.Namespace) -> dict[str, str]:
    """The protocol options the command line chose, by key (``--option`` and the
    generated spellings; the latter win); raises OptionError naming what is known."""
    from .protocols.options import parse

    chosen = dict(parse(text) for text in args.options)
    for dest, value in vars(args).items():
        if dest.startswith(OPTION_DEST) and value is not None:
            chosen[dest[len(OPTION_DEST) :]] = value
    return chosen


def _load_protocol_folders(argv: list[str] | None) -> None:
    """Hand the ``--protocols`` folders to the registry before anything asks it: the
    parser itself lists every protocol and the options they declare."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--protocols", action="append", default=[])
    folders = early.parse_known_args(argv)[0].protocols
    if folders:
        from .protocols.declared.folders import add_folders

        add_folders(folders)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The arguments with the tshark-style aliases folded in: ``args.files`` holds
    every input (-r ones first), ``print_tree``/``json`` the view ``-T`` chose."""
    _load_protocol_folders(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    args.files = args.read + args.files
    if not args.files and not args.list_protocols:
        parser.error("no input: name a FILE (or -r FILE; - reads standard input)")
    if args.output_format == "json":
        if args.print_tree or args.summary:
            parser.error("-T json: not allowed with --print/-V or --summary")
        args.json = True
    elif args.output_format == "text":
        if args.json or args.summary:
            parser.error("-T text: not allowed with --json or --summary")
        args.print_tree = True
    if args.stats and (args.print_tree or args.summary):
        parser.error("--stats: not allowed with --print/-V or --summary (--json gives its rows as JSON)")
    if args.info and not args.summary:
        parser.error("--info: only with --summary")
    if args.follow is not None:
        if args.print_tree or args.json or args.summary or args.conversations:
            parser.error("--follow: not allowed with --print, --json, --summary or --conversations")
        if args.ascii and args.raw:
            parser.error("--ascii: not allowed with --raw")
    elif args.ascii or args.raw:
        parser.error("--ascii/--raw: only with --follow")
    if args.conversations and (args.print_tree or args.summary):
        parser.error("--conversations: not allowed with --print or --summary (--json gives JSON lines)")
    if args.sort and not args.conversations:
        parser.error("--sort: only with --conversations")
    if (args.follow is not None or args.conversations) and len(args.files) > 1:
        parser.error("--follow/--conversations: one input at a time")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list_protocols:
        return list_protocols(sys.stdout)
    decode_as = dict(args.decode_as)
    from .protocols.options import OptionError
    from .protocols.registry import by_name

    try:
        for proto in decode_as.values():
            by_name(proto)
        args.decode_options = chosen_options(args)
    except KeyError as exc:
        print(f"hexview: {exc.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    except OptionError as exc:
        print(f"hexview: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.filter is not None:
        from .analysis.filters import FilterError, compile

        if not (args.print_tree or args.json or args.summary or args.stats):
            print(
                "hexview: -Y/--filter: only with --print, --json, --summary or --stats "
                "(the interactive view's filter comes later)",
                file=sys.stderr,
            )
            return EXIT_USAGE
        try:
            args.compiled_filter = compile(args.filter)
        except FilterError as exc:
            print(f"hexview: filter: {exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        args.compiled_filter = None
    if args.stats:
        run = _run_stats
    elif args.follow is not None or args.conversations:
        run = _run_analysis
    elif args.print_tree or args.json or args.summary:
        run = _run_stream_view
    else:
        return _run_tui(args, decode_as)
    try:
        return run(args, decode_as)
    except BrokenPipeError:  # `hexview --json x | head` is normal use
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def list_protocols(out: TextIO) -> int:
    """``--list-protocols``: one block per protocol, built in or declared, by name."""
    from .protocols.registry import registrations, source_of
    from .safe_text import printable

    for reg in registrations().values():
        ports = ", ".join(map(str, reg.ports)) or "-"
        source = printable(source_of(reg.name))
        out.write(f"{printable(reg.name)}\n  {printable(reg.description)}\n  ports: {ports}\n  source: {source}\n")
    return 0


def _run_stream_view(args: argparse.Namespace, decode_as: dict[int, str]) -> int:
    """Each input in turn through its own pipeline; message numbers continue from one
    input to the next, and with several inputs every message names its file."""
    status = 0
    next_index = 1
    several = len(args.files) > 1
    for path in args.files:
        try:
            reader = open_input(path, args.format)
        except InputError as exc:
            print(f"hexview: {exc}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        facts, error = _write(args, decode_as, path, reader, next_index, path if several else None)
        if error is not None:  # the input failed part-way (e.g. a read error)
            print(f"hexview: {error}", file=sys.stderr)
            status = EXIT_INPUT
        next_index = facts["next_index"]
        sys.stdout.flush()
        report_notes(path, facts["notes"])
    return status


def _run_analysis(args: argparse.Namespace, decode_as: dict[int, str]) -> int:
    """``--follow`` and ``--conversations``: one input, one pass, output as it goes
    (follow) or at the end (the conversations list)."""
    from .pipeline import Pipeline

    path = args.files[0]
    try:
        reader = open_input(path, args.format)
    except InputError as exc:
        print(f"hexview: {exc}", file=sys.stderr)
        return EXIT_INPUT
    pipeline = Pipeline(decode_as=decode_as, options=args.decode_options, hold_for_pairs=False)
    try:
        status = _follow(args, path, reader, pipeline) if args.follow is not None else _conversations(args, reader, pipeline)
    except InputError as exc:
        print(f"hexview: {exc}", file=sys.stderr)
        status = EXIT_INPUT
    sys.stdout.flush()
    report_notes(path, list(reader.notes) + list(pipeline.notes))
    return status


def _follow(args: argparse.Namespace, path: str, reader: PacketReader, pipeline: Pipeline) -> int:
    from .analysis.follow import follow
    from .output.follow_text import write_follow_text, write_raw

    follower, pieces = follow(reader, args.follow, pipeline)
    if args.raw:
        write_raw(pieces, args.raw, sys.stdout.buffer, sys.stderr)
    else:
        write_follow_text(pieces, lambda: follower.conversation, sys.stdout, args.ascii)
    if follower.conversation is None:
        known = f"streams 0 to {follower.streams - 1}" if follower.streams else "no streams"
        print(f"hexview: no stream {args.follow} in {input_name(path)} ({known})", file=sys.stderr)
        return EXIT_USAGE
    return 0


def _conversations(args: argparse.Namespace, reader: PacketReader, pipeline: Pipeline) -> int:
    from .analysis.conversations import ConversationList, sort_rows
    from .output.conversation_table import write_json, write_table

    conversations = ConversationList()
    for message in pipeline.run(reader, observe=conversations.observe):
        conversations.add(message)
    rows = conversations.rows(pipeline.first_timestamp)
    if args.sort:
        rows = sort_rows(rows, args.sort)
    (write_json if args.json else write_table)(rows, sys.stdout)
    return 0


def _run_stats(args: argparse.Namespace, decode_as: dict[int, str]) -> int:
    """``--stats``: every input's requests counted together, the rows written once all
    are read; with ``-Y`` only the exchanges whose request or first reply matches. A file
    is read by ``--jobs`` workers split by conversation (default: ``split.workers_for``),
    whose counts are merged (hexview.analysis.split)."""
    from .analysis.response_times import ResponseTimes
    from .analysis.split import WorkerError, run_split, workers_for
    from .output.parallel import can_share
    from .output.stats_table import write_stats_json, write_stats_text
    from .pipeline import SplitUnsafe
    from .tcp.reassembly import merged_notes

    status = 0
    stats = ResponseTimes()
    for path in args.files:
        try:
            reader = open_input(path, args.format)
        except InputError as exc:
            print(f"hexview: {exc}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        jobs = args.jobs if args.jobs is not None else workers_for(path)
        parts: list[StatsPart] | None = None
        if jobs > 1 and can_share(path):
            count = partial(_count_stats, args, decode_as, path, reader, stats.input_number, jobs)
            try:
                parts = run_split(jobs, count, expected=(SplitUnsafe,))
            except SplitUnsafe:  # one conversation taught what the others did not learn: once more, whole
                reader.close()
                reader = open_input(path, args.format)
            except WorkerError as exc:
                print(f"hexview: {input_name(path)}: --stats: {exc}", file=sys.stderr)
                return EXIT_INPUT
        if parts is None:
            parts = [_count_stats(args, decode_as, path, reader, stats.input_number, 1, 0)]
        for part in parts:
            stats.merge(part.tallies)
        stats.finish()  # (the parts counted their unanswered requests): on to the next input
        if parts[0].error is not None:  # the input failed part-way (e.g. a read error)
            print(f"hexview: {parts[0].error}", file=sys.stderr)
            status = EXIT_INPUT
        owner = partial(_owner, len(parts))
        report_notes(path, parts[0].reader_notes + merged_notes([part.notes for part in parts], owner))
    (write_stats_json if args.json else write_stats_text)(stats.rows(), sys.stdout)
    return status


@dataclass
class StatsPart:
    """What one worker counted of one input (``_count_stats``)."""

    tallies: Tallies
    reader_notes: list[str]
    notes: NoteLog  # the reassembler's
    error: InputError | None  # what stopped reading part-way


def _count_stats(
    args: argparse.Namespace,
    decode_as: dict[int, str],
    path: str,
    reader: PacketReader,
    input_number: int,
    jobs: int,
    worker: int,
) -> StatsPart:
    """Worker ``worker`` of ``jobs``: the response times of its share of the input's
    conversations (all of them for one worker). Worker 0 reads ``reader`` and shows
    progress; the others open the input afresh."""
    from .analysis.response_times import ResponseTimes
    from .pipeline import Pipeline, Share
    from .progress import for_reader

    if worker:
        reader = open_input(path, args.format)
    share = Share(worker, jobs) if jobs > 1 else None
    pipeline = Pipeline(decode_as=decode_as, options=args.decode_options, hold_for_pairs=False, share=share)
    stats = ResponseTimes()
    stats.input_number = input_number
    chosen: Filter | None = args.compiled_filter
    if chosen is not None:
        stats.keep = partial(_passes, chosen, lambda: pipeline.first_timestamp)
    progress = for_reader(reader, input_name(path)) if worker == 0 else None
    error = None
    try:
        stats.add_all(_ticking(pipeline.run(reader), progress.tick if progress is not None else None))
    except InputError as exc:
        error = exc
    finally:
        if progress is not None:
            progress.finish()
    stats.finish()
    return StatsPart(stats.tallies, list(reader.notes), pipeline.reassembler.note_log(), error)


def _owner(jobs: int, conversation: int) -> int:
    """The worker that framed conversation number ``conversation`` (pipeline.Share)."""
    return conversation % jobs


def _passes(chosen: Filter, origin: Callable[[], float | None], message: Message) -> bool:
    return chosen.matches(message, origin())


SUMMARY_BATCH = 512  # --summary lines written at once when the input is a file


def _reading(
    args: argparse.Namespace,
    decode_as: dict[int, str],
    path: str,
    reader: PacketReader,
    first_index: int,
    show_progress: bool = True,
) -> Run:
    """One pass over an input (an output.parallel.Run): its messages, and what is known
    once they are read (the next message number, the notes)."""
    from .output.parallel import Run
    from .pipeline import Pipeline
    from .progress import for_reader

    pipeline = Pipeline(decode_as=decode_as, options=args.decode_options, first_index=first_index)
    progress = for_reader(reader, input_name(path)) if show_progress else None

    def messages() -> Iterator[Message]:
        try:
            yield from pipeline.run(reader)
        finally:
            if progress is not None:
                progress.finish()

    def finish() -> Facts:
        return {"next_index": pipeline.next_index, "notes": list(reader.notes) + list(pipeline.notes)}

    return Run(messages(), lambda: pipeline.first_timestamp, finish, progress.tick if progress is not None else None)


def _write(
    args: argparse.Namespace, decode_as: dict[int, str], path: str, reader: PacketReader, first_index: int, file: str | None
) -> tuple[Facts, InputError | None]:
    """One input's messages to stdout in the chosen view -- in worker processes, each
    reading the input afresh, when ``--jobs`` (or the input's size) says so and the
    input is a file. Returns what is known once it is read (``_reading``) and the error
    that stopped reading part-way, if one did."""
    from .output.json_lines import write_json_lines
    from .output.parallel import auto_jobs, can_share, write_parallel
    from .output.summary import write_summary
    from .output.text_tree import write_text

    kind = "summary" if args.summary and not args.info else "summary-info" if args.summary else "json" if args.json else "text"
    chosen: Filter | None = args.compiled_filter
    jobs = args.jobs if args.jobs is not None else auto_jobs(path)
    # --summary alone decodes nothing: no workers (unless its filter decodes)
    decodes = kind != "summary" or (chosen is not None and chosen.needs_decode)
    if decodes and jobs > 1 and can_share(path):
        reader.close()
        trailer = write_parallel(
            kind,
            lambda worker: _reading(args, decode_as, path, open_input(path, args.format), first_index, worker == 0),
            sys.stdout,
            file,
            jobs,
            None if chosen is None else partial(chosen.matches, keep=True),
        )
        if trailer.error is not None and not isinstance(trailer.error, InputError):
            raise trailer.error
        return trailer.facts, trailer.error
    run = _reading(args, decode_as, path, reader, first_index)
    messages = _ticking(run.messages, run.tick)
    if chosen is not None:
        messages = chosen.select(messages, run.origin)
        if kind in ("summary", "summary-info"):
            messages = _forgetting(messages)
    error = None
    try:
        if kind in ("summary", "summary-info"):
            # a pipe's lines are due as soon as each message is complete; a file's go out in batches
            batch = 1 if reader.size is None else SUMMARY_BATCH
            write_summary(messages, sys.stdout, run.origin, file, info=kind == "summary-info", batch=batch)
        else:
            (write_json_lines if kind == "json" else write_text)(messages, sys.stdout, run.origin, file)
    except InputError as exc:
        error = exc
    return run.finish(), error


def _forgetting(messages: Iterable[Message]) -> Iterator[Message]:
    """The messages, each decoded tree a filter kept let go once its line is made
    (--summary keeps no tree; --info's line reuses it first)."""
    for message in messages:
        yield message
        message._decoded = None


def _ticking(messages: Iterable[Message], tick: Callable[[], None] | None) -> Iterable[Message]:
    if tick is None:
        return messages
    return _tick_each(messages, tick)


def _tick_each(messages: Iterable[Message], tick: Callable[[], None]) -> Iterator[Message]:
    for message in messages:
        tick()
        yield message


def _run_tui(args: argparse.Namespace, decode_as: dict[int, str]) -> int:
    if len(args.files) != 1:
        print("hexview: the interactive view opens one input at a time", file=sys.stderr)
        return EXIT_USAGE
    path = args.files[0]
    # Keys must come from the terminal even when stdin is a pipe (`... | hexview -`):
    # move the pipe off fd 0 before anything reads it, and put /dev/tty there.
    from .tui.pipe_input import LazyReader, NoTerminal, reattach_stdin_to_tty

    try:
        if path == "-":
            data_fd = reattach_stdin_to_tty()
            if data_fd is None:
                print("hexview: standard input is a terminal; pipe a capture into 'hexview -' or name a file", file=sys.stderr)
                return EXIT_USAGE
            from .readers import read_packets

            # opened in the view's input thread: detecting the format waits for data
            reader = LazyReader(lambda: read_packets(os.fdopen(data_fd, "rb"), args.format, name="<stdin>"))
        else:
            reader = open_input(path, args.format)
            data_fd = reattach_stdin_to_tty()
            if data_fd is not None:
                os.close(data_fd)
    except NoTerminal as exc:
        print(f"hexview: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        print(f"hexview: {exc}", file=sys.stderr)
        return EXIT_INPUT
    from .tui.app import run_app

    reopen = None if path == "-" else (lambda: open_input(path, args.format))
    status: int = run_app(reader, path, decode_as, reopen, args.decode_options)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
