"""The files of a tabular data package, from a folder or a zip, read with every guard an untrusted archive needs.

A data package names its tables by path relative to `datapackage.json`. Those paths come from the
package, so each is checked before anything is read: no absolute path, no `..`, no URL (vsd reads
no network here), and in a folder nothing a symlink leads outside it. Zips are never extracted to
disk; a member is read into memory only when the package names it, and the whole package may
unpack to at most `max_bytes` (by default the importer's limit for one file, MAX_FILE_BYTES): a
member whose header claims more is refused before it is read, and one whose header lies is cut
off at the limit. Encrypted members, too many members and a corrupt archive are refused.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from ..errors import InputError
from ..loading import MAX_FILE_BYTES, read_file_bytes

DESCRIPTOR = "datapackage.json"
# Far above any HSDS package (3.0 has 21 tables) yet a bound on the central directory read into memory.
MAX_ZIP_MEMBERS = 10_000
_CHUNK = 1 << 20


def _size(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB" if n >= 2**20 else f"{n:,} bytes"


def check_relative(rel: str, where: str) -> str:
    """A resource path from the package, as a safe relative POSIX path; InputError for anything else."""
    if not isinstance(rel, str) or not rel.strip():
        raise InputError(f"{where}: a resource path must be a non-empty string")
    if "://" in rel or rel.lower().startswith(("http:", "https:", "ftp:", "file:")):
        raise InputError(
            f"{where}: {rel[:120]} is a URL; vsd reads only the files of the package: "
            "download the table next to datapackage.json and name it by its file name"
        )
    if "\\" in rel or "\x00" in rel:
        raise InputError(f"{where}: {rel[:120]!r} is not a plain relative path")
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or (len(rel) > 1 and rel[1] == ":"):
        raise InputError(f"{where}: {rel[:120]} points outside the package; refused")
    return posixpath.normpath(rel)


class PackageFiles:
    """Where a package's files are, and a byte budget for all that is read from it."""

    def __init__(self, label: str, max_bytes: int) -> None:
        self.label = label
        self.budget = max_bytes
        self.max_bytes = max_bytes

    def where(self, rel: str) -> str:
        return f"{self.label}/{rel}" if self.label else rel

    def has(self, rel: str) -> bool:
        raise NotImplementedError

    def read(self, rel: str) -> bytes:
        raise NotImplementedError

    def _spend(self, n: int, rel: str) -> None:
        if n > self.budget:
            raise InputError(
                f"{self.where(rel)}: the package unpacks to more than the {_size(self.max_bytes)} "
                "an import may read; refused"
            )
        self.budget -= n


class FolderFiles(PackageFiles):
    def __init__(self, root: Path, max_bytes: int = MAX_FILE_BYTES) -> None:
        super().__init__(str(root), max_bytes)
        self.root = root.resolve()

    def _path(self, rel: str) -> Path:
        p = (self.root / rel).resolve()
        if not p.is_relative_to(self.root):
            raise InputError(f"{self.where(rel)}: a link leading outside the package folder; refused")
        return p

    def has(self, rel: str) -> bool:
        return self._path(rel).exists()

    def read(self, rel: str) -> bytes:
        raw = read_file_bytes(self._path(rel), what="a table of the package", max_bytes=max(self.budget, 1))
        self._spend(len(raw), rel)
        return raw


class ZipFiles(PackageFiles):
    """A zip held in memory, its package rooted where its (one, shallowest) datapackage.json is."""

    def __init__(self, raw: bytes, label: str, max_bytes: int = MAX_FILE_BYTES) -> None:
        super().__init__(label, max_bytes)
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(raw))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as e:
            raise InputError(f"{label}: not a readable zip archive ({e})") from None
        if len(infos) > MAX_ZIP_MEMBERS:
            raise InputError(f"{label}: the zip holds {len(infos):,} files, more than {MAX_ZIP_MEMBERS:,}; refused")
        self.members = {i.filename: i for i in infos if not i.is_dir()}
        self.base = ""

    def descriptors(self) -> list[str]:
        return sorted((n for n in self.members if posixpath.basename(n) == DESCRIPTOR), key=lambda n: (n.count("/"), n))

    def root_at(self, descriptor: str) -> None:
        self.base = posixpath.dirname(descriptor)

    def _member(self, rel: str) -> str:
        return posixpath.join(self.base, rel) if self.base else rel

    def where(self, rel: str) -> str:
        return f"{self.label}:{self._member(rel)}"

    def has(self, rel: str) -> bool:
        return self._member(rel) in self.members

    def names(self) -> list[str]:
        """Every file name in the zip (for messages)."""
        return sorted(self.members)

    def read(self, rel: str) -> bytes:
        info = self.members.get(self._member(rel))
        if info is None:
            raise InputError(f"{self.where(rel)}: not in the zip")
        if info.flag_bits & 0x1:
            raise InputError(f"{self.where(rel)}: encrypted; vsd reads only unencrypted zips")
        if info.file_size > self.budget:
            self._spend(info.file_size, rel)  # refuses, naming the limit, before anything is unpacked
        out = bytearray()
        try:
            with self.zf.open(info) as f:
                while chunk := f.read(_CHUNK):
                    out += chunk
                    if len(out) > self.budget:  # the header understated the size: a zip bomb
                        self._spend(len(out), rel)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError) as e:
            raise InputError(f"{self.where(rel)}: cannot unpack ({e})") from None
        self._spend(len(out), rel)
        return bytes(out)
