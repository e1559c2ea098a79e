"""What `vsd --help` says after the list of commands: the app, the settings file, the environment,
examples. (Not a command: its name starts with "_".)

The environment variables are read from `directory.paths`, which names every one, so a new
variable shows up here by itself; only its line of text is kept in this module.
"""

from __future__ import annotations

from rich.cells import cell_len

from directory import paths
from directory.i18n import N_, _

# One line per variable, by name. A variable paths.py adds without a line here is still listed
# (a test asks for the line).
ENV_LINES = {
    paths.DATA_DIR_ENV: N_("the local copy, bookmarks and notes (as --data-dir)"),
    paths.CONFIG_ENV: N_("a settings file instead of the one above"),
    paths.CACHE_DIR_ENV: N_('built country and language tables ("" turns it off)'),
    paths.FEED_URL_ENV: N_("base URL of the signed feed (vsd sync)"),
    paths.FEED_ROOT_ENV: N_("the feed's trusted root.json (vsd sync; then pinned)"),
    paths.FEED_MIRRORS_ENV: N_("other addresses of the feed, tried in order (vsd sync)"),
    paths.SYSTEM_CONFIG_DIR_ENV: N_("folder of the system-wide config.toml (/etc/xdg/vsd)"),
    paths.SIGNING_PASSPHRASE_ENV: N_("passphrase of encrypted feed keys (vsd feed)"),
    paths.SYNC_DEADLINE_ENV: N_("seconds one sync download may take (default 60)"),
    paths.HSDS_TOKEN_ENV: N_("token for vsd import hsds, sent to the API's host only"),
    paths.REFERRAL_DIR_ENV: N_("folder for referral cards (~/Documents/vsd-referrals)"),  # paths.REFERRAL_FOLDER
    paths.FAULT_INJECT_ENV: N_("vsd's own tests only: fail a write at a named point"),
}

# (command, what it shows); the help is read in 80 columns, so a long command has its line alone.
EXAMPLES = (
    ("vsd", N_("open the app")),
    ("vsd search kinder telefon deutschland", N_("Germany's child helplines")),
    ('vsd search --country PL --type "child helpline" --json', ""),
    ("vsd info", N_("version, size and place of the copy")),
    ("vsd sync --feed URL --root root.json", N_("the first sync from a signed feed")),
    ("source <(vsd completion bash)", N_("tab completion (also zsh, fish)")),
)


def env_names() -> list[str]:
    """Every VSD_* variable directory.paths names, in its order."""
    return [v for k, v in vars(paths).items() if k.endswith("_ENV") and isinstance(v, str) and v.startswith("VSD_")]


def _table(rows: list[tuple[str, str]], sep: str = "") -> list[str]:
    """Two columns, the first padded in terminal cells; the second translated (its English is the msgid)."""
    width = max(cell_len(a) for a, b in rows if b)
    return [f"  {a}{' ' * (width - cell_len(a))}  {sep}{_(b)}".rstrip() if b else f"  {a}" for a, b in rows]


def epilog() -> str:
    env = [(name, ENV_LINES.get(name, N_("see the README"))) for name in env_names()]
    return "\n".join(
        [
            _(
                "With no command, vsd opens the app on the local copy of the directory; it needs\n"
                "a terminal (scripts use the commands above). The first run copies the bundled\n"
                "directory there."
            ),
            "",
            _("settings file:"),
            f"  {paths.config_path()}",
            "",
            _("environment:"),
            *_table([*env, ("NO_COLOR", N_("honoured: the app drops its colours"))]),
            "",
            _("examples:"),
            *_table(list(EXAMPLES), sep="# "),
        ]
    )
