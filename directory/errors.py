"""Errors the core raises for the user to read: one line, no traceback."""

from __future__ import annotations

import errno


class VsdError(Exception):
    """A problem the user can act on. `str(err)` is the whole message."""

    exit_code = 1


class InputError(VsdError):
    """A file or feed that cannot be read as a directory."""


class DiskFullError(VsdError):
    """A write failed because the disk (or the user's quota) is full; what was there is unchanged.

    Its own exit code, 4, so that a script can tell "free some space" from a refused sync (1),
    a usage error (2) or an unreachable feed (3)."""

    exit_code = 4


DISK_FULL_EXIT = DiskFullError.exit_code


def is_disk_full(e: BaseException) -> bool:
    return isinstance(e, OSError) and e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
