"""The field tree of the message on show, with byte ranges, colours and decode errors.

Every node carries the byte range it covers (relative to the message start) so the
screen can highlight it in the hex view, and a swatch in the field's colour -- the
colour its bytes have there. Labels are built as ``Text`` from escaped wire-derived
strings: a field value is never parsed as markup. Decode errors, undecoded and
not-captured spans are nodes of their own, marked ``✗`` with the reason. Very large
trees are cut after ``MAX_NODES`` so one huge message cannot stall the UI. A field's
label is made when its line is first drawn (a step shows a screenful of a tree that may
hold hundreds of fields); the tree's width comes from the labels' lengths alone.

A Line API widget rather than Textual's ``Tree``: the tree is rebuilt on every step
through the messages, and ``Tree`` asks for a layout pass on every node added and
repaints itself whole; here a step costs one flat list of visible lines and a repaint
of what is on screen, and moving the cursor repaints two lines. The user's moves
(keys, clicks) post :class:`FieldTree.Chosen`; the screen's own moves
(:meth:`reveal`, e.g. from the hex cursor) post nothing, so panes never echo.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from hexview.decode.fields import DecodedMessage, Field

from ..safe import colour_style, wire_str, wire_text
from .virtual_size import set_virtual_size

MAX_NODES = 2000
SWATCH = "■ "
SWATCH_CELLS = cell_len(SWATCH)
GUIDE_STYLE = Style(dim=True)
CURSOR_STYLE = Style(reverse=True)
CURSOR_FOCUSED_STYLE = Style(reverse=True, bold=True)


@dataclass(frozen=True, slots=True)
class ByteRange:
    """What a node points at: bytes [start, end) of the message."""

    start: int
    end: int
    error: bool = False
    name: str = ""  # the field name, for keeping the same field across messages


def field_label(field: Field) -> Text:
    """'■ name: show [start-end]' with the swatch in the field's colour."""
    style = colour_style(field.colour)
    label = Text(no_wrap=True, end="")
    label.append(SWATCH, style=style or "dim")
    label.append_text(wire_text(field.name, "bold"))
    if field.show:
        label.append(": ")
        label.append_text(wire_text(field.show))
    label.append(f" [{field.start}-{field.end}]", style="dim")
    return label


def field_label_width(field: Field) -> int:
    """``field_label(field).cell_len``, without making the label."""
    width = SWATCH_CELLS + cell_len(wire_str(field.name)) + len(f" [{field.start}-{field.end}]")
    if field.show:
        width += 2 + cell_len(wire_str(field.show))
    return width


def error_label(start: int, end: int, reason: str) -> Text:
    label = Text(no_wrap=True, end="", style="bold red")
    label.append("✗ ")
    label.append_text(wire_text(reason))
    label.append(f" [{start}-{end}]", style="red dim")
    return label


class FieldNode:
    """One line of the tree: a field, a decode error, or a note."""

    __slots__ = ("_label", "field", "data", "children", "parent", "expanded", "depth", "last")

    def __init__(self, label: Text | None, data: ByteRange | None, parent: FieldNode | None, field: Field | None = None) -> None:
        self._label = label  # None: made from ``field`` when first asked for
        self.field = field
        self.data = data
        self.children: list[FieldNode] = []
        self.parent = parent
        self.expanded = True
        self.depth = -1 if parent is None else parent.depth + 1
        self.last = True  # the last of its siblings (guides)

    def add(self, label: Text | None, data: ByteRange | None, field: Field | None = None) -> FieldNode:
        if self.children:
            self.children[-1].last = False
        node = FieldNode(label, data, self, field)
        self.children.append(node)
        return node

    @property
    def label(self) -> Text:
        if self._label is None:
            self._label = field_label(self.field)
        return self._label

    @property
    def label_width(self) -> int:
        if self._label is None and self.field is not None:
            return field_label_width(self.field)
        return self.label.cell_len

    @property
    def allow_expand(self) -> bool:
        return bool(self.children)

    @property
    def is_expanded(self) -> bool:
        return self.expanded and bool(self.children)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def node_path(node: FieldNode | None) -> tuple[str, ...]:
    """Field names from the top of the tree down to ``node``."""
    names = []
    while node is not None and node.data is not None:
        names.append(node.data.name)
        node = node.parent
    return tuple(reversed(names))


class FieldTree(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    FieldTree { scrollbar-size-vertical: 1; scrollbar-size-horizontal: 1; }
    """

    BINDINGS = [
        Binding("down,j", "cursor_by(1)", "Down", show=False),
        Binding("up,k", "cursor_by(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
        Binding("left,h", "collapse_or_parent", "Collapse", show=False),
        Binding("right,l", "expand_or_child", "Expand", show=False),
        Binding("enter", "choose", "Choose", show=False),
        Binding("space", "toggle", "Toggle", show=False),
        Binding("plus,equals_sign", "expand_all", "Expand all", show=False),
        Binding("minus", "collapse_all", "Collapse all", show=False),
    ]

    class Chosen(Message):
        """The user put the cursor on ``node`` (keys, enter, a click)."""

        def __init__(self, tree: FieldTree, node: FieldNode) -> None:
            super().__init__()
            self.tree = tree
            self.node = node

        @property
        def control(self) -> FieldTree:
            return self.tree

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "fields"
        self.decoded: DecodedMessage | None = None
        self.root = FieldNode(Text("message"), None, None)
        self.lines: list[FieldNode] = []  # the visible nodes, top to bottom
        self.cursor = -1  # index into lines, -1: none
        self._field_nodes: dict[int, FieldNode] = {}  # id(Field) -> its node
        self._error_nodes: list[FieldNode] = []
        self._strips: dict[int, Strip] = {}
        self._base_style = Style()

    # -- content ------------------------------------------------------------------------------
    def show_decoded(self, decoded: DecodedMessage | None) -> None:
        """Replace the tree with ``decoded`` (None: nothing to show)."""
        self.decoded = decoded
        self.root = FieldNode(Text("message"), None, None)
        self._field_nodes = {}
        self._error_nodes = []
        self.cursor = -1
        if decoded is not None:
            budget = [MAX_NODES]
            for top in decoded.fields:
                self._add_field(self.root, top, budget)
            for span in decoded.errors:
                budget[0] -= 1
                if budget[0] >= 0:
                    data = ByteRange(span.start, span.end, True, "✗")
                    self._error_nodes.append(self.root.add(error_label(span.start, span.end, span.reason), data))
            if budget[0] < 0:
                self.root.add(Text(f"… {-budget[0]} more fields and errors not shown", style="dim"), None)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._relayout()

    def _add_field(self, parent: FieldNode, field: Field, budget: list[int]) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            budget[0] -= sum(1 for _ in field.walk()) - 1
            return
        node = parent.add(None, ByteRange(field.start, field.end, name=field.name), field)
        self._field_nodes[id(field)] = node
        for child in field.children:
            self._add_field(node, child, budget)

    def _relayout(self) -> None:
        """Recompute the visible lines after a change of content or expansion."""
        cursor_node = self.cursor_node
        lines: list[FieldNode] = []

        def visit(node: FieldNode) -> None:
            for child in node.children:
                lines.append(child)
                if child.expanded:
                    visit(child)

        visit(self.root)
        self.lines = lines
        self._strips.clear()
        self.cursor = lines.index(cursor_node) if cursor_node in lines else -1
        width = max((2 * max(n.depth, 1) + n.label_width for n in lines), default=0)
        set_virtual_size(self, Size(width, len(lines)))
        self.refresh()

    @property
    def cursor_node(self) -> FieldNode | None:
        return self.lines[self.cursor] if 0 <= self.cursor < len(self.lines) else None

    # -- finding nodes --------------------------------------------------------------------------
    def node_at(self, offset: int) -> FieldNode | None:
        """The node of the deepest field covering byte ``offset``, else an error node there."""
        if self.decoded is None:
            return None
        field = self.decoded.deepest_at(offset)
        while field is not None:
            node = self._field_nodes.get(id(field))
            if node is not None:
                return node
            field = self._parent_field(field)  # cut by MAX_NODES: its shown ancestor
        for node in self._error_nodes:
            if node.data.start <= offset < node.data.end:
                return node
        return None

    def _parent_field(self, target: Field) -> Field | None:
        for f in self.decoded.walk():
            if any(child is target for child in f.children):
                return f
        return None

    def node_for_field(self, name: str, start: int) -> FieldNode | None:
        """The node of field ``name`` that starts at ``start`` (search hits)."""
        if self.decoded is None:
            return None
        for f in self.decoded.walk():
            if f.name == name and f.start == start and id(f) in self._field_nodes:
                return self._field_nodes[id(f)]
        return None

    def node_by_path(self, path: tuple[str, ...]) -> FieldNode | None:
        """The first node whose names from the top are ``path``."""
        node = self.root
        for name in path:
            node = next((n for n in node.children if n.data is not None and n.data.name == name), None)
            if node is None:
                return None
        return node if node is not self.root else None

    def nodes_named(self, name: str) -> list[FieldNode]:
        """Nodes whose field is called ``name`` (tests, key handlers)."""
        return [n for n in self.root.walk() if n.data is not None and n.data.name == name]

    # -- moving the cursor ------------------------------------------------------------------------
    def move_cursor(self, node: FieldNode | None, scroll: bool = True) -> None:
        """Cursor to ``node`` (which must be visible), without telling anyone."""
        old = self.cursor
        self.cursor = self.lines.index(node) if node in self.lines else -1
        if self.cursor != old:
            self._refresh_line(old)
            self._refresh_line(self.cursor)
        if scroll and self.cursor >= 0:
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, x_axis=False, immediate=True)

    def reveal(self, node: FieldNode) -> None:
        """Expand ``node``'s parents, move the cursor to it and scroll it into view."""
        parent, changed = node.parent, False
        while parent is not None and parent is not self.root:
            if not parent.expanded:
                parent.expanded = changed = True
            parent = parent.parent
        if changed:
            self._relayout()
        self.move_cursor(node)

    def choose(self, node: FieldNode) -> None:
        """As if the user chose ``node``: reveal it, cursor on it, post ``Chosen``."""
        self.reveal(node)
        self.post_message(self.Chosen(self, node))

    def _choose(self, index: int) -> None:
        if self.lines:
            self.choose(self.lines[max(0, min(index, len(self.lines) - 1))])

    def _refresh_line(self, index: int) -> None:
        if index >= 0:
            self._strips.pop(index, None)
            self.refresh_lines(index, 1)  # a virtual line: refresh_lines subtracts the scroll

    def set_expanded(self, node: FieldNode, expanded: bool) -> None:
        if node.children and node.expanded != expanded:
            node.expanded = expanded
            self._relayout()

    # -- actions -------------------------------------------------------------------------------------
    def action_cursor_by(self, delta: int) -> None:
        self._choose(self.cursor + delta if self.cursor >= 0 else 0)

    def action_page(self, direction: int) -> None:
        self._choose(max(0, self.cursor) + direction * max(1, self.scrollable_content_region.height - 1))

    def action_cursor_to(self, index: int) -> None:
        self._choose(index if index >= 0 else len(self.lines) - 1)

    def action_choose(self) -> None:
        node = self.cursor_node
        if node is None:
            self._choose(0)
            return
        self.post_message(self.Chosen(self, node))
        self.set_expanded(node, not node.expanded)

    def action_toggle(self) -> None:
        node = self.cursor_node
        if node is not None:
            self.set_expanded(node, not node.expanded)

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            self.set_expanded(node, False)
        elif node.parent is not None and node.parent is not self.root:
            self._choose(self.lines.index(node.parent))

    def action_expand_or_child(self) -> None:
        node = self.cursor_node
        if node is None or not node.children:
            return
        if not node.expanded:
            self.set_expanded(node, True)
        else:
            self._choose(self.cursor + 1)

    def action_expand_all(self) -> None:
        for node in self.root.walk():
            node.expanded = True
        self._relayout()

    def action_collapse_all(self) -> None:
        cursor = self.cursor_node
        for node in self.root.walk():
            if node is not self.root:
                node.expanded = False
        while cursor is not None and cursor.parent is not None and cursor.parent is not self.root:
            cursor = cursor.parent
        self._relayout()
        if cursor is not None:
            self.move_cursor(cursor)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_offset.y) + offset.y
        if not 0 <= index < len(self.lines):
            return
        node = self.lines[index]
        x = offset.x + round(self.scroll_offset.x)
        marker = len(self._prefix(node)) - 2
        if node.children and marker <= x < marker + 2:  # the ▼/▶ toggles
            self.move_cursor(node)
            self.set_expanded(node, not node.expanded)
            return
        self._choose(index)

    def on_focus(self) -> None:
        self._refresh_line(self.cursor)

    def on_blur(self) -> None:
        self._refresh_line(self.cursor)

    # -- rendering -------------------------------------------------------------------------------------
    def _prefix(self, node: FieldNode) -> str:
        """Guides for ``node``: '│ ' per open ancestor level, then '├ '/'└ ' or '▼ '/'▶ '."""
        parts = []
        ancestor = node.parent
        while ancestor is not None and ancestor.depth >= 1:
            parts.append("  " if ancestor.last else "│ ")
            ancestor = ancestor.parent
        parts.reverse()
        if node.children:
            parts.append("▼ " if node.expanded else "▶ ")
        elif node.depth >= 1:
            parts.append("└ " if node.last else "├ ")
        return "".join(parts)

    def line_text(self, index: int) -> str:
        """Line ``index`` as plain text (tests)."""
        node = self.lines[index]
        return self._prefix(node) + node.label.plain

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base_style = self.rich_style  # computed once a frame, not once a line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = round(scroll_y) + y
        width = self.scrollable_content_region.width
        base = self._base_style
        if not 0 <= index < len(self.lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            node = self.lines[index]
            segments = [Segment(self._prefix(node), GUIDE_STYLE)]
            segments.extend(node.label.render(self.app.console))
            strip = Strip(segments)
            self._strips[index] = strip
        style = base
        if index == self.cursor:
            style += CURSOR_FOCUSED_STYLE if self.has_focus else CURSOR_STYLE
        return strip.apply_style(style).crop_extend(round(scroll_x), round(scroll_x) + width, style)
