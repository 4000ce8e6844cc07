"""The ``hexview`` command: argument parsing, error exits, and the choice of view.

``--print`` and ``--json`` stream decoded messages to stdout; without them the
Textual UI opens. Problems with the input file itself are one line on stderr and a
non-zero exit; problems inside the input (damaged rows, malformed messages) are data
and are reported in the output.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, TextIO, cast

from . import __version__
from .analysis.clocks import clock_notes, offsets_of
from .memory import DEFAULT_MAX_MEMORY, MIN_MAX_MEMORY, parse_size
from .nodes import NodeMap
from .output.stderr_notes import input_name, report_notes
from .output.whole_lines import OutputError, interrupts_between_writes
from .readers import FORMATS, InputError, PacketReader, note_growth, open_input
from .readers.merge import MergedReader, open_merged
from .safe_text import printable
from .same_input import SameInput

if TYPE_CHECKING:
    from .analysis.filters import Filter
    from .analysis.response_times import ResponseTimes, Tallies
    from .messages import Message
    from .output.parallel import Facts, Run
    from .packets import Packet
    from .pipeline import Pipeline, Share
    from .tcp.reassembly import NoteLog

# exit statuses (README: Exit status)
EXIT_OK = 0
EXIT_INPUT = 1  # an input could not be read (or not to its end), or the output not written
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it
OPTION_DEST = "protocol option "  # + key: where the generated --PROTOCOL-NAME flags put their value
VIEW_DEST = "cross view "  # + name: where the generated --NAME flags of cross-stream views put theirs


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
  hexview --xattrs --json ec.pcap                   a cross-stream view (GlusterFS xattrs per brick), JSON lines
  hexview --json --jobs 2 big.pcap > big.json       decode in 2 worker processes
  hexview --export parquet out/ b1.pcap b2.pcap     the message tables as out/b1.pcap.parquet, ...
  hexview client.pcap brick1.pcap brick2.pcap       several nodes' captures, merged by time into one view
  hexview -r a.pcap -r b.pcap -T json               the same as JSON: "node" and "seen" say who saw what
  hexview --nodes client.pcap brick1.pcap           each node's clock offset and the one-way delays
  hexview --align-clocks --summary c.pcap b.pcap    the clocks aligned before merging"""


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
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="input file, or - for standard input; several: captures of several nodes at once, merged by time "
        "into one run (each message names its node; README: Several nodes)",
    )
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
        "--detail",
        action="store_true",
        help="with --stats --json: add to each row its latency histogram (log-scaled buckets), requests over "
        "time, a latency heat map (time by latency) and its slowest exchanges (see README: Response-time "
        "statistics)",
    )
    parser.add_argument(
        "-Y",
        "--filter",
        dest="filter",
        default=None,
        metavar="EXPR",
        help="with --print, --json, --summary or --export: only the messages that match the display filter EXPR "
        "(e.g. 'op_errno == ENOENT', 'latency > 2ms and name contains LOOKUP'; see README: Display filters); "
        "with --stats: only the exchanges whose request or reply matches; without an output option: the "
        "interactive view opens with the filter applied",
    )
    # internal: the interactive view's filter over a file, run by the view in a child process
    parser.add_argument("--matching-numbers", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--info", action="store_true", help="with --summary: add each message's info column (decodes)")
    parser.add_argument(
        "--nodes",
        action="store_true",
        help="with several inputs: print each node (input), its packets and segments also seen by another node, "
        "its clock against the first input's (estimated from requests and replies seen at both ends), and the "
        "one-way delays of the segments seen at both ends, per direction; with --json one JSON object a line",
    )
    parser.add_argument(
        "--align-clocks",
        action="store_true",
        help="with several inputs: take each node's estimated clock offset off its timestamps before merging "
        "(the inputs are read once more first, to estimate it)",
    )
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
        "--export",
        nargs=2,
        default=None,
        metavar=("FORMAT", "DIR"),
        help="write each input's message table (number, frames, time, endpoints, procedure, xid, gfid or "
        "filehandle, status, errno, latency, request-reply link; see README: Exporting) as DIR/NAME.parquet, "
        "one process per input (see --jobs); FORMAT: parquet (needs pip install 'hexview[parquet]')",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=None,
        metavar="N",
        help="decode --json/--print (and --summary --info) in N worker processes, output in input order "
        "(default: one per CPU for files of 4 MB and more, else 1; 1 = one process); several inputs: each "
        "worker reads them all, merged; --stats: N workers, each counting a share of the conversations "
        "(one file; default: by its size and the machine's load); with --export: the inputs decoded at once, "
        "one process each (default: one per CPU)",
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
        "--max-memory",
        type=_memory_size,
        default=DEFAULT_MAX_MEMORY,
        metavar="SIZE",
        help="the interactive view's memory cap for the whole process (default 512M; K, M, G units): past it "
        "the oldest messages are dropped and older streams let go, with a note in the stream list",
    )
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
    _add_cross_views(parser)
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


def _add_cross_views(parser: argparse.ArgumentParser) -> None:
    """Every registered cross-stream view as ``--NAME`` (hexview.protocols.cross_views)."""
    from .protocols.cross_views import registered_views

    views = registered_views()
    if not views:
        return
    group = parser.add_argument_group(
        "cross-stream views",
        "questions across a protocol's conversations: a table, or with --json one JSON object a line "
        '({"view": NAME, ...}); -Y EXPR limits the messages a view sees',
    )
    for name, view in views.items():
        flag = "--" + name
        if flag in parser._option_string_actions:  # a view named like one of our own flags
            continue
        group.add_argument(flag, dest=VIEW_DEST + name, action="store_true", help=view.help)


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
    if args.detail and not (args.stats and args.json):
        parser.error("--detail: only with --stats --json")
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
    several = len(args.files) > 1
    if (args.follow is not None or args.conversations) and several:
        parser.error("--follow/--conversations: one input at a time")
    others = args.print_tree or args.json or args.summary or args.stats or args.follow is not None or args.conversations
    if args.export is not None:
        from .output.parquet import FORMATS as EXPORT_FORMATS

        if args.export[0] not in EXPORT_FORMATS:
            parser.error(f"--export: unknown format {args.export[0]!r} (known: {', '.join(EXPORT_FORMATS)})")
        if others:
            parser.error("--export: not allowed with --print, --json, --summary, --stats, --follow or --conversations")
        if "-" in args.files and len(args.files) > 1:
            parser.error("--export: standard input (-) only as the one input")
    if args.matching_numbers and (args.filter is None or others or args.export is not None):
        parser.error("--matching-numbers: only with -Y and no output option")
    views = [dest[len(VIEW_DEST) :] for dest, value in vars(args).items() if dest.startswith(VIEW_DEST) and value]
    if len(views) > 1:
        parser.error(f"--{views[0]}, --{views[1]}: one view at a time")
    if views and (args.print_tree or args.summary or args.stats or args.follow is not None or args.conversations):
        parser.error(f"--{views[0]}: not allowed with --print, --summary, --stats, --follow or --conversations")
    args.view = views[0] if views else None
    if several and "-" in args.files:
        parser.error("several inputs are read twice (first to find the segments two nodes saw): - cannot be one of them")
    if (args.align_clocks or args.nodes) and not several:
        parser.error("--align-clocks/--nodes: only with several inputs (the captures of several nodes)")
    if args.nodes and (args.print_tree or args.summary or args.stats or args.follow is not None or args.conversations):
        parser.error("--nodes: not allowed with --print, --summary, --stats, --follow or --conversations (--json: JSON lines)")
    if args.nodes and args.filter is not None:
        parser.error("--nodes: not allowed with -Y/--filter")
    return args


def _memory_size(text: str) -> int:
    """``--max-memory``'s value: a size (hexview.memory.parse_size), at least MIN_MAX_MEMORY."""
    try:
        size = parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if size < MIN_MAX_MEMORY:
        raise argparse.ArgumentTypeError(f"{text} is less than the {MIN_MAX_MEMORY >> 20}M the view needs to start")
    return size


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

        try:
            args.compiled_filter = compile(args.filter)
        except FilterError as exc:
            print(f"hexview: filter: {exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        args.compiled_filter = None
    if args.nodes:
        run = _run_nodes
    elif args.matching_numbers:
        run = _run_matching_numbers
    elif args.stats:
        run = _run_stats
    elif args.export is not None:
        run = _run_export
    elif args.view is not None:
        run = _run_cross_view
    elif args.follow is not None or args.conversations:
        run = _run_analysis
    elif args.print_tree or args.json or args.summary:
        run = _run_stream_view
    else:
        return _run_tui(args, decode_as)
    if _closed_stdio() and run is not _run_export:
        return EXIT_OK  # standard output closed (`>&-`): nothing can be shown
    try:
        with interrupts_between_writes():
            return run(args, decode_as)
    except BrokenPipeError:  # `hexview --json x | head` is normal use
        _quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl-C: what was written stays, whole lines (output.whole_lines)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # a second one while flushing ends the process
        try:
            sys.stdout.flush()
        except OSError:
            _quiet_stdout()
        return EXIT_INTERRUPTED
    except OutputError as exc:
        print(f"hexview: cannot write the output: {exc}", file=sys.stderr)
        _quiet_stdout()
        return EXIT_INPUT


def _closed_stdio() -> bool:
    """Put /dev/null where standard output or error was closed before hexview started
    (Python then has None for them, and the next file opened would take their
    descriptor); True when standard output was."""
    closed = sys.stdout is None
    for fd, name in ((1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)
            setattr(sys, name, open(fd, "w", closefd=False))  # noqa: SIM115 -- lives as long as the process
    return closed


def _quiet_stdout() -> None:
    """Standard output onto /dev/null, so the interpreter's last flush of what is still
    buffered for a reader that went away raises nothing at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def list_protocols(out: TextIO) -> int:
    """``--list-protocols``: one block per protocol, built in or declared, by name."""
    from .protocols.registry import registrations, source_of

    for reg in registrations().values():
        ports = ", ".join(map(str, reg.ports)) or "-"
        source = printable(source_of(reg.name))
        out.write(f"{printable(reg.name)}\n  {printable(reg.description)}\n  ports: {ports}\n  source: {source}\n")
    return EXIT_OK


def _run_stream_view(args: argparse.Namespace, decode_as: dict[int, str]) -> int:
    """The messages of the input -- of several merged by time, read a first time to
    find where each message was seen -- in the chosen view."""
    inputs, status = _inputs(args, decode_as, scan_first=True)
    if inputs is None:
        return status
    try:
        reader = inputs.open()
    except InputError as exc:
        print(f"hexview: {exc}", file=sys.stderr)
        return EXIT_INPUT
    facts, error = _write(args, decode_as, inputs, reader)
    if error is not None:  # the input failed part-way (e.g. a read error)
        print(f"hexview: {error}", file=sys.stderr)
        status = EXIT_INPUT
    sys.stdout.flush()
    inputs.report(facts["notes"])
    return EXIT_INPUT if facts.get("failed") else status  # (its note said why)


class _Inputs:
    """What a run reads: one input; or several, merged by time (hexview.readers.merge),
    perhaps read a first time already (``known``: the copies, pairs and clocks found)
    and then aligned (``offsets``). Every reading reads each file up to the size it had
    when first opened (``sizes``: readers.open_input), so the first reading, the next
    and every ``--jobs`` worker read the same bytes of a file that is still growing."""

    def __init__(
        self,
        args: argparse.Namespace,
        paths: list[str],
        known: NodeMap | None = None,
        first: PacketReader | MergedReader | None = None,
    ) -> None:
        """``first``: a reading opened already (standard input can be opened once; for
        several inputs, the first reading: it fixes the sizes)."""
        self.paths = paths
        self.format: str = args.format
        self.known = known
        self.offsets = offsets_of(known) if known is not None and args.align_clocks else None
        self.sizes: dict[str, int] = {}
        self._first = first if not isinstance(first, MergedReader) else None
        if first is not None:
            self._remember(first)

    @property
    def several(self) -> bool:
        return len(self.paths) > 1

    def open(self) -> PacketReader | MergedReader:
        """A reading of the input(s) from the start (InputError: one cannot be read)."""
        reader: PacketReader | MergedReader
        if not self.several:
            first, self._first = self._first, None
            path = self.paths[0]
            reader = first if first is not None else open_input(path, self.format, self.sizes.get(path))
        else:
            reader = open_merged(self.paths, self.format, self.new_map(), self.sizes)
        self._remember(reader)
        return reader

    def _remember(self, reader: PacketReader | MergedReader) -> None:
        readers = reader.readers if isinstance(reader, MergedReader) else [reader]
        for path, one in zip(self.paths, readers, strict=True):
            if one.size is not None:
                self.sizes.setdefault(path, one.size)

    def look_again(self, facts: Facts) -> None:
        """Workers may close a file before it grows: the note that it grew, from here
        (one input; several say it through their workers' notes)."""
        size = self.sizes.get(self.paths[0])
        if not self.several and size is not None:
            with contextlib.suppress(OSError):
                note_growth(facts.setdefault("notes", []), size, os.stat(self.paths[0]).st_size)

    def new_map(self) -> NodeMap:
        """The NodeMap of a reading: the offsets it takes off, the copies and clocks the
        first reading found (none: this reading finds them)."""
        return NodeMap(self.paths, self.offsets, self.known)

    def report(self, notes: list[str]) -> None:
        """The notes on stderr; several inputs: the clock lines too."""
        if not self.several:
            report_notes(self.paths[0], notes)
            return
        report_notes(None, notes)
        if self.known is not None:
            report_notes(None, clock_notes(self.new_map()))  # (says what a reading took off)


def _inputs(args: argparse.Namespace, decode_as: dict[int, str], scan_first: bool) -> tuple[_Inputs | None, int]:
    """The inputs that can be read (those that cannot are reported and left out), and
    the exit status so far. Several are read a first time when ``scan_first`` (the
    view needs to know where each message was seen as it writes it) or to align the
    clocks; a file that fails there is reported as one that cannot be opened."""
    status = EXIT_OK
    paths = []
    for path in args.files:
        try:
            if len(args.files) == 1:
                return _Inputs(args, [path], first=open_input(path, args.format)), 0
            open_input(path, args.format).close()
        except InputError as exc:
            print(f"hexview: {exc}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        paths.append(path)
    if not paths:
        return None, status
    if len(paths) == 1 or not (scan_first or args.align_clocks):
        return _Inputs(args, paths), status
    from .analysis.merged_inputs import scan
    from .progress import for_reader

    try:
        first = open_merged(paths, args.format, NodeMap(paths))
    except InputError as exc:
        print(f"hexview: {exc}", file=sys.stderr)
        return None, EXIT_INPUT
    progress = for_reader(first, "finding the segments seen by two nodes")
    try:
        known = scan(first, decode_as, args.decode_options, progress.tick if progress is not None else None)
    finally:
        if progress is not None:
            progress.finish()
    inputs = _Inputs(args, paths, known)
    inputs.sizes = _Inputs(args, paths, first=first).sizes  # every later reading reads what the first did
    return inputs, status


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
    return EXIT_INPUT if reader.failure is not None and status == EXIT_OK else status


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
    return EXIT_OK


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
    return EXIT_OK


def _run_stats(args: argparse.Namespace, decode_as: dict[int, str]) -> int:
    """``--stats``: the requests of the input (of several, merged: each exchange
    counted once, whichever nodes saw it, and timed at the node that sent it, which
    the first reading tells), the rows written once all are read; with ``-Y`` only
    the exchanges whose request or first reply matches. One file is read by ``--jobs``
    workers split by conversation (default: ``split.workers_for``), whose counts are
    merged (hexview.analysis.split); not with ``--detail``, whose shapes do not merge."""
    from .analysis.response_times import ResponseTimes
    from .analysis.split import WorkerError, run_split, workers_for
    from .output.parallel import can_share
    from .output.stats_table import write_stats_json, write_stats_text
    from .pipeline import SplitUnsafe
    from .tcp.reassembly import merged_notes

    inputs, status = _inputs(args, decode_as, scan_first=True)
    if inputs is None:
        return status
    path = inputs.paths[0]
    jobs = 1
    if not inputs.several and not args.detail and can_share([path]):
        jobs = args.jobs if args.jobs is not None else workers_for(path)
    parts: list[StatsPart] | None = None
    if jobs > 1:
        inputs.open().close()  # (the file opened to check it: each worker opens its own)
        try:
            parts = run_split(jobs, partial(_count_stats, args, decode_as, inputs, jobs), expected=(SplitUnsafe, InputError))
        except SplitUnsafe:  # one conversation taught what the others did not learn: once more, whole
            parts = None
        except (WorkerError, InputError) as exc:
            print(f"hexview: {input_name(path)}: --stats: {printable(str(exc))}", file=sys.stderr)
            return EXIT_INPUT
    if parts is None:
        parts = [_count_stats(args, decode_as, inputs, 1, 0)]
    whole = parts[0].stats
    if whole is not None:
        stats, notes = whole, parts[0].notes
    else:
        stats = ResponseTimes()
        for part in parts:
            stats.merge(part.tallies, part.labels)
        notes = parts[0].reader_notes + merged_notes([part.log for part in parts], partial(_owner, len(parts)))
    if parts[0].error is not None:  # the input failed part-way (e.g. a read error)
        print(f"hexview: {parts[0].error}", file=sys.stderr)
        status = EXIT_INPUT
    (write_stats_json if args.json else write_stats_text)(stats.rows(), sys.stdout)
    sys.stdout.flush()
    inputs.report(notes)
    return EXIT_INPUT if parts[0].failed else status


def _run_nodes(args: argparse.Namespace, decode_as: dict[int, str]) -> int:
    """``--nodes``: the inputs read once (twice to align the clocks), then the node and
    one-way delay rows."""
    from .analysis.node_report import delay_rows, node_rows
    from .output.node_table import write_nodes_json, write_nodes_text

    inputs, status = _inputs(args, decode_as, scan_first=True)
    if inputs is None or inputs.known is None:
        return status or EXIT_INPUT
    nodes = inputs.known  # its frames counted per node; the delays on the clocks a reading would use:
    for node, offset in zip(nodes.nodes, inputs.offsets or [], strict=False):
        node.offset = offset
    (write_nodes_json if args.json else write_nodes_text)(node_rows(nodes), delay_rows(nodes), sys.stdout)
    return status


def _run_export(args: argparse.Namespace, decode_as: dict[int, str]) -> int:
    """``--export parquet DIR``: each input's message table as a Parquet file in DIR,
    the inputs decoded at once, one process each (hexview.output.parquet)."""
    from .output.parallel import Run
    from .output.parquet import EXTRA, Decoded, ExportError, Job, available, export, prepare

    if not available():
        print(f"hexview: --export parquet needs DuckDB: {EXTRA}", file=sys.stderr)
        return EXIT_USAGE
    try:
        targets = prepare(args.export[1], args.files)
    except ExportError as exc:
        print(f"hexview: --export: {printable(str(exc))}", file=sys.stderr)
        return EXIT_INPUT

    def start(path: str, first_index: int, show_progress: bool) -> Run:
        run = _reading(args, decode_as, open_input(path, args.format), show_progress, first_index)
        return Run(_ticking(run.messages, run.tick), run.origin, run.finish)

    def report(k: int, decoded: Decoded) -> None:
        if decoded.error is not None:
            print(f"hexview: {printable(decoded.error)}", file=sys.stderr)
        report_notes(args.files[k], decoded.notes)

    def fail(line: str) -> None:
        print(f"hexview: --export: {printable(line)}", file=sys.stderr)

    job = Job(args.files, targets, start, args.compiled_filter, (InputError,), len(args.files) == 1)
    jobs = args.jobs if args.jobs is not None else os.cpu_count() or 1
    return 0 if export(job, jobs, report, fail) else EXIT_INPUT


def _run_cross_view(args: argparse.Namespace, decode_as: dict[int, str]) -> int:
    """``--NAME`` of a cross-stream view: the input's messages (several inputs merged,
    as every output reads them; those ``-Y`` picks) shown to one collector; the rows
    written once all are read."""
    from .output.cross_view_table import write_view_json, write_view_text
    from .protocols.cross_views import feed, registered_views

    view = registered_views()[args.view]
    collector = view.collector()
    chosen: Filter | None = args.compiled_filter
    inputs, status = _inputs(args, decode_as, scan_first=True)
    if inputs is None:
        return status
    try:
        run = _reading(args, decode_as, inputs.open())
    except InputError as exc:
        print(f"hexview: {exc}", file=sys.stderr)
        return EXIT_INPUT
    messages = _ticking(run.messages, run.tick)
    if chosen is not None:
        messages = _forgetting(chosen.select(messages, run.origin))
    try:
        feed(collector, messages)
    except InputError as exc:
        print(f"hexview: {exc}", file=sys.stderr)
        status = EXIT_INPUT
    facts = run.finish()
    (write_view_json if args.json else write_view_text)(view, collector.rows(), sys.stdout)
    sys.stdout.flush()
    inputs.report(facts["notes"])
    return EXIT_INPUT if facts.get("failed") else status


@dataclass
class StatsPart:
    """What one worker counted of the input (``_count_stats``)."""

    tallies: Tallies
    labels: dict[str, tuple[str, int]]  # the servers' names it learned (ResponseTimes.server_labels)
    stats: ResponseTimes | None  # the whole count, in the process that asked (one worker)
    notes: list[str]  # the reader's and the reassembler's, as one process gives them
    reader_notes: list[str]
    log: NoteLog  # the reassembler's notes, to be merged with the other workers'
    error: InputError | None  # what stopped reading part-way
    failed: bool  # reading stopped part-way (Facts.failed)


def _count_stats(args: argparse.Namespace, decode_as: dict[int, str], inputs: _Inputs, jobs: int, worker: int) -> StatsPart:
    """Worker ``worker`` of ``jobs``: the response times of its share of the input's
    conversations (all of them for one worker). Worker 0 shows progress."""
    from .analysis.response_times import ResponseTimes
    from .pipeline import Share

    reader = inputs.open()
    share = Share(worker, jobs) if jobs > 1 else None
    # requests go out at once: the count waits for their replies itself (ResponseTimes.pending)
    run = _reading(args, decode_as, reader, worker == 0, share=share, hold_for_pairs=False)
    stats = ResponseTimes(args.detail, run.origin)  # the input's first packet is time 0 of --detail
    chosen: Filter | None = args.compiled_filter
    if chosen is not None:
        stats.keep = partial(_passes, chosen, run.origin)
    error = None
    try:
        stats.add_all(_ticking(run.messages, run.tick))
    except InputError as exc:
        error = exc
    stats.finish()  # the unanswered requests, under the filter
    facts = run.finish()
    # a worker's part crosses a pipe: its tallies and names only, not its conversations
    whole = stats if jobs == 1 else None
    labels = stats.server_labels() if whole is None else {}  # (one worker: its rows name them)
    failed = facts.get("failed", False)
    return StatsPart(stats.tallies, labels, whole, facts["notes"], list(reader.notes), facts["log"], error, failed)


def _owner(jobs: int, conversation: int) -> int:
    """The worker that framed conversation number ``conversation`` (pipeline.Share)."""
    return conversation % jobs


def _passes(chosen: Filter, origin: Callable[[], float | None], message: Message) -> bool:
    return chosen.matches(message, origin())


LOOKED_EVERY = 0.1  # seconds between --matching-numbers' progress lines, at most
LOOKED_CHECK = 64  # messages between looks at the clock


def _run_matching_numbers(args: argparse.Namespace, decode_as: dict[int, str]) -> int:
    """``--matching-numbers -Y EXPR`` (internal, not in --help): the interactive view's
    filter over a file, which the view runs in a child process (``SameInput``) so that
    decoding every message takes neither its core nor its interpreter lock. Writes the
    number of each matching message, one a line, as it is found; ``looked N`` (messages
    looked at so far) at most every ``LOOKED_EVERY`` seconds, with the numbers before it
    flushed; ``done N`` at the end. A message whose decoder fails does not match."""
    chosen: Filter = args.compiled_filter
    out = sys.stdout
    looked = 0
    said = time.monotonic()
    inputs, status = _inputs(args, decode_as, scan_first=True)
    if inputs is None:
        out.write("done 0\n")
        return status
    try:
        run = _reading(args, decode_as, inputs.open(), show_progress=False)
        for message in run.messages:
            looked += 1
            try:
                passed = chosen.matches(message, run.origin())
            except Exception:
                passed = False
            if passed:
                out.write(f"{message.index}\n")
            if looked % LOOKED_CHECK == 0 and time.monotonic() - said >= LOOKED_EVERY:
                out.write(f"looked {looked}\n")
                out.flush()
                said = time.monotonic()
    except InputError as exc:
        print(f"hexview: {exc}", file=sys.stderr)
        status = EXIT_INPUT
    else:
        facts = run.finish()
        inputs.report(facts["notes"])
        if facts.get("failed"):
            status = EXIT_INPUT
    out.write(f"done {looked}\n")
    out.flush()
    return status


SUMMARY_BATCH = 512  # --summary lines written at once when the input is a file


def _reading(
    args: argparse.Namespace,
    decode_as: dict[int, str],
    reader: PacketReader | MergedReader,
    show_progress: bool = True,
    first_index: int = 1,
    share: Share | None = None,
    hold_for_pairs: bool = True,
) -> Run:
    """One pass over the input (an output.parallel.Run): its messages, and what is
    known once they are read (the notes, and the number the next message would get:
    --export numbers each input's table on from the one before). ``share``: frame only
    a worker's share of the conversations; ``hold_for_pairs``: see Pipeline."""
    from .output.parallel import Run
    from .pipeline import Pipeline
    from .progress import for_reader

    # names on streams only where they are shown (--stats' server rows, a cross-stream view):
    # --print, --json and --summary decode nothing they do not print
    names = bool(args.stats or args.view)
    nodes = reader.nodes if isinstance(reader, MergedReader) else None
    pipeline = Pipeline(
        decode_as=decode_as,
        options=args.decode_options,
        first_index=first_index,
        name_streams=names,
        nodes=nodes,
        share=share,
        hold_for_pairs=hold_for_pairs,
    )
    progress = for_reader(reader, input_name(reader.name)) if show_progress else None

    def messages() -> Iterator[Message]:
        try:
            yield from pipeline.run(reader)
        finally:
            if progress is not None:
                progress.finish()

    def finish() -> Facts:
        return {
            "notes": list(reader.notes) + list(pipeline.notes),
            "next_index": pipeline.next_index,
            "log": pipeline.reassembler.note_log(),
            "failed": reader.failure is not None,
        }

    return Run(messages(), lambda: pipeline.first_timestamp, finish, progress.tick if progress is not None else None, nodes)


def _write(
    args: argparse.Namespace, decode_as: dict[int, str], inputs: _Inputs, reader: PacketReader | MergedReader
) -> tuple[Facts, InputError | None]:
    """The input's messages to stdout in the chosen view -- in worker processes, each
    reading the input afresh, when ``--jobs`` (or the input's size) says so and the
    input is a file. Returns what is known once it is read (``_reading``) and the error
    that stopped reading part-way, if one did."""
    from .output.json_lines import write_json_lines
    from .output.parallel import auto_jobs, can_share, write_parallel
    from .output.summary import write_summary
    from .output.text_tree import write_text

    kind = "summary" if args.summary and not args.info else "summary-info" if args.summary else "json" if args.json else "text"
    chosen: Filter | None = args.compiled_filter
    jobs = args.jobs if args.jobs is not None else auto_jobs(inputs.paths)
    # --summary alone decodes nothing: no workers (unless its filter decodes)
    decodes = kind != "summary" or (chosen is not None and chosen.needs_decode)
    if decodes and jobs > 1 and can_share(inputs.paths):
        reader.close()
        trailer = write_parallel(
            kind,
            lambda worker: _reading(args, decode_as, inputs.open(), worker == 0),
            sys.stdout,
            jobs,
            None if chosen is None else partial(chosen.matches, keep=True),
        )
        if trailer.error is not None and not isinstance(trailer.error, InputError):
            raise trailer.error
        inputs.look_again(trailer.facts)
        return trailer.facts, trailer.error
    run = _reading(args, decode_as, reader)
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
            write_summary(messages, sys.stdout, run.origin, run.nodes, info=kind == "summary-info", batch=batch)
        else:
            (write_json_lines if kind == "json" else write_text)(messages, sys.stdout, run.origin, run.nodes)
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
    """The interactive view of one input (a file, or ``-``: a pipe, read as it comes) or
    of several merged (``_run_tui_merged``)."""
    if len(args.files) > 1:
        return _run_tui_merged(args, decode_as)
    path = args.files[0]
    if path == "-":
        return _view(args, decode_as, partial(_piped_input, args.format), "-", None, None)
    reopen = partial(open_input, path, args.format)
    return _view(args, decode_as, lambda _: reopen(), path, reopen, SameInput(path, args.format, tuple(args.protocols)))


def _run_tui_merged(args: argparse.Namespace, decode_as: dict[int, str]) -> int:
    """Several inputs in the interactive view: merged, read once (a first time as well
    to align the clocks); each message's copies are known by the time its row is drawn.
    No child process can read them again as one input: filters and statistics run over
    the messages held."""
    inputs, status = _inputs(args, decode_as, scan_first=False)
    if inputs is None:
        return status
    return _view(args, decode_as, lambda _: inputs.open(), None, inputs.open, None) or status


def _piped_input(fmt: str, data_fd: int | None) -> Iterable[Packet]:
    """``hexview -``: the capture on the pipe moved off fd 0 (``data_fd``), opened in the
    view's input thread (detecting the format waits for data)."""
    from .readers import read_packets
    from .tui.pipe_input import LazyReader

    assert data_fd is not None
    reader: Iterable[Packet] = LazyReader(lambda: read_packets(os.fdopen(data_fd, "rb"), fmt, name="<stdin>"))
    return reader


def _view(
    args: argparse.Namespace,
    decode_as: dict[int, str],
    open_reader: Callable[[int | None], Iterable[Packet]],
    title: str | None,
    reopen: Callable[[], Iterable[Packet]] | None,
    same_input: SameInput | None,
) -> int:
    """Open the input and run the interactive view on it. Keys must come from the
    terminal even when stdin is a pipe (``... | hexview -``): the pipe is moved off fd 0
    before anything reads it and /dev/tty put there; ``open_reader`` gets the pipe's new
    descriptor (None for files). ``title``: None when the reader names itself (several
    inputs merged)."""
    from .tui.pipe_input import NoTerminal, reattach_stdin_to_tty

    try:
        if title == "-":
            data_fd = reattach_stdin_to_tty()
            if data_fd is None:
                print("hexview: standard input is a terminal; pipe a capture into 'hexview -' or name a file", file=sys.stderr)
                return EXIT_USAGE
            reader = open_reader(data_fd)
        else:
            reader = open_reader(None)
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

    name = title if title is not None else cast(MergedReader, reader).name
    status: int = run_app(reader, name, decode_as, reopen, args.decode_options, same_input, args.filter, args.max_memory)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
