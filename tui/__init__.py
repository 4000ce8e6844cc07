"""hexview's interactive view (Textual).

Kept apart from the core so ``--print``/``--json`` never import Textual; the core
hands this package an iterable of packets and the view does the rest off-thread.
"""
