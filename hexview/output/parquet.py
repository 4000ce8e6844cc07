"""``--export parquet OUT/``: the message table (hexview/output/columns.py) of each
input as one Parquet file, ``OUT/<input's file name>.parquet``, for DuckDB, Spark or
Trino to query a fleet of captures together.

Written with DuckDB (the optional extra ``hexview[parquet]``): Parquet's encodings,
compression and statistics are a library's job, not ours, and DuckDB both writes the
files and, in the tests and for users, queries them. Each input is decoded by its own
process (up to ``jobs`` at once) in two steps:

1. decode: the input's rows go, a batch of ``BATCH_ROWS`` at a time, through DuckDB's
   appender into a table of the declared column types in a scratch database file
   beside the output (``OUT/.NAME.parquet.duckdb``): rows never pile up in Python,
   and DuckDB holds at most ``MEMORY_LIMIT`` before it writes to that file;
2. copy: once every earlier input is decoded, the number of messages before this one
   is known, and ``COPY ... TO`` writes the Parquet file (row groups of DuckDB's
   default size, zstd) with that offset added to ``index`` and ``pair`` -- so the
   numbers are unique across the inputs and are those ``--json`` gives them, although
   the inputs were decoded at the same time. The file appears under its name only
   when complete (written under a hidden name, then renamed).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..messages import Message
from .columns import COLUMNS, NUMBERED, message_row

if TYPE_CHECKING:
    import duckdb

    from ..analysis.filters import Filter
    from .parallel import Run

FORMATS = ("parquet",)
EXTRA = "pip install 'hexview[parquet]'"
TABLE = "messages"
BATCH_ROWS = 8192  # rows handed to DuckDB's appender at once
MEMORY_LIMIT = "256MB"  # what one input's DuckDB may hold before writing to its scratch file


class ExportError(Exception):
    """An output that cannot be written: one line for stderr."""


def available() -> bool:
    """Whether the extra is installed (DuckDB can be imported)."""
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return False
    return True


def output_name(path: str) -> str:
    """The Parquet file an input becomes: its file name with ``.parquet`` added
    (``brick1.pcap.parquet``); standard input is ``stdin.parquet``."""
    return ("stdin" if path == "-" else os.path.basename(os.path.normpath(path))) + ".parquet"


def prepare(out: str, paths: list[str]) -> list[str]:
    """The output paths of ``paths`` in the folder ``out`` (made if missing, checked
    writable); ExportError when it cannot be, or when two inputs would share a name."""
    names = [output_name(p) for p in paths]
    seen: dict[str, str] = {}
    for path, name in zip(paths, names, strict=True):
        if name in seen:
            raise ExportError(f"{seen[name]} and {path} would both be written to {name}: rename one")
        seen[name] = path
    try:
        os.makedirs(out, exist_ok=True)
        probe = os.path.join(out, f".hexview-probe-{os.getpid()}")
        with open(probe, "wb"):
            pass
        os.remove(probe)
    except OSError as exc:
        raise ExportError(f"cannot write to {out}: {exc.strerror or exc}") from None
    return [os.path.join(out, name) for name in names]


def _scratch(target: str) -> str:
    head, tail = os.path.split(target)
    return os.path.join(head, f".{tail}.duckdb")


def _partial(target: str) -> str:
    head, tail = os.path.split(target)
    return os.path.join(head, f".{tail}.part")


def _remove(*paths: str) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


def _utf8(text: str) -> str:
    """``text`` as valid UTF-8 (DuckDB refuses the lone surrogates undecodable bytes
    become): each such character written as its escape."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


_TEXT_AT = tuple(i for i, c in enumerate(COLUMNS) if c.type == "VARCHAR")
_TEXTS_AT = tuple(i for i, c in enumerate(COLUMNS) if c.type == "VARCHAR[]")


def _clean(row: tuple[object, ...]) -> tuple[object, ...]:
    """The row with every text value valid UTF-8."""
    values = list(row)
    for i in _TEXT_AT:
        value = values[i]
        if isinstance(value, str) and not value.isascii():
            values[i] = _utf8(value)
    for i in _TEXTS_AT:
        value = values[i]
        if isinstance(value, list):
            values[i] = [_utf8(v) if isinstance(v, str) else v for v in value]
    return tuple(values)


def _rows(messages: Iterable[Message], origin: Callable[[], float | None], file: str) -> Iterator[tuple[object, ...]]:
    for message in messages:
        row = _clean(message_row(message, origin(), file))
        message._decoded = None  # streaming: keep memory bounded
        yield row


def _connect(path: str) -> duckdb.DuckDBPyConnection:
    import duckdb

    return duckdb.connect(path, config={"threads": 1, "memory_limit": MEMORY_LIMIT, "preserve_insertion_order": True})


def _quoted(name: str) -> str:
    return '"' + name + '"'


CREATE = f"CREATE TABLE {TABLE} ({', '.join(_quoted(c.name) + ' ' + c.type for c in COLUMNS)})"


def decode_into(scratch: str, run: Run, file: str, chosen: Filter | None) -> None:
    """Step 1: ``run``'s messages (those ``chosen`` matches) as rows of the scratch
    database's table, ``BATCH_ROWS`` at a time. Raises what stopped reading (an
    InputError) once the rows read before it are stored."""
    _remove(scratch, scratch + ".wal")
    con = _connect(scratch)
    try:
        con.execute(CREATE)
        messages: Iterable[Message] = run.messages
        if chosen is not None:
            messages = chosen.select(messages, run.origin)
        appender = con.appender(TABLE)
        batch: list[tuple[object, ...]] = []
        try:
            for row in _rows(messages, run.origin, file):
                batch.append(row)
                if len(batch) == BATCH_ROWS:
                    appender.append_rows(batch)
                    appender.flush()
                    batch = []
        finally:
            if batch:
                appender.append_rows(batch)
            appender.flush()
    finally:
        con.close()


def copy_out(scratch: str, target: str, offset: int) -> None:
    """Step 2: the scratch table as the Parquet file ``target``, ``offset`` added to the
    message numbers; the scratch database is removed."""
    columns = ", ".join(
        f"{_quoted(c.name)} + {offset} AS {_quoted(c.name)}" if c.name in NUMBERED else _quoted(c.name) for c in COLUMNS
    )
    partial = _partial(target)
    con = _connect(scratch)
    try:
        literal = partial.replace("'", "''")
        con.execute(f"COPY (SELECT {columns} FROM {TABLE}) TO '{literal}' (FORMAT parquet, COMPRESSION zstd)")
    finally:
        con.close()
    os.replace(partial, target)
    _remove(scratch, scratch + ".wal")


# -- several inputs, one process each ---------------------------------------------------


@dataclass
class Decoded:
    """What step 1 of one input says: how many messages it held (its next input's
    numbers start after them), its notes, and the error that stopped it, if one did."""

    messages: int = 0
    notes: list[str] = field(default_factory=list)
    error: str | None = None  # one line for stderr
    stored: bool = False  # its rows are in the scratch database


@dataclass
class Job:
    """One ``--export`` run, as the forked workers inherit it."""

    paths: list[str]
    targets: list[str]
    start: Callable[[str, int, bool], Run]  # (path, first index, show progress) -> its Run
    chosen: Filter | None
    input_errors: tuple[type[Exception], ...]  # what reading may raise that is the input's fault
    progress: bool


_JOB: Job | None = None  # the run the pool's workers serve (set before they fork)


def _decode_task(k: int) -> Decoded:
    import duckdb

    job = _JOB
    assert job is not None
    path, scratch = job.paths[k], _scratch(job.targets[k])
    try:
        run = job.start(path, 1, job.progress)
    except job.input_errors as exc:
        return Decoded(error=str(exc))
    error = None
    try:
        decode_into(scratch, run, path, job.chosen)
    except job.input_errors as exc:  # read part-way: the rows before it are kept
        error = str(exc)
    except duckdb.Error as exc:
        _remove(scratch, scratch + ".wal")
        return Decoded(error=f"cannot write {job.targets[k]}: {exc}")
    facts = run.finish()
    return Decoded(facts.get("next_index", 1) - 1, facts.get("notes", []), error, True)


def _copy_task(k: int, offset: int) -> str | None:
    import duckdb

    job = _JOB
    assert job is not None
    target = job.targets[k]
    try:
        copy_out(_scratch(target), target, offset)
    except (duckdb.Error, OSError) as exc:
        _remove(_scratch(target), _scratch(target) + ".wal", _partial(target))
        return f"cannot write {target}: {exc}"
    return None


def export(job: Job, jobs: int, report: Callable[[int, Decoded], None], fail: Callable[[str], None]) -> bool:
    """Every input of ``job`` to its Parquet file, ``jobs`` processes at once (one input:
    this process). ``report(k, decoded)`` is called for each input in order, when its
    decoding is done; ``fail(line)`` for an output that could not be written. True
    when every file was written."""
    global _JOB
    _JOB = job
    ok = True
    try:
        if len(job.paths) == 1:
            decoded = _decode_task(0)
            report(0, decoded)
            if decoded.stored:
                problem = _copy_task(0, 0)
                if problem is not None:
                    fail(problem)
                    ok = False
            return ok and decoded.error is None
        sys.stdout.flush()
        sys.stderr.flush()
        with ProcessPoolExecutor(max_workers=min(jobs, len(job.paths)), mp_context=multiprocessing.get_context("fork")) as pool:
            decoding = [pool.submit(_decode_task, k) for k in range(len(job.paths))]
            copies: list[Future[str | None]] = []
            offset = 0
            for k, future in enumerate(decoding):
                decoded = future.result()
                report(k, decoded)
                ok = ok and decoded.error is None
                if decoded.stored:
                    copies.append(pool.submit(_copy_task, k, offset))
                offset += decoded.messages
            for copy in copies:
                problem = copy.result()
                if problem is not None:
                    fail(problem)
                    ok = False
        return ok
    finally:
        _JOB = None
