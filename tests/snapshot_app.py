"""The app with fixed data, a fixed clock and no cursor blink: for snapshot tests and
the README screenshots (`make screenshots`), posting-style.

    python tests/snapshot_app.py docs/screenshots     # writes the SVGs
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import threading
import unicodedata
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from directory import Directory  # noqa: E402
from directory.store import Store  # noqa: E402
from tests.factories import sample_envelope  # noqa: E402
from tui.app import VsdApp  # noqa: E402
from tui.config import Config  # noqa: E402

# Monday 30 November 2026, 12:00 in London = 13:00 in Berlin: the German child
# helpline is closed (opens 14:00 their time, 13:00 yours), Weisser Ring is open.
FIXED_NOW = datetime(2026, 11, 30, 12, 0, tzinfo=ZoneInfo("Europe/London"))
FIXED_CONFIG_PATH = Path("/home/caseworker/.config/vsd/config.toml")


def fixed_clock() -> datetime:
    return FIXED_NOW


def make_app(
    data_dir: Path | str | None = None,
    *,
    envelope: dict | None = None,
    config: Config | None = None,
    export_dir: Path | None = None,
    sync=None,
    bookmarks: tuple[str, ...] = (),
    notes: dict[str, str] | None = None,
) -> VsdApp:
    data_dir = Path(data_dir or tempfile.mkdtemp(prefix="vsd-snap-"))
    env = envelope or sample_envelope()
    store = Store(data_dir)
    for sid in bookmarks:
        store.set_bookmark(sid, True)
    for sid, text in (notes or {}).items():
        store.set_note(sid, text)
    cfg = config or Config(path=FIXED_CONFIG_PATH, save_theme=False)  # never write to that fixed path
    cfg.cursor_blink = False
    return VsdApp(
        config=cfg,
        store=store,
        load_directory=lambda: Directory.from_envelope(env),
        clock=fixed_clock,
        export_dir=export_dir or data_dir,
        sync=sync,
        watch_store=False,
    )


def hold_loading(app: VsdApp) -> threading.Event:
    """Keep the app's directory from opening until the returned event is set (at most 10 s)."""
    gate = threading.Event()
    loader = app.loader

    def held():
        gate.wait(10)
        return loader()

    app.loader = held
    return gate


async def settle(pilot, timeout: float = 10.0) -> None:
    """Wait until the directory is open and the latest search is on screen (no sleeping guesses)."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        await app.workers.wait_for_complete()
        await pilot.pause()
        main = app._main_screen()
        if app.directory is not None and main is not None and main._serial and main._serial == main._shown_serial:
            if not any(w.is_running for w in app.workers):
                await pilot.pause()
                return
    raise TimeoutError("the app did not settle")


async def type_and_settle(pilot, text: str) -> None:
    """Type `text` key by key; scripts with combining marks (Thai) arrive as a paste,
    because Pilot cannot name their keys (a real terminal sends the characters)."""
    if any(unicodedata.category(ch).startswith("M") for ch in text):
        from textual import events

        pilot.app.focused.post_message(events.Paste(text))
    else:
        await pilot.press(*text)
    await settle(pilot)


SCREENSHOTS = {
    # name: (size, keys typed after settling, keys pressed afterwards)
    "main": ((100, 30), "kinder telefon", ()),
    "detail": ((100, 30), "nummer gegen kummer", ("enter",)),
    "greek": ((100, 30), "Χαμόγελο", ()),
}


async def _shoot(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (size, text, keys) in SCREENSHOTS.items():
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await type_and_settle(pilot, text)
            if keys:
                await pilot.press(*keys)
                await settle(pilot)
            path = app.save_screenshot(f"{name}.svg", str(folder))
            print(path)


if __name__ == "__main__":
    asyncio.run(_shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
