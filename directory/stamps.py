"""Which install of a package some derived data was built from (for the disk caches' keys)."""

from __future__ import annotations


def library_stamp(*packages: str) -> str:
    """Which install of some packages a cached table was built from, found without importing them
    (pycountry's import alone costs ~40 ms): the path, size and time of each one's __init__.py,
    which an upgrade or a reinstall rewrites."""
    import importlib.util
    import os

    out = []
    for name in packages:
        try:
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec else None
            st = os.stat(origin) if origin else None
        except (ImportError, ValueError, OSError):
            st = origin = None
        out.append(f"{name} {origin} {st.st_size} {st.st_mtime_ns}" if st else f"{name} ?")
    return "|".join(out)


def module_stamp(*names: str) -> str:
    """Which version of some of this package's files a cached table was built from: each one's
    size and time (an edit or an upgrade rewrites them). `names` are file names beside this module."""
    import os
    from pathlib import Path

    here = Path(__file__).parent
    out = []
    for name in names:
        try:
            st = os.stat(here / name)
            out.append(f"{name} {st.st_size} {st.st_mtime_ns}")
        except OSError:
            out.append(f"{name} ?")
    return "|".join(out)
