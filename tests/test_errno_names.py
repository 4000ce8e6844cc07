"""The Linux errno table (include/uapi/asm-generic/errno-base.h and errno.h) that
protocols carrying an errno show names from."""

from __future__ import annotations

import errno
import sys

import pytest

from hexview.protocols.errno_names import ERRNO_NAMES, errno_name, errno_show


def test_errno_names_are_linux_numbers():
    # errno-base.h and errno.h (asm-generic): the ones Gluster replies carry most, and the ends
    expected = {
        1: "EPERM",
        2: "ENOENT",
        5: "EIO",
        9: "EBADF",
        13: "EACCES",
        17: "EEXIST",
        22: "EINVAL",
        28: "ENOSPC",
        34: "ERANGE",
        35: "EDEADLK",
        39: "ENOTEMPTY",
        61: "ENODATA",
        95: "EOPNOTSUPP",
        107: "ENOTCONN",
        116: "ESTALE",
        122: "EDQUOT",
        133: "EHWPOISON",
    }
    assert {n: errno_name(n) for n in expected} == expected
    assert 41 not in ERRNO_NAMES and 58 not in ERRNO_NAMES  # unused numbers (EWOULDBLOCK, EDEADLOCK aliases)
    assert errno_name(0) is None and errno_name(-1) is None and errno_name(134) is None
    assert len(ERRNO_NAMES) == 131


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the running system's errno is Linux's here only")
def test_errno_names_agree_with_this_linux_system():
    for number, name in ERRNO_NAMES.items():
        if hasattr(errno, name):
            assert getattr(errno, name) == number, name


def test_errno_show_keeps_unnamed_numbers():
    assert errno_show(2) == "ENOENT (2)"
    assert errno_show(0) == "0"  # no error
    assert errno_show(30800) == "30800"  # not a Linux errno (glusterd puts its own codes here)
