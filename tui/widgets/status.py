"""The status line: directory version and age, record count, offline copy / last sync."""

from __future__ import annotations

from textual.widgets import Static


class StatusLine(Static):
    pass
