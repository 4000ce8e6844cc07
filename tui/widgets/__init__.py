"""The panes of the viewer: stream list, message list, field tree, hex view, search and filter lines.

Each widget only displays what the screen gives it and reports what the user asked
for; none of them reads input or runs the pipeline, so none of them can block the UI.
"""

from .field_tree import FieldTree
from .filter_bar import FilterBar
from .hex_view import HexView
from .message_list import MessageList
from .search_bar import SearchBar
from .stream_list import StreamList

__all__ = ["FieldTree", "FilterBar", "HexView", "MessageList", "SearchBar", "StreamList"]
