"""Errors the core raises for the user to read: one line, no traceback."""

from __future__ import annotations


class VsdError(Exception):
    """A problem the user can act on. `str(err)` is the whole message."""

    exit_code = 1


class InputError(VsdError):
    """A file or feed that cannot be read as a directory."""
