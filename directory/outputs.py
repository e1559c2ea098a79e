"""Where vsd may write a file or folder the user asked for: only a regular file, or a new, empty or
earlier-export folder.

An export must never replace or feed something that is not ours: a device (as root,
`/dev/null` would be replaced), a FIFO (the write would block, or feed another
program), a socket, a directory or a symbolic link (which could point anywhere).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

from .atomic import fsync_dir
from .loading import special_file_kind
from .safe_text import plain


class More(bytes):
    """Bytes to add to the end of a file `write_tree` was given before (a table, a page of every service)."""


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


def public_mode(*, folder: bool = False) -> int:
    """The mode of an export others may read: 0644 (0755 for a folder) under the usual umask 022;
    a stricter umask (077) keeps it private."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if folder else 0o666) & ~umask


def output_folder(path: str | os.PathLike[str], *, replace: bool, is_ours: Callable[[Path], bool]) -> Path:
    """The folder to write a tree of files into: a new one, an empty one, or with `replace` one that
    `is_ours` recognises as an earlier export (it is replaced as a whole). Refuses links, special files,
    regular files and any other folder."""
    p = Path(path)
    try:
        st = p.lstat()
    except FileNotFoundError:
        return p
    except OSError as e:
        raise OutputRefused(f"{plain(str(p))}: cannot use it as the output ({e.strerror or e})") from None
    if stat.S_ISLNK(st.st_mode):
        raise OutputRefused(f"{plain(str(p))}: is a symbolic link; give the path of a folder")
    if not stat.S_ISDIR(st.st_mode):
        kind = special_file_kind(st.st_mode) or "a file"
        raise OutputRefused(f"{plain(str(p))}: is {kind}; give the path of a new or empty folder")
    if not any(p.iterdir()):
        return p
    if not is_ours(p):
        raise OutputRefused(f"{plain(str(p))}: is a folder with other files in it; give a new or empty folder")
    if not replace:
        raise OutputRefused(f"{plain(str(p))}: exists")
    return p


def write_tree(folder: Path, files: Mapping[str, bytes] | Iterable[tuple[str, bytes]]) -> None:
    """Write `files` (relative path -> bytes) as `folder`, all or nothing. They are written into a new
    folder beside it first. A new `folder` is that one renamed; an existing one (empty, or an earlier
    export) stays the same folder (a shell may be in it): its entries are set aside, the new ones moved in,
    and the old ones removed only then (or put back if a move fails). `files` may also come as
    (path, bytes) pairs, made as they are written: a path named again is written anew, or added to
    when its bytes come as `More`."""
    folder = folder.absolute()
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    try:
        _write_files(tmp, files)
        if not folder.is_dir():
            os.chmod(tmp, public_mode(folder=True))
            os.replace(tmp, folder)
        else:
            _swap_entries(folder, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    fsync_dir(parent)


def _write_files(root: Path, files: Mapping[str, bytes] | Iterable[tuple[str, bytes]]) -> None:
    written: set[str] = set()
    recent: OrderedDict[str, BinaryIO] = OrderedDict()  # files still open: those written to last
    try:
        for rel, data in files.items() if isinstance(files, Mapping) else files:
            if rel in written:
                f = recent.pop(rel, None) or open(root / rel, "ab")  # noqa: SIM115 - closed below
                if not isinstance(data, More):
                    f.seek(0)
                    f.truncate()
            else:
                f = _create(root, rel)
                written.add(rel)
            f.write(data)
            recent[rel] = f
            if len(recent) > _OPEN_FILES:
                recent.popitem(last=False)[1].close()
    finally:
        for f in recent.values():
            f.close()


# Files kept open while an export is written in pieces (a table, a page of all services); others are reopened.
_OPEN_FILES = 32


def _create(root: Path, rel: str) -> BinaryIO:
    target = root / rel
    if not target.resolve().is_relative_to(root.resolve()):
        raise ValueError(f"{rel}: not a path inside the export")
    target.parent.mkdir(mode=public_mode(folder=True), parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, public_mode())
    return os.fdopen(fd, "wb")


def _swap_entries(folder: Path, new: Path) -> None:
    """`folder`'s entries replaced by those of `new` (a sibling folder), putting the old ones back on failure."""
    old = new / ".old"
    old.mkdir()
    set_aside = []
    moved_in = []
    try:
        for entry in list(folder.iterdir()):
            os.replace(entry, old / entry.name)
            set_aside.append(entry.name)
        for entry in list(new.iterdir()):
            if entry != old:
                os.replace(entry, folder / entry.name)
                moved_in.append(entry.name)
    except BaseException:
        for name in moved_in:
            os.replace(folder / name, new / name)
        for name in set_aside:
            os.replace(old / name, folder / name)
        raise
