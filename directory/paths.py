"""Every place vsd keeps files, and every `VSD_*` environment variable, in one module.

data dir    the local store (directory, user data, sync state): --data-dir, $VSD_DATA_DIR, else the
            platform's user data dir (~/.local/share/vsd on Linux)
config      $VSD_CONFIG, else <user config dir>/vsd/config.toml (~/.config/vsd/config.toml)
system      $VSD_SYSTEM_CONFIG_DIR/config.toml, else <site config dir>/vsd/config.toml
            (/etc/xdg/vsd/config.toml): an organisation's feed, mirrors and root, optionally locked
cache       built country and language tables: $VSD_CACHE_DIR ("" turns it off), else the user cache dir
referrals   $VSD_REFERRAL_DIR, else "vsd-referrals" in the user's documents folder: created 0700, cards 0600
feed        $VSD_FEED_URL, $VSD_FEED_ROOT, $VSD_FEED_MIRRORS (see directory.setting_sources);
            $VSD_KEY_PASSPHRASE and $VSD_KEY_<ROLE> for the publisher's keys (sync.signers)
hsds token  $VSD_HSDS_TOKEN: sent as a bearer token by `vsd import hsds` to the API's own host, never stored
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import site_config_path, user_cache_path, user_config_path, user_data_path, user_documents_path

APP = "vsd"
DATA_DIR_ENV = "VSD_DATA_DIR"
CONFIG_ENV = "VSD_CONFIG"
CACHE_DIR_ENV = "VSD_CACHE_DIR"
FEED_URL_ENV = "VSD_FEED_URL"
FEED_ROOT_ENV = "VSD_FEED_ROOT"
FEED_MIRRORS_ENV = "VSD_FEED_MIRRORS"
SYSTEM_CONFIG_DIR_ENV = "VSD_SYSTEM_CONFIG_DIR"
SIGNING_PASSPHRASE_ENV = "VSD_KEY_PASSPHRASE"
SYNC_DEADLINE_ENV = "VSD_SYNC_DEADLINE"
HSDS_TOKEN_ENV = "VSD_HSDS_TOKEN"
REFERRAL_DIR_ENV = "VSD_REFERRAL_DIR"
REFERRAL_FOLDER = "vsd-referrals"
FAULT_INJECT_ENV = "VSD_FAULT_INJECT"  # tests only: crash at a named point of a write


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The store's folder: the one given (--data-dir), else $VSD_DATA_DIR, else the platform's."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env) if env else user_data_path(APP, appauthor=False)


def chosen_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The folder the user chose (--data-dir or $VSD_DATA_DIR), or None for the platform default."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env) if env else None


def config_path() -> Path:
    env = os.environ.get(CONFIG_ENV)
    return Path(env) if env else user_config_path(APP, appauthor=False) / "config.toml"


def system_config_path() -> Path:
    """The organisation-wide config (installed by `vsd feed bundle`'s kit); $VSD_SYSTEM_CONFIG_DIR for tests."""
    env = os.environ.get(SYSTEM_CONFIG_DIR_ENV)
    folder = Path(env) if env else site_config_path(APP, appauthor=False)
    return folder / "config.toml"


def cache_dir() -> Path | None:
    """Where built tables are kept between runs; None when $VSD_CACHE_DIR is set empty."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env is not None:
        return Path(env) if env.strip() else None
    return user_cache_path(APP, appauthor=False)


def referral_dir() -> Path:
    """Where referral cards are saved by default: a folder of their own that only the user can read.

    Not the current directory: a card names a victim's service and may carry a note, and the
    current directory may be shared, synced or world-readable."""
    env = os.environ.get(REFERRAL_DIR_ENV)
    return Path(env) if env else user_documents_path() / REFERRAL_FOLDER
