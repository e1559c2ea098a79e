"""Crash-safe file replacement: a reader sees the old file or the new one, never a mix."""

from __future__ import annotations

import errno
import json
import os
import signal
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import paths

# Tests set this to a point name to kill the process there (SIGKILL, no
# clean-up), proving that a crash at that point leaves a consistent store; or to
# `<point>:<ERRNO NAME>` (e.g. `atomic-write:ENOSPC`) to fail there with that
# OSError, as a full or read-only disk would.
FAULT_ENV = paths.FAULT_INJECT_ENV

# The points of `write_bytes_atomic`, in the order a write passes them.
WRITE_POINTS = ("atomic-temp-created", "atomic-write", "atomic-written", "before-replace", "after-replace")


def fault_point(name: str) -> None:
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    if spec == name:
        os.kill(os.getpid(), signal.SIGKILL)
    point, _, code = spec.partition(":")
    if point == name and isinstance(getattr(errno, code, None), int):
        num = getattr(errno, code)
        raise OSError(num, os.strerror(num))


def write_bytes_atomic(path: Path, data: bytes | Iterable[bytes], *, mode: int | None = None) -> None:
    """Write to a temp file beside `path`, fsync it, rename over `path`, fsync the folder. `data` may
    come in chunks (an export written as it is made).

    The file is private (0600, from mkstemp) unless `mode` says otherwise, e.g.
    0o644 for files a web server must read.
    """
    write_chunks_atomic(path, (data,) if isinstance(data, bytes | bytearray) else data, mode=mode)


def write_chunks_atomic(path: Path, chunks: Iterable[bytes | memoryview], *, mode: int | None = None) -> None:
    """`write_bytes_atomic` for a file written piece by piece, so that it never has to be held whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as f:
            fault_point("atomic-temp-created")
            if mode is not None:
                os.fchmod(f.fileno(), mode)
            fault_point("atomic-write")  # where a full disk fails
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            fault_point("atomic-written")  # written, not yet fsynced
            os.fsync(f.fileno())
        fault_point("before-replace")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
    fault_point("after-replace")


def write_json_atomic(path: Path, obj: Any) -> None:
    write_bytes_atomic(path, json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def fsync_dir(folder: Path) -> None:
    """Make a rename durable; not every platform can open a folder, so failure is tolerated."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
