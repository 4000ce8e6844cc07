"""Cross-stream views: questions a protocol answers across its conversations.

A cluster filesystem is many servers answering one client; the questions its
engineers ask cross streams (which bricks disagree about a file's xattrs, which
members of a fan-out failed). A registration declares such views
(``Registration.views``); each is then, without the core or the UI naming the
protocol:

- a command-line view ``hexview --NAME FILE...``: a text table, or with ``--json``
  one JSON object a line, ``{"view": NAME, ...row}``; ``-Y EXPR`` limits the
  messages the view sees; with several inputs message numbers continue from one to
  the next, as in ``--json``;
- a key in the interactive view (``key``; listed in the help screen, the key bar and
  the README's key table), which opens one generic screen (``tui/cross_view_screen``)
  running that command on the same input with the same decoding choices (a file),
  or the collector over the messages the view holds (a pipe), with a sortable table
  whose ``enter`` opens a row's message.

A view is a ``CrossView``: ``collector()`` makes a fresh ``Collector``, which is shown
every message in input order (``add``) and says its rows so far (``rows``: called at
the end by the command line, and now and then by the screen while reading). Rows are
plain JSON-able dicts; a row refers to messages by their ``index`` (the number
``--json`` and the view show). Collectors keep per-key summaries, never decoded trees
or lists of messages: decode with ``message.decode_transient()`` and keep what the
rows need. A collector's ``add`` must not raise for bad input (a damaged message is
data); the runners drop a message whose ``add`` raises.

The shape of a row, read by the text table and the screen:

- ``columns``: the row's cells, in order (``Column``: JSON key, heading, alignment).
  A ``spread`` column's value is a dict ``{name: cell}``: one column per name seen
  over all rows, in natural order, headed by the name (bricks as columns). A column
  spread ``by`` another key is one column per value that key takes over all rows,
  in natural order, headed by the value; a row's cell sits in the column of its own
  value and the others are empty (a lock event's action under its sending node).
- ``differs``: the cells that disagree, marked in the table (``*`` after the text)
  and highlighted on screen: a column's key, or ``KEY.NAME`` for a spread column's
  cell ``NAME`` (split at the first dot: names may hold dots).
- ``members``: for views whose rows group messages (a fan-out's calls to each
  brick), a list of member dicts shown under the row, indented, in
  ``member_columns``; each member may carry its own ``differs``.
- which message ``enter`` opens: the row's (or member's) ``opens`` key
  (``CrossView.opens`` / ``member_opens``), an int message index or null; for a
  spread column with ``Column.opens`` set, that row key holds ``{name: index}`` and
  ``←``/``→`` on screen choose the cell whose message ``enter`` opens.
- which messages a row or member holds (``holds`` / ``member_holds``: keys of an int
  message index or a list of them; the ``opens`` keys count too): a view with a
  ``locate_key`` opens by that key on the line holding the message on show (a
  fan-out member holding the call or the reply the view shows).

Views need code (a collector), so protocols declared in folders have none: built-in
protocols only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from ..messages import Message

Row = dict[str, Any]  # one row of a view: JSON-able values only


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a view's table: the row's JSON ``key`` and its ``heading``.

    ``spread``: the row's value is ``{name: cell}``, shown as one column per name.
    ``by``: the row key whose value names the column a row's cell goes in: one column
    per value, the row's cell under its own (the heading is not shown).
    ``opens``: (spread columns) the row key holding ``{name: message index}``, the
    message ``enter`` opens from that cell."""

    key: str
    heading: str
    align: Literal["left", "right"] = "left"
    spread: bool = False
    opens: str | None = None
    by: str | None = None


class Collector(Protocol):
    """One run of a view over one or more inputs' messages (see the module docstring)."""

    def add(self, message: Message) -> None: ...

    def rows(self) -> list[Row]: ...


@dataclass(frozen=True)
class CrossView:
    """A view across streams a protocol offers (see the module docstring).

    ``name``: the command-line flag (``--NAME``) and the JSON ``"view"``; lower case,
    letters, digits and dashes. ``title``: the screen's title. ``key``: its key in
    the interactive view (one key name as Textual spells it, e.g. ``"x"``; it must
    not be one the view already uses: a test checks). ``help``: one line for
    ``--help``, the help screen and the README's key table."""

    name: str
    title: str
    key: str
    help: str
    columns: tuple[Column, ...]
    collector: Callable[[], Collector]
    member_columns: tuple[Column, ...] = ()
    opens: str | None = None  # the row key holding the message enter opens
    member_opens: str | None = None  # the member key holding the message enter opens
    # a second key: open the view on the line holding the message on show (``line_holding``)
    locate_key: str | None = None
    holds: tuple[str, ...] = ()  # row keys naming the messages a row holds (an index or a list)
    member_holds: tuple[str, ...] = ()  # the same for a member


def registered_views() -> dict[str, CrossView]:
    """Every registered view by name, in protocol order (the first of a name wins)."""
    from .registry import registrations

    found: dict[str, CrossView] = {}
    for reg in registrations().values():
        for view in reg.views:
            found.setdefault(view.name, view)
    return found


def views_of(protocols: Collection[str]) -> list[CrossView]:
    """The views the registrations named ``protocols`` offer, in protocol order."""
    from .registry import registrations

    wanted = {name.lower() for name in protocols}
    return [view for key, reg in registrations().items() if key in wanted for view in reg.views]


def run_view(view: CrossView, messages: Iterable[Message]) -> list[Row]:
    """The view's rows over ``messages`` (tests; the command line feeds inputs in turn)."""
    collector = view.collector()
    feed(collector, messages)
    return collector.rows()


def feed(collector: Collector, messages: Iterable[Message]) -> None:
    """Show ``collector`` every message; one whose ``add`` raises is left out (a view
    must never stop reading)."""
    add = collector.add
    for message in messages:
        try:
            add(message)
        except Exception:
            continue


def spread_names(view: CrossView, rows: Iterable[Row]) -> dict[str, list[str]]:
    """Each spread column's names, in natural order (``client-2`` before ``client-10``)."""
    names: dict[str, dict[str, None]] = {c.key: {} for c in view.columns if c.spread or c.by}
    by = {c.key: c.by for c in view.columns if c.by}
    for row in rows:
        for key, seen in names.items():
            if key in by:
                value = row.get(by[key])
                if value is not None:
                    seen.setdefault(str(value), None)
                continue
            cells = row.get(key)
            if isinstance(cells, dict):
                for name in cells:
                    seen.setdefault(str(name), None)
    return {key: sorted(seen, key=natural) for key, seen in names.items()}


def natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that reads runs of digits as numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", text))


def cell_text(value: object) -> str:
    """A cell as text: numbers and strings as they are, null as '-', lists joined."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.6f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return " ".join(f"{k}={cell_text(v)}" for k, v in value.items())
    return str(value)


def differing(row: Row) -> frozenset[str]:
    """The cells ``row`` (or a member) marks as disagreeing."""
    marked = row.get("differs")
    return frozenset(str(d) for d in marked) if isinstance(marked, (list, tuple)) else frozenset()


@dataclass(frozen=True, slots=True)
class TableColumn:
    """A column of the table as laid out: static, or one name of a spread column."""

    heading: str
    align: Literal["left", "right"]
    key: str  # the row key
    name: str | None = None  # the spread name, None for a static column
    opens: str | None = None
    by: str | None = None  # spread by this row key's value (Column.by)

    @property
    def path(self) -> str:
        """How ``differs`` names this column's cells."""
        return self.key if self.name is None else f"{self.key}.{self.name}"

    def value(self, row: Row) -> object:
        value = row.get(self.key)
        if self.name is None:
            return value
        if self.by is not None:
            return value if str(row.get(self.by)) == self.name else None
        return value.get(self.name) if isinstance(value, dict) else None

    def text(self, row: Row) -> str:
        """The cell as text: ``cell_text`` of its value; '' for a spread name the row
        has no cell for (null, a cell saying nothing is there, shows as '-')."""
        if self.by is not None and self.name is not None:
            return cell_text(self.value(row)) if str(row.get(self.by)) == self.name else ""
        if self.name is not None:
            cells = row.get(self.key)
            if not isinstance(cells, dict) or self.name not in cells:
                return ""
        return cell_text(self.value(row))

    def opened(self, row: Row) -> int | None:
        """The message index this cell opens (spread cells with ``opens``)."""
        if self.opens is None or self.name is None:
            return None
        table = row.get(self.opens)
        index = table.get(self.name) if isinstance(table, dict) else None
        return index if isinstance(index, int) else None


def layout(view: CrossView, rows: Iterable[Row]) -> list[TableColumn]:
    """The row columns of the table over ``rows``: static ones as declared, each
    spread column as one column per name."""
    names = spread_names(view, rows)
    out: list[TableColumn] = []
    for column in view.columns:
        if column.spread or column.by:
            out += [TableColumn(name, column.align, column.key, name, column.opens, column.by) for name in names[column.key]]
        else:
            out.append(TableColumn(column.heading, column.align, column.key))
    return out


def member_layout(view: CrossView) -> list[TableColumn]:
    return [TableColumn(c.heading, c.align, c.key) for c in view.member_columns]


def members(row: Row) -> list[Row]:
    found = row.get("members")
    return [m for m in found if isinstance(m, dict)] if isinstance(found, list) else []


def opens(view: CrossView, row: Row, member: bool = False) -> int | None:
    """The message index ``enter`` on ``row`` (a member when ``member``) opens."""
    key = view.member_opens if member else view.opens
    index = row.get(key) if key is not None else None
    return index if isinstance(index, int) and not isinstance(index, bool) else None


def held(view: CrossView, row: Row, member: bool = False) -> set[int]:
    """The message indices ``row`` (a member when ``member``) holds: its ``holds`` keys'
    and its ``opens`` key's."""
    keys = (*view.member_holds, view.member_opens) if member else (*view.holds, view.opens)
    found: set[int] = set()
    for key in keys:
        value = row.get(key) if key is not None else None
        for index in value if isinstance(value, list) else [value]:
            if isinstance(index, int) and not isinstance(index, bool):
                found.add(index)
    return found


def line_holding(view: CrossView, lines: list[tuple[Row, Row | None]], index: int) -> int | None:
    """The first of ``lines`` ((row, None) or (row, member), as ``iter_lines`` gives them)
    holding message ``index``: a member that holds it before a row that does."""
    rows_holding = None
    for number, (row, member) in enumerate(lines):
        if member is not None and index in held(view, member, member=True):
            return number
        if member is None and rows_holding is None and index in held(view, row):
            rows_holding = number
    return rows_holding


def sort_key(column: TableColumn) -> Callable[[Row], tuple[int, Any]]:
    """Rows by ``column``: numbers before text, nulls last."""

    def key(row: Row) -> tuple[int, Any]:
        value = column.value(row)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return (0, value)
        if value is None:
            return (2, "")
        return (1, cell_text(value))

    return key


def iter_lines(view: CrossView, rows: list[Row]) -> Iterator[tuple[Row, Row | None]]:
    """(row, None) then (row, member) for each member: the lines of the table in order."""
    for row in rows:
        yield row, None
        for member in members(row):
            yield row, member
