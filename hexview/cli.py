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

from . import __version__
from .readers import FORMATS, InputError, open_input

EXIT_USAGE = 2
EXIT_INPUT = 1
MAX_NOTES = 40


def _decode_as(text: str) -> tuple[int, str]:
    port, sep, proto = text.partition("=")
    if not sep or not port.isdigit() or not proto:
        raise argparse.ArgumentTypeError(f"expected PORT=PROTOCOL, got {text!r}")
    return int(port), proto


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hexview",
        description="Terminal hex annotator for cluster and network filesystem wire protocols "
        "(NBD, ONC RPC, GlusterFS, NFS/pNFS, OCFS2, POHMELFS). Reads tcpdump -x/-xx/-X/-XX "
        "text, pcap/pcapng, and raw or hex dumps, from files or a pipe ('-').",
        epilog="examples:  hexview capture.pcap    tcpdump -l -X -i any port 10809 | hexview -    "
        "hexview --json reply.txt | jq .",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="input file, or - for standard input")
    view = parser.add_mutually_exclusive_group()
    view.add_argument("--print", dest="print_tree", action="store_true", help="print every message's field tree as text (like tshark -V)")
    view.add_argument("--json", action="store_true", help="print one JSON object per message per line")
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
        "--ocfs2-version",
        choices=("auto", "1.2", "1.4"),
        default="auto",
        help="OCFS2 message layouts where releases differ (query join, FS votes): "
        "auto = pick from the bytes (default); 1.4 also covers Linux 2.6.30 and later",
    )
    parser.add_argument("--version", action="version", version=f"hexview {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    decode_as = dict(args.decode_as)
    try:
        from .registry import by_name

        for proto in decode_as.values():
            by_name(proto)
    except KeyError as exc:
        print(f"hexview: {exc.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    if not (args.print_tree or args.json):
        return _run_tui(args, decode_as)
    try:
        return _run_stream_view(args, decode_as)
    except BrokenPipeError:  # `hexview --json x | head` is normal use
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run_stream_view(args, decode_as) -> int:
    from .output.json_lines import write_json_lines
    from .output.text_tree import write_text
    from .pipeline import Pipeline

    status = 0
    for path in args.files:
        try:
            reader = open_input(path, args.format)
        except InputError as exc:
            print(f"hexview: {exc}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        pipeline = Pipeline(decode_as=decode_as, options=decode_options(args))
        messages = pipeline.run(reader)
        try:
            if args.json:
                write_json_lines(messages, sys.stdout)
            else:
                write_text(messages, sys.stdout)
        except InputError as exc:  # the input failed part-way (e.g. a read error)
            print(f"hexview: {exc}", file=sys.stderr)
            status = EXIT_INPUT
        sys.stdout.flush()
        report_notes(path, list(reader.notes) + list(pipeline.notes))
    return status


def decode_options(args) -> dict:
    """The protocol decoding options the pipeline hands to every conversation."""
    return {"ocfs2_version": args.ocfs2_version}


def report_notes(path: str, notes: list[str]) -> None:
    """The input's notes on stderr, one line each, at most MAX_NOTES (every view uses this)."""
    from .safe_text import printable

    name = printable("<stdin>" if path == "-" else path)
    for note in notes[:MAX_NOTES]:
        print(f"hexview: {name}: {printable(note)}", file=sys.stderr)
    if len(notes) > MAX_NOTES:
        print(f"hexview: {name}: … {len(notes) - MAX_NOTES} more notes", file=sys.stderr)


def _run_tui(args, decode_as) -> int:
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
    return run_app(reader, path, decode_as, reopen, decode_options(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
