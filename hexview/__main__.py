"""``python -m hexview``: the ``hexview`` command (the interactive view runs itself this
way in child processes: ``same_input.SameInput``)."""

import sys

from .cli import main

sys.exit(main())
