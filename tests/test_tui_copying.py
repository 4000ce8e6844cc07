"""What ``y`` / ``Y`` say about where the hex went (``tui/copying.py``).

The tmux cases run a stand-in for ``tmux`` that answers as tmux 3.3a does (exit status,
``show-options -sv set-clipboard`` output); the real tmux is driven in
``test_tui_terminal_screens.py``. The notice never claims more than can be known: OSC 52
is *sent*, tmux's paste buffer is checked by tmux's own exit status, and the system
clipboard is named only as far as tmux's ``set-clipboard`` option lets it be reached.
"""

from __future__ import annotations

import subprocess

from hexview.tui.copying import COPY_LIMIT, TmuxCopy, clipboard_hex, copy_note, preview, to_tmux, where_it_went

INSIDE = {"TMUX": "/tmp/tmux-0/default,1234,0"}


class FakeTmux:
    """Records the commands; answers per command from ``replies`` (exit status, stdout)."""

    def __init__(self, replies: dict[str, tuple[int, str]] | None = None, missing: bool = False) -> None:
        self.calls: list[tuple[list[str], str | None]] = []
        self.replies = replies or {}
        self.missing = missing

    def __call__(self, args, input=None, **kwargs):
        self.calls.append((args, input))
        assert kwargs.get("timeout") and not kwargs.get("shell")
        if self.missing:
            raise FileNotFoundError(2, "No such file or directory", "tmux")
        code, out = self.replies.get(" ".join(args[1:]), (0, ""))
        return subprocess.CompletedProcess(args, code, out, "")


def test_outside_tmux_nothing_runs_and_the_notice_says_sent():
    fake = FakeTmux()
    assert to_tmux("4e42", env={}, run=fake) is None and fake.calls == []
    assert where_it_went(None) == "sent to the terminal's clipboard by OSC 52 (it gets there if the terminal allows it)"


def test_inside_tmux_the_hex_goes_to_its_buffer_and_on_if_tmux_allows():
    fake = FakeTmux({"show-options -sv set-clipboard": (0, "external\n")})
    done = to_tmux("4e42444d41474943", env=INSIDE, run=fake)
    assert done == TmuxCopy(buffered=True, clipboard="external", forwarded=True)
    assert fake.calls[0] == (["tmux", "load-buffer", "-w", "-"], "4e42444d41474943")
    assert where_it_went(done) == (
        "in tmux's paste buffer (prefix ] pastes); tmux passed it on to the terminal's clipboard"
        " (it gets there if the terminal allows it)"
    )


def test_set_clipboard_off_is_said():
    fake = FakeTmux({"show-options -sv set-clipboard": (0, "off\n")})
    done = to_tmux("00", env=INSIDE, run=fake)
    assert where_it_went(done) == "in tmux's paste buffer (prefix ] pastes); not the system clipboard: tmux set-clipboard is off"


def test_without_a_client_to_send_to_the_buffer_still_gets_it():
    # load-buffer -w fails with no attached client (or a tmux before 3.2): plain load-buffer
    fake = FakeTmux({"load-buffer -w -": (1, ""), "show-options -sv set-clipboard": (0, "on\n")})
    done = to_tmux("ab", env=INSIDE, run=fake)
    assert done == TmuxCopy(buffered=True, clipboard="on", forwarded=False)
    assert [args for args, _ in fake.calls] == [
        ["tmux", "load-buffer", "-w", "-"],
        ["tmux", "load-buffer", "-"],
        ["tmux", "show-options", "-sv", "set-clipboard"],
    ]
    assert where_it_went(done) == "in tmux's paste buffer (prefix ] pastes); the system clipboard may not have it"


def test_no_tmux_binary_is_tolerated_and_said():
    done = to_tmux("ab", env=INSIDE, run=FakeTmux(missing=True))
    assert done == TmuxCopy(buffered=False)
    assert where_it_went(done).startswith("tmux load-buffer failed; sent to the terminal's clipboard by OSC 52")
    assert "only with set-clipboard on" in where_it_went(done)


def test_the_preview_is_the_copied_text_and_a_huge_copy_is_cut():
    data = bytes(range(20))
    text, cut = clipboard_hex(data)
    assert text == data.hex() and not cut
    assert preview(text) == text[:32] + "…"
    note = copy_note("payload", len(data), text, cut, "somewhere")
    assert note == "payload: 20 bytes as hex, somewhere\n000102030405060708090a0b0c0d0e0f…"
    text, cut = clipboard_hex(bytes(COPY_LIMIT + 1))
    assert cut and len(text) == 2 * COPY_LIMIT
    assert copy_note("data", COPY_LIMIT + 1, text, cut, "x").endswith("\n(only the first 1024 KiB)")
