"""The field tree of the message on show, with byte ranges and decode errors.

Every node carries the byte range it covers (relative to the message start) so the
screen can highlight it in the hex view. Labels are built as ``Text`` from escaped
wire-derived strings: a field value is never parsed as markup. Very large trees are
cut after ``MAX_NODES`` so one huge message cannot stall the UI.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from hexview.fields import DecodedMessage, Field

from ..safe import colour_style, wire_text

MAX_NODES = 2000
SWATCH = "■ "


@dataclass(frozen=True, slots=True)
class ByteRange:
    """What a node points at: bytes [start, end) of the message."""

    start: int
    end: int
    error: bool = False


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


def error_label(start: int, end: int, reason: str) -> Text:
    label = Text(no_wrap=True, end="", style="bold red")
    label.append("✗ ")
    label.append_text(wire_text(reason))
    label.append(f" [{start}-{end}]", style="red dim")
    return label


class FieldTree(Tree[ByteRange]):
    DEFAULT_CSS = """
    FieldTree { width: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(Text("message"), **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self.border_title = "fields"

    def show_decoded(self, decoded: DecodedMessage | None) -> None:
        """Replace the tree with ``decoded`` (None: nothing to show)."""
        self.clear()
        if decoded is None:
            return
        budget = [MAX_NODES]
        for top in decoded.fields:
            self._add_field(self.root, top, budget)
        for span in decoded.errors:
            budget[0] -= 1
            if budget[0] >= 0:
                self.root.add_leaf(error_label(span.start, span.end, span.reason), ByteRange(span.start, span.end, True))
        if budget[0] < 0:
            self.root.add_leaf(Text(f"… {-budget[0]} more fields and errors not shown", style="dim"))
        self.root.expand()

    def _add_field(self, parent: TreeNode[ByteRange], field: Field, budget: list[int]) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            budget[0] -= sum(1 for _ in field.walk()) - 1
            return
        data = ByteRange(field.start, field.end)
        if not field.children:
            parent.add_leaf(field_label(field), data)
            return
        node = parent.add(field_label(field), data, expand=True)
        for child in field.children:
            self._add_field(node, child, budget)

    def nodes_named(self, name: str) -> list[TreeNode[ByteRange]]:
        """Nodes whose field is called ``name`` (for tests and key handlers)."""
        found = []
        stack = list(self.root.children)
        while stack:
            node = stack.pop(0)
            label = node.label.plain
            if label.startswith(SWATCH + name + ":") or label.startswith(SWATCH + name + " ["):
                found.append(node)
            stack.extend(node.children)
        return found
