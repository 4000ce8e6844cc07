"""hexview: a terminal hex annotator for cluster and network filesystem wire protocols.

The package is a pure core (no Textual imports) -- readers, TCP streams, protocol
framing, field trees, text/JSON views -- with the Textual UI in ``hexview.tui``.
"""

__version__ = "0.1.0"
