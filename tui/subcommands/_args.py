"""What every command reads from its parsed arguments."""

from __future__ import annotations

import argparse
from pathlib import Path

from directory import paths


def data_dir(args: argparse.Namespace) -> Path | None:
    """--data-dir, else $VSD_DATA_DIR, else None (the platform default)."""
    return paths.chosen_data_dir(getattr(args, "data_dir", None))
