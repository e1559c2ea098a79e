"""Where the bundled snapshot of the directory lives, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

# The package's own folder (importlib.resources.files would say the same for an installed package,
# and costs 16 ms of imports on every start).
HERE = Path(__file__).resolve().parent


def bundled_path() -> Path:
    """Path of the bundled `services.json`.

    A wheel carries it inside the package (`directory/_bundled/`); an editable
    install or a checkout reads `data/services.json` at the repository root.
    """
    packaged = HERE / "_bundled" / "services.json"
    if packaged.is_file():
        return packaged
    return HERE.parent / "data" / "services.json"


def schema_path() -> Path:
    """Path of the JSON Schema `vsd.services/1` shipped inside the package."""
    return HERE / "schema.json"
