"""The interactive view's input named again on a command line, for the work on the whole
input it hands to a child process (a display filter, statistics, a cross-stream view):
hexview's own command line on the same file with the choices in force.

Core (no Textual): the CLI makes one from its arguments and hands it to the view.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SameInput:
    """hexview's command line again, on the input the interactive view shows and with the
    choices it was started with (format, protocol folders): for work on the whole input
    the view hands to a child process. ``command`` adds the decoding choices in force
    (Decode As, protocol options: they change in the view) and what to do."""

    path: str
    input_format: str = "auto"
    protocol_dirs: tuple[str, ...] = ()

    def command(self, decode_as: Mapping[int, str], options: Mapping[str, str], *what: str) -> list[str]:
        command = [sys.executable, "-m", "hexview", *what, "--format", self.input_format]
        for folder in self.protocol_dirs:
            command += ["--protocols", folder]
        for port, name in sorted(decode_as.items()):
            command += ["--decode-as", f"{port}={name}"]
        for key, value in sorted(options.items()):
            command += ["--option", f"{key}={value}"]
        return [*command, "--", self.path]
