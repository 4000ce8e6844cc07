"""The three panes of the viewer: stream list, field tree and hex view.

Each widget only displays what the screen gives it; none of them reads input or
runs the pipeline, so none of them can block the UI.
"""

from .field_tree import FieldTree
from .hex_view import HexView
from .stream_list import StreamList

__all__ = ["FieldTree", "HexView", "StreamList"]
