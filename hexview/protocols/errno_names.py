"""Linux errno names, for protocols that carry an errno on the wire.

GlusterFS replies carry ``op_errno`` as the brick's Linux errno (glusterfs's own
error codes are numbered to match Linux), and other cluster filesystems do the
same; a number alone makes a reader look it up. The values are Linux's generic
ones (include/uapi/asm-generic/errno-base.h 1-34 and errno.h 35-133), which every
architecture a capture here comes from uses; they are fixed here rather than taken
from the running system's ``errno`` module because a capture read on another
platform still carries Linux numbers. Where Linux defines two names for one value
(EWOULDBLOCK = EAGAIN, EDEADLOCK = EDEADLK, ENOTSUP = EOPNOTSUPP on glibc) the
kernel's primary name is given.
"""

from __future__ import annotations

_NAMES = (
    # errno-base.h
    "EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN ENOMEM EACCES EFAULT "
    "ENOTBLK EBUSY EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG "
    "ENOSPC ESPIPE EROFS EMLINK EPIPE EDOM ERANGE "
    # errno.h, from 35 (41 and 58 are unused: aliases of 11 and 35)
    "EDEADLK ENAMETOOLONG ENOLCK ENOSYS ENOTEMPTY ELOOP - ENOMSG EIDRM ECHRNG EL2NSYNC EL3HLT "
    "EL3RST ELNRNG EUNATCH ENOCSI EL2HLT EBADE EBADR EXFULL ENOANO EBADRQC EBADSLT - EBFONT "
    "ENOSTR ENODATA ETIME ENOSR ENONET ENOPKG EREMOTE ENOLINK EADV ESRMNT ECOMM EPROTO EMULTIHOP "
    "EDOTDOT EBADMSG EOVERFLOW ENOTUNIQ EBADFD EREMCHG ELIBACC ELIBBAD ELIBSCN ELIBMAX ELIBEXEC "
    "EILSEQ ERESTART ESTRPIPE EUSERS ENOTSOCK EDESTADDRREQ EMSGSIZE EPROTOTYPE ENOPROTOOPT "
    "EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP EPFNOSUPPORT EAFNOSUPPORT EADDRINUSE "
    "EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET ECONNABORTED ECONNRESET ENOBUFS EISCONN "
    "ENOTCONN ESHUTDOWN ETOOMANYREFS ETIMEDOUT ECONNREFUSED EHOSTDOWN EHOSTUNREACH EALREADY "
    "EINPROGRESS ESTALE EUCLEAN ENOTNAM ENAVAIL EISNAM EREMOTEIO EDQUOT ENOMEDIUM EMEDIUMTYPE "
    "ECANCELED ENOKEY EKEYEXPIRED EKEYREVOKED EKEYREJECTED EOWNERDEAD ENOTRECOVERABLE ERFKILL "
    "EHWPOISON"
).split()

ERRNO_NAMES: dict[int, str] = {number: name for number, name in enumerate(_NAMES, start=1) if name != "-"}
"""Linux errno value -> its symbolic name, 1 (EPERM) to 133 (EHWPOISON)."""


def errno_name(number: int) -> str | None:
    """The symbolic name of a Linux errno, or None (0, negative or unknown numbers)."""
    return ERRNO_NAMES.get(number)


def errno_show(number: int) -> str:
    """Show text for an errno field: 'ENOENT (2)'; a number with no name stays as it is
    (0 means no error, and some daemons put their own codes in errno fields)."""
    name = ERRNO_NAMES.get(number)
    return f"{name} ({number})" if name else str(number)
