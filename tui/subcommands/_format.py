"""Formatting shared by the command modules (not a command: its name starts with "_")."""

from __future__ import annotations

from datetime import UTC, datetime


def when(dt: datetime) -> str:
    """A moment as the commands print it: "2026-11-28 21:22 UTC"."""
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
