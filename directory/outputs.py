"""Where vsd may write a file the user asked for: only a regular file, and a private one.

An export must never replace or feed something that is not ours: a device (as root,
`/dev/null` would be replaced), a FIFO (the write would block, or feed another
program), a socket, a directory or a symbolic link (which could point anywhere).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .loading import special_file_kind
from .safe_text import plain


class OutputRefused(Exception):
    """One line saying why this path cannot be written."""


def output_target(path: str | os.PathLike[str], *, replace: bool) -> tuple[Path, bool]:
    """(the path, whether a regular file is already there). Refuses links and special files, and
    an existing file unless `replace`."""
    p = Path(path)
    try:
        st = p.lstat()
    except FileNotFoundError:
        return p, False
    except OSError as e:
        raise OutputRefused(f"{plain(str(p))}: cannot use it as the output ({e.strerror or e})") from None
    if stat.S_ISLNK(st.st_mode):
        raise OutputRefused(f"{plain(str(p))}: is a symbolic link; give the path of a regular file")
    kind = special_file_kind(st.st_mode)
    if kind is not None:
        raise OutputRefused(f"{plain(str(p))}: is {kind}; only regular files are written")
    if not replace:
        raise OutputRefused(f"{plain(str(p))}: exists")
    return p, True


def private_folder(folder: Path) -> Path:
    """Create `folder` readable by its owner only (0700); an existing folder is used as it is."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder
