"""What every fuzz target shares: the mutations (hypothesis strategies), the meters that
bound a case by counted work and held memory, and the properties every input must keep.

Why hypothesis rather than a loop over ``random``: a failing input is *shrunk* to a
minimal one (a single flipped byte rather than forty mutations of a 20 KB dump), every
failure is kept in an example database and tried first on the next run, and inputs are
built from composable strategies (a pcap record's length set to 2^32-1 is one strategy
among the byte-level ones) instead of hand-written generators.

The profiles (tests/conftest.py): ``ci``, the default, runs each target on a few
derandomized examples so the suite stays deterministic and quick; ``fuzz`` (``make
fuzz``) runs them long, randomized, with the database, and prints a report.

Properties (``check_run``):
- no exception escapes, and none is swallowed on the way: a reader's "internal error"
  note, a parser failing with a Python error (TypeError, IndexError, ...) rather than
  the runtime's end-of-stream and validation errors, or an ``info`` hook that raised;
- the case ends within a bound counted in work: Python function calls, at most
  ``WORK_BASE + WORK_PER_BYTE`` per input byte (a loop over a 2^32 count stops there);
- memory stays proportional to the input: the peak of traced allocations;
- every byte of every message is in a decoded field, a marked undecoded or malformed
  span, or a not-captured gap; for one-direction stream inputs every input byte is in
  a message;
- ``--json`` lines are valid JSON, match the schema, and are the same when run again
  (with the field templates learnt the first time) and with templates off;
- no ``--print`` line and no field-tree label of the view carries a control character,
  and markup in wire text stays literal text.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import strategies as st
from kaitaistruct import KaitaiStructError

from hexview.decode import field_templates, kaitai_tree
from hexview.decode import finish as decode_finish
from hexview.messages import Message
from hexview.output.json_lines import message_json_text
from hexview.output.text_tree import text_block
from hexview.packets import LINKTYPE_STREAM, Packet
from hexview.pipeline import Pipeline
from hexview.readers import InputError, read_packets
from hexview.readers.lines import MAX_LINE
from hexview.tui.safe import wire_str
from hexview.tui.widgets.field_tree import error_label, field_label

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SCHEMA = json.loads((ROOT / "hexview" / "output" / "message.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# -- bounds, counted ---------------------------------------------------------------------

WORK_BASE = 500_000  # Python calls any case may make (the first decode of a layout, caches)
WORK_PER_BYTE = 100  # and per input byte: the seeds take at most 5 (raw), text well under 1
MEMORY_BASE = 16 << 20  # bytes of traced allocations any case may hold at its peak (frame-time rings, plans)
MEMORY_PER_BYTE = 200  # and per input byte (trees, JSON text, the text's decoded lines)

# Exceptions a Kaitai parser raises on bad bytes: the runtime's own (truncation is an
# EOFError, checked contents a ValidationNotEqualError...) and a string that is not in
# its encoding. Anything else inside a parser is a bug in a spec or in the runtime glue,
# which the tree would show only as "malformed".
PARSER_ERRORS: tuple[type[BaseException], ...] = (EOFError, KaitaiStructError, UnicodeDecodeError)


class WorkExceeded(BaseException):
    """Raised inside the code under test when its work passes the bound: a BaseException
    so that no ``except Exception`` on the way can take it for bad input."""


class WorkMeter:
    """Counts Python function calls (sys.setprofile) while active; past ``budget`` it
    raises WorkExceeded where the code is."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.calls = 0

    def _profile(self, frame: Any, event: str, arg: Any) -> None:
        if event == "call":
            self.calls += 1
            if self.calls > self.budget:
                sys.setprofile(None)
                raise WorkExceeded(f"more than {self.budget} Python calls")

    @contextmanager
    def active(self) -> Iterator[WorkMeter]:
        previous = sys.getprofile()
        sys.setprofile(self._profile)
        try:
            yield self
        finally:
            sys.setprofile(previous)


@contextmanager
def memory_peak() -> Iterator[list[int]]:
    """Yields a list that holds, afterwards, the peak of traced allocations above the
    level at the start (tracemalloc: bytes the code under test held at one time)."""
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    out = [0]
    try:
        yield out
    finally:
        out[0] = tracemalloc.get_traced_memory()[1] - base
        if started:
            tracemalloc.stop()


@contextmanager
def parser_exceptions() -> Iterator[list[BaseException]]:
    """Every exception a Kaitai parser raised inside ``kaitai_tree.parse`` (which turns
    them into 'malformed' spans) while active, and every exception a registration's
    ``info`` hook raised (which ``decode.finish`` falls back from)."""
    seen: list[BaseException] = []
    parse, outcome = kaitai_tree.parse, decode_finish._outcome

    def recording_parse(parser_cls: Any, data: bytes, params: dict[str, Any] | None = None) -> Any:
        obj, exc = parse(parser_cls, data, params)
        if exc is not None:
            seen.append(exc)
        return obj, exc

    def strict_outcome(message: Message, decoded: Any, reg: Any) -> Any:
        if reg is not None and reg.info is not None:
            try:
                reg.info(message, decoded)
            except Exception as exc:  # a hook that must never raise
                seen.append(exc)
        return outcome(message, decoded, reg)

    kaitai_tree.parse, decode_finish._outcome = recording_parse, strict_outcome
    try:
        yield seen
    finally:
        kaitai_tree.parse, decode_finish._outcome = parse, outcome


def unexpected(exceptions: list[BaseException]) -> list[BaseException]:
    return [e for e in exceptions if not isinstance(e, PARSER_ERRORS)]


# -- mutations ---------------------------------------------------------------------------

SPECIAL_U32 = (0, 1, 0x7FFFFFFF, 1 << 31, 0xFFFFFFFF)  # 0, 1, max signed, 2^31, 2^32-1
SPECIAL_U64 = (0, 1, (1 << 63) - 1, 1 << 63, (1 << 64) - 1, (1 << 64) - 4096, 1 << 32)
# what pasted text brings: hex digits, offsets, separators, escapes and markup, controls
TEXT_PIECES = (
    b"0",
    b"f",
    b"0x0010:",
    b"  ",
    b"\t",
    b"\n",
    b"\r\n",
    b":",
    b"|",
    b"*\n",
    b"[bold red]",
    b"[/]",
    b"\x1b[31m",
    b"\x07",
    b"\x00",
    b"\xff\xfe\xc3(",
    b"\xe2\x80",
    b"IP 10.0.0.1.1 > 10.0.0.2.2: Flags [P.], length 4\n",
)

_pos = st.integers(0, 1 << 20)  # a position, taken modulo the data's length when applied


def _at(pos: int, data: bytearray, end: bool = True) -> int:
    return pos % (len(data) + (1 if end else 0)) if data or end else 0


OP = st.one_of(
    st.tuples(st.just("flip"), _pos, st.integers(0, 7)),
    st.tuples(st.just("byte"), _pos, st.integers(0, 255)),
    st.tuples(st.just("delete"), _pos, st.integers(1, 64)),
    st.tuples(st.just("insert"), _pos, st.binary(min_size=1, max_size=24)),
    st.tuples(st.just("text"), _pos, st.sampled_from(TEXT_PIECES)),
    st.tuples(st.just("duplicate"), _pos, st.integers(1, 256), _pos),
    st.tuples(st.just("cut"), _pos),
    st.tuples(st.just("u32"), _pos, st.sampled_from(SPECIAL_U32)),
    st.tuples(st.just("u64"), _pos, st.sampled_from(SPECIAL_U64)),
    st.tuples(st.just("crlf")),
    st.tuples(st.just("nul"), _pos, st.integers(1, 64)),
    st.tuples(st.just("long line"), _pos, st.sampled_from((100, 70_000, MAX_LINE + 1))),
)


def apply(data: bytes, ops: list[tuple[Any, ...]]) -> bytes:
    """``data`` after the mutations ``ops`` (each as OP draws it), in order."""
    b = bytearray(data)
    for op in ops:
        kind = op[0]
        if kind == "crlf":
            b = bytearray(bytes(b).replace(b"\n", b"\r\n"))
            continue
        at = _at(op[1], b)
        if kind in ("flip", "byte"):
            if b:
                at = _at(op[1], b, end=False)
                b[at] = b[at] ^ (1 << op[2]) if kind == "flip" else op[2]
        elif kind == "delete":
            del b[at : at + op[2]]
        elif kind in ("insert", "text"):
            b[at:at] = op[2]
        elif kind == "duplicate":
            piece = bytes(b[at : at + op[2]])
            to = _at(op[3], b)
            b[to:to] = piece
        elif kind == "cut":
            del b[at:]
        elif kind in ("u32", "u64"):
            width = 4 if kind == "u32" else 8
            at -= at % 4  # XDR and most of these protocols align their words
            b[at : at + width] = op[2].to_bytes(width, "big")
        elif kind == "nul":
            b[at:at] = bytes(op[2])
        elif kind == "long line":
            b[at:at] = b"7" * op[2]
    return bytes(b)


def mutations(max_ops: int = 6) -> st.SearchStrategy[list[tuple[Any, ...]]]:
    return st.lists(OP, min_size=1, max_size=max_ops)


# -- running one input and checking it ---------------------------------------------------------


@dataclass
class Run:
    """What one input gave: the reader's format and notes, the messages and their output."""

    fmt: str = ""
    notes: list[str] = field(default_factory=list)
    packets: list[Packet] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    json_lines: list[str] = field(default_factory=list)
    text_lines: list[str] = field(default_factory=list)
    refused: str = ""  # an InputError: the input is not of the forced format at all
    calls: int = 0
    peak: int = 0
    parser_errors: list[BaseException] = field(default_factory=list)


def run_input(data: bytes, fmt: str = "auto", decode_as: dict[int, str] | None = None) -> Run:
    """Read, frame, decode and write ``data`` as --json and --print do, metered."""
    return _run(lambda: read_packets(io.BytesIO(data), fmt), len(data), decode_as)


def run_packets(packets: list[Packet], size: int, decode_as: dict[int, str] | None = None) -> Run:
    """Frame, decode and write ``packets`` (``size``: the payload bytes they carry), metered."""
    return _run(lambda: _Listed(packets), size, decode_as)


class _Listed(list[Packet]):
    """Packets as a reader hands them out: with its (here empty) notes and format."""

    format = "packets"
    notes: list[str] = []


def _run(open_packets: Callable[[], Any], size: int, decode_as: dict[int, str] | None) -> Run:
    run = Run()
    meter = WorkMeter(WORK_BASE + WORK_PER_BYTE * size)
    with parser_exceptions() as seen, memory_peak() as peak, meter.active():
        try:
            reader = open_packets()
        except InputError as exc:
            run.refused = str(exc)
        else:
            run.fmt = reader.format
            pipeline = Pipeline(decode_as=decode_as)
            for m in pipeline.run(_kept(reader, run.packets)):
                run.messages.append(m)
                run.json_lines.append(message_json_text(m, pipeline.first_timestamp))
                run.text_lines += text_block(m, pipeline.first_timestamp).splitlines()
            run.notes = list(reader.notes) + list(pipeline.notes)
    run.calls, run.peak, run.parser_errors = meter.calls, peak[0], seen
    return run


def _kept(packets: Any, into: list[Packet]) -> Iterator[Packet]:
    for p in packets:
        into.append(p)
        yield p


def check_run(run: Run, size: int) -> None:
    """The properties every input of ``size`` bytes keeps (see the module's doc)."""
    assert not [n for n in run.notes if "internal error" in n], run.notes
    assert not unexpected(run.parser_errors), unexpected(run.parser_errors)
    assert run.peak <= MEMORY_BASE + MEMORY_PER_BYTE * size, (run.peak, size)
    for m in run.messages:
        check_message(m)
    if run.packets and all(p.linktype == LINKTYPE_STREAM for p in run.packets):
        assert sum(m.length for m in run.messages) == sum(len(p.data) for p in run.packets)
    for line in run.json_lines:
        VALIDATOR.validate(json.loads(line))
    for line in run.text_lines:
        assert line.isprintable(), line


def check_message(m: Message) -> None:
    """Every byte of ``m`` is accounted for, and the view's labels of its tree are safe."""
    decoded = m.decode()
    assert decoded.fields or decoded.errors or not m.data, m
    uncovered = uncovered_bytes(m)
    assert not uncovered, (m, uncovered[:5], decoded.errors)
    for f in decoded.walk():
        assert 0 <= f.start <= f.end <= max(m.length, f.start), (m, f.name, f.start, f.end)
    for e in decoded.errors:
        assert 0 <= e.start <= e.end, (m, e)
        assert error_label(e.start, e.end, e.reason).plain.isprintable(), e.reason
    for f in decoded.walk():
        # the view's tree line: wire text shown literally (markup such as '[bold]' kept as
        # typed, never parsed), no control character reaching the terminal
        label = field_label(f).plain
        assert label.isprintable() and wire_str(f.name) in label and wire_str(f.show) in label, (f.name, f.show, label)


def uncovered_bytes(m: Message) -> list[int]:
    """Offsets of ``m`` no field, error span or gap covers."""
    decoded = m.decode()
    covered = bytearray(m.length)
    spans = [(f.start, f.end) for f in decoded.walk()]
    spans += [(e.start, e.end) for e in decoded.errors] + [(s.start, s.end) for s in m.missing]
    for start, end in spans:
        start, end = max(0, start), min(m.length, end)
        if end > start:
            covered[start:end] = b"\x01" * (end - start)
    return [i for i, c in enumerate(covered) if not c]


def same_output_again(data: bytes, fmt: str, first: Run) -> None:
    """The same input read again (the field templates it taught now in use) and with
    templates off gives the same --json, byte for byte."""
    again = run_input(data, fmt)
    assert again.json_lines == first.json_lines
    field_templates.enabled = False
    try:
        plain = run_input(data, fmt)
    finally:
        field_templates.enabled = True
    assert plain.json_lines == first.json_lines


def fuzz_level() -> str:
    return os.environ.get("HEXVIEW_FUZZ", "ci")


Check = Callable[[Run, bytes], None]
