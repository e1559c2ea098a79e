"""Driving the command palette in Pilot tests without guessing how long its background search takes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def until(pilot, condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Let the app run until `condition()` holds; fail after `seconds` (a hang, not a speed check)."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "the app did not get there"
        await pilot.pause(0.02)


def first_option(app) -> str:
    """The palette's first (highlighted) line, or "" when no palette is open or it lists nothing yet."""
    from textual.command import CommandList, CommandPalette

    if not isinstance(app.screen, CommandPalette):
        return ""
    options = app.screen.query_one(CommandList)
    return str(options.get_option_at_index(0).prompt) if options.option_count else ""


async def run_command(pilot, typed: str, first: str) -> None:
    """Type `typed` into the open palette, wait until `first` leads the list, and choose it."""
    await pilot.press(*typed)
    await until(pilot, lambda: first_option(pilot.app).startswith(first))
    await pilot.press("enter")
