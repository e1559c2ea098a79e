"""A re-import reads imports.json once: `replace` writes from the tables `get` read before the services were
mapped, when the file is still that one; a file written or edited in between is read again."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from directory import layers
from directory.layers import Layers, LayerStorage


def _doc(label: str, name: str) -> dict[str, Any]:
    return {"label": label, "source": "f", "kind": "file", "records": [{"id": f"{label}-1", "name": name}]}


FILE = {layers.TABLE: {"1": _doc("x", "Hilfe 1"), "2": _doc("y", "Hilfe 2")}}
NEW = [{"id": "a", "name": "Ajuda ç"}]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The paths LayerStorage reads, in order."""
    seen: list[Path] = []
    read = LayerStorage.read

    def counted(self: LayerStorage) -> Any:
        seen.append(self.path)
        return read(self)

    monkeypatch.setattr(LayerStorage, "read", counted)
    return seen


def _file(folder: Path) -> Path:
    path = folder / layers.IMPORTS_FILE
    path.write_text(json.dumps(FILE, ensure_ascii=False), encoding="utf-8")
    return path


def _replace(lay: Layers, label: str, *, incremental: bool = False) -> dict[str, Any]:
    return lay.replace(
        label, source="f", kind="file", records=NEW, hsds_ids={"a": "h1"}, fetched_at="t", incremental=incremental
    )


def _same_but_stamp(a: bytes, b: bytes) -> bool:
    """The two files alike but for the time of the import (the imported_at of the label written)."""
    stamp = re.compile(rb'"imported_at":"[^"]*"')
    return stamp.sub(b"", a) == stamp.sub(b"", b)


@pytest.mark.parametrize("incremental", [False, True])
def test_a_label_read_then_written_reads_the_file_once(tmp_path: Path, reads: list[Path], incremental: bool) -> None:
    path = _file(tmp_path)
    lay = Layers(tmp_path)
    assert lay.get("x") is not None
    _replace(lay, "x", incremental=incremental)
    assert reads == [path]


def test_a_file_written_meanwhile_is_read_again(tmp_path: Path, reads: list[Path]) -> None:
    _file(tmp_path)
    lay = Layers(tmp_path)
    assert lay.get("x") is not None
    _replace(Layers(tmp_path), "y")  # another import, of another label, while this one maps its services
    _replace(lay, "x")
    assert len(reads) == 3
    assert [d["records"] for d in Layers(tmp_path).layers()] == [NEW, NEW]


def test_a_file_edited_in_place_meanwhile_is_read_again(tmp_path: Path, reads: list[Path]) -> None:
    path = _file(tmp_path)
    lay = Layers(tmp_path)
    assert lay.get("x") is not None
    st = path.stat()
    with open(path, "r+b") as f:  # the same size, the same inode: only its times tell
        f.write(path.read_bytes().replace(b"Hilfe 2", b"Hilfe 9"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    _replace(lay, "x")
    assert len(reads) == 2
    assert [r["name"] for d in Layers(tmp_path).layers() for r in d["records"]] == ["Ajuda ç", "Hilfe 9"]


@pytest.mark.parametrize("incremental", [False, True])
def test_the_bytes_written_from_the_kept_read_are_those_of_a_fresh_read(tmp_path: Path, incremental: bool) -> None:
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    _file(ours)
    shutil.copytree(ours, theirs)
    kept = Layers(ours)
    kept.get("x")
    _replace(kept, "x", incremental=incremental)
    _replace(Layers(theirs), "x", incremental=incremental)
    assert _same_but_stamp((ours / layers.IMPORTS_FILE).read_bytes(), (theirs / layers.IMPORTS_FILE).read_bytes())
