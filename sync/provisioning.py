"""An organisation's install kit for a fleet of caseworker machines (`vsd feed bundle`).

The kit is three files for the system-wide config folder (see `sync.config`):

    root.json      the feed's current trusted root (clients pin it on their first sync)
    config.toml    [sync] feed_url, mirrors, root = "root.json" (relative to the config file), and lock
    INSTALL.txt    the one line that installs both, e.g. into /etc/xdg/vsd/

With `lock`, the kit's feed, mirrors and root win over anything a user sets, so an organisation that
moves its host ships a new config.toml and every client follows on its next sync.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from pathlib import Path

from directory.atomic import write_bytes_atomic
from directory.settings import SYNC_LOCKABLE

from .client import load_root, normalise_feed_url
from .errors import PublishError
from .publisher import Publisher

# Where platformdirs puts the site config on Linux ($XDG_CONFIG_DIRS' first entry, by default /etc/xdg).
DEFAULT_INSTALL_DIR = Path("/etc/xdg/vsd")


@dataclass(frozen=True)
class Bundle:
    out: Path
    files: list[Path]
    install: str


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string once DEL (raw in JSON, not allowed in TOML) is escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def config_text(feed_url: str, mirrors: list[str], *, lock: bool) -> str:
    lines = [
        "# vsd: this organisation's signed feed. Installed in the system config folder,",
        "# it applies to every user of the machine (`vsd info` shows where each setting comes from).",
        "[sync]",
        f"feed_url = {_toml_string(feed_url)}",
        f"mirrors = [{', '.join(_toml_string(m) for m in mirrors)}]",
        'root = "root.json"',
    ]
    if lock:
        lines.append(f"lock = [{', '.join(_toml_string(k) for k in SYNC_LOCKABLE)}]")
    return "\n".join(lines) + "\n"


def write_bundle(
    pub: Publisher,
    out: Path,
    feed_url: str,
    mirrors: list[str] | None = None,
    *,
    lock: bool = True,
    install_dir: Path = DEFAULT_INSTALL_DIR,
) -> Bundle:
    """Write the kit into `out` (created; existing kit files are replaced, nothing else is touched)."""
    url = normalise_feed_url(feed_url)
    alternates = [m for m in dict.fromkeys(normalise_feed_url(m) for m in mirrors or []) if m != url]
    root = pub.metadata_dir / "root.json"
    if not root.is_file():
        raise PublishError(f"{pub.dir} is not a feed directory (no repo/metadata/root.json)")
    raw = load_root(root)  # the kit never ships a root that does not verify
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    install = (
        f"sudo install -D -m 0644 -t {shlex.quote(str(install_dir))} root.json config.toml"
        "   # run in this folder; then `vsd sync` needs no options"
    )
    files = {
        "root.json": raw,
        "config.toml": config_text(url, alternates, lock=lock).encode("utf-8"),
        "INSTALL.txt": (install + "\n").encode("utf-8"),
    }
    for name, data in files.items():
        write_bytes_atomic(out / name, data, mode=0o644)
    return Bundle(out, [out / n for n in files], install)
