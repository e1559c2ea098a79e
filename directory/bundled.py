"""Where the bundled snapshot of the directory lives, installed or in a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled_path() -> Path:
    """Path of the bundled `services.json`.

    A wheel carries it inside the package (`directory/_bundled/`); an editable
    install or a checkout reads `data/services.json` at the repository root.
    """
    packaged = Path(str(resources.files("directory"))) / "_bundled" / "services.json"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data" / "services.json"


def schema_path() -> Path:
    """Path of the JSON Schema `vsd.services/1` shipped inside the package."""
    return Path(str(resources.files("directory"))) / "schema.json"
