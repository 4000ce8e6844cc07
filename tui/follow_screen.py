"""The follow screen (``s``): the selected conversation's bytes, both directions
interleaved in capture order, as ``hexview --follow`` writes them -- a header line per
piece (direction arrow, stream offset, frame, the message starting there; a gap or
the end says so) and hex + ASCII lines, or ASCII only (``a``). Each direction has
its colour: the client's red, the server's blue, as Wireshark paints them.

A file is read again in a worker thread for just this conversation
(``hexview.analysis.follow``: every byte, gaps with their reason); a pipe cannot be
read again, so its pieces come from the messages held (``pieces_of_messages``). The
pieces arrive in batches; the border says how far reading got, and every key is
answered meanwhile. Only the pieces are kept: rows are made when drawn (a small cache
holds the lines of the pieces on screen), so a long stream costs its bytes, not its
text. Lines are made by ``hexview.output.follow_text`` (wire bytes there are shown
only as printable ASCII; names and reasons go through ``printable``), and drawn
through ``wire_text``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import lru_cache

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.worker import get_current_worker

from hexview.analysis.follow import FollowData, FollowPiece
from hexview.output.follow_text import ascii_lines, header_line, hex_lines

from .safe import group_digits, wire_row, wire_text
from .widgets.line_list import LineList

DIRECTION_STYLES = {"c2s": Style(color="#ff8787"), "s2c": Style(color="#87afff")}  # client red, server blue
HEADER_STYLE = Style(bold=True)
GAP_STYLE = Style(color="#ffd75f", italic=True)
BATCH = 256  # pieces handed to the screen at once
MAX_BYTES = 64 << 20  # bytes shown at most; the rest is said, not held


def _piece_rows(piece: FollowPiece, ascii_only: bool) -> int:
    if not isinstance(piece, FollowData):
        return 1
    if ascii_only:
        return 1 + len(ascii_lines(piece.data))
    return 1 + -(-len(piece.data) // 16)


@lru_cache(maxsize=64)
def _lines(piece: FollowPiece, ascii_only: bool) -> list[str]:
    """A piece's text lines without its header (the pieces on screen, cached)."""
    if not isinstance(piece, FollowData):
        return []
    return ascii_lines(piece.data) if ascii_only else hex_lines(piece.data, piece.offset)


class FollowLines(LineList):
    """The pieces' rows: the title is the fixed header line."""

    DEFAULT_CSS = """
    FollowLines { height: 1fr; padding: 0 1; }
    """

    def __init__(self, title: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title = title
        self.pieces: list[FollowPiece] = []
        self.ascii_only = False
        self._starts: list[int] = []  # the first row of each piece

    def add(self, pieces: list[FollowPiece]) -> None:
        count = self.row_count
        for piece in pieces:
            self.pieces.append(piece)
            self._starts.append(count)
            count += _piece_rows(piece, self.ascii_only)
        self.set_rows(count)

    def set_ascii_only(self, ascii_only: bool) -> None:
        """Rows again in the other form; the cursor stays on its piece's header."""
        piece = self.piece_at(self.cursor)
        self.ascii_only = ascii_only
        pieces, self.pieces, self._starts, self.row_count = self.pieces, [], [], 0
        self.add(pieces)
        if piece is not None:
            self.set_cursor(self._starts[piece])

    def piece_at(self, row: int) -> int | None:
        at = bisect_right(self._starts, row) - 1
        return at if 0 <= at < len(self.pieces) else None

    def render_header(self, line: int, width: int) -> Text:
        return wire_text(self.title, limit=max(width, 1))

    def render_row(self, row: int, width: int) -> Text:
        at = self.piece_at(row)
        if at is None:
            return Text()
        piece = self.pieces[at]
        line = row - self._starts[at]
        colour = DIRECTION_STYLES.get(piece.direction)
        if line == 0:
            style = HEADER_STYLE + colour if isinstance(piece, FollowData) and colour else GAP_STYLE
            return wire_row(header_line(piece), style, width)
        lines = _lines(piece, self.ascii_only)
        return wire_row(lines[line - 1] if line - 1 < len(lines) else "", colour, width)

    def action_enter(self) -> None:  # nothing to go into
        pass

    def on_line_list_chosen(self, event: LineList.Chosen) -> None:
        if event.widget is self:  # the screen owns nothing else: the cursor row is the answer
            event.stop()
            self.set_cursor(event.row)


class FollowScreen(ModalScreen[None]):
    """``pieces``: made in a worker thread (called there; a file read again or the
    messages held), ``title``: the stream's line."""

    DEFAULT_CSS = """
    FollowScreen { background: $surface; }
    FollowScreen FollowLines { border: round $accent; border-title-color: $text; }
    """

    BINDINGS = [
        Binding("escape,q,s", "close", "Close"),
        Binding("a", "toggle_ascii", "ASCII only"),
        Binding("g", "cursor_to(0)", "Top", show=False),
        Binding("G", "cursor_to(-1)", "Bottom", show=False),
    ]

    def __init__(self, title: str, pieces: Callable[[], Iterable[FollowPiece]], source: str) -> None:
        super().__init__()
        self.title_line = title
        self.make_pieces = pieces
        self.source = source  # how the bytes are got, for the border
        self.bytes = {"c2s": 0, "s2c": 0}
        self.done = False
        self.cut = False

    def compose(self) -> ComposeResult:
        lines = FollowLines(self.title_line, id="follow")
        lines.border_title = "follow stream: hex + ASCII"
        yield lines

    def on_mount(self) -> None:
        self.lines.focus()
        self._show_progress()
        self.run_worker(self._read, thread=True, exclusive=True, exit_on_error=False)

    @property
    def lines(self) -> FollowLines:
        return self.query_one(FollowLines)

    def _read(self) -> None:
        """Worker thread: the pieces, handed over in batches (each waits for the screen:
        reading never runs ahead of what the UI has taken)."""
        worker = get_current_worker()
        batch: list[FollowPiece] = []
        held = 0
        try:
            for piece in self.make_pieces():
                if worker.is_cancelled:
                    return
                if isinstance(piece, FollowData):
                    held += len(piece.data)
                    if held > MAX_BYTES:
                        self.cut = True
                        break
                batch.append(piece)
                if len(batch) >= BATCH:
                    self.app.call_from_thread(self._arrived, batch)
                    batch = []
        except Exception as exc:  # a damaged input ends the reading, not the view
            self.app.call_from_thread(self.notify, wire_text(f"follow stopped: {exc}").plain, severity="error", markup=False)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._arrived, batch, True)

    def _arrived(self, pieces: list[FollowPiece], last: bool = False) -> None:
        if not self.is_attached:  # closed while the batch was on its way
            return
        for piece in pieces:
            if isinstance(piece, FollowData):
                self.bytes[piece.direction] += len(piece.data)
        self.lines.add(pieces)
        self.done = last
        self._show_progress()

    def _show_progress(self) -> None:
        state = "done" if self.done else "reading…"
        if self.cut:
            state = f"first {group_digits(MAX_BYTES)} bytes only"
        counts = f"→ {group_digits(self.bytes['c2s'])} bytes  ← {group_digits(self.bytes['s2c'])} bytes"
        self.lines.border_subtitle = f"{state} · {counts} · {self.source} · a: ASCII only · escape, q or s closes"

    def action_toggle_ascii(self) -> None:
        lines = self.lines
        lines.set_ascii_only(not lines.ascii_only)
        lines.border_title = "follow stream: ASCII only" if lines.ascii_only else "follow stream: hex + ASCII"

    def action_cursor_to(self, row: int) -> None:
        self.lines.action_cursor_to(row)

    def action_close(self) -> None:
        self.workers.cancel_node(self)
        self.dismiss(None)
