"""What `vsd --help` says after the list of commands: the app, the settings file, the environment,
examples. (Not a command: its name starts with "_".)

The environment variables are read from `directory.paths`, which names every one, so a new
variable shows up here by itself; only its line of text is kept in this module.
"""

from __future__ import annotations

from directory import paths

# One line per variable, by name. A variable paths.py adds without a line here is still listed
# (a test asks for the line).
ENV_LINES = {
    paths.DATA_DIR_ENV: "the local copy, bookmarks and notes (as --data-dir)",
    paths.CONFIG_ENV: "a settings file instead of the one above",
    paths.CACHE_DIR_ENV: 'built country and language tables ("" turns it off)',
    paths.FEED_URL_ENV: "base URL of the signed feed (vsd sync)",
    paths.FEED_ROOT_ENV: "the feed's trusted root.json (vsd sync; then pinned)",
    paths.FEED_MIRRORS_ENV: "other addresses of the feed, tried in order (vsd sync)",
    paths.SYSTEM_CONFIG_DIR_ENV: "folder of the system-wide config.toml (/etc/xdg/vsd)",
    paths.SIGNING_PASSPHRASE_ENV: "passphrase of encrypted feed keys (vsd feed)",
    paths.SYNC_DEADLINE_ENV: "seconds one sync download may take (default 60)",
    paths.HSDS_TOKEN_ENV: "token for vsd import hsds, sent to the API's host only",
    paths.REFERRAL_DIR_ENV: f"folder for referral cards (~/Documents/{paths.REFERRAL_FOLDER})",
    paths.FAULT_INJECT_ENV: "vsd's own tests only: fail a write at a named point",
}

# (command, what it shows); the help is read in 80 columns, so a long command has its line alone.
EXAMPLES = (
    ("vsd", "open the app"),
    ("vsd search kinder telefon deutschland", "Germany's child helplines"),
    ('vsd search --country PL --type "child helpline" --json', ""),
    ("vsd info", "version, size and place of the copy"),
    ("vsd sync --feed URL --root root.json", "the first sync from a signed feed"),
    ("source <(vsd completion bash)", "tab completion (also zsh, fish)"),
)


def env_names() -> list[str]:
    """Every VSD_* variable directory.paths names, in its order."""
    return [v for k, v in vars(paths).items() if k.endswith("_ENV") and isinstance(v, str) and v.startswith("VSD_")]


def _table(rows: list[tuple[str, str]], sep: str = "") -> list[str]:
    width = max(len(a) for a, b in rows if b)
    return [f"  {a:<{width}}  {sep}{b}".rstrip() if b else f"  {a}" for a, b in rows]


def epilog() -> str:
    env = [(name, ENV_LINES.get(name, "see the README")) for name in env_names()]
    return "\n".join(
        [
            "With no command, vsd opens the app on the local copy of the directory; it needs",
            "a terminal (scripts use the commands above). The first run copies the bundled",
            "directory there.",
            "",
            "settings file:",
            f"  {paths.config_path()}",
            "",
            "environment:",
            *_table([*env, ("NO_COLOR", "honoured: the app drops its colours")]),
            "",
            "examples:",
            *_table(list(EXAMPLES), sep="# "),
        ]
    )
