"""Textual's own command-palette words, marked here so that the catalogs translate them too.

Textual's system commands (`App.get_system_commands`) are English; `VsdApp.get_system_commands` shows
them through `_()`. Nothing imports this module: it exists for `pybabel extract` (make catalogs).
"""

from __future__ import annotations

from directory.i18n import N_

WORDS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
)
