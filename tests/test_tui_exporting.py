"""``w``'s pure side (tui/exporting.py): a direction's bytes laid at their offsets with gaps
as zeros and counted, the other direction left out; a file is never replaced unasked;
a failure is an OSError with the reason, turned into one line."""

from __future__ import annotations

import pytest

from hexview.messages import Message
from hexview.packets import Span
from hexview.tcp.stream_events import Conversation, Endpoint
from hexview.tui.exporting import direction_bytes, error_text, safe_name, write_bytes

CONV = Conversation(0, Endpoint("10.0.0.1", 40000), Endpoint("10.0.0.2", 2049))


def message(direction: str, offset: int, data: bytes, missing=()) -> Message:
    return Message(CONV, direction, offset, data, 1, "raw", "m", missing=list(missing))


def test_a_direction_at_its_offsets_gaps_as_zeros():
    messages = [
        message("c2s", 100, b"abcd"),
        message("s2c", 0, b"XXXX"),  # the other direction: not in the file
        message("c2s", 106, b"ef\0\0", missing=[Span(2, 4, "not captured")]),  # 2 bytes never seen before it
    ]
    data, not_captured = direction_bytes(messages, "c2s")
    assert data == b"abcd\0\0ef\0\0"
    assert not_captured == 4
    assert direction_bytes(messages, "s2c") == (b"XXXX", 0)


def test_write_never_replaces_unasked(tmp_path):
    path = tmp_path / "out.bin"
    assert write_bytes(str(path), b"one").size == 3
    with pytest.raises(FileExistsError):
        write_bytes(str(path), b"two")
    assert path.read_bytes() == b"one"
    write_bytes(str(path), b"two", overwrite=True)
    assert path.read_bytes() == b"two"


def test_failures_are_one_line(tmp_path):
    target = str(tmp_path / "missing" / "x.bin")
    with pytest.raises(OSError) as caught:
        write_bytes(target, b"x")
    assert error_text(target, caught.value) == f"cannot write {target}: No such file or directory"
    with pytest.raises(OSError) as caught:
        write_bytes(str(tmp_path), b"x", overwrite=True)
    assert error_text(str(tmp_path), caught.value).endswith(": Is a directory")
    assert safe_name("op_ret [4-8]/x") == "op_ret_4-8_x"
