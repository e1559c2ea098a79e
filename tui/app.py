"""The caseworker's Textual app.

Shape (posting/harlequin habits): I/O and search run in workers that never touch
widgets and post messages (`tui.messages`); handlers own the state. The first
frame comes before any heavy work: the directory is opened and indexed in a
worker. Styles live in `app.tcss`; every binding has an id (`tui.keys`) and can be
remapped in the config file (`tui.config`).
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from directory import paths
from directory.i18n import _, ngettext
from directory.safe_text import plain

from . import keys, startup_gc, toasts
from .config import DEFAULT_THEME, Config
from .messages import DirectoryLoaded, SearchDone, SyncFinished, SyncProgressed
from .palette import VsdCommands
from .sync_runner import describe_progress, run_sync
from .sync_runner import failure as sync_failure

if TYPE_CHECKING:  # the core loads in a worker after the first frame; only its type is needed here
    from directory import Directory

DARK_LIGHT = {
    "textual-dark": "textual-light",
    "textual-light": "textual-dark",
    "ansi-dark": "ansi-light",
    "ansi-light": "ansi-dark",
}
STORE_CHECK_S = 5.0


def local_now() -> datetime:
    return datetime.now().astimezone()


async def in_daemon_thread(fn: Callable[..., Any], *args: Any) -> Any:
    """Run blocking `fn` in a daemon thread and await its result.

    Unlike the default executor (which `asyncio.run` waits for at shutdown), a
    daemon thread never holds up the quick exit — a sync stuck on the network
    or a 100k-record load just stops with the process.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future = loop.create_future()

    def settle(result: Any, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def run() -> None:
        try:
            result, error = fn(*args), None
        except BaseException as e:  # noqa: BLE001 - handed to the awaiting task
            result, error = None, e
        try:
            loop.call_soon_threadsafe(settle, result, error)
        except RuntimeError:
            pass  # the app has gone

    threading.Thread(target=run, daemon=True, name=f"vsd-{getattr(fn, '__name__', 'work')}").start()
    return await future


class VsdApp(App[str | None]):
    CSS_PATH = "app.tcss"
    TITLE = "vsd"
    # Size classes on every screen (app.tcss and the widgets adapt): under 50 columns one pane,
    # under 70 short labels; under 24 lines a one-line footer and one-line results.
    HORIZONTAL_BREAKPOINTS = [(0, "-one-pane"), (50, "-narrow"), (70, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    BINDINGS = [
        *keys.bindings("quick_exit", "help", "sync"),
        keys.binding("command_palette"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]
    COMMANDS = {VsdCommands} | App.COMMANDS

    def __init__(
        self,
        *,
        config: Config | None = None,
        data_dir: Path | None = None,
        store: Any | None = None,
        load_directory: Callable[[], Any] | None = None,
        clock: Callable[[], datetime] | None = None,
        sync: Callable[[Path | None], str] | None = None,
        export_dir: Path | None = None,
        watch_store: bool = True,
    ) -> None:
        super().__init__()
        self.config = config or Config()
        self._store = store
        self._data_dir = data_dir
        self.loader = load_directory or self._open_store_directory
        self.clock = clock or local_now
        self.sync_runner = sync or run_sync
        self.export_dir = export_dir or paths.referral_dir()
        self.card_language: str | None = None  # chosen in the export dialog; `c` and `e` make cards in it
        self.watch_store = watch_store
        self.directory: Directory | None = None  # opened in a worker after the first frame
        self._warmed: Directory | None = None  # the directory whose vocabularies are loaded
        self._cleaned = False  # stale temp files removed (once, after the first results)
        self.directory_error: str | None = None
        self.facets: dict[str, set[str]] = {"country": set(), "language": set(), "support_type": set()}
        self.initial_filters: dict[str, Any] = {}
        self.bookmarks: set[str] = set()
        self._bookmark_order: list[str] = []
        self._notes: dict[str, str] = {}
        # Why bookmarks and notes cannot be saved (said once at start), or None when they can.
        self.userdata_read_only: str | None = None
        self._sync_state: dict[str, Any] = {}
        self._store_mtime: float | None = None
        self._layer_stamp: dict[str, tuple[int, int, int] | None] = {}
        self._syncing = False
        self.sync_phase = ""  # what a running sync is doing, for the status line
        self._copied = False
        self._copied_heads: list[str] = []  # first lines of what was copied, to find tmux's buffers
        self._early_keys: list[str] | None = []  # typed before the search box was mounted (None after)
        self._escapes: deque[float] = deque(maxlen=keys.ESCAPES_TO_EXIT)
        self.monotonic: Callable[[], float] = time.monotonic
        self._clashes_told: set[frozenset[str]] = set()
        # The whole text of recent notifications (severity, text), in memory only: the Messages screen.
        self.message_log: deque[tuple[str, str]] = deque(maxlen=toasts.LOG_SIZE)
        self.quick_exited = False
        self._theme_saved: str | None = None  # the theme the config file holds, once started
        self._theme_lock = threading.Lock()
        self.results_generation = 0
        self.last_results: SearchDone | None = None
        self.last_results_at = 0.0
        self.set_keymap(self.config.keymap)  # remaps by binding id (tui.keys); config.py validated it

    @property
    def store(self) -> Any:
        """The local store, created on first use (in the loading worker: no import before the first frame)."""
        if self._store is None:
            from directory.store import Store

            self._store = Store(self._data_dir)
        return self._store

    # -- start ----------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        from .screens.main import MainScreen

        return MainScreen()

    def on_mount(self) -> None:
        theme = self.config.theme
        if theme in self.available_themes:
            self.theme = theme
        else:
            names = ", ".join(sorted(self.available_themes))
            self.config.problems.append(
                _("unknown theme {theme!r}, using {default!r} (themes: {names})").format(
                    theme=theme, default=DEFAULT_THEME, names=names
                )
            )
            self.theme = DEFAULT_THEME
        self._theme_saved = self.theme  # from now on a change is the user's, and is kept
        self.say_config_problems(self.config.problems)
        # Open the directory in a worker thread now, while Textual lays out and paints the first
        # frame: the thread reads in the gaps between frames. Started after the first refresh
        # instead, it left those gaps idle and the first results came 5-15% later (bench/first_results.py).
        self.load_directory("start")
        self.set_timer(startup_gc.HOLD_S, startup_gc.release)  # if no results come by then
        if self.watch_store:
            self.set_interval(STORE_CHECK_S, self._check_store)

    # -- the theme chosen in the command palette is kept -------------------------------
    def watch_theme(self, theme: str) -> None:
        if self._theme_saved is None or theme == self._theme_saved:
            return  # starting, or no change
        self._theme_saved = theme
        if self.config.save_theme and self.config.path is not None:
            self._save_theme()

    def _save_theme(self) -> None:
        self._save_setting(
            "theme",
            lambda: str(self._theme_saved),
            lambda value, name, why: _(
                "Theme {theme} is on until you quit; it could not be saved to {name} ({why})."
            ).format(theme=value, name=name, why=why),
        )

    @work(thread=True, group="config", exit_on_error=False)
    def _save_setting(self, key: str, current: Callable[[], str], unsaved: Callable[[str, str, str], str]) -> None:
        """Write one top-level setting (theme, language) to the config file, off the event loop."""
        from directory.settings import save_top_level

        with self._theme_lock:  # one write to the config file at a time, always of the latest choice
            path, value = self.config.path, current()
            try:
                save_top_level(key, value, path)
            except (OSError, ValueError) as e:
                why = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
                name = path.name if path else _("the config file")
                self.call_from_thread(self.say, unsaved(value, name, why), severity="warning")

    # -- the directory --------------------------------------------------------------
    def _open_store_directory(self) -> Any:
        from directory import Directory

        # The index file's checksum is checked after the first results (see _warm_vocabularies).
        return Directory.open(self.store.data_dir, verify_cache=False)

    def _store_file_mtime(self) -> float | None:
        try:
            return os.stat(self.store.directory_path).st_mtime
        except OSError:
            return None

    def _layer_stamps(self) -> dict[str, tuple[int, int, int] | None]:
        """What identifies the current imports.json and userdata.json: a write in another terminal
        (an atomic replace: new inode, new mtime) changes it."""
        from directory.layers import IMPORTS_FILE
        from directory.store import USERDATA_FILE

        stamps: dict[str, tuple[int, int, int] | None] = {}
        for name in (IMPORTS_FILE, USERDATA_FILE):
            try:
                st = os.stat(self.store.data_dir / name)
                stamps[name] = (st.st_ino, st.st_mtime_ns, st.st_size)
            except OSError:
                stamps[name] = None
        return stamps

    def _load_blocking(self, reason: str) -> dict[str, Any]:
        """Runs in a thread: open, index, read user data. Returns plain data only."""
        mtime = self._store_file_mtime()
        stamps = self._layer_stamps()
        directory = self.loader()
        # The index now, not on the first keystroke (read back from disk when it was kept); the
        # whole name tables wait until the first results are on screen (see `_warm_vocabularies`).
        directory.search("", limit=1)
        facets = {kind: set(values) for kind, values in directory.facet_values().items()}
        out: dict[str, Any] = {
            "directory": directory,
            "facets": facets,
            "mtime": mtime if mtime is not None else self._store_file_mtime(),
            "stamps": stamps,
            **self._read_userdata(),
            "sync": self.store.read_state("sync"),
            "notices": list(getattr(directory, "notices", [])) + list(self.store.notices),
        }
        if reason == "start":
            out["initial"], out["problems"] = self._resolve_config_filters()
        return out

    def _read_userdata(self) -> dict[str, Any]:
        """Bookmarks, and whether they and the notes can be saved. Never raises: a damaged or
        odd user-data file is moved aside by the store (with a notice), or read-only."""
        try:
            bookmarks = self.store.bookmarks()
        except Exception as e:  # noqa: BLE001 - user data must never keep the directory from opening
            return {"bookmarks": [], "userdata_read_only": _("bookmarks could not be read ({error})").format(error=e)}
        try:
            read_only = self.store.userdata_read_only()
        except Exception as e:  # noqa: BLE001 - as above
            read_only = str(e)
        return {"bookmarks": bookmarks, "userdata_read_only": read_only}

    def _resolve_config_filters(self) -> tuple[dict[str, Any], list[str]]:
        from directory import resolve_country, resolve_language, resolve_support_type

        resolvers = {"country": resolve_country, "language": resolve_language, "support_type": resolve_support_type}
        found: dict[str, Any] = {"open_now": self.config.open_now}
        problems = []
        for kind, resolve in resolvers.items():
            value = getattr(self.config, kind)
            if not value:
                continue
            code = resolve(value)
            if code:
                found[kind] = code
            else:
                problems.append(
                    _("filters.{kind} = {value!r} is not a known {kind_words}; ignored").format(
                        kind=kind,
                        value=value,
                        kind_words={"country": _("country"), "language": _("language")}.get(kind, _("support type")),
                    )
                )
        return found, problems

    @work(exclusive=True, group="load", exit_on_error=False)
    async def load_directory(self, reason: str = "start") -> None:
        try:
            payload = await in_daemon_thread(self._load_blocking, reason)
        except Exception as e:  # noqa: BLE001 - shown to the user, the app stays up
            self.post_message(DirectoryLoaded(None, f"{e}", reason=reason))
            return
        message = DirectoryLoaded(payload["directory"], reason=reason)
        message.payload = payload
        self.post_message(message)

    @on(DirectoryLoaded)
    def _directory_loaded(self, message: DirectoryLoaded) -> None:
        main = self._main_screen()
        if message.directory is None:
            startup_gc.release()  # no results are coming
            self.directory_error = message.error
            self.say(_("Could not open the directory: {error}").format(error=message.error), severity="error")
            if main is not None:
                main.update_status()
            return
        payload = message.payload
        old = self.directory
        self.directory = message.directory
        self.directory_error = None
        self.facets = payload["facets"]
        self._store_mtime = payload["mtime"]
        self._layer_stamp = payload["stamps"]
        self._bookmark_order = list(payload["bookmarks"])
        self.bookmarks = set(self._bookmark_order)
        self._sync_state = payload["sync"]
        self._notes.clear()
        for notice in payload["notices"]:
            self.say(notice)
        read_only = payload["userdata_read_only"]
        if read_only and read_only != self.userdata_read_only and read_only not in payload["notices"]:
            self.say(
                _("Bookmarks and notes are read-only: {read_only}").format(read_only=read_only), severity="warning"
            )
        self.userdata_read_only = read_only
        if message.reason == "start":
            self.initial_filters = payload["initial"]
            self.say_config_problems(payload["problems"])
        elif (
            message.reason == "changed" and old is not None and getattr(old, "version", None) != self.directory.version
        ):
            self.say(
                ngettext(
                    "Directory updated to version {version} ({count} service).",
                    "Directory updated to version {version} ({count} services).",
                    len(self.directory),
                ).format(version=self.directory.version, count=len(self.directory))
            )
        if main is not None:
            main.directory_ready(apply_initial=message.reason == "start")
        # What is loaded now lives as long as the app: the cyclic collector need not walk it again
        # (a full pass over a large directory stalled the screen for most of a second).
        gc.freeze()

    def _check_store(self) -> None:
        """Pick up what another terminal changed: a directory replaced by `vsd sync`, an import
        added or removed (`vsd import`), bookmarks or notes saved by another vsd."""
        if self.directory is None or self._syncing:
            return
        mtime = self._store_file_mtime()
        stamps = self._layer_stamps()
        from directory.layers import IMPORTS_FILE
        from directory.store import USERDATA_FILE

        before, self._layer_stamp = self._layer_stamp, stamps
        if (mtime is not None and self._store_mtime is not None and mtime != self._store_mtime) or (
            before and stamps.get(IMPORTS_FILE) != before.get(IMPORTS_FILE)
        ):
            self._store_mtime = mtime
            self.load_directory("changed")
        elif before and stamps.get(USERDATA_FILE) != before.get(USERDATA_FILE):
            self.reload_userdata()

    @work(exclusive=True, group="userdata", exit_on_error=False)
    async def reload_userdata(self) -> None:
        """Bookmarks and notes changed on disk: read them again (notes are re-read when shown)."""
        payload = await in_daemon_thread(self._read_userdata)
        self._bookmark_order = list(payload["bookmarks"])
        self.bookmarks = set(self._bookmark_order)
        self._notes.clear()
        self.userdata_read_only = payload["userdata_read_only"]
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_service_views", None)
            if refresh is not None:
                refresh()

    def _main_screen(self):
        from .screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def status_text(self) -> str:
        d = self.directory
        if d is None:
            if self.directory_error:
                return _("Directory could not be opened: {error}").format(error=plain(self.directory_error))
            return _("Opening the directory…")
        from directory.presentation import directory_age

        last = self._sync_state.get("last_sync") if isinstance(self._sync_state, dict) else None
        if isinstance(last, dict) and last.get("at"):
            synced = _("offline copy, last sync {when}").format(when=plain(last["at"]))
        else:
            synced = _("offline copy, never synced")
        if self.sync_phase:
            synced = _("syncing: {phase}").format(phase=plain(self.sync_phase))
        return ngettext(
            "Data v{version} of {age} · {count} service · {synced}",
            "Data v{version} of {age} · {count} services · {synced}",
            len(d),
        ).format(version=plain(d.version), age=directory_age(d.generated_at, self.clock()), count=len(d), synced=synced)

    # -- vocabularies for filters and chips -------------------------------------------
    def filter_name(self, kind: str, code: str | None) -> str:
        if not code:
            return _("Any")
        from directory.presentation import country_name, language_name, support_label

        # in the language the app speaks (CLDR names; kinds of help from the catalog)
        return plain({"country": country_name, "language": language_name, "support_type": support_label}[kind](code))

    def resolver(self, kind: str) -> Callable[[str], str | None]:
        from directory import resolve_country, resolve_language, resolve_support_type

        return {"country": resolve_country, "language": resolve_language, "support_type": resolve_support_type}[kind]

    def filter_options(self, kind: str) -> list[tuple[str, str]]:
        codes = self.facets.get(kind, set())
        if kind == "support_type":
            from directory.support_types import LABELS, rank

            codes = set(codes) | set(LABELS)
            return [(c, self.filter_name(kind, c)) for c in sorted(codes, key=lambda c: (rank(c), c))]
        return sorted(((c, self.filter_name(kind, c)) for c in codes), key=lambda cn: cn[1].casefold())

    def strip_filter_words(self, text: str, kind: str, code: str) -> str | None:
        """`text` without the words that named this filter, or None if they cannot be found."""
        words = text.split()
        resolve = self.resolver(kind)
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                if resolve(" ".join(words[i : i + size])) == code:
                    return " ".join(words[:i] + words[i + size :])
        return None

    # -- user data ----------------------------------------------------------------------
    def bookmark_order(self) -> list[str]:
        return list(self._bookmark_order)

    def noted_ids(self) -> list[str]:
        """Services with a private note (bookmarked or not), for F2; [] when notes cannot be read."""
        try:
            return list(self.store.noted_ids())
        except Exception:  # noqa: BLE001 - the store has already said why; F2 still lists bookmarks
            return []

    def set_bookmark(self, service_id: str, on: bool) -> None:
        self.store.set_bookmark(service_id, on)
        self.userdata_read_only = None  # it could be written
        if on and service_id not in self.bookmarks:
            self._bookmark_order.append(service_id)
        elif not on and service_id in self.bookmarks:
            self._bookmark_order.remove(service_id)
        self.bookmarks = set(self._bookmark_order)

    def note(self, service_id: str) -> str:
        if service_id not in self._notes:
            try:
                self._notes[service_id] = self.store.note(service_id)
            except Exception:  # noqa: BLE001 - a broken user-data file must not break browsing
                self._notes[service_id] = ""
        return self._notes[service_id]

    def set_note(self, service_id: str, text: str) -> None:
        """Save a note (one atomic write); raises with one line, the note unchanged, when it cannot."""
        self.store.set_note(service_id, text)
        self.userdata_read_only = None  # it could be written
        self._notes[service_id] = text if text.strip() else ""

    def copy_referral(self, text: str) -> None:
        """Send a card to the terminal's clipboard; the quick exit takes it back (tui/clipboard.py)."""
        self._copied = True
        self._copied_heads.append(text.split("\n", 1)[0])
        self.copy_to_clipboard(text)

    # -- messages to the user -------------------------------------------------------------
    def say(self, message: str, *, severity: str = "information", details: str = "") -> None:
        """A notification whose text is never parsed as markup. A long one shows its first sentence;
        the whole text (and `details`) stays in the message log."""
        text = plain(message, keep_newlines=True)
        full = f"{text}\n{plain(details, keep_newlines=True)}" if details else text
        self.message_log.append((severity, full))
        palette = self.get_key_display_for(self.effective_keymap()["command_palette"].split(",")[0])
        shown = toasts.toast_text(text, _("(all of it: {palette} › Messages)").format(palette=palette))
        super().notify(shown, severity=severity, timeout=toasts.timeout_for(severity), markup=False)  # type: ignore[arg-type]

    def say_config_problems(self, problems: list[str]) -> None:
        """One warning per config problem; the toast names the file, the message log its whole path."""
        path = self.config.path
        for problem in problems:
            short = problem.replace(f"{path}: ", "").replace(str(path), path.name) if path else problem
            self.say(
                _("Config: {short}").format(short=short),
                severity="warning",
                details=_("(in {path})").format(path=path) if path and short != problem else "",
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, ours or Textual's, goes after a few seconds (`tui.toasts`) and is logged."""
        self.message_log.append((severity, str(message)))
        timeout = toasts.timeout_for(severity, timeout)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def action_messages(self) -> None:
        from .screens.messages import MessagesScreen

        if not isinstance(self.screen, MessagesScreen):
            self.push_screen(MessagesScreen())

    def results_shown(self, message: SearchDone) -> None:
        """The main screen showed a search's results (tests and the benchmark wait on this)."""
        self.results_generation += 1
        self.last_results = message
        self.last_results_at = time.perf_counter()
        if startup_gc.held():
            self.call_after_refresh(startup_gc.release)  # once these results are painted
        if self.directory is not None and self._warmed is not self.directory:
            self._warmed = self.directory
            self._warm_vocabularies(self.directory)

    @work(group="warm", exit_on_error=False)
    async def _warm_vocabularies(self, directory: Any) -> None:
        """Once the first results are on screen: what killed writes left behind goes, and the whole
        name tables load (typo suggestions, pickers). Before, this would hold up those results;
        after, it spares a later keystroke the wait. In a daemon thread: a cold build of the tables
        takes seconds, and the quick exit must not wait for it (Textual's thread workers run in the
        executor that asyncio waits for at shutdown)."""
        if await in_daemon_thread(self._warm_blocking, directory):
            return
        # A damaged index file (now removed): open again, from the store.
        self.say(_("The search index was damaged; it is being rebuilt."), severity="warning")
        self.load_directory("changed")

    def _warm_blocking(self, directory: Any) -> bool:
        """Runs in a thread. False when the index file the directory was read from is damaged."""
        if not self._cleaned:
            self._cleaned = True
            getattr(self.store, "clean_stale_temp_files", list)()
        if not getattr(directory, "cache_intact", lambda: True)():
            return False
        directory.warm()
        return True

    # -- keys ------------------------------------------------------------------------------
    def effective_keymap(self) -> dict[str, str]:
        return {s.id: self.config.keymap.get(s.id, s.keys) for s in keys.SPECS}

    def quick_exit_keys(self) -> list[str]:
        return [k.strip() for k in self.effective_keymap()["quick_exit"].split(",") if k.strip()]

    def get_key_display_for(self, key: str) -> str:
        return self.get_key_display(Binding(key.strip(), ""))

    def key_list_display(self, keys_: list[str]) -> str:
        """Footer form of a binding's keys: arrows pair with their letter (↓/j); otherwise the first key."""
        shown = [self.get_key_display_for(k) for k in keys_]
        if len(shown) > 1 and keys_[0] in ("up", "down") and len(shown[1]) == 1:
            return f"{shown[0]}/{shown[1]}"
        return shown[0]

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node) -> None:
        """A clash the config check (tui.key_conflicts) did not foresee: said once, in words."""
        from .key_conflicts import clash_text

        displaced = [(b.id or b.action, b.key) for b in clashed_bindings]
        ids = frozenset(f"{i}={k}" for i, k in displaced)
        if ids in self._clashes_told:
            return
        self._clashes_told.add(ids)
        self.say(_("Config: {clash}").format(clash=clash_text(displaced, self.config.keymap)), severity="warning")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self._keep_early(event):
            return
        if isinstance(event, events.Key) and not event.is_forwarded:
            if event.key == "escape" and self._escape_has_nothing_to_close():
                # Only escapes that have nothing left to back out of count towards the quick exit, so
                # walking back (two escapes at most from any screen) can never end the session.
                now = self.monotonic()
                self._escapes.append(now)
                if len(self._escapes) == keys.ESCAPES_TO_EXIT and now - self._escapes[0] <= keys.ESCAPE_WINDOW_S:
                    self.action_quick_exit()
                    return
            else:
                self._escapes.clear()
        await super().on_event(event)

    def _keep_early(self, event: events.Key) -> bool:
        """Before the search box exists, a typed character would be lost (nothing has the focus yet):
        keep it for the box (MainScreen.on_mount). Keys such as ctrl+q still act at once."""
        if self._early_keys is None or not event.is_printable or not event.character:
            return False
        self._early_keys.append(event.character)
        return True

    def take_early_keys(self) -> list[str]:
        """What was typed before the search box was ready; from now on keys go to the widgets."""
        early, self._early_keys = self._early_keys or [], None
        return early

    def _escape_has_nothing_to_close(self) -> bool:
        main = self._main_screen()
        return main is not None and self.screen is main and main.at_rest()

    # -- actions ----------------------------------------------------------------------------
    def action_quick_exit(self) -> None:
        """Leave now. The launcher clears the screen and scrollback once the terminal is restored."""
        if self.quick_exited:
            return
        self.quick_exited = True
        if self._copied:  # don't leave a referral on the clipboard either
            from .clipboard import forget

            forget(self.copy_to_clipboard, self._copied_heads)
        self.exit(result="quick-exit")

    async def action_quit(self) -> None:
        self.action_quick_exit()

    def action_help_quit(self) -> None:
        keys_shown = "/".join(self.get_key_display_for(k) for k in self.quick_exit_keys())
        self.say(_("To leave, press {keys_shown} (quick exit) or escape three times.").format(keys_shown=keys_shown))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.push_screen(HelpScreen())

    def action_toggle_dark(self) -> None:
        self.theme = DARK_LIGHT.get(self.theme, "textual-light" if self.current_theme.dark else "textual-dark")

    def action_sync(self) -> None:
        if self._syncing:
            self.say(_("A sync is already running."))
            return
        self._syncing = True
        self.say(_("Syncing with the feed…"))
        self._run_sync()

    @work(exclusive=True, group="sync", exit_on_error=False)
    async def _run_sync(self) -> None:
        from directory.errors import VsdError

        def progress(p: Any) -> None:  # called from the sync thread
            self.post_message(SyncProgressed(describe_progress(p)))

        try:
            summary = await in_daemon_thread(self.sync_runner, self.store.data_dir, progress)
            message = SyncFinished(True, str(summary or _("sync finished")), getattr(summary, "details", ""))
        except VsdError as e:
            why = sync_failure(e)
            message = SyncFinished(False, why.text, why.details)
        except Exception as e:  # noqa: BLE001
            message = SyncFinished(False, _("Sync failed: {error}").format(error=e))
        self.post_message(message)

    @on(SyncProgressed)
    def _sync_progressed(self, message: SyncProgressed) -> None:
        self.sync_phase = message.text
        main = self._main_screen()
        if main is not None:
            main.update_status()

    @on(SyncFinished)
    def _sync_finished(self, message: SyncFinished) -> None:
        self._syncing = False
        self.sync_phase = ""  # what a running sync is doing, for the status line
        if message.ok:
            self.say(message.summary, details=message.details)
            self.load_directory("sync")
        else:
            self.say(message.summary, severity="error", details=message.details)
        main = self._main_screen()
        if main is not None:
            main.update_status()

    def get_system_commands(self, screen: Screen):
        for command in super().get_system_commands(screen):
            if command.title in ("Screenshot",):
                continue  # a screenshot of search results is a trace on disk
            if command.title == "Quit":
                yield SystemCommand(_("Quick exit"), _("Leave now and clear the terminal"), self.action_quick_exit)
                continue
            # Textual's own commands, in the app's language (their English is marked in tui/textual_words.py)
            yield SystemCommand(_(command.title), _(command.help), command.callback, command.discover)
        yield from self.language_commands()

    # -- the language the app speaks, chosen in the command palette and kept ---------------
    def language_commands(self) -> Iterator[SystemCommand]:
        """One command per language with a catalog: the app switches at once and remembers it."""
        from directory.i18n import available_languages, current_language

        from .screens.export import language_label

        for code in available_languages():
            if code != current_language():
                yield SystemCommand(
                    _("Language: {language}").format(language=language_label(code)),
                    _("Speak this language from now on (kept in the config file)"),
                    partial(self.switch_language, code),
                )

    def switch_language(self, code: str) -> None:
        """Speak `code` now: every screen goes back to the main one, which says everything again."""
        from directory.i18n import set_language

        try:
            lang = set_language(code)
        except ValueError as e:
            self.say(str(e), severity="error")
            return
        while len(self.screen_stack) > 1 and self.screen is not self._main_screen():
            self.pop_screen()
        main = self._main_screen()
        if main is not None:
            main.retranslate()
        self.refresh_bindings()
        if self.config.save_theme and self.config.path is not None:  # kept like the theme
            self._save_setting(
                "language",
                lambda: lang,
                lambda _value, name, why: _(
                    "The language is on until you quit; it could not be saved to {name} ({why})."
                ).format(name=name, why=why),
            )
