"""Content built from untrusted text: plain, never parsed as markup."""

from __future__ import annotations

from textual.content import Content

from ..safe import plain


def safe_content(value: object, style: str = "", *, keep_newlines: bool = False) -> Content:
    """A Content object of `value` as literal text (escape sequences and controls removed)."""
    return Content.styled(plain(value, keep_newlines=keep_newlines), style)
