"""What ``y`` / ``Y`` copy, where it can go, and the notice that says so honestly.

Copied bytes are a plain hex stream (Wireshark's "Copy as Hex Stream"), which pastes
into ``xxd -r -p``, Python's ``bytes.fromhex`` or a bug report; a huge READ payload is
cut so the terminal is not flooded. The notice previews exactly that text.

A terminal program cannot see whether anything reached the system clipboard: OSC 52
asks the terminal to set it, and many terminals ignore it by default. Inside tmux the
request is dropped unless tmux's ``set-clipboard`` is ``on`` (its default,
``external``, ignores applications). So inside tmux (``$TMUX`` set) the hex also goes
into tmux's own paste buffer with ``tmux load-buffer -w -`` (``-w``: and on to the
terminal's clipboard, where tmux and the terminal allow it), which can be checked;
outside tmux the notice says the text was *sent* by OSC 52, not that it was copied.

No Textual import (the screen sends OSC 52 itself); it calls :func:`to_tmux` and :func:`copy_note`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .safe import group_digits

COPY_LIMIT = 1024 * 1024  # bytes put on the clipboard at most
PREVIEW_CHARS = 32  # of the hex text in the notice
TMUX_TIMEOUT = 2.0  # seconds; tmux answers at once unless its server hangs


@dataclass(frozen=True, slots=True)
class TmuxCopy:
    """What tmux did with the hex: ``buffered`` in a paste buffer; ``clipboard``: its
    ``set-clipboard`` option ("on", "external", "off"; None if unknown); ``forwarded``:
    tmux was asked to pass it on to the terminal's clipboard (``load-buffer -w``)."""

    buffered: bool
    clipboard: str | None = None
    forwarded: bool = False


def clipboard_hex(data: bytes) -> tuple[str, bool]:
    """The hex stream for ``data`` and whether it was cut at ``COPY_LIMIT``."""
    return data[:COPY_LIMIT].hex(), len(data) > COPY_LIMIT


def preview(text: str, chars: int = PREVIEW_CHARS) -> str:
    """'4e42444d41474943…' -- the start of the very text that was copied."""
    return text[:chars] + ("…" if len(text) > chars else "")


Run = Callable[..., subprocess.CompletedProcess]


def to_tmux(text: str, env: Mapping[str, str] = os.environ, run: Run = subprocess.run) -> TmuxCopy | None:
    """Put ``text`` into tmux's paste buffer if we run inside tmux (None if not).

    Runs ``tmux`` directly (no shell), with a short timeout; any failure is only
    reported as "not buffered"."""
    if not env.get("TMUX"):
        return None

    def tmux(*args: str, data: str | None = None) -> subprocess.CompletedProcess | None:
        try:
            return run(["tmux", *args], input=data, capture_output=True, text=True, timeout=TMUX_TIMEOUT, check=False)
        except (OSError, subprocess.SubprocessError):  # no tmux binary, a hung server
            return None

    forwarded = True
    done = tmux("load-buffer", "-w", "-", data=text)  # -w: tmux 3.2+, and a client to send it to
    if done is None or done.returncode != 0:
        forwarded = False
        done = tmux("load-buffer", "-", data=text)
    if done is None or done.returncode != 0:
        return TmuxCopy(buffered=False)
    option = tmux("show-options", "-sv", "set-clipboard")
    clipboard = option.stdout.strip() if option is not None and option.returncode == 0 else None
    return TmuxCopy(buffered=True, clipboard=clipboard or None, forwarded=forwarded)


def where_it_went(tmux: TmuxCopy | None) -> str:
    """One honest line: where the hex is now, and where it may have got to."""
    osc52 = "sent to the terminal's clipboard by OSC 52 (it gets there if the terminal allows it)"
    if tmux is None:
        return osc52
    if not tmux.buffered:
        return "tmux load-buffer failed; " + osc52 + ", which tmux passes on only with set-clipboard on"
    where = "in tmux's paste buffer (prefix ] pastes)"
    if tmux.clipboard == "off":
        return where + "; not the system clipboard: tmux set-clipboard is off"
    if tmux.forwarded and tmux.clipboard in ("on", "external"):
        return where + "; tmux passed it on to the terminal's clipboard (it gets there if the terminal allows it)"
    return where + "; the system clipboard may not have it"


def copy_note(what: str, size: int, text: str, cut: bool, where: str) -> str:
    """The notice: what, how much, where it went, and the start of the copied text."""
    note = f"{what}: {group_digits(size)} bytes as hex, {where}\n{preview(text)}"
    if cut:
        note += f"\n(only the first {COPY_LIMIT // 1024} KiB)"
    return note
